//! Binding-level guarantees that hold whatever the core decides: the typed entry point
//! answers exactly as the JSON entry point does for the same document, and only a call that
//! cannot run throws.

use super::*;
use serde_json::{json, Value};

/// The envelope of docs/src/envelope.md rebuilt from a typed outcome.
fn envelope(outcome: &Outcome) -> Value {
    let issues = |list: &[Issue]| -> Value {
        list.iter()
            .map(|issue| {
                json!({
                    "error": issue.error.wire(),
                    "in": issue.location.wire(),
                    "path": issue.path,
                    "message": issue.message,
                    "params": serde_json::from_str::<Value>(&issue.params_json).unwrap(),
                })
            })
            .collect()
    };
    json!({
        "data": outcome.plan_json.as_deref().map_or(Value::Null, |plan| serde_json::from_str(plan).unwrap()),
        "errors": if outcome.errors.is_empty() { Value::Null } else { issues(&outcome.errors) },
        "warnings": issues(&outcome.warnings),
    })
}

/// The docs/src/input.md document that says what a typed `check` call says, with the body as raw text.
fn equivalent_document(request: &str, context: Option<&str>, options: &Options) -> String {
    let mut doc = format!("{{\"request_text\":{}", Value::from(request));
    if let Some(context) = context {
        doc.push_str(&format!(",\"context\":{context}"));
    }
    if let Some(opts) = options.to_core_options() {
        doc.push_str(&format!(",\"options\":{opts}"));
    }
    if let Some(headers) = options.to_core_headers() {
        doc.push_str(&format!(",\"headers\":{headers}"));
    }
    doc.push('}');
    doc
}

fn assert_same_as_check_json(request: &str, context: Option<&str>, options: Options) {
    let outcome = check(request.to_owned(), context.map(str::to_owned), options.clone()).unwrap();
    assert_eq!(outcome.ok, outcome.errors.is_empty());
    assert_eq!(outcome.ok, outcome.plan_json.is_some());
    let doc = equivalent_document(request, context, &options);
    let expected: Value = serde_json::from_str(&smsrules::check_json(&doc)).unwrap();
    assert_eq!(envelope(&outcome), expected, "document {doc}");
}

const VALID: &str = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;

