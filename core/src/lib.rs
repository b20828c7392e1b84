#![doc = include_str!("../README.md")]
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]

// The pipeline and what it reads and answers.
mod body;
mod check;
mod document;
mod document_text;
mod outcome;
mod prepared;

// The rules.
mod code;
mod context;
mod context_text;
mod cross_field;
mod issue;
mod keep;
mod options;
mod plan;
mod request;
mod resolve;
mod schema;
mod segments;
mod source;
mod suggest;
mod survey;
mod values;

// Building blocks with their own use outside a check (the parser, the phone engine, the
// webhook judgement, JSON Pointers, the fingerprint).
pub mod fingerprint;
pub mod json;
pub mod phone;
pub mod pointer;
pub mod webhook;

pub use check::{
    check, check_json, check_to_json, judge, BODY_SIZE_LIMIT, DEPTH_LIMIT, DOCUMENT_SIZE_LIMIT, IDEMPOTENCY_KEY_HEADER,
};
pub use code::Code;
pub use document::{Body, Document, ForeignFault, ForeignFaultKind};
pub use fingerprint::{fingerprint, fingerprint_converted, fingerprint_json, fingerprint_json_bytes, FingerprintError};
pub use issue::{Issue, Location};
pub use options::{Options, PhoneInput, UnknownFields, UnknownSpelling, DEFAULT_MAX_ISSUES};
pub use outcome::{Judgement, Outcome};
pub use phone::{PhoneCheck, PHONE_METADATA_VERSION};
pub use prepared::PreparedContext;
pub use schema::json_schema;
pub use segments::{segments, Encoding, Segments};
pub use survey::BodySurvey;
