"""SQLModel tables of the bot's memory, and nothing else.

Facts are stored as *claims*: one row per thing one article states, with the article and the
character span it came from. Merging across articles happens in the shared rows they point at
(entities, meetings), so every answer can cite all of its sources, and deleting an article removes
exactly the claims it made (foreign keys cascade).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

ENTITY_KINDS = ("person", "country", "city", "organization")


def utcnow() -> datetime:
    """Timezone-aware UTC now (SQLModel's UTCDateTime stores it on every backend)."""
    return datetime.now(UTC)


def _fk(target: str, *, nullable: bool = False, ondelete: str = "CASCADE") -> Column:
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Article(SQLModel, table=True):
    """One ingested article: its text and where it came from."""

    __table_args__ = ({"sqlite_autoincrement": True},)  # ids in buttons are never reused

    id: int | None = Field(default=None, primary_key=True)
    title: str | None = Field(default=None, max_length=500)
    source: str | None = Field(default=None, max_length=200)  # outlet
    url: str | None = Field(default=None, max_length=2000)
    filename: str | None = Field(default=None, max_length=500)
    format: str = Field(default="txt", max_length=10)
    published: date | None = Field(default=None, index=True)
    published_text: str | None = Field(default=None, max_length=20)  # "2025-10-28" or "--10-28"
    language: str = Field(default="en", max_length=10)
    text: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(max_length=64, unique=True)
    simhash: int = Field(sa_column=Column(BigInteger, nullable=False))  # signed 64-bit
    ingested_at: datetime = Field(default_factory=utcnow, index=True)
    ingested_by: str | None = Field(default=None, max_length=100)
    extractor_version: str = Field(max_length=40)


class Entity(SQLModel, table=True):
    """A person, country, city or organization, with one canonical name."""

    __table_args__ = (Index("ix_entity_kind_name", "kind", "name"),
                      Index("uq_entity_name_key", "name_key", unique=True),
                      {"sqlite_autoincrement": True})

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)
    name: str = Field(max_length=300)
    # "kind:folded name" of an entity ingest created, unique so that two writers creating the
    # same country or person at once make one row (None: kept apart on purpose, e.g. a split)
    name_key: str | None = Field(default=None, max_length=330)
    country_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                                ondelete="SET NULL"))
    created_at: datetime = Field(default_factory=utcnow)


