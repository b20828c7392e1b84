#!/usr/bin/env bash
# The playground in headless Chromium: assemble the page with the built package (build.sh
# first), serve it on 127.0.0.1, and drive it with test/browser.mjs. Installs Debian's
# chromium when missing and puppeteer-core (which downloads no browser) from npm.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
wasm="$(cd "$here/.." && pwd)"
root="$(cd "$wasm/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
site="$target/playground-site"

if ! command -v chromium >/dev/null; then
  echo "== playground: apt-get install chromium"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash "$here/assemble.sh" "$site"

driver="$target/playground-driver"
mkdir -p "$driver"
cp "$here/test/package.json" "$here/test/browser.mjs" "$driver/"
(cd "$driver" && npm install --no-audit --no-fund --silent >/dev/null)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done
node "$driver/browser.mjs" "http://127.0.0.1:$port/index.html" "$target/playground.png"
echo "playground screenshot: $target/playground.png"
