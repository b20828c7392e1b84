//! The context (docs/src/context.md): what the server knows. Each malformed top-level part is one
//! `INVALID_CONTEXT` at the deepest path that shows the fault, and that part is then absent.

use crate::code::Code;
use crate::issue::{Issue, Location};
use crate::phone::{canonical_e164, check_canonical, check_e164, Canonical, PhoneCheck};
use crate::pointer;
use crate::values::{as_integer, type_name};
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;

/// A channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// SMS.
    Sms,
    /// WhatsApp.
    Whatsapp,
    /// iMessage.
    Imessage,
}

impl Channel {
    /// The wire spelling.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Imessage => "imessage",
        }
    }

    /// The channel spelled `s`.
    pub(crate) fn parse(s: &str) -> Option<Channel> {
        match s {
            "sms" => Some(Channel::Sms),
            "whatsapp" => Some(Channel::Whatsapp),
            "imessage" => Some(Channel::Imessage),
            _ => None,
        }
    }

    /// The key of this channel's config on a number.
    pub(crate) const fn config_key(self) -> &'static str {
        match self {
            Channel::Sms => "sms_config",
            Channel::Whatsapp => "whatsapp_config",
            Channel::Imessage => "imessage_config",
        }
    }
}

/// A number's channel config or a persona version (the same shape), borrowing from the
/// context value.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct ChannelConfig<'a> {
    /// `webhook` (trusted, not checked).
    pub webhook: Option<&'a str>,
    /// `request_data`, whatever JSON it is.
    pub request_data: Option<&'a Value>,
    /// `time_out`.
    pub time_out: Option<Number>,
    /// `timeout_message`.
    pub timeout_message: Option<&'a str>,
    /// `warning_time`.
    pub warning_time: Option<Number>,
    /// `warning_message`.
    pub warning_message: Option<&'a str>,
    /// `objective`.
    pub objective: Option<&'a str>,
    /// `pathway_id`.
    pub pathway_id: Option<&'a str>,
    /// `pathway_version`: an integer or a string such as `"latest"`.
    pub pathway_version: Option<Value>,
    /// `start_node_id`.
    pub start_node_id: Option<&'a str>,
    /// `disposition_ids`.
    pub disposition_ids: Option<&'a Vec<Value>>,
    /// `citation_schema_ids`.
    pub citation_schema_ids: Option<&'a Vec<Value>>,
}

/// `context.number`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NumberContext<'a> {
    /// `phone_number`.
    pub phone_number: &'a str,
    /// `phone_number`'s canonical form (numbers are compared in that form).
    pub phone_number_canonical: Canonical,
    /// `sms_config` (`None`: not provisioned).
    pub sms: Option<ChannelConfig<'a>>,
    /// `whatsapp_config`.
    pub whatsapp: Option<ChannelConfig<'a>>,
    /// `imessage_config`.
    pub imessage: Option<ChannelConfig<'a>>,
}

impl<'a> NumberContext<'a> {
    /// The config of `channel`, if provisioned.
    pub(crate) fn config(&self, channel: Channel) -> Option<&ChannelConfig<'a>> {
        match channel {
            Channel::Sms => self.sms.as_ref(),
            Channel::Whatsapp => self.whatsapp.as_ref(),
            Channel::Imessage => self.imessage.as_ref(),
        }
    }
}

/// Pathway fields of one layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PathwayFields<'a> {
    /// `pathway_id`.
    pub pathway_id: Option<&'a str>,
    /// `pathway_version` (integer or string).
    pub pathway_version: Option<Value>,
    /// `start_node_id` (a conversation's `current_node_id`).
    pub start_node_id: Option<&'a str>,
}

/// `context.persona`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PersonaContext<'a> {
    /// `id`.
    pub id: &'a str,
    /// `production` (`None`: missing or null).
    pub production: Option<ChannelConfig<'a>>,
    /// `draft`.
    pub draft: Option<ChannelConfig<'a>>,
    /// `number_settings`.
    pub number_settings: Option<PathwayFields<'a>>,
}

/// The four timeout fields of a conversation's `overrides`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TimeoutOverrides<'a> {
    /// `time_out`.
    pub time_out: Option<Number>,
    /// `timeout_message`.
    pub timeout_message: Option<&'a str>,
    /// `warning_time`.
    pub warning_time: Option<Number>,
    /// `warning_message`.
    pub warning_message: Option<&'a str>,
}

/// `context.conversation` when it is an object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Conversation<'a> {
    /// `id`.
    pub id: &'a str,
    /// `active`.
    pub active: bool,
    /// `channel`.
    pub channel: Option<Channel>,
    /// Pathway state (`current_node_id` as the start node).
    pub pathway: PathwayFields<'a>,
    /// `overrides`.
    pub overrides: TimeoutOverrides<'a>,
    /// `last_user_message_at`.
    pub last_user_message_at: Option<OffsetDateTime>,
}

