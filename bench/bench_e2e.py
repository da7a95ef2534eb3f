"""End to end through the local Bot API server (tests/e2e/launcher.js): simulated users each
send `/quote <name>` several times in a closed loop (send, wait for the reply, send again) to
`ecobot run` — its own process, SQLite with generated articles — and, in the same run, to an
echo bot built the same way with no database (bench/echo_bot.py). The ratio of latencies shows
how much of each reply is our own work."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from pathlib import Path

import httpx

from bench import live
from bench.common import Result, percentile
from bench.generator import generate
from knowledge.db import Database
from knowledge.ingest.document import Document
from knowledge.memory import Memory
from knowledge.uploads import ingest_documents
from tests.e2e.harness import BotApiServer, TgUser

USERS = 200


async def _ready(server: BotApiServer, token: str) -> None:
    """Wait until the bot process answers at all (start-up is not part of the load)."""
    user = TgUser(server, token)
    sent = await user.send("/help")
    await user.reply_after(sent["message_id"], timeout=120)


async def _load(server: BotApiServer, token: str, lines: list[list[str]]
                ) -> tuple[list[float], list[str], float]:
    limits = httpx.Limits(max_connections=2 * len(lines) + 10,
                          max_keepalive_connections=2 * len(lines) + 10)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        users = [TgUser(server, token, client=client) for _ in lines]
        latencies: list[float] = []
        replies: list[str] = []

        async def session(user: TgUser, mine: list[str]) -> None:
            for line in mine:
                start = time.perf_counter()
                sent = await user.send(line)
                reply = await user.reply_after(sent["message_id"], timeout=120)
                latencies.append((time.perf_counter() - start) * 1000)
                replies.append(reply.text)

        start = time.perf_counter()
        await asyncio.gather(*(session(u, m) for u, m in zip(users, lines, strict=True)))
        return latencies, replies, time.perf_counter() - start


def run(quick: bool, *, users: int = USERS, articles: int | None = None,
        rounds: int | None = None) -> list[Result]:
    articles = articles or (300 if quick else 2000)
    rounds = rounds or (3 if quick else 10)
    result = Result(f"End to end: {users} users, `/quote <name>` × {rounds} each, through the "
                    "local Bot API server",
                    ["bot", "replies", "replies/s", "p50 ms", "p99 ms", "p50 vs echo",
                     "p99 vs echo"])
    why_not = live.unavailable()
    if why_not:
        result.notes = [f"not measured: {why_not}"]
        return [result]
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'e2e.db'}"
        db = Database(url)
        db.upgrade()
        surnames: list[str] = []

        def docs():
            for name, body, gold in generate(articles, seed=33):
                surnames.append(gold["people"][0]["name"].split()[-1])
                yield Document(name, body, "txt")

        for _ in ingest_documents(Memory(db), docs(), by="bench"):
            pass
        db.dispose()
        lines = [[f"/quote {rng.choice(surnames)}" for _ in range(rounds)]
                 for _ in range(users)]
        measured: dict[str, tuple[list[float], list[str], float]] = {}
        with live.api_server() as server:
            for kind in ("echo", "ecobot"):
                with live.bot_process(server, kind, url) as (token, _process):
                    asyncio.run(_ready(server, token))
                    measured[kind] = asyncio.run(_load(server, token, lines))
    echo50 = percentile(measured["echo"][0], 50)
    echo99 = percentile(measured["echo"][0], 99)
    for kind, (latencies, replies, wall) in measured.items():
        p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
        result.rows.append([kind, len(replies), len(replies) / wall, p50, p99,
                            f"{p50 / echo50:.2f}×", f"{p99 / echo99:.2f}×"])
    answered = sum("“" in text or '"' in text for text in measured["ecobot"][1])
    result.notes = [
        f"{articles} generated articles in SQLite; each bot in its own process, polling the "
        "same server; flood limits off (on Telegram, ~30 messages/s would cap both bots alike)",
        f"ecobot replies that quote someone: {answered} of {len(measured['ecobot'][1])}",
        "target: ecobot's latency ≤ 1.5× the echo bot's",
    ]
    return [result]
