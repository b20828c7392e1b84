//! TypeScript shapes of what the package takes and returns.
//!
//! These items exist for `napi build` to write `index.d.ts` from them: the values themselves
//! travel as JSON text (`walk.js` writes it, `smsrules.js` parses the answers), so the structs
//! below are never built (`object_to_js = false, object_from_js = false`). Field names
//! are spelled with `js_name` because the wire is snake_case. The JS test suite
//! checks `IssueCode` against the core's catalogue (`issueCodes()`), so the union cannot drift.
#![allow(non_camel_case_types, dead_code)]

use napi::bindgen_prelude::{Either, Either3};
use napi_derive::napi;

// ---- enumerations ---------------------------------------------------------------------

/// A stable machine code of an issue. A code, once shipped, never changes meaning.
#[napi(string_enum)]
#[derive(Debug)]
pub enum IssueCode {
    INVALID_INPUT,
    INVALID_OPTIONS,
    INVALID_CONTEXT,
    INVALID_JSON,
    DUPLICATE_KEY,
    PAYLOAD_TOO_LARGE,
    PAYLOAD_TOO_DEEP,
    INVALID_TYPE,
    MISSING_FIELD,
    UNKNOWN_FIELD,
    INVALID_PHONE_NUMBER,
    SAME_NUMBER,
    AGENT_NUMBER_NOT_FOUND,
    INVALID_ENUM,
    INVALID_UUID,
    EMPTY_VALUE,
    OUT_OF_RANGE,
    MESSAGE_TOO_LONG,
    INVALID_CONTENT_SID,
    INVALID_CONTENT_VARIABLES,
    CONTENT_VARIABLES_WITHOUT_TEMPLATE,
    CONFLICTING_MESSAGE,
    NOTHING_TO_SEND,
    WHATSAPP_TEMPLATE_REQUIRED,
    INVALID_TIMEOUT_CONFIG,
    INVALID_URL,
    UNSAFE_WEBHOOK,
    VERSION_NOT_FOUND,
    CHANNEL_NOT_CONFIGURED,
    PATHWAY_SETTING_WITHOUT_PATHWAY,
    INVALID_IDEMPOTENCY_KEY,
    IDEMPOTENCY_KEY_REUSED,
    TOO_MANY_ISSUES,
    PHONE_NORMALIZED,
    DUPLICATE_ID,
    UNUSED_TIMEOUT_MESSAGE,
    UNUSED_WARNING_MESSAGE,
    PERSONA_VERSION_WITHOUT_PERSONA,
    PERSONA_SETTINGS_WITHOUT_PERSONA,
    IGNORED_FIELD,
    CHANNEL_MISMATCH,
}

/// Which part of the input an issue's `path` points into.
#[napi(string_enum)]
#[derive(Debug)]
pub enum IssueLocation {
    body,
    header,
    context,
    options,
    /// The JSON entry point's own document (`checkJson`).
    input,
}

/// A messaging channel.
#[napi(string_enum)]
#[derive(Debug)]
pub enum Channel {
    sms,
    whatsapp,
    imessage,
}

/// The layer that supplied a resolved value, highest first.
#[napi(string_enum)]
#[derive(Debug)]
pub enum Source {
    #[napi(value = "request.persona_settings")]
    RequestPersonaSettings,
    request,
    conversation,
    #[napi(value = "persona.number_settings")]
    PersonaNumberSettings,
    persona,
    number,
    /// No layer known to smsrules sets it.
    default,
    /// `request_data` only: the base config's object with the request's keys over it.
    merged,
}

/// The SMS character encoding a text needs.
#[napi(string_enum)]
#[derive(Debug, Clone, Copy)]
pub enum Encoding {
    /// GSM 03.38 7-bit default alphabet (with its extension table).
    #[napi(value = "GSM-7")]
    Gsm7,
    /// UCS-2 / UTF-16.
    #[napi(value = "UCS-2")]
    Ucs2,
}

/// A persona version.
#[napi(string_enum)]
#[derive(Debug)]
pub enum PersonaVersion {
    production,
    draft,
}

/// `options.unknown_fields`: how unknown request fields are reported.
#[napi(string_enum)]
#[derive(Debug)]
pub enum UnknownFields {
    warn,
    error,
    ignore,
}

