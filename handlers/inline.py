"""Inline mode's content (`@bot pezeshkian`, `@bot tehran`, `@bot terrorism`): person cards,
meeting cards and quotes ready to share; an empty query offers the latest meetings and quotes.

A shared message goes to chats that cannot run our commands on our ids, so it carries none
(no /source_7, no #12): the result ids Telegram needs stay in the result, not in the text."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from handlers import render
from handlers.reply import TELEGRAM_LIMIT, clip, paginate, plural
from knowledge import queries
from knowledge.memory import Memory
from knowledge.queries import QuoteRow

MAX_RESULTS = 50
_PAGE = TELEGRAM_LIMIT - 100


@dataclass(frozen=True, slots=True)
class InlineItem:
    """One inline result: what the chooser shows and the message it sends."""

    id: str
    title: str
    description: str
    html: str


def inline_items(memory: Memory, text: str) -> list[InlineItem]:
    """What the query names: people, then meetings at a place or of an organization, then
    quotes about the words; the latest meetings and quotes for an empty query."""
    text = " ".join(text.split())[:200]
    items: list[InlineItem] = []
    with memory.db.session() as session:
        if len(text) < 2:
            items += _meetings(session, [m.id for m in queries.latest_meetings(session, limit=5)])
            items += _quotes(session, queries.quotes(session, limit=15))
            return items[:MAX_RESULTS]
        for match in _matches(memory, text, "person"):
            items += _person(session, match)
        meeting_ids: list[int] = []
        for match in _matches(memory, text, "place"):
            meeting_ids += [m.id for m in queries.meetings_at(session, match, limit=5)]
        for match in _matches(memory, text, "organization"):
            meeting_ids += [m.id for m in queries.find_meetings(
                session, organization_id=match, limit=5)]
        items += _meetings(session, list(dict.fromkeys(meeting_ids)))
        items += _quotes(session, queries.quotes(session, words=text.split(), kind=None,
                                                 limit=15))
    seen: set[str] = set()
    unique = [i for i in items if not (i.id in seen or seen.add(i.id))]
    return unique[:MAX_RESULTS]


def _matches(memory: Memory, text: str, kind: str) -> list[int]:
    resolution = memory.index.resolve(text, kind=kind, limit=3)
    if resolution.decision == "none":
        return []
    found = resolution.matches[:1] if resolution.decision == "match" else resolution.matches
    return [m.entity_id for m in found]


def _person(session: Session, person_id: int) -> list[InlineItem]:
    card = queries.person_card(session, person_id)
    if card is None:
        return []
    header, blocks = render.person_blocks(card, share=True)
    role = card.roles[0].role if card.roles else "person"
    return [InlineItem(f"p{card.id}", card.name, f"{role} · {plural(card.quotes, 'quote')}",
                       paginate(header, blocks, per_page=10, limit=_PAGE)[0]),
            *_quotes(session, queries.quotes(session, speaker_id=card.id, limit=15))]


def _meetings(session: Session, meeting_ids: list[int]) -> list[InlineItem]:
    """Cards of these meetings, ready to share."""
    items = []
    for meeting_id in meeting_ids:
        card = queries.meeting_card(session, meeting_id)
        if card is None:
            continue
        header, blocks = render.meeting_card_blocks(card, share=True)
        m = card.summary
        where = ", ".join(p for p in (m.city, m.country) if p)
        items.append(InlineItem(f"m{m.id}", render.meeting_name(m),
                                " · ".join(p for p in (where, plural(m.reports, "report")) if p),
                                paginate(header, blocks, per_page=5, limit=_PAGE)[0]))
    return items


def _quotes(session: Session, rows: list[QuoteRow]) -> list[InlineItem]:
    return [InlineItem(f"q{q.id}", f"{q.speaker or 'Unknown'}: “{clip(q.text, 60)}”",
                       clip(q.source.title or "", 80), render.quote_block(q, share=True))
            for q in queries.without_repeats(rows)]
