"""Member lists in every common form: "the ten member states of X are A, B …", "X's members — …",
"namely …", "comprising …", "consists of six states: …", "the group is made up of …", "the X
countries – …", "founded by A, B and C; D joined in 2011", and "A, B and C are members of X".

A list belongs to the cue before it and runs while the words between two countries are list glue
("," "and" "as well as …"); it ends at a contrast ("whereas", "while", ";") or at a cue of another
status, so observers, dialogue partners, candidates, former members and guests are kept apart from
members. A count with no names ("ten members") lists nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from knowledge.extract.facts import MembershipFact, MembershipStatus, Span
from knowledge.extract.organizations import Organizations, named_organization
from knowledge.extract.places import Place
from knowledge.extract.text import (
    IGNORECASE_EXTRAS,
    Sentence,
    SpanIndex,
    ignorecase_lower,
)

_MEMBERS = r"(?:members?(?:[-\s]+(?:states?|countries|nations))?|partner\s+states)"
_ARE = r"(?:\s+(?:are|were|include|includes|included))?"
_IN_YEAR_BY = r"(?:\s+in\s+\d{4})?\s+by"
# Word cues, each opening with a plain letter (see `_WORD_CUE`), in the order they are tried.
_WORD_CUES = (
    rf"founding\s+{_MEMBERS}{_ARE}", rf"full\s+{_MEMBERS}{_ARE}",
    rf"permanent\s+{_MEMBERS}{_ARE}", rf"members?(?:[-\s]+(?:states?|countries|nations))?{_ARE}",
    rf"partner\s+states{_ARE}",
    r"membership(?:\s+(?:has\s+)?(?:grown|expanded|increased)\s+to\s+(?:take\s+in|include|"
    r"encompass))?",
    r"made\s+up\s+of", r"consists?\s+of", r"consisting\s+of", r"comprising", r"comprises?",
    r"composed\s+of", rf"founded{_IN_YEAR_BY}", rf"established{_IN_YEAR_BY}",
    rf"created{_IN_YEAR_BY}", rf"set\s+up{_IN_YEAR_BY}", rf"formed{_IN_YEAR_BY}",
    r"founders?(?:\s+(?:are|were|include|included))?", r"namely", r"brings\s+together",
    r"group(?:s|ed)?\s+together", r"groups", r"unites",
    r"which\s+(?:now\s+)?(?:includes?|included|unites?|gathers?)",
    r"that\s+(?:now\s+)?(?:includes?|included|unites?|gathers?)")
# "the eight-nation grouping – A, B, …", "the four-country grouping of A, B, …"
_COUNTED_CUE = (
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"twenty(?:-\w+)?)[-\s](?:nation|member|country|state)\s+(?:bloc|grouping|group|"
    r"alliance|organi[sz]ation|union|community|club|forum)(?:\s*(?:[–—(:]|\s-\s)|\s+of\b)")
_MEMBER_CUE = re.compile(
    r"(?<!non-)(?<!non )\b(?:" + "|".join(_WORD_CUES) + r")\b|" + _COUNTED_CUE, re.I)


def _opening_letter(cues: tuple[str, ...], after: str = "") -> str:
    """Case-insensitive cues (each a regex opening with a plain letter), tried in order at a
    word's start, as a regex that opens with the class of their first letters and checks the
    word start (and `after`) just after that letter: so the engine skips ahead to those
    letters instead of trying every position, which an IGNORECASE regex never does."""
    letters = sorted({cue[0].lower() for cue in cues})
    first = "".join(c + c.upper() + IGNORECASE_EXTRAS.get(c, "") for c in letters)
    return (rf"[{first}](?<![\w].)(?i:{after}(?:"
            + "|".join(f"(?<={cue[0]}){cue[1:]}" for cue in cues) + "))")


# The word cues alone, for text that holds no counted cue (faster, see `_opening_letter`).
_WORD_CUE = re.compile(_opening_letter(_WORD_CUES, r"(?<!non-.)(?<!non .)") + r"\b")
# A counted cue needs these words together, so their absence from the lower-cased text rules
# one out (see `ignorecase_lower`).
_COUNTED_WORDS = re.compile(r"(?:nation|member|country|state)\s+(?:bloc|group|alliance|"
                            r"organi[sz]ation|union|community|club|forum)")


def _member_cues(text: str, start: int, end: int, lowered: str | None
                 ) -> Iterator[re.Match[str]]:
    """`_MEMBER_CUE.finditer(text, start, end)`, with the faster regex of the word cues alone
    when the text there can hold no counted cue (`lowered`: `ignorecase_lower` of that text)."""
    if lowered is not None and not _COUNTED_WORDS.search(lowered):
        return _WORD_CUE.finditer(text, start, end)
    return _MEMBER_CUE.finditer(text, start, end)


# Founding cues name members only of an organization named before them, or of "the bloc":
# "the plan was drawn up and set up by A and B" lists nobody.
_FOUNDING = re.compile(r"(?:founded|established|created|set\s+up|formed|founders?)\b", re.I)
# "A, B and C founded the X", "… set up the bloc in 1985", "… make up BRICS", "… form the X"
_FOUNDED_AFTER = re.compile(
    r"\s*,?\s*(?:jointly\s+|together\s+)?(?:co-?founded|founded|established|created|set\s+up|"
    r"formed|form|make\s+up|made\s+up|constitute|constituted)\s+(?:(?:in\s+\d{4}\s+)?(?:the\s+)?)",
    re.I)
_SEMI_GLUE = re.compile(r"\s*;\s*(?:and\s+)?(?:the\s+)?")
_OPEN_PAREN = re.compile(r"\s*\(\s*(?:the\s+)?(?=[A-Z])")
_ASIDE = re.compile(r"\s*\([^()]{1,60}\)")
# A list in the sentence after one that counts members: "… nine members. They are A, B, …"
_THEY = re.compile(r"\s*(?:They|These|Those)\s+(?:are|were|include|included)\b")
# A list set out line by line after a cue that ends its line ("The members are:" / "- Iran").
_LINE_END_COLON = re.compile(r":[ \t]*\r?\n")
_BULLET = re.compile(r"[ \t]*(?:[-•*–·▪]|\d{1,2}[.)])?[ \t]*")
_LINE_GLUE = re.compile(r"[\s,;.]*(?:(?:and|&)\s*)?(?:the\s+)?[\s,;.]*")
# A word before "members" that gives them another status ("associate members", "non-member").
_QUALIFIED = re.compile(r"\b(?:associate|former|observer|candidate|prospective|future|aspiring|"
                        r"affiliate|non|not|never|no\s+longer|become|becoming|join|joining)"
                        r"[\s-]*(?:(?:a|an|the)\s+)?(?:full\s+)?$", re.I)
_OTHER_CUES = (
    r"observers?", r"observer\s+status", r"dialogue\s+partners?", r"partners?(?!\s+states)",
    r"candidates?", r"applicants?", r"associates?", r"associate\s+members?", r"guests?",
    r"former", r"f(?<!\(.)ormerly", r"withdr[ae]w\w*", r"pulled\s+out", r"suspended",
    r"invited", r"accepted\s+in\s+principle", r"future\s+members?", r"aspir\w+",
    r"were\s+also\s+parties")  # "f(?<!\(.)ormerly": not "(formerly …)"
_OTHER_CUE = re.compile(rf"(?P<status>{_opening_letter(_OTHER_CUES)})\b")
# Each of `_OTHER_CUES` holds one of these words: a sentence without any has none.
_OTHER_WORDS = re.compile(r"observer|dialogue|partner|candidate|applicant|associate|guest|"
                          r"former|withdr|pulled|suspended|invited|accepted|future|aspir|parties")
_CONTRAST = re.compile(r"\b(?:whereas|while|but|except|excluding|although|though|however|"
                       r"besides)\b|;|\((?!\s*[A-Z][A-Za-z0-9&\-]{1,9}\s*\))", re.I)
_GAP_STOP = re.compile(r"\b(?:with|against|from|by|signed|agreed|met|meet|attended|attend|at|"
                       r"for|to|in|on|said|says|was|were|is|are|has|have|had|will)\b", re.I)
# Words between a cue and a list that make it a list of something else ("members of the
# delegations of A, B and C", "members of the press").
_LEAD_STOP = re.compile(r"\b(?:with|against|from|signed|agreed|met|attended|at|for|said|says|"
                        r"delegations?|delegates|press|media|parliaments?|staff|teams?|crews?|"
                        r"famil(?:y|ies)|committees?|panels?|boards?|secretariat|"
                        r"as\s+well\s+as|along\s+with|together\s+with|alongside|plus|and|besides|"
                        r"apart\s+from|other\s+than|outside)\b", re.I)
# A verb between a cue and the first country makes the countries its object, not a list:
# "members criticised A and B", "members urged A and B to …", "… located between A and B".
_LEAD_VERB = re.compile(
    r"\b(?!(?:included|listed|named|led|headed|founded|united|based|grouped|composed|comprised|"
    r"consisted|admitted)\b)[a-z]{3,}ed\b|\b(?:urges?|calls?|visits?|thanks?|welcomes?|backs?|"
    r"hosts?|meets?|signs?|says?|tells?|told|asks?|invites?|warns?|accuses?|condemns?|supports?|"
    r"opposes?|praises?|critici[sz]es?|between|against|toward|towards|over)\b")
_GLUE = re.compile(r"^[\s,]*(?:and\s+|&\s+|as\s+well\s+as\s+|plus\s+|the\s+)*$")
_CUE_AFTER = re.compile(
    r"^\s*(?:are|were|as|being|—|–|,)?\s*(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,4}?"
    r"(?P<status>members?|observers?|applicants?|dialogue\s+partners?)\b", re.I)
# Words between a list and "members" that make them something else: "… are associate members",
# "… are not members", "… are expected to become members".
_QUALIFIER = re.compile(r"\b(?:associate|former|prospective|candidate|future|aspiring|"
                        r"affiliate|non|not|never|no\s+longer|become|join|expected|invited|"
                        r"seek\w*|hop\w*|appl\w*|want\w*|aspir\w*|would|will|could|may)\b",
                        re.I)
_JOINED = re.compile(r"\s*(?:also\s+|later\s+|then\s+)?(?:joined|acceded|(?:was|were)\s+admitted|"
                     r"became\s+(?:a\s+)?(?:full\s+)?members?)\b", re.I)
# What may follow "joined": a time, the end of the clause, or the organization ("joined the
# bloc", "joined ASEAN"); not another thing ("joined the talks").
_JOIN_OBJECT = re.compile(
    r"\s*(?:$|[,;.)]|in\b(?!\s+\w+ing\b)|"  # not "joined in criticising …"
    r"(?:on|as|later|then|and|only|formally|officially|fully|too|also|at)\b|"
    r"(?:the\s+)?(?:bloc|organi[sz]ation|group|grouping|union|alliance|association|forum|"
    r"community|club|ranks)\b|(?:its|their)\s+ranks|(?:the\s+)?[A-Z])")
# "A, B and C were joined in 1992 by D and E", "…, which were later joined by D"
_JOINED_BY = re.compile(
    r"[\s,]*(?:which|who)?\s*(?:were|was|have\s+been|had\s+been)\s+(?P<when>later\s+|"
    r"subsequently\s+|then\s+|since\s+)?joined\s+(?P<year>in\s+\d{4}\s+)?by\s+(?:the\s+)?",
    re.I)
# "…; Serbia joined in 2004 and North Macedonia in 2020": the verb left out before a later
# joiner, whose time phrase stands for it.
_ELIDED_GAP = re.compile(r"(?:\s+(?:in|on)\s+[\w\s]{1,20}?)?\s*,?\s*(?:and\s+)?(?:then\s+)?"
                         r"(?:the\s+)?")
_ELIDED_TIME = re.compile(r"\s+(?:in\s+\d{4}|(?:a|\w+)\s+years?\s+later|later)\b", re.I)
# A sentence that opens with a country: "… founded by A, B and C. D joined in 2007, E in 2016."
_OPENS_WITH_COUNTRY = re.compile(r"\s*(?:(?:then|later|since\s+then|subsequently),?\s+)?"
                                 r"(?:the\s+)?", re.I)
# One country's accession told on its own: "Iran joined the SCO in 2023", "Timor-Leste became
# ASEAN's 11th member", "Somalia was admitted to the bloc". The organization follows at once.
_ACCEDED = re.compile(
    r"\s+(?:(?:also|later|formally|officially|finally|then)\s+)?(?:joined|acceded\s+to|"
    r"(?:was|were)\s+admitted\s+(?:to|into)|became\s+(?:a\s+|an\s+|the\s+)?"
    r"(?:\w+\s+)?(?:full\s+)?member\s+of)\s+(?:the\s+)?", re.I)
_BECAME_ORGS = re.compile(r"\s+became\s+", re.I)
_ORGS_MEMBER = re.compile(r"[’']s\s+(?:\w+\s+)?(?:full\s+)?member\b")
_MAIN_ORG_WORD = re.compile(r"(?:bloc|group|grouping|organi[sz]ation|union|alliance|community|"
                            r"association)\b", re.I)
# What may follow the organization: the end of the clause or a time, not a body of it ("joined
# the SCO exercise", "joined the EU talks").
_AFTER_ORG = re.compile(r"\s*(?:$|[,;.)]|(?:in|on|as|at|last|this|after|when|and|alongside|"
                        r"together|with|from|under|since|only|itself)\b|"
                        r"(?:a|one|two|three|\d+)\s+(?:years?|months?|decades?)\b)")
_APPOSITION = r"\)?\s*(?:[–—]|\s-\s|\()\s*(?:the\s+)?(?=[A-Z])"
_ORG_COUNTRIES = r"\s+(?:countries|states|nations|members)\s*(?:[–—:-]|,\s+namely|\s+are)"
# "the five BRICS nations, Brazil, …" / "the BRICS nations (Brazil, …)": three or more
_ORG_COUNTRIES_SOFT = (r"\s+(?:member\s+)?(?:countries|states|nations)\s*(?:,|\()\s*"
                       r"(?:the\s+)?(?=[A-Z])")
# "A, B and C, the five BRICS nations" / "… are the BRICS countries"
_ORG_NOUN_AFTER = (r"\s*(?:,|—|–|are|were)\s*(?:all\s+)?(?:the\s+)?(?:\w+\s+){{0,2}}?"
                   r"(?P<org>{keys})\s+(?:member\s+)?(?:countries|nations|states)\b")
_REFERENCE = re.compile(r"\b(?:its|the\s+(?:organi[sz]ation|group|bloc|union|alliance|"
                        r"association|forum|grouping|council|league|community))\b", re.I)
# A bare "partners" ("development partners Japan and Korea") ends a member list but is no status.
_STATUS = {"observer": "observer", "dialogue": "observer",
           "candidate": "applicant", "applicant": "applicant", "aspir": "applicant",
           "guest": "guest", "invited": "guest"}
_MAX_NAME = 120  # characters before a cue searched for an organization written out in full
_MAX_LEAD = 70  # characters from a cue to the first country it lists
_MAX_GAP = 60  # characters of glue between two countries of one list
_MAX_LIST = 2_000  # characters a list can run (keeps each cue's work bounded)


def _runs(text: str, countries: list[Place]) -> list[list[Place]]:
    """Runs of two or more countries separated only by commas and "and"."""
    runs: list[list[Place]] = []
    current: list[Place] = []
    for place in countries:
        if current and _GLUE.match(text[current[-1].span.end:place.span.start]):
            current.append(place)
        else:
            if len(current) >= 2:
                runs.append(current)
            current = [place]
    if len(current) >= 2:
        runs.append(current)
    return runs


def _without_asides(gap: str) -> str:
    """A gap with its plain asides taken out: "India (since 2017), Iran" reads as a list."""
    return _ASIDE.sub(lambda m: "" if not _OTHER_CUE.search(m.group()) else m.group(), gap)


def _contrast(text: str, start: int, end: int, semicolons: bool = False) -> re.Match[str] | None:
    """The first contrast in text[start:end]; an aside with no status word ("(since 2017)",
    "(Burma)") is none, nor is a semicolon in a list whose items semicolons part."""
    for m in _CONTRAST.finditer(text, start, end):
        if semicolons and m.group() == ";":
            continue
        if m.group() == "(":
            aside = _ASIDE.match(text, m.start(), end)
            if aside and not _OTHER_CUE.search(aside.group()):
                continue
        return m
    return None


def _semicolon_list(text: str, countries: SpanIndex[Place], start: int, end: int) -> bool:
    """Whether the list from `start` parts its items with semicolons ("the Republic of Kenya;
    the Republic of Uganda; …"): so do its first two countries."""
    at = bisect_left(countries.starts, start)
    first = [p for p in countries.items[at:at + 2] if p.span.start < end]
    return len(first) == 2 and _SEMI_GLUE.fullmatch(
        text, first[0].span.end, first[1].span.start) is not None


def _listed(text: str, countries: SpanIndex[Place], cue_end: int, limit: int,
            semicolons: bool = False) -> list[Place]:
    """The countries a cue at `cue_end` lists: the first within reach, then each next one while
    the words between are list glue."""
    out: list[Place] = []
    first = bisect_left(countries.starts, cue_end)
    for place in countries.items[first:]:
        if place.span.start >= limit:
            break
        if out:  # "Myanmar (Burma)": a country inside an aside is no item of its own
            aside = _ASIDE.match(text, out[-1].span.end, limit)
            if aside and place.span.start < aside.end() and not _OTHER_CUE.search(aside.group()):
                continue
        gap = _without_asides(text[(out[-1].span.end if out else cue_end):place.span.start])
        if not out:
            if len(gap) > _MAX_LEAD or _LEAD_STOP.search(gap) or _CONTRAST.search(gap) \
                    or _LEAD_VERB.search(gap):
                break
        elif semicolons and _SEMI_GLUE.fullmatch(gap):
            pass
        elif not _GLUE.match(gap) and (len(gap) > _MAX_GAP or _GAP_STOP.search(gap)
                                       or _CONTRAST.search(gap) or _OTHER_CUE.search(gap)):
            break
        out.append(place)
    return out


def _joiners(text: str, countries: SpanIndex[Place], start: int, end: int) -> list[Place]:
    """Countries that joined later, named after a member list in the same sentence: "…; D
    joined in 2011", "E and F acceded in 1992", "G joined in 2004 and H in 2020", "… were
    joined in 1992 by I and J"."""
    joined_by = _JOINED_BY.match(text, start, end)
    if joined_by:  # a time marks it as accession, not company at a meeting
        listed = _listed(text, countries, joined_by.end(), end)
        timed = joined_by.group("when") or joined_by.group("year") or (
            listed and _ELIDED_TIME.match(text, listed[-1].span.end, end))
        return listed if timed else []
    out: list[Place] = []
    run: list[Place] = []
    elided_from = -1  # where a "… and H in 2020" may start
    for place in countries.between(start, end):
        if elided_from >= 0:
            gap = _ELIDED_GAP.fullmatch(text, elided_from, place.span.start)
            time = _ELIDED_TIME.match(text, place.span.end, end)
            if gap and time:
                out.append(place)
                elided_from = time.end()
                continue
            elided_from = -1
        if run and not _GLUE.match(text[run[-1].span.end:place.span.start]):
            run = []
        run.append(place)
        verb = _JOINED.match(text, place.span.end, end)
        if verb and _JOIN_OBJECT.match(text, verb.end(), end):
            out.extend(run)
            run, elided_from = [], verb.end()
    return out


def _organization(text: str, orgs: Organizations, sentence: Span, cue: int,
                  main: str | None) -> str | None:
    """The organization a cue speaks of: the nearest one named before it in the sentence (one
    the text never abbreviates too), else after it, else the article's own ("its members", "the
    group is made up of")."""
    before = orgs.at(sentence.start, cue)
    if before:
        return before[-1]
    named = named_organization(text, max(sentence.start, cue - _MAX_NAME), cue)  # unabbreviated
    if named:
        return named
    after = orgs.at(cue, sentence.end)
    if after and not _REFERENCE.search(text, sentence.start, cue):
        return after[0]
    return main


@lru_cache(maxsize=256)
def _org_patterns(org_keys: frozenset[str]) -> tuple[re.Pattern[str] | None, ...]:
    """The cues built from an article's organization keys; cached by the set of keys, as
    articles name the same organizations (compiling them anew took longer than using them)."""
    if not org_keys:
        return None, None, None, None
    ordered = sorted(org_keys, key=len, reverse=True)
    keys = "(?:" + "|".join(re.escape(k) for k in ordered) + ")"
    # The keys at a word's start: each checks the start just after its first character, so
    # the regex opens with literals and the engine skips ahead to them.
    at_start = "(?:" + "|".join(re.escape(k[0]) + r"(?<![\w\-].)" + re.escape(k[1:])
                                for k in ordered) + ")"
    return (re.compile(keys + _ORG_COUNTRIES),
            # "the BRICS – Brazil, Russia, India, China and South Africa –": a list set off
            # after the name
            re.compile(at_start + _APPOSITION),
            re.compile(at_start + _ORG_COUNTRIES_SOFT),
            re.compile(_ORG_NOUN_AFTER.format(keys=keys), re.I))


def find_memberships(text: str, sentences: list[Sentence], places: list[Place],
                     orgs: Organizations, start: int = 0) -> list[MembershipFact]:
    out: list[MembershipFact] = []
    seen: set[tuple[str, str]] = set()
    main = orgs.main()
    index = SpanIndex(places, lambda p: p.span)

    def add(org: str | None, listed: list[Place], status: MembershipStatus) -> None:
        if org is None or not listed:
            return
        span = Span(listed[0].span.start, listed[-1].span.end)
        for place in listed:
            if (org, place.name) not in seen:
                seen.add((org, place.name))
                out.append(MembershipFact(org, place.name, status, span))

    org_countries, org_apposition, org_soft, org_noun_after = _org_patterns(orgs.keys)
    previous: Span | None = None  # the sentence before, when it names no country
    last_org: str | None = None  # the organization the sentence before listed members of
    for sentence in sentences:
        span = sentence.span
        if span.end <= start:
            continue
        countries = [p for p in index.between(span.start, span.end)
                     if p.kind == "country" and not p.demonym]
        before, previous = previous, (None if countries else span)
        listed_org, last_org = last_org, None
        if listed_org and countries and _OPENS_WITH_COUNTRY.match(text, span.start).end() \
                == countries[0].span.start:  # joiners told in the sentence after the list
            joined = _joiners(text, SpanIndex(countries, lambda p: p.span), span.start, span.end)
            add(listed_org, joined, "member")
            last_org = listed_org if joined else None
        for place in countries:
            found = _accession(text, place, span, orgs, main)
            if found:
                add(found, [place], "member")
        if len(countries) < 2:
            continue
        in_sentence = SpanIndex(countries, lambda p: p.span)
        cues, fewest = _cues(text, span, before, orgs, main,
                             (org_countries, org_apposition, org_soft))
        ends = [span.end] * len(cues)  # where the next cue of another status starts
        for i in range(len(cues) - 2, -1, -1):
            ends[i] = cues[i + 1][0] if cues[i + 1][2] != cues[i][2] else ends[i + 1]
        for i, (cue_start, cue_end, status, org) in enumerate(cues):
            opener = _OPEN_PAREN.match(text, cue_end, span.end)  # "its ten members (A, B, …)"
            cue_end = opener.end() if opener else cue_end
            limit = min(ends[i], cue_end + _MAX_LIST)
            semi = _semicolon_list(text, in_sentence, cue_end, limit)
            contrast = _contrast(text, cue_end, limit, semi)
            listed = _listed(text, in_sentence, cue_end, contrast.start() if contrast else limit,
                             semi)
            if len(listed) < fewest.get(cue_start, 2):
                continue
            if status == "member":
                last_org = org or _organization(text, orgs, span, cue_start, main)
                add(last_org, listed, "member")
                joiners = _joiners(text, in_sentence, listed[-1].span.end + 1, limit)
                if joiners:
                    add(org or _organization(text, orgs, span, cue_start, main), joiners,
                        "member")
            elif status in ("observer", "applicant", "guest"):
                add(org or _organization(text, orgs, span, cue_start, main), listed, status)
        for run in _runs(text, countries):  # "A, B and C are members of X"
            found = _status_after(text, run, span, orgs, main, org_noun_after)
            if found:
                add(found[0], run, found[1])
    for org, listed in _line_lists(text, index, orgs, main, start):
        add(org, listed, "member")
    return out


def _accession(text: str, place: Place, span: Span, orgs: Organizations,
               main: str | None) -> str | None:
    """The organization a country is told to have joined right after its name: "Iran joined
    the SCO in 2023", "Timor-Leste became ASEAN's 11th member", "… joined the bloc"."""
    at = place.span.end
    verb = _ACCEDED.match(text, at, span.end)
    if verb is not None:
        key = next((k for k, sp in orgs.mentions_at(verb.end(), verb.end() + 1)
                    if sp.start == verb.end()), None)
        if key is not None:
            end = next(sp.end for k, sp in orgs.mentions_at(verb.end(), verb.end() + 1)
                       if k == key and sp.start == verb.end())
        else:
            word = _MAIN_ORG_WORD.match(text, verb.end(), span.end)
            key, end = (main, word.end()) if word else (None, 0)
        return key if key and _AFTER_ORG.match(text, end, span.end) else None
    became = _BECAME_ORGS.match(text, at, span.end)  # "… became ASEAN's 11th member"
    if became is not None:
        for key, sp in orgs.mentions_at(became.end(), became.end() + 1):
            if sp.start == became.end() and _ORGS_MEMBER.match(text, sp.end, span.end):
                return key
    return None


Cue = tuple[int, int, MembershipStatus, str | None]  # start, end, status, organization if named


def _cues(text: str, span: Span, before: Span | None, orgs: Organizations, main: str | None,
          org_patterns: tuple[re.Pattern[str] | None, ...]) -> tuple[list[Cue], dict[int, int]]:
    """The cues of a sentence in text order, and how many countries the ones set off after an
    organization's name must list."""
    cues: list[Cue] = []
    fewest: dict[int, int] = {}  # cue start -> how many countries it must list
    they = _THEY.match(text, span.start, span.end) if before else None
    counted = next(_member_cues(text, before.start, before.end, ignorecase_lower(
        text[before.start:before.end])), None) if they and before else None
    if they and before and counted and not _QUALIFIED.search(
            text, max(before.start, counted.start() - 25), counted.start()):
        # "The SCO has nine members. They are China, India, …"
        cues.append((they.start(), they.end(), "member",
                     _organization(text, orgs, before, counted.start(), main)))
    lowered = ignorecase_lower(text[span.start:span.end])
    for m in _member_cues(text, span.start, span.end, lowered):
        if _QUALIFIED.search(text, max(span.start, m.start() - 25), m.start()):
            continue
        if _FOUNDING.match(text, m.start()) and not (
                orgs.at(span.start, m.start()) or _REFERENCE.search(text, span.start, m.start())):
            continue
        cues.append((m.start(), m.end(), "member", None))
    for pattern, least in zip(org_patterns, (2, 3, 3), strict=True):
        for m in pattern.finditer(text, span.start, span.end) if pattern else ():
            key = orgs.at(m.start(), m.start() + 1)
            cues.append((m.start(), m.end(), "member", key[0] if key else None))
            fewest[m.start()] = least
    others = (_OTHER_CUE.finditer(text, span.start, span.end)
              if lowered is None or _OTHER_WORDS.search(lowered) else ())
    for m in others:
        word = m.group("status").lower()
        status = next((v for k, v in _STATUS.items() if word.startswith(k)), None)
        cues.append((m.start(), m.end(), status or "former", None))  # type: ignore[arg-type]
    cues.sort()
    return cues, fewest


def _status_after(text: str, run: list[Place], span: Span, orgs: Organizations,
                  main: str | None, org_noun_after: re.Pattern[str] | None
                  ) -> tuple[str | None, MembershipStatus] | None:
    """The organization and status a list of countries is given after it: "A, B and C founded
    the X", "…, the five BRICS nations", "… are members / observers of X"."""
    tail = run[-1].span.end
    founded = _FOUNDED_AFTER.match(text, tail, span.end)
    if founded:  # "A, B and C founded the X"
        at = founded.end()
        org = next(iter(orgs.at(at, at + 1)), None) or (
            main if _REFERENCE.match(text, at - 4 if text[at - 4:at] == "the " else at)
            else None)
        return org, "member"
    named = org_noun_after.match(text, tail, span.end) if org_noun_after else None
    if named and len(run) >= 3 and not _QUALIFIER.search(named.group()) \
            and not _LEAD_VERB.search(named.group()):  # "A, B and C, the five BRICS nations"
        return next(iter(orgs.at(named.start("org"), named.end("org"))), None), "member"
    cue = _CUE_AFTER.match(text[tail:min(span.end, tail + 60)])
    if cue is None or _QUALIFIER.search(cue.group(0)) or _LEAD_VERB.search(cue.group(0)):
        return None  # "… are associate members", "… criticised NATO members"
    word = cue.group("status").lower().rstrip("s")
    at = tail + cue.end()
    org = next(iter(orgs.at(at, min(span.end, at + 40))), None) or _organization(
        text, orgs, span, run[0].span.start, main)
    return org, ("member" if word == "member" else
                 "observer" if word in ("observer", "dialogue partner") else "applicant")


def _line_lists(text: str, places: SpanIndex[Place], orgs: Organizations, main: str | None,
                start: int) -> list[tuple[str | None, list[Place]]]:
    """Lists set out over lines after a member cue that ends its line with a colon: each line
    holds only countries (after a bullet or a number), and the list ends at the first line
    that does not."""
    out: list[tuple[str | None, list[Place]]] = []
    for colon in _LINE_END_COLON.finditer(text, start):
        line_start = text.rfind("\n", 0, colon.start()) + 1
        cue = next((m for m in _member_cues(text, line_start, colon.start(), ignorecase_lower(
                         text[line_start:colon.start()]))
                    if not _QUALIFIED.search(text, max(line_start, m.start() - 25),
                                             m.start())), None)
        if cue is None or _OTHER_CUE.search(text, line_start, colon.start()):
            continue
        listed: list[Place] = []
        at = colon.end()
        while at < len(text) and len(listed) < 300:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            if not text[at:end].strip():  # blank lines between the items
                at = end + 1
                continue
            on_line = [p for p in places.between(at, end) if p.kind == "country"]
            if not on_line:
                break
            pos = _BULLET.match(text, at, end).end()  # type: ignore[union-attr]
            if not all(_LINE_GLUE.fullmatch(text, prev, p.span.start) for prev, p in zip(
                    [pos] + [q.span.end for q in on_line], on_line, strict=False)) or not \
                    _LINE_GLUE.fullmatch(text, on_line[-1].span.end, end):
                break
            listed += on_line
            at = end + 1
        if len(listed) >= 2:
            sentence = Span(line_start, colon.start())
            out.append((_organization(text, orgs, sentence, cue.start(), main), listed))
    return out
