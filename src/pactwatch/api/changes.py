"""What changed: ``GET /api/changes?since=…`` (store/changes.py has the definitions and thresholds).

New events by dyad and type, new and rare dyads, conflict spikes against a pair's own history and
the status proposals of the articles stored since a time, each with evidence sentences and their
articles (``article_key`` opens ``/api/article/{ref}`` and the dashboard's article view).
"""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from fastapi.responses import JSONResponse

from ..store.changes import changes as store_changes, parse_since
from .context import Context, ctx
from .errors import unprocessable
from .routing import Route

SinceQ = Annotated[str, Query(min_length=1, max_length=40,
                              description="From when: ISO 8601 (2026-12-01, 2026-12-01T09:30Z) or a span back from "
                                          "now (90m, 24h, 7d, 2w). Articles stored since then are new.")]


def changes(since: SinceQ = "24h", until: Annotated[str | None, Query(min_length=1, max_length=40, description=(
        "Up to when (exclusive), in the same forms; now if absent."))] = None,
            limit: Annotated[int, Query(ge=1, le=1000, description="Most rows per list.")] = 200,
            c: Context = Depends(ctx)) -> JSONResponse:
    """New events by dyad and type, new and rare dyads, conflict spikes and status proposals of the
    articles stored in [since, until)."""
    bounds = []
    for name, value in (("since", since), ("until", until)):
        try:
            bounds.append(parse_since(value) if value is not None else None)
        except ValueError as error:
            raise unprocessable(str(error), ["query", name]) from None
    if bounds[1] is not None and bounds[1] <= bounds[0]:
        raise unprocessable(f"until ({until}) is not after since ({since})", ["query", "until"])
    with c.read() as store:
        return JSONResponse(store_changes(store.con, bounds[0], bounds[1], kb=c.kb, limit=limit))


ROUTES = [Route("GET", "/api/changes", changes, "What the articles stored since a time brought", ("events",))]
