"""People, their roles and countries, and every mention of them (names, surnames, descriptors
such as "the top Iranian diplomat"), so later steps can attribute what was said."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from knowledge import gazetteer
from knowledge.extract.facts import PersonFact, Span
from knowledge.extract.lexicon import (
    CAPITAL_NAME_START,
    CAPITAL_ROLE_START,
    FIELD_MINISTER,
    FIELD_WORDS,
    HONORIFIC,
    HONORIFIC_WORDS,
    HONORIFICS,
    NAME,
    NAME_START,
    NOT_NAMES,
    PARTICLES,
    ROLE_CLASSES,
    ROLE_FAST,
    ROLES,
    SPEECH_VERBS,
    STATEMENT_VERBS,
    any_case,
    trie_pattern,
)
from knowledge.extract.organizations import KNOWN, Organizations
from knowledge.extract.text import SpanIndex, span_index
from knowledge.normalize import fold

_CAP = r"(?<![\w’'\-])[A-Z][\w\-]*+"  # possessive: no backtracking inside a word
# _CAP for a regex that starts with it: the capital first, so the engine scans fast to it
_CAP_START = r"[A-Z](?<![\w’'\-].)[\w\-]*+"
_TITLE_WORDS = {w for role in ROLES for w in role.split()} | {
    "minister", "deputy", "acting", "former", "foreign", "interior", "energy", "trade",
    "transport", "defence", "defense", "finance", "economy", "first", "senior"}
# one-word roles that can stand inside a run of capitalised words before a name
_ROLE_WORDS = {r for r in ROLES if " " not in r and len(r) > 3} | {
    "minister", "chairperson", "chairwoman", "premier", "secretary"}
# roles that are also courtesy titles: an office named with them is the person's role
_TITLES = frozenset({"Ambassador", "Senator", "Professor"})
# speech verbs that are also plural nouns ("member states", "notes", "calls"): a verb only
# when a clause or quote follows
_NOUN_VERBS = frozenset("states notes points calls voices hails remarks stresses".split())
_CLAUSE_NEXT = re.compile(r"\s*(?:[:,“\"«]|that\b|out\b|for\b|on\b)")
_NEXT_WORD = re.compile(r"\s+(\w+)")


class _NameFirst:
    """A regex that opens with NAME_START, compiled twice: as written, and for the many texts
    with no "l-" (so no "al-", "el-"), where a name opens only at a capital
    (CAPITAL_NAME_START: the engine then stops only at capitals, not at every "a" and "e")."""

    def __init__(self, pattern: str) -> None:
        self.any_start = re.compile(pattern)
        self.capital_start = re.compile(pattern.replace(NAME_START, CAPITAL_NAME_START, 1))

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        rx = self.any_start if "l-" in text else self.capital_start  # one scan of the text
        return rx.finditer(text)


# lower-case words between a nationality and a role: "Iran's deputy Foreign Minister X"
_MODIFIER = r"(?:deputy|acting|former|outgoing|incoming|then|newly\s+appointed)"
_DEPUTY = re.compile(r"\b(?P<mod>deputy|acting)[ \t]+$")
_BEFORE_ROLE = re.compile(rf"((?:{_CAP}(?:[’']s)?[ \t]+){{1,3}})(?:{_MODIFIER}[ \t]+)?$")
# roles before names are capitalised in news style ("President X")
_ROLE_NAME = re.compile(rf"(?P<role>{CAPITAL_ROLE_START}),?\s+{HONORIFICS}(?P<name>{NAME})")
# a nationality or country, then a role in lower case: "Uzbek leader Shavkat Mirziyoyev"
_ADJ_ROLE_NAME = re.compile(
    rf"(?P<adj>{_CAP_START})(?:[’']s)?\s+(?P<role>(?i:president|prime minister|leader|"
    rf"foreign minister|premier|king|emir|amir|chancellor|minister|top\s+diplomat))\s+"
    rf"{HONORIFICS}(?P<name>{NAME})")
# "President of the Republic of Azerbaijan Ilham Aliyev", "chairman of the People’s Council of
# Turkmenistan Gurbanguly Berdimuhamedov": the country phrase is found by the gazetteer
_CAPS = r"(?<![\w’'\-])[A-Z][\w’'\-]*+"
# (the lookahead: only at a letter a role can open with, not at every word boundary)
_ROLE_INITIALS = "".join(sorted({role[0] for role in ROLES}))
_ROLE_OF_COUNTRY_NAME = re.compile(
    rf"\b(?=[{_ROLE_INITIALS}A-Z])(?P<role>{ROLE_FAST})[ \t]+(?:of[ \t]+)?(?:the[ \t]+)?"
    rf"(?P<rest>(?:{_CAPS}\.?|of|the)"
    rf"(?:,?[ \t]+(?:{HONORIFIC}|{_CAPS}\.?|of|the|and)){{1,12}})")
_NAME_ROLE = _NameFirst(
    rf"(?P<name>{NAME_START}),\s+(?:the\s+|a\s+)?"
    rf"(?:(?P<owner>{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP}){{0,4}})[’']s\s+"
    rf"|(?P<adj>{_CAP})\s+)?(?P<role>{ROLE_FAST}|{FIELD_MINISTER})\b"
    rf"(?:\s+of\s+(?:the\s+)?(?P<of>{_CAP}(?:\s+(?:of\s+(?:the\s+)?)?{_CAP})*))?"
    rf"(?:[^,;.\n]{{0,60}}?,\s+from\s+(?:the\s+)?(?P<from>{_CAP}(?:\s+{_CAP})*))?")
_OF_COUNTRY = re.compile(
    rf"[ \t]+of[ \t]+(?:the[ \t]+)?({_CAP}(?:[ \t]+(?:and[ \t]+|of[ \t]+)?{_CAP}){{0,3}})")
_NAMED_NEXT = re.compile(rf"[ \t]+{HONORIFICS}(?P<name>{NAME})")
_ROLE_OF_NAME = re.compile(
    rf"[Tt](?<=\b[Tt])he\s+(?P<role>{ROLE_FAST})\s+of\s+(?:the\s+)?(?P<of>{_CAP}(?:\s+{_CAP})*),\s+"
    rf"{HONORIFICS}(?P<name>{NAME})")
# "Kazakhstan’s Foreign Minister, Yermek Kosherbayev,", "Iran’s President, Mahmoud Ahmadinejad,"
# ("[Tt](?<=\b[Tt])he": the word boundary is checked only where a "t" stands, which is far
# faster than "\b[Tt]he" tried at every position)
# (found from the possessive mark, the owner then read before it: one pass, no backtracking)
_OWNER_ROLE_COMMA_NAME = re.compile(
    rf"[’']s\s+(?P<role>{ROLE_FAST}),\s+{HONORIFICS}(?P<name>{NAME})[,.;]")
_OWNER = re.compile(rf"(?:(?P<owner>{_CAP}(?:\s+{_CAP})?)|\b[Tt]he\s+[a-z]+)$")
# "X, a Vietnamese diplomat," / "X, a Botswana national": the nationality of someone named
_NATIONAL = re.compile(
    rf",\s+an?\s+(?:(?:former|veteran|career|senior|seasoned)\s+)?"
    rf"(?:(?P<adj>{_CAP}(?:\s+{_CAP})?)\s+)?(?:diplomat|national|citizen|official|politician|"
    rf"economist|lawyer|academic|banker|civil\s+servant|general|engineer|scholar|"
    rf"businessman|businesswoman|physician|technocrat)\b"
    rf"(?:\s+from\s+(?:the\s+)?(?P<from>{_CAP}(?:\s+(?:and\s+)?{_CAP}){{0,2}}))?")
# "The Secretary General of X … is currently Dr. Y from Z" / "named Y, …, as new Secretary
# General": a role given through a copula or an appointment
_ROLE_IS_NAME = re.compile(
    rf"[Tt](?<=\b[Tt])he\s+(?P<role>{ROLE_FAST})(?:\s+of\s+[^,.;]{{1,60}}?)?(?:,[^,.;]{{1,80}},)?\s+(?:is|was)"
    rf"\s+(?:currently\s+|now\s+)?{HONORIFICS}(?P<name>{NAME})"
    rf"(?:\s+from\s+(?:the\s+)?(?P<from>{_CAP}(?:\s+(?:and\s+)?{_CAP}){{0,2}}))?")
_NAMED_AS = re.compile(
    rf"(?=[nae])\b(?:name|named|names|naming|appoint|appointed|appoints|elect|elected|elects)\s+"
    rf"{HONORIFICS}(?P<name>{NAME})(?:,[^,.;]{{1,80}},)?\s+as\s+(?:the\s+)?(?:new\s+|next\s+)?"
    rf"(?P<role>{ROLE_FAST})")
# "The Turkmen minister, Berdi Atayev, …" / "the bloc's chief, X,"
_THE_ROLE_COMMA_NAME = re.compile(
    rf"[Tt](?<=\b[Tt])he\s+(?:(?P<adj>{_CAP}(?:\s+{_CAP})?)\s+)?(?P<role>{ROLE_FAST}|{FIELD_MINISTER}|minister),"
    rf"\s+{HONORIFICS}(?P<name>{NAME}),")
# titles that tell a person's gender, so "she" is never read as a man named before
_FEMALE = frozenset({"Mrs", "Ms", "Mme", "Madam", "Madame", "Sheikha", "Queen", "Princess"})
_TITLES_OF_GENDER = ("Mr", "Mrs", "Ms", "Mme", "Madam", "Madame", "Sheikha", "Queen", "Princess",
                     "King", "Prince")
# (each title's first letter, then the word boundary before it: alternatives that all open with
# a letter let the engine scan fast to those capitals, so no scan for the titles first pays)
_GENDERED = re.compile("(?P<title>" + "|".join(rf"{t[0]}(?<!\w.){t[1:]}" for t in _TITLES_OF_GENDER)
                       + rf")\.?\s+(?P<name>{NAME})")
# "Xi Jinping's special envoy Li Wen", "Putin's spokesman Ivan Orlov": an aide of someone named
_AIDE_NAME = re.compile(
    rf"[’']s\s+(?P<role>special\s+envoy|envoy|spokesman|spokeswoman|spokesperson|(?:chief|senior)"
    rf"\s+adviser|adviser|advisor|chief\s+of\s+staff)\s+{HONORIFICS}(?P<name>{NAME})")
# "The Bahamas was represented by …", "Egypt's delegation was led by …": the person named
# next serves that country
_REPRESENTED = re.compile(
    rf"(?P<country>{_CAP}(?:\s+(?:and\s+|of\s+)?{_CAP}){{0,3}})(?:[’']s)?\s+(?:delegation\s+)?"
    rf"(?:was|were|is|will\s+be)\s+(?:represented|led|headed)\s+by\s+")
# "X, who also serves as the Foreign Minister of Zimbabwe": the country of someone named
# (the regex starts at "who": the name is matched against the people found)
_SERVES_AS = re.compile(
    rf"w(?<=\bw)ho\s+(?:also\s+)?(?:serves|served|is|was)\s+(?:also\s+)?as\s+"
    rf"(?:the\s+)?(?P<role>{ROLE_FAST})\s+of\s+(?:the\s+)?(?P<of>{_CAP}(?:\s+(?:of\s+)?{_CAP}){{0,3}})")
# "His foreign minister, Badr Said, …": the minister of the one "his" stands for
_HIS_ROLE_NAME = re.compile(
    rf"[Hh](?<=\b[Hh])(?:is|er)\s+(?P<role>{ROLE_FAST}|{FIELD_MINISTER}),\s+{HONORIFICS}(?P<name>{NAME}),")
# "Kuwait chaired the session. Its foreign minister, X, …": the minister of the country the
# sentence before opens with
_ITS_ROLE_NAME = re.compile(
    rf"I(?<=\bI)ts\s+(?P<role>{ROLE_FAST}|{FIELD_MINISTER}|foreign\s+minister),\s+"
    rf"{HONORIFICS}(?P<name>{NAME}),")
# Words that carry an organization's name on into one of its bodies ("the AU Commission")
_BODY_WORDS = frozenset("commission council secretariat committee board bank business "
                        "parliament assembly court bureau union agency fund summit".split())
_OWNED_NAME = re.compile(r"(?P<owner>[^’']+)[’']s\s+(?P<name>\S+\s+\S.*)$")
# Offices a country holds ("Its president, X"); a secretary-general serves an organization
_NATIONAL_OFFICES = frozenset({"President", "Vice President", "King", "Queen", "Emir", "Sultan",
                               "Crown Prince", "Chancellor", "Ambassador",
                               "Permanent Representative", "Envoy", "Special Envoy"})
_CAP_RUN = re.compile(rf"{_CAP}(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?{_CAP}){{0,3}}")
_COUNTERPART = re.compile(
    rf"\b(?:his|her)\s+(?:(?P<adj>{_CAP})\s+)?counterpart,?\s+(?P<name>{NAME})")
_SPEAKER = _NameFirst(
    rf"(?P<name>{NAME_START})\s+(?:has\s+|had\s+|also\s+|further\s+|then\s+)*(?P<verb>[a-z]+)\b")
_DESCRIPTOR_BODY = (
    r"(?=[A-Z]|the\b)(?:(?P<the>[Tt]he)\s+)?(?:(?:top|senior|chief|visiting|veteran)\s+)?"
    rf"(?:(?P<owner>{_CAP})[’']s\s+|(?P<adj>{_CAP})\s+)?"
    r"(?P<noun>" + any_case({"foreign minister", "prime minister", "interior minister",
                             "secretary-general", "secretary general", "president", "premier",
                             "diplomat", "minister", "leader", "official", "chair", "chairman",
                             "chairwoman", "chairperson", "host", "envoy", "spokesman",
                             "spokeswoman", "spokesperson", "ambassador"}) + r")\b"
    r"(?!\s+(?:country|countries|city|cities|nation|government|state)\b)")
# The descriptor at a capital or "t" that opens a word: a character class first lets the engine
# scan fast to those letters (a leading "\b" has it try every position). The descriptor itself
# is matched inside a lookahead, from the lookbehind over that letter, so the match spans only
# the letter: a descriptor ends at end("noun"), and the matches within one are skipped
_DESCRIPTOR = re.compile(rf"[A-Zt](?<!\w.)(?<=(?={_DESCRIPTOR_BODY}).)")
# "the head of the Kyrgyz foreign ministry": that country's foreign minister
_HEAD_OF_MINISTRY = re.compile(
    rf"[Tt](?<=\b[Tt])he\s+(?:[Hh]ead|[Cc]hief)\s+of\s+the\s+(?P<adj>{_CAP}(?:\s+{_CAP})?)\s+"
    rf"(?P<field>(?i:foreign|{trie_pattern(sorted(FIELD_WORDS))}))\s+(?i:ministry)\b")
# what a person did that a later descriptor names: "X chaired …" -> "the Chair"
_DUTY_AFTER = re.compile(r"(?=[cph])\b(?:(?P<chair>chaired|chairs|chairing|presided|presides)|"
                         r"(?P<host>hosted|hosts|hosting))\b(?!\s+by\b)")
_DUTY_BEFORE = re.compile(r"(?=[cuphTt])\b(?:(?P<chair>chaired\s+by|"
                          r"under\s+the\s+chairmanship\s+of|presided\s+over\s+by|[Tt]he\s+chair(?:man|woman|person)?,)|"
                          r"(?P<host>hosted\s+by|[Tt]he\s+host,))\s+")
_CHAIR_ROLES = frozenset({"Chair", "Chairman", "Chairwoman", "Chairperson"})


@dataclass(slots=True)
class Person:
    """A person of this article while it is read."""

    name: str
    role: str | None = None
    country: str | None = None
    organization: str | None = None
    first: Span | None = None
    surfaces: set[str] = field(default_factory=set)
    duties: set[str] = field(default_factory=set)  # "chair", "host": what the text says they did
    gender: str | None = None  # "f" / "m" where a title says so ("Ms", "Mr", "Sheikha")

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    person: int  # index into People.people
    kind: str  # name | descriptor
    # how many people the mention could denote: 1 for a name; for a descriptor ("the
    # minister") the people whose role fits it, and those the article describes so but never
    # names ("The Russian president" with no Russian among the people)
    candidates: int = 1
    country: str | None = None  # the nationality a descriptor gives ("the Kenyan minister")


@dataclass(slots=True)
class People:
    people: list[Person]
    mentions: list[Mention]
    # descriptors of a person who fits no one found ("the Russian president" in a story whose
    # only named person is Tajik): someone unnamed the text may go on to quote
    unknown: list[Span] = field(default_factory=list)
    _index: SpanIndex[Mention] | None = None

    def facts(self) -> list[PersonFact]:
        out = []
        for i, p in enumerate(self.people):
            spans = [m.span for m in self.mentions if m.person == i]
            first = p.first or (spans[0] if spans else Span(0, 0))
            out.append(PersonFact(p.name, p.role, p.country, p.organization, first, spans,
                                  sorted(p.surfaces - {p.name})))
        return out

    def mentions_between(self, start: int, end: int) -> list[Mention]:
        if self._index is None:
            self._index = SpanIndex(self.mentions, lambda m: m.span)
        return self._index.between(start, end)


_SMALL_WORDS = frozenset({"of", "for", "and", "the", "in", "on"})


def canonical_role(text: str) -> str:
    """"minister of foreign affairs" -> "Foreign Minister"; "Energy Minister" stays."""
    key = " ".join(text.lower().split())
    if key in ROLES:
        return ROLES[key]
    m = re.fullmatch(r"(deputy )?minister (?:of|for) (?:the )?(.+)", key)
    if m:
        field_ = canonical_role(m.group(2))
        return f"{'Deputy ' if m.group(1) else ''}{field_} Minister"
    return " ".join(w if w.isupper() else w.lower() if w.lower() in _SMALL_WORDS
                    else w.capitalize() for w in text.split())


def _country_of(words: str) -> str | None:
    words = re.sub(r"[’']s$", "", words.strip())
    return gazetteer.canonical_country(words) if words else None


def _role_and_country(text: str) -> tuple[str, str | None]:
    """"Prime Minister of Kenya" -> ("Prime Minister", "Kenya"); other roles unchanged."""
    m = re.search(r"\s+(?i:of|for)\s+(?:the\s+)?([^,]+)$", text)
    country = _country_of(m.group(1)) if m else None
    if m and country:
        return canonical_role(text[:m.start()]), country
    first, _, rest = text.partition(" ")
    if rest and (country := _country_of(first)):  # "Philippine Secretary of Foreign Affairs"
        return canonical_role(re.sub(r"^and\s+", "", rest)), country
    return canonical_role(text), None


def _has(text: str, *words: str) -> bool:
    """Any of `words` in `text` (a plain substring test: a rare pattern runs only where its
    words occur)."""
    return any(w in text for w in words)


def _country_runs_on(role: str, name: str) -> bool:
    """The role's last words and the name's first ones make a country ("… of Saint" +
    "Lucia")."""
    m = re.search(r"\s(?:of|for)\s+(?:the\s+)?(.+)$", role)
    if m is None:
        return False
    words = name.split()
    return any(_country_of(f"{m.group(1)} {' '.join(words[:j])}")
               for j in range(1, len(words) + 1))


def _country_opening(phrase: str) -> str | None:
    """The country the longest opening of `phrase` names ("Estonia and Trade Minister …")."""
    words = phrase.split()
    return next((c for j in range(len(words), 0, -1)
                 if (c := _country_of(" ".join(words[:j])))), None)


def _country_in(words: list[str]) -> str | None:
    """The country the longest run of `words` names ("South African", "New Zealand")."""
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            country = _country_of(" ".join(words[i:i + size]))
            if country:
                return country
    return None


def _subject_country(before: str) -> str | None:
    """The country that opens the sentence ending `before` (its subject, whom "Its" in the
    next sentence stands for): "Bahrain, which holds the presidency, chaired the session."."""
    ends = [m.end() for m in re.finditer(r"[.!?]\s+", before.rstrip())]
    sentence = before[ends[-1]:] if ends else before
    m = _CAP_RUN.match(sentence.lstrip())
    return _country_opening(m.group()) if m else None


_PARTICLE_WORDS = frozenset(PARTICLES[3:-1].split("|"))  # "bin", "ibn", "van": the alternation
_LEADING_NON_NAMES = NOT_NAMES | _TITLE_WORDS | HONORIFIC_WORDS
_POSSESSIVE = re.compile(r"[’']s$")
_WORD_CHAR = re.compile(r"\w")


def _valid_name(name: str, orgs: Organizations) -> str | None:
    """The name without trailing non-name words, or None if it is not a person's name."""
    words = name.split()
    while words and (words[-1].lower() in NOT_NAMES or words[-1].lower() in SPEECH_VERBS) and (
            len(words) < 2 or words[-2].lower() not in _PARTICLE_WORDS):
        words.pop()  # ("Qaboos bin Said": after a particle, a name)
    dropped = ""
    while words and ((first := words[0].lower().rstrip(".")) in _LEADING_NON_NAMES
                     or (words[0] in {"Sheikh", "Sheikha"}
                         and _sheikh_is_honorific(words[1:]))):
        if first in {"sri", "seri"} and dropped not in {"datuk", "dato", "tan"}:
            break  # "Sri Mulyani": a given name, not the second word of "Tan Sri"
        dropped = words.pop(0).lower().rstrip(".’'")  # "Foreign Minister X said": no title
    cut = max((i for i, w in enumerate(words[:-1]) if w.lower() in _ROLE_WORDS), default=-1)
    if cut >= 0:  # "Niuean Premier Toke Talagi": a role word is never part of a name
        words = [w for w in words[cut + 1:]
                 if w.lower().rstrip(".") not in HONORIFIC_WORDS] or words[cut + 1:]
    if not words or words[0].isupper() or words[-1].lower() in _ROLE_WORDS or any(
            w.endswith(("’s", "'s")) for w in words[:-1]):
        return None  # "General's Envoy": a role, not a name
    if any(w.lower() in FIELD_WORDS for w in words):
        return None  # "Minister of Roads and Urban Development": a ministry, not a name
    candidate = " ".join(words)
    for i, word in enumerate(words):
        key = word[:-2] if word.endswith(("’s", "'s")) else word
        if 0 < i < len(words) - 1 and len(key.rstrip(".")) <= 2:
            continue  # a middle initial: "George W. Bush", "Retno LP Marsudi"
        if ((key.isupper() and len(key) > 1 and (i == 0 or len(key) < 3)) or key in KNOWN
                or fold(key) in orgs.folded):
            return None
        if gazetteer.canonical_country(key) is not None:
            return None
    big_city = len(words) == 1 and gazetteer.city_population(candidate) > 500_000
    if gazetteer.canonical_country(candidate) or big_city:
        return None
    return _POSSESSIVE.sub("", candidate)


