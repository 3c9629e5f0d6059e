"""pactwatch's stages are registered spaCy components: the order is checked by ``analyze_pipes``, a
stage can be replaced or added like any spaCy component, and ``Extractor`` reports what the
pipeline's stages put on each Doc. Real model; the texts are ours."""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from pactwatch.errors import InputError
from pactwatch.extract.components import STAGES
from pactwatch.nlp import load_model
from pactwatch.pipeline import Extractor
from pactwatch.records import Article, ArticleResult, Event

TEXT = "Armenia accused Russia of abandoning it on Monday.\nThe two leaders embraced in Moscow."


@Language.component("test_embrace_coder", assigns=["doc._.events"],
                    requires=["doc._.pactwatch_actors", "token.lemma"])
def embrace_coder(doc: Doc) -> Doc:
    """A stand-in event coder: every sentence with "embrace" is a CONSULT between the first two
    actors the article names."""
    keys = list(dict.fromkeys(m.key for m in doc._.pactwatch_actors.mentions if m.key))
    doc._.events = [
        Event(source=keys[0], target=keys[1], type="CONSULT", mode="meet", date=doc._.published, negated=False,
              hypothetical=False, evidence=s.text, evidence_span=(s.start_char, s.end_char), source_text=keys[0],
              target_text=keys[1], confidence=0.5)
        for s in doc.sents if any(t.lemma_ == "embrace" for t in s)]
    return doc


@Language.component("test_drop_negated", requires=["doc._.events"], assigns=["doc._.events"])
def drop_negated(doc: Doc) -> Doc:
    """An added stage after the coder: keeps only the events that happened."""
    doc._.events = [e for e in doc._.events if not e.negated]
    return doc


@Language.component("test_fails_on_bug")
def fails_on_bug(doc: Doc) -> Doc:
    if "BUG" in doc.text:
        raise ZeroDivisionError("division by zero")
    return doc


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def own_nlp() -> Language:
    """A pipeline of its own (not the cached one the other tests share), for tests that change it."""
    return load_model.__wrapped__()


def test_the_stages_run_in_order_after_the_parser_and_analyze_pipes_finds_no_problem(extractor):
    names = extractor.nlp.pipe_names
    assert [n for n in names if n.startswith("pactwatch_") and n != "pactwatch_paragraph_sentences"] == list(STAGES)
    assert names.index("parser") < names.index("pactwatch_actors")
    analysis = extractor.nlp.analyze_pipes()
    assert {name: problems for name, problems in analysis["problems"].items() if problems} == {}
    assert analysis["attrs"]["doc._.quotes"] == {"assigns": ["pactwatch_quotes"], "requires": ["pactwatch_events"]}


def test_analyze_pipes_reports_a_stage_moved_before_what_it_needs(own_nlp):
    Extractor(nlp=own_nlp)
    own_nlp.remove_pipe("pactwatch_events")
    own_nlp.add_pipe("pactwatch_events", before="pactwatch_quotes")
    problems = own_nlp.analyze_pipes()["problems"]
    assert problems["pactwatch_events"] == ["doc._.quotes"]


def test_the_publication_date_reaches_the_stages_through_the_doc(extractor):
    doc = extractor.nlp.make_doc(TEXT)
    doc._.published = "2024-03-15"
    doc = extractor.nlp(doc)
    accusation = [e for e in doc._.events if e.type == "ACCUSE"]
    assert [(e.source, e.target, e.date) for e in accusation] == [("ARM", "RUS", "2024-03-11")]
    assert doc._.pactwatch_actors.mentions and doc._.quotes == []


def test_a_replaced_event_coder_gives_the_extractors_events(own_nlp):
    stock = Extractor(nlp=load_model()).extract(Article(id="a", text=TEXT, published="2024-03-15"))
    assert "CONSULT" not in {e.type for e in stock.events}

    own_nlp.add_pipe("pactwatch_actors")
    own_nlp.add_pipe("pactwatch_quotes")
    own_nlp.add_pipe("test_embrace_coder")  # in place of pactwatch_events: the Extractor does not add it back
    result = Extractor(nlp=own_nlp).extract(Article(id="a", text=TEXT, published="2024-03-15"))
    assert "pactwatch_events" not in own_nlp.pipe_names
    assert [(e.source, e.target, e.type, e.evidence) for e in result.events] == [
        ("ARM", "RUS", "CONSULT", "The two leaders embraced in Moscow.")]
    assert own_nlp.analyze_pipes()["problems"]["test_embrace_coder"] == []


def test_replace_pipe_swaps_the_coder_in_a_built_pipeline(own_nlp):
    extractor = Extractor(nlp=own_nlp)
    own_nlp.replace_pipe("pactwatch_events", "test_embrace_coder")
    result = extractor.extract(Article(id="a", text=TEXT, published="2024-03-15"))
    assert [e.type for e in result.events] == ["CONSULT"]


def test_an_added_stage_after_the_coder_changes_the_output(own_nlp):
    text = "Armenia did not accuse Russia of anything. Armenia accused Azerbaijan of shelling."
    extractor = Extractor(nlp=own_nlp)
    assert any(e.negated for e in extractor.extract(Article(id="a", text=text)).events)
    own_nlp.add_pipe("test_drop_negated", after="pactwatch_events")
    events = extractor.extract(Article(id="a", text=text)).events
    assert events and not any(e.negated for e in events)


def test_a_stage_failing_on_one_article_is_that_articles_error_in_its_place(own_nlp):
    own_nlp.add_pipe("test_fails_on_bug", after="parser")
    extractor = Extractor(nlp=own_nlp, batch_size=8)
    items = [Article(id="a", text=TEXT), Article(id="bug", text="BUG in Armenia.", origin="in.jsonl", origin_line=2),
             Article(id="c", text=TEXT)]
    out = list(extractor.stream(items))
    assert [type(o).__name__ for o in out] == ["ArticleResult", "InputError", "ArticleResult"]
    assert isinstance(out[1], InputError) and "article 'bug' could not be coded (ZeroDivisionError" in out[1].message
    assert isinstance(out[0], ArticleResult) and out[0].events == out[2].events
