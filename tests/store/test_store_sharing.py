"""Sharing one store file: readers wait for a batch, writers for readers, a server and an ingest side by side.

In-process checks use threads (flock locks conflict between two opens in one process as between
two processes); the rest run real processes: ``pactwatch serve`` on 127.0.0.1, ``pactwatch ingest``,
and a plain DuckDB connection standing for a program that does not take pactwatch's locks.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from pactwatch.store import ReaderPool, StoreBusy, reader, writer
from store_results import result, sample_results

PACTWATCH = Path(sys.executable).parent / "pactwatch"
OURS = [  # written for these tests
    {"id": "share-1", "published": "2024-07-01", "text": "Armenia asked the CSTO for help on Monday."},
    {"id": "share-2", "published": "2024-07-02", "text": "France delivered armoured vehicles to Armenia on Tuesday."},
]


def make_store(path: Path) -> Path:
    with writer(path) as store:
        store.write_results(sample_results())
    return path


def in_thread(fn):
    """Run fn in a thread; returns (thread, box) where box gets 'value' or 'error' and 'at' (monotonic)."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn()
        except BaseException as error:  # noqa: BLE001 - handed to the test
            box["error"] = error
        box["at"] = time.monotonic()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


# --- the lock protocol, in process ------------------------------------------------------------------

