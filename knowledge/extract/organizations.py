"""Organizations: learned from the text ("Full Name (ACR)", "ACR (Full Name)", "Full Name’s
(ACR)") and from a table of well-known bodies in their common forms. Councils, boards and
committees defined the same way ("Council of Ministers (COM)") are *bodies* of an organization,
kept apart so meetings can name them. Linear in the text: every pass is one regex scan, and
overlaps are checked against a sorted index."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache

from knowledge import gazetteer
from knowledge.extract.facts import OrganizationFact, Span
from knowledge.extract.lexicon import UPPER, trie_pattern
from knowledge.extract.text import SpanIndex, reach_back
from knowledge.normalize import fold

# Well-known bodies: key (the usual short name) -> full name.
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
    "BIMSTEC": "Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation",
    "AU": "African Union",
    "APEC": "Asia-Pacific Economic Cooperation",
    "G20": "Group of Twenty",
    "G7": "Group of Seven",
    "PIF": "Pacific Islands Forum",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "WHO": "World Health Organization",
    "FAO": "Food and Agriculture Organization",
    "WTO": "World Trade Organization",
    "ETDB": "ECO Trade and Development Bank",
    "Arab League": "League of Arab States",
    "Mercosur": "Southern Common Market",
    "Commonwealth": "Commonwealth of Nations",
    # regional and intergovernmental bodies beyond Eurasia
    "ECOWAS": "Economic Community of West African States",
    "SADC": "Southern African Development Community",
    "EAC": "East African Community",
    "IGAD": "Intergovernmental Authority on Development",
    "ECCAS": "Economic Community of Central African States",
    "COMESA": "Common Market for Eastern and Southern Africa",
    "CEMAC": "Economic and Monetary Community of Central Africa",
    "UEMOA": "West African Economic and Monetary Union",
    "AMU": "Arab Maghreb Union",
    "CARICOM": "Caribbean Community",
    "OECS": "Organisation of Eastern Caribbean States",
    "ACS": "Association of Caribbean States",
    "OAS": "Organization of American States",
    "CELAC": "Community of Latin American and Caribbean States",
    "SICA": "Central American Integration System",
    "UNASUR": "Union of South American Nations",
    "ALBA": "Bolivarian Alliance for the Peoples of Our America",
    "Andean Community": "Andean Community",
    "BSEC": "Organization of the Black Sea Economic Cooperation",
    "GUAM": "Organization for Democracy and Economic Development",
    "Council of Europe": "Council of Europe",
    "Nordic Council": "Nordic Council",
    "Arctic Council": "Arctic Council",
    "Visegrad Group": "Visegrad Group",
    "Benelux": "Benelux Union",
    "IORA": "Indian Ocean Rim Association",
    "ACD": "Asia Cooperation Dialogue",
    "CAREC": "Central Asia Regional Economic Cooperation",
    "OAPEC": "Organization of Arab Petroleum Exporting Countries",
    "NAM": "Non-Aligned Movement",
    "G77": "Group of 77",
    "CPLP": "Community of Portuguese Language Countries",
    "OIF": "International Organisation of La Francophonie",
    "IsDB": "Islamic Development Bank",
    "AfDB": "African Development Bank",
    "ADB": "Asian Development Bank",
    "AIIB": "Asian Infrastructure Investment Bank",
    "NDB": "New Development Bank",
}
# Other forms of the same bodies, as written in news.
_ALIASES: dict[str, str] = {
    "Economic Cooperation Organisation": "ECO", "Organization for Economic Cooperation": "ECO",
    "Shanghai Cooperation Organization": "SCO", "Turkic Council": "OTS",
    "Organisation of Turkic States": "OTS", "Organization of Islamic Cooperation": "OIC",
    "Collective Security Treaty Organisation": "CSTO", "Eurasian Economic Community": "EAEU",
    "Cooperation Council for the Arab States of the Gulf": "GCC",
    "Developing Eight": "D-8", "Group of Eight Developing Countries": "D-8",
    "Developing-8 Organization for Economic Cooperation": "D-8",
    "Conference on Interaction and Confidence Building Measures in Asia": "CICA",
    "Developing-8": "D-8", "D-8 Organization": "D-8",
    "Group of 20": "G20", "Group of Seven": "G7", "North Atlantic Alliance": "NATO",
    "Commonwealth of Nations": "Commonwealth", "Commonwealth Heads of Government": "Commonwealth",
    "Arab League": "Arab League", "League of Arab States": "Arab League",
    "Mercosur": "Mercosur", "MERCOSUR": "Mercosur", "Mercosul": "Mercosur",
    "Southern Common Market": "Mercosur", "African Union": "AU", "European Union": "EU",
    "Ecowas": "ECOWAS", "Caricom": "CARICOM", "Comesa": "COMESA", "Sadc": "SADC",
    "Economic Community of Central African States": "ECCAS", "Union du Maghreb Arabe": "AMU",
    "Black Sea Economic Cooperation": "BSEC", "Comunidad Andina": "Andean Community",
    "Visegrad Four": "Visegrad Group", "Visegrád Group": "Visegrad Group",
    "Group of Seventy-Seven": "G77", "Non-Aligned Movement": "NAM", "La Francophonie": "OIF",
    "Organisation of American States": "OAS", "Caribbean Community and Common Market": "CARICOM",
}
# Well-known organs, named without their organization: the organization they belong to.
BODY_OF: dict[str, str] = {
    "World Health Assembly": "WHO", "European Council": "EU", "European Commission": "EU",
    "European Parliament": "EU", "North Atlantic Council": "NATO",
    "UN General Assembly": "UN", "United Nations General Assembly": "UN",
    "UN Security Council": "UN", "United Nations Security Council": "UN",
    "World Trade Organization Ministerial Conference": "WTO",
}
# Short forms that are the same body as a key of KNOWN.
_ACRONYM_ALIASES = {"D8": "D-8", "G-20": "G20", "G-7": "G7", "EEU": "EAEU", "CHOGM": "Commonwealth",
                    "OTAN": "NATO", "AL": "Arab League", "UMA": "AMU", "G-77": "G77",
                    "V4": "Visegrad Group", "CEDEAO": "ECOWAS", "CEEAC": "ECCAS",
                    "WAEMU": "UEMOA"}
_NOT_ORGS = frozenset({"CEO", "GDP", "USD", "TV", "AM", "PM", "UTC", "GMT", "MFA", "FM", "PR",
                       "MP", "MW", "KM", "HE", "HH", "HM", "MR", "DR", "II", "III", "IV"})
_BODY_HEADS = frozenset({"council", "board", "committee", "commission", "group", "meeting",
                         "conference", "assembly", "secretariat", "executive", "senior",
                         "summit", "session", "parliament", "court", "panel", "bureau"})
_ORG_HEADS = frozenset({"organization", "organisation", "union", "association", "league",
                        "nations", "community", "bank", "forum", "cooperation", "treaty",
                        "alliance", "fund", "agency", "initiative", "market", "federation",
                        "programme", "program", "institute", "commonwealth", "system",
                        "partnership", "pact", "authority"})
_HEAD = re.compile(r"(?<![\w\-])(?:" + "|".join(sorted(_ORG_HEADS)) + r")(?![\w\-])", re.I)
_WORD = rf"(?<![\w’'\-])[{UPPER}][\w’'\-]*+"  # starts only at a word's start
# The same, opening with the capital (the word start checked just after it): a regex that
# opens so lets the engine skip ahead to capitals instead of trying every position.
_FIRST_WORD = rf"[{UPPER}](?<![\w’'\-].)[\w’'\-]*+"
_SMALL = r"(?:of|for|on|and|the|in|de)"
# Possessive: what may follow a name ("(", ",", ")") never follows a shorter run of its words,
# so giving words back could never let a definition match; it only cost time.
FULL_NAME = rf"{_FIRST_WORD}(?:\s+(?:{_SMALL}\s+)*{_WORD}){{1,9}}+"
_ACR = r"[A-Z][A-Za-z0-9&\-]{1,9}"
# Definitions: "Full Name (ACR)", "Full Name’s (ACR)", "Full Name, ACR," and "ACR (Full Name)".
# Two regexes, each opening with a capital so the engine skips to capitals; `_definitions`
# merges their matches as one alternation of the two would (the first form wins a tie).
_DEFINED_FULL = re.compile(
    rf"(?P<full>{FULL_NAME})(?:[’']s)?\s*(?:\(\s*(?P<a1>{_ACR})\s*\)|"
    rf",\s+(?P<a2>[A-Z][A-Z0-9&\-]{{1,9}}),)")
# Where a `_DEFINED_FULL` match ends ("(ACR)", ", ACR,"), and (backwards) the run of
# characters its name may hold: word characters, apostrophes, hyphens and spaces.
_DEFINITION_END = re.compile(rf"\(\s*{_ACR}\s*\)|,\s+[A-Z][A-Z0-9&\-]{{1,9}}(?=,)")
_NAME_RUN_BACKWARDS = re.compile(r"[\w’'\-\s]*+")
# Where a `_DEFINED_ACRONYM` match may open its brackets, and (backwards) the run of characters
# its acronym and the spaces after it may hold.
_FULL_NAME_OPENS = re.compile(rf"\(\s*[{UPPER}]")
_ACRONYM_RUN_BACKWARDS = re.compile(r"[A-Z0-9&\-\s]*+")
_DEFINED_ACRONYM = re.compile(
    rf"(?P<a3>[A-Z](?<![\w\-].)[A-Z0-9&\-]{{1,9}})\s*\(\s*(?P<full2>{FULL_NAME})\s*\)")
# Opens with the capital, the word start checked just after it (lets the engine skip ahead).
_ACRONYM = re.compile(r"[A-Z](?<![\w\-].)(?:[A-Z]{1,7}|-\d{1,2}|\d{1,2})(?![\w\-])")
# Acronyms said as words are often written as words ("Nato", "Asean", "Brics", "Ecowas").
_ALIASES.update({key.capitalize(): key for key in KNOWN if key.isupper() and key.isalpha()
                 and len(key) >= 4 and key.capitalize() not in {"Alba", "Guam"}})


def _word_start_trie(names: list[str]) -> str:
    """`trie_pattern` over names that start with a capital A-Z, matched only at a word's start:
    each branch opens with its capital and checks the word start just after it, so the engine
    skips ahead to those capitals instead of trying every position."""
    rests: dict[str, list[str]] = {}
    for name in sorted(names):
        if "A" <= name[:1] <= "Z":
            rests.setdefault(name[0], []).append(name[1:])
    return "(?:" + "|".join(f"{first}(?<![\\w\\-].)(?:{trie_pattern(rest)})"
                            for first, rest in rests.items()) + ")"


KNOWN_NAME = _MIXED_KNOWN = re.compile(_word_start_trie(sorted(
    {*(v for v in KNOWN.values() if v.upper() != v), *_ALIASES,
     *(k for k in KNOWN if not k.isupper())})) + r"(?!\w)")
_FULL_TO_KEY = {**{v: k for k, v in KNOWN.items()}, **_ALIASES,
                **{k: k for k in KNOWN if not k.isupper()}}


@dataclass(slots=True)
class Organizations:
    """Organizations of one article, where each is mentioned, and the bodies it defines."""

    facts: list[OrganizationFact]
    mentions: list[tuple[str, Span]]  # (key, span), in text order
    bodies: dict[str, str] = field(default_factory=dict)  # "COM" -> "Council of Ministers"
    keys: frozenset[str] = frozenset()  # every key mentioned, for membership tests
    folded: frozenset[str] = frozenset()  # the same, folded
    _index: SpanIndex[tuple[str, Span]] | None = None
    # main(), worked out once (several stages ask)
    _main: tuple[str | None] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.keys = frozenset(key for key, _ in self.mentions)
        self.folded = frozenset(fold(key) for key in self.keys)

    def main(self) -> str | None:
        """The organization mentioned most (the earliest among equals)."""
        if self._main is None:
            counts = Counter(key for key, _ in self.mentions)
            top = max(counts.values(), default=0)
            self._main = (next((key for key, _ in self.mentions if counts[key] == top), None),)
        return self._main[0]

    def full_name(self, key: str) -> str | None:
        for fact in self.facts:
            if fact.key == key:
                return fact.full_name
        return KNOWN.get(key)

    def at(self, start: int, end: int) -> list[str]:
        """Keys of the mentions that start in [start, end)."""
        return [key for key, _ in self.mentions_at(start, end)]

    def mentions_at(self, start: int, end: int) -> list[tuple[str, Span]]:
        """(key, span) of the mentions that start in [start, end), in O(log n)."""
        if self._index is None:
            self._index = SpanIndex(self.mentions, lambda item: item[1])
        return self._index.between(start, end)

    def key_for(self, name: str) -> str | None:
        """The key of an organization written `name` ("the Economic Cooperation Organization",
        "ECO", "D8"), if this article or the table knows it."""
        bare = re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.I)
        bare = re.sub(r"[’']s$", "", bare)
        if bare in self.keys:
            return bare
        key = _ACRONYM_ALIASES.get(bare) or _FULL_TO_KEY.get(bare)
        if key:
            return key
        low = bare.lower()
        for fact in self.facts:
            if fact.full_name and low == fact.full_name.lower():
                return fact.key
        return None


def canonical_key(acronym: str) -> str:
    """The usual short name of a body ("D8" -> "D-8")."""
    return _ACRONYM_ALIASES.get(acronym, acronym)


_SMALL_WORDS = frozenset({"of", "for", "on", "and", "the", "in", "de"})


def _content_words(full: str) -> list[str]:
    """The words that can lend an acronym letters; a hyphen parts words ("Asia-Pacific")."""
    return [w for w in re.findall(r"[\w’']+", full) if w.lower() not in _SMALL_WORDS]


@lru_cache(maxsize=1 << 12)
def _initials(full: str) -> str:
    return "".join(w[0].upper() for w in _content_words(full))


@lru_cache(maxsize=1 << 12)
def _letters(acronym: str) -> str:
    return "".join(c for c in acronym.upper() if c.isalpha())


def _initials_match(full: str, acronym: str) -> bool:
    """The acronym's letters appear, in order, among the full name's initials."""
    letters, it = _letters(acronym), iter(_initials(full))
    return len(letters) >= 2 and all(any(c == i for i in it) for c in letters)


def _spelled_by_syllables(full: str, acronym: str) -> bool:
    """"CARICOM" from "Caribbean Community", "Mercosur" from "Mercado Común del Sur": the
    acronym is the opening letters of the words, in order, starting with the first word and
    ending with the last (words between may lend nothing)."""
    words = [fold(w) for w in _content_words(full)]
    letters = fold(_letters(acronym))
    if len(words) < 2 or len(letters) < 3:
        return False

    @cache
    def spells(i: int, j: int) -> bool:  # words[i:] spell letters[j:], words[i] lending
        word = words[i]
        for k in range(1, min(len(word), len(letters) - j) + 1):
            if word[:k] != letters[j:j + k]:
                break
            if j + k == len(letters):
                return i == len(words) - 1
            if any(spells(n, j + k) for n in range(i + 1, len(words))):
                return True
        return False

    return spells(0, 0)


def _spelled_within_words(full: str, acronym: str) -> bool:
    """"IGAD" from "Intergovernmental Authority on Development", "IsDB" from "Islamic
    Development Bank": every word lends its first letter, and may lend more from inside it."""
    words = [fold(w) for w in _content_words(full)]
    letters = fold(_letters(acronym))
    if len(words) < 2 or len(letters) > 2 * len(words):
        return False

    @cache
    def spells(i: int, j: int) -> bool:  # words[i:] spell letters[j:]
        if i == len(words):
            return j == len(letters)
        if j == len(letters) or letters[j] != words[i][0]:
            return False
        return _inside(words[i], 1, j + 1, i)

    @cache
    def _inside(word: str, k: int, j: int, i: int) -> bool:  # more letters from word[k:]
        if spells(i + 1, j):
            return True
        if j == len(letters):
            return False
        at = word.find(letters[j], k)
        return at >= 0 and _inside(word, at + 1, j + 1, i)

    return spells(0, 0)


