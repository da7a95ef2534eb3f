"""Entities and their aliases: find-or-create, alias bookkeeping, the resolver's index source."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlmodel import Session, select

from knowledge import gazetteer
from knowledge.db import insert_ignoring_conflict
from knowledge.models import Alias, Entity, utcnow
from knowledge.normalize import fold
from knowledge.resolve import AliasEntry, AliasIndex

_MAX_ALIAS = 300


def touched(session: Session) -> set[int]:
    """Ids of the entities this session's stores gave aliases to (inserted with core
    statements, which the ORM's flush events do not see)."""
    return session.info.setdefault("touched_entities", set())


def name_key(kind: str, name: str) -> str | None:
    """The unique creation key of an entity of `kind` called `name` (None for a name with no
    letters or digits)."""
    folded = fold(name)
    return f"{kind}:{folded}"[:330] if folded else None


class EntityCache:
    """What ingest keeps between articles: entities by canonical name and each entity's alias
    strings, so a country named in every article costs no query. Owned by one `Memory`, filled
    only from committed sessions, cleared after any correction, deletion or reindex."""

    MAX_ALIAS_SETS = 200_000  # a bound on memory; beyond it the cache starts again

    def __init__(self) -> None:
        self.named: dict[tuple[str, str], Entity] = {}  # detached, loaded rows
        self.aliases: dict[int, set[str]] = {}
        self.organizations: dict[str, list[Entity]] = {}  # folded alias -> its organizations

    def clear(self) -> None:
        self.named.clear()
        self.aliases.clear()
        self.organizations.clear()

    def absorb(self, store: EntityStore) -> None:
        """Keep what a committed session learned."""
        if len(self.aliases) > self.MAX_ALIAS_SETS:
            self.clear()
        self.named.update(store._named)
        self.aliases.update(store._aliases)
        self.organizations.update(store._organizations)


