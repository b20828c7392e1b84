//! Resolution (docs/src/resolution.md): which layer supplies each value, and the plan
//! (docs/src/plan.md). The rules that need effective values are in `cross_field.rs`; this
//! module calls them with what it resolved.

use crate::code::Code;
use crate::context::{Channel, ChannelConfig, Context, Conversation, ConversationKnowledge};
use crate::cross_field as rules;
use crate::issue::{Issue, Location};
use crate::phone::PhoneCheck;
use crate::plan::{ConversationPlan, IdsPlan, MessagePlan, Plan, RequestDataPlan, Scalar, Sourced};
use crate::request::{Field, PersonaVersion, Request};
use crate::source::Source;
use serde_json::{Map, Number, Value};

/// What one check resolves against, besides the request.
#[derive(Debug)]
pub(crate) struct Inputs<'a> {
    /// The typed context.
    pub context: &'a Context<'a>,
    /// The valid idempotency key from the headers.
    pub idempotency_key: Option<&'a str>,
    /// The request's fingerprint.
    pub fingerprint: &'a str,
    /// `options.phone_check`, for `account.numbers`.
    pub phone_check: PhoneCheck,
    /// Whether the caller uses the plan; when not, resolution stops once every rule has run.
    pub want_plan: bool,
}

/// The base config (docs/src/resolution.md#base-config) when known (docs/src/edge-cases.md).
struct Base<'a> {
    config: &'a ChannelConfig<'a>,
    source: Source,
    /// Context pointer of the config object, e.g. `/number/sms_config`.
    path: ContextPointer,
}

/// A context pointer kept as its (static) tokens until an issue needs it as text: most
/// resolved values never go into an issue, so formatting each one would be wasted work.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ContextPointer([&'static str; 3]);

impl ContextPointer {
    /// `parent` (up to two tokens) with one more token.
    fn child(self, name: &'static str) -> ContextPointer {
        let ContextPointer([first, second, _]) = self;
        if second.is_empty() {
            ContextPointer([first, name, ""])
        } else {
            ContextPointer([first, second, name])
        }
    }

    /// The RFC 6901 text (every token is a fixed field name with nothing to escape).
    pub(crate) fn text(self) -> String {
        let mut text = String::new();
        for token in self.0.iter().filter(|token| !token.is_empty()) {
            text.push('/');
            text.push_str(token);
        }
        text
    }
}

/// `/conversation/overrides`.
const OVERRIDES: ContextPointer = ContextPointer(["conversation", "overrides", ""]);

/// A resolved value and its layer; `context_path` is set when it came from the context.
pub(crate) struct Resolved<T> {
    pub(crate) value: T,
    pub(crate) source: Source,
    pub(crate) context_path: Option<ContextPointer>,
}

impl<T> Resolved<T> {
    fn sourced(self) -> Sourced<T> {
        Sourced {
            value: self.value,
            source: self.source,
        }
    }
}

pub(crate) fn body(code: Code, path: &str, message: impl Into<String>) -> Issue {
    Issue::new(code, Location::Body, path, message)
}

pub(crate) fn ctx(code: Code, path: &str, message: impl Into<String>) -> Issue {
    Issue::new(code, Location::Context, path, message)
}

/// Collects issues while resolving.
pub(crate) struct Sink<'a> {
    pub(crate) errors: &'a mut Vec<Issue>,
    pub(crate) warnings: &'a mut Vec<Issue>,
}

