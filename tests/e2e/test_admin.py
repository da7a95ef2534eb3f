"""Admins teach the bot over Telegram: uploads of every format, corrections, and bad input
that gets a clear answer and loses nothing — through the real bot and the local Bot API server."""

from __future__ import annotations

import asyncio
import http.server
import threading
from collections.abc import Callable

import pytest

from tests.e2e.conftest import ADMIN_ID
from tests.files import SAMPLE, blank_pdf, docx, encrypted_pdf, pdf, zip_bomb, zip_of

pytestmark = pytest.mark.e2e

ADMIN_COMMANDS = ["/add some pasted text", "/alias zarif = Zarif Jr", "/merge a | b",
                  "/split a = b", "/rename a = b", "/delete 1", "/undo", "/reindex", "/log",
                  "/admin list"]
PLAIN = SAMPLE.replace("–", "-")  # the hand-made PDF writer speaks Latin-1


async def upload(admin, name: str, data: bytes, caption: str | None = None,
                 expect: str = "📥") -> str:
    """Send a document; return the final text of the bot's progress message."""
    await admin.send_document(name, data, caption)
    status = await admin.wait_reply(timeout=20)
    done = await admin._wait(lambda: _final(admin, status.message_id), 30, what="a result")
    assert expect in status.text or expect in done
    return done


async def _final(admin, message_id: int) -> str | None:
    for m in await admin.messages():
        if m.message_id == message_id and ("✅" in m.text or "❌" in m.text or "⏭" in m.text):
            return m.text
    return None


async def test_non_admin_is_refused_everything(ecobot) -> None:
    user = ecobot.user()
    for command in ADMIN_COMMANDS:
        reply = await user.ask(command)
        assert reply.text == "Sorry, that command is for the bot's admins.", command
    await user.send_document("a.txt", SAMPLE.encode())
    reply = await user.wait_reply()
    assert "only the bot's admins" in reply.text
    assert "Transport Ministers" not in (await user.ask("/articles")).text


@pytest.mark.parametrize(("name", "make"), [
    ("article.txt", lambda: SAMPLE.encode()),
    ("article.md", lambda: ("# " + SAMPLE.replace("\n", "\n\n", 1)).encode()),
    ("article.html", lambda: (
        "<html><head><title>Transport Ministers of ECO Meet in Almaty</title>"
        "<script>alert('x')</script></head><body><nav>Home | World</nav><article>"
        + "".join(f"<p>{p}</p>" for p in SAMPLE.split("\n", 1)[1].split("\n\n"))
        + "</article><footer>Copyright</footer></body></html>").encode()),
    ("article.pdf", lambda: pdf(PLAIN.split("\n\n"))),
    ("article.docx", lambda: docx(SAMPLE.split("\n\n"), "Transport Ministers Meet")),
])
async def test_each_upload_format(ecobot, name: str, make: Callable[[], bytes]) -> None:
    admin = ecobot.admin()
    text = await upload(admin, name, make(), caption="date: 2025-03-04\nsource: Test Wire")
    assert "✅ Added" in text, text
    assert "1 meeting" in text and "Transport Ministers" in text
    who = await admin.ask("/who abenov")
    assert "Nurlan Abenov" in who.text and "Transport Minister" in who.text
    if name.endswith(".html"):
        source = await admin.ask("/search alert")
        assert "Nothing" in source.text  # the page's script never became article text


async def test_zip_of_articles_with_a_bad_member(ecobot) -> None:
    admin = ecobot.admin()
    other = SAMPLE.replace("Almaty", "Bishkek").replace("Abenov", "Ormonov")
    data = zip_of({"one.txt": SAMPLE.encode(), "two.txt": other.encode(),
                   "broken.pdf": b"%PDF-1.4 not really", "empty.txt": b""})
    text = await upload(admin, "batch.zip", data)
    assert text.count("✅ Added") == 2
    assert "broken.pdf" in text and "damaged PDF" in text
    assert "empty.txt" in text and "empty file" in text
    assert "2 added, 0 duplicates, 2 failed" in text


async def test_duplicates_are_reported_not_stored(ecobot) -> None:
    admin = ecobot.admin()
    first = await upload(admin, "a.txt", SAMPLE.encode())
    number = first.split("(#")[1].split(")")[0]
    headline = first.split("“")[1].split("”")[0]
    again = await upload(admin, "b.txt", SAMPLE.encode())
    assert f"already stored as #{number} ‘{headline}’" in again, again
    retitled = "A Different Headline For The Same Wire Story\n" + SAMPLE.split("\n", 1)[1]
    assert f"#{number}" in await upload(admin, "c.txt", retitled.encode())


