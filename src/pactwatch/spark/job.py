"""Driver side of Spark extraction: a session, the input as a DataFrame of records, the coding, the Parquet.

    from pactwatch.spark import session, extract_frame
    spark = session("local[2]")
    results = extract_frame(spark.read.parquet("articles/"))      # a DataFrame of result rows

pyspark is imported here only, never at ``pactwatch`` start-up.
"""
from __future__ import annotations

import functools
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, InputWarning, PactwatchError
from .schema import ARTICLE_COLUMNS, OUTPUT_DDL, PARTITION

# Rows per Arrow batch sent to a Python worker: a batch is what one worker holds at once, so with
# articles of up to 1,000,000 characters (readers.MAX_ARTICLE_CHARS) Spark's default of 10,000 rows
# could be gigabytes. One parser batch of the Extractor (32 articles) is also one Arrow batch.
ARROW_BATCH_ROWS = 32
# ... and at most this many bytes: a batch of long-form articles (up to 1,000,000 characters each) is
# cut by size before it reaches 32 rows (Spark's default is 256 MiB per batch).
ARROW_BATCH_BYTES = 16 * 1024 * 1024
JSONL_SUFFIXES = (".jsonl", ".ndjson")
UNDATED_SHOWN = 5  # as pactwatch extract: articles named in the warning about relative dates


class SparkJobError(PactwatchError):
    """Spark could not run the job (no Java, a bad master, an unreadable input); one line, no traceback."""


def default_master() -> str | None:
    """None under ``spark-submit`` (its ``--master`` holds), else ``local[2]``."""
    return None if os.environ.get("PYSPARK_GATEWAY_PORT") else "local[2]"


