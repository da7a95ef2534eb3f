"""Issue 12 item 2: an id outside its column's range is simply not found (PostgreSQL raised
"integer out of range"); Telegram user ids are stored as 64-bit."""

from __future__ import annotations

import pytest

from bot.runtime import DEMO_DIR
from handlers.dispatch import Dispatcher
from handlers.registry import Caller
from knowledge import chats
from knowledge.ingest.limits import Limits
from knowledge.uploads import ingest_paths

USER = Caller(user_id=1, chat_type="private")
ADMIN = Caller(user_id=2, chat_type="private", is_admin=True)
HUGE = "99999999999999"  # over 2**31, under 2**63


@pytest.fixture
def bot(memory) -> Dispatcher:
    list(ingest_paths(memory, [DEMO_DIR], Limits(), by="test"))
    return Dispatcher(memory, "ecobot")


@pytest.mark.parametrize(("line", "caller", "answer"), [
    (f"/source {HUGE}", USER, "There is no article"),
    ("/who #99999999999", USER, "not a person I know"),
    ("/meeting #99999999999", USER, "I know of no meeting"),
    ("/quote #99999999999", USER, "is not a person I know"),
    ("/where #99999999999", USER, "is not a place I know"),
    ("/members #99999999999", USER, "is not a"),
    (f"/delete {HUGE}", ADMIN, "There is no article"),
    ("/alias #99999999999 = Someone", ADMIN, "is not a name I know"),
    ("/admin add 99999999999999999999", ADMIN, "Nothing to change"),
    ("/admin remove 99999999999999999999", ADMIN, "Nothing to change"),
])
def test_large_ids_are_not_found(bot: Dispatcher, line: str, caller: Caller,
                                 answer: str) -> None:
    reply = bot.run(line, caller)
    assert reply is not None and answer in reply.html


def test_admin_ids_are_64_bit(db) -> None:
    big = 2**62 + 12345  # Telegram ids beyond 32 bits
    with db.session() as session:
        assert chats.add_admin(session, big, added_by=2**40)
    with db.session() as session:
        assert chats.admin_ids(session) == {big}
        assert not chats.add_admin(session, 2**64, added_by=1)
        assert chats.remove_admin(session, big, removed_by=1)
