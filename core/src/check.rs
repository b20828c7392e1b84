//! The public entry points: the typed `check` over a [`Document`] and the JSON entry point
//! `check_json` over the document of docs/src/input.md.

use crate::code::Code;
use crate::issue::{Issue, Location};
use crate::plan::{JsonOut, Plan};
use crate::survey::BodySurvey;
use serde_json::Value;
use std::borrow::Cow;
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
    /// A body over [`BODY_SIZE_LIMIT`] that the caller counted but did not keep (a reader
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

/// Everything one check looks at (docs/src/input.md).
#[derive(Debug, Clone)]
pub struct Document {
    /// The request body.
    pub request: Body,
    /// Request headers as a JSON object (names case-insensitive), if any.
    pub headers: Option<Value>,
    /// What the server knows (docs/src/context.md), if anything.
    pub context: Option<Value>,
    /// Options (docs/src/input.md#options) as a JSON object.
    pub options: Option<Value>,
    /// Values a binding could not convert.
    pub faults: Vec<ForeignFault>,
    /// A context judged once for many documents. When set it is the document's context:
    /// `context` and the faults at [`Location::Context`] are not read.
    pub prepared_context: Option<Arc<PreparedContext>>,
    /// For a [`Body::Value`]: its survey, taken by the binding while building it (one
    /// [`BodySurvey`] call per key and value). The check then skips its own pass over the
    /// body, so it must be exactly that value's survey (debug builds compare). Ignored for
    /// other bodies.
    pub body_survey: Option<BodySurvey>,
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
        }
    }
}

/// A context (docs/src/context.md) scanned, read and judged once, to check many requests against: a
/// server's account, number and persona change far less often than requests arrive. Each
/// check then uses its typed reading as it is; its issues are the ones a [`Document`]
/// holding the same context value and faults would give.
#[derive(Debug)]
pub struct PreparedContext {
    parsed: ParsedContext,
    /// The context's own issues (`INVALID_CONTEXT`), in envelope order: the first ones, as
    /// many as any envelope could show.
    issues: Vec<Issue>,
    /// What they leave out.
    omitted: crate::issue::Omitted,
}

/// A context value and the top-level parts its reading skips (already reported as faults):
/// what the typed reading borrows from.
#[derive(Debug)]
struct ContextSource {
    value: Value,
    skip: Vec<String>,
}

/// The typed context of one [`PreparedContext`], borrowing from its value.
type TypedContext<'a> = crate::context::Context<'a>;

self_cell::self_cell!(
    /// A context value kept together with its typed reading, so checks need not read it again.
    struct ParsedContext {
        owner: ContextSource,
        #[covariant]
        dependent: TypedContext,
    }
    impl {Debug}
);

impl ParsedContext {
    /// Read `source` as a context, its issues into `issues`.
    fn read(source: ContextSource, issues: &mut Vec<Issue>) -> ParsedContext {
        ParsedContext::new(source, |source| {
            crate::context::parse_context(&source.value, &source.skip, issues)
        })
    }
}

impl PreparedContext {
    /// Judge `value` as a context; `faults` are the binding's conversion faults (those at
    /// [`Location::Context`] are read, the others ignored).
    pub fn new(value: Value, faults: &[ForeignFault]) -> PreparedContext {
        PreparedContext::judged(value, faults, false)
    }

    /// Judge `value`; `scanned` when `faults` already hold everything a scan would find.
    pub(crate) fn judged(value: Value, faults: &[ForeignFault], scanned: bool) -> PreparedContext {
        let mut issues = Vec::new();
        let skip = context_faults(&value, scanned, faults, &mut issues);
        let parsed = ParsedContext::read(ContextSource { value, skip }, &mut issues);
        let mut omitted = crate::issue::Omitted::default();
        crate::issue::compact(&mut issues, crate::keep::MAX_KEPT, &mut omitted);
        PreparedContext {
            parsed,
            issues,
            omitted,
        }
    }

    /// The context value.
    pub fn value(&self) -> &Value {
        &self.parsed.borrow_owner().value
    }

    /// The context's own issues (empty when it is well formed) in envelope order: every check
    /// against it reports them among its errors. At most as many as an envelope can show;
    /// [`PreparedContext::omitted`] counts the rest.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// How many issues of the context [`PreparedContext::issues`] leaves out.
    pub fn omitted(&self) -> usize {
        self.omitted.count
    }
}

impl Clone for PreparedContext {
    fn clone(&self) -> Self {
        let source = self.parsed.borrow_owner();
        let copy = ContextSource {
            value: source.value.clone(),
            skip: source.skip.clone(),
        };
        // Reading it again gives the same issues, already held in `issues`.
        PreparedContext {
            parsed: ParsedContext::read(copy, &mut Vec::new()),
            issues: self.issues.clone(),
            omitted: self.omitted.clone(),
        }
    }
}

impl PartialEq for PreparedContext {
    fn eq(&self, other: &Self) -> bool {
        let (mine, theirs) = (self.parsed.borrow_owner(), other.parsed.borrow_owner());
        mine.value == theirs.value
            && mine.skip == theirs.skip
            && self.issues == other.issues
            && self.omitted == other.omitted
    }
}

/// The answer: a plan when valid, otherwise errors; warnings either way.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The plan (docs/src/plan.md), `None` exactly when there are errors.
    pub plan: Option<Value>,
    /// Errors in envelope order.
    pub errors: Vec<Issue>,
    /// Warnings in envelope order.
    pub warnings: Vec<Issue>,
}

impl Outcome {
    /// True when there are no errors (the plan is present).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The envelope of docs/src/envelope.md as a JSON value: `{data, errors, warnings}`.
    pub fn to_value(&self) -> Value {
        let mut map = serde_json::Map::new();
        map.insert("data".into(), self.plan.clone().unwrap_or(Value::Null));
        map.insert(
            "errors".into(),
            if self.errors.is_empty() {
                Value::Null
            } else {
                serde_json::to_value(&self.errors).unwrap_or(Value::Null)
            },
        );
        map.insert(
            "warnings".into(),
            serde_json::to_value(&self.warnings).unwrap_or(Value::Array(Vec::new())),
        );
        Value::Object(map)
    }

    /// The envelope as compact JSON text (the same bytes as `to_value().to_string()`, written
    /// straight from the outcome: no copy of the plan, no intermediate values).
    pub fn to_json(&self) -> String {
        self.write_json().unwrap_or_else(|| self.to_value().to_string())
    }

    fn write_json(&self) -> Option<String> {
        write_envelope(
            self.plan
                .as_ref()
                .map(|plan| move |out: &mut JsonOut<'_>| out.value(plan)),
            &self.errors,
            &self.warnings,
        )
    }
}

/// The envelope `{"data", "errors", "warnings"}` as compact JSON text, `write_plan` writing
/// the plan; `None` only if the text is not UTF-8 (it always is).
fn write_envelope(
    write_plan: Option<impl FnOnce(&mut JsonOut<'_>)>,
    errors: &[Issue],
    warnings: &[Issue],
) -> Option<String> {
    let mut buffer: Vec<u8> = Vec::with_capacity(1024);
    let mut out = JsonOut(&mut buffer);
    out.0.extend_from_slice(b"{\"data\":");
    match write_plan {
        Some(write) => write(&mut out),
        None => out.0.extend_from_slice(b"null"),
    }
    out.0.extend_from_slice(b",\"errors\":");
    if errors.is_empty() {
        out.0.extend_from_slice(b"null");
    } else {
        out.issues(errors);
    }
    out.0.extend_from_slice(b",\"warnings\":");
    out.issues(warnings);
    out.0.push(b'}');
    String::from_utf8(buffer).ok()
}

/// What one run found, before it becomes an [`Outcome`] or envelope text: the plan (still
/// borrowing from the document) exactly when there are no errors, and the issues sorted and
/// capped.
struct Verdict<'p> {
    plan: Option<Plan<'p>>,
    errors: Vec<Issue>,
    warnings: Vec<Issue>,
}

impl Verdict<'_> {
    fn into_outcome(self) -> Outcome {
        Outcome {
            plan: self.plan.as_ref().map(Plan::to_value),
            errors: self.errors,
            warnings: self.warnings,
        }
    }

