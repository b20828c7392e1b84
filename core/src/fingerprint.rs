//! RFC 8785 (JSON Canonicalization Scheme) serialisation and the request fingerprint.
//!
//! One iterative writer produces the canonical form into any `Sink`: a `String`
//! ([`canonical_json`]), a byte counter ([`canonical_len`]) or a SHA-256 state
//! ([`fingerprint`]), so neither the length nor the hash ever builds the text. The writer
//! keeps its own stack instead of recursing, so no nesting depth can overflow the call stack.

use std::cmp::Ordering;

use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};

/// The RFC 8785 serialisation of `value`: object keys sorted by UTF-16 code units,
/// ECMAScript number formatting (integers beyond 2^53 as doubles), minimal string escaping.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// Byte length of [`canonical_json`] without building the string.
pub fn canonical_len(value: &Value) -> usize {
    let mut counter = ByteCount(0);
    write_canonical(value, &mut counter);
    counter.0
}

/// `sha256:` + lower-case hex SHA-256 of [`canonical_json`] of `body`.
pub fn fingerprint(body: &Value) -> String {
    let mut hasher = BufferedHasher {
        hasher: Sha256::new(),
        buffer: [0; HASH_BUFFER],
        len: 0,
    };
    write_canonical(body, &mut hasher);
    fingerprint_text(hasher.finish())
}

/// The deepest container level [`fingerprint_json`] reads: the levels a body may have, plus
/// the one at which a check reports it too deep (the body object is level 1).
pub const FINGERPRINT_MAX_DEPTH: usize = crate::DEPTH_LIMIT + 1;

/// Why JSON text given to [`fingerprint_json`] has no fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FingerprintError {
    /// The text is not JSON.
    NotJson(crate::json::SyntaxError),
    /// A value at `pointer` is not I-JSON (a lone surrogate, a noncharacter, a number
    /// outside the double range).
    NotIJson {
        /// JSON Pointer of the value.
        pointer: String,
        /// What is wrong with it.
        fault: crate::json::Fault,
    },
    /// A container at `pointer` nests deeper than [`FINGERPRINT_MAX_DEPTH`].
    TooDeep {
        /// JSON Pointer of the container.
        pointer: String,
    },
    /// A host value at `pointer` has no JSON form (NaN, a set, a function, a cycle): found
    /// by a binding's conversion (see [`fingerprint_converted`]).
    NotAValue {
        /// JSON Pointer of the value.
        pointer: String,
    },
    /// The request holds more values, or more text, than any body a check accepts: a
    /// binding stopped converting it.
    TooLarge,
    /// The request text is not Unicode (bytes that are not UTF-8, or host text holding a lone
    /// surrogate), so it is not JSON.
    NotUnicode,
}

impl std::fmt::Display for FingerprintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        fn at(pointer: &str) -> String {
            if pointer.is_empty() {
                String::from("the top level")
            } else {
                format!("`{pointer}`")
            }
        }
        match self {
            FingerprintError::NotJson(error) => write!(
                f,
                "the request is not JSON: {} at line {} column {}",
                error.message, error.line, error.column
            ),
            FingerprintError::NotIJson { pointer, fault } => {
                let what = match fault {
                    crate::json::Fault::LoneSurrogate => "a lone surrogate escape",
                    crate::json::Fault::Noncharacter => "a noncharacter",
                    crate::json::Fault::NumberOutOfRange => "a number outside the double range",
                };
                write!(f, "the request is not I-JSON: {what} at {}", at(pointer))
            }
            FingerprintError::TooDeep { pointer } => write!(
                f,
                "the request nests deeper than {FINGERPRINT_MAX_DEPTH} levels at {}",
                at(pointer)
            ),
            FingerprintError::NotAValue { pointer } => write!(
                f,
                "the request is not JSON: the value at {} is not a JSON value",
                at(pointer)
            ),
            FingerprintError::TooLarge => write!(
                f,
                "the request holds more than {} values or {} characters",
                crate::BODY_SIZE_LIMIT,
                crate::DOCUMENT_SIZE_LIMIT
            ),
            FingerprintError::NotUnicode => write!(
                f,
                "the request is not JSON: it is not Unicode text (bytes that are not UTF-8, or a lone surrogate)"
            ),
        }
    }
}

impl std::error::Error for FingerprintError {}

