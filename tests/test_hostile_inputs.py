"""Hostile input (issue 12): every case is refused clearly, or read within its limits."""

from __future__ import annotations

import contextlib
import io
import os
import resource
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from sqlmodel import func, select

from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from handlers.reply import to_plain
from knowledge.ingest import InputError, Limits, read_bytes, read_path
from knowledge.ingest.limits import MB
from knowledge.models import Article
from knowledge.uploads import read_paths

ADMIN = Caller(user_id=2, chat_type="private", is_admin=True)
USER = Caller(user_id=1, chat_type="private")


def _articles(memory) -> int:
    with memory.db.session() as session:
        return session.exec(select(func.count()).select_from(Article)).one()


@pytest.mark.parametrize("address", [
    "javascript:alert(document.cookie)", "data:text/html,<p>Ministers met in Baku</p>",
    "example.com:8080/news/story", "mailto:editor@example.com", "file:///etc/passwd"])
def test_add_refuses_every_non_web_address(memory, address: str) -> None:
    reply = Dispatcher(memory, "ecobot").run(f"/add {address}", ADMIN)
    assert reply is not None
    text = to_plain(reply.html)
    assert "❌" in text and "only http and https addresses can be fetched" in text, text
    assert _articles(memory) == 0


@pytest.mark.parametrize("text", [
    "Baku: ministers met on Tuesday to sign the transport agreement.",
    "Note:\nThe ministers met in Baku on Tuesday.", "Data: five ministers met in Baku."])
def test_text_that_starts_like_a_scheme_is_still_an_article(text: str) -> None:
    from knowledge.ingest.fetch import looks_like_address

    assert not looks_like_address(text)


def _limited_run(args: list[str], tmp_path, memory_mb: int = 1500) -> subprocess.CompletedProcess:
    """The CLI in a child process whose memory is capped (an endless read fails, not the host)."""
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))

    env = {**os.environ, "ECOBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
           "ECOBOT_MAX_UPLOAD_BYTES": str(MB)}
    return subprocess.run([sys.executable, "-c", "from bot.cli import app; app()", *args],
                          preexec_fn=cap, env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_an_endless_file_is_read_capped_and_refused(tmp_path, command: str) -> None:
    done = _limited_run([command, "/dev/zero"], tmp_path)
    assert done.returncode == 1, done.stderr[-2000:]
    said = done.stdout + done.stderr
    assert "zero" in said and "file larger than 1 MB" in said, said[-2000:]
    assert "MemoryError" not in said


def test_endless_stream_readers_stop_after_the_cap(tmp_path) -> None:
    """A FIFO fed forever is read to the cap + 1 byte, then refused (path and batch readers)."""
    fifo = tmp_path / "endless.txt"
    os.mkfifo(fifo)
    stop = threading.Event()

    def feed() -> None:
        while not stop.is_set():
            try:
                with open(fifo, "wb") as out:
                    while not stop.is_set():
                        out.write(b"ECO " * 4096)
            except BrokenPipeError:
                continue

    threading.Thread(target=feed, daemon=True).start()
    limits = Limits(max_bytes=MB)
    try:
        with pytest.raises(InputError, match="file larger than 1 MB"):
            read_path(fifo, limits)
        [refused] = read_paths([fifo], limits)
        assert isinstance(refused, InputError) and "file larger than 1 MB" in refused.reason
    finally:
        stop.set()
        with contextlib.suppress(OSError):  # unblock a writer waiting for a reader
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))


ARTICLE = ("Ministers of the ECO member states met in Baku on Tuesday and agreed to open a new "
           "rail corridor.\n\nThe agreement covers freight between Almaty and Istanbul.")
CYRILLIC = "Министры стран ОЭС встретились в Баку во вторник.\n\nОни подписали соглашение."


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [ARTICLE, CYRILLIC], ids=["latin", "cyrillic"])
def test_utf16_without_a_bom_is_text(encoding: str, text: str) -> None:
    data = text.encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    doc = read_bytes(data, "article.txt")
    assert doc.text == text


def test_binary_with_nul_bytes_is_still_binary() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(InputError, match="binary file, not text"):
        read_bytes(data, "blob.txt")


@pytest.mark.parametrize("tag", ["div", "b", "blockquote"])
def test_deeply_nested_html_says_so(tag: str) -> None:
    page = ("<html><body>" + f"<{tag}>" * 100_000 + ARTICLE + f"</{tag}>" * 100_000
            + "</body></html>")
    with pytest.raises(InputError, match=r"nested more than \d+ levels deep"):
        read_bytes(page.encode(), "deep.html")


def test_html_nested_within_the_parser_depth_is_read() -> None:
    page = "<html><body>" + "<div>" * 200 + ARTICLE + "</div>" * 200 + "</body></html>"
    assert "rail corridor" in read_bytes(page.encode(), "nested.html").text


@pytest.mark.parametrize("source", [">" * 100_000 + " " + ARTICLE, "> " * 150 + ARTICLE,
                                    "".join("  " * i + "- item\n" for i in range(80)) + ARTICLE])
def test_deeply_nested_markdown_says_so(source: str) -> None:
    with pytest.raises(InputError, match=r"nested more than \d+ levels deep"):
        read_bytes(source.encode(), "deep.md")


def test_markdown_quotes_within_the_depth_are_read() -> None:
    doc = read_bytes(("> " * 60 + ARTICLE).encode(), "quoted.md")
    assert "rail corridor" in doc.text


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_long_zip_report_is_paged_and_every_page_can_be_reached(memory) -> None:
    """20 empty files, then 2 binary ones: the totals and the failures past the 15th are seen."""
    members = {f"empty{i:02}.txt": b"   " for i in range(20)}
    members |= {"late1.txt": bytes(range(256)) * 4, "late2.txt": bytes(range(256)) * 4}
    bot = Dispatcher(memory, "ecobot")
    reply = bot.upload(_zip(members), "batch.zip", None, ADMIN)
    assert len(reply.pages) > 1
    assert "0 added, 0 duplicates, 22 failed" in to_plain(reply.html)  # on the first page
    seen = to_plain(reply.html)
    for _ in range(len(reply.pages) - 1):
        forward = [b for row in reply.buttons for b in row if b.text == "›"]
        assert forward, reply.buttons
        pressed = bot.press(forward[0].data, ADMIN)
        assert pressed is not None
        reply = pressed
        seen += to_plain(reply.html)
    assert "late1.txt" in seen and "late2.txt" in seen and "binary file" in seen
    [back] = [b for row in reply.buttons for b in row if b.text == "‹"]
    previous = bot.press(back.data, ADMIN)
    assert previous is not None and f"Page {len(reply.pages) - 1} of" in to_plain(previous.html)
    refused = bot.press(back.data, USER)
    assert refused is not None and "empty" not in to_plain(refused.html)
