"""The columns of ``pactwatch spark-extract`` output, as Spark DDL (no pyspark needed to read them).

One row per input record. A coded article has the fields of ``ArticleResult.to_dict`` (the JSON
shape of ``pactwatch extract``, docs/formats.md) as plain columns, events, quotes and actors as
arrays of structs with the documented fields, and ``error`` null. A record that could not be read
or coded has ``error`` (the same message ``pactwatch extract`` prints), ``source`` (its file) and
``line`` (its JSONL line, when it has one), and whatever id it had. ``undated`` holds, for an
article without a publication date, the relative dates that stayed null for want of one ("on
Monday"), as ``pactwatch extract`` warns of them. ``month`` (``YYYY-MM`` of
``published``, or ``undated``) is the partition column of the written Parquet.
"""
from __future__ import annotations

EVENT_DDL = ("source STRING, target STRING, type STRING, mode STRING, date STRING, negated BOOLEAN, "
             "hypothetical BOOLEAN, evidence STRING, evidence_span ARRAY<INT>, source_text STRING, "
             "target_text STRING, confidence DOUBLE, date_basis STRING")
QUOTE_DDL = "speaker STRING, speaker_actor STRING, text STRING, direct BOOLEAN, span ARRAY<INT>, cue STRING"
ACTOR_DDL = "key STRING, name STRING, kind STRING, mentions INT"

RESULT_COLUMNS = ("id", "url", "title", "outlet", "published", "text_clean", "events", "quotes", "actors")
OUTPUT_DDL = (
    "id STRING, url STRING, title STRING, outlet STRING, published STRING, text_clean STRING, "
    f"events ARRAY<STRUCT<{EVENT_DDL}>>, quotes ARRAY<STRUCT<{QUOTE_DDL}>>, actors ARRAY<STRUCT<{ACTOR_DDL}>>, "
    "undated ARRAY<STRING>, error STRING, source STRING, line BIGINT, month STRING"
)
OUTPUT_COLUMNS = RESULT_COLUMNS + ("undated", "error", "source", "line", "month")
UNDATED = "undated"  # the month of an article without a publication date (and of an unreadable record)
PARTITION = "month"
# the columns of an article DataFrame that are read (others are ignored), as for a JSONL line
ARTICLE_COLUMNS = ("id", "text", "html", "published", "url", "title", "outlet")


def month_of(published: str | None) -> str:
    return published[:7] if published else UNDATED
