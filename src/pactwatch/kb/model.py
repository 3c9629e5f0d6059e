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
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any


from ..errors import DataFileError
from ..partial_date import PartialDate
from ..resources import data_path, read_yaml_list

FILES = ("treaties", "memberships", "territories", "places", "requests", "states", "suspensions")
# ATOP's kinds, and "assurance": an undertaking short of defence (the Budapest Memorandum's pledge to
# seek Security Council action), answered as owing the victim no help of its own (see reasoning)
OBLIGATION_KINDS = {"defence", "consultation", "neutrality", "non_aggression", "offence", "assurance"}
REQUEST_KINDS = {"request", "decision"}  # a state asks; an alliance's organ decides to act
OUTCOMES = {"honoured", "partly honoured", "not honoured", "pending", "unknown"}
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


def in_period(date: str, start: str | None, end: str | None) -> bool:
    """Whether the day ``date`` (YYYY-MM-DD) falls between two partial dates, either open: a month
    or year bound covers all its days."""
    return (start is None or day_floor(start) <= date) and (end is None or date <= day_ceiling(end))


def overlaps(date: str, start: str, end: str) -> bool:
    """Whether a partial date (at its own precision, "2022-09") meets the window [start, end]."""
    return day_floor(start) <= day_ceiling(date) and day_floor(date) <= day_ceiling(end)


@dataclass(frozen=True)
class Dated:
    """A fact that holds from ``start`` to ``end`` (None: open), with its source: a place's region
    tag (the Senkakus are Japan-administered from 1972-05-15), a border's delimitation."""
    value: Any
    start: str | None
    end: str | None
    source: str

    def covers(self, date: str) -> bool:
        return in_period(date, self.start, self.end)


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
    # when this wording binds, where it differs from the treaty's (an article rewritten by a
    # protocol is two obligations with the same article, one per period); None: as the treaty
    in_force: str | None = None
    until: str | None = None


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
    terminated: str | None = None  # the day it stopped binding anyone

    def binds_on(self, date: str) -> bool | None:
        """In force on the day: None when the entry into force is not recorded."""
        if self.in_force is None:
            return None
        return in_period(date, self.in_force, self.terminated)


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
    signed: str | None = None  # a legal membership starts when it binds; the signature is kept as a fact

    def covers(self, date: str) -> bool:
        return in_period(date, self.start, self.end)


@dataclass(frozen=True)
class Control:
    by: str
    start: str
    end: str | None
    source: str


@dataclass(frozen=True)
class Claim:
    """A recorded claim on an area or a border point: ``by`` holds it to be ``holder``'s territory
    (its own, unless it recognises another entity there: Russia's recognition of South Ossetia),
    from ``start`` to ``end``, with the source. Used for the attacker's reading of the zone."""
    by: str
    holder: str
    start: str | None
    end: str | None
    source: str
    what: str | None = None  # in a few words: "annexed as a federal subject", "part of the Kalayaan Island Group"

    def covers(self, date: str) -> bool:
        return in_period(date, self.start, self.end)


@dataclass(frozen=True)
class ForcesClause:
    """A treaty clause recorded to cover a party's armed forces, public vessels or aircraft at a
    place (NATO Art. 6(2) over the Mediterranean; US-Philippines MDT Art. IV-V in the South China
    Sea, as the US said in 2019 and 2023), from ``start`` to ``end``, with the source."""
    treaty: str
    article: str
    start: str | None
    end: str | None
    source: str
    what: str | None = None
    covered: bool | None = True  # null: the period when the party had not said whether the clause reaches here

    def covers(self, date: str) -> bool:
        return in_period(date, self.start, self.end)


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
    claims: tuple[Claim, ...] = ()  # sourced, dated claims (claimed_by lists the claimants without dates)
    geonames_admin1: tuple[str, ...] = ()  # GeoNames admin1 codes ("UA.05"): gazetteer cities there lie in it

    def controller_on(self, date: str) -> str | None:
        for c in self.control:
            if in_period(date, c.start, c.end):
                return c.by
        return None

    def delimited_on(self, date: str) -> Any:
        """A border's delimitation on the day: true, false or partial; dated values
        (``delimited: [{value: partial, start: "2024-05-24", source: ...}]``) hold from their start."""
        if isinstance(self.delimited, tuple):
            current = [d.value for d in self.delimited if d.covers(date)]
            return current[-1] if current else False
        return self.delimited


