"""``pactwatch watch``: keep the store current from news sources (docs/watch.md).

* :mod:`.sources` — the sources file (YAML) and ``pactwatch sources add|list|remove``
* :mod:`.fetch` — polite HTTP: timeouts, size limit, bounded redirects, robots.txt, per-host delay
* :mod:`.feeds` — RSS/Atom entries (feedparser) and sitemap pages; URLs normalised by courlan
* :mod:`.state` — ETags, pending and done URLs, in a JSON file written atomically
* :mod:`.dedup` — near-duplicate texts (``--near-duplicates``): MinHash LSH by datasketch
* :mod:`.loop` — the watcher: polls, fetches, and stores through :func:`pactwatch.ingest.ingest_articles`
"""
from .fetch import USER_AGENT, FetchError, Fetcher
from .loop import PollSummary, Watcher, default_state_path
from .sources import Source, add_source, load_sources, remove_source, save_sources
from .state import WatchState

__all__ = ["FetchError", "Fetcher", "PollSummary", "Source", "USER_AGENT", "WatchState", "Watcher", "add_source",
           "default_state_path", "load_sources", "remove_source", "save_sources"]
