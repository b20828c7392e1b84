//! JS values → `serde_json::Value`, walked directly through Node-API (no `JSON.stringify`
//! round trip), following the binding conversion contract of SPEC §8 "JSON".
//!
//! What counts as JSON here is what `JSON.parse` can produce: `null`, booleans, finite
//! numbers, strings without lone surrogates, arrays, and plain objects (prototype
//! `Object.prototype` of any realm, or `null`). Everything else — `undefined` in an array,
//! functions, symbols, BigInt, `NaN`/`±Infinity`, `Date`, `Map`, class instances, a cycle —
//! becomes `null` with a [`ForeignFaultKind::NotJson`] fault at its exact pointer, which the
//! core reports as `INVALID_TYPE` (`INVALID_CONTEXT`, `INVALID_OPTIONS` in those parts). An
//! object property whose value is `undefined` is absent, as `JSON.stringify` would have it.

use crate::napi_raw::{CallFailed, Js, Kind};
use napi::sys::napi_value;
use serde_json::{Map, Number, Value};
use smsrules::{pointer, ForeignFault, ForeignFaultKind, Location};

/// Deepest container level converted (the part's own object is level 1); a container one
/// level deeper becomes `null` with a `TooDeep` fault. The core's own limit is 32, so it
/// still sees, and reports, every container that is too deep by its rules.
pub(crate) const MAX_CONTAINER_LEVEL: usize = 33;

/// Largest integer-valued double that converts to `u64` (2^64, exclusive).
const U64_END: f64 = 18_446_744_073_709_551_616.0;
/// Smallest integer-valued double that converts to `i64` (−2^63, inclusive).
const I64_START: f64 = -9_223_372_036_854_775_808.0;

/// Signal that the container at ancestor index `.0` recurs: every frame below it unwinds and
/// that container itself becomes `null` with a `NotJson` fault (a cycle).
#[derive(Debug, Clone, Copy)]
struct Recurrence(usize);

/// The conversions of one call (body, context, options), with their scratch space.
#[derive(Debug)]
pub(crate) struct FromJs {
    js: Js,
    /// The part being converted; faults are recorded against it.
    part: Location,
    /// `Object.prototype` of this realm, fetched on first use.
    object_prototype: Option<napi_value>,
    /// RFC 6901 pointer of the value being converted, relative to the part.
    path: String,
    /// Open containers, outermost first: index `i` is container level `i + 1`.
    ancestors: Vec<napi_value>,
    faults: Vec<ForeignFault>,
    units: Vec<u16>,
}

impl FromJs {
    /// A converter for the call whose env `js` wraps.
    pub(crate) fn new(js: Js) -> FromJs {
        FromJs {
            js,
            part: Location::Body,
            object_prototype: None,
            path: String::new(),
            ancestors: Vec::new(),
            faults: Vec::new(),
            units: Vec::new(),
        }
    }

    /// Convert the whole of `part`, recording faults for what is not JSON inside it; `None`
    /// when `value` itself is not an array or a plain object (the caller's misuse).
    pub(crate) fn convert_part(&mut self, value: napi_value, part: Location) -> Option<Value> {
        let shape = self.json_shape(value)?;
        self.part = part;
        self.path.clear();
        self.ancestors.clear();
        // The root frame has no ancestor to unwind to, so a recurrence cannot reach it.
        Some(self.container_of_shape(value, shape).unwrap_or(Value::Null))
    }

    /// The env handle this converter reads through.
    pub(crate) fn js(&self) -> Js {
        self.js
    }

    /// The faults recorded so far, emptying the list.
    pub(crate) fn take_faults(&mut self) -> Vec<ForeignFault> {
        std::mem::take(&mut self.faults)
    }

    /// A JS string as Rust text, or `None` when it holds a lone surrogate (not JSON).
    pub(crate) fn string(&mut self, value: napi_value) -> Result<Option<String>, CallFailed> {
        self.js.utf16(value, &mut self.units)?;
        Ok(String::from_utf16(&self.units).ok())
    }

    /// A JS string as Rust text, lone surrogates replaced by U+FFFD (also one code unit).
    pub(crate) fn string_lossy(&mut self, value: napi_value) -> Result<String, CallFailed> {
        self.js.utf16(value, &mut self.units)?;
        Ok(String::from_utf16_lossy(&self.units))
    }

