"""Three replicas of `ecobot run --webhook` behind nginx, on one PostgreSQL database, fed by
the local Bot API server in webhook mode, all on 127.0.0.1: a stream of updates with
duplicates among them, one replica SIGKILLed in the middle and restarted; every update is
answered exactly once, and an article uploaded through one replica is found by /who on
another within a second."""

from __future__ import annotations

import asyncio
import itertools
import time

import httpx
import pytest

from tests.conftest import POSTGRES_URL
from tests.e2e.cluster import SECRET, Cluster
from tests.e2e.harness import TgUser
from tests.e2e.proxy import unavailable

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
ADMIN_ID = 4343
ARTICLE = """Kyrgyz Minister Visits Tashkent
TASHKENT (UzA) – Kyrgyz Foreign Minister Zhanibek Oskonbaev met officials on Monday.
"Trade between our countries will double," Zhanibek Oskonbaev said after the talks.
"""
QUESTIONS = ["/who kamali", "/members", "/meeting tehran", "/quote kamali", "/where dushanbe",
             "/help", "/articles", "/who sharipov"]
_direct_ids = itertools.count(70_000_000)


@pytest.fixture
def replica_db() -> str:
    if not POSTGRES_URL:
        pytest.skip("replicas share a PostgreSQL database: ECOBOT_TEST_POSTGRES_URL is not set")
    why = unavailable()
    if why:
        pytest.skip(why)
    from bot.runtime import DEMO_DIR
    from knowledge.db import Database, scratch_postgres
    from knowledge.ingest.limits import Limits
    from knowledge.memory import Memory
    from knowledge.uploads import ingest_paths

    with scratch_postgres(POSTGRES_URL, "ecobot_replicas") as url:
        db = Database(url)
        db.upgrade()
        assert all(o.status == "added" for o in ingest_paths(Memory(db), [DEMO_DIR], Limits(),
                                                         by="fixture"))
        db.dispose()
        yield url


async def _post(url: str, update: dict) -> int:
    async with httpx.AsyncClient(timeout=60) as client:
        response = await client.post(url, json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
        return response.status_code


async def _direct(user: TgUser, replica_url: str, **message: object) -> None:
    """An update POSTed straight to one replica (as its proxy would), answered once handled."""
    update = {"update_id": next(_direct_ids), "message": user._message(
        message_id=next(_direct_ids), **message)}
    assert await _post(f"{replica_url}/telegram", update) == 200


async def _stream(users: list[TgUser], proxy: str, rounds: int, duplicate_every: int
                  ) -> list[tuple[TgUser, int]]:
    """Each round, every user sends a command at once; every `duplicate_every`-th update is
    also delivered again through the proxy, as Telegram does when an answer is late."""
    sent: list[tuple[TgUser, int]] = []
    again: list[asyncio.Task] = []
    for i in range(rounds):
        updates = await asyncio.gather(*(user.update({"message": user._message(
            QUESTIONS[(i + j) % len(QUESTIONS)])}) for j, user in enumerate(users)))
        for user, update in zip(users, updates, strict=True):
            sent.append((user, update["message"]["message_id"]))
            if len(sent) % duplicate_every == 0:
                again.append(asyncio.create_task(_post(f"{proxy}/telegram", update)))
    assert all(status == 200 for status in await asyncio.gather(*again))
    return sent


async def _replies(user: TgUser) -> dict[int, int]:
    counts: dict[int, int] = {}
    for message in await user.messages():
        if message.reply_to is not None:
            counts[message.reply_to] = counts.get(message.reply_to, 0) + 1
    return counts


async def test_replicas_answer_every_update_exactly_once(bot_api_server, replica_db,
                                                         tmp_path) -> None:
    token = "901:REPLICAS"
    with Cluster(bot_api_server, tmp_path, token, 3, database_url=replica_db,
                 admin_id=ADMIN_ID) as cluster:
        assert cluster.nginx is not None
        proxy, (first, second, third) = cluster.nginx.url, cluster.replicas
        users = [TgUser(bot_api_server, token, chat_type="group") for _ in range(6)]
        sent = await _stream(users, proxy, rounds=4, duplicate_every=3)
        await users[0].set_edit_latency(0, send_ms=600)  # replies take a while: some are
        burst = asyncio.create_task(_stream(users, proxy, rounds=4, duplicate_every=3))
        deadline = time.monotonic() + 20
        while await asyncio.to_thread(second.in_flight) == 0:
            assert time.monotonic() < deadline, "no update ever reached the second replica"
            await asyncio.sleep(0.02)
        second.kill()  # in the middle of the stream, with updates in flight on it
        sent += await burst
        await asyncio.sleep(0.6)
        await users[0].set_edit_latency(0)
        sent += await _stream(users, proxy, rounds=4, duplicate_every=3)
        second.start()
        await asyncio.to_thread(second.wait_healthy)
        sent += await _stream(users, proxy, rounds=4, duplicate_every=3)

        deadline = time.monotonic() + 60
        while True:
            counts = {id(u): await _replies(u) for u in users}
            missing = [(u.chat_id, m) for u, m in sent if m not in counts[id(u)]]
            if not missing or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert not missing, f"{len(missing)} of {len(sent)} updates were never answered"
        await asyncio.sleep(2)  # retries and duplicates still on their way would show now
        counts = {id(u): await _replies(u) for u in users}
        twice = [(u.chat_id, m, counts[id(u)][m]) for u, m in sent if counts[id(u)][m] != 1]
        assert not twice, f"answered more than once: {twice}"
        assert sum(len(c) for c in counts.values()) == len(sent)
        log = (tmp_path / "nginx" / "logs" / "error.log").read_text()
        assert "prematurely closed" in log or "reset by peer" in log  # some were in flight

        # an upload through the first replica is found by /who on the third within 1 s
        admin = TgUser(bot_api_server, token, user_id=ADMIN_ID, first_name="Admin")
        file = await admin._post("/client/file", {
            "file_name": "kyrgyz.txt", "mime_type": "text/plain",
            "data_base64": __import__("base64").b64encode(ARTICLE.encode()).decode()})
        await _direct(admin, first.url, document=file)
        added = time.monotonic()
        assert "✅" in (await admin.messages())[-1].text
        while True:
            await _direct(admin, third.url, text="/who oskonbaev",
                          entities=[{"type": "bot_command", "offset": 0, "length": 4}])
            answer = (await admin.messages())[-1].text
            if "Zhanibek Oskonbaev" in answer or time.monotonic() - added > 3:
                break
            await asyncio.sleep(0.05)
        assert "Zhanibek Oskonbaev" in answer, answer
        assert time.monotonic() - added < 1.0
