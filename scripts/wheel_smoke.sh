#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv and use it from another folder, as a user
# without a source checkout would: write the samples, summarise one, serve the app on it
# (and on the samples it generates itself when no country is given), check Streamlit's health
# endpoint. Run by .ci/run after the tests. Usage: bash scripts/wheel_smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-python3}
WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "wheel smoke: building the wheel"
"$PY" -m pip wheel -q --disable-pip-version-check --no-deps -w "$WORK/dist" "$ROOT"
WHEEL=$(ls "$WORK"/dist/landrelease-*.whl)
"$PY" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q --disable-pip-version-check "$WHEEL"
LR="$WORK/venv/bin/landrelease"

mkdir -p "$WORK/elsewhere"
cd "$WORK/elsewhere"       # nothing of the source tree is reachable from here
export XDG_CACHE_HOME="$WORK/cache"
"$LR" --version
"$LR" samples ./s
"$LR" summary ./s/aurelia > "$WORK/summary.txt"; head -3 "$WORK/summary.txt"
"$LR" validate ./s/borealis --brief > /dev/null
# the forecast's compiled kernels work from the installed wheel (numba caches beside them)
"$LR" forecast ./s/cascadia --draws 20 --out ./forecast > /dev/null
test -s ./forecast/forecast_summary.json

free_port() { "$WORK/venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

serve() {  # serve the app with the given arguments; wait until healthy and the page answers
  local port; port=$(free_port)
  "$LR" app "$@" --port "$port" > "$WORK/app.log" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$port/_stcore/health" 2>/dev/null | grep -q ok; then
      curl -fsS "http://127.0.0.1:$port/" | grep -q "<title>" || { echo "no page"; exit 1; }
      echo "wheel smoke: app healthy on port $port ($*)"
      kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
      return 0
    fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then cat "$WORK/app.log"; echo "app exited"; exit 1; fi
    sleep 0.5
  done
  cat "$WORK/app.log"; echo "app not healthy within 60 s"; exit 1
}

serve ./s/aurelia
serve                                          # no country: samples generated into the cache
test -f "$XDG_CACHE_HOME"/landrelease/samples-*/aurelia/country.toml
echo "wheel smoke: passed"
