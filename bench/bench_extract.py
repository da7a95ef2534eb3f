"""Extraction throughput (articles/s on one core) and memory, against a baseline measured in
the same run: reading the text and splitting it into sentences, nothing more.

Rates are given in wall time and in the process's CPU time: on a shared machine the wall rate
falls with the other load, the CPU rate is what one core does."""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable

from bench.common import Result, peak_rss_mb
from bench.generator import generate
from knowledge.extract.pipeline import extract
from knowledge.extract.text import paragraphs, sentences
from knowledge.scoring import score


def _rates(texts: list[str], fn: Callable[[str], object]) -> tuple[float, float]:
    """Articles per second of wall time and of CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    for text in texts:
        fn(text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(texts) / wall, len(texts) / max(cpu, 1e-9)


def run(quick: bool, n: int | None = None) -> list[Result]:
    n = n or (300 if quick else 3000)
    items = list(generate(n, seed=11))
    texts = [t for _, t, _ in items]
    words = sum(len(t.split()) for t in texts) / len(texts)
    extract(texts[0])  # load gazetteers once
    baseline, baseline_cpu = _rates(texts, lambda t: sentences(t, paragraphs(t)))
    rate, rate_cpu = _rates(texts, extract)
    tracemalloc.start()
    for text in texts[:200]:
        extract(text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    scores = score([extract(t).to_json(name) for name, t, _ in items[:200]],
                   [g for _, _, g in items[:200]])
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    result = Result("Extraction throughput (one core)",
                    ["what", "articles/s (wall)", "articles/s (CPU)", "vs baseline (CPU)",
                     "target"])
    result.rows = [["baseline: read + split sentences", baseline, baseline_cpu, 1.0, ""],
                   ["full extraction", rate, rate_cpu, rate_cpu / baseline_cpu,
                    "≥ 300 articles/s"]]
    result.notes = [
        f"{n} generated articles, {words:.0f} words on average; load average "
        f"{load:.1f} on {os.cpu_count()} cores while it ran",
        f"peak traced Python memory while extracting 200 articles: {peak / 1024:.0f} KB "
        f"(flat: one article at a time); process peak RSS {peak_rss_mb():.0f} MB",
        "quality on generated articles (templated, so this checks coverage, not "
        "generalisation): " + ", ".join(f"{k} F1 {v.f1:.2f}" for k, v in scores.areas.items()),
    ]
    return [result]
