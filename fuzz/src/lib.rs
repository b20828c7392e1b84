//! Properties the fuzz targets assert, beyond "no panic". Every failure panics with a message
//! that names the broken rule, so libFuzzer saves the input as a crash.

#[path = "../../tests/support/envelope.rs"]
pub mod envelope;
pub mod generate;

use serde_json::{json, Value};
use smsrules::{Body, Document};

/// The envelope of `doc_text` through `check_json`, asserting docs/src/envelope.md shape, determinism
/// and the absence of personal data in issue messages. Returns the parsed envelope.
pub fn check_document_text(doc_text: &str) -> Value {
    let (out, parsed) = checked_envelope(doc_text);
    let leaks = envelope::confirmed_leaks(doc_text, &parsed, &|text| parse_envelope(&smsrules::check_json(text)));
    assert!(
        leaks.is_empty(),
        "personal data in issue messages: {leaks:?}\nenvelope: {out}"
    );
    parsed
}

/// [`check_document_text`] for a document the target built as a value (saves a parse).
pub fn check_document(doc: &Value) -> Value {
    let doc_text = doc.to_string();
    let (out, parsed) = checked_envelope(&doc_text);
    let leaks = envelope::confirmed_leaks_in(doc, &parsed, &|text| parse_envelope(&smsrules::check_json(text)));
    assert!(
        leaks.is_empty(),
        "personal data in issue messages: {leaks:?}\nenvelope: {out}\ndocument: {doc_text}"
    );
    parsed
}

/// The envelope text and value of `doc_text`, asserting its shape, and (for one input in
/// four, chosen by content so a crash reproduces) that a second run prints the same bytes.
fn checked_envelope(doc_text: &str) -> (String, Value) {
    let out = smsrules::check_json(doc_text);
    let (parsed, problems) = envelope::parse_and_check(&out);
    assert!(problems.is_empty(), "malformed envelope {problems:?}\nenvelope: {out}");
    let sample = doc_text
        .bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    if sample.is_multiple_of(4) {
        assert_eq!(out, smsrules::check_json(doc_text), "check_json is not deterministic");
    }
    (out, parsed)
}

/// When the document text is plain JSON (no duplicate keys, nothing non-I-JSON, nothing
/// cut for depth) with a `request`, the typed entry point given the same parts must answer
/// exactly as `check_json` did: that is what every binding's object entry point relies on.
pub fn assert_typed_agrees(doc_text: &str, envelope: &Value) {
    let options = smsrules::json::ParseOptions { max_depth: 64 };
    let Ok(parsed) = smsrules::json::parse(doc_text, options) else {
        return;
    };
    if !parsed.duplicates.is_empty() || !parsed.faults.is_empty() || !parsed.too_deep.is_empty() {
        return;
    }
    let Value::Object(mut root) = parsed.value else {
        return;
    };
    let mut part = |key: &str| root.remove(key).filter(|v| !v.is_null());
    let (Some(body), None) = (part("request"), part("request_text")) else {
        return;
    };
    let (headers, context, options) = (part("headers"), part("context"), part("options"));
    // Parts that are no objects are the document's own fault in check_json (INVALID_INPUT).
    if [&headers, &context, &options]
        .iter()
        .any(|p| p.as_ref().is_some_and(|v| !v.is_object()))
    {
        return;
    }
    // Known differences: over-deep header values (deep/headers-100k: check_json cuts them
    // to null, the typed check sees them whole), and an over-deep body meeting an idempotency
    // record (see the structured target).
    let deep = |v: &Option<Value>| v.as_ref().is_some_and(|v| depth(v) > smsrules::DEPTH_LIMIT);
    let record = context.as_ref().is_some_and(|c| c.get("idempotency").is_some());
    if deep(&headers) || (record && depth(&body) > smsrules::DEPTH_LIMIT) {
        return;
    }
    let whole = json!({"b": &body, "h": &headers, "c": &context, "o": &options});
    if has_noncharacter(&whole) {
        return;
    }
    let typed = check_typed(body, headers, context, options);
    assert_eq!(
        &typed, envelope,
        "the typed check differs from check_json\ndocument: {doc_text}"
    );
}

/// The envelope text as a value (it was checked to be JSON already).
pub fn parse_envelope(text: &str) -> Value {
    smsrules::json::parse(text, smsrules::json::ParseOptions { max_depth: 64 })
        .map(|p| p.value)
        .unwrap_or(Value::Null)
}

