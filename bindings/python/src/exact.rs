//! The fast path of converting a document: values made only of the exact built-in JSON
//! types (`dict`, `list`, `str`, `int`, `float`, `bool`, `None`), read through the C API.
//!
//! Reading those types runs no Python code (no `__eq__`, `__hash__`, `__index__`, `__str__`),
//! so nothing can change or free an object while the walk holds it: the walk borrows every
//! reference (no reference counting) and keeps no pointer steps. At the first thing it does
//! not read that way (a subclass, a tuple, a value that is not JSON, a lone surrogate, an
//! integer past 64 bits, a container past the depth limit, a cycle, the value budget spent) it
//! gives up, and [`crate::convert::Converter`] converts the part again on its careful path,
//! which reports each of those exactly. Both paths give the same value for what this one reads.

use crate::convert::utf8_bytes;
use pyo3::ffi;
use serde_json::{Map, Number, Value};
use smsrules::BodySurvey;

/// Most containers one walk can be inside: the converter's deepest level.
const ANCESTORS: usize = crate::convert::MAX_DEPTH;

/// A walk with a value budget and a depth limit.
pub struct ExactWalk {
    /// Values still allowed; the walk gives up when it would go below zero.
    pub remaining: usize,
    /// Deepest container level converted (the root container is level 1).
    pub max_depth: usize,
    /// The core's survey of what was converted, taken piece by piece as it is read (each
    /// piece in cache then); for a body it spares the check its own pass.
    pub survey: BodySurvey,
    /// The containers enclosing the current value (the first `depth`), to give up on a cycle
    /// at once; an array, as no walk goes deeper than the converter's depth limit.
    ancestors: [*mut ffi::PyObject; ANCESTORS],
    depth: usize,
}

impl ExactWalk {
    /// A walk with `remaining` values of budget and containers up to `max_depth` levels.
    pub fn new(remaining: usize, max_depth: usize) -> Self {
        ExactWalk {
            remaining,
            max_depth,
            survey: BodySurvey::new(),
            ancestors: [std::ptr::null_mut(); ANCESTORS],
            depth: 0,
        }
    }

    /// `obj` as a JSON value, or `None` where the careful path must take over.
    ///
    /// # Safety
    /// `obj` is a live object and the GIL is held for the whole walk.
    pub unsafe fn value(&mut self, obj: *mut ffi::PyObject, level: usize) -> Option<Value> {
        self.remaining = self.remaining.checked_sub(1)?;
        let kind = ffi::Py_TYPE(obj);
        if kind == &raw mut ffi::PyUnicode_Type {
            // CPython's UTF-8 of a `str` is valid by construction (a lone surrogate fails).
            let text = std::str::from_utf8_unchecked(utf8_bytes(obj)?);
            self.survey.string(text);
            return Some(Value::String(String::from(text)));
        }
        if kind == &raw mut ffi::PyDict_Type {
            return self.container(obj, level, |walk| walk.object(obj, level));
        }
        if kind == &raw mut ffi::PyList_Type {
            return self.container(obj, level, |walk| walk.array(obj, level));
        }
        let scalar = if obj == ffi::Py_None() {
            Value::Null
        } else if obj == ffi::Py_True() {
            Value::Bool(true)
        } else if obj == ffi::Py_False() {
            Value::Bool(false)
        } else if kind == &raw mut ffi::PyLong_Type {
            let mut overflow = 0;
            let small = ffi::PyLong_AsLongLongAndOverflow(obj, &mut overflow);
            // Past 64 bits signed: the careful path reads it as `u64` or a double.
            Value::Number((overflow == 0).then(|| Number::from(small))?)
        } else if kind == &raw mut ffi::PyFloat_Type {
            Value::Number(Number::from_f64(ffi::PyFloat_AsDouble(obj))?)
        } else {
            return None;
        };
        if scalar.is_number() {
            self.survey.number();
        } else {
            self.survey.literal();
        }
        Some(scalar)
    }

    /// # Safety
    /// As [`ExactWalk::value`].
    unsafe fn container(
        &mut self,
        obj: *mut ffi::PyObject,
        level: usize,
        build: impl FnOnce(&mut Self) -> Option<Value>,
    ) -> Option<Value> {
        let enclosing = self.ancestors.get(..self.depth).unwrap_or_default();
        if level > self.max_depth || enclosing.contains(&obj) {
            return None;
        }
        *self.ancestors.get_mut(self.depth)? = obj;
        self.depth += 1;
        let value = build(self);
        self.depth -= 1;
        value
    }

    /// # Safety
    /// As [`ExactWalk::value`]; `obj` is an exact `dict`.
    unsafe fn object(&mut self, obj: *mut ffi::PyObject, level: usize) -> Option<Value> {
        let mut map = Map::with_capacity(usize::try_from(ffi::PyDict_Size(obj)).ok()?);
        let mut position: ffi::Py_ssize_t = 0;
        let mut key = std::ptr::null_mut();
        let mut item = std::ptr::null_mut();
        while ffi::PyDict_Next(obj, &mut position, &mut key, &mut item) != 0 {
            if ffi::Py_TYPE(key) != &raw mut ffi::PyUnicode_Type {
                return None;
            }
            let name = std::str::from_utf8_unchecked(utf8_bytes(key)?);
            self.survey.key(name);
            let name = String::from(name);
            let value = self.value(item, level + 1)?;
            map.insert(name, value);
        }
        self.survey.object(level);
        Some(Value::Object(map))
    }

    /// # Safety
    /// As [`ExactWalk::value`]; `obj` is an exact `list`.
    unsafe fn array(&mut self, obj: *mut ffi::PyObject, level: usize) -> Option<Value> {
        let length = ffi::PyList_Size(obj);
        let mut items = Vec::with_capacity(usize::try_from(length).ok()?);
        for index in 0..length {
            let item = ffi::PyList_GetItem(obj, index);
            if item.is_null() {
                ffi::PyErr_Clear();
                return None;
            }
            items.push(self.value(item, level + 1)?);
        }
        self.survey.array(items.len(), level);
        Some(Value::Array(items))
    }
}
