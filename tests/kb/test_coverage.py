"""The commitments added for issue 9 ("Coverage and data"), beyond what the scenario battery
(tests/kb/scenarios_coverage.yaml) checks: what the answer says about an assurance, why a state that
left ECOWAS is owed nothing, that the SCO yields no obligation, and the Rio invocation of 2001."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.errors import DataFileError
from pactwatch.kb import Attack, check_obligations, default_kb, load

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def kb():
    return default_kb()


def verdicts(kb, attacked, on, by=None, where=None):
    return {v.obligation: v for v in check_obligations(kb, Attack(attacked, by, where, on))}


# --- the Budapest Memorandum: an assurance is answered, and says it is no defence pledge ----------

def test_an_assurance_says_nobody_is_bound_to_defend(kb):
    v = verdicts(kb, "UKR", "2022-02-24", by="RUS", where="Kyiv")["budapest-para4"]
    assert v.verdict == "not engaged" and v.stage == "assurances only, no duty to defend"
    assert v.kind == "assurance" and v.bound == []
    last = v.steps[-1]
    assert last.ok is False and last.question == "Does Para. 4 oblige anyone to defend UKR?"
    assert last.answer.startswith("no: RUS, GBR, USA gave UKR an assurance, not a defence obligation")
    assert "Security Council" in last.answer
    assert v.note.startswith("Budapest Memorandum on Security Assurances gives assurances, not a defence obligation")


def test_the_assurance_note_comes_before_the_place_note(kb):
    v = verdicts(kb, "UKR", "2022-02-24", by="RUS")["budapest-para4"]
    assert "gives assurances, not a defence obligation" in v.note
    assert "No place was given" in v.note  # the reading of the place is still said
    assert verdicts(kb, "UKR", "2022-02-24", by="RUS")["budapest-para2"].note.startswith("No place was given")


def test_an_assurance_before_it_was_given_is_not_engaged_without_the_assurance_stage(kb):
    v = verdicts(kb, "UKR", "1993-06-01", by="RUS")["budapest-para4"]
    assert v.verdict == "not engaged" and v.stage is None
    assert "assurances" not in (v.note or "")
    assert v.steps[0].ok is False and "binds from 1994-12-05" in v.steps[0].answer


def test_an_assurance_to_someone_else_says_nothing(kb):
    for attacked in ("RUS", "USA", "GBR"):
        assert "budapest-para4" not in verdicts(kb, attacked, "2024-08-06", by="UKR")


def test_russias_attack_breaches_its_own_assurance_and_names_it(kb):
    v = verdicts(kb, "UKR", "2014-02-27", by="RUS", where="Simferopol")["budapest-para2"]
    assert v.verdict == "breached" and v.bound == ["RUS"]
    # the UK or US are bound by the same pledge, but an attack by Belarus breaches nothing
    assert "budapest-para2" not in verdicts(kb, "UKR", "2022-02-24", by="BLR")


def test_para6_consultations_list_their_invocation(kb):
    v = verdicts(kb, "UKR", "2014-02-27", by="RUS", where="Simferopol")["budapest-para6"]
    assert [i["date"] for i in v.invocations] == ["2014-03"]
    assert v.invocations[0]["outcome"] == "partly honoured"


def test_the_loader_takes_assurance_as_a_kind_and_still_refuses_an_unknown_one(tmp_path):
    entry = ("- id: t\n  name: T\n  kind: bilateral\n  in_force: '2000'\n  source: https://example.org\n"
             "  scope: {kind: member_territory}\n  obligations:\n"
             "    - {id: t-1, kind: %s, binds: [AAA], protects: [BBB], source: https://example.org}\n")
    (tmp_path / "treaties.yaml").write_text(entry % "assurance", encoding="utf-8")
    assert load([tmp_path]).treaties["t"].obligations[0].kind == "assurance"
    (tmp_path / "treaties.yaml").write_text(entry % "guarantee", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load([tmp_path])
    assert "'kind'" in str(err.value) and "assurance" in str(err.value)


def test_the_command_line_prints_the_assurance_stage():
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "250"}
    env.pop("PACTWATCH_KB", None)
    cmd = [sys.executable, "-c", "from pactwatch.cli import main; main()", "obligations",
           "--attacked", "Ukraine", "--by", "Russia", "--on", "2022-02-24", "--where", "Kyiv"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, out.stderr
    assert ("NOT ENGAGED  Budapest Memorandum on Security Assurances, Para. 4 (assurance) — "
            "assurances only, no duty to defend") in out.stdout
    assert "BREACHED  Budapest Memorandum on Security Assurances, Para. 2 (non_aggression)" in out.stdout
    as_json = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=120, env=env)
    para4 = next(v for v in json.loads(as_json.stdout) if v["obligation"] == "budapest-para4")
    assert "not a defence obligation" in para4["note"]


# --- ECOWAS and the Sahel exit -------------------------------------------------------------------

def test_a_state_that_left_ecowas_is_told_when(kb):
    for attacked in ("MLI", "BFA", "NER"):
        v = verdicts(kb, attacked, "2025-06-01")["ecowas-mech-art25"]
        member = next(s for s in v.steps if s.question.startswith(f"Is {attacked} a party"))
        assert member.ok is False and member.answer == "no: withdrawn since 2025-01-29"
    # the day before, still a member, but suspended from ECOWAS bodies since 2021: open, and why
    v = verdicts(kb, "MLI", "2025-01-28")["ecowas-mech-art25"]
    assert v.verdict == "contested"
    member, taking_part = v.steps[1], v.steps[2]
    assert member.ok is True and taking_part.ok is None
    assert taking_part.answer.startswith("suspended since 2021-05-30: the legal commitment stands")


def test_the_remaining_members_owe_the_mechanism_and_the_three_do_not(kb):
    on = "2025-06-01"
    members = kb.members_on("ecowas_mechanism_1999", on)
    assert len(members) == 12 and not {"BFA", "MLI", "NER"} & set(members)
    assert len(kb.members_on("ecowas_mechanism_1999", "2024-06-01")) == 15


def test_the_1981_protocol_needs_the_victims_request(kb):
    v = verdicts(kb, "NGA", "2024-06-01")["ecowas-mad-art2-3"]
    request = next(s for s in v.steps if s.question.startswith("Is a request required"))
    assert request.ok is False and "engaged once NGA" in request.answer
    assert "MLI" not in kb.parties("ecowas_mad_1981") and "CPV" not in kb.parties("ecowas_mad_1981")


# --- the Rio Treaty ------------------------------------------------------------------------------

def test_the_2001_invocation_is_listed_with_its_resolution(kb):
    v = verdicts(kb, "USA", "2001-09-11")["rio-art3"]
    assert v.stage == "invoked"
    (inv,) = v.invocations
    assert (inv["by"], inv["for"], inv["date"], inv["kind"]) == ("OAS", "USA", "2001-09-21", "decision")
    assert inv["source"].startswith("http://www.oas.org/")
    assert "MEX" in v.bound and "CUB" not in v.bound and "VEN" in v.bound


def test_a_withdrawn_party_is_owed_nothing_and_owes_nothing(kb):
    v = verdicts(kb, "USA", "2024-06-01", by="CHN", where="Hawaii")["rio-art3"]
    assert v.verdict == "engaged"
    assert not {"MEX", "VEN", "BOL", "NIC", "ECU", "CUB"} & set(v.bound)
    assert {"BRA", "ARG", "CAN"} & set(v.bound) == {"BRA", "ARG"}  # Canada never joined


# --- the SCO: no defence clause, so no verdict ------------------------------------------------------

def test_the_sco_is_recorded_with_no_obligation(kb):
    sco = kb.treaty("SCO")
    assert sco is not None and sco.obligations == ()
    assert kb.is_member("KAZ", "sco", "2024-06-01") and kb.is_member("BLR", "sco", "2024-07-04")
    assert not kb.is_member("BLR", "sco", "2024-07-03")


def test_an_attack_on_an_sco_member_yields_no_sco_verdict(kb):
    for attacked in ("KAZ", "CHN", "IND", "PAK", "IRN"):
        assert not [v for v in check_obligations(kb, Attack(attacked, None, None, "2024-06-01")) if v.treaty == "sco"]
    # India is party to no other treaty in the base: the answer is empty, not an invented SCO pledge
    assert check_obligations(kb, Attack("IND", "PAK", None, "2025-05-07")) == []


# --- the Shusha Declaration ----------------------------------------------------------------------

def test_shusha_binds_from_its_ratification(kb):
    v = verdicts(kb, "AZE", "2021-07-01", by="ARM")["shusha-defence"]
    assert v.steps[0].ok is False and "binds from 2022-02" in v.steps[0].answer
    assert verdicts(kb, "AZE", "2022-03-01", by="ARM")["shusha-defence"].bound == ["TUR"]
