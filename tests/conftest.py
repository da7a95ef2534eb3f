"""Shared fixtures: databases (SQLite always, PostgreSQL when ECOBOT_TEST_POSTGRES_URL is set)
and the shared corpus (skipped with a reason where ../shared is absent)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge.db import scratch_postgres

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
POSTGRES_URL = os.environ.get("ECOBOT_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Tests never read a developer's .env or ECOBOT_* variables."""
    for name in list(os.environ):
        if name.startswith("ECOBOT_") and name != "ECOBOT_TEST_POSTGRES_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def corpus_dir() -> Path:
    if not (CORPUS / "articles").is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (checkout without ../shared)")
    return CORPUS


@pytest.fixture
def corpus() -> Path:
    return corpus_dir()


def _postgres_database() -> Iterator[str]:
    if not POSTGRES_URL:
        pytest.skip("ECOBOT_TEST_POSTGRES_URL is not set (CI sets it)")
    with scratch_postgres(POSTGRES_URL, "ecobot_t") as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL on each backend; the database is removed afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
    else:
        yield from _postgres_database()


@pytest.fixture
def db(db_url: str):
    """A migrated, empty database."""
    from knowledge.db import Database

    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def memory(db):
    from knowledge.memory import Memory

    return Memory(db)
