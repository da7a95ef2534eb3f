"""Length limits of bounded text columns, applied the same on every database before a write.

PostgreSQL refuses a value longer than its VARCHAR(n) (an opaque DataError); SQLite stores it
whole. Every write meets the models' limits here first: free text (titles, captions, names) is
cut at a word boundary with "…"; codes, keys and URLs longer than their column are refused
with `TooLong` naming the column (a URL cut short would point somewhere else).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

ELLIPSIS = "…"
# (table, column) whose over-long values are cut; every other bounded column refuses them
CUT = frozenset({
    ("article", "title"), ("article", "source"), ("article", "filename"),
    ("article", "ingested_by"), ("entity", "name"), ("alias", "alias"), ("alias", "folded"),
    ("mention", "surface"), ("roleclaim", "role"), ("meeting", "body"), ("meeting", "name"),
    ("meetingreport", "name_as_written"), ("quote", "speaker_name"), ("linkreview", "surface"),
    ("linkreview", "candidates"), ("auditentry", "actor"), ("knownchat", "title"),
})


class TooLong(ValueError):
    """A value longer than its column allows, where cutting it would make it wrong."""


def cut(text: str, limit: int) -> str:
    """`text` in at most `limit` characters: whole words and "…" (a hard cut for one long
    word). Text that fits is returned unchanged."""
    if len(text) <= limit:
        return text
    head = text[: limit - len(ELLIPSIS) + 1]
    space = head.rfind(" ")
    head = head[:space] if space > limit // 2 else head[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:.-–—") + ELLIPSIS


@cache
def _limits() -> dict[str, dict[str, int]]:
    """{table: {column: length}} of every bounded string column of the models."""
    import knowledge.models  # noqa: F401  (registers the tables)

    found: dict[str, dict[str, int]] = {}
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            length = getattr(column.type, "length", None)
            if isinstance(length, int):
                found.setdefault(table.name, {})[column.name] = length
    return found


def bounded_columns() -> list[tuple[str, str, int]]:
    """(table, column, length) of every bounded string column."""
    return [(t, c, n) for t, columns in _limits().items() for c, n in columns.items()]


def limit_of(table: str, column: str) -> int:
    """The length limit of one column ("article", "url" -> 2000)."""
    return _limits()[table][column]


def fit(table: str, column: str, value: object) -> object:
    """`value` within its column's limit (cut), or TooLong; other values pass unchanged."""
    limit = _limits().get(table, {}).get(column)
    if limit is None or not isinstance(value, str) or len(value) <= limit:
        return value
    if (table, column) in CUT:
        return cut(value, limit)
    raise TooLong(f"{table}.{column} longer than {limit} characters ({len(value)})")


def bound_row(table: str, row: Mapping[str, object]) -> dict[str, object]:
    """A row for a bulk insert, every bounded value within its limit."""
    return {key: fit(table, key, value) for key, value in row.items()}


@event.listens_for(Session, "before_flush")
def _bound_objects(session: Session, _context: object, _instances: object) -> None:
    """Every new or changed ORM object, within its columns' limits, before it is written."""
    for obj in (*session.new, *session.dirty):
        table = getattr(obj, "__tablename__", None)
        if table not in _limits():
            continue
        for attr in inspect(obj).mapper.column_attrs:
            name = attr.columns[0].name
            if name in _limits()[table]:
                value = getattr(obj, attr.key)
                fitted = fit(table, name, value)
                if fitted is not value:
                    setattr(obj, attr.key, fitted)
