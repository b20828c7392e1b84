//! Reading the request body: its size, its text's syntax, duplicate keys, I-JSON faults and
//! depth, and the canonical sizes of the fields the rules limit.

use crate::check::{BODY_SIZE_LIMIT, DEPTH_LIMIT};
use crate::code::Code;
use crate::document::{Body, Document, ForeignFaultKind};
use crate::issue::{Issue, Location};
use crate::survey::BodySurvey;
use serde_json::Value;
use std::borrow::Cow;

/// What smsrules found while parsing text that held the body or the context (so the values
/// need no second scan).
#[derive(Debug, Default, Clone)]
pub(crate) struct TextFindings {
    /// Body pointers of later duplicate keys (the first ones, see [`crate::json::Parsed`]).
    pub(crate) body_duplicates: Vec<String>,
    /// Body pointers of values that are not I-JSON, and why (the first ones).
    pub(crate) body_not_ijson: Vec<(String, crate::json::Fault)>,
    /// How many duplicate keys and values that are not I-JSON the two lists leave out.
    pub(crate) body_omitted: usize,
    /// Body pointers of the first value that is not I-JSON in each field.
    pub(crate) body_fault_fields: Vec<String>,
    /// The body text itself could not be represented (e.g. `request_text` held a lone surrogate).
    pub(crate) body_text_not_ijson: bool,
}

/// The body's canonical sizes (and fingerprint, below `hash_limit` bytes). When nothing is
/// hashed and the survey's bound shows every size within the smallest limit, the bound stands
/// in for them: sizes are only compared with the limits, and reported only when over one.
fn summary_of(body: &Value, survey: &BodySurvey, hash_limit: usize) -> crate::fingerprint::BodySummary<2> {
    if hash_limit == 0 && survey.canonical_bound <= crate::request::OBJECT_SIZE_LIMIT {
        return crate::fingerprint::bounded_summary(body, SIZED, survey.canonical_bound);
    }
    crate::fingerprint::summarize(body, SIZED, hash_limit)
}

/// The body as a value, with the top-level fields already reported (too deep, not JSON);
/// `None` when the body cannot be judged field by field.
/// A body handed over parsed is borrowed, not copied. The summary gives the canonical sizes
/// of `request_data` and `metadata` and the fingerprint, from one pass over the body.
pub(crate) fn read_body<'a>(
    doc: &'a Document,
    findings: Option<&TextFindings>,
    hash: bool,
    errors: &mut Vec<Issue>,
    omitted: &mut crate::issue::Omitted,
) -> Option<(Cow<'a, Value>, Vec<String>, Summary)> {
    let hash_limit = |limit: usize| if hash { limit } else { 0 };
    let mut reported = Reported::default();
    let (value, summary) = match &doc.request {
        Body::Text(text) => {
            let (value, summary) = read_body_text(text, findings, hash, errors, &mut reported, omitted)?;
            (Cow::Owned(value), summary)
        }
        Body::Oversized(size) => {
            errors.push(too_large((*size).max(BODY_SIZE_LIMIT + 1)));
            return None;
        }
        Body::Bytes(bytes) => {
            let text = body_bytes_as_text(bytes, errors)?;
            let (value, summary) = read_body_text(text, findings, hash, errors, &mut reported, omitted)?;
            (Cow::Owned(value), summary)
        }
        Body::Value(value) => {
            if let Some(f) = findings {
                for p in &f.body_duplicates {
                    errors.push(duplicate_key(p));
                }
                for (p, fault) in &f.body_not_ijson {
                    errors.push(not_ijson(p, *fault, Code::InvalidJson));
                }
                for p in &f.body_fault_fields {
                    reported.mark(p);
                }
                omitted.add_count(f.body_omitted);
            }
            let survey = match doc.body_survey {
                Some(given) => {
                    debug_assert_eq!(given, crate::survey::survey(value), "the binding's survey of the body");
                    given
                }
                None => crate::survey::survey(value),
            };
            let summary = summary_of(value, &survey, hash_limit(BODY_SIZE_LIMIT));
            if summary.len > BODY_SIZE_LIMIT {
                errors.push(too_large(summary.len));
                return None;
            }
            // The scan finds pointers; the survey already knows whether there is any to find.
            if findings.is_none() && (survey.deepest > DEPTH_LIMIT || survey.noncharacter) {
                let found = crate::json::scan(value, DEPTH_LIMIT);
                // A string of a parsed body can only hold a noncharacter here, which makes the
                // body not I-JSON however it arrived: `INVALID_JSON`, as for its text.
                for (p, fault) in found.faults {
                    errors.push(not_ijson(&p, fault, Code::InvalidJson));
                }
                omitted.add_count(found.faults_omitted);
                for (p, _) in found.field_faults {
                    reported.mark(&p);
                }
                for p in found.too_deep {
                    if let Some(field) = reported.mark(&p) {
                        errors.push(too_deep(&field));
                    }
                }
            }
            (Cow::Borrowed(value), summary)
        }
    };
    for f in doc.faults.iter().filter(|f| f.part == Location::Body) {
        match f.kind {
            ForeignFaultKind::TooDeep => {
                if let Some(field) = reported.mark(&f.pointer) {
                    errors.push(too_deep(&field));
                }
            }
            ForeignFaultKind::NotJson => {
                let issue = Issue::new(
                    Code::InvalidType,
                    Location::Body,
                    f.pointer.clone(),
                    "this value is not a JSON value",
                )
                .with("expected", "a JSON value");
                crate::issue::push_bounded(errors, issue, crate::keep::MAX_KEPT, omitted);
                reported.mark(&f.pointer);
            }
        }
    }
    if !value.is_object() {
        // A binding that could not convert the whole body has already said so at "".
        let reported_whole = doc
            .faults
            .iter()
            .any(|f| f.part == Location::Body && f.pointer.is_empty());
        if reported_whole {
            return None;
        }
        errors.push(
            Issue::new(
                Code::InvalidType,
                Location::Body,
                "",
                format!(
                    "the body must be a JSON object, not {}",
                    crate::values::type_name(&value)
                ),
            )
            .with("expected", "an object")
            .with("actual", crate::values::type_name(&value)),
        );
        return None;
    }
    Some((value, reported.known_fields(), summary))
}