    fn fault(&mut self, kind: ForeignFaultKind) -> Value {
        self.faults.push(ForeignFault {
            part: self.part,
            pointer: self.path.clone(),
            kind,
        });
        Value::Null
    }

    /// A failed call (a throwing getter or proxy trap): the value is not JSON.
    fn failed(&mut self) -> Value {
        self.js.clear_exception();
        self.fault(ForeignFaultKind::NotJson)
    }

    fn value(&mut self, value: napi_value) -> Result<Value, Recurrence> {
        match self.js.kind(value) {
            Ok(kind) => self.value_of_kind(value, kind),
            Err(CallFailed) => Ok(self.failed()),
        }
    }

    /// Convert a value whose `typeof` the caller already asked.
    fn value_of_kind(&mut self, value: napi_value, kind: Kind) -> Result<Value, Recurrence> {
        Ok(match kind {
            Kind::Null => Value::Null,
            Kind::Boolean => match self.js.boolean(value) {
                Ok(b) => Value::Bool(b),
                Err(CallFailed) => self.failed(),
            },
            Kind::Number => match self.js.number(value).map(json_number) {
                Ok(Some(number)) => Value::Number(number),
                Ok(None) => self.fault(ForeignFaultKind::NotJson),
                Err(CallFailed) => self.failed(),
            },
            Kind::String => match self.string(value) {
                Ok(Some(text)) => Value::String(text),
                Ok(None) => self.fault(ForeignFaultKind::NotJson),
                Err(CallFailed) => self.failed(),
            },
            Kind::Object => return self.container(value),
            Kind::Undefined | Kind::Other => self.fault(ForeignFaultKind::NotJson),
        })
    }

    fn container(&mut self, value: napi_value) -> Result<Value, Recurrence> {
        let index = self.ancestors.len();
        if index >= MAX_CONTAINER_LEVEL {
            return match self.first_recurrence(value) {
                Some(first) if first == index => Ok(self.fault(ForeignFaultKind::NotJson)),
                Some(first) => Err(Recurrence(first)),
                None => Ok(self.fault(ForeignFaultKind::TooDeep)),
            };
        }
        match self.shape(value) {
            Ok(shape) => self.container_of_shape(value, shape),
            Err(CallFailed) => Ok(self.failed()),
        }
    }

    /// Convert a container (not too deep) whose shape the caller already asked.
    fn container_of_shape(&mut self, value: napi_value, shape: Shape) -> Result<Value, Recurrence> {
        let index = self.ancestors.len();
        let faults_before = self.faults.len();
        self.ancestors.push(value);
        let converted = match shape {
            Shape::Array => self.array(value),
            Shape::Object => self.object(value),
            Shape::Other => Ok(self.fault(ForeignFaultKind::NotJson)),
        };
        self.ancestors.pop();
        match converted {
            Err(Recurrence(first)) if first == index => {
                // This container is where the cycle closes: drop what its subtree recorded.
                self.faults.truncate(faults_before);
                Ok(self.fault(ForeignFaultKind::NotJson))
            }
            other => other,
        }
    }

    /// Whether `value` is an array or a plain object (else it is not JSON: a primitive, a
    /// `Date`, a `Map`, a class instance, …). A failed call (a throwing proxy trap) counts as not.
    pub(crate) fn is_json_container(&mut self, value: napi_value) -> bool {
        self.json_shape(value).is_some()
    }

    /// The shape of `value` when it is an array or a plain object.
    fn json_shape(&mut self, value: napi_value) -> Option<Shape> {
        if self.js.kind(value).ok() != Some(Kind::Object) {
            return None;
        }
        match self.shape(value) {
            Ok(shape @ (Shape::Array | Shape::Object)) => Some(shape),
            Ok(Shape::Other) => None,
            Err(CallFailed) => {
                self.js.clear_exception();
                None
            }
        }
    }