/// What the context says about the latest conversation.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum ConversationKnowledge<'a> {
    /// The key is missing: unknown.
    #[default]
    Unknown,
    /// `"conversation": null`: there is none.
    None,
    /// There is one.
    Some(Box<Conversation<'a>>),
}

/// `context.idempotency`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IdempotencyRecord<'a> {
    /// `key`.
    pub key: &'a str,
    /// `fingerprint`.
    pub fingerprint: &'a str,
}

/// `account.numbers`, each entry judged at every level of phone check once, when the context
/// is read: a prepared context then checks none of them again per request, and a request
/// number equal to an entry needs no check of its own.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AccountNumbers<'a> {
    /// The entries, in order.
    pub numbers: Vec<&'a str>,
    /// For each entry, how many levels it passes ([`rank`]: 0 when not even E.164).
    passed: Vec<u8>,
    /// For each entry, its canonical form (numbers are compared in that form).
    canonical: Vec<Canonical>,
}

/// How many levels of phone check a number must pass to pass at `level` (the levels nest: a
/// valid number is possible, a possible one is E.164).
fn rank(level: PhoneCheck) -> u8 {
    match level {
        PhoneCheck::E164 => 1,
        PhoneCheck::Possible => 2,
        PhoneCheck::Valid => 3,
    }
}

impl<'a> AccountNumbers<'a> {
    /// `numbers`, each judged at every level of phone check (one check for a valid number).
    pub(crate) fn new(numbers: Vec<&'a str>) -> AccountNumbers<'a> {
        let mut passed = Vec::with_capacity(numbers.len());
        let mut canonical = Vec::with_capacity(numbers.len());
        for number in &numbers {
            let (rank, form) = match check_canonical(number, PhoneCheck::Valid) {
                Ok(form) => (rank(PhoneCheck::Valid), form),
                Err(_) => (
                    [PhoneCheck::Possible, PhoneCheck::E164]
                        .into_iter()
                        .find(|&level| check_e164(number, level).is_ok())
                        .map_or(0, rank),
                    canonical_e164(number),
                ),
            };
            passed.push(rank);
            canonical.push(form);
        }
        AccountNumbers {
            numbers,
            passed,
            canonical,
        }
    }

    /// The first entry that is not a phone number at `level`, if any.
    pub(crate) fn first_bad(&self, level: PhoneCheck) -> Option<usize> {
        self.passed.iter().position(|&passed| passed < rank(level))
    }

    /// When `number` is an entry that passes at `level` (then so does `number`: the check
    /// reads nothing but the text), that entry's canonical form.
    pub(crate) fn vouch_for(&self, number: &str, level: PhoneCheck) -> Option<Canonical> {
        self.numbers
            .iter()
            .zip(&self.passed)
            .zip(&self.canonical)
            .find(|((entry, &passed), _)| **entry == number && passed >= rank(level))
            .map(|(_, canonical)| *canonical)
    }

    /// Whether an entry is the number whose canonical form is `canonical`.
    pub(crate) fn holds(&self, canonical: &str) -> bool {
        self.numbers
            .iter()
            .zip(&self.canonical)
            .any(|(entry, form)| form.of(entry) == canonical)
    }
}

/// The typed context, borrowing its strings and objects from the context value.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Context<'a> {
    /// `now`.
    pub now: Option<OffsetDateTime>,
    /// `account.numbers`.
    pub account_numbers: Option<AccountNumbers<'a>>,
    /// `number`.
    pub number: Option<NumberContext<'a>>,
    /// `persona`.
    pub persona: Option<PersonaContext<'a>>,
    /// `conversation`.
    pub conversation: ConversationKnowledge<'a>,
    /// `idempotency`.
    pub idempotency: Option<IdempotencyRecord<'a>>,
}

/// A fault at a context path.
type Fault = (String, String);

fn fault(path: &str, message: impl Into<String>) -> Fault {
    (path.to_owned(), message.into())
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, Fault> {
    value
        .as_object()
        .ok_or_else(|| fault(path, format!("must be an object, not {}", type_name(value))))
}

/// A present, non-null member.
fn member<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn opt_string<'v>(map: &'v Map<String, Value>, key: &str, base: &str) -> Result<Option<&'v str>, Fault> {
    match member(map, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(fault(
            &pointer::join(base, key),
            format!("must be a string, not {}", type_name(other)),
        )),
    }
}

fn req_string<'v>(map: &'v Map<String, Value>, key: &str, base: &str) -> Result<&'v str, Fault> {
    opt_string(map, key, base)?.ok_or_else(|| fault(&pointer::join(base, key), "is required"))
}

fn opt_number(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<Number>, Fault> {
    match member(map, key) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(Some(n.clone())),
        Some(other) => Err(fault(
            &pointer::join(base, key),
            format!("must be a number, not {}", type_name(other)),
        )),
    }
}

