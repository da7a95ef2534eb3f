"""fingerprint bands indexed with their article: bounded duplicate candidates

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 13:30:00

The duplicate check reads, for each band of a new article's fingerprint, only the newest
articles sharing that band value. With `article_id` in the index that is a short backward
index scan; on (band, value) alone it read every holder of a common value, so a check grew
with the memory (24k rows at 14k templated articles). The new index replaces the old one.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_simhashband_band_value_article", "simhashband",
                    ["band", "value", "article_id"])
    op.drop_index("ix_simhashband_band_value", table_name="simhashband")


def downgrade() -> None:
    op.create_index("ix_simhashband_band_value", "simhashband", ["band", "value"])
    op.drop_index("ix_simhashband_band_value_article", table_name="simhashband")
