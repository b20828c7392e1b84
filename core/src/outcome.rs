//! The answer of one check: the typed [`Outcome`], the plan-less [`Judgement`], and the
//! envelope text (docs/src/envelope.md).

use crate::code::Code;
use crate::issue::{Issue, Location};
use crate::plan::{JsonOut, Plan};
use serde_json::Value;

/// The answer: a plan when valid, otherwise errors; warnings either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The plan (docs/src/plan.md), `None` exactly when there are errors.
    pub plan: Option<Value>,
    /// Errors in envelope order.
    pub errors: Vec<Issue>,
    /// Warnings in envelope order.
    pub warnings: Vec<Issue>,
}

impl Outcome {
    /// True when there are no errors (the plan is present).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The answer for a part a binding stopped converting because it holds more than
    /// `max_values` values (a bound on its own work, so a hostile object graph cannot take
    /// unbounded time or memory): `PAYLOAD_TOO_LARGE` for the body, `INVALID_CONTEXT` for the
    /// context, `INVALID_OPTIONS` otherwise, at `""`.
    pub fn too_many_values(part: Location, max_values: usize) -> Outcome {
        let limit = crate::BODY_SIZE_LIMIT;
        let issue = match part {
            Location::Body => Issue::new(
                Code::PayloadTooLarge,
                part,
                "",
                format!("the body holds more than {max_values} values, so it is over the limit of {limit} bytes"),
            )
            .with("limit", limit),
            Location::Context => Issue::new(
                Code::InvalidContext,
                part,
                "",
                format!("the context holds more than {max_values} values"),
            )
            .with("max_values", max_values),
            _ => Issue::new(
                Code::InvalidOptions,
                part,
                "",
                format!("the options hold more than {max_values} values"),
            )
            .with("max_values", max_values),
        };
        Outcome {
            plan: None,
            errors: vec![issue],
            warnings: Vec::new(),
        }
    }

    /// The envelope of docs/src/envelope.md as a JSON value: `{data, errors, warnings}`.
    pub fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert("data".into(), self.plan.clone().unwrap_or(Value::Null));
        map.insert(
            "errors".into(),
            if self.errors.is_empty() {
                Value::Null
            } else {
                serde_json::to_value(&self.errors).unwrap_or(Value::Null)
            },
        );
        map.insert(
            "warnings".into(),
            serde_json::to_value(&self.warnings).unwrap_or(Value::Array(Vec::new())),
        );
        Value::Object(map)
    }

    /// The envelope as compact JSON text (the same bytes as `to_value().to_string()`, written
    /// straight from the outcome: no copy of the plan, no intermediate values).
    pub fn to_json(&self) -> String {
        self.write_json().unwrap_or_else(|| self.to_value().to_string())
    }

    fn write_json(&self) -> Option<String> {
        write_envelope(
            self.plan
                .as_ref()
                .map(|plan| move |out: &mut JsonOut<'_>| out.value(plan)),
            &self.errors,
            &self.warnings,
        )
    }
}

/// The envelope `{"data", "errors", "warnings"}` as compact JSON text, `write_plan` writing
/// the plan; `None` only if the text is not UTF-8 (it always is).
fn write_envelope(
    write_plan: Option<impl FnOnce(&mut JsonOut<'_>)>,
    errors: &[Issue],
    warnings: &[Issue],
) -> Option<String> {
    let mut buffer: Vec<u8> = Vec::with_capacity(1024);
    let mut out = JsonOut(&mut buffer);
    out.0.extend_from_slice(b"{\"data\":");
    match write_plan {
        Some(write) => write(&mut out),
        None => out.0.extend_from_slice(b"null"),
    }
    out.0.extend_from_slice(b",\"errors\":");
    if errors.is_empty() {
        out.0.extend_from_slice(b"null");
    } else {
        out.issues(errors);
    }
    out.0.extend_from_slice(b",\"warnings\":");
    out.issues(warnings);
    out.0.push(b'}');
    String::from_utf8(buffer).ok()
}

/// What one run found, before it becomes an [`Outcome`] or envelope text: the plan (still
/// borrowing from the document) exactly when there are no errors, and the issues sorted and
/// capped.
pub(crate) struct Verdict<'p> {
    pub(crate) plan: Option<Plan<'p>>,
    pub(crate) errors: Vec<Issue>,
    pub(crate) warnings: Vec<Issue>,
}

impl Verdict<'_> {
    pub(crate) fn into_outcome(self) -> Outcome {
        Outcome {
            plan: self.plan.as_ref().map(Plan::to_value),
            errors: self.errors,
            warnings: self.warnings,
        }
    }

    /// The envelope text, the plan written where it lies.
    pub(crate) fn into_json(self) -> String {
        let write_plan = self
            .plan
            .as_ref()
            .map(|plan| move |out: &mut JsonOut<'_>| plan.write(out));
        match write_envelope(write_plan, &self.errors, &self.warnings) {
            Some(text) => text,
            None => self.into_outcome().to_json(),
        }
    }
}

/// The errors and warnings of one document, without its plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// Errors in envelope order, exactly as [`check`](crate::check()) gives them.
    pub errors: Vec<Issue>,
    /// Warnings in envelope order, exactly as [`check`](crate::check()) gives them.
    pub warnings: Vec<Issue>,
}

impl Judgement {
    /// True when there are no errors ([`check`](crate::check()) would give a plan).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}
