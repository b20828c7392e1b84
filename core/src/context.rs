//! The context (SPEC §1.2): what the server knows. Each malformed top-level part is one
//! `INVALID_CONTEXT` at the deepest path that shows the fault, and that part is then absent.

use crate::code::Code;
use crate::issue::{Issue, Location};
use crate::pointer;
use crate::values::{as_integer, type_name};
use serde_json::{Map, Number, Value};
use time::OffsetDateTime;

/// A channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    /// SMS.
    Sms,
    /// WhatsApp.
    Whatsapp,
    /// iMessage.
    Imessage,
}

impl Channel {
    /// The wire spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::Imessage => "imessage",
        }
    }

    /// The channel spelled `s`.
    pub fn parse(s: &str) -> Option<Channel> {
        match s {
            "sms" => Some(Channel::Sms),
            "whatsapp" => Some(Channel::Whatsapp),
            "imessage" => Some(Channel::Imessage),
            _ => None,
        }
    }

    /// The key of this channel's config on a number.
    pub const fn config_key(self) -> &'static str {
        match self {
            Channel::Sms => "sms_config",
            Channel::Whatsapp => "whatsapp_config",
            Channel::Imessage => "imessage_config",
        }
    }
}

/// A number's channel config or a persona version (the same shape).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChannelConfig {
    /// `webhook` (trusted, not checked).
    pub webhook: Option<String>,
    /// `request_data`, whatever JSON it is.
    pub request_data: Option<Value>,
    /// `time_out`.
    pub time_out: Option<Number>,
    /// `timeout_message`.
    pub timeout_message: Option<String>,
    /// `warning_time`.
    pub warning_time: Option<Number>,
    /// `warning_message`.
    pub warning_message: Option<String>,
    /// `objective`.
    pub objective: Option<String>,
    /// `pathway_id`.
    pub pathway_id: Option<String>,
    /// `pathway_version`: an integer or a string such as `"latest"`.
    pub pathway_version: Option<Value>,
    /// `start_node_id`.
    pub start_node_id: Option<String>,
    /// `disposition_ids`.
    pub disposition_ids: Option<Vec<Value>>,
    /// `citation_schema_ids`.
    pub citation_schema_ids: Option<Vec<Value>>,
}

/// `context.number`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberContext {
    /// `phone_number`.
    pub phone_number: String,
    /// `sms_config` (`None`: not provisioned).
    pub sms: Option<ChannelConfig>,
    /// `whatsapp_config`.
    pub whatsapp: Option<ChannelConfig>,
    /// `imessage_config`.
    pub imessage: Option<ChannelConfig>,
}

impl NumberContext {
    /// The config of `channel`, if provisioned.
    pub fn config(&self, channel: Channel) -> Option<&ChannelConfig> {
        match channel {
            Channel::Sms => self.sms.as_ref(),
            Channel::Whatsapp => self.whatsapp.as_ref(),
            Channel::Imessage => self.imessage.as_ref(),
        }
    }
}

/// Pathway fields of one layer.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathwayFields {
    /// `pathway_id`.
    pub pathway_id: Option<String>,
    /// `pathway_version` (integer or string).
    pub pathway_version: Option<Value>,
    /// `start_node_id` (a conversation's `current_node_id`).
    pub start_node_id: Option<String>,
}

/// `context.persona`.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonaContext {
    /// `id`.
    pub id: String,
    /// `production` (`None`: missing or null).
    pub production: Option<ChannelConfig>,
    /// `draft`.
    pub draft: Option<ChannelConfig>,
    /// `number_settings`.
    pub number_settings: Option<PathwayFields>,
}

/// The four timeout fields of a conversation's `overrides`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimeoutOverrides {
    /// `time_out`.
    pub time_out: Option<Number>,
    /// `timeout_message`.
    pub timeout_message: Option<String>,
    /// `warning_time`.
    pub warning_time: Option<Number>,
    /// `warning_message`.
    pub warning_message: Option<String>,
}

/// `context.conversation` when it is an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// `id`.
    pub id: String,
    /// `active`.
    pub active: bool,
    /// `channel`.
    pub channel: Option<Channel>,
    /// Pathway state (`current_node_id` as the start node).
    pub pathway: PathwayFields,
    /// `overrides`.
    pub overrides: TimeoutOverrides,
    /// `last_user_message_at`.
    pub last_user_message_at: Option<OffsetDateTime>,
}

/// What the context says about the latest conversation.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ConversationKnowledge {
    /// The key is missing: unknown.
    #[default]
    Unknown,
    /// `"conversation": null`: there is none.
    None,
    /// There is one.
    Some(Box<Conversation>),
}

