"""What every command module shares: the error console, progress bars, common options and parsers."""
from __future__ import annotations

import json
from typing import Annotated, Optional
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..errors import InputError

# soft_wrap: a report line stays one line however long its path, whatever the terminal width
err = Console(stderr=True, highlight=False, soft_wrap=True)

KbDirs = Annotated[Optional[list[Path]], typer.Option("--kb", metavar="DIR", help="Extra knowledge-base directory (repeatable); "
                                                                  "PACTWATCH_KB also adds directories.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def progress_bar(enabled: bool):
    if not enabled:
        return _NoProgress()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True)


def terminate(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM unwinds like Ctrl-C, so temporary output files are removed


def date_option(value: str, name: str) -> str:
    from ..readers import normalise_date

    date = normalise_date(value)
    if date is None:
        raise InputError(name, f"not a date: {value!r} (expected YYYY-MM-DD)")
    return date


def echo_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
