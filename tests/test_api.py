"""The HTTP API of docs/api.md against the real server.

Articles written for these tests are ingested once (real spaCy model, real DuckDB file in a temporary
directory); ``pactwatch.server.serve_command`` then runs in subprocesses on free loopback ports, and
every endpoint is exercised over HTTP with httpx: one server read-only without an API key, one on a
copy of the store with a key (the write endpoint).
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from pactwatch.kb import build_ledger, load
from pactwatch.ingest import ingest_records
from pactwatch.store import Store, reader

KEY = "test-key-0123456789abcdef"
REFERENCE: dict = {}
ARTICLES = [
    {"id": "t-arm-request", "published": "2022-09-19", "title": "Yerevan appeals to allies", "outlet": "Test Wire",
     "text": "Armenia asked the CSTO for help on Monday.\n"
             "The Armenian prime minister said the country needed military support after the shelling near Jermuk.\n"
             "\"We expect our allies to act,\" Pashinyan said."},
    {"id": "t-csto-reply", "published": "2022-10-03", "title": "Alliance declines", "outlet": "Test Wire",
     "text": "The CSTO refused to send troops to Armenia.\nRussia accused Azerbaijan of escalating the conflict."},
    {"id": "t-sanctions", "published": "2023-05-10", "title": "New measures", "outlet": "Other Daily",
     "text": "The European Union imposed sanctions on Russia on Tuesday.\nFrance criticised Russia over the strikes."},
    {"id": "t-neg", "published": "2023-01-12", "title": "No deployment",
     "text": "Russia did not send peacekeepers to Armenia.\nArmenia may ask the United Nations for observers."},
    {"id": "t-r1", "published": "2022-10-05",
     "text": "On October 4 the CSTO refused to help Armenia.\nOn October 4 Russia sent humanitarian aid to Armenia."},
    {"id": "t-r2", "published": "2022-10-20",
     "text": "Armenia accused the CSTO of ignoring its request for help on October 19."},
]
NEW_ARTICLE = {"id": "t-html", "published": "2024-03-01",
               "html": "<html><head><title>Talks in Brussels</title></head><body><article><p>Armenia and the "
                       "European Union held talks in Brussels on Friday.</p></article></body></html>"}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path, api_key: str | None, log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        code = ("import sys; from pactwatch.server import serve_command; "
                "serve_command(sys.argv[1], '127.0.0.1', int(sys.argv[2]), None, False)")
        env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_API_KEY"}
        if api_key:
            env["PACTWATCH_API_KEY"] = api_key  # the way serve_command takes it when not given
        self.log = log
        self.proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(self.port)], env=env,
                                     stdout=log.open("wb"), stderr=subprocess.STDOUT)
        self.client = httpx.Client(base_url=self.url, timeout=60)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()}")
            try:
                if self.client.get("/api/health").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start: {log.read_text()}")
            time.sleep(0.1)

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def dbs(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("api")
    db = tmp / "store.duckdb"
    summary = ingest_records(ARTICLES, db=db)
    assert summary.added == len(ARTICLES), summary
    with reader(db) as store:
        # what `pactwatch ledger --json` gives over every stored event: the API must agree
        REFERENCE["ledger"] = json.loads(json.dumps([e.to_dict() for e in build_ledger(store.all_event_records(),
                                                                                         load())]))
    writable = tmp / "writable.duckdb"
    shutil.copyfile(db, writable)
    return db, writable


@pytest.fixture(scope="module")
def api(dbs, tmp_path_factory):
    server = Server(dbs[0], None, tmp_path_factory.mktemp("log") / "readonly.log")
    yield server.client
    server.stop()


@pytest.fixture(scope="module")
def writer(dbs, tmp_path_factory):
    server = Server(dbs[1], KEY, tmp_path_factory.mktemp("log") / "writable.log")
    yield server.client
    server.stop()


def ok(response: httpx.Response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def bad(response: httpx.Response, *statuses: int) -> dict:
    assert response.status_code in (statuses or (400, 422)), (response.status_code, response.text)
    body = response.json()
    assert body["detail"], body
    return body


# --- read endpoints ----------------------------------------------------------------------------------

def test_health(api):
    data = ok(api.get("/api/health"))
    assert data["status"] == "ok" and data["articles"] == len(ARTICLES) and data["events"] >= 6


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


def test_quotes(api):
    data = ok(api.get("/api/quotes"))
    assert data["total"] == 1
    quote = data["items"][0]
    assert quote["speaker"] == "Pashinyan" and quote["speaker_actor"] == "ARM" and "allies" in quote["text"]
    assert ok(api.get("/api/quotes", params={"speaker": "pashin"}))["total"] == 1
    assert ok(api.get("/api/quotes", params={"actor": "RUS"}))["total"] == 0
    assert ok(api.get("/api/quotes", params={"q": "allies", "limit": 1, "offset": 0}))["total"] == 1


def test_articles_list_and_one(api):
    data = ok(api.get("/api/articles"))
    assert data["total"] == len(ARTICLES)
    assert [a["id"] for a in data["items"]][0] == "t-sanctions"  # newest first
    assert ok(api.get("/api/articles", params={"limit": 1, "offset": 5}))["items"][0]["id"] == "t-arm-request"
    article = ok(api.get("/api/articles/t-arm-request"))
    text = article["text_clean"]
    assert article["title"] == "Yerevan appeals to allies" and article["events"] and article["quotes"]
    for event in article["events"]:
        start, end = event["evidence_span"]
        assert text[start:end] == event["evidence"]
    for quote in article["quotes"]:
        start, end = quote["span"]
        assert quote["text"] in text[start:end] or text[start:end] in quote["text"]
    assert {a["key"] for a in article["actors"]} >= {"ARM", "CSTO"}


def test_alliances(api):
    data = ok(api.get("/api/alliances"))
    csto = next(t for t in data if t["id"] == "csto")
    assert csto["organisation"] == "CSTO" and "ARM" in csto["members"] and "RUS" in csto["members"]
    detail = ok(api.get("/api/alliances/csto"))
    assert detail["treaty"]["id"] == "csto" and detail["obligations"]
    arm = next(m for m in detail["members"] if m["key"] == "ARM")
    assert arm["status"] == {"legal": "member", "participation": "frozen"}
    frozen = [i for i in arm["participation"] if i["status"] == "frozen"]
    assert frozen and frozen[0]["start"].startswith("2024-02") and frozen[0]["source"].startswith("http")
    before = ok(api.get("/api/alliances/CSTO", params={"on": "2023-06-01"}))  # by organisation key
    assert next(m for m in before["members"] if m["key"] == "ARM")["status"]["participation"] == "active"


def test_obligations(api):
    params = {"attacked": "ARM", "by": "AZE", "where": "Jermuk", "on": "2022-09-13"}
    verdicts = ok(api.get("/api/obligations", params=params))
    csto = [v for v in verdicts if v["treaty"] == "csto" and v["kind"] == "defence"]
    assert len(csto) == 1 and csto[0]["verdict"] == "contested"  # Art. 4: the zone readings disagree
    assert {"steps", "readings", "obligation", "article"} <= set(csto[0])
    assert len({r["inside"] for r in csto[0]["readings"]}) >= 2
    assert ok(api.get("/api/obligations", params={"attacked": "ARM", "on": "2022-09-13", "news": "false"}))
    assert ok(api.get("/api/obligations", params={"attacked": "ZZZ", "on": "2022-09-13"})) == []


def test_ledger(api):
    entries = ok(api.get("/api/ledger"))
    assert isinstance(entries, list) and entries
    assert entries == REFERENCE["ledger"]  # the same as the ledger over every stored event
    entry = next(e for e in entries if e["requester"] == "ARM")
    assert entry["alliance"] == "CSTO" and entry["date"] == "2022-09-19"
    assert entry["requests"][0]["article"] == "t-arm-request" and entry["outcome"] == "aid delivered"
    kinds = {(r["source"], r["kind"]) for r in entry["responses"]}
    assert {("CSTO", "refusal or denial"), ("RUS", "aid delivered"), ("ARM", "requester complains")} <= kinds
    assert ok(api.get("/api/ledger", params={"alliance": "csto", "start": "2022-09-01", "end": "2022-09-30"})) == entries
    assert ok(api.get("/api/ledger", params={"start": "2023-01-01"})) == []
    assert ok(api.get("/api/ledger", params={"alliance": "CSTO", "window_days": 30})) is not None
    assert ok(api.get("/api/ledger", params={"alliance": "nato"})) == []


def test_openapi_and_dashboard(api):
    spec = ok(api.get("/openapi.json"))
    for path in ("/api/events", "/api/dyad", "/api/actors", "/api/network", "/api/quotes", "/api/articles",
                 "/api/articles/{article_id}", "/api/alliances", "/api/alliances/{alliance}", "/api/obligations",
                 "/api/ledger", "/api/health"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    assert api.get("/docs").status_code == 404  # Swagger UI would load from a CDN: turned off
    home = api.get("/")
    if home.status_code == 200:  # the dashboard, when its files are there
        assert home.headers["content-type"].startswith("text/html")


def test_security_headers(api):
    for path in ("/api/health", "/api/events?limit=0", "/api/nothing", "/"):
        response = api.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["content-security-policy"].startswith("default-src 'self'"), path


# --- bad parameters -------------------------------------------------------------------------------------

BAD_REQUESTS = [
    ("/api/events", {"start": "2024-13-45"}),
    ("/api/events", {"end": "2023-02-30"}),
    ("/api/events", {"start": "yesterday"}),
    ("/api/events", {"start": "\uff12\uff10\uff12\uff14-01-01"}),  # full-width digits
    ("/api/events", {"start": "0001-01-01"}),
    ("/api/events", {"end": "9999-12-31"}),
    ("/api/events", {"start": "2024-05-01", "end": "2024-01-01"}),
    ("/api/events", {"actor": "arm"}),
    ("/api/events", {"actor": "A"}),
    ("/api/events", {"actor": "ARM'; DROP TABLE events; --"}),
    ("/api/events", {"a": "ARM"}),
    ("/api/events", {"type": "INVADE"}),
    ("/api/events", {"limit": 0}),
    ("/api/events", {"limit": 5000}),
    ("/api/events", {"limit": "ten"}),
    ("/api/events", {"offset": -1}),
    ("/api/events", {"negated": "perhaps"}),
    ("/api/events", {"order": "random()"}),
    ("/api/events", {"q": "x" * 500}),
    ("/api/dyad", {"a": "ARM"}),
    ("/api/dyad", {"a": "ARM", "b": "csto"}),
    ("/api/dyad", {"a": "ARM", "b": "CSTO", "interval": "decade"}),
    ("/api/dyad", {"a": "ARM", "b": "CSTO", "start": "2024-02-30"}),
    ("/api/actors", {"limit": 0}),
    ("/api/actors", {"limit": 5000}),
    ("/api/network", {"type": "SANCTIONS"}),
    ("/api/network", {"min_events": 0}),
    ("/api/network", {"start": "2024-1-1"}),
    ("/api/quotes", {"actor": "Russia"}),
    ("/api/quotes", {"limit": 1001}),
    ("/api/quotes", {"offset": "-5"}),
    ("/api/articles", {"limit": 0}),
    ("/api/articles", {"offset": "x"}),
    ("/api/alliances/csto", {"on": "2024-13-45"}),
    ("/api/obligations", {"attacked": "ARM"}),
    ("/api/obligations", {"on": "2022-09-13"}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-31"}),
    ("/api/obligations", {"attacked": "ARM", "on": "0001-01-01"}),
    ("/api/obligations", {"attacked": "ARM", "on": "9999-12-31"}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-13", "where": "x" * 101}),
    ("/api/obligations", {"attacked": "arm", "on": "2022-09-13"}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-13", "by": "azerbaijan"}),
    ("/api/ledger", {"window_days": 0}),
    ("/api/ledger", {"window_days": "forever"}),
    ("/api/ledger", {"alliance": "CSTO OR 1=1"}),
    ("/api/ledger", {"start": "2022-02-29"}),
    ("/api/ledger", {"start": "2023-01-01", "end": "2022-01-01"}),
]


@pytest.mark.parametrize("path,params", BAD_REQUESTS, ids=[f"{p}?{q}" for p, q in BAD_REQUESTS])
def test_bad_parameters_are_4xx(api, path, params):
    body = bad(api.get(path, params=params))
    assert isinstance(body["detail"], str)


@pytest.mark.parametrize("path", ["/api/articles/no-such-article", "/api/alliances/no_such_pact",
                                  "/api/nothing/here"])
def test_unknown_ids_are_404(api, path):
    bad(api.get(path), 404)


def test_unknown_alliance_in_ledger_is_404(api):
    bad(api.get("/api/ledger", params={"alliance": "WARSAW"}), 404)


def test_odd_text_is_harmless(api):
    for params in ({"q": "\x00"}, {"q": "%_'\"\\"}, {"q": "\u00e9\u4e2d"}):
        assert ok(api.get("/api/events", params=params))["total"] == 0
    assert ok(api.get("/api/quotes", params={"speaker": "%"}))["total"] == 0
    bad(api.get("/api/articles/%00"), 404)
    bad(api.get("/api/articles/" + "x" * 301), 422)


def test_bad_date_message_is_clear(api):
    body = bad(api.get("/api/events", params={"start": "2024-13-45"}), 422)
    assert "start" in body["detail"] and "2024-13-45" in body["detail"]


def test_wrong_method_is_405(api):
    bad(api.delete("/api/events"), 405)


def test_create_app_refuses_what_cannot_work(tmp_path):
    from pactwatch.errors import InputError
    from pactwatch.server import create_app

    with pytest.raises(InputError, match="no such store"):
        create_app(tmp_path / "missing.duckdb")
    with pytest.raises(InputError, match="at least 16"):
        create_app(tmp_path / "new.duckdb", api_key="short")


# --- the write endpoint ------------------------------------------------------------------------------------

def test_write_is_off_without_a_key(api):
    bad(api.post("/api/articles", json={"articles": [NEW_ARTICLE]}), 404)
    bad(api.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers={"X-API-Key": KEY}), 404)
    bad(api.post("/api/articles", content=b"{not json", headers={"X-API-Key": KEY}), 404)


def test_write_needs_the_key(writer):
    bad(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}), 403)
    bad(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers={"X-API-Key": "wrong" * 5}), 403)
    bad(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers={"X-API-Key": KEY[:-1]}), 403)
    assert ok(writer.get("/api/health"))["articles"] == len(ARTICLES)


@pytest.mark.parametrize("body", [
    {"articles": []},
    {"articles": [{"id": "x"}]},
    {"articles": [{"text": "Armenia asked the CSTO for help."}]},
    {"articles": [{"id": "x", "text": "Armenia asked the CSTO for help.", "published": "2024-13-45"}]},
    {"articles": [{"id": "x", "text": 42}]},
    {"articles": [{"id": "x", "text": "a", "colour": "red"}]},
    {"articles": [{"id": f"a{i}", "text": "Armenia asked the CSTO for help."} for i in range(1001)]},
    {"posts": []},
    [1, 2, 3],
])
def test_write_rejects_bad_bodies(writer, body):
    bad(writer.post("/api/articles", json=body, headers={"X-API-Key": KEY}), 422)


def test_write_rejects_malformed_and_huge_bodies(writer):
    bad(writer.post("/api/articles", content=b"{not json", headers={"X-API-Key": KEY,
                                                                    "Content-Type": "application/json"}), 422)
    bad(writer.post("/api/articles", content=b"x" * (33 * 1024 * 1024), headers={"X-API-Key": KEY}), 413)


def test_write_adds_once(writer):
    result = ok(writer.post("/api/articles", json={"articles": [NEW_ARTICLE]}, headers={"X-API-Key": KEY}))
    assert (result["added"], result["skipped"], result["failed"]) == (1, 0, 0), result
    article = ok(writer.get("/api/articles/t-html"))
    assert article["title"] == "Talks in Brussels" and "Brussels" in article["text_clean"]
    assert ok(writer.get("/api/events", params={"actor": "ARM", "start": "2024-03-01"}))["items"][0]["article_id"] == "t-html"
    health = ok(writer.get("/api/health"))
    again = ok(writer.post("/api/articles", json={"articles": [NEW_ARTICLE, ARTICLES[0]]}, headers={"X-API-Key": KEY}))
    assert (again["added"], again["skipped"]) == (0, 2), again
    assert ok(writer.get("/api/health")) == health
    empty = ok(writer.post("/api/articles", json={"articles": [{"id": "blank", "text": "   "}]},
                           headers={"X-API-Key": KEY}))
    assert empty["failed"] == 1 and empty["errors"]


def test_reads_go_on_during_a_write(writer):
    """One process, one writer and concurrent readers on their own connections."""
    import concurrent.futures

    batch = [{"id": f"t-bulk-{i}", "published": "2024-04-0{}".format(1 + i % 9),
              "text": f"France held talks with Germany in Paris on day {i}.\nRussia accused Ukraine of shelling {i} villages."}
             for i in range(40)]
    with concurrent.futures.ThreadPoolExecutor(9) as pool:
        post = pool.submit(writer.post, "/api/articles", json={"articles": batch}, headers={"X-API-Key": KEY})
        reads = [pool.submit(writer.get, path, params=params) for _ in range(10) for path, params in (
            ("/api/events", {"actor": "ARM"}), ("/api/dyad", {"a": "ARM", "b": "CSTO"}), ("/api/health", {}),
            ("/api/actors", {}), ("/api/network", {}))]
        statuses = [r.result().status_code for r in reads]
        result = ok(post.result())
    assert statuses == [200] * len(statuses)
    assert result["added"] == len(batch)
    assert ok(writer.get("/api/events", params={"a": "FRA", "b": "DEU", "limit": 1000}))["total"] >= len(batch)


def test_an_unexpected_error_is_a_json_503_not_a_500(dbs, monkeypatch):
    """The last line of defence, in process: a store method that fails is logged and answered in JSON."""
    import asyncio

    from pactwatch.server import create_app

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "counts", broken)
    app = create_app(dbs[0])

    async def run() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/api/health"), await client.get("/api/alliances")

    response, after = asyncio.run(run())
    app.state.stores.close()
    assert response.status_code == 503 and "logged" in response.json()["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert after.status_code == 200  # the app goes on
