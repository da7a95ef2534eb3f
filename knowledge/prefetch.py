"""Extraction ahead of the writer: worker processes extract the next articles' facts while this
process stores the current one (writes stay here, one at a time, in input order).

Extraction is pure CPU work on one article's text, so it parallelises; storing is one
transaction at a time (SQLite allows one writer). At most `window` articles are in flight, so
memory stays flat however many articles a batch holds.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import TypeVar

from knowledge.extract.facts import ArticleFacts
from knowledge.extract.pipeline import extract

log = logging.getLogger(__name__)
T = TypeVar("T")
Job = tuple[str, date | None, str | None]  # text, publication date, title


def _extract(job: Job) -> ArticleFacts:
    text, published, title = job
    return extract(text, published=published, title=title)


def with_facts(
    items: Iterable[T],
    job: Callable[[T], Job | None],
    *,
    workers: int,
    window: int = 64,
) -> Iterator[tuple[T, ArticleFacts | None]]:
    """Each item with its facts extracted in a worker (None where `job` gives None, where a
    worker failed, or with no workers: the writer then extracts in-process, as usual)."""
    if workers <= 0:
        for item in items:
            yield item, None
        return
    # spawn: workers start clean (no copy of this process's engines, sessions or threads)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[tuple[T, Future[ArticleFacts] | None]] = deque()
        broken = False
        for item in items:
            args = None if broken else job(item)
            future = None
            if args is not None:
                try:
                    future = pool.submit(_extract, args)
                except BrokenProcessPool:  # workers died: the writer extracts the rest
                    log.warning("Extraction workers stopped; extracting in-process")
                    broken = True
            pending.append((item, future))
            if len(pending) >= window:
                yield _ready(*pending.popleft())
        while pending:
            yield _ready(*pending.popleft())


def _ready(item: T, future: Future[ArticleFacts] | None) -> tuple[T, ArticleFacts | None]:
    if future is None:
        return item, None
    try:
        return item, future.result()
    except BrokenProcessPool:
        return item, None  # said once, when the pool broke
    except Exception:  # a failing extraction: the writer tries again and reports it
        log.warning("Extraction in a worker failed; extracting in-process", exc_info=True)
        return item, None
