"""Export the store's tables as Parquet or CSV files, one per table, each complete or absent.

The columns are those of :data:`.schema.EXPORTS`: events carry ``score`` (the one score the API
and the database use: 0 for a negated or hypothetical event), ``plover_score``, and a partial date
as ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, as coded) with ``date_start``/``date_end``,
the first and last day it covers. Each file is written under a temporary name and renamed into
place, so a full disk or an interruption never leaves a truncated file under the real name.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from .errors import StoreError, StoreFull, first_line, is_no_space
from .schema import EXPORTS

FORMATS = ("parquet", "csv")


def export_tables(con: duckdb.DuckDBPyConnection, directory: str | Path, fmt: str = "parquet") -> list[Path]:
    if fmt not in FORMATS:
        raise ValueError("format must be parquet or csv")
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(out, f"cannot create the export directory: {error.strerror or error}") from None
    written = []
    for table, query in EXPORTS.items():
        path = out / f"{table}.{fmt}"
        partial = out / f".{table}.{fmt}.{os.getpid()}.partial"
        try:
            relation = con.sql(query)
            if fmt == "parquet":
                relation.write_parquet(str(partial))
            else:
                relation.write_csv(str(partial), header=True)
            os.replace(partial, path)
        except (duckdb.Error, OSError) as error:
            partial.unlink(missing_ok=True)
            if is_no_space(error):
                done = ", ".join(p.name for p in written) or "none"
                raise StoreFull(path, f"files completed before it are kept ({done})") from None
            raise StoreError(path, f"cannot write the export: {first_line(error)}") from None
        written.append(path)
    return written
