"""Commands per user per window, counted in the database so that every replica sees the same
count (no Telegram types here): one upsert per command, `… ON CONFLICT DO UPDATE … RETURNING`."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from knowledge.db import Database
from knowledge.models import RateHit

PRUNE_EVERY = 500  # hits between two deletions of finished windows


class RateCounter:
    """`hit(user, window)` adds one command and returns the user's count in that window."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._since_prune = 0

    def hit(self, user_id: int, window: int) -> int:
        insert = postgresql.insert if self.db.engine.dialect.name == "postgresql" else sqlite.insert
        statement = insert(RateHit).values(user_id=user_id, window=window, hits=1)
        statement = statement.on_conflict_do_update(
            index_elements=["user_id", "window"],
            set_={"hits": RateHit.__table__.c.hits + 1},  # type: ignore[attr-defined]
        ).returning(RateHit.__table__.c.hits)  # type: ignore[attr-defined]
        with self.db.engine.begin() as connection:
            hits = connection.execute(statement).scalar_one()
        self._since_prune += 1
        if self._since_prune >= PRUNE_EVERY:
            self._since_prune = 0
            self.prune(window)
        return hits

    def prune(self, current: int) -> int:
        """Forget windows before the current one; returns how many rows."""
        with self.db.engine.begin() as connection:
            result = connection.execute(delete(RateHit).where(
                RateHit.window < current))  # type: ignore[arg-type]
        return result.rowcount or 0
