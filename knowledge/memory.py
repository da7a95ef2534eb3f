"""Facts into memory: one article per transaction, merged into entities and meetings.

Entity linking is conservative: a mention joins an existing entity on an exact alias or a confident
fuzzy match whose name is compatible; an ambiguous one (two people sharing a surname) gets its own
entity and a `LinkReview` row for an admin, never a silent merge.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import Literal, TypeVar

from rapidfuzz import fuzz
from sqlalchemy import delete, event, func, insert, union_all
from sqlmodel import Session, SQLModel, col, select

from knowledge import changes, fingerprint, follows
from knowledge.bounds import bound_row, limit_of
from knowledge.db import Database, with_retries
from knowledge.entities import EntityCache, EntityStore, alias_entries, build_index
from knowledge.entities import touched as entities_touched
from knowledge.extract.facts import ArticleFacts, MeetingFact, PersonFact
from knowledge.extract.pipeline import EXTRACTOR_VERSION, extract
from knowledge.ids import article_check, is_row_id
from knowledge.ingest.document import Document
from knowledge.labels import lead_title, meeting_label
from knowledge.models import (
    Alias,
    Article,
    Attendance,
    AuditEntry,
    Entity,
    Follow,
    LinkReview,
    Meeting,
    MeetingReport,
    MembershipClaim,
    Mention,
    Quote,
    RoleClaim,
    SimhashBand,
)
from knowledge.normalize import fold
from knowledge.resolve import AliasIndex

Status = Literal["added", "duplicate", "failed"]
log = logging.getLogger(__name__)
DEMO_ACTOR = "demo"  # who the bundled demo articles are ingested by: their mark
PRUNE_CHANGES_EVERY = 3600  # catch-ups (about one a second) between two prunes of the log
ANALYZE_EVERY = 200  # at least this many new articles between two statistics refreshes
T = TypeVar("T")


@dataclass(slots=True)
class IngestOutcome:
    """What happened to one input: added (with what was learned), duplicate, or failed (why)."""

    name: str
    status: Status
    article_id: int | None = None
    check: str | None = None  # knowledge.ids.article_check of the stored article
    title: str | None = None
    duplicate_of: int | None = None
    near_duplicate: bool = False
    duplicate_title: str | None = None  # the stored article's headline (or file name)
    reason: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    meetings: list[str] = field(default_factory=list)
    members: dict[str, int] = field(default_factory=dict)
    new_facts: list[str] = field(default_factory=list)
    removed_demo: int = 0  # demo articles removed because this real one arrived

    def to_json(self) -> dict:
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


def parse_iso_date(text: str | None) -> date | None:
    """A date from "YYYY-MM-DD" (None for "--MM-DD", partial or bad values)."""
    if not text or text.startswith("--"):
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def extraction_job(doc: Document, published: date | None = None
                   ) -> tuple[str, date | None, str | None]:
    """The arguments `extract` gets for `doc`: its text, publication date and title."""
    return doc.text, published or parse_iso_date(doc.published), doc.title


BAND_HOLDERS = 64  # newest articles read per band value: a check stays bounded as memory grows


def _band_holders(session: Session, bands: list[tuple[int, int]], after: int) -> list[int]:
    """Ids of the newest articles (over `after`) sharing each (band, value), once per band
    shared: a short backward scan of the band index each, in one statement. A value held by
    more than BAND_HOLDERS articles is common to templated text, not the sign of one copy."""
    parts = [select(SimhashBand.article_id).where(
        SimhashBand.band == band, SimhashBand.value == value,
        SimhashBand.article_id > after)
        .order_by(col(SimhashBand.article_id).desc()).limit(BAND_HOLDERS)
        for band, value in bands]
    if not parts:
        return []
    both = union_all(*(p.subquery().select() for p in parts))
    return list(session.exec(both).scalars())


class Memory:
    """The bot's memory: ingest, delete, reindex; keeps the resolver index in step."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._index: AliasIndex | None = None
        self._lock = threading.Lock()  # one writer at a time (SQLite allows no more); taken
        # only for the writes themselves, never while an article is extracted
        self.generation = 0  # bumped by every write; keys `cached` values
        self._cache: dict[str, tuple[int, object]] = {}
        self._demo_checked = False  # True once no demo article is known to be stored
        self._entities = EntityCache()  # ingest's lookups between articles
        self._unanalyzed = 0  # articles added since the planner's statistics were refreshed
        self._articles: int | None = None  # articles stored (counted once, then kept)
        self._change = 0  # the newest change (`knowledge.changes`) the index reflects
        self._own: set[int] = set()  # changes this process made (already applied here)
        self._catch_ups = 0
        self.on_admins: Callable[[], None] | None = None  # another process changed the admins

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()`, recomputed only after the memory has changed (aggregates for answers)."""
        hit = self._cache.get(key)
        if hit is not None and hit[0] == self.generation:
            return hit[1]  # type: ignore[return-value]
        value = compute()
        self._cache[key] = (self.generation, value)
        return value

    # -- the resolver index -------------------------------------------------------------------

    @property
    def index(self) -> AliasIndex:
        """The alias index, built from stored aliases on first use."""
        if self._index is None:
            with self.db.session() as session:
                self._build(session)
        assert self._index is not None
        return self._index

    def _build(self, session: Session) -> None:
        self._change = changes.latest(session)  # first: later changes are applied again
        self._index = build_index(session)

    def refresh_index(self) -> None:
        """Rebuild the index from the database (after deletions and reindexing)."""
        self._entities.clear()
        with self.db.session() as session:
            self._build(session)

    def _record(self, session: Session, kind: str, entity_ids: Iterable[int] = ()) -> None:
        self._own.add(changes.record(session, kind, entity_ids))

    def catch_up(self) -> set[str]:
        """Apply the changes other processes made since the index was built or last caught up
        (only the entities they name are re-read); returns their kinds."""
        if self._index is None:
            return set()  # built from the database on first use
        with self._lock, self.db.session() as session:
            self._catch_ups += 1
            if self._catch_ups % PRUNE_CHANGES_EVERY == 0:
                changes.prune(session)
            found = changes.since(session, self._change)
            kinds: set[str] = set()
            entity_ids: set[int] = set()
            for change in found:
                self._change = max(self._change, change.id)
                if change.id in self._own:
                    self._own.discard(change.id)
                    continue
                kinds.add(change.kind)
                entity_ids |= change.entity_ids
            if kinds:
                self._entities.clear()
                if changes.REBUILD in kinds:
                    self._build(session)
                elif entity_ids:
                    self._update_index(session, entity_ids)
                self.generation += 1
        if changes.ADMINS in kinds and self.on_admins is not None:
            self.on_admins()
        return kinds

    def _update_index(self, session: Session, entity_ids: set[int]) -> None:
        self.index.update_entities(entity_ids, alias_entries(session, entity_ids))

    # -- ingest --------------------------------------------------------------------------------

    def ingest(
        self,
        doc: Document,
        *,
        by: str | None = None,
        published: date | None = None,
        source: str | None = None,
        url: str | None = None,
        facts: ArticleFacts | None = None,
    ) -> IngestOutcome:
        """Store one article and its facts in one transaction; duplicates are reported.

        `facts` are the article's, extracted ahead (`knowledge.prefetch`), with `extraction_job`'s
        arguments; without them the article is extracted here. The first real article removes
        the demo articles first, so invented facts never merge into real ones."""
        removed = self._leave_demo(by)
        outcome = self._ingest(doc, by=by, published=published, source=source, url=url,
                               facts=facts)
        outcome.removed_demo = removed
        return outcome

    def demo_articles(self) -> list[int]:
        """Ids of the bundled demo articles still stored (ingested by DEMO_ACTOR)."""
        with self.db.session() as session:
            return list(session.exec(select(Article.id).where(
                Article.ingested_by == DEMO_ACTOR).order_by(Article.id)))

    def _leave_demo(self, by: str | None) -> int:
        if by == DEMO_ACTOR:
            self._demo_checked = False
            return 0
        if self._demo_checked:
            return 0
        ids = self.demo_articles()
        for article_id in ids:
            self.delete_article(article_id, by=by or "cli")
        if ids:
            log.info("Removed %d demo articles: the first real article arrived", len(ids))
        self._demo_checked = True
        return len(ids)

    def _ingest(self, doc: Document, *, by: str | None, published: date | None,
                source: str | None, url: str | None, facts: ArticleFacts | None
                ) -> IngestOutcome:
        if url is not None and len(url) > limit_of("article", "url"):
            return IngestOutcome(doc.filename, "failed", reason=(
                f"URL longer than {limit_of('article', 'url')} characters; nothing was stored"))
        body = fingerprint.body(doc.text)  # a new headline on the same story is still a duplicate
        digest = fingerprint.content_hash(body)
        sim = fingerprint.simhash(body)
        grams = fingerprint.shingles(doc.text)
        with self.db.session() as session:  # a known article is not extracted again
            dup = self._find_duplicate(session, digest, sim, grams)
            checked = session.exec(select(func.max(Article.id))).one() or 0
        if dup is not None:
            return _duplicate(doc, *dup)
        text, published, title = extraction_job(doc, published)
        if facts is None:  # CPU work on this text alone: outside the lock, other writes go on
            facts = extract(text, published=published, title=title)
        found = facts

        def attempt() -> IngestOutcome:
            with self._lock:
                with self.db.session(write=True) as session:  # the duplicate check holds
                    # only articles stored meanwhile (by another thread or process) are new
                    # (writers are serialised, so ids grow in commit order)
                    dup = self._find_duplicate(session, digest, sim, grams, after=checked)
                    if dup is not None:
                        return _duplicate(doc, *dup)
                    store = EntityStore(session, self._entities)
                    outcome = self._write(session, store, doc, found, text, published,
                                          digest, sim, grams, by=by, source=source, url=url)
                self._entities.absorb(store)  # committed: safe to remember
                self.index.add(store.new_aliases)
                self.generation += 1
                self._count_for_statistics()
            return outcome

        # another writer (a second ingest, the bot) may commit the same article or entity
        # first: the whole transaction runs again, and then finds them
        def forget() -> None:  # and check every article again: ids may have been reused
            nonlocal checked
            checked = 0
            self._forget_entities()

        outcome = with_retries(attempt, on_retry=forget)
        outcome.name = doc.filename
        outcome.check = article_check(digest)
        return outcome

    def _forget_entities(self) -> None:
        """Drop the entities remembered between articles (another writer may have changed
        them)."""
        with self._lock:
            self._entities.clear()

    def _write(self, session: Session, store: EntityStore, doc: Document, facts: ArticleFacts,
               text: str, published: date | None, digest: str, sim: int,
               grams: frozenset[int], *, by: str | None, source: str | None, url: str | None
               ) -> IngestOutcome:
        """The article's rows and facts, in `session` (not committed)."""
        article_date = published or parse_iso_date(facts.published)
        article = Article(
            title=(facts.title or doc.title or lead_title(facts.lead)),
            source=source or doc.source or facts.source,
            url=url or _fitting_url(doc.url, facts.url),
            filename=doc.filename,
            format=doc.format,
            published=article_date,
            published_text=(article_date.isoformat() if article_date else facts.published),
            language=facts.language,
            text=text,
            content_hash=digest,
            simhash=fingerprint.to_signed(sim),
            ingested_by=by,
            extractor_version=EXTRACTOR_VERSION,
        )
        session.add(article)
        session.flush()
        assert article.id is not None
        for band, value in [*enumerate(fingerprint.bands(sim)), *fingerprint.lsh_bands(grams)]:
            session.add(SimhashBand(article_id=article.id, band=band, value=value))
        linker = _Linker(session, store, self.index, article)
        outcome = linker.write(facts)
        follows.record_article(session, article.id, new_meetings=linker.new_meetings,
                               new_memberships=linker.new_memberships)  # in this transaction
        self._record(session, changes.ENTITIES, {entry.entity_id for entry in store.new_aliases})
        session.add(AuditEntry(actor=by or "cli", action="ingest",
                               detail=f"#{article.id} {doc.filename}", article_id=article.id))
        return outcome

    def _count_for_statistics(self) -> None:
        """Refresh planner statistics each time the memory grows by a tenth (what autovacuum's
        analyze does, but it may be off), so plans stay right from 1k to 100k articles."""
        if self._articles is None:
            with self.db.session() as session:
                self._articles = session.exec(select(func.count()).select_from(Article)).one()
        else:
            self._articles += 1
        self._unanalyzed += 1
        if self._unanalyzed >= max(ANALYZE_EVERY, self._articles // 10):
            self.db.analyze()
            self._unanalyzed = 0

    def _find_duplicate(self, session: Session, digest: str, sim: int,
                        grams: frozenset[int], *, after: int = 0
                        ) -> tuple[int, bool, str] | None:
        """(id, near?, headline) of a stored copy with an id over `after`: the same text, a
        simhash within 3 bits, or a core (headline and short lines aside) with nearly the same
        shingles."""
        same = session.exec(select(Article.id).where(Article.content_hash == digest)).first()
        if same is not None:
            return same, False, self._headline(session, same)
        holders = _band_holders(session, list(enumerate(fingerprint.bands(sim))), after)
        candidates = session.exec(select(Article.id, Article.simhash).where(
            col(Article.id).in_(holders)).order_by(Article.id)).all() if holders else []
        for article_id, other in candidates:
            if fingerprint.hamming(sim, fingerprint.to_unsigned(other)) <= (
                fingerprint.NEAR_DUPLICATE_BITS
            ):
                return article_id, True, self._headline(session, article_id)
        lsh = fingerprint.lsh_bands(grams)
        if not lsh:
            return None
        shared = Counter(_band_holders(session, lsh, after))
        similar = sorted(shared, key=lambda i: (-shared[i], i))[:20]
        texts = dict(session.exec(select(Article.id, Article.text).where(
            col(Article.id).in_(similar))).all()) if similar else {}  # one round trip
        for article_id in similar:
            if fingerprint.same_story(grams, fingerprint.shingles(texts[article_id])):
                return article_id, True, self._headline(session, article_id)
        return None

    @staticmethod
    def _headline(session: Session, article_id: int) -> str:
        title, filename = session.exec(
            select(Article.title, Article.filename).where(Article.id == article_id)).one()
        return title or filename or f"#{article_id}"

    def apply(self, change: Callable[[Session], T]) -> T:
        """Run an admin correction in one transaction, then update the resolver index for the
        entities it touched (and log them for the other processes)."""
        touched: set[int] = set()

        def collect(flushed: Session, _context: object) -> None:
            for obj in chain(flushed.new, flushed.dirty, flushed.deleted):
                if isinstance(obj, Entity) and obj.id is not None:
                    touched.add(obj.id)
                elif isinstance(obj, Alias):
                    touched.add(obj.entity_id)

        with self._lock, self.db.session(write=True) as session:
            event.listen(session, "after_flush", collect)
            result = change(session)
            session.flush()
            event.remove(session, "after_flush", collect)
            touched |= entities_touched(session)  # aliases a store inserted directly
            self._record(session, changes.ENTITIES, touched)
            self._entities.clear()
            self.index  # noqa: B018 - built before the update, if it was not yet
            self._update_index(session, touched)
        self.generation += 1
        return result

    # -- delete and reindex -------------------------------------------------------------------

    def delete_article(self, article_id: int, *, by: str = "cli") -> bool:
        """Remove an article and every fact only it supports; facts with other evidence stay."""
        if not is_row_id(article_id):
            return False
        with self._lock, self.db.session(write=True) as session:
            article = session.get(Article, article_id)
            if article is None:
                return False
            title = article.title or article.filename or ""
            reported = list(session.exec(select(MeetingReport.meeting_id).where(
                MeetingReport.article_id == article_id)))
            session.exec(delete(Quote).where(Quote.article_id == article_id))  # type: ignore[call-overload]
            session.delete(article)
            session.flush()
            for meeting in session.exec(select(Meeting).where(
                    Meeting.id.in_(reported))).all():  # type: ignore[union-attr]
                refresh_meeting(session, meeting)
            session.flush()
            prune_orphans(session)
            session.add(AuditEntry(actor=by, action="delete",
                                   detail=f"#{article_id} {title}"[:1000]))
            self._record(session, changes.REBUILD)
        self.generation += 1
        self.refresh_index()
        return True

    def reindex(self, progress: Callable[[int, int], None] | None = None,
                *, by: str = "cli") -> int:
        """Re-extract every stored article, keeping entities and admin corrections."""
        with self.db.session() as session:
            ids = list(session.exec(select(Article.id).order_by(Article.id)))
        for done, article_id in enumerate(ids, 1):
            with self.db.session() as session:
                article = session.get(Article, article_id)
            if article is None:
                continue
            # an article's text never changes: extracted outside the lock, other writes go on
            facts = extract(article.text, published=article.published, title=None)
            with self._lock, self.db.session(write=True) as session:
                article = session.get(Article, article_id)
                if article is None:  # deleted meanwhile
                    continue
                _clear_claims(session, article_id)
                _store_core_bands(session, article_id, article.text)  # articles from before
                article.extractor_version = EXTRACTOR_VERSION
                article.title = facts.title or article.title or lead_title(facts.lead)
                session.add(article)
                store = EntityStore(session)
                _Linker(session, store, self.index, article).write(facts)
            self._entities.clear()  # ingest may run between two articles
            self.index.add(store.new_aliases)
            if progress:
                progress(done, len(ids))
        with self._lock, self.db.session(write=True) as session:
            for meeting in session.exec(select(Meeting)).all():
                refresh_meeting(session, meeting)
            session.flush()
            prune_orphans(session)
            session.add(AuditEntry(actor=by, action="reindex", detail=f"{len(ids)} articles"))
            self._record(session, changes.REBUILD)
        self.generation += 1
        self.refresh_index()
        return len(ids)


def _duplicate(doc: Document, article_id: int, near: bool, title: str) -> IngestOutcome:
    return IngestOutcome(doc.filename, "duplicate", duplicate_of=article_id, near_duplicate=near,
                         title=doc.title, duplicate_title=title,
                         reason=f"already stored as #{article_id} ‘{title}’")


def _clear_claims(session: Session, article_id: int) -> None:
    for model in (Quote, RoleClaim, MembershipClaim, MeetingReport, Attendance, Mention,
                  LinkReview):
        session.exec(delete(model).where(model.article_id == article_id))  # type: ignore[call-overload]
    session.exec(delete(Alias).where(Alias.article_id == article_id,  # type: ignore[call-overload]
                                     Alias.origin == "extracted"))


def prune_orphans(session: Session) -> list[int]:
    """Delete meetings no article reports and entities nothing refers to (admin aliases keep
    an entity); returns the deleted entity ids."""
    session.exec(delete(Meeting).where(  # type: ignore[call-overload]
        ~select(MeetingReport.id).where(MeetingReport.meeting_id == Meeting.id).exists()))
    referenced = (
        select(Mention.entity_id)
        .union(select(RoleClaim.person_id), select(MembershipClaim.organization_id),
               select(MembershipClaim.country_id), select(Attendance.entity_id),
               select(Quote.speaker_id).where(Quote.speaker_id.is_not(None)),  # type: ignore[union-attr]
               select(Meeting.organization_id).where(Meeting.organization_id.is_not(None)),  # type: ignore[union-attr]
               select(Meeting.city_id).where(Meeting.city_id.is_not(None)),  # type: ignore[union-attr]
               select(Meeting.country_id).where(Meeting.country_id.is_not(None)),  # type: ignore[union-attr]
               select(Entity.country_id).where(Entity.country_id.is_not(None)),  # type: ignore[union-attr]
               select(RoleClaim.country_id).where(RoleClaim.country_id.is_not(None)),  # type: ignore[union-attr]
               select(Alias.entity_id).where(Alias.origin == "admin"),
               select(Follow.entity_id).where(Follow.entity_id.is_not(None)))  # type: ignore[union-attr]
        .subquery()
    )
    orphan_ids = list(session.exec(
        select(Entity.id).where(Entity.id.not_in(select(referenced)))  # type: ignore[union-attr]
    ))
    if orphan_ids:
        session.exec(delete(Entity).where(Entity.id.in_(orphan_ids)))  # type: ignore[call-overload,union-attr]
    return orphan_ids


def _store_core_bands(session: Session, article_id: int, text: str) -> None:
    """(Re)write an article's MinHash bands (near-duplicate lookup by its core)."""
    session.exec(delete(SimhashBand).where(  # type: ignore[call-overload]
        SimhashBand.article_id == article_id, SimhashBand.band >= fingerprint.LSH_BASE))
    for band, value in fingerprint.lsh_bands(fingerprint.shingles(text)):
        session.add(SimhashBand(article_id=article_id, band=band, value=value))


def _fitting_url(*stated: str | None) -> str | None:
    """The first URL the article states that fits its column (a longer one is not kept)."""
    return next((u for u in stated if u and len(u) <= limit_of("article", "url")), None)


def _compatible_person(a: str, b: str) -> bool:
    """Two full names can be one person: same surname (fuzzily) and compatible given names."""
    ta, tb = fold(a).split(), fold(b).split()
    if not ta or not tb:
        return False
    if fuzz.ratio(ta[-1], tb[-1]) < 75:
        return False
    if len(ta) == 1 or len(tb) == 1:
        return True
    return fuzz.ratio(ta[0], tb[0]) >= 60 or ta[0][0] == tb[0][0]


class _Linker:
    """Links one article's facts to entities and writes its claims."""

    def __init__(self, session: Session, store: EntityStore, index: AliasIndex,
                 article: Article) -> None:
        self.session = session
        self.store = store
        self.index = index
        self.article = article
        assert article.id is not None
        self.article_id: int = article.id
        self.people: dict[str, Entity] = {}
        self._attended: set[tuple[int, int, str]] = set()
        self._claimed: set[tuple[int, int, str]] = set()  # memberships this article states
        self.new_meetings: list[int] = []  # meetings first reported by this article
        self.new_memberships: set[tuple[int, int, str]] = set()  # first stated by this article
        self._rows: dict[type[SQLModel], list[dict[str, object]]] = {}
        self.outcome = IngestOutcome(article.filename or "", "added", article_id=article.id,
                                     title=article.title)

    # -- claim rows -----------------------------------------------------------------------------

    def _add(self, model: type[SQLModel], values: dict[str, object]) -> None:
        """Queue a claim row (nothing reads claims back while an article is written); they are
        inserted together, one statement per table, by `_insert_rows`."""
        self._rows.setdefault(model, []).append(values)

    def _insert_rows(self) -> None:
        for model, rows in self._rows.items():
            columns = [c.name for c in model.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
            unknown = {key for row in rows for key in row} - set(columns)
            if unknown:
                raise TypeError(f"{model.__name__} has no column {sorted(unknown)}")
            table = model.__tablename__  # type: ignore[attr-defined]
            self.session.execute(insert(model), [bound_row(table, {c: row.get(c) for c in columns})
                                                 for row in rows])
        self._rows.clear()

    # -- entities -------------------------------------------------------------------------------

    def _mention(self, entity: Entity, surface: str, start: int, end: int) -> None:
        assert entity.id is not None
        self._add(Mention, dict(entity_id=entity.id, article_id=self.article_id,
                                 surface=surface[:300], start=start, end=end))

    def person(self, fact: PersonFact) -> Entity:
        country = self.store.country(fact.country) if fact.country else None
        entity = self._link_person(fact, country)
        self.store.add_alias(entity, fact.name, "name", article_id=self.article_id)
        tokens = fact.name.split()
        if len(tokens) > 1:
            self.store.add_alias(entity, tokens[-1], "surname", article_id=self.article_id)
        for surface in fact.surfaces:
            if surface and fold(surface) != fold(fact.name) and len(surface) <= 80:
                self.store.add_alias(entity, surface, "name", article_id=self.article_id)
        if fact.role:
            self._role_aliases(entity, fact.role, country)
            org = self.store.organization(fact.organization) if fact.organization else None
            self._add(RoleClaim, dict(
                person_id=entity.id, role=fact.role[:200],
                country_id=country.id if country else None,
                organization_id=org.id if org else None, article_id=self.article_id,
                seen_on=self.article.published, start=fact.span.start, end=fact.span.end))
        self._mention(entity, fact.name, fact.span.start, fact.span.end)
        for span in fact.mentions:
            if span != fact.span:
                self._mention(entity, fact.name, span.start, span.end)
        return entity

    def _role_aliases(self, entity: Entity, role: str, country: Entity | None) -> None:
        if country is None:
            return
        demonyms = [a for a, kind in _country_aliases(country.name) if kind == "demonym"]
        for demonym in demonyms[:1]:
            self.store.add_alias(entity, f"{demonym} {role}", "role", article_id=self.article_id)
        self.store.add_alias(entity, f"{role} of {country.name}", "role",
                             article_id=self.article_id)

    def _link_person(self, fact: PersonFact, country: Entity | None) -> Entity:
        exact = self.store.by_alias("person", fact.name)
        if len(fact.name.split()) == 1 and exact and country is not None:
            same_country = [e for e in exact if e.country_id in (None, country.id)]
            exact = same_country or exact
        if len(exact) == 1:
            return exact[0]
        if len(exact) > 1:
            return self._ambiguous(fact.name, exact)
        resolution = self.index.resolve(fact.name, kind="person", limit=3)
        best = resolution.matches[0] if resolution.matches else None
        if (resolution.decision == "match" and best is not None
                and _compatible_person(fact.name, best.name)):
            entity = self.session.get(Entity, best.entity_id)
            if entity is not None:
                self.store.add_alias(entity, fact.name, "spelling", article_id=self.article_id)
                return entity
        close = [m for m in resolution.matches if _compatible_person(fact.name, m.name)]
        entity = self.store.create("person", fact.name,
                                   country_id=country.id if country else None)
        if close:
            self._review(fact.name, "person", None, [(m.name, m.score) for m in close])
        return entity

    def _ambiguous(self, surface: str, entities: list[Entity]) -> Entity:
        entity = self.store.create("person", surface, keyed=False)  # apart on purpose
        self._review(surface, "person", None, [(e.name, 100.0) for e in entities])
        return entity

    def _review(self, surface: str, kind: str, chosen: int | None,
                candidates: Iterable[tuple[str, float]]) -> None:
        text = "; ".join(f"{name} ({score:.0f})" for name, score in candidates)[:2000]
        self.session.add(LinkReview(article_id=self.article_id, surface=surface[:300], kind=kind,
                                    chosen_id=chosen, candidates=text))

    # -- article facts --------------------------------------------------------------------------

    def write(self, facts: ArticleFacts) -> IngestOutcome:
        out = self.outcome
        for place in facts.places:
            if place.kind == "country":
                entity = self.store.country(place.name)
            else:
                entity = self.store.city(place.name, place.country)
            if entity is not None:
                self._mention(entity, place.surface, place.span.start, place.span.end)
        for org in facts.organizations:
            if org.key:
                entity = self.store.organization(org.key, org.full_name)
                self._mention(entity, org.full_name or org.key, org.span.start, org.span.end)
        for person in facts.people:
            self.people[person.name] = self.person(person)
        meetings = [self.meeting(m) for m in facts.meetings]
        self.quotes(facts, meetings)
        self.memberships(facts)
        self.session.flush()  # entities and meetings first: the claims refer to them
        self._insert_rows()
        out.counts = {
            "meetings": len(facts.meetings),
            "people": len(facts.people),
            "quotes": len(facts.quotes),
            "statements": len(facts.statements),
            "members": sum(len(v) for v in facts.members().values()),
        }
        out.members = {org: len(countries) for org, countries in facts.members().items()}
        out.meetings = [_meeting_label(m) for m in facts.meetings]
        return out

    def memberships(self, facts: ArticleFacts) -> None:
        for claim in facts.memberships:
            country = self.store.country(claim.country)
            if country is not None:
                self._membership(self.store.organization(claim.organization), country,
                                 claim.status, claim.span.start, claim.span.end)

    def _membership(self, org: Entity, country: Entity, status: str, start: int,
                    end: int) -> None:
        """Record that this article names `country` a member/guest/… of `org` (once)."""
        key = (org.id or 0, country.id or 0, status)
        if key in self._claimed:
            return
        self._claimed.add(key)
        known = self.session.exec(select(MembershipClaim.id).where(
            MembershipClaim.organization_id == org.id, MembershipClaim.country_id == country.id,
            MembershipClaim.status == status).limit(1)).first()
        if known is None:
            self.outcome.new_facts.append(f"{country.name} ({status} of {org.name})")
            self.new_memberships.add(key)
        self._add(MembershipClaim, dict(organization_id=org.id, country_id=country.id,
                                         status=status, article_id=self.article_id,
                                         start=start, end=end))

    def meeting(self, fact: MeetingFact) -> Meeting:
        org = self.store.organization(fact.organization) if fact.organization else None
        city = self.store.city(fact.city, fact.country) if fact.city else None
        country = self.store.country(fact.country) if fact.country else None
        if country is None and city is not None and city.country_id is not None:
            country = self.session.get(Entity, city.country_id)
        held_on = parse_iso_date(fact.date) if fact.date_precision == "day" else None
        meeting = self._find_meeting(org, fact, city, country, held_on)
        if meeting is None:
            meeting = Meeting(organization_id=org.id if org else None, body=fact.body,
                              ordinal=fact.ordinal, name=fact.name[:500])
            self.session.add(meeting)
            self.session.flush()
            self.outcome.new_facts.append(f"meeting: {_meeting_label(fact)}")
            assert meeting.id is not None
            self.new_meetings.append(meeting.id)
        assert meeting.id is not None
        report = self.session.exec(select(MeetingReport).where(
            MeetingReport.meeting_id == meeting.id,
            MeetingReport.article_id == self.article_id)).first()
        if report is None:
            self.session.add(MeetingReport(
                meeting_id=meeting.id, article_id=self.article_id,
                name_as_written=fact.name[:500], is_main=fact.is_main,
                city_id=city.id if city else None, country_id=country.id if country else None,
                held_on=held_on, date_text=fact.date, date_precision=fact.date_precision,
                start=fact.span.start, end=fact.span.end))
            self.session.flush()
        refresh_meeting(self.session, meeting)
        for status, names in (("participant", fact.participants), ("guest", fact.guests)):
            for name in dict.fromkeys(names):
                entity = self.store.country(name)
                if entity is None:
                    continue
                self._attend(meeting, entity, status, fact.span.start, fact.span.end)
                if status == "guest" and org is not None:  # a guest of the organization
                    self._membership(org, entity, "guest", fact.span.start, fact.span.end)
        return meeting

    def _attend(self, meeting: Meeting, entity: Entity, status: str, start: int,
                end: int) -> None:
        key = (meeting.id or 0, entity.id or 0, status)
        if key not in self._attended:  # one claim per article (the article is new here)
            self._attended.add(key)
            self._add(Attendance, dict(meeting_id=meeting.id, entity_id=entity.id,
                                        status=status, article_id=self.article_id,
                                        start=start, end=end))

    def _find_meeting(self, org: Entity | None, fact: MeetingFact, city: Entity | None,
                      country: Entity | None, held_on: date | None) -> Meeting | None:
        query = select(Meeting).where(
            Meeting.organization_id == (org.id if org else None),
            Meeting.body == fact.body,
            Meeting.ordinal == fact.ordinal if fact.ordinal is not None
            else Meeting.ordinal.is_(None),  # type: ignore[union-attr]
        )
        for meeting in self.session.exec(query.order_by(Meeting.id.desc()).limit(50)):  # type: ignore[union-attr]
            if city is not None and meeting.city_id not in (None, city.id):
                continue
            if country is not None and meeting.country_id not in (None, country.id):
                continue
            if held_on is not None and meeting.held_on not in (None, held_on):
                continue
            if fact.ordinal is None and held_on is None and meeting.held_on is not None:
                # an undated summit without ordinal: only join an undated one
                continue
            return meeting
        return None

    def quotes(self, facts: ArticleFacts, meetings: list[Meeting]) -> None:
        for kind, items in (("direct", facts.quotes), ("reported", facts.statements)):
            for item in items:
                speaker = self.people.get(item.speaker or "")
                if speaker is None and item.speaker and item.speaker_kind == "organization":
                    speaker = self.store.organization(item.speaker)
                meeting = (meetings[item.meeting] if item.meeting is not None
                           and 0 <= item.meeting < len(meetings) else None)
                self._add(Quote, dict(
                    kind=kind, speaker_id=speaker.id if speaker else None,
                    speaker_name=(speaker.name if speaker else item.speaker),
                    speaker_confidence=item.confidence if item.speaker else None,
                    text=item.text, article_id=self.article_id,
                    meeting_id=meeting.id if meeting else None,
                    said_on=self.article.published, start=item.span.start, end=item.span.end,
                    sentence_start=item.sentence.start, sentence_end=item.sentence.end))
                if meeting is not None and speaker is not None and speaker.kind == "person":
                    self._attend(meeting, speaker, "speaker", item.span.start, item.span.end)


def refresh_meeting(session: Session, meeting: Meeting) -> None:
    """A meeting shows what its reports say: the fullest name, and place and date from the
    earliest report that gives them (so deleting a report removes what only it said)."""
    reports = session.exec(select(MeetingReport).where(MeetingReport.meeting_id == meeting.id)
                           .order_by(MeetingReport.article_id)).all()
    if not reports:
        return
    meeting.name = max((r.name_as_written for r in reports), key=len)
    meeting.city_id = next((r.city_id for r in reports if r.city_id), None)
    meeting.country_id = next((r.country_id for r in reports if r.country_id), None)
    dated = next((r for r in reports if r.held_on), None) or next(
        (r for r in reports if r.date_text), None)
    meeting.held_on = dated.held_on if dated else None
    meeting.date_text = dated.date_text if dated else None
    meeting.date_precision = dated.date_precision if dated else None
    session.add(meeting)


def _country_aliases(name: str) -> list[tuple[str, str]]:
    from knowledge import gazetteer

    return gazetteer.country_aliases(name)


def _meeting_label(m: MeetingFact) -> str:
    return meeting_label(m.ordinal, m.body, m.name, m.city or m.country)


__all__ = ["IngestOutcome", "Memory", "alias_entries", "extraction_job", "parse_iso_date",
           "prune_orphans"]
