//! The strict JSON parser (`smsrules::json`): agreement with serde_json, every syntax error
//! class, I-JSON faults, duplicate keys, depth limits and hostile sizes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use proptest::prelude::*;
use serde_json::{json, Number, Value};
use smsrules::json::{parse, scan, Fault, ParseOptions, Parsed, SyntaxError};

const ROOMY: ParseOptions = ParseOptions { max_depth: 64 };

fn parse_ok(text: &str, options: ParseOptions) -> Parsed {
    parse(text, options).unwrap_or_else(|error| panic!("{text:?} did not parse: {error:?}"))
}

fn parse_err(text: &str, options: ParseOptions) -> SyntaxError {
    match parse(text, options) {
        Ok(parsed) => panic!("{text:?} parsed to {:?}", parsed.value),
        Err(error) => error,
    }
}

fn depth(max_depth: usize) -> ParseOptions {
    ParseOptions { max_depth }
}

fn faults(list: &[(&str, Fault)]) -> Vec<(String, Fault)> {
    list.iter()
        .map(|(pointer, fault)| ((*pointer).to_owned(), *fault))
        .collect()
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|text| (*text).to_owned()).collect()
}

/// The line and column of `offset`, counted the slow way.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text.as_bytes()[..offset.min(text.len())];
    let before = String::from_utf8_lossy(before);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn assert_error_shape(text: &str, error: &SyntaxError) {
    assert!(error.offset <= text.len(), "{text:?}: {error:?}");
    assert_eq!(
        (error.line, error.column),
        line_and_column(text, error.offset),
        "{text:?}: {error:?}"
    );
    assert!(!error.message.is_empty());
    assert!(!error.message.contains('\n'), "{error:?}");
    let first = error.message.chars().next().unwrap();
    assert!(!first.is_uppercase(), "{error:?}");
}

#[test]
fn parses_documents_like_serde_json() {
    let documents = [
        "null",
        "true",
        " false ",
        "0",
        "-0",
        "-0.0",
        "12",
        "-12",
        "1.5",
        "1E2",
        "1e-2",
        "2.0",
        "18446744073709551615",
        "18446744073709551616",
        "-9223372036854775808",
        "-9223372036854775809",
        "123456789012345678901234567890",
        "\"\"",
        "\"plain\"",
        "\"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0000 \\u00e9 \\uD83D\\uDE00\"",
        "\"raw é 日本 😀 \u{7f}\"",
        "[]",
        "{}",
        "[1,[2,[3,{}]],{\"a\":[]}]",
        "{\"user_number\":\"+14155552671\",\"metadata\":{\"a\":{\"b\":[1,2.5,null,true]}}}",
        " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n",
        "{\"\":0,\"a\":{\"\":[]}}",
    ];
    for text in documents {
        let parsed = parse_ok(text, ROOMY);
        let expected: Value = serde_json::from_str(text).unwrap();
        assert_eq!(parsed.value, expected, "{text}");
        assert_eq!(parsed.value.to_string(), expected.to_string(), "{text}");
        assert!(
            parsed.duplicates.is_empty() && parsed.too_deep.is_empty() && parsed.faults.is_empty(),
            "{text}"
        );
    }
}

#[test]
fn integers_stay_integers_and_others_become_floats() {
    assert!(parse_ok("18446744073709551615", ROOMY).value.is_u64());
    assert!(parse_ok("-9223372036854775808", ROOMY).value.is_i64());
    assert!(parse_ok("-9223372036854775809", ROOMY).value.is_f64());
    assert!(parse_ok("18446744073709551616", ROOMY).value.is_f64());
    assert!(parse_ok("2.0", ROOMY).value.is_f64());
    assert!(parse_ok("7", ROOMY).value.is_u64());
    assert!(parse_ok("-7", ROOMY).value.is_i64());
}

