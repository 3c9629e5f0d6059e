"""Watches: dyads, actors or alliances a user follows (``pactwatch watch --alert ARM-CSTO``); each new
stored event that matches is printed and appended to a JSONL alert file other tools can tail.

A watch is

* ``A-B`` — a dyad: events between actor keys A and B, either direction (``ARM-CSTO``);
* ``X`` — an actor: events with X as source or target (``RUS``); when X names an alliance or treaty
  of the knowledge base (``NATO``, ``CSTO``, ``csto``), also events of its members, each judged a
  member on the event's date (its first day; an undated event on the publication date).

"New" is by the store's ``ingested_at``: after each stored batch the watcher asks for the events of
articles stored after the last time it alerted up to (kept in the watch state as ``alerts.through``).
A first run starts from the store as it is: what was stored before it is not new.

Each alert is one JSON line (the event, its evidence, the article), written whole with one
``write`` on a file opened for appending and flushed and fsynced before the watermark moves, so a
tailing reader never sees half a line. A watcher killed between the two finds, on restart, the
alerts already in the file past the watermark and writes none of them twice.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError

_KEY = r"[A-Za-z0-9_]{2,12}"
_SPEC = re.compile(rf"^({_KEY})(?:-({_KEY}))?$")
_AT = "CAST(CAST(? AS TIMESTAMPTZ) AS TIMESTAMP)"
_AS_UTC = "strftime(CAST(a.ingested_at AS TIMESTAMPTZ) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%fZ')"


@dataclass(frozen=True)
class Watch:
    spec: str  # as given
    a: str
    b: str | None = None  # the dyad's other side
    treaty: str | None = None  # an alliance's treaty id: its members' events match too

    def matches(self, event: dict[str, Any], kb) -> bool:
        sides = {event.get("source"), event.get("target")}
        if self.b is not None:
            return {self.a, self.b} == sides or (self.a == self.b and sides == {self.a})
        if self.a in sides:
            return True
        if self.treaty is None or kb is None:
            return False
        day = (event.get("date_start") or event.get("published") or "")[:10]
        return bool(day) and any(s and kb.is_member(s, self.treaty, day) for s in sides)


def parse_watch(spec: str, kb=None) -> Watch:
    """``A-B`` or ``X``, actor keys as the events carry them (``ARM``, ``CSTO``); an alliance by its
    organisation's key or treaty id (``NATO``, ``csto``) also follows its members."""
    match = _SPEC.match(spec.strip())
    if not match:
        raise InputError("--alert", f"{spec!r} is not a watch: give an actor key (RUS), an alliance (CSTO) or a "
                                    "dyad of two keys (ARM-CSTO)")
    a, b = match[1], match[2]
    if b is not None:
        return Watch(spec, a.upper(), b.upper())
    treaty = kb.treaty(a) if kb is not None else None
    key = (treaty.organisation or a).upper() if treaty is not None else a.upper()
    return Watch(spec, key, None, treaty.id if treaty is not None else None)


class Alerts:
    """The watches of one watcher, its alert file and its watermark (in the watch state)."""

    def __init__(self, watches: list[Watch], path: Path | None, state, kb=None,
                 log: Callable[[str], None] | None = None):
        self.watches = watches
        self.path = Path(path) if path is not None else None
        self.state = state  # WatchState: its ``alerts`` section holds ``through``
        self.kb = kb
        self.log = log or (lambda message: None)
        self._written: set[str] | None = None  # event ids in the file past the watermark (read once)

    @property
    def through(self) -> str | None:
        return self.state.alerts.get("through")

    def start(self, con) -> None:
        """A first run starts from the store as it is (nothing stored before is new)."""
        if self.through is None:
            row = con.execute(f"SELECT max({_AS_UTC}) FROM articles a").fetchone()
            self.state.alerts["through"] = row[0] or "1970-01-01T00:00:00.000000Z"
            self.state.save()

    def check(self, con) -> list[dict[str, Any]]:
        """Alert on the events of articles stored after the watermark; returns what was written."""
        self.start(con)
        rows = _rows(con.execute(
            f"""SELECT e.article_key || ':' || e.idx AS event_id, e.source, e.target, e.type, e.mode, e.date,
                       CAST(e.date_start AS VARCHAR) AS date_start, e.negated, e.hypothetical, e.evidence,
                       a.id AS article_id, a.title AS article_title, a.url, a.outlet, a.published,
                       {_AS_UTC} AS ingested_at
                FROM events e JOIN articles a USING (article_key)
                WHERE a.ingested_at > {_AT} ORDER BY a.ingested_at, e.article_key, e.idx""", [self.through]))
        if not rows:
            return []
        written = self._already_written()
        alerts = []
        for row in rows:
            hits = [w.spec for w in self.watches if w.matches(row, self.kb)]
            if hits and row["event_id"] not in written:
                alerts.append({"watch": hits, **row})
        if alerts:
            self._append(alerts)
            for alert in alerts:
                self.log(f"alert {','.join(alert['watch'])}: {alert['source']} -> {alert['target'] or '-'} "
                         f"{alert['type']} {alert['date'] or ''} | {alert['evidence'][:160]}")
        self.state.alerts["through"] = max(r["ingested_at"] for r in rows)
        self._written = set()  # everything in the file is now at or before the watermark
        self.state.save()
        return alerts

    def _append(self, alerts: list[dict[str, Any]]) -> None:
        if self.path is None:
            return
        data = "".join(json.dumps(a, ensure_ascii=False, default=str) + "\n" for a in alerts).encode("utf-8")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as error:
            raise InputError(str(self.path), f"cannot write the alert file: {error.strerror or error}") from None

    def _already_written(self) -> set[str]:
        """Event ids in the alert file stored after the watermark: written by a run killed before it
        could move the watermark. Read once per process."""
        if self._written is not None:
            return self._written
        self._written = set()
        if self.path is None or not self.path.is_file():
            return self._written
        with self.path.open(encoding="utf-8", errors="replace") as fh:
            for line in fh:
                try:
                    alert = json.loads(line)
                except ValueError:
                    continue  # a foreign or damaged line: not ours to judge
                if isinstance(alert, dict) and str(alert.get("ingested_at", "")) > (self.through or ""):
                    self._written.add(str(alert.get("event_id")))
        return self._written


def _rows(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
