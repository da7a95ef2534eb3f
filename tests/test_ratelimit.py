"""The per-user sliding-window rate limiter."""

from __future__ import annotations

from handlers.ratelimit import RateLimiter


def test_window() -> None:
    limiter = RateLimiter(2, window=60)
    assert limiter.allow(1, now=0) and limiter.allow(1, now=1)
    assert not limiter.allow(1, now=2)
    assert limiter.allow(2, now=2)  # other users are not affected
    assert limiter.allow(1, now=61)  # the window slides


def test_a_limited_user_is_warned_once_per_window() -> None:
    limiter = RateLimiter(1, window=60)
    assert limiter.should_warn(1, now=0)
    assert not limiter.should_warn(1, now=1) and not limiter.should_warn(1, now=59)
    assert limiter.should_warn(2, now=1)  # each user their own warning
    assert limiter.should_warn(1, now=61)  # a new window, a new warning


def test_off_and_anonymous() -> None:
    assert all(RateLimiter(0).allow(1) for _ in range(100))
    assert all(RateLimiter(1).allow(None) for _ in range(5))


def test_busy_chats_are_recorded_once_per_interval(monkeypatch) -> None:
    """A chat is written to the database when first seen, then at most every ten minutes."""
    from handlers import telegram as tg

    clock = [1000.0]
    monkeypatch.setattr(tg.time, "monotonic", lambda: clock[0])
    st = tg.BotState(dispatcher=None, admin_ids=frozenset(), limiter=None)  # type: ignore[arg-type]
    assert st.should_record(5)
    assert not st.should_record(5)
    assert st.should_record(6)
    clock[0] += st.RECORD_CHAT_EVERY - 1
    assert not st.should_record(5)
    clock[0] += 2
    assert st.should_record(5)


def test_shared_limit_holds_across_replicas(db) -> None:
    """Two replicas, each with its own limiter on one database: the limit is the users', not
    each replica's."""
    from handlers.ratelimit import SharedRateLimiter
    from knowledge.ratelimits import RateCounter

    first = SharedRateLimiter(3, RateCounter(db).hit)
    second = SharedRateLimiter(3, RateCounter(db).hit)
    assert first.allow(1, now=120) and second.allow(1, now=121) and first.allow(1, now=122)
    assert not second.allow(1, now=123) and not first.allow(1, now=124)
    assert second.allow(2, now=124)  # other users are not affected
    assert first.allow(1, now=180)  # a new minute
    assert RateCounter(db).prune(current=3) == 2  # minute 2's rows (users 1 and 2) go


def test_shared_limit_counts_concurrent_commands_once_each(db) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from handlers.ratelimit import SharedRateLimiter
    from knowledge.ratelimits import RateCounter

    limiter = SharedRateLimiter(5, RateCounter(db).hit)
    with ThreadPoolExecutor(8) as pool:
        allowed = list(pool.map(lambda _: limiter.allow(9, now=600), range(20)))
    assert allowed.count(True) == 5


def test_postgres_gets_the_shared_limiter(db) -> None:
    from bot.app import rate_limiter
    from bot.settings import Settings
    from handlers.ratelimit import SharedRateLimiter
    from knowledge.memory import Memory

    limiter = rate_limiter(Settings(database_url=db.url), Memory(db))
    assert isinstance(limiter, SharedRateLimiter) is (not db.sqlite)
