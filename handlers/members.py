"""/members [organization]."""

from __future__ import annotations

from handlers import render
from handlers.follow import follow_button
from handlers.registry import Context, answer, command
from handlers.reply import Reply, esc
from knowledge import queries


@command("members", "Member states of an organization", "/members [organization]")
def members(ctx: Context, args: str) -> Reply:
    if args.strip():
        picked = ctx.pick(args.strip(), "organization", noun="organization")
        if isinstance(picked, Reply):
            return picked
        org_id = picked[0]
    else:
        found = ctx.memory.cached("default_organization", lambda: _most_written_about(ctx))
        if found is None:
            return Reply(["I have not read any membership lists yet."])
        org_id = found
    with ctx.session() as session:
        result = queries.members(session, org_id)
    if result is None or not result.rows:
        name = result.organization if result else "that organization"
        return Reply([f"I have read no membership list of {esc(name)}."])
    header, blocks = render.members_blocks(result)
    reply = answer(header, blocks, empty="")
    reply.tail = follow_button(ctx, org_id)
    return reply


def _most_written_about(ctx: Context) -> int | None:
    with ctx.session() as session:
        return queries.default_organization(session)