    /// The envelope text, the plan written where it lies.
    fn into_json(self) -> String {
        let write_plan = self
            .plan
            .as_ref()
            .map(|plan| move |out: &mut JsonOut<'_>| plan.write(out));
        match write_envelope(write_plan, &self.errors, &self.warnings) {
            Some(text) => text,
            None => self.into_outcome().to_json(),
        }
    }
}

/// Largest body, in UTF-8 bytes of the text (or of its RFC 8785 form when parsed).
pub const BODY_SIZE_LIMIT: usize = 1024 * 1024;
/// Deepest nesting of the body and of the context (the body object is level 1).
pub const DEPTH_LIMIT: usize = 32;
/// Largest document `check_json` reads.
pub const DOCUMENT_SIZE_LIMIT: usize = 64 * 1024 * 1024;
/// The request header that carries the idempotency key (names are case-insensitive).
pub const IDEMPOTENCY_KEY_HEADER: &str = "idempotency-key";
const HEADER: &str = IDEMPOTENCY_KEY_HEADER;

/// What smsrules found while parsing text that held the body or the context (so the values
/// need no second scan).
#[derive(Debug, Default)]
struct TextFindings {
    /// Body pointers of later duplicate keys (the first ones, see [`crate::json::Parsed`]).
    body_duplicates: Vec<String>,
    /// Body pointers of values that are not I-JSON, and why (the first ones).
    body_not_ijson: Vec<(String, crate::json::Fault)>,
    /// How many duplicate keys and values that are not I-JSON the two lists leave out.
    body_omitted: usize,
    /// Body pointers of the first value that is not I-JSON in each field.
    body_fault_fields: Vec<String>,
    /// The body text itself could not be represented (e.g. `request_text` held a lone surrogate).
    body_text_not_ijson: bool,
}

/// Judge one document.
pub fn check(doc: &Document) -> Outcome {
    run(doc, None, Vec::new(), Want::Plan, |verdict| verdict.into_outcome())
}

/// Judge one document and write its envelope (docs/src/envelope.md) as compact JSON text: exactly
/// `check(doc).to_json()`, with the plan written where it lies instead of built as a value
/// first (for bindings that hand the answer on as text).
pub fn check_to_json(doc: &Document) -> String {
    run(doc, None, Vec::new(), Want::Plan, |verdict| verdict.into_json())
}

/// The errors and warnings of one document, without its plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// Errors in envelope order, exactly as [`check`] gives them.
    pub errors: Vec<Issue>,
    /// Warnings in envelope order, exactly as [`check`] gives them.
    pub warnings: Vec<Issue>,
}

impl Judgement {
    /// True when there are no errors ([`check`] would give a plan).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Judge one document without building its plan: the same issues as [`check`], for callers
/// that ask "is it valid?" and want the plan later or never. It skips the plan's value and,
/// unless an idempotency key needs it, the body's SHA-256.
pub fn judge(doc: &Document) -> Judgement {
    run(doc, None, Vec::new(), Want::Issues, |verdict| Judgement {
        errors: verdict.errors,
        warnings: verdict.warnings,
    })
}

/// What the caller of [`run`] will use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// The plan too.
    Plan,
    /// Only the errors and warnings.
    Issues,
}

/// Judge `doc`, then hand the verdict to `deliver` (the plan borrows from `doc`).
fn run<R>(
    doc: &Document,
    findings: Option<&TextFindings>,
    mut errors: Vec<Issue>,
    want: Want,
    deliver: impl FnOnce(Verdict<'_>) -> R,
) -> R {
    let mut warnings = Vec::new();
    // Issues found but dropped on the way (errors, warnings): memory stays bounded.
    let mut omitted: [crate::issue::Omitted; 2] = Default::default();
    let mut option_issues = Vec::new();
    let options = crate::options::parse_options(doc.options.as_ref(), &mut option_issues);
    let max_issues = options.max_issues;
    errors.append(&mut option_issues);
    // docs/src/edge-cases.md: option issues sit at `/name`, one per bad value, so a fault deep inside an
    // option is reported at the option, once, unless its value was already found bad.
    let mut reported_options: std::collections::HashSet<String> = errors
        .iter()
        .filter(|e| e.location == Location::Options)
        .map(|e| e.path.clone())
        .collect();
    for f in doc.faults.iter().filter(|f| f.part == Location::Options) {
        let path =
            crate::pointer::first_token(&f.pointer).map_or_else(String::new, |name| crate::pointer::join("", &name));
        if reported_options.insert(path.clone()) {
            errors.push(Issue::new(
                Code::InvalidOptions,
                Location::Options,
                path,
                fault_message(f.kind, "option"),
            ));
        }
    }
    drop(reported_options);
    let [omitted_errors, _] = &mut omitted;
    crate::issue::compact(&mut errors, max_issues, omitted_errors);
    let idempotency_key = read_idempotency_key(doc.headers.as_ref(), &mut errors);
    // One issue per bad header: an `Idempotency-Key` already judged bad (a lone surrogate
    // arrives as U+FFFD, which is not visible ASCII) is not reported again as unreadable.
    let key_reported = errors.iter().any(|e| e.location == Location::Header);
    for f in doc
        .faults
        .iter()
        .filter(|f| f.part == Location::Header || f.part == Location::Input)
    {
        let is_key = crate::pointer::first_token(&f.pointer).is_some_and(|name| name.eq_ignore_ascii_case(HEADER));
        if is_key && key_reported {
            continue;
        }
        let issue = Issue::new(
            Code::InvalidInput,
            Location::Input,
            format!("/headers{}", f.pointer),
            fault_message(f.kind, "header"),
        );
        crate::issue::push_bounded(&mut errors, issue, max_issues, omitted_errors);
    }
    let mut context_slot = None;
    let context = read_context(doc, findings.is_some(), &mut errors, &mut context_slot, omitted_errors);
    crate::issue::compact(&mut errors, max_issues, omitted_errors);

    // The fingerprint goes into the plan and decides replay or reuse of an idempotency key.
    let hash = want == Want::Plan || idempotency_key.is_some();
    let body = read_body(doc, findings, hash, &mut errors, omitted_errors);
    crate::issue::compact(&mut errors, max_issues, omitted_errors);
    let Some((body_value, reported, summary)) = body else {
        return deliver(finish(None, errors, warnings, max_issues, omitted));
    };
    let Value::Object(map) = body_value.as_ref() else {
        return deliver(finish(None, errors, warnings, max_issues, omitted));
    };
    let [request_data, metadata] = summary.members;
    let sizes = crate::request::SizedFields { request_data, metadata };
    let request = crate::request::read_request(
        map,
        &reported,
        &sizes,
        &options,
        context.account_numbers.as_ref(),
        crate::request::Lists {
            errors: &mut errors,
            warnings: &mut warnings,
            omitted: &mut omitted,
        },
    );
    // Always there when hashed: only a body over the size limit goes unhashed, and it is
    // rejected. Unhashed, it is only ever part of a plan nobody sees.
    let fingerprint = match summary.fingerprint {
        Some(fingerprint) => fingerprint,
        None if hash => crate::fingerprint::fingerprint(&body_value),
        None => String::new(),
    };
    let inputs = crate::resolve::Inputs {
        context,
        idempotency_key: idempotency_key.as_deref(),
        fingerprint: &fingerprint,
        phone_check: options.phone_check,
        want_plan: want == Want::Plan,
    };
    let plan = crate::resolve::resolve(&request, &inputs, &mut errors, &mut warnings);
    deliver(finish(plan, errors, warnings, max_issues, omitted))
}

/// The verdict: each list sorted and capped (`omitted`: the errors and warnings already
/// dropped on the way), the suggestions of the unknown fields shown worked out.
fn finish(
    plan: Option<Plan<'_>>,
    mut errors: Vec<Issue>,
    mut warnings: Vec<Issue>,
    max_issues: usize,
    omitted: [crate::issue::Omitted; 2],
) -> Verdict<'_> {
    let [omitted_errors, omitted_warnings] = omitted;
    crate::issue::finish_list(&mut errors, max_issues, omitted_errors);
    crate::issue::finish_list(&mut warnings, max_issues, omitted_warnings);
    for issue in errors.iter_mut().chain(warnings.iter_mut()) {
        crate::request::suggest(issue);
    }
    let plan = if errors.is_empty() { plan } else { None };
    Verdict { plan, errors, warnings }
}

fn fault_message(kind: ForeignFaultKind, what: &str) -> String {
    match kind {
        ForeignFaultKind::NotJson => format!("this {what} value is not a JSON value"),
        ForeignFaultKind::TooDeep => format!("this {what} value nests deeper than {DEPTH_LIMIT} levels"),
    }
}

