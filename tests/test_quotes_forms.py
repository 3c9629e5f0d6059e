"""Quotation forms beyond “…” after "X said": single marks, headline repeats, parenthetical
attribution, "according to X" and asides inside a reported clause (CONVENTIONS Q1–Q2).

Texts are ours; each rule has a case where it fires and one where it must not.
"""
from __future__ import annotations

import pytest

from pactwatch.pipeline import Extractor
from quote_helpers import direct, quotes_of, reported


@pytest.fixture(scope="module")
def extractor():
    return Extractor()



# --- single quotation marks ----------------------------------------------------------------------------

def test_single_curly_marks_quote_a_speaker(extractor):
    quotes = quotes_of(extractor, "The Malian defence minister said the troops would stay ‘as long as it takes to restore order’.")
    assert direct(quotes) == ["as long as it takes to restore order"]


def test_an_apostrophe_is_not_a_closing_mark(extractor):
    quotes = quotes_of(extractor, "The minister said the army would stay for ‘as long as Mali’s people need it’.")
    assert direct(quotes) == ["as long as Mali’s people need it"]


def test_a_single_mark_never_closed_is_no_quotation(extractor):
    quotes = quotes_of(extractor, "Officials in Bamako said ‘the talks went on late into the night and resumed on Friday.")
    assert direct(quotes) == []


# --- the same words quoted twice ----------------------------------------------------------------------

def test_a_headline_repeating_the_body_quote_is_one_quote(extractor):
    text = ("Kenya reports “heavy fighting” on Somali border\n\n"
            "Kenya's army reported “heavy fighting” with militants near the Somali border on Monday.")
    assert direct(quotes_of(extractor, text)) == ["heavy fighting"]


def test_different_quotes_both_stay(extractor):
    text = ("Kenya's army reported “heavy fighting” near the border on Monday.\n\n"
            "Somalia's army reported “light skirmishes” in the same area.")
    assert direct(quotes_of(extractor, text)) == ["heavy fighting", "light skirmishes"]


# --- parenthetical attribution ------------------------------------------------------------------------

def test_parenthetical_attribution_reports_the_words_after_it(extractor):
    quotes = quotes_of(extractor, "The two navies, the Indonesian admiral said, will hold joint patrols next month.")
    [q] = reported(quotes)
    assert q.text == "will hold joint patrols next month"
    assert q.speaker_actor == "IDN"


# --- according to X -----------------------------------------------------------------------------------

def test_according_to_at_the_start_reports_the_rest_of_the_sentence(extractor):
    quotes = quotes_of(extractor, "According to the Chadian army, rebels had crossed the border near Tissi overnight.")
    [q] = reported(quotes)
    assert q.text == "rebels had crossed the border near Tissi overnight"
    assert q.speaker_actor == "TCD"


def test_according_to_mid_sentence_reports_what_precedes_it(extractor):
    quotes = quotes_of(extractor, "The tanker was seized off the coast of Oman, according to the British navy, and its crew was detained.")
    [q] = reported(quotes)
    assert q.text == "The tanker was seized off the coast of Oman"
    assert q.speaker_actor == "GBR"


def test_according_to_estimates_has_no_speaker_and_is_no_quote(extractor):
    quotes = quotes_of(extractor, "According to some estimates, about 3,000 migrants are camped at the border.")
    assert reported(quotes) == []


def test_according_to_without_a_clause_is_no_quote(extractor):
    quotes = quotes_of(extractor, "Well, perhaps not so soon, according to a Kenyan army spokesman.")
    assert reported(quotes) == []


def test_according_to_before_a_report_leaves_it_to_the_reporting_verb(extractor):
    quotes = quotes_of(extractor, "According to the Tass agency, the Russian foreign minister said that Moscow would expel two diplomats.")
    [q] = reported(quotes)
    assert q.text == "Moscow would expel two diplomats"
    assert q.speaker_actor == "RUS"


# --- asides and the writer's additions ------------------------------------------------------------------

def test_an_aside_inside_the_clause_does_not_end_it(extractor):
    quotes = quotes_of(extractor, "The Senegalese ministry said the agreement, which was signed in May, takes effect on Monday.")
    [q] = reported(quotes)
    assert q.text == "the agreement, which was signed in May, takes effect on Monday"


