#!/usr/bin/env bash
# The one command for the performance table: criterion benches of the core and the Rust
# baselines (num-bigint, OpenSSL constant-time) in one run, an interleaved run of ours against
# the baselines (benches/paired.rs: the target ratios), then the peers (pycognito,
# amazon-cognito-identity-js), then the table with ratios and targets (exit 2 if a target
# is missed). The headline ratio and its target compare the same work: OpenSSL and
# num-bigint with the core's exponent widths (256-bit a: g^a 256 bits, g^x 256, B^(a+ux)
# 513); the 1024-bit rows are context. One Montgomery multiplication and squaring are
# compared with OpenSSL's BN_mod_mul_montgomery. Last, the emulator's load test
# (cognito-srp-http's load_test example: 500 sign-ins, 50 in flight, client and in-process
# emulator) and the same with the server's crypto stubbed (a build of its own under
# target/stub, --cfg cognito_srp_bench_stub_crypto), in turn, BENCH_LOAD_ROUNDS times
# (default 2): the 500 sign-ins/s target and how close it is to the stubbed limit.
# Criterion's own reports stay in target/criterion/.
#
# Usage: benches/run.sh [extra criterion args, e.g. --sample-size 50]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
cd "$ROOT"

echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(uname -sr)" >&2
echo "toolchain: $(rustc --version); $(openssl version 2>/dev/null || echo 'openssl cli absent')" >&2

cargo bench -p cognito-srp-benches --bench core -- "$@" >&2
# Ours and the baselines alternating call by call: the ratios the targets are about.
cargo bench -p cognito-srp-benches --bench paired >&2
"$ROOT/benches/peers/run.sh"

# The load test, real and stubbed in turn (LOAD_SIGN_INS and LOAD_CONCURRENCY are the issue's
# 500 and 50 unless set; the table says when they differ).
cargo build -q --release -p cognito-srp-http --example load_test >&2
RUSTFLAGS="--cfg cognito_srp_bench_stub_crypto" CARGO_TARGET_DIR="$TARGET/stub" \
    cargo build -q --release -p cognito-srp-http --example load_test >&2
load="$TARGET/bench-load"
rm -rf "$load"
mkdir -p "$load"
for round in $(seq 1 "${BENCH_LOAD_ROUNDS:-2}"); do
    LOAD_JSON="$load/real-$round.json" "$TARGET/release/examples/load_test" >&2
    LOAD_JSON="$load/stub-$round.json" "$TARGET/stub/release/examples/load_test" >&2
done
cargo run -q --release -p cognito-srp-benches --bin bench-table -- \
    table "$TARGET/criterion" "$TARGET/bench-peers/results" "$TARGET/bench-paired.json" "$load"
