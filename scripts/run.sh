#!/usr/bin/env bash
# Set up a venv (if needed), then show a sample country's remaining challenge and compare its
# scenarios' projections against the Article 5 deadline.
# Usage: bash scripts/run.sh [COUNTRY_DIR]   (default: sample_countries/aurelia)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e . 2>&1 \
  | grep -v -E "^WARNING: Location .* is ignored" || true
country="${1:-sample_countries/aurelia}"
.venv/bin/landrelease summary "$country"
echo
.venv/bin/landrelease compare "$country" --scenario baseline --scenario funding_cut --scenario surge
