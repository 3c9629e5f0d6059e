"""The ATOP import against the real v4.01 files, which are not shipped and must be present.

The files live outside the repository (their redistribution terms are unconfirmed); a missing file
fails these tests rather than skipping them, so a broken checkout cannot pass silently. The
malformed inputs are cut from the real header and rows into a temporary directory.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from pactwatch.errors import InputError
from pactwatch.kb.atop import detect_kind, import_atop, load_cow_states, read_alliance_level, read_member_level

ATOP_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference" / "atop"
MEMBER = ATOP_DIR / "atop_v4.01_member_level.csv"
ALLIANCE = ATOP_DIR / "atop_v4.01_alliance_level.csv"


@pytest.fixture(scope="module")
def atop_files() -> tuple[Path, Path]:
    for path in (MEMBER, ALLIANCE):
        if not path.is_file():
            pytest.fail(f"ATOP reference file missing: {path} (see {ATOP_DIR / 'PROVENANCE.md'})")
    return MEMBER, ALLIANCE


@pytest.fixture(scope="module")
def imported(atop_files, tmp_path_factory):
    into = tmp_path_factory.mktemp("atop")
    summary = import_atop(list(atop_files), into)
    treaties = yaml.safe_load((into / "atop_treaties.yaml").read_text(encoding="utf-8"))
    memberships = yaml.safe_load((into / "atop_memberships.yaml").read_text(encoding="utf-8"))
    return summary, into, treaties, memberships


def _intervals(memberships, treaty: str, member: str) -> list[tuple[str, str | None]]:
    return [(m["start"], m["end"]) for m in memberships if m["treaty"] == treaty and m["member"] == member]


def _treaty(treaties, atopid: int) -> dict:
    return next(t for t in treaties if t["atop_id"] == atopid)


def test_counts(imported):
    summary, _, treaties, memberships = imported
    assert summary.version == "4.01"
    assert summary.alliances == len(treaties) == 745
    assert summary.intervals == len(memberships)
    assert summary.members == 208
    # historical states without an ISO code, and ATOP's member 8152 (alliance 1320) which the COW list lacks
    assert {240, 265, 300, 315, 678, 680, 817, 8152} <= set(summary.unmapped)
    assert 255 not in summary.unmapped and 365 not in summary.unmapped


def test_csto_intervals(imported):
    _, _, _, memberships = imported
    assert _intervals(memberships, "atop-4220", "ARM") == [("1992-05-15", None)]  # two phases merged
    assert _intervals(memberships, "atop-4220", "RUS") == [("1992-05-15", None)]
    assert _intervals(memberships, "atop-4220", "AZE") == [("1993-09-24", "1999-04-20")]
    assert _intervals(memberships, "atop-4220", "GEO") == [("1993-12-09", "1999-04-20")]
    assert _intervals(memberships, "atop-4220", "UZB") == [("1992-05-15", "1999-04-20"), ("2006-08-17", "2012-06-28")]


def test_nato(imported):
    _, _, treaties, memberships = imported
    nato = _treaty(treaties, 3180)
    assert nato["id"] == "atop-3180" and nato["kind"] == "multilateral" and nato["signed"] == "1949-04-04"
    defence = [o for o in nato["obligations"] if o["kind"] == "defence"]
    assert len(defence) == 1
    assert defence[0]["binds"] == "all_members" and defence[0]["location_specific"] is True
    assert defence[0]["adversary_specific"] is False
    assert _intervals(memberships, "atop-3180", "USA") == [("1949-04-04", None)]
    # the Federal Republic (COW 260) and united Germany (COW 255) are one member, DEU
    assert _intervals(memberships, "atop-3180", "DEU") == [("1954-10-23", None)]


def test_asymmetric_obligation_lists_who_is_bound(imported):
    _, _, treaties, _ = imported
    consultation = next(o for o in _treaty(treaties, 1010)["obligations"] if o["kind"] == "consultation")
    assert consultation["binds"] == ["COW275"] and consultation["protects"] == ["COW300"]


def test_every_entry_has_a_source_and_valid_fields(imported):
    _, _, treaties, memberships = imported
    for treaty in treaties:
        assert treaty["source"].startswith("ATOP v4.01 (atopdata.org), alliance ")
        assert treaty["source"].endswith("http://www.atopdata.org")
        assert treaty["scope"]["source"] == treaty["source"]
        assert treaty["obligations"], treaty["id"]
        for obligation in treaty["obligations"]:
            assert obligation["source"] == treaty["source"]
            assert obligation["kind"] in {"defence", "offence", "neutrality", "non_aggression", "consultation"}
    for membership in memberships:
        assert membership["source"].startswith(f"ATOP v4.01 (atopdata.org), alliance {membership['treaty'][5:]},")
        assert membership["layer"] == "legal" and membership["status"] == "member"
        assert membership["start_precision"] in {"day", "month", "year"}
        assert (membership["end"] is None) == (membership["end_precision"] is None)


def test_import_is_idempotent_and_order_free(imported, atop_files, tmp_path):
    _, first, _, _ = imported
    import_atop(list(reversed(atop_files)), tmp_path)
    for name in ("atop_treaties.yaml", "atop_memberships.yaml"):
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["atop_memberships.yaml", "atop_treaties.yaml"]


def test_readers_and_detection(atop_files):
    member, alliance = atop_files
    assert detect_kind(member) == "member" and detect_kind(alliance) == "alliance"
    rows = [r for r in read_member_level(member) if r.atopid == 4220 and r.member == 704]
    assert [(r.start.value, r.end.value if r.end else None, r.phase) for r in rows] == [
        ("1992-05-15", "1999-04-20", 1), ("2006-08-17", "2012-06-28", 2)]
    assert all(r.defense and r.consul and not r.offense for r in rows)
    nato = next(a for a in read_alliance_level(alliance) if a.atopid == 3180)
    assert 2 in nato.members and nato.defense and not nato.bilat


def test_missing_day_lowers_precision(atop_files):
    rows = [r for r in read_member_level(atop_files[0]) if r.end is not None and r.end.day is None]
    assert rows and all(r.end.precision == "month" for r in rows)


def test_cow_table():
    cow = load_cow_states()
    assert len(cow) == 217
    assert cow[2].iso3 == "USA" and cow[365].iso3 == "RUS" and cow[371].iso3 == "ARM"
    assert cow[260].iso3 == "DEU" and cow[265].iso3 is None and cow[245].iso3 is None


# --- malformed input --------------------------------------------------------------------------------

def _cut(source: Path, target: Path, rows: int, drop: str | None = None,
         edit: tuple[int, str, str] | None = None) -> Path:
    """The header and first ``rows`` data rows of ``source``, optionally without a column or with one cell changed."""
    with source.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = [f for f in reader.fieldnames if f != drop]
        data = [next(reader) for _ in range(rows)]
    if edit is not None:
        index, column, value = edit
        data[index][column] = value
    with target.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    return target


def test_missing_column(atop_files, tmp_path):
    member = _cut(atop_files[0], tmp_path / "m.csv", 5, drop="yrexit")
    with pytest.raises(InputError) as error:
        import_atop([member, atop_files[1]], tmp_path / "out")
    assert error.value.path == str(member) and error.value.line == 1 and "yrexit" in error.value.message
    assert not (tmp_path / "out").exists()


def test_non_numeric_year_names_file_and_line(atop_files, tmp_path):
    member = _cut(atop_files[0], tmp_path / "m.csv", 5, edit=(2, "yrent", "18x5"))
    with pytest.raises(InputError) as error:
        import_atop([atop_files[1], member], tmp_path / "out")
    # the third data row is line 4 of the file, after the header
    assert error.value.path == str(member) and error.value.line == 4 and "yrent" in error.value.message
    assert f"{member}:4:" in str(error.value)


def test_neither_format(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_atop([other], tmp_path / "out")
    assert error.value.path == str(other) and error.value.line == 1


def test_both_files_needed(atop_files, tmp_path):
    with pytest.raises(InputError, match="alliance-level file"):
        import_atop([atop_files[0]], tmp_path / "out")
    with pytest.raises(InputError, match="second ATOP member-level"):
        import_atop([atop_files[0], atop_files[0], atop_files[1]], tmp_path / "out")
