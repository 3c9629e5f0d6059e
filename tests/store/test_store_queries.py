"""The read side on hand-made results: identity, orders and keyset paging, totals, network, quotes, articles."""
from __future__ import annotations

import itertools

import pytest

from pactwatch.errors import InputError
from pactwatch.store import ORDERS, reader, writer
from store_results import REQUEST_TEXT, event, result


# --- event identity (the team contract) ---------------------------------------------------------------

def test_event_rows_carry_their_identity(sample):
    page = sample.events(limit=100)
    assert page.total == 5
    for e in page.items:
        assert len(e["article_key"]) == 64 and isinstance(e["idx"], int)
        assert e["event_id"] == f"{e['article_key']}:{e['idx']}"
    assert len({e["event_id"] for e in page.items}) == 5


def test_article_by_key_or_id_with_events_and_quotes_in_idx_order(sample):
    by_id = sample.article("s1")
    by_key = sample.article(by_id["article_key"])
    assert by_key == by_id
    assert [e["idx"] for e in by_id["events"]] == [0, 1]
    for e in by_id["events"]:
        assert e["event_id"] == f"{by_id['article_key']}:{e['idx']}"
        start, end = e["evidence_span"]
        assert by_id["text_clean"][start:end] == e["evidence"]
    [q] = by_id["quotes"]
    assert (q["idx"], q["quote_id"]) == (0, f"{by_id['article_key']}:0")
    start, end = q["span"]
    assert REQUEST_TEXT[start:end] == q["text"]
    assert sample.article("0" * 64) is None and sample.article("nope") is None


def test_an_id_ingested_twice_is_found_by_key_each_time(tmp_path):
    """Two different texts under one id: the id gives the latest, each key its own."""
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        store.write_results([result("same", "The first version.")])
    with writer(db) as store:
        store.write_results([result("same", "The second version.")])
    with reader(db) as store:
        keys = [r[0] for r in store.con.execute("SELECT article_key FROM articles").fetchall()]
        assert {store.article(k)["text_clean"] for k in keys} == {"The first version.", "The second version."}
        assert store.article("same")["text_clean"] == "The second version."


def test_quote_rows_carry_their_identity_and_article(sample):
    [q] = sample.quotes(actor="ARM").items
    assert q["quote_id"] == f"{q['article_key']}:{q['idx']}" and q["article_id"] == "s1"
    assert q["article_title"] == "Yerevan asks for help"


