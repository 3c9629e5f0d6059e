"""The closed-class words and type groups the event coder's rules consult (``data/lexicon/grammar.yaml``).

They are read once into a ``Grammar`` that the ``EventLexicon`` carries, so every rule finds its
words in the lexicon it is given, and a list is changed in the data file, not in the engine. Each
list is required: a missing, misspelt or mistyped one is refused with the file and field.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from ...errors import DataFileError
from ...plover import TYPES as PLOVER_TYPES
from ...resources import data_path, load_yaml

GRAMMAR = "lexicon/grammar.yaml"


@dataclass(frozen=True)
class Grammar:
    future_auxiliaries: frozenset[str]
    hypothetical_subordinators: frozenset[str]
    condition_subordinators: frozenset[str]
    possibility_auxiliaries: frozenset[str]
    relative_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    number_words: dict[str, int]
    locative_prepositions: frozenset[str]
    sequence_prepositions: frozenset[str]
    threat_types: frozenset[str]
    commitment_types: frozenset[str]
    force_types: frozenset[str]
    concession_types: frozenset[str]


TYPE_LISTS = {"threat_types", "commitment_types", "force_types", "concession_types"}


@lru_cache(maxsize=1)
def default_grammar() -> Grammar:
    return load_grammar()


def load_grammar() -> Grammar:
    return parse_grammar(load_yaml(GRAMMAR), str(data_path(GRAMMAR)))


def parse_grammar(data: Any, path: str) -> Grammar:
    """The ``Grammar`` in ``data`` (the parsed YAML of ``path``), every list checked."""
    if not isinstance(data, dict):
        raise DataFileError(path, "must be a mapping of list name: words")
    known = [f.name for f in fields(Grammar)]
    for name in data:
        if name not in known:
            raise DataFileError(path, f"unknown list (known: {', '.join(known)})", field=str(name))
    values: dict[str, Any] = {}
    for name in known:
        if name not in data:
            raise DataFileError(path, "missing: the event coder's rules need this list", field=name)
        if name == "number_words":
            values[name] = _numbers(path, name, data[name])
        elif name in TYPE_LISTS:
            values[name] = _types(path, name, data[name])
        else:
            values[name] = _words(path, name, data[name])
    return Grammar(**values)


def _words(path: str, name: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        # YAML reads an unquoted no, on, yes or off as a boolean: such a word must be quoted
        raise DataFileError(path, "must be a list of words (quote no, on, yes and off)", field=name)
    return frozenset(w.lower() for w in value)


def _types(path: str, name: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list):
        raise DataFileError(path, "must be a list of PLOVER types", field=name)
    for t in value:
        if t not in PLOVER_TYPES:
            raise DataFileError(path, f"{t!r} is not one of the 16 PLOVER types", field=name)
    return frozenset(value)


def _numbers(path: str, name: str, value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not all(isinstance(w, str) and type(n) is int for w, n in value.items()):
        raise DataFileError(path, "must map number words to integers", field=name)
    return {w.lower(): n for w, n in value.items()}
