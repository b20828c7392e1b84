//! The last context dict each thread converted, kept converted and judged.
//!
//! Services check request after request against the same context dict. Converting,
//! scanning and judging it costs about as much as the request itself; comparing the dict
//! with the value it was converted to last time costs a fraction of that and allocates
//! nothing. When the dict still holds exactly that value, the check uses the remembered
//! `PreparedContext`, whose answers are byte for byte those of the raw context.
//!
//! "Exactly" is strict: only the exact types the converter reads without running Python
//! code (`dict`, `list`, `str`, `int`, `float`, `bool`, `None`) take part, compared by type
//! and value (`1`, `1.0` and `True` differ, as do `0.0` and `-0.0`), in iteration order;
//! anything else (a subclass, a tuple, a value that is not JSON) is converted afresh. A
//! context with conversion faults is never remembered.
//!
//! First, though, the dict is compared with the objects it held last time, by address: a
//! service that keeps one context dict meets the very same keys and scalars again (they
//! never change, and a reference to each keeps its address from being reused), so the walk
//! reads no text, no number and none of the remembered value. At the first other object it
//! falls back to comparing values; when those are equal, the objects now held are the ones
//! remembered, so the next call is told by address again.

use crate::convert::{float_value, integer_value, utf8_bytes};
use pyo3::ffi;
use pyo3::prelude::*;
use serde_json::{Map, Number, Value};
use smsrules::PreparedContext;
use std::cell::RefCell;
use std::sync::Arc;

/// A context as last converted on this thread.
struct Remembered {
    prepared: Arc<PreparedContext>,
    /// How many values converting it took (charged to the call's value budget on reuse).
    values: usize,
    /// The dict's shape in walk order: each container as its kind and length ([`dict_mark`],
    /// [`list_mark`]), each key and scalar as its address. The same address again is the
    /// same value: keys and scalars never change, and `kept` stops an address being reused.
    shape: Vec<usize>,
    /// A reference to every key and scalar of `shape`.
    kept: Vec<Py<PyAny>>,
}

/// A container's entry in a shape: addresses are even, these are odd.
fn dict_mark(length: usize) -> usize {
    length << 2 | 1
}

fn list_mark(length: usize) -> usize {
    length << 2 | 3
}

thread_local! {
    static LAST_CONTEXT: RefCell<Option<Remembered>> = const { RefCell::new(None) };
}

/// The remembered context and its value count, when `dict` holds exactly its value.
pub fn recall(dict: &Bound<'_, PyAny>) -> Option<(Arc<PreparedContext>, usize)> {
    LAST_CONTEXT
        .try_with(|cell| {
            let mut last = cell.try_borrow_mut().ok()?;
            let last = last.as_mut()?;
            // The dict as it was met last time, object for object (the common case: one
            // context dict kept by the service), is told by addresses alone.
            let mut at = 0;
            // SAFETY: `dict` is live and the GIL is held (a `Bound`); the walks run no Python
            // code, so nothing they borrow can be freed or changed under them.
            if unsafe { same_shape(dict.as_ptr(), &last.shape, &mut at) } && at == last.shape.len() {
                return Some((Arc::clone(&last.prepared), last.values));
            }
            // SAFETY: as above.
            let values = unsafe { same_raw(dict.py(), dict.as_ptr(), last.prepared.value()) }?;
            if values != last.values {
                return None;
            }
            // Equal values in other objects: remember these objects instead.
            last.shape.clear();
            last.kept.clear();
            // SAFETY: as above; the walk just found only exact JSON types.
            unsafe { record_shape(dict.py(), dict.as_ptr(), &mut last.shape, &mut last.kept) };
            Some((Arc::clone(&last.prepared), values))
        })
        .ok()
        .flatten()
}

