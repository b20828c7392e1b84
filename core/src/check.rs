//! TEMPORARY: the public entry points, filled in by the core author.

use crate::issue::{Issue, Location};
use serde_json::Value;

/// A request body: raw text (parsed and limit-checked by smsrules) or an already-parsed value.
#[derive(Debug, Clone)]
pub enum Body {
    /// The raw body text as it arrived.
    Text(String),
    /// A parsed body (a Python dict, a JS object, a `serde_json::Value`).
    Value(Value),
}

/// A value a binding could not turn into JSON, replaced by `null` at `pointer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignFault {
    /// Which part (`Body`, `Header`, `Context` or `Options`).
    pub part: Location,
    /// RFC 6901 pointer into that part.
    pub pointer: String,
    /// What was wrong.
    pub kind: ForeignFaultKind,
}

/// Why a binding could not convert a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignFaultKind {
    /// Not a JSON value (a set, bytes, NaN, a lone surrogate, a function, a cycle, …).
    NotJson,
    /// A container nested deeper than the binding converts (it converts at least 33 levels).
    TooDeep,
}

/// Everything one check looks at (SPEC §1).
#[derive(Debug, Clone)]
pub struct Document {
    /// The request body.
    pub request: Body,
    /// Request headers as a JSON object (names case-insensitive), if any.
    pub headers: Option<Value>,
    /// What the server knows (SPEC §1.2), if anything.
    pub context: Option<Value>,
    /// Options (SPEC §1.3) as a JSON object.
    pub options: Option<Value>,
    /// Values a binding could not convert.
    pub faults: Vec<ForeignFault>,
}

impl Document {
    /// A document holding only a request body.
    pub fn new(request: Body) -> Document {
        Document { request, headers: None, context: None, options: None, faults: Vec::new() }
    }
}

/// The answer: a plan when valid, otherwise errors; warnings either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The plan (SPEC §6), `None` exactly when there are errors.
    pub plan: Option<Value>,
    /// Errors in envelope order.
    pub errors: Vec<Issue>,
    /// Warnings in envelope order.
    pub warnings: Vec<Issue>,
}

/// Judge one document.
pub fn check(doc: &Document) -> Outcome {
    let _ = doc;
    Outcome { plan: None, errors: Vec::new(), warnings: Vec::new() }
}

/// The JSON entry point: the document of SPEC §1 in, the envelope of SPEC §2 out.
pub fn check_json(doc: &str) -> String {
    let _ = doc;
    String::from("{\"data\":null,\"errors\":null,\"warnings\":[]}")
}

impl Outcome {
    /// True when there are no errors (the plan is present).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The envelope of SPEC §2 as a JSON value: `{data, errors, warnings}`.
    pub fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert("data".into(), self.plan.clone().unwrap_or(Value::Null));
        map.insert(
            "errors".into(),
            if self.errors.is_empty() { Value::Null } else { serde_json::to_value(&self.errors).unwrap_or(Value::Null) },
        );
        map.insert("warnings".into(), serde_json::to_value(&self.warnings).unwrap_or(Value::Array(Vec::new())));
        Value::Object(map)
    }

    /// The envelope as compact JSON text.
    pub fn to_json(&self) -> String {
        self.to_value().to_string()
    }
}

/// The JSON Schema (draft 2020-12) of the request body.
pub fn json_schema() -> Value {
    Value::Object(serde_json::Map::new())
}
