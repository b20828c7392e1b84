//! The request body (docs/src/input.md#the-request-body) read field by field, each checked on its own (docs/src/rules/index.md).
//! A field that fails its own check is `Invalid`: given, but absent for resolution (docs/src/edge-cases.md).

use crate::code::Code;
use crate::context::{AccountNumbers, Channel};
use crate::issue::{Issue, Location};
use crate::options::{Options, PhoneInput, UnknownFields};
use crate::phone::{self, Canonical, PhoneCheck, PhoneReason};
use crate::pointer;
use crate::values::{as_integer, integral_number, type_name, utf16_len};
use crate::webhook::{self, WebhookProblem};
use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// One request field after its own check.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Field<T> {
    /// Not given (or `null`).
    #[default]
    Absent,
    /// Given, but it failed its own check.
    Invalid,
    /// Given and valid.
    Valid(T),
}

impl<T> Field<T> {
    /// Whether the caller gave the field at all (valid or not).
    pub(crate) fn given(&self) -> bool {
        !matches!(self, Field::Absent)
    }

    /// The valid value.
    pub(crate) fn valid(&self) -> Option<&T> {
        match self {
            Field::Valid(v) => Some(v),
            _ => None,
        }
    }
}

/// `persona_version`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PersonaVersion {
    /// `production` (the default).
    Production,
    /// `draft`.
    Draft,
}

impl PersonaVersion {
    /// The wire spelling.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            PersonaVersion::Production => "production",
            PersonaVersion::Draft => "draft",
        }
    }
}

/// `persona_settings`.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct PersonaSettings<'a> {
    /// `persona_settings.pathway_id`.
    pub pathway_id: Field<&'a str>,
    /// `persona_settings.pathway_version`.
    pub pathway_version: Field<Number>,
    /// `persona_settings.start_node_id`.
    pub start_node_id: Field<&'a str>,
}

/// The body, field by field, borrowing its strings and objects from the parsed body.
#[derive(Debug, Clone, PartialEq, Default)]
#[allow(
    missing_docs,
    reason = "each field is the body field of the same name (docs/src/input.md#the-request-body)"
)]
pub(crate) struct Request<'a> {
    /// The canonical E.164 form: borrowed when the text is that form.
    pub user_number: Field<Cow<'a, str>>,
    /// The canonical E.164 form: borrowed when the text is that form.
    pub agent_number: Field<Cow<'a, str>>,
    pub agent_message: Field<&'a str>,
    pub request_data: Field<&'a Map<String, Value>>,
    pub new_conversation: Field<bool>,
    pub persona_id: Field<&'a str>,
    pub persona_version: Field<PersonaVersion>,
    pub persona_settings: Field<PersonaSettings<'a>>,
    pub pathway_id: Field<&'a str>,
    pub pathway_version: Field<Number>,
    pub start_node_id: Field<&'a str>,
    /// Borrowed, or the WHATWG serialization when it differs from the text given.
    pub webhook: Field<Cow<'a, str>>,
    pub metadata: Field<&'a Map<String, Value>>,
    /// Deduplicated, first occurrences kept.
    pub disposition_ids: Field<Vec<&'a str>>,
    /// Deduplicated, first occurrences kept.
    pub citation_schema_ids: Field<Vec<&'a str>>,
    pub channel: Field<Channel>,
    pub content_sid: Field<&'a str>,
    pub content_variables: Field<&'a Map<String, Value>>,
    pub time_out: Field<Number>,
    pub timeout_message: Field<&'a str>,
    pub warning_time: Field<Number>,
    pub warning_message: Field<&'a str>,
}

/// The body fields in docs/src/input.md#the-request-body order (suggestion ties go to the earlier one).
pub(crate) const FIELDS: [&str; 22] = [
    "user_number",
    "agent_number",
    "agent_message",
    "request_data",
    "new_conversation",
    "persona_id",
    "persona_version",
    "persona_settings",
    "pathway_id",
    "pathway_version",
    "start_node_id",
    "webhook",
    "metadata",
    "disposition_ids",
    "citation_schema_ids",
    "channel",
    "content_sid",
    "content_variables",
    "time_out",
    "timeout_message",
    "warning_time",
    "warning_message",
];

