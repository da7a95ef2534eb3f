"""Hypothesis: any bytes, names or text give a Document or an InputError, never anything else."""

from __future__ import annotations

import functools

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from knowledge.ingest import Document, InputError, Limits, read_bytes, read_text, read_upload
from tests.test_ingest_formats import BOILERPLATE_PAGE, SAMPLE, make_docx, make_pdf, make_zip

SMALL = Limits(max_bytes=200_000, max_chars=20_000, max_pdf_pages=5, max_zip_files=20,
               max_unpacked_bytes=1_000_000)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

names = st.one_of(
    st.sampled_from(["a.txt", "b.pdf", "c.docx", "d.zip", "e.html", "f.md", "g", "h.png",
                     ".hidden", "dir/x.TXT", "..\\y.htm"]),
    st.text(max_size=30),
)


@functools.cache
def seeds() -> list[bytes]:
    """Valid files of every format, for mutation."""
    return [SAMPLE.encode(), SAMPLE.encode("utf-16"), BOILERPLATE_PAGE.encode(),
            f"# Title\n\n**{SAMPLE}**".encode(), make_pdf([SAMPLE]), make_docx([SAMPLE]),
            make_zip({"a.txt": SAMPLE.encode(), "b.html": BOILERPLATE_PAGE.encode()})]


def outcome(data: bytes, name: str) -> None:
    try:
        out = read_upload(data, name, SMALL)
    except InputError as exc:
        assert exc.reason and str(exc).startswith(f"{name}: ")
        return
    for item in out:
        assert isinstance(item, Document | InputError)
        if isinstance(item, Document):
            assert item.text.strip() and len(item.text) <= SMALL.max_chars
            assert "\x00" not in item.text


@FAST
@given(st.binary(max_size=3000), names)
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    outcome(data, name)


@FAST
@given(st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"PK\x05\x06", b"<html>", b"\xff\xfe",
                        b"\xfe\xff", b"\xef\xbb\xbf", b"\x89PNG\r\n\x1a\n", b"MZ", b"# "]),
       st.binary(max_size=2000), names)
def test_magic_prefixes(prefix: bytes, rest: bytes, name: str) -> None:
    outcome(prefix + rest, name)


@FAST
@given(st.integers(0, 6), st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 255)),
                                   min_size=1, max_size=8), st.integers(0, 10**7))
def test_mutated_valid_files(which: int, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(seeds()[which])
    for at, value in flips:
        data[at % len(data)] = value
    outcome(bytes(data[: max(1, cut % (len(data) + 1))]), ["a.txt", "a.txt", "a.html", "a.md",
                                                           "a.pdf", "a.docx", "a.zip"][which])


@FAST
@given(st.text(max_size=3000), st.text(max_size=20))
def test_pasted_text(text: str, name: str) -> None:
    try:
        doc = read_text(text, name or "pasted text", SMALL)
    except InputError as exc:
        assert exc.filename == (name or "pasted text")
        return
    assert doc.text.strip() and doc.format in {"txt", "html"}


@FAST
@given(st.lists(st.sampled_from(["<p>", "</p>", "<div>", "</div>", "<b>", "<article>", "<main>",
                                 "<!-- x -->", "&amp;", "&#0;", "<", ">", "word ", "\n",
                                 "<script>SECRET()</script>", "<style>.SECRET{}</style>",
                                 "<noscript>SECRET</noscript>"]), max_size=80))
@example(parts=["<", "word ", "<script>SECRET()</script>"])  # a broken tag around a script
def test_html_soup_never_shows_scripts(parts: list[str]) -> None:
    page = "<html><body><p>Visible words here.</p>" + "".join(parts)
    try:
        doc = read_text(page, "soup", SMALL)
    except InputError:
        return
    assert "SECRET" not in doc.text


@FAST
@given(st.text(alphabet=st.sampled_from("*_[]()!`#>-+ \nab<>/\\&"), max_size=2000))
def test_markdown_markup(source: str) -> None:
    try:
        read_bytes(source.encode(), "a.md", SMALL)
    except InputError as exc:
        assert exc.filename == "a.md"
