"""The article's main meeting, decided once from all the evidence of the whole text, and the
meetings it refers to: the data every mention carries (`Mention`, `Evidence`), and `decide`,
which groups the mentions into meetings and chooses the main one and its host.

A mention that names a meeting (numbered, capitalised, or of an organization) opens or joins a
group by its organization, body and number; "the summit" and headline mentions are references
joined to the main meeting when nothing contradicts it. The dateline names the host only when
nothing else does and the meeting was not virtual. No host is ever invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.extract.facts import DatePrecision, MeetingFact, Span
from knowledge.extract.organizations import Organizations
from knowledge.extract.places import city_of, city_state


@dataclass(slots=True)
class Evidence:
    """A place said to be a meeting's venue or host, and how strongly."""

    city: str | None
    country: str | None
    strength: int  # 3 venue ("held in X"), 2 host ("X hosted"), 1 "hosted by X", 0 dateline
    pos: int


@dataclass(slots=True)
class Mention:
    span: Span
    sentence: Span
    name: str
    organization: str | None
    body: str | None
    ordinal: int | None
    named: bool  # capitalised or numbered: a real meeting, not "the meeting"
    other: bool  # "the recent summit": not the article's own meeting
    future: bool = False  # "the next session", "the upcoming summit": one still to come
    headline: bool = False  # in the title: a summary, merged into the main meeting
    kind: str = ""  # the keyword: "summit", "meeting", "session" …
    evidence: list[Evidence] = field(default_factory=list)
    date: str | None = None
    precision: DatePrecision | None = None
    virtual: bool = False
    joint: bool = False  # "the EU-Turkey summit": the organization with a partner
    plural: bool = False  # "previous summits": no one meeting
    proper: bool = False  # "… Heads of Government Meeting": a name, capitalised
    organ: bool = False  # "The Council of Ministers met": an organ of the article's organization
    held: bool = False  # "the extraordinary summit held in March": one meeting, referred to
    participants: list[str] = field(default_factory=list)
    guests: list[str] = field(default_factory=list)

    def place(self) -> Evidence | None:
        return strongest(self.evidence)


class Places:
    """The best evidence of a growing group, kept up to date as evidence is added: the same
    answer as `best` over everything added, in constant time per addition."""

    def __init__(self) -> None:
        self.top: Evidence | None = None
        self.city_in: dict[str, Evidence] = {}  # country -> its strongest, earliest city

    def add(self, e: Evidence) -> None:
        if self.top is None or (e.strength, -e.pos) > (self.top.strength, -self.top.pos):
            self.top = e
        if e.city and e.country and e.strength >= 2:
            known = self.city_in.get(e.country)
            if known is None or (e.strength, -e.pos) > (known.strength, -known.pos):
                self.city_in[e.country] = e

    def best(self) -> Evidence | None:
        top = self.top
        if top is not None and top.city is None and top.country is not None:
            return self.city_in.get(top.country, top)
        return top


def strongest(evidence: list[Evidence]) -> Evidence | None:
    """The strongest evidence (the earliest among equals), a city preferred to its country."""
    if not evidence:
        return None
    top = max(e.strength for e in evidence)
    best = min((e for e in evidence if e.strength == top), key=lambda e: e.pos)
    if best.city is None and best.country is not None:
        city = next((e for e in sorted(evidence, key=lambda e: (-e.strength, e.pos))
                     if e.city and e.country == best.country and e.strength >= 2), None)
        if city is not None:
            return city
    return best


VAGUE = frozenset({"gathering", "event"})  # "the gathering": the main meeting, never one alone
GENERIC = frozenset({"meeting", "session", "summit", "conference", "forum", "ministerial meeting",
                     "gathering", "event"})


def generic(m: Mention) -> bool:
    """"the summit", "the ECO meeting": a body named by its keyword only."""
    return (m.body or "").lower() in GENERIC and m.ordinal is None


def _place_of(group: list[Mention]) -> Evidence | None:
    return strongest([e for m in group for e in m.evidence])


def _same_place(a: Evidence | None, b: Evidence | None) -> bool:
    if a is None or b is None:
        return True
    return (a.city or a.country) == (b.city or b.country) or (
        a.country == b.country and (a.city is None or b.city is None))


