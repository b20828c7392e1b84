//! Keeps the book in `docs/` true to the core.
//!
//! Parts of the book are generated: every region between `<!-- generated: KIND ARGS -->` and
//! `<!-- /generated -->` in a page under `docs/src`, the rules reference's list of codes, and
//! `tools/book/src/pages.rs` (which makes every page's Rust samples doctests). This test
//! regenerates all of it from the core (`Code::ALL`, `Code::meaning`, `check_json`) and the
//! conformance vectors, and fails when a committed file differs, when a code has no page, or
//! when a page lacks one of its hand-written sections.
//!
//! `SMSRULES_BOOK_WRITE=1 cargo test -p smsrules-book --test book` rewrites the generated
//! parts (and creates the skeleton of a missing rule page) instead of failing.
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
use smsrules::{check_json, Code};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const WRITE_ENV: &str = "SMSRULES_BOOK_WRITE";
const OPEN: &str = "<!-- generated: ";
const CLOSE: &str = "<!-- /generated -->";
/// The hand-written sections every rule page must have, in this order.
const RULE_SECTIONS: [&str; 4] = ["## When", "## Where it points", "## Params", "## How to fix"];
/// Languages a fenced block may carry. Rust blocks are doctests (`pages.rs`), python, js,
/// mjs (the WebAssembly package), kotlin and swift blocks run in their binding's suite, console blocks in the CLI's tests;
/// json and text blocks are data (generated ones are checked here).
const FENCE_LANGUAGES: [&str; 9] = [
    "rust", "python", "js", "mjs", "kotlin", "swift", "console", "json", "text",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn book_src() -> PathBuf {
    root().join("docs/src")
}

fn writing() -> bool {
    std::env::var_os(WRITE_ENV).is_some_and(|v| v == "1")
}

struct Vector {
    id: String,
    why: String,
    only_json: bool,
    /// The document exactly as the conformance runners hand it to `check_json`.
    document: String,
    /// The document for a reader: pretty JSON, or the raw text when it is not JSON.
    shown: String,
    /// Codes of the expected errors, then of the expected warnings.
    errors: Vec<String>,
    warnings: Vec<String>,
}

fn load_vectors() -> Vec<Vector> {
    vectors::load(&root())
        .iter()
        .map(|(_, case)| {
            let shown = match case.get("input_text") {
                Some(Value::String(text)) => text.clone(),
                _ => serde_json::to_string_pretty(&case["input"]).unwrap(),
            };
            let codes = |key: &str| -> Vec<String> {
                case["expect"][key]
                    .as_array()
                    .map(|list| list.iter().map(|issue| issue[2].as_str().unwrap().to_owned()).collect())
                    .unwrap_or_default()
            };
            Vector {
                id: case["id"].as_str().unwrap().to_owned(),
                why: case["why"].as_str().unwrap().to_owned(),
                only_json: case.get("only_json") == Some(&Value::Bool(true)),
                document: vectors::document_text(case),
                shown,
                errors: codes("errors"),
                warnings: codes("warnings"),
            }
        })
        .collect()
}

fn envelope(document: &str) -> Value {
    serde_json::from_str(&check_json(document)).unwrap()
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap()
}

fn json_block(text: &str) -> String {
    format!("```json\n{text}\n```\n")
}

/// A page's path relative to `docs/src`, with `/` separators.
fn relative(page: &Path) -> String {
    page.strip_prefix(book_src())
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Turns `docs/src/<page>.md#<anchor>` references (the form code comments and vectors use) into
/// Markdown links from the page at `from` (relative to `docs/src`).
fn linkify(text: &str, from: &str) -> String {
    let depth = from.matches('/').count();
    let up = "../".repeat(depth);
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("docs/src/") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + "docs/src/".len()..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-_./#".contains(c)))
            .unwrap_or(tail.len());
        let target = tail[..end].trim_end_matches('.');
        let label = target.trim_end_matches(".md").replace(".md#", " › ");
        write!(out, "[{label}]({up}{target})").unwrap();
        rest = &tail[target.len()..];
    }
    out.push_str(rest);
    out
}

struct Catalogue {
    vectors: Vec<Vector>,
}

impl Catalogue {
    fn cases_of(&self, code: &str) -> Vec<&Vector> {
        self.vectors
            .iter()
            .filter(|v| v.errors.iter().chain(&v.warnings).any(|c| c == code))
            .collect()
    }

    fn kinds_of(&self, code: &str) -> &'static str {
        let as_error = self.vectors.iter().any(|v| v.errors.iter().any(|c| c == code));
        let as_warning = self.vectors.iter().any(|v| v.warnings.iter().any(|c| c == code));
        match (as_error, as_warning) {
            (true, true) => "error or warning",
            (false, true) => "warning",
            _ => "error",
        }
    }

    /// The case a rule page shows: the one named on the marker, else the one where the code
    /// stands most alone (fewest other issues, then a request an object entry point can take,
    /// then the shortest document).
    fn example_of(&self, code: &str, pinned: Option<&str>) -> Result<&Vector, String> {
        if let Some(id) = pinned {
            return self
                .cases_of(code)
                .into_iter()
                .find(|v| v.id == id)
                .ok_or_else(|| format!("vector {id} does not expect {code}"));
        }
        self.cases_of(code)
            .into_iter()
            .min_by_key(|v| (v.errors.len() + v.warnings.len(), v.only_json, v.document.len()))
            .ok_or_else(|| format!("{code} has no conformance vector"))
    }

    fn generate(&self, kind: &str, args: &[&str], page: &str) -> Result<String, String> {
        let code_arg = || -> Result<Code, String> {
            let name = args.first().ok_or(format!("{kind} needs a code"))?;
            Code::parse(name).ok_or(format!("{name} is not a code"))
        };
        match kind {
            "rule-summary" => {
                let code = code_arg()?;
                let cases = self.cases_of(code.as_str());
                let mut params = std::collections::BTreeSet::new();
                for vector in &cases {
                    let got = envelope(&vector.document);
                    for list in ["errors", "warnings"] {
                        for issue in got[list].as_array().into_iter().flatten() {
                            if issue["error"] == code.as_str() {
                                params.extend(
                                    issue["params"]
                                        .as_object()
                                        .into_iter()
                                        .flatten()
                                        .map(|(k, _)| k.clone()),
                                );
                            }
                        }
                    }
                }
                let params = if params.is_empty() {
                    "none".to_owned()
                } else {
                    params.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
                };
                Ok(format!(
                    "**{}** — {}: {}.\n\nPinned by {} conformance case{} (listed at the end of this page); \
                     the params its issues carry in them: {params}.\n",
                    code.as_str(),
                    self.kinds_of(code.as_str()),
                    code.meaning(),
                    cases.len(),
                    if cases.len() == 1 { "" } else { "s" }
                ))
            }
            "rule-example" => {
                let code = code_arg()?;
                let vector = self.example_of(code.as_str(), args.get(1).copied())?;
                let got = envelope(&vector.document);
                let mentions = ["errors", "warnings"].iter().any(|list| {
                    got[list]
                        .as_array()
                        .is_some_and(|issues| issues.iter().any(|i| i["error"] == code.as_str()))
                });
                if !mentions {
                    return Err(format!("the core's envelope for {} lacks {}", vector.id, code.as_str()));
                }
                let what = if vector.document.starts_with('{') && !vector.shown.contains("\"request_text\"") {
                    "This document (the input of `check_json`, `smsrules check --input`)"
                } else {
                    "This document (the input of `check_json`, `smsrules check --input`, given as raw text)"
                };
                Ok(format!(
                    "Conformance case `{}` — {}\n\n{what}:\n\n{}\ngets exactly this envelope from the core:\n\n{}",
                    vector.id,
                    linkify(&vector.why, page),
                    json_block(&vector.shown),
                    json_block(&pretty(&got))
                ))
            }
            "rule-cases" => {
                let code = code_arg()?;
                let mut out = String::new();
                for v in self.cases_of(code.as_str()) {
                    writeln!(out, "- `{}` — {}", v.id, linkify(&v.why, page)).unwrap();
                }
                Ok(out)
            }
            "rules-list" => {
                let mut out = String::from("| code | kind | meaning |\n|---|---|---|\n");
                for code in Code::ALL {
                    writeln!(
                        out,
                        "| [`{0}`]({0}.md) | {1} | {2} |",
                        code.as_str(),
                        self.kinds_of(code.as_str()),
                        code.meaning()
                    )
                    .unwrap();
                }
                Ok(out)
            }
            "example" => example(args),
            _ => Err(format!("unknown generated region kind {kind}")),
        }
    }
}