/// (text, byte offset, message) for every class of syntax error.
const SYNTAX_ERRORS: &[(&str, usize, &str)] = &[
    ("", 0, "empty text, expected a json value"),
    ("  \n\t ", 5, "empty text, expected a json value"),
    ("\u{FEFF}{}", 0, "byte-order mark before the json text"),
    ("\u{FEFF}", 0, "byte-order mark before the json text"),
    ("[1,]", 2, "trailing comma before `]`"),
    ("[1 , \n ]", 3, "trailing comma before `]`"),
    ("{\"a\":1,}", 6, "trailing comma before `}`"),
    ("[1 2]", 3, "expected `,` or `]` after an array element"),
    ("[1:2]", 2, "expected `,` or `]` after an array element"),
    ("{\"a\" 1}", 5, "expected `:` after an object key"),
    ("{\"a\":1 \"b\":2}", 7, "expected `,` or `}` after an object member"),
    ("{1:2}", 1, "expected a string key or `}`"),
    ("{SECRET:2}", 1, "expected a string key or `}`"),
    ("{\"a\":1,2}", 7, "expected a string key after `,`"),
    ("{'SECRET':1}", 1, "strings must be in double quotes"),
    ("'SECRET'", 0, "strings must be in double quotes"),
    ("// SECRET\n{}", 0, "comments are not allowed in json"),
    ("[1] // SECRET", 4, "comments are not allowed in json"),
    ("[1, /* SECRET */ 2]", 4, "comments are not allowed in json"),
    ("[1 /* SECRET */]", 3, "comments are not allowed in json"),
    ("{/* SECRET */}", 1, "comments are not allowed in json"),
    ("NaN", 0, "`NaN` and `Infinity` are not json numbers"),
    ("[Infinity]", 1, "`NaN` and `Infinity` are not json numbers"),
    ("-Infinity", 0, "`NaN` and `Infinity` are not json numbers"),
    ("+1", 0, "a number cannot start with `+`"),
    (".5", 0, "a number cannot start with `.`"),
    ("01", 0, "a number cannot have leading zeros"),
    ("-01", 1, "a number cannot have leading zeros"),
    ("[00]", 1, "a number cannot have leading zeros"),
    ("-", 1, "expected a digit after `-`"),
    ("-a", 1, "expected a digit after `-`"),
    ("1.", 2, "expected a digit after the decimal point"),
    ("1.e5", 2, "expected a digit after the decimal point"),
    ("1e", 2, "expected a digit in the exponent"),
    ("1e+", 3, "expected a digit in the exponent"),
    ("1E-x", 3, "expected a digit in the exponent"),
    ("0x10", 1, "unexpected characters after the json value"),
    (
        "\"SECRET\nSECRET\"",
        7,
        "control character in a string, it must be escaped",
    ),
    ("\"\t\"", 1, "control character in a string, it must be escaped"),
    ("\"\u{0}\"", 1, "control character in a string, it must be escaped"),
    ("{\"\u{1f}\":1}", 2, "control character in a string, it must be escaped"),
    ("\"SECRET\\x\"", 7, "invalid escape in a string"),
    ("\"\\'\"", 1, "invalid escape in a string"),
    ("\"\\U0041\"", 1, "invalid escape in a string"),
    ("\"\\u12\"", 1, "invalid `\\u` escape, expected four hex digits"),
    ("\"\\u12G4\"", 1, "invalid `\\u` escape, expected four hex digits"),
    ("\"\\uD800\\u12\"", 7, "invalid `\\u` escape, expected four hex digits"),
    ("\"\\u", 1, "invalid `\\u` escape, expected four hex digits"),
    ("\"SECRET", 7, "unexpected end of text inside a string"),
    ("\"SECRET\\", 8, "unexpected end of text inside a string"),
    ("[\"SECRET", 8, "unexpected end of text inside a string"),
    ("[", 1, "unexpected end of text, expected a value"),
    ("[1,", 3, "unexpected end of text, expected a value"),
    ("{\"a\":", 5, "unexpected end of text, expected a value"),
    ("[1, 2", 5, "unexpected end of text inside an array"),
    ("{", 1, "unexpected end of text inside an object"),
    ("{\"a\"", 4, "unexpected end of text inside an object"),
    ("{\"a\":1", 6, "unexpected end of text inside an object"),
    ("{\"a\":1,", 7, "unexpected end of text inside an object"),
    ("tru", 0, "invalid literal, expected `true`, `false` or `null`"),
    ("nul", 0, "invalid literal, expected `true`, `false` or `null`"),
    ("[fals]", 1, "invalid literal, expected `true`, `false` or `null`"),
    ("True", 0, "expected a value"),
    ("SECRET", 0, "expected a value"),
    ("\u{a0}1", 0, "expected a value"),
    ("\u{b}1", 0, "expected a value"),
    ("]", 0, "expected a value, found a closing bracket"),
    ("{\"a\":}", 5, "expected a value, found a closing bracket"),
    ("[,1]", 1, "expected a value, found `,`"),
    ("[1,,2]", 3, "expected a value, found `,`"),
    ("{\"a\"::1}", 5, "expected a value, found `:`"),
    ("[1]]", 3, "unexpected characters after the json value"),
    ("{} {}", 3, "unexpected characters after the json value"),
    ("1 2", 2, "unexpected characters after the json value"),
    ("truex", 4, "unexpected characters after the json value"),
    ("\"a\" SECRET", 4, "unexpected characters after the json value"),
];

#[test]
fn every_syntax_error_class_is_reported_with_its_place() {
    for &(text, offset, message) in SYNTAX_ERRORS {
        let error = parse_err(text, ROOMY);
        assert_eq!((error.offset, error.message.as_str()), (offset, message), "{text:?}");
        assert_error_shape(text, &error);
        assert!(!error.message.contains("SECRET"), "{text:?} leaked into {error:?}");
        let serde = serde_json::from_str::<Value>(text);
        assert!(serde.is_err(), "serde_json accepts {text:?}");
    }
}

