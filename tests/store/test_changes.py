"""What changed since a time (store/changes.py): new events by dyad and type, new and rare dyads,
conflict spikes against a pair's own history, status proposals. Hand-made results, no model."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pactwatch.kb import load
from pactwatch.store import reader, writer
from pactwatch.store.changes import RARE_BEFORE, SPIKE_MIN, changes, poisson_tail
from store_results import event, result

T0 = datetime(2026, 11, 1, tzinfo=timezone.utc)  # when the history was stored
T1 = datetime(2026, 11, 20, tzinfo=timezone.utc)  # when the new articles were stored


def _conflict_article(n: int, day: str) -> object:
    text = f"Azerbaijan accused Armenia of shelling its positions near the border, report {n}."
    return result(f"hist{n}", text, day, events=[event(text, text, "AZE", "ACCUSE", "ARM", day)])


def _store(tmp_path, new_results):
    """History: ten AZE-ARM accusations over twenty weeks, one FRA-ARM aid event; stored at T0.
    Then ``new_results`` stored at T1."""
    db = tmp_path / "changes.duckdb"
    history = [_conflict_article(n, f"2026-{6 + n // 4:02d}-{1 + 7 * (n % 4):02d}") for n in range(10)]
    aid = "France delivered armoured vehicles to Armenia in June."
    history.append(result("aid", aid, "2026-06-10", events=[event(aid, aid, "FRA", "AID", "ARM", "2026-06")]))
    with writer(db) as store:
        store.write_results(history)
        store.con.execute("UPDATE articles SET ingested_at = CAST(CAST(? AS TIMESTAMPTZ) AS TIMESTAMP)",
                          [T0.isoformat()])
        store.write_results(new_results)
        store.con.execute("UPDATE articles SET ingested_at = CAST(CAST(? AS TIMESTAMPTZ) AS TIMESTAMP) "
                          "WHERE ingested_at > CAST(CAST(? AS TIMESTAMPTZ) AS TIMESTAMP)",
                          [T1.isoformat(), T0.isoformat()])
    return db


def _new(n_conflict: int) -> list:
    out = []
    for n in range(n_conflict):
        text = f"Azerbaijani forces shelled Armenian villages overnight, strike {n}."
        out.append(result(f"new{n}", text, "2026-11-19", events=[event(text, text, "AZE", "ASSAULT", "ARM", "2026-11-19")]))
    talks = "Kazakhstan held talks with Kyrgyzstan on the border on Tuesday."
    out.append(result("talks", talks, "2026-11-18", events=[event(talks, talks, "KAZ", "CONSULT", "KGZ", "2026-11-17")]))
    freeze = "Armenia froze its participation in the CSTO, the prime minister said."
    out.append(result("freeze", freeze, "2026-11-19", events=[event(freeze, freeze, "ARM", "REJECT", "CSTO", "2026-11-19")]))
    return out


@pytest.fixture(scope="module")
def kb():
    return load()


def test_only_articles_stored_since_count_and_their_events_group_by_dyad_and_type(tmp_path, kb):
    db = _store(tmp_path, _new(4))
    with reader(db) as store:
        report = changes(store.con, T1 - timedelta(days=1), T1 + timedelta(days=1), kb=kb)
        before = changes(store.con, T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert (report["articles"], report["events"]) == (6, 6)
    groups = {(g["source"], g["target"], g["type"]): g for g in report["by_dyad"]}
    assert set(groups) == {("AZE", "ARM", "ASSAULT"), ("KAZ", "KGZ", "CONSULT"), ("ARM", "CSTO", "REJECT")}
    assault = groups[("AZE", "ARM", "ASSAULT")]
    assert (assault["events"], assault["articles"]) == (4, 4)
    assert len(assault["examples"]) == 3 and all(x["evidence"].startswith("Azerbaijani forces") for x in assault["examples"])
    assert all(x["url"].startswith("https://example.org/new") and x["article_key"] for x in assault["examples"])
    assert before["articles"] == 11 and {g["source"] for g in before["by_dyad"]} == {"AZE", "FRA"}


def test_new_and_rare_dyads(tmp_path):
    db = _store(tmp_path, _new(4))
    with reader(db) as store:
        dyads = {(d["a"], d["b"]): d for d in changes(store.con, T1 - timedelta(days=1))["dyads"]}
    assert dyads[("KAZ", "KGZ")]["status"] == "new" and dyads[("KAZ", "KGZ")]["before"] == 0
    assert dyads[("ARM", "CSTO")]["status"] == "new"
    assert ("ARM", "AZE") not in dyads  # ten events before: neither new nor rare
    assert RARE_BEFORE <= 10


def test_a_conflict_spike_is_judged_against_the_pairs_own_history(tmp_path):
    # ten conflict events over about twenty weeks: half an event a week. Four in one day is a spike;
    # one is not (fewer than SPIKE_MIN), and over a window of a year four are expected.
    assert SPIKE_MIN <= 4
    db = _store(tmp_path, _new(4))
    with reader(db) as store:
        day = changes(store.con, T1 - timedelta(days=1), T1 + timedelta(hours=1))["spikes"]
        year = changes(store.con, T1 - timedelta(days=365), T1 + timedelta(hours=1))["spikes"]
    assert [(s["a"], s["b"], s["conflict_events"], s["before"]) for s in day] == [("ARM", "AZE", 4, 10)]
    assert day[0]["p"] < 0.01 and 0 < day[0]["expected"] < 1
    assert year == []
    (tmp_path / "one").mkdir()
    db = _store(tmp_path / "one", _new(1))
    with reader(db) as store:
        assert changes(store.con, T1 - timedelta(days=1))["spikes"] == []


def test_status_proposals_of_the_new_articles_carry_evidence_and_article(tmp_path, kb):
    db = _store(tmp_path, _new(0))
    with reader(db) as store:
        proposals = changes(store.con, T1 - timedelta(days=1), kb=kb)["proposals"]
        old = changes(store.con, T0 - timedelta(days=1), T0 + timedelta(days=1), kb=kb)["proposals"]
    assert [(p["member"], p["treaty"], p["status"]) for p in proposals] == [("ARM", "csto", "frozen")]
    assert proposals[0]["evidence"].startswith("Armenia froze") and proposals[0]["url"] == "https://example.org/freeze"
    assert old == []


def test_poisson_tail():
    assert poisson_tail(0, 2.0) == 1.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - 2.718281828 ** -2)
    assert poisson_tail(3, 0.0) == 0.0
    assert poisson_tail(4, 0.5) == pytest.approx(1 - sum(0.5 ** i / [1, 1, 2, 6][i] for i in range(4)) * 2.718281828 ** -0.5)
