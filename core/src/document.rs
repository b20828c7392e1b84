//! What one check looks at: the request body, headers, context and options, as a binding
//! hands them over or as a JSON document's text holds them (docs/src/input.md).

use crate::body::TextFindings;
use crate::issue::{Issue, Location};
use crate::options::Options;
use crate::prepared::PreparedContext;
use crate::survey::BodySurvey;
use serde_json::Value;
use std::sync::Arc;

/// A request body: raw text or bytes (parsed and limit-checked by smsrules) or an
/// already-parsed value.
#[derive(Debug, Clone)]
pub enum Body {
    /// The raw body text as it arrived.
    Text(String),
    /// The raw body bytes as they arrived: judged as [`Body::Text`] of the same text when they
    /// are UTF-8; otherwise (within the size limit) one `INVALID_JSON` at `""` with `line`,
    /// `column` and `offset` of the first byte that is not, and nothing else of the body.
    Bytes(Vec<u8>),
    /// A body over [`BODY_SIZE_LIMIT`](crate::BODY_SIZE_LIMIT) that the caller counted but did not keep (a reader
    /// bounds its memory this way): its size in bytes. It is `PAYLOAD_TOO_LARGE` with that
    /// size, exactly as [`Body::Bytes`] of that many bytes; a size within the limit counts as
    /// one byte over it.
    Oversized(usize),
    /// A parsed body (a Python dict, a JS object, a `serde_json::Value`).
    Value(Value),
}

/// A value a binding could not turn into JSON, replaced by `null` at `pointer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignFault {
    /// Which part (`Body`, `Header`, `Context` or `Options`).
    pub part: Location,
    /// RFC 6901 pointer into that part.
    pub pointer: String,
    /// What was wrong.
    pub kind: ForeignFaultKind,
}

/// Why a binding could not convert a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForeignFaultKind {
    /// Not a JSON value (a set, bytes, NaN, a lone surrogate, a function, a cycle, …).
    NotJson,
    /// A container nested deeper than the binding converts (it converts at least 33 levels).
    TooDeep,
}

/// Everything one check looks at (docs/src/input.md): a request body, and optionally headers,
/// a context (or a [`PreparedContext`]) and options.
///
/// Build one from a body with [`Document::new`] and the `with_*` methods, or from the JSON
/// document of docs/src/input.md with [`Document::from_json`].
///
/// ```
/// use smsrules::{check, Body, Document, Options, UnknownFields};
/// use serde_json::json;
///
/// let request = json!({"user_number": "+14155552671", "agent_number": "+14155550000", "agent_message": "Hi"});
/// let options = Options { unknown_fields: UnknownFields::Error, ..Options::default() };
/// let doc = Document::new(Body::Value(request))
///     .with_headers(json!({"Idempotency-Key": "order-1042"}))
///     .with_options(&options);
/// assert!(check(&doc).is_valid());
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) request: Body,
    pub(crate) headers: Option<Value>,
    pub(crate) context: Option<Value>,
    pub(crate) options: Option<Value>,
    pub(crate) faults: Vec<ForeignFault>,
    pub(crate) prepared_context: Option<Arc<PreparedContext>>,
    pub(crate) body_survey: Option<BodySurvey>,
    /// What reading the document's JSON text found, when it came from text.
    pub(crate) read: Option<Box<TextReading>>,
    /// The context's faults are all in `faults` already (a parser found them): the check
    /// need not scan the context again.
    pub(crate) context_scanned: bool,
}

/// What [`Document::from_json`] found while reading the text.
#[derive(Debug, Clone)]
pub(crate) enum TextReading {
    /// The document was read; the body's findings and the `INVALID_INPUT` issues so far.
    Read { findings: TextFindings, errors: Vec<Issue> },
    /// The document cannot be judged at all: these issues are the whole answer.
    Refused(Vec<Issue>),
}

impl Document {
    /// A document holding only a request body.
    pub fn new(request: Body) -> Document {
        Document {
            request,
            headers: None,
            context: None,
            options: None,
            faults: Vec::new(),
            prepared_context: None,
            body_survey: None,
            read: None,
            context_scanned: false,
        }
    }

    /// The JSON document of docs/src/input.md (`{"request" | "request_text", "headers",
    /// "context", "options"}`) as text. Text that is not such a document still gives a
    /// document: checking it answers `INVALID_INPUT`.
    pub fn from_json(text: &str) -> Document {
        crate::document_text::read_document(text)
    }

    /// [`Document::from_json`] over the document's bytes as they arrived (a file, stdin): bytes
    /// that are not UTF-8 are one `INVALID_INPUT` at `""` with `line`, `column` and `offset` of
    /// the first byte that is not; UTF-8 bytes give exactly the document of their text.
    pub fn from_json_bytes(bytes: &[u8]) -> Document {
        crate::document_text::read_document_bytes(bytes)
    }

    /// A document of `size` bytes that the caller counted but did not keep (a reader stops at
    /// [`DOCUMENT_SIZE_LIMIT`](crate::DOCUMENT_SIZE_LIMIT) instead of reading everything):
    /// exactly [`Document::from_json_bytes`] of that many bytes over the limit (a size within
    /// the limit counts as one byte over it).
    pub fn oversized_json(size: usize) -> Document {
        crate::document_text::oversized_document(size)
    }

    /// The request headers, a JSON object (names are case-insensitive); `None`: no headers.
    #[must_use]
    pub fn with_headers(mut self, headers: impl Into<Option<Value>>) -> Document {
        self.headers = headers.into();
        self
    }

    /// What the server knows (docs/src/context.md), replacing any context the document had
    /// (`None`: no context).
    #[must_use]
    pub fn with_context(mut self, context: impl Into<Option<Value>>) -> Document {
        self.context = context.into();
        self.context_scanned = false;
        self
    }

    /// A context judged once for many documents: it stands in for the document's own context
    /// (the `context` value and the faults at [`Location::Context`] are not read).
    #[must_use]
    pub fn with_prepared_context(mut self, context: impl Into<Option<Arc<PreparedContext>>>) -> Document {
        self.prepared_context = context.into();
        self
    }

    /// Typed options: always valid, so they add no issue.
    #[must_use]
    pub fn with_options(mut self, options: &Options) -> Document {
        self.options = Some(options.to_value());
        self
    }

    /// Options as a JSON object, as a caller wrote them: each bad or unknown option is one
    /// `INVALID_OPTIONS` and keeps its default (docs/src/input.md#options).
    #[must_use]
    pub fn with_options_value(mut self, options: impl Into<Option<Value>>) -> Document {
        self.options = options.into();
        self
    }

    /// Values a binding could not convert, each already replaced by `null` in its part.
    #[must_use]
    pub fn with_faults(mut self, faults: impl IntoIterator<Item = ForeignFault>) -> Document {
        self.faults.extend(faults);
        self
    }

    /// For a [`Body::Value`]: its survey, taken by the binding while building the value (one
    /// [`BodySurvey`] call per key and value). The check then skips its own pass over the body,
    /// so it must be exactly that value's survey (debug builds compare). Ignored for other
    /// bodies.
    #[must_use]
    pub fn with_body_survey(mut self, survey: impl Into<Option<BodySurvey>>) -> Document {
        self.body_survey = survey.into();
        self
    }
}
