//! The `smsrules` command: judge send requests from the shell (docs/src/getting-started/cli.md).
//!
//! Exit codes: 0 valid, 1 invalid, 2 could not run (bad file, bad flags).

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{Map, Value};
use smsrules::{Body, Document, Outcome};
use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// A JSONL file (`-` for stdin): one request body per line.
    file: PathBuf,
    /// The context shared by every request, as a JSON file.
    #[arg(long, value_name = "FILE")]
    context: Option<PathBuf>,
    /// Worker threads (default: every core).
    #[arg(long, value_name = "N")]
    jobs: Option<usize>,
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
            let s = match v {
                UnknownFields::Warn => "warn",
                UnknownFields::Error => "error",
                UnknownFields::Ignore => "ignore",
            };
            map.insert("unknown_fields".into(), s.into());
        }
        if let Some(v) = self.phone_check {
            let s = match v {
                PhoneCheck::Valid => "valid",
                PhoneCheck::Possible => "possible",
                PhoneCheck::E164 => "e164",
            };
            map.insert("phone_check".into(), s.into());
        }
        if let Some(v) = self.phone_input {
            let s = match v {
                PhoneInput::Strict => "strict",
                PhoneInput::Lenient => "lenient",
            };
            map.insert("phone_input".into(), s.into());
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

/// The file's (or stdin's, for `-`) bytes as they are: a request body or an input document,
/// which smsrules judges, UTF-8 or not.
fn read_bytes(path: &Path) -> Result<Vec<u8>, RunError> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| RunError(format!("cannot read stdin: {e}")))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| RunError(format!("cannot read {}: {e}", path.display())))
}

/// The file's text: a context file that is not UTF-8 is the caller's mistake, not data to judge.
fn read_text(path: &Path) -> Result<String, RunError> {
    String::from_utf8(read_bytes(path)?).map_err(|e| RunError(format!("{} is not UTF-8 text: {e}", path.display())))
}

fn read_json(path: &Path) -> Result<Value, RunError> {
    let text = read_text(path)?;
    smsrules::json::parse(&text, smsrules::json::ParseOptions { max_depth: 64 })
        .map(|p| p.value)
        .map_err(|e| {
            RunError(format!(
                "{} is not JSON: {} at line {} column {}",
                path.display(),
                e.message,
                e.line,
                e.column
            ))
        })
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
        smsrules::check_document_bytes(&read_bytes(input)?)
    } else {
        let path = args
            .request
            .as_deref()
            .ok_or_else(|| RunError("a REQUEST file or --input is required".into()))?;
        let mut doc = Document::new(Body::Bytes(read_bytes(path)?));
        doc.context = args.context.as_deref().map(read_json).transpose()?;
        doc.options = args.options.to_value();
        if let Some(key) = &args.idempotency_key {
            let mut headers = Map::new();
            headers.insert("idempotency-key".into(), Value::String(key.clone()));
            doc.headers = Some(Value::Object(headers));
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
    let context = args.context.as_deref().map(read_json).transpose()?;
    let options = args.options.to_value();
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from))
        .max(1);
    let reader: Box<dyn BufRead + Send> = if args.file == Path::new("-") {
        Box::new(std::io::BufReader::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(&args.file)
            .map_err(|e| RunError(format!("cannot read {}: {e}", args.file.display())))?;
        Box::new(std::io::BufReader::new(file))
    };
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
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
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

/// Count of each error code, for the batch summary.
type CodeCounts = BTreeMap<&'static str, u64>;
