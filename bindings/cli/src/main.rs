//! The `smsrules` command: judge send requests from the shell (docs/src/getting-started/cli.md).
//!
//! Exit codes: 0 valid, 1 invalid, 2 could not run (bad file, bad flags).

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{Map, Value};
use smsrules::{Body, Document, Outcome, PreparedContext};
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

mod batch;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser, Debug)]
#[command(
    name = "smsrules",
    version,
    about = "Validate and resolve POST /v1/sms/send requests, offline"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Judge one request body (or a whole input document) and print the envelope.
    Check(CheckArgs),
    /// Print how a text travels as SMS: encoding, units, segments, ucs2_chars.
    Segments {
        /// The message text.
        text: String,
    },
    /// Print the JSON Schema (draft 2020-12) of the request body.
    Schema,
    /// Judge one request per line of a JSONL file; print one envelope per line, in order.
    Batch(BatchArgs),
}

#[derive(Args, Debug)]
struct CheckArgs {
    /// The request body file (`-` for stdin), judged as the raw bytes that would arrive.
    #[arg(required_unless_present = "input", conflicts_with = "input")]
    request: Option<PathBuf>,
    /// A whole input document (docs/src/input.md: request or request_text, headers, context, options).
    #[arg(long, value_name = "DOC.json", conflicts_with_all = ["context", "idempotency_key"])]
    input: Option<PathBuf>,
    /// The server-side context (docs/src/context.md) as a JSON file.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// The `idempotency-key` header.
    #[arg(long, value_name = "KEY")]
    idempotency_key: Option<String>,
    #[command(flatten)]
    options: OptionFlags,
    #[command(flatten)]
    output: OutputFlags,
}

#[derive(Args, Debug)]
struct BatchArgs {
    /// A JSONL file (`-` for stdin): one request body per line (with `--documents`, one
    /// whole input document per line).
    file: PathBuf,
    /// The context shared by every request, as a JSON file.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// Each line is a whole input document (docs/src/input.md: request or request_text,
    /// headers, context, options), as `check --input` reads one: every request brings its
    /// own context.
    #[arg(long, conflicts_with = "context")]
    documents: bool,
    /// Worker threads, at least 1 (default and most: one per core; never more than the
    /// input has blocks of lines to share).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    jobs: Option<u64>,
    /// Print no summary on stderr.
    #[arg(long)]
    quiet: bool,
    #[command(flatten)]
    options: OptionFlags,
}

#[derive(Args, Debug, Default)]
struct OptionFlags {
    /// What to do with unknown fields.
    #[arg(long, value_enum)]
    unknown_fields: Option<UnknownFields>,
    /// How strictly phone numbers are judged.
    #[arg(long, value_enum)]
    phone_check: Option<PhoneCheck>,
    /// Which phone spellings are accepted.
    #[arg(long, value_enum)]
    phone_input: Option<PhoneInput>,
    /// Region for national numbers in lenient phone input (ISO 3166-1 alpha-2).
    #[arg(long, value_name = "REGION")]
    default_region: Option<String>,
    /// At most this many errors and this many warnings (1–1000).
    #[arg(long, value_name = "N")]
    max_issues: Option<u64>,
}

