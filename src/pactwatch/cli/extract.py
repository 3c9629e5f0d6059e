"""``pactwatch extract``: articles in, coded events and quotes out."""
from __future__ import annotations

import sys
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError, InputWarning, printable
from .app import app
from .common import Excludes, Globs, Workers, err, file_selection, progress_bar, report, workers_count

UNDATED_SHOWN = 5  # articles named in the warning about relative dates without a publication date


class OutputFormat(str, Enum):
    jsonl = "jsonl"
    plover = "plover"
    cameo = "cameo"


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(
        metavar="INPUT",
        help="Files or directories (searched recursively): .txt/.md (id = file name), .html/.htm, "
             ".jsonl/.ndjson (one article a line: id, text or html, optional published, url, title, "
             "outlet), or - for JSONL on standard input.")],
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Output file (written atomically). Default: standard output.")] = None,
    published: Annotated[Optional[str], typer.Option(metavar="DATE", help="Publication date YYYY-MM-DD for inputs that carry none; relative dates ('last week') resolve against it.")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="jsonl: one article a line with events, quotes, actors; plover: PLOVER event records; cameo: GDELT-style TSV with CAMEO codes.")] = OutputFormat.jsonl,
    globs: Globs = None,
    excludes: Excludes = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per spaCy batch.")] = 32,
    workers: Workers = 1,
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

      pactwatch extract notes/ --glob '2024-*.md' --exclude drafts

      cat feed.jsonl | pactwatch extract - --published 2024-03-15

      pactwatch extract corpus/ --workers 2 --out events.jsonl
    """
    from ..output import ResultWriter, atomic_output
    from ..pipeline import Extractor, extract as run_extract
    from ..readers import count_articles, normalise_date

    if published is not None and normalise_date(published) is None:
        raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    selection = file_selection(globs, excludes, out)
    extractor = Extractor(batch_size=batch_size, workers=workers_count(workers))
    counts: Counter[str] = Counter()
    undated: list[InputWarning] = []
    show_progress = not quiet and out is not None and sys.stderr.isatty()

    def warn(warning: InputWarning) -> None:
        counts["undated"] += 1
        if len(undated) < UNDATED_SHOWN:
            undated.append(warning)

    try:
        with atomic_output(out) as fh, progress_bar(show_progress) as progress:
            # the total: files and JSONL lines counted up front (unknown for standard input)
            task = progress.add_task("extracting", total=count_articles(inputs, selection)) if progress else None
            writer = ResultWriter(fh, fmt.value)
            for item in run_extract(inputs, published=published, extractor=extractor, selection=selection,
                                    on_warning=None if published else warn):
                if progress is not None:
                    progress.advance(task)
                if isinstance(item, InputError):
                    counts["failed"] += 1
                    report(f"pactwatch: {item}")
                    continue
                writer.write(item.to_dict())
                counts["articles"] += 1
                counts["events"] += len(item.events)
                counts["quotes"] += len(item.quotes)
            writer.finish()
    except KeyboardInterrupt:
        # typer would turn this into a silent exit; say what happened to the output
        err.print("pactwatch: interrupted; no partial output was kept", markup=False)
        raise typer.Exit(130) from None
    if counts["undated"]:
        report(undated_summary(counts["undated"], undated))
    if not quiet:
        report(f"{counts['articles']} articles, {counts['events']} events, {counts['quotes']} quotes"
               + (f"; {counts['failed']} inputs failed" if counts["failed"] else "")
               + (f" -> {printable(str(out))}" if out else ""))
    if counts["failed"]:
        raise typer.Exit(1)


def undated_summary(total: int, shown: list[InputWarning]) -> str:
    """One line for every article whose relative dates stayed null, naming the first few.

    One line rather than one per article: a feed without dates would otherwise bury the errors."""
    names = ", ".join(f"{w.where} ({', '.join(map(repr, w.examples))})" for w in shown)
    more = f" and {total - len(shown)} more" if total > len(shown) else ""
    articles = "1 article has" if total == 1 else f"{total} articles have"
    return (f"warning: {articles} relative dates but no publication date, so those dates are null "
            f"(give --published or a 'published' field): {printable(names)}{more}")
