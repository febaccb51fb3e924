#!/usr/bin/env bash
# The one command that runs every test of cognito-srp (README names it; .ci/run calls it).
#
# It installs what it needs, idempotently: rustup targets and components, cargo-deny and
# cargo-fuzz, moto, pycognito, the AWS CLI and boto3 in target/test-env/venv, the Node test
# projects' node_modules (tests/acij, tests/amplify). Then:
# format and lint checks, every workspace test (unit, integration, doc, moto, pycognito, AWS CLI,
# boto3, Node), the no_std builds, the core's known-answer tests as WebAssembly under Node,
# cargo-deny, and each fuzz target for a bounded time. Any failure, including a test peer that cannot be
# installed or started, fails the run.
#
# Environment: FUZZ_SECONDS (default 15) per fuzz target.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
export COGNITO_SRP_REQUIRE_PEERS=1
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
FUZZ_SECONDS=${FUZZ_SECONDS:-15}
# Disk: with full debug info and incremental caches one run wrote 23 GB under target/ (each of
# ~150 test binaries 50-140 MB) and a CI machine ran out of space mid-build; with line tables
# only it was 8.9 GB. No debug info (a failing test still names its file and line: that is the
# panic's location, not debug info; only backtraces lose line numbers) halves the binaries
# again, and incremental caches only help repeated edits, not a one-off run. Set the variables
# to override.
export CARGO_INCREMENTAL=${CARGO_INCREMENTAL:-0}
export CARGO_PROFILE_DEV_DEBUG=${CARGO_PROFILE_DEV_DEBUG:-false}
export CARGO_PROFILE_TEST_DEBUG=${CARGO_PROFILE_TEST_DEBUG:-false}
TEST_ENV="$ROOT/target/test-env"
passed=0
current=""

step() { printf '\n==> %s\n' "$*"; }
# Free space where target/ lives and what target/ holds, printed after every step.
disk() {
    local free used
    free=$(df -Pk . 2>/dev/null | awk 'NR == 2 { printf "%.1f GiB", $4 / 1048576 }') || true
    used=$(du -sk target 2>/dev/null | awk '{ printf "%.1f GiB", $1 / 1048576 }') || true
    printf '    disk: %s free, target/ %s\n' "${free:-?}" "${used:-0 GiB}"
}
die() { printf '\nerror: %s\n' "$*" >&2; exit 1; }
# On any failure (errexit), name the step and print the closing count.
trap 'rc=$?; if [ $rc -ne 0 ]; then printf "\nFAILED step: %s (exit %d)\n" "$current" "$rc"; disk; printf "test.sh: %d passed, 1 failed\n" "$passed"; fi' EXIT
# Steps run under errexit (never in an || context, which would disable it).
run() {
    current=$1; shift; step "$current"
    local start=$SECONDS
    "$@"
    passed=$((passed + 1))
    printf '<== ok: %s (%ds)\n' "$current" $((SECONDS - start))
    disk
}

need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required but not installed"; }

install_tools() {
    need cargo; need rustup; need python3; need node; need npm
    rustup component add rustfmt clippy >/dev/null
    rustup target add thumbv7em-none-eabihf wasm32-unknown-unknown wasm32-wasip1 >/dev/null
    command -v cargo-deny >/dev/null 2>&1 || cargo install --locked cargo-deny
    command -v cargo-fuzz >/dev/null 2>&1 || cargo install --locked cargo-fuzz
    # The benches' OpenSSL baseline links the system libssl (dev-only).
    if ! pkg-config --exists openssl 2>/dev/null; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pkg-config libssl-dev
        else
            die "pkg-config and the OpenSSL headers (libssl-dev) are needed for the benches' baseline"
        fi
    fi
}

