#!/usr/bin/env python3
"""``pactwatch spark-extract`` at local[1] and local[2] against ``pactwatch extract`` and ``--workers 2``.

Usage::

    python bench/spark_throughput.py                          # 2,000 synthetic articles (the issue's size)
    python bench/spark_throughput.py --articles 200 --json out/spark.json

One run, one after the other on the same synthetic corpus (``bench/make_corpus.py``), each end to
end through this checkout's CLI (interpreter and JVM start-up, model loads, reading, coding, writing):

  A  ``pactwatch extract CORPUS``                           one process (the reference)
  B  ``pactwatch extract CORPUS --workers 2``
  C  ``pactwatch spark-extract CORPUS --master local[1]``   one Spark core, one Python worker
  D  ``pactwatch spark-extract CORPUS --master local[2]``   two, with ``--partitions 2``
  S  ``pactwatch spark-extract`` on 2 articles at local[1]  Spark's fixed cost (JVM, session, one model load)

It prints articles per second for each and each one's throughput as a ratio to A (> 1: faster
than one process), and C's and D's throughput past the fixed cost, (wall - S) per article. The
Parquet written by C and D is checked to hold the same results as A's JSONL, article by article.
CPU time is not compared: Spark's Python workers are not children the driver waits for. The
machine's load average is recorded with every run. Exit status 0 unless it crashes.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extract_throughput import head, load_average, make_corpus  # noqa: E402

SRC = Path(__file__).resolve().parents[1] / "src"
CLI = [sys.executable, "-c", "from pactwatch.cli import main; main()"]


def run(argv: list[str], log: Path) -> dict:
    """Wall time and exit status of one command (stdout and stderr to ``log``)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    load_before = load_average()
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    devnull = os.open(os.devnull, os.O_RDONLY)
    actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2)]
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, _ = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    os.close(fd)
    os.close(devnull)
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        print(f"warning: {' '.join(argv[3:])} exited with {code}: {log.read_text(errors='replace')[-800:]}",
              file=sys.stderr)
    return {"wall_s": round(wall, 2), "exit": code, "load_before": load_before}


def same_results(jsonl: Path, parquet: Path) -> bool:
    """Whether the Parquet rows hold exactly the JSONL's results (every documented field)."""
    from pactwatch.spark.parquet import read_results

    want = {r["id"]: r for r in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())}
    got = {}
    for item in read_results(parquet):
        if not hasattr(item, "to_dict"):
            return False
        got[item.id] = item.to_dict()
    return got == want


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if args.articles < 2:
        parser.error("--articles must be at least 2")
    sys.path.insert(0, str(SRC))
    with tempfile.TemporaryDirectory(prefix="pactwatch-spark-bench-") as name:
        tmp = Path(name)
        corpus, small = tmp / "corpus.jsonl", tmp / "two.jsonl"
        make_corpus(args.articles, args.seed, tmp / "made.jsonl")
        n = head(tmp / "made.jsonl", args.articles, corpus)
        head(corpus, 2, small)
        batch = ["--batch-size", str(args.batch_size)]
        plan = {
            "extract": CLI + ["extract", str(corpus), "--out", str(tmp / "a.jsonl"), "--quiet"] + batch,
            "workers2": CLI + ["extract", str(corpus), "--out", str(tmp / "b.jsonl"), "--quiet", "--workers", "2"] + batch,
            "spark_local1": CLI + ["spark-extract", str(corpus), "--out", str(tmp / "c"), "--quiet",
                                   "--master", "local[1]"] + batch,
            "spark_local2": CLI + ["spark-extract", str(corpus), "--out", str(tmp / "d"), "--quiet",
                                   "--master", "local[2]", "--partitions", "2"] + batch,
            "spark_fixed_cost": CLI + ["spark-extract", str(small), "--out", str(tmp / "s"), "--quiet",
                                       "--master", "local[1]"] + batch,
        }
        runs = {}
        for kind, command in plan.items():
            print(f"{kind}: {' '.join(command[3:5])} ({n if kind != 'spark_fixed_cost' else 2} articles) ...",
                  file=sys.stderr, flush=True)
            runs[kind] = run(command, tmp / f"{kind}.log")
        checks = {
            "workers2_identical": (tmp / "a.jsonl").read_bytes() == (tmp / "b.jsonl").read_bytes(),
            "spark_local1_same_results": same_results(tmp / "a.jsonl", tmp / "c"),
            "spark_local2_same_results": same_results(tmp / "a.jsonl", tmp / "d"),
        }
    ref = runs["extract"]["wall_s"]
    fixed = runs["spark_fixed_cost"]["wall_s"]
    report = {"articles": n, "batch_size": args.batch_size, "cores": os.cpu_count(), "load_end": load_average(),
              "runs": runs, "checks": checks, "ratios_to_extract": {}, "articles_per_s": {}}
    for kind in ("extract", "workers2", "spark_local1", "spark_local2"):
        wall = runs[kind]["wall_s"]
        report["articles_per_s"][kind] = round(n / wall, 2)
        report["ratios_to_extract"][kind] = round(ref / wall, 2)
    report["spark_past_fixed_cost_articles_per_s"] = {
        kind: round(n / (runs[kind]["wall_s"] - fixed), 2) if runs[kind]["wall_s"] > fixed else None
        for kind in ("spark_local1", "spark_local2")}
    print(f"{n} articles, {os.cpu_count()} cores, load average at the end {report['load_end']}")
    for kind, label in (("extract", "pactwatch extract"), ("workers2", "extract --workers 2"),
                        ("spark_local1", "spark-extract local[1]"), ("spark_local2", "spark-extract local[2]")):
        print(f"  {label:24} {runs[kind]['wall_s']:7.1f} s  {report['articles_per_s'][kind]:6.2f} articles/s  "
              f"{report['ratios_to_extract'][kind]:.2f}x extract  (load before {runs[kind]['load_before']})")
    print(f"  Spark's fixed cost (2 articles at local[1]): {fixed:.1f} s; past it, "
          + ", ".join(f"{k.removeprefix('spark_')} {v} articles/s"
                      for k, v in report["spark_past_fixed_cost_articles_per_s"].items()))
    print("  checks: " + ", ".join(f"{k} {v}" for k, v in checks.items()))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
