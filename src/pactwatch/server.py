"""The HTTP API of docs/api.md and the dashboard, over one DuckDB store.

    from pactwatch.server import create_app
    app = create_app("pactwatch.duckdb")                        # read-only API and dashboard
    app = create_app("pactwatch.duckdb", api_key="...long...")  # plus POST /api/articles

``pactwatch serve`` calls :func:`serve_command`, which runs this app under uvicorn on 127.0.0.1:8000.

Design notes
------------

* **Connections.** Reads go through :class:`pactwatch.store.ReaderPool`: each request gets its own
  cursor on one read-only connection that stays open between writes, so reads run in parallel on
  FastAPI's worker threads. The pool yields to every writer — ``pactwatch ingest`` in another
  process or this server's write endpoint — and reopens after its batch, so new rows show without
  a restart (docs/store.md, "Sharing a store"). With an API key, ``POST /api/articles`` ingests
  through :mod:`pactwatch.ingest`, one request at a time.
* **Validation.** Every parameter is declared with FastAPI/pydantic constraints (actor keys, real
  dates in years 1000-8999, the 16 PLOVER types, ranges); a bad one gives 422 with a readable
  ``detail`` string (and the pydantic ``errors`` list), an unknown id 404, a problem the user can fix
  (``PactwatchError``) 400. There is no SQL here: every query is a parameterised method of the store.
  Should anything still raise, the outermost middleware logs it and answers 503 in JSON (never a
  bare 500, and the connection stays usable).
* **Write endpoint.** ``POST /api/articles`` is off (404) unless a key is configured; with one, a
  missing or wrong ``X-API-Key`` gives 403 (constant-time comparison). The key is checked before
  the body is read, and bodies over :data:`MAX_BODY_BYTES` are refused with 413.
* **Headers.** Every response carries ``X-Content-Type-Options: nosniff`` and
  ``Content-Security-Policy: default-src 'self'`` (plus ``frame-ancestors 'none'``); the dashboard
  has no inline script and no CDN. FastAPI's interactive docs pages are turned off because they load
  Swagger UI from a CDN, which pactwatch never uses (and which offline machines cannot reach); the
  schema itself is at ``/openapi.json``.
"""
from __future__ import annotations

import datetime as dt
import enum
import hmac
import json
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, Header, HTTPException, Path as PathParam, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from . import __version__
from .errors import InputError, PactwatchError
from .plover import TYPES as PLOVER_TYPES

log = logging.getLogger("pactwatch.server")

WEB_DIR = Path(__file__).resolve().parent / "web"
API_KEY_ENV = "PACTWATCH_API_KEY"
MIN_KEY_LENGTH = 16
MAX_BODY_BYTES = 32 * 1024 * 1024  # POST /api/articles: 1000 articles of ~30 KB
MAX_ARTICLES_PER_REQUEST = 1000
MAX_ARTICLE_CHARS = 1_000_000  # as readers.MAX_ARTICLE_CHARS
LEDGER_PAGE = 10_000
MAX_LEDGER_EVENTS = 200_000  # stored events one ledger may read
MAX_LEDGER_PAIRS = 5_000_000  # (request, candidate event) pairs one ledger may weigh

ACTOR_PATTERN = r"^[A-Z0-9_]{2,12}$"
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"  # ASCII digits: the pattern engine's \d is Unicode
MIN_YEAR, MAX_YEAR = 1000, 8999
TREATY_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$"
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"content-security-policy", b"default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]

PloverType = enum.Enum("PloverType", {t: t for t in PLOVER_TYPES}, type=str)  # type: ignore[misc]
PloverType.__doc__ = "One of the 16 PLOVER event types."


# --- parameter types -------------------------------------------------------------------------------

def _real_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:  # room for windows of days around it without overflow
        raise ValueError(f"{value!r} is out of range (years {MIN_YEAR}-{MAX_YEAR})")
    return date.isoformat()


