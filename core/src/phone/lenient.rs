//! Lenient phone input (docs/src/edge-cases.md#phones): formatted and national numbers to E.164 text.

use super::engine;

/// The first code point (digit zero) of every run of Unicode decimal digits (general
/// category Nd), Unicode 14.0 (from Python 3.11's `unicodedata`); each run is 0–9.
const DECIMAL_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0,
    0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620,
    0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10, 0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0,
    0x112F0, 0x11450, 0x114D0, 0x11650, 0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60,
    0x16AC0, 0x16B50, 0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// The value of a Unicode decimal digit.
fn decimal_digit(c: char) -> Option<u8> {
    let code = u32::from(c);
    let run = match DECIMAL_ZEROS.binary_search(&code) {
        Ok(index) => index,
        Err(index) => index.checked_sub(1)?,
    };
    let zero = *DECIMAL_ZEROS.get(run)?;
    let value = code - zero;
    u8::try_from(value).ok().filter(|&v| v < 10)
}

/// Formatting characters that lenient input drops: spaces and no-break spaces, hyphens
/// and dashes, dots, slashes and parentheses (with their full-width forms).
fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{2007}' | '\u{202F}' | '\u{3000}' | '-' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{FF0D}'
                | '.'
                | '\u{FF0E}'
                | '/'
                | '\u{FF0F}'
                | '('
                | ')'
                | '\u{FF08}'
                | '\u{FF09}'
    )
}

/// The digits of lenient input once formatting is dropped and `00` read as `+`, and
/// whether they follow a `+` (else they are a national number). `None` for anything that is
/// no phone spelling.
fn digits_of(input: &str) -> Option<(bool, Vec<u8>)> {
    let mut plus = false;
    let mut digits: Vec<u8> = Vec::with_capacity(input.len().min(64));
    for c in input.chars() {
        if is_separator(c) {
            continue;
        }
        if c == '+' || c == '\u{FF0B}' {
            // One plus sign, before every digit.
            if plus || !digits.is_empty() {
                return None;
            }
            plus = true;
            continue;
        }
        // Letters, extension markers (`ext`, `x`, `#`, `;`) and anything else: refused.
        digits.push(b'0' + decimal_digit(c)?);
    }
    if digits.is_empty() {
        return None;
    }
    if !plus && digits.starts_with(b"00") {
        digits.drain(..2);
        plus = true;
    }
    Some((plus, digits))
}

/// `+`, a calling code and national digits as E.164 text.
fn as_text(code: u16, national: &[u8]) -> String {
    let mut text = format!("+{code}");
    text.extend(national.iter().map(|&b| char::from(b)));
    text
}

/// `+` and the digits as typed.
fn plus_digits(digits: &[u8]) -> String {
    let mut text = String::with_capacity(digits.len() + 1);
    text.push('+');
    text.extend(digits.iter().map(|&b| char::from(b)));
    text
}

/// See [`super::normalize_lenient`].
pub(crate) fn normalize(input: &str, default_region: Option<&str>) -> Option<String> {
    let (plus, digits) = digits_of(input)?;
    if plus {
        return Some(match engine::parse_international(&digits) {
            Ok(parsed) => as_text(parsed.calling_code(), parsed.national_number().as_bytes()),
            // Not readable as libphonenumber reads it: hand back the digits as typed, so
            // that the strict check names the reason.
            Err(_) => plus_digits(&digits),
        });
    }
    let region_code = default_region?;
    let region = engine::region(region_code)?;
    Some(match engine::parse_in_region(&digits, region_code) {
        Ok(parsed) => as_text(parsed.calling_code(), parsed.national_number().as_bytes()),
        Err(_) => as_text(region.calling_code, &digits),
    })
}

/// See [`super::check_lenient`]. The number parse() reads is judged as it was read (judging
/// its canonical text again would parse it a second time, and a second parse can strip
/// another prefix); what parse() cannot read is judged as the E.164 text of its digits, so
/// the strict check names the reason.
pub(crate) fn judge(
    input: &str,
    default_region: Option<&str>,
    level: super::PhoneCheck,
) -> Option<Result<String, super::PhoneReason>> {
    let (plus, digits) = digits_of(input)?;
    let (parsed, fallback) = if plus {
        (engine::parse_international(&digits), plus_digits(&digits))
    } else {
        let region_code = default_region?;
        let region = engine::region(region_code)?;
        (
            engine::parse_in_region(&digits, region_code),
            as_text(region.calling_code, &digits),
        )
    };
    if let Ok(parsed) = parsed {
        if let Some(answer) = super::judge_parsed(&parsed, level) {
            return Some(answer);
        }
    }
    Some(super::judge_text(&fallback, level))
}
