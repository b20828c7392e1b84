#!/usr/bin/env bash
# Tests of the Node package, from a fresh clone (Node >= 18.17 with npm, and Rust, nothing
# else): install the npm dev dependencies, build the addon with napi-rs, check that the
# committed index.d.ts / index.js are exactly what the build generates, type-check the
# TypeScript usage file, run the Rust unit tests of the binding, then `node --test`.
# Uses the workspace's target/ (or $CARGO_TARGET_DIR). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

echo "== npm ci (bindings/node)"
npm ci --no-audit --no-fund

echo "== napi build"
generated=(index.d.ts index.js)
committed=$(mktemp -d)
trap 'rm -rf "$committed"' EXIT
cp "${generated[@]}" "$committed/"
# Debug profile: the tests check behaviour, and it builds much faster than release.
npm run --silent build:debug

echo "== generated files unchanged"
stale=0
for file in "${generated[@]}"; do
  if ! diff -u "$committed/$file" "$file"; then
    echo "error: $file differs from what 'napi build' generates; commit the regenerated file" >&2
    stale=1
  fi
done
[ "$stale" -eq 0 ]

echo "== tsc --noEmit"
npx tsc --noEmit -p tsconfig.json

echo "== cargo test -p smsrules-node"
cargo test --quiet -p smsrules-node

echo "== node --test"
npm test
