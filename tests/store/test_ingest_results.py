"""Ingest of ``pactwatch extract`` output: stored as it is, without parsing, and never loading the model.

Articles are ours. Extracting then ingesting the output must give the same store as ingesting the
articles; a malformed output line is one error naming its file, line and field, and the other
lines are stored; a re-ingest of stored content (articles or results) neither imports spaCy nor
loads the model (checked in a fresh interpreter).
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pactwatch.ingest import ingest
from pactwatch.pipeline import Extractor
from pactwatch.readers import read_articles
from pactwatch.results import result_from_record

ARTICLES = [
    {"id": "r1", "published": "2024-05-10", "text": "Armenia asked the CSTO for help on Monday after "
     "shelling near the border.\n“We expect our allies to act,” an Armenian official said."},
    {"id": "r2", "published": "2024-05-20", "text": "Russia rejected Armenia's criticism of the alliance on Tuesday."},
    {"id": "r3", "published": "2024-06-02", "text": "France delivered armoured vehicles to Armenia last week."},
]
SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("results")
    articles = d / "articles.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    extractor = Extractor()
    results = d / "results.jsonl"
    with results.open("w", encoding="utf-8") as fh:
        for item in read_articles([str(articles)]):
            fh.write(json.dumps(extractor.extract(item).to_dict(), ensure_ascii=False) + "\n")
    return d, articles, results, extractor


def _rows(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {table: sorted(map(repr, con.execute(f"SELECT * FROM {table}").fetchall()))
                for table in ("events", "quotes", "article_actors", "pair_totals", "day_totals")}
    finally:
        con.close()


def test_results_stored_as_extracting_would(files, tmp_path):
    _, articles, results, extractor = files
    from_results = ingest([str(results)], db=tmp_path / "results.duckdb")
    from_articles = ingest([str(articles)], db=tmp_path / "articles.duckdb", extractor=extractor)
    assert (from_results.added, from_results.events) == (from_articles.added, from_articles.events) == \
        (3, from_articles.events)
    assert from_articles.events > 0
    assert _rows(tmp_path / "results.duckdb") == _rows(tmp_path / "articles.duckdb")
    # and the articles they were extracted from count as stored: same content, same key
    again = ingest([str(articles)], db=tmp_path / "results.duckdb", extractor=extractor)
    assert (again.added, again.skipped) == (0, 3)


def test_bad_result_line_named_and_the_rest_stored(files, tmp_path):
    _, _, results, _ = files
    lines = results.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[1])
    bad["events"][0]["type"] = "HUG"
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], json.dumps(bad), lines[2]]) + "\n", encoding="utf-8")
    summary = ingest([str(broken)], db=tmp_path / "b.duckdb")
    assert (summary.added, summary.failed) == (2, 1)
    assert summary.errors == [f"{broken}:2: result 'r2': events[0].type: 'HUG' is not a PLOVER event type"]


@pytest.mark.parametrize("change, message", [
    (lambda r: r.pop("text_clean"), "text_clean: missing"),
    (lambda r: r["events"][0].update(evidence_span=[5, 10**6]), "events[0].evidence_span: [5, 1000000] is not within"),
    (lambda r: r["events"][0].update(negated="no"), "events[0].negated: expected true or false, got a string"),
    (lambda r: r["quotes"].append({"text": "x", "direct": 1, "span": [0, 1]}), "direct: expected true or false"),
    (lambda r: r.update(actors=[{"key": "ARM"}]), "actors[0].name: missing"),
])
def test_each_field_checked(files, change, message):
    _, _, results, _ = files
    record = json.loads(results.read_text(encoding="utf-8").splitlines()[0])
    assert record["events"] and record["quotes"]
    change(record)
    error = result_from_record(record, "out.jsonl", 7)
    assert message in str(error) and str(error).startswith("out.jsonl:7: ")


def test_extract_still_refuses_its_own_output(files):
    _, _, results, _ = files
    items = list(read_articles([str(results)]))
    assert all("looks like pactwatch output" in str(item) for item in items)


def test_reingest_never_loads_the_model(files, tmp_path):
    _, articles, results, extractor = files
    db = tmp_path / "stored.duckdb"
    ingest([str(articles)], db=db, extractor=extractor)
    code = ("import sys, json\nfrom pactwatch.ingest import ingest\n"
            f"s = ingest([{str(articles)!r}, {str(results)!r}], db={str(db)!r})\n"
            "print(json.dumps([s.added, s.skipped, 'spacy' in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(SRC), "PATH": ""})
    assert json.loads(out.stdout) == [0, 6, False]


def test_texts_seen_before_are_not_cleaned_again(files, tmp_path, monkeypatch):
    """input_keys: a store filled from results learns each text's input key at the first re-ingest
    that meets it (by its cleaned text); from then on the text is skipped by its hash alone."""
    import pactwatch.ingest as ingest_module

    _, articles, results, _ = files
    db = tmp_path / "keys.duckdb"
    ingest([str(results)], db=db)
    cleaned = []
    real = ingest_module.clean_text
    monkeypatch.setattr(ingest_module, "clean_text", lambda text: cleaned.append(text) or real(text))
    first = ingest([str(articles)], db=db)
    assert (first.added, first.skipped, len(cleaned)) == (0, 3, 3)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM input_keys").fetchone()[0] == 3
    con.close()
    cleaned.clear()
    second = ingest([str(articles)], db=db)
    assert (second.added, second.skipped, cleaned) == (0, 3, [])
