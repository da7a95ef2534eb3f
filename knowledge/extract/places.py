"""Countries (names, official names, demonyms) and cities named in a text, canonicalised."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from knowledge import gazetteer
from knowledge.extract.facts import Span
from knowledge.extract.lexicon import NOT_NAMES, UPPER
from knowledge.extract.text import reach_back
from knowledge.normalize import fold

# Capitalised phrases, allowing "of (the)" and "and (the)" inside ("Islamic Republic of Iran",
# "Trinidad and Tobago", "St. Vincent and the Grenadines", "Côte d'Ivoire"); the longest
# known name wins in each.
# Every alternative starts with the capital itself (boundaries are checked just after it) so
# the regex engine can skip ahead to capitals instead of trying each position.
CAPITALISED = re.compile(
    rf"[{UPPER}](?:(?<=U)(?<![\w.].)\.(?:S\.(?:A\.)?|K\.|A\.E\.)(?!\w)|"  # dotted forms
    rf"(?<![\w’'\-].)(?:(?<=S)t\.\s+[{UPPER}])?[\w’'\-]*+"  # "St. Vincent": "S", then "t. V"
    rf"(?:\s+(?:(?:of|and)\s+(?:the\s+)?)?(?:St\.\s+|d['’])?(?![A-Z]\.[A-Z])[{UPPER}][\w’'\-]*+)*+)")
_POSSESSIVE = re.compile(r"[’']s?$")
# Short forms under three letters, written in capitals only ("US", "U.S.", "UK"): never "us".
_SHORT = {"US": "United States", "USA": "United States", "UK": "United Kingdom",
          "UAE": "United Arab Emirates"}
MIN_CITY_POPULATION = 50_000
_MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical
    kind: str  # country | city
    country: str | None
    surface: str
    span: Span
    demonym: bool = False


def find_places(text: str, start: int = 0, end: int | None = None) -> list[Place]:
    """Every country, demonym and city in text[start:end], longest match first; a town the
    gazetteer lacks counts once the text gives its country ("in Gabala, Azerbaijan")."""
    out: list[Place] = []
    stop = len(text) if end is None else end
    for m in CAPITALISED.finditer(text, start, stop):
        hits = _phrase_places(m.group())
        if hits and not text.startswith("$", m.end()):  # not "US$5 billion"
            out.extend(_placed(hits, m.start()))
    towns = _declared_towns(text, start, stop)
    if towns:
        out = sorted([*out, *towns], key=lambda p: p.span.start)
    return out


_NAME = rf"[{UPPER}][\w’'\-]*+(?:[\s\-][{UPPER}][\w’'\-]*+){{0,2}}"
_COUNTRY_NEXT = rf",\s+(?:the\s+)?(?=[{UPPER}])"
# Where a `_TOWN_COUNTRY` match may end, and (backwards) the stretch before that comma it may
# start in: it holds only word characters, apostrophes, hyphens and spaces, in at most nine
# words ("in", "the", two words, "city", "of", a name of three), so the last ten are enough.
_COMMA_BEFORE_NAME = re.compile(_COUNTRY_NEXT)
_WORDS_BACKWARDS = re.compile(r"[\w’'\-]*+(?:\s++[\w’'\-]*+){0,9}")
# "held in Cholpon-Ata, Kyrgyzstan", "the city of Gabala, Republic of Azerbaijan"
# Opens with the class of the cue words' first letters, the word boundary checked after it,
# so the engine skips to those letters rather than trying every position.
_TOWN_COUNTRY = re.compile(rf"[aciprtv](?<![\w].)(?:(?:(?<=i)n|(?<=a)t)\s+(?:the\s+)?"
                           rf"(?:(?:\w+\s+){{0,2}}(?:city|town|village|resort|port)\s+of\s+)?|"
                           rf"(?:(?<=c)ity|(?<=t)own|(?<=v)illage|(?<=r)esort|(?<=p)ort)\s+of\s+)"
                           rf"(?P<name>{_NAME}){_COUNTRY_NEXT}")


def _town_country(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """`_TOWN_COUNTRY.finditer(text, start, end)`, faster: a match ends at a comma before a
    capital and starts within `_WORDS_BACKWARDS` of it, so only that stretch before each
    such comma is searched, not the whole text."""
    pos = start
    backwards = ""
    for comma in _COMMA_BEFORE_NAME.finditer(text, start, end):
        at = comma.start()
        if not backwards:
            backwards = text[::-1]
        stretch = reach_back(_WORDS_BACKWARDS, backwards, at)
        m = _TOWN_COUNTRY.search(text, max(stretch, pos), comma.end() + 1)
        if m is not None:
            yield m
            pos = m.end()


def _declared_towns(text: str, start: int, end: int) -> list[Place]:
    """Towns unknown to the gazetteer that the text places in a country, at each mention."""
    declared: dict[str, str] = {}
    for m in _town_country(text, start, end):
        name = m.group("name")
        after = CAPITALISED.match(text, m.end())
        if (name in declared or _candidate(name) is not None or name.lower() in NOT_NAMES
                or after is None):
            continue
        country = next((p for p in _in_phrase(text, after.start(), after.end())
                        if p.span.start == after.start()), None)
        if country is not None and country.kind == "country" and not country.demonym:
            declared[name] = country.name
    found: list[Place] = []
    for name, country in declared.items():
        for m in re.finditer(rf"(?<![\w’'\-]){re.escape(name)}(?![\w’'\-])", text[start:end]):
            found.append(Place(name, "city", country, name,
                               Span(start + m.start(), start + m.end())))
    return found


_WORD = re.compile(r"[\w’'\-]+")
_JOINERS = frozenset({"and", "of", "the"})


def _in_phrase(text: str, start: int, end: int) -> list[Place]:
    return _placed(_phrase_places(text[start:end]), start)


def _placed(hits: tuple[tuple[int, str, tuple[str, str, str, bool]], ...], at: int
            ) -> list[Place]:
    """The places `_phrase_places` found in a phrase that starts at `at`."""
    return [Place(known[0], known[1], known[2], surface,
                  Span(at + offset, at + offset + len(surface)), known[3])
            for offset, surface, known in hits]


@lru_cache(maxsize=1 << 15)
def _phrase_places(phrase: str) -> tuple[tuple[int, str, tuple[str, str, str, bool]], ...]:
    """(offset, surface, what it is) of each place in a capitalised phrase, longest first;
    cached, as the same phrases (names of people, bodies, places) recur in every article."""
    words = [(m.start(), m.end(), m.group() in _JOINERS) for m in _WORD.finditer(phrase)]
    found: list[tuple[int, str, tuple[str, str, str, bool]]] = []
    i = 0
    while i < len(words):
        if words[i][2]:  # a name never starts with "and", "of" or "the"
            i += 1
            continue
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            if words[j - 1][2]:  # nor ends with one
                continue
            a = words[i][0]
            hit = _candidate(phrase[a:words[j - 1][1]])
            if hit is not None:
                found.append((a, *hit))
                i = j
                break
        else:
            i += 1
    return tuple(found)


@lru_cache(maxsize=1 << 15)
def _candidate(raw: str) -> tuple[str, tuple[str, str, str, bool]] | None:
    """The place a run of words names, as (surface without a possessive, what it is)."""
    surface = _POSSESSIVE.sub("", raw)
    short = _SHORT.get(surface.replace(".", ""))
    if short is not None:
        return surface, _known(short)  # type: ignore[return-value]
    if surface.lower() in NOT_NAMES or len(surface) < 3:
        return None
    known = _known(surface)
    return None if known is None else (surface, known)


@lru_cache(maxsize=1 << 15)
def _known(surface: str) -> tuple[str, str, str, bool] | None:
    """(name, kind, country, is a demonym) of a written place name; cached, as the same
    phrases recur in every article."""
    country = gazetteer.canonical_country(surface)
    if country is not None:
        demonym = surface.lower() != country.lower() and any(
            a == surface and k == "demonym" for a, k in gazetteer.country_aliases(country))
        return country, "country", country, demonym
    city = gazetteer.city(surface)
    name = city[0] if city else ""
    if city is None and " " not in surface and surface[:1].isupper():
        # "Jeju" for "Jeju City", "Cebu" for "Cebu City", when the gazetteer lists the short
        # form among its names; not in the United States ("Kansas City" is named after a state)
        city = gazetteer.city(f"{surface} City")
        if (city is not None and city[1] != "United States"
                and gazetteer.city_population(city[0]) >= MIN_CITY_POPULATION
                and surface.title() in gazetteer.city_aliases(city[0])):
            return surface.title() if surface.isupper() else surface, "city", city[1], False
        city = None
    if city is not None and (gazetteer.city_population(city[0]) >= MIN_CITY_POPULATION
                             or capital(city[1]) == city[0]):
        if not name.isascii() and fold(surface) == fold(name):  # "Ardabīl" written "Ardabil"
            name = surface if not surface.isupper() else surface.title()
        return name, "city", city[1], False
    return None


def city_of(surface: str) -> tuple[str, str] | None:
    """(city, country) for a dateline's city: its name, or another spelling of a large city
    ("KATMANDU -"), kept as written. Only for datelines, where a word is always a place."""
    found = gazetteer.city(surface)
    if found is not None:
        return found
    key = surface.title() if surface.isupper() else surface
    other = gazetteer.big_city_spellings().get(key) if key.lower() not in NOT_NAMES else None
    return (surface, other[1]) if other is not None else None


capital = gazetteer.capital



def city_state(country: str | None) -> str | None:
    """The city a country names when its capital bears its name ("Djibouti", "Singapore",
    "Luxembourg"): "Singapore hosted the summit" names the city too."""
    city = capital(country)
    return city if city is not None and city == country else None


def is_place_name(surface: str) -> bool:
    """One word that names a country or city by itself ("Doha", "Kenya")."""
    return " " not in surface.strip() and _candidate(surface.strip()) is not None
