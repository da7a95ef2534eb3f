"""Opening the bot's memory: settings -> database (migrated) -> demo articles when empty."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from bot.settings import Settings
from knowledge.db import Database
from knowledge.memory import DEMO_ACTOR, IngestOutcome, Memory
from knowledge.models import Article
from knowledge.uploads import ingest_paths

DEMO_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "demo"
log = logging.getLogger(__name__)


def open_memory(settings: Settings, *, upgrade: bool = True, demo: bool | None = None) -> Memory:
    """The memory on the configured database, migrated, with the demo loaded into an empty one."""
    db = Database(settings.database_url)
    if upgrade:
        db.upgrade()
    memory = Memory(db)
    if settings.load_demo if demo is None else demo:
        load_demo_if_empty(memory, settings)
    return memory


def article_count(memory: Memory) -> int:
    with memory.db.session() as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def load_demo_if_empty(memory: Memory, settings: Settings) -> list[IngestOutcome]:
    """Ingest the bundled demo articles when the database holds no article."""
    if article_count(memory):
        return []
    outcomes = list(ingest_paths(memory, [DEMO_DIR], settings.limits, by=DEMO_ACTOR))
    log.info("Loaded %d demo articles into an empty database", len(outcomes))
    return outcomes