/// A `pathway_version` from the context: a non-negative integer (in its plain spelling) or
/// a string; `None` when it is neither.
fn pathway_version(value: &Value) -> Option<Value> {
    match value {
        Value::String(s) => Some(Value::String(s.clone())),
        Value::Number(n)
            if as_integer(n).is_some_and(|i| (0..=i128::from(crate::request::PATHWAY_VERSION_MAX)).contains(&i)) =>
        {
            Some(Value::Number(crate::values::integral_number(n)))
        }
        _ => None,
    }
}

fn opt_pathway_version(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<Value>, Fault> {
    match member(map, key) {
        None => Ok(None),
        Some(v) => pathway_version(v).map(Some).ok_or_else(|| {
            fault(
                &pointer::join(base, key),
                format!("must be {PATHWAY_VERSION}, not {}", type_name(v)),
            )
        }),
    }
}

const PATHWAY_VERSION: &str = "an integer from 0 to 18446744073709551615 or a string";

/// A channel config's fields in the order they are checked: when several are wrong, the
/// first of them in this order is the one reported.
const CONFIG_FIELDS: [&str; 19] = [
    "timeout_action",
    "messaging_service_sid",
    "timezone",
    "summary_prompt",
    "tools",
    "temperature",
    "restart_after_end_call",
    "webhook",
    "request_data",
    "time_out",
    "timeout_message",
    "warning_time",
    "warning_message",
    "objective",
    "pathway_id",
    "pathway_version",
    "start_node_id",
    "disposition_ids",
    "citation_schema_ids",
];

/// A channel config, read in one pass over its members (a config has up to 19 known fields;
/// looking each up by name hashed every name for every config of every check).
/// The pointer of the config at `base`/`key` is built only for a fault.
fn channel_config<'v>(value: &'v Value, base: &str, key: &str) -> Result<ChannelConfig<'v>, Fault> {
    let path = || pointer::join(base, key);
    let map = object(value, "").map_err(|(_, message)| (path(), message))?;
    let mut config = ChannelConfig::default();
    // (key, the index of a bad list entry, what it must be, the value) of the first fault in
    // CONFIG_FIELDS order.
    let mut first_fault: Option<ConfigFault<'_, 'v>> = None;
    for (key, v) in map {
        if v.is_null() {
            continue;
        }
        let expected = match (key.as_str(), v) {
            ("webhook", Value::String(s)) => {
                config.webhook = Some(s);
                None
            }
            ("timeout_message", Value::String(s)) => {
                config.timeout_message = Some(s);
                None
            }
            ("warning_message", Value::String(s)) => {
                config.warning_message = Some(s);
                None
            }
            ("objective", Value::String(s)) => {
                config.objective = Some(s);
                None
            }
            ("pathway_id", Value::String(s)) => {
                config.pathway_id = Some(s);
                None
            }
            ("start_node_id", Value::String(s)) => {
                config.start_node_id = Some(s);
                None
            }
            ("timeout_action" | "messaging_service_sid" | "timezone" | "summary_prompt", Value::String(_)) => None,
            (
                "webhook"
                | "timeout_message"
                | "warning_message"
                | "objective"
                | "pathway_id"
                | "start_node_id"
                | "timeout_action"
                | "messaging_service_sid"
                | "timezone"
                | "summary_prompt",
                _,
            ) => Some("a string"),
            ("time_out", Value::Number(n)) => {
                config.time_out = Some(n.clone());
                None
            }
            ("warning_time", Value::Number(n)) => {
                config.warning_time = Some(n.clone());
                None
            }
            ("temperature", Value::Number(_)) => None,
            ("time_out" | "warning_time" | "temperature", _) => Some("a number"),
            ("tools", Value::Array(_)) => None,
            ("tools", _) => Some("an array"),
            ("restart_after_end_call", Value::Bool(_)) => None,
            ("restart_after_end_call", _) => Some("a boolean"),
            ("request_data", _) => {
                config.request_data = Some(v);
                None
            }
            ("pathway_version", _) => match pathway_version(v) {
                Some(version) => {
                    config.pathway_version = Some(version);
                    None
                }
                None => Some(PATHWAY_VERSION),
            },
            // The plan lists these ids as given: each entry must be a string
            // (docs/src/edge-cases.md#ids), reported at the first entry that is not.
            ("disposition_ids" | "citation_schema_ids", Value::Array(items)) => {
                match items.iter().enumerate().find(|(_, item)| !item.is_string()) {
                    Some((index, item)) => {
                        record_fault(&mut first_fault, (key, Some(index), "a string", item));
                    }
                    None if key == "disposition_ids" => config.disposition_ids = Some(items),
                    None => config.citation_schema_ids = Some(items),
                }
                None
            }
            ("disposition_ids" | "citation_schema_ids", _) => Some("an array"),
            // Not a config field: ignored.
            _ => None,
        };
        if let Some(expected) = expected {
            record_fault(&mut first_fault, (key, None, expected, v));
        }
    }
    match first_fault {
        Some((key, index, expected, v)) => {
            let mut at = pointer::join(&path(), key);
            if let Some(index) = index {
                at = pointer::join(&at, &index.to_string());
            }
            Err(fault(&at, format!("must be {expected}, not {}", type_name(v))))
        }
        None => Ok(config),
    }
}

