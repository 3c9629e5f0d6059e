#!/usr/bin/env python3
"""What one long article costs ``pactwatch extract``: seconds and peak memory at 25k to 200k characters.

Usage::

    python bench/article_cost.py                          # 25k, 50k, 100k, 200k characters, both shapes
    python bench/article_cost.py --sizes 25000 400000 --shape one-line --json

Each size runs in its own fresh ``pactwatch extract`` process (so peak RSS from ``os.wait4`` is that
one article's), on a one-article JSONL file of synthetic wire copy from ``make_corpus.py`` (our own
text). Shapes:

* ``one-line``  -- the articles' paragraphs joined by spaces: one line, many sentences (a feed that
                   strips line breaks);
* ``no-stops``  -- the same without sentence punctuation: one "sentence" as long as the article.

Reported against the smallest size of the same shape in the same run: CPU seconds per character
and extra memory per character as ratios (1.0 = linear; the issue measured 2.8x at 100k against 25k
before segments, bounded sentences and the cached document text). CPU time (user + system, from
``os.wait4``) rather than wall time, because the machine is shared: other processes stretch the
wall clock but not the CPU a process itself spends. A 1-article run is subtracted as the start-up
reference (imports, model load). It is a benchmark: the exit status is 0 unless it crashes.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACTWATCH = Path(sys.executable).parent / "pactwatch"
SHAPES = ("one-line", "no-stops")
STOPS = str.maketrans("", "", ".!?;:")


def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", HERE / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def long_article(chars: int, shape: str = "one-line", seed: int = 7) -> str:
    """``chars`` characters of synthetic wire copy on one line, in the given shape."""
    import datetime as dt

    corpus = _make_corpus()
    parts: list[str] = []
    length, index = 0, 0
    while length < chars:
        text = corpus.make_article(seed, 0, index, f"a{index}", dt.date(2024, 1, 1), 365)["text"]
        text = " ".join(text.split())
        if shape == "no-stops":
            text = text.translate(STOPS)
        parts.append(text)
        length += len(text) + 1
        index += 1
    return " ".join(parts)[:chars]


def run_one(corpus: Path, out: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (bytes) of one ``pactwatch extract`` process."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(PACTWATCH), "extract", str(corpus), "--out", str(out), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"pactwatch extract failed on {corpus}: {proc.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def measure(sizes: list[int], shapes: list[str], workdir: Path) -> list[dict]:
    reference = workdir / "startup.jsonl"
    reference.write_text(json.dumps({"id": "s", "published": "2024-03-01",
                                     "text": "Armenia asked the CSTO for help."}) + "\n", encoding="utf-8")
    base_seconds, base_cpu, base_rss = run_one(reference, workdir / "startup.out")
    rows = []
    for shape in shapes:
        first = None
        for size in sizes:
            corpus = workdir / f"{shape}-{size}.jsonl"
            corpus.write_text(json.dumps({"id": f"{shape}-{size}", "published": "2024-03-01",
                                          "text": long_article(size, shape)}) + "\n", encoding="utf-8")
            seconds, cpu, rss = run_one(corpus, workdir / f"{shape}-{size}.out")
            row = {"shape": shape, "chars": size, "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                   "work_cpu_seconds": round(max(cpu - base_cpu, 1e-3), 2), "peak_rss_mb": round(rss / 2**20),
                   "extra_rss_mb": round(max(rss - base_rss, 0) / 2**20)}
            first = first or row
            row["cpu_per_char_ratio"] = round(
                (row["work_cpu_seconds"] / size) / (first["work_cpu_seconds"] / first["chars"]), 2)
            row["extra_rss_per_char_ratio"] = round(
                (max(row["extra_rss_mb"], 1) / size) / (max(first["extra_rss_mb"], 1) / first["chars"]), 2)
            rows.append(row)
    rows.insert(0, {"shape": "startup", "chars": 32, "seconds": round(base_seconds, 2), "cpu_seconds": round(base_cpu, 2),
                    "peak_rss_mb": round(base_rss / 2**20)})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    parser.add_argument("--shape", choices=SHAPES, action="append", help="repeatable; default: both")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="article-cost-") as tmp:
        rows = measure(sorted(args.sizes), args.shape or list(SHAPES), Path(tmp))
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'shape':<9} {'chars':>8} {'wall s':>7} {'cpu s':>7} {'work cpu':>8} {'peak MB':>8} {'extra MB':>9} "
          f"{'cpu/char ratio':>15} {'MB/char ratio':>14}")
    for r in rows:
        print(f"{r['shape']:<9} {r['chars']:>8,} {r['seconds']:>7.1f} {r['cpu_seconds']:>7.1f} "
              f"{r.get('work_cpu_seconds', 0):>8.1f} {r['peak_rss_mb']:>8} {r.get('extra_rss_mb', 0):>9} "
              f"{r.get('cpu_per_char_ratio', ''):>15} {r.get('extra_rss_per_char_ratio', ''):>14}")
    print("ratios are per character against the smallest size of the same shape: 1.0 is linear cost, "
          "below 1 is memory bounded")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
