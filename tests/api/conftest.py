"""Fixtures of the API tests: the test store (ingested once per session) and servers over it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from .api_helpers import ARTICLES, KEY, REFERENCE, Server

from pactwatch.ingest import ingest_records
from pactwatch.kb import build_ledger, load
from pactwatch.store import reader


@pytest.fixture(scope="session")
def dbs(tmp_path_factory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("api")
    db = tmp / "store.duckdb"
    summary = ingest_records(ARTICLES, db=db)
    assert summary.added == len(ARTICLES), summary
    with reader(db) as store:
        # what `pactwatch ledger --json` gives over every stored event: the API must agree
        REFERENCE["ledger"] = json.loads(json.dumps([e.to_dict() for e in build_ledger(store.all_event_records(),
                                                                                         load())]))
    writable = tmp / "writable.duckdb"
    shutil.copyfile(db, writable)
    return db, writable


@pytest.fixture(scope="session")
def api_server(dbs, tmp_path_factory):
    server = Server(dbs[0], None, tmp_path_factory.mktemp("log") / "readonly.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def api(api_server):
    return api_server.client


@pytest.fixture(scope="module")
def writer(dbs, tmp_path_factory):
    server = Server(dbs[1], KEY, tmp_path_factory.mktemp("log") / "writable.log")
    yield server.client
    server.stop()