/// The JSON Pointer of each field of [`FIELDS`], in the same order (no allocation per field
/// and check).
const FIELD_POINTERS: [&str; 22] = [
    "/user_number",
    "/agent_number",
    "/agent_message",
    "/request_data",
    "/new_conversation",
    "/persona_id",
    "/persona_version",
    "/persona_settings",
    "/pathway_id",
    "/pathway_version",
    "/start_node_id",
    "/webhook",
    "/metadata",
    "/disposition_ids",
    "/citation_schema_ids",
    "/channel",
    "/content_sid",
    "/content_variables",
    "/time_out",
    "/timeout_message",
    "/warning_time",
    "/warning_message",
];

/// The fields of `persona_settings`.
pub(crate) const PERSONA_SETTINGS_FIELDS: [&str; 3] = ["pathway_id", "pathway_version", "start_node_id"];

const ALIASES: [(&str, &str); 5] = [
    ("timeout", "time_out"),
    ("message", "agent_message"),
    ("to", "user_number"),
    ("from", "agent_number"),
    ("webhook_url", "webhook"),
];

/// Longest `agent_message` and content variable value, in UTF-16 code units.
pub(crate) const MESSAGE_LIMIT: usize = 1600;
/// Most entries of an id list or of `content_variables`.
pub(crate) const LIST_LIMIT: usize = 100;
/// Longest content variable key.
pub(crate) const VARIABLE_KEY_LIMIT: usize = 16;
/// Largest `pathway_version`: the largest integer the plan can carry as an integer on every
/// entry point (a larger one would come out as a double, `1.8446744073709552e19`).
pub(crate) const PATHWAY_VERSION_MAX: u64 = u64::MAX;
/// Largest `time_out` / `warning_time`: 30 days in seconds.
pub(crate) const TIMEOUT_LIMIT: f64 = 2_592_000.0;
/// Largest serialised `request_data` / `metadata`.
pub(crate) const OBJECT_SIZE_LIMIT: usize = 64 * 1024;

/// Reads the body's fields, collecting issues.
struct Reader<'a> {
    options: &'a Options,
    /// Numbers already judged (the context's account numbers), so a request number equal
    /// to one of them needs no phone check of its own.
    judged_numbers: Option<&'a AccountNumbers<'a>>,
    errors: &'a mut Vec<Issue>,
    warnings: &'a mut Vec<Issue>,
    /// Errors and warnings dropped while the lists compact themselves.
    omitted: &'a mut [crate::issue::Omitted; 2],
}

fn body_issue(code: Code, path: &str, message: impl Into<String>) -> Issue {
    Issue::new(code, Location::Body, path, message)
}

