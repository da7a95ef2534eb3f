"""PDF text via pypdf, with a page cap; encrypted or damaged files are refused clearly."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader

from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.text import check_length, clean

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported by us

ENCRYPTED = "encrypted PDF (no password support)"


def read_pdf(data: bytes, filename: str, limits: Limits) -> Document:
    """Text of every page (blank line between pages) and the metadata title."""
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise InputError(filename, ENCRYPTED)
        pages = len(reader.pages)
        if pages > limits.max_pdf_pages:
            raise InputError(filename, f"PDF has {pages} pages, more than the "
                                       f"{limits.max_pdf_pages} allowed")
        chunks: list[str] = []
        for page in reader.pages:
            chunks.append(page.extract_text() or "")
            check_length("".join(chunks), filename, limits, slack=2)
        title = _title(reader)
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken files; all mean "damaged"
        raise InputError(filename, "damaged PDF") from exc
    text = clean("\n\n".join(chunks), filename, limits,
                 empty="no text in the PDF (scanned pages need text recognition, not supported)")
    return Document(filename=filename, text=text, format="pdf", title=title)


def _opens_without_password(reader: PdfReader) -> bool:
    """Many PDFs are encrypted with an empty user password (permissions only)."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # unsupported algorithm, or a missing crypto library
        return False


def _title(reader: PdfReader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata is not None else None
    except Exception:  # a damaged info dictionary costs the title, not the article
        return None
    return " ".join(str(title).split()) or None if title else None