def _join(groups: list[list[Mention]], keys: list[tuple[str | None, str, int | None]],
          joined: dict[tuple[str | None, str], list[tuple[int, Places]]], m: Mention,
          key: tuple[str | None, str]) -> None:
    """Add `m` to the meeting `joined` holds for its key and place, or open a new one."""
    place = m.place()
    index, places = next(((i, p) for i, p in joined.get(key, ()) if _same_place(
        p.best(), place)), (None, Places()))
    if index is None:
        groups.append([m])
        keys.append((*key, None))
        joined.setdefault(key, []).append((len(groups) - 1, places))
    else:
        groups[index].append(m)
    for e in m.evidence:
        places.add(e)


def _first(group: list[Mention]) -> Mention:
    """The mention that names a meeting best: numbered, then specific, then earliest."""
    def specific(m: Mention) -> bool:
        return (m.body or "").lower() not in GENERIC

    named = [m for m in group if m.named and not m.headline]
    if not any(specific(m) or m.ordinal is not None for m in named):
        # "wound up their summit … hold an annual meeting": no name, the summit says most
        named = group
    named = named or group

    return max(named, key=lambda m: (m.ordinal is not None, m.proper and specific(m),
                                     # "a session of X as the NATO summit opened": the summit
                                     m.kind == "summit", specific(m), -m.span.start))


