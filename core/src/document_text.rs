//! Reading the JSON document of docs/src/input.md into a [`Document`].

use crate::body::{not_json, not_utf8, TextFindings};
use crate::check::{DEPTH_LIMIT, DOCUMENT_SIZE_LIMIT};
use crate::code::Code;
use crate::document::{Body, Document, ForeignFault, ForeignFaultKind, TextReading};
use crate::issue::{Issue, Location};
use serde_json::Value;

fn document_too_large(size: usize) -> Issue {
    Issue::new(
        Code::InvalidInput,
        Location::Input,
        "",
        format!("the document is {size} bytes; the limit is {DOCUMENT_SIZE_LIMIT}"),
    )
    .with("limit", DOCUMENT_SIZE_LIMIT)
    .with("size", size)
}

/// The document of docs/src/input.md as a [`Document`], carrying what parsing its text found.
pub(crate) fn read_document(text: &str) -> Document {
    match read_parts(text) {
        Ok((mut doc, findings, errors)) => {
            doc.read = Some(Box::new(TextReading::Read { findings, errors }));
            doc.context_scanned = true;
            doc
        }
        Err(errors) => refused(errors),
    }
}

/// Document bytes: the size first (as [`read_document`] judges text), then UTF-8.
pub(crate) fn read_document_bytes(bytes: &[u8]) -> Document {
    if bytes.len() > DOCUMENT_SIZE_LIMIT {
        return refused(vec![document_too_large(bytes.len())]);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => read_document(text),
        Err(error) => refused(vec![not_utf8(
            Code::InvalidInput,
            Location::Input,
            "document",
            bytes,
            error.valid_up_to(),
        )]),
    }
}

/// A document of `size` bytes, counted but not kept, over the limit.
pub(crate) fn oversized_document(size: usize) -> Document {
    refused(vec![document_too_large(size.max(DOCUMENT_SIZE_LIMIT + 1))])
}

/// A document that cannot be judged at all: `errors` are its whole answer.
fn refused(errors: Vec<Issue>) -> Document {
    let mut doc = Document::new(Body::Value(Value::Null));
    doc.read = Some(Box::new(TextReading::Refused(errors)));
    doc
}

