"""spaCy's ``attribute_ruler`` with the same rules and the same output, by table lookup.

The English model's attribute ruler maps each fine-grained tag to its coarse POS and morphology
(56 rules on ``TAG``) and patches a hundred-odd words (``TAG`` + ``LOWER``: "the" is
``Definite=Def``, "that" after a verb is ``SCONJ`` ...). spaCy runs all 179 rules as Matcher
patterns over every token of every document: on news that cost about as much as the dependency
parser (18% of pactwatch's time on the benchmark corpus; issue 12). Almost all of those patterns
are one token with equality tests, so which of them match a token is a function of the token's
tag, lowercase form, dependency label and whether it is a space: this component looks the
candidates up by those keys instead, and keeps a real Matcher only for the rest (patterns over
several tokens, or with operators other than equality and ``IN``).

It is a subclass of spaCy's ``AttributeRuler``: the patterns, serialisation (``to_disk`` /
``from_disk``), scoring and ``add_patterns`` are spaCy's own, so the model's rules are loaded as
they are and a user's added rules behave as in spaCy. Only ``match`` and ``set_annotations`` differ,
and they give the same attributes: matches are applied in rule order, a later rule overriding an
earlier one, as ``AttributeRuler.match`` sorts them (``tests/test_attribute_table.py`` compares
every token's POS, morphology and lemma against spaCy's component on real articles).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

# Token attributes a rule may test on the lookup path, and how to read them off a token.
_READERS = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
}
# The merged attributes per combination of matching rules are few (a few hundred on news); the
# cache of token signatures is bounded so that a corpus of millions of words cannot grow it forever.
_SIGNATURE_CACHE_MAX = 50_000


class AttributeTable(AttributeRuler):
    """``AttributeRuler`` whose rules of plain token tests are found by dictionary lookup."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clear_tables()

    def clear(self) -> None:
        super().clear()
        self._clear_tables()

    def _clear_tables(self) -> None:
        self._single = _Index()  # one-token rules: their matches depend on the token alone (cached)
        self._multi = _Index()  # rules over several tokens, indexed by their first token
        self._rest = Matcher(self.vocab, validate=self.validate)  # rules the tables cannot take
        self._rest_size = 0
        self._signatures: dict[tuple, tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict] = {}
        self._reads_text = False  # whether a one-token rule tests ORTH or TEXT (then it is in the signature)

    def add(self, patterns, attrs: dict, index: int = 0) -> None:
        rule = len(self.attrs)
        super().add(patterns, attrs, index)
        self._merged.clear()
        self._signatures.clear()
        compiled = [_compile(pattern) for pattern in patterns]
        if any(tests is None for tests in compiled):
            self._rest.add(str(rule), patterns)
            self._rest_size += 1
            return
        for tests in compiled:  # a rule may list several patterns: it matches where any does
            (self._single if len(tests) == 1 else self._multi).add(rule, tests)
            self._reads_text |= len(tests) == 1 and any(attr in {"ORTH", "TEXT"} for attr, *_ in tests[0])

    def match(self, doc: Doc):
        """The matches spaCy's ``AttributeRuler.match`` returns: (rule, match id, start, end), sorted."""
        strings = self.vocab.strings
        matches = {(rule, strings[str(rule)], start, end) for rule, start, end in self._table_matches(doc)}
        matches.update(self._rest_matches(doc))
        return sorted(matches)

    def set_annotations(self, doc: Doc, matches) -> None:
        """Set each token's attributes from its matching rules, applied in rule order (spaCy's)."""
        per_token: list[set[int]] = [set() for _ in range(len(doc))]
        for rule, _, start, end in matches:
            per_token[_target(rule, start, end, self.indices)].add(rule)
        for token, rules in zip(doc, per_token):
            if rules:
                set_token_attrs(token, self._merged_attrs(tuple(sorted(rules))))

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            if self._rest_size:
                self.set_annotations(doc, self.match(doc))
                return doc
            # the model's case: each token's one-token rules from the cache, the few rules over
            # several tokens added where they match, then one merged update per token
            per_token = self._single_rules(doc)
            for rule, start, end in self._multi_matches(doc):
                target = _target(rule, start, end, self.indices)
                per_token[target] = tuple(sorted({*per_token[target], rule}))
            for token, rules in zip(doc, per_token):
                if rules:
                    set_token_attrs(token, self._merged_attrs(rules))
            return doc
        except Exception as error:  # spaCy's own handling, as AttributeRuler.__call__
            return error_handler(self.name, self, [doc], error)

    def _single_rules(self, doc: Doc) -> list[tuple[int, ...]]:
        if len(self._signatures) > _SIGNATURE_CACHE_MAX:
            self._signatures.clear()
        out = []
        for token in doc:
            signature = (token.tag_, token.lower_, token.dep_, token.is_space, self._reads_text and token.text)
            rules = self._signatures.get(signature)
            if rules is None:
                rules = self._signatures[signature] = tuple(sorted(
                    {rule for rule, _ in self._single.matching(doc, token.i)}))
            out.append(rules)
        return out

    def _table_matches(self, doc: Doc):
        for i, rules in enumerate(self._single_rules(doc)):
            for rule in rules:
                yield rule, i, i + 1
        yield from self._multi_matches(doc)

    def _multi_matches(self, doc: Doc):
        """(rule, start, end) of each match of a rule over several tokens."""
        if self._multi:
            for i in range(len(doc)):
                for rule, length in self._multi.matching(doc, i):
                    yield rule, i, i + length

    def _rest_matches(self, doc: Doc):
        if not self._rest_size:
            return []
        strings = self.vocab.strings
        return [(int(strings[m_id]), m_id, s, e)
                for m_id, s, e in self._rest(doc, allow_missing=True, as_spans=False)]

    def _merged_attrs(self, rules: tuple[int, ...]) -> dict:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:  # a later rule overrides an earlier one, as in spaCy
                merged.update(self.attrs[rule])
            self._merged[rules] = merged
        return merged


