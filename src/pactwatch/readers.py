"""Reading articles from files, directories and standard input.

``read_articles`` yields an ``Article`` for every good input and an ``InputError`` for every bad one,
in input order, so a caller can report a bad line and carry on with the rest. Everything a user's
file can do wrong is caught here, where the text enters, so the stages after it never see it: bytes
that are not UTF-8, lone surrogates (``"\\ud800"`` in JSON, which nothing downstream can encode),
JSON nested past Python's recursion limit, YAML aliases, impossible dates, ids that are not text.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import yaml

from .errors import InputError, control_character, first_unencodable
from .records import Article, ArticleResult
from .resources import describe_yaml_error, parse_yaml, yaml_error_line
from .results import looks_like_result, result_from_record

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
# spaCy refuses texts over nlp.max_length (1,000,000 characters) by default; longer "articles" are
# almost always concatenated dumps, so they are reported rather than parsed for minutes.
MAX_ARTICLE_CHARS = 1_000_000
ARTICLE_FIELDS = ("published", "url", "title", "outlet")
TEXT_FIELDS = ("id", "text", "html", "title", "url", "outlet")
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass(frozen=True)
class FileSelection:
    """Which files found inside a directory are read (files named on the command line always are).

    Only the supported types, never hidden files or folders (``.git``, editor swap files), narrowed
    by ``include`` globs (``--glob '2024-*.md'``) and cut by ``exclude`` globs (``--exclude
    SOURCES.md``, ``--exclude drafts``). A pattern without ``/`` is matched against each name in the
    path below the directory given, so it can name a file or a folder; a pattern with ``/`` is
    matched against that whole relative path. ``skip`` holds files never read, such as the run's
    own output file when it lies inside an input folder.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    skip: frozenset[Path] = frozenset()

    def wants(self, relative: Path, path: Path) -> bool:
        parts = relative.parts
        if any(part.startswith(".") for part in parts) or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            return False
        if any(_matches(pattern, relative) for pattern in self.exclude):
            return False
        if self.include and not any(_matches(pattern, relative, names=parts[-1:]) for pattern in self.include):
            return False
        return not self.skip or path.resolve() not in self.skip


def _matches(pattern: str, relative: Path, names: tuple[str, ...] | None = None) -> bool:
    if "/" in pattern.strip("/"):
        return fnmatch.fnmatchcase(relative.as_posix(), pattern.strip("/"))
    return any(fnmatch.fnmatchcase(name, pattern.strip("/")) for name in (relative.parts if names is None else names))


ALL_FILES = FileSelection()


def read_articles(
    inputs: Iterable[str], published: str | None = None, max_chars: int = MAX_ARTICLE_CHARS,
    selection: FileSelection = ALL_FILES, results: bool = False,
) -> Iterator[Article | ArticleResult | InputError]:
    """Yield articles (or errors) from files, directories (recursively) and ``-`` for stdin JSONL.

    ``results``: JSONL lines of ``pactwatch extract`` output are given as :class:`ArticleResult`
    (checked field by field, ``pactwatch.results``) instead of being refused as articles."""
    default_date = None
    if published is not None:
        default_date = normalise_date(published)
        if default_date is None:
            raise InputError("--published", f"not a date: {published!r} (expected YYYY-MM-DD)")
    for item in _read_all(inputs, selection, max_chars):
        yield _finish_line(item, default_date, max_chars, results)


def article_from_line(raw: str, name: str, lineno: int | None, published: str | None = None,
                      max_chars: int = MAX_ARTICLE_CHARS) -> Article | InputError:
    """One JSONL line read as ``read_articles`` reads it, checked and its HTML made text (for
    readers of lines elsewhere: the Spark workers, ``pactwatch.spark``)."""
    if len(raw) > _line_byte_limit(max_chars):
        return InputError(name, f"line is too long (over {_line_byte_limit(max_chars):,} bytes; an article may "
                                f"have {max_chars:,} characters); skipped", lineno)
    return _finish_line(_article_from_json(raw, name, lineno), published, max_chars)


