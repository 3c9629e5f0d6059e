"""Import the ATOP alliance data a user has downloaded into knowledge-base YAML (docs/kb.md).

ATOP (Alliance Treaty Obligations and Provisions, http://www.atopdata.org) is not shipped with
pactwatch: its redistribution terms are unconfirmed, so the user downloads the member-level and
alliance-level CSV files and ``pactwatch kb import-atop`` turns them into two YAML files in a
directory of their choosing, which the loader then reads like the curated base:

* ``atop_treaties.yaml``: one treaty per ATOP alliance, id ``atop-<atopid>``, with one obligation
  per kind ATOP codes (defence, offence, neutrality, non-aggression, consultation);
* ``atop_memberships.yaml``: legal-layer membership intervals per member and alliance.

How ATOP's coding maps onto the schema, and why:

* Dates. ATOP gives year, month and day columns; a month or day of 0 or an empty cell means ATOP
  does not know it, so the date is written at year or month precision instead of inventing a day.
  An exit year of 0 means the membership was still in force when the data end: ``end: null``.
  ``end`` is ATOP's exit date as coded, not shifted by a day.
* Members. ATOP identifies states by Correlates of War (COW) code; ``data/kb/cow_states.csv`` maps
  them to ISO 3166-1 alpha-3, the actor keys. A state with no ISO code (Bavaria, the GDR,
  Czechoslovakia, ...) or a code missing from the COW list gets the key ``COW<code>``, so nothing is
  dropped and the summary lists them. COW codes that map to the same key (260 German Federal
  Republic and 255 Germany both map to DEU) are treated as one member.
* Intervals. ATOP splits a membership into phases when the treaty text changes; the legal layer
  only cares whether a state was bound, so touching or overlapping intervals of one member in one
  alliance are merged. That also keeps the kb.md rule that intervals of one (treaty, member, layer)
  never overlap. A real gap (Uzbekistan leaving the Collective Security Treaty in 1999 and
  returning in 2006) stays two intervals.
* Obligations. Which kinds exist comes from the alliance-level flags; who is bound comes from the
  member-level file, since ATOP codes obligations per member: ``binds`` is ``all_members`` when
  every member carries the obligation, otherwise the list of those that do. ATOP does not code
  whom an obligation protects, except that in a bilateral treaty with one bound party the other
  party is the one protected. Conditions come from the member-level condition variables
  (``defcoloc``, ``defcoadv``, ...): ``location_specific`` from ``*coloc``, ``adversary_specific``
  from ``*coadv`` (a boolean, because ATOP does not name the adversaries), ``request_required``
  from ``concoreq`` for consultation only (ATOP codes the request condition for consultation
  alone). Where members or phases are coded differently the field is null with a note. ATOP does not
  code whether an attack by a fellow member engages the obligation: ``covers_attacks_by_members``
  is null.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataFileError, InputError
from ..output import atomic_output
from ..resources import data_path

ATOP_URL = "http://www.atopdata.org"
TREATIES_FILE = "atop_treaties.yaml"
MEMBERSHIPS_FILE = "atop_memberships.yaml"

# ATOP's obligation flag -> (our obligation kind, prefix of its condition variables).
OBLIGATIONS: dict[str, tuple[str, str | None]] = {
    "defense": ("defence", "def"),
    "offense": ("offence", "off"),
    "neutral": ("neutrality", "neu"),
    "nonagg": ("non_aggression", None),  # ATOP codes no conditions on non-aggression
    "consul": ("consultation", "con"),
}
# The condition variables of the ATOP codebook, per obligation, with the words our paraphrase uses.
CONDITIONS: dict[str, str] = {
    "defcoadv": "adversary-specific", "defcoloc": "location-specific",
    "defcocon": "limited to a specific conflict", "defconum": "dependent on the number of adversaries",
    "defcodem": "dependent on non-compliance with demands", "defconpr": "dependent on non-provocation",
    "offcoadv": "adversary-specific", "offcoloc": "location-specific",
    "offcocon": "limited to a specific conflict", "offconum": "dependent on the number of adversaries",
    "offcodem": "dependent on non-compliance with demands",
    "neucoadv": "adversary-specific", "neucoloc": "location-specific",
    "neucocon": "limited to a specific conflict", "neuconum": "dependent on the number of adversaries",
    "neucodem": "dependent on non-compliance with demands", "neuconpr": "dependent on non-provocation",
    "neucoatt": "dependent on the partner being attacked",
    "concoadv": "adversary-specific", "concoloc": "location-specific",
    "concocon": "limited to a specific conflict", "concoreq": "only on request",
}
# ATOP's general flags (defcon, offcon, neucon, concon) are not read: in v4.01 each is 1 exactly when
# one of the specific variables above is, so they add nothing.

MEMBER_COLUMNS = ("atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit", "phase",
                  "bilat", *OBLIGATIONS, *CONDITIONS)
ALLIANCE_COLUMNS = ("atopid", "begyr", "begmo", "begday", "bilat", *OBLIGATIONS, "mem1")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or only the year, as ATOP codes it."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def value(self) -> str:
        """YYYY-MM-DD, YYYY-MM or YYYY: the kb.md date forms."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def precision(self) -> str:
        return "year" if self.month is None else "month" if self.day is None else "day"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True)
