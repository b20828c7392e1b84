//! The fingerprint of arbitrary JSON values: `sha256:` + hex of the RFC 8785 form, which is
//! stable across key order and whitespace, idempotent, sorted by UTF-16 keys, and treats
//! integers as the doubles RFC 8785 says they are.
#![no_main]

use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use smsrules::fingerprint::{canonical_json, canonical_len};
use smsrules_fuzz::envelope::is_fingerprint;

/// The same value with every object's keys in another order (reversed or rotated).
fn reordered(value: &Value, rotate: usize) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().map(|v| reordered(v, rotate)).collect()),
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if rotate.is_multiple_of(2) {
                entries.reverse();
            } else if !entries.is_empty() {
                let by = rotate % entries.len();
                entries.rotate_left(by);
            }
            Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.clone(), reordered(v, rotate)))
                    .collect::<Map<_, _>>(),
            )
        }
        other => other.clone(),
    }
}

fn parse(text: &str) -> Value {
    match smsrules::json::parse(text, smsrules::json::ParseOptions { max_depth: 64 }) {
        Ok(p) => p.value,
        Err(e) => panic!("text written from a value does not parse: {e:?}\n{text}"),
    }
}

/// Every object's keys must be in UTF-16 code unit order (RFC 8785 §3.2.3).
fn assert_sorted(value: &Value) {
    match value {
        Value::Array(items) => items.iter().for_each(assert_sorted),
        Value::Object(map) => {
            let keys: Vec<Vec<u16>> = map.keys().map(|k| k.encode_utf16().collect()).collect();
            assert!(
                keys.windows(2).all(|w| w[0] < w[1]),
                "canonical keys are not in UTF-16 order: {:?}",
                map.keys()
            );
            map.values().for_each(assert_sorted);
        }
        _ => {}
    }
}

fuzz_target!(|data: &[u8]| {
    // The bytes entry: the text entry for UTF-8, `NotUnicode` for anything else.
    let by_bytes = smsrules::fingerprint_json_bytes(data);
    match std::str::from_utf8(data) {
        Ok(text) => assert_eq!(by_bytes, smsrules::fingerprint_json(text), "the bytes entry disagrees"),
        Err(_) => assert_eq!(by_bytes, Err(smsrules::FingerprintError::NotUnicode), "bytes that are not UTF-8"),
    }
    // JSON text is taken as the value (so seeds are readable documents); anything else
    // drives the value generator.
    let options = smsrules::json::ParseOptions { max_depth: 16 };
    let parsed = std::str::from_utf8(data)
        .ok()
        .and_then(|text| smsrules::json::parse(text, options).ok());
    let value = match parsed {
        Some(p) if p.faults.is_empty() => p.value,
        _ => match smsrules_fuzz::generate::value(&mut Unstructured::new(data), 5) {
            Ok(value) => value,
            Err(_) => return,
        },
    };
    let rotate = usize::from(data.first().copied().unwrap_or(0));
    let print = smsrules::fingerprint(&value);
    assert!(is_fingerprint(&print), "{print} is not sha256:<hex>");

    let canonical = canonical_json(&value);
    assert_eq!(
        canonical_len(&value),
        canonical.len(),
        "canonical_len disagrees with canonical_json"
    );
    let hex: String = Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        print,
        format!("sha256:{hex}"),
        "the fingerprint is not the SHA-256 of the canonical form"
    );

    assert_eq!(
        smsrules::fingerprint(&reordered(&value, rotate)),
        print,
        "key order changed the fingerprint"
    );
    assert_eq!(
        smsrules::fingerprint(&parse(&value.to_string())),
        print,
        "compact text changed the fingerprint"
    );
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_default();
    assert_eq!(
        smsrules::fingerprint(&parse(&pretty)),
        print,
        "whitespace changed the fingerprint"
    );

    let reparsed = parse(&canonical);
    assert_eq!(
        canonical_json(&reparsed),
        canonical,
        "the canonical form is not a fixed point"
    );
    assert_sorted(&reparsed);

    // RFC 8785 reads every number as a double: an integer and its double are one number.
    if let Some(n) = value.as_i64() {
        #[allow(clippy::cast_precision_loss)]
        let double = serde_json::Number::from_f64(n as f64).map(Value::Number);
        if let Some(double) = double {
            assert_eq!(
                smsrules::fingerprint(&double),
                print,
                "an integer and its double differ"
            );
        }
    }
});
