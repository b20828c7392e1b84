//! Phone validity: smsrules' engine next to the `phonenumber` crate's parse + is_valid, in
//! the same run, on mixed-country traffic (the reference sample's edited example numbers,
//! shuffled), on numbers built to hit national-prefix and transform rules, and on
//! same-country lists. `cargo bench -p smsrules --bench phone`; results in tests/phone/README.md.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, BatchSize, Criterion, Throughput};
use smsrules::phone::{check_canonical, check_e164, PhoneCheck};

/// The reference sample's international numbers of at most 15 digits, with Python's
/// validity; `corpus` tells the first 6,000 lines (edited example numbers, the realistic
/// mix) from the last 4,000 (built to hit national-prefix and transform rules).
fn sample() -> Vec<(String, bool, bool)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/phone/reference_sample.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .enumerate()
        .filter_map(|(index, l)| {
            let mut columns = l.split('\t');
            let number = columns.next()?;
            let valid = columns.next()? == "1";
            let usable = number.starts_with('+') && number.len() <= 16 && !number.starts_with("+0");
            usable.then(|| (number.to_string(), valid, index < 6000))
        })
        .collect()
}

fn lists() -> Vec<(&'static str, Vec<String>)> {
    let all = sample();
    let pick = |keep: &dyn Fn(&(String, bool, bool)) -> bool| -> Vec<String> {
        all.iter().filter(|n| keep(n)).map(|(n, _, _)| n.clone()).collect()
    };
    let country = |code: &str| -> Vec<String> {
        let valid = pick(&|(n, v, corpus)| *v && *corpus && n[1..].starts_with(code));
        valid.iter().cycle().take(1000).cloned().collect()
    };
    vec![
        ("mixed", pick(&|(_, _, corpus)| *corpus)),
        ("mixed_valid", pick(&|(_, v, corpus)| *v && *corpus)),
        ("prefix_rules", pick(&|(_, _, corpus)| !*corpus)),
        ("same_country_us", country("1")),
        ("same_country_gb", country("44")),
        ("same_country_ar", country("54")),
    ]
}

fn ours(c: &mut Criterion) {
    let mut group = c.benchmark_group("phone/smsrules_check_e164_valid");
    for (name, numbers) in lists() {
        group.throughput(Throughput::Elements(numbers.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut ok = 0usize;
                for number in &numbers {
                    ok += usize::from(check_e164(black_box(number), PhoneCheck::Valid).is_ok());
                }
                ok
            })
        });
    }
    group.finish();
}

/// The same check with the canonical form every comparison of numbers uses (a number whose
/// first national digit can start a national prefix takes the stripping path).
fn ours_canonical(c: &mut Criterion) {
    let mut group = c.benchmark_group("phone/smsrules_check_canonical_valid");
    for (name, numbers) in lists() {
        group.throughput(Throughput::Elements(numbers.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut ok = 0usize;
                for number in &numbers {
                    if let Ok(canonical) = check_canonical(black_box(number), PhoneCheck::Valid) {
                        ok += canonical.of(number).len();
                    }
                }
                ok
            })
        });
    }
    group.finish();
}

fn phonenumber_crate(c: &mut Criterion) {
    let mut group = c.benchmark_group("phone/phonenumber_crate_parse_is_valid");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .warm_up_time(Duration::from_secs(2));
    // The crate takes ~1 ms per number on mixed traffic: 200 numbers per iteration.
    for (name, numbers) in lists() {
        let numbers: Vec<String> = numbers.into_iter().take(200).collect();
        group.throughput(Throughput::Elements(numbers.len() as u64));
        group.bench_function(name, |b| {
            b.iter_batched(
                || numbers.clone(),
                |numbers| {
                    let mut ok = 0usize;
                    for number in &numbers {
                        if let Ok(parsed) = phonenumber::parse(None, black_box(number)) {
                            ok += usize::from(phonenumber::is_valid(&parsed));
                        }
                    }
                    ok
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

/// The first phone check of this (fresh) process, before anything else touched the tables,
/// and the crate's first parse for comparison. Printed once per bench run.
fn first_calls() {
    let start = std::time::Instant::now();
    let first = check_e164(black_box("+442079460958"), PhoneCheck::Valid);
    let ours = start.elapsed();
    let start = std::time::Instant::now();
    let second = check_e164(black_box("+5491123456789"), PhoneCheck::Valid);
    let ours_second_country = start.elapsed();
    let start = std::time::Instant::now();
    let crate_first = phonenumber::parse(None, black_box("+442079460958")).map(|n| phonenumber::is_valid(&n));
    let crate_time = start.elapsed();
    assert!(first.is_ok() && second.is_ok() && crate_first.is_ok());
    println!(
        "first call in a fresh process: smsrules {:.1} µs (then another country {:.1} µs); phonenumber crate {:.1} ms",
        ours.as_secs_f64() * 1e6,
        ours_second_country.as_secs_f64() * 1e6,
        crate_time.as_secs_f64() * 1e3
    );
}

criterion_group!(benches, ours, ours_canonical, phonenumber_crate);

fn main() {
    first_calls();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
