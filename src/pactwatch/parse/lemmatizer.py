"""spaCy's English rule lemmatizer, each lemma computed once per (word, POS, morphology).

``Lemmatizer.rule_lemmatize`` caches its lemmas, but only after the checks that decide a word is
its own base form (``is_base_form`` reads the morphology as a dict each time) and behind a Python
call per token: on news about as costly as the attribute ruler was (issue 12). A lemma is a
function of the word's text, POS and morphology (and the model's tables), so this subclass keeps
the lemma itself per that key and sets it directly; a key seen for the first time goes through
spaCy's own ``lemmatize``, so every lemma is spaCy's.
"""
from __future__ import annotations

from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.tokens import Doc

# Distinct (word, POS, morphology) keys grow with the corpus's vocabulary: bounded, so memory stays flat.
_CACHE_MAX = 100_000


class CachedLemmatizer(EnglishLemmatizer):
    """``EnglishLemmatizer`` with a per-key cache of finished lemmas (the same lemmas)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph key) -> lemma hash

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables()
        cache = self._lemmas
        if len(cache) > _CACHE_MAX:
            cache.clear()
        error_handler = self.get_error_handler()
        try:
            for token in doc:
                if self.overwrite or token.lemma == 0:
                    key = (token.orth, token.pos, token.morph.key)
                    lemma = cache.get(key)
                    if lemma is None:
                        lemma = cache[key] = self.vocab.strings.add(self.lemmatize(token)[0])
                    token.lemma = lemma
            return doc
        except Exception as error:  # spaCy's own handling, as Lemmatizer.__call__
            error_handler(self.name, self, [doc], error)


@Language.factory("pactwatch_lemmatizer", assigns=["token.lemma"],
                  default_config={"model": None, "mode": "rule", "overwrite": False, "scorer": None})
def make_lemmatizer(nlp: Language, model, name: str, mode: str, overwrite: bool, scorer) -> CachedLemmatizer:
    """The English rule lemmatizer with finished lemmas cached; ``swap_in`` gives it the model's tables."""
    return CachedLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite, scorer=scorer)


def swap_in(nlp: Language, name: str = "lemmatizer") -> None:
    """Replace ``nlp``'s English rule lemmatizer by a ``CachedLemmatizer`` with the same tables, in place."""
    if name not in nlp.pipe_names:
        return
    old = nlp.get_pipe(name)
    if type(old) is not EnglishLemmatizer or old.mode != "rule":
        return  # another mode or a user's own lemmatizer: left as it is
    nlp.replace_pipe(name, "pactwatch_lemmatizer", config={"mode": old.mode, "overwrite": old.overwrite})
    new = nlp.get_pipe(name)
    new.lookups = old.lookups
    new._validated = False
