//! The tape: how JS values reach Rust without a JSON text round trip.
//!
//! Node-API costs a boundary crossing per property read, so walking an object from Rust
//! costs several times `JSON.stringify`. Instead `tape.js` walks the value in JavaScript
//! (where property reads are cheap) and writes it, in pre-order, to three flat buffers
//! handed over in one call:
//!
//! - `tags` (`Uint32Array`): one tag per value; `STRING` and each object key are followed by
//!   their length in UTF-16 code units, `ARRAY` and `OBJECT` by their number of entries;
//! - `numbers` (`Float64Array`): the value of each `NUMBER`, in order;
//! - `strings`: every string and key, in order, concatenated (UTF-16, no separators).
//!
//! Everything the walker finds that is not JSON — `undefined` in an array, a function, a
//! symbol, a BigInt, a non-plain object, a cycle, a throwing getter — is the tag `NOT_JSON`
//! at its position; a container nested beyond [`MAX_CONTAINER_LEVEL`] is `TOO_DEEP`. This
//! module rebuilds the `serde_json::Value` and turns those tags (plus `NaN`/`±Infinity` and
//! lone surrogates, which are checked here) into faults at their exact RFC 6901 pointer.
//! The tape is untrusted input (any JS code can call the native function): every read is
//! checked, and a malformed tape is an error, never a panic.

use serde_json::{Map, Number, Value};
use smsrules::{pointer, ForeignFault, ForeignFaultKind, Location};

/// Deepest container level the walker descends into (the part's own object is level 1);
/// a container one level deeper is `TOO_DEEP`. The core's own limit is 32, so it still sees,
/// and reports, every container that is too deep by its rules.
pub(crate) const MAX_CONTAINER_LEVEL: usize = 33;

/// Tags, as `tape.js` writes them.
mod tag {
    pub(super) const NULL: u32 = 0;
    pub(super) const FALSE: u32 = 1;
    pub(super) const TRUE: u32 = 2;
    pub(super) const NUMBER: u32 = 3;
    pub(super) const STRING: u32 = 4;
    pub(super) const ARRAY: u32 = 5;
    pub(super) const OBJECT: u32 = 6;
    pub(super) const NOT_JSON: u32 = 7;
    pub(super) const TOO_DEEP: u32 = 8;
}

/// Largest integer-valued double that converts to `u64` (2^64, exclusive).
const U64_END: f64 = 18_446_744_073_709_551_616.0;
/// Smallest integer-valued double that converts to `i64` (−2^63, inclusive).
const I64_START: f64 = -9_223_372_036_854_775_808.0;

/// The tape is not what `tape.js` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Malformed;

/// Reads the parts of one tape, in order.
#[derive(Debug)]
pub(crate) struct Tape<'a> {
    tags: &'a [u32],
    numbers: &'a [f64],
    units: &'a [u16],
    next_tag: usize,
    next_number: usize,
    next_unit: usize,
    part: Location,
    /// Where the value being read is: built into a pointer only when there is a fault.
    path: Vec<Segment>,
    faults: Vec<ForeignFault>,
}

/// One step of a pointer: an array index, or an object key (a range of `units`).
#[derive(Debug, Clone, Copy)]
enum Segment {
    Index(usize),
    Key(usize, usize),
}

