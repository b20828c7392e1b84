#!/usr/bin/env bash
# `make test-docs`: build the book and check it as a reader gets it.
#   1. the diagrams, the performance page and the chart match bench/RESULTS.md;
#   2. no file of the repository refers outside it, and every book reference resolves;
#   3. mdbook build (mdBook installed from crates.io at the pinned version when missing), with
#      the WebAssembly playground laid out inside it;
#   4. every link and anchor of the built book resolves, and nothing points outside it;
#   5. headless Chromium opens every page: each renders, every diagram loads.
# The generated rule pages and worked examples, the Rust samples (doctests) and the other
# languages' samples run in `cargo test` and each binding's suite.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
MDBOOK_VERSION=0.4.52

step() { printf '\n== docs: %s\n' "$*"; }

step "diagrams and performance page up to date"
python3 diagrams.py --check

step "references stay inside the repository"
python3 check-references.py

step "mdbook $MDBOOK_VERSION"
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ]; then
  start=$(date +%s)
  # Search only: no file watcher, no web server, no extra dependencies.
  cargo install --quiet --locked "mdbook@$MDBOOK_VERSION" --no-default-features --features search
  echo "installed mdbook $MDBOOK_VERSION in $(( $(date +%s) - start )) s"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step "mdbook build"
rm -rf book
mdbook build 2>&1 | grep -v '\[INFO\]' || true
[ -f book/index.html ] || { echo "mdbook build produced no book" >&2; exit 1; }
if mdbook build 2>&1 | grep -E '\[(WARN|ERROR)\]'; then
  echo "mdbook build warned; fix the book" >&2
  exit 1
fi

step "the playground (the WebAssembly package, built or brought up to date) inside the book"
bash ../bindings/wasm/build.sh
bash ../bindings/wasm/playground/assemble.sh book/playground

step "links of the built book"
python3 check-links.py book

step "the book in a browser"
bash browser-check.sh book
