"""The store's tables, their format version, upgrades and the summary tables (docs/store.md).

Format 5 (this one) adds ``input_keys`` to format 4: the SHA-256 of each article's text as it was
read (before cleaning), with the article it became, so a re-ingest of the same input skips it at
the cost of a hash, without cleaning its text again (issue 12). Format 4 stores are upgraded by
creating the table; their articles are recognised by their cleaned text, as before, and their
input keys recorded by the next ingest that meets them.

Format 4, over pactwatch 0.1's format 1 (no ``store_meta`` table):

* ``events.score`` is :func:`pactwatch.plover.event_score` — 0 for a negated or hypothetical
  event — the one score every query and export reads; ``events.plover_score`` keeps the PLOVER
  score of the type or mode whether or not the act happened (format 1 stored that as ``score``).
* ``events.event_no``: a store-wide sequence number in the order events were written. It breaks
  ties in sorted listings and is the keyset of paging, and its index lets a page of events be
  fetched by number instead of scanning the table. It is not an identity: that is
  (``article_key``, ``idx``).
* ``quotes.published``: the article's publication date, so quotes sort without a join.
* an index on ``article_key`` in events, quotes and article_actors: DuckDB looks an article's
  rows up through a single-column index, never through a prefix of a composite primary key, so
  the children have no composite key (the writer keeps them unique: it writes an article's rows
  only in the transaction that adds the article, whose key is the primary key of ``articles``).
* ``event_totals``, ``pair_totals``, ``day_totals`` and ``actor_totals``: counts kept up to date
  by every batch written, so totals, the network and the actor list do not scan a million events,
  and the newest (or oldest) events of the store or of one actor are looked for only among the
  days that hold them. ``store_meta``
  records which event and actor-row counts they cover; a reader uses them only when those match
  the tables (anything written around the store's writer makes them stale, and the next writer
  rebuilds them).

Formats 2 and 3 lived for a day during development (without the article indexes and
``pair_totals``; without ``day_totals``); they are upgraded by creating what is missing.

A writer creates or upgrades the file (:func:`ensure`); readers only check it (:func:`check`).
"""
from __future__ import annotations

import duckdb

from .errors import NotAStore

FORMAT = 5
SUMMARIES_FORMAT = 4  # the first format with every summary table: older ones rebuild them on upgrade

