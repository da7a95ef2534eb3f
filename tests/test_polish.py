"""Issue 13's polish, through the command layer on the demo articles: tappable hints, titles,
compact lists, questions in plain text."""

from __future__ import annotations

import re

import pytest

from bot.runtime import DEMO_DIR
from handlers.dispatch import Dispatcher, parse
from handlers.registry import Caller
from handlers.reply import to_plain
from knowledge.ingest.limits import Limits
from knowledge.uploads import ingest_paths

USER = Caller(user_id=1, chat_type="private")
# "/source 7", "/meeting #2", "/quote #29": Telegram links only the bare command
UNTAPPABLE = re.compile(r"/[a-z]+ #?\d")


@pytest.fixture
def demo(memory) -> Dispatcher:
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    return Dispatcher(memory, "ecobot")


def ask(bot: Dispatcher, line: str, caller: Caller = USER) -> str:
    reply = bot.run(line, caller)
    assert reply is not None, line
    return to_plain(reply.html)


def test_a_command_that_carries_its_argument_is_parsed_as_such() -> None:
    p = parse("/source_7")
    assert (p.name, p.addressee, p.args) == ("source", None, "#7")
    p = parse("/meeting_2@ecobot")
    assert (p.name, p.addressee, p.args) == ("meeting", "ecobot", "#2")
    assert parse("/quote_29 terrorism").args == "#29 terrorism"
    assert parse("/nosuch_3").name == "nosuch_3"  # not a command of ours: left alone


def test_every_hint_is_tappable_and_answers(demo) -> None:
    seen: set[str] = set()
    for line in ("/articles", "/meeting", "/where dushanbe", "/who kamali", "/source 2",
                 "/meeting tehran"):
        text = ask(demo, line)
        assert not UNTAPPABLE.search(text), (line, UNTAPPABLE.search(text))
        seen |= set(re.findall(r"/(?:source|meeting|quote)_\d+", text))
    assert {h.split("_")[0] for h in seen} == {"/source", "/meeting", "/quote"}, seen
    for hint in sorted(seen):
        answer = ask(demo, hint)
        assert "I know" not in answer and "There is no" not in answer, (hint, answer)


UNTITLED = ("The Economic Cooperation Organization (ECO) meeting of transport ministers was "
            "held in Tashkent to discuss new railway corridors and customs rules.\n\n"
            "Uzbek Transport Minister Ilhom Makhkamov said the corridors would cut transit "
            "times across the region. “Trains must cross our borders in hours, not days,” "
            "Makhkamov said.\n")


def test_untitled_articles_are_shown_by_their_lead_never_by_file_name(memory) -> None:
    from datetime import date

    from knowledge.ingest.document import Document

    outcome = memory.ingest(Document("scan_0042.txt", UNTITLED, "txt"), source="UzA",
                            published=date(2025, 6, 3))
    bot = Dispatcher(memory, "ecobot")
    listed = ask(bot, "/articles")
    assert "scan_0042" not in listed
    title = listed.split(" · ")[1]
    assert title.startswith("The Economic Cooperation Organization (ECO) meeting of")
    assert title.endswith("…") and len(title) <= 81
    assert UNTITLED.startswith(title[:-1] + " ")  # cut at a word boundary
    assert listed.startswith("📰 Latest articles\n\n• UzA · The Economic")
    assert "3 Jun 2025" in listed
    for line in ("/search railway corridors", f"/source {outcome.article_id}",
                 "/quote makhkamov"):
        assert "scan_0042" not in ask(bot, line), line


def test_meeting_lists_and_cards_show_at_least_the_year(memory) -> None:
    from datetime import date

    from knowledge.ingest.document import Document

    memory.ingest(Document("t.txt", UNTITLED, "txt"), published=date(2025, 6, 3))
    bot = Dispatcher(memory, "ecobot")
    for line in ("/meeting", "/meeting tashkent", "/where tashkent"):
        assert "2025" in ask(bot, line), (line, ask(bot, line))


MEMBERS = ("{title}\n\nThe Economic Cooperation Organization (ECO) {what}. Its ten member states "
           "are Afghanistan, Azerbaijan, Iran, Kazakhstan, Kyrgyzstan, Pakistan, Tajikistan, "
           "Turkey, Turkmenistan and Uzbekistan.\n\n{more}\n")


