"""Thin python-telegram-bot callbacks: parse the update, run the dispatcher off the loop, send.

Cross-cutting concerns are decorators: `tracked` records the chat and rate-limits the user.
Everything the bot answers comes from `handlers.dispatch`, shared with the terminal.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from handlers.dispatch import Dispatcher, parse
from handlers.inline import inline_items
from handlers.ratelimit import RateLimiter
from handlers.registry import Caller, menu_specs
from handlers.reply import Reply, clip, to_plain
from knowledge import chats, follows

log = logging.getLogger(__name__)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


@dataclass
class BotState:
    """What the callbacks share, kept in `application.bot_data["state"]`."""

    dispatcher: Dispatcher
    admin_ids: frozenset[int]
    limiter: RateLimiter
    db_admins: set[int] = field(default_factory=set)
    chats_recorded: dict[int, float] = field(default_factory=dict)  # chat id -> monotonic time
    answered: dict[str, None] = field(default_factory=dict)  # callback query ids, oldest first
    menus_pending: list[tuple[int, bool]] = field(default_factory=list)  # (user id, admin?)

    RECORD_CHAT_EVERY = 600.0  # seconds: a busy chat costs one write per ten minutes

    def should_record(self, chat_id: int) -> bool:
        """True the first time a chat is seen and then at most once per RECORD_CHAT_EVERY."""
        now = time.monotonic()
        last = self.chats_recorded.get(chat_id)
        if last is not None and now - last < self.RECORD_CHAT_EVERY:
            return False
        self.chats_recorded[chat_id] = now
        return True

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and (user_id in self.admin_ids or user_id in self.db_admins)

    def reload_admins(self) -> None:
        """Re-read the stored admins; the menus of those added or removed are queued for
        `sync_menus` (this may run in a worker thread, off the event loop)."""
        with self.dispatcher.memory.db.session() as session:
            stored = chats.admin_ids(session)
        old, self.db_admins = self.db_admins, stored
        self.menus_pending.extend((uid, True) for uid in sorted(stored - old))
        self.menus_pending.extend((uid, False) for uid in sorted(old - stored)
                                  if uid not in self.admin_ids)


def menu(*, admin: bool) -> list[BotCommand]:
    """The command menu for users (or admins, who also see admin commands)."""
    return [BotCommand(s.name, s.description[:256]) for s in menu_specs(admin=admin)]


async def set_menu(bot: Bot, user_id: int, *, admin: bool) -> None:
    """The admin menu in the private chat with `user_id`, or back to the users' menu."""
    scope = BotCommandScopeChat(user_id)
    try:
        if admin:
            await bot.set_my_commands(menu(admin=True), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)  # the all-private-chats menu applies
    except TelegramError as exc:  # e.g. the admin has not opened a chat with the bot yet
        log.warning("Could not %s the admin menu for %s: %s", "set" if admin else "remove",
                    user_id, exc)


async def sync_menus(st: BotState, bot: Bot) -> None:
    """Apply the menu changes `/admin add|remove` queued."""
    while st.menus_pending:
        user_id, admin = st.menus_pending.pop(0)
        await set_menu(bot, user_id, admin=admin)


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    return context.bot_data["state"]


def caller_of(update: Update, st: BotState) -> Caller:
    """Who sent the update; in a private chat or a channel (only admins post) they may change
    the chat's follows, in a group `with_chat_rights` finds out."""
    user = update.effective_user
    chat = update.effective_chat
    user_id = user.id if user else None
    chat_type = chat.type if chat else "private"
    return Caller(user_id=user_id, chat_type=chat_type,
                  is_admin=st.is_admin(user_id),
                  name=(user.username or user.full_name) if user else "channel",
                  chat_id=chat.id if chat else None,
                  chat_admin=chat_type in (ChatType.PRIVATE, ChatType.CHANNEL))


CHAT_SETTINGS = frozenset({"follow", "unfollow", "following"})  # answers depend on chat rights
_ANONYMOUS_ADMIN = 1087968824  # "GroupAnonymousBot": an admin posting as the group


async def with_chat_rights(update: Update, caller: Caller, line: str) -> Caller:
    """In a group, ask Telegram (getChatMember) whether the sender is one of its admins, for
    the commands that change what the chat follows."""
    parsed = parse(line)
    if (caller.chat_type not in (ChatType.GROUP, ChatType.SUPERGROUP) or parsed is None
            or parsed.name not in CHAT_SETTINGS or caller.chat_id is None
            or caller.user_id is None):
        return caller
    message = update.effective_message
    if (caller.user_id == _ANONYMOUS_ADMIN and message is not None
            and message.sender_chat is not None and message.sender_chat.id == caller.chat_id):
        return replace(caller, chat_admin=True)
    try:
        member = await update.get_bot().get_chat_member(caller.chat_id, caller.user_id)
    except TelegramError as exc:
        log.info("getChatMember failed for %s in %s: %s", caller.user_id, caller.chat_id, exc)
        return caller
    return replace(caller, chat_admin=member.status in (ChatMemberStatus.ADMINISTRATOR,
                                                        ChatMemberStatus.OWNER))


