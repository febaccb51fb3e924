#!/bin/sh
# The JavaScript bench: builds the npm package (packages/cognito-srp/build.sh) and the emulator
# (a release build, as one would run it for speed; COGNITO_SRP_BIN picks another binary: the
# dev build's SRP arithmetic is optimised too, but not its HTTP and JSON), installs Amplify,
# amazon-cognito-identity-js and esbuild from package-lock.json, and runs bench.mjs (Node) and
# browser.mjs (the same libraries bundled with esbuild, in headless Chromium: Debian's
# chromium), each with $1 sign-ins per library and round (default 20) and $2 rounds (default 3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
"$root/packages/cognito-srp/build.sh"
if [ -z "${COGNITO_SRP_BIN:-}" ]; then
    (cd "$root" && cargo build --locked --release -p cognito-srp-cli)
    COGNITO_SRP_BIN="$root/target/release/cognito-srp"
    export COGNITO_SRP_BIN
fi
cd "$here"
npm ci --no-audit --no-fund --silent
node bench.mjs "${1:-20}" "${2:-3}"
node browser.mjs "${1:-20}" "${2:-3}"
