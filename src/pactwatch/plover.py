"""The PLOVER ontology, in one place: types, modes, quad classes, scores and CAMEO codes.

Everything that needs to know what a PLOVER type or mode is (the event lexicon's loader, the
engine, the PLOVER/CAMEO exports, the store's score column and the dashboard through
``GET /api/plover``) reads it from here, and this module reads it from ``data/plover.yaml``, so
analysts audit one data file and no other copy can drift from it.

The one definition of an event's score lives here too (:func:`event_score`): PLOVER's
cooperation–conflict score of its mode (or type), and 0 for a negated or hypothetical event,
which reports no act that happened. The database, the exports and the API all use it.
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from .errors import DataFileError

DATA_FILE = "plover.yaml"


@cache
def load() -> dict[str, Any]:
    """The PLOVER data file as a dict, read and checked once per process. Callers must not modify it."""
    path = resources.files("pactwatch").joinpath("data", DATA_FILE)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, entry in data["types"].items():
        modes = {m["name"] for m in entry["modes"]}
        unknown = set(entry["cameo_by_mode"]) - modes
        if unknown:
            raise DataFileError(str(path), f"cameo_by_mode names undefined modes {sorted(unknown)}", entry=name)
    return data


TYPES: tuple[str, ...] = tuple(load()["types"])


def type_entry(event_type: str) -> dict[str, Any]:
    try:
        return load()["types"][event_type]
    except KeyError:
        raise ValueError(f"not a PLOVER event type: {event_type!r}") from None


def modes(event_type: str) -> tuple[str, ...]:
    """The modes PLOVER defines for a type, in the manual's order."""
    return tuple(m["name"] for m in type_entry(event_type)["modes"])


def is_mode(event_type: str, mode: str) -> bool:
    return event_type in load()["types"] and mode in modes(event_type)


def mode_entry(event_type: str, mode: str) -> dict[str, Any]:
    for entry in type_entry(event_type)["modes"]:
        if entry["name"] == mode:
            return entry
    raise ValueError(f"{mode!r} is not a mode of PLOVER {event_type}; its modes: {', '.join(modes(event_type))}")


def quad_class(event_type: str) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    entry = type_entry(event_type)
    return int(entry["quad_class"])


def cameo_code(event_type: str, mode: str | None = None) -> str:
    """The CAMEO event code for a PLOVER type and optional mode.

    The mode's own code when plover.yaml has one, else the type's default code. An unknown type or
    a mode the type does not define raises ValueError: a silently wrong code would be worse than a
    failed export, and the lexicon loader guarantees that the engine never emits such a mode.
    """
    entry = type_entry(event_type)
    if mode is None:
        return entry["cameo"]
    mode_entry(event_type, mode)
    return entry["cameo_by_mode"].get(mode, entry["cameo"])


def score(event_type: str, mode: str | None = None) -> float:
    """PLOVER's cooperation–conflict score: the mode's when the manual gives one, else the type's."""
    if mode is not None:
        value = mode_entry(event_type, mode)["score"]
        if value is not None:
            return float(value)
    return float(type_entry(event_type)["score"])


def event_score(event_type: str, mode: str | None, negated: bool, hypothetical: bool) -> float:
    """The score an event counts for everywhere (store, exports, API, dashboard).

    A negated ("did not attack") or hypothetical ("could attack") event reports no act that took
    place, so it counts 0; any other event counts its PLOVER score.
    """
    if negated or hypothetical:
        return 0.0
    return score(event_type, mode)


def to_json() -> dict[str, Any]:
    """The ontology as ``GET /api/plover`` serves it: types with quad, score, CAMEO code and modes."""
    data = load()
    return {
        "provenance": data["provenance"],
        "quad_classes": data["quad_classes"],
        "score_rule": "PLOVER score of the mode, else of the type; 0 when the event is negated or hypothetical",
        "types": [
            {"name": name, "quad_class": quad_class(name), "score": score(name), "cameo": entry["cameo"],
             "definition": entry.get("definition"),
             "modes": [{"name": m["name"], "score": m["score"], "cameo": entry["cameo_by_mode"].get(m["name"], entry["cameo"]),
                        "description": m.get("description")} for m in entry["modes"]]}
            for name, entry in data["types"].items()
        ],
    }
