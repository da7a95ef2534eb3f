"""The extractor never raises or hangs, whatever text it is given (hypothesis)."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge.extract.pipeline import extract

MARKS = "“”\"«»„‘’'"
pieces = st.lists(st.one_of(
    st.text(max_size=40),
    st.sampled_from(["President ", "Foreign Minister ", "said ", "noted that ", "Meeting of ",
                     "Summit ", "ECO ", "(ECO) ", "Tehran", "Iranian ", "member countries — ",
                     "Iran, Turkey and Pakistan ", "\n", ". ", ", ", " he ", "“", "”", "\"",
                     "‘", "’", "«", "»", "4th ", "Mr. ", "on Monday "]),
), max_size=60)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces)
def test_any_mixture_of_news_words_and_marks(parts: list[str]) -> None:
    text = "".join(parts)
    facts = extract(text)
    for fact in (*facts.quotes, *facts.statements):
        assert 0 <= fact.span.start <= fact.span.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_unicode(text: str) -> None:
    extract(text)


def test_empty_and_whitespace() -> None:
    assert extract("").people == []
    assert extract(" \n\n \t").quotes == []


def test_unbalanced_and_nested_quotes() -> None:
    text = ("President Ali Karimi said “we will “never” stop ‘trying’ and " * 50) + "“"
    extract(text)
    extract(MARKS * 5000)


def test_long_inputs_stay_linear() -> None:
    unit = ("Iranian President Ali Karimi said that “the region needs more roads, more rail "
            "and more trust” on Monday in Tehran at the 4th Meeting of Transport Ministers. ")
    start = time.perf_counter()
    extract(unit * 200)
    small = time.perf_counter() - start
    start = time.perf_counter()
    extract(unit * 2000)  # ~300 KB
    large = time.perf_counter() - start
    assert large < max(small, 0.05) * 40  # 10x the text must not cost 40x the time


def test_one_megabyte_without_sentence_ends() -> None:
    extract("word " * 200_000)
    extract("A" * 1_000_000)
