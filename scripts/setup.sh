#!/usr/bin/env bash
# Set up a development environment from scratch: a virtualenv with ecobot and its dev extras,
# and the Node packages of the end-to-end test server. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"

if [ -f tests/e2e/package-lock.json ]; then
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
  else
    echo "npm not found: the end-to-end tests will be skipped" >&2
  fi
fi
