"""Deciding an input's format from its bytes as well as its name."""

from __future__ import annotations

import io
import zipfile

from knowledge.ingest.document import InputError

# Recognisable non-article formats, named in the refusal.
_MAGIC = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"), (b"\x7fELF", "an executable"), (b"MZ", "a Windows program"),
    (b"\x1f\x8b", "a gzip archive"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc/.xls); save it as .docx"),
    (b"OggS", "an audio file"), (b"ID3", "an MP3 file"),
)
_TEXT_SUFFIXES = {"txt", "md", "markdown", "text", "html", "htm", "pdf", "docx", "zip"}


def suffix(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def sniff(data: bytes, filename: str) -> str:
    """One of "pdf", "docx", "zip", "html", "md", "txt"; InputError for anything else."""
    if not data.strip():
        raise InputError(filename, "empty file")
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise InputError(filename, "damaged ZIP or DOCX file") from exc
        return "docx" if "word/document.xml" in names else "zip"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(filename, f"{what}, not an article")
    ext = suffix(filename)
    if ext == "pdf":
        raise InputError(filename, "named .pdf but is not a PDF")
    if ext == "docx":
        raise InputError(filename, "named .docx but is not a Word document")
    if looks_binary(data):
        raise InputError(filename, "binary file, not text")
    head = data[:2048].lstrip().lower()
    if ext in {"html", "htm"} or head.startswith((b"<!doctype html", b"<html")) or (
            head.startswith(b"<") and head.count(b"<") > 3 and b"</" in head):
        return "html"
    return "md" if ext in {"md", "markdown"} else "txt"


def looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16 text) or many control characters in the first 8 KB."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 50)
