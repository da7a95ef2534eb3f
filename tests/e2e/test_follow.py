"""/follow end to end over HTTP: chats follow a person and a topic, news ingested from another
process reaches each once, a burst is one digest, a killed bot redelivers nothing twice and
loses nothing, and a chat that blocked the bot is unsubscribed."""

from __future__ import annotations

import asyncio
import io
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from knowledge import follows
from knowledge.db import Database
from knowledge.models import Entity, OutboxItem
from tests.e2e.conftest import (
    ADMIN_ID,
    RunningBot,
    _tokens,
    running_bot,
)
from tests.e2e.harness import BotApiServer, TgUser

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
ECOBOT = [sys.executable, "-m", "bot.cli"]
FAST = dict(follow_poll_seconds=0.2, follow_quiet_seconds=3.0, follow_lease_seconds=3.0,
            follow_sends_per_second=50.0, flood_limits=False)
WORDS = ("railway", "customs", "harbour", "pipeline", "tariff", "visa", "grain", "cotton",
         "solar", "water", "bank", "insurance", "tourism", "aviation", "textile", "fishery")


def article(n: int) -> str:
    """A short article written for this test: Kamali on transit corridors, with its own
    details so that no two are duplicates."""
    rng = random.Random(n)
    details = " ".join(f"The {rng.choice(WORDS)} {rng.choice(WORDS)} plan number {n * 7 + i} "
                       f"covers {rng.choice(WORDS)} works in {rng.choice(WORDS)} zone {i}."
                       for i in range(6))
    return (f"Interior Ministers Review Border Plan {n}\n"
            f"TEHRAN (Follow Wire) – Officials met for review number {n} of the border plan.\n\n"
            "Iranian Interior Minister Dariush Kamali said that new transit corridors "
            f"would need {n + 3} joint checkpoints on the eastern border.\n\n{details}\n")


