"""Admin commands: /add, /alias, /merge, /split, /rename, /delete, /undo, /reindex, /log, /admin.

Non-admins get a polite refusal from the dispatcher before any of these run.
"""

from __future__ import annotations

import asyncio
import re

from handlers import render
from handlers.registry import Context, answer, command
from handlers.reply import Button, Reply, clip, esc
from knowledge import chats, corrections, queries
from knowledge.corrections import CorrectionError
from knowledge.ids import article_check, entity_check
from knowledge.ingest import read_text
from knowledge.ingest.document import InputError
from knowledge.ingest.fetch import fetch_url, looks_like_address
from knowledge.memory import IngestOutcome
from knowledge.uploads import ingest_documents, parse_caption, split_caption


def outcome_reply(outcomes: list[IngestOutcome]) -> Reply:
    """What an upload taught the bot, with buttons to view the facts or undo."""
    lines = [render.outcome_line(o) for o in outcomes]
    buttons = []
    added = [o for o in outcomes if o.status == "added" and o.article_id]
    if len(added) == 1:
        aid = added[0].article_id
        buttons = [[Button("View facts", f"c:/source {aid}"),
                    Button("Undo", f"c:/delete {aid} ~{added[0].check}")]]
    header = "📥 <b>Upload</b>"
    if len(outcomes) > 1:  # the totals head every page, so the first one shows them
        counts = {s: sum(o.status == s for o in outcomes) for s in ("added", "duplicate", "failed")}
        header += (f": <b>{counts['added']} added, {counts['duplicate']} duplicates, "
                   f"{counts['failed']} failed</b> of {len(outcomes)} files.")
    reply = answer(header, lines, per_page=15, empty="Nothing to add.")
    reply.buttons = buttons
    return reply


@command("add", "Add an article: paste it, or give its URL", "/add <text or URL>", admin=True)
def add(ctx: Context, args: str) -> Reply:
    body, meta = split_caption(args)
    body = body.strip()
    if not body:
        return Reply(["Paste the article after /add, reply /add to a forwarded article, give a "
                      "URL, or send me the file (.txt .md .html .pdf .docx .zip). Optional "
                      "lines: <code>date: 2025-10-27</code>, <code>source: WANA</code>, "
                      "<code>url: …</code>."])
    ctx.report("Reading…")
    try:
        if looks_like_address(body):  # any scheme: the fetcher refuses all but http(s)
            doc = asyncio.run(fetch_url(body, ctx.limits))
            meta = parse_caption(args, default_url=body)
        else:
            doc = read_text(body, "pasted text", ctx.limits)
    except InputError as exc:
        return Reply([f"❌ {esc(exc)}"])
    ctx.report("Extracting and saving…")
    return outcome_reply(list(ingest_documents(ctx.memory, [doc], by=ctx.actor, meta=meta)))


def _two(args: str, sep: str, usage: str) -> tuple[str, str] | Reply:
    if sep not in args:
        return Reply([f"Usage: <code>{esc(usage)}</code>"])
    left, right = (p.strip() for p in args.split(sep, 1))
    if not left or not right:
        return Reply([f"Usage: <code>{esc(usage)}</code>"])
    return left, right


def _entity(ctx: Context, name: str, line) -> int | Reply:
    """The entity `name` names; "did you mean" buttons re-run the whole command via `line`,
    with a checked reference ("#12~3fa9c1") in place of the name."""
    picked = ctx.pick(name, None, noun="name", rest_of=lambda a: (a, ""), line=line)
    return picked if isinstance(picked, Reply) else picked[0]


def _target(ctx: Context, args: str, usage: str) -> tuple[int, str] | Reply:
    """The entity named before "=" and the text after it ("/alias zarif = Dr. Zarif")."""
    parts = _two(args, "=", usage)
    if isinstance(parts, Reply):
        return parts
    target = _entity(ctx, parts[0], lambda ref: f"{ref} = {parts[1]}")
    return target if isinstance(target, Reply) else (target, parts[1])


