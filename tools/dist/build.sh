#!/usr/bin/env bash
# `make dist`: every artifact a user installs, written into dist/ (nothing is published):
#   dist/python/  abi3 wheels manylinux2014 x86_64 and aarch64, musllinux_1_2 x86_64, sdist
#   dist/npm/     smsrules (main), smsrules-linux-x64-gnu, -linux-x64-musl, -linux-arm64-gnu,
#                 smsrules-wasm (npm pack tarballs)
#   dist/maven/   smsrules-kotlin jar (native library for linux-x86-64 and linux-aarch64
#                 inside) and its POM; also installed into the local Maven repository
#   dist/crates/  smsrules and smsrules-cli .crate files (cargo package)
# Cross-compiles with zig (ziglang from PyPI, cargo-zigbuild from crates.io), installed
# under the cargo target dir when missing. Respects CARGO_TARGET_DIR.
#   bash tools/dist/build.sh [python|npm|maven|crates|wasm ...]   (default: all)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. "$root/tools/target-dir.sh"
dist="$root/dist"
version="$(python3 -c 'import tomllib; print(tomllib.load(open("Cargo.toml", "rb"))["workspace"]["package"]["version"])')"
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(python npm maven crates wasm)
step() { printf '\n== dist: %s\n' "$*"; }

# The cross-compilation tools: maturin and zig in a venv (maturin finds zig as
# `python -m ziglang` only when that venv's bin/ is on PATH), cargo-zigbuild from crates.io.
tools="$target/dist-tools"
venv="$target/dist-venv"
need_tools() {
  if [ "$("$venv/bin/maturin" --version 2>/dev/null)" != "maturin 1.16.0" ] || ! "$venv/bin/python" -c 'import ziglang' 2>/dev/null; then
    step "maturin, ziglang and auditwheel from PyPI"
    python3 -m venv --clear "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check maturin==1.16.0 ziglang==0.17.1 auditwheel==6.8.2
  fi
  if ! "$tools/bin/cargo-zigbuild" --version >/dev/null 2>&1; then
    step "cargo-zigbuild from crates.io"
    cargo install -q cargo-zigbuild@0.24.1 --root "$tools"
  fi
  local wanted=(aarch64-unknown-linux-gnu x86_64-unknown-linux-musl)
  local installed
  installed="$(rustup target list --installed)"
  for t in "${wanted[@]}"; do
    grep -qx "$t" <<<"$installed" || rustup target add "$t"
  done
  export PATH="$venv/bin:$tools/bin:$PATH"
}

