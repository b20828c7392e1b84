//! Runs every command-line session shown in the book (```console blocks in docs/src) and in
//! README.md: each
//! `$ ` line runs in `sh` from the repository root with this build of `smsrules` first on
//! `PATH`, and its standard output must be exactly the lines shown under it.
//! `SMSRULES_BOOK_WRITE=1` rewrites the shown output instead of failing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn run(command: &str) -> String {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_smsrules")).parent().unwrap().to_owned();
    let path = std::env::join_paths(
        std::iter::once(bin_dir).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(root())
        .env("PATH", path)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The page with every console block's output replaced by what the commands print now, and
/// how many commands it ran.
fn rerun(text: &str) -> (String, usize) {
    let mut out = String::new();
    let mut commands = 0;
    let mut in_console = false;
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_end();
        if !in_console {
            out.push_str(line);
            in_console = trimmed == "```console";
            continue;
        }
        if trimmed == "```" {
            out.push_str(line);
            in_console = false;
            continue;
        }
        let command = trimmed
            .strip_prefix("$ ")
            .unwrap_or_else(|| panic!("a console block must start each command with `$ `: {trimmed:?}"));
        out.push_str(line);
        commands += 1;
        // Skip the output shown in the page; it is replaced by the real one.
        while lines
            .peek()
            .is_some_and(|l| !l.starts_with("$ ") && l.trim_end() != "```")
        {
            lines.next();
        }
        let printed = run(command);
        out.push_str(&printed);
        if !printed.is_empty() && !printed.ends_with('\n') {
            out.push('\n');
        }
    }
    (out, commands)
}

#[test]
fn every_console_session_in_the_book_prints_what_it_shows() {
    let mut files = Vec::new();
    pages(&root().join("docs/src"), &mut files);
    files.sort();
    files.push(root().join("README.md"));
    let write = std::env::var_os("SMSRULES_BOOK_WRITE").is_some_and(|v| v == "1");
    let mut total = 0;
    let mut stale = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let (want, commands) = rerun(&text);
        total += commands;
        if want != text {
            if write {
                std::fs::write(&file, &want).unwrap();
            } else {
                stale.push(format!("{}:\n{}", file.display(), first_difference(&text, &want)));
            }
        }
    }
    assert!(
        total >= 5,
        "the book shows only {total} commands; the CLI page lost its sessions?"
    );
    assert!(
        stale.is_empty(),
        "console output in the book differs from the CLI's:\n{}",
        stale.join("\n")
    );
}

fn first_difference(have: &str, want: &str) -> String {
    for (n, (a, b)) in have.lines().zip(want.lines()).enumerate() {
        if a != b {
            return format!("  line {}: shown   {a:?}\n  line {}: printed {b:?}", n + 1, n + 1);
        }
    }
    format!(
        "  the page has {} lines, the output {}",
        have.lines().count(),
        want.lines().count()
    )
}
