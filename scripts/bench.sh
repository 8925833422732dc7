#!/usr/bin/env bash
# Builds the release page and measures it: in headless Chromium in full (bench/bench.mjs, one
# table, bench/results/bench.json), then its headline figures in Chromium, Firefox and WebKit
# side by side (bench/engines.mjs, bench/results/engines.json), and the costs table in each
# (bench/costs.mjs, bench/results/costs.json), the decks (bench/deck.mjs) and thousands of
# tasks (bench/many.mjs, bench/results/many.json). Figures, not assertions: they
# vary with the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline --public-url ./
node bench/bench.mjs "$@"
node bench/engines.mjs "$@"
node bench/costs.mjs
node bench/deck.mjs "$@"
node bench/many.mjs "$@"