class Alias(SQLModel, table=True):
    """One name an entity is known by, folded for matching, with where it was first seen."""

    __table_args__ = (UniqueConstraint("entity_id", "alias", name="uq_alias_entity_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=_fk("entity.id"))
    alias: str = Field(max_length=300)
    folded: str = Field(max_length=300, index=True)
    alias_kind: str = Field(default="name", max_length=20)
    origin: str = Field(default="extracted", max_length=20)  # extracted | gazetteer | admin
    article_id: int | None = Field(default=None, sa_column=_fk("article.id", nullable=True,
                                                                ondelete="SET NULL"))
    created_at: datetime = Field(default_factory=utcnow)


class Mention(SQLModel, table=True):
    """An entity named in an article, at a span."""

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(sa_column=_fk("entity.id"))
    article_id: int = Field(sa_column=_fk("article.id"))
    surface: str = Field(max_length=300)
    start: int
    end: int


class RoleClaim(SQLModel, table=True):
    """An article's statement that a person holds a role (for a country or organization)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(sa_column=_fk("entity.id"))
    role: str = Field(max_length=200)
    country_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                                ondelete="SET NULL"))
    organization_id: int | None = Field(default=None, sa_column=_fk(
        "entity.id", nullable=True, ondelete="SET NULL"))
    article_id: int = Field(sa_column=_fk("article.id"))
    seen_on: date | None = None  # the article's date, for "roles over time"
    start: int
    end: int


class MembershipClaim(SQLModel, table=True):
    """An article's statement that a country is a member (observer, guest) of an organization."""

    __table_args__ = (
        UniqueConstraint("organization_id", "country_id", "status", "article_id",
                         name="uq_membership_claim"),
        Index("ix_membership_org_status", "organization_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(sa_column=_fk("entity.id"))
    country_id: int = Field(sa_column=_fk("entity.id"))
    status: str = Field(max_length=20)  # member | observer | guest | applicant
    article_id: int = Field(sa_column=_fk("article.id"))
    start: int
    end: int


class MembershipTally(SQLModel, table=True):
    """How many articles make each membership claim, and the latest of them: kept by database
    triggers on `membershipclaim` (migration 0003), so `/members` reads a few rows instead of
    counting every claim ever made. Never written by the application."""

    organization_id: int = Field(primary_key=True)
    country_id: int = Field(primary_key=True)
    status: str = Field(max_length=20, primary_key=True)
    articles: int
    latest_article_id: int


class Meeting(SQLModel, table=True):
    """One meeting of an organization's body, merged across every article that reports it."""

    __table_args__ = (
        Index("ix_meeting_org_body_ordinal", "organization_id", "body", "ordinal"),
        Index("ix_meeting_held_on", "held_on"),
        Index("ix_meeting_ordinal", "ordinal"),
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int | None = Field(default=None, sa_column=_fk(
        "entity.id", nullable=True, ondelete="SET NULL"))
    body: str | None = Field(default=None, max_length=200)
    ordinal: int | None = None
    name: str = Field(max_length=500)  # the fullest name as written
    city_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                             ondelete="SET NULL"))
    country_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                                ondelete="SET NULL"))
    held_on: date | None = None
    date_text: str | None = Field(default=None, max_length=20)  # ISO or "--MM-DD"
    date_precision: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(default_factory=utcnow)


class MeetingReport(SQLModel, table=True):
    """An article reporting a meeting: the evidence that ties them, with the name as written."""

    __table_args__ = (UniqueConstraint("meeting_id", "article_id", name="uq_meeting_report"),)

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_fk("meeting.id"))
    article_id: int = Field(sa_column=_fk("article.id"))
    name_as_written: str = Field(max_length=500)
    is_main: bool = False
    # what this article says of the meeting (the meeting row shows the first report's values)
    city_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                             ondelete="SET NULL"))
    country_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                                ondelete="SET NULL"))
    held_on: date | None = None
    date_text: str | None = Field(default=None, max_length=20)
    date_precision: str | None = Field(default=None, max_length=20)
    start: int
    end: int


class Attendance(SQLModel, table=True):
    """An article's statement that a country or person attended a meeting (or was a guest)."""

    __table_args__ = (
        UniqueConstraint("meeting_id", "entity_id", "status", "article_id",
                         name="uq_attendance"),
    )

    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(sa_column=_fk("meeting.id"))
    entity_id: int = Field(sa_column=_fk("entity.id"))
    status: str = Field(max_length=20)  # participant | guest | speaker
    article_id: int = Field(sa_column=_fk("article.id"))
    start: int
    end: int


class Quote(SQLModel, table=True):
    """Something said: a direct quote (verbatim words) or a reported statement."""

    __table_args__ = (Index("ix_quote_speaker_kind", "speaker_id", "kind"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)  # direct | reported
    speaker_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                                ondelete="SET NULL"))
    speaker_name: str | None = Field(default=None, max_length=300)
    speaker_confidence: float | None = None  # how sure the extractor was of the speaker
    text: str = Field(sa_column=Column(Text, nullable=False))
    article_id: int = Field(sa_column=_fk("article.id"))
    meeting_id: int | None = Field(default=None, sa_column=_fk("meeting.id", nullable=True,
                                                                ondelete="SET NULL"))
    said_on: date | None = None
    start: int
    end: int
    sentence_start: int
    sentence_end: int


class LinkReview(SQLModel, table=True):
    """A mention the memory could not link with confidence; an admin can settle it."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_fk("article.id"))
    surface: str = Field(max_length=300)
    kind: str = Field(max_length=20)
    chosen_id: int | None = Field(default=None, sa_column=_fk("entity.id", nullable=True,
                                                               ondelete="SET NULL"))
    candidates: str = Field(max_length=2000)  # "Name (score); Name (score)"
    created_at: datetime = Field(default_factory=utcnow)


class AdminUser(SQLModel, table=True):
    """An admin added from the bot (admins from settings are not stored)."""

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    added_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    added_at: datetime = Field(default_factory=utcnow)


class AuditEntry(SQLModel, table=True):
    """A change an admin made (or an upload): who, when, what."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=100)
    action: str = Field(max_length=40)
    detail: str = Field(sa_column=Column(Text, nullable=False))
    article_id: int | None = Field(default=None, sa_column=_fk("article.id", nullable=True,
                                                                ondelete="SET NULL"))


