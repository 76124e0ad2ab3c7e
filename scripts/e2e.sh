#!/usr/bin/env bash
# End-to-end tests of the app (tests/app/test_e2e.py): `landrelease app` on a free localhost
# port, driven in headless Chromium by Playwright's Python package. The browser is Debian's
# chromium package, never `playwright install`. Screenshots go to test-artifacts/screenshots/.
# Usage: bash scripts/e2e.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update && apt-get install -y chromium
  else
    echo "needs /usr/bin/chromium: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[dev]" 2>&1 \
  | grep -v -E "^WARNING: Location .* is ignored" || true
exec .venv/bin/python -m pytest -m e2e tests/app "$@"
