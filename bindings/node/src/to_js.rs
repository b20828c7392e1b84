//! Core answers → plain JS objects. Keys stay snake_case, exactly as on the wire (SPEC §7).
//!
//! The answer is written as JSON text and parsed with the engine's own `JSON.parse`: about twice
//! as fast as building the objects through Node-API one property at a time, and a key such as
//! `__proto__` in echoed user data stays an ordinary own property. A check's envelope goes
//! back as text and `smsrules.js` parses it (a call into JavaScript from here costs more than
//! the parse); the rarely used answers (a context's issues and value, the schema) are parsed
//! here.

use crate::napi_raw::{CallFailed, Js};
use napi::sys::napi_value;
use serde_json::Value;
use smsrules::{Issue, Judgement};

/// A JSON value as the equal JS value.
pub(crate) fn value(js: Js, value: &Value) -> Result<napi_value, CallFailed> {
    let text = serde_json::to_string(value).map_err(|_| CallFailed)?;
    parse(js, &text)
}

/// Issues as an array of the same plain objects an envelope holds.
pub(crate) fn issues(js: Js, issues: &[Issue]) -> Result<napi_value, CallFailed> {
    let text = serde_json::to_string(issues).map_err(|_| CallFailed)?;
    parse(js, &text)
}

/// The core's envelope text (`{"data":…,"errors":…,"warnings":[…]}`, the plan written where it
/// lies) with `ok` in front: true exactly when `data` is not null (SPEC §2: the plan is null
/// exactly when there are errors).
pub(crate) fn with_ok(core_text: &str) -> Option<String> {
    let members = core_text.strip_prefix('{')?;
    let ok = !members.starts_with("\"data\":null");
    let mut text = String::with_capacity(core_text.len() + 10);
    text.push_str(if ok { "{\"ok\":true," } else { "{\"ok\":false," });
    text.push_str(members);
    Some(text)
}

/// The envelope text of a judgement: `{ ok, data: null, errors, warnings }` (no plan was built).
pub(crate) fn judgement_text(judgement: &Judgement) -> serde_json::Result<String> {
    envelope_text(None, &judgement.errors, &judgement.warnings)
}

fn envelope_text(plan: Option<&Value>, errors: &[Issue], warnings: &[Issue]) -> serde_json::Result<String> {
    let mut text: Vec<u8> = Vec::with_capacity(if plan.is_some() { 2048 } else { 256 });
    text.extend_from_slice(if errors.is_empty() {
        b"{\"ok\":true,\"data\":"
    } else {
        b"{\"ok\":false,\"data\":"
    });
    match plan {
        Some(plan) => serde_json::to_writer(&mut text, plan)?,
        None => text.extend_from_slice(b"null"),
    }
    text.extend_from_slice(b",\"errors\":");
    if errors.is_empty() {
        text.extend_from_slice(b"null");
    } else {
        serde_json::to_writer(&mut text, errors)?;
    }
    text.extend_from_slice(b",\"warnings\":");
    serde_json::to_writer(&mut text, warnings)?;
    text.push(b'}');
    // serde_json writes UTF-8 only; the fallback never runs.
    Ok(String::from_utf8(text).unwrap_or_default())
}

/// `JSON.parse(text)`, with the engine's `JSON.parse` of this moment.
fn parse(js: Js, text: &str) -> Result<napi_value, CallFailed> {
    let json = js.named(js.global()?, c"JSON")?;
    let parse = js.named(json, c"parse")?;
    js.call(json, parse, js.create_string(text)?)
}

#[cfg(test)]
mod tests {
    use super::{envelope_text, with_ok};
    use serde_json::{json, Value};
    use smsrules::{Code, Issue, Location, Outcome};

    fn text_of(outcome: &Outcome) -> String {
        envelope_text(outcome.plan.as_ref(), &outcome.errors, &outcome.warnings).unwrap()
    }

    #[test]
    fn the_envelope_text_is_the_core_envelope_plus_ok() {
        let valid = Outcome {
            plan: Some(json!({"b": 1, "a": [2]})),
            errors: vec![],
            warnings: vec![],
        };
        let text: Value = serde_json::from_str(&text_of(&valid)).unwrap();
        assert_eq!(
            text,
            json!({"ok": true, "data": {"b": 1, "a": [2]}, "errors": null, "warnings": []})
        );

        let issue = Issue::new(Code::MissingField, Location::Body, "/user_number", "missing");
        let invalid = Outcome {
            plan: None,
            errors: vec![issue.clone()],
            warnings: vec![issue],
        };
        let mut expected = invalid.to_value();
        expected
            .as_object_mut()
            .unwrap()
            .insert("ok".into(), Value::Bool(false));
        let text: Value = serde_json::from_str(&text_of(&invalid)).unwrap();
        assert_eq!(text, expected);
        assert!(text_of(&invalid).starts_with("{\"ok\":false,\"data\":null,\"errors\":[{"));
    }

    #[test]
    fn ok_goes_in_front_of_the_core_envelope_text() {
        let mut document = smsrules::Document::new(smsrules::Body::Value(json!({
            "user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi"
        })));
        for valid in [true, false] {
            if !valid {
                document.request = smsrules::Body::Value(json!({"agent_number": "+1415"}));
            }
            let outcome = smsrules::check(&document);
            assert_eq!(outcome.is_valid(), valid);
            let text = with_ok(&smsrules::check_to_json(&document)).unwrap();
            let expected = if valid {
                "{\"ok\":true,\"data\":{"
            } else {
                "{\"ok\":false,\"data\":null,"
            };
            assert!(text.starts_with(expected), "{text}");
            let parsed: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(parsed, serde_json::from_str::<Value>(&text_of(&outcome)).unwrap());
        }
        assert_eq!(with_ok("not an envelope"), None);
    }

    #[test]
    fn a_judgement_without_errors_is_ok_with_null_data_and_its_warnings() {
        let warning = Issue::new(Code::UnknownField, Location::Body, "/extra", "unknown field");
        let text = envelope_text(None, &[], std::slice::from_ref(&warning)).unwrap();
        let expected = format!(
            "{{\"ok\":true,\"data\":null,\"errors\":null,\"warnings\":[{}]}}",
            serde_json::to_string(&warning).unwrap()
        );
        assert_eq!(text, expected);
    }
}
