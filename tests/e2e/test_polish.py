"""Issue 13's polish through the real bot and the strict local Bot API server: questions in
plain text, group etiquette, tappable hints."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.e2e


async def test_plain_text_in_a_private_chat_is_a_question(ecobot) -> None:
    user = ecobot.user()
    assert (await user.ask("Dariush Kamali")).text.startswith("👤 Dariush Kamali")
    assert (await user.ask("tehran")).text.startswith("📍 Meetings in Tehran")
    said = await user.ask("what did kamali say about border?")
    assert said.text.startswith("💬 Dariush Kamali about “border”"), said.text


async def test_plain_text_in_a_group_only_when_addressed(ecobot) -> None:
    member = ecobot.user(chat_type="supergroup")
    await member.send("kamali")
    assert await member.silence(1.0) == []  # people talking among themselves
    mentioned = await member.ask(f"@{ecobot.username} kamali")
    assert mentioned.text.startswith("👤 Dariush Kamali"), mentioned.text
    bot = ecobot.application.bot
    ours = {"message_id": mentioned.message_id, "date": int(time.time()),
            "chat": member.chat, "text": mentioned.text,
            "from": {"id": bot.id, "is_bot": True, "first_name": "Ecobot Test",
                     "username": ecobot.username}}
    await member.send("tehran", reply_to=ours)
    assert (await member.wait_reply()).text.startswith("📍 Meetings in Tehran")
    other = dict(ours, **{"from": {"id": 77, "is_bot": False, "first_name": "Ann"}})
    await member.send("tehran", reply_to=other)
    assert await member.silence(1.0) == []


async def test_a_pasted_article_is_not_taken_for_a_question(ecobot) -> None:
    admin = ecobot.admin()
    before = (await admin.ask("/articles")).text
    article = "Ministers Meet Again\n\n" + "The ministers met and talked about trade. " * 20
    hint = await admin.ask(article)
    assert "/add" in hint.text
    assert (await admin.ask("/articles")).text == before  # nothing stored


async def test_tapped_hints_answer(ecobot) -> None:
    user = ecobot.user()
    card = await user.ask("/who kamali")
    meeting = next(w for w in card.text.split() if w.startswith("/meeting_"))
    assert (await user.ask(meeting)).text.startswith("🏛")
    quote = next(w for w in card.text.split() if w.startswith("/quote_"))
    assert "Dariush Kamali" in (await user.ask(quote)).text
    source = next(w for w in card.text.split() if w.startswith("/source_"))
    assert (await user.ask(source)).text.startswith("📰")


async def test_inline_mode_offers_the_latest_and_shares_no_ids(ecobot) -> None:
    import re

    user = ecobot.user()
    latest = await user.inline_query("")
    assert latest and any(r["title"].startswith("ECO") for r in latest), latest[:3]
    for query in ("", "tehran", "kamali"):
        for r in await user.inline_query(query) if query else latest:
            shared = r["input_message_content"]["message_text"]
            assert not re.search(r"/(?:source|meeting|quote)_\d|#\d", shared), shared[:200]
