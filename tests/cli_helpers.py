"""Running the real ``pactwatch`` console script as a subprocess, for tests in any folder.

A module of its own rather than ``conftest``: with one conftest.py per test folder, ``from conftest
import …`` picks whichever conftest module pytest loaded first, so shared helpers live here.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PACTWATCH = Path(sys.executable).parent / "pactwatch"
REPO = Path(__file__).resolve().parents[1]


def pactwatch_env() -> dict[str, str]:
    """The caller's environment without terminal-size hints, so stderr wrapping is the non-tty default."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return env


def run_pactwatch(*args: str | os.PathLike[str], cwd: Path, stdin: bytes | None = None,
                  timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run ``pactwatch ARGS`` in ``cwd``; stdout and stderr are captured as bytes."""
    if not PACTWATCH.is_file():
        pytest.fail(f"console script missing: {PACTWATCH} (install the package in editable mode)")
    return subprocess.run([str(PACTWATCH), *map(str, args)], cwd=cwd, input=stdin if stdin is not None else b"",
                          capture_output=True, timeout=timeout, env=pactwatch_env())
