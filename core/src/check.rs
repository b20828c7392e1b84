//! The pipeline of one check and its entry points: the typed [`check`] and [`judge`] over a
//! [`Document`], and the JSON entry point [`check_json`] over the document of
//! docs/src/input.md.

use crate::body::{read_body, TextFindings};
use crate::code::Code;
use crate::document::{Document, ForeignFault, ForeignFaultKind, TextReading};
use crate::issue::{Issue, Location};
use crate::outcome::{Judgement, Outcome, Verdict};
use crate::plan::Plan;
use crate::prepared::TypedContext;
use serde_json::Value;

/// Largest body, in UTF-8 bytes of the text (or of its RFC 8785 form when parsed).
pub const BODY_SIZE_LIMIT: usize = 1024 * 1024;
/// Deepest nesting of the body and of the context (the body object is level 1).
pub const DEPTH_LIMIT: usize = 32;
/// Largest document `check_json` reads.
pub const DOCUMENT_SIZE_LIMIT: usize = 64 * 1024 * 1024;
/// The request header that carries the idempotency key (names are case-insensitive).
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
const HEADER: &str = IDEMPOTENCY_KEY_HEADER;

/// Judge one document.
pub fn check(doc: &Document) -> Outcome {
    run(doc, Want::Plan, |verdict| verdict.into_outcome())
}

/// Judge one document and write its envelope (docs/src/envelope.md) as compact JSON text: exactly
/// `check(doc).to_json()`, with the plan written where it lies instead of built as a value
/// first (for bindings that hand the answer on as text).
pub fn check_to_json(doc: &Document) -> String {
    run(doc, Want::Plan, |verdict| verdict.into_json())
}

/// Judge one document without building its plan: the same issues as [`check`], for callers
/// that ask "is it valid?" and want the plan later or never. It skips the plan's value and,
/// unless an idempotency key needs it, the body's SHA-256.
pub fn judge(doc: &Document) -> Judgement {
    run(doc, Want::Issues, |verdict| Judgement {
        errors: verdict.errors,
        warnings: verdict.warnings,
    })
}

/// What the caller of [`run`] will use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// The plan too.
    Plan,
    /// Only the errors and warnings.
    Issues,
}

