//! `check_json` on arbitrary bytes (as text): a well-formed, deterministic envelope that
//! quotes no phone number or message text from the document, and, for plain JSON documents,
//! the same envelope from the typed entry point.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let envelope = smsrules_fuzz::check_document_text(&text);
    smsrules_fuzz::assert_typed_agrees(&text, &envelope);
});
