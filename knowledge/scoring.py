"""The reference scorer's rules (shared/corpus/score.py), as our own code: normalisation, the
match test of each fact type, greedy one-to-one pairing, and precision/recall/F1 per area.

Areas: members, meetings, people, quotes (text only), quote_attr (text and speaker) and
statements; core = mean of the rounded F1 of members, meetings, people and quote_attr. Field
accuracy of matched meetings and people is kept beside them, and for quotes and statements
matched by text, whether the speaker is right against whether its confidence flags it as
uncertain (below knowledge.extract.facts.UNCERTAIN). Deliberately not the resolver's
matching (knowledge.normalize, knowledge.gazetteer): these are the rules the extractor is judged
by, and they must agree with the reference to the count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pycountry
from rapidfuzz import fuzz

from knowledge.extract.facts import UNCERTAIN

AREAS = ("members", "meetings", "people", "quotes", "quote_attr", "statements")
CORE = ("members", "meetings", "people", "quote_attr")
FIELDS = ("ordinal", "city", "country", "date", "role", "person_country")

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_PUNCT = re.compile(r"[\"'.,;:!?\u2026()\[\]-]")

# Alternative country names -> the reference's short name. _BEFORE_ISO wins over pycountry's
# own names and codes; _AFTER_ISO overrides everything.
_BEFORE_ISO = {
    "turkey": ("turkiye", "türkiye", "republic of turkiye", "republic of türkiye"),
    "kyrgyzstan": ("kyrgyz republic",),
    "iran": ("islamic republic of iran", "the islamic republic of iran"),
    "azerbaijan": ("republic of azerbaijan",),
    "pakistan": ("islamic republic of pakistan",),
    "afghanistan": ("islamic republic of afghanistan",),
    "russia": ("russian federation",),
    "united arab emirates": ("uae",),
}
_AFTER_ISO = {
    "iran": ("iran, islamic republic of",),
    "brunei": ("brunei darussalam",),
    "laos": ("lao pdr", "lao people's democratic republic"),
    "vietnam": ("viet nam",),
    "united arab emirates": ("uae",),
    "russia": ("russian federation",),
    "south korea": ("republic of korea",),
    "china": ("people's republic of china",),
    "united kingdom": ("uk", "britain", "great britain"),
    "micronesia": ("federated states of micronesia", "micronesia, federated states of"),
    "côte d'ivoire": ("ivory coast", "cote d'ivoire"),
    "northern cyprus": ("trnc", "turkish republic of northern cyprus"),
    "saudi arabia": ("kingdom of saudi arabia",),
    "qatar": ("state of qatar",),
    "kuwait": ("state of kuwait",),
    "bahrain": ("kingdom of bahrain",),
    "oman": ("sultanate of oman",),
    "united states": ("usa", "us", "united states of america"),
}
# Organization full names (normalised) -> the reference's key.
_ORGANIZATIONS = {
    "eco": ("economic cooperation organization", "economic cooperation organisation"),
    "sco": ("shanghai cooperation organisation", "shanghai cooperation organization"),
    "asean": ("association of southeast asian nations",),
    "gcc": ("gulf cooperation council", "cooperation council for the arab states of the gulf"),
    "ots": ("organization of turkic states", "organisation of turkic states"),
    "d8": ("developing eight", "d 8", "developing 8", "d 8 organization for economic cooperation"),
    "au": ("african union",),
    "eu": ("european union",),
    "g20": ("group of 20", "group of twenty"),
    "pif": ("pacific islands forum",),
    "commonwealth": ("commonwealth of nations", "chogm"),
    "saarc": ("south asian association for regional cooperation",),
    "nato": ("north atlantic treaty organization",),
    "csto": ("collective security treaty organization",),
    "cis": ("commonwealth of independent states",),
    "eaeu": ("eurasian economic union",),
    "oic": ("organisation of islamic cooperation", "organization of islamic cooperation"),
    "arab league": ("league of arab states",),
    "cica": ("conference on interaction and confidence building measures in asia",),
}
_ORG_KEYS = {name: key for key, names in _ORGANIZATIONS.items() for name in names}


def norm(value: object) -> str:
    """Lower case, NFKC, curly quotes straightened, punctuation to spaces, single spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value)).translate(_QUOTES)
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


