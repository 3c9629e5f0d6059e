"""A user's KB directory corrects and updates the shipped base from a date on (issue 9, overlays).

The overlay here is a hypothetical record we write ourselves (Armenia leaving the CSTO on
2026-06-01, with its own source); the shipped files are never edited. Each surface is checked:
the model, `kb status`, `obligations`, and the API over a real uvicorn server.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.errors import DataFileError
from pactwatch.kb import Attack, check_obligations, load
from pactwatch.resources import data_path

PACTWATCH = Path(sys.executable).parent / "pactwatch"
SOURCE = "https://example.org/armenia-leaves-csto"
OVERLAY = (f"- {{treaty: csto, member: ARM, layer: legal, status: withdrawn, start: '2026-06-01', source: '{SOURCE}'}}\n"
           f"- {{treaty: csto, member: ARM, layer: participation, status: withdrawn, start: '2026-06-01', "
           f"source: '{SOURCE}'}}\n")


@pytest.fixture()
def overlay(tmp_path: Path) -> Path:
    (tmp_path / "memberships.yaml").write_text(OVERLAY, encoding="utf-8")
    return tmp_path


def _shipped_digest() -> str:
    return hashlib.sha256(Path(str(data_path("kb"))).joinpath("memberships.yaml").read_bytes()).hexdigest()


def test_the_overlay_wins_from_its_date_on_and_the_base_holds_before(overlay):
    before = _shipped_digest()
    kb = load([overlay])
    after_exit = kb.status_on("ARM", "csto", "2026-07-01")
    assert after_exit["legal"].status == "withdrawn" and after_exit["legal"].source == SOURCE
    assert after_exit["participation"].status == "withdrawn"
    assert not kb.is_member("ARM", "csto", "2026-07-01")
    # before the overlay's date the shipped intervals stand, cut to end the day before
    earlier = kb.status_on("ARM", "csto", "2025-01-01")
    assert earlier["legal"].status == "member" and earlier["legal"].source != SOURCE
    assert earlier["participation"].status == "frozen" and earlier["participation"].end == "2026-05-31"
    assert kb.status_on("ARM", "csto", "2026-05-31")["legal"].end == "2026-05-31"
    assert _shipped_digest() == before


def test_a_closed_overlay_record_corrects_a_period_and_the_base_resumes_after(tmp_path):
    (tmp_path / "memberships.yaml").write_text(
        "- {treaty: csto, member: ARM, layer: participation, status: suspended, start: '2023-01-01', "
        f"end: '2023-06-30', source: '{SOURCE}'}}\n", encoding="utf-8")
    kb = load([tmp_path])
    assert kb.status_on("ARM", "csto", "2022-12-31")["participation"].status == "active"
    assert kb.status_on("ARM", "csto", "2023-03-01")["participation"].status == "suspended"
    resumed = kb.status_on("ARM", "csto", "2023-07-01")["participation"]
    assert resumed.status == "active" and resumed.start == "2023-07-01"
    assert kb.status_on("ARM", "csto", "2024-06-01")["participation"].status == "frozen"


def test_overlapping_records_within_one_overlay_are_refused(tmp_path):
    (tmp_path / "memberships.yaml").write_text(OVERLAY + (
        "- {treaty: csto, member: ARM, layer: legal, status: member, start: '2026-07-01', "
        f"source: '{SOURCE}'}}\n"), encoding="utf-8")
    with pytest.raises(DataFileError, match="overlaps") as caught:
        load([tmp_path])
    assert str(tmp_path / "memberships.yaml") in str(caught.value)


def test_obligations_reasoning_reads_the_overlay(overlay):
    attack = Attack(attacked="ARM", by="AZE", where=None, on="2026-07-01")
    def party_steps(kb) -> list[str]:
        return [s.answer for v in check_obligations(kb, attack) if v.treaty == "csto" for s in v.steps
                if s.question.startswith(("Is ARM a party", "Does ARM take part"))]

    assert party_steps(load())[:2] == ["yes, bound since 1994-04-20 (signed 1992-05-15)",
                                       "frozen since 2024-02-22: the legal commitment stands, but the member "
                                       "has stepped back from it"]
    # a state that has left is no party, and takes no part: nothing "stands"
    assert set(party_steps(load([overlay]))) == {"no: withdrawn since 2026-06-01"}


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PACTWATCH), *args], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_kb_status_cli_shows_the_overlay_with_its_source(overlay):
    out = _run("kb", "status", "ARM", "csto", "--on", "2026-07-01", "--kb", str(overlay))
    assert out.returncode == 0, out.stderr
    assert f"legal: withdrawn since 2026-06-01 ({SOURCE})" in out.stdout
    assert "legal: member" in _run("kb", "status", "ARM", "csto", "--on", "2026-07-01").stdout


def test_obligations_cli_reads_the_overlay(overlay):
    out = _run("obligations", "--attacked", "ARM", "--by", "AZE", "--on", "2026-07-01", "--json",
               "--kb", str(overlay))
    assert out.returncode == 0, out.stderr
    csto = [v for v in json.loads(out.stdout) if v["treaty"] == "csto"]
    assert csto and all(_party_answer(v) == "no: withdrawn since 2026-06-01" for v in csto)


def _party_answer(verdict: dict) -> str:
    return next(s["answer"] for s in verdict["steps"] if s["question"].startswith("Is ARM a party"))


def test_the_api_serves_the_overlay(overlay, tmp_path):
    from pactwatch.api.app import create_app

    from api.api_helpers import InProcess, ok  # tests/ is on sys.path (rootdir conftest)

    server = InProcess(create_app(tmp_path / "empty.duckdb", api_key="k" * 32, kb_dirs=[overlay]))  # a key: a new store
    try:
        detail = ok(server.client.get("/api/alliances/csto", params={"on": "2026-07-01"}))
        assert "ARM" not in detail["members_on"]
        arm = next(m for m in detail["members"] if m["key"] == "ARM")
        assert arm["status"]["legal"] == "withdrawn" and arm["legal"][-1]["source"] == SOURCE
        verdicts = ok(server.client.get("/api/obligations", params={"attacked": "ARM", "by": "AZE",
                                                                    "on": "2026-07-01"}))
        csto = [v for v in verdicts if v["treaty"] == "csto"]
        assert csto and all(_party_answer(v) == "no: withdrawn since 2026-06-01" for v in csto)
    finally:
        server.stop()


# --- kb accept: a reviewed proposal becomes an overlay record ---------------------------------------

PROPOSING_ARTICLE = {"id": "t-leave", "published": "2026-06-02", "events": [
    {"source": "ARM", "type": "REJECT", "target": "CSTO", "date": "2026-06-01", "negated": False,
     "hypothetical": False, "evidence": "Armenia left the CSTO on Monday, its foreign minister said."}]}


def _results(tmp_path: Path) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text(json.dumps(PROPOSING_ARTICLE) + "\n", encoding="utf-8")
    return path


def test_kb_accept_writes_an_overlay_record_that_kb_status_then_reads(tmp_path):
    results, into = _results(tmp_path), tmp_path / "my-kb"
    before = _shipped_digest()
    out = _run("kb", "accept", str(results), "--member", "Armenia", "--alliance", "CSTO", "--status", "withdrawn",
               "--source", SOURCE, "--into", str(into))
    assert out.returncode == 0, out.stderr
    assert "Wrote ARM legal withdrawn in csto from 2026-06-01" in out.stdout
    assert [p.name for p in into.iterdir()] == ["memberships.yaml"]  # no temp file left behind
    status = _run("kb", "status", "ARM", "csto", "--on", "2026-07-01", "--kb", str(into))
    assert f"legal: withdrawn since 2026-06-01 ({SOURCE})" in status.stdout
    assert _shipped_digest() == before


def test_kb_accept_refuses_what_no_article_proposes_and_a_record_that_would_not_load(tmp_path):
    results, into = _results(tmp_path), tmp_path / "my-kb"
    out = _run("kb", "accept", str(results), "--member", "ARM", "--alliance", "CSTO", "--status", "frozen",
               "--source", SOURCE, "--into", str(into))
    assert out.returncode == 2 and "no proposal that ARM is frozen in csto" in out.stderr
    assert "Traceback" not in out.stderr and not into.exists()
    first = _run("kb", "accept", str(results), "--member", "ARM", "--alliance", "CSTO", "--status", "withdrawn",
                 "--source", SOURCE, "--into", str(into))
    assert first.returncode == 0, first.stderr
    written = (into / "memberships.yaml").read_text(encoding="utf-8")
    # the same record again overlaps the first within one directory: refused, the file untouched
    again = _run("kb", "accept", str(results), "--member", "ARM", "--alliance", "CSTO", "--status", "withdrawn",
                 "--source", SOURCE, "--into", str(into))
    assert again.returncode == 2 and "overlaps" in again.stderr, again.stderr
    assert (into / "memberships.yaml").read_text(encoding="utf-8") == written
    assert sorted(p.name for p in into.iterdir()) == ["memberships.yaml"]


def test_the_ledger_reads_the_overlay(tmp_path):
    # our own test article: Armenia asks the CSTO for help and Kazakhstan sends aid; an overlay in which
    # Kazakhstan has left the CSTO the month before takes its aid off the alliance's side
    article = {"id": "t-ask", "published": "2026-06-10", "events": [
        {"source": "ARM", "type": "REQUEST", "target": "CSTO", "date": "2026-06-09", "date_basis": "text",
         "negated": False, "hypothetical": False, "evidence": "Armenia asked the CSTO for help on Tuesday."},
        {"source": "KAZ", "type": "AID", "target": "ARM", "date": "2026-06-10", "date_basis": "text",
         "negated": False, "hypothetical": False, "evidence": "Kazakhstan sent aid to Armenia on Wednesday."}]}
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps(article) + "\n", encoding="utf-8")
    into = tmp_path / "my-kb"
    into.mkdir()
    (into / "memberships.yaml").write_text(
        f"- {{treaty: csto, member: KAZ, layer: legal, status: withdrawn, start: '2026-05-01', source: '{SOURCE}'}}\n",
        encoding="utf-8")

    def outcome(*kb: str) -> str:
        out = _run("ledger", str(results), "--json", *kb)
        assert out.returncode == 0, out.stderr
        entries = json.loads(out.stdout)
        assert [(e["requester"], e["addressee"]) for e in entries] == [("ARM", "CSTO")]
        return entries[0]["outcome"]

    assert outcome() == "aid delivered"
    assert outcome("--kb", str(into)) == "no response reported in these articles"