/// `example NAME [fields=a,b]`: the document `docs/examples/NAME.json` and what the core
/// answers, the whole envelope or only the listed plan fields.
fn example(args: &[&str]) -> Result<String, String> {
    let name = args.first().ok_or("example needs a name")?;
    let path = root().join("docs/examples").join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let document: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let got = envelope(&serde_json::to_string(&document).unwrap());
    let fields: Option<Vec<&str>> = args
        .iter()
        .find_map(|a| a.strip_prefix("fields="))
        .map(|list| list.split(',').collect());
    let mut out = String::new();
    for (part, label) in [
        ("request", "The request body"),
        ("context", "The context"),
        ("headers", "The headers"),
        ("options", "The options"),
    ] {
        if let Some(value) = document.get(part) {
            write!(out, "{label}:\n\n{}\n", json_block(&pretty(value))).unwrap();
        }
    }
    match (fields, got.get("data")) {
        (Some(fields), Some(Value::Object(plan))) => {
            let mut picked = serde_json::Map::new();
            for field in fields {
                let value = plan.get(field).ok_or(format!("{name}: the plan has no {field}"))?;
                picked.insert(field.to_owned(), value.clone());
            }
            let warnings = got["warnings"].as_array().cloned().unwrap_or_default();
            write!(
                out,
                "What the core answers: `errors` is `null`, and the plan's {} {}:\n\n{}",
                if picked.len() == 1 { "field" } else { "fields" },
                if picked.len() == 1 { "is" } else { "are" },
                json_block(&pretty(&Value::Object(picked)))
            )
            .unwrap();
            if warnings.is_empty() {
                out.push_str("\nwith no warnings.\n");
            } else {
                write!(
                    out,
                    "\nwith these warnings:\n\n{}",
                    json_block(&pretty(&Value::Array(warnings)))
                )
                .unwrap();
            }
        }
        (Some(_), _) => return Err(format!("{name}: asked for plan fields, but the core gives no plan")),
        (None, _) => write!(out, "What the core answers:\n\n{}", json_block(&pretty(&got))).unwrap(),
    }
    Ok(out)
}

