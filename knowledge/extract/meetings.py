"""Meetings an article names: organization, body, ordinal, place, date, who came, who was a guest.

Two steps. First every sentence is read for meeting mentions ("the 23rd Meeting of the ECO Council
of Foreign Ministers", "the 27th ECO Council of Ministers", "the SCO Qingdao summit", "the summit",
"the gathering"; a body as the subject: "The Executive Council opened its 44th session", "The
Council of Ministers, which met on Friday", "Arab League foreign ministers met in Cairo") with the
evidence right around each: "held in X", "scheduled for … in X", "X hosted / is hosting / was the
venue of …", ", which X hosted,", "met in X, where/for …", "In X, …", "in the same city", a city
before the keyword, a date (the first day of a range), "virtually". Then the article's *main*
meeting is decided once, from all the evidence of the whole text: every mention that refers to
it, sentences such as "the bloc met in X", "the host city, X," or "hosted by X", the
organization its own meetings name, and last the dateline, which names the host only when
nothing contradicts it and the meeting was not virtual (`knowledge.extract.meeting_decision`).
Meetings the text refers back to ("the previous summit in X", "the 13th Summit in 2017") are
separate meetings with their own places. No host is ever invented.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from itertools import islice

from knowledge import gazetteer
from knowledge.extract.facts import MeetingFact, Span
from knowledge.extract.lexicon import MONTHS, ORDINAL_WORDS, WEEKDAYS
from knowledge.extract.meeting_decision import Evidence, Mention, decide, strongest
from knowledge.extract.organizations import _NOT_ORGS as NOT_ORGS
from knowledge.extract.organizations import BODY_OF, KNOWN_NAME, Organizations, _is_body
from knowledge.extract.places import Place, city_state
from knowledge.extract.text import Sentence, SpanIndex, ignorecase_lower, span_index

_KEYWORD = re.compile(r"\b(?P<kw>(?:summit|ministerial)(?:\s+(?:meeting|session|conference))?|"
                      r"meeting|session|conference|forum|congress|assembly|(?-i:talks)|"
                      r"(?-i:gathering|event)|"
                      r"(?P<organ>(?-i:Council|Committee|Commission|Board)))s?\b", re.I)
# Where `_KEYWORD` can match: every match begins with one of these words (under re.I for the
# first list). Each sentence is tried only where one starts (`_tried`), found once per article
# with `str.find`, instead of running the matcher at every position of every sentence.
_KEYWORD_WORDS = (("summit", "ministerial", "meeting", "session", "conference", "forum",
                   "congress", "assembly"),
                  ("talks", "gathering", "event", "Council", "Committee", "Commission", "Board"))
# "the 27th ECO Council of Ministers": an organ with a number before it is one of its meetings
# the stems of the tens: "twent-y", "twent-ieth"
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70,
         "eight": 80, "ninet": 90}
_TEN_STEM = "(?:" + "|".join(_TENS) + ")"
_UNIT_ORDINAL = "(?:" + "|".join(w for w, n in ORDINAL_WORDS.items() if n < 20) + ")"
_ORDINAL_WORD = rf"(?:{_TEN_STEM}y[\s-]?)?{_UNIT_ORDINAL}|{_TEN_STEM}ieth"  # "twenty-first"
_NUMBERED_ORGAN = re.compile(rf"(?:\d{{1,3}}(?:st|nd|rd|th)|(?=[A-Z])(?i:{_ORDINAL_WORD}))\s+"
                             r"(?:(?:[A-Z][\w’'\-]*|of|the)\s+){0,5}$")
# "the 13th Commission president", "the second Council decision": the organ, not a meeting
_ORGAN_NOT_MEETING = re.compile(r"\s+(?:[Pp]resident|[Cc]hair\w*|[Ss]ecretar\w*|[Mm]ember\w*|"
                                r"[Dd]ecision\w*|[Rr]eport\w*|[Rr]esolution\w*|officials?|"
                                r"staff|[Rr]egulation\w*|[Dd]irective\w*|was\s+formed)\b")
_TOKEN = re.compile(r"[\w’'\-]+")
_LEFT_WORD = re.compile(rf"([A-Z][\w’'\-]*+|\d{{1,3}}(?:st|nd|rd|th)?|"
                        rf"(?i:{_ORDINAL_WORD}|extraordinary|annual|ordinary|informal|emergency|"
                        r"special|ministerial|leaders[’']?|heads[’']?))[’']?")
_RIGHT = re.compile(r"\s+(?P<prep>of|on)\s+(?:the\s+)?((?:[A-Za-z][\w’'\-]*+)"
                    r"(?:\s+(?:[A-Z][\w’'\-/]*+|(?:of|the|and|for|on|state|states|government|"
                    r"heads|ministers|foreign|leaders|[a-z]+\s+ministers)(?![\w’'\-])))*)"
                    r"(?:\s*\(([A-Z][\w\-]*+)\))?")
_IN_ACRONYM = re.compile(r"(\s+in\s+[A-Z][\w\-]*+)\s*\(([A-Z][\w\-]*+)\)")
_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)?$", re.I)
_OTHER = re.compile(r"(?P<own>\b(?:their|its|his|her|our)\s+)?\b(?:recent|previous|"
                    r"(?P<seq>last|(?P<next>next))|past|earlier|former|first-ever|"
                    r"(?P<future>upcoming|forthcoming|future|next\s+year[’']s)|"
                    r"last\s+year[’']s|(?P<year>(?:19|20)\d\d))\s+$", re.I)
# the last words `_OTHER` can end with (before white space; or a year's last digit)
_OTHER_LAST = ("recent", "previous", "last", "next", "past", "earlier", "former", "first-ever",
               "upcoming", "forthcoming", "future", "year’s", "year's", *"0123456789")
# a year not inside a longer number, path or range; the boundary before it is checked after
# "19"/"20" so that `re` scans fast to those digits instead of trying every position
_YEAR = re.compile(r"((?:19|20)(?<![\w/.-]..)\d\d)(?![\w/-])")
_SMALL = {"of", "the", "and", "for", "on"}
_SMALL_MEMBER = frozenset({*_SMALL, "member"})
# "… Conference Hall": a building; "the Summit Declaration": a document, not a meeting
_VENUE_NOUN = re.compile(r"\s+(?:Hall|Centre|Center|Room|Building|Palace|Hotel|Complex|Venue|"
                         r"(?i:declaration|communiqu[eé]|charter))\b")  # "a forum communique"
_ORG_SHORT_USE = re.compile(r"(?:[’']s)?\s+(?:leaders|ministers|members|member\s+(?:states|"
                            r"countries)|secretariat|officials|chairs?|countries|nations|states|"
                            r"economies|governments)\b", re.I)
_ENDS_NAME = re.compile(r"\s*\([A-Z][\w\-]*\)")  # "… Government Meeting (CHOGM)"
_NOT_LEFT = frozenset({"a", "an", "this", "that", "these", "those", "its", "their", "his",
                       "her", "our", "at", "in", "on", "after", "before", "during", "since",
                       "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday", "today", "yesterday", "tomorrow", "january", "february",
                       "march", "april", "may", "june", "july", "august", "september",
                       "october", "november", "december",
                       # "Previous ECO summits": a sentence's first word, not the name's
                       "previous", "past", "last", "next", "earlier", "upcoming", "recent",
                       "former", "future", "forthcoming"})
_NAME_BEFORE = re.compile(rf"(?P<name>{KNOWN_NAME.pattern})(?:[’']s)?\s*(?:\([A-Z][\w\-]*\)\s*)?")
_SUBJECT_BODY = re.compile(r"(?:(?P<org>[A-Z][A-Za-z\-]{1,9})\s+)?(?P<field>(?:[A-Za-z]+\s+){0,2}?)"
                           r"[Mm]inisters\s*,?\s+(?:are\s+|were\s+|who\s+are\s+)?$")
_TIME_WORDS = (*sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True),
               *WEEKDAYS)
_DROP = {"annual", "ordinary", "regular", "the"}
_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
_DATE = re.compile(
    r"\b(?:on\s+)?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:\s*(?:[–-]|to|and|until)\s*\d{1,2}(?:st|nd|rd|th)?)?"
    rf"\s+(?:of\s+)?(?P<m1>{_MONTH})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    rf"|(?P<m2>{_MONTH})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:\s*(?:[–-]|to|and|until)\s*\d{1,2}(?:st|nd|rd|th)?)?"
    r"(?:,?\s+(?P<y2>(?:19|20)\d\d))?)\b")
# every date names a month or a weekday: `_DATE` is tried only where one of these is written
# (literal alternatives let `re` scan fast to their capitals, which `_DATE` cannot)
_DATE_WORD = re.compile("|".join(sorted({w[:3].capitalize() for w in (*MONTHS, *WEEKDAYS)})))
_ATTEND_WORDS = (("attend", "took part", "take part", "taking part", "participat", "gathered",
                  "delegation", "representative", "officials", "ministers"), ())  # see _tried
_ATTEND = re.compile(r"\b(?:attend\w*|took part|take part|taking part|participat\w*|gathered|"
                     r"delegations?\s+from|representatives?\s+from|officials\s+from|"
                     r"ministers\s+from)\b", re.I)
_GUESTS = re.compile(r"\bas\s+(?:special\s+)?(?:guests?|observers?)\b", re.I)
# evidence around a mention
# "…, with the war in X": with no verb of meeting, the place follows in the same clause
_VENUE_AFTER = re.compile(
    r"^(?:[^.;:!?]{0,40}?\b(?:held|hosted|convened|tak(?:e|es|ing)\s+place|took place|to be held"
    r"|scheduled|slated|planned|set\s+for|due"
    r"|will be held|opened|opens|began|begins|met|meets|is being held|was held|ended|"
    r"came to an end|concluded)[^.;:!?“”\"]{0,25}?|[^.;:,!?“”\"]{0,25}?)\b(?:in|at)\s+(?:the\s+)?"
    r"(?:(?:[\w’'\-]+\s+){0,3}(?:city|capital|port|town|metropolis)\s+(?:of\s+)?)?$")
_VENUE_LAST = ("in", "at", "the", "city", "capital", "port", "town", "metropolis", "of")
_HOSTED_BY = re.compile(r"^[^.;:!?]{0,30}\bhosted\s+by\s+(?:(?:member\s+)?(?:country|state)\s+)?"
                        r"(?:the\s+)?$")
_HOST_BEFORE = re.compile(
    r"^(?:[’']s?\b[^.;!?]{0,70}?|(?:,\s*(?:the\s+)?[^,.;]{2,40},?)?\s*[^.;!?]{0,30}?)"
    r"\b(?:host(?:s|ed|ing)?|(?:is|was|will\s+be|has\s+been)\s+(?:the\s+)?venue\b[^.;!?]{0,40}?"
    r"(?:of|for)|welcomed|welcomes)\s+(?:the\s+)?(?:[^.;!?]{0,30}?)$")
_IN_LEAD = re.compile(r"^\W*(?:\w+\s+){0,2}?(?:in|at)\s+$", re.I)
_VIRTUAL = re.compile(r"\b(?:virtual(?:ly)?|online|video\s*-?\s*conferenc\w*|by\s+video\s+link|"
                      r"via\s+video)\b", re.I)
# `_VIRTUAL_VENUE` cannot match without one of these words (in any case): looked for first in
# the lower-case text, where literal alternatives let `re` scan fast to "v", "o" and "t"
_VIRTUAL_WORDS = re.compile(r"v(?:irtual|ia|ideo)|online|teleconferenc")
_VIRTUAL_VENUE = re.compile(r"\b(?:held|took\s+place|convened|met|in\s+an?|was|were|"
                            r"be)\s+(?:\w+\s+){0,2}?(?:virtual(?:ly)?|online|via|by\s+video|"
                            r"video\s*-?\s*conferenc\w*)|\b(?:virtual|online)\s+(?:\w+\s+)?"
                            r"(?:summit|meeting|session|format|conference)|"
                            # "held an extraordinary meeting by videoconference"
                            r"\b(?:summit|meeting|session|conference)s?\s+(?:was\s+|were\s+)?"
                            r"(?:held\s+)?(?:by|via|over)\s+(?:video|teleconferenc)", re.I)
# "gathered at the headquarters of the bloc in X": a building on the way to the city
_MET_IN = re.compile(r"\b(?:met|meet|meets|gathered|gather|convened|convene|assembled|"
                     r"arrived|converged|opened)\s+(?:here\s+|today\s+|on\s+\w+\s+|"
                     r"this\s+week\s+|at\s+(?:the\s+)?[^.;:,!?“”\"]{3,60}?\s+)?in\s+(?:the\s+)?$",
                     re.I)
_MET_IN_REACH = 110  # characters before a place that `_MET_IN` reads
_CAPITAL = re.compile(r"^\s*(?:the\s+)?(?:\w+\s+){0,2}capital(?:\s+city)?\b", re.I)


_EDITION = re.compile(rf"\b(?:(\d{{1,3}})(?:st|nd|rd|th)|((?i:{_ORDINAL_WORD})))\s+edition\s+of\s+"
                      r"(?:the\s+)?$")
_OWN_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z\-]{1,9}\)(?=\s+of\s)")
_TENS_WORD = re.compile("(" + "|".join(_TENS) + r")(?:ieth|y[\s-]?(\w+))")


def _ordinal_word(word: str) -> int | None:
    """"sixteenth" -> 16, "Twenty-Fifth" -> 25, "fortieth" -> 40; None for other words."""
    low = word.lower()
    if low in ORDINAL_WORDS:
        return ORDINAL_WORDS[low]
    m = _TENS_WORD.fullmatch(low)
    if m is None:
        return None
    if m.group(2) is None:
        return _TENS[m.group(1)]
    unit = ORDINAL_WORDS.get(m.group(2))
    return _TENS[m.group(1)] + unit if unit and unit < 10 else None


def _title(words: list[str]) -> str:
    return " ".join(w if w.lower() not in _SMALL or i == 0 else w.lower()
                    for i, w in enumerate(words))


def _cap(word: str) -> str:
    return word if word[:1].isupper() or word.lower() in _SMALL else word.capitalize()


def _body(keyword: str, left: list[str], prep: str | None, right: list[str]) -> str:
    """The body's name in the article's terms: "Summit", "Council of Foreign Ministers",
    "Tourism Ministers" (from "Ministerial Meeting on Tourism"), "Board of Governors"."""
    kw = keyword.lower().split()[0]
    left = [w for w in left if w.lower() not in _DROP]
    ministerial = kw == "ministerial" or any(w.lower() == "ministerial" for w in left)
    left = [w for w in left if w.lower() != "ministerial"]
    if ministerial:
        topic = right if prep == "on" else left
        topic = [w for w in topic if w.lower() not in {"ministers", "meeting"}]
        if topic:
            return _title([*map(_cap, topic), "Ministers"])
        return "Ministerial Meeting"
    if kw == "summit" and right and prep == "of" and not any(
            w.lower() in {"leaders", "heads"} for w in right[:1]):
        return _title([*map(_cap, left), "Summit", "of", *map(_cap, right)])
    if kw in {"meeting", "session"} and right:
        return _title([*map(_cap, right)])
    if kw in {"meeting", "session"} and left:
        if left[-1].lower() == "summit":
            return _title([*map(_cap, left)])
        return _title([*map(_cap, left)])
    words = [*map(_cap, left), keyword.title()]
    if right and prep == "of" and kw in {"conference", "forum", "congress", "assembly",
                                          "council", "committee", "commission", "board"}:
        words += ["of", *map(_cap, right)]
    return _title(words)


# "the Council at the ministerial level", "… at the level of foreign ministers"
_LEVEL = re.compile(r"\s+(at\s+(?:the\s+)?(?:(?:[a-z][\w\-]*\s+){1,3}level|level\s+of\s+"
                    r"(?:the\s+)?(?:[a-z][\w\-]*\s+){0,2}?(?:ministers|leaders|heads\s+of\s+"
                    r"state(?:\s+and\s+government)?|ambassadors|permanent\s+representatives|"
                    r"officials)))\b")


_INNER_ACRONYM = re.compile(r"(?<=\w)\s+\(([A-Z][A-Za-z\-]{1,9})\)\s+$")
_INNER = frozenset({"for", "of", "and", "on"})  # small words inside a capitalised name
# "the first ministerial gathering of China's host year": a place in a year, not an edition
# "the first session since …": a first after an event, not an edition either
_FIRST_OF_YEAR = re.compile(r"(?:\s+(?:gathering|meeting))?\s+(?:(?:of|under|during|in)\s+"
                            r"(?:the\s+|[\w’'\-]+[’']s?\s+)?(?:\w+\s+)?(?:year|presidency|"
                            r"chairmanship|chairship|term)|since)\b")


_HELD = re.compile(r"\s+(?:held|convened)\s+(?:in|on|by|via|at|last|earlier)\b")
_POSSESSIVE = re.compile(r"[’']s?$")
_ORG_WORD = re.compile(r"\b(?:Organi[sz]ation|Union|League)\b")
_MINISTERS_OF = re.compile(r"(?:[a-z]+\s+)?(?:ministers|heads|leaders|foreign)\b")
_TIME_CUT = re.compile(r"\s+(?:on\s+|in\s+)?(?:" + "|".join(_TIME_WORDS) + r")\b.*$", re.I)
_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_LEAD_THE_WORD = re.compile(r"^(?:[Tt]he)\s+")
_TRAILING_SMALL = re.compile(r"(?:\s+(?:of|the|and|for|on))+$")


def _ends_with(text: str | None, lo: int, hi: int, last: tuple[str, ...]) -> bool:
    """Whether text[lo:hi] may end with one of the words `last`, then white space: what a
    pattern ending in "(?:WORD…)\\s+$" needs (always True when `text` is None)."""
    if text is None:
        return True
    tail = text[lo:hi]
    core = tail.rstrip()
    return len(core) < len(tail) and core.endswith(last)


_NEAR = 80  # characters before a keyword that hold its words but for a few long names


def _left_words(text: str, lo: int, start: int, pos: int, cut: bool
                ) -> tuple[list[str], list[int], int, bool]:
    """The words right before a keyword at `start` (and before `pos`), read right to left from
    the tokens of text[lo:start] (those that end before `pos` if `cut`): the words, where they
    start, where the name starts, and whether the first token was read (the first token of a
    window may be part of a longer one: a wider window may read on)."""
    tokens = [t.span() for t in _TOKEN.finditer(text, lo, start)]
    if cut:
        tokens = [t for t in tokens if t[1] < pos]
    left: list[str] = []
    starts: list[int] = []
    edge = not tokens
    for i in range(len(tokens) - 1, -1, -1):
        a, b = tokens[i]
        edge = i == 0
        if len(left) == 7 or not text[b:pos].isspace():
            break
        word = _LEFT_WORD.fullmatch(text, a, b)
        if word is None and left and left[0][:1].isupper() and text[a:b] in _INNER:
            left.insert(0, text[a:b])  # "Ministers Responsible for Trade Meeting"
            starts.insert(0, a)
            pos = a
            continue
        if word is None or _POSSESSIVE.sub("", word.group(1)).lower() in _NOT_LEFT:
            break
        left.insert(0, word.group(1))
        starts.insert(0, a)
        pos = a
    return left, starts, pos, edge


def _parse(text: str, sentence: Span, m: re.Match[str], orgs: Organizations,
           places: SpanIndex[Place], year: Callable[[], int | None], low: str | None
           ) -> Mention:
    """One mention; `year()` is the report's own (a meeting qualified by it is not a past one);
    `low` is the text in lower case (`ignorecase_lower`)."""
    start = m.start()
    pos = start
    inner = _INNER_ACRONYM.search(text, max(sentence.start, start - 14), start)
    cut = inner is not None and orgs.key_for(inner.group(1)) is None
    if cut:  # "High Level Expert Group (HLEG) Meeting"
        pos = inner.start() + 1  # type: ignore[union-attr]
    # the words read from a short window, and from the full one only when they reach its edge
    lo = max(sentence.start, start - 300)
    near = max(lo, start - _NEAR)
    left, starts, end, edge = _left_words(text, near, start, pos, cut)
    if edge and near > lo:
        left, starts, end, _ = _left_words(text, lo, start, pos, cut)
    pos = end
    while left and left[0] in _INNER:  # "… of Trade Meeting": "of" begins no name
        left.pop(0)
        starts.pop(0)
        pos = starts[0] if starts else start
    suffix_org = None  # "South Asian Association for Regional Cooperation summit"
    lead_body: list[str] = []
    for known in _NAME_BEFORE.finditer(text, max(sentence.start, pos - 120), start):
        if known.end() >= pos - 1 and text[known.end():start].strip() in {
                " ".join(left[-k:]) if k else "" for k in range(len(left) + 1)}:
            suffix_org = orgs.key_for(known.group("name"))
            if suffix_org:
                pos = known.start()
                left = [w for w in left if w not in known.group("name").split()]
                # "Commonwealth Heads of Government Meeting": the words after the
                # organization's own name are the body's
                rest = known.group("name").removeprefix(suffix_org)
                if rest != known.group("name") and rest.strip() and not _ORG_WORD.search(rest):
                    lead_body = rest.split()
                break
    subject = _SUBJECT_BODY.search(text, max(sentence.start, start - 60), start) if text.find(
        "inisters", max(sentence.start, start - 60), start) >= 0 else None  # its one literal
    if subject and m.group("kw").lower() in {"meeting", "meetings"} and not left:
        # "EU foreign Ministers, meeting in Brussels": the subject names the body
        left = [w for w in [subject.group("org") or "", *subject.group("field").split(),
                            "Ministers"] if w]
        pos = subject.start()
    end = m.end()
    right_name = prep = acronym = None
    own_acronym = _OWN_ACRONYM.match(text, end, sentence.end)
    if own_acronym:  # "the Senior Officials' Meeting (SOM) of the OIC"
        end = own_acronym.end()
    rm = _RIGHT.match(text, end, sentence.end)
    of_year = _FIRST_OF_YEAR.match(text, m.end())
    if rm and (of_year or rm.group(2).split()[0].lower() in _TIME_WORDS):
        rm = None
    if rm and (rm.group(2)[:1].isupper() or _MINISTERS_OF.match(rm.group(2))):
        prep, right_name, acronym = rm.group("prep"), rm.group(2), rm.group(3)
        end = rm.end()
        cut = _TIME_CUT.search(right_name)
        if cut:  # "… of Heads of State on June 15": the date is not the body's name
            right_name, acronym = right_name[:cut.start()], None
            end = rm.start(2) + len(right_name)
        more = _RIGHT.match(text, end, sentence.end)
        if acronym and more and more.group("prep") == "of" and orgs.key_for(
                more.group(3) or more.group(2)):  # "Board of Governors (BOG) of the Bank (ETDB)"
            right_name += " of " + more.group(2)
            acronym = more.group(3) or acronym
            end = more.end()
        tail = _IN_ACRONYM.match(text, end, sentence.end)  # "... Measures in Asia (CICA)"
        if acronym is None and tail:
            right_name += tail.group(1)
            acronym = tail.group(2)
            end = tail.end()
    ordinal = None
    words: list[str] = []
    city: Place | None = None
    for w in left:
        om = _ORDINAL.match(w)
        if om and not _YEAR_WORD.fullmatch(w):
            ordinal = int(om.group(1))
        elif _ordinal_word(w) is not None:
            ordinal = _ordinal_word(w)
        elif w.lower() != "the" and not w.isdigit():
            words.append(w)
    if ordinal is not None and of_year:
        ordinal = None  # "the second summit of the Estonian presidency"
    edition = _EDITION.search(text, max(sentence.start, pos - 60), pos) if text.find(
        "edition", max(sentence.start, pos - 60), pos) >= 0 else None  # its one literal
    if edition and ordinal is None:  # "the 16th edition of the ECO summit"
        ordinal = int(edition.group(1)) if edition.group(1) else _ordinal_word(edition.group(2))
        pos = edition.start()
    for place in places.between(pos, start):  # "the SCO Qingdao summit", "the Shanghai summit"
        if place.kind == "city" and not place.demonym:
            city = place
            words = [w for w in words if w not in place.surface.split()]
    keyword = m.group("kw")
    body_words: list[str] = list(lead_body)
    organization = suffix_org
    joint = False
    fallback = None  # an acronym never defined: the organization when no known one is named
    for i, w in enumerate(words):
        bare = _POSSESSIVE.sub("", w)
        key = orgs.key_for(bare)
        if key is None and "-" in bare and orgs.key_for(bare.split("-")[0]):
            key, joint = orgs.key_for(bare.split("-")[0]), not orgs.key_for(bare.split("-")[1])
        if key is None and i == 0 and _new_acronym(bare, orgs):
            fallback = bare
            body_words.append(bare)  # "the ICT Ministerial Meeting of ASEAN": the body's
        elif key:
            organization = organization or key
        elif bare in orgs.bodies:
            body_words += orgs.bodies[bare].split()
        else:
            body_words.append(bare)
    right_words: list[str] = []
    if right_name:
        right_name = _strip_org(right_name, orgs, acronym)
        if isinstance(right_name, tuple):
            right_name, found = right_name
            organization = organization or found
        right_words = right_name.split()
        while right_words and (orgs.key_for(right_words[0]) or (
                len(right_words) > 1 and _new_acronym(right_words[0], orgs))):
            # "… of the IGAD Assembly of Heads of State": the organization, then its organ
            word = right_words.pop(0)
            organization = organization or orgs.key_for(word) or word
        right_words = [w for w in right_words if w.lower() not in {"member", "states", "the"}
                       or len(right_words) < 3]
        while right_words and right_words[-1].lower() in _SMALL_MEMBER:
            right_words.pop()
        if acronym and acronym in orgs.bodies and not right_words:
            right_words = orgs.bodies[acronym].split()
    if fallback and organization is None:  # "the IGAD summit": the organization's
        organization = fallback
        body_words.remove(fallback)
    body = _body(keyword, body_words, prep, right_words)
    level = _LEVEL.match(text, end, sentence.end) if right_words else None
    if level:  # "… of the Council at the ministerial level": the level is the body's
        body, end = f"{body} {' '.join(level.group(1).split())}", level.end()
    own = _subject_body(text, sentence, pos, orgs) if not right_words and keyword.lower() in {
        "meeting", "session", "summit", "ministerial meeting", "summit meeting"} else None
    if own is not None:  # "The Executive Council opened its 44th Ordinary Session"
        body, organization = own[0], organization or own[1]
    organization = organization or BODY_OF.get(body)  # "the World Health Assembly": WHO's
    named = bool(ordinal) or keyword[0].isupper() or bool(words) or organization is not None
    other = _OTHER.search(text, max(sentence.start, pos - 27), pos) if _ends_with(
        low, max(sentence.start, pos - 27), pos, _OTHER_LAST) else None
    if other and other.group("own") and other.group("seq"):
        other = None  # "the ministers held their next meeting": this one, the next in a series
    if other and other.group("year") and int(other.group("year")) == year():
        other = None  # "the 2014 summit" in a report of 2014
    name = " ".join(text[pos:end].split())
    name = _LEAD_THE_WORD.sub("", name)
    name = _TRAILING_SMALL.sub("", name)
    if own is not None and body not in name:  # "54th meeting of the Council of Ministers"
        name = f"{name} of the {body}"
    mention = Mention(Span(pos, end), sentence, name, organization, body, ordinal, named,
                       other is not None, kind=keyword.lower().split()[0].rstrip("s"), joint=joint,
                       plural=len(m.group(0)) > len(keyword), proper=keyword[:1].isupper(),
                       future=bool(other and (other.group("next") or other.group("future"))))
    # "the Arab summit held in Baghdad in May 2025": a summit or session of the article's
    # organization, named by when or where it was held
    mention.held = mention.named and mention.kind in {"summit", "session"} and bool(
        _HELD.match(text, end))
    if city is not None:
        mention.evidence.append(Evidence(city.name, city.country, 3, city.span.start))
    return mention


# acronyms of meetings and organs, not of organizations ("the SOM", "the COM meeting")
_MEETING_ACRONYMS = frozenset({"SOM", "COM", "CFM", "AMM", "EMM", "HLEG", "CMAG", "PRC", "MSC",
                               "BOG", "HOS", "HOSG", "CHOGM", "UNGA", "UNSC",
                               # topics and common nouns, not organizations
                               "COVID", "COVID-19", "AIDS", "HIV", "SDG", "SDGS", "ICT", "LNG",
                               "SME", "SMES", "WMD", "CBRN", "VIP", "ROK"})


def _new_acronym(word: str, orgs: Organizations) -> str | None:
    """An acronym the text never defines, written right before a meeting's name ("the IGAD
    summit", "the 16th SADC Summit"): the organization holding it; never a country ("US"),
    a defined organ ("COM") or a meeting's own acronym ("SOM")."""
    if not _NEW_ACRONYM.fullmatch(word) or word in orgs.bodies or word in _MEETING_ACRONYMS:
        return None
    if word in NOT_ORGS or gazetteer.canonical_country(word) is not None:
        return None
    return word


