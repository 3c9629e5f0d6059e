"""Names to keys: what a person types ("Armenia", "arm", "OTAN", "jermuk") to what the data calls it.

Every command and endpoint that takes an actor, an alliance or a place resolves it here, so the same
words are accepted everywhere and an unknown or ambiguous one fails the same way: ``NotFound`` (an
``InputError``, so the CLI prints one line and exits 2) naming the option or field, with the close
matches as ``.suggestions``. Like a search box, a lookup ignores case and accepts a key, a name or an
alias; unlike one, it never guesses between two candidates.

- actors: the keys and names of ``data/actors/{states,entities,organisations}.yaml`` (people are not
  actors here: they act for one actor at a time, and a lookup has no date to say which);
- treaties: knowledge-base treaty ids, the organisations that run them (by key or by any of the
  organisation's names, "OTAN" for NATO) and treaty names;
- places: the knowledge base's places and their aliases (what ``obligations --where`` accepts).
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import InputError
from .resources import data_path, read_yaml_list

if TYPE_CHECKING:
    from .kb.model import KnowledgeBase, Place, Treaty

# The files whose entries are actors with keys (people.yaml maps people onto these keys).
ACTOR_FILES = {"states.yaml": "state", "entities.yaml": "entity", "organisations.yaml": None}
MAX_SUGGESTIONS = 5


class NotFound(InputError):
    """An actor, treaty or place that names nothing, or more than one thing.

    ``field`` is the option or parameter that carried it (``--attacked``, ``alliance``), so the
    message reads "--attacked: no actor 'Armenie'; did you mean ARM (Armenia)?". ``suggestions``
    are what to type instead (keys, treaty ids, place names), best first; ``labels`` says what
    each one is.
    """

    def __init__(self, field: str, message: str, suggestions: Iterable[tuple[str, str]] = ()):
        pairs = list(suggestions)
        self.field = field
        self.suggestions = [key for key, _ in pairs]
        self.labels = {key: label for key, label in pairs}
        if pairs:
            message += "; did you mean " + ", ".join(
                key if label == key else f"{key} ({label})" for key, label in pairs) + "?"
        super().__init__(field, message)


@dataclass(frozen=True)
class ActorRef:
    key: str
    name: str
    kind: str  # state | entity | organisation | alliance

    def label(self) -> str:
        return f"{self.key} ({self.name})"


class _Index:
    """Case-folded forms -> the things (keys, ids) they name, and a short label for each thing."""

    def __init__(self) -> None:
        self.by_form: dict[str, set[str]] = defaultdict(set)
        self.label_of: dict[str, str] = {}

    def add(self, thing: str, label: str, forms: Iterable[str]) -> None:
        self.label_of.setdefault(thing, label)
        for form in forms:
            if form and form.strip():
                self.by_form[_fold(form)].add(thing)

    def find(self, text: str) -> set[str]:
        return set(self.by_form.get(_fold(text), ()))

    def pairs(self, things: Iterable[str]) -> list[tuple[str, str]]:
        return [(t, self.label_of[t]) for t in things]

    def close(self, text: str) -> list[tuple[str, str]]:
        """(thing, label) for the things whose forms are closest to ``text`` (difflib's ratio, best first)."""
        forms = difflib.get_close_matches(_fold(text), list(self.by_form), n=MAX_SUGGESTIONS * 3, cutoff=0.6)
        things = list(dict.fromkeys(t for form in forms for t in sorted(self.by_form[form])))
        return self.pairs(things[:MAX_SUGGESTIONS])


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


# --- actors ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _actors() -> tuple[dict[str, ActorRef], _Index]:
    # Read with the plain YAML reader, not the engine's ActorDictionary: that one builds spaCy
    # matchers and reads every person, which a command resolving one name should not pay for.
    # actors.py validates the same files when the engine loads them.
    refs: dict[str, ActorRef] = {}
    index = _Index()
    for name, default_kind in ACTOR_FILES.items():
        for entry in read_yaml_list(data_path(f"actors/{name}")):
            ref = ActorRef(str(entry["key"]), str(entry["name"]), str(entry.get("kind") or default_kind))
            refs[ref.key] = ref
            index.add(ref.key, ref.name, [ref.key, ref.name, *(str(n) for n in entry.get("names") or [])])
    return refs, index


def actor(key: str) -> ActorRef | None:
    """The actor with exactly this key, or None."""
    return _actors()[0].get(key)


def resolve_actor(text: str, field: str = "actor") -> ActorRef:
    """The one actor ``text`` names: its key in any case ("ARM", "arm") or one of its names ("Armenia")."""
    refs, index = _actors()
    text = (text or "").strip()
    if text in refs:
        return refs[text]
    found = index.find(text)
    if len(found) == 1:
        return refs[found.pop()]
    if found:
        raise NotFound(field, f"{text!r} names several actors", index.pairs(sorted(found)))
    raise NotFound(field, f"no actor {text!r} (give an actor key such as ARM, or a name such as Armenia)",
                   index.close(text))


# --- treaties -------------------------------------------------------------------------------------

def _treaty_index(kb: "KnowledgeBase") -> _Index:
    index = _Index()
    refs, _ = _actors()
    for treaty in kb.treaties.values():
        label = f"{treaty.organisation}: {treaty.name}" if treaty.organisation else treaty.name
        forms = [treaty.id, treaty.name]
        if treaty.atop_id is not None:
            forms.append(f"atop-{treaty.atop_id}")
        if treaty.organisation:
            forms.append(treaty.organisation)
            organisation = refs.get(treaty.organisation)
            if organisation is not None:
                forms.append(organisation.name)
        index.add(treaty.id, label, forms)
    return index


def resolve_treaty(kb: "KnowledgeBase", text: str, field: str = "alliance") -> "Treaty":
    """The one treaty ``text`` names: a treaty id ("csto", "atop-4220"), the key or any name of the
    organisation that runs it ("CSTO", "OTAN", "European Union"), or the treaty's name, in any case."""
    text = (text or "").strip()
    if text in kb.treaties:
        return kb.treaties[text]
    index = _treaty_index(kb)
    found = index.find(text)
    named = None
    if not found:
        # an organisation's other names and aliases ("OTAN", "Atlantic Alliance")
        try:
            named = resolve_actor(text, field)
        except NotFound:
            pass
        found = {t.id for t in kb.treaties.values() if named and t.organisation == named.key}
    if len(found) == 1:
        return kb.treaties[found.pop()]
    if found:
        raise NotFound(field, f"{text!r} names several treaties", index.pairs(sorted(found)))
    if named is not None and named.kind == "state":
        # a state where an alliance was expected: point to the treaties it is party to
        party_to = sorted(t for t in {m.treaty for m in kb.memberships if m.member == named.key} if t in kb.treaties)
        raise NotFound(field, f"{named.label()} is a state, not a treaty or alliance",
                       index.pairs(party_to[:MAX_SUGGESTIONS]))
    raise NotFound(field, f"no treaty or alliance {text!r} in the knowledge base (see: pactwatch kb list)",
                   index.close(text))


# --- places ---------------------------------------------------------------------------------------

def resolve_place(kb: "KnowledgeBase", text: str, field: str = "where") -> "Place":
    """The knowledge-base place ``text`` names (its name or an alias, any case)."""
    place = kb.place(text or "")
    if place is not None:
        return place
    index = _Index()
    for place in set(kb.places.values()):
        index.add(place.name, place.name, [place.name, *place.aliases])
    raise NotFound(field, f"no place {text!r} in the knowledge base (see: pactwatch kb places)", index.close(text))
