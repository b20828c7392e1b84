//! A context (docs/src/context.md) parsed and judged once, for services and apps that check many
//! requests against the same account: each [`Context::check`] then skips parsing, scanning
//! and judging `contextJson` again, and answers exactly as [`check`](crate::check) does for
//! the same text.
//!
//! The check is a method, not a function taking the object: uniffi's Kotlin keeps the object
//! alive through a method call even if another thread calls `close()`, but an object passed
//! as an argument is lowered without that guard, so a closed `Context` passed to a function
//! would be used after it was freed (a JVM crash, tried). A method on a closed one throws
//! `IllegalStateException`.

use crate::{check_document, guarded, mirror_issues, not_json, Issue, Options, Outcome, SendRequest, SmsRulesError};
use smsrules::{Body, Document, PreparedContext};
use std::sync::Arc;

/// What the server knows (docs/src/context.md), parsed from `contextJson` and judged once. Immutable,
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
    /// Parse `contextJson` exactly as `check` parses it: text that is not JSON throws
    /// `InvalidArgument`; JSON that is malformed as a context (not an object, the wrong shape,
    /// not I-JSON, nested deeper than 32 levels) becomes its `errors`; duplicate keys: the last
    /// wins; `"null"` is no context.
    #[uniffi::constructor]
    pub fn new(context_json: String) -> Result<Self, SmsRulesError> {
        let prepared = guarded("Context", || PreparedContext::from_json(&context_json))?
            .map_err(|e| not_json("contextJson", &e))?;
        let errors = mirror_issues(prepared.issues().to_vec())?;
        Ok(Context {
            prepared: Arc::new(prepared),
            errors,
        })
    }

    /// Judge one request against this context: exactly what `check(requestJson, contextJson,
    /// options)` answers for the text this context was built from, without parsing and judging
    /// the context again. Throws only on an internal failure.
    pub fn check(&self, request_json: String, options: Options) -> Result<Outcome, SmsRulesError> {
        let mut document = Document::new(Body::Text(request_json));
        document = document.with_prepared_context(Some(Arc::clone(&self.prepared)));
        check_document(document, &options)
    }

    /// Judge one request given as a typed record against this context: exactly what
    /// `checkRequest(request, contextJson, options)` answers for the text this context was
    /// built from. Throws when one of the record's JSON text fields is not JSON.
    pub fn check_request(&self, request: SendRequest, options: Options) -> Result<Outcome, SmsRulesError> {
        let (body, faults) = request.to_body()?;
        let mut document = Document::new(Body::Value(body));
        document = document.with_faults(faults);
        document = document.with_prepared_context(Some(Arc::clone(&self.prepared)));
        check_document(document, &options)
    }

    /// True when the context itself is well formed: `errors` is empty.
    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }

    /// The context's own problems (`INVALID_CONTEXT` issues) in envelope order, uncapped:
    /// every check against it reports them among its errors (there capped by `maxIssues`). A
    /// check may add `INVALID_CONTEXT` issues that depend on the request or the options (its
    /// `number.phone_number` is not the request's `agent_number`, say), which no context alone
    /// can show.
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
