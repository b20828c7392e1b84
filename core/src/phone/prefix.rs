//! `Matcher.lookingAt` for `nationalPrefixForParsing`: the leftmost-first (backtracking
//! order) match at the start of the national number, with its capture groups. A Pike VM
//! over the compiled program, in fixed-size arrays on the stack: no allocation, no cache,
//! bounded work (each instruction is visited at most once per input position).

use super::data::Inst;
use super::tables::{MAX_GROUPS, MAX_PROGRAM};

/// Capture slots: group g (1-based) starts at `2(g-1)` and ends at `2(g-1)+1`.
pub(crate) const SLOTS: usize = 2 * MAX_GROUPS;
/// A slot that was never set (the group did not take part).
pub(crate) const UNSET: u8 = u8::MAX;
/// Longest input the VM takes (positions must fit a `u8` below [`UNSET`]).
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
    pcs: [u16; MAX_PROGRAM],
    slots: [[u8; SLOTS]; MAX_PROGRAM],
    len: usize,
}

impl Threads {
    fn new() -> Self {
        Threads {
            pcs: [0; MAX_PROGRAM],
            slots: [[UNSET; SLOTS]; MAX_PROGRAM],
            len: 0,
        }
    }

    fn push(&mut self, pc: u16, slots: [u8; SLOTS]) {
        if let (Some(p), Some(s)) = (self.pcs.get_mut(self.len), self.slots.get_mut(self.len)) {
            *p = pc;
            *s = slots;
            self.len += 1;
        }
    }
}

#[derive(Clone, Copy)]
enum Frame {
    Explore(u16),
    Restore(u8, u8),
}

/// Work space of one run: the stamps that keep each instruction to one visit per position,
/// and the stack of the empty-transition closure.
struct Closure {
    stamp: [u8; MAX_PROGRAM],
    stack: [Frame; 2 * MAX_PROGRAM + 2],
}

impl Closure {
    /// Adds `start` and everything reachable from it without consuming input to `list`,
    /// in priority order. `position` is where `list` stands in the input.
    fn add(
        &mut self,
        program: &[Inst],
        list: &mut Threads,
        position: usize,
        at_end: bool,
        start: u16,
        slots: &mut [u8; SLOTS],
    ) {
        // Positions are < MAX_INPUT, so the stamp never collides with the initial 0.
        let stamp = u8::try_from(position + 1).unwrap_or(UNSET);
        let saved_position = u8::try_from(position).unwrap_or(UNSET);
        let mut depth = 0usize;
        if let Some(top) = self.stack.get_mut(depth) {
            *top = Frame::Explore(start);
            depth += 1;
        }
        while depth > 0 {
            depth -= 1;
            let Some(&frame) = self.stack.get(depth) else { break };
            match frame {
                Frame::Restore(slot, old) => {
                    if let Some(s) = slots.get_mut(usize::from(slot)) {
                        *s = old;
                    }
                }
                Frame::Explore(pc) => {
                    let Some(mark) = self.stamp.get_mut(usize::from(pc)) else {
                        continue;
                    };
                    if *mark == stamp {
                        continue;
                    }
                    *mark = stamp;
                    let mut push = |frame: Frame| {
                        if let Some(top) = self.stack.get_mut(depth) {
                            *top = frame;
                            depth += 1;
                        }
                    };
                    match program.get(usize::from(pc)) {
                        Some(Inst::Digit(_) | Inst::Match) => list.push(pc, *slots),
                        Some(Inst::Split(first, second)) => {
                            push(Frame::Explore(*second));
                            push(Frame::Explore(*first));
                        }
                        Some(Inst::Jump(to)) => push(Frame::Explore(*to)),
                        Some(Inst::Save(slot)) => {
                            if let Some(s) = slots.get_mut(usize::from(*slot)) {
                                push(Frame::Restore(*slot, *s));
                                *s = saved_position;
                            }
                            push(Frame::Explore(pc + 1));
                        }
                        Some(Inst::AssertEnd) if at_end => push(Frame::Explore(pc + 1)),
                        Some(Inst::AssertEnd) | None => {}
                    }
                }
            }
        }
    }
}

/// The leftmost-first match of `program` at the start of `input` (ASCII digits), as
/// `Matcher.lookingAt` / `re.match` find it; `None` when there is none.
pub(crate) fn looking_at(program: &[Inst], input: &[u8]) -> Option<PrefixMatch> {
    if input.len() >= MAX_INPUT || program.len() > MAX_PROGRAM {
        return None;
    }
    let mut closure = Closure {
        stamp: [0; MAX_PROGRAM],
        stack: [Frame::Explore(0); 2 * MAX_PROGRAM + 2],
    };
    let mut current = Threads::new();
    let mut next = Threads::new();
    let mut slots = [UNSET; SLOTS];
    closure.add(program, &mut current, 0, input.is_empty(), 0, &mut slots);
    let mut best = None;
    let mut position = 0usize;
    loop {
        next.len = 0;
        let digit = input.get(position).map(|b| b.wrapping_sub(b'0'));
        for index in 0..current.len {
            let (Some(&pc), Some(&thread_slots)) = (current.pcs.get(index), current.slots.get(index)) else {
                break;
            };
            match program.get(usize::from(pc)) {
                Some(Inst::Match) => {
                    // Lower-priority threads cannot win any more.
                    best = Some(PrefixMatch {
                        end: position,
                        slots: thread_slots,
                    });
                    break;
                }
                Some(Inst::Digit(mask)) if digit.is_some_and(|d| d < 10 && mask & (1u16 << d) != 0) => {
                    let mut slots = thread_slots;
                    let at_end = position + 1 == input.len();
                    closure.add(program, &mut next, position + 1, at_end, pc + 1, &mut slots);
                }
                _ => {}
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
