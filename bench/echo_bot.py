"""The load benchmark's baseline: a bot built like ecobot (same builder, concurrency and
flood-limit settings, same HTML replies) whose commands only echo their text — no database,
no resolver. `python -m bench.echo_bot` reads the same ECOBOT_* settings."""

from __future__ import annotations

import html

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from bot.app import builder
from bot.settings import load_settings


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None and message.text:
        await message.reply_html(f"<b>echo</b> {html.escape(message.text)}")


def main() -> None:
    application = builder(load_settings()).build()
    application.add_handler(MessageHandler(filters.COMMAND, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