/// [`fingerprint`] of a body given as JSON text, exactly as a check computes it for that text
/// (duplicate keys: the last value). Text that is not JSON, not I-JSON, or nested deeper than
/// [`FINGERPRINT_MAX_DEPTH`] has none: the first such fault, in that order of kinds.
pub fn fingerprint_json(text: &str) -> Result<String, FingerprintError> {
    let options = crate::json::ParseOptions {
        max_depth: FINGERPRINT_MAX_DEPTH,
    };
    let parsed = crate::json::parse(text, options).map_err(FingerprintError::NotJson)?;
    if let Some((pointer, fault)) = parsed.field_faults.into_iter().next() {
        return Err(FingerprintError::NotIJson { pointer, fault });
    }
    if let Some(pointer) = parsed.too_deep.into_iter().next() {
        return Err(FingerprintError::TooDeep { pointer });
    }
    Ok(fingerprint(&parsed.value))
}

/// [`fingerprint_json`] of UTF-8 bytes: bytes that are not UTF-8 are [`FingerprintError::NotUnicode`].
pub fn fingerprint_json_bytes(bytes: &[u8]) -> Result<String, FingerprintError> {
    let text = std::str::from_utf8(bytes).map_err(|_| FingerprintError::NotUnicode)?;
    fingerprint_json(text)
}

/// [`fingerprint`] of a request a binding converted from its host's objects, with the faults
/// its conversion recorded (as given to [`Document::with_faults`](crate::Document::with_faults)),
/// refused exactly as [`fingerprint_json`] refuses the same request as text: first a value
/// with no JSON form, then one that is not I-JSON, then a container nested too deep.
pub fn fingerprint_converted(value: &Value, faults: &[crate::ForeignFault]) -> Result<String, FingerprintError> {
    use crate::ForeignFaultKind;
    if let Some(fault) = faults.iter().find(|f| f.kind == ForeignFaultKind::NotJson) {
        return Err(FingerprintError::NotAValue {
            pointer: fault.pointer.clone(),
        });
    }
    let scanned = crate::json::scan(value, FINGERPRINT_MAX_DEPTH);
    if let Some((pointer, fault)) = scanned.field_faults.into_iter().next() {
        return Err(FingerprintError::NotIJson { pointer, fault });
    }
    let cut = faults
        .iter()
        .find(|f| f.kind == ForeignFaultKind::TooDeep)
        .map(|f| f.pointer.clone());
    if let Some(pointer) = cut.or_else(|| scanned.too_deep.into_iter().next()) {
        return Err(FingerprintError::TooDeep { pointer });
    }
    Ok(fingerprint(value))
}

/// `sha256:` + the digest in lower-case hex.
fn fingerprint_text(digest: sha2::digest::Output<Sha256>) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(PREFIX.len() + 2 * digest.len());
    out.push_str(PREFIX);
    for byte in digest {
        for nibble in [byte >> 4, byte & 0x0f] {
            out.push(char::from(HEX.get(usize::from(nibble)).copied().unwrap_or(b'0')));
        }
    }
    out
}

const PREFIX: &str = "sha256:";

/// What one canonical pass over a request body tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodySummary<const N: usize> {
    /// [`canonical_len`] of the body.
    pub len: usize,
    /// [`canonical_len`] of each asked-for top-level member's value, when the body is an
    /// object that has it.
    pub members: [Option<usize>; N],
    /// [`fingerprint`] of the body; `None` when its canonical text is longer than the
    /// hash limit (such a body is rejected for its size, so hashing it would be waste).
    pub fingerprint: Option<String>,
}

/// The body's canonical length, the canonical lengths of its top-level `members` (the
/// 64 KiB limits) and its fingerprint, in one pass instead of one each. With a `hash_limit`
/// of 0 nothing is hashed, and lengths need no key order, so no object is sorted.
pub(crate) fn summarize<const N: usize>(body: &Value, members: [&str; N], hash_limit: usize) -> BodySummary<N> {
    if hash_limit == 0 {
        let mut counter = ByteCount(0);
        let members = write_summary(body, members, &mut counter, |counter| counter.0);
        return BodySummary {
            len: counter.0,
            members,
            fingerprint: None,
        };
    }
    let mut sink = Summarizer {
        count: 0,
        limit: hash_limit,
        hasher: BufferedHasher {
            hasher: Sha256::new(),
            buffer: [0; HASH_BUFFER],
            len: 0,
        },
    };
    let members = write_summary(body, members, &mut sink, |sink| sink.count);
    BodySummary {
        len: sink.count,
        members,
        fingerprint: (sink.count <= sink.limit).then(|| fingerprint_text(sink.hasher.finish())),
    }
}