/// `PAYLOAD_TOO_LARGE` for a body of `size` bytes.
fn too_large(size: usize) -> Issue {
    Issue::new(
        Code::PayloadTooLarge,
        Location::Body,
        "",
        format!("the body is {size} bytes; the limit is {BODY_SIZE_LIMIT}"),
    )
    .with("limit", BODY_SIZE_LIMIT)
    .with("size", size)
}

/// The top-level fields already reported too deep or unreadable: each is reported once, and
/// then treated as absent.
#[derive(Default)]
struct Reported {
    fields: std::collections::HashSet<String>,
}

impl Reported {
    /// The top-level field of `pointer`, when it is not yet reported (then it is).
    fn mark(&mut self, pointer: &str) -> Option<String> {
        let field = crate::pointer::first_token(pointer)?;
        if self.fields.contains(&field) {
            return None;
        }
        self.fields.insert(field.clone());
        Some(field)
    }

    /// The reported fields that are body fields (the others are not read field by field).
    fn known_fields(&self) -> Vec<String> {
        crate::request::FIELDS
            .iter()
            .filter(|field| self.fields.contains(**field))
            .map(|field| (*field).to_owned())
            .collect()
    }
}

/// Body bytes as the text [`read_body_text`] judges: the size is judged first (on the bytes
/// that arrived), then whether they are UTF-8 text at all; `None` (the issue in `errors`)
/// when nothing more of the body can be judged.
fn body_bytes_as_text<'b>(bytes: &'b [u8], errors: &mut Vec<Issue>) -> Option<&'b str> {
    if bytes.len() > BODY_SIZE_LIMIT {
        errors.push(too_large(bytes.len()));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            errors.push(not_utf8(
                Code::InvalidJson,
                Location::Body,
                "body",
                bytes,
                error.valid_up_to(),
            ));
            None
        }
    }
}

/// The issue for text that is not JSON (`what` names it: "body", "document"), at the
/// syntax error's `line`, `column` and `offset`.
pub(crate) fn not_json(code: Code, location: Location, what: &str, e: &crate::json::SyntaxError) -> Issue {
    Issue::new(
        code,
        location,
        "",
        format!(
            "the {what} is not JSON: {} at line {} column {}",
            e.message, e.line, e.column
        ),
    )
    .with("line", e.line)
    .with("column", e.column)
    .with("offset", e.offset)
}