class _AtopRow:
    """What both ATOP files say of a row: where it is, which alliance, and its obligation flags."""

    line: int
    atopid: int
    bilat: bool
    defense: bool
    offense: bool
    neutral: bool
    nonagg: bool
    consul: bool
    version: str | None


@dataclass(frozen=True)
class MemberRow(_AtopRow):
    """One row of the member-level file: one member of one alliance in one phase."""

    member: int  # COW state code
    start: PartialDate
    end: PartialDate | None  # None: still in force when the data end
    phase: int  # 0 when the alliance has a single phase
    conditions: frozenset[str]  # the CONDITIONS variables coded 1 for this member and phase


@dataclass(frozen=True)
class AllianceRow(_AtopRow):
    """One row of the alliance-level file: one alliance over all its phases."""

    signed: PartialDate
    members: tuple[int, ...]  # COW codes from mem1..memN


@dataclass(frozen=True)
class CowState:
    code: int
    abbrev: str
    name: str
    iso3: str | None


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote, for the CLI to report."""

    version: str
    alliances: int
    members: int  # distinct member states (COW codes) across all alliances
    intervals: int  # membership intervals written
    unmapped: tuple[int, ...]  # COW codes written as COW<code> for want of an ISO code
    files: tuple[Path, Path]


def detect_kind(path: str | Path) -> str:
    """``"member"`` or ``"alliance"``, from the header, so files can be given in any order."""
    header = _header(Path(path))
    if "member" in header:
        return "member"
    if "mem1" in header:
        return "alliance"
    raise InputError(str(path), "not an ATOP file: the header has neither 'member' (member-level) "
                                "nor 'mem1' (alliance-level)", line=1)


def read_member_level(path: str | Path) -> list[MemberRow]:
    """The rows of an ATOP member-level CSV file, streamed; a bad row raises InputError."""
    rows = []
    for line, raw in _records(Path(path), MEMBER_COLUMNS):
        cell = _Cells(path, line, raw)
        rows.append(MemberRow(
            line=line,
            atopid=cell.integer("atopid"),
            member=cell.integer("member"),
            start=cell.date("yrent", "moent", "dayent"),
            end=cell.date("yrexit", "moexit", "dayexit", open_ended=True),
            phase=cell.integer("phase"),
            bilat=cell.flag("bilat"),
            **{flag: cell.flag(flag) for flag in OBLIGATIONS},
            conditions=frozenset(c for c in CONDITIONS if cell.flag(c)),
            version=raw.get("version") or None,
        ))
    return rows


def read_alliance_level(path: str | Path) -> list[AllianceRow]:
    """The rows of an ATOP alliance-level CSV file; a bad row raises InputError."""
    rows = []
    for line, raw in _records(Path(path), ALLIANCE_COLUMNS):
        cell = _Cells(path, line, raw)
        member_columns = sorted((c for c in raw if c.startswith("mem") and c[3:].isdigit()), key=lambda c: int(c[3:]))
        rows.append(AllianceRow(
            line=line,
            atopid=cell.integer("atopid"),
            signed=cell.date("begyr", "begmo", "begday"),
            bilat=cell.flag("bilat"),
            **{flag: cell.flag(flag) for flag in OBLIGATIONS},
            members=tuple(cell.integer(c) for c in member_columns if raw[c].strip()),
            version=raw.get("version") or None,
        ))
    return rows


def load_cow_states() -> dict[int, CowState]:
    """The shipped COW code -> ISO 3166-1 alpha-3 table (``data/kb/cow_states.csv``)."""
    path = data_path("kb/cow_states.csv")
    states = {}
    with path.open("r", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            try:
                code = int(row["cow_code"])
            except (KeyError, TypeError, ValueError) as error:
                raise DataFileError(str(path), f"bad cow_code: {error}") from error
            states[code] = CowState(code, row["cow_abbrev"], row["name"], row["iso3"] or None)
    return states


def import_atop(paths: Sequence[str | Path], into: Path, version_label: str | None = None) -> ImportSummary:
    """Read one member-level and one alliance-level file and write the two YAML files into ``into``.

    Both files are read and checked before anything is written, and each output is written to a
    temporary file and renamed, so a failed import leaves an earlier import in ``into`` untouched.
    The output depends only on the input, so importing twice gives byte-identical files.
    """
    member_path, alliance_path = _assign(paths)
    alliances = read_alliance_level(alliance_path)
    members = read_member_level(member_path)
    version = version_label or _version(member_path, members, alliance_path, alliances)
    cow = load_cow_states()

    known: dict[int, AllianceRow] = {}
    for alliance in alliances:
        if alliance.atopid in known:
            raise InputError(str(alliance_path), f"alliance {alliance.atopid} appears twice "
                                                 f"(first on line {known[alliance.atopid].line})", line=alliance.line)
        known[alliance.atopid] = alliance
    by_alliance: dict[int, list[MemberRow]] = defaultdict(list)
    for row in members:
        if row.atopid not in known:
            raise InputError(str(member_path), f"alliance {row.atopid} is not in {alliance_path}", line=row.line)
        by_alliance[row.atopid].append(row)

    treaties = [_treaty(a, by_alliance[a.atopid], cow, version) for a in sorted(alliances, key=lambda a: a.atopid)]
    intervals = [entry for atopid in sorted(by_alliance)
                 for entry in _memberships(atopid, by_alliance[atopid], cow, version)]
    codes = {row.member for row in members}
    unmapped = tuple(sorted(c for c in codes if c not in cow or cow[c].iso3 is None))

    into = Path(into)
    into.mkdir(parents=True, exist_ok=True)
    header = (f"# Generated by `pactwatch kb import-atop` from ATOP v{version} ({ATOP_URL}).\n"
              "# Re-run the import rather than editing. Cite ATOP: Leeds, Ritter, Mitchell & Long (2002),\n"
              "# International Interactions 28: 237-60.\n")
    written = (into / TREATIES_FILE, into / MEMBERSHIPS_FILE)
    for target, entries in zip(written, (treaties, intervals)):
        with atomic_output(target) as fh:
            fh.write(header)
            yaml.safe_dump(entries, fh, sort_keys=False, allow_unicode=True, default_flow_style=False, width=4096)
    return ImportSummary(version, len(treaties), len(codes), len(intervals), unmapped, written)


def source(version: str, atopid: int) -> str:
    """The citation every imported fact carries: dataset version, alliance and the ATOP URL."""
    return f"ATOP v{version} (atopdata.org), alliance {atopid}, {ATOP_URL}"


def member_key(code: int, cow: dict[int, CowState]) -> str:
    """The actor key for a COW code: its ISO 3166-1 alpha-3 code, else ``COW<code>``."""
    state = cow.get(code)
    return state.iso3 if state is not None and state.iso3 else f"COW{code}"


# --- building the entries --------------------------------------------------------------------------

def _treaty(alliance: AllianceRow, rows: list[MemberRow], cow: dict[int, CowState], version: str) -> dict[str, Any]:
    cite = source(version, alliance.atopid)
    keys = {member_key(r.member, cow) for r in rows} or {member_key(m, cow) for m in alliance.members}
    obligations = [_obligation(alliance, flag, rows, keys, cow, cite)
                   for flag in OBLIGATIONS if getattr(alliance, flag)]
    return {
        "id": f"atop-{alliance.atopid}",
        "name": f"ATOP alliance {alliance.atopid}",
        "organisation": None,
        "kind": "bilateral" if alliance.bilat else "multilateral",
        "signed": alliance.signed.value,
        "in_force": None,  # ATOP dates signature and membership, not entry into force
        "atop_id": alliance.atopid,
        "source": cite,
        "scope": {
            "kind": "member_territory",
            "regions": [],
            "paraphrase": "ATOP does not code the area covered; an obligation limited to a location is "
                          "marked location_specific.",
            "source": cite,
        },
        "obligations": obligations,
    }


def _obligation(alliance: AllianceRow, flag: str, rows: list[MemberRow], keys: set[str],
                cow: dict[int, CowState], cite: str) -> dict[str, Any]:
    kind, prefix = OBLIGATIONS[flag]
    bound_rows = [r for r in rows if getattr(r, flag)]
    bound = {member_key(r.member, cow) for r in bound_rows}
    notes = []
    binds: str | list[str] = "all_members"
    protects: str | list[str] = "all_members"
    if bound and bound != keys:
        binds = sorted(bound)
        notes.append("ATOP codes this obligation for these members only.")
        if alliance.bilat and len(keys) == 2 and len(bound) == 1:
            protects = sorted(keys - bound)

    def condition(suffix: str) -> bool | None:
        """True/False when every bound member and phase agrees; None (with a note) when they differ."""
        if prefix is None or not bound_rows:
            return None
        variable = prefix + suffix
        values = {variable in r.conditions for r in bound_rows}
        if len(values) > 1:
            notes.append(f"ATOP codes {variable} differently across members or phases.")
            return None
        return values.pop()

    location = condition("coloc")
    adversary = condition("coadv")
    request = condition("coreq") if flag == "consul" else None
    if adversary:
        notes.append("ATOP codes this obligation as aimed at specific adversaries but does not name them.")

    coded = sorted({c for r in bound_rows for c in r.conditions if prefix and c.startswith(prefix)},
                   key=list(CONDITIONS).index)
    everywhere = {c for c in coded if all(c in r.conditions for r in bound_rows)}
    words = [CONDITIONS[c] + ("" if c in everywhere else " for some members or phases") for c in coded]
    article = "an" if kind[0] in "aeiou" else "a"
    paraphrase = f"ATOP codes {article} {kind.replace('_', '-')} obligation"
    paraphrase += f" (conditional: {', '.join(words)})" if words else " (unconditional)" if prefix else ""

    entry: dict[str, Any] = {
        "id": f"atop-{alliance.atopid}-{kind.replace('_', '-')}",
        "article": None,
        "kind": kind,
        "binds": binds,
        "protects": protects,
        "location_specific": location,
        "adversary_specific": adversary,
        "request_required": request,
        "covers_attacks_by_members": None,
        "paraphrase": paraphrase,
        "source": cite,
    }
    if notes:
        entry["note"] = " ".join(notes)
    return entry


def _memberships(atopid: int, rows: list[MemberRow], cow: dict[int, CowState],
                 version: str) -> Iterator[dict[str, Any]]:
    """Legal-layer intervals of each member of one alliance, touching phases merged into one."""
    by_key: dict[str, list[MemberRow]] = defaultdict(list)
    for row in rows:
        by_key[member_key(row.member, cow)].append(row)
    cite = source(version, atopid)
    for key in sorted(by_key):
        group = sorted(by_key[key], key=lambda r: (r.start.first_day(), r.line))
        merged: list[tuple[PartialDate, PartialDate | None]] = []
        for row in group:
            if merged and _touches(merged[-1][1], row.start):
                start, end = merged[-1]
                merged[-1] = (start, _later(end, row.end))
            else:
                merged.append((row.start, row.end))
        note = _member_note(key, sorted({r.member for r in group}), cow)
        for start, end in merged:
            entry: dict[str, Any] = {
                "treaty": f"atop-{atopid}",
                "member": key,
                "layer": "legal",
                "status": "member",
                "start": start.value,
                "start_precision": start.precision,
                "end": end.value if end else None,
                "end_precision": end.precision if end else None,
                "source": cite,
            }
            if note:
                entry["note"] = note
            yield entry


def _touches(end: PartialDate | None, start: PartialDate) -> bool:
    """Whether an interval starting at ``start`` overlaps or directly follows one ending at ``end``."""
    return end is None or start.first_day() <= end.last_day() + dt.timedelta(days=1)


def _later(a: PartialDate | None, b: PartialDate | None) -> PartialDate | None:
    if a is None or b is None:
        return None
    return a if a.last_day() >= b.last_day() else b


def _member_note(key: str, codes: list[int], cow: dict[int, CowState]) -> str | None:
    def describe(code: int) -> str:
        return f"COW {code} ({cow[code].name})" if code in cow else f"COW {code}"

    if len(codes) > 1:
        return f"ATOP members {' and '.join(describe(c) for c in codes)} are both {key}."
    code = codes[0]
    if code not in cow:
        return f"COW {code} is not in the COW state list."
    if cow[code].iso3 is None:
        return f"{describe(code)} has no ISO 3166-1 alpha-3 code."
    return None


# --- reading the files -----------------------------------------------------------------------------

def _assign(paths: Sequence[str | Path]) -> tuple[Path, Path]:
    """(member-level, alliance-level) from the given paths, whatever their order."""
    found: dict[str, list[Path]] = {"member": [], "alliance": []}
    for path in map(Path, paths):
        found[detect_kind(path)].append(path)
    for kind, other in (("member", "alliance"), ("alliance", "member")):
        if len(found[kind]) > 1:
            raise InputError(str(found[kind][1]), f"a second ATOP {kind}-level file (first: {found[kind][0]}); "
                                                  "give one member-level and one alliance-level file")
        if not found[kind]:
            given = found[other][0] if found[other] else "(no files)"
            raise InputError(str(given), f"no ATOP {kind}-level file given; the import needs both the "
                                         "member-level and the alliance-level file")
    return found["member"][0], found["alliance"][0]


def _version(member_path: Path, members: Iterable[MemberRow], alliance_path: Path,
             alliances: Iterable[AllianceRow]) -> str:
    """The ATOP version both files state, normalised (4.0100002 is a float artefact of 4.01)."""
    versions: dict[str, Path] = {}
    for path, rows in ((member_path, members), (alliance_path, alliances)):
        for row in rows:
            if row.version:
                versions.setdefault(_normalise_version(row.version), path)
    if not versions:
        raise InputError(str(member_path), "no 'version' column; give the ATOP version explicitly")
    if len(versions) > 1:
        listed = ", ".join(f"{v} ({p})" for v, p in versions.items())
        raise InputError(str(member_path), f"the files state different ATOP versions: {listed}")
    return next(iter(versions))


def _normalise_version(text: str) -> str:
    try:
        number = round(float(text), 2)
    except ValueError:
        return text.strip()
    formatted = f"{number:.2f}".rstrip("0")
    return formatted + "0" if formatted.endswith(".") else formatted


def _open(path: Path):
    try:
        return path.open("r", encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror or error}") from error


def _header(path: Path) -> list[str]:
    with _open(path) as fh:
        try:
            return [c.strip() for c in next(csv.reader(fh), [])]
        except (UnicodeDecodeError, csv.Error) as error:
            raise InputError(str(path), f"not a readable CSV file: {error}", line=1) from error


def _records(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row, after checking the header has ``required``."""
    with _open(path) as fh:
        reader = csv.DictReader(fh)
        try:
            header = [c.strip() for c in reader.fieldnames or []]
            reader.fieldnames = header
            missing = [c for c in required if c not in header]
            if missing:
                raise InputError(str(path), f"missing column(s): {', '.join(missing)}", line=1)
            for row in reader:
                if None in row or None in row.values():
                    raise InputError(str(path), f"expected {len(header)} fields", line=reader.line_num)
                yield reader.line_num, row
        except (UnicodeDecodeError, csv.Error) as error:
            raise InputError(str(path), f"not a readable CSV file: {error}", line=reader.line_num or None) from error


