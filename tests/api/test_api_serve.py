"""``pactwatch serve``: the port in use as one line (exit 2), --kb, create_app's refusals, make demo PORT."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from .api_helpers import Server, free_port, ok

from pactwatch.api import create_app
from pactwatch.errors import InputError

PACTWATCH = Path(sys.executable).parent / "pactwatch"
REPO = Path(__file__).resolve().parents[2]


def test_a_port_in_use_is_one_line_naming_it(api_server, dbs):
    run = subprocess.run([str(PACTWATCH), "serve", "--db", str(dbs[0]), "--port", str(api_server.port)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and str(api_server.port) in lines[0] and "in use" in lines[0], run.stderr
    assert "Traceback" not in run.stderr
    assert ok(api_server.client.get("/api/health"))  # the server already there is untouched


def test_serve_takes_kb_directories(dbs, tmp_path):
    kb = tmp_path / "kb"
    kb.mkdir()
    (kb / "treaties.yaml").write_text(yaml.safe_dump([{
        "id": "test-pact", "name": "Test Pact of Mutual Aid", "organisation": None, "kind": "bilateral",
        "signed": "2001-02-03", "source": "https://example.org/test-pact", "obligations": [],
        "scope": {"kind": "member_territory"}}]))
    (kb / "memberships.yaml").write_text(yaml.safe_dump([
        {"treaty": "test-pact", "member": m, "layer": "legal", "status": "member", "start": "2001-02-03",
         "end": None, "source": "https://example.org/test-pact"} for m in ("FRA", "DEU")]))
    server = Server(dbs[0], None, tmp_path / "kb.log", "--kb", str(kb))
    try:
        assert "test-pact" in {t["id"] for t in ok(server.client.get("/api/alliances"))}
    finally:
        server.stop()


def test_create_app_refuses_what_cannot_work(tmp_path):
    with pytest.raises(InputError, match="no such store"):
        create_app(tmp_path / "missing.duckdb")
    with pytest.raises(InputError, match="at least 16"):
        create_app(tmp_path / "new.duckdb", api_key="short")


def test_make_demo_serves_on_the_port_given():
    run = subprocess.run(["make", "-n", "demo", "PORT=8123"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    serve = [line for line in run.stdout.splitlines() if " serve " in line]
    assert serve and "--port 8123" in serve[0], run.stdout
    default = subprocess.run(["make", "-n", "demo"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "--port 8000" in default.stdout


def test_a_free_port_is_served(dbs, tmp_path):
    port = free_port()
    server = Server(dbs[0], None, tmp_path / "port.log", port=port)
    try:
        assert server.url.endswith(str(port)) and ok(server.client.get("/api/health"))
    finally:
        server.stop()
