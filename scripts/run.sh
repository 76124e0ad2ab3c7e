#!/usr/bin/env bash
# Set up a venv (if needed), then show the remaining challenge of a sample country.
# Usage: bash scripts/run.sh [COUNTRY_DIR]   (default: sample_countries/aurelia)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e . 2>&1 \
  | grep -v -E "^WARNING: Location .* is ignored" || true
.venv/bin/landrelease summary "${1:-sample_countries/aurelia}"
