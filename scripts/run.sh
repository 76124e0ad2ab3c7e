#!/usr/bin/env bash
# Set up a venv (if needed), then open the landrelease app on a sample country at
# http://127.0.0.1:8501 (local only; no request leaves the machine). Stop it with Ctrl+C.
# Usage: bash scripts/run.sh [COUNTRY_DIR] [--port N]   (default: sample_countries/aurelia)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e . 2>&1 \
  | grep -v -E "^WARNING: Location .* is ignored" || true
country="sample_countries/aurelia"
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then country="$1"; shift; fi
exec .venv/bin/landrelease app "$country" "$@"
