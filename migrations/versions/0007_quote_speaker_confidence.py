"""quote speaker confidence

Revision ID: 0007
Revises: 0003
Create Date: 2026-12-02 10:30:00

The extractor now says how sure it is of each quote's and statement's speaker (named next to a
speech verb, a pronoun, a mention without a verb, or only the last speaker). Answers mark the
unsure ones "speaker uncertain" instead of naming a person as if it were certain. Rows stored
before this revision have no confidence (NULL) and are shown as before; `/reindex` fills it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("quote") as batch:
        batch.add_column(sa.Column("speaker_confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("quote") as batch:
        batch.drop_column("speaker_confidence")
