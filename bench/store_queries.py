#!/usr/bin/env python3
"""The queries behind the dashboard on a large store, under concurrent load: this store against the previous one.

Usage::

    python bench/store_queries.py                          # 1,000,000 events, 16 threads, 200 calls per query
    python bench/store_queries.py --events 200000 --calls 200 --threads 8
    python bench/store_queries.py --db /tmp/bench.duckdb   # keep the store and reuse it on the next run
    python bench/store_queries.py --json > store_queries.json

What it does, and stops by itself when done:

1. **Store.** The synthetic store of ``bench/api_load.py`` (``build_store``: Zipf-skewed actors,
   news-like types, ten years of partial dates, five events an article), built through the
   store's own schema, its summary tables rebuilt by a writer.
2. **Two implementations, one file, one process.** *new* is ``pactwatch.store`` as it is, read
   through a ``ReaderPool`` (one cursor per call, as the server does). *reference* is the store
   module of pactwatch 0.1 (``src/pactwatch/store.py`` at commit ``REFERENCE_COMMIT``, read
   from git and loaded as a module; it reads the same tables), one read-only ``Store`` per thread
   as that server kept a pool of them. Both share DuckDB's cache, and warm up before timing.
3. **Load.** For each query, ``--threads`` threads make ``--calls`` calls with parameters drawn
   (seeded, the same for both) from what the dashboard asks first: the events list newest first
   (page 1, a later page, one actor), a dyad's count and monthly timeline, the network, the
   actor list, quotes, articles, one article, the store counts; and the text search of
   ``bench/api_load.py``. Rounds alternate new, reference, new, reference … per query, so drift
   in machine speed falls on both; the medians of the rounds' percentiles are reported.

Reported per query, for each implementation: p50 and p99 latency in milliseconds, and the CPU
milliseconds a call costs (this process's CPU time over the round, every thread's, divided by the
calls: unlike latency it does not grow with other work on the machine); the ratios reference ÷ new
(above 1: the new store is faster); and the machine's load average at the time. On a shared
machine, read the CPU column for capacity: with C cores, 16 concurrent callers wait about
16 × cpu ÷ C per call on an otherwise idle machine. The question: is p99 ≤ 200 ms with 16
concurrent callers on one million events for the dashboard's default queries?
"""
from __future__ import annotations

import argparse
import concurrent.futures
import importlib.util
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
REFERENCE_COMMIT = "1a936ea"  # the last commit with the single-module store (store format 1)
TARGET_P99_MS = 200.0
TEXTS = ("sanctions", "aid to", "troops", "talks with")


