//! RFC 8785 (JSON Canonicalization Scheme) examples, run through `canonical_json`,
//! `canonical_len` and `fingerprint`.
//!
//! Sources:
//! - RFC 8785 Appendix B, "Number Serialization Samples" (IEEE-754 bit pattern → text).
//! - RFC 8785 §3.2.3 (sorting sample) and §3.2.4 (the sample object and its UTF-8 bytes).
//! - The RFC's test data, github.com/cyberphone/json-canonicalization `testdata/input`,
//!   `testdata/output` and `testdata/outhex` (commit 19d51d7f, 2024-12-13); `values` is the
//!   RFC's §3.2.2 sample object.

use serde_json::Value;
use sha2::{Digest, Sha256};
use smsrules::fingerprint::{canonical_json, canonical_len, fingerprint};

/// RFC 8785 Appendix B. NaN and Infinity (which the RFC lists as errors) cannot be held by
/// a `serde_json::Value`, so they are not here.
const APPENDIX_B: &[(u64, &str)] = &[
    (0x0000000000000000, "0"),
    (0x8000000000000000, "0"),
    (0x0000000000000001, "5e-324"),
    (0x8000000000000001, "-5e-324"),
    (0x7fefffffffffffff, "1.7976931348623157e+308"),
    (0xffefffffffffffff, "-1.7976931348623157e+308"),
    (0x4340000000000000, "9007199254740992"),
    (0xc340000000000000, "-9007199254740992"),
    (0x4430000000000000, "295147905179352830000"),
    (0x44b52d02c7e14af5, "9.999999999999997e+22"),
    (0x44b52d02c7e14af6, "1e+23"),
    (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
    (0x444b1ae4d6e2ef4e, "999999999999999700000"),
    (0x444b1ae4d6e2ef4f, "999999999999999900000"),
    (0x444b1ae4d6e2ef50, "1e+21"),
    (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
    (0x3eb0c6f7a0b5ed8d, "0.000001"),
    (0x41b3de4355555553, "333333333.3333332"),
    (0x41b3de4355555554, "333333333.33333325"),
    (0x41b3de4355555555, "333333333.3333333"),
    (0x41b3de4355555556, "333333333.3333334"),
    (0x41b3de4355555557, "333333333.33333343"),
    (0xbecbf647612f3696, "-0.0000033333333333333333"),
    (0x43143ff3c1cb0959, "1424953923781206.2"),
];

#[test]
fn appendix_b_number_samples() {
    for (bits, expected) in APPENDIX_B {
        let value = Value::from(f64::from_bits(*bits));
        assert_eq!(canonical_json(&value), *expected, "{bits:016x}");
        assert_eq!(canonical_len(&value), expected.len(), "{bits:016x}");
    }
}

#[test]
fn appendix_b_integers_given_as_integers() {
    // The same values when the parser hands them over as integers, not doubles.
    let value: Value = serde_json::from_str("[9007199254740992, -9007199254740992, 295147905179352830000]").unwrap();
    assert_eq!(
        canonical_json(&value),
        "[9007199254740992,-9007199254740992,295147905179352830000]"
    );
}

/// (name, input text, expected canonical text).
const TEST_DATA: &[(&str, &str, &str)] = &[
    (
        "arrays",
        r#"[
  56,
  {
    "d": true,
    "10": null,
    "1": [ ]
  }
]"#,
        "[56,{\"1\":[],\"10\":null,\"d\":true}]",
    ),
    (
        "french",
        r#"{
  "peach": "This sorting order",
  "péché": "is wrong according to French",
  "pêche": "but canonicalization MUST",
  "sin":   "ignore locale"
}"#,
        "{\"peach\":\"This sorting order\",\"p\u{E9}ch\u{E9}\":\"is wrong according to French\",\"p\u{EA}che\":\"but canonicalization MUST\",\"sin\":\"ignore locale\"}",
    ),
    (
        "structures",
        r#"{
  "1": {"f": {"f": "hi","F": 5} ,"\n": 56.0},
  "10": { },
  "": "empty",
  "a": { },
  "111": [ {"e": "yes","E": "no" } ],
  "A": { }
}"#,
        "{\"\":\"empty\",\"1\":{\"\\n\":56,\"f\":{\"F\":5,\"f\":\"hi\"}},\"10\":{},\"111\":[{\"E\":\"no\",\"e\":\"yes\"}],\"A\":{},\"a\":{}}",
    ),
    (
        "unicode",
        r#"{
  "Unnormalized Unicode":"A\u030a"
}"#,
        "{\"Unnormalized Unicode\":\"A\u{30A}\"}",
    ),
    (
        "values",
        r#"{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}"#,
        "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],\"string\":\"\u{20AC}$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}",
    ),
    (
        "weird",
        r#"{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\u000a": "Newline",
  "1": "One",
  "\u0080": "Control\u007f",
  "\ud83d\ude02": "Smiley",
  "\u00f6": "Latin Small Letter O With Diaeresis",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "</script>": "Browser Challenge"
}"#,
        "{\"\\n\":\"Newline\",\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u{80}\":\"Control\u{7F}\",\"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\",\"\u{1F602}\":\"Smiley\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}",
    ),
];

#[test]
fn rfc_test_data() {
    for (name, input, expected) in TEST_DATA {
        let value: Value = serde_json::from_str(input).unwrap();
        assert_eq!(canonical_json(&value), *expected, "{name}");
        assert_eq!(canonical_len(&value), expected.len(), "{name}");
        let hex: String = Sha256::digest(expected.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint(&value), format!("sha256:{hex}"), "{name}");
    }
}

#[test]
fn section_3_2_3_sorting_sample() {
    let input = r#"{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }"#;
    let value: Value = serde_json::from_str(input).unwrap();
    // U+1F600 (UTF-16 D83D DE00) sorts before U+FB33, unlike in code point order.
    let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\",\
        \"\u{F6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20AC}\":\"Euro Sign\",\
        \"\u{1F600}\":\"Emoji: Grinning Face\",\"\u{FB33}\":\"Hebrew Letter Dalet With Dagesh\"}";
    assert_eq!(canonical_json(&value), expected);
}

#[test]
fn section_3_2_4_utf8_bytes_of_the_sample() {
    let input = TEST_DATA.iter().find(|(name, _, _)| *name == "values").unwrap().1;
    let value: Value = serde_json::from_str(input).unwrap();
    let expected_hex =
        "7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72 75 65 2c 66 61 6c 73 65 5d 2c 22 6e \
        75 6d 62 65 72 73 22 3a 5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31 65 2b 33 30 \
        2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37 5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 \
        5c 75 30 30 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d";
    let got: Vec<String> = canonical_json(&value).bytes().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        got.join(" "),
        expected_hex.split_whitespace().collect::<Vec<_>>().join(" ")
    );
}
