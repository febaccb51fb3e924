#!/bin/sh
# Builds the npm package into dist/ from crates/cognito-srp-wasm:
#   cargo (wasm32-unknown-unknown, profile wasm-release: opt-level "z", fat LTO, abort on panic)
#   wasm-bindgen for Node (CommonJS, with an ESM wrapper), bundlers and plain browsers (web),
#   wasm-opt -Oz from npm's binaryen (a devDependency, pinned by package-lock.json: `npm ci`
#   installs it here when node_modules lacks that version). Debian's binaryen is too old to
#   parse what rustc emits, so a wasm-opt on PATH is used only when npm cannot be run;
#   without any wasm-opt the package is about 36 KB larger and works the same.
# --table builds with the core's fixed-base table (faster g^a, about 0.6 MiB more .wasm).
# wasm-bindgen-cli must be the lockfile's wasm-bindgen version (scripts/test.sh installs it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
features=""
if [ "${1:-}" = "--table" ]; then
    features="--features precomputed-table"
fi
cd "$root"
# Flags for this build only (RUSTFLAGS, when set, replaces them):
# - WebAssembly SIMD (simd128: Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+): the core's
#   Montgomery products two at a time (crates/cognito-srp-core/src/mont/wasm.rs);
# - sha2's compact software SHA-256 (documented `sha2_backend_soft` cfg): about 7 KB less
#   .wasm than the unrolled rounds, for a few dozen SHA-256 blocks per sign-in;
# - the registry's absolute paths in panic locations shortened to `crate-version/src/...`.
flags='"-C", "target-feature=+simd128", "--cfg", "sha2_backend_soft=\"compact\""'
for dir in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
    if [ -d "$dir" ]; then flags="$flags, \"--remap-path-prefix=$dir=\""; fi
done
# shellcheck disable=SC2086
cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p cognito-srp-wasm $features \
    --config "target.wasm32-unknown-unknown.rustflags = [$flags]"
wasm="$root/target/wasm32-unknown-unknown/wasm-release/cognito_srp_wasm.wasm"

dist="$here/dist"
rm -rf "$dist"
mkdir -p "$dist"

input="$wasm"
# binaryen at the lockfile's version in node_modules (npm ci installs exactly the lockfile).
if command -v npm >/dev/null 2>&1; then
    want=$(sed -n '/"node_modules\/binaryen"/,/}/s/.*"version": "\([^"]*\)".*/\1/p' "$here/package-lock.json")
    have=$(sed -n 's/^  "version": "\([^"]*\)".*/\1/p' "$here/node_modules/binaryen/package.json" 2>/dev/null || true)
    if [ "$want" != "$have" ]; then
        (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
    fi
fi
opt=""
if [ -x "$here/node_modules/.bin/wasm-opt" ]; then
    opt="$here/node_modules/.bin/wasm-opt"
elif command -v wasm-opt >/dev/null 2>&1; then
    opt=wasm-opt
fi
for target in nodejs bundler web; do
    wasm-bindgen --remove-name-section --remove-producers-section --target "$target" --out-dir "$dist/$target" --out-name cognito_srp "$input"
done
# The error classes (crates/cognito-srp-wasm/js/errors.js, a snippet the glue imports) are
# exported by every entry point; Node's CommonJS build gets the snippet as CommonJS.
classes="CognitoError CognitoServiceError CognitoTransportError CognitoProtocolError"
class_list=$(echo "$classes" | sed 's/ /, /g')
snippet=$(cd "$dist/web" && find snippets -name errors.js)
for target in bundler web; do
    printf 'export { %s } from "./%s";\n' "$class_list" "$snippet" >> "$dist/$target/cognito_srp.js"
done
{
    sed 's/^export //' "$dist/nodejs/$snippet"
    printf 'module.exports = { makeError, %s };\n' "$class_list"
} > "$dist/nodejs/$snippet.cjs"
mv "$dist/nodejs/$snippet.cjs" "$dist/nodejs/$snippet"
for class in $classes; do
    printf 'exports.%s = require(String.raw`./%s`).%s;\n' "$class" "$snippet" "$class" >> "$dist/nodejs/cognito_srp.js"
done
# The three targets' .wasm files are the same bytes: optimise one, copy it.
if [ -n "$opt" ]; then
    "$opt" -Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-mutable-globals --enable-reference-types --enable-multivalue \
        "$dist/nodejs/cognito_srp_bg.wasm" -o "$dist/nodejs/cognito_srp_bg.wasm"
    cp "$dist/nodejs/cognito_srp_bg.wasm" "$dist/bundler/cognito_srp_bg.wasm"
    cp "$dist/nodejs/cognito_srp_bg.wasm" "$dist/web/cognito_srp_bg.wasm"
fi
# bundler and web are ES modules; nodejs is CommonJS (the package's own type).
printf '{ "type": "module" }\n' > "$dist/bundler/package.json"
printf '{ "type": "module" }\n' > "$dist/web/package.json"
# Node's ESM entry point re-exports the CommonJS module, so `import` and `require` share one
# instance (one .wasm in memory, and classes that compare equal).
cat > "$dist/node.mjs" <<'JS'
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const wasm = require("./nodejs/cognito_srp.js");
export const {
  UserPool, SignInStep, CognitoError, CognitoServiceError, CognitoTransportError, CognitoProtocolError,
} = wasm;
export default wasm;
JS
cp "$dist/nodejs/cognito_srp.d.ts" "$dist/node.d.mts"
echo "built $dist: $(wc -c < "$dist/nodejs/cognito_srp_bg.wasm") bytes of .wasm${opt:+ (wasm-opt -Oz)}${features:+ with the fixed-base table}"
