"""The command layer (shared by Telegram and the terminal) on the shared corpus and the demo."""

from __future__ import annotations

import re

import pytest

from bot.runtime import DEMO_DIR
from handlers.dispatch import Dispatcher, parse
from handlers.registry import Caller
from handlers.reply import TELEGRAM_LIMIT, to_plain
from knowledge.ingest.document import Document
from knowledge.ingest.limits import Limits
from knowledge.uploads import ingest_paths

USER = Caller(user_id=1, chat_type="private")
ADMIN = Caller(user_id=2, chat_type="private", is_admin=True)


@pytest.fixture
def bot(memory, corpus) -> Dispatcher:
    list(ingest_paths(memory, [corpus / "articles", DEMO_DIR], Limits(), by="test"))
    return Dispatcher(memory, "ecobot")


def ask(bot: Dispatcher, line: str, caller: Caller = USER) -> str:
    reply = bot.run(line, caller)
    assert reply is not None, line
    for page in reply.pages:
        assert len(page) <= TELEGRAM_LIMIT
        _balanced(page)
    return to_plain(reply.html)


def _balanced(markup: str) -> None:
    """Every tag we open is closed (Telegram rejects broken HTML)."""
    stack = []
    for closing, tag in re.findall(r"<(/?)([a-z]+)[^>]*>", markup):
        if closing:
            assert stack and stack.pop() == tag, markup
        else:
            stack.append(tag)
    assert not stack, markup


def test_parse_command_lines() -> None:
    assert parse("/members@ecobot ECO") is not None
    p = parse("/members@ecobot ECO")
    assert (p.name, p.addressee, p.args) == ("members", "ecobot", "ECO")
    assert parse("hello") is None
    assert parse("/who   zarif  ").args == "zarif"


def test_help_counts_what_it_knows(bot) -> None:
    text = ask(bot, "/help")
    assert re.search(r"read \d+ articles", text)
    assert "/members" in text and "/quote" in text
    assert "/merge" not in text  # admin commands only for admins
    assert "/merge" in ask(bot, "/help", ADMIN)


def test_members_lists_the_ten_with_flags(bot) -> None:
    text = ask(bot, "/members")
    for country in ("Afghanistan", "Azerbaijan", "Iran", "Kazakhstan", "Kyrgyzstan", "Pakistan",
                    "Tajikistan", "Turkey", "Turkmenistan", "Uzbekistan"):
        assert country in text
    assert "🇮🇷" in text
    assert "Members (10)" in text
    assert "Guests" in text and "Oman" in text.split("Guests")[1]
    assert ask(bot, "/members economic cooperation organisation") == text


def test_meeting_by_place(bot) -> None:
    text = ask(bot, "/meeting tehran")
    assert "Interior Ministers" in text and "Tehran" in text
    assert "Oman" in text and "Iraq" in text
    assert "Masoud Pezeshkian" in text


@pytest.mark.parametrize("query", ["23rd", "foreign ministers dushanbe", "council dushanbe"])
def test_meeting_by_ordinal_and_body(bot, query: str) -> None:
    text = ask(bot, f"/meeting {query}")
    assert "Council of Foreign Ministers" in text and "Dushanbe" in text


def test_meeting_without_query_lists_latest(bot) -> None:
    assert ask(bot, "/meeting").count("🏛") >= 3


def test_meeting_unknown(bot) -> None:
    assert "no meeting matching" in ask(bot, "/meeting 99th")


def test_quote_by_person_and_topic(bot) -> None:
    text = ask(bot, "/quote zarif terrorism")
    assert "counter-extremism and terrorism strategy" in text
    assert "ideology of hate" not in text
    assert "financial resources" in ask(bot, "/quote Зариф")


def test_quote_typo_and_no_args(bot) -> None:
    assert "Pezeshkian" in ask(bot, "/quote pezeshkyan")
    assert "“" in ask(bot, "/quote")


def test_who_card(bot) -> None:
    text = ask(bot, "/who zarif")
    assert "Mohammad Javad Zarif" in text
    assert "Foreign Minister" in text and "Iran" in text
    assert "Council of Foreign Ministers" in text


