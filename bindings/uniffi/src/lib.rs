//! Kotlin and Swift bindings of smsrules through uniffi (proc-macro style, generated in
//! library mode from the built library). The functions are thin wrappers around the core:
//! the core judges, this crate only converts.
//!
//! Decisions (see README.md):
//! - `check` judges `requestJson` as the raw body text (the core's `Body::Text`, docs/src/input.md
//!   `request_text`), so text that is not JSON is an `INVALID_JSON` issue, not an error.
//! - `contextJson` that is not JSON text cannot be judged at all: `SmsRulesError.InvalidArgument`.
//!   Values in it that are JSON but not I-JSON, or nested too deep, are issues (`INVALID_CONTEXT`).
//! - A panic in the core becomes `SmsRulesError.Internal` instead of unwinding into the host.
//! - A `Context` is `contextJson` parsed and judged once; its `check` method answers exactly
//!   what `check` answers with that text (both share `check_document`). A method, not a
//!   function taking the object: uniffi's Kotlin guards a method call against `close()`, but
//!   lowers an object argument without that guard (a closed one would be used after free).
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]
#![warn(missing_docs)]

uniffi::setup_scaffolding!("smsrules");

mod context;
mod error;
mod request;
mod types;

pub use context::Context;
pub use error::SmsRulesError;
pub use request::{PersonaSettings, SendRequest};
pub use types::{
    Issue, IssueCode, IssueLocation, Options, Outcome, PhoneCheck, PhoneInput, Segments, SmsEncoding, UnknownFields,
};

use serde_json::Value;
use smsrules::json::{Fault, ParseOptions};
use smsrules::{Body, Document, ForeignFault, ForeignFaultKind, Location};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Context levels built from `contextJson` (the context object is level 1): a container that
/// opens deeper becomes `null` with a fault, reported once as `INVALID_CONTEXT` at its
/// pointer, exactly as the JSON entry point does for a document's `context`.
const CONTEXT_DEPTH: usize = 32;

/// The deepest body `fingerprint` reads: the 32 levels the API accepts plus the level where
/// `check` reports `PAYLOAD_TOO_DEEP`, as the Python and Node surfaces read a body.
const BODY_DEPTH: usize = smsrules::DEPTH_LIMIT + 1;

/// Judge one request (docs/src/input.md): `requestJson` is the body text exactly as it would be sent,
/// `contextJson` what the server knows (docs/src/context.md) as JSON text, `options` the options and
/// the idempotency key. Returns the outcome; throws only when `contextJson` is not JSON.
#[uniffi::export]
pub fn check(request_json: String, context_json: Option<String>, options: Options) -> Result<Outcome, SmsRulesError> {
    let mut document = Document::new(Body::Text(request_json));
    if let Some(text) = context_json {
        let (context, faults) = parse_context(&text)?;
        document.context = context;
        document.faults = faults;
    }
    check_document(document, &options)
}

/// Judge one request given as a typed record instead of body text: `request` becomes the
/// JSON object it stands for and is judged as that object would be (exactly as `check` judges
/// its text), with `contextJson` and `options` as in `check`. Throws when `contextJson`, or
/// one of the record's JSON text fields, is not JSON.
#[uniffi::export]
pub fn check_request(
    request: SendRequest,
    context_json: Option<String>,
    options: Options,
) -> Result<Outcome, SmsRulesError> {
    let (body, mut faults) = request.to_body()?;
    let mut document = Document::new(Body::Value(body));
    if let Some(text) = context_json {
        let (context, context_faults) = parse_context(&text)?;
        document.context = context;
        faults.extend(context_faults);
    }
    document.faults = faults;
    check_document(document, &options)
}

/// The path both typed entry points (`check` and `Context.check`) share: add the options and
/// the idempotency key to `document`, judge it, and mirror the outcome.
fn check_document(mut document: Document, options: &Options) -> Result<Outcome, SmsRulesError> {
    document.options = options.to_core_options();
    document.headers = options.to_core_headers();
    let outcome = guarded("check", || smsrules::check(&document))?;
    Ok(Outcome {
        ok: outcome.is_valid(),
        plan_json: outcome.plan.map(|plan| plan.to_string()),
        errors: mirror_issues(outcome.errors)?,
        warnings: mirror_issues(outcome.warnings)?,
    })
}

/// The JSON entry point: the document of docs/src/input.md in, the envelope of docs/src/envelope.md out, exactly as
/// the Rust core, the CLI and every other binding answer it. Any text is judged (a document
/// that is not JSON is an `INVALID_INPUT` issue); this only throws on an internal failure.
#[uniffi::export]
pub fn check_json(doc: String) -> Result<String, SmsRulesError> {
    guarded("checkJson", || smsrules::check_json(&doc))
}

