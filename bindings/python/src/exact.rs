//! The fast path of converting a document: values made only of the exact built-in JSON
//! types (`dict`, `list`, `str`, `int`, `float`, `bool`, `None`).
//!
//! Reading those types runs no Python code (no `__eq__`, `__hash__`, `__index__`, `__str__`),
//! so the walk keeps no pointer steps and takes the core's survey as it goes. Every object it
//! reads is still held by a strong reference, so nothing can be freed under it even when a
//! read does run Python code (the UTF-8 of a string with a lone surrogate fails by raising,
//! and raising can start a garbage collection, whose finalisers can do anything). At the
//! first thing it does not read that way (a subclass, a tuple, a value that is not JSON, a
//! lone surrogate, a container past the depth limit, a cycle, a container that changed, the
//! value budget spent) it gives up, and [`crate::convert::Converter`] converts the part again
//! on its careful path, which reports each of those exactly. Both paths give the same value
//! for what this one reads.

use crate::capi::{int_value, utf8_text, DictMembers};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
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
    /// Addresses of the containers enclosing the current value (the first `depth`), to give
    /// up on a cycle at once; each is held by the walk, so no address is reused meanwhile.
    ancestors: [usize; ANCESTORS],
    depth: usize,
}

impl ExactWalk {
    /// A walk with `remaining` values of budget and containers up to `max_depth` levels.
    pub fn new(remaining: usize, max_depth: usize) -> Self {
        ExactWalk {
            remaining,
            max_depth,
            survey: BodySurvey::new(),
            ancestors: [0; ANCESTORS],
            depth: 0,
        }
    }

    /// `obj` as a JSON value, or `None` where the careful path must take over.
    pub fn value(&mut self, obj: &Bound<'_, PyAny>, level: usize) -> Option<Value> {
        self.remaining = self.remaining.checked_sub(1)?;
        if let Ok(text) = obj.cast_exact::<PyString>() {
            let text = utf8_text(text)?;
            self.survey.string(text);
            return Some(Value::String(String::from(text)));
        }
        if let Ok(dict) = obj.cast_exact::<PyDict>() {
            return self.container(obj, level, |walk| walk.object(dict, level));
        }
        if let Ok(list) = obj.cast_exact::<PyList>() {
            return self.container(obj, level, |walk| walk.array(list, level));
        }
        let scalar = if obj.is_none() {
            Value::Null
        } else if let Ok(flag) = obj.cast_exact::<PyBool>() {
            Value::Bool(flag.is_true())
        } else if let Ok(int) = obj.cast_exact::<PyInt>() {
            // Past 64 bits (read as a double, after a read that raised and so could have run
            // a collection) the careful path takes over, as after any read that ran code.
            Some(int_value(int)?).filter(|number| number.is_i64() || number.is_u64())?
        } else if let Ok(float) = obj.cast_exact::<PyFloat>() {
            Value::Number(Number::from_f64(float.value())?)
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

    fn container(
        &mut self,
        obj: &Bound<'_, PyAny>,
        level: usize,
        build: impl FnOnce(&mut Self) -> Option<Value>,
    ) -> Option<Value> {
        let address = obj.as_ptr() as usize;
        let enclosing = self.ancestors.get(..self.depth).unwrap_or_default();
        if level > self.max_depth || enclosing.contains(&address) {
            return None;
        }
        *self.ancestors.get_mut(self.depth)? = address;
        self.depth += 1;
        let value = build(self);
        self.depth -= 1;
        value
    }

    fn object(&mut self, dict: &Bound<'_, PyDict>, level: usize) -> Option<Value> {
        let mut members = DictMembers::new(dict);
        let mut map = Map::with_capacity(members.len().min(self.remaining));
        while let Some((key, item)) = members.next_member().ok()? {
            let name = utf8_text(key.cast_exact::<PyString>().ok()?)?;
            self.survey.key(name);
            let name = String::from(name);
            let value = self.value(&item, level + 1)?;
            map.insert(name, value);
        }
        self.survey.object(level);
        Some(Value::Object(map))
    }

    fn array(&mut self, list: &Bound<'_, PyList>, level: usize) -> Option<Value> {
        let length = list.len();
        let mut items = Vec::with_capacity(length.min(self.remaining));
        for index in 0..length {
            // Nothing on this path runs Python code while it goes on, but a list that changed
            // anyway is the careful path's to report.
            if list.len() != length {
                return None;
            }
            let item = list.get_item(index).ok()?;
            items.push(self.value(&item, level + 1)?);
        }
        self.survey.array(items.len(), level);
        Some(Value::Array(items))
    }
}
