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
    judge_verdict(engine::check_international(digits), digits, level)
}

/// The reason a parse or a verdict fails `level` (`Possible` or `Valid`), if it does.
fn judge_verdict(
    verdict: Result<engine::Verdict, ParseError>,
    digits: &[u8],
    level: PhoneCheck,
) -> Result<(), PhoneReason> {
    let verdict = match verdict {
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

/// Most digits of an E.164 number.
const E164_MAX_DIGITS: usize = 15;

/// A number's canonical E.164 text: `+`, the calling code and the national significant
/// number as libphonenumber's `parse()` reads it. Fixed size: making one allocates nothing.
#[derive(Clone, Copy)]
pub struct CanonicalNumber {
    text: [u8; 1 + E164_MAX_DIGITS],
    len: u8,
}

impl CanonicalNumber {
    /// The canonical text of a parsed number; `None` when it is longer than E.164 allows.
    fn of(parsed: &ParsedNumber) -> Option<CanonicalNumber> {
        let mut text = [0u8; 1 + E164_MAX_DIGITS];
        let mut code_digits = [0u8; 20];
        let code = crate::values::decimal_digits(u64::from(parsed.calling_code()), &mut code_digits);
        let mut len = 0usize;
        for part in [b"+".as_slice(), code, parsed.national_number().as_bytes()] {
            text.get_mut(len..len + part.len())?.copy_from_slice(part);
            len += part.len();
        }
        Some(CanonicalNumber {
            text,
            len: u8::try_from(len).ok()?,
        })
    }

    /// The text, `+` and ASCII digits.
    pub fn as_str(&self) -> &str {
        let bytes = self.text.get(..usize::from(self.len)).unwrap_or(&[]);
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

impl PartialEq for CanonicalNumber {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for CanonicalNumber {}

impl std::fmt::Debug for CanonicalNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("CanonicalNumber").field(&self.as_str()).finish()
    }
}

/// How a number's text stands to its canonical E.164 form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canonical {
    /// The text is its canonical form (or parse() cannot read it: then the text stands).
    AsWritten,
    /// parse() reads another number than the digits written: `+4402079460958` (a trunk
    /// prefix after the calling code) is `+442079460958`.
    Rewritten(CanonicalNumber),
}

impl Canonical {
    /// The canonical text of a number written as `written`.
    pub fn of<'a>(&'a self, written: &'a str) -> &'a str {
        match self {
            Canonical::AsWritten => written,
            Canonical::Rewritten(number) => number.as_str(),
        }
    }
}

/// Judge `number` (strict E.164 text) at `level`, as [`check_e164`] does, and give its
/// canonical form: the one spelling every comparison of numbers uses. No allocation; the
/// same walk as [`check_e164`], and a second parse, off the hot path, only for a number
/// parse() reads as another (a trunk prefix after the calling code). At level `E164` the
/// number is still parsed for its form: parse()'s when it can read the number, else the text.
pub fn check_canonical(number: &str, level: PhoneCheck) -> Result<Canonical, PhoneReason> {
    let digits = strict_digits(number)?;
    let verdict = engine::check_international(digits);
    if level != PhoneCheck::E164 {
        judge_verdict(verdict, digits, level)?;
    }
    if verdict.is_ok_and(|verdict| verdict.rewritten) {
        return Ok(rewritten_form(digits));
    }
    Ok(Canonical::AsWritten)
}

/// The canonical form of `+digits` that parse() reads as another national number.
#[cold]
#[inline(never)]
fn rewritten_form(digits: &[u8]) -> Canonical {
    engine::parse_international(digits)
        .ok()
        .and_then(|parsed| CanonicalNumber::of(&parsed))
        .map_or(Canonical::AsWritten, Canonical::Rewritten)
}

/// The canonical form of `number` whatever its verdict: parse()'s reading of strict E.164
/// text, else the text itself (for numbers the context holds, which are compared, not judged).
pub fn canonical_e164(number: &str) -> Canonical {
    check_canonical(number, PhoneCheck::E164).unwrap_or(Canonical::AsWritten)
}

/// Judge lenient input (the spellings [`normalize_lenient`] reads) at `level`:
/// the number libphonenumber's `parse()` reads from it is judged, once, and its canonical
/// E.164 text is the answer. `None` when the input is no phone spelling at all (letters,
/// an extension, a national number without a known `default_region`).
pub fn check_lenient(
    input: &str,
    default_region: Option<&str>,
    level: PhoneCheck,
) -> Option<Result<String, PhoneReason>> {
    lenient::judge(input, default_region, level)
}

/// The canonical answer for a number parse() read from lenient input, or `None` when its
/// canonical text is longer than E.164 allows.
fn judge_parsed(parsed: &ParsedNumber, level: PhoneCheck) -> Option<Result<String, PhoneReason>> {
    let canonical = CanonicalNumber::of(parsed)?;
    if level != PhoneCheck::E164 {
        let verdict = engine::Verdict {
            possibility: parsed.possibility(),
            valid: parsed.is_valid(),
            rewritten: false,
        };
        if let Err(reason) = judge_verdict(Ok(verdict), &[], level) {
            return Some(Err(reason));
        }
    }
    Some(Ok(canonical.as_str().to_owned()))
}

/// [`check_canonical`] of E.164 text built from lenient input, the canonical text owned.
fn judge_text(text: &str, level: PhoneCheck) -> Result<String, PhoneReason> {
    check_canonical(text, level).map(|canonical| canonical.of(text).to_owned())
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
