"""The dashboard in a real browser: Debian's Chromium, headless, driven by Playwright, against the real
``pactwatch serve`` (uvicorn on 127.0.0.1) over real DuckDB stores.

Stores, each built once per session:
- ``seed_server``: the two seed articles from ../shared (never copied here), extracted by
  ``pactwatch ingest``, plus one article of ours (dashboard_helpers.py) with markup in its text and title;
- ``dev_server``: the 40 development articles of ../shared/fixtures/dev, extracted by ``pactwatch ingest``;
- ``synthetic_server``: hand-made results (dashboard_stores.py), large where size matters.

Without Chromium (or the playwright package) every test that needs the browser is reported as
skipped, with the reason; the rest of the suite runs. ``PACTWATCH_CHROMIUM`` names another
Chromium binary. Any JavaScript error or console error in a page fails its test, except the failed
requests a test declares it expects (``dashboard_helpers.expect_failed_requests``).
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard_helpers import TIMEOUT_MS, XSS_ID, XSS_TEXT, XSS_TITLE

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEED_GOLD = SHARED / "fixtures" / "seeds" / "gold.jsonl"
DEV_GOLD = SHARED / "fixtures" / "dev" / "gold.jsonl"
CHROMIUM = Path(os.environ.get("PACTWATCH_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"]
PACTWATCH = Path(sys.executable).parent / "pactwatch"

# --- without a browser: skip, with the reason ------------------------------------------------------

def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return (f"Debian's Chromium is not at {CHROMIUM}: install it with `apt-get install chromium` "
                "(or point PACTWATCH_CHROMIUM at a Chromium binary)")
    return None


def pytest_collection_modifyitems(config, items):
    reason = browser_missing()
    if reason is None:
        return
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents and "browser" in item.fixturenames:
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


# --- stores and servers ----------------------------------------------------------------------------

def _need(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"fixture file missing: {path} (the browser tests read ../shared beside the checkout)")
    return path


def ingest(db: Path, *inputs: Path) -> None:
    """``pactwatch ingest INPUTS --db DB``, the command a user runs; fails the test on any error."""
    proc = subprocess.run([str(PACTWATCH), "ingest", *map(str, inputs), "--db", str(db), "--quiet"],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        pytest.fail(f"pactwatch ingest failed ({proc.returncode}):\n{proc.stderr}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """``pactwatch serve --db DB --port P`` in a subprocess, up once /api/health answers."""

    def __init__(self, db: Path, log: Path):
        self.db = db
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self.proc = subprocess.Popen([str(PACTWATCH), "serve", "--db", str(db), "--port", str(self.port)],
                                     stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/api/health", timeout=2) as res:
                    if res.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"pactwatch serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)

    def get(self, path: str):
        """GET a JSON API path (for comparing what the page shows with what the API says)."""
        with urllib.request.urlopen(self.url + path, timeout=30) as res:
            return json.load(res)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


@contextmanager
def serving(tmp_path_factory, name: str, build: Callable[[Path, Path], None]) -> Iterator[Served]:
    """A store built by ``build(tmp_dir, db)`` in a fresh directory, served for the block."""
    tmp = tmp_path_factory.mktemp(name)
    db = tmp / "store.duckdb"
    build(tmp, db)
    served = Served(db, tmp / "serve.log")
    try:
        yield served
    finally:
        served.stop()


def _seed_store(tmp: Path, db: Path) -> None:
    probe = tmp / "xss.jsonl"
    probe.write_text(json.dumps({"id": XSS_ID, "title": XSS_TITLE, "published": "2024-05-01", "text": XSS_TEXT}) + "\n",
                     encoding="utf-8")
    ingest(db, _need(SEED_GOLD), probe)


@pytest.fixture(scope="session")
def seed_server(tmp_path_factory):
    with serving(tmp_path_factory, "seed-store", _seed_store) as served:
        yield served


@pytest.fixture(scope="session")
def dev_server(tmp_path_factory):
    with serving(tmp_path_factory, "dev-store", lambda tmp, db: ingest(db, _need(DEV_GOLD))) as served:
        yield served


@pytest.fixture(scope="session")
def synthetic_server(tmp_path_factory):
    from dashboard_stores import build_store

    with serving(tmp_path_factory, "synthetic-store", lambda tmp, db: build_store(db)) as served:
        yield served


# --- the browser and its pages ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageErrors:
    """JavaScript and console errors of one page; failed requests a test expects are not errors."""

    def __init__(self):
        self.errors: list[str] = []
        self.expected_urls: list[str] = []

    def console(self, msg) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        if "Failed to load resource" in msg.text and any(part in url for part in self.expected_urls):
            return
        self.errors.append(f"console {msg.type}: {msg.text} ({url})")


@pytest.fixture
def new_page(browser):
    """``new_page(server)`` -> a fresh 1280×800 page on that server; errors fail the test at teardown."""
    opened = []

    def make(server: Served):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, base_url=server.url, accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(TIMEOUT_MS)
        errors = PageErrors()
        pg.on("pageerror", lambda exc: errors.errors.append(f"page error: {exc}"))
        pg.on("console", errors.console)
        pg.pactwatch_errors = errors
        opened.append((context, errors))
        return pg

    yield make
    problems = []
    for context, errors in opened:
        context.close()
        problems.extend(errors.errors)
    assert not problems, "JavaScript errors in the dashboard:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page, seed_server):
    return new_page(seed_server)
