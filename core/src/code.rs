//! The closed catalogue of issue codes (docs/src/rules/index.md#all-codes). A code, once shipped, never changes meaning.

use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident => $text:literal, $meaning:literal;)*) => {
        /// A stable machine code of an [`Issue`](crate::Issue).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(#[doc = $meaning] $variant,)*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The wire spelling, e.g. `INVALID_TIMEOUT_CONFIG`.
            pub const fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            /// One line on what the code means.
            pub const fn meaning(self) -> &'static str {
                match self { $(Code::$variant => $meaning,)* }
            }

            /// The code spelled `s`, if any.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $($text => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    InvalidInput => "INVALID_INPUT", "the entry point's own document is malformed";
    InvalidOptions => "INVALID_OPTIONS", "an option has a bad value or is unknown; its default is used";
    InvalidContext => "INVALID_CONTEXT", "a part of the context is malformed or contradicts the request";
    InvalidJson => "INVALID_JSON", "the body text is not I-JSON";
    DuplicateKey => "DUPLICATE_KEY", "the same key appears twice in one object";
    PayloadTooLarge => "PAYLOAD_TOO_LARGE", "the body, request_data or metadata is over its size limit";
    PayloadTooDeep => "PAYLOAD_TOO_DEEP", "nesting is deeper than 32 levels";
    InvalidType => "INVALID_TYPE", "a value has the wrong JSON type";
    MissingField => "MISSING_FIELD", "a required field is absent";
    UnknownField => "UNKNOWN_FIELD", "a field the API does not know";
    InvalidPhoneNumber => "INVALID_PHONE_NUMBER", "a phone number is not a valid E.164 number";
    SameNumber => "SAME_NUMBER", "user_number equals agent_number";
    AgentNumberNotFound => "AGENT_NUMBER_NOT_FOUND", "agent_number is not one of the account's numbers";
    InvalidEnum => "INVALID_ENUM", "a value is not one of the allowed values";
    InvalidUuid => "INVALID_UUID", "persona_id is not a hyphenated UUID";
    EmptyValue => "EMPTY_VALUE", "a string that must not be empty is empty";
    OutOfRange => "OUT_OF_RANGE", "a number or list size is outside its allowed range";
    MessageTooLong => "MESSAGE_TOO_LONG", "agent_message is over 1,600 UTF-16 code units";
    InvalidContentSid => "INVALID_CONTENT_SID", "content_sid is not HX followed by 32 hex digits";
    InvalidContentVariables => "INVALID_CONTENT_VARIABLES", "content_variables has a bad entry or too many entries";
    ContentVariablesWithoutTemplate => "CONTENT_VARIABLES_WITHOUT_TEMPLATE", "content_variables given without content_sid";
    ConflictingMessage => "CONFLICTING_MESSAGE", "both agent_message and content_sid are given";
    NothingToSend => "NOTHING_TO_SEND", "no message, template, pathway or objective: nothing would be sent";
    WhatsappTemplateRequired => "WHATSAPP_TEMPLATE_REQUIRED", "outside the WhatsApp 24-hour window only a template may be sent";
    InvalidTimeoutConfig => "INVALID_TIMEOUT_CONFIG", "the effective warning_time is not below the effective time_out";
    InvalidUrl => "INVALID_URL", "webhook is not an absolute URL of at most 2,048 characters";
    UnsafeWebhook => "UNSAFE_WEBHOOK", "webhook is not https, carries credentials, or names a local, private or internal host, or one URL parsers read differently";
    VersionNotFound => "VERSION_NOT_FOUND", "the chosen persona version does not exist";
    ChannelNotConfigured => "CHANNEL_NOT_CONFIGURED", "the number is not provisioned for the effective channel";
    PathwaySettingWithoutPathway => "PATHWAY_SETTING_WITHOUT_PATHWAY", "pathway_version or start_node_id set while no layer names a pathway";
    InvalidIdempotencyKey => "INVALID_IDEMPOTENCY_KEY", "the idempotency-key header is malformed";
    IdempotencyKeyReused => "IDEMPOTENCY_KEY_REUSED", "the idempotency key was used before with a different body";
    TooManyIssues => "TOO_MANY_ISSUES", "more issues than max_issues; the rest are omitted";
    PhoneNormalized => "PHONE_NORMALIZED", "a phone number was written other than its canonical E.164 form (lenient spelling, a trunk prefix)";
    DuplicateId => "DUPLICATE_ID", "an id repeats in disposition_ids or citation_schema_ids; it is kept once";
    UnusedTimeoutMessage => "UNUSED_TIMEOUT_MESSAGE", "timeout_message given but no time_out is in effect";
    UnusedWarningMessage => "UNUSED_WARNING_MESSAGE", "warning_message given but no warning_time is in effect";
    PersonaVersionWithoutPersona => "PERSONA_VERSION_WITHOUT_PERSONA", "persona_version given without persona_id";
    PersonaSettingsWithoutPersona => "PERSONA_SETTINGS_WITHOUT_PERSONA", "persona_settings given without persona_id";
    IgnoredField => "IGNORED_FIELD", "a request field is cut off by persona_settings naming a pathway";
    ChannelMismatch => "CHANNEL_MISMATCH", "the resumed conversation runs on another channel";
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(*code));
            assert!(seen.insert(code.as_str()));
            assert!(code.as_str().bytes().all(|b| b.is_ascii_uppercase() || b == b'_'));
        }
        assert_eq!(Code::parse("NOPE"), None);
    }
}
