"""Application assembly: wires handlers, rate limiter, error handler and command menus."""

from __future__ import annotations

import asyncio
import logging
import secrets

from telegram import BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
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
from bot.serve import dedup_handler, serve_polling, serve_webhook
from bot.settings import Settings, SettingsError
from handlers import telegram as tg
from handlers.dispatch import Dispatcher
from handlers.ratelimit import RateLimiter, SharedRateLimiter
from knowledge.db import Database, is_sqlite
from knowledge.memory import Memory
from knowledge.ratelimits import RateCounter
from knowledge.updates import UpdateClaims

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


def rate_limiter(settings: Settings, memory: Memory) -> RateLimiter:
    """In memory on SQLite (one process); shared through the database on PostgreSQL, where
    several replicas may serve one bot."""
    if memory.db.sqlite or not settings.rate_limit_per_minute:
        return RateLimiter(settings.rate_limit_per_minute)
    return SharedRateLimiter(settings.rate_limit_per_minute, RateCounter(memory.db).hit)


def build_application(settings: Settings, memory: Memory | None = None) -> Application:
    """The bot's Application (not started): handlers in order, shared state in bot_data."""
    memory = memory or open_memory(settings)
    application = builder(settings).post_init(post_init).post_stop(post_stop).build()
    st = tg.BotState(
        dispatcher=Dispatcher(memory, settings.bot_username, limits=settings.limits),
        admin_ids=settings.admin_ids,
        limiter=rate_limiter(settings, memory),
    )
    st.dispatcher.admins_changed = st.reload_admins
    memory.on_admins = st.reload_admins  # another replica changed them
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


def webhook_secret(settings: Settings) -> str:
    """The webhook's secret token; replicas on PostgreSQL must share a configured one."""
    if settings.webhook_secret:
        return settings.webhook_secret.get_secret_value()
    if not is_sqlite(settings.database_url):
        raise SettingsError(
            "Set ECOBOT_WEBHOOK_SECRET: replicas behind one webhook must share its secret "
            "(each would otherwise generate its own and refuse the others' updates).")
    return secrets.token_urlsafe(32)


def run_bot(settings: Settings, *, webhook_url: str | None = None, listen: str = "127.0.0.1",
            port: int = 8443) -> None:
    """Run until SIGINT/SIGTERM: long polling, or a webhook server (several replicas may serve
    one webhook on PostgreSQL). Raises PollingConflict when another instance polls."""
    secret = webhook_secret(settings) if webhook_url else ""
    application = build_application(settings)
    claims = UpdateClaims(Database(settings.database_url))
    if webhook_url:
        asyncio.run(serve_webhook(application, claims, url=webhook_url, secret=secret,
                                  listen=listen, port=port))
    else:
        application.add_handler(dedup_handler(claims), group=-1)
        asyncio.run(serve_polling(application))
