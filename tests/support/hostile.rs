//! The hostile-input catalogue (tests/hostile/cases.json, format in tests/hostile/README.md):
//! loading, building each document from its parts, and comparing an envelope with a case's
//! expectations. Included with `#[path]` by the Rust runners.

// Test support: a panic here is a test failure with its reason.
#![allow(
    dead_code,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// How long one case may run before the runner calls it a hang. It is a guard against hangs
/// only, never a speed assertion: unoptimised builds on a busy machine are slow.
pub const HANG_GUARD: Duration = Duration::from_secs(120);

/// One case of the catalogue.
#[derive(Debug, Clone)]
pub struct Case {
    /// Unique id, e.g. `deep/request-100k`.
    pub id: String,
    /// What the case attacks and which rule answers it.
    pub why: String,
    /// The parts the document text is built from.
    pub parts: Vec<Value>,
    /// The expectations (`first_error`, optional `first_warning`, `error_count`, `warning_count`,
    /// `omitted_errors`, `omitted_warnings`).
    pub expect: Value,
    /// Set while the core is known to answer this case wrongly: the reason.
    pub pending: Option<String>,
}

/// Every case of `tests/hostile/cases.json` under `repo` (the repository root).
pub fn load(repo: &Path) -> Vec<Case> {
    let path = repo.join("tests/hostile/cases.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let field = |case: &Value, key: &str| case.get(key).and_then(Value::as_str).map(str::to_owned);
    list.as_array()
        .unwrap_or_else(|| panic!("{} is not an array", path.display()))
        .iter()
        .map(|case| Case {
            id: field(case, "id").unwrap_or_else(|| panic!("a case without an id: {case}")),
            why: field(case, "why").unwrap_or_default(),
            parts: case.get("parts").and_then(Value::as_array).cloned().unwrap_or_default(),
            expect: case.get("expect").cloned().unwrap_or(Value::Null),
            pending: field(case, "pending"),
        })
        .collect()
}

/// The document text of `parts`: each part is `{"text": s}`, `{"repeat": s, "times": n}`
/// (s, n times) or `{"numbered": s, "times": n}` (s n times, each `{i}` in it replaced by
/// the repetition's index 0, 1, …, n−1), concatenated in order.
pub fn build(parts: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    for part in parts {
        let times = || {
            part.get("times")
                .and_then(Value::as_u64)
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| format!("part {part} needs a non-negative integer `times`"))
        };
        if let Some(text) = part.get("text").and_then(Value::as_str) {
            out.push_str(text);
        } else if let Some(unit) = part.get("repeat").and_then(Value::as_str) {
            out.push_str(&unit.repeat(times()?));
        } else if let Some(template) = part.get("numbered").and_then(Value::as_str) {
            for index in 0..times()? {
                out.push_str(&template.replace("{i}", &index.to_string()));
            }
        } else {
            return Err(format!("part {part} has none of text, repeat, numbered"));
        }
    }
    Ok(out)
}

/// `[in, path, error]` of an issue.
fn head(issue: &Value) -> [&Value; 3] {
    let get = |key: &str| issue.get(key).unwrap_or(&Value::Null);
    [get("in"), get("path"), get("error")]
}

/// Whether `issue` is `[in, path, error]` (+ a params subset as a fourth element); a `null`
/// among the first three matches anything (for paths too long to write down).
fn issue_matches(issue: &Value, expected: &[Value]) -> bool {
    let same_head = expected.len() >= 3 && head(issue).iter().zip(expected).all(|(a, b)| b.is_null() || *a == b);
    same_head
        && match expected.get(3) {
            None => true,
            Some(Value::Object(params)) => params
                .iter()
                .all(|(k, v)| issue.get("params").and_then(|p| p.get(k)) == Some(v)),
            Some(_) => false,
        }
}

/// Every way `envelope` misses the case's expectations (empty when it meets them).
pub fn expectation_problems(expect: &Value, envelope: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let list = |name: &str| {
        envelope
            .get(name)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let describe = |issues: &[Value]| -> String {
        let shown: Vec<String> = issues
            .iter()
            .take(3)
            .map(|i| {
                let [location, path, code] = head(i);
                let path = path.as_str().unwrap_or_default();
                let path = if path.len() > 80 {
                    format!("{}…", path.chars().take(80).collect::<String>())
                } else {
                    path.to_owned()
                };
                format!(
                    "[{location}, {path:?}, {code}, {}]",
                    i.get("params").unwrap_or(&Value::Null)
                )
            })
            .collect();
        format!("{} issue(s), first {}", issues.len(), shown.join(", "))
    };
    let errors = list("errors");
    let warnings = list("warnings");
    match expect.get("first_error") {
        Some(Value::Null) => {
            if !errors.is_empty() {
                found.push(format!("expected no errors, got {}", describe(&errors)));
            }
        }
        Some(Value::Array(want)) => {
            if !errors.first().is_some_and(|first| issue_matches(first, want)) {
                found.push(format!(
                    "expected first error {}, got {}",
                    Value::Array(want.clone()),
                    describe(&errors)
                ));
            }
        }
        _ => found.push("the case has no `first_error` (null or [in, path, error])".into()),
    }
    if let Some(Value::Array(want)) = expect.get("first_warning") {
        if !warnings.first().is_some_and(|first| issue_matches(first, want)) {
            found.push(format!(
                "expected first warning {}, got {}",
                Value::Array(want.clone()),
                describe(&warnings)
            ));
        }
    }
    for (key, issues) in [("error_count", &errors), ("warning_count", &warnings)] {
        if let Some(n) = expect.get(key).and_then(Value::as_u64) {
            if u64::try_from(issues.len()).ok() != Some(n) {
                found.push(format!("expected {n} for {key}, got {}", describe(issues)));
            }
        }
    }
    // `omitted_*`: the `omitted` of the list's closing `TOO_MANY_ISSUES` (0: there is none).
    for (key, issues) in [("omitted_errors", &errors), ("omitted_warnings", &warnings)] {
        if let Some(n) = expect.get(key).and_then(Value::as_u64) {
            let omitted = issues
                .last()
                .filter(|last| last.get("error").and_then(Value::as_str) == Some("TOO_MANY_ISSUES"))
                .map_or(Some(0), |last| last.pointer("/params/omitted").and_then(Value::as_u64));
            if omitted != Some(n) {
                found.push(format!("expected {key} {n}, got {omitted:?}"));
            }
        }
    }
    found
}

/// Peak resident memory since the last [`reset_peak_memory`], in bytes, where Linux tells.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Resident memory now, in bytes, where Linux tells.
pub fn resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Start a new peak-memory window (Linux: `5` to /proc/self/clear_refs); false where unsupported.
pub fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
