//! smsrules compiled to WebAssembly: the core's entry points that take and give text.
//!
//! The JavaScript layer (`js/`) turns objects into the input document's JSON text (with the
//! same bounded walk as the native Node package) and parses the envelope; everything that
//! judges a request is the core's. Text crosses the boundary once each way, so a check costs
//! one UTF-8 copy in and one out beyond the core's own work.

use std::sync::Arc;

use smsrules::{check_json as core_check_json, PreparedContext};
use wasm_bindgen::prelude::*;

/// The envelope for the input document `{request | request_text, headers, context, options}`
/// given as JSON text, as compact JSON text.
#[wasm_bindgen(js_name = checkJson)]
pub fn check_json(doc: &str) -> String {
    core_check_json(doc)
}

/// How `text` travels as SMS, as JSON text `{encoding, units, segments, ucs2_chars}`.
#[wasm_bindgen(js_name = segmentsJson)]
pub fn segments_json(text: &str) -> String {
    serde_json::to_string(&smsrules::segments(text)).unwrap_or_default()
}

/// The fingerprint (`sha256:` + hex of the RFC 8785 form) of a body given as JSON text.
/// Throws an `Error` naming the first fault when the text has none.
#[wasm_bindgen(js_name = fingerprintJson)]
pub fn fingerprint_json(text: &str) -> Result<String, JsError> {
    smsrules::fingerprint_json(text).map_err(|error| JsError::new(&error.to_string()))
}

/// The JSON Schema (draft 2020-12) of the request body, as JSON text.
#[wasm_bindgen(js_name = jsonSchemaJson)]
pub fn json_schema_json() -> String {
    smsrules::json_schema().to_string()
}

/// Every issue code, in catalogue order.
#[wasm_bindgen(js_name = issueCodes)]
pub fn issue_codes() -> Vec<String> {
    smsrules::Code::ALL
        .iter()
        .map(|code| code.as_str().to_owned())
        .collect()
}

/// The version of the libphonenumber metadata behind the phone rules.
#[wasm_bindgen(js_name = phoneMetadataVersion)]
pub fn phone_metadata_version() -> String {
    smsrules::PHONE_METADATA_VERSION.to_owned()
}

/// A context read and judged once; checks against it answer as with the same context text
/// in every document, without reading it again.
#[wasm_bindgen]
pub struct PreparedContextHandle {
    prepared: Arc<PreparedContext>,
}

/// Written by hand so the context's values (phone numbers) never reach a log.
impl std::fmt::Debug for PreparedContextHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedContextHandle")
            .field("issues", &self.prepared.issues().len())
            .finish()
    }
}

#[wasm_bindgen]
impl PreparedContextHandle {
    /// Read `context_json`. Throws a `SyntaxError`-like `Error` when it is not JSON.
    #[wasm_bindgen(constructor)]
    pub fn new(context_json: &str) -> Result<PreparedContextHandle, JsError> {
        let prepared = PreparedContext::from_json(context_json).map_err(|error| {
            JsError::new(&format!(
                "context is not JSON: {} at line {} column {}",
                error.message, error.line, error.column
            ))
        })?;
        Ok(PreparedContextHandle {
            prepared: Arc::new(prepared),
        })
    }

    /// The context's own issues, as the JSON text of an issue list.
    #[wasm_bindgen(js_name = issuesJson)]
    pub fn issues_json(&self) -> String {
        serde_json::to_string(self.prepared.issues()).unwrap_or_else(|_| String::from("[]"))
    }

    /// The context as judged (duplicates resolved, values that are not I-JSON as `null`).
    #[wasm_bindgen(js_name = valueJson)]
    pub fn value_json(&self) -> String {
        self.prepared.value().to_string()
    }

    /// The envelope for the input document `doc` (JSON text) checked against this context,
    /// which stands in for the document's own `context`.
    #[wasm_bindgen(js_name = checkJson)]
    pub fn check_json(&self, doc: &str) -> String {
        let document = smsrules::Document::from_json(doc).with_prepared_context(std::sync::Arc::clone(&self.prepared));
        smsrules::check_to_json(&document)
    }
}
