"""The read side of the store: every query behind the API, the dashboard and the ledger.

All SQL is fixed text with ``?`` parameters; no value from a caller is spliced into a statement
(only the number of placeholders of a list depends on its length).

How a page of events stays cheap on a million rows (bench/store_queries.py measures it):

* the page is chosen on the narrow sort columns and ``event_no`` alone, then those rows — and only
  those — are fetched whole by ``event_no`` through its index, then their articles by key;
* totals with no date, text or article filter come from ``event_totals`` (counts kept by the
  writer) instead of a scan, and so do the network and the actor list;
* ``cursor=`` pages by keyset (see :mod:`.paging`) instead of counting past ``offset`` rows.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb

from ..partial_date import PartialDate
from . import paging
from .schema import summaries_fresh

INTERVALS = {"week": "week", "month": "month", "year": "year"}
# the shortest date string an event may have to be placed in a period of that length
PRECISION = {"week": 10, "month": 7, "year": 4}
MAX_PAGE = 10_000  # rows one page may fetch by number (the IN list of the second step)
TITLE_CACHE = 100_000  # articles' (id, title) a pool keeps, about 20 MB
KEY_LENGTH = 64  # an article_key: SHA-256 in hex

EVENT_FIELDS = """e.article_key, e.idx, e.article_key || ':' || e.idx AS event_id, e.source, e.target, e.type,
    e.mode, e.date,
    CAST(e.date_start AS VARCHAR) AS date_start, CAST(e.date_end AS VARCHAR) AS date_end, e.date_basis,
    e.negated, e.hypothetical, e.evidence, e.evidence_start, e.evidence_end, e.source_text, e.target_text,
    e.confidence, e.quad, e.score, e.plover_score"""
# with the article's id and title after event_id, as every event row has them
EVENT_COLUMNS = EVENT_FIELDS.replace("AS event_id,", "AS event_id, a.id AS article_id, a.title AS article_title,", 1)
# what the knowledge-base ledger reads of an event (events_of(columns="ledger")): a fetch of
# thousands of scattered rows costs by the columns it decompresses
LEDGER_FIELDS = """e.article_key, e.idx, e.article_key || ':' || e.idx AS event_id, e.source, e.target, e.type,
    e.date, e.date_basis, e.negated, e.hypothetical, e.evidence"""
QUOTE_COLUMNS = """q.article_key, q.idx, q.article_key || ':' || q.idx AS quote_id, q.speaker, q.speaker_actor,
    q.text, q.direct, q.span_start, q.span_end, q.cue, q.published"""


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]]
    next_cursor: str | None = None  # for ``cursor=``: the rows after this page; None after the last

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "items": self.items, "next_cursor": self.next_cursor}


class _Where:
    """A conjunction of fixed SQL conditions and the values for their placeholders."""

    def __init__(self) -> None:
        self.conditions: list[str] = ["TRUE"]
        self.params: list[Any] = []

    def add_if(self, present: Any, condition: str, *params: Any) -> None:
        if present:
            self.conditions.append(condition)
            self.params.extend(params)

    @property
    def sql(self) -> str:
        return " AND ".join(self.conditions)


@dataclass
class EventFilter:
    """What selects events; one definition for listings, counts, timelines and the network."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    start: str | None = None
    end: str | None = None
    text: str | None = None
    include_negated: bool = True
    include_hypothetical: bool = True
    article_id: str | None = None
    article_key: str | None = None
    directed: bool = False
    types: list[str] = field(default_factory=list)

    def where(self, alias: str = "e") -> tuple[str, list[Any]]:
        """The condition over ``events`` (or, with alias ``t``, the same over ``event_totals``)."""
        e = alias
        w = _Where()
        w.add_if(self.actor, f"({e}.source = ? OR {e}.target = ?)", self.actor, self.actor)
        if self.dyad:
            a, b = self.dyad
            if self.directed:
                w.add_if(True, f"({e}.source = ? AND {e}.target = ?)", a, b)
            else:
                w.add_if(True, f"(({e}.source = ? AND {e}.target = ?) OR ({e}.source = ? AND {e}.target = ?))", a, b, b, a)
        w.add_if(self.type, f"{e}.type = ?", self.type)
        w.add_if(self.types, f"list_contains(?, {e}.type)", self.types)
        w.add_if(self.start, f"{e}.date_end >= CAST(? AS DATE)", self.start)
        w.add_if(self.end, f"{e}.date_start <= CAST(? AS DATE)", self.end)
        w.add_if(self.text, f"contains(lower({e}.evidence), lower(?))", self.text)
        if alias != "t":  # event_totals holds the flags as counts: totals_count() subtracts them
            w.add_if(not self.include_negated, f"NOT {e}.negated")
            w.add_if(not self.include_hypothetical, f"NOT {e}.hypothetical")
        w.add_if(self.article_key, f"{e}.article_key = ?", self.article_key)
        w.add_if(self.article_id, f"{e}.article_key = (SELECT article_key FROM articles WHERE id = ? "
                                  "ORDER BY ingested_at DESC, article_key LIMIT 1)", self.article_id)
        return w.sql, w.params

    @property
    def by_totals(self) -> bool:
        """Whether event_totals can answer: it is kept per (source, target, type) and flags, not per date."""
        return not (self.start or self.end or self.text or self.article_id or self.article_key)

    def totals_count(self) -> str:
        """What to sum over event_totals rows for the events this filter keeps."""
        if self.include_negated and self.include_hypothetical:
            return "t.events"
        if self.include_hypothetical:
            return "t.events - t.negated"
        if self.include_negated:
            return "t.events - t.hypothetical"
        return "t.events - t.negated - t.hypothetical + t.negated_hypothetical"


