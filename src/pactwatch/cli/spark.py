"""``pactwatch spark-extract``: the extraction of ``pactwatch extract`` on Spark, Parquet out.

pyspark is imported inside the command only, so the CLI starts as fast without it."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import InputError, printable
from .app import app
from .common import err, report

ERRORS_SHOWN = 20


@app.command("spark-extract")
def spark_extract(
    inputs: Annotated[list[str], typer.Argument(
        metavar="INPUT",
        help="JSONL files (one article a line: id, text or html, optional published, url, title, outlet), "
             "Parquet files with those columns, or folders of either.")],
    out: Annotated[str, typer.Option("--out", "-o", metavar="DIR", help="Output folder of Parquet files (or an hdfs:// or s3a:// URL), "
                                      "partitioned by publication month (month=YYYY-MM, month=undated).")],
    master: Annotated[Optional[str], typer.Option(help="Spark master: local[N] on this machine, or a cluster's URL. "
                                                 "Default: local[2], or spark-submit's --master under spark-submit.")] = None,
    published: Annotated[Optional[str], typer.Option(metavar="DATE", help="Publication date YYYY-MM-DD for inputs that carry none.")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per Arrow batch and spaCy batch (what one worker holds at once).")] = 32,
    partitions: Annotated[Optional[int], typer.Option(min=1, help="Repartition the input into N tasks (default: as read).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace DIR if it exists (only once the new output is complete).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary.")] = False,
) -> None:
    """Extract events and quotes on Spark: the same results as `pactwatch extract`, as Parquet.

    One row per input record with the columns of extract's JSONL (events, quotes and actors as arrays
    of structs) and `error`, `source`, `line`: a record that cannot be read or coded is a row with
    its reason, and the run goes on. `pactwatch ingest DIR` stores the output without parsing again.
    Needs pyspark (the 'spark' extra) and Java 17. The exit status is 1 if any record failed.

    Examples:

      pactwatch spark-extract feed.jsonl --out results/

      pactwatch spark-extract articles.parquet --out results/ --master local[2] --overwrite
    """
    from ..readers import normalise_date
    from ..spark.job import default_master, run

    if published is not None and normalise_date(published) is None:
        raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    try:
        summary = run(inputs, out, master=master or default_master(), batch_size=batch_size, published=published, overwrite=overwrite,
                      partitions=partitions, errors_shown=ERRORS_SHOWN)
    except KeyboardInterrupt:
        err.print("pactwatch: interrupted; no partial output was kept", markup=False)
        raise typer.Exit(130) from None
    for message in summary.errors:
        report(f"pactwatch: {message}")
    if summary.failed > len(summary.errors):
        report(f"pactwatch: ... and {summary.failed - len(summary.errors)} more (rows with an 'error' in {printable(str(out))})")
    if summary.undated and published is None:
        from .extract import undated_summary

        report(undated_summary(summary.undated, summary.undated_shown))
    if not quiet:
        report(f"{summary.articles} articles, {summary.events} events, {summary.quotes} quotes"
               + (f"; {summary.failed} inputs failed" if summary.failed else "")
               + f" -> {printable(str(out))} ({len(summary.months)} months)")
    sys.stdout.flush()
    if summary.failed:
        raise typer.Exit(1)
