"""What runs in each Spark Python worker: records in, result rows out (``mapInPandas``).

The spaCy model, the actor dictionary, the roles and the event lexicon are loaded once per Python
worker process, the first time it is given a batch, and kept for every later batch and task
(Spark reuses its Python workers: ``spark.python.worker.reuse``, on by default). Nothing of them is
pickled: what Spark sends to the workers is a reference to :func:`extract_batches` and two
numbers, and each worker imports pactwatch itself.

Each input row is one record: a JSON object as text (a JSONL line, or a DataFrame row made into
JSON), its ``source`` file and its ``line``. It is read exactly as ``pactwatch extract`` reads a
JSONL line (``readers.article_from_line``), coded by the same ``Extractor``, and written as a row of
``schema.OUTPUT_DDL``; a record that cannot be read or coded becomes an error row with the reason
``pactwatch extract`` would print, and the batch goes on.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

from ..errors import InputError, first_unencodable
from ..records import Article, ArticleResult
from .schema import OUTPUT_COLUMNS, month_of

_EXTRACTOR = None
LOADS = 0  # how many times this process loaded the extractor (1 per worker; a test checks it)


def extractor(batch_size: int = 32):
    """This process's ``Extractor``, loaded at the first call."""
    global _EXTRACTOR, LOADS
    if _EXTRACTOR is None:
        from ..pipeline import Extractor

        _EXTRACTOR = Extractor(batch_size=batch_size)
        LOADS += 1
    _EXTRACTOR.batch_size = batch_size
    return _EXTRACTOR


def worker_state() -> dict[str, Any]:
    """This worker's process id and how often it loaded the model (for tests and docs)."""
    return {"pid": os.getpid(), "loads": LOADS}


def extract_batches(batches: Iterator, batch_size: int = 32, published: str | None = None) -> Iterator:
    """``mapInPandas`` function: pandas DataFrames of (record, source, line) -> result rows."""
    import pandas as pd

    for frame in batches:
        rows = code_records(list(zip(frame["record"], frame["source"], frame["line"])), batch_size, published)
        yield pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS))


def code_records(records: list[tuple[Any, Any, Any]], batch_size: int = 32,
                 published: str | None = None) -> list[dict[str, Any]]:
    """Result rows (dicts of ``OUTPUT_COLUMNS``) for (record JSON, source, line) triples, in order."""
    from ..readers import article_from_line

    items: list[Article | InputError] = []
    places: list[tuple[str, int | None]] = []
    for record, source, line in records:
        source = source if isinstance(source, str) and source else "<dataframe>"
        line = int(line) if line is not None and line == line else None  # NaN: no line
        places.append((source, line))
        if not isinstance(record, str):
            items.append(InputError(source, "empty record", line))
            continue
        try:
            items.append(article_from_line(record, source, line, published))
        except Exception as error:  # noqa: BLE001 - one record, one error, whatever the reader did
            items.append(InputError(source, f"record could not be read ({type(error).__name__}: {error})", line))
    try:
        coded = iter(list(extractor(batch_size).stream_here(items)))
    except Exception as error:  # noqa: BLE001 - never lose the batch: every article is an error row
        from ..pipeline import coding_error

        coded = iter([item if isinstance(item, InputError) else coding_error(item, error) for item in items])
    rows = []
    for item, (source, line), (raw, _, _) in zip(items, places, records):
        outcome = next(coded)
        rows.append(_row(item, outcome, source, line, raw))
    return rows


def record_id(record: Any) -> str | None:
    """The id of a record that could not be read as an article, when it has a usable one."""
    try:
        value = json.loads(record).get("id") if isinstance(record, str) else None
    except (ValueError, AttributeError, RecursionError):
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)) or first_unencodable(str(value)) is not None:
        return None
    return str(value).strip() or None


def _row(item: Article | InputError, outcome: ArticleResult | InputError, source: str,
         line: int | None, record: Any = None) -> dict[str, Any]:
    if isinstance(outcome, ArticleResult):
        from ..pipeline import undated_warning

        row = outcome.to_dict()
        warning = undated_warning(item, outcome) if isinstance(item, Article) else None
        row.update(undated=list(warning.examples) if warning is not None else None, error=None, source=source, line=line, month=month_of(outcome.published))
        return row
    article = item if isinstance(item, Article) else None
    row = dict.fromkeys(OUTPUT_COLUMNS)
    row.update(id=article.id if article else record_id(record), url=article.url if article else None,
               title=article.title if article else None, outlet=article.outlet if article else None,
               published=article.published if article else None, events=[], quotes=[], actors=[],
               error=outcome.message, source=source, line=line,
               month=month_of(article.published if article else None))
    return row
