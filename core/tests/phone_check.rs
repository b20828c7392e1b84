//! The phone engine's public contract (docs/src/rules/index.md#phone-numbers, docs/src/edge-cases.md#phones): strict syntax, reasons,
//! libphonenumber semantics that are easy to get wrong, the two traps of the `phonenumber`
//! crate, lenient input and regions. Expected values come from Python `phonenumbers==9.0.33`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use smsrules::phone::{
    canonical_e164, check_canonical, check_e164, check_lenient, is_known_region, normalize_lenient, parse_in_region,
    parse_international, Canonical, ParseError, PhoneCheck, PhoneReason, Possibility, PHONE_METADATA_SHA256,
    PHONE_METADATA_VERSION,
};

fn valid(number: &str) -> Result<(), PhoneReason> {
    check_e164(number, PhoneCheck::Valid)
}

fn possible(number: &str) -> Result<(), PhoneReason> {
    check_e164(number, PhoneCheck::Possible)
}

#[test]
fn the_phonenumber_crates_prefix_match_traps_are_rejected() {
    // The crate accepts both: it matches a pattern at the start of the national number.
    assert_eq!(valid("+8610123450"), Err(PhoneReason::InvalidNumber));
    assert_eq!(valid("+632323456553"), Err(PhoneReason::InvalidNumber));
    // Their lengths are possible: only the prefix is wrong.
    assert_eq!(possible("+8610123450"), Ok(()));
    assert_eq!(possible("+632323456553"), Ok(()));
}

#[test]
fn valid_numbers_from_several_countries() {
    for number in [
        "+14155552671",   // US
        "+16135550123",   // CA shares +1
        "+12423570000",   // BS, a +1 region selected by leading digits
        "+442079460958",  // GB
        "+4930123456",    // DE
        "+33612345678",   // FR mobile
        "+919876543210",  // IN
        "+8613123456789", // CN mobile
        "+5491123456789", // AR mobile
        "+61412345678",   // AU
        "+80012345678",   // non-geographic +800
    ] {
        assert_eq!(valid(number), Ok(()), "{number}");
    }
}

#[test]
fn strict_syntax_is_plus_and_one_to_fifteen_ascii_digits() {
    for number in [
        "",
        "+",
        "14155552671",
        "+014155552671",
        "+1 4155552671",
        "+1-415-555-2671",
        "++14155552671",
        "+1415555267a",
        "+1234567890123456",       // 16 digits
        "+１４１５５５５２６７１", // full-width digits are not digits in strict mode
        "+٩٦٦٥٠١٢٣٤٥٦٧",           // Arabic-Indic digits neither
        " +14155552671",
        "+14155552671\n",
    ] {
        for level in [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164] {
            assert_eq!(
                check_e164(number, level),
                Err(PhoneReason::NotE164),
                "{number:?} at {level:?}"
            );
        }
    }
    assert_eq!(check_e164("+123456789012345", PhoneCheck::E164), Ok(()));
    assert_eq!(check_e164("+999123", PhoneCheck::E164), Ok(()));
}

#[test]
fn reasons_follow_is_possible_number_with_reason() {
    assert_eq!(valid("+999123456"), Err(PhoneReason::InvalidCountryCode));
    assert_eq!(possible("+999123456"), Err(PhoneReason::InvalidCountryCode));
    assert_eq!(valid("+1967312345"), Err(PhoneReason::TooShort));
    assert_eq!(valid("+2328007591759"), Err(PhoneReason::TooLong));
    assert_eq!(valid("+5085512384"), Err(PhoneReason::InvalidLength));
    assert_eq!(possible("+5085512384"), Err(PhoneReason::InvalidLength));
    // IS_POSSIBLE_LOCAL_ONLY counts as too short, even where is_valid_number says yes.
    assert_eq!(possible("+9771456890"), Err(PhoneReason::TooShort));
    assert_eq!(valid("+13101234"), Err(PhoneReason::TooShort));
    // Possible length, prefix not assigned.
    assert_eq!(valid("+11115550000"), Err(PhoneReason::InvalidNumber));
    assert_eq!(possible("+11115550000"), Ok(()));
}

#[test]
fn a_bare_calling_code_is_too_short() {
    for number in ["+1", "+7", "+44", "+12", "+212", "+2125"] {
        assert_eq!(valid(number), Err(PhoneReason::TooShort), "{number}");
        assert_eq!(possible(number), Err(PhoneReason::TooShort), "{number}");
    }
    // Digits that start no calling code have none.
    for number in ["+2", "+21", "+999", "+8", "+80"] {
        assert_eq!(valid(number), Err(PhoneReason::InvalidCountryCode), "{number}");
    }
}

