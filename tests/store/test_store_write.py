"""Writing batches: one transaction and one INSERT per table, derived columns, summaries, no extraction."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from pactwatch import plover
from pactwatch.store import Store, StoreError, reader, writer
from store_results import AID_TEXT, REJECT_TEXT, event, result, sample_results


def test_the_store_never_extracts_or_reasons():
    """Importing and using the store loads neither spaCy, the pipeline nor the knowledge base."""
    code = ("import sys, tempfile, pathlib\n"
            "from pactwatch.store import Store, writer, reader\n"
            "db = pathlib.Path(tempfile.mkdtemp()) / 's.duckdb'\n"
            "with writer(db) as s: s.write_results([])\n"
            "with reader(db) as s: s.events(); s.network(); s.actors()\n"
            "bad = [m for m in ('spacy', 'pactwatch.pipeline', 'pactwatch.readers', 'pactwatch.kb') if m in sys.modules]\n"
            "assert not bad, bad\n"
            "assert not hasattr(Store, 'ingest') and not hasattr(Store, 'ingest_records') and not hasattr(Store, 'milestones')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


class CountingConnection:
    """The real DuckDB connection, counting the INSERT statements sent through it."""

    def __init__(self, con):
        self.con = con
        self.inserts: dict[str, int] = {}

    def execute(self, sql, params=None):
        words = sql.split()
        if words[:2] == ["INSERT", "INTO"]:
            self.inserts[words[2]] = self.inserts.get(words[2], 0) + 1
        return self.con.execute(sql, params) if params is not None else self.con.execute(sql)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_batch_is_one_insert_per_table(tmp_path):
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        counting = CountingConnection(store.con)
        store.con = counting
        results = sample_results() * 1 + [result(f"x{i}", f"Text number {i}.") for i in range(50)]
        store.write_results(results)
        store.con = counting.con
        assert counting.inserts == {"articles": 1, "events": 1, "quotes": 1, "article_actors": 1,
                                    "event_totals": 1, "pair_totals": 1, "day_totals": 1, "actor_totals": 1}
        assert store.counts() == {"articles": 53, "events": 5, "quotes": 1}


def test_a_failing_batch_stores_nothing(tmp_path):
    """All or nothing: an event whose offset no INTEGER column holds fails its whole batch after the
    batch's articles went in; the store stays as it was."""
    db = tmp_path / "s.duckdb"
    good = result("good", AID_TEXT, "2024-06-02", events=[event(AID_TEXT, AID_TEXT, "FRA", "AID", "ARM", "2024")])
    bad_event = event(REJECT_TEXT, "Russia could attack Armenia.", "RUS", "ASSAULT", "ARM")
    bad_event.evidence_span = (2 ** 40, 2 ** 40 + 5)
    bad = result("bad", REJECT_TEXT, events=[bad_event], actors=[("RUS", "Russia", "state", 1)])
    with writer(db) as store:
        store.write_results([good])
        with pytest.raises(StoreError):
            store.write_results([result("other", "Another text."), bad])
        assert store.counts() == {"articles": 1, "events": 1, "quotes": 0}
        assert store.con.execute("SELECT count(*) FROM article_actors").fetchone()[0] == 0
        assert store.summaries_fresh()


def test_articles_stored_meanwhile_are_skipped_not_failed(tmp_path):
    """Two ingests of one feed: whoever writes second skips what the first stored, without an error."""
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        first = store.write_results(sample_results())
    with writer(db) as store:
        again = store.write_results(sample_results() + [sample_results()[0]])
        assert (again.added, again.skipped, again.events) == (0, 4, 0)
        assert (first.added, first.events) == (3, 5)
        assert store.counts() == {"articles": 3, "events": 5, "quotes": 1}


def test_score_is_the_event_score_in_the_database(sample_db):
    """events.score is plover.event_score (0 when negated or hypothetical); plover_score keeps PLOVER's."""
    con = duckdb.connect(str(sample_db), read_only=True)
    try:
        rows = con.execute("SELECT type, mode, negated, hypothetical, score, plover_score FROM events").fetchall()
    finally:
        con.close()
    assert {(r[2], r[3]) for r in rows} == {(False, False), (True, False), (False, True)}
    for event_type, mode, negated, hypothetical, score, plover_score in rows:
        assert score == plover.event_score(event_type, mode, negated, hypothetical)
        assert plover_score == plover.score(event_type, mode)
    assert any(r[5] != 0 and r[4] == 0 for r in rows)  # a hypothetical ASSAULT: PLOVER scores it, it counts 0


def test_partial_dates_are_bounded(tmp_path):
    text = "One. Two. Three. Four."
    events = [event(text, "One.", "ARM", "AID", "FRA", "2024"), event(text, "Two.", "ARM", "AID", "FRA", "2024-02"),
              event(text, "Three.", "ARM", "AID", "FRA", "2024-03-12"),
              event(text, "Four.", "ARM", "AID", "FRA", "2024-13")]  # not a date: kept, without bounds
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        store.write_results([result("dates", text, events=events)])
    with reader(db) as store:
        items = {e["evidence"]: e for e in store.events(limit=10).items}
    assert (items["One."]["date_start"], items["One."]["date_end"]) == ("2024-01-01", "2024-12-31")
    assert (items["Two."]["date_start"], items["Two."]["date_end"]) == ("2024-02-01", "2024-02-29")
    assert (items["Three."]["date_start"], items["Three."]["date_end"]) == ("2024-03-12", "2024-03-12")
    assert (items["Four."]["date"], items["Four."]["date_start"], items["Four."]["date_end"]) == ("2024-13", None, None)


def test_summaries_written_batch_by_batch_equal_a_rebuild(tmp_path):
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        for one in sample_results():
            store.write_results([one])
        tables = ("event_totals", "pair_totals", "day_totals", "actor_totals")
        incremental = [store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables]
        store.refresh_summaries()
        rebuilt = [store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables]
    assert incremental == rebuilt and rebuilt[0]


def test_rows_written_around_the_store_make_summaries_stale_until_a_writer_rebuilds(tmp_path):
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        store.write_results(sample_results())
        store.con.execute("INSERT INTO events (article_key, idx, source, target, type, negated, hypothetical, score) "
                          "VALUES ('k', 0, 'ARM', 'CSTO', 'REQUEST', false, false, 0)")
        assert not store.summaries_fresh()
        assert store.events(actor="ARM").total == 6  # counted on the table, not the stale totals
        assert store.events(dyad=("ARM", "CSTO")).total == 2
    with writer(db) as store:  # the next writer rebuilds them
        assert store.summaries_fresh()
        assert store.events(dyad=("ARM", "CSTO")).total == 2


def test_a_read_only_store_refuses_to_write(sample):
    with pytest.raises(StoreError, match="read-only"):
        sample.write_results(sample_results())


def test_store_keeps_working_as_a_long_lived_handle(tmp_path):
    with Store(tmp_path / "s.duckdb") as store:
        store.write_results(sample_results())
        assert store.counts()["events"] == 5