#[test]
fn syntax_errors_inside_skipped_containers_are_the_same_errors() {
    // The third level is skipped with max_depth 2, yet its syntax is checked.
    for &(text, offset, message) in SYNTAX_ERRORS {
        if text.starts_with('\u{FEFF}') || text.trim().is_empty() {
            continue;
        }
        let wrapped = format!("[[[{text}]]]");
        let error = parse_err(&wrapped, depth(2));
        let deep = parse_err(&wrapped, ROOMY);
        assert_eq!(error, deep, "{wrapped:?}");
        let _ = (offset, message);
        assert_error_shape(&wrapped, &error);
    }
    let error = parse_err("[[[1,]]]", depth(1));
    assert_eq!((error.offset, error.message.as_str()), (4, "trailing comma before `]`"));
    let error = parse_err("[{\"a\":{\"b\" 1}}]", depth(1));
    assert_eq!(
        (error.offset, error.message.as_str()),
        (11, "expected `:` after an object key")
    );
    let error = parse_err("[[[1]]", depth(1));
    assert_eq!(
        (error.offset, error.message.as_str()),
        (6, "unexpected end of text inside an array")
    );
    let error = parse_err("{\"a\":[{\"b\":1,}]}", depth(1));
    assert_eq!(
        (error.offset, error.message.as_str()),
        (12, "trailing comma before `}`")
    );
}

#[test]
fn lines_and_columns_are_one_based_and_count_characters() {
    let error = parse_err("{\n  \"a\": 1,\n  \"b\" 2\n}", ROOMY);
    assert_eq!((error.line, error.column), (3, 7));
    let error = parse_err("[\"é😀\", x]", ROOMY);
    assert_eq!((error.offset, error.line, error.column), (11, 1, 8));
    let error = parse_err("[1,\r\n]", ROOMY);
    assert_eq!((error.offset, error.line, error.column), (2, 1, 3));
    let error = parse_err("\n\n", ROOMY);
    assert_eq!((error.offset, error.line, error.column), (2, 3, 1));
}

#[test]
fn a_byte_order_mark_is_refused_even_before_valid_json() {
    let error = parse_err("\u{FEFF}{\"user_number\":\"+14155552671\"}", ROOMY);
    assert_eq!((error.offset, error.line, error.column), (0, 1, 1));
    // Elsewhere U+FEFF is an ordinary character of a string, and not whitespace.
    assert_eq!(parse_ok("\"\u{FEFF}\"", ROOMY).value, json!("\u{FEFF}"));
    assert_eq!(parse_err("[\u{FEFF}1]", ROOMY).message, "expected a value");
}

#[test]
fn lone_surrogates_become_replacement_characters_and_are_reported() {
    type Case<'a> = (&'a str, Value, &'a [(&'a str, Fault)]);
    let cases: &[Case] = &[
        ("\"\\uD800\"", json!("\u{FFFD}"), &[("", Fault::LoneSurrogate)]),
        ("[\"\\uDC00x\"]", json!(["\u{FFFD}x"]), &[("/0", Fault::LoneSurrogate)]),
        ("\"\\uD800\\u0041\"", json!("\u{FFFD}A"), &[("", Fault::LoneSurrogate)]),
        ("\"\\uD800\\n\"", json!("\u{FFFD}\n"), &[("", Fault::LoneSurrogate)]),
        ("\"\\uDBFF\"", json!("\u{FFFD}"), &[("", Fault::LoneSurrogate)]),
        (
            "\"\\uD800\\uD800\"",
            json!("\u{FFFD}\u{FFFD}"),
            &[("", Fault::LoneSurrogate)],
        ),
        (
            "\"\\uDE00\\uD83D\"",
            json!("\u{FFFD}\u{FFFD}"),
            &[("", Fault::LoneSurrogate)],
        ),
        ("\"\\uD83D\\uDE00\"", json!("😀"), &[]),
        ("\"\\ud83d\\ude00\"", json!("😀"), &[]),
        ("\"\\uD7FF\\uE000\"", json!("\u{D7FF}\u{E000}"), &[]),
        (
            "{\"k\":{\"x/y~\\uD800\":1}}",
            json!({"k": {"x/y~\u{FFFD}": 1}}),
            &[("/k/x~1y~0\u{FFFD}", Fault::LoneSurrogate)],
        ),
        (
            "[\"\\uD800\\uFDD0\",\"\\uFFFF\\uDC00\"]",
            json!(["\u{FFFD}\u{FDD0}", "\u{FFFF}\u{FFFD}"]),
            &[
                ("/0", Fault::LoneSurrogate),
                ("/0", Fault::Noncharacter),
                ("/1", Fault::Noncharacter),
                ("/1", Fault::LoneSurrogate),
            ],
        ),
    ];
    for (text, value, expected) in cases {
        let parsed = parse_ok(text, ROOMY);
        assert_eq!(&parsed.value, value, "{text}");
        assert_eq!(parsed.faults, faults(expected), "{text}");
    }
}

