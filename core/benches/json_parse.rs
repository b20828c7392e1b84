//! `smsrules::json::parse` against `serde_json::from_str::<Value>` on request bodies of the
//! sizes the API sees. Run with `cargo bench -p smsrules --bench json_parse`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;
use smsrules::json::{parse, ParseOptions};
use std::hint::black_box;

const MINIMAL: &str = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi Jane, your appointment is confirmed for Tuesday at 3:30pm. Reply STOP to opt out."}"#;

const WITH_METADATA: &str = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Your order #48213 has shipped and should arrive Thursday.","new_conversation":false,"persona_id":"5b0d8f3e-9c4a-4f7e-8d2b-1a6c3e9f7b20","request_data":{"customer":{"name":"Jane Doe","tier":"gold","since":2019,"tags":["vip","returning"]},"order":{"id":48213,"total":129.95,"items":3,"express":true}},"metadata":{"campaign":{"id":"spring-2026","source":"crm","attempt":2},"trace_id":"9f1c2e7a44b0","retries":null},"webhook":"https://hooks.example.com/sms/status","time_out":600,"warning_time":300,"disposition_ids":["d_resolved","d_escalated"],"channel":"sms"}"#;

const UNICODE_AND_ESCAPES: &str = r#"{"user_number":"+447700900123","agent_number":"+447700900000","agent_message":"Bonjour Zoë ! Votre rendez-vous est confirmé 📅\nRéponds « OUI » pour confirmer — merci 🙏\n\"Équipe\" \u00e9t\u00e9 \ud83d\ude00","metadata":{"locale":"fr-FR","greeting":"日本語のメッセージもあります","flags":[true,false,null]}}"#;

fn bodies() -> Vec<(&'static str, String)> {
    let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(WITH_METADATA).unwrap()).unwrap();
    vec![
        ("minimal", MINIMAL.to_owned()),
        ("with_metadata", WITH_METADATA.to_owned()),
        ("with_metadata_pretty", pretty),
        ("unicode_and_escapes", UNICODE_AND_ESCAPES.to_owned()),
    ]
}

fn compare(c: &mut Criterion) {
    let options = ParseOptions { max_depth: 32 };
    let mut group = c.benchmark_group("json_parse");
    for (name, body) in bodies() {
        assert_eq!(
            parse(&body, options).unwrap().value,
            serde_json::from_str::<Value>(&body).unwrap()
        );
        group.throughput(Throughput::Bytes(body.len() as u64));
        group.bench_with_input(BenchmarkId::new("smsrules", name), &body, |b, body| {
            b.iter(|| parse(black_box(body), options).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("serde_json", name), &body, |b, body| {
            b.iter(|| serde_json::from_str::<Value>(black_box(body)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, compare);
criterion_main!(benches);
