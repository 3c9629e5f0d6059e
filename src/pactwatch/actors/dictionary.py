"""The actor dictionary: states, entities, organisations and people, loaded from YAML data files.

Every surface form (a name, an adjective, a capital, a metonym, a description) stands for exactly one
actor; a form that two files give to different actors names neither. People carry their roles over
time, so that a person is coded as the state or organisation they act for on the article's date.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from ..errors import DataFileError
from ..resources import data_path, read_yaml_list

ACTOR_FILES = ("states.yaml", "entities.yaml", "organisations.yaml")
INSTITUTIONS_FILE = "institutions.yaml"  # named institutions of an actor: "People's Liberation Army" -> CHN
PEOPLE_FILE = "people.yaml"
ACTOR_KINDS = {"state", "entity", "organisation", "alliance"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Actor:
    key: str
    name: str
    kind: str  # state | entity | organisation | alliance


@dataclass(frozen=True)
class Role:
    actor: str
    title: str
    start: str
    end: str | None


@dataclass(frozen=True)
class Governance:
    """An entity in control of a state's government (CONVENTIONS A3: the Taliban government is AFG)."""

    state: str
    start: str
    end: str | None

    def on(self, date: str | None) -> bool:
        return date is not None and self.start <= date and (self.end is None or date <= _end_bound(self.end))


@dataclass(frozen=True)
class Person:
    name: str
    gender: str | None
    roles: tuple[Role, ...]

    def role_on(self, date: str | None) -> Role | None:
        """The role in force on ``date`` (YYYY-MM-DD), else the latest one begun before it."""
        if not self.roles:
            return None
        if date is None:
            return max(self.roles, key=lambda r: r.start)
        current = [r for r in self.roles if r.start <= date and (r.end is None or date <= _end_bound(r.end))]
        if current:
            return max(current, key=lambda r: r.start)
        earlier = [r for r in self.roles if r.start <= date]
        return max(earlier, key=lambda r: r.start) if earlier else min(self.roles, key=lambda r: r.start)


def _end_bound(end: str) -> str:
    # "2024" or "2024-05" as an end means the whole year or month is still in office
    return end + "-12-31"[len(end) - 4:] if len(end) < 10 else end


@dataclass(frozen=True)
class Form:
    """What a surface form in the dictionary stands for."""

    kind: str  # an actor kind, or "person"
    key: str | None  # actor key (None for a person; see ``person``)
    person: str | None = None
    ambiguous: bool = False
    via: str = "name"  # names | adjectives | capitals | metonyms | descriptors, singular


class ActorDictionary:
    """All actors, people and their surface forms, loaded from YAML data files."""

    def __init__(self, actors: dict[str, Actor], people: dict[str, Person], forms: dict[str, Form],
                 governments: dict[str, tuple[Governance, ...]] | None = None):
        self.actors = actors
        self.people = people
        self.forms = forms
        self.governments = governments or {}
        self._matchers: dict[int, PhraseMatcher] = {}

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = ()) -> "ActorDictionary":
        """Load the shipped dictionary plus any user directories holding files of the same names."""
        dirs: list[Any] = [data_path("actors")] + [Path(d) for d in extra_dirs]
        actors: dict[str, Actor] = {}
        people: dict[str, Person] = {}
        forms: dict[str, Form] = {}
        governments: dict[str, tuple[Governance, ...]] = {}
        clashes: set[str] = set()
        for directory in dirs:
            for name in ACTOR_FILES:
                path = directory.joinpath(name)
                if path.is_file():
                    for actor, surface, governs in _read_actor_file(path):
                        actors[actor.key] = actor
                        if governs:
                            governments[actor.key] = governs
                        for text, ambiguous, via in surface:
                            _add_form(forms, clashes, text, Form(actor.kind, actor.key, None, ambiguous, via))
        for directory in dirs:
            path = directory.joinpath(INSTITUTIONS_FILE)
            if path.is_file():
                for key, surface in _read_institutions_file(path, actors):
                    for text, ambiguous in surface:
                        _add_form(forms, clashes, text, Form(actors[key].kind, key, None, ambiguous, "institution"))
        for directory in dirs:
            path = directory.joinpath(PEOPLE_FILE)
            if path.is_file():
                for person, names in _read_people_file(path, actors):
                    people[person.name] = person
                    for text in names:
                        _add_form(forms, clashes, text, Form("person", None, person.name))
        for text in clashes:
            forms.pop(text, None)
        return cls(actors, people, forms, governments)

    def matcher(self, vocab: Vocab) -> PhraseMatcher:
        """A phrase matcher over every surface form, built once per vocabulary."""
        cached = self._matchers.get(id(vocab))
        if cached is None:
            cached = PhraseMatcher(vocab, attr="ORTH")
            tokenizer = English(vocab=vocab).tokenizer  # the same tokenizer rules as the model's
            texts = list(self.forms)
            for text, doc in zip(texts, tokenizer.pipe(texts)):
                cached.add(text, [doc])
            self._matchers[id(vocab)] = cached
        return cached

    def actor_name(self, key: str) -> str:
        actor = self.actors.get(key)
        return actor.name if actor else key

    def actor_kind(self, key: str) -> str:
        actor = self.actors.get(key)
        return actor.kind if actor else "entity"

    def governed_state(self, key: str | None, date: str | None) -> str | None:
        """The state whose government the entity ``key`` is on ``date`` (the Taliban from 2021-08-15)."""
        for governance in self.governments.get(key or "", ()):
            if governance.on(date):
                return governance.state
        return None