def _finish_line(item: Article | InputError | _OutputLine, default_date: str | None, max_chars: int,
                 results: bool = False) -> Article | ArticleResult | InputError:
    """``_finish`` for what a line gave; a line of pactwatch output is a result to store
    (``results``) or an article refused, saying what it is."""
    if isinstance(item, _OutputLine):
        return result_from_record(item.record, item.name, item.lineno) if results else \
            article_from_record(item.record, item.name, item.lineno)
    return _finish(item, default_date, max_chars)


def read_records(records: Iterable[dict[str, Any]], name: str = "<request>", published: str | None = None,
                 max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article | InputError]:
    """Articles from mappings shaped like JSONL lines (the HTTP API's write endpoint)."""
    for index, record in enumerate(records, start=1):
        item = article_from_record(record, name, index) if isinstance(record, dict) else \
            InputError(name, "expected an object", index)
        yield _finish(item, published, max_chars)


def count_articles(inputs: Iterable[str], selection: FileSelection = ALL_FILES) -> int | None:
    """How many items ``read_articles`` will yield (articles and errors), or None when that cannot
    be known beforehand (standard input). For a progress bar: JSONL lines are counted, not parsed."""
    total = 0
    for source in _sources(inputs, selection):
        if source == "-":
            return None
        if isinstance(source, Path) and source.suffix.lower() in JSONL_SUFFIXES:
            total += _count_lines(source)
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    """Non-blank lines, as ``_read_jsonl_stream`` skips blank ones; an unreadable file is one error."""
    count = 0
    try:
        with path.open("rb") as fh:
            for line in fh:
                count += bool(line.strip())
    except OSError:
        return 1
    return count


def _finish(item: Article | InputError, default_date: str | None, max_chars: int) -> Article | InputError:
    """Check an article, turn its HTML into text, and give it the default date if it has none."""
    if isinstance(item, InputError):
        return item
    problem = _check_article(item, max_chars)
    if problem is None and item.html is not None:
        try:
            problem = _html_to_text(item)
        except Exception as error:  # noqa: BLE001 - a third-party parser on hostile markup: this page only
            detail = " ".join(str(error).split())[:160]
            problem = InputError(item.origin or item.id, f"article {item.id!r}: its HTML could not be read "
                                                         f"({type(error).__name__}: {detail})", item.origin_line)
    if problem is not None:
        return problem
    if item.published is None:
        item.published = default_date  # only after the page's own date had its chance
    return item


def _sources(inputs: Iterable[str], selection: FileSelection) -> Iterator[str | Path | InputError]:
    """Each input as what is read: ``-``, a file, or the error that it cannot be read."""
    for raw in inputs:
        if raw == "-":
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, selection)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                yield InputError(raw, f"unsupported file type {path.suffix or '(none)'!r}; "
                                      f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}")
            else:
                yield path
        else:
            yield InputError(raw, "no such file or directory")


