"""What a feed or a sitemap lists: article links, with the title and date the feed gives them."""
from __future__ import annotations

import io
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from courlan import normalize_url

MAX_SITEMAPS = 20  # child sitemaps read from one sitemap index


class FeedError(Exception):
    def __init__(self, url: str, message: str):
        self.url, self.message = url, message
        super().__init__(f"{url}: {message}")


@dataclass
class Entry:
    url: str  # normalised
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD


def normalise(url: str) -> str | None:
    """The URL the watcher keys an article by: courlan's normalisation (scheme and host lower-cased,
    default port, fragment and tracking parameters dropped, query sorted); None if not http(s)."""
    try:
        normal = normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        return None
    return normal if normal.startswith(("http://", "https://")) else None


def parse_feed(content: bytes, url: str, headers: dict[str, str] | None = None) -> tuple[list[Entry], str | None]:
    """The entries of an RSS or Atom feed (in feed order, each URL once) and a warning if the feed
    is malformed but readable. A document that is not a feed at all is a FeedError."""
    import feedparser

    # bytes in a stream: feedparser never fetches anything or reads a file named by the text
    parsed = feedparser.parse(io.BytesIO(content), response_headers={"content-location": url, **(headers or {})})
    entries = parsed.get("entries") or []
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.get("version") and not entries:
        detail = f" ({' '.join(str(problem).split())[:160]})" if problem else ""
        raise FeedError(url, f"not an RSS or Atom feed{detail}")
    found: list[Entry] = []
    seen: set[str] = set()
    for item in entries:
        link = item.get("link") or next((l.get("href") for l in item.get("links", []) if l.get("href")), None)
        normal = normalise(urljoin(url, link)) if link else None
        if normal is None or normal in seen:
            continue
        seen.add(normal)
        when = item.get("published_parsed") or item.get("updated_parsed")
        found.append(Entry(normal, (item.get("title") or "").strip() or None,
                           time.strftime("%Y-%m-%d", when) if when else None))
    warning = None
    if problem is not None and type(problem).__name__ not in ("CharacterEncodingOverride", "NonXMLContentType"):
        warning = f"malformed feed, read as far as possible ({' '.join(str(problem).split())[:160]})"
    return found, warning


def parse_listing(content: str, url: str, match: str | None = None) -> list[Entry]:
    """The article links of an HTML listing page (a section front, a search result), in page order:
    links to the page's own host that courlan does not take for navigation (tags, categories,
    pagination, log-in) or files (images, PDFs), narrowed by ``match`` (a regular expression on the
    path and query) when given."""
    import re

    import lxml.etree
    import lxml.html
    from courlan import is_navigation_page, is_not_crawlable
    from courlan.filters import extension_filter

    try:
        root = lxml.html.fromstring(content)
    except (ValueError, lxml.etree.ParserError) as error:
        raise FeedError(url, f"not an HTML page ({error})") from None
    host = urlsplit(url).netloc.lower()
    pattern = re.compile(match) if match else None
    found: list[Entry] = []
    seen = {normalise(url)}
    for anchor in root.iter("a"):
        href = anchor.get("href")
        normal = normalise(urljoin(url, href)) if href else None
        if normal is None or normal in seen:
            continue
        parts = urlsplit(normal)
        if parts.netloc.lower() != host or not extension_filter(parts.path) or is_navigation_page(normal) \
                or is_not_crawlable(normal) or parts.path in ("", "/"):
            continue
        if pattern is not None and not pattern.search(parts.path + (f"?{parts.query}" if parts.query else "")):
            continue
        seen.add(normal)
        found.append(Entry(normal, " ".join(anchor.text_content().split()) or None, None))
    return found


def parse_sitemap(content: bytes, url: str) -> tuple[list[Entry], list[str]]:
    """The pages of a sitemap (``<url><loc>``, with ``<lastmod>``) and the child sitemaps of a sitemap index."""
    import lxml.etree

    try:
        parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=False)
        root = lxml.etree.fromstring(content, parser)
    except lxml.etree.XMLSyntaxError as error:
        raise FeedError(url, f"not a sitemap (malformed XML: {error})") from None
    local = lxml.etree.QName(root).localname
    if local not in ("urlset", "sitemapindex"):
        raise FeedError(url, f"not a sitemap (its root is <{local}>, not <urlset> or <sitemapindex>)")
    pages: list[Entry] = []
    children: list[str] = []
    seen: set[str] = set()
    for node in root:
        if not isinstance(node.tag, str):
            continue
        values = {lxml.etree.QName(child).localname: (child.text or "").strip() for child in node
                  if isinstance(child.tag, str)}
        loc = values.get("loc")
        normal = normalise(urljoin(url, loc)) if loc else None
        if normal is None or normal in seen:
            continue
        seen.add(normal)
        if local == "sitemapindex":
            children.append(normal)
        else:
            lastmod = values.get("lastmod") or ""
            pages.append(Entry(normal, None, lastmod[:10] if len(lastmod) >= 10 else None))
    return pages, children[:MAX_SITEMAPS]
