"""``--workers N``: N processes code the articles, and the output is what one process writes,
byte for byte, in the same order, each bad article reported in its place. Real model, real
processes (the console script as a subprocess); the texts are ours."""
from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from cli_helpers import run_pactwatch
from pactwatch.errors import InputError
from pactwatch.extract.workers import resolve_workers
from pactwatch.pipeline import Extractor
from pactwatch.records import Article, ArticleResult

SENTENCES = [
    "Armenia accused Russia of failing to protect it on Monday.",
    "France delivered armoured vehicles to Armenia last week.",
    "Azerbaijan rejected the proposal of the European Union.",
    "Kazakhstan and Kyrgyzstan signed a border agreement in Astana on Tuesday.",
    "The United States urged Serbia to withdraw its troops from the border.",
    "Russia threatened to cut gas supplies to Moldova if it joined the alliance.",
    "Poland condemned the attack on Ukrainian grain terminals.",
]


def corpus(path: Path) -> Path:
    """Fourteen articles; line 4 is not JSON, line 9 holds a text the tokenizer refuses (a lone surrogate)."""
    lines = []
    for i in range(14):
        record = {"id": f"a{i}", "published": f"2024-03-{10 + i}",
                  "text": " ".join(SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))}
        lines.append(json.dumps(record))
    lines[3] = '{"id": "broken", "text": '
    lines[8] = '{"id": "bad", "text": "Armenia \\ud800 asked Russia for help."}'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def feed(tmp_path_factory) -> Path:
    return corpus(tmp_path_factory.mktemp("workers") / "feed.jsonl")


def test_two_workers_write_what_one_process_writes_with_each_error_in_its_place(feed, tmp_path):
    runs = {}
    for n in (1, 2):
        out = tmp_path / f"out{n}.jsonl"
        runs[n] = (run_pactwatch("extract", feed, "--batch-size", "2", "--workers", n, "-o", out, cwd=tmp_path,
                                 timeout=300), out)
    (one, one_out), (two, two_out) = runs[1], runs[2]
    assert (one.returncode, two.returncode) == (1, 1), (one.stderr.decode(), two.stderr.decode())
    assert two_out.read_bytes() == one_out.read_bytes()
    ids = [json.loads(line)["id"] for line in two_out.read_text().splitlines()]
    assert ids == [f"a{i}" for i in range(14) if i not in (3, 8)]
    assert any(json.loads(line)["events"] for line in two_out.read_text().splitlines())
    errors = [line for line in two.stderr.decode().splitlines() if line.startswith("pactwatch: ")]
    assert errors == [line for line in one.stderr.decode().splitlines() if line.startswith("pactwatch: ")]
    assert len(errors) == 2 and f"{feed}:4:" in errors[0] and f"{feed}:9: article 'bad'" in errors[1]


def test_ingest_with_two_workers_stores_what_one_process_stores(feed, tmp_path):
    stored = {}
    for n in (1, 2):
        db = tmp_path / f"s{n}.duckdb"
        done = run_pactwatch("ingest", feed, "--db", db, "--workers", n, "--batch-size", "3", cwd=tmp_path, timeout=300)
        assert done.returncode == 1, done.stderr.decode()
        with duckdb.connect(str(db), read_only=True) as con:
            # event_no is the order rows were written in, which is all that may differ
            stored[n] = con.execute("SELECT * EXCLUDE (event_no) FROM events ORDER BY article_key, idx").fetchall()
    assert stored[1] and stored[2] == stored[1]


@pytest.mark.parametrize("value", ["0", "-2"])
def test_a_workers_count_that_is_not_one_or_more_or_minus_one_is_a_usage_error(value, tmp_path):
    done = run_pactwatch("extract", "-", "--workers", value, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().strip() == \
        f"pactwatch: error: --workers: must be 1 or more, or -1 for every core, not {value}"


def test_minus_one_is_every_core():
    assert resolve_workers(-1) >= 1 and resolve_workers(3) == 3


def test_the_api_streams_the_same_results_and_warnings_from_two_workers():
    items = [Article(id=f"u{i}", text=f"{SENTENCES[i]} Yesterday Armenia asked Russia for help.") for i in range(5)]
    items.insert(2, InputError("feed.jsonl", "malformed JSON", 3))
    outs, warnings = {}, {}
    one = Extractor(batch_size=2)
    for n in (1, 2):
        heard = []
        outs[n] = list(Extractor(nlp=one.nlp, batch_size=2, workers=n).stream(items, heard.append))
        warnings[n] = [str(w) for w in heard]
    assert [o.to_dict() if isinstance(o, ArticleResult) else str(o) for o in outs[2]] == \
        [o.to_dict() if isinstance(o, ArticleResult) else str(o) for o in outs[1]]
    assert str(outs[2][2]) == "feed.jsonl:3: malformed JSON"
    assert warnings[2] == warnings[1] and len(warnings[1]) == 5
