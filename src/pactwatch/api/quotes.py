"""Quotations: by speaker, by the actor a speaker acts for, by text."""
from __future__ import annotations

from fastapi import Depends
from fastapi.responses import JSONResponse

from .context import Context, ctx
from .params import ActorQ, LimitQ, OffsetQ, TextQ
from .routing import Route
from .schemas import QuotePage


def quotes(speaker: TextQ = None, actor: ActorQ = None, q: TextQ = None, limit: LimitQ = 100, offset: OffsetQ = 0,
           c: Context = Depends(ctx)) -> JSONResponse:
    """Quotations, newest article first; each with `article_key`, `idx` and `quote_id`."""
    with c.read() as store:
        page = store.quotes(speaker=speaker, actor=actor, text=q, limit=limit, offset=offset)
    return JSONResponse({"total": page.total, "items": page.items})


ROUTES = [Route("GET", "/api/quotes", quotes, "Quotations, filtered and paged", ("quotes",), model=QuotePage)]
