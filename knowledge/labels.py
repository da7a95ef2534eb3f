"""Short labels shared by ingest summaries and rendering ("4th Interior Ministers, Tehran")."""

from __future__ import annotations


def ordinal(n: int) -> str:
    """1 -> "1st", 23 -> "23rd", 11 -> "11th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def meeting_label(number: int | None, body: str | None, name: str, where: str | None) -> str:
    """A meeting's short label: ordinal, body (or its name), and place."""
    label = " ".join(p for p in (ordinal(number) if number else None, body or name) if p)
    return f"{label}, {where}" if where else label


TITLE_CHARS = 80


def lead_title(lead: str | None, limit: int = TITLE_CHARS) -> str | None:
    """A title for an untitled article from its lead sentence, cut at a word boundary."""
    words = " ".join((lead or "").split()).rstrip(".!?;:,")
    if not words:
        return None
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0] if " " in words[:limit] else words[:limit]
    return cut.rstrip(",;:–—-") + "…"
