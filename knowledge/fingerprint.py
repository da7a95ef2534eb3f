"""Article fingerprints: an exact content hash, a 64-bit simhash, and shingles of the article's
core (MinHash-banded for lookup) so that a copy with another headline or an added line is
still known as a near-duplicate."""

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


# -- the core: what stays the same between copies of one story -----------------------------------
SHINGLE = 5  # words per shingle
MIN_SHINGLES = 12  # below this the core says too little to call another article the same
CONTAINED = 0.95  # of the smaller core's shingles found in the other one (a changed name or
# number breaks SHINGLE of them: two template stories about different cities stay apart) ...
OVERLAP = 0.6  # ... and of the larger one's, so that a longer follow-up is not a copy
LSH_BASE = 10  # fingerprint band numbers from here on hold MinHash bands (0-3: simhash)
LSH_BANDS, LSH_ROWS = 8, 2
_HEADLINE_WORDS = 25
_CORE_LINE_WORDS = 8  # shorter lines (bylines, "Read more on our website.") are not core
_MASK = (1 << 64) - 1
_SEEDS = np.random.default_rng(20251028).integers(1, 1 << 63, size=(2, LSH_BANDS * LSH_ROWS),
                                                   dtype=np.uint64)


def core_words(text: str) -> list[str]:
    """The words of the article's substance, folded (case, accents and punctuation gone):
    without a headline first line (any case, a question too) and without short lines."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) > 1 and len(lines[0].split()) <= _HEADLINE_WORDS and not lines[0].endswith(
            (".", "…")):
        lines = lines[1:]
    kept = [line for line in lines if len(line.split()) >= _CORE_LINE_WORDS] or lines
    return fold(" ".join(kept)).split()


def shingles(text: str) -> frozenset[int]:
    """64-bit hashes of the core's word shingles."""
    words = core_words(text)
    grams = {" ".join(words[i: i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "big")
                     for g in grams if g)


def lsh_bands(grams: frozenset[int]) -> list[tuple[int, int]]:
    """(band number, 31-bit value) MinHash bands: cores sharing most shingles share a band."""
    if len(grams) < MIN_SHINGLES:
        return []
    values = np.fromiter(grams, dtype=np.uint64, count=len(grams))
    with np.errstate(over="ignore"):  # multiply-add modulo 2**64: a hash family
        mins = (values[:, None] * _SEEDS[0] + _SEEDS[1]).min(axis=0)
    rows = mins.reshape(LSH_BANDS, LSH_ROWS)
    return [(LSH_BASE + i, int.from_bytes(hashlib.blake2b(row.tobytes(), digest_size=4).digest(),
                                          "big") >> 1) for i, row in enumerate(rows)]


def same_story(a: frozenset[int], b: frozenset[int]) -> bool:
    """Whether two cores tell one story: nearly all of the smaller in the larger, which is not
    much longer."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    shared = len(a & b)
    return shared >= CONTAINED * min(len(a), len(b)) and shared >= OVERLAP * max(len(a), len(b))
