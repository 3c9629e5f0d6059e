"""``pactwatch.spark`` and ``pactwatch spark-extract`` on a real local-mode Spark session.

The articles are the 40 real dev articles of ../shared (read at test time, never copied here),
and a few lines of our own that are bad in the ways a feed is. What Spark writes must be what
``pactwatch extract`` writes for the same lines, field by field, and the bad lines must be error
rows with the very messages extract prints; the Parquet folder must ingest into the same store
as extract's JSONL.
"""
from __future__ import annotations

import functools
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pactwatch.ingest import ingest
from pactwatch.spark.parquet import read_results

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src"
GOLD = REPO.parent / "shared" / "fixtures" / "dev" / "gold.jsonl"
UNDATED = "Armenia asked the CSTO for help on Monday after shelling near the border."
ARTICLE_FIELDS = ("id", "text", "html", "published", "url", "title", "outlet")
BAD_LINES = [
    '{"id": "no-body", "published": "2024-01-01"}',
    "{not json",
    "",
    '{"id": "bad-date", "text": "NATO met.", "published": "yesterday"}',
    '{"id": "lone", "text": "Hello \\ud800 world"}',
    "[1, 2]",
    '{"id": 7, "html": "<html><body><p>France and Germany signed a defence pact on Monday, the ministers said.'
    '</p></body></html>", "published": "2024-03-05T10:00:00Z"}',
]


def cli(*args, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``pactwatch ARGS`` from this checkout's src/ (the console script may be another checkout's)."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("COLUMNS", None)
    return subprocess.run([sys.executable, "-c", "from pactwatch.cli import main; main()", *map(str, args)],
                          cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def gold_articles(n: int | None = None) -> list[dict]:
    if not GOLD.is_file():
        pytest.skip(f"{GOLD} is missing; the Spark tests read the dev articles from ../shared")
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{k: r[k] for k in ARTICLE_FIELDS if k in r} for r in rows[:n]]


