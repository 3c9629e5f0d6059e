"""A real HTTP server on 127.0.0.1 (http.server in a thread) serving feeds and pages written here.

Every text is ours. ``site.route(path, body, ...)`` sets what a path answers; the server honours
ETag / If-None-Match and Last-Modified / If-Modified-Since as a feed server does, can answer slowly,
stream a huge body, redirect, or hold a response until the test lets it go; ``site.requests``
records each request (path and headers) for the tests to check.
"""
from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Article texts of our own, each giving the model at least one event.
STORIES = {
    "kaz-request": ("Astana seeks help", "2024-01-02",
                    "Kazakhstan asked the CSTO for military assistance on Tuesday."),
    "rus-troops": ("Troops arrive", "2024-01-04", "Russia sent troops to Kazakhstan on Thursday."),
    "tur-aze": ("Defence pact", "2024-02-05", "Turkey signed a defence agreement with Azerbaijan on Monday."),
    "fra-ukr": ("Paris reacts", "2024-03-01", "France condemned the missile strike on Ukraine."),
    "chn-rus": ("Naval drills", "2024-03-11", "China and Russia held joint naval exercises in the Sea of Japan."),
    "arm-csto": ("Yerevan steps back", "2024-04-08",
                 "Armenia froze its participation in the CSTO on Friday, the prime minister said."),
}


def page(slug: str) -> bytes:
    title, published, text = STORIES[slug]
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
            f"<article><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></article>"
            f"<footer>Test site footer</footer></body></html>").encode("utf-8")


def rss(base: str, items: list[tuple[str, str]], title: str = "Test wire") -> bytes:
    """An RSS 2.0 feed of (slug, link path) items."""
    body = "".join(
        f"<item><title>{html.escape(STORIES[slug][0])}</title><link>{html.escape(base + link)}</link>"
        f"<guid>{html.escape(base + link)}</guid><pubDate>{_rfc822(STORIES[slug][1])}</pubDate></item>"
        for slug, link in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>{base}/</link><description>ours</description>{body}</channel></rss>").encode("utf-8")


def atom(base: str, items: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<entry><title>{html.escape(STORIES[slug][0])}</title><link href='{html.escape(base + link)}'/>"
        f"<id>{html.escape(base + link)}</id><updated>{STORIES[slug][1]}T08:00:00Z</updated></entry>"
        for slug, link in items)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Atom wire</title>"
            f"<id>{base}/atom</id><updated>2024-04-08T08:00:00Z</updated>{body}</feed>").encode("utf-8")


def _rfc822(day: str) -> str:
    return time.strftime("%a, %d %b %Y 08:00:00 GMT", time.strptime(day, "%Y-%m-%d"))


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    modified: str | None = None
    delay: float = 0.0
    huge: int = 0  # stream this many bytes of filler instead of body, without Content-Length
    location: str | None = None  # a redirect
    hold: threading.Event | None = None  # answer only once set
    reached: threading.Event = field(default_factory=threading.Event)


class Site:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                with site.lock:
                    site.requests.append((self.path, dict(self.headers)))
                    route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    return self._send(404, b"<html><body>not found</body></html>", "text/html")
                route.reached.set()
                if route.hold is not None:
                    route.hold.wait(30)
                if route.delay:
                    time.sleep(route.delay)
                if route.location:
                    self.send_response(route.status)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag or \
                        route.modified and self.headers.get("If-Modified-Since") == route.modified:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.huge:
                    self.send_response(200)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    chunk = b"<p>" + b"filler " * 1000 + b"</p>"
                    try:
                        for _ in range(route.huge // len(chunk) + 1):
                            self.wfile.write(chunk)
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    self.close_connection = True
                    return
                extra = {}
                if route.etag:
                    extra["ETag"] = route.etag
                if route.modified:
                    extra["Last-Modified"] = route.modified
                self._send(route.status, route.body, route.content_type, extra)

            def _send(self, status, body, content_type, extra=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for key, value in (extra or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # a client that hung up on a huge page: expected here, not worth a traceback

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def route(self, path: str, body: bytes = b"", **kwargs) -> Route:
        route = Route(body=body, **kwargs)
        with self.lock:
            self.routes[path] = route
        return route

    def articles(self, *slugs: str) -> None:
        for slug in slugs:
            self.route(f"/news/{slug}", page(slug))

    def hits(self, path: str) -> int:
        with self.lock:
            return sum(1 for p, _ in self.requests if p.split("?")[0] == path)

    def close(self):
        for route in self.routes.values():
            if route.hold is not None:
                route.hold.set()
        self.server.shutdown()
        self.server.server_close()
