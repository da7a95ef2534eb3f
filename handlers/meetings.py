"""/meeting [query] and /where <place>."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handlers import render
from handlers.follow import follow_button
from handlers.registry import Context, answer, command
from handlers.reply import Reply, esc
from knowledge import queries

_ORDINAL = re.compile(r"^(\d{1,3})(st|nd|rd|th)$", re.IGNORECASE)
_YEAR = re.compile(r"^(19|20)\d\d$")
_REF = re.compile(r"^#(\d+)$")
_ORDINAL_WORDS = {w: i for i, w in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
     "tenth", "eleventh", "twelfth"), 1)}
_FILLER = {"meeting", "meetings", "the", "of", "in", "at", "on", "a", "an", "held", "and"}


@dataclass(slots=True)
class MeetingQuery:
    """What a /meeting query asks for."""

    meeting_id: int | None = None
    organization_id: int | None = None
    place_ids: list[int] = field(default_factory=list)
    ordinal: int | None = None
    year: int | None = None
    body_words: list[str] = field(default_factory=list)


def parse_meeting_query(ctx: Context, text: str) -> MeetingQuery:
    """Split "foreign ministers dushanbe 23rd" into place, organization, ordinal, year, body."""
    q = MeetingQuery()
    words: list[str] = []
    for word in text.split():
        low = word.lower().strip(",.")
        if m := _REF.match(low):
            q.meeting_id = int(m.group(1))
        elif m := _ORDINAL.match(low):
            q.ordinal = int(m.group(1))
        elif low in _ORDINAL_WORDS:
            q.ordinal = _ORDINAL_WORDS[low]
        elif _YEAR.match(low):
            q.year = int(low)
        elif low not in _FILLER:
            words.append(word)
    i = 0
    while i < len(words):
        for n in range(min(3, len(words) - i), 0, -1):
            span = " ".join(words[i:i + n])
            place = ctx.resolve(span, "place")
            if place.decision == "match":
                q.place_ids.append(place.matches[0].entity_id)
                break
            org = ctx.resolve(span, "organization")
            if org.decision == "match" and q.organization_id is None:
                q.organization_id = org.matches[0].entity_id
                break
        else:
            q.body_words.append(words[i].lower())
            n = 1
        i += n
    return q


@command("meeting", "Meetings: latest, or by place, organization, body, ordinal, year",
         "/meeting [query]")
def meeting(ctx: Context, args: str) -> Reply:
    with ctx.session() as session:
        if not args.strip():
            latest = queries.latest_meetings(session, limit=10)
            return answer("🏛 <b>Latest meetings</b>", render.meeting_list_blocks(latest),
                          empty="I have not read about any meetings yet.")
        q = parse_meeting_query(ctx, args)
        if q.meeting_id is not None:
            found_ids = [q.meeting_id]
        else:
            found = queries.find_meetings(
                session, organization_id=q.organization_id, place_ids=q.place_ids,
                ordinal=q.ordinal, year=q.year, body_words=q.body_words, limit=10)
            found_ids = [m.id for m in found]
        if len(found_ids) == 1:
            card = queries.meeting_card(session, found_ids[0])
            if card is not None:
                header, blocks = render.meeting_card_blocks(card)
                reply = answer(header, blocks, empty="", per_page=5)
                reply.tail = follow_button(ctx, card.organization_id)
                return reply
        if not found_ids or q.meeting_id is not None:
            return Reply([f"I know of no meeting matching “{esc(args)}”. "
                          "Try /meeting for the latest ones."])
        return answer(f"🏛 Meetings matching “{esc(args)}”", render.meeting_list_blocks(found),
                      empty="")


@command("where", "Meetings held in a city or country, and who spoke there", "/where <place>")
def where(ctx: Context, args: str) -> Reply:
    if not args.strip():
        return Reply(["Name a city or country, e.g. <code>/where tehran</code>."])
    picked = ctx.pick(args.strip(), "place", noun="place")
    if isinstance(picked, Reply):
        return picked
    place_id = picked[0]
    with ctx.session() as session:
        place = queries.entity(session, place_id)
        found = queries.meetings_at(session, place_id, limit=15)
        spoke = queries.speakers_at(session, [m.id for m in found])
    name = place.name if place else "there"
    reply = answer(f"📍 <b>Meetings in {esc(name)}</b>", render.meeting_list_blocks(found, spoke),
                   empty=f"I know of no meetings held in {esc(name)}.")
    reply.tail = follow_button(ctx, place_id)
    return reply
