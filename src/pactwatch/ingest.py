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
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clean import clean_text
from .errors import InputError
from .readers import read_articles, read_records
from .records import Article, ArticleResult
from .store import WRITE_WAIT, StoreError, content_key, input_key, reader, writer


# Articles read ahead and looked up in the store at once. Each look-up opens the file for a moment
# (about 35 ms: connecting and checking the format), so a re-ingest of stored articles, which is
# nothing but look-ups, costs that per chunk: at the batch size (32) it was most of the run.
LOOKUP_CHUNK = 1024
# Results extracted before (extract output) are written this many to a transaction: nothing is
# lost by a larger one, and each costs a file open and a checkpoint (~0.2 s).
RESULTS_BATCH = 1024
# Articles extracted here are written at most BATCH_SIZE to a transaction, and a transaction is
# committed at the latest COMMIT_SECONDS after its first article was coded. Each commit costs a file
# open and a checkpoint that grows with the store (DuckDB serialises the key indexes): at 32 a
# transaction it was 6-8% of a 2,000-article ingest. The time bound keeps what a killed run must
# extract again, and how long a server waits to see new articles, to seconds.
BATCH_SIZE = 256
COMMIT_SECONDS = 15.0


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
           extractor=None, batch_size: int = BATCH_SIZE, on_progress: Callable[[IngestSummary], None] | None = None,
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
                   published: str | None = None, extractor=None, batch_size: int = BATCH_SIZE,
                   wait: float = WRITE_WAIT) -> IngestSummary:
    """Extract and store articles given as mappings like JSONL lines (the HTTP write endpoint)."""
    return ingest_articles(read_records(records, published=published), db, extractor, batch_size, None, wait)


def ingest_articles(items: Iterable[Article | ArticleResult | InputError], db: str | Path, extractor=None,
                    batch_size: int = BATCH_SIZE, on_progress: Callable[[IngestSummary], None] | None = None,
                    wait: float = WRITE_WAIT, workers: int = 1, commit_seconds: float = COMMIT_SECONDS) -> IngestSummary:
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
    inputs: dict[str, str] = {}  # article key -> the input key of the text it was cleaned from
    remembered: list[tuple[str, str]] = []  # input keys of articles found stored by their cleaned text
    counting = threading.Lock()  # the summary is counted by this thread and by the writer thread

    def count(skipped: int = 0, failed: int = 0, error: str | None = None) -> None:
        with counting:
            summary.skipped += skipped
            summary.failed += failed
            if error is not None:
                summary.errors.append(error)

    def fresh() -> Iterator[Article]:
        """The articles to extract; results extracted before are written here, a chunk at a time.

        An article's text as read is looked up first (``input_keys``): a text ingested before is
        skipped for the price of a hash. Only the others are cleaned and looked up by content."""
        for chunk in _chunks(items, max(batch_size, LOOKUP_CHUNK)):
            raw: list[tuple[str, Article]] = []
            keyed: list[tuple[str, Article | ArticleResult]] = []
            for item in chunk:
                if isinstance(item, InputError):
                    count(failed=1, error=str(item))
                elif isinstance(item, ArticleResult):
                    keyed.append((content_key(item.text_clean), item))
                else:
                    raw.append((input_key(item.text or ""), item))
            known = _stored(db, [key for key, _ in raw], wait, inputs=True)
            count(skipped=sum(key in known for key, _ in raw))
            cleaned: dict[str, str] = {}  # article key -> input key, for the articles read now
            for key, article in raw:
                if key not in known:
                    text_key = content_key(clean_text(article.text or ""))  # pipeline.prepare_text's text
                    cleaned.setdefault(text_key, key)
                    keyed.append((text_key, article))
            stored = _stored(db, [key for key, _ in keyed], wait)
            remembered.extend((cleaned[key], key) for key in stored if key in cleaned)
            extracted: list[ArticleResult] = []
            for key, item in keyed:
                if key in stored or key in pending:
                    count(skipped=1)
                    continue
                pending.add(key)
                if key in cleaned:
                    inputs[key] = cleaned[key]
                if isinstance(item, ArticleResult):
                    extracted.append(item)
                else:
                    yield item
            for start in range(0, len(extracted), RESULTS_BATCH):  # nothing to lose: big transactions
                write_behind(extracted[start:start + RESULTS_BATCH])

    def flush(batch: list[ArticleResult]) -> None:
        if not batch and not remembered:
            return
        keys = [content_key(r.text_clean) for r in batch]
        known = remembered[:]  # the reader side may append meanwhile: only what is taken is cleared
        pairs = [(inputs.pop(key), key) for key in keys if key in inputs] + known
        with writer(db, timeout=wait) as store:
            written = store.write_results(batch, pairs)
        del remembered[:len(known)]
        with counting:
            summary.added += written.added
            summary.skipped += written.skipped  # stored meanwhile by another ingest
            summary.events += written.events
        pending.difference_update(keys)
        if on_progress and batch:
            on_progress(summary)

    # A batch is written (DuckDB releases the GIL) while the next is coded: one writer thread, one
    # batch in flight at most, so ingest costs about what extraction does. A store error surfaces
    # at the next batch; an interrupted run finishes the write in hand and loses only what was
    # being coded.
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pactwatch-ingest-writer")
    in_flight: list[Future] = []
    submitting = threading.Lock()

    def write_behind(batch: list[ArticleResult]) -> None:
        with submitting:
            settle()
            in_flight.append(pool.submit(flush, batch))

    def settle() -> None:
        while in_flight:
            in_flight.pop(0).result()  # re-raises the writer's StoreError here

    batch: list[ArticleResult] = []
    try:
        articles = fresh()
        first = next(articles, None)  # reading on to the first article to code; None: nothing to parse
        if first is None:
            write_behind([])  # input keys of articles found stored by their text
            settle()
            return summary
        if extractor is None:
            from .pipeline import Extractor  # spaCy and the model: only now that an article needs them
            extractor = Extractor(workers=workers)
        for result in extractor.stream(itertools.chain([first], articles)):
            if isinstance(result, InputError):  # an article that could not be coded: its own error
                count(failed=1, error=str(result))
                continue
            if not batch:
                opened = time.monotonic()
            batch.append(result)
            if len(batch) >= batch_size or time.monotonic() - opened >= commit_seconds:
                write_behind(batch)
                batch = []
        write_behind(batch)
        settle()
    except IngestAborted:
        raise
    except StoreError as error:
        raise IngestAborted(error, summary) from None
    finally:
        pool.shutdown(wait=True)  # the batch in hand is finished, also on Ctrl-C or SIGTERM
    return summary


def _stored(db: Path, keys: list[str], wait: float, inputs: bool = False) -> set[str]:
    """Which article keys (or ``inputs``: input keys) the store holds (none when there is no store
    yet): one short read per chunk."""
    if not keys or not db.is_file():
        return set()
    with reader(db, timeout=wait) as store:
        return store.stored_inputs(keys) if inputs else store.stored_keys(keys)


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
