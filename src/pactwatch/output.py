"""Writing results: JSONL, PLOVER records or a CAMEO table, to a file atomically or to stdout.

A file is written under a temporary name beside the target and renamed into place only when the run
completes, so an interrupted run never leaves a half-written output behind, and a rerun replaces the
previous output whole.
"""
from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from . import formats

FORMATS = ("jsonl", "plover", "cameo")


class ResultWriter:
    """Streams article results in one of ``FORMATS`` to an open text file."""

    def __init__(self, fh: IO[str], fmt: str = "jsonl"):
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
        self.fh, self.fmt = fh, fmt
        self._header_written = False

    def write(self, article: dict[str, Any]) -> None:
        if self.fmt == "jsonl":
            self.fh.write(json.dumps(article, ensure_ascii=False) + "\n")
        elif self.fmt == "plover":
            formats.write_plover([article], self.fh)
        else:
            formats.write_cameo([article], self.fh, header=not self._header_written)
            self._header_written = True

    def finish(self) -> None:
        """A table keeps its header even when no article produced a row."""
        if self.fmt == "cameo" and not self._header_written:
            formats.write_cameo([], self.fh, header=True)
            self._header_written = True


@contextmanager
def atomic_output(path: str | os.PathLike[str] | None) -> Iterator[IO[str]]:
    """Yield a file to write to: stdout for None or "-", else a temp file renamed to ``path`` on success."""
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output file gets the usual permissions
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
