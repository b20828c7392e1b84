//! Issues (errors and warnings) and the envelope that carries them (docs/src/envelope.md).

use crate::code::Code;
use serde::Serialize;
use serde_json::{Map, Value};

/// Where an issue is: which part of the input its `path` points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// The request body.
    Body,
    /// The request headers.
    Header,
    /// The server-side context.
    Context,
    /// The options.
    Options,
    /// The JSON entry point's own document.
    Input,
}

impl Location {
    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Location::Body => "body",
            Location::Header => "header",
            Location::Context => "context",
            Location::Options => "options",
            Location::Input => "input",
        }
    }

    /// The location spelled `s`, if any.
    pub fn parse(s: &str) -> Option<Location> {
        Some(match s {
            "body" => Location::Body,
            "header" => Location::Header,
            "context" => Location::Context,
            "options" => Location::Options,
            "input" => Location::Input,
            _ => return None,
        })
    }
}

/// One problem found: a stable code, where it is, one line for people, typed details.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// The stable machine code.
    pub error: Code,
    /// Which part `path` points into.
    #[serde(rename = "in")]
    pub location: Location,
    /// RFC 6901 JSON Pointer into that part (`""` is the whole part).
    pub path: String,
    /// One lower-case line for people; never quotes phone numbers, message text or variables.
    pub message: String,
    /// Typed details (limits, sizes, `reason`, `suggestion`); may be empty.
    pub params: Map<String, Value>,
}

impl Issue {
    /// An issue without params.
    pub fn new(error: Code, location: Location, path: impl Into<String>, message: impl Into<String>) -> Issue {
        Issue {
            error,
            location,
            path: path.into(),
            message: message.into(),
            params: Map::new(),
        }
    }

    /// Add one param.
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<Value>) -> Issue {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// The envelope's order: (`in`, `path`, `error`), comparing bytes.
    pub fn sort_key(&self) -> (&'static str, &str, &'static str) {
        (self.location.as_str(), self.path.as_str(), self.error.as_str())
    }
}

/// Sort issues into the envelope's order and cap them at `max_issues`, appending one
/// `TOO_MANY_ISSUES` when some were dropped.
pub fn finish_list(issues: &mut Vec<Issue>, max_issues: usize) {
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if issues.len() > max_issues {
        let omitted = issues.len() - max_issues;
        issues.truncate(max_issues);
        issues.push(
            Issue::new(
                Code::TooManyIssues,
                Location::Input,
                "",
                format!("{omitted} more issues were omitted (max_issues is {max_issues})"),
            )
            .with("omitted", omitted)
            .with("max_issues", max_issues),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_in_path_error_bytes_and_caps() {
        let mut v = vec![
            Issue::new(Code::InvalidType, Location::Header, "/a", "x"),
            Issue::new(Code::EmptyValue, Location::Body, "/b", "x"),
            Issue::new(Code::InvalidEnum, Location::Body, "/a", "x"),
            Issue::new(Code::EmptyValue, Location::Body, "/a", "x"),
        ];
        finish_list(&mut v, 2);
        let keys: Vec<_> = v
            .iter()
            .map(|i| (i.location.as_str(), i.path.as_str(), i.error.as_str()))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("body", "/a", "EMPTY_VALUE"),
                ("body", "/a", "INVALID_ENUM"),
                ("input", "", "TOO_MANY_ISSUES")
            ]
        );
        assert_eq!(v[2].params["omitted"], 2);
    }
}