/// The valid `idempotency-key` header, if any (docs/src/rules/index.md#idempotency, docs/src/edge-cases.md#idempotency).
fn read_idempotency_key(headers: Option<&Value>, errors: &mut Vec<Issue>) -> Option<String> {
    let map = match headers {
        None | Some(Value::Null) => return None,
        Some(Value::Object(map)) => map,
        Some(other) => {
            errors.push(Issue::new(
                Code::InvalidInput,
                Location::Input,
                "/headers",
                format!("`headers` must be an object, not {}", crate::values::type_name(other)),
            ));
            return None;
        }
    };
    let bad = |message: &str| {
        Issue::new(
            Code::InvalidIdempotencyKey,
            Location::Header,
            "/idempotency-key",
            message,
        )
    };
    let mut spellings = map
        .iter()
        .filter(|(name, value)| name.eq_ignore_ascii_case(HEADER) && !value.is_null());
    let (_, value) = spellings.next()?;
    if spellings.next().is_some() {
        errors.push(bad("the `idempotency-key` header is given more than once"));
        return None;
    }
    let Value::String(key) = value else {
        errors.push(bad("the `idempotency-key` header must be a string"));
        return None;
    };
    let length = key.chars().count();
    if length == 0 || length > 255 {
        errors.push(
            bad("the `idempotency-key` header must be 1 to 255 characters")
                .with("min", 1)
                .with("max", 255)
                .with("length", length),
        );
        return None;
    }
    if !key.bytes().all(|b| (0x21..=0x7e).contains(&b)) {
        errors.push(bad(
            "the `idempotency-key` header may hold only visible ASCII characters (0x21 to 0x7E)",
        ));
        return None;
    }
    Some(key.clone())
}

/// The document's typed context: a prepared context's own reading, or one read now into
/// `slot` (a context is over a kilobyte; it is read in place, not moved).
fn read_context<'s, 'a: 's>(
    doc: &'a Document,
    scanned: bool,
    errors: &mut Vec<Issue>,
    slot: &'s mut Option<TypedContext<'a>>,
    omitted: &mut crate::issue::Omitted,
) -> &'s TypedContext<'a> {
    if let Some(prepared) = doc.prepared_context.as_deref() {
        errors.extend(prepared.issues.iter().cloned());
        omitted.merge(&prepared.omitted);
        return prepared.parsed.borrow_dependent();
    }
    let Some(value) = doc.context.as_ref() else {
        return slot.insert(TypedContext::default());
    };
    let skip = context_faults(value, scanned, &doc.faults, errors);
    slot.insert(crate::context::parse_context(value, &skip, errors))
}

/// Report the context's faults (nested too deep, not JSON; `scanned` when a parser already
/// found them and put them in `faults`) and give the top-level parts they were found in, which
/// reading the context then skips.
fn context_faults(value: &Value, scanned: bool, faults: &[ForeignFault], errors: &mut Vec<Issue>) -> Vec<String> {
    let mut skip: Vec<String> = Vec::new();
    let mut skipped: std::collections::HashSet<String> = std::collections::HashSet::new();
    // One issue per top-level part (docs/src/edge-cases.md): a binding's own depth cut-off below the
    // core's may report the same part again, deeper.
    let mut report = |pointer: &str, message: String, errors: &mut Vec<Issue>| {
        // Unknown fields are not judged, however deep or odd their contents.
        if !crate::context::is_read(value, pointer) {
            return;
        }
        let part = crate::pointer::first_token(pointer);
        if part.as_ref().is_some_and(|p| skipped.contains(p)) {
            return;
        }
        errors.push(Issue::new(
            Code::InvalidContext,
            Location::Context,
            pointer.to_owned(),
            message,
        ));
        if let Some(part) = part {
            skipped.insert(part.clone());
            skip.push(part);
        }
    };
    // The core's own scan first, so a part nested too deep is reported at the same pointer
    // as `check_json` reports it, whatever depth the binding converted to.
    if !scanned {
        let found = crate::json::scan(value, DEPTH_LIMIT);
        for p in found.too_deep {
            report(&p, fault_message(ForeignFaultKind::TooDeep, "context"), errors);
        }
        for (p, _) in found.field_faults {
            report(&p, fault_message(ForeignFaultKind::NotJson, "context"), errors);
        }
    }
    for f in faults.iter().filter(|f| f.part == Location::Context) {
        report(&f.pointer, fault_message(f.kind, "context"), errors);
    }
    skip
}

/// The body's canonical sizes (and fingerprint, below `hash_limit` bytes). When nothing is
/// hashed and the survey's bound shows every size within the smallest limit, the bound stands
/// in for them: sizes are only compared with the limits, and reported only when over one.
fn summary_of(body: &Value, survey: &BodySurvey, hash_limit: usize) -> crate::fingerprint::BodySummary<2> {
    if hash_limit == 0 && survey.canonical_bound <= crate::request::OBJECT_SIZE_LIMIT {
        return crate::fingerprint::bounded_summary(body, SIZED, survey.canonical_bound);
    }
    crate::fingerprint::summarize(body, SIZED, hash_limit)
}

/// The body as a value, with the top-level fields already reported (too deep, not JSON);
/// `None` when the body cannot be judged field by field.
/// A body handed over parsed is borrowed, not copied. The summary gives the canonical sizes
/// of `request_data` and `metadata` and the fingerprint, from one pass over the body.
fn read_body<'a>(
    doc: &'a Document,
    findings: Option<&TextFindings>,
    hash: bool,
    errors: &mut Vec<Issue>,
    omitted: &mut crate::issue::Omitted,
) -> Option<(Cow<'a, Value>, Vec<String>, Summary)> {
    let hash_limit = |limit: usize| if hash { limit } else { 0 };
    let mut reported = Reported::default();
    let (value, summary) = match &doc.request {
        Body::Text(text) => {
            let (value, summary) = read_body_text(text, findings, hash, errors, &mut reported, omitted)?;
            (Cow::Owned(value), summary)
        }
        Body::Oversized(size) => {
            errors.push(too_large((*size).max(BODY_SIZE_LIMIT + 1)));
            return None;
        }
        Body::Bytes(bytes) => {
            let text = body_bytes_as_text(bytes, errors)?;
            let (value, summary) = read_body_text(text, findings, hash, errors, &mut reported, omitted)?;
            (Cow::Owned(value), summary)
        }
        Body::Value(value) => {
            if let Some(f) = findings {
                for p in &f.body_duplicates {
                    errors.push(duplicate_key(p));
                }
                for (p, fault) in &f.body_not_ijson {
                    errors.push(not_ijson(p, *fault, Code::InvalidJson));
                }
                for p in &f.body_fault_fields {
                    reported.mark(p);
                }
                omitted.add_count(f.body_omitted);
            }
            let survey = match doc.body_survey {
                Some(given) => {
                    debug_assert_eq!(given, crate::survey::survey(value), "the binding's survey of the body");
                    given
                }
                None => crate::survey::survey(value),
            };
            let summary = summary_of(value, &survey, hash_limit(BODY_SIZE_LIMIT));
            if summary.len > BODY_SIZE_LIMIT {
                errors.push(too_large(summary.len));
                return None;
            }
            // The scan finds pointers; the survey already knows whether there is any to find.
            if findings.is_none() && (survey.deepest > DEPTH_LIMIT || survey.noncharacter) {
                let found = crate::json::scan(value, DEPTH_LIMIT);
                // A string of a parsed body can only hold a noncharacter here, which makes the
                // body not I-JSON however it arrived: `INVALID_JSON`, as for its text.
                for (p, fault) in found.faults {
                    errors.push(not_ijson(&p, fault, Code::InvalidJson));
                }
                omitted.add_count(found.faults_omitted);
                for (p, _) in found.field_faults {
                    reported.mark(&p);
                }
                for p in found.too_deep {
                    if let Some(field) = reported.mark(&p) {
                        errors.push(too_deep(&field));
                    }
                }
            }
            (Cow::Borrowed(value), summary)
        }
    };
    for f in doc.faults.iter().filter(|f| f.part == Location::Body) {
        match f.kind {
            ForeignFaultKind::TooDeep => {
                if let Some(field) = reported.mark(&f.pointer) {
                    errors.push(too_deep(&field));
                }
            }
            ForeignFaultKind::NotJson => {
                let issue = Issue::new(
                    Code::InvalidType,
                    Location::Body,
                    f.pointer.clone(),
                    "this value is not a JSON value",
                )
                .with("expected", "a JSON value");
                crate::issue::push_bounded(errors, issue, crate::keep::MAX_KEPT, omitted);
                reported.mark(&f.pointer);
            }
        }
    }
    if !value.is_object() {
        // A binding that could not convert the whole body has already said so at "".
        let reported_whole = doc
            .faults
            .iter()
            .any(|f| f.part == Location::Body && f.pointer.is_empty());
        if reported_whole {
            return None;
        }
        errors.push(
            Issue::new(
                Code::InvalidType,
                Location::Body,
                "",
                format!(
                    "the body must be a JSON object, not {}",
                    crate::values::type_name(&value)
                ),
            )
            .with("expected", "an object")
            .with("actual", crate::values::type_name(&value)),
        );
        return None;
    }
    Some((value, reported.known_fields(), summary))
}