def cli_env(db_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBOT_")}
    env.update(ECOBOT_DATABASE_URL=f"sqlite:///{db_path}", ECOBOT_LOAD_DEMO="false", **extra)
    return env


def cli_ingest(db_path: Path, *files: Path) -> None:
    """`ecobot ingest` in another process, as an admin would run it from a shell."""
    done = subprocess.run([*ECOBOT, "ingest", *map(str, files)], cwd=ROOT,
                          env=cli_env(db_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


def bot_db(bot: RunningBot) -> Database:
    return Database(bot.settings.database_url)  # type: ignore[attr-defined]


@pytest.fixture
async def follow_bot(bot_api_server: BotApiServer, memory_template: Path,
                     tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot with quick delivery settings, on a copy of the template memory."""
    async with running_bot(bot_api_server, memory_template, tmp_path, **FAST) as bot:
        yield bot


async def all_from(user: TgUser, settle: float = 2.5) -> list[str]:
    """Every message the bot sent to this chat that the test has not seen, after it is quiet."""
    await asyncio.sleep(settle)
    fresh = [m for m in await user.messages() if m.message_id not in user.seen]
    user.seen.update(m.message_id for m in fresh)
    return [m.text for m in fresh]


async def test_private_chat_and_group_get_cli_ingested_news_once(follow_bot, tmp_path) -> None:
    private = follow_bot.user()
    reply = await private.ask("/follow kamali")
    assert "now follows Dariush Kamali (person)" in reply.text
    reply = await private.ask("/follow transit corridors")
    assert "follows it as a topic “transit corridors”" in reply.text
    member = follow_bot.user(chat_type="group", chat_id=-5_550_001)
    admin = follow_bot.user(chat_type="group", chat_id=-5_550_001, seen=member.seen)
    await admin.set_chat_admins([admin.user_id])
    refused = await member.ask(f"/follow@{follow_bot.username} transit corridors")
    assert "Only this group's admins" in refused.text
    card = await admin.ask(f"/who@{follow_bot.username} kamali")
    refusal = await member.callback_answer(await member.press(card, "🔔 Follow"))
    assert "Only this group's admins" in refusal["text"]  # a toast: the card stays
    answer = await admin.callback_answer(await admin.press(card, "🔔 Follow"))
    assert "now follows Dariush Kamali" in answer["text"]
    assert [m.text for m in await admin.messages() if m.message_id == card.message_id] == [
        card.text]
    assert "topic" in (await admin.ask(f"/follow@{follow_bot.username} transit corridors")).text
    listed = await admin.ask(f"/following@{follow_bot.username}")
    assert "Dariush Kamali (person)" in listed.text and "transit corridors (topic)" in listed.text

    path = tmp_path / "kamali.txt"
    path.write_text(article(1))
    cli_ingest(follow_bot.settings.database_path(), path)  # type: ignore[attr-defined]
    for chat in (private, admin):
        news = await chat.wait_reply(timeout=20)
        assert news.text.startswith("🔔 New on Dariush Kamali, “transit corridors”"), news.text
        assert "Interior Ministers Review Border Plan 1" in news.text
        assert [b["text"] for b in news.buttons][:2] == ["📰 Article", "👤 Who"]
        assert await all_from(chat) == []  # once
    news = next(m for m in await private.messages() if m.text.startswith("🔔 New on"))
    await private.press(news, "📰 Article")
    opened = await private.wait_reply()  # a new message: the news stays as it was
    assert "Interior Ministers Review Border Plan 1" in opened.text and "Kamali" in opened.text
    assert [m.text for m in await private.messages() if m.message_id == news.message_id] == [
        news.text]


async def test_a_zip_of_20_articles_is_one_digest_per_chat(follow_bot) -> None:
    private = follow_bot.user()
    group = follow_bot.user(chat_type="supergroup", chat_id=-1_005_550_002)
    await group.set_chat_admins([group.user_id])
    assert "now follows" in (await private.ask("/follow kamali")).text
    assert "topic" in (await group.ask("/follow transit corridors")).text
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for n in range(20):
            zf.writestr(f"plan{n:02}.txt", article(100 + n))
    uploader = follow_bot.admin()
    await uploader.send_document("plans.zip", buffer.getvalue())
    status = await uploader.wait_reply(timeout=20)
    await uploader.wait_text(status, "✅ Added", timeout=90)  # the summary is on page 2
    for chat in (private, group):
        digest = await chat.wait_reply(timeout=30)
        assert "20 new articles on what this chat follows" in digest.text, digest.text
        assert await all_from(chat) == []


async def sent_to(chats: list[TgUser]) -> list[int]:
    """The chat of every message the bot sent to any of `chats` (one request)."""
    wanted = {c.chat_id for c in chats}
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(chats[0].server.url + "/client/messages",
                                    params={"token": chats[0].token})
    return [m["chat_id"] for m in response.json()["result"] if m["chat_id"] in wanted]


def _start_bot_process(server: BotApiServer, token: str, db_path: Path,
                       log: Path) -> subprocess.Popen:
    env = cli_env(db_path, ECOBOT_TOKEN=token, ECOBOT_API_BASE_URL=f"{server.url}/bot",
                  ECOBOT_API_FILE_URL=f"{server.url}/file/bot",
                  ECOBOT_ADMIN_IDS=str(ADMIN_ID), ECOBOT_FLOOD_LIMITS="false",
                  ECOBOT_FOLLOW_POLL_SECONDS="0.2", ECOBOT_FOLLOW_QUIET_SECONDS="0.5",
                  ECOBOT_FOLLOW_LEASE_SECONDS="3", ECOBOT_FOLLOW_SENDS_PER_SECOND="4")
    return subprocess.Popen([*ECOBOT, "run"], cwd=ROOT, env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT)


def chats_delivered_in_db(db: Database) -> int:
    """How many chats' news the bot has recorded as sent."""
    with db.session() as s:
        delivered = OutboxItem.delivered_at.is_not(None)  # type: ignore[union-attr]
        return len(set(s.exec(select(OutboxItem.chat_id).where(delivered)).all()))


async def test_killed_mid_delivery_every_item_arrives_none_twice(
        bot_api_server: BotApiServer, memory_template: Path, tmp_path: Path) -> None:
    """SIGKILL while a send is in flight and every accepted send is committed: the resumed bot
    sends the rest, and none twice. (A kill after Telegram accepted a message and before the
    bot recorded it can repeat that one message: no Bot API call closes that window, see
    `bot/delivery.py`.)"""
    db_path = tmp_path / "bot.db"
    shutil.copy(memory_template, db_path)
    token = f"{next(_tokens)}:TEST-{tmp_path.name}"
    chats = [TgUser(bot_api_server, token) for _ in range(24)]
    db = Database(f"sqlite:///{db_path}")
    db.upgrade()
    with db.session() as s:
        kamali = s.exec(select(Entity.id).where(Entity.name == "Dariush Kamali")).one()
        for chat in chats:
            follows.follow_entity(s, chat.chat_id or 0, kamali, by=chat.user_id)
    log = tmp_path / "bot.log"
    bot = _start_bot_process(bot_api_server, token, db_path, log)
    try:
        path = tmp_path / "kamali.txt"
        path.write_text(article(7))
        cli_ingest(db_path, path)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and len(await sent_to(chats)) < 4:
            await asyncio.sleep(0.05)
        await chats[0].set_send_gate(False)  # sends from now on hang in flight
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (
                await chats[0].held_sends() > 0
                and chats_delivered_in_db(db) == len(await sent_to(chats))):
            await asyncio.sleep(0.05)
        before = len(await sent_to(chats))
        assert await chats[0].held_sends() > 0, "no send in flight to kill the bot in"
        assert chats_delivered_in_db(db) == before, "an accepted send is not recorded yet"
        bot.send_signal(signal.SIGKILL)  # 4 per second: most chats are still waiting
        bot.wait(10)
        await chats[0].set_send_gate(True)  # the dead bot's sends are dropped
        assert 4 <= before < len(chats), f"{before} delivered before the kill"
        assert len(await sent_to(chats)) == before
        bot = _start_bot_process(bot_api_server, token, db_path, log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and len(await sent_to(chats)) < len(chats):
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)
        got = await sent_to(chats)
        counts = [got.count(c.chat_id) for c in chats]
        assert counts == [1] * len(chats), (counts, log.read_text()[-3000:])
        with db.session() as s:
            pending = s.exec(select(OutboxItem).where(OutboxItem.delivered_at.is_(None))).all()
        assert pending == []
    finally:
        await chats[0].set_send_gate(True)
        if bot.poll() is None:
            bot.terminate()
            bot.wait(10)
        db.dispose()


async def test_a_chat_that_blocked_the_bot_is_unsubscribed(follow_bot, tmp_path) -> None:
    blocker, fan = follow_bot.user(), follow_bot.user()
    for chat in (blocker, fan):
        assert "now follows" in (await chat.ask("/follow kamali")).text
    await blocker.block_bot()
    try:
        path = tmp_path / "kamali.txt"
        path.write_text(article(3))
        cli_ingest(follow_bot.settings.database_path(), path)  # type: ignore[attr-defined]
        news = await fan.wait_reply(timeout=20)
        assert "Dariush Kamali" in news.text
        db = bot_db(follow_bot)
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with db.session() as s:
                    left = follows.following(s, blocker.chat_id or 0)
                if not left:
                    break
                await asyncio.sleep(0.1)
            assert left == []
            with db.session() as s:
                assert [v.label for v in follows.following(s, fan.chat_id or 0)] == [
                    "Dariush Kamali"]
        finally:
            db.dispose()
    finally:
        await blocker.block_bot(False)
    assert "follows nothing yet" in (await blocker.ask("/following")).text


async def test_a_group_that_becomes_a_supergroup_keeps_its_follows(follow_bot) -> None:
    group = follow_bot.user(chat_type="group", chat_id=-5_550_009)
    await group.set_chat_admins([group.user_id])
    assert "now follows" in (await group.ask("/follow kamali")).text
    supergroup = follow_bot.user(chat_type="supergroup", chat_id=-1_005_550_009,
                                 user_id=group.user_id)
    await group.update({"message": group._message(migrate_to_chat_id=supergroup.chat_id)})
    await supergroup.update({"message": supergroup._message(migrate_from_chat_id=group.chat_id)})
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        listed = await supergroup.ask("/following")
        if "Dariush Kamali" in listed.text:
            break
        await asyncio.sleep(0.2)
    assert "Dariush Kamali (person)" in listed.text
    assert "follows nothing yet" in (await group.ask("/following")).text
