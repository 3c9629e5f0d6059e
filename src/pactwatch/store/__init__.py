"""The embedded store: articles, events, quotes and actors in one DuckDB file (docs/store.md).

    from pactwatch.store import Store, reader, writer, ReaderPool

    with writer("pactwatch.duckdb") as store:     # one batch of extraction results, one transaction
        store.write_results(results)
    with reader("pactwatch.duckdb") as store:
        page = store.events(actor="ARM", order="-date", limit=50)

The store keeps and answers; it never extracts (:mod:`pactwatch.ingest` reads and extracts, then
writes here batch by batch) and never reasons about the knowledge base (:mod:`pactwatch.kb`).

* :mod:`.schema` — tables, format version and upgrades, summary tables
* :mod:`.write` — a batch in one transaction, one INSERT per table
* :mod:`.queries` and :mod:`.paging` — the read side, sort orders and keyset cursors
* :mod:`.export` — Parquet and CSV files
* :mod:`.locking`, :mod:`.core`, :mod:`.access` — opening the file so processes share it
* :mod:`.errors` — busy, full, not a store: one line each
"""
from .access import ReaderPool, reader, writer
from .core import READ_WAIT, WRITE_WAIT, Store
from .errors import NotAStore, StoreBusy, StoreError, StoreFull
from .export import FORMATS
from .paging import ORDERS
from .queries import EventFilter, Page
from .schema import FORMAT, TABLES
from .write import BatchWritten, content_key, input_key

__all__ = ["BatchWritten", "EventFilter", "FORMAT", "FORMATS", "NotAStore", "ORDERS", "Page", "READ_WAIT",
           "ReaderPool", "Store", "StoreBusy", "StoreError", "StoreFull", "TABLES", "WRITE_WAIT", "content_key", "input_key",
           "reader", "writer"]
