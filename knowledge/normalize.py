"""Name folding: the one place that turns a written name into a comparable key."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Türkiye" -> "turkiye", "Пезешкиан" ->
    "pezeshkian")."""
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub(" ", anyascii(text).lower()).strip()
