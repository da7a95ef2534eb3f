"""A `db upgrade` killed part way (SIGKILL after any statement) leaves the SQLite database as it
was, so the next upgrade succeeds and every command works."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UPGRADE_THEN_DIE = textwrap.dedent("""
    import atexit, os, signal, sys
    from sqlalchemy import event
    from knowledge import db

    kill_at, seen = int(sys.argv[2]), [0]
    real = db.make_engine

    def make_engine(url):
        engine = real(url)

        @event.listens_for(engine, "after_cursor_execute")
        def count(*_args):
            seen[0] += 1
            if seen[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)

        return engine

    db.make_engine = make_engine
    atexit.register(lambda: print("statements:", seen[0]))
    from bot.cli import app
    app(["db", "upgrade", "--database", sys.argv[1]])
""")


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBOT_")}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def _statements(url: str) -> int:
    proc = _run("-c", UPGRADE_THEN_DIE, url, "0")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return int(proc.stdout.rsplit("statements:", 1)[1])


def _killed_then_upgraded(url: str, total: int, fraction: float) -> None:
    killed = _run("-c", UPGRADE_THEN_DIE, url, str(max(1, int(total * fraction))))
    assert killed.returncode == -9, killed.stderr[-2000:]
    again = _run("-m", "bot.cli", "db", "upgrade", "--database", url)
    assert again.returncode == 0, again.stderr[-2000:]
    stats = _run("-m", "bot.cli", "db", "stats", "--database", url)
    assert stats.returncode == 0, stats.stderr[-2000:]
    assert "articles" in stats.stdout


@pytest.mark.parametrize("fraction", [0.02, 0.3, 0.6, 0.95])
def test_killed_first_upgrade_can_be_run_again(tmp_path: Path, fraction: float) -> None:
    total = _statements(f"sqlite:///{tmp_path / 'count.db'}")
    _killed_then_upgraded(f"sqlite:///{tmp_path / 'bot.db'}", total, fraction)


@pytest.mark.postgres
def test_killed_first_upgrade_on_postgres_can_be_run_again() -> None:
    from knowledge.db import scratch_postgres
    from tests.conftest import POSTGRES_URL

    if not POSTGRES_URL:
        pytest.skip("ECOBOT_TEST_POSTGRES_URL is not set (CI sets it)")
    with scratch_postgres(POSTGRES_URL, "ecobot_t") as url:
        total = _statements(url)
    for fraction in (0.3, 0.9):
        with scratch_postgres(POSTGRES_URL, "ecobot_t") as url:
            _killed_then_upgraded(url, total, fraction)


def _half_built(url: str) -> None:
    """Tables an older version's interrupted first upgrade left: some created, no version."""
    from sqlmodel import SQLModel

    from knowledge import models as m
    from knowledge.db import make_engine

    engine = make_engine(url)
    SQLModel.metadata.create_all(engine, tables=[m.AdminUser.__table__, m.Article.__table__])  # type: ignore[list-item]
    engine.dispose()


def test_half_built_empty_schema_is_rebuilt(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _half_built(url)
    upgraded = _run("-m", "bot.cli", "db", "upgrade", "--database", url)
    assert upgraded.returncode == 0, upgraded.stderr[-2000:]
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from knowledge.db import current_head, include_name, make_engine

    engine = make_engine(url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True})
        assert context.get_current_revision() == current_head()
        assert compare_metadata(context, SQLModel.metadata) == []
    engine.dispose()


def test_unversioned_schema_with_rows_is_refused_and_kept(tmp_path: Path) -> None:
    from sqlalchemy import text

    from knowledge.db import make_engine

    url = f"sqlite:///{tmp_path / 'other.db'}"
    _half_built(url)
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO adminuser (user_id, added_by, added_at) "
                          "VALUES (7, 1, '2026-01-01')"))
    upgraded = _run("-m", "bot.cli", "db", "upgrade", "--database", url)
    assert upgraded.returncode == 2
    assert "no schema version" in upgraded.stderr and "Traceback" not in upgraded.stderr
    with engine.connect() as conn:
        assert conn.execute(text("SELECT user_id FROM adminuser")).scalar_one() == 7
    engine.dispose()
