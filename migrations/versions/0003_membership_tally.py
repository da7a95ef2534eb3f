"""membership tally kept by triggers

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:00:00

`/members` counted every membership claim of an organization on each call (hundreds of
thousands of rows at 100k articles). `membershiptally` holds one row per (organization,
country, status) with the number of articles and the latest one; triggers on
`membershipclaim` keep it exact through every insert, delete (including cascades from deleted
articles and entities) and update (entity merges), whichever code path makes them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY = ("organization_id", "country_id", "status")


def _same(row: str) -> str:
    return " AND ".join(f"{c} = {row}.{c}" for c in KEY)


def _sqlite_add(row: str) -> str:
    return (f"INSERT INTO membershiptally (organization_id, country_id, status, articles, "
            f"latest_article_id) VALUES ({row}.organization_id, {row}.country_id, {row}.status, "
            f"1, {row}.article_id) ON CONFLICT (organization_id, country_id, status) DO UPDATE "
            f"SET articles = articles + 1, latest_article_id = "
            f"max(latest_article_id, excluded.latest_article_id);")


def _remove(row: str) -> str:
    return (f"UPDATE membershiptally SET articles = articles - 1, latest_article_id = "
            f"coalesce((SELECT max(article_id) FROM membershipclaim WHERE {_same(row)}), 0) "
            f"WHERE {_same(row)}; "
            f"DELETE FROM membershiptally WHERE {_same(row)} AND articles <= 0;")


def upgrade() -> None:
    op.create_table(
        "membershiptally",
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("articles", sa.Integer(), nullable=False),
        sa.Column("latest_article_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("organization_id", "country_id", "status"),
    )
    op.execute("INSERT INTO membershiptally (organization_id, country_id, status, articles, "
               "latest_article_id) SELECT organization_id, country_id, status, count(*), "
               "max(article_id) FROM membershipclaim GROUP BY organization_id, country_id, status")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE TRIGGER membershipclaim_tally_ai AFTER INSERT ON membershipclaim "
                   f"BEGIN {_sqlite_add('new')} END")
        op.execute("CREATE TRIGGER membershipclaim_tally_ad AFTER DELETE ON membershipclaim "
                   f"BEGIN {_remove('old')} END")
        op.execute("CREATE TRIGGER membershipclaim_tally_au AFTER UPDATE ON membershipclaim "
                   f"BEGIN {_remove('old')} {_sqlite_add('new')} END")
    else:
        op.execute(f"""
            CREATE FUNCTION membershipclaim_tally() RETURNS trigger AS $$
            BEGIN
                IF TG_OP IN ('DELETE', 'UPDATE') THEN
                    {_remove('OLD')}
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
                    INSERT INTO membershiptally (organization_id, country_id, status, articles,
                                                 latest_article_id)
                    VALUES (NEW.organization_id, NEW.country_id, NEW.status, 1, NEW.article_id)
                    ON CONFLICT (organization_id, country_id, status) DO UPDATE
                    SET articles = membershiptally.articles + 1,
                        latest_article_id = GREATEST(membershiptally.latest_article_id,
                                                     EXCLUDED.latest_article_id);
                END IF;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql""")
        op.execute("CREATE TRIGGER membershipclaim_tally AFTER INSERT OR UPDATE OR DELETE ON "
                   "membershipclaim FOR EACH ROW EXECUTE FUNCTION membershipclaim_tally()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS membershipclaim_tally_{suffix}")
    else:
        op.execute("DROP TRIGGER IF EXISTS membershipclaim_tally ON membershipclaim")
        op.execute("DROP FUNCTION IF EXISTS membershipclaim_tally()")
    op.drop_table("membershiptally")
