//! The CPython C API calls pyo3's safe interface does not offer under the stable ABI (or
//! offers only with a behaviour the binding cannot have), each behind a safe function. This
//! is the binding's only `unsafe` code.
//!
//! The rule each function keeps: no borrowed pointer lives across anything that can run
//! Python code. Every object read through a raw pointer here is held by a strong reference
//! (a `Bound` borrowed by the caller, or one made the moment CPython hands the object over),
//! so a finaliser, a garbage collection or a subclass method running in between can change
//! the objects but never free one that is being read.

#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]
#![allow(unsafe_code)]

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyString};
use serde_json::{Number, Value};

extern "C" {
    // Exported by every CPython 3 (and part of the stable ABI from 3.10); pyo3's `abi3-py39`
    // hides it, leaving only `to_cow`, which builds a `bytes` object per string. This is the
    // hot path of converting a request, so the binding calls it directly.
    fn PyUnicode_AsUTF8AndSize(unicode: *mut ffi::PyObject, size: *mut ffi::Py_ssize_t) -> *const std::os::raw::c_char;
}

/// The UTF-8 text of a Python `str` (or subclass), borrowed from the string object; `None`
/// for a string holding a lone surrogate (the `UnicodeEncodeError` is cleared: the caller
/// reports the value). Calls no method of a subclass.
pub fn utf8_text<'a>(text: &'a Bound<'_, PyString>) -> Option<&'a str> {
    let mut size: ffi::Py_ssize_t = 0;
    // SAFETY: `text` is a live `str` held by a strong reference and the GIL is held (a
    // `Bound`). The call reads only that object; it can run Python code only when it fails
    // (building the `UnicodeEncodeError` can start a collection), and `text` stays alive.
    let data = unsafe { PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size) };
    if data.is_null() {
        // The pending UnicodeEncodeError, dropped.
        drop(PyErr::take(text.py()));
        return None;
    }
    let length = usize::try_from(size).ok()?;
    // SAFETY: CPython keeps the `size` bytes at `data` alive and unchanged as long as the
    // string object (strings are immutable), and `text` holds it for `'a`.
    let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), length) };
    // SAFETY: CPython's UTF-8 form of a string is valid UTF-8: it refuses lone surrogates
    // (handled above). Validating it again is a measurable share of converting a request.
    Some(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// A Python `int` (or subclass) as a JSON number: 64-bit integers exactly; beyond 64 bits a
/// double (as RFC 8785 reads it); `None` beyond the double range, where it is not a JSON
/// number at all. Reads the integer's own digits: no method of a subclass runs (`__index__`,
/// `__int__`, `__float__`).
pub fn int_value(int: &Bound<'_, PyInt>) -> Option<Value> {
    let py = int.py();
    let mut overflow: std::os::raw::c_int = 0;
    // SAFETY: `int` is a live `int` (or subclass) held by a strong reference, with the GIL
    // held; for an `int` this reads its digits and calls nothing, and reports overflow in
    // `overflow` instead of raising.
    let small = unsafe { ffi::PyLong_AsLongLongAndOverflow(int.as_ptr(), &mut overflow) };
    if overflow == 0 {
        // -1 is also the error return; an `int` raises none here, but a failure is not a value.
        if small == -1 && PyErr::take(py).is_some() {
            return None;
        }
        return Some(Value::Number(small.into()));
    }
    if overflow > 0 {
        // SAFETY: as above; for an `int` this reads its digits, raising OverflowError (cleared
        // below) past 64 bits.
        let large = unsafe { ffi::PyLong_AsUnsignedLongLong(int.as_ptr()) };
        if PyErr::take(py).is_none() {
            return Some(Value::Number(large.into()));
        }
    }
    // SAFETY: as above; for an `int` this rounds its digits to a double, raising
    // OverflowError (cleared below) beyond the double range.
    let double = unsafe { ffi::PyLong_AsDouble(int.as_ptr()) };
    if PyErr::take(py).is_some() {
        return None;
    }
    Number::from_f64(double).map(Value::Number)
}

/// The members of a dict (or subclass) in iteration order, each as strong references, read
/// with `PyDict_Next` (so a subclass's `items`, `__iter__` or `__getitem__` never runs).
/// A change of the dict while it is walked (by a finaliser, a subclass method, a garbage
/// collection callback or another thread) is reported as [`Changed`], as CPython reports
/// one to a `for` loop: a different size, or members added and removed in equal numbers.
#[derive(Debug)]
pub struct DictMembers<'py> {
    dict: Bound<'py, PyDict>,
    position: ffi::Py_ssize_t,
    length: usize,
    remaining: usize,
}

/// A dict member: its key and its value.
pub type Member<'py> = (Bound<'py, PyAny>, Bound<'py, PyAny>);

/// The dict or list being converted changed while it was walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed;

impl<'py> DictMembers<'py> {
    pub fn new(dict: &Bound<'py, PyDict>) -> Self {
        let length = dict.len();
        DictMembers {
            dict: dict.clone(),
            position: 0,
            length,
            remaining: length,
        }
    }

    /// How many members the dict had when the walk started.
    pub fn len(&self) -> usize {
        self.length
    }

    /// The next member, `None` after the last, or [`Changed`].
    pub fn next_member(&mut self) -> Result<Option<Member<'py>>, Changed> {
        if self.dict.len() != self.length {
            return Err(Changed);
        }
        let mut key: *mut ffi::PyObject = std::ptr::null_mut();
        let mut item: *mut ffi::PyObject = std::ptr::null_mut();
        // SAFETY: `self.dict` is a live dict held by a strong reference, with the GIL held.
        // `PyDict_Next` bounds-checks `position` against the dict as it is now, so a position
        // left over from before a change is still safe to pass; it runs no Python code.
        let found = unsafe { ffi::PyDict_Next(self.dict.as_ptr(), &mut self.position, &mut key, &mut item) } != 0;
        if !found {
            // Fewer members than it had: some were replaced by others mid-walk.
            return if self.remaining == 0 { Ok(None) } else { Err(Changed) };
        }
        if self.remaining == 0 {
            return Err(Changed);
        }
        self.remaining -= 1;
        let py = self.dict.py();
        // SAFETY: `PyDict_Next` returned borrowed, non-null references to a key and a value
        // the dict holds; they become strong references here, before anything else runs.
        let key = unsafe { Bound::from_borrowed_ptr(py, key) };
        // SAFETY: as for the key.
        let item = unsafe { Bound::from_borrowed_ptr(py, item) };
        Ok(Some((key, item)))
    }
}
