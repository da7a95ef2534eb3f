"""Hostile input (issue 12): every case is refused clearly, or read within its limits."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import http.server
import io
import os
import resource
import subprocess
import sys
import threading
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from handlers import render
from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from handlers.reply import to_plain
from knowledge.ingest import InputError, Limits, read_bytes, read_path, read_text
from knowledge.ingest.fetch import fetch_url
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
           "ECOBOT_MAX_UPLOAD_BYTES": str(MB),  # one thread per math library: on a machine
           **dict.fromkeys(("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"),
                           "1")}  # with many cores their reserved stacks would fill the cap
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


def _gzip_of_zeros(size: int, layers: int = 1) -> bytes:
    """`size` zero bytes gzipped `layers` times, built in small pieces (never `size` at once)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    piece = bytes(MB)
    data = b"".join([*(squeeze.compress(piece) for _ in range(size // MB)), squeeze.flush()])
    for _ in range(layers - 1):
        data = gzip.compress(data, 9)
    return data


BOMB = 256 * MB  # decoded size of every bomb below; a few hundred KB on the wire
_BOMBS: dict[str, tuple[str, bytes]] = {}


class _Bombs(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        encoding, body = _BOMBS[self.path]
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-encoding", encoding)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the fetcher hangs up once it has refused
            self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture(scope="module")
def bombs() -> Iterator[str]:
    once = _gzip_of_zeros(BOMB)
    _BOMBS.update({"/gzip": ("gzip", once), "/gzip-gzip": ("gzip, gzip", _gzip_of_zeros(BOMB, 2)),
                   "/gzip-identity-gzip": ("gzip, identity, gzip", _gzip_of_zeros(BOMB, 2)),
                   "/br": ("br", b"\x0b\x02\x80hello\x03"),
                   "/broken": ("gzip", once[:20] + bytes(200) + once[220:4000])})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Bombs)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def _fetch_measured(url: str, limits: Limits) -> tuple[InputError, float, int, float]:
    """The refusal, the seconds it took, the peak of memory allocated meanwhile and the
    longest the event loop went without running another task."""
    longest = 0.0

    async def tick() -> None:
        nonlocal longest
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.005)
            now = time.monotonic()
            longest, last = max(longest, now - last), now

    ticker = asyncio.create_task(tick())
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError) as info:
            await fetch_url(url, limits)
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        ticker.cancel()
    return info.value, elapsed, peak, longest


@pytest.mark.parametrize("path", ["/gzip-gzip", "/gzip-identity-gzip"])
async def test_stacked_content_encodings_are_refused(bombs: str, path: str) -> None:
    limits = Limits(allow_private_addresses=True, fetch_timeout=5)
    refusal, elapsed, peak, _stall = await _fetch_measured(bombs + path, limits)
    assert "one content encoding at most" in refusal.reason, refusal
    assert elapsed < limits.fetch_timeout and peak < 8 * MB, (elapsed, peak)


async def test_a_gzip_bomb_is_capped_as_it_decodes(bombs: str) -> None:
    """256 MB of zeros in one gzip layer, against a 20 MB cap: refused, memory near the cap."""
    limits = Limits(allow_private_addresses=True, fetch_timeout=5, max_bytes=20 * MB)
    refusal, elapsed, peak, stall = await _fetch_measured(bombs + "/gzip", limits)
    assert refusal.reason == "page larger than 20 MB"
    assert peak < 2 * limits.max_bytes + 4 * MB, peak  # the body so far (and one copy), no more
    assert elapsed < limits.fetch_timeout and stall < 1.0, (elapsed, stall)


async def test_the_deadline_holds_while_a_bomb_decodes(bombs: str) -> None:
    """Decoding a page under a very large cap cannot run past the fetch's deadline."""
    limits = Limits(allow_private_addresses=True, fetch_timeout=0.05, max_bytes=2 * BOMB)
    refusal, elapsed, _peak, _stall = await _fetch_measured(bombs + "/gzip", limits)
    assert refusal.reason == "no answer within 0.05 s"
    assert elapsed < 2.0, elapsed  # 0.05 s, and slack for a busy machine


@pytest.mark.parametrize(("path", "says"), [
    ("/br", "the page's content encoding (br) is not supported"),
    ("/broken", "the page's compressed data is damaged")])
async def test_unknown_or_broken_encodings_are_refused(bombs: str, path: str, says: str) -> None:
    refusal, *_ = await _fetch_measured(bombs + path, Limits(allow_private_addresses=True))
    assert refusal.reason == says


async def test_gzip_and_deflate_pages_are_still_read(bombs: str) -> None:
    html = f"<html><head><title>Rail</title></head><body><p>{ARTICLE}</p></body></html>".encode()
    deflated = zlib.compress(html)
    raw = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    cut = html.index(b"corridor")  # two gzip members: the phrase needs both
    _BOMBS.update({"/page-gzip": ("gzip", gzip.compress(html[:cut]) + gzip.compress(html[cut:])),
                   "/page-deflate": ("deflate", deflated),
                   "/page-raw-deflate": ("deflate", raw.compress(html) + raw.flush())})
    limits = Limits(allow_private_addresses=True)
    for path in ("/page-gzip", "/page-deflate", "/page-raw-deflate"):
        doc = await fetch_url(bombs + path, limits)
        assert "rail corridor" in doc.text, path


def _stored(memory, article_id: int) -> Article:
    with memory.db.session() as session:
        article = session.get(Article, article_id)
        assert article is not None
        return article


LONG_TITLE = " ".join(f"Ministerial{i}" for i in range(60))  # 60 words, about 780 characters


def test_long_title_and_source_are_cut_at_a_word_on_every_database(memory) -> None:
    page = (f"<html><head><title>{LONG_TITLE}</title></head><body><article><p>{ARTICLE}</p>"
            "</article></body></html>")
    doc = read_bytes(page.encode(), "long.html")
    source = " ".join(["Wire"] * 80)  # 399 characters
    outcome = memory.ingest(doc, by="test", source=source)
    assert outcome.status == "added", outcome
    article = _stored(memory, outcome.article_id)
    assert article.title is not None and len(article.title) <= 500
    assert article.title.endswith("…") and LONG_TITLE.startswith(article.title[:-1])
    assert article.title[:-1].split()[-1] in LONG_TITLE.split()  # cut between words
    assert article.source is not None and len(article.source) <= 200
    assert article.source.endswith("Wire…")


def test_an_over_long_url_is_refused_clearly_and_nothing_is_stored(memory) -> None:
    doc = read_text(ARTICLE, "pasted text")
    url = "https://example.com/" + "a" * 2100
    outcome = memory.ingest(doc, by="test", url=url)
    assert outcome.status == "failed"
    assert outcome.reason == "URL longer than 2000 characters; nothing was stored", outcome
    assert _articles(memory) == 0
    fits = memory.ingest(doc, by="test", url=url[:2000])
    assert fits.status == "added" and _stored(memory, fits.article_id).url == url[:2000]


def test_a_page_stating_an_over_long_url_is_stored_without_it(memory) -> None:
    doc = read_text(ARTICLE, "page.html")
    doc.url = "https://example.com/" + "b" * 2100
    outcome = memory.ingest(doc, by="test")
    assert outcome.status == "added"
    assert _stored(memory, outcome.article_id).url is None


async def test_add_refuses_an_over_long_address_before_fetching() -> None:
    with pytest.raises(InputError, match="address longer than 2000 characters"):
        await fetch_url("http://127.0.0.1/" + "c" * 2100, Limits(allow_private_addresses=True))


def test_every_bounded_column_is_cut_or_refused_the_same_on_every_database(memory) -> None:
    """Writes through the ORM and through bulk inserts both meet the limits before the database
    does (PostgreSQL would raise DataError, SQLite would store the whole value)."""
    from knowledge.bounds import CUT, TooLong, bound_row, bounded_columns
    from knowledge.models import AuditEntry, Entity, Meeting

    columns = bounded_columns()
    assert ("article", "title", 500) in columns and ("article", "url", 2000) in columns
    long_name = " ".join(["Caspian"] * 100)
    with memory.db.session() as session:
        entity = Entity(kind="organization", name=long_name)
        session.add(entity)
        session.add(Meeting(name=long_name, body=long_name))
        session.add(AuditEntry(actor="x" * 150, action="test", detail="d"))
        session.flush()
        assert entity.id is not None
    with memory.db.session() as session:
        stored = session.exec(select(Entity).where(Entity.id == entity.id)).one()
        assert len(stored.name) <= 300 and stored.name.endswith("Caspian…")
        meeting = session.exec(select(Meeting)).one()
        assert len(meeting.name) <= 500 and len(meeting.body or "") <= 200
    # codes and keys: a longer value is a bug, refused with the column's name
    with pytest.raises(TooLong, match=r"entity\.kind longer than 20 characters"), \
            memory.db.session() as session:
        session.add(Entity(kind="k" * 50, name="Oman"))
    for table, column, limit in columns:  # bulk rows (claims) follow the same rule
        row = {column: "word " * limit}
        if (table, column) in CUT:
            assert len(bound_row(table, row)[column]) <= limit
        else:
            with pytest.raises(TooLong):
                bound_row(table, row)


HEADLINE = "Transport Ministers Agree On New Rail Corridor Through The Caspian Region"
STORY = "\n\n".join([
    "ASHGABAT, March 3 - Transport ministers of the Economic Cooperation Organization agreed on "
    "Tuesday to build a freight rail corridor linking the Caspian ports with the Persian Gulf.",
    "The ministers signed a memorandum that sets common tariffs for containers and promises "
    "a single customs declaration for goods crossing three or more member states.",
    "Officials said the first trains could run within two years if the remaining gaps in the "
    "track between the border stations are closed on schedule.",
    "The next meeting of the ministers is planned for the autumn, when a working group will "
    "report on the financing of the missing sections and on the rolling stock."])
OTHER_STORY = "\n\n".join([
    "ASHGABAT, March 9 - Freight operators in the Economic Cooperation Organization warned on "
    "Monday that the planned rail corridor to the Persian Gulf will need new wagons first.",
    "A survey by the operators found that most of the rolling stock on the route is older "
    "than thirty years and cannot carry the heavier containers now in use.",
    "The operators asked the transport ministers to add a leasing fund for wagons to the "
    "corridor's financing plan before the working group reports in the autumn.",
    "Several member states have already ordered locomotives, the survey said, but the "
    "wagons are missing on every section of the Caspian route."])


@pytest.mark.parametrize("variant", [
    "Transport ministers agree on new rail corridor through the Caspian region\n\n" + STORY,
    "Will Transport Ministers Agree On A New Rail Corridor Through The Caspian Region?\n\n"
    + STORY,
    HEADLINE + "\n\n" + STORY + "\n\nRead more news on our website.",
    "TRANSPORT MINISTERS AGREE ON NEW RAIL CORRIDOR!\n\n" + STORY.replace(" - ", " (ECO) — ")
    + "\n\nFollow us on social media for the latest updates.",
], ids=["sentence-case", "question", "boilerplate", "shouted-and-dashes"])
def test_near_duplicate_variants_are_recognised(memory, variant: str) -> None:
    first = memory.ingest(read_text(HEADLINE + "\n\n" + STORY, "wire.txt"), by="test")
    assert first.status == "added"
    again = memory.ingest(read_text(variant, "copy.txt"), by="test")
    assert again.status == "duplicate", again
    assert again.duplicate_of == first.article_id
    assert _articles(memory) == 1
    line = render.outcome_line(again)
    assert f"#{first.article_id} ‘{HEADLINE}’" in line, line  # the stored one, by its headline


def test_a_different_article_on_the_same_topic_is_not_a_duplicate(memory) -> None:
    first = memory.ingest(read_text(HEADLINE + "\n\n" + STORY, "wire.txt"), by="test")
    other = memory.ingest(read_text("Operators Say Caspian Rail Corridor Needs New Wagons\n\n"
                                    + OTHER_STORY, "other.txt"), by="test")
    assert first.status == other.status == "added", other
    mixed = "\n\n".join(STORY.split("\n\n")[:2] + OTHER_STORY.split("\n\n")[2:])
    follow_up = memory.ingest(read_text(HEADLINE + "\n\n" + mixed, "follow.txt"), by="test")
    assert follow_up.status == "added", follow_up  # half of it is new: stored
    elsewhere = STORY.replace("ASHGABAT", "TASHKENT").replace("Persian Gulf", "Black Sea")
    template = memory.ingest(read_text(HEADLINE + "\n\n" + elsewhere, "tashkent.txt"), by="test")
    assert template.status == "added", template  # the same template, another route


def test_reindex_gives_older_articles_their_core_bands(memory) -> None:
    """Articles stored before core bands existed are found as near-duplicates after /reindex."""
    from sqlmodel import delete

    from knowledge.fingerprint import LSH_BASE
    from knowledge.models import SimhashBand

    first = memory.ingest(read_text(HEADLINE + "\n\n" + STORY, "wire.txt"), by="test")
    with memory.db.session() as session:
        session.exec(delete(SimhashBand).where(SimhashBand.band >= LSH_BASE))
    variant = HEADLINE + "\n\n" + STORY + "\n\nFollow us on social media for the latest updates."
    memory.reindex()
    again = memory.ingest(read_text(variant, "copy.txt"), by="test")
    assert again.status == "duplicate" and again.duplicate_of == first.article_id


def test_control_characters_in_html_are_no_crash() -> None:
    """Found by the fuzz test: lxml refused a control character when a dropped element's text
    moved to its parent (a ValueError, not an answer)."""
    broken = (b"\x01!DOCTYPE html><html><head><title>Rail Council Meets</title><meta name='date' "
              b"content='2025-03-04'><style>.x{color:red}</style>")
    assert read_bytes(broken, "a.html").title == "Rail Council Meets"
    page = (b"<html><head><title>Rail\x0b Council\x02</title></head><body><p>\x0c"
            + ARTICLE.encode() + b"\x1f</p></body></html>")
    doc = read_bytes(page, "b.html")
    assert "rail corridor" in doc.text and not any(ord(c) < 9 for c in doc.text)
