//! The layers a resolved value can come from (docs/src/resolution.md), as the plan's
//! `source` names them.

/// Which layer supplied a resolved value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    /// `request.persona_settings`.
    PersonaSettings,
    /// The request itself.
    Request,
    /// The conversation's overrides.
    Conversation,
    /// `persona.number_settings`.
    NumberSettings,
    /// The persona's config.
    Persona,
    /// The agent number's config.
    Number,
    /// The documented default.
    Default,
    /// The base config's object with the request's keys over it (`request_data`).
    Merged,
}

impl Source {
    /// The wire spelling of `source`.
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Source::PersonaSettings => "request.persona_settings",
            Source::Request => "request",
            Source::Conversation => "conversation",
            Source::NumberSettings => "persona.number_settings",
            Source::Persona => "persona",
            Source::Number => "number",
            Source::Default => "default",
            Source::Merged => "merged",
        }
    }
}

impl From<Source> for serde_json::Value {
    fn from(source: Source) -> Self {
        serde_json::Value::from(source.as_str())
    }
}