/// `options.phone_check`: how far phone numbers are checked.
#[napi(string_enum)]
#[derive(Debug)]
pub enum PhoneCheck {
    /// Length and prefix by libphonenumber metadata.
    valid,
    /// Length only.
    possible,
    /// Syntax only.
    e164,
}

/// `options.phone_input`: which spellings of a phone number are accepted.
#[napi(string_enum)]
#[derive(Debug)]
pub enum PhoneInput {
    /// Only E.164 text.
    strict,
    /// Also `+1 (415) 555-2671`, `00…`, and national numbers with `default_region`.
    lenient,
}

// ---- input ----------------------------------------------------------------------------

/// The JSON body of `POST /v1/sms/send`. `null` for an optional field means absent.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct SendRequest {
    /// E.164 number of the user receiving the message.
    #[napi(js_name = "user_number")]
    pub user_number: String,
    /// E.164 number sending the message (one of the account's).
    #[napi(js_name = "agent_number")]
    pub agent_number: String,
    /// The text to send.
    #[napi(js_name = "agent_message", ts_type = "string | null")]
    pub agent_message: Option<String>,
    /// Data for the conversation, shallow-merged over the base config's.
    #[napi(js_name = "request_data", ts_type = "Record<string, unknown> | null")]
    pub request_data: Option<()>,
    /// Archive the active conversation and start a new one.
    #[napi(js_name = "new_conversation", ts_type = "boolean | null")]
    pub new_conversation: Option<bool>,
    /// UUID of the persona whose config replaces the number's.
    #[napi(js_name = "persona_id", ts_type = "string | null")]
    pub persona_id: Option<String>,
    /// Which persona version (`production` by default).
    #[napi(js_name = "persona_version", ts_type = "PersonaVersion | null")]
    pub persona_version: Option<PersonaVersion>,
    /// Per-dispatch pathway overrides, above every other layer.
    #[napi(js_name = "persona_settings", ts_type = "PersonaSettings | null")]
    pub persona_settings: Option<PersonaSettings>,
    /// Pathway to use.
    #[napi(js_name = "pathway_id", ts_type = "string | null")]
    pub pathway_id: Option<String>,
    /// Pathway version (an integer).
    #[napi(js_name = "pathway_version", ts_type = "number | null")]
    pub pathway_version: Option<f64>,
    /// Node to start from.
    #[napi(js_name = "start_node_id", ts_type = "string | null")]
    pub start_node_id: Option<String>,
    /// Webhook for this conversation (https, public host).
    #[napi(ts_type = "string | null")]
    pub webhook: Option<String>,
    /// Returned in every webhook payload.
    #[napi(ts_type = "Record<string, unknown> | null")]
    pub metadata: Option<()>,
    /// Outcome ids; replaces the base config's list.
    #[napi(js_name = "disposition_ids", ts_type = "Array<string> | null")]
    pub disposition_ids: Option<Vec<String>>,
    /// Citation schema ids; replaces the base config's list.
    #[napi(js_name = "citation_schema_ids", ts_type = "Array<string> | null")]
    pub citation_schema_ids: Option<Vec<String>>,
    /// Channel to send on.
    #[napi(ts_type = "Channel | null")]
    pub channel: Option<Channel>,
    /// Twilio content template SID.
    #[napi(js_name = "content_sid", ts_type = "string | null")]
    pub content_sid: Option<String>,
    /// Template variables: string keys to string values.
    #[napi(js_name = "content_variables", ts_type = "Record<string, string> | null")]
    pub content_variables: Option<()>,
    /// Seconds of silence before the conversation times out.
    #[napi(js_name = "time_out", ts_type = "number | null")]
    pub time_out: Option<f64>,
    /// Sent when the conversation times out.
    #[napi(js_name = "timeout_message", ts_type = "string | null")]
    pub timeout_message: Option<String>,
    /// Seconds of silence before the warning (below the effective `time_out`).
    #[napi(js_name = "warning_time", ts_type = "number | null")]
    pub warning_time: Option<f64>,
    /// Sent at `warning_time`.
    #[napi(js_name = "warning_message", ts_type = "string | null")]
    pub warning_message: Option<String>,
}

