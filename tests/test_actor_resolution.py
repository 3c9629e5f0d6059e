"""Actor resolution across a whole article, pinned by case tables (``tests/cases/actors*.yaml``).

Every case is a short text written by us with what the article's actors must come out as: the key of a
mention (``mentions``), the speaker of a quote (``speakers``), events that must or must not be coded
(``events``, ``no_events``). Each case names the rule it pins; the rules are described in
docs/events.md ("Actors") and in the modules of ``pactwatch.actors``.

A mention is given by its text, and ``nth`` (1-based) when the text occurs more than once; a speaker
by words of its quote, with the actor key and, optionally, words the speaker's name must contain.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pactwatch.actors import ArticleActors, find_mentions
from pactwatch.pipeline import Extractor
from pactwatch.extract.quotes import extract_quotes
from pactwatch.records import Article

CASES_DIR = Path(__file__).parent / "cases"
CASE_FIELDS = {"rule", "text", "published", "mentions", "speakers", "events", "no_events"}


def load_cases() -> list[dict]:
    cases = []
    for path in sorted(CASES_DIR.glob("actors*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")), start=1):
            unknown = set(case) - CASE_FIELDS
            assert not unknown, f"{path.name} case {i}: unknown fields {sorted(unknown)}"
            assert case.get("rule") and case.get("text"), f"{path.name} case {i}: rule and text are required"
            case["id"] = f"{path.stem}:{i}:{case['rule'][:60]}"
            cases.append(case)
    assert cases, f"no case tables in {CASES_DIR}"
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def article_actors(extractor: Extractor, text: str, published: str | None) -> ArticleActors:
    """The article's mentions as the pipeline builds them, quotes' unnamed speakers included."""
    doc = extractor.nlp(text)
    actors = ArticleActors(doc, find_mentions(doc, extractor.dictionary, extractor.roles, published),
                           extractor.roles, extractor.dictionary)
    actors.discover_unnamed()
    extract_quotes(doc, actors)
    return actors


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict, extractor: Extractor) -> None:
    text, published = case["text"].strip(), str(case.get("published") or "2024-03-15")
    problems: list[str] = []
    if case.get("mentions"):
        mentions = article_actors(extractor, text, published).mentions
        for want in case["mentions"]:
            found = [m for m in mentions if m.text == want["text"]]
            nth = int(want.get("nth", 1))
            if len(found) < nth:
                problems.append(f"no mention {want['text']!r} (#{nth}); mentions: "
                                f"{[(m.text, m.key) for m in mentions]}")
            elif found[nth - 1].key != want["key"]:
                problems.append(f"mention {want['text']!r} (#{nth}) is {found[nth - 1].key}, not {want['key']}")
    result = extractor.extract(Article(id="case", text=text, published=published))
    for want in case.get("speakers") or []:
        quotes = [q for q in result.quotes if want["quote"] in q.text]
        if not quotes:
            problems.append(f"no quote with {want['quote']!r}; quotes: {[q.text for q in result.quotes]}")
            continue
        quote = quotes[0]
        if quote.speaker_actor != want["actor"]:
            problems.append(f"quote {want['quote']!r}: speaker {quote.speaker!r} ({quote.speaker_actor}), "
                            f"not {want['actor']}")
        elif want.get("speaker") and want["speaker"] not in (quote.speaker or ""):
            problems.append(f"quote {want['quote']!r}: speaker {quote.speaker!r} lacks {want['speaker']!r}")
    coded = {(e.type, e.source, e.target) for e in result.events}
    for want in case.get("events") or []:
        if tuple(want) not in coded:
            problems.append(f"event {want} not coded; coded: {sorted(coded, key=str)}")
    for unwanted in case.get("no_events") or []:
        if tuple(unwanted) in coded:
            problems.append(f"event {unwanted} coded, but must not be")
    assert not problems, "\n".join(problems)


# --- the data files this resolution reads -------------------------------------------------------------

def test_every_institution_and_government_has_a_source_and_a_known_actor():
    from pactwatch.actors import default_dictionary
    from pactwatch.resources import data_path

    entries = yaml.safe_load(Path(str(data_path("actors"))).joinpath("institutions.yaml").read_text(encoding="utf-8"))
    dictionary = default_dictionary()
    for entry in entries:
        assert str(entry.get("source", "")).startswith("http"), entry["name"]
        assert entry["actor"] in dictionary.actors, entry["name"]
        assert dictionary.forms[entry["name"]].key == entry["actor"], entry["name"]
    assert dictionary.governed_state("TALIBAN", "2025-10-12") == "AFG"
    assert dictionary.governed_state("TALIBAN", "2019-05-01") is None


def test_an_institution_of_an_unknown_actor_is_refused_with_file_entry_and_field(tmp_path):
    from pactwatch.actors import ActorDictionary
    from pactwatch.errors import DataFileError

    (tmp_path / "institutions.yaml").write_text(
        "- name: Ministry of Testing\n  actor: NOPE\n  source: https://example.org\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        ActorDictionary.load([tmp_path])
    message = str(caught.value)
    assert "institutions.yaml" in message and "Ministry of Testing" in message and "actor" in message


def test_a_government_with_a_malformed_date_is_refused_with_file_entry_and_field(tmp_path):
    from pactwatch.actors import ActorDictionary
    from pactwatch.errors import DataFileError

    (tmp_path / "entities.yaml").write_text(
        "- key: TESTFRONT\n  name: Test Front\n  kind: entity\n  source: https://example.org\n"
        "  governs:\n    - {state: ARM, start: 'last spring', source: 'https://example.org'}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        ActorDictionary.load([tmp_path])
    message = str(caught.value)
    assert "entities.yaml" in message and "TESTFRONT" in message and "start" in message
