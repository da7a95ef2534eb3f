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
    assert "Masoud Pezeshkian" in labels and "Emomali Rahmon" in labels
    pick = next(b for row in reply.buttons for b in row if b.text == "Emomali Rahmon")
    answer = bot.press(pick.data, USER)
    assert answer is not None and "Emomali Rahmon" in answer.html


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


def test_merge_buttons_keep_the_other_name_and_check_the_entity(bot) -> None:
    """Bug 1 of issue 13: entity ids in admin buttons carry a check code and the whole command."""
    reply = bot.run("/merge president | zarif", ADMIN)
    assert reply is not None and reply.buttons, reply.pages
    pick = next(b for row in reply.buttons for b in row if b.text == "Emomali Rahmon")
    assert re.fullmatch(r"c:/merge #\d+~[0-9a-f]{6} \| zarif", pick.data), pick.data
    stale = re.sub(r"~[0-9a-f]{6}", "~000000", pick.data)
    assert "That entity is gone" in to_plain(bot.press(stale, ADMIN).html)
    asked = bot.press(pick.data, ADMIN)  # a button asks first
    assert asked is not None and "Merge Mohammad Javad Zarif (#" in asked.html, asked.html
    yes, no = asked.buttons[0]
    assert "Nothing was merged." in bot.press(no.data, ADMIN).html
    merged = bot.press(yes.data, ADMIN)
    assert merged is not None and "Merged into Emomali Rahmon" in merged.html, merged.html
    assert "That entity is gone" in bot.press(yes.data, ADMIN).html  # Zarif's row is gone


def test_delete_asks_first_and_a_stale_check_deletes_nothing(bot) -> None:
    reply = bot.run("/delete 1", ADMIN)
    assert reply is not None and "Delete #1 ‘" in reply.html, reply.html
    yes, no = reply.buttons[0]
    assert "Kept #1" in bot.press(no.data, ADMIN).html
    stale = re.sub(r"~[0-9a-f]{6}", "~000000", yes.data)
    assert "That article is gone." in bot.press(stale, ADMIN).html
    assert "Deleted #1" in bot.press(yes.data, ADMIN).html
    assert "That article is gone." in bot.press(yes.data, ADMIN).html


def _state(bot: Dispatcher) -> list[tuple]:
    """Every row that refers to an entity, with entity ids shown as names (row ids left out
    where a split may re-create a row: aliases and rows a merge dropped as duplicates)."""
    from sqlmodel import SQLModel, select

    from knowledge import models as m

    with bot.memory.db.session() as s:
        names = {e.id: (e.kind, e.name) for e in s.exec(select(m.Entity))}
        rows = []
        for model in (m.Entity, m.Alias, m.Mention, m.RoleClaim, m.Quote, m.Meeting,
                      m.MeetingReport, m.LinkReview, m.MembershipClaim, m.Attendance,
                      m.MembershipTally):
            table = SQLModel.metadata.tables[model.__tablename__]
            refs = {c.name for c in table.columns
                    if any(fk.column.table.name == "entity" for fk in c.foreign_keys)}
            for row in s.exec(select(model)):
                values = row.model_dump()
                if model is not m.Entity:
                    values.pop("id", None)
                    values.pop("created_at", None)
                rows.append((model.__name__, tuple(sorted(
                    (k, names.get(v) if k in refs else v) for k, v in values.items()))))
    return sorted(rows, key=repr)


@pytest.mark.parametrize(("merge", "split"), [
    ("/merge zarif | rouhani", "/split zarif = Hassan Rouhani"),
    ("/merge iran | turkey", "/split iran = Turkey"),  # both members: duplicate claims dropped
])
def test_split_undoes_merge(bot, merge: str, split: str) -> None:
    """Issue 13, bug 6: merge then split gives back the state before the merge (roles,
    statements, quotes, aliases, country, memberships, attendance)."""
    before = _state(bot)
    assert "Merged into" in ask(bot, merge, ADMIN)
    assert _state(bot) != before
    assert "Split off" in ask(bot, split, ADMIN)
    assert _state(bot) == before
    name = split.split("= ")[1]
    assert name in ask(bot, f"/who {name}" if "zarif" in split else f"/where {name}")


@pytest.mark.parametrize(("line", "says"), [
    ("/where paris", "I know no place called “paris”."),
    ("/where london", "I know no place called “london”."),
    ("/who paris", "I know no person called “paris”."),
])
def test_unknown_names_get_no_random_suggestions(bot, line: str, says: str) -> None:
    """Issue 13, bug 8: `/where paris` offered Iran, Turkey, Tehran … (names that only sound a
    little alike). Nothing close: no buttons, no "closest names"."""
    reply = bot.run(line, USER)
    assert reply is not None and not reply.buttons, reply.buttons
    assert to_plain(reply.html) == says


def test_close_typos_are_still_suggested(bot) -> None:
    reply = bot.run("/who sharipof", USER)
    assert reply is not None
    assert [b.text for row in reply.buttons for b in row] == ["Bahrom Sharipov"]


def test_a_split_button_asks_first(bot) -> None:
    from knowledge import queries
    from knowledge.ids import entity_check

    assert "Merged into" in ask(bot, "/merge zarif | rouhani", ADMIN)
    picked = bot.memory.index.resolve("zarif", kind="person").matches[0]
    with bot.memory.db.session() as s:
        row = queries.entity(s, picked.entity_id)
        code = entity_check(row.kind, row.created_at)
    asked = bot.press(f"c:/split #{picked.entity_id}~{code} = Hassan Rouhani", ADMIN)
    assert asked is not None and "Split Hassan Rouhani off Mohammad Javad Zarif" in asked.html
    yes, no = asked.buttons[0]
    assert "Nothing was split." in bot.press(no.data, ADMIN).html
    assert "Split off Hassan Rouhani" in bot.press(yes.data, ADMIN).html


def test_an_alias_is_found_at_once(bot) -> None:
    """The resolver learns an admin's alias in the same step (the alias row is inserted
    directly, which the session's flush events do not report)."""
    assert "now also known as" in ask(bot, "/alias zarif = Jawad the Diplomat", ADMIN)
    assert "Zarif" in ask(bot, "/who jawad the diplomat")
