"""About the server and its vocabulary: health, the PLOVER ontology, actor names to keys."""
from __future__ import annotations

from fastapi import Depends
from fastapi.responses import JSONResponse

from .. import plover
from ..lookup import resolve_actor
from .context import Context, ctx
from .params import NameQ
from .routing import Route
from .schemas import Health, Resolved


def health(c: Context = Depends(ctx)) -> JSONResponse:
    """Liveness, and how many articles and events the store holds now."""
    with c.read() as store:
        counts = store.counts()
    return JSONResponse({"status": "ok", "articles": counts["articles"], "events": counts["events"]})


def ontology() -> JSONResponse:
    """The PLOVER types with their quad class, score, CAMEO code and modes (`pactwatch.plover.to_json()`)."""
    return JSONResponse(plover.to_json())


def resolve(q: NameQ) -> JSONResponse:
    """The one actor `q` names: a key in any case (`ARM`, `arm`) or a name (`Armenia`). 404 with
    `suggestions` when it names none or several."""
    found = resolve_actor(q, field="q")
    return JSONResponse({"key": found.key, "name": found.name, "kind": found.kind})


ROUTES = [
    Route("GET", "/api/health", health, "Liveness and store counts", ("store",), model=Health),
    Route("GET", "/api/plover", ontology, "The PLOVER ontology: types, quad classes, scores", ("events",)),
    Route("GET", "/api/resolve", resolve, "An actor key from a name", ("events",), model=Resolved, errors=(404,)),
]
