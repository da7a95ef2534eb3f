"""ids are never reused on SQLite

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 15:30:00

SQLite hands out max(id) + 1, so after /undo the next article got the deleted one's id and a
stale "Undo" button removed the wrong article. The tables whose ids appear in buttons and
commands (article, entity, meeting) are rebuilt with AUTOINCREMENT, which never reuses an id.
The rebuild keeps every row, index and trigger (the full-text triggers on article); it runs with
foreign keys off (knowledge.db.migration_connection), so dropping the old table cascades nothing.
PostgreSQL's sequences never reuse ids: nothing to do there.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("article", "entity", "meeting")


def _rebuild(autoincrement: bool) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError("rebuilding tables needs foreign keys off "
                           "(run migrations through knowledge.db.upgrade)")
    for table in TABLES:
        triggers = [sql for (sql,) in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
            (table,)).all()]
        with op.batch_alter_table(table, recreate="always",
                                  table_kwargs={"sqlite_autoincrement": autoincrement}):
            pass
        for sql in triggers:  # dropped with the old table
            op.execute(sql)


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
