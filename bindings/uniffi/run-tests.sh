#!/usr/bin/env bash
# Builds and tests the Kotlin and Swift bindings (uniffi) from a fresh clone:
#   bash bindings/uniffi/run-tests.sh
# Needs Rust, Java 17 + Maven, and root with Debian's archive reachable (Swift runs in a
# Debian trixie root under the target dir, made on the first run: swift/swift-root.sh);
# fetches crates, Maven artifacts and Debian packages. Respects CARGO_TARGET_DIR (default:
# the workspace's target/); everything generated goes under it. Exits non-zero on failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. "$root/tools/target-dir.sh"
out="$target/uniffi"

case "$(uname -s)" in
  Darwin) library="$target/debug/libsmsrules_uniffi.dylib" ;;
  *) library="$target/debug/libsmsrules_uniffi.so" ;;
esac

step() { printf '\n== uniffi: %s\n' "$*"; }

step "Rust tests of the binding crate"
cargo test -p smsrules-uniffi

step "build the library (-p alone, so the bindgen's features do not unify into it)"
cargo build -p smsrules-uniffi

step "build uniffi-bindgen (its own crate, debug)"
cargo build -p smsrules-uniffi-bindgen

step "generate Kotlin and Swift from the library (library mode)"
rm -rf "$out/kotlin" "$out/swift"
for language in kotlin swift; do
  "$target/debug/uniffi-bindgen" generate "$library" --language "$language" \
    --out-dir "$out/$language" --no-format --metadata-no-deps
done

step "record the Rust core's answers to every conformance vector and hostile case"
cargo run -q -p smsrules --example native_envelopes -- tests "$out/rust-envelopes.json"

step "extract the book's Kotlin and Swift samples (docs/samples.py)"
rm -rf "$out/book-samples"
python3 docs/samples.py kotlin "$out/book-samples/kotlin"
python3 docs/samples.py swift "$out/book-samples/swift"

# Both foreign-language checks run even when the first fails; the exit code reports either.
failed=0
step "Kotlin on the JVM: JUnit 5 through Maven, the library loaded by JNA"
(cd bindings/uniffi/kotlin && mvn -B -ntp test -Dcargo.target.dir="$target" -Dnative.library.dir="$(dirname "$library")") ||
  failed=1

step "Swift: swift build and swift test (XCTest, the book's Swift samples too) in a Debian trixie root with swiftlang"
bash bindings/uniffi/swift/run-swift-tests.sh "$target" "$out/swift" "$library" "$out/rust-envelopes.json" \
  "$out/book-samples/swift/BookSamples.swift" || failed=1

if [ "$failed" -ne 0 ]; then
  step "FAILED (see the Kotlin or Swift output above)"
  exit 1
fi
step "all Kotlin and Swift binding checks passed"