/// A channel config fault: (key, index of a bad list entry, what it must be, the value).
type ConfigFault<'k, 'v> = (&'k str, Option<usize>, &'static str, &'v Value);

/// Keep `candidate` when it is the first fault in CONFIG_FIELDS order (one issue per config,
/// the same one whatever order the members come in).
fn record_fault<'k, 'v>(first: &mut Option<ConfigFault<'k, 'v>>, candidate: ConfigFault<'k, 'v>) {
    let order = |name: &str| CONFIG_FIELDS.iter().position(|field| *field == name);
    if first.is_none_or(|(earlier, ..)| order(candidate.0) < order(earlier)) {
        *first = Some(candidate);
    }
}

fn opt_config<'v>(map: &'v Map<String, Value>, key: &str, base: &str) -> Result<Option<ChannelConfig<'v>>, Fault> {
    member(map, key).map(|v| channel_config(v, base, key)).transpose()
}

/// Where RFC 3339 puts the separator between date and time (`YYYY-MM-DD` before it).
const DATE_TIME_SEPARATOR: usize = 10;

/// Strict RFC 3339 date-time with an offset (`Z` or `±hh:mm`), with exactly one `T`, `t` or
/// space between date and time (RFC 3339 §5.6 allows nothing else there). The `time` crate's
/// parser takes any character in that place, so the separator is judged here and handed on
/// as `T`.
pub(crate) fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    match s.as_bytes().get(DATE_TIME_SEPARATOR) {
        Some(b'T') => OffsetDateTime::parse(s, rfc3339).ok(),
        Some(b't' | b' ') => {
            let mut text = s.to_owned();
            text.replace_range(DATE_TIME_SEPARATOR..=DATE_TIME_SEPARATOR, "T");
            OffsetDateTime::parse(&text, rfc3339).ok()
        }
        _ => None,
    }
}

fn opt_timestamp(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<OffsetDateTime>, Fault> {
    match opt_string(map, key, base)? {
        None => Ok(None),
        Some(s) => parse_timestamp(s).map(Some).ok_or_else(|| {
            fault(
                &pointer::join(base, key),
                "must be an RFC 3339 date-time with an offset",
            )
        }),
    }
}

fn pathway_fields<'v>(map: &'v Map<String, Value>, base: &str, node_key: &str) -> Result<PathwayFields<'v>, Fault> {
    Ok(PathwayFields {
        pathway_id: opt_string(map, "pathway_id", base)?,
        pathway_version: opt_pathway_version(map, "pathway_version", base)?,
        start_node_id: opt_string(map, node_key, base)?,
    })
}

fn parse_number(value: &Value) -> Result<NumberContext<'_>, Fault> {
    let map = object(value, "/number")?;
    let phone_number = req_string(map, "phone_number", "/number")?;
    Ok(NumberContext {
        phone_number,
        phone_number_canonical: canonical_e164(phone_number),
        sms: opt_config(map, "sms_config", "/number")?,
        whatsapp: opt_config(map, "whatsapp_config", "/number")?,
        imessage: opt_config(map, "imessage_config", "/number")?,
    })
}

fn parse_persona(value: &Value) -> Result<PersonaContext<'_>, Fault> {
    let map = object(value, "/persona")?;
    let number_settings = match member(map, "number_settings") {
        None => None,
        Some(v) => Some(pathway_fields(
            object(v, "/persona/number_settings")?,
            "/persona/number_settings",
            "start_node_id",
        )?),
    };
    Ok(PersonaContext {
        id: req_string(map, "id", "/persona")?,
        production: opt_config(map, "production", "/persona")?,
        draft: opt_config(map, "draft", "/persona")?,
        number_settings,
    })
}

