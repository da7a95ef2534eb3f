"""Meetings an article names: organization, body, ordinal, place, date, who came, who was a guest.

A named meeting ("the 23rd Meeting of the ECO Council of Foreign Ministers in ... Dushanbe") or a
placed one ("the recent summit in Khankandi, Azerbaijan") is a meeting; a bare "the summit" or
"the ECO meeting" refers back to the article's main meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from knowledge.extract.facts import DatePrecision, MeetingFact, Span
from knowledge.extract.lexicon import MONTHS, ORDINAL_WORDS, WEEKDAYS
from knowledge.extract.organizations import Organizations
from knowledge.extract.places import Place
from knowledge.extract.text import Sentence, SpanIndex, span_index

_KEYWORD = re.compile(r"\b(?P<kw>meeting|session|summit|conference|forum|congress|ministerial)"
                      r"s?\b", re.I)
_LEFT_WORD = re.compile(r"((?<![\w’'\-])[A-Z][\w’'\-]*+|\d{1,3}(?:st|nd|rd|th)|"
                        r"(?i:first|second|third|fourth|"
                        r"fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
                        r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
                        r"twentieth))[’']?\s+$")
_RIGHT_OF = re.compile(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w’'\-]*+|of|the|and|for|on)"
                       r"(?:\s+(?:[A-Z][\w’'\-]*+|of|the|and|for|on))*)(?:\s*\(([A-Z][\w\-]*+)\))?")
_IN_ACRONYM = re.compile(r"(\s+in\s+[A-Z][\w\-]*+)\s*\(([A-Z][\w\-]*+)\)")
_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th)$", re.I)
_OTHER = re.compile(r"\b(?:recent|previous|last|next|upcoming|forthcoming|past|earlier|"
                    r"former|future|first-ever)\s+$", re.I)
_SMALL = {"of", "the", "and", "for", "on"}
_DATE = re.compile(
    r"\b(?:on\s+)?(?:(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?P<d1>\d{1,2})\s+(?P<m1>[A-Z][a-z]{2,8})\.?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
    r"|(?P<m2>[A-Z][a-z]{2,8})\.?\s+(?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>(?:19|20)\d\d))?)"
    r"\b")
_ATTEND = re.compile(r"\b(?:attend\w*|took part|take part|participat\w*|gathered|delegations?"
                     r"\s+from|representatives?\s+from|officials\s+from|ministers\s+from)\b", re.I)
_GUESTS = re.compile(r"\bas\s+(?:special\s+)?(?:guests?|observers?)\b", re.I)


@dataclass(slots=True)
class _Mention:
    span: Span
    name: str
    organization: str | None
    body: str | None
    ordinal: int | None
    named: bool  # capitalised or numbered: a real meeting, not "the meeting"
    other: bool  # "the recent summit": not the article's own meeting
    city: str | None = None
    country: str | None = None
    place_surface: str | None = None
    date: str | None = None
    precision: DatePrecision | None = None
    participants: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)


def _title(words: list[str]) -> str:
    return " ".join(w if w.lower() not in _SMALL or i == 0 else w.lower()
                    for i, w in enumerate(words))


def _parse(text: str, sentence: Span, m: re.Match[str], orgs: Organizations) -> _Mention:
    start = m.start()
    left: list[str] = []
    pos = start
    while len(left) < 6:
        lw = _LEFT_WORD.search(text, max(sentence.start, pos - 40), pos)
        if not lw:
            break
        left.insert(0, lw.group(1))
        pos = lw.start()
    end = m.end()
    right_name = None
    acronym = None
    rm = _RIGHT_OF.match(text, end, sentence.end)
    if rm:
        right_name, acronym = rm.group(1), rm.group(2)
        end = rm.end()
        tail = _IN_ACRONYM.match(text, end, sentence.end)  # "... Measures in Asia (CICA)"
        if acronym is None and tail:
            right_name += tail.group(1)
            acronym = tail.group(2)
            end = tail.end()
    ordinal = None
    words = []
    for w in left:
        om = _ORDINAL.match(w)
        if om:
            ordinal = int(om.group(1))
        elif w.lower() in ORDINAL_WORDS:
            ordinal = ORDINAL_WORDS[w.lower()]
        elif w.lower() != "the":
            words.append(w)
    keyword = m.group("kw")
    organization = None
    org_keys = {key for key, _ in orgs.mentions}
    body_words: list[str] = []
    for w in words:
        bare = re.sub(r"[’']s?$", "", w)
        if bare in org_keys:
            organization = bare
        else:
            body_words.append(bare)
    if right_name:
        for fact in orgs.facts:  # a full name with "of" in it: "Organization of Turkic States"
            at = right_name.find(fact.full_name) if fact.full_name else -1
            if at > 0:
                organization, acronym = fact.key, None
                right_name = re.sub(r"\s+of(?:\s+the)?\s*$", "", right_name[:at])
                break
        parts = re.split(r"\s+of\s+(?:the\s+)?", right_name)
        kept = []
        for part in parts:
            key = _org_key(part, orgs) or (acronym if part == parts[-1] and acronym else None)
            if key:
                organization = organization or key
            else:
                kept.append(part)
        rest = " of ".join(kept).split()
        if rest and rest[0] in org_keys:
            organization = organization or rest.pop(0)
        if keyword.lower() in {"meeting", "session"} and rest:
            body_words = rest
        elif rest:
            body_words = [*body_words, keyword.title(), "of", *rest]
    if not body_words or (keyword.lower() in {"summit", "conference", "forum", "congress"} and (
            not right_name)):
        body_words = [*body_words, keyword.title()] if keyword.lower() not in {
            "meeting", "session"} or not body_words else body_words
    body = _title(body_words) if body_words else keyword.title()
    named = bool(ordinal) or keyword[0].isupper() or bool(words)
    other = bool(_OTHER.search(text, max(sentence.start, pos - 20), pos))
    name = " ".join(text[pos:end].split())
    name = re.sub(r"^(?:[Tt]he)\s+", "", name)
    name = re.sub(r"\s*\([A-Z][\w\-]*\)$", "", name)  # "… Organization (ECO)"
    return _Mention(Span(pos, end), name, organization, body, ordinal, named, other)


def _org_key(part: str, orgs: Organizations) -> str | None:
    part = re.sub(r"^(?:the)\s+", "", part.strip(), flags=re.I)
    for fact in orgs.facts:
        if fact.full_name and part.lower() == fact.full_name.lower():
            return fact.key
    keys = {key for key, _ in orgs.mentions}
    return part if part in keys else None


def _place_after(text: str, mention: _Mention, places: SpanIndex[Place], limit: int) -> None:
    window = places.between(mention.span.end, limit)
    if not window:
        return
    lead = text[mention.span.end:window[0].span.start]
    if not re.search(r"\b(?:in|at|hosted by|held in|capital of)\b", lead) or len(lead) > 60:
        return
    cities = [p for p in window if p.kind == "city"
              and len(text[mention.span.end:p.span.start]) < 80]
    if cities:
        mention.city, mention.country = cities[0].name, cities[0].country
        mention.place_surface = cities[0].name
    else:
        mention.country = window[0].name
        mention.place_surface = window[0].name


def _date_after(text: str, mention: _Mention, limit: int, published: date | None) -> None:
    m = _DATE.search(text, mention.span.end, min(limit, mention.span.end + 80))
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
    if not month or not 1 <= day <= 31:
        return
    if year is None and published is not None:
        year = str(published.year)
    try:
        if year:
            mention.date, mention.precision = date(int(year), month, day).isoformat(), "day"
        else:
            date(2000, month, day)
            mention.date, mention.precision = f"--{month:02d}-{day:02d}", "day-no-year"
    except ValueError:
        return


def _attendance(text: str, sentence: Span, places: SpanIndex[Place], skip: SpanIndex[Span]
                ) -> tuple[list[str], list[str]]:
    if not _ATTEND.search(text, sentence.start, sentence.end):
        return [], []
    countries = [p for p in places.between(sentence.start, sentence.end)
                 if p.kind == "country" and not p.demonym and not skip.covers(p.span.start)]
    guests: list[str] = []
    for g in _GUESTS.finditer(text, sentence.start, sentence.end):
        segment_start = max(text.rfind(sep, sentence.start, g.start())
                            for sep in ("—", "along with", ";", " and representatives",
                                        "representatives from", "delegations from"))
        guests += [p.name for p in countries if max(segment_start, sentence.start)
                   <= p.span.start < g.start()]
    participants = [p.name for p in countries if p.name not in guests]
    return list(dict.fromkeys(participants)), list(dict.fromkeys(guests))


def find_meetings(text: str, sentences: list[Sentence], orgs: Organizations,
                  places: list[Place], quotes: list[Span], published: date | None,
                  start: int = 0) -> list[MeetingFact]:
    """Meetings of the article, the main one first-reported marked `is_main`."""
    mentions: list[_Mention] = []
    place_index = SpanIndex(places, lambda p: p.span)
    quote_index = span_index(quotes)
    for sentence in sentences:
        span = sentence.span
        if span.end <= start:
            continue
        found: list[_Mention] = []
        for m in _KEYWORD.finditer(text, max(start, span.start), span.end):
            if quote_index.covers(m.start()) or (found and m.start() < found[-1].span.end):
                continue  # inside a quote, or inside the previous meeting's name
            found.append(_parse(text, span, m, orgs))
        for i, mention in enumerate(found):
            limit = found[i + 1].span.start if i + 1 < len(found) else span.end
            _place_after(text, mention, place_index, limit)
            _date_after(text, mention, limit, published)
        mentions.extend(found)
        if found or mentions:
            participants, guests = _attendance(text, span, place_index, quote_index)
            target = next((m for m in found if not m.other), None)
            if target is None and (participants or guests):
                target = next((m for m in mentions if not m.other and m.named), None)
            if target is not None:
                target.participants += participants
                target.guests += guests
    main_org = orgs.main()
    meetings: list[MeetingFact] = []
    main: MeetingFact | None = None
    pending: list[_Mention] = []  # bare references, folded into the main meeting
    for m in mentions:
        real = m.ordinal is not None or (m.named and (m.city or m.country)) or (
            m.other and (m.city or m.country))
        if not real:
            pending.append(m)
            continue
        organization = m.organization or main_org
        same = next((x for x in meetings if x.organization == organization and x.body == m.body
                     and x.ordinal == m.ordinal and (x.city in (None, m.city))
                     and (x.country in (None, m.country))), None)
        if same is not None:
            same.city, same.country = same.city or m.city, same.country or m.country
            same.participants = list(dict.fromkeys(same.participants + m.participants))
            same.guests = list(dict.fromkeys(same.guests + m.guests))
            continue
        name = m.name
        if m.ordinal is None and m.place_surface and m.place_surface not in name:
            name = f"{name} in {m.place_surface}"
        if m.other and organization and organization not in name:
            name = f"{organization} {name[0].upper()}{name[1:]}"
        fact = MeetingFact(name=name, organization=organization, body=m.body,
                           ordinal=m.ordinal, city=m.city, country=m.country, date=m.date,
                           date_precision=m.precision, span=m.span,
                           participants=list(dict.fromkeys(m.participants)),
                           guests=list(dict.fromkeys(m.guests)))
        if main is None and not m.other:
            fact.is_main = True
            main = fact
        meetings.append(fact)
    if main is not None:
        for m in pending:
            main.participants = list(dict.fromkeys(main.participants + m.participants))
            main.guests = list(dict.fromkeys(main.guests + m.guests))
            main.date, main.date_precision = (main.date or m.date,
                                              main.date_precision or m.precision)
    for fact in meetings:
        fact.participants = [c for c in fact.participants if c not in fact.guests]
    return meetings
