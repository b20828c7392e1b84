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

/// The issues of one list dropped before the list is finished: how many, and the first of
/// them in the envelope's order (nothing after it may be shown, or the list would skip it).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Omitted {
    /// How many were dropped.
    pub count: usize,
    /// The sort key of the first dropped one.
    first: Option<(&'static str, String, &'static str)>,
}

impl Omitted {
    /// Count `count` issues dropped where they were found, each sorting after at least as
    /// many issues (or path bytes) as a list can show, all of which are in the list.
    pub(crate) fn add_count(&mut self, count: usize) {
        self.count += count;
    }

    /// Count `other`'s drops as well.
    pub(crate) fn merge(&mut self, other: &Omitted) {
        self.count += other.count;
        if let Some(first) = &other.first {
            self.note_first(first.clone());
        }
    }

    fn note_first(&mut self, key: (&'static str, String, &'static str)) {
        if self.first.as_ref().is_none_or(|first| key < *first) {
            self.first = Some(key);
        }
    }

    /// Whether `issue` sorts after the first dropped issue.
    fn after_first(&self, issue: &Issue) -> bool {
        self.first
            .as_ref()
            .is_some_and(|(location, path, code)| issue.sort_key() > (*location, path.as_str(), *code))
    }
}

/// Sort issues into the envelope's order and keep only what the list can show: at most
/// `max_issues`, their paths within [`crate::keep::PATH_BYTES_LIMIT`] bytes, none after an
/// issue dropped before. What is dropped is counted in `omitted`. Issues added later never
/// bring a dropped one back (at least as many, or as many path bytes, sort before it), so a
/// list can be compacted as it grows.
pub(crate) fn compact(issues: &mut Vec<Issue>, max_issues: usize, omitted: &mut Omitted) {
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let shown = crate::keep::shown(issues.iter().map(|i| i.path.as_str()), max_issues);
    let shown = issues
        .iter()
        .take(shown)
        .position(|issue| omitted.after_first(issue))
        .unwrap_or(shown);
    if let Some(first) = issues.get(shown) {
        let (location, path, code) = first.sort_key();
        omitted.note_first((location, path.to_owned(), code));
    }
    omitted.count += issues.len() - shown;
    issues.truncate(shown);
}

/// An issue list that compacts itself ([`compact`]) whenever it holds twice what it can
/// show: memory stays bounded however many issues are found.
pub(crate) fn push_bounded(issues: &mut Vec<Issue>, issue: Issue, max_issues: usize, omitted: &mut Omitted) {
    issues.push(issue);
    if issues.len() >= 2 * max_issues.max(64) {
        compact(issues, max_issues, omitted);
    }
}

/// Sort issues into the envelope's order and cap them ([`compact`]), appending one
/// `TOO_MANY_ISSUES` when some were dropped, here or before (`omitted`).
pub(crate) fn finish_list(issues: &mut Vec<Issue>, max_issues: usize, mut omitted: Omitted) {
    compact(issues, max_issues, &mut omitted);
    let omitted = omitted.count;
    if omitted > 0 {
        let message = if issues.len() < max_issues {
            format!(
                "{omitted} more issues were omitted (max_issues is {max_issues}; the paths shown are limited to {} bytes)",
                crate::keep::PATH_BYTES_LIMIT
            )
        } else {
            format!("{omitted} more issues were omitted (max_issues is {max_issues})")
        };
        issues.push(
            Issue::new(Code::TooManyIssues, Location::Input, "", message)
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
        finish_list(&mut v, 2, Omitted::default());
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