impl Reader<'_> {
    fn push_error(&mut self, issue: Issue) {
        let [dropped, _] = &mut *self.omitted;
        crate::issue::push_bounded(self.errors, issue, self.options.max_issues, dropped);
    }

    fn push_warning(&mut self, issue: Issue) {
        let [_, dropped] = &mut *self.omitted;
        crate::issue::push_bounded(self.warnings, issue, self.options.max_issues, dropped);
    }

    fn error(&mut self, code: Code, path: &str, message: impl Into<String>) {
        self.push_error(body_issue(code, path, message));
    }

    fn wrong_type(&mut self, path: &str, name: &str, expected: &str, got: &Value) {
        self.push_error(
            body_issue(
                Code::InvalidType,
                path,
                format!("`{name}` must be {expected}, not {}", type_name(got)),
            )
            .with("expected", expected)
            .with("actual", type_name(got)),
        );
    }

    fn unknown(&mut self, path: &str) {
        let is_error = match self.options.unknown_fields {
            UnknownFields::Ignore => return,
            UnknownFields::Error => true,
            UnknownFields::Warn => false,
        };
        // The suggestion is worked out only for the issues an envelope shows ([`suggest`]):
        // a body of many unknown keys costs no search each.
        let issue = body_issue(Code::UnknownField, path, UNKNOWN_FIELD_MESSAGE);
        if is_error {
            self.push_error(issue);
        } else {
            self.push_warning(issue);
        }
    }

    /// A string field; `non_empty` makes `""` an `EMPTY_VALUE`.
    fn string<'v>(&mut self, value: &'v Value, path: &str, name: &str, non_empty: bool) -> Field<&'v str> {
        match value {
            Value::String(s) if non_empty && s.is_empty() => {
                self.error(Code::EmptyValue, path, format!("`{name}` must not be empty"));
                Field::Invalid
            }
            Value::String(s) => Field::Valid(s.as_str()),
            other => {
                self.wrong_type(path, name, "a string", other);
                Field::Invalid
            }
        }
    }

    fn object<'v>(&mut self, value: &'v Value, path: &str, name: &str) -> Field<&'v Map<String, Value>> {
        match value {
            Value::Object(m) => Field::Valid(m),
            other => {
                self.wrong_type(path, name, "an object", other);
                Field::Invalid
            }
        }
    }

    /// `request_data` / `metadata`: an object of at most 64 KiB serialised.
    /// `size` is the canonical length when already known.
    fn sized_object<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        name: &str,
        size: Option<usize>,
    ) -> Field<&'v Map<String, Value>> {
        let field = self.object(value, path, name);
        if field.valid().is_some() {
            let size = size.unwrap_or_else(|| crate::fingerprint::canonical_len(value));
            if size > OBJECT_SIZE_LIMIT {
                self.push_error(
                    body_issue(
                        Code::PayloadTooLarge,
                        path,
                        format!("`{name}` is {size} bytes serialised; the limit is {OBJECT_SIZE_LIMIT}"),
                    )
                    .with("limit", OBJECT_SIZE_LIMIT)
                    .with("size", size),
                );
                return Field::Invalid;
            }
        }
        field
    }

    fn pathway_version(&mut self, value: &Value, path: &str, name: &str) -> Field<Number> {
        let Value::Number(n) = value else {
            self.wrong_type(path, name, "an integer", value);
            return Field::Invalid;
        };
        match as_integer(n) {
            None if n.as_f64().is_some_and(|f| f.fract() != 0.0) => {
                self.push_error(
                    body_issue(
                        Code::InvalidType,
                        path,
                        format!("`{name}` must be an integer, not a fraction"),
                    )
                    .with("expected", "an integer")
                    .with("actual", "a number"),
                );
                Field::Invalid
            }
            Some(i) if (0..=i128::from(PATHWAY_VERSION_MAX)).contains(&i) => Field::Valid(integral_number(n)),
            _ => {
                self.push_error(
                    body_issue(
                        Code::OutOfRange,
                        path,
                        format!("`{name}` must be an integer from 0 to {PATHWAY_VERSION_MAX}"),
                    )
                    .with("min", 0)
                    .with("max", PATHWAY_VERSION_MAX),
                );
                Field::Invalid
            }
        }
    }

    fn timeout(&mut self, value: &Value, path: &str, name: &str) -> Field<Number> {
        let Value::Number(n) = value else {
            self.wrong_type(path, name, "a number", value);
            return Field::Invalid;
        };
        match n.as_f64() {
            Some(f) if f > 0.0 && f <= TIMEOUT_LIMIT => Field::Valid(n.clone()),
            _ => {
                self.push_error(
                    body_issue(
                        Code::OutOfRange,
                        path,
                        format!("`{name}` must be more than 0 and at most 2592000 seconds (30 days)"),
                    )
                    .with("exclusive_min", 0)
                    .with("max", 2_592_000),
                );
                Field::Invalid
            }
        }
    }

    fn id_list<'v>(&mut self, value: &'v Value, path: &str, name: &str) -> Field<Vec<&'v str>> {
        let Value::Array(items) = value else {
            self.wrong_type(path, name, "an array of strings", value);
            return Field::Invalid;
        };
        let mut ok = true;
        if items.len() > LIST_LIMIT {
            self.push_error(
                body_issue(
                    Code::OutOfRange,
                    path,
                    format!("`{name}` has {} entries; at most {LIST_LIMIT} are allowed", items.len()),
                )
                .with("limit", LIST_LIMIT)
                .with("length", items.len()),
            );
            ok = false;
        }
        let mut ids: Vec<&str> = Vec::with_capacity(items.len());
        // Repeats are found by hashing: a long list must not compare every id with every other.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            // Built only for an issue: most lists have none.
            let item_path = || pointer::join_index(path, i);
            match item {
                Value::String(s) if s.is_empty() => {
                    self.error(
                        Code::EmptyValue,
                        &item_path(),
                        format!("`{name}` entries must not be empty"),
                    );
                    ok = false;
                }
                Value::String(s) if seen.contains(s.as_str()) => {
                    self.push_warning(body_issue(
                        Code::DuplicateId,
                        &item_path(),
                        format!("repeated id in `{name}`; it is used once"),
                    ));
                }
                Value::String(s) => {
                    seen.insert(s);
                    ids.push(s);
                }
                other => {
                    self.wrong_type(&item_path(), &format!("{name} entries"), "a string", other);
                    ok = false;
                }
            }
        }
        if ok {
            Field::Valid(ids)
        } else {
            Field::Invalid
        }
    }

    /// A phone number, valid in its canonical form (numbers are compared in that form): a
    /// spelling whose canonical form differs (formatting in lenient input, a trunk prefix
    /// after the calling code) gets `PHONE_NORMALIZED` once it passes the check.
    fn phone<'v>(&mut self, value: &'v Value, path: &str, name: &str) -> Field<Cow<'v, str>> {
        let Value::String(raw) = value else {
            self.wrong_type(path, name, "a string", value);
            return Field::Invalid;
        };
        let region = self.options.default_region.as_deref();
        let level = self.options.phone_check;
        let verdict: Result<Cow<'v, str>, PhoneReason> = match self.options.phone_input {
            PhoneInput::Strict => {
                let vouched = self.judged_numbers.and_then(|judged| judged.vouch_for(raw, level));
                vouched
                    .map_or_else(|| phone::check_canonical(raw, level), Ok)
                    .map(|canonical| match canonical {
                        Canonical::AsWritten => Cow::Borrowed(raw.as_str()),
                        Canonical::Rewritten(number) => Cow::Owned(number.as_str().to_owned()),
                    })
            }
            PhoneInput::Lenient => match phone::check_lenient(raw, region, level) {
                Some(verdict) => verdict.map(Cow::Owned),
                None => Err(PhoneReason::NotE164),
            },
        };
        match verdict {
            Ok(number) => {
                if number != *raw {
                    self.push_warning(
                        body_issue(
                            Code::PhoneNormalized,
                            path,
                            format!("`{name}` was normalised to its canonical E.164 form"),
                        )
                        .with("normalized", number.as_ref()),
                    );
                }
                Field::Valid(number)
            }
            Err(reason) => {
                // Strict input that lenient reading would accept: say so, with the form.
                let suggestion = match self.options.phone_input {
                    PhoneInput::Strict => phone::check_lenient(raw, region, level)
                        .and_then(Result::ok)
                        .filter(|s| s != raw),
                    PhoneInput::Lenient => None,
                };
                self.push_error(phone_issue(path, name, reason, level, suggestion));
                Field::Invalid
            }
        }
    }

    fn content_variables<'v>(&mut self, value: &'v Value, path: &str) -> Field<&'v Map<String, Value>> {
        let Value::Object(map) = value else {
            self.wrong_type(path, "content_variables", "an object", value);
            return Field::Invalid;
        };
        let mut ok = true;
        if map.len() > LIST_LIMIT {
            self.push_error(
                body_issue(
                    Code::InvalidContentVariables,
                    path,
                    format!(
                        "`content_variables` has {} entries; at most {LIST_LIMIT} are allowed",
                        map.len()
                    ),
                )
                .with("limit", LIST_LIMIT)
                .with("length", map.len()),
            );
            ok = false;
        }
        for (key, v) in map {
            let problem = if key.is_empty() || utf16_len(key) > VARIABLE_KEY_LIMIT {
                Some("a content variable key must be 1 to 16 characters".to_owned())
            } else if key.chars().any(char::is_whitespace) {
                Some("a content variable key must not contain whitespace".to_owned())
            } else {
                match v {
                    Value::String(s) if s.is_empty() => Some("a content variable value must not be empty".to_owned()),
                    Value::String(s) if utf16_len(s) > MESSAGE_LIMIT => Some(format!(
                        "a content variable value must be at most {MESSAGE_LIMIT} characters"
                    )),
                    Value::String(_) => None,
                    other => Some(format!(
                        "a content variable value must be a string, not {}",
                        type_name(other)
                    )),
                }
            };
            if let Some(message) = problem {
                self.error(Code::InvalidContentVariables, &pointer::join(path, key), message);
                ok = false;
            }
        }
        if ok {
            Field::Valid(map)
        } else {
            Field::Invalid
        }
    }

    fn persona_settings<'v>(&mut self, value: &'v Value) -> Field<PersonaSettings<'v>> {
        let Value::Object(map) = value else {
            self.wrong_type("/persona_settings", "persona_settings", "an object", value);
            return Field::Invalid;
        };
        let mut settings = PersonaSettings::default();
        for (key, v) in map {
            let path = pointer::join("/persona_settings", key);
            if v.is_null() {
                continue;
            }
            match key.as_str() {
                "pathway_id" => settings.pathway_id = self.string(v, &path, "persona_settings.pathway_id", true),
                "pathway_version" => {
                    settings.pathway_version = self.pathway_version(v, &path, "persona_settings.pathway_version")
                }
                "start_node_id" => {
                    settings.start_node_id = self.string(v, &path, "persona_settings.start_node_id", true)
                }
                _ => self.unknown(&path),
            }
        }
        Field::Valid(settings)
    }
}

