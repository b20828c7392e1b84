//! smsrules: judge one request to a conversational messaging API (`POST /v1/sms/send`)
//! with no network — is it valid, and what exactly will happen.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic))]
#![warn(missing_docs)]

mod check;
pub mod code;
pub mod fingerprint;
pub mod issue;
pub mod json;
pub mod phone;
pub mod pointer;
pub mod segments;
pub mod webhook;

pub use check::{check, check_json, json_schema, Body, Document, ForeignFault, ForeignFaultKind, Outcome};
pub use code::Code;
pub use fingerprint::fingerprint;
pub use issue::{Issue, Location};
pub use phone::PHONE_METADATA_VERSION;
pub use segments::{segments, Encoding, Segments};