@pytest.mark.parametrize(("name", "make", "says"), [
    ("empty.txt", lambda: b"", "empty file"),
    ("blank.txt", lambda: b"   \n\n  ", "empty file"),
    ("binary.txt", lambda: bytes(range(256)) * 8, "binary file"),
    ("image.txt", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG image"),
    ("fake.pdf", lambda: b"this is not a pdf at all", "not a PDF"),
    ("broken.pdf", lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50, "damaged PDF"),
    ("locked.pdf", encrypted_pdf, "encrypted PDF"),
    ("long.pdf", lambda: blank_pdf(60), "50 allowed"),
    ("bomb.zip", zip_bomb, "unpacks to more than"),
    ("bomb.docx", lambda: zip_of({"[Content_Types].xml": b"<Types/>",
                                  "word/document.xml": b"<w:p/>" * 10_000_000}),
     "unpacks to more than"),
    ("many.zip", lambda: zip_of({f"n{i}.txt": b"short note" for i in range(260)}),
     "files inside"),
    ("huge.txt", lambda: ("word " * 50_000).encode(), "longer than"),
])
async def test_bad_uploads_get_a_clear_answer_and_store_nothing(
        ecobot, name: str, make: Callable[[], bytes], says: str) -> None:
    admin = ecobot.admin()
    before = (await admin.ask("/articles")).text
    text = await upload(admin, name, make())
    assert "❌" in text and name.split("/")[-1] in text and says in text, text
    assert (await admin.ask("/articles")).text == before


async def test_upload_over_the_size_cap_is_refused_before_download(bot_api_server,
                                                                   memory_template,
                                                                   tmp_path) -> None:
    import shutil

    from tests.e2e.conftest import make_settings, start_bot, stop_bot
    from tests.e2e.harness import TgUser

    db = tmp_path / "cap.db"
    shutil.copy(memory_template, db)
    settings = make_settings(bot_api_server, "777:CAP", db, max_upload_bytes=1000)
    application = await start_bot(settings)
    try:
        admin = TgUser(bot_api_server, "777:CAP", user_id=ADMIN_ID)
        await admin.send_document("big.txt", SAMPLE.encode() * 10)
        reply = await admin.wait_reply()
        assert "big.txt" in reply.text and "larger than" in reply.text
    finally:
        await stop_bot(application)


async def test_non_utf8_text_and_no_facts(ecobot) -> None:
    admin = ecobot.admin()
    cyrillic = "Новости дня\nСегодня в Душанбе прошла встреча министров.".encode("cp1251")
    text = await upload(admin, "news-cp1251.txt", cyrillic)
    assert "✅ Added" in text and "no facts found" in text
    assert "Сегодня" in (await admin.ask("/search встреча")).text


async def test_add_pasted_text_and_reply_to_forwarded(ecobot) -> None:
    admin = ecobot.admin()
    await admin.send("/add source: Pasted Wire\n" + SAMPLE)
    status = await admin.wait_reply()
    done = await admin.wait_text(status, "Added")
    assert "Transport Ministers" in done.text
    forwarded = await admin.send(SAMPLE.replace("Almaty", "Tashkent").replace("Abenov", "Saidov"))
    assert "reply /add" in (await admin.wait_reply()).text  # an article, not a question
    await admin.send("/add", reply_to=forwarded)
    status = await admin.wait_reply()
    done = await admin.wait_text(status, "Added")
    assert "Tashkent" in done.text or "✅" in done.text


async def test_add_url(ecobot) -> None:
    page = ("<html><head><title>Transport Talks</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in SAMPLE.split("\n\n")) + "</article></body></html>")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode()
            self.send_response(200)
            self.send_header("content-type", "text/html; charset=utf-8")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        admin = ecobot.admin()
        await admin.send(f"/add http://127.0.0.1:{server.server_address[1]}/news/transport")
        status = await admin.wait_reply()
        done = await admin.wait_text(status, "✅", timeout=30)
        assert "Added" in done.text
        articles = await admin.ask("/articles")
        assert "Transport Talks" in articles.text
        bad = await admin.ask("/add ftp://example.invalid/file")
        done_bad = await admin.wait_text(bad, "❌")
        assert "http and https" in done_bad.text
    finally:
        server.shutdown()


async def test_corrections_and_log(ecobot) -> None:
    admin = ecobot.admin()
    await upload(admin, "a.txt", SAMPLE.encode())
    assert "now also known as" in (await admin.ask("/alias abenov = N. Abenov")).text
    assert "Nurlan Abenov" in (await admin.ask("/who n. abenov")).text
    assert "Renamed to Nurlan B. Abenov" in (
        await admin.ask("/rename nurlan abenov = Nurlan B. Abenov")).text
    assert "Merged into" in (await admin.ask("/merge zarif | rouhani")).text
    assert "Split off" in (await admin.ask("/split zarif = Hassan Rouhani")).text
    log = (await admin.ask("/log")).text
    for action in ("ingest", "alias", "rename", "merge", "split"):
        assert action in log


async def test_undo_and_delete(ecobot) -> None:
    admin = ecobot.admin()
    added = await upload(admin, "a.txt", SAMPLE.encode())
    number = added.split("(#")[1].split(")")[0]
    assert f"Removed #{number}" in (await admin.ask("/undo")).text
    assert "know no person" in (await admin.ask("/who abenov")).text
    assert "no article" in (await admin.ask(f"/delete {number}")).text
    again = await upload(admin, "a.txt", SAMPLE.encode())
    assert "✅ Added" in again  # nothing was left behind to make it a duplicate


async def test_reindex_shows_progress_and_keeps_answers(ecobot) -> None:
    admin = ecobot.admin()
    before = (await admin.ask("/who zarif")).text
    await admin.send("/reindex")
    status = await admin.wait_reply()
    done = await admin.wait_text(status, "Re-extracted", timeout=60)
    assert "articles" in done.text
    assert (await admin.ask("/who zarif")).text == before


async def test_admin_add_makes_an_admin(ecobot) -> None:
    admin = ecobot.admin()
    newcomer = ecobot.user()
    assert "admins" in (await newcomer.ask("/log")).text
    assert "is now an admin" in (await admin.ask(f"/admin add {newcomer.user_id}")).text
    assert "Latest changes" in (await newcomer.ask("/log")).text


async def test_upload_while_others_query(ecobot) -> None:
    admin = ecobot.admin()
    users = [ecobot.user() for _ in range(8)]
    batch = zip_of({f"a{i}.txt": SAMPLE.replace("Almaty", city).encode()
                    for i, city in enumerate(["Astana", "Bishkek", "Baku", "Ankara", "Kabul"])})
    upload_task = asyncio.create_task(upload(admin, "batch.zip", batch))
    replies = await asyncio.gather(*(u.ask("/members", timeout=20) for u in users))
    assert all("Members" in r.text for r in replies)
    assert "5 added" in await upload_task


async def test_rate_limit_per_user(bot_api_server, memory_template, tmp_path) -> None:
    import shutil

    from tests.e2e.conftest import make_settings, start_bot, stop_bot
    from tests.e2e.harness import TgUser

    db = tmp_path / "rate.db"
    shutil.copy(memory_template, db)
    settings = make_settings(bot_api_server, "888:RATE", db, rate_limit_per_minute=3)
    application = await start_bot(settings)
    try:
        busy = TgUser(bot_api_server, "888:RATE")
        for _ in range(3):
            assert "Members" in (await busy.ask("/members")).text
        assert "too fast" in (await busy.ask("/members")).text
        for _ in range(2):  # warned once per window, then silence
            await busy.send("/members")
        assert await busy.silence(1.0) == []
        other = TgUser(bot_api_server, "888:RATE")  # one chat cannot starve the others
        assert "Members" in (await other.ask("/members")).text
        admin = TgUser(bot_api_server, "888:RATE", user_id=ADMIN_ID)
        for _ in range(5):
            assert "Members" in (await admin.ask("/members")).text
    finally:
        await stop_bot(application)


async def test_a_long_zip_report_pages_with_buttons(ecobot) -> None:
    """The report of a ZIP with more files than one page shows its totals first and turns its
    pages in place, so failures after the 15th file are seen."""
    admin = ecobot.admin()
    members = {f"blank{i:02}.txt": b"   " for i in range(20)}
    members["last.txt"] = bytes(range(256)) * 4
    text = await upload(admin, "many.zip", zip_of(members))
    assert "0 added, 0 duplicates, 21 failed" in text and "Page 1 of 2" in text
    [report] = [m for m in await admin.messages() if m.text == text]
    assert "last.txt" not in report.text
    await admin.press(report, "›")
    page2 = await admin.wait_edit(report)
    assert "Page 2 of 2" in page2.text and "last.txt: binary file, not text" in page2.text
    assert "21 failed" in page2.text
