#!/usr/bin/env bash
# The npm packages of smsrules, as `npm pack` tarballs in OUT_DIR (nothing is published):
#   smsrules-<version>.tgz                  the package users depend on (JavaScript, types, the
#                                           loader); it names one package per platform in
#                                           optionalDependencies, and npm installs only the
#                                           one whose os / cpu / libc match the machine
#   smsrules-linux-x64-gnu-<version>.tgz    the addon for x86_64 Linux, glibc >= 2.17
#   smsrules-linux-x64-musl-<version>.tgz   the addon for x86_64 Linux, musl (Alpine)
#   smsrules-linux-arm64-gnu-<version>.tgz  the addon for aarch64 Linux, glibc >= 2.17
# The three addons are release builds cross-compiled with cargo-zigbuild (napi build
# --cross-compile), so `zig` (`python -m ziglang` from the ziglang PyPI package, on PATH),
# cargo-zigbuild and the Rust targets must be installed: tools/dist/build.sh does that.
# The macOS and Windows packages (listed in package.json's napi targets) are built on those
# systems by naming them (see the README's "Packages" section). Respects CARGO_TARGET_DIR.
#   bash bindings/node/dist.sh OUT_DIR                      # the three Linux packages
#   bash bindings/node/dist.sh OUT_DIR darwin-x64 darwin-arm64   # on a Mac
#   bash bindings/node/dist.sh OUT_DIR win32-x64-msvc            # on Windows (Git Bash)
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [PLATFORM...]" >&2; exit 2; }
mkdir -p "$1"
out="$(cd "$1" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"
root="$(cd "$here/../.." && pwd)"
. "$root/tools/target-dir.sh"
stage="$target/npm-dist"
version="$(node -p 'require("./package.json").version')"
step() { printf '\n== npm dist: %s\n' "$*"; }

# The Rust target napi builds for each platform package. gnu targets pin glibc 2.17 (zig links
# against that version's symbols), as napi-rs's own prebuilt packages do, so one binary serves
# every glibc Linux from 2014 on. (Functions, not associative arrays: macOS has bash 3.2.)
rust_target() {
  case "$1" in
    linux-x64-gnu) echo x86_64-unknown-linux-gnu.2.17 ;;
    linux-x64-musl) echo x86_64-unknown-linux-musl ;;
    linux-arm64-gnu) echo aarch64-unknown-linux-gnu.2.17 ;;
    darwin-x64) echo x86_64-apple-darwin ;;
    darwin-arm64) echo aarch64-apple-darwin ;;
    win32-x64-msvc) echo x86_64-pc-windows-msvc ;;
    *) echo "npm dist: no platform package $1 (see npm/)" >&2; return 1 ;;
  esac
}
# What the ELF header of a Linux addon must say: its machine and the C library it links.
elf_machine() { case "$1" in *-x64-*) echo 'Advanced Micro Devices X86-64' ;; *-arm64-*) echo AArch64 ;; esac; }
elf_libc() { case "$1" in *-musl) echo 'libc.so' ;; *) echo 'libc.so.6' ;; esac; }