/// A summary from an upper `bound` of the body's canonical length instead of the exact
/// lengths: its `len` and every present member's length are that bound (good only for
/// comparing with limits of at least `bound`), and nothing is hashed.
pub(crate) fn bounded_summary<const N: usize>(body: &Value, members: [&str; N], bound: usize) -> BodySummary<N> {
    // Along the keys: a top-level object is small, and hashing each name costs more.
    let present = |name: &str| body.as_object().is_some_and(|map| map.keys().any(|key| key == name));
    BodySummary {
        len: bound,
        members: members.map(|name| present(name).then_some(bound)),
        fingerprint: None,
    }
}

/// Write `body` canonically into `sink`, giving the lengths of its top-level `members`
/// (`written` reads how many bytes the sink has taken).
fn write_summary<S: Sink, const N: usize>(
    body: &Value,
    members: [&str; N],
    sink: &mut S,
    written: impl Fn(&S) -> usize,
) -> [Option<usize>; N] {
    let mut lengths = [None; N];
    match body {
        Value::Object(map) => {
            // The top level written here, so that each member's length can be taken; the
            // members themselves by the common writer.
            let mut arena: Arena<'_> = Vec::new();
            let entries: Vec<(&str, &Value)> = match object_members(map, S::NEEDS_ORDER, &mut arena) {
                Members::ObjectInOrder(entries) => entries.map(|(key, value)| (key.as_str(), value)).collect(),
                _ => arena,
            };
            sink.put("{");
            for (index, (key, value)) in entries.into_iter().enumerate() {
                if index > 0 {
                    sink.put(",");
                }
                write_string(key, sink);
                sink.put(":");
                let start = written(sink);
                write_canonical(value, sink);
                if let Some(slot) = members.iter().position(|m| *m == key).and_then(|i| lengths.get_mut(i)) {
                    *slot = Some(written(sink) - start);
                }
            }
            sink.put("}");
        }
        other => write_canonical(other, sink),
    }
    lengths
}

/// Counts the canonical text and hashes it while it stays within `limit` bytes.
struct Summarizer {
    count: usize,
    limit: usize,
    hasher: BufferedHasher,
}

impl Sink for Summarizer {
    fn put(&mut self, text: &str) {
        self.put_ascii(text.as_bytes());
    }
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.count += bytes.len();
        if self.count <= self.limit {
            self.hasher.push(bytes);
        }
    }
}

/// Where canonical text goes.
trait Sink {
    /// Whether object members must come in canonical order (a byte count does not care).
    const NEEDS_ORDER: bool = true;
    fn put(&mut self, text: &str);
    /// `bytes` is always ASCII.
    fn put_ascii(&mut self, bytes: &[u8]);
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.extend(bytes.iter().copied().map(char::from));
    }
}

struct ByteCount(usize);

impl Sink for ByteCount {
    const NEEDS_ORDER: bool = false;
    fn put(&mut self, text: &str) {
        self.0 += text.len();
    }
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
}

/// Bytes gathered before each hash update: the canonical text arrives in many small pieces
/// (a quote, a key, a colon, …), and one `update` per piece costs more than the copy.
const HASH_BUFFER: usize = 512;

/// A SHA-256 state fed through a fixed stack buffer.
struct BufferedHasher {
    hasher: Sha256,
    buffer: [u8; HASH_BUFFER],
    len: usize,
}

impl BufferedHasher {
    fn push(&mut self, bytes: &[u8]) {
        if let Some(free) = self.buffer.get_mut(self.len..self.len + bytes.len()) {
            free.copy_from_slice(bytes);
            self.len += bytes.len();
            return;
        }
        self.flush();
        if bytes.len() >= HASH_BUFFER {
            self.hasher.update(bytes);
        } else if let Some(free) = self.buffer.get_mut(..bytes.len()) {
            free.copy_from_slice(bytes);
            self.len = bytes.len();
        }
    }

    fn flush(&mut self) {
        self.hasher.update(self.buffer.get(..self.len).unwrap_or_default());
        self.len = 0;
    }

    fn finish(mut self) -> sha2::digest::Output<Sha256> {
        self.flush();
        self.hasher.finalize()
    }
}

