"""Each fault of issue 9's reasoning, with the case and source that shows it (the scenario battery,
scenarios.yaml, covers more ground; these name the reasoning step that was wrong)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.errors import DataFileError
from pactwatch.kb import Attack, check_obligations, default_kb, load


@pytest.fixture(scope="module")
def kb():
    return default_kb()


def verdict_of(kb, attack: Attack, obligation: str):
    found = {v.obligation: v for v in check_obligations(kb, attack)}
    assert obligation in found, f"{obligation} not in the answer for {attack}: {sorted(found)}"
    return found[obligation]


def step(v, words: str):
    return next(s for s in v.steps if words in s.question)


def refusal(directory: Path, name: str, text: str) -> str:
    """The message of the DataFileError loading a user directory with this one file raises."""
    (directory / name).write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load([directory])
    return str(caught.value)


# --- no place given -------------------------------------------------------------------------------

def test_estonia_without_a_place_is_its_own_territory_and_the_verdict_says_so(kb):
    # NAT Art. 5-6: https://www.nato.int/cps/en/natolive/official_texts_17120.htm
    v = verdict_of(kb, Attack("EST", "RUS", None, "2025-06-01"), "nato-art5")
    assert v.verdict == "engaged"
    assert v.note and "No place was given" in v.note and "Estonia" in v.note
    zone = step(v, "inside the zone")
    assert "own territory, no place given" in zone.answer and "europe" in zone.answer


def test_estonia_with_a_place_needs_no_note(kb):
    v = verdict_of(kb, Attack("EST", "RUS", "Tallinn", "2025-06-01"), "nato-art5")
    assert v.verdict == "engaged" and v.note is None


def test_a_state_whose_territory_is_not_recorded_leaves_the_zone_open_not_outside(tmp_path):
    # a treaty area scope with a state the base has no territory for: the verdict must not rest on
    # an invented place, so the zone is open (contested), never "outside"
    (tmp_path / "treaties.yaml").write_text(
        "- {id: tp, name: Test Pact, kind: bilateral, signed: '2000', in_force: '2000', source: 'https://example.org/t',\n"
        "   scope: {kind: regions, regions: [europe]},\n"
        "   obligations: [{id: tp-1, article: 'Art. 1', kind: defence, binds: [AAA, BBB], protects: [AAA, BBB],\n"
        "                  location_specific: true, source: 'https://example.org/t'}]}\n", encoding="utf-8")
    (tmp_path / "memberships.yaml").write_text(
        "- {treaty: tp, member: AAA, layer: legal, status: member, start: '2000', source: 'https://example.org/t'}\n"
        "- {treaty: tp, member: BBB, layer: legal, status: member, start: '2000', source: 'https://example.org/t'}\n",
        encoding="utf-8")
    v = verdict_of(load([tmp_path]), Attack("AAA", None, None, "2010-01-01"), "tp-1")
    assert v.verdict == "contested" and step(v, "inside the zone").ok is None
    assert "does not record AAA's territory" in v.note


@pytest.mark.parametrize("on", ["2012-06-22", "2012-10-03", "2015-07-20"])
def test_turkey_without_a_place_is_inside_art_6_and_its_art_4_requests_count(kb, on):
    # Art. 6 names 'the territory of Turkey'; Art. 4 requests: NATO's topics page on Art. 4
    attack = Attack("TUR", "SYR" if on.startswith("2012") else None, None, on)
    assert verdict_of(kb, attack, "nato-art5").verdict == "engaged"
    art4 = verdict_of(kb, attack, "nato-art4")
    assert art4.verdict == "engaged" and art4.stage == "honoured"
    assert "made: TUR to NATO" in step(art4, "request").answer


# --- time -----------------------------------------------------------------------------------------

def test_paris_2008_is_before_art_42_7_bound(kb):
    # Lisbon Treaty in force 2009-12-01: clingendael.org (treaties.yaml eu_42_7)
    v = verdict_of(kb, Attack("FRA", None, "Paris", "2008-06-01"), "eu-42-7")
    assert v.verdict == "not engaged"
    assert step(v, "in force").answer == "no: it binds from 2009-12-01 (signed 2007-12-13)"
    assert verdict_of(kb, Attack("FRA", None, "Paris", "2009-12-01"), "eu-42-7").verdict == "engaged"


@pytest.mark.parametrize("on, engaged", [("1972-05-14", False), ("1972-05-15", True)])
def test_the_senkakus_are_japan_administered_from_the_reversion(kb, on, engaged):
    # Okinawa Reversion Agreement in force 1972-05-15
    v = verdict_of(kb, Attack("JPN", "CHN", "Senkaku Islands", on), "us-japan-art5")
    assert (v.verdict == "engaged") is engaged


def test_armenia_1993_is_before_the_collective_security_treaty_bound(kb):
    # CST in force 1994-04-20 (csto_facts.json cst_in_force; odkb.gov.ru)
    verdicts = {v.obligation: v for v in check_obligations(kb, Attack("ARM", "AZE", None, "1993-06-01"))}
    assert "csto-art4" not in verdicts  # the 2010 wording is not the one of 1993
    v = verdicts["csto-art4-1992"]
    assert v.verdict == "not engaged"
    assert step(v, "in force").ok is False and "1994-04-20" in step(v, "in force").answer
    assert "bound from 1994-04-20 (signed 1992-05-15)" in step(v, "a party").answer


def test_cst_art_4_request_clause_exists_only_from_the_2012_protocol(kb):
    # Protocol of 2010-12-10, in force 2012-12-19 (csto_facts.json protocol_2010; kremlin.ru)
    before = verdict_of(kb, Attack("KGZ", None, "Osh", "2012-12-18"), "csto-art4-1992")
    assert step(before, "request").answer == "no request is required"
    after = verdict_of(kb, Attack("KGZ", None, "Osh", "2012-12-19"), "csto-art4")
    assert step(after, "request").ok is False


def test_membership_binds_from_entry_into_force_and_keeps_the_signature(kb):
    arm = kb.intervals("csto", "ARM", "legal")[0]
    assert (arm.start, arm.signed) == ("1994-04-20", "1992-05-15")
    assert not kb.is_member("ARM", "csto", "1993-06-01") and kb.is_member("ARM", "csto", "1994-04-20")


@pytest.mark.parametrize("on, reading", [("2024-05-14", False), ("2024-05-15", True)])
def test_a_border_stretch_is_delimited_from_its_protocol(kb, on, reading):
    # Tavush stretch: protocol-description signed 2024-05-15 (armradio.am)
    v = verdict_of(kb, Attack("ARM", "AZE", "Kirants", on), "csto-art4")
    assert {r.name: r.inside for r in v.readings}["delimited borders only"] is reading


def test_partial_dates_are_compared_by_their_days_not_their_text():
    # one definition (model.in_period / overlaps, on PartialDate bounds) replaces the string-prefix
    # comparison of reasoning._within and the copies in Membership.covers and Territory.controller_on
    from pactwatch.kb.model import in_period, overlaps

    assert overlaps("2022-09", "2022-09-25", "2023-01-20")  # September reaches the 25th
    assert overlaps("2012-06", "2012-06-15", "2012-10-20")
    assert not overlaps("2022-08", "2022-09-01", "2022-12-31")
    assert overlaps("2022", "2022-12-31", "2023-04-30")
    assert in_period("2024-02-29", "2024-02", "2024-02") and not in_period("2024-03-01", None, "2024-02")


# --- invocation and response ------------------------------------------------------------------------

@pytest.mark.parametrize("attack, obligation, stage, by", [
    (Attack("USA", None, None, "2001-09-11"), "nato-art5", "honoured", "NATO"),  # NAC, 2001-09-12
    (Attack("FRA", None, "Paris", "2015-11-13"), "eu-42-7", "honoured", "FRA"),  # France, 2015-11-17
    (Attack("KAZ", None, "Almaty", "2022-01-05"), "csto-art4", "honoured", "CSTO"),  # CSC decision 2022-01-06
    (Attack("ARM", "AZE", "Jermuk", "2022-09-13"), "csto-art4", "invoked, not honoured", "ARM"),
])
def test_invocations_and_what_followed(kb, attack, obligation, stage, by):
    v = verdict_of(kb, attack, obligation)
    assert v.stage == stage
    assert by in {i["by"] for i in v.invocations} and all(i["source"].startswith("http") for i in v.invocations)


def test_an_obligation_nobody_invoked_is_engaged_by_the_text_only(kb):
    v = verdict_of(kb, Attack("TUR", "SYR", None, "2012-06-22"), "nato-art5")
    assert (v.verdict, v.stage, v.invocations) == ("engaged", "engaged by the text", [])


def test_armenias_2021_request_under_art_2_does_not_satisfy_art_4(kb):
    # aysor.am 2021-05-13: consultations under CST Art. 2
    attack = Attack("ARM", "AZE", "Sev Lake", "2021-05-12")
    art4 = verdict_of(kb, attack, "csto-art4")
    request = step(art4, "request")
    assert request.ok is False and "invoked Art. 2, not Art. 4" in request.answer
    art2 = verdict_of(kb, attack, "csto-art2")
    assert art2.verdict == "engaged" and art2.stage == "partly honoured"


def test_a_request_names_an_article_its_treaty_has(tmp_path):
    message = refusal(tmp_path, "requests.yaml",
                      "- {requester: ARM, addressee: CSTO, date: '2021-05-13', treaty: csto, article: 'Art. 9', "
                      "source: 'https://example.org/r'}\n")
    assert "requests.yaml" in message and "'article'" in message and "Art. 9" in message and "Art. 4" in message


def test_a_request_outcome_must_be_one_of_the_known_ones(tmp_path):
    message = refusal(tmp_path, "requests.yaml", "- {requester: ARM, addressee: CSTO, date: '2021-05-13', "
                                                 "outcome: great, source: 'https://example.org/r'}\n")
    assert "'outcome'" in message and "honoured" in message


# --- per-ally obligations ---------------------------------------------------------------------------

@pytest.mark.parametrize("on, bound, not_bound", [
    ("1986-08-10", ["AUS", "USA"], []),
    ("1986-08-11", ["AUS"], ["USA"]),  # Shultz, San Francisco, 1986-08-11 (sun-sentinel.com)
    ("2000-06-01", ["AUS"], ["USA"]),
])
def test_new_zealand_is_owed_anzus_by_australia_not_by_the_united_states(kb, on, bound, not_bound):
    v = verdict_of(kb, Attack("NZL", None, "Wellington", on), "anzus-art4")
    assert v.verdict == "engaged"
    assert v.bound == bound and [n["party"] for n in v.not_bound] == not_bound
    assert all("suspended its obligations towards NZL on 1986-08-11" in n["reason"] for n in v.not_bound)
    assert "Who is bound towards NZL?" in [s.question for s in v.steps]


def test_the_us_suspension_is_towards_new_zealand_only(kb):
    v = verdict_of(kb, Attack("AUS", None, "Canberra", "2000-06-01"), "anzus-art4")
    assert v.bound == ["NZL", "USA"] and v.not_bound == []


def test_a_suspension_names_a_known_treaty_and_obligation(tmp_path):
    message = refusal(tmp_path, "suspensions.yaml",
                      "- {treaty: anzus, party: USA, towards: [NZL], obligations: [anzus-art9], start: '1986-08-11', "
                      "source: 'https://example.org/s'}\n")
    assert "suspensions.yaml" in message and "anzus-art9" in message


# --- consultation and non-aggression ---------------------------------------------------------------

def test_a_consultation_pledge_is_engaged_when_asked_not_always(kb):
    # NAT Art. 4: consultations when a party considers itself threatened and asks
    quiet = verdict_of(kb, Attack("EST", "RUS", None, "2025-06-01"), "nato-art4")
    assert quiet.verdict == "not engaged" and "engaged once EST" in step(quiet, "request").answer
    asked = verdict_of(kb, Attack("EST", "RUS", None, "2022-02-24"), "nato-art4")  # one of eight allies
    assert asked.verdict == "engaged"


def test_an_attack_by_a_party_that_promised_non_aggression_is_a_breach(kb):
    verdicts = {v.obligation: v for v in check_obligations(kb, Attack("KGZ", "TJK", None, "2022-09-16"))}
    assert verdicts["csto-art4"].verdict == "not engaged"
    assert verdicts["csto-art1"].verdict == "breached" and verdicts["csto-art1"].bound == ["TJK"]
    # an attacker outside the pledge gets no non-aggression verdict at all
    assert "csto-art1" not in {v.obligation for v in check_obligations(kb, Attack("KGZ", "AFG", None, "2022-09-16"))}


# --- fact fixes -------------------------------------------------------------------------------------

def test_fixed_facts(kb):
    articles = {o.id: o.article for t in kb.treaties.values() for o in t.obligations}
    assert articles["rus-prk-art3"] == "Art. 3" and articles["rus-prk-art4"] == "Art. 4"  # fmimalta.com, TASS
    assert {"aes-art5", "aes-art6", "aes-art8"} <= set(articles) and "Art. 7" in kb.obligation("aes-art6").paraphrase
    assert [s.start for s in kb.suspensions if s.treaty == "anzus"] == ["1986-08-11"]


def test_no_source_url_is_malformed(kb):
    import re
    from urllib.parse import urlparse

    kb_dir = Path(str(__import__("pactwatch.resources", fromlist=["data_path"]).data_path("kb")))
    urls = re.findall(r"https?://[^\s\"'}]+", "".join(p.read_text(encoding="utf-8") for p in kb_dir.glob("*.yaml")))
    bad = [u for u in urls if "." not in urlparse(u).netloc or re.search(r"/20\d{3}/", u)]
    assert bad == []  # e.g. .../uttalanden/20222/05/... (the UK-Sweden record)


def test_a_dated_region_tag_without_its_tag_is_refused_with_entry_and_field(tmp_path):
    message = refusal(tmp_path, "places.yaml", "- {name: Testville, state: NZL, regions: [pacific, {start: '2000', "
                                               "source: 'https://example.org/p'}], source: 'https://example.org/p'}\n")
    assert "places.yaml" in message and "Testville" in message and "'tag'" in message
