"""A pronoun speaker goes on from the person who spoke last (speakers._speaker_goes_on).

Texts are ours: the nearest named person is in object position, the one who spoke is the subject.
"""
from __future__ import annotations

import pytest

from pactwatch.pipeline import Extractor
from quote_helpers import quotes_of, reported


@pytest.fixture(scope="module")
def extractor():
    return Extractor()



def test_according_to_him_is_the_last_speaker_not_the_last_person_named(extractor):
    # the parser makes the speaker's name the object of "Chairman of"; the last person named is an object
    text = ("Armenia’s Prime Minister and Chairman of the Eurasian Intergovernmental Council Nikol Pashinyan "
            "announced that Yerevan would send rescue teams to Georgia at the request of Georgian Prime "
            "Minister Irakli Kobakhidze.\n\nAccording to him, the first teams would arrive on Tuesday.")
    quotes = reported(quotes_of(extractor, text))
    [q] = [q for q in quotes if q.text.startswith("the first teams")]
    assert q.speaker_actor == "ARM" and "Pashinyan" in q.speaker


def test_another_person_taking_the_floor_is_the_pronoun(extractor):
    text = ("Kenyan President William Ruto said Nairobi would send police officers to Haiti.\n\n"
            "Haitian Prime Minister Garry Conille welcomed the offer on Monday.\n\n"
            "He said the first officers would be housed near the airport.")
    quotes = reported(quotes_of(extractor, text))
    [q] = [q for q in quotes if q.text.startswith("the first officers")]
    assert q.speaker_actor == "HTI"
