"""Fetching over HTTP, politely: httpx with timeouts, a size limit, bounded redirects, a descriptive
User-Agent, robots.txt honoured and a delay between two requests to one host.

Every failure is a :class:`FetchError` naming the URL, marked ``permanent`` (a 404, a page too big,
a URL robots.txt forbids: no use asking again) or not (a timeout, a 503, a refused connection:
worth another try later). Nothing here retries; the watcher decides when to ask again.
"""
from __future__ import annotations

import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__

USER_AGENT = f"pactwatch/{__version__} (news watcher; polls the feeds its user configured; honours robots.txt)"
ROBOTS_NAME = "pactwatch"  # the product token robots.txt rules are matched against
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
TIMEOUT = 20.0
HOST_DELAY = 1.0  # seconds between two requests to one host (more if robots.txt asks for it)
ROBOTS_TTL = 3600.0
MAX_ROBOTS_BYTES = 500_000


class FetchError(Exception):
    def __init__(self, url: str, message: str, permanent: bool = False, status: int | None = None):
        self.url, self.message, self.permanent, self.status = url, message, permanent, status
        super().__init__(f"{url}: {message}")


@dataclass
class Response:
    url: str  # after redirects
    status: int
    content: bytes
    headers: httpx.Headers

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip('"')
        return None


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser | None  # None: everything allowed
    deny_all: bool
    fetched: float


@dataclass
class Fetcher:
    timeout: float = TIMEOUT
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    host_delay: float = HOST_DELAY
    user_agent: str = USER_AGENT
    robots: bool = True
    _client: httpx.Client | None = field(default=None, repr=False)
    _robots: dict[str, _Robots] = field(default_factory=dict, repr=False)
    _last: dict[str, float] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=httpx.Timeout(self.timeout), follow_redirects=False,
                                        headers={"User-Agent": self.user_agent}, trust_env=False)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Response:
        """GET ``url``, following up to ``max_redirects`` redirects, each hop checked against its
        host's robots.txt and delayed for politeness. A 304 is returned; another status >= 400 raises."""
        limit = self.max_bytes if max_bytes is None else max_bytes
        current = url
        for _ in range(self.max_redirects + 1):
            if self.robots and not self.allowed(current):
                raise FetchError(current, "robots.txt does not allow pactwatch to fetch this", permanent=True)
            response = self._get_once(current, headers or {}, limit)
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {response.status} redirect without a Location", permanent=True)
                current = urljoin(current, location)
                if urlsplit(current).scheme not in ("http", "https"):
                    raise FetchError(url, f"redirected to a URL that is not http(s): {current!r}", permanent=True)
                continue
            if response.status == 304:
                return response
            if response.status >= 400:
                permanent = response.status in (400, 401, 403, 404, 405, 410, 414, 451)
                raise FetchError(current, f"HTTP {response.status}", permanent=permanent, status=response.status)
            return response
        raise FetchError(url, f"more than {self.max_redirects} redirects", permanent=True)

    def _get_once(self, url: str, headers: dict[str, str], limit: int) -> Response:
        self._wait_turn(url)
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    raise FetchError(url, f"too large ({int(declared):,} bytes; the limit is {limit:,})", permanent=True)
                chunks, size = [], 0
                if response.status_code < 300:
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > limit:
                            raise FetchError(url, f"too large (over {limit:,} bytes); not read further", permanent=True)
                        chunks.append(chunk)
                return Response(str(response.url), response.status_code, b"".join(chunks), response.headers)
        except httpx.TimeoutException:
            raise FetchError(url, f"timed out (after {self.timeout:g} s)") from None
        except httpx.InvalidURL as error:
            raise FetchError(url, f"not a valid URL ({error})", permanent=True) from None
        except httpx.HTTPError as error:  # refused, reset, DNS, protocol errors, bad content encoding
            detail = " ".join(str(error).split())[:160] or type(error).__name__
            raise FetchError(url, f"could not be fetched ({detail})") from None
        finally:
            self._last[_host(url)] = time.monotonic()

    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        delay = self.host_delay
        robots = self._robots.get(host)
        if robots is not None and robots.parser is not None:
            crawl_delay = robots.parser.crawl_delay(ROBOTS_NAME)
            if crawl_delay:
                delay = max(delay, float(crawl_delay))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of ``url``'s host lets pactwatch fetch it (fetched once an hour).
        No robots.txt (4xx) allows everything; one that cannot be read (5xx, unreachable) allows
        nothing for now (RFC 9309), so an overloaded site is left alone."""
        host = _host(url)
        robots = self._robots.get(host)
        if robots is None or time.monotonic() - robots.fetched > ROBOTS_TTL:
            robots = self._fetch_robots(url)
            self._robots[host] = robots
        if robots.deny_all:
            return False
        return robots.parser is None or robots.parser.can_fetch(ROBOTS_NAME, url)

    def _fetch_robots(self, url: str) -> _Robots:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        now = time.monotonic()
        try:
            response = self._get_once(robots_url, {}, MAX_ROBOTS_BYTES)
        except FetchError as error:
            if error.permanent:  # too large: treated as absent, as crawlers commonly do
                return _Robots(None, False, now)
            return _Robots(None, True, now - ROBOTS_TTL + 60)  # unreachable: ask again in a minute
        if 400 <= response.status < 500:
            return _Robots(None, False, now)
        if response.status >= 300:  # redirected (not followed): as absent; failing (5xx): nothing fetched; both asked again in a minute
            return _Robots(None, response.status >= 500, now - ROBOTS_TTL + 60)
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(response.content.decode("utf-8", "replace").splitlines())
        return _Robots(parser, False, now)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
