//! The rules that look at several fields at once or at effective values (docs/src/rules/index.md,
//! docs/src/edge-cases.md): the numbers against each other and the account, the persona and
//! its version, the channel's provisioning, the message, timeouts, the WhatsApp window, the
//! resumed conversation's channel, and idempotency. Resolution (`resolve.rs`) works out
//! which layer supplies each value and calls these with what it found.

use crate::code::Code;
use crate::context::{
    Channel, ChannelConfig, Context, Conversation, ConversationKnowledge, NumberContext, PersonaContext,
};
use crate::issue::{Issue, Location};
use crate::phone::PhoneCheck;
use crate::request::{PersonaVersion, Request};
use crate::resolve::{body, ctx, ContextPointer, Resolved, Sink};
use serde_json::{Number, Value};

/// `SAME_NUMBER`, the account's numbers (`AGENT_NUMBER_NOT_FOUND`, a bad entry), and the
/// context's number record, which is the agent number's or is not used. Both request numbers
/// are in canonical form (a trunk-prefix spelling is the same number), and the context's are
/// compared in theirs.
pub(crate) fn numbers<'c>(
    user: Option<&str>,
    agent: Option<&str>,
    context: &'c Context<'c>,
    phone_check: PhoneCheck,
    sink: &mut Sink<'_>,
) -> Option<&'c NumberContext<'c>> {
    if let (Some(u), Some(a)) = (user, agent) {
        if u == a {
            sink.errors.push(body(
                Code::SameNumber,
                "/user_number",
                "`user_number` must differ from `agent_number`",
            ));
        }
    }
    if let Some(account) = &context.account_numbers {
        match account.first_bad(phone_check) {
            Some(i) => sink.errors.push(ctx(
                Code::InvalidContext,
                &format!("/account/numbers/{i}"),
                "context `account.numbers` entries must be valid E.164 numbers",
            )),
            None => {
                if let Some(a) = agent {
                    if !account.holds(a) {
                        sink.errors.push(body(
                            Code::AgentNumberNotFound,
                            "/agent_number",
                            "`agent_number` is not one of the account's numbers",
                        ));
                    }
                }
            }
        }
    }
    match (&context.number, agent) {
        (Some(n), Some(a)) if n.phone_number_canonical.of(n.phone_number) != a => {
            sink.errors.push(ctx(
                Code::InvalidContext,
                "/number/phone_number",
                "context `number.phone_number` is not the request's `agent_number`",
            ));
            None
        }
        (n, _) => n.as_ref(),
    }
}

/// The context's persona when it is the request's (docs/src/rules/index.md#persona).
pub(crate) fn persona<'c>(
    context: &'c Context<'c>,
    persona_id: Option<&str>,
    sink: &mut Sink<'_>,
) -> Option<&'c PersonaContext<'c>> {
    match (&context.persona, persona_id) {
        (Some(p), Some(id)) if !p.id.eq_ignore_ascii_case(id) => {
            sink.errors.push(ctx(
                Code::InvalidContext,
                "/persona/id",
                "context `persona.id` is not the request's `persona_id`",
            ));
            None
        }
        (Some(p), Some(_)) => Some(p),
        _ => None,
    }
}

/// The persona's config of the requested version (`Some(None)`: the persona has no such
/// version, `VERSION_NOT_FOUND`); `None` without a known persona.
pub(crate) fn persona_version<'c>(
    persona: Option<&'c PersonaContext<'c>>,
    version: PersonaVersion,
    sink: &mut Sink<'_>,
) -> Option<Option<&'c ChannelConfig<'c>>> {
    let version_config = persona.map(|p| match version {
        PersonaVersion::Production => p.production.as_ref(),
        PersonaVersion::Draft => p.draft.as_ref(),
    });
    if version_config == Some(None) {
        sink.errors.push(
            body(
                Code::VersionNotFound,
                "/persona_version",
                format!("the persona has no `{}` version", version.as_str()),
            )
            .with("version", version.as_str()),
        );
    }
    version_config
}

/// `persona_version` and `persona_settings` given without a `persona_id`.
pub(crate) fn persona_fields_without_persona(req: &Request<'_>, sink: &mut Sink<'_>) {
    if req.persona_id.given() {
        return;
    }
    if req.persona_version.given() {
        sink.warnings.push(body(
            Code::PersonaVersionWithoutPersona,
            "/persona_version",
            "`persona_version` has no effect without `persona_id`",
        ));
    }
    if req.persona_settings.given() {
        sink.warnings.push(body(
            Code::PersonaSettingsWithoutPersona,
            "/persona_settings",
            "`persona_settings` without `persona_id`: its pathway fields still apply to this send",
        ));
    }
}

/// `CHANNEL_NOT_CONFIGURED`: the effective channel has no config on the agent's number.
pub(crate) fn channel_provisioned(
    req: &Request<'_>,
    number: Option<&NumberContext<'_>>,
    channel: Option<Channel>,
    sink: &mut Sink<'_>,
) {
    if let (Some(n), Some(c)) = (number, channel) {
        if n.config(c).is_none() {
            let message = format!("the number is not provisioned for `{}`", c.as_str());
            let issue = channel_issue(req, Code::ChannelNotConfigured, "/number", message);
            sink.errors.push(issue.with("channel", c.as_str()));
        }
    }
}

/// An issue about the effective channel: at the request's `channel` when the request chose
/// it, else at `context_path`, where the context chose it.
fn channel_issue(req: &Request<'_>, code: Code, context_path: &str, message: String) -> Issue {
    if req.channel.valid().is_some() {
        body(code, "/channel", message)
    } else {
        ctx(code, context_path, message)
    }
}

