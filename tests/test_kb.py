"""The commitments knowledge base and its reasoning, on real cases (issue 3's acceptance)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pactwatch.errors import DataFileError
from pactwatch.kb import Attack, build_ledger, check_obligations, default_kb, load, propose_status_changes
from pactwatch.kb.model import FILES, day_floor
from pactwatch.resources import data_path

KB_DIR = Path(str(data_path("kb")))
PACTWATCH = Path(sys.executable).parent / "pactwatch"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seeds" / "gold.jsonl"


@pytest.fixture(scope="module")
def kb():
    return default_kb()


def verdict(kb, attack: Attack, treaty: str, kind: str = "defence"):
    found = [v for v in check_obligations(kb, attack) if v.treaty == treaty and v.kind == kind]
    assert found, f"no {kind} obligation of {treaty} for {attack}"
    return found[0]


# --- verdicts on real cases ----------------------------------------------------------------------

def test_september_2022_attack_on_armenia_is_contested_with_both_readings(kb):
    v = verdict(kb, Attack("ARM", "AZE", "Jermuk", "2022-09-13"), "csto")
    assert v.verdict == "contested"
    readings = {r.name: r.inside for r in v.readings}
    assert readings["internationally recognised territory"] is True
    assert readings["delimited borders only"] is False
    assert any("made" in s.answer for s in v.steps if "request" in s.question.lower())


def test_kazakhstan_2022_request_engages_the_csto(kb):
    v = verdict(kb, Attack("KAZ", None, "Almaty", "2022-01-05"), "csto")
    assert v.verdict == "engaged"
    request = [s for s in v.steps if "request" in s.question.lower()][0]
    assert request.ok is True and "made" in request.answer


def test_attack_on_finland_after_accession_engages_nato_article_5(kb):
    v = verdict(kb, Attack("FIN", "RUS", "Helsinki", "2023-06-01"), "nato")
    assert v.verdict == "engaged"


def test_attack_on_finland_before_accession_engages_the_eu_clause_not_nato(kb):
    attack = Attack("FIN", "RUS", "Helsinki", "2022-06-01")
    assert verdict(kb, attack, "nato").verdict == "not engaged"
    assert verdict(kb, attack, "eu_42_7").verdict == "engaged"


def test_attack_on_hawaii_is_outside_nato_and_us_japan(kb):
    attack = Attack("USA", "CHN", "Hawaii", "2025-01-10")
    nato = verdict(kb, attack, "nato")
    assert nato.verdict == "not engaged"
    assert any("outside" in s.answer or "no:" in s.answer for s in nato.steps)
    assert verdict(kb, attack, "us_japan").verdict == "not engaged"


def test_armenia_status_before_and_after_the_freeze(kb):
    before = kb.status_on("ARM", "csto", "2023-06-01")
    after = kb.status_on("ARM", "csto", "2024-06-01")
    assert before["legal"].status == "member" and before["participation"].status == "active"
    assert after["legal"].status == "member" and after["participation"].status == "frozen"
    assert after["participation"].start.startswith("2024-02")


def test_uzbekistan_azerbaijan_georgia_exits(kb):
    assert kb.is_member("UZB", "csto", "1998-01-01")
    assert not kb.is_member("UZB", "csto", "2003-01-01")
    assert kb.is_member("UZB", "csto", "2010-01-01")
    assert not kb.is_member("UZB", "csto", "2015-01-01")
    for state in ("AZE", "GEO"):
        assert kb.is_member(state, "csto", "1997-01-01")
        assert not kb.is_member(state, "csto", "2001-01-01")


def test_finland_and_sweden_nato_accessions(kb):
    assert not kb.is_member("FIN", "nato", "2023-04-03") and kb.is_member("FIN", "nato", "2023-04-04")
    assert not kb.is_member("SWE", "nato", "2024-03-06") and kb.is_member("SWE", "nato", "2024-03-07")


# --- the data: sources, intervals, malformed files -------------------------------------------------

def _all_entries():
    for path in sorted(KB_DIR.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            yield path.name, entry


def _facts(entry):
    """The entry and every nested fact (obligations, control intervals, dated values)."""
    yield entry
    for key in ("obligations", "control", "delimited", "regions"):
        value = entry.get(key)
        if isinstance(value, list):
            yield from (fact for fact in value if isinstance(fact, dict))


def test_every_fact_has_a_source():
    missing = [(name, entry.get("id") or entry.get("name") or entry.get("member"))
               for name, entry in _all_entries() for fact in _facts(entry) if not fact.get("source")]
    assert missing == []


def test_membership_intervals_do_not_overlap(kb):
    groups = {}
    for m in kb.memberships:
        groups.setdefault((m.treaty, m.member, m.layer), []).append(m)
    for intervals in groups.values():
        intervals.sort(key=lambda m: day_floor(m.start))
        for a, b in zip(intervals, intervals[1:]):
            assert a.end is not None and day_floor(b.start) >= day_floor(a.end), (a, b)


def _write(directory: Path, name: str, text: str) -> None:
    (directory / name).write_text(text, encoding="utf-8")


def test_a_fact_without_a_source_is_refused(tmp_path):
    _write(tmp_path, "requests.yaml", "- {requester: ARM, addressee: CSTO, date: '2022-09-13'}\n")
    with pytest.raises(DataFileError) as caught:
        load([tmp_path])
    assert "requests.yaml" in str(caught.value) and "'source'" in str(caught.value)


def test_an_overlapping_interval_is_refused(tmp_path):
    # within one directory; an overlay's record supersedes the base's instead (tests/kb/test_overlays.py)
    _write(tmp_path, "memberships.yaml",
           "- {treaty: csto, member: ARM, layer: participation, status: frozen, start: '2020-01-01', "
           "source: 'https://example.org/x'}\n"
           "- {treaty: csto, member: ARM, layer: participation, status: active, start: '2021-01-01', "
           "source: 'https://example.org/x'}\n")
    with pytest.raises(DataFileError, match="overlaps"):
        load([tmp_path])


def test_a_malformed_entry_names_file_entry_and_field(tmp_path):
    _write(tmp_path, "treaties.yaml",
           "- id: test_pact\n  name: Test Pact\n  kind: bilateral\n  source: 'https://example.org'\n"
           "  scope: {kind: member_territory}\n  obligations:\n"
           "    - {id: tp-1, kind: mutual_love, source: 'https://example.org'}\n")
    with pytest.raises(DataFileError) as caught:
        load([tmp_path])
    message = str(caught.value)
    assert "treaties.yaml" in message and "tp-1" in message and "'kind'" in message


def test_shipped_files_are_the_documented_ones():
    assert {p.stem for p in KB_DIR.glob("*.yaml")} >= set(FILES)


# --- from the news: ledger and status proposals -----------------------------------------------------

@pytest.fixture(scope="module")
def seed_results(tmp_path_factory):
    assert GOLD.is_file(), f"seed articles missing: {GOLD}"
    out = tmp_path_factory.mktemp("kb") / "seeds.jsonl"
    run = subprocess.run([str(PACTWATCH), "extract", str(GOLD), "--out", str(out), "-q"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_ledger_lists_armenias_2021_and_2022_requests_with_responses(kb, seed_results):
    entries = build_ledger(seed_results, kb, alliance="CSTO")
    by_date = {e.date[:7] if e.date and len(e.date) >= 7 else e.date: e for e in entries
               if e.requester == "ARM" and e.date_basis != "published"}
    assert "2021" in by_date and "2022-09" in by_date, [(e.date, e.date_basis) for e in entries]
    for key in ("2021", "2022-09"):
        entry = by_date[key]
        assert entry.requests and all(c.evidence for c in entry.requests)
        assert entry.responses, f"no responses for the {key} request"
        assert all(r.citation.evidence for r in entry.responses)
    kinds_2021 = {r.kind for r in by_date["2021"].responses}
    assert "refusal or denial" in kinds_2021  # the CSTO did not call it aggression
    kinds_2022 = {r.kind for r in by_date["2022-09"].responses}
    assert {"requester complains", "requester declines"} <= kinds_2022


def test_proposals_from_the_seeds_include_the_freeze(kb, seed_results):
    proposals = propose_status_changes(seed_results, kb)
    frozen = [p for p in proposals if p.member == "ARM" and p.treaty == "csto" and p.status in {"frozen", "suspended"}]
    assert frozen and all(p.evidence for p in frozen)


def test_obligations_cli_answers_in_json():
    run = subprocess.run([str(PACTWATCH), "obligations", "--attacked", "ARM", "--by", "AZE", "--where", "Jermuk",
                          "--on", "2022-09-13", "--json"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    verdicts = json.loads(run.stdout)
    assert any(v["treaty"] == "csto" and v["verdict"] == "contested" for v in verdicts)


def test_kb_status_cli():
    run = subprocess.run([str(PACTWATCH), "kb", "status", "ARM", "CSTO", "--on", "2024-06-01"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "participation: frozen" in run.stdout


# --- who may answer a request: one definition for the obligations reasoning and the ledger -----------

def _request_step(kb, attack, requests):
    v = [v for v in check_obligations(kb, attack, requests) if v.treaty == "csto" and v.kind == "defence"][0]
    return [s for s in v.steps if "request" in s.question.lower()][0]


def test_who_may_answer_a_request_depends_on_the_date(kb):
    from pactwatch.kb.answering import answerers

    csto = kb.treaties["csto"]
    in_2022 = answerers(kb, csto, "ARM", "2022-09-13")
    assert {"CSTO", "csto", "RUS", "KAZ"} <= in_2022 and "ARM" not in in_2022
    assert "UZB" not in in_2022 and "UZB" in answerers(kb, csto, "ARM", "2010-01-01")
    assert "UZB" in answerers(kb, csto, "ARM")  # undated: anyone ever a party


def test_a_request_counts_when_made_to_someone_who_may_answer_it(kb):
    from pactwatch.kb.model import Request

    # a fictional attack on Kazakhstan in 2023 (no request recorded for it), with requests added by hand
    attack = Attack("KAZ", None, "Almaty", "2023-03-01")
    made = lambda to: [Request("KAZ", to, "2023-03-02", "test", "test")]  # noqa: E731
    assert _request_step(kb, attack, []).ok is False  # help is owed once it asks: not engaged until then
    assert _request_step(kb, attack, made("RUS")).ok is True
    assert _request_step(kb, attack, made("CSTO")).ok is True
    assert _request_step(kb, attack, made("UZB")).ok is False  # Uzbekistan had left the CSTO
    assert _request_step(kb, attack, made("KAZ")).ok is False  # asking oneself is no request


# --- dates: the knowledge base reads them as PartialDate ----------------------------------------------

def test_an_impossible_date_in_the_base_is_refused_with_its_field(tmp_path):
    _write(tmp_path, "requests.yaml",
           "- {requester: ARM, addressee: CSTO, date: '2022-02-30', source: 'https://example.org/x'}\n")
    with pytest.raises(DataFileError) as caught:
        load([tmp_path])
    assert "requests.yaml" in str(caught.value) and "'date'" in str(caught.value) and "2022-02-30" in str(caught.value)


def test_partial_dates_cover_their_real_days():
    from pactwatch.kb.model import day_ceiling

    assert (day_floor("2024-02"), day_ceiling("2024-02")) == ("2024-02-01", "2024-02-29")
    assert (day_floor("2023"), day_ceiling("2023")) == ("2023-01-01", "2023-12-31")


@pytest.mark.parametrize("on", ["9999-12-01", "0001-01-02"])
def test_obligations_at_the_edge_of_the_calendar(kb, on):
    verdicts = check_obligations(kb, Attack("KAZ", None, None, on))  # the request window used to overflow
    assert any(v.treaty == "csto" for v in verdicts)
    if on.startswith("0001"):
        assert all(v.verdict == "not engaged" for v in verdicts)  # Kazakhstan was no party in year 1


def _request_article(requester: str, addressee: str, answerer: str) -> dict:
    def event(source, target, event_type, evidence, date):
        return {"source": source, "target": target, "type": event_type, "mode": None, "date": date,
                "negated": False, "hypothetical": False, "evidence": evidence, "evidence_span": [0, 1],
                "source_text": source, "target_text": target, "confidence": 0.9, "date_basis": "text"}

    return {"id": f"{requester}-{addressee}", "events": [
        event(requester, addressee, "REQUEST", "It asked the alliance for help.", "2023-05-02"),
        event(answerer, requester, "AID", "An ally sent help.", "2023-05-09")]}


def test_the_ledger_names_its_alliance_as_every_verb_does(kb):
    from pactwatch.lookup import NotFound

    articles = [_request_article("EST", "NATO", "FIN"), _request_article("FRA", "EU", "DEU")]
    for name, treaty in (("OTAN", "NATO"), ("nato", "NATO"), ("eu_42_7", "EU"), ("European Union", "EU")):
        entries = build_ledger(articles, kb, alliance=name)
        assert [(e.requester, e.alliance) for e in entries] == [("FRA" if treaty == "EU" else "EST", treaty)], name
        assert [r.kind for r in entries[0].responses] == ["aid delivered"]
    with pytest.raises(NotFound):
        build_ledger(articles, kb, alliance="Warsaw Pact")


def test_the_ledger_answers_with_the_members_on_the_request_date(kb):
    from pactwatch.kb.answering import answerers

    # Finland joined NATO in April 2023: its help answers a May 2023 request, not one of 2022
    late = _request_article("EST", "NATO", "FIN")
    early = json.loads(json.dumps(late).replace("2023-05", "2022-05"))
    assert "FIN" in answerers(kb, kb.treaties["nato"], "EST", "2023-05-02")
    assert [r.source for r in build_ledger([late], kb)[0].responses] == ["FIN"]
    assert build_ledger([early], kb)[0].responses == []
