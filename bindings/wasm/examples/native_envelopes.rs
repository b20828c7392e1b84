//! What the native core answers for every conformance vector and every hostile case, so the
//! WebAssembly tests can require byte-identical envelopes:
//! `cargo run -p smsrules-wasm --example native_envelopes -- tests OUT.json`
//! (`tests` is the repository's tests directory).
//!
//! OUT.json is `{"vectors": [{"id", "document", "envelope", "object"}], "hostile": [{"id",
//! "envelope"}]}`: a vector's exact document text; a hostile case's document is rebuilt from
//! its parts by the test, as here.

use serde_json::{json, Value};
use std::error::Error;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(tests), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: native_envelopes TESTS_DIR OUT.json".into());
    };
    let tests = PathBuf::from(tests);
    let vectors = vector_envelopes(&tests.join("conformance/vectors"))?;
    let hostile = hostile_envelopes(&tests.join("hostile/cases.json"))?;
    std::fs::write(&out, json!({ "vectors": vectors, "hostile": hostile }).to_string())?;
    eprintln!(
        "native_envelopes: {} vectors, {} hostile cases",
        vectors.len(),
        hostile.len()
    );
    Ok(())
}

fn vector_envelopes(dir: &Path) -> Result<Vec<Value>, Box<dyn Error>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|path| path.extension().is_some_and(|ext| ext == "json"));
    files.sort();
    let mut answers = Vec::new();
    for file in &files {
        let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(file)?)?;
        for case in cases {
            let id = case.get("id").and_then(Value::as_str).ok_or("a vector without an id")?;
            let document = match (case.get("input_text").and_then(Value::as_str), case.get("input")) {
                (Some(text), _) => text.to_owned(),
                (None, Some(input)) => input.to_string(),
                (None, None) => return Err(format!("vector {id} has neither input nor input_text").into()),
            };
            let envelope = smsrules::check_json(&document);
            // Whether the object entry can take the vector as it is (as the Node tests decide).
            let object =
                case.get("input").is_some() && !case.get("only_json").and_then(Value::as_bool).unwrap_or(false);
            answers.push(json!({ "id": id, "document": document, "envelope": envelope, "object": object }));
        }
    }
    Ok(answers)
}

fn hostile_envelopes(file: &Path) -> Result<Vec<Value>, Box<dyn Error>> {
    let cases: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(file)?)?;
    let mut answers = Vec::new();
    for case in cases {
        let id = case
            .get("id")
            .and_then(Value::as_str)
            .ok_or("a hostile case without an id")?;
        let document = build(
            case.get("parts")
                .and_then(Value::as_array)
                .ok_or("a case without parts")?,
        )?;
        answers.push(json!({ "id": id, "envelope": smsrules::check_json(&document) }));
    }
    Ok(answers)
}

/// The document text of a hostile case (the format of tests/hostile/README.md).
fn build(parts: &[Value]) -> Result<String, Box<dyn Error>> {
    let mut text = String::new();
    for part in parts {
        let times = part.get("times").and_then(Value::as_u64).unwrap_or(1);
        if let Some(s) = part.get("text").and_then(Value::as_str) {
            text.push_str(s);
        } else if let Some(s) = part.get("repeat").and_then(Value::as_str) {
            for _ in 0..times {
                text.push_str(s);
            }
        } else if let Some(s) = part.get("numbered").and_then(Value::as_str) {
            for k in 0..times {
                text.push_str(&s.replace("{i}", &k.to_string()));
            }
        } else {
            return Err("a part that is neither text, repeat nor numbered".into());
        }
    }
    Ok(text)
}
