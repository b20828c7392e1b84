//! The validity automaton: for each calling code, one multi-pattern DFA over every pattern
//! its regions use (general desc, the ten type descs, `leadingDigits` as a prefix), unrolled
//! to national numbers of at most [`MAX_NATIONAL_LENGTH`] digits. At every node the accept
//! bits are computed from which patterns match the whole string at that length, so lengths,
//! types and region selection are all decided here, once, and the runtime only walks digits.
//! Nodes are hash-consed bottom-up across all calling codes: the result is the minimal
//! acyclic DFA of each calling code's (finite) language, sharing common suffixes.

use std::collections::HashMap;

use regex_automata::{
    dfa::{dense, Automaton, StartKind},
    nfa::thompson::{self, WhichCaptures},
    util::{primitives::StateID, start, syntax},
    Anchored, MatchKind,
};

use crate::metadata::{Metadata, Territory, FIXED_LINE, MOBILE};

/// libphonenumber's `MAX_LENGTH_FOR_NSN`: no national significant number is longer.
pub const MAX_NATIONAL_LENGTH: usize = 17;
/// Accept bit: `is_valid_number` for a national number ending at this node.
pub const VALID: u32 = 1;
/// Accept bit of the calling code's first territory (its main country); territory i has
/// `GENERAL_PATTERN << i`: its general-desc pattern matches the whole string (no length
/// test). parse() consults it when it strips a national prefix or a calling code.
pub const GENERAL_PATTERN: u32 = 2;

/// The unrolled, minimised automaton of every calling code.
#[derive(Debug, Default)]
pub struct Product {
    /// Transitions on digits 0–9; node 0 is the dead node.
    pub nodes: Vec<[u16; 10]>,
    /// Accept bits per node.
    pub accept: Vec<u32>,
    /// Calling code → root node.
    pub roots: Vec<(u16, u16)>,
    /// Product states explored before minimisation (for the report).
    pub explored: usize,
}

/// The pattern ids one territory needs, indexes into the calling code's pattern list.
struct TerritoryPatterns {
    general: Option<usize>,
    types: Vec<Option<usize>>,
    leading_digits: Option<usize>,
}

struct CallingCodeBuild<'m> {
    territories: Vec<&'m Territory>,
    patterns: Vec<TerritoryPatterns>,
    dfa: dense::DFA<Vec<u32>>,
    pattern_count: usize,
}

fn intern(patterns: &mut Vec<String>, seen: &mut HashMap<String, usize>, pattern: String) -> usize {
    *seen.entry(pattern.clone()).or_insert_with(|| {
        patterns.push(pattern);
        patterns.len() - 1
    })
}