#[test]
fn parse_strips_the_national_prefix_after_the_calling_code() {
    // +44 0 20… is +44 20… to libphonenumber; the parsed national number drops the 0.
    assert_eq!(valid("+4402079460958"), Ok(()));
    assert_eq!(
        parse_international(b"4402079460958").unwrap().national_number(),
        "2079460958"
    );
    // +1 1 212…
    assert_eq!(valid("+112125550100"), Ok(()));
    // Argentina: 0 11 15 xxxx → 9 11 xxxx (transform rule).
    let ar = parse_international(b"54091123456789").unwrap();
    assert_eq!(ar.national_number(), "91123456789");
    assert!(ar.is_valid());
    // San Marino, Norfolk Island, Madagascar: local numbers are expanded.
    assert_eq!(
        parse_international(b"378939955").unwrap().national_number(),
        "0549939955"
    );
    assert_eq!(parse_international(b"67222496").unwrap().national_number(), "322496");
    assert_eq!(
        parse_international(b"2610321234567").unwrap().national_number(),
        "321234567"
    );
    // Japan: 00 37 68 0 is a carrier prefix.
    assert_eq!(
        parse_international(b"81003768312345678").unwrap().national_number(),
        "312345678"
    );
    // Stripping is kept only if the rest is long enough (else the number stays as is).
    let short = parse_international(b"4401234").unwrap();
    assert_eq!(short.national_number(), "01234");
}

#[test]
fn trunk_prefix_spellings_have_the_plain_canonical_form() {
    // Each pair is one number to libphonenumber (a trunk prefix after the calling code).
    for (trunk, plain) in [
        ("+4402079460958", "+442079460958"),
        ("+784951234567", "+74951234567"),
        ("+4901701234567", "+491701234567"),
        ("+330612345678", "+33612345678"),
        ("+610412345678", "+61412345678"),
        ("+112125550100", "+12125550100"),
    ] {
        for level in [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164] {
            let canonical = check_canonical(trunk, level).unwrap();
            assert!(matches!(canonical, Canonical::Rewritten(_)), "{trunk}");
            assert_eq!(canonical.of(trunk), plain, "{trunk} at {level:?}");
            assert_eq!(
                check_canonical(plain, level),
                Ok(Canonical::AsWritten),
                "{plain} at {level:?}"
            );
        }
        assert_eq!(canonical_e164(trunk).of(trunk), plain);
    }
    // A first digit that could start a prefix but is kept: the number is as written.
    for number in ["+78001234567", "+14155552671", "+4930123456"] {
        assert_eq!(
            check_canonical(number, PhoneCheck::Valid),
            Ok(Canonical::AsWritten),
            "{number}"
        );
    }
    // Failing numbers give their reason, as check_e164 does; text that is not strict E.164
    // is its own canonical form.
    assert_eq!(
        check_canonical("+111111111111111", PhoneCheck::Valid),
        Err(PhoneReason::TooLong)
    );
    assert_eq!(check_canonical("+44 20", PhoneCheck::E164), Err(PhoneReason::NotE164));
    assert_eq!(
        canonical_e164("+44 0 20 7946 0958").of("+44 0 20 7946 0958"),
        "+44 0 20 7946 0958"
    );
    assert_eq!(canonical_e164("+999123456").of("+999123456"), "+999123456");
}

#[test]
fn lenient_input_is_judged_once_as_parse_reads_it() {
    // +1 1111… is read once (the national prefix 1 stripped once) and is too
    // long; it is not first rewritten to a 14-digit number and judged again.
    assert_eq!(
        check_lenient("+111111111111111", None, PhoneCheck::Valid),
        Some(Err(PhoneReason::TooLong))
    );
    assert_eq!(
        check_lenient("+44 (0)20 7946 0958", None, PhoneCheck::Valid),
        Some(Ok("+442079460958".to_owned()))
    );
    // Digits typed past 15 whose canonical form is E.164 (a trunk prefix in brackets).
    assert_eq!(
        check_lenient("+49 (0) 1512 3456 7890", None, PhoneCheck::Valid),
        check_lenient("+49 1512 3456 7890", None, PhoneCheck::Valid)
    );
    assert_eq!(
        check_lenient("020 7946 0958", Some("GB"), PhoneCheck::Valid),
        Some(Ok("+442079460958".to_owned()))
    );
    assert_eq!(
        check_lenient("+0 415", None, PhoneCheck::E164),
        Some(Err(PhoneReason::NotE164))
    );
    assert_eq!(
        check_lenient("+999 123 456", None, PhoneCheck::Valid),
        Some(Err(PhoneReason::InvalidCountryCode))
    );
    assert_eq!(check_lenient("1-800-FLOWERS", Some("US"), PhoneCheck::E164), None);
    assert_eq!(check_lenient("020 7946 0958", None, PhoneCheck::E164), None);
}

