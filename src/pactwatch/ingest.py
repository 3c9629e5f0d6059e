"""Ingest: read articles, skip those already stored, extract the rest, write them batch by batch.

    from pactwatch.ingest import ingest
    summary = ingest(["articles/"], db="pactwatch.duckdb")     # IngestSummary(added, skipped, failed, ...)

Idempotent and resumable: an article's key is the SHA-256 of its cleaned text, looked up in the
store *before* it is parsed, so re-ingesting costs a read and a hash per article and an
interrupted run picks up where it stopped. Each batch is one transaction. The spaCy model is
loaded only when an article needs coding: a re-ingest of stored articles never loads it.

Output of ``pactwatch extract`` (its JSONL lines) is stored as it is, without parsing again: the
coding can run elsewhere (other machines, ``--workers``, Spark) and be loaded here.

The store file is held only while a batch is written (and for a moment per read-ahead chunk to
look its keys up), so a server reading the same file keeps answering during an ingest and shows
the new rows as each batch lands, and two ingests into one file take turns.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import clean_text
from .errors import InputError
from .readers import read_articles, read_records
from .records import Article, ArticleResult
from .store import WRITE_WAIT, StoreError, content_key, reader, writer


@dataclass
class IngestSummary:
    added: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped, "failed": self.failed, "events": self.events,
                "errors": self.errors}


class IngestAborted(StoreError):
    """The store failed mid-run (busy, full disk); ``summary`` says what was stored before."""

    def __init__(self, error: StoreError, summary: IngestSummary):
        self.summary = summary
        self.cause = error
        super().__init__(error.path, error.message)


def ingest(inputs: Iterable[str | Path], db: str | Path = "pactwatch.duckdb", published: str | None = None,
           extractor=None, batch_size: int = 32, on_progress: Callable[[IngestSummary], None] | None = None,
           wait: float = WRITE_WAIT, workers: int = 1) -> IngestSummary:
    """Extract and store articles from files, directories or ``-``; skip what is stored already.
    Lines of ``pactwatch extract`` output among the inputs are stored without extracting again.
    ``workers``: processes coding at once, when no ``extractor`` is given (see ``Extractor.workers``)."""
    return ingest_articles(_read_inputs([str(i) for i in inputs], published), db,
                           extractor, batch_size, on_progress, wait, workers)


def _read_inputs(inputs: list[str], published: str | None) -> Iterator[Article | ArticleResult | InputError]:
    """What ``read_articles`` reads, and the Parquet output of ``pactwatch spark-extract`` (a
    folder or file of .parquet) as results, read with DuckDB (``pactwatch.spark.parquet``)."""
    from .spark.parquet import has_parquet, read_results

    for raw in inputs:
        if raw != "-" and has_parquet(raw):
            yield from read_results(raw)
            if not Path(raw).is_dir():
                continue  # a folder's other files (JSONL beside the Parquet) are read as usual
        yield from read_articles([raw], published=published, results=True)


def ingest_records(records: Iterable[dict[str, Any]], db: str | Path = "pactwatch.duckdb",
                   published: str | None = None, extractor=None, batch_size: int = 32,
                   wait: float = WRITE_WAIT) -> IngestSummary:
    """Extract and store articles given as mappings like JSONL lines (the HTTP write endpoint)."""
    return ingest_articles(read_records(records, published=published), db, extractor, batch_size, None, wait)


def ingest_articles(items: Iterable[Article | ArticleResult | InputError], db: str | Path, extractor=None,
                    batch_size: int = 32, on_progress: Callable[[IngestSummary], None] | None = None,
                    wait: float = WRITE_WAIT, workers: int = 1) -> IngestSummary:
    """The loop behind :func:`ingest`: input errors are counted and reported, never fatal; a store
    error stops the run with :class:`IngestAborted`, every batch written before it kept.
    Articles are extracted (the model loaded at the first one not yet stored); results already
    extracted go to the store as they are."""
    db = Path(db)
    summary = IngestSummary()
    try:  # create or upgrade the store, or say why not, before a model is loaded or an article parsed
        with writer(db, timeout=wait):
            pass
    except StoreError as error:
        raise IngestAborted(error, summary) from None
    pending: set[str] = set()  # keys read but not yet written; written ones the store answers for

    def fresh() -> Iterator[Article]:
        """The articles to extract; results extracted before are written here, a chunk at a time."""
        for chunk in _chunks(items, batch_size):
            keyed: list[tuple[str, Article | ArticleResult]] = []
            for item in chunk:
                if isinstance(item, InputError):
                    summary.failed += 1
                    summary.errors.append(str(item))
                elif isinstance(item, ArticleResult):
                    keyed.append((content_key(item.text_clean), item))
                else:  # the key of the text the pipeline will code (pipeline.prepare_text)
                    keyed.append((content_key(clean_text(item.text or "")), item))
            stored = _stored(db, [key for key, _ in keyed], wait)
            extracted: list[ArticleResult] = []
            for key, item in keyed:
                if key in stored or key in pending:
                    summary.skipped += 1
                    continue
                pending.add(key)
                if isinstance(item, ArticleResult):
                    extracted.append(item)
                else:
                    yield item
            flush(extracted)

    def flush(batch: list[ArticleResult]) -> None:
        if not batch:
            return
        with writer(db, timeout=wait) as store:
            written = store.write_results(batch)
        summary.added += written.added
        summary.skipped += written.skipped  # stored meanwhile by another ingest
        summary.events += written.events
        pending.difference_update(content_key(r.text_clean) for r in batch)
        if on_progress:
            on_progress(summary)

    batch: list[ArticleResult] = []
    try:
        articles = fresh()
        first = next(articles, None)  # reading on to the first article to code; None: nothing to parse
        if first is None:
            return summary
        if extractor is None:
            from .pipeline import Extractor  # spaCy and the model: only now that an article needs them
            extractor = Extractor(workers=workers)
        for result in extractor.stream(itertools.chain([first], articles)):
            if isinstance(result, InputError):  # an article that could not be coded: its own error
                summary.failed += 1
                summary.errors.append(str(result))
                continue
            batch.append(result)
            if len(batch) >= batch_size:
                flush(batch)
                batch = []
        flush(batch)
    except IngestAborted:
        raise
    except StoreError as error:
        raise IngestAborted(error, summary) from None
    return summary


def _stored(db: Path, keys: list[str], wait: float) -> set[str]:
    """Which keys the store holds (none when there is no store yet): one short read per chunk."""
    if not keys or not db.is_file():
        return set()
    with reader(db, timeout=wait) as store:
        return store.stored_keys(keys)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
