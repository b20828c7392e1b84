//! The conformance vectors (tests/conformance/vectors, format in tests/conformance/README.md):
//! loading every case, and the exact document text a case gives the JSON entry point.
//! Included with `#[path]` by the Rust runners.

// Test support: a panic here is a test failure with its reason.
#![allow(
    dead_code,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::path::{Path, PathBuf};

/// Every case of the vector files under `repo` (the repository root), files in name order,
/// each with the name of the file it came from.
pub fn load(repo: &Path) -> Vec<(String, Value)> {
    let dir = repo.join("tests/conformance/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let list: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for case in list
            .as_array()
            .unwrap_or_else(|| panic!("{} is not an array", file.display()))
        {
            cases.push((name.clone(), case.clone()));
        }
    }
    cases
}

/// The document text a case gives `check_json`: its `input_text` exactly, else its `input`
/// written as compact JSON.
pub fn document_text(case: &Value) -> String {
    match case.get("input_text") {
        Some(Value::String(text)) => text.clone(),
        _ => serde_json::to_string(&case["input"]).unwrap(),
    }
}
