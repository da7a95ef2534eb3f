"""`ecobot ingest --workers N` killed with SIGKILL leaves no process behind: its extraction
workers (and multiprocessing's resource tracker) exit when the parent dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.generator import write_corpus

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper that never comes counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def test_workers_exit_when_the_ingest_is_killed(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", 300, seed=9) / "articles"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBOT_")}
    env["ECOBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'bot.db'}"
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "ingest", "--json", "--workers",
                             "2", str(folder)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        children: set[int] = set()
        while time.monotonic() < deadline and len(children) < 3:  # 2 workers + the tracker
            assert proc.poll() is None, "ingest ended before its workers were seen"
            children = {pid for pid in _children(proc.pid) if _alive(pid)}
            time.sleep(0.1)
        assert len(children) >= 2, children
        time.sleep(1)  # the workers are extracting
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(map(_alive, children)):
            time.sleep(0.1)
        left = sorted(pid for pid in children if _alive(pid))
    finally:
        proc.kill()
    for pid in left:  # leave no process behind, whatever the result
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"still running after the parent was killed: {left}"


GRANDCHILD = """
import sys, time
sys.platform = "other"  # no prctl: only the parent watchdog can end this process
from knowledge.prefetch import die_with_parent
die_with_parent(int(sys.argv[1]))
print("ready", flush=True)
time.sleep(120)
"""
CHILD = """
import os, subprocess, sys, time
grandchild = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())],
                              stdout=subprocess.PIPE, text=True)
assert grandchild.stdout.readline().strip() == "ready"
print(grandchild.pid, flush=True)
time.sleep(120)
"""


def test_watchdog_alone_ends_an_orphaned_worker() -> None:
    child = subprocess.Popen([sys.executable, "-c", CHILD, GRANDCHILD], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        grandchild = int(child.stdout.readline())
        assert _alive(grandchild)
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _alive(grandchild):
            time.sleep(0.1)
        alive = _alive(grandchild)
        if alive:
            os.kill(grandchild, signal.SIGKILL)
        assert not alive, "the orphan kept running without its parent"
    finally:
        child.kill()