impl<'a> Tape<'a> {
    /// A reader over the three buffers.
    pub(crate) fn new(tags: &'a [u32], numbers: &'a [f64], units: &'a [u16]) -> Tape<'a> {
        Tape {
            tags,
            numbers,
            units,
            next_tag: 0,
            next_number: 0,
            next_unit: 0,
            part: Location::Body,
            path: Vec::new(),
            faults: Vec::new(),
        }
    }

    /// The next value on the tape: the whole of `part`.
    pub(crate) fn part(&mut self, part: Location) -> Result<Value, Malformed> {
        self.part = part;
        self.path.clear();
        self.value(1)
    }

    /// Check that every buffer was read to its end, and hand over the faults.
    pub(crate) fn finish(self) -> Result<Vec<ForeignFault>, Malformed> {
        let whole = self.next_tag == self.tags.len()
            && self.next_number == self.numbers.len()
            && self.next_unit == self.units.len();
        if whole {
            Ok(self.faults)
        } else {
            Err(Malformed)
        }
    }

    fn fault(&mut self, kind: ForeignFaultKind) -> Value {
        let mut at = String::new();
        for segment in &self.path {
            at.push('/');
            match *segment {
                Segment::Index(index) => at.push_str(itoa(index).as_str()),
                Segment::Key(start, end) => {
                    let key = String::from_utf16_lossy(self.units.get(start..end).unwrap_or_default());
                    at.push_str(&pointer::escape_token(&key));
                }
            }
        }
        self.faults.push(ForeignFault {
            part: self.part,
            pointer: at,
            kind,
        });
        Value::Null
    }

    fn tag(&mut self) -> Result<u32, Malformed> {
        let tag = self.tags.get(self.next_tag).copied().ok_or(Malformed)?;
        self.next_tag += 1;
        Ok(tag)
    }

    /// The next string of `strings`, whose length is the next tag, with its range in
    /// `units`; the text is `Err(lossy)` when it holds a lone surrogate.
    fn string(&mut self) -> Result<(Result<String, String>, usize, usize), Malformed> {
        let length = self.tag()? as usize;
        let start = self.next_unit;
        let end = start.checked_add(length).ok_or(Malformed)?;
        let units = self.units.get(start..end).ok_or(Malformed)?;
        self.next_unit = end;
        Ok((decode(units), start, end))
    }

    /// `level` is the container level a container here would have (the part itself is 1).
    fn value(&mut self, level: usize) -> Result<Value, Malformed> {
        Ok(match self.tag()? {
            tag::NULL => Value::Null,
            tag::FALSE => Value::Bool(false),
            tag::TRUE => Value::Bool(true),
            tag::NUMBER => {
                let number = self.numbers.get(self.next_number).copied().ok_or(Malformed)?;
                self.next_number += 1;
                match json_number(number) {
                    Some(number) => Value::Number(number),
                    None => self.fault(ForeignFaultKind::NotJson),
                }
            }
            tag::STRING => match self.string()?.0 {
                Ok(text) => Value::String(text),
                Err(_) => self.fault(ForeignFaultKind::NotJson),
            },
            tag::ARRAY if level <= MAX_CONTAINER_LEVEL => self.array(level)?,
            tag::OBJECT if level <= MAX_CONTAINER_LEVEL => self.object(level)?,
            tag::NOT_JSON => self.fault(ForeignFaultKind::NotJson),
            tag::TOO_DEEP => self.fault(ForeignFaultKind::TooDeep),
            _ => return Err(Malformed),
        })
    }

    fn array(&mut self, level: usize) -> Result<Value, Malformed> {
        let count = self.tag()? as usize;
        // Each entry takes at least one tag: a count beyond what is left is malformed.
        if count > self.tags.len() - self.next_tag {
            return Err(Malformed);
        }
        let mut items = Vec::with_capacity(count);
        for index in 0..count {
            self.path.push(Segment::Index(index));
            let item = self.value(level + 1);
            self.path.pop();
            items.push(item?);
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, level: usize) -> Result<Value, Malformed> {
        let count = self.tag()? as usize;
        if count > self.tags.len() - self.next_tag {
            return Err(Malformed);
        }
        let mut map = Map::with_capacity(count);
        for _ in 0..count {
            let (name, start, end) = self.string()?;
            let (name, name_is_json) = match name {
                Ok(name) => (name, true),
                Err(lossy) => (lossy, false),
            };
            self.path.push(Segment::Key(start, end));
            let faults_before = self.faults.len();
            let item = self.value(level + 1);
            // A key with a lone surrogate is not JSON: the member is reported, not kept.
            let item = match item {
                Ok(_) if !name_is_json => {
                    self.faults.truncate(faults_before);
                    Ok(self.fault(ForeignFaultKind::NotJson))
                }
                other => other,
            };
            self.path.pop();
            map.insert(name, item?);
        }
        Ok(Value::Object(map))
    }
}

/// UTF-16 text as a `String`, or `Err(lossy)` when it holds a lone surrogate. Most strings
/// of a request are ASCII, which takes a faster path than general UTF-16 decoding.
fn decode(units: &[u16]) -> Result<String, String> {
    // Most text is ASCII: one byte per unit, in one pass.
    let mut ascii = String::with_capacity(units.len());
    for &unit in units {
        match u8::try_from(unit) {
            Ok(byte) if byte.is_ascii() => ascii.push(char::from(byte)),
            _ => return String::from_utf16(units).map_err(|_| String::from_utf16_lossy(units)),
        }
    }
    Ok(ascii)
}

/// A JS number as JSON: integer-valued numbers become integers (as `JSON.parse` of
/// `JSON.stringify`'s digits would give), others stay doubles; `NaN` and `±Infinity` are not JSON.
pub(crate) fn json_number(number: f64) -> Option<Number> {
    if !number.is_finite() {
        return None;
    }
    if number.fract() == 0.0 {
        if (0.0..U64_END).contains(&number) {
            // In range and integer-valued: the cast is exact (and maps -0 to 0, like JSON.stringify).
            return Some(Number::from(number as u64));
        }
        if (I64_START..0.0).contains(&number) {
            return Some(Number::from(number as i64));
        }
    }
    Number::from_f64(number)
}

/// Decimal digits of an array index without going through `fmt`.
fn itoa(mut n: usize) -> ItoaBuf {
    let mut buf = ItoaBuf {
        bytes: [0; 20],
        start: 20,
    };
    loop {
        buf.start -= 1;
        if let Some(slot) = buf.bytes.get_mut(buf.start) {
            *slot = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 {
            return buf;
        }
    }
}

struct ItoaBuf {
    bytes: [u8; 20],
    start: usize,
}

impl ItoaBuf {
    fn as_str(&self) -> &str {
        self.bytes
            .get(self.start..)
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .unwrap_or("0")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decode_reads_ascii_other_text_and_lone_surrogates() {
        let units = |text: &str| text.encode_utf16().collect::<Vec<u16>>();
        assert_eq!(
            decode(&units("plain ASCII ~\u{7f}")),
            Ok(String::from("plain ASCII ~\u{7f}"))
        );
        assert_eq!(decode(&units("é€😀 mixed")), Ok(String::from("é€😀 mixed")));
        assert_eq!(decode(&[]), Ok(String::new()));
        assert_eq!(decode(&[0x61, 0xd800, 0x62]), Err(String::from("a\u{fffd}b")));
    }

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn read(tags: &[u32], numbers: &[f64], strings: &[u16]) -> Result<(Value, Vec<ForeignFault>), Malformed> {
        let mut tape = Tape::new(tags, numbers, strings);
        let value = tape.part(Location::Body)?;
        Ok((value, tape.finish()?))
    }

    #[test]
    fn rebuilds_values_in_order() {
        use tag::*;
        // {"a": [1, "xy", true, null], "b": {}}
        let tags = [OBJECT, 2, 1, ARRAY, 4, NUMBER, STRING, 2, TRUE, NULL, 1, OBJECT, 0];
        let (value, faults) = read(&tags, &[1.0], &units("axyb")).unwrap();
        assert_eq!(value, json!({"a": [1, "xy", true, null], "b": {}}));
        assert!(faults.is_empty());
    }

    #[test]
    fn faults_carry_their_exact_pointer() {
        use tag::*;
        // {"a/b": [NOT_JSON, NaN], "c~": TOO_DEEP, "e": "\uD800"}
        let tags = [OBJECT, 3, 3, ARRAY, 2, NOT_JSON, NUMBER, 2, TOO_DEEP, 1, STRING, 1];
        let mut strings = units("a/bc~e");
        strings.push(0xD800);
        let (value, faults) = read(&tags, &[f64::NAN], &strings).unwrap();
        assert_eq!(value, json!({"a/b": [null, null], "c~": null, "e": null}));
        let pointers: Vec<(&str, ForeignFaultKind)> = faults.iter().map(|f| (f.pointer.as_str(), f.kind)).collect();
        assert_eq!(
            pointers,
            vec![
                ("/a~1b/0", ForeignFaultKind::NotJson),
                ("/a~1b/1", ForeignFaultKind::NotJson),
                ("/c~0", ForeignFaultKind::TooDeep),
                ("/e", ForeignFaultKind::NotJson),
            ]
        );
    }

    #[test]
    fn a_key_with_a_lone_surrogate_is_a_fault_at_its_member() {
        use tag::*;
        let mut strings = vec![0xDC00];
        strings.extend(units("v"));
        let (value, faults) = read(&[OBJECT, 1, 1, STRING, 1], &[], &strings).unwrap();
        assert_eq!(value, json!({"\u{FFFD}": null}));
        assert_eq!(faults.len(), 1);
        assert_eq!(faults[0].pointer, "/\u{FFFD}");
    }

    #[test]
    fn malformed_tapes_are_errors_not_panics() {
        use tag::*;
        let cases: Vec<(Vec<u32>, Vec<f64>, Vec<u16>)> = vec![
            (vec![], vec![], vec![]),
            (vec![NUMBER], vec![], vec![]),
            (vec![STRING, 5], vec![], units("ab")),
            (vec![STRING, u32::MAX], vec![], units("ab")),
            (vec![ARRAY, 1000], vec![], vec![]),
            (vec![OBJECT, 1, 9, NULL], vec![], units("a")),
            (vec![99], vec![], vec![]),
            (vec![NULL, NULL], vec![], vec![]),
            (vec![NULL], vec![1.0], vec![]),
        ];
        for (tags, numbers, strings) in cases {
            assert_eq!(read(&tags, &numbers, &strings).err(), Some(Malformed), "{tags:?}");
        }
    }

    #[test]
    fn nesting_beyond_the_limit_is_malformed_not_a_stack_overflow() {
        let mut tags = Vec::new();
        for _ in 0..100_000 {
            tags.extend([tag::ARRAY, 1]);
        }
        tags.push(tag::NULL);
        assert_eq!(read(&tags, &[], &[]).err(), Some(Malformed));
        let mut ok = Vec::new();
        for _ in 0..MAX_CONTAINER_LEVEL {
            ok.extend([tag::ARRAY, 1]);
        }
        ok.push(tag::NULL);
        assert!(read(&ok, &[], &[]).is_ok());
    }

    #[test]
    fn integer_valued_numbers_become_integers_like_json_text_would() {
        assert_eq!(json_number(2.0), Some(Number::from(2u64)));
        assert_eq!(json_number(-0.0), Some(Number::from(0u64)));
        assert_eq!(json_number(-5.0), Some(Number::from(-5i64)));
        assert_eq!(json_number(2f64.powi(60)), Some(Number::from(1u64 << 60)));
        assert!(json_number(1e20).is_some_and(|n| n.is_f64()));
        assert!(json_number(0.5).is_some_and(|n| n.is_f64()));
        assert_eq!(json_number(f64::NAN), None);
        assert_eq!(json_number(f64::INFINITY), None);
        assert_eq!(json_number(f64::NEG_INFINITY), None);
    }

    #[test]
    fn itoa_spells_indices() {
        assert_eq!(itoa(0).as_str(), "0");
        assert_eq!(itoa(7).as_str(), "7");
        assert_eq!(itoa(4_294_967_295).as_str(), "4294967295");
    }
}
