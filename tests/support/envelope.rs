//! Rules every envelope obeys (docs/src/envelope.md, docs/src/rules/index.md#all-codes, docs/src/plan.md) and a detector for personal data in issue
//! messages, shared by the Rust reliability tests (core/tests/hostile.rs, pii.rs), the CLI
//! hostile runner and the fuzz targets (each includes this file with `#[path]`).
//!
//! Only `serde_json` and `smsrules` are used, so every includer can compile it as is.

// Test support: a panic here is a test failure with its reason.
#![allow(
    dead_code,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use serde_json::{Map, Value};

/// the codes (docs/src/rules/index.md#all-codes) and the plan keys (docs/src/plan.md), shared with every other surface's tests.
pub struct SpecLists {
    /// The codes that may appear in `errors`.
    pub error_codes: Vec<String>,
    /// The codes that may appear in `warnings`.
    pub warning_codes: Vec<String>,
    /// The plan's fields, in order.
    pub plan_keys: Vec<String>,
}

/// tests/spec-lists.json, read once.
pub fn spec_lists() -> &'static SpecLists {
    static LISTS: std::sync::OnceLock<SpecLists> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        let lists: Value = serde_json::from_str(include_str!("../spec-lists.json")).expect("tests/spec-lists.json");
        let strings = |key: &str| -> Vec<String> {
            lists[key]
                .as_array()
                .unwrap_or_else(|| panic!("tests/spec-lists.json: `{key}` is not a list"))
                .iter()
                .map(|v| v.as_str().expect("a string").to_owned())
                .collect()
        };
        SpecLists {
            error_codes: strings("error_codes"),
            warning_codes: strings("warning_codes"),
            plan_keys: strings("plan_keys"),
        }
    })
}

/// The issue keys, in the order the core writes them.
const ISSUE_KEYS: &[&str] = &["error", "in", "path", "message", "params"];
/// docs/src/envelope.md `in`.
const LOCATIONS: &[&str] = &["body", "header", "context", "options", "input"];
/// docs/src/input.md#options: the largest `max_issues`, so the longest list is this plus `TOO_MANY_ISSUES`.
const MAX_MAX_ISSUES: usize = 1000;

/// Every way `text` breaks the envelope rules; empty when it is a well-formed envelope.
pub fn problems(text: &str) -> Vec<String> {
    parse_and_check(text).1
}

/// The envelope parsed (`null` when it is not JSON) and every way it breaks the rules.
pub fn parse_and_check(text: &str) -> (Value, Vec<String>) {
    // The core's own parser: serde_json's would recurse without bound on hostile text, and
    // the envelope must be I-JSON like everything else.
    match smsrules::json::parse(text, smsrules::json::ParseOptions { max_depth: 64 }) {
        Err(e) => (
            Value::Null,
            vec![format!(
                "the envelope is not JSON: {} at offset {}",
                e.message, e.offset
            )],
        ),
        Ok(parsed) => {
            let mut found = value_problems(&parsed.value);
            if !parsed.duplicates.is_empty() {
                found.push(format!("the envelope repeats keys at {:?}", parsed.duplicates));
            }
            // A path may quote a key holding a noncharacter (it must, to point at it); lone
            // surrogates and out-of-range numbers would make the envelope unreadable.
            let unreadable = parsed
                .faults
                .iter()
                .any(|(_, f)| *f != smsrules::json::Fault::Noncharacter);
            if unreadable || !parsed.too_deep.is_empty() {
                found.push(format!(
                    "the envelope is not I-JSON ({:?}) or nests too deep",
                    parsed.faults
                ));
            }
            (parsed.value, found)
        }
    }
}

/// Every way an envelope value breaks the rules of docs/src/envelope.md.
pub fn value_problems(envelope: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let Some(map) = envelope.as_object() else {
        return vec!["the envelope is not an object".into()];
    };
    let keys: Vec<&str> = map.keys().map(String::as_str).collect();
    if keys != ["data", "errors", "warnings"] {
        found.push(format!(
            "the envelope's keys are {keys:?}, not [data, errors, warnings]"
        ));
    }
    let data = map.get("data").unwrap_or(&Value::Null);
    let errors = map.get("errors").unwrap_or(&Value::Null);
    match errors {
        Value::Null => {}
        Value::Array(list) if list.is_empty() => found.push("`errors` is [] (must be null when empty)".into()),
        Value::Array(list) => list_problems("errors", list, &spec_lists().error_codes, &mut found),
        _ => found.push("`errors` is neither null nor a list".into()),
    }
    match map.get("warnings") {
        Some(Value::Array(list)) => list_problems("warnings", list, &spec_lists().warning_codes, &mut found),
        _ => found.push("`warnings` is not a list".into()),
    }
    match (data, errors.is_null()) {
        (Value::Null, true) => found.push("`data` is null although there are no errors".into()),
        (Value::Object(plan), true) => plan_problems(plan, &mut found),
        (Value::Null, false) => {}
        (_, false) => found.push("`data` is not null although there are errors".into()),
        (_, true) => found.push("`data` is neither null nor an object".into()),
    }
    found
}

