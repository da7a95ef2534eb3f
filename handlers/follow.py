"""/follow, /following, /unfollow, "🔔 Follow" buttons, and the news messages they bring.

A chat follows a name (person, organization, country, city: the same fuzzy resolver and "Did
you mean" buttons as every command) or, when the words name nothing, a topic. In groups only
the group's admins may change what it follows (the Telegram layer asks getChatMember and sets
`Caller.chat_admin`).
"""

from __future__ import annotations

import re

from handlers import render
from handlers.registry import Context, command
from handlers.reply import Button, Reply, clip, esc, fits_callback, plural
from knowledge import follows
from knowledge.follows import ArticleNews, FollowError, FollowView
from knowledge.queries import SourceRef

_TOPIC = re.compile(r"^topic:?\s+(.+)$", re.I | re.S)
_REF = re.compile(r"^#(\d{1,12})$")
KIND_ICON = {"person": "👤", "organization": "🏢", "country": "🌍", "city": "📍", None: "📝"}
LINE_ICON = {"quote": "💬", "statement": "🗣", "meeting": "🏛", "membership": "🤝"}
DIGEST_ARTICLES = 15  # articles listed in one digest; the rest are counted


def follow_button(ctx: Context, entity_id: int | None) -> list[list[Button]]:
    """The "🔔 Follow" row under a card (none when the card names no entity, or outside a
    chat: the terminal has nowhere to post news)."""
    if not entity_id or ctx.caller.chat_id is None:
        return []
    return [[Button("🔔 Follow", f"t:/follow #{entity_id}")]]  # a toast: the card stays


def _unfollow_data(view: FollowView) -> str:
    return (f"c:/unfollow #{view.entity_id}" if view.kind == "entity"
            else f"c:/unfollow topic {view.label}")


def _gate(ctx: Context) -> Reply | None:
    """Why this caller may not change what the chat follows (None when they may)."""
    if ctx.caller.chat_id is None:
        return Reply(["Following works in a Telegram chat: send /follow to the bot there."])
    if not ctx.caller.chat_admin:
        return Reply(["Only this group's admins can change what it follows."])
    return None


@command("follow", "Get news here about a person, organization, place or topic",
         "/follow <name | organization | place | words>")
def follow(ctx: Context, args: str) -> Reply:
    args = args.strip()
    if args.lower() == "stats":
        return stats(ctx)
    if not args:
        return Reply(["Tell me what to follow, e.g. <code>/follow pezeshkian</code>, "
                      "<code>/follow ECO</code>, <code>/follow tehran</code> or "
                      "<code>/follow transit corridors</code>. /following lists what this chat "
                      "follows."])
    refused = _gate(ctx)
    if refused is not None:
        return refused
    topic = _TOPIC.match(args)
    if topic:
        return _follow_topic(ctx, topic.group(1), named_nothing=False)
    if _REF.match(args):
        picked = ctx.pick(args, None, noun="name", rest_of=lambda a: (a, ""))
        return picked if isinstance(picked, Reply) else _follow_entity(ctx, picked[0])
    resolution = ctx.resolve(args, None)
    if resolution.decision == "match":
        return _follow_entity(ctx, resolution.matches[0].entity_id)
    if resolution.decision == "ambiguous":
        reply = ctx.did_you_mean(args, resolution, "")
        data = f"c:/follow topic {args}"
        if fits_callback(data):
            reply.buttons.append([Button(f"📝 the words “{clip(args, 30)}”", data)])
        return reply
    return _follow_topic(ctx, args, named_nothing=True)


def _follow_entity(ctx: Context, entity_id: int) -> Reply:
    with ctx.session() as session:
        try:
            added = follows.follow_entity(session, ctx.caller.chat_id or 0, entity_id,
                                          by=ctx.caller.user_id)
        except FollowError as exc:
            return Reply([f"❌ {esc(exc)}."])
        view = next(v for v in follows.following(session, ctx.caller.chat_id or 0)
                    if v.entity_id == entity_id)
    name = f"<b>{esc(view.label)}</b> ({esc(view.entity_kind)})"
    if not added:
        return Reply([f"This chat already follows {name}. /following lists everything."])
    return Reply([f"🔔 This chat now follows {name}: new quotes, statements, meetings and "
                  "membership changes about it will be posted here."],
                 [[Button("🔕 Unfollow", _unfollow_data(view))]])


def _follow_topic(ctx: Context, words: str, *, named_nothing: bool) -> Reply:
    with ctx.session() as session:
        try:
            key = follows.follow_topic(session, ctx.caller.chat_id or 0, words,
                                       by=ctx.caller.user_id)
        except FollowError as exc:
            return Reply([f"❌ {esc(exc)}."])
    shown = esc(key or follows.topic_key(words))
    if not key:
        return Reply([f"This chat already follows the topic “{shown}”."])
    why = (f"I know no person, organization or place called “{esc(words)}”, so this chat "
           "follows it as a <b>topic</b>" if named_nothing
           else "This chat now follows the <b>topic</b>")
    view = FollowView(0, "topic", key, f"t:{key}")
    return Reply([f"🔔 {why} “{shown}”: every new quote or statement with these words will be "
                  "posted here."], [[Button("🔕 Unfollow", _unfollow_data(view))]]
                 if fits_callback(_unfollow_data(view)) else [])