/// `persona_settings` of a request.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct PersonaSettings {
    /// Pathway override for this dispatch.
    #[napi(js_name = "pathway_id", ts_type = "string | null")]
    pub pathway_id: Option<String>,
    /// Version of that pathway (an integer).
    #[napi(js_name = "pathway_version", ts_type = "number | null")]
    pub pathway_version: Option<f64>,
    /// Node to start from.
    #[napi(js_name = "start_node_id", ts_type = "string | null")]
    pub start_node_id: Option<String>,
}

/// What the server knows, as a plain object; every part optional. Without it smsrules
/// judges the request alone. `new Context(…)` of one is judged once for many checks.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ContextObject {
    /// The current time, RFC 3339 with an offset.
    #[napi(ts_type = "string | null")]
    pub now: Option<String>,
    /// The caller's account.
    #[napi(ts_type = "ContextAccount | null")]
    pub account: Option<ContextAccount>,
    /// The agent number's configuration.
    #[napi(ts_type = "ContextNumber | null")]
    pub number: Option<ContextNumber>,
    /// The persona named by `persona_id`.
    #[napi(ts_type = "ContextPersona | null")]
    pub persona: Option<ContextPersona>,
    /// The latest conversation between the two numbers; `null`: there is none; absent: unknown.
    #[napi(ts_type = "ContextConversation | null")]
    pub conversation: Option<ContextConversation>,
    /// What the server stored for an earlier request with the same idempotency key.
    #[napi(ts_type = "ContextIdempotency | null")]
    pub idempotency: Option<ContextIdempotency>,
}

/// `context.account`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ContextAccount {
    /// The account's numbers (E.164).
    pub numbers: Vec<String>,
}

/// `context.number`: a `null` or missing channel config means not provisioned for it.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ContextNumber {
    /// Must equal the request's `agent_number`.
    #[napi(js_name = "phone_number")]
    pub phone_number: String,
    #[napi(js_name = "sms_config", ts_type = "ChannelConfig | null")]
    pub sms_config: Option<ChannelConfig>,
    #[napi(js_name = "whatsapp_config", ts_type = "ChannelConfig | null")]
    pub whatsapp_config: Option<ChannelConfig>,
    #[napi(js_name = "imessage_config", ts_type = "ChannelConfig | null")]
    pub imessage_config: Option<ChannelConfig>,
}

/// A number's channel config, or a persona version (same shape).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ChannelConfig {
    #[napi(ts_type = "string | null")]
    pub webhook: Option<String>,
    #[napi(
        js_name = "request_data",
        ts_type = "Record<string, unknown> | Array<unknown> | null"
    )]
    pub request_data: Option<()>,
    #[napi(js_name = "time_out", ts_type = "number | null")]
    pub time_out: Option<f64>,
    #[napi(js_name = "timeout_action", ts_type = "string | null")]
    pub timeout_action: Option<String>,
    #[napi(js_name = "timeout_message", ts_type = "string | null")]
    pub timeout_message: Option<String>,
    #[napi(js_name = "warning_time", ts_type = "number | null")]
    pub warning_time: Option<f64>,
    #[napi(js_name = "warning_message", ts_type = "string | null")]
    pub warning_message: Option<String>,
    #[napi(js_name = "messaging_service_sid", ts_type = "string | null")]
    pub messaging_service_sid: Option<String>,
    /// System prompt or goal; a non-empty one means replies are generated by prompt.
    #[napi(ts_type = "string | null")]
    pub objective: Option<String>,
    #[napi(ts_type = "Array<unknown> | null")]
    pub tools: Option<()>,
    #[napi(ts_type = "number | null")]
    pub temperature: Option<f64>,
    #[napi(js_name = "pathway_id", ts_type = "string | null")]
    pub pathway_id: Option<String>,
    /// An integer, or a string such as `"latest"`.
    #[napi(js_name = "pathway_version", ts_type = "number | string | null")]
    pub pathway_version: Option<()>,
    #[napi(js_name = "start_node_id", ts_type = "string | null")]
    pub start_node_id: Option<String>,
    #[napi(js_name = "restart_after_end_call", ts_type = "boolean | null")]
    pub restart_after_end_call: Option<bool>,
    #[napi(ts_type = "string | null")]
    pub timezone: Option<String>,
    #[napi(js_name = "summary_prompt", ts_type = "string | null")]
    pub summary_prompt: Option<String>,
    #[napi(js_name = "disposition_ids", ts_type = "Array<string> | null")]
    pub disposition_ids: Option<Vec<String>>,
    #[napi(js_name = "citation_schema_ids", ts_type = "Array<string> | null")]
    pub citation_schema_ids: Option<Vec<String>>,
}

