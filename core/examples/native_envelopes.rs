//! What the Rust core answers for every conformance vector and every hostile case, so the
//! foreign-language tests (Kotlin, Swift, WebAssembly) can require byte-identical envelopes:
//! `cargo run -p smsrules --example native_envelopes -- TESTS_DIR OUT.json`
//! (`TESTS_DIR` is the repository's `tests` directory).
//!
//! OUT.json is `{"vectors": [{"id", "document", "envelope", "object"}], "hostile": [{"id",
//! "envelope"}]}`: a vector's exact document text given to `check_json`, the envelope text it
//! returned, and whether an object entry can take the vector as it is; a hostile case's
//! document is rebuilt from its parts by the test that reads it, as here.

// A developer's tool: a panic in the shared test support is a failure with its reason.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

#[path = "../../tests/support/hostile.rs"]
mod hostile;
#[path = "../../tests/support/vectors.rs"]
mod vectors;

use serde_json::{json, Value};
use std::error::Error;
use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args_os().skip(1);
    let (Some(tests), Some(out)) = (args.next(), args.next()) else {
        return Err("usage: native_envelopes TESTS_DIR OUT.json".into());
    };
    let tests = PathBuf::from(tests);
    let repo = tests
        .parent()
        .ok_or("TESTS_DIR must be the repository's tests directory")?;
    let vectors = vector_envelopes(repo);
    let hostile = hostile::load(repo)
        .iter()
        .map(|case| {
            let document = hostile::build(&case.parts).map_err(|e| format!("{}: {e}", case.id))?;
            Ok(json!({ "id": case.id, "envelope": smsrules::check_json(&document) }))
        })
        .collect::<Result<Vec<Value>, String>>()?;
    let out = PathBuf::from(out);
    if let Some(parent) = out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&out, json!({ "vectors": vectors, "hostile": hostile }).to_string())?;
    eprintln!(
        "native_envelopes: {} vectors, {} hostile cases, written to {}",
        vectors.len(),
        hostile.len(),
        out.display()
    );
    Ok(())
}

/// Each vector's document text, the envelope `check_json` gives it, and whether an object
/// entry can take the vector as it is (as the Node tests decide).
fn vector_envelopes(repo: &Path) -> Vec<Value> {
    vectors::load(repo)
        .iter()
        .map(|(_, case)| {
            let document = vectors::document_text(case);
            let envelope = smsrules::check_json(&document);
            let object =
                case.get("input").is_some() && !case.get("only_json").and_then(Value::as_bool).unwrap_or(false);
            json!({ "id": case["id"], "document": document, "envelope": envelope, "object": object })
        })
        .collect()
}
