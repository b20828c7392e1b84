//! smsrules: judge one request to a conversational messaging API (`POST /v1/sms/send`)
//! with no network — is it valid, and what exactly will happen.
#![cfg_attr(
    test,
    allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]
#![warn(missing_docs)]

mod check;
pub mod code;
pub mod context;
mod context_text;
pub mod fingerprint;
pub mod issue;
pub mod json;
mod keep;
pub mod options;
pub mod phone;
mod plan;
pub mod pointer;
pub mod request;
mod resolve;
mod schema;
pub mod segments;
mod source;
mod suggest;
mod survey;
mod values;
pub mod webhook;

pub use check::{
    check, check_document, check_document_bytes, check_document_oversized, check_json, check_json_against,
    check_json_bytes, check_to_json, judge, Body, Document, ForeignFault, ForeignFaultKind, Judgement, Outcome,
    PreparedContext, BODY_SIZE_LIMIT, DEPTH_LIMIT, DOCUMENT_SIZE_LIMIT, IDEMPOTENCY_KEY_HEADER,
};
pub use code::Code;
pub use fingerprint::{fingerprint, fingerprint_json, FingerprintError};
pub use issue::{Issue, Location};
pub use phone::PHONE_METADATA_VERSION;
pub use schema::json_schema;
pub use segments::{segments, Encoding, Segments};
pub use survey::BodySurvey;
