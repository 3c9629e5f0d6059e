"""The same extraction on Spark: a DataFrame of articles in, a DataFrame (or Parquet) of results out.

    from pactwatch.spark import session, extract_frame
    spark = session("local[2]")
    results = extract_frame(spark.read.json("feed.jsonl"))
    results.write.partitionBy("month").parquet("out/")

The work is ``mapInPandas`` (``worker.extract_batches``): each Python worker loads the spaCy model
and the dictionaries once and codes Arrow batches of ``ARROW_BATCH_ROWS`` records with the same
``Extractor`` as ``pactwatch extract``. The columns are in ``schema`` (``OUTPUT_DDL``); Parquet
written by ``pactwatch spark-extract`` is read back into ``ArticleResult`` records by
``parquet.read_results`` (DuckDB, no Spark needed). docs/scale.md: running it on a cluster.
"""
from __future__ import annotations

from .schema import OUTPUT_COLUMNS, OUTPUT_DDL, UNDATED, month_of

__all__ = ["OUTPUT_COLUMNS", "OUTPUT_DDL", "UNDATED", "month_of", "session", "extract_frame", "extract_records",
           "read_records", "run", "SparkJobError"]


def __getattr__(name: str):  # pyspark is imported only when the driver side is used
    if name in {"session", "extract_frame", "extract_records", "read_records", "run", "SparkJobError", "SparkSummary"}:
        from . import job

        return getattr(job, name)
    raise AttributeError(name)