_NEW_ACRONYM = re.compile(r"[A-Z]{3,8}|[A-Z]{2,6}-?\d{1,2}")


def _strip_org(right: str, orgs: Organizations, acronym: str | None
               ) -> str | tuple[str, str]:
    """The right-hand name without the organization it belongs to: "Council of Foreign
    Ministers of the OIC Member States" -> ("Council of Foreign Ministers", "OIC")."""
    known = KNOWN_NAME.search(right)
    if known is not None and known.start() > 0:
        return re.sub(r"\s+of(?:\s+the)?\s*$", "", right[:known.start()]).strip(), (
            orgs.key_for(known.group(0)) or known.group(0))
    if acronym and (orgs.key_for(acronym) or _new_acronym(acronym, orgs)):
        parts = re.split(r"\s+of\s+(?:the\s+)?", right)  # the acronym names the last part
        if (len(parts) > 1 or not _is_body(parts[0])) and (orgs.key_for(acronym) or (
                acronym[:1] in {w[:1] for w in parts[-1].split()} and not _is_body(parts[-1]))):
            return " of ".join(parts[:-1]), orgs.key_for(acronym) or acronym
    for fact in orgs.facts:  # a full name with "of" in it: "Organization of Turkic States"
        at = right.find(fact.full_name) if fact.full_name else -1
        if at >= 0:
            return re.sub(r"\s+of(?:\s+the)?\s*$", "", right[:at]).strip(), fact.key
    parts = re.split(r"\s+of\s+(?:the\s+)?", right)
    kept, found = [], None
    for part in parts:
        head = part.split()[0] if part.split() else ""
        key = orgs.key_for(part) or (orgs.key_for(head) if head else None) or (
            _new_acronym(part, orgs) if part is parts[-1] and len(parts) > 1 else None)
        if key:
            found = found or key
            rest = part.split()[1:] if orgs.key_for(head) and not orgs.key_for(part) else []
            if rest and not (len(rest) <= 2 and rest[0].lower() == "member"):
                kept.append(" ".join(rest))
        else:
            kept.append(part)
    text = " of ".join(kept)
    return (text, found) if found else text


