"""The public readers: bytes, files, pasted text and ZIP uploads to `Document`s."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from knowledge.ingest.archive import iter_members
from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits, megabytes
from knowledge.ingest.markdown import markdown_to_text
from knowledge.ingest.sniff import looks_like_html, sniff, text_kind
from knowledge.ingest.text import check_length, clean, decode


def read_bytes(data: bytes, filename: str, limits: Limits = Limits(), *,
               charset: str | None = None) -> Document:
    """One article from a file's bytes, its format sniffed from the content and the name.

    `charset` is an encoding the transport declared (an HTTP header), used when the bytes are
    not UTF-8. A ZIP of articles is refused here: use `read_upload` or `iter_archive`.
    """
    _check_size(data, filename, limits)
    kind = sniff(data, filename, limits)
    if kind == "pdf":
        from knowledge.ingest.pdf import read_pdf

        return read_pdf(data, filename, limits)
    if kind == "docx":
        from knowledge.ingest.docx import read_docx

        return read_docx(data, filename, limits)
    if kind == "zip":
        raise InputError(filename, "a ZIP archive holds several articles; upload it as a batch")
    text = decode(data, filename, charset)
    return _read_decoded(text, filename, text_kind(text, filename), limits)


def read_text(text: str, name: str = "pasted text", limits: Limits = Limits()) -> Document:
    """Pasted article text; read as HTML when it looks like HTML."""
    check_length(text, name, limits, slack=4)
    return _read_decoded(text, name, "html" if looks_like_html(text) else "txt", limits)


def read_path(path: str | Path, limits: Limits = Limits()) -> Document:
    """One article file from disk (a ZIP is refused: use `read_upload` on its bytes)."""
    path = Path(path)
    return read_bytes(read_file(path, limits), path.name, limits)


def read_file(path: Path, limits: Limits = Limits()) -> bytes:
    """A file's bytes, at most `limits.max_bytes` of them; InputError when there are more.

    Never more than the cap + 1 bytes are read, so a device or pipe without an end
    (`/dev/zero`, a FIFO) or a file that grows while it is read is refused, not exhausted.
    """
    too_big = InputError(path.name, f"file larger than {megabytes(limits.max_bytes)}")
    try:
        with path.open("rb") as file:
            if path.is_file() and os.fstat(file.fileno()).st_size > limits.max_bytes:
                raise too_big
            data = file.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(path.name, f"cannot be read ({exc.strerror or type(exc).__name__})"
                         ) from exc
    if len(data) > limits.max_bytes:
        raise too_big
    return data


def iter_archive(data: bytes, filename: str,
                 limits: Limits = Limits()) -> Iterator[Document | InputError]:
    """Each article of a ZIP, or the InputError of a member that failed (the others go on).

    Members are named by their file name (without folders) on success, and as
    "archive.zip/path/inside" in errors. ZIPs inside the ZIP are not opened.
    Raises InputError when the archive as a whole cannot be read.
    """
    _check_size(data, filename, limits)
    for item in iter_members(data, filename, limits):
        if isinstance(item, InputError):
            yield item
            continue
        path, content = item
        name = path.replace("\\", "/").rsplit("/", 1)[-1]
        try:
            if sniff(content, name, limits) == "zip":
                raise InputError(f"{filename}/{path}", "ZIP inside a ZIP is not opened")
            yield read_bytes(content, name, limits)
        except InputError as exc:
            yield exc


def read_upload(data: bytes, filename: str,
                limits: Limits = Limits()) -> list[Document | InputError]:
    """An upload: one article per file of a ZIP (a bad member does not stop the others), or
    the one article of any other file.

    Raises InputError when the upload as a whole cannot be read.
    """
    _check_size(data, filename, limits)
    if sniff(data, filename, limits) == "zip":
        return list(iter_archive(data, filename, limits))
    return [read_bytes(data, filename, limits)]


def _check_size(data: bytes, filename: str, limits: Limits) -> None:
    if len(data) > limits.max_bytes:
        raise InputError(filename, f"file larger than {megabytes(limits.max_bytes)}")


def _read_decoded(text: str, filename: str, kind: str, limits: Limits) -> Document:
    if kind == "html":
        from knowledge.ingest.html import read_html

        return read_html(text, filename, limits)
    if kind == "md":
        check_length(text, filename, limits, slack=2)  # parsing time grows with the length
        body, title = markdown_to_text(text, filename)
        return Document(filename=filename, text=clean(body, filename, limits), format="md",
                        title=title)
    return Document(filename=filename, text=clean(text, filename, limits), format="txt")
