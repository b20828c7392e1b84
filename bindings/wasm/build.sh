#!/usr/bin/env bash
# Build the WebAssembly package into bindings/wasm/pkg (and report its size):
#   bash bindings/wasm/build.sh
# Needs the wasm32-unknown-unknown target (added with rustup when missing) and
# wasm-bindgen-cli at exactly the wasm-bindgen crate's version (installed from crates.io
# into the target dir when missing). Respects CARGO_TARGET_DIR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/tools/target-dir.sh"
version="$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$here/Cargo.toml")"
tools="$target/wasm-tools"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "== wasm: rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
if [ "$("$tools/bin/wasm-bindgen" --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
  echo "== wasm: cargo install wasm-bindgen-cli@$version"
  # Not --locked: its lock file names a crate version the registry here does not serve.
  cargo install -q wasm-bindgen-cli@"$version" --root "$tools"
fi

echo "== wasm: cargo build (profile wasm-release)"
cargo build -q -p smsrules-wasm --lib --target wasm32-unknown-unknown --profile wasm-release
rm -rf "$here/pkg"
"$tools/bin/wasm-bindgen" "$target/wasm32-unknown-unknown/wasm-release/smsrules_wasm.wasm" \
  --target web --out-dir "$here/pkg" --no-typescript
# The data types are the native Node package's (generated there from the Rust types): the
# same values are typed the same way in both packages.
grep -v -e '^export declare function' -e '^export declare const' "$here/../node/index.d.ts" >"$here/types.d.ts"
wasm="$here/pkg/smsrules_wasm_bg.wasm"
raw=$(stat -c %s "$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
printf 'wasm: %s bytes raw, %s bytes gzipped (%s)\n' "$raw" "$gz" "$wasm"
