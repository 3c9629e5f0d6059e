"""Writing a batch of extraction results: one transaction, one INSERT per table.

A batch is turned into columns (one Python list per column) and each table gets a single
``INSERT ... SELECT unnest(?), unnest(?), ...``, about a hundred times faster than one INSERT per
row. Articles whose content key is already stored (written meanwhile by another ingest) are
dropped first, so a batch never fails on a duplicate and two ingests of the same feed store each
article once. The summary tables are updated in the same transaction, so they never disagree with
the rows they count.

The columns derived from an event are computed here and only here: ``date_start``/``date_end``
from :class:`pactwatch.partial_date.PartialDate`, ``quad``, ``score`` (:func:`pactwatch.plover.event_score`)
and ``plover_score`` from :mod:`pactwatch.plover`.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from .. import __version__, plover
from ..partial_date import PartialDate
from ..records import ArticleResult, Event
from .schema import mark_summaries, rollback


@dataclass
class BatchWritten:
    added: int = 0  # articles written
    skipped: int = 0  # already stored (by an earlier run or a concurrent one)
    events: int = 0


def content_key(text_clean: str) -> str:
    """The store's key of an article: the SHA-256 of its cleaned text."""
    return hashlib.sha256(text_clean.encode("utf-8")).hexdigest()


def stored_keys(con: duckdb.DuckDBPyConnection, keys: Sequence[str]) -> set[str]:
    """The subset of ``keys`` already stored."""
    if not keys:
        return set()
    rows = con.execute("SELECT article_key FROM articles WHERE article_key IN (SELECT unnest(?::VARCHAR[]))",
                       [list(keys)]).fetchall()
    return {r[0] for r in rows}


