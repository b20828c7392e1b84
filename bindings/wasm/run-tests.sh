#!/usr/bin/env bash
# Build the WebAssembly package and test it (run by `make test`):
#   bash bindings/wasm/run-tests.sh
# 1. build.sh (the .wasm and its JS glue, size report), then tsc on test/types/usage.ts;
# 2. the native core's answers to every conformance vector and hostile case;
# 3. node --test: the vectors and the catalogue byte for byte, the API; the book's samples;
# 4. the playground in headless Chromium (Debian's `chromium`, installed when missing).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/tools/target-dir.sh"

bash "$here/build.sh"

echo "== wasm: the TypeScript types (tsc --noEmit, strict; the Node package's TypeScript)"
tsc="$root/bindings/node/node_modules/.bin/tsc"
[ -x "$tsc" ] || (cd "$root/bindings/node" && npm ci --no-audit --no-fund --silent)
"$tsc" -p "$here/test/types/tsconfig.json"

echo "== wasm: the native core's answers"
answers="$target/wasm-native-envelopes.json"
cargo run -q -p smsrules --example native_envelopes -- "$root/tests" "$answers"

echo "== wasm: node --test"
cd "$here"
SMSRULES_NATIVE_ENVELOPES="$answers" node --test test/

echo "== wasm: the book's samples (docs/src, mjs blocks), importing the package by name"
samples="$target/wasm-book-samples"
rm -rf "$samples" && mkdir -p "$samples/node_modules"
python3 "$root/docs/samples.py" mjs "$samples"
ln -s "$here" "$samples/node_modules/smsrules-wasm"
for sample in "$samples"/*.mjs; do
  node "$sample" || { echo "book sample failed: $(head -n 1 "$sample")" >&2; exit 1; }
done
echo "$(ls "$samples"/*.mjs | wc -l) passed, 0 failed"

echo "== wasm: the playground in headless Chromium"
bash "$here/playground/run-browser-test.sh"