/// Resolve `req` against `inputs`, push the issues of the rules that need effective values,
/// and return the plan. `errors` must hold every error found before: when there is any
/// error the answer is `None`, as the envelope has no plan then.
pub(crate) fn resolve<'p>(
    req: &'p Request<'p>,
    inputs: &Inputs<'p>,
    errors: &mut Vec<Issue>,
    warnings: &mut Vec<Issue>,
) -> Option<Plan<'p>> {
    let mut sink = Sink { errors, warnings };
    let context = inputs.context;
    let agent = req.agent_number.valid().map(AsRef::as_ref);
    let user = req.user_number.valid().map(AsRef::as_ref);

    // Numbers: SAME_NUMBER, account membership, the context's number record.
    let number = rules::numbers(user, agent, context, inputs.phone_check, &mut sink);

    // Persona (docs/src/rules/index.md#persona, docs/src/edge-cases.md#persona).
    let persona_id = req.persona_id.valid().copied();
    let version = req
        .persona_version
        .valid()
        .copied()
        .unwrap_or(PersonaVersion::Production);
    let persona = rules::persona(context, persona_id, &mut sink);
    let version_config = rules::persona_version(persona, version, &mut sink);
    rules::persona_fields_without_persona(req, &mut sink);

    // Channel (docs/src/resolution.md#field-by-field): request; number (iMessage-only numbers); default.
    let channel: Option<Resolved<Channel>> = match &req.channel {
        Field::Valid(c) => Some(Resolved {
            value: *c,
            source: Source::Request,
            context_path: None,
        }),
        Field::Invalid => None,
        Field::Absent => Some(match number {
            Some(n) if n.imessage.is_some() && n.sms.is_none() => Resolved {
                value: Channel::Imessage,
                source: Source::Number,
                context_path: Some(ContextPointer(["number", "", ""])),
            },
            _ => Resolved {
                value: Channel::Sms,
                source: Source::Default,
                context_path: None,
            },
        }),
    };
    rules::channel_provisioned(req, number, channel.as_ref().map(|c| c.value), &mut sink);

    // Base config (docs/src/resolution.md#base-config, docs/src/edge-cases.md#known-base-config).
    let base: Option<Base<'_>> = if req.persona_id.given() {
        match version_config.flatten() {
            Some(config) if persona_id.is_some() => Some(Base {
                config,
                source: Source::Persona,
                path: ContextPointer(["persona", version.as_str(), ""]),
            }),
            _ => None,
        }
    } else {
        match (number, &channel) {
            (Some(n), Some(c)) => n.config(c.value).map(|config| Base {
                config,
                source: Source::Number,
                path: ContextPointer(["number", c.value.config_key(), ""]),
            }),
            _ => None,
        }
    };

    // Conversation (docs/src/resolution.md#conversation).
    let (conversation_plan, resumed) = conversation_action(req, &context.conversation);

    // Timeouts (docs/src/resolution.md#field-by-field, docs/src/rules/index.md#timeouts).
    let time_out = layered_number(
        &req.time_out,
        resumed.and_then(|c| c.overrides.time_out.as_ref()),
        base.as_ref(),
        "time_out",
        |b| b.time_out.as_ref(),
    );
    let warning_time = layered_number(
        &req.warning_time,
        resumed.and_then(|c| c.overrides.warning_time.as_ref()),
        base.as_ref(),
        "warning_time",
        |b| b.warning_time.as_ref(),
    );
    let timeout_message = layered_string(
        &req.timeout_message,
        resumed.and_then(|c| c.overrides.timeout_message),
        base.as_ref(),
        "timeout_message",
        |b| b.timeout_message,
    );
    let warning_message = layered_string(
        &req.warning_message,
        resumed.and_then(|c| c.overrides.warning_message),
        base.as_ref(),
        "warning_message",
        |b| b.warning_message,
    );
    rules::timeouts(req, &time_out, &warning_time, base.is_some(), &mut sink);

    // Webhook, ids, request_data, metadata.
    let webhook = match (&req.webhook, &base) {
        (Field::Valid(w), _) => Some(Resolved {
            value: w.as_ref(),
            source: Source::Request,
            context_path: None,
        }),
        (_, Some(b)) => b.config.webhook.map(|w| Resolved {
            value: w,
            source: b.source,
            context_path: None,
        }),
        _ => None,
    };

    // Pathway (docs/src/resolution.md#pathway).
    let pathway = resolve_pathway(
        req,
        resumed,
        persona.and_then(|p| p.number_settings.as_ref()),
        base.as_ref(),
        &mut sink,
    );

    // Message (docs/src/rules/index.md#message-content, docs/src/plan.md).
    let objective = base
        .as_ref()
        .and_then(|b| b.config.objective)
        .is_some_and(|o| !o.is_empty());
    rules::message(req, base.is_some(), pathway.id.is_some(), objective, &mut sink);
    let channel_value = channel.as_ref().map(|c| c.value);
    rules::whatsapp_window(req, context, channel_value, &mut sink);
    rules::conversation_channel(req, resumed, channel_value, &mut sink);
    let replay = rules::idempotency(inputs.idempotency_key, inputs.fingerprint, context, &mut sink);

    // Every rule has run. With errors there is no plan (docs/src/envelope.md), and a caller that only
    // wants the issues (`judge`) uses none, so nothing below (segments, the plan) is worth
    // computing then: it adds no issue.
    if !sink.errors.is_empty() || !inputs.want_plan {
        return None;
    }
    let message = message_plan(
        req,
        channel_value,
        pathway.id.is_some(),
        base.is_some().then_some(objective),
    );

    let persist = persist_plan(req, resumed);

    Some(Plan {
        user_number: user,
        agent_number: agent,
        conversation: conversation_plan,
        persona: persona_id.map(|id| (id, version.as_str())),
        message,
        channel: channel.map(|c| Sourced {
            value: c.value.as_str(),
            source: c.source,
        }),
        pathway_id: pathway.id.map(Resolved::sourced),
        pathway_version: pathway.version.map(Resolved::sourced),
        start_node_id: pathway.start_node.map(Resolved::sourced),
        time_out: time_out.map(Resolved::sourced),
        timeout_message: timeout_message.map(Resolved::sourced),
        warning_time: warning_time.map(Resolved::sourced),
        warning_message: warning_message.map(Resolved::sourced),
        webhook: webhook.map(Resolved::sourced),
        disposition_ids: id_list(&req.disposition_ids, base.as_ref(), |c| c.disposition_ids),
        citation_schema_ids: id_list(&req.citation_schema_ids, base.as_ref(), |c| c.citation_schema_ids),
        request_data: request_data_plan(&req.request_data, base.as_ref()),
        metadata: req.metadata.valid().copied(),
        persist,
        idempotency_key: inputs.idempotency_key,
        fingerprint: inputs.fingerprint,
        replay,
    })
}