_MET_FOR = re.compile(r"(?:\s+capital)?\s*,?\s*"
                      r"(?:(?:on|this|last|earlier|late)\s+[\w,]+(?:\s+[\w,]+){0,3}?\s+)?"
                      r"(?:for|to\s+(?:attend|"
                      r"join|take\s+part\s+in|open|hold)|at|where|when)\b[^.;!?]{0,90}$")


_SAME_AFTER = re.compile(r"[^.;!?]{0,50}?\b(?:in|at)\s+the\s+same\s+(?:city|venue|place|capital|"
                         r"town)\b", re.I)


# "the venue of the 33rd summit was Y"
_VENUE_OF = re.compile(r"\b(?:venue|host)\s+(?:of|for)\s+(?:the\s+)?(?:\w+\s+)?$", re.I)
_SCHEDULED_FOR = re.compile(r"[^.;!?]{0,40}?\b(?:scheduled|slated|planned|set|due)\s+for\s+")
_HOSTED_AFTER = re.compile(r"\s+(?:hosted|hosts|is\s+hosting|will\s+host|has\s+hosted|"
                           r"(?:is|are)\s+to\s+host|(?:has\s+|have\s+)?(?:offered|agreed|"
                           r"volunteered|proposed)\s+to\s+host)\b")
_HOST_CITY = re.compile(r"\bhost\s+(?:city|country|nation|capital)\s*,?\s*(?:of\s+)?(?:the\s+)?$",
                        re.I)  # "the host city, Tashkent,"