#[test]
fn noncharacters_are_reported_escaped_or_raw_in_strings_and_keys() {
    let noncharacters = [
        '\u{FDD0}',
        '\u{FDEF}',
        '\u{FFFE}',
        '\u{FFFF}',
        '\u{1FFFE}',
        '\u{2FFFF}',
        '\u{EFFFE}',
        '\u{10FFFF}',
    ];
    for c in noncharacters {
        let escaped = serde_json::to_string(&c.to_string()).unwrap();
        let mut units = [0u16; 2];
        let by_escape = c
            .encode_utf16(&mut units)
            .iter()
            .map(|unit| format!("\\u{unit:04X}"))
            .collect::<String>();
        for text in [escaped.clone(), format!("\"{by_escape}\""), format!("\"a{c}b\"")] {
            let parsed = parse_ok(&text, ROOMY);
            assert_eq!(parsed.faults, faults(&[("", Fault::Noncharacter)]), "{text}");
            assert!(parsed.value.as_str().unwrap().contains(c));
        }
        let key = format!("{{\"m\":{{\"k{c}\":[\"{c}\"]}}}}");
        let parsed = parse_ok(&key, ROOMY);
        let member = format!("/m/k{c}");
        let element = format!("/m/k{c}/0");
        assert_eq!(
            parsed.faults,
            faults(&[(&member, Fault::Noncharacter), (&element, Fault::Noncharacter)]),
            "{key}"
        );
    }
    for c in [
        '\u{FDCF}',
        '\u{FDF0}',
        '\u{FFFD}',
        '\u{FFFC}',
        '\u{F000}',
        '\u{EFFF}',
        '\u{1FFFD}',
        '\u{10FFFD}',
        '\u{E000}',
    ] {
        let text = format!("[\"{c}\",{}]", serde_json::to_string(&c.to_string()).unwrap());
        assert!(parse_ok(&text, ROOMY).faults.is_empty(), "{c:?}");
        let by_escape = format!("\"\\u{:04X}\"", u32::from(c));
        if u32::from(c) <= 0xFFFF {
            assert!(parse_ok(&by_escape, ROOMY).faults.is_empty(), "{c:?}");
        }
    }
    // One entry per string and kind, however many times it occurs.
    let parsed = parse_ok("\"\u{FDD0}\u{FFFF}\\uFDD1\"", ROOMY);
    assert_eq!(parsed.faults, faults(&[("", Fault::Noncharacter)]));
}

#[test]
fn numbers_beyond_the_double_range_become_null_and_are_reported() {
    let huge_integer = "9".repeat(10_000);
    let cases: Vec<(String, &str)> = vec![
        ("1e400".into(), ""),
        ("-1e400".into(), ""),
        ("1.8e308".into(), ""),
        ("-1.8e308".into(), ""),
        ("1e99999999999999999999999999".into(), ""),
        (huge_integer.clone(), ""),
        (format!("-{huge_integer}"), ""),
        (format!("{huge_integer}.5"), ""),
        (format!("[1,{huge_integer}]"), "/1"),
        ("{\"a\":{\"b/c\":1e309}}".into(), "/a/b~1c"),
    ];
    for (text, pointer) in cases {
        let parsed = parse_ok(&text, ROOMY);
        assert_eq!(
            parsed.faults,
            faults(&[(pointer, Fault::NumberOutOfRange)]),
            "{}",
            &text[..text.len().min(40)]
        );
        assert_eq!(parsed.value.pointer(pointer), Some(&Value::Null));
    }
    let in_range = [
        ("1e-400", 0.0),
        ("-1e-400", -0.0),
        ("1.7976931348623157e308", f64::MAX),
        ("-1.7976931348623157e308", f64::MIN),
        ("5e-324", 5e-324),
        ("0e999999999999999999", 0.0),
        ("0.0000000000000000000000000000001e31", 1.0),
    ];
    for (text, expected) in in_range {
        let parsed = parse_ok(text, ROOMY);
        assert!(parsed.faults.is_empty(), "{text}");
        assert_eq!(parsed.value.as_f64(), Some(expected), "{text}");
    }
    // Digits beyond any double's precision are still read in linear time, and correctly.
    let long_mantissa = format!("1{}e-9990", "0".repeat(9_999));
    assert_eq!(parse_ok(&long_mantissa, ROOMY).value.as_f64(), Some(1e9));
    let long_fraction = format!("0.{}1", "0".repeat(10_000));
    assert_eq!(parse_ok(&long_fraction, ROOMY).value.as_f64(), Some(0.0));
    let million_digits = "7".repeat(1_000_000);
    assert_eq!(
        parse_ok(&million_digits, ROOMY).faults,
        faults(&[("", Fault::NumberOutOfRange)])
    );
}

#[test]
fn later_duplicate_keys_win_and_are_reported_in_document_order() {
    let cases: &[(&str, Value, &[&str])] = &[
        ("{\"a\":1,\"a\":2}", json!({"a": 2}), &["/a"]),
        (
            "{\"a\":1,\"b\":0,\"a\":2,\"a\":3}",
            json!({"a": 3, "b": 0}),
            &["/a", "/a"],
        ),
        ("{\"a/b\":1,\"a/b\":2}", json!({"a/b": 2}), &["/a~1b"]),
        ("{\"m~n\":1,\"m~n\":2}", json!({"m~n": 2}), &["/m~0n"]),
        ("{\"~1\":1,\"~1\":2}", json!({"~1": 2}), &["/~01"]),
        ("{\"\":1,\"\":2}", json!({"": 2}), &["/"]),
        ("{\"a\":1,\"\\u0061\":2}", json!({"a": 2}), &["/a"]),
        ("[{\"x\":1},{\"x\":1,\"x\":2}]", json!([{"x": 1}, {"x": 2}]), &["/1/x"]),
        (
            "{\"list\":[{\"id\":1},{\"id\":2,\"id\":3},[{\"a~/\":0,\"a~/\":1}]]}",
            json!({"list": [{"id": 1}, {"id": 3}, [{"a~/": 1}]]}),
            &["/list/1/id", "/list/2/0/a~0~1"],
        ),
        (
            "{\"a\":{\"b\":1,\"b\":2},\"a\":{\"c\":1,\"c\":2}}",
            json!({"a": {"c": 2}}),
            &["/a/b", "/a", "/a/c"],
        ),
        (
            "{\"a\":1,\"a\":{\"b\":1,\"b\":2}}",
            json!({"a": {"b": 2}}),
            &["/a", "/a/b"],
        ),
        (
            "{\"a\":[1,{\"b\":{\"c\":0,\"c\":1}}],\"a\":0}",
            json!({"a": 0}),
            &["/a/1/b/c", "/a"],
        ),
    ];
    for (text, value, expected) in cases {
        let parsed = parse_ok(text, ROOMY);
        assert_eq!(&parsed.value, value, "{text}");
        // In pointer order (ties in document order): the order of the envelope.
        let mut expected = strings(expected);
        expected.sort();
        assert_eq!(parsed.duplicates, expected, "{text}");
        // serde_json also keeps the last value.
        assert_eq!(&serde_json::from_str::<Value>(text).unwrap(), value, "{text}");
    }
}

#[test]
fn containers_beyond_max_depth_become_null_and_are_reported() {
    let cases: &[(&str, usize, Value, &[&str])] = &[
        ("[[1]]", 2, json!([[1]]), &[]),
        ("[[[1]]]", 2, json!([[null]]), &["/0/0"]),
        ("[[[]]]", 2, json!([[null]]), &["/0/0"]),
        (
            "{\"a\":{\"b\":{\"c\":1}},\"d\":[[2]],\"e\":[3]}",
            2,
            json!({"a": {"b": null}, "d": [null], "e": [3]}),
            &["/a/b", "/d/0"],
        ),
        ("[[],[{}],{},1]", 1, json!([null, null, null, 1]), &["/0", "/1", "/2"]),
        ("{}", 0, json!(null), &[""]),
        ("[1,2]", 0, json!(null), &[""]),
        ("\"x\"", 0, json!("x"), &[]),
        ("{\"a/~\":[[0]]}", 2, json!({"a/~": [null]}), &["/a~1~0/0"]),
        // Duplicates and faults inside a skipped container are not looked at.
        ("[[{\"a\":\"\\uD800\",\"a\":1e400}]]", 1, json!([null]), &["/0"]),
        // The parse goes on normally after a skipped container.
        (
            "[[[1]],\"\\uFDD0\",{\"k\":1,\"k\":2}]",
            2,
            json!([[null], "\u{FDD0}", {"k": 2}]),
            &["/0/0"],
        ),
    ];
    for (text, max_depth, value, expected) in cases {
        let parsed = parse_ok(text, depth(*max_depth));
        assert_eq!(&parsed.value, value, "{text}");
        assert_eq!(parsed.too_deep, strings(expected), "{text}");
    }
    let parsed = parse_ok("[[{\"a\":\"\\uD800\",\"a\":1e400}]]", depth(1));
    assert!(parsed.faults.is_empty() && parsed.duplicates.is_empty());
    let parsed = parse_ok("[[[1]],\"\\uFDD0\",{\"k\":1,\"k\":2}]", depth(2));
    assert_eq!(parsed.faults, faults(&[("/1", Fault::Noncharacter)]));
    assert_eq!(parsed.duplicates, strings(&["/2/k"]));
}

