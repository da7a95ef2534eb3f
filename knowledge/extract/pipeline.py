"""Extraction: article text in, `ArticleFacts` out. Pure, deterministic, linear in the text."""

from __future__ import annotations

from datetime import date

from knowledge.extract.dateline import detect_dateline, detect_title
from knowledge.extract.facts import ArticleFacts, PlaceFact, Span
from knowledge.extract.header import read_header
from knowledge.extract.meetings import find_meetings
from knowledge.extract.membership import find_memberships
from knowledge.extract.organizations import find_organizations
from knowledge.extract.people import find_people
from knowledge.extract.places import find_places, is_place_name
from knowledge.extract.speech import attribute
from knowledge.extract.text import paragraphs, quote_spans, sentences, span_index

EXTRACTOR_VERSION = "1.0"
MAX_CHARS = 1_000_000  # longer input is cut (the readers refuse far less)


def extract(text: str, *, published: date | None = None, title: str | None = None
            ) -> ArticleFacts:
    """Everything the article states: places, organizations, people, quotes, statements,
    meetings and member lists, each with its character span in `text`."""
    text = text[:MAX_CHARS]
    header = read_header(text)
    if header.body_start:
        found_title, body_start = header.title, header.body_start
    else:
        found_title, body_start = detect_title(text)
    published = published or header.published
    title_span = Span(0, len(found_title)) if found_title and text.startswith(found_title) else None
    dateline = detect_dateline(text, body_start, published)
    if published is None and dateline.precision == "day":  # "ASTANA, June 3, 2024 –"
        published = date.fromisoformat(dateline.published)  # type: ignore[arg-type]
    start = dateline.end
    paras = paragraphs(text)
    sents = sentences(text, paras)
    quotes = quote_spans(text, paras)
    orgs = find_organizations(text)
    people = find_people(text, orgs, quotes, skip=[Span(0, start)])
    # a person's name holds no place, unless the "name" is a place's name alone ("Doha")
    named = span_index(m.span for m in people.mentions
                       if not is_place_name(text[m.span.start:m.span.end]))
    in_orgs = span_index(span for _, span in orgs.mentions)  # "Commonwealth", "Shanghai
    # Cooperation Organisation": an organization's name holds no place
    places = [p for p in find_places(text, start)
              if not named.covers(p.span.start) and not in_orgs.covers(p.span.start)]
    meetings = find_meetings(text, sents, orgs, places, quotes, published, start,
                             dateline.place, title_span,
                             find_places(text, 0, title_span.end) if title_span else [])
    quote_facts, statements = attribute(text, sents, quotes, people, start)
    main = next((i for i, m in enumerate(meetings) if m.is_main), None)
    for item in (*quote_facts, *statements):
        item.meeting = main
    return ArticleFacts(
        title=title or found_title,
        lead=next((" ".join(text[max(s.span.start, start):s.span.end].split())
                   for s in sents if s.span.end > start
                   and text[max(s.span.start, start):s.span.end].strip()), None),
        source=header.source or dateline.source,
        url=header.url,
        dateline_place=dateline.place,
        published=dateline.published,
        published_precision=dateline.precision,
        places=[PlaceFact(p.name, p.kind, p.country, p.surface, p.span)  # type: ignore[arg-type]
                for p in places],
        organizations=orgs.facts,
        people=people.facts(),
        quotes=quote_facts,
        statements=statements,
        meetings=meetings,
        memberships=find_memberships(text, sents, places, orgs, start),
    )