/// What the conversation keeps (docs/src/resolution.md#what-the-conversation-keeps): the
/// conversation's overrides, the request's over them (a key set again keeps its place).
fn persist_plan<'p>(req: &'p Request<'p>, resumed: Option<&'p Conversation<'p>>) -> Vec<(&'static str, Scalar<'p>)> {
    let mut persist: Vec<(&'static str, Scalar<'p>)> = Vec::new();
    let mut put = |key: &'static str, value: Option<Scalar<'p>>| {
        if let Some(value) = value {
            match persist.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => persist.push((key, value)),
            }
        }
    };
    if let Some(conv) = resumed {
        let o = &conv.overrides;
        put("time_out", o.time_out.clone().map(Scalar::Number));
        put("timeout_message", o.timeout_message.map(Scalar::Text));
        put("warning_time", o.warning_time.clone().map(Scalar::Number));
        put("warning_message", o.warning_message.map(Scalar::Text));
    }
    put("time_out", req.time_out.valid().cloned().map(Scalar::Number));
    put("timeout_message", req.timeout_message.valid().map(|s| Scalar::Text(s)));
    put("warning_time", req.warning_time.valid().cloned().map(Scalar::Number));
    put("warning_message", req.warning_message.valid().map(|s| Scalar::Text(s)));
    persist
}

/// The conversation action (docs/src/resolution.md#conversation) and the conversation whose layer counts (on resume).
fn conversation_action<'a>(
    req: &Request<'_>,
    knowledge: &'a ConversationKnowledge<'a>,
) -> (ConversationPlan<'a>, Option<&'a Conversation<'a>>) {
    let active = match knowledge {
        ConversationKnowledge::Some(c) if c.active => Some(c.as_ref()),
        _ => None,
    };
    if req.new_conversation.valid() == Some(&true) {
        return (
            ConversationPlan::New {
                archives: active.map(|c| c.id),
            },
            None,
        );
    }
    match (knowledge, active) {
        (_, Some(c)) => (ConversationPlan::Resume { id: c.id }, Some(c)),
        (ConversationKnowledge::Unknown, _) => (ConversationPlan::CreateOrResume, None),
        _ => (ConversationPlan::New { archives: None }, None),
    }
}

