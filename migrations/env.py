"""Alembic environment: the models' metadata, full-text tables left to the migrations."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, engine_from_config, pool
from sqlmodel import SQLModel

import knowledge.models  # noqa: F401 - registers the tables on SQLModel.metadata
from knowledge.db import begin_sqlite_ddl, include_name, migration_connection

config = context.config
target_metadata = SQLModel.metadata


def _configure(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        begin_sqlite_ddl(connection)
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=include_name,
        render_as_batch=sqlite,
        compare_type=True,
        transactional_ddl=True,  # SQLite too, in the transaction begin_sqlite_ddl opened
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        include_name=include_name,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from bot.settings import Settings

        url = Settings().database_url
    from knowledge.db import make_engine

    engine = make_engine(url) if url else engine_from_config(
        config.get_section(config.config_ini_section, {}), poolclass=pool.NullPool)
    with migration_connection(engine) as conn:
        _configure(conn)
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
