"""Security headers, the Host check (DNS rebinding), the JSON 503 of last resort, a busy store."""
from __future__ import annotations

import httpx
import pytest
from .api_helpers import InProcess, Server, bad, ok

from pactwatch.api import create_app
from pactwatch.store import Store, writer


def test_security_headers(api):
    for path in ("/api/health", "/api/events?limit=0", "/api/nothing", "/", "/api/events.csv"):
        response = api.get(path)
        assert response.headers["x-content-type-options"] == "nosniff", path
        assert response.headers["content-security-policy"].startswith("default-src 'self'"), path


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhostx"])
def test_a_foreign_host_header_is_refused(api, host):
    response = api.get("/api/health", headers={"Host": host})
    body = bad(response, 421)
    assert host.split(":")[0] in body["detail"] and "--allowed-host" in body["detail"]
    assert response.headers["x-content-type-options"] == "nosniff"
    bad(api.get("/", headers={"Host": host}), 421)  # the dashboard too


def test_loopback_names_are_served(api_server):
    for host in ("127.0.0.1", f"127.0.0.1:{api_server.port}", f"localhost:{api_server.port}", "[::1]",
                 f"[::1]:{api_server.port}", "LOCALHOST"):
        assert api_server.client.get("/api/health", headers={"Host": host}).status_code == 200, host


def test_allowed_host_adds_a_name_for_a_reverse_proxy(dbs, tmp_path):
    server = Server(dbs[0], None, tmp_path / "proxy.log", "--allowed-host", "pactwatch.example.org")
    try:
        assert ok(server.client.get("/api/health", headers={"Host": "pactwatch.example.org"}))["status"] == "ok"
        bad(server.client.get("/api/health", headers={"Host": "other.example.org"}), 421)
    finally:
        server.stop()


def test_an_unexpected_error_is_a_json_503_not_a_500(dbs, monkeypatch):
    """The last line of defence: a store method that fails is logged and answered in JSON."""

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "counts", broken)
    server = InProcess(create_app(dbs[0]))
    try:
        response = server.client.get("/api/health")
        assert response.status_code == 503 and "logged" in response.json()["detail"]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert server.client.get("/api/alliances").status_code == 200  # the app goes on
    finally:
        server.stop()


def test_a_busy_store_is_503_with_retry_after(dbs, tmp_path):
    """A writer that holds the store longer than a request may wait: 503 and Retry-After, no hang."""
    import shutil

    db = tmp_path / "busy.duckdb"
    shutil.copyfile(dbs[0], db)
    server = InProcess(create_app(db, read_wait=0.5))
    try:
        assert ok(server.client.get("/api/health"))["articles"] > 0
        with writer(db):  # another writer's long batch (the pool lets go of the file for it)
            response = server.client.get("/api/events", timeout=10)
            assert response.status_code == 503, response.text
            assert int(response.headers["retry-after"]) >= 1 and "busy" in response.json()["detail"]
        assert ok(server.client.get("/api/health"))["articles"] > 0  # and back once it is done
    finally:
        server.stop()


def test_head_is_not_a_way_around_the_guards(api):
    assert api.head("/api/health", headers={"Host": "evil.example"}).status_code == 421
    assert httpx.Client(base_url=str(api.base_url)).request("HEAD", "/api/nothing").status_code == 404
