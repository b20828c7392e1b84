//! Phone number syntax, possibility and validity with libphonenumber's exact semantics,
//! compiled ahead of time from its metadata (docs/src/rules/index.md#phone-numbers, docs/src/edge-cases.md#phones).
//!
//! The metadata is `core/phone-data/PhoneNumberMetadata.xml` (libphonenumber
//! [`PHONE_METADATA_VERSION`], as shipped in the `phonenumber` crate 0.3.10+9.0.33).
//! `tools/phone-gen` compiles it into `tables.rs`: one minimal acyclic automaton per
//! calling code whose accept bits answer `is_valid_number` (type patterns with their own
//! lengths, region selection by leading digits) and each territory's general pattern, plus
//! a leftmost-first DFA per national/international prefix pattern and, for transform
//! rules, a small capture VM. A check is a few table reads per digit: no regex, no
//! allocation, no lock, nothing to warm up.
//!
//! Regenerate after changing the XML:
//! `cargo run --release -p phone-gen -- core/phone-data/PhoneNumberMetadata.xml core/src/phone/tables.rs`.

mod data;
mod engine;
mod lenient;
mod prefix;
#[rustfmt::skip]
mod tables;

pub use engine::{parse_in_region, parse_international, ParseError, ParsedNumber, Possibility};

/// The libphonenumber metadata release that judges numbers.
pub const PHONE_METADATA_VERSION: &str = "9.0.33";

/// sha256 of the PhoneNumberMetadata.xml the tables were compiled from.
pub const PHONE_METADATA_SHA256: &str = tables::METADATA_SHA256;

/// How strictly a number is judged (`options.phone_check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PhoneCheck {
    /// Length and prefix by the metadata (`is_valid_number`).
    #[default]
    Valid,
    /// Length only (`is_possible_number`).
    Possible,
    /// Strict E.164 syntax only.
    E164,
}

/// `params.reason` of `INVALID_PHONE_NUMBER`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneReason {
    /// Not `+` then 1–15 ASCII digits with a first digit 1–9.
    NotE164,
    /// No such calling code.
    InvalidCountryCode,
    /// Too short (also "possible local only", and a bare calling code).
    TooShort,
    /// Too long.
    TooLong,
    /// A length between the possible ones.
    InvalidLength,
    /// Possible length, but the prefix is not assigned in any region of the calling code.
    InvalidNumber,
}

impl PhoneReason {
    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            PhoneReason::NotE164 => "NOT_E164",
            PhoneReason::InvalidCountryCode => "INVALID_COUNTRY_CODE",
            PhoneReason::TooShort => "TOO_SHORT",
            PhoneReason::TooLong => "TOO_LONG",
            PhoneReason::InvalidLength => "INVALID_LENGTH",
            PhoneReason::InvalidNumber => "INVALID_NUMBER",
        }
    }
}

/// The digits of strict E.164 text: `+` then 1–15 ASCII digits, the first 1–9.
fn strict_digits(number: &str) -> Result<&[u8], PhoneReason> {
    let digits = number.as_bytes().strip_prefix(b"+").ok_or(PhoneReason::NotE164)?;
    match digits.first() {
        Some(b'1'..=b'9') if digits.len() <= 15 && digits.iter().all(u8::is_ascii_digit) => Ok(digits),
        _ => Err(PhoneReason::NotE164),
    }
}

/// Judge `number`, which must be strict E.164 text, at `level`. No allocation, no lock.
///
/// `Possible` is libphonenumber's `is_possible_number_with_reason` on the parsed number
/// (main region of the calling code); `Valid` is that, then `is_valid_number`. The number
/// is parsed as `parse()` does, national prefix stripping and transform rules included
/// (`+44 0 20 …` is the same number as `+44 20 …`).
pub fn check_e164(number: &str, level: PhoneCheck) -> Result<(), PhoneReason> {
    let digits = strict_digits(number)?;
    if level == PhoneCheck::E164 {
        return Ok(());
    }
    let verdict = match engine::check_international(digits) {
        Ok(verdict) => verdict,
        Err(ParseError::InvalidCountryCode) => return Err(PhoneReason::InvalidCountryCode),
        // Fewer than 3 digits: a bare calling code (or the start of one) is too short;
        // digits that start no calling code have none.
        Err(ParseError::NotANumber) => {
            return Err(if starts_with_calling_code(digits) {
                PhoneReason::TooShort
            } else {
                PhoneReason::InvalidCountryCode
            })
        }
        Err(ParseError::TooShortNsn | ParseError::TooShortAfterIdd) => return Err(PhoneReason::TooShort),
        Err(ParseError::TooLong) => return Err(PhoneReason::TooLong),
    };
    match verdict.possibility {
        Possibility::IsPossible => {}
        Possibility::IsPossibleLocalOnly | Possibility::TooShort => return Err(PhoneReason::TooShort),
        Possibility::TooLong => return Err(PhoneReason::TooLong),
        Possibility::InvalidLength => return Err(PhoneReason::InvalidLength),
    }
    if level == PhoneCheck::Valid && !verdict.valid {
        return Err(PhoneReason::InvalidNumber);
    }
    Ok(())
}

fn starts_with_calling_code(digits: &[u8]) -> bool {
    engine::leading_calling_code(digits).is_some()
}

/// Lenient input (docs/src/edge-cases.md): strip spaces, no-break spaces, hyphens, dots, slashes and
/// parentheses; `00` for `+`; Unicode decimal digits mapped to ASCII; a number without a
/// calling code read in `default_region` (national prefix handled as libphonenumber parses).
/// Letters and extensions are refused (`None`). Returns the E.164 text; it is not judged here.
///
/// The result is `+`, the calling code and the national significant number that
/// libphonenumber's `parse()` finds (`+44 (0)20 7946 0958` → `+442079460958`); when parse()
/// would fail, it is the digits as typed (after `+` and the region's calling code), so that
/// [`check_e164`] names the reason. `None` also when a national number has no (known)
/// `default_region`. Only `00` is read as an international prefix.
pub fn normalize_lenient(input: &str, default_region: Option<&str>) -> Option<String> {
    lenient::normalize(input, default_region)
}

/// Whether `region` (ISO 3166-1 alpha-2, upper case) is a region of the metadata.
pub fn is_known_region(region: &str) -> bool {
    engine::region(region).is_some()
}
