"""Extraction in several processes (``--workers N``), with the same output as one process.

The articles are read in this process and sent, a chunk of ``batch_size`` at a time, to N worker
processes; each worker runs its own copy of the ``Extractor`` (the whole spaCy pipeline with the
dictionaries and lexicon: forked from this process where the platform allows, so nothing is loaded
again) on the chunk and sends back the chunk's ``ArticleResult`` records. Results are yielded in
input order, each failing article as its ``InputError`` in its place, and at most ``2 x N`` chunks
are in flight, so memory stays bounded on a corpus of any size.

Why not ``nlp.pipe(n_process=N)``: spaCy's workers send every Doc back whole (``Doc.to_bytes``:
about 176 KB for a 336-token news article, mostly the tok2vec tensor), which this process must
deserialise alone, and a Doc's ``user_data`` travels as msgpack, which cannot carry the stages'
records. Sending back the finished records instead keeps this process's share of the work to
reading and writing: what is sent back is a few KB per article.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any

from ..errors import InputError, InputWarning
from ..records import Article, ArticleResult

if TYPE_CHECKING:
    from ..pipeline import Extractor

IN_FLIGHT_PER_WORKER = 2  # chunks queued per worker: one being coded, one waiting, none idle


def resolve_workers(workers: int) -> int:
    """The number of processes ``workers`` asks for: itself, or every usable core for -1 (as spaCy's
    ``n_process=-1``). Anything else is a ``ValueError`` saying what is allowed."""
    if workers == -1:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if workers < 1:
        raise ValueError(f"must be 1 or more, or -1 for every core, not {workers}")
    return workers


def parallel_stream(extractor: Extractor, items: Iterable[Article | InputError], workers: int,
                    on_warning: Callable[[InputWarning], None] | None = None) -> Iterator[ArticleResult | InputError]:
    """What ``extractor.stream(items, on_warning)`` yields, coded by ``workers`` processes."""
    from ..pipeline import coding_error, undated_warning

    pending: deque[tuple[list[Article | InputError], Future | None]] = deque()
    with _pool(extractor, workers) as pool:
        def submit(chunk: list[Article | InputError]) -> None:
            articles = [a for a in chunk if isinstance(a, Article)]
            pending.append((chunk, pool.submit(_code_chunk, articles) if articles else None))

        def finished() -> Iterator[ArticleResult | InputError]:
            chunk, future = pending.popleft()
            try:
                coded = iter([_decode(o) for o in future.result()] if future is not None else [])
            except Exception as error:  # noqa: BLE001 - a worker died or a result could not travel
                coded = iter([coding_error(a, error) for a in chunk if isinstance(a, Article)])
            for item in chunk:
                if isinstance(item, InputError):
                    yield item  # read errors pass through in their place
                    continue
                outcome = next(coded)
                if on_warning is not None and isinstance(outcome, ArticleResult):
                    warning = undated_warning(item, outcome)
                    if warning is not None:
                        on_warning(warning)
                yield outcome

        try:
            for chunk in _chunks(items, extractor.batch_size):
                submit(chunk)
                while len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                    yield from finished()
            while pending:
                yield from finished()
        except BaseException:
            for _, future in pending:  # interrupted: what is queued is not coded
                if future is not None:
                    future.cancel()
            raise


# --- the worker side -------------------------------------------------------------------------------

_extractor: Extractor | None = None  # the worker's extractor: the parent's, inherited by fork


def _pool(extractor: Extractor, workers: int) -> ProcessPoolExecutor:
    global _extractor
    if "fork" in multiprocessing.get_all_start_methods():
        # a forked worker inherits the loaded pipeline, dictionaries and lexicon as they are here
        _extractor = extractor
        return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    # elsewhere a worker starts afresh and loads its own (defaults, with this extractor's sizes)
    sizes = {"batch_size": extractor.batch_size, "segment_tokens": extractor.segment_tokens,
             "batch_tokens": extractor.batch_tokens}
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(sizes,))


def _start_worker(sizes: dict[str, int]) -> None:
    global _extractor
    from ..pipeline import Extractor

    _extractor = Extractor(**sizes)


def _code_chunk(articles: list[Article]) -> list[Any]:
    """Runs in a worker: one chunk through the worker's extractor, one process, results in order."""
    assert _extractor is not None
    return [_encode(o) for o in _extractor.stream_here(articles)]


def _encode(outcome: ArticleResult | InputError) -> Any:
    # an InputError does not survive pickling (its constructor takes three arguments, not its message)
    if isinstance(outcome, InputError):
        return ("InputError", outcome.path, outcome.message, outcome.line)
    return outcome


def _decode(outcome: Any) -> ArticleResult | InputError:
    if isinstance(outcome, tuple) and outcome[0] == "InputError":
        return InputError(*outcome[1:])
    return outcome


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
