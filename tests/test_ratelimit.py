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
