#!/usr/bin/env python3
"""Load test of the HTTP API over a store of synthetic events: p50/p99 per endpoint, 1 and 16 clients.

Usage::

    python bench/api_load.py                              # 1,000,000 events; 1 then 16 clients
    python bench/api_load.py --events 100000 --requests 300 --concurrency 1,8
    python bench/api_load.py --db /tmp/bench.duckdb       # keep the store and reuse it on the next run
    python bench/api_load.py --json > api_load.json

What it does, and stops by itself when done:

1. **Store.** Creates the store's schema with ``pactwatch.store.Store`` and fills it with ``--events``
   synthetic events in a few DuckDB ``INSERT ... SELECT`` statements (no NLP: running the extractor
   over a million events would take hours and measure the extractor, not the API). Deterministic
   (``setseed``). Distributions meant to look like news coding:

   * actors: the first ~150 keys of pactwatch's own actor dictionaries (states, then organisations),
     drawn with a Zipf-like skew (``floor(150 * random() ** 2.5)``), so a few actors are in most
     events and most in few; source and target differ; 4% of events have no target;
   * types: the 16 PLOVER types with news-like weights (CONSULT, ACCUSE, AGREE, SUPPORT frequent;
     CONCEDE, RETREAT rare); quad and score from ``data/plover.yaml``;
   * dates: ten years (2015-2024), uniform; 85% of events dated to the day, 10% to the month, 5% to
     the year (``date_start``/``date_end`` bound the partial date, as the store does); 3% negated, 5%
     hypothetical;
   * articles: five events each (so ``--events / 5`` articles, with ``text_clean``, title, outlet),
     one quotation every four articles, and the ``article_actors`` rows the actors endpoint uses.

2. **Server.** Starts ``pactwatch serve --db STORE --port P`` (the console script next to this
   interpreter: uvicorn, one worker, read-only store, no API key) on a free 127.0.0.1 port, and waits
   for ``/api/health``.

3. **Load.** For each ``--concurrency`` level (default 1 and 16) and each endpoint, that many
   clients (one ``httpx.AsyncClient``, a semaphore) send ``--requests`` requests, after ``--warmup``
   untimed ones. Requests are drawn (seeded) from realistic filters:

   * ``/api/health``: the reference — a request that reads two counts; every other endpoint's
     p50 is also given as a ratio to it, so machines of different speed compare;
   * ``/api/events``, what the dashboard's events view sends (``order`` one of its sortable columns,
     ``limit=50``): 20% the default view (no filter, newest first), 25% one actor, 20% a dyad, 15% a
     type and a one-year range, 10% an actor, a range and a later page, 10% a text search; the
     ``dashboard default`` row is the first kind alone;
   * ``/api/dyad``: two of the 40 most frequent actors, 80% monthly over all years, 20% weekly over
     one year;
   * ``/api/ledger``: ``alliance=CSTO`` or no alliance, with ``window_days`` drawn from 30 values,
     so most requests are computed, not answered from the cache (the first request of each
     question is the computation; identical ones in flight share it) — ``--ledger-requests`` of them;
     the cold time of the very first ``alliance=CSTO`` request is reported apart.

   Every response must be 200 (errors are counted and printed). Reported per endpoint and level:
   requests/s (completed requests over the phase's wall time), p50/p90/p99 and max latency in ms.

Loopback only; bounded loops; the server is terminated at the end (also on Ctrl-C or an error).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

N_ACTORS = 150
TYPE_WEIGHTS = {
    "CONSULT": 16, "ACCUSE": 12, "AGREE": 10, "SUPPORT": 9, "REQUEST": 7, "COOPERATE": 7, "REJECT": 6,
    "ASSAULT": 6, "THREATEN": 5, "AID": 5, "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 3, "COERCE": 3,
    "CONCEDE": 2, "RETREAT": 1,
}
VERBS = {
    "CONSULT": "held talks with", "ACCUSE": "accused", "AGREE": "agreed with", "SUPPORT": "backed",
    "REQUEST": "asked for help from", "COOPERATE": "signed a cooperation accord with", "REJECT": "rejected a proposal by",
    "ASSAULT": "shelled positions of", "THREATEN": "threatened", "AID": "sent aid to", "PROTEST": "protested against",
    "SANCTION": "imposed sanctions on", "MOBILIZE": "moved troops towards", "COERCE": "expelled diplomats of",
    "CONCEDE": "released prisoners to", "RETREAT": "withdrew forces from",
}
WORDS = ("officials said the talks would continue next week while analysts warned of further escalation "
         "along the border as ministers met in the capital to discuss security guarantees and trade").split()


# --- building the store -------------------------------------------------------------------------------

# the head of the distribution: actors that dominate international news coding
PROMINENT = ("USA RUS CHN UKR EU NATO UN ISR IRN GBR FRA DEU TUR IND PAK PRK KOR JPN SYR IRQ AFG SAU PSE "
             "ARM AZE CSTO GEO BLR POL EGY").split()


def _actors() -> list[tuple[str, str, str]]:
    """~150 actors from pactwatch's own dictionaries: the prominent ones first, then the rest."""
    from pactwatch.resources import data_path, read_yaml_list

    known: dict[str, tuple[str, str, str]] = {}
    for stem, kind in (("states", "state"), ("organisations", "organisation")):
        for entry in read_yaml_list(data_path("actors").joinpath(f"{stem}.yaml")):
            key = str(entry["key"])
            known.setdefault(key, (key, str(entry.get("name") or key), kind))
    head = [known[k] for k in PROMINENT if k in known]
    rest = [a for k, a in sorted(known.items()) if k not in PROMINENT]
    return (head + rest)[:N_ACTORS]


