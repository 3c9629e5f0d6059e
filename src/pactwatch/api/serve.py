"""``pactwatch serve``: the API and dashboard under uvicorn, on a socket bound before it starts.

The socket is bound here, not by uvicorn, so a port already taken ("a leftover server") is one line
naming the port — an :class:`InputError`, exit status 2 — instead of uvicorn's log and traceback, and
no other process can take the port between the check and the start.
"""
from __future__ import annotations

import errno
import logging
import os
import socket
import threading
from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from .middleware import LOOPBACK_NAMES

log = logging.getLogger("pactwatch.api")
API_KEY_ENV = "PACTWATCH_API_KEY"
WILDCARDS = {"0.0.0.0", "::", ""}


def allowed_hosts(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The Host names requests may carry: loopback, the address served on (unless a wildcard), and ``extra``."""
    names = [*LOOPBACK_NAMES, *([host] if host not in WILDCARDS else []), *extra]
    return list(dict.fromkeys(n.strip().lower() for n in names if n.strip()))


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or an InputError naming the port (in use, not allowed, no such address)."""
    if not 0 < int(port) < 65536:
        raise InputError("--port", f"not a port: {port}")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise InputError("--host", f"cannot listen on {host!r}: {error.strerror}") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: restart over TIME_WAIT
    try:
        sock.bind(address)
        sock.listen(2048)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise InputError("--port", f"port {port} is in use on {host} (a server left running? stop it, or "
                                       "choose another with --port)") from None
        if error.errno == errno.EACCES:
            raise InputError("--port", f"not allowed to listen on port {port} (ports below 1024 need privileges)") from None
        raise InputError("--host", f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def serve_command(db: str | Path, host: str = "127.0.0.1", port: int = 8000, api_key: str | None = None,
                  open_browser: bool = False, kb_dirs: Iterable[str | Path] = (),
                  extra_hosts: Iterable[str] = ()) -> None:
    """Run the API and dashboard under uvicorn until interrupted.

    ``api_key`` defaults to the ``PACTWATCH_API_KEY`` environment variable; without one the store is
    served read-only and POST /api/articles is off. ``extra_hosts`` are further Host names to answer
    for (a reverse proxy's public name; ``*`` for any).
    """
    import uvicorn

    from .app import create_app

    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV) or None
    sock = bind(host, port)
    try:
        app = create_app(db, api_key=api_key, kb_dirs=kb_dirs, allowed_hosts=allowed_hosts(host, extra_hosts))
    except BaseException:
        sock.close()
        raise
    loopback = host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")
    if not loopback:
        log.warning("serving on %s: reachable from other machines, without TLS%s", host,
                    "; the API key travels in clear text" if api_key else "")
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, workers=1, log_level="info", access_log=False, server_header=False,
                            proxy_headers=False)
    uvicorn.Server(config).run(sockets=[sock])