/// The issue for bytes that are not UTF-8 from `offset` on, shaped as a syntax error is
/// (`line`, `column` in characters, `offset` in bytes); `what` names the text ("body",
/// "document").
pub(crate) fn not_utf8(code: Code, location: Location, what: &str, bytes: &[u8], offset: usize) -> Issue {
    let before = bytes.get(..offset).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    // `before` is UTF-8 up to `offset` (the first byte that is not), so this never falls back.
    let column = std::str::from_utf8(before.get(line_start..).unwrap_or_default()).map_or(0, |s| s.chars().count()) + 1;
    Issue::new(
        code,
        location,
        "",
        format!("the {what} is not JSON: it is not UTF-8 text at line {line} column {column}"),
    )
    .with("line", line)
    .with("column", column)
    .with("offset", offset)
}

/// Parse and judge body text (a [`Body::Text`], or [`Body::Bytes`] that are UTF-8): its size,
/// syntax, duplicate keys, I-JSON faults and depth. The top-level fields reported go into
/// `reported`. `None` when nothing more of the body can be judged.
fn read_body_text(
    text: &str,
    findings: Option<&TextFindings>,
    hash: bool,
    errors: &mut Vec<Issue>,
    reported: &mut Reported,
    omitted: &mut crate::issue::Omitted,
) -> Option<(Value, Summary)> {
    // `request_text` whose own JSON string held a lone surrogate: the text that
    // arrived cannot be represented, so nothing of it is judged.
    if findings.is_some_and(|f| f.body_text_not_ijson) {
        errors.push(Issue::new(
            Code::InvalidJson,
            Location::Body,
            "",
            "the body text is not I-JSON",
        ));
        return None;
    }
    if text.len() > BODY_SIZE_LIMIT {
        errors.push(too_large(text.len()));
        return None;
    }
    let parsed = match crate::json::parse(text, crate::json::ParseOptions { max_depth: DEPTH_LIMIT }) {
        Ok(p) => p,
        Err(e) => {
            errors.push(not_json(Code::InvalidJson, Location::Body, "body", &e));
            return None;
        }
    };
    for p in &parsed.duplicates {
        errors.push(duplicate_key(p));
    }
    for (p, fault) in &parsed.faults {
        errors.push(not_ijson(p, *fault, Code::InvalidJson));
    }
    omitted.add_count(parsed.duplicates_omitted + parsed.faults_omitted);
    for (p, _) in &parsed.field_faults {
        reported.mark(p);
    }
    for p in &parsed.too_deep {
        if let Some(field) = reported.mark(p) {
            errors.push(too_deep(&field));
        }
    }
    // The text's size is already judged: hash it all.
    let summary = if hash {
        crate::fingerprint::summarize(&parsed.value, SIZED, usize::MAX)
    } else {
        summary_of(&parsed.value, &crate::survey::survey(&parsed.value), 0)
    };
    Some((parsed.value, summary))
}

/// The top-level members whose canonical size is limited (docs/src/rules/index.md#the-body).
const SIZED: [&str; 2] = ["request_data", "metadata"];
type Summary = crate::fingerprint::BodySummary<2>;

fn duplicate_key(pointer: &str) -> Issue {
    Issue::new(
        Code::DuplicateKey,
        Location::Body,
        pointer.to_owned(),
        "this key appears more than once; the last value is used",
    )
}

fn too_deep(field: &str) -> Issue {
    Issue::new(
        Code::PayloadTooDeep,
        Location::Body,
        crate::pointer::join("", field),
        // The path names the field; the message must not quote it (a caller's key may hold
        // a line break or be a megabyte long).
        format!("this field nests deeper than {DEPTH_LIMIT} levels"),
    )
    .with("limit", DEPTH_LIMIT)
}

fn not_ijson(pointer: &str, fault: crate::json::Fault, code: Code) -> Issue {
    let why = match fault {
        crate::json::Fault::LoneSurrogate => "a lone surrogate",
        crate::json::Fault::Noncharacter => "a noncharacter",
        crate::json::Fault::NumberOutOfRange => "a number outside the double range",
    };
    let reason = match fault {
        crate::json::Fault::LoneSurrogate => "LONE_SURROGATE",
        crate::json::Fault::Noncharacter => "NONCHARACTER",
        crate::json::Fault::NumberOutOfRange => "NUMBER_OUT_OF_RANGE",
    };
    Issue::new(
        code,
        Location::Body,
        pointer.to_owned(),
        format!("this value is not I-JSON: it holds {why}"),
    )
    .with("reason", reason)
}
