"""The ledger over a store reads only its candidates, yet gives what the ledger over every stored
event gives: checked on a synthetic store of 30,000 events (bench/api_load.py's builder: skewed
actors, every PLOVER type, partial dates), for several alliances and windows."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pactwatch.api.ledger_query import grouped, ledger_entries
from pactwatch.kb import build_ledger, load
from pactwatch.store import reader

BENCH = Path(__file__).resolve().parents[2] / "bench" / "api_load.py"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    spec = importlib.util.spec_from_file_location("api_load", BENCH)
    api_load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(api_load)
    db = tmp_path_factory.mktemp("ledger") / "synthetic.duckdb"
    api_load.build_store(db, 30_000)
    return db


@pytest.mark.parametrize("alliance,window", [("nato", 730), ("nato", 30), (None, 730), (None, 90), ("eu", 365)])
def test_candidates_give_the_ledger_of_every_event(synthetic, alliance, window):
    kb = load()
    with reader(synthetic) as store:
        everything = store.events_of(types=[])  # every stored event
        narrowed = ledger_entries(store, kb, alliance, None, None, window)
    expected = build_ledger(grouped(everything), kb, alliance, window)
    assert expected and sum(len(e.responses) for e in expected) > 0
    assert json.dumps([e.to_dict() for e in narrowed]) == json.dumps([e.to_dict() for e in expected])


def test_the_candidates_are_a_small_part_of_the_store(synthetic):
    kb = load()
    calls = []
    with reader(synthetic) as store:
        original = store.events_of

        def counted(*args, **kwargs):
            rows = original(*args, **kwargs)
            calls.append(len(rows))
            return rows

        store.events_of = counted
        assert ledger_entries(store, kb, "nato", None, None, 730)
    assert len(calls) == 2 and sum(calls) < 30_000 // 10, calls
