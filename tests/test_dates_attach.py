"""Which temporal expression dates which event (``pactwatch.extract.events.dating``), on real parses.

The case table ``tests/cases/events_dates.yaml`` pins the dates; these tests pin where a date comes
from (``date_basis``: the sentence's text, the story around it, or the publication day) and the
structural rules behind it. Texts written by us; the publication days are chosen so that each wrong
attachment gives a different date.
"""
from __future__ import annotations

import pytest

from pactwatch.pipeline import Extractor
from pactwatch.records import Article, Event


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def events(extractor: Extractor, text: str, published: str) -> list[Event]:
    return extractor.extract(Article(id="case", text=text, published=published)).events


def one(found: list[Event], type_: str, source: str) -> Event:
    matching = [e for e in found if e.type == type_ and e.source == source]
    assert len(matching) == 1, f"expected one {type_} by {source}, got {[(e.type, e.source, e.date) for e in found]}"
    return matching[0]


def test_a_date_in_a_nested_clause_is_not_lent_to_the_other_acts_of_the_sentence(extractor):
    """Before: every undated act of a sentence took the date of the nearest dated act in it, so
    Nigeria's condemnation took the date of the summit that adopted the measures (June 4)."""
    found = events(extractor, "Nigeria restated its condemnation of Mali, saying it upholds all measures adopted "
                              "by the ECOWAS summit on June 4.", "2024-06-20")
    assert one(found, "CONSULT", "ECOWAS").date == "2024-06-04"
    condemnation = one(found, "ACCUSE", "NGA")
    assert (condemnation.date, condemnation.date_basis) == ("2024-06-20", "published")


def test_the_story_date_is_the_main_clause_act_of_the_sentence_before(extractor):
    """Before: an undated act took the date of the last act of the sentence before, here the African
    Union's sanctions of May 3 nested in Kenya's Monday statement."""
    found = events(extractor, "On Monday, Kenya condemned Sudan and welcomed the sanctions that the African Union "
                              "imposed on Khartoum on May 3. Kenya also recalled its ambassador from Khartoum.",
                   "2024-05-10")
    recall = one(found, "SANCTION", "KEN")
    assert (recall.date, recall.date_basis) == ("2024-05-06", "context")


def test_a_sentence_continuing_the_story_dates_all_its_acts(extractor):
    """The sentence after 'In remarks on March 28' is in that story even for the acts whose actor
    differs from the one that links it (the same paragraph, or the same actor, links one act)."""
    found = events(extractor, "In remarks on March 28, Lavrov accused Armenia of wrecking relations.\n\n"
                              "He again insisted that Moscow had not abandoned Armenia and criticized Yerevan for "
                              "rejecting the proposed deployment of CSTO monitors.", "2024-04-04")
    second = [e for e in found if "again insisted" in e.evidence]
    assert len(second) >= 2
    assert {(e.date, e.date_basis) for e in second} == {("2024-03-28", "context")}


def test_a_coarse_story_date_that_contains_the_publication_day_is_not_inherited(extractor):
    """D1: an undated current act is dated by the publication day; 'this week' of the sentence before
    (a month) says less than that. Before: the accusation was dated 2024-01."""
    found = events(extractor, "Russia has shelled Ukrainian ports this week. American officials have blamed Iran "
                              "for supplying the drones.", "2024-01-11")
    accusation = one(found, "ACCUSE", "USA")
    assert (accusation.date, accusation.date_basis) == ("2024-01-11", "published")


def test_a_named_month_before_is_still_the_story_date(extractor):
    found = events(extractor, "In June 2023, Egypt signed a gas deal with Israel. Egypt also condemned Iran.",
                   "2024-02-10")
    accusation = one(found, "ACCUSE", "EGY")
    assert (accusation.date, accusation.date_basis) == ("2023-06", "context")


def test_a_future_act_is_not_dated_by_the_past_act_it_follows(extractor):
    """Before: 'following a coup that toppled the government on May 24' dated France's future
    withdrawal, and, the act being future, read forward to 2025-05-24."""
    found = events(extractor, "The president said France will withdraw its ambassador from Mali, following a coup "
                              "that toppled the government on May 24.", "2024-09-25")
    withdrawal = [e for e in found if e.source == "FRA"]
    assert withdrawal and {e.date for e in withdrawal} == {"2024-09-25"}


@pytest.mark.parametrize("text", [
    "Armenia asked its allies for military help after Azerbaijan's offensive launched along the border in September 2022.",
    "Armenia asked its allies for military help after Azerbaijan's offensive operations launched along the border "
    "in September 2022.",
])
def test_a_past_act_told_after_another_takes_its_date(extractor, text):
    """'after' as a preposition ('after the operations launched') or opening a clause ('after the
    offensive launched'): the request was made then. Before, the clause form dated the request by the
    publication day."""
    found = events(extractor, text, "2024-04-04")
    assert one(found, "REQUEST", "ARM").date == "2022-09"
    assert one(found, "ASSAULT", "AZE").date_basis == "text"


def test_a_coordinated_clause_with_its_own_subject_keeps_its_date(extractor):
    found = events(extractor, "Belarus has sent 2,000 soldiers to Russia, and 5,000 more were expected there by March.",
                   "2024-10-23")
    deployment = one(found, "MOBILIZE", "BLR")
    assert (deployment.date, deployment.date_basis) == ("2024-10-23", "published")


def test_an_act_restated_later_with_its_day_takes_that_day(extractor):
    """D1 'context-linked': the lead's undated decision is dated by 'made the announcement on Friday'
    later on (a definite mention of the verb it hangs from). Before: the publication day."""
    found = events(extractor, "Mexico has announced its decision to break off diplomatic ties with Ecuador after "
                              "Ecuadorian police raided the Mexican embassy in Quito.\n\nThe raid has escalated "
                              "tensions between the two countries.\n\nPresident López Obrador of Mexico made the "
                              "announcement on Friday evening.", "2024-04-06")
    rupture = one(found, "SANCTION", "MEX")
    assert (rupture.date, rupture.date_basis) == ("2024-04-05", "context")


def test_a_definite_event_noun_restates_its_earlier_mention(extractor):
    """'The summit Biden held' is the summit of Friday told in the sentence before.
    Before: the publication day (Sunday)."""
    found = events(extractor, "South Korea, the US and Japan agreed to deepen military cooperation at a summit on "
                              "Friday.\n\nThe summit Biden held with Yoon and Kishida at his retreat condemned North Korea.",
                   "2023-08-20")
    assert {(e.date, e.date_basis) for e in found if e.source == "USA"} == {("2023-08-18", "context")}


def test_an_offset_from_a_date_is_not_that_date(extractor):
    """'two days after the talks on May 3' is not May 3; the plain 'after the talks on May 3' still
    dates the attack by the talks (the sequence rule)."""
    offset = one(events(extractor, "Russia attacked the port two days after the talks on May 3.", "2017-06-23"),
                 "ASSAULT", "RUS")
    plain = one(events(extractor, "Russia attacked the port after the talks on May 3.", "2017-06-23"),
                "ASSAULT", "RUS")
    assert (offset.date, offset.date_basis) == ("2017-06-23", "published")
    assert (plain.date, plain.date_basis) == ("2017-05-03", "text")