    fn shape(&mut self, value: napi_value) -> Result<Shape, CallFailed> {
        if self.js.is_array(value)? {
            return Ok(Shape::Array);
        }
        let prototype = self.js.prototype(value)?;
        let object_prototype = match self.object_prototype {
            Some(known) => known,
            None => {
                let object = self.js.named(self.js.global()?, c"Object")?;
                let known = self.js.named(object, c"prototype")?;
                self.object_prototype = Some(known);
                known
            }
        };
        if self.js.same(prototype, object_prototype)? {
            return Ok(Shape::Object);
        }
        // Also plain: no prototype, or a prototype that itself has none (`Object.prototype`
        // of another realm, e.g. an object made by `vm.runInNewContext`).
        if self.js.kind(prototype)? == Kind::Null {
            return Ok(Shape::Object);
        }
        let grand = self.js.prototype(prototype)?;
        Ok(if self.js.kind(grand)? == Kind::Null {
            Shape::Object
        } else {
            Shape::Other
        })
    }

    fn array(&mut self, array: napi_value) -> Result<Value, Recurrence> {
        let length = match self.js.array_length(array) {
            Ok(length) => length,
            Err(CallFailed) => return Ok(self.failed()),
        };
        let mut items = Vec::with_capacity(length.min(4096) as usize);
        let base = self.path.len();
        for index in 0..length {
            self.path.push('/');
            self.path.push_str(itoa(index).as_str());
            let item = match self.js.element(array, index) {
                Ok(element) => self.value(element),
                Err(CallFailed) => Ok(self.failed()),
            };
            self.path.truncate(base);
            items.push(item?);
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self, object: napi_value) -> Result<Value, Recurrence> {
        let keys = match self
            .js
            .own_keys(object)
            .and_then(|keys| Ok((keys, self.js.array_length(keys)?)))
        {
            Ok(keys) => keys,
            Err(CallFailed) => return Ok(self.failed()),
        };
        let (keys, count) = keys;
        let mut map = Map::with_capacity(count as usize);
        let base = self.path.len();
        for index in 0..count {
            let Ok(key) = self.js.element(keys, index) else {
                self.js.clear_exception();
                continue;
            };
            // Keys come from the engine as strings; a lone surrogate in one is not JSON.
            let (name, name_is_json) = match self.string(key) {
                Ok(Some(name)) => (name, true),
                Ok(None) => (String::from_utf16_lossy(&self.units), false),
                Err(CallFailed) => {
                    self.js.clear_exception();
                    continue;
                }
            };
            self.path.push('/');
            self.path.push_str(&pointer::escape_token(&name));
            let item = if name_is_json {
                match self
                    .js
                    .property(object, key)
                    .and_then(|item| Ok((item, self.js.kind(item)?)))
                {
                    // `JSON.stringify` leaves such a property out; so does the wire.
                    Ok((_, Kind::Undefined)) => {
                        self.path.truncate(base);
                        continue;
                    }
                    Ok((item, kind)) => self.value_of_kind(item, kind),
                    Err(CallFailed) => Ok(self.failed()),
                }
            } else {
                Ok(self.fault(ForeignFaultKind::NotJson))
            };
            self.path.truncate(base);
            map.insert(name, item?);
        }
        Ok(Value::Object(map))
    }

    /// The index of the first ancestor (or of `value`, at index `ancestors.len()`) that is
    /// the same object as an ancestor above it; `None` when the chain has no cycle.
    fn first_recurrence(&self, value: napi_value) -> Option<usize> {
        let chain: Vec<napi_value> = self.ancestors.iter().copied().chain(std::iter::once(value)).collect();
        chain.iter().enumerate().skip(1).find_map(|(index, later)| {
            let recurs = chain
                .iter()
                .take(index)
                .any(|earlier| self.js.same(*earlier, *later).unwrap_or(false));
            recurs.then_some(index)
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Array,
    Object,
    /// `Date`, `Map`, `RegExp`, a typed array, a boxed primitive, a class instance, …
    Other,
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
fn itoa(mut n: u32) -> ItoaBuf {
    let mut buf = ItoaBuf {
        bytes: [0; 10],
        start: 10,
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
    bytes: [u8; 10],
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

    #[test]
    fn integer_valued_numbers_become_integers_like_json_text_would() {
        assert_eq!(json_number(2.0), Some(Number::from(2u64)));
        assert_eq!(json_number(-0.0), Some(Number::from(0u64)));
        assert_eq!(json_number(-5.0), Some(Number::from(-5i64)));
        assert_eq!(json_number(2f64.powi(60)), Some(Number::from(1u64 << 60)));
        assert_eq!(json_number(1e20).and_then(|n| n.as_f64()), Some(1e20));
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
