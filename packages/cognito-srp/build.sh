#!/bin/sh
# Builds the npm package into dist/ from crates/cognito-srp-wasm:
#   cargo (wasm32-unknown-unknown, profile wasm-release: opt-level "z", fat LTO, abort on panic)
#   wasm-bindgen for Node (CommonJS, with an ESM wrapper), bundlers and plain browsers (web),
#   wasm-opt -Oz when binaryen's wasm-opt is installed (npm's binaryen in node_modules, or on
#   PATH); without it the package is a little larger and works the same.
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
# shellcheck disable=SC2086
cargo build --locked --profile wasm-release --target wasm32-unknown-unknown -p cognito-srp-wasm $features
wasm="$root/target/wasm32-unknown-unknown/wasm-release/cognito_srp_wasm.wasm"

dist="$here/dist"
rm -rf "$dist"
mkdir -p "$dist"

input="$wasm"
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
snippet=$(cd "$dist/web" && find snippets -name errors.js)
for target in bundler web; do
    printf 'export { %s } from "./%s";\n' "$(echo "$classes" | sed 's/ /, /g')" "$snippet" >> "$dist/$target/cognito_srp.js"
done
{
    sed 's/^export //' "$dist/nodejs/$snippet"
    printf 'module.exports = { makeError, %s };\n' "$(echo "$classes" | sed 's/ /, /g')"
} > "$dist/nodejs/$snippet.cjs"
mv "$dist/nodejs/$snippet.cjs" "$dist/nodejs/$snippet"
for class in $classes; do
    printf 'exports.%s = require(String.raw`./%s`).%s;\n' "$class" "$snippet" "$class" >> "$dist/nodejs/cognito_srp.js"
done
# The three targets' .wasm files are the same bytes: optimise one, copy it.
if [ -n "$opt" ]; then
    "$opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
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
