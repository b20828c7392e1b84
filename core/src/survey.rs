//! One quick pass over a parsed body that tells when the exact passes can be skipped: an
//! upper bound of its RFC 8785 size (the size limits), its nesting depth and whether any key
//! or string holds a noncharacter (what [`crate::json::scan`] reports). Most bodies are small,
//! shallow and plain, and then neither the canonical length nor the scan is needed.
//!
//! A binding that builds the body value itself can take the survey as it builds, piece by
//! piece ([`BodySurvey`]'s methods), and hand it over with the document: the check then skips
//! its own pass over the body.

use serde_json::Value;

/// What the survey of a body found: built by the check's own pass, or by a binding calling
/// one method per piece of the body as it builds it ([`crate::Document::with_body_survey`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BodySurvey {
    /// At least the canonical length of the body (an escaped byte takes at most 6 bytes, a
    /// number at most 24).
    pub(crate) canonical_bound: usize,
    /// The deepest container level (the root container is 1; 0 for a scalar).
    pub(crate) deepest: usize,
    /// Whether a key or string holds a noncharacter.
    pub(crate) noncharacter: bool,
}

/// Longest ECMAScript number text, e.g. `-2.2250738585072014e-308`.
const NUMBER: usize = 24;

/// At most the canonical length of a string holding `text`.
fn escaped(text: &str) -> usize {
    6usize.saturating_mul(text.len()).saturating_add(2)
}

impl BodySurvey {
    /// Nothing surveyed yet.
    pub fn new() -> BodySurvey {
        BodySurvey::default()
    }

    fn grow(&mut self, size: usize) {
        self.canonical_bound = self.canonical_bound.saturating_add(size);
    }

    /// A `null`, `true` or `false`.
    pub fn literal(&mut self) {
        self.grow(5);
    }

    /// A number.
    pub fn number(&mut self) {
        self.grow(NUMBER);
    }

    /// A string value.
    pub fn string(&mut self, text: &str) {
        self.noncharacter |= crate::json::has_noncharacter(text);
        self.grow(escaped(text));
    }

    /// The key of an object member (with the member's comma and colon).
    pub fn key(&mut self, key: &str) {
        self.noncharacter |= crate::json::has_noncharacter(key);
        self.grow(escaped(key).saturating_add(2));
    }

    /// An array of `items` items at container `level` (the body object is level 1).
    pub fn array(&mut self, items: usize, level: usize) {
        self.deepest = self.deepest.max(level);
        self.grow(items.saturating_add(2));
    }

    /// An object at container `level` (its members' keys are [`BodySurvey::key`]).
    pub fn object(&mut self, level: usize) {
        self.deepest = self.deepest.max(level);
        self.grow(2);
    }
}

/// Survey `value`: every value once, in no particular order, with no per-byte work but the
/// noncharacter test (which looks at each byte only when one could start one).
pub(crate) fn survey(value: &Value) -> BodySurvey {
    let mut found = BodySurvey::new();
    let mut pending: Vec<(&Value, usize)> = Vec::with_capacity(32);
    pending.push((value, 1));
    while let Some((next, level)) = pending.pop() {
        match next {
            Value::Null | Value::Bool(_) => found.literal(),
            Value::Number(_) => found.number(),
            Value::String(text) => found.string(text),
            Value::Array(items) => {
                found.array(items.len(), level);
                pending.extend(items.iter().map(|item| (item, level + 1)));
            }
            Value::Object(map) => {
                found.object(level);
                for (key, member) in map {
                    found.key(key);
                    pending.push((member, level + 1));
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::tests::json_value;
    use serde_json::json;

    proptest::proptest! {
        /// The bound is never below the exact length; depth and noncharacters agree with the
        /// scan they let the check skip.
        #[test]
        fn agrees_with_the_exact_passes(value in json_value(), max_depth in 0usize..6) {
            let found = survey(&value);
            proptest::prop_assert!(found.canonical_bound >= crate::fingerprint::canonical_len(&value));
            let scanned = crate::json::scan(&value, max_depth);
            proptest::prop_assert_eq!(scanned.too_deep.is_empty(), found.deepest <= max_depth);
            proptest::prop_assert_eq!(scanned.faults.is_empty(), !found.noncharacter);
        }
    }

    /// What a binding does: each piece surveyed as it is built, children before their
    /// container and keys as they are met.
    fn built(value: &Value, level: usize, survey: &mut BodySurvey) {
        match value {
            Value::Null | Value::Bool(_) => survey.literal(),
            Value::Number(_) => survey.number(),
            Value::String(text) => survey.string(text),
            Value::Array(items) => {
                items.iter().for_each(|item| built(item, level + 1, survey));
                survey.array(items.len(), level);
            }
            Value::Object(map) => {
                for (key, member) in map {
                    survey.key(key);
                    built(member, level + 1, survey);
                }
                survey.object(level);
            }
        }
    }

    proptest::proptest! {
        /// Surveying while building, in that order, is the survey of the whole.
        #[test]
        fn surveyed_while_built_is_the_survey(value in json_value()) {
            let mut while_built = BodySurvey::new();
            built(&value, 1, &mut while_built);
            proptest::prop_assert_eq!(while_built, survey(&value));
        }
    }

    #[test]
    fn depth_and_noncharacters() {
        assert_eq!(survey(&json!(1)).deepest, 0);
        assert_eq!(survey(&json!({"a": [1, {"b": []}]})).deepest, 4);
        assert!(survey(&json!({"a": ["x\u{fdd0}"]})).noncharacter);
        assert!(survey(&json!({"\u{10fffe}": 1})).noncharacter);
        assert!(!survey(&json!({"é€😀\u{fffd}": "\u{efffd}"})).noncharacter);
    }
}