class Queries:
    """Mixed into :class:`~pactwatch.store.Store`; needs ``self.con``."""

    con: duckdb.DuckDBPyConnection

    # --- counts ----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        row = _first_row(self.con.execute("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events), "
                                          "(SELECT count(*) FROM quotes)"))
        return dict(zip(("articles", "events", "quotes"), row))

    def summaries_fresh(self) -> bool:
        """Whether the summary tables cover every row. A read-only store cannot change while it is
        open (the shared lock keeps writers out), so it asks once."""
        if not getattr(self, "read_only", False):
            return summaries_fresh(self.con)
        if getattr(self, "_fresh", None) is None:
            self._fresh = summaries_fresh(self.con)
        return self._fresh

    def stored_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of these article keys are stored."""
        return self._present("articles", "article_key", keys)

    def stored_inputs(self, keys: Iterable[str]) -> set[str]:
        """Which of these input keys (texts as read, ``write.input_key``) belong to a stored article."""
        return self._present("input_keys", "input_key", keys)

    def _present(self, table: str, column: str, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        return {r[0] for r in self.con.execute(
            f"SELECT {column} FROM {table} WHERE {column} IN (SELECT unnest(?::VARCHAR[]))", [keys]).fetchall()}

    def has_article(self, key: str) -> bool:
        return bool(self.stored_keys([key]))

    # --- events ----------------------------------------------------------------------------------

    def events(self, actor: str | None = None, dyad: tuple[str, str] | None = None, type: str | None = None,
               start: str | None = None, end: str | None = None, text: str | None = None,
               include_negated: bool = True, include_hypothetical: bool = True, limit: int = 100,
               offset: int = 0, order: str = "date", article_id: str | None = None,
               article_key: str | None = None, cursor: str | None = None) -> Page:
        """Events matching the filters, sorted by ``order`` and paged by ``offset`` or ``cursor``.

        ``total`` counts every matching event (the cursor does not change it); ``next_cursor``
        continues after this page in the same order.
        """
        if not 0 <= limit <= MAX_PAGE:
            raise ValueError(f"limit must be 0..{MAX_PAGE}")
        f = EventFilter(actor, dyad, type, start, end, text, include_negated, include_hypothetical, article_id,
                        article_key)
        keys = paging.order_keys(order)
        where, params = f.where()
        total = self._count(f, where, params)
        if cursor:
            condition, extra = paging.after(keys, paging.decode(cursor, order, keys))
            where, params = f"{where} AND {condition}", [*params, *extra]
        elif limit:
            bound = self._day_bound(f, order, offset + limit)
            if bound is not None:  # the page lies within these days: a condition the scan applies first
                where, params = f"{where} AND e.date_start {'>=' if order == '-date' else '<='} CAST(? AS DATE)", \
                    [*params, bound]
        sort_values = ", ".join(k.expr for k in keys)
        picked = self.con.execute(  # limit 0 asks for the total alone: no scan for a page
            f"SELECT {sort_values} FROM events e WHERE {where} ORDER BY {paging.order_by(keys)} LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall() if limit else []
        items = self._events_by_number([row[-1] for row in picked])
        next_cursor = paging.encode(order, list(picked[-1])) if picked and len(picked) == limit else None
        return Page(total, items, next_cursor)

    def iter_events(self, order: str = "date", chunk: int = 5_000, **filters: Any) -> Iterator[dict[str, Any]]:
        """Every event matching ``filters`` (as for :meth:`events`), in order, a page at a time by cursor."""
        cursor = None
        while True:
            page = self.events(order=order, limit=chunk, cursor=cursor, **filters)
            yield from page.items
            if page.next_cursor is None:
                return
            cursor = page.next_cursor

    def events_of(self, pairs: Iterable[tuple[str, str]] | None = None, types: Iterable[str] = (),
                  start: str | None = None, end: str | None = None, include_negated: bool = True,
                  include_hypothetical: bool = True, or_in_articles: Iterable[str] | None = None,
                  columns: str = "all") -> list[dict[str, Any]]:
        """Every event whose (source, target) is one of ``pairs`` (directed), of ``types``, dated within
        ``start``..``end`` — or, whatever its date, in one of the articles ``or_in_articles``; ordered by
        article key and idx, with ``article_id`` and ``article_title``. One scan however many pairs
        (the ledger asks for its candidates this way, with ``columns="ledger"``: LEDGER_FIELDS only)."""
        fields = {"all": EVENT_FIELDS, "ledger": LEDGER_FIELDS}[columns]
        where, params = EventFilter(include_negated=include_negated, include_hypothetical=include_hypothetical,
                                    types=list(types)).where()
        dates, date_params = EventFilter(start=start, end=end).where()
        if or_in_articles is not None:
            dates = f"(({dates}) OR e.article_key IN (SELECT unnest(?::VARCHAR[])))"
            date_params = [*date_params, sorted(set(or_in_articles))]
        where, params = f"{where} AND {dates}", [*params, *date_params]
        joins, join_params = "", []
        if pairs is not None:
            distinct = sorted(set(pairs))
            joins = (" JOIN (SELECT unnest(?::VARCHAR[]) AS s, unnest(?::VARCHAR[]) AS t) p "
                     "ON p.s = e.source AND p.t = e.target")
            join_params = [[s for s, _ in distinct], [t for _, t in distinct]]
        # pick the rows on narrow columns in a subquery, then read them whole (carrying every column
        # through the join would read them for each row scanned); their articles by key afterwards
        rows = _dicts(self.con.execute(
            f"SELECT {fields} FROM events e WHERE e.event_no IN (SELECT e.event_no FROM events e{joins} "
            f"WHERE {where})", [*join_params, *params]))
        rows.sort(key=lambda r: (r["article_key"], r["idx"]))
        keys = sorted({r["article_key"] for r in rows})
        articles = {k: (i, t) for k, i, t in self.con.execute(
            "SELECT article_key, id, title FROM articles WHERE article_key IN (SELECT unnest(?::VARCHAR[]))",
            [keys]).fetchall()} if keys else {}
        return [_with_article(r, *articles.get(r["article_key"], (None, None))) for r in rows]

    def _day_bound(self, f: EventFilter, order: str, rows: int) -> Any:
        """For the newest (``-date``) or oldest (``date``) ``rows`` events of the store or of one actor:
        the day from which day_totals counts that many, so the page is looked for only among those
        days; None when it cannot tell (other filters, other orders, too few dated events)."""
        if order not in ("date", "-date") or not (f.include_negated and f.include_hypothetical):
            return None
        if f.dyad or f.type or f.types or not f.by_totals or not self.summaries_fresh():
            return None
        direction = "DESC" if order == "-date" else "ASC"
        row = _first_row(self.con.execute(
            f"SELECT day FROM (SELECT day, sum(events) OVER (ORDER BY day {direction}) AS reached FROM day_totals "
            f"WHERE actor = ?) WHERE reached >= ? ORDER BY day {direction} LIMIT 1", [f.actor or "", rows]))
        return row[0] if row else None

    def _count(self, f: EventFilter, where: str, params: list[Any]) -> int:
        if f.by_totals and self.summaries_fresh():
            totals_where, totals_params = f.where("t")
            return int(_first_row(self.con.execute(
                f"SELECT coalesce(sum({f.totals_count()}), 0) FROM event_totals t WHERE {totals_where}",
                totals_params))[0])
        return int(_first_row(self.con.execute(f"SELECT count(*) FROM events e WHERE {where}", params))[0])

    def _events_by_number(self, numbers: list[int]) -> list[dict[str, Any]]:
        """Whole rows for these event numbers, in the order given (the second step of a page): the
        events through the event_no index, then their articles through the articles' key."""
        if not numbers:
            return []
        marks = ", ".join("?" * len(numbers))  # a literal IN list: the form DuckDB answers from the index
        rows = _dicts(self.con.execute(f"SELECT e.event_no, {EVENT_FIELDS} FROM events e WHERE e.event_no IN ({marks})",
                                       numbers))
        position = {n: i for i, n in enumerate(numbers)}
        rows.sort(key=lambda r: position[r.pop("event_no")])
        articles = self._article_titles({r["article_key"] for r in rows})
        return [_with_article(r, *articles.get(r["article_key"], (None, None))) for r in rows]

    def dyad_timeline(self, a: str, b: str, interval: str = "month", start: str | None = None,
                      end: str | None = None, directed: bool = False) -> list[dict[str, Any]]:
        """Counts per PLOVER type and the cooperation–conflict score per period, for one dyad.

        Only events dated at least as precisely as the period are placed (a year-only date is not put
        in a month). The score sums the events' ``score``: 0 for a negated or hypothetical event
        (docs/store.md).
        """
        unit = INTERVALS[interval]
        where, params = EventFilter(dyad=(a, b), start=start, end=end, directed=directed).where()
        rows = self.con.execute(
            f"SELECT CAST(CAST(date_trunc('{unit}', e.date_start) AS DATE) AS VARCHAR) AS period, e.type, count(*) AS n, "
            f"sum(e.score) AS score FROM events e WHERE {where} AND e.date_start IS NOT NULL AND length(e.date) >= ? "
            "GROUP BY ALL ORDER BY period, e.type", [*params, PRECISION[interval]]).fetchall()
        series: dict[str, dict[str, Any]] = {}
        for period, event_type, n, score in rows:
            entry = series.setdefault(period, {"period": period, "counts": {}, "score": 0.0, "events": 0})
            entry["counts"][event_type] = n
            entry["score"] += float(score or 0)
            entry["events"] += n
        return list(series.values())

    def dyad_partial_dates(self, a: str, b: str, interval: str = "month", start: str | None = None,
                           end: str | None = None, directed: bool = False) -> list[dict[str, Any]]:
        """The dyad's events that :meth:`dyad_timeline` cannot place: those dated less precisely than
        a period ("2021" in a monthly series, "2021-05" in a weekly one). Per partial date: its
        precision, the days it covers, counts per PLOVER type and the summed score, so that a chart
        can draw them across the periods they may fall in instead of dropping them."""
        where, params = EventFilter(dyad=(a, b), start=start, end=end, directed=directed).where()
        rows = self.con.execute(
            f"SELECT e.date, e.type, count(*) AS n, sum(e.score) AS score FROM events e WHERE {where} "
            "AND e.date_start IS NOT NULL AND length(e.date) < ? GROUP BY ALL ORDER BY e.date, e.type",
            [*params, PRECISION[interval]]).fetchall()
        partial: dict[str, dict[str, Any]] = {}
        for date, event_type, n, score in rows:
            if date not in partial:
                when = PartialDate.parse(date)
                first, last = when.bounds()
                partial[date] = {"date": date, "precision": when.precision, "start": first, "end": last,
                                 "counts": {}, "score": 0.0, "events": 0}
            entry = partial[date]
            entry["counts"][event_type] = n
            entry["score"] += float(score or 0)
            entry["events"] += n
        return list(partial.values())

    # --- actors and the network ------------------------------------------------------------------

    def actors(self, search: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """Actors the articles mention, with their event and mention counts, most active first."""
        w = _Where()
        w.add_if(search, "(contains(lower(k.key), lower(?)) OR contains(lower(k.name), lower(?)))", search, search)
        if self.summaries_fresh():
            source = "SELECT key, name, kind, events, mentions FROM actor_totals WHERE articles > 0"
        else:
            source = ("WITH m AS (SELECT key, min(name) AS name, min(kind) AS kind, sum(mentions) AS mentions "
                      "FROM article_actors GROUP BY key), "
                      "ev AS (SELECT actor, count(*) AS events FROM (SELECT source AS actor FROM events UNION ALL "
                      "SELECT target FROM events WHERE target IS NOT NULL) GROUP BY actor) "
                      "SELECT m.key, m.name, m.kind, coalesce(ev.events, 0) AS events, m.mentions "
                      "FROM m LEFT JOIN ev ON ev.actor = m.key")
        return _dicts(self.con.execute(
            f"SELECT k.key, k.name, k.kind, CAST(k.events AS BIGINT) AS events, CAST(k.mentions AS BIGINT) AS mentions "
            f"FROM ({source}) k WHERE {w.sql} ORDER BY events DESC, mentions DESC, k.key LIMIT ?", [*w.params, limit]))

    def network(self, start: str | None = None, end: str | None = None, types: Iterable[str] | None = None,
                min_events: int = 1) -> dict[str, Any]:
        """Actors and the directed edges between them: events, summed score, cooperative and conflictual counts."""
        f = EventFilter(start=start, end=end, types=list(types or []))
        fresh = self.summaries_fresh()
        if not f.types and f.by_totals and fresh:  # the dashboard's default: one row per pair, kept by the writer
            edges = _dicts(self.con.execute(
                "SELECT source, target, events, score, cooperation, conflict FROM pair_totals WHERE events >= ? "
                "ORDER BY events DESC, source, target", [min_events]))
        else:  # by type: the writer's counts per (pair, type); with dates: the events themselves
            where, params = f.where("t" if f.by_totals and fresh else "e")
            rows = (f"SELECT t.source, t.target, t.quad, t.events, t.score FROM event_totals t WHERE {where} "
                    "AND t.target <> ''" if f.by_totals and fresh else
                    f"SELECT e.source, e.target, e.quad, 1 AS events, e.score FROM events e WHERE {where} "
                    "AND e.target IS NOT NULL")
            edges = _dicts(self.con.execute(
                "SELECT source, target, CAST(sum(events) AS BIGINT) AS events, sum(score) AS score, "
                "CAST(coalesce(sum(events) FILTER (WHERE quad IN (1, 2)), 0) AS BIGINT) AS cooperation, "
                "CAST(coalesce(sum(events) FILTER (WHERE quad IN (3, 4)), 0) AS BIGINT) AS conflict "
                f"FROM ({rows}) GROUP BY source, target HAVING sum(events) >= ? ORDER BY events DESC, source, target",
                [*params, min_events]))
        degree: dict[str, int] = {}  # events an actor takes part in; a self-tie counts once
        for edge in edges:
            source, target, n = edge["source"], edge["target"], edge["events"]
            degree[source] = degree.get(source, 0) + n
            if target != source:
                degree[target] = degree.get(target, 0) + n
        keys = sorted(degree)
        names_sql = ("SELECT key, name, kind FROM actor_totals WHERE list_contains(?, key)" if fresh else
                     "SELECT key, min(name) AS name, min(kind) AS kind FROM article_actors "
                     "WHERE list_contains(?, key) GROUP BY key")
        names = {r["key"]: r for r in _dicts(self.con.execute(names_sql, [keys]))} if keys else {}
        nodes = [{"key": k, "name": (names.get(k) or {}).get("name") or k, "kind": (names.get(k) or {}).get("kind"),
                  "events": degree[k]} for k in keys]
        return {"nodes": nodes, "edges": edges}

    # --- quotes and articles ---------------------------------------------------------------------

    def quotes(self, speaker: str | None = None, actor: str | None = None, text: str | None = None,
               limit: int = 100, offset: int = 0) -> Page:
        """Quotations, newest article first, then in the order stored (an article's in ``idx`` order);
        the order stored is a cheaper tie-break than a 64-character key, and as fixed."""
        w = _Where()
        w.add_if(speaker, "contains(lower(q.speaker), lower(?))", speaker)
        w.add_if(actor, "q.speaker_actor = ?", actor)
        w.add_if(text, "contains(lower(q.text), lower(?))", text)
        total = int(_first_row(self.con.execute(f"SELECT count(*) FROM quotes q WHERE {w.sql}", w.params))[0])
        items = _dicts(self.con.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes q WHERE {w.sql} "
            "ORDER BY q.published DESC NULLS LAST, q.rowid LIMIT ? OFFSET ?", [*w.params, limit, offset]))
        articles = self._article_titles({q["article_key"] for q in items})
        for quote in items:
            article_id, title = articles.get(quote["article_key"], (None, None))
            quote.update(article_id=article_id, article_title=title)
        return Page(total, items)

    def _article_titles(self, keys: set[str]) -> dict[str, tuple[str, str | None]]:
        """(id, title) of these articles. A pool shares a cache of them between requests: an article
        is never changed once stored, and its key is its content, so an entry never goes stale."""
        known: dict[str, tuple[str, str | None]] = getattr(self, "_titles", None) or {}
        found = {k: known[k] for k in keys if k in known}
        missing = sorted(keys - found.keys())
        if missing:
            marks = ", ".join("?" * len(missing))
            for key, article_id, title in self.con.execute(
                    f"SELECT article_key, id, title FROM articles WHERE article_key IN ({marks})", missing).fetchall():
                found[key] = (article_id, title)
            cache = getattr(self, "_titles", None)
            if cache is not None:
                if len(cache) > TITLE_CACHE:
                    cache.clear()  # a crude bound, safe without a lock: a dict clear or set is atomic
                cache.update((k, found[k]) for k in missing if k in found)
        return found

    def articles(self, limit: int = 100, offset: int = 0) -> Page:
        """Stored articles, newest first, then by id, then in the order stored."""
        total = int(_first_row(self.con.execute("SELECT count(*) FROM articles"))[0])
        rows = self.con.execute(
            "SELECT article_key, id, title, url, outlet, published, n_events AS events, n_quotes AS quotes "
            "FROM articles ORDER BY published DESC NULLS LAST, id, rowid LIMIT ? OFFSET ?", [limit, offset])
        return Page(total, _dicts(rows))

    def article(self, ref: str) -> dict[str, Any] | None:
        """One article by its ``article_key`` (unambiguous) or its id (the latest ingested with that id):
        its text, its events ordered by ``idx`` with ``evidence_span``, its quotes ordered by ``idx``
        with ``span``, and the actors it mentions."""
        columns = "article_key, id, url, title, outlet, published, text_clean"
        row = None
        if len(ref) == KEY_LENGTH:
            row = _first_row(self.con.execute(f"SELECT {columns} FROM articles WHERE article_key = ?", [ref]))
        if row is None:
            row = _first_row(self.con.execute(
                f"SELECT {columns} FROM articles WHERE id = ? ORDER BY ingested_at DESC, article_key LIMIT 1", [ref]))
        if row is None:
            return None
        article = dict(zip(("article_key", "id", "url", "title", "outlet", "published", "text_clean"), row))
        key = article["article_key"]
        article["events"] = [_with_article(e, article["id"], article["title"]) for e in _dicts(self.con.execute(
            f"SELECT {EVENT_FIELDS} FROM events e WHERE e.article_key = ? ORDER BY e.idx", [key]))]  # no join: we have it
        for event in article["events"]:
            event["evidence_span"] = [event.pop("evidence_start"), event.pop("evidence_end")]
        article["quotes"] = _dicts(self.con.execute(
            f"SELECT {QUOTE_COLUMNS} FROM quotes q WHERE q.article_key = ? ORDER BY q.idx", [key]))
        for quote in article["quotes"]:
            quote["span"] = [quote.pop("span_start"), quote.pop("span_end")]
        article["actors"] = _dicts(self.con.execute(
            "SELECT key, name, kind, mentions FROM article_actors WHERE article_key = ? ORDER BY mentions DESC, key",
            [key]))
        return article

    def all_event_records(self) -> list[dict[str, Any]]:
        """Stored events grouped as extraction output articles, for the knowledge-base ledger."""
        articles: dict[str, dict[str, Any]] = {}
        for row in _dicts(self.con.execute(
                f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a USING (article_key) "
                "ORDER BY a.id, e.article_key, e.idx")):
            articles.setdefault(row["article_id"], {"id": row["article_id"], "events": []})["events"].append(row)
        return list(articles.values())


def _with_article(event: dict[str, Any], article_id: str | None, title: str | None) -> dict[str, Any]:
    """The event row with article_id and article_title in their place, after event_id."""
    out: dict[str, Any] = {}
    for name, value in event.items():
        out[name] = value
        if name == "event_id":
            out["article_id"], out["article_title"] = article_id, title
    return out


def _first_row(cursor) -> tuple | None:
    """The first row, reading the result to its end: DuckDB 2 refuses a new statement on a
    connection whose previous result was left unfinished."""
    rows = cursor.fetchall()
    return rows[0] if rows else None


def _dicts(cursor) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]
