//! The interleaved rounds every ratio table of the Rust benchmarks is taken with: each
//! implementation runs once over the whole corpus per round, the order rotated each round
//! (so drifting load hits every row alike), one warm-up round not counted.

use std::hint::black_box;
use std::time::Instant;

/// The rounds to run: `SMSRULES_BENCH_ROUNDS`, else 9.
pub fn rounds() -> usize {
    std::env::var("SMSRULES_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(9)
}

/// What one row's rounds measured: µs per item.
pub struct Timing {
    pub median: f64,
    /// The fastest round: on a shared machine, load only adds time.
    pub fastest: f64,
}

/// Time every run of `runs` over `corpus` in `rounds` interleaved rounds; `items(i)` is the
/// number of items run `i` handles per pass (what a pass's time is divided by).
pub fn interleaved<C>(
    corpus: &C,
    runs: &[fn(&C) -> usize],
    items: impl Fn(usize) -> usize,
    rounds: usize,
) -> Vec<Timing> {
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); runs.len()];
    for round in 0..=rounds {
        for k in 0..runs.len() {
            let index = (k + round) % runs.len();
            let start = Instant::now();
            black_box(runs[index](corpus));
            let micros = start.elapsed().as_secs_f64() * 1e6 / items(index).max(1) as f64;
            if round > 0 {
                samples[index].push(micros);
            }
        }
    }
    samples
        .iter_mut()
        .map(|s| Timing {
            median: median(s),
            fastest: s.iter().copied().fold(f64::INFINITY, f64::min),
        })
        .collect()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[mid],
        _ => (values[mid - 1] + values[mid]) / 2.0,
    }
}
