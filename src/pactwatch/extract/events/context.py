"""What the event coder knows about one article while it codes it, and the event it is building.

``ArticleEvents`` holds the parsed article, its actors, quotes, publication date and lexicon;
``Candidate`` is one event found at a trigger word, before restatements are merged.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ...actors import ArticleActors, Referent
from ...nlp import doc_text
from ...records import Quote
from .lexicon import EventLexicon, Frame


# How far back (in tokens, about three paragraphs) the same actor's dated act still dates an undated one
STORY_REACH_TOKENS = 400


@dataclass
class Candidate:
    trigger: Token
    frame: Frame
    type: str
    source: Referent | None
    target: Referent | None
    target_fallback: bool
    negated: bool
    hypothetical: bool
    date: str | None = None
    date_explicit: bool = False  # from the text: the sentence itself or the story around it
    date_basis: str = "published"
    absorbed: bool = False
    # further actors of the same slot: coordination ("Egypt and Qatar agreed"), "between A and B",
    # groups ("the two countries"); expanded into events of their own at the end (expand)
    co_sources: list[Referent] = field(default_factory=list)
    co_targets: list[Referent] = field(default_factory=list)
    reciprocal: bool = False  # "accused each other": every source acts on every other


@dataclass
class ArticleEvents:
    doc: Doc
    actors: ArticleActors
    quotes: list[Quote]
    published: str | None
    lexicon: EventLexicon
    quote_starts: list[int] = field(init=False)
    text: str = field(init=False)  # doc.text joins every token on each call: read it once here
    groups: list[tuple[int, list[Referent]]] | None = None  # coordinations of actors, by end token (lazy: referents.group_before)
    memo: dict = field(default_factory=dict)  # per-article indexes a stage builds once (dating: nouns by lemma, dates by token)

    def __post_init__(self) -> None:
        self.text = doc_text(self.doc)
        self.quotes = sorted(self.quotes, key=lambda q: q.span[0])
        self.quote_starts = [q.span[0] for q in self.quotes]

    def quote_at(self, char: int) -> Quote | None:
        i = bisect.bisect_right(self.quote_starts, char) - 1
        if i >= 0 and self.quotes[i].span[0] <= char < self.quotes[i].span[1]:
            return self.quotes[i]
        return None

    def speaker_at(self, token: Token) -> Referent | None:
        quote = self.quote_at(token.idx)
        if quote is None or quote.speaker_actor is None:
            return None
        return Referent(quote.speaker_actor, "person", quote.speaker or "", quote.speaker)