@dataclass(frozen=True)
class Place:
    name: str
    aliases: tuple[str, ...]
    state: str | None
    territory: str | None
    border: str | None
    regions: tuple[str, ...]  # tags that hold at every date
    source: str
    dated_regions: tuple[Dated, ...] = ()  # tags that hold for a period
    kind: str = "place"  # see PLACE_KINDS; vessel, base and forces are forces of ``forces_of``
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    at: str | None = None  # a vessel or base: the place it lies at (BRP Sierra Madre at Second Thomas Shoal)
    forces_of: str | None = None  # a vessel or base: whose forces they are
    forces_clauses: tuple[ForcesClause, ...] = ()  # clauses recorded to cover forces here
    claims: tuple[Claim, ...] = ()  # claims on this very point (a border village the neighbour claims)
    note: str | None = None
    gazetteer: bool = False  # found in the gazetteer, not curated
    # an area whose forces clauses hold at every place carrying this region tag (the Pacific area:
    # MDT and ANZUS Art. V cover the parties' forces, vessels and aircraft in the Pacific)
    forces_tag: str | None = None

    def regions_on(self, date: str) -> tuple[str, ...]:
        return self.regions + tuple(d.value for d in self.dated_regions if d.covers(date))


PLACE_KINDS = {"place", "city", "region", "enclave", "exclave", "outermost_region", "island", "maritime_feature",
               "sea_area", "disputed_area", "border_point", "base", "vessel", "forces"}
FORCES_KINDS = {"base", "vessel", "forces"}


@dataclass(frozen=True)
class StateTerritory:
    """A state's own territory as the treaty scopes see it: the region tags of its metropolitan
    territory, used when an attack is given without a place."""
    state: str
    name: str
    regions: tuple[str, ...]
    source: str
    note: str | None = None
    part_of: str | None = None  # a GeoNames country that is part of a state (GUF, French Guiana: FRA)
    parts: tuple["StatePart", ...] = ()  # parts the treaties see differently (Hawaii), for the gazetteer


@dataclass(frozen=True)
class StatePart:
    """A first-level division of a state (GeoNames admin1 code) whose region tags differ from the
    metropolitan territory's: the gazetteer places a city there with these tags."""
    admin1: str
    name: str
    regions: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Request:
    """A request for help or consultation under a treaty, or an alliance's decision to act on one
    (``kind: decision``), with the article it invokes and what followed."""
    requester: str
    addressee: str
    date: str
    what: str
    source: str
    treaty: str | None = None
    article: str | None = None  # None: the article is not known (requests found in the news)
    beneficiary: str | None = None  # for whom, where not the requester (NATO's decision for the USA)
    kind: str = "request"
    outcome: str | None = None
    outcome_source: str | None = None

    @property
    def on_behalf_of(self) -> str:
        return self.beneficiary or self.requester


@dataclass(frozen=True)
class Suspension:
    """One party's obligations suspended towards another (the USA's towards New Zealand under ANZUS
    from 1986-08-11): who suspends, towards whom, which obligations (None: all), when, why."""
    treaty: str
    party: str
    towards: tuple[str, ...]
    obligations: tuple[str, ...] | None
    start: str
    end: str | None
    source: str
    reason: str | None = None  # why, in a few words, for the verdict
    note: str | None = None

    def applies(self, party: str, towards: str, obligation: str, date: str) -> bool:
        return (party == self.party and towards in self.towards and in_period(date, self.start, self.end)
                and (self.obligations is None or obligation in self.obligations))


