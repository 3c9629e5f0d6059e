"""``Store``: one open DuckDB store file, with the queries and, when writable, the batch writer.

Opening takes the store's sidecar lock (:mod:`.locking`) for as long as the store is open —
shared to read, exclusive to write — so opening waits for another process instead of failing on
DuckDB's file lock, and gives up after ``timeout`` seconds with :class:`~.errors.StoreBusy`
naming who holds it. Hold a store only as long as needed: :func:`pactwatch.store.reader` and
:func:`pactwatch.store.writer` open one for a ``with`` block, and a server uses
:class:`pactwatch.store.ReaderPool`.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Sequence

import duckdb

from ..records import ArticleResult
from . import schema
from .errors import NotAStore, StoreBusy, StoreError, first_line, lock_holder, translate
from .export import export_tables
from .locking import POLL_MAX, POLL_START, LockTimeout, StoreLock
from .queries import Queries
from .write import BatchWritten, write_batch

READ_WAIT = 30.0  # seconds a reader waits for a writer's batch (a batch takes well under a second)
WRITE_WAIT = 120.0  # seconds a writer waits for readers to let go (an export of a large store may take a while)


class Store(Queries):
    """One DuckDB file. ``Store(path)`` opens (and creates) it to write; ``read_only=True`` to read."""

    def __init__(self, path: str | Path = "pactwatch.duckdb", read_only: bool = False, timeout: float | None = None):
        self.path = str(path)
        self.read_only = read_only
        self._lock: StoreLock | None = None
        self._fresh: bool | None = None  # a read-only store's answer to summaries_fresh(), asked once
        self._titles: dict | None = None  # no title cache of its own: only a pool's requests share one
        self.con = self._open(Path(path), read_only, READ_WAIT if timeout is None and read_only else
                              WRITE_WAIT if timeout is None else timeout)

    @classmethod
    def on(cls, con: duckdb.DuckDBPyConnection, path: str | Path, fresh: bool | None = None,
           titles: dict | None = None) -> "Store":
        """A read-only Store over a connection someone else opened and locked (a pool's cursor);
        ``fresh``: whether the summaries are current, if the opener already asked; ``titles``: a
        cache of articles' ids and titles shared between the pool's requests."""
        store = cls.__new__(cls)
        store.path, store.read_only, store._lock, store.con, store._fresh = str(path), True, None, con, fresh
        store._titles = titles
        return store

    def _open(self, path: Path, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
        if read_only and not path.is_file():
            raise StoreError(path, "no such store; create it with: pactwatch ingest ARTICLES/")
        started = time.monotonic()
        lock = StoreLock(path)
        try:
            if read_only:
                lock.acquire_shared(timeout)
            else:
                lock.acquire_exclusive(timeout)
        except LockTimeout as busy:
            raise StoreBusy(path, busy.holders, busy.waited, writing=not read_only) from None
        con = None
        try:
            con = _connect(path, read_only, started + timeout, started)
            con.execute("SET enable_progress_bar = false")  # an upgrade's long statements must not draw on stderr
            if read_only:
                fmt = schema.check(con, str(path))
                if fmt != schema.FORMAT:
                    con.close()
                    lock.release()
                    return self._open_upgraded(path, fmt, max(0.0, timeout - (time.monotonic() - started)))
            else:
                schema.ensure(con, str(path))
        except BaseException as error:
            if con is not None:
                _close_quietly(con)
            lock.release()
            if isinstance(error, duckdb.Error):
                raise translate(error, path, writing=not read_only) or StoreError(path, first_line(error)) from None
            raise
        self._lock = lock
        return con

    def _open_upgraded(self, path: Path, fmt: int | None, timeout: float) -> duckdb.DuckDBPyConnection:
        """A reader found an older format (or an empty file): upgrade it once through a writer, then read."""
        if fmt is None:
            raise NotAStore(path, "an empty database, not a pactwatch store yet; ingest articles into it first")
        try:
            Store(path, read_only=False, timeout=timeout).close()
        except StoreError as error:
            raise NotAStore(path, f"written by an older pactwatch (store format {fmt}) and not upgradable here: "
                                  f"{error.message}") from None
        return self._open(path, True, timeout)

    def close(self) -> None:
        """Close (a writer checkpoints here) and let other processes in."""
        try:
            self.con.close()
        except duckdb.Error as error:
            raise translate(error, self.path, writing=not self.read_only) or StoreError(self.path, first_line(error)) from None
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def writer_waiting(self) -> bool:
        """For a long-lived reader: a writer has queued for the store, close it soon."""
        return self._lock is not None and self._lock.writer_waiting()

    # --- writing ---------------------------------------------------------------------------------

    def write_results(self, results: Sequence[ArticleResult], inputs: Sequence[tuple[str, str]] = ()) -> BatchWritten:
        """Store extraction results in one transaction; articles already stored are skipped.
        ``inputs``: (input key, article key) pairs to remember (``write.input_key``).

        The store never extracts: :mod:`pactwatch.ingest` reads and extracts, and calls this per batch.
        """
        if self.read_only:
            raise StoreError(self.path, "opened read-only; open it with Store(path) or pactwatch.store.writer(path)")
        try:
            return write_batch(self.con, results, inputs)
        except duckdb.Error as error:
            raise translate(error, self.path, writing=True) or StoreError(self.path, first_line(error)) from None

    def export(self, directory: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``directory`` as Parquet or CSV files (one per table)."""
        return export_tables(self.con, directory, fmt)

    def refresh_summaries(self) -> None:
        """Rebuild event_totals and actor_totals (for tables filled around :meth:`write_results`)."""
        if self.read_only:
            raise StoreError(self.path, "opened read-only; summaries are rebuilt by a writer")
        self.con.execute("BEGIN TRANSACTION")
        try:
            schema.rebuild_summaries(self.con)
            self.con.execute("COMMIT")
        except BaseException:
            schema.rollback(self.con)
            raise


def _connect(path: Path, read_only: bool, deadline: float, started: float) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, retrying while a process outside the sidecar protocol (an old pactwatch, the
    duckdb shell) holds DuckDB's own lock, until ``deadline``."""
    pause = POLL_START
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as error:
            holder = lock_holder(error)
            now = time.monotonic()
            if holder is None:
                raise
            if now >= deadline:
                raise StoreBusy(path, [holder], round(now - started, 1), writing=not read_only) from None
            time.sleep(min(pause, deadline - now))
            pause = min(pause * 2, POLL_MAX)


def _close_quietly(con: Any) -> None:
    try:
        con.close()
    except duckdb.Error:
        pass
