"""The sources file: what ``pactwatch watch`` polls, and how often (YAML, edited by ``pactwatch sources``).

    sources:
      - name: example-world
        kind: feed              # feed (RSS or Atom), sitemap, listing (an HTML page of links), or folder
        url: https://news.example/world/rss.xml
        interval: 15m           # seconds, or 30s / 15m / 2h / 1d
      - name: example-africa
        kind: listing
        url: https://news.example/africa/
        match: ^/africa/20[0-9]{2}/   # listing only: the article links' paths (a regular expression)
      - name: dropbox
        kind: folder
        path: /srv/articles/incoming

A mistake in the file is one line naming the file, the entry and the field; the file is written
atomically (a temporary file renamed over it), so an editor or a watcher reading it never sees
half of it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..errors import InputError
from ..resources import describe_yaml_error, parse_yaml

KINDS = ("feed", "sitemap", "listing", "folder")
DEFAULT_INTERVAL = 900.0  # seconds
MIN_INTERVAL = 1.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # feed | sitemap | folder
    location: str  # a URL, or a folder's path
    interval: float = DEFAULT_INTERVAL
    match: str | None = None  # listing pages: a regular expression the article links' paths match

    def to_dict(self) -> dict:
        place = "path" if self.kind == "folder" else "url"
        data = {"name": self.name, "kind": self.kind, place: self.location, "interval": _format_duration(self.interval)}
        if self.match is not None:
            data["match"] = self.match
        return data


def parse_duration(value: object, where: str = "interval") -> float:
    """Seconds from ``900``, ``"30s"``, ``"15m"``, ``"2h"`` or ``"1d"``; ValueError saying what is wrong."""
    if isinstance(value, bool):
        raise ValueError(f"{where} must be a duration such as 900, 30s, 15m or 2h, not {value!r}")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        match = _DURATION.match(str(value))
        if match is None:
            raise ValueError(f"{where} must be a duration such as 900, 30s, 15m or 2h, not {value!r}")
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds < MIN_INTERVAL:
        raise ValueError(f"{where} must be at least {MIN_INTERVAL:g} second, not {value!r}")
    return seconds


def _format_duration(seconds: float) -> str | float:
    for unit in ("d", "h", "m"):
        if seconds >= _UNITS[unit] and seconds % _UNITS[unit] == 0:
            return f"{int(seconds // _UNITS[unit])}{unit}"
    return f"{seconds:g}s"


def guess_kind(location: str) -> str:
    """``folder`` for a path, ``sitemap`` for a URL whose path names a sitemap, else ``feed`` (also
    for a URL of another scheme, which is then refused as a feed's URL rather than taken for a path)."""
    parts = urlsplit(location)
    if parts.scheme not in ("http", "https") and "://" not in location:
        return "folder"
    return "sitemap" if "sitemap" in parts.path.lower() else "feed"


def default_name(location: str, taken: set[str]) -> str:
    parts = urlsplit(location)
    base = parts.hostname if parts.scheme in ("http", "https") and parts.hostname else Path(location).name or "folder"
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", base).strip("-._") or "source"
    name, n = base[:70], 2
    while name in taken:
        name, n = f"{base[:70]}-{n}", n + 1
    return name


def check_location(kind: str, location: str, where: str) -> str:
    if kind == "folder":
        if urlsplit(location).scheme in ("http", "https"):
            raise InputError(where, f"a folder source needs a path, not the URL {location!r}")
        return str(Path(location).expanduser())
    parts = urlsplit(location)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(where, f"a {kind} source needs an http or https URL, not {location!r}")
    return location


def check_match(match: object, kind: str, where: str) -> str:
    if kind != "listing":
        raise InputError(where, "match: applies to listing sources only")
    if not isinstance(match, str):
        raise InputError(where, f"match must be a regular expression, not {match!r}")
    try:
        re.compile(match)
    except re.error as error:
        raise InputError(where, f"match is not a valid regular expression ({error})") from None
    return match


def load_sources(path: str | Path) -> list[Source]:
    """The sources in ``path`` (none if the file does not exist); InputError naming the file and entry."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot read the sources file: {getattr(error, 'strerror', None) or error}") from None
    try:
        data = parse_yaml(text) or {}
    except yaml.YAMLError as error:
        raise InputError(str(path), f"not valid YAML: {describe_yaml_error(error)}") from None
    if isinstance(data, list):
        entries = data
    elif isinstance(data, dict) and isinstance(data.get("sources", []), list):
        entries = data.get("sources") or []
    else:
        raise InputError(str(path), "expected 'sources:' followed by a list of entries")
    sources: list[Source] = []
    names: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"{path} (source {index})"
        if isinstance(entry, str):
            entry = {"url": entry}
        if not isinstance(entry, dict):
            raise InputError(where, "each source is a mapping with url: (or path:), and optionally name:, kind:, interval:")
        unknown = set(entry) - {"name", "kind", "url", "path", "interval", "match"}
        if unknown:
            raise InputError(where, f"unknown field {sorted(unknown)[0]!r} (expected name, kind, url or path, "
                                    "interval, match)")
        location = entry.get("url") if entry.get("url") is not None else entry.get("path")
        if not isinstance(location, str) or not location.strip():
            raise InputError(where, "has no url: (or path: for a folder)")
        location = location.strip()
        kind = entry.get("kind") or ("folder" if "path" in entry and "url" not in entry else guess_kind(location))
        if kind not in KINDS:
            raise InputError(where, f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        location = check_location(kind, location, where)
        name = entry.get("name")
        if name is None:
            name = default_name(location, names)
        if not isinstance(name, str) or not _NAME.match(name):
            raise InputError(where, f"name must be letters, digits, '.', '_' or '-' (up to 80), not {name!r}")
        if name in names:
            raise InputError(where, f"the name {name!r} is used twice")
        try:
            interval = parse_duration(entry.get("interval", DEFAULT_INTERVAL))
        except ValueError as error:
            raise InputError(where, str(error)) from None
        match = entry.get("match")
        if match is not None:
            match = check_match(match, kind, where)
        names.add(name)
        sources.append(Source(name, kind, location, interval, match))
    return sources


def save_sources(path: str | Path, sources: list[Source]) -> None:
    """Write the sources file atomically."""
    text = ("# Sources polled by `pactwatch watch`; edit by hand or with `pactwatch sources add|remove`.\n"
            + yaml.safe_dump({"sources": [s.to_dict() for s in sources]}, sort_keys=False, allow_unicode=True))
    write_atomically(Path(path), text)


def add_source(path: str | Path, location: str, name: str | None = None, kind: str | None = None,
               interval: object = None, match: str | None = None) -> Source:
    sources = load_sources(path)
    kind = kind or guess_kind(location)
    if kind not in KINDS:
        raise InputError("--kind", f"must be one of {', '.join(KINDS)}, not {kind!r}")
    location = check_location(kind, location, location)
    if any(s.location == location for s in sources):
        raise InputError(str(path), f"{location!r} is already a source")
    taken = {s.name for s in sources}
    name = name or default_name(location, taken)
    if not _NAME.match(name):
        raise InputError("--name", f"must be letters, digits, '.', '_' or '-' (up to 80), not {name!r}")
    if name in taken:
        raise InputError("--name", f"a source is already called {name!r}")
    try:
        seconds = DEFAULT_INTERVAL if interval is None else parse_duration(interval, "--interval")
    except ValueError as error:
        raise InputError("--interval", str(error)) from None
    if match is not None:
        match = check_match(match, kind, "--match")
    source = Source(name, kind, location, seconds, match)
    save_sources(path, [*sources, source])
    return source


def remove_source(path: str | Path, which: str) -> Source:
    """Remove the source named ``which`` (or whose URL or path it is)."""
    sources = load_sources(path)
    for source in sources:
        if which in (source.name, source.location):
            save_sources(path, [s for s in sources if s is not source])
            return source
    raise InputError(str(path), f"no source called {which!r}")


def write_atomically(path: Path, text: str) -> None:
    """``text`` into ``path`` by a temporary file in the same folder, flushed and renamed over it
    (:func:`pactwatch.output.atomic_output`, as every output file of pactwatch)."""
    from ..output import atomic_output

    with atomic_output(path) as fh:
        fh.write(text)