impl Sink for BufferedHasher {
    fn put(&mut self, text: &str) {
        self.push(text.as_bytes());
    }
    fn put_ascii(&mut self, bytes: &[u8]) {
        self.push(bytes);
    }
}

/// The members of one open container, in output order.
enum Members<'a> {
    Array(std::slice::Iter<'a, Value>),
    /// The map already iterates in UTF-16 key order, or the sink does not care about order.
    ObjectInOrder(serde_json::map::Iter<'a>),
    /// The members sorted at `next..end` of the writer's shared arena (from `start` on,
    /// which is released when the object closes).
    ObjectSorted {
        start: usize,
        next: usize,
        end: usize,
    },
}

struct Frame<'a> {
    members: Members<'a>,
    wrote_member: bool,
}

/// Entries of the objects being written in sorted order: one buffer for the whole value,
/// used as a stack (an object's entries are released when it closes).
type Arena<'a> = Vec<(&'a str, &'a Value)>;

fn write_canonical<S: Sink>(root: &Value, sink: &mut S) {
    let mut stack: Vec<Frame<'_>> = Vec::new();
    let mut arena: Arena<'_> = Vec::new();
    open_or_write(root, &mut stack, &mut arena, sink);
    while let Some(frame) = stack.last_mut() {
        let (key, value) = match &mut frame.members {
            Members::Array(items) => (None, items.next()),
            Members::ObjectInOrder(entries) => match entries.next() {
                Some((key, value)) => (Some(key.as_str()), Some(value)),
                None => (None, None),
            },
            Members::ObjectSorted { next, end, .. } => match arena.get(*next).filter(|_| *next < *end) {
                Some(&(key, value)) => {
                    *next += 1;
                    (Some(key), Some(value))
                }
                None => (None, None),
            },
        };
        let Some(value) = value else {
            sink.put(if matches!(frame.members, Members::Array(_)) {
                "]"
            } else {
                "}"
            });
            if let Members::ObjectSorted { start, .. } = frame.members {
                arena.truncate(start);
            }
            stack.pop();
            continue;
        };
        if frame.wrote_member {
            sink.put(",");
        }
        frame.wrote_member = true;
        if let Some(key) = key {
            write_string(key, sink);
            sink.put(":");
        }
        open_or_write(value, &mut stack, &mut arena, sink);
    }
}

/// Write a scalar, or write a container's opening bracket and push its members.
fn open_or_write<'a, S: Sink>(value: &'a Value, stack: &mut Vec<Frame<'a>>, arena: &mut Arena<'a>, sink: &mut S) {
    match value {
        Value::Null => sink.put("null"),
        Value::Bool(true) => sink.put("true"),
        Value::Bool(false) => sink.put("false"),
        Value::Number(number) => write_number(number, sink),
        Value::String(text) => write_string(text, sink),
        Value::Array(items) => {
            sink.put("[");
            stack.push(Frame {
                members: Members::Array(items.iter()),
                wrote_member: false,
            });
        }
        Value::Object(map) => {
            sink.put("{");
            stack.push(Frame {
                members: object_members(map, S::NEEDS_ORDER, arena),
                wrote_member: false,
            });
        }
    }
}

fn object_members<'a>(map: &'a Map<String, Value>, needs_order: bool, arena: &mut Arena<'a>) -> Members<'a> {
    if !needs_order {
        return Members::ObjectInOrder(map.iter());
    }
    let in_order = map
        .keys()
        .zip(map.keys().skip(1))
        .all(|(earlier, later)| utf16_order(earlier, later) == Ordering::Less);
    if in_order {
        return Members::ObjectInOrder(map.iter());
    }
    let start = arena.len();
    arena.extend(map.iter().map(|(key, value)| (key.as_str(), value)));
    if let Some(entries) = arena.get_mut(start..) {
        entries.sort_unstable_by(|(a, _), (b, _)| utf16_order(a, b));
    }
    Members::ObjectSorted {
        start,
        next: start,
        end: arena.len(),
    }
}

/// RFC 8785 §3.2.3: keys compare as arrays of UTF-16 code units.
///
/// UTF-8 byte order is code point order, and UTF-16 order differs from it only between a
/// character in U+E000–U+FFFF (UTF-8 lead byte 0xEE or 0xEF) and a supplementary one
/// (lead byte 0xF0–0xF4). So the bytes decide unless the first difference has a byte of
/// 0xEE or more on either side (a shorter key that is a prefix of the other sorts first in
/// both orders).
fn utf16_order(a: &str, b: &str) -> Ordering {
    let first_difference = a.bytes().zip(b.bytes()).find(|(x, y)| x != y);
    match first_difference {
        None => a.len().cmp(&b.len()),
        Some((x, y)) if x < 0xEE && y < 0xEE => x.cmp(&y),
        Some(_) => a.encode_utf16().cmp(b.encode_utf16()),
    }
}

