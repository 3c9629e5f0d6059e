"""Reading ``pactwatch extract`` output back into typed records, so it can be stored without parsing again.

    from pactwatch.results import result_from_record
    result = result_from_record(json.loads(line), "out.jsonl", 12)   # ArticleResult, or InputError

The JSON shape is the one ``ArticleResult.to_dict`` writes (docs/formats.md). Every field is
checked against that shape, and a line that does not fit is an :class:`InputError` naming the file,
the line and the field ("out.jsonl:12: events[3].evidence_span: expected a list of two integers"),
so one bad line is reported and skipped, never stored half-read.
"""
from __future__ import annotations

from typing import Any

from . import plover
from .errors import InputError
from .records import ActorSummary, ArticleResult, Event, Quote

OPTIONAL_STR = (str, type(None))
NUMBER = (int, float)

# field -> (accepted JSON types, required); the order of each table is the record's own.
EVENT_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "source": ((str,), True), "target": (OPTIONAL_STR, True), "type": ((str,), True),
    "mode": (OPTIONAL_STR, False), "date": (OPTIONAL_STR, False), "negated": ((bool,), False),
    "hypothetical": ((bool,), False), "evidence": ((str,), True), "evidence_span": ((list,), True),
    "source_text": ((str,), False), "target_text": (OPTIONAL_STR, False), "confidence": (NUMBER, False),
    "date_basis": ((str,), False),
}
QUOTE_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "speaker": (OPTIONAL_STR, False), "speaker_actor": (OPTIONAL_STR, False), "text": ((str,), True),
    "direct": ((bool,), True), "span": ((list,), True), "cue": (OPTIONAL_STR, False),
}
ACTOR_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "key": ((str,), True), "name": ((str,), True), "kind": ((str,), True), "mentions": ((int,), True),
}
ARTICLE_FIELDS: dict[str, tuple[tuple[type, ...], bool]] = {
    "id": ((str, int), True), "url": (OPTIONAL_STR, False), "title": (OPTIONAL_STR, False),
    "outlet": (OPTIONAL_STR, False), "published": (OPTIONAL_STR, False), "text_clean": ((str,), True),
    "events": ((list,), True), "quotes": ((list,), False), "actors": ((list,), False),
}
DEFAULTS = {"negated": False, "hypothetical": False, "source_text": "", "confidence": 0.0,
            "date_basis": "published", "quotes": [], "actors": []}


class _Bad(Exception):
    """A field that does not fit; carries its path ("events[3].type")."""


def looks_like_result(record: dict[str, Any]) -> bool:
    """Whether a JSON object is ``pactwatch extract`` output rather than an article."""
    return "text_clean" in record and "events" in record


def result_from_record(record: Any, name: str = "<record>", lineno: int | None = None) -> ArticleResult | InputError:
    """An :class:`ArticleResult` from one output line's object, or the error saying which field is wrong."""
    try:
        return _article(record)
    except _Bad as bad:
        article = record.get("id") if isinstance(record, dict) else None
        which = f"result {article!r}: " if isinstance(article, (str, int)) and not isinstance(article, bool) else ""
        return InputError(name, f"{which}{bad}", lineno)


def _article(record: Any) -> ArticleResult:
    values = _fields(record, ARTICLE_FIELDS, "")
    if not str(values["id"]).strip():
        raise _Bad("id: empty")
    return ArticleResult(
        id=str(values["id"]), url=values["url"], title=values["title"], outlet=values["outlet"],
        published=values["published"], text_clean=values["text_clean"],
        events=[_event(e, f"events[{i}]", len(values["text_clean"])) for i, e in enumerate(values["events"])],
        quotes=[_quote(q, f"quotes[{i}]", len(values["text_clean"])) for i, q in enumerate(values["quotes"])],
        actors=[ActorSummary(**_fields(a, ACTOR_FIELDS, f"actors[{i}]")) for i, a in enumerate(values["actors"])],
    )


def _event(raw: Any, where: str, length: int) -> Event:
    values = _fields(raw, EVENT_FIELDS, where)
    if values["type"] not in plover.TYPES:
        raise _Bad(f"{where}.type: {values['type']!r} is not a PLOVER event type")
    values["evidence_span"] = _span(values["evidence_span"], f"{where}.evidence_span", length)
    values["confidence"] = float(values["confidence"])
    return Event(**values)


def _quote(raw: Any, where: str, length: int) -> Quote:
    values = _fields(raw, QUOTE_FIELDS, where)
    values["span"] = _span(values["span"], f"{where}.span", length)
    return Quote(**values)


def _fields(raw: Any, table: dict[str, tuple[tuple[type, ...], bool]], where: str) -> dict[str, Any]:
    prefix = f"{where}." if where else ""
    if not isinstance(raw, dict):
        raise _Bad(f"{where or 'line'}: expected an object")
    values: dict[str, Any] = {}
    for name, (types, required) in table.items():
        if name not in raw:
            if required:
                raise _Bad(f"{prefix}{name}: missing")
            values[name] = DEFAULTS.get(name)
            continue
        value = raw[name]
        # JSON has no separate bool; true is not a count and 1 is not true
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            wanted = " or ".join("null" if t is type(None) else _JSON_NAMES.get(t, t.__name__) for t in types)
            raise _Bad(f"{prefix}{name}: expected {wanted}, got {_JSON_NAMES.get(type(value), type(value).__name__)}")
        values[name] = value
    return values


def _span(value: list, where: str, length: int) -> tuple[int, int]:
    if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise _Bad(f"{where}: expected a list of two integers")
    start, end = value
    if not 0 <= start <= end <= length:
        raise _Bad(f"{where}: [{start}, {end}] is not within text_clean ({length} characters)")
    return start, end


_JSON_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "a list",
               dict: "an object", type(None): "null"}
