//! `smsrules batch`: one request per line in, one envelope per line out, in input order.
//!
//! A pipeline: a reader thread cuts the input into blocks, workers take blocks as they come
//! free (a slow or preempted worker never holds the others up), and the calling thread
//! writes the answers back in order while the next blocks are read and judged.
//!
//! Memory stays flat on any input: a block holds at most [`BLOCK_LINES`] lines and about
//! [`BLOCK_BYTES`] of them, at most `IN_FLIGHT_PER_JOB × jobs` blocks are read ahead of the
//! writer, and a worker hands its answers over in chunks of about [`CHUNK_BYTES`], waiting
//! while its block has [`CHUNKS_PER_BLOCK`] chunks unwritten. Workers start as blocks
//! arrive, so a short input never starts more threads than it has blocks.
//!
//! A line is a request body, or with `--documents` a whole input document. A document line
//! may be 64 times a body's limit, so the lines read but not yet judged are also held to
//! [`DOCUMENT_BYTES_AHEAD`] in all: past it the reader waits for the workers.

use crate::{CodeCounts, RunError};
use serde_json::Value;
use smsrules::{Body, Document, PreparedContext};
use std::io::{BufRead, Write};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

/// Lines per block: large enough that handing blocks around costs nothing next to judging
/// them, small enough that the workers share the tail of the input evenly.
const BLOCK_LINES: usize = 256;
/// A block ends once its lines hold this many bytes (a line over the body limit is counted,
/// not kept, so it adds nothing).
const BLOCK_BYTES: usize = 256 * 1024;
/// Blocks read ahead of the writer, per worker.
const IN_FLIGHT_PER_JOB: usize = 2;
/// A worker hands over its answers once they hold this many bytes.
const CHUNK_BYTES: usize = 256 * 1024;
/// Chunks of one block that may wait for the writer.
const CHUNKS_PER_BLOCK: usize = 2;

/// Bytes of document lines read ahead of the workers (one line over it is still read: the
/// reader waits before the next).
const DOCUMENT_BYTES_AHEAD: usize = 16 * 1024 * 1024;

/// The input lines, buffered: a block is cut early when the buffer runs dry.
pub type Input = std::io::BufReader<Box<dyn std::io::Read + Send>>;

/// How much input is read at a time.
pub const INPUT_BUFFER: usize = 256 * 1024;

/// One line's answer: the envelope and its error codes.
type Judged = (String, Vec<&'static str>);

/// What every line shares.
pub struct Settings {
    pub context: Option<Arc<PreparedContext>>,
    pub options: Option<Value>,
    pub jobs: usize,
    pub progress: bool,
    /// Each line is a whole input document (its own headers, context and options), not a
    /// request body.
    pub documents: bool,
}

/// What a line is, and the most of it that is kept.
#[derive(Clone, Copy)]
enum LineKind {
    Body,
    Document,
}

impl LineKind {
    fn limit(self) -> usize {
        match self {
            LineKind::Body => smsrules::BODY_SIZE_LIMIT,
            LineKind::Document => smsrules::DOCUMENT_SIZE_LIMIT,
        }
    }
}

/// One input line: its bytes as they arrived, or the size of one over its kind's limit
/// (counted, not kept).
enum Line {
    Bytes(Vec<u8>),
    Over(usize),
}

/// Bytes of lines read and not yet judged, which the reader keeps under a bound.
#[derive(Default)]
struct Ahead {
    /// The bytes held, and whether a worker has stopped (then nobody may wait).
    state: Mutex<(usize, bool)>,
    changed: std::sync::Condvar,
}

impl Ahead {
    fn add(&self, bytes: usize) {
        if let Ok(mut state) = self.state.lock() {
            state.0 += bytes;
        }
    }

    fn release(&self, bytes: usize) {
        if let Ok(mut state) = self.state.lock() {
            state.0 = state.0.saturating_sub(bytes);
        }
        self.changed.notify_all();
    }

    /// A worker stopped: whatever it held will not be released.
    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.1 = true;
        }
        self.changed.notify_all();
    }

    fn over(&self, bound: usize) -> bool {
        self.state.lock().is_ok_and(|state| state.0 > bound)
    }

    /// Wait until at most `bound` bytes are held. Call it only with every line read so far
    /// handed to the workers, which release them as they judge (or stop, and say so).
    fn wait_under(&self, bound: usize) {
        let Ok(mut state) = self.state.lock() else { return };
        while state.0 > bound && !state.1 {
            match self.changed.wait(state) {
                Ok(next) => state = next,
                Err(_) => return,
            }
        }
    }
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

