//! Bounded work at the command line: readers stop at the limit they enforce (`/dev/zero`
//! answers), `--jobs` is refused in one line or bounded by the work, `batch` memory stays
//! flat, and a `--context` file is judged exactly as the same context inside an input
//! document.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A hang guard for unoptimised builds on a busy machine, not a speed test.
const HANG_GUARD: Duration = Duration::from_secs(120);

const OK: &str = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_smsrules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Run with empty stdin; kill and fail if it has not finished within the hang guard.
fn run_guarded(args: &[&str]) -> Output {
    let mut child = spawn(args);
    drop(child.stdin.take());
    wait_guarded(&mut child, &format!("{args:?}"));
    child.wait_with_output().unwrap()
}

/// Wait for `child` to exit; kill it and fail if it is still running after [`HANG_GUARD`].
fn wait_guarded(child: &mut std::process::Child, what: &str) {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what} still running after {HANG_GUARD:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn temp_file(name: &str, contents: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!("smsrules-bounded-{}-{name}", std::process::id()));
    std::fs::write(&path, contents).unwrap();
    path
}

fn first_error(out: &Output) -> Value {
    let envelope: Value = serde_json::from_slice(&out.stdout).unwrap();
    envelope["errors"][0].clone()
}

/// A line on stderr that says why, and nothing on stdout.
fn assert_one_line_exit_2(out: &Output, what: &str) {
    assert_eq!(out.status.code(), Some(2), "{what}");
    assert!(out.stdout.is_empty(), "{what}");
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{what}: {stderr:?}");
    assert!(stderr.starts_with("smsrules: "), "{what}: {stderr:?}");
}

#[test]
fn dev_zero_is_answered_not_read_to_the_end() {
    if !std::path::Path::new("/dev/zero").exists() {
        eprintln!("note: no /dev/zero here; skipped");
        return;
    }
    let ok = temp_file("ok.json", OK.as_bytes());
    let ok = ok.to_str().unwrap();

    let out = run_guarded(&["check", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1));
    let error = first_error(&out);
    assert_eq!(error["error"], "PAYLOAD_TOO_LARGE");
    // Counted, not kept, up to 256 MiB: a stream that never ends is answered all the same.
    assert_eq!(error["params"]["size"], 256 * 1024 * 1024);

    let out = run_guarded(&["check", "--input", "/dev/zero"]);
    assert_eq!(out.status.code(), Some(1));
    let error = first_error(&out);
    assert_eq!(
        (&error["error"], &error["in"]),
        (&"INVALID_INPUT".into(), &"input".into())
    );
    assert_eq!(error["params"]["size"], 256 * 1024 * 1024);

    let out = run_guarded(&["check", ok, "--context", "/dev/zero"]);
    assert_one_line_exit_2(&out, "--context /dev/zero");

    let out = run_guarded(&["batch", ok, "--context", "/dev/zero"]);
    assert_one_line_exit_2(&out, "batch --context /dev/zero");
}

/// A regular file over the limit is answered with its real size, read no further.
#[test]
fn an_oversized_file_is_answered_with_its_size() {
    let big = temp_file("big.json", &vec![b' '; smsrules::BODY_SIZE_LIMIT + 5000]);
    let out = run_guarded(&["check", big.to_str().unwrap()]);
    assert_eq!(first_error(&out)["params"]["size"], smsrules::BODY_SIZE_LIMIT + 5000);
    let _ = std::fs::remove_file(big);
}

#[test]
fn bad_job_counts_are_one_line_and_exit_2() {
    let ok = temp_file("jobs.json", OK.as_bytes());
    for jobs in ["0", "-1", "x", "18446744073709551616", "99999999999999999999999", ""] {
        let out = run_guarded(&["batch", ok.to_str().unwrap(), "--jobs", jobs]);
        assert_one_line_exit_2(&out, &format!("--jobs {jobs:?}"));
    }
    for args in [
        vec!["check", "--bogus"],
        vec!["batch"],
        vec!["check", "--max-issues", "many", "-"],
    ] {
        assert_one_line_exit_2(&run_guarded(&args), &format!("{args:?}"));
    }
}

/// The `Threads:` count of a running process (Linux).
fn threads_of(pid: u32) -> Option<usize> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
}

/// The peak resident memory of a running process in bytes (Linux).
fn peak_memory_of(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
}

