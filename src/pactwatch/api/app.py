"""``create_app``: wires the context, the error handlers, the route tables and the middleware.

Nothing is decided here that a resource module could decide: the endpoints live in the modules of
:data:`BUILTINS`, each with its ``ROUTES`` table, and a plugin with a ``ROUTES`` table is installed
the same way after them (:mod:`.routing`).
"""
from __future__ import annotations

from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from .. import __version__
from ..errors import InputError
from . import articles, changes, commitments, errors, events, meta, quotes, write
from .context import READ_WAIT, Context
from .middleware import LOOPBACK_NAMES, HeadAsGet, HostGuard, Shield, WriteGuard
from .routing import Plugin, install
from .write import MAX_BODY_BYTES, ArticlesIn

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
MIN_KEY_LENGTH = 16
BUILTINS: tuple[Plugin, ...] = (meta, events, changes, quotes, articles, commitments, write)


def create_app(db_path: str | Path, api_key: str | None = None, kb_dirs: Iterable[str | Path] = (),
               allowed_hosts: Iterable[str] = LOOPBACK_NAMES, plugins: Iterable[Plugin] = (),
               read_wait: float = READ_WAIT) -> FastAPI:
    """The API and dashboard over the store at ``db_path``.

    ``api_key`` enables POST /api/articles; ``kb_dirs`` add knowledge-base directories;
    ``allowed_hosts`` are the host names requests may be addressed to (DNS rebinding: see
    :class:`.middleware.HostGuard`; ``"*"`` for any); ``plugins`` add route tables.
    """
    from ..kb import load
    from ..store import ReaderPool, writer

    db_path = Path(db_path)
    if api_key == "":
        api_key = None
    if api_key is not None and len(api_key) < MIN_KEY_LENGTH:
        raise InputError("--api-key", f"the API key must be at least {MIN_KEY_LENGTH} characters; make one with "
                                      "python -c 'import secrets; print(secrets.token_urlsafe(32))'")
    if api_key is None and not db_path.is_file():
        raise InputError(str(db_path), "no such store; ingest articles into it first (or give an API key to "
                                       "create it and accept articles over HTTP)")
    kb = load(kb_dirs)
    if api_key is not None and not db_path.is_file():
        with writer(db_path):  # creates the store, so that readers can open it
            pass
    context = Context(db_path, kb, api_key, ReaderPool(db_path, timeout=read_wait), read_wait)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        context.flights.close()
        context.close()

    app = FastAPI(
        title="pactwatch",
        version=__version__,
        summary="Events, quotes and collective-security commitments from the news.",
        description="The HTTP API of pactwatch (docs/api.md). Responses are JSON (the CSV export aside). Every "
                    "error has `detail`, a string: 422 for a bad parameter or body (with `errors`), 404 for an "
                    "unknown id or name, 400 for a value only the server can judge, 503 when the store is busy "
                    "(with Retry-After) or the server could not answer.",
        lifespan=lifespan,
        docs_url=None,  # Swagger UI and ReDoc come from a CDN; the schema is at /openapi.json
        redoc_url=None,
    )
    app.state.ctx = context
    app.state.kb = kb
    errors.install(app)
    for plugin in (*BUILTINS, *plugins):
        install(app, plugin.ROUTES)
    _install_fallback(app)
    _document_extra_models(app, ArticlesIn)
    if WEB_DIR.is_dir():
        from fastapi.staticfiles import StaticFiles

        app.mount("/", StaticFiles(directory=WEB_DIR, html=True), name="web")

    # added innermost first: Shield wraps everything, the write guard sits next to the app
    app.add_middleware(WriteGuard, api_key=api_key, max_body=MAX_BODY_BYTES)
    app.add_middleware(HeadAsGet)
    app.add_middleware(HostGuard, allowed=list(allowed_hosts))
    app.add_middleware(Shield)
    return app


def _install_fallback(app: FastAPI) -> None:
    """Under /api/, a JSON 405 (with Allow) for a known path and a JSON 404 for an unknown one."""

    def api_unknown(rest: str, request: Request) -> JSONResponse:
        path = request.url.path
        allowed = sorted({m for r in app.routes if isinstance(r, APIRoute) and r.endpoint is not api_unknown
                          and r.path_regex.match(path) for m in r.methods})
        if allowed:
            if "GET" in allowed:
                allowed.append("HEAD")
            return JSONResponse({"detail": f"method {request.method} not allowed here"}, status_code=405,
                                headers={"Allow": ", ".join(sorted(allowed))})
        return JSONResponse({"detail": f"no such endpoint: {path}"}, status_code=404)

    app.add_api_route("/api/{rest:path}", api_unknown, methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
                      include_in_schema=False)


def _document_extra_models(app: FastAPI, *models: Any) -> None:
    """Put models that routes reference by hand (a body read leniently) into the schema's components."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                 description=app.description, routes=app.routes)
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in models:
                found = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(found.pop("$defs", {}))
                components[model.__name__] = found
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