fn phone_issue(path: &str, name: &str, reason: PhoneReason, level: PhoneCheck, suggestion: Option<String>) -> Issue {
    let what = match reason {
        PhoneReason::NotE164 => "is not E.164 (`+` then 1 to 15 digits, the first not 0)",
        PhoneReason::InvalidCountryCode => "has no valid country calling code",
        PhoneReason::TooShort => "is too short for its country",
        PhoneReason::TooLong => "is too long for its country",
        PhoneReason::InvalidLength => "has a length its country does not use",
        PhoneReason::InvalidNumber => "is not in an assigned number range of its country",
    };
    let check = match level {
        PhoneCheck::Valid => "valid",
        PhoneCheck::Possible => "possible",
        PhoneCheck::E164 => "e164",
    };
    let mut message = format!("`{name}` {what}");
    if suggestion.is_some() {
        message.push_str("; it would be accepted in its E.164 form (see `suggestion`)");
    }
    let issue = body_issue(Code::InvalidPhoneNumber, path, message)
        .with("reason", reason.as_str())
        .with("phone_check", check);
    match suggestion {
        Some(s) => issue.with("suggestion", s),
        None => issue,
    }
}

/// Whether `s` is a hyphenated UUID (8-4-4-4-12 hex digits, any case).
pub(crate) fn is_uuid(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

/// Whether `s` is a Twilio content SID: `HX` and 32 hex digits.
pub(crate) fn is_content_sid(s: &str) -> bool {
    s.len() == 34 && s.starts_with("HX") && s.bytes().skip(2).all(|b| b.is_ascii_hexdigit())
}

/// The canonical (RFC 8785) lengths of `request_data` and `metadata`, when the caller
/// already measured them (`None`: measured here).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SizedFields {
    /// Canonical length of the `request_data` value.
    pub request_data: Option<usize>,
    /// Canonical length of the `metadata` value.
    pub metadata: Option<usize>,
}

