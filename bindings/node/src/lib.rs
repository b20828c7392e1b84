//! `require('smsrules')`: the Node surface of SPEC §7, a thin napi-rs layer over the core.
//!
//! Everything here is conversion. Objects arrive on a tape (`tape.js` walks them in
//! JavaScript, `tape` rebuilds the JSON values and their faults — no JSON text round trip),
//! the core judges the document, and the answer goes back as plain JS objects (`to_js`).
//! Bad *data* never throws — it comes back as issues; misuse of the API throws a `TypeError`
//! (checked in `smsrules.js`, and again here for the internal entry points). `check`,
//! `validate`, `fingerprint`, `Context` and `SendRequestError` are defined in `smsrules.js`,
//! because a JS class cannot extend `Error` from Rust and the walk is fastest in JavaScript;
//! a `Context` holds the core's `PreparedContext` here as an opaque `External`.
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

mod napi_raw;
mod tape;
mod text;
mod to_js;
pub mod types;

use napi::bindgen_prelude::{External, ToNapiValue, Unknown};
use napi::{sys, Env, JsValue, Status};
use napi_derive::napi;
use napi_raw::{CallFailed, Js, Kind};
use serde_json::{Map, Value};
use smsrules::{Body, Document, ForeignFaultKind, Location, PreparedContext};
use std::sync::Arc;
use tape::{Malformed, Tape, MAX_CONTAINER_LEVEL};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Version of the libphonenumber metadata the phone rules use.
#[napi]
pub const PHONE_METADATA_VERSION: &str = smsrules::PHONE_METADATA_VERSION;

/// A JS value made by this module, handed back to JS as is.
#[derive(Debug)]
pub struct JsAny(sys::napi_value);

impl ToNapiValue for JsAny {
    unsafe fn to_napi_value(_env: sys::napi_env, value: Self) -> napi::Result<sys::napi_value> {
        Ok(value.0)
    }
}

/// Throw `TypeError(message)` with a Node-style `code`, for misuse of the API.
fn type_error(env: &Env, message: &str) -> napi::Error {
    let _ = env.throw_type_error(message, Some("ERR_INVALID_ARG_TYPE"));
    napi::Error::from_status(Status::PendingException)
}

/// A Node-API call failed (the engine is out of memory or shutting down): let the pending
/// exception, if any, surface.
fn engine_error() -> napi::Error {
    napi::Error::new(
        Status::GenericFailure,
        "smsrules: the JavaScript engine refused a Node-API call",
    )
}

fn malformed(env: &Env) -> napi::Error {
    type_error(
        env,
        "smsrules: malformed tape (an internal entry point was called directly)",
    )
}

fn raw(value: &Unknown<'_>) -> sys::napi_value {
    value.value().value
}

/// Which parts are on the tape, in this order (`tape.js` sets the same bits).
mod parts {
    pub(super) const BODY: u32 = 1;
    pub(super) const CONTEXT: u32 = 2;
    pub(super) const OPTIONS: u32 = 4;
}

/// The three buffers of a tape, read from their JS values.
struct TapeBuffers {
    tags: Vec<u32>,
    numbers: Vec<f64>,
    units: Vec<u16>,
}

impl TapeBuffers {
    fn read(
        env: &Env,
        tags: &Unknown<'_>,
        tag_count: u32,
        numbers: &Unknown<'_>,
        number_count: u32,
        strings: &Unknown<'_>,
    ) -> napi::Result<TapeBuffers> {
        let js = Js::new(env.raw());
        let tags = js
            .typed_array::<u32>(raw(tags), tag_count as usize)
            .map_err(|CallFailed| malformed(env))?;
        let numbers = js
            .typed_array::<f64>(raw(numbers), number_count as usize)
            .map_err(|CallFailed| malformed(env))?;
        if js.kind(raw(strings)).ok() != Some(Kind::String) {
            return Err(malformed(env));
        }
        let mut units = Vec::new();
        js.utf16(raw(strings), &mut units)
            .map_err(|CallFailed| engine_error())?;
        Ok(TapeBuffers { tags, numbers, units })
    }

