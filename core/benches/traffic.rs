//! The check on traffic as a server sees it: every request with its own context.
//!
//! `cargo bench -p smsrules --bench traffic` reads `bench/corpus/traffic.jsonl` (written by
//! `python3 bench/corpus/traffic.py`; `SMSRULES_TRAFFIC=FILE` points elsewhere): one input
//! document a line, `{"request", "context"}` and sometimes `"headers"`, nearly every context
//! different from the one before it.
//!
//! An interleaved pass (every implementation once per round over the corpus, rotating the
//! order, median of `SMSRULES_BENCH_ROUNDS` rounds, 9 by default) prints a markdown table of
//! µs per document and the ratios the goals are stated in: the JSON entry against a
//! `serde_json` parse of the same text, and a check with its context against the same
//! request checked alone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

#[path = "support/rounds.rs"]
mod rounds;

use std::path::PathBuf;

use serde_json::Value;
use smsrules::json::{parse, scan, ParseOptions};
use smsrules::phone::{check_canonical, PhoneCheck};
use smsrules::{check, check_json, Body, Document, PreparedContext, DEPTH_LIMIT};

struct Corpus {
    /// The whole input document of each line, as text.
    documents: Vec<String>,
    /// `{"request": ...}` alone, as text (what the request costs without its context).
    requests_only: Vec<String>,
    /// The whole document without `context.account` (what the account's numbers cost).
    without_account: Vec<String>,
    /// The whole document with only `context.account` (the account's numbers alone).
    account_only: Vec<String>,
    /// Each line's parts, parsed (what a server holding parsed data passes).
    parts: Vec<(Value, Option<Value>, Option<String>)>,
    /// Each line as the typed entry takes it, made before timing: the request alone...
    typed_alone: Vec<Document>,
    /// ...and with its own context.
    typed_with_context: Vec<Document>,
}