def session(master: str | None = "local[2]", app_name: str = "pactwatch", arrow_batch_rows: int = ARROW_BATCH_ROWS,
            conf: dict[str, str] | None = None, log_level: str = "ERROR", progress: bool = False):
    """A SparkSession for extraction (or the active one, reconfigured for Arrow batches)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkJobError("pyspark is not installed; install the 'spark' extra: pip install 'pactwatch[spark]'") from None
    builder = SparkSession.builder
    if master is not None:
        builder = builder.master(master)
    builder = (builder.appName(app_name)
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(arrow_batch_rows))
               .config("spark.sql.execution.arrow.maxBytesPerBatch", str(ARROW_BATCH_BYTES))
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.enabled", "false")
               .config("spark.ui.showConsoleProgress", "true" if progress else "false"))
    if master is not None and master.startswith("local"):
        # local workers must import the same pactwatch as this driver (a checkout's src/, say); on a
        # cluster the executors' environment is the packed one (docs/scale.md)
        builder = builder.config("spark.executorEnv.PYTHONPATH", os.pathsep.join(p for p in sys.path if p))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as error:  # noqa: BLE001 - no Java, a master that does not answer
        raise SparkJobError(f"could not start Spark at {master or 'the spark-submit master'!r}: {_first_line(error)}"
                            + ("; is Java 17 installed (java -version)?" if "JAVA" in str(error).upper() else "")) from None
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(arrow_batch_rows))
    spark.conf.set("spark.sql.execution.arrow.maxBytesPerBatch", str(ARROW_BATCH_BYTES))
    spark.sparkContext.setLogLevel(log_level)
    return spark


def records_from_frame(frame, source: str | None = None):
    """An article DataFrame (``id``, ``text`` or ``html``, ``published``, ``url``, ``outlet``, optional
    ``title``) as records: each row as a JSON object, read in the workers as a JSONL line is."""
    from pyspark.sql import functions as F

    present = [c for c in ARTICLE_COLUMNS if c in frame.columns]
    if "id" not in present or not ({"text", "html"} & set(present)):
        raise SparkJobError(f"{source or 'the DataFrame'}: articles need an 'id' column and a 'text' or 'html' "
                            f"column; it has {', '.join(frame.columns) or 'none'}")
    origin = F.lit(source) if source else F.input_file_name()
    return frame.select(
        F.to_json(F.struct(*[F.col(c) for c in present])).alias("record"),
        F.when(origin == "", F.lit("<dataframe>")).otherwise(origin).alias("source"),
        F.lit(None).cast("bigint").alias("line"),
    )


def records_from_jsonl(spark, paths: Iterable[Path | str]):
    """JSONL files as records, each line with its file and line number (as ``pactwatch extract``
    names them); blank lines are dropped, as extract skips them.

    Line numbers without a Python pass over the file: a line's number within its input split is
    the low 33 bits of ``monotonically_increasing_id`` (the high bits are the partition), and the
    lines before the split are counted by one small JVM job per file."""
    from pyspark.sql import functions as F

    frames = []
    for path in paths:
        name = str(path)
        raw = spark.read.text(name).select(F.col("value").alias("record"), F.spark_partition_id().alias("_p"),
                                           F.monotonically_increasing_id().alias("_m"))
        counts = sorted((r["_p"], r["count"]) for r in raw.groupBy("_p").count().collect())
        if not counts:
            continue  # an empty file: no records, as for extract
        offsets, total = [], 0
        for partition, count in counts:
            offsets += [F.lit(partition), F.lit(total)]
            total += count
        within = F.col("_m") - F.shiftleft(F.col("_p").cast("bigint"), 33)
        line = F.create_map(*offsets)[F.col("_p")] + within + 1
        frames.append(raw.select("record", F.lit(name).alias("source"), line.cast("bigint").alias("line")))
    if not frames:
        return spark.createDataFrame([], "record STRING, source STRING, line BIGINT")
    frame = functools.reduce(lambda a, b: a.unionByName(b), frames)
    return frame.where(F.trim(F.col("record")) != "")


def read_records(spark, inputs: Iterable[str]):
    """The records of JSONL files, Parquet files and folders of either, as one DataFrame."""
    jsonl: list[Path] = []
    frames = []
    for raw in inputs:
        if "://" in raw:  # hdfs://, s3a://, file://: Spark reads it; a .jsonl name is JSONL, anything else Parquet
            if raw.lower().endswith(JSONL_SUFFIXES):
                frames.append(records_from_jsonl(spark, [raw]))
            else:
                try:
                    frames.append(records_from_frame(spark.read.parquet(raw)))
                except SparkJobError:
                    raise
                except Exception as error:  # noqa: BLE001
                    raise InputError(raw, f"cannot read Parquet: {_first_line(error)}") from None
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(raw, "no such file or directory")
        files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path)) if path.is_dir() else [path]
        parquet = [p for p in files if p.suffix.lower() == ".parquet"]
        lines = [p for p in files if p.suffix.lower() in JSONL_SUFFIXES]
        if not parquet and not lines:
            raise InputError(raw, "no .jsonl, .ndjson or .parquet files to read"
                             if path.is_dir() else f"unsupported file type {path.suffix or '(none)'!r}; "
                                                   "expected .jsonl, .ndjson or .parquet")
        jsonl += lines
        if parquet:
            try:
                frames.append(records_from_frame(spark.read.parquet(*map(str, parquet))))
            except SparkJobError:
                raise
            except Exception as error:  # noqa: BLE001 - not Parquet, or unreadable
                raise InputError(raw, f"cannot read Parquet: {_first_line(error)}") from None
    if jsonl:
        frames.append(records_from_jsonl(spark, jsonl))
    return functools.reduce(lambda a, b: a.unionByName(b), frames)


def extract_records(records, batch_size: int = ARROW_BATCH_ROWS, published: str | None = None):
    """Result rows (``schema.OUTPUT_DDL``) for a DataFrame of (record, source, line)."""
    from .worker import extract_batches

    return records.mapInPandas(functools.partial(extract_batches, batch_size=batch_size, published=published),
                               schema=OUTPUT_DDL)


def extract_frame(frame, batch_size: int = ARROW_BATCH_ROWS, published: str | None = None):
    """Result rows for a DataFrame of articles (``id``, ``text`` or ``html``, ``published``, ``url``, ``outlet``)."""
    return extract_records(records_from_frame(frame), batch_size, published)


@dataclass
class SparkSummary:
    articles: int = 0
    failed: int = 0
    events: int = 0
    quotes: int = 0
    months: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # the first few, as extract prints them
    undated: int = 0  # articles whose relative dates stayed null for want of a publication date
    undated_shown: list[InputWarning] = field(default_factory=list)  # the first few, as extract names them

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "undated_shown": [str(w) for w in self.undated_shown]}


def run(inputs: Iterable[str], out: str | Path, master: str | None = "local[2]", batch_size: int = ARROW_BATCH_ROWS,
        published: str | None = None, overwrite: bool = False, partitions: int | None = None,
        spark=None, errors_shown: int = 20) -> SparkSummary:
    """Read, code and write Parquet partitioned by publication month; a summary read from what was written.

    A local ``out`` is written to a hidden folder beside it and moved into place when the job has
    succeeded, so a failed run leaves no half-written output and never removes an earlier one."""
    target = str(out)
    local = "://" not in target
    out = Path(target)
    if local and out.exists() and not overwrite and (not out.is_dir() or any(out.iterdir())):
        raise InputError(target, "already exists; give --overwrite to replace it")
    if local and out.exists() and not out.is_dir():
        raise InputError(target, "is a file; the output is a folder of Parquet files")
    spark = spark or session(master, arrow_batch_rows=batch_size)
    records = read_records(spark, inputs)
    if partitions:
        records = records.repartition(partitions)
    results = extract_records(records, batch_size, published)
    staging = out.with_name(f".{out.name}.partial-{os.getpid()}") if local else None
    try:
        writer = results.write.partitionBy(PARTITION)
        if local:
            out.parent.mkdir(parents=True, exist_ok=True)
            writer.mode("overwrite").parquet(str(staging))
        else:
            writer.mode("overwrite" if overwrite else "errorifexists").parquet(target)
    except Exception as error:  # noqa: BLE001 - a Spark job failure: said in one line
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise SparkJobError(f"the Spark job failed: {_first_line(error)}") from None
    if staging is not None:
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    return summarise(spark, target, errors_shown)


def summarise(spark, out: str | Path, errors_shown: int = 20) -> SparkSummary:
    """Counts by month of what was written (one job), and the first errors (a second, only if any)."""
    from pyspark.sql import functions as F

    written = spark.read.parquet(str(out))
    by_month = written.groupBy(PARTITION).agg(
        F.count(F.when(F.col("error").isNull(), 1)).alias("articles"),
        F.count(F.when(F.col("error").isNotNull(), 1)).alias("failed"),
        F.coalesce(F.sum(F.size("events")), F.lit(0)).alias("events"),
        F.coalesce(F.sum(F.size("quotes")), F.lit(0)).alias("quotes"),
        F.count(F.when(F.col("undated").isNotNull(), 1)).alias("undated"),
    ).collect()
    summary = SparkSummary(months=sorted(r[PARTITION] for r in by_month))
    for r in by_month:
        summary.articles += r["articles"]
        summary.failed += r["failed"]
        summary.events += int(r["events"])
        summary.quotes += int(r["quotes"])
        summary.undated += r["undated"]
    if summary.failed:
        bad = written.where(F.col("error").isNotNull()).orderBy("source", "line", "id") \
            .select("source", "line", "error").limit(errors_shown).collect()
        summary.errors = [str(InputError(r["source"], r["error"], r["line"])) for r in bad]
    if summary.undated:
        shown = written.where(F.col("undated").isNotNull()).orderBy("source", "line", "id") \
            .select("source", "line", "id", "undated").limit(UNDATED_SHOWN).collect()
        summary.undated_shown = [InputWarning(r["source"] if r["line"] is not None else r["id"], "", r["line"],
                                              tuple(r["undated"])) for r in shown]
    return summary


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def _first_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    for marker in ("PythonException:", "Caused by:"):
        if marker in text:
            text = text.split(marker, 1)[1]
    return text[:300] or type(error).__name__
