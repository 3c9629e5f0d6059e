"""Errors that carry where the problem is, so the CLI can report them without a traceback.

A report is one line on a terminal whatever it quotes: file names and messages may hold newlines,
escape sequences or undecodable bytes (a file called ``$'x\\nerror: forged'``), so ``printable``
escapes them, and every error renders through it.
"""
from __future__ import annotations

import unicodedata

# the surrogates os.fsdecode makes of bytes that are not UTF-8 (PEP 383): shown as the byte they stand for
_SURROGATE_ESCAPES = range(0xDC80, 0xDD00)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` with every character a terminal would act on or not show escaped, Python-style.

    Control characters (newlines, ESC), format characters (bidi overrides), separators other than
    the space and lone surrogates become ``\\n``, ``\\x1b``, ``\\u202e``…; everything printable,
    non-ASCII letters included, stays as it is.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if code in _SURROGATE_ESCAPES:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def first_unencodable(text: str) -> int | None:
    """The index of the first lone surrogate in ``text`` (what UTF-8 cannot encode), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return error.start
    return None


def control_character(text: str) -> str | None:
    """The first control character (Unicode category Cc) in ``text``, or None."""
    for ch in text:
        if unicodedata.category(ch) == "Cc":
            return ch
    return None


class PactwatchError(Exception):
    """Base class: a problem the user can fix, reported as one clear line."""

    def __str__(self) -> str:
        return printable(super().__str__())


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


class InputWarning:
    """Something about an input the user should know, though it was read and coded (not an error)."""

    def __init__(self, path: str, message: str, line: int | None = None, examples: tuple[str, ...] = ()):
        self.path, self.message, self.line = str(path), message, line
        self.examples = examples  # the words it is about, for a summary that names them

    @property
    def where(self) -> str:
        return printable(f"{self.path}:{self.line}" if self.line is not None else self.path)

    def __str__(self) -> str:
        return f"{self.where}: {printable(self.message)}"
