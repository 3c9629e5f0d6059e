"""Loading the knowledge base with the ATOP import as an overlay, against the shipped base alone.

    .venv/bin/python bench/kb_load.py [--repeats 3]

Imports ATOP v4.01 from ../shared/reference/atop (`pactwatch kb import-atop`) into a temporary
directory, then times `pactwatch.kb.load()` (shipped base) and `load([atop])` alternately in this one
process, and prints the best of each and their ratio; also the same pair through PyYAML's pure-Python
loader (the guarded loader without libyaml) as the reference. Figures are ratios in one run, not limits.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ATOP = Path(__file__).resolve().parents[2] / "shared" / "reference" / "atop"


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not ATOP.is_dir():
        print(f"bench/kb_load.py: {ATOP} is missing (the shared reference data)", file=sys.stderr)
        return 2
    from pactwatch import resources
    from pactwatch.kb import load

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "atop"
        subprocess.run([str(Path(sys.executable).parent / "pactwatch"), "kb", "import-atop",
                        str(ATOP / "atop_v4.01_member_level.csv"), str(ATOP / "atop_v4.01_alliance_level.csv"),
                        "--into", str(out)], check=True, capture_output=True)
        rows = []
        fast = resources._FastLoader
        for name, loader in (("libyaml (C)", fast), ("pure Python", None)):
            if name.startswith("libyaml") and loader is None:
                continue
            resources._FastLoader = loader
            base = best(load, args.repeats)
            with_atop = best(lambda: load([out]), args.repeats)
            rows.append((name, base, with_atop))
        resources._FastLoader = fast
    print(f"{'loader':<14}{'base s':>10}{'base+ATOP s':>14}{'ratio':>8}")
    for name, base, with_atop in rows:
        print(f"{name:<14}{base:>10.3f}{with_atop:>14.3f}{with_atop / base:>8.1f}")
    if len(rows) == 2:
        print(f"libyaml vs pure Python with ATOP: {rows[1][2] / rows[0][2]:.1f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