class _Index:
    """Patterns of token tests, found through their first token's LOWER or TAG values where they
    test one, else tried at every token."""

    def __init__(self) -> None:
        self._by_lower: dict[str, list] = defaultdict(list)
        self._by_tag: dict[str, list] = defaultdict(list)
        self._anywhere: list = []
        self._size = 0

    def __bool__(self) -> bool:
        return self._size > 0

    def add(self, rule: int, tests: list[list[tuple]]) -> None:
        self._size += 1
        entry = (rule, tests)
        first = {attr: (kind, values) for attr, _, kind, values in tests[0]}
        if first.get("LOWER", ("",))[0] == "in":
            for value in first["LOWER"][1]:
                self._by_lower[value].append(entry)
        elif first.get("TAG", ("",))[0] == "in":
            for value in first["TAG"][1]:
                self._by_tag[value].append(entry)
        else:
            self._anywhere.append(entry)

    def matching(self, doc: Doc, i: int):
        """(rule, length) of each pattern that matches ``doc`` from token ``i``."""
        token = doc[i]
        for rule, tests in (*self._by_lower.get(token.lower_, ()), *self._by_tag.get(token.tag_, ()),
                            *self._anywhere):
            if i + len(tests) <= len(doc) and all(
                    _holds(doc[i + k], token_tests) for k, token_tests in enumerate(tests)):
                yield rule, len(tests)


def _holds(token, tests) -> bool:
    for _, read, kind, values in tests:
        value = read(token)
        if kind == "in":
            if value not in values:
                return False
        elif kind == "not_in":
            if value in values:
                return False
        elif not values.search(value):  # regex
            return False
    return True


def _compile(pattern: list[dict]) -> list[list[tuple]] | None:
    """Per token of the pattern, its tests ``(attribute, reader, kind, values)`` for equality, ``IN``,
    ``NOT_IN`` and ``REGEX``; None for anything else (operators, other attributes): the Matcher's."""
    compiled = []
    for spec in pattern:
        tests = []
        for attr, value in spec.items():
            if not isinstance(attr, str) or attr.upper() not in _READERS:
                return None
            attr = attr.upper()
            if isinstance(value, dict):
                if len(value) != 1 or next(iter(value)) not in {"IN", "NOT_IN", "REGEX"}:
                    return None
                op, operand = next(iter(value.items()))
            else:
                op, operand = "IN", [value]
            if op == "REGEX":
                if attr == "IS_SPACE" or not isinstance(operand, str):
                    return None
                tests.append((attr, _READERS[attr], "regex", re.compile(operand)))
                continue
            wanted = bool if attr == "IS_SPACE" else str
            if not all(isinstance(v, wanted) for v in operand):
                return None
            tests.append((attr, _READERS[attr], "in" if op == "IN" else "not_in", frozenset(operand)))
        compiled.append(tests)
    return compiled or None


def _target(rule: int, start: int, end: int, indices: list[int]) -> int:
    index = indices[rule]
    position = (start + index) if index >= 0 else (end + index)
    if not start <= position < end:
        raise ValueError(f"attribute rule {rule}: index {index} is outside its match ({start}, {end})")
    return position


@Language.factory("pactwatch_attribute_table", default_config={"validate": False, "scorer": None},
                  assigns=["token.pos", "token.morph", "token.lemma"])
def make_attribute_table(nlp: Language, name: str, validate: bool, scorer) -> AttributeTable:
    """The attribute ruler by table lookup; load it with the model's own rules (``nlp.load_model``)."""
    return AttributeTable(nlp.vocab, name, validate=validate, scorer=scorer)


def swap_in(nlp: Language, name: str = "attribute_ruler") -> None:
    """Replace ``nlp``'s attribute ruler by an ``AttributeTable`` holding the same rules, in place."""
    if name not in nlp.pipe_names:
        return
    old = nlp.get_pipe(name)
    if isinstance(old, AttributeTable) or not isinstance(old, AttributeRuler):
        return
    patterns = old.patterns
    nlp.replace_pipe(name, "pactwatch_attribute_table", config={"validate": old.validate})
    nlp.get_pipe(name).add_patterns(patterns)