_BUILDING_OF = re.compile(r"\b(?:Palace|Hall|House|Square|Centre|Center|Hotel|Avenue|Street|"
                          r"Stadium|Museum|Park|Library|Tower|University)\s+of\s+(?:the\s+)?$")
_CAPITAL_AFTER = re.compile(r"\s+capital\b(?!\s+(?:city\s+)?of\b)")  # "… capital of Dushanbe"


_IN_SHORT = re.compile(r"[^.;,!?]{0,12}\b(?:in|at)\s+(?:the\s+)?(?:\w+\s+){0,2}?")
_VENUE_WAS = re.compile(r"\s+(?:was|is|will\s+be)\s+|\s*,\s*(?:the\s+)?")
_WHICH = re.compile(r"\s*,\s*which\s+")
_TWO_HOSTS = re.compile(r"\b(?:host\w*|venue|welcom\w*)\b.*\b(?:host\w*|venue)\b")
_COMMA_THE = re.compile(r",\s*(?:the\s+)?")


def _usable(text: str, place: Place) -> bool:
    """A place that can be a venue: a name, or a nationality before "capital" ("the Kazakh
    capital" is Kazakhstan; its city is not named)."""
    return not place.demonym or bool(_CAPITAL_AFTER.match(text, place.span.end))


def _may_hold(low: str | None, words: tuple[str, ...], lo: int, hi: int) -> bool:
    """Whether the text holds one of `words` (in any case) in [lo, hi), by its lower-case copy
    `low` (`ignorecase_lower`; always True when None): a pattern that needs one is tried only
    then."""
    return low is None or any(low.find(word, lo, hi) >= 0 for word in words)


