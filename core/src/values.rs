//! Small helpers over JSON values shared by the rule modules.

use serde_json::{Number, Value};

/// The JSON type of a value, for messages.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The integer a number denotes, if it is integer-valued (`2.0` counts, docs/src/edge-cases.md).
pub(crate) fn as_integer(n: &Number) -> Option<i128> {
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    let f = n.as_f64()?;
    // Every double from 2^53 on is integral, up to the largest. Past the i128 range (about
    // 1.7e38) the cast saturates: the sign and the order are kept, which is all the range
    // checks need, and callers echo the number as it was written.
    if f.is_finite() && f.fract() == 0.0 {
        Some(f as i128)
    } else {
        None
    }
}

/// An integer-valued number in its plain integer spelling (`2.0` becomes `2`).
pub(crate) fn integral_number(n: &Number) -> Number {
    match as_integer(n) {
        Some(i) => {
            if let Ok(u) = u64::try_from(i) {
                Number::from(u)
            } else if let Ok(s) = i64::try_from(i) {
                Number::from(s)
            } else {
                n.clone()
            }
        }
        None => n.clone(),
    }
}

/// Length in UTF-16 code units (every character limit counts these).
pub(crate) fn utf16_len(s: &str) -> usize {
    // Most text is ASCII: one unit per byte, checked a word at a time.
    if s.is_ascii() {
        return s.len();
    }
    s.chars().map(char::len_utf16).sum()
}

/// The decimal digits of `value`, written into the end of `buffer` (20 bytes hold any
/// `u64`): for writers that build JSON text by hand without going through `fmt`.
pub(crate) fn decimal_digits(mut value: u64, buffer: &mut [u8; 20]) -> &[u8] {
    let mut start = buffer.len();
    loop {
        start -= 1;
        if let Some(slot) = buffer.get_mut(start) {
            // `value % 10` is a single digit.
            *slot = b'0' + (value % 10) as u8;
        }
        value /= 10;
        if value == 0 || start == 0 {
            break;
        }
    }
    buffer.get(start..).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integers() {
        assert_eq!(as_integer(json!(2.0).as_number().unwrap()), Some(2));
        assert_eq!(as_integer(json!(2.5).as_number().unwrap()), None);
        assert_eq!(as_integer(json!(-3).as_number().unwrap()), Some(-3));
        assert_eq!(integral_number(json!(7.0).as_number().unwrap()), Number::from(7u64));
        // Large doubles are integers too (no hidden upper bound), saturating past i128.
        assert_eq!(
            as_integer(json!(1e30).as_number().unwrap()),
            Some(1_000_000_000_000_000_019_884_624_838_656)
        );
        assert_eq!(as_integer(json!(1e300).as_number().unwrap()), Some(i128::MAX));
        assert_eq!(as_integer(json!(-1e300).as_number().unwrap()), Some(i128::MIN));
        assert_eq!(
            integral_number(json!(1e300).as_number().unwrap()),
            Number::from_f64(1e300).unwrap()
        );
        assert_eq!(utf16_len("a😀"), 3);
    }

    proptest::proptest! {
        /// The ASCII shortcut counts as the general path does.
        #[test]
        fn utf16_len_counts_code_units(text in "\\PC{0,40}|[ -~]{0,40}") {
            proptest::prop_assert_eq!(utf16_len(&text), text.encode_utf16().count());
        }
    }
}
