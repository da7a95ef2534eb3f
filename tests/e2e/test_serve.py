"""The webhook server replicas run (bot/serve.py): each update handled once, a health
endpoint, SIGTERM-style draining; and polling that stops on Telegram's 409 Conflict."""

from __future__ import annotations

import asyncio
import shutil
import socket

import httpx
import pytest

from bot.serve import PollingConflict, serve_polling, serve_webhook
from knowledge.db import Database
from knowledge.updates import UpdateClaims
from tests.e2e.conftest import make_settings
from tests.e2e.harness import TgUser

SECRET = "replica-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _wait_healthy(url: str, timeout: float = 20.0) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(int(timeout / 0.05)):
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.05)
    raise AssertionError(f"{url} never answered 200")


def _serve(bot_api_server, token: str, db_file):
    """The bot's webhook server on a free port: (base URL, stop event, its task)."""
    from bot.app import build_application

    settings = make_settings(bot_api_server, token, db_file)
    application = build_application(settings)
    claims = UpdateClaims(Database(settings.database_url))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    stop = asyncio.Event()
    task = asyncio.create_task(serve_webhook(application, claims, url=f"{base}/telegram",
                                             secret=SECRET, listen="127.0.0.1", port=port,
                                             stop=stop))
    return base, stop, task


@pytest.fixture
def db_file(memory_template, tmp_path):
    path = tmp_path / "hook.db"
    shutil.copy(memory_template, path)
    return path


async def test_a_duplicate_update_is_answered_once(bot_api_server, db_file) -> None:
    token = "556:WEBHOOK-DEDUP"
    base, stop, task = _serve(bot_api_server, token, db_file)
    try:
        await _wait_healthy(f"{base}/healthz")
        user = TgUser(bot_api_server, token)
        reply = await user.ask("/members")  # delivered by the server's webhook POST
        assert "Members" in reply.text
        update = {"update_id": 9_000_001, "message": {
            "message_id": 77, "date": 0, "chat": user.chat, "from": user.user,
            "text": "/help", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient(timeout=30) as client:
            first, again = await asyncio.gather(
                client.post(f"{base}/telegram", json=update, headers=headers),
                client.post(f"{base}/telegram", json=update, headers=headers))
            wrong = await client.post(f"{base}/telegram", json=update,
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "no"})
            bad = await client.post(f"{base}/telegram", content=b"{not json",
                                    headers=headers)
            health = (await client.get(f"{base}/healthz")).json()
        assert health == {"status": "ok", "in_flight": 0}
        assert (first.status_code, again.status_code) == (200, 200)
        assert wrong.status_code == 403 and bad.status_code == 400
        await asyncio.sleep(0.5)
        sent_here = await user.messages()  # the /members answer, then one to /help
        assert len(sent_here) == 2, [m.text[:40] for m in sent_here]
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_stopping_finishes_the_update_in_flight(bot_api_server, db_file) -> None:
    token = "557:WEBHOOK-DRAIN"
    base, stop, task = _serve(bot_api_server, token, db_file)
    await _wait_healthy(f"{base}/healthz")
    user = TgUser(bot_api_server, token)
    await user.set_edit_latency(0)
    sent = await user.send("/who kamali")
    await asyncio.sleep(0.01)
    stop.set()  # what SIGTERM does
    reply = await user.reply_after(sent["message_id"], timeout=20)
    assert "Kamali" in reply.text
    await asyncio.wait_for(task, 30)
    with pytest.raises(httpx.TransportError):
        async with httpx.AsyncClient() as client:
            await client.get(f"{base}/healthz")


async def test_polling_twice_says_another_instance_polls(bot_api_server, db_file) -> None:
    from bot.app import build_application

    token = "558:POLL-TWICE"
    settings = make_settings(bot_api_server, token, db_file)
    first, second = build_application(settings), build_application(settings)
    stop_first = asyncio.Event()
    running = asyncio.create_task(serve_polling(first, stop_first, timeout=5))
    await asyncio.sleep(1.5)  # the first instance is in a long poll
    try:
        with pytest.raises(PollingConflict, match="another instance is polling"):
            await asyncio.wait_for(serve_polling(second, asyncio.Event(), timeout=5), 30)
    finally:
        stop_first.set()
        await asyncio.wait_for(running, 30)


def test_ecobot_run_twice_exits_with_a_clear_message(bot_api_server, db_file) -> None:
    """Two `ecobot run` processes polling with one token: the second says why and exits; the
    first stops cleanly on SIGTERM."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("ECOBOT_")}
    env.update(ECOBOT_TOKEN="559:RUN-TWICE", ECOBOT_DATABASE_URL=f"sqlite:///{db_file}",
               ECOBOT_API_BASE_URL=f"{bot_api_server.url}/bot",
               ECOBOT_API_FILE_URL=f"{bot_api_server.url}/file/bot", ECOBOT_LOAD_DEMO="false",
               ECOBOT_FLOOD_LIMITS="false", PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "bot.cli", "run"]
    first = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(8)  # started and in a long poll
        assert first.poll() is None, first.communicate()[1][-2000:]
        second = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                                timeout=120)
        assert second.returncode == 3
        assert "another instance is polling" in second.stderr.replace("\n", " ")
        first.send_signal(signal.SIGTERM)
        assert first.wait(30) == 0
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