def markup(reply: Reply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.text, callback_data=b.data)
                                  for b in row] for row in reply.buttons])


def tracked(func: Callback) -> Callback:
    """Record the chat (off the loop) and enforce the per-user rate limit."""

    @functools.wraps(func)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        st = state(context)
        user = update.effective_user
        if user is not None and not st.is_admin(user.id) and not await st.limiter.check(user.id):
            warn = st.limiter.should_warn(user.id)  # once per window, then silence
            if update.callback_query:  # answered either way, or its spinner keeps turning
                await answer_once(st, update.callback_query,
                                  "Too many requests — wait a minute." if warn else None)
            elif update.effective_message and warn:
                await update.effective_message.reply_text(
                    "You are sending commands too fast; please wait a minute.")
            return
        chat = update.effective_chat
        if chat is not None and st.should_record(chat.id):
            await asyncio.to_thread(_seen, st, chat.id, chat.type, chat.title)
        await func(update, context)

    return wrapper


def _seen(st: BotState, chat_id: int, chat_type: str, title: str | None) -> None:
    with st.dispatcher.memory.db.session() as session:
        chats.seen_chat(session, chat_id, chat_type, title)


async def send(message: Message, reply: Reply) -> Message:
    """Send a reply under `message` (in a channel, as a new post)."""
    if message.chat.type == ChatType.CHANNEL:
        return await message.get_bot().send_message(
            message.chat_id, reply.html, parse_mode=ParseMode.HTML,
            reply_markup=markup(reply), link_preview_options=NO_PREVIEW)
    return await message.reply_text(reply.html, parse_mode=ParseMode.HTML,
                                    reply_markup=markup(reply), link_preview_options=NO_PREVIEW,
                                    do_quote=message.chat.type != ChatType.PRIVATE)


LONG_COMMANDS = frozenset({"add", "reindex"})
TOAST_CHARS = 200  # Telegram's limit for a callback query's answer


class StatusMessage:
    """One message edited in place as long work proceeds ("Reading…", "Saving…", 3/10…).

    `step` may be called from a worker thread; edits are throttled to one a second. Edits run
    one at a time, in order, and none runs after `finish`: the final state always wins, however
    slowly Telegram answers.
    """

    def __init__(self, message: Message, loop: asyncio.AbstractEventLoop) -> None:
        self.message = message
        self.loop = loop
        self._last = 0.0
        self._lock = asyncio.Lock()
        self._done = False
        self._shown = message.text_html if message.text else ""

    def step(self, text: str) -> None:
        now = time.monotonic()
        if self._done or now - self._last < 1.0:
            return
        self._last = now
        asyncio.run_coroutine_threadsafe(self._edit(text), self.loop)

    async def _edit(self, text: str) -> None:
        async with self._lock:
            if self._done or html.escape(text) == self._shown:
                return
            try:
                await self.message.edit_text(html.escape(text), parse_mode=ParseMode.HTML)
                self._shown = html.escape(text)
            except TelegramError:
                log.debug("progress edit skipped", exc_info=True)

    async def finish(self, reply: Reply) -> None:
        self._done = True  # progress edits not yet started are dropped
        async with self._lock:  # and the one in flight ends first
            try:
                await self.message.edit_text(reply.html, parse_mode=ParseMode.HTML,
                                             reply_markup=markup(reply),
                                             link_preview_options=NO_PREVIEW)
            except BadRequest as exc:
                if "not modified" not in str(exc).lower():
                    raise


@tracked
async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any /command in a private chat, group or channel."""
    message = update.effective_message
    if message is None or not message.text:
        return
    st = state(context)
    caller = caller_of(update, st)
    line = message.text
    parsed = parse(line)
    if parsed is None or not st.dispatcher.for_me(parsed):
        return
    replied = message.reply_to_message
    if parsed.name == "add" and replied is not None and (replied.text or replied.caption):
        line = f"{line}\n{replied.text or replied.caption}"
    caller = await with_chat_rights(update, caller, line)
    if parsed.name in LONG_COMMANDS and caller.is_admin:
        status = StatusMessage(await send(message, Reply(["⏳ Working…"])),
                               asyncio.get_running_loop())
        reply = await asyncio.to_thread(st.dispatcher.run, line, caller, 0, status.step)
        if reply is not None:
            await status.finish(reply)
        return
    reply = await asyncio.to_thread(st.dispatcher.run, line, caller)
    if reply is not None:
        await send(message, reply)
    await sync_menus(st, message.get_bot())


@tracked
async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Plain text: in a private chat, a question; in a group, only when it replies to the bot
    or mentions it."""
    message = update.effective_message
    if message is None or not message.text:
        return
    st = state(context)
    text = message.text
    if message.chat.type != ChatType.PRIVATE:
        mention = f"@{st.dispatcher.bot_username}" if st.dispatcher.bot_username else None
        replied = message.reply_to_message
        to_us = (replied is not None and replied.from_user is not None
                 and replied.from_user.id == context.bot.id)
        mentioned = mention is not None and mention.lower() in text.lower()
        if not (to_us or mentioned):
            return
        if mentioned:
            text = re.sub(re.escape(mention), " ", text, flags=re.IGNORECASE)
    reply = await asyncio.to_thread(st.dispatcher.ask, text, caller_of(update, st))
    if reply is not None:
        await send(message, reply)


