#!/usr/bin/env bash
# Every check, in the order CI runs them: format, JavaScript syntax, lints (native and wasm32),
# native tests, a short fuzz of every parser, the engine's tests in headless Chromium, a
# release build, and the browser end-to-end tests: the full suite in Debian's Chromium, and
# the cross-engine suite (e2e/engines.test.mjs) in Chromium, Firefox ESR and WebKitGTK.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
step "cargo fmt --check"
cargo fmt --all -- --check
cargo fmt --manifest-path fuzz/Cargo.toml -- --check
step "node --check (every JavaScript file, the app's own and the tests')"
# Nothing else parses the app's hand-written JavaScript before a browser runs it.
git ls-files --cached --others --exclude-standard -- '*.js' '*.mjs' | xargs -n 1 node --check
step "clippy (native)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "clippy (wasm32)"
cargo clippy --workspace --target wasm32-unknown-unknown --quiet -- -D warnings
cargo clippy --target wasm32-unknown-unknown --test engine_web --quiet -- -D warnings
step "native tests (the core crate and the app state)"
cargo test --workspace --quiet
step "fuzz (short run)"
bash scripts/fuzz.sh
step "engine tests in headless Chromium (wasm-bindgen-test)"
# No --quiet: cargo would hand it on to wasm-bindgen-test-runner, which refuses it.
CHROMEDRIVER="$(command -v chromedriver)" cargo test --target wasm32-unknown-unknown --test engine_web
step "release build"
# A relative public URL: the same dist/ works under any path prefix.
trunk build --release --offline --public-url ./
step "browser e2e tests (Chromium; and Chromium, Firefox and WebKit in e2e/engines.test.mjs)"
node --test --test-concurrency=1 e2e/*.test.mjs