def _walk(root: Path, selection: FileSelection) -> Iterator[Path | InputError]:
    """The files of a directory tree that ``selection`` wants, sorted by path; unreadable folders are errors."""
    found: list[Path] = []
    problems: list[InputError] = []

    def unreadable(error: OSError) -> None:
        problems.append(InputError(error.filename or str(root), f"cannot read directory: {error.strerror or error}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = Path(folder)
        for name in files:
            path = base / name
            if selection.wants(path.relative_to(root), path) and path.is_file():
                found.append(path)
    yield from problems
    yield from sorted(found)


def _read_all(inputs: Iterable[str], selection: FileSelection,
              max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article | InputError]:
    for source in _sources(inputs, selection):
        if isinstance(source, InputError):
            yield source
        elif source == "-":
            # bytes, as for files, so a bad byte or a BOM is reported or handled the same way
            yield from _read_jsonl_stream(sys.stdin.buffer, "<stdin>", max_chars)
        else:
            yield from _read_file(source, max_chars)


# What is read before the length check, in bytes: a character is at most 4 bytes of UTF-8 and
# 6 of a JSON escape (\uXXXX). Past that an input is too long whatever it holds, and is not read
# into memory at all (a 20 GB file, a JSONL "line" without a newline).
def _file_byte_limit(max_chars: int) -> int:
    return 4 * max_chars + 4


def _line_byte_limit(max_chars: int) -> int:
    return 6 * max_chars + 1024


def _read_file(path: Path, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article | InputError]:
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("rb") as fh:
                yield from _read_jsonl_stream(fh, str(path), max_chars)
        except OSError as error:
            yield InputError(str(path), f"cannot read: {error.strerror or error}")
        return
    try:
        size = path.stat().st_size
        if size > _file_byte_limit(max_chars):
            yield InputError(str(path), f"article {path.stem!r} is too long ({size:,} bytes; the limit is "
                                        f"{max_chars:,} characters); skipped")
            return
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
    given = meta.get("id")
    article_id = path.stem if given is None or given == "" else _article_id(given, origin, None, "front matter")
    if isinstance(article_id, InputError):
        yield article_id
        return
    article = Article(id=article_id, text=body, origin=origin)
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
        meta = (parse_yaml(text[4:end]) if end > 3 else None) or {}
    except yaml.YAMLError as error:
        line = yaml_error_line(error)
        return {}, text, InputError(origin, f"bad front matter: {describe_yaml_error(error)}",
                                    line + 1 if line else None)  # + 1: the opening '---' line
    if not isinstance(meta, dict):
        return {}, text, InputError(origin, "front matter must be a mapping of field: value", 2)
    body_start = text.find("\n", end + 4)
    body = text[body_start + 1:] if body_start != -1 else ""
    return {str(k): v for k, v in meta.items()}, body, None


def _read_jsonl_stream(fh: IO, name: str, max_chars: int = MAX_ARTICLE_CHARS) -> Iterator[Article | InputError]:
    limit = _line_byte_limit(max_chars)
    for lineno, raw in enumerate(_bounded_lines(fh, limit), start=1):
        if raw is None:
            yield InputError(name, f"line is too long (over {limit:,} bytes; an article may have {max_chars:,} "
                                   f"characters); skipped", lineno)
            continue
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


def _bounded_lines(fh: IO, limit: int) -> Iterator[bytes | str | None]:
    """The lines of ``fh``, each read into memory only up to ``limit``; a longer one is skipped to
    its end a megabyte at a time and given as None."""
    while line := fh.readline(limit + 1):
        newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) <= limit or line.endswith(newline):
            yield line
            continue
        while (rest := fh.readline(1 << 20)) and not rest.endswith(newline):
            pass
        yield None


def _article_from_json(raw: str, name: str, lineno: int) -> Article | InputError:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        # json's messages end "… at" before the position it adds itself ("Invalid control character at")
        return InputError(name, f"malformed JSON ({error.msg.removesuffix(' at')}, column {error.colno})", lineno)
    except ValueError:  # an integer of more digits than int() takes (sys.get_int_max_str_digits)
        return InputError(name, "malformed JSON (a number too long to read)", lineno)
    except RecursionError:
        # the C decoder recurses per nesting level; [[[[…]]]] past the limit is not an article
        return InputError(name, "JSON nested too deeply to be an article", lineno)
    if not isinstance(record, dict):
        return InputError(name, "expected a JSON object per line", lineno)
    if looks_like_result(record) and record.get("text") is None and record.get("html") is None:
        return _OutputLine(record, name, lineno)
    return article_from_record(record, name, lineno)


@dataclass
class _OutputLine:
    """A JSONL line of pactwatch output: a stored result for ingest, a refused article for extract."""
    record: dict[str, Any]
    name: str
    lineno: int


def article_from_record(record: dict[str, Any], name: str = "<record>", lineno: int | None = None) -> Article | InputError:
    """An article from a mapping with ``id`` and ``text`` or ``html`` (a JSONL line, an API request)."""
    if record.get("id") is None or (isinstance(record["id"], str) and not record["id"].strip()):
        return InputError(name, "article has no 'id'", lineno)
    article_id = _article_id(record["id"], name, lineno)
    if isinstance(article_id, InputError):
        return article_id
    text, html = record.get("text"), record.get("html")
    for field, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            return InputError(name, f"'{field}' must be a string", lineno)
    if text is None and html is None:
        hint = "; it looks like pactwatch output (it has 'text_clean' and 'events'), not an article" \
            if "text_clean" in record and "events" in record else ""
        return InputError(name, f"article {article_id!r} has neither 'text' nor 'html'{hint}", lineno)
    article = Article(id=article_id, text=text, html=html if text is None else None, origin=name,
                      origin_line=lineno)
    return _apply_fields(article, record, name, lineno) or article


def _article_id(value: Any, name: str, lineno: int | None, where: str = "") -> str | InputError:
    """An id is text, or a whole number written without quotes; a list, mapping or true/false is a
    mistake in the feed, and stringifying it would give every such article the id "[...]"."""
    field = f"{where} 'id'" if where else "'id'"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return InputError(name, f"{field} must be a string, not {_json_kind(value)}", lineno)
    text = str(value).strip()
    if not text:
        return InputError(name, "article has no 'id'", lineno)
    bad = control_character(text)
    if bad is not None:
        return InputError(name, f"{field} {text!r} contains a control character ({bad!r})", lineno)
    return text


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


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
        elif isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
            setattr(article, field, str(value))  # `title: 1984` in front matter is a title
        else:
            return InputError(name, f"'{field}' must be a string, not {_json_kind(value)}", lineno)
    return None


def normalise_date(value: Any) -> str | None:
    """Accept YYYY-MM-DD or an ISO 8601 date-time (as feeds give it); return YYYY-MM-DD or None."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None  # 20240305 or a list is not a date, whatever str() makes of it
    match = ISO_DATE.match(value.strip())
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
    return _check_characters(article)


def _check_characters(article: Article) -> InputError | None:
    """A lone surrogate (JSON's ``"\\ud800"``, or a file name that is not UTF-8) cannot be written as
    UTF-8: spaCy's string store, the output file and the database would each fail on it later. An
    id from a file name must hold no control character, as an id from a field must not."""
    from_file_name = article.origin_line is None and article.id == Path(article.origin).stem
    bad = control_character(article.id) if from_file_name else None
    if bad is not None:
        return InputError(article.origin, f"article {article.id!r}: the file name contains a control character "
                                          f"({bad!r}); rename the file or give an 'id' in front matter")
    for field in TEXT_FIELDS:
        value = getattr(article, field)
        if not isinstance(value, str):
            continue
        at = first_unencodable(value)
        if at is not None:
            if field == "id" and from_file_name:
                what = "the file name is not UTF-8; rename the file or give an 'id' in front matter"
            else:
                what = f"'{field}' has an unpaired surrogate ({value[at]!r} at character {at + 1}), which is not text"
            return InputError(article.origin or "<input>", f"article {article.id!r}: {what}", article.origin_line)
    return None


def _markup_text(html: str) -> str:
    import lxml.etree  # here, not at the top: only HTML input needs it (CLI start-up, issue 12)
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for junk in root.xpath("//head|//script|//style|//noscript|//title"):
        junk.drop_tree()
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _html_to_text(article: Article) -> InputError | None:
    """Main text and metadata of an HTML page, by trafilatura. A page without text is an error."""
    import trafilatura  # a quarter of a second to import: only when a page is read

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
