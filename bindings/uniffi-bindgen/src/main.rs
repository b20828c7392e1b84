//! `uniffi-bindgen`: generates the Kotlin and Swift sources of `smsrules-uniffi` from the
//! built library (library mode), e.g.
//! `uniffi-bindgen generate target/debug/libsmsrules_uniffi.so --language kotlin --out-dir OUT -n`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
