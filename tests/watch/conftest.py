"""The local HTTP server fixture (tests/watch/watch_site.py): a module of its own, as tests/cli_helpers.py
explains, since ``from conftest import ...`` picks whichever conftest pytest loaded first."""
from __future__ import annotations

import pytest

from watch_site import Site


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()
