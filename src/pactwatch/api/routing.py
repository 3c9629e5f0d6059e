"""Routes as a table, and the hooks that put tables on the app.

Each resource module (``events``, ``quotes``, ``articles``, ``commitments``, ``meta``, ``write``)
declares ``ROUTES``, a list of :class:`Route`; :func:`install` adds a module's table to the app.
``create_app`` installs the built-in modules and then any ``plugins`` the same way, so an
extension adds endpoints exactly as the built-ins do (Datasette's ``register_routes`` is the
model), and the whole API can be read off the tables.

Endpoints get what they need through FastAPI dependencies (:func:`pactwatch.api.context.ctx`),
never through closures over ``create_app``'s locals, so they are plain module-level functions.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi import FastAPI

from .schemas import problems


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    endpoint: Callable[..., Any]
    summary: str
    tags: tuple[str, ...] = ()
    model: Any = None  # the 200 response's model, for the schema
    errors: tuple[int, ...] = ()  # error statuses besides 400/422/503 (404, 403, 413)
    response_class: Any = None  # a non-JSON response (CSV)
    media_type: str | None = None
    dependencies: tuple[Any, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


class Plugin(Protocol):
    """What ``create_app(plugins=...)`` accepts: anything with a ``ROUTES`` table."""

    ROUTES: list[Route]


def install(app: FastAPI, routes: Iterable[Route]) -> None:
    for route in routes:
        responses: dict[int | str, dict[str, Any]] = problems(*route.errors)
        if route.model is not None:
            responses[200] = {"model": route.model}
        if route.media_type:
            responses[200] = {"content": {route.media_type: {"schema": {"type": "string"}}},
                              "description": "Successful Response"}
        options: dict[str, Any] = {}
        if route.response_class is not None:
            options["response_class"] = route.response_class
        app.add_api_route(route.path, route.endpoint, methods=[route.method], summary=route.summary,
                          tags=list(route.tags), responses=responses, response_model=None,
                          dependencies=list(route.dependencies), **options, **route.extra)