/// The typed entry point over a parsed document's parts, as a binding would call it; `judge`,
/// `check_to_json` and a prepared context must agree with it.
pub fn check_typed(body: Value, headers: Option<Value>, context: Option<Value>, options: Option<Value>) -> Value {
    let doc = Document::new(Body::Value(body))
        .with_headers(headers)
        .with_context(context.clone())
        .with_options_value(options);
    let outcome = smsrules::check(&doc);
    let judgement = smsrules::judge(&doc);
    assert_eq!(
        (&judgement.errors, &judgement.warnings),
        (&outcome.errors, &outcome.warnings),
        "judge (no plan) and check disagree on the issues"
    );
    assert_eq!(
        smsrules::check_to_json(&doc),
        outcome.to_json(),
        "check_to_json (the plan written where it lies) differs from check's text"
    );
    // A prepared context (its reading kept beside its value) answers as the raw one.
    if let Some(context) = context {
        let prepared = std::sync::Arc::new(smsrules::PreparedContext::new(context, &[]));
        let doc = doc.with_context(None).with_prepared_context(prepared);
        assert_eq!(smsrules::check(&doc), outcome, "a prepared context answers otherwise");
    }
    outcome.to_value()
}

/// True when a string or key anywhere in `value` holds a noncharacter: the JSON entry point
/// reports those as INVALID_JSON (text), the typed one as INVALID_TYPE (values), by docs/src/edge-cases.md.
pub fn has_noncharacter(value: &Value) -> bool {
    let bad = |s: &str| {
        s.chars().any(|c| {
            let n = u32::from(c);
            (0xFDD0..=0xFDEF).contains(&n) || n & 0xFFFE == 0xFFFE
        })
    };
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if bad(s) => return true,
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                if map.keys().any(|k| bad(k)) {
                    return true;
                }
                stack.extend(map.values());
            }
            _ => {}
        }
    }
    false
}

/// How many container levels `value` nests (a scalar is 0, `[]` is 1).
pub fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 1)];
    while let Some((v, level)) = stack.pop() {
        match v {
            Value::Array(items) => {
                deepest = deepest.max(level);
                stack.extend(items.iter().map(|i| (i, level + 1)));
            }
            Value::Object(map) => {
                deepest = deepest.max(level);
                stack.extend(map.values().map(|i| (i, level + 1)));
            }
            _ => {}
        }
    }
    deepest
}

/// `envelope` holds exactly one error, of `code` at `""` in `part`, no warnings and no plan:
/// what input that cannot be read as text gets.
pub fn assert_single_error(envelope: &Value, part: &str, code: &str) {
    let errors = envelope.get("errors").and_then(Value::as_array);
    let only = errors.filter(|e| e.len() == 1).and_then(|e| e.first());
    assert!(
        only.is_some_and(|issue| issue["error"] == code && issue["in"] == part && issue["path"] == "")
            && envelope["data"].is_null()
            && envelope["warnings"].as_array().is_some_and(Vec::is_empty),
        "expected one {code} at \"\" in {part}: {envelope}"
    );
}

/// `max_issues` only decides how many issues are shown, never how many exist: for the
/// same body text judged with different `max_issues`, each list's issues shown plus its
/// `TOO_MANY_ISSUES` `omitted` is the same number, and a smaller list is the start of a larger
/// one (the envelope's order).
pub fn assert_omitted_exact(text: &str) {
    let judged: Vec<(usize, Value)> = [1usize, 2, 5, 1000]
        .into_iter()
        .map(|max_issues| {
            let mut doc = Document::new(Body::Text(text.to_owned()));
            doc = doc.with_options_value(Some(json!({ "max_issues": max_issues })));
            (max_issues, smsrules::check(&doc).to_value())
        })
        .collect();
    for list in ["errors", "warnings"] {
        let split = |envelope: &Value| -> (Vec<Value>, u64) {
            let issues = envelope[list].as_array().cloned().unwrap_or_default();
            match issues.split_last() {
                Some((last, rest)) if last["error"] == "TOO_MANY_ISSUES" => {
                    (rest.to_vec(), last["params"]["omitted"].as_u64().unwrap_or(u64::MAX))
                }
                _ => (issues, 0),
            }
        };
        let mut totals = Vec::new();
        let (widest, _) = split(&judged.last().map(|(_, e)| e.clone()).unwrap_or(Value::Null));
        for (max_issues, envelope) in &judged {
            let (shown, omitted) = split(envelope);
            assert!(
                shown.len() <= *max_issues,
                "{list}: more than max_issues {max_issues} shown"
            );
            assert!(
                widest.starts_with(&shown) || shown.starts_with(&widest),
                "{list} with max_issues {max_issues} is not the start of the list with 1000"
            );
            totals.push((shown.len() as u64).saturating_add(omitted));
        }
        assert!(
            totals.windows(2).all(|pair| pair.first() == pair.last()),
            "{list}: shown + omitted differs with max_issues (1, 2, 5, 1000): {totals:?}"
        );
    }
}