    fn reader(&self) -> Tape<'_> {
        Tape::new(&self.tags, &self.numbers, &self.units)
    }

    /// A tape that holds one part only: its value and the faults found converting it.
    fn one_part(&self, env: &Env, part: Location) -> napi::Result<(Value, Vec<smsrules::ForeignFault>)> {
        let mut tape = self.reader();
        let value = tape.part(part).map_err(|Malformed| malformed(env))?;
        let faults = tape.finish().map_err(|Malformed| malformed(env))?;
        Ok((value, faults))
    }
}

/// A context converted and judged once: what a `Context` of `smsrules.js` holds. An
/// `External` is opaque to JavaScript, and napi checks its Rust type when it comes back.
type ContextHandle = External<Arc<PreparedContext>>;

/// Internal: `check` and `validate` of `smsrules.js`, after their argument checks and walk;
/// the envelope as JSON text. With `plan`, the whole envelope (`smsrules::check_to_json`);
/// without, `{ ok, data: null, errors, warnings }` (`smsrules::judge`: no plan, no SHA-256
/// unless an idempotency key needs it) — `check` builds a valid request's plan on its first
/// read, calling this again with `plan` over a copy of the same tape. The buffers are passed
/// whole with their used lengths, so no view object is allocated per call.
#[napi(skip_typescript)]
#[allow(clippy::too_many_arguments)] // one flat call is the point of the tape
pub fn check_tape(
    env: Env,
    plan: bool,
    body_text: Unknown<'_>,
    idempotency_key: Unknown<'_>,
    parts: u32,
    tags: Unknown<'_>,
    tag_count: u32,
    numbers: Unknown<'_>,
    number_count: u32,
    strings: Unknown<'_>,
) -> napi::Result<String> {
    let buffers = TapeBuffers::read(&env, &tags, tag_count, &numbers, number_count, &strings)?;
    let document = document_from(&env, &body_text, &idempotency_key, parts, &buffers, None)?;
    answer(&document, plan)
}

/// Internal: as [`check_tape`], against a `Context`: the tape holds no context part; the
/// prepared one is the document's context.
#[napi(skip_typescript)]
#[allow(clippy::too_many_arguments)] // one flat call is the point of the tape
pub fn check_tape_in(
    env: Env,
    plan: bool,
    context: &ContextHandle,
    body_text: Unknown<'_>,
    idempotency_key: Unknown<'_>,
    parts: u32,
    tags: Unknown<'_>,
    tag_count: u32,
    numbers: Unknown<'_>,
    number_count: u32,
    strings: Unknown<'_>,
) -> napi::Result<String> {
    if parts & parts::CONTEXT != 0 {
        return Err(malformed(&env));
    }
    let buffers = TapeBuffers::read(&env, &tags, tag_count, &numbers, number_count, &strings)?;
    let prepared = Some(Arc::clone(context));
    let document = document_from(&env, &body_text, &idempotency_key, parts, &buffers, prepared)?;
    answer(&document, plan)
}

/// Build the document from the tape (and the prepared context, if any).
fn document_from(
    env: &Env,
    body_text: &Unknown<'_>,
    idempotency_key: &Unknown<'_>,
    parts: u32,
    buffers: &TapeBuffers,
    prepared_context: Option<Arc<PreparedContext>>,
) -> napi::Result<Document> {
    let js = Js::new(env.raw());
    let mut tape = buffers.reader();
    let body = if parts & parts::BODY != 0 {
        Body::Value(tape.part(Location::Body).map_err(|Malformed| malformed(env))?)
    } else if js.kind(raw(body_text)).ok() == Some(Kind::String) {
        Body::Text(text::json_text(js, raw(body_text)).map_err(|CallFailed| engine_error())?)
    } else {
        return Err(malformed(env));
    };
    let mut document = Document::new(body);
    document.prepared_context = prepared_context;
    if parts & parts::CONTEXT != 0 {
        document.context = Some(tape.part(Location::Context).map_err(|Malformed| malformed(env))?);
    }
    if parts & parts::OPTIONS != 0 {
        document.options = Some(tape.part(Location::Options).map_err(|Malformed| malformed(env))?);
    }
    document.faults = tape.finish().map_err(|Malformed| malformed(env))?;
    match js.kind(raw(idempotency_key)) {
        Ok(Kind::Undefined | Kind::Null) => {}
        Ok(Kind::String) => {
            // A lone surrogate becomes U+FFFD, which the header rules reject anyway.
            let mut units = Vec::new();
            js.utf16(raw(idempotency_key), &mut units)
                .map_err(|CallFailed| engine_error())?;
            let mut headers = Map::new();
            headers.insert(
                String::from("idempotency-key"),
                Value::String(String::from_utf16_lossy(&units)),
            );
            document.headers = Some(Value::Object(headers));
        }
        _ => return Err(malformed(env)),
    }
    Ok(document)
}

