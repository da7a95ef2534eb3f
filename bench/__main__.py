"""`python -m bench [all|extract|resolver|scale|e2e|follow|replicas|generate] [--quick] [--record]`.

`scale` also takes `--sizes 1000,10000,100000`, `--db sqlite|postgres`, `--workers N`,
`--keep NAME` (leave the memory behind: a PostgreSQL database or a SQLite file) and
`--measure URL` (time the commands alone on such a memory, of the last of `--sizes` articles)."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

from bench.common import Result, record

BENCHES = {"extract": "bench.bench_extract", "resolver": "bench.bench_resolver",
           "scale": "bench.bench_scale", "e2e": "bench.bench_e2e", "follow": "bench.bench_follow",
           "replicas": "bench.bench_replicas"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("name", choices=[*BENCHES, "all", "generate"])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (< 5 minutes)")
    parser.add_argument("--record", action="store_true", help="append to docs/benchmarks.md")
    parser.add_argument("--n", type=int, default=1000, help="articles, for generate")
    parser.add_argument("--out", type=Path, default=Path("bench/out/corpus"))
    parser.add_argument("--sizes", help="scale: comma-separated article counts")
    parser.add_argument("--db", choices=["sqlite", "postgres"], action="append",
                        help="scale: only this database (repeatable)")
    parser.add_argument("--workers", type=int, default=0,
                        help="scale: extraction processes ahead of the writer")
    parser.add_argument("--keep", metavar="NAME",
                        help="scale: keep the memory as this PostgreSQL database or SQLite file")
    parser.add_argument("--measure", metavar="URL",
                        help="scale: only time the commands on a kept memory at URL")
    args = parser.parse_args(argv)
    options = {"scale": {"sizes": tuple(int(n) for n in args.sizes.split(",")) if args.sizes
                         else None,
                         "databases": tuple(args.db) if args.db else None,
                         "workers": args.workers, "keep": args.keep}}
    if args.name == "generate":
        from bench.generator import write_corpus

        start = time.perf_counter()
        write_corpus(args.out, args.n)
        print(f"wrote {args.n} articles to {args.out} in {time.perf_counter() - start:.1f} s")
        return 0
    if args.name == "scale" and args.measure:
        from bench.bench_scale import measure

        size = int(args.sizes.split(",")[-1]) if args.sizes else 100_000
        results = measure(args.measure, size)
        for result in results:
            result.print()
        if args.record:
            record(results, "command run")
            print("appended to docs/benchmarks.md")
        return 0
    names = list(BENCHES) if args.name == "all" else [args.name]
    results: list[Result] = []
    for name in names:
        start = time.perf_counter()
        module = importlib.import_module(BENCHES[name])
        for result in module.run(args.quick, **options.get(name, {})):
            result.print()
            results.append(result)
        print(f"  ({name}: {time.perf_counter() - start:.0f} s)")
    if args.record:
        record(results, "quick run" if args.quick else "full run")
        print("appended to docs/benchmarks.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