def load_reference():
    """pactwatch 0.1's store module, from git, as ``pactwatch._store_reference``."""
    source = subprocess.run(["git", "-C", str(REPO), "show", f"{REFERENCE_COMMIT}:src/pactwatch/store.py"],
                            capture_output=True, text=True)
    if source.returncode != 0:
        raise SystemExit(f"cannot read the reference store from git ({REFERENCE_COMMIT}): {source.stderr.strip()}")
    spec = importlib.util.spec_from_loader("pactwatch._store_reference", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "pactwatch"
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    exec(compile(source.stdout, f"{REFERENCE_COMMIT}:src/pactwatch/store.py", "exec"), module.__dict__)  # noqa: S102
    return module


def queries(keys: list[str], article_ids: list[str]) -> dict[str, callable]:
    """Query name -> f(store, rng): what the dashboard's views ask for first."""
    def actor(rng, head=len(keys)):
        return keys[min(int(len(keys) * rng.random() ** 2.5), head - 1)]

    def pair(rng):
        a, b = rng.sample(keys[:40], 2)
        return a, b

    return {
        "health: counts": lambda s, rng: s.counts(),
        "events: newest first": lambda s, rng: s.events(order="-date", limit=50),
        "events: a later page": lambda s, rng: s.events(order="-date", limit=50, offset=50 * rng.randint(1, 20)),
        "events: one actor": lambda s, rng: s.events(actor=actor(rng), order="-date", limit=50),
        "events: dyad count": lambda s, rng: s.events(dyad=pair(rng), limit=1),
        "dyad: monthly timeline": lambda s, rng: s.dyad_timeline(*pair(rng), interval="month"),
        "network": lambda s, rng: s.network(min_events=1),
        "actors": lambda s, rng: s.actors(limit=1000),
        "quotes": lambda s, rng: s.quotes(limit=50),
        "articles": lambda s, rng: s.articles(limit=50),
        "article": lambda s, rng: s.article(rng.choice(article_ids)),
        "events: text search": lambda s, rng: s.events(text=rng.choice(TEXTS), limit=50),
    }


def timed_round(run_one, calls: int, threads: int, seed: int) -> tuple[list[float], float]:
    """``calls`` calls from ``threads`` threads: latencies in ms, and this process's CPU ms per call
    (every thread's, DuckDB's included: what the calls cost, whatever else the machine runs)."""
    rngs = [random.Random(seed * 1000 + i) for i in range(calls)]
    cpu = time.process_time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as pool:
        latencies = list(pool.map(run_one, rngs))
    return latencies, (time.process_time() - cpu) * 1000 / calls


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="Synthetic events (default 1,000,000).")
    parser.add_argument("--calls", type=int, default=200, help="Timed calls per query per round (default 200).")
    parser.add_argument("--threads", type=int, default=16, help="Concurrent callers (default 16).")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds per implementation (default 3).")
    parser.add_argument("--only", action="append", help="Only queries whose name contains this (repeatable).")
    parser.add_argument("--db", type=Path, help="Store to build, or reuse if it holds --events events.")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()
    if min(args.events, args.calls, args.threads, args.rounds) < 1:
        parser.error("--events, --calls, --threads and --rounds must be at least 1")
    say = (lambda *a: print(*a, file=sys.stderr, flush=True)) if args.json else (lambda *a: print(*a, flush=True))

    import api_load
    from pactwatch.store import ReaderPool, reader

    tmp = tempfile.TemporaryDirectory(prefix="pactwatch-store-queries-")
    db = args.db or Path(tmp.name) / "bench.duckdb"
    if args.db and db.exists() and api_load._store_events(db) == args.events:
        say(f"reusing {db} ({args.events:,} events)")
    else:
        for suffix in ("", ".wal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        say(f"building a store of {args.events:,} synthetic events in {db} ...")
        say(f"  built: {api_load.build_store(db, args.events)}")
    with reader(db) as store:
        keys = [k["key"] for k in store.actors(limit=1000)]
        article_ids = [r[0] for r in store.con.execute("SELECT id FROM articles USING SAMPLE 500 ROWS").fetchall()]
        assert store.summaries_fresh(), "the store's summary tables are stale"

    reference = load_reference()
    per_thread = threading.local()
    opened: list = []
    lock = threading.Lock()

    def reference_store():
        store = getattr(per_thread, "store", None)
        if store is None:
            store = per_thread.store = reference.Store(db, read_only=True)
            with lock:
                opened.append(store)
        return store

    pool = ReaderPool(db)
    implementations = ("new", "reference")

    def caller(name: str, query):
        def one(rng) -> float:
            started = time.perf_counter()
            if name == "new":
                with pool.store() as store:
                    query(store, rng)
            else:
                query(reference_store(), rng)
            return (time.perf_counter() - started) * 1000
        return one

    results = []
    try:
        for qname, query in queries(keys, article_ids).items():
            if args.only and not any(o in qname for o in args.only):
                continue
            rounds: dict[str, list[tuple[float, float, float]]] = {"new": [], "reference": []}
            for name in implementations:  # warm-up, untimed
                timed_round(caller(name, query), min(args.calls, 4 * args.threads), args.threads, 999)
            for r in range(args.rounds):
                for name in implementations:
                    ms, cpu = timed_round(caller(name, query), args.calls, args.threads, r)
                    rounds[name].append((percentile(ms, 50), percentile(ms, 99), cpu))
            row = {"query": qname, "load_average": round(os.getloadavg()[0], 1)}
            for name, values in rounds.items():
                row[f"{name}_p50_ms"] = round(statistics.median(v[0] for v in values), 1)
                row[f"{name}_p99_ms"] = round(statistics.median(v[1] for v in values), 1)
                row[f"{name}_cpu_ms"] = round(statistics.median(v[2] for v in values), 1)
            row["ratio_p50"] = round(row["reference_p50_ms"] / max(row["new_p50_ms"], 0.01), 1)
            row["ratio_p99"] = round(row["reference_p99_ms"] / max(row["new_p99_ms"], 0.01), 1)
            row["ratio_cpu"] = round(row["reference_cpu_ms"] / max(row["new_cpu_ms"], 0.01), 1)
            results.append(row)
            say(f"{qname:<24} new p50 {row['new_p50_ms']:>7} p99 {row['new_p99_ms']:>7} cpu {row['new_cpu_ms']:>6} ms | "
                f"reference p50 {row['reference_p50_ms']:>7} p99 {row['reference_p99_ms']:>7} cpu "
                f"{row['reference_cpu_ms']:>6} ms | ratio p50 {row['ratio_p50']:>5} p99 {row['ratio_p99']:>5} "
                f"cpu {row['ratio_cpu']:>5}  (load {row['load_average']})")
    finally:
        pool.close()
        for store in opened:
            store.close()
        tmp.cleanup()

    default = [r for r in results if r["query"] != "events: text search"]
    worst = max((r["new_p99_ms"] for r in default), default=float("nan"))
    met = all(r["new_p99_ms"] <= TARGET_P99_MS for r in default)
    cores = os.cpu_count() or 1
    slowest = max(default, key=lambda r: r["new_cpu_ms"], default=None)
    say(f"\ndefault queries, {args.threads} concurrent callers, {args.events:,} events: worst p99 {worst} ms -> "
        f"target p99 <= {TARGET_P99_MS:g} ms {'MET' if met else 'NOT MET'} (load average {os.getloadavg()[0]:.1f} "
        f"on {cores} cores)")
    if slowest:
        say(f"costliest default query: {slowest['query']}, {slowest['new_cpu_ms']} CPU ms a call: "
            f"{args.threads} callers on {cores} idle cores wait about {args.threads * slowest['new_cpu_ms'] / cores:.0f} ms")
    if args.json:
        print(json.dumps({"events": args.events, "threads": args.threads, "calls": args.calls, "rounds": args.rounds,
                          "reference_commit": REFERENCE_COMMIT, "python": platform.python_version(),
                          "machine": platform.machine(), "cpus": os.cpu_count(), "results": results,
                          "target_p99_ms": TARGET_P99_MS, "target_met": met}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