/// Where the request's issues go: the errors, the warnings, and what each list dropped as
/// it compacted itself.
pub(crate) struct Lists<'l> {
    pub errors: &'l mut Vec<Issue>,
    pub warnings: &'l mut Vec<Issue>,
    pub omitted: &'l mut [crate::issue::Omitted; 2],
}

/// The message of an `UNKNOWN_FIELD` issue before [`suggest`] looks for the field it meant.
const UNKNOWN_FIELD_MESSAGE: &str = "unknown field";

/// Complete an `UNKNOWN_FIELD` issue of the body with its suggestion (docs/src/rules/UNKNOWN_FIELD.md): the known
/// field it most likely meant, if any. Other issues are left alone.
pub(crate) fn suggest(issue: &mut Issue) {
    if issue.error != Code::UnknownField
        || issue.location != Location::Body
        || issue.message != UNKNOWN_FIELD_MESSAGE
        || !issue.params.is_empty()
    {
        return;
    }
    let Some(rest) = issue.path.strip_prefix('/') else {
        return;
    };
    let unescape = |token: &str| token.replace("~1", "/").replace("~0", "~");
    let found = match rest.split_once('/') {
        None => crate::suggest::closest(&unescape(rest), &FIELDS, &ALIASES),
        Some(("persona_settings", key)) if !key.contains('/') => {
            crate::suggest::closest(&unescape(key), &PERSONA_SETTINGS_FIELDS, &[])
        }
        Some(_) => None,
    };
    if let Some(s) = found {
        issue.message = format!("unknown field; did you mean `{s}`?");
        issue.params.insert("suggestion".to_owned(), s.into());
    }
}

