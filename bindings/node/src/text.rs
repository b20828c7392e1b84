//! JSON text handed over as a JS string.
//!
//! A JS string can hold a lone surrogate, which no UTF-8 text (and so no Rust `String`) can.
//! Bytes off the wire never decode to one; a string built in JS can. Such text is not I-JSON,
//! and the core must still say so: each lone surrogate is written as the escape
//! `JSON.stringify` would write (`\udXXX`), which the core reports as `INVALID_JSON`. Right
//! after a backslash an escape could pair up with it into valid text, so there a NUL is
//! written instead — invalid JSON in every position.

use std::fmt::Write;

/// The text of a JS string's UTF-16 code units, lone surrogates made visible to the JSON
/// parser (module doc).
pub(crate) fn from_units(units: &[u16]) -> String {
    if let Ok(text) = String::from_utf16(units) {
        return text;
    }
    let mut text = String::with_capacity(units.len() + 8);
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok(c) => text.push(c),
            Err(lone) if text.ends_with('\\') => {
                let _ = lone;
                text.push('\0');
            }
            Err(lone) => {
                let _ = write!(text, "\\u{:04x}", lone.unpaired_surrogate());
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::from_units;

    fn units(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn well_formed_text_is_unchanged() {
        assert_eq!(from_units(&units("{\"a\":\"é😀\"}")), "{\"a\":\"é😀\"}");
    }

    #[test]
    fn a_lone_surrogate_becomes_its_escape() {
        let mut text = units("{\"a\":\"x");
        text.push(0xD800);
        text.extend(units("\"}"));
        assert_eq!(from_units(&text), "{\"a\":\"x\\ud800\"}");
    }

    #[test]
    fn after_a_backslash_it_becomes_nul_so_it_cannot_form_a_valid_escape() {
        let mut text = units("\"\\");
        text.push(0xDC00);
        text.extend(units("\""));
        assert_eq!(from_units(&text), "\"\\\0\"");
    }
}
