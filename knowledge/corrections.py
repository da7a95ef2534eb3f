"""Admin corrections to the memory: alias, merge, split, rename — recorded, and kept by reindex.

Corrections live in entity rows and in aliases of origin "admin", which reindex never deletes, so
re-extraction links the same mentions to the corrected entities again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlmodel import Session, col, select

from knowledge import follows
from knowledge.entities import EntityStore
from knowledge.ids import is_row_id
from knowledge.models import (
    Alias,
    Article,
    Attendance,
    AuditEntry,
    Entity,
    LinkReview,
    Meeting,
    MembershipClaim,
    Mention,
    Quote,
    RoleClaim,
)
from knowledge.normalize import fold


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why."""


@dataclass(frozen=True, slots=True)
class LogLine:
    at: str
    actor: str
    action: str
    detail: str


def _record(session: Session, actor: str, action: str, detail: str,
            article_id: int | None = None) -> None:
    session.add(AuditEntry(actor=actor, action=action, detail=detail[:2000],
                           article_id=article_id))


def _get(session: Session, entity_id: int) -> Entity:
    entity = session.get(Entity, entity_id) if is_row_id(entity_id) else None
    if entity is None:
        raise CorrectionError(f"there is no entity #{entity_id}")
    return entity


def add_alias(session: Session, entity_id: int, alias: str, *, actor: str) -> Entity:
    """Teach the memory another name for an entity."""
    entity = _get(session, entity_id)
    if not fold(alias):
        raise CorrectionError("the new name has no letters or digits")
    taken = [e for e in EntityStore(session).by_alias(entity.kind, alias) if e.id != entity.id]
    if taken:
        raise CorrectionError(f"“{alias}” already names {taken[0].name} (#{taken[0].id}); "
                              "merge them instead")
    store = EntityStore(session)
    if not store.add_alias(entity, alias, "name", origin="admin"):
        # already known as extracted: make it an admin alias so reindex keeps it
        session.exec(update(Alias).where(Alias.entity_id == entity.id,  # type: ignore[call-overload]
                                         Alias.alias == alias).values(origin="admin"))
    _record(session, actor, "alias", f"{entity.name} (#{entity.id}) = {alias}")
    return entity


def rename(session: Session, entity_id: int, new_name: str, *, actor: str) -> Entity:
    """Change an entity's canonical name; the old name stays as an alias."""
    entity = _get(session, entity_id)
    new_name = " ".join(new_name.split())
    if not fold(new_name):
        raise CorrectionError("the new name has no letters or digits")
    old = entity.name
    store = EntityStore(session)
    store.add_alias(entity, old, "name", origin="admin")
    entity.name = new_name[:300]
    session.add(entity)
    store.add_alias(entity, new_name, "name", origin="admin")
    _record(session, actor, "rename", f"#{entity.id}: {old} -> {new_name}")
    return entity


def merge(session: Session, keep_id: int, drop_id: int, *, actor: str) -> Entity:
    """Make two entities one: every fact and alias of `drop_id` moves to `keep_id`."""
    if keep_id == drop_id:
        raise CorrectionError("those are the same entity")
    keep, drop = _get(session, keep_id), _get(session, drop_id)
    if keep.kind != drop.kind:
        raise CorrectionError(f"cannot merge a {keep.kind} with a {drop.kind}")
    store = EntityStore(session)
    for alias in session.exec(select(Alias).where(Alias.entity_id == drop_id)).all():
        store.add_alias(keep, alias.alias, alias.alias_kind, origin="admin")
        session.delete(alias)
    store.add_alias(keep, drop.name, "name", origin="admin")
    # rows with a uniqueness rule: drop those that would collide, move the rest
    _move_unique(session, MembershipClaim, ("organization_id", "country_id"), drop_id, keep_id,
                 ("organization_id", "country_id", "status", "article_id"))
    _move_unique(session, Attendance, ("entity_id",), drop_id, keep_id,
                 ("meeting_id", "entity_id", "status", "article_id"))
    for model, columns in ((Mention, ("entity_id",)),
                           (RoleClaim, ("person_id", "country_id", "organization_id")),
                           (Quote, ("speaker_id",)),
                           (Meeting, ("organization_id", "city_id", "country_id")),
                           (Entity, ("country_id",)), (LinkReview, ("chosen_id",))):
        for column in columns:
            session.exec(update(model).where(getattr(model, column) == drop_id)  # type: ignore[call-overload]
                         .values({column: keep_id}))
    session.exec(update(Quote).where(Quote.speaker_id == keep_id)  # type: ignore[call-overload]
                 .values(speaker_name=keep.name))
    follows.move_entity(session, drop_id, keep_id)
    if keep.country_id is None:
        keep.country_id = drop.country_id
    session.flush()
    session.delete(drop)
    _record(session, actor, "merge", f"{drop.name} (#{drop_id}) into {keep.name} (#{keep_id})")
    return keep


