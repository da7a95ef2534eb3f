"""Bytes to clean text: encodings detected, control characters removed, Markdown flattened."""

from __future__ import annotations

import re
import unicodedata

from charset_normalizer import from_bytes

from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")


def decode(data: bytes, filename: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else the detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(filename, "broken UTF-16 text") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is None:
        raise InputError(filename, "text in an unknown encoding")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(filename, f"text in an unknown encoding ({best.encoding}?)") from exc


def clean(text: str, filename: str, limits: Limits) -> str:
    """Normalised article text; InputError when empty or too long."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANKS.sub("\n\n", text).strip()
    if not text:
        raise InputError(filename, "no text in it")
    if len(text) > limits.max_chars:
        raise InputError(filename, f"text longer than {limits.max_chars} characters")
    return text


_MD_RULES = (
    (re.compile(r"^```.*?^```", re.M | re.S), ""),  # code blocks
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # images -> alt text
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),  # links -> text
    (re.compile(r"^\s{0,3}#{1,6}\s*", re.M), ""),  # heading marks
    (re.compile(r"^\s{0,3}>\s?", re.M), ""),  # block quotes
    (re.compile(r"^\s*[-*+]\s+", re.M), ""),  # list bullets
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # italics
    (re.compile(r"`([^`\n]+)`"), r"\1"),  # inline code
    (re.compile(r"^\s*([-*_]\s*){3,}$", re.M), ""),  # rules
)
_MD_TITLE = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.M)


def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Plain text of a Markdown article and its first-level heading (the title)."""
    title_match = _MD_TITLE.search(source)
    text = source
    for pattern, replacement in _MD_RULES:
        text = pattern.sub(replacement, text)
    return text, title_match.group(1).strip() if title_match else None
