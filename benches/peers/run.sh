#!/usr/bin/env bash
# Times the peers on the same client step as the criterion benches: pycognito (CPython) and
# amazon-cognito-identity-js (Node). Installs them, pinned, under target/bench-peers/ (a venv
# and a node_modules), checks that each signs the fixture exactly like the core, and writes
# target/bench-peers/results/{pycognito,acij}.json with the median of RUNS steps.
#
# Environment: PY_RUNS (default 40), JS_RUNS (default 15), PYTHON (default python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PEERS="$TARGET/bench-peers"
OUT="$PEERS/results"
PYCOGNITO_VERSION=2024.5.1
ACIJ_VERSION=6.3.21
mkdir -p "$PEERS" "$OUT"

if [ ! -x "$PEERS/venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$PEERS/venv"
fi
if ! "$PEERS/venv/bin/python" -c "import pycognito" 2>/dev/null; then
    "$PEERS/venv/bin/pip" install -q "pycognito==$PYCOGNITO_VERSION"
fi
if [ ! -d "$PEERS/node/node_modules/amazon-cognito-identity-js" ]; then
    mkdir -p "$PEERS/node"
    (cd "$PEERS/node" && { [ -f package.json ] || npm init -y >/dev/null; } \
        && npm install --silent --no-audit --no-fund "amazon-cognito-identity-js@$ACIJ_VERSION")
fi

cargo run -q --release -p cognito-srp-benches --bin bench-table -- fixture > "$PEERS/fixture.json"
echo "pycognito: ${PY_RUNS:-40} runs" >&2
"$PEERS/venv/bin/python" "$ROOT/benches/peers/pycognito_step.py" "$PEERS/fixture.json" "${PY_RUNS:-40}" > "$OUT/pycognito.json"
echo "amazon-cognito-identity-js: ${JS_RUNS:-15} runs" >&2
NODE_PATH="$PEERS/node/node_modules" node "$ROOT/benches/peers/acij_step.js" "$PEERS/fixture.json" "${JS_RUNS:-15}" > "$OUT/acij.json"
cat "$OUT/pycognito.json" "$OUT/acij.json" >&2
