"""Ranges of stored ids: a number outside its column's range names nothing (PostgreSQL would
raise "integer out of range" instead of finding no row)."""

from __future__ import annotations

ROW_ID_MAX = 2**31 - 1  # INTEGER primary keys (PostgreSQL's int4)
USER_ID_MAX = 2**63 - 1  # Telegram user and chat ids: BIGINT (64-bit signed)


def is_row_id(value: object) -> bool:
    """True when `value` can be the id of a stored row (article, entity, meeting)."""
    return isinstance(value, int) and 0 < value <= ROW_ID_MAX


def is_user_id(value: object) -> bool:
    """True when `value` fits a Telegram user id column (64-bit signed)."""
    return isinstance(value, int) and -USER_ID_MAX - 1 <= value <= USER_ID_MAX
