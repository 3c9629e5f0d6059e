"""Shared fixtures: run the real ``pactwatch`` console script as a subprocess (tests/cli_helpers.py)."""
from __future__ import annotations

import pytest

from cli_helpers import run_pactwatch


@pytest.fixture(scope="session")
def pactwatch():
    """``pactwatch(*args, cwd=..., stdin=b"...")`` -> CompletedProcess with bytes stdout/stderr."""
    return run_pactwatch
