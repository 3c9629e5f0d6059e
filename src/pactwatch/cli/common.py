"""What every command module shares: the error console, progress bars, common options and parsers."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
from rich.text import Text
from typer.core import TyperArgument, TyperCommand, TyperOption

from ..errors import InputError, printable

# soft_wrap: a report line stays one line however long its path, whatever the terminal width;
# emoji off: a file called ":warning:.txt" is printed as its name, not as a picture
err = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)

KbDirs = Annotated[Optional[list[Path]], typer.Option("--kb", metavar="DIR", help="Extra knowledge-base directory (repeatable); "
                                                                  "PACTWATCH_KB also adds directories.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]

# --glob / --exclude: which files inside input directories are articles (readers.FileSelection)
Globs = Annotated[Optional[list[str]], typer.Option(
    "--glob", "-g", metavar="PATTERN",
    help="In directories, read only files matching PATTERN (repeatable), e.g. '2024-*.md' or 'feeds/*.jsonl'. "
         "Files named on the command line are always read.")]
Excludes = Annotated[Optional[list[str]], typer.Option(
    "--exclude", metavar="PATTERN",
    help="In directories, skip files or folders matching PATTERN (repeatable), e.g. SOURCES.md or drafts. "
         "Hidden files and folders are always skipped.")]


def file_selection(globs: Optional[list[str]], excludes: Optional[list[str]], *never_read: Optional[Path]):
    """The ``FileSelection`` for ``--glob``/``--exclude``; ``never_read`` files (the run's own
    output file or database) are kept out of input directories."""
    from ..readers import FileSelection

    skip = frozenset(p.resolve() for p in never_read if p is not None and str(p) != "-")
    return FileSelection(include=tuple(globs or ()), exclude=tuple(excludes or ()), skip=skip)


def report(message: object) -> None:
    """One line on stderr, whatever the message quotes (file names with newlines or escapes)."""
    err.print(printable(str(message)), markup=False)


# --- progress ----------------------------------------------------------------------------------------


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class _Count(ProgressColumn):
    """ "288/1,200" when the total is known, "288" when it is not (never "288/?")."""

    def render(self, task: Task) -> Text:
        done = f"{int(task.completed):,}"
        return Text(f"{done}/{int(task.total):,}" if task.total is not None else done, style="progress.download")


class _Rate(ProgressColumn):
    def __init__(self, unit: str) -> None:
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f} {self.unit}/s" if speed else "", style="progress.data.speed")


class _Eta(ProgressColumn):
    """Time left at the current rate, only when the total is known."""

    max_refresh = 0.5

    def render(self, task: Task) -> Text:
        remaining = task.time_remaining
        if task.total is None or remaining is None:
            return Text("")
        minutes, seconds = divmod(int(remaining), 60)
        hours, minutes = divmod(minutes, 60)
        return Text(f"eta {hours}:{minutes:02d}:{seconds:02d}" if hours else f"eta {minutes}:{seconds:02d}",
                    style="progress.remaining")


def progress_bar(enabled: bool, unit: str = "articles"):
    """A transient bar on stderr: count (of the total, when the task has one), rate, elapsed, ETA."""
    if not enabled:
        return _NoProgress()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), _Count(), _Rate(unit),
                    TimeElapsedColumn(), _Eta(), console=err, transient=True)


Workers = Annotated[int, typer.Option(
    help="Processes coding articles at once (one spaCy pipeline each); -1 for every core, as spaCy's "
         "n_process. Output is the same as with 1, in the same order.")]


def workers_count(value: int) -> int:
    """``--workers`` as a number of processes, or a usage error naming the option."""
    from ..extract.workers import resolve_workers

    try:
        return resolve_workers(value)
    except ValueError as error:
        raise InputError("--workers", str(error)) from None


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


# --- help text -----------------------------------------------------------------------------------------

_TYPE_METAVARS = {"path": "PATH", "str": "TEXT", "int": "INTEGER", "int range": "INTEGER", "float": "NUMBER",
                  "float range": "NUMBER", "bool": "BOOLEAN", "list[str]": "TEXT", "list[path]": "PATH"}
_ANGLED = re.compile(r"^<(.*)>$")


class PactwatchCommand(TyperCommand):
    """Help in the usual Unix shape: ``Usage: pactwatch extract [OPTIONS] INPUT...`` and ``--out PATH``.

    This Typer writes required arguments as ``{INPUT...}...``, and types as ``<list[str]>`` or
    ``<int range>``; a parameter given an explicit ``metavar`` keeps it.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:  # so "Missing argument 'PRED'" names it as the usage line does
            if isinstance(param, TyperArgument) and param.metavar is None and param.name:
                param.metavar = param.name.upper()

    def collect_usage_pieces(self, ctx):
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument) and not param.hidden:
                name = _argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx, formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            if isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
                param.metavar = _option_metavar(param.display_type(ctx))
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if isinstance(param, TyperArgument):
                arguments.append((_argument_name(param), record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


def _argument_name(param: TyperArgument) -> str:
    name = (param.metavar or param.name or "ARG").upper().removesuffix("...")
    return f"{name}..." if param.nargs != 1 else name


def _option_metavar(display: str | None) -> str | None:
    inner = _ANGLED.match(display or "")
    if inner is None:
        return display
    label = inner.group(1)
    if "|" in label:
        return f"[{label.removeprefix('list[').removesuffix(']')}]"  # choices, as click writes them
    return _TYPE_METAVARS.get(label, label.upper())


def use_conventional_help(app: typer.Typer) -> None:
    """Make every command of ``app`` (and of its sub-apps) a ``PactwatchCommand``, unless it chose
    a class of its own. Called once, after the command modules have registered."""
    for command in app.registered_commands:
        if command.cls in (None, TyperCommand):
            command.cls = PactwatchCommand
    for group in app.registered_groups:
        if group.typer_instance is not None:
            use_conventional_help(group.typer_instance)
