"""Per-user rate limiting, so one chat cannot starve the others: in memory (one process), or
shared by every replica through a counter in the database (`knowledge.ratelimits`)."""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict, deque
from collections.abc import Callable


class RateLimiter:
    """At most `per_minute` commands per user in any 60 s window (0 = unlimited)."""

    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._seen: dict[int, deque[float]] = defaultdict(deque)
        self._warned: dict[int, float] = {}  # user id -> when they were last told to wait

    def allow(self, user_id: int | None, now: float | None = None) -> bool:
        """Record one command by `user_id`; False when over the limit."""
        if not self.per_minute or user_id is None:
            return True
        now = time.monotonic() if now is None else now
        seen = self._seen[user_id]
        while seen and now - seen[0] >= self.window:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return False
        seen.append(now)
        return True

    def should_warn(self, user_id: int | None, now: float | None = None) -> bool:
        """True once per window for a limited user: they are told to wait once, then the bot
        stays silent until the window has passed."""
        if user_id is None:
            return False
        now = time.monotonic() if now is None else now
        last = self._warned.get(user_id)
        if last is not None and now - last < self.window:
            return False
        self._warned[user_id] = now
        if len(self._warned) > 10_000:  # forget the oldest warnings
            for old in sorted(self._warned, key=self._warned.__getitem__)[:1000]:
                del self._warned[old]
        return True

    async def check(self, user_id: int | None) -> bool:
        """`allow`, from the event loop."""
        return self.allow(user_id)


class SharedRateLimiter(RateLimiter):
    """At most `per_minute` commands per user in each clock minute, counted by `hit(user,
    window) -> count` (a database counter every replica shares)."""

    def __init__(self, per_minute: int, hit: Callable[[int, int], int],
                 window: float = 60.0) -> None:
        super().__init__(per_minute, window)
        self._hit = hit

    def allow(self, user_id: int | None, now: float | None = None) -> bool:
        if not self.per_minute or user_id is None:
            return True
        now = time.time() if now is None else now
        return self._hit(user_id, int(now // self.window)) <= self.per_minute

    async def check(self, user_id: int | None) -> bool:
        if not self.per_minute or user_id is None:
            return True
        return await asyncio.to_thread(self.allow, user_id)
