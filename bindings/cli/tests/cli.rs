//! The CLI end to end: every conformance vector through `smsrules check --input -`, the exit
//! codes, `segments`, `schema` and `batch`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

#[path = "../../../tests/support/vectors.rs"]
mod vectors;

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn smsrules(args: &[&str], stdin: &str) -> Output {
    smsrules_with_bytes(args, stdin.as_bytes())
}

/// Run the command with `stdin` as raw bytes (UTF-8 or not).
fn smsrules_with_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_smsrules"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Feed stdin from another thread: the child may fill its stdout pipe before reading all input.
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    output
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vectors() -> Vec<Value> {
    vectors::load(&repo()).into_iter().map(|(_, case)| case).collect()
}

#[test]
fn every_vector_through_check_input_matches_the_core() {
    let cases = vectors();
    assert!(cases.len() > 10);
    for case in cases {
        let doc = vectors::document_text(&case);
        let out = smsrules(&["check", "--compact", "--input", "-"], &doc);
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.trim_end(), smsrules::check_json(&doc), "{}", case["id"]);
        let valid = case["expect"]["errors"].as_array().is_some_and(Vec::is_empty);
        assert_eq!(out.status.code(), Some(if valid { 0 } else { 1 }), "{}", case["id"]);
    }
}

/// `batch --documents`: each line a whole document (every vector, one per line, plus a line
/// that is not UTF-8 and one that is not JSON), each answered exactly as the core answers
/// that document, in order, whatever the number of workers.
#[test]
fn batch_documents_answers_every_vector_line_as_the_core() {
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for case in vectors() {
        let doc = vectors::document_text(&case);
        // A line is what a JSONL file can hold.
        if !doc.contains('\n') && !doc.contains('\r') {
            lines.push(doc.into_bytes());
        }
    }
    assert!(lines.len() > 100, "{} vector lines", lines.len());
    lines.push(b"{\"request\": {\"user_number\": \"\xff\"}}".to_vec());
    lines.push(b"not json".to_vec());
    let expected: Vec<String> = lines
        .iter()
        .map(|line| smsrules::check(&smsrules::Document::from_json_bytes(line)).to_json())
        .collect();
    let mut input = Vec::new();
    for line in &lines {
        input.extend_from_slice(line);
        input.push(b'\n');
    }
    for jobs in ["1", "3"] {
        let out = smsrules_with_bytes(&["batch", "-", "--documents", "--quiet", "--jobs", jobs], &input);
        assert_eq!(out.status.code(), Some(1), "--jobs {jobs}");
        let printed: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
        assert_eq!(printed, expected, "--jobs {jobs}");
    }
    // Each document brings its own context and options: a shared one, or option flags, is a
    // misuse (one line on stderr, exit 2), as for `check --input`.
    let context = repo().join("examples/context.json");
    for args in [
        vec!["batch", "-", "--documents", "--context", context.to_str().unwrap()],
        vec!["batch", "-", "--documents", "--unknown-fields", "error"],
    ] {
        let out = smsrules_with_bytes(&args, &input);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim_end().lines().count(),
            1,
            "{args:?}"
        );
    }
}

