"""Scale: ingest generated articles in stages (quick: 250 → 1,000; full: 1k → 10k → 100k) into
SQLite and PostgreSQL, and at each stage measure ingest rate, memory, database size, every
command's latency (p50/p99 against a `SELECT 1` round trip in the same run) and the start-up of
`ecobot run` to its first answer. PostgreSQL runs when ECOBOT_BENCH_POSTGRES_URL (or
ECOBOT_TEST_POSTGRES_URL) is set; each run creates and drops its own database, unless `keep`
names one to leave behind. `measure` times the commands alone on such a kept memory, so a change
to the queries can be measured at 100k without ingesting again."""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.common import Result, peak_rss_mb, percentile, progress, rss_mb
from bench.generator import generate
from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from knowledge.db import Database, scratch_postgres
from knowledge.ingest.document import Document
from knowledge.memory import Memory
from knowledge.uploads import ingest_documents

# words in most generated articles, two that never meet (and, per article, a rare surname)
SEARCHES = ("corridors", "customs procedures", "water", "railway corridors")
QUICK_SIZES = (250, 1000)
FULL_SIZES = (1000, 10_000, 100_000)
COMMANDS: dict[str, Callable[[dict], str]] = {
    "/members": lambda g: "/members",
    "/meeting <city>": lambda g: f"/meeting {g['meetings'][0]['city']}",
    "/quote <name>": lambda g: f"/quote {g['people'][0]['name'].split()[-1]}",
    "/who <name>": lambda g: f"/who {g['people'][0]['name']}",
    "/where <city>": lambda g: f"/where {g['meetings'][0]['city']}",
    "/search <words>": lambda g: "/search " + random.Random(g["article"]).choice(
        [*SEARCHES, g["people"][0]["name"].split()[-1]]),
}


def postgres_url() -> str | None:
    return os.environ.get("ECOBOT_BENCH_POSTGRES_URL") or os.environ.get(
        "ECOBOT_TEST_POSTGRES_URL")


@contextmanager
def database(kind: str, tmp: Path, keep: str | None = None) -> Iterator[str]:
    """A fresh, empty database URL of `kind` ("sqlite" or "postgres"), removed afterwards unless
    `keep` names it (a PostgreSQL database, or a SQLite file, created anew and left behind)."""
    if kind == "sqlite":
        path = Path(keep) if keep else tmp / "scale.db"
        path.unlink(missing_ok=True)
        yield f"sqlite:///{path}"
        return
    url = postgres_url()
    assert url, "no PostgreSQL URL"
    if keep:
        yield fresh_postgres(url, keep)
        return
    with scratch_postgres(url, "ecobot_bench") as scratch:
        yield scratch


def fresh_postgres(url: str, name: str) -> str:
    """An empty PostgreSQL database `name` on the server of `url`, made anew and kept."""
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def database_mb(db: Database) -> float:
    with db.engine.connect() as conn:
        if db.sqlite:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            path = make_url(db.url).database or ""
            return Path(path).stat().st_size / 1e6
        return conn.exec_driver_sql("SELECT pg_database_size(current_database())").scalar() / 1e6


