"""The embedded store: articles, events, quotes and actors in one DuckDB file.

Ingestion is idempotent and resumable. An article's key is the SHA-256 of its cleaned text, checked
before any parsing, so re-ingesting adds nothing and an interrupted run picks up where it stopped.
Each batch of articles is written in one transaction, so nothing is ever half stored. All SQL is
fixed text with ``?`` parameters; no value from a caller is spliced into a statement.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from . import __version__
from .clean import clean_text
from .errors import InputError
from .plover import load as load_plover, score as plover_score
from .readers import read_articles, read_records
from .records import Article, ArticleResult

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS articles (
        article_key VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, url VARCHAR, title VARCHAR, outlet VARCHAR,
        published VARCHAR, text_clean VARCHAR, n_events INTEGER, n_quotes INTEGER,
        ingested_at TIMESTAMP DEFAULT current_timestamp, version VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS events (
        article_key VARCHAR NOT NULL, idx INTEGER NOT NULL, source VARCHAR, target VARCHAR, type VARCHAR,
        mode VARCHAR, date VARCHAR, date_start DATE, date_end DATE, date_basis VARCHAR, negated BOOLEAN,
        hypothetical BOOLEAN, evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
        source_text VARCHAR, target_text VARCHAR, confidence DOUBLE, quad INTEGER, score DOUBLE,
        PRIMARY KEY (article_key, idx))""",
    """CREATE TABLE IF NOT EXISTS quotes (
        article_key VARCHAR NOT NULL, idx INTEGER NOT NULL, speaker VARCHAR, speaker_actor VARCHAR,
        text VARCHAR, direct BOOLEAN, span_start INTEGER, span_end INTEGER, cue VARCHAR,
        PRIMARY KEY (article_key, idx))""",
    """CREATE TABLE IF NOT EXISTS article_actors (
        article_key VARCHAR NOT NULL, key VARCHAR NOT NULL, name VARCHAR, kind VARCHAR, mentions INTEGER,
        PRIMARY KEY (article_key, key))""",
    "CREATE INDEX IF NOT EXISTS events_source ON events (source)",
    "CREATE INDEX IF NOT EXISTS events_target ON events (target)",
    "CREATE INDEX IF NOT EXISTS articles_id ON articles (id)",
]
TABLES = ("articles", "events", "quotes", "article_actors")
INTERVALS = {"week": "week", "month": "month", "year": "year"}
# the shortest date an event may have to be placed in a period of that length
PRECISION = {"week": 10, "month": 7, "year": 4}
# Ties are broken by article key and position, so paging is stable without joining articles first.
ORDERS = {
    "date": "e.date_start NULLS LAST, e.article_key, e.idx",
    "-date": "e.date_start DESC NULLS LAST, e.article_key, e.idx",
    "type": "e.type, e.date_start NULLS LAST, e.article_key, e.idx",
    "source": "e.source, e.date_start NULLS LAST, e.article_key, e.idx",
    "confidence": "e.confidence DESC, e.date_start NULLS LAST, e.article_key, e.idx",
}
EVENT_COLUMNS = """a.id AS article_id, a.title AS article_title, e.idx, e.source, e.target, e.type, e.mode,
    e.date, CAST(e.date_start AS VARCHAR) AS date_start, CAST(e.date_end AS VARCHAR) AS date_end, e.date_basis,
    e.negated, e.hypothetical, e.evidence, e.evidence_start, e.evidence_end, e.source_text, e.target_text,
    e.confidence, e.quad, CASE WHEN e.negated OR e.hypothetical THEN 0 ELSE e.score END AS score,
    e.score AS plover_score"""


@dataclass
class IngestSummary:
    added: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"added": self.added, "skipped": self.skipped, "failed": self.failed, "events": self.events,
                "errors": self.errors}


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"total": self.total, "items": self.items}


def content_key(text_clean: str) -> str:
    return hashlib.sha256(text_clean.encode("utf-8")).hexdigest()


