"""Bytes to clean text: encodings detected, newlines normalised, control characters removed."""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.sniff import utf16_without_bom

_BOMS = (  # longest first: the UTF-32 LE mark starts like the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# C0 and C1 controls except tab and newline, DEL, zero-width space, BOMs, lone surrogates
_CONTROL = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u200b\ufeff\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def decode(data: bytes, filename: str, declared: str | None = None) -> str:
    """Text from bytes: a BOM's encoding, else UTF-8, else the declared charset (HTTP header or
    HTML <meta>), else the encoding charset-normalizer detects; InputError when none fits."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                label = encoding.removesuffix("-sig").upper()
                raise InputError(filename, f"broken {label} text") from exc
    if encoding := utf16_without_bom(data):  # before UTF-8: its NULs are valid UTF-8
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(filename, "broken UTF-16 text") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = _META_CHARSET.search(data[:4096])
    for hint in (declared, meta.group(1).decode("ascii") if meta else None):
        if hint:
            try:
                return data.decode(hint)
            except (UnicodeDecodeError, LookupError):
                pass
    encoding = _detect(data[:200_000])
    if encoding is None:
        raise InputError(filename, "text in an unknown encoding")
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(filename, "text in an unknown encoding") from exc


# When charset-normalizer rates encodings equally (short texts), the most common one wins.
_PREFERRED = ("cp1252", "cp1251", "cp1250", "cp1254", "cp1256", "koi8_r", "cp1253")


def _detect(sample: bytes) -> str | None:
    results = list(from_bytes(sample))
    if not results:
        return None
    best = min(results, key=lambda m: (m.chaos, -m.coherence))
    tied = {m.encoding for m in results
            if m.chaos <= best.chaos + 1e-3 and m.coherence >= best.coherence - 1e-3}
    return next((e for e in _PREFERRED if e in tied), best.encoding)


def clean(text: str, filename: str, limits: Limits, empty: str = "empty file") -> str:
    """Normalised article text: newlines unified, controls gone, spaces collapsed, NFC.

    InputError with `empty` as the reason when nothing is left, or when it is too long.
    """
    check_length(text, filename, limits, slack=4)
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    text = unicodedata.normalize("NFC", text)
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    text = _BLANKS.sub("\n\n", text).strip()
    if not text:
        raise InputError(filename, empty)
    check_length(text, filename, limits)
    return text


def check_length(text: str, filename: str, limits: Limits, slack: int = 1) -> None:
    """InputError when `text` is longer than `slack` times the article cap (a slack lets raw
    input that still holds markup or spacing through to be measured after cleaning)."""
    if len(text) > limits.max_chars * slack:
        raise InputError(filename, f"text longer than {limits.max_chars} characters")