def test_a_comment_after_a_closing_mark_ends_the_clause(extractor):
    quotes = quotes_of(extractor, "The French president said Paris and its allies would “not give in to blackmail,” speaking on national television.")
    [q] = reported(quotes)
    assert "speaking" not in q.text and q.text.startswith("Paris and its allies would")


def test_a_relative_pronoun_described_is_not_the_speakers_words(extractor):
    quotes = quotes_of(extractor, "Iran seized a tanker on Thursday, which the British foreign minister called piracy.")
    assert [q.text for q in reported(quotes)] == []


# --- mixed marks, speakers, descriptions ----------------------------------------------------------------

def test_a_typed_opening_mark_closes_at_a_typeset_one(extractor):
    text = '"We will keep the border open for aid convoys,” the Jordanian minister said, adding that trucks were waiting.'
    quotes = quotes_of(extractor, text)
    assert direct(quotes) == ["We will keep the border open for aid convoys,"]
    assert [q.text for q in reported(quotes)] == ["trucks were waiting"]


def test_a_straight_pair_still_pairs(extractor):
    quotes = quotes_of(extractor, '"We will keep the border open for aid convoys," the Jordanian minister said.')
    assert direct(quotes) == ["We will keep the border open for aid convoys,"]


def test_a_reported_clause_without_a_speaker_is_not_a_quote(extractor):
    # an impersonal "it was said": no one to attribute the words to
    quotes = quotes_of(extractor, "The drills were condemned, and it was said that the navy was ready to respond.")
    assert reported(quotes) == []


def test_described_as_a_quoted_word_is_only_the_fragment(extractor):
    quotes = quotes_of(extractor, "The British prime minister described the attack as “reckless”.")
    assert direct(quotes) == ["reckless"]
    assert reported(quotes) == []


def test_described_as_with_words_of_its_own_is_a_reported_clause(extractor):
    quotes = quotes_of(extractor, "The British prime minister described the attack as a “reckless” escalation that endangered the whole region.")
    assert [q.text for q in reported(quotes)] == ["the attack as a “reckless” escalation that endangered the whole region"]


def test_described_as_folded_into_the_object_by_the_parser(extractor):
    text = ("US spokesman John Kirby spoke in Washington on Friday. He described the Sept. 24 attack as "
            "well-coordinated and unlikely to have been carried out by a small group.")
    quotes = quotes_of(extractor, text)
    assert [q.text for q in reported(quotes)] == \
        ["the Sept. 24 attack as well-coordinated and unlikely to have been carried out by a small group"]


def test_a_reporting_verb_with_object_and_as_phrase_is_a_description(extractor):
    quotes = quotes_of(extractor, "The Philippine foreign minister stressed the accord as a first step toward a code of conduct.")
    assert [q.text for q in reported(quotes)] == ["the accord as a first step toward a code of conduct"]
    assert reported(quotes)[0].speaker_actor == "PHL"


def test_a_reporting_verb_with_a_plain_object_is_no_quote(extractor):
    quotes = quotes_of(extractor, "The Philippine foreign minister stressed the importance of the accord.")
    assert reported(quotes) == []


# --- words nobody said -------------------------------------------------------------------------------------

def test_a_statement_asked_of_someone_else_is_not_reported(extractor):
    quotes = quotes_of(extractor, "The Gulf states also call on Doha to announce it has cut its ties with armed groups.")
    assert reported(quotes) == []


def test_the_speakers_own_purpose_is_reported(extractor):
    quotes = quotes_of(extractor, "The Mexican foreign minister took to social media to report that two diplomats were hurt in the raid.")
    assert [q.text for q in reported(quotes)] == ["two diplomats were hurt in the raid"]


def test_a_negated_reporting_verb_reports_nothing(extractor):
    quotes = quotes_of(extractor, "The Kenyan army did not say that the convoy had been attacked.")
    assert reported(quotes) == []


def test_a_modal_reporting_verb_reports_nothing(extractor):
    quotes = quotes_of(extractor, "The Kenyan army could announce that the convoy had reached Mogadishu.")
    assert reported(quotes) == []
