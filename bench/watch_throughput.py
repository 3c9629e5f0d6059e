#!/usr/bin/env python3
"""End-to-end throughput of ``pactwatch watch``: local feeds -> pages -> extraction -> store.

    PYTHONPATH=src .venv/bin/python bench/watch_throughput.py                     # 50 feeds x 100 items
    PYTHONPATH=src .venv/bin/python bench/watch_throughput.py --feeds 5 --items 20  # a smoke run
    PYTHONPATH=src .venv/bin/python bench/watch_throughput.py --json out/bench-watch.json

A real HTTP server on 127.0.0.1 (http.server in a thread) serves FEEDS RSS feeds of ITEMS items
each, every item an HTML page of a synthetic article from ``bench/make_corpus.py`` (our own
template grammar; nothing downloaded). One watcher polls every feed once (as ``--once`` does),
with the politeness delay off (every feed is on one host). Reported:

* articles/s end to end (first feed request to last batch committed), and the same for fetching
  alone (pages per second of the fetch phase) so the extraction share shows;
* latency item -> queryable: for each article, from the moment its feed was published (the run's
  start) to the moment a separate reader of the store sees it, polled every 0.2 s: p50, p95, max.

Table on stdout, progress on stderr; ``--json PATH`` writes every figure.
"""
from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_article  # noqa: E402

from pactwatch.store import reader  # noqa: E402
from pactwatch.watch import Fetcher, Source, Watcher  # noqa: E402


def build_site(feeds: int, items: int, seed: int) -> dict[str, tuple[str, bytes]]:
    routes: dict[str, tuple[str, bytes]] = {}
    start = dt.date(2024, 1, 1)
    for f in range(feeds):
        entries = []
        for i in range(items):
            n = f * items + i
            art = make_article(seed, 0, n, f"w{n:05d}", start, 365)
            path = f"/f{f}/a{i}"
            body = "".join(f"<p>{html.escape(p)}</p>" for p in art["text"].split("\n\n"))
            routes[path] = ("text/html; charset=utf-8", (
                f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(art['title'])}</title></head>"
                f"<body><article><h1>{html.escape(art['title'])}</h1>{body}</article></body></html>").encode())
            day = dt.date.fromisoformat(art["published"])
            entries.append(f"<item><title>{html.escape(art['title'])}</title><link>BASE{path}</link>"
                           f"<pubDate>{day.strftime('%a, %d %b %Y')} 08:00:00 GMT</pubDate></item>")
        routes[f"/f{f}.xml"] = ("application/rss+xml", (
            f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {f}</title><link>BASE/</link>"
            f"<description>bench</description>{''.join(entries)}</channel></rss>").encode())
    return routes


def serve(routes: dict[str, tuple[str, bytes]]) -> tuple[ThreadingHTTPServer, str]:
    holder: dict[str, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 1 << 16  # headers and body in one write: no Nagle / delayed-ACK stall per response

        def log_message(self, *args):
            pass

        def do_GET(self):
            found = routes.get(self.path)
            if found is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            kind, body = found
            body = body.replace(b"BASE", holder["base"])
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    base = f"http://127.0.0.1:{server.server_address[1]}"
    holder["base"] = base.encode()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, base


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.feeds < 1 or args.items < 1:
        parser.error("--feeds and --items must be at least 1")

    print(f"generating {args.feeds} feeds x {args.items} items", file=sys.stderr)
    server, base = serve(build_site(args.feeds, args.items, args.seed))
    total = args.feeds * args.items
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        sources = [Source(f"f{f}", "feed", f"{base}/f{f}.xml", 3600) for f in range(args.feeds)]
        fetch_seconds = [0.0]
        fetcher = Fetcher(host_delay=0.0)
        original_get = fetcher.get

        def timed_get(*a, **k):
            started = time.perf_counter()
            try:
                return original_get(*a, **k)
            finally:
                fetch_seconds[0] += time.perf_counter() - started

        fetcher.get = timed_get
        watcher = Watcher(sources, db, fetcher=fetcher, batch_size=args.batch_size,
                          log=lambda line: print(line, file=sys.stderr))
        print("loading the model", file=sys.stderr)
        from pactwatch.pipeline import Extractor

        watcher.extractor = Extractor()  # loaded before the clock starts: its load is not throughput
        seen: dict[str, float] = {}
        finished = threading.Event()

        def watch_store() -> None:
            while not finished.is_set() or len(seen) < total:
                if db.is_file():
                    try:
                        with reader(db, timeout=5) as store:
                            ids = store.con.execute("SELECT id FROM articles").fetchall()
                    except Exception:  # noqa: BLE001 - the writer holds the file for a moment: ask again
                        ids = []
                    now = time.perf_counter()
                    for (ident,) in ids:
                        seen.setdefault(ident, now)
                if finished.is_set() and len(seen) < total:
                    break
                time.sleep(0.2)

        published = time.perf_counter()
        observer = threading.Thread(target=watch_store, daemon=True)
        observer.start()
        summaries = watcher.poll_all()
        done = time.perf_counter()
        finished.set()
        observer.join(30)
        fetcher.close()
    server.shutdown()

    added = sum(s.added for s in summaries)
    failed = sum(s.failed for s in summaries) + sum(1 for s in summaries if s.error)
    elapsed = done - published
    latencies = sorted(t - published for t in seen.values())
    figures = {
        "feeds": args.feeds, "items": args.items, "articles": total, "added": added, "failed": failed,
        "events": sum(s.events for s in summaries), "seconds": round(elapsed, 2),
        "articles_per_second": round(added / elapsed, 2) if elapsed else None,
        "fetch_seconds": round(fetch_seconds[0], 2),
        "pages_per_second_fetching": round(total / fetch_seconds[0], 1) if fetch_seconds[0] else None,
        "latency_p50": round(statistics.median(latencies), 2) if latencies else None,
        "latency_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2) if latencies else None,
        "latency_max": round(latencies[-1], 2) if latencies else None,
        "observed": len(latencies), "batch_size": args.batch_size,
    }
    print(f"{'feeds x items':<28}{args.feeds} x {args.items} = {total}")
    print(f"{'stored':<28}{added} articles, {figures['events']} events, {failed} failed")
    print(f"{'end to end':<28}{elapsed:.1f} s, {figures['articles_per_second']} articles/s")
    print(f"{'fetching alone':<28}{figures['fetch_seconds']} s, {figures['pages_per_second_fetching']} requests/s")
    print(f"{'item -> queryable':<28}p50 {figures['latency_p50']} s, p95 {figures['latency_p95']} s, "
          f"max {figures['latency_max']} s ({len(latencies)} observed)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
