//! The differential test against Google's libphonenumber (Python `phonenumbers==9.0.33`):
//! every line of a reference TSV written by `tests/phone/reference.py` must get the same
//! answer from smsrules' engine — validity, possibility (with reason) and the parsed
//! national number (or the same parse error).
//!
//! By default it reads the committed 10,000-number sample `tests/phone/reference_sample.tsv`.
//! `PHONE_REFERENCE=/path/a.tsv:/path/b.tsv cargo test --release -p smsrules --test
//! phone_reference` runs the full sets (see tests/phone/README.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use smsrules::phone::{
    canonical_e164, check_canonical, check_e164, check_lenient, normalize_lenient, parse_in_region,
    parse_international, ParseError, ParsedNumber, PhoneCheck, PhoneReason,
};

fn ours(number: &str) -> (String, String, String, String) {
    let result: Result<ParsedNumber, ParseError> = match number.strip_prefix('+') {
        Some(digits) => parse_international(digits.as_bytes()),
        None => {
            let (region, digits) = number.split_once(':').expect("REGION:digits");
            parse_in_region(digits.as_bytes(), region)
        }
    };
    match result {
        Err(error) => ("-".into(), "-".into(), format!("PARSE:{}", error.as_str()), "-".into()),
        Ok(parsed) => {
            let reason = parsed.possibility().as_str();
            let possible = matches!(reason, "IS_POSSIBLE" | "IS_POSSIBLE_LOCAL_ONLY");
            let nsn = if number.starts_with('+') {
                parsed.national_number().to_string()
            } else {
                format!("+{}{}", parsed.calling_code(), parsed.national_number())
            };
            (
                u8::from(parsed.is_valid()).to_string(),
                u8::from(possible).to_string(),
                reason.to_string(),
                nsn,
            )
        }
    }
}

fn compare(path: &std::path::Path) -> (usize, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut count = 0;
    let mut disagreements = Vec::new();
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')) {
        let columns: Vec<&str> = line.split('\t').collect();
        let [number, valid, possible, reason, nsn] = columns[..] else {
            panic!("bad line {line:?}");
        };
        count += 1;
        let (our_valid, our_possible, our_reason, our_nsn) = ours(number);
        if (valid, possible, reason, nsn)
            != (
                our_valid.as_str(),
                our_possible.as_str(),
                our_reason.as_str(),
                our_nsn.as_str(),
            )
        {
            disagreements.push(format!(
                "{number}\tpython: {valid} {possible} {reason} {nsn}\tours: {our_valid} {our_possible} {our_reason} {our_nsn}"
            ));
        }
    }
    (count, disagreements)
}

fn reference_paths() -> Vec<std::path::PathBuf> {
    match std::env::var("PHONE_REFERENCE") {
        Ok(list) => list.split(':').map(Into::into).collect(),
        Err(_) => vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/phone/reference_sample.tsv")],
    }
}

/// What `check_e164` must answer at each level, from libphonenumber's columns (docs/src/edge-cases.md).
fn expected_reasons(valid: &str, reason: &str) -> [Result<(), PhoneReason>; 2] {
    let possible = match reason {
        "IS_POSSIBLE" => Ok(()),
        "IS_POSSIBLE_LOCAL_ONLY" | "TOO_SHORT" | "PARSE:TOO_SHORT_NSN" => Err(PhoneReason::TooShort),
        "TOO_LONG" | "PARSE:TOO_LONG" => Err(PhoneReason::TooLong),
        "INVALID_LENGTH" => Err(PhoneReason::InvalidLength),
        "PARSE:INVALID_COUNTRY_CODE" => Err(PhoneReason::InvalidCountryCode),
        other => panic!("unexpected reason {other}"),
    };
    let valid = possible.and(if valid == "1" {
        Ok(())
    } else {
        Err(PhoneReason::InvalidNumber)
    });
    [possible, valid]
}

#[test]
fn check_e164_gives_the_reasons_of_the_reference_numbers() {
    let mut compared = 0;
    for path in reference_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| l.starts_with('+')) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [number, valid, _, reason, _] = columns[..] else {
                panic!("bad line {line:?}")
            };
            let digits = &number[1..];
            if digits.len() < 3 {
                continue; // NOT_A_NUMBER in parse(); phone_check.rs covers these reasons
            }
            if digits.len() > 15 || digits.starts_with('0') {
                assert_eq!(
                    check_e164(number, PhoneCheck::Valid),
                    Err(PhoneReason::NotE164),
                    "{number}"
                );
                continue;
            }
            let [possible, valid] = expected_reasons(valid, reason);
            assert_eq!(check_e164(number, PhoneCheck::Possible), possible, "{line}");
            assert_eq!(check_e164(number, PhoneCheck::Valid), valid, "{line}");
            assert_eq!(check_e164(number, PhoneCheck::E164), Ok(()), "{line}");
            compared += 1;
        }
    }
    assert!(compared > 1000, "only {compared} numbers compared");
}

