"""/who <name>."""

from __future__ import annotations

from handlers import render
from handlers.follow import follow_button
from handlers.registry import Context, answer, command
from handlers.reply import Reply
from knowledge import queries


@command("who", "A person's roles, meetings, quotes and sources", "/who <name>")
def who(ctx: Context, args: str) -> Reply:
    if not args.strip():
        return Reply(["Name a person, e.g. <code>/who zarif</code>."])
    picked = ctx.pick(args.strip(), "person", noun="person",
                      rest_of=lambda a: (a, ""))
    if isinstance(picked, Reply):
        return picked
    with ctx.session() as session:
        card = queries.person_card(session, picked[0])
    if card is None:
        return Reply(["That is not a person I know."])
    header, blocks = render.person_blocks(card)
    reply = answer(header, blocks, empty="")
    reply.tail = follow_button(ctx, picked[0])
    return reply
