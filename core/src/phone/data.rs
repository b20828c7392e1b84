//! The shapes of the generated tables (`tables.rs`, written by `tools/phone-gen`).

/// One node of a prefix pattern's capture VM (see `prefix.rs`): a digit class or the
/// match, with the nodes that follow it.
#[derive(Debug)]
pub(crate) struct VmNode {
    /// The match node.
    pub(crate) is_match: bool,
    /// Digits this node consumes (bit d = digit d).
    pub(crate) digits: u16,
    /// The nodes reachable after this digit, in priority order, each with the capture
    /// slots set on the way (bit s = slot s): when more input follows, and when the input
    /// ends after this digit (`$` passes only then).
    pub(crate) next: [&'static [(u8, u8)]; 2],
}

/// One piece of a `nationalPrefixTransformRule`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Literal ASCII digits.
    Digits(&'static [u8]),
    /// `$n`: capture group n (1-based); a group that did not take part expands to "".
    Group(u8),
}

/// A compiled prefix pattern: a territory's `nationalPrefixForParsing` (defaulting to
/// `nationalPrefix`) with its transform rule, or its `internationalPrefix`.
#[derive(Debug)]
pub(crate) struct PrefixRule {
    /// The pattern as a priority-ordered NFA without empty transitions.
    pub(crate) vm: &'static [VmNode],
    /// The nodes reachable from the start: for a non-empty and an empty input.
    pub(crate) vm_start: [&'static [(u8, u8)]; 2],
    /// Number of capture groups.
    pub(crate) groups: u8,
    /// Digits that can start a non-empty match (bit d = digit d).
    pub(crate) first_digits: u16,
    /// `nationalPrefixTransformRule`, when the metadata has one.
    pub(crate) transform: Option<&'static [Piece]>,
    /// The pattern as an anchored leftmost-first DFA over digits (state 0 dead, 1 the
    /// start): where the match ends, without running the program.
    pub(crate) dfa: &'static [[u16; 10]],
    /// Per DFA state: [`MATCH_BEFORE`] and [`MATCH_AT_END`].
    pub(crate) dfa_flags: &'static [u8],
}

/// DFA flag: a match ends just before the digit that led to this state.
pub(crate) const MATCH_BEFORE: u8 = 1;
/// DFA flag: a match ends here if the input ends here.
pub(crate) const MATCH_AT_END: u8 = 2;

/// One `<territory>`: a region, or a non-geographic entity (`001`).
#[derive(Debug)]
pub(crate) struct Territory {
    /// Region code (`US`) or `001`.
    pub(crate) id: &'static str,
    /// Country calling code.
    pub(crate) calling_code: u16,
    /// Position among the territories of its calling code (main country first): its
    /// general-pattern accept bit is `GENERAL_PATTERN << position`.
    pub(crate) position: u8,
    /// General-desc national possible lengths (bit n = length n).
    pub(crate) possible_lengths: u32,
    /// General-desc local-only lengths (bit n = length n).
    pub(crate) local_only_lengths: u32,
    /// National prefix handling, if the territory has any.
    pub(crate) national_prefix: Option<&'static PrefixRule>,
    /// The international (IDD) prefix, for numbers read in this region.
    pub(crate) international_prefix: Option<&'static PrefixRule>,
}

/// One calling code of the metadata.
#[derive(Debug)]
pub(crate) struct CallingCode {
    /// The code.
    pub(crate) code: u16,
    /// Root node of its automaton in `NODES`.
    pub(crate) root: u16,
    /// Index in `TERRITORIES` of its main territory (whose rules parse() and
    /// `is_possible_number` use).
    pub(crate) main: u16,
}

/// Accept bit: `is_valid_number` holds for the national number that ends at this node.
pub(crate) const VALID: u32 = 1;
/// Accept bit of the first territory of a calling code; territory i has
/// `GENERAL_PATTERN << i`: its general-desc pattern matches (no length test).
pub(crate) const GENERAL_PATTERN: u32 = 2;
