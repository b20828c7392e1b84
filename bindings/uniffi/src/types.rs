//! The records and enums the bindings see. They mirror the core's types here, so the core
//! stays free of uniffi; each has a conversion from its core counterpart.

use serde_json::{Map, Value};

/// How unknown request fields are reported (docs/src/input.md#options `unknown_fields`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum UnknownFields {
    /// `UNKNOWN_FIELD` as a warning (the default).
    Warn,
    /// `UNKNOWN_FIELD` as an error.
    Error,
    /// Not reported.
    Ignore,
}

/// How strictly phone numbers are judged (docs/src/input.md#options `phone_check`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PhoneCheck {
    /// Length and prefix by libphonenumber metadata (the default).
    Valid,
    /// Length only.
    Possible,
    /// E.164 syntax only.
    E164,
}

/// Which phone number spellings are accepted (docs/src/input.md#options `phone_input`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum PhoneInput {
    /// Only E.164 text (the default).
    Strict,
    /// Also national and formatted spellings, normalised with a `PHONE_NORMALIZED` warning.
    Lenient,
}

/// Options of one check (docs/src/input.md#options) plus the idempotency key header. Every field is
/// optional; an absent one takes the core's default. Values the core finds out of range
/// (`maxIssues` 0, an unknown `defaultRegion`) are reported as `INVALID_OPTIONS` issues.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Options {
    /// `unknown_fields`: warn (default), error or ignore.
    #[uniffi(default)]
    pub unknown_fields: Option<UnknownFields>,
    /// `phone_check`: valid (default), possible or e164.
    #[uniffi(default)]
    pub phone_check: Option<PhoneCheck>,
    /// `phone_input`: strict (default) or lenient.
    #[uniffi(default)]
    pub phone_input: Option<PhoneInput>,
    /// `default_region`: ISO 3166-1 alpha-2 region for national numbers (lenient input only).
    #[uniffi(default)]
    pub default_region: Option<String>,
    /// `max_issues`: 1–1000, at most this many errors and this many warnings (default 100).
    #[uniffi(default)]
    pub max_issues: Option<u32>,
    /// The `Idempotency-Key` header the request would carry.
    #[uniffi(default)]
    pub idempotency_key: Option<String>,
}

impl Options {
    /// The options object of docs/src/input.md#options, holding only the options that are set; `None` when
    /// none is.
    pub(crate) fn to_core_options(&self) -> Option<Value> {
        let mut map = Map::new();
        if let Some(mode) = self.unknown_fields {
            let core = match mode {
                UnknownFields::Warn => smsrules::UnknownFields::Warn,
                UnknownFields::Error => smsrules::UnknownFields::Error,
                UnknownFields::Ignore => smsrules::UnknownFields::Ignore,
            };
            map.insert("unknown_fields".into(), core.as_str().into());
        }
        if let Some(check) = self.phone_check {
            let core = match check {
                PhoneCheck::Valid => smsrules::PhoneCheck::Valid,
                PhoneCheck::Possible => smsrules::PhoneCheck::Possible,
                PhoneCheck::E164 => smsrules::PhoneCheck::E164,
            };
            map.insert("phone_check".into(), core.as_str().into());
        }
        if let Some(input) = self.phone_input {
            let core = match input {
                PhoneInput::Strict => smsrules::PhoneInput::Strict,
                PhoneInput::Lenient => smsrules::PhoneInput::Lenient,
            };
            map.insert("phone_input".into(), core.as_str().into());
        }
        if let Some(region) = &self.default_region {
            map.insert("default_region".into(), region.as_str().into());
        }
        if let Some(max) = self.max_issues {
            map.insert("max_issues".into(), max.into());
        }
        (!map.is_empty()).then_some(Value::Object(map))
    }

    /// The headers object holding the idempotency key, or `None` without a key.
    pub(crate) fn to_core_headers(&self) -> Option<Value> {
        let key = self.idempotency_key.as_ref()?;
        let mut map = Map::new();
        map.insert(smsrules::IDEMPOTENCY_KEY_HEADER.into(), key.as_str().into());
        Some(Value::Object(map))
    }
}