fn list_problems(name: &str, list: &[Value], codes: &[String], found: &mut Vec<String>) {
    if list.len() > MAX_MAX_ISSUES + 1 {
        found.push(format!(
            "`{name}` has {} entries, more than max_issues allows",
            list.len()
        ));
    }
    let mut previous: Option<(&str, &str, &str)> = None;
    for (index, issue) in list.iter().enumerate() {
        let at = format!("{name}[{index}]");
        let Some(map) = issue.as_object() else {
            found.push(format!("{at} is not an object"));
            continue;
        };
        let keys: Vec<&str> = map.keys().map(String::as_str).collect();
        if keys != ISSUE_KEYS {
            found.push(format!("{at} has keys {keys:?}, not {ISSUE_KEYS:?}"));
        }
        let text = |key: &str| map.get(key).and_then(Value::as_str);
        let (Some(code), Some(location), Some(path), Some(message)) =
            (text("error"), text("in"), text("path"), text("message"))
        else {
            found.push(format!("{at} lacks a string error, in, path or message"));
            continue;
        };
        if !codes.iter().any(|known| known == code) {
            found.push(format!(
                "{at}: `{code}` is not a code of docs/src/rules/index.md#all-codes for {name}"
            ));
        }
        if !LOCATIONS.contains(&location) {
            found.push(format!("{at}: `in` is `{location}`"));
        }
        if !is_json_pointer(path) {
            found.push(format!("{at}: path {path:?} is not an RFC 6901 pointer"));
        }
        if let Some(problem) = message_problem(message) {
            found.push(format!("{at}: message {message:?} {problem}"));
        }
        if !map.get("params").is_some_and(Value::is_object) {
            found.push(format!("{at}: params is not an object"));
        }
        if code == "TOO_MANY_ISSUES" {
            let omitted = map.get("params").and_then(|p| p.get("omitted")).and_then(Value::as_u64);
            if index + 1 != list.len() || location != "input" || !path.is_empty() || omitted.unwrap_or(0) == 0 {
                found.push(format!(
                    "{at}: TOO_MANY_ISSUES must come last, in input at \"\", with params.omitted > 0"
                ));
            }
            continue;
        }
        // docs/src/envelope.md: sorted by (in, path, error), comparing bytes; only the cap marker follows.
        let key = (location, path, code);
        if previous.is_some_and(|p| p > key) {
            found.push(format!("{at} {key:?} is out of order after {previous:?}"));
        }
        previous = Some(key);
    }
}

fn plan_problems(plan: &Map<String, Value>, found: &mut Vec<String>) {
    let keys: Vec<&str> = plan.keys().map(String::as_str).collect();
    if keys != spec_lists().plan_keys {
        found.push(format!("the plan's keys are {keys:?}, not those of docs/src/plan.md"));
    }
    let fingerprint = plan
        .get("idempotency")
        .and_then(|i| i.get("fingerprint"))
        .and_then(Value::as_str);
    if !fingerprint.is_some_and(is_fingerprint) {
        found.push(format!(
            "plan.idempotency.fingerprint is {fingerprint:?}, not sha256:<64 lower-case hex>"
        ));
    }
}

/// `sha256:` and 64 lower-case hex digits.
pub fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// `""` or `/`-separated tokens in which `~` is always followed by `0` or `1`.
fn is_json_pointer(path: &str) -> bool {
    if path.is_empty() {
        return true;
    }
    path.starts_with('/')
        && path
            .split('~')
            .skip(1)
            .all(|rest| rest.starts_with('0') || rest.starts_with('1'))
}

/// docs/src/envelope.md, docs/src/edge-cases.md#messages: one line, not starting upper-case.
fn message_problem(message: &str) -> Option<&'static str> {
    match message.chars().next() {
        None => Some("is empty"),
        Some(first) if first.is_uppercase() => Some("starts upper-case"),
        _ if message.contains(['\n', '\r']) => Some("is more than one line"),
        _ => None,
    }
}