def build_store(path: Path, n_events: int, seed: float = 0.42) -> dict:
    import duckdb

    from pactwatch.plover import load as load_plover
    from pactwatch.store import Store

    Store(path).close()  # the store's own schema and indexes
    actors = _actors()
    plover = load_plover()["types"]
    total = sum(TYPE_WEIGHTS.values())
    types, cumulative = [], 0.0
    for name, weight in TYPE_WEIGHTS.items():
        types.append((name, cumulative / total, (cumulative + weight) / total, int(plover[name]["quad_class"]),
                      float(plover[name]["score"]), VERBS[name]))
        cumulative += weight
    n_articles = max(1, (n_events + 4) // 5)
    started = time.perf_counter()
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    con.execute("SELECT setseed(?)", [seed])
    con.execute("CREATE TEMP TABLE actors (i INTEGER, key VARCHAR, name VARCHAR, kind VARCHAR)")
    con.executemany("INSERT INTO actors VALUES (?, ?, ?, ?)", [(i, *a) for i, a in enumerate(actors)])
    con.execute("CREATE TEMP TABLE types (name VARCHAR, lo DOUBLE, hi DOUBLE, quad INTEGER, score DOUBLE, verb VARCHAR)")
    con.executemany("INSERT INTO types VALUES (?, ?, ?, ?, ?, ?)", types)
    con.execute("CREATE TEMP TABLE words (i INTEGER, w VARCHAR)")
    con.executemany("INSERT INTO words VALUES (?, ?)", list(enumerate(WORDS)))
    n_actors = len(actors)
    # articles: ids, dates over ten years, outlets, a short body
    con.execute(
        """CREATE TEMP TABLE art AS
           SELECT i, 'syn-' || lpad(CAST(i AS VARCHAR), 8, '0') AS id,
                  DATE '2015-01-01' + CAST(floor(random() * 3652) AS INTEGER) AS day,
                  'Outlet ' || CAST(floor(random() * 40) AS INTEGER) AS outlet
           FROM range(?) t(i)""", [n_articles])
    # events: five per article; actors Zipf-like, source != target; types by weight; date precision mix
    con.execute(
        f"""CREATE TEMP TABLE ev AS
           SELECT i, i // 5 AS art, i % 5 AS idx,
                  CAST(floor({n_actors} * pow(random(), 2.5)) AS INTEGER) AS s,
                  CAST(floor({n_actors} * pow(random(), 2.5)) AS INTEGER) AS t0,
                  random() AS r_type, random() AS r_prec, random() AS r_flag, random() AS r_target,
                  CAST(floor(random() * 4) AS INTEGER) AS lag
           FROM range(?) t(i)""", [n_events])
    con.execute(
        """INSERT INTO articles (article_key, id, url, title, outlet, published, text_clean, n_events, n_quotes, version)
           SELECT md5(a.id) || md5(a.id || 'k'), a.id, 'https://example.org/' || a.id,
                  'Synthetic report ' || CAST(a.i AS VARCHAR), a.outlet, CAST(a.day AS VARCHAR),
                  'Synthetic article ' || a.id || '. ' ||
                  (SELECT string_agg(w, ' ') FROM words WHERE words.i < 10 + a.i % 15) || '.',
                  5, CASE WHEN a.i % 4 = 0 THEN 1 ELSE 0 END, 'bench'
           FROM art a""")
    con.execute(
        f"""INSERT INTO events (article_key, idx, source, target, type, mode, date, date_start, date_end, date_basis,
                               negated, hypothetical, evidence, evidence_start, evidence_end, source_text,
                               target_text, confidence, quad, score, plover_score)
           WITH x AS (
               SELECT md5(a.id) || md5(a.id || 'k') AS article_key, e.idx, sa.name AS sname, sa.key AS skey,
                      CASE WHEN e.r_target < 0.04 THEN NULL ELSE ta.key END AS tkey,
                      CASE WHEN e.r_target < 0.04 THEN NULL ELSE ta.name END AS tname,
                      ty.name AS type, ty.verb, ty.quad, ty.score, e.r_prec, e.r_flag,
                      CAST(a.day - e.lag AS DATE) AS day  -- an event a few days before its report
               FROM ev e JOIN art a ON a.i = e.art
               JOIN actors sa ON sa.i = e.s
               JOIN actors ta ON ta.i = CASE WHEN e.t0 = e.s THEN (e.t0 + 1) % {n_actors} ELSE e.t0 END
               JOIN types ty ON e.r_type >= ty.lo AND e.r_type < ty.hi)
           SELECT article_key, idx, skey, tkey, type, NULL,
                  CASE WHEN r_prec < 0.85 THEN CAST(day AS VARCHAR)
                       WHEN r_prec < 0.95 THEN strftime(day, '%Y-%m') ELSE strftime(day, '%Y') END,
                  CASE WHEN r_prec < 0.85 THEN day WHEN r_prec < 0.95 THEN CAST(date_trunc('month', day) AS DATE)
                       ELSE CAST(date_trunc('year', day) AS DATE) END,
                  CASE WHEN r_prec < 0.85 THEN day WHEN r_prec < 0.95 THEN last_day(day)
                       ELSE make_date(year(day), 12, 31) END,
                  CASE WHEN r_prec < 0.85 THEN 'text' ELSE 'context' END,
                  r_flag < 0.03, r_flag >= 0.03 AND r_flag < 0.08,
                  sname || ' ' || verb || ' ' || coalesce(tname, 'its neighbours') || '.',
                  0, length(sname || ' ' || verb || ' ' || coalesce(tname, 'its neighbours') || '.'),
                  sname, tname, 0.6 + 0.4 * r_flag, quad,
                  CASE WHEN r_flag < 0.08 THEN 0 ELSE score END, score  -- negated or hypothetical: 0
           FROM x""")
    con.execute(
        """INSERT INTO quotes
           SELECT md5(a.id) || md5(a.id || 'k'), 0, 'Spokesperson ' || CAST(a.i % 300 AS VARCHAR), ac.key,
                  'We will not accept this', true, 0, 23, 'said', CAST(a.day AS VARCHAR)
           FROM art a JOIN actors ac ON ac.i = a.i % ? WHERE a.i % 4 = 0""", [n_actors])
    con.execute(
        """INSERT INTO article_actors
           SELECT e.article_key, e.key, any_value(ac.name), any_value(ac.kind), count(*)
           FROM (SELECT article_key, source AS key FROM events UNION ALL
                 SELECT article_key, target FROM events WHERE target IS NOT NULL) e
           JOIN actors ac ON ac.key = e.key GROUP BY e.article_key, e.key""")
    con.execute("CHECKPOINT")
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
              for t in ("articles", "events", "quotes", "article_actors")}
    con.close()
    Store(path).close()  # a writer's open rebuilds the summary tables the bulk inserts left stale
    return {"seconds": round(time.perf_counter() - started, 1), **counts}