/// `PAYLOAD_TOO_LARGE` for a body of `size` bytes.
fn too_large(size: usize) -> Issue {
    Issue::new(
        Code::PayloadTooLarge,
        Location::Body,
        "",
        format!("the body is {size} bytes; the limit is {BODY_SIZE_LIMIT}"),
    )
    .with("limit", BODY_SIZE_LIMIT)
    .with("size", size)
}

/// The top-level fields already reported too deep or unreadable: each is reported once, and
/// then treated as absent.
#[derive(Default)]
struct Reported {
    fields: std::collections::HashSet<String>,
}

impl Reported {
    /// The top-level field of `pointer`, when it is not yet reported (then it is).
    fn mark(&mut self, pointer: &str) -> Option<String> {
        let field = crate::pointer::first_token(pointer)?;
        if self.fields.contains(&field) {
            return None;
        }
        self.fields.insert(field.clone());
        Some(field)
    }

    /// The reported fields that are body fields (the others are not read field by field).
    fn known_fields(&self) -> Vec<String> {
        crate::request::FIELDS
            .iter()
            .filter(|field| self.fields.contains(**field))
            .map(|field| (*field).to_owned())
            .collect()
    }
}

/// Body bytes as the text [`read_body_text`] judges: the size is judged first (on the bytes
/// that arrived), then whether they are UTF-8 text at all; `None` (the issue in `errors`)
/// when nothing more of the body can be judged.
fn body_bytes_as_text<'b>(bytes: &'b [u8], errors: &mut Vec<Issue>) -> Option<&'b str> {
    if bytes.len() > BODY_SIZE_LIMIT {
        errors.push(too_large(bytes.len()));
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(error) => {
            errors.push(not_utf8(
                Code::InvalidJson,
                Location::Body,
                "body",
                bytes,
                error.valid_up_to(),
            ));
            None
        }
    }
}

/// The issue for text that is not JSON (`what` names it: "body", "document"), at the
/// syntax error's `line`, `column` and `offset`.
fn not_json(code: Code, location: Location, what: &str, e: &crate::json::SyntaxError) -> Issue {
    Issue::new(
        code,
        location,
        "",
        format!(
            "the {what} is not JSON: {} at line {} column {}",
            e.message, e.line, e.column
        ),
    )
    .with("line", e.line)
    .with("column", e.column)
    .with("offset", e.offset)
}

/// The issue for bytes that are not UTF-8 from `offset` on, shaped as a syntax error is
/// (`line`, `column` in characters, `offset` in bytes); `what` names the text ("body",
/// "document").
fn not_utf8(code: Code, location: Location, what: &str, bytes: &[u8], offset: usize) -> Issue {
    let before = bytes.get(..offset).unwrap_or_default();
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |newline| newline + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    // `before` is UTF-8 up to `offset` (the first byte that is not), so this never falls back.
    let column = std::str::from_utf8(before.get(line_start..).unwrap_or_default()).map_or(0, |s| s.chars().count()) + 1;
    Issue::new(
        code,
        location,
        "",
        format!("the {what} is not JSON: it is not UTF-8 text at line {line} column {column}"),
    )
    .with("line", line)
    .with("column", column)
    .with("offset", offset)
}

/// Parse and judge body text (a [`Body::Text`], or [`Body::Bytes`] that are UTF-8): its size,
/// syntax, duplicate keys, I-JSON faults and depth. The top-level fields reported go into
/// `reported`. `None` when nothing more of the body can be judged.
fn read_body_text(
    text: &str,
    findings: Option<&TextFindings>,
    hash: bool,
    errors: &mut Vec<Issue>,
    reported: &mut Reported,
    omitted: &mut crate::issue::Omitted,
) -> Option<(Value, Summary)> {
    // `request_text` whose own JSON string held a lone surrogate: the text that
    // arrived cannot be represented, so nothing of it is judged.
    if findings.is_some_and(|f| f.body_text_not_ijson) {
        errors.push(Issue::new(
            Code::InvalidJson,
            Location::Body,
            "",
            "the body text is not I-JSON",
        ));
        return None;
    }
    if text.len() > BODY_SIZE_LIMIT {
        errors.push(too_large(text.len()));
        return None;
    }
    let parsed = match crate::json::parse(text, crate::json::ParseOptions { max_depth: DEPTH_LIMIT }) {
        Ok(p) => p,
        Err(e) => {
            errors.push(not_json(Code::InvalidJson, Location::Body, "body", &e));
            return None;
        }
    };
    for p in &parsed.duplicates {
        errors.push(duplicate_key(p));
    }
    for (p, fault) in &parsed.faults {
        errors.push(not_ijson(p, *fault, Code::InvalidJson));
    }
    omitted.add_count(parsed.duplicates_omitted + parsed.faults_omitted);
    for (p, _) in &parsed.field_faults {
        reported.mark(p);
    }
    for p in &parsed.too_deep {
        if let Some(field) = reported.mark(p) {
            errors.push(too_deep(&field));
        }
    }
    // The text's size is already judged: hash it all.
    let summary = if hash {
        crate::fingerprint::summarize(&parsed.value, SIZED, usize::MAX)
    } else {
        summary_of(&parsed.value, &crate::survey::survey(&parsed.value), 0)
    };
    Some((parsed.value, summary))
}

/// The top-level members whose canonical size is limited (docs/src/rules/index.md#the-body).
const SIZED: [&str; 2] = ["request_data", "metadata"];
type Summary = crate::fingerprint::BodySummary<2>;

fn duplicate_key(pointer: &str) -> Issue {
    Issue::new(
        Code::DuplicateKey,
        Location::Body,
        pointer.to_owned(),
        "this key appears more than once; the last value is used",
    )
}

fn too_deep(field: &str) -> Issue {
    Issue::new(
        Code::PayloadTooDeep,
        Location::Body,
        crate::pointer::join("", field),
        // The path names the field; the message must not quote it (a caller's key may hold
        // a line break or be a megabyte long).
        format!("this field nests deeper than {DEPTH_LIMIT} levels"),
    )
    .with("limit", DEPTH_LIMIT)
}

fn not_ijson(pointer: &str, fault: crate::json::Fault, code: Code) -> Issue {
    let why = match fault {
        crate::json::Fault::LoneSurrogate => "a lone surrogate",
        crate::json::Fault::Noncharacter => "a noncharacter",
        crate::json::Fault::NumberOutOfRange => "a number outside the double range",
    };
    let reason = match fault {
        crate::json::Fault::LoneSurrogate => "LONE_SURROGATE",
        crate::json::Fault::Noncharacter => "NONCHARACTER",
        crate::json::Fault::NumberOutOfRange => "NUMBER_OUT_OF_RANGE",
    };
    Issue::new(
        code,
        Location::Body,
        pointer.to_owned(),
        format!("this value is not I-JSON: it holds {why}"),
    )
    .with("reason", reason)
}

/// The JSON entry point: the document of docs/src/input.md in, the envelope of docs/src/envelope.md out.
pub fn check_json(doc: &str) -> String {
    run_document(doc, |verdict| verdict.into_json())
}

/// [`check_json`] of a document checked against `context`, which stands in for the
/// document's own `context` (a `context` key in `doc` is not read): exactly the envelope of
/// the document holding the text `context` was prepared from, without reading it again.
pub fn check_json_against(doc: &str, context: &Arc<PreparedContext>) -> String {
    match read_document(doc) {
        Ok((mut document, findings, errors)) => {
            document.prepared_context = Some(Arc::clone(context));
            run(&document, Some(&findings), errors, Want::Plan, |verdict| {
                verdict.into_json()
            })
        }
        Err(errors) => finish(
            None,
            errors,
            Vec::new(),
            crate::options::DEFAULT_MAX_ISSUES,
            Default::default(),
        )
        .into_json(),
    }
}

