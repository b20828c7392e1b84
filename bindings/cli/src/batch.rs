//! `smsrules batch`: one request per line in, one envelope per line out, in input order.
//!
//! A pipeline: a reader thread cuts the input into blocks, workers take blocks as they come
//! free (a slow or preempted worker never holds the others up), and the calling thread
//! writes the answers back in order while the next blocks are read and judged. At most
//! `IN_FLIGHT_PER_JOB × jobs` blocks exist at once, so memory stays flat on any input size.

use crate::{CodeCounts, RunError};
use serde_json::Value;
use smsrules::{Body, Document, PreparedContext};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// Lines per block: large enough that handing blocks around costs nothing next to judging
/// them, small enough that the workers share the tail of the input evenly.
const BLOCK_LINES: usize = 256;
/// Blocks in flight (read, being judged, or waiting to be written) per worker.
const IN_FLIGHT_PER_JOB: usize = 4;

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

/// One worker's document: the shared context (judged once for the whole batch) and the
/// options set once, the body swapped in per line.
struct Worker {
    doc: Document,
}

impl Worker {
    fn new(settings: &Settings, context: Option<&Arc<PreparedContext>>) -> Worker {
        let mut doc = Document::new(Body::Bytes(Vec::new()));
        doc.prepared_context = context.cloned();
        doc.options.clone_from(&settings.options);
        Worker { doc }
    }

    /// One line judged as the raw body (a line that is not UTF-8 is `INVALID_JSON`, one
    /// over the size limit was counted, not kept).
    fn judge(&mut self, line: Body) -> Judged {
        self.doc.request = line;
        let outcome = smsrules::check(&self.doc);
        let codes = outcome.errors.iter().map(|i| i.error.as_str()).collect();
        (outcome.to_json(), codes)
    }
}

/// A block of input lines (each its bytes as they arrived, or the size of one over the body
/// limit) and its place in the input.
type Block = (usize, Vec<Body>);

/// Judge every line of `input`, writing envelopes to `out` in order.
pub fn run(input: Box<dyn BufRead + Send>, out: &mut dyn Write, settings: &Settings) -> Result<Summary, RunError> {
    let jobs = settings.jobs.max(1);
    let context = settings
        .context
        .clone()
        .map(|value| Arc::new(PreparedContext::new(value, &[])));
    let in_flight = IN_FLIGHT_PER_JOB * jobs;
    let (block_tx, block_rx) = mpsc::sync_channel::<Block>(in_flight);
    let (result_tx, result_rx) = mpsc::sync_channel::<(usize, Vec<Judged>)>(in_flight);
    // The reader takes a token per block and the writer gives it back once the block is
    // written: that is what bounds the blocks in flight (and the reorder buffer).
    let (token_tx, token_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        token_tx
            .send(())
            .map_err(|_| RunError("the batch pipeline closed early".into()))?;
    }
    let block_rx = Mutex::new(block_rx);

    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_blocks(input, &block_tx, &token_rx));
        for _ in 0..jobs {
            let result_tx = result_tx.clone();
            let block_rx = &block_rx;
            let context = context.as_ref();
            scope.spawn(move || {
                let mut worker = Worker::new(settings, context);
                loop {
                    // The lock is held only to take the next block, never while judging.
                    let next = block_rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some((index, lines)) = next else { break };
                    let judged: Vec<Judged> = lines.into_iter().map(|line| worker.judge(line)).collect();
                    if result_tx.send((index, judged)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(result_tx);
        let written = write_in_order(&result_rx, &token_tx, out, settings.progress);
        // On a write error, closing these lets the reader and the workers stop.
        drop(result_rx);
        drop(token_tx);
        let read = reader
            .join()
            .map_err(|_| RunError("the batch reader failed".into()))
            .and_then(|r| r);
        let summary = written?;
        read?;
        Ok(summary)
    })
}

/// Cut `input` into numbered blocks, one token per block; stops early when the pipeline
/// closes (the writer failed).
fn read_blocks(
    mut input: Box<dyn BufRead + Send>,
    blocks: &SyncSender<Block>,
    tokens: &Receiver<()>,
) -> Result<(), RunError> {
    for index in 0.. {
        let mut block = Vec::with_capacity(BLOCK_LINES);
        while block.len() < BLOCK_LINES {
            match read_line(&mut input)? {
                Some(line) => block.push(line),
                None => break,
            }
        }
        if block.is_empty() || tokens.recv().is_err() || blocks.send((index, block)).is_err() {
            break;
        }
    }
    Ok(())
}

/// The next line without its `\n` (or `\r\n`), as `BufRead::lines` cuts text lines but
/// not required to be UTF-8; `None` at the end of the input. A line over the body size
/// limit is counted, not kept, so one huge line cannot take memory: it is
/// `Body::Oversized`, which the core answers as those bytes (`PAYLOAD_TOO_LARGE`).
fn read_line(input: &mut dyn BufRead) -> Result<Option<Body>, RunError> {
    // The limit plus a `\r` that may end the line.
    const KEEP: usize = smsrules::BODY_SIZE_LIMIT + 1;
    let failed = |e: std::io::Error| RunError(format!("cannot read input: {e}"));
    let mut line = Vec::new();
    let (mut size, mut kept, mut last, mut ended) = (0usize, true, None, false);
    while !ended {
        let available = input.fill_buf().map_err(failed)?;
        if available.is_empty() {
            break;
        }
        let (content, used) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => {
                ended = true;
                (available.get(..end).unwrap_or_default(), end + 1)
            }
            None => (available, available.len()),
        };
        size += content.len();
        last = content.last().copied().or(last);
        if kept && line.len() + content.len() <= KEEP {
            line.extend_from_slice(content);
        } else if kept {
            kept = false;
            line = Vec::new();
        }
        input.consume(used);
    }
    // Nothing read at all (an empty last line would have ended with its `\n`).
    if !ended && size == 0 {
        return Ok(None);
    }
    if ended && last == Some(b'\r') {
        size -= 1;
        line.pop();
    }
    Ok(Some(if kept { Body::Bytes(line) } else { Body::Oversized(size) }))
}

/// Write the judged blocks in input order as they arrive, counting the verdicts.
fn write_in_order(
    results: &Receiver<(usize, Vec<Judged>)>,
    tokens: &SyncSender<()>,
    out: &mut dyn Write,
    progress: bool,
) -> Result<Summary, RunError> {
    let mut summary = Summary::default();
    let bar = progress.then(|| {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {pos} checked ({per_sec}) {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar
    });
    let mut waiting: BTreeMap<usize, Vec<Judged>> = BTreeMap::new();
    let mut next = 0;
    for (index, judged) in results {
        waiting.insert(index, judged);
        while let Some(judged) = waiting.remove(&next) {
            let count = judged.len() as u64;
            for (envelope, codes) in judged {
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
                bar.inc(count);
            }
            next += 1;
            // The reader may have stopped already; a token nobody takes is harmless.
            let _ = tokens.try_send(());
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(summary)
}
