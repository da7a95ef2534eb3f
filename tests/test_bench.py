"""The benchmarks still run (tiny sizes): every table gets its rows, the answers are real."""

from __future__ import annotations

import pytest

from tests.e2e.harness import available

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


def test_scale_benchmark_runs_every_stage() -> None:
    from bench import bench_scale

    ingest, latency, startup = bench_scale.run(True, sizes=(12, 30), databases=("sqlite",))
    assert [row[1] for row in ingest.rows] == ["12", "30"]
    commands = {row[2] for row in latency.rows}
    assert commands == {"SELECT 1 (baseline)", *bench_scale.COMMANDS}
    assert len(startup.rows) == 2 and all(0 < row[-1] < 60 for row in startup.rows)


def test_a_kept_memory_is_measured_again_without_ingest(tmp_path) -> None:
    from bench import bench_scale

    kept = tmp_path / "kept.db"
    bench_scale.run(True, sizes=(20,), databases=("sqlite",), keep=str(kept))
    assert kept.exists()
    (latency,) = bench_scale.measure(f"sqlite:///{kept}", 20, runs=5)
    assert {row[2] for row in latency.rows} == {"SELECT 1 (baseline)", *bench_scale.COMMANDS}
    assert all(row[1] == "20" and row[4] > 0 for row in latency.rows)
    with pytest.raises(SystemExit, match="not about 400"):
        bench_scale.measure(f"sqlite:///{kept}", 400, runs=5)


def test_load_benchmark_compares_with_the_echo_bot() -> None:
    from bench import bench_e2e

    (result,) = bench_e2e.run(True, users=5, articles=12, rounds=2)
    assert [row[0] for row in result.rows] == ["echo", "ecobot"]
    assert all(row[1] == 10 for row in result.rows)  # every request got its reply
    assert "quote someone: 10 of 10" in " ".join(result.notes)


def test_extract_benchmark_reports_rates_and_every_area() -> None:
    from bench import bench_extract
    from knowledge.scoring import AREAS

    (result,) = bench_extract.run(True, n=12)
    assert [row[0] for row in result.rows] == ["baseline: read + split sentences",
                                               "full extraction"]
    assert all(row[1] > 0 and row[2] > 0 for row in result.rows)
    quality = result.notes[-1]
    assert all(f"{area} F1" in quality for area in AREAS)


def test_replica_benchmark_measures_every_setup() -> None:
    from bench import bench_replicas
    from tests.e2e.proxy import unavailable

    if unavailable() or bench_replicas._postgres_down():
        pytest.skip(str(unavailable() or bench_replicas._postgres_down()))
    setups = [("echo", 1, True), ("ecobot", 2, True)]
    (result,) = bench_replicas.run(True, users=4, articles=12, rounds=2, setups=setups)
    assert [(row[0], row[1], row[2]) for row in result.rows] == [("echo", 1, "nginx"),
                                                                ("ecobot", 2, "nginx")]
    assert all(row[3] == 8 for row in result.rows)  # every request got its reply
    assert "quote someone: 8 of 8" in " ".join(result.notes)