TABLES = [
    """CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS articles (
        article_key VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, url VARCHAR, title VARCHAR, outlet VARCHAR,
        published VARCHAR, text_clean VARCHAR, n_events INTEGER, n_quotes INTEGER,
        ingested_at TIMESTAMP DEFAULT current_timestamp, version VARCHAR)""",
    "CREATE SEQUENCE IF NOT EXISTS event_no_seq START WITH 1",
    """CREATE TABLE IF NOT EXISTS events (
        article_key VARCHAR NOT NULL, idx INTEGER NOT NULL, source VARCHAR, target VARCHAR, type VARCHAR,
        mode VARCHAR, date VARCHAR, date_start DATE, date_end DATE, date_basis VARCHAR, negated BOOLEAN,
        hypothetical BOOLEAN, evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER,
        source_text VARCHAR, target_text VARCHAR, confidence DOUBLE, quad INTEGER, score DOUBLE,
        plover_score DOUBLE, event_no BIGINT NOT NULL DEFAULT nextval('event_no_seq'))""",
    """CREATE TABLE IF NOT EXISTS quotes (
        article_key VARCHAR NOT NULL, idx INTEGER NOT NULL, speaker VARCHAR, speaker_actor VARCHAR,
        text VARCHAR, direct BOOLEAN, span_start INTEGER, span_end INTEGER, cue VARCHAR, published VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS article_actors (
        article_key VARCHAR NOT NULL, key VARCHAR NOT NULL, name VARCHAR, kind VARCHAR, mentions INTEGER)""",
    # target '' stands for "no target": a primary key cannot hold NULL
    """CREATE TABLE IF NOT EXISTS event_totals (
        source VARCHAR NOT NULL, target VARCHAR NOT NULL, type VARCHAR NOT NULL, quad INTEGER,
        events BIGINT NOT NULL, negated BIGINT NOT NULL, hypothetical BIGINT NOT NULL,
        negated_hypothetical BIGINT NOT NULL, score DOUBLE NOT NULL, PRIMARY KEY (source, target, type))""",
    """CREATE TABLE IF NOT EXISTS pair_totals (
        source VARCHAR NOT NULL, target VARCHAR NOT NULL, events BIGINT NOT NULL, score DOUBLE NOT NULL,
        cooperation BIGINT NOT NULL, conflict BIGINT NOT NULL, PRIMARY KEY (source, target))""",
    # events per day, of every actor ('') and of each actor as source or target (an event once)
    """CREATE TABLE IF NOT EXISTS day_totals (
        actor VARCHAR NOT NULL, day DATE NOT NULL, events BIGINT NOT NULL, PRIMARY KEY (actor, day))""",
    """CREATE TABLE IF NOT EXISTS actor_totals (
        key VARCHAR PRIMARY KEY, name VARCHAR, kind VARCHAR, articles BIGINT NOT NULL, mentions BIGINT NOT NULL,
        events BIGINT NOT NULL)""",
    # the text as read -> the article it became (format 5); several inputs may clean to one article
    """CREATE TABLE IF NOT EXISTS input_keys (input_key VARCHAR PRIMARY KEY, article_key VARCHAR NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS events_no ON events (event_no)",
    # an article's rows by its key: DuckDB looks up a single-column index, not a prefix of a composite key
    "CREATE INDEX IF NOT EXISTS events_article ON events (article_key)",
    "CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_key)",
    "CREATE INDEX IF NOT EXISTS article_actors_article ON article_actors (article_key)",
    "CREATE INDEX IF NOT EXISTS articles_id ON articles (id)",
]

# The tables an export writes, with their columns: the store's internal numbering and summaries stay inside.
EXPORTS: dict[str, str] = {
    "articles": "SELECT article_key, id, url, title, outlet, published, text_clean, n_events, n_quotes, "
                "ingested_at, version FROM articles ORDER BY article_key",
    "events": "SELECT article_key, idx, article_key || ':' || idx AS event_id, source, target, type, mode, date, "
              "date_start, date_end, date_basis, negated, hypothetical, evidence, evidence_start, evidence_end, "
              "source_text, target_text, confidence, quad, score, plover_score FROM events ORDER BY article_key, idx",
    "quotes": "SELECT article_key, idx, article_key || ':' || idx AS quote_id, speaker, speaker_actor, text, direct, "
              "span_start, span_end, cue, published FROM quotes ORDER BY article_key, idx",
    "article_actors": "SELECT article_key, key, name, kind, mentions FROM article_actors ORDER BY article_key, key",
}

_SUMMARY_MARK = ("SELECT CAST((SELECT count(*) FROM events) AS VARCHAR) || '/' || "
                 "CAST((SELECT count(*) FROM article_actors) AS VARCHAR)")


def stored_format(con: duckdb.DuckDBPyConnection) -> int | None:
    """The store format of the open file: None for an empty file, 1 for pactwatch 0.1's tables."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                        "AND database_name = current_database()").fetchall()}
    if "store_meta" in tables:
        row = con.execute("SELECT value FROM store_meta WHERE key = 'format'").fetchall()
        return int(row[0][0]) if row else None
    if "events" in tables and "articles" in tables:
        return 1
    if tables:
        return -1  # some other database
    return None


def check(con: duckdb.DuckDBPyConnection, path: str) -> int | None:
    """For a reader: the format, or NotAStore when this pactwatch cannot read the file."""
    fmt = stored_format(con)
    if fmt == -1:
        raise NotAStore(path, "a DuckDB database but not a pactwatch store (no articles and events tables)")
    if fmt is not None and fmt > FORMAT:
        raise NotAStore(path, f"written by a newer pactwatch (store format {fmt}; this one reads up to {FORMAT})")
    return fmt


def ensure(con: duckdb.DuckDBPyConnection, path: str) -> None:
    """For a writer: create the tables in a new file, upgrade an older format, rebuild stale summaries."""
    fmt = check(con, path)
    if fmt == FORMAT and summaries_fresh(con):
        return
    if fmt == 1:
        # transactions of their own: DuckDB cannot constrain or index a table with updates outstanding
        _in_transaction(con, _upgrade_from_1)
        _in_transaction(con, _constrain_upgraded)
    _in_transaction(con, lambda c: _create(c, rebuild=fmt is not None and fmt < SUMMARIES_FORMAT))


def _create(con: duckdb.DuckDBPyConnection, rebuild: bool) -> None:
    """Every table and index that is missing; the summaries when stale or (an upgrade) new."""
    for statement in TABLES:
        con.execute(statement)
    con.execute("INSERT OR REPLACE INTO store_meta VALUES ('format', ?)", [str(FORMAT)])
    if rebuild or not summaries_fresh(con):
        rebuild_summaries(con)


def _in_transaction(con: duckdb.DuckDBPyConnection, work) -> None:
    con.execute("BEGIN TRANSACTION")
    try:
        work(con)
        con.execute("COMMIT")
    except BaseException:
        rollback(con)
        raise


def summaries_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether event_totals and actor_totals cover exactly the rows in events and article_actors."""
    try:
        row = con.execute(f"SELECT (SELECT value FROM store_meta WHERE key = 'summarised') = ({_SUMMARY_MARK})"
                          ).fetchall()
    except duckdb.CatalogException:  # format 1: no store_meta
        return False
    return bool(row and row[0][0])


def mark_summaries(con: duckdb.DuckDBPyConnection) -> None:
    """Record that the summaries now cover the tables as they are (inside the writer's transaction)."""
    con.execute(f"INSERT OR REPLACE INTO store_meta SELECT 'summarised', ({_SUMMARY_MARK})")


def rebuild_summaries(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM event_totals")
    con.execute(
        "INSERT INTO event_totals SELECT coalesce(source, ''), coalesce(target, ''), coalesce(type, ''), "
        "any_value(quad), count(*), count(*) FILTER (WHERE negated), count(*) FILTER (WHERE hypothetical), "
        "count(*) FILTER (WHERE negated AND hypothetical), coalesce(sum(score), 0) FROM events GROUP BY 1, 2, 3")
    con.execute("DELETE FROM pair_totals")
    con.execute(
        "INSERT INTO pair_totals SELECT source, target, sum(events), sum(score), "
        "coalesce(sum(events) FILTER (WHERE quad IN (1, 2)), 0), coalesce(sum(events) FILTER (WHERE quad IN (3, 4)), 0) "
        "FROM event_totals WHERE target <> '' GROUP BY source, target")
    con.execute("DELETE FROM day_totals")
    con.execute(
        "INSERT INTO day_totals SELECT '', date_start, count(*) FROM events WHERE date_start IS NOT NULL GROUP BY 2 "
        "UNION ALL SELECT actor, date_start, count(*) FROM (SELECT source AS actor, date_start, event_no FROM events "
        "WHERE source IS NOT NULL AND date_start IS NOT NULL UNION SELECT target, date_start, event_no FROM events "
        "WHERE target IS NOT NULL AND date_start IS NOT NULL) GROUP BY 1, 2")
    con.execute("DELETE FROM actor_totals")
    con.execute(
        "INSERT INTO actor_totals "
        "WITH m AS (SELECT key, min(name) AS name, min(kind) AS kind, count(*) AS articles, sum(mentions) AS mentions "
        "           FROM article_actors GROUP BY key), "
        "ev AS (SELECT actor AS key, count(*) AS events FROM (SELECT source AS actor FROM events WHERE source IS NOT NULL "
        "       UNION ALL SELECT target FROM events WHERE target IS NOT NULL) GROUP BY actor) "
        "SELECT coalesce(m.key, ev.key), m.name, m.kind, coalesce(m.articles, 0), coalesce(m.mentions, 0), "
        "coalesce(ev.events, 0) FROM m FULL JOIN ev ON m.key = ev.key")
    mark_summaries(con)


def _upgrade_from_1(con: duckdb.DuckDBPyConnection) -> None:
    """Format 1 -> 2 columns, in place: nothing stored is lost or renumbered. Every step is a no-op
    when repeated, so a run interrupted between this and :func:`_create` is finished by the next."""
    for index in ("events_source", "events_target"):  # never used: DuckDB scans for an actor's events
        con.execute(f"DROP INDEX IF EXISTS {index}")
    # format 1's score was the PLOVER score even for an act that did not happen
    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS plover_score DOUBLE")
    con.execute("UPDATE events SET plover_score = score, score = CASE WHEN negated OR hypothetical THEN 0 ELSE score END "
                "WHERE plover_score IS NULL")
    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS event_no BIGINT")
    con.execute(
        "UPDATE events SET event_no = n.no FROM (SELECT e.article_key, e.idx, row_number() OVER "
        "(ORDER BY a.ingested_at NULLS LAST, e.article_key, e.idx) AS no FROM events e "
        "LEFT JOIN articles a USING (article_key)) n "
        "WHERE events.event_no IS NULL AND events.article_key = n.article_key AND events.idx = n.idx")
    con.execute("ALTER TABLE quotes ADD COLUMN IF NOT EXISTS published VARCHAR")
    con.execute("UPDATE quotes SET published = a.published FROM articles a "
                "WHERE quotes.published IS NULL AND a.article_key = quotes.article_key")


def _constrain_upgraded(con: duckdb.DuckDBPyConnection) -> None:
    """New events of an upgraded store are numbered after the old ones."""
    last = con.execute("SELECT coalesce(max(event_no), 0) FROM events").fetchall()[0][0]
    con.execute(f"CREATE SEQUENCE IF NOT EXISTS event_no_seq START WITH {int(last) + 1}")  # DDL takes no parameters
    con.execute("ALTER TABLE events ALTER COLUMN event_no SET DEFAULT nextval('event_no_seq')")
    con.execute("ALTER TABLE events ALTER COLUMN event_no SET NOT NULL")


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back if a transaction is still open. DuckDB ends a transaction whose commit failed (a full
    disk) by itself, and its "no transaction is active" must not hide the error that matters."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass

