// swift-tools-version:5.9
// The Swift package of the smsrules bindings: the library `SmsRules` (the generated
// SmsRules.swift) over the C module `SmsRulesFFI` (uniffi's FFI header and module map) and
// the Rust library. The generated files are not committed; bindings/uniffi/README.md says
// how to generate them into Sources/ and, on a Mac, how to build SmsRulesFFI.xcframework.
import PackageDescription

#if os(Linux)
// Header and module map generated into Sources/SmsRulesFFI; libsmsrules_uniffi.so found on
// the linker's search path (`swift build -Xlinker -L<dir>`) and the loader's at run time.
let ffi = Target.systemLibrary(name: "SmsRulesFFI", path: "Sources/SmsRulesFFI")
#else
// Apple platforms: the static library for each platform, with the header and module map,
// in one xcframework built by `xcodebuild -create-xcframework` (README).
let ffi = Target.binaryTarget(name: "SmsRulesFFI", path: "SmsRulesFFI.xcframework")
#endif

let package = Package(
    name: "SmsRules",
    platforms: [.iOS(.v13), .macOS(.v10_15)],
    products: [
        .library(name: "SmsRules", targets: ["SmsRules"]),
    ],
    targets: [
        ffi,
        .target(
            name: "SmsRules",
            dependencies: ["SmsRulesFFI"],
            path: "Sources/SmsRules",
            linkerSettings: [.linkedLibrary("smsrules_uniffi", .when(platforms: [.linux]))]
        ),
        .testTarget(
            name: "SmsRulesTests",
            dependencies: ["SmsRules"],
            path: "Tests/SmsRulesTests"
        ),
    ]
)