/// Judge the document and hand back the envelope as JSON text (`smsrules.js` parses it): with
/// its plan, or (`plan` false) with `data: null` and no plan built.
fn answer(document: &Document, plan: bool) -> napi::Result<String> {
    let text = if plan {
        to_js::with_ok(&smsrules::check_to_json(document))
    } else {
        to_js::judgement_text(&smsrules::judge(document)).ok()
    };
    // Writing JSON of the core's own values cannot fail; if it ever did, say so rather than panic.
    text.ok_or_else(|| napi::Error::new(Status::GenericFailure, "smsrules: could not write the envelope"))
}

/// Internal: `new Context(context)` of `smsrules.js`, after its argument check and walk of
/// the context alone: the context converted, scanned and judged once.
#[napi(skip_typescript)]
pub fn prepare_context(
    env: Env,
    tags: Unknown<'_>,
    tag_count: u32,
    numbers: Unknown<'_>,
    number_count: u32,
    strings: Unknown<'_>,
) -> napi::Result<ContextHandle> {
    let buffers = TapeBuffers::read(&env, &tags, tag_count, &numbers, number_count, &strings)?;
    let (value, faults) = buffers.one_part(&env, Location::Context)?;
    // Tell the garbage collector roughly what the value holds: a few dozen bytes per value
    // plus its text, so many dropped contexts are collected in time.
    let size_hint = buffers.tags.len() * 48 + buffers.units.len() * 2;
    Ok(External::new_with_size_hint(
        Arc::new(PreparedContext::new(value, &faults)),
        size_hint,
    ))
}

/// Internal: how many issues a prepared context has (`Context#ok`).
#[napi(skip_typescript)]
pub fn context_issue_count(context: &ContextHandle) -> u32 {
    u32::try_from(context.issues().len()).unwrap_or(u32::MAX)
}

/// Internal: a prepared context's issues, as the plain issue objects `check` returns
/// (`Context#errors`).
#[napi(skip_typescript)]
pub fn context_issues(env: Env, context: &ContextHandle) -> napi::Result<JsAny> {
    let js = Js::new(env.raw());
    to_js::issues(js, context.issues())
        .map(JsAny)
        .map_err(|CallFailed| engine_error())
}

/// Internal: a copy of a prepared context's value (`Context#toObject`).
#[napi(skip_typescript)]
pub fn context_value(env: Env, context: &ContextHandle) -> napi::Result<JsAny> {
    let js = Js::new(env.raw());
    to_js::value(js, context.value())
        .map(JsAny)
        .map_err(|CallFailed| engine_error())
}

/// Internal: `fingerprint` of `smsrules.js` for an object, after its walk.
#[napi(skip_typescript)]
pub fn fingerprint_tape(
    env: Env,
    tags: Unknown<'_>,
    tag_count: u32,
    numbers: Unknown<'_>,
    number_count: u32,
    strings: Unknown<'_>,
) -> napi::Result<String> {
    let buffers = TapeBuffers::read(&env, &tags, tag_count, &numbers, number_count, &strings)?;
    let (value, faults) = buffers.one_part(&env, Location::Body)?;
    if let Some(fault) = faults.first() {
        return Err(match fault.kind {
            ForeignFaultKind::TooDeep => range_error(&env, &fault.pointer),
            _ => {
                let message = format!(
                    "fingerprint(request): the value at {} is not JSON",
                    show_pointer(&fault.pointer)
                );
                type_error(&env, &message)
            }
        });
    }
    Ok(smsrules::fingerprint(&value))
}

