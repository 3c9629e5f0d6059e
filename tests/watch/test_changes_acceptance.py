"""Acceptance (issue 10, "What changed" and watches): ``pactwatch watch --once`` polls a local feed
three times while it changes, with ``--alert`` watches; the changes of each poll's window are
exactly the articles and events that poll stored, and the alert file holds exactly the new events
the watches match, each once. (test_acceptance.py has the SIGKILL restart of the same loop;
test_alerts.py the alert file's restart.)"""
from __future__ import annotations

import json
import subprocess
import time
from datetime import datetime, timezone

from test_acceptance import command, env, set_feed, sources_file
from watch_site import STORIES

from pactwatch.kb import load
from pactwatch.store import reader
from pactwatch.store.changes import changes

NEW_AT_POLL = [{"kaz-request", "rus-troops"}, {"tur-aze", "fra-ukr"}, {"chn-rus"}]  # test_acceptance.FEEDS
WATCHES = ["CSTO", "TUR-AZE"]


def test_each_polls_changes_are_what_it_stored_and_the_alerts_what_the_watches_match(site, tmp_path):
    site.articles(*STORIES)
    sources_file(site, tmp_path)
    db, alert_file = tmp_path / "store.duckdb", tmp_path / "alerts.jsonl"
    watches = [arg for w in WATCHES for arg in ("--alert", w)]
    marks, printed = [], []
    for n in range(3):
        set_feed(site, n)
        marks.append(datetime.now(timezone.utc))
        time.sleep(0.05)
        done = subprocess.run(command(tmp_path, db, "--once", *watches, "--alert-file", str(alert_file)),
                              capture_output=True, text=True, env=env(), timeout=300)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        printed += [line for line in done.stderr.splitlines() if line.startswith("alert ")]
    marks.append(datetime.now(timezone.utc))

    kb = load()
    with reader(db) as store:
        stored = store.con.execute(
            "SELECT a.url, e.article_key || ':' || e.idx, e.source, e.target, e.type, CAST(e.date_start AS VARCHAR) "
            "FROM articles a LEFT JOIN events e USING (article_key)").fetchall()
        reports = [changes(store.con, marks[n], marks[n + 1], kb=kb) for n in range(3)]
    urls = {row[0] for row in stored}
    assert urls == {f"{site.base}/news/{slug}" for poll in NEW_AT_POLL for slug in poll}  # each article once
    events = [row for row in stored if row[1] is not None]
    assert len({row[1] for row in events}) == len(events)  # each event once
    for n, report in enumerate(reports):
        mine = [row for row in events if row[0].rsplit("/", 1)[1] in NEW_AT_POLL[n]]
        assert report["articles"] == len(NEW_AT_POLL[n]) and report["events"] == len(mine)
        listed = sorted((g["source"], g["target"], g["type"], g["events"]) for g in report["by_dyad"])
        counted: dict = {}
        for row in mine:
            counted[(row[2], row[3], row[4])] = counted.get((row[2], row[3], row[4]), 0) + 1
        assert listed == sorted((*k, v) for k, v in counted.items())

    def watched(row) -> bool:
        sides = {row[2], row[3]}
        day = row[5] or "2024-01-01"
        return sides == {"TUR", "AZE"} or "CSTO" in sides or any(s and kb.is_member(s, "csto", day) for s in sides)

    expected = sorted(row[1] for row in events if watched(row))
    alerts = [json.loads(line) for line in alert_file.read_text(encoding="utf-8").splitlines()]
    assert expected, "the stories give events the watches follow"
    assert sorted(a["event_id"] for a in alerts) == expected
    assert len(printed) == len(alerts)  # and each printed
    assert all(line.split(":", 1)[0] == "alert " + ",".join(a["watch"]) for line, a in zip(printed, alerts))
