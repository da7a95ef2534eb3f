"""The hot queries use indexes: no full scan of a growing table (SQLite's EXPLAIN QUERY PLAN)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from alembic import command
from sqlalchemy import event, text

from bot.runtime import DEMO_DIR
from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from knowledge.db import Database, alembic_config, migration_connection, upgrade
from knowledge.ingest.limits import Limits
from knowledge.memory import Memory
from knowledge.uploads import ingest_paths

GROWING = ("article", "quote", "mention", "alias", "roleclaim", "membershipclaim", "attendance",
           "meetingreport", "simhashband", "entity", "meeting")
FULL_SCAN = re.compile(r"^SCAN (" + "|".join(GROWING) + r")\b")  # even of a whole index
HOT = ["/members", "/members eco", "/meeting tehran", "/meeting 23rd", "/meeting interior 2025",
       "/quote kamali", "/quote kamali border", "/who kamali", "/where tehran",
       "/search border"]


@pytest.fixture
def demo_memory(tmp_path) -> Memory:
    db = Database(f"sqlite:///{tmp_path / 'plans.db'}")
    db.upgrade()
    memory = Memory(db)
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    return memory


@pytest.mark.parametrize("line", HOT)
def test_hot_query_plans_use_indexes(demo_memory: Memory, line: str) -> None:
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    bot = Dispatcher(demo_memory, "ecobot")
    bot.run(line, Caller(user_id=1))  # warm: the index and per-generation aggregates
    event.listen(demo_memory.db.engine, "before_cursor_execute", capture)
    try:
        assert bot.run(line, Caller(user_id=1)) is not None
    finally:
        event.remove(demo_memory.db.engine, "before_cursor_execute", capture)
    assert statements
    scans = []
    with demo_memory.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, parameters in statements:
            for row in raw.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall():
                detail = row[-1]
                if FULL_SCAN.search(detail):
                    scans.append((detail, statement[:300]))
    assert not scans, "\n".join(f"{d}\n    in: {s}" for d, s in scans)


def test_plan_check_catches_a_full_scan(demo_memory: Memory) -> None:
    """The check itself can fail: an unindexed filter is reported as a full scan."""
    with demo_memory.db.engine.connect() as conn:
        rows = conn.execute(text("EXPLAIN QUERY PLAN SELECT id FROM quote WHERE text = 'x'"))
        assert any(FULL_SCAN.search(r[-1]) for r in rows)


def test_postgres_search_reads_stored_vectors(db_url: str) -> None:
    """PostgreSQL's full-text search filters on the stored, indexed `search_vector` columns
    (migration 0002), never by recomputing `to_tsvector` over article bodies."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL plan (SQLite uses FTS5, checked above)")
    db = Database(db_url)
    db.upgrade()
    memory = Memory(db)
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "@@" in statement:
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        reply = Dispatcher(memory, "ecobot").run("/search border", Caller(user_id=1))
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert reply is not None and "border" in reply.html.lower()
    # per table: the newest rows first, then (too few there) the full-text index
    assert len(statements) >= 2
    with db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # a four-article table: show the index
        for statement, parameters in statements:
            plan = "\n".join(row[0] for row in conn.exec_driver_sql(
                f"EXPLAIN {statement}", parameters))  # type: ignore[arg-type]
            assert "to_tsvector" not in plan, plan
            if "id + 0" in statement:
                assert "ix_fts_" in plan and "_vector" in plan, plan
    assert any("id + 0" in statement for statement, _ in statements)
    db.dispose()