fn parse_conversation(value: &Value) -> Result<Conversation<'_>, Fault> {
    let base = "/conversation";
    let map = object(value, base)?;
    let active = match member(map, "active") {
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            return Err(fault(
                "/conversation/active",
                format!("must be a boolean, not {}", type_name(other)),
            ))
        }
        None => return Err(fault("/conversation/active", "is required")),
    };
    let channel = match opt_string(map, "channel", base)? {
        None => None,
        Some(s) => Some(
            Channel::parse(s)
                .ok_or_else(|| fault("/conversation/channel", "must be `sms`, `whatsapp` or `imessage`"))?,
        ),
    };
    let overrides = match member(map, "overrides") {
        None => TimeoutOverrides::default(),
        Some(v) => {
            let path = "/conversation/overrides";
            let o = object(v, path)?;
            TimeoutOverrides {
                time_out: opt_number(o, "time_out", path)?,
                timeout_message: opt_string(o, "timeout_message", path)?,
                warning_time: opt_number(o, "warning_time", path)?,
                warning_message: opt_string(o, "warning_message", path)?,
            }
        }
    };
    Ok(Conversation {
        id: req_string(map, "id", base)?,
        active,
        channel,
        pathway: pathway_fields(map, base, "current_node_id")?,
        overrides,
        last_user_message_at: opt_timestamp(map, "last_user_message_at", base)?,
    })
}

fn parse_idempotency(value: &Value) -> Result<IdempotencyRecord<'_>, Fault> {
    let map = object(value, "/idempotency")?;
    Ok(IdempotencyRecord {
        key: req_string(map, "key", "/idempotency")?,
        fingerprint: req_string(map, "fingerprint", "/idempotency")?,
    })
}

fn parse_account(value: &Value) -> Result<Vec<&str>, Fault> {
    let map = object(value, "/account")?;
    match member(map, "numbers") {
        None => Err(fault("/account/numbers", "is required")),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.as_str()),
                other => Err(fault(
                    &format!("/account/numbers/{i}"),
                    format!("must be a string, not {}", type_name(other)),
                )),
            })
            .collect(),
        Some(other) => Err(fault(
            "/account/numbers",
            format!("must be an array, not {}", type_name(other)),
        )),
    }
}

/// Top-level parts whose names the context knows; anything else is ignored.
pub(crate) const PARTS: [&str; 6] = ["now", "account", "number", "persona", "conversation", "idempotency"];

/// Where a context value sits in the shape the context reading knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// A known field: everything in it is read (or its wrong shape reported).
    Field,
    Root,
    Account,
    Number,
    Config,
    Persona,
    NumberSettings,
    Conversation,
    Overrides,
    Idempotency,
}

impl Shape {
    /// The shape of the member `key` of an object of this shape; `None` for a field the
    /// context does not know.
    fn member(self, key: &str) -> Option<Shape> {
        let field = |known: &[&str]| known.contains(&key).then_some(Shape::Field);
        match self {
            Shape::Field => Some(Shape::Field),
            Shape::Root => match key {
                "now" => Some(Shape::Field),
                "account" => Some(Shape::Account),
                "number" => Some(Shape::Number),
                "persona" => Some(Shape::Persona),
                "conversation" => Some(Shape::Conversation),
                "idempotency" => Some(Shape::Idempotency),
                _ => None,
            },
            Shape::Account => field(&["numbers"]),
            Shape::Number => match key {
                "sms_config" | "whatsapp_config" | "imessage_config" => Some(Shape::Config),
                _ => field(&["phone_number"]),
            },
            Shape::Config => field(&CONFIG_FIELDS),
            Shape::Persona => match key {
                "production" | "draft" => Some(Shape::Config),
                "number_settings" => Some(Shape::NumberSettings),
                _ => field(&["id"]),
            },
            Shape::NumberSettings => field(&["pathway_id", "pathway_version", "start_node_id"]),
            Shape::Conversation => match key {
                "overrides" => Some(Shape::Overrides),
                _ => field(&[
                    "id",
                    "active",
                    "channel",
                    "pathway_id",
                    "pathway_version",
                    "current_node_id",
                    "last_user_message_at",
                ]),
            },
            Shape::Overrides => field(&["time_out", "timeout_message", "warning_time", "warning_message"]),
            Shape::Idempotency => field(&["key", "fingerprint"]),
        }
    }
}

/// Whether the value at `pointer` inside `context` is read by the context reading, so that a
/// fault found there (nested too deep, not JSON) concerns it. Unknown fields are ignored
/// entirely, contents and depth included; a known field or part of the wrong shape is still
/// judged whatever it holds (`"conversation": [[…]]`).
pub(crate) fn is_read(context: &Value, pointer: &str) -> bool {
    let Some(rest) = pointer.strip_prefix('/') else {
        return true;
    };
    let mut shape = Shape::Root;
    let mut value = context;
    for raw in rest.split('/') {
        if shape == Shape::Field {
            return true;
        }
        let Value::Object(map) = value else {
            return true;
        };
        let token: std::borrow::Cow<'_, str> = if raw.contains('~') {
            std::borrow::Cow::Owned(raw.replace("~1", "/").replace("~0", "~"))
        } else {
            std::borrow::Cow::Borrowed(raw)
        };
        let Some(next) = shape.member(&token) else {
            return false;
        };
        shape = next;
        match map.get(token.as_ref()) {
            Some(child) => value = child,
            None => return true,
        }
    }
    true
}

