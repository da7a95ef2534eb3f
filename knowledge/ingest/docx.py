"""Word documents via python-docx, after the ZIP container passes the caps."""

from __future__ import annotations

import io

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from knowledge.ingest.archive import open_zip, read_member, too_big
from knowledge.ingest.document import Document, InputError
from knowledge.ingest.limits import Limits
from knowledge.ingest.text import clean

MAX_PARTS = 1000  # a Word file has a few dozen parts; thousands mean something else


def read_docx(data: bytes, filename: str, limits: Limits) -> Document:
    """Body paragraphs and table rows in document order (blank line between), core title."""
    archive = open_zip(data, filename, limits, MAX_PARTS, f"more than {MAX_PARTS} parts inside")
    unpacked = 0
    for info in archive.infolist():  # count real bytes before parsing: declared sizes can lie
        left = limits.max_unpacked_bytes - unpacked
        unpacked += len(read_member(archive, info, filename, left, too_big(limits)))
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_block_text(block) for block in document.iter_inner_content()]
        title = (document.core_properties.title or "").strip() or None
    except Exception as exc:  # python-docx and lxml raise many kinds on broken parts
        raise InputError(filename, "damaged Word document") from exc
    text = clean("\n\n".join(b for b in blocks if b.strip()), filename, limits)
    return Document(filename=filename, text=text, format="docx", title=title)


def _block_text(block: Paragraph | Table) -> str:
    if isinstance(block, Paragraph):
        return block.text
    rows = []
    for row in block.rows:
        cells: list[str] = []
        for cell in row.cells:  # merged cells repeat: keep each text once per row
            text = " ".join(cell.text.split())
            if text and text not in cells:
                cells.append(text)
        rows.append(" | ".join(cells))
    return "\n".join(r for r in rows if r)
