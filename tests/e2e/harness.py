"""End-to-end harness: a local Bot API server (Node, telegram-test-api + launcher.js) and
`TgUser`, which acts as a Telegram user over HTTP: commands, buttons, documents, inline queries,
channel posts, and waiting for what the bot sends back."""

from __future__ import annotations

import asyncio
import base64
import itertools
import re
import shutil
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "launcher.js"
_COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")
_ids = itertools.count(1_000)


def available() -> str | None:
    """Why the harness cannot run here (None when it can)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (HERE / "node_modules" / "telegram-test-api").is_dir():
        return "tests/e2e/node_modules is missing (run: npm ci --prefix tests/e2e)"
    return None


class BotApiServer:
    """The Node Bot API server as a subprocess on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.port = 0
        self.log = HERE / ".server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> None:
        self.process = subprocess.Popen(
            ["node", str(LAUNCHER), "--port", "0"], cwd=HERE, stdout=subprocess.PIPE,
            stderr=self.log.open("w"), text=True)
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if line.startswith("READY "):
                self.port = int(line.split()[1])
                return
            if self.process.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"Bot API server did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


def _result(response: httpx.Response) -> Any:
    response.raise_for_status()
    return response.json()["result"]


@dataclass
class BotMessage:
    """A message the bot sent (as it is now, after any edits)."""

    message_id: int
    chat_id: int
    text: str  # as Telegram shows it (markup parsed)
    html: str  # as the bot sent it
    parse_mode: str | None
    reply_markup: dict | None
    edits: int
    reply_to: int | None

    @property
    def buttons(self) -> list[dict]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [b for row in rows for b in row]

    def button(self, text: str) -> dict:
        for b in self.buttons:
            if b["text"] == text:
                return b
        raise AssertionError(f"no button {text!r} in {[b['text'] for b in self.buttons]}")

    @classmethod
    def of(cls, raw: dict) -> BotMessage:
        return cls(raw["message_id"], raw["chat_id"], raw["text"], raw.get("html", raw["text"]),
                   raw.get("parse_mode"), raw.get("reply_markup"), raw.get("edits", 0),
                   raw.get("reply_to"))