def _latencies(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def _measure(label: str, size: int, memory: Memory, gold_pool: deque[dict], rng: random.Random,
             runs: int, previous: dict[str, float], latency: Result) -> None:
    """Every command's p50/p99 on `memory` against a `SELECT 1` baseline; one row each."""
    db = memory.db
    bot = Dispatcher(memory, "ecobot")

    def select_one() -> None:
        with db.session() as s:
            s.exec(text("SELECT 1"))  # type: ignore[call-overload]

    base = _latencies(select_one, runs)
    base99 = percentile(base, 99)
    latency.rows.append([label, f"{size:,}", "SELECT 1 (baseline)",
                         percentile(base, 50), base99, "1×", ""])
    for command, make in COMMANDS.items():
        lines = iter([make(rng.choice(gold_pool)) for _ in range(runs + 1)])
        bot.run(next(lines), Caller(user_id=1))  # warm per-generation caches
        times = _latencies(lambda lines=lines: bot.run(next(lines), Caller(user_id=1)), runs)
        p99 = percentile(times, 99)
        growth = f"{p99 / previous[command]:.2f}×" if command in previous else ""
        previous[command] = p99
        latency.rows.append([label, f"{size:,}", command, percentile(times, 50),
                             p99, f"{p99 / base99:.0f}×", growth])
    progress(f"{label}: {size:,} articles: p99 ms " + ", ".join(
        f"{row[2]} {row[4]:.1f}" for row in latency.rows[-len(COMMANDS):]))


def _latency_result() -> Result:
    result = Result("Command latency by memory size (warm, in-process)",
                    ["database", "articles", "command", "p50 ms", "p99 ms", "p99 vs SELECT 1",
                     "p99 vs previous size"])
    result.notes = ["each command resolves the typed name, queries and renders the full reply; "
                    "names picked at random from the latest stage's articles",
                    "target p99 ≤ 20 ms at 100k articles, growing no faster than log(size)"]
    return result


def measure(url: str, size: int, runs: int = 200) -> list[Result]:
    """Every command's latency on a memory kept by an earlier run (`keep`) of `size` articles:
    the names asked for are the facts of its latest 500 generated articles, as in `run`."""
    gold_pool: deque[dict] = deque((gold for _, _, gold in generate(size, seed=21)), maxlen=500)
    db = Database(url)
    with db.session() as s:
        stored = s.exec(text("SELECT count(*) FROM article")).one()[0]  # type: ignore[call-overload]
    if not size * 0.95 <= stored <= size:  # ingest refuses the odd generated near-duplicate
        raise SystemExit(f"the memory at {url} holds {stored:,} articles, not about {size:,}")
    if not db.sqlite:
        with db.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
    label = "SQLite" if db.sqlite else "PostgreSQL"
    latency = _latency_result()
    _measure(label, size, Memory(db), gold_pool, random.Random(3), runs, {}, latency)
    latency.notes.insert(0, f"measured on a kept memory of {size:,} generated articles "
                            f"({stored:,} stored; not ingested in this run), after ANALYZE")
    db.dispose()
    return [latency]


def run(quick: bool, *, sizes: tuple[int, ...] | None = None,
        databases: tuple[str, ...] | None = None, workers: int = 0,
        keep: str | None = None) -> list[Result]:
    sizes = sizes or (QUICK_SIZES if quick else FULL_SIZES)
    runs = 60 if quick else 200
    if databases is None:
        databases = ("sqlite", "postgres") if postgres_url() else ("sqlite",)
    from bench import live

    why_not_live = live.unavailable()
    ingest = Result("Ingest in stages", ["database", "articles", "articles/s (this stage)",
                                         "DB MB per 1k articles", "RSS MB now", "peak RSS MB",
                                         "aliases"])
    latency = _latency_result()
    startup = Result("Start-up of `ecobot run` to its first answer (a /quote sent before it "
                     "starts)", ["database", "articles", "aliases", "seconds"])
    gold_pool: deque[dict] = deque(maxlen=500)  # the latest articles' facts (memory stays flat)
    rng = random.Random(3)
    for kind in databases:
        label = "SQLite" if kind == "sqlite" else "PostgreSQL"
        previous: dict[str, float] = {}
        with ExitStack() as stack:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            url = stack.enter_context(database(kind, tmp, keep))
            if keep:
                progress(f"{label}: the memory is kept at {url}")
            server = stack.enter_context(live.api_server()) if not why_not_live else None
            db = Database(url)
            db.upgrade()
            memory = Memory(db)
            articles = generate(sizes[-1], seed=21)
            done = 0
            for size in sizes:
                def docs(count: int, golds: deque[dict] = gold_pool,
                         articles: Iterator[tuple[str, str, dict]] = articles
                         ) -> Iterator[Document]:
                    for _ in range(count):
                        name, body, gold = next(articles)
                        golds.append(gold)
                        yield Document(name, body, "txt")

                progress(f"{label}: ingesting up to {size:,} articles")
                start = time.perf_counter()
                for count, _ in enumerate(ingest_documents(memory, docs(size - done), by="bench",
                                                           workers=workers), done + 1):
                    if count % 5000 == 0:
                        progress(f"{label}: {count:,} articles")
                rate = (size - done) / (time.perf_counter() - start)
                done = size
                ingest.rows.append([label, f"{size:,}", rate,
                                    f"{database_mb(db) / size * 1000:.1f}", f"{rss_mb():.0f}",
                                    f"{peak_rss_mb():.0f}", f"{len(memory.index):,}"])

                progress(f"{label}: {size:,} articles at {rate:.0f}/s; measuring commands")
                _measure(label, size, memory, gold_pool, rng, runs, previous, latency)
                if server is not None:
                    line = COMMANDS["/quote <name>"](rng.choice(gold_pool))
                    seconds = asyncio.run(live.first_answer(server, url, line))
                    startup.rows.append([label, f"{size:,}", f"{len(memory.index):,}",
                                         seconds])
            db.dispose()
    ingest.notes = [f"generated articles (bench/generator.py), stages {', '.join(map(str, sizes))}"
                    f"; extraction workers: {workers}",
                    "RSS includes the resolver index over every alias and the ingest caches"]
    startup.notes = ([f"not measured: {why_not_live}"] if why_not_live else
                     ["a separate process: Python start-up, imports, migration check, resolver "
                      "index from stored aliases (no article is read), the first query",
                      "target ≤ 3 s at 100k articles"])
    return [ingest, latency, startup]
