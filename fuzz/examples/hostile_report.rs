//! Times every hostile case (tests/hostile/cases.json) through `check_json` in an optimised
//! build and prints a Markdown table: input size, best of three wall times, the peak of
//! heap memory the call held (counted by a wrapping allocator), first error. A measurement
//! for the README, not a test (nothing is asserted).
//!
//!   cd fuzz && cargo run --release --example hostile_report

#[path = "../../tests/support/hostile.rs"]
mod hostile;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The system allocator, counting bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to `System`; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            let now = IN_USE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        } else {
            IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let cases = hostile::load(&repo);
    println!("| case | input | time (best of 3) | peak memory added | first error |");
    println!("|---|---:|---:|---:|---|");
    let mut slowest = (Duration::ZERO, String::new());
    let mut hungriest = (0u64, String::new());
    for case in &cases {
        let Ok(text) = hostile::build(&case.parts) else {
            continue;
        };
        let mut best = Duration::MAX;
        let mut grown = None;
        let mut out = String::new();
        for _ in 0..3 {
            let before = IN_USE.load(Ordering::Relaxed);
            PEAK.store(before, Ordering::Relaxed);
            let started = Instant::now();
            out = smsrules::check_json(&text);
            best = best.min(started.elapsed());
            grown = Some(u64::try_from(PEAK.load(Ordering::Relaxed) - before).unwrap_or(u64::MAX));
        }
        let envelope: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
        let first = envelope["errors"].get(0).map_or("none".to_owned(), |i| {
            let path: String = i["path"].as_str().unwrap_or_default().chars().take(32).collect();
            format!(
                "{} `{path}` {}",
                i["in"].as_str().unwrap_or_default(),
                i["error"].as_str().unwrap_or_default()
            )
        });
        let mib = grown.map_or("?".to_owned(), |g| format!("{:.1} MiB", g as f64 / 1048576.0));
        println!("| {} | {} B | {:.2?} | {mib} | {first} |", case.id, text.len(), best);
        if best > slowest.0 {
            slowest = (best, case.id.clone());
        }
        if grown.unwrap_or(0) > hungriest.0 {
            hungriest = (grown.unwrap_or(0), case.id.clone());
        }
    }
    println!();
    println!(
        "slowest: {} in {:.2?}; most memory: {} with {:.1} MiB",
        slowest.1,
        slowest.0,
        hungriest.1,
        hungriest.0 as f64 / 1048576.0
    );
}
