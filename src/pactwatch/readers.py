"""Reading articles from files, directories and standard input.

``read_articles`` yields an ``Article`` for every good input and an ``InputError`` for every bad one,
in input order, so a caller can report a bad line and carry on with the rest.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import yaml

import lxml.etree
import lxml.html
import trafilatura

from .errors import InputError
from .records import Article

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# spaCy refuses texts over nlp.max_length (1,000,000 characters) by default; longer "articles" are
# almost always concatenated dumps, so they are reported rather than parsed for minutes.
MAX_ARTICLE_CHARS = 1_000_000
ARTICLE_FIELDS = ("published", "url", "title", "outlet")
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


def read_articles(
    inputs: Iterable[str], published: str | None = None, max_chars: int = MAX_ARTICLE_CHARS
) -> Iterator[Article | InputError]:
    """Yield articles (or errors) from files, directories (recursively) and ``-`` for stdin JSONL."""
    default_date = None
    if published is not None:
        default_date = normalise_date(published)
        if default_date is None:
            raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    for item in _read_all(inputs):
        yield _finish(item, default_date, max_chars)


def read_records(records: Iterable[dict[str, Any]], name: str = "<request>", published: str | None = None,
                 max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article | InputError]:
    """Articles from mappings shaped like JSONL lines (the HTTP API's write endpoint)."""
    for index, record in enumerate(records, start=1):
        item = article_from_record(record, name, index) if isinstance(record, dict) else \
            InputError(name, "expected an object", index)
        yield _finish(item, published, max_chars)


def _finish(item: Article | InputError, default_date: str | None, max_chars: int) -> Article | InputError:
    """Check an article, turn its HTML into text, and give it the default date if it has none."""
    if isinstance(item, InputError):
        return item
    problem = _check_article(item, max_chars)
    if problem is None and item.html is not None:
        problem = _html_to_text(item)
    if problem is not None:
        return problem
    if item.published is None:
        item.published = default_date  # only after the page's own date had its chance
    return item


def _read_all(inputs: Iterable[str]) -> Iterator[Article | InputError]:
    for raw in inputs:
        if raw == "-":
            # bytes, as for files, so a bad byte or a BOM is reported or handled the same way
            yield from _read_jsonl_stream(sys.stdin.buffer, "<stdin>")
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
            for file in files:
                yield from _read_file(file)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                yield InputError(raw, f"unsupported file type {path.suffix or '(none)'!r}; "
                                      f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
            else:
                yield from _read_file(path)
        else:
            yield InputError(raw, "no such file or directory")


def _read_file(path: Path) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from _read_jsonl_stream(fh, str(path))
        except OSError as error:
            yield InputError(str(path), f"cannot read: {error.strerror or error}")
        return
    try:
        data = path.read_bytes()
    except OSError as error:
        yield InputError(str(path), f"cannot read: {error.strerror or error}")
        return
    text = _decode(data, str(path))
    if isinstance(text, InputError):
        yield text
        return
    origin = str(path)
    if suffix in HTML_SUFFIXES:
        yield Article(id=path.stem, html=text, origin=origin)
        return
    text = text.replace("\r\n", "\n")
    meta, body, error = _split_front_matter(text, origin)
    if error is not None:
        yield error
        return
    article = Article(id=str(meta.get("id") or path.stem), text=body, origin=origin)
    bad = _apply_fields(article, meta, origin, None)
    yield bad if bad is not None else article


def _decode(data: bytes, origin: str) -> str | InputError:
    if b"\x00" in data[:8192]:
        return InputError(origin, "binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return InputError(origin, f"invalid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start})", line)


def _split_front_matter(text: str, origin: str) -> tuple[dict[str, Any], str, InputError | None]:
    """Split optional YAML front matter (``---`` lines, as in Jekyll or Hugo) from the body."""
    if not text.startswith("---\n"):
        return {}, text, None
    end = text.find("\n---", 3)
    if end == -1:
        return {}, text, InputError(origin, "front matter opened with '---' is never closed", 1)
    try:
        meta = (yaml.safe_load(text[4:end]) if end > 3 else None) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, text, InputError(origin, f"bad front matter: {error}", (mark.line + 2) if mark else 1)
    if not isinstance(meta, dict):
        return {}, text, InputError(origin, "front matter must be a mapping of field: value", 2)
    body_start = text.find("\n", end + 4)
    body = text[body_start + 1:] if body_start != -1 else ""
    return {str(k): v for k, v in meta.items()}, body, None


def _read_jsonl_stream(fh: IO, name: str) -> Iterator[Article | InputError]:
    for lineno, raw in enumerate(fh, start=1):
        if isinstance(raw, bytes):
            if b"\x00" in raw:
                yield InputError(name, "binary data, not a JSON line", lineno)
                continue
            try:
                raw = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield InputError(name, f"invalid UTF-8 at column {error.start + 1}", lineno)
                continue
        if not raw.strip():
            continue
        yield _article_from_json(raw, name, lineno)


def _article_from_json(raw: str, name: str, lineno: int) -> Article | InputError:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        return InputError(name, f"malformed JSON ({error.msg}, column {error.colno})", lineno)
    if not isinstance(record, dict):
        return InputError(name, "expected a JSON object per line", lineno)
    return article_from_record(record, name, lineno)


def article_from_record(record: dict[str, Any], name: str = "<record>", lineno: int | None = None) -> Article | InputError:
    """An article from a mapping with ``id`` and ``text`` or ``html`` (a JSONL line, an API request)."""
    article_id = record.get("id")
    if article_id is None or str(article_id).strip() == "":
        return InputError(name, "article has no 'id'", lineno)
    text, html = record.get("text"), record.get("html")
    for field, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputError(name, f"'{field}' must be a string", lineno)
    if text is None and html is None:
        return InputError(name, f"article {article_id!r} has neither 'text' nor 'html'", lineno)
    article = Article(id=str(article_id), text=text, html=html if text is None else None, origin=name,
                      origin_line=lineno)
    return _apply_fields(article, record, name, lineno) or article


def _apply_fields(article: Article, record: dict[str, Any], name: str, lineno: int | None) -> InputError | None:
    for field in ARTICLE_FIELDS:
        value = record.get(field)
        if value is None or value == "":
            continue
        if field == "published":
            date = normalise_date(value)
            if date is None:
                return InputError(name, f"'published' is not a date: {value!r} (expected YYYY-MM-DD)", lineno)
            article.published = date
        else:
            setattr(article, field, str(value))
    return None


def normalise_date(value: Any) -> str | None:
    """Accept YYYY-MM-DD or an ISO 8601 date-time (as feeds give it); return YYYY-MM-DD or None."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    match = ISO_DATE.match(str(value).strip())
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _check_article(article: Article, max_chars: int) -> InputError | None:
    body = article.text if article.text is not None else article.html or ""
    where = article.origin or article.id
    if len(body) > max_chars:
        return InputError(where, f"article {article.id!r} is too long ({len(body):,} characters; "
                                 f"the limit is {max_chars:,}); skipped", article.origin_line)
    if not body.strip():
        return InputError(where, f"article {article.id!r} is empty", article.origin_line)
    return None


def _markup_text(html: str) -> str:
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for junk in root.xpath("//head|//script|//style|//noscript|//title"):
        junk.drop_tree()
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _html_to_text(article: Article) -> InputError | None:
    """Main text and metadata of an HTML page, by trafilatura. A page without text is an error."""
    document = trafilatura.bare_extraction(
        article.html, with_metadata=True, include_comments=False,
        # no guessing from copyright footers or URLs: a page's own date metadata only
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        text = _markup_text(article.html)  # a fragment ("<p>…</p>") is too small for trafilatura
    if not text or not text.strip():
        return InputError(article.origin or article.id, f"article {article.id!r} has no text in its HTML",
                          article.origin_line)
    article.text, article.html = text, None
    article.title = article.title or getattr(document, "title", None)
    article.url = article.url or getattr(document, "url", None)
    article.outlet = article.outlet or getattr(document, "sitename", None)
    if article.published is None and getattr(document, "date", None):
        article.published = normalise_date(document.date)
    return None