/// Read every field of `body`. `already_reported` names top-level fields that earlier checks
/// (nesting depth, values that are not JSON) already reported: they are `Invalid`.
/// `judged_numbers` (the context's account numbers) spares a request number equal to one of
/// them its phone check: the verdict is the same.
pub(crate) fn read_request<'a>(
    body: &'a Map<String, Value>,
    already_reported: &[String],
    sizes: &SizedFields,
    options: &Options,
    judged_numbers: Option<&AccountNumbers<'_>>,
    lists: Lists<'_>,
) -> Request<'a> {
    let Lists {
        errors,
        warnings,
        omitted,
    } = lists;
    let mut r = Reader {
        options,
        judged_numbers,
        errors,
        warnings,
        omitted,
    };
    let mut q = Request::default();
    for (key, value) in body {
        let path: Cow<'_, str> = match FIELDS.iter().position(|field| field == key) {
            Some(index) => Cow::Borrowed(FIELD_POINTERS.get(index).copied().unwrap_or_default()),
            None => Cow::Owned(pointer::join("", key)),
        };
        if already_reported.iter().any(|f| f == key) && FIELDS.contains(&key.as_str()) {
            mark_invalid(&mut q, key);
            continue;
        }
        if value.is_null() {
            continue;
        }
        let p = path.as_ref();
        match key.as_str() {
            "user_number" => q.user_number = r.phone(value, p, key),
            "agent_number" => q.agent_number = r.phone(value, p, key),
            "agent_message" => {
                q.agent_message = r.string(value, p, key, true);
                if let Field::Valid(text) = &q.agent_message {
                    let length = utf16_len(text);
                    if length > MESSAGE_LIMIT {
                        r.push_error(
                            body_issue(
                                Code::MessageTooLong,
                                p,
                                format!("`agent_message` is {length} characters (UTF-16 code units); the limit is {MESSAGE_LIMIT}"),
                            )
                            .with("limit", MESSAGE_LIMIT)
                            .with("length", length),
                        );
                        q.agent_message = Field::Invalid;
                    }
                }
            }
            "request_data" => q.request_data = r.sized_object(value, p, key, sizes.request_data),
            "metadata" => q.metadata = r.sized_object(value, p, key, sizes.metadata),
            "new_conversation" => {
                q.new_conversation = match value {
                    Value::Bool(b) => Field::Valid(*b),
                    other => {
                        r.wrong_type(p, key, "a boolean", other);
                        Field::Invalid
                    }
                }
            }
            "persona_id" => {
                q.persona_id = match r.string(value, p, key, false) {
                    Field::Valid(s) if is_uuid(s) => Field::Valid(s),
                    Field::Valid(_) => {
                        r.error(
                            Code::InvalidUuid,
                            p,
                            "`persona_id` must be a hyphenated UUID (8-4-4-4-12 hex digits)",
                        );
                        Field::Invalid
                    }
                    other => other,
                }
            }
            "persona_version" => {
                q.persona_version = match r.string(value, p, key, false) {
                    Field::Valid("production") => Field::Valid(PersonaVersion::Production),
                    Field::Valid("draft") => Field::Valid(PersonaVersion::Draft),
                    Field::Valid(_) => {
                        r.push_error(
                            body_issue(
                                Code::InvalidEnum,
                                p,
                                "`persona_version` must be `production` or `draft`",
                            )
                            .with("allowed", serde_json::json!(["production", "draft"])),
                        );
                        Field::Invalid
                    }
                    _ => Field::Invalid,
                }
            }
            "persona_settings" => q.persona_settings = r.persona_settings(value),
            "pathway_id" => q.pathway_id = r.string(value, p, key, true),
            "pathway_version" => q.pathway_version = r.pathway_version(value, p, key),
            "start_node_id" => q.start_node_id = r.string(value, p, key, true),
            "webhook" => {
                q.webhook = match r.string(value, p, key, false) {
                    Field::Valid(url) => match webhook::check_webhook(url) {
                        Ok(serialized) => Field::Valid(serialized),
                        Err(problem) => {
                            r.push_error(webhook_issue(p, problem, url));
                            Field::Invalid
                        }
                    },
                    Field::Absent => Field::Absent,
                    Field::Invalid => Field::Invalid,
                }
            }
            "disposition_ids" => q.disposition_ids = r.id_list(value, p, key),
            "citation_schema_ids" => q.citation_schema_ids = r.id_list(value, p, key),
            "channel" => {
                q.channel = match r.string(value, p, key, false) {
                    Field::Valid(s) => match Channel::parse(s) {
                        Some(c) => Field::Valid(c),
                        None => {
                            r.push_error(
                                body_issue(
                                    Code::InvalidEnum,
                                    p,
                                    "`channel` must be `sms`, `whatsapp` or `imessage`",
                                )
                                .with("allowed", serde_json::json!(["sms", "whatsapp", "imessage"])),
                            );
                            Field::Invalid
                        }
                    },
                    _ => Field::Invalid,
                }
            }
            "content_sid" => {
                q.content_sid = match r.string(value, p, key, false) {
                    Field::Valid(s) if is_content_sid(s) => Field::Valid(s),
                    Field::Valid(_) => {
                        r.push_error(
                            body_issue(
                                Code::InvalidContentSid,
                                p,
                                "`content_sid` must be `HX` followed by 32 hex digits",
                            )
                            .with("pattern", "^HX[0-9a-fA-F]{32}$"),
                        );
                        Field::Invalid
                    }
                    other => other,
                }
            }
            "content_variables" => q.content_variables = r.content_variables(value, p),
            "time_out" => q.time_out = r.timeout(value, p, key),
            "timeout_message" => q.timeout_message = r.string(value, p, key, true),
            "warning_time" => q.warning_time = r.timeout(value, p, key),
            "warning_message" => q.warning_message = r.string(value, p, key, true),
            _ => r.unknown(p),
        }
    }
    for (field, name) in [(&q.user_number, "user_number"), (&q.agent_number, "agent_number")] {
        if !field.given() {
            r.error(
                Code::MissingField,
                &pointer::join("", name),
                format!("`{name}` is required"),
            );
        }
    }
    q
}