@cache
def _country_table() -> dict[str, str]:
    table = {alias: short for short, aliases in _BEFORE_ISO.items() for alias in aliases}
    for entry in pycountry.countries:
        short = getattr(entry, "common_name", None) or entry.name
        for name in (entry.name, short, getattr(entry, "official_name", entry.name),
                     entry.alpha_2, entry.alpha_3):
            table.setdefault(name.lower(), short.lower())
    table.update({alias: short for short, aliases in _AFTER_ISO.items() for alias in aliases})
    return table


def country_key(name: object) -> str:
    """A country's comparison key: looked up as written (lower case, no leading "the"), then
    once more after normalisation."""
    table = _country_table()
    text = str(name or "").strip().lower()
    text = text.removeprefix("the ")
    key = norm(table.get(text, text))
    return table.get(key, key)


def org_key(name: object) -> str:
    """An organization's comparison key: full names map to their acronym; short keys lose
    their spaces ("D-8" -> "d8")."""
    text = norm(name).removeprefix("the ")
    text = _ORG_KEYS.get(text, text)
    return text.replace(" ", "") if len(text) <= 6 else text


def same_person(a: object, b: object) -> bool:
    """Token-set similarity ≥ 90, or a close surname (≥ 85) with one side a single word or
    both sides sharing the first initial."""
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if fuzz.token_set_ratio(na, nb) >= 90:
        return True
    wa, wb = na.split(), nb.split()
    return fuzz.ratio(wa[-1], wb[-1]) >= 85 and (
        len(wa) == 1 or len(wb) == 1 or wa[0][0] == wb[0][0])


def same_quote_text(gold: dict, pred: dict) -> bool:
    """Close text (≥ 85), or for texts of 20+ characters a near-exact containment (≥ 95) with
    the shorter at least 60% of the longer."""
    a, b = norm(gold.get("text")), norm(pred.get("text"))
    if not a or not b:
        return False
    shorter, longer = sorted((len(a), len(b)))
    return fuzz.ratio(a, b) >= 85 or (shorter >= 20 and fuzz.partial_ratio(a, b) >= 95
                                      and shorter / longer >= 0.6)


def same_meeting(gold: dict, pred: dict) -> bool:
    """Same organization, body close (≥ 80; the predicted name stands in for a missing body),
    and the same city, or where gold has no city the same country."""
    if org_key(gold.get("organization")) != org_key(pred.get("organization")):
        return False
    body = fuzz.token_set_ratio(norm(gold.get("body")),
                                norm(pred.get("body") or pred.get("name"))) >= 80
    gold_city, pred_city = norm(gold.get("city")), norm(pred.get("city"))
    place = gold_city == pred_city or (
        not gold_city and country_key(gold.get("country")) == country_key(pred.get("country")))
    return body and place


def same_gist(gold: dict, pred: dict) -> bool:
    """The gold gist close (≥ 80) to part of the predicted text or gist."""
    text = norm(pred.get("text") or pred.get("gist"))
    return fuzz.partial_ratio(norm(gold.get("gist")), text) >= 80


def same_statement(gold: dict, pred: dict) -> bool:
    """Same speaker, and the gold gist close (≥ 80) to part of the predicted text or gist."""
    return same_person(gold.get("speaker"), pred.get("speaker")) and same_gist(gold, pred)