def _local_evidence(text: str, mention: Mention, places: SpanIndex[Place], lo: int,
                    hi: int, low: str | None) -> None:
    """Places the sentence gives for this mention: after it up to the next mention (`hi`),
    before it back to the previous one (`lo`); `low` is the text in lower case
    (`ignorecase_lower`)."""
    a = max(mention.sentence.start, mention.span.start - 30)
    venue_of = _VENUE_OF.search(text, a, mention.span.start) if _may_hold(
        low, ("venue", "host"), a, mention.span.start) else None
    for place in places.between(mention.span.end, hi):
        lead = text[mention.span.end:place.span.start]
        if len(lead) > 90:
            break
        if not _usable(text, place) or _BUILDING_OF.search(
                text, max(mention.span.end, place.span.start - 30), place.span.start):
            continue  # "the Palace of Independence in Minsk": a building's name, not a city
        venue = _ends_with(lead, 0, len(lead), _VENUE_LAST) and _VENUE_AFTER.match(lead)
        if venue or (_CAPITAL.match(lead) is None and _IN_SHORT.fullmatch(lead)) or (
                venue_of and _VENUE_WAS.fullmatch(lead)):
            strength = 3  # "the venue of the 33rd summit was Y", "the host of X, Y,"
        elif place.kind == "city" and _SCHEDULED_FOR.fullmatch(lead):
            strength = 3  # "which was scheduled for Arusha on 30 November"
        elif _WHICH.fullmatch(lead) and _HOSTED_AFTER.match(text, place.span.end):
            strength = 2  # "the 16th summit, which Tashkent hosted,"
        elif _HOSTED_BY.match(lead):
            strength = 1
        else:
            continue
        mention.evidence.append(_place_evidence(text, place, strength, places))
        if strength > 1:
            break  # "hosted by Uzbekistan in Samarkand": the venue may follow the host
    if not mention.evidence and _may_hold(low, ("same",), mention.span.end, hi) and (
            _SAME_AFTER.match(text, mention.span.end, hi)):  # "… was held in the same city"
        found = _same_place(text, mention.span.start, places)
        mention.evidence += [found] if found else []
    before = [p for p in places.between(lo, mention.span.start) if _usable(text, p)]
    for place in reversed(before):
        gap = text[place.span.end:mention.span.start]
        if ("host" in gap or "venue" in gap or "welcome" in gap) and _HOST_BEFORE.match(
                gap) and not _TWO_HOSTS.search(gap):  # (the words `_HOST_BEFORE` needs)
            host = place
            # "Tashkent, Uzbekistan, is due to host": the city is the first of the pair
            earlier = [p for p in before if p.span.end <= place.span.start]
            if (place.kind == "country" and earlier and earlier[-1].kind == "city"
                    and _COMMA_THE.fullmatch(text, earlier[-1].span.end, place.span.start)):
                host = earlier[-1]
            mention.evidence.append(_place_evidence(text, host, 2, places))
            break
        if not mention.evidence and _MET_FOR.match(gap) and _MET_IN.search(
                text, max(mention.sentence.start, place.span.start - _MET_IN_REACH),
                place.span.start):
            # "the bloc met in X, where the Council held its 54th meeting", "leaders
            # gathered in X for the summit"
            mention.evidence.append(_place_evidence(text, place, 3, places))
            break
        if place is before[0] and _IN_LEAD.match(text[mention.sentence.start:place.span.start]):
            # "In Baku, the ministers …"
            mention.evidence.append(_place_evidence(text, place, 3, places))
            break
    a = max(mention.sentence.start, mention.span.start - 60)
    b = min(mention.sentence.end, mention.span.end + 60)
    maybe = low is None or _VIRTUAL_WORDS.search(low, a, b) is not None
    if (maybe and _VIRTUAL_VENUE.search(text[a:b])) or _VIRTUAL.search(mention.name):
        mention.virtual = True


