"""``pactwatch watch`` and ``pactwatch sources add|list|remove``: keep the store current from the news."""
from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import printable
from .app import app
from .common import AsJson, echo_json, err, report

SourcesFile = Annotated[Path, typer.Option("--sources", "-s", help="The sources file (YAML).")]
DEFAULT_SOURCES = Path("sources.yaml")

sources_app = typer.Typer(help="Edit the sources file that pactwatch watch polls.", no_args_is_help=True,
                          rich_markup_mode=None)
app.add_typer(sources_app, name="sources")


@app.command()
def watch(
    db: Annotated[Path, typer.Option(help="The DuckDB file (created if missing).")] = Path("pactwatch.duckdb"),
    sources: SourcesFile = DEFAULT_SOURCES,
    once: Annotated[bool, typer.Option("--once", help="Poll every source one time and exit (for cron and tests).")] = False,
    state: Annotated[Optional[Path], typer.Option(help="The watch state file (default: DB.watch.json beside the store).")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction.")] = 16,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds to wait for a server before giving up on a request.")] = 20.0,
    max_bytes: Annotated[int, typer.Option(min=1024, help="Largest feed or page read, in bytes.")] = 5_000_000,
    delay: Annotated[float, typer.Option(min=0, help="Seconds between two requests to one host (more if its robots.txt asks).")] = 1.0,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for readers to let go of the store before each batch.")] = 120.0,
    near_duplicates: Annotated[Optional[float], typer.Option(
        "--near-duplicates", min=0.01, max=1.0, metavar="SIMILARITY",
        help="Skip a fetched article whose text is at least this similar (Jaccard of word 5-shingles, "
             "estimated by MinHash; e.g. 0.9) to one stored. Off by default: only identical texts are skipped.")] = None,
    alert: Annotated[Optional[list[str]], typer.Option(
        "--alert", metavar="WATCH",
        help="Follow a dyad (ARM-CSTO: either direction), an actor (RUS) or an alliance (NATO: also its members' "
             "events, by membership on the event's date); repeatable. Matching new events are printed.")] = None,
    alert_file: Annotated[Optional[Path], typer.Option(
        help="Append each alert to this JSONL file, one whole line each (for tail -f and other tools).")] = None,
) -> None:
    """Poll the sources in the sources file, each at its own interval, and store new articles.

    Feeds are asked with ETag and Last-Modified (an unchanged feed costs a 304); article pages are
    fetched politely (robots.txt, a delay per host, a size limit) and coded and stored as by
    `pactwatch ingest`. A source that fails is reported and retried with back-off. SIGTERM or
    Ctrl-C finishes the batch in hand and exits; a watcher killed outright and restarted loses and
    doubles nothing. One line per poll on stderr. Exit status with --once: 1 if a source failed.

    \b
    Example:
      pactwatch watch --db pactwatch.duckdb --alert ARM-CSTO --alert NATO --alert-file alerts.jsonl
    """
    from ..watch import Fetcher, Watcher, load_sources

    if alert_file is not None and not alert:
        raise typer.BadParameter("an alert file needs at least one --alert WATCH", param_hint="--alert-file")
    listed = load_sources(sources)
    if not listed:
        raise typer.BadParameter(f"no sources in {sources}; add one with: pactwatch sources add URL",
                                 param_hint="--sources")
    stop = threading.Event()

    def stopping(signum, frame) -> None:
        if stop.is_set():  # asked twice: go now (the state and store are consistent at any moment)
            raise KeyboardInterrupt
        stop.set()
        err.print("pactwatch: stopping after the batch in hand", markup=False)

    previous = {sig: signal.signal(sig, stopping) for sig in (signal.SIGTERM, signal.SIGINT)}
    fetcher = Fetcher(timeout=timeout, max_bytes=max_bytes, host_delay=delay)
    closing: list = []
    try:
        watcher = Watcher(listed, db, state_path=state, fetcher=fetcher, batch_size=batch_size, log=report,
                          stop=stop, wait=wait, sources_path=sources, near_duplicates=near_duplicates,
                          alerts=alert or [], alert_file=alert_file)
        closing.append(watcher)
        if once:
            summaries = watcher.poll_all()
            added = sum(s.added for s in summaries)
            failed = sum(1 for s in summaries if s.error)
            report(f"{len(summaries)} sources polled, {added} articles added"
                   + (f", {failed} sources failed" if failed else "") + f" -> {printable(str(db))}")
            if failed:
                raise typer.Exit(1)
        else:
            report(f"watching {len(listed)} sources -> {printable(str(db))} (SIGTERM or Ctrl-C to stop)")
            watcher.run()
    except KeyboardInterrupt:
        err.print("pactwatch: interrupted; every batch stored so far is kept, and a restart resumes", markup=False)
        raise typer.Exit(130) from None
    finally:
        fetcher.close()
        for watcher in closing:
            watcher.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@sources_app.command("add")
def sources_add(
    location: Annotated[str, typer.Argument(metavar="URL_OR_FOLDER", help="A feed, sitemap or listing page URL, or a folder path.")],
    sources: SourcesFile = DEFAULT_SOURCES,
    name: Annotated[Optional[str], typer.Option(help="A short name (default: from the host or folder).")] = None,
    kind: Annotated[Optional[str], typer.Option(help="feed, sitemap, listing or folder (default: guessed; a listing "
                                                     "is an HTML page of article links).")] = None,
    interval: Annotated[Optional[str], typer.Option(help="How often to poll: 900, 30s, 15m, 2h, 1d (default 15m).")] = None,
    match: Annotated[Optional[str], typer.Option(help="Listing pages: a regular expression the article links' "
                                                      "paths match.")] = None,
) -> None:
    """Add a source to the sources file (created if missing)."""
    from ..watch import add_source

    source = add_source(sources, location, name=name, kind=kind, interval=interval, match=match)
    report(f"added {source.name} ({source.kind}, every {source.to_dict()['interval']}): {source.location}")


@sources_app.command("list")
def sources_list(sources: SourcesFile = DEFAULT_SOURCES, as_json: AsJson = False) -> None:
    """List the sources in the sources file."""
    from ..watch import load_sources

    listed = load_sources(sources)
    if as_json:
        echo_json([s.to_dict() for s in listed])
        return
    width = max((len(s.name) for s in listed), default=0)
    for source in listed:
        typer.echo("  ".join(printable(str(part)) for part in (source.name.ljust(width), source.kind.ljust(7),
                                                               str(source.to_dict()["interval"]).ljust(5),
                                                               source.location)))


@sources_app.command("remove")
def sources_remove(
    which: Annotated[str, typer.Argument(metavar="NAME", help="The source's name (or its URL or path).")],
    sources: SourcesFile = DEFAULT_SOURCES,
) -> None:
    """Remove a source from the sources file."""
    from ..watch import remove_source

    source = remove_source(sources, which)
    report(f"removed {source.name}: {source.location}")
