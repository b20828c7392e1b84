#!/usr/bin/env bash
# Short fuzz pass over every target, for the test command: builds the targets with
# libFuzzer on stable Rust, runs each for a bounded time from the committed seeds, and fails
# on any crash (a broken property panics), timeout or memory blow-up.
#
#   bash fuzz/run-smoke.sh                 # from the repo root (or anywhere)
#   FUZZ_SECONDS=60 bash fuzz/run-smoke.sh # longer per target
#   FUZZ_TARGETS="segments webhook" bash fuzz/run-smoke.sh
#
# The fuzz workspace builds into its own target dir (fuzz/target, or
# $SMSRULES_FUZZ_TARGET_DIR): its instrumented build shares nothing with the main one.
# Long runs: see fuzz/README.md.
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$fuzz_dir"

seconds="${FUZZ_SECONDS:-15}"
read -r -a targets <<< "${FUZZ_TARGETS:-check_json request_text structured segments fingerprint webhook context_text}"
export CARGO_TARGET_DIR="${SMSRULES_FUZZ_TARGET_DIR:-$fuzz_dir/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

cargo_fuzz_version="0.13.2"
if ! cargo fuzz --version 2>/dev/null | grep -q "$cargo_fuzz_version"; then
    echo "run-smoke: installing cargo-fuzz $cargo_fuzz_version"
    cargo install --locked "cargo-fuzz@$cargo_fuzz_version"
fi

# `--sanitizer none` needs no nightly and runs about five times faster than
# AddressSanitizer; the core has no unsafe code, so the fuzzers look for panics, broken
# properties, hangs and memory growth rather than memory errors (README.md explains how to
# run with AddressSanitizer). Debug assertions and overflow checks stay on (cargo-fuzz's
# default). More codegen units: a quicker build for a short run.
build_flags=(--sanitizer none --codegen-units 16)

started=$SECONDS
cargo fuzz build "${build_flags[@]}"
echo "run-smoke: built in $((SECONDS - started)) s; fuzzing ${#targets[@]} targets for ${seconds} s each"

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="$(mktemp)"
    # corpus/<target> collects new inputs (git-ignored); seeds/<target> is read-only.
    if ! cargo fuzz run "${build_flags[@]}" "$target" "corpus/$target" "seeds/$target" -- \
        -dict=dict \
        -max_total_time="$seconds" \
        -max_len=8192 \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "run-smoke: $target FAILED; the input is in fuzz/artifacts/$target/ (see README.md to reproduce)"
        rm -f "$log"
        exit 1
    fi
    runs="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')"
    rss="$(grep -Eo 'stat::peak_rss_mb: *[0-9]+' "$log" | grep -Eo '[0-9]+$' || echo '?')"
    echo "run-smoke: $target ok: $runs runs in ${seconds} s, peak RSS ${rss} MB"
    rm -f "$log"
done
echo "run-smoke: every target passed in $((SECONDS - started)) s"