def _move_unique(session: Session, model: type, columns: tuple[str, ...], old: int, new: int,
                 key: tuple[str, ...]) -> None:
    for column in columns:
        for row in session.exec(select(model).where(getattr(model, column) == old)).all():
            values = {k: getattr(row, k) for k in key}
            values[column] = new
            clash = session.exec(select(model).where(
                *(getattr(model, k) == v for k, v in values.items()))).first()
            if clash is not None:
                session.delete(row)
            else:
                setattr(row, column, new)
                session.add(row)
        session.flush()


def split(session: Session, entity_id: int, aliases: list[str], new_name: str, *,
          actor: str) -> Entity:
    """Undo a wrong merge: the given names (and the mentions and quotes written with them)
    move to a new entity called `new_name`."""
    entity = _get(session, entity_id)
    keys = {fold(a) for a in [*aliases, new_name] if fold(a)}
    if fold(entity.name) in keys:
        raise CorrectionError(f"“{entity.name}” is the entity's own name; rename it first")
    store = EntityStore(session)
    new = store.create(entity.kind, " ".join(new_name.split()), country_id=entity.country_id)
    moved = session.exec(select(Alias).where(Alias.entity_id == entity_id,
                                             col(Alias.folded).in_(keys))).all()
    for alias in moved:
        store.add_alias(new, alias.alias, alias.alias_kind, origin="admin")
        session.delete(alias)
    for alias_text in aliases:
        store.add_alias(new, alias_text, "name", origin="admin")
    for mention in session.exec(select(Mention).where(Mention.entity_id == entity_id)).all():
        if fold(mention.surface) in keys:
            mention.entity_id = new.id  # type: ignore[assignment]
            session.add(mention)
    for quote in session.exec(select(Quote).where(Quote.speaker_id == entity_id)).all():
        if fold(quote.speaker_name or "") in keys:
            quote.speaker_id, quote.speaker_name = new.id, new.name
            session.add(quote)
    _record(session, actor, "split",
            f"{', '.join(aliases)} from {entity.name} (#{entity_id}) into {new.name} (#{new.id})")
    return new


def last_upload(session: Session, actor: str) -> Article | None:
    """The newest article `actor` ingested that is still stored."""
    row = session.exec(
        select(AuditEntry.article_id).where(AuditEntry.actor == actor,
                                            AuditEntry.action == "ingest",
                                            col(AuditEntry.article_id).is_not(None))
        .order_by(col(AuditEntry.id).desc()).limit(1)).first()
    return session.get(Article, row) if row else None


def audit_log(session: Session, limit: int = 20) -> list[LogLine]:
    """The latest changes, newest first."""
    rows = session.exec(select(AuditEntry).order_by(col(AuditEntry.id).desc()).limit(limit))
    return [LogLine(r.at.strftime("%Y-%m-%d %H:%M"), r.actor, r.action, r.detail) for r in rows]
