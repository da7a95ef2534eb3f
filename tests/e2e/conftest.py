"""Fixtures that run the real ecobot Application against a local Bot API server."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.settings import Settings
from knowledge.memory import Memory
from tests.conftest import CORPUS
from tests.e2e.harness import BotApiServer, TgUser, available

ADMIN_ID = 4242
_tokens = itertools.count(100)


@pytest.fixture(scope="session")
def bot_api_server() -> Iterator[BotApiServer]:
    reason = available()
    if reason:
        pytest.skip(f"end-to-end tests need the Bot API test server: {reason}")
    server = BotApiServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def memory_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file with the demo articles (and the shared corpus, when present) ingested."""
    from bot.runtime import DEMO_DIR
    from knowledge.db import Database
    from knowledge.ingest.limits import Limits
    from knowledge.memory import Memory
    from knowledge.uploads import ingest_paths

    path = tmp_path_factory.mktemp("e2e") / "template.db"
    db = Database(f"sqlite:///{path}")
    db.upgrade()
    sources = [DEMO_DIR] + ([CORPUS / "articles"] if (CORPUS / "articles").is_dir() else [])
    outcomes = list(ingest_paths(Memory(db), sources, Limits(), by="fixture"))
    assert all(o.status == "added" for o in outcomes), [o.reason for o in outcomes]
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@dataclass
class RunningBot:
    server: BotApiServer
    token: str
    application: object
    settings: object

    def user(self, **kwargs: object) -> TgUser:
        return TgUser(self.server, self.token, **kwargs)  # type: ignore[arg-type]

    def admin(self, **kwargs: object) -> TgUser:
        return TgUser(self.server, self.token, user_id=ADMIN_ID, first_name="Admin",
                      **kwargs)  # type: ignore[arg-type]

    @property
    def username(self) -> str:
        return self.application.bot.username  # type: ignore[attr-defined]


def make_settings(server: BotApiServer, token: str, db_path: Path,
                  **overrides: object) -> Settings:
    values: dict[str, object] = dict(
        token=token, database_url=f"sqlite:///{db_path}", admin_ids=frozenset({ADMIN_ID}),
        api_base_url=f"{server.url}/bot", api_file_url=f"{server.url}/file/bot",
        load_demo=False, rate_limit_per_minute=0, allow_private_urls=True)
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


async def start_bot(settings: Settings, memory: Memory | None = None) -> Application:
    """Build, initialise and start the real Application with long polling."""
    from bot.app import build_application

    application = build_application(settings, memory)
    await application.initialize()
    await application.post_init(application)  # run_polling would call it; we start by hand
    await application.start()
    await application.updater.start_polling(poll_interval=0.0, timeout=1,
                                            allowed_updates=["message", "edited_message",
                                                             "channel_post", "callback_query",
                                                             "inline_query"])
    return application


async def stop_bot(application: Application) -> None:
    if application.updater.running:
        await application.updater.stop()
    if application.running:
        await application.stop()
        await application.post_stop(application)  # run_polling would call it; we stop by hand
    await application.shutdown()


@asynccontextmanager
async def running_bot(bot_api_server: BotApiServer, memory_template: Path, tmp_path: Path,
                      **overrides: object) -> AsyncIterator[RunningBot]:
    """The real bot, polling the test server, on a copy of the template memory (`overrides`
    are settings)."""
    db_path = tmp_path / "bot.db"
    shutil.copy(memory_template, db_path)
    token = f"{next(_tokens)}:TEST-{tmp_path.name}"
    settings = make_settings(bot_api_server, token, db_path, **overrides)
    application = await start_bot(settings)
    try:
        yield RunningBot(bot_api_server, token, application, settings)
    finally:
        await stop_bot(application)


@pytest.fixture
async def ecobot(bot_api_server: BotApiServer, memory_template: Path,
                 tmp_path: Path) -> AsyncIterator[RunningBot]:
    """The real bot, polling the test server, on a copy of the template memory."""
    async with running_bot(bot_api_server, memory_template, tmp_path) as bot:
        yield bot
