"""Countries (names, official names, demonyms) and cities named in a text, canonicalised."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge import gazetteer
from knowledge.extract.facts import Span
from knowledge.extract.lexicon import NOT_NAMES, UPPER
from knowledge.normalize import fold

# Capitalised phrases, allowing "of (the)" inside ("Islamic Republic of Iran").
CAPITALISED = re.compile(
    rf"(?<![\w’'\-])[{UPPER}][\w’'\-]*+(?:\s+(?:of\s+(?:the\s+)?)?[{UPPER}][\w’'\-]*+)*+")
_POSSESSIVE = re.compile(r"[’']s?$")
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
    """Every country, demonym and city in text[start:end], longest match first."""
    out: list[Place] = []
    for m in CAPITALISED.finditer(text, start, len(text) if end is None else end):
        out.extend(_in_phrase(text, m.start(), m.end()))
    return out


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[\w’'\-]+", text[start:end])]


def _in_phrase(text: str, start: int, end: int) -> list[Place]:
    words = _words(text, start, end)
    found: list[Place] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_WORDS), i, -1):
            a, b = start + words[i][0], start + words[j - 1][1]
            surface = _POSSESSIVE.sub("", text[a:b])
            if surface.lower() in NOT_NAMES or len(surface) < 3:
                continue
            place = _lookup(surface, Span(a, a + len(surface)))
            if place is not None:
                found.append(place)
                i = j
                break
        else:
            i += 1
    return found


def _lookup(surface: str, span: Span) -> Place | None:
    country = gazetteer.canonical_country(surface)
    if country is not None:
        demonym = surface.lower() != country.lower() and any(
            a == surface and k == "demonym" for a, k in gazetteer.country_aliases(country))
        return Place(country, "country", country, surface, span, demonym)
    city = gazetteer.city(surface)
    if city is not None and (gazetteer.city_population(city[0]) >= MIN_CITY_POPULATION):
        name = city[0]
        if not name.isascii() and fold(surface) == fold(name):  # "Ardabīl" written "Ardabil"
            name = surface if not surface.isupper() else surface.title()
        return Place(name, "city", city[1], surface, span)
    return None
