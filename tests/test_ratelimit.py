"""The per-user sliding-window rate limiter."""

from __future__ import annotations

from handlers.ratelimit import RateLimiter


def test_window() -> None:
    limiter = RateLimiter(2, window=60)
    assert limiter.allow(1, now=0) and limiter.allow(1, now=1)
    assert not limiter.allow(1, now=2)
    assert limiter.allow(2, now=2)  # other users are not affected
    assert limiter.allow(1, now=61)  # the window slides


def test_off_and_anonymous() -> None:
    assert all(RateLimiter(0).allow(1) for _ in range(100))
    assert all(RateLimiter(1).allow(None) for _ in range(5))
