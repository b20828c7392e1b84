//! Python objects to `serde_json::Value` and back, with no JSON text in between.
//!
//! The contract (docs/src/edge-cases.md#json, CORE_API "Binding conversion contract"): at most
//! [`MAX_DEPTH`] container levels are converted (the body object is level 1); a deeper
//! container, a cycle, or a value that is not JSON becomes `null` with a [`ForeignFault`] at
//! its pointer, and the core turns those into issues. Bad data never raises here.

use crate::exact::ExactWalk;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use smsrules::{BodySurvey, ForeignFault, ForeignFaultKind, Location};

/// Deepest body container level converted; a container opening one level deeper becomes
/// `null` with a `TooDeep` fault (the core reports level 33 itself as `PAYLOAD_TOO_DEEP`).
pub const MAX_DEPTH: usize = smsrules::DEPTH_LIMIT + 1;

/// The deepest level converted in `part`. The context, headers and options stop one level
/// earlier than the body: the core does not scan them for a level-33 container again, so the
/// `TooDeep` fault must sit at level 33 itself, where the JSON entry point reports it too.
fn max_depth(part: Location) -> usize {
    if part == Location::Body {
        MAX_DEPTH
    } else {
        smsrules::DEPTH_LIMIT
    }
}

/// Most values converted in one call. Every JSON value takes at least one byte, so a body with
/// more is over the 1 MiB limit anyway; the cap keeps shared sub-objects (`{"a": x, "b": x}`
/// repeated) from expanding into an exponential tree.
pub const MAX_VALUES: usize = 1_048_577;

/// One step of the pointer to the value being converted; kept as the Python object so the
/// happy path never formats a key twice.
enum Step<'py> {
    Key(Bound<'py, PyAny>),
    Index(usize),
}

/// Converts the Python values of one document, collecting faults instead of failing.
pub struct Converter<'py> {
    part: Location,
    faults: Vec<ForeignFault>,
    steps: Vec<Step<'py>>,
    /// Addresses of the containers enclosing the current value, to spot cycles.
    ancestors: Vec<usize>,
    remaining: usize,
    /// The part that ran out of the value budget, if any.
    exhausted: Option<Location>,
    /// The core's survey of the value last converted, when the fast path converted it whole
    /// (after the careful path the core surveys the value itself).
    survey: Option<BodySurvey>,
}

impl std::fmt::Debug for Converter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("part", &self.part)
            .field("faults", &self.faults)
            .finish_non_exhaustive()
    }
}

impl<'py> Converter<'py> {
    /// A converter with the full value budget.
    pub fn new() -> Self {
        Converter {
            part: Location::Body,
            faults: Vec::new(),
            steps: Vec::new(),
            ancestors: Vec::new(),
            remaining: MAX_VALUES,
            exhausted: None,
            survey: None,
        }
    }

    /// Convert `obj` as (the root of) `part` of the document.
    pub fn convert(&mut self, part: Location, obj: &Bound<'py, PyAny>) -> Value {
        self.part = part;
        self.survey = None;
        let mut walk = ExactWalk::new(self.remaining, max_depth(part));
        // SAFETY: `obj` is live and the GIL is held (a `Bound`) for the whole walk.
        if let Some(value) = unsafe { walk.value(obj.as_ptr(), 1) } {
            self.remaining = walk.remaining;
            self.survey = Some(walk.survey);
            return value;
        }
        self.steps.clear();
        self.ancestors.clear();
        self.value(obj, 1)
    }

    /// Record a fault at the current pointer (the caller has pushed the value's step).
    pub fn fault(&mut self, kind: ForeignFaultKind) {
        let pointer = self.pointer();
        self.faults.push(ForeignFault {
            part: self.part,
            pointer,
            kind,
        });
    }

    /// The core's survey of the value last converted, if the fast path took it.
    pub fn survey(&self) -> Option<BodySurvey> {
        self.survey
    }