#[derive(Args, Debug)]
struct OutputFlags {
    /// Pretty-print the envelope (default when stdout is a terminal).
    #[arg(long, conflicts_with = "compact")]
    pretty: bool,
    /// One-line envelope (default when stdout is not a terminal).
    #[arg(long)]
    compact: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum UnknownFields {
    Warn,
    Error,
    Ignore,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum PhoneCheck {
    Valid,
    Possible,
    E164,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum PhoneInput {
    Strict,
    Lenient,
}

impl OptionFlags {
    /// The options object of docs/src/input.md#options (the core validates it).
    fn to_value(&self) -> Option<Value> {
        let mut map = Map::new();
        if let Some(v) = self.unknown_fields {
            let core = match v {
                UnknownFields::Warn => smsrules::UnknownFields::Warn,
                UnknownFields::Error => smsrules::UnknownFields::Error,
                UnknownFields::Ignore => smsrules::UnknownFields::Ignore,
            };
            map.insert("unknown_fields".into(), core.as_str().into());
        }
        if let Some(v) = self.phone_check {
            let core = match v {
                PhoneCheck::Valid => smsrules::PhoneCheck::Valid,
                PhoneCheck::Possible => smsrules::PhoneCheck::Possible,
                PhoneCheck::E164 => smsrules::PhoneCheck::E164,
            };
            map.insert("phone_check".into(), core.as_str().into());
        }
        if let Some(v) = self.phone_input {
            let core = match v {
                PhoneInput::Strict => smsrules::PhoneInput::Strict,
                PhoneInput::Lenient => smsrules::PhoneInput::Lenient,
            };
            map.insert("phone_input".into(), core.as_str().into());
        }
        if let Some(r) = &self.default_region {
            map.insert("default_region".into(), r.clone().into());
        }
        if let Some(n) = self.max_issues {
            map.insert("max_issues".into(), n.into());
        }
        (!map.is_empty()).then_some(Value::Object(map))
    }
}

/// "Could not run": a one-line reason for stderr, exit code 2.
#[derive(Debug)]
struct RunError(String);

/// What a bounded read found: the bytes, or only how many there were past the limit.
enum Bounded {
    Complete(Vec<u8>),
    /// More than the limit: the file's size when it is a regular file; for a stream, the
    /// bytes counted (not kept) until it ended or [`COUNT_LIMIT`] was reached (a stream such
    /// as `/dev/zero` never ends).
    Over(usize),
}

/// How far a stream over its limit is counted to tell its size.
const COUNT_LIMIT: u64 = 256 * 1024 * 1024;

/// The file's (or stdin's, for `-`) bytes as they are, reading at most `limit` + 1 of them:
/// a request body or an input document, which smsrules judges, UTF-8 or not.
fn read_bytes(path: &Path, limit: usize) -> Result<Bounded, RunError> {
    let failed = |e: std::io::Error| {
        let name = if path == Path::new("-") {
            "stdin".to_owned()
        } else {
            path.display().to_string()
        };
        RunError(format!("cannot read {name}: {e}"))
    };
    let (source, size): (Box<dyn std::io::Read>, Option<u64>) = if path == Path::new("-") {
        (Box::new(std::io::stdin().lock()), None)
    } else {
        let file = std::fs::File::open(path).map_err(failed)?;
        let size = file.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
        (Box::new(file), size)
    };
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    // Room for everything that will be read, reserved once: growing by doubling would hold
    // two copies at the end. Pages never written are never resident.
    let expected = size.map_or(cap, |size| size.min(cap));
    let mut bytes = Vec::with_capacity(usize::try_from(expected).unwrap_or(0));
    let mut source = std::io::Read::take(source, cap);
    source.read_to_end(&mut bytes).map_err(failed)?;
    if bytes.len() <= limit {
        return Ok(Bounded::Complete(bytes));
    }
    let read = bytes.len();
    drop(bytes);
    let counted = match size {
        Some(size) => usize::try_from(size).unwrap_or(usize::MAX),
        None => {
            let mut rest = source.into_inner().take(COUNT_LIMIT.saturating_sub(cap));
            let more = std::io::copy(&mut rest, &mut std::io::sink()).map_err(failed)?;
            read.saturating_add(usize::try_from(more).unwrap_or(usize::MAX))
        }
    };
    Ok(Bounded::Over(counted.max(read)))
}

/// A context file, read as `check --input` reads a document's `context` (its faults are the
/// core's `INVALID_CONTEXT` issues; a file holding `null` is no context). The file may be as
/// large as a whole input document.
fn read_context(path: &Path) -> Result<Option<Arc<PreparedContext>>, RunError> {
    let bytes = match read_bytes(path, smsrules::DOCUMENT_SIZE_LIMIT)? {
        Bounded::Complete(bytes) => bytes,
        Bounded::Over(size) => {
            return Err(RunError(format!(
                "{} is {size} bytes or more; a context may hold at most {} (the limit of a whole input document)",
                path.display(),
                smsrules::DOCUMENT_SIZE_LIMIT
            )))
        }
    };
    let text =
        std::str::from_utf8(&bytes).map_err(|e| RunError(format!("{} is not UTF-8 text: {e}", path.display())))?;
    let prepared = PreparedContext::from_json(text).map_err(|e| {
        RunError(format!(
            "{} is not JSON: {} at line {} column {}",
            path.display(),
            e.message,
            e.line,
            e.column
        ))
    })?;
    Ok(Some(Arc::new(prepared)))
}

fn print_envelope(outcome: &Outcome, flags: &OutputFlags) -> Result<(), RunError> {
    let stdout = std::io::stdout();
    let pretty = flags.pretty || (!flags.compact && stdout.is_terminal());
    let envelope = outcome.to_value();
    let text = if pretty {
        serde_json::to_string_pretty(&envelope)
    } else {
        serde_json::to_string(&envelope)
    }
    .map_err(|e| RunError(format!("cannot serialise the envelope: {e}")))?;
    let mut out = stdout.lock();
    writeln!(out, "{text}").map_err(|e| RunError(format!("cannot write: {e}")))
}

fn exit_for(outcome: &Outcome) -> ExitCode {
    if outcome.is_valid() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn run_check(args: &CheckArgs) -> Result<ExitCode, RunError> {
    let outcome = if let Some(input) = &args.input {
        if args.options.to_value().is_some() {
            // Flags are not merged into a document: refuse rather than guess which wins.
            return Err(RunError(
                "option flags cannot be combined with --input; put them in the document's `options`".into(),
            ));
        }
        match read_bytes(input, smsrules::DOCUMENT_SIZE_LIMIT)? {
            Bounded::Complete(bytes) => smsrules::check(&Document::from_json_bytes(&bytes)),
            Bounded::Over(size) => smsrules::check(&Document::oversized_json(size)),
        }
    } else {
        let path = args
            .request
            .as_deref()
            .ok_or_else(|| RunError("a REQUEST file or --input is required".into()))?;
        let body = match read_bytes(path, smsrules::BODY_SIZE_LIMIT)? {
            Bounded::Complete(bytes) => Body::Bytes(bytes),
            Bounded::Over(size) => Body::Oversized(size),
        };
        let mut doc = Document::new(body);
        doc = doc.with_prepared_context(match &args.context {
            Some(path) => read_context(path)?,
            None => None,
        });
        doc = doc.with_options_value(args.options.to_value());
        if let Some(key) = &args.idempotency_key {
            let mut headers = Map::new();
            headers.insert(smsrules::IDEMPOTENCY_KEY_HEADER.into(), Value::String(key.clone()));
            doc = doc.with_headers(Some(Value::Object(headers)));
        }
        smsrules::check(&doc)
    };
    print_envelope(&outcome, &args.output)?;
    Ok(exit_for(&outcome))
}

fn run_segments(text: &str) -> Result<ExitCode, RunError> {
    let value = serde_json::to_value(smsrules::segments(text)).map_err(|e| RunError(e.to_string()))?;
    println!("{value}");
    Ok(ExitCode::SUCCESS)
}

fn run_schema() -> Result<ExitCode, RunError> {
    let text = serde_json::to_string_pretty(&smsrules::json_schema()).map_err(|e| RunError(e.to_string()))?;
    println!("{text}");
    Ok(ExitCode::SUCCESS)
}

fn run_batch(args: &BatchArgs) -> Result<ExitCode, RunError> {
    let context = match &args.context {
        Some(path) => read_context(path)?,
        None => None,
    };
    let options = args.options.to_value();
    if args.documents && options.is_some() {
        return Err(RunError(
            "option flags cannot be combined with --documents; put them in each document's `options`".into(),
        ));
    }
    // Judging is CPU-bound: threads beyond the cores only take memory.
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let jobs = args
        .jobs
        .map_or(cores, |jobs| usize::try_from(jobs).unwrap_or(usize::MAX).min(cores))
        .max(1);
    let source: Box<dyn Read + Send> = if args.file == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| RunError(format!("cannot read {}: {e}", args.file.display())))?;
        Box::new(file)
    };
    let reader = std::io::BufReader::with_capacity(batch::INPUT_BUFFER, source);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let progress = std::io::stderr().is_terminal() && !args.quiet;
    let summary = batch::run(
        reader,
        &mut out,
        &batch::Settings {
            context,
            options,
            jobs,
            progress,
            documents: args.documents,
        },
    )?;
    out.flush().map_err(|e| RunError(format!("cannot write: {e}")))?;
    if !args.quiet {
        eprintln!("{}", summary.describe());
    }
    Ok(if summary.invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if e.use_stderr() => {
            // A bad command line is one line on stderr, like every other failure to run.
            eprintln!("smsrules: {}", one_line(&e.render().to_string()));
            return ExitCode::from(2);
        }
        Err(e) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
    };
    let result = match &cli.command {
        Command::Check(args) => run_check(args),
        Command::Segments { text } => run_segments(text),
        Command::Schema => run_schema(),
        Command::Batch(args) => run_batch(args),
    };
    match result {
        Ok(code) => code,
        Err(RunError(message)) => {
            eprintln!("smsrules: {message}");
            ExitCode::from(2)
        }
    }
}

/// Clap's error text as one line: its first line without the `error: ` label.
fn one_line(rendered: &str) -> String {
    let first = rendered
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("invalid command line");
    first.strip_prefix("error: ").unwrap_or(first).to_owned()
}

/// Count of each error code, for the batch summary.
type CodeCounts = BTreeMap<&'static str, u64>;
