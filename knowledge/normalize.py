"""Name folding: the one place that turns a written name into a comparable key."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces ("Türkiye" -> "turkiye", "Пезешкиан" ->
    "pezeshkian"). Cached: extraction folds the same short phrases over and over."""
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub(" ", anyascii(text).lower()).strip()


# Transliteration classes: digraphs first (longest first), then single letters. Vowels (and y)
# collapse to one class, doubled letters to one, so Rakhmon/Rahmon, Meredov/Meredow,
# Japarov/Zhaparov, Rouhani/Rohani, Pezeshkyan/Pezeshkian share a key.
_DIGRAPHS = (("dzh", "j"), ("sch", "s"), ("kh", "h"), ("gh", "g"), ("zh", "j"), ("dj", "j"),
             ("sh", "s"), ("ch", "c"), ("tch", "c"), ("ts", "c"), ("ph", "f"), ("th", "t"),
             ("dh", "z"), ("ck", "k"))
_DIGRAPH_RE = re.compile("|".join(sorted((d for d, _ in _DIGRAPHS), key=len, reverse=True)))
_DIGRAPH_MAP = dict(_DIGRAPHS)
_LETTERS = str.maketrans({"q": "k", "x": "h", "w": "v", "e": "a", "i": "a", "o": "a", "u": "a",
                          "y": "a"})
_RUNS = re.compile(r"(.)\1+")
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def phonetic(folded: str) -> str:
    """A transliteration-tolerant key of a folded name ("rakhmon" -> "rahman")."""
    text = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], folded)
    return _RUNS.sub(r"\1", text.translate(_LETTERS))


def skeleton(folded: str) -> str:
    """Consonants only, in letter classes: how Persian/Arabic script names compare, since
    transliteration gives them without vowels ("pzshkyn" and "pezeshkian" -> "pzskn")."""
    key = phonetic(folded).replace("h", "").replace("v", "")
    return _RUNS.sub(r"\1", key.replace("a", "").replace(" ", ""))


def is_abjad(text: str) -> bool:
    """True for text in Arabic or Persian script (written without most vowels)."""
    return bool(_ARABIC_SCRIPT.search(text))