def pair(gold: list, pred: list, ok: Callable[[Any, Any], bool]) -> list[tuple[int, int]]:
    """Greedy one-to-one matching in order: each gold item takes the first unused prediction
    that matches. Returns (gold index, prediction index) pairs."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and ok(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


@dataclass(slots=True)
class Score:
    """Counts of one area: true positives, predictions, gold items."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def fp(self) -> int:
        return self.predicted - self.tp

    @property
    def fn(self) -> int:
        return self.gold - self.tp

    @property
    def precision(self) -> float:
        if self.predicted:
            return self.tp / self.predicted
        return 0.0 if self.gold else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.predicted += predicted
        self.gold += gold


@dataclass(slots=True)
class Tally:
    """How many of the gold values of a field the matched predictions got right."""

    correct: int = 0
    total: int = 0

    def add(self, right: bool) -> None:
        self.total += 1
        self.correct += int(right)


@dataclass(slots=True)
class Flags:
    """Speakers of the quotes or statements matched to gold by text: right or wrong, against
    flagged uncertain (confidence below UNCERTAIN; none given counts as sure) or not."""

    wrong_flagged: int = 0
    wrong_sure: int = 0
    right_flagged: int = 0
    right_sure: int = 0

    def add(self, right: bool, confidence: object) -> None:
        sure = confidence if isinstance(confidence, (int, float)) else 1.0
        name = f"{'right' if right else 'wrong'}_{'flagged' if sure < UNCERTAIN else 'sure'}"
        setattr(self, name, getattr(self, name) + 1)


@dataclass(slots=True)
class Scores:
    """Totals over articles, and each article's misses (for --verbose)."""

    areas: dict[str, Score] = field(default_factory=lambda: {a: Score() for a in AREAS})
    fields: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    flags: dict[str, Flags] = field(
        default_factory=lambda: {"quotes": Flags(), "statements": Flags()})
    misses: dict[str, list[str]] = field(default_factory=dict)
    unpredicted: list[str] = field(default_factory=list)

    @property
    def core(self) -> float:
        """Mean F1 of the core areas, each rounded to three places first (as the reference)."""
        return sum(round(self.areas[a].f1, 3) for a in CORE) / len(CORE)

    def __getitem__(self, area: str) -> Score:
        return self.areas[area]


def _items(record: dict, key: str) -> list[dict]:
    return [x for x in (record.get(key) or []) if isinstance(x, dict)]


def _members(record: dict) -> dict[str, set[str]]:
    return {org_key(org): {country_key(c) for c in countries or []}
            for org, countries in (record.get("members") or {}).items()}


def _short(item: dict, *keys: str) -> str:
    return " | ".join(str(item.get(k)) for k in keys if item.get(k) is not None)


