"""``pactwatch ingest``, ``export`` and ``serve``: the embedded store and its HTTP API."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError, printable
from .app import app
from .common import KbDirs, Workers, err, progress_bar, workers_count


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", help="Files, directories or - (as for extract), or the JSONL output of pactwatch extract.")],
    db: Annotated[Path, typer.Option(help="The DuckDB file (created if missing).")] = Path("pactwatch.duckdb"),
    published: Annotated[Optional[str], typer.Option(help="Publication date for inputs that carry none.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Most articles per transaction; one is also committed "
                                                        "15 s after its first article was coded. What a killed run "
                                                        "extracts again; larger is faster on a big store.")] = 256,
    workers: Workers = 1,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for readers (a server, an export) "
                                                     "to let go of the store before each batch.")] = 120.0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Extract articles and store them, with their events, quotes and actors, in an embedded DuckDB file.

    Lines of `pactwatch extract` output are stored as they are, without parsing again (extract on
    other machines or with --workers, ingest here). Re-ingesting an article already stored (same
    content) adds nothing and does not parse it, nor load the model; an interrupted run resumes
    where it stopped. A server may serve the same file meanwhile: it shows
    each batch as it lands. The exit status is 1 if any input failed, 2 if the store could not be
    written (busy, disk full; every batch written before is kept).
    """
    from ..ingest import IngestAborted, ingest as ingest_inputs
    from ..readers import normalise_date

    if published is not None and normalise_date(published) is None:
        raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    processes = workers_count(workers)
    show = not quiet and sys.stderr.isatty()
    aborted: IngestAborted | None = None
    try:
        with progress_bar(show) as progress:
            task = progress.add_task("ingesting", total=None) if progress else None

            def advance(summary) -> None:
                if progress is not None:
                    progress.update(task, completed=summary.added + summary.skipped,
                                    description=f"ingesting ({summary.added} added, {summary.skipped} already stored)")

            summary = ingest_inputs(inputs, db=db, published=published, batch_size=batch_size, on_progress=advance,
                                    wait=wait, workers=processes)
    except IngestAborted as error:
        aborted, summary = error, error.summary
    except KeyboardInterrupt:
        err.print("pactwatch: interrupted; every batch written so far is kept, and a rerun resumes", markup=False)
        raise typer.Exit(130) from None
    for message in summary.errors:
        err.print(f"pactwatch: {printable(message)}", markup=False)
    # after a failure, what was stored before it (if anything) is worth a line even with --quiet
    if not quiet and not aborted or aborted and (summary.added or summary.skipped):
        err.print(f"{summary.added} articles added ({summary.events} events), {summary.skipped} already stored"
                  + (f", {summary.failed} inputs failed" if summary.failed else "") + f" -> {printable(str(db))}",
                  markup=False)
    if aborted:
        err.print(f"pactwatch: error: {aborted}", markup=False)
        raise typer.Exit(2)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Directory to write the tables into.")],
    db: Annotated[Path, typer.Option(help="The DuckDB file.")] = Path("pactwatch.duckdb"),
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet or csv.")] = "parquet",
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for a batch being written.")] = 30.0,
) -> None:
    """Export the store's tables (articles, events, quotes, article_actors) as Parquet or CSV files.

    Events carry score (0 for a negated or hypothetical event, as in the API) and plover_score, and
    their partial date as date (YYYY, YYYY-MM or YYYY-MM-DD) with date_start and date_end.
    """
    from ..store import FORMATS, reader

    if fmt not in FORMATS:
        raise InputError("--format", f"must be parquet or csv, not {fmt!r}")
    with reader(db, timeout=wait) as store:
        for path in store.export(out, fmt):
            typer.echo(str(path))


@app.command()
def serve(
    db: Annotated[Path, typer.Option(help="The DuckDB file.")] = Path("pactwatch.duckdb"),
    host: Annotated[str, typer.Option(help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    api_key: Annotated[Optional[str], typer.Option(envvar="PACTWATCH_API_KEY",
                                                    help="Enables POST /api/articles for requests carrying this key.")] = None,
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the dashboard in a browser.")] = False,
    kb_dirs: KbDirs = None,
    allowed_host: Annotated[Optional[list[str]], typer.Option(
        "--allowed-host", help="Also answer requests addressed to this host name (repeatable; a reverse proxy's "
                               "public name; * for any). Loopback names and --host are always allowed.")] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json) and the dashboard at http://HOST:PORT/.

    Runs beside `pactwatch ingest` on the same store: new rows show without a restart."""
    from ..api import serve_command

    if not db.is_file():
        raise InputError(str(db), "no such store; create it with: pactwatch ingest ARTICLES/")
    serve_command(db, host, port, api_key, open_browser, kb_dirs=kb_dirs or (), extra_hosts=allowed_host or ())
