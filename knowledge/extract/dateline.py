"""Title and dateline: "WANA (Oct 28) –", "BAKU, June 2 (Trend) –", "Tabnak –",
"…, Report informs referring to Mehr News Agency."."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge import gazetteer
from knowledge.extract.facts import DatePrecision
from knowledge.extract.lexicon import MONTHS

_DASH = r"\s*[–—-]{1,2}\s+"
_MONTH_DAY = r"(?P<month>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>(?:19|20)\d\d))?"
# "ARUSHA, Tanzania, Nov. 27": the city's country or region may follow it
_REGION = r"(?:,\s+[A-Z][A-Za-z.' -]{2,30}?)?"
_DATELINES = (
    re.compile(rf"^(?P<outlet>[A-Z][\w.&' ]{{1,40}}?)\s+\({_MONTH_DAY}\){_DASH}"),
    re.compile(rf"^(?P<place>[A-Z][A-Za-z' -]{{2,30}}){_REGION},\s+{_MONTH_DAY}\s+"
               rf"\((?P<outlet>[^)]{{2,40}})\){_DASH}"),
    re.compile(rf"^(?P<place>[A-Z][A-Z' -]{{2,30}})\s+\((?P<outlet>[^)]{{2,40}})\){_DASH}"),
    re.compile(rf"^(?P<place>[A-Z][A-Z' -]{{2,30}}){_REGION},\s+{_MONTH_DAY}{_DASH}"),
    re.compile(rf"^(?P<place>[A-Z]{{3,}}(?:[ -][A-Z]{{2,}})*){_DASH}"),  # "RIO DE JANEIRO -"
    re.compile(rf"^(?P<outlet>[A-Z][\w.&']*(?:\s[A-Z][\w.&']*){{0,3}}){_DASH}"),
)
_REFERRING = re.compile(r"\b(?P<via>[A-Z][\w.&']*(?:\s[A-Z][\w.&']*){0,3})\s+informs,?\s+"
                        r"(?:referring|citing)\s+(?:to\s+)?(?P<outlet>[A-Z][\w.&']*"
                        r"(?:\s[A-Z][\w.&']*){0,4})")
_ACCORDING = re.compile(r"\b(?:according to|reported|reports)\s+(?:the\s+)?(?P<outlet>"
                        r"[A-Z][\w&']*(?:\s[A-Z][\w&']*){0,3}\s+(?:News\s+)?Agency)")


_LEADING_SPACE = re.compile(r"\s*")


@dataclass(slots=True)
class Dateline:
    end: int  # where the article's own text begins
    source: str | None = None
    place: str | None = None
    published: str | None = None
    precision: DatePrecision | None = None


def detect_title(text: str) -> tuple[str | None, int]:
    """(title, offset of the body): the first line when it reads as a headline."""
    first, sep, rest = text.partition("\n")
    line = first.strip()
    if not sep or not rest.strip() or not line:
        return None, 0
    words = line.split()
    if (len(words) < 3 or len(line) > 200 or line[-1] in ".!?:;,\"”’"
            or any(p.match(line) for p in _DATELINES)):
        return None, 0
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    set_apart = rest.startswith(("\n", "\r\n")) and len(words) <= 20
    if capitalised < len(words) * 0.5 and not set_apart:  # "ASEAN leaders meet in Laos",
        return None, 0  # a line of its own in sentence case, is a headline too
    return line, len(first) + 1


def detect_dateline(text: str, start: int, published: date | None) -> Dateline:
    """The dateline at the start of the body, if any, and the outlet named anywhere."""
    # the spaces str.lstrip() would strip, counted without copying the text
    leading = _LEADING_SPACE.match(text, start).end() - start  # type: ignore[union-attr]
    head = text[start + leading:start + leading + 160]
    result = Dateline(start)
    for pattern in _DATELINES:
        m = pattern.match(head)
        if not m:
            continue
        groups = m.groupdict()
        outlet = groups.get("outlet")
        place = groups.get("place")
        if outlet and (gazetteer.canonical_country(outlet) or outlet.split()[0].lower() in {
                "the", "a", "an", "as", "in", "on"}):
            continue
        result.end = start + leading + m.end()
        result.source = outlet.strip() if outlet else None
        result.place = place.strip().title() if place else None
        if groups.get("month"):
            month = MONTHS.get(groups["month"].lower())
            day = int(groups["day"])
            year = int(groups["year"]) if groups.get("year") else (
                published.year if published else None)
            if month and 1 <= day <= 31:
                try:
                    if year:
                        result.published = date(year, month, day).isoformat()
                        result.precision = "day"
                    else:
                        date(2000, month, day)
                        result.published, result.precision = f"--{month:02d}-{day:02d}", (
                            "day-no-year")
                except ValueError:
                    pass
        break
    if result.source is None:
        m = None  # each needs its literal word ("informs", "Agency"): a cheap test first
        if text.find("informs", start, start + 2000) >= 0:
            m = _REFERRING.search(text, start, start + 2000)
        if m is None and text.find("Agency", start) >= 0:
            m = _ACCORDING.search(text, start)
        if m:
            result.source = m.group("outlet").strip().rstrip(".")
    if published is not None:
        result.published, result.precision = published.isoformat(), "day"
    return result
