"""The real bot over HTTP: commands in private chats, groups and channels, buttons, paging,
inline mode, errors, command menus, and webhook mode."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from handlers.registry import COMMANDS, Spec
from handlers.reply import TELEGRAM_LIMIT, Reply
from tests.conftest import corpus_dir
from tests.e2e.conftest import make_settings, stop_bot
from tests.e2e.harness import TgUser

pytestmark = pytest.mark.e2e


async def test_help_and_start(ecobot) -> None:
    user = ecobot.user()
    for command in ("/start", "/help"):
        reply = await user.ask(command)
        assert "I have read" in reply.text and "/members" in reply.text
        assert reply.parse_mode == "HTML"


@pytest.mark.parametrize(("command", "expected"), [
    ("/members", ["Members (10)", "Tajikistan", "Guests"]),
    ("/meeting tehran", ["Interior Ministers", "Tehran", "Oman", "Iraq"]),
    ("/meeting foreign ministers dushanbe", ["Council of Foreign Ministers", "Dushanbe"]),
    ("/meeting", ["Latest meetings"]),
    ("/quote zarif terrorism", ["counter-extremism and terrorism strategy"]),
    ("/who zarif", ["Mohammad Javad Zarif", "Foreign Minister"]),
    ("/where dushanbe", ["Meetings in Dushanbe", "Zarif"]),
    ("/search caliphate", ["caliphate"]),
    ("/articles", ["Latest articles"]),
    ("/source 1", ["/source_1"]),
])
@pytest.mark.parametrize("chat_type", ["private", "supergroup", "channel"])
async def test_every_command_in_every_kind_of_chat(ecobot, command: str, expected: list[str],
                                                   chat_type: str) -> None:
    corpus_dir()
    line = command
    if chat_type == "supergroup":  # in groups, commands are addressed to the bot by name
        name, _, args = command.partition(" ")
        line = f"{name}@{ecobot.username} {args}".strip()
    reply = await ecobot.user(chat_type=chat_type).ask(line)
    for text in expected:
        assert text in reply.text, (command, chat_type, reply.text[:500])
    assert len(reply.text) <= TELEGRAM_LIMIT


async def test_group_commands_addressed_to_us_and_others(ecobot) -> None:
    member = ecobot.user(chat_type="supergroup")
    reply = await member.ask(f"/members@{ecobot.username}")
    assert "Members" in reply.text
    assert reply.reply_to is not None  # in groups the answer quotes the command
    await member.send("/members@some_other_bot")
    assert await member.silence(1.0) == []


async def test_channel_post(ecobot) -> None:
    channel = ecobot.user(chat_type="channel")
    reply = await channel.ask("/who pezeshkian")
    assert "Masoud Pezeshkian" in reply.text


async def test_disambiguation_buttons_answer_in_place(ecobot) -> None:
    corpus_dir()
    user = ecobot.user()
    reply = await user.ask("/who president")
    assert "Did you mean" in reply.text
    query = await user.press(reply, "Emomali Rahmon")
    edited = await user.wait_edit(reply)
    assert "Emomali Rahmon" in edited.text and "Did you mean" not in edited.text
    assert await user.callback_answer(query) is not None


async def test_paging_edits_the_message(ecobot) -> None:
    corpus_dir()
    user = ecobot.user()
    reply = await user.ask("/quote pezeshkian")  # seven quotes: two pages
    assert reply.buttons, reply.text
    assert "Page 1 of" in reply.text
    await user.press(reply, "›")
    page2 = await user.wait_edit(reply)
    assert "Page 2 of" in page2.text
    await user.press(page2, "‹")
    back = await user.wait_edit(page2)
    assert "Page 1 of" in back.text


async def test_inline_query(ecobot) -> None:
    corpus_dir()
    results = await ecobot.user().inline_query("pezeshkian")
    assert results, "no inline results"
    assert len(results) <= 50
    titles = [r["title"] for r in results]
    assert titles[0] == "Masoud Pezeshkian"
    assert any("“" in t for t in titles[1:])  # quotes to share
    assert all(r["input_message_content"]["parse_mode"] == "HTML" for r in results)
    assert await ecobot.user().inline_query("vladimir putin") == []


async def test_unknown_command(ecobot) -> None:
    reply = await ecobot.user().ask("/memebrs")
    assert "Did you mean /members" in reply.text


async def test_unknown_name(ecobot) -> None:
    reply = await ecobot.user().ask("/who vladimir putin")
    assert "know no person called" in reply.text


async def test_a_failing_handler_does_not_stop_the_bot(ecobot, monkeypatch) -> None:
    def broken(_ctx: object, _args: str) -> Reply:
        raise RuntimeError("boom: secret internals")

    monkeypatch.setitem(COMMANDS, "who", Spec("who", broken, "broken", "/who"))
    user = ecobot.user()
    reply = await user.ask("/who zarif")
    assert "something went wrong" in reply.text
    assert "secret internals" not in reply.text
    assert "Members" in (await user.ask("/members")).text


async def test_command_menus_per_scope(ecobot) -> None:
    commands = await TgUser(ecobot.server, ecobot.token)._get("/client/commands",
                                                              token=ecobot.token)
    private = commands['{"type":"all_private_chats"}']
    groups = commands['{"type":"all_group_chats"}']
    admin = next(v for k, v in commands.items() if '"chat"' in k)
    names = {c["command"] for c in private}
    assert {"members", "meeting", "quote", "who", "where", "search"} <= names
    assert "merge" not in names and names == {c["command"] for c in groups}
    assert {"add", "merge", "delete", "log"} <= {c["command"] for c in admin}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_webhook_mode_checks_the_secret(bot_api_server, memory_template, tmp_path) -> None:
    import shutil

    db = tmp_path / "hook.db"
    shutil.copy(memory_template, db)
    token = "555:WEBHOOK"
    settings = make_settings(bot_api_server, token, db)
    from bot.app import build_application

    application = build_application(settings)
    await application.initialize()
    await application.post_init(application)
    await application.start()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    await application.updater.start_webhook(listen="127.0.0.1", port=port, url_path="telegram",
                                            webhook_url=url, secret_token="s3cret-token")
    try:
        user = TgUser(bot_api_server, token)
        reply = await user.ask("/members")  # delivered by webhook POST with the secret header
        assert "Members" in reply.text
        async with httpx.AsyncClient() as client:
            wrong = await client.post(url, json={"update_id": 1},
                                      headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"})
            missing = await client.post(url, json={"update_id": 2})
        assert wrong.status_code == 403 and missing.status_code == 403
    finally:
        await stop_bot(application)


async def test_many_users_at_once_each_get_their_own_answer(ecobot) -> None:
    """Twenty users ask at the same moment (one HTTP client, replies awaited on the server as
    the load benchmark does); each gets the answer to their own question."""
    questions = {"/quote kamali": "Kamali", "/who kamali": "Kamali", "/members": "Members",
                 "/meeting tehran": "Tehran"}
    lines = list(questions) * 5
    async with httpx.AsyncClient(timeout=30) as client:
        users = [ecobot.user(client=client) for _ in lines]

        async def ask(user: TgUser, line: str) -> str:
            sent = await user.send(line)
            return (await user.reply_after(sent["message_id"])).text

        answers = await asyncio.gather(*(ask(u, line) for u, line in zip(users, lines,
                                                                          strict=True)))
    by_question: dict[str, set[str]] = {}
    for line, answer in zip(lines, answers, strict=True):
        assert questions[line] in answer, (line, answer)
        by_question.setdefault(line, set()).add(answer)
    assert all(len(texts) == 1 for texts in by_question.values())  # same question, same answer
