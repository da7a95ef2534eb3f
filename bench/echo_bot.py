"""The load benchmark's baseline: a bot built like ecobot (same builder, concurrency and
flood-limit settings, same HTML replies) whose commands only echo their text — no database,
no resolver. `python -m bench.echo_bot` reads the same ECOBOT_* settings and polls;
`python -m bench.echo_bot run --webhook URL --port N` serves a webhook (python-telegram-bot's
own server, no deduplication) for the replica benchmark."""

from __future__ import annotations

import argparse
import html

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.app import builder
from bot.settings import load_settings


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_html(f"<b>echo</b> {html.escape(message.text)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.echo_bot")
    parser.add_argument("mode", nargs="?", choices=["run"])
    parser.add_argument("--webhook")
    parser.add_argument("--listen", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8443)
    args = parser.parse_args(argv)
    settings = load_settings()
    application = builder(settings).build()
    application.add_handler(MessageHandler(filters.COMMAND, echo))
    if args.webhook:
        secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
        application.run_webhook(listen=args.listen, port=args.port, url_path="telegram",
                                webhook_url=args.webhook, secret_token=secret,
                                allowed_updates=Update.ALL_TYPES)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
