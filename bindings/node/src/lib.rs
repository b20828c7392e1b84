//! `require('smsrules')`: the native half of the Node package, a thin napi-rs layer over the
//! core.
//!
//! Everything here is conversion. `smsrules.js` checks the arguments and writes each object
//! part as JSON text (`walk.js`, bounded by the limits [`walk_limits`] hands it); the parts
//! arrive here as text, with the places where the walk met a value that is not JSON; the
//! core judges the document and its envelope goes back as JSON text, which `smsrules.js`
//! parses. A `Context` holds the core's `PreparedContext` here, released by `close()` or by
//! the garbage collector while it runs (see [`node_api_module_get_api_version_v1`]). A panic
//! (a bug) comes back as a JS `TypeError` (see [`contained`]), never an abort.
// The one `unsafe` item is the symbol Node reads the Node-API version from.
#![deny(unsafe_code)]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

mod text;
pub mod types;

use napi::bindgen_prelude::{External, Utf16String};
use napi::{Env, Status};
use napi_derive::napi;
use serde_json::{Map, Value};
use smsrules::json::{parse, ParseOptions};
use smsrules::{Body, Document, ForeignFault, ForeignFaultKind, Location, PreparedContext, DEPTH_LIMIT};
use std::cell::RefCell;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The Node-API version this addon is written for, which Node asks every addon for when it
/// loads it: the experimental one, so that Node runs the addon's finalizers while the garbage
/// collector runs (Node 20.20 does; the behaviour came to 20.x by a backport, and Node 18
/// lacks it) instead of queueing them until the event loop turns. Otherwise a synchronous
/// loop making `Context`s without `close()` would hold every one of them in native memory
/// until the loop ends. A finalizer run that way must not touch the JavaScript heap: the only
/// one this addon has is napi-rs's `External` finalizer, which drops the `PreparedCell`,
/// removes it from napi-rs's own registry and gives back the size hint with
/// `napi_adjust_external_memory` (which Node allows there). Nothing else here registers a
/// finalizer. Where Node does not run finalizers during collection, they are queued as before.
// SAFETY: the signature (no arguments, `int32_t` result) is the one Node looks the symbol up
// with, and the name is one no other code in this library defines.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn node_api_module_get_api_version_v1() -> i32 {
    /// `NAPI_VERSION_EXPERIMENTAL` of `node_api.h`.
    const NAPI_VERSION_EXPERIMENTAL: i32 = i32::MAX;
    NAPI_VERSION_EXPERIMENTAL
}

/// Version of the libphonenumber metadata the phone rules use.
#[napi]
pub const PHONE_METADATA_VERSION: &str = smsrules::PHONE_METADATA_VERSION;

/// Internal: the bounds of `walk.js` for one part, `[values, UTF-16 code units]`. A body with
/// more values than the body limit has bytes (every value takes at least one) is over that
/// limit; below both bounds the whole part is written, so its size is exact. Any part is
/// bounded like a whole document.
#[napi(skip_typescript)]
pub fn walk_limits() -> Vec<u32> {
    [smsrules::BODY_SIZE_LIMIT, smsrules::DOCUMENT_SIZE_LIMIT]
        .iter()
        .map(|&limit| u32::try_from(limit).unwrap_or(u32::MAX))
        .collect()
}

/// Throw `TypeError(message)` with a Node-style `code`.
fn type_error(env: &Env, message: &str) -> napi::Error {
    let _ = env.throw_type_error(message, Some("ERR_INVALID_ARG_TYPE"));
    napi::Error::from_status(Status::PendingException)
}

/// The message of a caught panic: a bug, reported as such. The payload is left out (it could
/// quote a value from the request).
const PANIC_MESSAGE: &str = "smsrules: internal error (a bug in smsrules, please report it)";

/// Run `body`, a panic in it turned into `Err(PANIC_MESSAGE)` instead of unwinding into Node.
fn contained<T>(body: impl FnOnce() -> T) -> Result<T, &'static str> {
    // The state `body` leaves behind when it panics is never read again: each entry point
    // builds its own values, and a `Context` is only read (through a shared borrow).
    catch_unwind(AssertUnwindSafe(body)).map_err(|_| PANIC_MESSAGE)
}

/// `body`'s result; a panic in it thrown as a `TypeError` (code `ERR_SMSRULES_INTERNAL`).
fn guarded<T>(env: &Env, body: impl FnOnce() -> napi::Result<T>) -> napi::Result<T> {
    contained(body).unwrap_or_else(|message| {
        let _ = env.throw_type_error(message, Some("ERR_SMSRULES_INTERNAL"));
        Err(napi::Error::from_status(Status::PendingException))
    })
}