#[test]
fn parse_errors_are_libphonenumbers() {
    assert_eq!(parse_international(b"12").unwrap_err(), ParseError::NotANumber);
    assert_eq!(
        parse_international(b"999123").unwrap_err(),
        ParseError::InvalidCountryCode
    );
    assert_eq!(
        parse_international(b"0441234").unwrap_err(),
        ParseError::InvalidCountryCode
    );
    assert_eq!(parse_international(b"2125").unwrap_err(), ParseError::TooShortNsn);
    assert_eq!(
        parse_international(b"4912345678901234567890").unwrap_err(),
        ParseError::TooLong
    );
    assert_eq!(parse_international(b"1415a").unwrap_err(), ParseError::NotANumber);
    assert_eq!(
        parse_international(b"14155552671").unwrap().possibility(),
        Possibility::IsPossible
    );
}

#[test]
fn lenient_input_is_normalised_to_e164() {
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        ("+1 (415) 555-2671", None, Some("+14155552671")),
        ("+1.415.555.2671", None, Some("+14155552671")),
        ("+1/415/555/2671", None, Some("+14155552671")),
        ("+1\u{a0}415\u{a0}555\u{2011}2671", None, Some("+14155552671")),
        ("001 415 555 2671", None, Some("+14155552671")),
        ("0044 20 7946 0958", Some("US"), Some("+442079460958")),
        ("+44 (0)20 7946 0958", None, Some("+442079460958")),
        ("020 7946 0958", Some("GB"), Some("+442079460958")),
        ("(415) 555-2671", Some("US"), Some("+14155552671")),
        ("1 415 555 2671", Some("US"), Some("+14155552671")),
        ("011 44 20 7946 0958", Some("US"), Some("+442079460958")), // US IDD
        ("030 123456", Some("DE"), Some("+4930123456")),
        ("011 15 2345 6789", Some("AR"), Some("+5491123456789")),
        ("０２０ ７９４６ ０９５８", Some("GB"), Some("+442079460958")), // full-width
        ("٠٢٠٧٩٤٦٠٩٥٨", Some("GB"), Some("+442079460958")),              // Arabic-Indic
        // Refused: letters, extensions, a national number without a region, unknown region.
        ("+1 415 555 2671 ext. 12", None, None),
        ("+1 415 555 2671 x12", None, None),
        ("+1 415 555 2671#12", None, None),
        ("1-800-FLOWERS", Some("US"), None),
        ("020 7946 0958", None, None),
        ("020 7946 0958", Some("ZZ"), None),
        ("", Some("US"), None),
        ("+", None, None),
        ("4+4", None, None),
        // Not readable by parse(): the digits as typed, for check_e164 to name the reason.
        ("+999 123 456", None, Some("+999123456")),
        ("1", Some("US"), Some("+11")),
    ];
    for &(input, region, expected) in cases {
        assert_eq!(
            normalize_lenient(input, region).as_deref(),
            expected,
            "{input:?} in {region:?}"
        );
    }
    assert_eq!(
        check_e164(&normalize_lenient("+999 123 456", None).unwrap(), PhoneCheck::Valid),
        Err(PhoneReason::InvalidCountryCode)
    );
}

#[test]
fn national_parsing_follows_parse_with_a_region() {
    let gb = parse_in_region(b"02079460958", "GB").unwrap();
    assert_eq!(
        (gb.calling_code(), gb.national_number(), gb.is_valid()),
        (44, "2079460958", true)
    );
    // A number that starts with the region's own calling code.
    let de = parse_in_region(b"4930123456", "DE").unwrap();
    assert_eq!((de.calling_code(), de.national_number()), (49, "30123456"));
    // Guernsey reads 6-digit local numbers with its transform rule (1481…), as GG, not GB.
    let gg = parse_in_region(b"712345", "GG").unwrap();
    assert_eq!(gg.national_number(), "1481712345");
    assert_eq!(
        parse_in_region(b"02079460958", "XX").unwrap_err(),
        ParseError::InvalidCountryCode
    );
    assert_eq!(parse_in_region(b"5", "GB").unwrap_err(), ParseError::NotANumber);
}

#[test]
fn known_regions_are_the_metadatas() {
    for region in ["US", "GB", "DE", "CA", "GG", "AC", "TA", "XK", "AX"] {
        assert!(is_known_region(region), "{region}");
    }
    for region in ["us", "Us", "001", "ZZ", "UK", "", "USA", "U"] {
        assert!(!is_known_region(region), "{region}");
    }
}

#[test]
fn the_metadata_is_pinned() {
    assert_eq!(PHONE_METADATA_VERSION, "9.0.33");
    // sha256 of core/phone-data/PhoneNumberMetadata.xml (phonenumber 0.3.10+9.0.33's asset).
    assert_eq!(
        PHONE_METADATA_SHA256,
        "8235fe573e09770c6cea25b351ea5866999f147051e84c8973c07df87e17fb73"
    );
}