@dataclass
class KnowledgeBase:
    treaties: dict[str, Treaty] = field(default_factory=dict)
    memberships: list[Membership] = field(default_factory=list)
    territories: dict[str, Territory] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)  # lower-cased name or alias -> place
    requests: list[Request] = field(default_factory=list)
    states: dict[str, StateTerritory] = field(default_factory=dict)
    suspensions: list[Suspension] = field(default_factory=list)
    _gazetteer_places: dict[str, Place | None] = field(default_factory=dict, repr=False, compare=False)
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
        """The place a name means: a curated one (places.yaml and overlays, by name or alias, case
        and accents ignored) wins; else the gazetteer's city (``gazetteer.find``, which raises
        ``AmbiguousPlace`` for a name found in several countries); None when neither knows it."""
        from . import gazetteer

        curated = self.places.get(name.strip().lower()) or self.places.get(gazetteer.normalise(name))
        if curated is not None:
            return curated
        found = self._gazetteer_places.get(name)
        if found is None and name not in self._gazetteer_places:
            found = self._gazetteer_places[name] = gazetteer.find(self, name)
        return found

    def tag_forces_clauses(self, tags: Iterable[str]) -> list[tuple[Place, ForcesClause]]:
        """Forces clauses of the areas (places with ``forces_tag``) whose tag is among ``tags``."""
        wanted = set(tags)
        return [(p, c) for p in self.curated_places() if p.forces_tag in wanted for c in p.forces_clauses]

    def curated_places(self) -> list[Place]:
        return sorted(set(self.places.values()), key=lambda p: p.name.lower())

    def requests_between(self, requester: str, addressee: str, start: str, end: str) -> list[Request]:
        return [r for r in self.requests if r.requester == requester and r.addressee == addressee
                and overlaps(r.date, start, end)]

    def obligation(self, obligation_id: str) -> Obligation | None:
        for treaty in self.treaties.values():
            for o in treaty.obligations:
                if o.id == obligation_id:
                    return o
        return None


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
    for index, directory in enumerate(kb_dirs(extra)):
        for stem in FILES:
            for path in _files(directory, stem):
                if stem == "memberships" and index > 0:
                    overlay = KnowledgeBase()
                    _load_file(overlay, stem, path)
                    check_overlaps(overlay.memberships, str(path))
                    kb.memberships = supersede_all(kb.memberships, overlay.memberships)
                else:
                    _load_file(kb, stem, path)
    validate(kb)
    return kb


def supersede_all(memberships: list[Membership], records: list[Membership]) -> list[Membership]:
    """``memberships`` with every record of one overlay file winning over its period (``supersede``);
    only the intervals of the keys the overlay names are touched, so an overlay of thousands of new
    records (the ATOP import) costs no more than adding them."""
    def key(m: Membership) -> tuple[str, str, str]:
        return (m.treaty, m.member, m.layer)

    touched = {key(r) for r in records}
    by_key: dict[tuple[str, str, str], list[Membership]] = defaultdict(list)
    untouched: list[Membership] = []
    for m in memberships:
        (by_key[key(m)] if key(m) in touched else untouched).append(m)
    for record in records:
        by_key[key(record)] = supersede(by_key[key(record)], record)
    return untouched + [m for group in by_key.values() for m in group]


def supersede(memberships: list[Membership], record: Membership) -> list[Membership]:
    """``memberships`` with ``record`` winning over its own period: an overlay (a user's directory)
    corrects or updates the base without editing it. Intervals of the same (treaty, member, layer)
    are cut to end the day before the record starts and to resume the day after it ends (an open
    record wins from its start on); the record's own source stays with it. Keyed records (treaties,
    territories, places, states by id or name) are simply replaced by a later directory's."""
    import datetime as dt

    from ..partial_date import shift_days

    start = dt.date.fromisoformat(day_floor(record.start))
    end = dt.date.fromisoformat(day_ceiling(record.end)) if record.end else None
    day_before, day_after = shift_days(start, -1), (shift_days(end, 1) if end else None)
    kept: list[Membership] = []
    for m in memberships:
        if (m.treaty, m.member, m.layer) != (record.treaty, record.member, record.layer):
            kept.append(m)
            continue
        m_start, m_end = day_floor(m.start), (day_ceiling(m.end) if m.end else None)
        if day_before is not None and m_start <= day_before.isoformat():  # the part before the record
            cut_end = m.end if m_end is not None and m_end <= day_before.isoformat() else day_before.isoformat()
            kept.append(replace(m, end=cut_end, end_precision="day" if cut_end != m.end else m.end_precision))
        if day_after is not None and (m_end is None or m_end >= day_after.isoformat()):  # the part after it
            cut_start = m.start if m_start >= day_after.isoformat() else day_after.isoformat()
            kept.append(replace(m, start=cut_start,
                                start_precision="day" if cut_start != m.start else m.start_precision))
    kept.append(record)
    return kept


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
            from .gazetteer import normalise

            place = _place(r)
            for name in (place.name, *place.aliases):
                kb.places[name.lower()] = place
                kb.places[normalise(name)] = place
        elif stem == "states":
            state = _state(r)
            kb.states[state.state] = state
        elif stem == "suspensions":
            kb.suspensions.append(_suspension(r))
        else:
            kb.requests.append(_request(r))


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
            in_force=o.date("in_force", required=False), until=o.date("until", required=False),
        ))
    atop = r.get("atop_id")
    return Treaty(treaty_id, str(r.text("name")), r.text("organisation", required=False),
                  r.choice("kind", {"multilateral", "bilateral"}), r.date("signed", required=False),
                  r.date("in_force", required=False), int(atop) if atop not in (None, "") else None,
                  r.source(), scope, tuple(obligations), r.date("terminated", required=False))