def _correct(ctx: Context, change) -> Reply:
    try:
        return Reply([f"✅ {esc(ctx.memory.apply(change))}"])
    except CorrectionError as exc:
        return Reply([f"❌ {esc(exc)}"])


_CHECKED = re.compile(r"#\d+~[0-9a-f]{6}")  # an entity reference from a button
_ANSWER = re.compile(r"\s+(yes|no)$")


def _pressed(args: str) -> tuple[str, str | None]:
    """A line from a button (it holds checked references) and its trailing "yes"/"no"."""
    m = _ANSWER.search(args) if _CHECKED.search(args) else None
    return (args[:m.start()], m.group(1)) if m else (args, None)


def _confirm(question: str, name: str, line: str) -> Reply:
    return Reply([question], [[Button("Yes", f"c:/{name} {line} yes"),
                               Button("No", f"c:/{name} {line} no")]])


def _name(ctx: Context, entity_id: int) -> str:
    with ctx.session() as session:
        row = queries.entity(session, entity_id)
    return f"{esc(row.name if row else '?')} (#{entity_id})"


def _check(ctx: Context, entity_id: int) -> str:
    with ctx.session() as session:
        row = queries.entity(session, entity_id)
    return entity_check(row.kind, row.created_at) if row else ""


@command("alias", "Teach another name for a person, place or organization",
         "/alias <name> = <another name>", admin=True)
def alias(ctx: Context, args: str) -> Reply:
    found = _target(ctx, args, "/alias <name> = <another name>")
    if isinstance(found, Reply):
        return found
    target, name = found
    return _correct(ctx, lambda s: (
        f"{corrections.add_alias(s, target, name, actor=ctx.actor).name} "
        f"is now also known as {name}."))


@command("rename", "Change the canonical name of an entity", "/rename <name> = <new name>",
         admin=True)
def rename(ctx: Context, args: str) -> Reply:
    found = _target(ctx, args, "/rename <name> = <new name>")
    if isinstance(found, Reply):
        return found
    target, name = found
    return _correct(ctx, lambda s: (
        f"Renamed to {corrections.rename(s, target, name, actor=ctx.actor).name}."))


@command("merge", "Make two entities one (the first keeps its name)", "/merge <a> | <b>",
         admin=True)
def merge(ctx: Context, args: str) -> Reply:
    args, choice = _pressed(args)
    parts = _two(args, "|", "/merge <name> | <other name>")
    if isinstance(parts, Reply):
        return parts
    keep = _entity(ctx, parts[0], lambda ref: f"{ref} | {parts[1]}")
    if isinstance(keep, Reply):
        return keep
    drop = _entity(ctx, parts[1], lambda ref: f"#{keep}~{_check(ctx, keep)} | {ref}")
    if isinstance(drop, Reply):
        return drop
    if _CHECKED.search(args) and choice != "yes":  # a button: ask first
        if choice == "no":
            return Reply(["Nothing was merged."])
        line = f"#{keep}~{_check(ctx, keep)} | #{drop}~{_check(ctx, drop)}"
        return _confirm(f"🔀 Merge {_name(ctx, drop)} into {_name(ctx, keep)}?", "merge", line)
    return _correct(ctx, lambda s: (
        f"Merged into {corrections.merge(s, keep, drop, actor=ctx.actor).name}."))


@command("split", "Move names wrongly merged into an entity to a new one",
         "/split <name> = <new name>[, <other spelling>…]", admin=True)
def split(ctx: Context, args: str) -> Reply:
    args, choice = _pressed(args)
    found = _target(ctx, args, "/split <name> = <new name>[, <other spelling>…]")
    if isinstance(found, Reply):
        return found
    target, rest = found
    names = [n.strip() for n in rest.split(",") if n.strip()]
    if _CHECKED.search(args) and choice != "yes":  # a button: ask first
        if choice == "no":
            return Reply(["Nothing was split."])
        return _confirm(f"✂️ Split {esc(', '.join(names))} off {_name(ctx, target)}?", "split",
                        f"#{target}~{_check(ctx, target)} = {rest}")
    return _correct(ctx, lambda s: (
        f"Split off {corrections.split(s, target, names, names[0], actor=ctx.actor).name}."))


