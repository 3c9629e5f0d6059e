"""`pactwatch obligations` says what it assumed and what followed (issue 9), as a user reads it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PACTWATCH = Path(sys.executable).parent / "pactwatch"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(PACTWATCH), "obligations", *args], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


def test_without_a_place_the_answer_says_it_read_the_states_own_territory():
    out = run("--attacked", "Estonia", "--by", "Russia", "--on", "2025-06-01")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Note: No place was given: the attack is read as one on Estonia's own territory")
    assert "ENGAGED  North Atlantic Treaty, Art. 5 (defence) — engaged by the text" in out.stdout


def test_an_invoked_obligation_shows_who_invoked_it_and_what_followed():
    out = run("--attacked", "USA", "--on", "2001-09-12", "--json")
    assert out.returncode == 0, out.stderr
    art5 = next(v for v in json.loads(out.stdout) if v["obligation"] == "nato-art5")
    assert art5["stage"] == "honoured" and art5["invocations"][0]["date"] == "2001-09-12"
    text = run("--attacked", "USA", "--on", "2001-09-12").stdout
    assert "invoked: decision by NATO for USA on 2001-09-12 under Art. 5; honoured" in text


def test_a_breach_is_printed_as_one():
    out = run("--attacked", "KGZ", "--by", "TJK", "--on", "2022-09-16")
    assert out.returncode == 0, out.stderr
    assert "BREACHED  Collective Security Treaty, Art. 1 (non_aggression)" in out.stdout


def test_kb_places_shows_a_tag_that_holds_for_a_period():
    out = subprocess.run([str(PACTWATCH), "kb", "places", "--state", "JPN"], capture_output=True, text=True,
                         timeout=120, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    senkakus = next(line for line in out.stdout.splitlines() if line.startswith("Senkaku Islands"))
    assert "japan_administered (from 1972-05-15)" in senkakus


def test_kb_show_says_when_each_wording_of_an_article_binds():
    out = subprocess.run([str(PACTWATCH), "kb", "show", "csto"], capture_output=True, text=True, timeout=120,
                         env={"COLUMNS": "400", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    text = " ".join(out.stdout.split())  # long paraphrases wrap
    assert "this wording until 2012-12-18)" in text and "request required; this wording from 2012-12-19)" in text


def test_kb_status_gives_the_binding_date_and_keeps_the_signature():
    def status(on: str) -> str:
        out = subprocess.run([str(PACTWATCH), "kb", "status", "ARM", "csto", "--on", on], capture_output=True,
                             text=True, timeout=120, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})
        assert out.returncode == 0, out.stderr
        return out.stdout
    assert "legal: no record for this date (first: member from 1994-04-20, signed 1992-05-15)" in status("1993-01-01")
    assert "legal: member since 1994-04-20 (signed 1992-05-15)" in status("2025-01-01")