/// Judge `doc`, then hand the verdict to `deliver` (the plan borrows from `doc`).
fn run<R>(doc: &Document, want: Want, deliver: impl FnOnce(Verdict<'_>) -> R) -> R {
    let (findings, mut errors): (Option<&TextFindings>, Vec<Issue>) = match doc.read.as_deref() {
        None => (None, Vec::new()),
        Some(TextReading::Read { findings, errors }) => (Some(findings), errors.clone()),
        Some(TextReading::Refused(errors)) => {
            let max_issues = crate::options::DEFAULT_MAX_ISSUES;
            return deliver(finish(None, errors.clone(), Vec::new(), max_issues, Default::default()));
        }
    };
    let mut warnings = Vec::new();
    // Issues found but dropped on the way (errors, warnings): memory stays bounded.
    let mut omitted: [crate::issue::Omitted; 2] = Default::default();
    let mut option_issues = Vec::new();
    let options = crate::options::parse_options(doc.options.as_ref(), &mut option_issues);
    let max_issues = options.max_issues;
    errors.append(&mut option_issues);
    // docs/src/edge-cases.md: option issues sit at `/name`, one per bad value, so a fault deep inside an
    // option is reported at the option, once, unless its value was already found bad.
    let mut reported_options: std::collections::HashSet<String> = errors
        .iter()
        .filter(|e| e.location == Location::Options)
        .map(|e| e.path.clone())
        .collect();
    for f in doc.faults.iter().filter(|f| f.part == Location::Options) {
        let path =
            crate::pointer::first_token(&f.pointer).map_or_else(String::new, |name| crate::pointer::join("", &name));
        if reported_options.insert(path.clone()) {
            errors.push(Issue::new(
                Code::InvalidOptions,
                Location::Options,
                path,
                fault_message(f.kind, "option"),
            ));
        }
    }
    drop(reported_options);
    let [omitted_errors, _] = &mut omitted;
    crate::issue::compact(&mut errors, max_issues, omitted_errors);
    let idempotency_key = read_idempotency_key(doc.headers.as_ref(), &mut errors);
    // One issue per bad header: an `Idempotency-Key` already judged bad (a lone surrogate
    // arrives as U+FFFD, which is not visible ASCII) is not reported again as unreadable.
    let key_reported = errors.iter().any(|e| e.location == Location::Header);
    for f in doc
        .faults
        .iter()
        .filter(|f| f.part == Location::Header || f.part == Location::Input)
    {
        let is_key = crate::pointer::first_token(&f.pointer).is_some_and(|name| name.eq_ignore_ascii_case(HEADER));
        if is_key && key_reported {
            continue;
        }
        let issue = Issue::new(
            Code::InvalidInput,
            Location::Input,
            format!("/headers{}", f.pointer),
            fault_message(f.kind, "header"),
        );
        crate::issue::push_bounded(&mut errors, issue, max_issues, omitted_errors);
    }
    let mut context_slot = None;
    let context = read_context(doc, doc.context_scanned, &mut errors, &mut context_slot, omitted_errors);
    crate::issue::compact(&mut errors, max_issues, omitted_errors);

    // The fingerprint goes into the plan and decides replay or reuse of an idempotency key.
    let hash = want == Want::Plan || idempotency_key.is_some();
    let body = read_body(doc, findings, hash, &mut errors, omitted_errors);
    crate::issue::compact(&mut errors, max_issues, omitted_errors);
    let Some((body_value, reported, summary)) = body else {
        return deliver(finish(None, errors, warnings, max_issues, omitted));
    };
    let Value::Object(map) = body_value.as_ref() else {
        return deliver(finish(None, errors, warnings, max_issues, omitted));
    };
    let [request_data, metadata] = summary.members;
    let sizes = crate::request::SizedFields { request_data, metadata };
    let request = crate::request::read_request(
        map,
        &reported,
        &sizes,
        &options,
        context.account_numbers.as_ref(),
        crate::request::Lists {
            errors: &mut errors,
            warnings: &mut warnings,
            omitted: &mut omitted,
        },
    );
    // Always there when hashed: only a body over the size limit goes unhashed, and it is
    // rejected. Unhashed, it is only ever part of a plan nobody sees.
    let fingerprint = match summary.fingerprint {
        Some(fingerprint) => fingerprint,
        None if hash => crate::fingerprint::fingerprint(&body_value),
        None => String::new(),
    };
    let inputs = crate::resolve::Inputs {
        context,
        idempotency_key: idempotency_key.as_deref(),
        fingerprint: &fingerprint,
        phone_check: options.phone_check,
        want_plan: want == Want::Plan,
    };
    let plan = crate::resolve::resolve(&request, &inputs, &mut errors, &mut warnings);
    deliver(finish(plan, errors, warnings, max_issues, omitted))
}

/// The verdict: each list sorted and capped (`omitted`: the errors and warnings already
/// dropped on the way), the suggestions of the unknown fields shown worked out.
fn finish(
    plan: Option<Plan<'_>>,
    mut errors: Vec<Issue>,
    mut warnings: Vec<Issue>,
    max_issues: usize,
    omitted: [crate::issue::Omitted; 2],
) -> Verdict<'_> {
    let [omitted_errors, omitted_warnings] = omitted;
    crate::issue::finish_list(&mut errors, max_issues, omitted_errors);
    crate::issue::finish_list(&mut warnings, max_issues, omitted_warnings);
    for issue in errors.iter_mut().chain(warnings.iter_mut()) {
        crate::request::suggest(issue);
    }
    let plan = if errors.is_empty() { plan } else { None };
    Verdict { plan, errors, warnings }
}

fn fault_message(kind: ForeignFaultKind, what: &str) -> String {
    match kind {
        ForeignFaultKind::NotJson => format!("this {what} value is not a JSON value"),
        ForeignFaultKind::TooDeep => format!("this {what} value nests deeper than {DEPTH_LIMIT} levels"),
    }
}

/// The valid `idempotency-key` header, if any (docs/src/rules/index.md#idempotency, docs/src/edge-cases.md#idempotency).
fn read_idempotency_key(headers: Option<&Value>, errors: &mut Vec<Issue>) -> Option<String> {
    let map = match headers {
        None | Some(Value::Null) => return None,
        Some(Value::Object(map)) => map,
        Some(other) => {
            errors.push(Issue::new(
                Code::InvalidInput,
                Location::Input,
                "/headers",
                format!("`headers` must be an object, not {}", crate::values::type_name(other)),
            ));
            return None;
        }
    };
    let bad = |message: &str| {
        Issue::new(
            Code::InvalidIdempotencyKey,
            Location::Header,
            "/idempotency-key",
            message,
        )
    };
    let mut spellings = map
        .iter()
        .filter(|(name, value)| name.eq_ignore_ascii_case(HEADER) && !value.is_null());
    let (_, value) = spellings.next()?;
    if spellings.next().is_some() {
        errors.push(bad("the `idempotency-key` header is given more than once"));
        return None;
    }
    let Value::String(key) = value else {
        errors.push(bad("the `idempotency-key` header must be a string"));
        return None;
    };
    let length = key.chars().count();
    if length == 0 || length > 255 {
        errors.push(
            bad("the `idempotency-key` header must be 1 to 255 characters")
                .with("min", 1)
                .with("max", 255)
                .with("length", length),
        );
        return None;
    }
    if !key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        errors.push(bad(
            "the `idempotency-key` header may hold only visible ASCII characters (0x21 to 0x7E)",
        ));
        return None;
    }
    Some(key.clone())
}