/// [`check_json`] returning the typed outcome.
pub fn check_document(text: &str) -> Outcome {
    run_document(text, |verdict| verdict.into_outcome())
}

/// [`check_json`] over the document's bytes as they arrived (a file, stdin): bytes that are
/// not UTF-8 are one `INVALID_INPUT` at `""` with `line`, `column` and `offset` of the first
/// byte that is not; UTF-8 bytes give exactly `check_json` of their text.
pub fn check_json_bytes(doc: &[u8]) -> String {
    run_document_bytes(doc, |verdict| verdict.into_json())
}

/// [`check_json_bytes`] returning the typed outcome: exactly [`check_document`] of the text
/// when the bytes are UTF-8.
pub fn check_document_bytes(bytes: &[u8]) -> Outcome {
    run_document_bytes(bytes, |verdict| verdict.into_outcome())
}

fn run_document<R>(text: &str, deliver: impl FnOnce(Verdict<'_>) -> R) -> R {
    match read_document(text) {
        Ok((doc, findings, errors)) => run(&doc, Some(&findings), errors, Want::Plan, deliver),
        Err(errors) => deliver(finish(
            None,
            errors,
            Vec::new(),
            crate::options::DEFAULT_MAX_ISSUES,
            Default::default(),
        )),
    }
}

/// Judge document bytes: the size first (as [`read_document`] judges text), then UTF-8.
fn run_document_bytes<R>(bytes: &[u8], deliver: impl FnOnce(Verdict<'_>) -> R) -> R {
    let text = if bytes.len() > DOCUMENT_SIZE_LIMIT {
        Err(document_too_large(bytes.len()))
    } else {
        std::str::from_utf8(bytes).map_err(|error| {
            not_utf8(
                Code::InvalidInput,
                Location::Input,
                "document",
                bytes,
                error.valid_up_to(),
            )
        })
    };
    match text {
        Ok(text) => run_document(text, deliver),
        Err(issue) => deliver(finish(
            None,
            vec![issue],
            Vec::new(),
            crate::options::DEFAULT_MAX_ISSUES,
            Default::default(),
        )),
    }
}

/// The outcome of a document of `size` bytes that the caller counted but did not keep, as
/// [`check_document_bytes`] of that many bytes answers when they are over
/// [`DOCUMENT_SIZE_LIMIT`] (a size within the limit counts as one byte over it): a reader
/// stops at the limit instead of reading everything first.
pub fn check_document_oversized(size: usize) -> Outcome {
    let issue = document_too_large(size.max(DOCUMENT_SIZE_LIMIT + 1));
    finish(
        None,
        vec![issue],
        Vec::new(),
        crate::options::DEFAULT_MAX_ISSUES,
        Default::default(),
    )
    .into_outcome()
}

/// `INVALID_INPUT` for a document of `size` bytes, over [`DOCUMENT_SIZE_LIMIT`].
fn document_too_large(size: usize) -> Issue {
    Issue::new(
        Code::InvalidInput,
        Location::Input,
        "",
        format!("the document is {size} bytes; the limit is {DOCUMENT_SIZE_LIMIT}"),
    )
    .with("limit", DOCUMENT_SIZE_LIMIT)
    .with("size", size)
}

/// The document of docs/src/input.md as a [`Document`], what parsing its text found, and the
/// `INVALID_INPUT` issues so far; `Err` with the issues when it cannot be judged at all.
fn read_document(text: &str) -> Result<(Document, TextFindings, Vec<Issue>), Vec<Issue>> {
    let input_error = |path: &str, message: String| Issue::new(Code::InvalidInput, Location::Input, path, message);
    let fail = |issue: Issue| Err(vec![issue]);
    if text.len() > DOCUMENT_SIZE_LIMIT {
        return fail(document_too_large(text.len()));
    }
    // A field of the document is a part's member (`/request/agent_number`, `/context/number`);
    // only the request's records are issues one by one.
    let scope = crate::json::Scope {
        field_depth: 2,
        issues_under: Some("request"),
    };
    let parsed = match crate::json::parse_scoped(
        text,
        crate::json::ParseOptions {
            max_depth: DEPTH_LIMIT + 1,
        },
        scope,
    ) {
        Ok(p) => p,
        Err(e) => return fail(not_json(Code::InvalidInput, Location::Input, "document", &e)),
    };
    let Value::Object(mut root) = parsed.value else {
        return fail(input_error("", "the document must be a JSON object".into()));
    };
    let mut errors = Vec::new();
    let mut findings = TextFindings::default();
    let mut faults = Vec::new();
    let relative = |p: &str, part: &str| p.strip_prefix(part).map(str::to_owned);
    for p in &parsed.duplicates {
        if let Some(rest) = relative(p, "/request/") {
            findings.body_duplicates.push(format!("/{rest}"));
        }
    }
    for (p, fault) in &parsed.faults {
        if let Some(rest) = relative(p, "/request/") {
            findings.body_not_ijson.push((format!("/{rest}"), *fault));
        }
    }
    findings.body_omitted = parsed.duplicates_omitted + parsed.faults_omitted;
    for (p, fault) in &parsed.field_faults {
        if let Some(rest) = relative(p, "/request/") {
            findings.body_fault_fields.push(format!("/{rest}"));
        } else if p == "/request_text" {
            // A lone surrogate cannot reach the body text; a noncharacter can, and the body's
            // own parse reports it at its pointer.
            if *fault == crate::json::Fault::LoneSurrogate {
                findings.body_text_not_ijson = true;
            }
        } else if let Some(rest) = relative(p, "/context/") {
            faults.push(ForeignFault {
                part: Location::Context,
                pointer: format!("/{rest}"),
                kind: ForeignFaultKind::NotJson,
            });
        } else if let Some(rest) = relative(p, "/options/") {
            faults.push(ForeignFault {
                part: Location::Options,
                pointer: format!("/{rest}"),
                kind: ForeignFaultKind::NotJson,
            });
        } else if let Some(rest) = relative(p, "/headers/") {
            faults.push(ForeignFault {
                part: Location::Header,
                pointer: format!("/{rest}"),
                kind: ForeignFaultKind::NotJson,
            });
        }
    }
    for p in &parsed.too_deep {
        for (prefix, part) in [
            ("/request/", Location::Body),
            ("/context/", Location::Context),
            ("/options/", Location::Options),
            ("/headers/", Location::Header),
        ] {
            if let Some(rest) = relative(p, prefix) {
                faults.push(ForeignFault {
                    part,
                    pointer: format!("/{rest}"),
                    kind: ForeignFaultKind::TooDeep,
                });
            }
        }
    }
    let mut take = |key: &str| root.remove(key).filter(|v| !v.is_null());
    let request = take("request");
    let request_text = take("request_text");
    let mut part = |key: &str, errors: &mut Vec<Issue>| match take(key) {
        Some(v) if v.is_object() => Some(v),
        Some(v) => {
            errors.push(input_error(
                &crate::pointer::join("", key),
                format!("`{key}` must be an object, not {}", crate::values::type_name(&v)),
            ));
            None
        }
        None => None,
    };
    let headers = part("headers", &mut errors);
    let context = part("context", &mut errors);
    let mut options = part("options", &mut errors);
    // An option value that is not I-JSON is read as a binding reads one it cannot convert:
    // `null` in its place, the fault reported at the option (so both entry points agree).
    if let Some(options) = options.as_mut() {
        for f in faults
            .iter()
            .filter(|f| f.part == Location::Options && f.kind == ForeignFaultKind::NotJson)
        {
            if let Some(value) = options.pointer_mut(&f.pointer) {
                *value = Value::Null;
            }
        }
    }
    let body = match (request, request_text) {
        (Some(r), None) => Body::Value(r),
        (None, Some(Value::String(t))) => Body::Text(t),
        (None, Some(other)) => {
            errors.push(input_error(
                "/request_text",
                format!(
                    "`request_text` must be a string, not {}",
                    crate::values::type_name(&other)
                ),
            ));
            return Err(errors);
        }
        (Some(_), Some(_)) => {
            errors.push(input_error(
                "",
                "give either `request` or `request_text`, not both".into(),
            ));
            return Err(errors);
        }
        (None, None) => {
            errors.push(input_error(
                "",
                "the document needs `request` (an object) or `request_text` (a string)".into(),
            ));
            return Err(errors);
        }
    };
    let doc = Document {
        request: body,
        headers,
        context,
        options,
        faults,
        prepared_context: None,
        body_survey: None,
    };
    Ok((doc, findings, errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTS: [&str; 4] = [
        r#"{"request":{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi ✅","metadata":{"a":[1,2.5,{"b":null}]},"colour":1}}"#,
        r#"{"request":{"user_number":"+1415","agent_number":7,"webhook":"http://x"},"headers":{"idempotency-key":""}}"#,
        r#"{"request_text":"{\"user_number\":\"+14155552671\",\"agent_number\":\"+14155550000\",\"time_out\":600,\"warning_time\":300}","context":{"number":{"phone_number":"+14155550000","sms_config":{"request_data":{"x":"y"}}},"conversation":null}}"#,
        r#"[]"#,
    ];

    /// The JSON and typed entry points agree where the document text cuts a value the typed
    /// check sees whole: an over-deep option is one `INVALID_OPTIONS` at `/name` either way.
    #[test]
    fn an_over_deep_option_is_one_issue_at_the_option_on_both_entries() {
        let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
        let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
        let text = format!(r#"{{"request":{body},"options":{{"unknown_fields":{deep}}}}}"#);
        let from_text = check_document(&text);
        let mut doc = Document::new(Body::Value(serde_json::from_str(body).unwrap()));
        doc.options = Some(serde_json::from_str(&format!(r#"{{"unknown_fields":{deep}}}"#)).unwrap());
        let typed = check(&doc);
        for outcome in [&from_text, &typed] {
            let paths: Vec<(&str, &str)> = outcome
                .errors
                .iter()
                .map(|i| (i.error.as_str(), i.path.as_str()))
                .collect();
            assert_eq!(paths, [("INVALID_OPTIONS", "/unknown_fields")]);
        }
        assert_eq!(from_text.to_json(), typed.to_json());
    }

    /// A value a binding cannot convert arrives as `null` plus a fault; `check_json` reads a
    /// non-I-JSON option or header the same way, so both entry points give one issue each.
    #[test]
    fn unreadable_options_and_headers_are_one_issue_on_both_entries() {
        let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
        let fault = |part, pointer: &str| ForeignFault {
            part,
            pointer: pointer.into(),
            kind: ForeignFaultKind::NotJson,
        };
        let text = format!(r#"{{"request":{body},"options":{{"unknown_fields":"\ud800"}}}}"#);
        let mut doc = Document::new(Body::Value(serde_json::from_str(body).unwrap()));
        doc.options = Some(serde_json::json!({"unknown_fields": null}));
        doc.faults = vec![fault(Location::Options, "/unknown_fields")];
        let (from_text, typed) = (check_document(&text), check(&doc));
        assert_eq!(from_text.errors.len(), 1, "{:?}", from_text.errors);
        assert_eq!(from_text.to_json(), typed.to_json());

        // The key itself is judged (U+FFFD is not visible ASCII); no second issue for it.
        let text = format!(r#"{{"request":{body},"headers":{{"idempotency-key":"k\ud800"}}}}"#);
        let outcome = check_document(&text);
        let codes: Vec<&str> = outcome.errors.iter().map(|i| i.error.as_str()).collect();
        assert_eq!(codes, ["INVALID_IDEMPOTENCY_KEY"]);
    }

    /// A noncharacter inside `request_text` reaches the body text and is reported at its own
    /// pointer with its reason, exactly as the typed entry point given that text reports it.
    #[test]
    fn a_noncharacter_in_request_text_is_reported_where_it_sits() {
        let body =
            "{\"user_number\":\"+14155552671\",\"agent_number\":\"+14155550000\",\"agent_message\":\"hi \u{fdd0}\"}";
        let text = serde_json::json!({ "request_text": body }).to_string();
        let outcome = check_document(&text);
        let first = outcome.errors.first().unwrap();
        assert_eq!(
            (first.error, first.path.as_str()),
            (Code::InvalidJson, "/agent_message")
        );
        assert_eq!(first.params.get("reason"), Some(&Value::from("NONCHARACTER")));
        let typed = check(&Document::new(Body::Text(body.to_owned())));
        assert_eq!(outcome.to_json(), typed.to_json());
    }

    /// A document for `body` with a header, a context and options, so every part is judged
    /// beside the body.
    fn document_around(body: Body) -> Document {
        let mut doc = Document::new(body);
        doc.headers = Some(serde_json::json!({"Idempotency-Key": "key-1"}));
        doc.context = Some(serde_json::json!({"number": {"phone_number": "+14155550000"}}));
        doc.options = Some(serde_json::json!({"unknown_fields": "error"}));
        doc
    }

    /// Bodies of every kind a text body can be judged as: valid, not JSON, duplicate keys,
    /// non-I-JSON values, too deep, over the limit, not an object, empty.
    fn text_bodies() -> Vec<String> {
        let valid = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi ✅"}"#;
        let deep = format!(
            r#"{{"user_number":"+14155552671","agent_number":"+14155550000","metadata":{}1{}}}"#,
            "[".repeat(40),
            "]".repeat(40)
        );
        let large = format!(
            r#"{{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"{}"}}"#,
            "é".repeat(BODY_SIZE_LIMIT / 2)
        );
        vec![
            valid.to_owned(),
            format!("\n  {valid}\r\n"),
            r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"a","agent_message":"b"}"#
                .to_owned(),
            r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"hi \ud800","x":1e999}"#
                .to_owned(),
            "{\"user_number\":\"+14155552671\",\"agent_number\":\"+14155550000\",\"agent_message\":\"\u{fdd0}\"}"
                .to_owned(),
            deep,
            large,
            "{\n  \"user_number\": \"é,\n}".to_owned(),
            "\u{feff}{}".to_owned(),
            "[1, 2]".to_owned(),
            String::new(),
        ]
    }

    /// Bytes that are UTF-8 are judged exactly as the same text: the same envelope, byte for
    /// byte, on every entry point, beside a header, a context and options.
    #[test]
    fn utf8_body_bytes_are_judged_exactly_as_their_text() {
        for text in text_bodies() {
            let as_text = document_around(Body::Text(text.clone()));
            let as_bytes = document_around(Body::Bytes(text.clone().into_bytes()));
            let expected = check_to_json(&as_text);
            assert_eq!(check_to_json(&as_bytes), expected, "{:.200}", text);
            assert_eq!(check(&as_bytes).to_json(), expected, "{:.200}", text);
            assert_eq!(judge(&as_bytes), judge(&as_text), "{:.200}", text);
            let bare = Document::new(Body::Bytes(text.clone().into_bytes()));
            assert_eq!(
                check(&bare),
                check(&Document::new(Body::Text(text.clone()))),
                "{:.200}",
                text
            );
        }
    }

    /// A body value handed over with its survey answers exactly as without one, on every
    /// kind of body that parses (deep, large, noncharacters, not an object). That a survey
    /// taken piece by piece while building is the survey: `survey::tests`.
    #[test]
    fn a_body_survey_taken_while_building_gives_the_same_answers() {
        let mut bodies: Vec<Value> = text_bodies()
            .iter()
            .filter_map(|text| serde_json::from_str(text).ok())
            .collect();
        bodies.push(serde_json::json!({
            "user_number": "+14155552671", "agent_number": "+14155550000",
            "agent_message": "x\u{fdd0}", "metadata": {"\u{10fffe}": [1, null, true]}
        }));
        assert!(bodies.len() >= 5);
        for value in bodies {
            let mut surveyed = document_around(Body::Value(value.clone()));
            surveyed.body_survey = Some(crate::survey::survey(&value));
            let plain = document_around(Body::Value(value));
            assert_eq!(check(&surveyed), check(&plain));
            assert_eq!(judge(&surveyed), judge(&plain));
        }
    }

    /// A request number equal to an account number is judged exactly as one that is not in
    /// the context (its verdict comes from the account's, taken once), at every level.
    #[test]
    fn a_number_the_account_holds_gets_the_verdict_it_would_get_alone() {
        let numbers = [
            "+14155552671",
            "+14150000000",
            "+1415555267",
            "+999123456",
            "+1",
            "14155552671",
        ];
        for number in numbers {
            for level in ["valid", "possible", "e164"] {
                let body =
                    serde_json::json!({"user_number": "+442079460958", "agent_number": number, "agent_message": "hi"});
                let mut with_account = Document::new(Body::Value(body.clone()));
                with_account.context = Some(serde_json::json!({"account": {"numbers": [number]}}));
                with_account.options = Some(serde_json::json!({"phone_check": level}));
                let mut alone = Document::new(Body::Value(body));
                alone.options = with_account.options.clone();
                let at_agent = |outcome: Outcome| -> Vec<Issue> {
                    outcome
                        .errors
                        .into_iter()
                        .filter(|e| e.path == "/agent_number")
                        .collect()
                };
                assert_eq!(
                    at_agent(check(&with_account)),
                    at_agent(check(&alone)),
                    "{number} at {level}"
                );
            }
        }
    }

    /// A survey that is not the body's is the binding's bug; debug builds stop on it.
    #[cfg(debug_assertions)]
    #[test]
    #[should_panic(expected = "the binding's survey of the body")]
    fn a_wrong_body_survey_is_caught_in_debug_builds() {
        let mut doc = Document::new(Body::Value(serde_json::json!({"agent_message": "x\u{fdd0}"})));
        doc.body_survey = Some(BodySurvey::new());
        let _ = judge(&doc);
    }

    /// The errors of `bytes` as a body: (`in`, `path`, `error`, `message`, `params`).
    fn body_bytes_errors(bytes: &[u8]) -> Vec<(&'static str, String, &'static str, String, Value)> {
        check(&Document::new(Body::Bytes(bytes.to_vec())))
            .errors
            .into_iter()
            .map(|i| {
                (
                    i.location.as_str(),
                    i.path,
                    i.error.as_str(),
                    i.message,
                    Value::Object(i.params),
                )
            })
            .collect()
    }

    fn not_utf8_body(line: usize, column: usize, offset: usize) -> (&'static str, String, &'static str, String, Value) {
        (
            "body",
            String::new(),
            "INVALID_JSON",
            format!("the body is not JSON: it is not UTF-8 text at line {line} column {column}"),
            serde_json::json!({"line": line, "column": column, "offset": offset}),
        )
    }

    /// Bytes that are not UTF-8 are one `INVALID_JSON` at `""`, placed as a syntax error at
    /// the first byte that is not UTF-8 would be: a byte that cannot start a character, a
    /// CESU-8 surrogate, a multibyte character cut off at the end.
    #[test]
    fn body_bytes_that_are_not_utf8_are_one_invalid_json_at_the_first_bad_byte() {
        let valid_part = "{\n  \"user_number\": \"+1415".as_bytes();
        let mut bytes = valid_part.to_vec();
        bytes.extend_from_slice(b"\xff\"}");
        assert_eq!(body_bytes_errors(&bytes), [not_utf8_body(2, 24, valid_part.len())]);

        // Columns count characters, the offset bytes: `é` is one column and two bytes.
        let cesu = b"{\"user_number\":\"+14155552671\",\"agent_message\":\"\xc3\xa9\xc3\xa9\xed\xa0\x80\"}";
        assert_eq!(body_bytes_errors(cesu), [not_utf8_body(1, 50, 51)]);

        let cut = b"{\"agent_message\":\"hi \xe2\x82";
        assert_eq!(body_bytes_errors(cut), [not_utf8_body(1, 22, 21)]);

        // Line and column are the ones the parser gives a syntax error at the same byte.
        let text = "{\r\n  \"agent_message\": \"é\",\n  #";
        let parsed = check(&Document::new(Body::Text(text.to_owned())));
        let syntax = parsed.errors.first().unwrap();
        let mut bytes = text.as_bytes().to_vec();
        if let Some(last) = bytes.last_mut() {
            *last = 0x80;
        }
        let line = syntax.params["line"].as_u64().unwrap() as usize;
        let column = syntax.params["column"].as_u64().unwrap() as usize;
        let offset = syntax.params["offset"].as_u64().unwrap() as usize;
        assert_eq!(body_bytes_errors(&bytes), [not_utf8_body(line, column, offset)]);
    }

    /// Nothing else of a body that is not UTF-8 is judged; the other parts still are, and
    /// the envelope is the one a text body with a syntax error gives beside them.
    #[test]
    fn a_body_that_is_not_utf8_still_has_its_other_parts_judged() {
        let mut doc = document_around(Body::Bytes(b"{\"user_number\":7,\"x\":\"\xc0\xaf\"}".to_vec()));
        doc.options = Some(serde_json::json!({"unknown_fields": "loud"}));
        let outcome = check(&doc);
        let codes: Vec<(&str, &str, &str)> = outcome
            .errors
            .iter()
            .map(|i| (i.location.as_str(), i.path.as_str(), i.error.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("body", "", "INVALID_JSON"),
                ("options", "/unknown_fields", "INVALID_OPTIONS")
            ]
        );
        assert!(outcome.plan.is_none());
        assert_eq!(check_to_json(&doc), outcome.to_json());
        assert_eq!(judge(&doc).errors, outcome.errors);
    }

    /// The size is judged first, on the bytes that arrived: over the limit is
    /// `PAYLOAD_TOO_LARGE` whether or not they are UTF-8, never `INVALID_JSON`.
    #[test]
    fn over_limit_body_bytes_are_too_large_whatever_they_hold() {
        let size = BODY_SIZE_LIMIT + 1;
        for filler in [0xff_u8, b' '] {
            let bytes = vec![filler; size];
            let errors = body_bytes_errors(&bytes);
            assert_eq!(errors.len(), 1, "{errors:?}");
            let (location, path, code, _, params) = errors.first().unwrap();
            assert_eq!((*location, path.as_str(), *code), ("body", "", "PAYLOAD_TOO_LARGE"));
            assert_eq!(params, &serde_json::json!({"limit": BODY_SIZE_LIMIT, "size": size}));
        }
        // Exactly at the limit the bytes are judged: not UTF-8.
        let at_limit = vec![0xff_u8; BODY_SIZE_LIMIT];
        assert_eq!(body_bytes_errors(&at_limit), [not_utf8_body(1, 1, 0)]);
    }

    /// A body counted but not kept answers as the bytes it stood for; a size within the limit
    /// (a caller's mistake) still reads as over it.
    #[test]
    fn an_oversized_body_is_the_bytes_it_counted() {
        for size in [BODY_SIZE_LIMIT + 1, BODY_SIZE_LIMIT + 4096] {
            let counted = check(&Document::new(Body::Oversized(size)));
            assert_eq!(
                counted.to_json(),
                check(&Document::new(Body::Bytes(vec![b' '; size]))).to_json()
            );
        }
        let within = check(&Document::new(Body::Oversized(10)));
        assert_eq!(
            within.to_json(),
            check(&Document::new(Body::Oversized(BODY_SIZE_LIMIT + 1))).to_json()
        );
    }

    /// Document bytes that are UTF-8 give exactly the document text's answer; bytes that are
    /// not are one `INVALID_INPUT` at `""` (the document cannot be read, so no part is).
    #[test]
    fn document_bytes_are_the_document_text_or_invalid_input() {
        for doc in DOCUMENTS {
            assert_eq!(check_document_bytes(doc.as_bytes()), check_document(doc), "{doc}");
            assert_eq!(check_json_bytes(doc.as_bytes()), check_json(doc), "{doc}");
        }
        let bytes = b"{\"request\":{\"user_number\":\"+1415\xed\xa0\x80\"},\n\"options\":7}";
        let outcome = check_document_bytes(bytes);
        assert_eq!(outcome.errors.len(), 1, "{:?}", outcome.errors);
        let issue = outcome.errors.first().unwrap();
        assert_eq!(
            (issue.location, issue.path.as_str(), issue.error),
            (Location::Input, "", Code::InvalidInput)
        );
        assert_eq!(
            issue.message,
            "the document is not JSON: it is not UTF-8 text at line 1 column 33"
        );
        assert_eq!(
            Value::Object(issue.params.clone()),
            serde_json::json!({"line": 1, "column": 33, "offset": 32})
        );
        assert_eq!(check_json_bytes(bytes), outcome.to_json());
    }

    #[test]
    fn over_limit_document_bytes_are_too_large_whatever_they_hold() {
        let bytes = vec![0xff_u8; DOCUMENT_SIZE_LIMIT + 1];
        let outcome = check_document_bytes(&bytes);
        let codes: Vec<(Code, &str)> = outcome.errors.iter().map(|i| (i.error, i.path.as_str())).collect();
        assert_eq!(codes, [(Code::InvalidInput, "")]);
        let size = outcome.errors.first().map(|i| i.params["size"].clone());
        assert_eq!(size, Some(Value::from(DOCUMENT_SIZE_LIMIT + 1)));
    }

    #[test]
    fn to_json_is_the_envelope_value_as_text() {
        for doc in DOCUMENTS {
            let outcome = check_document(doc);
            assert_eq!(outcome.to_json(), outcome.to_value().to_string(), "{doc}");
            assert_eq!(check_json(doc), outcome.to_json());
        }
    }

    #[test]
    fn a_prepared_context_is_judged_once_and_replaces_the_raw_one() {
        let bad = serde_json::json!({"now": "yesterday", "number": {"phone_number": "+14155550000"}});
        let faults = [
            ForeignFault {
                part: Location::Context,
                pointer: "/persona/x".into(),
                kind: ForeignFaultKind::NotJson,
            },
            ForeignFault {
                part: Location::Body,
                pointer: "/metadata".into(),
                kind: ForeignFaultKind::NotJson,
            },
        ];
        let prepared = PreparedContext::new(bad.clone(), &faults);
        let pointers: Vec<&str> = prepared.issues().iter().map(|i| i.path.as_str()).collect();
        assert_eq!(
            pointers,
            ["/now", "/persona/x"],
            "only the context's issues, in envelope order"
        );
        assert!(prepared.issues().iter().all(|i| i.error == Code::InvalidContext));
        assert_eq!(prepared.value(), &bad);

        let request = serde_json::json!({"user_number": "+14155552671", "agent_number": "+14155550000"});
        let mut raw = Document::new(Body::Value(request.clone()));
        raw.context = Some(bad.clone());
        raw.faults = faults.to_vec();
        let mut shared = Document::new(Body::Value(request));
        shared.faults = faults.iter().filter(|f| f.part != Location::Context).cloned().collect();
        // A raw context beside a prepared one is not read.
        shared.context = Some(serde_json::json!({"now": 7}));
        let copy = prepared.clone();
        assert_eq!(copy, prepared);
        shared.prepared_context = Some(Arc::new(prepared));
        assert_eq!(check(&shared), check(&raw));
        assert_eq!(judge(&shared), judge(&raw));
        // A copy keeps the skipped part skipped (its reading is made again from the same source).
        shared.prepared_context = Some(Arc::new(copy));
        assert_eq!(check(&shared), check(&raw));
    }

    /// Shown issues plus `omitted` of one list, and the shown issues.
    fn counted(issues: &[Issue]) -> (usize, Vec<&Issue>) {
        match issues.split_last() {
            Some((last, rest)) if last.error == Code::TooManyIssues => {
                let omitted = last.params["omitted"].as_u64().unwrap() as usize;
                (rest.len() + omitted, rest.iter().collect())
            }
            _ => (issues.len(), issues.iter().collect()),
        }
    }

    fn with_max_issues(body: Body, max_issues: usize) -> Outcome {
        let mut doc = Document::new(body);
        doc.options = Some(serde_json::json!({ "max_issues": max_issues }));
        check(&doc)
    }

    /// However the issues are found (the parser, the scan of a parsed value, the request's
    /// fields), `omitted` counts exactly the ones not shown, for any `max_issues`, and the
    /// ones shown are the first in the envelope's order.
    #[test]
    fn omitted_is_exact_whatever_max_issues_and_the_shape() {
        let head = r#"{"user_number":"+14155552671","agent_number":"+14155550000","#;
        let key = "k".repeat(2000);
        let surrogates = vec![r#""a":"\ud800""#; 3000].join(",");
        let ones = vec![r#""a":1"#; 3000].join(",");
        let unknown: Vec<String> = (0..3000).map(|i| format!(r#""agent_mes{i:04}":1"#)).collect();
        let noncharacters: serde_json::Map<String, Value> =
            (0..3000).map(|i| (format!("n{i}"), Value::from("\u{FDD0}"))).collect();
        let mut parsed = serde_json::json!({"user_number": "+14155552671", "agent_number": "+14155550000"});
        parsed[key.as_str()] = Value::Object(noncharacters);
        let cases: Vec<(Body, usize, usize)> = vec![
            // 2,999 later duplicates and 3,000 lone surrogates, all under one long key.
            (Body::Text(format!(r#"{head}"{key}":{{{surrogates}}}}}"#)), 5999, 1),
            (Body::Text(format!(r#"{head}"{key}":{{{ones}}}}}"#)), 2999, 1),
            (Body::Text(format!(r#"{head}{}}}"#, unknown.join(","))), 0, 3000),
            (Body::Value(parsed), 3000, 1),
        ];
        for (body, errors, warnings) in cases {
            let widest = with_max_issues(body.clone(), 1000);
            for max_issues in [1, 7, 100, 1000] {
                let outcome = with_max_issues(body.clone(), max_issues);
                let (error_total, shown_errors) = counted(&outcome.errors);
                let (warning_total, shown_warnings) = counted(&outcome.warnings);
                assert_eq!(
                    (error_total, warning_total),
                    (errors, warnings),
                    "max_issues {max_issues}"
                );
                assert!(shown_errors.len() <= max_issues && shown_warnings.len() <= max_issues);
                let (_, all_errors) = counted(&widest.errors);
                let (_, all_warnings) = counted(&widest.warnings);
                assert!(all_errors.starts_with(&shown_errors) || shown_errors.starts_with(&all_errors));
                assert!(all_warnings.starts_with(&shown_warnings) || shown_warnings.starts_with(&all_warnings));
            }
        }
    }

    /// The issues shown keep their paths within the limit (one at least), and the rest are
    /// counted: a long key repeated in issue after issue cannot make the envelope huge.
    #[test]
    fn the_paths_shown_stay_within_their_limit() {
        let key = "k".repeat(300_000);
        let text = format!(r#"{{"{key}":{{{}}}}}"#, vec![r#""a":1"#; 100].join(","));
        let outcome = with_max_issues(Body::Text(text), 1000);
        let (total, shown) = counted(&outcome.errors);
        assert_eq!(total, 99 + 2, "99 duplicates and the two missing numbers");
        // `/agent_number`, then three paths of 300,003 bytes fit in 1 MiB; a fourth does not.
        let heads: Vec<(&str, usize)> = shown.iter().map(|i| (i.error.as_str(), i.path.len())).collect();
        assert_eq!(shown.len(), 4, "{heads:?}");
        assert!(outcome
            .errors
            .last()
            .unwrap()
            .message
            .contains("paths shown are limited"));
    }

    /// Unknown fields get their suggestion (docs/src/rules/UNKNOWN_FIELD.md) in the issues shown.
    #[test]
    fn unknown_fields_shown_carry_their_suggestions() {
        let text = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_mesage":"x","to":1,"zzzzzzzz":1,"persona_settings":{"pathway_idd":"p"}}"#;
        let outcome = check(&Document::new(Body::Text(text.into())));
        let found: Vec<(&str, Option<&Value>)> = outcome
            .warnings
            .iter()
            .filter(|i| i.error == Code::UnknownField)
            .map(|i| (i.path.as_str(), i.params.get("suggestion")))
            .collect();
        assert_eq!(
            found,
            [
                ("/agent_mesage", Some(&Value::from("agent_message"))),
                ("/persona_settings/pathway_idd", Some(&Value::from("pathway_id"))),
                ("/to", Some(&Value::from("user_number"))),
                ("/zzzzzzzz", None),
            ]
        );
    }

    /// A context given as text answers exactly as the same context inside a document.
    #[test]
    fn a_context_text_is_judged_as_in_a_document() {
        let body = r#"{"user_number":"+14155552671","agent_number":"+14155550000","agent_message":"Hi"}"#;
        let contexts: [&str; 5] = [
            r#"{"number":{"phone_number":"+14155550000","sms_config":{"time_out":1e400,"warning_time":300}}}"#,
            r#"{"id":"\udc00","number":{"phone_number":"+14155550000","sms_config":{}}}"#,
            &format!(
                r#"{{"number":{{"phone_number":"+14155550000","sms_config":{{"x":"\ufdd0","y":"\ud800"}}}},"persona":{}1{}}}"#,
                "[".repeat(40),
                "]".repeat(40)
            ),
            r#"{"now":"2026-11-27T12:00:00Z","number":{"phone_number":"+14155550000","sms_config":{"time_out":60,"warning_time":300}},"number":null}"#,
            "null",
        ];
        for context in contexts {
            let doc = format!(
                r#"{{"request_text":{},"context":{context}}}"#,
                serde_json::to_string(body).unwrap()
            );
            let mut typed = Document::new(Body::Text(body.into()));
            typed.prepared_context = Some(Arc::new(PreparedContext::from_json(context).unwrap()));
            assert_eq!(check(&typed).to_json(), check_json(&doc), "{context}");
        }
    }
}