def _place_evidence(text: str, place: Place, strength: int, places: SpanIndex[Place]
                    ) -> Evidence:
    if place.kind == "city":
        return Evidence(place.name, place.country, strength, place.span.start)
    # "in the capital of Y"/"in Y's capital": a country; a city right before it names the city
    return Evidence(None, place.name, strength, place.span.start)


_RANGE_END = re.compile(r"\s*(?:[–-]|to|until)\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}|[A-Z][a-z]{2,8}\.?\s+"
                        r"\d{1,2}),?\s+(?P<y>(?:19|20)\d\d)\b")


_LEADING_DATE = re.compile(r"\s*(?:(?:Held|Convened|Meeting|Gathered|Opened|Hosted)\b[^,;.]{0,60}?"
                           r"\s)?[Oo]n\s+")


_STOP = re.compile(r"[.;:!?]")
_COMMA_SPACE = re.compile(r",?\s*")


def _date_before(text: str, mention: Mention, lo: int | None) -> re.Match[str] | None:
    """"met here on Friday for their 25th summit", "gathered in Cairo on 8 September for the
    166th session": the last date said with "on" in the clause before the mention."""
    start = max(mention.sentence.start if lo is None else lo, mention.span.start - 120)
    last = None
    dates = _DATE.finditer(text, start, mention.span.start) if _DATE_WORD.search(
        text, start, mention.span.start) else ()
    for m in dates:
        said_on = m.group(0)[:3].lower() == "on " or text[max(0, m.start() - 3):
                                                           m.start()].lower() == "on "
        if said_on and not _STOP.search(text, m.end(), mention.span.start):
            last = m
    if last is not None and last.group("wd"):  # "on Tuesday, September 8, 2026": the date
        full = _DATE.match(text, _COMMA_SPACE.match(text, last.end()).end())  # type: ignore[union-attr]
        last = full if full is not None and not full.group("wd") else last
    return last


def _date_near(text: str, mention: Mention, limit: int, published: date | None,
               lo: int | None = None) -> None:
    hi = min(limit, mention.span.end + 80)
    m = _DATE.search(text, mention.span.end, hi) if _DATE_WORD.search(
        text, mention.span.end, hi) else None
    if m is None:  # "On March 4, 2021, the 14th ECO Summit took place"
        # "Held in Kampala on 19 January 2024, the …"
        m2 = _LEADING_DATE.match(text, mention.sentence.start, mention.span.start)
        if m2:
            m = _DATE.match(text, m2.end() - 3)
    if m is None and not mention.other:
        m = _date_before(text, mention, lo)
    if not m:
        return
    if m.group("wd"):
        if published is None:
            return
        back = (published.weekday() - WEEKDAYS.index(m.group("wd").lower())) % 7
        mention.date, mention.precision = (published - timedelta(days=back)).isoformat(), "day"
        return
    month = MONTHS.get((m.group("m1") or m.group("m2") or "").lower().rstrip("."))
    day = int(m.group("d1") or m.group("d2") or 0)
    year = m.group("y1") or m.group("y2")
    if not year:  # "30 June - 2 July 2025", "June 30 to July 2, 2025": the year ends the range
        end = _RANGE_END.match(text, m.end())
        year = end.group("y") if end else None
    if not month or not 1 <= day <= 31:
        return
    try:
        if year:
            mention.date, mention.precision = date(int(year), month, day).isoformat(), "day"
        else:
            date(2000, month, day)
            mention.date, mention.precision = f"--{month:02d}-{day:02d}", "day-no-year"
    except ValueError:
        return


def _attendance(text: str, sentence: Span, places: SpanIndex[Place], skip: SpanIndex[Span],
                attend: list[int] | None) -> tuple[list[str], list[str]]:
    """Countries that attended the sentence's meeting, and those that came as guests; `attend`
    holds where the words of `_ATTEND` start (`_word_starts`)."""
    if not _starts_in(attend, sentence.start, sentence.end):
        return [], []  # no word of attending
    countries = [p for p in places.between(sentence.start, sentence.end)
                 if p.kind == "country" and not p.demonym and not skip.covers(p.span.start)]
    if not countries or not _tried(_ATTEND, attend, text, sentence.start, sentence.end, True):
        return [], []  # no country, or no word of attending
    guests: list[str] = []
    for g in _GUESTS.finditer(text, sentence.start, sentence.end):
        segment_start = max(text.rfind(sep, sentence.start, g.start())
                            for sep in ("—", "along with", ";", " and representatives",
                                        "representatives from", "delegations from"))
        guests += [p.name for p in countries if max(segment_start, sentence.start)
                   <= p.span.start < g.start()]
    participants = [p.name for p in countries if p.name not in guests]
    return list(dict.fromkeys(participants)), list(dict.fromkeys(guests))


def _sentence_evidence(text: str, sentence: Span, places: SpanIndex[Place]) -> list[Evidence]:
    """"The bloc met in X", "leaders gathered in X": the main meeting's venue, said in a
    sentence that names no meeting."""
    out = []
    for place in places.between(sentence.start, sentence.end):
        lead = text[max(sentence.start, place.span.start - _MET_IN_REACH):place.span.start]
        if _MET_IN.search(lead) and not place.demonym:
            out.append(_place_evidence(text, place, 3, places))
        elif _HOST_CITY.search(lead) and not place.demonym:
            out.append(_place_evidence(text, place, 2, places))
    return out


_CAP = r"[A-Z][\w’'\-]*+"
_SUBJECT = re.compile(
    rf"\W*(?:The\s+|the\s+)?(?:(?P<org>[A-Z][A-Za-z\-]{{1,9}})\s+)?"
    rf"(?P<body>(?:{_CAP}\s+(?:of\s+)?){{0,4}}?(?:Council|Committee|Commission|Board|Assembly)"
    rf"(?:\s+of\s+(?:the\s+)?{_CAP}(?:\s+(?:(?:of|and)\s+(?:the\s+)?)?{_CAP}){{0,6}})?)")
# "The Supreme Council of the GCC held its 45th session": the subject is the body that met
_ITS = re.compile(r"(?:\s*\([A-Z][\w\-]{1,9}\))?\s+(?:has\s+|have\s+|will\s+)?"
                  r"(?:held|opened|convened|began|begins|concluded|closed|hold|holds|open|opens|is\s+holding|was\s+holding|"
                  r"wrapped\s+up)\s+(?:its|their|an?)\s+(?:(?:virtual|online|extraordinary|"
                  r"special|emergency|informal|regular|joint|closed-door)\s+)?$")


def _subject_parts(text: str, subject: re.Match[str], orgs: Organizations
                   ) -> tuple[str, str | None] | None:
    """(body, organization) of a subject such as "The African Union Executive Council" or
    "The Supreme Council of the GCC"; None when the subject is the organization itself."""
    body = subject.group("body")
    if orgs.key_for(body) or orgs.at(subject.start("body"), subject.start("body") + 1):
        return None  # "The Gulf Cooperation Council met": the organization, not an organ
    organization = orgs.key_for(subject.group("org") or "")
    start = subject.start("org") if subject.group("org") else subject.start("body")
    lead = next((span for _, span in orgs.mentions_at(start, start + 1)
                 if span.end < subject.end("body")), None)
    if lead is not None:  # "The African Union Executive Council": the organization leads
        organization = orgs.at(lead.start, lead.start + 1)[0]
        body = " ".join(text[lead.end:subject.end("body")].split())
    elif subject.group("org") and organization is None:
        body = f"{subject.group('org')} {body}"
    stripped = _strip_org(body, orgs, None)
    if isinstance(stripped, tuple) and stripped[0]:
        body, organization = stripped[0], organization or stripped[1]
    return body, organization or BODY_OF.get(body)


