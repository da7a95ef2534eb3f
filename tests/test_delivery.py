"""The delivery task against a fake Bot API: one message per chat and article, one digest per
burst, nothing twice, and what 403, "chat not found", ChatMigrated and RetryAfter do."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlmodel import select
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TimedOut

from bot.delivery import Delivery, DeliveryConfig
from knowledge import follows
from knowledge.models import Entity, OutboxItem
from tests.files import SAMPLE
from tests.test_follows import GRAIN, TASHKENT, doc

PRIVATE, GROUP = 1001, -2002
FAST = DeliveryConfig(poll=0.05, quiet=0.0, max_wait=60, lease=60, sends_per_second=1000)


class FakeMessage:
    def __init__(self, message_id: int) -> None:
        self.message_id = message_id


class FakeBot:
    """Records sends; `errors[chat]` is raised (once per entry) instead of sending."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []
        self.errors: dict[int, list[Exception]] = {}

    async def send_message(self, chat_id: int, text: str, **_kw: object) -> FakeMessage:
        queue = self.errors.get(chat_id)
        if queue:
            raise queue.pop(0)
        self.sent.append((chat_id, text))
        return FakeMessage(len(self.sent))


@pytest.fixture
def seeded(memory):
    memory.ingest(doc(SAMPLE, "almaty.txt"))
    with memory.db.session() as s:
        eco = s.exec(select(Entity.id).where(Entity.name == "ECO")).one()
        follows.follow_entity(s, GROUP, eco, by=1)
        follows.follow_topic(s, PRIVATE, "grain", by=1)
        follows.follow_topic(s, GROUP, "grain", by=1)
    return memory


def pending(memory) -> int:
    with memory.db.session() as s:
        return len(s.exec(select(OutboxItem).where(OutboxItem.delivered_at.is_(None))).all())


async def test_one_message_per_chat_then_nothing_twice(seeded) -> None:
    seeded.ingest(doc(TASHKENT, "tashkent.txt"))
    bot = FakeBot()
    delivery = Delivery(bot, seeded, FAST)  # type: ignore[arg-type]
    assert await delivery.round() == 2
    assert sorted(chat for chat, _ in bot.sent) == [GROUP, PRIVATE]
    assert await delivery.round() == 0 and pending(seeded) == 0
    with seeded.db.session() as s:
        assert {i.message_id for i in s.exec(select(OutboxItem))} == {1, 2}


async def test_a_burst_is_one_digest(seeded) -> None:
    for n in range(6):
        seeded.ingest(doc(GRAIN.replace("Bishkek", f"Bishkek {n}").replace(
            "reviewed", f"reviewed in round {n} of {n * 7 + 3} talks"), f"g{n}.txt"))
    bot = FakeBot()
    delivery = Delivery(bot, seeded, FAST)  # type: ignore[arg-type]
    await delivery.round()
    by_chat = {chat: text for chat, text in bot.sent}
    assert len(bot.sent) == 2, bot.sent
    assert "6 new articles" in by_chat[PRIVATE]


async def test_a_burst_still_coming_waits(seeded) -> None:
    seeded.ingest(doc(GRAIN, "grain.txt"))
    bot = FakeBot()
    waiting = DeliveryConfig(poll=0.05, quiet=30, max_wait=60, lease=60, sends_per_second=1000)
    assert await Delivery(bot, seeded, waiting).round() == 0  # type: ignore[arg-type]
    assert bot.sent == []


async def test_blocked_and_vanished_chats_are_unsubscribed(seeded) -> None:
    seeded.ingest(doc(GRAIN, "grain.txt"))
    bot = FakeBot()
    bot.errors = {PRIVATE: [Forbidden("Forbidden: bot was blocked by the user")],
                  GROUP: [BadRequest("Bad Request: chat not found")]}
    await Delivery(bot, seeded, FAST).round()  # type: ignore[arg-type]
    with seeded.db.session() as s:
        assert follows.stats(s).follows == 0
    assert pending(seeded) == 0 and bot.sent == []


async def test_a_migrated_group_gets_its_news_under_the_new_id(seeded) -> None:
    seeded.ingest(doc(GRAIN, "grain.txt"))
    bot = FakeBot()
    bot.errors = {GROUP: [ChatMigrated(-100777)]}
    delivery = Delivery(bot, seeded, FAST)  # type: ignore[arg-type]
    await delivery.round()
    await delivery.round()
    assert sorted(chat for chat, _ in bot.sent) == [-100777, PRIVATE]
    with seeded.db.session() as s:
        assert len(follows.following(s, -100777)) == 2


def _expire_leases(memory) -> None:
    """Pretend the retry time has come."""
    with memory.db.session() as s:
        for item in s.exec(select(OutboxItem)).all():
            item.lease_until = None
            s.add(item)


@pytest.mark.parametrize(("error", "left"), [(RetryAfter(timedelta(seconds=30)), PRIVATE),
                                             (TimedOut(), PRIVATE)])
async def test_flood_and_network_errors_retry_later(seeded, error, left) -> None:
    with seeded.db.session() as s:
        follows.drop_chat(s, GROUP)
    seeded.ingest(doc(GRAIN, "grain.txt"))
    bot = FakeBot()
    bot.errors = {PRIVATE: [error]}
    delivery = Delivery(bot, seeded, FAST)  # type: ignore[arg-type]
    assert await delivery.round() == 0
    assert bot.sent == [] and pending(seeded) == 1
    if isinstance(error, RetryAfter):  # every send waits as long as Telegram asked
        assert delivery.pacer._next - time.monotonic() > 25
        delivery.pacer._next = 0.0
    delivery._last_sent.clear()
    assert await delivery.round() == 0  # not before the retry time
    _expire_leases(seeded)
    assert await delivery.round() == 1
    assert [chat for chat, _ in bot.sent] == [left] and pending(seeded) == 0


async def test_a_deleted_article_sends_nothing(seeded) -> None:
    article = seeded.ingest(doc(GRAIN, "grain.txt")).article_id
    seeded.delete_article(article)
    bot = FakeBot()
    assert await Delivery(bot, seeded, FAST).round() == 0  # type: ignore[arg-type]
    assert bot.sent == []
