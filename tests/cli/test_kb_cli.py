"""The knowledge-base verbs through the real ``pactwatch`` command: names in any case, clear refusals.

Wrong inputs used to pass with exit 0 and an empty or "no record" answer; now a name that names one
thing is accepted and anything else stops with the option named, close matches and exit 2.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ATOP_DIR = Path(__file__).resolve().parents[3] / "shared" / "reference" / "atop"
VERBS = (["kb", "list"], ["kb", "places"], ["kb", "show"], ["kb", "status"], ["kb", "proposals"], ["kb", "import-atop"],
         ["obligations"], ["ledger"])


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode()


def _refused(result, *needles: str) -> str:
    err = result.stderr.decode()
    assert result.returncode == 2, (result.returncode, err, result.stdout.decode())
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, (needle, err)
    return err


@pytest.mark.parametrize("member", ["ARM", "arm", "Armenia", "armenia"])
def test_kb_status_accepts_a_key_or_name_in_any_case(tmp_path, pactwatch, member):
    out = _ok(pactwatch("kb", "status", member, "csto", "--on", "2024-06-01", cwd=tmp_path))
    assert "ARM in csto on 2024-06-01, legal: member" in out and "participation: frozen" in out


def test_kb_status_refuses_an_unknown_member_with_suggestions(tmp_path, pactwatch):
    _refused(pactwatch("kb", "status", "Armenie", "CSTO", "--on", "2024-06-01", cwd=tmp_path),
             "MEMBER: no actor 'Armenie'", "ARM (Armenia)")
    _refused(pactwatch("kb", "status", "ARM", "Warsaw", "--on", "2024-06-01", cwd=tmp_path), "ALLIANCE: ")


def test_kb_status_of_a_state_never_a_party_says_so(tmp_path, pactwatch):
    out = _ok(pactwatch("kb", "status", "France", "CSTO", "--on", "2024-06-01", "--json", cwd=tmp_path))
    assert json.loads(out)["ever_a_party"] is False
    assert "has never been a party" in _ok(pactwatch("kb", "status", "FRA", "CSTO", "--on", "2024-06-01", cwd=tmp_path))


def test_kb_show_takes_an_organisation_name(tmp_path, pactwatch):
    shown = json.loads(_ok(pactwatch("kb", "show", "OTAN", "--on", "2024-06-01", "--json", cwd=tmp_path)))
    assert shown["treaty"]["id"] == "nato" and "SWE" in shown["members_on"]["members"]
    _refused(pactwatch("kb", "show", "USA", cwd=tmp_path), "is a state, not a treaty", "us_japan")


def test_obligations_accepts_names_and_refuses_unknown_places(tmp_path, pactwatch):
    out = _ok(pactwatch("obligations", "--attacked", "arm", "--by", "Azerbaijan", "--where", "jermuk",
                        "--on", "2022-09-13", "--json", cwd=tmp_path))
    assert any(v["treaty"] == "csto" and v["verdict"] == "contested" for v in json.loads(out))
    _refused(pactwatch("obligations", "--attacked", "ARM", "--where", "Jermukk", "--on", "2022-09-13", cwd=tmp_path),
             "--where: no place 'Jermukk'", "Jermuk")
    _refused(pactwatch("obligations", "--attacked", "Armenie", "--on", "2022-09-13", cwd=tmp_path), "--attacked: ")
    _refused(pactwatch("obligations", "--attacked", "ARM", "--by", "Azerbaidjan", "--on", "2022-09-13", cwd=tmp_path),
             "--by: ", "AZE")


# --- the ledger and proposals on articles we wrote -------------------------------------------------

def _article(article_id: str, events: list[dict]) -> dict:
    return {"id": article_id, "url": None, "title": None, "outlet": None, "published": "2022-09-20",
            "text_clean": " ".join(e["evidence"] for e in events), "events": events, "quotes": [], "actors": []}


def _event(source, target, event_type, evidence, date="2022-09-14", **flags) -> dict:
    return {"source": source, "target": target, "type": event_type, "mode": None, "date": date,
            "negated": flags.get("negated", False), "hypothetical": False, "evidence": evidence,
            "evidence_span": [0, len(evidence)], "source_text": source, "target_text": target,
            "confidence": 0.9, "date_basis": "text"}


@pytest.fixture
def results(tmp_path) -> str:
    article = _article("ruritanian-wire-1", [
        _event("ARM", "CSTO", "REQUEST", "Armenia asked the alliance for military help on Wednesday."),
        _event("CSTO", "ARM", "REJECT", "The alliance declined to send troops.", date="2022-09-15"),
        _event("ARM", "CSTO", "REJECT", "Armenia froze its participation in the alliance.", date="2024-02"),
    ])
    (tmp_path / "events.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    return "events.jsonl"


@pytest.mark.parametrize("alliance", ["CSTO", "csto", "Collective Security Treaty Organization", "odkb"])
def test_ledger_accepts_the_alliance_by_any_name(tmp_path, pactwatch, results, alliance):
    entries = json.loads(_ok(pactwatch("ledger", results, "--alliance", alliance, "--json", cwd=tmp_path)))
    assert [(e["requester"], e["alliance"]) for e in entries] == [("ARM", "CSTO")]
    assert [r["kind"] for r in entries[0]["responses"]] == ["refusal or denial"]


def test_ledger_with_an_unknown_alliance_is_refused_and_an_empty_one_says_so(tmp_path, pactwatch, results):
    _refused(pactwatch("ledger", results, "--alliance", "CTSO", cwd=tmp_path), "--alliance: ", "csto")
    out = _ok(pactwatch("ledger", results, "--alliance", "OTAN", cwd=tmp_path))
    assert "No requests for assistance to NATO" in out


def test_proposals_filter_by_alliance(tmp_path, pactwatch, results):
    proposals = json.loads(_ok(pactwatch("kb", "proposals", results, "--alliance", "odkb", "--json", cwd=tmp_path)))
    assert [(p["member"], p["treaty"], p["status"]) for p in proposals] == [("ARM", "csto", "frozen")]
    assert json.loads(_ok(pactwatch("kb", "proposals", results, "--alliance", "nato", "--json", cwd=tmp_path))) == []
    _refused(pactwatch("kb", "proposals", results, "--alliance", "NATOO", cwd=tmp_path), "--alliance: ")


# --- listing what there is --------------------------------------------------------------------------

def test_kb_list_gives_the_alliances_with_members_on_a_date(tmp_path, pactwatch):
    treaties = {t["id"]: t for t in json.loads(_ok(pactwatch("kb", "list", "--on", "2022-01-01", "--json", cwd=tmp_path)))}
    assert {"csto", "nato", "eu_42_7", "us_japan"} <= set(treaties)
    assert treaties["csto"]["organisation"] == "CSTO" and "ARM" in treaties["csto"]["members"]
    assert "FIN" not in treaties["nato"]["members"]  # Finland joined in 2023
    table = _ok(pactwatch("kb", "list", cwd=tmp_path))
    assert "csto" in table and "nato" in table and "multilateral" in table


def test_kb_places_gives_the_values_where_accepts(tmp_path, pactwatch):
    places = json.loads(_ok(pactwatch("kb", "places", "--json", cwd=tmp_path)))
    names = {p["name"] for p in places}
    assert {"Jermuk", "Helsinki", "Hawaii"} <= names
    armenian = json.loads(_ok(pactwatch("kb", "places", "--state", "Armenia", "--json", cwd=tmp_path)))
    assert "Jermuk" in {p["name"] for p in armenian} and all(p["state"] == "ARM" for p in armenian)
    _refused(pactwatch("kb", "places", "--state", "Ruritania", cwd=tmp_path), "--state: ")


# --- help and import output ---------------------------------------------------------------------------

def test_kb_help_keeps_each_example_on_its_own_line(tmp_path, pactwatch):
    lines = [line.strip() for line in _ok(pactwatch("kb", "--help", cwd=tmp_path)).splitlines()]
    assert "pactwatch kb show CSTO" in lines
    assert "pactwatch kb status Armenia CSTO --on 2024-06-01" in lines
    assert "list" in " ".join(lines) and "places" in " ".join(lines)


@pytest.mark.parametrize("verb", VERBS, ids=" ".join)
def test_kb_options_have_readable_metavars(tmp_path, pactwatch, verb):
    out = _ok(pactwatch(*verb, "--help", cwd=tmp_path))
    options = [line for line in out.splitlines() if line.lstrip().startswith("-")]
    assert options and [line for line in options if "<" in line] == []  # Typer's <list[Path]>, <str>


def test_import_atop_reports_in_words(tmp_path, pactwatch):
    member, alliance = ATOP_DIR / "atop_v4.01_member_level.csv", ATOP_DIR / "atop_v4.01_alliance_level.csv"
    for path in (member, alliance):
        if not path.is_file():
            pytest.fail(f"ATOP reference file missing: {path}")
    out = _ok(pactwatch("kb", "import-atop", alliance, member, "--into", "atop-kb", cwd=tmp_path, timeout=300))
    assert "ImportSummary(" not in out
    assert re.fullmatch(r"Imported ATOP v4\.01: 745 alliances, 208 member states, \d+ membership intervals\.",
                        out.splitlines()[0]), out
    assert "--kb atop-kb" in out and "COW codes" in out
    shown = json.loads(_ok(pactwatch("kb", "show", "atop-4220", "--kb", "atop-kb", "--json", cwd=tmp_path, timeout=300)))
    assert shown["treaty"]["atop_id"] == 4220


def test_a_malformed_results_file_names_file_article_and_field(tmp_path, pactwatch):
    bad = _article("hand-edited", [_event("ARM", "CSTO", "REQUEST", "Armenia asked the alliance for help.", date="2022-13")])
    good = _article("fine", [_event("ARM", "CSTO", "REQUEST", "Armenia asked the alliance for help.")])
    (tmp_path / "bad.jsonl").write_text(json.dumps(good) + "\n\n" + json.dumps(bad) + "\n", encoding="utf-8")
    for verb in (["ledger", "bad.jsonl"], ["kb", "proposals", "bad.jsonl"],
                 ["obligations", "--attacked", "ARM", "--on", "2022-09-13", "--events", "bad.jsonl"]):
        _refused(pactwatch(*verb, cwd=tmp_path), "bad.jsonl:3: article 'hand-edited', event 0: field 'date'", "'2022-13'")
