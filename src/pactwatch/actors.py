"""The actor dictionary and the actor-mention stage.

Actors come from data files (``data/actors/*.yaml``): states, non-state entities, organisations and
people with their roles over time. A document's mentions are found with a phrase matcher over those
names, then people the dictionary does not know are discovered from titles ("spokesperson Maria
Zakharova", "Varuzhan Nersesyan, Armenia's ambassador"), and later surname-only mentions are linked
to them. Pronouns and definite descriptions are resolved lazily by ``ArticleActors.resolve`` when an
event or quote needs them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab
from spacy.tokens import Doc, Token

from .errors import DataFileError
from .records import Mention
from .resources import data_path, load_yaml, read_yaml_list

ACTOR_FILES = ("states.yaml", "entities.yaml", "organisations.yaml")
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


@dataclass(frozen=True)
class Roles:
    """The roles lexicon: titles, organ nouns, collective descriptions and pronouns."""

    title_of: dict[str, str]  # form -> canonical title
    max_title_words: int
    organs: frozenset[str]
    collective_of: dict[str, str]  # "alliance" -> alliance, "country" -> state
    pronoun_class: dict[str, str]  # "he" -> male
    commentators: frozenset[str]  # "analyst": people quoted who act for no one

    @classmethod
    def load(cls) -> "Roles":
        data = load_yaml("lexicon/roles.yaml")
        title_of = {form: title for title, forms in data["titles"].items() for form in forms}
        collective_of = {form: kind for kind, forms in data["collectives"].items() for form in forms}
        pronoun_class = {p: cls_ for cls_, words in data["pronouns"].items() for p in words}
        return cls(title_of, max(len(f.split()) for f in title_of), frozenset(data["organs"]),
                   collective_of, pronoun_class, frozenset(data.get("commentators") or []))

    def title_ending_at(self, tokens: list[Token]) -> tuple[str, int] | None:
        """The canonical title whose form ends the token list, and how many tokens it takes."""
        words = [t.lower_ for t in tokens]
        for n in range(min(self.max_title_words, len(words)), 0, -1):
            title = self.title_of.get(" ".join(words[-n:]))
            if title:
                return title, n
        return None


class ActorDictionary:
    """All actors, people and their surface forms, loaded from YAML data files."""

    def __init__(self, actors: dict[str, Actor], people: dict[str, Person], forms: dict[str, Form]):
        self.actors = actors
        self.people = people
        self.forms = forms
        self._matchers: dict[int, PhraseMatcher] = {}

    @classmethod
    def load(cls, extra_dirs: Iterable[Path] = ()) -> "ActorDictionary":
        """Load the shipped dictionary plus any user directories holding files of the same names."""
        dirs: list[Any] = [data_path("actors")] + [Path(d) for d in extra_dirs]
        actors: dict[str, Actor] = {}
        people: dict[str, Person] = {}
        forms: dict[str, Form] = {}
        clashes: set[str] = set()
        for directory in dirs:
            for name in ACTOR_FILES:
                path = directory.joinpath(name)
                if path.is_file():
                    for actor, surface in _read_actor_file(path):
                        actors[actor.key] = actor
                        for text, ambiguous, via in surface:
                            _add_form(forms, clashes, text, Form(actor.kind, actor.key, None, ambiguous, via))
        for directory in dirs:
            path = directory.joinpath(PEOPLE_FILE)
            if path.is_file():
                for person, names in _read_people_file(path, actors):
                    people[person.name] = person
                    for text in names:
                        _add_form(forms, clashes, text, Form("person", None, person.name))
        for text in clashes:
            forms.pop(text, None)
        return cls(actors, people, forms)

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


def _read_actor_file(path: Path) -> Iterator[tuple[Actor, list[tuple[str, bool, str]]]]:
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
        yield Actor(key, name, kind), surface


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


@lru_cache(maxsize=1)
def default_roles() -> Roles:
    return Roles.load()


# --- finding mentions in a parsed document -------------------------------------------------------

NAME_STOP = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
             "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
             "saturday", "sunday", "mr", "mrs", "ms", "dr", "sir"}


def _char_mention(doc: Doc, start: int, end: int, **fields: Any) -> Mention:
    span = doc[start:end]
    return Mention(span.start_char, span.end_char, span.text, tok_start=start, tok_end=end, **fields)


def find_mentions(doc: Doc, dictionary: ActorDictionary, roles: Roles, published: str | None) -> list[Mention]:
    """All actor and person mentions in ``doc``, in document order, without overlaps."""
    matches = dictionary.matcher(doc.vocab)(doc)
    # longest first, then earliest: "Russian-led military alliance" beats "Russian"
    matches = sorted(matches, key=lambda m: (-(m[2] - m[1]), m[1]))
    taken: set[int] = set()
    mentions: list[Mention] = []
    for match_id, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        form = dictionary.forms[doc.vocab.strings[match_id]]
        mention = _dictionary_mention(doc, start, end, form, dictionary, roles, published)
        if mention is None:
            continue
        taken.update(range(start, end))
        mentions.append(mention)
    mentions = _drop_unsupported_ambiguous(mentions, doc, dictionary)
    taken = {i for m in mentions for i in range(m.tok_start, m.tok_end)}
    mentions += _discover_people(doc, taken, mentions, roles)
    mentions.sort(key=lambda m: m.tok_start)
    return mentions


def _dictionary_mention(doc: Doc, start: int, end: int, form: Form, dictionary: ActorDictionary,
                        roles: Roles, published: str | None) -> Mention | None:
    if form.kind != "person":
        return _char_mention(doc, start, end, key=form.key, kind=form.kind, via=form.via)
    person = dictionary.people[form.person or ""]
    role = person.role_on(published)
    title_in_text = _title_before(doc, start, roles)
    return _char_mention(doc, start, end, key=role.actor if role else None, kind="person",
                         person=person.name, gender=person.gender,
                         title=(title_in_text[0] if title_in_text else role.title if role else None))


def _drop_unsupported_ambiguous(mentions: list[Mention], doc: Doc, dictionary: ActorDictionary) -> list[Mention]:
    """Keep an ambiguous form ("Georgia", "Jordan", "US") when the article names that actor plainly
    too, or when its own context shows a state: written in capitals ("US", never the pronoun "us"),
    coordinated with another state ("the United States and Jordan"), or owning an institution of
    state ("Niger's junta", "Chad's army")."""
    def ambiguous(m: Mention) -> bool:
        return dictionary.forms[doc[m.tok_start:m.tok_end].text].ambiguous

    plain = {m.key for m in mentions if not ambiguous(m)}
    states = {i for m in mentions if m.kind == "state" and not ambiguous(m) for i in range(m.tok_start, m.tok_end)}
    return [m for m in mentions if m.key in plain or not ambiguous(m) or _state_in_context(doc, m, states)]


STATE_INSTITUTIONS = {"government", "army", "military", "junta", "president", "prime", "king", "foreign",
                      "defence", "defense", "ministry", "parliament", "forces", "troops", "embassy", "border",
                      "authorities", "leader", "capital", "officials", "navy", "air"}


def _state_in_context(doc: Doc, mention: Mention, states: set[int]) -> bool:
    span = doc[mention.tok_start:mention.tok_end]
    if span.text.isupper() and len(span.text) >= 2:
        return True
    head = span.root
    if any(t.i in states for c in [head, *head.conjuncts] for t in [c, *c.children] if c.i != head.i or t.i != head.i):
        return True  # coordinated with a state named plainly
    nxt = doc[mention.tok_end] if mention.tok_end < len(doc) else None
    if nxt is not None and nxt.tag_ == "POS" and mention.tok_end + 1 < len(doc):
        return doc[mention.tok_end + 1].lower_ in STATE_INSTITUTIONS
    return False


def _is_name_token(token: Token, roles: Roles) -> bool:
    text = token.text
    return (token.pos_ == "PROPN" and text[:1].isupper() and text.replace(".", "").isalpha()
            and token.lower_ not in roles.title_of and token.lower_ not in NAME_STOP
            and not text.isupper())


def _title_before(doc: Doc, start: int, roles: Roles) -> tuple[str, int] | None:
    """A title right before a name: "Foreign Ministry spokesperson [Maria Zakharova]"."""
    window = [t for t in doc[max(0, start - roles.max_title_words):start]]
    while window and window[0].sent != doc[start].sent:
        window.pop(0)
    return roles.title_ending_at(window) if window else None


def _modifier_actor(doc: Doc, tokens: Iterable[Token], by_token: dict[int, Mention]) -> Mention | None:
    for token in tokens:
        mention = by_token.get(token.i)
        if mention is not None and mention.kind != "person":
            return mention
    return None


def _left_context(doc: Doc, start: int, limit: int = 8) -> list[Token]:
    """Tokens of the noun phrase before ``start``: "the Russian Foreign Ministry spokesperson"."""
    tokens: list[Token] = []
    i = start - 1
    while i >= 0 and len(tokens) < limit:
        t = doc[i]
        if t.sent != doc[start].sent or t.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ", "DET", "PRON"}:
            break
        if t.is_punct and t.text not in {"-", "'s", "’s"} and t.tag_ != "POS":
            break
        tokens.insert(0, t)
        i -= 1
    return tokens


def _apposition(doc: Doc, end: int, roles: Roles, by_token: dict[int, Mention]) -> tuple[str, Mention | None] | None:
    """ "<Name>, Armenia's ambassador to the U.K., ..." -> ("ambassador", ARM mention)."""
    if end >= len(doc) or doc[end].text not in {",", "—", "–", "-", "("}:
        return None
    words: list[Token] = []
    for t in doc[end + 1:end + 12]:
        if t.is_punct and t.text not in {"-", "'s", "’s"} or t.pos_ in {"VERB", "AUX"}:
            break
        words.append(t)
        found = roles.title_ending_at(words)
        if found:
            title, n = found
            before = words[:-n]
            actor = _modifier_actor(doc, before, by_token)
            if actor is None:  # "spokesperson for the alliance", "ambassador of Armenia"
                after = doc[t.i + 1:t.i + 6]
                if len(after) and after[0].lower_ in {"for", "of"}:
                    actor = _modifier_actor(doc, after, by_token)
            return title, actor
    return None


def _discover_people(doc: Doc, taken: set[int], mentions: list[Mention], roles: Roles) -> list[Mention]:
    """People the dictionary lacks, recognised by a title before their name or in an apposition."""
    by_token = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    found: list[Mention] = []
    # a surname alone refers back to the person named in full before it, whether the dictionary
    # knows them ("John Kirby" … "Kirby said") or the text introduced them with a title
    surnames: dict[str, Mention] = {}
    for m in mentions:
        if m.kind == "person" and m.person and m.tok_end - m.tok_start >= 2:
            surnames.setdefault(doc[m.tok_end - 1].text, m)
    i = 0
    while i < len(doc):
        if i in taken or not _is_name_token(doc[i], roles):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and (
            _is_name_token(doc[j], roles)
            or (doc[j].text == "-" and j + 1 < len(doc) and not doc[j - 1].whitespace_ and _is_name_token(doc[j + 1], roles))
        ):
            j += 1
        if doc[i].text in surnames and j == i + 1:
            ref = surnames[doc[i].text]
            found.append(_char_mention(doc, i, j, key=ref.key, kind="person", person=ref.person,
                                       title=ref.title, gender=ref.gender))
        elif j - i <= 4:
            title_actor = _titled(doc, i, j, roles, by_token)
            if title_actor is not None:
                title, actor = title_actor
                name = doc[i:j].text
                mention = _char_mention(doc, i, j, key=actor.key if actor else None, kind="person",
                                        person=name, title=title)
                found.append(mention)
                if j - i >= 2:
                    surnames[doc[j - 1].text] = mention
        i = j
    return found


def _titled(doc: Doc, start: int, end: int, roles: Roles, by_token: dict[int, Mention]) -> tuple[str, Mention | None] | None:
    before = _title_before(doc, start, roles)
    if before is not None:
        return before[0], _modifier_actor(doc, _left_context(doc, start), by_token)
    return _apposition(doc, end, roles, by_token)


# --- resolving references ---------------------------------------------------------------------------

@dataclass
class Referent:
    """What a noun phrase refers to: an actor key, with the person and text when known."""

    key: str | None
    kind: str
    text: str
    person: str | None = None
    said_as: str | None = None  # the words that name it where it speaks ("the president"), when not a pronoun


@dataclass
class ArticleActors:
    """The mentions of one article and the means to resolve pronouns and descriptions against them."""

    doc: Doc
    mentions: list[Mention]
    roles: Roles
    dictionary: ActorDictionary
    by_token: dict[int, Mention] = field(init=False)

    def __post_init__(self) -> None:
        self.by_token = {i: m for m in self.mentions for i in range(m.tok_start, m.tok_end)}

    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def add_mention(self, mention: Mention) -> None:
        """Register a mention found by a later stage (an unnamed speaker) for later references."""
        self.mentions.append(mention)
        self.mentions.sort(key=lambda m: m.tok_start)
        for i in range(mention.tok_start, mention.tok_end):
            self.by_token.setdefault(i, mention)

    def referent(self, mention: Mention) -> Referent:
        return Referent(mention.key, mention.kind, mention.text, mention.person)

    def discover_unnamed(self) -> None:
        """People the article does not name: "an Armenian government official", "a spokesperson for
        the alliance", "analysts". They speak and are referred back to ("the official said")."""
        found: list[Mention] = []
        for token in self.doc:
            if token.pos_ != "NOUN" or token.i in self.by_token or token.dep_ not in UNNAMED_DEPS:
                continue
            title = self.roles.title_ending_at([token])
            commentator = token.lemma_.lower() in self.roles.commentators or token.lower_ in self.roles.commentators
            if title is None and not commentator:
                continue
            det = [c for c in token.children if c.dep_ == "det"]
            if det and det[0].lower_ in {"the", "this", "that", "these", "those"}:
                continue  # a reference back, resolved by resolve_description
            start = min([token.i] + [c.left_edge.i for c in token.lefts if c.dep_ in NP_LEFT_DEPS])
            end = token.i + 1
            key = None if commentator else self._actor_in(range(start, end))
            # "a spokesperson for the alliance", "an official at the ministry"; not "a diplomat in Seoul"
            for prep in (c for c in token.rights if c.dep_ == "prep" and c.lower_ in {"for", "of", "at"}):
                objects = [g for g in prep.children if g.dep_ == "pobj"]
                if objects and not commentator:
                    end = objects[0].right_edge.i + 1
                    key = key or self._actor_of(objects[0])
                break
            span = self.doc[start:end]
            found.append(Mention(span.start_char, span.end_char, span.text, key=key, kind="person",
                                 tok_start=start, tok_end=end, person=None,
                                 title=title[0] if title else "commentator"))
        for mention in found:
            self.add_mention(mention)

    def _actor_in(self, indexes: Iterable[int]) -> str | None:
        for i in indexes:
            m = self.by_token.get(i)
            if m is not None and m.key and m.kind != "person":
                return m.key
        return None

    def _actor_of(self, token: Token) -> str | None:
        m = self.by_token.get(token.i)
        if m is not None and m.key:
            return m.key
        described = self.resolve_description(token)
        return described.key if described else None

    def _before(self, i: int, kinds: set[str], predicate=None) -> Mention | None:
        """The most salient earlier mention of one of ``kinds``.

        Nearest first: the same sentence (its last such mention, subjects preferred), then the two
        sentences before (subjects preferred), then anything earlier.
        """
        candidates = [m for m in self.mentions if m.tok_end <= i and m.kind in kinds
                      and (m.key or m.kind == "person") and (predicate is None or predicate(m))]
        if not candidates:
            return None
        sent_start = self.doc[i].sent.start
        window_start = _sentence_start_back(self.doc, sent_start, 2)
        for lower in (sent_start, window_start):
            recent = [m for m in candidates if m.tok_start >= lower]
            if recent:
                subjects = [m for m in recent if _is_subject(self.doc, m)]
                return (subjects or recent)[-1]
        return candidates[-1]

    def resolve_pronoun(self, token: Token, speaker: Referent | None = None) -> Referent | None:
        cls = self.roles.pronoun_class.get(token.lower_)
        if cls == "first_person":
            return speaker
        if cls in {"male", "female"}:
            gender = "m" if cls == "male" else "f"
            m = self._before(token.i, {"person"}, lambda m: m.gender in (None, gender))
            return self.referent(m) if m else None
        if cls == "thing":
            m = self._before(token.i, {"state", "organisation", "alliance"})
            return self.referent(m) if m else None
        return None

    def resolve_description(self, token: Token, speaker: Referent | None = None) -> Referent | None:
        """ "the prime minister", "the premier", "the alliance", "his country" -> an earlier actor."""
        det = [c for c in token.children if c.dep_ in {"det", "poss"}]
        if not det:
            return None
        words = [t for t in self.doc[token.left_edge.i:token.i + 1] if t.dep_ not in {"det", "poss", "case"}]
        title = self.roles.title_ending_at(words) if words else None
        if title is not None and det[0].dep_ == "det" and det[0].lower_ in {"the", "this", "that"}:
            m = self._before(token.i, {"person"}, lambda m: m.title == title[0] or title[0] == "official")
            return self.referent(m) if m else None
        collective = self.roles.collective_of.get(" ".join(t.lower_ for t in words[-2:])) or \
            self.roles.collective_of.get(token.lower_)
        if collective is None and det[0].dep_ == "det" and det[0].lower_ == "the" and len(words) == 1 \
                and token.lemma_.lower() in self.roles.organs:
            # "the junta", "the army", "the ministry" with nothing naming whose: the state the
            # story is about at this point
            m = self._before(token.i, {"state"})
            return self.referent(m) if m else None
        if collective is None:
            return None
        if det[0].dep_ == "poss":  # "his country" -> the country of whoever "his" is
            owner = self.resolve_pronoun(det[0], speaker)
            return Referent(owner.key, "state", token.text) if owner else None
        kinds = {"alliance", "organisation"} if collective == "alliance" else {"state"}
        m = self._before(token.i, kinds)
        return self.referent(m) if m else None


UNNAMED_DEPS = {"nsubj", "nsubjpass", "dobj", "conj", "appos"}
NP_LEFT_DEPS = {"det", "amod", "compound", "poss", "nmod", "nummod", "quantmod"}


def _is_subject(doc: Doc, mention: Mention) -> bool:
    return any(doc[i].dep_ in {"nsubj", "nsubjpass"} for i in range(mention.tok_start, mention.tok_end))


def _sentence_start_back(doc: Doc, sent_start: int, n: int) -> int:
    start = sent_start
    for _ in range(n):
        if start == 0:
            break
        start = doc[start - 1].sent.start
    return start
