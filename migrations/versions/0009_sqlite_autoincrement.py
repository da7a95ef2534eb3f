"""ids are never reused on SQLite; merges are recorded so /split can undo them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 15:30:00

SQLite hands out max(id) + 1, so after /undo the next article got the deleted one's id and a
stale "Undo" button removed the wrong article. The tables whose ids appear in buttons and
commands (article, entity, meeting) are rebuilt with AUTOINCREMENT, which never reuses an id.
The rebuild keeps every row, index and trigger (the full-text triggers on article); it runs with
foreign keys off (knowledge.db.migration_connection), so dropping the old table cascades nothing.
PostgreSQL's sequences never reuse ids: nothing to do there.

`mergerecord` keeps what each /merge moved (issue 13, bug 6), so /split gives it all back.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
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
    broken = bind.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the rebuild broke foreign keys: {broken[:5]}")


def upgrade() -> None:
    _rebuild(True)
    op.create_table(
        "mergerecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("keep_id", sa.Integer(), nullable=False),
        sa.Column("drop_id", sa.Integer(), nullable=False),
        sa.Column("drop_name", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("moved", sa.Text(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["keep_id"], ["entity.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_mergerecord_keep_id", "mergerecord", ["keep_id"])


def downgrade() -> None:
    op.drop_index("ix_mergerecord_keep_id", table_name="mergerecord")
    op.drop_table("mergerecord")
    _rebuild(False)
