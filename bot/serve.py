"""Running the Application: long polling, or a webhook server for replicas behind a proxy.

The webhook server (tornado, which python-telegram-bot's webhooks already need) answers
`POST /telegram` only after the update is handled, under a claim on its id (`knowledge.updates`):
a duplicate is acknowledged and skipped, and an update whose replica dies mid-way is handled by
the retry. `GET /healthz` is for the proxy. SIGTERM stops accepting, finishes the updates in
flight, then exits. Polling stops with a clear message when Telegram answers 409 Conflict
(another instance polls with the same token).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, suppress

from telegram import Update
from telegram.error import Conflict, TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler
from tornado.httpserver import HTTPServer
from tornado.web import Application as WebApp
from tornado.web import RequestHandler

from knowledge.changes import watch
from knowledge.updates import UpdateClaims

log = logging.getLogger(__name__)
IN_FLIGHT = 12  # updates handled at once per replica (each holds one database connection)
DRAIN_SECONDS = 30.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class PollingConflict(RuntimeError):
    """Another instance is polling with this token."""


def dedup_handler(claims: UpdateClaims) -> TypeHandler:
    """A first handler group that skips updates already claimed (polling mode)."""

    async def check(update: Update, context) -> None:
        claimed = await asyncio.to_thread(claims.claim, update.update_id, context.bot.id)
        if not claimed:
            log.info("update %s was handled already: skipped", update.update_id)
            raise ApplicationHandlerStop

    return TypeHandler(Update, check)


class Gate:
    """Updates in flight, their claims, and whether the replica still takes new ones."""

    def __init__(self, application: Application, claims: UpdateClaims, secret: str) -> None:
        self.application = application
        self.claims = claims
        self.secret = secret
        self.stopping = False
        self.in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._slots = asyncio.Semaphore(IN_FLIGHT)
        # claims may wait on another replica's row lock: their own threads, not the loop's
        self._pool = ThreadPoolExecutor(IN_FLIGHT + 4, thread_name_prefix="claim")

    async def handle(self, data: dict) -> None:
        """Handle one update once (returns when it is handled or found handled)."""
        update = Update.de_json(data, self.application.bot)
        loop = asyncio.get_running_loop()
        self.in_flight += 1
        self._idle.clear()
        try:
            async with self._slots:
                claim = await loop.run_in_executor(self._pool, self.claims.open,
                                                   update.update_id, self.application.bot.id)
                try:
                    if claim.claimed:
                        await self.application.process_update(update)
                    else:
                        log.info("update %s was handled already: skipped", update.update_id)
                except BaseException:
                    await loop.run_in_executor(self._pool, claim.release)
                    raise
                await loop.run_in_executor(self._pool, claim.commit)
        finally:
            self.in_flight -= 1
            if not self.in_flight:
                self._idle.set()

    async def drain(self, timeout: float = DRAIN_SECONDS) -> None:
        self.stopping = True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("%d updates still in flight after %.0f s", self.in_flight, timeout)
        self._pool.shutdown(wait=False)


class UpdateRoute(RequestHandler):
    def initialize(self, gate: Gate) -> None:
        self.gate = gate

    async def post(self) -> None:
        gate = self.gate
        if not hmac.compare_digest(self.request.headers.get(SECRET_HEADER, ""), gate.secret):
            self.set_status(403)
            return
        if gate.stopping:
            self.set_status(503)  # the proxy sends it to another replica
            return
        try:
            data = json.loads(self.request.body)
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
        except ValueError:
            self.set_status(400)
            self.write("bad update")
            return
        await self.gate.handle(data)
        self.write("ok")


class HealthRoute(RequestHandler):
    def initialize(self, gate: Gate) -> None:
        self.gate = gate

    def get(self) -> None:
        """200 while taking updates, 503 while draining; the body says how many are in
        flight."""
        if self.gate.stopping:
            self.set_status(503)
        self.write({"status": "stopping" if self.gate.stopping else "ok",
                    "in_flight": self.gate.in_flight})


@asynccontextmanager
async def watching(application: Application) -> AsyncIterator[None]:
    """Apply other replicas' changes (and `ecobot ingest` from a shell) while the block runs."""
    memory = application.bot_data["state"].dispatcher.memory
    task = asyncio.create_task(watch(memory.db.url, memory.catch_up))
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def _stop_event() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def serve_webhook(application: Application, claims: UpdateClaims, *, url: str,
                        secret: str, listen: str, port: int,
                        stop: asyncio.Event | None = None) -> None:
    """Serve `POST /telegram` and `GET /healthz` until SIGTERM/SIGINT (or `stop`), then
    drain."""
    stop = stop or _stop_event()
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        await application.bot.set_webhook(url, secret_token=secret,
                                          allowed_updates=Update.ALL_TYPES)
        gate = Gate(application, claims, secret)
        web = WebApp([(r"/telegram", UpdateRoute, {"gate": gate}),
                      (r"/healthz", HealthRoute, {"gate": gate})])
        server = HTTPServer(web, xheaders=True)
        server.listen(port, listen)
        log.info("webhook server on %s:%d", listen, port)
        async with watching(application):
            await stop.wait()
        server.stop()  # no new connections: the proxy tries the other replicas
        await gate.drain()
        await server.close_all_connections()
        await application.stop()


async def serve_polling(application: Application, stop: asyncio.Event | None = None,
                        **polling: object) -> None:
    """Long polling until SIGTERM/SIGINT (or `stop`); PollingConflict when another instance
    polls."""
    stop = stop or _stop_event()
    conflict: list[TelegramError] = []

    def on_error(exc: TelegramError) -> None:
        if isinstance(exc, Conflict):
            conflict.append(exc)
            stop.set()
        else:
            log.warning("polling: %s", exc)

    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.start()
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES,
                                                error_callback=on_error,
                                                **polling)  # type: ignore[arg-type]
        async with watching(application):
            await stop.wait()
        await application.updater.stop()
        await application.stop()
    if conflict:
        raise PollingConflict(
            "another instance is polling with this bot token (Telegram answered 409 Conflict: "
            f"{conflict[0].message}); stop it, or run the replicas in webhook mode")