def _add_form(forms: dict[str, Form], clashes: set[str], text: str, form: Form) -> None:
    existing = forms.get(text)
    if existing is not None and (existing.key, existing.person) != (form.key, form.person):
        clashes.add(text)  # a form that names two actors names neither
    forms[text] = form


def _require(entry: dict[str, Any], field_name: str, path: Path, label: str) -> Any:
    value = entry.get(field_name)
    if value is None or value == "" or value == []:
        raise DataFileError(str(path), "missing required field", entry=label, field=field_name)
    return value


def _strings(entry: dict[str, Any], field_name: str, path: Path, label: str) -> list[str]:
    value = entry.get(field_name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(str(path), "must be a list of non-empty strings", entry=label, field=field_name)
    return value


def _read_actor_file(path: Path) -> Iterator[tuple[Actor, list[tuple[str, bool, str]], tuple[Governance, ...]]]:
    default_kind = {"states.yaml": "state", "entities.yaml": "entity"}.get(path.name)
    for i, entry in enumerate(read_yaml_list(path), start=1):
        label = str(entry.get("key") or f"#{i}")
        key = str(_require(entry, "key", path, label))
        name = str(_require(entry, "name", path, label))
        _require(entry, "source", path, label)
        kind = entry.get("kind") or default_kind
        if kind not in ACTOR_KINDS:
            raise DataFileError(str(path), f"kind must be one of {sorted(ACTOR_KINDS)}", entry=label, field="kind")
        ambiguous = set(_strings(entry, "ambiguous", path, label))
        surface: list[tuple[str, bool, str]] = [(name, name in ambiguous, "name")]
        for field_name in ("names", "adjectives", "capitals", "metonyms", "descriptors"):
            for text in _strings(entry, field_name, path, label):
                surface.append((text, text in ambiguous, field_name.rstrip("s")))
        yield Actor(key, name, kind), surface, tuple(_read_governs(entry, path, label))


def _read_governs(entry: dict[str, Any], path: Path, label: str) -> Iterator[Governance]:
    """``governs``: the states an entity has governed, each with start, end and source."""
    value = entry.get("governs") or []
    if not isinstance(value, list):
        raise DataFileError(str(path), "must be a list of mappings", entry=label, field="governs")
    for j, item in enumerate(value, start=1):
        where = f"{label} governs {j}"
        if not isinstance(item, dict):
            raise DataFileError(str(path), "must be a mapping", entry=where)
        state, start, end = str(_require(item, "state", path, where)), str(_require(item, "start", path, where)), item.get("end")
        _require(item, "source", path, where)
        for field_name, date in (("start", start), ("end", end)):
            if date is not None and not DATE_RE.match(str(date)):
                raise DataFileError(str(path), "must be YYYY, YYYY-MM or YYYY-MM-DD", entry=where, field=field_name)
        yield Governance(state, start, str(end) if end is not None else None)


def _read_institutions_file(path: Path, actors: dict[str, Actor]) -> Iterator[tuple[str, list[tuple[str, bool]]]]:
    """Named institutions: the actor they belong to, their names (ambiguous ones marked), a source."""
    for i, entry in enumerate(read_yaml_list(path), start=1):
        label = str(entry.get("name") or f"#{i}")
        name = str(_require(entry, "name", path, label))
        key = str(_require(entry, "actor", path, label))
        if key not in actors:
            raise DataFileError(str(path), f"unknown actor key {key!r}", entry=label, field="actor")
        _require(entry, "source", path, label)
        ambiguous = set(_strings(entry, "ambiguous", path, label))
        names = [name, *_strings(entry, "names", path, label)]
        yield key, [(text, text in ambiguous) for text in names]


def _read_people_file(path: Path, actors: dict[str, Actor]) -> Iterator[tuple[Person, list[str]]]:
    for i, entry in enumerate(read_yaml_list(path), start=1):
        label = str(entry.get("name") or f"#{i}")
        name = str(_require(entry, "name", path, label))
        roles = []
        for j, role in enumerate(_require(entry, "roles", path, label), start=1):
            where = f"{label} role {j}"
            if not isinstance(role, dict):
                raise DataFileError(str(path), "must be a mapping", entry=where)
            actor = str(_require(role, "actor", path, where))
            if actor not in actors:
                raise DataFileError(str(path), f"unknown actor key {actor!r}", entry=where, field="actor")
            _require(role, "source", path, where)
            start, end = str(_require(role, "start", path, where)), role.get("end")
            for field_name, value in (("start", start), ("end", end)):
                if value is not None and not DATE_RE.match(str(value)):
                    raise DataFileError(str(path), "must be YYYY, YYYY-MM or YYYY-MM-DD", entry=where, field=field_name)
            roles.append(Role(actor, str(_require(role, "title", path, where)).lower(), start,
                              str(end) if end is not None else None))
        gender = entry.get("gender")
        yield Person(name, gender, tuple(roles)), [name, *_strings(entry, "aliases", path, label)]


@lru_cache(maxsize=1)
def default_dictionary() -> ActorDictionary:
    return ActorDictionary.load()
