"""``pactwatch summary``: the events of any pactwatch output, per article, as a table.

It reads the three things ``pactwatch extract`` writes — native JSONL (one article a line), PLOVER
records (``--format plover``, one event a line) and the CAMEO table (``--format cameo``, TSV with a
header) — telling them apart by the first record, so an analyst can look at whatever file they have.
A file that is none of these is refused with what was expected (exit 2); a bad line later in a good
file is reported with its file and line and skipped, the rest is still shown, and the exit status is 1.
Lines are read one at a time, so a long file starts printing at once.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import chain
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from ..formats import CAMEO_COLUMNS
from ..partial_date import PartialDate
from .app import app
from .common import err

EXPECTED = ("expected pactwatch output: native JSONL (an article a line with 'id' and 'events'), PLOVER records "
            "(--format plover: 'id', 'date', 'actor', 'event') or a CAMEO table (--format cameo: a TSV whose header "
            "starts with GlobalEventID)")
EVIDENCE_CHARS = 160


@dataclass
class Row:
    date: str
    source: str
    event: str
    target: str
    evidence: str


@dataclass
class ArticleSummary:
    id: str
    published: str | None
    rows: list[Row] = field(default_factory=list)
    quotes: int | None = None  # None: the format carries no quotes
    speakers: list[str] = field(default_factory=list)


class BadLine(InputError):
    """A line that does not fit the file's format: reported, skipped, and the run exits 1."""


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of the non-blank lines, decoded one at a time."""
    try:
        fh = open(path, "rb")
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except OSError as error:
        raise InputError(str(path), f"cannot read file: {error.strerror or error}") from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(str(path), "not valid UTF-8 (is it a pactwatch output file?)", line=number) from None
            if text.strip():
                yield number, text.rstrip("\r\n")


def _json(path: Path, number: int, text: str) -> dict[str, Any]:
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadLine(str(path), f"malformed JSON: {error.msg} (column {error.colno})", line=number) from None
    if not isinstance(record, dict):
        raise BadLine(str(path), f"expected a JSON object, got {type(record).__name__}", line=number)
    return record


def _flags(event: str, negated: bool, hypothetical: bool) -> str:
    return event + (" (negated)" if negated else "") + (" (hypothetical)" if hypothetical else "")


# --- the three formats: each turns its records into ArticleSummary objects ---------------------------

def _text(path: Path, number: int, record: Any, name: str, where: str, required: bool = True) -> str:
    """A string field, or '' for an optional one that is null; BadLine names the field otherwise."""
    value = record.get(name) if isinstance(record, dict) else None
    if isinstance(value, str) or (value is None and not required and isinstance(record, dict)):
        return value or ""
    found = "missing" if isinstance(record, dict) and name not in record else f"a {type(value).__name__}"
    raise BadLine(str(path), f"{where}field {name!r} must be a string, found {found}", line=number)


def _native(path: Path, number: int, record: dict[str, Any]) -> ArticleSummary:
    events, quotes = record.get("events"), record.get("quotes") or []
    if not isinstance(events, list) or not isinstance(quotes, list):
        raise BadLine(str(path), "fields 'events' and 'quotes' must be lists", line=number)
    article = ArticleSummary(_text(path, number, record, "id", ""), record.get("published"), quotes=len(quotes),
                             speakers=sorted({str(q.get("speaker") or "?") for q in quotes if isinstance(q, dict)}))
    for index, event in enumerate(events):
        where = f"event {index}: "
        field = lambda name, required=True: _text(path, number, event, name, where, required)  # noqa: E731
        article.rows.append(Row(field("date", False), field("source"),
                                _flags(field("type"), event.get("negated"), event.get("hypothetical")),
                                field("target", False), field("evidence", False)[:EVIDENCE_CHARS]))
    return article


def _plover_date(record: dict[str, Any]) -> str:
    """The date as pactwatch writes it natively: PLOVER's first day cut back to its precision."""
    date = PartialDate.parse_or_none(record.get("date"))
    if date is None:
        return ""
    precision = record.get("date_precision")
    return str(date)[:{"year": 4, "month": 7}.get(precision, 10)]


def _plover(path: Path, number: int, record: dict[str, Any]) -> tuple[str, str | None, Row]:
    try:
        article = (record.get("cite_info") or {}).get("article_id") or str(record["id"]).rsplit("-", 1)[0]
        modes = record.get("mode") or []
        code = lambda entities: ", ".join(str(e["code"]) for e in entities or [])  # noqa: E731
        row = Row(_plover_date(record), code(record["actor"]),
                  _flags(" ".join(map(str, record["event"])), "negation" in modes, "hypothetical" in modes),
                  code(record.get("recipient")), str(record.get("event_text") or "")[:EVIDENCE_CHARS])
    except (KeyError, TypeError, AttributeError) as error:
        missing = f"missing field {error.args[0]!r}" if isinstance(error, KeyError) else "a field has the wrong type"
        raise BadLine(str(path), f"not a PLOVER record: {missing}", line=number) from None
    return str(article), (record.get("text_info") or {}).get("published"), row


