"""The /follow benchmark still runs (tiny sizes): both tables get their rows."""

from __future__ import annotations

import pytest

from tests.e2e.harness import available

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


def test_follow_benchmark_measures_delivery_and_ingest_cost() -> None:
    from bench import bench_follow

    latency, cost = bench_follow.run(True, chats=6, articles=5)
    assert [row[1] for row in latency.rows] == [6, 6]  # every chat got its message
    assert all(0 < row[2] <= row[3] < 120 for row in latency.rows)
    sqlite = next(r for r in cost.rows if r[0] == "SQLite")
    assert sqlite[1] > 0 and sqlite[2] > 0
    assert sqlite[3] > 0  # the followed things were in the news
