"""The extraction pipeline: article -> cleaned text -> parsed doc -> mentions -> quotes and events.

``Extractor`` holds what is loaded once (the spaCy model, the dictionaries, the lexicons) and turns
articles into ``ArticleResult`` records, one at a time or as a stream through ``nlp.pipe``.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorDictionary, ArticleActors, Roles, default_dictionary, default_roles, find_mentions
from .clean import clean_text
from .errors import InputError
from .events import EventLexicon, default_lexicon, extract_events
from .nlp import load_model
from .quotes import extract_quotes
from .readers import read_articles
from .records import ActorSummary, Article, ArticleResult


@dataclass
class Extractor:
    """Everything extraction needs, loaded once. ``Extractor().extract(article)`` for one article."""

    nlp: Language = field(default_factory=load_model)
    dictionary: ActorDictionary = field(default_factory=default_dictionary)
    roles: Roles = field(default_factory=default_roles)
    lexicon: EventLexicon = field(default_factory=default_lexicon)
    batch_size: int = 32

    def extract(self, article: Article) -> ArticleResult:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Results in input order. The parser streams through ``nlp.pipe`` in batches."""
        prepared = ((prepare_text(a), a) for a in articles)
        for doc, article in self.nlp.pipe(prepared, as_tuples=True, batch_size=self.batch_size):
            yield self.analyse(doc, article)

    def analyse(self, doc: Doc, article: Article) -> ArticleResult:
        mentions = find_mentions(doc, self.dictionary, self.roles, article.published)
        actors = ArticleActors(doc, mentions, self.roles, self.dictionary)
        actors.discover_unnamed()
        quotes = extract_quotes(doc, actors)
        events = extract_events(doc, actors, quotes, article.published, self.lexicon)
        return ArticleResult(
            id=article.id, url=article.url, title=article.title, outlet=article.outlet,
            published=article.published, text_clean=doc.text, events=events, quotes=quotes,
            actors=self._summarise(actors),
        )

    def _summarise(self, actors: ArticleActors) -> list[ActorSummary]:
        counts = Counter(m.key for m in actors.mentions if m.key)
        return [ActorSummary(key, self.dictionary.actor_name(key), self.dictionary.actor_kind(key), n)
                for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def prepare_text(article: Article) -> str:
    """The article body as clean plain text (HTML was turned into text by the reader)."""
    return clean_text(article.text or "")


def extract(inputs: Iterable[str | Path], published: str | None = None,
            extractor: Extractor | None = None) -> Iterator[ArticleResult | InputError]:
    """Read articles from files, directories or ``-`` and yield results (or input errors) in order.

    >>> for result in extract(["articles/"]):            # doctest: +SKIP
    ...     print(result.id, [e.type for e in result.events])
    """
    extractor = extractor or Extractor()
    items = read_articles([str(i) for i in inputs], published=published)
    yield from _extract_stream(items, extractor)


def _extract_stream(items: Iterable[Article | InputError], extractor: Extractor) -> Iterator[ArticleResult | InputError]:
    """Pass errors through in their place while good articles stream through the parser in batches.

    An error is keyed by how many good articles came before it, so it is reported right after the
    result of the last of them; only that count is kept, never the articles, so memory stays flat.
    """
    pending_errors: dict[int, list[InputError]] = {}
    read = 0

    def articles() -> Iterator[Article]:
        nonlocal read
        for item in items:
            if isinstance(item, InputError):
                pending_errors.setdefault(read, []).append(item)
            else:
                read += 1
                yield item

    emitted = 0
    for result in extractor.extract_many(articles()):
        yield from pending_errors.pop(emitted, [])
        emitted += 1
        yield result
    for index in sorted(pending_errors):
        yield from pending_errors[index]
