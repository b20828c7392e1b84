//! Core answers → plain JS objects. Keys stay snake_case, exactly as on the wire (SPEC §7).
//!
//! The answer is written as JSON text and handed to the engine's own `JSON.parse`: about twice
//! as fast as building the objects through Node-API one property at a time, and a key such as
//! `__proto__` in echoed user data stays an ordinary own property.

use crate::napi_raw::{CallFailed, Js};
use napi::sys::napi_value;
use serde_json::Value;
use smsrules::{Issue, Judgement, Outcome};

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

/// `{ ok, data, errors, warnings }`: the envelope of SPEC §2 plus `ok` (no errors).
pub(crate) fn envelope(js: Js, outcome: &Outcome) -> Result<napi_value, CallFailed> {
    let text = envelope_text(outcome.plan.as_ref(), &outcome.errors, &outcome.warnings);
    parse(js, &text.map_err(|_| CallFailed)?)
}

/// The envelope of a judgement: as [`envelope`], with `data: null` (no plan was built).
pub(crate) fn judgement(js: Js, judgement: &Judgement) -> Result<napi_value, CallFailed> {
    let text = envelope_text(None, &judgement.errors, &judgement.warnings);
    parse(js, &text.map_err(|_| CallFailed)?)
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
    use super::envelope_text;
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