/// An internal entry point was called with arguments `smsrules.js` never passes.
fn malformed(env: &Env) -> napi::Error {
    type_error(
        env,
        "smsrules: malformed arguments (an internal entry point was called directly)",
    )
}

/// Part bits of the faults `walk.js` records.
fn part_of(bit: u64) -> Option<Location> {
    match bit {
        1 => Some(Location::Body),
        2 => Some(Location::Context),
        4 => Some(Location::Options),
        _ => None,
    }
}

/// The faults `walk.js` recorded, `[[part, kind, ...path]]` as JSON text: each path step a key
/// or an index. `None` if the text is not of that form.
fn walk_faults(text: Option<&str>) -> Option<Vec<ForeignFault>> {
    let Some(text) = text else {
        return Some(Vec::new());
    };
    let parsed = parse(text, ParseOptions { max_depth: 2 }).ok()?;
    let Value::Array(faults) = parsed.value else {
        return None;
    };
    faults
        .iter()
        .map(|fault| {
            let Value::Array(items) = fault else {
                return None;
            };
            let [part, kind, path @ ..] = items.as_slice() else {
                return None;
            };
            let part = part_of(part.as_u64()?)?;
            let kind = match kind.as_u64()? {
                0 => ForeignFaultKind::NotJson,
                1 => ForeignFaultKind::TooDeep,
                _ => return None,
            };
            let mut pointer = String::new();
            for step in path {
                pointer = match step {
                    Value::String(key) => smsrules::pointer::join(&pointer, key),
                    Value::Number(index) => {
                        smsrules::pointer::join_index(&pointer, usize::try_from(index.as_u64()?).ok()?)
                    }
                    _ => return None,
                };
            }
            Some(ForeignFault { part, pointer, kind })
        })
        .collect()
}

/// The options part written by `walk.js`, read as the core reads a document's options: a
/// container nested deeper than the limit becomes `null` and a `TooDeep` fault.
fn read_options(text: &str, faults: &mut Vec<ForeignFault>) -> Option<Value> {
    let parsed = parse(text, ParseOptions { max_depth: DEPTH_LIMIT }).ok()?;
    faults.extend(parsed.too_deep.into_iter().map(|pointer| ForeignFault {
        part: Location::Options,
        pointer,
        kind: ForeignFaultKind::TooDeep,
    }));
    Some(parsed.value)
}

/// The parts of one check, as `smsrules.js` passes them. The body is the caller's JSON text
/// (`body_text`, which may hold lone surrogates: see `text`), or an object written as JSON
/// text by `walk.js` (`body_json`), or neither: an object over the walk's bounds, of at least
/// `body_size` bytes.
struct Parts {
    body_text: Option<Utf16String>,
    body_json: Option<String>,
    body_size: f64,
    options: Option<String>,
    idempotency_key: Option<Utf16String>,
    faults: Option<String>,
}

impl Parts {
    /// The parts in the order both internal entry points take them.
    fn new(
        body_text: Option<Utf16String>,
        body_json: Option<String>,
        body_size: f64,
        options: Option<String>,
        idempotency_key: Option<Utf16String>,
        faults: Option<String>,
    ) -> Parts {
        Parts {
            body_text,
            body_json,
            body_size,
            options,
            idempotency_key,
            faults,
        }
    }

    /// The document to judge; `None` if an argument is not of the form `smsrules.js` passes.
    fn document(self, context: Option<String>, prepared: Option<Arc<PreparedContext>>) -> Option<Document> {
        let mut faults = walk_faults(self.faults.as_deref())?;
        let body = match (self.body_text, self.body_json) {
            (Some(units), None) => Body::Text(text::from_units(&units)),
            (None, Some(json)) => Body::Text(json),
            // A JS number: saturates, and NaN (never passed) is 0, which still counts as over.
            (None, None) => Body::Oversized(self.body_size as usize),
            (Some(_), Some(_)) => return None,
        };
        let mut document = Document::new(body);
        if let Some(text) = context {
            document = document.with_context_json(&text).ok()?;
        }
        document = document.with_prepared_context(prepared);
        if let Some(text) = self.options {
            document = document.with_options_value(Some(read_options(&text, &mut faults)?));
        }
        if let Some(key) = self.idempotency_key {
            // A lone surrogate becomes U+FFFD, which the header rules reject anyway.
            let mut headers = Map::new();
            headers.insert(
                smsrules::IDEMPOTENCY_KEY_HEADER.to_owned(),
                Value::String(String::from_utf16_lossy(&key)),
            );
            document = document.with_headers(Some(Value::Object(headers)));
        }
        document = document.with_faults(faults);
        Some(document)
    }

    /// The envelope of [`Parts::document`] as JSON text.
    fn check(self, env: &Env, context: Option<String>, prepared: Option<Arc<PreparedContext>>) -> napi::Result<String> {
        let document = self.document(context, prepared).ok_or_else(|| malformed(env))?;
        Ok(smsrules::check_to_json(&document))
    }
}