class MergeRecord(SQLModel, table=True):
    """What one /merge moved from the dropped entity to the kept one (JSON in `moved`: the
    dropped row, its aliases, the ids of every row whose reference moved, the rows dropped as
    duplicates), so /split can give back the state before the merge."""

    id: int | None = Field(default=None, primary_key=True)
    keep_id: int = Field(sa_column=_fk("entity.id"))
    drop_id: int
    drop_name: str = Field(max_length=300)
    moved: str = Field(sa_column=Column(Text, nullable=False))
    undone: bool = False
    at: datetime = Field(default_factory=utcnow)


class KnownChat(SQLModel, table=True):
    """A chat the bot has served (kept current when a group becomes a supergroup)."""

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    type: str = Field(max_length=20)
    title: str | None = Field(default=None, max_length=300)
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)


class SimhashBand(SQLModel, table=True):
    """A lookup band of an article's fingerprint: bands 0-3 the 16-bit parts of its 64-bit
    simhash (articles within 3 bits share one), bands from 10 its core's MinHash bands
    (`knowledge.fingerprint.lsh_bands`)."""

    # newest holders of a band value first, by a short backward scan (memory._band_holders)
    __table_args__ = (Index("ix_simhashband_band_value_article", "band", "value", "article_id"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(sa_column=_fk("article.id"))
    band: int
    value: int


class Follow(SQLModel, table=True):
    """A chat follows an entity (person, organization, place) or a topic (words)."""

    __table_args__ = (UniqueConstraint("chat_id", "key", name="uq_follow_chat_key"),
                      Index("ix_follow_entity_id", "entity_id"))

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    kind: str = Field(max_length=10)  # entity | topic
    entity_id: int | None = Field(default=None, sa_column=Column(
        Integer, ForeignKey("entity.id", ondelete="CASCADE"), nullable=True))
    words: str | None = Field(default=None, max_length=200)  # a topic's folded words
    key: str = Field(max_length=210)  # "e:<entity id>" or "t:<words>": one follow per chat
    created_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)


class OutboxItem(SQLModel, table=True):
    """Something new a chat follows, written in the ingest's transaction; the delivery task
    claims it with a lease, sends it and records the message id as it marks it delivered."""

    __table_args__ = (
        UniqueConstraint("chat_id", "item_kind", "item_id", name="uq_outbox_chat_item"),
        Index("ix_outbox_pending", "delivered_at", "chat_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    article_id: int = Field(sa_column=_fk("article.id"))
    item_kind: str = Field(max_length=20)  # quote | statement | meeting | membership
    item_id: int
    reason: str = Field(default="", max_length=300)  # what the chat follows that matched
    created_at: datetime = Field(default_factory=utcnow)
    claim: str | None = Field(default=None, max_length=40)  # the sender's claim token
    lease_until: datetime | None = None  # claimed by a sender until then
    attempts: int = 0
    delivered_at: datetime | None = None
    message_id: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


class ProcessedUpdate(SQLModel, table=True):
    """A Telegram update some replica has claimed: each update is handled once."""

    __tablename__ = "processed_update"

    update_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    bot_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    received_at: datetime = Field(default_factory=utcnow, index=True)


class ChangeLog(SQLModel, table=True):
    """A change to the memory that other replicas must apply to their resolver index and
    admin list: the entities whose aliases changed (none listed: rebuild) or the admins."""

    __tablename__ = "change_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    kind: str = Field(max_length=20)  # entities | rebuild | admins
    entity_ids: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class RateHit(SQLModel, table=True):
    """Commands one user sent in one window (shared rate limit across replicas)."""

    __tablename__ = "rate_hit"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    window: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    hits: int = Field(sa_column=Column(Integer, nullable=False))
