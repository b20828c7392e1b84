//! The public SSRF corpus (tests/ssrf/corpus.json) through the `smsrules` command: each URL
//! as a request's webhook through `check -` (exit code and envelope), and all of them as one
//! `batch`. Every `refuse` entry is refused at `/webhook`; every `accept` entry is valid and
//! its plan carries the URL's WHATWG serialization.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn smsrules(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smsrules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from another thread: the child may fill its stdout pipe before reading all input.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/ssrf")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn request_line(url: &str) -> String {
    json!({"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi", "webhook": url})
        .to_string()
}

/// What is wrong with `envelope` for a corpus entry, if anything.
fn problem(entry: &Value, serialized: &Value, envelope: &Value) -> Option<String> {
    let url = entry["url"].as_str().unwrap();
    let hook_issues: Vec<&Value> = envelope["errors"]
        .as_array()
        .into_iter()
        .chain(envelope["warnings"].as_array())
        .flatten()
        .filter(|issue| issue["path"] == "/webhook")
        .collect();
    match entry["expect"].as_str() {
        Some("refuse") => {
            let refused = matches!(hook_issues.as_slice(), [issue]
                if issue["in"] == "body" && (issue["error"] == "UNSAFE_WEBHOOK" || issue["error"] == "INVALID_URL"));
            (!refused).then(|| format!("{url:?} should be refused, got {hook_issues:?}"))
        }
        Some("accept") => {
            let expected = json!({"value": serialized[url], "source": "request"});
            if !hook_issues.is_empty() {
                Some(format!("{url:?} should be accepted, got {hook_issues:?}"))
            } else if envelope["data"]["webhook"] != expected {
                Some(format!(
                    "{url:?}: plan webhook {} instead of {expected}",
                    envelope["data"]["webhook"]
                ))
            } else {
                None
            }
        }
        _ => None,
    }
}

#[test]
fn every_corpus_url_through_check_and_batch() {
    let corpus = load("corpus.json");
    let serialized = load("serialized.json");
    let entries = corpus.as_array().unwrap();
    assert_eq!(entries.len(), 536);

    let mut failures = Vec::new();
    let mut batch_input = String::new();
    let mut answers = Vec::new();
    for entry in entries {
        let line = request_line(entry["url"].as_str().unwrap());
        let out = smsrules(&["check", "--compact", "-"], &line);
        let stdout = String::from_utf8(out.stdout).unwrap();
        let envelope: Value = serde_json::from_str(&stdout).unwrap();
        let valid = envelope["errors"].is_null();
        if out.status.code() != Some(if valid { 0 } else { 1 }) {
            failures.push(format!("{}: exit code {:?}", entry["url"], out.status.code()));
        }
        failures.extend(problem(entry, &serialized, &envelope));
        batch_input.push_str(&line);
        batch_input.push('\n');
        answers.push(stdout.trim_end().to_owned());
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );

    let out = smsrules(&["batch", "-", "--quiet"], &batch_input);
    assert_eq!(out.status.code(), Some(1), "the corpus holds invalid webhooks");
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(lines, answers, "batch answers differ from `check`");
}
