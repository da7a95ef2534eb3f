"""Follows and the outbox: matching in the ingest transaction, rollback, delete, claims, chats
that move or leave (both databases)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from knowledge import corrections, follows
from knowledge.follows import FollowError
from knowledge.ingest.document import Document
from knowledge.models import Entity, Follow, OutboxItem, utcnow
from tests.files import SAMPLE

TASHKENT = """Transport Ministers of ECO Gather Again in Tashkent
TASHKENT (Test Wire) – The 7th Meeting of Transport Ministers of the Economic Cooperation
Organization (ECO) was held in Tashkent on Monday.

Kazakh Transport Minister Nurlan Abenov said that new transit corridors would link the Caspian
ports to the east.
“We will finish the northern line before winter,” Abenov said.
Uzbek Foreign Minister Sardor Umarov said that tariffs on grain must fall.
"""
GRAIN = """Grain Talks in Bishkek
BISHKEK (Test Wire) – Uzbek Foreign Minister Sardor Umarov said that Transit-Corridors for grain
were on the agenda, and that the tariffs would be reviewed.
"""
PRIVATE, GROUP = 1001, -2002


def doc(text: str, name: str) -> Document:
    return Document(filename=name, text=text, format="txt")


def entity_id(memory, kind: str, name: str) -> int:
    with memory.db.session() as s:
        found = s.exec(select(Entity.id).where(Entity.kind == kind, Entity.name == name)).one()
    return found


def outbox(memory) -> list[tuple[int, str, str]]:
    """(chat, item kind, reason) of every outbox row, sorted."""
    with memory.db.session() as s:
        rows = s.exec(select(OutboxItem)).all()
        return sorted((r.chat_id, r.item_kind, r.reason) for r in rows)


@pytest.fixture
def seeded(memory):
    """A memory that knows Abenov, ECO and Almaty (from the sample article)."""
    assert memory.ingest(doc(SAMPLE, "almaty.txt")).status == "added"
    return memory


def test_an_ingest_queues_what_each_chat_follows(seeded) -> None:
    abenov = entity_id(seeded, "person", "Nurlan Abenov")
    eco = entity_id(seeded, "organization", "ECO")
    with seeded.db.session() as s:
        assert follows.follow_entity(s, PRIVATE, abenov, by=1)
        assert follows.follow_topic(s, PRIVATE, "northern line", by=1)
        assert follows.follow_topic(s, GROUP, "Transit Corridors!", by=2) == "transit corridors"
        assert follows.follow_entity(s, GROUP, eco, by=2)
    assert seeded.ingest(doc(TASHKENT, "tashkent.txt")).status == "added"
    assert outbox(seeded) == sorted([
        (PRIVATE, "quote", "Nurlan Abenov, “northern line”"),  # one row, both reasons
        (PRIVATE, "statement", "Nurlan Abenov"),
        (PRIVATE, "meeting", "Nurlan Abenov"),  # he spoke at the new meeting
        (GROUP, "statement", "“transit corridors”"),  # Umarov's grain tariffs do not match
        (GROUP, "meeting", "ECO"),
    ])
    with seeded.db.session() as s:
        items = s.exec(select(OutboxItem).where(OutboxItem.chat_id == PRIVATE)).all()
        [news] = follows.news(s, list(items))
    assert news.title == "Transport Ministers of ECO Gather Again in Tashkent"
    assert {line.kind for line in news.lines} == {"quote", "statement", "meeting"}
    assert "7th Transport Ministers, Tashkent" in [line.text for line in news.lines]
    assert news.reasons == ["Nurlan Abenov", "“northern line”"]


def test_topic_words_match_whole_words_only(seeded) -> None:
    with seeded.db.session() as s:
        follows.follow_topic(s, PRIVATE, "tariff", by=1)  # "tariffs" is another word
        follows.follow_topic(s, GROUP, "TRANSIT corridors", by=2)
    seeded.ingest(doc(GRAIN, "grain.txt"))
    assert outbox(seeded) == [(GROUP, "statement", "“transit corridors”")]


def test_nothing_is_queued_when_nobody_follows(seeded) -> None:
    seeded.ingest(doc(TASHKENT, "tashkent.txt"))
    assert outbox(seeded) == []


def test_a_rolled_back_ingest_announces_nothing(seeded, monkeypatch) -> None:
    abenov = entity_id(seeded, "person", "Nurlan Abenov")
    with seeded.db.session() as s:
        follows.follow_entity(s, PRIVATE, abenov, by=1)
    real = follows.record_article

    def then_fail(*args, **kwargs):
        assert real(*args, **kwargs) > 0  # the rows were written in the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(follows, "record_article", then_fail)
    with pytest.raises(RuntimeError):
        seeded.ingest(doc(TASHKENT, "tashkent.txt"))
    assert outbox(seeded) == []


def test_deleting_an_article_drops_its_pending_news(seeded) -> None:
    abenov = entity_id(seeded, "person", "Nurlan Abenov")
    with seeded.db.session() as s:
        follows.follow_entity(s, PRIVATE, abenov, by=1)
    article = seeded.ingest(doc(TASHKENT, "tashkent.txt")).article_id
    assert outbox(seeded)
    assert seeded.delete_article(article)
    assert outbox(seeded) == []
    with seeded.db.session() as s:  # the follow outlives the facts of its entity
        assert [v.label for v in follows.following(s, PRIVATE)] == ["Nurlan Abenov"]


def test_a_meeting_is_announced_to_a_chat_once(seeded) -> None:
    eco = entity_id(seeded, "organization", "ECO")
    with seeded.db.session() as s:
        follows.follow_entity(s, GROUP, eco, by=2)
    seeded.ingest(doc(TASHKENT, "tashkent.txt"))
    seeded.ingest(doc(TASHKENT.replace("Monday", "Monday, with Oman as a guest")
                      .replace("Again", "Once More"), "again.txt"))
    assert [r for r in outbox(seeded) if r[1] == "meeting"] == [(GROUP, "meeting", "ECO")]


def test_follows_are_unique_capped_and_listed(memory, db) -> None:
    with db.session() as s:
        assert follows.follow_topic(s, PRIVATE, "grain", by=1) == "grain"
        assert follows.follow_topic(s, PRIVATE, "Grain.", by=1) == ""  # already followed
        with pytest.raises(FollowError):
            follows.follow_topic(s, PRIVATE, "…!", by=1)
        with pytest.raises(FollowError):
            follows.follow_entity(s, PRIVATE, 999_999, by=1)
        for n in range(follows.MAX_FOLLOWS_PER_CHAT - 1):
            follows.follow_topic(s, PRIVATE, f"word{n}", by=1)
        with pytest.raises(FollowError, match="already follows"):
            follows.follow_topic(s, PRIVATE, "one more", by=1)
        views = follows.following(s, PRIVATE)
        assert len(views) == follows.MAX_FOLLOWS_PER_CHAT
        assert follows.unfollow(s, PRIVATE, "t:grain") == views[0]
        assert follows.unfollow(s, PRIVATE, "t:grain") is None
        assert follows.unfollow(s, GROUP, views[1].key) is None  # another chat's follow


def _queue(memory, chat_id: int, article_id: int, n: int, created=None) -> None:
    with memory.db.session() as s:
        for i in range(n):
            s.add(OutboxItem(chat_id=chat_id, article_id=article_id, item_kind="quote",
                             item_id=1000 + i, created_at=created or utcnow()))


def test_claims_lease_and_delivery(seeded) -> None:
    aid = 1
    old = utcnow() - timedelta(seconds=30)
    _queue(seeded, PRIVATE, aid, 3, created=old)
    _queue(seeded, GROUP, aid, 1)  # just written: a burst may still be coming
    now = utcnow()
    quiet, wait = timedelta(seconds=2), timedelta(seconds=60)
    pg = not seeded.db.sqlite
    with seeded.db.session() as s:
        assert follows.due_chats(s, now=now, quiet=quiet, max_wait=wait, limit=10) == [PRIVATE]
        token, items = follows.claim(s, PRIVATE, now=now, lease=timedelta(seconds=60),
                                     postgres=pg)
    assert len(items) == 3
    with seeded.db.session() as s:  # claimed: nobody else gets them while the lease runs
        assert follows.claim(s, PRIVATE, now=now, lease=timedelta(seconds=60),
                             postgres=pg)[1] == []
        assert follows.due_chats(s, now=now, quiet=quiet, max_wait=wait, limit=10) == []
    later = now + timedelta(seconds=61)  # the sender crashed: the lease runs out
    with seeded.db.session() as s:
        token2, again = follows.claim(s, PRIVATE, now=later, lease=timedelta(seconds=60),
                                      postgres=pg)
    assert [i.id for i in again] == [i.id for i in items]
    assert [i.attempts for i in again] == [2, 2, 2]
    with seeded.db.session() as s:
        assert follows.mark_delivered(s, token, 77) == 0  # the old claim is void
        assert follows.mark_delivered(s, token2, 78) == 3
    with seeded.db.session() as s:
        assert follows.claim(s, PRIVATE, now=later + timedelta(hours=1),
                             lease=timedelta(seconds=60), postgres=pg)[1] == []
        assert {i.message_id for i in s.exec(select(OutboxItem).where(
            OutboxItem.chat_id == PRIVATE))} == {78}
        stats = follows.stats(s)
    assert (stats.pending, stats.delivered) == (1, 3)


def test_release_retries_later(seeded) -> None:
    _queue(seeded, PRIVATE, 1, 2, created=utcnow() - timedelta(seconds=30))
    now = utcnow()
    pg = not seeded.db.sqlite
    with seeded.db.session() as s:
        token, _ = follows.claim(s, PRIVATE, now=now, lease=timedelta(seconds=60), postgres=pg)
        follows.release(s, token, retry_at=now + timedelta(seconds=5))
    with seeded.db.session() as s:
        assert follows.claim(s, PRIVATE, now=now + timedelta(seconds=1),
                             lease=timedelta(seconds=60), postgres=pg)[1] == []
        assert len(follows.claim(s, PRIVATE, now=now + timedelta(seconds=6),
                                 lease=timedelta(seconds=60), postgres=pg)[1]) == 2


def test_blocked_chat_is_dropped_and_migrated_group_keeps_follows(seeded) -> None:
    eco = entity_id(seeded, "organization", "ECO")
    supergroup = -100_123_456_789_0
    with seeded.db.session() as s:
        follows.follow_entity(s, GROUP, eco, by=2)
        follows.follow_topic(s, GROUP, "grain", by=2)
        follows.follow_topic(s, supergroup, "grain", by=2)  # already there under the new id
        follows.follow_topic(s, PRIVATE, "grain", by=1)
    seeded.ingest(doc(GRAIN, "grain.txt"))
    with seeded.db.session() as s:
        follows.migrate_chat(s, GROUP, supergroup)
    with seeded.db.session() as s:
        assert follows.following(s, GROUP) == []
        assert sorted(v.label for v in follows.following(s, supergroup)) == ["ECO", "grain"]
        assert follows.drop_chat(s, PRIVATE) == 1
    with seeded.db.session() as s:
        assert follows.following(s, PRIVATE) == []
        chats = set(s.exec(select(OutboxItem.chat_id)))
    assert chats == {supergroup}


def test_a_merge_moves_follows_to_the_kept_entity(seeded) -> None:
    seeded.ingest(doc(TASHKENT, "tashkent.txt"))
    abenov = entity_id(seeded, "person", "Nurlan Abenov")
    umarov = entity_id(seeded, "person", "Sardor Umarov")
    with seeded.db.session() as s:
        follows.follow_entity(s, PRIVATE, umarov, by=1)
        follows.follow_entity(s, GROUP, umarov, by=2)
        follows.follow_entity(s, GROUP, abenov, by=2)
    seeded.apply(lambda s: corrections.merge(s, abenov, umarov, actor="t"))
    with seeded.db.session() as s:
        rows = sorted((f.chat_id, f.entity_id, f.key) for f in s.exec(select(Follow)))
        assert s.exec(select(func.count()).select_from(Entity)
                      .where(Entity.id == umarov)).one() == 0
    assert rows == sorted([(PRIVATE, abenov, f"e:{abenov}"), (GROUP, abenov, f"e:{abenov}")])
