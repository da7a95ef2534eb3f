"""Chats the bot serves and admins added from the bot (no Telegram types here)."""

from __future__ import annotations

from sqlmodel import Session, select

from knowledge import changes
from knowledge.ids import is_user_id
from knowledge.models import AdminUser, AuditEntry, KnownChat, utcnow


def seen_chat(session: Session, chat_id: int, chat_type: str, title: str | None) -> None:
    """Record that the bot served `chat_id` now."""
    chat = session.get(KnownChat, chat_id)
    if chat is None:
        session.add(KnownChat(chat_id=chat_id, type=chat_type, title=title or None))
    else:
        chat.last_seen = utcnow()
        chat.type = chat_type
        session.add(chat)


def migrate_chat(session: Session, old_id: int, new_id: int) -> None:
    """A group became a supergroup: move what is stored under the old chat id."""
    old = session.get(KnownChat, old_id)
    if old is None:
        return
    if session.get(KnownChat, new_id) is None:
        session.add(KnownChat(chat_id=new_id, type="supergroup", title=old.title,
                              first_seen=old.first_seen))
    session.delete(old)


def admin_ids(session: Session) -> set[int]:
    """Admins added from the bot."""
    return set(session.exec(select(AdminUser.user_id)))


def add_admin(session: Session, user_id: int, added_by: int) -> bool:
    """Make `user_id` an admin; False if they already were, or it is no Telegram id (64-bit)."""
    if not is_user_id(user_id):
        return False
    if session.get(AdminUser, user_id) is not None:
        return False
    session.add(AdminUser(user_id=user_id, added_by=added_by))
    session.add(AuditEntry(actor=str(added_by), action="admin add", detail=str(user_id)))
    changes.record(session, changes.ADMINS)
    return True


def remove_admin(session: Session, user_id: int, removed_by: int) -> bool:
    """Take admin rights from `user_id`; False if they had none (or it is no Telegram id)."""
    row = session.get(AdminUser, user_id) if is_user_id(user_id) else None
    if row is None:
        return False
    session.delete(row)
    session.add(AuditEntry(actor=str(removed_by), action="admin remove", detail=str(user_id)))
    changes.record(session, changes.ADMINS)
    return True
