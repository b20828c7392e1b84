//! `smsrules batch`: one request per line in, one envelope per line out, in input order,
//! spread over worker threads in bounded chunks so memory stays flat on any input size.

use crate::{CodeCounts, RunError};
use serde_json::Value;
use smsrules::{Body, Document};
use std::io::{BufRead, Write};

/// Lines judged per round: enough to keep every worker busy, small enough to bound memory.
const CHUNK_LINES: usize = 4096;

/// One line's answer: the envelope and its error codes.
type Judged = (String, Vec<&'static str>);

/// What every line shares.
pub struct Settings {
    pub context: Option<Value>,
    pub options: Option<Value>,
    pub jobs: usize,
    pub progress: bool,
}

/// Totals over the whole batch.
#[derive(Default)]
pub struct Summary {
    pub valid: u64,
    pub invalid: u64,
    pub error_codes: CodeCounts,
}

impl Summary {
    /// One line for stderr: totals and the most frequent error codes.
    pub fn describe(&self) -> String {
        let mut top: Vec<(&&str, &u64)> = self.error_codes.iter().collect();
        top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let codes: Vec<String> = top.iter().take(5).map(|(c, n)| format!("{c} {n}")).collect();
        let mut line = format!(
            "smsrules batch: {} checked, {} valid, {} invalid",
            self.valid + self.invalid,
            self.valid,
            self.invalid
        );
        if !codes.is_empty() {
            line.push_str(&format!("; top errors: {}", codes.join(", ")));
        }
        line
    }
}

fn judge(line: &str, settings: &Settings) -> Judged {
    let mut doc = Document::new(Body::Text(line.to_owned()));
    doc.context.clone_from(&settings.context);
    doc.options.clone_from(&settings.options);
    let outcome = smsrules::check(&doc);
    let codes = outcome.errors.iter().map(|i| i.error.as_str()).collect();
    (outcome.to_json(), codes)
}

/// Judge every line of `input`, writing envelopes to `out` in order.
pub fn run(input: Box<dyn BufRead>, out: &mut dyn Write, settings: &Settings) -> Result<Summary, RunError> {
    let mut summary = Summary::default();
    let bar = settings.progress.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} checked ({per_sec}) {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut lines = input.lines();
    loop {
        let mut chunk: Vec<String> = Vec::with_capacity(CHUNK_LINES);
        for line in lines.by_ref().take(CHUNK_LINES) {
            chunk.push(line.map_err(|e| RunError(format!("cannot read input: {e}")))?);
        }
        if chunk.is_empty() {
            break;
        }
        let per_worker = chunk.len().div_ceil(settings.jobs);
        let results: Result<Vec<Vec<Judged>>, RunError> = std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .chunks(per_worker.max(1))
                .map(|part| scope.spawn(move || part.iter().map(|line| judge(line, settings)).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().map_err(|_| RunError("a worker thread failed".into())))
                .collect()
        });
        for (envelope, codes) in results?.into_iter().flatten() {
            if codes.is_empty() {
                summary.valid += 1;
            } else {
                summary.invalid += 1;
                for code in codes {
                    *summary.error_codes.entry(code).or_insert(0) += 1;
                }
            }
            writeln!(out, "{envelope}").map_err(|e| RunError(format!("cannot write: {e}")))?;
        }
        if let Some(bar) = &bar {
            bar.inc(chunk.len() as u64);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(summary)
}