/// RFC 8785 §3.2.2.2 (ECMAScript `JSON.stringify` string rules).
fn write_string<S: Sink>(text: &str, sink: &mut S) {
    sink.put("\"");
    // Most strings need no escape: one branch-free pass (it vectorises) finds out.
    let needs_escape = text.bytes().fold(false, |found, byte| {
        found | (byte < 0x20) | (byte == b'"') | (byte == b'\\')
    });
    if !needs_escape {
        sink.put(text);
        sink.put("\"");
        return;
    }
    let mut run_start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let escape: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            0x0c => b"\\f",
            b'\r' => b"\\r",
            0x00..=0x1f => &[],
            _ => continue,
        };
        // Every escaped byte is ASCII, so `run_start..index` is on character boundaries.
        if let Some(run) = text.get(run_start..index) {
            sink.put(run);
        }
        run_start = index + 1;
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let low = HEX.get(usize::from(byte & 0x0f)).copied().unwrap_or(b'0');
            sink.put_ascii(&[b'\\', b'u', b'0', b'0', b'0' + (byte >> 4), low]);
        } else {
            sink.put_ascii(escape);
        }
    }
    if let Some(run) = text.get(run_start..) {
        sink.put(run);
    }
    sink.put("\"");
}

/// Largest integer that every double-precision consumer reads back exactly (2^53).
const EXACT_INTEGER_LIMIT: u64 = 1 << 53;

/// RFC 8785 §3.2.2.3: the number as ECMAScript `Number.prototype.toString` writes the
/// double nearest to it.
fn write_number<S: Sink>(number: &Number, sink: &mut S) {
    let mut text = AsciiBuffer::default();
    if let Some(magnitude) = number.as_u64().filter(|n| *n <= EXACT_INTEGER_LIMIT) {
        text.push_integer(magnitude);
    } else if let Some(negative) = number.as_i64().filter(|n| n.unsigned_abs() <= EXACT_INTEGER_LIMIT) {
        if negative < 0 {
            text.push(b'-');
        }
        text.push_integer(negative.unsigned_abs());
    } else {
        match number.as_f64() {
            Some(double) if double.is_finite() => text.push_double(double),
            // Not I-JSON (only reachable with serde_json's arbitrary precision): written as
            // `JSON.stringify` would write NaN or Infinity.
            _ => text.push_all(b"null"),
        }
    }
    sink.put_ascii(text.as_bytes());
}

/// A fixed stack buffer for one formatted number (at most 25 bytes, e.g.
/// `-0.0000033333333333333333` or `-1.7976931348623157e+308`).
#[derive(Default)]
struct AsciiBuffer {
    bytes: [u8; 32],
    len: usize,
}