fn mark_invalid(q: &mut Request<'_>, key: &str) {
    match key {
        "user_number" => q.user_number = Field::Invalid,
        "agent_number" => q.agent_number = Field::Invalid,
        "agent_message" => q.agent_message = Field::Invalid,
        "request_data" => q.request_data = Field::Invalid,
        "new_conversation" => q.new_conversation = Field::Invalid,
        "persona_id" => q.persona_id = Field::Invalid,
        "persona_version" => q.persona_version = Field::Invalid,
        "persona_settings" => q.persona_settings = Field::Invalid,
        "pathway_id" => q.pathway_id = Field::Invalid,
        "pathway_version" => q.pathway_version = Field::Invalid,
        "start_node_id" => q.start_node_id = Field::Invalid,
        "webhook" => q.webhook = Field::Invalid,
        "metadata" => q.metadata = Field::Invalid,
        "disposition_ids" => q.disposition_ids = Field::Invalid,
        "citation_schema_ids" => q.citation_schema_ids = Field::Invalid,
        "channel" => q.channel = Field::Invalid,
        "content_sid" => q.content_sid = Field::Invalid,
        "content_variables" => q.content_variables = Field::Invalid,
        "time_out" => q.time_out = Field::Invalid,
        "timeout_message" => q.timeout_message = Field::Invalid,
        "warning_time" => q.warning_time = Field::Invalid,
        "warning_message" => q.warning_message = Field::Invalid,
        _ => {}
    }
}