/// `batch -` fed `lines` on stdin, kept alive (stdin open) once every answer is read so the
/// process can be looked at: returns what `look` saw, the answers, and the exit code.
fn batch_held_open<T>(args: &[&str], lines: &[String], look: impl FnOnce(u32) -> T) -> (T, Vec<String>, Option<i32>) {
    let mut child = spawn(args);
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let input: Vec<String> = lines.to_vec();
    let feeder = std::thread::spawn(move || {
        for line in input {
            if stdin.write_all(line.as_bytes()).is_err() || stdin.write_all(b"\n").is_err() {
                return None;
            }
        }
        Some(stdin)
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut answers = Vec::new();
        for _ in 0..done_rx.recv().unwrap_or(0) {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                break;
            }
            answers.push(line.trim_end().to_owned());
        }
        (answers, stdout)
    });
    done_tx.send(lines.len()).unwrap();
    let started = Instant::now();
    while !reader.is_finished() {
        if started.elapsed() > HANG_GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{args:?} did not answer {} lines within {HANG_GUARD:?}", lines.len());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let (answers, mut stdout) = reader.join().unwrap();
    let seen = look(pid);
    drop(feeder.join().unwrap());
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    (seen, answers, status.code())
}

/// A huge job count on a one-line input starts one worker, not millions of threads.
#[test]
fn huge_job_counts_cost_only_what_the_work_needs() {
    for jobs in ["18446744073709551615", "4611686018427387904", "1000000"] {
        let args = ["batch", "-", "--quiet", "--jobs", jobs];
        let (threads, answers, code) = batch_held_open(&args, &[OK.to_owned()], threads_of);
        assert_eq!(code, Some(0), "--jobs {jobs}");
        assert_eq!(answers.len(), 1);
        if let Some(threads) = threads {
            // The main thread, the reader and one worker for the one block.
            assert!(threads <= 3, "--jobs {jobs}: {threads} threads for one line");
        }
    }
}