@command("following", "What this chat follows", "/following")
def following(ctx: Context, _args: str) -> Reply:
    if ctx.caller.chat_id is None:
        return Reply(["Following works in a Telegram chat: send /following to the bot there."])
    with ctx.session() as session:
        views = follows.following(session, ctx.caller.chat_id)
    if not views:
        return Reply(["This chat follows nothing yet. Try <code>/follow ECO</code> or "
                      "<code>/follow transit corridors</code>."])
    lines = [f"{KIND_ICON.get(v.entity_kind, '📝')} {esc(v.label)}"
             + (f" ({esc(v.entity_kind)})" if v.entity_kind else " (topic)") for v in views]
    buttons = [[Button(f"🔕 {clip(v.label, 40)}", _unfollow_data(v))] for v in views[:20]
               if fits_callback(_unfollow_data(v))] if ctx.caller.chat_admin else []
    return Reply(["🔔 <b>This chat follows</b>\n" + "\n".join(lines)
                  + "\n\n<i>/unfollow &lt;name or words&gt; stops one.</i>"], buttons)


@command("unfollow", "Stop news about something this chat follows",
         "/unfollow <name | words>")
def unfollow(ctx: Context, args: str) -> Reply:
    args = args.strip()
    if not args:
        return following(ctx, args)
    refused = _gate(ctx)
    if refused is not None:
        return refused
    chat_id = ctx.caller.chat_id or 0
    with ctx.session() as session:
        views = follows.following(session, chat_id)
    key = _key_of(ctx, args, views)
    if key is None:
        return Reply([f"This chat does not follow “{esc(args)}”. /following lists what it "
                      "follows."])
    with ctx.session() as session:
        view = follows.unfollow(session, chat_id, key)
    if view is None:
        return Reply([f"This chat does not follow “{esc(args)}”."])
    return Reply([f"🔕 This chat no longer follows {esc(view.label)}."])


def _key_of(ctx: Context, args: str, views: list[FollowView]) -> str | None:
    """Which follow `args` names: "#12", "topic words", a followed name or topic as typed,
    or a name the resolver matches to a followed entity."""
    ref = _REF.match(args)
    if ref:
        return f"e:{int(ref.group(1))}"
    topic = _TOPIC.match(args)
    if topic:
        return f"t:{follows.topic_key(topic.group(1))}"
    typed = follows.topic_key(args)
    for view in views:
        if follows.topic_key(view.label) == typed:
            return view.key
    resolution = ctx.resolve(args, None)
    followed = {v.entity_id for v in views if v.entity_id}
    for match in resolution.matches if resolution.decision != "none" else ():
        if match.entity_id in followed:
            return f"e:{match.entity_id}"
    return None


def stats(ctx: Context) -> Reply:
    """/follow stats, for the bot's admins."""
    if not ctx.caller.is_admin:
        return Reply(["Sorry, <code>/follow stats</code> is for the bot's admins."])
    with ctx.session() as session:
        s = follows.stats(session)
    return Reply([f"📊 <b>Follows</b>\n{plural(s.chats, 'chat')} follow "
                  f"{plural(s.follows, 'thing')} ({s.entity_follows} names, "
                  f"{plural(s.topic_follows, 'topic')}).\nOutbox: {s.pending} pending, "
                  f"{s.delivered} delivered."])


# -- news messages (sent by the bot's delivery task) ------------------------------------------


def _source(entry: ArticleNews) -> str:
    return render.source(SourceRef(entry.article_id, entry.title, entry.source, entry.url, None))


def _line(kind: str, text: str, who: str | None) -> str:
    icon = LINE_ICON[kind]
    if kind == "quote":
        return f"{icon} “{esc(clip(text, 300))}”" + (f" — {esc(who)}" if who else "")
    if kind == "statement":
        return f"{icon} {esc(who) + ': ' if who else ''}{esc(clip(text, 300))}"
    if kind == "meeting":
        return f"{icon} New meeting: {esc(text)}"
    return f"{icon} New: {esc(text)}"


def news_reply(entries: list[ArticleNews]) -> Reply:
    """One message for a chat: one article's news, or a digest of a burst of articles."""
    if len(entries) == 1:
        return _one(entries[0])
    total = len(entries)
    header = (f"🔔 <b>{total} new articles on what this chat follows</b> "
              f"({esc(', '.join(_reasons(entries)))})")
    lines = []
    for entry in entries[:DIGEST_ARTICLES]:
        counts: dict[str, int] = {}
        for line in entry.lines:
            counts[line.kind] = counts.get(line.kind, 0) + 1
        what = ", ".join(plural(n, k) for k, n in counts.items())
        lines.append(f"• {_source(entry)}: {esc(what)}")
    if total > DIGEST_ARTICLES:
        lines.append(f"…and {total - DIGEST_ARTICLES} more (see /articles).")
    buttons = [[Button(f"📰 #{e.article_id}", f"n:/source {e.article_id}")
                for e in entries[:4]]]
    return Reply(["\n".join([header, "", *lines])], buttons)


def _reasons(entries: list[ArticleNews]) -> list[str]:
    seen: dict[str, None] = {}
    for entry in entries:
        seen.update(dict.fromkeys(entry.reasons))
    return list(seen)[:5]


def _one(entry: ArticleNews) -> Reply:
    header = f"🔔 <b>New on {esc(', '.join(entry.reasons[:5]))}</b>"
    lines = [_line(n.kind, n.text, n.who) for n in entry.lines[:8]]
    if len(entry.lines) > 8:
        lines.append(f"…and {len(entry.lines) - 8} more.")
    row = [Button("📰 Article", f"n:/source {entry.article_id}")]  # the news stays
    speaker = next((n.entity_id for n in entry.lines if n.kind in ("quote", "statement")
                    and n.entity_id), None)
    if speaker:
        row.append(Button("👤 Who", f"n:/who #{speaker}"))
    meeting = next((n.meeting_id for n in entry.lines if n.meeting_id), None)
    if meeting:
        row.append(Button("🏛 Meeting", f"n:/meeting #{meeting}"))
    return Reply(["\n".join([header, *lines, f"📰 {_source(entry)}"])], [row])
