"""``POST /api/articles``: extract and store articles sent over HTTP, each on its own merits.

One bad article does not sink the good ones sent with it: the envelope (an object whose
``articles`` holds 1-1000 items) must be right, but each article is checked, read and extracted
on its own, and the answer has one result per article, in request order — ``stored``,
``already stored`` (the same cleaned text is in the store, or earlier in this request) or
``error`` with the reason. The good ones are written. Only a request in which no article could
even be tried (every one invalid) is refused as a whole, with 422.

The endpoint is off (404) without an API key, and :class:`.middleware.WriteGuard` checks the key
and caps the body before any of this runs. Writes from one server go one at a time; the store's
locks let readers — this server's and other processes' — in between batches.
"""
from __future__ import annotations

import json
from typing import Annotated, Any

import anyio
from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from ..ingest import ingest_articles
from ..pipeline import prepare_text
from ..readers import normalise_date, read_records
from ..store import content_key
from .context import Context, ctx
from .errors import unprocessable, validation_body
from .params import ID_PATTERN, MAX_ID_CHARS
from .routing import Route
from .schemas import IngestOutcome

MAX_BODY_BYTES = 32 * 1024 * 1024  # 1000 articles of ~30 KB
MAX_ARTICLES_PER_REQUEST = 1000
MAX_ARTICLE_CHARS = 1_000_000  # as readers.MAX_ARTICLE_CHARS


def _published(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    date = normalise_date(value)
    if date is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or an ISO 8601 date-time)")
    return date


class ArticleIn(BaseModel):
    """One article, as a JSONL input line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    id: str = Field(min_length=1, max_length=MAX_ID_CHARS, pattern=ID_PATTERN)
    text: str | None = Field(None, max_length=MAX_ARTICLE_CHARS)
    html: str | None = Field(None, max_length=MAX_ARTICLE_CHARS)
    published: Annotated[str | None, AfterValidator(_published)] = Field(None, max_length=40)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=300)

    @model_validator(mode="after")
    def _text_or_html(self) -> "ArticleIn":
        if self.text is None and self.html is None:
            raise ValueError(f"article {self.id!r} has neither 'text' nor 'html'")
        return self


class ArticlesIn(BaseModel):
    """The request body (for the schema: items that do not fit are reported one by one)."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES_PER_REQUEST)


_ARTICLE = TypeAdapter(ArticleIn)


def _envelope(data: Any) -> list[Any]:
    if not isinstance(data, dict):
        raise unprocessable("the body must be an object with 'articles'", ["body"])
    extra = sorted(set(data) - {"articles"})
    if extra:
        raise unprocessable(f"unknown field {extra[0]!r} (the body holds only 'articles')", ["body", extra[0]])
    items = data.get("articles")
    if not isinstance(items, list):
        raise unprocessable("'articles' must be a list of articles", ["body", "articles"])
    if not 1 <= len(items) <= MAX_ARTICLES_PER_REQUEST:
        raise unprocessable(f"'articles' must hold 1 to {MAX_ARTICLES_PER_REQUEST} articles, not {len(items)}",
                            ["body", "articles"])
    return items


async def post_articles(request: Request, c: Context = Depends(ctx)) -> JSONResponse:
    """Extract and store up to 1000 articles (`id` and `text` or `html`, optional `published`,
    `url`, `title`, `outlet`). Each article gets its own result; the good ones are stored even when
    others in the request are not."""
    try:
        data = json.loads(await request.body())
    except (UnicodeDecodeError, ValueError) as error:
        raise unprocessable(f"the body is not JSON: {error}", ["body"]) from None
    items = _envelope(data)
    checked: list[ArticleIn | list[dict[str, Any]]] = []
    for index, item in enumerate(items):
        try:
            checked.append(_ARTICLE.validate_python(item))
        except ValidationError as error:
            checked.append([{**e, "loc": ["body", "articles", index, *e["loc"]]} for e in error.errors()])
    if all(isinstance(x, list) for x in checked):
        return JSONResponse(validation_body([e for problems in checked for e in problems]), status_code=422)
    outcome = await anyio.to_thread.run_sync(_ingest, c, items, checked)
    return JSONResponse(outcome)


def _ingest(c: Context, items: list[Any], checked: list[ArticleIn | list[dict[str, Any]]]) -> dict[str, Any]:
    results: list[dict[str, Any]] = []
    fresh: list[tuple[int, str, Any]] = []  # (index, key, Article)
    valid = [(i, a) for i, a in enumerate(checked) if isinstance(a, ArticleIn)]
    read = dict(zip((i for i, _ in valid), read_records([a.model_dump(exclude_none=True) for _, a in valid])))
    keys = {i: content_key(prepare_text(article)) for i, article in read.items() if not isinstance(article, Exception)}
    with c.read() as store:
        stored = store.stored_keys(keys.values())
    first_with: dict[str, int] = {}
    for index, item in enumerate(checked):
        article_id = item.id if isinstance(item, ArticleIn) else _raw_id(items[index])
        result: dict[str, Any] = {"index": index, "id": article_id, "status": "error", "article_key": keys.get(index),
                                  "reason": None}
        if isinstance(item, list):
            result["reason"] = validation_body(item)["detail"]
        elif isinstance(read[index], Exception):
            result["reason"] = str(read[index]).split(": ", 1)[-1]
        elif keys[index] in stored:
            result.update(status="already stored", reason="the same text is in the store")
        elif keys[index] in first_with:
            result.update(status="already stored", reason=f"the same text as articles[{first_with[keys[index]]}]")
        else:
            first_with[keys[index]] = index
            article = read[index]
            article.origin = f"articles[{index}]"  # so an extraction error names it
            fresh.append((index, keys[index], article))
        results.append(result)
    summary = None
    if fresh:
        with c.write_lock:
            summary = ingest_articles([a for _, _, a in fresh], c.db_path, extractor=c.extractor())
        with c.read() as store:
            now = store.stored_keys(key for _, key, _ in fresh)
        for index, key, _ in fresh:
            if key in now:
                results[index].update(status="stored")
            else:
                reason = next((m for m in summary.errors if f"articles[{index}]" in m), "not stored (see the server log)")
                results[index]["reason"] = reason
    counts = {status: sum(r["status"] == status for r in results) for status in ("stored", "already stored", "error")}
    return {"added": counts["stored"], "skipped": counts["already stored"], "failed": counts["error"],
            "events": summary.events if summary else 0,
            "errors": [f"articles[{r['index']}] ({r['id']}): {r['reason']}" for r in results if r["status"] == "error"],
            "results": results}


def _raw_id(item: Any) -> str | None:
    """The id of an article that failed validation, when it had a string one."""
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return item["id"][:MAX_ID_CHARS]
    return None


ROUTES = [
    Route("POST", "/api/articles", post_articles, "Ingest articles (needs an API key)", ("articles",),
          model=IngestOutcome, errors=(403, 404, 413),
          extra={"openapi_extra": {"requestBody": {"required": True, "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/ArticlesIn"}}}}}}),
]
