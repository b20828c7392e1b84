//! Runs every shared conformance vector (tests/conformance/vectors) through the JSON entry
//! point and, unless a case is `only_json`, through the typed `check` too.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

#[path = "../../tests/support/vectors.rs"]
mod vectors;

use serde_json::{json, Value};
use smsrules::{check, check_json, Body, Code, Document, PreparedContext};
use std::path::PathBuf;
use vectors::document_text;

/// Every case, with the file it came from.
fn load_cases() -> Vec<(String, Value)> {
    vectors::load(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".."))
}

fn issue_matches(actual: &Value, expected: &Value) -> bool {
    let e = expected.as_array().unwrap();
    let head = [&actual["in"], &actual["path"], &actual["error"]];
    if e.len() < 3 || head.iter().zip(e.iter()).any(|(a, b)| a != &b) {
        return false;
    }
    match e.get(3) {
        None => true,
        Some(Value::Object(params)) => params.iter().all(|(k, v)| actual["params"].get(k) == Some(v)),
        Some(_) => false,
    }
}

/// Differences between an envelope and a case's expectations (empty when it conforms).
fn differences(envelope: &Value, expect: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    for list in ["errors", "warnings"] {
        let actual: Vec<Value> = envelope[list].as_array().cloned().unwrap_or_default();
        let expected = expect[list].as_array().cloned().unwrap_or_default();
        let ok = actual.len() == expected.len() && actual.iter().zip(&expected).all(|(a, e)| issue_matches(a, e));
        if !ok {
            let got: Vec<String> = actual
                .iter()
                .map(|a| format!("[{}, {}, {}, {}]", a["in"], a["path"], a["error"], a["params"]))
                .collect();
            diffs.push(format!(
                "{list}: expected {}, got [{}]",
                Value::Array(expected),
                got.join(", ")
            ));
        }
    }
    let errors_empty = envelope["errors"].is_null();
    if errors_empty == envelope["data"].is_null() {
        diffs.push("data must be null exactly when errors is non-empty".into());
    }
    if let Some(Value::Object(plan)) = expect.get("plan") {
        for (field, want) in plan {
            let got = &envelope["data"][field];
            if got != want {
                diffs.push(format!("plan.{field}: expected {want}, got {got}"));
            }
        }
    }
    if envelope["errors"] == Value::Array(Vec::new()) {
        diffs.push("errors must be null, never []".into());
    }
    diffs
}

fn typed_document(input: &Value) -> Document {
    let doc = typed_document_without_context(input);
    match input.get("context") {
        Some(context) => doc.with_context(context.clone()),
        None => doc,
    }
}

fn typed_document_without_context(input: &Value) -> Document {
    let mut doc = Document::new(Body::Value(input["request"].clone()));
    if let Some(headers) = input.get("headers") {
        doc = doc.with_headers(headers.clone());
    }
    if let Some(options) = input.get("options") {
        doc = doc.with_options_value(options.clone());
    }
    doc
}