#[test]
fn typed_check_answers_as_the_json_entry_point_does() {
    let deep_context = format!("{}{}", "{\"a\":".repeat(40), "1".to_owned() + &"}".repeat(40));
    let cases: Vec<(&str, Option<&str>, Options)> = vec![
        (VALID, None, Options::default()),
        ("not json at all", None, Options::default()),
        ("", None, Options::default()),
        ("[1, 2]", None, Options::default()),
        (r#"{"user_number":"+1","user_number":"+2"}"#, None, Options::default()),
        (
            r#"{"to":"+14155552671","from":"+14155550000","x":1,"y":2}"#,
            None,
            Options::default(),
        ),
        (
            r#"{"to":1,"from":2,"x":1,"y":2}"#,
            None,
            Options {
                max_issues: Some(1),
                unknown_fields: Some(UnknownFields::Error),
                ..Options::default()
            },
        ),
        (
            VALID,
            None,
            Options {
                max_issues: Some(0),
                ..Options::default()
            },
        ),
        (
            VALID,
            None,
            Options {
                default_region: Some("ZZ".into()),
                ..Options::default()
            },
        ),
        (
            r#"{"user_number":"(415) 555-2671","agent_number":"+14155550000"}"#,
            None,
            Options {
                phone_input: Some(PhoneInput::Lenient),
                default_region: Some("US".into()),
                ..Options::default()
            },
        ),
        (
            VALID,
            None,
            Options {
                idempotency_key: Some("has space".into()),
                ..Options::default()
            },
        ),
        (
            VALID,
            None,
            Options {
                idempotency_key: Some("key-1".into()),
                ..Options::default()
            },
        ),
        (VALID, Some("null"), Options::default()),
        (
            VALID,
            Some(r#"{"conversation":null,"now":"2026-11-27T12:00:00Z"}"#),
            Options::default(),
        ),
        (
            VALID,
            Some(r#"{"account":{"numbers":["+14155550001"]},"account":{"numbers":["+14155550000"]}}"#),
            Options::default(),
        ),
        (VALID, Some(r#"{"now":"\ud800"}"#), Options::default()),
        (VALID, Some(&deep_context), Options::default()),
    ];
    for (request, context, options) in cases {
        assert_same_as_check_json(request, context, options);
    }
}

#[test]
fn a_context_that_is_json_but_not_an_object_is_an_issue_in_the_context() {
    // In a check_json document a non-object `context` is the document's fault (INVALID_INPUT
    // at /context); here the argument is the context itself.
    let outcome = check(VALID.into(), Some("[1]".into()), Options::default()).unwrap();
    let places: Vec<_> = outcome
        .errors
        .iter()
        .map(|i| (i.error, i.location, i.path.as_str()))
        .collect();
    assert_eq!(places, vec![(IssueCode::InvalidContext, IssueLocation::Context, "")]);
    // Nor is a context that is a lone surrogate: it is not silently no context.
    let outcome = check(VALID.into(), Some(r#""\ud800""#.into()), Options::default()).unwrap();
    let places: Vec<_> = outcome.errors.iter().map(|i| (i.error, i.path.as_str())).collect();
    assert_eq!(places, vec![(IssueCode::InvalidContext, "")]);
}

#[test]
fn a_body_that_is_not_json_is_judged_not_thrown() {
    assert!(check("{\"user_number\":".into(), None, Options::default()).is_ok());
    assert!(check("\u{feff}{}".into(), None, Options::default()).is_ok());
}

#[test]
fn a_context_that_is_not_json_throws_without_quoting_it() {
    for bad in ["{", "{\"number\": +14155550000}", "nope", ""] {
        let error = check(VALID.into(), Some(bad.into()), Options::default()).unwrap_err();
        match &error {
            SmsRulesError::InvalidArgument { argument, reason } => {
                assert_eq!(argument, "contextJson");
                assert!(reason.contains("line"), "{reason}");
            }
            other => panic!("expected InvalidArgument, got {other:?}"),
        }
        assert!(!error.to_string().contains("4155550000"), "{error}");
    }
}

#[test]
fn a_very_deep_context_is_judged_without_exhausting_the_stack() {
    let depth = 100_000;
    let context = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    assert!(check(VALID.into(), Some(context), Options::default()).is_ok());
}

#[test]
fn check_json_is_the_cores_answer() {
    for doc in [
        format!("{{\"request\":{VALID}}}"),
        format!("{{\"request_text\":{}}}", Value::from(VALID)),
        "not json".to_owned(),
        "[]".to_owned(),
        String::new(),
    ] {
        assert_eq!(check_json(doc.clone()).unwrap(), smsrules::check_json(&doc));
    }
}

#[test]
fn fingerprint_ignores_key_order_and_whitespace() {
    let a = fingerprint(r#"{"b": 2, "a": {"y": [1, 2], "x": null}}"#.into()).unwrap();
    let b = fingerprint(r#"{"a":{"x":null,"y":[1,2]},"b":2}"#.into()).unwrap();
    assert_eq!(a, b);
    assert_eq!(
        a,
        smsrules::fingerprint(&json!({"a": {"x": null, "y": [1, 2]}, "b": 2}))
    );
}

#[test]
fn fingerprint_refuses_what_is_not_i_json() {
    let cases = [
        ("{", "is not JSON"),
        (r#"{"a":"\ud800"}"#, "not"),
        (r#"{"a":1e400}"#, "not"),
        (&format!("{}{}", "[".repeat(40), "]".repeat(40)), "not"),
        (
            &format!("{{\"a\":{}{}}}", "[".repeat(33), "]".repeat(33)),
            "deeper than 33 levels",
        ),
    ];
    for (text, needle) in cases {
        match fingerprint(text.to_owned()) {
            Err(SmsRulesError::InvalidArgument { argument, reason }) => {
                assert_eq!(argument, "requestJson");
                assert!(reason.contains(needle) || reason.contains("deeper"), "{reason}");
            }
            other => panic!("expected InvalidArgument for {text:.20}, got {other:?}"),
        }
    }
}

/// A container at level 33 (which `check` reports as `PAYLOAD_TOO_DEEP`) is still read, as
/// Python and Node read it; one level more is refused.
#[test]
fn fingerprint_reads_the_levels_every_surface_reads() {
    let nested = |levels: usize| format!("{{\"a\":{}{}}}", "[".repeat(levels), "]".repeat(levels));
    let value: serde_json::Value = serde_json::from_str(&nested(32)).unwrap();
    assert_eq!(fingerprint(nested(32)).unwrap(), smsrules::fingerprint(&value));
    assert!(fingerprint(nested(33)).is_err());
}

#[test]
fn segments_and_static_answers_are_the_cores() {
    for text in ["", "Hello", "Hi 👋", "€uro", &"a".repeat(161)] {
        assert_eq!(
            segments(text.to_owned()).unwrap(),
            Segments::from(smsrules::segments(text))
        );
    }
    assert_eq!(json_schema(), smsrules::json_schema().to_string());
    assert_eq!(phone_metadata_version(), smsrules::PHONE_METADATA_VERSION);
}

#[test]
fn a_panic_becomes_an_internal_error() {
    let result: Result<u8, _> = guarded("probe", || panic!("secret +14155550000"));
    match result {
        Err(SmsRulesError::Internal { reason }) => {
            assert!(reason.contains("probe"));
            assert!(!reason.contains("4155550000"));
        }
        other => panic!("expected Internal, got {other:?}"),
    }
    assert_eq!(guarded("probe", || 7), Ok(7));
}

/// Context texts with every kind of context answer: well formed, partly bad, not an object,
/// not I-JSON, too deep, duplicate keys, none.
fn context_texts() -> Vec<String> {
    vec![
        "null".to_owned(),
        "{}".to_owned(),
        r#"{"conversation":null,"now":"2026-11-27T12:00:00Z"}"#.to_owned(),
        r#"{"account":{"numbers":["+14155550001"]},"account":{"numbers":["+14155550000"]}}"#.to_owned(),
        r#"{"account":{"numbers":["+14155550001"]}}"#.to_owned(),
        r#"{"now":7,"account":{"numbers":"+14155550000"},"conversation":[1]}"#.to_owned(),
        r#"{"now":"\ud800"}"#.to_owned(),
        r#""\ud800""#.to_owned(),
        r#""\ufffe""#.to_owned(),
        "[1]".to_owned(),
        "7".to_owned(),
        format!("{{\"now\":{}1{}}}", "[".repeat(40), "]".repeat(40)),
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
    ]
}

#[test]
fn a_context_answers_exactly_as_its_text_does() {
    let requests = [
        VALID,
        "not json",
        r#"{"user_number":"+14155552671","agent_number":"+14155550001","agent_message":"Hi","x":1}"#,
        r#"{"user_number":1,"agent_number":2}"#,
    ];
    let option_sets = [
        Options::default(),
        Options {
            max_issues: Some(1),
            idempotency_key: Some("key-1".into()),
            ..Options::default()
        },
    ];
    for text in context_texts() {
        let context = Context::new(text.clone()).unwrap();
        for request in requests {
            for options in &option_sets {
                let raw = check(request.into(), Some(text.clone()), options.clone()).unwrap();
                let prepared = context.check(request.into(), options.clone()).unwrap();
                assert_eq!(prepared, raw, "context {text:.60}, request {request}");
            }
        }
    }
}

#[test]
fn a_contexts_errors_are_the_ones_every_check_reports() {
    for text in context_texts() {
        let context = Context::new(text.clone()).unwrap();
        let outcome = check(VALID.into(), Some(text.clone()), Options::default()).unwrap();
        let in_context: Vec<Issue> = outcome
            .errors
            .into_iter()
            .filter(|issue| issue.location == IssueLocation::Context)
            .collect();
        assert_eq!(context.errors(), in_context, "context {text:.60}");
        assert_eq!(context.ok(), in_context.is_empty());
    }
}

#[test]
fn a_check_adds_context_errors_that_depend_on_the_request() {
    // The context alone is well formed; that its number is not the request's agent number
    // only a check can tell.
    let text = r#"{"number":{"phone_number":"+14155550001"}}"#;
    let context = Context::new(text.into()).unwrap();
    assert!(context.ok());
    let outcome = context.check(VALID.into(), Options::default()).unwrap();
    assert_eq!(
        outcome,
        check(VALID.into(), Some(text.into()), Options::default()).unwrap()
    );
    let places: Vec<_> = outcome
        .errors
        .iter()
        .map(|i| (i.error, i.location, i.path.as_str()))
        .collect();
    assert_eq!(
        places,
        vec![(
            IssueCode::InvalidContext,
            IssueLocation::Context,
            "/number/phone_number"
        )]
    );
}

#[test]
fn faults_in_a_context_become_its_errors() {
    let places = |text: &str| -> Vec<(IssueCode, IssueLocation, String)> {
        Context::new(text.into())
            .unwrap()
            .errors()
            .into_iter()
            .map(|issue| (issue.error, issue.location, issue.path))
            .collect()
    };
    let invalid = |path: &str| (IssueCode::InvalidContext, IssueLocation::Context, path.to_owned());
    assert_eq!(places(r#"{"now":"\ud800"}"#), vec![invalid("/now")]);
    assert_eq!(
        places(r#"{"account":{"numbers":["\ufffe"]}}"#),
        vec![invalid("/account/numbers/0")]
    );
    assert_eq!(
        places(&format!("{{\"now\":{}1{}}}", "[".repeat(40), "]".repeat(40))).len(),
        1
    );
    assert_eq!(places("[1]"), vec![invalid("")]);
    // The whole context not I-JSON is a fault too, not silently no context.
    assert_eq!(places(r#""\ud800""#), vec![invalid("")]);
    assert_eq!(places(r#"{"now":7}"#), vec![invalid("/now")]);
    assert!(places(r#"{"account":{"numbers":["+14155550000"]}}"#).is_empty());
    assert!(Context::new("null".into()).unwrap().ok());
}

#[test]
fn a_context_that_is_not_json_throws_as_check_does() {
    for bad in ["{", "{\"number\": +14155550000}", "nope", ""] {
        let error = Context::new(bad.into()).unwrap_err();
        let raw = check(VALID.into(), Some(bad.into()), Options::default()).unwrap_err();
        assert_eq!(error, raw);
        assert!(matches!(&error, SmsRulesError::InvalidArgument { argument, .. } if argument == "contextJson"));
        assert!(!error.to_string().contains("4155550000"), "{error}");
    }
}

#[test]
fn a_context_gives_its_value_back_as_compact_json() {
    let context = Context::new(r#"{ "now" : "2026-11-27T12:00:00Z", "now": "2026-11-28T12:00:00Z" }"#.into()).unwrap();
    assert_eq!(context.context_json(), r#"{"now":"2026-11-28T12:00:00Z"}"#);
    assert_eq!(
        Context::new(r#"{"now":"\ud800"}"#.into()).unwrap().context_json(),
        r#"{"now":null}"#
    );
    assert_eq!(Context::new("null".into()).unwrap().context_json(), "null");
    // Its text is a context that answers as it does.
    let text = r#"{"account":{"numbers":["+14155550001"]}}"#;
    let again = Context::new(Context::new(text.into()).unwrap().context_json()).unwrap();
    assert_eq!(
        again.check(VALID.into(), Options::default()).unwrap(),
        check(VALID.into(), Some(text.into()), Options::default()).unwrap()
    );
}

#[test]
fn a_contexts_debug_form_shows_no_value() {
    let context = Context::new(r#"{"account":{"numbers":["+14155550001"]}}"#.into()).unwrap();
    let shown = format!("{context:?}");
    assert!(!shown.contains("4155550001"), "{shown}");
    assert!(shown.contains("Context"), "{shown}");
}

/// `checkRequest` with `request` must answer exactly what `check` answers for `body`, the
/// JSON text the record stands for.
fn assert_record_answers_as_text(request: SendRequest, body: &str, context: Option<&str>, options: Options) {
    let typed = check_request(request.clone(), context.map(str::to_owned), options.clone()).unwrap();
    let text = check(body.to_owned(), context.map(str::to_owned), options.clone()).unwrap();
    assert_eq!(typed, text, "record {request:?} against {body}");
    if let Some(context) = context {
        let prepared = Context::new(context.to_owned()).unwrap();
        assert_eq!(
            prepared.check_request(request, options).unwrap(),
            text,
            "Context.checkRequest"
        );
    }
}

fn numbers() -> SendRequest {
    SendRequest {
        user_number: Some("+14155552671".into()),
        agent_number: Some("+14155550000".into()),
        ..SendRequest::default()
    }
}

#[test]
fn a_request_record_answers_as_its_json_text() {
    let numbers_only = r#"{"user_number":"+14155552671","agent_number":"+14155550000"}"#;
    assert_record_answers_as_text(numbers(), numbers_only, None, Options::default());
    assert_record_answers_as_text(SendRequest::default(), "{}", None, Options::default());
    let full = SendRequest {
        agent_message: Some("Hi".into()),
        request_data_json: Some(r#"{"order": 42, "order": 43}"#.into()),
        new_conversation: Some(true),
        persona_id: Some("0b1e3c1a-5f43-4c52-9f5e-2f1b7d0c9a11".into()),
        persona_version: Some("draft".into()),
        persona_settings: Some(PersonaSettings {
            pathway_id: Some("pw".into()),
            pathway_version: Some(-1),
            start_node_id: None,
        }),
        webhook: Some("http://127.0.0.1/hook".into()),
        metadata_json: Some(r#"{"a": [1, 2.5, "x"]}"#.into()),
        disposition_ids: Some(vec!["d".into(), "d".into()]),
        channel: Some("fax".into()),
        content_variables_json: Some(r#"{"1": "x"}"#.into()),
        time_out: Some(600.0),
        warning_time: Some(900.5),
        warning_message: Some("".into()),
        ..numbers()
    };
    let full_text = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi",
        "request_data":{"order":43},"new_conversation":true,"persona_id":"0b1e3c1a-5f43-4c52-9f5e-2f1b7d0c9a11",
        "persona_version":"draft","persona_settings":{"pathway_id":"pw","pathway_version":-1},
        "webhook":"http://127.0.0.1/hook","metadata":{"a":[1,2.5,"x"]},"disposition_ids":["d","d"],
        "channel":"fax","content_variables":{"1":"x"},"time_out":600,"warning_time":900.5,"warning_message":""}"#;
    let context = r#"{"account": {"numbers": ["+14155550001"]}, "conversation": null}"#;
    for options in [
        Options::default(),
        Options {
            max_issues: Some(2),
            idempotency_key: Some("k-1".into()),
            ..Options::default()
        },
    ] {
        assert_record_answers_as_text(full.clone(), full_text, None, options.clone());
        assert_record_answers_as_text(full.clone(), full_text, Some(context), options);
    }
    let outcome = check_request(full, None, Options::default()).unwrap();
    assert!(outcome
        .errors
        .iter()
        .any(|issue| issue.error == IssueCode::UnsafeWebhook));
}

#[test]
fn json_text_fields_are_judged_as_body_values() {
    let deep = format!("{}{}", "[".repeat(40), "]".repeat(40));
    let cases = [
        (format!(r#"{{"x": {deep}}}"#), format!(r#"{{"x":{deep}}}"#)),
        (r#"{"x": 1, "x": [2]}"#.to_owned(), r#"{"x":[2]}"#.to_owned()),
        ("[1]".to_owned(), "[1]".to_owned()),
    ];
    for (field, in_body) in cases {
        let request = SendRequest {
            metadata_json: Some(field),
            ..numbers()
        };
        let body = format!(r#"{{"user_number":"+14155552671","agent_number":"+14155550000","metadata":{in_body}}}"#);
        assert_record_answers_as_text(request, &body, None, Options::default());
    }
    // A value that is not I-JSON reaches the core as a value no JSON can hold, at its pointer:
    // the object entry points' answer (INVALID_TYPE), where body text says INVALID_JSON.
    let surrogate = SendRequest {
        metadata_json: Some(r#"{"x": "\ud800"}"#.into()),
        ..numbers()
    };
    let outcome = check_request(surrogate, None, Options::default()).unwrap();
    let places: Vec<_> = outcome
        .errors
        .iter()
        .map(|i| (i.location, i.path.as_str(), i.error))
        .collect();
    assert_eq!(places, [(IssueLocation::Body, "/metadata/x", IssueCode::InvalidType)]);
    // `null` text leaves the field unset, as a JSON null does.
    let unset = SendRequest {
        metadata_json: Some("null".into()),
        ..numbers()
    };
    assert_eq!(
        check_request(unset, None, Options::default()).unwrap(),
        check_request(numbers(), None, Options::default()).unwrap()
    );
}

#[test]
fn a_json_text_field_that_is_not_json_throws_naming_the_field() {
    for (request, argument) in [
        (
            SendRequest {
                request_data_json: Some("{\"order\": +14155550000".into()),
                ..numbers()
            },
            "request.requestDataJson",
        ),
        (
            SendRequest {
                content_variables_json: Some(String::new()),
                ..numbers()
            },
            "request.contentVariablesJson",
        ),
    ] {
        let error = check_request(request, None, Options::default()).unwrap_err();
        let SmsRulesError::InvalidArgument {
            argument: named,
            reason,
        } = &error
        else {
            panic!("{error:?}");
        };
        assert_eq!(named, argument);
        assert!(reason.starts_with("is not JSON"), "{reason}");
        assert!(!error.to_string().contains("4155550000"), "{error}");
    }
}

#[test]
fn seconds_that_are_no_json_number_are_judged_not_thrown() {
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let request = SendRequest {
            time_out: Some(value),
            ..numbers()
        };
        let outcome = check_request(request, None, Options::default()).unwrap();
        assert!(!outcome.ok, "{value}");
        assert!(
            outcome.errors.iter().any(|issue| issue.path == "/time_out"),
            "{outcome:?}"
        );
    }
    // Whole seconds are integers, as on the wire; others stay doubles.
    let whole = SendRequest {
        time_out: Some(600.0),
        ..numbers()
    };
    let plan = check_request(whole, None, Options::default())
        .unwrap()
        .plan_json
        .unwrap();
    assert!(plan.contains("600") && !plan.contains("600.0"), "{plan}");
}