/// Where an issue is: which part of the input its `path` points into (docs/src/envelope.md `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum IssueLocation {
    /// The request body.
    Body,
    /// The request headers (the idempotency key).
    Header,
    /// The server-side context.
    Context,
    /// The options.
    Options,
    /// The JSON entry point's own document.
    Input,
}

impl From<smsrules::Location> for IssueLocation {
    fn from(location: smsrules::Location) -> Self {
        match location {
            smsrules::Location::Body => IssueLocation::Body,
            smsrules::Location::Header => IssueLocation::Header,
            smsrules::Location::Context => IssueLocation::Context,
            smsrules::Location::Options => IssueLocation::Options,
            smsrules::Location::Input => IssueLocation::Input,
        }
    }
}

impl IssueLocation {
    /// The wire spelling (`"body"`, `"header"`, …), as in the JSON envelope's `in`.
    pub fn wire(self) -> &'static str {
        match self {
            IssueLocation::Body => "body",
            IssueLocation::Header => "header",
            IssueLocation::Context => "context",
            IssueLocation::Options => "options",
            IssueLocation::Input => "input",
        }
    }
}

/// Declares [`IssueCode`] with one variant per core code, its wire spelling and the
/// conversions from and to the core's (non-exhaustive) `Code`. What each code means is the
/// core's own line (`meaning()`), not repeated here.
macro_rules! issue_codes {
    ($($variant:ident => $wire:literal;)*) => {
        /// The stable machine code of an issue (docs/src/rules/index.md#all-codes). Kotlin spells the variants exactly
        /// as the wire does (`INVALID_PHONE_NUMBER`); `wireName()` gives that spelling in
        /// every language, `meaning()` one line on what the code means.
        // The variants' meanings live in the core's catalogue (`meaning()`), not in doc lines
        // repeated here.
        #[allow(missing_docs)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, uniffi::Enum)]
        pub enum IssueCode {
            $($variant,)*
        }

        impl IssueCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [IssueCode] = &[$(IssueCode::$variant,)*];

            /// The wire spelling, e.g. `INVALID_TIMEOUT_CONFIG`.
            pub const fn wire(self) -> &'static str {
                match self { $(IssueCode::$variant => $wire,)* }
            }

            /// The mirror of a core code; `None` for a code added to the core but not here
            /// (the tests catch that).
            pub fn from_core(code: smsrules::Code) -> Option<IssueCode> {
                match code {
                    $(smsrules::Code::$variant => Some(IssueCode::$variant),)*
                    _ => None,
                }
            }

            /// The core code this mirrors.
            pub const fn to_core(self) -> smsrules::Code {
                match self { $(IssueCode::$variant => smsrules::Code::$variant,)* }
            }
        }
    };
}

issue_codes! {
    InvalidInput => "INVALID_INPUT";
    InvalidOptions => "INVALID_OPTIONS";
    InvalidContext => "INVALID_CONTEXT";
    InvalidJson => "INVALID_JSON";
    DuplicateKey => "DUPLICATE_KEY";
    PayloadTooLarge => "PAYLOAD_TOO_LARGE";
    PayloadTooDeep => "PAYLOAD_TOO_DEEP";
    InvalidType => "INVALID_TYPE";
    MissingField => "MISSING_FIELD";
    UnknownField => "UNKNOWN_FIELD";
    InvalidPhoneNumber => "INVALID_PHONE_NUMBER";
    SameNumber => "SAME_NUMBER";
    AgentNumberNotFound => "AGENT_NUMBER_NOT_FOUND";
    InvalidEnum => "INVALID_ENUM";
    InvalidUuid => "INVALID_UUID";
    EmptyValue => "EMPTY_VALUE";
    OutOfRange => "OUT_OF_RANGE";
    MessageTooLong => "MESSAGE_TOO_LONG";
    InvalidContentSid => "INVALID_CONTENT_SID";
    InvalidContentVariables => "INVALID_CONTENT_VARIABLES";
    ContentVariablesWithoutTemplate => "CONTENT_VARIABLES_WITHOUT_TEMPLATE";
    ConflictingMessage => "CONFLICTING_MESSAGE";
    NothingToSend => "NOTHING_TO_SEND";
    WhatsappTemplateRequired => "WHATSAPP_TEMPLATE_REQUIRED";
    InvalidTimeoutConfig => "INVALID_TIMEOUT_CONFIG";
    InvalidUrl => "INVALID_URL";
    UnsafeWebhook => "UNSAFE_WEBHOOK";
    VersionNotFound => "VERSION_NOT_FOUND";
    ChannelNotConfigured => "CHANNEL_NOT_CONFIGURED";
    PathwaySettingWithoutPathway => "PATHWAY_SETTING_WITHOUT_PATHWAY";
    InvalidIdempotencyKey => "INVALID_IDEMPOTENCY_KEY";
    IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED";
    TooManyIssues => "TOO_MANY_ISSUES";
    PhoneNormalized => "PHONE_NORMALIZED";
    DuplicateId => "DUPLICATE_ID";
    UnusedTimeoutMessage => "UNUSED_TIMEOUT_MESSAGE";
    UnusedWarningMessage => "UNUSED_WARNING_MESSAGE";
    PersonaVersionWithoutPersona => "PERSONA_VERSION_WITHOUT_PERSONA";
    PersonaSettingsWithoutPersona => "PERSONA_SETTINGS_WITHOUT_PERSONA";
    IgnoredField => "IGNORED_FIELD";
    ChannelMismatch => "CHANNEL_MISMATCH";
}

