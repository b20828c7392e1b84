//! CONTRACT STUB — to be replaced (helper "phone").
//!
//! Phone number syntax, possibility and validity with libphonenumber's exact semantics,
//! compiled ahead of time from the metadata (SPEC §3.2, §8 "Phones").

/// The libphonenumber metadata release that judges numbers.
pub const PHONE_METADATA_VERSION: &str = "9.0.33";

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

/// Judge `number`, which must be strict E.164 text, at `level`. No allocation, no lock.
pub fn check_e164(number: &str, level: PhoneCheck) -> Result<(), PhoneReason> {
    let _ = level;
    let digits = number.strip_prefix('+').ok_or(PhoneReason::NotE164)?;
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.starts_with('0') {
        return Err(PhoneReason::NotE164);
    }
    Ok(())
}

/// Lenient input (SPEC §8): strip spaces, no-break spaces, hyphens, dots, slashes and
/// parentheses; `00` for `+`; Unicode decimal digits mapped to ASCII; a number without a
/// calling code read in `default_region` (national prefix handled as libphonenumber parses).
/// Letters and extensions are refused (`None`). Returns the E.164 text; it is not judged here.
pub fn normalize_lenient(input: &str, default_region: Option<&str>) -> Option<String> {
    let _ = default_region;
    let cleaned: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '/')).collect();
    cleaned.starts_with('+').then_some(cleaned)
}

/// Whether `region` (ISO 3166-1 alpha-2, upper case) is a region of the metadata.
pub fn is_known_region(region: &str) -> bool {
    region.len() == 2
}
