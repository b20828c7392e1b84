//! `Matcher.lookingAt` for prefix patterns that need their capture groups (transform
//! rules): the leftmost-first (backtracking order) match at the start of the national
//! number, with its groups. A Pike VM over the generator's priority-ordered NFA (empty
//! transitions already resolved), in fixed-size arrays on the stack: no allocation, no
//! cache, bounded work (each node enters each position's list at most once).

use super::data::PrefixRule;
use super::tables::{MAX_GROUPS, MAX_VM_NODES};

/// Capture slots: group g (1-based) starts at `2(g-1)` and ends at `2(g-1)+1`.
pub(crate) const SLOTS: usize = 2 * MAX_GROUPS;
/// A slot that was never set (the group did not take part).
pub(crate) const UNSET: u8 = u8::MAX;
/// Longest input the VM takes (positions and stamps must fit a `u8` below [`UNSET`]).
pub(crate) const MAX_INPUT: usize = 64;

/// The match that `lookingAt` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PrefixMatch {
    /// End of the whole match.
    pub(crate) end: usize,
    /// Capture slots, [`UNSET`] where a group did not take part.
    pub(crate) slots: [u8; SLOTS],
}

impl PrefixMatch {
    /// The span of group `group` (1-based), if it took part.
    pub(crate) fn group(&self, group: u8) -> Option<(usize, usize)> {
        let index = usize::from(group).checked_sub(1)? * 2;
        let start = *self.slots.get(index)?;
        let end = *self.slots.get(index + 1)?;
        (start != UNSET && end != UNSET).then_some((usize::from(start), usize::from(end)))
    }
}

/// One list of threads, in priority order, each with its capture slots.
struct Threads {
    nodes: [u8; MAX_VM_NODES],
    slots: [[u8; SLOTS]; MAX_VM_NODES],
    len: usize,
}

impl Threads {
    fn new() -> Self {
        Threads {
            nodes: [0; MAX_VM_NODES],
            slots: [[0; SLOTS]; MAX_VM_NODES],
            len: 0,
        }
    }

    /// Adds the nodes of `edges` not yet in this list (`stamp` marks them), with `slots`
    /// updated by each edge's saves at `position`.
    fn extend(&mut self, stamp: &mut [u8; MAX_VM_NODES], edges: &[(u8, u8)], slots: [u8; SLOTS], position: usize) {
        let mark = u8::try_from(position + 1).unwrap_or(UNSET);
        let at = u8::try_from(position).unwrap_or(UNSET);
        for &(node, saves) in edges {
            let Some(seen) = stamp.get_mut(usize::from(node)) else {
                continue;
            };
            if *seen == mark {
                continue;
            }
            *seen = mark;
            let mut thread_slots = slots;
            for (index, slot) in thread_slots.iter_mut().enumerate() {
                if saves & (1 << index) != 0 {
                    *slot = at;
                }
            }
            if let (Some(n), Some(s)) = (self.nodes.get_mut(self.len), self.slots.get_mut(self.len)) {
                *n = node;
                *s = thread_slots;
                self.len += 1;
            }
        }
    }
}

/// The leftmost-first match of `rule`'s pattern at the start of `input` (ASCII digits), as
/// `Matcher.lookingAt` / `re.match` find it; `None` when there is none.
pub(crate) fn looking_at(rule: &PrefixRule, input: &[u8]) -> Option<PrefixMatch> {
    if input.len() >= MAX_INPUT || rule.vm.len() > MAX_VM_NODES {
        return None;
    }
    let mut stamp = [0u8; MAX_VM_NODES];
    let (mut first, mut second) = (Threads::new(), Threads::new());
    // Swapped by reference at each position: the lists themselves never move.
    let (mut current, mut next) = (&mut first, &mut second);
    let start = rule.vm_start.get(usize::from(input.is_empty())).copied().unwrap_or(&[]);
    current.extend(&mut stamp, start, [UNSET; SLOTS], 0);
    let mut best = None;
    let mut position = 0usize;
    loop {
        next.len = 0;
        let digit = input.get(position).map(|b| b.wrapping_sub(b'0'));
        let ends_after = usize::from(position + 1 == input.len());
        for index in 0..current.len {
            let (Some(&node), Some(&slots)) = (current.nodes.get(index), current.slots.get(index)) else {
                break;
            };
            let Some(node) = rule.vm.get(usize::from(node)) else {
                break;
            };
            if node.is_match {
                // Lower-priority threads cannot win any more.
                best = Some(PrefixMatch { end: position, slots });
                break;
            }
            if digit.is_some_and(|d| d < 10 && node.digits & (1u16 << d) != 0) {
                let edges = node.next.get(ends_after).copied().unwrap_or(&[]);
                next.extend(&mut stamp, edges, slots, position + 1);
            }
        }
        std::mem::swap(&mut current, &mut next);
        if current.len == 0 || position >= input.len() {
            break;
        }
        position += 1;
    }
    best
}
