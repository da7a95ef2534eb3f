"""Application assembly: wires handlers, rate limiter, error handler and command menus."""

from __future__ import annotations

import logging
import secrets

from telegram import BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.delivery import Delivery, DeliveryConfig
from bot.runtime import open_memory
from bot.settings import Settings
from handlers import telegram as tg
from handlers.dispatch import Dispatcher
from handlers.ratelimit import RateLimiter
from knowledge.memory import Memory

log = logging.getLogger(__name__)


async def post_init(application: Application) -> None:
    """Learn our username, load stored admins, publish the command menus per scope."""
    st: tg.BotState = application.bot_data["state"]
    st.dispatcher.bot_username = application.bot.username
    st.reload_admins()
    st.menus_pending.clear()  # every admin's menu is set just below
    st.dispatcher.memory.index  # build the resolver index before the first update  # noqa: B018
    users = tg.menu(admin=False)
    await application.bot.set_my_commands(users, scope=BotCommandScopeAllPrivateChats())
    await application.bot.set_my_commands(users, scope=BotCommandScopeAllGroupChats())
    for admin_id in sorted(st.admin_ids | st.db_admins):
        await tg.set_menu(application.bot, admin_id, admin=True)
    delivery: Delivery = application.bot_data["delivery"]
    delivery.start()


async def post_stop(application: Application) -> None:
    """Stop delivering /follow news (a claim in flight finishes first)."""
    await application.bot_data["delivery"].stop()


def builder(settings: Settings) -> ApplicationBuilder:
    """The Application's connection settings: token, API server, concurrency, flood limits."""
    built = (
        ApplicationBuilder()
        .token(settings.require_token())
        .base_url(settings.api_base_url)
        .base_file_url(settings.api_file_url)
        .concurrent_updates(True)
    )
    return built.rate_limiter(AIORateLimiter(max_retries=2)) if settings.flood_limits else built


def build_application(settings: Settings, memory: Memory | None = None) -> Application:
    """The bot's Application (not started): handlers in order, shared state in bot_data."""
    memory = memory or open_memory(settings)
    application = builder(settings).post_init(post_init).post_stop(post_stop).build()
    st = tg.BotState(
        dispatcher=Dispatcher(memory, settings.bot_username, limits=settings.limits),
        admin_ids=settings.admin_ids,
        limiter=RateLimiter(settings.rate_limit_per_minute),
    )
    st.dispatcher.admins_changed = st.reload_admins
    application.bot_data["state"] = st
    application.bot_data["delivery"] = Delivery(application.bot, memory,
                                                DeliveryConfig.of(settings))
    not_edited = ~filters.UpdateType.EDITED
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, tg.on_migrate), group=0)
    application.add_handler(MessageHandler(filters.COMMAND & not_edited, tg.on_command), group=1)
    application.add_handler(MessageHandler(
        filters.TEXT & ~filters.COMMAND & (filters.ChatType.PRIVATE | filters.ChatType.GROUPS)
        & not_edited, tg.on_text), group=1)
    application.add_handler(MessageHandler(filters.Document.ALL & filters.ChatType.PRIVATE
                                           & not_edited, tg.on_document), group=1)
    application.add_handler(CallbackQueryHandler(tg.on_button), group=1)
    application.add_handler(InlineQueryHandler(tg.on_inline), group=1)
    application.add_error_handler(tg.on_error)
    return application


def run_bot(settings: Settings, *, webhook_url: str | None = None, listen: str = "127.0.0.1",
            port: int = 8443) -> None:
    """Run until SIGINT/SIGTERM: long polling, or PTB's webhook server with a secret token."""
    application = build_application(settings)
    if webhook_url:
        secret = (settings.webhook_secret.get_secret_value() if settings.webhook_secret
                  else secrets.token_urlsafe(32))
        application.run_webhook(listen=listen, port=port, url_path="telegram",
                                webhook_url=webhook_url, secret_token=secret,
                                allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
