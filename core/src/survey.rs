//! One quick pass over a parsed body that tells when the exact passes can be skipped: an
//! upper bound of its RFC 8785 size (the size limits), its nesting depth and whether any key
//! or string holds a noncharacter (what [`crate::json::scan`] reports). Most bodies are small,
//! shallow and plain, and then neither the canonical length nor the scan is needed.

use serde_json::Value;

/// What [`survey`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Survey {
    /// At least the canonical length of the body (an escaped byte takes at most 6 bytes, a
    /// number at most 24).
    pub canonical_bound: usize,
    /// The deepest container level (the root container is 1; 0 for a scalar).
    pub deepest: usize,
    /// Whether a key or string holds a noncharacter.
    pub noncharacter: bool,
}

/// Survey `value`: every value once, in no particular order, with no per-byte work but the
/// noncharacter test (which looks at each byte only when one could start one).
pub(crate) fn survey(value: &Value) -> Survey {
    // Longest ECMAScript number text, e.g. `-2.2250738585072014e-308`.
    const NUMBER: usize = 24;
    let escaped = |text: &str| 6usize.saturating_mul(text.len()).saturating_add(2);
    let mut found = Survey {
        canonical_bound: 0,
        deepest: 0,
        noncharacter: false,
    };
    let mut pending: Vec<(&Value, usize)> = Vec::with_capacity(32);
    pending.push((value, 1));
    while let Some((next, level)) = pending.pop() {
        let size = match next {
            Value::Null | Value::Bool(_) => 5,
            Value::Number(_) => NUMBER,
            Value::String(text) => {
                found.noncharacter |= crate::json::has_noncharacter(text);
                escaped(text)
            }
            // Brackets and a comma per item.
            Value::Array(items) => {
                found.deepest = found.deepest.max(level);
                pending.extend(items.iter().map(|item| (item, level + 1)));
                items.len().saturating_add(2)
            }
            // Braces, and per member a comma, a colon and the key.
            Value::Object(map) => {
                found.deepest = found.deepest.max(level);
                let mut size = 2usize;
                for (key, member) in map {
                    found.noncharacter |= crate::json::has_noncharacter(key);
                    size = size.saturating_add(escaped(key)).saturating_add(2);
                    pending.push((member, level + 1));
                }
                size
            }
        };
        found.canonical_bound = found.canonical_bound.saturating_add(size);
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
            let (too_deep, not_ijson) = crate::json::scan(&value, max_depth);
            proptest::prop_assert_eq!(too_deep.is_empty(), found.deepest <= max_depth);
            proptest::prop_assert_eq!(not_ijson.is_empty(), !found.noncharacter);
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