#[test]
fn lenient_national_numbers_normalise_as_parse_with_a_region() {
    let mut compared = 0;
    for path in reference_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.starts_with('+') && !l.starts_with('#')) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [number, _, _, reason, e164] = columns[..] else {
                panic!("bad line {line:?}")
            };
            let (region, digits) = number.split_once(':').unwrap();
            // `00` is always `+` in lenient input (docs/src/edge-cases.md#phones), whatever the region's IDD.
            if reason.starts_with("PARSE:") || digits.starts_with("00") {
                continue;
            }
            assert_eq!(normalize_lenient(digits, Some(region)).as_deref(), Some(e164), "{line}");
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} national numbers compared");
}

/// The canonical form is libphonenumber's: `+`, the calling code and the national
/// significant number Python's `parse()` found (when that is E.164), and `check_canonical`
/// judges as `check_e164` does.
#[test]
fn canonical_forms_are_libphonenumbers() {
    let mut compared = 0;
    let mut rewritten = 0;
    for path in reference_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| l.starts_with('+')) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [number, _, _, reason, nsn] = columns[..] else {
                panic!("bad line {line:?}")
            };
            for level in [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164] {
                assert_eq!(
                    check_canonical(number, level).map(|_| ()),
                    check_e164(number, level),
                    "{line} at {level:?}"
                );
            }
            let digits = &number[1..];
            if digits.len() > 15 || digits.starts_with('0') || reason.starts_with("PARSE:") {
                assert_eq!(canonical_e164(number).of(number), number, "{line}");
                continue;
            }
            let code = parse_international(digits.as_bytes()).unwrap().calling_code();
            let parsed = format!("+{code}{nsn}");
            let expected = if parsed.len() <= 16 { parsed.as_str() } else { number };
            assert_eq!(canonical_e164(number).of(number), expected, "{line}");
            if let Ok(canonical) = check_canonical(number, PhoneCheck::Valid) {
                assert_eq!(canonical.of(number), expected, "{line}");
            }
            compared += 1;
            rewritten += usize::from(expected != number);
        }
    }
    assert!(compared > 1000, "only {compared} numbers compared");
    assert!(rewritten > 100, "only {rewritten} numbers parse to another spelling");
}

/// Lenient national input is judged as libphonenumber reads it, once: the verdict of
/// `parse(digits, region)` at each level, and its E.164 form as the answer.
#[test]
fn lenient_national_numbers_are_judged_as_parse_reads_them() {
    let mut compared = 0;
    for path in reference_paths() {
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines().filter(|l| !l.starts_with('+') && !l.starts_with('#')) {
            let columns: Vec<&str> = line.split('\t').collect();
            let [number, valid, _, reason, e164] = columns[..] else {
                panic!("bad line {line:?}")
            };
            let (region, digits) = number.split_once(':').unwrap();
            if reason.starts_with("PARSE:") || digits.starts_with("00") || e164.len() > 16 {
                continue;
            }
            let [possible, valid] = expected_reasons(valid, reason);
            let answer = |verdict: Result<(), PhoneReason>| verdict.map(|()| e164.to_owned());
            assert_eq!(
                check_lenient(digits, Some(region), PhoneCheck::Possible),
                Some(answer(possible)),
                "{line}"
            );
            assert_eq!(
                check_lenient(digits, Some(region), PhoneCheck::Valid),
                Some(answer(valid)),
                "{line}"
            );
            assert_eq!(
                check_lenient(digits, Some(region), PhoneCheck::E164),
                Some(Ok(e164.to_owned())),
                "{line}"
            );
            compared += 1;
        }
    }
    assert!(compared > 100, "only {compared} national numbers compared");
}

#[test]
fn agrees_with_libphonenumber_on_the_reference_numbers() {
    let paths = reference_paths();
    let mut failures = Vec::new();
    for path in &paths {
        let (count, disagreements) = compare(path);
        eprintln!(
            "{}: {count} numbers, {} disagreements",
            path.display(),
            disagreements.len()
        );
        assert!(count > 0, "{} holds no numbers", path.display());
        failures.extend(disagreements);
    }
    if !failures.is_empty() {
        let shown = failures.iter().take(40).cloned().collect::<Vec<_>>().join("\n");
        panic!(
            "{} disagreements with libphonenumber, first ones:\n{shown}",
            failures.len()
        );
    }
}
