#!/usr/bin/env bash
# Builds the release page and serves it with the example reveal.js deck (examples/deck, with
# reveal.js from npm) at http://127.0.0.1:<port>/deck/, with the headers of dist/_headers. Any
# static host can serve the same two folders; this one is the e2e tests' server.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
trunk build --release --offline --public-url ./
exec node e2e/server.mjs dist --deck "$@"