/// Remember `prepared`, converted from `dict` in `values` values with no faults. A dict the
/// walk cannot read as it is (a subclass or a tuple inside) would never be recognised, so it
/// is not remembered.
pub fn remember(dict: &Bound<'_, PyAny>, prepared: &Arc<PreparedContext>, values: usize) {
    // SAFETY: as in `recall`.
    let walked = unsafe { same_raw(dict.py(), dict.as_ptr(), prepared.value()) };
    let remembered = (walked == Some(values)).then(|| {
        let mut shape = Vec::new();
        let mut kept = Vec::new();
        // SAFETY: as in `recall`; the walk above found only exact JSON types.
        unsafe { record_shape(dict.py(), dict.as_ptr(), &mut shape, &mut kept) };
        Remembered {
            prepared: Arc::clone(prepared),
            values,
            shape,
            kept,
        }
    });
    let _ = LAST_CONTEXT.try_with(|cell| {
        if let Ok(mut last) = cell.try_borrow_mut() {
            *last = remembered;
        }
    });
}

/// Append the shape of `obj` (exact JSON types only) to `shape`, keeping a reference to each
/// key and scalar.
///
/// # Safety
/// As [`same_raw`].
unsafe fn record_shape(py: Python<'_>, obj: *mut ffi::PyObject, shape: &mut Vec<usize>, kept: &mut Vec<Py<PyAny>>) {
    let kind = ffi::Py_TYPE(obj);
    if kind == &raw mut ffi::PyDict_Type {
        shape.push(dict_mark(usize::try_from(ffi::PyDict_Size(obj)).unwrap_or_default()));
        let mut position: ffi::Py_ssize_t = 0;
        let mut key = std::ptr::null_mut();
        let mut item = std::ptr::null_mut();
        while ffi::PyDict_Next(obj, &mut position, &mut key, &mut item) != 0 {
            shape.push(key as usize);
            kept.push(Bound::from_borrowed_ptr(py, key).unbind());
            record_shape(py, item, shape, kept);
        }
    } else if kind == &raw mut ffi::PyList_Type {
        let length = ffi::PyList_Size(obj);
        shape.push(list_mark(usize::try_from(length).unwrap_or_default()));
        for index in 0..length {
            let item = ffi::PyList_GetItem(obj, index);
            if item.is_null() {
                ffi::PyErr_Clear();
                return;
            }
            record_shape(py, item, shape, kept);
        }
    } else {
        shape.push(obj as usize);
        kept.push(Bound::from_borrowed_ptr(py, obj).unbind());
    }
}

/// Whether `obj` is, from `shape[*at]` on, the very objects recorded (containers of the same
/// kind and length holding them); `*at` ends past what was compared.
///
/// # Safety
/// As [`same_raw`].
unsafe fn same_shape(obj: *mut ffi::PyObject, shape: &[usize], at: &mut usize) -> bool {
    let Some(&expected) = shape.get(*at) else {
        return false;
    };
    *at += 1;
    let kind = ffi::Py_TYPE(obj);
    if kind == &raw mut ffi::PyDict_Type {
        if Some(expected) != usize::try_from(ffi::PyDict_Size(obj)).ok().map(dict_mark) {
            return false;
        }
        let mut position: ffi::Py_ssize_t = 0;
        let mut key = std::ptr::null_mut();
        let mut item = std::ptr::null_mut();
        while ffi::PyDict_Next(obj, &mut position, &mut key, &mut item) != 0 {
            if shape.get(*at) != Some(&(key as usize)) {
                return false;
            }
            *at += 1;
            if !same_member(item, shape, at) {
                return false;
            }
        }
        true
    } else if kind == &raw mut ffi::PyList_Type {
        let length = ffi::PyList_Size(obj);
        if Some(expected) != usize::try_from(length).ok().map(list_mark) {
            return false;
        }
        for index in 0..length {
            let item = ffi::PyList_GetItem(obj, index);
            if item.is_null() {
                ffi::PyErr_Clear();
                return false;
            }
            if !same_member(item, shape, at) {
                return false;
            }
        }
        true
    } else {
        expected == obj as usize
    }
}

/// [`same_shape`] for a member or item: a scalar (most of them) is compared here, without
/// a call.
///
/// # Safety
/// As [`same_raw`].
#[inline(always)]
unsafe fn same_member(obj: *mut ffi::PyObject, shape: &[usize], at: &mut usize) -> bool {
    let kind = ffi::Py_TYPE(obj);
    if kind == &raw mut ffi::PyDict_Type || kind == &raw mut ffi::PyList_Type {
        return same_shape(obj, shape, at);
    }
    let same = shape.get(*at) == Some(&(obj as usize));
    *at += 1;
    same
}