def score_article(gold: dict, pred: dict, scores: Scores) -> None:
    """Add one article's counts (pred {} when it has no prediction) to `scores`."""
    misses: list[str] = []
    A, F = scores.areas, scores.fields
    gm, pm = _members(gold), _members(pred)
    for org in sorted(set(gm) | set(pm)):
        a, b = gm.get(org, set()), pm.get(org, set())
        A["members"].add(len(a & b), len(b), len(a))
        misses += [f"MISS member {org}: {c}" for c in sorted(a - b)]
        misses += [f"EXTRA member {org}: {c}" for c in sorted(b - a)]

    gold_mt, pred_mt = _items(gold, "meetings"), _items(pred, "meetings")
    pairs = pair(gold_mt, pred_mt, same_meeting)
    A["meetings"].add(len(pairs), len(pred_mt), len(gold_mt))
    for gi, pi in pairs:
        g, p = gold_mt[gi], pred_mt[pi]
        for name in ("ordinal", "date"):
            if g.get(name) is not None:
                F[name].add(str(g.get(name)) == str(p.get(name)))
        if g.get("city"):
            F["city"].add(norm(g["city"]) == norm(p.get("city")))
        if g.get("country"):
            F["country"].add(country_key(g["country"]) == country_key(p.get("country")))
    misses += _unpaired("meeting", gold_mt, pred_mt, pairs,
                        ("name", "organization", "body", "city", "country"))

    gold_pp, pred_pp = _items(gold, "people"), _items(pred, "people")
    pairs = pair(gold_pp, pred_pp, lambda g, p: same_person(g.get("name"), p.get("name")))
    A["people"].add(len(pairs), len(pred_pp), len(gold_pp))
    for gi, pi in pairs:
        g, p = gold_pp[gi], pred_pp[pi]
        ra, rb = norm(g.get("role")), norm(p.get("role"))
        F["role"].add(ra == rb or (bool(ra) and bool(rb) and fuzz.token_set_ratio(ra, rb) >= 80))
        F["person_country"].add(country_key(g.get("country")) == country_key(p.get("country")))
    misses += _unpaired("person", gold_pp, pred_pp, pairs, ("name", "role", "country"))

    gold_q, pred_q = _items(gold, "quotes"), _items(pred, "quotes")
    pairs = pair(gold_q, pred_q, same_quote_text)
    A["quotes"].add(len(pairs), len(pred_q), len(gold_q))
    wrong = [(gi, pi) for gi, pi in pairs
             if not same_person(gold_q[gi].get("speaker"), pred_q[pi].get("speaker"))]
    A["quote_attr"].add(len(pairs) - len(wrong), len(pred_q), len(gold_q))
    for gi, pi in pairs:
        scores.flags["quotes"].add((gi, pi) not in wrong, pred_q[pi].get("confidence"))
    misses += [f"WRONG speaker {pred_q[pi].get('speaker')!r} for "
               f"{gold_q[gi].get('speaker')!r}: {str(gold_q[gi].get('text'))[:60]}"
               for gi, pi in wrong]
    misses += _unpaired("quote", gold_q, pred_q, pairs, ("speaker", "text"))

    gold_st, pred_st = _items(gold, "statements"), _items(pred, "statements")
    pairs = pair(gold_st, pred_st, same_statement)
    A["statements"].add(len(pairs), len(pred_st), len(gold_st))
    for _, pi in pairs:
        scores.flags["statements"].add(True, pred_st[pi].get("confidence"))
    # the rest paired by gist alone: a statement found with the wrong speaker
    rest_gold = [gi for gi in range(len(gold_st)) if gi not in {g for g, _ in pairs}]
    rest_pred = [pi for pi in range(len(pred_st)) if pi not in {p for _, p in pairs}]
    for _, pi in pair([gold_st[gi] for gi in rest_gold], [pred_st[pi] for pi in rest_pred],
                      same_gist):
        scores.flags["statements"].add(False, pred_st[rest_pred[pi]].get("confidence"))
    misses += _unpaired("statement", gold_st, pred_st, pairs, ("speaker", "gist", "text"))
    if misses:
        scores.misses.setdefault(str(gold.get("article")), []).extend(misses)


def _unpaired(kind: str, gold: list[dict], pred: list[dict], pairs: list[tuple[int, int]],
              keys: tuple[str, ...]) -> list[str]:
    got_gold, got_pred = {g for g, _ in pairs}, {p for _, p in pairs}
    return ([f"MISS {kind}: {_short(x, *keys)[:120]}" for i, x in enumerate(gold)
             if i not in got_gold]
            + [f"EXTRA {kind}: {_short(x, *keys)[:120]}" for i, x in enumerate(pred)
               if i not in got_pred])


def score(predicted: Iterable[dict], gold: Iterable[dict]) -> Scores:
    """Score predictions against gold records, paired by article file name. Predictions for
    articles with no gold are ignored; gold with no prediction counts as all missed."""
    by_name = {str(p.get("article", "")).rsplit("/", 1)[-1]: p for p in predicted}
    scores = Scores()
    for g in gold:
        p = by_name.get(g["article"])
        if p is None:
            scores.unpredicted.append(g["article"])
        score_article(g, p or {}, scores)
    return scores