def _subject_body(text: str, sentence: Span, pos: int, orgs: Organizations
                  ) -> tuple[str, str | None] | None:
    """The body and organization of "BODY held its (Nth) session" for a mention at `pos`."""
    starts = [sentence.start, *(c.end() for c in _CLAUSE.finditer(
        text, max(sentence.start, pos - 160), pos))]  # "…, where the Council held its"
    for at in starts:
        subject = _SUBJECT.match(text, at, pos)
        if subject is not None and _ITS.fullmatch(text, subject.end(), pos):
            return _subject_parts(text, subject, orgs)
    return None


_CLAUSE = re.compile(r"(?:\b(?:where|when|as|while|after|before|and)|\s[–—-]{1,2}|:)\s+"
                     r"(?=(?:the\s+)?[A-Z])")  # after a dateline's dash too


_MEETS = re.compile(r"\b(?:will\s+meet|met|meets|is\s+meeting|convened|convenes|will\s+convene|"
                    r"gathered)\b(?P<where>\s+(?:here\s+|today\s+|on\s+\w+\s+)?in\s+(?:the\s+)?)?",
                    re.I)
_RIGHT_AFTER = re.compile(r"\s*(?:,\s*(?:which|that|who)\s+)?")  # "The Council, which met …"
_SAME = re.compile(r"\s*(?:the\s+)?same\s+(?:city|venue|place|capital|town)\b", re.I)


def _same_place(text: str, pos: int, places: SpanIndex[Place]) -> Evidence | None:
    """"in the same city" at `pos`: the last place named before it (a country named like its
    capital names the city)."""
    i = bisect_left(places.starts, pos)
    for place in reversed(places.items[max(0, i - 20):i]):
        if place.demonym:
            continue
        if place.kind == "city":
            return Evidence(place.name, place.country, 3, place.span.start)
        return Evidence(city_state(place.name), place.name, 3, place.span.start)
    return None


def _body_meets(text: str, sentence: Span, orgs: Organizations, places: SpanIndex[Place],
                found: list[Mention], keywords: list[int] | None) -> list[Mention]:
    """"The Council of Ministers met in X", "The SCO Council of Foreign Ministers will meet in
    X": a body that is the subject of "meet", with no word for the meeting itself (and no
    mention of the sentence, `found`, before the verb or of the same body). `keywords`: where
    the words of `_KEYWORD` start, which include those of `_SUBJECT` ("Council", "assembly")."""
    if not _starts_in(keywords, sentence.start, sentence.end):
        return []  # no organ named: no such subject
    subject = _SUBJECT.match(text, sentence.start, sentence.end)
    verb = _MEETS.search(text, subject.end(), min(sentence.end, subject.end() + 120)) if (
        subject) else None
    if verb is not None and not verb.group("where") and not _RIGHT_AFTER.fullmatch(
            text, subject.end(), verb.start()):  # type: ignore[union-attr]
        verb = None  # "met" with no place must follow its subject
    if subject is None or verb is None or any(
            m.span.start < verb.end() or (m.body or "").lower() == subject.group("body").lower()
            for m in found):
        return []
    parts = _subject_parts(text, subject, orgs)
    if parts is None:
        return []
    body, organization = parts
    span = Span(subject.start("org") if subject.group("org") else subject.start("body"),
                subject.end("body"))
    mention = Mention(span, sentence, " ".join(text[span.start:span.end].split()),
                       organization, body, None, True, False, kind="meeting", proper=True,
                       organ=True)
    if not verb.group("where"):
        return [mention]
    place = next(iter(places.between(verb.end(), verb.end() + 1)), None)
    if place is not None and not place.demonym:
        mention.evidence.append(_place_evidence(text, place, 3, places))
    elif _SAME.match(text, verb.end() - 4):
        same = _same_place(text, verb.start(), places)
        mention.evidence += [same] if same else []
    return [mention]


_MINISTERS_MEET = re.compile(r"\s+(?P<field>(?:[A-Za-z]+\s+){0,2}?)[Mm]inisters\s+"
                             r"(?:have\s+)?(?=(?:met|meet|gathered|convened|will\s+meet)\b)")


_LEAD_THE = re.compile(r"\W*(?:[Tt]he\s+)?")
_ATTENDED = re.compile(r"\b(?:for|to\s+attend|to\s+join|at|to\s+take\s+part\s+in)\s+(?:the\s+|a\s+|"
                       r"their\s+|its\s+)?(?:\S+\s+){0,3}$")


def _ministers_meet(text: str, sentence: Span, orgs: Organizations, places: SpanIndex[Place],
                    found: list[Mention]) -> list[Mention]:
    """"Arab League foreign ministers met in Cairo": the organization's ministers as the
    subject of "meet" are a meeting of theirs ("Foreign Ministers"), placed by "in X"."""
    if text.find("inisters", sentence.start, sentence.end) < 0:
        return []  # `_MINISTERS_MEET` cannot match
    at = _LEAD_THE.match(text, sentence.start, sentence.end).end()  # type: ignore[union-attr]
    org = next(iter(orgs.mentions_at(at, at + 1)), None)
    subject = _MINISTERS_MEET.match(text, org[1].end, sentence.end) if org else None
    verb = _MEETS.match(text, subject.end(), sentence.end) if subject else None
    if org is None or subject is None or verb is None or any(
            m.span.start < verb.end() or _ATTENDED.search(text, verb.end(), m.span.start)
            for m in found):
        return []  # "ECO ministers met in X for the 27th Council": that meeting is theirs
    body = _title([*map(_cap, subject.group("field").split()), "Ministers"])
    span = Span(org[1].start, subject.end())
    mention = Mention(span, sentence, " ".join(text[span.start:span.end].split()), org[0],
                       body, None, True, False, kind="meeting", organ=True)
    place = next(iter(places.between(verb.end(), verb.end() + 1)), None) if verb.group(
        "where") else None
    if place is not None and not place.demonym:
        mention.evidence.append(_place_evidence(text, place, 3, places))
    return [mention]


def _word_starts(text: str, low: str | None, words: tuple[tuple[str, ...], tuple[str, ...]]
                 ) -> list[int] | None:
    """Sorted positions where a word of `words` starts: the first ones in any case (written in
    lower case), the second as written; None when that cannot be known (`ignorecase_lower`)."""
    if low is None and words[0]:
        return None
    found: set[int] = set()
    for hay, group in ((low, words[0]), (text, words[1])):
        for word in group:
            at = hay.find(word)  # type: ignore[union-attr]
            while at >= 0:
                found.add(at)
                at = hay.find(word, at + 1)  # type: ignore[union-attr]
    return sorted(found)


def _tried(pattern: re.Pattern[str], starts: list[int] | None, text: str, lo: int, hi: int,
           first: bool = False) -> list[re.Match[str]]:
    """The matches of `pattern.finditer(text, lo, hi)` (only the first one if `first`), for a
    pattern each match of which begins where a word of `starts` (`_word_starts`) does: the
    matcher runs there only, not at every position."""
    if starts is None:
        found = pattern.finditer(text, lo, hi)
        return list(islice(found, 1) if first else found)
    out: list[re.Match[str]] = []
    pos = lo
    for at in starts[bisect_left(starts, lo):bisect_left(starts, hi)]:
        if at >= pos:
            m = pattern.match(text, at, hi)
            if m is not None:
                out.append(m)
                if first:
                    break
                pos = m.end()
    return out


def _starts_in(starts: list[int] | None, lo: int, hi: int) -> bool:
    """Whether a word of `starts` (`_word_starts`) may start in [lo, hi)."""
    return starts is None or bisect_left(starts, lo) < bisect_left(starts, hi)


