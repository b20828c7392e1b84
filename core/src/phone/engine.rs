//! libphonenumber's `parse()`, `isPossibleNumberWithReason()` and `isValidNumber()` over the
//! compiled tables: digit walks and table reads, no regex, no allocation.

use super::data::{CallingCode, Piece, PrefixRule, Territory, GENERAL_PATTERN, MATCH_AT_END, MATCH_BEFORE, VALID};
use super::prefix;
use super::tables::{ACCEPT, CALLING_CODES, CALLING_CODE_INDEX, MAX_NATIONAL_LENGTH, NODES, TERRITORIES};

/// libphonenumber's `MIN_LENGTH_FOR_NSN`.
const MIN_NATIONAL_LENGTH: usize = 2;
/// Longest national part this engine reads (longer ones are `TOO_LONG` whatever is stripped).
const MAX_INPUT_NATIONAL: usize = 32;
/// Room for a national number built by a transform rule (a few literal digits + the input).
const BUILT_CAPACITY: usize = MAX_INPUT_NATIONAL + 16;

/// `isPossibleNumberWithReason`'s answer (`ValidationResult`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Possibility {
    /// `IS_POSSIBLE`.
    IsPossible,
    /// `IS_POSSIBLE_LOCAL_ONLY`: a length only dialable inside an area.
    IsPossibleLocalOnly,
    /// `TOO_SHORT`.
    TooShort,
    /// `TOO_LONG`.
    TooLong,
    /// `INVALID_LENGTH`: between the possible lengths.
    InvalidLength,
}

impl Possibility {
    /// libphonenumber's spelling (`IS_POSSIBLE`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            Possibility::IsPossible => "IS_POSSIBLE",
            Possibility::IsPossibleLocalOnly => "IS_POSSIBLE_LOCAL_ONLY",
            Possibility::TooShort => "TOO_SHORT",
            Possibility::TooLong => "TOO_LONG",
            Possibility::InvalidLength => "INVALID_LENGTH",
        }
    }
}

/// Why libphonenumber's `parse()` refuses a number (`NumberParseException.ErrorType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParseError {
    /// `NOT_A_NUMBER`: fewer than 3 digits after `+` (2 for a national number).
    NotANumber,
    /// `INVALID_COUNTRY_CODE`: no calling code is a prefix of the digits.
    InvalidCountryCode,
    /// `TOO_SHORT_AFTER_IDD`: at most 2 digits after an international prefix.
    TooShortAfterIdd,
    /// `TOO_SHORT_NSN`: a national number of fewer than 2 digits.
    TooShortNsn,
    /// `TOO_LONG`: a national number of more than 17 digits.
    TooLong,
}

impl ParseError {
    /// libphonenumber's spelling (`NOT_A_NUMBER`, …).
    pub const fn as_str(self) -> &'static str {
        match self {
            ParseError::NotANumber => "NOT_A_NUMBER",
            ParseError::InvalidCountryCode => "INVALID_COUNTRY_CODE",
            ParseError::TooShortAfterIdd => "TOO_SHORT_AFTER_IDD",
            ParseError::TooShortNsn => "TOO_SHORT_NSN",
            ParseError::TooLong => "TOO_LONG",
        }
    }
}

/// A national number: a slice of the input, or one that a transform rule built.
#[derive(Debug, Clone, Copy)]
enum National<'a> {
    Borrowed(&'a [u8]),
    Built { digits: [u8; BUILT_CAPACITY], len: usize },
}

impl National<'_> {
    fn as_bytes(&self) -> &[u8] {
        match self {
            National::Borrowed(digits) => digits,
            National::Built { digits, len } => digits.get(..*len).unwrap_or(&[]),
        }
    }
}

/// A number as libphonenumber parses and judges it.
#[derive(Debug, Clone, Copy)]
pub struct ParsedNumber {
    calling_code: u16,
    national: [u8; MAX_NATIONAL_LENGTH],
    national_len: u8,
    possibility: Possibility,
    valid: bool,
}

