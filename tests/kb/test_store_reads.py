"""`ledger`, `kb proposals` and `obligations` read a store (`--db`) as they read extract output (issue 9).

Our own articles are extracted to JSONL and ingested into a store; each command must give the same
answer from either (the store adds each event's article key and index, which JSONL lacks), and
say in one line what is missing when given neither.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PACTWATCH = Path(sys.executable).parent / "pactwatch"
ARTICLES = [
    {"id": "own-1", "published": "2026-03-02",
     "text": "Armenia asked the CSTO for military assistance on Monday after Azerbaijani forces shelled "
             "villages near Jermuk.\nThe CSTO refused to send troops to Armenia, its secretary general said."},
    {"id": "own-2", "published": "2026-04-10",
     "text": "Armenia has frozen its participation in the CSTO, Prime Minister Nikol Pashinyan said on Friday."},
]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PACTWATCH), *args], capture_output=True, text=True, timeout=300,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    d = tmp_path_factory.mktemp("kbstore")
    articles = d / "articles.jsonl"
    articles.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    results, db = d / "out.jsonl", d / "store.duckdb"
    assert _run("extract", str(articles), "--out", str(results), "--quiet").returncode == 0
    assert _run("ingest", str(results), "--db", str(db), "--quiet").returncode == 0
    return results, db


def _without_store_ids(value):
    if isinstance(value, dict):
        return {k: _without_store_ids(v) for k, v in value.items() if k not in {"article_key", "idx"}}
    if isinstance(value, list):
        return [_without_store_ids(v) for v in value]
    return value


@pytest.mark.parametrize("command", [["ledger", "--alliance", "CSTO"], ["kb", "proposals"]])
def test_store_and_file_give_the_same_answer(inputs, command):
    results, db = inputs
    from_file = _run(*command, str(results), "--json")
    from_store = _run(*command, "--db", str(db), "--json")
    assert from_file.returncode == from_store.returncode == 0, from_file.stderr + from_store.stderr
    answer = json.loads(from_file.stdout)
    assert answer, "the articles report a request and a freeze: the answer must not be empty"
    assert _without_store_ids(json.loads(from_store.stdout)) == _without_store_ids(answer)


def test_ledger_from_the_store_cites_the_stored_event(inputs):
    _, db = inputs
    entries = json.loads(_run("ledger", "--db", str(db), "--json").stdout)
    cited = [r for e in entries for r in e["requests"]]
    assert cited and all(len(r["article_key"]) == 64 and isinstance(r["idx"], int) for r in cited)


def test_obligations_count_the_requests_a_store_reports(inputs):
    results, db = inputs
    args = ("obligations", "--attacked", "ARM", "--by", "AZE", "--where", "Jermuk", "--on", "2026-03-02", "--json")
    assert json.loads(_run(*args, "--db", str(db)).stdout) == json.loads(_run(*args, "--events", str(results)).stdout)


def test_neither_results_nor_store_is_one_clear_line(tmp_path):
    out = _run("ledger")
    assert out.returncode == 2 and "give pactwatch extract output (JSONL files) or a store with --db FILE" in out.stderr
    missing = _run("kb", "proposals", "--db", str(tmp_path / "none.duckdb"))
    assert missing.returncode == 2 and "none.duckdb: no such store" in missing.stderr
    assert "Traceback" not in out.stderr + missing.stderr