python_dist() {
  need_tools
  local out="$dist/python"
  rm -rf "$out" && mkdir -p "$out"
  step "Python wheels (abi3): manylinux2014 x86_64 and aarch64, musllinux_1_2 x86_64"
  maturin build --release --zig --quiet -m bindings/python/Cargo.toml -o "$out" \
    --target x86_64-unknown-linux-gnu --compatibility manylinux2014
  maturin build --release --zig --quiet -m bindings/python/Cargo.toml -o "$out" \
    --target aarch64-unknown-linux-gnu --compatibility manylinux2014
  maturin build --release --zig --quiet -m bindings/python/Cargo.toml -o "$out" \
    --target x86_64-unknown-linux-musl --compatibility musllinux_1_2
  step "Python sdist"
  maturin sdist -m bindings/python/Cargo.toml -o "$out" >/dev/null
  step "auditwheel: each wheel's tag is what its symbols allow"
  for wheel in "$out"/*.whl; do
    case "$wheel" in
      *musllinux*)
        # auditwheel cannot read musl wheels on a glibc host; the equivalent check: the
        # extension links musl's libc.so alone and asks for no glibc symbol version.
        local so
        so="$(mktemp -d)"
        unzip -q -o "$wheel" 'smsrules/*.so' -d "$so"
        if readelf -d "$so"/smsrules/*.so | grep NEEDED | grep -v -q '\[libc.so\]' ||
          readelf -V "$so"/smsrules/*.so | grep -q GLIBC_; then
          readelf -d "$so"/smsrules/*.so >&2
          echo "dist: $wheel is not a musl extension" >&2
          exit 1
        fi
        rm -rf "$so"
        echo "ok: $(basename "$wheel") (links only musl's libc.so)"
        continue
        ;;
    esac
    report="$(auditwheel show "$wheel" 2>&1)"
    case "$wheel" in
      *manylinux2014_x86_64*) grep -q '"manylinux_2_17_x86_64"' <<<"$report" ;;
      *manylinux2014_aarch64*) grep -q '"manylinux_2_17_aarch64"' <<<"$report" ;;
      *) echo "unexpected wheel $wheel" >&2; exit 1 ;;
    esac || { echo "$report" >&2; echo "dist: $wheel is not what its tag says" >&2; exit 1; }
    echo "ok: $(basename "$wheel")"
  done
}

maven_dist() {
  need_tools
  local out="$dist/maven" resources="$target/uniffi/native-resources"
  rm -rf "$out" "$resources" && mkdir -p "$out" "$resources/linux-x86-64" "$resources/linux-aarch64"
  step "the uniffi library for linux-x86-64 and linux-aarch64 (glibc 2.17)"
  cargo zigbuild -q --release -p smsrules-uniffi --lib --target x86_64-unknown-linux-gnu.2.17
  cargo zigbuild -q --release -p smsrules-uniffi --lib --target aarch64-unknown-linux-gnu.2.17
  cp "$target/x86_64-unknown-linux-gnu/release/libsmsrules_uniffi.so" "$resources/linux-x86-64/"
  cp "$target/aarch64-unknown-linux-gnu/release/libsmsrules_uniffi.so" "$resources/linux-aarch64/"
  step "Kotlin sources from the library (uniffi-bindgen)"
  cargo build -q -p smsrules-uniffi-bindgen
  cargo build -q -p smsrules-uniffi
  rm -rf "$target/uniffi/kotlin"
  "$target/debug/uniffi-bindgen" generate "$target/debug/libsmsrules_uniffi.so" --language kotlin \
    --out-dir "$target/uniffi/kotlin" --no-format --metadata-no-deps
  step "the jar, with the native libraries inside, into dist/ and the local Maven repository"
  (cd bindings/uniffi/kotlin && mvn -B -ntp -q -Dstyle.color=never install -DskipTests -Dcargo.target.dir="$target" -Dnative.resources.dir="$resources")
  cp "$target/uniffi/maven/smsrules-kotlin-$version.jar" "$out/"
  cp bindings/uniffi/kotlin/pom.xml "$out/smsrules-kotlin-$version.pom"
  unzip -l "$out/smsrules-kotlin-$version.jar" | grep -E 'linux-(x86-64|aarch64)/libsmsrules_uniffi.so'
}

crates_dist() {
  local out="$dist/crates"
  rm -rf "$out" && mkdir -p "$out"
  step "cargo package (smsrules, smsrules-cli), each verified by building from its .crate"
  # Cargo verifies smsrules-cli against smsrules through a temporary registry under the
  # target dir, which it unpacks into $CARGO_HOME/registry/src/-<hash of the path>/ and builds
  # as a registry crate of the same version each time. An unpacked copy, or a build of it,
  # left by an earlier run is reused as it is: verified against yesterday's core. So both
  # start afresh (a separate target dir: the workspace's own builds stay).
  rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/smsrules-"$version" \
         "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/smsrules-cli-"$version"
  local verify="$target/crates-verify"
  rm -rf "$verify"
  cargo package -q -p smsrules -p smsrules-cli --allow-dirty --target-dir "$verify"
  cp "$verify/package/smsrules-$version.crate" "$verify/package/smsrules-cli-$version.crate" "$out/"
  rm -rf "$verify"
}

wasm_dist() {
  local out="$dist/npm"
  mkdir -p "$out"
  step "smsrules-wasm (npm pack)"
  bash bindings/wasm/build.sh
  (cd bindings/wasm && npm pack --silent --pack-destination "$out" >/dev/null)
}

npm_dist() {
  need_tools
  bash bindings/node/dist.sh "$dist/npm"
}

for part in "${parts[@]}"; do
  "${part}_dist"
done
step "done: $(find "$dist" -type f | wc -l) files in dist/"
find "$dist" -maxdepth 2 -type f | sort | sed "s|$root/||"