def _store_events(path: Path) -> int | None:
    import duckdb

    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return con.execute("SELECT count(*) FROM events").fetchone()[0]
        finally:
            con.close()
    except duckdb.Error:
        return None


# --- the server ----------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, log_path: Path) -> tuple[subprocess.Popen, str]:
    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "PACTWATCH_API_KEY"}
    log = log_path.open("wb")
    pactwatch = Path(sys.executable).parent / "pactwatch"
    proc = subprocess.Popen([str(pactwatch), "serve", "--db", str(db), "--port", str(port)], stdout=log,
                            stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    with httpx.Client(base_url=url, timeout=30) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited:\n{log_path.read_text()}")
            try:
                if client.get("/api/health").status_code == 200:
                    return proc, url
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    stop_server(proc)
    raise RuntimeError(f"server did not start:\n{log_path.read_text()}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- the load --------------------------------------------------------------------------------------------

DASHBOARD_ORDERS = ("-date", "date", "source", "-source", "type", "target", "-score")  # its sortable columns


def event_requests(rng: random.Random, n: int, keys: list[str], types: list[str]) -> list[dict]:
    def actor(head: int = N_ACTORS) -> str:
        return keys[min(int(len(keys) * rng.random() ** 2.5), head - 1, len(keys) - 1)]

    def year_range() -> tuple[str, str]:
        year = rng.randint(2015, 2024)
        return f"{year}-01-01", f"{year}-12-31"

    out = []
    for _ in range(n):
        r = rng.random()
        view = {"order": rng.choice(DASHBOARD_ORDERS), "limit": 50}
        if r < 0.20:
            params = {"order": "-date", "limit": 50, "_kind": "dashboard default"}
        elif r < 0.45:
            params = {**view, "actor": actor(), "_kind": "actor"}
        elif r < 0.65:
            a, b = actor(40), actor(40)
            while b == a:
                b = actor(40)
            params = {**view, "a": a, "b": b, "_kind": "dyad"}
        elif r < 0.80:
            start, end = year_range()
            params = {**view, "type": rng.choice(types), "start": start, "end": end, "_kind": "type+year"}
        elif r < 0.90:
            start, end = year_range()
            params = {**view, "actor": actor(), "start": start, "end": end, "offset": rng.randrange(50, 1000, 50),
                      "_kind": "actor+year+page"}
        else:
            params = {**view, "q": rng.choice(("sanctions", "aid to", "troops", "talks with")), "_kind": "text"}
        out.append(params)
    return out


def ledger_requests(rng: random.Random, n: int) -> list[dict]:
    windows = [30 * k for k in range(1, 31)]
    out = []
    for _ in range(n):
        if rng.random() < 0.7:
            out.append({"alliance": "CSTO", "window_days": rng.choice(windows), "_kind": "alliance=CSTO"})
        else:
            out.append({"window_days": rng.choice(windows), "_kind": "every alliance"})
    return out


def health_requests(n: int) -> list[dict]:
    return [{"_kind": "health"} for _ in range(n)]


def dyad_requests(rng: random.Random, n: int, keys: list[str]) -> list[dict]:
    out = []
    for _ in range(n):
        a, b = rng.sample(keys[:40], 2)
        if rng.random() < 0.8:
            out.append({"a": a, "b": b, "interval": "month", "_kind": "month, all years"})
        else:
            year = rng.randint(2015, 2024)
            out.append({"a": a, "b": b, "interval": "week", "start": f"{year}-01-01", "end": f"{year}-12-31",
                        "_kind": "week, one year"})
    return out


async def run_phase(url: str, path: str, requests: list[dict], concurrency: int, warmup: int) -> dict:
    import httpx

    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors: list[str] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        sem = asyncio.Semaphore(concurrency)

        async def one(spec: dict, record: bool) -> None:
            params = {k: v for k, v in spec.items() if k != "_kind"}
            async with sem:
                t0 = time.perf_counter()
                try:
                    response = await client.get(path, params=params)
                    await response.aread()
                    status = response.status_code
                except httpx.HTTPError as error:  # counted, not raised: a load test reports failures
                    status, response = None, error
                elapsed = time.perf_counter() - t0
                if record:
                    latencies.append(elapsed)
                    by_kind.setdefault(spec["_kind"], []).append(elapsed * 1000)
                    if status != 200:
                        errors.append(f"{status} {params}: {str(getattr(response, 'text', response))[:200]}")

        await asyncio.gather(*(one(p, False) for p in requests[:warmup]))
        started = time.perf_counter()
        await asyncio.gather(*(one(p, True) for p in requests[warmup:]))
        wall = time.perf_counter() - started
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float, values: list[float] = ms) -> float:
        return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 1) if values else float("nan")

    kinds = {kind: {"requests": len(v), "p50_ms": pct(50, sorted(v)), "p99_ms": pct(99, sorted(v))}
             for kind, v in sorted(by_kind.items())}

    return {"endpoint": path, "requests": len(latencies), "errors": len(errors), "error_samples": errors[:5],
            "concurrency": concurrency, "seconds": round(wall, 2), "rps": round(len(latencies) / wall, 1),
            "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": round(ms[-1], 1) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None, "by_kind": kinds}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000, help="Synthetic events in the store (default 1,000,000).")
    parser.add_argument("--requests", type=int, default=1000, help="Timed requests per endpoint and level (default 1,000).")
    parser.add_argument("--ledger-requests", type=int, default=100, help="Timed ledger requests per level (default 100).")
    parser.add_argument("--concurrency", default="1,16", help="Concurrent clients, comma-separated levels (default 1,16).")
    parser.add_argument("--warmup", type=int, default=30, help="Untimed requests per endpoint first (default 30).")
    parser.add_argument("--db", type=Path, help="Store file to build (or reuse if it holds --events events); "
                                                 "default: a temporary file, removed afterwards.")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the request mix (default 7).")
    parser.add_argument("--json", action="store_true", help="Print the results as JSON.")
    args = parser.parse_args()
    try:
        levels = [int(x) for x in args.concurrency.split(",") if x.strip()]
    except ValueError:
        parser.error(f"--concurrency: not a list of numbers: {args.concurrency!r}")
    for name in ("events", "requests", "ledger_requests"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if not levels or min(levels) < 1 or max(levels) > 256 or args.requests > 1_000_000 or args.events > 100_000_000:
        parser.error("1 ≤ --concurrency ≤ 256, --requests ≤ 1,000,000, --events ≤ 100,000,000")

    say = (lambda *a: print(*a, file=sys.stderr)) if args.json else print
    signal.signal(signal.SIGTERM, _interrupted)  # unwind like Ctrl-C, so the server is stopped
    tmp = tempfile.TemporaryDirectory(prefix="pactwatch-api-load-")
    db = args.db or Path(tmp.name) / "bench.duckdb"
    result: dict = {"events": args.events, "python": platform.python_version(), "machine": platform.machine(),
                    "cpus": os.cpu_count()}
    try:
        if args.db and db.exists() and _store_events(db) == args.events:
            say(f"reusing {db} ({args.events:,} events)")
            result["build"] = {"reused": True}
        else:
            if db.exists():
                db.unlink()
            say(f"building a store of {args.events:,} synthetic events in {db} ...")
            result["build"] = build_store(db, args.events)
            say(f"  built in {result['build']['seconds']} s: {result['build']}")
        result["db_mb"] = round(db.stat().st_size / 1e6, 1)
        proc, url = start_server(db, Path(tmp.name) / "server.log")
        try:
            result["ledger_cold_ms"] = _cold_ledger(url)
            say(f"first GET /api/ledger?alliance=CSTO (computed, nothing cached): {result['ledger_cold_ms']} ms")
            keys = [a[0] for a in _actors()]
            types = list(TYPE_WEIGHTS)
            result["results"] = []
            for level in levels:
                rng = random.Random(args.seed)
                phases = [
                    ("/api/health", health_requests(args.warmup + args.requests)),
                    ("/api/events", event_requests(rng, args.warmup + args.requests, keys, types)),
                    ("/api/dyad", dyad_requests(rng, args.warmup + args.requests, keys)),
                    ("/api/ledger", ledger_requests(rng, args.warmup + args.ledger_requests)),
                ]
                reference = None
                for path, requests in phases:
                    say(f"{path}: {len(requests) - args.warmup:,} requests, {level} concurrent clients ...")
                    phase = asyncio.run(run_phase(url, path, requests, level, args.warmup))
                    reference = reference or phase["p50_ms"]
                    phase["p50_vs_health"] = round(phase["p50_ms"] / reference, 1) if reference else None
                    result["results"].append(phase)
                    say(f"  {phase['rps']:>8} req/s   p50 {phase['p50_ms']} ms   p90 {phase['p90_ms']} ms   "
                        f"p99 {phase['p99_ms']} ms   max {phase['max_ms']} ms   errors {phase['errors']}")
                    for kind, k in phase["by_kind"].items():
                        say(f"      {kind:<20} {k['requests']:>6} requests   p50 {k['p50_ms']} ms   p99 {k['p99_ms']} ms")
                    for sample in phase["error_samples"]:
                        say(f"    {sample}")
        finally:
            stop_server(proc)
    finally:
        tmp.cleanup()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"\n{'endpoint':<14}{'clients':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'p50/health':>12}{'errors':>8}"
              f"   ({args.events:,} events)")
        for r in result["results"]:
            print(f"{r['endpoint']:<14}{r['concurrency']:>8}{r['rps']:>10}{r['p50_ms']:>10}{r['p99_ms']:>10}"
                  f"{r['p50_vs_health']:>12}{r['errors']:>8}")
            if r["endpoint"] == "/api/events" and "dashboard default" in r["by_kind"]:
                k = r["by_kind"]["dashboard default"]
                print(f"{'  default view':<14}{r['concurrency']:>8}{'':>10}{k['p50_ms']:>10}{k['p99_ms']:>10}")
        print(f"first /api/ledger?alliance=CSTO, computed: {result['ledger_cold_ms']} ms")
    return 1 if any(r["errors"] for r in result.get("results", [])) else 0


def _interrupted(signum, frame) -> None:
    raise KeyboardInterrupt


def _cold_ledger(url: str) -> float:
    import httpx

    started = time.perf_counter()
    response = httpx.get(f"{url}/api/ledger", params={"alliance": "CSTO"}, timeout=300)
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    if response.status_code != 200:
        raise RuntimeError(f"GET /api/ledger?alliance=CSTO: {response.status_code} {response.text[:300]}")
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