/// The document's typed context: a prepared context's own reading, or one read now into
/// `slot` (a context is over a kilobyte; it is read in place, not moved).
fn read_context<'s, 'a: 's>(
    doc: &'a Document,
    scanned: bool,
    errors: &mut Vec<Issue>,
    slot: &'s mut Option<TypedContext<'a>>,
    omitted: &mut crate::issue::Omitted,
) -> &'s TypedContext<'a> {
    if let Some(prepared) = doc.prepared_context.as_deref() {
        errors.extend(prepared.issues.iter().cloned());
        omitted.merge(&prepared.omitted);
        return prepared.parsed.borrow_dependent();
    }
    let Some(value) = doc.context.as_ref() else {
        return slot.insert(TypedContext::default());
    };
    let skip = context_faults(value, scanned, &doc.faults, errors);
    slot.insert(crate::context::parse_context(value, &skip, errors))
}

/// Report the context's faults (nested too deep, not JSON; `scanned` when a parser already
/// found them and put them in `faults`) and give the top-level parts they were found in, which
/// reading the context then skips.
pub(crate) fn context_faults(
    value: &Value,
    scanned: bool,
    faults: &[ForeignFault],
    errors: &mut Vec<Issue>,
) -> Vec<String> {
    let mut skip: Vec<String> = Vec::new();
    let mut skipped: std::collections::HashSet<String> = std::collections::HashSet::new();
    // One issue per top-level part (docs/src/edge-cases.md): a binding's own depth cut-off below the
    // core's may report the same part again, deeper.
    let mut report = |pointer: &str, message: String, errors: &mut Vec<Issue>| {
        // Unknown fields are not judged, however deep or odd their contents.
        if !crate::context::is_read(value, pointer) {
            return;
        }
        let part = crate::pointer::first_token(pointer);
        if part.as_ref().is_some_and(|p| skipped.contains(p)) {
            return;
        }
        errors.push(Issue::new(
            Code::InvalidContext,
            Location::Context,
            pointer.to_owned(),
            message,
        ));
        if let Some(part) = part {
            skipped.insert(part.clone());
            skip.push(part);
        }
    };
    // The core's own scan first, so a part nested too deep is reported at the same pointer
    // as `check_json` reports it, whatever depth the binding converted to.
    if !scanned {
        let found = crate::json::scan_scoped(value, DEPTH_LIMIT, crate::json::Scope::CONTEXT.relevant);
        for p in found.too_deep {
            report(&p, fault_message(ForeignFaultKind::TooDeep, "context"), errors);
        }
        for (p, _) in found.field_faults {
            report(&p, fault_message(ForeignFaultKind::NotJson, "context"), errors);
        }
    }
    for f in faults.iter().filter(|f| f.part == Location::Context) {
        report(&f.pointer, fault_message(f.kind, "context"), errors);
    }
    skip
}

