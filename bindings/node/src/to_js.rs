//! Core answers → plain JS objects, built directly through Node-API. Keys stay snake_case,
//! exactly as on the wire (SPEC §7).

use crate::napi_raw::{CallFailed, Js};
use napi::sys::napi_value;
use serde_json::Value;
use smsrules::{Issue, Outcome};

/// A JSON value as the equal JS value (`JSON.parse` of its text would give the same).
pub(crate) fn value(js: Js, value: &Value) -> Result<napi_value, CallFailed> {
    match value {
        Value::Null => js.null(),
        Value::Bool(b) => js.create_bool(*b),
        Value::Number(n) => js.create_number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => js.create_string(s),
        Value::Array(items) => {
            let array = js.create_array(items.len())?;
            for (index, item) in (0u32..).zip(items) {
                js.set_element(array, index, self::value(js, item)?)?;
            }
            Ok(array)
        }
        Value::Object(map) => {
            let object = js.create_object()?;
            for (key, item) in map {
                js.set_property(object, key, self::value(js, item)?)?;
            }
            Ok(object)
        }
    }
}

/// `{ ok, data, errors, warnings }`: the envelope of SPEC §2 plus `ok` (no errors).
pub(crate) fn envelope(js: Js, outcome: &Outcome) -> Result<napi_value, CallFailed> {
    let object = js.create_object()?;
    js.set_property(object, "ok", js.create_bool(outcome.is_valid())?)?;
    let data = match &outcome.plan {
        Some(plan) => value(js, plan)?,
        None => js.null()?,
    };
    js.set_property(object, "data", data)?;
    let errors = if outcome.errors.is_empty() {
        js.null()?
    } else {
        issues(js, &outcome.errors)?
    };
    js.set_property(object, "errors", errors)?;
    js.set_property(object, "warnings", issues(js, &outcome.warnings)?)?;
    Ok(object)
}

fn issues(js: Js, list: &[Issue]) -> Result<napi_value, CallFailed> {
    let array = js.create_array(list.len())?;
    for (index, issue) in (0u32..).zip(list) {
        let object = js.create_object()?;
        js.set_property(object, "error", js.create_string(issue.error.as_str())?)?;
        js.set_property(object, "in", js.create_string(issue.location.as_str())?)?;
        js.set_property(object, "path", js.create_string(&issue.path)?)?;
        js.set_property(object, "message", js.create_string(&issue.message)?)?;
        let params = js.create_object()?;
        for (key, item) in &issue.params {
            js.set_property(params, key, value(js, item)?)?;
        }
        js.set_property(object, "params", params)?;
        js.set_element(array, index, object)?;
    }
    Ok(array)
}
