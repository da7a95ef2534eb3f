"""Readers: files, pasted text, ZIPs and URLs to plain article text, with limits.

Every failure is an `InputError` that names the file and says why in plain words.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.ingest.archive import iter_members
from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.sniff import sniff
from knowledge.ingest.text import clean, decode, markdown_to_text

__all__ = ["Document", "InputError", "Limits", "read_bytes", "read_path", "read_text",
           "read_upload"]


def read_bytes(data: bytes, filename: str, limits: Limits = Limits()) -> Document:
    """One article from a file's bytes (format sniffed from content and name)."""
    if len(data) > limits.max_bytes:
        raise InputError(filename, f"file larger than {limits.max_bytes // (1024 * 1024)} MB")
    kind = sniff(data, filename)
    if kind == "pdf":
        from knowledge.ingest.pdf import read_pdf

        return read_pdf(data, filename, limits)
    if kind == "docx":
        from knowledge.ingest.docx import read_docx

        return read_docx(data, filename, limits)
    if kind == "zip":
        raise InputError(filename, "a ZIP archive holds several articles; upload it as a batch")
    return _read_decoded(decode(data, filename), filename, kind, limits)


def _read_decoded(text: str, filename: str, kind: str, limits: Limits) -> Document:
    if kind == "html":
        from knowledge.ingest.html import read_html

        return read_html(text, filename, limits)
    if kind == "md":
        body, title = markdown_to_text(text)
        return Document(filename=filename, text=clean(body, filename, limits), format="md",
                        title=title)
    return Document(filename=filename, text=clean(text, filename, limits), format="txt")


def read_text(text: str, name: str = "pasted text", limits: Limits = Limits()) -> Document:
    """Pasted article text (HTML when it looks like HTML)."""
    if len(text) > limits.max_chars * 4:
        raise InputError(name, f"text longer than {limits.max_chars} characters")
    head = text.lstrip()[:2048].lower()
    kind = "html" if head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and head.count("<") > 3 and "</" in head) else "txt"
    return _read_decoded(text, name, kind, limits)


def read_path(path: Path, limits: Limits = Limits()) -> Document:
    """One article file from disk."""
    try:
        if path.stat().st_size > limits.max_bytes:
            raise InputError(path.name, f"file larger than {limits.max_bytes // (1024 * 1024)} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path.name, exc.strerror or "cannot be read") from exc
    return read_bytes(data, path.name, limits)


def read_upload(data: bytes, filename: str,
                limits: Limits = Limits()) -> list[Document | InputError]:
    """An upload: one document, or one per file of a ZIP (a bad member does not stop others).

    Raises InputError when the upload as a whole cannot be read.
    """
    if len(data) > limits.max_bytes:
        raise InputError(filename, f"file larger than {limits.max_bytes // (1024 * 1024)} MB")
    if sniff(data, filename) != "zip":
        return [read_bytes(data, filename, limits)]
    out: list[Document | InputError] = []
    for item in iter_members(data, filename, limits):
        if isinstance(item, InputError):
            out.append(item)
            continue
        name, content = item
        try:
            kind = sniff(content, name)
            if kind == "zip":
                raise InputError(f"{filename}/{name}", "ZIP inside a ZIP is not opened")
            out.append(read_bytes(content, name, limits))
        except InputError as exc:
            out.append(exc)
    return out