/// How `text` travels as SMS (docs/src/getting-started/index.md): encoding, units, segments and the characters that
/// forced UCS-2, whatever the text's length.
#[uniffi::export]
pub fn segments(text: String) -> Result<Segments, SmsRulesError> {
    guarded("segments", || smsrules::segments(&text)).map(Segments::from)
}

/// The fingerprint of a request body (`sha256:` + hex of its RFC 8785 form), the one the
/// server stores with an idempotency key. Throws when `requestJson` is not I-JSON or nests
/// deeper than 33 levels (the body object is level 1), as on every surface.
#[uniffi::export]
pub fn fingerprint(request_json: String) -> Result<String, SmsRulesError> {
    let parsed = smsrules::json::parse(&request_json, ParseOptions { max_depth: BODY_DEPTH })
        .map_err(|e| not_json("requestJson", &e))?;
    if let Some(pointer) = parsed.too_deep.first() {
        return Err(invalid_argument(
            "requestJson",
            format!("nests deeper than {BODY_DEPTH} levels at `{pointer}`"),
        ));
    }
    if let Some((pointer, fault)) = parsed.faults.first() {
        let why = match fault {
            Fault::LoneSurrogate => "a lone surrogate escape",
            Fault::Noncharacter => "a noncharacter",
            Fault::NumberOutOfRange => "a number outside the double range",
        };
        return Err(invalid_argument(
            "requestJson",
            format!("is not I-JSON: {why} at `{pointer}`"),
        ));
    }
    guarded("fingerprint", || smsrules::fingerprint(&parsed.value))
}

/// The JSON Schema (draft 2020-12) of the request body, as JSON text.
#[uniffi::export]
pub fn json_schema() -> String {
    smsrules::json_schema().to_string()
}

/// The version of the libphonenumber metadata the phone rules use.
#[uniffi::export]
pub fn phone_metadata_version() -> String {
    smsrules::PHONE_METADATA_VERSION.to_owned()
}

/// Parse the context text: last duplicate wins silently (docs/src/edge-cases.md), containers past
/// [`CONTEXT_DEPTH`] and values that are not I-JSON become `null` with a fault, which the core
/// reports as `INVALID_CONTEXT`. A `null` context is no context; a context that is itself not
/// I-JSON (`"\ud800"`) is kept as `null` with its fault, so the fault is still reported.
fn parse_context(text: &str) -> Result<(Option<Value>, Vec<ForeignFault>), SmsRulesError> {
    let parsed = smsrules::json::parse(
        text,
        ParseOptions {
            max_depth: CONTEXT_DEPTH,
        },
    )
    .map_err(|e| not_json("contextJson", &e))?;
    let mut value = parsed.value;
    let mut faults = Vec::with_capacity(parsed.too_deep.len() + parsed.faults.len());
    for pointer in parsed.too_deep {
        faults.push(ForeignFault {
            part: Location::Context,
            pointer,
            kind: ForeignFaultKind::TooDeep,
        });
    }
    for (pointer, _) in parsed.faults {
        if let Some(slot) = value.pointer_mut(&pointer) {
            *slot = Value::Null;
        }
        faults.push(ForeignFault {
            part: Location::Context,
            pointer,
            kind: ForeignFaultKind::NotJson,
        });
    }
    Ok(((!value.is_null() || !faults.is_empty()).then_some(value), faults))
}

/// Mirror the core's issues; a code without a mirror is a build mistake, reported as internal.
fn mirror_issues(issues: Vec<smsrules::Issue>) -> Result<Vec<Issue>, SmsRulesError> {
    issues
        .into_iter()
        .map(|issue| {
            let code = issue.error;
            Issue::from_core(issue).ok_or_else(|| SmsRulesError::Internal {
                reason: format!("issue code {code} has no binding mirror"),
            })
        })
        .collect()
}

/// Run `call`, turning a panic into [`SmsRulesError::Internal`] so it never unwinds into
/// (or aborts) the host app. The panic's own message is left out: it may quote input text.
fn guarded<T>(name: &str, call: impl FnOnce() -> T) -> Result<T, SmsRulesError> {
    catch_unwind(AssertUnwindSafe(call)).map_err(|_| SmsRulesError::Internal {
        reason: format!("smsrules failed unexpectedly in {name}; this is a bug"),
    })
}

pub(crate) fn not_json(argument: &str, error: &smsrules::json::SyntaxError) -> SmsRulesError {
    invalid_argument(
        argument,
        format!(
            "is not JSON: {} at line {}, column {}",
            error.message, error.line, error.column
        ),
    )
}

fn invalid_argument(argument: &str, reason: String) -> SmsRulesError {
    SmsRulesError::InvalidArgument {
        argument: argument.to_owned(),
        reason,
    }
}

#[cfg(test)]
mod tests;