/// What is sent (docs/src/rules/index.md#message-content): one of text and template,
/// variables only with a template, and something to send when the base config is known.
pub(crate) fn message(req: &Request<'_>, base_known: bool, pathway: bool, objective: bool, sink: &mut Sink<'_>) {
    if req.agent_message.given() && req.content_sid.given() {
        sink.errors.push(body(
            Code::ConflictingMessage,
            "/content_sid",
            "give either `agent_message` or `content_sid`, not both",
        ));
    }
    if req.content_variables.given() && !req.content_sid.given() {
        sink.errors.push(body(
            Code::ContentVariablesWithoutTemplate,
            "/content_variables",
            "`content_variables` needs a `content_sid` template",
        ));
    }
    if base_known && !req.agent_message.given() && !req.content_sid.given() && !pathway && !objective {
        sink.errors.push(body(
            Code::NothingToSend,
            "/agent_message",
            "nothing to send: no `agent_message`, no `content_sid`, and no pathway or objective in effect",
        ));
    }
}

/// `INVALID_TIMEOUT_CONFIG` on effective values and the `UNUSED_*` warnings (docs/src/rules/index.md#timeouts, docs/src/edge-cases.md).
pub(crate) fn timeouts(
    req: &Request<'_>,
    time_out: &Option<Resolved<Number>>,
    warning_time: &Option<Resolved<Number>>,
    base_known: bool,
    sink: &mut Sink<'_>,
) {
    if let Some(w) = warning_time {
        let warning = w.value.as_f64().unwrap_or(0.0);
        let fault = match time_out {
            Some(t) => {
                let limit = t.value.as_f64().unwrap_or(0.0);
                (warning >= limit).then(|| {
                    (
                        format!("warning_time ({}) must be less than time_out ({})", w.value, t.value),
                        Some(t.value.clone()),
                    )
                })
            }
            // Without a known base config the server may still supply a time_out.
            None if base_known => Some(("warning_time is set but no time_out is in effect".to_owned(), None)),
            None => None,
        };
        if let Some((message, limit)) = fault {
            let issue = if req.warning_time.valid().is_some() {
                body(Code::InvalidTimeoutConfig, "/warning_time", message)
            } else if req.time_out.valid().is_some() {
                body(Code::InvalidTimeoutConfig, "/time_out", message)
            } else {
                ctx(
                    Code::InvalidTimeoutConfig,
                    &w.context_path.map(ContextPointer::text).unwrap_or_default(),
                    message,
                )
            };
            let issue = issue
                .with("warning_time", Value::Number(w.value.clone()))
                .with("warning_time_source", w.source)
                .with("time_out", limit.map_or(Value::Null, Value::Number))
                .with(
                    "time_out_source",
                    time_out.as_ref().map_or(Value::Null, |t| Value::from(t.source)),
                );
            sink.errors.push(issue);
        }
    }
    if base_known {
        if req.timeout_message.valid().is_some() && time_out.is_none() {
            sink.warnings.push(body(
                Code::UnusedTimeoutMessage,
                "/timeout_message",
                "`timeout_message` is never sent: no `time_out` is in effect",
            ));
        }
        if req.warning_message.valid().is_some() && warning_time.is_none() {
            sink.warnings.push(body(
                Code::UnusedWarningMessage,
                "/warning_message",
                "`warning_message` is never sent: no `warning_time` is in effect",
            ));
        }
    }
}

/// `WHATSAPP_TEMPLATE_REQUIRED` (docs/src/rules/index.md#message-content, docs/src/edge-cases.md#conversation).
pub(crate) fn whatsapp_window(req: &Request<'_>, context: &Context, channel: Option<Channel>, sink: &mut Sink<'_>) {
    if channel != Some(Channel::Whatsapp) || req.content_sid.given() {
        return;
    }
    let Some(now) = context.now else { return };
    let last = match &context.conversation {
        ConversationKnowledge::Unknown => return,
        ConversationKnowledge::None => None,
        ConversationKnowledge::Some(c) => c.last_user_message_at,
    };
    let open = last.is_some_and(|t| now - t < time::Duration::hours(24));
    if !open {
        sink.errors.push(body(
            Code::WhatsappTemplateRequired,
            "/content_sid",
            "the WhatsApp 24-hour window is closed: only a `content_sid` template may be sent",
        ));
    }
}

/// `CHANNEL_MISMATCH`: the resumed conversation runs on another channel than this send.
pub(crate) fn conversation_channel(
    req: &Request<'_>,
    resumed: Option<&Conversation<'_>>,
    channel: Option<Channel>,
    sink: &mut Sink<'_>,
) {
    if let (Some(conv), Some(c)) = (resumed, channel) {
        if let Some(conv_channel) = conv.channel {
            if conv_channel != c {
                let message = format!(
                    "the resumed conversation runs on `{}`, this send on `{}`",
                    conv_channel.as_str(),
                    c.as_str()
                );
                sink.warnings.push(channel_issue(
                    req,
                    Code::ChannelMismatch,
                    "/conversation/channel",
                    message,
                ));
            }
        }
    }
}

/// Idempotency (docs/src/rules/index.md#idempotency): true for a replay of the stored body,
/// `IDEMPOTENCY_KEY_REUSED` for the key with another body.
pub(crate) fn idempotency(key: Option<&str>, fingerprint: &str, context: &Context<'_>, sink: &mut Sink<'_>) -> bool {
    let (Some(key), Some(record)) = (key, &context.idempotency) else {
        return false;
    };
    if record.key != key {
        return false;
    }
    if record.fingerprint == fingerprint {
        return true;
    }
    sink.errors.push(Issue::new(
        Code::IdempotencyKeyReused,
        Location::Header,
        "/idempotency-key",
        "this idempotency key was used before with a different body",
    ));
    false
}
