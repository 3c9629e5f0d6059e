"""PLOVER and CAMEO (GDELT-style) renderings of pactwatch's native JSONL articles.

The native output is one article per line with its events. Analysts who work
with event data expect either PLOVER records (one JSON object per event) or a
GDELT-like tab-separated event table coded in CAMEO, so this module converts an
article dict (as written by ``ArticleResult.to_dict``) into both. Everything the
conversion needs (quad classes, scores, CAMEO codes) comes from ``pactwatch.plover``,
which reads ``pactwatch/data/plover.yaml``, so analysts can audit the choices
without reading code; every date is read as a ``pactwatch.partial_date.PartialDate``.
See docs/formats.md for the field-by-field description.
"""
from __future__ import annotations

import calendar
import hashlib
import json
import re
from collections.abc import Iterable
from datetime import date as Date
from typing import Any, TextIO

import pactwatch
from pactwatch.partial_date import PartialDate
from pactwatch.plover import cameo_code, event_score, quad_class

_ISO3 = re.compile(r"[A-Z]{3}")


def _event_date(value: str | None) -> PartialDate | None:
    """A native event date (YYYY-MM-DD, YYYY-MM, YYYY or None); ValueError for anything else."""
    return None if value is None else PartialDate.parse(value)


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
    PLOVER's ``date`` is always a day: a month or a year ("in March") is written as its
    first day with ``enddate`` its last, and ``date_precision`` says which it was.
    """
    coder = _coder()
    records = []
    for index, event in enumerate(article["events"]):
        date = _event_date(event["date"])
        day, enddate = date.plover() if date else (None, None)
        mode = [event["mode"]] if event["mode"] else []
        if event["negated"]:
            mode.append("negation")
        if event["hypothetical"]:
            mode.append("hypothetical")
        records.append({
            "id": f"{article['id']}-{index:03d}",
            "date": day,
            **({"enddate": enddate} if enddate else {}),
            "date_precision": date.precision if date else "unknown",
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


def _fraction_date(day: Date) -> str:
    """GDELT's YYYY.FFFF: the year plus the share of it elapsed before that day."""
    length = 366 if calendar.isleap(day.year) else 365  # not Date(year + 1, ...): year 9999 has no successor
    return f"{day.year + (day - Date(day.year, 1, 1)).days / length:.4f}"


def _gdelt_dates(date: PartialDate | None) -> tuple[str | None, str | None, int | None, str | None]:
    """Day (YYYYMMDD), MonthYear (YYYYMM), Year and FractionDate, each only as far as the date is known."""
    if date is None:
        return None, None, None, None
    exact = date.precision == "day"
    return (_yyyymmdd(date.first) if exact else None,
            _yyyymmdd(date.first)[:6] if date.month is not None else None,
            date.year,
            _fraction_date(date.first) if exact else None)


def _yyyymmdd(day: Date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"  # not strftime: glibc does not pad years before 1000


def cameo_rows(article: dict[str, Any]) -> list[list[str]]:
    """GDELT-style rows (in CAMEO_COLUMNS order) for the article's events.

    Negated and hypothetical events are kept, flagged in Negated/Hypothetical,
    because GDELT has no such fields and dropping them would hide what the
    extractor found; analysts counting events should filter on both columns.
    PloverScore is the event's score as everywhere in pactwatch
    (``pactwatch.plover.event_score``): 0 for a negated or hypothetical event.
    """
    names = {a["key"]: a["name"] for a in article.get("actors", [])}
    states = {a["key"] for a in article.get("actors", []) if a["kind"] == "state"}
    text = article.get("text_clean") or ""
    lead_end = text.find("\n") if "\n" in text else len(text)
    published = PartialDate.parse_or_none(article.get("published"))
    date_added = _yyyymmdd(published.first) if published and published.precision == "day" else None

    def country(key: str | None) -> str | None:
        return key if key in states and _ISO3.fullmatch(key) else None

    rows = []
    for index, event in enumerate(article["events"]):
        code = cameo_code(event["type"], event["mode"])
        row = [
            global_event_id(article["id"], index),
            *_gdelt_dates(_event_date(event["date"])),
            event["source"], names.get(event["source"]), country(event["source"]),
            event["target"], names.get(event["target"]), country(event["target"]),
            int(event["evidence_span"][0] < lead_end),
            code, code[:3], code[:2],
            quad_class(event["type"]),
            f"{event_score(event['type'], event['mode'], event['negated'], event['hypothetical']):g}",
            1,
            date_added,
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