def _spells(full: str, acronym: str) -> bool:
    """`acronym` stands for `full` by initials, syllables or letters from inside the words."""
    return (_initials(full) == _letters(acronym) or _spelled_by_syllables(full, acronym)
            or _spelled_within_words(full, acronym))


def _has_head(name: str) -> bool:
    return _HEAD.search(name) is not None


def _head_named(full: str) -> str | None:
    """A name the acronym does not spell (a translation: "Central American Integration System
    (SICA)") is still an organization's when it holds a head word ("Union", "Bank", "System"):
    words before an "of" that hold none are not part of it ("Leaders of the Arab Maghreb
    Union"), while a head before the "of" begins it ("Union of South American Nations")."""
    full = re.sub(r"^(?:The|the)\s+", "", full)
    if not _has_head(full):
        return None
    start = 0
    for sep in re.finditer(r"\s+(?:of|for)\s+(?:the\s+)?", full):
        if _has_head(full[start:sep.start()]):
            break
        start = sep.end()
    return full[start:] if _has_head(full[start:]) else None


def _is_state(full: str) -> bool:
    """"Turkish Republic of Northern Cyprus (TRNC)", "Russian Federation (RF)": a state
    defined by its acronym is no organization; nor is a news outlet ("Islamic Republic News
    Agency (IRNA)", "Qatar News Agency (QNA)"), which is a source."""
    return _MEDIA_WORD.search(full) is not None or gazetteer.canonical_country(full) is not None \
        or (_STATE_WORD.search(full) is not None and not _has_head(full))


