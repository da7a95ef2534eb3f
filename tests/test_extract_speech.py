"""Speech on short texts of our own, one class of news language each: who speaks a quote or a
reported clause, in the orders and forms news uses, with a confidence that flags doubt."""

from __future__ import annotations

from knowledge.extract.pipeline import extract

SURE = 0.9


def _quotes(text: str) -> list[tuple[str | None, str, bool]]:
    """(speaker, first words, sure) of every quote."""
    return [(q.speaker, " ".join(q.text.split()[:3]), q.confidence >= SURE)
            for q in extract(text).quotes]


def test_quote_of_several_sentences_named_only_after_it() -> None:
    text = ("Leaders of the Nile Basin states meet in Kampala next week.\n\n\"The talks are "
            "not a ritual. We want a timetable for the dam, with names and dates,\" said NBI "
            "Executive Secretary Joseph Mugisha, a Ugandan engineer.")
    quotes = _quotes(text)
    assert quotes == [("Joseph Mugisha", "The talks are", True)]
    assert extract(text).people[0].country == "Uganda"


def test_plural_nouns_are_not_speech_verbs() -> None:
    facts = extract("Leaders of the Nile Basin states meet in Kampala. The Lake Victoria "
                    "notes were read out. Foreign Minister Ruth Achieng states that the deal "
                    "is ready.")
    assert [p.name for p in facts.people] == ["Ruth Achieng"]
