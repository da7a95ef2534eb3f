#!/usr/bin/env bash
# One command: set up from scratch and run the bot on its embedded default (SQLite file
# ./ecobot.db, demo articles loaded into an empty database). With ECOBOT_TOKEN in .env it runs
# on Telegram; without, the same bot talks to you in this terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/ecobot start "$@"
