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

use smsrules::{Body, Document, PreparedContext};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

/// Checking is allocation-bound (it builds and drops JSON values); mimalloc is faster at it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Judge one request (docs/src/input.md): `requestJson` is the body text exactly as it would be sent,
/// `contextJson` what the server knows (docs/src/context.md) as JSON text, `options` the options and
/// the idempotency key. Returns the outcome; throws only when `contextJson` is not JSON.
#[uniffi::export]
pub fn check(request_json: String, context_json: Option<String>, options: Options) -> Result<Outcome, SmsRulesError> {
    let document = Document::new(Body::Text(request_json)).with_prepared_context(prepare_context(context_json)?);
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
    let (body, faults) = request.to_body()?;
    let document = Document::new(Body::Value(body))
        .with_faults(faults)
        .with_prepared_context(prepare_context(context_json)?);
    check_document(document, &options)
}

/// The path both typed entry points (`check` and `Context.check`) share: add the options and
/// the idempotency key to `document`, judge it, and mirror the outcome.
fn check_document(document: Document, options: &Options) -> Result<Outcome, SmsRulesError> {
    let document = document
        .with_options_value(options.to_core_options())
        .with_headers(options.to_core_headers());
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
    guarded("fingerprint", || smsrules::fingerprint_json(&request_json))?
        .map_err(|error| invalid_argument("requestJson", error.to_string()))
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

/// The context text judged as `check` judges a document's context (text that is not JSON
/// throws); `None` without one.
fn prepare_context(text: Option<String>) -> Result<Option<Arc<PreparedContext>>, SmsRulesError> {
    let Some(text) = text else { return Ok(None) };
    let prepared =
        guarded("Context", || PreparedContext::from_json(&text))?.map_err(|e| not_json("contextJson", &e))?;
    Ok(Some(Arc::new(prepared)))
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
