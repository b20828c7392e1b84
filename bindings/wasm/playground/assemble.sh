#!/usr/bin/env bash
# Lay out the playground as a static site in DIR (the page, and the built package under
# smsrules/): bash bindings/wasm/playground/assemble.sh DIR. Run build.sh first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wasm="$(cd "$here/.." && pwd)"
site="${1:?usage: assemble.sh DIR}"
[ -f "$wasm/pkg/smsrules_wasm_bg.wasm" ] || { echo "assemble.sh: build the package first (bindings/wasm/build.sh)" >&2; exit 1; }
rm -rf "$site"
mkdir -p "$site/smsrules/js" "$site/smsrules/pkg"
cp "$here/index.html" "$here/playground.css" "$here/playground.js" "$here/favicon.svg" "$site/"
cp "$wasm/js/api.js" "$wasm/js/web.js" "$site/smsrules/js/"
cp "$wasm/pkg/smsrules_wasm.js" "$wasm/pkg/smsrules_wasm_bg.wasm" "$site/smsrules/pkg/"
