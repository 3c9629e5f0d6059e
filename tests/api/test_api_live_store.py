"""The server reads through short-lived reads: ``pactwatch ingest`` runs while it serves, and the
new rows show without a restart (and the cached ledger is recomputed)."""
from __future__ import annotations

import json
import shutil
import subprocess

from .api_helpers import PACTWATCH, Server, ok


def test_ingest_while_serving_shows_new_rows(dbs, tmp_path):
    db = tmp_path / "live.duckdb"
    shutil.copyfile(dbs[0], db)
    server = Server(db, None, tmp_path / "live.log")
    try:
        before = ok(server.client.get("/api/health"))
        ledger_before = ok(server.client.get("/api/ledger", params={"alliance": "CSTO"}))
        feed = tmp_path / "feed.jsonl"
        feed.write_text(json.dumps({"id": "t-live", "published": "2022-10-10", "text":
                                    "On October 9 Russia sent military aid to Armenia.\n"
                                    "Kazakhstan held talks with Armenia in Astana on Sunday."}) + "\n")
        run = subprocess.run([str(PACTWATCH), "ingest", str(feed), "--db", str(db)], capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stderr
        after = ok(server.client.get("/api/health"))
        assert after["articles"] == before["articles"] + 1 and after["events"] > before["events"]
        assert ok(server.client.get("/api/article/t-live"))["id"] == "t-live"
        ledger_after = ok(server.client.get("/api/ledger", params={"alliance": "CSTO"}))
        cited = {r["citation"]["article"] for e in ledger_after for r in e["responses"]}
        assert "t-live" in cited and ledger_after != ledger_before
    finally:
        server.stop()
