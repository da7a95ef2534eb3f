"""Two writer processes on one database: every article is stored exactly once, none fails, and no
entity is created twice (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from bench.generator import write_corpus
from knowledge.models import Article, Entity
from knowledge.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = 40


def _ingest(url: str, folder: Path) -> subprocess.Popen:
    env = {**os.environ, "ECOBOT_DATABASE_URL": url, "ECOBOT_LOG_LEVEL": "WARNING"}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", "--json", str(folder)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_two_ingests_of_one_folder_store_each_article_once(db_url: str, tmp_path: Path) -> None:
    """From an empty database: both processes also run the first migration at once."""
    from knowledge.db import Database

    folder = write_corpus(tmp_path / "corpus", ARTICLES, seed=12) / "articles"
    procs = [_ingest(db_url, folder) for _ in range(2)]
    summaries = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr[-3000:]
        summaries.append(json.loads(stdout))
    failures = [a for s in summaries for a in s["articles"] if a["status"] == "failed"]
    assert failures == []
    assert sum(s["added"] for s in summaries) == ARTICLES
    assert sum(s["duplicates"] for s in summaries) == ARTICLES
    db = Database(db_url)
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Article)).one() == ARTICLES
        entities = s.exec(select(Entity.kind, Entity.name)).all()
    db.dispose()
    twice = [key for key, n in Counter((k, fold(n)) for k, n in entities).items() if n > 1]
    assert twice == []


def test_creating_an_entity_another_writer_made_returns_that_one(db) -> None:
    from knowledge.entities import EntityStore

    with db.session(write=True) as s:
        first = EntityStore(s).create("country", "Iran")
    with db.session(write=True) as s:  # a writer that did not see it (stale cache) creates it
        again = EntityStore(s).create("country", "IRAN ")
        assert again.id == first.id and again.name == "Iran"
        assert EntityStore(s).add_alias(again, "Iran") is False  # the alias exists: no error
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Entity)).one() == 1


OMAN = "Oman sent a delegation to the transport forum on Monday.\n"
OMAN_AGAIN = "Oman will also attend the energy forum next month.\n"
MINISTER = ("Iranian Foreign Minister Hamid Karimzadeh said on Monday that rail freight "
            "between the two countries must double.\n")
NEW_ROLE = ("Iranian Interior Minister Hamid Karimzadeh said on Tuesday that border posts "
            "will stay open at night.\n")
NEW_ROLE_AGAIN = ("Iranian Interior Minister Hamid Karimzadeh told reporters on Friday that "
                  "customs checks will be faster.\n")


def test_a_writer_with_stale_memory_of_entities_still_stores(db) -> None:
    """Two memories on one database (two processes): what one remembers between articles goes
    out of date when the other adds an alias or deletes an entity; nothing fails."""
    from knowledge.ingest.document import Document
    from knowledge.memory import Memory

    one, other = Memory(db), Memory(db)
    oman = other.ingest(Document("oman.txt", OMAN, "txt"))  # `other` remembers Oman
    assert other.ingest(Document("minister.txt", MINISTER, "txt")).status == "added"
    assert one.delete_article(oman.article_id)  # type: ignore[arg-type]  # Oman is pruned
    assert one.ingest(Document("role.txt", NEW_ROLE, "txt")).status == "added"  # a new alias
    outcomes = [other.ingest(Document(name, text, "txt"))
                for name, text in (("oman2.txt", OMAN_AGAIN), ("role2.txt", NEW_ROLE_AGAIN))]
    assert [(o.status, o.reason) for o in outcomes] == [("added", None)] * 2
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Article)).one() == 4
        entities = s.exec(select(Entity.kind, Entity.name)).all()
    assert sorted(n for k, n in entities if k == "country") == ["Iran", "Oman"]
    assert [n for k, n in entities if k == "person"] == ["Hamid Karimzadeh"]


def test_retries_run_the_transaction_again_only_for_conflicts() -> None:
    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    from knowledge.db import with_retries

    calls: list[int] = []

    def locked_twice() -> str:
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError("BEGIN IMMEDIATE", {}, Exception("database is locked"))
        return "stored"

    forgotten: list[int] = []
    assert with_retries(locked_twice, on_retry=lambda: forgotten.append(1)) == "stored"
    assert len(calls) == 3 and len(forgotten) == 2

    def always_conflicting() -> None:
        calls.append(1)
        raise IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed"))

    calls.clear()
    with pytest.raises(IntegrityError):
        with_retries(always_conflicting, attempts=3)
    assert len(calls) == 3  # bounded

    def broken() -> None:
        calls.append(1)
        raise ProgrammingError("SELECT", {}, Exception("no such column"))

    calls.clear()
    with pytest.raises(ProgrammingError):
        with_retries(broken)
    assert len(calls) == 1  # not a conflict: no second attempt


def test_migration_keys_existing_entities_oldest_first(db_url: str) -> None:
    """Entities stored before 0008 get their key; a name stored twice by the old race keeps
    its later copy without one (the upgrade does not fail on it)."""
    from sqlalchemy import text

    from knowledge.db import Database, upgrade

    upgrade(db_url, "0007")
    database = Database(db_url)
    with database.engine.begin() as conn:
        for kind, name in (("country", "Iran"), ("country", "IRAN"), ("person", "Ali Karimi"),
                           ("organization", "--")):
            conn.execute(text("INSERT INTO entity (kind, name, created_at) "
                              "VALUES (:kind, :name, CURRENT_TIMESTAMP)"),
                         {"kind": kind, "name": name})
    database.upgrade()
    with database.session() as s:
        keys = list(s.exec(select(Entity.name_key).order_by(Entity.id)))
    database.dispose()
    assert keys == ["country:iran", None, "person:ali karimi", None]


def _connect_and_write(path: str, start: Any, results: Any) -> None:
    """In a forked process: open the file when all are ready, write a row, report."""
    from knowledge.db import make_engine

    start.wait()
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (x INTEGER)")
            conn.exec_driver_sql("INSERT INTO t VALUES (1)")
        results.put("ok")
    except Exception as error:  # reported to the test
        results.put(repr(error))
    finally:
        engine.dispose()


def test_processes_opening_a_new_sqlite_file_at_once_all_connect(tmp_path: Path) -> None:
    """Switching a new file to WAL from several processes at the same moment can meet SQLite's
    deadlock rule ("database is locked" at once, no busy wait): every connection still opens.
    (Without the retry about one process in twelve failed here.)"""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    outcomes: list[str] = []
    for round_ in range(12):
        start, results = context.Barrier(4), context.Queue()
        procs = [context.Process(target=_connect_and_write,
                                 args=(str(tmp_path / f"new{round_}.db"), start, results))
                 for _ in range(4)]
        for proc in procs:
            proc.start()
        outcomes += [results.get(timeout=60) for _ in procs]
        for proc in procs:
            proc.join(30)
    assert [o for o in outcomes if o != "ok"] == []