fn webhook_issue(path: &str, problem: WebhookProblem, url: &str) -> Issue {
    match problem {
        WebhookProblem::TooLong => {
            let length = utf16_len(url);
            body_issue(
                Code::InvalidUrl,
                path,
                format!("`webhook` is {length} characters; the limit is 2048"),
            )
            .with("reason", "TOO_LONG")
            .with("limit", 2048)
            .with("length", length)
        }
        WebhookProblem::ControlOrSpace => body_issue(
            Code::InvalidUrl,
            path,
            "`webhook` must not have surrounding whitespace or control characters",
        )
        .with("reason", "CONTROL_CHARACTER"),
        WebhookProblem::NotAbsoluteUrl => {
            body_issue(Code::InvalidUrl, path, "`webhook` must be an absolute URL").with("reason", "NOT_ABSOLUTE")
        }
        WebhookProblem::Unsafe(reason) => {
            let why = match reason {
                webhook::UnsafeReason::Scheme => "must use `https`",
                webhook::UnsafeReason::Credentials => "must not carry a user name or password",
                webhook::UnsafeReason::Localhost => "must not point at localhost",
                webhook::UnsafeReason::PrivateIp => "must not point at a private, local or reserved IP address",
                webhook::UnsafeReason::InternalName => {
                    "must not name a host of a private zone or a cloud metadata service"
                }
                webhook::UnsafeReason::AmbiguousHost => {
                    "writes its host in a way URL parsers read differently (use no backslash, plain dotted-decimal IPv4, and only letters, digits, `-`, `_` and `.` in names)"
                }
            };
            body_issue(Code::UnsafeWebhook, path, format!("`webhook` {why}")).with("reason", reason.as_str())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_pointers_follow_fields() {
        for (field, pointer) in FIELDS.iter().zip(FIELD_POINTERS) {
            assert_eq!(pointer::join("", field), pointer);
        }
    }

    #[test]
    fn uuid_and_sid_shapes() {
        assert!(is_uuid("123e4567-E89B-12d3-a456-426614174000"));
        assert!(!is_uuid("123e4567e89b12d3a456426614174000"));
        assert!(!is_uuid("123e4567-e89b-12d3-a456-42661417400g"));
        assert!(is_content_sid("HXb5b62575e6e4ff6129ad7c8efe1f983e"));
        assert!(!is_content_sid("HXb5b62575e6e4ff6129ad7c8efe1f983"));
        assert!(!is_content_sid("hxb5b62575e6e4ff6129ad7c8efe1f983e"));
    }
}
