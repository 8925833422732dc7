#!/usr/bin/env bash
# Installs what is missing, then serves Interleave at http://127.0.0.1:8080 with the
# headers a host would send (from Trunk.toml: isolation and the Content Security Policy).
# Extra arguments go to `trunk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
exec trunk serve --offline --release "$@"
