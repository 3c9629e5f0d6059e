"""PLOVER and CAMEO (GDELT-style) renderings of pactwatch's native JSONL articles.

The native output is one article per line with its events. Analysts who work
with event data expect either PLOVER records (one JSON object per event) or a
GDELT-like tab-separated event table coded in CAMEO, so this module converts an
article dict (as written by ``ArticleResult.to_dict``) into both. Everything the
conversion needs (quad classes, scores, CAMEO codes) comes from ``pactwatch.plover``,
which reads ``pactwatch/data/plover.yaml``, so analysts can audit the choices
without reading code. See docs/formats.md for the field-by-field description.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date as Date
from typing import Any, TextIO

import pactwatch
from pactwatch.plover import cameo_code, quad_class, score as plover_score

_ISO3 = re.compile(r"[A-Z]{3}")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _date_parts(value: str | None) -> tuple[str, int | None, int | None, int | None]:
    """Split a native date ("YYYY-MM-DD", "YYYY-MM", "YYYY" or None) into precision, year, month, day."""
    if value is None:
        return "unknown", None, None, None
    match = _DATE.fullmatch(value)
    if not match:
        raise ValueError(f"event date must be YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if day is not None:
        Date(year, month, day)  # raises ValueError for impossible dates such as 2024-02-30
        return "day", year, month, day
    return ("month" if month is not None else "year"), year, month, None


def _coder() -> str:
    """Who coded the record, so PLOVER consumers can tell pactwatch versions apart."""
    return f"pactwatch {getattr(pactwatch, '__version__', 'unknown')}"


def _entities(key: str | None, text: str | None) -> list[dict[str, str | None]]:
    """A PLOVER actor/recipient list for one native actor key (empty when there is none)."""
    return [] if key is None else [{"code": key, "entity_text": text}]


def plover_records(article: dict[str, Any]) -> list[dict[str, Any]]:
    """One PLOVER event record per native event of the article.

    The record id is the article id plus the event's 0-based position in the
    article's ``events`` list, so it is stable across reruns and points back to the
    native JSONL. Negation and hypothetical flags become PLOVER auxiliary modes.
    """
    coder = _coder()
    records = []
    for index, event in enumerate(article["events"]):
        precision, *_ = _date_parts(event["date"])
        mode = [event["mode"]] if event["mode"] else []
        if event["negated"]:
            mode.append("negation")
        if event["hypothetical"]:
            mode.append("hypothetical")
        records.append({
            "id": f"{article['id']}-{index:03d}",
            "date": event["date"],
            "date_precision": precision,
            "actor": _entities(event["source"], event["source_text"]),
            "recipient": _entities(event["target"], event["target_text"]),
            "event": [event["type"]],
            "mode": mode,
            "context": [],
            "quad_code": quad_class(event["type"]),
            "event_text": event["evidence"],
            "link": article.get("url"),
            "text_info": {
                "outlet": article.get("outlet"),
                "title": article.get("title"),
                "published": article.get("published"),
            },
            "cite_info": {
                "article_id": article["id"],
                "outlet": article.get("outlet"),
                "title": article.get("title"),
                "evidence_span": list(event["evidence_span"]),
            },
            "coder": coder,
        })
    return records


CAMEO_COLUMNS: tuple[str, ...] = (
    # GDELT 2.0 event-table names, for the columns pactwatch can fill
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor2Code", "Actor2Name", "Actor2CountryCode",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "PloverScore", "NumMentions", "DATEADDED", "SOURCEURL",
    # pactwatch additions
    "ArticleID", "PloverType", "PloverMode", "Negated", "Hypothetical", "Evidence",
)


def global_event_id(article_id: str, index: int) -> int:
    """A positive integer id that is the same on every run for the same article and event position."""
    digest = hashlib.sha1(f"{article_id}-{index:03d}".encode("utf-8")).hexdigest()
    return int(digest[:15], 16)


def _cell(value: Any) -> str:
    """One TSV cell: None is blank, and tabs or line breaks become spaces so rows stay rows."""
    if value is None:
        return ""
    return re.sub(r"[\t\r\n]", " ", str(value))


def _fraction_date(year: int, month: int, day: int) -> str:
    """GDELT's YYYY.FFFF: the year plus the share of it elapsed before that day."""
    start = Date(year, 1, 1)
    elapsed = (Date(year, month, day) - start).days
    length = (Date(year + 1, 1, 1) - start).days
    return f"{year + elapsed / length:.4f}"


def cameo_rows(article: dict[str, Any]) -> list[list[str]]:
    """GDELT-style rows (in CAMEO_COLUMNS order) for the article's events.

    Negated and hypothetical events are kept, flagged in Negated/Hypothetical,
    because GDELT has no such fields and dropping them would hide what the
    extractor found; analysts counting events should filter on both columns.
    """
    names = {a["key"]: a["name"] for a in article.get("actors", [])}
    states = {a["key"] for a in article.get("actors", []) if a["kind"] == "state"}
    text = article.get("text_clean") or ""
    lead_end = text.find("\n") if "\n" in text else len(text)
    published = (article.get("published") or "").replace("-", "")

    def country(key: str | None) -> str | None:
        return key if key in states and _ISO3.fullmatch(key) else None

    rows = []
    for index, event in enumerate(article["events"]):
        precision, year, month, day = _date_parts(event["date"])
        code = cameo_code(event["type"], event["mode"])
        row = [
            global_event_id(article["id"], index),
            f"{year:04d}{month:02d}{day:02d}" if precision == "day" else None,
            f"{year:04d}{month:02d}" if month is not None else None,
            year,
            _fraction_date(year, month, day) if precision == "day" else None,
            event["source"], names.get(event["source"]), country(event["source"]),
            event["target"], names.get(event["target"]), country(event["target"]),
            int(event["evidence_span"][0] < lead_end),
            code, code[:3], code[:2],
            quad_class(event["type"]),
            f"{plover_score(event['type'], event['mode']):g}",
            1,
            published if len(published) == 8 else None,
            article.get("url"),
            article["id"], event["type"], event["mode"],
            int(event["negated"]), int(event["hypothetical"]),
            event["evidence"],
        ]
        rows.append([_cell(v) for v in row])
    return rows


def write_plover(articles: Iterable[dict[str, Any]], fh: TextIO) -> None:
    """Write PLOVER records as JSON Lines, one record at a time so large runs stream."""
    for article in articles:
        for record in plover_records(article):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_cameo(articles: Iterable[dict[str, Any]], fh: TextIO, header: bool = True) -> None:
    """Write the GDELT-style table as TSV (no quoting, as GDELT), one row at a time.

    ``header=False`` lets callers append to an existing table.
    """
    if header:
        fh.write("\t".join(CAMEO_COLUMNS) + "\n")
    for article in articles:
        for row in cameo_rows(article):
            fh.write("\t".join(row) + "\n")
