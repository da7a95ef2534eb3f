"""The hot queries use indexes: no full scan of a growing table (SQLite's EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, text

from bot.runtime import DEMO_DIR
from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from knowledge.db import Database
from knowledge.ingest.limits import Limits
from knowledge.memory import Memory
from knowledge.uploads import ingest_paths

GROWING = ("article", "quote", "mention", "alias", "roleclaim", "membershipclaim", "attendance",
           "meetingreport", "simhashband", "entity", "meeting")
FULL_SCAN = re.compile(r"^SCAN (" + "|".join(GROWING) + r")\b")  # even of a whole index
HOT = ["/members", "/members eco", "/meeting tehran", "/meeting 23rd", "/meeting interior 2025",
       "/quote kamali", "/quote kamali border", "/who kamali", "/where tehran",
       "/search border"]


@pytest.fixture
def demo_memory(tmp_path) -> Memory:
    db = Database(f"sqlite:///{tmp_path / 'plans.db'}")
    db.upgrade()
    memory = Memory(db)
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    return memory


@pytest.mark.parametrize("line", HOT)
def test_hot_query_plans_use_indexes(demo_memory: Memory, line: str) -> None:
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    bot = Dispatcher(demo_memory, "ecobot")
    bot.run(line, Caller(user_id=1))  # warm: the index and per-generation aggregates
    event.listen(demo_memory.db.engine, "before_cursor_execute", capture)
    try:
        assert bot.run(line, Caller(user_id=1)) is not None
    finally:
        event.remove(demo_memory.db.engine, "before_cursor_execute", capture)
    assert statements
    scans = []
    with demo_memory.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, parameters in statements:
            for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall():
                detail = row[-1]
                if FULL_SCAN.search(detail):
                    scans.append((detail, statement[:300]))
    assert not scans, "\n".join(f"{d}\n    in: {s}" for d, s in scans)


def test_plan_check_catches_a_full_scan(demo_memory: Memory) -> None:
    """The check itself can fail: an unindexed filter is reported as a full scan."""
    with demo_memory.db.engine.connect() as conn:
        rows = conn.execute(text("EXPLAIN QUERY PLAN SELECT id FROM quote WHERE text = 'x'"))
        assert any(FULL_SCAN.search(r[-1]) for r in rows)
