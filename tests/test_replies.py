"""Reply helpers and argument parsing: limits hold whatever the input."""

from __future__ import annotations

from handlers.dispatch import MAX_ARG_CHARS, MAX_ARG_WORDS, finished, parse
from handlers.render import outcome_line
from handlers.reply import TELEGRAM_LIMIT, Button, Reply, plural
from knowledge.memory import IngestOutcome


def test_plural() -> None:
    assert [plural(1, "quote"), plural(2, "quote"), plural(1, "person"), plural(0, "person")] \
        == ["1 quote", "2 quotes", "1 person", "0 people"]


def test_outcome_line_counts_in_the_singular() -> None:
    outcome = IngestOutcome("a.txt", "added", article_id=3, title="T",
                            counts={"people": 1, "quotes": 1, "statements": 1},
                            members={"ECO": 1})
    line = outcome_line(outcome)
    assert "1 person, 1 quote, 1 statement, 1 member of ECO" in line


def test_arguments_are_capped_and_cleaned_once() -> None:
    parsed = parse("/meeting " + " ".join(["tehran"] * 1000))
    assert parsed is not None and len(parsed.args.split()) == MAX_ARG_WORDS
    assert len(parse("/who " + "x" * 5000).args) == MAX_ARG_CHARS  # type: ignore[union-attr]
    assert parse("/who zar\x00if\u200b\x1b").args == "zarif"  # type: ignore[union-attr]
    article = "/add line one\n\nline two " + "word " * 3000
    assert parse(article).args.count("word") == 3000  # type: ignore[union-attr]


def test_finished_replies_fit_telegram() -> None:
    reply = finished(Reply(["<b>x</b>\n" * 2000], [[Button("a", "c:/" + "x" * 80),
                                                     Button("b", "c:/who #1")]]))
    assert len(reply.html) <= TELEGRAM_LIMIT
    assert [[b.text for b in row] for row in reply.buttons] == [["b"]]