# The browser test's tools: Debian's Chromium and ChromeDriver (never a browser a tool
# downloads itself), and wasm-bindgen's test runner at exactly the wasm-bindgen version the
# lockfile has (the runner refuses any other).
install_browser_tools() {
    if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
        else
            die "chromium and chromium-driver (Debian packages) are needed for the browser test"
        fi
    fi
    local version
    version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    [ -n "$version" ] || die "no wasm-bindgen in Cargo.lock"
    if ! wasm-bindgen-test-runner --version 2>/dev/null | grep -q " $version\$"; then
        cargo install wasm-bindgen-cli --version "$version"
    fi
}

# The Cortex-M check's tools: Debian's QEMU (qemu-system-arm, machine mps2-an386) and a C
# compiler for its instruction-counting plugin (benches/cortex-m/plugin).
install_qemu() {
    if ! command -v qemu-system-arm >/dev/null 2>&1; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-system-arm
        else
            die "qemu-system-arm (Debian package) is needed for the Cortex-M check"
        fi
    fi
}

install_peers() {
    mkdir -p "$TEST_ENV"
    # moto pinned: its Cognito behaviour (SECRET_BLOCK form, which USERNAME it accepts) is
    # what the moto tests pin down; a venv with another version is brought to this one.
    # The AWS CLI v1 (PyPI) pinned too; it pins botocore, and boto3 is resolved with it in the
    # same venv (awscli 1.46.3 and moto 5.2.5 both take botocore/boto3 1.44): the AWS CLI and
    # boto3-model tests of the emulator use them.
    local moto_version=5.2.5 awscli_version=1.46.3
    [ -x "$TEST_ENV/venv/bin/python" ] || python3 -m venv "$TEST_ENV/venv"
    if ! "$TEST_ENV/venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('moto') != '$moto_version' or m.version('awscli') != '$awscli_version')" 2>/dev/null \
        || [ ! -x "$TEST_ENV/venv/bin/moto_server" ] || [ ! -x "$TEST_ENV/venv/bin/aws" ]; then
        "$TEST_ENV/venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version" "awscli==$awscli_version" boto3
    fi
    "$TEST_ENV/venv/bin/moto_server" --help >/dev/null || die "moto_server does not run"
    # pycognito pinned: the pycognito peer test (tests/pycognito/run.py) drives its Cognito
    # class (SRP, token verification against the emulator's JWKS, renew, logout).
    local pycognito_version=2024.5.1
    if ! "$TEST_ENV/venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('pycognito') != '$pycognito_version')" 2>/dev/null; then
        "$TEST_ENV/venv/bin/pip" install --quiet --disable-pip-version-check "pycognito==$pycognito_version"
    fi
    "$TEST_ENV/venv/bin/python" -c "import pycognito" || die "pycognito does not import"
    "$TEST_ENV/venv/bin/aws" --version >/dev/null || die "the AWS CLI does not run"
    "$TEST_ENV/venv/bin/python" -c "import boto3, botocore" || die "boto3 is not importable"
    local project
    for project in tests/acij tests/amplify; do
        if [ -f "$project/package.json" ]; then
            (cd "$project" && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --silent; else npm install --no-audit --no-fund --silent; fi)
        fi
    done
}