#[test]
fn depth_exactly_at_the_limit_is_kept_and_one_more_level_is_not() {
    for max_depth in [1, 2, 32] {
        let at_limit = format!("{}{}", "[".repeat(max_depth), "]".repeat(max_depth));
        let parsed = parse_ok(&at_limit, depth(max_depth));
        assert!(parsed.too_deep.is_empty(), "{max_depth}");
        assert_eq!(parsed.value, serde_json::from_str::<Value>(&at_limit).unwrap());

        let over = format!("{}{}", "[".repeat(max_depth + 1), "]".repeat(max_depth + 1));
        let parsed = parse_ok(&over, depth(max_depth));
        assert_eq!(parsed.too_deep, vec!["/0".repeat(max_depth)], "{max_depth}");

        let objects_over = format!("{}1{}", "{\"k\":".repeat(max_depth + 1), "}".repeat(max_depth + 1));
        let parsed = parse_ok(&objects_over, depth(max_depth));
        assert_eq!(parsed.too_deep, vec!["/k".repeat(max_depth)], "{max_depth}");
        assert_eq!(parsed.value.pointer(&"/k".repeat(max_depth)), Some(&Value::Null));
    }
}

#[test]
fn nesting_a_hundred_thousand_deep_is_skipped_without_recursion() {
    const DEEP: usize = 100_000;
    let closed = format!("{}{}", "[".repeat(DEEP), "]".repeat(DEEP));
    let parsed = parse_ok(&closed, depth(32));
    assert_eq!(parsed.too_deep, vec!["/0".repeat(32)]);

    let unclosed = "[".repeat(DEEP);
    let error = parse_err(&unclosed, depth(32));
    assert_eq!(
        (error.offset, error.message.as_str()),
        (DEEP, "unexpected end of text, expected a value")
    );

    let objects = format!("{}null{}", "{\"a\":".repeat(DEEP), "}".repeat(DEEP));
    let parsed = parse_ok(&objects, depth(32));
    assert_eq!(parsed.too_deep, vec!["/a".repeat(32)]);

    let mixed = format!("{}0{}", "[{\"a\":".repeat(DEEP / 2), "}]".repeat(DEEP / 2));
    assert_eq!(parse_ok(&mixed, depth(32)).too_deep.len(), 1);

    // Without a limit the containers are still held on the heap, not the call stack.
    let error = parse_err(&unclosed, depth(usize::MAX));
    assert_eq!(error.offset, DEEP);
    let error = parse_err(&format!("{}]", "{\"a\":[".repeat(DEEP)), depth(usize::MAX));
    assert_eq!(error.message, "unexpected end of text inside an object");
}

#[test]
fn brackets_inside_strings_are_just_text() {
    let brackets = "[{".repeat(50_000);
    let text = format!("[\"{brackets}\",\"{}\"]", "]".repeat(100_000));
    let parsed = parse_ok(&text, depth(2));
    assert_eq!(parsed.value[0].as_str().unwrap().len(), 100_000);
    assert!(parsed.too_deep.is_empty());
}

#[test]
fn ten_megabyte_strings_parse() {
    const SIZE: usize = 10 * 1024 * 1024;
    let plain = format!("\"{}\"", "a".repeat(SIZE));
    assert_eq!(parse_ok(&plain, ROOMY).value.as_str().unwrap().len(), SIZE);

    let line = format!("{}\\n", "x".repeat(98));
    let escaped = format!("{{\"m\":\"{}\"}}", line.repeat(SIZE / 100));
    let parsed = parse_ok(&escaped, ROOMY);
    assert_eq!(parsed.value["m"].as_str().unwrap().len(), SIZE / 100 * 99);

    let wide = format!("[\"{}\"]", "é😀".repeat(SIZE / 6));
    let parsed = parse_ok(&wide, ROOMY);
    assert_eq!(parsed.value[0].as_str().unwrap().len(), SIZE / 6 * 6);
    assert!(parsed.faults.is_empty());

    let unterminated = format!("\"{}", "a".repeat(SIZE));
    assert_eq!(parse_err(&unterminated, ROOMY).offset, SIZE + 1);
}

#[test]
fn a_hundred_thousand_keys_parse() {
    let members: Vec<String> = (0..100_000).map(|index| format!("\"k{index}\":{index}")).collect();
    let text = format!("{{{}}}", members.join(","));
    let parsed = parse_ok(&text, ROOMY);
    assert_eq!(parsed.value.as_object().unwrap().len(), 100_000);
    assert_eq!(parsed.value["k99999"], json!(99_999));

    let same = format!("{{{}}}", vec!["\"a\":0"; 100_000].join(","));
    let parsed = parse_ok(&same, ROOMY);
    assert_eq!(parsed.duplicates.len() + parsed.duplicates_omitted, 99_999);
    assert_eq!(parsed.duplicates.len(), 1000, "as many as an envelope can show");
    assert!(parsed.duplicates.iter().all(|pointer| pointer == "/a"));
}