def _is_body(full: str) -> bool:
    """"Council of Ministers", "Board of Governors", "High Level Expert Group": an organ of an
    organization, not an organization ("Gulf Cooperation Council" is one)."""
    words = {w.lower() for w in re.findall(r"[\w\-]+", full)}
    return bool(words & _BODY_HEADS) and not words & _ORG_HEADS


def _best_tail(full: str, acronym: str) -> str | None:
    """The full name may start with words that are not part of it ("opened the ..."): the
    shortest tail whose initials spell the acronym exactly, else loosely."""
    full = re.sub(r"^(?:The|the)\s+", "", full)
    words = full.split()
    tails = [" ".join(words[k:]) for k in range(len(words) - 1, -1, -1)]
    letters = _letters(acronym)
    exact = [t for t in tails if _initials(t) == letters] or [
        t for t in tails if len(t.split()) > 1  # "Council of Ministers (COM)"
        and "".join(w[0].upper() for w in t.split()) == letters]
    if exact:
        return exact[0]
    return next((t for t in tails if len(t.split()) > 1 and _initials_match(t, acronym)),
                None) or next((t for t in tails if _spelled_by_syllables(t, acronym)), None)


_NAME_PHRASE = re.compile(FULL_NAME)
_POSSESSIVE = re.compile(r"[’']s?$")
_MEDIA_WORD = re.compile(r"\b(?:News|Press|Broadcasting|Television|Radio)\b")
_STATE_WORD = re.compile(r"\b(?:Republic|Kingdom|Emirates?|Sultanate|Principality|State\s+of)\b")
_MAX_NAMES_PER_LETTER = 20  # full names tried for one undefined acronym (keeps it linear)