class _Cells:
    """Typed access to one CSV row, raising InputError that names the file, line and column."""

    def __init__(self, path: str | Path, line: int, row: dict[str, str]):
        self.path, self.line, self.row = str(path), line, row

    def _fail(self, column: str, expected: str) -> InputError:
        return InputError(self.path, f"column {column!r}: expected {expected}, got {self.row[column]!r}",
                          line=self.line)

    def integer(self, column: str, missing: int | None = None) -> int:
        text = self.row[column].strip()
        if not text and missing is not None:
            return missing
        try:
            return int(text)
        except ValueError:
            raise self._fail(column, "a whole number") from None

    def flag(self, column: str) -> bool:
        value = self.integer(column)
        if value not in (0, 1):
            raise self._fail(column, "0 or 1")
        return value == 1

    def date(self, year: str, month: str, day: str, open_ended: bool = False) -> PartialDate | None:
        """The date in three columns; an unknown (0 or empty) month or day lowers the precision.

        With ``open_ended``, a year of 0 means "still in force" and gives None.
        """
        y, m, d = self.integer(year), self.integer(month, missing=0), self.integer(day, missing=0)
        if y == 0 and open_ended:
            return None
        if not 1 <= y <= 9999:
            raise self._fail(year, "a year")
        if not 0 <= m <= 12:
            raise self._fail(month, "a month 1-12, or 0 if unknown")
        if m == 0 and d:
            raise self._fail(day, "no day when the month is unknown")
        if d and d > calendar.monthrange(y, m)[1]:
            raise self._fail(day, f"a day of {y}-{m:02d}")
        return PartialDate(y, m or None, d or None)
