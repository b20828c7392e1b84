//! Properties of the RFC 8785 fingerprint: the text a value came from (key order,
//! whitespace, number spelling, string escapes) never changes it; any change of a value does.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use proptest::prelude::*;
use serde_json::{Map, Number, Value};
use smsrules::fingerprint::{canonical_json, canonical_len, fingerprint};

fn any_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        // Controls, quotes, backslashes, DEL, BMP private use, supplementary characters.
        prop::collection::vec(
            prop_oneof![
                Just('\u{0}'),
                Just('\u{1f}'),
                Just('"'),
                Just('\\'),
                Just('\u{7f}'),
                Just('\u{e000}'),
                Just('\u{ffef}'),
                Just('\u{1f600}'),
                any::<char>(),
            ],
            0..6
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn any_number() -> impl Strategy<Value = Number> {
    prop_oneof![
        any::<i64>().prop_map(Number::from),
        any::<u64>().prop_map(Number::from),
        (-1000i64..1000).prop_map(Number::from),
        any::<f64>().prop_filter_map("finite", Number::from_f64),
        (-1_000_000i64..1_000_000, 0u32..12)
            .prop_filter_map("finite", |(m, e)| Number::from_f64(m as f64 / 10f64.powi(e as i32))),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any_number().prop_map(Value::Number),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_string(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A tiny deterministic chooser, so one proptest seed drives every spelling choice.
struct Choices(u64);

impl Choices {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound
    }
    fn space(&mut self, out: &mut String) {
        for _ in 0..self.next(3) {
            out.push([' ', '\t', '\n', '\r'][self.next(4) as usize]);
        }
    }
}

/// Write `value` as JSON text with shuffled keys, random whitespace, numbers in other
/// spellings and strings escaped more than needed.
fn respell(value: &Value, choices: &mut Choices, out: &mut String) {
    choices.space(out);
    match value {
        Value::Null | Value::Bool(_) => out.push_str(&value.to_string()),
        Value::Number(number) => match (number.as_f64(), choices.next(3)) {
            (Some(double), 0) if number.is_f64() => out.push_str(&format!("{double:E}")),
            (Some(double), 1) if number.is_f64() => out.push_str(&format!("{double:e}")),
            _ => out.push_str(&number.to_string()),
        },
        Value::String(text) => {
            if choices.next(2) == 0 {
                out.push_str(&Value::String(text.clone()).to_string());
            } else {
                out.push('"');
                for unit in text.encode_utf16() {
                    out.push_str(&format!("\\u{unit:04X}"));
                }
                out.push('"');
            }
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                respell(item, choices, out);
            }
            choices.space(out);
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            for index in (1..entries.len()).rev() {
                entries.swap(index, choices.next(index as u64 + 1) as usize);
            }
            out.push('{');
            for (index, (key, item)) in entries.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                choices.space(out);
                out.push_str(&Value::String(key.clone()).to_string());
                choices.space(out);
                out.push(':');
                respell(item, choices, out);
            }
            choices.space(out);
            out.push('}');
        }
    }
    choices.space(out);
}

/// Number of leaves (scalars and empty containers) in `value`.
fn leaves(value: &Value) -> usize {
    match value {
        Value::Array(items) if !items.is_empty() => items.iter().map(leaves).sum(),
        Value::Object(map) if !map.is_empty() => map.values().map(leaves).sum(),
        _ => 1,
    }
}

/// Change the `target`-th leaf so that its JSON data-model value (as RFC 8785 sees it:
/// numbers as doubles, -0 = 0) is different.
fn mutate(value: &mut Value, target: &mut usize) -> bool {
    match value {
        Value::Array(items) if !items.is_empty() => items.iter_mut().any(|item| mutate(item, target)),
        Value::Object(map) if !map.is_empty() => map.values_mut().any(|item| mutate(item, target)),
        leaf => {
            if *target > 0 {
                *target -= 1;
                return false;
            }
            *leaf = match leaf.take() {
                Value::Null => Value::Bool(false),
                Value::Bool(b) => Value::Bool(!b),
                Value::Number(n) => {
                    let x = n.as_f64().unwrap();
                    let y = if x == 0.0 {
                        1.0
                    } else if x.abs() > 1e300 {
                        x / 2.0
                    } else {
                        x * 2.0
                    };
                    Value::from(y)
                }
                Value::String(mut s) => {
                    s.push('x');
                    Value::String(s)
                }
                Value::Array(_) => Value::Array(vec![Value::Null]),
                Value::Object(_) => Value::Object(Map::from_iter([(String::new(), Value::Null)])),
            };
            true
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn fingerprint_ignores_key_order_whitespace_and_spelling(value in any_value(), seed in any::<u64>()) {
        let mut text = String::new();
        respell(&value, &mut Choices(seed), &mut text);
        let reparsed: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(fingerprint(&reparsed), fingerprint(&value), "{}", text);
    }

    #[test]
    fn fingerprint_changes_when_any_value_changes(value in any_value(), pick in any::<prop::sample::Index>()) {
        let mut changed = value.clone();
        let mut target = pick.index(leaves(&value));
        prop_assert!(mutate(&mut changed, &mut target));
        prop_assert_ne!(fingerprint(&changed), fingerprint(&value));
    }

    #[test]
    fn fingerprint_changes_when_a_key_changes(value in any_value(), key in any_string()) {
        if let Value::Object(map) = &value {
            if let Some((first, _)) = map.iter().next() {
                let renamed = format!("{first}{key}\u{1}");
                if !map.contains_key(&renamed) {
                    let mut changed = map.clone();
                    let item = changed.remove(first).unwrap();
                    changed.insert(renamed, item);
                    prop_assert_ne!(fingerprint(&Value::Object(changed)), fingerprint(&value));
                }
            }
        }
    }

    #[test]
    fn canonical_text_is_a_fixed_point_and_its_length_is_counted(value in any_value()) {
        let canonical = canonical_json(&value);
        prop_assert_eq!(canonical_len(&value), canonical.len());
        let reparsed: Value = serde_json::from_str(&canonical).unwrap();
        prop_assert_eq!(canonical_json(&reparsed), canonical);
    }

    #[test]
    fn numbers_read_back_as_the_same_double(number in any_number()) {
        let text = canonical_json(&Value::Number(number.clone()));
        let double: f64 = text.parse().unwrap();
        prop_assert_eq!(double, number.as_f64().unwrap(), "{}", text);
    }
}

#[test]
fn insertion_order_of_keys_does_not_matter() {
    let forward: Map<String, Value> = (0..50)
        .map(|i| (format!("k{i}\u{1F600}{}", i % 7), Value::from(i)))
        .collect();
    let backward: Map<String, Value> = forward.iter().rev().map(|(k, v)| (k.clone(), v.clone())).collect();
    assert_eq!(
        canonical_json(&Value::Object(forward.clone())),
        canonical_json(&Value::Object(backward.clone()))
    );
    assert_eq!(
        fingerprint(&Value::Object(forward)),
        fingerprint(&Value::Object(backward))
    );
}
