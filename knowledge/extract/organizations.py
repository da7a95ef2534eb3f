"""Organizations: full name <-> acronym, found generally ("Xxx Yyy Organization (XYO)") and
from a small table of well-known bodies."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from knowledge.extract.facts import OrganizationFact, Span
from knowledge.extract.lexicon import UPPER

KNOWN: dict[str, str] = {
    "ECO": "Economic Cooperation Organization",
    "SCO": "Shanghai Cooperation Organisation",
    "ASEAN": "Association of Southeast Asian Nations",
    "GCC": "Gulf Cooperation Council",
    "D-8": "Developing-8 Organization for Economic Cooperation",
    "BRICS": "BRICS",
    "OTS": "Organization of Turkic States",
    "OIC": "Organisation of Islamic Cooperation",
    "CIS": "Commonwealth of Independent States",
    "CSTO": "Collective Security Treaty Organization",
    "EAEU": "Eurasian Economic Union",
    "EU": "European Union",
    "UN": "United Nations",
    "NATO": "North Atlantic Treaty Organization",
    "OPEC": "Organization of the Petroleum Exporting Countries",
    "CICA": "Conference on Interaction and Confidence-Building Measures in Asia",
    "SAARC": "South Asian Association for Regional Cooperation",
    "AU": "African Union",
    "APEC": "Asia-Pacific Economic Cooperation",
    "ECOPOL": "ECO Police",
}
_ALIASES = {"Economic Cooperation Organisation": "ECO", "Turkic Council": "OTS",
            "Organisation of Turkic States": "OTS", "Arab League": "Arab League"}
_WORD = rf"(?<![\w’'\-])[{UPPER}][\w’'\-]*+"  # starts only at a word's start
_SMALL = r"(?:of|for|on|and|the|in|de)"
FULL_NAME = rf"{_WORD}(?:\s+(?:{_SMALL}\s+)*{_WORD}){{1,9}}"
_DEFINED = re.compile(
    rf"(?P<full>{FULL_NAME})\s*(?:\(\s*(?P<a1>[A-Z][A-Za-z0-9&\-]{{1,9}})\s*\)|,\s+(?P<a2>[A-Z][A-Z0-9&\-]{{1,9}}),)")
_ACRONYM = re.compile(r"\b(?:[A-Z]{2,6}|[A-Z]-\d{1,2})\b")
_FULL_KNOWN = re.compile("|".join(re.escape(n) for n in sorted(
    {*KNOWN.values(), *_ALIASES}, key=len, reverse=True) if n.upper() != n))


@dataclass(slots=True)
class Organizations:
    """Organizations of one article and where each is mentioned."""

    facts: list[OrganizationFact]
    mentions: list[tuple[str, Span]]  # (acronym or name, span)

    def main(self) -> str | None:
        """The organization mentioned most."""
        counts = Counter(key for key, _ in self.mentions)
        return counts.most_common(1)[0][0] if counts else None

    def full_name(self, key: str) -> str | None:
        for fact in self.facts:
            if fact.key == key:
                return fact.full_name
        return KNOWN.get(key)

    def at(self, start: int, end: int) -> list[str]:
        return [key for key, span in self.mentions if start <= span.start < end]


def _initials(full: str) -> str:
    return "".join(w[0].upper() for w in re.findall(r"[\w’'\-]+", full)
                   if w.lower() not in {"of", "for", "on", "and", "the", "in", "de"})


def _letters(acronym: str) -> str:
    return "".join(c for c in acronym.upper() if c.isalpha())


def _initials_match(full: str, acronym: str) -> bool:
    """The acronym's letters appear, in order, among the full name's initials."""
    letters, it = _letters(acronym), iter(_initials(full))
    return len(letters) >= 2 and all(any(c == i for i in it) for c in letters)


def find_organizations(text: str) -> Organizations:
    defined: dict[str, OrganizationFact] = {}
    mentions: list[tuple[str, Span]] = []
    for m in _DEFINED.finditer(text):
        acronym = m.group("a1") or m.group("a2")
        full = re.sub(r"^(?:The|the)\s+", "", m.group("full"))
        # the full name may start with words that are not part of it ("opened the ..."):
        # prefer the shortest tail whose initials spell the acronym exactly
        words = full.split()
        tails = [" ".join(words[k:]) for k in range(len(words) - 2, -1, -1)]
        exact = [t for t in tails if _initials(t) == _letters(acronym)]
        loose = [t for t in tails if _initials_match(t, acronym)]
        candidate = (exact or loose or [None])[0]
        if candidate is None:
            continue
        if acronym not in defined:
            span = Span(m.start("full") + len(m.group("full")) - len(candidate), m.end())
            defined[acronym] = OrganizationFact(acronym, candidate, span)
        mentions.append((acronym, Span(m.start(), m.end())))
    for m in _FULL_KNOWN.finditer(text):
        key = _ALIASES.get(m.group(0)) or next(k for k, v in KNOWN.items() if v == m.group(0))
        if key not in defined:
            defined[key] = OrganizationFact(key, KNOWN.get(key, m.group(0)),
                                            Span(m.start(), m.end()))
        if not any(s.start <= m.start() < s.end for _, s in mentions):
            mentions.append((key, Span(m.start(), m.end())))
    for m in _ACRONYM.finditer(text):
        key = m.group(0)
        if key in defined or key in KNOWN:
            if key == "ECOPOL":
                continue
            if key not in defined:
                defined[key] = OrganizationFact(key, KNOWN[key], Span(m.start(), m.end()))
            if not any(s.start <= m.start() < s.end for _, s in mentions):
                mentions.append((key, Span(m.start(), m.end())))
    mentions.sort(key=lambda item: item[1].start)
    return Organizations(list(defined.values()), mentions)