impl<'m> CallingCodeBuild<'m> {
    fn new(territories: Vec<&'m Territory>) -> Result<Self, String> {
        if territories.len() > 31 {
            return Err("more than 31 territories share a calling code".into());
        }
        let mut patterns = Vec::new();
        let mut seen = HashMap::new();
        let mut ids = Vec::new();
        for territory in &territories {
            let mut desc_id = |pattern: &Option<String>| {
                pattern
                    .as_ref()
                    .filter(|p| !p.is_empty())
                    .map(|p| intern(&mut patterns, &mut seen, p.clone()))
            };
            let general = desc_id(&territory.general.pattern);
            let types = territory
                .types
                .iter()
                .map(|d| d.as_ref().and_then(|d| desc_id(&d.pattern)))
                .collect();
            // parse()'s leadingDigits test is a prefix match (Matcher.lookingAt).
            let leading_digits = territory
                .leading_digits
                .as_ref()
                .map(|ld| intern(&mut patterns, &mut seen, format!("(?:{ld})[0-9]*")));
            ids.push(TerritoryPatterns {
                general,
                types,
                leading_digits,
            });
        }
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Anchored)
                    .minimize(false),
            )
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .thompson(thompson::Config::new().utf8(false).which_captures(WhichCaptures::None))
            .build_many(&patterns)
            .map_err(|e| e.to_string())?;
        Ok(CallingCodeBuild {
            territories,
            patterns: ids,
            dfa,
            pattern_count: patterns.len(),
        })
    }

    /// `getNumberTypeHelper(...) != UNKNOWN` for this territory.
    fn is_valid_for(&self, territory: usize, matched: &[bool], length: u32) -> bool {
        let (Some(t), Some(ids)) = (self.territories.get(territory), self.patterns.get(territory)) else {
            return false;
        };
        let matches = |id: Option<usize>| id.and_then(|i| matched.get(i).copied()).unwrap_or(false);
        if !(t.general.length_ok(length) && matches(ids.general)) {
            return false;
        }
        let type_matches = |index: usize| {
            let desc = t.types.get(index).and_then(|d| d.as_ref());
            let id = ids.types.get(index).copied().flatten();
            desc.is_some_and(|d| d.length_ok(length)) && matches(id)
        };
        // premiumRate … voicemail, in getNumberTypeHelper's order.
        if (0..FIXED_LINE).any(type_matches) {
            return true;
        }
        if type_matches(FIXED_LINE) {
            return true;
        }
        !t.same_mobile_and_fixed_line_pattern && type_matches(MOBILE)
    }

    /// `isValidNumber`: `getRegionCodeForNumber` then the type test for that region.
    fn is_valid(&self, matched: &[bool], length: u32) -> bool {
        if self.territories.len() == 1 {
            return self.is_valid_for(0, matched, length);
        }
        for (index, ids) in self.patterns.iter().enumerate() {
            match ids.leading_digits {
                // Whichever region's leading digits match first is final, valid or not.
                Some(id) => {
                    if matched.get(id).copied().unwrap_or(false) {
                        return self.is_valid_for(index, matched, length);
                    }
                }
                None => {
                    if self.is_valid_for(index, matched, length) {
                        return true;
                    }
                }
            }
        }
        false
    }

    fn accept_bits(&self, state: StateID, length: u32) -> u32 {
        let eoi = self.dfa.next_eoi_state(state);
        let mut matched = vec![false; self.pattern_count];
        if self.dfa.is_match_state(eoi) {
            for i in 0..self.dfa.match_len(eoi) {
                if let Some(slot) = matched.get_mut(self.dfa.match_pattern(eoi, i).as_usize()) {
                    *slot = true;
                }
            }
        }
        let mut bits = 0;
        if self.is_valid(&matched, length) {
            bits |= VALID;
        }
        for (index, ids) in self.patterns.iter().enumerate() {
            if ids.general.and_then(|id| matched.get(id).copied()).unwrap_or(false) {
                bits |= GENERAL_PATTERN << index;
            }
        }
        bits
    }
}

struct Interner<'p> {
    product: &'p mut Product,
    index: HashMap<(u32, [u16; 10]), u16>,
}

impl Interner<'_> {
    fn intern(&mut self, accept: u32, children: [u16; 10]) -> Result<u16, String> {
        if let Some(&id) = self.index.get(&(accept, children)) {
            return Ok(id);
        }
        let id = u16::try_from(self.product.nodes.len()).map_err(|_| "more than 65,535 nodes")?;
        self.product.nodes.push(children);
        self.product.accept.push(accept);
        self.index.insert((accept, children), id);
        Ok(id)
    }
}

fn unroll(
    build: &CallingCodeBuild<'_>,
    interner: &mut Interner<'_>,
    memo: &mut HashMap<(StateID, usize), u16>,
    state: StateID,
    depth: usize,
) -> Result<u16, String> {
    if build.dfa.is_dead_state(state) {
        return Ok(0);
    }
    if let Some(&id) = memo.get(&(state, depth)) {
        return Ok(id);
    }
    interner.product.explored += 1;
    let accept = build.accept_bits(state, u32::try_from(depth).map_err(|e| e.to_string())?);
    let mut children = [0u16; 10];
    if depth < MAX_NATIONAL_LENGTH {
        for (digit, child) in (b'0'..=b'9').zip(children.iter_mut()) {
            let next = build.dfa.next_state(state, digit);
            *child = unroll(build, interner, memo, next, depth + 1)?;
        }
    }
    let id = interner.intern(accept, children)?;
    memo.insert((state, depth), id);
    Ok(id)
}

/// Builds the automaton of every calling code.
pub fn build(metadata: &Metadata) -> Result<Product, String> {
    let mut product = Product::default();
    product.nodes.push([0; 10]);
    product.accept.push(0);
    let mut interner = Interner {
        index: HashMap::from([((0, [0; 10]), 0)]),
        product: &mut product,
    };
    let mut roots = Vec::new();
    for (&code, indexes) in &metadata.by_calling_code {
        let territories = indexes
            .iter()
            .map(|&i| metadata.territory(i))
            .collect::<Result<Vec<_>, _>>()?;
        let build = CallingCodeBuild::new(territories).map_err(|e| format!("+{code}: {e}"))?;
        let start = build
            .dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .map_err(|e| e.to_string())?;
        let mut memo = HashMap::new();
        let root = unroll(&build, &mut interner, &mut memo, start, 0)?;
        roots.push((code, root));
    }
    product.roots = roots;
    Ok(product)
}
