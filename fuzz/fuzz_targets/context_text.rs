//! A context given as JSON text, as a binding that writes its host's object as text hands it
//! over: `Document::with_context_json`, `PreparedContext::from_json` and
//! `PreparedContext::from_json_with_faults` refuse exactly the text that is not JSON, and
//! otherwise answer byte for byte as `check_json` answers the same text as a document's
//! `context` (a context that is not an object is the document's own `INVALID_INPUT` there,
//! so those are only run), against a few requests the first byte picks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use smsrules::{Body, Document, PreparedContext};
use std::sync::Arc;

const REQUESTS: [&str; 4] = [
    r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#,
    r#"{"user_number":"+14155552671","agent_number":"+14155550000","channel":"whatsapp","persona_id":"p1","agent_message":"Hi","time_out":600}"#,
    r#"{"user_number":"+14155552671","agent_number":"+14155550001","conversation_id":"c1","webhook":"https://hooks.example.com/x"}"#,
    r#"{"user_number":"+14155552671"}"#,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let request = REQUESTS[usize::from(pick) % REQUESTS.len()];
    let body = || Body::Text(request.to_owned());

    let read_once = Document::new(body()).with_context_json(text);
    let prepared = PreparedContext::from_json(text);
    let with_faults = PreparedContext::from_json_with_faults(text, &[]);
    let syntax = smsrules::json::parse(text, smsrules::json::ParseOptions { max_depth: 1 << 20 });
    assert_eq!(read_once.is_ok(), syntax.is_ok(), "with_context_json and the parser disagree on the syntax");
    assert_eq!(prepared.is_ok(), syntax.is_ok(), "from_json and the parser disagree on the syntax");
    let (Ok(read_once), Ok(prepared), Ok(with_faults), Ok(syntax)) = (read_once, prepared, with_faults, syntax) else {
        return;
    };
    let read_once = smsrules::check(&read_once).to_json();
    let prepared = smsrules::check(&Document::new(body()).with_prepared_context(Arc::new(prepared))).to_json();
    let with_faults = smsrules::check(&Document::new(body()).with_prepared_context(Arc::new(with_faults))).to_json();
    assert_eq!(prepared, with_faults, "from_json_with_faults without faults is not from_json");
    // `1e400` reads as `null` with a fault: a number, not an absent context.
    let literal_null = syntax.value.is_null() && syntax.field_faults.is_empty();
    if !(syntax.value.is_object() || literal_null) {
        return;
    }
    let document = format!(
        r#"{{"request_text":{},"context":{text}}}"#,
        serde_json::Value::String(request.to_owned())
    );
    // The envelope rules, then the very bytes.
    smsrules_fuzz::check_document_text(&document);
    let expected = smsrules::check_json(&document);
    assert_eq!(read_once, expected, "with_context_json answers otherwise than check_json\ncontext: {text}");
    assert_eq!(prepared, expected, "a prepared context answers otherwise than check_json\ncontext: {text}");
});
