"""Reading ``pactwatch spark-extract`` output (Parquet) back into ``ArticleResult`` records, with DuckDB.

    from pactwatch.spark.parquet import read_results
    for item in read_results("results/"):        # ArticleResult, or InputError for an error row
        ...

No Spark and no model are needed: DuckDB reads the Parquet files one at a time, in file order and
row order, a few hundred rows in memory at once. Each row is checked field by field as a line of
``pactwatch extract`` output is (``results.result_from_record``), so a row that does not fit is an
:class:`InputError` naming its file and row ("part-00000-….parquet:12: events[3].type: …"); a row
Spark wrote as an error (a record that could not be read or coded) is the error it reported, with
the input file and line it named. Hidden files and Spark's own (``_SUCCESS``, ``_temporary``) are
skipped.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..records import ArticleResult
from ..results import result_from_record
from .schema import RESULT_COLUMNS

SUFFIX = ".parquet"
FETCH_ROWS = 256


def parquet_files(path: str | Path) -> list[Path]:
    """The Parquet files of a file or folder (recursively, in path order), Spark's and hidden ones left out."""
    path = Path(path)
    if path.is_file():
        return [path] if path.suffix.lower() == SUFFIX else []
    if not path.is_dir():
        return []
    return sorted(p for p in path.rglob(f"*{SUFFIX}")
                  if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts))


def has_parquet(path: str | Path) -> bool:
    """Whether ``path`` is a Parquet file or a folder holding some (``pactwatch ingest`` reads them as results)."""
    return bool(parquet_files(path))


def read_results(path: str | Path) -> Iterator[ArticleResult | InputError]:
    """Every row of every Parquet file under ``path``: its result, or the error saying what is wrong."""
    import duckdb

    files = parquet_files(path)
    if not files:
        yield InputError(str(path), "no Parquet files here")
        return
    con = duckdb.connect()
    try:
        for file in files:
            yield from _read_file(con, file)
    finally:
        con.close()


def _read_file(con, file: Path) -> Iterator[ArticleResult | InputError]:
    import duckdb

    name = str(file)
    try:
        columns = [row[0] for row in con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [name]).fetchall()]
    except duckdb.Error as error:
        yield InputError(name, f"cannot read Parquet: {' '.join(str(error).split())[:200]}")
        return
    missing = [c for c in ("id", "text_clean", "events") if c not in columns]
    if missing:
        yield InputError(name, f"not pactwatch spark-extract output: no column {', '.join(map(repr, missing))}")
        return
    wanted = [c for c in RESULT_COLUMNS if c in columns] + [c for c in ("error", "source", "line") if c in columns]
    select = ", ".join(f'"{c}"' for c in wanted)
    try:
        cursor = con.execute(f"SELECT {select}, file_row_number FROM read_parquet(?, file_row_number = true) "
                             "ORDER BY file_row_number", [name])
        while rows := cursor.fetchmany(FETCH_ROWS):
            for row in rows:
                record = dict(zip(wanted, row[:-1]))
                yield _item(record, name, row[-1] + 1)
    except duckdb.Error as error:  # a file cut short: the rows before it were given
        yield InputError(name, f"cannot read Parquet: {' '.join(str(error).split())[:200]}")


def _item(record: dict, name: str, row: int) -> ArticleResult | InputError:
    if record.get("error") is not None:
        return InputError(record.get("source") or name, str(record["error"]), record.get("line"))
    # an empty list may come back as null; the required fields stay, to be reported if null
    record = {k: v for k, v in record.items() if k in RESULT_COLUMNS and not (v is None and k in ("quotes", "actors"))}
    return result_from_record(record, name, row)
