//! A context judged once, to check many requests against.

use crate::check::context_faults;
use crate::document::ForeignFault;
use crate::issue::Issue;
use serde_json::Value;

/// A context (docs/src/context.md) scanned, read and judged once, to check many requests against: a
/// server's account, number and persona change far less often than requests arrive. Each
/// check then uses its typed reading as it is; its issues are the ones a [`Document`](crate::Document)
/// holding the same context value and faults would give.
#[derive(Debug)]
pub struct PreparedContext {
    pub(crate) parsed: ParsedContext,
    /// The context's own issues (`INVALID_CONTEXT`), in envelope order: the first ones, as
    /// many as any envelope could show.
    pub(crate) issues: Vec<Issue>,
    /// What they leave out.
    pub(crate) omitted: crate::issue::Omitted,
}

/// A context value and the top-level parts its reading skips (already reported as faults):
/// what the typed reading borrows from.
#[derive(Debug)]
struct ContextSource {
    value: Value,
    skip: Vec<String>,
}

/// The typed context of one [`PreparedContext`], borrowing from its value.
pub(crate) type TypedContext<'a> = crate::context::Context<'a>;

self_cell::self_cell!(
    /// A context value kept together with its typed reading, so checks need not read it again.
    pub(crate) struct ParsedContext {
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
    /// [`Location::Context`](crate::Location::Context) are read, the others ignored).
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