def _published(value: str | None) -> str | None:
    from .readers import normalise_date

    if value is None or value == "":
        return None
    date = normalise_date(value)
    if date is None:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD or an ISO 8601 date-time)")
    return date


ActorQ = Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="Actor key, e.g. ARM, CSTO.")]
DateQ = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY-MM-DD."), AfterValidator(_real_date)]
TextQ = Annotated[str | None, Query(min_length=1, max_length=200, description="Case-insensitive substring.")]
LimitQ = Annotated[int, Query(ge=1, le=1000, description="Items per page, 1–1000.")]
OffsetQ = Annotated[int, Query(ge=0, le=1_000_000_000, description="Items to skip.")]


class EventOrder(str, enum.Enum):
    date = "date"
    date_desc = "-date"
    type = "type"
    source = "source"
    confidence = "confidence"


class ArticleIn(BaseModel):
    """One article, as a JSONL input line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False)

    id: str = Field(min_length=1, max_length=300, pattern=r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$")
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
    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_ARTICLES_PER_REQUEST)


# --- stores ----------------------------------------------------------------------------------------

class _Stores:
    """Reads through the store's pool (``pactwatch.store.ReaderPool``: the file stays open between
    writes and yields to every writer, this server's or another process's ``pactwatch ingest``);
    when writing is enabled, ingests batch by batch through ``pactwatch.ingest``, one request at a time."""

    def __init__(self, db_path: Path, writable: bool):
        from .store import ReaderPool, writer

        self.path = db_path
        self.writable = writable
        if writable:
            with writer(db_path):  # creates the store if missing
                pass
        self._pool = ReaderPool(db_path)
        self.write_lock = threading.Lock()
        self._extractor = None

    @property
    def generation(self) -> int:
        """Changes whenever the store changed (any writer's batch): keys the ledger cache."""
        return self._pool.generation

    def reader(self) -> Any:
        return self._pool.store()

    def ingest(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        from .ingest import ingest_records

        with self.write_lock:
            if self._extractor is None:
                from .pipeline import Extractor

                self._extractor = Extractor()
            summary = ingest_records(records, db=self.path, extractor=self._extractor)
        return summary.to_dict()

    def close(self) -> None:
        self._pool.close()


class _LedgerCache:
    """Ledgers by (store generation, alliance, window): the store changes only through our writer."""

    def __init__(self, size: int = 32):
        self._items: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def get(self, key: tuple) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: tuple, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class LedgerTooLarge(PactwatchError):
    """The ledger over these filters would read more events than MAX_LEDGER_EVENTS."""


def _all_events(store: Any, cap: int, **filters: Any) -> list[dict[str, Any]]:
    """Every stored event matching ``filters``, paged; LedgerTooLarge if there are more than ``cap``."""
    out: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = store.events(limit=LEDGER_PAGE, offset=offset, **filters)
        if page.total > cap:
            raise LedgerTooLarge(f"the ledger would read {page.total:,} stored events (over {cap:,}); narrow it "
                                 "with alliance=, start= and end=")
        out.extend(page.items)
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return out


def _alliance_side(kb: Any, routes: dict[tuple[str, str], list[Any]], requester: str, addressee: str) -> set[str]:
    """Everyone who can answer a request from ``requester`` to ``addressee``: the parties of every
    treaty routing it, the organisation and the treaty itself."""
    side: set[str] = set()
    for treaty in routes.get((requester, addressee), []):
        side |= kb.parties(treaty.id) | {treaty.id} | ({treaty.organisation} if treaty.organisation else set())
    return side


def _ledger_articles(store: Any, kb: Any, alliance: str | None, start: str | None, end: str | None,
                     window_days: int, cap: int) -> list[dict[str, Any]]:
    """The stored events a ledger needs, grouped by article as extraction output.

    Reading the whole store would be wasteful (and the ledger's matching is quadratic), so only:
    REQUEST events between pairs that can make a ledger request (a party to its alliance or a
    bilateral partner), dated within ``start``..``end``; then, for each requester the ledger
    accepts, its events from its first request to the last one plus the window, with a counterpart
    on the alliance's side and a type the ledger counts as a response. Order within an article is
    kept, so the ledger's result is the same as over all events.
    """
    from .kb import build_ledger
    from .kb.ledger import RESPONSE_TYPES, request_routes

    routes = request_routes(kb)
    requests = [e for e in _all_events(store, cap, type="REQUEST", start=start, end=end, include_negated=False,
                                       include_hypothetical=False)
                if (e["source"], e.get("target")) in routes]
    entries = build_ledger(_grouped(requests), kb, alliance, window_days)
    if not entries:
        return []
    budget = MAX_LEDGER_PAIRS // len(entries)  # the ledger weighs every candidate event against every request
    events: list[dict[str, Any]] = list(requests)
    for requester in sorted({e.requester for e in entries}):
        mine = [e for e in entries if e.requester == requester]
        side = set().union(*(_alliance_side(kb, routes, requester, e.addressee) for e in mine))
        first = min((e.date for e in mine if e.date), default=None)
        last = max((e.date for e in mine if e.date), default=None)
        since = first[:4] + "-01-01" if first and len(first) < 10 else first
        until = None
        if last:
            try:
                until = (dt.date.fromisoformat(last[:4] + "-12-31" if len(last) < 10 else last)
                         + dt.timedelta(days=window_days)).isoformat()
            except (ValueError, OverflowError):
                until = None  # a date at the end of the calendar: no upper bound
        events += [e for e in _all_events(store, cap, actor=requester, start=since, end=until)
                   if e["type"] in RESPONSE_TYPES and (e["source"] in side or e.get("target") in side)]
        if len(events) > budget:
            raise LedgerTooLarge(f"the ledger would weigh over {len(events):,} stored events against {len(entries):,} "
                                 "requests; narrow it with alliance=, start= and end=")
    return _grouped(events)


def _grouped(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    by_article: dict[str, dict[int, dict[str, Any]]] = {}
    for event in events:
        by_article.setdefault(event["article_id"], {})[event["idx"]] = event
    return [{"id": article_id, "events": [found[i] for i in sorted(found)]}
            for article_id, found in sorted(by_article.items())]


# --- the app ---------------------------------------------------------------------------------------

def create_app(db_path: str | Path, api_key: str | None = None, kb_dirs=()) -> FastAPI:
    """The API and dashboard over the store at ``db_path``; ``api_key`` enables POST /api/articles."""
    from .kb import Attack, build_ledger, check_obligations, dyad_milestones, load
    from .kb.model import Request as KbRequest

    db_path = Path(db_path)
    if api_key is not None and api_key == "":
        api_key = None
    if api_key is not None and len(api_key) < MIN_KEY_LENGTH:
        raise InputError("--api-key", f"the API key must be at least {MIN_KEY_LENGTH} characters; make one with "
                                      "python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    if api_key is None and not db_path.is_file():
        raise InputError(str(db_path), "no such store; ingest articles into it first (or give an API key to "
                                       "create it and accept articles over HTTP)")
    kb = load(kb_dirs)
    stores = _Stores(db_path, writable=api_key is not None)
    ledgers = _LedgerCache()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        stores.close()

    app = FastAPI(
        title="pactwatch",
        version=__version__,
        summary="Events, quotes and collective-security commitments from the news.",
        description="The HTTP API of pactwatch (docs/api.md). All responses are JSON; bad parameters give "
                    "422 or 400 with a message, an unknown id 404.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc come from a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.stores = stores
    app.state.kb = kb

    # --- error handling ---------------------------------------------------------------------------

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{k: v for k, v in e.items() if k not in ("input", "url", "ctx")} for e in exc.errors()]
        detail = "; ".join(f"{_where(e.get('loc', ()))}: {e.get('msg', 'invalid')}" for e in errors)
        return JSONResponse({"detail": detail or "invalid request", "errors": jsonable_encoder(errors)},
                            status_code=422)

    @app.exception_handler(PactwatchError)
    async def _user_error(request: Request, exc: PactwatchError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def not_found(what: str) -> HTTPException:
        return HTTPException(status_code=404, detail=what)

    def check_range(start: str | None, end: str | None) -> None:
        if start and end and start > end:
            raise HTTPException(status_code=422, detail=f"start ({start}) is after end ({end})")

    def stored_requests(attack: Any) -> list[Any]:
        """Requests for help by the attacked state that the stored news reports around the attack
        (as ``pactwatch obligations --events``)."""
        on = dt.date.fromisoformat(attack.on)
        start = (on - dt.timedelta(days=30)).isoformat()
        end = (on + dt.timedelta(days=150)).isoformat()  # wider than reasoning's window: it decides
        with stores.reader() as store:
            found = [e for e in _all_events(store, MAX_LEDGER_EVENTS, type="REQUEST", actor=attack.attacked,
                                            start=start, end=end, include_negated=False, include_hypothetical=False)
                     if e["source"] == attack.attacked]
        return [KbRequest(e.requester, e.alliance or e.addressee, e.date, "reported in the news", "extracted")
                for e in build_ledger(_grouped(found), kb) if e.date]

    def ledger_entries(alliance: str | None, start: str | None, end: str | None, window_days: int) -> list[Any]:
        key = (stores.generation, alliance, start, end, window_days)
        cached = ledgers.get(key)
        if cached is None:
            with stores.reader() as store:
                articles = _ledger_articles(store, kb, alliance, start, end, window_days, MAX_LEDGER_EVENTS)
            cached = build_ledger(articles, kb, alliance, window_days)
            ledgers.put(key, cached)
        return cached

    # --- read endpoints ---------------------------------------------------------------------------

    @app.get("/api/health", tags=["store"], summary="Liveness and store counts")
    def health() -> dict[str, Any]:
        with stores.reader() as store:
            counts = store.counts()
        return {"status": "ok", "articles": counts["articles"], "events": counts["events"]}

    @app.get("/api/events", tags=["events"], summary="Events, filtered and paged")
    def events(
        actor: ActorQ = None,
        a: Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="Dyad: one side (with b).")] = None,
        b: Annotated[str | None, Query(pattern=ACTOR_PATTERN, description="Dyad: the other side (with a).")] = None,
        type: Annotated[PloverType | None, Query(description="PLOVER event type.")] = None,  # noqa: A002
        start: DateQ = None,
        end: DateQ = None,
        q: TextQ = None,
        negated: Annotated[bool, Query(description="Include negated events.")] = True,
        hypothetical: Annotated[bool, Query(description="Include hypothetical events.")] = True,
        order: Annotated[EventOrder, Query(description="Sort order.")] = EventOrder.date,
        limit: LimitQ = 100,
        offset: OffsetQ = 0,
    ) -> dict[str, Any]:
        """Events with their article, dates bounding a partial date, PLOVER quad and score.

        `a` and `b` select a dyad (either direction); `actor` events where it is source or target;
        `start`/`end` keep events whose date can fall in the range."""
        if (a is None) != (b is None):
            raise HTTPException(status_code=422, detail="a dyad needs both a and b")
        check_range(start, end)
        with stores.reader() as store:
            page = store.events(actor=actor, dyad=(a, b) if a and b else None, type=type.value if type else None,
                                start=start, end=end, text=q, include_negated=negated,
                                include_hypothetical=hypothetical, limit=limit, offset=offset, order=order.value)
        for event in page.items:  # as extraction output and GET /api/articles/{id}
            event["evidence_span"] = [event.pop("evidence_start", None), event.pop("evidence_end", None)]
        return page.to_dict()

    @app.get("/api/dyad", tags=["events"], summary="A dyad's events over time, with milestones")
    def dyad(
        a: Annotated[str, Query(pattern=ACTOR_PATTERN, description="One side, e.g. ARM.")],
        b: Annotated[str, Query(pattern=ACTOR_PATTERN, description="The other side, e.g. CSTO.")],
        interval: Annotated[Literal["week", "month"], Query(description="Period length.")] = "month",
        start: DateQ = None,
        end: DateQ = None,
    ) -> dict[str, Any]:
        """Counts per PLOVER type and the cooperation–conflict score per period (both directions), and
        the knowledge base's status changes that matter to the dyad."""
        check_range(start, end)
        with stores.reader() as store:
            series = store.dyad_timeline(a, b, interval=interval, start=start, end=end)
            milestones = dyad_milestones(kb, a, b)
        return {"a": a, "b": b, "interval": interval, "series": series, "milestones": milestones}

    @app.get("/api/actors", tags=["events"], summary="Actors with their event and mention counts")
    def actors(q: TextQ = None, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> list[dict[str, Any]]:
        with stores.reader() as store:
            return store.actors(search=q, limit=limit)

    @app.get("/api/network", tags=["events"], summary="Actors and the events between them")
    def network(
        start: DateQ = None,
        end: DateQ = None,
        type: Annotated[list[PloverType] | None, Query(description="PLOVER types (repeatable).")] = None,  # noqa: A002
        min_events: Annotated[int, Query(ge=1, le=1_000_000_000, description="Edges with at least this many events.")] = 1,
    ) -> dict[str, Any]:
        check_range(start, end)
        with stores.reader() as store:
            return store.network(start=start, end=end, types=[t.value for t in type or []], min_events=min_events)

    @app.get("/api/quotes", tags=["quotes"], summary="Quotations, filtered and paged")
    def quotes(
        speaker: TextQ = None,
        actor: ActorQ = None,
        q: TextQ = None,
        limit: LimitQ = 100,
        offset: OffsetQ = 0,
    ) -> dict[str, Any]:
        with stores.reader() as store:
            return store.quotes(speaker=speaker, actor=actor, text=q, limit=limit, offset=offset).to_dict()

    @app.get("/api/articles", tags=["articles"], summary="Stored articles, newest first")
    def articles(limit: LimitQ = 100, offset: OffsetQ = 0) -> dict[str, Any]:
        with stores.reader() as store:
            return store.articles(limit=limit, offset=offset).to_dict()

    @app.get("/api/articles/{article_id:path}", tags=["articles"], summary="One article with its events and quotes")
    def article(article_id: Annotated[str, PathParam(min_length=1, max_length=300)]) -> dict[str, Any]:
        """`text_clean`, events with `evidence_span` and quotes with `span` (character offsets in
        `text_clean`), and the actors it mentions."""
        with stores.reader() as store:
            found = store.article(article_id)
        if found is None:
            raise not_found(f"no article with id {article_id!r}")
        return found

    @app.get("/api/alliances", tags=["commitments"], summary="Treaties and alliances in the knowledge base")
    def alliances() -> list[dict[str, Any]]:
        today = dt.date.today().isoformat()
        return [{"id": t.id, "name": t.name, "organisation": t.organisation, "kind": t.kind,
                 "members": kb.members_on(t.id, today)}
                for t in sorted(kb.treaties.values(), key=lambda t: t.id)]

    @app.get("/api/alliances/{alliance}", tags=["commitments"], summary="A treaty with its members over time")
    def alliance_detail(
        alliance: Annotated[str, PathParam(pattern=TREATY_PATTERN, description="Treaty id (csto) or organisation (CSTO).")],
        on: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Status on this date (default today)."),
                      AfterValidator(_real_date)] = None,
    ) -> dict[str, Any]:
        """The treaty (scope), its obligations, the members on the date, and per member its status on
        the date and its `legal` and `participation` intervals with their sources."""
        treaty = kb.treaty(alliance)
        if treaty is None:
            raise not_found(f"no treaty or alliance {alliance!r} in the knowledge base")
        date = on or dt.date.today().isoformat()
        data = asdict(treaty)
        obligations = data.pop("obligations")
        members = []
        for member in sorted({m.member for m in kb.memberships if m.treaty == treaty.id}):
            status = kb.status_on(member, treaty.id, date)
            members.append({
                "key": member,
                "status": {layer: m.status if m else None for layer, m in status.items()},
                **{layer: [asdict(m) for m in kb.intervals(treaty.id, member, layer)]
                   for layer in ("legal", "participation")},
            })
        return {"treaty": data, "obligations": obligations, "on": date,
                "members_on": kb.members_on(treaty.id, date), "members": members}

    @app.get("/api/obligations", tags=["commitments"], summary="Which commitments an attack engages")
    def obligations(
        attacked: Annotated[str, Query(pattern=ACTOR_PATTERN, description="The state attacked, e.g. ARM.")],
        on: Annotated[str, Query(pattern=DATE_PATTERN, description="Date of the attack."), AfterValidator(_real_date)],
        by: ActorQ = None,
        where: Annotated[str | None, Query(min_length=1, max_length=100, description="Place, as in the knowledge base (Jermuk).")] = None,
        news: Annotated[bool, Query(description="Count requests for help reported in the stored articles too.")] = True,
    ) -> list[dict[str, Any]]:
        """Verdicts (engaged / contested / not engaged) with their steps and zone readings, as
        `pactwatch obligations --json`."""
        attack = Attack(attacked, by, where, on)
        extra = stored_requests(attack) if news else []
        return [v.to_dict() for v in check_obligations(kb, attack, extra)]

    @app.get("/api/ledger", tags=["commitments"], summary="Requests for assistance and what followed")
    def ledger(
        alliance: Annotated[str | None, Query(pattern=TREATY_PATTERN, description="Only this alliance (CSTO, NATO).")] = None,
        window_days: Annotated[int, Query(ge=1, le=36_500, description="Days after a request to look for responses.")] = 730,
        start: DateQ = None,
        end: DateQ = None,
    ) -> list[dict[str, Any]]:
        """Built from the stored events, as `pactwatch ledger --json`; `start`/`end` bound the
        requests' dates. Over a very large store, narrow it (400 says so when needed)."""
        check_range(start, end)
        treaty = kb.treaty(alliance) if alliance else None
        if alliance is not None and treaty is None:
            raise not_found(f"no treaty or alliance {alliance!r} in the knowledge base")
        name = (treaty.organisation or treaty.id) if treaty else None
        return [e.to_dict() for e in ledger_entries(name, start, end, window_days)]

    # --- write endpoint ---------------------------------------------------------------------------

    def require_key(x_api_key: Annotated[str | None, Header(description="The key given to `pactwatch serve`.")] = None) -> None:
        # Starlette decodes header bytes as latin-1: encoding back gives the raw value
        problem = _key_problem(api_key, x_api_key.encode("latin-1") if x_api_key is not None else None)
        if problem:
            raise HTTPException(status_code=problem[0], detail=problem[1])

    @app.post("/api/articles", tags=["articles"], summary="Ingest articles (needs an API key)",
              dependencies=[Depends(require_key)],
              responses={403: {"description": "Missing or wrong X-API-Key"},
                         404: {"description": "Writing is off: the server was started without an API key"},
                         413: {"description": "Body too large"}})
    def post_articles(body: ArticlesIn) -> dict[str, Any]:
        """Extract and store up to 1000 articles (`id` and `text` or `html`, optional `published`,
        `url`, `title`, `outlet`). Articles already stored (same cleaned text) are skipped."""
        return stores.ingest([a.model_dump(exclude_none=True) for a in body.articles])

    # --- the rest ---------------------------------------------------------------------------------

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                   include_in_schema=False)
    def api_unknown(rest: str, request: Request) -> JSONResponse:
        path = request.url.path
        allowed = sorted({m for r in app.routes if isinstance(r, APIRoute) and r.endpoint is not api_unknown
                          and r.path_regex.match(path) for m in r.methods})
        if allowed:
            return JSONResponse({"detail": f"method {request.method} not allowed here"}, status_code=405,
                                headers={"Allow": ", ".join(allowed)})
        return JSONResponse({"detail": f"no such endpoint: {path}"}, status_code=404)

    if WEB_DIR.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")

    app.add_middleware(_Guard, api_key=api_key)
    return app


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header", "body"):
        kind, rest = parts[0], parts[1:]
        return f"{kind} parameter {'.'.join(rest)}" if kind != "body" else "body" + "".join(f"[{p}]" for p in rest)
    return ".".join(parts) or "request"


def _key_problem(configured: str | None, given: bytes | None) -> tuple[int, str] | None:
    """(status, message) when a write must be refused; ``given`` is the raw X-API-Key header value."""
    if configured is None:
        return 404, "writing is off: start the server with an API key (PACTWATCH_API_KEY) to accept articles"
    if given is None or not hmac.compare_digest(given, configured.encode("utf-8")):
        return 403, "a valid X-API-Key header is required"
    return None


class _Guard:
    """ASGI middleware: security headers on every response; for POST /api/articles the key is checked
    before the body is read, and the body is capped at MAX_BODY_BYTES."""

    def __init__(self, app: Any, api_key: str | None):
        self.app = app
        self.api_key = api_key

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in {h for h, _ in SECURITY_HEADERS}]
                for name, value in SECURITY_HEADERS:
                    headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        started = False

        async def send_tracked(message: dict) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send_with_headers(message)

        try:
            await self._dispatch(scope, receive, send_tracked)
        except Exception:  # noqa: BLE001 - the last line of defence: a JSON answer, the connection kept
            log.exception("unexpected error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            await _send_json(send_tracked, 503, {"detail": "the server could not answer this request; "
                                                           "the error is logged"})

    async def _dispatch(self, scope: dict, receive: Any, send_with_headers: Any) -> None:
        if scope["method"] == "POST" and scope.get("path", "").rstrip("/") == "/api/articles":
            headers = {k.lower(): v for k, v in scope.get("headers", [])}
            given = headers.get(b"x-api-key")
            problem = _key_problem(self.api_key, given)
            if problem:
                await _send_json(send_with_headers, problem[0], {"detail": problem[1]})
                return
            length = headers.get(b"content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
                await _send_json(send_with_headers, 413, {"detail": f"body over {MAX_BODY_BYTES} bytes"})
                return
            body, more, size = [], True, 0
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    await _send_json(send_with_headers, 413, {"detail": f"body over {MAX_BODY_BYTES} bytes"})
                    return
                body.append(chunk)
                more = message.get("more_body", False)
            data, sent = b"".join(body), False

            async def replay() -> dict:
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": data, "more_body": False}
                return await receive()

            await self.app(scope, replay, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


async def _send_json(send: Any, status: int, payload: dict) -> None:
    body = json.dumps(payload).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# --- pactwatch serve -------------------------------------------------------------------------------

def serve_command(db: str | Path, host: str = "127.0.0.1", port: int = 8000, api_key: str | None = None,
                  open_browser: bool = False, kb_dirs=()) -> None:
    """Run the API and dashboard under uvicorn until interrupted (``pactwatch serve``).

    ``api_key`` defaults to the ``PACTWATCH_API_KEY`` environment variable; without one the store is
    served read-only and POST /api/articles is off.
    """
    import uvicorn

    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV) or None
    if not (0 < int(port) < 65536):
        raise InputError("--port", f"not a port: {port}")
    app = create_app(db, api_key=api_key, kb_dirs=kb_dirs)
    loopback = host in {"127.0.0.1", "localhost", "::1"} or host.startswith("127.")
    if not loopback:
        log.warning("serving on %s: reachable from other machines, without TLS%s", host,
                    "; the API key travels in clear text" if api_key else "")
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    if open_browser:
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    config = uvicorn.Config(app, host=host, port=int(port), workers=1, log_level="info", access_log=False,
                            server_header=False, proxy_headers=False)
    uvicorn.Server(config).run()


__all__ = ["create_app", "serve_command"]
