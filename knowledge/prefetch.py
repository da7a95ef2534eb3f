"""Extraction ahead of the writer: worker processes extract the next articles' facts while this
process stores the current one (writes stay here, one at a time, in input order).

Extraction is pure CPU work on one article's text, so it parallelises; storing is one
transaction at a time (SQLite allows one writer). At most `window` articles are in flight, so
memory stays flat however many articles a batch holds. Workers end with their parent, also
when it is killed (`die_with_parent`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
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


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 0.5  # how often a worker checks that its parent still runs


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this process when `parent` dies, even by SIGKILL (which runs no
    cleanup in the parent): Linux's parent-death signal, and a thread that watches the parent
    id for every other system (or if prctl is unavailable). The signal follows the thread that
    started the worker (the one iterating `with_facts`, which submits the jobs)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the watchdog still works
            pass
    if os.getppid() != parent:  # died before the signal was set up
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="parent-watchdog", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:  # an orphan is re-parented: its parent id changes
        time.sleep(WATCH_SECONDS)
    os._exit(1)


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
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
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
