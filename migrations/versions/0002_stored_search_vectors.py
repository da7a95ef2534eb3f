"""PostgreSQL full-text search reads stored tsvector columns

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:20:00

The expression indexes of 0001 found matching rows, but PostgreSQL then recomputed
`to_tsvector` over each matched article body to check it (and for the newest-first order), so
a search over many long articles cost tens of milliseconds per hundred articles. A generated,
stored column is computed once per write; the GIN index is built on it. SQLite's FTS5 tables are
unchanged.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOCUMENTS = {
    "article": "to_tsvector('simple', coalesce(title, '') || ' ' || text)",
    "quote": "to_tsvector('simple', text)",
}


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, document in DOCUMENTS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
                   f"GENERATED ALWAYS AS ({document}) STORED")
        # fastupdate off: new rows go straight into the index, so searches never scan a
        # pending list (which only VACUUM empties, and autovacuum may be off)
        op.execute(f"CREATE INDEX ix_fts_{table}_vector ON {table} USING gin (search_vector) "
                   "WITH (fastupdate = off)")
        op.execute(f"DROP INDEX IF EXISTS ix_fts_{table}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, document in DOCUMENTS.items():
        op.execute(f"CREATE INDEX ix_fts_{table} ON {table} USING gin ({document})")
        op.execute(f"DROP INDEX IF EXISTS ix_fts_{table}_vector")
        op.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
