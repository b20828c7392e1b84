//! Arbitrary text as `request_text`: the envelope rules hold, and the JSON entry point
//! answers exactly as the typed entry point given the same raw body text. The raw bytes as
//! `Body::Bytes` answer as that text when they are UTF-8, else with one `INVALID_JSON`. The
//! issues that exist do not depend on `max_issues`: shown plus `omitted` is the same for any.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smsrules::{Body, Document};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = serde_json::json!({ "request_text": text }).to_string();
    let envelope = smsrules_fuzz::check_document_text(&doc);
    let typed = smsrules::check(&Document::new(Body::Text(text.clone()))).to_value();
    assert_eq!(
        typed, envelope,
        "check(Body::Text) differs from check_json's request_text"
    );
    smsrules_fuzz::assert_omitted_exact(&text);
    let bytes = smsrules::check(&Document::new(Body::Bytes(data.to_vec()))).to_value();
    if std::str::from_utf8(data).is_ok() {
        assert_eq!(bytes, typed, "check(Body::Bytes) of UTF-8 differs from Body::Text");
    } else {
        smsrules_fuzz::assert_single_error(&bytes, "body", "INVALID_JSON");
    }
});
