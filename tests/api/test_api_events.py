"""GET /api/events (server-side filters, sort, pages, true totals, identity), /api/events.csv,
/api/dyad, /api/actors and /api/network against the real server."""
from __future__ import annotations

import csv
import io

from .api_helpers import ok


def test_events_dyad_finds_the_request(api):
    data = ok(api.get("/api/events", params={"a": "ARM", "b": "CSTO"}))
    requests = [e for e in data["items"] if e["type"] == "REQUEST"]
    assert len(requests) == 1
    event = requests[0]
    assert (event["source"], event["target"], event["article_id"]) == ("ARM", "CSTO", "t-arm-request")
    assert event["date_start"] == "2022-09-19" and event["quad"] in (1, 2, 3, 4) and isinstance(event["score"], float)
    assert "asked the CSTO for help" in event["evidence"] and event["evidence_span"] == [0, len(event["evidence"])]
    assert data["total"] == len(data["items"]) == 4  # the request, two refusals and a complaint, both directions
    assert {(e["source"], e["target"]) for e in data["items"]} == {("ARM", "CSTO"), ("CSTO", "ARM")}
    directed = ok(api.get("/api/events", params={"a": "CSTO", "b": "ARM", "type": "REJECT"}))
    assert directed["total"] == 2 and {e["article_id"] for e in directed["items"]} == {"t-csto-reply", "t-r1"}


def test_events_filters_and_paging(api):
    everything = ok(api.get("/api/events", params={"limit": 1000}))
    assert everything["total"] == len(everything["items"])
    assert ok(api.get("/api/events", params={"type": "SANCTION"}))["items"][0]["source"] == "EU"
    russia = ok(api.get("/api/events", params={"actor": "RUS"}))
    assert russia["total"] >= 3 and all("RUS" in (e["source"], e["target"]) for e in russia["items"])
    window = ok(api.get("/api/events", params={"start": "2023-01-01", "end": "2023-12-31"}))
    assert window["total"] >= 3 and all(e["date_start"] >= "2023-01-01" for e in window["items"])
    page = ok(api.get("/api/events", params={"limit": 2, "offset": 1}))
    assert page["total"] == everything["total"] and page["items"] == everything["items"][1:3]
    assert ok(api.get("/api/events", params={"q": "SANCTIONS"}))["total"] == 1
    negated = [e for e in everything["items"] if e["negated"]]
    hypothetical = [e for e in everything["items"] if e["hypothetical"]]
    assert negated and hypothetical
    kept = ok(api.get("/api/events", params={"negated": "false", "hypothetical": "false", "limit": 1000}))
    assert kept["total"] == everything["total"] - len(negated) - len(hypothetical)
    assert not any(e["negated"] or e["hypothetical"] for e in kept["items"])
    newest = ok(api.get("/api/events", params={"order": "-date", "limit": 1}))["items"][0]
    assert newest["date_start"] == max(e["date_start"] for e in everything["items"])


def test_every_event_carries_its_identity(api):
    for event in ok(api.get("/api/events", params={"limit": 1000}))["items"]:
        assert len(event["article_key"]) == 64 and isinstance(event["idx"], int)
        assert event["event_id"] == f"{event['article_key']}:{event['idx']}"


def test_sorting_and_paging_happen_on_the_server_with_the_true_total(api):
    everything = ok(api.get("/api/events", params={"limit": 1000}))["items"]
    for order, key, reverse in (("source", "source", False), ("-source", "source", True), ("type", "type", False),
                                ("-score", "score", True), ("target", "target", False)):
        pages, offset = [], 0
        while True:
            page = ok(api.get("/api/events", params={"order": order, "limit": 3, "offset": offset}))
            assert page["total"] == len(everything), order
            pages += page["items"]
            offset += 3
            if offset >= page["total"]:
                break
        values = [e[key] for e in pages if e[key] is not None]
        assert values == sorted(values, reverse=reverse), order
        assert sorted(e["event_id"] for e in pages) == sorted(e["event_id"] for e in everything), order


def test_cursor_pages_cover_every_event_once(api):
    seen, cursor = [], None
    for _ in range(50):
        params = {"order": "-date", "limit": 4, **({"cursor": cursor} if cursor else {})}
        page = ok(api.get("/api/events", params=params))
        seen += [e["event_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == page["total"]


def test_csv_streams_every_matching_row_with_the_same_filters(api):
    for params in ({}, {"actor": "ARM", "order": "-date"}, {"type": "REJECT"}, {"start": "2023-01-01"}):
        listing = ok(api.get("/api/events", params={**params, "limit": 1000}))
        response = api.get("/api/events.csv", params=params)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["event_id"] for r in rows] == [e["event_id"] for e in listing["items"]], params
        assert len(rows) == listing["total"] == int(response.headers["x-total-count"])
        for row, event in zip(rows, listing["items"]):
            assert row["evidence"] == event["evidence"] and float(row["score"]) == event["score"]
    assert api.get("/api/events.csv", params={"type": "INVADE"}).status_code == 422


def test_dyad_series_and_milestones(api):
    data = ok(api.get("/api/dyad", params={"a": "ARM", "b": "CSTO"}))
    assert (data["a"], data["b"], data["interval"]) == ("ARM", "CSTO", "month")
    periods = {p["period"]: p for p in data["series"]}
    assert periods["2022-09-01"]["counts"] == {"REQUEST": 1} and periods["2022-09-01"]["events"] == 1
    assert periods["2022-10-01"]["counts"] == {"REJECT": 2, "ACCUSE": 1} and periods["2022-10-01"]["events"] == 3
    assert periods["2022-10-01"]["score"] < 0
    assert any(m["member"] == "ARM" and m["status"] == "frozen" and m["date"].startswith("2024-02")
               for m in data["milestones"])
    weekly = ok(api.get("/api/dyad", params={"a": "CSTO", "b": "ARM", "interval": "week", "start": "2022-09-01",
                                             "end": "2022-09-30"}))
    assert [p["events"] for p in weekly["series"]] == [1] and weekly["series"][0]["period"] == "2022-09-19"


def test_actors(api):
    data = ok(api.get("/api/actors"))
    keys = {a["key"]: a for a in data}
    assert {"ARM", "CSTO", "RUS", "AZE", "EU", "FRA"} <= set(keys)
    assert keys["ARM"]["events"] >= 4 and keys["ARM"]["mentions"] >= 1
    assert [a["key"] for a in ok(api.get("/api/actors", params={"q": "azer"}))] == ["AZE"]
    assert len(ok(api.get("/api/actors", params={"limit": 2}))) == 2


def test_network(api):
    data = ok(api.get("/api/network"))
    edges = {(e["source"], e["target"]): e for e in data["edges"]}
    assert ("ARM", "CSTO") in edges and ("EU", "RUS") in edges
    assert {"ARM", "CSTO", "EU", "RUS"} <= {n["key"] for n in data["nodes"]}
    only = ok(api.get("/api/network", params=[("type", "SANCTION"), ("type", "ACCUSE")]))
    assert {(e["source"], e["target"]) for e in only["edges"]} == {("EU", "RUS"), ("RUS", "AZE"), ("FRA", "RUS"),
                                                                   ("ARM", "CSTO")}
    assert ok(api.get("/api/network", params={"min_events": 50}))["edges"] == []
