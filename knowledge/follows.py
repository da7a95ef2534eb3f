"""What chats follow, and the outbox of news for them (no Telegram types here).

A chat follows an entity (person, organization, country, city) or a topic (words). When an
article is ingested, `record_article` runs inside the ingest's transaction and writes one
`OutboxItem` per new fact and following chat, so a rolled-back ingest announces nothing and a
committed one is never missed, whichever process ingested it. The bot's delivery task claims
pending items with a lease (`claim`), sends them and marks them delivered with the message id
(`mark_delivered`). Rows go with their article (ON DELETE CASCADE): a deleted article has
nothing pending.

Matching: an entity follow matches a quote or statement by its speaker, a new meeting by its
organization, city, country or anyone recorded at it by this article, a new membership by its
organization or country. A topic matches a quote or statement whose folded text contains its
folded words as whole words (case-, accent- and punctuation-insensitive).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, or_, update
from sqlmodel import Session, select

from knowledge.labels import meeting_label
from knowledge.models import (
    Article,
    Attendance,
    Entity,
    Follow,
    Meeting,
    MembershipClaim,
    OutboxItem,
    Quote,
    utcnow,
)
from knowledge.normalize import fold

MAX_TOPIC_CHARS = 200
MAX_FOLLOWS_PER_CHAT = 100
ITEM_KINDS = ("quote", "statement", "meeting", "membership")


class FollowError(ValueError):
    """A follow that cannot be made (the message says why, for the user)."""


@dataclass(frozen=True, slots=True)
class FollowView:
    """One thing a chat follows, for listing."""

    id: int
    kind: str  # entity | topic
    label: str  # the entity's name, or the topic's words
    key: str  # "e:<entity id>" or "t:<words>"
    entity_id: int | None = None
    entity_kind: str | None = None  # person | country | city | organization


def topic_key(words: str) -> str:
    """A topic's stored form: folded words ("Transit Corridors!" -> "transit corridors")."""
    return fold(words)[:MAX_TOPIC_CHARS].strip()


def _add(session: Session, chat_id: int, key: str, by: int | None, **values: object) -> bool:
    if session.exec(select(Follow.id).where(Follow.chat_id == chat_id,
                                            Follow.key == key)).first() is not None:
        return False
    count = session.exec(select(func.count()).select_from(Follow)
                         .where(Follow.chat_id == chat_id)).one()
    if count >= MAX_FOLLOWS_PER_CHAT:
        raise FollowError(f"this chat already follows {MAX_FOLLOWS_PER_CHAT} things; "
                          "unfollow some first")
    session.add(Follow(chat_id=chat_id, key=key, created_by=by, **values))
    return True


def follow_entity(session: Session, chat_id: int, entity_id: int, *, by: int | None) -> bool:
    """Make `chat_id` follow an entity; False if it already did."""
    if session.get(Entity, entity_id) is None:
        raise FollowError(f"#{entity_id} is not a name I know")
    return _add(session, chat_id, f"e:{entity_id}", by, kind="entity", entity_id=entity_id)


def follow_topic(session: Session, chat_id: int, words: str, *, by: int | None) -> str:
    """Make `chat_id` follow a topic; returns its folded words ("" if it already did)."""
    key = topic_key(words)
    if not key:
        raise FollowError("a topic needs at least one letter or digit")
    return key if _add(session, chat_id, f"t:{key}", by, kind="topic", words=key) else ""


def following(session: Session, chat_id: int) -> list[FollowView]:
    """What `chat_id` follows, oldest first."""
    rows = session.exec(select(Follow, Entity).join(Entity, Entity.id == Follow.entity_id,
                                                    isouter=True)
                        .where(Follow.chat_id == chat_id).order_by(Follow.id)).all()
    return [FollowView(f.id or 0, f.kind, e.name if e else (f.words or ""), f.key,
                       f.entity_id, e.kind if e else None) for f, e in rows]


def unfollow(session: Session, chat_id: int, key: str) -> FollowView | None:
    """Stop one follow of `chat_id` by its key (its pending news stays: it was already due)."""
    view = next((v for v in following(session, chat_id) if v.key == key), None)
    if view is not None:
        session.exec(delete(Follow).where(Follow.id == view.id))  # type: ignore[call-overload]
    return view


def drop_chat(session: Session, chat_id: int) -> int:
    """Unsubscribe a chat entirely (it blocked the bot or is gone): follows and pending news."""
    session.exec(delete(OutboxItem).where(OutboxItem.chat_id == chat_id,  # type: ignore[call-overload]
                                          OutboxItem.delivered_at.is_(None)))  # type: ignore[union-attr]
    result = session.exec(delete(Follow).where(Follow.chat_id == chat_id))  # type: ignore[call-overload]
    return result.rowcount or 0


