"""Identical expensive requests share one computation; it stops when its clients have gone.

The ledger endpoint is driven over a real uvicorn socket with concurrent identical requests. The
cancellation is shown with a route of a test plugin (installed through the same hook as the
built-ins) whose computation runs until it is told to stop: a client that disconnects must stop
it within a moment, not leave it running to its deadline.
"""
from __future__ import annotations

import concurrent.futures
import socket
import threading
import time

import httpx
from .api_helpers import InProcess, ok
from fastapi import Depends, Request

from pactwatch.api import create_app
from pactwatch.api.context import Context, ctx
from pactwatch.api.routing import Route
from pactwatch.api.singleflight import Cancelled

RUNS: dict[str, list[str]] = {"started": [], "stopped": [], "finished": []}


def _spin(check) -> str:
    """Busy work for up to 20 s that calls check() as a real computation does."""
    RUNS["started"].append("x")
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline:
            check()
            sum(range(10_000))
    except Cancelled:
        RUNS["stopped"].append("x")
        raise
    RUNS["finished"].append("x")
    return "done"


async def slow(request: Request, c: Context = Depends(ctx)) -> dict:
    return {"result": await c.flights.run(("slow",), _spin, request)}


class SlowPlugin:
    ROUTES = [Route("GET", "/api/test-slow", slow, "A computation that runs until stopped")]


def test_identical_ledger_requests_share_one_computation(dbs):
    server = InProcess(create_app(dbs[0]))
    try:
        stats = server.app.state.ctx.flights.stats
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            answers = list(pool.map(lambda _: server.client.get("/api/ledger", params={"alliance": "CSTO"}), range(12)))
        assert [a.status_code for a in answers] == [200] * 12
        assert len({a.content for a in answers}) == 1 and ok(answers[0])
        assert stats.started == 1 and stats.shared + stats.cached == 11, stats
        ok(server.client.get("/api/ledger", params={"alliance": "CSTO", "window_days": 30}))  # another question
        assert stats.started == 2
    finally:
        server.stop()


def test_work_stops_when_the_client_goes_away(dbs):
    for runs in RUNS.values():
        runs.clear()
    server = InProcess(create_app(dbs[0], plugins=[SlowPlugin]))
    try:
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(f"GET /api/test-slow HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
            deadline = time.monotonic() + 10
            while not RUNS["started"] and time.monotonic() < deadline:
                time.sleep(0.05)
            assert RUNS["started"], "the computation did not start"
        # the client has gone: the run must stop within a moment, long before its 20 s
        deadline = time.monotonic() + 5
        while not RUNS["stopped"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert RUNS["stopped"] and not RUNS["finished"], RUNS
        stats = server.app.state.ctx.flights.stats
        deadline = time.monotonic() + 5  # counted by the event loop once the worker thread is done
        while not stats.cancelled and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stats.cancelled == 1, stats
        assert ok(server.client.get("/api/health"))  # the server goes on
    finally:
        server.stop()


def test_a_run_goes_on_while_one_client_still_waits(dbs):
    for runs in RUNS.values():
        runs.clear()
    server = InProcess(create_app(dbs[0], plugins=[SlowPlugin]))
    try:
        def stay() -> None:
            try:
                httpx.get(f"{server.url}/api/test-slow", timeout=1.5)
            except httpx.TimeoutException:
                pass  # gave up, as intended

        stayer = threading.Thread(target=stay, daemon=True)
        stayer.start()
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
            sock.sendall(f"GET /api/test-slow HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
            time.sleep(0.5)
        time.sleep(0.5)
        assert len(RUNS["started"]) == 1 and not RUNS["stopped"], RUNS  # the other client still waits
        stayer.join(timeout=5)  # it gives up after 1.5 s: now nobody waits
        deadline = time.monotonic() + 5
        while not RUNS["stopped"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert RUNS["stopped"], RUNS
    finally:
        server.stop()
