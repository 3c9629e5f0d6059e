"""What the API answers, as models for the OpenAPI schema, and the error bodies every route shares.

The routes return plain JSON built from the store's rows (no per-request model validation on the
hot path); these models only describe it, and tests/api/test_schema.py checks live responses
against the schema the server publishes, so the two cannot drift apart. Error bodies are one shape
everywhere: ``detail`` is always a string (the message to show), and a 422 adds ``errors``, the
list of problems, each with ``loc`` (where), ``msg`` and ``type``.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")  # rows may carry more columns than documented


class Problem(BaseModel):
    detail: str = Field(description="What went wrong, in one line.")


class FieldProblem(BaseModel):
    loc: list[str | int] = Field(description="Where: ['query', 'start'], ['body', 'articles', 0, 'id'].")
    msg: str
    type: str


class ValidationProblem(Problem):
    errors: list[FieldProblem] = Field(default_factory=list)


class NotFoundProblem(Problem):
    suggestions: list[str] = Field(default_factory=list, description="Close matches, best first (may be empty).")


class Event(_Out):
    article_key: str = Field(description="The article's content key (SHA-256 of its cleaned text).")
    idx: int = Field(description="The event's position in its article's event list (0-based, never renumbered).")
    event_id: str = Field(description="article_key:idx")
    article_id: str | None
    article_title: str | None
    source: str
    target: str | None
    type: str
    mode: str | None
    date: str | None = Field(description="YYYY-MM-DD, YYYY-MM or YYYY.")
    date_start: str | None = Field(description="The first day the date can mean.")
    date_end: str | None = Field(description="The last day the date can mean.")
    date_basis: str | None
    negated: bool
    hypothetical: bool
    evidence: str
    evidence_span: list[int | None] = Field(description="[start, end) of the evidence in the article's text_clean.")
    source_text: str | None
    target_text: str | None
    confidence: float | None
    quad: int | None
    score: float | None = Field(description="pactwatch.plover.event_score: 0 when negated or hypothetical.")
    plover_score: float | None


class EventPage(_Out):
    total: int = Field(description="Every matching event, whatever the page.")
    items: list[Event]
    next_cursor: str | None = Field(description="Pass as cursor= for the rows after this page; null after the last.")


class Quote(_Out):
    article_key: str
    idx: int
    quote_id: str = Field(description="article_key:idx")
    article_id: str | None = None
    article_title: str | None = None
    speaker: str | None
    speaker_actor: str | None
    text: str
    direct: bool | None
    cue: str | None


class QuotePage(_Out):
    total: int
    items: list[Quote]


class ArticleSummary(_Out):
    article_key: str
    id: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    events: int | None
    quotes: int | None


class ArticlePage(_Out):
    total: int
    items: list[ArticleSummary]


class ArticleEvent(Event):
    pass


class ArticleQuote(Quote):
    span: list[int | None]


class Article(_Out):
    article_key: str
    id: str
    url: str | None
    title: str | None
    outlet: str | None
    published: str | None
    text_clean: str
    events: list[ArticleEvent] = Field(description="Ordered by idx.")
    quotes: list[ArticleQuote] = Field(description="Ordered by idx.")
    actors: list[dict[str, Any]]


class Health(_Out):
    status: str
    articles: int
    events: int


class Resolved(_Out):
    key: str
    name: str
    kind: str


class ArticleOutcome(BaseModel):
    index: int = Field(description="The article's position in the request (0-based).")
    id: str | None
    status: str = Field(description="stored | already stored | error")
    article_key: str | None = None
    events: int | None = Field(None, description="Events stored for it (status stored).")
    reason: str | None = Field(None, description="Why it was not stored (status error or already stored).")


class IngestOutcome(BaseModel):
    added: int
    skipped: int
    failed: int
    events: int
    errors: list[str] = Field(description="One line per article that failed, as `pactwatch ingest` prints them.")
    results: list[ArticleOutcome] = Field(description="One per article, in request order.")


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses of a route, for its ``responses=``: 422 always (our shape, not FastAPI's
    default array), 400, 503 (the store busy or the server unable to answer, with Retry-After when
    waiting helps), plus the ones given (404, 403, 413)."""
    described = {
        400: ("A value the server cannot use (e.g. a cursor of another listing)", Problem),
        403: ("Missing or wrong X-API-Key", Problem),
        404: ("Nothing has that id or name", NotFoundProblem),
        413: ("Body too large", Problem),
        422: ("A parameter or the body is invalid: detail says which and why", ValidationProblem),
        503: ("The store is busy (a write in progress: retry after Retry-After seconds) or the server "
              "could not answer (logged)", Problem),
    }
    out: dict[int | str, dict[str, Any]] = {}
    for status in sorted({400, 422, 503, *statuses}):
        description, model = described[status]
        out[status] = {"description": description, "model": model}
    out[503]["headers"] = {"Retry-After": {"description": "Seconds to wait before retrying (when the store is busy).",
                                           "schema": {"type": "integer"}}}
    return out
