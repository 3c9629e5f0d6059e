"""Engine behaviour on short texts written for these tests (never seed text), with the real model."""
from __future__ import annotations

import pytest

from pactwatch.dates import find_expressions
from pactwatch.pipeline import Extractor
from pactwatch.extract.quotes import find_quote_spans
from pactwatch.records import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def run(extractor: Extractor, text: str, published: str = "2024-05-10"):
    return extractor.extract(Article(id="t", text=text, published=published))


def triples(result):
    return {(e.source, e.type, e.target) for e in result.events}


def find(result, event_type):
    matches = [e for e in result.events if e.type == event_type]
    assert matches, f"no {event_type} in {[(e.source, e.type, e.target) for e in result.events]}"
    return matches[0]


def test_request_with_target_from_preposition(extractor):
    r = run(extractor, "Georgia's neighbour Kazakhstan demanded guarantees from Moscow on Tuesday.")
    e = find(r, "REQUEST")
    assert (e.source, e.target) == ("KAZ", "RUS")
    assert e.date == "2024-05-07"


def test_negated_aid(extractor):
    r = run(extractor, "“We asked NATO for help, and we have not received any help from NATO,” "
                       "Moldova's foreign minister said.")
    aid = find(r, "AID")
    assert (aid.source, aid.target, aid.negated) == ("NATO", "MDA", True)
    assert find(r, "REQUEST").target == "NATO"


def test_conditional_withdrawal_is_a_threat(extractor):
    r = run(extractor, "Serbian President Aleksandar Vučić spoke on Monday. "
                       "If the talks fail, Serbia will leave the Council of Europe, he said.")
    assert any(e.type == "THREATEN" and e.source == "SRB" and not e.hypothetical for e in r.events)


def test_trailing_condition_is_a_threat_and_a_condition_clause_is_not(extractor):
    r = run(extractor, "Serbia will leave the Council of Europe if the talks fail, the president said.")
    assert any(e.type == "THREATEN" and e.source == "SRB" for e in r.events)
    r = run(extractor, "If Serbia leaves the Council of Europe, the talks will collapse.")
    assert not any(e.type == "THREATEN" for e in r.events)


def test_possibility_is_hypothetical(extractor):
    r = run(extractor, "Kyrgyzstan did not rule out the possibility of leaving the Eurasian Economic Union.")
    e = find(r, "REJECT")
    assert (e.source, e.target, e.hypothetical) == ("KGZ", "EAEU", True)


def test_freeze_participation(extractor):
    r = run(extractor, "Belarus froze its participation in the OSCE last month.")
    e = find(r, "REJECT")
    assert (e.source, e.target, e.mode, e.date) == ("BLR", "OSCE", None, "2024-04")  # PLOVER has no such mode


def test_accusation_reason_is_not_a_separate_event(extractor):
    r = run(extractor, "Poland accused Belarus of orchestrating the border crisis.")
    assert triples(r) == {("POL", "ACCUSE", "BLR")}


def test_arms_delivery_and_visit(extractor):
    r = run(extractor, "In March, German Defence Minister Boris Pistorius travelled to Lithuania "
                       "to deliver air defence systems.")
    assert {("DEU", "CONSULT", "LTU"), ("DEU", "AID", "LTU")} <= triples(r)
    assert all(e.date == "2024-03" for e in r.events)


def test_background_participle_is_not_an_event(extractor):
    r = run(extractor, "Turkish troops remain deployed in northern Iraq.")
    assert not any(e.type == "MOBILIZE" for e in r.events)


def test_passive_without_agent_has_no_actor(extractor):
    r = run(extractor, "When Estonia was attacked, the country asked its allies for help.")
    assert not any(e.type == "ASSAULT" for e in r.events)


