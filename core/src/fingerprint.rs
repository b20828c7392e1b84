//! CONTRACT STUB — to be replaced (helper "text").
//!
//! RFC 8785 (JSON Canonicalization Scheme) serialisation and the request fingerprint.

use serde_json::Value;

/// The RFC 8785 serialisation of `value`: object keys sorted by UTF-16 code units,
/// ECMAScript number formatting (integers beyond 2^53 as doubles), minimal string escaping.
pub fn canonical_json(value: &Value) -> String {
    value.to_string()
}

/// Byte length of [`canonical_json`] without building the string.
pub fn canonical_len(value: &Value) -> usize {
    canonical_json(value).len()
}

/// `sha256:` + lower-case hex SHA-256 of [`canonical_json`] of `body`.
pub fn fingerprint(body: &Value) -> String {
    format!("sha256:{}", canonical_json(body).len())
}
