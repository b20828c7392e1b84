#!/usr/bin/env bash
# The Kotlin (JVM) traffic benchmark (README.md beside this file):
#   bash bench/kotlin/run.sh [--rounds N] [--limit N] [--warmup N] [--out FILE.md]
# Builds the uniffi library in release, generates its Kotlin (library mode, as
# bindings/uniffi/run-tests.sh does, from the release library), compiles the timing program
# with Maven and runs it with JNA loading the release library. Needs Rust, Java 17 + Maven and
# python3 (to write the corpus when it is absent); fetches Maven artifacts on the first run.
# Respects CARGO_TARGET_DIR (default: the workspace's target/); everything generated goes
# under it, in uniffi-bench/. BENCH_JAVA_OPTS replaces the JVM options (default: a fixed 2 GiB heap).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/tools/target-dir.sh"
out="$target/uniffi-bench"
corpus="$root/bench/corpus/traffic.jsonl"

case "$(uname -s)" in
  Darwin) library="$target/release/libsmsrules_uniffi.dylib" ;;
  *) library="$target/release/libsmsrules_uniffi.so" ;;
esac

step() { printf '== kotlin bench: %s\n' "$*" >&2; }

if [ ! -f "$corpus" ]; then
  step "write the traffic corpus (bench/corpus/traffic.py)"
  (cd "$root" && python3 bench/corpus/traffic.py)
fi

step "build the library in release (-p alone, so the bindgen's features do not unify into it)"
(cd "$root" && cargo build --release -p smsrules-uniffi)

step "build uniffi-bindgen (its own crate, debug)"
(cd "$root" && cargo build -p smsrules-uniffi-bindgen)

step "generate Kotlin from the release library (library mode)"
rm -rf "$out/kotlin"
"$target/debug/uniffi-bindgen" generate "$library" --language kotlin \
  --out-dir "$out/kotlin" --no-format --metadata-no-deps >&2

step "compile the timing program (Maven)"
mvn -B -ntp -q -f "$here/pom.xml" compile -Dcargo.target.dir="$target" >&2

step "run (JNA loads $library)"
# From the caller's directory, so a relative --out lands where they expect.
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of options
exec java ${BENCH_JAVA_OPTS:--Xms2g -Xmx2g} \
  -Djna.library.path="$(dirname "$library")" \
  -cp "$out/maven/classes:$(cat "$out/maven/classpath.txt")" \
  smsrules.bench.TrafficKt --corpus "$corpus" --context-schema "$root/bench/corpus/context.schema.json" "$@"
