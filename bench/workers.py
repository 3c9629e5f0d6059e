#!/usr/bin/env python3
"""``pactwatch extract --workers 2`` against one process, and against two plain processes on halves.

Usage::

    python bench/workers.py                        # 2,000 synthetic articles, 2 rounds
    python bench/workers.py --articles 200 --repeats 1 --json out/workers.json

Each round runs, one after the other on the same corpus (``bench/make_corpus.py``), end to end
through the console script (start-up, model load, reading, coding, writing):

  A  ``pactwatch extract CORPUS``                      one process
  B  ``pactwatch extract CORPUS --workers 2``          the built-in path
  C  ``pactwatch extract HALF1 & pactwatch extract HALF2``  two plain processes at once (issue 12's
     reference: "two CLI processes on halves of a corpus reach 1.79x one process")

Wall time is from start to the last process's end; CPU time is every process's user + system time
(``os.wait4`` counts a worker pool's children). Ratios are A / B and A / C per round (> 1: faster than
one process), reported as the median over rounds with their spread ``(max - min) / median``; issue
12's acceptance, ``--workers 2`` >= 1.8x one process on 2 cores, gets a verdict only from at least
``MIN_PAIRS`` rounds within ``MAX_SPREAD`` (as in bench/extract_throughput.py). The machine's load
average is recorded with every run: other work on the machine lowers every parallel ratio. B's
output is checked to be byte-identical to A's. Exit status 0 unless it crashes (2 for bad arguments).
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
from extract_throughput import (MAX_SPREAD, MIN_PAIRS, head, load_average, make_corpus,  # noqa: E402
                                pactwatch_exe, pair_ratios, verdict)

ACCEPTANCE = (1.8, 'issue 12: "--workers 2 >= 1.8x one process on 2 cores"')


def run_together(argvs: list[list[str]], outs: list[Path]) -> dict:
    """Start every command at once and wait for all: wall to the last end, CPU summed."""
    load_before = load_average()
    devnull = os.open(os.devnull, os.O_RDWR)
    t0 = time.perf_counter()
    pids = []
    for argv, out in zip(argvs, outs):
        err = os.open(out.with_suffix(".err"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, err, 2)]
        pids.append(os.posix_spawn(argv[0], argv, os.environ, file_actions=actions))
        os.close(err)
    cpu, exits = 0.0, []
    for pid in pids:
        _, status, usage = os.wait4(pid, 0)
        cpu += usage.ru_utime + usage.ru_stime
        exits.append(os.waitstatus_to_exitcode(status))
    wall = time.perf_counter() - t0
    os.close(devnull)
    return {"wall_s": wall, "cpu_s": cpu, "exits": exits, "load_before": load_before}


def extract_argv(corpus: Path, out: Path, batch_size: int, workers: int | None = None) -> list[str]:
    argv = [pactwatch_exe(), "extract", str(corpus), "--out", str(out), "--quiet", "--batch-size", str(batch_size)]
    return argv + (["--workers", str(workers)] if workers else [])


def split(corpus: Path, n: int, first: Path, second: Path) -> None:
    lines = [line for line in corpus.read_text(encoding="utf-8").splitlines(keepends=True) if line.strip()]
    first.write_text("".join(lines[: n // 2]), encoding="utf-8")
    second.write_text("".join(lines[n // 2:]), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if args.articles < 2 or args.repeats < 1:
        parser.error("--articles must be at least 2 and --repeats at least 1")
    with tempfile.TemporaryDirectory(prefix="pactwatch-workers-") as tmp_name:
        tmp = Path(tmp_name)
        full = tmp / "full.jsonl"
        make_corpus(args.articles, args.seed, tmp / "made.jsonl")
        n = head(tmp / "made.jsonl", args.articles, full)
        split(full, n, tmp / "half1.jsonl", tmp / "half2.jsonl")
        runs: dict[str, list[dict]] = {"one": [], "workers2": [], "halves": []}
        identical = True
        for r in range(args.repeats):
            print(f"round {r + 1}/{args.repeats}: one process, --workers 2, two processes on halves "
                  f"({n} articles) ...", file=sys.stderr, flush=True)
            a_out, b_out = tmp / "a.jsonl", tmp / "b.jsonl"
            runs["one"].append(run_together([extract_argv(full, a_out, args.batch_size)], [a_out]))
            runs["workers2"].append(run_together([extract_argv(full, b_out, args.batch_size, 2)], [b_out]))
            identical = identical and a_out.read_bytes() == b_out.read_bytes()
            halves = [tmp / "h1.jsonl", tmp / "h2.jsonl"]
            runs["halves"].append(run_together([extract_argv(tmp / "half1.jsonl", halves[0], args.batch_size),
                                                extract_argv(tmp / "half2.jsonl", halves[1], args.batch_size)],
                                               halves))
        wall = lambda kind: [x["wall_s"] for x in runs[kind]]  # noqa: E731
        cpu = lambda kind: [x["cpu_s"] for x in runs[kind]]  # noqa: E731
        report = {
            "articles": n, "repeats": args.repeats, "cores": os.cpu_count(), "load_end": load_average(),
            "output_identical": identical,
            "workers2_vs_one": {"wall": pair_ratios(wall("one"), wall("workers2")),
                                "cpu": pair_ratios(cpu("one"), cpu("workers2"))},
            "halves_vs_one": {"wall": pair_ratios(wall("one"), wall("halves")),
                              "cpu": pair_ratios(cpu("one"), cpu("halves"))},
            "runs": runs,
        }
        report["acceptance"] = {"target": ACCEPTANCE[0], "source": ACCEPTANCE[1],
                                "verdict": verdict(report["workers2_vs_one"]["wall"], ACCEPTANCE[0])}
    for name, label in (("workers2_vs_one", "--workers 2"), ("halves_vs_one", "two processes on halves")):
        w, c = report[name]["wall"], report[name]["cpu"]
        print(f"{label}: wall {w['median']:.2f}x one process (pairs {', '.join(f'{p:.2f}' for p in w['pairs'])}), "
              f"CPU {c['median']:.2f}x (one process's CPU seconds / its CPU seconds)")
    print(f"output of --workers 2 byte-identical to one process: {identical}")
    print(f"{ACCEPTANCE[1]}: {report['acceptance']['verdict']} "
          f"(needs {MIN_PAIRS} rounds within {MAX_SPREAD:.0%} spread); load average at the end {report['load_end']}")
    for kind, label in (("one", "one process"), ("workers2", "--workers 2"), ("halves", "halves")):
        print(f"  {label}: " + "; ".join(f"{x['wall_s']:.1f}s wall, {x['cpu_s']:.1f}s CPU, load {x['load_before']}"
                                          for x in runs[kind]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