impl ParsedNumber {
    /// The country calling code.
    pub fn calling_code(&self) -> u16 {
        self.calling_code
    }

    /// The national significant number (`national_significant_number()`), ASCII digits.
    pub fn national_number(&self) -> &str {
        let digits = self.national.get(..usize::from(self.national_len)).unwrap_or(&[]);
        std::str::from_utf8(digits).unwrap_or("")
    }

    /// `is_possible_number_with_reason`.
    pub fn possibility(&self) -> Possibility {
        self.possibility
    }

    /// `is_valid_number`.
    pub fn is_valid(&self) -> bool {
        self.valid
    }
}

fn territory(index: u16) -> Option<&'static Territory> {
    TERRITORIES.get(usize::from(index))
}

/// The calling code with this number, if the metadata has it.
pub(crate) fn calling_code(code: u16) -> Option<&'static CallingCode> {
    let index = *CALLING_CODE_INDEX.get(usize::from(code))?;
    CALLING_CODES.get(usize::from(index))
}

/// The territory of a region code (`US`); not `001`.
pub(crate) fn region(id: &str) -> Option<&'static Territory> {
    let index = super::tables::REGIONS.binary_search_by(|(r, _)| (*r).cmp(id)).ok()?;
    let (_, territory_index) = super::tables::REGIONS.get(index)?;
    territory(*territory_index).filter(|t| t.id == id)
}

/// Walks the automaton from `node` over ASCII digits; node 0 (dead) once off the tables.
#[inline]
fn walk(mut node: u16, digits: &[u8]) -> u16 {
    for &byte in digits {
        let index = usize::from(node) * 10 + usize::from(byte.wrapping_sub(b'0'));
        node = NODES.get(index).copied().unwrap_or(0);
    }
    node
}

#[inline]
fn accept(node: u16) -> u32 {
    ACCEPT.get(usize::from(node)).copied().unwrap_or(0)
}

/// `testNumberLength` against a territory's general-desc lengths.
pub(crate) fn test_length(length: usize, territory: &Territory) -> Possibility {
    let bit = |mask: u32| {
        u32::try_from(length)
            .ok()
            .and_then(|l| mask.checked_shr(l))
            .unwrap_or(0)
            & 1
            == 1
    };
    let possible = territory.possible_lengths;
    if length < 32 && bit(territory.local_only_lengths) {
        return Possibility::IsPossibleLocalOnly;
    }
    if possible == 0 {
        return Possibility::InvalidLength;
    }
    let min = possible.trailing_zeros() as usize;
    let max = 31 - possible.leading_zeros() as usize;
    if length == min {
        Possibility::IsPossible
    } else if length < min {
        Possibility::TooShort
    } else if length > max {
        Possibility::TooLong
    } else if bit(possible) {
        Possibility::IsPossible
    } else {
        Possibility::InvalidLength
    }
}

/// Whether `territory`'s general-desc pattern matches all of `digits` (no length test).
fn general_pattern_matches(root: u16, territory: &Territory, digits: &[u8]) -> bool {
    accept(walk(root, digits)) & (GENERAL_PATTERN << territory.position) != 0
}