def date_bounds(date: str | None) -> tuple[str | None, str | None]:
    """The first and last day a partial date covers: "2024-02" -> ("2024-02-01", "2024-02-29")."""
    if not date:
        return None, None
    import calendar

    year = int(date[:4])
    if len(date) == 4:
        return f"{year:04d}-01-01", f"{year:04d}-12-31"
    month = int(date[5:7])
    if len(date) == 7:
        return f"{date}-01", f"{date}-{calendar.monthrange(year, month)[1]:02d}"
    return date, date


class Store:
    """One DuckDB file. ``Store(path)`` opens (and creates) it; ``read_only=True`` for serving."""

    def __init__(self, path: str | Path = "pactwatch.duckdb", read_only: bool = False):
        self.path = str(path)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            for statement in SCHEMA:
                self.con.execute(statement)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- ingestion -----------------------------------------------------------------------------

    def ingest(self, inputs: Iterable[str | Path], published: str | None = None, extractor=None,
               batch_size: int = 32, on_progress: Callable[[IngestSummary], None] | None = None) -> IngestSummary:
        """Extract and store articles from files, directories or ``-``; skip what is stored already."""
        return self._ingest(read_articles([str(i) for i in inputs], published=published), extractor,
                            batch_size, on_progress)

    def ingest_records(self, records: Iterable[dict[str, Any]], published: str | None = None, extractor=None,
                       batch_size: int = 32) -> IngestSummary:
        """Extract and store articles given as mappings like JSONL lines (the HTTP write endpoint)."""
        return self._ingest(read_records(records, published=published), extractor, batch_size, None)

    def _ingest(self, items: Iterable[Article | InputError], extractor, batch_size: int,
                on_progress: Callable[[IngestSummary], None] | None) -> IngestSummary:
        from .pipeline import Extractor

        extractor = extractor or Extractor()
        summary = IngestSummary()
        seen: set[str] = set()  # keys read but not yet written; written ones are in the database

        def fresh() -> Iterator[Article]:
            for item in items:
                if isinstance(item, InputError):
                    summary.failed += 1
                    summary.errors.append(str(item))
                    continue
                key = content_key(clean_text(item.text or ""))
                if key in seen or self.has_article(key):
                    summary.skipped += 1
                    continue
                seen.add(key)
                yield item

        batch: list[ArticleResult] = []
        for result in extractor.extract_many(fresh()):
            batch.append(result)
            if len(batch) >= batch_size:
                self._write(batch, summary)
                seen.difference_update(content_key(r.text_clean) for r in batch)
                batch = []
                if on_progress:
                    on_progress(summary)
        self._write(batch, summary)
        return summary

    def has_article(self, key: str) -> bool:
        return _first_row(self.con.execute("SELECT 1 FROM articles WHERE article_key = ?", [key])) is not None

    def _write(self, batch: list[ArticleResult], summary: IngestSummary) -> None:
        if not batch:
            return
        quads = {name: entry["quad_class"] if "quad_class" in entry else entry.get("quad_numeric")
                 for name, entry in load_plover()["types"].items()}
        self.con.execute("BEGIN TRANSACTION")
        try:
            for result in batch:
                key = content_key(result.text_clean)
                self.con.execute(
                    "INSERT INTO articles (article_key, id, url, title, outlet, published, text_clean, n_events,"
                    " n_quotes, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [key, result.id, result.url, result.title, result.outlet, result.published, result.text_clean,
                     len(result.events), len(result.quotes), __version__])
                for i, e in enumerate(result.events):
                    start, end = date_bounds(e.date)
                    self.con.execute(
                        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [key, i, e.source, e.target, e.type, e.mode, e.date, start, end, e.date_basis, e.negated,
                         e.hypothetical, e.evidence, e.evidence_span[0], e.evidence_span[1], e.source_text,
                         e.target_text, e.confidence, _quad(quads, e.type), _score(e.type, e.mode)])
                for i, q in enumerate(result.quotes):
                    self.con.execute("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                     [key, i, q.speaker, q.speaker_actor, q.text, q.direct, q.span[0], q.span[1], q.cue])
                for a in result.actors:
                    self.con.execute("INSERT INTO article_actors VALUES (?, ?, ?, ?, ?)",
                                     [key, a.key, a.name, a.kind, a.mentions])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        summary.added += len(batch)
        summary.events += sum(len(r.events) for r in batch)

    # --- queries ---------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {table: _first_row(self.con.execute(f"SELECT count(*) FROM {table}"))[0]  # noqa: S608 (fixed names)
                for table in ("articles", "events", "quotes")}

    def events(self, actor: str | None = None, dyad: tuple[str, str] | None = None, type: str | None = None,
               start: str | None = None, end: str | None = None, text: str | None = None,
               include_negated: bool = True, include_hypothetical: bool = True, limit: int = 100,
               offset: int = 0, order: str = "date", article_id: str | None = None) -> Page:
        where, params = _event_filters(actor, dyad, type, start, end, text, include_negated, include_hypothetical,
                                       article_id)
        order_by = ORDERS.get(order, ORDERS["date"])
        # count and pick the page on events alone, then join only that page to its articles
        total = _first_row(self.con.execute(f"SELECT count(*) FROM events e WHERE {where}", params))[0]
        rows = self.con.execute(
            f"WITH e AS (SELECT * FROM events e WHERE {where} ORDER BY {order_by} LIMIT ? OFFSET ?) "
            f"SELECT {EVENT_COLUMNS} FROM e JOIN articles a USING (article_key) ORDER BY {order_by}",
            [*params, limit, offset])
        return Page(total, _dicts(rows))

    def dyad_timeline(self, a: str, b: str, interval: str = "month", start: str | None = None,
                      end: str | None = None, directed: bool = False) -> list[dict[str, Any]]:
        """Counts per PLOVER type and the cooperation–conflict score per period, for one dyad.

        Only events dated at least as precisely as the period are placed (a year-only date is not put
        in a month). The score sums the PLOVER scores of events that happened (not negated, not
        hypothetical); see docs/api.md.
        """
        unit = INTERVALS[interval]
        where, params = _event_filters(None, (a, b), None, start, end, None, True, True, None, directed)
        rows = self.con.execute(
            f"SELECT CAST(CAST(date_trunc('{unit}', e.date_start) AS DATE) AS VARCHAR) AS period, e.type, count(*) AS n, "
            "sum(CASE WHEN e.negated OR e.hypothetical THEN 0 ELSE e.score END) AS score "
            f"FROM events e WHERE {where} AND e.date_start IS NOT NULL AND length(e.date) >= ? "
            "GROUP BY ALL ORDER BY period", [*params, PRECISION[interval]]).fetchall()
        series: dict[str, dict[str, Any]] = {}
        for period, event_type, n, score in rows:
            entry = series.setdefault(period, {"period": period, "counts": {}, "score": 0.0, "events": 0})
            entry["counts"][event_type] = n
            entry["score"] += float(score or 0)
            entry["events"] += n
        return list(series.values())

    def actors(self, search: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        params: list[Any] = []
        condition = "TRUE"
        if search:
            condition = "(contains(lower(k.key), lower(?)) OR contains(lower(k.name), lower(?)))"
            params = [search, search]
        rows = self.con.execute(
            "WITH k AS (SELECT key, any_value(name) AS name, any_value(kind) AS kind, sum(mentions) AS mentions "
            "FROM article_actors GROUP BY key), "
            "ev AS (SELECT actor, count(*) AS events FROM (SELECT source AS actor FROM events UNION ALL "
            "SELECT target FROM events WHERE target IS NOT NULL) GROUP BY actor) "
            f"SELECT k.key, k.name, k.kind, coalesce(ev.events, 0) AS events, k.mentions FROM k "
            f"LEFT JOIN ev ON ev.actor = k.key WHERE {condition} ORDER BY events DESC, mentions DESC, k.key LIMIT ?",
            [*params, limit])
        return _dicts(rows)

    def network(self, start: str | None = None, end: str | None = None, types: Iterable[str] | None = None,
                min_events: int = 1) -> dict[str, Any]:
        type_list = list(types or [])
        where, params = _event_filters(None, None, None, start, end, None, True, True, None)
        if type_list:
            where += " AND list_contains(?, e.type)"
            params.append(type_list)
        edges = _dicts(self.con.execute(
            "SELECT e.source, e.target, count(*) AS events, "
            "sum(CASE WHEN e.negated OR e.hypothetical THEN 0 ELSE e.score END) AS score, "
            "count(*) FILTER (WHERE e.quad IN (1, 2)) AS cooperation, count(*) FILTER (WHERE e.quad IN (3, 4)) AS conflict "
            f"FROM events e WHERE {where} AND e.target IS NOT NULL GROUP BY ALL HAVING count(*) >= ? "
            "ORDER BY events DESC", [*params, min_events]))
        keys = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
        names = {r["key"]: r for r in _dicts(self.con.execute(
            "SELECT key, any_value(name) AS name, any_value(kind) AS kind FROM article_actors "
            "WHERE list_contains(?, key) GROUP BY key", [keys]))}
        nodes = [{"key": k, "name": names.get(k, {}).get("name", k), "kind": names.get(k, {}).get("kind"),
                  "events": sum(e["events"] for e in edges if k in (e["source"], e["target"]))} for k in keys]
        return {"nodes": nodes, "edges": edges}

    def quotes(self, speaker: str | None = None, actor: str | None = None, text: str | None = None,
               limit: int = 100, offset: int = 0) -> Page:
        where = _Where()
        where.add_if(speaker, "contains(lower(q.speaker), lower(?))", speaker)
        where.add_if(actor, "q.speaker_actor = ?", actor)
        where.add_if(text, "contains(lower(q.text), lower(?))", text)
        params = where.params
        base = f"FROM quotes q JOIN articles a USING (article_key) WHERE {where.sql}"
        total = _first_row(self.con.execute(f"SELECT count(*) {base}", params))[0]
        rows = self.con.execute(
            "SELECT a.id AS article_id, a.title AS article_title, a.published, q.idx, q.speaker, q.speaker_actor, "
            f"q.text, q.direct, q.span_start, q.span_end, q.cue {base} ORDER BY a.published DESC NULLS LAST, a.id, q.idx "
            "LIMIT ? OFFSET ?", [*params, limit, offset])
        return Page(total, _dicts(rows))

    def articles(self, limit: int = 100, offset: int = 0) -> Page:
        total = _first_row(self.con.execute("SELECT count(*) FROM articles"))[0]
        rows = self.con.execute(
            "SELECT id, title, url, outlet, published, n_events AS events, n_quotes AS quotes FROM articles "
            "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?", [limit, offset])
        return Page(total, _dicts(rows))

    def article(self, article_id: str) -> dict[str, Any] | None:
        row = _first_row(self.con.execute(
            "SELECT article_key, id, url, title, outlet, published, text_clean FROM articles WHERE id = ? "
            "ORDER BY ingested_at DESC LIMIT 1", [article_id]))
        if row is None:
            return None
        key = row[0]
        article = dict(zip(("article_key", "id", "url", "title", "outlet", "published", "text_clean"), row))
        article["events"] = self.events(article_id=article_id, limit=10_000).items
        for event in article["events"]:
            event["evidence_span"] = [event.pop("evidence_start"), event.pop("evidence_end")]
        article["quotes"] = _dicts(self.con.execute(
            "SELECT idx, speaker, speaker_actor, text, direct, span_start, span_end, cue FROM quotes "
            "WHERE article_key = ? ORDER BY idx", [key]))
        for quote in article["quotes"]:
            quote["span"] = [quote.pop("span_start"), quote.pop("span_end")]
        article["actors"] = _dicts(self.con.execute(
            "SELECT key, name, kind, mentions FROM article_actors WHERE article_key = ? ORDER BY mentions DESC, key",
            [key]))
        del article["article_key"]
        return article

    def milestones(self, a: str, b: str, kb=None) -> list[dict[str, Any]]:
        """Knowledge-base changes that matter to a dyad: a party's status changes in an alliance that
        one side embodies, or that both belong to ("ARM freezes CSTO participation")."""
        from .kb import default_kb

        kb = kb or default_kb()
        out: list[dict[str, Any]] = []
        for treaty in kb.treaties.values():
            parties = {m.member for m in kb.memberships if m.treaty == treaty.id}
            sides = {a, b}
            if treaty.organisation in sides:
                members = sides & parties
            elif sides <= parties:
                members = sides
            else:
                continue
            for member in sorted(members):
                for layer in ("legal", "participation"):
                    for m in kb.intervals(treaty.id, member, layer)[1:]:  # changes, not the first joining
                        out.append({"date": m.start, "member": member, "treaty": treaty.id,
                                    "organisation": treaty.organisation, "layer": layer, "status": m.status,
                                    "label": f"{member} {m.status} in {treaty.organisation or treaty.id}",
                                    "source": m.source})
        return sorted(out, key=lambda m: m["date"])

    def export(self, directory: str | Path, fmt: str = "parquet") -> list[Path]:
        """Write every table to ``directory`` as Parquet or CSV files (one per table)."""
        if fmt not in {"parquet", "csv"}:
            raise ValueError("format must be parquet or csv")
        out = Path(directory)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for table in TABLES:
            path = out / f"{table}.{fmt}"
            relation = self.con.table(table)
            if fmt == "parquet":
                relation.write_parquet(str(path))
            else:
                relation.write_csv(str(path), header=True)
            written.append(path)
        return written

    def all_event_records(self) -> list[dict[str, Any]]:
        """Stored events grouped as extraction output articles, for the knowledge-base ledger."""
        articles: dict[str, dict[str, Any]] = {}
        for row in _dicts(self.con.execute(
                f"SELECT {EVENT_COLUMNS} FROM events e JOIN articles a USING (article_key) ORDER BY a.id, e.idx")):
            articles.setdefault(row["article_id"], {"id": row["article_id"], "events": []})["events"].append(row)
        return list(articles.values())


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


def _event_filters(actor, dyad, event_type, start, end, text, include_negated, include_hypothetical,
                   article_id, directed: bool = False) -> tuple[str, list[Any]]:
    w = _Where()
    w.add_if(actor, "(e.source = ? OR e.target = ?)", actor, actor)
    if dyad:
        a, b = dyad
        if directed:
            w.add_if(True, "(e.source = ? AND e.target = ?)", a, b)
        else:
            w.add_if(True, "((e.source = ? AND e.target = ?) OR (e.source = ? AND e.target = ?))", a, b, b, a)
    w.add_if(event_type, "e.type = ?", event_type)
    w.add_if(start, "e.date_end >= CAST(? AS DATE)", start)
    w.add_if(end, "e.date_start <= CAST(? AS DATE)", end)
    w.add_if(text, "contains(lower(e.evidence), lower(?))", text)
    w.add_if(not include_negated, "NOT e.negated")
    w.add_if(not include_hypothetical, "NOT e.hypothetical")
    w.add_if(article_id, "e.article_key = (SELECT article_key FROM articles WHERE id = ? "
                         "ORDER BY ingested_at DESC LIMIT 1)", article_id)
    return w.sql, w.params


def _first_row(cursor) -> tuple | None:
    """The first row, reading the result to its end: DuckDB 2 refuses a new statement on a
    connection whose previous result was left unfinished."""
    rows = cursor.fetchall()
    return rows[0] if rows else None


def _dicts(cursor) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _quad(quads: dict[str, Any], event_type: str) -> int | None:
    value = quads.get(event_type)
    return int(value) if value is not None else None


def _score(event_type: str, mode: str | None) -> float | None:
    try:
        return float(plover_score(event_type, mode))
    except (ValueError, KeyError):
        return float(plover_score(event_type))