#[test]
fn request_file_with_context_and_flags() {
    let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi","timeout":5}"#;
    let out = smsrules(
        &[
            "check",
            "-",
            "--idempotency-key",
            "k-1",
            "--unknown-fields",
            "error",
            "--compact",
        ],
        body,
    );
    assert_eq!(out.status.code(), Some(1));
    let envelope: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(envelope["errors"][0]["error"], "UNKNOWN_FIELD");
    assert_eq!(envelope["errors"][0]["params"]["suggestion"], "time_out");

    let example = repo().join("examples");
    let out = Command::new(env!("CARGO_BIN_EXE_smsrules"))
        .args(["check", "--compact"])
        .arg(example.join("request.json"))
        .arg("--context")
        .arg(example.join("context.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let envelope: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(envelope["data"]["conversation"]["action"], "resume");
}

#[test]
fn could_not_run_is_exit_2_with_one_line_on_stderr() {
    for args in [
        vec!["check", "/nonexistent/request.json"],
        vec!["check", "--bogus"],
        vec!["check", "-", "--context", "/nonexistent/context.json"],
        vec!["check", "--input", "-", "--phone-check", "possible"],
        vec!["batch", "/nonexistent/requests.jsonl"],
    ] {
        let out = smsrules(&args, "{}");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let not_json = std::env::temp_dir().join(format!("smsrules-cli-{}.json", std::process::id()));
    std::fs::write(&not_json, "{not json").unwrap();
    let out = smsrules(&["check", "-", "--context", not_json.to_str().unwrap()], "{}");
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_file(not_json);
}

#[test]
fn segments_and_schema_print_the_core_answers() {
    let out = smsrules(&["segments", "Price: 5€ ☕"], "");
    assert_eq!(out.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed,
        serde_json::to_value(smsrules::segments("Price: 5€ ☕")).unwrap()
    );
    let out = smsrules(&["schema"], "");
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, smsrules::json_schema());
}

#[test]
fn batch_answers_each_line_in_order_with_a_summary() {
    let good = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
    let bad = r#"{"user_number":"+14155552671"}"#;
    let mut input = String::new();
    for i in 0..10_000 {
        input.push_str(if i % 4 == 3 { bad } else { good });
        input.push('\n');
    }
    input.push_str("not json\n");
    let out = smsrules(&["batch", "-", "--jobs", "3"], &input);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 10_001);
    for (i, envelope) in lines.iter().enumerate().take(10_000) {
        assert_eq!(envelope["errors"].is_null(), i % 4 != 3, "line {i}");
    }
    assert_eq!(lines[10_000]["errors"][0]["error"], "INVALID_JSON");
    let summary = String::from_utf8(out.stderr).unwrap();
    assert!(summary.contains("10001 checked, 7500 valid, 2501 invalid"), "{summary}");
    assert!(summary.contains("MISSING_FIELD 2500"), "{summary}");
}

/// Every line's envelope is the core's answer for that line, in input order, whatever the
/// number of workers (distinct lines, so a block written out of place would show), with and
/// without a context (the batch judges its context once; the answers must not change).
#[test]
fn batch_lines_are_the_core_answers_in_input_order() {
    let bad_context = std::env::temp_dir().join(format!("smsrules-bad-context-{}.json", std::process::id()));
    std::fs::write(
        &bad_context,
        r#"{"now":"yesterday","number":{"phone_number":"+14155550000","sms_config":{"time_out":"x"}}}"#,
    )
    .unwrap();
    let contexts = [
        None,
        Some(repo().join("examples/context.json")),
        Some(bad_context.clone()),
    ];
    for context_file in &contexts {
        let context: Option<Value> = context_file
            .as_ref()
            .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap());
        let mut input = String::new();
        let mut expected = Vec::new();
        for i in 0..3_000 {
            let line = if i % 7 == 0 {
                format!(r#"{{"user_number":"+1415555{:04}","agent_message":"order {i}"}}"#, i)
            } else {
                format!(r#"{{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"order {i}"}}"#)
            };
            let doc = smsrules::Document::new(smsrules::Body::Text(line.clone())).with_context(context.clone());
            expected.push(smsrules::check(&doc).to_json());
            input.push_str(&line);
            input.push('\n');
        }
        for jobs in ["1", "2", "5"] {
            let mut args = vec!["batch", "-", "--jobs", jobs, "--quiet"];
            if let Some(file) = context_file {
                args.extend(["--context", file.to_str().unwrap()]);
            }
            let out = smsrules(&args, &input);
            assert_eq!(out.status.code(), Some(1), "--jobs {jobs} {context_file:?}");
            let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
            assert_eq!(lines, expected, "--jobs {jobs} {context_file:?}");
        }
    }
    std::fs::remove_file(&bad_context).unwrap();
    let empty = smsrules(&["batch", "-"], "");
    assert_eq!(empty.status.code(), Some(0));
    assert!(empty.stdout.is_empty());
    assert!(String::from_utf8(empty.stderr).unwrap().contains("0 checked"));
}

/// `check` with `flags` on `bytes` from stdin and from `file` (which holds the same bytes):
/// each exits 1, prints exactly `expected`, and reports one error, returned per source.
fn one_error_from_stdin_and_file(flags: &[&str], bytes: &[u8], file: &std::path::Path, expected: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for (source, stdin) in [("-", bytes), (file.to_str().unwrap(), b"".as_slice())] {
        let args: Vec<&str> = ["check", "--compact"]
            .iter()
            .chain(flags)
            .chain([&source])
            .copied()
            .collect();
        let out = smsrules_with_bytes(&args, stdin);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{source}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert_eq!(stdout.trim_end(), expected, "{source}");
        let envelope: Value = serde_json::from_str(&stdout).unwrap();
        let errors = envelope["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{source}: {errors:?}");
        found.push(errors[0].clone());
    }
    found
}

/// A body that is not UTF-8 is judged, not refused: `INVALID_JSON` at `""` (exit 1), the
/// core's own envelope, whether it comes from a file or stdin.
#[test]
fn a_body_that_is_not_utf8_is_invalid_json_from_a_file_and_stdin() {
    let valid_part = "{\n  \"user_number\": \"+1415".as_bytes();
    let body = [valid_part, b"\xff\"}"].concat();
    let expected = smsrules::check(&smsrules::Document::new(smsrules::Body::Bytes(body.clone()))).to_json();
    let file = std::env::temp_dir().join(format!("smsrules-not-utf8-{}.json", std::process::id()));
    std::fs::write(&file, &body).unwrap();
    for error in one_error_from_stdin_and_file(&[], &body, &file, &expected) {
        assert_eq!((&error["in"], &error["path"]), (&"body".into(), &"".into()));
        assert_eq!(error["error"], "INVALID_JSON");
        let offset = valid_part.len();
        assert_eq!(
            error["params"],
            serde_json::json!({"line": 2, "column": 24, "offset": offset})
        );
    }
    std::fs::remove_file(&file).unwrap();
}

/// An `--input` document that is not UTF-8 is `INVALID_INPUT` at `""` (exit 1), from a file
/// and from stdin; a context file that is not UTF-8 still cannot be run (exit 2).
#[test]
fn an_input_document_that_is_not_utf8_is_invalid_input() {
    let doc = b"{\"request\":{\"agent_message\":\"caf\xe9\"}}".to_vec();
    let file = std::env::temp_dir().join(format!("smsrules-not-utf8-doc-{}.json", std::process::id()));
    std::fs::write(&file, &doc).unwrap();
    for error in one_error_from_stdin_and_file(
        &["--input"],
        &doc,
        &file,
        &smsrules::check_to_json(&smsrules::Document::from_json_bytes(&doc)),
    ) {
        assert_eq!((&error["in"], &error["path"]), (&"input".into(), &"".into()));
        assert_eq!(error["error"], "INVALID_INPUT");
        assert_eq!(error["params"]["offset"], 32);
    }
    // The context is the caller's configuration, not data to judge.
    let out = smsrules(&["check", "-", "--context", file.to_str().unwrap()], "{}");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    std::fs::remove_file(&file).unwrap();
}

/// `batch --jobs jobs` over `input` (the bytes of `lines`, each ended): it exits 1 (some line
/// is invalid) and prints, line by line, exactly the core's answer to each line's bytes.
/// Returns the printed lines and the summary on stderr.
fn batch_of_bytes(jobs: &str, input: &[u8], lines: &[Vec<u8>]) -> (Vec<String>, String) {
    let out = smsrules_with_bytes(&["batch", "-", "--jobs", jobs], input);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let printed: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    let expected: Vec<String> = lines
        .iter()
        .map(|line| smsrules::check(&smsrules::Document::new(smsrules::Body::Bytes(line.clone()))).to_json())
        .collect();
    assert_eq!(printed, expected, "--jobs {jobs}");
    (printed, String::from_utf8(out.stderr).unwrap())
}

/// A batch line that is not UTF-8 is judged on its own line (`INVALID_JSON` at `""`); every
/// other line is still answered, in order, `\r\n` endings (cut off: a line cut short has its
/// syntax error where the `\r` was) and a last line without a line break included.
#[test]
fn batch_judges_a_line_that_is_not_utf8_and_answers_every_other_line() {
    let good = br#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#.to_vec();
    let not_utf8 = b"{\"user_number\":\"+14155552671\",\"agent_message\":\"\xed\xa0\x80\"}".to_vec();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for i in 0..1_000 {
        lines.push(match i {
            517 => not_utf8.clone(),
            900 => br#"{"agent_message":"#.to_vec(),
            _ => good.clone(),
        });
    }
    let mut input = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        input.extend_from_slice(line);
        input.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
    }
    // One more, cut off (no line break) in the middle of a character.
    lines.push(b"{\"agent_message\":\"\xe2\x82".to_vec());
    input.extend_from_slice(lines.last().unwrap());
    for jobs in ["1", "3"] {
        let (printed, summary) = batch_of_bytes(jobs, &input, &lines);
        for (i, envelope) in printed.iter().enumerate() {
            let envelope: Value = serde_json::from_str(envelope).unwrap();
            if [517, 900, 1_000].contains(&i) {
                assert_eq!(envelope["errors"][0]["error"], "INVALID_JSON", "line {i}");
                assert_eq!(envelope["errors"][0]["path"], "", "line {i}");
                assert!(envelope["errors"][0]["params"]["offset"].is_u64(), "line {i}");
            } else {
                assert!(envelope["errors"].is_null(), "line {i}: {envelope}");
            }
        }
        assert!(summary.contains("1001 checked, 998 valid, 3 invalid"), "{summary}");
    }
}

/// Lines over the body limit are answered as their bytes would be (`PAYLOAD_TOO_LARGE` with
/// their exact size) without being kept; a line exactly at the limit, `\r\n` included, is
/// judged whole.
#[test]
fn batch_answers_oversized_lines_by_their_size() {
    let limit = smsrules::BODY_SIZE_LIMIT;
    let good = br#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#.to_vec();
    let mut at_limit = b"{\"x\":\"".to_vec();
    at_limit.resize(limit - 2, b'a');
    at_limit.extend_from_slice(b"\"}");
    let over = |extra: usize, fill: u8| vec![fill; limit + extra];
    let lines = [
        good.clone(),
        over(1, b' '),
        at_limit,
        over(3_000_000, 0xff),
        good,
        over(2, b'\r'),
    ];
    let mut input = Vec::new();
    for line in &lines {
        input.extend_from_slice(line);
        input.extend_from_slice(b"\r\n");
    }
    let (printed, _) = batch_of_bytes("2", &input, &lines);
    let sizes: Vec<Value> = printed
        .iter()
        .map(|text| serde_json::from_str::<Value>(text).unwrap()["errors"][0]["params"]["size"].clone())
        .collect();
    assert_eq!(
        sizes,
        [
            Value::Null,
            (limit + 1).into(),
            Value::Null,
            (limit + 3_000_000).into(),
            Value::Null,
            (limit + 2).into()
        ]
    );
}