# The declared MSRV (rust-version in Cargo.toml) is the toolchain this command builds and tests
# with: no older toolchain is installed to check an older claim, so an older rustc fails here
# instead of passing for a version nothing tested.
msrv_check() {
    local declared actual
    declared=$(sed -n 's/^rust-version = "\([0-9.]*\)"$/\1/p' Cargo.toml)
    [ -n "$declared" ] || die "no rust-version in Cargo.toml"
    actual=$(rustc --version | awk '{ print $2 }')
    actual=${actual%%-*}
    echo "rust-version (MSRV) $declared, rustc $actual"
    if [ "$(printf '%s\n%s\n' "$declared" "$actual" | sort -V | head -n 1)" != "$declared" ]; then
        die "rustc $actual is older than the declared rust-version $declared (Cargo.toml): the MSRV would go untested; use rustc $declared or newer, or change rust-version to what is tested"
    fi
}
fmt_check() { cargo fmt --all -- --check; }
# Also the core with its default features: code used only by a feature (the table's products)
# must not be dead code without it.
clippy_all() {
    cargo clippy --workspace --all-targets --all-features -- -D warnings
    cargo clippy -p cognito-srp-core --all-targets -- -D warnings
}
test_all() { cargo test --workspace --all-features; }
# The core ships in other feature sets too: lean by default (no fixed-base table: the generic
# constant-time path), with the server role, and with the table alone. Every known-answer and
# doc test must pass in each, not only with --all-features.
core_features() {
    cargo test -p cognito-srp-core
    cargo test -p cognito-srp-core --features server
    cargo test -p cognito-srp-core --features precomputed-table
    prune_test_binaries
}
# Test executables (target/debug/deps/<name>-<hash>, no extension; ~150 of them, 3 GB) are not
# used again by later steps: removed once run, to keep the run's peak disk use down. rlibs,
# proc-macro .so files and build scripts stay, so nothing is rebuilt; a later `cargo test`
# relinks only.
# On CI only: build output that no later step reads (rustdoc's docs.rs target dir, the wasm
# targets' builds) is removed after its step, to keep the run's peak disk use down; a local
# rerun keeps it and stays incremental.
ci_drop() {
    [ "${CI:-}" = true ] || return 0
    local dir
    for dir in "$@"; do
        if [ -d "$dir" ]; then
            printf 'removed %s (%s), no later step reads it\n' "$dir" "$(du -sh "$dir" | cut -f1)"
            rm -rf "$dir"
        fi
    done
}
prune_test_binaries() {
    local freed
    freed=$(find target/debug/deps -maxdepth 1 -type f -perm -u+x -name '*-*' ! -name '*.*' \
        -printf '%s\n' -delete | awk '{ s += $1 } END { printf "%.1f GiB", s / 1073741824 }')
    echo "removed test executables already run: $freed"
}
# The core and the protocol crate are no_std: they must build for a microcontroller and for
# the browser's WebAssembly target.
nostd_builds() {
    cargo build -p cognito-srp-core --target thumbv7em-none-eabihf
    cargo build -p cognito-srp-core --target thumbv7em-none-eabihf --features server
    cargo build -p cognito-srp-core --target wasm32-unknown-unknown --features server
    cargo build -p cognito-srp-proto --target thumbv7em-none-eabihf
    cargo build -p cognito-srp-proto --target wasm32-unknown-unknown
}
# Size budget: the core's client step as a wasm32 cdylib with default features and
# opt-level "s" (benches/wasm-size) is at most 64 KiB; the figure with the table is printed.
wasm_size() {
    local wasm=benches/wasm-size/target/wasm32-unknown-unknown/release/cognito_srp_wasm_size.wasm size
    (cd benches/wasm-size && cargo build --locked --release --target wasm32-unknown-unknown --features precomputed-table)
    echo "client step with precomputed-table: $(wc -c < "$wasm") bytes"
    (cd benches/wasm-size && cargo build --locked --release --target wasm32-unknown-unknown)
    size=$(wc -c < "$wasm")
    echo "client step, default features: $size bytes (budget 65536)"
    [ "$size" -le 65536 ] || die "the core's wasm32 client step is $size bytes, over its 64 KiB budget"
}
# The core's client step and ConfirmDevice verifier on a Cortex-M4F (thumbv7em-none-eabihf, no
# table) in QEMU's mps2-an386, at opt-level 3 and "s": pass/fail on the known answers (vectors
# and an independent model), with a timeout; prints exact instruction counts (QEMU plugin),
# peak stack and flash size (figures only). See benches/README.md, "Cortex-M4 (QEMU)".
cortex_m_qemu() {
    (cd benches/cortex-m && cargo fmt -- --check && cargo clippy --locked --release --quiet -- -D warnings)
    benches/cortex-m/run.sh
}
# With SIMD (simd128) as the npm package is built (packages/cognito-srp/build.sh), then the
# Montgomery arithmetic again without it (its scalar path, crates/cognito-srp-core/src/mont/wasm.rs).
wasm_kats() {
    CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings $ROOT/scripts/wasi-run.mjs" \
        CARGO_TARGET_WASM32_WASIP1_RUSTFLAGS="-C target-feature=+simd128" \
        cargo test -p cognito-srp-core --target wasm32-wasip1 --features server --lib --tests
    CARGO_TARGET_WASM32_WASIP1_RUNNER="node --no-warnings $ROOT/scripts/wasi-run.mjs" \
        cargo test -p cognito-srp-core --target wasm32-wasip1 --features server --lib mont::
    ci_drop target/wasm32-wasip1
}
# cognito-srp-http compiled to wasm32 and run by wasm-bindgen-test in headless Chromium
# against the emulator running natively on 127.0.0.1 (crates/cognito-srp-http/tests/browser.rs).
browser_test() {
    cargo build -p cognito-srp-http --target wasm32-unknown-unknown
    cargo build -p cognito-srp-cli
    local out="$TEST_ENV/browser-emulator.out" pid port=""
    mkdir -p "$TEST_ENV"
    target/debug/cognito-srp emulator --port 0 --seed crates/cognito-srp-http/tests/browser/seed.json >"$out" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do
        port=$(sed -n 's/^LISTENING \([0-9]*\)$/\1/p' "$out")
        [ -n "$port" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -z "$port" ]; then
        kill "$pid" 2>/dev/null || true
        cat "$out" >&2
        die "the emulator for the browser test did not start"
    fi
    local rc=0
    COGNITO_SRP_BROWSER_ENDPOINT="http://127.0.0.1:$port" CHROMEDRIVER=/usr/bin/chromedriver \
        CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
        WASM_BINDGEN_TEST_TIMEOUT=120 \
        cargo test -p cognito-srp-http --target wasm32-unknown-unknown --test browser || rc=$?
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    return $rc
}
# The npm package (packages/cognito-srp/test.sh): built, tested in Node (ESM and CommonJS)
# against the emulator, installed from its packed tarball (the README example runs there), run
# in headless Chromium, and bundled by webpack 5 for a page run in headless Chromium.
npm_package() {
    cargo build -p cognito-srp-cli
    packages/cognito-srp/test.sh
    ci_drop target/wasm32-unknown-unknown
}
deny() { cargo deny --log-level error check licenses bans sources; }
docs() { RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features; }
# The docs as docs.rs builds them (--cfg docsrs turns on the doc_cfg badges, a nightly-only
# rustdoc feature: RUSTC_BOOTSTRAP lets the stable toolchain build them); no warnings allowed.
docs_rs() {
    RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="--cfg docsrs -D warnings" \
        cargo doc --workspace --no-deps --all-features --target-dir target/docsrs
    ci_drop target/docsrs
}
# Every crate as crates.io would get it: `cargo publish --dry-run` for the workspace packages
# each crate (in dependency order, the unpublished siblings from a local registry); then each
# .crate is unpacked and its own tests (unit, integration, doc) run
# from that directory, the siblings patched to their unpacked packages and the workspace's
# Cargo.lock copied in. The workspace's dev-profile opt-levels are passed as --config so the
# packages are tested as the workspace is (the core's zeroize scan needs its optimised build),
# and the shared target directory reuses the dependencies test_all built.
package_config() {
    python3 - <<'PY'
import tomllib
with open("Cargo.toml", "rb") as f:
    root = tomllib.load(f)
for name, settings in root.get("profile", {}).get("dev", {}).get("package", {}).items():
    for key, value in settings.items():
        print(f'--config=profile.dev.package.{name}.{key}={value!r}'.replace("'", '"'))
PY
}
package_tests() {
    local version crates=(cognito-srp-core cognito-srp-proto cognito-srp-emulator cognito-srp-http cognito-srp-cli)
    version=$(sed -n 's/^version = "\([0-9][0-9.]*\)"$/\1/p' Cargo.toml | head -n 1)
    [ -n "$version" ] || die "no workspace version in Cargo.toml"
    local -a config
    mapfile -t config < <(package_config)
    # --no-verify: the loop below is the verification, and a stronger one (each .crate built with
    # all features and its tests, from its unpacked directory, in dependency order); cargo's own
    # verify would build every package once more.
    rm -rf target/package/tmp-crate # never test a .crate left over from an earlier run
    cargo publish --dry-run --no-verify --locked --workspace --exclude cognito-srp-benches "${config[@]}"
    # Unpacked under target/package-test (excluded from the workspace in Cargo.toml), each
    # crate tested on its own, its siblings (earlier in dependency order) patched in.
    local dir=target/package-test crate
    rm -rf "$dir" && mkdir -p "$dir"
    for crate in "${crates[@]}"; do
        tar -xzf "target/package/tmp-crate/$crate-$version.crate" -C "$dir"
        step "tests of the packaged $crate $version"
        cp Cargo.lock "$dir/$crate-$version/Cargo.lock"
        (cd "$dir/$crate-$version" && CARGO_TARGET_DIR="$ROOT/target" cargo test --all-features "${config[@]}")
        config+=("--config=patch.crates-io.$crate.path=\"$ROOT/$dir/$crate-$version\"")
    done
    prune_test_binaries
}
# The public API against the last release: once a release is tagged (v*), cargo-semver-checks
# compares every published crate with that tag and fails on a breaking change the version
# does not allow. Before the first release there is nothing to compare with, and it says so.
semver_checks() {
    local tag
    tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null || true)
    if [ -z "$tag" ]; then
        echo "no release tag (v*) in this clone yet: no published API to compare with"
        return 0
    fi
    command -v cargo-semver-checks >/dev/null 2>&1 || cargo install --locked cargo-semver-checks
    cargo semver-checks --workspace --exclude cognito-srp-benches --baseline-rev "$tag"
}
fuzz_all() {
    export RUSTC_BOOTSTRAP=1 # cargo-fuzz's flags are nightly-only; the core itself is stable Rust.
    (cd fuzz && cargo fuzz build --sanitizer none)
    local t
    for t in $(cd fuzz && cargo fuzz list); do
        step "fuzz $t for ${FUZZ_SECONDS}s"
        mkdir -p "fuzz/corpus/$t"
        (cd fuzz && cargo fuzz run --sanitizer none "$t" -- \
            -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 2>&1 | tail -n 3)
    done
}