class EntityStore:
    """Entity rows of one session, with the aliases added in it collected for the index.

    With an `EntityCache` (ingest), lookups by canonical name and alias-existence checks are
    answered from memory where possible; without one (corrections), every check is a query.
    """

    def __init__(self, session: Session, cache: EntityCache | None = None) -> None:
        self.session = session
        self.cache = cache
        self.new_aliases: list[AliasEntry] = []
        self._named: dict[tuple[str, str], Entity] = {}  # lookups repeat within an article
        self._aliases: dict[int, set[str]] = {}  # entity id -> alias strings (with a cache)
        self._organizations: dict[str, list[Entity]] = {}  # found by folded alias (with a cache)

    # -- lookups ---------------------------------------------------------------------------------

    def by_alias(self, kind: str, name: str) -> list[Entity]:
        """Entities of `kind` with an alias that folds like `name`."""
        key = fold(name)
        if not key:
            return []
        cacheable = self.cache is not None and kind == "organization"
        if cacheable:
            found = self._organizations.get(key)
            if found is None and key in self.cache.organizations:  # type: ignore[union-attr]
                found = [self.session.merge(e, load=False)
                         for e in self.cache.organizations[key]]  # type: ignore[union-attr]
                self._organizations[key] = found
            if found is not None:
                return list(found)
        rows = list(self.session.exec(
            select(Entity)
            .join(Alias, Alias.entity_id == Entity.id)
            .where(Alias.folded == key, Entity.kind == kind)
            .distinct()
        ).all())
        if cacheable and rows:  # only positive answers: a new organization adds its own
            self._organizations[key] = rows
        return rows

    def by_name(self, kind: str, name: str) -> Entity | None:
        """The entity of `kind` whose canonical name is exactly `name`."""
        found = self._named.get((kind, name))
        if found is None and self.cache is not None:
            cached = self.cache.named.get((kind, name))
            if cached is not None:  # into this session without a query
                found = self._named[(kind, name)] = self.session.merge(cached, load=False)
        if found is None:
            found = self.session.exec(
                select(Entity).where(Entity.kind == kind, Entity.name == name)).first()
            if found is not None:
                self._named[(kind, name)] = found
        return found

    # -- writes ----------------------------------------------------------------------------------

    def create(self, kind: str, name: str, *, country_id: int | None = None,
               keyed: bool = True) -> Entity:
        """A new entity, or (`keyed`) the one another writer created under the same kind and
        folded name meanwhile; `keyed=False` always makes a new one (an ambiguous name)."""
        name = name[:_MAX_ALIAS]
        key = name_key(kind, name) if keyed else None
        entity_id = insert_ignoring_conflict(
            self.session, Entity.__table__,  # type: ignore[arg-type]
            dict(kind=kind, name=name, country_id=country_id, name_key=key,
                 created_at=utcnow()), ["name_key"])
        if entity_id is None:  # the key is taken: that entity is this one
            entity = self.session.exec(select(Entity).where(Entity.name_key == key)).one()
        else:
            entity = self.session.get_one(Entity, entity_id)
        self._named[(kind, entity.name)] = entity
        if entity.id is not None and entity_id is not None:
            self._aliases[entity.id] = set()
        self.add_alias(entity, name, "name")
        return entity

    def add_alias(
        self,
        entity: Entity,
        alias: str,
        alias_kind: str = "name",
        *,
        origin: str = "extracted",
        article_id: int | None = None,
    ) -> bool:
        """Record `alias` for `entity` unless it already has it (also when another writer just
        added it); True when added."""
        alias = " ".join(alias.split())[:_MAX_ALIAS]
        key = fold(alias)
        if not key or entity.id is None:
            return False
        if self.cache is None:
            exists = self.session.exec(
                select(Alias.id).where(Alias.entity_id == entity.id, Alias.alias == alias)
            ).first()
            if exists is not None:
                return False
        else:
            known = self._known_aliases(entity.id)
            if alias in known:
                return False
            known.add(alias)
        added = insert_ignoring_conflict(
            self.session, Alias.__table__,  # type: ignore[arg-type]
            dict(entity_id=entity.id, alias=alias, folded=key, alias_kind=alias_kind,
                 origin=origin, article_id=article_id, created_at=utcnow()),
            ["entity_id", "alias"])
        # the index learns it either way (another process's alias is news to it too)
        self.new_aliases.append(AliasEntry(entity.id, entity.kind, entity.name, alias, alias_kind))
        touched(self.session).add(entity.id)
        return added is not None

    def _known_aliases(self, entity_id: int) -> set[str]:
        known = self._aliases.get(entity_id)
        if known is None:
            cached = self.cache.aliases.get(entity_id) if self.cache is not None else None
            if cached is not None:
                known = set(cached)
            else:
                known = set(self.session.exec(
                    select(Alias.alias).where(Alias.entity_id == entity_id)))
            self._aliases[entity_id] = known
        return known

    # -- gazetteer-backed entities ---------------------------------------------------------------

    def country(self, name: str) -> Entity | None:
        """The country entity for any form of a country name, created with its gazetteer aliases."""
        canonical = gazetteer.canonical_country(name) or None
        if canonical is None:
            return None
        entity = self.by_name("country", canonical)
        if entity is None:
            entity = self.create("country", canonical)
            for alias, alias_kind in gazetteer.country_aliases(canonical):
                self.add_alias(entity, alias, alias_kind, origin="gazetteer")
        return entity

    def city(self, name: str, country: str | None = None) -> Entity | None:
        """The city entity (tied to its country), created with its gazetteer spellings."""
        found = gazetteer.city(name)
        canonical, city_country = found if found else (name.strip(), country)
        if not canonical:
            return None
        country_entity = self.country(city_country) if city_country else None
        entity = self.by_name("city", canonical)
        if entity is None:
            entity = self.create("city", canonical,
                                 country_id=country_entity.id if country_entity else None)
            if found:
                for alias in gazetteer.city_aliases(canonical):
                    self.add_alias(entity, alias, "spelling", origin="gazetteer")
        elif entity.country_id is None and country_entity is not None:
            entity.country_id = country_entity.id
            self.session.add(entity)
        return entity

    def organization(self, key: str, full_name: str | None = None) -> Entity:
        """The organization known by acronym or name `key`; its full name becomes an alias."""
        candidates = self.by_alias("organization", key)
        if not candidates and full_name:
            candidates = self.by_alias("organization", full_name)
        entity = candidates[0] if candidates else self.create("organization", key)
        if full_name and full_name != entity.name:
            self.add_alias(entity, full_name, "official")
        if key != entity.name:
            self.add_alias(entity, key, "acronym" if key.isupper() else "name")
        return entity


def alias_entries(
    session: Session, entity_ids: Iterable[int] | None = None
) -> Iterator[AliasEntry]:
    """Every alias (or those of `entity_ids`) as resolver entries, streamed in one query."""
    query = select(Alias.entity_id, Entity.kind, Entity.name, Alias.alias, Alias.alias_kind).join(
        Entity, Entity.id == Alias.entity_id
    )
    if entity_ids is not None:
        ids = list(entity_ids)
        if not ids:
            return
        query = query.where(Alias.entity_id.in_(ids))  # type: ignore[union-attr]
    yield from map(AliasEntry._make, session.exec(query.order_by(Alias.id)))


def build_index(session: Session) -> AliasIndex:
    """The resolver's index over every stored alias (one query; no article is read)."""
    return AliasIndex(alias_entries(session))
