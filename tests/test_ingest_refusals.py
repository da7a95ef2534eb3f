"""Readers, bad inputs: each refused with an InputError naming the file and the reason."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from knowledge.ingest import InputError, Limits, read_bytes, read_path, read_text, read_upload
from tests.test_ingest_formats import LEAD, SAMPLE, make_docx, make_pdf, make_zip

PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + b"\x00\x00\x00\x01" * 2 + \
    b"\x08\x02\x00\x00\x00" + struct.pack(">I", zlib.crc32(b"IHDR")) + b"\x00" * 40


def refusal(data: bytes, name: str, limits: Limits = Limits()) -> str:
    with pytest.raises(InputError) as info:
        read_upload(data, name, limits)
    assert info.value.filename == name
    assert str(info.value) == f"{name}: {info.value.reason}"
    return info.value.reason


@pytest.mark.parametrize(("data", "name", "reason"), [
    (b"", "a.txt", "empty file"),
    (b" \n\t\r\n  ", "a.txt", "empty file"),
    ("\u200b\ufeff \u00a0".encode(), "a.txt", "empty file"),
    (b"\xff\xfe", "bom-only.txt", "empty file"),
    (b"# \n\n**  **\n", "a.md", "empty file"),
    (b"\x00\x01\x02binary\x00\x00stuff" * 20, "x.txt", "binary file, not text"),
    (bytes(range(256)) * 4, "noise.txt", "binary file, not text"),
    (PNG, "photo.txt", "a PNG image, not an article"),
    (PNG, "photo.png", "a PNG image, not an article"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 50, "p.jpg", "a JPEG image, not an article"),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 60, "run.txt", "an executable program, not an article"),
    (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60, "setup.exe",
     "a Windows program, not an article"),
    (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "a.txt.gz", "a gzip archive, not an article"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 60, "old.doc",
     "an old Office document (.doc/.xls); save it as .docx, not an article"),
    (SAMPLE.encode(), "report.pdf", "named .pdf but is not a PDF"),
    (SAMPLE.encode(), "story.docx", "named .docx but is not a Word document"),
    (SAMPLE.encode(), "batch.zip", "named .zip but is not a ZIP archive"),
    (b"%PDF-1.7\n" + b"garbage that is no pdf structure\n" * 10, "broken.pdf", "damaged PDF"),
    (b"PK\x03\x04" + b"\x00" * 30 + b"not really a zip", "broken.zip", "damaged ZIP file"),
    (make_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<not-word"}), "w.docx",
     "damaged Word document"),
    (make_zip({"xl/workbook.xml": b"<x/>"}), "sheet.xlsx", "an Excel spreadsheet, not an article"),
])
def test_bad_inputs(data: bytes, name: str, reason: str) -> None:
    assert refusal(data, name) == reason


def test_text_that_starts_like_a_magic_number_is_still_text() -> None:
    for start in ("MZ", "ID3", "BM", "RIFF", "GIF89a"):
        text = f"{start} figures rose in the region, the council said on Monday."
        assert read_bytes(text.encode(), "note.txt").text == text


def test_undecodable_bytes() -> None:
    assert refusal(b"\xff\xfe\x00\xd8\x00\xd8 broken", "u16.txt") == "broken UTF-16 text"
    assert refusal(bytes(range(0x80, 0x100)) * 10, "a.txt") == "text in an unknown encoding"


def test_size_caps() -> None:
    assert refusal(b"x" * 2000, "big.txt", Limits(max_bytes=1000)) == \
        "file larger than 1000 bytes"
    assert refusal(b"x" * (3 * 1024 * 1024), "big.txt", Limits(max_bytes=2 * 1024 * 1024)) == \
        "file larger than 2 MB"
    assert refusal(b"word " * 100, "long.txt", Limits(max_chars=100)) == \
        "text longer than 100 characters"
    assert refusal(b"word " * 10_000, "long.md", Limits(max_chars=100)) == \
        "text longer than 100 characters"
    with pytest.raises(InputError, match=r"^pasted text: text longer than 100 characters$"):
        read_text("word " * 1000, limits=Limits(max_chars=100))
    with pytest.raises(InputError, match=r"^clip: text longer than 100 characters$"):
        read_text("<p>" + "word " * 30 + "</p>" * 30, "clip", Limits(max_chars=100))


def test_default_char_cap_message() -> None:
    assert refusal(b"abc " * 60_000, "a.txt") == "text longer than 200000 characters"


def test_pdf_refusals() -> None:
    assert refusal(make_pdf([LEAD], password="user-secret"), "report.pdf") == \
        "encrypted PDF (no password support)"
    assert refusal(make_pdf(["page"] * 3), "long.pdf", Limits(max_pdf_pages=2)) == \
        "PDF has 3 pages, more than the 2 allowed"
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()  # a page with no text: what a scan without OCR looks like
    assert refusal(bytes(pdf.output()), "scan.pdf").startswith("no text in the PDF")
    assert refusal(make_pdf(["word " * 400] * 3), "wordy.pdf", Limits(max_chars=1000)) == \
        "text longer than 1000 characters"


def test_truncated_pdf_never_crashes() -> None:
    whole = make_pdf([LEAD, "Second page of it."])
    for cut in range(20, len(whole), max(1, len(whole) // 40)):
        try:
            read_bytes(whole[:cut], "cut.pdf")
        except InputError as exc:
            assert exc.filename == "cut.pdf"


def test_docx_bomb_refused_before_parsing() -> None:
    bomb = make_zip({"[Content_Types].xml": b"<x/>",
                     "word/document.xml": b"<w:p>" + b" " * (3 * 1024 * 1024) + b"</w:p>"})
    assert len(bomb) < 50_000
    assert refusal(bomb, "bomb.docx", Limits(max_unpacked_bytes=1024 * 1024)) == \
        "unpacks to more than 1 MB"
    parts = {f"word/media/p{i}.xml": b"x" for i in range(1200)}
    many = make_zip({"word/document.xml": b"<x/>", **parts})
    assert refusal(many, "parts.docx") == "more than 1000 parts inside"


def test_docx_whose_declared_sizes_lie() -> None:
    data = bytearray(make_docx([LEAD]))
    # shrink every declared uncompressed size in the central directory to 1 byte
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        struct.pack_into("<I", data, at + 24, 1)
        at += 4
    with pytest.raises(InputError, match=r"^lying\.docx: "):
        read_bytes(bytes(data), "lying.docx")


def test_read_path_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^missing\.txt: cannot be read"):
        read_path(tmp_path / "missing.txt")
    (tmp_path / "big.txt").write_bytes(b"x" * 5000)
    with pytest.raises(InputError, match=r"^big\.txt: file larger than 1000 bytes$"):
        read_path(tmp_path / "big.txt", Limits(max_bytes=1000))
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"^empty\.txt: empty file$"):
        read_path(tmp_path / "empty.txt")


def test_zip_given_to_read_bytes() -> None:
    with pytest.raises(InputError, match="upload it as a batch"):
        read_bytes(make_zip({"a.txt": SAMPLE.encode()}), "batch.zip")
