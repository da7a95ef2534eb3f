"""A process killed in the middle of an ingest leaves no partial article, and the article can be
ingested again (SQLite's WAL and PostgreSQL's transactions roll the work back)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from sqlalchemy import func, text
from sqlmodel import select

from knowledge.ingest.document import Document
from knowledge.models import Article, Entity, Mention, Quote
from tests.files import SAMPLE

KILLER = textwrap.dedent("""
    import os, signal, sys
    from knowledge.db import Database
    from knowledge.ingest.document import Document
    from knowledge import memory as mem

    original = mem._Linker.write

    def write_then_die(self, facts):
        outcome = original(self, facts)
        self.session.flush()  # rows are written, the transaction is not committed
        os.kill(os.getpid(), signal.SIGKILL)
        return outcome

    mem._Linker.write = write_then_die
    memory = mem.Memory(Database(sys.argv[1]))
    memory.ingest(Document("crash.txt", sys.stdin.read(), "txt"), by="crash-test")
""")


def test_killed_mid_ingest_leaves_nothing_and_can_retry(db, memory) -> None:
    proc = subprocess.run([sys.executable, "-c", KILLER, db.url], input=SAMPLE, text=True,
                          capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr  # SIGKILL: no cleanup ran
    with db.session() as s:
        for model in (Article, Entity, Mention, Quote):
            assert s.exec(select(func.count()).select_from(model)).one() == 0, model.__name__
        if db.sqlite:
            assert s.exec(text("PRAGMA integrity_check")).one()[0] == "ok"  # type: ignore[call-overload]
    outcome = memory.ingest(Document("crash.txt", SAMPLE, "txt"), by="retry")
    assert outcome.status == "added", outcome.reason
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Article)).one() == 1