def test_a_reader_waits_for_a_batch_then_reads_it(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    held = writer(db)
    store = held.__enter__()
    store.write_results([result("new", "A new article.")])

    def read():
        with reader(db, timeout=10) as r:
            return r.counts()["articles"]

    thread, box = in_thread(read)
    time.sleep(0.4)
    released = time.monotonic()
    held.__exit__(None, None, None)
    thread.join(10)
    assert box.get("value") == 4 and box["at"] >= released


def test_a_reader_kept_waiting_too_long_says_who_holds_the_store(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    with writer(db):
        with pytest.raises(StoreBusy) as busy:
            with reader(db, timeout=0.3):
                pass
    message = str(busy.value)
    assert message.startswith(f"{db}: store busy: held by PID {os.getpid()} (this process)")
    assert "\n" not in message


def test_a_queued_writer_goes_before_new_readers(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    first = reader(db)
    first.__enter__()
    thread, box = in_thread(lambda: writer(db, timeout=10).__enter__())
    time.sleep(0.3)  # the writer has queued behind the first reader
    with pytest.raises(StoreBusy):
        with reader(db, timeout=0.3):
            pass
    first.__exit__(None, None, None)
    thread.join(10)
    box["value"].close()
    assert "error" not in box


def test_the_pool_lets_a_writer_in_and_then_sees_its_rows(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    pool = ReaderPool(db)
    try:
        with pool.store() as store:
            assert store.counts()["events"] == 5
        generation = pool.generation
        started = time.monotonic()
        with writer(db, timeout=10) as store:  # the pool holds the file open: it must let go
            store.write_results([result("more", "Russia accused Azerbaijan.", events=[])])
        assert time.monotonic() - started < 5
        with pool.store() as store:
            assert store.counts()["articles"] == 4
        assert pool.generation > generation
    finally:
        pool.close()


def test_requests_in_flight_finish_before_the_pool_lets_go(tmp_path):
    db = make_store(tmp_path / "s.duckdb")
    pool = ReaderPool(db)
    try:
        request = pool.store()
        store = request.__enter__()
        thread, box = in_thread(lambda: writer(db, timeout=10).__enter__())
        time.sleep(0.3)
        assert store.counts()["articles"] == 3  # still answering while the writer waits
        assert "value" not in box
        request.__exit__(None, None, None)
        thread.join(10)
        box["value"].close()
    finally:
        pool.close()


# --- real processes --------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PACTWATCH_API_KEY", "COLUMNS", "LINES")}


def run(*args, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(PACTWATCH), *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env=_env(), stdin=subprocess.DEVNULL)


@pytest.fixture
def feed(tmp_path) -> Path:
    path = tmp_path / "ours.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in OURS), encoding="utf-8")
    return path


@pytest.fixture
def foreign_holder(tmp_path):
    """A process holding the store read-write through plain DuckDB, outside pactwatch's locks."""
    db = make_store(tmp_path / "held.duckdb")
    code = "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(120)"
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield db, proc.pid
    finally:
        proc.kill()
        proc.wait()


def _one_error_line(proc: subprocess.CompletedProcess, db: Path, pid: int) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"pactwatch: error: {db}: store busy: held by PID {pid} ("), lines[0]


def test_ingest_on_a_store_held_elsewhere_fails_in_one_line(foreign_holder, feed):
    db, pid = foreign_holder
    _one_error_line(run("ingest", feed, "--db", db, "--wait", "1", "--quiet"), db, pid)


def test_export_on_a_store_held_elsewhere_fails_in_one_line(foreign_holder, tmp_path):
    db, pid = foreign_holder
    _one_error_line(run("export", tmp_path / "out", "--db", db, "--wait", "1"), db, pid)
    assert not (tmp_path / "out" / "events.parquet").exists()


def test_serve_and_ingest_share_a_store(tmp_path, feed):
    """A running server keeps answering during an ingest into its file and shows the new rows without a restart."""
    db = make_store(tmp_path / "shared.duckdb")
    port = _free_port()
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([str(PACTWATCH), "serve", "--db", str(db), "--port", str(port)], env=_env(),
                              stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            deadline = time.monotonic() + 60
            while True:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                try:
                    if client.get("/api/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
            assert client.get("/api/health").json()["articles"] == 3
            ingest = subprocess.Popen([str(PACTWATCH), "ingest", str(feed), "--db", str(db), "--batch-size", "1"],
                                      env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      stdin=subprocess.DEVNULL)
            statuses = []
            while ingest.poll() is None:  # the server answers all along
                statuses.append(client.get("/api/events", params={"limit": 5}).status_code)
                time.sleep(0.05)
            out, err = ingest.communicate()
            assert ingest.returncode == 0, err
            assert "2 articles added" in err and "Traceback" not in err
            assert statuses and set(statuses) == {200}
            health = client.get("/api/health").json()
            assert health["articles"] == 5 and health["events"] > 5
            ids = {e["article_id"] for e in client.get("/api/events", params={"limit": 100}).json()["items"]}
            assert {"share-1", "share-2"} <= ids
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_two_ingests_into_one_store_take_turns(tmp_path, feed):
    db = tmp_path / "two.duckdb"
    more = tmp_path / "more.jsonl"
    more.write_text("".join(json.dumps(dict(a, id=a["id"] + "-again")) + "\n" for a in OURS)
                    + json.dumps({"id": "share-3", "text": "Russia accused Azerbaijan of escalating the conflict."}) + "\n",
                    encoding="utf-8")
    procs = [subprocess.Popen([str(PACTWATCH), "ingest", str(path), "--db", str(db), "--batch-size", "1"], env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
             for path in (feed, more)]
    outcomes = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, outcomes):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with reader(db) as store:
        assert store.counts()["articles"] == 3  # the same texts under other ids are stored once


def test_ingest_into_a_directory_that_does_not_exist_fails_at_once_in_one_line(tmp_path, feed):
    db = tmp_path / "no" / "such" / "dir" / "s.duckdb"
    proc = run("ingest", feed, "--db", db, "--quiet", timeout=60)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith(f"pactwatch: error: {db}: ") and "No such file or directory" in line


def test_the_pool_answers_as_a_reader_does_from_its_caches_too(tmp_path):
    """Titles cached between requests and summaries asked once per opening give the same rows."""
    db = make_store(tmp_path / "s.duckdb")
    with reader(db) as store:
        expected = (store.events(limit=10), store.quotes(), store.network())
    pool = ReaderPool(db)
    try:
        for _ in range(2):  # the second time from the cache
            with pool.store() as store:
                assert (store.events(limit=10), store.quotes(), store.network()) == expected
        with writer(db) as store:
            store.write_results([result("late", "A late article.")])
        with pool.store() as store:
            assert store.events(limit=10) == expected[0] and store.articles().total == 4
    finally:
        pool.close()
