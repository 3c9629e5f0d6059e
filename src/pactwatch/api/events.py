"""Events: the filtered, sorted, paged listing, its CSV export, a dyad's timeline, actors, the network.

``GET /api/events`` sorts, pages and counts in the store (``order``, ``limit``, ``offset`` or the
keyset ``cursor``) and always returns the true ``total``; ``GET /api/events.csv`` takes the same
filters and order and streams every matching row, a page at a time, each page on a fresh read so
an ingest is never held up by a long download.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from fastapi.responses import JSONResponse, StreamingResponse

from ..kb import dyad_milestones
from .context import Context, ctx
from .errors import unprocessable
from .params import (ACTOR_PATTERN, ActorQ, DateQ, EventOrder, LimitQ, OffsetQ, PloverType, TextQ)
from .routing import Route
from .schemas import EventPage

CSV_PAGE = 10_000  # rows per read while streaming
CSV_COLUMNS = ["event_id", "article_key", "idx", "article_id", "article_title", "source", "target", "type", "mode",
               "date", "date_start", "date_end", "date_basis", "negated", "hypothetical", "score", "plover_score",
               "quad", "confidence", "evidence", "evidence_start", "evidence_end", "source_text", "target_text"]


def check_range(start: str | None, end: str | None) -> None:
    if start and end and start > end:
        raise unprocessable(f"start ({start}) is after end ({end})", ["query", "start"])


@dataclass
class EventQuery:
    """The filters and order shared by the listing and the CSV export."""

    filters: dict[str, Any]
    order: str


def event_query(
    actor: ActorQ = None,
    a: Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="Dyad: one side (with b).")] = None,
    b: Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="Dyad: the other side (with a).")] = None,
    type: Annotated[PloverType | None, Query(description="PLOVER event type.")] = None,  # noqa: A002
    start: DateQ = None,
    end: DateQ = None,
    q: TextQ = None,
    negated: Annotated[bool, Query(description="Include negated events.")] = True,
    hypothetical: Annotated[bool, Query(description="Include hypothetical events.")] = True,
    order: Annotated[EventOrder, Query(description="Sort order; a leading '-' reverses it.")] = EventOrder("date"),
) -> EventQuery:
    if (a is None) != (b is None):
        raise unprocessable("a dyad needs both a and b", ["query", "b" if b is None else "a"])
    check_range(start, end)
    return EventQuery({"actor": actor, "dyad": (a, b) if a and b else None, "type": type.value if type else None,
                       "start": start, "end": end, "text": q, "include_negated": negated,
                       "include_hypothetical": hypothetical}, order.value)


def _with_span(event: dict[str, Any]) -> dict[str, Any]:
    event["evidence_span"] = [event.pop("evidence_start", None), event.pop("evidence_end", None)]
    return event


def list_events(
    query: Annotated[EventQuery, Depends(event_query)],
    limit: LimitQ = 100,
    offset: OffsetQ = 0,
    cursor: Annotated[str | None, Query(min_length=1, max_length=2000, pattern=r"^[A-Za-z0-9_\-]+$",
                                        description="next_cursor of the previous page (same filters and order).")] = None,
    c: Context = Depends(ctx),
) -> JSONResponse:
    """Events with their article, the dates bounding a partial date, PLOVER quad and score.

    `a` and `b` select a dyad (either direction); `actor` events where it is source or target;
    `start`/`end` keep events whose date can fall in the range. `total` counts every match."""
    with c.read() as store:
        page = store.events(**query.filters, order=query.order, limit=limit, offset=offset, cursor=cursor)
    return JSONResponse({"total": page.total, "items": [_with_span(e) for e in page.items],
                         "next_cursor": page.next_cursor})


def events_csv(query: Annotated[EventQuery, Depends(event_query)], c: Context = Depends(ctx)) -> StreamingResponse:
    """Every event matching the filters, in the order asked, as CSV (UTF-8, a header row)."""
    with c.read() as store:  # the first page before the status is sent: a busy store is still a 503
        first = store.events(**query.filters, order=query.order, limit=CSV_PAGE)

    def lines() -> Iterator[str]:
        page = first
        yield _csv_rows([], header=True)
        while True:
            yield _csv_rows(page.items)
            if page.next_cursor is None:
                return
            with c.read() as store:
                page = store.events(**query.filters, order=query.order, limit=CSV_PAGE, cursor=page.next_cursor)

    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="events.csv"',
                                      "X-Total-Count": str(first.total)})


def _csv_rows(rows: list[dict[str, Any]], header: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def dyad(
    a: Annotated[str, Query(pattern=ACTOR_PATTERN, description="One side, e.g. ARM.")],
    b: Annotated[str, Query(pattern=ACTOR_PATTERN, description="The other side, e.g. CSTO.")],
    interval: Annotated[Literal["week", "month"], Query(description="Period length.")] = "month",
    start: DateQ = None,
    end: DateQ = None,
    c: Context = Depends(ctx),
) -> JSONResponse:
    """Counts per PLOVER type and the cooperation–conflict score per period (both directions), the
    events dated less precisely than a period (`partial`: per partial date, its precision and the
    days it covers), and the knowledge base's status changes that matter to the dyad."""
    check_range(start, end)
    with c.read() as store:
        series = store.dyad_timeline(a, b, interval=interval, start=start, end=end)
        partial = store.dyad_partial_dates(a, b, interval=interval, start=start, end=end)
    return JSONResponse({"a": a, "b": b, "interval": interval, "series": series, "partial": partial,
                         "milestones": dyad_milestones(c.kb, a, b)})


def actors(q: TextQ = None, limit: Annotated[int, Query(ge=1, le=1000)] = 200, c: Context = Depends(ctx)) -> JSONResponse:
    """Actors the stored articles mention, most active first."""
    with c.read() as store:
        return JSONResponse(store.actors(search=q, limit=limit))


def network(
    start: DateQ = None,
    end: DateQ = None,
    type: Annotated[list[PloverType] | None, Query(description="PLOVER types (repeatable).")] = None,  # noqa: A002
    min_events: Annotated[int, Query(ge=1, le=1_000_000_000, description="Edges with at least this many events.")] = 1,
    c: Context = Depends(ctx),
) -> JSONResponse:
    """Actors and the directed edges between them (events, score, cooperative and conflictual counts)."""
    check_range(start, end)
    with c.read() as store:
        return JSONResponse(store.network(start=start, end=end, types=[t.value for t in type or []],
                                          min_events=min_events))


ROUTES = [
    Route("GET", "/api/events", list_events, "Events, filtered, sorted and paged", ("events",), model=EventPage),
    Route("GET", "/api/events.csv", events_csv, "Every matching event as CSV", ("events",), media_type="text/csv"),
    Route("GET", "/api/dyad", dyad, "A dyad's events over time, with milestones", ("events",)),
    Route("GET", "/api/actors", actors, "Actors with their event and mention counts", ("events",)),
    Route("GET", "/api/network", network, "Actors and the events between them", ("events",)),
]