def test_pronoun_and_title_resolve_to_the_speaker(extractor):
    text = ("Japanese Prime Minister Fumio Kishida met reporters in Tokyo.\n"
            "“We will not accept any change to the status quo by force,” the prime minister said.\n"
            "“Our alliance with the United States is stronger than ever,” he added.")
    r = run(extractor, text)
    # the speaker is named as the text names them where they speak (conventions Q3); a pronoun by
    # its antecedent
    assert [q.speaker for q in r.quotes] == ["the prime minister", "Fumio Kishida"]
    assert {q.speaker_actor for q in r.quotes} == {"JPN"}


def test_multi_paragraph_quote_keeps_its_speaker(extractor):
    text = ("“The border is calm today, but nobody here believes it will stay that way,” an Estonian "
            "official said. “We are preparing for every scenario.\n"
            "“That is why the reinforcements matter so much to us.”")
    r = run(extractor, text)
    assert len(r.quotes) == 3
    assert {q.speaker for q in r.quotes} == {"an Estonian official"}
    assert {q.speaker_actor for q in r.quotes} == {"EST"}


def test_scare_quotes_are_not_quotations(extractor):
    r = run(extractor, "The so-called “mini-NATO” of the region held its drills under the “Iron Shield” name.")
    assert r.quotes == []


def test_fragments_a_speaker_says_are_quotations(extractor):
    # conventions Q1: a span in marks that reproduces a speaker's words is a quote, fragments included
    r = run(extractor, "Officials called the drills a “provocation” and warned of a “new Cold War” in the region.")
    assert {q.text for q in r.quotes if q.direct} == {"provocation", "new Cold War"}
    assert {q.speaker for q in r.quotes if q.direct} == {"Officials"}


def test_unnamed_spokesperson_for_an_organisation(extractor):
    r = run(extractor, "“The mission will continue as planned,” a spokesperson for the alliance told "
                       "reporters, a day after NATO ministers met in Brussels.")
    assert r.quotes[0].speaker == "a spokesperson for the alliance"


def test_quote_spans_pair_marks_per_paragraph():
    spans = find_quote_spans("He said: “one two three four\n“five six seven eight.”")
    assert [(s.paragraph, s.open_at_end, s.opens_paragraph) for s in spans] == [(0, True, False), (1, False, True)]


@pytest.mark.parametrize("text, value", [
    ("in late February", "2024-02"), ("on Thursday", "2024-05-09"), ("last year", "2023"),
    ("March 28", "2024-03-28"), ("in September 2022", "2022-09"), ("this week", "2024-05"),
    ("yesterday", "2024-05-09"), ("on 5 May 2023", "2023-05-05"), ("in 2021", "2021"),
    ("two years ago", "2022"), ("last month", "2024-04"),
])
def test_dates_resolve_against_publication(text, value):
    found = find_expressions(text, "2024-05-10")
    assert [e.value for e in found] == [value]


@pytest.mark.parametrize("text", ["the 2020 conflict", "three and a half years", "a 2010 agreement"])
def test_no_false_dates(text):
    assert find_expressions(text, "2024-05-10") == []


def test_future_weekday_resolves_forward():
    assert find_expressions("on Monday", "2024-05-10", future=True)[0].value == "2024-05-13"


def test_reruns_are_deterministic(extractor):
    text = "Armenia asked the CSTO for help on Monday. Russia rejected the request."
    assert run(extractor, text).to_dict() == run(extractor, text).to_dict()


def test_a_date_inside_a_clause_of_the_object_does_not_date_the_act(extractor):
    r = run(extractor, "On 12 March, Russia announced the suspension of the treaty with Ukraine, signed in 2019 to limit missiles.")
    assert r.events and all(e.date == "2024-03-12" for e in r.events)


def test_an_act_after_another_takes_the_date_of_that_act(extractor):
    r = run(extractor, "Armenia asked its allies for support after Azerbaijan's offensive launched along the border in September 2022.")
    requests = [e for e in r.events if e.type == "REQUEST"]
    assert requests and requests[0].date == "2022-09"
