"""A readers–writer lock between processes on one store file, fair to writers.

DuckDB lets one process open a database file read-write *or* any number of processes open it
read-only, never both (https://duckdb.org/docs/current/connect/concurrency); whoever comes second
gets an error. Two sidecar files next to the store turn that into waiting instead of failing:

* ``<store>.lock`` is held *shared* by every process that has the store open read-only and
  *exclusively* by the one writing a batch, so DuckDB's own lock is never contended.
* ``<store>.queue`` is held exclusively by a writer from the moment it wants the store until its
  batch is written. A reader passes through it (shared, released at once) before it takes
  ``.lock``, so once a writer queues no new reader gets ahead of it: a server under steady load
  cannot starve an ingest. Long-lived readers watch it (:meth:`StoreLock.writer_waiting`) and let go.

They are ``flock(2)`` locks: the kernel drops them when a process dies, so a crash never leaves a
store locked, and two opens of the file in one process conflict like two processes (a server's own
write endpoint queues behind its own readers correctly). Waiting polls with a short back-off until
a deadline, then gives up with the PIDs that hold the lock (from ``/proc/locks``). Where the sidecar
files cannot be created (a read-only directory) there is no coordination, and DuckDB's own error is
what the caller sees, translated.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: DuckDB's own lock is the only one
    fcntl = None  # type: ignore[assignment]

POLL_START, POLL_MAX = 0.005, 0.1  # seconds between attempts: short at first, then at most this


class LockTimeout(Exception):
    """Raised by the lock methods; carries who holds the lock so the caller can say so."""

    def __init__(self, holders: list[str], waited: float):
        self.holders = holders
        self.waited = waited
        super().__init__(f"held by {', '.join(holders) or 'another process'}")


class _FileLock:
    """One flock on one file, taken with a deadline."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def _open(self) -> bool:
        if self.fd is None:
            try:
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
            except OSError:
                try:  # a lock file someone else created, in a directory we may not write to
                    self.fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
                except OSError:
                    return False
        return True

    def try_lock(self, exclusive: bool) -> bool:
        if fcntl is None or not self._open():
            return True  # nothing to coordinate with
        try:
            fcntl.flock(self.fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def lock(self, exclusive: bool, deadline: float, started: float) -> None:
        pause = POLL_START
        while not self.try_lock(exclusive):
            now = time.monotonic()
            if now >= deadline:
                raise LockTimeout(holders(self.path), round(now - started, 1))
            time.sleep(min(pause, max(0.0, deadline - now)))
            pause = min(pause * 2, POLL_MAX)

    def unlock(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor drops its flock
            self.fd = None


class StoreLock:
    """The sidecar locks of one store file. Not thread-safe: one per holder."""

    def __init__(self, db_path: str | Path):
        db = Path(db_path)
        self._gate = _FileLock(db.with_name(db.name + ".lock"))
        self._queue = _FileLock(db.with_name(db.name + ".queue"))
        self._queue_probe = _FileLock(db.with_name(db.name + ".queue"))

    def acquire_shared(self, timeout: float) -> None:
        """Wait (at most ``timeout`` seconds) until no writer holds or waits for the store."""
        started = time.monotonic()
        deadline = started + timeout
        self._queue.lock(False, deadline, started)  # behind any writer already queued
        self._queue.unlock()
        self._gate.lock(False, deadline, started)

    def acquire_exclusive(self, timeout: float) -> None:
        """Queue, then wait (at most ``timeout`` seconds) until every reader has let go."""
        started = time.monotonic()
        deadline = started + timeout
        self._queue.lock(True, deadline, started)
        try:
            self._gate.lock(True, deadline, started)
        except BaseException:
            self._queue.unlock()
            raise

    def release(self) -> None:
        self._gate.unlock()
        self._queue.unlock()

    def writer_waiting(self) -> bool:
        """True while some writer holds the queue: a long-lived reader should close and let it in."""
        if self._queue_probe.try_lock(False):
            self._queue_probe.unlock()
            return False
        return True


def holders(lock_path: Path) -> list[str]:
    """'PID 123 (pactwatch serve)' for each process holding a flock on ``lock_path`` (Linux; else [])."""
    try:
        st = lock_path.stat()
        lines = Path("/proc/locks").read_text().splitlines()
    except OSError:
        return []
    # "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF": the file is major:minor:inode, major and minor in hex
    wanted = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    pids: list[int] = []
    for line in lines:
        parts = line.split()  # a waiter's line has "->" second and is skipped: it holds nothing
        if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5] == wanted and parts[4].isdigit():
            pid = int(parts[4])
            if pid not in pids:
                pids.append(pid)
    return [f"PID {pid} ({_program(pid)})" if pid != os.getpid() else f"PID {pid} (this process)" for pid in pids]


def _program(pid: int) -> str:
    """A short name for a process: 'pactwatch serve', 'api_load.py', 'python -c'."""
    try:
        argv = [a.decode("utf-8", "replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return "exited"
    if not argv:
        return "unknown"
    if os.path.basename(argv[0]).startswith("python") and len(argv) > 1:
        if argv[1] in ("-c", "-m"):  # the code of -c can be long and many lines: not the module of -m
            return " ".join([os.path.basename(argv[0]), *argv[1:3 if argv[1] == "-m" else 2]])
        argv = argv[1:]  # the script the interpreter runs names the program better
    words = [os.path.basename(argv[0]), *(a for a in argv[1:2] if not a.startswith("-"))]
    return " ".join(words)