def migrate_chat(session: Session, old_id: int, new_id: int) -> None:
    """A group became a supergroup: its follows and outbox move to the new id."""
    taken = set(session.exec(select(Follow.key).where(Follow.chat_id == new_id)))
    for follow in session.exec(select(Follow).where(Follow.chat_id == old_id)).all():
        if follow.key in taken:
            session.delete(follow)
        else:
            follow.chat_id = new_id
            session.add(follow)
    session.flush()
    items = set(session.exec(select(OutboxItem.item_kind, OutboxItem.item_id)
                             .where(OutboxItem.chat_id == new_id)).all())
    for item in session.exec(select(OutboxItem).where(OutboxItem.chat_id == old_id)).all():
        if (item.item_kind, item.item_id) in items:
            session.delete(item)
        else:
            item.chat_id, item.claim, item.lease_until = new_id, None, None
            session.add(item)


def move_entity(session: Session, drop_id: int, keep_id: int) -> None:
    """Two entities became one (an admin's merge): follows of the dropped one move over."""
    keep_key = f"e:{keep_id}"
    has_keep = set(session.exec(select(Follow.chat_id).where(Follow.key == keep_key)))
    for follow in session.exec(select(Follow).where(Follow.entity_id == drop_id)).all():
        if follow.chat_id in has_keep:
            session.delete(follow)
        else:
            follow.entity_id, follow.key = keep_id, keep_key
            session.add(follow)
    session.flush()


@dataclass(frozen=True, slots=True)
class Stats:
    chats: int
    follows: int
    entity_follows: int
    topic_follows: int
    pending: int
    delivered: int


def stats(session: Session) -> Stats:
    """Chats that follow something, follows by kind, and the outbox's pending/delivered counts."""
    chats = session.exec(select(func.count(func.distinct(Follow.chat_id)))).one()
    by_kind = dict(session.exec(select(Follow.kind, func.count()).group_by(Follow.kind)).all())
    pending = session.exec(select(func.count()).select_from(OutboxItem)
                           .where(OutboxItem.delivered_at.is_(None))).one()  # type: ignore[union-attr]
    done = session.exec(select(func.count()).select_from(OutboxItem)
                        .where(OutboxItem.delivered_at.is_not(None))).one()  # type: ignore[union-attr]
    return Stats(chats, sum(by_kind.values()), by_kind.get("entity", 0),
                 by_kind.get("topic", 0), pending, done)


# -- matching, inside the ingest transaction ------------------------------------------------


@dataclass(slots=True)
class _Fact:
    kind: str
    item_id: int
    entity_ids: set[int]
    text: str = ""  # folded, for topics


def _article_facts(session: Session, article_id: int, new_meetings: Iterable[int],
                   new_memberships: set[tuple[int, int, str]]) -> list[_Fact]:
    facts: list[_Fact] = []
    for qid, kind, speaker, text in session.exec(
            select(Quote.id, Quote.kind, Quote.speaker_id, Quote.text)
            .where(Quote.article_id == article_id)).all():
        facts.append(_Fact("quote" if kind == "direct" else "statement", qid,
                           {speaker} if speaker else set(), fold(text)))
    meeting_ids = list(new_meetings)
    if meeting_ids:
        present: dict[int, set[int]] = {}
        for mid, entity_id in session.exec(select(Attendance.meeting_id, Attendance.entity_id)
                                           .where(Attendance.article_id == article_id,
                                                  Attendance.meeting_id.in_(meeting_ids))):  # type: ignore[attr-defined]
            present.setdefault(mid, set()).add(entity_id)
        for m in session.exec(select(Meeting).where(Meeting.id.in_(meeting_ids))).all():  # type: ignore[union-attr]
            ids = {i for i in (m.organization_id, m.city_id, m.country_id) if i}
            facts.append(_Fact("meeting", m.id or 0, ids | present.get(m.id or 0, set())))
    if new_memberships:
        for cid, org, country, status in session.exec(
                select(MembershipClaim.id, MembershipClaim.organization_id,
                       MembershipClaim.country_id, MembershipClaim.status)
                .where(MembershipClaim.article_id == article_id)).all():
            if (org, country, status) in new_memberships:
                facts.append(_Fact("membership", cid, {org, country}))
    return facts


def _contains_words(text: str, words: str) -> bool:
    return f" {words} " in f" {text} "