def test_members_is_compact_with_sources_once_newest_by_date(memory) -> None:
    from datetime import date

    from knowledge.ingest.document import Document

    # the newer story is read first: "newest" must follow the dates, not the order of reading
    for name, title, what, more, day in (
            ("new.txt", "ECO Opens Its Trade Fair", "opened a trade fair in Baku",
             "Exhibitors showed carpets, cotton and machines from across the region.",
             date(2025, 9, 1)),
            ("old.txt", "ECO Marks Its Founding Day", "marked the day it was founded",
             "Speeches recalled the treaty of Izmir and the growth of regional trade since.",
             date(2024, 11, 28))):
        memory.ingest(Document(name, MEMBERS.format(title=title, what=what, more=more), "txt"),
                      published=day)
    text = ask(Dispatcher(memory, "ecobot"), "/members")
    block = text.split("Members (10)\n")[1].split("\n\n")[0]
    assert block.count("\n") == 0 and block.count(", ") == 9  # one block, flags and names
    assert "🇮🇷 Iran" in block
    assert text.count("Trade Fair") == 1 and text.count("Founding Day") == 1  # sources once
    assert text.index("Trade Fair") < text.index("Founding Day")  # newest by date first
    assert text.rstrip().endswith("/source_2")  # sources at the end
    assert "articles;" not in text and "newest:" not in text


SPEECH = ("Trade Ministers Meet in Baku\n\nBAKU (DEMO) – Azerbaijani Economy Minister Rauf Aliyev "
          "opened the ECO trade ministers meeting on Monday.\n\nAliyev said that customs reform "
          "would speed up transit trade across the region.\n\n\"Railway tariffs must fall for "
          "everyone in the region,\" Aliyev said. He stressed that railway tariffs must fall for "
          "everyone in the region.\n")


@pytest.fixture
def speech(memory) -> Dispatcher:
    from knowledge.ingest.document import Document

    memory.ingest(Document("baku.txt", SPEECH, "txt"))
    return Dispatcher(memory, "ecobot")


def test_quote_with_a_topic_also_finds_reported_statements(speech) -> None:
    text = ask(speech, "/quote aliyev customs")
    assert "customs reform would speed up transit trade" in text, text


def test_a_statement_that_repeats_a_quote_is_shown_once(speech) -> None:
    text = ask(speech, "/quote aliyev region")  # in all three: the quote and both statements
    assert text.count("tariffs must fall for everyone") == 1, text
    assert "“Railway tariffs must fall" in text  # the quote is what stays
    assert "customs reform" in text  # a statement of its own is kept


def test_an_empty_quote_answer_points_to_search(speech) -> None:
    reply = speech.run("/quote aliyev pipelines", USER)
    assert "/search" in reply.html
    button = reply.buttons[0][0]
    assert button.data == "c:/search pipelines"
    assert speech.press(button.data, USER) is not None


@pytest.mark.parametrize(("question", "expected"), [
    ("Dariush Kamali", "👤 Dariush Kamali"),
    ("kamali?", "👤 Dariush Kamali"),
    ("who is kamali", "👤 Dariush Kamali"),
    ("tehran", "📍 Meetings in Tehran"),
    ("What did Kamali say about border?", "💬 Dariush Kamali about “border”"),
    ("police cooperation", "🔎 Results for “police cooperation”"),
    ("hello", "Commands"),
])
def test_plain_text_is_a_question(demo, question: str, expected: str) -> None:
    reply = demo.ask(question, USER)
    assert reply is not None and expected in to_plain(reply.html), to_plain(reply.html)


def test_a_long_text_is_no_question_and_nothing_is_stored(demo) -> None:
    from handlers.registry import Caller

    admin = Caller(user_id=2, chat_type="private", is_admin=True)
    before = ask(demo, "/articles")
    article = "Ministers Meet Again\n\n" + "The ministers met and talked about trade. " * 20
    assert "/add" in demo.ask(article, admin).html
    assert "/help" in demo.ask(article, USER).html
    assert ask(demo, "/articles") == before


def test_the_terminal_asks_questions_too(demo) -> None:
    from bot.terminal import Terminal

    terminal = Terminal(demo)
    assert terminal.ask("who is kamali").startswith("👤 Dariush Kamali")
    assert terminal.ask("who kamali").startswith("👤 Dariush Kamali")  # a command, no slash
    assert terminal.ask("tehran").startswith("📍 Meetings in Tehran")


