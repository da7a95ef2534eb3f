"""What a demanding user met (issues 12 and 13), each through the real bot and the strict local
Bot API server: long input, slow edits, stale buttons, groups, plurals."""

from __future__ import annotations

import logging

import pytest

from handlers.reply import TELEGRAM_LIMIT
from tests.e2e.harness import BotMessage
from tests.files import SAMPLE

pytestmark = pytest.mark.e2e

FAILED = "something went wrong"


@pytest.mark.parametrize("command", ["/who", "/search", "/quote", "/members", "/meeting",
                                     "/where", "/source"])
async def test_replies_that_echo_long_input_stay_under_the_limit(ecobot, command: str) -> None:
    user = ecobot.user()
    for argument in ("x" * 4091, "&" * 4000, "<b>" * 1300, " ".join(["word"] * 1000)):
        reply = await user.ask(f"{command} {argument}")
        assert FAILED not in reply.text, (command, argument[:10])
        assert len(reply.text) <= TELEGRAM_LIMIT


async def test_control_characters_and_nul_are_dropped(ecobot) -> None:
    reply = await ecobot.user().ask("/who zar\x00if\x07")
    assert "Mohammad Javad Zarif" in reply.text


async def test_upload_ends_on_its_result_however_slow_the_edits(ecobot) -> None:
    admin = ecobot.admin()
    await admin.set_edit_latency(400)
    try:
        for i, city in enumerate(["Astana", "Bishkek", "Baku", "Ankara"]):
            text = SAMPLE.replace("Almaty", city).replace("Abenov", f"Abenov{i}")
            await admin.send_document(f"slow{i}.txt", text.encode())
            status = await admin.wait_reply(timeout=20)
            done = await admin.wait_text(status, "Upload", timeout=30)
            await admin.silence(1.0)  # any late progress edit would land now
            final = next(m for m in await admin.messages() if m.message_id == done.message_id)
            assert "✅ Added" in final.text or "⏭" in final.text, final.text
            if "✅" in final.text:
                assert [b["text"] for b in final.buttons] == ["View facts", "Undo"]
    finally:
        await admin.set_edit_latency(0)


async def test_a_button_is_answered_once_even_when_its_message_is_gone(ecobot, caplog) -> None:
    user = ecobot.user()
    reply = await user.ask("/who president")
    gone = BotMessage(reply.message_id + 1000, reply.chat_id, reply.text, reply.html,
                      reply.parse_mode, reply.reply_markup, reply.edits, reply.reply_to)
    with caplog.at_level(logging.INFO):
        query = await user.press(gone, reply.buttons[0]["text"])
        answer = await user.callback_answer(query)
        fresh = await user.wait_reply()
    assert answer is not None and "wrong" not in (answer.get("text") or "")
    assert "Did you mean" not in fresh.text  # the answer came as a new message
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_unknown_commands_for_other_bots_stay_unanswered_in_groups(ecobot) -> None:
    member = ecobot.user(chat_type="supergroup")
    await member.send("/stats")
    assert await member.silence(1.0) == []
    reply = await member.ask(f"/stats@{ecobot.username}")
    assert "don't know the command" in reply.text


async def test_non_admins_are_not_offered_admin_commands(ecobot) -> None:
    reply = await ecobot.user().ask("/delet 3")
    assert "/delete" not in reply.text
    admin = await ecobot.admin().ask("/delet 3")
    assert "/delete" in admin.text


async def test_an_id_of_the_wrong_kind_is_refused(ecobot) -> None:
    user = ecobot.user()
    country = await user.ask("/members")  # the demo's ids: find a country's by name
    assert "Members" in country.text
    reply = await user.ask("/quote #1")  # entity #1 is a country, not a person
    assert "#1 is not a person I know" in reply.text, reply.text
    gone = await user.ask("/who #999999")
    assert "#999999 is not a person I know" in gone.text


