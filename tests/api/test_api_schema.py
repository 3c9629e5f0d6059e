"""The live schema against live responses: every answer's status is documented for its route and
its body fits the documented schema (a small JSON Schema checker of our own: the subset the
schema uses). Generated clients rely on exactly this."""
from __future__ import annotations

import re

import pytest
from .api_helpers import ok

# (path, params) pairs, good and bad, over every GET route
SAMPLES = [
    ("/api/health", {}), ("/api/plover", {}),
    ("/api/resolve", {"q": "Armenia"}), ("/api/resolve", {"q": "Armenie"}), ("/api/resolve", {"q": ""}),
    ("/api/events", {}), ("/api/events", {"actor": "ARM", "order": "-score", "limit": 2}),
    ("/api/events", {"start": "2024-02-30"}), ("/api/events", {"cursor": "bm90"}), ("/api/events", {"a": "ARM"}),
    ("/api/events.csv", {"type": "REJECT"}), ("/api/events.csv", {"type": "X"}),
    ("/api/dyad", {"a": "ARM", "b": "CSTO"}), ("/api/dyad", {"a": "ARM"}),
    ("/api/actors", {}), ("/api/network", {}), ("/api/network", {"min_events": 0}),
    ("/api/quotes", {}), ("/api/quotes", {"limit": 0}),
    ("/api/articles", {}), ("/api/article/t-arm-request", {}), ("/api/article/nothing", {}), ("/api/article/%00", {}),
    ("/api/articles/t-r1", {}),
    ("/api/alliances", {}), ("/api/alliances/csto", {}), ("/api/alliances/nope", {}),
    ("/api/obligations", {"attacked": "ARM", "on": "2022-09-13"}), ("/api/obligations", {"attacked": "ARM"}),
    ("/api/ledger", {}), ("/api/ledger", {"alliance": "WARSAW"}), ("/api/ledger", {"window_days": 0}),
]


class Mismatch(AssertionError):
    pass


def check(value, schema: dict, spec: dict, where: str = "$") -> None:
    """Raise Mismatch when ``value`` does not fit ``schema`` (the JSON Schema subset FastAPI emits)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return check(value, spec["components"]["schemas"][name], spec, where)
    if "anyOf" in schema:
        for option in schema["anyOf"]:
            try:
                return check(value, option, spec, where)
            except Mismatch:
                continue
        raise Mismatch(f"{where}: {value!r} fits none of {schema['anyOf']}")
    kind = schema.get("type")
    kinds = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list,
             "object": dict, "null": type(None)}
    if kind is not None:
        if isinstance(kind, list):
            if not any(_is(value, kinds[k]) for k in kind):
                raise Mismatch(f"{where}: {value!r} is not {kind}")
        elif not _is(value, kinds[kind]):
            raise Mismatch(f"{where}: {value!r} is not {kind}")
    if "enum" in schema and value not in schema["enum"]:
        raise Mismatch(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, str) and "pattern" in schema and not re.search(schema["pattern"], value):
        raise Mismatch(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        for name in schema.get("required", []):
            if name not in value:
                raise Mismatch(f"{where}: required {name!r} missing")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                check(value[name], sub, spec, f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            check(item, schema["items"], spec, f"{where}[{i}]")


def _is(value, kind) -> bool:
    if kind is int or kind == (int, float):
        return isinstance(value, kind) and not isinstance(value, bool)
    return isinstance(value, kind)


def _operation(spec: dict, path: str, method: str = "get") -> dict:
    for template, item in spec["paths"].items():
        if re.match("^" + re.sub(r"\{[^}]+\}", ".+", template) + "$", path) and method in item:
            return item[method]
    raise AssertionError(f"{path} is not in the schema")


@pytest.fixture(scope="module")
def spec(api):
    return ok(api.get("/openapi.json"))


@pytest.mark.parametrize("path,params", SAMPLES, ids=[f"{p}?{q}" for p, q in SAMPLES])
def test_response_fits_the_schema(api, spec, path, params):
    operation = _operation(spec, path)
    response = api.get(path, params=params)
    documented = operation["responses"]
    assert str(response.status_code) in documented, (response.status_code, sorted(documented), response.text[:300])
    content = documented[str(response.status_code)].get("content", {})
    media = response.headers["content-type"].split(";")[0]
    assert media in content, (media, content)
    if media == "application/json":
        check(response.json(), content[media]["schema"], spec)


def test_no_route_promises_fastapis_array_detail(spec):
    assert "HTTPValidationError" not in spec["components"]["schemas"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if operation.get("parameters") or operation.get("requestBody"):
                schema = operation["responses"]["422"]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ValidationProblem"}, (path, method)
    detail = spec["components"]["schemas"]["ValidationProblem"]["properties"]["detail"]
    assert detail["type"] == "string"


def test_not_found_is_documented_where_it_happens(spec):
    for path in ("/api/article/{ref}", "/api/alliances/{alliance}", "/api/ledger", "/api/resolve"):
        assert "404" in spec["paths"][path]["get"]["responses"], path
    assert {"403", "404", "413"} <= set(spec["paths"]["/api/articles"]["post"]["responses"])


def test_the_write_body_is_documented(spec):
    body = spec["paths"]["/api/articles"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/ArticlesIn"}
    assert "ArticleIn" in spec["components"]["schemas"]


def test_head_answers_every_get_route(api, spec):
    for path, params in SAMPLES:
        get, head = api.get(path, params=params), api.head(path, params=params)
        assert head.status_code == get.status_code, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"], path


def test_the_schema_and_the_dashboard_are_served(api, spec):
    for path in ("/api/events", "/api/events.csv", "/api/dyad", "/api/actors", "/api/network", "/api/quotes",
                 "/api/articles", "/api/article/{ref}", "/api/articles/{article_id}", "/api/alliances",
                 "/api/alliances/{alliance}", "/api/obligations", "/api/ledger", "/api/health", "/api/plover",
                 "/api/resolve"):
        assert path in spec["paths"], path
    assert "post" in spec["paths"]["/api/articles"]
    assert api.get("/docs").status_code == 404  # Swagger UI would load from a CDN: turned off
    home = api.get("/")
    if home.status_code == 200:  # the dashboard, when its files are there
        assert home.headers["content-type"].startswith("text/html")
