"""Readers: every format from bytes made in the test, each bad input refused with a reason,
URL fetching with its limits, and fuzzing of the upload parsers."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.ingest import InputError, read_bytes, read_text, read_upload
from knowledge.ingest.fetch import fetch_url
from knowledge.ingest.limits import Limits
from tests.files import SAMPLE, docx, pdf, zip_of

BODY = SAMPLE.split("\n", 1)[1]


@pytest.mark.parametrize(("name", "data", "fmt"), [
    ("a.txt", SAMPLE.encode(), "txt"),
    ("bom.txt", b"\xef\xbb\xbf" + SAMPLE.encode(), "txt"),
    ("utf16.txt", SAMPLE.encode("utf-16"), "txt"),
    ("a.md", ("# Title Here\n\n**Bold** [link](http://x.example) " + BODY).encode(), "md"),
    ("a.pdf", pdf(["Transport Ministers of ECO Meet in Almaty", "Second page text."]), "pdf"),
    ("a.docx", docx(["Transport Ministers of ECO Meet in Almaty", BODY], "T"), "docx"),
    ("page.txt", b"<html><body><p>" + BODY.encode() + b"</p></body></html>", "html"),
])
def test_formats(name: str, data: bytes, fmt: str) -> None:
    doc = read_bytes(data, name)
    assert doc.format == fmt
    assert "Transport" in doc.text or "Almaty" in doc.text
    assert "**" not in doc.text and "](" not in doc.text


def test_markdown_title_and_cp1251() -> None:
    assert read_bytes(b"# Talks Open\n\nSome text here.", "a.md").title == "Talks Open"
    text = "Министры встретились в Душанбе."
    assert read_bytes(text.encode("cp1251"), "r.txt").text == text


def test_pasted_html_loses_scripts() -> None:
    doc = read_text("<html><head><script>steal()</script><style>p{}</style></head><body>"
                    f"<article><p>{BODY}</p></article></body></html>")
    assert "steal" not in doc.text and "Abenov" in doc.text


@pytest.mark.parametrize(("name", "data", "limits", "says"), [
    ("big.txt", b"x" * 2000, Limits(max_bytes=1000), "larger than"),
    ("long.txt", b"word " * 100, Limits(max_chars=100), "longer than 100"),
    ("many.zip", zip_of({f"{i}.txt": b"text" for i in range(5)}), Limits(max_zip_files=3),
     "more than 3 files"),
    ("inner.docx", zip_of({"word/document.xml": b"<w/>" * 4_000_000}),
     Limits(max_unpacked_bytes=1_000_000), "unpacks to more than"),
])
def test_caps(name: str, data: bytes, limits: Limits, says: str) -> None:
    with pytest.raises(InputError) as info:
        read_upload(data, name, limits)
    assert name in str(info.value) and says in str(info.value)


def test_zip_members_fail_one_by_one() -> None:
    out = read_upload(zip_of({"ok.txt": SAMPLE.encode(), "../evil.txt": b"x",
                              "inner.zip": zip_of({"a.txt": b"a"}), "__MACOSX/._a": b"junk"}),
                      "batch.zip")
    docs = [d for d in out if not isinstance(d, InputError)]
    errors = {e.filename: e.reason for e in out if isinstance(e, InputError)}
    assert [d.filename for d in docs] == ["ok.txt"]
    assert errors == {"batch.zip/../evil.txt": "unsafe path inside the ZIP",
                      "batch.zip/inner.zip": "ZIP inside a ZIP is not opened"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4000), st.sampled_from(["a.txt", "b.pdf", "c.docx", "d.zip",
                                                   "e.html", "f.md", "g", "h.png"]))
def test_fuzz_uploads(data: bytes, name: str) -> None:
    try:
        out = read_upload(data, name, Limits(max_bytes=100_000))
    except InputError:
        return
    assert all(isinstance(d, InputError) or d.text for d in out)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([b"%PDF-1.4\n", b"PK\x03\x04", b"<html>", b"\xff\xfe", b""]),
       st.binary(max_size=2000))
def test_fuzz_magic_prefixes(prefix: bytes, rest: bytes) -> None:
    with contextlib.suppress(InputError):
        read_upload(prefix + rest, "x.bin", Limits())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_fuzz_pasted_text(text: str) -> None:
    with contextlib.suppress(InputError):
        assert read_text(text).text


# -- fetching -------------------------------------------------------------------------------------

PAGE = f"<html><head><title>Transport Talks</title></head><body><p>{BODY}</p></body></html>"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.startswith("/r"):
            n = int(self.path[2:] or 0)
            self.send_response(302)
            self.send_header("location", f"/r{n - 1}" if n > 1 else "/article")
            self.end_headers()
            return
        if self.path == "/private":
            self.send_response(302)
            self.send_header("location", "http://10.0.0.1/x")
            self.end_headers()
            return
        if self.path == "/slow":
            time.sleep(2)
        body = (b"x" * 5000) if self.path == "/big" else PAGE.encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


LOCAL = Limits(allow_private_addresses=True, fetch_timeout=1, max_bytes=4000)


async def test_fetch_page_and_redirects(site: str) -> None:
    doc = await fetch_url(f"{site}/article", LOCAL)
    assert doc.title == "Transport Talks" and "Abenov" in doc.text
    assert doc.url == f"{site}/article"
    assert "Abenov" in (await fetch_url(f"{site}/r3", LOCAL)).text
    with pytest.raises(InputError, match="more than 3 redirects"):
        await fetch_url(f"{site}/r4", LOCAL)


@pytest.mark.parametrize(("path", "says"), [("/big", "larger than"), ("/slow", "no answer")])
async def test_fetch_limits(site: str, path: str, says: str) -> None:
    with pytest.raises(InputError, match=says):
        await fetch_url(site + path, LOCAL)


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "javascript:x"])
async def test_fetch_schemes(url: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        await fetch_url(url, Limits())


async def test_private_addresses_refused_by_default(site: str) -> None:
    with pytest.raises(InputError, match="private, loopback or link-local"):
        await fetch_url(f"{site}/article", Limits())
    with pytest.raises(InputError, match="private, loopback or link-local"):
        # allowed to reach the test site, but the redirect to 10.0.0.1 is checked too
        await fetch_url(f"{site}/private", Limits(allow_private_addresses=False))