    /// The faults found so far.
    pub fn faults(&self) -> &[ForeignFault] {
        &self.faults
    }

    /// The faults found, taken.
    pub fn into_faults(self) -> Vec<ForeignFault> {
        self.faults
    }

    /// The part that exceeded [`MAX_VALUES`], if any (its values past the cap are `null`).
    pub fn exhausted(&self) -> Option<Location> {
        self.exhausted
    }

    /// The RFC 6901 pointer of the current value.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in &self.steps {
            pointer.push('/');
            match step {
                Step::Index(index) => pointer.push_str(&index.to_string()),
                Step::Key(key) => push_escaped(&mut pointer, &key_text(key)),
            }
        }
        pointer
    }

    /// Convert one value; `level` is the container level it would have.
    fn value(&mut self, obj: &Bound<'py, PyAny>, level: usize) -> Value {
        if self.remaining == 0 {
            self.exhausted.get_or_insert(self.part);
            return Value::Null;
        }
        self.remaining -= 1;
        // Exact types first: each is one pointer comparison, and they are what JSON-shaped
        // data is made of. Subclasses (str enums, OrderedDict, IntEnum) take the slower path.
        if obj.is_exact_instance_of::<PyString>() {
            return self.string(obj);
        }
        if let Ok(dict) = obj.cast_exact::<PyDict>() {
            return self.container(obj, level, |this| this.object(dict, level));
        }
        if obj.is_none() {
            return Value::Null;
        }
        if let Ok(flag) = obj.cast_exact::<PyBool>() {
            return Value::Bool(flag.is_true());
        }
        if obj.is_exact_instance_of::<PyInt>() {
            return self.integer(obj);
        }
        if let Ok(float) = obj.cast_exact::<PyFloat>() {
            return self.float(float.value());
        }
        if let Ok(list) = obj.cast_exact::<PyList>() {
            return self.container(obj, level, |this| this.array(list.iter(), level));
        }
        self.value_of_subclass(obj, level)
    }

    fn value_of_subclass(&mut self, obj: &Bound<'py, PyAny>, level: usize) -> Value {
        if obj.is_instance_of::<PyString>() {
            return self.string(obj);
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.container(obj, level, |this| this.object(dict, level));
        }
        if obj.is_instance_of::<PyInt>() {
            return self.integer(obj);
        }
        if let Ok(float) = obj.cast::<PyFloat>() {
            return self.float(float.value());
        }
        if let Ok(list) = obj.cast::<PyList>() {
            return self.container(obj, level, |this| this.array(list.iter(), level));
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            return self.container(obj, level, |this| this.array(tuple.iter(), level));
        }
        self.fault(ForeignFaultKind::NotJson);
        Value::Null
    }

    /// Enter a container: refuse cycles and containers past [`MAX_DEPTH`].
    fn container(&mut self, obj: &Bound<'py, PyAny>, level: usize, build: impl FnOnce(&mut Self) -> Value) -> Value {
        let address = obj.as_ptr() as usize;
        if self.ancestors.contains(&address) {
            self.fault(ForeignFaultKind::NotJson);
            return Value::Null;
        }
        if level > max_depth(self.part) {
            self.fault(ForeignFaultKind::TooDeep);
            return Value::Null;
        }
        self.ancestors.push(address);
        let value = build(self);
        self.ancestors.pop();
        value
    }

    fn object(&mut self, dict: &Bound<'py, PyDict>, level: usize) -> Value {
        let mut map = Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let name = if key.is_instance_of::<PyString>() {
                str_of(&key).map(str::to_owned)
            } else {
                None
            };
            self.steps.push(Step::Key(key));
            match name {
                Some(name) => {
                    let value = self.value(&item, level + 1);
                    map.insert(name, value);
                }
                // A key that is not text (or not valid Unicode) cannot be a JSON member: the
                // member is left out and reported at the pointer its text would have.
                None => self.fault(ForeignFaultKind::NotJson),
            }
            self.steps.pop();
        }
        Value::Object(map)
    }

    fn array(&mut self, items: impl Iterator<Item = Bound<'py, PyAny>>, level: usize) -> Value {
        let mut values = Vec::with_capacity(items.size_hint().0);
        for (index, item) in items.enumerate() {
            self.steps.push(Step::Index(index));
            values.push(self.value(&item, level + 1));
            self.steps.pop();
        }
        Value::Array(values)
    }

    fn string(&mut self, obj: &Bound<'py, PyAny>) -> Value {
        match str_of(obj) {
            Some(text) => Value::String(text.to_owned()),
            None => {
                self.fault(ForeignFaultKind::NotJson);
                Value::Null
            }
        }
    }

    fn integer(&mut self, obj: &Bound<'py, PyAny>) -> Value {
        integer_value(obj).unwrap_or_else(|| {
            self.fault(ForeignFaultKind::NotJson);
            Value::Null
        })
    }

    fn float(&mut self, double: f64) -> Value {
        float_value(double).unwrap_or_else(|| {
            self.fault(ForeignFaultKind::NotJson);
            Value::Null
        })
    }

    /// How many values this converter has converted so far (its budget spent).
    pub fn spent(&self) -> usize {
        MAX_VALUES.saturating_sub(self.remaining)
    }

    /// Spend `values` of the budget on a part converted earlier (a remembered context), as
    /// converting it again would have.
    pub fn charge(&mut self, values: usize) {
        self.remaining = self.remaining.saturating_sub(values);
    }
}