async def test_did_you_mean_keeps_the_topic(ecobot) -> None:
    reply = await ecobot.user().ask("/quote foreign minister terrorism")
    assert "Did you mean" in reply.text, reply.text
    assert reply.buttons and all(b["callback_data"].endswith(" terrorism")
                                 for b in reply.buttons), reply.buttons


async def _added(admin, text: str) -> BotMessage:
    await admin.send(f"/add {text}")
    status = await admin.wait_reply()
    return await admin.wait_text(status, "✅ Added", timeout=30)


async def test_a_stale_undo_button_deletes_nothing_and_delete_asks_first(ecobot) -> None:
    """Bug 1: /add P; /undo; /add Q; P's old Undo button must not delete Q."""
    admin = ecobot.admin()
    first = await _added(admin, SAMPLE)
    assert "Removed" in (await admin.ask("/undo")).text
    second = await _added(admin, SAMPLE.replace("Almaty", "Tashkent").replace("Abenov", "Saidov"))
    number = second.text.split("(#")[1].split(")")[0]
    await admin.press(first, "Undo")
    stale = await admin.wait_edit(first)
    assert "That article is gone." in stale.text, stale.text
    assert f"/source_{number}" in (await admin.ask("/articles")).text  # Q is still there
    await admin.press(second, "Undo")
    asked = await admin.wait_edit(second)
    assert f"Delete #{number} ‘" in asked.text and "?" in asked.text, asked.text
    assert [b["text"] for b in asked.buttons] == ["Yes, delete", "No"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in asked.buttons)
    await admin.press(asked, "Yes, delete")
    done = await admin.wait_edit(asked)
    assert f"Deleted #{number}" in done.text
    assert f"#{number}" not in (await admin.ask("/articles")).text


async def _menu_of(ecobot, user_id: int) -> set[str] | None:
    """The commands the server stores for the private chat with `user_id` (None: no own menu,
    so the all-private-chats menu applies)."""
    scopes = await ecobot.user()._get("/client/commands", token=ecobot.token)
    own = [v for k, v in scopes.items() if '"type":"chat"' in k and f'"chat_id":{user_id}' in k]
    return {c["command"] for c in own[0]} if own else None


async def test_admin_add_and_remove_update_the_command_menu_at_once(ecobot) -> None:
    """Bug 5: the new admin gets the admin menu; a removed one goes back to the users' menu."""
    admin, newcomer = ecobot.admin(), ecobot.user()
    assert await _menu_of(ecobot, newcomer.user_id) is None
    assert "is now an admin" in (await admin.ask(f"/admin add {newcomer.user_id}")).text
    menu = await _menu_of(ecobot, newcomer.user_id)
    assert menu is not None and {"add", "merge", "delete", "members"} <= menu
    assert "no longer an admin" in (await admin.ask(f"/admin remove {newcomer.user_id}")).text
    assert await _menu_of(ecobot, newcomer.user_id) is None
    assert await _menu_of(ecobot, admin.user_id) is not None  # settings' admins keep theirs


async def test_a_text_too_short_to_be_an_article_is_refused(ecobot) -> None:
    """Bug 12: `/add hello world` was stored as an article called "pasted text"."""
    admin = ecobot.admin()
    before = (await admin.ask("/articles")).text
    await admin.send("/add hello world")
    status = await admin.wait_reply()
    done = await admin.wait_text(status, "❌")
    assert "too short to be an article (2 words" in done.text, done.text
    assert (await admin.ask("/articles")).text == before


async def test_a_duplicate_is_reported_under_its_headline(ecobot) -> None:
    admin = ecobot.admin()
    first = await _added(admin, SAMPLE)
    number = first.text.split("(#")[1].split(")")[0]
    headline = first.text.split("“")[1].split("”")[0]
    await admin.send(f"/add {SAMPLE}")
    status = await admin.wait_reply()
    again = await admin.wait_text(status, "⏭")
    assert f"already stored as #{number} ‘{headline}’" in again.text, again.text
