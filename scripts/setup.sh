#!/usr/bin/env bash
# Installs what Interleave needs, and nothing that is already there at the right version.
#   bash scripts/setup.sh          toolchain, trunk, wasm-bindgen-cli, wasm-opt (npm binaryen)
#   bash scripts/setup.sh --test   the same, plus cargo-fuzz and the three engines the tests drive:
#                                  Debian's chromium + chromium-driver, firefox-esr, and
#                                  webkit2gtk-driver (WebKitGTK's MiniBrowser) with xvfb
#   bash scripts/setup.sh --fuzz   only the toolchain and cargo-fuzz (scripts/fuzz.sh)
# Everything comes from package registries (crates.io, npm, Debian); nothing else is fetched.
# A fresh machine takes ~20 minutes (trunk builds from source); a ready one, a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0 want_fuzz=0 only_fuzz=0
case "${1:-}" in
  --test) want_browser=1 want_fuzz=1 ;;
  --fuzz) want_fuzz=1 only_fuzz=1 ;;
esac

TRUNK_VERSION=0.22.1
CARGO_FUZZ_VERSION=0.13.2
CHANNEL=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock, to the patch version.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Debian's browsers for the tests; in the background, as apt is network-bound and cargo is not.
# Each command the tests run, and the package that brings it.
BROWSERS="chromium:chromium chromedriver:chromium-driver firefox-esr:firefox-esr
  WebKitWebDriver:webkit2gtk-driver xvfb-run:xvfb"
apt_pid="" missing=""
if [ "$want_browser" = 1 ]; then
  for pair in $BROWSERS; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing="$missing ${pair#*:}"
  done
fi
if [ -n "$missing" ]; then
  say "installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  # shellcheck disable=SC2086 # one word per package
  ( $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null ) &
  apt_pid=$!
fi

# The pinned nightly with rust-src and wasm32 (RUSTUP_AUTO_INSTALL=0 means cargo won't do it).
if ! rustup run "$CHANNEL" rustc --version >/dev/null 2>&1 \
   || ! rustup target list --installed --toolchain "$CHANNEL" | grep -q wasm32-unknown-unknown \
   || ! rustup component list --installed --toolchain "$CHANNEL" | grep -q rust-src; then
  say "installing Rust $CHANNEL from rust-toolchain.toml"
  rustup toolchain install
fi

# Any cargo-fuzz will do: the fuzz targets' own Cargo.lock pins libFuzzer.
if [ "$want_fuzz" = 1 ] && ! cargo fuzz --version >/dev/null 2>&1; then
  say "building cargo-fuzz $CARGO_FUZZ_VERSION from crates.io (one to two minutes)"
  cargo "+$CHANNEL" install --locked --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
if [ "$only_fuzz" = 1 ]; then
  say "ready: $(cargo fuzz --version)"
  exit 0
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  # Trunk 0.22 needs a newer rustc than stable here, so it is built with the pinned nightly.
  say "building trunk $TRUNK_VERSION from crates.io (about 15 minutes on 2 cores)"
  cargo "+$CHANNEL" install --locked --quiet trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $BINDGEN_VERSION" ]; then
  # Not --locked: its lockfile pins a webpki-roots release that is not on crates.io.
  say "building wasm-bindgen-cli $BINDGEN_VERSION from crates.io (about 4 minutes)"
  cargo "+$CHANNEL" install --quiet wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

# wasm-opt (npm binaryen), terser (scripts/minify-js.mjs), playwright-core (Chromium) and
# puppeteer-core (Firefox), exactly as package-lock.json says.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (binaryen for wasm-opt, terser, playwright-core, puppeteer-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# build-std needs crates that a plain `cargo fetch` skips; fetch them for offline builds.
cargo fetch --target wasm32-unknown-unknown --quiet

if [ -n "$apt_pid" ]; then
  wait "$apt_pid" || { echo "setup: apt-get install$missing failed" >&2; exit 1; }
fi
say "ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | cut -d' ' -f1-3)"
