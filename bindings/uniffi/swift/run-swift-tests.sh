#!/usr/bin/env bash
# Compiles the generated Swift bindings with a real Swift compiler, links them to the Rust
# library and runs the XCTest suite, inside a Debian trixie root holding `swiftlang`
# (swift-root.sh brings it up on a first run and reuses it after):
#   run-swift-tests.sh TARGET_DIR GENERATED_DIR LIBRARY RUST_ENVELOPES
# The package (Package.swift, Tests/) is assembled with the generated sources, header and
# module map and the library under TARGET_DIR/uniffi/swift-package; SwiftPM's build output
# goes to TARGET_DIR/uniffi/swift-build and is reused. Needs root (chroot, mount).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
target="$1" generated="$2" library="$3" rust_envelopes="$4"

root="$target/swift-root"
work="$target/uniffi"
package="$work/swift-package"

bash "$here/swift-root.sh" "$root" ensure

# The committed package, then what is generated into it (never into the repository).
rm -rf "$package"
mkdir -p "$package/lib"
cp -a "$here/Package.swift" "$here/Sources" "$here/Tests" "$package/"
cp "$generated/SmsRules.swift" "$package/Sources/SmsRules/SmsRules.swift"
cp "$generated/SmsRulesFFI.h" "$package/Sources/SmsRulesFFI/SmsRulesFFI.h"
cp "$generated/SmsRulesFFI.modulemap" "$package/Sources/SmsRulesFFI/module.modulemap"
cp "$library" "$package/lib/"
cp "$rust_envelopes" "$package/rust-envelopes.json"

# Inside the root: /smsrules/work is TARGET_DIR/uniffi, /smsrules/repo the repository (the
# tests read its vectors, hostile cases and README).
inside_package=/smsrules/work/swift-package
inside_lib="$inside_package/lib"
scratch=/smsrules/work/swift-build
# -q keeps SwiftPM's progress lines out of the log; the compiler's diagnostics and XCTest's
# own summary are printed.
bash "$here/swift-root.sh" "$root" run \
  --bind "$work:/smsrules/work" --bind "$repo:/smsrules/repo" -- \
  /bin/bash -c "
    set -euo pipefail
    cd $inside_package
    swift build --build-tests --scratch-path $scratch -Xlinker -L$inside_lib -Xlinker -rpath=$inside_lib
    export SMSRULES_REPO=/smsrules/repo SMSRULES_RUST_ENVELOPES=$inside_package/rust-envelopes.json
    export LD_LIBRARY_PATH=\"\$LD_LIBRARY_PATH:$inside_lib\"
    swift test --skip-build --scratch-path $scratch
  "
