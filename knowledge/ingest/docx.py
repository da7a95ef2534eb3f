"""Word documents via python-docx, after the ZIP container passes the caps."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError

from knowledge.ingest.archive import open_zip, read_member
from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.text import clean


def read_docx(data: bytes, filename: str, limits: Limits) -> Document:
    archive = open_zip(data, filename, limits)
    if len(archive.infolist()) > 2000:
        raise InputError(filename, "Word document with too many parts")
    budget = limits.max_unpacked_bytes
    for info in archive.infolist():  # count real bytes: declared sizes can lie
        budget -= len(read_member(archive, info, filename, budget))
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise InputError(filename, "damaged Word document") from exc
    except Exception as exc:  # lxml and python-docx raise many kinds on broken XML
        raise InputError(filename, "damaged Word document") from exc
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    title = (document.core_properties.title or "").strip() or None
    return Document(filename=filename, text=clean("\n\n".join(paragraphs), filename, limits),
                    format="docx", title=title)
