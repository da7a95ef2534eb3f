"""ZIP uploads: mixed members read one by one, junk skipped, unsafe names and bombs refused."""

from __future__ import annotations

import struct
import zipfile

import pytest

from knowledge.ingest import Document, InputError, Limits, iter_archive, read_upload
from knowledge.ingest.archive import open_zip, read_member
from tests.test_ingest_formats import (
    LEAD,
    QUOTE,
    SAMPLE,
    TITLE,
    html_page,
    make_docx,
    make_pdf,
    make_zip,
)

MB = 1024 * 1024


def split(out: list[Document | InputError]) -> tuple[dict[str, Document], dict[str, str]]:
    docs = {d.filename: d for d in out if isinstance(d, Document)}
    errors = {e.filename: e.reason for e in out if isinstance(e, InputError)}
    return docs, errors


def test_mixed_members() -> None:
    data = make_zip({
        "a.txt": SAMPLE.encode(),
        "notes/b.md": f"# {TITLE}\n\n{LEAD}".encode(),
        "notes/deeper/c.html": html_page(f"<p>{LEAD}</p><p>{QUOTE}</p>").encode(),
        "d.pdf": make_pdf([QUOTE]),
        "e.docx": make_docx([LEAD]),
        "ru.txt": "Министр выступила в Ташкенте.".encode("cp1251"),
        "empty.txt": b"",
        "photo.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        "inner.zip": make_zip({"x.txt": b"inner"}),
        "__MACOSX/._a.txt": b"\x00\x05\x16\x07junk",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "notes/.hidden.txt": b"hidden",
        "Thumbs.db": b"\xd0\xcf\x11\xe0",
        "notes/": b"",
    })
    docs, errors = split(read_upload(data, "batch.zip"))
    assert {name: d.format for name, d in docs.items()} == {
        "a.txt": "txt", "b.md": "md", "c.html": "html", "d.pdf": "pdf", "e.docx": "docx",
        "ru.txt": "txt"}
    assert docs["b.md"].title == TITLE and QUOTE in docs["d.pdf"].text
    assert docs["ru.txt"].text == "Министр выступила в Ташкенте."
    assert errors == {"empty.txt": "empty file", "photo.png": "a PNG image, not an article",
                      "batch.zip/inner.zip": "ZIP inside a ZIP is not opened"}


def test_iter_archive_is_lazy_and_keeps_order() -> None:
    data = make_zip({f"{i:02}.txt": f"Article number {i}.".encode() for i in range(5)})
    items = iter_archive(data, "batch.zip")
    first = next(items)
    assert isinstance(first, Document) and first.text == "Article number 0."
    assert [d.text for d in items if isinstance(d, Document)] == [
        f"Article number {i}." for i in range(1, 5)]


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/evil.txt",
                                  "..\\evil.txt", "C:/evil.txt", "C:\\evil.txt"])
def test_unsafe_names(name: str) -> None:
    out = read_upload(make_zip({name: b"Some text.", "ok.txt": b"Fine text."}), "b.zip")
    assert split(out) == ({"ok.txt": Document("ok.txt", "Fine text.", "txt")},
                          {f"b.zip/{name}": "unsafe path inside the ZIP"})


def test_zip_bomb_refused_before_unpacking() -> None:
    bomb = make_zip({"bomb.txt": bytes(51 * MB)})
    assert len(bomb) < 200_000
    with pytest.raises(InputError) as info:
        read_upload(bomb, "big.zip")
    assert str(info.value) == "big.zip: unpacks to more than 50 MB"


def test_many_members_each_small_but_too_much_in_total() -> None:
    data = make_zip({f"{i}.txt": b"a" * 400_000 for i in range(3)})
    with pytest.raises(InputError, match=r"^big\.zip: unpacks to more than 1 MB$"):
        read_upload(data, "big.zip", Limits(max_unpacked_bytes=MB))


def test_member_larger_than_an_upload() -> None:
    data = make_zip({"huge.txt": b"word " * 2000, "ok.txt": b"Small text."})
    docs, errors = split(read_upload(data, "b.zip", Limits(max_bytes=5000)))
    assert list(docs) == ["ok.txt"] and errors == {"b.zip/huge.txt": "file larger than 5000 bytes"}


def test_too_many_members() -> None:
    data = make_zip({f"{i}.txt": b"text" for i in range(201)})
    with pytest.raises(InputError, match=r"^many\.zip: more than 200 files inside$"):
        read_upload(data, "many.zip")
    junk = make_zip({f"__MACOSX/{i}": b"" for i in range(600)} | {"a.txt": b"text"})
    with pytest.raises(InputError, match=r"^junk\.zip: more than 10 files inside$"):
        read_upload(junk, "junk.zip", Limits(max_zip_files=10))  # refused on the entry count


def test_empty_and_junk_only_archives() -> None:
    for members in ({}, {"__MACOSX/._a": b"x", ".DS_Store": b"x", "dir/": b""}):
        with pytest.raises(InputError, match=r"^e\.zip: ZIP file with no files in it$"):
            read_upload(make_zip(members), "e.zip")


def _patch_sizes(data: bytes, size: int) -> bytes:
    """Every declared uncompressed size (local headers and central directory) set to `size`."""
    out = bytearray(data)
    for magic, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := out.find(magic, at)) >= 0:
            struct.pack_into("<I", out, at + offset, size)
            at += 4
    return bytes(out)


def test_member_whose_declared_size_lies() -> None:
    lying = _patch_sizes(make_zip({"a.txt": b"x" * 100_000}), 10)
    [error] = read_upload(lying, "l.zip")
    assert isinstance(error, InputError)
    assert error.filename == "l.zip/a.txt" and error.reason == "damaged file in the ZIP"


def test_read_member_counts_actual_bytes() -> None:
    archive = open_zip(make_zip({"a.txt": b"x" * 10_000}), "z.zip", Limits())
    with pytest.raises(InputError, match=r"^z\.zip/a\.txt: too big$"):
        read_member(archive, archive.infolist()[0], "z.zip/a.txt", 5000, "too big")


def test_encrypted_member() -> None:
    data = bytearray(make_zip({"secret.txt": b"Hidden text.", "ok.txt": b"Plain text."}))
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # the first entry's flags
        at = data.find(magic)
        data[at + offset] |= 0x1
    docs, errors = split(read_upload(bytes(data), "e.zip"))
    assert list(docs) == ["ok.txt"]
    assert errors == {"e.zip/secret.txt": "encrypted file in the ZIP (no password support)"}


def test_stored_members_and_unicode_names() -> None:
    data = make_zip({"Отчёт.txt": SAMPLE.encode()}, method=zipfile.ZIP_STORED)
    [doc] = read_upload(data, "r.zip")
    assert isinstance(doc, Document) and doc.filename == "Отчёт.txt"