def record_article(session: Session, article_id: int, *, new_meetings: Iterable[int] = (),
                   new_memberships: set[tuple[int, int, str]] | None = None) -> int:
    """Queue news of a just-written article for every chat that follows it; returns the number
    of outbox rows. Call inside the ingest's transaction, after the claims are flushed."""
    if session.exec(select(Follow.id).limit(1)).first() is None:
        return 0  # nobody follows anything: one indexed probe per article
    facts = _article_facts(session, article_id, new_meetings, new_memberships or set())
    if not facts:
        return 0
    entity_ids = set().union(*(f.entity_ids for f in facts))
    by_entity: dict[int, list[tuple[int, str]]] = {}
    if entity_ids:
        for chat_id, entity_id, name in session.exec(
                select(Follow.chat_id, Follow.entity_id, Entity.name)
                .join(Entity, Entity.id == Follow.entity_id)
                .where(Follow.entity_id.in_(entity_ids))).all():  # type: ignore[union-attr]
            by_entity.setdefault(entity_id, []).append((chat_id, name))
    topics: dict[str, list[int]] = {}
    if any(f.text for f in facts):
        for chat_id, words in session.exec(select(Follow.chat_id, Follow.words)
                                           .where(Follow.kind == "topic")).all():
            topics.setdefault(words or "", []).append(chat_id)
    due: dict[tuple[int, str, int], list[str]] = {}  # (chat, kind, item) -> why
    for fact in facts:
        for entity_id in fact.entity_ids:
            for chat_id, name in by_entity.get(entity_id, ()):
                due.setdefault((chat_id, fact.kind, fact.item_id), []).append(name)
        if fact.text:
            for words, chats in topics.items():
                if words and _contains_words(fact.text, words):
                    for chat_id in chats:
                        due.setdefault((chat_id, fact.kind, fact.item_id), []).append(
                            f"“{words}”")
    meetings = [k for k in due if k[1] == "meeting"]
    if meetings:  # a meeting is announced to a chat once, whichever article reports it
        known = set(session.exec(select(OutboxItem.chat_id, OutboxItem.item_id).where(
            OutboxItem.item_kind == "meeting",
            OutboxItem.item_id.in_({k[2] for k in meetings}))).all())  # type: ignore[attr-defined]
        for key in meetings:
            if (key[0], key[2]) in known:
                del due[key]
    if not due:
        return 0
    now = utcnow()
    session.execute(insert(OutboxItem), [
        dict(chat_id=chat_id, article_id=article_id, item_kind=kind, item_id=item_id,
             reason=", ".join(dict.fromkeys(reasons))[:300], created_at=now, attempts=0,
             claim=None, lease_until=None, delivered_at=None, message_id=None)
        for (chat_id, kind, item_id), reasons in due.items()])
    return len(due)


# -- delivery ---------------------------------------------------------------------------------


def _pending(now: datetime):
    return (OutboxItem.delivered_at.is_(None)  # type: ignore[union-attr]
            & or_(OutboxItem.lease_until.is_(None), OutboxItem.lease_until < now))  # type: ignore[union-attr,operator]


def due_chats(session: Session, *, now: datetime, quiet: timedelta, max_wait: timedelta,
              limit: int) -> list[int]:
    """Chats with pending news that has settled: nothing new for `quiet` (a burst is over), or
    the oldest waiting longer than `max_wait`; oldest first."""
    rows = session.exec(
        select(OutboxItem.chat_id)
        .where(_pending(now))
        .group_by(OutboxItem.chat_id)
        .having(or_(func.max(OutboxItem.created_at) <= now - quiet,
                    func.min(OutboxItem.created_at) <= now - max_wait))
        .order_by(func.min(OutboxItem.id))
        .limit(limit)).all()
    return list(rows)


def claim(session: Session, chat_id: int, *, now: datetime, lease: timedelta,
          postgres: bool) -> tuple[str, list[OutboxItem]]:
    """Claim every pending item of one chat for `lease`: (claim token, the items). A row
    another sender holds is skipped: FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional
    UPDATE on SQLite (whose writers are serialised)."""
    token = uuid.uuid4().hex
    ids_query = select(OutboxItem.id).where(OutboxItem.chat_id == chat_id, _pending(now))
    if postgres:
        ids_query = ids_query.with_for_update(skip_locked=True)
    ids = list(session.exec(ids_query))
    if not ids:
        return token, []
    session.exec(update(OutboxItem)  # type: ignore[call-overload]
                 .where(OutboxItem.id.in_(ids), _pending(now))  # type: ignore[union-attr]
                 .values(claim=token, lease_until=now + lease,
                         attempts=OutboxItem.attempts + 1))
    items = session.exec(select(OutboxItem).where(OutboxItem.claim == token)
                         .order_by(OutboxItem.id)).all()
    return token, list(items)