/// The page with every generated region rebuilt.
fn regenerate(text: &str, page: &str, catalogue: &Catalogue) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(OPEN) {
        let (before, marker) = rest.split_at(at);
        out.push_str(before);
        let header_end = marker.find("-->").ok_or(format!("{page}: unclosed marker"))? + 3;
        let header = &marker[..header_end];
        let words: Vec<&str> = header[OPEN.len()..header.len() - 3].split_whitespace().collect();
        let (kind, args) = words.split_first().ok_or(format!("{page}: empty marker"))?;
        let close = marker.find(CLOSE).ok_or(format!("{page}: {header} has no {CLOSE}"))?;
        // `bench-tables` belongs to docs/diagrams.py (it copies bench/RESULTS.md); keep it.
        let body = if *kind == "bench-tables" {
            marker[header_end..close].trim_start_matches('\n').to_owned()
        } else {
            catalogue
                .generate(kind, args, page)
                .map_err(|e| format!("{page}: {e}"))?
        };
        write!(out, "{header}\n{body}{CLOSE}").unwrap();
        rest = &marker[close + CLOSE.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

fn pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&book_src(), &mut out);
    out.sort();
    out
}

fn rule_page_skeleton(code: Code) -> String {
    let name = code.as_str();
    format!(
        "# {name}\n\n{OPEN}rule-summary {name} -->\n{CLOSE}\n\n## When\n\n## Where it points\n\n## Params\n\n\
         ## How to fix\n\n## Example\n\n{OPEN}rule-example {name} -->\n{CLOSE}\n\n## Conformance cases\n\n\
         {OPEN}rule-cases {name} -->\n{CLOSE}\n"
    )
}