mod properties {
    use proptest::prelude::*;
    use smsrules::phone::{
        canonical_e164, check_canonical, check_e164, normalize_lenient, Canonical, PhoneCheck, PhoneReason,
    };

    proptest! {
        /// Any text gets an answer (never a panic); syntax is judged before anything else.
        #[test]
        fn any_text_is_judged(text in "\\PC{0,24}") {
            let strict = text.len() >= 2
                && text.len() <= 16
                && text.starts_with('+')
                && text.as_bytes()[1] != b'0'
                && text.bytes().skip(1).all(|b| b.is_ascii_digit());
            for level in [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164] {
                let result = check_e164(&text, level);
                prop_assert_eq!(result == Err(PhoneReason::NotE164), !strict, "{:?}", text);
            }
        }

        /// Digit strings: valid implies possible; E.164 level accepts all of them.
        #[test]
        fn valid_implies_possible(digits in "[1-9][0-9]{0,14}") {
            let number = format!("+{digits}");
            prop_assert_eq!(check_e164(&number, PhoneCheck::E164), Ok(()));
            if check_e164(&number, PhoneCheck::Valid).is_ok() {
                prop_assert_eq!(check_e164(&number, PhoneCheck::Possible), Ok(()));
            }
            let possible = check_e164(&number, PhoneCheck::Possible);
            let valid = check_e164(&number, PhoneCheck::Valid);
            if let Err(reason) = possible {
                prop_assert_eq!(valid, Err(reason));
            }
        }

        /// A trunk prefix after the calling code spells the same number: wherever the plain
        /// spelling is valid, the spelling with the country's national prefix is valid too and
        /// has the plain one as its canonical form, so the two compare equal.
        #[test]
        fn trunk_prefix_spellings_compare_equal(
            (code, trunk, national) in prop_oneof![
                ("44", "0", "7[4-9][0-9]{8}|20[0-9]{8}"),
                ("49", "0", "1[5-7][0-9]{8,9}|30[0-9]{6,8}"),
                ("33", "0", "[67][0-9]{8}|[1-5][0-9]{8}"),
                ("61", "0", "4[0-9]{8}|[2378][0-9]{8}"),
                ("7", "8", "9[0-9]{9}|495[0-9]{7}"),
                ("1", "1", "[2-9][0-9]{2}[2-9][0-9]{6}"),
            ].prop_flat_map(|(code, trunk, pattern)| (Just(code), Just(trunk), proptest::string::string_regex(&pattern).unwrap())),
        ) {
            let plain = format!("+{code}{national}");
            let spelled = format!("+{code}{trunk}{national}");
            if let Ok(form) = check_canonical(&plain, PhoneCheck::Valid) {
                prop_assert_eq!(form, Canonical::AsWritten, "{}", plain);
                let other = check_canonical(&spelled, PhoneCheck::Valid);
                prop_assert!(other.is_ok(), "{} is valid, {} gives {:?}", plain, spelled, other);
                let form = other.unwrap();
                prop_assert_eq!(form.of(&spelled), plain.as_str());
                let form = canonical_e164(&spelled);
                prop_assert_eq!(form.of(&spelled), plain.as_str());
            }
        }

        /// The canonical form of a valid number is its own canonical form, and is valid too.
        /// (Not so for numbers that are merely possible: libphonenumber's reading is not
        /// idempotent there, `+49000000` reads as `+4900000`, which reads as `+490000`.)
        #[test]
        fn canonical_forms_are_fixed_points(digits in "[1-9][0-9]{2,14}") {
            let number = format!("+{digits}");
            for level in [PhoneCheck::Valid] {
                if let Ok(form) = check_canonical(&number, level) {
                    let canonical = form.of(&number);
                    prop_assert_eq!(check_canonical(canonical, level), Ok(Canonical::AsWritten), "{} -> {}", number, canonical);
                }
            }
        }

        /// Lenient output is `+` and ASCII digits, and formatting does not change it.
        #[test]
        fn lenient_output_is_plus_and_digits(digits in "[0-9]{1,16}", region in prop::sample::select(vec!["US", "GB", "DE", "AR", "JP", "BR", "IN", "GG"])) {
            let plain = normalize_lenient(&digits, Some(region));
            if let Some(text) = &plain {
                prop_assert!(text.starts_with('+') && text[1..].bytes().all(|b| b.is_ascii_digit()), "{}", text);
            }
            let spaced: String = digits.chars().flat_map(|c| [c, ' ']).collect();
            prop_assert_eq!(normalize_lenient(&format!("({spaced})"), Some(region)), plain);
        }
    }
}
