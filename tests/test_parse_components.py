"""pactwatch's parse components give what spaCy's own give, token by token.

Real articles (the development set, read from ../shared) and our own examples go through the model
twice: once with spaCy's ``attribute_ruler`` and lemmatizer, once with ``pactwatch.parse``'s
attribute table and cached lemmatizer in their place.
Every token's POS, fine tag, morphology and lemma must be equal. Rules a user adds (several tokens,
an operator the tables cannot take) must behave as in spaCy too, and the component survives
``to_bytes`` / ``from_bytes``.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from pactwatch.parse.attribute_table import AttributeTable, swap_in
from pactwatch.parse.lemmatizer import CachedLemmatizer
from pactwatch.parse.lemmatizer import swap_in as swap_in_lemmatizer
from pactwatch.nlp import MODEL_NAMES, load_model

DEV_GOLD = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "dev" / "gold.jsonl"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def _spacy_pipeline():
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    pytest.fail(f"no spaCy English model ({', '.join(MODEL_NAMES)})")


@pytest.fixture(scope="module")
def pair():
    reference = _spacy_pipeline()
    tabled = _spacy_pipeline()
    swap_in(tabled)
    swap_in_lemmatizer(tabled)
    return reference, tabled


def _texts() -> list[str]:
    assert DEV_GOLD.is_file(), f"dev gold missing: {DEV_GOLD} (CI needs ../shared beside the checkout)"
    with DEV_GOLD.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    return texts


def _attributes(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_same_attributes_as_spacy_on_real_articles(pair):
    reference, tabled = pair
    texts = _texts()
    assert len(texts) >= 40
    tokens = 0
    for text in texts:
        expected, got = _attributes(reference(text)), _attributes(tabled(text))
        tokens += len(expected)
        assert got == expected, next((e, g) for e, g in zip(expected, got) if e != g)
    assert tokens > 10_000
    # and again, now from the lemma cache filled by the first pass
    assert _attributes(tabled(texts[0])) == _attributes(reference(texts[0]))


def test_pactwatch_model_uses_them():
    nlp = load_model()
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeTable)
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")
    # every rule of the model found a place in the tables: none left for the Matcher
    assert nlp.get_pipe("attribute_ruler")._rest_size == 0


USER_RULES = [
    # two tokens, the second changed: the tables cannot take it, the Matcher path must
    {"patterns": [[{"LOWER": "prime"}, {"LOWER": "minister"}]], "attrs": {"POS": "PROPN"}, "index": 1},
    # an operator other than equality and IN
    {"patterns": [[{"LENGTH": {">": 12}, "TAG": "NN"}]], "attrs": {"MORPH": "Foreign=Yes"}},
    # a later one-token rule overriding the model's tag rule for one word
    {"patterns": [[{"LOWER": "ceasefire"}]], "attrs": {"POS": "X"}},
]


@pytest.mark.parametrize("text", [
    "The prime minister said the ceasefire would hold despite the counterinsurgency operations.",
    "Prime Minister Kallas met the minister of defence; the ceasefire held.",
])
def test_user_rules_as_in_spacy(pair, text):
    reference, tabled = _spacy_pipeline(), _spacy_pipeline()
    swap_in(tabled)
    for nlp in (reference, tabled):
        nlp.get_pipe("attribute_ruler").add_patterns(USER_RULES)
    assert tabled.get_pipe("attribute_ruler")._rest_size == 1  # LENGTH: the Matcher's
    expected, got = _attributes(reference(text)), _attributes(tabled(text))
    assert got == expected
    assert any(t[2] == "X" for t in got) and any(t[0] == "minister" and t[2] == "PROPN" for t in got)


def test_round_trip_keeps_the_rules(pair):
    _, tabled = pair
    table = tabled.get_pipe("attribute_ruler")
    copy = AttributeTable(tabled.vocab).from_bytes(table.to_bytes())
    assert copy.patterns == table.patterns
    doc = tabled.make_doc("They said that the talks would resume.")
    for name, proc in tabled.pipeline:
        doc = copy(doc) if name == "attribute_ruler" else proc(doc)
    assert _attributes(doc) == _attributes(tabled("They said that the talks would resume."))
