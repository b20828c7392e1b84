//! The public SSRF corpus (tests/ssrf/corpus.json) as requests' webhooks, through the JSON
//! entry point and the typed `check`: every `refuse` entry refused, every `accept` entry
//! accepted with its WHATWG serialization in the plan, and every entry (judged or not)
//! answered exactly as its `spec_as_written` says, except the few that rules added after the
//! corpus was classified answer otherwise (listed below, so the list cannot grow unseen).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use serde_json::{json, Map, Value};
use smsrules::{check, check_json, Body, Document};
use std::path::PathBuf;

fn ssrf_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/ssrf")
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(ssrf_dir().join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Entries whose `spec_as_written` predates two rules: host names of characters other than
/// letters, digits, `-`, `_` and `.` are ambiguous, and the named cloud metadata hosts are
/// internal. (url, `spec_as_written`, the answer now).
const CLASSIFIED_BEFORE_LATER_RULES: &[(&str, &str, &str)] = &[
    ("https://evil.com;google.com", "accept", "UNSAFE_WEBHOOK/AMBIGUOUS_HOST"),
    ("https://127.0.0.1!/", "accept", "UNSAFE_WEBHOOK/AMBIGUOUS_HOST"),
    ("https://evil$google.com", "accept", "UNSAFE_WEBHOOK/AMBIGUOUS_HOST"),
    (
        "https://metadata.packet.net/userdata",
        "accept",
        "UNSAFE_WEBHOOK/INTERNAL_NAME",
    ),
    (
        "https://metadata.tencentyun.com/latest/meta-data/",
        "accept",
        "UNSAFE_WEBHOOK/INTERNAL_NAME",
    ),
    (
        "https://metadata.tencentyun.com/latest/meta-data/uuid",
        "accept",
        "UNSAFE_WEBHOOK/INTERNAL_NAME",
    ),
];

fn request_with(url: &str) -> Value {
    json!({"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi", "webhook": url})
}

/// The answer for `/webhook` in the corpus's spelling: `accept`, `INVALID_URL` or
/// `UNSAFE_WEBHOOK/<reason>`, or a description of what is wrong with the envelope.
fn webhook_answer(envelope: &Value) -> String {
    let issues: Vec<&Value> = envelope["errors"]
        .as_array()
        .into_iter()
        .chain(envelope["warnings"].as_array())
        .flatten()
        .filter(|issue| issue["path"] == "/webhook")
        .collect();
    match issues.as_slice() {
        [] => "accept".to_owned(),
        [issue] if issue["in"] == "body" && issue["error"] == "UNSAFE_WEBHOOK" => {
            format!("UNSAFE_WEBHOOK/{}", issue["params"]["reason"].as_str().unwrap_or("?"))
        }
        [issue] if issue["in"] == "body" && issue["error"] == "INVALID_URL" => "INVALID_URL".to_owned(),
        more => format!("unexpected issues {more:?}"),
    }
}

#[test]
fn every_corpus_url_is_judged_as_classified() {
    let corpus = load("corpus.json");
    let serialized = load("serialized.json");
    let entries = corpus.as_array().unwrap();
    assert_eq!(entries.len(), 536, "the corpus lost or gained entries");
    let count = |expect: Value| entries.iter().filter(|e| e["expect"] == expect).count();
    assert_eq!((count(json!("refuse")), count(json!("accept"))), (398, 44));

    let mut failures = Vec::new();
    let mut differences = Vec::new();
    for entry in entries {
        let url = entry["url"].as_str().unwrap();
        let document = json!({"request": request_with(url)});
        let text = check_json(&document.to_string());
        let envelope: Value = serde_json::from_str(&text).unwrap();

        // The typed entry point gives the same envelope.
        let typed = check(&Document::new(Body::Value(request_with(url)))).to_json();
        if typed != text {
            failures.push(format!("{url:?}: typed check differs from check_json"));
        }

        let answer = webhook_answer(&envelope);
        let judged_right = match entry["expect"].as_str() {
            Some("refuse") => answer.starts_with("UNSAFE_WEBHOOK/") || answer == "INVALID_URL",
            Some("accept") => answer == "accept",
            _ => true,
        };
        if !judged_right {
            failures.push(format!("{url:?}: expected {}, got {answer}", entry["expect"]));
        }
        let as_written = entry["spec_as_written"].as_str().unwrap();
        if answer != as_written {
            differences.push((url.to_owned(), as_written.to_owned(), answer.clone()));
        }
        if entry["expect"] == "accept" {
            let href = serialized
                .get(url)
                .unwrap_or_else(|| panic!("{url:?} has no serialization"));
            let expected = json!({"value": href, "source": "request"});
            if envelope["data"]["webhook"] != expected {
                failures.push(format!(
                    "{url:?}: plan webhook {} instead of {expected}",
                    envelope["data"]["webhook"]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let expected: Vec<(String, String, String)> = CLASSIFIED_BEFORE_LATER_RULES
        .iter()
        .map(|&(url, as_written, now)| (url.to_owned(), as_written.to_owned(), now.to_owned()))
        .collect();
    assert_eq!(differences, expected, "answers that differ from `spec_as_written`");
}

/// The serializations are WHATWG's, and each is itself a safe webhook that stays as it is.
#[test]
fn serialized_urls_are_fixed_points() {
    let serialized: Map<String, Value> = serde_json::from_value(load("serialized.json")).unwrap();
    assert_eq!(serialized.len(), 44);
    for (given, href) in &serialized {
        let href = href.as_str().unwrap();
        assert_eq!(url::Url::parse(given).unwrap().as_str(), href, "{given:?}");
        assert_eq!(smsrules::webhook::check_webhook(href).as_deref(), Ok(href), "{given:?}");
    }
}