@dataclass
class TgUser:
    """A user in a chat (private by default), talking to the bot with `token`."""

    server: BotApiServer
    token: str
    user_id: int = field(default_factory=lambda: next(_ids))
    first_name: str = "Test"
    username: str | None = None
    chat_type: str = "private"
    chat_id: int | None = None
    chat_title: str | None = None
    seen: set[int] = field(default_factory=set)
    client: httpx.AsyncClient | None = None  # one shared by many users (load benchmarks)

    def __post_init__(self) -> None:
        if self.chat_id is None:
            self.chat_id = self.user_id if self.chat_type == "private" else -next(_ids)

    # -- HTTP --------------------------------------------------------------------------------

    async def _post(self, path: str, payload: dict) -> Any:
        if self.client is not None:
            return _result(await self.client.post(self.server.url + path, json=payload))
        async with httpx.AsyncClient(timeout=30) as client:
            return _result(await client.post(self.server.url + path, json=payload))

    async def _get(self, path: str, **query: object) -> Any:
        if self.client is not None:
            return _result(await self.client.get(self.server.url + path, params=query))
        async with httpx.AsyncClient(timeout=30) as client:
            return _result(await client.get(self.server.url + path, params=query))

    # -- building updates --------------------------------------------------------------------

    @property
    def user(self) -> dict:
        data = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        return data

    @property
    def chat(self) -> dict:
        if self.chat_type == "private":
            return {"id": self.chat_id, "type": "private", "first_name": self.first_name}
        return {"id": self.chat_id, "type": self.chat_type,
                "title": self.chat_title or f"{self.chat_type} {self.chat_id}"}

    def _message(self, text: str | None = None, **extra: Any) -> dict:
        message: dict[str, Any] = {"chat": self.chat, "date": int(time.time()), **extra}
        if self.chat_type != "channel":
            message["from"] = self.user
        else:
            message["sender_chat"] = self.chat
        if text is not None:
            message["text"] = text
            command = _COMMAND.match(text)
            if command:
                message["entities"] = [{"type": "bot_command", "offset": 0,
                                        "length": len(command.group(0))}]
        return message

    async def update(self, update: dict) -> dict:
        return await self._post("/client/update", {"token": self.token, "update": update})

    async def send(self, text: str, *, reply_to: dict | None = None) -> dict:
        """A text message (commands get their bot_command entity, as Telegram does)."""
        key = "channel_post" if self.chat_type == "channel" else "message"
        extra = {"reply_to_message": reply_to} if reply_to else {}
        result = await self.update({key: self._message(text, **extra)})
        return result[key]

    command = send

    async def send_document(self, filename: str, data: bytes, caption: str | None = None,
                            mime_type: str = "application/octet-stream") -> dict:
        file = await self._post("/client/file", {
            "file_name": filename, "mime_type": mime_type,
            "data_base64": base64.b64encode(data).decode()})
        extra: dict[str, Any] = {"document": file}
        if caption:
            extra["caption"] = caption
        return (await self.update({"message": self._message(**extra)}))["message"]

    async def press(self, message: BotMessage, button_text: str) -> str:
        """Press an inline button under a bot message; returns the callback query id."""
        button = message.button(button_text)
        query_id = str(next(_ids))
        await self.update({"callback_query": {
            "id": query_id, "from": self.user, "chat_instance": f"ci{self.chat_id}",
            "data": button["callback_data"],
            "message": {"message_id": message.message_id, "date": int(time.time()),
                        "chat": self.chat, "text": message.text,
                        "reply_markup": message.reply_markup}}})
        return query_id

    async def inline_query(self, query: str, timeout: float = 10.0) -> list[dict]:
        query_id = str(next(_ids))
        await self.update({"inline_query": {"id": query_id, "from": self.user, "query": query,
                                            "offset": "", "chat_type": "sender"}})
        answer = await self._wait(lambda: self._get("/client/inline", id=query_id), timeout)
        return answer.get("results", [])

    async def callback_answer(self, query_id: str, timeout: float = 10.0) -> dict:
        return await self._wait(lambda: self._get("/client/callback", id=query_id), timeout)

    async def set_edit_latency(self, max_ms: int, send_ms: int = 0) -> None:
        """Delay every edit on the server by a random 0..max_ms ms, and every sendMessage by
        0..send_ms ms (0: none)."""
        await self._post("/client/latency", {"max_ms": max_ms, "send_ms": send_ms})

    async def set_send_gate(self, open_: bool) -> None:
        """Closed: the server holds every sendMessage before it takes effect until the gate
        opens again; a sender that hung up meanwhile sent nothing."""
        await self._post("/client/send-gate", {"open": open_})

    async def held_sends(self) -> int:
        """How many sendMessage requests the closed gate holds."""
        return (await self._get("/client/send-gate"))["held"]

    async def block_bot(self, blocked: bool = True) -> None:
        """This chat blocked the bot: sends to it answer 403 (as Telegram's do)."""
        await self._post("/client/block", {"chat_id": self.chat_id, "blocked": blocked})

    async def set_chat_admins(self, user_ids: list[int]) -> None:
        """The group's admins, as getChatMember reports them."""
        await self._post("/client/chat-admins", {"chat_id": self.chat_id, "user_ids": user_ids})

    # -- reading what the bot sent -----------------------------------------------------------

    async def messages(self) -> list[BotMessage]:
        raw = await self._get("/client/messages", token=self.token, chat_id=self.chat_id)
        return [BotMessage.of(m) for m in raw]

    async def wait_reply(self, timeout: float = 10.0) -> BotMessage:
        """The next message the bot sends to this chat."""

        async def fresh() -> BotMessage | None:
            for message in await self.messages():
                if message.message_id not in self.seen:
                    self.seen.add(message.message_id)
                    return message
            return None

        return await self._wait(fresh, timeout, what="a reply")

    async def reply_after(self, message_id: int, timeout: float = 30.0) -> BotMessage:
        """The first message the bot sends here after message `message_id` (the server holds
        the request until it exists: no polling)."""
        raw = await self._get("/client/next", token=self.token, chat_id=self.chat_id,
                              after=message_id, timeout=timeout)
        if raw is None:
            raise TimeoutError(f"no reply after message {message_id} within {timeout} s")
        self.seen.add(raw["message_id"])
        return BotMessage.of(raw)

    async def wait_edit(self, message: BotMessage, timeout: float = 10.0) -> BotMessage:
        """`message` after the bot edits it again."""

        async def edited() -> BotMessage | None:
            for m in await self.messages():
                if m.message_id == message.message_id and m.edits > message.edits:
                    return m
            return None

        return await self._wait(edited, timeout, what=f"an edit of #{message.message_id}")

    async def wait_text(self, message: BotMessage, contains: str,
                        timeout: float = 30.0) -> BotMessage:
        """`message` once an edit makes its text contain `contains` (progress messages)."""

        async def done() -> BotMessage | None:
            for m in await self.messages():
                if m.message_id == message.message_id and contains in m.text:
                    return m
            return None

        return await self._wait(done, timeout, what=f"{contains!r} in #{message.message_id}")

    async def ask(self, text: str, timeout: float = 10.0) -> BotMessage:
        await self.send(text)
        return await self.wait_reply(timeout)

    async def silence(self, seconds: float = 1.0) -> list[BotMessage]:
        """Messages the bot sent during `seconds` (expected: none)."""
        await asyncio.sleep(seconds)
        return [m for m in await self.messages() if m.message_id not in self.seen]

    async def _wait(self, probe: Callable[[], Awaitable[Any]], timeout: float,
                    what: str = "an answer") -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = await probe()
            if result:
                return result
            await asyncio.sleep(0.05)
        sent = [m.text[:80] for m in await self.messages()]
        raise AssertionError(f"no {what} within {timeout} s; the bot sent to this chat: {sent}")
