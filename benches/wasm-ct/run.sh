#!/bin/sh
# The wasm32 constant-time check (src/main.rs): builds this crate for wasm32-wasip1 with
# WebAssembly SIMD (the npm package's build), or without it (`--no-simd`: the scalar path of
# crates/cognito-srp-core/src/mont/wasm.rs), and runs it under Node's WASI
# (scripts/wasi-run.mjs). Arguments after the flag name the checks (all when none);
# CT_SAMPLES (default 100000 per class) and CT_SEED (hex) as in src/main.rs.
#   benches/wasm-ct/run.sh [--no-simd] [mont_mul mont_square mont_pow pow_two pow_comb pow_split]
# Not part of the test run: at 100 000 timings per class the five checks take about 35 minutes.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
flags='"-C", "target-feature=+simd128"'
dir=simd
if [ "${1:-}" = "--no-simd" ]; then
    flags=''
    dir=scalar
    shift
fi
cd "$here"
rustup target add wasm32-wasip1 >/dev/null 2>&1 || true
cargo build --locked --release --target wasm32-wasip1 --target-dir "target/$dir" \
    --config "target.wasm32-wasip1.rustflags = [$flags]"
exec node --no-warnings "$root/scripts/wasi-run.mjs" "target/$dir/wasm32-wasip1/release/cognito-srp-wasm-ct.wasm" "$@"
