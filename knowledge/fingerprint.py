"""Article fingerprints: an exact content hash and a 64-bit simhash for near-duplicates."""

from __future__ import annotations

import hashlib
import re

import numpy as np

from knowledge.normalize import fold

BANDS = 4  # 4 bands of 16 bits: two simhashes within 3 bits agree on at least one band
NEAR_DUPLICATE_BITS = 3
_WORD = re.compile(r"\w+")


def body(text: str) -> str:
    """The article without its headline line (when it has one)."""
    from knowledge.extract.dateline import detect_title

    _title, start = detect_title(text)
    return text[start:]


def content_hash(text: str) -> str:
    """SHA-256 of the text with case, accents and spacing folded."""
    return hashlib.sha256(fold(text).encode()).hexdigest()


def simhash(text: str, shingle: int = 3) -> int:
    """Charikar simhash over word shingles, as an unsigned 64-bit int."""
    words = _WORD.findall(text.lower())
    grams = (
        [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)]
        if len(words) >= shingle
        else [" ".join(words)]
    )
    hashes = np.frombuffer(b"".join(
        hashlib.blake2b(g.encode(), digest_size=8).digest() for g in grams), dtype=">u8")
    bits = (hashes[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)
    weights = 2 * bits.sum(axis=0, dtype=np.int64) - len(grams)
    return sum(1 << int(bit) for bit in np.flatnonzero(weights > 0))


def to_signed(value: int) -> int:
    """Unsigned 64-bit -> signed (for BIGINT columns)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    """Signed 64-bit (from BIGINT columns) -> unsigned."""
    return value + (1 << 64) if value < 0 else value


def bands(value: int) -> list[int]:
    """The 16-bit bands of an unsigned simhash."""
    return [(value >> (16 * i)) & 0xFFFF for i in range(BANDS)]


def hamming(a: int, b: int) -> int:
    """Number of differing bits."""
    return (a ^ b).bit_count()
