"""Acceptance (issue 10, watching sources): ``pactwatch watch --once`` run as a process three times
while the feed changes stores each article and each event once; the same with the watcher killed by
SIGKILL mid-poll and restarted gives the same store; SIGTERM finishes the batch in hand.

The command runs from this checkout's ``src`` (not whatever ``pactwatch`` script is installed).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb

from watch_site import STORIES, rss

SRC = Path(__file__).resolve().parents[2] / "src"
CLI = "from pactwatch.cli import main; main()"

FEEDS = [  # the feed at each of the three polls: new items, items kept, a duplicate, a tracking variant
    ["kaz-request", "rus-troops"],
    ["tur-aze", "fra-ukr", "rus-troops"],
    ["chn-rus", "chn-rus", "tur-aze", "kaz-request?utm_source=feed"],
]


def command(tmp: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-c", CLI, "watch", "--db", str(db), "--sources", str(tmp / "sources.yaml"),
            "--delay", "0", "--timeout", "10", "--batch-size", "1", *extra]


def env() -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}, "PYTHONPATH": str(SRC)}


def run(tmp: Path, db: Path) -> subprocess.CompletedProcess:
    done = subprocess.run(command(tmp, db, "--once"), capture_output=True, text=True, env=env(), timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def set_feed(site, n: int, etag: str | None = None) -> None:
    items = [(slug.split("?")[0], f"/news/{slug}") for slug in FEEDS[n]]
    site.route("/feed.xml", rss(site.base, items), content_type="application/rss+xml", etag=etag or f'"v{n}"')


def sources_file(site, tmp: Path) -> None:
    (tmp / "sources.yaml").write_text(f"sources:\n  - name: wire\n    url: {site.base}/feed.xml\n    interval: 1s\n")


def rows(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("SELECT article_key, id, url, title, outlet, published, text_clean, n_events, "
                                    "n_quotes FROM articles ORDER BY article_key").fetchall(),
            "events": con.execute("SELECT * EXCLUDE (event_no) FROM events ORDER BY article_key, idx").fetchall(),
            "quotes": con.execute("SELECT * FROM quotes ORDER BY article_key, idx").fetchall(),
            "actors": con.execute("SELECT * FROM article_actors ORDER BY article_key, key").fetchall(),
            "event_totals": con.execute("SELECT * FROM event_totals ORDER BY ALL").fetchall(),
        }
    finally:
        con.close()


def check_once_each(store: dict[str, list], base: str) -> None:
    urls = [r[2] for r in store["articles"]]
    assert sorted(urls) == sorted(f"{base}/news/{slug}" for slug in ("kaz-request", "rus-troops", "tur-aze",
                                                                     "fra-ukr", "chn-rus"))
    keys = [(r[0], r[1]) for r in store["events"]]
    assert len(keys) == len(set(keys)) == sum(r[7] for r in store["articles"]) >= 5


def test_three_polls_and_a_killed_watcher_give_the_same_store(site, tmp_path):
    site.articles(*STORIES)
    sources_file(site, tmp_path)

    reference = tmp_path / "reference.duckdb"
    for n in range(3):
        set_feed(site, n)
        run(tmp_path, reference)
    expected = rows(reference)
    check_once_each(expected, site.base)
    fetched = {slug: site.hits(f"/news/{slug}") for slug in STORIES}
    assert all(count == 1 for slug, count in fetched.items() if slug != "arm-csto")  # courlan: never twice

    killed = tmp_path / "killed.duckdb"
    set_feed(site, 0)
    run(tmp_path, killed)
    set_feed(site, 1)
    hold = threading.Event()
    held = site.route("/news/fra-ukr", site.routes["/news/fra-ukr"].body, hold=hold)
    process = subprocess.Popen(command(tmp_path, killed, "--once"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=env())
    try:
        assert held.reached.wait(120), "the watcher never asked for the held page"
        time.sleep(0.3)
        process.send_signal(signal.SIGKILL)  # mid-poll: tur-aze stored, fra-ukr in flight, rus-troops known
        process.wait(30)
    finally:
        hold.set()
        if process.poll() is None:
            process.kill()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    partial = rows(killed)
    assert len(partial["articles"]) == 3  # poll 1's two, and tur-aze from the batch committed before the kill

    run(tmp_path, killed)  # restarted: the feed answers 304, the pending page is fetched
    set_feed(site, 2)
    run(tmp_path, killed)
    assert rows(killed) == expected


def test_sigterm_finishes_the_batch_in_hand(site, tmp_path):
    site.articles(*STORIES)
    sources_file(site, tmp_path)
    set_feed(site, 1)
    hold = threading.Event()
    held = site.route("/news/fra-ukr", site.routes["/news/fra-ukr"].body, hold=hold)
    db = tmp_path / "term.duckdb"
    process = subprocess.Popen(command(tmp_path, db)[:-2] + ["--batch-size", "8"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, env=env())
    try:
        assert held.reached.wait(120)
        process.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        hold.set()  # the page in flight arrives after SIGTERM: it is part of the batch, and stored
        stderr = process.communicate(timeout=120)[1]
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "stopping after the batch in hand" in stderr and "Traceback" not in stderr
    stored = {r[2] for r in rows(db)["articles"]}
    assert stored == {f"{site.base}/news/tur-aze", f"{site.base}/news/fra-ukr"}  # rus-troops: not begun
    assert "wire: 3 listed, 3 new, 2 added" in stderr