fn layered_number<'a>(
    request: &Field<Number>,
    conversation: Option<&Number>,
    base: Option<&Base<'a>>,
    name: &'static str,
    of_base: for<'c> fn(&'c ChannelConfig<'a>) -> Option<&'c Number>,
) -> Option<Resolved<Number>> {
    if let Field::Valid(v) = request {
        return Some(Resolved {
            value: v.clone(),
            source: Source::Request,
            context_path: None,
        });
    }
    if let Some(v) = conversation {
        return Some(Resolved {
            value: v.clone(),
            source: Source::Conversation,
            context_path: Some(OVERRIDES.child(name)),
        });
    }
    let b = base?;
    of_base(b.config).map(|v| Resolved {
        value: v.clone(),
        source: b.source,
        context_path: Some(b.path.child(name)),
    })
}

fn layered_string<'a>(
    request: &Field<&'a str>,
    conversation: Option<&'a str>,
    base: Option<&Base<'a>>,
    name: &'static str,
    of_base: fn(&ChannelConfig<'a>) -> Option<&'a str>,
) -> Option<Resolved<&'a str>> {
    if let Field::Valid(v) = request {
        return Some(Resolved {
            value: *v,
            source: Source::Request,
            context_path: None,
        });
    }
    if let Some(v) = conversation {
        return Some(Resolved {
            value: v,
            source: Source::Conversation,
            context_path: Some(OVERRIDES.child(name)),
        });
    }
    let b = base?;
    of_base(b.config).map(|v| Resolved {
        value: v,
        source: b.source,
        context_path: Some(b.path.child(name)),
    })
}

fn id_list<'p>(
    request: &'p Field<Vec<&'p str>>,
    base: Option<&Base<'p>>,
    of_base: fn(&ChannelConfig<'p>) -> Option<&'p Vec<Value>>,
) -> IdsPlan<'p> {
    if let Field::Valid(ids) = request {
        return IdsPlan::Request(ids);
    }
    match base.and_then(|b| of_base(b.config).map(|ids| (ids, b.source))) {
        Some((ids, source)) => IdsPlan::Layer(ids, source),
        None => IdsPlan::Default,
    }
}

/// Shallow merge: base object, then the request's keys over it (docs/src/resolution.md#field-by-field).
fn request_data_plan<'p>(request: &Field<&'p Map<String, Value>>, base: Option<&Base<'p>>) -> RequestDataPlan<'p> {
    let from_base = base.and_then(|b| b.config.request_data.map(|v| (v, b.source)));
    match (request, from_base) {
        (Field::Valid(r), Some((Value::Object(b), _))) => RequestDataPlan::Merged { base: b, request: r },
        (Field::Valid(r), _) => RequestDataPlan::Request(r),
        (_, Some((b, src))) => RequestDataPlan::Layer(b, src),
        _ => RequestDataPlan::Absent,
    }
}

/// One pathway layer (docs/src/resolution.md#pathway).
struct PathwayLayer<'a> {
    source: Source,
    id: Option<&'a str>,
    version: Option<Value>,
    start_node: Option<&'a str>,
    /// Body pointers of this layer's version / start node fields (request layers only).
    version_path: Option<&'static str>,
    start_node_path: Option<&'static str>,
}

struct Pathway<'a> {
    id: Option<Resolved<&'a str>>,
    version: Option<Resolved<Value>>,
    start_node: Option<Resolved<&'a str>>,
}