/// `maybeStripNationalPrefixAndCarrierCode`: the national number after stripping, or
/// `None` when nothing is stripped.
fn strip_national_prefix<'a>(root: u16, territory: &Territory, number: &'a [u8]) -> Option<National<'a>> {
    let rule = territory.national_prefix?;
    // Only a non-empty match can change the number, and none starts with this digit.
    if !may_strip(territory, number) {
        return None;
    }
    let end = match_end(rule, number)?;
    // An empty match leaves the number as it is (the generator checked that no transform
    // group can take part in one).
    if end == 0 {
        return None;
    }
    let rest = number.get(end..)?;
    let transformed = match rule.transform {
        Some(pieces) => {
            // Only a transform needs the capture groups: run the program itself.
            let found = prefix::looking_at(rule, number)?;
            if found.group(rule.groups).is_some() {
                let mut digits = [0u8; BUILT_CAPACITY];
                let mut len = 0usize;
                let mut append = |part: &[u8]| -> Option<()> {
                    let target = digits.get_mut(len..len + part.len())?;
                    target.copy_from_slice(part);
                    len += part.len();
                    Some(())
                };
                for piece in pieces {
                    match piece {
                        Piece::Digits(literal) => append(literal)?,
                        Piece::Group(group) => {
                            if let Some((start, end)) = found.group(*group) {
                                append(number.get(start..end)?)?;
                            }
                        }
                    }
                }
                append(number.get(found.end..)?)?;
                National::Built { digits, len }
            } else {
                National::Borrowed(number.get(found.end..)?)
            }
        }
        // No transform: drop what the pattern matched.
        None => National::Borrowed(rest),
    };
    if general_pattern_matches(root, territory, number)
        && !general_pattern_matches(root, territory, transformed.as_bytes())
    {
        return None;
    }
    Some(transformed)
}

/// Where the leftmost-first match of `rule` at the start of `input` ends (`lookingAt`), by
/// walking its DFA; `None` when there is no match.
#[inline]
fn match_end(rule: &PrefixRule, input: &[u8]) -> Option<usize> {
    let flags = |state: u16| rule.dfa_flags.get(usize::from(state)).copied().unwrap_or(0);
    let mut state = 1u16;
    let mut end = None;
    for (position, &byte) in input.iter().enumerate() {
        state = rule
            .dfa
            .get(usize::from(state))
            .and_then(|row| row.get(usize::from(byte.wrapping_sub(b'0'))))
            .copied()
            .unwrap_or(0);
        if state == 0 {
            return end;
        }
        if flags(state) & MATCH_BEFORE != 0 {
            end = Some(position);
        }
    }
    if flags(state) & MATCH_AT_END != 0 {
        end = Some(input.len());
    }
    end
}

/// parse()'s use of the stripping: keep the stripped number only if its length test says
/// `IS_POSSIBLE` or `TOO_LONG`.
fn national_significant_number<'a>(root: u16, territory: &Territory, number: &'a [u8]) -> National<'a> {
    match strip_national_prefix(root, territory, number) {
        Some(stripped)
            if matches!(
                test_length(stripped.as_bytes().len(), territory),
                Possibility::IsPossible | Possibility::TooLong
            ) =>
        {
            stripped
        }
        _ => National::Borrowed(number),
    }
}

/// What the two checks say about a national significant number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// `is_possible_number_with_reason`.
    pub(crate) possibility: Possibility,
    /// `is_valid_number`.
    pub(crate) valid: bool,
    /// parse() read another national number than the digits after the calling code (it
    /// stripped a national prefix or applied a transform rule).
    pub(crate) rewritten: bool,
}

/// parse()'s length limits on the national significant number, then the two checks.
#[inline]
fn verdict(code: &CallingCode, main: &Territory, national: &[u8]) -> Result<Verdict, ParseError> {
    if national.len() < MIN_NATIONAL_LENGTH {
        return Err(ParseError::TooShortNsn);
    }
    if national.len() > MAX_NATIONAL_LENGTH {
        return Err(ParseError::TooLong);
    }
    Ok(Verdict {
        possibility: test_length(national.len(), main),
        valid: accept(walk(code.root, national)) & VALID != 0,
        rewritten: false,
    })
}

/// Judges the national significant number of `code`, keeping it.
fn judge(code: &CallingCode, main: &Territory, national: &National<'_>) -> Result<ParsedNumber, ParseError> {
    let digits = national.as_bytes();
    let verdict = verdict(code, main, digits)?;
    let mut stored = [0u8; MAX_NATIONAL_LENGTH];
    if let Some(target) = stored.get_mut(..digits.len()) {
        target.copy_from_slice(digits);
    }
    Ok(ParsedNumber {
        calling_code: code.code,
        national: stored,
        national_len: u8::try_from(digits.len()).unwrap_or(0),
        possibility: verdict.possibility,
        valid: verdict.valid,
    })
}

