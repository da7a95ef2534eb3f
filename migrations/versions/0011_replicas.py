"""replicas: update dedup, change log, shared rate limit

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:30:00

Several replicas serve one webhook on one PostgreSQL database. `processed_update` holds the
update ids some replica claimed (each update is handled once); `change_log` lists the changes
other replicas apply to their resolver index and admin list; `rate_hit` counts commands per
user per window, so the rate limit holds across replicas.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "processed_update",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("bot_id", sa.BigInteger(), nullable=False),
        sa.Column("received_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index("ix_processed_update_received_at", "processed_update", ["received_at"])
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("entity_ids", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rate_hit",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("window", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "window"),
    )


def downgrade() -> None:
    op.drop_table("rate_hit")
    op.drop_table("change_log")
    op.drop_index("ix_processed_update_received_at", table_name="processed_update")
    op.drop_table("processed_update")
