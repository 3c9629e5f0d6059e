"""The commitments knowledge base: treaties, obligations, memberships, territories, places, requests.

Loaded from the YAML files in ``data/kb/`` (see docs/kb.md) plus any user directories, validated on
load: every fact needs a source, every reference must resolve, and membership intervals of one
(treaty, member, layer) must not overlap. A problem raises ``DataFileError`` naming the file, the
entry and the field.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


from ..errors import DataFileError
from ..partial_date import PartialDate
from ..resources import data_path, read_yaml_list

FILES = ("treaties", "memberships", "territories", "places", "requests")
OBLIGATION_KINDS = {"defence", "consultation", "neutrality", "non_aggression", "offence"}
LEGAL_STATUSES = {"member", "withdrawn", "expelled", "suspended"}
PARTICIPATION_STATUSES = {"active", "frozen", "suspended", "withdrawn"}
ENV_DIRS = "PACTWATCH_KB"


@lru_cache(maxsize=65536)  # the same few thousand dates are compared over and over
def day_floor(date: str) -> str:
    """The first day a partial date can mean: "2024-02" -> "2024-02-01" (ValueError if it is no date)."""
    return PartialDate.parse(date).first.isoformat()


@lru_cache(maxsize=65536)
def day_ceiling(date: str) -> str:
    """The last day a partial date can mean: "2024-02" -> "2024-02-29" (ValueError if it is no date)."""
    return PartialDate.parse(date).last.isoformat()


@dataclass(frozen=True)
class Obligation:
    id: str
    treaty: str
    article: str
    kind: str
    binds: tuple[str, ...] | str  # "all_members" or actor keys
    protects: tuple[str, ...] | str
    location_specific: bool | None
    adversary_specific: tuple[str, ...] | bool | None
    request_required: bool | None
    covers_attacks_by_members: bool | None
    paraphrase: str
    source: str


@dataclass(frozen=True)
class Scope:
    kind: str  # member_territory | regions
    regions: tuple[str, ...]
    paraphrase: str
    source: str


@dataclass(frozen=True)
class Treaty:
    id: str
    name: str
    organisation: str | None
    kind: str
    signed: str | None
    in_force: str | None
    atop_id: int | None
    source: str
    scope: Scope
    obligations: tuple[Obligation, ...]


@dataclass(frozen=True)
class Membership:
    treaty: str
    member: str
    layer: str  # legal | participation
    status: str
    start: str
    end: str | None
    source: str
    start_precision: str | None = None
    end_precision: str | None = None
    note: str | None = None

    def covers(self, date: str) -> bool:
        return day_floor(self.start) <= date and (self.end is None or date <= day_ceiling(self.end))


@dataclass(frozen=True)
class Control:
    by: str
    start: str
    end: str | None
    source: str


@dataclass(frozen=True)
class Territory:
    id: str
    name: str
    kind: str  # territory | border
    recognised_as: str | None
    claimed_by: tuple[str, ...]
    control: tuple[Control, ...]
    between: tuple[str, ...]
    delimited: Any
    source: str
    aliases: tuple[str, ...] = ()
    note: str | None = None

    def controller_on(self, date: str) -> str | None:
        for c in self.control:
            if day_floor(c.start) <= date and (c.end is None or date <= day_ceiling(c.end)):
                return c.by
        return None


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    state: str | None
    territory: str | None
    border: str | None
    regions: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Request:
    requester: str
    addressee: str
    date: str
    what: str
    source: str


@dataclass
class KnowledgeBase:
    treaties: dict[str, Treaty] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    territories: dict[str, Territory] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # lower-cased name or alias -> place
    requests: list[Request] = field(default_factory=list)
    # memberships grouped by (treaty, member, layer), sorted by start; rebuilt when memberships change
    _groups: dict[tuple[str, str, str], list[Membership]] = field(default_factory=dict, repr=False, compare=False)
    _grouped_count: int = field(default=-1, repr=False, compare=False)

    def _group(self, treaty: str, member: str, layer: str) -> list[Membership]:
        if self._grouped_count != len(self.memberships):
            groups: dict[tuple[str, str, str], list[Membership]] = defaultdict(list)
            for m in self.memberships:
                groups[(m.treaty, m.member, m.layer)].append(m)
            self._groups = {key: sorted(ms, key=lambda m: m.start) for key, ms in groups.items()}
            self._grouped_count = len(self.memberships)
        return self._groups.get((treaty, member, layer), [])

    def parties(self, treaty: str) -> set[str]:
        """Everyone ever a legal party to the treaty."""
        self._group(treaty, "", "legal")  # keeps the index current
        return {member for (t, member, layer) in self._groups if t == treaty and layer == "legal"}

    # --- queries --------------------------------------------------------------------------------

    def treaty(self, ref: str) -> Treaty | None:
        """A treaty by id ("csto"), organisation key ("CSTO") or ATOP id ("atop-4220")."""
        if ref in self.treaties:
            return self.treaties[ref]
        lowered = ref.lower()
        if lowered in self.treaties:
            return self.treaties[lowered]
        by_org = [t for t in self.treaties.values() if t.organisation and t.organisation.upper() == ref.upper()]
        return by_org[0] if by_org else None

    def intervals(self, treaty: str, member: str, layer: str) -> list[Membership]:
        return list(self._group(treaty, member, layer))

    def status_on(self, member: str, treaty: str, date: str) -> dict[str, Membership | None]:
        """The legal and participation intervals in force on ``date`` (None where none is)."""
        out: dict[str, Membership | None] = {}
        for layer in ("legal", "participation"):
            current = [m for m in self.intervals(treaty, member, layer) if m.covers(date)]
            out[layer] = current[-1] if current else None
        return out

    def is_member(self, member: str, treaty: str, date: str) -> bool:
        legal = self.status_on(member, treaty, date)["legal"]
        return legal is not None and legal.status == "member"

    def members_on(self, treaty: str, date: str) -> list[str]:
        return sorted(member for member in self.parties(treaty) if self.is_member(member, treaty, date))

    def treaties_of(self, member: str, date: str) -> list[Treaty]:
        return [t for t in self.treaties.values() if self.is_member(member, t.id, date)]

    def place(self, name: str) -> Place | None:
        return self.places.get(name.strip().lower())

    def requests_between(self, requester: str, addressee: str, start: str, end: str) -> list[Request]:
        return [r for r in self.requests if r.requester == requester and r.addressee == addressee
                and day_floor(start) <= day_ceiling(r.date) and day_floor(r.date) <= day_ceiling(end)]


# --- loading and validation --------------------------------------------------------------------

def kb_dirs(extra: Iterable[str | Path] = ()) -> list[Any]:
    dirs: list[Any] = [data_path("kb")]
    env = os.environ.get(ENV_DIRS)
    if env:
        dirs += [Path(p) for p in env.split(os.pathsep) if p]
    dirs += [Path(p) for p in extra]
    return dirs


def load(extra: Iterable[str | Path] = ()) -> KnowledgeBase:
    """The shipped base plus user directories (``PACTWATCH_KB``, then ``extra``), validated."""
    kb = KnowledgeBase()
    for directory in kb_dirs(extra):
        for stem in FILES:
            for path in _files(directory, stem):
                _load_file(kb, stem, path)
    validate(kb)
    return kb


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    return load()


def _files(directory: Any, stem: str) -> list[Any]:
    """``treaties.yaml`` and prefixed variants such as ``atop_treaties.yaml`` (the ATOP import)."""
    try:
        names = sorted(p.name for p in directory.iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [directory.joinpath(n) for n in names if n == f"{stem}.yaml" or n.endswith(f"_{stem}.yaml")]


class _Reader:
    """Field access that names the file, entry and field on any problem."""

    def __init__(self, path: Any, entry: dict[str, Any], label: str):
        self.path, self.entry, self.label = str(path), entry, label

    def fail(self, field_name: str, message: str) -> DataFileError:
        return DataFileError(self.path, message, entry=self.label, field=field_name)

    def get(self, name: str, default: Any = None) -> Any:
        return self.entry.get(name, default)

    def text(self, name: str, required: bool = True) -> str | None:
        value = self.entry.get(name)
        if value is None or str(value).strip() == "":
            if required:
                raise self.fail(name, "missing required field")
            return None
        return str(value)

    def source(self, name: str = "source") -> str:
        value = self.text(name)
        if not str(value).startswith(("http://", "https://", "ATOP")):
            raise self.fail(name, "a source must be a URL")
        return str(value)

    def date(self, name: str, required: bool = True) -> str | None:
        value = self.text(name, required)
        if value is not None and PartialDate.parse_or_none(value) is None:
            raise self.fail(name, f"must be a date YYYY, YYYY-MM or YYYY-MM-DD (quoted), not {value!r}")
        return value

    def choice(self, name: str, allowed: set[str]) -> str:
        value = self.text(name)
        if value not in allowed:
            raise self.fail(name, f"must be one of {', '.join(sorted(allowed))}")
        return str(value)

    def keys(self, name: str) -> tuple[str, ...] | str:
        value = self.entry.get(name, "all_members")
        if value == "all_members":
            return "all_members"
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(name, "must be all_members or a list of actor keys")
        return tuple(value)

    def strings(self, name: str) -> tuple[str, ...]:
        value = self.entry.get(name) or []
        if not isinstance(value, list):
            raise self.fail(name, "must be a list")
        return tuple(str(v) for v in value)


def _load_file(kb: KnowledgeBase, stem: str, path: Any) -> None:
    for i, entry in enumerate(read_yaml_list(path), start=1):
        label = str(entry.get("id") or entry.get("name") or
                    "/".join(str(entry.get(k)) for k in ("treaty", "member", "layer", "start") if entry.get(k)) or f"#{i}")
        r = _Reader(path, entry, label)
        if stem == "treaties":
            treaty = _treaty(r)
            kb.treaties[treaty.id] = treaty
        elif stem == "memberships":
            kb.memberships.append(_membership(r))
        elif stem == "territories":
            territory = _territory(r)
            kb.territories[territory.id] = territory
        elif stem == "places":
            place = _place(r)
            for name in (place.name, *place.aliases):
                kb.places[name.lower()] = place
        else:
            kb.requests.append(Request(str(r.text("requester")), str(r.text("addressee")), str(r.date("date")),
                                       r.text("what", required=False) or "", r.source()))


def _treaty(r: _Reader) -> Treaty:
    treaty_id = str(r.text("id"))
    scope_entry = r.get("scope") or {}
    if not isinstance(scope_entry, dict):
        raise r.fail("scope", "must be a mapping")
    scope_reader = _Reader(r.path, scope_entry, f"{treaty_id} scope")
    scope = Scope(scope_reader.choice("kind", {"member_territory", "regions"}), scope_reader.strings("regions"),
                  scope_reader.text("paraphrase", required=False) or "",
                  scope_reader.source() if scope_entry.get("source") else r.source())
    obligations = []
    for j, entry in enumerate(r.get("obligations") or [], start=1):
        o = _Reader(r.path, entry if isinstance(entry, dict) else {}, f"{treaty_id} obligation {entry.get('id', j) if isinstance(entry, dict) else j}")
        adversary = entry.get("adversary_specific") if isinstance(entry, dict) else None
        obligations.append(Obligation(
            id=str(o.text("id")), treaty=treaty_id, article=o.text("article", required=False) or "",
            kind=o.choice("kind", OBLIGATION_KINDS), binds=o.keys("binds"), protects=o.keys("protects"),
            location_specific=o.get("location_specific"),
            adversary_specific=tuple(adversary) if isinstance(adversary, list) else adversary,
            request_required=o.get("request_required"), covers_attacks_by_members=o.get("covers_attacks_by_members"),
            paraphrase=o.text("paraphrase", required=False) or "", source=o.source(),
        ))
    atop = r.get("atop_id")
    return Treaty(treaty_id, str(r.text("name")), r.text("organisation", required=False),
                  r.choice("kind", {"multilateral", "bilateral"}), r.date("signed", required=False),
                  r.date("in_force", required=False), int(atop) if atop not in (None, "") else None,
                  r.source(), scope, tuple(obligations))


def _membership(r: _Reader) -> Membership:
    layer = r.choice("layer", {"legal", "participation"})
    status = r.choice("status", LEGAL_STATUSES if layer == "legal" else PARTICIPATION_STATUSES)
    return Membership(str(r.text("treaty")), str(r.text("member")), layer, status, str(r.date("start")),
                      r.date("end", required=False), r.source(), r.text("start_precision", required=False),
                      r.text("end_precision", required=False), r.text("note", required=False))


def _territory(r: _Reader) -> Territory:
    control = []
    for j, entry in enumerate(r.get("control") or [], start=1):
        c = _Reader(r.path, entry if isinstance(entry, dict) else {}, f"{r.label} control {j}")
        control.append(Control(str(c.text("by")), str(c.date("start")), c.date("end", required=False), c.source()))
    return Territory(str(r.text("id")), str(r.text("name")), r.choice("kind", {"territory", "border"}),
                     r.text("recognised_as", required=False), r.strings("claimed_by"), tuple(control),
                     r.strings("between"), r.get("delimited"), r.source(), r.strings("aliases"),
                     r.text("note", required=False))


def _place(r: _Reader) -> Place:
    return Place(str(r.text("name")), r.strings("aliases"), r.text("state", required=False),
                 r.text("territory", required=False), r.text("border", required=False), r.strings("regions"),
                 r.source())


def validate(kb: KnowledgeBase) -> None:
    """Cross-file checks: references resolve, intervals are ordered and do not overlap."""
    for m in kb.memberships:
        label = f"{m.treaty}/{m.member}/{m.layer}/{m.start}"
        if m.treaty not in kb.treaties:
            raise DataFileError("memberships.yaml", f"unknown treaty {m.treaty!r}", entry=label, field="treaty")
        if m.end is not None and day_ceiling(m.end) < day_floor(m.start):
            raise DataFileError("memberships.yaml", "ends before it starts", entry=label, field="end")
    groups: dict[tuple[str, str, str], list[Membership]] = defaultdict(list)
    for m in kb.memberships:
        groups[(m.treaty, m.member, m.layer)].append(m)
    for (treaty, member, layer), intervals in groups.items():
        intervals.sort(key=lambda m: day_floor(m.start))
        for earlier, later in zip(intervals, intervals[1:]):
            # touching is fine (one ends the day the next starts, or both name the same month);
            # starting before the earlier one has ended is not
            if earlier.end is None or day_floor(later.start) < day_floor(earlier.end):
                raise DataFileError("memberships.yaml", f"overlaps the interval from {earlier.start}"
                                    f" to {earlier.end or 'now'}", entry=f"{treaty}/{member}/{layer}/{later.start}",
                                    field="start")
    for place in set(kb.places.values()):
        for name, ref in (("territory", place.territory), ("border", place.border)):
            if ref is not None and ref not in kb.territories:
                raise DataFileError("places.yaml", f"unknown territory {ref!r}", entry=place.name, field=name)