/// `context.idempotency`.
#[derive(Debug, Clone, PartialEq)]
pub struct IdempotencyRecord {
    /// `key`.
    pub key: String,
    /// `fingerprint`.
    pub fingerprint: String,
}

/// The typed context.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Context {
    /// `now`.
    pub now: Option<OffsetDateTime>,
    /// `account.numbers`.
    pub account_numbers: Option<Vec<String>>,
    /// `number`.
    pub number: Option<NumberContext>,
    /// `persona`.
    pub persona: Option<PersonaContext>,
    /// `conversation`.
    pub conversation: ConversationKnowledge,
    /// `idempotency`.
    pub idempotency: Option<IdempotencyRecord>,
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

fn opt_string(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<String>, Fault> {
    match member(map, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(fault(
            &pointer::join(base, key),
            format!("must be a string, not {}", type_name(other)),
        )),
    }
}

fn req_string(map: &Map<String, Value>, key: &str, base: &str) -> Result<String, Fault> {
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

fn opt_typed(map: &Map<String, Value>, key: &str, base: &str, ok: fn(&Value) -> bool, what: &str) -> Result<(), Fault> {
    match member(map, key) {
        Some(v) if !ok(v) => Err(fault(
            &pointer::join(base, key),
            format!("must be {what}, not {}", type_name(v)),
        )),
        _ => Ok(()),
    }
}

fn opt_pathway_version(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<Value>, Fault> {
    match member(map, key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(Value::String(s.clone()))),
        Some(Value::Number(n)) if as_integer(n).is_some_and(|i| i >= 0) => {
            Ok(Some(Value::Number(crate::values::integral_number(n))))
        }
        Some(other) => Err(fault(
            &pointer::join(base, key),
            format!("must be a non-negative integer or a string, not {}", type_name(other)),
        )),
    }
}

fn opt_id_list(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<Vec<Value>>, Fault> {
    match member(map, key) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items.clone())),
        Some(other) => Err(fault(
            &pointer::join(base, key),
            format!("must be an array, not {}", type_name(other)),
        )),
    }
}

fn channel_config(value: &Value, path: &str) -> Result<ChannelConfig, Fault> {
    let map = object(value, path)?;
    opt_string(map, "timeout_action", path)?;
    opt_string(map, "messaging_service_sid", path)?;
    opt_string(map, "timezone", path)?;
    opt_string(map, "summary_prompt", path)?;
    opt_typed(map, "tools", path, Value::is_array, "an array")?;
    opt_typed(map, "temperature", path, Value::is_number, "a number")?;
    opt_typed(map, "restart_after_end_call", path, Value::is_boolean, "a boolean")?;
    Ok(ChannelConfig {
        webhook: opt_string(map, "webhook", path)?,
        request_data: member(map, "request_data").cloned(),
        time_out: opt_number(map, "time_out", path)?,
        timeout_message: opt_string(map, "timeout_message", path)?,
        warning_time: opt_number(map, "warning_time", path)?,
        warning_message: opt_string(map, "warning_message", path)?,
        objective: opt_string(map, "objective", path)?,
        pathway_id: opt_string(map, "pathway_id", path)?,
        pathway_version: opt_pathway_version(map, "pathway_version", path)?,
        start_node_id: opt_string(map, "start_node_id", path)?,
        disposition_ids: opt_id_list(map, "disposition_ids", path)?,
        citation_schema_ids: opt_id_list(map, "citation_schema_ids", path)?,
    })
}

fn opt_config(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<ChannelConfig>, Fault> {
    member(map, key)
        .map(|v| channel_config(v, &pointer::join(base, key)))
        .transpose()
}

/// Strict RFC 3339 date-time with an offset (`Z` or `±hh:mm`).
pub fn parse_timestamp(s: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).ok()
}

fn opt_timestamp(map: &Map<String, Value>, key: &str, base: &str) -> Result<Option<OffsetDateTime>, Fault> {
    match opt_string(map, key, base)? {
        None => Ok(None),
        Some(s) => parse_timestamp(&s).map(Some).ok_or_else(|| {
            fault(
                &pointer::join(base, key),
                "must be an RFC 3339 date-time with an offset",
            )
        }),
    }
}

fn pathway_fields(map: &Map<String, Value>, base: &str, node_key: &str) -> Result<PathwayFields, Fault> {
    Ok(PathwayFields {
        pathway_id: opt_string(map, "pathway_id", base)?,
        pathway_version: opt_pathway_version(map, "pathway_version", base)?,
        start_node_id: opt_string(map, node_key, base)?,
    })
}

