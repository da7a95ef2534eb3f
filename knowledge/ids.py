"""Ranges of stored ids: a number outside its column's range names nothing (PostgreSQL would
raise "integer out of range" instead of finding no row)."""

from __future__ import annotations

import hashlib
from datetime import datetime

ROW_ID_MAX = 2**31 - 1  # INTEGER primary keys (PostgreSQL's int4)
USER_ID_MAX = 2**63 - 1  # Telegram user and chat ids: BIGINT (64-bit signed)


def is_row_id(value: object) -> bool:
    """True when `value` can be the id of a stored row (article, entity, meeting)."""
    return isinstance(value, int) and 0 < value <= ROW_ID_MAX


def is_user_id(value: object) -> bool:
    """True when `value` fits a Telegram user id column (64-bit signed)."""
    return isinstance(value, int) and -USER_ID_MAX - 1 <= value <= USER_ID_MAX


def check_code(*parts: object) -> str:
    """A short code of what a row is (its content hash, its creation time), carried next to its
    id in buttons: a button whose row was replaced by another one no longer matches."""
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()[:6]


def article_check(content_hash: str) -> str:
    return check_code("article", content_hash)


def entity_check(kind: str, created_at: datetime) -> str:
    return check_code("entity", kind, f"{created_at:%Y%m%d%H%M%S%f}")