/// The JSON entry point: the document of docs/src/input.md in, the envelope of docs/src/envelope.md out.
pub fn check_json(doc: &str) -> String {
    check_to_json(&Document::from_json(doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Body;
    use crate::prepared::PreparedContext;
    use std::sync::Arc;

    fn check_document(text: &str) -> Outcome {
        check(&Document::from_json(text))
    }

    fn check_document_bytes(bytes: &[u8]) -> Outcome {
        check(&Document::from_json_bytes(bytes))
    }

    fn check_json_bytes(bytes: &[u8]) -> String {
        check_to_json(&Document::from_json_bytes(bytes))
    }

    const DOCUMENTS: [&str; 4] = [
        r#"{"request":{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi ✅","metadata":{"a":[1,2.5,{"b":null}]},"colour":1}}"#,
        r#"{"request":{"user_number":"+1415","agent_number":7,"webhook":"http://x"},"headers":{"idempotency-key":""}}"#,
        r#"{"request_text":"{\"user_number\":\"+14155552671\",\"agent_number\":\"+14155550000\",\"time_out\":600,\"warning_time\":300}","context":{"number":{"phone_number":"+14155550000","sms_config":{"request_data":{"x":"y"}}},"conversation":null}}"#,
        r#"[]"#,
    ];

    /// The JSON and typed entry points agree where the document text cuts a value the typed
    /// check sees whole: an over-deep option is one `INVALID_OPTIONS` at `/name` either way.
    #[test]
    fn an_over_deep_option_is_one_issue_at_the_option_on_both_entries() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
        let text = format!(r#"{{"request":{body},"options":{{"unknown_fields":{deep}}}}}"#);
        let from_text = check_document(&text);
        let mut doc = Document::new(Body::Value(serde_json::from_str(body).unwrap()));
        doc.options = Some(serde_json::from_str(&format!(r#"{{"unknown_fields":{deep}}}"#)).unwrap());
        let typed = check(&doc);
        for outcome in [&from_text, &typed] {
            let paths: Vec<(&str, &str)> = outcome
                .errors
                .iter()
                .map(|i| (i.error.as_str(), i.path.as_str()))
                .collect();
            assert_eq!(paths, [("INVALID_OPTIONS", "/unknown_fields")]);
        }
        assert_eq!(from_text.to_json(), typed.to_json());
    }

    /// A value a binding cannot convert arrives as `null` plus a fault; `check_json` reads a
    /// non-I-JSON option or header the same way, so both entry points give one issue each.
    #[test]
    fn unreadable_options_and_headers_are_one_issue_on_both_entries() {
        let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
        let fault = |part, pointer: &str| ForeignFault {
            part,
            pointer: pointer.into(),
            kind: ForeignFaultKind::NotJson,
        };
        let text = format!(r#"{{"request":{body},"options":{{"unknown_fields":"\ud800"}}}}"#);
        let mut doc = Document::new(Body::Value(serde_json::from_str(body).unwrap()));
        doc.options = Some(serde_json::json!({"unknown_fields": null}));
        doc.faults = vec![fault(Location::Options, "/unknown_fields")];
        let (from_text, typed) = (check_document(&text), check(&doc));
        assert_eq!(from_text.errors.len(), 1, "{:?}", from_text.errors);
        assert_eq!(from_text.to_json(), typed.to_json());

        // The key itself is judged (U+FFFD is not visible ASCII); no second issue for it.
        let text = format!(r#"{{"request":{body},"headers":{{"idempotency-key":"k\ud800"}}}}"#);
        let outcome = check_document(&text);
        let codes: Vec<&str> = outcome.errors.iter().map(|i| i.error.as_str()).collect();
        assert_eq!(codes, ["INVALID_IDEMPOTENCY_KEY"]);
    }

    /// A noncharacter inside `request_text` reaches the body text and is reported at its own
    /// pointer with its reason, exactly as the typed entry point given that text reports it.
    #[test]
    fn a_noncharacter_in_request_text_is_reported_where_it_sits() {
        let body =
            "{\"user_number\":\"+14155552671\",\"agent_number\":\"+14155550000\",\"agent_message\":\"hi \u{fdd0}\"}";
        let text = serde_json::json!({ "request_text": body }).to_string();
        let outcome = check_document(&text);
        let first = outcome.errors.first().unwrap();
        assert_eq!(
            (first.error, first.path.as_str()),
            (Code::InvalidJson, "/agent_message")
        );
        assert_eq!(first.params.get("reason"), Some(&Value::from("NONCHARACTER")));
        let typed = check(&Document::new(Body::Text(body.to_owned())));
        assert_eq!(outcome.to_json(), typed.to_json());
    }

    /// A document for `body` with a header, a context and options, so every part is judged
    /// beside the body.
    fn document_around(body: Body) -> Document {
        let mut doc = Document::new(body);
        doc.headers = Some(serde_json::json!({"Idempotency-Key": "key-1"}));
        doc.context = Some(serde_json::json!({"number": {"phone_number": "+14155550000"}}));
        doc.options = Some(serde_json::json!({"unknown_fields": "error"}));
        doc
    }

    /// Bodies of every kind a text body can be judged as: valid, not JSON, duplicate keys,
    /// non-I-JSON values, too deep, over the limit, not an object, empty.
    fn text_bodies() -> Vec<String> {
        let valid = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi ✅"}"#;
        let deep = format!(
            r#"{{"user_number":"+14155552671","agent_number":"+14155550000","metadata":{}1{}}}"#,
            "[".repeat(40),
            "]".repeat(40)
        );
        let large = format!(
            r#"{{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"{}"}}"#,
            "é".repeat(BODY_SIZE_LIMIT / 2)
        );
        vec![
            valid.to_owned(),
            format!("\n  {valid}\r\n"),
            r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"a","agent_message":"b"}"#
                .to_owned(),
            r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"hi \ud800","x":1e999}"#
                .to_owned(),
            "{\"user_number\":\"+14155552671\",\"agent_number\":\"+14155550000\",\"agent_message\":\"\u{fdd0}\"}"
                .to_owned(),
            deep,
            large,
            "{\n  \"user_number\": \"é,\n}".to_owned(),
            "\u{feff}{}".to_owned(),
            "[1, 2]".to_owned(),
            String::new(),
        ]
    }

    /// Bytes that are UTF-8 are judged exactly as the same text: the same envelope, byte for
    /// byte, on every entry point, beside a header, a context and options.
    #[test]
    fn utf8_body_bytes_are_judged_exactly_as_their_text() {
        for text in text_bodies() {
            let as_text = document_around(Body::Text(text.clone()));
            let as_bytes = document_around(Body::Bytes(text.clone().into_bytes()));
            let expected = check_to_json(&as_text);
            assert_eq!(check_to_json(&as_bytes), expected, "{:.200}", text);
            assert_eq!(check(&as_bytes).to_json(), expected, "{:.200}", text);
            assert_eq!(judge(&as_bytes), judge(&as_text), "{:.200}", text);
            let bare = Document::new(Body::Bytes(text.clone().into_bytes()));
            assert_eq!(
                check(&bare),
                check(&Document::new(Body::Text(text.clone()))),
                "{:.200}",
                text
            );
        }
    }

    /// A body value handed over with its survey answers exactly as without one, on every
    /// kind of body that parses (deep, large, noncharacters, not an object). That a survey
    /// taken piece by piece while building is the survey: `survey::tests`.
    #[test]
    fn a_body_survey_taken_while_building_gives_the_same_answers() {
        let mut bodies: Vec<Value> = text_bodies()
            .iter()
            .filter_map(|text| serde_json::from_str(text).ok())
            .collect();
        bodies.push(serde_json::json!({
            "user_number": "+14155552671", "agent_number": "+14155550000",
            "agent_message": "x\u{fdd0}", "metadata": {"\u{10fffe}": [1, null, true]}
        }));
        assert!(bodies.len() >= 5);
        for value in bodies {
            let mut surveyed = document_around(Body::Value(value.clone()));
            surveyed.body_survey = Some(crate::survey::survey(&value));
            let plain = document_around(Body::Value(value));
            assert_eq!(check(&surveyed), check(&plain));
            assert_eq!(judge(&surveyed), judge(&plain));
        }
    }

    /// A request number equal to an account number is judged exactly as one that is not in
    /// the context (its verdict comes from the account's, taken once), at every level.
    #[test]
    fn a_number_the_account_holds_gets_the_verdict_it_would_get_alone() {
        let numbers = [
            "+14155552671",
            "+14150000000",
            "+1415555267",
            "+999123456",
            "+1",
            "14155552671",
        ];
        for number in numbers {
            for level in ["valid", "possible", "e164"] {
                let body =
                    serde_json::json!({"user_number": "+442079460958", "agent_number": number, "agent_message": "hi"});
                let mut with_account = Document::new(Body::Value(body.clone()));
                with_account.context = Some(serde_json::json!({"account": {"numbers": [number]}}));
                with_account.options = Some(serde_json::json!({"phone_check": level}));
                let mut alone = Document::new(Body::Value(body));
                alone.options = with_account.options.clone();
                let at_agent = |outcome: Outcome| -> Vec<Issue> {
                    outcome
                        .errors
                        .into_iter()
                        .filter(|e| e.path == "/agent_number")
                        .collect()
                };
                assert_eq!(
                    at_agent(check(&with_account)),
                    at_agent(check(&alone)),
                    "{number} at {level}"
                );
            }
        }
    }

    /// A survey that is not the body's is the binding's bug; debug builds stop on it.
    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "the binding's survey of the body")]
    fn a_wrong_body_survey_is_caught_in_debug_builds() {
        let mut doc = Document::new(Body::Value(serde_json::json!({"agent_message": "x\u{fdd0}"})));
        doc.body_survey = Some(crate::survey::BodySurvey::new());
        let _ = judge(&doc);
    }

    /// The errors of `bytes` as a body: (`in`, `path`, `error`, `message`, `params`).
    fn body_bytes_errors(bytes: &[u8]) -> Vec<(&'static str, String, &'static str, String, Value)> {
        check(&Document::new(Body::Bytes(bytes.to_vec())))
            .errors
            .into_iter()
            .map(|i| {
                (
                    i.location.as_str(),
                    i.path,
                    i.error.as_str(),
                    i.message,
                    Value::Object(i.params),
                )
            })
            .collect()
    }

    fn not_utf8_body(line: usize, column: usize, offset: usize) -> (&'static str, String, &'static str, String, Value) {
        (
            "body",
            String::new(),
            "INVALID_JSON",
            format!("the body is not JSON: it is not UTF-8 text at line {line} column {column}"),
            serde_json::json!({"line": line, "column": column, "offset": offset}),
        )
    }

    /// Bytes that are not UTF-8 are one `INVALID_JSON` at `""`, placed as a syntax error at
    /// the first byte that is not UTF-8 would be: a byte that cannot start a character, a
    /// CESU-8 surrogate, a multibyte character cut off at the end.
    #[test]
    fn body_bytes_that_are_not_utf8_are_one_invalid_json_at_the_first_bad_byte() {
        let valid_part = "{\n  \"user_number\": \"+1415".as_bytes();
        let mut bytes = valid_part.to_vec();
        bytes.extend_from_slice(b"\xff\"}");
        assert_eq!(body_bytes_errors(&bytes), [not_utf8_body(2, 24, valid_part.len())]);

        // Columns count characters, the offset bytes: `é` is one column and two bytes.
        let cesu = b"{\"user_number\":\"+14155552671\",\"agent_message\":\"\xc3\xa9\xc3\xa9\xed\xa0\x80\"}";
        assert_eq!(body_bytes_errors(cesu), [not_utf8_body(1, 50, 51)]);

        let cut = b"{\"agent_message\":\"hi \xe2\x82";
        assert_eq!(body_bytes_errors(cut), [not_utf8_body(1, 22, 21)]);

        // Line and column are the ones the parser gives a syntax error at the same byte.
        let text = "{\r\n  \"agent_message\": \"é\",\n  #";
        let parsed = check(&Document::new(Body::Text(text.to_owned())));
        let syntax = parsed.errors.first().unwrap();
        let mut bytes = text.as_bytes().to_vec();
        if let Some(last) = bytes.last_mut() {
            *last = 0x80;
        }
        let line = syntax.params["line"].as_u64().unwrap() as usize;
        let column = syntax.params["column"].as_u64().unwrap() as usize;
        let offset = syntax.params["offset"].as_u64().unwrap() as usize;
        assert_eq!(body_bytes_errors(&bytes), [not_utf8_body(line, column, offset)]);
    }

    /// Nothing else of a body that is not UTF-8 is judged; the other parts still are, and
    /// the envelope is the one a text body with a syntax error gives beside them.
    #[test]
    fn a_body_that_is_not_utf8_still_has_its_other_parts_judged() {
        let mut doc = document_around(Body::Bytes(b"{\"user_number\":7,\"x\":\"\xc0\xaf\"}".to_vec()));
        doc.options = Some(serde_json::json!({"unknown_fields": "loud"}));
        let outcome = check(&doc);
        let codes: Vec<(&str, &str, &str)> = outcome
            .errors
            .iter()
            .map(|i| (i.location.as_str(), i.path.as_str(), i.error.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("body", "", "INVALID_JSON"),
                ("options", "/unknown_fields", "INVALID_OPTIONS")
            ]
        );
        assert!(outcome.plan.is_none());
        assert_eq!(check_to_json(&doc), outcome.to_json());
        assert_eq!(judge(&doc).errors, outcome.errors);
    }

    /// The size is judged first, on the bytes that arrived: over the limit is
    /// `PAYLOAD_TOO_LARGE` whether or not they are UTF-8, never `INVALID_JSON`.
    #[test]
    fn over_limit_body_bytes_are_too_large_whatever_they_hold() {
        let size = BODY_SIZE_LIMIT + 1;
        for filler in [0xff_u8, b' '] {
            let bytes = vec![filler; size];
            let errors = body_bytes_errors(&bytes);
            assert_eq!(errors.len(), 1, "{errors:?}");
            let (location, path, code, _, params) = errors.first().unwrap();
            assert_eq!((*location, path.as_str(), *code), ("body", "", "PAYLOAD_TOO_LARGE"));
            assert_eq!(params, &serde_json::json!({"limit": BODY_SIZE_LIMIT, "size": size}));
        }
        // Exactly at the limit the bytes are judged: not UTF-8.
        let at_limit = vec![0xff_u8; BODY_SIZE_LIMIT];
        assert_eq!(body_bytes_errors(&at_limit), [not_utf8_body(1, 1, 0)]);
    }

    /// A body counted but not kept answers as the bytes it stood for; a size within the limit
    /// (a caller's mistake) still reads as over it.
    #[test]
    fn an_oversized_body_is_the_bytes_it_counted() {
        for size in [BODY_SIZE_LIMIT + 1, BODY_SIZE_LIMIT + 4096] {
            let counted = check(&Document::new(Body::Oversized(size)));
            assert_eq!(
                counted.to_json(),
                check(&Document::new(Body::Bytes(vec![b' '; size]))).to_json()
            );
        }
        let within = check(&Document::new(Body::Oversized(10)));
        assert_eq!(
            within.to_json(),
            check(&Document::new(Body::Oversized(BODY_SIZE_LIMIT + 1))).to_json()
        );
    }

    /// Document bytes that are UTF-8 give exactly the document text's answer; bytes that are
    /// not are one `INVALID_INPUT` at `""` (the document cannot be read, so no part is).
    #[test]
    fn document_bytes_are_the_document_text_or_invalid_input() {
        for doc in DOCUMENTS {
            assert_eq!(check_document_bytes(doc.as_bytes()), check_document(doc), "{doc}");
            assert_eq!(check_json_bytes(doc.as_bytes()), check_json(doc), "{doc}");
        }
        let bytes = b"{\"request\":{\"user_number\":\"+1415\xed\xa0\x80\"},\n\"options\":7}";
        let outcome = check_document_bytes(bytes);
        assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
        let issue = outcome.errors.first().unwrap();
        assert_eq!(
            (issue.location, issue.path.as_str(), issue.error),
            (Location::Input, "", Code::InvalidInput)
        );
        assert_eq!(
            issue.message,
            "the document is not JSON: it is not UTF-8 text at line 1 column 33"
        );
        assert_eq!(
            Value::Object(issue.params.clone()),
            serde_json::json!({"line": 1, "column": 33, "offset": 32})
        );
        assert_eq!(check_json_bytes(bytes), outcome.to_json());
    }

    #[test]
    fn over_limit_document_bytes_are_too_large_whatever_they_hold() {
        let bytes = vec![0xff_u8; DOCUMENT_SIZE_LIMIT + 1];
        let outcome = check_document_bytes(&bytes);
        let codes: Vec<(Code, &str)> = outcome.errors.iter().map(|i| (i.error, i.path.as_str())).collect();
        assert_eq!(codes, [(Code::InvalidInput, "")]);
        let size = outcome.errors.first().map(|i| i.params["size"].clone());
        assert_eq!(size, Some(Value::from(DOCUMENT_SIZE_LIMIT + 1)));
    }

    #[test]
    fn to_json_is_the_envelope_value_as_text() {
        for doc in DOCUMENTS {
            let outcome = check_document(doc);
            assert_eq!(outcome.to_json(), outcome.to_value().to_string(), "{doc}");
            assert_eq!(check_json(doc), outcome.to_json());
        }
    }

    #[test]
    fn a_prepared_context_is_judged_once_and_replaces_the_raw_one() {
        let bad = serde_json::json!({"now": "yesterday", "number": {"phone_number": "+14155550000"}});
        let faults = [
            ForeignFault {
                part: Location::Context,
                pointer: "/persona/x".into(),
                kind: ForeignFaultKind::NotJson,
            },
            ForeignFault {
                part: Location::Body,
                pointer: "/metadata".into(),
                kind: ForeignFaultKind::NotJson,
            },
        ];
        let prepared = PreparedContext::new(bad.clone(), &faults);
        let pointers: Vec<&str> = prepared.issues().iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            pointers,
            ["/now", "/persona/x"],
            "only the context's issues, in envelope order"
        );
        assert!(prepared.issues().iter().all(|i| i.error == Code::InvalidContext));
        assert_eq!(prepared.value(), &bad);

        let request = serde_json::json!({"user_number": "+14155552671", "agent_number": "+14155550000"});
        let mut raw = Document::new(Body::Value(request.clone()));
        raw.context = Some(bad.clone());
        raw.faults = faults.to_vec();
        let mut shared = Document::new(Body::Value(request));
        shared.faults = faults.iter().filter(|f| f.part != Location::Context).cloned().collect();
        // A raw context beside a prepared one is not read.
        shared.context = Some(serde_json::json!({"now": 7}));
        let copy = prepared.clone();
        assert_eq!(copy, prepared);
        shared.prepared_context = Some(Arc::new(prepared));
        assert_eq!(check(&shared), check(&raw));
        assert_eq!(judge(&shared), judge(&raw));
        // A copy keeps the skipped part skipped (its reading is made again from the same source).
        shared.prepared_context = Some(Arc::new(copy));
        assert_eq!(check(&shared), check(&raw));
    }

    /// Shown issues plus `omitted` of one list, and the shown issues.
    fn counted(issues: &[Issue]) -> (usize, Vec<&Issue>) {
        match issues.split_last() {
            Some((last, rest)) if last.error == Code::TooManyIssues => {
                let omitted = last.params["omitted"].as_u64().unwrap() as usize;
                (rest.len() + omitted, rest.iter().collect())
            }
            _ => (issues.len(), issues.iter().collect()),
        }
    }

    fn with_max_issues(body: Body, max_issues: usize) -> Outcome {
        let mut doc = Document::new(body);
        doc.options = Some(serde_json::json!({ "max_issues": max_issues }));
        check(&doc)
    }

    /// However the issues are found (the parser, the scan of a parsed value, the request's
    /// fields), `omitted` counts exactly the ones not shown, for any `max_issues`, and the
    /// ones shown are the first in the envelope's order.
    #[test]
    fn omitted_is_exact_whatever_max_issues_and_the_shape() {
        let head = r#"{"user_number":"+14155552671","agent_number":"+14155550000","#;
        let key = "k".repeat(2000);
        let surrogates = vec![r#""a":"\ud800""#; 3000].join(",");
        let ones = vec![r#""a":1"#; 3000].join(",");
        let unknown: Vec<String> = (0..3000).map(|i| format!(r#""agent_mes{i:04}":1"#)).collect();
        let noncharacters: serde_json::Map<String, Value> =
            (0..3000).map(|i| (format!("n{i}"), Value::from("\u{FDD0}"))).collect();
        let mut parsed = serde_json::json!({"user_number": "+14155552671", "agent_number": "+14155550000"});
        parsed[key.as_str()] = Value::Object(noncharacters);
        let cases: Vec<(Body, usize, usize)> = vec![
            // 2,999 later duplicates and 3,000 lone surrogates, all under one long key.
            (Body::Text(format!(r#"{head}"{key}":{{{surrogates}}}}}"#)), 5999, 1),
            (Body::Text(format!(r#"{head}"{key}":{{{ones}}}}}"#)), 2999, 1),
            (Body::Text(format!(r#"{head}{}}}"#, unknown.join(","))), 0, 3000),
            (Body::Value(parsed), 3000, 1),
        ];
        for (body, errors, warnings) in cases {
            let widest = with_max_issues(body.clone(), 1000);
            for max_issues in [1, 7, 100, 1000] {
                let outcome = with_max_issues(body.clone(), max_issues);
                let (error_total, shown_errors) = counted(&outcome.errors);
                let (warning_total, shown_warnings) = counted(&outcome.warnings);
                assert_eq!(
                    (error_total, warning_total),
                    (errors, warnings),
                    "max_issues {max_issues}"
                );
                assert!(shown_errors.len() <= max_issues && shown_warnings.len() <= max_issues);
                let (_, all_errors) = counted(&widest.errors);
                let (_, all_warnings) = counted(&widest.warnings);
                assert!(all_errors.starts_with(&shown_errors) || shown_errors.starts_with(&all_errors));
                assert!(all_warnings.starts_with(&shown_warnings) || shown_warnings.starts_with(&all_warnings));
            }
        }
    }

    /// The issues shown keep their paths within the limit (one at least), and the rest are
    /// counted: a long key repeated in issue after issue cannot make the envelope huge.
    #[test]
    fn the_paths_shown_stay_within_their_limit() {
        let key = "k".repeat(300_000);
        let text = format!(r#"{{"{key}":{{{}}}}}"#, vec![r#""a":1"#; 100].join(","));
        let outcome = with_max_issues(Body::Text(text), 1000);
        let (total, shown) = counted(&outcome.errors);
        assert_eq!(total, 99 + 2, "99 duplicates and the two missing numbers");
        // `/agent_number`, then three paths of 300,003 bytes fit in 1 MiB; a fourth does not.
        let heads: Vec<(&str, usize)> = shown.iter().map(|i| (i.error.as_str(), i.path.len())).collect();
        assert_eq!(shown.len(), 4, "{heads:?}");
        assert!(outcome
            .errors
            .last()
            .unwrap()
            .message
            .contains("paths shown are limited"));
    }

    /// Unknown fields get their suggestion (docs/src/rules/UNKNOWN_FIELD.md) in the issues shown.
    #[test]
    fn unknown_fields_shown_carry_their_suggestions() {
        let text = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_mesage":"x","to":1,"zzzzzzzz":1,"persona_settings":{"pathway_idd":"p"}}"#;
        let outcome = check(&Document::new(Body::Text(text.into())));
        let found: Vec<(&str, Option<&Value>)> = outcome
            .warnings
            .iter()
            .filter(|i| i.error == Code::UnknownField)
            .map(|i| (i.path.as_str(), i.params.get("suggestion")))
            .collect();
        assert_eq!(
            found,
            [
                ("/agent_mesage", Some(&Value::from("agent_message"))),
                ("/persona_settings/pathway_idd", Some(&Value::from("pathway_id"))),
                ("/to", Some(&Value::from("user_number"))),
                ("/zzzzzzzz", None),
            ]
        );
    }

    /// A context given as text answers exactly as the same context inside a document.
    #[test]
    fn a_context_text_is_judged_as_in_a_document() {
        let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
        let contexts: [&str; 5] = [
            r#"{"number":{"phone_number":"+14155550000","sms_config":{"time_out":1e400,"warning_time":300}}}"#,
            r#"{"id":"\udc00","number":{"phone_number":"+14155550000","sms_config":{}}}"#,
            &format!(
                r#"{{"number":{{"phone_number":"+14155550000","sms_config":{{"x":"\ufdd0","y":"\ud800"}}}},"persona":{}1{}}}"#,
                "[".repeat(40),
                "]".repeat(40)
            ),
            r#"{"now":"2026-11-27T12:00:00Z","number":{"phone_number":"+14155550000","sms_config":{"time_out":60,"warning_time":300}},"number":null}"#,
            "null",
        ];
        for context in contexts {
            let doc = format!(
                r#"{{"request_text":{},"context":{context}}}"#,
                serde_json::to_string(body).unwrap()
            );
            let mut typed = Document::new(Body::Text(body.into()));
            typed.prepared_context = Some(Arc::new(PreparedContext::from_json(context).unwrap()));
            assert_eq!(check(&typed).to_json(), check_json(&doc), "{context}");
        }
    }
}
