"""Events with several actors: coordination, "between", reciprocals, groups, ambiguous country names.

Sentences written by us; each case pins one rule of the event coder (pactwatch.extract.events) (docs/events.md, conventions A7).
"""
from __future__ import annotations

import pytest

from pactwatch.pipeline import Extractor
from pactwatch.records import Article


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def events_of(extractor, text, published="2024-03-15"):
    result = extractor.extract(Article(id="t", text=text, published=published))
    return {(e.type, e.source, e.target) for e in result.events}


def test_coordinated_subjects_of_a_joint_act_act_on_each_other(extractor):
    assert ("AGREE", "EGY", "QAT") in events_of(extractor, "Egypt and Qatar agreed to a ceasefire.")


def test_a_coordinated_person_is_coded_by_the_actor_he_acts_for(extractor):
    text = "Kyrgyz President Sadyr Japarov and his Tajik counterpart Emomali Rahmon agreed to order a ceasefire."
    assert ("AGREE", "KGZ", "TJK") in events_of(extractor, text, published="2022-09-16")


def test_a_joint_act_of_three_is_one_event(extractor):
    found = events_of(extractor, "Japan, South Korea and Australia agreed to hold joint exercises.")
    assert len([e for e in found if e[0] == "AGREE"]) == 1


def test_talks_between_two_parties(extractor):
    assert ("CONSULT", "ARM", "AZE") in events_of(extractor, "Talks between Armenia and Azerbaijan resumed in Geneva.")


def test_parallel_acts_are_one_event_per_actor(extractor):
    found = events_of(extractor, "Poland and Lithuania condemned Belarus for the border incident.")
    assert {("ACCUSE", "POL", "BLR"), ("ACCUSE", "LTU", "BLR")} <= found


def test_a_bloc_of_four_demanding_together_is_one_event(extractor):
    found = events_of(extractor, "Spain, France, Germany and Italy demanded compensation from Poland.")
    assert len([e for e in found if e[0] == "REQUEST"]) == 1


def test_reciprocal_acts_go_both_ways(extractor):
    found = events_of(extractor, "Kyrgyzstan and Tajikistan accused each other of breaching the ceasefire.")
    assert {("ACCUSE", "KGZ", "TJK"), ("ACCUSE", "TJK", "KGZ")} <= found


def test_the_two_countries_refers_back_to_the_pair_last_named(extractor):
    text = "Armenia and Azerbaijan fought a war in 2020.\nThe two countries agreed a peace deal on Friday."
    assert ("AGREE", "ARM", "AZE") in events_of(extractor, text)


def test_both_sides_with_a_reciprocal(extractor):
    text = "Kyrgyzstan and Tajikistan fought in 2022.\nBoth sides blamed each other for the clashes."
    assert {("ACCUSE", "KGZ", "TJK"), ("ACCUSE", "TJK", "KGZ")} <= events_of(extractor, text)


def test_subjects_the_parser_hung_elsewhere_are_found_before_the_verb(extractor):
    text = "According to an official statement from the Kremlin, Putin and Aliyev discussed the incident."
    found = events_of(extractor, text, published="2024-12-28")
    assert any(e[0] == "CONSULT" and {e[1], e[2]} == {"RUS", "AZE"} for e in found)


def test_an_ambiguous_country_name_coordinated_with_a_state_is_the_state(extractor):
    found = events_of(extractor, "The United States and Jordan collaborated on Saturday to deliver aid.")
    assert ("COOPERATE", "USA", "JOR") in found


def test_an_ambiguous_name_inside_a_person_name_is_not_a_state(extractor):
    assert events_of(extractor, "Michael Jordan praised the team after the match.") == set()


def test_us_in_capitals_is_the_united_states(extractor):
    found = events_of(extractor, "South Korea, the US and Japan agreed to bolster security cooperation.")
    assert len([e for e in found if e[0] == "AGREE"]) == 1
    assert any(e[0] == "AGREE" and e[1] == "KOR" and e[2] in {"USA", "JPN"} for e in found)