/// A Python `int` as a JSON number: 64-bit integers exactly; beyond 64 bits a double (as RFC
/// 8785 reads it); `None` beyond the double range, where it is not a JSON number at all.
pub fn integer_value(obj: &Bound<'_, PyAny>) -> Option<Value> {
    if let Ok(small) = obj.extract::<i64>() {
        return Some(Value::Number(small.into()));
    }
    if let Ok(large) = obj.extract::<u64>() {
        return Some(Value::Number(large.into()));
    }
    obj.extract::<f64>().ok().and_then(float_value)
}

/// A Python `float` as a JSON number; `None` for NaN and the infinities.
pub fn float_value(double: f64) -> Option<Value> {
    Number::from_f64(double).map(Value::Number)
}

extern "C" {
    // Exported by every CPython 3 (and part of the stable ABI from 3.10); pyo3's `abi3-py39`
    // hides it, leaving only `to_cow`, which builds a `bytes` object per string. This is the
    // hot path of converting a request, so the binding calls it directly.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut pyo3::ffi::PyObject,
        size: *mut pyo3::ffi::Py_ssize_t,
    ) -> *const std::os::raw::c_char;
}

/// The UTF-8 text of a Python `str` (or subclass), borrowed from the string object; `None`
/// for a string holding a lone surrogate, or for an object that is not a `str`.
pub fn str_of<'a>(obj: &'a Bound<'_, PyAny>) -> Option<&'a str> {
    if !obj.is_instance_of::<PyString>() {
        return None;
    }
    // SAFETY: `obj` is a `str` and the GIL is held (it is a `Bound`); `'a` borrows it.
    let bytes = unsafe { utf8_bytes(obj.as_ptr()) }?;
    // SAFETY: CPython encodes the UTF-8 strictly (a lone surrogate fails, handled in
    // `utf8_bytes`). Validating it again is a measurable share of converting a request.
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// The UTF-8 bytes of a Python `str`, borrowed from the string object; `None` (the
/// UnicodeEncodeError cleared, the caller reports the value) for one with a lone surrogate.
///
/// # Safety
/// `obj` is a live `str` (or subclass) and the GIL is held. CPython keeps the buffer alive,
/// unchanged, as long as the string object: `'a` must not outlive it.
pub unsafe fn utf8_bytes<'a>(obj: *mut pyo3::ffi::PyObject) -> Option<&'a [u8]> {
    let mut size: pyo3::ffi::Py_ssize_t = 0;
    let data = PyUnicode_AsUTF8AndSize(obj, &mut size);
    if data.is_null() {
        pyo3::ffi::PyErr_Clear();
        return None;
    }
    Some(std::slice::from_raw_parts(
        data.cast::<u8>(),
        usize::try_from(size).ok()?,
    ))
}

/// A Python `str` as text, with each lone surrogate written as the JSON escape `\uXXXX`:
/// when the text is JSON, the core then judges it exactly as it judges such an escape
/// (`INVALID_JSON`), instead of this binding raising or silently replacing it.
pub fn text_of(obj: &Bound<'_, PyString>) -> PyResult<String> {
    if let Some(text) = str_of(obj.as_any()) {
        return Ok(text.to_owned());
    }
    let units = utf16_units(obj)?;
    let mut text = String::with_capacity(units.len());
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(lone) => text.push_str(&format!("\\u{:04x}", lone.unpaired_surrogate())),
        }
    }
    Ok(text)
}

