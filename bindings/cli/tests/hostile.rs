//! The hostile-input catalogue (tests/hostile/cases.json) through the `smsrules` command:
//! `check --input -` prints exactly the core's envelope for every case with the right exit
//! code, and a document holding only `request_text` gives the same envelope when its body
//! is piped to `check -` as raw text.

// Test helpers, like tests, fail by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../../tests/support/envelope.rs"]
mod envelope;
#[path = "../../../tests/support/hostile.rs"]
mod hostile;

use serde_json::Value;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the command gave: exit code and stdout, or why there was none.
fn run(args: &[&str], stdin: &str) -> Result<(Option<i32>, String), String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smsrules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start smsrules: {e}"))?;
    // Feed stdin and drain stdout on their own threads: either pipe may fill first.
    let mut pipe = child.stdin.take().ok_or("no stdin pipe")?;
    let input = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let mut out = child.stdout.take().ok_or("no stdout pipe")?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = out.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > hostile::HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("no answer within the hang guard of {:?}", hostile::HANG_GUARD));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let _ = writer.join();
    let stdout = reader.join().map_err(|_| "stdout reader panicked")?;
    Ok((status.code(), stdout))
}

#[test]
fn every_hostile_case_through_the_command_matches_the_core() {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let cases = hostile::load(&repo);
    assert!(cases.len() >= 100, "the catalogue lost cases: {}", cases.len());
    let mut failures = Vec::new();
    let mut raw_bodies = 0;
    for case in &cases {
        let text = hostile::build(&case.parts).unwrap();
        let expected = smsrules::check_json(&text);
        let envelope: Value = serde_json::from_str(&expected).unwrap_or(Value::Null);
        let valid = envelope["errors"].is_null();
        let mut problems = Vec::new();
        match run(&["check", "--compact", "--input", "-"], &text) {
            Err(e) => problems.push(e),
            Ok((code, stdout)) => {
                if stdout.trim_end() != expected {
                    problems.push("`check --input -` printed another envelope than check_json".into());
                }
                if code != Some(if valid { 0 } else { 1 }) {
                    problems.push(format!(
                        "exit code {code:?} for a {} envelope",
                        if valid { "valid" } else { "invalid" }
                    ));
                }
            }
        }
        // Shape and expectations: a pending case (a known core bug) is not held to them.
        if case.pending.is_none() {
            problems.extend(envelope::problems(&expected));
            problems.extend(hostile::expectation_problems(&case.expect, &envelope));
        }
        // The command's main mode reads the raw body: same answer as `request_text`.
        let only_request_text = smsrules::json::parse(&text, smsrules::json::ParseOptions { max_depth: 2 })
            .ok()
            // A lone surrogate in the document's own string cannot reach the raw body intact.
            .filter(|p| p.faults.is_empty())
            .and_then(|p| match p.value {
                Value::Object(map) if map.len() == 1 => {
                    map.get("request_text").and_then(Value::as_str).map(str::to_owned)
                }
                _ => None,
            });
        if let Some(body) = only_request_text {
            raw_bodies += 1;
            match run(&["check", "--compact", "-"], &body) {
                Err(e) => problems.push(format!("check -: {e}")),
                Ok((_, stdout)) if stdout.trim_end() != expected => {
                    problems.push("`check -` on the raw body printed another envelope than request_text".into());
                }
                Ok(_) => {}
            }
        }
        failures.extend(problems.into_iter().map(|p| format!("{}: {p}", case.id)));
    }
    assert!(raw_bodies > 20, "only {raw_bodies} cases ran as raw bodies");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
