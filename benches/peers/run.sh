#!/usr/bin/env bash
# Times the peers on the same client step as the criterion benches: pycognito (CPython) and
# amazon-cognito-identity-js (Node). Installs them, pinned, under target/bench-peers/ (a venv
# and a node_modules), checks that each signs the fixture exactly like the core, and times
# them in ROUNDS rounds that alternate core / pycognito / acij, so that the core's median
# (`core_median_ms`) comes from the same stretches of time as the peers' (this shared host's
# speed drifts). Writes target/bench-peers/results/{pycognito,acij}.json.
#
# Environment: ROUNDS (default 5), per round CORE_RUNS (40), PY_RUNS (8), JS_RUNS (3);
# PYTHON (default python3).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
PEERS="$TARGET/bench-peers"
OUT="$PEERS/results"
RAW="$PEERS/raw"
PYCOGNITO_VERSION=2024.5.1
ACIJ_VERSION=6.3.21
mkdir -p "$PEERS" "$OUT"
rm -rf "$RAW" && mkdir -p "$RAW"

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

cargo build -q --release -p cognito-srp-benches --bin bench-table
TABLE="$TARGET/release/bench-table"
"$TABLE" fixture > "$PEERS/fixture.json"
for round in $(seq 1 "${ROUNDS:-5}"); do
    echo "peers: round $round of ${ROUNDS:-5}" >&2
    "$TABLE" core-step "${CORE_RUNS:-40}" > "$RAW/core.$round.json"
    "$PEERS/venv/bin/python" "$ROOT/benches/peers/pycognito_step.py" "$PEERS/fixture.json" "${PY_RUNS:-8}" > "$RAW/pycognito.$round.json"
    NODE_PATH="$PEERS/node/node_modules" node "$ROOT/benches/peers/acij_step.js" "$PEERS/fixture.json" "${JS_RUNS:-3}" > "$RAW/acij.$round.json"
done

# Medians over all rounds; the core's median over the same rounds.
"$PEERS/venv/bin/python" - "$RAW" "$OUT" <<'PY'
import glob, json, os, statistics, sys
raw, out = sys.argv[1], sys.argv[2]
def load(name):
    runs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(raw, f"{name}.*.json")))]
    return runs[0].get("label"), [t for r in runs for t in r["times"]]
_, core = load("core")
core_median = statistics.median(core)
for name in ("pycognito", "acij"):
    label, times = load(name)
    result = {"label": label, "median_ms": statistics.median(times), "runs": len(times),
              "core_median_ms": core_median, "core_runs": len(core), "verified": True}
    json.dump(result, open(os.path.join(out, f"{name}.json"), "w"))
    print(json.dumps(result), file=sys.stderr)
PY
