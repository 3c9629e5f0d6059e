"""Every error the API answers, in one shape: ``{"detail": "<one line>"}`` plus, for 422, ``errors``.

* 422 — a parameter or the body does not fit its declaration (``detail`` joins the problems as
  "query parameter start: ..."; ``errors`` lists them with ``loc``, ``msg`` and ``type``);
* 400 — a value the user can fix that only the server can judge (:class:`PactwatchError`);
* 404 — nothing has that id or name (with ``suggestions`` when a lookup has close matches);
* 503 — the store is busy with a write (``Retry-After``) or could not be read; a computation
  overran its deadline; or anything unexpected (the outermost middleware, logged).

The schema documents the same shapes (:mod:`.schemas`), so generated clients can rely on them.
"""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import PactwatchError
from ..lookup import NotFound
from ..store import StoreBusy, StoreError
from .params import PATTERN_MESSAGES
from .singleflight import ClientGone, Overdue

RETRY_AFTER = 1  # seconds: a batch of writes takes well under a second


class NotFoundError(HTTPException):
    """404 with the close matches a lookup found."""

    def __init__(self, detail: str, suggestions: list[str] | None = None):
        super().__init__(status_code=404, detail=detail)
        self.suggestions = suggestions or []


def unprocessable(detail: str, loc: list[str | int] | None = None) -> RequestValidationError:
    """A 422 for a check FastAPI cannot declare (two parameters that must agree)."""
    return RequestValidationError([{"loc": loc or ["query"], "msg": detail, "type": "value_error"}])


def where(loc: Any) -> str:
    """'query parameter start', 'body[articles][0][id]' from a pydantic error location."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("query", "path", "header"):
        return f"{parts[0]} parameter {'.'.join(parts[1:])}" if parts[1:] else f"{parts[0]} parameters"
    if parts and parts[0] == "body":
        return "body" + "".join(f"[{p}]" for p in parts[1:])
    return ".".join(parts) or "request"


def _message(error: dict[str, Any]) -> str:
    """pydantic's message, or ours where it would show a regular expression."""
    pattern = (error.get("ctx") or {}).get("pattern")
    if error.get("type") == "string_pattern_mismatch" and pattern in PATTERN_MESSAGES:
        value = repr(error.get("input"))
        return PATTERN_MESSAGES[pattern].format(value=value if len(value) <= 80 else value[:77] + "...")
    message = str(error.get("msg", "invalid"))
    return message.removeprefix("Value error, ")


def validation_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    cleaned = [{"loc": list(e.get("loc", ())), "msg": _message(e), "type": str(e.get("type", "value_error"))}
               for e in errors]
    detail = "; ".join(f"{where(e['loc'])}: {e['msg']}" for e in cleaned)
    return {"detail": detail or "invalid request", "errors": jsonable_encoder(cleaned)}


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(validation_body(list(exc.errors())), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        body: dict[str, Any] = {"detail": str(exc.detail)}
        if isinstance(exc, NotFoundError):
            body["suggestions"] = exc.suggestions
        return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "suggestions": exc.suggestions}, status_code=404)

    @app.exception_handler(StoreBusy)
    async def _busy(request: Request, exc: StoreBusy) -> JSONResponse:
        return JSONResponse({"detail": f"{exc.message}; retry in a moment"}, status_code=503,
                            headers={"Retry-After": str(RETRY_AFTER)})

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": f"the store cannot be read: {exc.message}"}, status_code=503)

    @app.exception_handler(Overdue)
    async def _overdue(request: Request, exc: Overdue) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(PactwatchError)
    async def _user_error(request: Request, exc: PactwatchError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(ClientGone)
    async def _gone(request: Request, exc: ClientGone) -> Response:
        return Response(status_code=499)  # nginx's "client closed request": nobody reads it
