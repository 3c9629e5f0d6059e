"""What the API tests share: articles written for them, servers over a store, response checks.

The articles are ingested once per session (real spaCy model, real DuckDB file in a temporary
directory); ``pactwatch serve`` then runs in subprocesses on free loopback ports and every
endpoint is exercised over HTTP with httpx: one server read-only without an API key, one on a copy
of the store with a key (the write endpoint). ``InProcess`` runs uvicorn in a thread of the test
process, still over a real 127.0.0.1 socket, for tests that need to look inside the app.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


PACTWATCH = Path(sys.executable).parent / "pactwatch"
KEY = "test-key-0123456789abcdef"
REFERENCE: dict = {}
ARTICLES = [
    {"id": "t-arm-request", "published": "2022-09-19", "title": "Yerevan appeals to allies", "outlet": "Test Wire",
     "text": "Armenia asked the CSTO for help on Monday.\n"
             "The Armenian prime minister said the country needed military support after the shelling near Jermuk.\n"
             "\"We expect our allies to act,\" Pashinyan said."},
    {"id": "t-csto-reply", "published": "2022-10-03", "title": "Alliance declines", "outlet": "Test Wire",
     "text": "The CSTO refused to send troops to Armenia.\nRussia accused Azerbaijan of escalating the conflict."},
    {"id": "t-sanctions", "published": "2023-05-10", "title": "New measures", "outlet": "Other Daily",
     "text": "The European Union imposed sanctions on Russia on Tuesday.\nFrance criticised Russia over the strikes."},
    {"id": "t-neg", "published": "2023-01-12", "title": "No deployment",
     "text": "Russia did not send peacekeepers to Armenia.\nArmenia may ask the United Nations for observers."},
    {"id": "t-r1", "published": "2022-10-05",
     "text": "On October 4 the CSTO refused to help Armenia.\nOn October 4 Russia sent humanitarian aid to Armenia."},
    {"id": "t-r2", "published": "2022-10-20",
     "text": "Armenia accused the CSTO of ignoring its request for help on October 19."},
]
NEW_ARTICLE = {"id": "t-html", "published": "2024-03-01",
               "html": "<html><head><title>Talks in Brussels</title></head><body><article><p>Armenia and the "
                       "European Union held talks in Brussels on Friday.</p></article></body></html>"}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(client: httpx.Client, alive, log: Path, timeout: float = 60, path: str = "/api/health") -> None:
    deadline = time.monotonic() + timeout
    while True:
        if not alive():
            raise RuntimeError(f"server exited: {log.read_text(errors='replace') if log.exists() else ''}")
        try:
            if client.get(path).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server did not start: {log.read_text(errors='replace') if log.exists() else ''}")
        time.sleep(0.1)


class Server:
    """``pactwatch serve`` in a subprocess on a free port (``args`` are extra CLI options)."""

    def __init__(self, db: Path, api_key: str | None, log: Path, *args: str, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_API_KEY"}
        if api_key:
            env["PACTWATCH_API_KEY"] = api_key  # the way serve takes it when not given
        self.log = log
        self.proc = subprocess.Popen([str(PACTWATCH), "serve", "--db", str(db), "--port", str(self.port), *args],
                                     env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
        self.client = httpx.Client(base_url=self.url, timeout=60)
        try:
            wait_until_up(self.client, lambda: self.proc.poll() is None, log)
        except RuntimeError:
            self.stop()
            raise

    def stop(self) -> None:
        self.client.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class InProcess:
    """The app under a real uvicorn on 127.0.0.1, in a thread of this process (``app.state`` is reachable)."""

    def __init__(self, app, log: Path | None = None):
        import uvicorn

        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        self.client = httpx.Client(base_url=self.url, timeout=60)
        wait_until_up(self.client, self.thread.is_alive, log or Path("/nonexistent"), path="/api/plover")

    def stop(self) -> None:
        self.client.close()
        self.server.should_exit = True
        self.thread.join(timeout=15)


def ok(response: httpx.Response):
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def bad(response: httpx.Response, *statuses: int) -> dict:
    assert response.status_code in (statuses or (400, 422)), (response.status_code, response.text)
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"], body
    return body
