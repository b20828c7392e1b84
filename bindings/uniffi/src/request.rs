//! The request body as a typed record (Kotlin data class, Swift struct), beside the JSON text
//! entry point: an app builds a `SendRequest` instead of writing JSON. The record only
//! converts: it becomes the JSON object the API would receive (every field set, in the
//! order the API documents them; an unset one is absent, as a JSON `null` would be) and the
//! core judges that value exactly as it judges the same object parsed from text.
//!
//! `request_data`, `metadata` and `content_variables` are free-form JSON, so they travel as
//! JSON text: text that is not JSON throws `InvalidArgument` naming the field (the app wrote
//! bad JSON: there is nothing to judge); JSON that is not I-JSON or nests too deep is judged
//! by the core as any other body value would be.

use crate::{not_json, SmsRulesError};
use serde_json::{Map, Number, Value};
use smsrules::json::ParseOptions;
use smsrules::{ForeignFault, ForeignFaultKind, Location};

/// `persona_settings` of the request: what a persona's conversation starts with.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct PersonaSettings {
    /// `pathway_id`.
    #[uniffi(default)]
    pub pathway_id: Option<String>,
    /// `pathway_version`: an integer ≥ 0 (a negative one is judged `OUT_OF_RANGE`).
    #[uniffi(default)]
    pub pathway_version: Option<i64>,
    /// `start_node_id`.
    #[uniffi(default)]
    pub start_node_id: Option<String>,
}

/// The body of `POST /v1/sms/send` as a record. Every field is optional so that any request
/// can be written, including wrong ones (a missing `user_number` is the issue
/// `MISSING_FIELD`, as from JSON); an unset field is absent from the body.
#[derive(Debug, Clone, Default, PartialEq, uniffi::Record)]
pub struct SendRequest {
    /// `user_number`: the recipient, E.164 (required by the API).
    #[uniffi(default)]
    pub user_number: Option<String>,
    /// `agent_number`: the sending number, E.164 (required by the API).
    #[uniffi(default)]
    pub agent_number: Option<String>,
    /// `agent_message`: the text to send.
    #[uniffi(default)]
    pub agent_message: Option<String>,
    /// `request_data` as JSON text (an object).
    #[uniffi(default)]
    pub request_data_json: Option<String>,
    /// `new_conversation`.
    #[uniffi(default)]
    pub new_conversation: Option<bool>,
    /// `persona_id`: a hyphenated UUID.
    #[uniffi(default)]
    pub persona_id: Option<String>,
    /// `persona_version`: `production` or `draft`.
    #[uniffi(default)]
    pub persona_version: Option<String>,
    /// `persona_settings`.
    #[uniffi(default)]
    pub persona_settings: Option<PersonaSettings>,
    /// `pathway_id`.
    #[uniffi(default)]
    pub pathway_id: Option<String>,
    /// `pathway_version`: an integer ≥ 0.
    #[uniffi(default)]
    pub pathway_version: Option<i64>,
    /// `start_node_id`.
    #[uniffi(default)]
    pub start_node_id: Option<String>,
    /// `webhook`: an https URL.
    #[uniffi(default)]
    pub webhook: Option<String>,
    /// `metadata` as JSON text (an object).
    #[uniffi(default)]
    pub metadata_json: Option<String>,
    /// `disposition_ids`.
    #[uniffi(default)]
    pub disposition_ids: Option<Vec<String>>,
    /// `citation_schema_ids`.
    #[uniffi(default)]
    pub citation_schema_ids: Option<Vec<String>>,
    /// `channel`: `sms`, `whatsapp` or `imessage` (text, so any value can be judged).
    #[uniffi(default)]
    pub channel: Option<String>,
    /// `content_sid`: a template, `HX` and 32 hex digits.
    #[uniffi(default)]
    pub content_sid: Option<String>,
    /// `content_variables` as JSON text (an object of strings).
    #[uniffi(default)]
    pub content_variables_json: Option<String>,
    /// `time_out` in seconds. A whole number is sent as a JSON integer.
    #[uniffi(default)]
    pub time_out: Option<f64>,
    /// `timeout_message`.
    #[uniffi(default)]
    pub timeout_message: Option<String>,
    /// `warning_time` in seconds. A whole number is sent as a JSON integer.
    #[uniffi(default)]
    pub warning_time: Option<f64>,
    /// `warning_message`.
    #[uniffi(default)]
    pub warning_message: Option<String>,
}

/// A body value's own levels the conversion keeps: with the body object as level 1 and the
/// field's value as level 2, up to level 33, one past the API's limit, so the core reports
/// `PAYLOAD_TOO_DEEP` itself; deeper containers become faults the core reports the same way.
const FIELD_DEPTH: usize = smsrules::DEPTH_LIMIT;