/// The wire spelling of an issue code (`"INVALID_PHONE_NUMBER"`), e.g. for logs or for
/// comparing with a server's answer.
#[uniffi::export]
impl IssueCode {
    /// The wire spelling, as in the JSON envelope's `error`.
    pub fn wire_name(&self) -> String {
        self.wire().to_owned()
    }

    /// One line on what the code means, as the core's catalogue has it.
    pub fn meaning(&self) -> String {
        self.to_core().meaning().to_owned()
    }
}

/// The wire spelling of a location (`"body"`, `"header"`, …).
#[uniffi::export]
impl IssueLocation {
    /// The wire spelling, as in the JSON envelope's `in`.
    pub fn wire_name(&self) -> String {
        self.wire().to_owned()
    }
}

/// One problem found (docs/src/envelope.md). `in` is a keyword in Kotlin, so the field is `location`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Issue {
    /// The stable machine code.
    pub error: IssueCode,
    /// Which part `path` points into.
    pub location: IssueLocation,
    /// RFC 6901 JSON Pointer into that part (`""` is the whole part).
    pub path: String,
    /// One lower-case line for people; never quotes phone numbers or message text.
    pub message: String,
    /// The typed details (`reason`, `suggestion`, limits, sizes) as a JSON object text;
    /// `"{}"` when there are none.
    pub params_json: String,
}

impl Issue {
    /// The mirror of a core issue; `None` when its code has no mirror.
    pub(crate) fn from_core(issue: smsrules::Issue) -> Option<Issue> {
        Some(Issue {
            error: IssueCode::from_core(issue.error)?,
            location: issue.location.into(),
            path: issue.path,
            message: issue.message,
            params_json: Value::Object(issue.params).to_string(),
        })
    }
}

/// The answer of one check: a plan when valid, otherwise errors; warnings either way.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Outcome {
    /// True exactly when there are no errors (and so a plan).
    pub ok: bool,
    /// The plan (docs/src/plan.md) as compact JSON text, `null` exactly when there are errors.
    pub plan_json: Option<String>,
    /// Errors, sorted by (location, path, code) as in the envelope.
    pub errors: Vec<Issue>,
    /// Warnings, in the same order.
    pub warnings: Vec<Issue>,
}

/// The SMS character encoding a text needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum SmsEncoding {
    /// GSM 03.38 7-bit default alphabet with its extension table (`"GSM-7"`).
    Gsm7,
    /// UCS-2 / UTF-16 (`"UCS-2"`).
    Ucs2,
}

impl From<smsrules::Encoding> for SmsEncoding {
    fn from(encoding: smsrules::Encoding) -> Self {
        match encoding {
            smsrules::Encoding::Gsm7 => SmsEncoding::Gsm7,
            smsrules::Encoding::Ucs2 => SmsEncoding::Ucs2,
        }
    }
}

