#!/usr/bin/env bash
# Long fuzz runs: each target in turn (never two at once), a fixed number of executions
# each, at low CPU priority, then one line per target: executions, wall time, peak RSS.
#
#   bash fuzz/run-long.sh                        # 10 million executions per target
#   FUZZ_RUNS=1000000 FUZZ_TARGETS=webhook bash fuzz/run-long.sh
#   FUZZ_TARGETS="segments check_json" bash fuzz/run-long.sh &   # two at once, one per CPU
#   FUZZ_TARGETS="fingerprint request_text" bash fuzz/run-long.sh &
#   # one target's runs split over two processes sharing its corpus, each with its own log:
#   FUZZ_RUNS=5000000 FUZZ_TARGETS=structured FUZZ_LOG_SUFFIX=.1 bash fuzz/run-long.sh &
#   FUZZ_RUNS=5000000 FUZZ_TARGETS=structured FUZZ_LOG_SUFFIX=.2 bash fuzz/run-long.sh &
#
# The binaries are copied aside before the first run, so edits made while it runs do not
# rebuild what is being fuzzed. Logs: fuzz/logs/<target>.log; crashes: fuzz/artifacts/.
set -euo pipefail

fuzz_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$fuzz_dir"

runs="${FUZZ_RUNS:-10000000}"
read -r -a targets <<< "${FUZZ_TARGETS:-webhook check_json request_text segments fingerprint structured context_text}"
export CARGO_TARGET_DIR="${SMSRULES_FUZZ_TARGET_DIR:-$fuzz_dir/target}"

# Comparison tracing (libFuzzer's value profile for `==` on integers and bytes) costs about
# 3.4 x the executions per second here; the seeds, the dictionary and the corpora kept from
# the smoke runs (built with it) carry the magic values, so long runs trade it for volume.
# FUZZ_TRACE_COMPARES=1 keeps it.
build_flags=(--sanitizer none)
[ "${FUZZ_TRACE_COMPARES:-0}" = 1 ] || build_flags+=(--no-trace-compares)
cargo fuzz build "${build_flags[@]}"
# One copy per invocation: two runs (one per CPU) may go side by side.
frozen="$CARGO_TARGET_DIR/long-run-bin/$$"
mkdir -p "$frozen" logs
for target in "${targets[@]}"; do
    cp "$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release/$target" "$frozen/$target"
done
echo "run-long: binaries of $(git -C "$fuzz_dir" rev-parse --short HEAD) (plus any uncommitted edits), built with ${build_flags[*]}"

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="logs/$target${FUZZ_LOG_SUFFIX:-}.log"
    started=$(date +%s)
    status=0
    nice -n 19 "$frozen/$target" "corpus/$target" "seeds/$target" \
        -artifact_prefix="artifacts/$target/" \
        -dict=dict \
        -runs="$runs" \
        -max_len=8192 \
        -timeout=10 \
        -rss_limit_mb=2048 \
        -print_final_stats=1 >"$log" 2>&1 || status=$?
    seconds=$(($(date +%s) - started))
    stat() { grep -Eo "stat::$1: *[0-9]+" "$log" | grep -Eo '[0-9]+$' || echo '?'; }
    echo "run-long: $target exit=$status executions=$(stat number_of_executed_units) seconds=$seconds" \
        "exec/s=$(stat average_exec_per_sec) peak_rss_mb=$(stat peak_rss_mb) corpus=$(ls "corpus/$target" | wc -l)"
done