def test_migrations_go_down_and_up_again(db_url: str) -> None:
    db = Database(db_url)
    db.upgrade()
    with migration_connection(db.engine) as connection:
        config = alembic_config(db_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    upgrade(db_url, engine=db.engine)
    memory = Memory(db)
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    assert Dispatcher(memory, "ecobot").run("/search border", Caller(user_id=1)) is not None
    db.dispose()


def _plan_nodes(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def test_postgres_person_card_reads_the_persons_rows_only(db_url: str) -> None:
    """/who on PostgreSQL reads the person's meeting and article ids by their entity indexes,
    then those rows by primary key: among 20,000 other articles and 3,000 other meetings (the
    person in the oldest 300 articles and 50 meetings, each reported 20 times), no plan node
    reads 1,000 rows of a growing table. With the ids in `IN (SELECT ...)` ordered and limited,
    PostgreSQL walked the article and mention indexes backwards from the newest article and
    scanned every meeting; joining the reports to their articles, it hashed every article."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL plan (SQLite's plans are checked above)")
    db = Database(db_url)
    db.upgrade()
    memory = Memory(db)
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    with db.engine.begin() as conn:
        other, person = (conn.exec_driver_sql(
            f"SELECT id FROM entity WHERE kind = '{kind}' AND name ILIKE '%%{name}%%'"
            " ORDER BY id LIMIT 1").scalar() for kind, name in (("country", ""),
                                                                  ("person", "kamali")))
        first = conn.exec_driver_sql("SELECT max(id) FROM article").scalar() + 1
        conn.exec_driver_sql(
            "INSERT INTO article (title, format, language, text, content_hash, simhash,"
            " ingested_at, extractor_version) SELECT 'other ' || g, 'txt', 'en', 'other',"
            " md5(g::text), g, now(), 'test' FROM generate_series(1, 20000) g")
        conn.exec_driver_sql(
            'INSERT INTO mention (entity_id, article_id, surface, start, "end")'
            f" SELECT {other}, id, 'other', 0, 5 FROM article WHERE id >= {first}"
            # the person in the oldest 300 of them: a walk from the newest reads them all
            f" UNION ALL SELECT {person}, id, 'Kamali', 0, 6 FROM article"
            f" WHERE id BETWEEN {first} AND {first + 299}")
        conn.exec_driver_sql(
            "INSERT INTO meeting (name, held_on, created_at) SELECT 'other ' || g,"
            " DATE '2030-01-01' + g, now() FROM generate_series(1, 3000) g")
        conn.exec_driver_sql(
            'INSERT INTO attendance (meeting_id, entity_id, status, article_id, start, "end")'
            f" SELECT m.id, {other}, 'participant', {first}, 0, 5 FROM meeting m"
            " WHERE m.held_on > DATE '2030-01-01'"
            f" UNION ALL SELECT m.id, {person}, 'speaker', {first}, 0, 6 FROM meeting m"
            " WHERE m.held_on BETWEEN DATE '2030-01-02' AND DATE '2030-01-01' + 50")
        conn.exec_driver_sql(  # 20 reports of each of the person's meetings
            "INSERT INTO meetingreport (meeting_id, article_id, name_as_written, is_main, start,"
            ' "end")'
            " SELECT m.id, a.id, m.name, false, 0, 5 FROM meeting m, article a"
            " WHERE m.held_on BETWEEN DATE '2030-01-02' AND DATE '2030-01-01' + 50"
            f" AND a.id BETWEEN {first + 2000} AND {first + 2019}")
    with db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    bot = Dispatcher(memory, "ecobot")
    bot.run("/who kamali", Caller(user_id=1))
    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        reply = bot.run("/who kamali", Caller(user_id=1))
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    assert reply is not None and "Kamali" in reply.html
    assert any("FROM article" in s for s, _ in statements)
    assert any("FROM meeting" in s for s, _ in statements)
    walks = []
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = conn.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}",
                                        parameters).scalar()  # type: ignore[arg-type]
            for node in _plan_nodes(plan[0]["Plan"]):
                read = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
                        ) * node.get("Actual Loops", 1)
                if node.get("Relation Name") in GROWING and read >= 1000:
                    walks.append(f"{node['Node Type']} on {node['Relation Name']}: {read} rows"
                                 f"\n    in: {statement[:300]}")
    assert not walks, "\n".join(walks)
    db.dispose()


@pytest.mark.parametrize("card, most", [("person", 7), ("meetings at a place", 1)])
def test_cards_take_few_round_trips(demo_memory: Memory, card: str, most: int) -> None:
    """Each round trip costs a PostgreSQL reply: a person's card takes seven statements, a list
    of meetings one (names, report counts and dates are scalar subqueries read by key)."""
    from knowledge import queries

    db = demo_memory.db
    with db.session() as s:
        person = s.exec(text("SELECT id FROM entity WHERE kind = 'person' AND name LIKE "
                             "'%Kamali%'")).one()[0]  # type: ignore[call-overload]
        place = s.exec(text(  # type: ignore[call-overload]
            "SELECT id FROM entity WHERE name = 'Tehran'")).one()[0]
    statements: list[str] = []
    event.listen(db.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_: statements.append(statement))
    with db.session() as s:
        if card == "person":
            who = queries.person_card(s, person)
            assert who is not None and who.meetings and who.sources and who.roles
            assert who.meetings[0].organization and who.meetings[0].reports >= 1
        else:
            found = queries.meetings_at(s, place)
            assert found and all(m.city == "Tehran" and m.reports >= 1 for m in found)
    assert 1 <= len(statements) <= most, statements
