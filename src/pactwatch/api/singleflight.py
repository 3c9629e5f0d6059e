"""Expensive computations shared between identical requests, stopped when nobody waits any more.

``await flights.run(key, compute, request)`` runs ``compute(check)`` in a worker thread. Requests
with the same key that arrive while it runs wait for the same run instead of starting their own
(Go's singleflight), and a finished result is kept, under its key, for the next ones (the key
carries the store's generation, so a write makes it stale). Each waiting request watches its
connection: when the last client waiting for a run has gone away, the run is told to stop —
``check()``, which ``compute`` calls every so often, raises :class:`Cancelled` — so requests whose
clients gave up do not keep the server busy. ``check()`` also raises :class:`Overdue` past the
deadline. Heavy runs use their own small thread pool, so they never take the threads that answer
ordinary requests.
"""
from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..errors import PactwatchError

DEADLINE = 30.0  # seconds one run may take
WORKERS = 2  # runs at the same time (the machine has two cores); more wait their turn
CACHE_SIZE = 32


class Cancelled(Exception):
    """Every client waiting for the run went away."""


class Overdue(PactwatchError):
    """The run took longer than its deadline."""


class ClientGone(Exception):
    """This request's client went away while it waited (nothing to answer)."""


@dataclass
class _Flight:
    stop: threading.Event = field(default_factory=threading.Event)
    waiters: int = 0
    future: asyncio.Future | None = None


@dataclass
class Stats:
    started: int = 0  # runs started
    shared: int = 0  # requests that joined a run already going
    cached: int = 0  # requests answered from a finished run
    cancelled: int = 0  # runs stopped because their clients went away
    finished: int = 0


class Flights:
    def __init__(self, deadline: float = DEADLINE, workers: int = WORKERS, cache_size: int = CACHE_SIZE):
        self.deadline = deadline
        self.cache_size = cache_size
        self.stats = Stats()
        self._running: dict[Hashable, _Flight] = {}
        self._done: OrderedDict[Hashable, Any] = OrderedDict()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pactwatch-flight")

    async def run(self, key: Hashable, compute: Callable[[Callable[[], None]], Any], request: Any = None) -> Any:
        """The result of ``compute(check)`` for ``key``, shared with identical concurrent calls.

        Raises :class:`ClientGone` when ``request``'s client disconnects first, :class:`Overdue`
        when the run overran its deadline, and whatever ``compute`` raised.
        """
        if key in self._done:
            self._done.move_to_end(key)
            self.stats.cached += 1
            return self._done[key]
        flight = self._running.get(key)
        if flight is None or flight.stop.is_set():
            flight = self._start(key, compute)
        else:
            self.stats.shared += 1
        flight.waiters += 1
        gone = asyncio.ensure_future(_disconnected(request)) if request is not None else None
        try:
            waiting = {flight.future} | ({gone} if gone else set())
            done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            if flight.future not in done:
                raise ClientGone
            return flight.future.result()
        finally:
            if gone is not None:
                gone.cancel()
            flight.waiters -= 1
            if flight.waiters == 0 and not flight.future.done():
                flight.stop.set()  # nobody is waiting for it any more

    def _start(self, key: Hashable, compute: Callable[[Callable[[], None]], Any]) -> _Flight:
        flight = _Flight()
        deadline = time.monotonic() + self.deadline
        limit = self.deadline

        def check() -> None:
            if flight.stop.is_set():
                raise Cancelled
            if time.monotonic() > deadline:
                raise Overdue(f"the computation took longer than {limit:g} s; narrow the request")

        def work() -> Any:
            check()  # it may have waited its turn long enough for everyone to leave
            return compute(check)

        loop = asyncio.get_running_loop()
        flight.future = loop.run_in_executor(self._pool, work)
        self._running[key] = flight
        self.stats.started += 1

        def finished(future: asyncio.Future) -> None:
            if self._running.get(key) is flight:
                del self._running[key]
            if future.cancelled():
                return
            error = future.exception()
            if isinstance(error, Cancelled):
                self.stats.cancelled += 1
            elif error is None:
                self.stats.finished += 1
                self._done[key] = future.result()
                while len(self._done) > self.cache_size:
                    self._done.popitem(last=False)

        flight.future.add_done_callback(finished)
        return flight

    def close(self) -> None:
        for flight in self._running.values():
            flight.stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


async def _disconnected(request: Any) -> None:
    """Returns when the client of ``request`` has gone (a GET's body is already read)."""
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return