def input_key(text: str) -> str:
    """The key of an article's text as it was read, before cleaning (``input_keys``)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def write_batch(con: duckdb.DuckDBPyConnection, results: Sequence[ArticleResult],
                inputs: Sequence[tuple[str, str]] = ()) -> BatchWritten:
    """Store ``results`` in one transaction (all or nothing); articles stored already are skipped.
    ``inputs``: (input key, article key) pairs to remember, for articles of this batch or stored."""
    written = BatchWritten()
    if not results and not inputs:
        return written
    con.execute("BEGIN TRANSACTION")
    try:
        keyed: dict[str, ArticleResult] = {}
        for result in results:
            keyed.setdefault(content_key(result.text_clean), result)
        stored = stored_keys(con, list(keyed))
        fresh = [(key, result) for key, result in keyed.items() if key not in stored]
        written.skipped = len(results) - len(fresh)
        if fresh:
            _insert(con, "articles", ARTICLE_COLUMNS, _article_rows(fresh))
            _insert(con, "events", EVENT_COLUMNS, _event_rows(fresh))
            _insert(con, "quotes", QUOTE_COLUMNS, _quote_rows(fresh))
            _insert(con, "article_actors", ACTOR_COLUMNS, _actor_rows(fresh))
            _add_totals(con, fresh)
        if inputs:
            con.execute("INSERT OR IGNORE INTO input_keys SELECT i, a FROM (SELECT unnest(?::VARCHAR[]) AS i, "
                        "unnest(?::VARCHAR[]) AS a) WHERE a IN (SELECT article_key FROM articles)",
                        [list(dict(inputs)), list(dict(inputs).values())])
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise
    written.added = len(fresh)
    written.events = sum(len(r.events) for _, r in fresh)
    return written


# (column, DuckDB type) in the order the row builders give values
ARTICLE_COLUMNS = [("article_key", "VARCHAR"), ("id", "VARCHAR"), ("url", "VARCHAR"), ("title", "VARCHAR"),
                   ("outlet", "VARCHAR"), ("published", "VARCHAR"), ("text_clean", "VARCHAR"),
                   ("n_events", "INTEGER"), ("n_quotes", "INTEGER"), ("version", "VARCHAR")]
EVENT_COLUMNS = [("article_key", "VARCHAR"), ("idx", "INTEGER"), ("source", "VARCHAR"), ("target", "VARCHAR"),
                 ("type", "VARCHAR"), ("mode", "VARCHAR"), ("date", "VARCHAR"), ("date_start", "DATE"),
                 ("date_end", "DATE"), ("date_basis", "VARCHAR"), ("negated", "BOOLEAN"),
                 ("hypothetical", "BOOLEAN"), ("evidence", "VARCHAR"), ("evidence_start", "INTEGER"),
                 ("evidence_end", "INTEGER"), ("source_text", "VARCHAR"), ("target_text", "VARCHAR"),
                 ("confidence", "DOUBLE"), ("quad", "INTEGER"), ("score", "DOUBLE"), ("plover_score", "DOUBLE")]
QUOTE_COLUMNS = [("article_key", "VARCHAR"), ("idx", "INTEGER"), ("speaker", "VARCHAR"),
                 ("speaker_actor", "VARCHAR"), ("text", "VARCHAR"), ("direct", "BOOLEAN"),
                 ("span_start", "INTEGER"), ("span_end", "INTEGER"), ("cue", "VARCHAR"), ("published", "VARCHAR")]
ACTOR_COLUMNS = [("article_key", "VARCHAR"), ("key", "VARCHAR"), ("name", "VARCHAR"), ("kind", "VARCHAR"),
                 ("mentions", "INTEGER")]


EVENT_TOTALS = [("source", "VARCHAR"), ("target", "VARCHAR"), ("type", "VARCHAR"), ("quad", "INTEGER"),
                ("events", "BIGINT"), ("negated", "BIGINT"), ("hypothetical", "BIGINT"),
                ("negated_hypothetical", "BIGINT"), ("score", "DOUBLE")]
PAIR_TOTALS = [("source", "VARCHAR"), ("target", "VARCHAR"), ("events", "BIGINT"), ("score", "DOUBLE"),
               ("cooperation", "BIGINT"), ("conflict", "BIGINT")]
DAY_TOTALS = [("actor", "VARCHAR"), ("day", "DATE"), ("events", "BIGINT")]
ACTOR_TOTALS = [("key", "VARCHAR"), ("name", "VARCHAR"), ("kind", "VARCHAR"), ("articles", "BIGINT"),
                ("mentions", "BIGINT"), ("events", "BIGINT")]


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], rows: list[tuple],
            conflict: str = "") -> None:
    """One INSERT for all ``rows``: each column goes in as one list parameter, zipped by unnest."""
    if not rows:
        return
    names = ", ".join(name for name, _ in columns)
    values = ", ".join(f"unnest(?::{kind}[])" for _, kind in columns)
    con.execute(f"INSERT INTO {table} ({names}) SELECT {values}{conflict}", [list(col) for col in zip(*rows)])


def _add(con: duckdb.DuckDBPyConnection, table: str, columns: list[tuple[str, str]], key_columns: int,
         rows: list[tuple], least: tuple[str, ...] = ()) -> None:
    """Add ``rows`` to a summary table: new keys inserted, existing ones' counts summed (``least``:
    columns that keep the smaller value, as a rebuild's ``min`` does)."""
    keys = [name for name, _ in columns[:key_columns]]
    updates = [f"{c} = coalesce(least({table}.{c}, excluded.{c}), {table}.{c}, excluded.{c})" if c in least
               else f"{c} = {table}.{c} + excluded.{c}" for c, _ in columns[key_columns:] if c != "quad"]
    _insert(con, table, columns, rows, f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(updates)}")


def _article_rows(fresh: list[tuple[str, ArticleResult]]) -> list[tuple]:
    return [(key, r.id, r.url, r.title, r.outlet, r.published, r.text_clean, len(r.events), len(r.quotes),
             __version__) for key, r in fresh]


def event_values(event: Event) -> tuple:
    """The stored columns derived from an event, from ``source`` to ``plover_score``."""
    date = PartialDate.parse_or_none(event.date)
    start, end = (date.first, date.last) if date else (None, None)
    return (event.source, event.target, event.type, event.mode, event.date, start, end, event.date_basis,
            event.negated, event.hypothetical, event.evidence, event.evidence_span[0], event.evidence_span[1],
            event.source_text, event.target_text, event.confidence, _quad(event.type),
            _score(event.type, event.mode, event.negated, event.hypothetical), _score(event.type, event.mode))


