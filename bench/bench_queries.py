"""Ingest throughput, database size, command latency (p50/p99 against a `SELECT 1` round trip
in the same run) and start-up cost, on SQLite and (when ECOBOT_BENCH_POSTGRES_URL or
ECOBOT_TEST_POSTGRES_URL is set) PostgreSQL."""

from __future__ import annotations

import os
import random
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import Result, peak_rss_mb, percentile
from bench.generator import generate
from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from knowledge.db import Database
from knowledge.ingest.document import Document
from knowledge.memory import Memory


def _databases(tmp: Path) -> list[tuple[str, str, object]]:
    out: list[tuple[str, str, object]] = [("SQLite", f"sqlite:///{tmp / 'bench.db'}", None)]
    url = os.environ.get("ECOBOT_BENCH_POSTGRES_URL") or os.environ.get(
        "ECOBOT_TEST_POSTGRES_URL")
    if url:
        name = f"ecobot_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        out.append(("PostgreSQL",
                    make_url(url).set(database=name).render_as_string(hide_password=False),
                    (admin, name)))
    return out


def _drop(cleanup: object) -> None:
    if cleanup is None:
        return
    admin, name = cleanup  # type: ignore[misc]
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _latency(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def run(quick: bool) -> list[Result]:
    n = 400 if quick else 4000
    runs = 60 if quick else 300
    ingest = Result(f"Ingest of {n} generated articles", [
        "database", "articles/s", "DB size per 1k articles", "peak RSS MB"])
    latency = Result(f"Command latency at {n} articles (warm)", [
        "database", "command", "p50 ms", "p99 ms", "p99 vs SELECT 1"])
    startup = Result("Start-up to the first answer", ["database", "aliases", "seconds"])
    items = list(generate(n, seed=21))
    rng = random.Random(3)
    golds = [g for _, _, g in items]
    with tempfile.TemporaryDirectory() as tmp:
        for label, url, cleanup in _databases(Path(tmp)):
            try:
                db = Database(url)
                db.upgrade()
                memory = Memory(db)
                start = time.perf_counter()
                for name, body, _ in items:
                    memory.ingest(Document(name, body, "txt"), by="bench")
                rate = n / (time.perf_counter() - start)
                size = ""
                if url.startswith("sqlite"):
                    path = Path(url.removeprefix("sqlite:///"))
                    with db.engine.connect() as conn:
                        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    size = f"{path.stat().st_size / n * 1000 / 1e6:.1f} MB"
                ingest.rows.append([label, rate, size, f"{peak_rss_mb():.0f}"])

                start = time.perf_counter()
                fresh = Memory(Database(url))
                bot = Dispatcher(fresh, "ecobot")
                bot.run("/help", Caller(user_id=1))
                startup.rows.append([label, len(fresh.index), time.perf_counter() - start])

                def select_one(db: Database = db) -> None:
                    with db.session() as s:
                        s.exec(text("SELECT 1"))  # type: ignore[call-overload]

                base = _latency(select_one, runs)
                base99 = percentile(base, 99)
                latency.rows.append([label, "SELECT 1 (baseline)", percentile(base, 50),
                                     base99, "1×"])
                picks = [rng.choice(golds) for _ in range(runs)]
                commands = {
                    "/members": lambda g: "/members",
                    "/meeting <city>": lambda g: f"/meeting {g['meetings'][0]['city']}",
                    "/quote <name>": lambda g: f"/quote {g['people'][0]['name'].split()[-1]}",
                    "/who <name>": lambda g: f"/who {g['people'][0]['name']}",
                    "/where <city>": lambda g: f"/where {g['meetings'][0]['city']}",
                    "/search <words>": lambda g: "/search railway corridors",
                }
                for command, make in commands.items():
                    lines = [make(g) for g in picks]
                    it = iter(lines)
                    bot.run(lines[0], Caller(user_id=1))
                    times = _latency(
                        lambda it=it, bot=bot: bot.run(next(it), Caller(user_id=1)), runs)
                    p99 = percentile(times, 99)
                    latency.rows.append([label, command, percentile(times, 50), p99,
                                         f"{p99 / base99:.0f}×"])
                db.dispose()
                fresh.db.dispose()
            finally:
                _drop(cleanup)
    latency.notes = ["each command resolves the typed name, queries and renders the full reply",
                     "target p99 ≤ 20 ms at 100k articles"]
    startup.notes = ["opening the memory, building the resolver index from stored aliases "
                     "(one query, no article is read), answering /help"]
    return [ingest, latency, startup]