/// `tools/book/src/pages.rs`: one doctest holder per page.
fn pages_rs(pages: &[PathBuf]) -> String {
    let mut out = String::from(
        "// Generated by tools/book/tests/book.rs (SMSRULES_BOOK_WRITE=1 to rewrite): one item per\n\
         // page of docs/src and for README.md, so that every Rust sample in them runs as a doctest.\n\n",
    );
    out.push_str("#[doc = include_str!(\"../../../README.md\")]\npub struct Readme;\n\n");
    for page in pages {
        let rel = relative(page);
        let name: String = rel
            .trim_end_matches(".md")
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let lower = w.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        writeln!(
            out,
            "#[doc = include_str!(\"../../../docs/src/{rel}\")]\npub struct {name};\n"
        )
        .unwrap();
    }
    out
}

/// Compares (or, when writing, rewrites) one generated file; returns a failure line.
fn settle(path: &Path, want: &str) -> Option<String> {
    let have = std::fs::read_to_string(path).unwrap_or_default();
    if have == want {
        return None;
    }
    if writing() {
        std::fs::write(path, want).unwrap();
        eprintln!("rewrote {}", path.display());
        return None;
    }
    Some(format!(
        "{} differs from what the core and the vectors give (run with {WRITE_ENV}=1 to rewrite, then review the diff)",
        path.display()
    ))
}

fn fences(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open = false;
    for (n, line) in text.lines().enumerate() {
        if let Some(info) = line.trim_start().strip_prefix("```") {
            if !open {
                out.push((n + 1, info.trim().to_owned()));
            }
            open = !open;
        }
    }
    out
}

/// (line, text) of every json block outside the generated regions.
fn hand_written_json(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut generated = false;
    let mut block: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        if line.starts_with(OPEN) {
            generated = true;
        } else if line.starts_with(CLOSE) {
            generated = false;
        } else if let Some((start, body)) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push((*start, std::mem::take(body)));
                block = None;
            } else {
                body.push_str(line);
                body.push('\n');
            }
        } else if line.trim_start() == "```json" && !generated {
            block = Some((n + 1, String::new()));
        }
    }
    out
}

