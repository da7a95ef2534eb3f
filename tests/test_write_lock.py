"""Extraction runs before the memory's write lock is taken: a slow article being extracted does
not hold up another write (an admin's alias, a second upload)."""

from __future__ import annotations

import threading

import pytest

from knowledge import corrections
from knowledge import memory as mem
from knowledge.ingest.document import Document
from tests.files import SAMPLE

SLOW = "Slow article. The ECO met in Tehran with Iran and Turkey present.\n" * 20


@pytest.fixture
def blocked_extraction(monkeypatch: pytest.MonkeyPatch):
    """`extract` on SLOW waits until the test releases it; other texts extract as usual."""
    started, release = threading.Event(), threading.Event()
    real = mem.extract

    def extract(text, **kw):
        if text.startswith("Slow article"):
            started.set()
            assert release.wait(60), "never released"
        return real(text, **kw)

    monkeypatch.setattr(mem, "extract", extract)
    yield started, release
    release.set()


def _in_thread(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_writes_go_on_while_an_article_is_extracted(memory, blocked_extraction) -> None:
    started, release = blocked_extraction
    results: dict[str, object] = {}
    slow = _in_thread(lambda: results.update(
        slow=memory.ingest(Document("slow.txt", SLOW, "txt"), by="t")))
    assert started.wait(30)
    quick = _in_thread(lambda: results.update(
        quick=memory.ingest(Document("quick.txt", SAMPLE, "txt"), by="t")))
    quick.join(30)
    assert not quick.is_alive(), "a second upload waited for another article's extraction"
    eco = memory.index.resolve("ECO", kind="organization").matches[0]
    alias = _in_thread(lambda: results.update(alias=memory.apply(
        lambda s: corrections.add_alias(s, eco.entity_id, "Eco Org", actor="admin"))))
    alias.join(30)
    assert not alias.is_alive(), "/alias waited for another article's extraction"
    assert slow.is_alive()  # still extracting
    release.set()
    slow.join(60)
    assert results["quick"].status == "added"  # type: ignore[union-attr]
    assert results["slow"].status == "added"  # type: ignore[union-attr]


def test_reindex_extracts_outside_the_lock(memory, blocked_extraction) -> None:
    started, release = blocked_extraction
    release.set()  # stored at full speed first
    assert memory.ingest(Document("slow.txt", SLOW, "txt"), by="t").status == "added"
    started.clear()
    release.clear()
    reindex = _in_thread(memory.reindex)
    assert started.wait(30)  # re-extracting the slow article
    quick = _in_thread(lambda: memory.ingest(Document("quick.txt", SAMPLE, "txt"), by="t"))
    quick.join(30)
    alive = quick.is_alive()
    release.set()
    reindex.join(60)
    assert not alive, "an upload waited for reindex's extraction"
    assert not reindex.is_alive()
