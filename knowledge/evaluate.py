"""`ecobot eval`: run the extractor on the articles of one or more gold folders and score it with
the reference rules (knowledge.scoring).

A gold folder holds one JSON file per article; the articles are in `<gold>/../articles`. Each
gold file is paired with its own article file, extracted in-process through the same path as
`ecobot extract` (knowledge.records).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from knowledge.ingest.document import InputError
from knowledge.ingest.limits import Limits
from knowledge.records import file_records
from knowledge.scoring import AREAS, Scores, score_article


class EvalError(ValueError):
    """A gold folder or gold file that cannot be used (the message says which and why)."""


@dataclass(slots=True)
class Evaluation:
    """Scores over every gold article, plus the articles that could not be extracted."""

    scores: Scores
    articles: int
    errors: list[str] = field(default_factory=list)

    def to_json(self, verbose: bool = False) -> dict[str, Any]:
        """Machine-readable figures: counts, P/R/F1 per area, field tallies, core."""
        s = self.scores
        data: dict[str, Any] = {
            "articles": self.articles,
            "areas": {a: {"tp": s[a].tp, "predicted": s[a].predicted, "gold": s[a].gold,
                          "precision": round(s[a].precision, 3),
                          "recall": round(s[a].recall, 3), "f1": round(s[a].f1, 3)}
                      for a in AREAS},
            "fields": {f: {"correct": t.correct, "total": t.total} for f, t in s.fields.items()},
            "core_f1": round(s.core, 3),
            "speaker_flags": {area: asdict(f) for area, f in s.flags.items()},
            "unpredicted": s.unpredicted,
            "errors": self.errors,
        }
        if verbose:
            data["misses"] = s.misses
        return data


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """The gold records of a folder, sorted by file name."""
    if not gold_dir.is_dir():
        raise EvalError(f"{gold_dir} is not a folder")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise EvalError(f"{gold_dir} holds no gold *.json files")
    records = []
    for path in files:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvalError(f"{path}: not readable JSON ({exc})") from None
        if not isinstance(record, dict) or not isinstance(record.get("article"), str):
            raise EvalError(f"{path}: a gold file is an object with an \"article\" file name")
        records.append(record)
    return records


def evaluate(gold_dirs: list[Path], limits: Limits = Limits()) -> Evaluation:
    """Extract each gold folder's articles (from `<gold>/../articles`) and score them all."""
    golds = [(gold_dir, g) for gold_dir in gold_dirs for g in load_gold(gold_dir)]
    scores, errors = Scores(), []
    for gold_dir, gold in golds:
        path = gold_dir.parent / "articles" / gold["article"]
        prediction = None
        if path.is_file():
            for record in file_records(path, limits):
                if isinstance(record, InputError):
                    errors.append(str(record))
                elif prediction is None:
                    prediction = record
        else:
            errors.append(f"{path}: no such article")
        if prediction is None:
            scores.unpredicted.append(gold["article"])
        score_article(gold, prediction or {}, scores)
    return Evaluation(scores, len(golds), errors)