platforms=("${@:2}")
[ ${#platforms[@]} -gt 0 ] || platforms=(linux-x64-gnu linux-x64-musl linux-arm64-gnu)

[ -x node_modules/.bin/napi ] || { step "npm ci (the napi CLI)"; npm ci --no-audit --no-fund; }
rm -rf "$stage"
mkdir -p "$stage"

for platform in "${platforms[@]}"; do
  triple="$(rust_target "$platform")"
  step "release build for $platform ($triple)"
  # --no-js: the loader (index.js) is the committed one; run-tests.sh checks it is current.
  case "$platform" in
    linux-*) npx napi build --platform --release --strip --cross-compile --target "$triple" \
      --no-js --output-dir "$stage/build/$platform" ;;
    # On a Mac (either arch builds both) or on Windows with MSVC: the native toolchains.
    darwin-*) CARGO_PROFILE_RELEASE_STRIP=symbols npx napi build --platform --release \
      --target "$triple" --no-js --output-dir "$stage/build/$platform" ;;
    win32-*) npx napi build --platform --release --target "$triple" --no-js \
      --output-dir "$stage/build/$platform" ;;
  esac
  addon="$stage/build/$platform/smsrules.$platform.node"
  if [[ "$platform" == linux-* ]]; then
    # It cannot run here unless it is the host's, so read what it was built for.
    header="$(readelf --file-header --dynamic "$addon")"
    grep -q "Machine: *$(elf_machine "$platform")\$" <<<"$header" \
      && grep -q "Type: *DYN" <<<"$header" \
      && grep -q "Shared library: \[$(elf_libc "$platform")\]" <<<"$header" \
      || { echo "$header" >&2; echo "npm dist: $addon is not a $platform shared library" >&2; exit 1; }
    if [[ "$platform" == *-gnu ]]; then
      newest="$(readelf --version-info "$addon" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n 1)"
      [ "$(printf '%s\n' "$newest" 2.17 | sort -V | tail -n 1)" = 2.17 ] \
        || { echo "npm dist: $addon needs glibc $newest, more than 2.17" >&2; exit 1; }
    fi
  fi
  package="$stage/packages/$platform"
  mkdir -p "$package"
  cp "npm/$platform/package.json" "npm/$platform/README.md" "$addon" "$package/"
done

if [ -d "$stage/packages/linux-x64-gnu" ] && [ "$(node -p 'process.platform + "-" + process.arch')" = linux-x64 ] \
  && ! ldd --version 2>&1 | grep -qi musl; then
  step "the linux-x64-gnu addon loads and answers"
  node -e '
    const addon = require(process.argv[1])
    const request = { user_number: "+14155552671", agent_number: "+14155550000", agent_message: "hi" }
    const envelope = JSON.parse(addon.checkJson(JSON.stringify({ request })))
    if (envelope.errors !== null) throw new Error("unexpected errors: " + JSON.stringify(envelope.errors))
    console.log("ok: the x64 glibc addon checks a request")
  ' "$stage/packages/linux-x64-gnu/smsrules.linux-x64-gnu.node"
fi

step "the main package: its files, and every platform package as an optional dependency"
main="$stage/packages/main"
mkdir -p "$main"
node - "$main" <<'EOF'
// The committed package.json has no optionalDependencies (as in napi-rs projects, where
// `napi pre-publish` adds them): `npm ci` in this folder would otherwise look for platform
// packages that are not on the registry. The packed manifest names all of them, at this
// version, and leaves out what only building here needs.
const fs = require('fs')
const path = require('path')
const dest = process.argv[2]
const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'))
const optionalDependencies = {}
for (const dir of fs.readdirSync('npm').sort()) {
  const platform = JSON.parse(fs.readFileSync(path.join('npm', dir, 'package.json'), 'utf8'))
  if (platform.version !== manifest.version) throw new Error(`npm/${dir}: version ${platform.version}, not ${manifest.version}`)
  optionalDependencies[platform.name] = manifest.version
}
const published = { ...manifest, optionalDependencies }
delete published.scripts
delete published.devDependencies
for (const file of [...manifest.files, 'README.md']) fs.copyFileSync(file, path.join(dest, file))
fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(published, null, 2) + '\n')
EOF

step "npm pack into $out"
for dir in "$main" "${platforms[@]/#/$stage/packages/}"; do
  (cd "$dir" && npm pack --silent --pack-destination "$out" >/dev/null)
done
for name in smsrules "${platforms[@]/#/smsrules-}"; do
  tarball="$out/$name-$version.tgz"
  [ -f "$tarball" ] || { echo "npm dist: $tarball was not written" >&2; exit 1; }
  printf 'ok: %s (%s bytes)\n' "$(basename "$tarball")" "$(wc -c <"$tarball" | tr -d ' ')"
done