def _name_span(m: re.Match[str], name: str) -> Span:
    """Where `name` (the name group, cleaned of titles) stands in the text."""
    start = m.start("name") + max(0, m.group("name").find(name))
    return Span(start, start + len(name))


def _misspelt(a: str, b: str) -> bool:
    """"Federica Mogherni" for "Federica Mogherini": the same given name and a surname one
    slip away."""
    wa, wb = [fold(w) for w in a.split()], [fold(w) for w in b.split()]
    return (len(wa) == len(wb) >= 2 and wa[:-1] == wb[:-1] and len(wa[-1]) >= 5
            and wa[-1] != wb[-1] and fuzz.ratio(wa[-1], wb[-1]) >= 85)


def _sheikh_is_honorific(rest: list[str]) -> bool:
    """"Sheikh" is a courtesy title before an Arab ruler's full name ("Sheikh Sabah Al-Ahmad
    Al-Sabah", "Sheikh al-Thani"), but part of a two-word given name ("Sheikh Hasina")."""
    return len(rest) >= 3 or any(w.lower().startswith(("al-", "al", "bin", "bint", "ibn"))
                                 and len(w) > 2 for w in rest[1:] or rest)


def _single_words(people: list[Person]) -> dict[str, int]:
    """Words of a name that a later mention may use alone, when no one else's name has them:
    "Lula" (Luiz Inacio Lula da Silva), "Xi" (Xi Jinping), "Bolat" (Ömer BOLAT)."""
    owners: dict[str, set[int]] = {}
    for i, p in enumerate(people):
        for word in p.name.split():
            forms = {word, word.title()} if word.isupper() else {word}
            for form in forms:
                if (len(form) >= 2 and form[0].isupper() and form.lower() not in NOT_NAMES
                        and form.lower() not in _PARTICLE_WORDS
                        and gazetteer.canonical_country(form) is None
                        and gazetteer.city_population(form) < 100_000):
                    owners.setdefault(form, set()).add(i)
    return {form: next(iter(who)) for form, who in owners.items() if len(who) == 1}