# "the 5th Ministerial Meeting, which was preceded by the Expert Group Meeting": the same
# organization's meeting at the same venue
_LINKED = re.compile(r"\b(?:preceded|followed)\s+by\s+(?:the\s+|a\s+)?$")
# "… is taking place in Geneva within the framework of the 76th World Health Assembly": a
# meeting held on the sidelines of another shares its venue
_ALONGSIDE = re.compile(r"\b(?:(?:with)?in\s+the\s+framework|on\s+the\s+(?:sidelines|margins|"
                        r"fringes)|in\s+the\s+margins?|as\s+part)\s+of\s+(?:the\s+)?$")


def find_meetings(text: str, sentences: list[Sentence], orgs: Organizations,
                  places: list[Place], quotes: list[Span], published: date | None,
                  start: int = 0, dateline_place: str | None = None,
                  title: Span | None = None, title_places: list[Place] | None = None
                  ) -> list[MeetingFact]:
    """Meetings of the article; the main one is marked `is_main`. The headline (`title`, before
    `start`) is read too: it often names the main meeting and its host."""
    title_places = title_places or []
    mentions: list[Mention] = []
    loose: list[Evidence] = []  # venue evidence said of no named meeting
    place_index = SpanIndex([*title_places, *places], lambda p: p.span)
    org_index = span_index(span for _, span in orgs.mentions)
    org_ends = {span.end + 1: key for key, span in orgs.mentions}
    quote_index = span_index(quotes)
    low = ignorecase_lower(text)
    keywords = _word_starts(text, low, _KEYWORD_WORDS)
    attend = _word_starts(text, low, _ATTEND_WORDS)
    # the report's year: its publication's, else the latest year the text writes (read only
    # for a mention qualified by a year: the whole text is scanned for it)
    year = cache(lambda: published.year if published else max(
        (int(y) for y in _YEAR.findall(text)), default=None))
    spans: list[tuple[Span, bool]] = []
    for sentence in sentences:
        span = sentence.span
        if title is not None and span.start < title.end:  # the headline, then the rest
            spans.append((Span(span.start, min(span.end, title.end)), True))
            if span.end > start:
                spans.append((Span(max(start, span.start), span.end), False))
        elif span.end > start:
            spans.append((span, False))
    for span, in_title in spans:
        found: list[Mention] = []
        for m in _tried(_KEYWORD, keywords, text,
                        span.start if in_title else max(start, span.start), span.end):
            at, end, kw = m.start(), m.end(), m.group("kw")
            if quote_index.covers(at) or (found and at < found[-1].span.end):
                continue  # inside a quote, or inside the previous meeting's name
            if org_index.covers(at) and not (
                    kw.lower() in {"meeting", "summit"} and _ENDS_NAME.match(text, end)):
                continue  # "Pacific Islands Forum": an organization's name, not a meeting
            if m.group("organ") and (not _NUMBERED_ORGAN.search(
                    text, max(span.start, at - 80), at) or _ORGAN_NOT_MEETING.match(text, end)):
                continue  # "the Council decided": an organ, a meeting only when numbered
            if _VENUE_NOUN.match(text, end):
                continue  # "… International Conference Hall": a building
            if kw[:1].isupper() and _ORG_SHORT_USE.match(text, end):
                continue  # "Forum leaders", "the Forum secretariat": the organization's name
            if kw in {"gathering", "event"} and not _THE_EVENT.search(
                    text, max(span.start, at - 30), at):
                continue  # "a cultural event": only "the (two-day) gathering" is the meeting
            if kw == "talks" and not org_ends.get(at):
                continue  # "held talks": a meeting only as "the WTO talks"
            if kw.lower() == "ministerial" and _MINISTERIAL_NAME.match(text, end, end + 12):
                continue  # "Ministerial Meeting": the next keyword reads the whole name
            found.append(_parse(text, span, m, orgs, place_index, year, low))
            found[-1].headline = in_title
        for i, mention in enumerate(found):
            lo = found[i - 1].span.end if i else span.start
            hi = found[i + 1].span.start if i + 1 < len(found) else span.end
            _local_evidence(text, mention, place_index, lo, hi, low)
            _date_near(text, mention, hi, published, lo)
            gap = (found[i - 1].span.end, mention.span.start) if i else (0, 0)
            linked = i and _LINKED.search(text, *gap)
            if i and not mention.evidence and found[i - 1].evidence and (
                    linked or _ALONGSIDE.search(text, *gap)):
                mention.evidence.append(strongest(found[i - 1].evidence))  # type: ignore[arg-type]
            if linked and mention.organization is None and mention.named:
                mention.organization = found[i - 1].organization  # its preparatory meeting
        if not in_title:
            clause = span if span.start >= start else Span(start, span.end)
            organs = _body_meets(text, clause, orgs, place_index, found, keywords) or (
                _ministers_meet(text, clause, orgs, place_index, found))
            for mention in organs:
                _date_near(text, mention, found[0].span.start if found else span.end,
                           published)
            found = organs + found
        for mention in found:
            mentions += _series(text, mention, place_index) if mention.plural else [mention]
        if not found:
            loose += _sentence_evidence(text, span, place_index)
        if (found or mentions) and not in_title:
            participants, guests = _attendance(text, span, place_index, quote_index, attend)
            if participants or guests:
                target = next((m for m in found if not m.other), None) or next(
                    (m for m in mentions if not m.other and m.named), None)
                if target is not None:
                    target.participants += participants
                    target.guests += guests
    if orgs.main() is None:
        _regional_group(text, mentions)
    return decide(mentions, loose, orgs, dateline_place)


_MINISTERIAL_NAME = re.compile(r"\s+(?:meeting|session|conference)", re.I)
_THE_EVENT = re.compile(r"\b[Tt]he\s+(?:(?:\w+-day|annual|high-level|regional)\s+)?$")
_SERIES = re.compile(
    r"\s+(?:(?:were\s+)?(?:held|followed|took\s+place|convened)\s+)?in\s+")
# between two places of a series: "(2002), ", " in 2017 and in "
_SERIES_GAP = re.compile(r"\s*(?:\((?:19|20)\d\d\)|in\s+(?:19|20)\d\d)?\s*"
                         r"(?:,\s*(?:and\s+)?|and\s+)(?:in\s+)?")


def _series(text: str, mention: Mention, places: SpanIndex[Place]) -> list[Mention]:
    """"the Caspian Summits in Ashgabat (2002), Tehran (2007) and Baku (2010)": one past
    meeting per place listed; a plural mention with no such list is kept as it is."""
    lead = _SERIES.match(text, mention.span.end, mention.sentence.end)
    if lead is None:
        return [mention]
    out: list[Mention] = []
    pos = lead.end()
    for place in places.between(lead.end(), mention.sentence.end):
        gap = text[pos:place.span.start]
        if out and not _SERIES_GAP.fullmatch(gap):
            break
        if not out and gap.strip():
            break
        if place.demonym:
            break
        item = Mention(Span(mention.span.start, place.span.end), mention.sentence,
                        f"{mention.name.removesuffix('s')} in {place.surface}",
                        mention.organization, mention.body, None, True, True,
                        kind=mention.kind)
        item.evidence.append(_place_evidence(text, place, 3, places))
        out.append(item)
        pos = place.span.end
    return out if len(out) >= 2 else [mention]


_GROUP = re.compile(r"\b([A-Z][a-z]+)\s+((?i:states|countries|nations))\b")


def _regional_group(text: str, mentions: list[Mention]) -> None:
    """Meetings of a group of states with no organization ("the Fifth Caspian Summit", among
    "the Caspian states"): the group, as the text names it."""
    groups = {g.group(1).lower(): g.group(2).lower() for g in _GROUP.finditer(text)}
    for m in mentions:
        head = (m.body or "").split()[0] if m.body else ""
        if m.organization is None and head[:1].isupper() and head.lower() in groups:
            m.organization = f"{head} {groups[head.lower()]}"
            m.body = " ".join(m.body.split()[1:]) or m.body


