//! Options (docs/src/input.md#options): parsed leniently — each bad or unknown option is `INVALID_OPTIONS`
//! and that option keeps its default.

use crate::code::Code;
use crate::issue::{Issue, Location};
use crate::phone::{self, PhoneCheck};
use crate::pointer;
use crate::values::{as_integer, type_name};
use serde_json::Value;

/// What to do with fields the API does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnknownFields {
    /// Report `UNKNOWN_FIELD` as a warning.
    #[default]
    Warn,
    /// Report `UNKNOWN_FIELD` as an error.
    Error,
    /// Say nothing.
    Ignore,
}

/// Which phone spellings are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PhoneInput {
    /// Only E.164 text.
    #[default]
    Strict,
    /// Also formatted, `00…` and national numbers (normalised, with `PHONE_NORMALIZED`).
    Lenient,
}

/// The options of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `unknown_fields`.
    pub unknown_fields: UnknownFields,
    /// `phone_check`.
    pub phone_check: PhoneCheck,
    /// `phone_input`.
    pub phone_input: PhoneInput,
    /// `default_region`, upper case, a region of the metadata.
    pub default_region: Option<String>,
    /// `max_issues`, 1–1000.
    pub max_issues: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            unknown_fields: UnknownFields::Warn,
            phone_check: PhoneCheck::Valid,
            phone_input: PhoneInput::Strict,
            default_region: None,
            max_issues: DEFAULT_MAX_ISSUES,
        }
    }
}

impl Options {
    /// The options as the JSON object a document's `options` holds (every option written).
    pub fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert("unknown_fields".into(), self.unknown_fields.as_str().into());
        map.insert("phone_check".into(), self.phone_check.as_str().into());
        map.insert("phone_input".into(), self.phone_input.as_str().into());
        map.insert(
            "default_region".into(),
            self.default_region.as_deref().map_or(Value::Null, Value::from),
        );
        map.insert("max_issues".into(), self.max_issues.into());
        Value::Object(map)
    }
}

/// An option whose value is one of a few spellings.
trait Spelled: Copy + PartialEq + 'static {
    const SPELLINGS: &'static [(&'static str, Self)];
}

impl Spelled for UnknownFields {
    const SPELLINGS: &'static [(&'static str, Self)] = &[
        ("warn", UnknownFields::Warn),
        ("error", UnknownFields::Error),
        ("ignore", UnknownFields::Ignore),
    ];
}

impl Spelled for PhoneCheck {
    const SPELLINGS: &'static [(&'static str, Self)] = &[
        ("valid", PhoneCheck::Valid),
        ("possible", PhoneCheck::Possible),
        ("e164", PhoneCheck::E164),
    ];
}

impl Spelled for PhoneInput {
    const SPELLINGS: &'static [(&'static str, Self)] =
        &[("strict", PhoneInput::Strict), ("lenient", PhoneInput::Lenient)];
}

fn spelling<T: Spelled>(value: T) -> &'static str {
    T::SPELLINGS
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(spelling, _)| spelling)
}

fn spelled<T: Spelled>(text: &str) -> Result<T, UnknownSpelling> {
    T::SPELLINGS
        .iter()
        .find(|(spelling, _)| *spelling == text)
        .map(|(_, v)| *v)
        .ok_or(UnknownSpelling)
}

/// The text is not one of an option's spellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownSpelling;

impl std::fmt::Display for UnknownSpelling {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not one of the option's values")
    }
}

impl std::error::Error for UnknownSpelling {}

macro_rules! spelled_option {
    ($($ty:ty),*) => {$(
        impl $ty {
            /// The option's wire spelling (`options` of docs/src/input.md).
            pub fn as_str(self) -> &'static str {
                spelling(self)
            }
        }

        impl std::str::FromStr for $ty {
            type Err = UnknownSpelling;
            fn from_str(text: &str) -> Result<Self, UnknownSpelling> {
                spelled(text)
            }
        }
    )*};
}

spelled_option!(UnknownFields, PhoneCheck, PhoneInput);

/// `max_issues` when not given.
pub const DEFAULT_MAX_ISSUES: usize = 100;
const MAX_MAX_ISSUES: usize = 1000;

const OPTION_NAMES: [&str; 5] = [
    "unknown_fields",
    "phone_check",
    "phone_input",
    "default_region",
    "max_issues",
];

fn bad(name: &str, message: String) -> Issue {
    Issue::new(
        Code::InvalidOptions,
        Location::Options,
        pointer::join("", name),
        message,
    )
}

