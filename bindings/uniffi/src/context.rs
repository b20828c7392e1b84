//! A context (SPEC §1.2) parsed and judged once, for services and apps that check many
//! requests against the same account: each [`check_against`](crate::check_against) then skips
//! parsing, scanning and judging `contextJson` again, and answers exactly as
//! [`check`](crate::check) does for the same text.

use crate::{guarded, mirror_issues, parse_context, Issue, SmsRulesError};
use serde_json::Value;
use smsrules::PreparedContext;
use std::sync::Arc;

/// What the server knows (SPEC §1.2), parsed from `contextJson` and judged once. Immutable,
/// so one instance may be shared by any number of threads. It holds its own copy of the
/// value; it has no `toString`/`description` that could leak the account's data into logs.
#[derive(uniffi::Object)]
pub struct Context {
    /// The core's prepared context, shared with every document checked against it.
    pub(crate) prepared: Arc<PreparedContext>,
    /// Its own `INVALID_CONTEXT` issues, mirrored once (the list is fixed).
    errors: Vec<Issue>,
}

#[uniffi::export]
impl Context {
    /// Parse `contextJson` exactly as [`check`](crate::check) parses it: text that is not JSON
    /// throws `InvalidArgument`; JSON that is malformed as a context (not an object, the wrong
    /// shape, not I-JSON, nested deeper than 32 levels) becomes its [`errors`](Self::errors);
    /// duplicate keys: the last wins; `"null"` is no context.
    #[uniffi::constructor]
    pub fn new(context_json: String) -> Result<Self, SmsRulesError> {
        let (value, faults) = parse_context(&context_json)?;
        let prepared = guarded("Context", || {
            PreparedContext::new(value.unwrap_or(Value::Null), &faults)
        })?;
        let errors = mirror_issues(prepared.issues().to_vec())?;
        Ok(Context {
            prepared: Arc::new(prepared),
            errors,
        })
    }

    /// True when the context itself is well formed: [`errors`](Self::errors) is empty.
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The context's own problems (`INVALID_CONTEXT` issues) in envelope order, uncapped:
    /// every check against it reports them among its errors (there capped by `maxIssues`).
    pub fn errors(&self) -> Vec<Issue> {
        self.errors.clone()
    }

    /// The context as compact JSON text, as it is judged: duplicate keys resolved (last wins)
    /// and values that are not I-JSON replaced by `null`; `"null"` when there is none.
    pub fn context_json(&self) -> String {
        self.prepared.value().to_string()
    }
}

/// Written by hand so the value is never printed, only how many issues it has.
impl std::fmt::Debug for Context {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("errors", &self.errors.len())
            .finish_non_exhaustive()
    }
}