/// One worker's settings: the shared context (judged once for the whole batch) and the
/// options, with each line's body; or nothing, when each line is a whole document.
struct Worker {
    context: Option<Arc<PreparedContext>>,
    options: Option<Value>,
    documents: bool,
}

impl Worker {
    fn new(settings: &Settings, context: Option<&Arc<PreparedContext>>) -> Worker {
        Worker {
            context: context.cloned(),
            options: settings.options.clone(),
            documents: settings.documents,
        }
    }

    /// One line judged as the raw body or the whole document, as `check` and `check --input`
    /// judge a file's bytes (not UTF-8: `INVALID_JSON` or `INVALID_INPUT`; over the limit:
    /// judged by its size).
    fn judge(&mut self, line: Line) -> Judged {
        let doc = match (self.documents, line) {
            (true, Line::Bytes(bytes)) => Document::from_json_bytes(&bytes),
            (true, Line::Over(size)) => Document::oversized_json(size),
            (false, line) => Document::new(match line {
                Line::Bytes(bytes) => Body::Bytes(bytes),
                Line::Over(size) => Body::Oversized(size),
            })
            .with_prepared_context(self.context.clone())
            .with_options_value(self.options.clone()),
        };
        let outcome = smsrules::check(&doc);
        let codes = outcome.errors.iter().map(|i| i.error.as_str()).collect();
        (outcome.to_json(), codes)
    }
}

/// A block of input lines and where its answers go.
type Block = (Vec<Line>, SyncSender<Vec<Judged>>);

/// Judge every line of `input`, writing envelopes to `out` in order.
pub fn run(input: Input, out: &mut dyn Write, settings: &Settings) -> Result<Summary, RunError> {
    let jobs = settings.jobs.max(1);
    let in_flight = IN_FLIGHT_PER_JOB * jobs;
    let (block_tx, block_rx) = mpsc::sync_channel::<Block>(in_flight);
    // The answers of each block, in input order: the writer drains one block at a time.
    let (order_tx, order_rx) = mpsc::sync_channel::<Receiver<Vec<Judged>>>(in_flight);
    let block_rx = Mutex::new(block_rx);
    let ahead = Ahead::default();
    let kind = if settings.documents {
        LineKind::Document
    } else {
        LineKind::Body
    };

    std::thread::scope(|scope| {
        let block_rx = &block_rx;
        let ahead = &ahead;
        let start_worker = move || {
            scope.spawn(move || {
                let mut worker = Worker::new(settings, settings.context.as_ref());
                loop {
                    // The lock is held only to take the next block, never while judging.
                    let next = block_rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some((lines, answers)) = next else { break };
                    if !worker.judge_block(lines, &answers, ahead) {
                        break;
                    }
                }
                ahead.close();
            });
        };
        let reader = scope.spawn(move || read_blocks(input, kind, ahead, &block_tx, &order_tx, jobs, start_worker));
        let written = write_in_order(&order_rx, out, settings.progress);
        // On a write error, closing this lets the reader and the workers stop.
        drop(order_rx);
        let read = reader
            .join()
            .map_err(|_| RunError("the batch reader failed".into()))
            .and_then(|r| r);
        let summary = written?;
        read?;
        Ok(summary)
    })
}

impl Worker {
    /// Judge a block, handing the answers over in chunks; false when the writer is gone.
    fn judge_block(&mut self, lines: Vec<Line>, answers: &SyncSender<Vec<Judged>>, ahead: &Ahead) -> bool {
        let mut chunk: Vec<Judged> = Vec::new();
        let mut bytes = 0;
        for line in lines {
            let kept = match &line {
                Line::Bytes(kept) if self.documents => kept.len(),
                _ => 0,
            };
            let judged = self.judge(line);
            if kept > 0 {
                ahead.release(kept);
            }
            bytes += judged.0.len();
            chunk.push(judged);
            if bytes >= CHUNK_BYTES {
                if answers.send(std::mem::take(&mut chunk)).is_err() {
                    return false;
                }
                bytes = 0;
            }
        }
        chunk.is_empty() || answers.send(chunk).is_ok()
    }
}