def _event_rows(fresh: list[tuple[str, ArticleResult]]) -> list[tuple]:
    return [(key, i, *event_values(e)) for key, r in fresh for i, e in enumerate(r.events)]


def _quote_rows(fresh: list[tuple[str, ArticleResult]]) -> list[tuple]:
    return [(key, i, q.speaker, q.speaker_actor, q.text, q.direct, q.span[0], q.span[1], q.cue, r.published)
            for key, r in fresh for i, q in enumerate(r.quotes)]


def _actor_rows(fresh: list[tuple[str, ArticleResult]]) -> list[tuple]:
    return [(key, a.key, a.name, a.kind, a.mentions) for key, r in fresh for a in r.actors]


def _quad(event_type: str) -> int | None:
    try:
        return plover.quad_class(event_type)
    except ValueError:  # not a PLOVER type: stored, but in no quad class
        return None


def _score(event_type: str, mode: str | None, negated: bool = False, hypothetical: bool = False) -> float | None:
    """plover.event_score, falling back to the type's score for a mode PLOVER does not define."""
    try:
        try:
            return plover.event_score(event_type, mode, negated, hypothetical)
        except ValueError:
            return plover.event_score(event_type, None, negated, hypothetical)
    except ValueError:  # not a PLOVER type
        return None


def _add_totals(con: duckdb.DuckDBPyConnection, fresh: list[tuple[str, ArticleResult]]) -> None:
    """Add this batch's counts to the summary tables (the caller's transaction)."""
    pairs: dict[tuple[str, str, str], list[Any]] = {}
    actors: dict[str, list[Any]] = {}  # key -> [name, kind, articles, mentions, events]
    days: dict[tuple[str, Any], list[int]] = {}  # (actor or '', day) -> [events]

    def actor(key: str) -> list[Any]:
        return actors.setdefault(key, [None, None, 0, 0, 0])

    for _, result in fresh:
        for e in result.events:
            row = pairs.setdefault((e.source or "", e.target or "", e.type or ""), [_quad(e.type), 0, 0, 0, 0, 0.0])
            row[1] += 1
            row[2] += bool(e.negated)
            row[3] += bool(e.hypothetical)
            row[4] += bool(e.negated and e.hypothetical)
            row[5] += _score(e.type, e.mode, e.negated, e.hypothetical) or 0.0
            for key in (e.source, e.target):
                if key:
                    actor(key)[4] += 1
            date = PartialDate.parse_or_none(e.date)
            if date is not None:
                for key in {"", e.source or "", e.target or ""}:  # an event once per actor, even a self-tie
                    days.setdefault((key, date.first), [0])[0] += 1
        for a in result.actors:
            entry = actor(a.key)
            entry[0] = a.name if entry[0] is None else min(entry[0], a.name)
            entry[1] = a.kind if entry[1] is None else min(entry[1], a.kind)
            entry[2] += 1
            entry[3] += a.mentions
    edges: dict[tuple[str, str], list[Any]] = {}  # (source, target) -> [events, score, cooperation, conflict]
    for (source, target, _), (quad, events, _, _, _, score) in pairs.items():
        if target:
            edge = edges.setdefault((source, target), [0, 0.0, 0, 0])
            edge[0] += events
            edge[1] += score
            edge[2] += events if quad in (1, 2) else 0
            edge[3] += events if quad in (3, 4) else 0
    _add(con, "event_totals", EVENT_TOTALS, 3, [(*k, *v) for k, v in pairs.items()])
    _add(con, "pair_totals", PAIR_TOTALS, 2, [(*k, *v) for k, v in edges.items()])
    _add(con, "day_totals", DAY_TOTALS, 2, [(*k, *v) for k, v in days.items()])
    _add(con, "actor_totals", ACTOR_TOTALS, 1, [(k, *v) for k, v in actors.items()], least=("name", "kind"))
    mark_summaries(con)
