"""Member lists: "ten member countries — Iran, Pakistan, …", "A, B and C are ECO members"."""

from __future__ import annotations

import re

from knowledge.extract.facts import MembershipFact, MembershipStatus, Span
from knowledge.extract.organizations import Organizations
from knowledge.extract.places import Place
from knowledge.extract.text import Sentence, SpanIndex

_GLUE = re.compile(r"^[\s,]*(?:and\s+|the\s+|&\s+)*$")
_CUE_BEFORE = re.compile(
    r"\b(?P<status>member|observer|applicant|candidate|founding)\s+(?:countries|states|nations|"
    r"members)\b(?P<of>\s+of\s+(?:the\s+)?[\w\- ]+?)?\s*(?:—|–|-|:|,|\(|including|namely|are|"
    r"were|such as)?\s*(?:the\s+)?$", re.I)
_CUE_AFTER = re.compile(
    r"^\s*(?:are|were|as|being|—|–|,)?\s*(?:all\s+)?(?:the\s+)?(?:\w+\s+){0,4}?"
    r"(?P<status>members?|observers?|applicants?)\b", re.I)
_STATUS = {"member": "member", "founding": "member", "observer": "observer",
           "applicant": "applicant", "candidate": "applicant"}


def _lists(text: str, countries: list[Place]) -> list[list[Place]]:
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


def find_memberships(text: str, sentences: list[Sentence], places: list[Place],
                     orgs: Organizations, start: int = 0) -> list[MembershipFact]:
    out: list[MembershipFact] = []
    seen: set[tuple[str, str, str]] = set()
    main = orgs.main()
    index = SpanIndex(places, lambda p: p.span)
    for sentence in sentences:
        span = sentence.span
        if span.end <= start:
            continue
        countries = [p for p in index.between(span.start, span.end)
                     if p.kind == "country" and not p.demonym]
        for run in _lists(text, countries):
            first, last = run[0].span, run[-1].span
            before = text[max(span.start, first.start - 80):first.start]
            after = text[last.end:min(span.end, last.end + 60)]
            cue = _CUE_BEFORE.search(before) or _CUE_AFTER.match(after)
            if cue is None:
                continue
            if re.search(r"\b(?:guests?|observers?)\b", after[:40], re.I) and cue.re is _CUE_BEFORE:
                pass
            status: MembershipStatus = _STATUS.get(  # type: ignore[assignment]
                cue.group("status").lower().rstrip("s"), "member")
            cue_start = (first.start - len(before) + cue.start() if cue.re is _CUE_BEFORE
                         else last.end + cue.start())
            cue_end = (first.start - len(before) + cue.end() if cue.re is _CUE_BEFORE
                       else last.end + cue.end())
            org = next(iter(orgs.at(cue_start - 30, cue_end + 30)), None) or next(
                iter(orgs.at(span.start, span.end)), None) or main
            if org is None:
                continue
            for place in run:
                key = (org, place.name, status)
                if key not in seen:
                    seen.add(key)
                    out.append(MembershipFact(org, place.name, status,
                                              Span(first.start, last.end)))
    return out
