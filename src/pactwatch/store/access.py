"""Sharing one store file between processes: short-lived readers and writers, and a server's pool.

    with reader("pactwatch.duckdb") as store:        # waits while a batch is being written
        store.events(actor="ARM")
    with writer("pactwatch.duckdb") as store:        # waits until readers have let go
        store.write_results(batch)

    pool = ReaderPool("pactwatch.duckdb")            # a server: one per process
    with pool.store() as store:                      # per request, on its own cursor
        store.events(actor="ARM")

A server cannot open and close the file for every request (opening costs tens of milliseconds and
throws DuckDB's cache away), nor keep it open for ever (no writer could get in). The pool keeps it
open between writes: a watcher thread notices a queued writer within ``poll`` seconds, lets the
requests in flight finish, closes the file and reopens it on the next request after the batch, so
the server sees the new rows without a restart. ``generation`` counts those reopenings, for caches
of anything derived from the store.

A thread must not ask for a writer while it holds a store from the pool: the writer would wait
for it.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .core import READ_WAIT, WRITE_WAIT, Store
from .errors import StoreBusy, StoreError


@contextmanager
def reader(path: str | Path, timeout: float = READ_WAIT) -> Iterator[Store]:
    """A read-only Store for the ``with`` block; StoreBusy if a writer keeps it over ``timeout`` s."""
    store = Store(path, read_only=True, timeout=timeout)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def writer(path: str | Path, timeout: float = WRITE_WAIT) -> Iterator[Store]:
    """A writable Store for the ``with`` block (created if missing); StoreBusy if readers or another
    writer keep it over ``timeout`` s. Hold it for one batch, not for a whole run."""
    store = Store(path, read_only=False, timeout=timeout)
    try:
        yield store
    finally:
        store.close()


class ReaderPool:
    """Read access for a long-running server: the file stays open between writes, closes for each writer."""

    def __init__(self, path: str | Path, timeout: float = READ_WAIT, poll: float = 0.02):
        self.path = Path(path)
        self.timeout = timeout
        self.poll = poll
        self.generation = 0  # how many times the file was (re)opened: it changes after every write
        self._base: Store | None = None
        self._active = 0
        self._yielding = False
        self._closed = False
        self._cond = threading.Condition()
        self._titles: dict = {}  # articles' (id, title) by key: immutable once stored, so kept across writes
        Store(self.path, read_only=True, timeout=timeout).close()  # fail now, not on the first request
        self._watcher = threading.Thread(target=self._watch, name="pactwatch-store-watcher", daemon=True)
        self._watcher.start()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A Store on its own cursor for one request; waits (at most ``timeout``) while a writer writes."""
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while self._yielding:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise StoreBusy(self.path, [], self.timeout, writing=False)
                self._cond.wait(left)
            if self._closed:
                raise StoreError(self.path, "the server is shutting down")
            if self._base is None:
                self._base = Store(self.path, read_only=True, timeout=max(0.0, deadline - time.monotonic()))
                self._base.summaries_fresh()  # asked once per opening, not per request
                self.generation += 1
            cursor = self._base.con.cursor()
            fresh = self._base.summaries_fresh()
            self._active += 1
        try:
            yield Store.on(cursor, self.path, fresh, self._titles)
        finally:
            cursor.close()
            with self._cond:
                self._active -= 1
                self._cond.notify_all()

    def _watch(self) -> None:
        while True:
            time.sleep(self.poll)
            with self._cond:
                if self._closed:
                    return
                if self._base is not None and self._base.writer_waiting():
                    self._yielding = True  # no new request starts on this connection
                    while self._active:
                        self._cond.wait()
                    self._release()
                    self._yielding = False
                    self._cond.notify_all()

    def _release(self) -> None:
        if self._base is not None:
            base, self._base = self._base, None
            base.close()

    def close(self, timeout: float = 10.0) -> None:
        """Close once the requests in flight are done (at most ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._closed = True
            while self._active and time.monotonic() < deadline:
                self._cond.wait(max(0.0, deadline - time.monotonic()))
            self._release()
            self._cond.notify_all()
        self._watcher.join(timeout=1.0)