# --- orders and keyset paging ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ties_db(tmp_path_factory):
    """Sixty events with many equal dates, types and sources, some undated: ties everywhere."""
    text = " ".join(f"Sentence {i}." for i in range(60))
    events = [event(text, f"Sentence {i}.", ("ARM", "RUS", "AZE")[i % 3], ("AID", "ACCUSE", "CONSULT", "ASSAULT")[i % 4],
                    ("CSTO", None, "EU")[i % 3 // 2], None if i % 7 == 0 else f"2024-0{1 + i % 3}" + ("" if i % 5 else "-15"),
                    negated=i % 11 == 0, confidence=0.5 + (i % 4) / 10)
              for i in range(60)]
    db = tmp_path_factory.mktemp("ties") / "ties.duckdb"
    with writer(db) as store:
        store.write_results([result("a", text, events=events[:30]), result("b", text + " More.", events=events[30:])])
    return db


@pytest.mark.parametrize("order", list(ORDERS))
def test_cursor_pages_cover_every_event_once_in_offset_order(ties_db, order):
    with reader(ties_db) as store:
        by_offset = [e["event_id"] for off in range(0, 60, 7)
                     for e in store.events(order=order, limit=7, offset=off).items]
        by_cursor, cursor = [], None
        for _ in range(20):
            page = store.events(order=order, limit=7, cursor=cursor)
            assert page.total == 60
            by_cursor += [e["event_id"] for e in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        streamed = [e["event_id"] for e in store.iter_events(order=order, chunk=9)]
    assert len(set(by_offset)) == 60
    assert by_cursor == by_offset == streamed


def test_orders_sort_as_named(ties_db):
    with reader(ties_db) as store:
        newest = store.events(order="-date", limit=60).items
        dates = [e["date_start"] for e in newest if e["date_start"]]
        assert dates == sorted(dates, reverse=True) and newest[-1]["date_start"] is None  # undated last
        by_score = [e["score"] for e in store.events(order="-score", limit=60).items]
        assert by_score == sorted(by_score, reverse=True)
        targets = [e["target"] for e in store.events(order="target", limit=60).items]
        assert targets == sorted(t for t in targets if t) + [None] * targets.count(None)


def test_filters_apply_with_a_cursor(ties_db):
    with reader(ties_db) as store:
        first = store.events(actor="ARM", include_negated=False, limit=5)
        rest = store.events(actor="ARM", include_negated=False, limit=100, cursor=first.next_cursor)
        every = store.events(actor="ARM", include_negated=False, limit=100)
    assert [e["event_id"] for e in first.items + rest.items] == [e["event_id"] for e in every.items]
    assert first.total == rest.total == every.total == len(every.items)


@pytest.mark.parametrize("bad", ["", "junk", "WyJkYXRlIl0", "WyItZGF0ZSIsICIyMDI0LTAxLTAxIiwgMV0"])
def test_a_foreign_cursor_is_an_input_error(sample, bad):
    with pytest.raises(InputError, match="cursor"):
        sample.events(cursor=bad or "x", order="date")


def test_an_unknown_order_is_an_input_error(sample):
    with pytest.raises(InputError, match="order"):
        sample.events(order="evidence; DROP TABLE events")


# --- totals from the summaries agree with counting --------------------------------------------------

def test_totals_from_summaries_equal_counting_the_rows(ties_db):
    with reader(ties_db) as store:
        assert store.summaries_fresh()
        for actor, dyad, event_type, neg, hyp in itertools.product(
                (None, "ARM", "CSTO"), (None, ("RUS", "EU")), (None, "AID", "ASSAULT"), (True, False), (True, False)):
            counted = store.con.execute(
                "SELECT count(*) FROM events WHERE (? IS NULL OR source = ? OR target = ?) "
                "AND (? IS NULL OR (source = ? AND target = ?) OR (source = ? AND target = ?)) "
                "AND (? IS NULL OR type = ?) AND (? OR NOT negated) AND (? OR NOT hypothetical)",
                [actor, actor, actor, dyad and dyad[0], dyad and dyad[0], dyad and dyad[1], dyad and dyad[1],
                 dyad and dyad[0], event_type, event_type, neg, hyp]).fetchone()[0]
            page = store.events(actor=actor, dyad=dyad, type=event_type, include_negated=neg,
                                include_hypothetical=hyp, limit=0)
            assert page.total == counted, (actor, dyad, event_type, neg, hyp)


def test_network_and_actors_from_summaries_equal_counting_the_rows(ties_db, tmp_path):
    import shutil

    stale = tmp_path / "stale.duckdb"
    shutil.copyfile(ties_db, stale)
    with writer(stale) as store:  # the same rows, the summaries marked stale: every answer is counted live
        store.con.execute("UPDATE store_meta SET value = 'stale' WHERE key = 'summarised'")
    with reader(ties_db) as fresh, reader(stale) as live:
        assert fresh.summaries_fresh() and not live.summaries_fresh()
        assert fresh.network() == live.network()
        assert fresh.network(types=["AID", "ASSAULT"], min_events=2) == live.network(types=["AID", "ASSAULT"], min_events=2)
        assert fresh.actors() == live.actors() and fresh.actors(search="ar") == live.actors(search="ar")
        for order, actor, offset in itertools.product(("date", "-date"), (None, "ARM", "CSTO", "EU"), (0, 5, 40)):
            # the newest and oldest pages are looked for among the days day_totals names: the same rows
            assert fresh.events(actor=actor, order=order, limit=7, offset=offset) == \
                live.events(actor=actor, order=order, limit=7, offset=offset), (order, actor, offset)


# --- the rest ------------------------------------------------------------------------------------------

def test_dyad_timeline_sums_event_scores(sample):
    [may] = sample.dyad_timeline("ARM", "RUS", interval="month")
    assert may["counts"] == {"ASSAULT": 1, "REJECT": 1, "REQUEST": 1}
    with_score = sample.events(dyad=("ARM", "RUS"), limit=10).items
    assert may["score"] == sum(e["score"] for e in with_score)  # the negated and the hypothetical count 0
    assert sample.dyad_timeline("ARM", "FRA", interval="month") == []  # a year-only date is not put in a month
    assert sample.dyad_timeline("ARM", "FRA", interval="year")[0]["period"] == "2024-01-01"


def test_articles_newest_first_with_their_keys(sample):
    page = sample.articles()
    assert [a["id"] for a in page.items] == ["s3", "s2", "s1"] and page.total == 3
    assert all(len(a["article_key"]) == 64 for a in page.items)
