#!/bin/sh
# The JavaScript bench: builds the npm package (packages/cognito-srp/build.sh) and the emulator
# (a dev build; its SRP arithmetic is optimised, see the root Cargo.toml), installs Amplify and
# amazon-cognito-identity-js from package-lock.json, and runs bench.mjs (sign-ins per
# library and round: $1, default 20; rounds: $2, default 3).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
"$root/packages/cognito-srp/build.sh"
(cd "$root" && cargo build --locked -p cognito-srp-cli)
cd "$here"
npm ci --no-audit --no-fund --silent
node bench.mjs "${1:-20}" "${2:-3}"
