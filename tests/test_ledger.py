"""The ledger's matching: indexed, near-linear, and giving what a scan of every pair gives.

``build_ledger`` finds a request's twin and a response's request through indexes. These tests hold
it to the plain definition (every request weighed against every entry, every event against every
request, with the module's own predicates) on seeded random event lists written here, and count how
often the predicates run, so that a return to weighing every pair fails without timing anything.
"""
from __future__ import annotations

import random

import pytest

from pactwatch.kb import build_ledger, load
from pactwatch.kb import ledger

ACTORS = ["ARM", "RUS", "CSTO", "AZE", "KAZ", "BLR", "NATO", "USA", "TUR", "FRA", "JPN"]
TYPES = ["REQUEST"] * 4 + ["AID", "AGREE", "SUPPORT", "REJECT", "CONSULT", "MOBILIZE", "ACCUSE", "ASSAULT"]
ROUTES = [("ARM", "CSTO"), ("KAZ", "CSTO"), ("RUS", "CSTO"), ("TUR", "NATO"), ("USA", "NATO"), ("JPN", "USA")]
EVIDENCE = ["X asked for help.", "X wants military support.", "X said its request was ignored.", "Aid arrived.",
            "They held talks.", "Y offered troops.", "Nothing happened."]


@pytest.fixture(scope="module")
def kb():
    return load()


def _date(rng: random.Random) -> str | None:
    # few distinct days, so that requests have twins and responses fall in windows
    year, month, day, kind = rng.choice([2021, 2022]), rng.choice([3, 9, 10]), rng.choice([1, 13, 19]), rng.random()
    if kind < 0.1:
        return None
    if kind < 0.2:
        return f"{year}"
    if kind < 0.35:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{day:02d}"


def random_articles(seed: int, n: int) -> list[dict]:
    """Articles of random events among CSTO and NATO parties; some article ids repeat on purpose."""
    rng = random.Random(seed)
    out = []
    for a in range(n):
        events = []
        for _ in range(rng.randint(0, 6)):
            date = _date(rng)
            source, target, event_type = rng.choice(ACTORS), rng.choice(ACTORS + [None]), rng.choice(TYPES)
            if rng.random() < 0.2:  # a party asking its alliance
                (source, target), event_type = rng.choice(ROUTES), "REQUEST"
            events.append({"source": source, "target": target, "type": event_type, "date": date,
                           "date_basis": rng.choice(["text", "context", "published"]) if date else "none",
                           "negated": rng.random() < 0.15, "hypothetical": rng.random() < 0.05,
                           "evidence": rng.choice(EVIDENCE)})
        out.append({"id": f"a{a % max(1, n - 3)}", "article_key": f"k{a}", "events": events})
    return out


def scan_ledger(articles, kb, alliance=None, window_days=730):
    """The ledger by its definition: every pair weighed, with the module's predicates."""
    events = [ledger._Event(a.get("article_key") or a["id"], e.get("idx", i), e, a["id"])
              for a in articles for i, e in enumerate(a.get("events") or [])]
    routes = ledger.request_routes(kb)
    entries: list[ledger.LedgerEntry] = []
    for event in events:
        treaty = ledger._request_treaty(event, routes)
        if treaty is None or (alliance and (treaty.organisation or treaty.id).upper() != alliance.upper()):
            continue
        twin = next((e for e in entries if ledger._same_request(e, event, treaty)), None)
        if twin is None:
            twin = ledger.LedgerEntry(event.record["source"], event.record["target"], treaty.organisation or treaty.id,
                                      event.date, event.basis)
            entries.append(twin)
        elif twin.date_basis == "published" and event.basis != "published":
            twin.date, twin.date_basis = event.date, event.basis
        twin.requests.append(event.citation())
        twin.positions.append((event.article, event.order))
    taken = {p for entry in entries for p in entry.positions}
    for event in events:
        if (event.article, event.order) in taken:
            continue
        found = [(entry, kind) for entry in entries for kind in [ledger._response_kind(entry, event, kb)]
                 if kind and ledger._follows(entry, event, window_days)]
        if found:
            entry, kind = max(found, key=lambda c: (ledger._start(c[0]), c[0].date_basis != "published"))
            e = event.record
            entry.responses.append(ledger.Response(kind, e["source"], e.get("target"), e["type"], bool(e.get("negated")),
                                                   bool(e.get("hypothetical")), event.citation()))
    return sorted(entries, key=lambda e: (e.alliance or "", e.date or "9999", e.requester))


@pytest.mark.parametrize("seed", range(25))
def test_indexed_ledger_equals_the_pairwise_definition(kb, seed):
    articles = random_articles(seed, random.Random(seed).randint(1, 60))
    for alliance in (None, "CSTO", "NATO"):
        for window in (20, 730):
            expected = [e.to_dict() for e in scan_ledger(articles, kb, alliance, window)]
            assert [e.to_dict() for e in build_ledger(articles, kb, alliance, window)] == expected, (seed, alliance, window)


def test_the_random_cases_exercise_twins_and_responses(kb):
    entries = [e for seed in range(40) for e in build_ledger(random_articles(seed, 60), kb)]
    assert sum(len(e.requests) > 1 for e in entries) > 20
    assert sum(len(e.responses) for e in entries) > 100
    assert {r.kind for e in entries for r in e.responses} >= {"aid delivered", "refusal or denial", "requester complains"}


def test_matching_does_not_weigh_every_pair(kb, monkeypatch):
    """3,000 articles, hundreds of requests: the predicates run a few times per event, not per pair."""
    calls = {"kind": 0, "follows": 0}
    kind, follows = ledger._response_kind, ledger._follows

    def counted_kind(*args, **kwargs):
        calls["kind"] += 1
        return kind(*args, **kwargs)

    def counted_follows(*args, **kwargs):
        calls["follows"] += 1
        return follows(*args, **kwargs)

    monkeypatch.setattr(ledger, "_response_kind", counted_kind)
    monkeypatch.setattr(ledger, "_follows", counted_follows)
    articles = random_articles(7, 3000)
    n_events = sum(len(a["events"]) for a in articles)
    entries = build_ledger(articles, kb)
    assert len(entries) > 200  # so weighing every pair would cost over 200 calls per event
    assert calls["kind"] < 12 * n_events and calls["follows"] < 12 * n_events, (calls, n_events)


def test_check_can_stop_the_work(kb):
    class Stop(Exception):
        pass

    seen = []

    def check():
        seen.append(1)
        if len(seen) > 1:
            raise Stop

    with pytest.raises(Stop):
        build_ledger(random_articles(3, 2000), kb, check=check)


def test_citations_carry_the_store_identity(kb):
    articles = [{"id": "a", "article_key": "k1", "events": [
        {"idx": 3, "source": "ARM", "target": "CSTO", "type": "REQUEST", "date": "2022-09-13", "date_basis": "text",
         "negated": False, "hypothetical": False, "evidence": "Armenia asked the CSTO for military help.",
         "article_key": "k1"}]}]
    citation = build_ledger(articles, kb)[0].requests[0]
    assert (citation.article, citation.article_key, citation.idx) == ("a", "k1", 3)
    assert "positions" not in build_ledger(articles, kb)[0].to_dict()