/// How many values `obj` holds when converting it would give exactly `value` with no
/// faults, reading only exact JSON types; `None` at the first difference. This runs on every
/// check with a context dict, so it reads through the C API directly: borrowed references
/// (no reference counting) and type checks by pointer, a few nanoseconds a value.
///
/// # Safety
/// `obj` is a live object, the GIL is held, and no Python code runs while it walks (exact
/// built-in types only: no `__eq__`, no `__hash__`).
unsafe fn same_raw(py: Python<'_>, obj: *mut ffi::PyObject, value: &Value) -> Option<usize> {
    let kind = ffi::Py_TYPE(obj);
    let same = match value {
        Value::Null => obj == ffi::Py_None(),
        // `True` and `False` are the only two bools.
        Value::Bool(flag) => obj == if *flag { ffi::Py_True() } else { ffi::Py_False() },
        Value::Number(number) => {
            if kind == &raw mut ffi::PyLong_Type {
                let mut overflow = 0;
                let small = ffi::PyLong_AsLongLongAndOverflow(obj, &mut overflow);
                if overflow == 0 {
                    // -1 is also the error return, but an exact int with no overflow has none.
                    Number::from(small) == *number
                } else {
                    // Past 64 bits signed (rare): exactly as the converter reads it.
                    let given = Bound::from_borrowed_ptr(py, obj);
                    integer_value(&given).is_some_and(|converted| same_number(&converted, value))
                }
            } else if kind == &raw mut ffi::PyFloat_Type {
                let double = ffi::PyFloat_AsDouble(obj);
                float_value(double).is_some_and(|converted| same_number(&converted, value))
            } else {
                false
            }
        }
        Value::String(text) => kind == &raw mut ffi::PyUnicode_Type && utf8_bytes(obj) == Some(text.as_bytes()),
        Value::Array(items) => return same_list(py, obj, kind, items),
        Value::Object(members) => return same_dict(py, obj, kind, members),
    };
    same.then_some(1)
}

/// # Safety
/// As [`same_raw`]; `kind` is `obj`'s type.
unsafe fn same_list(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    kind: *mut ffi::PyTypeObject,
    items: &[Value],
) -> Option<usize> {
    if kind != &raw mut ffi::PyList_Type || usize::try_from(ffi::PyList_Size(obj)).ok()? != items.len() {
        return None;
    }
    let mut values = 1;
    for (index, expected) in items.iter().enumerate() {
        let item = ffi::PyList_GetItem(obj, ffi::Py_ssize_t::try_from(index).ok()?);
        if item.is_null() {
            ffi::PyErr_Clear();
            return None;
        }
        values += same_raw(py, item, expected)?;
    }
    Some(values)
}

/// # Safety
/// As [`same_raw`]; `kind` is `obj`'s type.
unsafe fn same_dict(
    py: Python<'_>,
    obj: *mut ffi::PyObject,
    kind: *mut ffi::PyTypeObject,
    members: &Map<String, Value>,
) -> Option<usize> {
    if kind != &raw mut ffi::PyDict_Type || usize::try_from(ffi::PyDict_Size(obj)).ok()? != members.len() {
        return None;
    }
    let mut values = 1;
    let mut position: ffi::Py_ssize_t = 0;
    let mut key = std::ptr::null_mut();
    let mut item = std::ptr::null_mut();
    // The dict's iteration order is the order it was converted in, as the map keeps it.
    for (name, expected) in members {
        if ffi::PyDict_Next(obj, &mut position, &mut key, &mut item) == 0
            || ffi::Py_TYPE(key) != &raw mut ffi::PyUnicode_Type
            || utf8_bytes(key) != Some(name.as_bytes())
        {
            return None;
        }
        values += same_raw(py, item, expected)?;
    }
    Some(values)
}

/// Numbers equal in kind and bits: `Number`'s own equality takes `0.0` for `-0.0`, which
/// an echoed value would tell apart.
fn same_number(converted: &Value, remembered: &Value) -> bool {
    match (converted.as_number(), remembered.as_number()) {
        (Some(a), Some(b)) if a.is_f64() && b.is_f64() => a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits),
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}
