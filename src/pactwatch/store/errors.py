"""What can go wrong with the store file, as one line that names it, never a traceback.

DuckDB reports a lock conflict, a full disk or a file that is not a database as ``duckdb.Error``
subclasses whose text carries the facts (the other process's PID, the OS error). :func:`translate`
turns them into :class:`StoreError` subclasses, which the CLI prints as
``pactwatch: error: <file>: <message>`` with exit status 2 and the API answers with a ``detail``.
"""
from __future__ import annotations

import errno
import re
from pathlib import Path

import duckdb

from ..errors import PactwatchError

# 'Could not set lock on file "/x.duckdb": Conflicting lock is held in /usr/bin/python3 (PID 16363).'
_DUCKDB_LOCK = re.compile(r"Could not set lock on file .*?Conflicting lock is held in (?P<program>.+?) \(PID (?P<pid>\d+)\)")
_NO_SPACE = "No space left on device"


class StoreError(PactwatchError):
    """A problem with the store file; ``str()`` is ``<file>: <message>``."""

    def __init__(self, path: str | Path, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


class StoreBusy(StoreError):
    """Another process holds the store for longer than we were willing to wait."""

    def __init__(self, path: str | Path, holders: list[str], waited: float, writing: bool):
        self.holders = holders
        who = ", ".join(holders) if holders else "another process"
        doing = "write to it" if writing else "read it"
        super().__init__(path, f"store busy: held by {who}; waited {waited:g} s to {doing} "
                               "(try again when it is done, or stop it)")


class StoreFull(StoreError):
    """The disk the store (or an export) is on is full."""

    def __init__(self, path: str | Path, kept: str = "everything committed before is kept"):
        super().__init__(path, f"no space left on device; {kept}")


class NotAStore(StoreError):
    """The file exists but is not a pactwatch store (or is one from a newer pactwatch)."""


def is_no_space(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    return _NO_SPACE in str(error)


def lock_holder(error: BaseException) -> str | None:
    """'PID 16363 (/usr/bin/python3)' from DuckDB's lock-conflict message, or None if it is not one."""
    match = _DUCKDB_LOCK.search(str(error))
    if not match:
        return None
    return f"PID {match['pid']} ({match['program']})"


def translate(error: BaseException, path: str | Path, writing: bool = False, waited: float = 0.0) -> StoreError | None:
    """The StoreError a DuckDB or OS error stands for, or None when it is not one of ours to explain."""
    if isinstance(error, StoreError):
        return error
    if is_no_space(error):
        return StoreFull(path)
    holder = lock_holder(error)
    if holder is not None:
        return StoreBusy(path, [holder], waited, writing)
    if isinstance(error, duckdb.IOException) and "not a valid DuckDB database file" in str(error):
        return NotAStore(path, "not a DuckDB database file (is it a pactwatch store?)")
    if isinstance(error, duckdb.SerializationException) or "database file with version" in str(error):
        return NotAStore(path, f"written by another DuckDB version: {first_line(error)}")
    return None


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
