"""Inline mode's content (`@bot pezeshkian`): person cards and quotes ready to share."""

from __future__ import annotations

from dataclasses import dataclass

from handlers import render
from handlers.reply import TELEGRAM_LIMIT, clip, paginate, plural
from knowledge import queries
from knowledge.memory import Memory

MAX_RESULTS = 50


@dataclass(frozen=True, slots=True)
class InlineItem:
    """One inline result: what the chooser shows and the message it sends."""

    id: str
    title: str
    description: str
    html: str


def inline_items(memory: Memory, text: str) -> list[InlineItem]:
    """Cards and quotes of the people the query names (none for an empty or unknown query)."""
    text = text.strip()
    if len(text) < 2:
        return []
    resolution = memory.index.resolve(text, kind="person", limit=3)
    if resolution.decision == "none":
        return []
    people = resolution.matches[:1] if resolution.decision == "match" else resolution.matches
    items: list[InlineItem] = []
    with memory.db.session() as session:
        for match in people:
            card = queries.person_card(session, match.entity_id)
            if card is None:
                continue
            header, blocks = render.person_blocks(card)
            page = paginate(header, blocks, per_page=10, limit=TELEGRAM_LIMIT - 100)[0]
            role = card.roles[0].role if card.roles else "person"
            items.append(InlineItem(f"p{card.id}", card.name,
                                    f"{role} · {plural(card.quotes, 'quote')}", page))
            for q in queries.quotes(session, speaker_id=card.id, limit=15):
                items.append(InlineItem(f"q{q.id}", f"{card.name}: “{clip(q.text, 60)}”",
                                        clip(q.source.title or "", 80),
                                        render.quote_block(q)))
    return items[:MAX_RESULTS]
