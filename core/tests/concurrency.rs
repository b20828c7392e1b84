//! The whole conformance corpus checked from 8 threads at once gives byte-identical
//! envelopes to a serial run, through both `check_json` and the typed `check`: no shared
//! state, no order dependence (hash seeds differ per map), no interference between calls.

// Test helpers, like tests, fail by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "../../tests/support/vectors.rs"]
mod vectors;

use serde_json::Value;
use smsrules::{check, check_json, Body, Document};
use std::path::PathBuf;
use std::sync::{Arc, Barrier};

const THREADS: usize = 8;
/// Passes over the corpus per thread, each starting at a different case.
const ROUNDS: usize = 3;

/// One corpus entry: the document text, and the typed document when the case allows one.
struct Entry {
    id: String,
    text: String,
    typed: Option<Document>,
}

fn corpus() -> Vec<Entry> {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    vectors::load(&repo)
        .iter()
        .map(|(_, case)| {
            let typed = (case["only_json"] != Value::Bool(true) && case.get("input_text").is_none()).then(|| {
                let input = &case["input"];
                let mut doc = Document::new(Body::Value(input["request"].clone()));
                doc = doc.with_headers(input.get("headers").cloned());
                doc = doc.with_context(input.get("context").cloned());
                doc = doc.with_options_value(input.get("options").cloned());
                doc
            });
            Entry {
                id: case["id"].as_str().unwrap().to_owned(),
                text: vectors::document_text(case),
                typed,
            }
        })
        .collect()
}

/// The answers for one entry: the `check_json` text and the typed envelope's text.
fn answers(entry: &Entry) -> (String, Option<String>) {
    (
        check_json(&entry.text),
        entry.typed.as_ref().map(|d| check(d).to_json()),
    )
}

#[test]
fn eight_threads_answer_byte_for_byte_like_one() {
    let corpus = Arc::new(corpus());
    assert!(corpus.len() > 100, "too few conformance vectors: {}", corpus.len());
    let serial: Arc<Vec<(String, Option<String>)>> = Arc::new(corpus.iter().map(answers).collect());

    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            let (corpus, serial, start) = (Arc::clone(&corpus), Arc::clone(&serial), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                let mut mismatches = Vec::new();
                let n = corpus.len();
                for round in 0..ROUNDS {
                    // Threads walk the corpus from different offsets so different cases overlap.
                    let offset = (t * n / THREADS + round * 7) % n;
                    for i in (0..n).map(|k| (k + offset) % n) {
                        if answers(&corpus[i]) != serial[i] {
                            mismatches.push(format!("thread {t} round {round}: {}", corpus[i].id));
                        }
                    }
                }
                mismatches
            })
        })
        .collect();
    let mismatches: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("a worker panicked"))
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} envelopes differ from the serial run:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn the_comparison_can_fail() {
    // Guard against a vacuous test: distinct documents must give distinct answers.
    let corpus = corpus();
    let distinct: std::collections::HashSet<String> = corpus.iter().map(|e| check_json(&e.text)).collect();
    assert!(
        distinct.len() > corpus.len() / 2,
        "the corpus answers look alike: {} distinct",
        distinct.len()
    );
}