/// Whether stripping a national prefix could change `number`: the territory has a rule and
/// a non-empty match of it can start with the first digit.
#[inline]
fn may_strip(territory: &Territory, number: &[u8]) -> bool {
    match (territory.national_prefix, number.first()) {
        (Some(rule), Some(&first)) => {
            let digit = first.wrapping_sub(b'0');
            digit < 10 && rule.first_digits & (1u16 << digit) != 0
        }
        _ => false,
    }
}

/// [`check_international`] for a number whose national prefix may be stripped.
#[cold]
#[inline(never)]
fn check_stripped(code: &CallingCode, main: &Territory, number: &[u8]) -> Result<Verdict, ParseError> {
    let national = national_significant_number(code.root, main, number);
    let rewritten = national.as_bytes() != number;
    verdict(code, main, national.as_bytes()).map(|verdict| Verdict { rewritten, ..verdict })
}

/// The checks of `+digits` (ASCII digits known), without keeping the national number:
/// the hot path of `check_e164`.
pub(crate) fn check_international(digits: &[u8]) -> Result<Verdict, ParseError> {
    if digits.len() < 3 {
        return Err(ParseError::NotANumber);
    }
    let (code, main, number) = split_international(digits)?;
    if may_strip(main, number) {
        return check_stripped(code, main, number);
    }
    verdict(code, main, number)
}

/// The calling code, its main territory and the national part of `+digits` (≥ 3 digits).
#[inline]
fn split_international(digits: &[u8]) -> Result<(&'static CallingCode, &'static Territory, &[u8]), ParseError> {
    let (code, code_len) = leading_calling_code(digits).ok_or(ParseError::InvalidCountryCode)?;
    let number = digits.get(code_len..).unwrap_or(&[]);
    if number.len() < MIN_NATIONAL_LENGTH {
        return Err(ParseError::TooShortNsn);
    }
    if number.len() > MAX_INPUT_NATIONAL {
        return Err(ParseError::TooLong);
    }
    let main = territory(code.main).ok_or(ParseError::InvalidCountryCode)?;
    Ok((code, main, number))
}

/// The calling code that starts `digits` (shortest of 1–3 digits), and its length.
pub(crate) fn leading_calling_code(digits: &[u8]) -> Option<(&'static CallingCode, usize)> {
    if digits.first() == Some(&b'0') {
        return None;
    }
    let mut code = 0u16;
    for (index, &byte) in digits.iter().take(3).enumerate() {
        code = code * 10 + u16::from(byte.wrapping_sub(b'0'));
        if let Some(found) = calling_code(code) {
            return Some((found, index + 1));
        }
    }
    None
}

/// libphonenumber's view of `+digits` (`digits`: ASCII digits without the `+`): what
/// `parse()` makes of it, then `is_possible_number_with_reason` and `is_valid_number`.
/// Non-digits are `NOT_A_NUMBER`.
pub fn parse_international(digits: &[u8]) -> Result<ParsedNumber, ParseError> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(ParseError::NotANumber);
    }
    parse_international_digits(digits)
}

/// [`parse_international`] for input already known to be ASCII digits.
fn parse_international_digits(digits: &[u8]) -> Result<ParsedNumber, ParseError> {
    if digits.len() < 3 {
        return Err(ParseError::NotANumber);
    }
    parse_after_plus(digits)
}

/// parse() once the digits are known to follow `+` or an IDD.
fn parse_after_plus(digits: &[u8]) -> Result<ParsedNumber, ParseError> {
    let (code, main, number) = split_international(digits)?;
    let national = national_significant_number(code.root, main, number);
    judge(code, main, &national)
}

