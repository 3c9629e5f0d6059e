"""Resolving what a phrase refers to: pronouns, definite descriptions and unnamed people.

``ArticleActors`` holds one article's mentions. Pronouns and descriptions ("the prime minister", "the
alliance", "his country") are resolved lazily, when an event or a quote needs them, to the most
salient fitting earlier mention.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..records import Mention
from .dictionary import ActorDictionary
from .roles import Roles

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