#[test]
fn many_faults_under_long_keys_keep_the_first_and_count_the_rest() {
    let key = "k".repeat(200_000);
    let elements = vec!["\"\\uFDD0\""; 20_000].join(",");
    let text = format!("{{\"{key}\":[{elements}]}}");
    let parsed = parse_ok(&text, ROOMY);
    let recorded: usize = parsed.faults.iter().map(|(pointer, _)| pointer.len() + 1).sum();
    // The paths an envelope could show (1 MiB of them), and one more.
    assert!(recorded <= 1024 * 1024 + key.len() + 10, "{recorded}");
    assert_eq!(parsed.faults.len() + parsed.faults_omitted, 20_000);
    assert_eq!(parsed.faults.len(), 6);
    assert_eq!(parsed.faults[0], (format!("/{key}/0"), Fault::Noncharacter));
    assert_eq!(parsed.faults[1].0, format!("/{key}/1"));
    assert_eq!(parsed.faults[2].0, format!("/{key}/10"), "pointer order");
    assert_eq!(
        parsed.field_faults,
        faults(&[(&format!("/{key}/0"), Fault::Noncharacter)])
    );

    let duplicates = vec!["\"a\":0"; 20_000].join(",");
    let text = format!("{{\"{key}\":{{{duplicates}}}}}");
    let parsed = parse_ok(&text, ROOMY);
    assert_eq!(parsed.duplicates.len(), 6);
    assert_eq!(parsed.duplicates.len() + parsed.duplicates_omitted, 19_999);

    // Short pointers: the first thousand (the most any envelope shows) kept, all counted.
    let text = format!("[{elements}]");
    let parsed = parse_ok(&text, ROOMY);
    assert_eq!((parsed.faults.len(), parsed.faults_omitted), (1000, 19_000));
    assert_eq!(
        parsed.faults.last().unwrap().0,
        "/10897",
        "the first thousand in pointer order"
    );
}

#[test]
fn scan_reports_deep_containers_and_noncharacters_of_a_parsed_value() {
    let value =
        json!({"a": [1, {"b": [[]], "c": "\u{FFFF}"}], "x\u{FDD0}": "ok", "y/~": {"z": ["\u{10FFFE}", "fine"]}});
    let pair = |found: smsrules::json::Scanned| (found.too_deep, found.faults);
    let found = scan(&value, 3);
    assert_eq!(found.too_deep, strings(&["/a/1/b"]));
    let expected = faults(&[
        ("/a/1/c", Fault::Noncharacter),
        ("/x\u{FDD0}", Fault::Noncharacter),
        ("/y~1~0/z/0", Fault::Noncharacter),
    ]);
    assert_eq!(found.faults, expected);
    assert_eq!(found.field_faults, expected, "one field each");
    assert_eq!(found.faults_omitted, 0);
    // Nothing beyond the limit is looked at.
    let found = scan(&value, 1);
    assert_eq!(found.too_deep, strings(&["/a", "/y~1~0"]));
    assert_eq!(found.faults, faults(&[("/x\u{FDD0}", Fault::Noncharacter)]));
    assert_eq!(pair(scan(&value, 0)), (strings(&[""]), Vec::new()));
    assert_eq!(
        pair(scan(&json!("\u{FDD0}"), 0)),
        (Vec::new(), faults(&[("", Fault::Noncharacter)]))
    );
    assert_eq!(pair(scan(&json!(null), 0)), (Vec::new(), Vec::new()));
    assert_eq!(pair(scan(&json!([]), 1)), (Vec::new(), Vec::new()));

    let mut deep = json!(0);
    for _ in 0..1_000 {
        deep = json!([deep]);
    }
    assert_eq!(scan(&deep, 32).too_deep, vec!["/0".repeat(32)]);
    assert_eq!(pair(scan(&deep, usize::MAX)), (Vec::new(), Vec::new()));

    // Many faults in one field: the first kept in pointer order, all counted, one per field.
    let many: serde_json::Map<String, Value> = (0..5000).map(|i| (format!("n{i}"), json!("\u{FDD0}"))).collect();
    let found = scan(&json!({ "f": many }), 32);
    assert_eq!((found.faults.len(), found.faults_omitted), (1000, 4000));
    assert_eq!(found.field_faults, faults(&[("/f/n0", Fault::Noncharacter)]));
}

// ---- properties ----