/// libphonenumber's view of a number written without a calling code (`digits`: ASCII
/// digits) read in `region`: parse(number, region) — including its test for a number that
/// starts with the region's own calling code — then the two checks.
fn parse_national(digits: &[u8], region: &Territory) -> Result<ParsedNumber, ParseError> {
    if digits.len() < MIN_NATIONAL_LENGTH {
        return Err(ParseError::NotANumber);
    }
    if digits.len() > MAX_INPUT_NATIONAL {
        return Err(ParseError::TooLong);
    }
    // maybeStripInternationalPrefixAndNormalize: the region's IDD, unless a 0 follows it.
    if let Some(idd) = region.international_prefix {
        if let Some(end) = match_end(idd, digits) {
            let rest = digits.get(end..).unwrap_or(&[]);
            if rest.first() != Some(&b'0') {
                if rest.len() <= MIN_NATIONAL_LENGTH {
                    return Err(ParseError::TooShortAfterIdd);
                }
                return parse_after_plus(rest);
            }
        }
    }
    let code = calling_code(region.calling_code).ok_or(ParseError::InvalidCountryCode)?;
    let main = territory(code.main).ok_or(ParseError::InvalidCountryCode)?;
    // maybeExtractCountryCode: a number that starts with the region's calling code is read
    // as international if that makes the general pattern match, or the whole is too long.
    let code_text = CodeText::new(region.calling_code);
    if let Some(after_code) = digits.strip_prefix(code_text.as_bytes()) {
        let potential = strip_national_prefix(code.root, region, after_code).unwrap_or(National::Borrowed(after_code));
        let whole_matches = general_pattern_matches(code.root, region, digits);
        let potential_matches = general_pattern_matches(code.root, region, potential.as_bytes());
        if (!whole_matches && potential_matches) || test_length(digits.len(), region) == Possibility::TooLong {
            // The calling code came from the number: parse() switches to its main territory.
            let potential = potential.as_bytes();
            if potential.len() < MIN_NATIONAL_LENGTH {
                return Err(ParseError::TooShortNsn);
            }
            let national = national_significant_number(code.root, main, potential);
            return judge(code, main, &national);
        }
    }
    let national = national_significant_number(code.root, region, digits);
    judge(code, main, &national)
}

/// libphonenumber's view of a number written without a calling code (`digits`: ASCII
/// digits only) in `region` (`GB`): `parse(digits, region)`, then
/// `is_possible_number_with_reason` and `is_valid_number`. An unknown region is
/// `INVALID_COUNTRY_CODE`, as in parse().
pub fn parse_in_region(digits: &[u8], region_code: &str) -> Result<ParsedNumber, ParseError> {
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(ParseError::NotANumber);
    }
    let territory = region(region_code).ok_or(ParseError::InvalidCountryCode)?;
    parse_national(digits, territory)
}

/// The decimal spelling of a calling code, without allocating.
struct CodeText {
    digits: [u8; 5],
    len: usize,
}

impl CodeText {
    fn new(mut code: u16) -> Self {
        let mut reversed = [0u8; 5];
        let mut len = 0;
        loop {
            if let Some(slot) = reversed.get_mut(len) {
                *slot = b'0' + (code % 10) as u8;
            }
            len += 1;
            code /= 10;
            if code == 0 || len == 5 {
                break;
            }
        }
        let mut digits = [0u8; 5];
        for (target, source) in digits.iter_mut().zip(reversed.iter().take(len).rev()) {
            *target = *source;
        }
        CodeText { digits, len }
    }

    fn as_bytes(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or(&[])
    }
}

#[cfg(test)]
mod tests {
    use super::super::tables::{CALLING_CODES, CALLING_CODE_INDEX, REGIONS};
    use super::*;

