//! The strict check needs no warm-up, cache or allocation: counted by an instrumented global
//! allocator over mixed-country traffic, starting with the very first phone call of the
//! process. The binary has no test harness (see core/Cargo.toml): nothing but this check runs
//! in the process while it counts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::alloc::System;

use smsrules::phone::{check_canonical, check_e164, parse_international, Canonical, PhoneCheck};
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    checks_allocate_nothing_from_the_first_call_on();
    println!("phone_no_alloc: the phone checks allocated nothing");
}

fn checks_allocate_nothing_from_the_first_call_on() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/phone/reference_sample.tsv");
    let text = std::fs::read_to_string(path).unwrap();
    // Mixed countries, in the sample's shuffled order, national-prefix and transform cases included.
    let numbers: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('+'))
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(numbers.len() > 5000);
    let mut valid = 0usize;
    let mut rewritten = 0usize;
    let region = Region::new(GLOBAL);
    for number in &numbers {
        for level in [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164] {
            valid += usize::from(check_e164(number, level).is_ok());
        }
        valid += usize::from(parse_international(&number.as_bytes()[1..]).is_ok_and(|p| p.is_valid()));
        // The canonical form too (national prefixes and transform rules included).
        rewritten += usize::from(matches!(
            check_canonical(number, PhoneCheck::Valid),
            Ok(Canonical::Rewritten(_))
        ));
    }
    let change = region.change();
    assert_eq!(
        (change.allocations, change.reallocations, change.bytes_allocated),
        (0, 0, 0),
        "the phone checks allocated"
    );
    // The loop did real work (and the counter can see allocations at all).
    assert!(valid > 1000);
    assert!(
        rewritten > 10,
        "{rewritten} valid numbers with a canonical form of their own"
    );
    let region = Region::new(GLOBAL);
    let allocated = smsrules::phone::normalize_lenient("+1 415 555 2671", None);
    assert_eq!(allocated.as_deref(), Some("+14155552671"));
    assert!(region.change().allocations > 0, "the counter counts");
}