/// The fewest digits a phone number's digit run must share with a message to count as quoted.
pub const PHONE_DIGITS: usize = 7;
/// The fewest characters a message text must have before finding it inside an issue message
/// means anything (`Hi` is inside `this` if case is ignored; the rules' words are short).
pub const TEXT_CHARS: usize = 3;

/// What a document holds that no issue message may quote (docs/src/envelope.md `message`).
#[derive(Debug, Default, Clone)]
pub struct Secrets {
    /// Phone numbers as written (`user_number`, `agent_number`, the `to` and `from` aliases,
    /// `account.numbers`, `number.phone_number`).
    pub phones: Vec<String>,
    /// Message text and template variable values (`agent_message`, the `message` alias,
    /// `timeout_message`, `warning_message`, `content_variables` values).
    pub texts: Vec<String>,
}

impl Secrets {
    /// The secrets of a document given as text (docs/src/input.md), including those inside
    /// `request_text`; none when the text is not JSON.
    pub fn of_document_text(text: &str) -> Secrets {
        let options = smsrules::json::ParseOptions { max_depth: 64 };
        smsrules::json::parse(text, options)
            .map(|p| Secrets::of_document(&p.value))
            .unwrap_or_default()
    }

    /// The secrets of a parsed document.
    pub fn of_document(doc: &Value) -> Secrets {
        let body = match (doc.get("request"), doc.get("request_text")) {
            (Some(body), _) => Some(body.clone()),
            (None, Some(Value::String(text))) => {
                let options = smsrules::json::ParseOptions { max_depth: 64 };
                smsrules::json::parse(text, options).ok().map(|p| p.value)
            }
            _ => None,
        };
        Secrets::of_parts(body.as_ref(), doc.get("context"))
    }

    /// The secrets of a body and a context.
    pub fn of_parts(body: Option<&Value>, context: Option<&Value>) -> Secrets {
        let mut secrets = Secrets::default();
        let strings = |value: Option<&Value>| -> Vec<String> {
            match value {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                Some(Value::Object(map)) => map.values().filter_map(Value::as_str).map(str::to_owned).collect(),
                _ => Vec::new(),
            }
        };
        if let Some(body) = body {
            for field in ["user_number", "agent_number", "to", "from"] {
                secrets.phones.extend(strings(body.get(field)));
            }
            for field in TEXT_FIELDS.iter().chain(&["content_variables"]) {
                secrets.texts.extend(strings(body.get(field)));
            }
        }
        if let Some(context) = context {
            secrets
                .phones
                .extend(strings(context.get("account").and_then(|a| a.get("numbers"))));
            secrets
                .phones
                .extend(strings(context.get("number").and_then(|n| n.get("phone_number"))));
        }
        secrets
            .phones
            .retain(|p| p.chars().filter(|c| c.is_numeric()).count() >= PHONE_DIGITS);
        secrets.texts.retain(|t| t.chars().count() >= TEXT_CHARS);
        secrets
    }

    /// True when there is nothing to look for.
    pub fn is_empty(&self) -> bool {
        self.phones.is_empty() && self.texts.is_empty()
    }

    /// Each issue message of `envelope` that seems to quote a secret, as
    /// `(list, index, what)`. A message may still hold such a digit run by coincidence (a
    /// `warning_time` of 1234567 and a phone holding `1234567`): see [`confirmed_leaks`].
    pub fn suspects(&self, envelope: &Value) -> Vec<String> {
        let mut found = Vec::new();
        for list in ["errors", "warnings"] {
            for (index, issue) in envelope
                .get(list)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let message = issue.get("message").and_then(Value::as_str).unwrap_or_default();
                let params = issue.get("params").and_then(Value::as_object);
                for phone in &self.phones {
                    if quotes_phone(message, phone, params) {
                        found.push(format!(
                            "{list}[{index}] message {message:?} quotes phone number {phone:?}"
                        ));
                    }
                }
                for text in &self.texts {
                    if message.contains(text.as_str()) {
                        found.push(format!(
                            "{list}[{index}] message {message:?} quotes message text {text:?}"
                        ));
                    }
                }
            }
        }
        found
    }
}