impl AsciiBuffer {
    fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    fn push_all(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.push(*byte);
        }
    }

    fn push_zeros(&mut self, count: usize) {
        for _ in 0..count {
            self.push(b'0');
        }
    }

    fn push_integer(&mut self, value: u64) {
        self.push_all(crate::values::decimal_digits(value, &mut [0; 20]));
    }

    /// ECMAScript Number::toString(x) for finite x: the shortest digits that read back as
    /// x (from `ryu`), laid out by the spec's rules on k (digit count) and n (decimal
    /// exponent: x = 0.d1…dk × 10^n).
    fn push_double(&mut self, value: f64) {
        if value == 0.0 {
            // Both +0 and -0.
            self.push(b'0');
            return;
        }
        if value < 0.0 {
            self.push(b'-');
        }
        let mut ryu_buffer = ryu::Buffer::new();
        let shortest = ryu_buffer.format_finite(value.abs());
        let (mantissa, exponent) = match shortest.split_once('e') {
            Some((mantissa, exponent)) => (mantissa, exponent.parse::<i32>().unwrap_or(0)),
            None => (shortest, 0),
        };
        let (integer_part, fraction_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));

        // All digits of the mantissa, then trimmed to the significant ones.
        let mut all_digits = [0u8; 32];
        let mut count = 0;
        for (slot, digit) in all_digits
            .iter_mut()
            .zip(integer_part.bytes().chain(fraction_part.bytes()))
        {
            *slot = digit;
            count += 1;
        }
        let all_digits = all_digits.get(..count).unwrap_or_default();
        let leading_zeros = all_digits.iter().take_while(|digit| **digit == b'0').count();
        let trailing_zeros = all_digits.iter().rev().take_while(|digit| **digit == b'0').count();
        let digits = all_digits
            .get(leading_zeros..count.saturating_sub(trailing_zeros))
            .unwrap_or_default();
        let k = digits.len() as i32;
        let n = integer_part.len() as i32 + exponent - leading_zeros as i32;

        if k <= n && n <= 21 {
            // 1e21 > x ≥ 1 integer-valued: all digits, then zeros.
            self.push_all(digits);
            self.push_zeros((n - k) as usize);
        } else if 0 < n && n <= 21 {
            let (whole, fraction) = digits.split_at(n as usize);
            self.push_all(whole);
            self.push(b'.');
            self.push_all(fraction);
        } else if -6 < n && n <= 0 {
            self.push_all(b"0.");
            self.push_zeros((-n) as usize);
            self.push_all(digits);
        } else {
            let (first, rest) = digits.split_at(1);
            self.push_all(first);
            if !rest.is_empty() {
                self.push(b'.');
                self.push_all(rest);
            }
            self.push(b'e');
            let power = n - 1;
            self.push(if power < 0 { b'-' } else { b'+' });
            self.push_integer(u64::from(power.unsigned_abs()));
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    fn number_text(value: f64) -> String {
        canonical_json(&Value::from(value))
    }

    #[test]
    fn key_order_is_utf16_order() {
        // Characters around every boundary the byte shortcut depends on.
        let pieces = [
            "",
            "a",
            "b",
            "~",
            "\u{7f}",
            "\u{80}",
            "\u{7ff}",
            "\u{800}",
            "\u{d7ff}",
            "\u{e000}",
            "\u{ef00}",
            "\u{f000}",
            "\u{fb33}",
            "\u{ffff}",
            "\u{10000}",
            "\u{1f600}",
            "\u{10ffff}",
        ];
        let mut keys = Vec::new();
        for first in pieces {
            for second in pieces {
                keys.push(format!("{first}{second}"));
                keys.push(format!("x{first}{second}"));
            }
        }
        for a in &keys {
            for b in &keys {
                assert_eq!(utf16_order(a, b), a.encode_utf16().cmp(b.encode_utf16()), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn summary_is_each_pass_in_one() {
        let bodies = [
            json!({"z": 1, "metadata": {"b": [1, 2.5, "\u{1f600}"], "a": null}, "request_data": "x", "é": {"\u{e000}": 1, "\u{10000}": 2}}),
            json!({"metadata": {}}),
            json!({}),
            json!([1, {"metadata": 2}]),
            json!("text"),
        ];
        for body in &bodies {
            let summary = summarize(body, ["metadata", "request_data", "absent"], usize::MAX);
            assert_eq!(summary.len, canonical_len(body));
            assert_eq!(summary.fingerprint.as_deref(), Some(fingerprint(body).as_str()));
            let member = |name: &str| body.as_object().and_then(|m| m.get(name)).map(canonical_len);
            assert_eq!(summary.members, [member("metadata"), member("request_data"), None]);
            // Lengths alone (no hash) walk members in map order: the same lengths.
            let counted = summarize(body, ["metadata", "request_data", "absent"], 0);
            assert_eq!(
                (counted.len, counted.members, counted.fingerprint),
                (summary.len, summary.members, None)
            );
        }
        let body = &bodies[0];
        let len = canonical_len(body);
        assert!(summarize(body, [], len).fingerprint.is_some());
        assert_eq!(summarize(body, [], len - 1).fingerprint, None);
    }

    proptest::proptest! {
        #[test]
        fn a_bounded_summary_has_the_bound_for_present_members(value in json_value(), bound in 0usize..4000) {
            let summary = bounded_summary(&value, ["metadata", "absent"], bound);
            proptest::prop_assert_eq!(summary.len, bound);
            proptest::prop_assert_eq!(summary.members, [value.get("metadata").map(|_| bound), None]);
            proptest::prop_assert!(summary.fingerprint.is_none());
        }
    }

    /// Any JSON value, with escapes, non-ASCII text, doubles and nesting.
    pub(crate) fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |d| d.is_finite())
                .prop_map(Value::from),
            "[\\u{0}-\\u{1f}\"\\\\a-zé€😀]{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\"\\u{1}]{0,6}", inner.clone(), 0..6)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
                // The body's own members.
                inner.prop_map(|member| serde_json::json!({ "metadata": member })),
            ]
        })
    }

    #[test]
    fn hash_buffer_boundaries() {
        // Strings around the buffer size, escaped and not: the hash is the hash of the text.
        for len in [0, 1, 300, 509, 510, 511, 512, 513, 1023, 1024, 1025, 5000] {
            for filler in ["a", "\n", "é"] {
                let value = json!({"k": filler.repeat(len), "n": [1.5, "x"]});
                let text = canonical_json(&value);
                let expected: String = Sha256::digest(text.as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                assert_eq!(fingerprint(&value), format!("sha256:{expected}"));
            }
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(canonical_json(&json!(null)), "null");
        assert_eq!(canonical_json(&json!(true)), "true");
        assert_eq!(canonical_json(&json!(false)), "false");
        assert_eq!(canonical_json(&json!("")), "\"\"");
        assert_eq!(canonical_json(&json!([])), "[]");
        assert_eq!(canonical_json(&json!({})), "{}");
    }

    #[test]
    fn ecmascript_number_layout() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.0, "-1"),
            (56.0, "56"),
            (4.5, "4.5"),
            (0.002, "0.002"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (123e18, "123000000000000000000"),
            (1.5e21, "1.5e+21"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (0.0000012345, "0.0000012345"),
            (1e30, "1e+30"),
            (1e-27, "1e-27"),
            (123456.789, "123456.789"),
            (-1.25e-10, "-1.25e-10"),
            (9007199254740993.0, "9007199254740992"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (5e-324, "5e-324"),
        ];
        for (value, expected) in cases {
            assert_eq!(number_text(*value), *expected, "{value:e}");
        }
    }

    #[test]
    fn integers_beyond_2_pow_53_are_written_as_doubles() {
        assert_eq!(canonical_json(&json!(9007199254740992_u64)), "9007199254740992");
        assert_eq!(canonical_json(&json!(9007199254740993_u64)), "9007199254740992");
        assert_eq!(canonical_json(&json!(-9007199254740993_i64)), "-9007199254740992");
        assert_eq!(canonical_json(&json!(u64::MAX)), "18446744073709552000");
        assert_eq!(canonical_json(&json!(i64::MIN)), "-9223372036854776000");
        assert_eq!(canonical_json(&json!(i64::MAX)), "9223372036854776000");
        assert_eq!(canonical_json(&json!(0_u64)), "0");
        assert_eq!(canonical_json(&json!(-7_i64)), "-7");
    }

    #[test]
    fn string_escaping_is_minimal() {
        let text = "\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \"\\/\u{7f}\u{80}\u{2028}é😀";
        assert_eq!(
            canonical_json(&json!(text)),
            "\"\\u0000\\u0001\\b\\t\\n\\u000b\\f\\r\\u001f \\\"\\\\/\u{7f}\u{80}\u{2028}é😀\""
        );
        assert_eq!(canonical_json(&json!("\u{1a}")), "\"\\u001a\"");
    }

    #[test]
    fn keys_sort_by_utf16_code_units_not_bytes() {
        // U+E000 is one unit (0xE000); U+1F600 is 0xD83D 0xDE00, so it sorts first even
        // though its UTF-8 bytes (F0 …) are greater than U+E000's (EE …).
        let value = json!({"\u{E000}": 1, "\u{1F600}": 2, "a": 3});
        assert_eq!(canonical_json(&value), "{\"a\":3,\"\u{1F600}\":2,\"\u{E000}\":1}");
    }

    #[test]
    fn nested_containers_and_commas() {
        let value = json!({"b": [1, {"d": null, "c": [true, false]}], "a": {}});
        assert_eq!(
            canonical_json(&value),
            r#"{"a":{},"b":[1,{"c":[true,false],"d":null}]}"#
        );
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let mut value = json!(0);
        for _ in 0..100_000 {
            value = Value::Array(vec![value]);
        }
        assert_eq!(canonical_len(&value), 200_001);
        // Dropping a deeply nested `Value` recurses inside serde_json; unwind it by hand.
        let mut current = value;
        while let Value::Array(mut items) = current {
            current = items.pop().unwrap_or(Value::Null);
        }
    }

    #[test]
    fn length_matches_text() {
        let value = json!({"é": "\u{1}x😀", "n": [1e21, -0.5, 12], "z": {"\n": null}});
        assert_eq!(canonical_len(&value), canonical_json(&value).len());
    }

    #[test]
    fn fingerprint_is_sha256_of_the_canonical_text() {
        // SHA-256 of "{}" and of "null".
        assert_eq!(
            fingerprint(&json!({})),
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
        assert_eq!(
            fingerprint(&json!(null)),
            "sha256:74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b"
        );
        let value = json!({"b": 1, "a": [2.50, "x"]});
        let direct = Sha256::digest(canonical_json(&value).as_bytes());
        let hex: String = direct.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(fingerprint(&value), format!("sha256:{hex}"));
    }

    #[test]
    fn fingerprint_json_agrees_with_the_parsed_value_and_names_each_fault() {
        let text = r#"{"b": 1, "a": [true, null, "x"], "b": 2}"#;
        let value: Value = serde_json::from_str(r#"{"a": [true, null, "x"], "b": 2}"#).unwrap();
        assert_eq!(fingerprint_json(text), Ok(fingerprint(&value)));

        assert!(matches!(fingerprint_json("{"), Err(FingerprintError::NotJson(_))));
        let lone = fingerprint_json(r#"{"a": {"b": "\ud800"}}"#);
        assert_eq!(
            lone,
            Err(FingerprintError::NotIJson {
                pointer: "/a/b".into(),
                fault: crate::json::Fault::LoneSurrogate
            })
        );
        assert_eq!(
            lone.unwrap_err().to_string(),
            "the request is not I-JSON: a lone surrogate escape at `/a/b`"
        );
        let deep = format!(
            "{}{}",
            "[".repeat(FINGERPRINT_MAX_DEPTH + 1),
            "]".repeat(FINGERPRINT_MAX_DEPTH + 1)
        );
        assert!(matches!(fingerprint_json(&deep), Err(FingerprintError::TooDeep { .. })));
        let deepest = format!(
            "{}{}",
            "[".repeat(FINGERPRINT_MAX_DEPTH),
            "]".repeat(FINGERPRINT_MAX_DEPTH)
        );
        assert!(fingerprint_json(&deepest).is_ok());
    }

    /// A converted value is refused as its text would be, host faults first, and the bytes
    /// entry refuses what is not UTF-8.
    #[test]
    fn fingerprint_converted_refuses_as_the_text_entry() {
        use crate::{ForeignFault, ForeignFaultKind, Location};
        let fault = |pointer: &str, kind| ForeignFault {
            part: Location::Body,
            pointer: pointer.into(),
            kind,
        };
        let value = json!({"a": [1, null], "b": "\u{ffff}"});
        assert_eq!(
            fingerprint_converted(&value, &[fault("/a/1", ForeignFaultKind::NotJson)]),
            Err(FingerprintError::NotAValue { pointer: "/a/1".into() })
        );
        assert_eq!(
            fingerprint_converted(&value, &[]),
            Err(FingerprintError::NotIJson {
                pointer: "/b".into(),
                fault: crate::json::Fault::Noncharacter
            })
        );
        let fine = json!({"a": [1, null]});
        assert_eq!(
            fingerprint_converted(&fine, &[fault("/a", ForeignFaultKind::TooDeep)]),
            Err(FingerprintError::TooDeep { pointer: "/a".into() })
        );
        assert_eq!(fingerprint_converted(&fine, &[]), fingerprint_json(r#"{"a":[1,null]}"#));
        let mut deep = json!(1);
        for _ in 0..=FINGERPRINT_MAX_DEPTH {
            deep = json!([deep]);
        }
        assert!(matches!(
            fingerprint_converted(&deep, &[]),
            Err(FingerprintError::TooDeep { .. })
        ));
        assert_eq!(
            fingerprint_json_bytes(b"{\"a\":\xff}"),
            Err(FingerprintError::NotUnicode)
        );
        assert_eq!(
            fingerprint_json_bytes(br#"{"a":[1,null]}"#),
            fingerprint_converted(&fine, &[])
        );
        assert_eq!(
            FingerprintError::NotAValue { pointer: String::new() }.to_string(),
            "the request is not JSON: the value at the top level is not a JSON value"
        );
    }
}