fn is_noncharacter(c: char) -> bool {
    let code = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

fn text_without_noncharacters() -> BoxedStrategy<String> {
    prop_oneof![any::<String>(), "[a-z~/\"\\\\\u{0}-\u{1f}é日😀 ]{0,6}",]
        .prop_map(|text| text.chars().filter(|&c| !is_noncharacter(c)).collect())
        .boxed()
}

fn any_text() -> BoxedStrategy<String> {
    prop_oneof![text_without_noncharacters(), "[a\u{FDD0}\u{FFFF}\u{1FFFE}]{0,4}"].boxed()
}

fn json_value(text: BoxedStrategy<String>) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("finite", |float| Number::from_f64(float).map(Value::Number)),
        (-1000i32..1000).prop_map(|int| json!(f64::from(int) / 8.0)),
        text.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 48, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(text.clone(), inner, 0..5)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn serde_json_text_parses_to_the_same_value(value in json_value(text_without_noncharacters())) {
        for text in [serde_json::to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap()] {
            let parsed = parse(&text, ROOMY).unwrap();
            prop_assert_eq!(&parsed.value, &value);
            prop_assert_eq!(&parsed.value, &serde_json::from_str::<Value>(&text).unwrap());
            prop_assert!(parsed.duplicates.is_empty());
            prop_assert!(parsed.too_deep.is_empty());
            prop_assert!(parsed.faults.is_empty());
        }
    }

    #[test]
    fn parse_reports_what_scan_reports(value in json_value(any_text()), max_depth in 0usize..8) {
        let text = serde_json::to_string(&value).unwrap();
        let parsed = parse(&text, depth(max_depth)).unwrap();
        let found = scan(&value, max_depth);
        prop_assert_eq!(&parsed.too_deep, &found.too_deep);
        prop_assert_eq!(&parsed.faults, &found.faults);
        prop_assert_eq!(parsed.faults_omitted, found.faults_omitted);
        prop_assert_eq!(&parsed.field_faults, &found.field_faults);
        let again = scan(&parsed.value, max_depth);
        prop_assert!(again.too_deep.is_empty());
        prop_assert_eq!(&again.faults, &found.faults);
        prop_assert!(parsed.duplicates.is_empty());
    }

    #[test]
    fn mutated_text_is_accepted_exactly_when_serde_json_accepts_it(
        value in json_value(text_without_noncharacters()),
        edits in prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, prop::sample::select(&[
            "[", "]", "{", "}", ",", ":", "\"", "\\", "\\u", "D800", "-", "0", "1", ".", "e", "E+", " ", "\n",
            "\u{1}", "tru", "null", "/", "'", "é", "\u{FEFF}", "1e400",
        ][..])), 1..4),
    ) {
        let mut text = serde_json::to_string(&value).unwrap();
        for (place, kind, fragment) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
            let at = boundaries[place.index(boundaries.len())];
            match kind {
                0 => text.insert_str(at, fragment),
                1 if at < text.len() => {
                    let next = boundaries.iter().find(|&&b| b > at).copied().unwrap_or(text.len());
                    text.replace_range(at..next, "");
                }
                _ if at < text.len() => {
                    let next = boundaries.iter().find(|&&b| b > at).copied().unwrap_or(text.len());
                    text.replace_range(at..next, fragment);
                }
                _ => text.push_str(fragment),
            }
        }
        check_against_serde_json(&text)?;
    }

    #[test]
    fn token_soup_is_accepted_exactly_when_serde_json_accepts_it(
        tokens in prop::collection::vec(prop::sample::select(&[
            "[", "]", "{", "}", ",", ":", "\"a\"", "\"\\uD800\"", "\"\\uDC00\\uD800\"", "\"\\", "\"", "1", "-",
            "0", "01", ".5", "1.", "2e", "e5", "1e400", "-0", " ", "\t", "null", "true", "fals", "\"\u{FDD0}\"",
        ][..]), 0..24),
    ) {
        check_against_serde_json(&tokens.concat())?;
    }
}

/// serde_json (with `float_roundtrip`, which the dev-dependencies switch on) is the oracle
/// for plain JSON: it refuses lone surrogates and out-of-range numbers, which we accept and
/// report instead.
fn check_against_serde_json(text: &str) -> Result<(), TestCaseError> {
    let ours = parse(text, ROOMY);
    match (serde_json::from_str::<Value>(text), ours) {
        (Ok(expected), Ok(parsed)) => {
            prop_assert_eq!(&parsed.value, &expected, "{:?}", text);
            prop_assert!(
                parsed.faults.iter().all(|(_, fault)| *fault == Fault::Noncharacter),
                "{:?}: {:?}",
                text,
                parsed.faults
            );
        }
        (Ok(expected), Err(error)) => prop_assert!(false, "{:?} is {:?} but we said {:?}", text, expected, error),
        (Err(_), Ok(parsed)) => prop_assert!(
            parsed.faults.iter().any(|(_, fault)| *fault != Fault::Noncharacter),
            "serde_json refuses {:?} but we parsed {:?}",
            text,
            parsed
        ),
        (Err(_), Err(error)) => assert_error_shape(text, &error),
    }
    Ok(())
}
