"""What the watcher remembers between polls and across restarts: one JSON file, written atomically.

By default it lies beside the store (``pactwatch.duckdb.watch.json``). It holds

* ``sources``: per source, the feed's ETag and Last-Modified (so an unchanged feed costs a 304),
  consecutive failures, the last error and when the source is next due;
* ``pending``: article URLs seen in a feed but not yet stored, in the order found, with what the
  feed said of them (title, date) and how many times fetching them failed;
* ``done``: every article URL (normalised by courlan) fetched and stored, or given up on, so the
  same article is never fetched twice, whichever feed lists it and under whatever tracking query;
* ``files``: for folder sources, each file's size and modification time when it was read;
* ``alerts``: for ``--alert`` watches, ``through``: the store time (``ingested_at``, UTC) up to
  which new events were alerted on (:mod:`.alerts`).

The order of writes makes a killed watcher lose and double nothing: new URLs are written to
``pending`` (with the feed's new ETag) before any page is fetched, and moved to ``done`` only after
the batch holding them is committed to the store. A watcher killed in between fetches those pages
again on restart, and the store, keyed by content, adds nothing twice.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from .sources import write_atomically

try:
    import fcntl
except ImportError:  # not on this platform: no guard against two watchers on one state
    fcntl = None  # type: ignore[assignment]

VERSION = 1


@dataclass
class WatchState:
    path: Path
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    done: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, list] = field(default_factory=dict)
    alerts: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path) -> WatchState:
        path = Path(path)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return cls(path)
        except OSError as error:
            raise InputError(str(path), f"cannot read the watch state: {error.strerror or error}") from None
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict) or data.get("version") != VERSION:
                raise ValueError(f"not a version {VERSION} watch state")
            parts = {name: data.get(name, {}) for name in ("sources", "pending", "done", "files", "alerts")}
            if not all(isinstance(value, dict) for value in parts.values()):
                raise ValueError("a section is not a mapping")
        except (ValueError, UnicodeDecodeError) as error:
            raise InputError(str(path), f"the watch state is damaged ({error}); move it away to start afresh "
                                        "(articles already stored are not stored twice)") from None
        return cls(path, **parts)

    def save(self) -> None:
        data = {"version": VERSION, "saved": time.time(), "sources": self.sources, "pending": self.pending,
                "done": self.done, "files": self.files, "alerts": self.alerts}
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=0))

    def source(self, name: str) -> dict[str, Any]:
        return self.sources.setdefault(name, {})

    def seen(self, url: str) -> bool:
        return url in self.done or url in self.pending


class StateLock:
    """One watcher per state file: an flock(2) on ``STATE.lock`` (dropped by the kernel when the
    process dies, so a killed watcher never leaves it behind). A second watcher on the same state
    would interleave its saves with the first one's; it is refused with the holder's pid instead."""

    def __init__(self, state_path: Path):
        self.path = Path(str(state_path) + ".lock")
        self.fd: int | None = None

    def acquire(self) -> None:
        if fcntl is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise InputError(str(self.path.with_suffix("")), f"another pactwatch watch (pid {holder}) is using this "
                                                             "state file; stop it, or give this one --state") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
