#!/usr/bin/env bash
# One command: set up from scratch and run the whole test suite (SQLite always; PostgreSQL too
# when ECOBOT_TEST_POSTGRES_URL is set or a server answers on 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

if [ -z "${ECOBOT_TEST_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 \
   && pg_isready -q -h 127.0.0.1 -p 5432; then
  export ECOBOT_TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
fi

.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
