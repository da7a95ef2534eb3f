"""Hostile input (issue 12): every case is refused clearly, or read within its limits."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from handlers.reply import to_plain
from knowledge.models import Article

ADMIN = Caller(user_id=2, chat_type="private", is_admin=True)


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