def _membership(r: _Reader) -> Membership:
    layer = r.choice("layer", {"legal", "participation"})
    status = r.choice("status", LEGAL_STATUSES if layer == "legal" else PARTICIPATION_STATUSES)
    return Membership(str(r.text("treaty")), str(r.text("member")), layer, status, str(r.date("start")),
                      r.date("end", required=False), r.source(), r.text("start_precision", required=False),
                      r.text("end_precision", required=False), r.text("note", required=False),
                      r.date("signed", required=False))


def _territory(r: _Reader) -> Territory:
    control = []
    for j, entry in enumerate(r.get("control") or [], start=1):
        c = _Reader(r.path, entry if isinstance(entry, dict) else {}, f"{r.label} control {j}")
        control.append(Control(str(c.text("by")), str(c.date("start")), c.date("end", required=False), c.source()))
    return Territory(str(r.text("id")), str(r.text("name")), r.choice("kind", {"territory", "border"}),
                     r.text("recognised_as", required=False), r.strings("claimed_by"), tuple(control),
                     r.strings("between"),
                     _dated(r, "delimited", "value") if isinstance(r.get("delimited"), list) else r.get("delimited"),
                     r.source(), r.strings("aliases"),
                     r.text("note", required=False), _claims(r), _admin1_codes(r))


def _dated(r: _Reader, name: str, value_key: str) -> tuple[Dated, ...]:
    """Dated values of a field: ``[{value_key: ..., start: ..., end: ..., source: ...}]``."""
    out = []
    for k, item in enumerate(r.get(name) or [], start=1):
        d = _Reader(r.path, item if isinstance(item, dict) else {}, f"{r.label} {name} #{k}")
        if value_key not in d.entry:
            raise d.fail(value_key, "missing required field")
        out.append(Dated(d.entry[value_key], d.date("start", required=False), d.date("end", required=False), d.source()))
    return tuple(out)


def _place(r: _Reader) -> Place:
    tags = r.get("regions") or []
    if not isinstance(tags, list):
        raise r.fail("regions", "must be a list")
    plain = tuple(str(t) for t in tags if not isinstance(t, dict))
    dated = _dated(_Reader(r.path, {"regions": [t for t in tags if isinstance(t, dict)]}, r.label), "regions", "tag")
    kind = r.choice("kind", PLACE_KINDS) if r.get("kind") is not None else "place"
    latitude, longitude = _coordinates(r)
    forces_of = r.text("forces_of", required=False)
    if kind in FORCES_KINDS and forces_of is None:
        raise r.fail("forces_of", f"a place of kind {kind} must say whose forces they are")
    clauses = []
    for k, item in enumerate(r.get("forces_clauses") or [], start=1):
        c = _Reader(r.path, item if isinstance(item, dict) else {}, f"{r.label} forces_clauses #{k}")
        clauses.append(ForcesClause(str(c.text("treaty")), str(c.text("article")), c.date("start", required=False),
                                    c.date("end", required=False), c.source(), c.text("what", required=False),
                                    c.get("covered", True)))
        if clauses[-1].covered not in (True, None):
            raise c.fail("covered", "must be true or null (a clause that does not cover a place is not recorded)")
    geonames = r.get("geonames_id")
    return Place(str(r.text("name")), r.strings("aliases"), r.text("state", required=False),
                 r.text("territory", required=False), r.text("border", required=False), plain,
                 r.source(), dated, kind, latitude, longitude, int(geonames) if geonames not in (None, "") else None,
                 r.text("at", required=False), forces_of, tuple(clauses), _claims(r),
                 r.text("note", required=False), forces_tag=_forces_tag(r, plain))


