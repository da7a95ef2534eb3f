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