fn choice<T: Copy>(name: &str, value: &Value, choices: &[(&str, T)], issues: &mut Vec<Issue>) -> Option<T> {
    let allowed = || {
        choices
            .iter()
            .map(|(s, _)| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match value {
        Value::String(s) => {
            let found = choices.iter().find(|(spelling, _)| spelling == s).map(|(_, v)| *v);
            if found.is_none() {
                issues.push(bad(name, format!("`{name}` must be one of {}", allowed())));
            }
            found
        }
        other => {
            issues.push(bad(
                name,
                format!(
                    "`{name}` must be a string (one of {}), not {}",
                    allowed(),
                    type_name(other)
                ),
            ));
            None
        }
    }
}

/// Parse the options object. `None` or `null` means all defaults. A value that is not an
/// object is one `INVALID_OPTIONS` at `""`.
pub(crate) fn parse_options(value: Option<&Value>, issues: &mut Vec<Issue>) -> Options {
    let mut options = Options::default();
    let map = match value {
        None | Some(Value::Null) => return options,
        Some(Value::Object(map)) => map,
        Some(other) => {
            issues.push(Issue::new(
                Code::InvalidOptions,
                Location::Options,
                "",
                format!("options must be an object, not {}", type_name(other)),
            ));
            return options;
        }
    };
    for (name, value) in map {
        if value.is_null() {
            continue;
        }
        match name.as_str() {
            "unknown_fields" => {
                if let Some(v) = choice(name, value, UnknownFields::SPELLINGS, issues) {
                    options.unknown_fields = v;
                }
            }
            "phone_check" => {
                if let Some(v) = choice(name, value, PhoneCheck::SPELLINGS, issues) {
                    options.phone_check = v;
                }
            }
            "phone_input" => {
                if let Some(v) = choice(name, value, PhoneInput::SPELLINGS, issues) {
                    options.phone_input = v;
                }
            }
            "default_region" => match value {
                Value::String(s) => {
                    let upper = s.to_ascii_uppercase();
                    if upper.len() == 2 && phone::is_known_region(&upper) {
                        options.default_region = Some(upper);
                    } else {
                        issues.push(bad(
                            name,
                            "`default_region` must be an ISO 3166-1 alpha-2 region of the phone metadata".into(),
                        ));
                    }
                }
                other => issues.push(bad(
                    name,
                    format!("`default_region` must be a string, not {}", type_name(other)),
                )),
            },
            "max_issues" => match value.as_number().and_then(as_integer) {
                Some(n) if (1..=MAX_MAX_ISSUES as i128).contains(&n) => {
                    options.max_issues = usize::try_from(n).unwrap_or(DEFAULT_MAX_ISSUES);
                }
                _ => issues.push(
                    bad(
                        name,
                        format!("`max_issues` must be an integer from 1 to {MAX_MAX_ISSUES}"),
                    )
                    .with("min", 1)
                    .with("max", MAX_MAX_ISSUES),
                ),
            },
            _ => {
                let issue = bad(name, "unknown option".into());
                let issue = match crate::suggest::closest(name, &OPTION_NAMES, &[]) {
                    Some(s) => Issue {
                        message: format!("unknown option; did you mean `{s}`?"),
                        ..issue
                    }
                    .with("suggestion", s),
                    None => issue,
                };
                issues.push(issue);
            }
        }
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn defaults_and_each_bad_value() {
        let mut issues = Vec::new();
        assert_eq!(parse_options(None, &mut issues), Options::default());
        let o = parse_options(
            Some(
                &json!({"unknown_fields": "error", "phone_check": "nope", "max_issues": 0, "colour": 1, "phone_input": null}),
            ),
            &mut issues,
        );
        assert_eq!(o.unknown_fields, UnknownFields::Error);
        assert_eq!(o.phone_check, PhoneCheck::Valid);
        assert_eq!(o.max_issues, DEFAULT_MAX_ISSUES);
        // The envelope sorts issues later; here they come in the options' own order.
        let mut paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(paths, vec!["/colour", "/max_issues", "/phone_check"]);
        assert!(issues
            .iter()
            .all(|i| i.error == Code::InvalidOptions && i.location == Location::Options));
    }

    #[test]
    fn max_issues_accepts_integral_float() {
        let mut issues = Vec::new();
        assert_eq!(
            parse_options(Some(&json!({"max_issues": 2.0})), &mut issues).max_issues,
            2
        );
        assert!(issues.is_empty());
        parse_options(Some(&json!({"max_issues": 2.5})), &mut issues);
        parse_options(Some(&json!([])), &mut issues);
        assert_eq!(issues.len(), 2);
    }
}
