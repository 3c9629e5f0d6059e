"""What changed in the store since a time: the queries behind ``GET /api/changes`` and the
dashboard's "What changed" view (docs/watch.md, "What changed").

"New" means reported by an article stored at or after ``since`` (its ``ingested_at``), whatever the
date of the event itself: a watcher's store grows by articles, and an analyst asks what the latest
articles brought. Against that, a dyad's history is every event of the pair stored before ``since``.

* **events by dyad and type** — the new events counted per (source, target, type), with a few
  evidence sentences and their articles;
* **new and rare dyads** — an unordered pair with new events and no event stored before (``new``),
  or fewer than :data:`RARE_BEFORE` (``rare``): pairs that seldom interact in this store;
* **conflict spikes** — a pair whose new conflict events (PLOVER quad classes 3 and 4: verbal and
  material conflict) are improbably many for its own history: with ``rate`` its conflict events
  per week before ``since`` (from the week of its first dated event), the window's expected count
  is ``rate × weeks(window)``; a spike is at least :data:`SPIKE_MIN` new conflict events with a
  Poisson tail probability under :data:`SPIKE_P`. A pair with no history is a new dyad instead;
* **status proposals** — what :func:`pactwatch.kb.propose_status_changes` reads in the new articles
  (freezing, suspending, leaving an alliance), each with its evidence and article.

Times are compared in the store's own frame: ``ingested_at`` is written by DuckDB as the session's
local time, so ``since`` (an aware timestamp) is cast the same way in SQL.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import duckdb

RARE_BEFORE = 5  # a pair with fewer events stored before the window is "rare"
SPIKE_MIN = 3  # fewer new conflict events than this are never a spike
SPIKE_P = 0.01  # the Poisson tail probability below which a count is a spike
EXAMPLES = 3  # evidence sentences shown per dyad and type
CONFLICT_QUADS = (3, 4)

_AT = "CAST(CAST(? AS TIMESTAMPTZ) AS TIMESTAMP)"  # an aware time in the frame ingested_at is kept in
# the articles of the window, a subquery taking the window's two bounds as parameters (no temporary
# table: a server's readers share a connection between requests)
NEW = f"SELECT article_key FROM articles WHERE ingested_at >= {_AT} AND ingested_at < {_AT}"


_RELATIVE = re.compile(r"^(\d{1,6})\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str, now: datetime | None = None) -> datetime:
    """A time to count changes from: ISO 8601 (``2026-12-01``, ``2026-12-01T09:30``, with ``Z`` or an
    offset; a time without one is UTC) or a span back from now (``90m``, ``24h``, ``7d``, ``2w``).
    ValueError says what was expected."""
    text = text.strip()
    match = _RELATIVE.match(text)
    if match:
        return (now or datetime.now(timezone.utc)) - timedelta(**{_UNITS[match[2]]: int(match[1])})
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text)
    except ValueError:
        raise ValueError(f"{text!r} is neither an ISO 8601 time (2026-12-01, 2026-12-01T09:30Z) nor a span back "
                         "from now (90m, 24h, 7d, 2w)") from None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def changes(con: duckdb.DuckDBPyConnection, since: datetime, until: datetime | None = None, kb=None,
            limit: int = 200) -> dict[str, Any]:
    """Everything stored in [since, until) (``until``: now), as described in the module's docstring.
    ``kb``: the knowledge base, for status proposals (none without it). ``limit``: most rows per list."""
    until = until or datetime.now(timezone.utc)
    window = [since.isoformat(), until.isoformat()]
    articles = con.execute(f"SELECT count(*) FROM ({NEW})", window).fetchone()[0]
    events = con.execute(f"SELECT count(*) FROM events WHERE article_key IN ({NEW})", window).fetchone()[0]
    weeks = max((until - since).total_seconds() / (7 * 86400), 1 / 7)  # a window of a day at least
    return {"since": since.isoformat(), "until": until.isoformat(), "articles": articles, "events": events,
            "by_dyad": _by_dyad(con, window, limit), "dyads": _dyads(con, window, limit),
            "spikes": _spikes(con, window, since, weeks, limit),
            "proposals": _proposals(con, window, kb) if kb is not None else []}


def _rows(cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _by_dyad(con: duckdb.DuckDBPyConnection, window: list[str], limit: int) -> list[dict[str, Any]]:
    groups = _rows(con.execute(
        f"""SELECT e.source, e.target, e.type, count(*) AS events, count(DISTINCT e.article_key) AS articles,
                  max(e.date) AS latest_date
           FROM events e WHERE e.article_key IN ({NEW})
           GROUP BY ALL ORDER BY events DESC, e.source, e.target NULLS FIRST, e.type LIMIT ?""", [*window, limit]))
    examples: dict[tuple, list[dict[str, Any]]] = {}
    for row in _rows(con.execute(
            f"""SELECT * FROM (
                 SELECT e.source, e.target, e.type, e.article_key || ':' || e.idx AS event_id, e.article_key, e.idx,
                        a.id AS article_id, a.title AS article_title, a.url, e.date, e.evidence,
                        row_number() OVER (PARTITION BY e.source, e.target, e.type
                                           ORDER BY e.date DESC NULLS LAST, e.article_key, e.idx) AS n
                 FROM events e JOIN articles a USING (article_key)
                 WHERE e.article_key IN ({NEW})) WHERE n <= ?""", [*window, EXAMPLES])):
        key = (row.pop("source"), row.pop("target"), row.pop("type"))
        row.pop("n")
        examples.setdefault(key, []).append(row)
    for group in groups:
        group["examples"] = examples.get((group["source"], group["target"], group["type"]), [])
    return groups


_PAIRS = f"""SELECT least(source, target) AS a, greatest(source, target) AS b, e.article_key IN
                ({NEW}) AS is_new, e.quad, e.date_start
            FROM events e WHERE source IS NOT NULL AND target IS NOT NULL AND source <> target"""


def _dyads(con: duckdb.DuckDBPyConnection, window: list[str], limit: int) -> list[dict[str, Any]]:
    rows = _rows(con.execute(
        f"""SELECT a, b, count(*) FILTER (WHERE is_new) AS new_events, count(*) FILTER (WHERE NOT is_new) AS before
            FROM ({_PAIRS}) GROUP BY a, b
            HAVING count(*) FILTER (WHERE is_new) > 0 AND count(*) FILTER (WHERE NOT is_new) < ?
            ORDER BY before, new_events DESC, a, b LIMIT ?""", [*window, RARE_BEFORE, limit]))
    for row in rows:
        row["status"] = "new" if row["before"] == 0 else "rare"
    return rows


def _spikes(con: duckdb.DuckDBPyConnection, window: list[str], since: datetime, weeks: float, limit: int) -> list[dict[str, Any]]:
    candidates = _rows(con.execute(
        f"""SELECT a, b, count(*) FILTER (WHERE is_new) AS conflict_events,
                   count(*) FILTER (WHERE NOT is_new) AS before, min(date_start) FILTER (WHERE NOT is_new) AS first_day
            FROM ({_PAIRS}) WHERE quad IN {CONFLICT_QUADS} GROUP BY a, b
            HAVING count(*) FILTER (WHERE is_new) >= ? AND count(*) FILTER (WHERE NOT is_new) > 0""", [*window, SPIKE_MIN]))
    spikes = []
    for row in candidates:
        first = row.pop("first_day")
        history_weeks = max(((since.date() - first).days / 7) if first else 0.0, 1.0)
        rate = row["before"] / history_weeks
        expected = rate * weeks
        p = poisson_tail(row["conflict_events"], expected)
        if p < SPIKE_P:
            spikes.append({**row, "weekly_rate": round(rate, 4), "expected": round(expected, 4), "p": p})
    spikes.sort(key=lambda s: (s["p"], -s["conflict_events"], s["a"], s["b"]))
    return spikes[:limit]


def poisson_tail(k: int, mean: float) -> float:
    """P(X >= k) for X ~ Poisson(mean)."""
    if k <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    term = math.exp(-mean)  # P(X = 0)
    below = term
    for i in range(1, k):
        term *= mean / i
        below += term
    return max(0.0, 1.0 - below)


def _proposals(con: duckdb.DuckDBPyConnection, window: list[str], kb) -> list[dict[str, Any]]:
    from ..kb import propose_status_changes

    articles: dict[str, dict[str, Any]] = {}
    for row in _rows(con.execute(
            f"""SELECT a.id, a.article_key, a.title, a.url, e.source, e.target, e.type, e.date, e.date_basis,
                      e.negated, e.hypothetical, e.evidence
               FROM events e JOIN articles a USING (article_key)
               WHERE e.article_key IN ({NEW}) AND e.type = 'REJECT'
               ORDER BY a.id, e.article_key, e.idx""", window)):
        article = articles.setdefault(row["id"], {"id": row["id"], "article_key": row["article_key"],
                                                  "title": row["title"], "url": row["url"], "events": []})
        article["events"].append({k: row[k] for k in ("source", "target", "type", "date", "date_basis", "negated",
                                                      "hypothetical", "evidence")})
    out = []
    for proposal in propose_status_changes(articles.values(), kb):
        article = articles[proposal.article]
        out.append({**proposal.to_dict(), "article_key": article["article_key"], "article_title": article["title"],
                    "url": article["url"]})
    return out
