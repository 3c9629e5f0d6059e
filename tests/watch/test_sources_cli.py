"""The sources file and the commands that edit it, and watch's errors, run as the real CLI."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.errors import InputError
from pactwatch.watch.sources import Source, add_source, load_sources, parse_duration, remove_source

SRC = Path(__file__).resolve().parents[2] / "src"


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run([sys.executable, "-c", "from pactwatch.cli import main; main()", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=120)


def test_add_list_remove(tmp_path):
    added = cli("sources", "add", "https://news.example/world/rss.xml", "--interval", "30m", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert cli("sources", "add", "https://news.example/sitemap.xml", cwd=tmp_path).returncode == 0
    assert cli("sources", "add", str(tmp_path / "drop"), "--name", "drop", cwd=tmp_path).returncode == 0
    listed = json.loads(cli("sources", "list", "--json", cwd=tmp_path).stdout)
    assert listed == [
        {"name": "news.example", "kind": "feed", "url": "https://news.example/world/rss.xml", "interval": "30m"},
        {"name": "news.example-2", "kind": "sitemap", "url": "https://news.example/sitemap.xml", "interval": "15m"},
        {"name": "drop", "kind": "folder", "path": str(tmp_path / "drop"), "interval": "15m"},
    ]
    text = cli("sources", "list", cwd=tmp_path).stdout.splitlines()
    assert text[0].split() == ["news.example", "feed", "30m", "https://news.example/world/rss.xml"]
    again = cli("sources", "add", "https://news.example/world/rss.xml", cwd=tmp_path)
    assert again.returncode == 2 and "already a source" in again.stderr and "Traceback" not in again.stderr
    assert cli("sources", "remove", "news.example-2", cwd=tmp_path).returncode == 0
    assert [s.name for s in load_sources(tmp_path / "sources.yaml")] == ["news.example", "drop"]
    gone = cli("sources", "remove", "nothing", cwd=tmp_path)
    assert gone.returncode == 2 and "no source called 'nothing'" in gone.stderr


@pytest.mark.parametrize("text, message", [
    ("sources: [", "not valid YAML"),
    ("sources:\n  - url: ftp://x.example/feed\n", "needs an http or https URL"),
    ("sources:\n  - url: https://x.example/feed\n    interval: often\n", "interval must be a duration"),
    ("sources:\n  - url: https://x.example/feed\n    colour: red\n", "unknown field 'colour'"),
    ("sources:\n  - {url: 'https://a.example/f', name: a}\n  - {url: 'https://b.example/f', name: a}\n", "used twice"),
    ("sources:\n  - url: https://x.example/feed\n    kind: podcast\n", "kind must be one of"),
    ("- 3\n", "each source is a mapping"),
])
def test_bad_sources_file_is_one_line_naming_it(tmp_path, text, message):
    (tmp_path / "sources.yaml").write_text(text)
    with pytest.raises(InputError) as caught:
        load_sources(tmp_path / "sources.yaml")
    assert message in str(caught.value) and str(tmp_path / "sources.yaml") in str(caught.value)
    done = cli("watch", "--once", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_durations():
    assert [parse_duration(v) for v in (900, "30s", "15m", "2h", "1d", "1.5m")] == [900, 30, 900, 7200, 86400, 90]
    for bad in ("soon", "0", True, "-5m"):
        with pytest.raises(ValueError):
            parse_duration(bad)


def test_plain_urls_and_guessed_kinds(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("- https://a.example/rss\n- https://a.example/news-sitemap.xml\n- path: ./drop\n")
    assert [(s.name, s.kind) for s in load_sources(path)] == [("a.example", "feed"), ("a.example-2", "sitemap"),
                                                              ("drop", "folder")]
    add_source(path, "https://b.example/atom", name="b", interval=60)
    assert load_sources(path)[-1] == Source("b", "feed", "https://b.example/atom", 60.0)
    remove_source(path, "https://a.example/rss")
    assert len(load_sources(path)) == 3


def test_watch_without_sources_says_how_to_add_one(tmp_path):
    done = cli("watch", "--once", cwd=tmp_path)
    assert done.returncode == 2 and "pactwatch sources add URL" in done.stderr and "Traceback" not in done.stderr


def test_watch_once_reports_a_dead_source_and_exits_1(tmp_path):
    (tmp_path / "sources.yaml").write_text("sources:\n  - name: dead\n    url: http://127.0.0.1:9/feed.xml\n")
    done = cli("watch", "--once", "--timeout", "2", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "dead: failed: http://127.0.0.1:9/feed.xml" in done.stderr and "Traceback" not in done.stderr
    assert "1 sources polled, 0 articles added, 1 sources failed" in done.stderr
