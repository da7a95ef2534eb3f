"""PDF text via pypdf, with page caps; encrypted or damaged files are refused clearly."""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError

from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.text import clean

logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported by us


def read_pdf(data: bytes, filename: str, limits: Limits) -> Document:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except (PyPdfError, NotImplementedError) as exc:
                raise InputError(filename, "encrypted PDF (passwords are not supported)") from exc
            if not opened:
                raise InputError(filename, "encrypted PDF (passwords are not supported)")
        pages = len(reader.pages)
        if pages > limits.max_pdf_pages:
            raise InputError(filename, f"PDF has {pages} pages; the limit is "
                                       f"{limits.max_pdf_pages}")
        chunks, size = [], 0
        for page in reader.pages:
            chunk = page.extract_text() or ""
            size += len(chunk)
            if size > limits.max_chars * 2:
                raise InputError(filename, f"text longer than {limits.max_chars} characters")
            chunks.append(chunk)
        title = reader.metadata.title if reader.metadata is not None else None
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, TypeError, KeyError, OSError,
            RecursionError, AttributeError, IndexError, ZeroDivisionError) as exc:
        raise InputError(filename, "damaged PDF") from exc
    text = clean("\n\n".join(chunks), filename, limits)
    return Document(filename=filename, text=text, format="pdf",
                    title=str(title).strip() if title else None)
