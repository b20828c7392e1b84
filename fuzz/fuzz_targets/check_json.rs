//! `check_json` on arbitrary bytes (as text): a well-formed, deterministic envelope that
//! quotes no phone number or message text from the document, and, for plain JSON documents,
//! the same envelope from the typed entry point. The bytes themselves through
//! `Document::from_json_bytes`: the same envelope when they are UTF-8, else one `INVALID_INPUT`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let envelope = smsrules_fuzz::check_document_text(&text);
    smsrules_fuzz::assert_typed_agrees(&text, &envelope);
    let of_bytes = smsrules_fuzz::parse_envelope(&smsrules::check_to_json(&smsrules::Document::from_json_bytes(data)));
    if std::str::from_utf8(data).is_ok() {
        assert_eq!(
            of_bytes, envelope,
            "the document of UTF-8 bytes differs from check_json"
        );
    } else {
        smsrules_fuzz::assert_single_error(&of_bytes, "input", "INVALID_INPUT");
    }
});