/// The ASCII digits of `text`, in order.
pub fn ascii_digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// True when `message` holds `phone` as written, or a run of [`PHONE_DIGITS`] or more of its
/// digits that is not simply a number the issue also reports in `params` (a size, a limit).
fn quotes_phone(message: &str, phone: &str, params: Option<&Map<String, Value>>) -> bool {
    let phone = phone.trim();
    // As written (any script's digits): only what looks like a number, not any 7 characters.
    if phone.chars().filter(|c| c.is_numeric()).count() >= PHONE_DIGITS && message.contains(phone) {
        return true;
    }
    let digits = ascii_digits(phone);
    if digits.len() < PHONE_DIGITS {
        return false;
    }
    let reported =
        |run: &str| params.is_some_and(|p| p.values().any(|v| v.as_number().is_some_and(|n| n.to_string() == run)));
    message
        .split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= PHONE_DIGITS && !reported(run))
        .any(|run| {
            run.as_bytes()
                .windows(PHONE_DIGITS)
                .any(|window| std::str::from_utf8(window).is_ok_and(|w| digits.contains(w)))
        })
}

/// The same text with every character replaced by another of the same UTF-16 length
/// (digits by other digits), so a message that quotes it would now quote the replacement.
pub fn scrambled(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '0'..='9' => char::from(b'0' + (c as u8 - b'0' + 5) % 10),
            'Q' => 'R',
            c if c.len_utf16() == 1 => 'Q',
            '\u{1F600}' => '\u{1F601}',
            _ => '\u{1F600}',
        })
        .collect()
}

/// The messages of `envelope` that quote a secret of the document `doc_text`, confirmed by
/// running the document again with that secret scrambled: a suspect that survives the
/// scrambling came from somewhere else (a field name, another number) and is no leak.
/// `run` is the entry point under test (document text in, envelope value out).
///
/// The document is scrambled as text, token by token, so everything else about it stays as
/// it arrived: duplicate keys, escapes, values that are not I-JSON (parsing it into a value
/// and printing that again would drop a duplicate key, and with it a `DUPLICATE_KEY` issue
/// whose fixed wording merely contains a short secret).
pub fn confirmed_leaks(doc_text: &str, envelope: &Value, run: &dyn Fn(&str) -> Value) -> Vec<String> {
    let options = smsrules::json::ParseOptions { max_depth: 64 };
    let Ok(parsed) = smsrules::json::parse(doc_text, options) else {
        return Vec::new();
    };
    let secrets = Secrets::of_document(&parsed.value);
    confirm(&secrets, envelope, &|one| run(&scrambled_text(doc_text, one, false)))
}

/// [`confirmed_leaks`] for a document given as a value (built by a test or a fuzz target,
/// so it has no duplicate keys to lose).
pub fn confirmed_leaks_in(doc: &Value, envelope: &Value, run: &dyn Fn(&str) -> Value) -> Vec<String> {
    let secrets = Secrets::of_document(doc);
    confirm(
        &secrets,
        envelope,
        &|one| run(&scrambled_document(doc, one).to_string()),
    )
}

/// The suspects of `envelope` that `rerun` (the document again with one secret scrambled)
/// confirms.
fn confirm(secrets: &Secrets, envelope: &Value, rerun: &dyn Fn(&Secrets) -> Value) -> Vec<String> {
    let suspects = secrets.suspects(envelope);
    if suspects.is_empty() {
        return suspects;
    }
    // Each secret that a message seems to quote is confirmed on its own: scrambling it alone
    // (a phone number wherever it appears, a text only in the body's text fields) must make
    // the quote go away. Scrambling more can change other messages' wording or, with
    // `max_issues`, which issues are shown, and so hide template text that merely equals a
    // short secret (a field name holding "n_schem", a `suggestion` holding "ion").
    let mut confirmed: Vec<String> = suspects
        .iter()
        .filter(|s| !s.contains(" quotes phone number ") && !s.contains(" quotes message text "))
        .cloned()
        .collect();
    let phones = secrets.phones.iter().map(|p| (true, p));
    let texts = secrets.texts.iter().map(|t| (false, t));
    for (is_phone, value) in phones.chain(texts) {
        let one = Secrets {
            phones: if is_phone { vec![value.clone()] } else { Vec::new() },
            texts: if is_phone { Vec::new() } else { vec![value.clone()] },
        };
        let of_one = one.suspects(envelope);
        if of_one.is_empty() {
            continue;
        }
        let survivors = one.suspects(&rerun(&one));
        for suspect in of_one {
            let explained = survivors.iter().any(|t| quoted_part(&suspect) == quoted_part(t));
            if !explained && !confirmed.contains(&suspect) {
                confirmed.push(suspect);
            }
        }
    }
    confirmed
}

