"""Change propagation: what one process writes reaches another process's resolver index and
admin list through the change log (incrementally, by entity), within a second when watched."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from knowledge import chats, corrections
from knowledge.changes import ADMINS, ENTITIES, REBUILD, watch
from knowledge.ingest.document import Document
from knowledge.memory import Memory
from knowledge.resolve import AliasEntry, AliasIndex

ARTICLE = """Kyrgyz Minister Visits Tashkent
TASHKENT (UzA) – Kyrgyz Foreign Minister Zhanibek Oskonbaev met officials on Monday.
"Trade between our countries will double," Zhanibek Oskonbaev said after the talks.
"""
OTHER = """Turkmen Delegation in Ankara
ANKARA – Turkmen Foreign Minister Rashid Meredov arrived on Thursday for two days of talks.
"We are building a new gas route," Rashid Meredov said.
"""


def doc(text: str, name: str) -> Document:
    return Document(filename=name, text=text, format="txt")


@pytest.fixture
def replicas(db):
    """Two memories on one database, as two replicas have."""
    first, second = Memory(db), Memory(db)
    first.index  # noqa: B018
    second.index  # noqa: B018
    return first, second


def _person(memory: Memory, query: str) -> str | None:
    found = memory.index.resolve(query, kind="person")
    return found.matches[0].name if found.decision == "match" else None


def test_an_ingest_elsewhere_updates_only_its_entities(replicas) -> None:
    first, second = replicas
    index = second.index
    assert _person(second, "Oskonbaev") is None
    assert first.ingest(doc(ARTICLE, "a.txt")).status == "added"
    generation = second.generation
    assert second.catch_up() == {ENTITIES}
    assert second.index is index  # updated in place, not rebuilt
    assert _person(second, "Oskonbaev") == "Zhanibek Oskonbaev"
    assert second.generation > generation  # cached answers are recomputed
    assert first.catch_up() == set()  # its own change is already applied
    assert second.catch_up() == set()


def test_a_correction_elsewhere_renames_in_the_index(replicas) -> None:
    first, second = replicas
    first.ingest(doc(ARTICLE, "a.txt"))
    second.catch_up()
    person = second.index.resolve("Zhanibek Oskonbaev", kind="person").matches[0].entity_id
    first.apply(lambda s: corrections.rename(s, person, "Janibek Askanbayev", actor="t"))
    assert _person(first, "Janibek Askanbayev") == "Janibek Askanbayev"  # here, incrementally
    index = second.index
    assert second.catch_up() == {ENTITIES}
    assert second.index is index
    assert _person(second, "Janibek Askanbayev") == "Janibek Askanbayev"
    assert _person(second, "Oskonbaev") == "Janibek Askanbayev"  # the old name stays an alias


def test_a_deletion_elsewhere_rebuilds_the_index(replicas) -> None:
    first, second = replicas
    added = first.ingest(doc(OTHER, "b.txt"))
    second.catch_up()
    assert _person(second, "Meredov") == "Rashid Meredov"
    assert first.delete_article(added.article_id)
    assert second.catch_up() == {REBUILD}
    assert _person(second, "Meredov") is None


def test_an_admin_added_elsewhere_is_announced(replicas, db) -> None:
    _first, second = replicas
    calls: list[int] = []
    second.on_admins = lambda: calls.append(1)
    with db.session() as session:
        assert chats.add_admin(session, 777, added_by=1)
    assert second.catch_up() == {ADMINS}
    assert calls == [1]


def test_the_watcher_applies_a_change_within_a_second(replicas) -> None:
    first, second = replicas

    async def scenario() -> float:
        watcher = asyncio.create_task(watch(second.db.url, second.catch_up))
        try:
            await asyncio.sleep(0.5)  # listening
            await asyncio.to_thread(first.ingest, doc(ARTICLE, "a.txt"))
            committed = time.monotonic()
            while _person(second, "Oskonbaev") is None:
                assert time.monotonic() - committed < 5, "the change never arrived"
                await asyncio.sleep(0.02)
            return time.monotonic() - committed
        finally:
            watcher.cancel()

    assert asyncio.run(scenario()) < 1.0


def test_update_entities_replaces_an_entity_and_keeps_the_others() -> None:
    index = AliasIndex([AliasEntry(1, "person", "Ali Vaezi", "Ali Vaezi"),
                        AliasEntry(2, "person", "Bahrom Sharipov", "Bahrom Sharipov")])
    index.update_entities([1], [AliasEntry(1, "person", "Ali Vaez", "Ali Vaez")])
    assert index.resolve("Ali Vaez").matches[0].name == "Ali Vaez"
    assert index.resolve("Vaezi").matches[0].name == "Ali Vaez"  # fuzzy only, not the old row
    assert "alias 'Ali Vaezi'" not in index.resolve("Ali Vaezi").matches[0].why
    assert index.resolve("Sharipov").decision == "match"
    index.update_entities([1], [AliasEntry(1, "person", "Ali Vaez", "Ali Vaez")])
    assert len(index) == len({(e, k) for e, k in index._seen})  # no row twice


def test_concurrent_catch_up_and_ingest_do_not_lose_changes(replicas) -> None:
    first, second = replicas
    stop = threading.Event()

    def keep_catching_up() -> None:
        while not stop.is_set():
            second.catch_up()

    runner = threading.Thread(target=keep_catching_up)
    runner.start()
    try:
        first.ingest(doc(ARTICLE, "a.txt"))
        first.ingest(doc(OTHER, "b.txt"))
    finally:
        stop.set()
        runner.join()
    second.catch_up()
    assert _person(second, "Oskonbaev") and _person(second, "Meredov")


def test_old_changes_are_pruned(db) -> None:
    from datetime import timedelta

    from knowledge import changes
    from knowledge.models import utcnow

    with db.session() as session:
        changes.record(session, ENTITIES, [1, 2])
        changes.record(session, ADMINS)
    with db.session() as session:
        assert changes.prune(session, now=utcnow() + timedelta(hours=1)) == 0
        assert changes.prune(session, now=utcnow() + timedelta(days=2)) == 2
        assert changes.since(session, 0) == []