/// `context.persona`: the persona named by the request's `persona_id`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ContextPersona {
    /// Must equal the request's `persona_id` (compared without case).
    pub id: String,
    /// `null`: this version does not exist.
    #[napi(ts_type = "ChannelConfig | null")]
    pub production: Option<ChannelConfig>,
    #[napi(ts_type = "ChannelConfig | null")]
    pub draft: Option<ChannelConfig>,
    /// Per-number pathway settings of the persona.
    #[napi(js_name = "number_settings", ts_type = "PathwaySettings | null")]
    pub number_settings: Option<PathwaySettings>,
}

/// Pathway settings of a context layer.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct PathwaySettings {
    #[napi(js_name = "pathway_id", ts_type = "string | null")]
    pub pathway_id: Option<String>,
    #[napi(js_name = "pathway_version", ts_type = "number | string | null")]
    pub pathway_version: Option<()>,
    #[napi(js_name = "start_node_id", ts_type = "string | null")]
    pub start_node_id: Option<String>,
}

/// `context.conversation`: the latest conversation between the two numbers.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ContextConversation {
    pub id: String,
    pub active: bool,
    #[napi(ts_type = "Channel | null")]
    pub channel: Option<Channel>,
    #[napi(js_name = "pathway_id", ts_type = "string | null")]
    pub pathway_id: Option<String>,
    #[napi(js_name = "pathway_version", ts_type = "number | string | null")]
    pub pathway_version: Option<()>,
    #[napi(js_name = "current_node_id", ts_type = "string | null")]
    pub current_node_id: Option<String>,
    /// Timeout overrides stored on the conversation by earlier sends.
    #[napi(ts_type = "TimeoutOverrides | null")]
    pub overrides: Option<TimeoutOverrides>,
    /// When the user last wrote (RFC 3339); `null`: never.
    #[napi(js_name = "last_user_message_at", ts_type = "string | null")]
    pub last_user_message_at: Option<String>,
}

/// Timeout overrides, stored on a conversation (`context.conversation.overrides`, `plan.persist`).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TimeoutOverrides {
    #[napi(js_name = "time_out", ts_type = "number | null")]
    pub time_out: Option<f64>,
    #[napi(js_name = "timeout_message", ts_type = "string | null")]
    pub timeout_message: Option<String>,
    #[napi(js_name = "warning_time", ts_type = "number | null")]
    pub warning_time: Option<f64>,
    #[napi(js_name = "warning_message", ts_type = "string | null")]
    pub warning_message: Option<String>,
}

/// `context.idempotency`: the record stored for an earlier request.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ContextIdempotency {
    pub key: String,
    /// `sha256:<hex>`, as `fingerprint()` computes it.
    pub fingerprint: String,
}

/// Options. Bad values are reported as `INVALID_OPTIONS` and replaced by defaults.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct Options {
    /// How unknown fields are reported.
    #[napi(js_name = "unknown_fields", ts_type = "UnknownFields | null")]
    pub unknown_fields: Option<UnknownFields>,
    /// How strictly phone numbers are judged.
    #[napi(js_name = "phone_check", ts_type = "PhoneCheck | null")]
    pub phone_check: Option<PhoneCheck>,
    /// Which spellings of phone numbers are accepted.
    #[napi(js_name = "phone_input", ts_type = "PhoneInput | null")]
    pub phone_input: Option<PhoneInput>,
    /// ISO 3166-1 alpha-2 region for national numbers (lenient input only).
    #[napi(js_name = "default_region", ts_type = "string | null")]
    pub default_region: Option<String>,
    /// How many errors and how many warnings are reported at most.
    #[napi(js_name = "max_issues", ts_type = "number | null")]
    pub max_issues: Option<f64>,
}

