"""Telegram-facing code: parse updates, call the command layer, send what it renders."""
