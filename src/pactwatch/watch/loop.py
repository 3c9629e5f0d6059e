"""The watcher: poll each source when it is due, fetch the articles it lists that are new, and
store them through the same extraction and idempotent ingest as ``pactwatch ingest``.

    watcher = Watcher(load_sources("sources.yaml"), db="pactwatch.duckdb")
    watcher.poll_all()            # every source once (--once)
    watcher.run(stop)             # until stop.is_set(); each source at its own interval

A source that fails (unreachable, malformed, a 500) is reported and asked again later with
back-off (its interval doubled at each failure in a row, up to a day); it never stops the others.
A page that fails for good (404, too large, forbidden by robots.txt, no text) is reported and not
asked for again; one that fails for now (timeout, 503) is tried again at the next polls, up to
``MAX_ATTEMPTS`` times. See :mod:`.state` for why a killed watcher loses and doubles nothing.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, printable
from ..ingest import IngestAborted, ingest_articles
from ..readers import MAX_ARTICLE_CHARS, SUPPORTED_SUFFIXES, read_articles, read_records
from ..records import Article
from ..store import reader
from .feeds import Entry, FeedError, parse_feed, parse_listing, parse_sitemap
from .fetch import FetchError, Fetcher
from .sources import Source
from .state import StateLock, WatchState

MAX_ATTEMPTS = 3  # fetches of one article page that fail for now before it is given up
MAX_BACKOFF = 86400.0
SETTLE = 2.0  # seconds a dropped file must be left unchanged before it is read
HTML_TYPES = ("text/html", "application/xhtml+xml", "")


@dataclass
class PollSummary:
    source: str
    listed: int = 0  # entries in the feed (0 when it was unchanged)
    new: int = 0  # of them, not seen before
    added: int = 0  # articles stored
    events: int = 0
    skipped: int = 0  # fetched, but the store had the same text already
    near: int = 0  # fetched, but nearly the same as a stored text (--near-duplicates)
    failed: int = 0  # pages given up on in this poll
    retry: int = 0  # pages left for a later poll
    not_modified: bool = False
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        if self.error:
            stored = f" ({self.added} pending articles added)" if self.added else ""
            return f"{self.source}: failed: {self.error}{stored}"
        listed = "unchanged (304)" if self.not_modified else f"{self.listed} listed, {self.new} new"
        extra = "".join(f", {n} {what}" for n, what in ((self.skipped, "already stored"),
                                                         (self.near, "near-duplicates"), (self.failed, "failed"),
                                                         (self.retry, "to retry")) if n)
        return f"{self.source}: {listed}, {self.added} added ({self.events} events){extra} in {self.seconds:.1f} s"


class _LazyExtractor:
    """The pipeline, loaded at the first article that needs coding and kept for the next batches."""

    def __init__(self, workers: int = 1):
        self.workers = workers
        self.extractor = None

    def stream(self, items):
        if self.extractor is None:
            from ..pipeline import Extractor

            self.extractor = Extractor(workers=self.workers)
        return self.extractor.stream(items)


class Watcher:
    def __init__(self, sources: list[Source], db: str | Path, state_path: str | Path | None = None,
                 fetcher: Fetcher | None = None, extractor=None, batch_size: int = 16,
                 log: Callable[[str], None] | None = None, stop: threading.Event | None = None,
                 wait: float = 120.0, settle: float = SETTLE, sources_path: str | Path | None = None,
                 near_duplicates: float | None = None, alerts: list[str] = (), alert_file: str | Path | None = None,
                 kb=None):
        self.sources = sources
        self.sources_path = Path(sources_path) if sources_path is not None else None
        self._sources_stamp = self._stamp()
        self.db = Path(db)
        path = Path(state_path) if state_path is not None else default_state_path(self.db)
        self.lock = StateLock(path)
        self.lock.acquire()
        try:
            self.state = WatchState.load(path)
        except BaseException:
            self.lock.release()
            raise
        self.fetcher = fetcher or Fetcher()
        self.extractor = extractor if extractor is not None else _LazyExtractor()
        self.batch_size = batch_size
        self.log = log or (lambda message: None)
        self.stop = stop or threading.Event()
        self.wait = wait
        self.settle = settle
        self.near = None
        if near_duplicates is not None:
            from .dedup import NearDuplicates

            self.near = NearDuplicates(near_duplicates)
        self.alerts = None
        if alerts:
            try:
                self.alerts = self._watches(list(alerts), alert_file, kb)
            except BaseException:
                self.lock.release()
                raise

    def _watches(self, specs: list[str], alert_file, kb):
        """The --alert watches, their watermark set now if this state has none: what the store holds
        before the watcher starts is not new."""
        from .alerts import Alerts, parse_watch

        if kb is None and any("-" not in spec for spec in specs):  # an actor may be an alliance
            from ..kb import load

            kb = load()
        alerts = Alerts([parse_watch(spec, kb) for spec in specs], alert_file, self.state, kb, self.log)
        if alerts.through is None:
            if self.db.is_file():
                with reader(self.db, timeout=self.wait) as store:
                    alerts.start(store.con)
            else:
                self.state.alerts["through"] = "1970-01-01T00:00:00.000000Z"
                self.state.save()
        return alerts

    def _alert(self) -> None:
        if self.alerts is not None and self.db.is_file():
            with reader(self.db, timeout=self.wait) as store:
                self.alerts.check(store.con)

    def close(self) -> None:
        """Let go of the state file (the fetcher is the caller's)."""
        self.lock.release()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- scheduling --------------------------------------------------------------------------------

    def poll_all(self) -> list[PollSummary]:
        """Every source once, in order (``--once``); stops early, after the batch in hand, if ``stop`` is set."""
        summaries = []
        for source in self.sources:
            if self.stop.is_set():
                break
            summaries.append(self.poll(source))
        return summaries

    def run(self, reload_every: float = 5.0) -> None:
        """Poll each source when due until ``stop`` is set; sleeps in between, waking at once on stop.
        An edit of the sources file (``pactwatch sources add|remove``) is picked up within
        ``reload_every`` seconds; a broken edit is reported and the sources in hand kept."""
        while not self.stop.is_set():
            self._reload()
            now = time.time()
            due = [s for s in self.sources if self.state.source(s.name).get("next", 0) <= now]
            for source in due:
                if self.stop.is_set():
                    return
                self.poll(source)
            soonest = min((self.state.source(s.name).get("next", 0) for s in self.sources), default=now + 3600)
            self.stop.wait(max(0.0, min(soonest - time.time(), reload_every if self.sources_path else 3600.0)))

    def _stamp(self) -> tuple | None:
        try:
            stat = self.sources_path.stat() if self.sources_path else None
        except OSError:
            return None
        return (stat.st_mtime_ns, stat.st_size) if stat else None

    def _reload(self) -> None:
        if self.sources_path is None or self._stamp() == self._sources_stamp:
            return
        from .sources import load_sources

        self._sources_stamp = self._stamp()
        try:
            sources = load_sources(self.sources_path)
        except InputError as error:
            self.log(printable(f"sources not reloaded, still watching the {len(self.sources)} in hand: {error}"))
            return
        if sources != self.sources:
            self.log(printable(f"sources reloaded: {len(sources)} sources from {self.sources_path}"))
            self.sources = sources

    def poll(self, source: Source) -> PollSummary:
        """One poll of one source: list, fetch what is new, store it; one line on the log at the end."""
        started = time.monotonic()
        summary = PollSummary(source.name)
        record = self.state.source(source.name)
        try:
            if source.kind == "folder":
                self._poll_folder(source, summary)
            else:
                try:
                    self._queue(source, self._list(source, record, summary), summary)
                except (FetchError, FeedError) as error:
                    summary.error = str(error)  # the source failed; the pages it listed before are still due
                self._fetch_pending(source, summary)
        except (FetchError, FeedError, InputError) as error:
            summary.error = str(error)
        except IngestAborted as error:  # the store is busy or full: what was stored is kept, the rest pending
            summary.error = f"the store could not be written: {error}"
        except OSError as error:  # the state file could not be written (disk full, folder gone)
            summary.error = f"the watch state could not be written: {error.strerror or error} ({self.state.path})"
        except Exception as error:  # noqa: BLE001 - one source's surprise must not stop the others
            detail = " ".join(str(error).split())[:200]
            summary.error = f"unexpected {type(error).__name__}: {detail} (please report it)"
        summary.seconds = time.monotonic() - started
        failures = record.get("failures", 0) + 1 if summary.error else 0
        record.update(failures=failures, last_poll=time.time(), last_error=summary.error)
        backoff = source.interval * 2 ** min(failures - 1, 16) if failures else source.interval
        record["next"] = time.time() + min(backoff, max(MAX_BACKOFF, source.interval))
        try:
            self.state.save()
        except OSError as error:
            summary.warnings.append(f"the watch state could not be written: {error.strerror or error} "
                                    f"({self.state.path}); the next poll asks again")
        for warning in summary.warnings:
            self.log(printable(f"{source.name}: {warning}"))
        self.log(printable(summary.line() + (f" (failure {failures} in a row; next try in "
                                             f"{record['next'] - time.time():.0f} s)" if failures else "")))
        return summary

    # --- listing -----------------------------------------------------------------------------------

    def _list(self, source: Source, record: dict, summary: PollSummary) -> list[Entry]:
        headers = {}
        if record.get("etag"):
            headers["If-None-Match"] = record["etag"]
        if record.get("modified"):
            headers["If-Modified-Since"] = record["modified"]
        try:
            response = self.fetcher.get(source.location, headers=headers)
        except FetchError as error:
            raise FetchError(source.location, f"{source.kind} {error.message}", error.permanent, error.status) from None
        if response.status == 304:
            summary.not_modified = True
            return []
        if source.kind == "sitemap":
            entries, children = parse_sitemap(response.content, response.url)
            for child in children:  # a sitemap index: its sitemaps, unconditionally (they are small)
                try:
                    entries.extend(parse_sitemap(self.fetcher.get(child).content, child)[0])
                except (FetchError, FeedError) as error:
                    summary.warnings.append(f"child sitemap {error}")
        elif source.kind == "listing":
            if response.content_type not in HTML_TYPES:
                raise FeedError(response.url, f"listing is not an HTML page ({response.content_type})")
            entries = parse_listing(_decode(response.content, response.charset), response.url, source.match)
        else:
            entries, warning = parse_feed(response.content, response.url, dict(response.headers))
            if warning:
                summary.warnings.append(warning)
        summary.listed = len(entries)
        # the validators are kept with the entries they describe: both reach the state file together
        record["etag"] = response.headers.get("etag")
        record["modified"] = response.headers.get("last-modified")
        return entries

    def _queue(self, source: Source, entries: list[Entry], summary: PollSummary) -> None:
        for entry in entries:
            if self.state.seen(entry.url):
                continue
            summary.new += 1
            self.state.pending[entry.url] = {"source": source.name, "title": entry.title,
                                             "published": entry.published, "attempts": 0}
        self.state.save()  # before any page is fetched: a kill from here on loses none of them

    # --- fetching and storing ---------------------------------------------------------------------

    def _fetch_pending(self, source: Source, summary: PollSummary) -> None:
        queue = [url for url, item in self.state.pending.items() if item.get("source") == source.name]
        if queue:
            self.log(printable(f"{source.name}: fetching {len(queue)} articles"))
        batch: list[tuple[str, Article]] = []
        for n, url in enumerate(queue, start=1):
            if self.stop.is_set():
                break
            article = self._fetch_article(url, self.state.pending[url], summary)
            if article is not None:
                batch.append((url, article))
            if len(batch) >= self.batch_size:
                self._store(batch, summary)
                batch = []
                if n < len(queue):
                    self.log(printable(f"{source.name}: {n}/{len(queue)} fetched, {summary.added} added so far"))
        self._store(batch, summary)
        summary.retry = sum(1 for item in self.state.pending.values() if item.get("source") == source.name)

    def _fetch_article(self, url: str, item: dict, summary: PollSummary) -> Article | None:
        try:
            response = self.fetcher.get(url)
            if response.content_type not in HTML_TYPES:
                raise FetchError(response.url, f"not an HTML page ({response.content_type})", permanent=True)
        except FetchError as error:
            item["attempts"] = item.get("attempts", 0) + 1
            if error.permanent or item["attempts"] >= MAX_ATTEMPTS:
                self._give_up(url, str(error), summary)
            else:
                summary.warnings.append(f"{error} (will try again)")
                self.state.save()
            return None
        final = _final_url(response.url)
        if final != url and final in self.state.done:  # a redirect to an article fetched before
            self._finish(url, "duplicate of " + final)
            summary.skipped += 1
            return None
        record = {"id": url, "html": _decode(response.content, response.charset), "url": url,
                  "title": item.get("title"), "published": item.get("published")}
        article = next(read_records([record], name=url, max_chars=MAX_ARTICLE_CHARS))
        if isinstance(article, InputError):
            self._give_up(url, str(article), summary)
            return None
        if final != url:
            self.state.pending[url]["final"] = final
        return article

    def _store(self, batch: list[tuple[str, Article]], summary: PollSummary) -> None:
        if self.near is not None and batch:
            batch = self._drop_near_duplicates(batch, summary)
        if not batch:
            self.state.save()
            return
        result = ingest_articles([article for _, article in batch], self.db, extractor=self.extractor,
                                 batch_size=len(batch), wait=self.wait)
        summary.added += result.added
        summary.skipped += result.skipped
        summary.events += result.events
        for message in result.errors:
            summary.failed += 1
            summary.warnings.append(message)
        for url, _ in batch:  # committed: now, and only now, done
            final = self.state.pending.get(url, {}).get("final")
            self._finish(url, "stored")
            if final:
                self.state.done[final] = {"at": time.time(), "status": "stored", "as": url}
        self.state.save()
        self._alert()

    def _drop_near_duplicates(self, batch: list[tuple[str, Article]], summary: PollSummary) -> list[tuple[str, Article]]:
        from ..clean import clean_text

        if not self.near.loaded:
            self.near.load(self.db, self.wait)
        kept = []
        for url, article in batch:
            text = clean_text(article.text or "")
            minhash = self.near.signature(text)
            twin = self.near.find(text, minhash)
            if twin is not None and twin != url:
                summary.near += 1
                self._finish(url, f"near-duplicate of {twin}")
                continue
            self.near.add(url, text, minhash)  # before the batch is stored: a twin in the same batch is caught
            kept.append((url, article))
        return kept

    def _give_up(self, url: str, message: str, summary: PollSummary) -> None:
        summary.failed += 1
        summary.warnings.append(message)
        self._finish(url, "failed: " + message)
        self.state.save()

    def _finish(self, url: str, status: str) -> None:
        self.state.pending.pop(url, None)
        self.state.done[url] = {"at": round(time.time(), 3), "status": status}

    # --- folders -----------------------------------------------------------------------------------

    def _poll_folder(self, source: Source, summary: PollSummary) -> None:
        root = Path(source.location)
        if not root.is_dir():
            raise InputError(source.location, "no such folder")
        changed: list[tuple[str, list]] = []
        now = time.time()
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(folder) / name
                if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue
                signature = [stat.st_size, stat.st_mtime_ns]
                summary.listed += 1
                if now - stat.st_mtime < self.settle or self.state.files.get(str(path)) == signature:
                    continue  # still being written, or read before unchanged
                changed.append((str(path), signature))
        summary.new = len(changed)
        for start in range(0, len(changed), self.batch_size):
            if self.stop.is_set():
                break
            chunk = changed[start:start + self.batch_size]
            result = ingest_articles(read_articles([p for p, _ in chunk]), self.db, extractor=self.extractor,
                                     batch_size=self.batch_size, wait=self.wait)
            summary.added += result.added
            summary.skipped += result.skipped
            summary.events += result.events
            summary.failed += result.failed
            summary.warnings.extend(result.errors)
            for path, signature in chunk:
                self.state.files[path] = signature
            self.state.save()
            self._alert()


def default_state_path(db: Path) -> Path:
    return db.with_name(db.name + ".watch.json")


def _final_url(url: str) -> str:
    from .feeds import normalise

    return normalise(url) or url


def _decode(content: bytes, charset: str | None) -> str:
    if charset:
        try:
            return content.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        from trafilatura.utils import decode_file

        return decode_file(content)