/// The third argument of `check` and `validate`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct CheckOptions {
    /// The `idempotency-key` header of the request.
    #[napi(ts_type = "string | null")]
    pub idempotency_key: Option<String>,
    /// Options: how strictly to judge.
    #[napi(ts_type = "Options | null")]
    pub options: Option<Options>,
}

// ---- output ---------------------------------------------------------------------------

/// One problem: a stable code, where it is, one line for people, typed details.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct Issue {
    /// The stable machine code.
    pub error: IssueCode,
    /// Which part `path` points into.
    #[napi(js_name = "in")]
    pub location: IssueLocation,
    /// RFC 6901 JSON Pointer into that part (`""` is the whole part).
    pub path: String,
    /// One lower-case line for people; never quotes phone numbers, message text or variables.
    pub message: String,
    /// Typed details (limits, actual sizes, `reason`, `suggestion`); may be `{}`.
    #[napi(ts_type = "Record<string, unknown>")]
    pub params: (),
}

/// The answer for a valid request: a plan, no errors.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ValidResult {
    #[napi(ts_type = "true")]
    pub ok: bool,
    /// What exactly will happen. `check` builds it on the first read, from the request as it
    /// was checked; from then on it is an ordinary property.
    pub data: Plan,
    #[napi(ts_type = "null")]
    pub errors: (),
    pub warnings: Vec<Issue>,
}

/// The answer for an invalid request: errors (never empty), no plan.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct InvalidResult {
    #[napi(ts_type = "false")]
    pub ok: bool,
    #[napi(ts_type = "null")]
    pub data: (),
    /// Sorted by (`in`, `path`, `error`).
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

/// The envelope (`data`, `errors`, `warnings`, as the API answers) plus `ok`; narrow on `ok`
/// to reach `data` or `errors`.
#[napi]
pub type CheckResult = Either<ValidResult, InvalidResult>;

/// What will happen. Resolved values are `{ value, source }`, or `null` when no
/// layer sets them.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct Plan {
    #[napi(js_name = "user_number")]
    pub user_number: String,
    #[napi(js_name = "agent_number")]
    pub agent_number: String,
    pub conversation: PlanConversation,
    /// `null` without `persona_id`.
    #[napi(ts_type = "PlanPersona | null")]
    pub persona: (),
    pub message: PlanMessage,
    pub channel: ResolvedChannel,
    #[napi(js_name = "pathway_id", ts_type = "ResolvedString | null")]
    pub pathway_id: (),
    #[napi(js_name = "pathway_version", ts_type = "ResolvedPathwayVersion | null")]
    pub pathway_version: (),
    #[napi(js_name = "start_node_id", ts_type = "ResolvedString | null")]
    pub start_node_id: (),
    #[napi(js_name = "time_out", ts_type = "ResolvedNumber | null")]
    pub time_out: (),
    #[napi(js_name = "timeout_message", ts_type = "ResolvedString | null")]
    pub timeout_message: (),
    #[napi(js_name = "warning_time", ts_type = "ResolvedNumber | null")]
    pub warning_time: (),
    #[napi(js_name = "warning_message", ts_type = "ResolvedString | null")]
    pub warning_message: (),
    #[napi(ts_type = "ResolvedString | null")]
    pub webhook: (),
    #[napi(js_name = "disposition_ids")]
    pub disposition_ids: ResolvedIds,
    #[napi(js_name = "citation_schema_ids")]
    pub citation_schema_ids: ResolvedIds,
    #[napi(js_name = "request_data", ts_type = "ResolvedData | null")]
    pub request_data: (),
    #[napi(ts_type = "ResolvedData | null")]
    pub metadata: (),
    /// Timeout overrides stored on the conversation after this send (`{}` when none).
    pub persist: Persist,
    pub idempotency: PlanIdempotency,
}

/// `plan.conversation`.
#[napi]
pub type PlanConversation = Either3<NewConversation, ResumeConversation, CreateOrResumeConversation>;