def _forces_tag(r: _Reader, tags: tuple[str, ...]) -> str | None:
    tag = r.text("forces_tag", required=False)
    if tag is not None and tag not in tags:
        raise r.fail("forces_tag", f"must be one of the place's own region tags ({', '.join(tags) or 'none'})")
    if tag is not None and not r.get("forces_clauses"):
        raise r.fail("forces_tag", "an area with a forces_tag needs forces_clauses")
    return tag


def _coordinates(r: _Reader) -> tuple[float | None, float | None]:
    values = []
    for name, limit in (("lat", 90), ("lon", 180)):
        value = r.get(name)
        if value is None:
            values.append(None)
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not -limit <= value <= limit:
            raise r.fail(name, f"must be a number from -{limit} to {limit} (decimal degrees)")
        values.append(float(value))
    if (values[0] is None) != (values[1] is None):
        raise r.fail("lat" if values[0] is None else "lon", "give both lat and lon, or neither")
    return values[0], values[1]


def _admin1_codes(r: _Reader) -> tuple[str, ...]:
    codes = r.strings("geonames_admin1")
    for code in codes:
        country, _, division = code.partition(".")
        if len(country) != 2 or not country.isupper() or not division:
            raise r.fail("geonames_admin1", f"a GeoNames admin1 code is 'CC.code' (UA.05), not {code!r}")
    return codes


def _claims(r: _Reader) -> tuple[Claim, ...]:
    out = []
    for k, item in enumerate(r.get("claims") or [], start=1):
        c = _Reader(r.path, item if isinstance(item, dict) else {}, f"{r.label} claims #{k}")
        by = str(c.text("by"))
        out.append(Claim(by, c.text("holder", required=False) or by, c.date("start", required=False),
                         c.date("end", required=False), c.source(), c.text("what", required=False)))
    return tuple(out)


def _state(r: _Reader) -> StateTerritory:
    parts = []
    for k, item in enumerate(r.get("parts") or [], start=1):
        p = _Reader(r.path, item if isinstance(item, dict) else {}, f"{r.label} parts #{k}")
        parts.append(StatePart(str(p.text("admin1")), str(p.text("name")), p.strings("regions"), p.source()))
    return StateTerritory(str(r.text("state")), str(r.text("name")), r.strings("regions"), r.source(),
                          r.text("note", required=False), r.text("part_of", required=False), tuple(parts))


def _request(r: _Reader) -> Request:
    outcome = r.text("outcome", required=False)
    if outcome is not None and outcome not in OUTCOMES:
        raise r.fail("outcome", f"must be one of {', '.join(sorted(OUTCOMES))}")
    kind = r.text("kind", required=False) or "request"
    if kind not in REQUEST_KINDS:
        raise r.fail("kind", f"must be one of {', '.join(sorted(REQUEST_KINDS))}")
    return Request(str(r.text("requester")), str(r.text("addressee")), str(r.date("date")),
                   r.text("what", required=False) or "", r.source(), r.text("treaty", required=False),
                   r.text("article", required=False), r.text("beneficiary", required=False), kind, outcome,
                   r.source("outcome_source") if r.get("outcome_source") else None)


def _suspension(r: _Reader) -> Suspension:
    towards = r.get("towards")
    if not isinstance(towards, list) or not towards:
        raise r.fail("towards", "must be a list of actor keys")
    obligations = r.get("obligations", "all")
    if obligations != "all" and not isinstance(obligations, list):
        raise r.fail("obligations", "must be all or a list of obligation ids")
    return Suspension(str(r.text("treaty")), str(r.text("party")), tuple(str(t) for t in towards),
                      None if obligations == "all" else tuple(str(o) for o in obligations),
                      str(r.date("start")), r.date("end", required=False), r.source(), r.text("reason", required=False),
                      r.text("note", required=False))


