//! Python objects to `serde_json::Value` and back, with no JSON text in between.
//!
//! The contract (docs/src/edge-cases.md#json, CORE_API "Binding conversion contract"): at most
//! [`MAX_DEPTH`] container levels are converted (the body object is level 1); a deeper
//! container, a cycle, or a value that is not JSON becomes `null` with a [`ForeignFault`] at
//! its pointer, and the core turns those into issues. Bad data never raises here.

use crate::capi::{int_value, utf8_text, Changed, DictMembers};
use crate::exact::ExactWalk;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};
use smsrules::{BodySurvey, ForeignFault, ForeignFaultKind, Location};
use std::collections::HashSet;

/// One value converted, or the news that a container changed under the conversion.
type Converted = Result<Value, Changed>;

/// The `TypeError` for a dict or list of `part` that changed while it was converted (by a
/// finaliser, a garbage collection callback, a method of a key or value, another thread):
/// what was read is no longer what the caller holds, so there is nothing sound to judge.
fn changed_error(part: Location) -> PyErr {
    let what = match part {
        Location::Body => "request",
        Location::Context => "context",
        Location::Options => "options",
        _ => "argument",
    };
    PyTypeError::new_err(format!(
        "the {what} changed while smsrules was converting it (a dict or list inside changed size); \
         pass data that nothing changes during the call"
    ))
}

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
    /// Bytes the body's containers cut at the depth limit add to its RFC 8785 size, beyond
    /// the empty container each is replaced by (see [`Converter::cut_bytes`]).
    cut_bytes: usize,
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
            cut_bytes: 0,
        }
    }

    /// Convert `obj` as (the root of) `part` of the document. Bad data never fails here;
    /// only a dict or list that changes while it is converted does (`TypeError`).
    pub fn convert(&mut self, part: Location, obj: &Bound<'py, PyAny>) -> PyResult<Value> {
        self.part = part;
        self.survey = None;
        let mut walk = ExactWalk::new(self.remaining, max_depth(part));
        if let Some(value) = walk.value(obj, 1) {
            self.remaining = walk.remaining;
            self.survey = Some(walk.survey);
            return Ok(value);
        }
        self.steps.clear();
        self.ancestors.clear();
        self.value(obj, 1).map_err(|Changed| changed_error(part))
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

    /// Bytes to add to the RFC 8785 size of the converted body for the size of the body as
    /// given: each container cut at the depth limit is in the value as an empty one.
    pub fn cut_bytes(&self) -> usize {
        self.cut_bytes
    }

    /// The RFC 8785 size of a container past the depth limit, walked without recursion (it
    /// may nest a million levels) from the same reading as a converted value: a member with
    /// a key that is not text is left out; a value that is not JSON, or a cycle, counts as
    /// the `null` it would be converted to. Each value spends the value budget.
    fn cut_size(&mut self, container: &Bound<'py, PyAny>) -> Result<usize, Changed> {
        enum Items<'py> {
            Members(DictMembers<'py>),
            List(Bound<'py, PyList>, usize, usize),
            Tuple(Bound<'py, PyTuple>, usize),
        }
        struct Open<'py> {
            items: Items<'py>,
            address: usize,
            written: usize,
        }
        const NULL: usize = 4;
        let canonical = |value: Value| smsrules::fingerprint::canonical_len(&value);
        let mut size = 0usize;
        let mut stack: Vec<Open<'py>> = Vec::new();
        // The addresses on `stack` (each held by it), for cycles at any depth.
        let mut open_addresses: HashSet<usize> = HashSet::new();
        let mut next = Some(container.clone());
        loop {
            if let Some(obj) = next.take() {
                let address = obj.as_ptr() as usize;
                let cycle = self.ancestors.contains(&address) || open_addresses.contains(&address);
                let items = if let Ok(dict) = obj.cast::<PyDict>() {
                    Some(Items::Members(DictMembers::new(dict)))
                } else if let Ok(list) = obj.cast::<PyList>() {
                    Some(Items::List(list.clone(), 0, list.len()))
                } else if let Ok(tuple) = obj.cast::<PyTuple>() {
                    Some(Items::Tuple(tuple.clone(), 0))
                } else {
                    None
                };
                match items {
                    Some(items) if !cycle => {
                        size = size.saturating_add(2);
                        open_addresses.insert(address);
                        stack.push(Open {
                            items,
                            address,
                            written: 0,
                        });
                    }
                    Some(_) => size = size.saturating_add(NULL),
                    None => {
                        let scalar = if let Ok(text) = obj.cast::<PyString>() {
                            utf8_text(text).map(|text| canonical(Value::String(text.to_owned())))
                        } else if let Ok(flag) = obj.cast_exact::<PyBool>() {
                            Some(if flag.is_true() { 4 } else { 5 })
                        } else if let Ok(int) = obj.cast::<PyInt>() {
                            int_value(int).map(canonical)
                        } else if let Ok(float) = obj.cast::<PyFloat>() {
                            float_value(float.value()).map(canonical)
                        } else {
                            None
                        };
                        size = size.saturating_add(scalar.unwrap_or(NULL));
                    }
                }
            }
            let Some(open) = stack.last_mut() else {
                return Ok(size);
            };
            let (prefix, item) = match &mut open.items {
                Items::Members(members) => loop {
                    match members.next_member()? {
                        None => break (0, None),
                        Some((key, item)) => {
                            if let Some(name) = str_of(&key) {
                                break (canonical(Value::String(name.to_owned())) + 1, Some(item));
                            }
                        }
                    }
                },
                Items::List(list, index, length) => {
                    if list.len() != *length {
                        return Err(Changed);
                    }
                    let item = (*index < *length)
                        .then(|| list.get_item(*index))
                        .transpose()
                        .map_err(|_| Changed)?;
                    *index += 1;
                    (0, item)
                }
                Items::Tuple(tuple, index) => {
                    let item = tuple.get_item(*index).ok();
                    *index += 1;
                    (0, item)
                }
            };
            match item {
                Some(item) => {
                    if self.remaining == 0 {
                        self.exhausted.get_or_insert(self.part);
                        return Ok(size);
                    }
                    self.remaining -= 1;
                    let comma = usize::from(open.written > 0);
                    open.written += 1;
                    size = size.saturating_add(comma + prefix);
                    next = Some(item);
                }
                None => {
                    if let Some(closed) = stack.pop() {
                        open_addresses.remove(&closed.address);
                    }
                }
            }
        }
    }

    /// The core's survey of the value last converted, if the fast path took it.
    pub fn survey(&self) -> Option<BodySurvey> {
        self.survey
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
    fn value(&mut self, obj: &Bound<'py, PyAny>, level: usize) -> Converted {
        if self.remaining == 0 {
            self.exhausted.get_or_insert(self.part);
            return Ok(Value::Null);
        }
        self.remaining -= 1;
        // Exact types first: each is one pointer comparison, and they are what JSON-shaped
        // data is made of. Subclasses (str enums, OrderedDict, IntEnum) take the slower path.
        if let Ok(text) = obj.cast_exact::<PyString>() {
            return Ok(self.string(text));
        }
        if let Ok(dict) = obj.cast_exact::<PyDict>() {
            return self.container(obj, level, |this| this.object(dict, level));
        }
        if obj.is_none() {
            return Ok(Value::Null);
        }
        if let Ok(flag) = obj.cast_exact::<PyBool>() {
            return Ok(Value::Bool(flag.is_true()));
        }
        if let Ok(int) = obj.cast_exact::<PyInt>() {
            return Ok(self.integer(int));
        }
        if let Ok(float) = obj.cast_exact::<PyFloat>() {
            return Ok(self.float(float.value()));
        }
        if let Ok(list) = obj.cast_exact::<PyList>() {
            return self.container(obj, level, |this| this.list(list, level));
        }
        self.value_of_subclass(obj, level)
    }

    /// A subclass of a JSON type is read as that type, from its own data: none of its
    /// methods runs (`__str__`, `__float__`, `__iter__`, `items`, …).
    fn value_of_subclass(&mut self, obj: &Bound<'py, PyAny>, level: usize) -> Converted {
        if let Ok(text) = obj.cast::<PyString>() {
            return Ok(self.string(text));
        }
        if let Ok(dict) = obj.cast::<PyDict>() {
            return self.container(obj, level, |this| this.object(dict, level));
        }
        if let Ok(int) = obj.cast::<PyInt>() {
            return Ok(self.integer(int));
        }
        if let Ok(float) = obj.cast::<PyFloat>() {
            return Ok(self.float(float.value()));
        }
        if let Ok(list) = obj.cast::<PyList>() {
            return self.container(obj, level, |this| this.list(list, level));
        }
        if let Ok(tuple) = obj.cast::<PyTuple>() {
            return self.container(obj, level, |this| this.tuple(tuple, level));
        }
        self.fault(ForeignFaultKind::NotJson);
        Ok(Value::Null)
    }

    /// Enter a container: refuse cycles and containers past [`MAX_DEPTH`].
    fn container(
        &mut self,
        obj: &Bound<'py, PyAny>,
        level: usize,
        build: impl FnOnce(&mut Self) -> Converted,
    ) -> Converted {
        // Every enclosing container is held by a caller's strong reference, so no address
        // here can be reused while it is on the list.
        let address = obj.as_ptr() as usize;
        if self.ancestors.contains(&address) {
            self.fault(ForeignFaultKind::NotJson);
            return Ok(Value::Null);
        }
        if level > max_depth(self.part) {
            self.fault(ForeignFaultKind::TooDeep);
            if self.part != Location::Body {
                return Ok(Value::Null);
            }
            // The body's size is that of all of it, cut parts included: the container
            // becomes an empty one of its kind (never larger than itself, so the core can
            // never find the converted body over the limit when the whole is not), and the
            // bytes it held are counted here.
            self.cut_bytes = self.cut_bytes.saturating_add(self.cut_size(obj)?.saturating_sub(2));
            return Ok(if obj.is_instance_of::<PyDict>() {
                Value::Object(Map::new())
            } else {
                Value::Array(Vec::new())
            });
        }
        self.ancestors.push(address);
        let value = build(self);
        self.ancestors.pop();
        value
    }

    fn object(&mut self, dict: &Bound<'py, PyDict>, level: usize) -> Converted {
        let mut members = DictMembers::new(dict);
        let mut map = Map::with_capacity(members.len().min(self.remaining));
        while let Some((key, item)) = members.next_member()? {
            let name = str_of(&key).map(str::to_owned);
            self.steps.push(Step::Key(key));
            let converted = match name {
                Some(name) => self.value(&item, level + 1).map(|value| {
                    map.insert(name, value);
                }),
                // A key that is not text (or not valid Unicode) cannot be a JSON member: the
                // member is left out and reported at the pointer its text would have.
                None => {
                    self.fault(ForeignFaultKind::NotJson);
                    Ok(())
                }
            };
            self.steps.pop();
            converted?;
        }
        // A change while the last member was converted shows only now.
        if dict.len() != members.len() {
            return Err(Changed);
        }
        Ok(Value::Object(map))
    }

    /// A list (or subclass), by index: a change of its length while it is converted is
    /// reported, as a `for` loop over it would show it.
    fn list(&mut self, list: &Bound<'py, PyList>, level: usize) -> Converted {
        let length = list.len();
        let mut values = Vec::with_capacity(length.min(self.remaining));
        for index in 0..length {
            if list.len() != length {
                return Err(Changed);
            }
            let item = list.get_item(index).map_err(|_| Changed)?;
            values.push(self.item(index, &item, level)?);
        }
        if list.len() != length {
            return Err(Changed);
        }
        Ok(Value::Array(values))
    }

    fn tuple(&mut self, tuple: &Bound<'py, PyTuple>, level: usize) -> Converted {
        let mut values = Vec::with_capacity(tuple.len().min(self.remaining));
        for (index, item) in tuple.iter().enumerate() {
            values.push(self.item(index, &item, level)?);
        }
        Ok(Value::Array(values))
    }

    fn item(&mut self, index: usize, item: &Bound<'py, PyAny>, level: usize) -> Converted {
        self.steps.push(Step::Index(index));
        let value = self.value(item, level + 1);
        self.steps.pop();
        value
    }

    fn string(&mut self, text: &Bound<'py, PyString>) -> Value {
        match utf8_text(text) {
            Some(text) => Value::String(text.to_owned()),
            None => {
                self.fault(ForeignFaultKind::NotJson);
                Value::Null
            }
        }
    }

    fn integer(&mut self, int: &Bound<'py, PyInt>) -> Value {
        int_value(int).unwrap_or_else(|| {
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
}

/// A Python `float` as a JSON number; `None` for NaN and the infinities.
pub fn float_value(double: f64) -> Option<Value> {
    Number::from_f64(double).map(Value::Number)
}

/// The UTF-8 text of a Python `str` (or subclass); `None` for a string holding a lone
/// surrogate, or for an object that is not a `str`.
pub fn str_of<'a>(obj: &'a Bound<'_, PyAny>) -> Option<&'a str> {
    utf8_text(obj.cast::<PyString>().ok()?)
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

/// The UTF-16 code units of a Python `str`, lone surrogates included. `str.encode` itself
/// is called, never a subclass's own `encode`.
fn utf16_units(text: &Bound<'_, PyString>) -> PyResult<Vec<u16>> {
    let encode = text.py().get_type::<PyString>().getattr("encode")?;
    let encoded = encode.call1((text, "utf-16-le", "surrogatepass"))?;
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