run "install tools" install_tools
run "install QEMU for the Cortex-M check (Debian qemu-system-arm)" install_qemu
run "install test peers (moto, pycognito, AWS CLI, boto3, Node packages)" install_peers
run "install browser test tools (Debian chromium, chromium-driver; wasm-bindgen-cli)" install_browser_tools
run "rustc is at least the declared rust-version (MSRV)" msrv_check
run "cargo fmt --check" fmt_check
run "cargo clippy -D warnings" clippy_all
run "cargo test --workspace" test_all
run "core tests in its other feature sets (lean default, server role, table)" core_features
run "rustdoc -D warnings" docs
run "rustdoc as docs.rs runs it (--cfg docsrs, -D warnings)" docs_rs
run "no_std builds of core and proto (thumbv7em-none-eabihf, wasm32-unknown-unknown)" nostd_builds
run "wasm32 size budget of the core's client step" wasm_size
run "Cortex-M4 client step and device verifier in QEMU (known answers; client step within 100 M instructions and 16 KiB of stack)" cortex_m_qemu
run "core known-answer tests as WebAssembly (wasm32-wasip1 under Node)" wasm_kats
run "http client in headless Chromium (wasm32, wasm-bindgen-test) against the emulator" browser_test
run "npm package cognito-srp (WebAssembly): Node ESM + CommonJS, packed tarball, headless Chromium" npm_package
run "every crate packaged (cargo publish --dry-run) and tested from its unpacked .crate" package_tests
run "public API against the last release tag (cargo-semver-checks)" semver_checks
run "cargo deny check licenses bans sources" deny
run "fuzz targets" fuzz_all

printf '\nAll steps passed in %ds.\ntest.sh: %d passed, 0 failed\n' "$SECONDS" "$passed"
