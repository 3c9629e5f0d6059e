"""Store formats: a pactwatch 0.1 store is upgraded in place, nothing lost; others are refused in one line."""
from __future__ import annotations

import duckdb
import pytest

from pactwatch import plover
from pactwatch.store import FORMAT, NotAStore, reader, writer
from store_results import event, result

# The tables as pactwatch 0.1 (store format 1) created them, and rows as its writer wrote them:
# events.score was the PLOVER score even for a negated or hypothetical event.
FORMAT_1 = [
    """CREATE TABLE articles (article_key VARCHAR PRIMARY KEY, id VARCHAR NOT NULL, url VARCHAR, title VARCHAR,
        outlet VARCHAR, published VARCHAR, text_clean VARCHAR, n_events INTEGER, n_quotes INTEGER,
        ingested_at TIMESTAMP DEFAULT current_timestamp, version VARCHAR)""",
    """CREATE TABLE events (article_key VARCHAR NOT NULL, idx INTEGER NOT NULL, source VARCHAR, target VARCHAR,
        type VARCHAR, mode VARCHAR, date VARCHAR, date_start DATE, date_end DATE, date_basis VARCHAR, negated BOOLEAN,
        hypothetical BOOLEAN, evidence VARCHAR, evidence_start INTEGER, evidence_end INTEGER, source_text VARCHAR,
        target_text VARCHAR, confidence DOUBLE, quad INTEGER, score DOUBLE, PRIMARY KEY (article_key, idx))""",
    """CREATE TABLE quotes (article_key VARCHAR NOT NULL, idx INTEGER NOT NULL, speaker VARCHAR, speaker_actor VARCHAR,
        text VARCHAR, direct BOOLEAN, span_start INTEGER, span_end INTEGER, cue VARCHAR, PRIMARY KEY (article_key, idx))""",
    """CREATE TABLE article_actors (article_key VARCHAR NOT NULL, key VARCHAR NOT NULL, name VARCHAR, kind VARCHAR,
        mentions INTEGER, PRIMARY KEY (article_key, key))""",
    "CREATE INDEX events_source ON events (source)",
    "CREATE INDEX events_target ON events (target)",
    "CREATE INDEX articles_id ON articles (id)",
]
KEY_A, KEY_B = "a" * 64, "b" * 64


@pytest.fixture
def format_1_db(tmp_path):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    for statement in FORMAT_1:
        con.execute(statement)
    con.execute("INSERT INTO articles (article_key, id, published, text_clean, n_events, n_quotes, version) VALUES "
                "(?, 'old-a', '2023-01-05', 'Russia did not attack Armenia. Russia threatened Armenia.', 2, 1, '0.1.0'), "
                "(?, 'old-b', '2023-02-01', 'France aided Armenia.', 1, 0, '0.1.0')", [KEY_A, KEY_B])
    assault = plover.score("ASSAULT")
    con.execute("INSERT INTO events VALUES "
                "(?, 0, 'RUS', 'ARM', 'ASSAULT', NULL, '2023-01', '2023-01-01', '2023-01-31', 'text', true, false, "
                " 'Russia did not attack Armenia.', 0, 30, 'Russia', 'Armenia', 0.8, 4, ?), "
                "(?, 1, 'RUS', 'ARM', 'THREATEN', NULL, '2023-01-05', '2023-01-05', '2023-01-05', 'text', false, false, "
                " 'Russia threatened Armenia.', 31, 57, 'Russia', 'Armenia', 0.9, 3, ?), "
                "(?, 0, 'FRA', 'ARM', 'AID', NULL, '2023', '2023-01-01', '2023-12-31', 'published', false, false, "
                " 'France aided Armenia.', 0, 21, 'France', 'Armenia', 0.9, 2, ?)",
                [KEY_A, assault, KEY_A, plover.score("THREATEN"), KEY_B, plover.score("AID")])
    con.execute("INSERT INTO quotes VALUES (?, 0, 'a diplomat', 'RUS', 'no attack', true, 0, 9, 'said')", [KEY_A])
    con.execute("INSERT INTO article_actors VALUES (?, 'RUS', 'Russia', 'state', 2), (?, 'ARM', 'Armenia', 'state', 2), "
                "(?, 'FRA', 'France', 'state', 1), (?, 'ARM', 'Armenia', 'state', 1)", [KEY_A, KEY_A, KEY_B, KEY_B])
    con.close()
    return db


def test_a_format_1_store_is_upgraded_when_read(format_1_db):
    with reader(format_1_db) as store:
        assert store.counts() == {"articles": 2, "events": 3, "quotes": 1}
        events = {e["evidence"]: e for e in store.events(limit=10).items}
        negated = events["Russia did not attack Armenia."]
        assert negated["score"] == 0 and negated["plover_score"] == plover.score("ASSAULT")
        assert events["Russia threatened Armenia."]["score"] == plover.score("THREATEN")
        assert store.summaries_fresh()
        assert store.events(actor="ARM", include_negated=False).total == 2
        assert store.quotes().items[0]["published"] == "2023-01-05"
        assert store.article("old-a")["events"][0]["event_id"] == f"{KEY_A}:0"
        fmt = store.con.execute("SELECT value FROM store_meta WHERE key = 'format'").fetchone()[0]
    assert fmt == str(FORMAT)
    with writer(format_1_db) as store:  # new events are numbered after the upgraded ones
        text = "Armenia thanked France."
        store.write_results([result("new", text, events=[event(text, text, "ARM", "CONSULT", "FRA", "2023-03-01")])])
        numbers = [r[0] for r in store.con.execute("SELECT event_no FROM events ORDER BY event_no").fetchall()]
    assert numbers == [1, 2, 3, 4]


def test_a_store_from_a_newer_pactwatch_is_refused(tmp_path):
    db = tmp_path / "new.duckdb"
    with writer(db):
        pass
    con = duckdb.connect(str(db))
    con.execute("UPDATE store_meta SET value = '99' WHERE key = 'format'")
    con.close()
    with pytest.raises(NotAStore, match=r"written by a newer pactwatch \(store format 99; this one reads up to 5\)"):
        with reader(db):
            pass
    with pytest.raises(NotAStore, match="newer pactwatch"):
        with writer(db):
            pass


def test_another_duckdb_database_is_not_a_store(tmp_path):
    db = tmp_path / "other.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE sales (n INTEGER)")
    con.close()
    for open_it in (reader, writer):
        with pytest.raises(NotAStore, match="not a pactwatch store"):
            with open_it(db):
                pass


def test_a_format_2_store_gets_its_article_indexes_and_summaries(tmp_path):
    """Format 2 (development only) had no article indexes, pair_totals or day_totals: they are made."""
    from store_results import sample_results

    db = tmp_path / "two.duckdb"
    with writer(db) as store:
        store.write_results(sample_results())
        network = store.network()
        for index in ("events_article", "quotes_article", "article_actors_article"):
            store.con.execute(f"DROP INDEX {index}")
        store.con.execute("DROP TABLE pair_totals")
        store.con.execute("DROP TABLE day_totals")
        store.con.execute("UPDATE store_meta SET value = '2' WHERE key = 'format'")
    with reader(db) as store:
        indexes = {r[0] for r in store.con.execute("SELECT index_name FROM duckdb_indexes()").fetchall()}
        assert {"events_article", "quotes_article", "article_actors_article"} <= indexes
        assert store.network() == network and store.con.execute("SELECT count(*) FROM pair_totals").fetchone()[0] > 0
        assert store.con.execute("SELECT count(*) FROM day_totals").fetchone()[0] > 0
        assert store.events(order="-date", limit=2).items[0]["date"] == "2024-05-20"
