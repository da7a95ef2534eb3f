"""Changes other replicas must see: a change log in the database, and a watcher that applies
it to this process's memory within a second (no Telegram types here).

Every write records a `ChangeLog` row in its own transaction: the entities whose aliases or
names changed (the resolver index updates only those), "rebuild" (after deletions and
reindexing), or "admins". On PostgreSQL the row is announced with NOTIFY in the same
transaction, so it arrives on commit; the watcher LISTENs (psycopg async connection) and also
polls every second, in case a notification is missed or the listening connection drops. On
SQLite (one process) the watcher only polls, which also picks up `ecobot ingest` from a shell.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from knowledge.models import ChangeLog, utcnow

CHANNEL = "ecobot_changes"
POLL_SECONDS = 1.0
KEEP = timedelta(days=1)
ENTITIES, REBUILD, ADMINS = "entities", "rebuild", "admins"
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Change:
    id: int
    kind: str
    entity_ids: frozenset[int]


def record(session: Session, kind: str, entity_ids: Iterable[int] = ()) -> int:
    """Log a change in the session's transaction (announced on commit); returns its id."""
    ids = sorted(set(entity_ids))
    row = ChangeLog(kind=kind, entity_ids=",".join(map(str, ids)) or None)
    session.add(row)
    session.flush()
    assert row.id is not None
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"),
                        {"channel": CHANNEL, "payload": str(row.id)})
    return row.id


def latest(session: Session) -> int:
    """The newest change's id (0 when none)."""
    return session.exec(select(func.max(ChangeLog.id))).one() or 0


def since(session: Session, after: int) -> list[Change]:
    """Changes newer than `after`, oldest first."""
    rows = session.exec(select(ChangeLog).where(ChangeLog.id > after)  # type: ignore[operator]
                        .order_by(ChangeLog.id)).all()
    return [Change(r.id or 0, r.kind, frozenset(int(i) for i in (r.entity_ids or "").split(",")
                                                 if i)) for r in rows]


def prune(session: Session, keep: timedelta = KEEP, now: datetime | None = None) -> int:
    """Forget changes older than `keep` (every process has applied them long before: it
    catches up every second, and one that starts builds its index afresh)."""
    cutoff = (now or utcnow()) - keep
    result = session.exec(delete(ChangeLog).where(ChangeLog.at < cutoff))  # type: ignore[call-overload,arg-type]
    return result.rowcount or 0


def listen_dsn(url: str) -> str | None:
    """A libpq connection string for LISTEN (None on SQLite)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return None
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


async def watch(url: str, catch_up: Callable[[], object],
                poll: float = POLL_SECONDS) -> None:
    """Run `catch_up` (in a thread) whenever a change is announced, and every `poll` seconds;
    runs until cancelled."""
    dsn = listen_dsn(url)
    while True:
        if dsn is None:
            await asyncio.sleep(poll)
            await asyncio.to_thread(catch_up)
            continue
        try:
            await _listen(dsn, catch_up, poll)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the server went away: poll, and listen again later
            log.warning("LISTEN %s failed (%s); polling until it reconnects", CHANNEL, exc)
            await asyncio.sleep(poll)
            await asyncio.to_thread(catch_up)


async def _listen(dsn: str, catch_up: Callable[[], object], poll: float) -> None:
    import psycopg

    async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as conn:
        await conn.execute(f"LISTEN {CHANNEL}")
        await asyncio.to_thread(catch_up)  # whatever changed before we listened
        while True:
            async for _ in conn.notifies(timeout=poll, stop_after=1):
                pass
            await asyncio.to_thread(catch_up)
