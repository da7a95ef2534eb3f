"""Delivering /follow news: a background task of the bot that drains the outbox.

The outbox is written by every ingest, in its own transaction and from any process (uploads,
/add, `ecobot ingest` in a shell), so polling the database is what finds it all. Each round:

1. chats whose pending news has settled (`follow_quiet_seconds` with nothing new, so a ZIP of
   50 articles becomes one digest; or the oldest waiting `follow_max_wait_seconds`);
2. per chat, every pending item is claimed with a lease (`follows.claim`) in one transaction;
3. one message is sent: one article's news, or a digest of several;
4. the message id and "delivered" are committed for the claim, in one transaction.

Guarantee, honestly: at-least-once, with the duplicate window as small as we can make it.
Nothing committed is lost: a bot that dies holding a claim leaves the items pending, and after
`follow_lease_seconds` another run takes them over. A message is repeated only if the bot dies
(or the request times out) after Telegram accepted it and before step 4 committed, which is at
most one message per chat per crash; the Bot API offers no idempotency key that would close
that window. Killing the bot anywhere else repeats nothing, since step 4 is the only write after
the send.

Flood limits: sends are spaced to `follow_sends_per_second` overall (25/s by default, under
Telegram's ~30), a chat gets at most one message a second, and RetryAfter pauses every send for
the time Telegram asks. A chat that blocked the bot (403) or no longer exists (400 "chat not
found") is unsubscribed; a group that became a supergroup (ChatMigrated) keeps its follows under
the new id. A deleted article's rows are gone with it, so nothing further about it is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from bot.settings import Settings
from handlers.follow import news_reply
from handlers.telegram import NO_PREVIEW, markup
from knowledge import follows
from knowledge.memory import Memory
from knowledge.models import utcnow

log = logging.getLogger(__name__)
CHATS_PER_ROUND = 200
CONCURRENT_SENDS = 8
PER_CHAT_SECONDS = 1.0
GIVE_UP_AFTER = 8  # attempts at one claim before its news is dropped (and logged)


@dataclass(frozen=True, slots=True)
class DeliveryConfig:
    poll: float = 1.0
    quiet: float = 3.0
    max_wait: float = 60.0
    lease: float = 60.0
    sends_per_second: float = 25.0

    @classmethod
    def of(cls, settings: Settings) -> DeliveryConfig:
        return cls(settings.follow_poll_seconds, settings.follow_quiet_seconds,
                   settings.follow_max_wait_seconds, settings.follow_lease_seconds,
                   settings.follow_sends_per_second)


class Pacer:
    """Spaces sends to a rate overall; `pause` holds every send (RetryAfter)."""

    def __init__(self, per_second: float) -> None:
        self.interval = 1.0 / per_second
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait(self) -> None:
        async with self._lock:
            delay = self._next - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            self._next = max(self._next, time.monotonic()) + self.interval

    def pause(self, seconds: float) -> None:
        self._next = max(self._next, time.monotonic() + seconds)


class Delivery:
    """Drains the outbox into Telegram messages until stopped."""

    def __init__(self, bot: Bot, memory: Memory, config: DeliveryConfig) -> None:
        self.bot = bot
        self.memory = memory
        self.config = config
        self.pacer = Pacer(config.sends_per_second)
        self._last_sent: dict[int, float] = {}  # chat id -> monotonic time
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._postgres = not memory.db.sqlite

    def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self.run(), name="follow-delivery")

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task
            self._task = None

    async def run(self) -> None:
        while not self._stop.is_set():
            try:
                sent = await self.round()
            except Exception:  # the database is away for a moment: try again next round
                log.exception("follow delivery round failed")
                sent = 0
            if not sent:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stop.wait(), self.config.poll)

    async def round(self) -> int:
        """One pass over the chats with settled news; returns the messages sent."""
        chats = await asyncio.to_thread(self._due_chats)
        now = time.monotonic()
        chats = [c for c in chats if now - self._last_sent.get(c, -1e9) >= PER_CHAT_SECONDS]
        if not chats:
            return 0
        gate = asyncio.Semaphore(CONCURRENT_SENDS)

        async def one(chat_id: int) -> bool:
            async with gate:
                if self._stop.is_set():
                    return False
                return await self.deliver(chat_id)

        results = await asyncio.gather(*(one(c) for c in chats))
        return sum(results)

    def _due_chats(self) -> list[int]:
        with self.memory.db.session() as session:
            return follows.due_chats(session, now=utcnow(),
                                     quiet=timedelta(seconds=self.config.quiet),
                                     max_wait=timedelta(seconds=self.config.max_wait),
                                     limit=CHATS_PER_ROUND)

    def _claim(self, chat_id: int) -> tuple[str, list[follows.ArticleNews], int] | None:
        """(claim token, the news, attempts so far), or None when nothing was claimed."""
        with self.memory.db.session() as session:
            token, items = follows.claim(session, chat_id, now=utcnow(),
                                         lease=timedelta(seconds=self.config.lease),
                                         postgres=self._postgres)
        if not items:
            return None
        with self.memory.db.session() as session:  # read after the claim commits
            entries = follows.news(session, items)
        return token, entries, max(i.attempts for i in items)

    def _write(self, change) -> None:
        with self.memory.db.session() as session:
            change(session)

    async def deliver(self, chat_id: int) -> bool:
        """Claim, send and confirm one chat's news; True when a message went out."""
        claimed = await asyncio.to_thread(self._claim, chat_id)
        if claimed is None:
            return False
        token, entries, attempts = claimed
        if not entries:  # every fact behind the claim is gone (its article was deleted)
            await asyncio.to_thread(self._write, lambda s: follows.mark_delivered(s, token, None))
            return False
        reply = news_reply(entries)
        await self.pacer.wait()
        self._last_sent[chat_id] = time.monotonic()
        try:
            message = await self.bot.send_message(
                chat_id, reply.html, parse_mode=ParseMode.HTML, reply_markup=markup(reply),
                link_preview_options=NO_PREVIEW)
        except RetryAfter as exc:
            seconds = _seconds(exc.retry_after)
            log.info("flood limit: waiting %.0f s before sending more", seconds)
            self.pacer.pause(seconds)
            await self._release(token, seconds)
            return False
        except Forbidden as exc:
            await self._unsubscribe(chat_id, str(exc))
            return False
        except ChatMigrated as exc:
            new_id = exc.new_chat_id
            log.info("chat %s became %s: its follows move", chat_id, new_id)
            await asyncio.to_thread(self._write,
                                    lambda s: follows.migrate_chat(s, chat_id, new_id))
            return False
        except BadRequest as exc:
            if "chat not found" in str(exc).lower():
                await self._unsubscribe(chat_id, str(exc))
            else:  # the message itself was refused: sending it again would not help
                log.error("news for chat %s refused (%s); dropped", chat_id, exc)
                await asyncio.to_thread(self._write,
                                        lambda s: follows.mark_delivered(s, token, None))
            return False
        except NetworkError as exc:  # includes TimedOut: the message may have gone out
            if attempts >= GIVE_UP_AFTER:
                log.error("news for chat %s dropped after %d attempts: %s", chat_id,
                          attempts, exc)
                await asyncio.to_thread(self._write,
                                        lambda s: follows.mark_delivered(s, token, None))
            else:
                await self._release(token, min(300.0, 2.0 ** attempts))
            return False
        await asyncio.to_thread(
            self._write, lambda s: follows.mark_delivered(s, token, message.message_id))
        return True

    async def _release(self, token: str, seconds: float) -> None:
        retry_at = utcnow() + timedelta(seconds=seconds)
        await asyncio.to_thread(self._write,
                                lambda s: follows.release(s, token, retry_at=retry_at))

    async def _unsubscribe(self, chat_id: int, why: str) -> None:
        log.info("chat %s unsubscribed from follows: %s", chat_id, why)
        await asyncio.to_thread(self._write, lambda s: follows.drop_chat(s, chat_id))


def _seconds(value: object) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)  # type: ignore[arg-type]