def _whole_words(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of `words` standing in `text` as whole words, left to right, the longest
    at each place and none within another: what the regex "\\b(longest|…|shortest)(?!\\w)"
    finds, by plain substring search (a regex of an article's names costs more to compile
    than to run)."""
    def is_word(i: int) -> bool:
        return 0 <= i < len(text) and _WORD_CHAR.match(text, i) is not None

    found = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if is_word(start - 1) != is_word(start) and not is_word(end):
                found.append((start, -end))  # sorted: the longest first at each start
            start = text.find(word, start + 1)
    out = []
    last = 0
    for start, end in sorted(found):
        if start >= last:
            last = -end
            out.append((start, last))
    return out


def _same_person(p: Person, name: str) -> bool:
    """`name` denotes the person `p` (the same name, a misspelling, the surname alone, or one
    word of theirs: "Cheng" for "Cheng Guoping", "Nouri" for "Gholamreza Nouri Ghezeljeh")."""
    surname = fold(name.split()[-1])
    words = {fold(w) for w in name.split()}
    theirs = {fold(w) for w in p.name.split()}
    return fold(p.name) == fold(name) or _misspelt(p.name, name) or (
        fold(p.surname) == surname and (len(words) == 1 or len(theirs) == 1
                                        or fold(name) in fold(p.name)
                                        or fold(p.name) in fold(name))) or (
        (len(words) == 1 and words <= theirs) or (len(theirs) == 1 and theirs <= words))


class _Builder:
    def __init__(self, text: str, orgs: Organizations, quotes: list[Span]) -> None:
        self.text = text
        self.orgs = orgs
        self.quotes = span_index(quotes)
        self.people: list[Person] = []
        self._names: dict[str, str | None] = {}

    def valid(self, name: str) -> str | None:
        """`_valid_name` of `name`, remembered: the same names recur through the passes."""
        try:
            return self._names[name]
        except KeyError:
            valid = self._names[name] = _valid_name(name, self.orgs)
            return valid

    def _outside(self, pos: int) -> bool:
        return not self.quotes.covers(pos)

    def add(self, name: str, span: Span, role: str | None = None, country: str | None = None,
            organization: str | None = None) -> int:
        if role is not None:  # "Prime Minister of Jamaica": the country is not the role
            role, of = _role_and_country(role)
            country = country or of
        for i, p in enumerate(self.people):
            if _same_person(p, name):
                if len(name) > len(p.name):
                    p.surfaces.add(p.name)
                    p.name = name
                p.surfaces.add(name)
                if not p.role or (p.role in _TITLES and role):
                    p.role = role  # "Ambassador X, Minister for Foreign Affairs": the office
                p.country = p.country or country
                p.organization = p.organization or organization
                if p.first is None or span.start < p.first.start:
                    p.first = span
                return i
        self.people.append(Person(name, role, country, organization, span, {name}))
        return len(self.people) - 1

    def context_before(self, pos: int) -> tuple[str | None, str | None]:
        """(country, organization) from the words right before a role ("Iranian", "South
        African", "Ghana's", "ECO", "United Nations")."""
        m = _BEFORE_ROLE.search(self.text, max(0, pos - 60), pos)
        if not m:
            return None, None
        words = [re.sub(r"[’']s$", "", w) for w in m.group(1).split()]
        keys = self.orgs.at(m.start(1), pos)
        organization = keys[-1] if keys else next(
            (w for w in words if w in KNOWN or w in self.orgs.keys), None)
        return _country_in(words), organization

    def scan(self) -> None:
        text = self.text
        for m in _ROLE_NAME.finditer(text):
            if not self._outside(m.start()):
                continue
            name = self.valid(m.group("name"))
            if name is None:
                continue
            if text[max(0, m.start() - 12):m.start()].rstrip().endswith("counterpart"):
                continue
            if _country_runs_on(m.group("role"), m.group("name")):
                continue  # "Prime Minister of Saint Lucia": a country, not a name, follows
            country, org = self.context_before(m.start())
            of = _OF_COUNTRY.match(text, m.end())  # "Foreign Minister X of Canada"
            mod = _DEPUTY.search(text, max(0, m.start() - 12), m.start())
            role = m.group("role") if mod is None or m.group("role").lower().startswith(
                mod.group("mod")) else f"{mod.group('mod')} {m.group('role')}"
            self.add(name, _name_span(m, name), canonical_role(role),
                     country or (_country_opening(of.group(1)) if of else None), org)
        for m in _ADJ_ROLE_NAME.finditer(text):
            country = _country_of(m.group("adj"))
            name = self.valid(m.group("name"))
            if country is None or name is None or not self._outside(m.start()):
                continue
            self.add(name, _name_span(m, name),
                     canonical_role(m.group("role")), country)
        for m in _THE_ROLE_COMMA_NAME.finditer(text):
            name = self.valid(m.group("name"))
            if name is not None and self._outside(m.start()):
                self.add(name, _name_span(m, name), canonical_role(m.group("role")),
                         _country_in(m.group("adj").split()) if m.group("adj") else None)
        for m in _OWNER_ROLE_COMMA_NAME.finditer(text):
            owner = _OWNER.search(text, max(0, m.start() - 40), m.start())
            name = self.valid(m.group("name"))
            if owner is None or name is None or not self._outside(m.start()):
                continue
            self.add(name, _name_span(m, name), canonical_role(m.group("role")),
                     _country_of(owner.group("owner") or ""))
        pos = 0
        while (m := _ROLE_OF_COUNTRY_NAME.search(text, pos)) is not None:
            found = self._role_of_country(m) if self._outside(m.start()) else None
            pos = found if found is not None else m.end()
        for m in _NAME_ROLE.finditer(text):
            name = self.valid(m.group("name"))
            verb = _NEXT_WORD.match(text, m.end())
            if name is None or not self._outside(m.start()) or (
                    verb and verb.group(1).lower() in SPEECH_VERBS | STATEMENT_VERBS):
                continue  # "Turning to Kashmir, the Secretary-General indicated": a subject
            if not m.group("of") and (nxt := _NAMED_NEXT.match(text, m.end("role"))) and (
                    self.valid(nxt.group("name"))):
                continue  # "X, Hungarian Prime Minister Y": a list, the role is Y's
            adj = _country_of(m.group("adj") or "")
            # "X, Deputy Secretary-General": a role word, not a nationality, before the role
            role, of = _role_and_country(
                f"{m.group('adj')} {m.group('role')}" if m.group("adj") and not adj
                else m.group("role"))
            country = (_country_of(m.group("owner") or "") or adj or of
                       or _country_of(m.group("of") or "") or _country_of(m.group("from") or ""))
            self.add(name, _name_span(m, name), role, country)
        for m in _ROLE_OF_NAME.finditer(text):
            name = self.valid(m.group("name"))
            if name is not None and self._outside(m.start()):
                self.add(name, _name_span(m, name),
                         canonical_role(m.group("role")), _country_of(m.group("of")))
        his = _has(text, "His ", "his ", "Her ", "her ")
        for m in _HIS_ROLE_NAME.finditer(text) if his else ():
            name = self.valid(m.group("name"))
            if name is None or not self._outside(m.start()):
                continue
            before = [p for p in self.people if p.first and p.first.start < m.start()]
            boss = max(before, key=lambda p: p.first.start if p.first else 0, default=None)
            self.add(name, _name_span(m, name), canonical_role(m.group("role")),
                     boss.country if boss else None)
        for m in _ITS_ROLE_NAME.finditer(text) if _has(text, "Its ") else ():
            name = self.valid(m.group("name"))
            if name is not None and self._outside(m.start()):
                role = canonical_role(m.group("role"))
                national = "Minister" in role or role in _NATIONAL_OFFICES
                self.add(name, _name_span(m, name), role, _subject_country(
                    text[max(0, m.start() - 300):m.start()]) if national else None)
        aides = _has(text, "envoy", "spokes", "advis", "of staff")
        for m in _AIDE_NAME.finditer(text) if aides else ():
            name = self.valid(m.group("name"))
            if name is None or not self._outside(m.start()):
                continue
            boss = next((p for p in self.people
                         if text[max(0, m.start() - 60):m.start()].endswith((p.name, p.surname))),
                        None)  # the aide serves the boss's country
            country = boss.country if boss else _country_in(
                text[max(0, m.start() - 40):m.start()].split()[-2:])
            self.add(name, _name_span(m, name), canonical_role(m.group("role")), country)
        for m in _COUNTERPART.finditer(text) if "counterpart" in text else ():
            name = self.valid(m.group("name"))
            if name is None:
                continue
            owner = self._subject_before(m.start())
            role = self.people[owner].role if owner is not None else None
            self.add(name, _name_span(m, name), role,
                     _country_of(m.group("adj") or ""))
        named = _has(text, "name", "appoint", "elect")
        for pattern in (_ROLE_IS_NAME, _NAMED_AS) if named else (_ROLE_IS_NAME,):
            for m in pattern.finditer(text):
                name = self.valid(m.group("name"))
                if name is not None and self._outside(m.start()):
                    frm = m.groupdict().get("from")
                    self.add(name, _name_span(m, name), canonical_role(m.group("role")),
                             _country_of(frm) if frm else None)
        for m in _NATIONAL.finditer(text):  # the person named right before the comma
            before = text[max(0, m.start() - 80):m.start()]
            known = next((p for p in self.people if before.endswith((p.name, p.surname))), None)
            country = _country_of(m.group("adj") or m.group("from") or "")
            if known is not None and known.country is None and country:
                known.country = country
        for m in _GENDERED.finditer(text):
            name = self.valid(m.group("name"))
            known = next((p for p in self.people if name and _same_person(p, name)), None)
            if known is not None:
                known.gender = "f" if m.group("title") in _FEMALE else "m"
        for m in _SERVES_AS.finditer(text) if _has(text, "who ") else ():  # named before "who"
            before = text[max(0, m.start() - 80):m.start()].rstrip(" ,")
            known = next((p for p in self.people if before.endswith((p.name, p.surname))), None)
            if known is not None and known.country is None:
                known.country = _country_opening(m.group("of"))
                known.role = known.role or canonical_role(m.group("role"))
        for m in (_REPRESENTED.finditer(text) if any(
                w in text for w in ("represented by", "led by", "headed by")) else ()):
            country = _country_in(m.group("country").split()[-4:])
            window = text[m.end():m.end() + 150].split("\n", 1)[0]
            for p in self.people:
                if p.country is None and country and p.name in window:
                    p.country = country
                    break
        for m in _SPEAKER.finditer(text):
            if m.group("verb") not in SPEECH_VERBS or not self._outside(m.start()) or (
                    m.group("verb") in _NOUN_VERBS and not _CLAUSE_NEXT.match(text, m.end())):
                continue  # "the Nile Basin states meet": a plural noun, not a speech verb
            owned = _OWNED_NAME.match(m.group("name"))  # "Senegal's Awa Ndiaye argued"
            country = _country_of(owned.group("owner")) if owned else None
            name = self.valid(owned.group("name") if country else m.group("name"))
            if name is not None:  # "Aliyev said": a person, even with no role given
                self.add(name, _name_span(m, name), None, country)

    def _role_of_country(self, m: re.Match[str]) -> int | None:
        """"President of the Kyrgyz Republic Sadyr Japarov": the longest country phrase the
        gazetteer knows, then a name; or "Secretary General of the OTS Nurlan Sadykov": an
        organization the text names, then a name."""
        rest = m.group("rest")
        org = next((span for _, span in self.orgs.mentions_at(m.start("rest"), m.end("rest"))
                    if span.start == m.start("rest")), None)
        if org is not None:
            return self._role_of_org(m, org)
        words = list(re.finditer(r"\S+", rest))
        for k in range(1, len(words)):
            head = rest[:words[k - 1].end()]
            country = None
            for i in range(k):  # the country is a suffix of the phrase before the name
                country = _country_of(rest[words[i].start():words[k - 1].end()].rstrip(","))
                if country:
                    break
            if country is None or (k < len(words) and _country_of(
                    rest[words[i].start():words[k].end()].rstrip(","))):
                continue  # "the Russian Federation": the longer country phrase
            body = rest[:words[i].start()]
            if "," in body or body.rstrip().endswith(" and") or re.search(
                    r"[’']s,?$", rest[:words[k - 1].end()]):
                return None  # "President Ana Soto, Chilean President X …": a list
            tail = re.match(rf"{HONORIFICS}(?P<name>{NAME})", rest[words[k].start():])
            if rest[words[k - 1].end() - 1] == "," and tail is not None and not re.match(
                    HONORIFIC, rest[words[k].start():]):
                tail = None  # "President of Iran, Tehran …": a list, not a name
            if tail is None:
                continue
            if words[k - 1].group(0).endswith(".") and len(words[k - 1].group(0)) > 4:
                return None  # "… of Zimbabwe. Li Ming …": the sentence ended
            name = self.valid(tail.group("name"))
            if name is None:
                continue
            start = m.start("rest") + words[k].start() + tail.start("name")
            start += tail.group("name").find(name)
            body = head[:words[i].start()].strip().rstrip(",")
            body = re.sub(r"\s+of(?:\s+the)?$", "", body)
            role = canonical_role(m.group("role"))
            if body:
                role = f"{role} of {body}"
            self.add(name, Span(start, start + len(name)), role, country)
            return start + len(name)
        return None

    def _role_of_org(self, m: re.Match[str], org: Span) -> int | None:
        """The name right after "<Role> of the <organization>" (no comma between: "Secretary
        General of the OTS, Ankara …" is a list)."""
        tail = re.match(rf"[ \t]+{HONORIFICS}(?P<name>{NAME})", self.text[org.end:m.end()])
        name = self.valid(tail.group("name")) if tail else None
        if tail is None or name is None or any(w.lower() in _BODY_WORDS for w in name.split()):
            return None  # "… of the African Union Commission X": the body runs on
        start = org.end + tail.start("name") + tail.group("name").find(name)
        self.add(name, Span(start, start + len(name)), canonical_role(m.group("role")))
        return start + len(name)

    def _subject_before(self, pos: int) -> int | None:
        """The person last named before `pos` in the same sentence (the subject of "his")."""
        start = max(self.text.rfind(". ", 0, pos), self.text.rfind("\n", 0, pos), 0)
        best = None
        for mention in self.name_mentions():
            if start <= mention.span.start < pos:
                best = mention.person
        if best is None:
            for mention in self.descriptor_mentions(start, pos):
                best = mention.person
        return best

    def mark_duties(self, names: list[Mention]) -> None:
        """Who chaired or hosted (`names`: the name mentions): the subject of "chaired" /
        "hosted" in its sentence, or the person named after "chaired by" / "under the
        chairmanship of" / "hosted by"."""
        if not names or not _has(self.text, "hair", "presid", "host"):  # "chair", "Chair"
            return
        starts = [m.span.start for m in names]
        for m in _DUTY_AFTER.finditer(self.text):
            k = bisect_right(starts, m.start()) - 1
            if k >= 0 and "." not in self.text[names[k].span.end:m.start()].replace(
                    "Dr.", "").replace("Mr.", "") and m.start() - names[k].span.end < 120:
                self.people[names[k].person].duties.add("chair" if m.group("chair") else "host")
        for m in _DUTY_BEFORE.finditer(self.text):
            k = bisect_left(starts, m.end())
            if k < len(names) and names[k].span.start - m.end() < 80:
                self.people[names[k].person].duties.add("chair" if m.group("chair") else "host")

    def name_mentions(self) -> list[Mention]:
        if not self.people:
            return []
        forms: dict[str, int] = {}
        for i, p in enumerate(self.people):
            for form in {p.name, p.surname, *p.surfaces}:
                forms.setdefault(form, i)
        for word, i in _single_words(self.people).items():
            forms.setdefault(word, i)
        return [Mention(Span(start, end), forms[self.text[start:end]], "name")
                for start, end in _whole_words(self.text, forms)]

    def descriptor_mentions(self, start: int = 0, end: int | None = None,
                            unknown: list[Span] | None = None) -> list[Mention]:
        """Descriptors that fit a known person; those that fit no one go to `unknown`."""
        out = []
        unfit: list[tuple[int, str]] = []  # (start, role noun) of descriptors fitting no one
        end = len(self.text) if end is None else end
        last = start  # where the descriptor before ends
        for m in _DESCRIPTOR.finditer(self.text, start, end):
            if m.start() < last:
                continue  # "Iranian minister" within "the Iranian minister"
            last = m_end = m.end("noun")
            if not (m.group("the") or m.group("owner") or m.group("adj")):
                continue
            if m.group("adj") and not _country_of(m.group("adj")):
                continue
            after = self.text[m_end:m_end + 24]
            if re.match(rf"\s+(?:{NAME})", after) and not re.match(r"\s+(?:of|and)\b", after):
                continue  # "President Hassan Rouhani": a name follows, handled as a name
            if m.group("noun")[0].isupper() and not (m.group("the") or m.group("owner")
                                                      or m.group("adj")):
                continue
            country = _country_of(m.group("owner") or "") or _country_of(m.group("adj") or "")
            noun = m.group("noun").lower()
            person, fits = self.resolve_descriptor(noun, country, m.start())
            if (noun.startswith("chair") or noun == "host") and re.match(
                    r"\s+of\b", self.text[m_end:m_end + 4]):
                person, fits = None, 0  # "the chair of the board": an office of its own
            head = noun.replace("-", " ").split()[-1]
            if person is None:
                unfit.append((m.start(), head))
                if unknown is not None and self._outside(m.start()):
                    unknown.append(Span(m.start(), m_end))
                continue
            fits += sum(1 for pos, other in unfit if other == head and pos < m.start())
            out.append(Mention(Span(m.start(), m_end), person, "descriptor", fits, country))
        for m in _HEAD_OF_MINISTRY.finditer(self.text, start, end):
            country = _country_of(m.group("adj"))
            if country is None:
                continue
            noun = f"{m.group('field').lower()} minister"
            person, fits = self.resolve_descriptor(noun, country, m.start())
            if person is not None and self.people[person].country == country:
                out.append(Mention(Span(m.start(), m.end()), person, "descriptor", fits,
                                   country))
        return sorted(out, key=lambda mention: mention.span.start)

    def resolve_descriptor(self, noun: str, country: str | None, pos: int
                           ) -> tuple[int | None, int]:
        """The person a descriptor stands for, and how many people fit it."""
        roles = ROLE_CLASSES.get(noun.replace("-", " ") if noun not in ROLE_CLASSES else noun)
        fits = []
        for i, p in enumerate(self.people):
            if country is not None and p.country not in (None, country):
                continue
            if noun.startswith("chair") or noun == "host":
                ok = (("chair" if noun != "host" else "host") in p.duties
                      or (noun != "host" and p.role in _CHAIR_ROLES))
            elif noun == "minister" and p.role is not None and re.match(
                    r"(?:Cabinet Secretary|Secretary (?:of|for))\b", p.role):
                ok = True  # "the Kenyan minister": a cabinet secretary
            elif roles is None:
                ok = p.role is not None and noun in p.role.lower()
            else:
                ok = not roles or (p.role in roles) or (
                    noun == "minister" and p.role is not None and "Minister" in p.role)
            if ok:
                fits.append(i)
        if not fits:
            return None, 0
        if country is not None:  # "the Kenyan minister": the Kenyan one before the unplaced
            fits = [i for i in fits if self.people[i].country == country] or fits
        if len(fits) == 1:
            return fits[0], 1
        before = [i for i in fits if self.people[i].first and self.people[i].first.start < pos]
        return (before[-1] if before else fits[0]), len(fits)


def find_people(text: str, orgs: Organizations, quotes: list[Span],
                skip: list[Span] | None = None) -> People:
    """People of an article with roles and countries, and all their mentions in order."""
    builder = _Builder(text, orgs, quotes)
    builder.scan()
    names = builder.name_mentions()
    builder.mark_duties(names)
    people = builder.people
    unknown: list[Span] = []
    mentions = names + builder.descriptor_mentions(unknown=unknown)
    if skip:
        skipped = span_index(skip)
        mentions = [m for m in mentions if not skipped.covers(m.span.start)]
        unknown = [s for s in unknown if not skipped.covers(s.start)]
    mentions.sort(key=lambda m: m.span.start)
    _countries_from_descriptors(people, mentions)
    return People(people, mentions, unknown)


def _countries_from_descriptors(people: list[Person], mentions: list[Mention]) -> None:
    """"Ambassador X is cautious. The Azerbaijani diplomat says …": a descriptor with a
    nationality, right after the person's name with no one else between, gives their
    country when the article gave none."""
    last: Mention | None = None  # the last name mentioned
    for mention in mentions:
        if mention.kind == "name":
            last = mention
        elif (mention.country and last is not None and last.person == mention.person
              and people[mention.person].country is None
              and mention.span.start - last.span.end < 400):
            people[mention.person].country = mention.country
