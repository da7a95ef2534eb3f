"""Each Telegram update handled once, whichever replica it reaches (no Telegram types here).

An update is claimed by inserting its id (`INSERT … ON CONFLICT DO NOTHING RETURNING`): the
replica whose insert returns the row handles it, any other sees a duplicate. On PostgreSQL the
claim's transaction stays open while the update is handled (`hold`): a duplicate arriving
meanwhile waits on the row lock, and if the claiming replica dies its transaction is rolled
back, so the retry is handled instead of lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete
from sqlalchemy.dialects import postgresql, sqlite

from knowledge.db import Database
from knowledge.models import ProcessedUpdate, utcnow

KEEP = timedelta(days=2)  # Telegram keeps undelivered updates 24 hours
PRUNE_EVERY = 1000  # claims between two prunes


def _claim_statement(dialect: str, update_id: int, bot_id: int, at: datetime):
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (insert(ProcessedUpdate)
            .values(update_id=update_id, bot_id=bot_id, received_at=at)
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(ProcessedUpdate.update_id))  # type: ignore[arg-type]


def claim_on(connection: Connection, update_id: int, bot_id: int) -> bool:
    """Claim `update_id` in the connection's transaction; False when it was claimed before."""
    statement = _claim_statement(connection.dialect.name, update_id, bot_id, utcnow())
    return connection.execute(statement).first() is not None


class Claim:
    """An update claimed (or found claimed) in a transaction still open on PostgreSQL."""

    def __init__(self, claimed: bool, connection: Connection | None) -> None:
        self.claimed = claimed
        self._connection = connection

    def commit(self) -> None:
        """The update was handled: keep the claim."""
        if self._connection is not None:
            try:
                self._connection.commit()
            finally:
                self._connection.close()
                self._connection = None

    def release(self) -> None:
        """Handling failed: give the claim up, so a retry is handled."""
        if self._connection is not None:
            try:
                self._connection.rollback()
            finally:
                self._connection.close()
                self._connection = None


class UpdateClaims:
    """Claims of update ids in one database, pruned as they age."""

    def __init__(self, db: Database, keep: timedelta = KEEP) -> None:
        self.db = db
        self.keep = keep
        self._since_prune = 0

    def claim(self, update_id: int, bot_id: int) -> bool:
        """Claim and commit at once; True when this caller should handle the update."""
        with self.db.engine.begin() as connection:
            claimed = claim_on(connection, update_id, bot_id)
        self._maybe_prune()
        return claimed

    def open(self, update_id: int, bot_id: int) -> Claim:
        """Claim and keep the transaction open until `Claim.commit` (PostgreSQL; on SQLite,
        whose writers exclude each other, the claim is committed at once). Blocks while another
        open claim holds the same id."""
        if self.db.sqlite:
            return Claim(self.claim(update_id, bot_id), None)
        connection = self.db.engine.connect()
        try:
            connection.begin()
            claimed = claim_on(connection, update_id, bot_id)
        except BaseException:
            connection.close()
            raise
        self._maybe_prune()
        return Claim(claimed, connection)

    @contextmanager
    def hold(self, update_id: int, bot_id: int) -> Iterator[bool]:
        """`open` as a block: committed when it ends without an error, else released."""
        claim = self.open(update_id, bot_id)
        try:
            yield claim.claimed
        except BaseException:
            claim.release()
            raise
        claim.commit()

    def _maybe_prune(self) -> None:
        self._since_prune += 1
        if self._since_prune >= PRUNE_EVERY:
            self._since_prune = 0
            self.prune()

    def prune(self, now: datetime | None = None) -> int:
        """Forget claims older than `keep`; returns how many."""
        cutoff = (now or utcnow()) - self.keep
        with self.db.engine.begin() as connection:
            result = connection.execute(delete(ProcessedUpdate).where(
                ProcessedUpdate.received_at < cutoff))  # type: ignore[arg-type]
        return result.rowcount or 0
