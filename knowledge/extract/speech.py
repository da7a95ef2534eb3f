"""Who said what: direct quotes (with their speakers) and reported statements."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import compress
from typing import NamedTuple

from knowledge.extract.facts import QuoteFact, Span, StatementFact
from knowledge.extract.lexicon import (
    PARTICIPLES,
    PRONOUNS,
    ROLE_WORDS,
    SPEECH_VERBS,
    STATEMENT_PARTICIPLES,
    STATEMENT_VERBS,
    VERB_PARTICLES,
)
from knowledge.extract.people import Mention, People
from knowledge.extract.text import OPENERS, Sentence, SpanIndex, span_index

_WORD = re.compile(r"[\w’'\-]+")
_CONTINUED = re.compile(r"\s*\n\s*[“\"«„‘']")
_TRAILING = re.compile(r"[\s,;:]+$")
_LEADING = re.compile(r"^[\s,;:]+")
_ORG_VERBS = r"(?:said|stated|announced|noted|added|warned|declared)\b"
_ORG_BODY_WORDS = ("ministry", "secretariat", "government", "office")  # the last word of a body
_ORG_SPEAKER = re.compile(
    r"\b(?:(?P<owner>[A-Z][\w\-]*+(?:\s+[A-Z][\w\-]*+)*)[’']s\s+)?(?P<body>(?:the\s+)?"
    r"(?:[A-Z][\w\-]*+\s+)*(?i:ministry|foreign ministry|secretariat|government|office))"
    rf"\s+{_ORG_VERBS}")
# Where `_ORG_SPEAKER` can match: its verb (literal words, so the engine skips fast to them)
# after a space, right after one of its body's last words (any case, as `_ORG_SPEAKER` reads
# them). `_ORG_SPEAKER` itself starts with `\b` and an optional group, so the engine tries it
# in full at every position of a sentence: it runs only where these find a place.
_ORG_VERB = re.compile(_ORG_VERBS)
_ORG_BODY_END = re.compile("(?i:" + "|".join(_ORG_BODY_WORDS) + r")\Z")
_ORG_BODY_LONGEST = max(map(len, _ORG_BODY_WORDS))


def _org_speaker(text: str, span: Span) -> re.Match[str] | None:
    """`_ORG_SPEAKER.search` over the span, searched only when its verb follows a body word."""
    for verb in _ORG_VERB.finditer(text, span.start, span.end):
        end = verb.start()
        while end > span.start and text[end - 1].isspace():
            end -= 1
        if end < verb.start() and _ORG_BODY_END.search(
                text, max(span.start, end - _ORG_BODY_LONGEST), end):
            return _ORG_SPEAKER.search(text, span.start, span.end)
    return None


_STATEMENT_STOP = re.compile(r"^(?:that\s+)", re.I)
# the words that may report a statement, in lower case, and in their usual spellings (lower,
# Capitalised, Title Case, UPPER: the words a sentence needs for `_statements` to read it)
_REPORTED = STATEMENT_VERBS | STATEMENT_PARTICIPLES | {"according", "saying"}
_REPORTED_FORMS = frozenset(form for w in _REPORTED for form in (
    w.lower(), w[:1].upper() + w[1:].lower(), w.title(), w.upper()))
# "said during talks in Moscow": what follows the verb is a circumstance, not a clause
_ADVERBIAL = re.compile(r"\s+(?:during|at|in|on|after|before|while|when|to|from|with|via|as|"
                        r"in\s+a|on\s+the)\s", re.I)

# Whom "told" names after an inverted attribution: "…, X told reporters."
_AUDIENCE = re.compile(
    r"\s+(?:reporters|journalists|delegates|ministers|lawmakers|parliament|"
    r"(?:the|a)\s+(?:\w+\s+)?(?:press|media|summit|meeting|conference|session|delegates|"
    r"ministers|parliament|assembly|council|audience|forum|gathering|news\s+conference|"
    r"briefing|reporters|journalists)|[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?=[\s.,!?]|$)")


def _only_audience(verb: str, rest: str) -> bool:
    """"told reporters on Friday.": "told" names whom and maybe when, and reports no clause."""
    audience = _AUDIENCE.match(rest) if verb in ("told", "tells") else None
    if audience is None:
        return False
    after = rest[audience.end():]
    return not after.strip(" .!?") or _circumstance(after)


def _circumstance(rest: str) -> bool:
    """What follows a reporting verb is only where or when it was said ("said during talks in
    Moscow."), with no clause of its own ("said on Tuesday that …" has one)."""
    return bool(_ADVERBIAL.match(rest)) and not _CLAUSE_MARK.search(rest)


_CLAUSE_MARK = re.compile(r"\bthat\b|[“\"«:]")
# compiled once here, not looked up in re's cache in the loops
_NOT_SPACE_COMMA_WORD = re.compile(r"[^\s,\w]")
_NOT_SPACE_WORD_DOT = re.compile(r"[^\s\w.]")
_COMMA_END = re.compile(r",\s*$")
_WORD_CHAR = re.compile(r"\w")
_SPEECH_OR_PARTICIPLE = SPEECH_VERBS | PARTICIPLES

_RELATIVE = re.compile(r",\s*(?:who|whom|whose)\b[^,;:“”\"]{0,150},")

# How sure a speaker is, by the kind of evidence that names them (below UNCERTAIN, 0.6, an
# answer says "speaker uncertain"). The window of a pronoun or of a quote standing alone is the
# previous sentence and its own up to it.
NAMED = 0.95  # a name next to the speech verb of the same sentence ("X said", "said X")
DESCRIBED = 0.8  # "the minister said", and only one person in the article could be the minister
PRONOUN = 0.75  # "he said", and the one person of the window, named or just spoken of, is him
CONTINUED = 0.7  # a quote with no attribution of its own, in the paragraph of its speaker's
# sentence right before, with nobody else in between
AMBIGUOUS = 0.5  # a descriptor several people could hold; a pronoun with others in the window
CARRIED = 0.45  # a pronoun for a speaker last spoken of further back than the last sentence
NEAREST = 0.45  # a person named in the quote's sentence, but with no speech verb of theirs
INHERITED = 0.4  # a quote with no attribution that takes the last speaker from further back
CONTRADICTED = 0.2  # a quote running over sentences whose closing attribution names another
# "X and Y", "X of Estonia and Minister Y": people who share a sentence's subject (only
# names, titles and "of"/"the" stand between them, and "and" or a comma)
_COORDINATED = re.compile(
    r"(?=[^\n]*?(?:,|\band\b))(?:\s*+(?:,|\b(?:and|of|the)\b|[A-Z][\w\-]*+))*+\s*+")
# words opening a speech verb's subject that is nobody named: "a senior official", "the
# ministry", "officials", "sources"
_UNNAMED_OPENERS = frozenset("a an the one officials sources diplomats analysts observers "
                             "experts aides critics".split())
# participles that report wherever they stand; the others only after a comma or "and"
_ANY_PARTICIPLES = frozenset("stating adding urging calling expressing thanking welcoming".split())
# words that put a name or title, not speech, in quotation marks
_NAMING = re.compile(r"\b(?:so-called|dubbed|known\s+as|titled|entitled|themed|theme|slogan|"
                     r"motto|banner|codenamed|called\s+the|named)\s*,?\s*$", re.I)
_AUXILIARIES = frozenset({"also", "has", "had", "further", "then"})


def is_quote(text: str) -> bool:
    """Speech, not a name or title in quotation marks ("ECO Vision 2035", "ECOPOL")."""
    words = _WORD.findall(text)
    if len(words) < 3:
        return False
    if len(words) <= 6:
        capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
        if capitalised >= len(words) - 1:  # Title Case: a name
            return False
    return True


def clean_quote(text: str) -> str:
    """Quote text as the reader sees it: no edge spaces; a partial quote loses the comma or full
    stop that belongs to the sentence around it."""
    text = _CONTINUED.sub(" ", text)  # the mark that takes up a quote in a new paragraph
    text = " ".join(text.split())
    text = _TRAILING.sub("", text)
    if text and text[0].islower():
        text = text.rstrip(".")
    return text


def _where(found: frozenset[str], words: list[str]) -> list[int]:
    """The indexes of the `words` in `found` (map and compress run in C, not word by word in
    Python: the sentences' words are sifted often)."""
    return list(compress(range(len(words)), map(found.__contains__, words)))


def _first(found: frozenset[str], words: list[str]) -> int | None:
    """The index of the first of the `words` in `found` (like `_where`, in C)."""
    hits = list(map(found.__contains__, words))
    return hits.index(True) if True in hits else None


class _SentenceWords(NamedTuple):
    """Every word of a sentence (in quotation marks too), each in lower case, and whether it
    stands outside quotation marks (None: the sentence has none)."""
    matches: list[re.Match[str]]
    lowered: list[str]
    outside: list[bool] | None


class _Attribution:
    def __init__(self, text: str, people: People, quotes: list[Span],
                 sentences: list[Sentence], start: int = 0) -> None:
        self.text = text
        self.start = start  # where the body begins (after the dateline)
        self.people = people
        self.quotes = quotes
        self.quote_index = span_index(quotes)
        self.unknown = span_index(people.unknown)
        # the mentions outside quotation marks, sifted once (`mentions` is asked very often)
        self._outside_mentions = SpanIndex([m for m in people.mentions if self.outside(
            m.span.start)], lambda m: m.span)
        self.sentences = sentences
        self.index = 0  # the sentence being read
        self.last_speaker: int | None = None
        self.last_seen = -2  # the sentence that last spoke of the last speaker
        self.last_confidence = 0.0  # how sure that sentence was of them
        self._words: dict[tuple[int, int], tuple[list[re.Match[str]], list[str]]] = {}
        self._sentence_starts = [s.span.start for s in sentences]
        self._sentence_words: dict[int, _SentenceWords] = {}

    def refer(self, person: int, confidence: float, until: int | None = None) -> None:
        """`person` is who this sentence (to sentence `until`, for a quote running on) speaks
        of: the one "he" stands for next."""
        if person != self.last_speaker:
            self.last_speaker, self.last_seen = person, -2
        self.seen(person, confidence, until)

    def seen(self, person: int, confidence: float, until: int | None = None) -> None:
        """This sentence spoke of `person`; if that is the last speaker, their trail goes on."""
        if person != self.last_speaker:
            return
        last = max(self.index, until or 0)
        if self.last_seen < self.index:
            self.last_seen, self.last_confidence = last, confidence
        else:
            self.last_seen = max(self.last_seen, last)
            self.last_confidence = max(self.last_confidence, confidence)

    def mention_confidence(self, mention: Mention) -> float:
        """A name is sure; a descriptor as sure as the number of people who could hold it,
        unless it stands in apposition to their name ("X, the minister of …,")."""
        if mention.kind == "name":
            return NAMED
        if mention.candidates <= 1:
            return DESCRIBED
        before = self.people.mentions_between(max(0, mention.span.start - 80),
                                              mention.span.start)
        if before and before[-1].kind == "name" and before[-1].person == mention.person and (
                self.text[before[-1].span.end:mention.span.start].strip() == ","):
            return NAMED
        return AMBIGUOUS

    def tail(self, quote: Span, sentence: Span) -> tuple[int, float] | None:
        """Who the speech verb right after a quote's closing mark names, and how sure, in the
        sentence where a quote of several sentences ends ("…,» the minister said." / "…,”
        said X." / "…,” he added.")."""
        words, lowered = self.tokens(quote.end, sentence.end)
        words, lowered = words[:6], lowered[:6]
        if SPEECH_VERBS.isdisjoint(lowered):
            return None
        named = self.mentions(quote.end, words[-1].end())
        if named and len(_WORD.findall(self.text, quote.end, named[0].span.start)) <= 5:
            return named[0].person, self.mention_confidence(named[0])
        if lowered[0] in PRONOUNS and self.last_speaker is not None:
            return self.by_pronoun(words[0].start())
        return None

    def opens(self, sentence: Span, at: int) -> bool:
        """A mention or pronoun at `at` opens the sentence: it is its subject."""
        # (split(None, 3): no more words than the test needs are cut off)
        return len(self.text[max(sentence.start, self.start):at].split(None, 3)) <= 3

    def _window(self, end: int) -> tuple[bool, int]:
        """Whether the last speaker is spoken of in the window (the previous sentence and this
        one up to `end`), and how many others are (named, or described but unknown). When the
        last speaker is the previous sentence's subject, the people that sentence speaks of
        do not count, unless they share the subject ("X and Y met")."""
        here = self.sentences[self.index].span.start
        previous = self.sentences[self.index - 1].span if self.index else None
        start = previous.start if previous else here
        items = sorted([(m.span.start, m.span.end, m.person) for m in self.mentions(start, end)]
                       + [(u.start, u.end, -1) for u in self.unknown.between(start, end)
                          if self.outside(u.start)])
        named = any(person == self.last_speaker for _, _, person in items)
        counted = range(len(items))
        if previous and items and items[0][2] == self.last_speaker and (
                items[0][0] < previous.end and self.opens(previous, items[0][0])):
            subjects = 1
            while subjects < len(items) and items[subjects][0] < previous.end and (
                    _COORDINATED.fullmatch(self.text, items[subjects - 1][1],
                                           items[subjects][0]) is not None):
                subjects += 1
            counted = [k for k in counted if k < subjects or items[k][0] >= here]
        rivals = [items[k][2] for k in counted if items[k][2] != self.last_speaker]
        return named, len({r for r in rivals if r >= 0}) + rivals.count(-1)

    def by_pronoun(self, at: int) -> tuple[int | None, float]:
        """Who "he"/"she" at `at` stands for, and how sure: the last speaker, unless a title
        gave them the other gender; then the last person of the pronoun's gender spoken of
        before it (sure only if they are the one such person there), else nobody sure."""
        who, sure = self.last_speaker, self.pronoun_confidence(at)
        if who is None:
            return None, 0.0
        people = self.people.people
        gender = "f" if self.text[at:at + 1].lower() == "s" else "m"
        theirs = people[who].gender
        if theirs == gender:
            return who, sure
        recent = [m.person for m in self.people.mentions_between(max(0, at - 800), at)
                  if people[m.person].gender == gender and self.outside(m.span.start)]
        if not recent or (theirs is None and gender == "m"):
            # "he" is news' default: only a woman's title makes the last speaker doubtful
            return who, sure if theirs is None else min(sure, CONTRADICTED)
        if theirs is not None and len(set(recent)) == 1:
            return recent[-1], PRONOUN
        return recent[-1], min(sure, AMBIGUOUS)

    def pronoun_confidence(self, at: int) -> float:
        """How sure "he"/"she" at `at` stands for the last speaker: the one person of the
        window, spoken of there; less with others there; low when carried from further back."""
        if self.last_speaker is None:
            return 0.0
        named, others = self._window(at)
        if named:
            sure = PRONOUN
        elif self.last_seen >= self.index - 1:
            sure = min(PRONOUN, self.last_confidence)
        else:
            return CARRIED
        return min(sure, AMBIGUOUS) if others else sure

    def continued_confidence(self, quote: Span) -> float:
        """A quote with no attribution of its own: it continues the speaker of the sentence
        right before in its paragraph when nobody else is in between; else it only inherits."""
        if self.last_speaker is None:
            return 0.0
        named, others = self._window(quote.start)
        i = self.index
        same_paragraph = i > 0 and (
            self.sentences[i - 1].paragraph == self.sentences[i].paragraph)
        if others or not same_paragraph:
            return INHERITED
        if named:
            return CONTINUED
        if self.last_seen >= i - 1:
            return min(CONTINUED, max(INHERITED, self.last_confidence))
        return INHERITED

    def outside(self, pos: int) -> bool:
        return not self.quote_index.covers(pos)

    def words(self, start: int, end: int) -> list[re.Match[str]]:
        """Words outside quotation marks (cached: each sentence is read several times)."""
        return self.tokens(start, end)[0]

    def tokens(self, start: int, end: int) -> tuple[list[re.Match[str]], list[str]]:
        """The words outside quotation marks in `start:end`, and each in lower case (cached)."""
        found = self._words.get((start, end))
        if found is None:
            found = self._sliced(start, end)
            if found is None:
                words = _WORD.finditer(self.text, start, end)
                if self.quote_index.covers(start) or self.quote_index.between(start, end):
                    matches = [m for m in words if self.outside(m.start())]
                else:  # no quotation marks here: every word is outside
                    matches = list(words)
                found = (matches, [m.group(0).lower() for m in matches])
            self._words[(start, end)] = found
        return found

    def _sliced(self, start: int, end: int) -> tuple[list[re.Match[str]], list[str]] | None:
        """The words of `start:end` cut out of those of the sentence holding it (each sentence
        is tokenised once, for speed); None when the window reaches out of one sentence or
        starts or ends inside a word (a scan of the window alone would cut that word)."""
        k = bisect_right(self._sentence_starts, start) - 1
        if k < 0 or end > self.sentences[k].span.end:
            return None
        found = self.sentence_words(k)
        if start == self._sentence_starts[k] and end == self.sentences[k].span.end:
            i, j = 0, len(found.matches)  # the whole sentence
        else:
            i = bisect_left(found.matches, start, key=re.Match.start)
            if i and found.matches[i - 1].end() > start:
                return None
            j = bisect_left(found.matches, end, key=re.Match.start)
            if j > i and found.matches[j - 1].end() > end:
                return None
        if found.outside is None:
            return found.matches[i:j], found.lowered[i:j]
        keep = found.outside[i:j]
        return list(compress(found.matches[i:j], keep)), list(compress(found.lowered[i:j], keep))

    def first_speech_verb(self) -> int | None:
        """Where the sentence being read has its first speech verb outside quotation marks."""
        sentence = self.sentences[self.index].span
        words, lowered = self.tokens(sentence.start, sentence.end)
        k = _first(SPEECH_VERBS, lowered)
        return None if k is None else words[k].start()

    def sentence_words(self, k: int) -> _SentenceWords:
        """All the words of sentence `k` (cached)."""
        found = self._sentence_words.get(k)
        if found is None:
            span = self.sentences[k].span
            matches = list(_WORD.finditer(self.text, span.start, span.end))
            # map: no Python loop per word
            lowered = list(map(str.lower, map(re.Match.group, matches)))
            found = _SentenceWords(matches, lowered, self._outside_flags(span, matches))
            self._sentence_words[k] = found
        return found

    def _outside_flags(self, span: Span, words: list[re.Match[str]]) -> list[bool] | None:
        """For each of the `words` (of `span`, in order), `self.outside(word.start())`:
        worked out per quote rather than per word, for speed; None when no quote reaches
        into the span."""
        index = self.quote_index
        first = bisect_right(index.starts, span.start) - 1  # the quote covering the start?
        last = bisect_left(index.starts, span.end)
        if last <= max(first, 0) or (last == first + 1 and index.spans[first].end <= span.start):
            return None
        flags = [True] * len(words)
        for q in range(max(first, 0), last):
            # `covers` asks the last quote starting at or before a position: quote q answers
            # from its start to the next quote's start
            end = index.spans[q].end
            if q + 1 < len(index.starts):
                end = min(end, index.starts[q + 1])
            lo = bisect_left(words, index.starts[q], key=re.Match.start)
            hi = bisect_left(words, end, key=re.Match.start)
            flags[lo:hi] = [False] * max(0, hi - lo)
        return flags

    def reporting(self, words: list[re.Match[str]]) -> bool:
        """Whether the sentence being read holds a reporting word (in quotation marks too) in
        one of its usual spellings; `words` are some of its words that may be one, to try
        first. Its first word counts only if it starts a word of the text, not if the
        sentence cuts one (a regex bounded by "no word character before or after" over the
        sentence would find just these)."""
        start = self.sentences[self.index].span.start
        cut = start > 0 and _WORD.match(self.text, start - 1, start) is not None
        for word in words:
            if word.group() in _REPORTED_FORMS and not (cut and word.start() == start):
                return True
        found = self.sentence_words(self.index)
        return any(found.matches[k].group() in _REPORTED_FORMS and not (
            cut and found.matches[k].start() == start) for k in _where(_REPORTED, found.lowered))

    def mentions(self, start: int, end: int) -> list[Mention]:
        """The mentions starting in `start:end` outside quotation marks."""
        return self._outside_mentions.between(start, end)

    def subjects(self, start: int, end: int) -> list[Mention]:
        """Mentions in `start:end` outside relative clauses ("Li, who stood in for Xi, said"
        is Li's)."""
        found = self.mentions(start, end)
        for clause in _RELATIVE.finditer(self.text, start, end):
            found = [m for m in found if not clause.start() < m.span.start < clause.end()]
        return found

    def pronoun_at(self, start: int, end: int) -> int | None:
        """Where the first "he"/"she" outside quotation marks in `start:end` stands."""
        words, lowered = self.tokens(start, end)
        k = _first(PRONOUNS, lowered)
        return None if k is None else words[k].start()

    def subject_before(self, sentence: Span, verb_at: int) -> tuple[int | None, float]:
        """The person speaking through a verb and how sure: the last mention before it in the
        sentence outside relative clauses ("Li, who followed the chair, said"), else a pronoun
        standing for the last speaker."""
        found = self.subjects(sentence.start, verb_at)
        if found:
            return found[-1].person, self.subject_confidence(found[-1], found, sentence)
        at = self.pronoun_at(sentence.start, verb_at)
        if at is not None and self.last_speaker is not None:
            return self.by_pronoun(at)
        return None, 0.0

    def subject_confidence(self, pick: Mention, found: list[Mention], sentence: Span
                           ) -> float:
        """How sure the mention `pick`, one of those before a speech verb (`found`), is its
        subject: as sure as the mention, unless it is not next to the verb and someone else
        is named before it too ("X welcomed Y and said …")."""
        sure = self.mention_confidence(pick)
        if any(m.person != pick.person for m in found) and not (
                self.attached(pick, sentence) or self.opens(sentence, pick.span.start)):
            return min(sure, AMBIGUOUS)
        return sure

    def attached(self, mention: Mention, sentence: Span) -> bool:
        """The mention is the subject of a speech verb ("President X said:", "X has also
        noted") or its inverted subject ("…, said Foreign Minister X", "according to X")."""
        for w, word in zip(*self.tokens(mention.span.end,
                                        min(sentence.end, mention.span.end + 40)), strict=True):
            if word in SPEECH_VERBS:
                return not _NOT_SPACE_COMMA_WORD.search(self.text[mention.span.end:w.start()])
            if word not in _AUXILIARIES:
                break
        before, lowered = self.tokens(max(sentence.start, mention.span.start - 40),
                                      mention.span.start)
        for k in range(len(before) - 1, max(-1, len(before) - 5), -1):
            word = lowered[k]
            if word in SPEECH_VERBS or (word == "to" and k and lowered[k - 1] == "according"):
                between = self.text[before[k].end():mention.span.start]
                return not _NOT_SPACE_WORD_DOT.search(between)  # "said Mr. X"
            if not before[k].group(0)[0].isupper():  # only a title stands between
                return False
        return False

    def speaker(self, sentence: Span, quote: Span) -> tuple[int | None, float]:
        """Who speaks a quote, and how sure the evidence is (1 = named with a speech verb next
        to the quote; lower for a pronoun, a mention without a verb, or the last speaker)."""
        words, lowered = self.tokens(sentence.start, sentence.end)
        verbs = [words[k] for k in _where(_SPEECH_OR_PARTICIPLE, lowered)]
        before = [v for v in verbs if v.start() < quote.start]
        after = [v for v in verbs if v.start() >= quote.end]
        if before:
            found = self.subjects(sentence.start, before[0].start())
            if found:
                # "X was less upbeat than Y, noting that “…”": the participle's subject is
                # the sentence's
                pick = found[0] if before[0].group(0).lower() in PARTICIPLES and _COMMA_END.search(
                    self.text[sentence.start:before[0].start()]) else found[-1]
                return pick.person, self.subject_confidence(pick, found, sentence)
            at = self.pronoun_at(sentence.start, before[0].start())
            if at is not None:
                return self.by_pronoun(at)
        if after:  # "…,” said Aliyev.  /  "…,” Zarif said.
            nearby = self.mentions(quote.end, min(sentence.end, after[0].end() + 60))
            if nearby:  # its subject stands before the verb or right after it (not "…,”
                # said the prince, standing in for the Queen")
                sure = self.mention_confidence(nearby[0])
                subject = nearby[0].span.start < after[0].start() or self.attached(
                    nearby[0], sentence)
                return nearby[0].person, sure if subject else min(sure, NEAREST)
            at = self.pronoun_at(quote.end, after[0].end())
            if at is not None:
                return self.by_pronoun(at)
            if self.unnamed_subject(quote, after[0], sentence):
                return None, 0.0
        mentions = self.mentions(sentence.start, sentence.end)
        if mentions:  # the nearest name, unless a speech verb is its own ("X said: “…”") or
            # it is the sentence's subject
            sure = self.mention_confidence(mentions[0])
            return mentions[0].person, sure if self.attached(mentions[0], sentence) or (
                self.opens(sentence, mentions[0].span.start)) else min(sure, NEAREST)
        at = self.pronoun_at(sentence.start, sentence.end)
        if at is not None:  # "He thanked them for “…”", "“…,” she went on": the subject
            subject = self.opens(sentence, at) or not _WORD_CHAR.search(self.text[quote.end:at])
            who, sure = self.by_pronoun(at)
            return who, sure if subject else min(NEAREST, sure)
        if self.introduced(sentence):  # "X added:" closing the paragraph before
            return self.last_speaker, max(self.continued_confidence(quote),
                                          min(CONTINUED, self.last_confidence))
        return self.last_speaker, self.continued_confidence(quote)  # a quote standing alone

    def unnamed_subject(self, quote: Span, verb: re.Match[str], sentence: Span) -> bool:
        """The verb after a quote has a subject that names no one ("…,” a senior official
        said", "…,” the ministry said in a statement"): the quote is not the last speaker's."""
        between = self.tokens(quote.end, verb.start())[1]
        if between:  # "the ECO secretary-general added": a role someone here may hold
            return len(between) <= 5 and between[0] in _UNNAMED_OPENERS and (
                between[0] != "the" or not any(w in ROLE_WORDS for w in between))
        after = self.tokens(verb.end(), sentence.end)[1][:1]
        return bool(after) and after[0] in {"a", "an"}

    def introduced(self, sentence: Span) -> bool:
        """The sentence before ends in a colon after a speech verb of the last speaker ("Mendes
        added:"), so the quote standing alone here is theirs."""
        if not self.index or self.last_speaker is None or self.last_seen < self.index - 1:
            return False
        previous = self.sentences[self.index - 1].span
        if not self.text[previous.start:previous.end].rstrip().endswith(":"):
            return False
        return not SPEECH_VERBS.isdisjoint(self.tokens(previous.start, previous.end)[1])


def _sentence_of(sentences: list[Sentence], pos: int) -> int:
    lo, hi = 0, len(sentences) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sentences[mid].span.start <= pos:
            lo = mid
        else:
            hi = mid - 1
    return lo


def attribute(text: str, sentences: list[Sentence], quote_spans: list[Span], people: People,
              start: int = 0) -> tuple[list[QuoteFact], list[StatementFact]]:
    """Direct quotes with speakers, and reported statements, in reading order."""
    attribution = _Attribution(text, people, quote_spans, sentences, start)
    speaker_of = {name: i for i, name in reversed(list(enumerate(p.name for p in people.people)))}
    names = [p.name for p in people.people]
    quotes: list[QuoteFact] = []
    statements: list[StatementFact] = []
    seen_statements: set[tuple[str | None, str]] = set()
    by_sentence: dict[int, list[Span]] = {}
    for q in quote_spans:
        if q.start >= start and sentences:
            by_sentence.setdefault(_sentence_of(sentences, q.start), []).append(q)
    for index, sentence in enumerate(sentences):
        span = sentence.span
        if span.end <= start:
            continue
        attribution.index = index
        quoted = False  # whether the sentence holds a quote someone speaks
        for q in by_sentence.get(index, ()):
            body = text[q.start:q.end]
            if not is_quote(body) or _NAMING.search(text, max(0, q.start - 30), q.start - 1):
                continue  # "the so-called “axis of trade”", "under the theme “…”": a name
            quoted = True
            who, confidence = attribution.speaker(span, q)
            end = _sentence_of(sentences, max(q.start, q.end - 1))
            last = sentences[end].span
            if who is None and end > index and (named := attribution.tail(q, last)):
                # "“…. …,” said X.": a quote of several sentences named only where it ends
                who, confidence = named
            if who is not None:
                if end > index and (named := attribution.tail(q, last)) is not None:
                    # "«…. …,» X said.": the attribution closing a quote of several sentences
                    confidence = (max(confidence, named[1]) if named[0] == who
                                  else min(confidence, CONTRADICTED))
                attribution.refer(who, confidence, end)
            quotes.append(QuoteFact(names[who] if who is not None else None, "person",
                                    clean_quote(body), q, Span(span.start, max(span.end,
                                                                               last.end)),
                                    confidence=confidence if who is not None else 0.0))
        for statement in _statements(text, span, attribution, names):
            key = (statement.speaker, " ".join(statement.text.lower().split()))
            if key not in seen_statements:
                seen_statements.add(key)
                statements.append(statement)
                if statement.speaker in speaker_of:
                    attribution.seen(speaker_of[statement.speaker], statement.confidence)
        mentions = attribution.mentions(span.start, span.end)
        if mentions and not quoted:
            # a sentence about someone makes them the one "he" refers to next
            verb = attribution.first_speech_verb()
            if verb is not None:
                subject, sure = attribution.subject_before(span, verb)
                if subject is not None:
                    attribution.refer(subject, sure)
            elif attribution.last_speaker is None or len(
                    text[span.start:mentions[0].span.start].split(None, 3)) <= 3:
                # "Starmer echoed the warning. “…,” he said.": the sentence's subject
                attribution.refer(mentions[0].person,
                                  attribution.mention_confidence(mentions[0]))
        elif attribution.last_speaker is not None and not quoted:
            # "…, he added.": a sentence spoken by "he" keeps the last speaker's trail
            verb = attribution.first_speech_verb()
            at = attribution.pronoun_at(span.start, verb) if verb is not None else None
            if at is not None:
                attribution.seen(attribution.last_speaker, attribution.pronoun_confidence(at))
    return quotes, statements


# compiled once here, not looked up in re's cache for each verb
_JOINED = re.compile(r"(?:,|\band)\s*$")
_JOINED_FURTHER = re.compile(r"(?:,|\band)\s*(?:(?:also|then|further)\s+)?$")
_JOINED_ENDS = (",", "and", "also", "then", "further")
_WORD_CHARS = re.compile(r"\w+")
_STATEMENT_VERBS_AND = STATEMENT_VERBS | {"and", "but"}
_THAT_NEXT = re.compile(r"\bthat\s+")
_SUBJECT_GAP = re.compile(r"(?:\w+|[’']s|,|\))\s*(?:(?:has|had|also|further|then|strongly|"
                          r"later|again|have)\s+)*$")
_DETERMINERS = frozenset("the a an this that its their his her our any every".split())
_INVERTED_END = re.compile(r"^[\s\w.’'\-]{0,60}?[.!?]?\s*$")


def _statements(text: str, span: Span, attribution: _Attribution,
                names: list[str]) -> list[StatementFact]:
    """Every reported clause of a sentence: "He noted that …", "…, and encouraged …", "…,
    noting that …", and the inverted "…, said Y" / "…, according to Y"."""
    opening = _opening(text, span, attribution, names)
    words, lowered = attribution.tokens(span.start, span.end)
    verbs = _where(_REPORTED, lowered)
    if not verbs or not attribution.reporting([words[i] for i in verbs]):
        return opening  # no reporting verb in the sentence: nothing to read word by word
    out: list[StatementFact] = opening
    previous: int | None = None  # the subject of the sentence's last reporting verb
    previous_sure = 0.0  # and how sure it is
    previous_end = span.start
    org: tuple[re.Match[str] | None] | None = None  # an organization speaking, once sought
    # only the reporting words ("X was quoted as saying that …" reports X's words too)
    for i in verbs:
        word, verb = words[i], lowered[i]
        participle = verb in STATEMENT_PARTICIPLES
        quoted = verb == "saying" and i >= 2 and (
            lowered[i - 2] == "quoted" and lowered[i - 1] == "as")
        if verb == "saying" and not participle and not quoted:
            continue
        if word.group(0)[0].isupper() and i and text[words[i - 1].end():word.start()].strip(
                ) in ("", "-"):
            continue  # "Qaboos bin Said said": a capitalised word inside a name, not a verb
        if participle and not quoted and verb not in _ANY_PARTICIPLES and not _JOINED.search(
                text[max(span.start, word.start() - 6):word.start()]):
            continue  # "a stark warning": a participle reports only after a comma ("…, noting")
        nxt = lowered[i + 1] if i + 1 < len(words) else ""
        if verb == "according":
            if nxt != "to":
                continue
            found = _inverted(text, span, attribution, names, word.start(), words[i + 1].end())
            if found is None and not text[span.start:word.start()].strip():
                found = _according_first(text, span, attribution, names, words[i + 1].end())
            if found is not None:
                out.append(found)
            continue
        if verb in VERB_PARTICLES and nxt not in VERB_PARTICLES[verb]:
            continue
        if i and lowered[i - 1] in _DETERMINERS:
            continue  # "the proposed vision": an adjective, not a verb
        after_quote = participle and any(  # "… as “a disaster”, warning that …"
            not _WORD_CHAR.search(text[q.end:word.start()])
            for q in attribution.quote_index.between(span.start, word.start()))
        if not after_quote and any(
                q.end <= word.start() and len(text[q.end:word.start()].split(None, 3)) <= 3
                and not any(w.lower() in _STATEMENT_VERBS_AND
                            for w in _WORD_CHARS.findall(text[q.end:word.start()]))
                for q in attribution.quote_index.between(span.start, word.start())):
            continue  # "“…,” Zarif said": attribution of a quote ("…,” he said, adding that
            # …" goes on to a statement)
        rest = text[word.end():span.end]
        # (split(None, 2): enough to tell whether there are three words)
        if rest[:1] in ",:" or len(rest.split(None, 2)) < 3 or _only_audience(verb, rest) or (
                verb not in VERB_PARTICLES and _circumstance(rest)):
            found = _inverted(text, span, attribution, names, word.start(), word.end())
            if found is None and rest[:1] == ",":
                found = _parenthetical(text, span, attribution, names, word)
            if found is not None:
                out.append(found)
            continue
        stripped = rest.strip()
        stop = _STATEMENT_STOP.match(stripped)
        clause = stripped[stop.end():] if stop else stripped
        if verb in {"told", "tells"}:
            that = _THAT_NEXT.search(rest[:80])
            if that is None:
                continue
            clause = rest[that.end():]
        # "stressed that “the next crisis …”": a quoted fragment reported by "that"
        introduced = verb in {"told", "tells"} or stop is not None
        fragment = (introduced and clause[:1] in OPENERS
                    and clause[1:2].islower())
        if not clause or (clause[0] in OPENERS and not fragment) or len(
                clause.split(None, 2)) < 3:
            continue  # the clause is a direct quote (not one "stressed that “…”" reports)
        joined = text[previous_end:word.start()]
        # (only what ends in one of these can match: a cheap test before the search)
        joined = joined.rstrip().endswith(_JOINED_ENDS) and _JOINED_FURTHER.search(joined)
        mentions_between = attribution.mentions(previous_end, word.start())
        if (participle or joined) and previous is not None and not mentions_between:
            subject: int | None = previous  # "…, and encouraged …": the same speaker
            confidence = previous_sure
        elif participle and (
                opener := attribution.subjects(span.start, word.start())[:1]) and (
                attribution.opens(span, opener[0].span.start)):
            # "X was less upbeat than Y, noting that …": the participle is the subject's
            subject = opener[0].person
            confidence = attribution.subject_confidence(
                opener[0], attribution.subjects(span.start, word.start()), span)
        else:
            subject, confidence = attribution.subject_before(span, word.start())
            if subject is not None and not participle:
                gap = text[max(span.start, word.start() - 40):word.start()]
                # searched from the gap's last non-space character only: a match exists
                # just when one starts there (a word, comma or bracket, then spaces)
                if not _SUBJECT_GAP.search(gap, max(0, len(gap.rstrip()) - 1)):
                    subject = None
        if subject is None:
            if out:  # only the sentence's first statement may be an organization's
                continue
            if org is None:  # searched once per sentence, and only when needed (slow)
                org = (_org_speaker(text, span),)
            if org[0] and org[0].end() <= word.end() + 1:
                speaker = " ".join([*(org[0].group("owner") or "").split(),
                                    org[0].group("body")])
                out.append(StatementFact(speaker.strip(), "organization",
                                         _clause_text(text, word, span),
                                         Span(word.start(), span.end), span))
            continue
        clause_text = _clause_text(text, word, span)
        if participle and any(_gist(clause_text) in _gist(earlier.text) for earlier in out
                              if earlier.speaker == names[subject] and earlier.text.split()[
                                  0].lower() not in STATEMENT_PARTICIPLES):
            continue  # "said …, noting that …": already inside the clause reported before
        speakers = ([] if participle or joined else _co_subjects(
            text, span, attribution, subject, word.start())) + [subject]
        for who in speakers:
            for part in _coordinated_clauses(clause_text):
                out.append(StatementFact(names[who], "person", part,
                                         Span(word.start(), span.end), span,
                                         confidence=confidence))
        previous, previous_sure, previous_end = subject, confidence, word.end()
    return out


_CO_GAP = re.compile(r"\s*(?:,\s*)?(?:and|as\s+well\s+as)\s+(?:[A-Z][\w\-’'.]*\s+){0,6}|\s*,\s*"
                     r"(?:[A-Z][\w\-’'.]*\s+){0,6}")
_CO_VERB = re.compile(r"\s*(?:(?:both|also|jointly|together|each|have|has|had)\s+)*")


def _co_subjects(text: str, span: Span, attribution: _Attribution, subject: int,
                 verb_at: int) -> list[int]:
    """The others sharing the subject of a speech verb: "A and B both said …" (the names
    joined by "and" and titles only, the first opening the sentence)."""
    found = attribution.subjects(span.start, verb_at)
    if len(found) < 2 or found[-1].person != subject or not _CO_VERB.fullmatch(
            text, found[-1].span.end, verb_at):
        return []
    others: list[int] = []
    k = len(found) - 1
    while k > 0 and _CO_GAP.fullmatch(text, found[k - 1].span.end, found[k].span.start):
        k -= 1
        if found[k].person not in others and found[k].person != subject:
            others.append(found[k].person)
    joined = text[found[k].span.end:found[-1].span.start]
    if not others or not attribution.opens(span, found[k].span.start) or not (
            " and " in joined or " as well as " in joined):
        return []
    return others[::-1]


_AND_THAT = re.compile(r",?\s+and\s+that\s+(?!(?:of|is|was|which|one)\b)(?=\w)")
_THAT = re.compile(r"\bthat\b", re.I)


def _coordinated_clauses(clause: str) -> list[str]:
    """A reported clause and one coordinated with it by "and that": "said the visa would come
    in July and that revenue would be shared" reports two things, the second keeping the verb
    ("said that revenue …"). Only when the first has no "that" at all: after "said that …"
    or "the view that …" the "and that" may go on the inner clause, or start a series."""
    parts = _AND_THAT.split(clause)
    if len(parts) != 2 or any(len(p.split()) < 3 for p in parts) or _THAT.search(parts[0]):
        return [clause]
    verb = parts[0].split()[0]
    return [parts[0], f"{verb} that {parts[1]}"]


def _gist(clause: str) -> str:
    """A reported clause without its verb and "that", for comparing clauses."""
    return re.sub(r"^\S+\s+(?:that\s+)?", "", clause.lower())


def _speaker_of(attribution: _Attribution, mention: Mention | None, start: int, end: int
                ) -> tuple[int | None, float]:
    """The person a mention names, or the last speaker when `start:end` holds "he"/"she"."""
    if mention is not None:
        return mention.person, attribution.mention_confidence(mention)
    at = attribution.pronoun_at(start, end)
    if at is not None and attribution.last_speaker is not None:
        return attribution.by_pronoun(at)
    return None, 0.0


_OPENING = re.compile(
    r"\W*(?P<verb>(?i:saying|stressing|noting|emphasi[sz]ing|underlining|underscoring|"
    r"highlighting|reiterating|recalling|warning|pointing\s+out|arguing|insisting))\s+"
    r"(?:that\s+)?(?P<clause>[^,;:“”\"«»]{12,300}?),\s+(?=(?:the\s+)?[A-Z])")


def _opening(text: str, span: Span, attribution: _Attribution, names: list[str]
             ) -> list[StatementFact]:
    """"Saying that the plan is ready, the minister stressed …": the opening participle's
    clause is said by the subject that follows it."""
    m = _OPENING.match(text, span.start, span.end)
    if m is None:
        return []
    mention = next(iter(attribution.mentions(m.end(), min(span.end, m.end() + 60))), None)
    if mention is None or len(text[m.end():mention.span.start].split()) > 4:
        return []  # the subject comes right after the comma ("…, President X stressed")
    clause = " ".join(m.group("clause").split())
    return [StatementFact(names[mention.person], "person", clause,
                          Span(m.start("clause"), m.end("clause")), span,
                          confidence=attribution.mention_confidence(mention))]


def _parenthetical(text: str, span: Span, attribution: _Attribution, names: list[str],
                   verb: re.Match[str]) -> StatementFact | None:
    """"The plan, the minister stressed, is ready." / "It was for this reason, X said, that …":
    the speaker and verb set off by commas inside the clause they report."""
    comma = text.rfind(",", span.start, verb.start())
    if comma < 0 or len(text[comma + 1:verb.start()].split()) > 6:
        return None
    head, tail = text[span.start:comma], text[verb.end() + 1:span.end]
    if len(head.split()) < 2 or len(tail.split()) < 3 or head.lstrip()[:1] in OPENERS or (
            tail.lstrip()[:1] in OPENERS):
        return None
    mention = next(iter(attribution.mentions(comma + 1, verb.start())), None)
    who, confidence = _speaker_of(attribution, mention, comma + 1, verb.start())
    if who is None:
        return None
    tail = re.sub(r"^\s*that\s+", " ", tail)
    clause = " ".join(f"{head.strip()} {tail.strip()}".split()).rstrip(".")
    return StatementFact(names[who], "person", re.sub(r"[“”\"«»„]", "", clause),
                         Span(span.start, span.end), span, confidence=confidence)


def _according_first(text: str, span: Span, attribution: _Attribution, names: list[str],
                     to_end: int) -> StatementFact | None:
    """"According to X, <clause>." / "According to her, …"."""
    comma = text.find(",", to_end, min(span.end, to_end + 90))
    if comma < 0 or len(text[comma + 1:span.end].split()) < 4 or text[
            comma + 1:span.end].lstrip()[:1] in OPENERS:
        return None
    mention = next(iter(attribution.mentions(to_end, comma)), None)
    who, confidence = _speaker_of(attribution, mention, to_end, comma)
    if who is None and mention is None and re.fullmatch(r"\s*(?:him|her)\s*", text[to_end:comma]):
        # "According to her, …"
        who, confidence = attribution.by_pronoun(to_end)
    if who is None:
        return None
    clause = re.sub(r"[“”\"«»„]", "", " ".join(text[comma + 1:span.end].split())).rstrip(".")
    return StatementFact(names[who], "person", clause, Span(comma + 1, span.end), span,
                         confidence=confidence)


def _inverted(text: str, span: Span, attribution: _Attribution, names: list[str],
              verb_start: int, verb_end: int) -> StatementFact | None:
    """"China expects …, said a senior diplomat." / "…, according to Cheng." / "…, Cheng
    said.": the clause comes first, the speaker next to the verb, and nothing else follows."""
    span = Span(max(span.start, attribution.start), span.end)  # not the dateline
    before = text[span.start:verb_start]
    if not re.search(r",\s*$|,\s*according\s*$", before, re.I):
        named = attribution.mentions(max(span.start, verb_start - 80), verb_start)
        if not named or text[named[-1].span.end:verb_start].strip():
            return None
        comma = re.search(r",\s*(?:[\w’'\-]+\s+){0,5}$", text[span.start:named[-1].span.start])
        after = text[verb_end:span.end]
        if _only_audience(text[verb_start:verb_end].lower(), after):
            after = ""  # "…, X told reporters in Abuja."
        if comma is None or (after.strip(" .!?") and not _circumstance(after)):
            return None  # "…, Soleimanpour said." / "…, X said during talks …": nothing more
        clause = text[span.start:span.start + comma.start()]
        if not clause or clause.lstrip()[0] in OPENERS or clause.rstrip()[-1:] in "”\"»" or len(
                clause.split()) < 4:
            return None
        return StatementFact(names[named[-1].person], "person", " ".join(clause.split()),
                             Span(span.start, verb_start), span,
                             confidence=attribution.mention_confidence(named[-1]))
    clause = before.rstrip(" ,")
    clause = re.sub(r",?\s*according$", "", clause, flags=re.I)
    if not clause or clause[0] in OPENERS or clause.rstrip()[-1:] in "”\"»" or len(
            clause.split()) < 4:
        return None  # a direct quote's attribution, not reported speech
    after = attribution.mentions(verb_end, span.end)
    if not after or (not _INVERTED_END.match(text[after[0].span.end:span.end]) and len(
            text[after[0].span.end:span.end].split()) > 12):
        return None
    if len(text[verb_end:after[0].span.start].split()) > 6:
        return None
    return StatementFact(names[after[0].person], "person", " ".join(clause.split()),
                         Span(span.start, verb_start), span,
                         confidence=attribution.mention_confidence(after[0]))


# A contrast that hands the sentence to someone else: "…, while Senegal's X argued …"
_CONTRAST_TURN = re.compile(r",\s+(?:while|whereas)\s+")


def _clause_text(text: str, verb: re.Match[str], span: Span) -> str:
    """The reported clause from its verb to the sentence end, or to a contrast after it."""
    turn = _CONTRAST_TURN.search(text, verb.end(), span.end)
    clause = text[verb.start():turn.start() if turn else span.end]
    clause = re.sub(r"[“”\"«»„]", "", clause)
    return _LEADING.sub("", " ".join(clause.split())).rstrip(".")
