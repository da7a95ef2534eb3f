"""entity name key

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 15:30:00

Two writers (two `ecobot ingest` processes, or the bot during an ingest) could both create the
same country or person. Each entity ingest creates now carries a unique "kind:folded name" key,
inserted with ON CONFLICT DO NOTHING, so the second writer finds the first one's row. Existing
entities get their key here, the oldest of each name first; a name already stored twice (from
that bug) keeps its later copies without a key, to be merged by an admin.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from knowledge.entities import name_key

    with op.batch_alter_table("entity") as batch:
        batch.add_column(sa.Column("name_key", sa.String(length=330), nullable=True))
    conn = op.get_bind()
    entity = sa.table("entity", sa.column("id", sa.Integer), sa.column("kind", sa.String),
                      sa.column("name", sa.String), sa.column("name_key", sa.String))
    seen: set[str] = set()
    keys = []
    for row in conn.execute(sa.select(entity.c.id, entity.c.kind, entity.c.name)
                            .order_by(entity.c.id)):
        key = name_key(row.kind, row.name)
        if key is not None and key not in seen:
            seen.add(key)
            keys.append({"row_id": row.id, "key": key})
    if keys:
        conn.execute(entity.update().where(entity.c.id == sa.bindparam("row_id"))
                     .values(name_key=sa.bindparam("key")), keys)
    with op.batch_alter_table("entity") as batch:
        batch.create_index("uq_entity_name_key", ["name_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("entity") as batch:
        batch.drop_index("uq_entity_name_key")
        batch.drop_column("name_key")
