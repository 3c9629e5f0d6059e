"""The event lexicon: which words report which PLOVER event, and where their actors are.

``data/lexicon/events.yaml`` (the core file: frames and the word lists the engine consults) and the
sense files of ``data/lexicon/events/`` are read once into an ``EventLexicon``; each sense becomes a
``Frame``. A bad entry is refused with its file, entry and field.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Token

from ...errors import DataFileError
from ...plover import TYPES as PLOVER_TYPES, is_mode, modes as plover_modes
from ...resources import data_path, load_yaml
from .grammar import Grammar, default_grammar


LEXICON = "lexicon/events.yaml"
LEXICON_DIR = "lexicon/events"  # sense files, one per group of PLOVER types
VERB_SOURCE = ("subject",)
NOUN_SOURCE = ("poss", "modifier", "prep:by", "governor_subject")
DEFAULT_TARGET = ("object", "dative", "prep:to", "prep:against", "prep:at", "prep:with", "prep:on", "prep:from")
NEEDS = {"negated", "xcomp", "negated_complement", "as", "target", "active", "own_time"}
ABSORBABLE = {"object", "xcomp", "ccomp", "acl", "prep:for", "prep:of", "prep:to", "prep:with", "prep:on", "prep:over", "prep:against"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJECT_DEPS = {"dobj", "obj", "attr", "oprd"}


@dataclass(frozen=True)
class Frame:
    lemma: str
    pos: str  # verb | noun | adjective
    type: str
    mode: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = DEFAULT_TARGET
    objects: frozenset[str] = frozenset()
    particle: str | None = None
    needs: frozenset[str] = frozenset()
    inverse: bool = False
    absorbs: frozenset[str] = frozenset()
    predicate: str | None = None
    only_predicate: bool = False
    skip_acl: bool = True
    heads: frozenset[str] = frozenset()
    hypothetical_if_modified: frozenset[str] = frozenset()
    unless_complement: frozenset[str] = frozenset()
    fallback: bool = True  # may the target fall back to the paragraph's main actor?
    ref: str | None = None  # where the sense comes from (a PETRARCH-2 code, a PLOVER codebook section)


@dataclass(frozen=True)
class EventLexicon:
    verbs: dict[str, tuple[Frame, ...]]
    nouns: dict[str, tuple[Frame, ...]]
    adjectives: dict[str, tuple[Frame, ...]]
    light_verbs: frozenset[str]
    hypothetical_governors: frozenset[str]
    hypothetical_auxiliaries: frozenset[str]
    conditional_markers: frozenset[str]
    time_barriers: frozenset[str]
    background_markers: frozenset[str]
    actor_sharing_preps: frozenset[str]
    stative_verbs: frozenset[str]
    fallback_types: frozenset[str]
    joint_types: frozenset[str]
    group_nouns: frozenset[str]
    grammar: Grammar = field(default_factory=default_grammar)  # closed-class words (grammar.yaml)

    def frames_for(self, token: Token) -> tuple[Frame, ...]:
        lemma = token.lemma_.lower()
        if token.pos_ in {"VERB", "AUX"}:
            return self.verbs.get(lemma, ())
        if token.pos_ in {"NOUN", "PROPN"}:
            return self.nouns.get(lemma, ()) or self.nouns.get(token.lower_, ())
        if token.pos_ == "ADJ":
            frames = self.adjectives.get(lemma, ())
            if not frames and token.tag_ == "VBN":  # a participle the tagger calls an adjective
                frames = self.verbs.get(lemma, ())
            return frames
        return ()


@lru_cache(maxsize=1)
def default_lexicon() -> EventLexicon:
    return load_lexicon()


def lexicon_files() -> list[str]:
    """The core lexicon, then every sense file of ``lexicon/events/`` in name order.

    Sense files hold only ``verbs``, ``nouns`` and ``adjectives`` (one file per group of PLOVER
    types, each entry with its source), so a verb sense is added without touching the engine or the
    core file. A lemma listed in several files keeps all its frames, core file first; the first
    that fits is used, the most specific tried first (``frames.by_specificity``).
    """
    folder = data_path(LEXICON_DIR)
    extra = sorted(f"{LEXICON_DIR}/{f.name}" for f in folder.iterdir() if f.name.endswith(".yaml")) if folder.is_dir() else []
    return [LEXICON, *extra]


def load_lexicon() -> EventLexicon:
    files = lexicon_files()
    data = load_yaml(LEXICON)
    sections: dict[str, dict[str, tuple[Frame, ...]]] = {}
    for section, pos in (("verbs", "verb"), ("nouns", "noun"), ("adjectives", "adjective")):
        sections[section] = {}
        for relative in files:
            path = str(data_path(relative))
            content = data if relative == LEXICON else (load_yaml(relative) or {})
            if relative != LEXICON and set(content) - {"verbs", "nouns", "adjectives"}:
                raise DataFileError(path, "a sense file holds only verbs, nouns and adjectives",
                                    field=sorted(set(content) - {"verbs", "nouns", "adjectives"})[0])
            for lemma, spec in (content.get(section) or {}).items():
                specs = spec if isinstance(spec, list) else [spec]
                frames = tuple(_frame(path, section, str(lemma), pos, s) for s in specs)
                if relative != LEXICON and any(not f.ref for f in frames):
                    raise DataFileError(path, "every sense in a sense file needs its ref (where it comes from)",
                                        entry=f"{section}.{lemma}", field="ref")
                sections[section][str(lemma)] = sections[section].get(str(lemma), ()) + frames
    words = lambda name: frozenset(str(w).lower() for w in data.get(name) or [])  # noqa: E731
    return EventLexicon(sections["verbs"], sections["nouns"], sections["adjectives"], words("light_verbs"),
                        words("hypothetical_governors"), words("hypothetical_auxiliaries"),
                        words("conditional_markers"), words("time_barriers"), words("background_markers"),
                        words("actor_sharing_preps"), words("stative_verbs"),
                        frozenset(str(t).upper() for t in data.get("fallback_types") or []),
                        frozenset(str(t).upper() for t in data.get("joint_types") or []),
                        words("group_nouns"))


def _frame(path: str, section: str, lemma: str, pos: str, spec: Any) -> Frame:
    entry = f"{section}.{lemma}"
    if not isinstance(spec, dict):
        raise DataFileError(path, "a frame must be a mapping", entry=entry)
    known = set(Frame.__dataclass_fields__) - {"lemma", "pos"}
    for key in spec:
        if key not in known:
            raise DataFileError(path, f"unknown field (known: {', '.join(sorted(known))})", entry=entry, field=key)
    event_type = spec.get("type")
    if event_type not in PLOVER_TYPES:
        raise DataFileError(path, f"must be one of the 16 PLOVER types, not {event_type!r}", entry=entry, field="type")
    for key in ("predicate",):
        if spec.get(key) is not None and spec[key] not in PLOVER_TYPES:
            raise DataFileError(path, "must be a PLOVER type", entry=entry, field=key)
    # modes come from the ontology only: an invented one would reach the PLOVER and CAMEO exports
    mode = spec.get("mode")
    if mode is not None and not is_mode(event_type, mode):
        allowed = ", ".join(plover_modes(event_type)) or "none, leave mode out"
        raise DataFileError(path, f"{mode!r} is not a PLOVER mode of {event_type} (its modes: {allowed})",
                            entry=entry, field="mode")
    needs = frozenset(spec.get("needs") or [])
    if needs - NEEDS:
        raise DataFileError(path, f"unknown condition {sorted(needs - NEEDS)}", entry=entry, field="needs")
    absorbs = frozenset(spec.get("absorbs") or [])
    if absorbs - ABSORBABLE:
        raise DataFileError(path, f"unknown dependency {sorted(absorbs - ABSORBABLE)}", entry=entry, field="absorbs")
    default_source = VERB_SOURCE if pos == "verb" else NOUN_SOURCE
    lower = lambda name: frozenset(str(w).lower() for w in spec.get(name) or [])  # noqa: E731
    return Frame(
        lemma=lemma, pos=pos, type=event_type, mode=spec.get("mode"),
        source=tuple(spec.get("source") or default_source),
        target=tuple(spec.get("target") or DEFAULT_TARGET),
        objects=lower("objects"), particle=spec.get("particle"), needs=needs,
        inverse=bool(spec.get("inverse", False)), absorbs=absorbs, predicate=spec.get("predicate"),
        only_predicate=bool(spec.get("only_predicate", False)), skip_acl=bool(spec.get("skip_acl", True)),
        heads=lower("heads"), hypothetical_if_modified=lower("hypothetical_if_modified"),
        fallback=bool(spec.get("fallback", True)), unless_complement=lower("unless_complement"),
        ref=str(spec["ref"]) if spec.get("ref") else None,
    )
