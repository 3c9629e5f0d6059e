"""The ``pactwatch`` command: a thin layer over the Python API.

    pactwatch extract articles/ --out events.jsonl
    pactwatch eval gold.jsonl events.jsonl
"""
from __future__ import annotations

import json
import signal
import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import InputError, PactwatchError

app = typer.Typer(
    name="pactwatch",
    help="Read news articles and code the political events and quotations they report.\n\n"
         "Start with:  pactwatch extract ARTICLES/ --out events.jsonl",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
# soft_wrap: a report line stays one line however long its path, whatever the terminal width
err = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    plover = "plover"
    cameo = "cameo"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pactwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Show the version and exit.")] = None,
) -> None:
    """pactwatch: collective-security commitments, kept current from the news."""


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(
        metavar="INPUT...",
        help="Files or directories (searched recursively): .txt/.md (id = file name), .html/.htm, "
             ".jsonl/.ndjson (one article a line: id, text or html, optional published, url, title, "
             "outlet), or - for JSONL on standard input.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (written atomically). Default: standard output.")] = None,
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD for inputs that carry none; relative dates ('last week') resolve against it.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl: one article a line with events, quotes, actors; plover: PLOVER event records; cameo: GDELT-style TSV with CAMEO codes.")] = OutputFormat.jsonl,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per spaCy batch.")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Extract events and quotes from news articles.

    Each article gives one JSONL line: {id, url, title, outlet, published, text_clean, events,
    quotes, actors}. Events carry PLOVER types, actor keys (ISO 3166-1 alpha-3 for states,
    acronyms for organisations), a resolved date and the evidence sentence with its offsets.

    Bad inputs are reported (file and line) and skipped; the exit status is 1 if any input failed.

    Examples:

      pactwatch extract articles/ --out events.jsonl

      pactwatch extract feed.jsonl --format cameo --out events.tsv

      cat feed.jsonl | pactwatch extract - --published 2024-03-15
    """
    from .output import ResultWriter, atomic_output
    from .pipeline import Extractor, extract as run_extract
    from .readers import normalise_date

    if published is not None and normalise_date(published) is None:
        raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    extractor = Extractor(batch_size=batch_size)
    counts: Counter[str] = Counter()
    show_progress = not quiet and out is not None and sys.stderr.isatty()
    try:
        with atomic_output(out) as fh, _progress(show_progress) as progress:
            task = progress.add_task("extracting", total=None) if progress else None
            writer = ResultWriter(fh, fmt.value)
            for item in run_extract(inputs, published=published, extractor=extractor):
                if isinstance(item, InputError):
                    counts["failed"] += 1
                    err.print(f"pactwatch: {item}", markup=False)
                    continue
                writer.write(item.to_dict())
                counts["articles"] += 1
                counts["events"] += len(item.events)
                counts["quotes"] += len(item.quotes)
                if progress is not None:
                    progress.advance(task)
            writer.finish()
    except KeyboardInterrupt:
        # typer would turn this into a silent exit; say what happened to the output
        err.print("pactwatch: interrupted; no partial output was kept", markup=False)
        raise typer.Exit(130) from None
    if not quiet:
        err.print(f"{counts['articles']} articles, {counts['events']} events, {counts['quotes']} quotes"
                  + (f"; {counts['failed']} inputs failed" if counts["failed"] else "")
                  + (f" -> {out}" if out else ""), markup=False)
    if counts["failed"]:
        raise typer.Exit(1)


class _NoProgress:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def _progress(enabled: bool):
    if not enabled:
        return _NoProgress()
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True)


@app.command("eval")
def evaluate_command(
    gold: Annotated[Path, typer.Argument(help="Gold annotations (JSONL, as shared/fixtures/seeds/gold.jsonl).")],
    pred: Annotated[Path, typer.Argument(help="pactwatch extract output (JSONL).")],
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List missed and extra events per article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
) -> None:
    """Score extraction output against gold annotations: precision, recall and F1.

    Events match when source, target and type are among the gold's accepted values (one-to-one,
    maximum matching); "strict" also requires equal negated and hypothetical. Quotes match at word
    Jaccard >= 0.7. Boilerplate is scored on text_clean.
    """
    from .evaluate import format_report, score_files

    report = score_files(gold, pred)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_report(report, verbose=verbose))


@app.command()
def summary(
    results: Annotated[Path, typer.Argument(help="pactwatch extract output (JSONL).")],
) -> None:
    """Show extracted events per article as a table: date, source, type, target and evidence."""
    from .evaluate import read_jsonl

    console = Console()
    for article in read_jsonl(results):
        table = Table(title=f"{article['id']}  ({article.get('published') or 'no date'})", title_justify="left",
                      show_lines=False, expand=True)
        for column, style in (("date", "cyan"), ("source", "bold"), ("event", "magenta"), ("target", "bold"),
                              ("evidence", "")):
            table.add_column(column, style=style, overflow="fold", ratio=6 if column == "evidence" else None)
        for event in article["events"]:
            flags = "".join(f" ({f})" for f in ("negated", "hypothetical") if event.get(f))
            table.add_row(event.get("date") or "", event["source"], event["type"] + flags,
                          event.get("target") or "", event["evidence"][:160])
        console.print(table)
        console.print(f"  {len(article['quotes'])} quotes; speakers: "
                      + ", ".join(sorted({q['speaker'] or '?' for q in article['quotes']})) + "\n")


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM unwinds like Ctrl-C, so temporary output files are removed


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", help="Files, directories or - (as for extract).")],
    db: Annotated[Path, typer.Option(help="The DuckDB file (created if missing).")] = Path("pactwatch.duckdb"),
    published: Annotated[Optional[str], typer.Option(help="Publication date for inputs that carry none.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 32,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Extract articles and store them, with their events, quotes and actors, in an embedded DuckDB file.

    Re-ingesting an article already stored (same content) adds nothing; an interrupted run resumes
    where it stopped. The exit status is 1 if any input failed.
    """
    from .readers import normalise_date
    from .store import Store

    if published is not None and normalise_date(published) is None:
        raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    show = not quiet and sys.stderr.isatty()
    try:
        with Store(db) as store, _progress(show) as progress:
            task = progress.add_task("ingesting", total=None) if progress else None

            def advance(summary) -> None:
                if progress is not None:
                    progress.update(task, completed=summary.added + summary.skipped,
                                    description=f"ingesting ({summary.added} added, {summary.skipped} already stored)")

            summary = store.ingest(inputs, published=published, batch_size=batch_size, on_progress=advance)
    except KeyboardInterrupt:
        err.print("pactwatch: interrupted; every batch written so far is kept, and a rerun resumes", markup=False)
        raise typer.Exit(130) from None
    for message in summary.errors:
        err.print(f"pactwatch: {message}", markup=False)
    if not quiet:
        err.print(f"{summary.added} articles added ({summary.events} events), {summary.skipped} already stored"
                  + (f", {summary.failed} inputs failed" if summary.failed else "") + f" -> {db}", markup=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Directory to write the tables into.")],
    db: Annotated[Path, typer.Option(help="The DuckDB file.")] = Path("pactwatch.duckdb"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet or csv.")] = "parquet",
) -> None:
    """Export the store's tables (articles, events, quotes, article_actors) as Parquet or CSV files."""
    from .store import Store

    if fmt not in {"parquet", "csv"}:
        raise InputError("--format", f"must be parquet or csv, not {fmt!r}")
    if not db.is_file():
        raise InputError(str(db), "no such store; create it with: pactwatch ingest ARTICLES/")
    with Store(db, read_only=True) as store:
        for path in store.export(out, fmt):
            typer.echo(str(path))


@app.command()
def serve(
    db: Annotated[Path, typer.Option(help="The DuckDB file.")] = Path("pactwatch.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    api_key: Annotated[Optional[str], typer.Option(envvar="PACTWATCH_API_KEY",
                                                    help="Enables POST /api/articles for requests carrying this key.")] = None,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the dashboard in a browser.")] = False,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json) and the dashboard at http://HOST:PORT/."""
    from .server import serve_command

    if not db.is_file():
        raise InputError(str(db), "no such store; create it with: pactwatch ingest ARTICLES/")
    serve_command(db, host, port, api_key, open_browser)


kb_app = typer.Typer(help="The commitments knowledge base: alliances, members, zones, requests.\n\n"
                          "  pactwatch kb show CSTO\n  pactwatch kb status ARM CSTO --on 2024-06-01",
                     no_args_is_help=True, rich_markup_mode=None)
app.add_typer(kb_app, name="kb")
KbDirs = Annotated[Optional[list[Path]], typer.Option("--kb", help="Extra knowledge-base directory (repeatable); "
                                                                  "PACTWATCH_KB also adds directories.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


def _load_kb(dirs: Optional[list[Path]]):
    from .kb import load

    return load(dirs or [])


def _treaty(base, ref: str):
    treaty = base.treaty(ref)
    if treaty is None:
        raise InputError(ref, f"no treaty or alliance by that name; known: {', '.join(sorted(base.treaties)[:25])}")
    return treaty


def _date_option(value: str, name: str) -> str:
    from .readers import normalise_date

    date = normalise_date(value)
    if date is None:
        raise InputError(name, f"not a date: {value!r} (expected YYYY-MM-DD)")
    return date


def _echo_json(data) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


@kb_app.command("show")
def kb_show(
    alliance: Annotated[str, typer.Argument(help="Treaty id (csto, nato, eu_42_7, us_japan, ...) or organisation key (CSTO).")],
    on: Annotated[Optional[str], typer.Option(help="Members as of this date (default: today).")] = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Show a treaty: its obligations, scope, and members with their status over time."""
    import datetime as dt
    from dataclasses import asdict

    base = _load_kb(kb_dirs)
    treaty = _treaty(base, alliance)
    date = _date_option(on, "--on") if on else dt.date.today().isoformat()
    members = sorted({m.member for m in base.memberships if m.treaty == treaty.id})
    history = {member: [asdict(m) for layer in ("legal", "participation")
                        for m in base.intervals(treaty.id, member, layer)] for member in members}
    if as_json:
        _echo_json({"treaty": asdict(treaty), "members_on": {"date": date, "members": base.members_on(treaty.id, date)},
                    "history": history})
        return
    console = Console()
    console.print(f"[bold]{treaty.name}[/bold] ({treaty.id}; organisation {treaty.organisation or '-'}; "
                  f"signed {treaty.signed or '?'}; in force {treaty.in_force or '?'})")
    console.print(f"scope: {treaty.scope.kind} {', '.join(treaty.scope.regions)} {treaty.scope.paraphrase}".rstrip())
    for o in treaty.obligations:
        conditions = [c for c, v in (("location-specific", o.location_specific), ("request required", o.request_required),
                                     ("adversary-specific", o.adversary_specific)) if v]
        console.print(f"  {o.article or o.id} [{o.kind}] {o.paraphrase}" + (f" ({'; '.join(conditions)})" if conditions else ""),
                      markup=False)
    table = Table(title=f"members (status on {date})", title_justify="left")
    for column in ("member", "legal", "participation", "history"):
        table.add_column(column, overflow="fold")
    for member in members:
        status = base.status_on(member, treaty.id, date)
        spans = "; ".join(f"{m['status']} {m['start']}–{m['end'] or ''}" for m in history[member])
        table.add_row(member, status["legal"].status if status["legal"] else "-",
                      status["participation"].status if status["participation"] else "-", spans)
    console.print(table)


@kb_app.command("status")
def kb_status(
    member: Annotated[str, typer.Argument(help="Actor key of the member, e.g. ARM.")],
    alliance: Annotated[str, typer.Argument(help="Treaty id or organisation key, e.g. CSTO.")],
    on: Annotated[str, typer.Option(help="The date, YYYY-MM-DD.")],
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """A member's legal and participation status in an alliance on a date, with sources."""
    from dataclasses import asdict

    base = _load_kb(kb_dirs)
    treaty = _treaty(base, alliance)
    date = _date_option(on, "--on")
    status = base.status_on(member, treaty.id, date)
    if as_json:
        _echo_json({"member": member, "treaty": treaty.id, "on": date,
                    **{layer: asdict(m) if m else None for layer, m in status.items()}})
        return
    for layer, m in status.items():
        typer.echo(f"{member} in {treaty.id} on {date}, {layer}: "
                   + (f"{m.status} since {m.start} ({m.source})" if m else "no record"))


@kb_app.command("proposals")
def kb_proposals(
    results: Annotated[list[Path], typer.Argument(help="pactwatch extract output (JSONL).")],
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Membership status changes that extracted events report (froze, suspended, left), for review."""
    from .evaluate import read_jsonl
    from .kb import propose_status_changes

    articles = [a for path in results for a in read_jsonl(path)]
    proposals = propose_status_changes(articles, _load_kb(kb_dirs))
    if as_json:
        _echo_json([p.to_dict() for p in proposals])
        return
    for p in proposals:
        typer.echo(f"{'recorded' if p.recorded else 'NEW'}\t{p.member} {p.layer} {p.status} in {p.treaty} "
                   f"on {p.date} [{p.article}] {p.evidence}")


@kb_app.command("import-atop")
def kb_import_atop(
    files: Annotated[list[Path], typer.Argument(help="ATOP member-level and alliance-level CSV files you downloaded.")],
    into: Annotated[Path, typer.Option(help="Directory to write atop_treaties.yaml and atop_memberships.yaml into; "
                                            "use it with --kb or PACTWATCH_KB.")] = Path("atop-kb"),
) -> None:
    """Import ATOP alliance data (not shipped with pactwatch) into a knowledge-base directory."""
    from .kb.atop import import_atop

    summary = import_atop(files, into)
    typer.echo(f"imported into {into}: {summary}")


@app.command()
def obligations(
    attacked: Annotated[str, typer.Option(help="Actor key of the state attacked, e.g. ARM.")],
    on: Annotated[str, typer.Option(help="Date of the attack, YYYY-MM-DD.")],
    by: Annotated[Optional[str], typer.Option(help="Actor key of the attacker, e.g. AZE.")] = None,
    where: Annotated[Optional[str], typer.Option(help="Place attacked, as in the knowledge base's places (\"Jermuk\").")] = None,
    events: Annotated[Optional[list[Path]], typer.Option(help="pactwatch extract output whose requests count too.")] = None,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Which commitments an attack engages: engaged, contested or not engaged, with the reasons.

    Example: pactwatch obligations --attacked ARM --by AZE --where Jermuk --on 2022-09-13
    """
    from .kb import Attack, check_obligations
    from .kb.ledger import build_ledger
    from .kb.model import Request

    base = _load_kb(kb_dirs)
    extra: list[Request] = []
    if events:
        from .evaluate import read_jsonl

        articles = [a for path in events for a in read_jsonl(path)]
        extra = [Request(e.requester, e.alliance or e.addressee, e.date, "reported in the news", "extracted")
                 for e in build_ledger(articles, base) if e.date]
    verdicts = check_obligations(base, Attack(attacked, by, where, _date_option(on, "--on")), extra)
    if as_json:
        _echo_json([v.to_dict() for v in verdicts])
        return
    console = Console()
    if not verdicts:
        console.print(f"{attacked} is party to no treaty in the knowledge base.")
    for v in verdicts:
        colour = {"engaged": "green", "contested": "yellow", "not engaged": "red"}[v.verdict]
        console.print(f"[bold {colour}]{v.verdict.upper()}[/]  {v.treaty_name}, {v.article} ({v.kind})")
        for step in v.steps:
            mark = {True: "✓", False: "✗", None: "?"}[step.ok]
            console.print(f"   {mark} {step.question} {step.answer}", markup=False)
        for reading in v.readings:
            console.print(f"       reading '{reading.name}': {({True: 'inside', False: 'outside', None: 'undetermined'})[reading.inside]}"
                          f" — {reading.reason}", markup=False)


@app.command()
def ledger(
    results: Annotated[list[Path], typer.Argument(help="pactwatch extract output (JSONL).")],
    alliance: Annotated[Optional[str], typer.Option(help="Only this alliance (CSTO, NATO, ...).")] = None,
    window_days: Annotated[int, typer.Option(min=1, help="How long after a request responses are looked for.")] = 730,
    kb_dirs: KbDirs = None,
    as_json: AsJson = False,
) -> None:
    """Requests for assistance between members and alliances, and what followed, with evidence."""
    from .evaluate import read_jsonl
    from .kb import build_ledger

    articles = [a for path in results for a in read_jsonl(path)]
    entries = build_ledger(articles, _load_kb(kb_dirs), alliance, window_days)
    if as_json:
        _echo_json([e.to_dict() for e in entries])
        return
    console = Console()
    for e in entries:
        console.print(f"[bold]{e.requester} → {e.alliance}[/] requested {e.date or 'undated'} ({e.date_basis}): {e.outcome}")
        for c in e.requests:
            console.print(f"   request  [{c.article}] {c.evidence}", markup=False)
        for r in e.responses:
            console.print(f"   {r.kind:<28} {r.source}→{r.target} {r.citation.date or ''} [{r.citation.article}] "
                          f"{r.citation.evidence}", markup=False)


def main() -> None:
    """Console entry point: errors the user can fix are one line on stderr, never a traceback."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    except PactwatchError as error:
        err.print(f"pactwatch: error: {error}", markup=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("pactwatch: interrupted; no partial output was kept", markup=False)
        sys.exit(130)