/// Memory does not grow with the number of lines, nor hold a block of huge envelopes:
/// lines of a 1 MB body with 140,000 issues each, judged with every core.
#[test]
fn batch_memory_stays_flat_on_amplifying_lines() {
    let key = "k".repeat(100_000);
    let members = vec![r#""a":"\ud800""#; 70_000].join(",");
    let line = format!(r#"{{"user_number":"+14155552671","agent_number":"+14155550000","{key}":{{{members}}}}}"#);
    let lines = vec![line; 24];
    let (peak, answers, code) = batch_held_open(&["batch", "-", "--quiet"], &lines, peak_memory_of);
    assert_eq!(code, Some(1));
    assert_eq!(answers.len(), lines.len());
    let expected = smsrules::check(&smsrules::Document::new(smsrules::Body::Text(lines[0].clone()))).to_json();
    assert!(answers.iter().all(|answer| *answer == expected));
    let envelope: Value = serde_json::from_str(&expected).unwrap();
    let last = envelope["errors"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["error"], "TOO_MANY_ISSUES");
    let shown = envelope["errors"].as_array().unwrap().len() as u64 - 1;
    assert_eq!(
        shown + last["params"]["omitted"].as_u64().unwrap(),
        139_999,
        "every issue counted"
    );
    if let Some(peak) = peak {
        // A few lines and their answers in flight, whatever the input's length: far below the
        // gigabytes a block of 256 ten-megabyte envelopes took.
        assert!(peak < 400 << 20, "peak resident memory {} MiB", peak >> 20);
    }
}

/// `batch --documents`: a line over the document limit is answered by its size without
/// being kept, and memory stays bounded on lines of megabytes: the reader waits for the
/// workers rather than read far ahead of them.
#[test]
fn batch_documents_hold_few_lines_and_answer_an_oversized_one_by_its_size() {
    let filler = "a".repeat(6 << 20);
    let big = format!(r#"{{"request":{OK},"context":{{"note":"{filler}"}}}}"#);
    let lines = vec![big.clone(); 24];
    let args = ["batch", "-", "--documents", "--quiet", "--jobs", "2"];
    let (peak, answers, code) = batch_held_open(&args, &lines, peak_memory_of);
    assert_eq!(code, Some(0));
    let expected = smsrules::check_json(&big);
    assert_eq!(answers, vec![expected; lines.len()]);
    if let Some(peak) = peak {
        // 24 lines of 6 MB are 150 MB of input; a few of them in flight are far less.
        assert!(peak < 120 << 20, "peak resident memory {} MiB", peak >> 20);
    }
    // A line one byte over the limit is answered by its size, and the next line as usual.
    let over = " ".repeat(smsrules::DOCUMENT_SIZE_LIMIT + 5);
    let lines = [OK_DOCUMENT.to_owned(), over, OK_DOCUMENT.to_owned()];
    let ((), answers, code) = batch_held_open(&args, &lines, |_| ());
    assert_eq!(code, Some(1));
    let refused: Value = serde_json::from_str(&answers[1]).unwrap();
    assert_eq!(refused["errors"][0]["error"], "INVALID_INPUT");
    assert_eq!(
        refused["errors"][0]["params"]["size"],
        smsrules::DOCUMENT_SIZE_LIMIT + 5
    );
    assert_eq!(answers[2], smsrules::check_json(OK_DOCUMENT));
}

/// `batch --documents` stops when its output closes while document lines of tens of
/// megabytes are read ahead (past the reader's bound, where it waits for the workers): it
/// exits 2 (it cannot write) instead of waiting for workers that stopped.
#[test]
fn batch_documents_stop_when_the_output_closes() {
    // Blocks of one line each (a line of 300 KB fills a block); the output closes once the
    // first answer is read.
    let document = |kilobytes: usize| {
        let filler = "a".repeat(kilobytes << 10);
        format!(r#"{{"request":{OK},"context":{{"note":"{filler}"}}}}"#)
    };
    let first_line = document(300);
    let mut input = String::new();
    for line in [
        first_line.clone(),
        document(9 << 10),
        document(30 << 10),
        document(30 << 10),
        OK_DOCUMENT.to_owned(),
    ] {
        input.push_str(&line);
        input.push('\n');
    }
    let file = temp_file("documents.jsonl", input.as_bytes());
    let mut child = spawn(&["batch", file.to_str().unwrap(), "--documents", "--quiet", "--jobs", "1"]);
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert_eq!(first.trim_end(), smsrules::check_json(&first_line));
    drop(stdout);
    wait_guarded(&mut child, "batch --documents with its output closed");
    assert_eq!(child.wait().unwrap().code(), Some(2));
    let _ = std::fs::remove_file(file);
}

const OK_DOCUMENT: &str =
    r#"{"request":{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}}"#;

/// `--context FILE` answers byte for byte as `--input` with the same context in the document,
/// its parse faults included (`1e400`, lone surrogates, too deep, duplicates), for `check` and
/// for `batch`.
#[test]
fn a_context_file_is_judged_as_the_same_context_in_a_document() {
    let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    let contexts = [
        r#"{"number":{"phone_number":"+14155550000","sms_config":{"time_out":1e400,"warning_time":300}}}"#.to_owned(),
        r#"{"id":"\udc00","number":{"phone_number":"+14155550000","sms_config":{}}}"#.to_owned(),
        format!(r#"{{"persona":{deep},"number":{{"phone_number":"+14155550000","sms_config":{{"x":"\ufdd0"}}}}}}"#),
        r#"{"number":{"phone_number":"+14155550000","sms_config":null},"number":{"phone_number":"+14155550000","sms_config":{"time_out":60,"warning_time":300}}}"#.to_owned(),
        r#"{"conversation":{"id":"c","active":true,"last_user_message_at":"\ud800"}}"#.to_owned(),
        "null".to_owned(),
    ];
    let body = temp_file("body.json", OK.as_bytes());
    let lines = temp_file("lines.jsonl", format!("{OK}\n{OK}\n").as_bytes());
    for (i, context) in contexts.iter().enumerate() {
        let file = temp_file(&format!("context-{i}.json"), context.as_bytes());
        let doc = format!(
            r#"{{"request_text":{},"context":{context}}}"#,
            serde_json::to_string(OK).unwrap()
        );
        let doc_file = temp_file(&format!("doc-{i}.json"), doc.as_bytes());
        let by_input = run_guarded(&["check", "--compact", "--input", doc_file.to_str().unwrap()]);
        let by_context = run_guarded(&[
            "check",
            "--compact",
            body.to_str().unwrap(),
            "--context",
            file.to_str().unwrap(),
        ]);
        assert_eq!(
            String::from_utf8_lossy(&by_context.stdout),
            String::from_utf8_lossy(&by_input.stdout),
            "{context}"
        );
        assert_eq!(by_context.status.code(), by_input.status.code(), "{context}");
        let batch = run_guarded(&[
            "batch",
            "--quiet",
            lines.to_str().unwrap(),
            "--context",
            file.to_str().unwrap(),
        ]);
        let expected = String::from_utf8_lossy(&by_input.stdout).repeat(2);
        assert_eq!(String::from_utf8_lossy(&batch.stdout), expected, "batch {context}");
        let _ = std::fs::remove_file(file);
        let _ = std::fs::remove_file(doc_file);
    }
}