/// Internal: `fingerprint` of `smsrules.js` for JSON text.
#[napi(skip_typescript)]
pub fn fingerprint_text(env: Env, request: Unknown<'_>) -> napi::Result<String> {
    let js = Js::new(env.raw());
    if js.kind(raw(&request)).ok() != Some(Kind::String) {
        return Err(type_error(
            &env,
            "fingerprint(request): request must be a string of JSON text",
        ));
    }
    let text = text::json_text(js, raw(&request)).map_err(|CallFailed| engine_error())?;
    let options = smsrules::json::ParseOptions {
        max_depth: MAX_CONTAINER_LEVEL,
    };
    let parsed = smsrules::json::parse(&text, options).map_err(|error| {
        let message = format!(
            "fingerprint(request): request is not JSON: {} at line {} column {}",
            error.message, error.line, error.column
        );
        syntax_error(&env, &message)
    })?;
    if let Some((pointer, _)) = parsed.faults.first() {
        let message = format!(
            "fingerprint(request): request is not I-JSON at {}",
            show_pointer(pointer)
        );
        return Err(syntax_error(&env, &message));
    }
    if let Some(pointer) = parsed.too_deep.first() {
        return Err(range_error(&env, pointer));
    }
    Ok(smsrules::fingerprint(&parsed.value))
}

/// The JSON entry point: the document `{request | request_text, headers, context, options}`
/// as text in, the envelope as compact JSON text out (`{"data":…,"errors":…,"warnings":[…]}`,
/// no `ok`).
#[napi(ts_args_type = "doc: string", ts_return_type = "string")]
pub fn check_json(env: Env, doc: Unknown<'_>) -> napi::Result<String> {
    let js = Js::new(env.raw());
    if js.kind(raw(&doc)).ok() != Some(Kind::String) {
        return Err(type_error(&env, "checkJson(doc): doc must be a string of JSON text"));
    }
    let text = text::json_text(js, raw(&doc)).map_err(|CallFailed| engine_error())?;
    Ok(smsrules::check_json(&text))
}

/// How `text` travels as SMS: `{ encoding, units, segments, ucs2_chars }`, counted as
/// Twilio's message-segment-calculator does with smart encoding off, at any length. A lone
/// surrogate counts as U+FFFD (one code unit, UCS-2).
#[napi]
pub fn segments(env: Env, #[napi(ts_arg_type = "string")] text: Unknown<'_>) -> napi::Result<types::Segments> {
    let js = Js::new(env.raw());
    if js.kind(raw(&text)).ok() != Some(Kind::String) {
        return Err(type_error(&env, "segments(text): text must be a string"));
    }
    let mut units = Vec::new();
    js.utf16(raw(&text), &mut units).map_err(|CallFailed| engine_error())?;
    let counted = smsrules::segments(&String::from_utf16_lossy(&units));
    Ok(types::Segments {
        encoding: match counted.encoding {
            smsrules::Encoding::Gsm7 => types::Encoding::Gsm7,
            smsrules::Encoding::Ucs2 => types::Encoding::Ucs2,
        },
        units: counted.units as f64,
        segments: counted.segments as f64,
        ucs2_chars: counted.ucs2_chars,
    })
}

/// The JSON Schema (draft 2020-12) of the request body.
#[napi(ts_return_type = "Record<string, unknown>")]
pub fn json_schema(env: Env) -> napi::Result<JsAny> {
    let js = Js::new(env.raw());
    to_js::value(js, &smsrules::json_schema())
        .map(JsAny)
        .map_err(|CallFailed| engine_error())
}

/// Every issue code, in catalogue order.
#[napi(ts_return_type = "Array<IssueCode>")]
pub fn issue_codes() -> Vec<&'static str> {
    smsrules::Code::ALL.iter().map(|code| code.as_str()).collect()
}

fn show_pointer(pointer: &str) -> String {
    if pointer.is_empty() {
        String::from("the top level")
    } else {
        format!("`{pointer}`")
    }
}

fn syntax_error(env: &Env, message: &str) -> napi::Error {
    env.throw_syntax_error(message, Some("ERR_SMSRULES_NOT_JSON"));
    napi::Error::from_status(Status::PendingException)
}

fn range_error(env: &Env, pointer: &str) -> napi::Error {
    let message = format!(
        "fingerprint(request): nesting deeper than {MAX_CONTAINER_LEVEL} levels at {}",
        show_pointer(pointer)
    );
    let _ = env.throw_range_error(&message, Some("ERR_SMSRULES_TOO_DEEP"));
    napi::Error::from_status(Status::PendingException)
}
