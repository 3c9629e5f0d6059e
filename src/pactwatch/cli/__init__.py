"""The ``pactwatch`` command: a thin layer over the Python API.

    pactwatch extract articles/ --out events.jsonl
    pactwatch eval gold.jsonl events.jsonl

Each verb lives in the module of its job (``extract``, ``summary``, ``evaluate``, ``store``, ``kb``) and registers
itself on the one Typer ``app``.
"""
from __future__ import annotations

import signal
import sys

from ..errors import PactwatchError
from . import evaluate, extract, kb, spark, store, summary  # noqa: F401  (each registers its commands on app)
from . import watch  # noqa: F401  (pactwatch watch, pactwatch sources)
from .app import app
from .common import err, report, terminate, use_conventional_help

use_conventional_help(app)


def main() -> None:
    """Console entry point: errors the user can fix are one line on stderr, never a traceback."""
    signal.signal(signal.SIGTERM, terminate)
    try:
        app()
    except PactwatchError as error:
        report(f"pactwatch: error: {error}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("pactwatch: interrupted; no partial output was kept", markup=False)
        sys.exit(130)