#[test]
fn every_vector_conforms_through_every_rust_entry_point() {
    let cases = load_cases();
    assert!(cases.len() > 10, "too few vectors found");
    let mut failures = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (file, case) in &cases {
        let id = case["id"].as_str().unwrap_or("?").to_owned();
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        assert!(
            case["why"].as_str().is_some_and(|w| !w.is_empty()),
            "{id}: `why` is required"
        );
        let envelope: Value = serde_json::from_str(&check_json(&document_text(case))).unwrap();
        for d in differences(&envelope, &case["expect"]) {
            failures.push(format!("{file} {id} (check_json): {d}"));
        }
        if case["only_json"] != Value::Bool(true) && case.get("input_text").is_none() {
            let document = typed_document(&case["input"]);
            let outcome = check(&document);
            let judgement = smsrules::judge(&document);
            if (&judgement.errors, &judgement.warnings) != (&outcome.errors, &outcome.warnings) {
                failures.push(format!("{file} {id} (judge): issues differ from check's"));
            }
            if smsrules::check_to_json(&document) != outcome.to_json() {
                failures.push(format!("{file} {id} (check_to_json): text differs from check's"));
            }
            if let Some(context) = case["input"].get("context").cloned() {
                let prepared = typed_document_without_context(&case["input"])
                    .with_prepared_context(std::sync::Arc::new(PreparedContext::new(context, &[])));
                if check(&prepared) != outcome {
                    failures.push(format!("{file} {id} (prepared context): outcome differs from check's"));
                }
            }
            let typed = outcome.to_value();
            if typed != envelope {
                failures.push(format!(
                    "{file} {id} (check): typed envelope differs from check_json:\n  {typed}\n  {envelope}"
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
}

#[test]
fn every_code_has_a_vector() {
    let cases = load_cases();
    let mut seen = std::collections::HashSet::new();
    for (_, case) in &cases {
        for list in ["errors", "warnings"] {
            for issue in case["expect"][list].as_array().into_iter().flatten() {
                seen.insert(issue[2].as_str().unwrap().to_owned());
            }
        }
    }
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !seen.contains(*c))
        .collect();
    assert!(missing.is_empty(), "codes without a conformance vector: {missing:?}");
}

#[test]
fn every_valid_request_satisfies_the_json_schema() {
    let schema = smsrules::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut checked = 0;
    for (_, case) in load_cases() {
        let valid = case["expect"]["errors"].as_array().is_some_and(Vec::is_empty);
        let Some(request) = case["input"].get("request") else {
            continue;
        };
        // The schema describes the strict wire format; lenient phone input is smsrules' own.
        if case["input"]["options"]["phone_input"] == "lenient" {
            continue;
        }
        if valid {
            let errors: Vec<String> = validator.iter_errors(request).map(|e| e.to_string()).collect();
            assert!(
                errors.is_empty(),
                "{}: valid request fails the schema: {errors:?}",
                case["id"]
            );
            checked += 1;
        }
    }
    assert!(checked > 5);
}

/// Where the schema can say what the rules say, it says the same: content variable keys
/// against Unicode White_Space (not ECMAScript's `\s`), and a pathway version's range
/// (0 to the largest 64-bit unsigned integer, integer-valued doubles included). Each request is judged by the core and by the schema, and they must agree.
#[test]
fn the_schema_agrees_with_the_rules_on_keys_and_versions() {
    let schema = smsrules::json_schema();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let base = json!({"user_number": "+14155552671", "agent_number": "+14155550000", "content_sid": "HX00000000000000000000000000000000"});
    let with = |key: &str, value: Value| {
        let mut request = base.clone();
        request[key] = value;
        request
    };
    let cases = [
        with("content_variables", json!({"a\u{85}b": "v"})),
        with("content_variables", json!({"a\u{3000}b": "v"})),
        with("content_variables", json!({"a\u{feff}b": "v"})),
        with("content_variables", json!({"a\u{200b}b": "v"})),
        with("content_variables", json!({"ab": "v"})),
        with("pathway_version", json!(1e30)),
        with("pathway_version", json!(1e19)),
        with("pathway_version", json!(2.0)),
        with("pathway_version", json!(18_446_744_073_709_551_615_u64)),
        with("pathway_version", json!(-1)),
    ];
    for request in cases {
        let by_rules = smsrules::check_json(&json!({"request": request}).to_string());
        let rules_ok = serde_json::from_str::<Value>(&by_rules).unwrap()["errors"].is_null();
        assert_eq!(validator.is_valid(&request), rules_ok, "{request} → {by_rules}");
    }
}

/// A binding that converts deeper than the core's limit (and marks its own cut-off as a
/// fault) gets the same single issue per context part as `check_json`.
#[test]
fn binding_depth_faults_do_not_double_report() {
    let mut deep = serde_json::json!({});
    for _ in 0..40 {
        deep = serde_json::json!({ "a": deep });
    }
    let request =
        serde_json::json!({"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "hi"});
    let context = serde_json::json!({"number": {"phone_number": "+14155550000", "sms_config": {"request_data": deep}}});
    let doc_text = serde_json::json!({"request": request, "context": context}).to_string();
    let expected = check_json(&doc_text);
    let binding_cut = format!("/number/sms_config/request_data{}", "/a".repeat(31));
    let doc = Document::new(Body::Value(request))
        .with_context(context)
        .with_faults([smsrules::ForeignFault {
            part: smsrules::Location::Context,
            pointer: binding_cut,
            kind: smsrules::ForeignFaultKind::TooDeep,
        }]);
    assert_eq!(check(&doc).to_json(), expected);
    let envelope: Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(envelope["errors"].as_array().unwrap().len(), 1);
}

/// A body the binding could not convert at all is one INVALID_TYPE at "", not two.
#[test]
fn a_whole_body_fault_is_reported_once() {
    let doc = Document::new(Body::Value(Value::Null)).with_faults([smsrules::ForeignFault {
        part: smsrules::Location::Body,
        pointer: String::new(),
        kind: smsrules::ForeignFaultKind::NotJson,
    }]);
    let outcome = check(&doc);
    assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
    assert_eq!(outcome.errors[0].error, Code::InvalidType);
    assert_eq!(outcome.errors[0].path, "");
}

/// `check_json` serialises the typed plan where it lies; the typed entry point builds a
/// `Value` of it. Both must give the same text on every conformance vector (valid plans of
/// every shape: templates, merges, persist, layers, replays).
#[test]
fn serialised_plan_matches_the_plan_value_on_every_vector() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance/vectors");
    let mut documents = 0;
    let mut plans = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let cases: serde_json::Value = serde_json::from_str(&text).unwrap();
        for case in cases.as_array().unwrap() {
            let doc = case["input"].to_string();
            let outcome = check(&Document::from_json(&doc));
            plans += usize::from(outcome.plan.is_some());
            documents += 1;
            assert_eq!(smsrules::check_json(&doc), outcome.to_json(), "{}", case["id"]);
        }
    }
    assert!(documents > 100 && plans > 50, "{documents} documents, {plans} plans");
}