/// [`is_read`] for a place given as its path from the context's root, each step a key or
/// `None` for an array index (where the containers on the way are known but the value is
/// not complete yet, as while parsing).
pub(crate) fn is_read_path(steps: &[Option<&str>]) -> bool {
    let mut shape = Shape::Root;
    for step in steps {
        if shape == Shape::Field {
            return true;
        }
        // A known part or field holding an array is judged whatever the array holds.
        let Some(key) = step else {
            return true;
        };
        let Some(next) = shape.member(key) else {
            return false;
        };
        shape = next;
    }
    true
}

fn invalid(path: String, message: &str) -> Issue {
    Issue::new(
        Code::InvalidContext,
        Location::Context,
        path,
        format!("context {message}"),
    )
}

/// Parse the context. `skip` lists top-level parts already reported (too deep, not JSON),
/// which are treated as absent.
pub(crate) fn parse_context<'v>(value: &'v Value, skip: &[String], issues: &mut Vec<Issue>) -> Context<'v> {
    let mut context = Context::default();
    let map = match value {
        Value::Null => return context,
        Value::Object(map) => map,
        other => {
            issues.push(invalid(
                String::new(),
                &format!("must be an object, not {}", type_name(other)),
            ));
            return context;
        }
    };
    // One pass over the members instead of a hashed lookup per part; the parts are
    // independent, so their order does not matter (issues are sorted later).
    for (part, raw) in map {
        let part = part.as_str();
        if !PARTS.contains(&part) || skip.iter().any(|s| s == part) {
            continue;
        }
        let path_message =
            |(path, message): Fault| invalid(path.clone(), &format!("`{}` {message}", path.trim_start_matches('/')));
        match part {
            "conversation" => match raw {
                Value::Null => context.conversation = ConversationKnowledge::None,
                v => match parse_conversation(v) {
                    Ok(c) => context.conversation = ConversationKnowledge::Some(Box::new(c)),
                    Err(f) => issues.push(path_message(f)),
                },
            },
            _ if raw.is_null() => {}
            "now" => match raw {
                Value::String(s) => match parse_timestamp(s) {
                    Some(t) => context.now = Some(t),
                    None => issues.push(path_message(fault(
                        "/now",
                        "must be an RFC 3339 date-time with an offset",
                    ))),
                },
                other => issues.push(path_message(fault(
                    "/now",
                    format!("must be a string, not {}", type_name(other)),
                ))),
            },
            "account" => match parse_account(raw) {
                Ok(n) => context.account_numbers = Some(AccountNumbers::new(n)),
                Err(f) => issues.push(path_message(f)),
            },
            "number" => match parse_number(raw) {
                Ok(n) => context.number = Some(n),
                Err(f) => issues.push(path_message(f)),
            },
            "persona" => match parse_persona(raw) {
                Ok(p) => context.persona = Some(p),
                Err(f) => issues.push(path_message(f)),
            },
            "idempotency" => match parse_idempotency(raw) {
                Ok(r) => context.idempotency = Some(r),
                Err(f) => issues.push(path_message(f)),
            },
            // Not one of PARTS (skipped above).
            _ => {}
        }
    }
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Numbers at every level of phone check: valid, possible but not valid, E.164 but not
    /// possible, not E.164; and one number in two spellings (a trunk prefix after `+44`).
    const PHONES: [&str; 9] = [
        "+14155552671",
        "+442079460958",
        "+4402079460958",
        "+14150000000",
        "+1415555267",
        "+999123456",
        "+1",
        "14155552671",
        "+0123",
    ];

    proptest::proptest! {
        /// The first bad entry at each level, found once, is where a check of every entry at
        /// that level would stop.
        #[test]
        fn account_numbers_know_their_first_bad_entry(picks in proptest::collection::vec(0usize..9, 0..6)) {
            let numbers: Vec<&str> = picks.iter().filter_map(|&i| PHONES.get(i).copied()).collect();
            let account = AccountNumbers::new(numbers.clone());
            for level in [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164] {
                let expected = numbers.iter().position(|n| check_e164(n, level).is_err());
                proptest::prop_assert_eq!(account.first_bad(level), expected, "{:?} {:?}", level, numbers);
                // Vouching never contradicts the check, and covers every entry that passes.
                for number in PHONES {
                    let vouched = account.vouch_for(number, level);
                    let checked = check_canonical(number, level);
                    proptest::prop_assert!(vouched.is_none() || checked.is_ok(), "{} {:?}", number, level);
                    proptest::prop_assert_eq!(vouched.is_some(), checked.is_ok() && numbers.contains(&number));
                    // The entry's canonical form is the one the number would get alone.
                    if let Some(form) = vouched {
                        proptest::prop_assert_eq!(Ok(form), checked);
                    }
                    let form = canonical_e164(number);
                    let same = numbers.iter().any(|n| canonical_e164(n).of(n) == form.of(number));
                    proptest::prop_assert_eq!(account.holds(form.of(number)), same);
                }
            }
        }
    }

    #[test]
    fn the_phone_pool_covers_every_level() {
        let strongest = |n: &str| {
            [PhoneCheck::Valid, PhoneCheck::Possible, PhoneCheck::E164]
                .into_iter()
                .position(|level| check_e164(n, level).is_ok())
        };
        let levels: std::collections::BTreeSet<Option<usize>> = PHONES.iter().map(|n| strongest(n)).collect();
        assert_eq!(levels.len(), 4, "{levels:?}");
    }

    fn parse(v: &Value) -> (Context<'_>, Vec<Issue>) {
        let mut issues = Vec::new();
        let c = parse_context(v, &[], &mut issues);
        (c, issues)
    }

    #[test]
    fn full_context_parses() {
        let value = json!({
            "now": "2026-11-27T12:00:00Z",
            "account": {"numbers": ["+14155550000"]},
            "number": {"phone_number": "+14155550000", "sms_config": {"time_out": 600, "pathway_version": "latest"}, "whatsapp_config": null},
            "persona": {"id": "x", "production": {"objective": "hi"}, "number_settings": {"pathway_id": "p"}},
            "conversation": {"id": "c", "active": true, "overrides": {"time_out": 5}, "last_user_message_at": null},
            "idempotency": {"key": "k", "fingerprint": "sha256:00"},
            "extra": 1
        });
        let (c, issues) = parse(&value);
        assert!(issues.is_empty(), "{issues:?}");
        let number = c.number.unwrap();
        assert_eq!(number.sms.unwrap().pathway_version, Some(json!("latest")));
        assert!(number.whatsapp.is_none());
        assert!(matches!(c.conversation, ConversationKnowledge::Some(_)));
        assert_eq!(c.persona.unwrap().number_settings.unwrap().pathway_id, Some("p"));
    }

    #[test]
    fn faults_point_deep_and_drop_the_part() {
        let value = json!({
            "now": "2026-11-27 12:00:00",
            "number": {"phone_number": "+1", "sms_config": {"time_out": "600"}},
            "conversation": {"id": "c"},
            "account": {"numbers": ["+1", 5]}
        });
        let (c, issues) = parse(&value);
        // One issue per part, in the members' order (the envelope sorts them).
        let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "/now",
                "/number/sms_config/time_out",
                "/conversation/active",
                "/account/numbers/1"
            ]
        );
        assert!(c.number.is_none() && c.now.is_none() && c.account_numbers.is_none());
        assert_eq!(c.conversation, ConversationKnowledge::Unknown);
        assert!(issues
            .iter()
            .all(|i| i.location == Location::Context && i.error == Code::InvalidContext));
    }

    #[test]
    fn id_list_entries_must_be_strings() {
        for (ids, reported) in [
            (json!(["a", 7]), Some("/persona/draft/disposition_ids/1")),
            (json!([null]), Some("/persona/draft/disposition_ids/0")),
            (json!(["a", ""]), None),
        ] {
            let value = json!({"persona": {"id": "p", "production": {}, "draft": {"disposition_ids": ids}}});
            let (c, issues) = parse(&value);
            let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
            assert_eq!(paths, reported.into_iter().collect::<Vec<_>>());
            assert_eq!(c.persona.is_none(), reported.is_some());
        }
        // A bad entry is still a fault of its field, ordered among the config's fields.
        let value = json!({"number": {"phone_number": "+1", "sms_config": {"citation_schema_ids": [1], "disposition_ids": [true]}}});
        let (_, issues) = parse(&value);
        let reported: Vec<_> = issues.iter().map(|i| (i.path.as_str(), i.message.as_str())).collect();
        assert_eq!(
            reported,
            vec![(
                "/number/sms_config/disposition_ids/0",
                "context `number/sms_config/disposition_ids/0` must be a string, not a boolean"
            )]
        );
    }

    #[test]
    fn a_config_reports_its_first_bad_field_in_check_order() {
        // Member order must not matter: `timeout_action` is checked before `webhook`, which
        // is checked before `disposition_ids`.
        for value in [
            json!({"number": {"phone_number": "+1", "sms_config": {"disposition_ids": 1, "webhook": 2, "timeout_action": 3}}}),
            json!({"number": {"phone_number": "+1", "sms_config": {"timeout_action": 3, "webhook": 2, "disposition_ids": 1}}}),
        ] {
            let (c, issues) = parse(&value);
            assert!(c.number.is_none());
            let reported: Vec<_> = issues.iter().map(|i| (i.path.as_str(), i.message.as_str())).collect();
            assert_eq!(
                reported,
                vec![(
                    "/number/sms_config/timeout_action",
                    "context `number/sms_config/timeout_action` must be a string, not a number"
                )]
            );
        }
        let value = json!({"number": {"phone_number": "+1", "sms_config": {
            "tools": [], "temperature": 0.2, "restart_after_end_call": true, "timezone": "UTC",
            "pathway_version": 2.0, "request_data": 7, "citation_schema_ids": ["c"], "unknown": {}
        }}});
        let (c, issues) = parse(&value);
        assert!(issues.is_empty(), "{issues:?}");
        let sms = c.number.unwrap().sms.unwrap();
        assert_eq!(sms.pathway_version, Some(json!(2)));
        assert_eq!(sms.request_data, Some(&json!(7)));
        assert_eq!(sms.citation_schema_ids, Some(&vec![json!("c")]));
    }

    /// The path to `pointer` in `context`: a key for each object on the way, `None` for
    /// each array.
    fn path_steps(context: &Value, pointer: &str) -> Vec<Option<String>> {
        let mut steps = Vec::new();
        let mut value = context;
        for raw in pointer.split('/').skip(1) {
            let token = raw.replace("~1", "/").replace("~0", "~");
            match value {
                Value::Array(items) => {
                    steps.push(None);
                    value = items.get(token.parse::<usize>().unwrap()).unwrap_or(&Value::Null);
                }
                _ => {
                    value = value.get(&token).unwrap_or(&Value::Null);
                    steps.push(Some(token));
                }
            }
        }
        steps
    }

    #[test]
    fn only_known_fields_are_read() {
        let context = json!({
            "extra": [[1]],
            "a/b": {"c": 1},
            "number": {"phone_number": "+1", "note": {"x": 1}, "sms_config": {"request_data": {"k": [1]}, "mine": [1]}},
            "persona": {"id": "p", "draft": {"tools": [[2]]}, "number_settings": {"pathway_id": "x", "other": 1}},
            "conversation": [[3]],
            "idempotency": {"key": "k", "more": {}}
        });
        for (pointer, read) in [
            ("", true),
            ("/extra/0/0", false),
            ("/a~1b/c", false),
            ("/now", true),
            ("/number/note/x", false),
            ("/number/phone_number", true),
            ("/number/sms_config/request_data/k/0", true),
            ("/number/sms_config/mine/0", false),
            ("/persona/draft/tools/0/0", true),
            ("/persona/number_settings/other", false),
            // A known part of the wrong shape is judged whatever it holds.
            ("/conversation/0/0", true),
            ("/idempotency/more", false),
            ("/idempotency/key", true),
        ] {
            assert_eq!(is_read(&context, pointer), read, "{pointer}");
            // The same place as the path a parser knows: keys, and `None` for array indices.
            let steps = path_steps(&context, pointer);
            let steps: Vec<Option<&str>> = steps.iter().map(Option::as_deref).collect();
            assert_eq!(is_read_path(&steps), read, "{pointer} as a path");
        }
        // The tokens of a pointer are unescaped before they are looked up.
        let escaped = json!({"number": {"phone_number": "+1", "sms~config": {"x": 1}}});
        assert!(!is_read(&escaped, "/number/sms~0config/x"));
    }

    #[test]
    fn null_conversation_means_none() {
        assert_eq!(
            parse(&json!({"conversation": null})).0.conversation,
            ConversationKnowledge::None
        );
        assert_eq!(parse(&json!({})).0.conversation, ConversationKnowledge::Unknown);
    }

    #[test]
    fn timestamps_are_strict() {
        assert!(parse_timestamp("2026-11-27T12:00:00Z").is_some());
        assert!(parse_timestamp("2026-11-27T12:00:00+02:00").is_some());
        assert!(parse_timestamp("2026-11-27T12:00:00").is_none());
        assert!(parse_timestamp("2026-11-27").is_none());
    }

    #[test]
    fn timestamps_take_exactly_one_t_or_space_between_date_and_time() {
        let instant = parse_timestamp("2026-12-07T09:00:00Z").unwrap();
        for separator in ["T", "t", " "] {
            for rest in ["09:00:00Z", "11:00:00+02:00", "09:00:00.000Z"] {
                let text = format!("2026-12-07{separator}{rest}");
                assert_eq!(parse_timestamp(&text), Some(instant), "{text:?}");
            }
        }
        for separator in ["_", "x", "/", ".", "\t", "  ", "TT", "", "-", "\u{a0}", "Z", "\n", "é"] {
            let text = format!("2026-12-07{separator}09:00:00Z");
            assert_eq!(parse_timestamp(&text), None, "{text:?}");
        }
        // Any length of fraction the `T` spelling takes, the space spelling takes too.
        let long = format!("09:00:00.{}Z", "0".repeat(80));
        assert_eq!(
            parse_timestamp(&format!("2026-12-07 {long}")),
            parse_timestamp(&format!("2026-12-07T{long}"))
        );
    }
}