    /// Bytes of every static table (automaton, territories, prefix programs and DFAs).
    pub(crate) fn table_bytes() -> usize {
        use std::mem::size_of_val;
        let mut rules: Vec<&'static super::super::data::PrefixRule> = TERRITORIES
            .iter()
            .flat_map(|t| t.national_prefix.into_iter().chain(t.international_prefix))
            .collect();
        rules.sort_by_key(|r| std::ptr::from_ref(*r) as usize);
        rules.dedup_by_key(|r| std::ptr::from_ref(*r) as usize);
        let rule_bytes: usize = rules
            .iter()
            .map(|r| {
                size_of_val(*r)
                    + size_of_val(r.vm)
                    + r.vm
                        .iter()
                        .map(|n| size_of_val(n.next[0]) + size_of_val(n.next[1]))
                        .sum::<usize>()
                    + size_of_val(r.vm_start[0])
                    + size_of_val(r.vm_start[1])
                    + size_of_val(r.dfa)
                    + size_of_val(r.dfa_flags)
                    + r.transform.map_or(0, size_of_val)
            })
            .sum();
        size_of_val(&NODES)
            + size_of_val(&ACCEPT)
            + size_of_val(&TERRITORIES)
            + size_of_val(&REGIONS)
            + size_of_val(&CALLING_CODES)
            + size_of_val(&CALLING_CODE_INDEX)
            + rule_bytes
    }

    #[test]
    fn static_tables_stay_under_one_megabyte() {
        let bytes = table_bytes();
        eprintln!(
            "phone tables: {bytes} bytes (automaton {} + accept {})",
            NODES.len() * 2,
            ACCEPT.len() * 4
        );
        assert!(bytes < 1 << 20, "{bytes} bytes");
    }

    #[test]
    fn test_length_follows_libphonenumber() {
        let territory = region("GB").unwrap();
        // GB: national lengths 7, 9, 10; local-only 4–6 and 8.
        assert_eq!(test_length(10, territory), Possibility::IsPossible);
        assert_eq!(test_length(7, territory), Possibility::IsPossible);
        assert_eq!(test_length(8, territory), Possibility::IsPossibleLocalOnly);
        let us = region("US").unwrap();
        // US: national 10, local-only 7; 9 digits are too short, 7 local only.
        assert_eq!(test_length(9, us), Possibility::TooShort);
        assert_eq!(test_length(7, us), Possibility::IsPossibleLocalOnly);
        assert_eq!(test_length(11, us), Possibility::TooLong);
        assert_eq!(test_length(11, territory), Possibility::TooLong);
        assert_eq!(test_length(3, territory), Possibility::TooShort);
        assert_eq!(test_length(5, territory), Possibility::IsPossibleLocalOnly);
        assert_eq!(test_length(40, territory), Possibility::TooLong);
    }

    #[test]
    fn prefix_dfa_and_program_agree_on_the_match_end() {
        // Every rule, on every digit string of up to 3 digits, pseudo-random longer ones and a
        // few that reach the long alternatives.
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        for length in 1..=3 {
            let mut next = Vec::new();
            for input in inputs.iter().filter(|i| i.len() == length - 1) {
                for digit in b'0'..=b'9' {
                    let mut longer = input.clone();
                    longer.push(digit);
                    next.push(longer);
                }
            }
            inputs.extend(next);
        }
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..400 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let length = 4 + (seed % 11) as usize;
            inputs.push((0..length).map(|i| b'0' + ((seed >> (i * 4)) % 10) as u8).collect());
        }
        inputs.push(b"0111512345678".to_vec());
        inputs.push(b"9012345678901".to_vec());
        inputs.push(b"00376801234567".to_vec());
        for territory in TERRITORIES.iter() {
            for rule in territory
                .national_prefix
                .into_iter()
                .chain(territory.international_prefix)
            {
                for input in &inputs {
                    let program_end = prefix::looking_at(rule, input).map(|m| m.end);
                    assert_eq!(
                        match_end(rule, input),
                        program_end,
                        "{} {:?}",
                        territory.id,
                        std::str::from_utf8(input)
                    );
                }
            }
        }
    }
}
