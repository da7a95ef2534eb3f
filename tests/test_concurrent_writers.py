"""Two writer processes on one database: every article is stored exactly once, none fails, and no
entity is created twice (SQLite file and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

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


def test_two_ingests_of_one_folder_store_each_article_once(db, tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", ARTICLES, seed=12) / "articles"
    procs = [_ingest(db.url, folder) for _ in range(2)]
    summaries = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, stderr[-3000:]
        summaries.append(json.loads(stdout))
    failures = [a for s in summaries for a in s["articles"] if a["status"] == "failed"]
    assert failures == []
    assert sum(s["added"] for s in summaries) == ARTICLES
    assert sum(s["duplicates"] for s in summaries) == ARTICLES
    with db.session() as s:
        assert s.exec(select(func.count()).select_from(Article)).one() == ARTICLES
        entities = s.exec(select(Entity.kind, Entity.name)).all()
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
