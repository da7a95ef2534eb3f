"""Deciding an input's format from its bytes as well as its name."""

from __future__ import annotations

import re

from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits

# Signatures of formats that are not articles, named in the refusal. Those made of
# printable letters ("GIF8", "MZ", ...) count only when the file is binary as well,
# so a text that happens to start with "MZ" or "ID3" is still read as text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"\x00\x00\x01\x00", "an icon"),
    (b"RIFF", "an audio, video or WebP file"), (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"), (b"fLaC", "an audio file"), (b"\x1aE\xdf\xa3", "a video file"),
    (b"\x7fELF", "an executable program"), (b"MZ", "a Windows program"),
    (b"\xcf\xfa\xed\xfe", "an executable program"), (b"\xca\xfe\xba\xbe", "an executable program"),
    (b"\x00asm", "a WebAssembly program"), (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ\x00", "an xz archive"),
    (b"(\xb5/\xfd", "a zstd archive"), (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls); save it as .docx"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"{\\rtf", "an RTF document; save it as .docx"),
)
_FTYP = re.compile(rb"^....ftyp", re.S)  # MP4, MOV, HEIC
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
# Office and e-book formats that are ZIPs too, by a member each always has.
_ZIP_FORMATS = (
    ({"xl/workbook.xml"}, "an Excel spreadsheet"), ({"ppt/presentation.xml"}, "a PowerPoint file"),
    ({"mimetype", "META-INF/container.xml"}, "an e-book (EPUB)"),
    ({"mimetype", "content.xml"}, "an OpenDocument file; save it as .docx"),
)
_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_HTML_TAGS = re.compile(r"<(?:p|div|span|br|a|b|i|em|strong|h[1-6]|ul|ol|li|table|tr|td|body|head|"
                        r"meta|title|article|section|main|header|footer|nav|script|style|link|img"
                        r")\b[^>]*>", re.I)


def suffix(filename: str) -> str:
    """The lower-case extension of a file name, without the dot ("" when there is none)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def sniff(data: bytes, filename: str, limits: Limits = Limits()) -> str:
    """The container: "pdf", "docx", "zip" or "text"; InputError for anything else."""
    if not data.strip():
        raise InputError(filename, "empty file")
    ext = suffix(filename)
    binary = looks_binary(data)
    if data.lstrip(b"\xef\xbb\xbf \t\r\n\x00").startswith(b"%PDF-") or (
            binary and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data, filename, limits)
    for magic, what in _MAGIC:
        if data.startswith(magic) and (binary or not magic.isascii()):
            raise InputError(filename, f"{what}, not an article")
    if binary and _FTYP.match(data):
        raise InputError(filename, "a video or HEIC image, not an article")
    if ext == "pdf":
        raise InputError(filename, "named .pdf but is not a PDF")
    if ext == "docx":
        raise InputError(filename, "named .docx but is not a Word document")
    if ext == "zip":
        raise InputError(filename, "named .zip but is not a ZIP archive")
    if binary:
        raise InputError(filename, "binary file, not text")
    return "text"


def _zip_kind(data: bytes, filename: str, limits: Limits) -> str:
    from knowledge.ingest.archive import open_zip
    from knowledge.ingest.docx import MAX_PARTS

    # only the names are read here; the reader that follows applies its own entry cap
    cap = limits.max_zip_files * 5 + MAX_PARTS
    with open_zip(data, filename, limits, cap, f"more than {limits.max_zip_files} files inside"
                  ) as archive:
        names = set(archive.namelist())
    if "word/document.xml" in names:
        return "docx"
    for members, what in _ZIP_FORMATS:
        if members <= names:
            raise InputError(filename, f"{what}, not an article")
    if suffix(filename) == "docx":
        raise InputError(filename, "named .docx but is not a Word document")
    return "zip"


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16/32 text), or many control characters in the first 8 KB."""
    if data.startswith(_UTF16_32_BOMS) or utf16_without_bom(data):
        return False
    if b"\x00" in data:
        return True
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27)) + sample.count(127)
    return controls > max(8, len(sample) // 50)


def text_kind(text: str, filename: str) -> str:
    """"html", "md" or "txt" for decoded text: HTML by its name or by its tags."""
    ext = suffix(filename)
    if ext in {"html", "htm", "xhtml"}:
        return "html"
    if looks_like_html(text):
        return "html"
    return "md" if ext in {"md", "markdown"} else "txt"


def looks_like_html(text: str) -> bool:
    """A doctype or <html> first, or several HTML tags (right at the start, or many)."""
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html")) or (
            head.startswith("<?xml") and "<html" in head):
        return True
    tags = len(_HTML_TAGS.findall(head))
    return tags >= 3 and ("</" in head) and (head.startswith("<") or tags >= 10)


def utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" for UTF-16 text without a byte order mark, else None.

    Such text has NUL bytes on one side of each pair only (the high bytes of spaces, digits and
    Latin letters) and decodes to printable characters; binary data has them on both sides.
    """
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros < max(2, pairs // 20) or others > pairs // 100:
            continue
        text = sample.decode(encoding, errors="replace")
        readable = sum(c.isprintable() or c in "\t\n\r" for c in text)
        if "\ufffd" not in text[:-1] and readable >= 0.95 * len(text):
            return encoding
    return None