/// Internal: `check` and `validate` of `smsrules.js` with no context or a plain one (written as
/// JSON text); the envelope as JSON text.
#[napi(skip_typescript, catch_unwind)]
#[allow(clippy::too_many_arguments)] // one flat call, as `smsrules.js` makes it
pub fn check_parts(
    env: Env,
    body_text: Option<Utf16String>,
    body_json: Option<String>,
    body_size: f64,
    context: Option<String>,
    options: Option<String>,
    idempotency_key: Option<Utf16String>,
    faults: Option<String>,
) -> napi::Result<String> {
    let parts = Parts::new(body_text, body_json, body_size, options, idempotency_key, faults);
    guarded(&env, || parts.check(&env, context, None))
}

/// Internal: as [`check_parts`], against a `Context`.
#[napi(skip_typescript, catch_unwind)]
#[allow(clippy::too_many_arguments)] // one flat call, as `smsrules.js` makes it
pub fn check_parts_in(
    env: Env,
    context: &ContextHandle,
    body_text: Option<Utf16String>,
    body_json: Option<String>,
    body_size: f64,
    options: Option<String>,
    idempotency_key: Option<Utf16String>,
    faults: Option<String>,
) -> napi::Result<String> {
    let parts = Parts::new(body_text, body_json, body_size, options, idempotency_key, faults);
    guarded(&env, || parts.check(&env, None, Some(context.get(&env)?)))
}

/// A context converted and judged once: what a `Context` of `smsrules.js` holds, until
/// `close()` releases it (then it is `None`).
#[derive(Debug)]
pub struct PreparedCell(RefCell<Option<Arc<PreparedContext>>>);

impl PreparedCell {
    fn get(&self, env: &Env) -> napi::Result<Arc<PreparedContext>> {
        self.0
            .borrow()
            .clone()
            .ok_or_else(|| type_error(env, "this Context was closed: make a new one"))
    }
}

/// An `External` is opaque to JavaScript, and napi checks its Rust type when it comes back.
type ContextHandle = External<PreparedCell>;

/// Internal: `new Context(context)` of `smsrules.js`, the context written as JSON text.
#[napi(skip_typescript, catch_unwind)]
pub fn prepare_context(env: Env, context: String, faults: Option<String>) -> napi::Result<ContextHandle> {
    guarded(&env, || {
        let faults = walk_faults(faults.as_deref()).ok_or_else(|| malformed(&env))?;
        let prepared = PreparedContext::from_json_with_faults(&context, &faults).map_err(|_| malformed(&env))?;
        // Tell the garbage collector what the context holds (its values take several times the
        // bytes of their text), so dropped contexts are collected in time.
        let size_hint = context.len().saturating_mul(8);
        Ok(External::new_with_size_hint(
            PreparedCell(RefCell::new(Some(Arc::new(prepared)))),
            size_hint,
        ))
    })
}

/// Internal: `Context#close()`: release the prepared context now.
#[napi(skip_typescript, catch_unwind)]
pub fn close_context(env: Env, context: &ContextHandle) -> napi::Result<()> {
    guarded(&env, || {
        // Dropped after the borrow ends: the core's drop code never runs under it.
        let released = context.0.borrow_mut().take();
        drop(released);
        Ok(())
    })
}

/// Internal: a prepared context's issues as JSON text (`Context#errors`, `Context#ok`).
#[napi(skip_typescript, catch_unwind)]
pub fn context_issues(env: Env, context: &ContextHandle) -> napi::Result<String> {
    guarded(&env, || to_json(&env, context.get(&env)?.issues()))
}

/// Internal: a prepared context's value as JSON text (`Context#toObject`).
#[napi(skip_typescript, catch_unwind)]
pub fn context_value(env: Env, context: &ContextHandle) -> napi::Result<String> {
    guarded(&env, || to_json(&env, context.get(&env)?.value()))
}

fn to_json<T: serde::Serialize + ?Sized>(env: &Env, value: &T) -> napi::Result<String> {
    // Writing JSON of the core's own values cannot fail; if it ever did, say so rather than panic.
    serde_json::to_string(value).map_err(|_| type_error(env, "smsrules: could not write JSON"))
}

