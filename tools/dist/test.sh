#!/usr/bin/env bash
# Install every artifact of dist/ into a fresh consumer outside the repository and use it,
# as its users would (run by `make test` after `make dist`):
#   python: venvs on Python 3.9 and 3.13 install the manylinux2014 wheel and run the README
#           example; a third venv builds and installs the sdist from source
#   npm:    a fresh project installs the tarballs; require, import and tsc (node16, bundler)
#   maven:  a consumer project depending on smsrules-kotlin runs a JUnit check, no properties
#   crates: the unpacked smsrules .crate passes its own tests
#   bash tools/dist/test.sh [python|npm|maven|crates ...]   (default: all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/target-dir.sh"
dist="$root/dist"
version="$(python3 -c 'import tomllib; print(tomllib.load(open("'"$root"'/Cargo.toml", "rb"))["workspace"]["package"]["version"])')"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(python npm maven crates)
step() { printf '\n== dist test: %s\n' "$*"; }

python_for() {
  # pyenv's interpreters when present, else one on PATH.
  local v="$1" candidate
  for candidate in "$HOME/.pyenv/versions/$v"*/bin/python3 "$(command -v "python$v" || true)"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "dist test: no Python $v on this machine" >&2
  return 1
}

python_test() {
  # The Python README's first example, exactly as a reader would copy it.
  local example="$work/readme_example.py"
  python3 - "$root/bindings/python/README.md" "$example" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
block = re.search(r"```python\n(.*?)```", text, re.S)
open(sys.argv[2], "w", encoding="utf-8").write(block.group(1) + "\nprint('README example: ok')\n")
PY
  local wheel
  wheel="$(ls "$dist"/python/smsrules-"$version"-cp39-abi3-manylinux2014_x86_64*.whl)"
  for v in 3.9 3.13; do
    step "Python $v: the manylinux2014 wheel in a fresh venv"
    "$(python_for "$v")" -m venv "$work/py$v"
    "$work/py$v/bin/pip" install -q --disable-pip-version-check --no-index "$wheel"
    (cd "$work" && "$work/py$v/bin/python" "$example")
  done
  step "the sdist, built from source with cargo in a fresh venv"
  python3 -m venv "$work/py-sdist"
  CARGO_TARGET_DIR="$target/sdist-build" "$work/py-sdist/bin/pip" install -q --disable-pip-version-check "$dist/python/smsrules-$version.tar.gz"
  (cd "$work" && "$work/py-sdist/bin/python" "$example")
}

npm_test() {
  step "npm: a fresh project installs the tarballs"
  local app="$work/npm-app"
  mkdir -p "$app"
  cp -r "$root/tools/dist/consumer/npm/." "$app/"
  (cd "$app" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent \
    "$dist/npm/smsrules-$version.tgz" "$dist/npm/smsrules-linux-x64-gnu-$version.tgz" typescript@5.9.3)
  (cd "$app" && node require.cjs && node import.mjs)
  step "npm: TypeScript consumers (moduleResolution node16 and bundler)"
  (cd "$app" && npx tsc --noEmit -p tsconfig.node16.json && npx tsc --noEmit -p tsconfig.bundler.json)
}

maven_test() {
  step "Maven: a consumer project depends on smsrules-kotlin from the local repository"
  cp -r "$root/tools/dist/consumer/maven" "$work/maven-app"
  (cd "$work/maven-app" && mvn -B -ntp -q -Dstyle.color=never test -Dsmsrules.version="$version")
  grep -h "Tests run" "$work"/maven-app/target/surefire-reports/*.txt
}

crates_test() {
  step "crates.io: the unpacked smsrules crate passes its own tests"
  tar xzf "$dist/crates/smsrules-$version.crate" -C "$work"
  (cd "$work/smsrules-$version" && CARGO_TARGET_DIR="$target/crate-test" cargo test -q 2>&1 | grep -E "^test result|FAILED|panicked" )
}

for part in "${parts[@]}"; do
  "${part}_test"
done
step "every artifact installed and used from outside the repository"
