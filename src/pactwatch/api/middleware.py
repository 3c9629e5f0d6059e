"""ASGI middleware, outermost first: the last line of defence and the security headers, the Host
check, HEAD for every GET route, and the write endpoint's guard.

* :class:`Shield` — ``X-Content-Type-Options: nosniff``, a strict ``Content-Security-Policy``
  (the dashboard has no inline script and no CDN) and friends on every response; anything that
  still raises is logged and answered 503 in JSON (never a bare 500), the connection kept.
* :class:`HostGuard` — refuses a request whose ``Host`` is not a name the server is served under,
  so a web page on another site cannot reach the API through DNS rebinding (its requests carry
  the attacker's host name). ``pactwatch serve --allowed-host`` adds names (a reverse proxy's).
* :class:`HeadAsGet` — answers HEAD on every GET route with the GET's status and headers, no body.
* :class:`WriteGuard` — for ``POST /api/articles``: the key is checked before the body is read,
  and bodies over ``max_body`` bytes are refused with 413 without reading them whole.
"""
from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger("pactwatch.api")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
WRITE_PATH = "/api/articles"


async def send_json(send: Any, status: int, payload: dict, headers: Iterable[tuple[bytes, bytes]] = ()) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": body})


class Shield:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        ours = {name for name, _ in SECURITY_HEADERS}

        async def send_with_headers(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:  # noqa: BLE001 - the last line of defence: a JSON answer, the connection kept
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await send_json(send_with_headers, 503, {"detail": "the server could not answer this request; "
                                                               "the error is logged"})


def host_name(value: str) -> str:
    """The host of a Host header, lower case, without the port: '[::1]:8000' -> '::1'."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGuard:
    """Only requests for one of ``allowed`` (host names, or host:port; '*' lets every host in)."""

    def __init__(self, app: Any, allowed: Iterable[str]):
        self.app = app
        self.allowed = {a.strip().lower() for a in allowed if a.strip()}
        self.any = "*" in self.allowed

    def permits(self, header: str | None) -> bool:
        if self.any:
            return True
        if not header:
            return False
        value = header.strip().lower()
        return host_name(value) in self.allowed or value in self.allowed

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == b"host"), None)
        if not self.permits(header):
            await send_json(send, 421, {"detail": f"this server does not answer for host {header!r}; start it with "
                                                  "--allowed-host NAME to serve under that name"})
            return
        await self.app(scope, receive, send)


class HeadAsGet:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def key_problem(configured: str | None, given: bytes | None) -> tuple[int, str] | None:
    """(status, message) when a write must be refused; ``given`` is the raw X-API-Key header value."""
    if configured is None:
        return 404, "writing is off: start the server with an API key (PACTWATCH_API_KEY) to accept articles"
    if given is None or not hmac.compare_digest(given, configured.encode("utf-8")):
        return 403, "a valid X-API-Key header is required"
    return None


class WriteGuard:
    def __init__(self, app: Any, api_key: str | None, max_body: int):
        self.app = app
        self.api_key = api_key
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("path", "").rstrip("/") != WRITE_PATH:
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        problem = key_problem(self.api_key, headers.get(b"x-api-key"))
        if problem:
            await send_json(send, problem[0], {"detail": problem[1]})
            return
        too_large = {"detail": f"body over {self.max_body} bytes"}
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await send_json(send, 413, too_large)
            return
        body, more, size = [], True, 0
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await send_json(send, 413, too_large)
                return
            body.append(chunk)
            more = message.get("more_body", False)
        data, replayed = b"".join(body), False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": data, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