_CAP_HEAD = re.compile(r"(?=[A-Z])(?<![\w\-])(?:" + "|".join(
    sorted(h.capitalize() for h in _ORG_HEADS)) + r")(?![\w\-])")
_PHRASE_BACK = 120  # characters a name may run before its head word


def _head_phrases(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Capitalised phrases in text[start:end] that hold a capitalised head word ("Union",
    "Bank"), found from the head words, so the work follows them, not the text's length."""
    out: list[re.Match[str]] = []
    last_end = start
    for head in _CAP_HEAD.finditer(text, start, end):
        if head.start() < last_end:
            continue
        window = max(last_end, head.start() - _PHRASE_BACK)
        for m in _NAME_PHRASE.finditer(text, window, min(end, head.end() + _PHRASE_BACK)):
            if m.start() <= head.start() < m.end():
                out.append(m)
                last_end = m.end()
                break
    return out


def named_organization(text: str, start: int, end: int) -> str | None:
    """The last organization written out in text[start:end] with a head word, known or not
    ("the Alliance of Sahel States groups …"); never a body or a state."""
    found = None
    for m in _head_phrases(text, start, end):
        name = _head_named(_POSSESSIVE.sub("", m.group(0)))
        if name is not None and len(name.split()) > 1 and not _is_body(name) \
                and not _is_state(name):
            found = _FULL_TO_KEY.get(name, name)
    return found


def _learn_from_names(text: str, acronyms: list[re.Match[str]],
                      defined: dict[str, OrganizationFact], bodies: dict[str, str],
                      mentions: list[tuple[str, Span]]) -> None:
    """Names written out in full: a full name learned from a definition counts wherever it
    recurs, and an acronym the text never defines ("the IGAS summit") is the organization
    whose full name it spells elsewhere ("the Intergovernmental Agency for the Sahel")."""
    learned = {fact.full_name: key for key, fact in defined.items()
               if fact.full_name not in _FULL_TO_KEY}
    undefined: list[str] = []
    for m in acronyms:
        raw = m.group(0)
        if not (len(raw) < 3 or raw in undefined or raw in defined or raw in bodies
                or raw in _NOT_ORGS or canonical_key(raw) in KNOWN
                or gazetteer.canonical_country(raw)):
            undefined.append(raw)
    if not learned and not undefined:
        return
    covered = SpanIndex(list(mentions), lambda item: item[1])
    spans: dict[str, list[Span]] = {}
    for m in _head_phrases(text, 0, len(text)):
        phrase = _POSSESSIVE.sub("", m.group(0))  # "the … Sahel’s members"
        name = _head_named(phrase)
        if name is None or name in _FULL_TO_KEY or _is_body(name) or _is_state(name):
            continue
        end = m.start() + len(phrase)
        span = Span(end - len(name), end)
        if not covered.covers(span.start):
            spans.setdefault(name, []).append(span)
    by_letter: dict[str, list[str]] = {}
    for name in spans:
        if name in learned:
            mentions.extend((learned[name], span) for span in spans[name])
        else:
            by_letter.setdefault(_initials(name)[:1], []).append(name)
    for raw in undefined:
        for name in by_letter.get(raw[:1].upper(), [])[:_MAX_NAMES_PER_LETTER]:
            if _spells(name, raw):
                defined[raw] = OrganizationFact(raw, name, spans[name][0])
                mentions.extend((raw, span) for span in spans[name])
                by_letter[raw[:1].upper()].remove(name)
                break


def _definitions(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_DEFINED_FULL` and `_DEFINED_ACRONYM`, in text order and not
    overlapping, as a scan with their alternation would find them."""
    full_from, acronym_from = _full_definitions(text), _acronym_definitions(text)
    full, acronym = full_from(0), acronym_from(0)
    while full is not None or acronym is not None:
        m = full if acronym is None or (full is not None and full.start() <= acronym.start()) \
            else acronym
        yield m
        pos = m.end()
        if full is not None and full.start() < pos:
            full = full_from(pos)
        if acronym is not None and acronym.start() < pos:
            acronym = acronym_from(pos)


def _acronym_definitions(text: str) -> Callable[[int], re.Match[str] | None]:
    """`pos -> _DEFINED_ACRONYM.search(text, pos)`, faster: a match opens brackets before a
    capital, with its acronym in the run of `_ACRONYM_RUN_BACKWARDS` characters just before,
    and closes them at the first ")", so only that stretch is searched at each bracket."""
    opens = [m.start() for m in _FULL_NAME_OPENS.finditer(text)]
    backwards = text[::-1] if opens else ""
    runs = [reach_back(_ACRONYM_RUN_BACKWARDS, backwards, at) for at in opens]

    def search(pos: int) -> re.Match[str] | None:
        for i in range(bisect_right(opens, pos), len(opens)):
            close = text.find(")", opens[i])
            if close < 0:
                return None
            m = _DEFINED_ACRONYM.search(text, max(runs[i], pos), close + 1)
            if m is not None:
                return m
        return None

    return search


def _full_definitions(text: str) -> Callable[[int], re.Match[str] | None]:
    """`pos -> _DEFINED_FULL.search(text, pos)`, faster: a match ends at a `_DEFINITION_END`
    with its name in the run of `_NAME_RUN_BACKWARDS` characters just before, so only those
    runs are searched, not every capital of the text."""
    ends = [(m.start(), m.end() + 1) for m in _DEFINITION_END.finditer(text)]
    starts = [at for at, _ in ends]
    backwards = text[::-1] if ends else ""
    runs = [reach_back(_NAME_RUN_BACKWARDS, backwards, at) for at in starts]

    def search(pos: int) -> re.Match[str] | None:
        for i in range(bisect_right(starts, pos), len(ends)):
            m = _DEFINED_FULL.search(text, max(runs[i], pos), ends[i][1])
            if m is not None:
                return m
        return None

    return search


def find_organizations(text: str) -> Organizations:
    defined: dict[str, OrganizationFact] = {}
    bodies: dict[str, str] = {}
    mentions: list[tuple[str, Span]] = []
    for m in _definitions(text):
        if m.re is _DEFINED_ACRONYM:
            acronym, full_text, full_start = m.group("a3"), m.group("full2"), m.start("full2")
        else:
            acronym = m.group("a1") or m.group("a2")
            full_text, full_start = m.group("full"), m.start("full")
        full_text = _POSSESSIVE.sub("", full_text)  # "… Organisation’s (ECO)"
        if _is_state(full_text):
            continue
        known = _FULL_TO_KEY.get(full_text) or _FULL_TO_KEY.get(
            re.sub(r"^(?:The|the)\s+", "", full_text))
        candidate = _best_tail(full_text, acronym)
        if candidate is None and known is None:
            candidate = _head_named(full_text)
            if candidate is None or _is_body(candidate):
                continue
        if (known is None and canonical_key(acronym) not in KNOWN and candidate is not None
                and _is_body(candidate)):
            bodies.setdefault(acronym, candidate)
            continue
        key = known or canonical_key(acronym)
        named = candidate or full_text  # the words that name it ("Summit of the …" do not)
        span = Span(full_start + max(0, len(full_text) - len(named)), m.end())
        if m.re is _DEFINED_ACRONYM:
            span = Span(m.start(), m.end())
        if key not in defined:
            defined[key] = OrganizationFact(key, candidate or KNOWN.get(key) or full_text, span)
        mentions.append((key, span))
    acronyms = list(_ACRONYM.finditer(text))
    _learn_from_names(text, acronyms, defined, bodies, mentions)
    covered = SpanIndex(list(mentions), lambda item: item[1])
    found: list[tuple[str, Span]] = []
    for m in _MIXED_KNOWN.finditer(text):
        key = _FULL_TO_KEY[m.group(0)]
        if key not in defined:
            defined[key] = OrganizationFact(key, KNOWN.get(key, m.group(0)),
                                            Span(m.start(), m.end()))
        if not covered.covers(m.start()):
            found.append((key, Span(m.start(), m.end())))
    mentions += found
    covered = SpanIndex(list(mentions), lambda item: item[1])
    found = []
    for m in acronyms:
        raw = m.group(0)
        if raw in bodies or raw in _NOT_ORGS:
            continue
        key = canonical_key(raw)
        if key not in defined and key not in KNOWN:
            continue
        if key not in defined:
            defined[key] = OrganizationFact(key, KNOWN[key], Span(m.start(), m.end()))
        if not covered.covers(m.start()):
            found.append((key, Span(m.start(), m.end())))
    mentions += found
    mentions.sort(key=lambda item: item[1].start)
    return Organizations(list(defined.values()), mentions, bodies)
