"""Fixtures for the store tests: stores of hand-made results (store_results.py), no model."""
from __future__ import annotations

from pathlib import Path

import pytest

from pactwatch.store import reader, writer
from store_results import sample_results


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    """A store file holding sample_results(), written in one batch."""
    db = tmp_path_factory.mktemp("store") / "sample.duckdb"
    with writer(db) as store:
        written = store.write_results(sample_results())
    assert (written.added, written.skipped) == (3, 0)
    return db


@pytest.fixture
def sample(sample_db):
    """The sample store open for reading."""
    with reader(sample_db) as store:
        yield store
