//! `require('smsrules')`: the Node surface of SPEC §7, a thin napi-rs layer over the core.
//!
//! Everything here is conversion: JS arguments become a [`smsrules::Document`] (`from_js`,
//! no JSON text round trip), the core judges it, and the answer comes back as plain JS
//! objects (`to_js`). Bad *data* never throws — it comes back as issues; misuse of the API
//! (an argument of the wrong type) throws a `TypeError`. `validate` and `SendRequestError`
//! live in the small JS wrapper `smsrules.js`, because a JS class cannot extend `Error` from
//! Rust.
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

mod from_js;
mod napi_raw;
mod text;
mod to_js;
pub mod types;

use from_js::{FromJs, MAX_CONTAINER_LEVEL};
use napi::bindgen_prelude::{ToNapiValue, Unknown};
use napi::{sys, Env, JsValue, Status};
use napi_derive::napi;
use napi_raw::{CallFailed, Js, Kind};
use serde_json::{Map, Value};
use smsrules::{Body, Document, ForeignFaultKind, Location};

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

/// A Node-API call failed while building an answer (only when the engine is out of memory or
/// shutting down): let the pending exception, if any, surface.
fn engine_error(js: Js) -> napi::Error {
    let _ = js;
    napi::Error::new(
        Status::GenericFailure,
        "smsrules: the JavaScript engine refused to build the answer",
    )
}

fn raw(value: &Unknown<'_>) -> sys::napi_value {
    value.value().value
}

/// Judge one send request: is it valid, and what exactly will happen.
///
/// `request` is the body as an object (converted value by value: `undefined` inside arrays,
/// functions, symbols, BigInt, `NaN`, `Infinity`, non-plain objects and cycles are
/// `INVALID_TYPE` at their path) or as the raw JSON text (parsed by smsrules, so invalid JSON
/// and duplicate keys are judged). `context` is what the server knows. Returns
/// `{ ok, data, errors, warnings }`; never throws for bad data, only for misuse (`TypeError`).
#[napi(
    ts_args_type = "request: SendRequest | string, context?: Context | null, options?: CheckOptions | null",
    ts_return_type = "CheckResult"
)]
pub fn check(env: Env, request: Unknown<'_>, context: Unknown<'_>, options: Unknown<'_>) -> napi::Result<JsAny> {
    let js = Js::new(env.raw());
    let document = document(&env, js, raw(&request), raw(&context), raw(&options))?;
    let outcome = smsrules::check(&document);
    to_js::envelope(js, &outcome)
        .map(JsAny)
        .map_err(|CallFailed| engine_error(js))
}

