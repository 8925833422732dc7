#!/usr/bin/env bash
# Fuzzes every parser that reads outside input with cargo-fuzz (libFuzzer), one target after
# another in a single process each: the recipe language, the URL query, the compact `~` link,
# the process messages, CPython's trace files and the duration reader under the first two
# (fuzz/fuzz_targets/).
#   bash scripts/fuzz.sh                 short run, as CI: FUZZ_SECONDS (8) per target
#   bash scripts/fuzz.sh --long          FUZZ_RUNS (1,000,000) executions per target
#   bash scripts/fuzz.sh [--long] link   only the targets named
# Inputs go up to the page's caps (-max_len). Any panic, failed property (a reader slower than
# 50 µs a byte among them), hang (FUZZ_TIMEOUT s for one input) or allocation over 512 MB stops
# the run and fails; libFuzzer leaves the input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

long=0
[ "${1:-}" = "--long" ] && { long=1; shift; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(recipe query link process nanos python_trace)

bash scripts/setup.sh --fuzz
export PATH="$HOME/.cargo/bin:$PATH"
CHANNEL=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

# Cargo from outside the repository: the app's .cargo/config.toml rebuilds std for threads in
# wasm32 (`build-std`, which cargo applies to every build under the repository and no setting
# can take back), and that would add ~100 s to this native build for nothing.
OUTSIDE=$(mktemp -d)
trap 'rm -rf "$OUTSIDE"' EXIT
fuzz() { (cd "$OUTSIDE" && cargo "+$CHANNEL" fuzz "$1" --fuzz-dir "$ROOT/fuzz" "${@:2}"); }

# Sanitizer none: the code under test is safe Rust, so AddressSanitizer could only find what a
# panic already shows, while slowing every execution. Overflow checks and debug assertions
# stay on (cargo-fuzz's default).
fuzz build -s none

if [ "$long" = 1 ]; then
  limit=("-runs=${FUZZ_RUNS:-1000000}")
else
  limit=("-max_total_time=${FUZZ_SECONDS:-8}")
fi
log="$OUTSIDE/fuzz.log"
summary=()
for t in "${targets[@]}"; do
  dict=()
  case $t in
    recipe | link) dict=("-dict=$ROOT/fuzz/dicts/recipe.dict") ;;
    query | process | python_trace) dict=("-dict=$ROOT/fuzz/dicts/$t.dict") ;;
  esac
  # Inputs as long as the page accepts: 8 MB for a trace file, 16 KB for a recipe (and the
  # link and query that carry one, with room for encoding); a process message is ours.
  case $t in
    python_trace) max_len=$((8 * 1024 * 1024)) ;;
    recipe | nanos) max_len=$((16 * 1024)) ;;
    link | query) max_len=$((64 * 1024)) ;;
    *) max_len=4096 ;;
  esac
  mkdir -p "fuzz/corpus/$t"
  # Seeds at the caps, written here rather than committed: libFuzzer rarely grows an input to
  # megabytes by itself, and the per-byte time bound (fuzz_targets/per_byte.rs) matters most
  # there.
  python3 "$ROOT/fuzz/big_seeds.py" "$t" "$max_len" "fuzz/corpus/$t"
  printf '\n\033[1mfuzz: %s\033[0m\n' "$t"
  # Found inputs go to fuzz/corpus/<target> (not committed); fuzz/seeds/<target> is read only.
  if ! fuzz run -s none "$t" "$ROOT/fuzz/corpus/$t" "$ROOT/fuzz/seeds/$t" -- \
      "${limit[@]}" "${dict[@]}" -max_len="$max_len" -timeout="${FUZZ_TIMEOUT:-10}" \
      -rss_limit_mb=4096 -malloc_limit_mb=512 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -n 40 "$log"
    echo "fuzz: $t failed; the input is in fuzz/artifacts/$t/" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
  summary+=("$(printf '%-8s %10s executions in %4s s, 0 failures' "$t" "$runs" "$secs")")
  echo "${summary[-1]}"
done
printf '\n\033[1mfuzz summary\033[0m\n'
printf '%s\n' "${summary[@]}"
