"""``pactwatch export``: the API's score, partial dates as date + date_start/date_end, clear errors."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pactwatch.store import reader

PACTWATCH = Path(sys.executable).parent / "pactwatch"


def export(db: Path, out: Path, fmt: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PACTWATCH), "export", str(out), "--db", str(db), "--format", fmt],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def exported_events(out: Path, fmt: str) -> dict[str, dict]:
    path = out / f"events.{fmt}"
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as fh:
            return {row["event_id"]: row for row in csv.DictReader(fh)}
    con = duckdb.connect()
    cursor = con.execute("SELECT * FROM read_parquet(?)", [str(path)])
    columns = [d[0] for d in cursor.description]
    return {row[columns.index("event_id")]: dict(zip(columns, row)) for row in cursor.fetchall()}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_exported_events_score_and_date_as_the_store_answers(sample_db, tmp_path, fmt):
    proc = export(sample_db, tmp_path / "out", fmt)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [str(tmp_path / "out" / f"{t}.{fmt}") for t in
                                   ("articles", "events", "quotes", "article_actors")]
    rows = exported_events(tmp_path / "out", fmt)
    with reader(sample_db) as store:
        answered = {e["event_id"]: e for e in store.events(limit=100).items}
    assert set(rows) == set(answered)
    for event_id, row in rows.items():
        event = answered[event_id]
        assert float(row["score"]) == event["score"]  # the API's score: 0 for negated and hypothetical
        assert float(row["plover_score"]) == event["plover_score"]
        assert row["date"] == event["date"]
        assert str(row["date_start"]) == event["date_start"] and str(row["date_end"]) == event["date_end"]
        assert "event_no" not in row
    negated = [r for r in rows.values() if str(r["negated"]).lower() == "true"]
    assert negated and all(float(r["score"]) == 0 for r in negated)
    [year_only] = [r for r in rows.values() if r["date"] == "2024"]
    assert (str(year_only["date_start"]), str(year_only["date_end"])) == ("2024-01-01", "2024-12-31")


def test_export_of_a_missing_store_is_one_line(tmp_path):
    proc = export(tmp_path / "missing.duckdb", tmp_path / "out", "csv")
    assert proc.returncode == 2
    assert proc.stderr.strip() == (f"pactwatch: error: {tmp_path / 'missing.duckdb'}: no such store; "
                                   "create it with: pactwatch ingest ARTICLES/")


def test_export_of_a_file_that_is_not_a_store_is_one_line(tmp_path):
    junk = tmp_path / "junk.duckdb"
    junk.write_text("not a database\n", encoding="utf-8")
    proc = export(junk, tmp_path / "out", "csv")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"pactwatch: error: {junk}: not a DuckDB database file (is it a pactwatch store?)"


def test_export_with_a_bad_format_names_the_option(sample_db, tmp_path):
    proc = export(sample_db, tmp_path / "out", "xlsx")
    assert proc.returncode == 2
    assert proc.stderr.strip() == "pactwatch: error: --format: must be parquet or csv, not 'xlsx'"
