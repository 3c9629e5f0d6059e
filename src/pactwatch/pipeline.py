"""The extraction pipeline: article -> cleaned text -> parsed doc -> mentions -> quotes and events.

``Extractor`` holds what is loaded once (the spaCy pipeline, the dictionaries, the lexicons) and
turns articles into ``ArticleResult`` records, one at a time or as a stream through ``nlp.pipe``.
The stages after the parser are spaCy components (``extract.components``: ``pactwatch_actors ->
pactwatch_quotes -> pactwatch_events``); each article's Doc is made with ``nlp.make_doc``, given its
publication date (``doc._.published``) and run through the whole pipeline, and its result is read
from ``doc._``, so a component that replaces a stage is used as it is.

What one article may cost is bounded here, whatever the stages after the parser do:

* an article of more than ``segment_tokens`` words and punctuation marks is parsed and coded as
  consecutive segments, cut at a paragraph break where there is one, and the segments' events and
  quotes are put back together with their offsets in the whole text. Anything a stage does per document (look the text up, walk
  the mentions, walk the sentences before a word) then costs at most a segment's worth, so an
  article's cost grows with its length, not with its square. News articles are far shorter than a
  segment and are coded whole, exactly as before;
* a parser batch holds at most ``batch_size`` segments and ``batch_tokens`` tokens, so the
  parser's memory (about 15 KB a token for ``en_core_web_sm``) is bounded by the batch, not by the
  longest article;
* an article whose extraction raises an unexpected exception becomes an ``InputError`` naming the
  article and its file and line, in its place, and the run goes on (a bug, reported as one).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from .actors import ActorDictionary, ArticleActors, Roles, default_dictionary, default_roles
from .clean import clean_text
from .dates import needs_publication_date
from .errors import InputError, InputWarning
from .extract.components import ActorsStage, EventsStage, add_stages
from .extract.events import EventLexicon, default_lexicon
from .extract.workers import parallel_stream, resolve_workers
from .nlp import load_model
from .readers import ALL_FILES, FileSelection, read_articles
from .records import ActorSummary, Article, ArticleResult

# Sizes in tokens as spaCy counts them, estimated by WORDLIKE (what the parser's cost and memory
# follow: 20,000 characters of "!?" are 20,000 tokens, of prose about 4,000).
SEGMENT_TOKENS = 4_000  # 4x the longest seed article; long-form pieces are cut once or twice
BATCH_TOKENS = 25_000  # about what 32 ordinary articles hold
WORDLIKE = re.compile(r"\w+|[^\w\s]")
# where a segment may end, best first: after a line break, after a sentence's final punctuation
# followed by a capital, after any space
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_SPACE = re.compile(r"\s+")


@dataclass
class Extractor:
    """Everything extraction needs, loaded once. ``Extractor().extract(article)`` for one article."""

    nlp: Language = field(default_factory=load_model)
    dictionary: ActorDictionary = field(default_factory=default_dictionary)
    roles: Roles = field(default_factory=default_roles)
    lexicon: EventLexicon = field(default_factory=default_lexicon)
    batch_size: int = 32
    segment_tokens: int = SEGMENT_TOKENS
    batch_tokens: int = BATCH_TOKENS
    workers: int = 1  # processes coding at once (extract.workers); -1 for every core

    def __post_init__(self) -> None:
        self.workers = resolve_workers(self.workers)
        # the stages run inside the spaCy pipeline: add those missing (a bare spaCy model, or the
        # cached one the first time) and give ours this extractor's dictionaries and lexicon
        add_stages(self.nlp)
        for _, component in self.nlp.pipeline:
            if isinstance(component, ActorsStage):
                component.dictionary, component.roles = self.dictionary, self.roles
            elif isinstance(component, EventsStage):
                component.lexicon = self.lexicon

    def extract(self, article: Article) -> ArticleResult:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[ArticleResult]:
        """Results in input order. An article that cannot be coded raises its ``InputError``;
        ``stream`` reports it in its place and carries on instead."""
        for item in self.stream(articles):
            if isinstance(item, InputError):
                raise item
            yield item

    def stream(self, items: Iterable[Article | InputError],
               on_warning: Callable[[InputWarning], None] | None = None) -> Iterator[ArticleResult | InputError]:
        """Results, and errors, in input order: errors read pass through in their place, and an
        article whose extraction fails becomes an error naming it. Memory holds one batch.

        ``on_warning`` hears of articles coded with a loss the user can fix: relative dates
        ("yesterday") in an article without a publication date, which therefore stay null.

        With ``workers`` above 1 the articles are coded in that many processes, with the same
        results in the same order."""
        if self.workers > 1:
            return parallel_stream(self, items, self.workers, on_warning)
        return self.stream_here(items, on_warning)

    def stream_here(self, items: Iterable[Article | InputError],
                    on_warning: Callable[[InputWarning], None] | None = None) -> Iterator[ArticleResult | InputError]:
        """``stream`` in this process."""
        queue: deque[_Job | InputError] = deque()

        def finished() -> Iterator[ArticleResult | InputError]:
            head = queue.popleft()
            if isinstance(head, InputError):
                yield head
                return
            outcome = head.outcome(self)
            if on_warning is not None and isinstance(outcome, ArticleResult):
                warning = undated_warning(head.article, outcome)
                if warning is not None:
                    on_warning(warning)
            yield outcome

        for chunk in self._chunks(items, queue):
            self._run(chunk)
            while queue and (isinstance(queue[0], InputError) or queue[0].done):
                yield from finished()
        while queue:  # what came after the last article
            yield from finished()

    def analyse(self, doc: Doc, article: Article) -> ArticleResult:
        """The result of one article (or segment) from what the pipeline's stages put on its Doc."""
        return ArticleResult(
            id=article.id, url=article.url, title=article.title, outlet=article.outlet,
            published=article.published, text_clean=doc.text, events=list(doc._.events or []),
            quotes=list(doc._.quotes or []), actors=self._summarise(doc._.pactwatch_actors),
        )

    def make_doc(self, text: str, published: str | None) -> Doc:
        """A Doc ready for the pipeline: tokenised, with its publication date for the stages."""
        doc = self.nlp.make_doc(text)
        doc._.published = published
        return doc

    def _summarise(self, actors: ArticleActors | None) -> list[ActorSummary]:
        counts = Counter(m.key for m in actors.mentions if m.key) if actors is not None else Counter()
        return self._summary(counts)

    def _summary(self, counts: Counter[str]) -> list[ActorSummary]:
        return [ActorSummary(key, self.dictionary.actor_name(key), self.dictionary.actor_kind(key), n)
                for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    # -- bounded batches -----------------------------------------------------------------------------

    def _chunks(self, items: Iterable[Article | InputError], queue: deque) -> Iterator[list[_Segment]]:
        """Segments to parse, in batches of at most ``batch_size`` segments and ``batch_tokens``
        tokens; every item read is queued, in order, before its batch is handed out."""
        chunk: list[_Segment] = []
        tokens = 0
        for item in items:
            if isinstance(item, InputError):
                queue.append(item)
                continue
            job = _Job(item)
            queue.append(job)
            try:
                text = prepare_text(item)
            except Exception as error:  # noqa: BLE001 - the last-resort guard: one article, one error
                job.fail(error)
                continue
            job.text = text
            starts = [m.start() for m in WORDLIKE.finditer(text)]
            bounds = segment_bounds(text, self.segment_tokens, starts)
            job.remaining = len(bounds)
            for start, end in bounds:
                chunk.append(_Segment(job, start, text[start:end]))
                tokens += bisect.bisect_left(starts, end) - bisect.bisect_left(starts, start)
                if len(chunk) >= self.batch_size or tokens >= self.batch_tokens:
                    yield chunk
                    chunk, tokens = [], 0
        if chunk:
            yield chunk

    def _run(self, chunk: list[_Segment]) -> None:
        """Parse and code a batch of segments; each failure stays with its own article."""
        for segment, doc in zip(chunk, self._parse(chunk)):
            job = segment.job
            job.remaining -= 1
            if job.error is not None:
                continue
            if isinstance(doc, Exception):
                job.fail(doc)
                continue
            try:
                job.parts.append((segment.start, self.analyse(doc, job.article)))
            except Exception as error:  # noqa: BLE001
                job.fail(error)

    def _parse(self, chunk: list[_Segment]) -> list[Doc | Exception]:
        """Each segment's Doc, through the whole pipeline (parser and stages), or its exception."""
        parsed: dict[int, Doc | Exception] = {}
        live = []
        for s in chunk:
            if s.job.error is not None:
                continue
            try:
                live.append((s, self.make_doc(s.text, s.job.article.published)))
            except Exception as error:  # noqa: BLE001 - a text the tokenizer cannot take (a lone surrogate)
                parsed[id(s)] = error
        try:
            docs = iter(self.nlp.pipe([doc for _, doc in live], batch_size=max(1, len(live))))
            parsed.update({id(s): next(docs) for s, _ in live})
        except Exception:  # noqa: BLE001 - one text broke the batch: run one at a time, on fresh Docs, to find it
            for s, _ in live:
                try:
                    parsed[id(s)] = self.nlp(self.make_doc(s.text, s.job.article.published))
                except Exception as error:  # noqa: BLE001
                    parsed[id(s)] = error
        return [parsed.get(id(s), s.job.error) for s in chunk]


@dataclass
class _Job:
    """One article on its way through the batches: its text, the results of its segments so far."""

    article: Article
    text: str = ""
    remaining: int = 0
    parts: list[tuple[int, ArticleResult]] = field(default_factory=list)
    error: Exception | None = None

    @property
    def done(self) -> bool:
        return self.error is not None or self.remaining == 0

    def fail(self, error: Exception) -> None:
        if self.error is None:
            self.error = error

    def outcome(self, extractor: Extractor) -> ArticleResult | InputError:
        if self.error is not None:
            return coding_error(self.article, self.error)
        if len(self.parts) == 1:
            return self.parts[0][1]
        return _merge(self.article, self.text, self.parts, extractor)


@dataclass
class _Segment:
    job: _Job
    start: int  # offset of the segment in the article's cleaned text
    text: str


def undated_warning(article: Article, result: ArticleResult) -> InputWarning | None:
    """Relative dates that stayed null because the article has no publication date."""
    if result.published is not None:
        return None
    undated = needs_publication_date(result.text_clean)
    if not undated:
        return None
    examples = tuple(dict.fromkeys(e.text for e in undated))[:3]
    shown = ", ".join(repr(text) for text in examples)
    return InputWarning(article.origin or article.id,
                        f"article {article.id!r} has no publication date, so its relative dates ({shown}) are null",
                        article.origin_line, examples)


def coding_error(article: Article, error: Exception) -> InputError:
    """An unexpected failure while coding one article, reported as that article's error."""
    detail = " ".join(str(error).split())[:200]
    return InputError(article.origin or article.id,
                      f"article {article.id!r} could not be coded ({type(error).__name__}"
                      + (f": {detail}" if detail else "") + "); this is a bug in pactwatch, please report it",
                      article.origin_line)


def _merge(article: Article, text: str, parts: list[tuple[int, ArticleResult]],
           extractor: Extractor) -> ArticleResult:
    """One result from the results of an article's segments, offsets moved into the whole text."""
    events, quotes, counts = [], [], Counter()
    for offset, part in sorted(parts, key=lambda p: p[0]):
        for event in part.events:
            event.evidence_span = (event.evidence_span[0] + offset, event.evidence_span[1] + offset)
            events.append(event)
        for quote in part.quotes:
            quote.span = (quote.span[0] + offset, quote.span[1] + offset)
            quotes.append(quote)
        counts.update({a.key: a.mentions for a in part.actors})
    return ArticleResult(id=article.id, url=article.url, title=article.title, outlet=article.outlet,
                         published=article.published, text_clean=text, events=events, quotes=quotes,
                         actors=extractor._summary(counts))


def segment_bounds(text: str, limit: int = SEGMENT_TOKENS, starts: list[int] | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of consecutive segments of ``text``, each of at most ``limit`` tokens
    (``starts``: where each token begins, by ``WORDLIKE``), together the whole text. A segment ends
    after the last line break in the second half of its window, else after the last sentence end
    there, else after the last space, else at the limit."""
    if starts is None:
        starts = [m.start() for m in WORDLIKE.finditer(text)]
    bounds: list[tuple[int, int]] = []
    start = first = 0  # the segment's first character, and the index of its first token
    while len(starts) - first > limit:
        floor, ceiling = starts[first + limit // 2], starts[first + limit]
        cut = text.rfind("\n", floor, ceiling) + 1
        if cut == 0:
            cut = _last_end(_SENTENCE_END, text, floor, ceiling) or _last_end(_SPACE, text, floor, ceiling) or ceiling
        bounds.append((start, cut))
        start, first = cut, bisect.bisect_left(starts, cut)
    bounds.append((start, len(text)))
    return bounds


def _last_end(pattern: re.Pattern[str], text: str, floor: int, ceiling: int) -> int | None:
    last = None
    for match in pattern.finditer(text, floor, ceiling):
        last = match.end()
    return last


def prepare_text(article: Article) -> str:
    """The article body as clean plain text (HTML was turned into text by the reader)."""
    return clean_text(article.text or "")


def extract(inputs: Iterable[str | Path], published: str | None = None,
            extractor: Extractor | None = None,
            selection: FileSelection = ALL_FILES,
            on_warning: Callable[[InputWarning], None] | None = None) -> Iterator[ArticleResult | InputError]:
    """Read articles from files, directories or ``-`` and yield results (or input errors) in order.

    >>> for result in extract(["articles/"]):            # doctest: +SKIP
    ...     print(result.id, [e.type for e in result.events])
    """
    extractor = extractor or Extractor()
    items = read_articles([str(i) for i in inputs], published=published, selection=selection)
    yield from extractor.stream(items, on_warning)