/// Internal: `fingerprint` of `smsrules.js`: `text` is the caller's JSON text
/// (`text`) or an object written by `walk.js` (`json`) with its faults; neither: an object
/// over the walk's bounds.
#[napi(skip_typescript, catch_unwind)]
pub fn fingerprint_parts(
    env: Env,
    text: Option<Utf16String>,
    json: Option<String>,
    faults: Option<String>,
) -> napi::Result<String> {
    guarded(&env, || {
        let faults = walk_faults(faults.as_deref()).ok_or_else(|| malformed(&env))?;
        if let Some(fault) = faults.first() {
            let error = smsrules::FingerprintError::NotAValue {
                pointer: fault.pointer.clone(),
            };
            return Err(type_error(&env, &format!("fingerprint(request): {error}")));
        }
        let text = match (text, json) {
            (Some(units), None) => text::from_units(&units),
            (None, Some(json)) => json,
            (Some(_), Some(_)) => return Err(malformed(&env)),
            (None, None) => {
                let message = format!("fingerprint(request): {}", smsrules::FingerprintError::TooLarge);
                let _ = env.throw_range_error(&message, Some("ERR_SMSRULES_TOO_LARGE"));
                return Err(napi::Error::from_status(Status::PendingException));
            }
        };
        smsrules::fingerprint_json(&text).map_err(|error| {
            let message = format!("fingerprint(request): {error}");
            match error {
                smsrules::FingerprintError::TooDeep { .. } => {
                    let _ = env.throw_range_error(&message, Some("ERR_SMSRULES_TOO_DEEP"));
                    napi::Error::from_status(Status::PendingException)
                }
                _ => syntax_error(&env, &message),
            }
        })
    })
}

/// The JSON entry point: the document `{request | request_text, headers, context, options}`
/// as text in, the envelope as compact JSON text out (`{"data":…,"errors":…,"warnings":[…]}`,
/// no `ok`).
#[napi(ts_args_type = "doc: string", catch_unwind)]
pub fn check_json(env: Env, doc: Utf16String) -> napi::Result<String> {
    guarded(&env, || Ok(smsrules::check_json(&text::from_units(&doc))))
}

/// How `text` travels as SMS: `{ encoding, units, segments, ucs2_chars }`, counted as
/// Twilio's message-segment-calculator does with smart encoding off, at any length. A lone
/// surrogate counts as U+FFFD (one code unit, UCS-2).
#[napi(catch_unwind)]
pub fn segments(env: Env, text: Utf16String) -> napi::Result<types::Segments> {
    guarded(&env, || {
        let counted = smsrules::segments(&String::from_utf16_lossy(&text));
        Ok(types::Segments {
            encoding: match counted.encoding {
                smsrules::Encoding::Gsm7 => types::Encoding::Gsm7,
                smsrules::Encoding::Ucs2 => types::Encoding::Ucs2,
            },
            units: counted.units as f64,
            segments: counted.segments as f64,
            ucs2_chars: counted.ucs2_chars,
        })
    })
}

/// Internal: the JSON Schema (draft 2020-12) of the request body, as JSON text.
#[napi(skip_typescript, catch_unwind)]
pub fn json_schema_text(env: Env) -> napi::Result<String> {
    guarded(&env, || Ok(smsrules::json_schema().to_string()))
}

/// Every issue code, in catalogue order.
#[napi(ts_return_type = "Array<IssueCode>", catch_unwind)]
pub fn issue_codes() -> Vec<&'static str> {
    smsrules::Code::ALL.iter().map(|code| code.as_str()).collect()
}

fn syntax_error(env: &Env, message: &str) -> napi::Error {
    env.throw_syntax_error(message, Some("ERR_SMSRULES_NOT_JSON"));
    napi::Error::from_status(Status::PendingException)
}

#[cfg(test)]
mod tests {
    use super::walk_faults;
    use smsrules::{ForeignFaultKind, Location};

    #[test]
    fn walk_faults_become_pointers_into_their_parts() {
        let faults = walk_faults(Some(r#"[[1,0,"request_data","a/b",3],[2,1,"~"],[4,0]]"#)).unwrap();
        let seen: Vec<_> = faults.iter().map(|f| (f.part, f.pointer.as_str(), f.kind)).collect();
        assert_eq!(
            seen,
            [
                (Location::Body, "/request_data/a~1b/3", ForeignFaultKind::NotJson),
                (Location::Context, "/~0", ForeignFaultKind::TooDeep),
                (Location::Options, "", ForeignFaultKind::NotJson),
            ]
        );
        assert_eq!(walk_faults(None).unwrap(), []);
    }

    #[test]
    fn a_panic_is_contained_as_the_internal_error_message() {
        assert_eq!(super::contained(|| 7), Ok(7));
        let caught = super::contained(|| -> u8 { panic!("a value from the request: +14155552671") });
        assert_eq!(caught, Err(super::PANIC_MESSAGE));
    }

    #[test]
    fn malformed_faults_are_refused() {
        for text in [
            "{}",
            "[[8,0]]",
            "[[1,5]]",
            "[[1,0,true]]",
            "[[1,0,-1]]",
            "[1]",
            "[[1]]",
            "nope",
        ] {
            assert!(walk_faults(Some(text)).is_none(), "{text}");
        }
    }
}