fn resolve_pathway<'a>(
    req: &Request<'a>,
    resumed: Option<&'a Conversation>,
    number_settings: Option<&'a crate::context::PathwayFields<'a>>,
    base: Option<&Base<'a>>,
    sink: &mut Sink<'_>,
) -> Pathway<'a> {
    let mut layers: Vec<PathwayLayer<'a>> = Vec::with_capacity(5);
    if let Some(ps) = req.persona_settings.valid() {
        layers.push(PathwayLayer {
            source: Source::PersonaSettings,
            id: ps.pathway_id.valid().copied(),
            version: ps.pathway_version.valid().cloned().map(Value::Number),
            start_node: ps.start_node_id.valid().copied(),
            version_path: Some("/persona_settings/pathway_version"),
            start_node_path: Some("/persona_settings/start_node_id"),
        });
    }
    layers.push(PathwayLayer {
        source: Source::Request,
        id: req.pathway_id.valid().copied(),
        version: req.pathway_version.valid().cloned().map(Value::Number),
        start_node: req.start_node_id.valid().copied(),
        version_path: Some("/pathway_version"),
        start_node_path: Some("/start_node_id"),
    });
    let context_layer = |source, f: &'a crate::context::PathwayFields<'a>| PathwayLayer {
        source,
        id: f.pathway_id,
        version: f.pathway_version.clone(),
        start_node: f.start_node_id,
        version_path: None,
        start_node_path: None,
    };
    if let Some(c) = resumed {
        layers.push(context_layer(Source::Conversation, &c.pathway));
    }
    if let Some(ns) = number_settings {
        layers.push(context_layer(Source::NumberSettings, ns));
    }
    if let Some(b) = base {
        layers.push(PathwayLayer {
            source: b.source,
            id: b.config.pathway_id,
            version: b.config.pathway_version.clone(),
            start_node: b.config.start_node_id,
            version_path: None,
            start_node_path: None,
        });
    }
    let winner = layers.iter().position(|l| l.id.is_some());
    // Layers at or above the winner take part; with no winner, every layer refines.
    let considered = match winner {
        Some(w) => layers.get(..=w).unwrap_or(&layers),
        None => &layers[..],
    };
    let id = winner.and_then(|w| layers.get(w)).and_then(|l| {
        l.id.map(|value| Resolved {
            value,
            source: l.source,
            context_path: None,
        })
    });
    let version = considered.iter().find_map(|l| {
        l.version.clone().map(|value| Resolved {
            value,
            source: l.source,
            context_path: None,
        })
    });
    let start_node = considered.iter().find_map(|l| {
        l.start_node.map(|value| Resolved {
            value,
            source: l.source,
            context_path: None,
        })
    });

    if winner == Some(0) && req.persona_settings.valid().is_some() {
        for (given, path) in [
            (req.pathway_id.valid().is_some(), "/pathway_id"),
            (req.pathway_version.valid().is_some(), "/pathway_version"),
            (req.start_node_id.valid().is_some(), "/start_node_id"),
        ] {
            if given {
                sink.warnings.push(body(
                    Code::IgnoredField,
                    path,
                    format!(
                        "`{}` is ignored: `persona_settings` names the pathway",
                        path.trim_start_matches('/')
                    ),
                ));
            }
        }
    }
    if winner.is_none() && base.is_some() {
        for layer in layers.iter().filter(|l| l.version_path.is_some()) {
            for (set, path) in [
                (layer.version.is_some(), layer.version_path),
                (layer.start_node.is_some(), layer.start_node_path),
            ] {
                if let (true, Some(path)) = (set, path) {
                    sink.errors.push(body(
                        Code::PathwaySettingWithoutPathway,
                        path,
                        format!(
                            "`{}` is set but no layer names a pathway",
                            path.trim_start_matches('/').replace('/', ".")
                        ),
                    ));
                }
            }
        }
    }
    Pathway {
        id,
        version,
        start_node,
    }
}

fn message_plan<'p>(
    req: &Request<'p>,
    channel: Option<Channel>,
    has_pathway: bool,
    objective: Option<bool>,
) -> MessagePlan<'p> {
    if let Field::Valid(text) = &req.agent_message {
        return MessagePlan::Text {
            text,
            sms: channel == Some(Channel::Sms),
        };
    }
    if let Field::Valid(content_sid) = &req.content_sid {
        return MessagePlan::Template {
            content_sid,
            variables: req.content_variables.valid().copied(),
        };
    }
    let by = if has_pathway {
        Some("pathway")
    } else if objective == Some(true) {
        Some("prompt")
    } else {
        None
    };
    MessagePlan::Generated { by }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_pointer_is_written_only_when_asked_for_and_as_rfc_6901() {
        let base = ContextPointer(["persona", "production", ""]);
        assert_eq!(base.text(), "/persona/production");
        assert_eq!(base.child("warning_time").text(), "/persona/production/warning_time");
        assert_eq!(
            ContextPointer(["number", "sms_config", ""]).child("time_out").text(),
            "/number/sms_config/time_out"
        );
        assert_eq!(
            OVERRIDES.child("warning_time").text(),
            "/conversation/overrides/warning_time"
        );
        assert_eq!(ContextPointer(["number", "", ""]).text(), "/number");
        assert_eq!(ContextPointer(["number", "", ""]).child("x").text(), "/number/x");
    }
}