fn load() -> Corpus {
    let path = std::env::var("SMSRULES_TRAFFIC")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../bench/corpus/traffic.jsonl"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {} ({e}); run `python3 bench/corpus/traffic.py` first",
            path.display()
        )
    });
    let mut corpus = Corpus {
        documents: Vec::new(),
        requests_only: Vec::new(),
        without_account: Vec::new(),
        account_only: Vec::new(),
        parts: Vec::new(),
        typed_alone: Vec::new(),
        typed_with_context: Vec::new(),
    };
    let limit = std::env::var("SMSRULES_BENCH_LIMIT")
        .ok()
        .and_then(|l| l.parse().ok())
        .unwrap_or(usize::MAX);
    for line in text.lines().filter(|l| !l.is_empty()).take(limit) {
        let document: Value = serde_json::from_str(line).expect("a corpus line is JSON");
        let request = document["request"].clone();
        let context = document.get("context").cloned();
        let key = document
            .get("headers")
            .and_then(|h| h.get("idempotency-key"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        corpus
            .requests_only
            .push(serde_json::json!({ "request": request }).to_string());
        let mut trimmed = document.clone();
        let account = trimmed
            .get_mut("context")
            .and_then(Value::as_object_mut)
            .and_then(|c| c.remove("account"));
        corpus.without_account.push(trimmed.to_string());
        let mut alone = serde_json::json!({ "request": document["request"] });
        if let Some(headers) = document.get("headers") {
            alone["headers"] = headers.clone();
        }
        if let Some(account) = account {
            alone["context"] = serde_json::json!({ "account": account });
        }
        corpus.account_only.push(alone.to_string());
        corpus.documents.push(line.to_owned());
        corpus.typed_alone.push(typed(&request, None, key.as_ref()));
        corpus
            .typed_with_context
            .push(typed(&request, context.as_ref(), key.as_ref()));
        corpus.parts.push((request, context, key));
    }
    corpus
}

fn typed(request: &Value, context: Option<&Value>, key: Option<&String>) -> Document {
    let mut document = Document::new(Body::Value(request.clone()));
    document = document.with_context(context.cloned());
    if let Some(key) = key {
        document = document.with_headers(Some(serde_json::json!({ "idempotency-key": key })));
    }
    document
}

struct Implementation {
    name: &'static str,
    what: &'static str,
    floor: Option<&'static str>,
    run: fn(&Corpus) -> usize,
}

fn implementations() -> Vec<Implementation> {
    vec![
        Implementation {
            name: "serde_json::from_str",
            what: "parse the document text into a `Value` (the floor)",
            floor: None,
            run: |c| {
                c.documents
                    .iter()
                    .map(|d| serde_json::from_str::<Value>(d).map(|_| 1).unwrap_or(0))
                    .sum()
            },
        },
        Implementation {
            name: "check_json(request)",
            what: "the JSON entry, the request alone",
            floor: None,
            run: |c| c.requests_only.iter().map(|d| check_json(d).len()).sum(),
        },
        Implementation {
            name: "check_json(request + context)",
            what: "the JSON entry, the whole document",
            floor: Some("serde_json::from_str"),
            run: |c| c.documents.iter().map(|d| check_json(d).len()).sum(),
        },
        Implementation {
            name: "check_json(request + context without account)",
            what: "the JSON entry, the document without `context.account` (timing split)",
            floor: Some("check_json(request)"),
            run: |c| c.without_account.iter().map(|d| check_json(d).len()).sum(),
        },
        Implementation {
            name: "check_json(request + account only)",
            what: "the JSON entry, the request with only `context.account` (timing split)",
            floor: Some("check_json(request)"),
            run: |c| c.account_only.iter().map(|d| check_json(d).len()).sum(),
        },
        Implementation {
            name: "check(request)",
            what: "typed entry, parsed request, no context",
            floor: None,
            run: |c| c.typed_alone.iter().map(|d| check(d).errors.len() + 1).sum(),
        },
        Implementation {
            name: "check(request, context)",
            what: "typed entry, parsed request and its own parsed context",
            floor: Some("check(request)"),
            run: |c| c.typed_with_context.iter().map(|d| check(d).errors.len() + 1).sum(),
        },
        Implementation {
            name: "smsrules::json::parse",
            what: "the core's own parser on the document text (timing split)",
            floor: Some("serde_json::from_str"),
            run: |c| {
                c.documents
                    .iter()
                    .map(|d| parse(d, ParseOptions { max_depth: DEPTH_LIMIT }).map_or(0, |_| 1))
                    .sum()
            },
        },
        Implementation {
            name: "Value::clone(context)",
            what: "copy the parsed context (what the next row pays before judging)",
            floor: None,
            run: |c| c.parts.iter().map(|(_, x, _)| usize::from(x.clone().is_some())).sum(),
        },
        Implementation {
            name: "PreparedContext::new(context)",
            what: "copy and judge the parsed context: its shape, account numbers (timing split)",
            floor: Some("Value::clone(context)"),
            run: |c| {
                c.parts
                    .iter()
                    .map(|(_, x, _)| x.clone().map_or(0, |x| PreparedContext::new(x, &[]).issues().len() + 1))
                    .sum()
            },
        },
        Implementation {
            name: "json::scan(context)",
            what: "the walk for depth and I-JSON faults a parsed context gets (timing split)",
            floor: None,
            run: |c| {
                c.parts
                    .iter()
                    .filter_map(|(_, x, _)| x.as_ref())
                    .map(|x| scan(x, DEPTH_LIMIT).too_deep.len() + 1)
                    .sum()
            },
        },
        Implementation {
            name: "check_canonical per account number",
            what: "judge each `context.account.numbers` entry (the core does it per context; timing split)",
            floor: None,
            run: |c| {
                c.parts
                    .iter()
                    .filter_map(|(_, x, _)| x.as_ref()?.pointer("/account/numbers")?.as_array())
                    .map(|numbers| {
                        numbers
                            .iter()
                            .filter_map(Value::as_str)
                            .filter(|n| check_canonical(n, PhoneCheck::Valid).is_ok())
                            .count()
                    })
                    .sum()
            },
        },
    ]
}

fn main() {
    // `cargo bench` passes `--bench`; a plain `cargo test --benches` run passes nothing and
    // must stay quick.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let corpus = load();
    let rounds = rounds::rounds();
    let all = implementations();
    let runs: Vec<fn(&Corpus) -> usize> = all.iter().map(|i| i.run).collect();
    let timings = rounds::interleaved(&corpus, &runs, |_| corpus.documents.len(), rounds);
    let medians: Vec<f64> = timings.iter().map(|t| t.median).collect();
    let minima: Vec<f64> = timings.iter().map(|t| t.fastest).collect();
    let median_of = |name: &str| all.iter().position(|i| i.name == name).map(|i| medians[i]);
    let valid = corpus.typed_with_context.iter().filter(|d| check(d).is_valid()).count();
    let bytes = corpus.documents.iter().map(String::len).sum::<usize>() / corpus.documents.len().max(1);
    println!();
    println!(
        "Rust core on the traffic corpus: {} documents (each request with its own context, {bytes} bytes on average, {valid} valid); median of {rounds} interleaved rounds",
        corpus.documents.len()
    );
    println!();
    println!("| implementation | what | µs per document | min µs | ratio |");
    println!("|---|---|---:|---:|---:|");
    for ((implementation, micros), fastest) in all.iter().zip(&medians).zip(&minima) {
        let ratio = implementation
            .floor
            .and_then(|f| median_of(f).map(|m| (f, m)))
            .map_or(String::new(), |(f, m)| format!("{:.2}× `{f}`", micros / m));
        println!(
            "| `{}` | {} | {micros:.3} | {fastest:.3} | {ratio} |",
            implementation.name, implementation.what
        );
    }
    let ratio = |a: &str, b: &str| median_of(a).zip(median_of(b)).map_or(f64::NAN, |(a, b)| a / b);
    let verdict = |ratio: f64| if ratio <= 2.0 { "met" } else { "not met" };
    let json = ratio("check_json(request + context)", "serde_json::from_str");
    let typed = ratio("check(request, context)", "check(request)");
    let text = ratio("check_json(request + context)", "check_json(request)");
    println!();
    println!(
        "- Goal Rust `check_json` of request + context ≤ 2.0 × the serde_json parse of the same text: {json:.2} × ({}).",
        verdict(json)
    );
    println!(
        "- Goal Rust `check(request, context)` ≤ 2.0 × `check(request)`: {typed:.2} × ({}); through the JSON entry {text:.2} × ({}).",
        verdict(typed),
        verdict(text)
    );
}
