"""Errors that carry where the problem is, so the CLI can report them without a traceback."""
from __future__ import annotations


class PactwatchError(Exception):
    """Base class: a problem the user can fix, reported as one clear line."""


class InputError(PactwatchError):
    """Bad input: names the file and, where there is one, the line."""

    def __init__(self, path: str, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class DataFileError(PactwatchError):
    """A malformed data file shipped with or added to pactwatch (lexicon, actors, knowledge base)."""

    def __init__(self, path: str, message: str, entry: str | None = None, field: str | None = None):
        self.path, self.entry, self.field = str(path), entry, field
        parts = [self.path]
        if entry is not None:
            parts.append(f"entry {entry}")
        if field is not None:
            parts.append(f"field {field!r}")
        super().__init__(": ".join([", ".join(parts), message]))