/// The document's parts, what parsing its text found, and the `INVALID_INPUT` issues so far;
/// `Err` with the issues when it cannot be judged at all.
fn read_parts(text: &str) -> Result<(Document, TextFindings, Vec<Issue>), Vec<Issue>> {
    let input_error = |path: &str, message: String| Issue::new(Code::InvalidInput, Location::Input, path, message);
    let fail = |issue: Issue| Err(vec![issue]);
    if text.len() > DOCUMENT_SIZE_LIMIT {
        return fail(document_too_large(text.len()));
    }
    // A field of the document is a part's member (`/request/agent_number`, `/context/number`);
    // only the request's records are issues one by one.
    let scope = crate::json::Scope {
        field_depth: 2,
        issues_under: Some("request"),
        relevant: Some(relevant_in_document),
    };
    let parsed = match crate::json::parse_scoped(
        text,
        crate::json::ParseOptions {
            max_depth: DEPTH_LIMIT + 1,
        },
        scope,
    ) {
        Ok(p) => p,
        Err(e) => return fail(not_json(Code::InvalidInput, Location::Input, "document", &e)),
    };
    let Value::Object(mut root) = parsed.value else {
        return fail(input_error("", "the document must be a JSON object".into()));
    };
    let mut errors = Vec::new();
    let mut findings = TextFindings::default();
    let mut faults = Vec::new();
    let relative = |p: &str, part: &str| p.strip_prefix(part).map(str::to_owned);
    for p in &parsed.duplicates {
        if let Some(rest) = relative(p, "/request/") {
            findings.body_duplicates.push(format!("/{rest}"));
        }
    }
    for (p, fault) in &parsed.faults {
        if let Some(rest) = relative(p, "/request/") {
            findings.body_not_ijson.push((format!("/{rest}"), *fault));
        }
    }
    findings.body_omitted = parsed.duplicates_omitted + parsed.faults_omitted;
    // A part that is itself not I-JSON (`"request": "\ud800"`, `"context": 1e400`): the body's
    // fault at its root, as the same text as `request_text` gives; and a number out of range,
    // which the parser read as `null`, is still the number it was, not an absent part.
    let mut out_of_range: Vec<&str> = Vec::new();
    for (p, fault) in &parsed.field_faults {
        if *fault == crate::json::Fault::NumberOutOfRange {
            if let Some(part) = p.strip_prefix('/').filter(|part| !part.contains('/')) {
                out_of_range.push(part);
            }
        }
        if p == "/request" {
            findings.body_not_ijson.push((String::new(), *fault));
            findings.body_fault_fields.push(String::new());
        } else if let Some(rest) = relative(p, "/request/") {
            findings.body_fault_fields.push(format!("/{rest}"));
        } else if p == "/request_text" {
            // A lone surrogate cannot reach the body text; a noncharacter can, and the body's
            // own parse reports it at its pointer.
            if *fault == crate::json::Fault::LoneSurrogate {
                findings.body_text_not_ijson = true;
            }
        } else if let Some(rest) = relative(p, "/context/") {
            faults.push(ForeignFault {
                part: Location::Context,
                pointer: format!("/{rest}"),
                kind: ForeignFaultKind::NotJson,
            });
        } else if let Some(rest) = relative(p, "/options/") {
            faults.push(ForeignFault {
                part: Location::Options,
                pointer: format!("/{rest}"),
                kind: ForeignFaultKind::NotJson,
            });
        } else if let Some(rest) = relative(p, "/headers/") {
            faults.push(ForeignFault {
                part: Location::Header,
                pointer: format!("/{rest}"),
                kind: ForeignFaultKind::NotJson,
            });
        }
    }
    for p in &parsed.too_deep {
        for (prefix, part) in [
            ("/request/", Location::Body),
            ("/context/", Location::Context),
            ("/options/", Location::Options),
            ("/headers/", Location::Header),
        ] {
            if let Some(rest) = relative(p, prefix) {
                faults.push(ForeignFault {
                    part,
                    pointer: format!("/{rest}"),
                    kind: ForeignFaultKind::TooDeep,
                });
            }
        }
    }
    let mut take = |key: &str| match root.remove(key) {
        // The body as the same text gives it: `null`, its fault reported at its root.
        Some(Value::Null) if key == "request" && out_of_range.contains(&key) => Some(Value::Null),
        // Any number stands for it: only its type is reported.
        Some(Value::Null) if out_of_range.contains(&key) => Some(Value::from(0)),
        Some(Value::Null) | None => None,
        Some(value) => Some(value),
    };
    let request = take("request");
    let request_text = take("request_text");
    let mut part = |key: &str, errors: &mut Vec<Issue>| match take(key) {
        Some(v) if v.is_object() => Some(v),
        Some(v) => {
            errors.push(input_error(
                &crate::pointer::join("", key),
                format!("`{key}` must be an object, not {}", crate::values::type_name(&v)),
            ));
            None
        }
        None => None,
    };
    let headers = part("headers", &mut errors);
    let context = part("context", &mut errors);
    let mut options = part("options", &mut errors);
    // An option value that is not I-JSON is read as a binding reads one it cannot convert:
    // `null` in its place, the fault reported at the option (so both entry points agree).
    if let Some(options) = options.as_mut() {
        for f in faults
            .iter()
            .filter(|f| f.part == Location::Options && f.kind == ForeignFaultKind::NotJson)
        {
            if let Some(value) = options.pointer_mut(&f.pointer) {
                *value = Value::Null;
            }
        }
    }
    let body = match (request, request_text) {
        (Some(r), None) => Body::Value(r),
        (None, Some(Value::String(t))) => Body::Text(t),
        (None, Some(other)) => {
            errors.push(input_error(
                "/request_text",
                format!(
                    "`request_text` must be a string, not {}",
                    crate::values::type_name(&other)
                ),
            ));
            return Err(errors);
        }
        (Some(_), Some(_)) => {
            errors.push(input_error(
                "",
                "give either `request` or `request_text`, not both".into(),
            ));
            return Err(errors);
        }
        (None, None) => {
            errors.push(input_error(
                "",
                "the document needs `request` (an object) or `request_text` (a string)".into(),
            ));
            return Err(errors);
        }
    };
    let mut doc = Document::new(body);
    doc.headers = headers;
    doc.context = context;
    doc.options = options;
    doc.faults = faults;
    Ok((doc, findings, errors))
}

/// A record in the document's `context` concerns the check only where the context reading
/// reads (see [`crate::json::Scope::relevant`]); every other record does.
fn relevant_in_document(steps: &[Option<&str>]) -> bool {
    match steps.split_first() {
        Some((Some("context"), inside)) => crate::context::is_read_path(inside),
        _ => true,
    }
}
