"""/start, /help, /search, /articles, /source."""

from __future__ import annotations

from handlers import render
from handlers.registry import Context, answer, command, menu_specs
from handlers.reply import Reply, esc
from knowledge import queries


def examples(ctx: Context) -> list[str]:
    """Examples that answer on this memory (its names, not a fixed list)."""
    with ctx.session() as session:
        found = ctx.memory.cached("examples", lambda: queries.examples(session))
    lines = []
    if found.organization:
        lines.append(f"/members {found.organization} — its member states")
    if found.city:
        lines.append(f"/meeting {found.city} — the meetings held in {found.city}")
    if found.speaker:
        short = _shortest_name(ctx, found.speaker)
        if found.topic:
            lines.append(f"/quote {short} {found.topic} — what {found.speaker} said about "
                         f"{found.topic}")
        lines.append(f"/who {short} — roles, meetings and sources")
    if found.city:
        lines.append(f"/where {found.city} — meetings held there and who spoke")
    if found.search:
        lines.append(f"/search {found.search}")
    return lines


def _shortest_name(ctx: Context, name: str) -> str:
    """The surname when it alone names the person, else the full name."""
    surname = name.split()[-1]
    resolution = ctx.resolve(surname, "person")
    if resolution.decision == "match" and resolution.matches[0].name == name:
        return surname.lower()
    return name


@command("start", "What this bot knows, with examples")
def start(ctx: Context, _args: str) -> Reply:
    return help_(ctx, _args)


@command("help", "Commands and examples")
def help_(ctx: Context, _args: str) -> Reply:
    with ctx.session() as session:
        stats = queries.stats(session)
    lines = [
        "🤖 <b>ecobot</b> — a memory of news about the Economic Cooperation Organization and "
        "other international bodies.",
        render.stats_block(stats),
        "",
        "<b>Commands</b>",
    ]
    for spec in menu_specs(admin=ctx.caller.is_admin):
        lines.append(f"{esc(spec.usage)} — {esc(spec.description)}")
    tries = examples(ctx)
    if tries:
        lines += ["", "<b>Try</b>", *(esc(e) for e in tries)]
    if ctx.memory.cached("demo", ctx.memory.demo_articles):
        lines += ["", "<i>These are demo articles: their officials and words are invented. "
                      "They are removed when an admin adds the first real article.</i>"]
    if ctx.caller.chat_type in ("group", "supergroup"):
        me = esc(ctx.bot_username) if ctx.bot_username else "&lt;my name&gt;"
        lines.append(f"\nIn groups, address me as /members@{me} when several bots are here, "
                     f"or mention @{me} in a question.")
    return Reply(["\n".join(lines)])


@command("search", "Full-text search over articles and quotes", "/search <words>")
def search(ctx: Context, args: str) -> Reply:
    words = args.split()
    if not words:
        return Reply(["Tell me what to look for, e.g. <code>/search regional security</code>."])
    with ctx.session() as session:
        hits = queries.search(session, words, limit=15)
    return answer(f"🔎 Results for “{esc(args)}”", render.search_blocks(hits),
                  empty=f"Nothing in my articles or quotes matches “{esc(args)}”.", per_page=5)


@command("articles", "The latest articles I have read")
def articles(ctx: Context, _args: str) -> Reply:
    with ctx.session() as session:
        refs = queries.recent_articles(session, limit=30)
    blocks = [f"• {render.source(r)}" for r in refs]
    return answer("📰 <b>Latest articles</b>", blocks, per_page=10,
                  empty="I have not read any articles yet.")


@command("source", "One article and the facts learned from it", "/source <id>")
def source(ctx: Context, args: str) -> Reply:
    number = args.strip().lstrip("#")
    if not number.isdigit():
        return Reply(["Give an article number, e.g. <code>/source 3</code> (see /articles)."])
    with ctx.session() as session:
        card = queries.article_card(session, int(number))
    if card is None:
        return Reply([f"There is no article #{esc(number)}. See /articles."])
    header, blocks = render.article_blocks(card)
    return answer(header, blocks, empty="")
