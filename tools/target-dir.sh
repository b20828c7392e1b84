# Sourced by the scripts that build (`. "$root/tools/target-dir.sh"`, with `root` set to the
# repository root): `target` becomes the cargo target dir as an absolute path (CARGO_TARGET_DIR,
# default the workspace's target/), created and exported, so every build shares one.
target="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
export CARGO_TARGET_DIR="$target"
