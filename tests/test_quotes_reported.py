"""Reported speech, attributed fragments and how speakers are named: rules on sentences we wrote.

Each case is one rule of the quote stage (docs/events.md, the annotation conventions' Q1–Q3).
"""
from __future__ import annotations

import pytest

from pactwatch.pipeline import Extractor
from quote_helpers import quotes_of
from quote_helpers import reported as indirect


@pytest.fixture(scope="module")
def extractor():
    return Extractor()



def test_that_clause_of_a_reporting_verb_is_an_indirect_quote(extractor):
    quotes = quotes_of(extractor, "Russian Foreign Minister Sergei Lavrov said that Moscow would respond to any new sanctions.")
    [q] = indirect(quotes)
    assert q.text == "Moscow would respond to any new sanctions"
    assert q.speaker_actor == "RUS" and "Lavrov" in q.speaker
    assert q.cue == "said"


def test_clause_without_that_and_told_reporters(extractor):
    quotes = quotes_of(extractor, "The Kenyan president told reporters the talks had failed.")
    [q] = indirect(quotes)
    assert q.text == "the talks had failed"
    assert q.speaker_actor == "KEN"


def test_clause_before_the_reporting_verb(extractor):
    quotes = quotes_of(extractor, "Troops had crossed the border overnight, the Kyrgyz border service said on Tuesday.")
    [q] = indirect(quotes)
    assert q.text == "Troops had crossed the border overnight"
    assert q.speaker_actor == "KGZ"


def test_according_to(extractor):
    quotes = quotes_of(extractor, "According to the Turkish foreign ministry, the prisoners were flown to Ankara.")
    [q] = indirect(quotes)
    assert q.text == "the prisoners were flown to Ankara"
    assert q.speaker_actor == "TUR"


def test_writers_comment_after_a_comma_is_not_the_reported_clause(extractor):
    quotes = quotes_of(extractor, "Pakistan said its forces had destroyed several posts, accusing Kabul of sheltering militants.")
    [q] = indirect(quotes)
    assert q.text == "its forces had destroyed several posts"


def test_a_second_verb_of_the_speaker_is_not_in_the_clause(extractor):
    quotes = quotes_of(extractor, "China said it had sovereignty over the reef and urged Manila to withdraw its ship.")
    [q] = indirect(quotes)
    assert q.text == "it had sovereignty over the reef"


def test_described_as(extractor):
    quotes = quotes_of(extractor, "The Mexican president described the raid as a violation of international law.")
    [q] = indirect(quotes)
    assert q.text == "the raid as a violation of international law"
    assert q.speaker_actor == "MEX"


def test_a_direct_quote_is_not_reported_again(extractor):
    quotes = quotes_of(extractor, "“We will not accept these terms under any circumstances,” the Iranian foreign minister said.")
    assert [q.direct for q in quotes] == [True]


def test_short_fragment_with_a_speaker_is_a_quote(extractor):
    quotes = quotes_of(extractor, "The Cambodian defence ministry called the air strikes “reckless” on Thursday.")
    direct = [q for q in quotes if q.direct]
    assert [q.text for q in direct] == ["reckless"]
    assert direct[0].speaker_actor == "KHM"


def test_short_fragment_without_a_speaker_is_a_scare_quote(extractor):
    quotes = quotes_of(extractor, "The so-called “mini-NATO” grouping met in Manila on Thursday.")
    assert [q for q in quotes if q.direct] == []


def test_title_cased_fragment_is_a_name_not_a_quote(extractor):
    quotes = quotes_of(extractor, "China said it had launched the “Strait Thunder” drills around Taiwan.")
    assert [q.text for q in quotes if q.direct] == []


def test_speaker_is_named_as_the_text_names_them(extractor):
    text = ("US President Joe Biden arrived in Tokyo on Monday.\n"
            "The president said the alliance had never been stronger.")
    [q] = indirect(quotes_of(extractor, text))
    assert q.speaker == "The president" and q.speaker_actor == "USA"


def test_pronoun_speaker_is_named_by_its_antecedent(extractor):
    text = "Japanese Prime Minister Fumio Kishida met the press in Tokyo.\nHe said the talks were useful."
    [q] = indirect(quotes_of(extractor, text, published="2023-06-01"))
    assert "Kishida" in q.speaker and q.speaker_actor == "JPN"


def test_surname_alone_links_to_a_known_person_named_in_full(extractor):
    text = ("Russian Foreign Minister Sergei Lavrov arrived in Ankara on Monday.\n"
            "Lavrov told reporters the grain corridor would stay closed.")
    [q] = indirect(quotes_of(extractor, text))
    assert q.speaker_actor == "RUS"


def test_an_organ_with_the_refers_to_the_state_of_the_story(extractor):
    text = "Niger's military seized power in July.\nThe junta said the French ambassador had to leave."
    [q] = indirect(quotes_of(extractor, text, published="2023-09-25"))
    assert q.speaker == "The junta" and q.speaker_actor == "NER"