/// How a key appears in a pointer: its text (a lone surrogate as U+FFFD), bytes decoded as
/// UTF-8 (so `b"agent_number"` reads as the field it imitates), else `str(key)`.
fn key_text(key: &Bound<'_, PyAny>) -> String {
    if let Ok(text) = key.cast::<PyString>() {
        return lossy_text(text);
    }
    if let Some(bytes) = bytes_of(key) {
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    match key.str() {
        Ok(text) => lossy_text(&text),
        Err(_) => String::from("?"),
    }
}

/// A Python `str` as text, each lone surrogate replaced by U+FFFD.
pub fn lossy_text(text: &Bound<'_, PyString>) -> String {
    if let Some(valid) = str_of(text.as_any()) {
        return valid.to_owned();
    }
    utf16_units(text).map_or_else(
        |_| String::from("\u{fffd}"),
        |units| {
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        },
    )
}

/// The UTF-16 code units of a Python `str`, lone surrogates included.
fn utf16_units(text: &Bound<'_, PyString>) -> PyResult<Vec<u16>> {
    let encoded = text.call_method1("encode", ("utf-16-le", "surrogatepass"))?;
    let bytes = encoded.cast::<PyBytes>()?.as_bytes();
    Ok(bytes
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes(pair.try_into().unwrap_or([0, 0])))
        .collect())
}

/// Append `segment` to a pointer with RFC 6901 escaping (`~` → `~0`, `/` → `~1`).
fn push_escaped(pointer: &mut String, segment: &str) {
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

/// The raw bytes of a `bytes` or `bytearray` argument, if it is one.
pub fn bytes_of(obj: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if let Ok(bytes) = obj.cast::<PyBytes>() {
        return Some(bytes.as_bytes().to_vec());
    }
    obj.cast::<PyByteArray>().ok().map(|array| array.to_vec())
}

/// `TypeError` naming the argument, what it accepts and the type it got.
pub fn type_error(argument: &str, accepts: &str, got: &Bound<'_, PyAny>) -> PyErr {
    let type_name = got
        .get_type()
        .name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    PyTypeError::new_err(format!("{argument} must be {accepts}, not {type_name}"))
}

/// A JSON value as a Python object: `dict`, `list`, `str`, `int`, `float`, `bool`, `None`.
pub fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => {
            if let Some(small) = number.as_i64() {
                small.into_pyobject(py)?.into_any()
            } else if let Some(large) = number.as_u64() {
                large.into_pyobject(py)?.into_any()
            } else {
                number.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => object_to_python(py, map)?.into_any(),
    })
}

/// A JSON object as a Python `dict`.
pub fn object_to_python<'py>(py: Python<'py>, map: &Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, item) in map {
        dict.set_item(PyString::new(py, key), to_python(py, item)?)?;
    }
    Ok(dict)
}
