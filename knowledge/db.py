"""Engine and session factory (one place), SQLite pragmas, and the migration runner."""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, Table, event, exc, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

import knowledge.bounds  # noqa: F401  (limits every write to its columns' lengths)

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

# Full-text search objects are created by hand in the migrations (FTS5 tables on SQLite; stored
# `search_vector` columns with GIN indexes on PostgreSQL); the models do not describe them, so
# autogenerate must leave them alone.
FTS_TABLE_PREFIXES = ("article_fts", "quote_fts")
FTS_COLUMN = "search_vector"
WRITE_LOCK = 0x6563_6F62  # PostgreSQL advisory lock held by every writing transaction
WRITE_ATTEMPTS = 6  # a write that meets another writer's conflict is tried this many times
_RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock detected
_RETRY_MESSAGES = ("database is locked", "database is busy", "deadlock detected")


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic filter: skip the hand-made full-text objects."""
    if type_ == "table" and name and name.startswith(FTS_TABLE_PREFIXES):
        return False
    if type_ == "column" and name == FTS_COLUMN:
        return False
    return not (type_ == "index" and name and name.startswith("ix_fts_"))


def is_sqlite(url: str) -> bool:
    """True for sqlite:// URLs."""
    return make_url(url).get_backend_name() == "sqlite"


WAL_ATTEMPTS = 100  # tries at switching a new database file to WAL (about 10 s in all)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _use_wal(cursor) -> None:
    """Put the database file in WAL mode (a property of the file: the first connection sets it
    for good). Processes switching a new file at the same moment can each hold the shared lock
    the other must wait out; SQLite then answers "database is locked" at once, without the busy
    timeout, to break the deadlock. So: try again, after a short random pause."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(random.uniform(0.02, 0.18))


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and a busy timeout, and its folder."""
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """The bot's database: one engine, sessions from one factory."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)

    @property
    def sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session that commits on success and rolls back on any error.

        `write=True` takes the database's one writer slot first, so what the transaction reads
        stays true until it commits, across processes: SQLite's `BEGIN IMMEDIATE` (waiting up to
        the busy timeout), PostgreSQL's transaction-scoped advisory lock."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                if write:
                    conn = session.connection()
                    if self.sqlite:  # pysqlite then sees a transaction and adds no BEGIN
                        conn.exec_driver_sql("BEGIN IMMEDIATE")
                    else:
                        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": WRITE_LOCK})
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def analyze(self) -> None:
        """Refresh the query planner's statistics (PostgreSQL's ANALYZE, SQLite's PRAGMA
        optimize): plans for growing tables depend on them, and autovacuum may be off."""
        with self.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA optimize" if self.sqlite else "ANALYZE")

    def upgrade(self) -> None:
        """Bring the schema to the newest migration."""
        upgrade(self.url, engine=self.engine)

    def dispose(self) -> None:
        self.engine.dispose()


def retryable(error: BaseException) -> bool:
    """True for what another writer causes and a new attempt can pass: a uniqueness conflict
    (a row committed meanwhile), a lock timeout, a deadlock or serialization failure."""
    if isinstance(error, exc.IntegrityError):
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    return state in _RETRY_SQLSTATES or any(m in str(error.orig).lower()
                                            for m in _RETRY_MESSAGES)


def with_retries(attempt: Callable[[], T], *, on_retry: Callable[[], None] = lambda: None,
                 attempts: int = WRITE_ATTEMPTS) -> T:
    """`attempt()` (one whole transaction), run again after a `retryable` error (with a short
    random pause, and `on_retry` to drop what the failed attempt assumed), at most `attempts`
    times; the last error is raised."""
    for number in range(1, attempts + 1):
        try:
            return attempt()
        except exc.DBAPIError as error:
            if number == attempts or not retryable(error):
                raise
            on_retry()
            time.sleep(random.uniform(0.01, 0.05) * number)
    raise AssertionError("unreachable")


def insert_ignoring_conflict(session: Session, table: Table, values: Mapping[str, object],
                             unique: list[str]) -> int | None:
    """INSERT … ON CONFLICT (`unique`) DO NOTHING; the new row's id, or None when a row with
    the same unique key exists (committed by anyone, or earlier in this transaction)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (dialect.insert(table).values(**values)
                 .on_conflict_do_nothing(index_elements=unique).returning(table.c.id))
    return session.execute(statement).scalar()


def alembic_config(url: str):
    """An Alembic config for `url` that points at the bundled migrations."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def begin_sqlite_ddl(connection: Connection) -> None:
    """Open a real transaction on a SQLite connection for DDL: pysqlite (legacy transaction
    control) starts one only before INSERT/UPDATE/DELETE, so each CREATE TABLE would commit on
    its own and a kill part way left tables without a schema version. Inside this transaction
    SQLite's DDL is transactional: a killed upgrade leaves nothing."""
    if not connection.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # one migrator; writers wait


def upgrade(url: str, revision: str = "head", *, engine: Engine | None = None) -> None:
    """Run Alembic migrations up to `revision` in one transaction (reusing `engine` when
    given); on SQLite, a schema an interrupted upgrade of an older version left half-built is
    removed first when it holds no data (`knowledge.schema_repair`)."""
    from alembic import command

    from knowledge.schema_repair import repair_half_built_sqlite

    config = alembic_config(url)
    own = engine is None
    engine = engine or make_engine(url)
    try:
        with migration_connection(engine) as connection:  # one migrator at a time
            if connection.dialect.name == "sqlite":
                repair_half_built_sqlite(connection)
            else:  # a second process starting at once then finds the schema made
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": WRITE_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if own:
            engine.dispose()


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for migrations, DDL included (on SQLite a real
    `BEGIN IMMEDIATE`, so a killed upgrade leaves nothing and a second migrator waits). On
    SQLite, foreign keys are off while it runs: a table rebuild must not cascade the drop of
    the old table to its children (the migration that rebuilds checks the keys itself)."""
    with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            with connection.begin():
                yield connection
            return
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only outside a transaction
        connection.commit()
        try:
            with connection.begin():
                begin_sqlite_ddl(connection)  # DDL in it too: a killed upgrade leaves nothing
                yield connection
        finally:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


@contextmanager
def scratch_postgres(url: str, prefix: str = "ecobot_scratch") -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of `url` (for tests and benchmarks);
    its URL is yielded and the database dropped afterwards."""
    import uuid

    from sqlalchemy import text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@cache
def current_head() -> str:
    """The newest migration revision shipped with the package."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() or ""