def _cameo(path: Path, number: int, header: list[str], text: str) -> tuple[str, str | None, Row]:
    cells = text.split("\t")
    if len(cells) != len(header):
        raise BadLine(str(path), f"expected {len(header)} tab-separated columns, found {len(cells)}", line=number)
    row = dict(zip(header, cells))
    day, month, year = row.get("Day", ""), row.get("MonthYear", ""), row.get("Year", "")
    date = (f"{day[:4]}-{day[4:6]}-{day[6:]}" if day else f"{month[:4]}-{month[4:]}" if month else year)
    added = row.get("DATEADDED", "")
    published = f"{added[:4]}-{added[4:6]}-{added[6:8]}" if len(added) >= 8 else None
    return row["ArticleID"], published, Row(
        date, row.get("Actor1Code", ""),
        _flags(row.get("PloverType") or row.get("EventCode", ""), row.get("Negated") == "1", row.get("Hypothetical") == "1"),
        row.get("Actor2Code", ""), row.get("Evidence", "")[:EVIDENCE_CHARS])


def read_summaries(path: Path, problems: list[InputError]) -> Iterator[ArticleSummary]:
    """The file's articles in order, whatever its format; bad lines go to ``problems``."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        return
    number, text = first
    if text.split("\t", 1)[0] == CAMEO_COLUMNS[0]:
        header = text.split("\t")
        if "ArticleID" not in header:
            raise InputError(str(path), f"a CAMEO table without an ArticleID column; {EXPECTED}", line=number)
        yield from _grouped(lines, problems, lambda n, t: _cameo(path, n, header, t))
        return
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        raise InputError(str(path), f"neither JSON nor a CAMEO table; {EXPECTED}", line=number) from None
    if not isinstance(record, dict):
        raise InputError(str(path), f"a JSON {type(record).__name__}, not an object; {EXPECTED}", line=number)
    if "events" in record and "id" in record:
        yield _first(path, number, lambda: _native(path, number, record))
        for number, text in lines:
            try:
                yield _native(path, number, _json(path, number, text))
            except BadLine as problem:
                problems.append(problem)
        return
    if "event" in record and "actor" in record:
        _first(path, number, lambda: _plover(path, number, record))
        yield from _grouped(chain([(number, text)], lines), problems,
                            lambda n, t: _plover(path, n, _json(path, n, t)))
        return
    raise InputError(str(path), f"a JSON object with fields {', '.join(sorted(record)[:8])}; {EXPECTED}", line=number)


def _first(path: Path, number: int, parse):
    """The first record decides the format: if it does not fit, the file is not what summary reads (exit 2)."""
    try:
        return parse()
    except BadLine as problem:
        raise InputError(str(path), f"{problem.message}; {EXPECTED}", line=number) from None


def _grouped(lines, problems: list[InputError], parse) -> Iterator[ArticleSummary]:
    """One summary per run of consecutive event lines of the same article (as extract writes them)."""
    current: ArticleSummary | None = None
    for number, text in lines:
        try:
            article, published, row = parse(number, text)
        except BadLine as problem:
            problems.append(problem)
            continue
        if current is None or current.id != article:
            if current is not None:
                yield current
            current = ArticleSummary(article, published)
        current.rows.append(row)
    if current is not None:
        yield current


@app.command()
def summary(
    results: Annotated[Path, typer.Argument(help="pactwatch extract output: JSONL, PLOVER (--format plover) or CAMEO TSV (--format cameo).")],
) -> None:
    """Show extracted events per article as a table: date, source, type, target and evidence.

    Reads any pactwatch extract output (the format is recognised from the first line). Bad lines
    are reported with file and line and skipped; the exit status is then 1.
    """
    console = Console()
    problems: list[InputError] = []
    reported = 0
    for article in read_summaries(results, problems):
        for problem in problems[reported:]:
            err.print(f"pactwatch: {problem}", markup=False)
        reported = len(problems)
        _print(console, article)
    for problem in problems[reported:]:
        err.print(f"pactwatch: {problem}", markup=False)
    if problems:
        err.print(f"pactwatch: {len(problems)} bad line{'s' if len(problems) > 1 else ''} skipped", markup=False)
        raise typer.Exit(1)


def _print(console: Console, article: ArticleSummary) -> None:
    table = Table(title=f"{article.id}  ({article.published or 'no date'})", title_justify="left",
                  show_lines=False, expand=True)
    for column, style in (("date", "cyan"), ("source", "bold"), ("event", "magenta"), ("target", "bold"),
                          ("evidence", "")):
        table.add_column(column, style=style, overflow="fold", ratio=6 if column == "evidence" else None)
    for row in article.rows:
        # Text, not str: evidence such as "[sic]" is the article's words, not rich markup
        table.add_row(*(Text(cell) for cell in (row.date, row.source, row.event, row.target, row.evidence)))
    console.print(table)
    if article.quotes is not None:
        console.print(Text(f"  {article.quotes} quotes; speakers: " + ", ".join(article.speakers) + "\n"))
