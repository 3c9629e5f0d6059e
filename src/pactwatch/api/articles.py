"""Stored articles: the list, and one article by its key or id with its events and quotes."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path
from fastapi.responses import JSONResponse

from .context import Context, ctx
from .errors import NotFoundError
from .params import ID_PATTERN, MAX_ID_CHARS, ArticleRef, LimitQ, OffsetQ
from .routing import Route
from .schemas import Article, ArticlePage


def articles(limit: LimitQ = 100, offset: OffsetQ = 0, c: Context = Depends(ctx)) -> JSONResponse:
    """Stored articles, newest first, each with its `article_key`."""
    with c.read() as store:
        page = store.articles(limit=limit, offset=offset)
    return JSONResponse({"total": page.total, "items": page.items})


def article(ref: ArticleRef, c: Context = Depends(ctx)) -> JSONResponse:
    """One article by `article_key` (unambiguous) or id (the latest ingested with that id): `text_clean`,
    its events ordered by `idx` with `evidence_span`, its quotes ordered by `idx` with `span`
    (character offsets in `text_clean`), and the actors it mentions."""
    with c.read() as store:
        found = store.article(ref)
    if found is None:
        raise NotFoundError(f"no article with key or id {ref!r}")
    return JSONResponse(found)


def article_by_old_path(
    article_id: Annotated[str, Path(min_length=1, max_length=MAX_ID_CHARS, pattern=ID_PATTERN,
                                    description="An article id or article_key.")],
    c: Context = Depends(ctx),
) -> JSONResponse:
    """The same as GET /api/article/{ref}, at the path links used before the article_key contract."""
    return article(article_id, c)


ROUTES = [
    Route("GET", "/api/articles", articles, "Stored articles, newest first", ("articles",), model=ArticlePage),
    Route("GET", "/api/article/{ref:path}", article, "One article with its events and quotes", ("articles",),
          model=Article, errors=(404,)),
    # the older spelling, kept for links made before the article_key contract
    Route("GET", "/api/articles/{article_id:path}", article_by_old_path, "One article (older path of /api/article/{ref})",
          ("articles",), model=Article, errors=(404,), extra={"deprecated": True}),
]
