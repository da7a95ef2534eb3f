"""fetch_url against a local server on 127.0.0.1: pages, redirects, address checks, caps."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from knowledge.ingest import InputError, Limits
from knowledge.ingest import fetch as fetch_module
from knowledge.ingest.fetch import fetch_url, is_public
from tests.test_ingest_formats import LEAD, QUOTE, TITLE, html_page, make_pdf

PAGE = html_page(f"<article><h1>{TITLE}</h1><p>{LEAD}</p><p>{QUOTE}</p></article>",
                 head=f"<title>{TITLE}</title><script>SCRIPT_TEXT()</script>")
RU = "Совет по железным дорогам собрался в Ташкенте. Министр Дана Орлова выступила."


class _Handler(http.server.BaseHTTPRequestHandler):
    def _send(self, body: bytes, content_type: str = "text/html", status: int = 200,
              headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("content-type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self._send(b"", status=302, headers={"location": location})

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("/hop"):  # /hop3 -> /hop2 -> /hop1 -> /article
            n = int(path[4:])
            self._redirect(f"/hop{n - 1}" if n > 1 else "/article")
        elif path.startswith("/to?"):
            self._redirect(path.split("?", 1)[1])
        elif path == "/article":
            self._send(PAGE.encode())
        elif path == "/host":
            self._send(html_page(f"<p>{LEAD} Host was {self.headers['host']}.</p>").encode())
        elif path == "/report.pdf":
            self._send(make_pdf([LEAD], TITLE), "application/pdf")
        elif path == "/cp1251":
            self._send(html_page(f"<p>{RU}</p>").encode("cp1251"),
                       "text/html; charset=windows-1251")
        elif path == "/big":
            self._send(b"<p>" + b"x" * 10_000 + b"</p>")
        elif path == "/big-unsized":  # no content-length: only counting catches it
            self._send(b"<p>" + b"x" * 10_000 + b"</p>", length=False)
        elif path == "/gzip-bomb":
            self._send(gzip.compress(b"<p>" + b" " * 1_000_000), headers={
                "content-encoding": "gzip"})
        elif path == "/slow":
            time.sleep(2)
            self._send(PAGE.encode())
        elif path == "/drip":  # each byte in time, the whole far too slow
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>a</p>")
                self.wfile.flush()
                time.sleep(0.1)
        else:
            self._send(b"<p>not here</p>", status=404)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


LOCAL = Limits(allow_private_addresses=True, fetch_timeout=1, max_bytes=5000)


async def test_page(site: str) -> None:
    doc = await fetch_url(f"{site}/article", LOCAL)
    assert doc.format == "html" and doc.title == TITLE
    assert LEAD in doc.text and QUOTE in doc.text and "SCRIPT_TEXT" not in doc.text
    assert doc.filename == doc.url == f"{site}/article"


async def test_pdf_by_content(site: str) -> None:
    doc = await fetch_url(f"{site}/report.pdf", LOCAL)
    assert doc.format == "pdf" and doc.title == TITLE and "Caspian" in doc.text


async def test_charset_from_the_header(site: str) -> None:
    assert RU in (await fetch_url(f"{site}/cp1251", LOCAL)).text


async def test_redirects_followed_up_to_the_cap(site: str) -> None:
    doc = await fetch_url(f"{site}/hop3", LOCAL)
    assert LEAD in doc.text and doc.url == f"{site}/article"
    with pytest.raises(InputError) as info:
        await fetch_url(f"{site}/hop4", LOCAL)
    assert str(info.value) == f"{site}/hop4: more than 3 redirects"
    with pytest.raises(InputError, match="more than 0 redirects"):
        await fetch_url(f"{site}/hop1", Limits(allow_private_addresses=True, max_redirects=0))


@pytest.mark.parametrize(("path", "says"), [
    ("/big", "page larger than 5000 bytes"),
    ("/big-unsized", "page larger than 5000 bytes"),
    ("/gzip-bomb", "page larger than 5000 bytes"),
    ("/slow", "no answer within 1 s"),
    ("/drip", "no answer within 1 s"),
    ("/missing", "the server answered 404"),
    ("/to?ftp://127.0.0.1/x", "only http and https addresses can be fetched"),
])
async def test_refusals(site: str, path: str, says: str) -> None:
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        await fetch_url(site + path, LOCAL)
    assert info.value.filename == site + path and info.value.reason == says
    assert time.monotonic() - started < 1.8


@pytest.mark.parametrize("url", ["ftp://example.org/a", "file:///etc/passwd", "javascript:x",
                                 "gopher://127.0.0.1:70/", "example.org/no-scheme"])
async def test_schemes(url: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        await fetch_url(url, Limits())


async def test_not_an_address() -> None:
    with pytest.raises(InputError, match="not a web address"):
        await fetch_url("http://", Limits())
    with pytest.raises(InputError, match="does not resolve"):
        await fetch_url("http://no-such-host.invalid/", Limits())


async def test_private_addresses_refused_by_default(site: str) -> None:
    with pytest.raises(InputError, match=r"private, loopback or link-local address \(127"):
        await fetch_url(f"{site}/article", Limits())
    with pytest.raises(InputError, match="private, loopback or link-local"):
        await fetch_url("http://localhost:9/", Limits())


@pytest.mark.parametrize("target", ["http://10.0.0.1/x", "http://169.254.169.254/latest/",
                                    "http://[::1]:8080/", "http://[::ffff:192.168.1.1]/",
                                    "http://0.0.0.0/", "http://100.64.0.1/"])
async def test_redirect_to_a_private_address_refused(
        site: str, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the test site stands in for a public one; the redirect's target must still be checked
    monkeypatch.setattr(fetch_module, "is_public",
                        lambda address: address == "127.0.0.1" or is_public(address))
    assert LEAD in (await fetch_url(f"{site}/article", Limits())).text
    with pytest.raises(InputError, match="private, loopback or link-local"):
        await fetch_url(f"{site}/to?{target}", Limits())


async def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    async def getaddrinfo(host: str, port: int, **_: object) -> list[tuple]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", getaddrinfo)
    with pytest.raises(InputError, match=r"private, loopback or link-local address \(mixed"):
        await fetch_url("http://mixed.example/", Limits())


async def test_request_goes_to_the_checked_address(site: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is resolved once; the connection uses that address and keeps the Host."""
    port = site.rsplit(":", 1)[1]
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", int(port)))]])

    async def getaddrinfo(host: str, port: int, **_: object) -> list[tuple]:
        assert host == "news.example"
        return next(answers)  # a second lookup would raise StopIteration

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", getaddrinfo)
    doc = await fetch_url(f"http://news.example:{port}/host", LOCAL)
    assert f"Host was news.example:{port}." in doc.text


@pytest.mark.parametrize(("address", "public"), [
    ("93.184.216.34", True), ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False), ("10.0.0.1", False), ("172.16.5.4", False), ("192.168.0.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("::1", False), ("fe80::1", False),
    ("fc00::1", False), ("ff02::1", False), ("::ffff:10.0.0.1", False), ("::", False),
    ("2002:7f00:1::", False), ("64:ff9b::a00:1", False), ("not an address", False),
])
def test_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public
