//! The hostile-input catalogue (tests/hostile/cases.json) through `check_json`: every case
//! gets a well-formed envelope with the expected first issue, quotes no phone number or
//! message text, finishes (a generous hang guard, not a speed test) and keeps its memory
//! within a small multiple of its size.
//!
//! `HOSTILE_REPORT=1 cargo test -p smsrules --test hostile -- --nocapture` prints, per case,
//! the input size, time, peak memory and the first issues.

// Test helpers, like tests, fail by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../tests/support/envelope.rs"]
mod envelope;
#[path = "../../tests/support/hostile.rs"]
mod hostile;

use serde_json::Value;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Memory a case may add on top of what the process held before it: a few copies of the
/// input (the text, the parsed value, the canonical size walk) plus a fixed allowance.
/// Generous on purpose: it catches ballooning (memory per nesting level, per issue, per key
/// squared), not allocator noise.
fn memory_allowance(input_len: usize) -> u64 {
    let input = u64::try_from(input_len).unwrap_or(u64::MAX);
    input.saturating_mul(16).saturating_add(256 * 1024 * 1024)
}

fn envelope_of(text: &str) -> Value {
    serde_json::from_str(&smsrules::check_json(text)).unwrap_or(Value::Null)
}

#[test]
fn every_hostile_case_gets_a_clean_envelope() {
    let cases = hostile::load(&repo());
    assert!(cases.len() >= 100, "the catalogue lost cases: {}", cases.len());
    let report = std::env::var_os("HOSTILE_REPORT").is_some();
    let mut ids = std::collections::HashSet::new();
    let mut failures = Vec::new();
    let mut notes = Vec::new();
    for case in &cases {
        assert!(ids.insert(case.id.clone()), "duplicate id {}", case.id);
        assert!(!case.why.is_empty(), "{}: `why` is required", case.id);
        let text = match hostile::build(&case.parts) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{}: {e}", case.id));
                continue;
            }
        };
        let len = text.len();
        let measured = hostile::reset_peak_memory();
        let before = hostile::resident_memory();
        let started = Instant::now();
        // The check runs on its own thread so that a hang fails this case instead of the run.
        let (send, receive) = mpsc::channel();
        let worker_text = text.clone();
        std::thread::spawn(move || {
            let _ = send.send(smsrules::check_json(&worker_text));
        });
        let Ok(out) = receive.recv_timeout(hostile::HANG_GUARD) else {
            failures.push(format!(
                "{}: no envelope within the hang guard of {:?}",
                case.id,
                hostile::HANG_GUARD
            ));
            continue;
        };
        let elapsed = started.elapsed();
        let grown = match (measured, before, hostile::peak_memory()) {
            (true, Some(before), Some(peak)) => Some(peak.saturating_sub(before)),
            _ => None,
        };
        let envelope: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
        // Shape and expectations: a pending case (a known core bug) only notes them.
        let mut expected = envelope::problems(&out);
        expected.extend(hostile::expectation_problems(&case.expect, &envelope));
        let mut problems = envelope::confirmed_leaks(&text, &envelope, &envelope_of);
        if let Some(grown) = grown {
            if grown > memory_allowance(len) {
                problems.push(format!("peak memory grew by {grown} bytes for a {len}-byte input"));
            }
        }
        if report {
            let first = |list: &str| {
                envelope[list].get(0).map(|i| {
                    let path: String = i["path"].as_str().unwrap_or_default().chars().take(40).collect();
                    format!("{} {path} {}", i["in"], i["error"])
                })
            };
            println!(
                "{:<45} {:>10} B {:>8.1?} {:>6} MiB  err {:?} ({})  warn {:?}",
                case.id,
                len,
                elapsed,
                grown.map_or(-1, |g| i64::try_from(g / (1024 * 1024)).unwrap_or(-1)),
                first("errors"),
                envelope["errors"].as_array().map_or(0, Vec::len),
                first("warnings")
            );
        }
        match &case.pending {
            Some(reason) if !expected.is_empty() => {
                notes.push(format!("{} (pending: {reason}): {expected:?}", case.id))
            }
            Some(_) => notes.push(format!("{}: passes now; drop its `pending`", case.id)),
            None => problems.extend(expected),
        }
        for p in problems {
            failures.push(format!("{}: {p}", case.id));
        }
    }
    for note in &notes {
        eprintln!("note: {note}");
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The code lists every surface's envelope checks read (tests/spec-lists.json) are exactly
/// the core's codes: each code is an error code or a warning code or both, and nothing else.
#[test]
fn the_shared_code_lists_are_the_cores_codes() {
    let lists = envelope::spec_lists();
    let mut listed: Vec<&str> = lists
        .error_codes
        .iter()
        .chain(&lists.warning_codes)
        .map(String::as_str)
        .collect();
    listed.sort_unstable();
    listed.dedup();
    let mut core: Vec<&str> = smsrules::Code::ALL.iter().map(|c| c.as_str()).collect();
    core.sort_unstable();
    assert_eq!(listed, core);
    for list in [&lists.error_codes, &lists.warning_codes, &lists.plan_keys] {
        let mut unique = list.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), list.len(), "a list repeats an entry: {list:?}");
    }
}
