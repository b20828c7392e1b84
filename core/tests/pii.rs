//! No issue message quotes a phone number, message text or template variable value from the
//! input (docs/src/envelope.md `message`): every conformance vector, every hostile case and a set of
//! documents built to provoke each message-bearing rule with distinctive secrets.
//!
//! A message "quotes" a phone number when it holds it as written or shares a run of 7+
//! digits with it (runs equal to a number in the issue's own params, like a size, do not
//! count); message text counts when it appears verbatim. Each suspect is confirmed by
//! running the document again with the secrets scrambled (tests/support/envelope.rs).

// Test helpers, like tests, fail by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../tests/support/envelope.rs"]
mod envelope;
#[path = "../../tests/support/hostile.rs"]
mod hostile;
#[path = "../../tests/support/vectors.rs"]
mod vectors;

use serde_json::{json, Value};
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn envelope_of(text: &str) -> Value {
    serde_json::from_str(&smsrules::check_json(text)).unwrap()
}

fn leaks_of(text: &str) -> Vec<String> {
    envelope::confirmed_leaks(text, &envelope_of(text), &envelope_of)
}

fn conformance_documents() -> Vec<(String, String)> {
    vectors::load(&repo())
        .iter()
        .map(|(_, case)| (case["id"].as_str().unwrap().to_owned(), vectors::document_text(case)))
        .collect()
}

