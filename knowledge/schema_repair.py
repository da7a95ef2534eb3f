"""A schema an interrupted first `db upgrade` left half-built (by versions before migrations ran
in one SQLite transaction): found, and removed when it holds no data, so the upgrade can run."""

from __future__ import annotations

import logging

from sqlalchemy import Connection

log = logging.getLogger(__name__)


class SchemaError(RuntimeError):
    """A database the migrations cannot bring up to date; the message says what to do."""


def _tables(connection: Connection) -> list[tuple[str, str]]:
    return [(name, sql or "") for name, sql in connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def repair_half_built_sqlite(connection: Connection) -> list[str]:
    """Drop the tables of a half-built schema (tables, no schema version, no rows) and return
    their names; raise `SchemaError` when such tables hold rows (nothing is dropped then).
    Runs inside the caller's transaction."""
    tables = _tables(connection)
    names = {name for name, _sql in tables}
    if not names or "alembic_version" in names:
        return []
    full = [name for name in sorted(names) if connection.exec_driver_sql(
        f'SELECT 1 FROM "{name}" LIMIT 1').first() is not None]
    if full:
        raise SchemaError(
            f"the database has tables with rows ({', '.join(full[:5])}) but no schema version, "
            "so it was not made by ecobot or its version table was lost; nothing was changed. "
            "Point ECOBOT_DATABASE_URL at another file, or restore a backup.")
    virtual = [name for name, sql in tables if sql.upper().startswith("CREATE VIRTUAL")]
    for name in virtual:  # first: each takes its shadow tables with it
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
    for name, _sql in _tables(connection):
        connection.exec_driver_sql(f'DROP TABLE IF EXISTS "{name}"')
    log.warning("An interrupted first `db upgrade` left %d empty tables and no schema version; "
                "they were removed and the schema is built again", len(names))
    return sorted(names)
