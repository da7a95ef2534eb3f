"""Extraction throughput (articles/s on one core) and memory, against a baseline measured in
the same run: reading the text and splitting it into sentences, nothing more."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

from bench.common import Result, peak_rss_mb
from bench.generator import generate
from knowledge.extract.pipeline import extract
from knowledge.extract.text import paragraphs, sentences
from knowledge.scoring import score


def _rate(texts: list[str], fn: Callable[[str], object]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return len(texts) / (time.perf_counter() - start)


def run(quick: bool) -> list[Result]:
    n = 300 if quick else 3000
    items = list(generate(n, seed=11))
    texts = [t for _, t, _ in items]
    words = sum(len(t.split()) for t in texts) / len(texts)
    extract(texts[0])  # load gazetteers once
    baseline = _rate(texts, lambda t: sentences(t, paragraphs(t)))
    rate = _rate(texts, extract)
    tracemalloc.start()
    for text in texts[:200]:
        extract(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scores = score([extract(t).to_json(name) for name, t, _ in items[:200]],
                   [g for _, _, g in items[:200]])
    result = Result("Extraction throughput (one core)",
                    ["what", "articles/s", "vs baseline", "target"])
    result.rows = [["baseline: read + split sentences", baseline, 1.0, ""],
                   ["full extraction", rate, rate / baseline, "≥ 300 articles/s"]]
    result.notes = [
        f"{n} generated articles, {words:.0f} words on average",
        f"peak traced Python memory while extracting 200 articles: {peak / 1024:.0f} KB "
        f"(flat: one article at a time); process peak RSS {peak_rss_mb():.0f} MB",
        "quality on generated articles (templated, so this checks coverage, not "
        "generalisation): " + ", ".join(f"{k} F1 {v.f1:.2f}" for k, v in scores.items()),
    ]
    return [result]
