"""Schema: migrations agree with the models, every model round-trips, FTS stays in sync."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

from knowledge import models as m
from knowledge.db import current_head, include_name


def test_migrations_match_models(db) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": include_name, "compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        assert context.get_current_revision() == current_head()


def test_every_table_exists(db) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def _article(**kw) -> m.Article:
    values = dict(title="T <b>&", text="Body text about Tehran.", content_hash="h" * 64,
                  simhash=-(2**63), extractor_version="test")
    values.update(kw)
    return m.Article(**values)


def test_round_trip_of_every_model(db) -> None:
    with db.session() as s:
        article = _article(published=date(2025, 10, 27), published_text="2025-10-27")
        s.add(article)
        s.flush()
        iran = m.Entity(kind="country", name="Iran")
        s.add(iran)
        s.flush()
        tehran = m.Entity(kind="city", name="Tehran", country_id=iran.id)
        eco = m.Entity(kind="organization", name="ECO")
        person = m.Entity(kind="person", name="Masoud Pezeshkian", country_id=iran.id)
        s.add_all([tehran, eco, person])
        s.flush()
        meeting = m.Meeting(organization_id=eco.id, body="Interior Ministers", ordinal=4,
                            name="4th Meeting of Interior Ministers", city_id=tehran.id,
                            country_id=iran.id, held_on=date(2025, 10, 27), date_text="2025-10-27",
                            date_precision="day")
        s.add(meeting)
        s.flush()
        s.add_all([
            m.Alias(entity_id=person.id, alias="Пезешкиан", folded="pezeshkian",
                    alias_kind="translit", article_id=article.id),
            m.Mention(entity_id=person.id, article_id=article.id, surface="Pezeshkian",
                      start=0, end=10),
            m.RoleClaim(person_id=person.id, role="President", country_id=iran.id,
                        article_id=article.id, seen_on=date(2025, 10, 27), start=0, end=5),
            m.MembershipClaim(organization_id=eco.id, country_id=iran.id, status="member",
                              article_id=article.id, start=1, end=2),
            m.MeetingReport(meeting_id=meeting.id, article_id=article.id,
                            name_as_written="4th Meeting", is_main=True, start=3, end=9),
            m.Attendance(meeting_id=meeting.id, entity_id=iran.id, status="participant",
                         article_id=article.id, start=3, end=9),
            m.Quote(kind="direct", speaker_id=person.id, speaker_name=person.name,
                    text="a “quoted” <text> & more", article_id=article.id,
                    meeting_id=meeting.id, said_on=date(2025, 10, 27), start=1, end=4,
                    sentence_start=0, sentence_end=20),
            m.LinkReview(article_id=article.id, surface="Aliyev", kind="person",
                         candidates="Ilham Aliyev (90)"),
            m.AdminUser(user_id=9_000_000_000, added_by=1),
            m.AuditEntry(actor="1", action="alias", detail="x", article_id=article.id),
            m.KnownChat(chat_id=-1_001_234_567_890, type="supergroup", title="G"),
            m.SimhashBand(article_id=article.id, band=3, value=65535),
        ])
    with db.session() as s:
        got = s.exec(select(m.Article)).one()
        assert (got.title, got.simhash, got.published) == ("T <b>&", -(2**63), date(2025, 10, 27))
        assert s.exec(select(m.Alias)).one().alias == "Пезешкиан"
        assert s.exec(select(m.Quote)).one().text == "a “quoted” <text> & more"
        assert s.exec(select(m.Meeting)).one().held_on == date(2025, 10, 27)
        assert s.exec(select(m.AdminUser)).one().user_id == 9_000_000_000
        assert s.exec(select(m.KnownChat)).one().chat_id == -1_001_234_567_890
        for model in (m.Mention, m.RoleClaim, m.MembershipClaim, m.MeetingReport, m.Attendance,
                      m.LinkReview, m.AuditEntry, m.SimhashBand):
            assert len(s.exec(select(model)).all()) == 1, model.__name__
    # deleting the article removes every claim it made (foreign keys cascade)
    with db.session() as s:
        s.delete(s.exec(select(m.Article)).one())
    with db.session() as s:
        for model in (m.Mention, m.RoleClaim, m.MembershipClaim, m.MeetingReport, m.Attendance,
                      m.Quote, m.LinkReview, m.SimhashBand):
            assert s.exec(select(model)).all() == [], model.__name__
        assert s.exec(select(m.AuditEntry)).one().article_id is None


def test_content_hash_is_unique(db) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.session() as s:
        s.add(_article())
        s.add(_article())
        s.flush()


def test_full_text_index_follows_inserts_updates_deletes(db) -> None:
    from knowledge.queries import _fts_ids

    with db.session() as s:
        a = _article(text="Caravanserai restoration near Isfahan")
        s.add(a)
        s.flush()
        assert _fts_ids(s, "article", ["caravanserai"], 5) == [a.id]
        a.text = "Something else entirely"
        s.add(a)
        s.flush()
        assert _fts_ids(s, "article", ["caravanserai"], 5) == []
        assert _fts_ids(s, "article", ["entirely"], 5) == [a.id]
        s.delete(a)
        s.flush()
        assert _fts_ids(s, "article", ["entirely"], 5) == []


def test_sqlite_pragmas(tmp_path) -> None:
    from knowledge.db import Database

    db = Database(f"sqlite:///{tmp_path / 'p.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_ids_are_never_reused(db) -> None:
    """Bug 1 of issue 13: after deleting the newest row, the next one gets a new id."""
    with db.session() as s:
        first, entity = _article(), m.Entity(kind="person", name="A")
        s.add_all([first, entity])
        s.flush()
        old_article, old_entity = first.id, entity.id
        s.delete(first)
        s.delete(entity)
    with db.session() as s:
        again, other = _article(), m.Entity(kind="person", name="B")
        s.add_all([again, other])
        s.flush()
        assert again.id > old_article and other.id > old_entity


def test_autoincrement_migration_keeps_rows_children_and_triggers(tmp_path) -> None:
    from knowledge.db import Database, upgrade
    from knowledge.queries import _fts_ids

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0008")  # the revision before the rebuild
    db = Database(url)
    with db.session() as s:
        article = _article(text="Caravanserai restoration near Isfahan")
        person = m.Entity(kind="person", name="Old Person")
        s.add_all([article, person])
        s.flush()
        s.add(m.Mention(entity_id=person.id, article_id=article.id, surface="Old", start=0,
                        end=3))
    db.upgrade()
    with db.engine.connect() as conn:
        for table in ("article", "entity", "meeting"):
            sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = :t"),
                               {"t": table}).scalar()
            assert "AUTOINCREMENT" in sql, sql
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with db.session() as s:
        assert len(s.exec(select(m.Mention)).all()) == 1
        assert _fts_ids(s, "article", ["caravanserai"], 5) == [article.id]
        s.delete(s.get(m.Article, article.id))
    with db.session() as s:
        assert s.exec(select(m.Mention)).all() == []  # the cascade still works
        assert _fts_ids(s, "article", ["caravanserai"], 5) == []  # and the delete trigger
    db.dispose()


def test_models_alone_create_autoincrement_tables(tmp_path) -> None:
    from knowledge.db import Database

    db = Database(f"sqlite:///{tmp_path / 'models.db'}")
    SQLModel.metadata.create_all(db.engine)
    with db.engine.connect() as conn:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'article'")).scalar()
    assert "AUTOINCREMENT" in sql
    db.dispose()