def parquet_rows(out: Path) -> list[dict]:
    con = duckdb.connect()
    try:
        cur = con.execute("SELECT * FROM read_parquet(?, hive_partitioning = true)", [f"{out}/**/*.parquet"])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A feed of the dev articles with bad lines among them, its extract output and its spark-extract output."""
    d = tmp_path_factory.mktemp("spark")
    articles = gold_articles()
    # one article far longer than a segment (pipeline.SEGMENT_TOKENS), coded as segments and merged
    long_text = "\n\n".join(a["text"] for a in articles[:14])
    lines = [json.dumps(a, ensure_ascii=False) for a in articles]
    lines[5:5] = BAD_LINES
    lines.append(json.dumps({"id": "long-one", "published": "2024-02-29", "text": long_text}))
    lines.append(json.dumps({"id": "undated", "text": UNDATED}))  # its 'on Monday' stays null: a warning
    feed = d / "feed.jsonl"
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    extracted = cli("extract", feed, "--out", d / "extract.jsonl", cwd=d)
    sparked = cli("spark-extract", feed, "--out", d / "out", "--master", "local[1]", "--partitions", "3", cwd=d)
    return d, feed, extracted, sparked


def test_same_results_as_extract(corpus):
    d, _, extracted, sparked = corpus
    assert extracted.returncode == 1 and sparked.returncode == 1, sparked.stderr[-2000:]
    expected = {r["id"]: r for r in map(json.loads, (d / "extract.jsonl").read_text(encoding="utf-8").splitlines())}
    rows = parquet_rows(d / "out")
    good = {r["id"]: r for r in rows if r["error"] is None}
    assert len(expected) == 43 and sorted(good) == sorted(expected)
    assert sum(len(r["events"]) for r in expected.values()) > 100
    for key, want in expected.items():
        got = {k: good[key][k] for k in want}
        assert got == want, key
        assert good[key]["month"] == (want["published"][:7] if want["published"] else "undated")
    from pactwatch.pipeline import segment_bounds
    assert len(segment_bounds(expected["long-one"]["text_clean"])) > 1  # it was coded as segments


def test_bad_records_are_error_rows_with_extracts_messages(corpus):
    d, feed, extracted, sparked = corpus
    said = [line.removeprefix("pactwatch: ") for line in extracted.stderr.splitlines() if line.startswith("pactwatch: ")]
    assert len(said) == 5
    rows = parquet_rows(d / "out")
    errors = sorted((r["line"], f"{r['source']}:{r['line']}: {r['error']}") for r in rows if r["error"] is not None)
    assert [e for _, e in errors] == said
    assert [line for line, _ in errors] == [6, 7, 9, 10, 11]  # the blank line 8 is no record, as in extract
    # spark-extract says the same on stderr, and a summary
    assert [line for line in sparked.stderr.splitlines() if line.startswith("pactwatch: ")] == \
        ["pactwatch: " + s for s in said]
    assert "43 articles" in sparked.stderr and "5 inputs failed" in sparked.stderr
    # the warning about relative dates without a publication date, word for word
    warned = [line for line in extracted.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warned) == 1 and "feed.jsonl:49 ('on Monday')" in warned[0]
    assert [line for line in sparked.stderr.splitlines() if line.startswith("warning: ")] == warned
    by_id = {r["id"]: r for r in rows if r["id"]}
    assert by_id["no-body"]["error"] == "article 'no-body' has neither 'text' nor 'html'"
    assert by_id["no-body"]["month"] == "undated"


def test_partitioned_by_month(corpus):
    d, *_ = corpus
    months = {p.name for p in (d / "out").iterdir() if p.is_dir()}
    expected = {f"month={json.loads(l)['published'][:7]}" for l in (d / "extract.jsonl").read_text().splitlines()
                if json.loads(l)["published"]}
    assert expected <= months and "month=undated" in months
    assert not list(d.glob(".out.partial-*"))


def test_ingest_from_parquet_equals_ingest_of_extract_output(corpus, tmp_path):
    d, *_ = corpus
    from_parquet = ingest([str(d / "out")], db=tmp_path / "p.duckdb")
    from_jsonl = ingest([str(d / "extract.jsonl")], db=tmp_path / "j.duckdb")
    assert (from_parquet.added, from_parquet.events) == (from_jsonl.added, from_jsonl.events)
    assert from_parquet.added == 43 and from_parquet.failed == 5
    assert _tables(tmp_path / "p.duckdb") == _tables(tmp_path / "j.duckdb")
    again = ingest([str(d / "out")], db=tmp_path / "p.duckdb")
    assert (again.added, again.skipped) == (0, 43)


def test_bad_parquet_row_named_and_the_rest_stored(corpus, tmp_path):
    d, *_ = corpus
    bad = tmp_path / "bad"
    bad.mkdir()
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_parquet('{d}/out/**/*.parquet', hive_partitioning = false) "
                f"WHERE error IS NULL ORDER BY id) TO '{bad}/a.parquet' (FORMAT parquet)")
    con.execute(f"COPY (SELECT * REPLACE ([{{'key': 'ARM'}}] AS actors) FROM read_parquet('{bad}/a.parquet') "
                f"LIMIT 1) TO '{bad}/b.parquet' (FORMAT parquet)")
    con.close()
    items = list(read_results(bad))
    assert len(items) == 44
    assert str(items[-1]).startswith(f"{bad}/b.parquet:1: result ") and "actors[0]" in str(items[-1])
    summary = ingest([str(bad)], db=tmp_path / "b.duckdb")
    assert (summary.added, summary.failed) == (43, 1)


def test_dataframe_and_parquet_input(spark, tmp_path):
    """extract_frame over a DataFrame with an integer id and a date column; Parquet in through run."""
    import datetime as dt

    from pactwatch.pipeline import Extractor
    from pactwatch.readers import read_records
    from pactwatch.spark import extract_frame, run

    articles = gold_articles(4)
    frame = spark.createDataFrame(
        [(i + 100, a["text"], dt.date.fromisoformat(a["published"]), a.get("outlet")) for i, a in enumerate(articles)],
        "id BIGINT, text STRING, published DATE, outlet STRING")
    got = {r["id"]: r.asDict(recursive=True) for r in extract_frame(frame).collect()}
    extractor = Extractor()
    records = [{"id": i + 100, "text": a["text"], "published": a["published"], "outlet": a.get("outlet")}
               for i, a in enumerate(articles)]
    want = {r.id: r.to_dict() for r in extractor.extract_many(read_records(records))}
    assert sorted(got) == sorted(want) == ["100", "101", "102", "103"]
    for key in want:
        assert {k: got[key][k] for k in want[key]} == want[key]
    frame.write.parquet(str(tmp_path / "in.parquet"))
    summary = run([str(tmp_path / "in.parquet")], tmp_path / "out", spark=spark)
    assert (summary.articles, summary.failed) == (4, 0)
    assert summary.events == sum(len(r["events"]) for r in want.values())


def test_line_numbers_across_input_splits(spark, corpus):
    """A JSONL file read in many splits still names each record by its line, as extract does."""
    from pactwatch.spark.job import read_records

    _, feed, *_ = corpus
    lines = feed.read_text(encoding="utf-8").split("\n")
    before = spark.conf.get("spark.sql.files.maxPartitionBytes")
    spark.conf.set("spark.sql.files.maxPartitionBytes", "20000")  # the feed is ~200 KB: about ten splits
    try:
        records = read_records(spark, [str(feed)])
        assert records.rdd.getNumPartitions() > 5
        got = sorted((r["line"], r["record"]) for r in records.collect())
    finally:
        spark.conf.set("spark.sql.files.maxPartitionBytes", before)
    assert got == [(i, text) for i, text in enumerate(lines, start=1) if text.strip()]


def test_model_loaded_once_per_worker_and_never_pickled(spark):
    from pactwatch.spark import extract_frame
    from pactwatch.spark.worker import extract_batches, worker_state

    frame = spark.createDataFrame([(a["id"], a["text"]) for a in gold_articles(8)], "id STRING, text STRING")
    assert extract_frame(frame.repartition(4)).count() == 8  # four tasks
    # what Spark ships to the workers is a reference and two numbers, not a model
    assert len(pickle.dumps(functools.partial(extract_batches, batch_size=32, published=None))) < 500

    def probe(batches):
        import pandas as pd
        for _ in batches:
            yield pd.DataFrame([worker_state()])

    states = spark.range(4).repartition(4).mapInPandas(probe, "pid BIGINT, loads INT").collect()
    assert {s["loads"] for s in states} == {1}
    assert spark.conf.get("spark.sql.execution.arrow.maxRecordsPerBatch") == "32"
    assert int(spark.conf.get("spark.sql.execution.arrow.maxBytesPerBatch")) == 16 * 1024 * 1024


def test_clear_errors_and_the_old_output_kept(tmp_path, corpus):
    d, feed, *_ = corpus
    missing = cli("spark-extract", tmp_path / "nope.jsonl", "--out", tmp_path / "o", cwd=tmp_path)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert f"{tmp_path / 'nope.jsonl'}: no such file or directory" in missing.stderr
    exists = cli("spark-extract", feed, "--out", d / "out", cwd=tmp_path)
    assert exists.returncode == 2 and "already exists; give --overwrite" in exists.stderr
    # a Parquet input without article columns fails before anything is written; the old output stays
    (tmp_path / "odd").mkdir()
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{tmp_path}/odd/x.parquet' (FORMAT parquet)")
    before = sorted(p.name for p in (d / "out").rglob("*.parquet"))
    odd = cli("spark-extract", tmp_path / "odd", "--out", d / "out", "--overwrite", cwd=tmp_path)
    assert odd.returncode == 2 and "Traceback" not in odd.stderr
    assert "articles need an 'id' column and a 'text' or 'html' column; it has x" in odd.stderr
    assert sorted(p.name for p in (d / "out").rglob("*.parquet")) == before


def test_cli_start_up_does_not_import_pyspark():
    code = "import sys; import pactwatch.cli; print('pyspark' in sys.modules, 'pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(SRC)})
    assert out.stdout.split() == ["False", "False"]


def _tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        # event_no numbers events in the order they were stored, and Spark's order is its own
        tables = {"events": "* EXCLUDE (event_no)", "articles": "* EXCLUDE (ingested_at)", "quotes": "*",
                  "article_actors": "*", "pair_totals": "*", "day_totals": "*", "actor_totals": "*"}
        return {t: sorted(map(repr, con.execute(f"SELECT {cols} FROM {t}").fetchall())) for t, cols in tables.items()}
    finally:
        con.close()


def test_help_uses_plain_metavars(tmp_path):
    import re

    result = cli("spark-extract", "--help", cwd=tmp_path)
    text = result.stdout
    assert result.returncode == 0 and re.match(r"Usage: .*spark-extract \[OPTIONS\] INPUT\.\.\.$", text.splitlines()[0])
    assert "--master" in text and "--out" in text
    assert not re.search(r"[{}]|<[a-z][a-z \[\]|]*>", text.split("Arguments:")[1]), text
