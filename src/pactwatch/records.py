"""Plain typed records that flow through the pipeline.

article -> cleaned text -> parsed sentences -> actor mentions -> events and quotes -> output.
Every record is a frozen-ish dataclass with a ``to_dict`` giving the documented JSON shape.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Article:
    """One input article as read from a file, a JSONL line or standard input."""

    id: str
    text: str | None = None
    html: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    origin: str = ""  # the file it came from, for error messages
    origin_line: int | None = None  # its line in that file (JSONL)


@dataclass
class Mention:
    """A stretch of text that names or refers to an actor (a state, organisation, entity or person)."""

    start: int  # character offsets in text_clean
    end: int
    text: str
    key: str | None  # actor key: ISO3, organisation acronym, short upper-case name; None if unknown
    kind: str  # state | organisation | alliance | entity | person
    tok_start: int = 0  # token offsets in the parsed document
    tok_end: int = 0
    person: str | None = None  # canonical name when the mention is a person
    title: str | None = None  # canonical title of a person ("prime minister") when known
    gender: str | None = None  # m | f for persons when known
    via: str | None = None  # how an actor is named: name | adjective | capital | metonym | descriptor


@dataclass
class Event:
    source: str
    target: str | None
    type: str  # one of the 16 PLOVER event types
    mode: str | None
    date: str | None
    negated: bool
    hypothetical: bool
    evidence: str
    evidence_span: tuple[int, int]
    source_text: str
    target_text: str | None
    confidence: float
    date_basis: str = "published"  # text: said in the sentence; context: from the story around it;
    #                                published: the publication date, for want of any other
    trigger: str = ""  # lemma of the word that triggered the event; not in the JSON output

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("trigger")
        d["evidence_span"] = list(self.evidence_span)
        return d


@dataclass
class Quote:
    speaker: str | None
    speaker_actor: str | None
    text: str
    direct: bool
    span: tuple[int, int]  # offsets of the quoted words in text_clean
    cue: str | None  # the reporting verb, e.g. "said"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["span"] = list(self.span)
        return d


@dataclass
class ActorSummary:
    key: str
    name: str
    kind: str
    mentions: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ArticleResult:
    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    text_clean: str
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    actors: list[ActorSummary] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "outlet": self.outlet,
            "published": self.published,
            "text_clean": self.text_clean,
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "actors": [a.to_dict() for a in self.actors],
        }
