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

use crate::convert::{float_value, integer_value, str_of};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::Value;
use smsrules::PreparedContext;
use std::cell::RefCell;
use std::sync::Arc;

/// A context as last converted on this thread.
struct Remembered {
    prepared: Arc<PreparedContext>,
    /// How many values converting it took (charged to the call's value budget on reuse).
    values: usize,
}

thread_local! {
    static LAST_CONTEXT: RefCell<Option<Remembered>> = const { RefCell::new(None) };
}

/// The remembered context and its value count, when `dict` holds exactly its value.
pub fn recall(dict: &Bound<'_, PyAny>) -> Option<(Arc<PreparedContext>, usize)> {
    LAST_CONTEXT
        .try_with(|cell| {
            let last = cell.try_borrow().ok()?;
            let last = last.as_ref()?;
            let values = same_values(dict, last.prepared.value())?;
            (values == last.values).then(|| (Arc::clone(&last.prepared), values))
        })
        .ok()
        .flatten()
}

/// Remember `prepared`, converted from a dict in `values` values with no faults.
pub fn remember(prepared: &Arc<PreparedContext>, values: usize) {
    let _ = LAST_CONTEXT.try_with(|cell| {
        if let Ok(mut last) = cell.try_borrow_mut() {
            *last = Some(Remembered {
                prepared: Arc::clone(prepared),
                values,
            });
        }
    });
}

/// How many values `obj` holds when converting it would give exactly `value` with no
/// faults, reading only exact JSON types; `None` at the first difference.
fn same_values(obj: &Bound<'_, PyAny>, value: &Value) -> Option<usize> {
    match value {
        Value::Null => obj.is_none().then_some(1),
        Value::Bool(flag) => {
            let given = obj.cast_exact::<PyBool>().ok()?;
            (given.is_true() == *flag).then_some(1)
        }
        Value::Number(_) => {
            let converted = if obj.is_exact_instance_of::<PyInt>() {
                integer_value(obj)?
            } else {
                float_value(obj.cast_exact::<PyFloat>().ok()?.value())?
            };
            same_number(&converted, value).then_some(1)
        }
        Value::String(text) => {
            if !obj.is_exact_instance_of::<PyString>() {
                return None;
            }
            (str_of(obj)? == text).then_some(1)
        }
        Value::Array(items) => {
            let list = obj.cast_exact::<PyList>().ok()?;
            if list.len() != items.len() {
                return None;
            }
            let mut values = 1;
            for (item, expected) in list.iter().zip(items) {
                values += same_values(&item, expected)?;
            }
            Some(values)
        }
        Value::Object(members) => {
            let dict = obj.cast_exact::<PyDict>().ok()?;
            if dict.len() != members.len() {
                return None;
            }
            let mut values = 1;
            for ((key, item), (name, expected)) in dict.iter().zip(members) {
                if !key.is_exact_instance_of::<PyString>() || str_of(&key)? != name {
                    return None;
                }
                values += same_values(&item, expected)?;
            }
            Some(values)
        }
    }
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
