//! Writes what the Rust core answers for every conformance vector, so the Kotlin tests can
//! check that the bindings answer byte for byte the same:
//! `cargo run -p smsrules-uniffi --example rust_envelopes -- tests/conformance/vectors OUT.json`.
//!
//! OUT.json is an array of `{"id", "document", "envelope"}`: the exact document text given
//! to `check_json` and the envelope text it returned.

use serde_json::{json, Value};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(vectors), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: rust_envelopes VECTORS_DIR OUT.json".into());
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&vectors)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    files.sort();
    let mut answers = Vec::new();
    for file in &files {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(file)?)?;
        for case in cases {
            let id = case.get("id").and_then(Value::as_str).ok_or("a case without an id")?;
            let document = match (case.get("input_text").and_then(Value::as_str), case.get("input")) {
                (Some(text), _) => text.to_owned(),
                (None, Some(input)) => input.to_string(),
                (None, None) => return Err(format!("case {id} has neither input nor input_text").into()),
            };
            let envelope = smsrules::check_json(&document);
            answers.push(json!({ "id": id, "document": document, "envelope": envelope }));
        }
    }
    if let Some(parent) = PathBuf::from(&out).parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, Value::Array(answers).to_string())?;
    eprintln!(
        "rust_envelopes: {} files, answers written to {}",
        files.len(),
        PathBuf::from(&out).display()
    );
    Ok(())
}