#[test]
fn the_book_matches_the_core() {
    let catalogue = Catalogue {
        vectors: load_vectors(),
    };
    let mut failures = Vec::new();

    // Every code has a page; create the skeleton of a missing one when writing.
    for code in Code::ALL {
        let path = book_src().join("rules").join(format!("{}.md", code.as_str()));
        if !path.exists() {
            if writing() {
                std::fs::write(&path, rule_page_skeleton(*code)).unwrap();
                eprintln!("created {} (write its sections)", path.display());
            } else {
                failures.push(format!("{} has no page: {} is missing", code.as_str(), path.display()));
            }
        }
    }

    let pages = pages();
    for page in &pages {
        let rel = relative(page);
        let text = std::fs::read_to_string(page).unwrap();
        match regenerate(&text, &rel, &catalogue) {
            Ok(want) => failures.extend(settle(page, &want)),
            Err(e) => failures.push(e),
        }
        for (line, info) in fences(&text) {
            let language = info.split([',', ' ']).next().unwrap_or("");
            if !FENCE_LANGUAGES.contains(&language) {
                failures.push(format!(
                    "{rel}:{line}: a fenced block must name one of {FENCE_LANGUAGES:?} (got {info:?})"
                ));
            }
        }
    }

    // Hand-written JSON (outside generated regions) must at least be JSON, and a hand-written
    // input document must be one the core reads without an INVALID_INPUT.
    for page in &pages {
        let rel = relative(page);
        let text = std::fs::read_to_string(page).unwrap();
        for (line, block) in hand_written_json(&text) {
            match serde_json::from_str::<Value>(&block) {
                Err(e) => failures.push(format!("{rel}:{line}: this json block is not JSON: {e}")),
                Ok(value) if value.get("request").is_some() => {
                    let got = envelope(&block);
                    let bad_input = ["errors", "warnings"].iter().any(|list| {
                        got[list]
                            .as_array()
                            .is_some_and(|l| l.iter().any(|i| i["error"] == "INVALID_INPUT"))
                    });
                    if bad_input {
                        failures.push(format!("{rel}:{line}: this input document is INVALID_INPUT: {got}"));
                    }
                }
                Ok(_) => {}
            }
        }
    }

    // Rule pages: every code's page has its generated parts and its hand-written sections.
    for code in Code::ALL {
        let name = code.as_str();
        let path = book_src().join("rules").join(format!("{name}.md"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for kind in ["rule-summary", "rule-example", "rule-cases"] {
            if !text.contains(&format!("{OPEN}{kind} {name}")) {
                failures.push(format!("rules/{name}.md lacks its generated {kind} region"));
            }
        }
        let mut from = 0;
        for section in RULE_SECTIONS {
            let Some(at) = text[from..].find(&format!("\n{section}\n")) else {
                failures.push(format!(
                    "rules/{name}.md lacks the section {section:?} (in this order: {RULE_SECTIONS:?})"
                ));
                break;
            };
            let start = from + at + section.len() + 2;
            let end = text[start..].find("\n## ").map_or(text.len(), |e| start + e);
            if text[start..end].trim().len() < 6 {
                failures.push(format!("rules/{name}.md: section {section:?} is empty"));
            }
            from = start;
        }
    }

    // Every page under docs/src is in SUMMARY.md (mdBook builds only those).
    let summary = std::fs::read_to_string(book_src().join("SUMMARY.md")).unwrap();
    let summary = regenerate(&summary, "SUMMARY.md", &catalogue).unwrap_or(summary);
    for page in &pages {
        let rel = relative(page);
        if rel != "SUMMARY.md" && !summary.contains(&format!("]({rel})")) {
            failures.push(format!("{rel} is not linked from SUMMARY.md"));
        }
    }

    failures.extend(settle(&root().join("tools/book/src/pages.rs"), &pages_rs(&pages)));

    assert!(failures.is_empty(), "the book is out of date:\n{}", failures.join("\n"));
}

#[test]
fn every_code_has_an_example_the_core_agrees_with() {
    // The same check as the generated regions, stated on its own: for each code, the shown
    // case's envelope holds the code (a page can only show a case that really raises it).
    let catalogue = Catalogue {
        vectors: load_vectors(),
    };
    let mut missing = BTreeMap::new();
    for code in Code::ALL {
        if let Err(e) = catalogue.generate("rule-example", &[code.as_str()], "rules/x.md") {
            missing.insert(code.as_str(), e);
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn linkify_turns_book_references_into_relative_links() {
    assert_eq!(
        linkify("docs/src/resolution.md#pathway: the winner", "rules/X.md"),
        "[resolution › pathway](../resolution.md#pathway): the winner"
    );
    assert_eq!(
        linkify("see docs/src/limits.md.", "index.md"),
        "see [limits](limits.md)."
    );
    assert_eq!(linkify("no reference", "a.md"), "no reference");
}