def test_unknown_person_says_so(bot) -> None:
    text = ask(bot, "/who vladimir putin")
    assert "know no person called" in text


def test_where(bot) -> None:
    text = ask(bot, "/where dushanbe")
    assert "Council of Foreign Ministers" in text and "Zarif" in text


def test_search_highlights(bot) -> None:
    reply = bot.run("/search caliphate", USER)
    assert reply is not None and "<b>caliphate</b>" in reply.html.lower()


def test_articles_and_source(bot) -> None:
    assert "/source_1" in ask(bot, "/articles")
    text = ask(bot, "/source 1")
    assert "Members of ECO" in text or "Meetings" in text
    assert "no article #999" in ask(bot, "/source 999")


def test_unknown_command_suggests(bot) -> None:
    assert "/members" in ask(bot, "/memebrs")


def test_other_bots_commands_are_ignored(bot) -> None:
    assert bot.run("/members@someotherbot", USER) is None
    assert bot.run("/members@EcoBot", USER) is not None


def test_ambiguous_name_offers_buttons_that_answer(bot) -> None:
    reply = bot.run("/who president", USER)
    assert reply is not None and reply.buttons, reply.pages
    labels = [b.text for row in reply.buttons for b in row]
    assert "Masoud Pezeshkian" in labels and "Hassan Rouhani" in labels
    pick = next(b for row in reply.buttons for b in row if b.text == "Hassan Rouhani")
    answer = bot.press(pick.data, USER)
    assert answer is not None and "Hassan Rouhani" in answer.html


def test_admin_commands_refused_to_users(bot) -> None:
    for line in ("/add some text", "/alias zarif = Zarif", "/merge a | b", "/split a = b",
                 "/rename a = b", "/delete 1", "/undo", "/reindex", "/log", "/admin list"):
        text = ask(bot, line)
        assert text == "Sorry, that command is for the bot's admins.", line


def test_paging_and_escaping(memory) -> None:
    quotes = "\n".join(
        f'Minister Ali Karimi said: "Point <b>{i}</b> & the rest of a long answer '
        f'{"about regional trade " * 20}."' for i in range(40))
    text = f"Trade Talks Open in Baku\nIranian Minister Ali Karimi spoke on Monday.\n{quotes}\n"
    memory.ingest(Document("long.txt", text, "txt"))
    bot = Dispatcher(memory, "ecobot")
    reply = bot.run("/quote karimi", USER)
    assert reply is not None
    assert len(reply.pages) > 1 and reply.buttons
    assert "&lt;b&gt;" in reply.html and "<b>0</b>" not in reply.html
    nxt = next(b for b in reply.buttons[0] if b.text == "›")
    second = bot.press(nxt.data, USER)
    assert second is not None and second.current == 1 and second.html != reply.html
    for page in reply.pages:
        assert len(page) <= TELEGRAM_LIMIT
        _balanced(page)


def test_terminal_gives_the_same_text(bot) -> None:
    from bot.terminal import Terminal

    terminal = Terminal(bot)
    assert terminal.ask("/who zarif") == ask(bot, "/who zarif")
    assert terminal.ask("who zarif") == ask(bot, "/who zarif")


def test_unsure_speakers_are_marked_in_answers(memory) -> None:
    text = ("Talks on water open in Baku\n\nFARAWAY CITY – Energy Minister Lale Durmaz of Turkey "
            "said on Monday that river basins need shared rules. “We cannot manage rivers "
            "alone,” Durmaz said.\n\nDelegates later toured a dam.\n\n“Every season brings a "
            "new flood and a new drought to the whole region.”")
    memory.ingest(Document("water.txt", text, "txt"))
    answer = ask(Dispatcher(memory, "ecobot"), "/quote durmaz")
    sure, unsure = answer.split("We cannot manage rivers")[1], answer.split("Every season")[1]
    assert "speaker uncertain" not in sure.split("💬")[0]
    assert "speaker uncertain" in unsure.split("💬")[0]
