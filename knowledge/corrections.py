"""Admin corrections to the memory: alias, merge, split, rename — recorded, and kept by reindex.

Corrections live in entity rows and in aliases of origin "admin", which reindex never deletes, so
re-extraction links the same mentions to the corrected entities again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from knowledge import follows
from knowledge.entities import EntityStore, name_key
from knowledge.ids import is_row_id
from knowledge.models import (
    Alias,
    Article,
    Attendance,
    AuditEntry,
    Entity,
    LinkReview,
    Meeting,
    MeetingReport,
    MembershipClaim,
    Mention,
    MergeRecord,
    Quote,
    RoleClaim,
)
from knowledge.normalize import fold

_MODELS = {m.__tablename__: m for m in (Mention, RoleClaim, Quote, Meeting, MeetingReport,  # type: ignore[attr-defined]
                                        Entity, LinkReview, MembershipClaim, Attendance)}


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


# Where entity ids are referenced: (model, columns). A merge moves them, a split moves them back.
_REFERENCES = ((Mention, ("entity_id",)),
               (RoleClaim, ("person_id", "country_id", "organization_id")),
               (Quote, ("speaker_id",)),
               (Meeting, ("organization_id", "city_id", "country_id")),
               (MeetingReport, ("city_id", "country_id")),
               (Entity, ("country_id",)), (LinkReview, ("chosen_id",)))
# rows with a uniqueness rule: (model, columns, unique key); a row that would collide is dropped
_UNIQUE = ((MembershipClaim, ("organization_id", "country_id"),
            ("organization_id", "country_id", "status", "article_id")),
           (Attendance, ("entity_id",), ("meeting_id", "entity_id", "status", "article_id")))
_CHUNK = 500  # ids per IN (…) list


def merge(session: Session, keep_id: int, drop_id: int, *, actor: str) -> Entity:
    """Make two entities one: every fact and alias of `drop_id` moves to `keep_id`. What moved
    is recorded (MergeRecord), so `split` can move it back."""
    if keep_id == drop_id:
        raise CorrectionError("those are the same entity")
    keep, drop = _get(session, keep_id), _get(session, drop_id)
    if keep.kind != drop.kind:
        raise CorrectionError(f"cannot merge a {keep.kind} with a {drop.kind}")
    store = EntityStore(session)
    record: dict = {
        "entity": {"id": drop.id, "kind": drop.kind, "name": drop.name,
                   "country_id": drop.country_id, "created_at": drop.created_at.isoformat()},
        "aliases": [], "added_aliases": [], "rows": {}, "deleted": {}, "speaker_names": {},
        "keep_country_set": keep.country_id is None and drop.country_id is not None,
    }
    for alias in session.exec(select(Alias).where(Alias.entity_id == drop_id)).all():
        record["aliases"].append({"alias": alias.alias, "alias_kind": alias.alias_kind,
                                  "origin": alias.origin, "article_id": alias.article_id})
        if store.add_alias(keep, alias.alias, alias.alias_kind, origin="admin"):
            record["added_aliases"].append(alias.alias)
        session.delete(alias)
    if store.add_alias(keep, drop.name, "name", origin="admin"):
        record["added_aliases"].append(drop.name)
    for model, columns, key in _UNIQUE:
        _move_unique(session, model, columns, drop_id, keep_id, key, record)
    record["speaker_names"] = {str(q.id): q.speaker_name for q in session.exec(
        select(Quote).where(Quote.speaker_id == drop_id)).all()}
    for model, columns in _REFERENCES:
        for column in columns:
            ids = list(session.exec(select(model.id).where(getattr(model, column) == drop_id)))
            if ids:
                record["rows"][f"{model.__tablename__}.{column}"] = ids
            session.exec(update(model).where(getattr(model, column) == drop_id)  # type: ignore[call-overload]
                         .values({column: keep_id}))
    session.exec(update(Quote).where(Quote.speaker_id == keep_id)  # type: ignore[call-overload]
                 .values(speaker_name=keep.name))
    follows.move_entity(session, drop_id, keep_id)
    if keep.country_id is None:
        keep.country_id = drop.country_id
    session.flush()
    session.delete(drop)
    session.add(MergeRecord(keep_id=keep_id, drop_id=drop_id, drop_name=drop.name,
                            moved=json.dumps(record)))
    _record(session, actor, "merge", f"{drop.name} (#{drop_id}) into {keep.name} (#{keep_id})")
    return keep


def _move_unique(session: Session, model: type, columns: tuple[str, ...], old: int, new: int,
                 key: tuple[str, ...], record: dict) -> None:
    table = model.__tablename__  # type: ignore[attr-defined]
    for column in columns:
        moved = record["rows"].setdefault(f"{table}.{column}", [])
        for row in session.exec(select(model).where(getattr(model, column) == old)).all():
            values = {k: getattr(row, k) for k in key}
            values[column] = new
            clash = session.exec(select(model).where(
                *(getattr(model, k) == v for k, v in values.items()))).first()
            if clash is not None:
                record["deleted"].setdefault(table, []).append(
                    {k: getattr(row, k) for k in (*key, "start", "end")})
                session.delete(row)
            else:
                setattr(row, column, new)
                session.add(row)
                moved.append(row.id)
        session.flush()


def _unmerge(session: Session, kept: Entity, merge_row: MergeRecord) -> Entity:
    """Give back what `merge_row` moved: the dropped entity (same id, name, country, aliases)
    and every reference, row and speaker name as they were before the merge."""
    record = json.loads(merge_row.moved)
    was = record["entity"]
    drop_id: int = was["id"]
    if session.get(Entity, drop_id) is not None:
        raise CorrectionError(f"#{drop_id} exists again; split by names instead")
    country = was["country_id"] if was["country_id"] and session.get(
        Entity, was["country_id"]) else None
    key = name_key(was["kind"], was["name"])  # its unique key again, unless taken meanwhile
    if key and session.exec(select(Entity.id).where(Entity.name_key == key)).first():
        key = None
    drop = Entity(id=drop_id, kind=was["kind"], name=was["name"], country_id=country,
                  name_key=key, created_at=datetime.fromisoformat(was["created_at"]))
    session.add(drop)
    session.flush()
    for name, ids in record["rows"].items():
        table, column = name.split(".")
        model = _MODELS[table]
        for i in range(0, len(ids), _CHUNK):
            session.exec(update(model).where(  # type: ignore[call-overload]
                col(model.id).in_(ids[i:i + _CHUNK]), getattr(model, column) == kept.id)
                .values({column: drop_id}))
    for table, rows in record["deleted"].items():
        model = _MODELS[table]
        for values in rows:
            if session.get(Article, values["article_id"]) is not None:
                session.add(model(**values))
    for quote_id, name in record["speaker_names"].items():
        quote = session.get(Quote, int(quote_id))
        if quote is not None and quote.speaker_id == drop_id:
            quote.speaker_name = name
            session.add(quote)
    added = set(record["added_aliases"])
    for alias in session.exec(select(Alias).where(Alias.entity_id == kept.id,
                                                  Alias.origin == "admin")).all():
        if alias.alias in added:
            session.delete(alias)
    session.flush()
    for alias in record["aliases"]:
        article = alias["article_id"] if alias["article_id"] and session.get(
            Article, alias["article_id"]) else None
        session.add(Alias(entity_id=drop_id, alias=alias["alias"], folded=fold(alias["alias"]),
                          alias_kind=alias["alias_kind"], origin=alias["origin"],
                          article_id=article))
    if record["keep_country_set"] and kept.country_id == was["country_id"]:
        kept.country_id = None
        session.add(kept)
    merge_row.undone = True
    session.add(merge_row)
    session.flush()
    return drop


def _merge_of(session: Session, entity_id: int, keys: set[str]) -> MergeRecord | None:
    """The newest merge into `entity_id`, not yet undone, that dropped one of the names."""
    for row in session.exec(select(MergeRecord).where(
            MergeRecord.keep_id == entity_id, col(MergeRecord.undone).is_(False))
            .order_by(col(MergeRecord.id).desc())).all():
        names = {fold(row.drop_name)} | {fold(a["alias"])
                                         for a in json.loads(row.moved)["aliases"]}
        if names & keys:
            return row
    return None


def split(session: Session, entity_id: int, aliases: list[str], new_name: str, *,
          actor: str) -> Entity:
    """Undo a wrong merge: when the names are those of an entity merged into this one, the
    merge is undone exactly (MergeRecord); otherwise the given names (and the mentions and
    quotes written with them) move to a new entity called `new_name`."""
    entity = _get(session, entity_id)
    keys = {fold(a) for a in [*aliases, new_name] if fold(a)}
    if fold(entity.name) in keys:
        raise CorrectionError(f"“{entity.name}” is the entity's own name; rename it first")
    store = EntityStore(session)
    merged = _merge_of(session, entity_id, keys)
    if merged is not None:
        new = _unmerge(session, entity, merged)
        for alias_text in aliases:
            store.add_alias(new, alias_text, "name", origin="admin")
        _record(session, actor, "split", f"undid the merge of {new.name} (#{new.id}) into "
                f"{entity.name} (#{entity_id})")
        return new
    new = store.create(entity.kind, " ".join(new_name.split()), country_id=entity.country_id,
                       keyed=False)
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
