"""Readers, happy paths: every format from bytes built in the test (sample text written here).

Also holds the small file builders the other test_ingest_* modules import.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from knowledge.ingest import Document, Limits, read_bytes, read_path, read_text, read_upload

TITLE = "Rail Council Meets in Tashkent"
LEAD = "TASHKENT - The Caspian Rail Council met on Monday to plan a new freight corridor."
QUOTE = "Minister Dana Orlova said the line would open by 2029."
SAMPLE = f"{TITLE}\n\n{LEAD}\n\n{QUOTE}\n"
CYRILLIC = "Совет по железным дорогам собрался в Ташкенте. Министр Дана Орлова выступила."


def make_pdf(pages: list[str], title: str | None = None, password: str | None = None,
             owner_only: bool = False) -> bytes:
    """A PDF with one text block per page (fpdf2, core Helvetica font)."""
    from fpdf import FPDF

    pdf = FPDF()
    if title:
        pdf.set_title(title)
    if password or owner_only:
        pdf.set_encryption(owner_password="owner-secret", user_password=password or "")
    for text in pages:
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def make_docx(paragraphs: list[str], title: str | None = None,
              table: list[list[str]] | None = None) -> bytes:
    """A Word file written by python-docx."""
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    if title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_zip(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def html_page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


BOILERPLATE_PAGE = html_page(
    head=f"<title>{TITLE}</title><meta name='date' content='2025-03-04'>"
         "<style>.hidden_style_rule{color:red}</style>"
         "<script>var trackingSecret = 'SCRIPT_TEXT_NEVER_SHOWN';</script>",
    body="<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
         "<header><div class='menu'>Subscribe to our newsletter</div></header>"
         f"<article><h1>{TITLE}</h1><p>{LEAD}</p>"
         "<script>document.write('SCRIPT_TEXT_NEVER_SHOWN')</script>"
         f"<p>{QUOTE}</p><p>Delegates from five countries signed a joint statement on tariffs."
         "</p></article>"
         "<footer>Copyright 2025 Example Wire. All rights reserved.</footer>"
         "<noscript>NOSCRIPT_TEXT</noscript>")


@pytest.mark.parametrize(("data", "name"), [
    (SAMPLE.encode(), "a.txt"),
    (b"\xef\xbb\xbf" + SAMPLE.encode(), "bom.txt"),
    (SAMPLE.encode("utf-16"), "utf16.txt"),
    (SAMPLE.encode("utf-16-be").join([b"\xfe\xff", b""]), "utf16be.txt"),
    (SAMPLE.replace("\n", "\r\n").encode(), "windows.txt"),
    (SAMPLE.encode(), "no-extension"),
])
def test_plain_text(data: bytes, name: str) -> None:
    doc = read_bytes(data, name)
    assert doc == Document(filename=name, text=SAMPLE.strip(), format="txt")


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16"])
def test_cyrillic_encodings(encoding: str) -> None:
    assert read_bytes(CYRILLIC.encode(encoding), "ru.txt").text == CYRILLIC


def test_latin1_text() -> None:
    text = "Le conseil s'est réuni à Genève; la ministre a présenté l'accord façade."
    assert read_bytes(text.encode("latin-1"), "fr.txt").text == text


def test_text_is_cleaned() -> None:
    raw = "  First\tline \x07here\u200b \r\n\r\n\r\n\r\nSecond\x0cline\u2028third  \n"
    assert read_bytes(raw.encode(), "a.txt").text == "First line here\n\nSecond\nline\nthird"


def test_markdown() -> None:
    source = (f"# {TITLE}\n\n**{LEAD}**\n\n> {QUOTE}\n\n"
              "- first *point* with [a link](https://example.org/x \"t\")\n"
              "- second `code` point ![chart](img.png)\n\n"
              "Setext heading\n--------------\n\nPlain __end__.\n")
    doc = read_bytes(source.encode(), "story.md")
    assert doc.format == "md" and doc.title == TITLE
    assert doc.text.splitlines() == [
        TITLE, "", LEAD, "", QUOTE, "", "first point with a link", "",
        "second code point chart", "", "Setext heading", "", "Plain end."]


def test_markdown_raw_html_shows_only_visible_text() -> None:
    source = ("Intro <b>bold</b> text <script>inline_secret()</script> after.\n\n"
              "<div>\n<script>block_secret()</script>\n<p>Shown para</p>\n</div>\n")
    text = read_bytes(source.encode(), "a.md").text
    assert "secret" not in text
    assert "Intro bold text after." in text and "Shown para" in text


def test_markdown_without_heading_has_no_title() -> None:
    assert read_bytes(b"Just a paragraph, *no* heading.", "a.md").title is None


def test_html_main_text_without_boilerplate() -> None:
    doc = read_bytes(BOILERPLATE_PAGE.encode(), "page.html")
    assert doc.format == "html" and doc.title == TITLE
    assert LEAD in doc.text and QUOTE in doc.text
    for hidden in ("SCRIPT_TEXT", "trackingSecret", "hidden_style_rule", "NOSCRIPT", "Subscribe",
                   "Copyright"):
        assert hidden not in doc.text
    assert doc.published == "2025-03-04"


@pytest.mark.parametrize("page", [
    "<html><body><p>Short note.</p><script>SCRIPT_TEXT()</script></body></html>",
    "<div><p>Short <b>note</b>.</p><style>p{}</style><p>Second line.</p></div>",
    '<?xml version="1.0" encoding="iso-8859-1"?><html><body><p>Short note.</p></body></html>',
])
def test_html_fallbacks_never_show_scripts(page: str) -> None:
    doc = read_text(page)
    assert doc.format == "html" and "Short" in doc.text
    assert "SCRIPT" not in doc.text and "p{}" not in doc.text


def test_html_sniffed_from_content_and_charset_from_meta() -> None:
    page = html_page(f"<article><p>{CYRILLIC}</p></article>",
                     head='<meta charset="windows-1251"><title>Совет</title>')
    doc = read_bytes(page.encode("cp1251"), "download.txt")
    assert doc.format == "html" and CYRILLIC in doc.text and doc.title == "Совет"


def test_html_in_utf16_with_bom() -> None:
    doc = read_bytes(html_page(f"<p>{LEAD}</p><p>{QUOTE}</p>").encode("utf-16"), "p.txt")
    assert doc.format == "html" and QUOTE in doc.text


def test_pasted_text_and_pasted_html() -> None:
    assert read_text(SAMPLE) == Document("pasted text", SAMPLE.strip(), "txt")
    doc = read_text(BOILERPLATE_PAGE, "clip")
    assert doc.format == "html" and doc.filename == "clip" and LEAD in doc.text
    assert "SCRIPT_TEXT" not in doc.text
    # a few angle brackets in prose are not HTML
    assert read_text("Turnout was <50% and >40% in the east.").format == "txt"


def test_pdf() -> None:
    doc = read_bytes(make_pdf([f"{LEAD}\n{QUOTE}", "Second page of the report."], TITLE),
                     "report.pdf")
    assert doc.format == "pdf" and doc.title == TITLE
    assert "Caspian Rail Council" in doc.text and "Second page" in doc.text
    assert doc.text.index("Caspian") < doc.text.index("Second page")


def test_pdf_with_only_an_owner_password_opens() -> None:
    doc = read_bytes(make_pdf([LEAD], owner_only=True), "permissions.pdf")
    assert "Caspian Rail Council" in doc.text


def test_pdf_named_txt_is_read_as_pdf() -> None:
    assert read_bytes(make_pdf([LEAD]), "notes.txt").format == "pdf"


def test_docx() -> None:
    data = make_docx([TITLE, LEAD, "", QUOTE], title="Core Title",
                     table=[["Country", "Tonnes"], ["Uzbekistan", "120"]])
    doc = read_bytes(data, "story.docx")
    assert doc.format == "docx" and doc.title == "Core Title"
    assert doc.text == f"{TITLE}\n\n{LEAD}\n\n{QUOTE}\n\nCountry | Tonnes\nUzbekistan | 120"


def test_docx_with_any_name_is_sniffed() -> None:
    assert read_bytes(make_docx([LEAD]), "upload.bin").format == "docx"


def test_read_path(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(f"# {TITLE}\n\n{LEAD}\n", encoding="utf-8")
    doc = read_path(tmp_path / "a.md")
    assert doc.title == TITLE and doc.filename == "a.md"
    assert read_path(str(tmp_path / "a.md")) == doc


def test_read_upload_of_one_file() -> None:
    assert read_upload(SAMPLE.encode(), "a.txt") == [read_bytes(SAMPLE.encode(), "a.txt")]


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        Limits(max_chars=0)
    assert Limits(max_redirects=0).max_redirects == 0


def test_html_structured_data_gives_metadata_not_text() -> None:
    page = html_page(
        "<p>Short visible note.</p><noscript>Enable scripts</noscript>",
        head='<title>T</title><script type="application/ld+json">{"@type": "NewsArticle", '
             '"headline": "H", "datePublished": "2025-05-06", "url": "https://x.example/a"}'
             "</script>")
    doc = read_text(page)
    assert doc.text == "Short visible note." and doc.published == "2025-05-06"


_YEAR_ONLY_PAGE = (
    "<html><head><title>Ministers meet in Baku</title>{meta}</head><body><article>"
    "<p>BAKU (Jun 2) – Energy ministers of the Economic Cooperation Organization met in Baku "
    "on Monday to discuss gas transit and power grids across the region.</p>"
    "<p>The 5th Meeting of ECO Energy Ministers was held in Baku on Monday, officials said, "
    "and delegates from ten member states attended the session.</p></article>"
    "<footer><p>© Caspian Wire 2025. All rights reserved.</p></footer></body></html>")


def test_a_footer_year_never_becomes_a_date(memory) -> None:
    """Issue 13, bug 4: "(Jun 2) … on Monday" and "© … 2025" were stored as 1 Jan 2025 and the
    meeting as 30 Dec 2024. No day or month the text does not give."""
    from sqlmodel import select

    from knowledge.models import Article, Meeting

    doc = read_text(_YEAR_ONLY_PAGE.format(meta=""), "baku.html", Limits())
    assert doc.published is None
    memory.ingest(doc)
    with memory.db.session() as s:
        article = s.exec(select(Article)).one()
        meetings = s.exec(select(Meeting)).all()
    assert article.published is None and article.published_text == "--06-02"
    assert meetings and all(m.held_on is None for m in meetings)
    assert all(m.date_text is None or "2024" not in m.date_text for m in meetings)


def test_a_page_date_in_metadata_is_still_read() -> None:
    meta = '<meta property="article:published_time" content="2025-06-02T09:00:00+00:00">'
    doc = read_text(_YEAR_ONLY_PAGE.format(meta=meta), "baku.html", Limits())
    assert doc.published == "2025-06-02"
