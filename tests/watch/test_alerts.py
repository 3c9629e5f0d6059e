"""Watches (watch/alerts.py): which events a dyad, actor or alliance watch matches, the JSONL alert
file (whole lines, no event twice, also after a run killed before its watermark moved), and the
watermark that makes only new articles alert. Hand-made results in a real DuckDB store, no model."""
from __future__ import annotations

import json

import pytest

from pactwatch.errors import InputError
from pactwatch.kb import load
from pactwatch.records import ArticleResult, Event
from pactwatch.store import reader, writer
from pactwatch.watch.alerts import Alerts, parse_watch
from pactwatch.watch.state import WatchState


def article(aid: str, sentence: str, source: str, target: str, kind: str, date: str) -> ArticleResult:
    event = Event(source=source, target=target, type=kind, mode=None, date=date, negated=False, hypothetical=False,
                  evidence=sentence, evidence_span=(0, len(sentence)), source_text=source, target_text=target,
                  confidence=0.9, date_basis="text")
    return ArticleResult(aid, f"https://example.org/{aid}", aid, "Test Wire", date, sentence, [event])


BATCH_1 = [article("a1", "Armenia asked the CSTO for help.", "ARM", "CSTO", "REQUEST", "2022-09-13"),
           article("a2", "Turkey criticised Greece over the drills.", "TUR", "GRC", "ACCUSE", "2024-05-02")]
BATCH_2 = [article("a3", "Kazakhstan held talks with China in Astana.", "KAZ", "CHN", "CONSULT", "2024-06-01"),
           article("a4", "Uzbekistan signed a deal with Japan.", "UZB", "JPN", "AGREE", "2015-03-01"),
           article("a5", "The CSTO refused to send troops to Armenia.", "CSTO", "ARM", "REJECT", "2022-10-01")]


@pytest.fixture(scope="module")
def kb():
    return load()


def test_watch_forms_and_what_they_match(kb):
    dyad, actor, alliance = parse_watch("ARM-CSTO", kb), parse_watch("TUR", kb), parse_watch("csto", kb)
    assert (dyad.a, dyad.b, actor.a, alliance.a, alliance.treaty) == ("ARM", "CSTO", "TUR", "CSTO", "csto")
    ev = lambda s, t, day: {"source": s, "target": t, "date_start": day}  # noqa: E731
    assert dyad.matches(ev("CSTO", "ARM", "2022-10-01"), kb) and not dyad.matches(ev("ARM", "RUS", "2022-10-01"), kb)
    assert actor.matches(ev("GRC", "TUR", None), kb)
    assert alliance.matches(ev("KAZ", "CHN", "2024-06-01"), kb)  # a member on the day
    assert not alliance.matches(ev("UZB", "JPN", "2015-03-01"), kb)  # Uzbekistan left the CSTO in 2012
    assert alliance.matches(ev("UZB", "JPN", "2010-03-01"), kb)
    for bad in ("ARM-", "A", "ARM CSTO", "ARM-CSTO-RUS"):
        with pytest.raises(InputError, match="--alert"):
            parse_watch(bad, kb)


def _store(tmp_path, batches):
    db = tmp_path / "alerts.duckdb"
    for batch in batches:
        with writer(db) as store:
            store.write_results(batch)
    return db


def test_only_articles_stored_after_the_watcher_started_alert_each_event_once(tmp_path, kb):
    db = _store(tmp_path, [BATCH_1])
    state = WatchState(tmp_path / "w.json")
    path = tmp_path / "alerts.jsonl"
    alerts = Alerts([parse_watch(s, kb) for s in ("ARM-CSTO", "csto")], path, state, kb)
    with reader(db) as store:
        alerts.start(store.con)  # batch 1 was stored before: not new
        assert alerts.check(store.con) == []
    with writer(db) as store:
        store.write_results(BATCH_2)
    with reader(db) as store:
        written = alerts.check(store.con)
        assert alerts.check(store.con) == []  # the watermark moved
    lines = path.read_text(encoding="utf-8").splitlines()
    got = [json.loads(line) for line in lines]
    assert [(a["article_id"], a["watch"]) for a in got] == [("a3", ["csto"]), ("a5", ["ARM-CSTO", "csto"])]
    assert got == json.loads(json.dumps(written, default=str))
    assert all(a["evidence"] and a["url"].startswith("https://example.org/") and a["ingested_at"].endswith("Z")
               for a in got)
    assert json.loads((tmp_path / "w.json").read_text())["alerts"]["through"] == got[-1]["ingested_at"]


def test_a_run_killed_before_its_watermark_moved_writes_nothing_twice(tmp_path, kb):
    db = _store(tmp_path, [BATCH_1])
    path = tmp_path / "alerts.jsonl"
    state = WatchState(tmp_path / "w.json")
    first = Alerts([parse_watch("CSTO", kb)], path, state, kb)
    with reader(db) as store:
        first.start(store.con)
        mark = state.alerts["through"]
    with writer(db) as store:
        store.write_results(BATCH_2)
    with reader(db) as store:
        assert len(first.check(store.con)) == 2
    state.alerts["through"] = mark  # as if killed after writing the alerts, before saving the state
    again = Alerts([parse_watch("CSTO", kb)], path, state, kb)
    with reader(db) as store:
        assert again.check(store.con) == []
    assert len(path.read_text(encoding="utf-8").splitlines()) == 2