_DELETE = re.compile(r"^#?(\d{1,30})(?:\s+~([0-9a-f]{6}))?(?:\s+(yes|no))?$")


@command("delete", "Remove an article and the facts only it supports", "/delete <article id>",
         admin=True)
def delete(ctx: Context, args: str) -> Reply:
    """Asks first ("Delete #22 ‘title’?" Yes / No); the buttons carry the article's check code,
    so a stale button (an Undo pressed after the article was replaced) deletes nothing."""
    m = _DELETE.match(args.strip())
    if m is None:
        return Reply(["Usage: <code>/delete &lt;article id&gt;</code> (see /articles)."])
    number, check, choice = int(m.group(1)), m.group(2), m.group(3)
    with ctx.session() as session:
        article = queries.article_row(session, number)
    if article is None or (check is not None and article_check(article.content_hash) != check):
        return Reply(["That article is gone." if check else f"There is no article #{number}."])
    title = esc(clip(article.title or article.filename or "untitled", 80))
    if choice == "no":
        return Reply([f"Kept #{number} ‘{title}’."])
    if choice is None or check is None:
        code = article_check(article.content_hash)
        return Reply([f"🗑 Delete #{number} ‘{title}’?"],
                     [[Button("Yes, delete", f"c:/delete {number} ~{code} yes"),
                       Button("No", f"c:/delete {number} ~{code} no")]])
    if not ctx.memory.delete_article(number, by=ctx.actor):
        return Reply(["That article is gone."])
    return Reply([f"🗑 Deleted #{number} ‘{title}’ and the facts only it supported."])


@command("undo", "Remove the last article you uploaded", admin=True)
def undo(ctx: Context, _args: str) -> Reply:
    with ctx.session() as session:
        article = corrections.last_upload(session, ctx.actor)
    if article is None or article.id is None:
        return Reply(["You have no upload to undo."])
    ctx.memory.delete_article(article.id, by=ctx.actor)
    return Reply([f"↩️ Removed #{article.id} “{esc(article.title or article.filename)}”."])


@command("reindex", "Re-extract every article (keeps corrections)", admin=True)
def reindex(ctx: Context, _args: str) -> Reply:
    count = ctx.memory.reindex(lambda done, total: ctx.report(f"Re-extracting… {done}/{total}"),
                               by=ctx.actor)
    return Reply([f"🔁 Re-extracted {count} articles."])


@command("log", "The latest changes to the memory", admin=True)
def log(ctx: Context, _args: str) -> Reply:
    with ctx.session() as session:
        lines = corrections.audit_log(session, limit=30)
    blocks = [f"<code>{esc(x.at)}</code> {esc(x.actor)}: <b>{esc(x.action)}</b> {esc(x.detail)}"
              for x in lines]
    return answer("📜 <b>Latest changes</b>", blocks, per_page=15, empty="No changes yet.")


@command("admin", "Add, remove or list admins", "/admin add|remove <user id> | /admin list",
         admin=True)
def admin(ctx: Context, args: str) -> Reply:
    words = args.split()
    if words[:1] == ["list"] or not words:
        with ctx.session() as session:
            ids = sorted(chats.admin_ids(session))
        return Reply(["Admins added from the bot: " + (", ".join(map(str, ids)) or "none")
                      + ". Admins from settings are always admins."])
    if len(words) != 2 or words[0] not in {"add", "remove"} or not words[1].isdigit():
        return Reply(["Usage: <code>/admin add &lt;user id&gt;</code>, "
                      "<code>/admin remove &lt;user id&gt;</code> or <code>/admin list</code>."])
    user_id, by = int(words[1]), ctx.caller.user_id or 0
    with ctx.session() as session:
        changed = (chats.add_admin(session, user_id, by) if words[0] == "add"
                   else chats.remove_admin(session, user_id, by))
    if ctx.admins_changed is not None:
        ctx.admins_changed()
    verb = "is now an admin" if words[0] == "add" else "is no longer an admin"
    return Reply([f"✅ {user_id} {verb}." if changed else f"Nothing to change for {user_id}."])
