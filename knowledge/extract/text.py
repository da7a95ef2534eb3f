"""Paragraphs, sentences and quotation marks, with character spans. Linear time throughout."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from knowledge.extract.facts import Span

T = TypeVar("T")
_PARAGRAPH = re.compile(r"[^\n]+")
_ENDS = set(".!?…\"”’»):")
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)]*\s+")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt st no vs etc jan feb mar apr jun jul aug sep sept oct "
    "nov dec inc ltd co corp u.s u.k u.n e.g i.e approx dept gov sen rep".split())
OPENERS = "“«„‘\""
_PAIRS = {"“": "”", "«": "»", "„": "“", "‘": "’"}
_ALT_CLOSE = {"„": "”"}
_MARK = re.compile('["“«„‘]')


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    paragraph: int


def paragraphs(text: str) -> list[Span]:
    """Paragraphs: a blank line always ends one; a single line break ends one only after
    sentence-final punctuation or a short (headline) line, else it is a soft wrap."""
    out: list[Span] = []
    start = end = -1
    previous = ""  # the paragraph's last line so far
    for m in _PARAGRAPH.finditer(text):
        line = m.group()
        if line.isspace():
            continue
        if start < 0:
            start, end, previous = m.start(), m.end(), line.rstrip()
            continue
        if text.count("\n", end, m.start()) > 1 or previous[-1:] in _ENDS \
                or len(previous.split()) < 6:
            out.append(Span(start, end))
            start = m.start()
        end, previous = m.end(), line.rstrip()
    if start >= 0:
        out.append(Span(start, end))
    return out


def sentences(text: str, paras: list[Span]) -> list[Sentence]:
    """Sentences of each paragraph (abbreviations and initials do not end a sentence)."""
    out: list[Sentence] = []
    for p_index, para in enumerate(paras):
        start = para.start
        for m in _BOUNDARY.finditer(text, para.start, para.end):
            end = m.end()
            if end >= para.end:
                break
            nxt = text[end]
            if not (nxt.isupper() or nxt.isdigit() or nxt in OPENERS):
                continue
            word = text[max(start, m.start() - 12):m.start()].rsplit(None, 1)
            last = word[-1].lower().lstrip("(\"“") if word else ""
            if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            out.append(Sentence(Span(start, m.end() - len(m.group()) + len(m.group().rstrip())),
                                p_index))
            start = end
        if start < para.end:
            out.append(Sentence(Span(start, para.end), p_index))
    return out


def quote_spans(text: str, paras: list[Span]) -> list[Span]:
    """Spans of the words inside quotation marks (curly, straight, guillemets, low-high, and
    single quotes that are not apostrophes). An unclosed quote runs to the paragraph's end
    (continued quotes repeat the opening mark in the next paragraph)."""
    spans: list[Span] = []
    marks = [m.start() for m in _MARK.finditer(text)]  # one scan; each paragraph bisects it
    for para in paras:
        i, end = para.start, para.end
        while True:
            k = bisect_left(marks, i)  # the next mark at or after i, if before the end
            if k == len(marks) or marks[k] >= end:
                break
            i = marks[k]
            ch = text[i]
            if ch == '"':
                close = text.find('"', i + 1, end)
                stop = close if close != -1 else end
                spans.append(Span(i + 1, stop))
                i = stop + 1
                continue
            if _opens(text, i, para):
                closer = _PAIRS[ch]
                j = _find_close(text, i + 1, end, closer, _ALT_CLOSE.get(ch))
                stop = j if j != -1 else end
                spans.append(Span(i + 1, stop))
                i = stop + 1
                continue
            i += 1
    return _join_continued([s for s in spans if s.end > s.start], text, paras)


def _join_continued(spans: list[Span], text: str, paras: list[Span]) -> list[Span]:
    """A quote left open at its paragraph's end and taken up by an opening mark at the next
    paragraph's start is one quote over both (the news convention for long quotes)."""
    ends = {p.end for p in paras}
    starts = {p.start + 1 for p in paras}  # just after a paragraph's opening mark
    out: list[Span] = []
    for span in spans:
        if out and out[-1].end in ends and span.start in starts and not text[
                out[-1].end:span.start - 1].strip():
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def _opens(text: str, i: int, para: Span) -> bool:
    """‘ opens only at a word's start (not in "’s" or "rock ‘n’ roll" mid-word)."""
    if text[i] != "‘":
        return True
    before = text[i - 1] if i > para.start else " "
    after = text[i + 1] if i + 1 < para.end else " "
    return not before.isalnum() and after.isalnum()


def _find_close(text: str, start: int, end: int, closer: str, alt: str | None) -> int:
    key = closer + (alt or "")
    pattern = _CLOSERS.get(key)
    if pattern is None:
        pattern = _CLOSERS[key] = re.compile("[" + re.escape(key) + "]")
    j = start
    while (m := pattern.search(text, j, end)) is not None:
        j = m.start()
        if closer != "’":
            return j
        nxt = text[j + 1] if j + 1 < end else " "
        if not nxt.isalpha():  # "region’s" is an apostrophe, not a closing mark
            return j
        j += 1
    return -1


_CLOSERS: dict[str, re.Pattern[str]] = {}


# Characters re.IGNORECASE matches to an ASCII letter besides its two cases ("İ" and "ı" are
# i, "ſ" is s, the Kelvin sign is k); "İ" also lower-cases to two characters.
IGNORECASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_ODD_CASE = "".join(IGNORECASE_EXTRAS.values())


def ignorecase_lower(text: str) -> str | None:
    """`text` in lower case, position for position, or None when it holds a character that
    re.IGNORECASE reads otherwise. In the copy an ASCII word stands in lower case exactly where
    a case-insensitive regex finds it in `text`: a cheap test before running that regex."""
    return None if any(c in text for c in _ODD_CASE) else text.lower()


def reach_back(pattern: re.Pattern[str], backwards: str, at: int) -> int:
    """Where a match of `pattern` that ends just before `at` starts, the pattern written for
    the text reversed (`backwards`): a cheap way to find a stretch that ends at a landmark."""
    m = pattern.match(backwards, len(backwards) - at)
    return at - (m.end() - m.start()) if m is not None else at


class SpanIndex(Generic[T]):
    """Items with spans, sorted, for O(log n) "which item covers pos" and "items starting in
    [start, end)" (keeps extraction linear on long texts)."""

    def __init__(self, items: Iterable[T], span: Callable[[T], Span]) -> None:
        self.items = sorted(items, key=lambda item: span(item).start)
        self.spans = [span(item) for item in self.items]
        self.starts = [s.start for s in self.spans]
        self.ends = [s.end for s in self.spans]

    def covers(self, pos: int) -> bool:
        """Whether the item starting last at or before `pos` runs past it."""
        i = bisect_right(self.starts, pos) - 1  # so that starts[i] <= pos
        return i >= 0 and pos < self.ends[i]

    def between(self, start: int, end: int) -> list[T]:
        return self.items[bisect_left(self.starts, start):bisect_left(self.starts, end)]


def span_index(spans: Iterable[Span]) -> SpanIndex[Span]:
    return SpanIndex(spans, lambda s: s)