/// How a text travels as SMS (docs/src/getting-started/index.md `segments`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Segments {
    /// The encoding the whole text needs.
    pub encoding: SmsEncoding,
    /// Septets for GSM-7 (an extension character counts 2), else UTF-16 code units.
    pub units: u32,
    /// SMS segments (at least 1: the calculator counts one even for the empty text).
    pub segments: u32,
    /// Distinct grapheme clusters that forced UCS-2, in order of first appearance.
    pub ucs2_chars: Vec<String>,
}

impl From<smsrules::Segments> for Segments {
    fn from(counted: smsrules::Segments) -> Self {
        Segments {
            encoding: counted.encoding.into(),
            units: saturating_u32(counted.units),
            segments: saturating_u32(counted.segments),
            ucs2_chars: counted.ucs2_chars,
        }
    }
}

/// `usize` → `u32`; no text that fits in a phone's memory reaches the limit.
fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_core_code_has_a_mirror_with_the_same_spelling() {
        for code in smsrules::Code::ALL {
            let mirror = IssueCode::from_core(*code);
            assert_eq!(mirror.map(IssueCode::wire), Some(code.as_str()), "{code:?}");
        }
        assert_eq!(IssueCode::ALL.len(), smsrules::Code::ALL.len());
    }

    #[test]
    fn every_code_converts_back_and_means_what_the_core_says() {
        for code in IssueCode::ALL {
            assert_eq!(IssueCode::from_core(code.to_core()), Some(*code));
            assert_eq!(code.meaning(), code.to_core().meaning());
            assert!(!code.meaning().is_empty(), "{code:?}");
        }
    }

    #[test]
    fn every_core_location_keeps_its_spelling() {
        for text in ["body", "header", "context", "options", "input"] {
            let core = smsrules::Location::parse(text).unwrap();
            assert_eq!(IssueLocation::from(core).wire(), text);
        }
    }

    #[test]
    fn empty_options_give_no_options_object_and_no_headers() {
        let options = Options::default();
        assert_eq!(options.to_core_options(), None);
        assert_eq!(options.to_core_headers(), None);
    }

    #[test]
    fn every_option_is_spelled_as_the_spec_does() {
        let options = Options {
            unknown_fields: Some(UnknownFields::Error),
            phone_check: Some(PhoneCheck::E164),
            phone_input: Some(PhoneInput::Lenient),
            default_region: Some("GB".into()),
            max_issues: Some(7),
            idempotency_key: Some("key-1".into()),
        };
        assert_eq!(
            options.to_core_options(),
            Some(serde_json::json!({
                "unknown_fields": "error", "phone_check": "e164", "phone_input": "lenient",
                "default_region": "GB", "max_issues": 7
            }))
        );
        assert_eq!(
            options.to_core_headers(),
            Some(serde_json::json!({"idempotency-key": "key-1"}))
        );
        for (mode, text) in [(UnknownFields::Warn, "warn"), (UnknownFields::Ignore, "ignore")] {
            let only = Options {
                unknown_fields: Some(mode),
                ..Options::default()
            };
            assert_eq!(
                only.to_core_options(),
                Some(serde_json::json!({ "unknown_fields": text }))
            );
        }
        for (check, text) in [(PhoneCheck::Valid, "valid"), (PhoneCheck::Possible, "possible")] {
            let only = Options {
                phone_check: Some(check),
                ..Options::default()
            };
            assert_eq!(only.to_core_options(), Some(serde_json::json!({ "phone_check": text })));
        }
        let strict = Options {
            phone_input: Some(PhoneInput::Strict),
            ..Options::default()
        };
        assert_eq!(
            strict.to_core_options(),
            Some(serde_json::json!({ "phone_input": "strict" }))
        );
    }

    #[test]
    fn counts_convert_and_saturate() {
        assert_eq!(saturating_u32(5), 5);
        assert_eq!(saturating_u32(usize::MAX), u32::MAX);
        let counted = smsrules::Segments {
            encoding: smsrules::Encoding::Ucs2,
            units: 3,
            segments: 1,
            ucs2_chars: vec!["é".into()],
        };
        let mirror = Segments::from(counted);
        assert_eq!(mirror.encoding, SmsEncoding::Ucs2);
        assert_eq!((mirror.units, mirror.segments), (3, 1));
        assert_eq!(mirror.ucs2_chars, vec!["é".to_owned()]);
    }
}
