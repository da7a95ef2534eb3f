"""Replicas behind the proxy: simulated users send `/quote <name>` in a closed loop (send, wait
for the reply, send again) through the local Bot API server in webhook mode to nginx
(deploy/nginx.conf) and 1, 2 or 3 replicas of `ecobot run --webhook` on one PostgreSQL
database; in the same run, to the echo bot (bench/echo_bot.py, no database, no deduplication)
behind the same proxy, and to both without the proxy. On 2 cores the replicas share the CPU:
the figure to watch is what deduplication and the proxy cost, not a speed-up."""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import tempfile
from pathlib import Path

from bench import live
from bench.bench_e2e import _load, _ready
from bench.bench_scale import postgres_url
from bench.common import Result, percentile, progress
from bench.generator import generate
from knowledge.db import Database, scratch_postgres
from knowledge.ingest.document import Document
from knowledge.memory import Memory
from knowledge.uploads import ingest_documents
from tests.e2e.cluster import Cluster
from tests.e2e.proxy import unavailable as no_proxy

_tokens = itertools.count(8101)
SETUPS = [("echo", 1, False), ("echo", 1, True), ("echo", 3, True),
          ("ecobot", 1, False), ("ecobot", 1, True), ("ecobot", 2, True), ("ecobot", 3, True)]


def _postgres_down() -> str | None:
    from sqlalchemy import create_engine, text

    url = postgres_url()
    if url is None:
        return ("replicas share PostgreSQL: set ECOBOT_BENCH_POSTGRES_URL or "
                "ECOBOT_TEST_POSTGRES_URL")
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        return f"PostgreSQL is not reachable at {url} ({type(exc).__name__})"
    return None


def run(quick: bool, *, users: int | None = None, articles: int | None = None,
        rounds: int | None = None,
        setups: list[tuple[str, int, bool]] | None = None) -> list[Result]:
    """`setups`: (bot, replicas, behind nginx) to measure; the echo bot's with the same proxy
    setting is the baseline of each row."""
    users = users or (30 if quick else 100)
    articles = articles or (200 if quick else 1000)
    rounds = rounds or (3 if quick else 10)
    result = Result(f"Replicas behind nginx: {users} users, `/quote <name>` × {rounds} each, "
                    "webhook mode, PostgreSQL",
                    ["bot", "replicas", "proxy", "replies", "replies/s", "p50 ms", "p99 ms",
                     "p50 vs echo", "p99 vs echo"])
    why_not = live.unavailable() or no_proxy() or _postgres_down()
    if why_not:
        result.notes = [f"not measured: {why_not}"]
        return [result]
    rng = random.Random(7)
    measured: dict[tuple[str, int, bool], tuple[list[float], list[str], float]] = {}
    with (tempfile.TemporaryDirectory() as tmp,
          scratch_postgres(postgres_url() or "", "ecobot_bench") as url):
        db = Database(url)
        db.upgrade()
        surnames: list[str] = []

        def docs():
            for name, body, gold in generate(articles, seed=41):
                surnames.append(gold["people"][0]["name"].split()[-1])
                yield Document(name, body, "txt")

        progress(f"ingesting {articles} generated articles into PostgreSQL")
        for _ in ingest_documents(Memory(db), docs(), by="bench"):
            pass
        db.dispose()
        lines = [[f"/quote {rng.choice(surnames)}" for _ in range(rounds)]
                 for _ in range(users)]
        with live.api_server() as server:
            for kind, count, proxy in setups or SETUPS:
                progress(f"{kind}: {count} replica(s), proxy {'on' if proxy else 'off'}")
                token = f"{next(_tokens)}:BENCH-{kind}-{count}"
                where = Path(tmp) / f"{kind}-{count}-{proxy}"
                where.mkdir()
                with Cluster(server, where, token, count, kind=kind, database_url=url,
                             proxy=proxy):
                    asyncio.run(_ready(server, token))
                    measured[(kind, count, proxy)] = asyncio.run(_load(server, token, lines))
    for (kind, count, proxy), (latencies, replies, wall) in measured.items():
        echo = measured[("echo", 1, proxy)][0]
        p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
        result.rows.append([kind, count, "nginx" if proxy else "—", len(replies),
                            len(replies) / wall, p50, p99,
                            f"{p50 / percentile(echo, 50):.2f}×",
                            f"{p99 / percentile(echo, 99):.2f}×"])
    answered = sum("“" in t or '"' in t for (k, _c, _p), m in measured.items() if k == "ecobot"
                   for t in m[1])
    total = sum(len(m[1]) for (k, _c, _p), m in measured.items() if k == "ecobot")
    result.notes = [
        f"{articles} generated articles in PostgreSQL; every process on this machine's 2 cores "
        "(replicas, nginx, the Bot API server, PostgreSQL, the simulated users); flood limits off",
        "ecobot answers each webhook after handling the update, under its claim in "
        "processed_update; the echo bot is python-telegram-bot's webhook server, which answers "
        "first and has no deduplication",
        "'vs echo' compares with the echo bot in the same setting (with or without the proxy)",
        f"ecobot replies that quote someone: {answered} of {total}",
        "load average at the end: {:.1f} {:.1f} {:.1f} (other work shares these cores)".format(
            *os.getloadavg()),
    ]
    return [result]
