//! A bounded, non-recursive JSON text parser for I-JSON (RFC 7493) documents that reports
//! duplicate keys and over-deep containers as data instead of failing.
//!
//! The grammar is strict RFC 8259. Everything that is JSON but not I-JSON (lone surrogate
//! escapes, noncharacters, numbers beyond the double range) parses and is reported in
//! [`Parsed::faults`], so the caller decides what it means. Containers are tracked on an
//! explicit stack: no input, however deep, can overflow the call stack.

use crate::pointer;
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// How deep containers may nest: the root container is level 1; a container that opens at
/// level `max_depth + 1` is not built (it is skipped, its syntax still checked) and becomes
/// `Value::Null`, with its pointer recorded in [`Parsed::too_deep`].
///
/// Keep it modest (the project uses 32): `serde_json::Value` drops, compares and prints
/// itself recursively, so a value built thousands of levels deep can overflow the stack
/// of whoever holds it.
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
///
/// Memory stays linear in the text's size whatever it holds. `duplicates` and `faults` keep
/// at most the records an envelope could show (the first 1,000 in pointer order)
/// and count the rest; `too_deep` and `field_faults` keep the first record
/// (of each fault kind) in each field, which is all a caller needs to treat the field as
/// faulty. A field is a value at the parse's field depth (1: a top-level member of the
/// root) with everything inside it; a key appearing twice makes two fields.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The value; for a duplicate key the last value wins.
    pub value: Value,
    /// Pointers (RFC 6901) of later duplicate keys: the first in pointer order (ties in
    /// document order) of at most 1,000.
    pub duplicates: Vec<String>,
    /// How many later duplicate keys `duplicates` leaves out.
    pub duplicates_omitted: usize,
    /// Pointers of the first container in each field that opened beyond `max_depth`, in
    /// document order.
    pub too_deep: Vec<String>,
    /// Pointers of values (or of the object member, for a faulty key) that are not I-JSON:
    /// at most one per string and fault kind, kept as `duplicates` are.
    pub faults: Vec<(String, Fault)>,
    /// How many records `faults` leaves out.
    pub faults_omitted: usize,
    /// The first record of each fault kind in each field, in document order.
    pub field_faults: Vec<(String, Fault)>,
}

/// Which records of a parse may become issues one by one, and what a field is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scope<'s> {
    /// The depth of a field: 1 for the members of the root, 2 for the members of those.
    pub field_depth: usize,
    /// Only records below this member of the root go to `duplicates` and `faults`
    /// (`None`: all records).
    pub issues_under: Option<&'s str>,
    /// Which places may hold a field's first record in `too_deep` and `field_faults`
    /// (`None`: every place). Given the path from the root, each step a key or `None` for
    /// an array index; a record at a place it rejects is not kept, so it cannot hide a later
    /// one in the same field.
    pub relevant: Option<Relevant>,
}

/// See [`Scope::relevant`].
pub(crate) type Relevant = fn(&[Option<&str>]) -> bool;

impl Scope<'_> {
    /// A body or a context: every record counts, a field is a top-level member.
    pub(crate) const WHOLE: Scope<'static> = Scope {
        field_depth: 1,
        issues_under: None,
        relevant: None,
    };

    /// A context: a field is a top-level part, and only what the context reading reads
    /// holds its records (unknown fields are ignored whatever they hold).
    pub(crate) const CONTEXT: Scope<'static> = Scope {
        field_depth: 1,
        issues_under: None,
        relevant: Some(crate::context::is_read_path),
    };
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
///
/// Lines are counted at each `\n`; columns count Unicode scalar values from the line's start.
pub fn parse(text: &str, options: ParseOptions) -> Result<Parsed, SyntaxError> {
    parse_scoped(text, options, Scope::WHOLE)
}

/// [`parse`] a context as the check reads one: nested no deeper than
/// [`DEPTH_LIMIT`](crate::DEPTH_LIMIT), and `too_deep` and `field_faults` keep each part's
/// first record among the fields the check reads. A record under a field it ignores is
/// left out: the check does not judge such a field, so it must not hide a later record in
/// the same part that it does judge.
pub fn parse_context(text: &str) -> Result<Parsed, SyntaxError> {
    parse_scoped(
        text,
        ParseOptions {
            max_depth: crate::DEPTH_LIMIT,
        },
        Scope::CONTEXT,
    )
}

/// [`parse`] with records sorted by `scope`.
pub(crate) fn parse_scoped(text: &str, options: ParseOptions, scope: Scope<'_>) -> Result<Parsed, SyntaxError> {
    let mut parser = Parser::new(text, options.max_depth, scope);
    match parser.document() {
        Ok(value) => {
            // Duplicates are found when their value is complete; the key's offset restores
            // document order among equal pointers.
            let (duplicates, duplicates_omitted) = parser.duplicates.finish();
            let (faults, faults_omitted) = parser.faults.finish();
            Ok(Parsed {
                value,
                duplicates: duplicates.into_iter().map(|(pointer, ())| pointer).collect(),
                duplicates_omitted,
                too_deep: parser.too_deep,
                faults,
                faults_omitted,
                field_faults: parser.field_faults,
            })
        }
        Err(failure) => Err(failure.into_syntax_error(text)),
    }
}

/// What [`scan`] found in a value, shaped as [`Parsed`] records it.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    /// The first container beyond the depth limit in each field, in document order.
    pub too_deep: Vec<String>,
    /// Strings and keys holding noncharacters: the first in pointer order, as [`Parsed`]
    /// keeps them.
    pub faults: Vec<(String, Fault)>,
    /// How many `faults` leaves out.
    pub faults_omitted: usize,
    /// The first fault in each field, in document order.
    pub field_faults: Vec<(String, Fault)>,
}

