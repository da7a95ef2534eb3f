"""Bots as separate processes polling the local Bot API test server (tests/e2e/launcher.js),
and users talking to them: what the start-up and load benchmarks share."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.harness import BotApiServer, TgUser, available

ROOT = Path(__file__).resolve().parents[1]
_tokens = itertools.count(7001)


def unavailable() -> str | None:
    """Why the live benchmarks cannot run here (None when they can)."""
    return available()


@contextmanager
def api_server() -> Iterator[BotApiServer]:
    server = BotApiServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def bot_env(server: BotApiServer, token: str, database_url: str | None,
            **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBOT_")}
    env.update(ECOBOT_TOKEN=token, ECOBOT_API_BASE_URL=f"{server.url}/bot",
               ECOBOT_API_FILE_URL=f"{server.url}/file/bot", ECOBOT_LOAD_DEMO="false",
               ECOBOT_RATE_LIMIT_PER_MINUTE="0", ECOBOT_FLOOD_LIMITS="false",
               ECOBOT_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT))
    if database_url:
        env["ECOBOT_DATABASE_URL"] = database_url
    env.update(extra)
    return env


@contextmanager
def bot_process(server: BotApiServer, kind: str, database_url: str | None = None,
                **extra: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`ecobot run` (kind "ecobot") or the echo bot (kind "echo") in its own process;
    `extra` adds ECOBOT_* settings."""
    token = f"{next(_tokens)}:BENCH-{kind}"
    command = ([sys.executable, "-m", "bot.cli", "run"] if kind == "ecobot"
               else [sys.executable, "-m", "bench.echo_bot"])
    log = (ROOT / "bench" / "out")
    log.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(command, cwd=ROOT,
                               env=bot_env(server, token, database_url, **extra),
                               stdout=subprocess.DEVNULL,
                               stderr=(log / f"{kind}.log").open("wb"))
    try:
        yield token, process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def first_answer(server: BotApiServer, database_url: str, line: str,
                       timeout: float = 120.0) -> float:
    """Seconds from starting `ecobot run` to the answer of `line`, sent just before it starts
    (Python start-up, imports, migrations check, resolver index, first query, all included)."""
    token = f"{next(_tokens)}:BENCH-start"
    user = TgUser(server, token)
    sent = await user.send(line)
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT,
                               env=bot_env(server, token, database_url),
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        await user.reply_after(sent["message_id"], timeout=timeout)
        return time.perf_counter() - start
    except TimeoutError:
        process.kill()
        raise RuntimeError("ecobot run gave no answer: "
                           + (process.communicate()[1] or b"").decode()[-2000:]) from None
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