impl SendRequest {
    /// The body as the JSON object the API would receive, and the values that could not be
    /// converted (left as `null`, for the core to report as it reports them from text).
    pub(crate) fn to_body(&self) -> Result<(Value, Vec<ForeignFault>), SmsRulesError> {
        let mut body = Map::new();
        let mut faults = Vec::new();
        put_text(&mut body, "user_number", &self.user_number);
        put_text(&mut body, "agent_number", &self.agent_number);
        put_text(&mut body, "agent_message", &self.agent_message);
        put_json(&mut body, "request_data", &self.request_data_json, &mut faults)?;
        if let Some(flag) = self.new_conversation {
            body.insert("new_conversation".into(), Value::Bool(flag));
        }
        put_text(&mut body, "persona_id", &self.persona_id);
        put_text(&mut body, "persona_version", &self.persona_version);
        if let Some(settings) = &self.persona_settings {
            body.insert("persona_settings".into(), settings.to_value());
        }
        put_text(&mut body, "pathway_id", &self.pathway_id);
        if let Some(version) = self.pathway_version {
            body.insert("pathway_version".into(), version.into());
        }
        put_text(&mut body, "start_node_id", &self.start_node_id);
        put_text(&mut body, "webhook", &self.webhook);
        put_json(&mut body, "metadata", &self.metadata_json, &mut faults)?;
        for (name, ids) in [
            ("disposition_ids", &self.disposition_ids),
            ("citation_schema_ids", &self.citation_schema_ids),
        ] {
            if let Some(ids) = ids {
                body.insert(name.into(), ids.iter().cloned().map(Value::String).collect());
            }
        }
        put_text(&mut body, "channel", &self.channel);
        put_text(&mut body, "content_sid", &self.content_sid);
        put_json(
            &mut body,
            "content_variables",
            &self.content_variables_json,
            &mut faults,
        )?;
        put_seconds(&mut body, "time_out", self.time_out, &mut faults);
        put_text(&mut body, "timeout_message", &self.timeout_message);
        put_seconds(&mut body, "warning_time", self.warning_time, &mut faults);
        put_text(&mut body, "warning_message", &self.warning_message);
        Ok((Value::Object(body), faults))
    }
}

fn put_text(body: &mut Map<String, Value>, name: &str, value: &Option<String>) {
    if let Some(value) = value {
        body.insert(name.to_owned(), Value::String(value.clone()));
    }
}

fn put_seconds(body: &mut Map<String, Value>, name: &str, value: Option<f64>, faults: &mut Vec<ForeignFault>) {
    if let Some(value) = value {
        body.insert(name.to_owned(), number(name, value, faults));
    }
}

fn put_json(
    body: &mut Map<String, Value>,
    name: &str,
    text: &Option<String>,
    faults: &mut Vec<ForeignFault>,
) -> Result<(), SmsRulesError> {
    if let Some(text) = text {
        if let Some(value) = json_field(name, text, faults)? {
            body.insert(name.to_owned(), value);
        }
    }
    Ok(())
}

impl PersonaSettings {
    fn to_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(id) = &self.pathway_id {
            map.insert("pathway_id".into(), Value::String(id.clone()));
        }
        if let Some(version) = self.pathway_version {
            map.insert("pathway_version".into(), version.into());
        }
        if let Some(id) = &self.start_node_id {
            map.insert("start_node_id".into(), Value::String(id.clone()));
        }
        Value::Object(map)
    }
}

/// A number field: a whole number within ±2^53 as a JSON integer (as JSON encoders write
/// `600.0`), another finite one as a double; NaN and the infinities are no JSON number, so
/// they are `null` with a fault the core reports at the field.
fn number(name: &str, value: f64, faults: &mut Vec<ForeignFault>) -> Value {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    if value.fract() == 0.0 && value.abs() <= EXACT {
        // Exact: a whole double within ±2^53 converts to i64 without loss.
        #[allow(clippy::cast_possible_truncation)]
        return Value::from(value as i64);
    }
    match Number::from_f64(value) {
        Some(number) => Value::Number(number),
        None => {
            faults.push(ForeignFault {
                part: Location::Body,
                pointer: format!("/{name}"),
                kind: ForeignFaultKind::NotJson,
            });
            Value::Null
        }
    }
}

/// A free-form field given as JSON text, parsed as the body's own text would be: duplicate
/// keys keep the last, values that are not I-JSON and containers past the body's depth limit
/// become `null` with a fault at their pointer inside the body. The text `null` leaves the
/// field absent, as a JSON `null` does in a body.
fn json_field(name: &str, text: &str, faults: &mut Vec<ForeignFault>) -> Result<Option<Value>, SmsRulesError> {
    let argument = format!("request.{}", camel_case(name));
    let parsed =
        smsrules::json::parse(text, ParseOptions { max_depth: FIELD_DEPTH }).map_err(|e| not_json(&argument, &e))?;
    let mut value = parsed.value;
    for pointer in parsed.too_deep {
        faults.push(ForeignFault {
            part: Location::Body,
            pointer: format!("/{name}{pointer}"),
            kind: ForeignFaultKind::TooDeep,
        });
    }
    for (pointer, _) in parsed.faults {
        if let Some(slot) = value.pointer_mut(&pointer) {
            *slot = Value::Null;
        }
        faults.push(ForeignFault {
            part: Location::Body,
            pointer: format!("/{name}{pointer}"),
            kind: ForeignFaultKind::NotJson,
        });
    }
    Ok((!value.is_null() || !faults.is_empty()).then_some(value))
}

/// The field's name as the bindings spell the record's member (`requestDataJson`).
fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out.push_str("Json");
    out
}