def test_group_help_names_the_bot_and_menus_list_user_commands_first(demo) -> None:
    from handlers.registry import COMMANDS
    from handlers.telegram import menu

    group = Caller(user_id=1, chat_type="supergroup")
    assert "/members@ecobot" in ask(demo, "/help", group)
    assert "&lt;my name&gt;" not in demo.run("/help", group).html
    admin_menu = [COMMANDS[c.command].admin for c in menu(admin=True)]
    assert admin_menu == sorted(admin_menu) and admin_menu[0] is False and admin_menu[-1]
    admin = Caller(user_id=2, chat_type="private", is_admin=True)
    text = ask(demo, "/help", admin)
    assert text.index("/members") < text.index("/add") < text.index("/admin")


def test_search_snippets_cut_at_word_boundaries() -> None:
    from knowledge.queries import HIGHLIGHT_END, HIGHLIGHT_START, highlight

    words = [f"w{i}ord" for i in range(60)]
    body = " ".join([*words[:30], "border", *words[30:]])
    snippet = highlight(body, ["border"], width=80)
    assert snippet.startswith("…") and snippet.endswith("…")
    plain = snippet.strip("…").replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")
    assert all(w in body.split() for w in plain.split()), snippet  # only whole words
    assert "border" in plain


INTERNAL_ID = re.compile(r"/(?:source|meeting|quote|who)_\d|#\d")


def test_inline_mode_covers_people_meetings_and_topics_without_ids(demo) -> None:
    from handlers.inline import inline_items

    memory = demo.memory
    latest = inline_items(memory, "")
    kinds = {i.id[0] for i in latest}
    assert {"m", "q"} <= kinds, [i.title for i in latest]  # the latest meetings and quotes
    tehran = inline_items(memory, "tehran")
    assert any(i.id.startswith("m") and "Interior Ministers" in i.title for i in tehran)
    border = inline_items(memory, "border")
    assert border and all(i.id.startswith("q") for i in border)
    assert any("border" in i.html.lower() for i in border)
    people = inline_items(memory, "kamali")
    assert people[0].title == "Dariush Kamali"
    for item in latest + tehran + border + people:
        assert not INTERNAL_ID.search(item.html), (item.title, INTERNAL_ID.search(item.html))
    assert inline_items(memory, "vladimir putin") == []


REAL = ("Interior Ministers of ECO Meet in Tehran\n\nTEHRAN (IRNA) – The 4th Meeting of Interior "
        "Ministers of the Economic Cooperation Organization (ECO) was held in Tehran.\n\n"
        "Pakistani Interior Minister Omar Farooqui said that smuggling networks cross every "
        "border in the region. “We will share our lists of wanted smugglers,” Farooqui said.\n")
NOTHING = ("I know no", "I have no", "I know of no", "Nothing in", "Several names match")


def _examples(bot: Dispatcher) -> list[str]:
    text = ask(bot, "/help")
    return [line.split(" — ")[0] for line in text.split("Try\n")[1].split("\n\n")[0].split("\n")]


def test_demo_articles_are_marked_and_their_examples_answer(memory) -> None:
    from knowledge.memory import DEMO_ACTOR

    list(ingest_paths(memory, [DEMO_DIR], Limits(), by=DEMO_ACTOR))
    assert len(memory.demo_articles()) == 4
    bot = Dispatcher(memory, "ecobot")
    assert "demo articles" in ask(bot, "/help")
    tries = _examples(bot)
    assert any(t.startswith("/quote ") and len(t.split()) == 3 for t in tries), tries
    for line in tries:
        answer = ask(bot, line)
        assert not any(n in answer for n in NOTHING), (line, answer)


def test_the_first_real_article_removes_the_demo_so_nothing_mixes(memory) -> None:
    from knowledge.ingest.document import Document
    from knowledge.memory import DEMO_ACTOR

    list(ingest_paths(memory, [DEMO_DIR], Limits(), by=DEMO_ACTOR))
    outcome = memory.ingest(Document("real.txt", REAL, "txt"), by="42")
    assert outcome.status == "added" and outcome.removed_demo == 4
    bot = Dispatcher(memory, "ecobot")
    assert "demo article" in to_plain(render_outcome(outcome))
    assert memory.demo_articles() == []
    card = ask(bot, "/meeting tehran")
    assert "Omar Farooqui" in card and "Kamali" not in card, card  # no invented speaker
    assert "DEMO NEWS" not in ask(bot, "/articles")
    assert "demo articles" not in ask(bot, "/help")
    for line in _examples(bot):
        answer = ask(bot, line)
        assert not any(n in answer for n in NOTHING), (line, answer)
    again = memory.ingest(Document("real2.txt", REAL.replace("Farooqui", "Qadir"), "txt"),
                          by="42")
    assert again.removed_demo == 0


def render_outcome(outcome) -> str:
    from handlers.render import outcome_line

    return outcome_line(outcome)
