"""What every request may need, made once per app: the store's readers, the knowledge base, the
write settings and the shared computations. Endpoints take it as a dependency (``Depends(ctx)``).

Reads go through :class:`pactwatch.store.ReaderPool` (one per process, opened when the app is
made): each request gets its own cursor on a read-only connection that stays open between writes
and closes whenever a writer queues — ``pactwatch ingest`` in another process or this server's own
write endpoint — so an ingest can run while the server is up and the server sees its rows without
a restart. A request that finds the store busy for longer than ``read_wait`` seconds is answered
503 with ``Retry-After`` (see :mod:`.errors`), never left hanging.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request

from .singleflight import Flights

READ_WAIT = 5.0  # seconds a request waits for a writer's batch before answering 503


@dataclass
class Context:
    db_path: Path
    kb: Any
    api_key: str | None
    pool: Any  # pactwatch.store.ReaderPool
    read_wait: float = READ_WAIT
    flights: Flights = field(default_factory=Flights)
    write_lock: threading.Lock = field(default_factory=threading.Lock)
    _extractor: Any = None

    @property
    def writable(self) -> bool:
        return self.api_key is not None

    def generation(self) -> int:
        """Changes after every write to the store, by any process: keys caches of derived results.

        Read with the store open, since the pool counts a write when it reopens after it."""
        with self.pool.store():
            return self.pool.generation

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A Store on its own cursor for the ``with`` block (StoreBusy when a writer keeps it too long)."""
        with self.pool.store() as store:
            yield store

    def extractor(self) -> Any:
        """The one Extractor of this process, loaded on the first write (the model takes a while)."""
        if self._extractor is None:
            from ..pipeline import Extractor

            self._extractor = Extractor()
        return self._extractor

    def close(self) -> None:
        self.pool.close()


def ctx(request: Request) -> Context:
    """FastAPI dependency: the app's Context."""
    return request.app.state.ctx
