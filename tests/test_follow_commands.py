"""/follow, /following, /unfollow and the "🔔 Follow" buttons through the command layer (the
path Telegram and the terminal share), and the news messages the delivery task sends."""

from __future__ import annotations

import pytest
from sqlmodel import select

from bot.runtime import DEMO_DIR
from handlers.dispatch import Dispatcher
from handlers.follow import news_reply
from handlers.registry import Caller
from handlers.reply import to_plain
from knowledge import follows
from knowledge.ingest.limits import Limits
from knowledge.models import OutboxItem
from knowledge.uploads import ingest_paths
from tests.test_follows import TASHKENT, doc

PRIVATE = Caller(user_id=5, chat_type="private", chat_id=5, chat_admin=True)
MEMBER = Caller(user_id=6, chat_type="group", chat_id=-70, chat_admin=False)
GROUP_ADMIN = Caller(user_id=7, chat_type="group", chat_id=-70, chat_admin=True)
BOT_ADMIN = Caller(user_id=8, chat_type="private", chat_id=8, chat_admin=True, is_admin=True)


@pytest.fixture
def bot(memory) -> Dispatcher:
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    return Dispatcher(memory, "ecobot")


def ask(bot: Dispatcher, line: str, caller: Caller = PRIVATE):
    reply = bot.run(line, caller)
    assert reply is not None, line
    return reply


def test_follow_a_person_list_and_unfollow(bot) -> None:
    reply = ask(bot, "/follow kamali")
    assert "now follows Dariush Kamali (person)" in to_plain(reply.html)
    assert reply.buttons[0][0].text == "🔕 Unfollow"
    assert "already follows Dariush Kamali" in to_plain(ask(bot, "/follow Dariush Kamali").html)
    listed = ask(bot, "/following")
    assert "👤 Dariush Kamali (person)" in to_plain(listed.html)
    pressed = bot.press(listed.buttons[0][0].data, PRIVATE)
    assert pressed is not None and "no longer follows Dariush Kamali" in pressed.html
    assert "follows nothing yet" in ask(bot, "/following").html


def test_words_that_name_nothing_become_a_topic(bot) -> None:
    reply = ask(bot, "/follow Transit Corridors")
    text = to_plain(reply.html)
    assert "I know no person, organization or place called “Transit Corridors”" in text
    assert "topic “transit corridors”" in text
    assert "📝 transit corridors (topic)" in to_plain(ask(bot, "/following").html)
    assert "no longer follows transit corridors" in ask(bot, "/unfollow transit corridors").html
    assert "topic “tehran”" in to_plain(ask(bot, "/follow topic Tehran").html)


def test_cards_carry_a_follow_button(bot) -> None:
    for line in ("/who kamali", "/members ECO", "/meeting tehran", "/where tehran"):
        reply = ask(bot, line)
        button = reply.buttons[-1][-1]
        assert button.text == "🔔 Follow", line
        followed = bot.press(button.data, PRIVATE)
        assert followed is not None and "follows <b>" in followed.html, line
        assert followed.shown_as == "toast", line  # the card stays
    labels = to_plain(ask(bot, "/following").html)
    assert all(n in labels for n in ("Dariush Kamali", "ECO", "Tehran")), labels


def test_in_a_group_only_its_admins_change_follows(bot) -> None:
    assert "Only this group's admins" in ask(bot, "/follow ECO", MEMBER).html
    assert "now follows" in ask(bot, "/follow ECO", GROUP_ADMIN).html
    assert "Only this group's admins" in ask(bot, "/unfollow ECO", MEMBER).html
    assert "ECO" in ask(bot, "/following", MEMBER).html  # anyone may look
    assert ask(bot, "/following", MEMBER).buttons == []


def test_the_terminal_has_no_chat_to_follow_in(bot) -> None:
    assert "works in a Telegram chat" in ask(bot, "/follow ECO", Caller()).html


def test_follow_stats_is_for_bot_admins(bot) -> None:
    ask(bot, "/follow ECO")
    ask(bot, "/follow grain tariffs", GROUP_ADMIN)
    assert "for the bot's admins" in ask(bot, "/follow stats").html
    text = to_plain(ask(bot, "/follow stats", BOT_ADMIN).html)
    assert "2 chats follow 2 things (1 names, 1 topic)" in text
    assert "Outbox: 0 pending, 0 delivered" in text


def test_news_for_one_article_and_a_digest(bot) -> None:
    ask(bot, "/follow transit corridors")
    ask(bot, "/follow ECO")
    bot.memory.ingest(doc(TASHKENT, "tashkent.txt"))
    with bot.memory.db.session() as s:
        items = list(s.exec(select(OutboxItem).where(OutboxItem.chat_id == 5)))
        entries = follows.news(s, items)
    one = news_reply(entries)
    text = to_plain(one.html)
    assert "🔔 New on" in text and "“transit corridors”" in text and "ECO" in text
    assert "🏛 New meeting: 7th Transport Ministers, Tashkent" in text
    assert "Test Wire · Transport Ministers of ECO Gather Again in Tashkent" in text
    assert [b.text for b in one.buttons[0]] == ["📰 Article", "👤 Who", "🏛 Meeting"]
    opened = bot.press(one.buttons[0][0].data, PRIVATE)
    assert opened is not None and opened.shown_as == "new"  # the news message stays
    assert "Gather Again in Tashkent" in opened.html
    digest = news_reply(entries * 20)
    assert len(digest.pages) == 1 and len(digest.html) < 4096
    assert "20 new articles on what this chat follows" in to_plain(digest.html)
    assert "…and 5 more" in digest.html


def test_no_follow_button_outside_a_chat(bot) -> None:
    assert all(b.text != "🔔 Follow" for row in ask(bot, "/who kamali", Caller()).buttons
               for b in row)


def test_bad_follow_input_gets_a_clear_answer(bot) -> None:
    assert "Tell me what to follow" in ask(bot, "/follow").html
    assert "a topic needs at least one letter or digit" in ask(bot, "/follow …!").html
    assert "is not a name I know" in ask(bot, "/follow #999999").html
    assert "does not follow “grain”" in ask(bot, "/unfollow grain").html
    assert "follows nothing yet" in ask(bot, "/following").html  # nothing was stored