#[test]
fn no_conformance_vector_leaks() {
    let docs = conformance_documents();
    assert!(docs.len() > 100);
    let mut checked_with_secrets = 0;
    let mut failures = Vec::new();
    for (id, text) in &docs {
        if !envelope::Secrets::of_document_text(text).is_empty() {
            checked_with_secrets += 1;
        }
        failures.extend(leaks_of(text).into_iter().map(|l| format!("{id}: {l}")));
    }
    assert!(
        checked_with_secrets > 100,
        "only {checked_with_secrets} vectors hold a secret"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn no_hostile_case_leaks() {
    let mut failures = Vec::new();
    for case in hostile::load(&repo()) {
        let text = hostile::build(&case.parts).unwrap();
        failures.extend(leaks_of(&text).into_iter().map(|l| format!("{}: {l}", case.id)));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

const USER: &str = "+14155552671";
const AGENT: &str = "+14155550000";
const PERSONA: &str = "6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b";
/// Distinctive texts: were any quoted, the check would see it.
const MESSAGE: &str = "PII-CANARY agent message body";
const VARIABLE: &str = "PII-CANARY variable value";

/// Documents that make every rule that talks about numbers, messages or variables fire.
fn provoking_documents() -> Vec<Value> {
    let long = format!("{MESSAGE} {}", "x".repeat(1600));
    let base = json!({"user_number": USER, "agent_number": AGENT, "agent_message": MESSAGE});
    let with = |extra: Value| {
        let mut body = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let number_ctx = json!({"number": {"phone_number": AGENT, "sms_config": {"webhook": "https://h.example.com/"}}});
    vec![
        json!({"request": with(json!({"agent_message": long}))}),
        json!({"request": with(json!({"user_number": AGENT}))}),
        json!({"request": with(json!({"user_number": "+1 (415) 555-2671"}))}),
        json!({"request": with(json!({"user_number": "+1 (415) 555-2671"})), "options": {"phone_input": "lenient"}}),
        json!({"request": with(json!({"user_number": "004915123456789"})), "options": {"phone_input": "lenient"}}),
        json!({"request": with(json!({"user_number": "0151 23456789"})), "options": {"phone_input": "lenient", "default_region": "DE"}}),
        json!({"request": with(json!({"user_number": "+141555526712"}))}),
        json!({"request": with(json!({"user_number": "+11235550100"}))}),
        json!({"request": with(json!({"user_number": "+99912345678"}))}),
        json!({"request": with(json!({"user_number": "+\u{0661}\u{0664}\u{0661}\u{0665}\u{0665}\u{0665}\u{0665}\u{0662}\u{0666}\u{0667}\u{0661}"}))}),
        json!({"request": with(json!({"agent_number": "+14155550001"})), "context": {"account": {"numbers": ["+14155550002", "+14155550003"]}}}),
        json!({"request": base.clone(), "context": {"number": {"phone_number": "+14155550009"}}}),
        json!({"request": base.clone(), "context": {"account": {"numbers": ["415-555-0100", 14155550100u64]}}}),
        json!({"request": with(json!({"content_sid": "HX0123456789abcdef0123456789abcdef"}))}),
        json!({"request": with(json!({"agent_message": null, "content_sid": "HX0123456789abcdef0123456789abcdef",
            "content_variables": {"1": VARIABLE, "2": VARIABLE.repeat(80), "a key with space": VARIABLE, "3": ""}}))}),
        json!({"request": with(json!({"content_variables": {"1": VARIABLE}}))}),
        json!({"request": with(json!({"timeout_message": MESSAGE, "warning_message": VARIABLE})), "context": number_ctx}),
        json!({"request": with(json!({"time_out": 600, "warning_time": 900, "timeout_message": MESSAGE})), "context": number_ctx}),
        json!({"request": with(json!({"agent_message": ""}))}),
        json!({"request": with(json!({"channel": "whatsapp"})), "context": {"now": "2026-11-27T12:00:00Z", "conversation": null,
            "number": {"phone_number": AGENT, "whatsapp_config": {}}}}),
        json!({"request": with(json!({"persona_id": PERSONA, "persona_version": "draft"})), "context": {"persona": {"id": PERSONA}}}),
        json!({"request": with(json!({"MESSAGE": MESSAGE, "to": USER, "from": AGENT, "agent_mesage": MESSAGE}))}),
        json!({"request": with(json!({"webhook": format!("https://{}@example.com/{MESSAGE}", &USER[1..])}))}),
        json!({"request_text": format!("{{\"user_number\":\"{USER}\",\"agent_number\":\"{AGENT}\",\"agent_message\":\"{MESSAGE}\\ud800\"}}")}),
        json!({"request_text": format!("{{\"user_number\":\"{USER}\",\"user_number\":\"{AGENT}\",\"agent_message\":\"{MESSAGE}\"}}")}),
        json!({"request": base.clone(), "headers": {"idempotency-key": USER}, "context": {"idempotency": {"key": USER, "fingerprint": "sha256:0"}}}),
    ]
}

#[test]
fn no_provoked_rule_leaks() {
    let mut failures = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    for doc in provoking_documents() {
        let text = doc.to_string();
        let envelope = envelope_of(&text);
        for list in ["errors", "warnings"] {
            for issue in envelope[list].as_array().into_iter().flatten() {
                codes.insert(issue["error"].as_str().unwrap().to_owned());
            }
        }
        failures.extend(leaks_of(&text).into_iter().map(|l| format!("{text}: {l}")));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for code in [
        "MESSAGE_TOO_LONG",
        "SAME_NUMBER",
        "INVALID_PHONE_NUMBER",
        "PHONE_NORMALIZED",
        "AGENT_NUMBER_NOT_FOUND",
        "INVALID_CONTENT_VARIABLES",
        "UNUSED_TIMEOUT_MESSAGE",
        "UNUSED_WARNING_MESSAGE",
        "INVALID_TIMEOUT_CONFIG",
        "DUPLICATE_KEY",
        "EMPTY_VALUE",
        "WHATSAPP_TEMPLATE_REQUIRED",
        "UNKNOWN_FIELD",
        "IDEMPOTENCY_KEY_REUSED",
    ] {
        assert!(
            codes.contains(code),
            "no provoking document raised {code}; got {codes:?}"
        );
    }
}

/// The detector itself: a message that echoes the input is caught, one whose digits come
/// from elsewhere is not.
#[test]
fn the_detector_catches_an_echo_and_forgives_a_coincidence() {
    let doc = json!({"request": {"user_number": USER, "agent_number": AGENT, "agent_message": MESSAGE}}).to_string();
    let issue = |message: String, params: Value| json!({"data": null, "errors": [{"error": "INVALID_TYPE", "in": "body", "path": "/x", "message": message, "params": params}], "warnings": []});
    // A runner that echoes the user number (as it is in whatever document it gets).
    let echo = |text: &str| {
        let user = envelope::Secrets::of_document_text(text)
            .phones
            .first()
            .cloned()
            .unwrap_or_default();
        issue(format!("bad number {user}"), json!({}))
    };
    assert!(
        !envelope::confirmed_leaks(&doc, &echo(&doc), &echo).is_empty(),
        "an echoed phone number went unnoticed"
    );
    let digits_only = |_: &str| issue("the national number 4155552671 is odd".into(), json!({}));
    assert!(!envelope::Secrets::of_document_text(&doc)
        .suspects(&digits_only(&doc))
        .is_empty());
    // A constant message that happens to hold the same digits is no leak.
    let constant = |_: &str| issue("limit 4155552 reached".into(), json!({}));
    assert!(!envelope::Secrets::of_document_text(&doc)
        .suspects(&constant(&doc))
        .is_empty());
    assert!(envelope::confirmed_leaks(&doc, &constant(&doc), &constant).is_empty());
    // A run that is a number of the issue's own params is no quote.
    let sized = issue("the body is 14155552 bytes".into(), json!({"size": 14_155_552}));
    assert!(envelope::Secrets::of_document_text(&doc).suspects(&sized).is_empty());
    let text_echo = |text: &str| {
        let message = envelope::Secrets::of_document_text(text)
            .texts
            .first()
            .cloned()
            .unwrap_or_default();
        issue(format!("`agent_message` {message} is odd"), json!({}))
    };
    assert!(
        !envelope::confirmed_leaks(&doc, &text_echo(&doc), &text_echo).is_empty(),
        "echoed text went unnoticed"
    );
}

/// Found by the `structured` fuzzer: a three-letter message ("ion") inside the wording of a
/// message that exists only because of the phone number ("see `suggestion`"). Scrambling the
/// number changes the wording, so only the text is scrambled to confirm a text suspect.
#[test]
fn template_text_that_depends_on_a_number_is_no_leak() {
    let doc = json!({"request": {
        "user_number": "+4915123456789",
        "agent_number": "00 44 20 7183 8750",
        "agent_message": "ion"
    }})
    .to_string();
    let envelope = envelope_of(&doc);
    let message = envelope["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("ion"), "the wording changed: {message}");
    assert!(!envelope::Secrets::of_document_text(&doc).suspects(&envelope).is_empty());
    assert_eq!(leaks_of(&doc), Vec::<String>::new());
}

/// Found by the `structured` fuzzer: a short message text ("n_schem") inside a field name
/// (`citation_schema_ids`), with `max_issues` 2 and the agent message equal to the channel.
/// Scrambling every text everywhere turned the channel invalid, pushed the issue past
/// `max_issues` and made the field name look like a quote; each secret is now confirmed
/// alone, a text only in the body's text fields.
#[test]
fn a_field_name_holding_a_short_text_is_no_leak() {
    let doc = json!({
        "request": {
            "user_number": "020 7183 8750",
            "agent_message": "whatsapp",
            "channel": "whatsapp",
            "warning_message": "n_schem",
            "citation_schema_ids": [""]
        },
        "options": {"max_issues": 2}
    })
    .to_string();
    let envelope = envelope_of(&doc);
    assert!(!envelope::Secrets::of_document_text(&doc).suspects(&envelope).is_empty());
    assert_eq!(leaks_of(&doc), Vec::<String>::new());
}

/// The detector keeps the document as it arrived when it scrambles a secret: a duplicate key
/// (whose `DUPLICATE_KEY` wording, "the last value is used", holds the short text "use") must
/// still be there in the rerun, or the vanished issue would look like a quote. Found by the
/// `check_json` fuzz target.
#[test]
fn the_detector_keeps_duplicate_keys_and_escapes_when_it_scrambles() {
    let doc = format!(
        r#"{{"request": {{"user_number": "{USER}", "agent_number": "{AGENT}", "content_sid": "HX00000000000000000000000000000000", "content_variables": {{"1": "v", "1": "v", "2": "use", "3": "\u0075se"}}}}}}"#
    );
    let real = |text: &str| envelope_of(text);
    let envelope = real(&doc);
    let secrets = envelope::Secrets::of_document_text(&doc);
    assert!(
        !secrets.suspects(&envelope).is_empty(),
        "the fixed wording should look like a quote of \"use\": {envelope}"
    );
    assert!(envelope::confirmed_leaks(&doc, &envelope, &real).is_empty());
    // A runner that does echo the variable value is still caught, escaped spelling included.
    let echo = |text: &str| {
        let value = envelope::Secrets::of_document_text(text)
            .texts
            .iter()
            .find(|t| t.len() == 3)
            .cloned()
            .unwrap_or_default();
        json!({"data": null, "errors": [{"error": "INVALID_CONTENT_VARIABLES", "in": "body", "path": "/content_variables/2", "message": format!("value {value} is odd"), "params": {}}], "warnings": []})
    };
    assert!(
        !envelope::confirmed_leaks(&doc, &echo(&doc), &echo).is_empty(),
        "an echoed variable value went unnoticed"
    );
}
