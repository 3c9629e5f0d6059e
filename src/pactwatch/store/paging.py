"""Sort orders of event listings, and keyset cursors over them.

Every order ends with ``event_no`` (the store's write sequence), so equal sort values come back in
one fixed order and a page boundary is exact. A cursor is the sort values of the last row of a
page; the next page is the rows that sort after it — a condition the database answers without
counting past ``offset`` rows, so page 10,000 costs what page 1 costs.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from ..errors import InputError


@dataclass(frozen=True)
class Key:
    expr: str  # SQL over the events table aliased ``e``
    kind: str  # its DuckDB type, to cast a cursor's value back
    descending: bool = False  # NULLs always sort last


TIE = Key("e.event_no", "BIGINT")
_DATE, _DATE_DESC = Key("e.date_start", "DATE"), Key("e.date_start", "DATE", True)


def _by(column: str, kind: str = "VARCHAR") -> dict[str, tuple[Key, ...]]:
    """``column`` (then oldest first) and ``-column`` (then newest first)."""
    return {column: (Key(f"e.{column}", kind), _DATE), f"-{column}": (Key(f"e.{column}", kind, True), _DATE_DESC)}


ORDERS: dict[str, tuple[Key, ...]] = {
    "date": (_DATE,),
    "-date": (_DATE_DESC,),
    **_by("type"),
    **_by("source"),
    **_by("target"),
    **_by("score", "DOUBLE"),
    "confidence": (Key("e.confidence", "DOUBLE", True), _DATE),  # most confident first
}


def order_keys(order: str) -> tuple[Key, ...]:
    try:
        return (*ORDERS[order], TIE)
    except KeyError:
        raise InputError("order", f"not a sort order: {order!r} (one of {', '.join(ORDERS)})") from None


def order_by(keys: tuple[Key, ...]) -> str:
    return ", ".join(f"{k.expr} {'DESC' if k.descending else 'ASC'} NULLS LAST" for k in keys)


def after(keys: tuple[Key, ...], values: list[Any]) -> tuple[str, list[Any]]:
    """SQL for "sorts after ``values``" in the order ``keys``, and its parameters.

    Lexicographic: some key sorts after its value while every key before it is equal. With NULLs
    last, a NULL value has nothing after it in its own key, and anything sorts after a value when
    its own is NULL.
    """
    clauses: list[str] = []
    params: list[Any] = []
    equal: list[str] = []
    equal_params: list[Any] = []
    for key, value in zip(keys, values):
        cast = f"CAST(? AS {key.kind})"
        if value is not None:
            later = f"({key.expr} {'<' if key.descending else '>'} {cast} OR {key.expr} IS NULL)"
            clauses.append(" AND ".join([*equal, later]))
            params += [*equal_params, value]
            equal.append(f"{key.expr} = {cast}")
            equal_params.append(value)
        else:
            equal.append(f"{key.expr} IS NULL")
    return "(" + (" OR ".join(clauses) or "FALSE") + ")", params


def encode(order: str, values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, dt.date) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps([order, *plain]).encode()).decode().rstrip("=")


def decode(cursor: str, order: str, keys: tuple[Key, ...]) -> list[Any]:
    """The values in ``cursor``, checked against the order they must belong to."""
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, list) or len(data) != len(keys) + 1 or data[0] != order:
        raise InputError("cursor", "not a cursor of this listing (take next_cursor from the previous page "
                                   "of the same order)")
    values = data[1:]
    for key, value in zip(keys, values):
        if value is not None and not _fits(key.kind, value):
            raise InputError("cursor", f"not a cursor of this listing (bad value for {key.expr})")
    return values


def _fits(kind: str, value: Any) -> bool:
    if kind == "DATE":
        try:
            dt.date.fromisoformat(value)
            return True
        except (TypeError, ValueError):
            return False
    if kind == "BIGINT":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "DOUBLE":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, str)