def article_org(mentions: list[Mention]) -> str | None:
    """The organization the article is about, as its meetings name it: the one most of the
    meetings of its own (not earlier or later ones) name, the earliest among equals; None when
    none names one (then the organization mentioned most stands in)."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.organization and not m.other and not m.joint:
            counts[m.organization] = counts.get(m.organization, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def decide(mentions: list[Mention], loose: list[Evidence], orgs: Organizations,
            dateline_place: str | None) -> list[MeetingFact]:
    """Group the mentions into meetings, and choose the main meeting and its host once."""
    main_org = article_org(mentions) or orgs.main()
    groups: list[list[Mention]] = []
    keys: list[tuple[str | None, str, int | None]] = []
    references: list[Mention] = []  # "the summit", "the ECO meeting": decided below
    # indexes of the groups, so that grouping stays linear in the number of mentions
    by_ordinal: dict[tuple[str | None, int], int] = {}
    by_body: dict[tuple[str | None, str], list[int]] = {}
    group_places: list[Places] = []
    for m in mentions:
        organization = m.organization or main_org
        if ((not m.named or generic(m)) and not (m.other and (
                m.evidence or not (m.plural or m.future)))) or (m.headline and not m.other):
            # "the previous session" is a meeting of its own; "the next session", with no
            # place, is one the text only anticipates
            if not m.other:
                references.append(m)
            continue
        key = (organization, (m.body or "").lower(), m.ordinal)
        place = m.place()
        if m.ordinal is not None:  # the same number is the same meeting
            index = by_ordinal.get((organization, m.ordinal))
        else:  # the same body, at a place that does not contradict
            index = next((i for i in by_body.get(key[:2], ()) if _same_place(
                group_places[i].best(), place)), None)
        if index is None:
            groups.append([])
            keys.append(key)
            group_places.append(Places())
            index = len(groups) - 1
            if m.ordinal is not None:
                by_ordinal[(organization, m.ordinal)] = index
            else:
                by_body.setdefault(key[:2], []).append(index)
        groups[index].append(m)
        for e in m.evidence:
            group_places[index].add(e)
    for i in range(len(groups) - 1, -1, -1):  # "the 18th Annual Meeting" of the ETDB's board
        if keys[i][2] is None or any(m.organization for m in groups[i]):
            continue
        twin = next((j for j in range(len(groups)) if j != i and keys[j][2] == keys[i][2]
                     and any(m.organization for m in groups[j])), None)
        if twin is not None:
            groups[twin] = sorted(groups[twin] + groups[i], key=lambda m: m.span.start)
            del groups[i], keys[i]
    # the main meeting: the one the headline or the first report names, never a past one
    own = [i for i, g in enumerate(groups) if not all(m.other for m in g)]
    main = min(own, key=lambda i: (not any(m.organization or m.ordinal for m in groups[i]),
                                   groups[i][0].span.start)) if own else None
    if main is not None:
        numbered = [i for i in own if keys[i][2] is not None]
        if keys[main][2] is None and numbered:  # "D-8 Summit" in the headline, "8th" below
            twin = next((i for i in numbered if keys[i][0] == keys[main][0] and (
                keys[i][1] == keys[main][1] or keys[main][1] in GENERIC)
                and _same_place(_place_of(groups[i]), _place_of(groups[main]))), None)
            if twin is not None:
                groups[twin] = groups[main] + groups[twin]
                del groups[main], keys[main]
                main = twin - 1 if twin > main else twin
    elif any(m.kind not in VAGUE for m in references):
        # only "the summit" and the headline: the headline's meeting is the main
        lead = next((m for m in references if m.headline and m.named), next(
            m for m in references if m.kind not in VAGUE))
        groups.append([lead])
        keys.append((lead.organization or main_org, (lead.body or "").lower(), lead.ordinal))
        main = len(groups) - 1
    if main is not None:
        here = _place_of(groups[main])
        online = any(m.virtual for m in groups[main])
        kinds = {m.kind for m in groups[main]}
        in_main = {id(m) for m in groups[main]}
        joined: dict[tuple[str | None, str], list[tuple[int, Places]]] = {}
        for m in references:
            if id(m) in in_main:
                continue
            if (m.organization and m.named and not m.headline and m.kind == "summit"
                    and m.kind not in kinds and (keys[main][2] is not None or m.joint)) or (
                    m.organization and not m.headline and not _same_place(here, m.place())):
                # "the AU Summit" in a report of its Executive Council; "the SCO Qingdao
                # summit" in a report from Beijing: meetings of their own
                _join(groups, keys, joined, m, (m.organization, (m.body or "").lower()))
                continue
            if m.organization in (None, keys[main][0]) and _same_place(here, m.place()) and not (
                    online and m.place() is not None):  # a virtual meeting has no venue
                groups[main].append(m)
        # the headline's name used again in the text is the main meeting too
        named_as = {((m.organization or main_org), (m.body or "").lower())
                    for m in groups[main] if m.headline}
        for i in range(len(groups) - 1, -1, -1):
            if i != main and keys[i][2] is None and keys[i][:2] in named_as and _same_place(
                    here, _place_of(groups[i])) and not any(m.other for m in groups[i]):
                groups[main] += groups[i]
                del groups[i], keys[i]
                main -= 1 if i < main else 0
    meetings: list[MeetingFact] = []
    firsts = [_first(group) for group in groups]
    for i, group in enumerate(groups):
        is_main = i == main
        first = firsts[i]
        body = first.body
        if main is not None and not is_main and first.other and generic(first) and (
                first.kind in {"session", "meeting"} and first.kind == firsts[main].kind):
            body = firsts[main].body  # "the previous session" of the same council
        organization = keys[i][0]
        explicit = any(m.organization for m in group)
        if not is_main and not explicit and first.ordinal is None and not first.other and not (
                first.organ and organization) and not (first.held and organization):
            continue  # a conference of no stated organization, number or series
        evidence = [e for m in group for e in m.evidence]
        virtual = any(m.virtual for m in group)
        if is_main:
            evidence += loose if not any(e.strength >= 2 for e in evidence) else []
            if not evidence and not virtual and dateline_place:
                found = city_of(dateline_place)
                if found is not None:
                    evidence.append(Evidence(found[0], found[1], 0, 0))
        best = strongest(evidence)
        if is_main and best is not None and best.city is None and dateline_place:
            found = city_of(dateline_place)  # "KATMANDU –" and "the summit in Nepal"
            if found is not None and found[1] == best.country:
                best = Evidence(found[0], found[1], best.strength, best.pos)
        if best is not None and best.city is None and city_state(best.country):
            # "Djibouti will host the summit": the country names its capital too
            best = Evidence(city_state(best.country), best.country, best.strength, best.pos)
        dated = next((m for m in group if m.date and m.precision == "day"), None) or next(
            (m for m in group if m.date), None)
        name = first.name
        where = (best.city or best.country) if best else None
        if first.ordinal is None and where and where not in name and (first.other or generic(
                first)):
            name = f"{name} in {where}"
        if organization and organization.split()[0] not in name and (first.other or generic(
                first)):
            name = f"{organization} {name[0].upper()}{name[1:]}"
        participants = list(dict.fromkeys(c for m in group for c in m.participants))
        guests = list(dict.fromkeys(c for m in group for c in m.guests))
        meetings.append(MeetingFact(
            name=name, organization=organization, body=body,
            ordinal=next((m.ordinal for m in group if m.ordinal is not None), None),
            city=best.city if best else None,
            country=(best.country if best else None), date=dated.date if dated else None,
            date_precision=dated.precision if dated else None, span=first.span,
            participants=[c for c in participants if c not in guests], guests=guests,
            is_main=is_main))
    return meetings
