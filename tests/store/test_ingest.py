"""Ingest end to end with the real model: idempotent, resumable, content keys checked before parsing.

The texts are ours. These are the store's original extraction-backed checks (tests/test_store.py
before the store became a package), now run through :mod:`pactwatch.ingest`.
"""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pactwatch.ingest import ingest, ingest_records
from pactwatch.pipeline import Extractor
from pactwatch.store import reader

ARTICLES = [
    {"id": "s1", "published": "2024-05-10", "title": "Yerevan asks for help",
     "text": "Armenia asked the CSTO for help on Monday after shelling near the border.\n"
             "“We expect our allies to act,” an Armenian official said."},
    {"id": "s2", "published": "2024-05-20", "title": "Moscow rejects criticism",
     "text": "Russia rejected Armenia's criticism of the alliance on Tuesday."},
    {"id": "s3", "published": "2024-06-02", "text": "France delivered armoured vehicles to Armenia last week."},
]


class CountingExtractor(Extractor):
    """The real extractor, counting the articles that reach the parser."""

    parsed = 0

    def extract_many(self, articles):
        def counted():
            for article in articles:
                self.parsed += 1
                yield article
        return super().extract_many(counted())


@pytest.fixture(scope="module")
def extractor():
    return CountingExtractor()


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory, extractor):
    d = tmp_path_factory.mktemp("ingest")
    path = d / "test.duckdb"
    summary = ingest([str(write_jsonl(d / "a.jsonl", ARTICLES))], db=path, extractor=extractor)
    assert (summary.added, summary.skipped, summary.failed) == (3, 0, 0)
    return path


@pytest.fixture
def store(db):
    with reader(db) as s:
        yield s


def counts(db: Path) -> dict[str, int]:
    with reader(db) as s:
        return s.counts()


def test_reingest_adds_nothing_and_parses_nothing(db, tmp_path, extractor):
    before = counts(db)
    parsed = extractor.parsed
    summary = ingest([str(write_jsonl(tmp_path / "again.jsonl", ARTICLES))], db=db, extractor=extractor)
    assert (summary.added, summary.skipped) == (0, 3)
    assert counts(db) == before
    assert extractor.parsed == parsed  # the content key was looked up before any parsing


def test_interrupted_ingest_resumes_without_loss_or_doubles(tmp_path, extractor):
    feed = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    db = tmp_path / "resume.duckdb"
    ingest([str(write_jsonl(tmp_path / "first.jsonl", ARTICLES[:1]))], db=db, extractor=extractor)  # "interrupted"
    summary = ingest([str(feed)], db=db, extractor=extractor, batch_size=1)
    assert (summary.added, summary.skipped) == (2, 1)
    with reader(db) as s:
        assert s.counts()["articles"] == 3
        ids = [r[0] for r in s.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
    assert ids == ["s1", "s2", "s3"]


def test_the_same_article_twice_in_one_run_is_stored_once(tmp_path, extractor):
    summary = ingest_records([ARTICLES[1], dict(ARTICLES[1], id="copy")], db=tmp_path / "twice.duckdb",
                             extractor=extractor)
    assert (summary.added, summary.skipped) == (1, 1)


def test_bad_inputs_are_counted_and_the_rest_stored(tmp_path, extractor):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(ARTICLES[2]) + "\n{not json\n", encoding="utf-8")
    summary = ingest([str(feed)], db=tmp_path / "bad.duckdb", extractor=extractor)
    assert (summary.added, summary.failed) == (1, 1)
    assert "feed.jsonl:2" in summary.errors[0]


def test_events_filters(store):
    dyad = store.events(dyad=("ARM", "CSTO"))
    assert dyad.total >= 1 and dyad.items[0]["type"] == "REQUEST"
    assert dyad.items[0]["date"] == "2024-05-06"
    assert store.events(actor="FRA", type="AID").total == 1
    assert store.events(dyad=("ARM", "CSTO"), start="2024-06-01").total == 0
    assert store.events(text="armoured").total == 1
    assert store.events(limit=1, offset=0).total == store.counts()["events"]


def test_hostile_text_is_a_value_not_sql(store):
    assert store.events(text="'; DROP TABLE events; --").total == 0
    assert store.events(actor="ARM' OR '1'='1").total == 0
    assert store.counts()["events"] > 0


def test_dyad_timeline_and_score(store):
    series = store.dyad_timeline("ARM", "CSTO", interval="month")
    assert series[0]["period"] == "2024-05-01"
    assert series[0]["counts"]["REQUEST"] >= 1
    assert isinstance(series[0]["score"], float)


def test_quotes_article_and_actors(store):
    quotes = store.quotes(actor="ARM")
    assert quotes.total == 1 and quotes.items[0]["speaker"] == "an Armenian official"
    article = store.article("s1")
    start, end = article["events"][0]["evidence_span"]
    assert article["text_clean"][start:end] == article["events"][0]["evidence"]
    assert store.article("nope") is None
    assert {a["key"] for a in store.actors()} >= {"ARM", "CSTO", "RUS", "FRA"}
    network = store.network()
    assert any(e["source"] == "ARM" and e["target"] == "CSTO" for e in network["edges"])


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trip(store, tmp_path, fmt):
    files = store.export(tmp_path, fmt)
    assert [f.name for f in files] == [f"{t}.{fmt}" for t in ("articles", "events", "quotes", "article_actors")]
    read = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    count = duckdb.connect().execute(f"SELECT count(*) FROM {read}(?)", [str(tmp_path / f"events.{fmt}")]).fetchone()[0]
    assert count == store.counts()["events"]


def test_a_transaction_is_committed_by_size_or_by_time(tmp_path, extractor):
    """At most ``batch_size`` articles go in a transaction, and one is committed once
    ``commit_seconds`` have passed since its first article was coded (what a killed run loses)."""
    landed: list[int] = []

    def run(name: str, **kwargs) -> list[int]:
        landed.clear()
        ingest([str(write_jsonl(tmp_path / f"{name}.jsonl", ARTICLES))], db=tmp_path / f"{name}.duckdb",
               extractor=extractor, on_progress=lambda s: landed.append(s.added), **kwargs)
        return landed[:]

    assert run("one", batch_size=256) == [3]  # all three in one transaction
    assert run("size", batch_size=2) == [2, 3]
    from pactwatch.ingest import ingest_articles
    from pactwatch.readers import read_articles
    landed.clear()
    ingest_articles(read_articles([str(tmp_path / "one.jsonl")]), tmp_path / "time.duckdb", extractor=extractor,
                    batch_size=256, commit_seconds=0.0, on_progress=lambda s: landed.append(s.added))
    assert landed == [1, 2, 3]  # each article's transaction was due as soon as it was coded
