"""follows and the delivery outbox

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 15:20:00

`follow`: what a chat follows (an entity, or a topic's folded words), one row per chat and key.
`outboxitem`: one row per new fact and following chat, written in the ingest's transaction
(so a rolled-back ingest announces nothing) and drained by the bot's delivery task; rows go with
their article (ON DELETE CASCADE), so /delete and /undo leave nothing pending about it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=True),
        sa.Column("words", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=210), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["entity_id"], ["entity.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "key", name="uq_follow_chat_key"),
    )
    with op.batch_alter_table("follow") as batch:
        batch.create_index("ix_follow_chat_id", ["chat_id"], unique=False)
        batch.create_index("ix_follow_entity_id", ["entity_id"], unique=False)
    op.create_table(
        "outboxitem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("claim", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("lease_until", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("delivered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "item_kind", "item_id", name="uq_outbox_chat_item"),
    )
    with op.batch_alter_table("outboxitem") as batch:
        batch.create_index("ix_outboxitem_article_id", ["article_id"], unique=False)
        batch.create_index("ix_outbox_pending", ["delivered_at", "chat_id"], unique=False)


def downgrade() -> None:
    op.drop_table("outboxitem")
    op.drop_table("follow")
