"""Scoring the extractor against gold annotations: precision, recall and F1 per fact type.

Matching is by meaning, not by exact strings: names fold (case, accents, scripts), countries
compare canonically ("Türkiye" = "Turkey"), quotes ignore edge punctuation, statements match on
speaker and word overlap with the gold `gist`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from knowledge import gazetteer
from knowledge.normalize import fold

FACT_TYPES = ("members", "meetings", "people", "quotes", "statements")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def _country(name: str | None) -> str:
    return (gazetteer.canonical_country(name) or fold(name)) if name else ""


def _same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    return fa == fb or (fa.split()[-1] == fb.split()[-1] and (fa in fb or fb in fa))


def _quote_key(text: str) -> str:
    return " ".join(_WORD.findall(fold(text)))


def _overlap(gist: str, text: str) -> float:
    g = _WORD.findall(fold(gist))
    t = set(_WORD.findall(fold(text)))
    return sum(1 for w in g if w in t) / len(g) if g else 0.0


def _match(pred: list, gold: list, same: Callable[[object, object], bool]) -> Score:
    """Greedy one-to-one matching."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, p in enumerate(pred):
            if i not in used and same(p, g):
                used.add(i)
                tp += 1
                break
    return Score(tp, len(pred) - len(used), len(gold) - tp)


def _same_meeting(p: dict, g: dict) -> bool:
    if fold(p.get("organization") or "") != fold(g.get("organization") or ""):
        return False
    if p.get("ordinal") != g.get("ordinal"):
        return False
    if fold(p.get("body") or "") != fold(g.get("body") or ""):
        return False
    for field in ("city", "country"):
        if g.get(field) and _country(p.get(field)) != _country(g.get(field)):
            return False
    return True


def score_article(pred: dict, gold: dict) -> dict[str, Score]:
    """Scores of one article's extraction against its gold annotation."""
    members_p = {(fold(org), _country(c)) for org, cs in (pred.get("members") or {}).items()
                 for c in cs}
    members_g = {(fold(org), _country(c)) for org, cs in (gold.get("members") or {}).items()
                 for c in cs}
    return {
        "members": Score(len(members_p & members_g), len(members_p - members_g),
                         len(members_g - members_p)),
        "meetings": _match(pred.get("meetings", []), gold.get("meetings", []), _same_meeting),
        "people": _match(pred.get("people", []), gold.get("people", []), lambda p, g: (
            _same_person(p["name"], g["name"]) and fold(p.get("role") or "") == fold(
                g.get("role") or "") and _country(p.get("country")) == _country(g.get("country")))),
        "quotes": _match(pred.get("quotes", []), gold.get("quotes", []), lambda p, g: (
            _same_person(p.get("speaker"), g.get("speaker"))
            and _quote_key(p["text"]) == _quote_key(g["text"]))),
        "statements": _match(pred.get("statements", []), gold.get("statements", []),
                             lambda p, g: _same_person(p.get("speaker"), g.get("speaker"))
                             and _overlap(g.get("gist") or g.get("text", ""),
                                          p.get("text") or p.get("gist", "")) >= 0.6),
    }


def score(predicted: Iterable[dict], gold: Iterable[dict]) -> dict[str, Score]:
    """Micro-averaged scores over articles, paired by their "article" file name."""
    by_name = {g["article"]: g for g in gold}
    total = {t: Score(0, 0, 0) for t in FACT_TYPES}
    for pred in predicted:
        g = by_name.get(pred["article"])
        if g is None:
            continue
        for fact_type, s in score_article(pred, g).items():
            total[fact_type] = total[fact_type] + s
    return total


def evaluate_dirs(gold_dir: Path, articles_dir: Path,
                  published: date | None = None) -> dict[str, Score]:
    """Run the extractor on every article that has a gold file, and score it."""
    from knowledge.extract.pipeline import extract

    golds, preds = [], []
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = articles_dir / gold["article"]
        if not article.is_file():
            continue
        golds.append(gold)
        text = article.read_text(encoding="utf-8")
        preds.append(extract(text, published=published).to_json(gold["article"]))
    return score(preds, golds)


def format_report(scores: dict[str, Score]) -> str:
    """A plain-text table of precision/recall/F1 per fact type."""
    lines = [f"{'fact':<11} {'P':>6} {'R':>6} {'F1':>6} {'TP':>4} {'FP':>4} {'FN':>4}"]
    for fact_type, s in scores.items():
        lines.append(f"{fact_type:<11} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                     f"{s.tp:4d} {s.fp:4d} {s.fn:4d}")
    return "\n".join(lines)
