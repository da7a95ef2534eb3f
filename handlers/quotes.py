"""/quote [person] [topic]."""

from __future__ import annotations

from handlers import render
from handlers.registry import Context, answer, command
from handlers.reply import Button, Reply, clip, esc, fits_callback
from knowledge import queries


@command("quote", "Quotes by a person, optionally about a topic", "/quote [person] [topic]")
def quote(ctx: Context, args: str) -> Reply:
    if not args.strip():
        with ctx.session() as session:
            rows = queries.quotes(session, limit=1)
        return answer("💬 <b>A recent quote</b>", [render.quote_block(q) for q in rows],
                      empty="I have not read any quotes yet.")
    picked = ctx.pick(args.strip(), "person", noun="person")
    if isinstance(picked, Reply):
        return picked
    person_id, topic = picked
    words = topic.split()
    with ctx.session() as session:
        person = queries.entity(session, person_id)
        if words:  # a topic: what they said in quotes or in reported speech
            rows = queries.without_repeats(queries.quotes(
                session, speaker_id=person_id, words=words, kind=None, limit=50))
        else:
            rows = queries.quotes(session, speaker_id=person_id, limit=50) or queries.quotes(
                session, speaker_id=person_id, kind="reported", limit=50)
    name = esc(person.name if person else "them")
    about = f" about “{esc(topic)}”" if words else ""
    if not rows:
        look_for = topic or (person.name if person else "")
        return Reply([f"I have no quotes of {name}{about}. Try /search for any mention."],
                     [[Button(f"🔎 Search “{clip(look_for, 40)}”", f"c:/search {look_for}")]]
                     if look_for and fits_callback(f"c:/search {look_for}") else [])
    return answer(f"💬 <b>{name}</b>{about}",
                  [render.quote_block(q, with_speaker=False) for q in rows], per_page=5,
                  empty="")
