"""`python -m bench [all|extract|resolver|queries|generate] [--quick] [--record]`."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from bench.common import Result, record

BENCHES = {"extract": "bench.bench_extract", "resolver": "bench.bench_resolver",
           "queries": "bench.bench_queries"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", choices=[*BENCHES, "all", "generate"])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (< 5 minutes)")
    parser.add_argument("--record", action="store_true", help="append to docs/benchmarks.md")
    parser.add_argument("--n", type=int, default=1000, help="articles, for generate")
    parser.add_argument("--out", type=Path, default=Path("bench/out/corpus"))
    args = parser.parse_args(argv)
    if args.name == "generate":
        from bench.generator import write_corpus

        start = time.perf_counter()
        write_corpus(args.out, args.n)
        print(f"wrote {args.n} articles to {args.out} in {time.perf_counter() - start:.1f} s")
        return 0
    names = list(BENCHES) if args.name == "all" else [args.name]
    results: list[Result] = []
    for name in names:
        start = time.perf_counter()
        for result in importlib.import_module(BENCHES[name]).run(args.quick):
            result.print()
            results.append(result)
        print(f"  ({name}: {time.perf_counter() - start:.0f} s)")
    if args.record:
        record(results, "quick run" if args.quick else "full run")
        print("appended to docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