def mark_delivered(session: Session, token: str, message_id: int | None) -> int:
    """The claimed items were sent as `message_id` (None: given up); returns rows marked."""
    result = session.exec(update(OutboxItem)  # type: ignore[call-overload]
                          .where(OutboxItem.claim == token,
                                 OutboxItem.delivered_at.is_(None))  # type: ignore[union-attr]
                          .values(delivered_at=utcnow(), message_id=message_id))
    return result.rowcount or 0


def release(session: Session, token: str, *, retry_at: datetime) -> None:
    """Sending failed in a way worth retrying: free the claim, not before `retry_at`."""
    session.exec(update(OutboxItem).where(OutboxItem.claim == token,  # type: ignore[call-overload]
                                          OutboxItem.delivered_at.is_(None))  # type: ignore[union-attr]
                 .values(claim=None, lease_until=retry_at))


# -- what to say --------------------------------------------------------------------------------


@dataclass(slots=True)
class NewsLine:
    kind: str  # quote | statement | meeting | membership
    text: str  # the quote, the statement, the meeting label, "Oman: guest of ECO"
    who: str | None = None  # the speaker
    entity_id: int | None = None  # the speaker, or the meeting's organization
    meeting_id: int | None = None


@dataclass(slots=True)
class ArticleNews:
    """What one article brought a chat."""

    article_id: int
    title: str
    source: str | None
    url: str | None
    reasons: list[str] = field(default_factory=list)  # what the chat follows that matched
    lines: list[NewsLine] = field(default_factory=list)


def news(session: Session, items: list[OutboxItem]) -> list[ArticleNews]:
    """The claimed items as news per article (items whose fact is gone are left out)."""
    by_kind: dict[str, list[int]] = {}
    for item in items:
        by_kind.setdefault(item.item_kind, []).append(item.item_id)
    quotes = {q.id: q for q in session.exec(select(Quote).where(Quote.id.in_(  # type: ignore[union-attr]
        by_kind.get("quote", []) + by_kind.get("statement", [])))).all()}
    meetings = {m.id: m for m in session.exec(select(Meeting).where(Meeting.id.in_(  # type: ignore[union-attr]
        by_kind.get("meeting", [])))).all()}
    claims = {c.id: c for c in session.exec(select(MembershipClaim).where(
        MembershipClaim.id.in_(by_kind.get("membership", [])))).all()}  # type: ignore[union-attr]
    names_wanted = {i for m in meetings.values() for i in (m.city_id, m.country_id) if i}
    names_wanted |= {i for c in claims.values() for i in (c.organization_id, c.country_id)}
    names = dict(session.exec(select(Entity.id, Entity.name).where(
        Entity.id.in_(names_wanted))).all()) if names_wanted else {}  # type: ignore[union-attr]
    articles = {a.id: a for a in session.exec(select(Article).where(Article.id.in_(  # type: ignore[union-attr]
        {i.article_id for i in items}))).all()}
    out: dict[int, ArticleNews] = {}
    for item in items:
        article = articles.get(item.article_id)
        if article is None:
            continue
        line = _line(item, quotes, meetings, claims, names)
        if line is None:
            continue
        entry = out.setdefault(item.article_id, ArticleNews(
            item.article_id, article.title or article.filename or f"#{item.article_id}",
            article.source, article.url))
        for reason in item.reason.split(", ") if item.reason else ():
            if reason not in entry.reasons:
                entry.reasons.append(reason)
        entry.lines.append(line)
    return list(out.values())


def _line(item: OutboxItem, quotes: dict, meetings: dict, claims: dict,
          names: dict[int, str]) -> NewsLine | None:
    if item.item_kind in ("quote", "statement"):
        q = quotes.get(item.item_id)
        return None if q is None else NewsLine(item.item_kind, q.text, q.speaker_name,
                                               q.speaker_id, q.meeting_id)
    if item.item_kind == "meeting":
        m = meetings.get(item.item_id)
        if m is None:
            return None
        place = names.get(m.city_id or 0) or names.get(m.country_id or 0)
        return NewsLine("meeting", meeting_label(m.ordinal, m.body, m.name, place),
                        entity_id=m.organization_id, meeting_id=m.id)
    c = claims.get(item.item_id)
    if c is None:
        return None
    return NewsLine("membership", f"{names.get(c.country_id, '?')}: {c.status} of "
                                  f"{names.get(c.organization_id, '?')}",
                    entity_id=c.organization_id)

