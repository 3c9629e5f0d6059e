"""A full disk, for real: a small tmpfs mounted for the test (root only; skipped, with the reason, otherwise).

What must hold: the message says "no space left on device" in one line naming the file (no
traceback, and no rollback error in its place), the exit status is non-zero, and every batch
committed before the disk filled is still there.
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pactwatch.store import StoreFull, reader, writer
from store_results import result

PACTWATCH = Path(sys.executable).parent / "pactwatch"


@pytest.fixture
def small_fs(tmp_path):
    """An 8 MB tmpfs at tmp_path/fs, unmounted afterwards."""
    mount_point = tmp_path / "fs"
    mount_point.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root and mount permission): {proc.stderr.strip()}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def leave_free(directory: Path, free_bytes: int) -> None:
    """Fill the filesystem of ``directory`` with a file until about ``free_bytes`` are left."""
    stat = os.statvfs(directory)
    fill = stat.f_bavail * stat.f_frsize - free_bytes
    with (directory / "filler").open("wb") as fh:
        fh.write(b"\0" * max(0, fill))


def random_words(rng: random.Random, n: int) -> str:
    """Text that compresses badly, so it fills the disk at about its length."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(n))


def test_a_writer_on_a_full_disk_says_so_and_keeps_what_it_committed(small_fs):
    db = small_fs / "s.duckdb"
    committed = 0
    with pytest.raises(StoreFull) as full:
        for n in range(1000):  # 8 MB of 40 KB texts: full long before
            with writer(db) as store:
                store.write_results([result(f"a{n}-{i}", os.urandom(10_000).hex()) for i in range(2)])
            committed += 2
    assert str(full.value) == f"{db}: no space left on device; everything committed before is kept"
    assert committed > 0
    with reader(db) as store:
        assert store.counts()["articles"] == committed


def test_ingest_on_a_full_disk_exits_non_zero_in_one_line_and_keeps_its_batches(small_fs, tmp_path):
    rng = random.Random(7)
    small = tmp_path / "small.jsonl"
    small.write_text("".join(json.dumps({"id": f"small-{i}", "published": "2024-01-01",
                                         "text": "Armenia asked the CSTO for help on Monday."
                                                 + ("" if i == 0 else " Russia did not answer.")}) + "\n"
                             for i in range(2)), encoding="utf-8")
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"id": f"big-{i}", "published": "2024-01-01",
                                       "text": "Armenia asked the CSTO for help on Monday.\n"
                                               + "\n".join(random_words(rng, 12) + "." for _ in range(200))}) + "\n"
                           for i in range(60)), encoding="utf-8")
    db = small_fs / "s.duckdb"
    first = subprocess.run([str(PACTWATCH), "ingest", str(small), "--db", str(db), "--quiet"], capture_output=True,
                           text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert first.returncode == 0, first.stderr
    leave_free(small_fs, 700 * 1024)
    proc = subprocess.run([str(PACTWATCH), "ingest", str(big), "--db", str(db), "--batch-size", "1"],
                          capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "rollback" not in proc.stderr.lower()
    lines = proc.stderr.strip().splitlines()
    assert lines[-1] == f"pactwatch: error: {db}: no space left on device; everything committed before is kept"
    added = int(re.match(r"(\d+) articles added", lines[0])[1]) if len(lines) > 1 else 0
    with reader(db) as store:
        assert store.counts()["articles"] == 2 + added


def test_export_to_a_full_disk_leaves_no_truncated_file(small_fs, tmp_path):
    db = tmp_path / "s.duckdb"
    with writer(db) as store:
        store.write_results([result(f"e{i}", os.urandom(20_000).hex()) for i in range(40)])
    out = small_fs / "out"
    leave_free(small_fs, 256 * 1024)
    proc = subprocess.run([str(PACTWATCH), "export", str(out), "--db", str(db), "--format", "csv"],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2, proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith(f"pactwatch: error: {out / 'articles.csv'}: no space left on device"), line
    assert sorted(p.name for p in out.iterdir()) == []  # the articles file did not fit: nothing half-written