/// `doc` with the secrets of `secrets` scrambled: phone numbers wherever they appear (the
/// context's account numbers too), texts in the body's text fields only.
fn scrambled_document(doc: &Value, secrets: &Secrets) -> Value {
    let options = smsrules::json::ParseOptions { max_depth: 64 };
    let mut doc = doc.clone();
    scramble_phones(&mut doc, &secrets.phones);
    if let Some(body) = doc.get_mut("request") {
        scramble_text_fields(body, &secrets.texts);
    }
    if let Some(Value::String(body_text)) = doc.get("request_text").cloned() {
        if let Ok(mut body) = smsrules::json::parse(&body_text, options).map(|p| p.value) {
            scramble_phones(&mut body, &secrets.phones);
            scramble_text_fields(&mut body, &secrets.texts);
            if let Some(slot) = doc.get_mut("request_text") {
                *slot = Value::String(body.to_string());
            }
        }
    }
    doc
}

/// The body fields whose string values are message text (besides `content_variables` values).
const TEXT_FIELDS: [&str; 4] = ["agent_message", "message", "timeout_message", "warning_message"];

/// `text` (a JSON document, or the body inside its `request_text` when `in_body`) with the
/// secrets of `secrets` scrambled where [`scrambled_document`] scrambles them: phone
/// numbers in any string value, texts in the body's text fields and `content_variables`
/// values. Keys, other values, spacing and escapes stay byte for byte.
fn scrambled_text(text: &str, secrets: &Secrets, in_body: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // The key each open container is the value of (`None` for array items and the root).
    let mut containers: Vec<Option<String>> = Vec::new();
    let mut last_key: Option<String> = None;
    let mut rest = text;
    while let Some(start) = rest.find(['"', '{', '[', '}', ']']) {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        if let Some(bracket @ ('{' | '[' | '}' | ']')) = from.chars().next() {
            if matches!(bracket, '{' | '[') {
                containers.push(last_key.take());
            } else {
                containers.pop();
            }
            out.push(bracket);
            rest = &from[1..];
            continue;
        }
        let token_len = string_token_len(from);
        let (token, after) = from.split_at(token_len);
        rest = after;
        let is_key = after.trim_start().starts_with(':');
        let decoded = serde_json::from_str::<String>(token).ok();
        if is_key {
            last_key = decoded;
            out.push_str(token);
            continue;
        }
        let own_key = last_key.take();
        let Some(value) = decoded else {
            out.push_str(token);
            continue;
        };
        let body_level = if in_body {
            containers.len() == 1
        } else {
            containers.len() == 2 && containers.get(1).is_some_and(|k| k.as_deref() == Some("request"))
        };
        let text_field = own_key.as_deref().is_some_and(|k| TEXT_FIELDS.contains(&k)) && body_level;
        let variable = containers
            .last()
            .is_some_and(|k| k.as_deref() == Some("content_variables"));
        let replacement = if !in_body && containers.len() == 1 && own_key.as_deref() == Some("request_text") {
            Some(scrambled_text(&value, secrets, true))
        } else if secrets.phones.contains(&value) || ((text_field || variable) && secrets.texts.contains(&value)) {
            Some(scrambled(&value))
        } else {
            None
        };
        match replacement {
            Some(new) => out.push_str(&serde_json::to_string(&new).unwrap_or_default()),
            None => out.push_str(token),
        }
    }
    out.push_str(rest);
    out
}

/// The byte length of the JSON string token at the start of `from` (the whole rest when it
/// is not closed).
fn string_token_len(from: &str) -> usize {
    let bytes = from.as_bytes();
    let mut at = 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// Every string equal to one of `phones`, anywhere in `value`, scrambled (keys stay).
fn scramble_phones(value: &mut Value, phones: &[String]) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::String(s) if phones.contains(s) => *s = scrambled(s),
            Value::Array(items) => stack.extend(items.iter_mut()),
            Value::Object(map) => stack.extend(map.values_mut()),
            _ => {}
        }
    }
}

/// The body's message texts and template values equal to one of `texts`, scrambled.
fn scramble_text_fields(body: &mut Value, texts: &[String]) {
    let Some(map) = body.as_object_mut() else {
        return;
    };
    for (key, value) in map.iter_mut() {
        match (key.as_str(), value) {
            (field, Value::String(s)) if TEXT_FIELDS.contains(&field) && texts.contains(s) => {
                *s = scrambled(s);
            }
            ("content_variables", Value::Object(variables)) => {
                for value in variables.values_mut() {
                    if let Value::String(s) = value {
                        if texts.contains(s) {
                            *s = scrambled(s);
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

/// `… quotes phone number "+1…"` → `phone number "+1…"`.
fn quoted_part(suspect: &str) -> &str {
    suspect.rsplit_once(" quotes ").map_or(suspect, |(_, what)| what)
}
