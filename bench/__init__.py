"""Benchmarks: `python -m bench all --quick` (see docs/benchmarks.md)."""
