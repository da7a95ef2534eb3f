"""The benchmark's generated articles are our own templates: the extractor covers every one.

A drop here is a regression in a rule the benchmark's figures rely on (a rule for real news
that starts to over-fire on plain sentences, say), so every area must stay perfect."""

from __future__ import annotations

from bench.generator import generate
from knowledge.extract.pipeline import extract
from knowledge.scoring import score


def test_generated_articles_are_extracted_perfectly() -> None:
    items = list(generate(60, seed=5))
    result = score([extract(text).to_json(name) for name, text, _ in items],
                   [gold for _, _, gold in items])
    assert {area: round(s.f1, 3) for area, s in result.areas.items()} == {
        area: 1.0 for area in result.areas}
