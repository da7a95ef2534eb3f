"""The local Bot API server is as strict as Telegram where bugs hide (checked directly over
HTTP, as a bot would call it): broken HTML, long or empty text, long callback data, edits that
change nothing, a second answer to a callback, keyboards dropped by edits, long-poll timeouts."""

from __future__ import annotations

import asyncio
import itertools
import time

import httpx
import pytest

from tests.e2e.harness import BotApiServer, TgUser

pytestmark = pytest.mark.e2e
_tokens = itertools.count(7000)


@pytest.fixture
def api(bot_api_server: BotApiServer):
    token = f"{next(_tokens)}:STRICT"

    async def call(method: str, **payload: object) -> dict:
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(f"{bot_api_server.url}/bot{token}/{method}",
                                         json=payload)
        return response.json()

    call.token = token  # type: ignore[attr-defined]
    return call


CHAT = 555


def keyboard(data: str = "c:/help") -> dict:
    return {"inline_keyboard": [[{"text": "go", "callback_data": data}]]}


@pytest.mark.parametrize("html", ["<b>open", "<b><i>x</b></i>", "<br>", "a & b", "&nbsp;",
                                  "<foo>x</foo>", "x</b>"])
async def test_html_that_does_not_parse_is_refused(api, html: str) -> None:
    answer = await api("sendMessage", chat_id=CHAT, text=html, parse_mode="HTML")
    assert not answer["ok"] and "can't parse entities" in answer["description"], answer


async def test_text_limits_count_after_entity_parsing(api) -> None:
    ok = await api("sendMessage", chat_id=CHAT, text="&amp;" * 4096, parse_mode="HTML")
    assert ok["ok"], ok  # 4096 characters once parsed
    long = await api("sendMessage", chat_id=CHAT, text="x" * 4097)
    assert "too long" in long["description"]
    for empty in ("", "   ", "<b></b>"):
        answer = await api("sendMessage", chat_id=CHAT, text=empty, parse_mode="HTML")
        assert "text is empty" in answer["description"], (empty, answer)


async def test_callback_data_over_64_bytes_is_refused(api) -> None:
    assert (await api("sendMessage", chat_id=CHAT, text="a", reply_markup=keyboard("é" * 32)))[
        "ok"]
    answer = await api("sendMessage", chat_id=CHAT, text="a", reply_markup=keyboard("é" * 33))
    assert answer["description"] == "Bad Request: BUTTON_DATA_INVALID"


async def test_edits_that_change_nothing_and_edits_that_drop_the_keyboard(api,
                                                                          bot_api_server) -> None:
    sent = (await api("sendMessage", chat_id=CHAT, text="<b>hi</b>", parse_mode="HTML",
                      reply_markup=keyboard()))["result"]
    same = await api("editMessageText", chat_id=CHAT, message_id=sent["message_id"],
                     text="<b>hi</b>", parse_mode="HTML", reply_markup=keyboard())
    assert "message is not modified" in same["description"]
    edited = await api("editMessageText", chat_id=CHAT, message_id=sent["message_id"],
                       text="<b>hi</b>", parse_mode="HTML")  # no keyboard: it goes
    assert edited["ok"] and "reply_markup" not in edited["result"]
    async with httpx.AsyncClient() as client:
        stored = (await client.get(f"{bot_api_server.url}/client/messages",
                                   params={"token": api.token, "chat_id": CHAT})).json()
    assert stored["result"][-1]["reply_markup"] is None
    empty = await api("editMessageText", chat_id=CHAT, message_id=sent["message_id"],
                      text="<b>hi</b>", parse_mode="HTML", reply_markup={"inline_keyboard": []})
    assert "message is not modified" in empty["description"], empty  # an empty one is none
    broken = await api("editMessageText", chat_id=CHAT, message_id=sent["message_id"],
                       text="<i>x", parse_mode="HTML")
    assert "can't parse entities" in broken["description"]
    gone = await api("editMessageText", chat_id=CHAT, message_id=99999, text="x")
    assert "message to edit not found" in gone["description"]


async def test_a_callback_query_is_answered_once(api) -> None:
    assert (await api("answerCallbackQuery", callback_query_id="cq-1"))["ok"]
    again = await api("answerCallbackQuery", callback_query_id="cq-1", text="late")
    assert not again["ok"] and "query is too old" in again["description"]


async def test_long_polling_honours_timeout(api, bot_api_server) -> None:
    started = time.monotonic()
    assert (await api("getUpdates", timeout=1))["result"] == []
    waited = time.monotonic() - started
    assert 0.9 <= waited < 3, waited  # held for the timeout, then empty
    started = time.monotonic()
    assert (await api("getUpdates", timeout=0))["result"] == []
    assert time.monotonic() - started < 0.5  # no timeout: at once
    poll = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.3)
    await TgUser(bot_api_server, api.token).send("/help")
    started = time.monotonic()
    updates = (await poll)["result"]
    assert time.monotonic() - started < 2  # an update ends the wait early
    assert updates and updates[0]["message"]["text"] == "/help"
