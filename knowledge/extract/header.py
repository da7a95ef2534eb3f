"""Metadata lines at the top of an article: "Source: URL | Date: YYYY-MM-DD | Partial: …", or
one "date: …", "source: …", "url: …" field per line (as admins paste them).

These lines describe the article; they are not body text. This module is the one place that
reads them (the upload captions use it too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_KEYS = {"date": "date", "published": "date", "source": "source", "url": "url", "link": "url",
         "partial": "partial"}
_FIELD = re.compile(r"^\s*(?P<key>[A-Za-z]{3,9})\s*(?::\s*(?P<value>\S.*?))?\s*$")
_URL = re.compile(r"^https?://\S+$", re.I)
_PLACEHOLDER_TITLES = frozenset({"untitled", "no title", "(untitled)", "[untitled]"})
_MAX_LINES = 6  # metadata sits at the top: title, then a few field lines


@dataclass(frozen=True, slots=True)
class Header:
    """What the metadata lines say, and where the body starts."""

    title: str | None = None
    url: str | None = None
    source: str | None = None  # outlet ("WANA"); a URL given as source goes to `url`
    published: date | None = None
    partial: bool = False
    body_start: int = 0


def metadata_fields(line: str) -> dict[str, str] | None:
    """The fields of one metadata line ({"url": …, "date": …}), or None if it is not one.

    A line is metadata only when every "|"-separated part is a known "key: value" field (or a
    bare "Partial" flag), so prose that happens to contain "Source:" is left alone."""
    fields: dict[str, str] = {}
    for part in line.split("|"):
        m = _FIELD.match(part)
        if m is None:
            return None
        key = _KEYS.get(m.group("key").lower())
        value = (m.group("value") or "").strip()
        if key is None or (not value and key != "partial"):
            return None
        if key == "source" and _URL.match(value):
            key = "url"
        fields.setdefault(key, value or "true")
    return fields or None


def parse_date(value: str | None) -> date | None:
    """An ISO date ("2025-10-27", or a timestamp starting with one), else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def read_header(text: str) -> Header:
    """The title line (a placeholder such as "Untitled" counts as no title) and the metadata
    lines below it. Without metadata lines, nothing is taken: the caller's own title rules
    apply."""
    lines = text.split("\n", _MAX_LINES + 1)  # only the top lines are read
    offsets, pos = [], 0
    for line in lines[:_MAX_LINES + 1]:
        offsets.append(pos)
        pos += len(line) + 1
    fields: dict[str, str] = {}
    first_meta = last_meta = None
    for i, line in enumerate(lines[:_MAX_LINES + 1]):
        if not line.strip():
            continue
        found = metadata_fields(line)
        if found is None:
            if first_meta is not None:
                break
            if i > 1:
                return Header()
            continue
        first_meta = i if first_meta is None else first_meta
        last_meta = i
        for key, value in found.items():
            fields.setdefault(key, value)
    if first_meta is None or last_meta is None:
        return Header()
    title = None
    if first_meta == 1 or (first_meta > 1 and not any(s.strip() for s in lines[1:first_meta])):
        candidate = lines[0].strip()
        title = None if candidate.lower() in _PLACEHOLDER_TITLES or not candidate else candidate
    body_start = min(len(text), offsets[last_meta] + len(lines[last_meta]) + 1)
    url = fields.get("url")
    return Header(
        title=title,
        url=url if url and _URL.match(url) else None,
        source=fields.get("source"),
        published=parse_date(fields.get("date")),
        partial="partial" in fields,
        body_start=body_start,
    )
