"""Health, the PLOVER ontology and names to actor keys."""
from __future__ import annotations

import pytest
from .api_helpers import ARTICLES, bad, ok

from pactwatch import plover


def test_health(api):
    data = ok(api.get("/api/health"))
    assert data["status"] == "ok" and data["articles"] == len(ARTICLES) and data["events"] >= 6


def test_plover_is_the_ontology_module(api):
    assert ok(api.get("/api/plover")) == plover.to_json()


@pytest.mark.parametrize("q", ["Armenia", "ARM", "arm", "  armenia "])
def test_resolve_a_name_or_key(api, q):
    assert ok(api.get("/api/resolve", params={"q": q})) == {"key": "ARM", "name": "Armenia", "kind": "state"}


def test_resolve_unknown_gives_404_with_suggestions(api):
    body = bad(api.get("/api/resolve", params={"q": "Armenie"}), 404)
    assert "Armenie" in body["detail"] and any("ARM" in s for s in body["suggestions"])


@pytest.mark.parametrize("q", ["", "Arm\x00enia", "x" * 201])
def test_resolve_refuses_what_is_no_name(api, q):
    bad(api.get("/api/resolve", params={"q": q}), 422)