@tracked
async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An admin sends article files in a private chat: read, extract, store, report."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    st = state(context)
    caller = caller_of(update, st)
    if not caller.is_admin:
        await message.reply_text("Sorry, only the bot's admins can add articles.")
        return
    document = message.document
    name = document.file_name or "upload"
    limit = st.dispatcher.limits.max_bytes
    if document.file_size is not None and document.file_size > limit:
        await message.reply_text(
            f"❌ {html.escape(name)}: file larger than {limit // (1024 * 1024)} MB; "
            "nothing was stored.", parse_mode=ParseMode.HTML)
        return
    status = StatusMessage(await message.reply_text(f"📥 Reading {html.escape(name)}…"),
                           asyncio.get_running_loop())
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError as exc:
        await status.finish(Reply([f"❌ {html.escape(name)}: could not download ({exc})."]))
        return
    reply = await asyncio.to_thread(
        st.dispatcher.upload, data, name, message.caption, caller, status.step)
    await status.finish(reply)


@tracked
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A pressed inline button: answer in place by editing the message (once answered, the
    query is never answered again, even when the edit fails)."""
    query = update.callback_query
    if query is None or not query.data:
        return
    st = state(context)
    caller = caller_of(update, st)
    if query.data[:2] in ("c:", "t:", "n:"):
        caller = await with_chat_rights(update, caller, query.data[2:])
    reply = await asyncio.to_thread(st.dispatcher.press, query.data, caller)
    if reply is None:
        await answer_once(st, query, "This button has expired; send the command again.")
        return
    if reply.shown_as == "toast":
        await answer_once(st, query, clip(to_plain(reply.html), TOAST_CHARS))
        return
    await answer_once(st, query)
    if reply.shown_as == "new" and query.message is not None:
        await query.get_bot().send_message(query.message.chat.id, reply.html,
                                           parse_mode=ParseMode.HTML,
                                           reply_markup=markup(reply),
                                           link_preview_options=NO_PREVIEW)
        return
    try:
        await query.edit_message_text(reply.html, parse_mode=ParseMode.HTML,
                                      reply_markup=markup(reply),
                                      link_preview_options=NO_PREVIEW)
    except BadRequest as exc:
        reason = str(exc).lower()
        if "not modified" in reason:  # pressing the page you are on
            return
        if "not found" in reason and query.message is not None:  # deleted: answer anew
            log.info("message of a pressed button is gone; answering with a new one")
            await query.get_bot().send_message(query.message.chat.id, reply.html,
                                               parse_mode=ParseMode.HTML,
                                               reply_markup=markup(reply),
                                               link_preview_options=NO_PREVIEW)
            return
        raise


async def answer_once(st: BotState, query: CallbackQuery, text: str | None = None) -> None:
    """Answer a callback query unless it was answered already (Telegram refuses a second)."""
    if query.id in st.answered:
        return
    st.answered[query.id] = None
    while len(st.answered) > 10_000:
        st.answered.pop(next(iter(st.answered)))
    await query.answer(text)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`@bot name` in any chat: person cards and quotes to share."""
    query = update.inline_query
    if query is None:
        return
    st = state(context)
    items = await asyncio.to_thread(inline_items, st.dispatcher.memory, query.query)
    results = [
        InlineQueryResultArticle(
            id=item.id, title=item.title, description=item.description,
            input_message_content=InputTextMessageContent(
                item.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW))
        for item in items
    ]
    await query.answer(results, cache_time=60, auto_pagination=True)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group became a supergroup: move chat data and stored rows to the new id."""
    message = update.effective_message
    if message is None:
        return
    old, new = message.chat_id, message.migrate_to_chat_id
    if new is None:
        return
    context.application.migrate_chat_data(old_chat_id=old, new_chat_id=new)
    st = state(context)

    def move() -> None:
        with st.dispatcher.memory.db.session() as session:
            chats.migrate_chat(session, old, new)
            follows.migrate_chat(session, old, new)

    await asyncio.to_thread(move)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with context; tell the user something went wrong, without internals."""
    where = update.to_dict() if isinstance(update, Update) else repr(update)
    log.error("Error while handling %s", str(where)[:2000], exc_info=context.error)
    if isinstance(update, Update):
        if update.callback_query is not None:
            try:
                await answer_once(state(context), update.callback_query,
                                  "Sorry, something went wrong.")
            except Exception:
                log.debug("could not answer callback after error", exc_info=True)
            return
        if update.effective_message is not None:
            try:
                await update.effective_message.reply_text(
                    "Sorry, something went wrong while answering. It has been logged; "
                    "please try again or send /help.")
            except Exception:
                log.debug("could not report error to the chat", exc_info=True)


