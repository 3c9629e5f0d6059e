"""Where a reported clause ends: the speaker's words against the writer's additions (CONVENTIONS Q2).

Texts are ours. Each rule has a case where the clause goes on and one where it stops.
"""
from __future__ import annotations

import pytest

from pactwatch.pipeline import Extractor
from quote_helpers import quotes_of, reported


@pytest.fixture(scope="module")
def extractor():
    return Extractor()


def reported_texts(extractor, text):
    return [q.text for q in reported(quotes_of(extractor, text))]


def test_outcome_participle_belongs_to_the_claim(extractor):
    # ", leaving …" states what the reported strike did: part of what was said
    assert reported_texts(extractor, "The Malian army said its drones struck a rebel convoy, leaving twelve fighters dead.") \
        == ["its drones struck a rebel convoy, leaving twelve fighters dead"]


def test_outcome_participle_killing(extractor):
    assert reported_texts(extractor, "Officials in Kharkiv said a missile hit an apartment block, killing four residents.") \
        == ["a missile hit an apartment block, killing four residents"]


def test_participle_of_the_speakers_next_act_ends_the_clause(extractor):
    assert reported_texts(extractor, "Venezuela said Guyanese troops had entered the disputed area, accusing Georgetown of provocation.") \
        == ["Guyanese troops had entered the disputed area"]


def test_as_well_as_continues_the_clause(extractor):
    assert reported_texts(extractor, "The ministry said the exercise involved tanks, artillery, as well as naval units.") \
        == ["the exercise involved tanks, artillery, as well as naval units"]


def test_as_preposition_after_an_aside_continues_the_clause(extractor):
    assert reported_texts(extractor, "The Chadian president said he regarded the council, now led by generals, as an illegal body.") \
        == ["he regarded the council, now led by generals, as an illegal body"]


def test_as_conjunction_ends_the_clause(extractor):
    assert reported_texts(extractor, "Seoul said the talks had stalled, as both sides refused to compromise.") \
        == ["the talks had stalled"]
