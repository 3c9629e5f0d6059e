"""Alliances, obligations and the ledger over HTTP."""
from __future__ import annotations

from .api_helpers import REFERENCE, bad, ok


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


def test_ledger_citations_link_to_the_stored_event(api):
    entry = next(e for e in ok(api.get("/api/ledger")) if e["requester"] == "ARM")
    for citation in [*entry["requests"], *(r["citation"] for r in entry["responses"])]:
        article = ok(api.get(f"/api/article/{citation['article_key']}"))
        assert next(e for e in article["events"] if e["idx"] == citation["idx"])["evidence"] == citation["evidence"]


def test_unknown_alliance_in_ledger_is_404(api):
    body = bad(api.get("/api/ledger", params={"alliance": "WARSAW"}), 404)
    assert "WARSAW" in body["detail"] and body["suggestions"] == []
    assert any("csto" in s.lower() for s in bad(api.get("/api/ledger", params={"alliance": "CTSO"}), 404)["suggestions"])
    assert any("csto" in s.lower() for s in bad(api.get("/api/alliances/CTSO"), 404)["suggestions"])


def test_alliances_by_any_name_lookup_accepts(api):
    assert ok(api.get("/api/ledger", params={"alliance": "OTAN"})) == ok(api.get("/api/ledger", params={"alliance": "nato"}))
    assert ok(api.get("/api/alliances/OTAN"))["treaty"]["organisation"] == "NATO"


def test_obligations_without_a_place_say_what_they_assumed(api):
    # issue 9: no place given -> the attacked state's own territory, and the response says so
    verdicts = ok(api.get("/api/obligations", params={"attacked": "EST", "by": "RUS", "on": "2025-06-01"}))
    art5 = next(v for v in verdicts if v["obligation"] == "nato-art5")
    assert art5["verdict"] == "engaged" and art5["stage"] == "engaged by the text"
    assert all(v["note"] and "No place was given" in v["note"] for v in verdicts)
    placed = ok(api.get("/api/obligations", params={"attacked": "EST", "where": "Tallinn", "on": "2025-06-01"}))
    assert all(v["note"] is None for v in placed)
    nzl = ok(api.get("/api/obligations", params={"attacked": "NZL", "where": "Wellington", "on": "2000-06-01"}))
    anzus = next(v for v in nzl if v["obligation"] == "anzus-art4")
    assert anzus["bound"] == ["AUS"] and anzus["not_bound"][0]["party"] == "USA"