fn parse_number(value: &Value) -> Result<NumberContext, Fault> {
    let map = object(value, "/number")?;
    Ok(NumberContext {
        phone_number: req_string(map, "phone_number", "/number")?,
        sms: opt_config(map, "sms_config", "/number")?,
        whatsapp: opt_config(map, "whatsapp_config", "/number")?,
        imessage: opt_config(map, "imessage_config", "/number")?,
    })
}

fn parse_persona(value: &Value) -> Result<PersonaContext, Fault> {
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

fn parse_conversation(value: &Value) -> Result<Conversation, Fault> {
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
            Channel::parse(&s)
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

fn parse_idempotency(value: &Value) -> Result<IdempotencyRecord, Fault> {
    let map = object(value, "/idempotency")?;
    Ok(IdempotencyRecord {
        key: req_string(map, "key", "/idempotency")?,
        fingerprint: req_string(map, "fingerprint", "/idempotency")?,
    })
}

fn parse_account(value: &Value) -> Result<Vec<String>, Fault> {
    let map = object(value, "/account")?;
    match member(map, "numbers") {
        None => Err(fault("/account/numbers", "is required")),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| match item {
                Value::String(s) => Ok(s.clone()),
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
pub const PARTS: [&str; 6] = ["now", "account", "number", "persona", "conversation", "idempotency"];

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
pub fn parse_context(value: &Value, skip: &[String], issues: &mut Vec<Issue>) -> Context {
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
    for part in PARTS {
        if skip.iter().any(|s| s == part) {
            continue;
        }
        let Some(raw) = map.get(part) else { continue };
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
                Ok(n) => context.account_numbers = Some(n),
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
            _ => match parse_idempotency(raw) {
                Ok(r) => context.idempotency = Some(r),
                Err(f) => issues.push(path_message(f)),
            },
        }
    }
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> (Context, Vec<Issue>) {
        let mut issues = Vec::new();
        let c = parse_context(&v, &[], &mut issues);
        (c, issues)
    }

    #[test]
    fn full_context_parses() {
        let (c, issues) = parse(json!({
            "now": "2026-11-27T12:00:00Z",
            "account": {"numbers": ["+14155550000"]},
            "number": {"phone_number": "+14155550000", "sms_config": {"time_out": 600, "pathway_version": "latest"}, "whatsapp_config": null},
            "persona": {"id": "x", "production": {"objective": "hi"}, "number_settings": {"pathway_id": "p"}},
            "conversation": {"id": "c", "active": true, "overrides": {"time_out": 5}, "last_user_message_at": null},
            "idempotency": {"key": "k", "fingerprint": "sha256:00"},
            "extra": 1
        }));
        assert!(issues.is_empty(), "{issues:?}");
        let number = c.number.unwrap();
        assert_eq!(number.sms.unwrap().pathway_version, Some(json!("latest")));
        assert!(number.whatsapp.is_none());
        assert!(matches!(c.conversation, ConversationKnowledge::Some(_)));
        assert_eq!(
            c.persona.unwrap().number_settings.unwrap().pathway_id.as_deref(),
            Some("p")
        );
    }

    #[test]
    fn faults_point_deep_and_drop_the_part() {
        let (c, issues) = parse(json!({
            "now": "2026-11-27 12:00:00",
            "number": {"phone_number": "+1", "sms_config": {"time_out": "600"}},
            "conversation": {"id": "c"},
            "account": {"numbers": ["+1", 5]}
        }));
        let paths: Vec<_> = issues.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "/now",
                "/account/numbers/1",
                "/number/sms_config/time_out",
                "/conversation/active"
            ]
        );
        assert!(c.number.is_none() && c.now.is_none() && c.account_numbers.is_none());
        assert_eq!(c.conversation, ConversationKnowledge::Unknown);
        assert!(issues
            .iter()
            .all(|i| i.location == Location::Context && i.error == Code::InvalidContext));
    }

    #[test]
    fn null_conversation_means_none() {
        assert_eq!(
            parse(json!({"conversation": null})).0.conversation,
            ConversationKnowledge::None
        );
        assert_eq!(parse(json!({})).0.conversation, ConversationKnowledge::Unknown);
    }

    #[test]
    fn timestamps_are_strict() {
        assert!(parse_timestamp("2026-11-27T12:00:00Z").is_some());
        assert!(parse_timestamp("2026-11-27T12:00:00+02:00").is_some());
        assert!(parse_timestamp("2026-11-27T12:00:00").is_none());
        assert!(parse_timestamp("2026-11-27").is_none());
    }
}