/// The JSON entry point: the document `{request | request_text, headers, context, options}`
/// as text in, the envelope as compact JSON text out (`{"data":…,"errors":…,"warnings":[…]}`, no `ok`).
#[napi(ts_args_type = "doc: string", ts_return_type = "string")]
pub fn check_json(env: Env, doc: Unknown<'_>) -> napi::Result<String> {
    let js = Js::new(env.raw());
    let text = match js.kind(raw(&doc)) {
        Ok(Kind::String) => text::json_text(js, raw(&doc)).map_err(|CallFailed| engine_error(js))?,
        _ => return Err(type_error(&env, "checkJson(doc): doc must be a string of JSON text")),
    };
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
    let text = FromJs::new(js)
        .string_lossy(raw(&text))
        .map_err(|CallFailed| engine_error(js))?;
    let counted = smsrules::segments(&text);
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

/// `sha256:<hex>` of the request body's RFC 8785 form — the `idempotency.fingerprint` of the
/// plan, and what a server stores beside an idempotency key. `request` is an object or JSON
/// text. Throws `SyntaxError` for text that is not I-JSON, `TypeError` for an object holding
/// values that are not JSON, `RangeError` for nesting deeper than 33 levels.
#[napi(
    ts_args_type = "request: SendRequest | Record<string, unknown> | string",
    ts_return_type = "string"
)]
pub fn fingerprint(env: Env, request: Unknown<'_>) -> napi::Result<String> {
    let js = Js::new(env.raw());
    let value = match js.kind(raw(&request)) {
        Ok(Kind::String) => {
            let text = text::json_text(js, raw(&request)).map_err(|CallFailed| engine_error(js))?;
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
            parsed.value
        }
        Ok(Kind::Object) => {
            let mut reader = FromJs::new(js);
            let Some(value) = reader.convert_part(raw(&request), Location::Body) else {
                return Err(type_error(&env, FINGERPRINT_USAGE));
            };
            if let Some(fault) = reader.take_faults().first() {
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
            value
        }
        _ => {
            return Err(type_error(
                &env,
                "fingerprint(request): request must be a plain object (or array) or a string of JSON text",
            ))
        }
    };
    Ok(smsrules::fingerprint(&value))
}

const FINGERPRINT_USAGE: &str =
    "fingerprint(request): request must be a plain object (or array) or a string of JSON text";

/// The JSON Schema (draft 2020-12) of the request body.
#[napi(ts_return_type = "Record<string, unknown>")]
pub fn json_schema(env: Env) -> napi::Result<JsAny> {
    let js = Js::new(env.raw());
    to_js::value(js, &smsrules::json_schema())
        .map(JsAny)
        .map_err(|CallFailed| engine_error(js))
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
    let _ = env.throw_range_error(&message, None);
    napi::Error::from_status(Status::PendingException)
}

/// The document `check` hands the core, or a thrown `TypeError` for misuse.
fn document(
    env: &Env,
    js: Js,
    request: sys::napi_value,
    context: sys::napi_value,
    options: sys::napi_value,
) -> napi::Result<Document> {
    let mut reader = FromJs::new(js);
    let body = if js.kind(request).ok() == Some(Kind::String) {
        Body::Text(text::json_text(js, request).map_err(|CallFailed| engine_error(js))?)
    } else {
        match reader.convert_part(request, Location::Body) {
            Some(value) => Body::Value(value),
            None => return Err(type_error(env, CHECK_REQUEST_USAGE)),
        }
    };
    let mut document = Document::new(body);
    if !matches!(js.kind(context), Ok(Kind::Undefined | Kind::Null)) {
        match reader.convert_part(context, Location::Context) {
            Some(value) => document.context = Some(value),
            None => return Err(type_error(env, CHECK_CONTEXT_USAGE)),
        }
    }
    if let Some(extra) = CheckArgs::read(env, &mut reader, options)? {
        if let Some(key) = extra.idempotency_key {
            let mut headers = Map::new();
            headers.insert(String::from("idempotency-key"), Value::String(key));
            document.headers = Some(Value::Object(headers));
        }
        if let Some(value) = extra.options {
            document.options = reader.convert_part(value, Location::Options);
        }
    }
    document.faults = reader.take_faults();
    Ok(document)
}

const CHECK_REQUEST_USAGE: &str =
    "check(request, context, options): request must be a plain object (or array) or a string of JSON text";
const CHECK_CONTEXT_USAGE: &str = "check(request, context, options): context must be a plain object, null or undefined";

/// The third argument of `check`: `{ idempotencyKey?, options? }`.
struct CheckArgs {
    idempotency_key: Option<String>,
    /// A plain object (checked), converted by the caller.
    options: Option<sys::napi_value>,
}

impl CheckArgs {
    const USAGE: &'static str =
        "check(request, context, options): options must be { idempotencyKey?: string, options?: object }";

    fn read(env: &Env, reader: &mut FromJs, argument: sys::napi_value) -> napi::Result<Option<CheckArgs>> {
        let js = reader.js();
        match js.kind(argument) {
            Ok(Kind::Undefined | Kind::Null) => return Ok(None),
            Ok(Kind::Object) if !js.is_array(argument).unwrap_or(true) && reader.is_json_container(argument) => {}
            _ => return Err(type_error(env, Self::USAGE)),
        }
        let misuse = |detail: &str| type_error(env, &format!("{}; {detail}", Self::USAGE));
        // A misspelt key (`idempotency_key`, `unknown_fields` one level too high) would
        // otherwise be ignored in silence.
        let keys = js
            .own_keys(argument)
            .and_then(|keys| Ok((keys, js.array_length(keys)?)));
        let (keys, count) = keys.map_err(|CallFailed| misuse("its keys could not be read"))?;
        for index in 0..count {
            let key = js
                .element(keys, index)
                .map_err(|CallFailed| misuse("its keys could not be read"))?;
            let name = reader
                .string_lossy(key)
                .map_err(|CallFailed| misuse("its keys could not be read"))?;
            if name != "idempotencyKey" && name != "options" {
                return Err(misuse(&format!("unknown key `{name}`")));
            }
        }
        let key = js
            .named(argument, c"idempotencyKey")
            .map_err(|CallFailed| misuse("idempotencyKey could not be read"))?;
        let idempotency_key = match js.kind(key) {
            Ok(Kind::Undefined | Kind::Null) => None,
            Ok(Kind::String) => Some(reader.string_lossy(key).map_err(|CallFailed| engine_error(js))?),
            _ => return Err(misuse("idempotencyKey must be a string")),
        };
        let options = js
            .named(argument, c"options")
            .map_err(|CallFailed| misuse("options could not be read"))?;
        let options = match js.kind(options) {
            Ok(Kind::Undefined | Kind::Null) => None,
            Ok(Kind::Object) if reader.is_json_container(options) => Some(options),
            _ => return Err(misuse("options.options must be a plain object")),
        };
        Ok(Some(CheckArgs {
            idempotency_key,
            options,
        }))
    }
}