/// A new conversation, archiving the active one (if known).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct NewConversation {
    #[napi(ts_type = "'new'")]
    pub action: String,
    /// Id of the conversation archived, or `null`.
    #[napi(ts_type = "string | null")]
    pub archives: (),
}

/// The active conversation continues.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResumeConversation {
    #[napi(ts_type = "'resume'")]
    pub action: String,
    pub id: String,
}

/// No context about conversations: the server resumes the active one or creates one.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct CreateOrResumeConversation {
    #[napi(ts_type = "'create_or_resume'")]
    pub action: String,
}

/// `plan.persona`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct PlanPersona {
    pub id: String,
    pub version: PersonaVersion,
}

/// `plan.message`.
#[napi]
pub type PlanMessage = Either3<TextMessage, TemplateMessage, GeneratedMessage>;

/// The request's own text. The four SMS fields are `null` on channels other than `sms`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TextMessage {
    #[napi(ts_type = "'text'")]
    pub kind: String,
    pub text: String,
    #[napi(ts_type = "Encoding | null")]
    pub encoding: (),
    #[napi(ts_type = "number | null")]
    pub units: (),
    #[napi(ts_type = "number | null")]
    pub segments: (),
    #[napi(js_name = "ucs2_chars", ts_type = "Array<string> | null")]
    pub ucs2_chars: (),
}

/// A Twilio content template.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct TemplateMessage {
    #[napi(ts_type = "'template'")]
    pub kind: String,
    #[napi(js_name = "content_sid")]
    pub content_sid: String,
    /// `null` for a template without variables.
    #[napi(js_name = "content_variables", ts_type = "Record<string, string> | null")]
    pub content_variables: (),
}

/// No text given: the server generates the reply.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct GeneratedMessage {
    #[napi(ts_type = "'generated'")]
    pub kind: String,
    /// `null`: unknown in request-only mode.
    #[napi(ts_type = "'pathway' | 'prompt' | null")]
    pub by: (),
}

/// A resolved channel.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResolvedChannel {
    pub value: Channel,
    pub source: Source,
}

/// A resolved string.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResolvedString {
    pub value: String,
    pub source: Source,
}

/// A resolved number of seconds.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResolvedNumber {
    pub value: f64,
    pub source: Source,
}

/// A resolved pathway version: an integer, or from the context a string such as `"latest"`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResolvedPathwayVersion {
    #[napi(ts_type = "number | string")]
    pub value: (),
    pub source: Source,
}

/// A resolved id list.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResolvedIds {
    pub value: Vec<String>,
    pub source: Source,
}

/// Resolved `request_data` or `metadata` (any JSON from a base config; objects from requests).
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct ResolvedData {
    #[napi(ts_type = "unknown")]
    pub value: (),
    pub source: Source,
}

/// `plan.persist`: the timeout overrides the conversation keeps after this send.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct Persist {
    #[napi(js_name = "time_out")]
    pub time_out: Option<f64>,
    #[napi(js_name = "timeout_message")]
    pub timeout_message: Option<String>,
    #[napi(js_name = "warning_time")]
    pub warning_time: Option<f64>,
    #[napi(js_name = "warning_message")]
    pub warning_message: Option<String>,
}

/// `plan.idempotency`.
#[napi(object, object_to_js = false, object_from_js = false)]
#[derive(Debug)]
pub struct PlanIdempotency {
    /// The idempotency key, if one was given.
    #[napi(ts_type = "string | null")]
    pub key: (),
    /// `sha256:` + hex SHA-256 of the body's RFC 8785 form.
    pub fingerprint: String,
    /// The server stored this very request under this key: it will not send again.
    pub replay: bool,
}

/// How a text travels as SMS (`segments()`).
#[napi(object, object_from_js = false)]
#[derive(Debug)]
pub struct Segments {
    pub encoding: Encoding,
    /// Septets for GSM-7 (an extension character counts 2), else UTF-16 code units.
    pub units: f64,
    /// SMS segments (at least 1: the calculator counts one even for the empty text).
    pub segments: f64,
    /// Distinct grapheme clusters that forced UCS-2, in order of first appearance.
    #[napi(js_name = "ucs2_chars")]
    pub ucs2_chars: Vec<String>,
}
