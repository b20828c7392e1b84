//! The one error type a caller sees: raised only when a call cannot run. Bad *data* in a
//! request is never an error here; it comes back as issues in the [`Outcome`](crate::Outcome).

/// Why a call could not run. Kotlin sees `SmsRulesException` (with subclasses
/// `InvalidArgument` and `Internal`), Swift `SmsRulesError` (cases `.InvalidArgument` and
/// `.Internal`). Messages never quote the caller's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
pub enum SmsRulesError {
    /// An argument that must be JSON text is not: `contextJson` of `check`, `checkRequest` or
    /// `Context`, a JSON text field of a `SendRequest`, or `requestJson` of `fingerprint`.
    #[error("{argument} {reason}")]
    InvalidArgument {
        /// The argument's name as the bindings spell it (`contextJson`, `requestJson`,
        /// `request.metadataJson`).
        argument: String,
        /// What is wrong and where (line and column, or a JSON Pointer).
        reason: String,
    },
    /// smsrules failed unexpectedly (a bug: please report it). The process is unharmed.
    #[error("{reason}")]
    Internal {
        /// Which call failed.
        reason: String,
    },
}
