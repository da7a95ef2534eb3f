"""Update dedup: each update id is claimed once, atomically, on both databases."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlmodel import select

from knowledge.models import ProcessedUpdate, utcnow
from knowledge.updates import UpdateClaims


def test_an_update_is_claimed_once(db) -> None:
    claims = UpdateClaims(db)
    assert claims.claim(1, 77) is True
    assert claims.claim(1, 77) is False
    assert claims.claim(2, 77) is True
    with db.session() as s:
        rows = s.exec(select(ProcessedUpdate).order_by(ProcessedUpdate.update_id)).all()
    assert [(r.update_id, r.bot_id) for r in rows] == [(1, 77), (2, 77)]


def test_concurrent_claims_have_one_winner(db) -> None:
    claims = UpdateClaims(db)
    start = threading.Barrier(8)

    def race(_: int) -> bool:
        start.wait()
        return claims.claim(2**40, 5)

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(race, range(8)))
    assert results.count(True) == 1


def test_a_held_claim_that_fails_is_released(db) -> None:
    claims = UpdateClaims(db)
    with pytest.raises(RuntimeError), claims.hold(9, 1) as claimed:
        assert claimed
        raise RuntimeError("the replica died while handling")
    expected = not db.sqlite  # PostgreSQL rolls the claim back; SQLite committed it at once
    with claims.hold(9, 1) as again:
        assert again is expected
    with claims.hold(9, 1) as third:
        assert third is False


@pytest.mark.postgres
def test_a_duplicate_waits_for_the_held_claim(db) -> None:
    if db.sqlite:
        pytest.skip("PostgreSQL only: SQLite commits claims at once")
    claims = UpdateClaims(db)
    outcome: list[bool] = []
    with claims.hold(11, 1) as claimed:
        assert claimed
        other = threading.Thread(target=lambda: outcome.append(claims.claim(11, 1)))
        other.start()
        other.join(0.5)
        assert other.is_alive()  # blocked on the row until the first claim commits
    other.join(10)
    assert outcome == [False]


def test_old_claims_are_pruned(db) -> None:
    claims = UpdateClaims(db, keep=timedelta(hours=1))
    claims.claim(1, 1)
    claims.claim(2, 1)
    assert claims.prune(now=utcnow() + timedelta(minutes=30)) == 0
    assert claims.prune(now=utcnow() + timedelta(hours=2)) == 2
    assert claims.claim(1, 1) is True


def test_polling_skips_an_update_claimed_before(db) -> None:
    import asyncio
    from types import SimpleNamespace

    from telegram.ext import ApplicationHandlerStop

    from bot.serve import dedup_handler

    handler = dedup_handler(UpdateClaims(db))
    context = SimpleNamespace(bot=SimpleNamespace(id=5))
    update = SimpleNamespace(update_id=321)
    asyncio.run(handler.callback(update, context))  # first time: handled
    with pytest.raises(ApplicationHandlerStop):
        asyncio.run(handler.callback(update, context))


def test_webhook_mode_on_postgres_needs_a_shared_secret() -> None:
    from bot.app import webhook_secret
    from bot.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="ECOBOT_WEBHOOK_SECRET"):
        webhook_secret(Settings(database_url="postgresql+psycopg://u@h/db"))
    assert webhook_secret(Settings(database_url="postgresql+psycopg://u@h/db",
                                   webhook_secret="s")) == "s"
    assert len(webhook_secret(Settings(database_url="sqlite:///x.db"))) > 20  # generated
