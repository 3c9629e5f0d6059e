"""`make test` on a machine without Chromium: it says what is missing, the browser tests are
reported as skipped with the reason, and the run passes. Runs `make test` itself on the browser
test modules, with PACTWATCH_CHROMIUM pointing at a browser that is not there."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_test_without_chromium_skips_browser_tests_with_the_reason(tmp_path):
    missing = tmp_path / "no-chromium" / "chromium"
    me = Path(__file__).resolve()
    modules = sorted(str(p.relative_to(REPO)) for p in HERE.glob("test_*.py") if p.resolve() != me)
    assert modules, "no browser test modules beside this one"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["PACTWATCH_CHROMIUM"] = str(missing)
    # only the browser test modules, never this one (it would run itself again)
    env["PYTEST_ADDOPTS"] = f"-p no:cacheprovider --ignore={me} " + " ".join(modules)
    # -o: the install stamp counts as up to date, so this runs the test target and no reinstall
    proc = subprocess.run(["make", "--no-print-directory", "-o", ".venv/.installed-stamp", "test"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    # make says what is missing and how to get it, before the tests run
    assert f"no Chromium at {missing}" in out and "apt-get install chromium" in out, out
    final = proc.stdout.strip().splitlines()[-1]  # pytest's closing line
    assert "failed" not in final and "error" not in final, final
    skipped = int(re.search(r"(\d+) skipped", final).group(1))
    assert skipped >= 20, final
    # every skip names the reason (pytest's -ra summary lists each one)
    reasons = [line for line in out.splitlines() if line.startswith("SKIPPED")]
    assert reasons and all(f"Debian's Chromium is not at {missing}" in line for line in reasons), "\n".join(reasons)
    assert "Traceback" not in out and "playwright._impl" not in out, out
