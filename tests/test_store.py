"""The DuckDB store: idempotent, resumable ingestion and the query API, on a real file."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from pactwatch.pipeline import Extractor
from pactwatch.store import Store, date_bounds

ARTICLES = [
    {"id": "s1", "published": "2024-05-10", "title": "Yerevan asks for help",
     "text": "Armenia asked the CSTO for help on Monday after shelling near the border.\n"
             "“We expect our allies to act,” an Armenian official said."},
    {"id": "s2", "published": "2024-05-20", "title": "Moscow rejects criticism",
     "text": "Russia rejected Armenia's criticism of the alliance on Tuesday."},
    {"id": "s3", "published": "2024-06-02", "text": "France delivered armoured vehicles to Armenia last week."},
]


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def store(tmp_path_factory, extractor):
    d = tmp_path_factory.mktemp("store")
    s = Store(d / "test.duckdb")
    summary = s.ingest([str(write_jsonl(d / "a.jsonl", ARTICLES))], extractor=extractor)
    assert (summary.added, summary.skipped, summary.failed) == (3, 0, 0)
    yield s
    s.close()


def test_reingest_adds_nothing(store, tmp_path, extractor):
    before = store.counts()
    summary = store.ingest([str(write_jsonl(tmp_path / "again.jsonl", ARTICLES))], extractor=extractor)
    assert (summary.added, summary.skipped) == (0, 3)
    assert store.counts() == before


def test_interrupted_ingest_resumes_without_loss_or_doubles(tmp_path, extractor):
    feed = write_jsonl(tmp_path / "feed.jsonl", ARTICLES)
    with Store(tmp_path / "resume.duckdb") as s:
        s.ingest([str(write_jsonl(tmp_path / "first.jsonl", ARTICLES[:1]))], extractor=extractor)  # "interrupted"
        summary = s.ingest([str(feed)], extractor=extractor, batch_size=1)
        assert (summary.added, summary.skipped) == (2, 1)
        assert s.counts()["articles"] == 3
        ids = [r[0] for r in s.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        assert ids == ["s1", "s2", "s3"]


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


def test_milestones_come_from_the_knowledge_base(store):
    milestones = store.milestones("ARM", "CSTO")
    assert any(m["status"] == "frozen" and m["date"].startswith("2024-02") for m in milestones)


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
    reader = "read_parquet" if fmt == "parquet" else "read_csv_auto"
    count = duckdb.connect().execute(f"SELECT count(*) FROM {reader}(?)", [str(tmp_path / f"events.{fmt}")]).fetchone()[0]
    assert count == store.counts()["events"]


def test_date_bounds():
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_bounds("2023") == ("2023-01-01", "2023-12-31")
    assert date_bounds("2024-03-12") == ("2024-03-12", "2024-03-12")
    assert date_bounds(None) == (None, None)