def check_overlaps(memberships: list[Membership], path: str) -> None:
    """Intervals of one (treaty, member, layer) must not overlap within one directory's records (an
    overlay's records supersede the base's, see ``supersede``, but not each other)."""
    groups: dict[tuple[str, str, str], list[Membership]] = defaultdict(list)
    for m in memberships:
        groups[(m.treaty, m.member, m.layer)].append(m)
    for (treaty, member, layer), intervals in groups.items():
        intervals.sort(key=lambda m: day_floor(m.start))
        for earlier, later in zip(intervals, intervals[1:]):
            # touching is fine (one ends the day the next starts, or both name the same month);
            # starting before the earlier one has ended is not
            if earlier.end is None or day_floor(later.start) < day_floor(earlier.end):
                raise DataFileError(path, f"overlaps the interval from {earlier.start}"
                                    f" to {earlier.end or 'now'}", entry=f"{treaty}/{member}/{layer}/{later.start}",
                                    field="start")


def validate(kb: KnowledgeBase) -> None:
    """Cross-file checks: references resolve, intervals are ordered and do not overlap."""
    for m in kb.memberships:
        label = f"{m.treaty}/{m.member}/{m.layer}/{m.start}"
        if m.treaty not in kb.treaties:
            raise DataFileError("memberships.yaml", f"unknown treaty {m.treaty!r}", entry=label, field="treaty")
        if m.end is not None and day_ceiling(m.end) < day_floor(m.start):
            raise DataFileError("memberships.yaml", "ends before it starts", entry=label, field="end")
    check_overlaps(kb.memberships, "memberships.yaml")
    for request in kb.requests:
        label = f"{request.requester}/{request.addressee}/{request.date}"
        if request.treaty is None:
            continue
        treaty = kb.treaties.get(request.treaty)
        if treaty is None:
            raise DataFileError("requests.yaml", f"unknown treaty {request.treaty!r}", entry=label, field="treaty")
        if request.article is not None and request.article not in {o.article for o in treaty.obligations}:
            raise DataFileError("requests.yaml", f"{treaty.id} has no obligation with article {request.article!r} "
                                f"(it has {', '.join(sorted({o.article for o in treaty.obligations}))})",
                                entry=label, field="article")
    for s in kb.suspensions:
        label = f"{s.treaty}/{s.party}/{s.start}"
        if s.treaty not in kb.treaties:
            raise DataFileError("suspensions.yaml", f"unknown treaty {s.treaty!r}", entry=label, field="treaty")
        known = {o.id for o in kb.treaties[s.treaty].obligations}
        for o in s.obligations or ():
            if o not in known:
                raise DataFileError("suspensions.yaml", f"unknown obligation {o!r} of {s.treaty}", entry=label,
                                    field="obligations")
    for place in set(kb.places.values()):
        for name, ref in (("territory", place.territory), ("border", place.border)):
            if ref is not None and ref not in kb.territories:
                raise DataFileError("places.yaml", f"unknown territory {ref!r}", entry=place.name, field=name)
        for clause in place.forces_clauses:
            treaty = kb.treaties.get(clause.treaty)
            if treaty is None:
                raise DataFileError("places.yaml", f"unknown treaty {clause.treaty!r}", entry=place.name,
                                    field="forces_clauses")
            if clause.article not in {o.article for o in treaty.obligations}:
                raise DataFileError("places.yaml", f"{treaty.id} has no obligation with article {clause.article!r}",
                                    entry=place.name, field="forces_clauses")
        if place.at is not None and (place.at.lower() not in kb.places or kb.places[place.at.lower()].at is not None):
            raise DataFileError("places.yaml", f"'at' must name another place of places.yaml, not {place.at!r}",
                                entry=place.name, field="at")
    for state in kb.states.values():
        if state.part_of is not None and state.part_of not in kb.states:
            raise DataFileError("states.yaml", f"part_of names {state.part_of!r}, which has no entry",
                                entry=state.state, field="part_of")