/// Cut `input` into blocks, queue each for the workers and its answers for the writer, and
/// start a worker for each of the first `jobs` blocks; stops early when the pipeline closes
/// (the writer failed).
fn read_blocks(
    mut input: Input,
    kind: LineKind,
    ahead: &Ahead,
    blocks: &SyncSender<Block>,
    order: &SyncSender<Receiver<Vec<Judged>>>,
    jobs: usize,
    start_worker: impl Fn(),
) -> Result<(), RunError> {
    for index in 0.. {
        let mut block = Vec::with_capacity(BLOCK_LINES);
        let mut bytes = 0;
        while block.len() < BLOCK_LINES && bytes < BLOCK_BYTES {
            // Nothing more has arrived: judge what has, rather than wait (a pipe that stays
            // open gets its answers line by line).
            if !block.is_empty() && input.buffer().is_empty() {
                break;
            }
            if let LineKind::Document = kind {
                // Lines of a block not yet sent cannot be released: send it, then wait.
                if block.is_empty() {
                    ahead.wait_under(DOCUMENT_BYTES_AHEAD);
                } else if ahead.over(DOCUMENT_BYTES_AHEAD) {
                    break;
                }
            }
            match read_line(&mut input, kind.limit())? {
                Some(line) => {
                    if let Line::Bytes(kept) = &line {
                        bytes += kept.len();
                        if let LineKind::Document = kind {
                            ahead.add(kept.len());
                        }
                    }
                    block.push(line);
                }
                None => break,
            }
        }
        if block.is_empty() {
            break;
        }
        let (answers_tx, answers_rx) = mpsc::sync_channel(CHUNKS_PER_BLOCK);
        if order.send(answers_rx).is_err() || blocks.send((block, answers_tx)).is_err() {
            break;
        }
        if index < jobs {
            start_worker();
        }
    }
    Ok(())
}

/// The next line without its `\n` (or `\r\n`), as `BufRead::lines` cuts text lines but
/// not required to be UTF-8; `None` at the end of the input. A line over `limit` is
/// counted, not kept, so one huge line cannot take memory: it is `Line::Over`, which the
/// core answers as that many bytes (`PAYLOAD_TOO_LARGE`, or `INVALID_INPUT` for a document).
fn read_line(input: &mut dyn BufRead, limit: usize) -> Result<Option<Line>, RunError> {
    // The limit plus a `\r` that may end the line.
    let keep = limit + 1;
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
        if kept && line.len() + content.len() <= keep {
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
    Ok(Some(if kept { Line::Bytes(line) } else { Line::Over(size) }))
}

/// Write the answers in input order as they arrive, counting the verdicts.
fn write_in_order(
    order: &Receiver<Receiver<Vec<Judged>>>,
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
    let failed = |e: std::io::Error| RunError(format!("cannot write: {e}"));
    // Wait for what comes next only once everything written so far is flushed: a pipe that
    // stays open sees its answers as they are ready.
    while let Some(answers) = next_or_flush(order, out).map_err(failed)? {
        while let Some(judged) = next_or_flush(&answers, out).map_err(failed)? {
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
                writeln!(out, "{envelope}").map_err(failed)?;
            }
            if let Some(bar) = &bar {
                bar.inc(count);
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(summary)
}

/// The next message, flushing `out` first when none is ready yet; `None` when the channel
/// is closed.
fn next_or_flush<T>(channel: &Receiver<T>, out: &mut dyn Write) -> std::io::Result<Option<T>> {
    match channel.try_recv() {
        Ok(next) => Ok(Some(next)),
        Err(mpsc::TryRecvError::Disconnected) => Ok(None),
        Err(mpsc::TryRecvError::Empty) => {
            out.flush()?;
            Ok(channel.recv().ok())
        }
    }
}
