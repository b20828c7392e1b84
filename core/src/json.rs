//! CONTRACT STUB — to be replaced by the real parser (helper "json").
//!
//! A bounded, non-recursive JSON text parser for I-JSON (RFC 7493) documents that reports
//! duplicate keys and over-deep containers as data instead of failing.

use serde_json::Value;

/// How deep containers may nest: the root container is level 1; a container that opens at
/// level `max_depth + 1` is not built (it is skipped, its syntax still checked) and becomes
/// `Value::Null`, with its pointer recorded in [`Parsed::too_deep`].
#[derive(Debug, Clone, Copy)]
pub struct ParseOptions {
    /// Deepest allowed container level (root = 1).
    pub max_depth: usize,
}

/// Why a value that parsed is not I-JSON. The value is kept (strings with U+FFFD for a lone
/// surrogate; `Null` for an out-of-range number) so the caller can decide what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A `\uD800`-style escape not part of a surrogate pair.
    LoneSurrogate,
    /// A noncharacter (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF), escaped or raw, in a string or key.
    Noncharacter,
    /// A number outside the IEEE-754 double range (e.g. `1e400`, a 400-digit integer).
    NumberOutOfRange,
}

/// A successful parse.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The value; for a duplicate key the last value wins.
    pub value: Value,
    /// Pointers (RFC 6901) of each later duplicate key, in document order.
    pub duplicates: Vec<String>,
    /// Pointers of containers that opened beyond `max_depth`, in document order.
    pub too_deep: Vec<String>,
    /// Pointers of values (or of the object member, for a faulty key) that are not I-JSON.
    pub faults: Vec<(String, Fault)>,
}

/// Text that is not JSON at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the fault.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// Lower-case one-line description, e.g. "expected `:` after an object key".
    pub message: String,
}

/// Parse `text` (which must hold exactly one JSON value, with optional whitespace around it).
/// A leading byte-order mark is a [`SyntaxError`]. Never recurses; memory is bounded by the
/// text's size.
pub fn parse(text: &str, options: ParseOptions) -> Result<Parsed, SyntaxError> {
    let _ = options;
    match serde_json::from_str::<Value>(text) {
        Ok(value) => Ok(Parsed { value, duplicates: Vec::new(), too_deep: Vec::new(), faults: Vec::new() }),
        Err(e) => Err(SyntaxError { offset: 0, line: e.line(), column: e.column(), message: "not json".into() }),
    }
}

/// Walk an already-parsed value (from a binding or a Rust caller) without recursion and
/// report containers deeper than `max_depth` (root = 1) and strings/keys holding
/// noncharacters, as pointers relative to `value`. Containers beyond the limit are not
/// descended into.
pub fn scan(value: &Value, max_depth: usize) -> (Vec<String>, Vec<(String, Fault)>) {
    let _ = (value, max_depth);
    (Vec::new(), Vec::new())
}
