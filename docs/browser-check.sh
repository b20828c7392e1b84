#!/usr/bin/env bash
# Opens the built book (docs/book, after `mdbook build`) in headless Chromium as a reader
# would, over a local HTTP server, and fails on a page that does not render (no chapter
# title, mdBook's scripts not run: no table of contents) or an image that does not load
# (every diagram, and at least as many diagrams as the pages that need them hold).
#
#   bash docs/browser-check.sh [BOOK_DIR] [--screenshots DIR]
#
# Installs Debian's chromium when it is missing (apt-get; CI starts from a fresh machine).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
book="$here/book"
shots=""
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshots) shots="$2"; shift 2 ;;
    *) book="$1"; shift ;;
  esac
done
[ -f "$book/index.html" ] || { echo "browser-check: no built book in $book (run mdbook build)" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "browser-check: installing chromium (apt-get)"
  start=$(date +%s)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "browser-check: chromium installed in $(( $(date +%s) - start )) s"
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

cp -r "$book" "$work/book"
# Pages to open, and how many diagrams each must show.
python3 - "$work/book" > "$work/book/__pages.js" <<'PY'
import json, sys
from pathlib import Path
book = Path(sys.argv[1])
# The playground is a page of its own (tested in bindings/wasm/playground), not an mdBook page.
skip = {"404.html", "print.html", "toc.html", "playground/index.html"}
pages = sorted(p.relative_to(book).as_posix() for p in book.rglob("*.html") if p.relative_to(book).as_posix() not in skip)
diagrams = {"resolution.html": 3, "performance.html": 1}
print("window.BOOK_PAGES = " + json.dumps([{"page": p, "diagrams": diagrams.get(p, 0)} for p in pages]) + ";")
PY
cat > "$work/book/__check.html" <<'HTML'
<!doctype html>
<meta charset="utf-8">
<title>RUNNING</title>
<pre id="result"></pre>
<script src="__pages.js"></script>
<script>
const failures = [];
const result = document.getElementById('result');
function load(page) {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    frame.style.width = '1200px';
    frame.style.height = '900px';
    const timer = setTimeout(() => resolve([frame, 'did not load in 20 s']), 20000);
    frame.onload = () => { clearTimeout(timer); resolve([frame, null]); };
    frame.src = page;
    document.body.appendChild(frame);
  });
}
function imagesSettled(doc) {
  const pending = [...doc.images].filter((img) => !img.complete);
  return Promise.all(pending.map((img) => new Promise((r) => { img.onload = img.onerror = r; })));
}
(async () => {
  for (const { page, diagrams } of window.BOOK_PAGES) {
    const [frame, error] = await load(page);
    if (error) { failures.push(`${page}: ${error}`); continue; }
    const doc = frame.contentDocument;
    await imagesSettled(doc);
    const main = doc.querySelector('#content main');
    if (!main) { failures.push(`${page}: no #content main (not an mdBook page)`); frame.remove(); continue; }
    if (!main.querySelector('h1')) failures.push(`${page}: no chapter title (h1)`);
    if (main.innerText.trim().length < 40) failures.push(`${page}: almost empty`);
    const chapters = doc.querySelectorAll('.sidebar .chapter li, mdbook-sidebar-scrollbox .chapter li').length;
    if (chapters < 20) failures.push(`${page}: table of contents has ${chapters} entries (mdBook's scripts did not run?)`);
    const images = [...main.querySelectorAll('img')];
    for (const img of images) {
      if (!img.complete || img.naturalWidth === 0) failures.push(`${page}: image ${img.getAttribute('src')} did not load`);
    }
    const loaded = images.filter((img) => img.naturalWidth > 0).length;
    if (loaded < diagrams) failures.push(`${page}: ${loaded} diagrams shown, ${diagrams} expected`);
    frame.remove();
  }
  result.textContent = `checked ${window.BOOK_PAGES.length} pages\n` + failures.join('\n');
  document.title = failures.length ? 'FAIL' : 'PASS';
})();
</script>
HTML

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server --bind 127.0.0.1 --directory "$work/book" "$port" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" 2>/dev/null; then break; fi
  sleep 0.2
done

chrome=(chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
        --no-first-run --user-data-dir="$work/profile")
dom="$(timeout 600 "${chrome[@]}" --virtual-time-budget=600000 --dump-dom "http://127.0.0.1:$port/__check.html" 2>"$work/chrome.log" || true)"
verdict="$(printf '%s' "$dom" | python3 -c '
import html, re, sys
dom = sys.stdin.read()
title = re.search(r"<title>(.*?)</title>", dom, re.S)
body = re.search(r"<pre id=\"result\">(.*?)</pre>", dom, re.S)
print((title.group(1) if title else "NO ANSWER") + "\n" + (html.unescape(body.group(1)) if body else ""))
')"
echo "$verdict" | sed 's/^/browser-check: /'

if [ -n "$shots" ]; then
  mkdir -p "$shots"
  for page in introduction.html resolution.html rules/PATHWAY_SETTING_WITHOUT_PATHWAY.html performance.html getting-started/python.html; do
    name="$(echo "$page" | tr '/' '_' | sed 's/\.html$//')"
    timeout 120 "${chrome[@]}" --window-size=1280,2200 --virtual-time-budget=5000 \
      --screenshot="$shots/$name.png" "http://127.0.0.1:$port/$page" 2>>"$work/chrome.log" >/dev/null || true
  done
  echo "browser-check: screenshots in $shots"
fi

[ "$(echo "$verdict" | head -n 1)" = "PASS" ]