/// True when `value` nests no deeper than `max_depth` (root = 1) and no key or string holds a
/// noncharacter: exactly when [`scan`] finds nothing.
fn is_clean(value: &Value, max_depth: usize) -> bool {
    let mut stack: Vec<(&Value, usize)> = vec![(value, 1)];
    while let Some((value, depth)) = stack.pop() {
        match value {
            Value::String(text) => {
                if has_noncharacter(text) {
                    return false;
                }
            }
            Value::Array(items) => {
                if depth > max_depth {
                    return false;
                }
                stack.extend(items.iter().map(|item| (item, depth + 1)));
            }
            Value::Object(members) => {
                if depth > max_depth {
                    return false;
                }
                for (key, member) in members {
                    if has_noncharacter(key) {
                        return false;
                    }
                    stack.push((member, depth + 1));
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    true
}

/// Walk an already-parsed value (from a binding or a Rust caller) without recursion and
/// report containers deeper than `max_depth` (root = 1) and strings/keys holding
/// noncharacters, as pointers relative to `value`. Containers beyond the limit are not
/// descended into. Object members are walked in the map's order; faults are only ever
/// [`Fault::Noncharacter`], as a `Value` cannot hold a lone surrogate or a non-finite number.
///
/// As in [`Parsed`], memory and time stay linear in the value's size: the records kept are
/// the ones an envelope could show, the others are counted.
pub fn scan(value: &Value, max_depth: usize) -> Scanned {
    scan_scoped(value, max_depth, None)
}

/// [`scan`] with a field's first records chosen among the places `relevant` accepts (see
/// [`Scope::relevant`]).
pub(crate) fn scan_scoped(value: &Value, max_depth: usize, relevant: Option<Relevant>) -> Scanned {
    // Nearly every value has nothing to report: one walk without pointers or a keeper says so.
    if is_clean(value, max_depth) {
        return Scanned::default();
    }
    scan_with_pointers(value, max_depth, relevant)
}

/// [`scan`]'s full walk, tracking the pointer of every container.
fn scan_with_pointers(value: &Value, max_depth: usize, relevant: Option<Relevant>) -> Scanned {
    let mut found = Scanned::default();
    // Bytes of keys and strings (and one per member) the walk will see: the keeper's allowance.
    let mut keeper: crate::keep::Keeper<Fault> = crate::keep::Keeper::new(crate::survey::survey(value).canonical_bound);
    let mut seq = 0usize;
    // Each top-level member is a field; `field` numbers them, the `done` marks say which
    // already has its first record.
    let mut field = 0u64;
    let (mut deep_done, mut fault_done) = (u64::MAX, u64::MAX);

    let mut path = String::new();
    let mut path_version = 0u64;
    let mut stack: Vec<Level<'_>> = Vec::new();
    match Level::of(value, 0) {
        Some(_) if max_depth == 0 => found.too_deep.push(String::new()),
        Some(level) => stack.push(level),
        None => {
            if let Value::String(text) = value {
                if has_noncharacter(text) {
                    keeper.offer("", 0, None, 0, Fault::Noncharacter);
                    found.field_faults.push((String::new(), Fault::Noncharacter));
                }
            }
        }
    }

    while let Some(level) = stack.last_mut() {
        if path.len() != level.path_len {
            path.truncate(level.path_len);
            path_version += 1;
        }
        let child = match &mut level.children {
            Children::Array(items) => items.next().map(|(index, child)| (Token::Index(index), child)),
            Children::Object(members) => members.next().map(|(key, child)| (Token::Key(key), child)),
        };
        let Some((token, child)) = child else {
            stack.pop();
            continue;
        };
        if stack.len() == 1 {
            field += 1;
        }
        let child_level = stack.len() + 1;
        let stack_here = &stack;
        let mut fault_here = |found: &mut Scanned, keeper: &mut crate::keep::Keeper<Fault>, path: &str| {
            keeper.offer(path, path_version, Some(token.into()), seq, Fault::Noncharacter);
            seq += 1;
            if fault_done != field && is_relevant(relevant, stack_here, token) {
                fault_done = field;
                found.field_faults.push((token.pointer(path), Fault::Noncharacter));
            }
        };
        if let Token::Key(key) = token {
            if has_noncharacter(key) {
                fault_here(&mut found, &mut keeper, &path);
            }
        }
        match child {
            Value::Array(_) | Value::Object(_) if child_level > max_depth => {
                if deep_done != field && is_relevant(relevant, &stack, token) {
                    deep_done = field;
                    found.too_deep.push(token.pointer(&path));
                }
            }
            Value::Array(_) | Value::Object(_) => {
                token.append_to(&mut path);
                path_version += 1;
                if let Some(mut level) = Level::of(child, path.len()) {
                    if let Token::Key(key) = token {
                        level.key = Some(key);
                    }
                    stack.push(level);
                }
            }
            Value::String(text) => {
                if has_noncharacter(text) {
                    fault_here(&mut found, &mut keeper, &path);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
    let (faults, faults_omitted) = keeper.finish();
    found.faults = faults;
    found.faults_omitted = faults_omitted;
    found
}

/// Whether a record at `token` inside the innermost of `stack` may be its field's first.
fn is_relevant(relevant: Option<Relevant>, stack: &[Level<'_>], token: Token<'_>) -> bool {
    let Some(relevant) = relevant else {
        return true;
    };
    // Below the root, each open container was reached by its key (or an index).
    let mut steps: Vec<Option<&str>> = stack.iter().skip(1).map(|level| level.key).collect();
    steps.push(match token {
        Token::Key(key) => Some(key),
        Token::Index(_) => None,
    });
    relevant(&steps)
}

/// One open container of [`scan`]'s walk.
struct Level<'a> {
    children: Children<'a>,
    /// Length of the walk's path string while inside this container (its own pointer).
    path_len: usize,
    /// The key this container is the value of (`None`: an array element, or the root).
    key: Option<&'a str>,
}

enum Children<'a> {
    Array(std::iter::Enumerate<std::slice::Iter<'a, Value>>),
    Object(serde_json::map::Iter<'a>),
}

impl<'a> Level<'a> {
    fn of(value: &'a Value, path_len: usize) -> Option<Level<'a>> {
        let children = match value {
            Value::Array(items) => Children::Array(items.iter().enumerate()),
            Value::Object(members) => Children::Object(members.iter()),
            _ => return None,
        };
        Some(Level {
            children,
            path_len,
            key: None,
        })
    }
}

/// The last reference token of a pointer.
#[derive(Clone, Copy)]
enum Token<'a> {
    Index(usize),
    Key(&'a str),
}

impl<'a> From<Token<'a>> for crate::keep::Token<'a> {
    fn from(token: Token<'a>) -> Self {
        match token {
            Token::Index(index) => crate::keep::Token::Index(index),
            Token::Key(key) => crate::keep::Token::Key(key),
        }
    }
}

impl Token<'_> {
    /// `base` extended by this token.
    fn pointer(self, base: &str) -> String {
        match self {
            Token::Index(index) => pointer::join_index(base, index),
            Token::Key(key) => pointer::join(base, key),
        }
    }

    fn append_to(self, path: &mut String) {
        path.push('/');
        match self {
            Token::Index(index) => {
                use std::fmt::Write as _;
                // Writing into a `String` cannot fail.
                let _ = write!(path, "{index}");
            }
            Token::Key(key) => path.push_str(&pointer::escape_token(key)),
        }
    }
}

/// Whether `text` holds a noncharacter (U+FDD0–U+FDEF or U+xFFFE / U+xFFFF).
pub(crate) fn has_noncharacter(text: &str) -> bool {
    // Every noncharacter is encoded with a lead byte of 0xEF or above; most text is ASCII,
    // which `is_ascii` rules out a word at a time.
    !text.is_ascii() && text.bytes().any(|byte| byte >= 0xEF) && text.chars().any(is_noncharacter)
}

fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

/// Whether the raw UTF-8 sequence whose lead byte is at `at` encodes a noncharacter.
fn raw_noncharacter_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at..).unwrap_or_default() {
        // U+FDD0–U+FDEF and U+FFFE / U+FFFF.
        [0xEF, 0xB7, 0x90..=0xAF, ..] | [0xEF, 0xBF, 0xBE | 0xBF, ..] => true,
        // U+nFFFE / U+nFFFF of the supplementary planes: the low 16 bits are all ones but
        // the last.
        [0xF0..=0xF4, second, 0xBF, 0xBE | 0xBF, ..] => second & 0x0F == 0x0F,
        _ => false,
    }
}

/// What a byte means inside a string, at a place where a character starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StringByte {
    Plain,
    Quote,
    Backslash,
    Control,
    /// The lead byte of a sequence that may encode a noncharacter.
    MaybeNoncharacter,
}

const fn string_byte(byte: u8) -> StringByte {
    match byte {
        0x00..=0x1F => StringByte::Control,
        b'"' => StringByte::Quote,
        b'\\' => StringByte::Backslash,
        0xEF..=0xFF => StringByte::MaybeNoncharacter,
        _ => StringByte::Plain,
    }
}

const ONE_BYTES: u64 = u64::MAX / 255;
const HIGH_BITS: u64 = ONE_BYTES << 7;

/// For 8 string bytes read little-endian: the high bit of each byte that is not
/// [`StringByte::Plain`] is set (bytes after the first such byte may be flagged falsely).
fn special_bytes(chunk: u64) -> u64 {
    // Bytes below 0x20, equal to `"` or `\`, or at least 0xEF (`!byte` below 0x11), by the
    // "has a byte less than n" trick.
    let control = chunk.wrapping_sub(ONE_BYTES * 0x20) & !chunk;
    let quote = chunk ^ (ONE_BYTES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONE_BYTES) & !quote;
    let backslash = chunk ^ (ONE_BYTES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONE_BYTES) & !backslash;
    let high = (!chunk).wrapping_sub(ONE_BYTES * 0x11) & chunk;
    (control | quote | backslash | high) & HIGH_BITS
}

/// Faults found in one string, each kind once, in order of first appearance.
#[derive(Default)]
struct StringFaults {
    found: [Option<Fault>; 2],
}

impl StringFaults {
    fn note(&mut self, fault: Fault) {
        if self.found.contains(&Some(fault)) {
            return;
        }
        if let Some(slot) = self.found.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(fault);
        }
    }

    fn iter(&self) -> impl Iterator<Item = Fault> + '_ {
        self.found.iter().flatten().copied()
    }
}

/// The lexical facts of one number.
struct NumberToken {
    start: usize,
    end: usize,
    /// The magnitude, when the number has no fraction or exponent and fits a `u64`.
    integer: Option<u64>,
    negative: bool,
}

/// A syntax error before its line and column are worked out.
#[derive(Debug)]
struct Failure {
    offset: usize,
    message: &'static str,
}

impl Failure {
    fn at(offset: usize, message: &'static str) -> Failure {
        Failure { offset, message }
    }

    fn into_syntax_error(self, text: &str) -> SyntaxError {
        let bytes = text.as_bytes();
        let before = bytes.get(..self.offset).unwrap_or(bytes);
        let (line, line_start) = line_and_start(before);
        let column = 1 + count_chars(before.get(line_start..).unwrap_or_default());
        SyntaxError {
            offset: self.offset,
            line,
            column,
            message: self.message.to_owned(),
        }
    }
}

/// The 1-based number of the last line of `bytes` (lines end at `\n`) and where it starts.
/// Word at a time, as an error may come at the end of megabytes.
fn line_and_start(bytes: &[u8]) -> (usize, usize) {
    let mut line = 1;
    let mut line_start = 0;
    let mut chunks = bytes.chunks_exact(8);
    let mut chunk_start = 0;
    for chunk in chunks.by_ref() {
        let word = chunk.first_chunk::<8>().map_or(0, |chunk| u64::from_le_bytes(*chunk));
        let newlines = zero_bytes(word ^ (ONE_BYTES * u64::from(b'\n')));
        if newlines != 0 {
            line += newlines.count_ones() as usize;
            line_start = chunk_start + (63 - newlines.leading_zeros() as usize) / 8 + 1;
        }
        chunk_start += 8;
    }
    for (index, &byte) in chunks.remainder().iter().enumerate() {
        if byte == b'\n' {
            line += 1;
            line_start = chunk_start + index + 1;
        }
    }
    (line, line_start)
}

/// The characters of UTF-8 `bytes`: every byte but the continuation bytes (`0b10xx_xxxx`).
fn count_chars(bytes: &[u8]) -> usize {
    let mut chunks = bytes.chunks_exact(8);
    let mut count = 0;
    for chunk in chunks.by_ref() {
        let word = chunk.first_chunk::<8>().map_or(0, |chunk| u64::from_le_bytes(*chunk));
        let continuation = word & !(word << 1) & HIGH_BITS;
        count += 8 - continuation.count_ones() as usize;
    }
    count + chunks.remainder().iter().filter(|&&byte| byte & 0xC0 != 0x80).count()
}

/// The high bit of each zero byte of `word`, exactly.
fn zero_bytes(word: u64) -> u64 {
    !((word & !HIGH_BITS).wrapping_add(!HIGH_BITS) | word) & HIGH_BITS
}

/// The messages of [`SyntaxError`]: fixed text, never the input's content.
mod message {
    pub(super) const BYTE_ORDER_MARK: &str = "byte-order mark before the json text";
    pub(super) const EMPTY: &str = "empty text, expected a json value";
    pub(super) const END_EXPECTING_VALUE: &str = "unexpected end of text, expected a value";
    pub(super) const EXPECTED_VALUE: &str = "expected a value";
    pub(super) const CLOSING_INSTEAD_OF_VALUE: &str = "expected a value, found a closing bracket";
    pub(super) const COMMA_INSTEAD_OF_VALUE: &str = "expected a value, found `,`";
    pub(super) const COLON_INSTEAD_OF_VALUE: &str = "expected a value, found `:`";
    pub(super) const SINGLE_QUOTES: &str = "strings must be in double quotes";
    pub(super) const COMMENT: &str = "comments are not allowed in json";
    pub(super) const NAN_OR_INFINITY: &str = "`NaN` and `Infinity` are not json numbers";
    pub(super) const PLUS_SIGN: &str = "a number cannot start with `+`";
    pub(super) const LEADING_POINT: &str = "a number cannot start with `.`";
    pub(super) const INVALID_LITERAL: &str = "invalid literal, expected `true`, `false` or `null`";
    pub(super) const TRAILING: &str = "unexpected characters after the json value";
    pub(super) const END_IN_ARRAY: &str = "unexpected end of text inside an array";
    pub(super) const END_IN_OBJECT: &str = "unexpected end of text inside an object";
    pub(super) const AFTER_ELEMENT: &str = "expected `,` or `]` after an array element";
    pub(super) const AFTER_MEMBER: &str = "expected `,` or `}` after an object member";
    pub(super) const TRAILING_COMMA_ARRAY: &str = "trailing comma before `]`";
    pub(super) const TRAILING_COMMA_OBJECT: &str = "trailing comma before `}`";
    pub(super) const FIRST_KEY: &str = "expected a string key or `}`";
    pub(super) const KEY_AFTER_COMMA: &str = "expected a string key after `,`";
    pub(super) const COLON: &str = "expected `:` after an object key";
    pub(super) const UNTERMINATED_STRING: &str = "unexpected end of text inside a string";
    pub(super) const CONTROL_CHARACTER: &str = "control character in a string, it must be escaped";
    pub(super) const INVALID_ESCAPE: &str = "invalid escape in a string";
    pub(super) const INVALID_UNICODE_ESCAPE: &str = "invalid `\\u` escape, expected four hex digits";
    pub(super) const LEADING_ZERO: &str = "a number cannot have leading zeros";
    pub(super) const DIGIT_AFTER_MINUS: &str = "expected a digit after `-`";
    pub(super) const DIGIT_AFTER_POINT: &str = "expected a digit after the decimal point";
    pub(super) const DIGIT_IN_EXPONENT: &str = "expected a digit in the exponent";
    pub(super) const INTERNAL: &str = "internal parser error";
}

/// An open container of the parse.
enum Frame {
    Array(Vec<Value>),
    Object {
        map: Map<String, Value>,
        /// The key of the member whose value is being parsed.
        key: String,
        /// Where that key starts in the text.
        key_offset: usize,
    },
}

/// What follows a complete element or member.
enum Next {
    /// A comma: another element or member follows.
    More,
    /// The closing bracket.
    Close,
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
    frames: Vec<Frame>,
    /// The pointer of the innermost container whose pointer has been needed, built lazily
    /// (most documents never need one).
    path: String,
    /// `path_ends[j]`: the length of `path` holding the pointer of `frames[j]`.
    path_ends: Vec<usize>,
    /// Changes whenever `path` does.
    path_version: u64,
    scope: Scope<'a>,
    duplicates: crate::keep::Keeper<()>,
    faults: crate::keep::Keeper<Fault>,
    /// Records found so far (orders faults of the same pointer).
    fault_seq: usize,
    too_deep: Vec<String>,
    field_faults: Vec<(String, Fault)>,
    /// The number of the field being parsed (see [`Parsed`]), and the last field that got
    /// its first too-deep record and first fault of each kind.
    field: u64,
    too_deep_done: u64,
    faults_done: [u64; 3],
}

impl<'a> Parser<'a> {
    fn new(text: &'a str, max_depth: usize, scope: Scope<'a>) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            max_depth,
            frames: Vec::new(),
            path: String::new(),
            path_ends: Vec::new(),
            path_version: 0,
            scope,
            duplicates: crate::keep::Keeper::new(text.len()),
            faults: crate::keep::Keeper::new(text.len()),
            fault_seq: 0,
            too_deep: Vec::new(),
            field_faults: Vec::new(),
            field: 0,
            too_deep_done: u64::MAX,
            faults_done: [u64::MAX; 3],
        }
    }

    /// Whether the value about to be parsed starts a new field: a value (with its key) at or
    /// above the field depth. Object members start theirs at the key.
    fn start_value(&mut self) {
        if self.frames.len() <= self.scope.field_depth && !matches!(self.frames.last(), Some(Frame::Object { .. })) {
            self.field += 1;
        }
    }

    /// Whether records here may become issues one by one (see [`Scope`]).
    fn in_issue_scope(&self) -> bool {
        match self.scope.issues_under {
            None => true,
            Some(member) => {
                self.frames.len() >= 2
                    && matches!(self.frames.first(), Some(Frame::Object { key, .. }) if key == member)
            }
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.pos += 1;
        }
    }

    fn slice(&self, start: usize, end: usize) -> Result<&'a str, Failure> {
        self.text.get(start..end).ok_or(Failure::at(start, message::INTERNAL))
    }

    /// The whole text: one value between optional whitespace.
    fn document(&mut self) -> Result<Value, Failure> {
        if self.text.starts_with('\u{FEFF}') {
            return Err(Failure::at(0, message::BYTE_ORDER_MARK));
        }
        'value: loop {
            self.skip_whitespace();
            self.start_value();
            let mut value = match self.peek() {
                Some(b'[' | b'{') if self.frames.len() >= self.max_depth => {
                    if self.too_deep_done != self.field && self.is_relevant_here() {
                        self.too_deep_done = self.field;
                        let pointer = self.pointer_here();
                        self.too_deep.push(pointer);
                    }
                    self.skip_container()?;
                    Value::Null
                }
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Value::Array(Vec::new())
                    } else {
                        self.frames.push(Frame::Array(Vec::new()));
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Value::Object(Map::new())
                    } else {
                        self.frames.push(Frame::Object {
                            map: Map::new(),
                            key: String::new(),
                            key_offset: 0,
                        });
                        self.member_key(None)?;
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    let (text, faults) = self.lex_string::<true>()?;
                    for fault in faults.iter() {
                        self.record_fault_here(fault);
                    }
                    Value::String(text)
                }
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal(b"true", Value::Bool(true))?,
                Some(b'f') => self.literal(b"false", Value::Bool(false))?,
                Some(b'n') => self.literal(b"null", Value::Null)?,
                _ => return Err(self.value_expected()),
            };

            // Hand the complete value to its container, closing containers as they end.
            loop {
                let Some(frame) = self.frames.last_mut() else {
                    self.skip_whitespace();
                    if self.pos < self.bytes.len() {
                        return Err(Failure::at(self.pos, self.unexpected_or(message::TRAILING)));
                    }
                    return Ok(value);
                };
                match frame {
                    Frame::Array(items) => {
                        items.push(value);
                        if let Next::More = self.after_element()? {
                            continue 'value;
                        }
                    }
                    Frame::Object { map, key, key_offset } => {
                        let duplicate = match map.entry(std::mem::take(key)) {
                            Entry::Vacant(entry) => {
                                entry.insert(value);
                                None
                            }
                            Entry::Occupied(mut entry) => {
                                entry.insert(value);
                                Some((entry.key().clone(), *key_offset))
                            }
                        };
                        if let Some((key, offset)) = duplicate {
                            self.record_duplicate(&key, offset);
                        }
                        if let Next::More = self.after_member()? {
                            self.member_key(Some(self.pos - 1))?;
                            continue 'value;
                        }
                    }
                }
                value = match self.frames.pop() {
                    Some(Frame::Array(items)) => Value::Array(items),
                    Some(Frame::Object { map, .. }) => Value::Object(map),
                    None => return Err(Failure::at(self.pos, message::INTERNAL)),
                };
                if self.path_ends.len() > self.frames.len() {
                    self.path_ends.truncate(self.frames.len());
                    self.path.truncate(self.path_ends.last().copied().unwrap_or(0));
                    self.path_version += 1;
                }
            }
        }
    }

    /// After an array element: a comma (not followed by `]`) or the closing bracket.
    fn after_element(&mut self) -> Result<Next, Failure> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_whitespace();
                if self.peek() == Some(b']') {
                    return Err(Failure::at(comma, message::TRAILING_COMMA_ARRAY));
                }
                Ok(Next::More)
            }
            Some(b']') => {
                self.pos += 1;
                Ok(Next::Close)
            }
            None => Err(Failure::at(self.pos, message::END_IN_ARRAY)),
            Some(_) => Err(Failure::at(self.pos, self.unexpected_or(message::AFTER_ELEMENT))),
        }
    }

    /// After an object member: a comma or the closing brace.
    fn after_member(&mut self) -> Result<Next, Failure> {
        self.skip_whitespace();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(Next::More)
            }
            Some(b'}') => {
                self.pos += 1;
                Ok(Next::Close)
            }
            None => Err(Failure::at(self.pos, message::END_IN_OBJECT)),
            Some(_) => Err(Failure::at(self.pos, self.unexpected_or(message::AFTER_MEMBER))),
        }
    }

    /// Checks that a key starts here (`comma` is the offset of the comma before it, if any).
    fn key_start(&mut self, comma: Option<usize>) -> Result<usize, Failure> {
        self.skip_whitespace();
        match (self.peek(), comma) {
            (Some(b'"'), _) => Ok(self.pos),
            (Some(b'}'), Some(comma)) => Err(Failure::at(comma, message::TRAILING_COMMA_OBJECT)),
            (None, _) => Err(Failure::at(self.pos, message::END_IN_OBJECT)),
            (Some(b'\''), _) => Err(Failure::at(self.pos, message::SINGLE_QUOTES)),
            (Some(_), None) => Err(Failure::at(self.pos, self.unexpected_or(message::FIRST_KEY))),
            (Some(_), Some(_)) => Err(Failure::at(self.pos, self.unexpected_or(message::KEY_AFTER_COMMA))),
        }
    }

    fn key_colon(&mut self) -> Result<(), Failure> {
        self.skip_whitespace();
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(Failure::at(self.pos, message::END_IN_OBJECT)),
            Some(_) => Err(Failure::at(self.pos, self.unexpected_or(message::COLON))),
        }
    }

    /// The key of the next member of the innermost object, and its colon.
    fn member_key(&mut self, comma: Option<usize>) -> Result<(), Failure> {
        if self.frames.len() <= self.scope.field_depth {
            self.field += 1;
        }
        let offset = self.key_start(comma)?;
        let (text, faults) = self.lex_string::<true>()?;
        if let Some(Frame::Object { key, key_offset, .. }) = self.frames.last_mut() {
            *key = text;
            *key_offset = offset;
        }
        for fault in faults.iter() {
            self.record_fault_here(fault);
        }
        self.key_colon()
    }

    /// The error for a place where a value should start.
    fn value_expected(&self) -> Failure {
        let rest = self.bytes.get(self.pos..).unwrap_or_default();
        let message = match rest.first() {
            None if self.frames.is_empty() && self.text.bytes().all(|byte| byte.is_ascii_whitespace()) => {
                message::EMPTY
            }
            None => message::END_EXPECTING_VALUE,
            Some(b']' | b'}') => message::CLOSING_INSTEAD_OF_VALUE,
            Some(b',') => message::COMMA_INSTEAD_OF_VALUE,
            Some(b':') => message::COLON_INSTEAD_OF_VALUE,
            Some(b'\'') => message::SINGLE_QUOTES,
            Some(b'+') => message::PLUS_SIGN,
            Some(b'.') => message::LEADING_POINT,
            Some(b'N' | b'I') if rest.starts_with(b"NaN") || rest.starts_with(b"Infinity") => message::NAN_OR_INFINITY,
            Some(_) => self.unexpected_or(message::EXPECTED_VALUE),
        };
        Failure::at(self.pos, message)
    }

    /// `fallback`, unless the unexpected byte opens a comment.
    fn unexpected_or(&self, fallback: &'static str) -> &'static str {
        match self.peek() {
            Some(b'/') => message::COMMENT,
            _ => fallback,
        }
    }

    fn literal(&mut self, word: &[u8], value: Value) -> Result<Value, Failure> {
        if self.bytes.get(self.pos..).is_some_and(|rest| rest.starts_with(word)) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(Failure::at(self.pos, message::INVALID_LITERAL))
        }
    }

    /// A number value; out of the double range it is `Null` and recorded as a fault.
    fn number(&mut self) -> Result<Value, Failure> {
        let token = self.lex_number()?;
        if let Some(magnitude) = token.integer {
            if !token.negative {
                return Ok(Value::Number(magnitude.into()));
            }
            // `-0` stays a float, as in serde_json: an integer cannot keep the sign.
            if magnitude != 0 {
                if let Some(negative) = 0i64.checked_sub_unsigned(magnitude) {
                    return Ok(Value::Number(negative.into()));
                }
            }
        }
        // The standard library's parser is correctly rounded and linear in the digits.
        let float = self.slice(token.start, token.end)?.parse::<f64>().ok();
        match float.and_then(Number::from_f64) {
            Some(number) => Ok(Value::Number(number)),
            None => {
                self.record_fault_here(Fault::NumberOutOfRange);
                Ok(Value::Null)
            }
        }
    }

    fn lex_number(&mut self) -> Result<NumberToken, Failure> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut at = start;
        let negative = bytes.get(at) == Some(&b'-');
        if negative {
            at += 1;
        }
        let mut integer = Some(0u64);
        match bytes.get(at) {
            Some(b'0') => {
                at += 1;
                if let Some(b'0'..=b'9') = bytes.get(at) {
                    return Err(Failure::at(at - 1, message::LEADING_ZERO));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&digit @ b'0'..=b'9') = bytes.get(at) {
                    integer = integer
                        .and_then(|value| value.checked_mul(10))
                        .and_then(|value| value.checked_add(u64::from(digit - b'0')));
                    at += 1;
                }
            }
            _ if bytes.get(at..).is_some_and(|rest| rest.starts_with(b"Infinity")) => {
                return Err(Failure::at(start, message::NAN_OR_INFINITY));
            }
            _ => return Err(Failure::at(at, message::DIGIT_AFTER_MINUS)),
        }
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            at = Self::digits(bytes, at).ok_or(Failure::at(at, message::DIGIT_AFTER_POINT))?;
            integer = None;
        }
        if let Some(b'e' | b'E') = bytes.get(at) {
            at += 1;
            if let Some(b'+' | b'-') = bytes.get(at) {
                at += 1;
            }
            at = Self::digits(bytes, at).ok_or(Failure::at(at, message::DIGIT_IN_EXPONENT))?;
            integer = None;
        }
        self.pos = at;
        Ok(NumberToken {
            start,
            end: at,
            integer,
            negative,
        })
    }

    /// The end of a run of at least one digit starting at `at`.
    fn digits(bytes: &[u8], mut at: usize) -> Option<usize> {
        let start = at;
        while let Some(b'0'..=b'9') = bytes.get(at) {
            at += 1;
        }
        (at > start).then_some(at)
    }

    /// A string whose opening quote is at `self.pos`; with `BUILD` false it is only checked.
    fn lex_string<const BUILD: bool>(&mut self) -> Result<(String, StringFaults), Failure> {
        let bytes = self.bytes;
        let start = self.pos + 1;
        let mut at = start;
        let mut segment_start = start;
        let mut unescaped = String::new();
        let mut escaped = false;
        let mut faults = StringFaults::default();
        loop {
            // Skip plain bytes eight at a time.
            while let Some(chunk) = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
                let special = special_bytes(u64::from_le_bytes(*chunk));
                if special != 0 {
                    at += (special.trailing_zeros() / 8) as usize;
                    break;
                }
                at += 8;
            }
            let Some(&byte) = bytes.get(at) else {
                return Err(Failure::at(bytes.len(), message::UNTERMINATED_STRING));
            };
            match string_byte(byte) {
                StringByte::Plain => at += 1,
                StringByte::MaybeNoncharacter => {
                    if raw_noncharacter_at(bytes, at) {
                        faults.note(Fault::Noncharacter);
                    }
                    // Past the whole character: its lead byte is 0xEF (3 bytes) or 0xF0–0xF4.
                    at += if byte == 0xEF { 3 } else { 4 };
                }
                StringByte::Quote => {
                    self.pos = at + 1;
                    if !BUILD {
                        return Ok((String::new(), faults));
                    }
                    let tail = self.slice(segment_start, at)?;
                    if escaped {
                        unescaped.push_str(tail);
                        return Ok((unescaped, faults));
                    }
                    return Ok((tail.to_owned(), faults));
                }
                StringByte::Backslash => {
                    if BUILD {
                        unescaped.push_str(self.slice(segment_start, at)?);
                    }
                    escaped = true;
                    at = self.escape::<BUILD>(at, &mut unescaped, &mut faults)?;
                    // Escapes often come in runs (`\uD83D\uDE00`, `\n\n`).
                    while let Some(b'\\') = bytes.get(at) {
                        at = self.escape::<BUILD>(at, &mut unescaped, &mut faults)?;
                    }
                    segment_start = at;
                }
                StringByte::Control => return Err(Failure::at(at, message::CONTROL_CHARACTER)),
            }
        }
    }

    /// The escape whose backslash is at `at`; returns where the string goes on.
    fn escape<const BUILD: bool>(
        &self,
        at: usize,
        out: &mut String,
        faults: &mut StringFaults,
    ) -> Result<usize, Failure> {
        let c = match self.bytes.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape::<BUILD>(at, out, faults),
            None => return Err(Failure::at(self.bytes.len(), message::UNTERMINATED_STRING)),
            Some(_) => return Err(Failure::at(at, message::INVALID_ESCAPE)),
        };
        if BUILD {
            out.push(c);
        }
        Ok(at + 2)
    }

    /// A `\uXXXX` escape at `at`, with the low half that follows a high surrogate.
    fn unicode_escape<const BUILD: bool>(
        &self,
        at: usize,
        out: &mut String,
        faults: &mut StringFaults,
    ) -> Result<usize, Failure> {
        let unit = self
            .hex4(at + 2)
            .ok_or(Failure::at(at, message::INVALID_UNICODE_ESCAPE))?;
        let (decoded, next) = match unit {
            0xD800..=0xDBFF => {
                let low = match self.bytes.get(at + 6..at + 8) {
                    Some(b"\\u") => self.hex4(at + 8),
                    _ => None,
                };
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => (
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)),
                        at + 12,
                    ),
                    // A bad escape after the high half is a syntax error found on the next
                    // step; anything else leaves the high half alone.
                    _ => (None, at + 6),
                }
            }
            0xDC00..=0xDFFF => (None, at + 6),
            _ => (char::from_u32(unit), at + 6),
        };
        let c = decoded.unwrap_or_else(|| {
            faults.note(Fault::LoneSurrogate);
            char::REPLACEMENT_CHARACTER
        });
        if is_noncharacter(c) {
            faults.note(Fault::Noncharacter);
        }
        if BUILD {
            out.push(c);
        }
        Ok(next)
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |value, &digit| Some(value << 4 | char::from(digit).to_digit(16)?))
    }

    /// Skips the container that opens at `self.pos`, checking its syntax. Nothing is built
    /// and nothing is recorded; the stack is one byte per open container.
    fn skip_container(&mut self) -> Result<(), Failure> {
        const ARRAY: bool = false;
        const OBJECT: bool = true;
        let mut open: Vec<bool> = Vec::new();
        'value: loop {
            self.skip_whitespace();
            match self.peek() {
                Some(b'[') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                    } else {
                        open.push(ARRAY);
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    self.pos += 1;
                    self.skip_whitespace();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                    } else {
                        open.push(OBJECT);
                        self.skip_key(None)?;
                        continue 'value;
                    }
                }
                Some(b'"') => {
                    self.lex_string::<false>()?;
                }
                Some(b'-' | b'0'..=b'9') => {
                    self.lex_number()?;
                }
                Some(b't') => {
                    self.literal(b"true", Value::Null)?;
                }
                Some(b'f') => {
                    self.literal(b"false", Value::Null)?;
                }
                Some(b'n') => {
                    self.literal(b"null", Value::Null)?;
                }
                _ => return Err(self.value_expected()),
            }
            loop {
                let next = match open.last() {
                    None => return Ok(()),
                    Some(&ARRAY) => self.after_element()?,
                    Some(_) => self.after_member()?,
                };
                match next {
                    Next::More if open.last() == Some(&OBJECT) => {
                        self.skip_key(Some(self.pos - 1))?;
                        continue 'value;
                    }
                    Next::More => continue 'value,
                    Next::Close => {
                        open.pop();
                    }
                }
            }
        }
    }

    fn skip_key(&mut self, comma: Option<usize>) -> Result<(), Failure> {
        self.key_start(comma)?;
        self.lex_string::<false>()?;
        self.key_colon()
    }

    /// Extends `path` to the pointer of the innermost open container.
    fn materialize_path(&mut self) {
        while self.path_ends.len() < self.frames.len() {
            let depth = self.path_ends.len();
            if let Some(parent) = depth.checked_sub(1).and_then(|parent| self.frames.get(parent)) {
                let token = match parent {
                    Frame::Array(items) => Token::Index(items.len()),
                    Frame::Object { key, .. } => Token::Key(key),
                };
                token.append_to(&mut self.path);
                self.path_version += 1;
            }
            self.path_ends.push(self.path.len());
        }
    }

    /// The last token of the pointer of the value being parsed (for a key: of its member);
    /// `None` at the root.
    fn token_here(&self) -> Option<Token<'_>> {
        match self.frames.last() {
            None => None,
            Some(Frame::Array(items)) => Some(Token::Index(items.len())),
            Some(Frame::Object { key, .. }) => Some(Token::Key(key)),
        }
    }

    /// Whether a record at the value being parsed may be its field's first
    /// ([`Scope::relevant`]).
    fn is_relevant_here(&self) -> bool {
        let Some(relevant) = self.scope.relevant else {
            return true;
        };
        let steps: Vec<Option<&str>> = self
            .frames
            .iter()
            .map(|frame| match frame {
                Frame::Array(_) => None,
                Frame::Object { key, .. } => Some(key.as_str()),
            })
            .collect();
        relevant(&steps)
    }

    /// The pointer of the value being parsed (for a key: of its member).
    fn pointer_here(&mut self) -> String {
        self.materialize_path();
        self.token_here()
            .map_or_else(String::new, |token| token.pointer(&self.path))
    }

    fn record_fault_here(&mut self, fault: Fault) {
        let kind = match fault {
            Fault::LoneSurrogate => 0,
            Fault::Noncharacter => 1,
            Fault::NumberOutOfRange => 2,
        };
        if self.faults_done.get(kind).is_some_and(|&done| done != self.field) && self.is_relevant_here() {
            if let Some(done) = self.faults_done.get_mut(kind) {
                *done = self.field;
            }
            let pointer = self.pointer_here();
            self.field_faults.push((pointer, fault));
        }
        if self.in_issue_scope() {
            self.materialize_path();
            let token = match self.frames.last() {
                None => None,
                Some(Frame::Array(items)) => Some(crate::keep::Token::Index(items.len())),
                Some(Frame::Object { key, .. }) => Some(crate::keep::Token::Key(key)),
            };
            self.faults
                .offer(&self.path, self.path_version, token, self.fault_seq, fault);
            self.fault_seq += 1;
        }
    }

    /// Records a later duplicate `key` of the innermost object, found at `offset`.
    fn record_duplicate(&mut self, key: &str, offset: usize) {
        if !self.in_issue_scope() {
            return;
        }
        self.materialize_path();
        self.duplicates.offer(
            &self.path,
            self.path_version,
            Some(crate::keep::Token::Key(key)),
            offset,
            (),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A part nested too deep, or holding a noncharacter, first under a field the context
    /// reading ignores and then under one it reads: the read one is the part's record, as
    /// text and as a value.
    #[test]
    fn a_context_part_keeps_its_first_read_record() {
        let deep = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        let text = format!(
            r#"{{"number": {{"note": {}, "whatsapp_config": {{"a": "\uffff", "tools": "\uffff"}}, "sms_config": {{"x": {}, "request_data": {}}}}}}}"#,
            deep(40),
            deep(40),
            deep(40)
        );
        let parsed = parse_context(&text).unwrap();
        let deep_at = format!("/number/sms_config/request_data{}", "/0".repeat(29));
        assert_eq!(parsed.too_deep, vec![deep_at.clone()]);
        assert_eq!(
            parsed.field_faults,
            vec![("/number/whatsapp_config/tools".to_owned(), Fault::Noncharacter)]
        );
        // Without the context's scope the first record of the part wins, read or not.
        let plain = parse(
            &text,
            ParseOptions {
                max_depth: crate::DEPTH_LIMIT,
            },
        )
        .unwrap();
        assert_eq!(plain.too_deep, vec![format!("/number/note{}", "/0".repeat(30))]);

        let value: Value = serde_json::from_str(&text.replace("\\uffff", "\u{ffff}")).unwrap();
        let scanned = scan_scoped(&value, crate::DEPTH_LIMIT, Scope::CONTEXT.relevant);
        assert_eq!(scanned.too_deep, vec![deep_at]);
        assert_eq!(
            scanned.field_faults,
            vec![("/number/whatsapp_config/tools".to_owned(), Fault::Noncharacter)]
        );
    }
    /// The quick walk says "clean" exactly when the full scan finds nothing: at the depth
    /// limit and one past it, with a noncharacter in a key, a string, or the root string.
    #[test]
    fn is_clean_agrees_with_the_full_scan() {
        let nest = |levels: usize| {
            let mut value = serde_json::json!("x");
            for _ in 0..levels {
                value = serde_json::json!({ "a": value });
            }
            value
        };
        let values = [
            nest(4),
            nest(5),
            serde_json::json!({"a": ["ok", {"b\u{fdd0}": 1}]}),
            serde_json::json!({"a": [null, true, 1.5, "x\u{ffff}"]}),
            serde_json::json!("\u{1fffe}"),
            serde_json::json!([[], {}]),
            serde_json::json!("plain"),
        ];
        for value in &values {
            for max_depth in [0, 3, 4, 5, 32] {
                let found = scan_with_pointers(value, max_depth, None);
                let nothing = found.too_deep.is_empty() && found.faults.is_empty() && found.field_faults.is_empty();
                assert_eq!(is_clean(value, max_depth), nothing, "{value} at {max_depth}");
            }
        }
    }

    #[test]
    fn special_bytes_finds_exactly_the_first_byte_that_needs_a_look() {
        for byte in 0..=u8::MAX {
            let special = string_byte(byte) != StringByte::Plain;
            for place in 0..8 {
                let mut chunk = *b"abcdefgh";
                chunk[place] = byte;
                let flags = special_bytes(u64::from_le_bytes(chunk));
                if special {
                    assert_eq!(flags.trailing_zeros() / 8, place as u32, "{byte:#x} at {place}");
                } else {
                    assert_eq!(flags, 0, "{byte:#x} at {place}");
                }
            }
        }
    }

    #[test]
    fn raw_noncharacters_are_recognised_from_their_utf8() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buffer = [0; 4];
            let encoded = c.encode_utf8(&mut buffer).as_bytes();
            assert_eq!(raw_noncharacter_at(encoded, 0), is_noncharacter(c), "{c:?}");
        }
        assert!(is_noncharacter('\u{FDD0}') && is_noncharacter('\u{10FFFF}') && !is_noncharacter('\u{FFFD}'));
    }

    #[test]
    fn lines_and_characters_are_counted_word_at_a_time() {
        let samples = [
            "",
            "a",
            "\n",
            "ab\ncd",
            "é😀\nx",
            "0123456\n89abcdef\nghij",
            "\n\n\n\n\n\n\n\n\n",
            "日本語のテキスト\n日本",
        ];
        for text in samples {
            for end in (0..=text.len()).filter(|&end| text.is_char_boundary(end)) {
                let before = &text[..end];
                let start = before.rfind('\n').map_or(0, |newline| newline + 1);
                assert_eq!(
                    line_and_start(before.as_bytes()),
                    (before.matches('\n').count() + 1, start),
                    "{before:?}"
                );
                assert_eq!(count_chars(before.as_bytes()), before.chars().count(), "{before:?}");
            }
        }
        let long = format!("{}\nlast line é", "x\n".repeat(1000));
        assert_eq!(line_and_start(long.as_bytes()), (1002, 2001));
    }
}
