//! Compiles a `nationalPrefixForParsing` pattern into the tiny instruction set that the
//! core's allocation-free Pike VM runs (`core/src/phone/prefix.rs`). The runtime needs the
//! leftmost-first (backtracking-order) match and its capture groups, as Java's
//! `Matcher.lookingAt` and Python's `re.match` give them; a DFA gives neither the groups nor,
//! without care, the priority. regex-syntax parses the Java-dialect pattern; its HIR keeps
//! leftmost-first semantics, and the compiled program keeps the alternation order and
//! greediness.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// One instruction; mirrors `core/src/phone/data.rs` `Inst`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inst {
    /// Consume one digit whose bit is set in the mask (bit d = digit d).
    Digit(u16),
    /// Continue at both; the first has priority.
    Split(u16, u16),
    /// Continue at.
    Jump(u16),
    /// Record the current position in a capture slot.
    Save(u8),
    /// Succeed only at the end of the input (`$`).
    AssertEnd,
    /// A match.
    Match,
}

/// A compiled `nationalPrefixForParsing` or `internationalPrefix`.
#[derive(Debug, Clone)]
pub struct Program {
    /// The instructions; execution starts at 0.
    pub insts: Vec<Inst>,
    /// The same pattern as an anchored leftmost-first DFA over digits, for the end of the
    /// match without running the VM: state 0 is dead, 1 the start.
    pub dfa: Vec<[u16; 10]>,
    /// Per DFA state: bit 0, a match ends just before the digit that led here; bit 1, a
    /// match ends here if the input ends here.
    pub dfa_flags: Vec<u8>,
    /// Number of capture groups (excluding the whole match).
    pub groups: u8,
    /// Digits that can start a non-empty match (bit d = digit d).
    pub first_digits: u16,
    /// Per capture group: whether it can match the empty string (then it could take part
    /// in an empty match).
    pub group_can_be_empty: Vec<bool>,
    /// The program without empty transitions, for the core's capture VM: its nodes are the
    /// digit-consuming instructions and `Match`.
    pub vm: Vm,
}

/// One node of [`Vm`]: a digit class (`digits` = 0 for `Match`) and, for each case of "the
/// input ends right after this digit" (no, yes), the nodes reachable next, in priority
/// order, each with the capture slots set on the way (bit s = slot s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VmNode {
    /// Digits consumed (bit d = digit d); 0 for the match node.
    pub digits: u16,
    /// Successors when more input follows, and when the input ends after this digit.
    pub next: [Vec<(u8, u8)>; 2],
}

/// The program as a priority-ordered NFA without empty transitions: what a Pike VM reaches
/// through `Split`/`Jump`/`Save`/`$` is precomputed (same depth-first order and
/// first-visit rule as the VM's closure), so the runtime only follows edges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vm {
    /// The nodes.
    pub nodes: Vec<VmNode>,
    /// Nodes reachable from the start, for a non-empty and an empty input.
    pub start: [Vec<(u8, u8)>; 2],
}

/// The nodes reachable from `from` without consuming, in the VM's priority order.
fn closure(insts: &[Inst], node_of: &[Option<u8>], from: u16, at_end: bool) -> Vec<(u8, u8)> {
    let mut out = Vec::new();
    let mut seen = vec![false; insts.len()];
    let mut stack = vec![(from, 0u8)];
    while let Some((pc, saves)) = stack.pop() {
        let Some(flag) = seen.get_mut(usize::from(pc)) else {
            continue;
        };
        if *flag {
            continue;
        }
        *flag = true;
        match insts.get(usize::from(pc)) {
            Some(Inst::Digit(_) | Inst::Match) => {
                if let Some(Some(node)) = node_of.get(usize::from(pc)) {
                    out.push((*node, saves));
                }
            }
            Some(Inst::Split(first, second)) => {
                stack.push((*second, saves));
                stack.push((*first, saves));
            }
            Some(Inst::Jump(to)) => stack.push((*to, saves)),
            Some(Inst::Save(slot)) => stack.push((pc + 1, saves | (1 << slot))),
            Some(Inst::AssertEnd) if at_end => stack.push((pc + 1, saves)),
            Some(Inst::AssertEnd) | None => {}
        }
    }
    out
}

fn build_vm(insts: &[Inst]) -> Result<Vm, String> {
    let mut node_of = vec![None; insts.len()];
    let mut pcs = Vec::new();
    for (pc, inst) in insts.iter().enumerate() {
        if matches!(inst, Inst::Digit(_) | Inst::Match) {
            let node = u8::try_from(pcs.len()).map_err(|_| "more than 256 VM nodes")?;
            if let Some(slot) = node_of.get_mut(pc) {
                *slot = Some(node);
            }
            pcs.push(pc);
        }
    }
    let mut nodes = Vec::new();
    for &pc in &pcs {
        let digits = match insts.get(pc) {
            Some(Inst::Digit(0)) => return Err("a digit class that matches no digit".into()),
            Some(Inst::Digit(mask)) => *mask,
            _ => 0,
        };
        let next_pc = u16::try_from(pc + 1).map_err(|e| e.to_string())?;
        let next = if digits == 0 {
            [Vec::new(), Vec::new()]
        } else {
            [
                closure(insts, &node_of, next_pc, false),
                closure(insts, &node_of, next_pc, true),
            ]
        };
        nodes.push(VmNode { digits, next });
    }
    Ok(Vm {
        nodes,
        start: [closure(insts, &node_of, 0, false), closure(insts, &node_of, 0, true)],
    })
}

struct Compiler {
    insts: Vec<Inst>,
    groups: u8,
    group_can_be_empty: Vec<bool>,
}

fn pc(value: usize) -> Result<u16, String> {
    u16::try_from(value).map_err(|_| "program too long".to_string())
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> Result<u16, String> {
        self.insts.push(inst);
        pc(self.insts.len() - 1)
    }

    fn next_pc(&self) -> Result<u16, String> {
        pc(self.insts.len())
    }

    fn patch(&mut self, at: u16, inst: Inst) -> Result<(), String> {
        let slot = self.insts.get_mut(usize::from(at)).ok_or("patch out of range")?;
        *slot = inst;
        Ok(())
    }

    fn compile(&mut self, hir: &Hir) -> Result<(), String> {
        match hir.kind() {
            HirKind::Empty => Ok(()),
            HirKind::Literal(literal) => {
                for &byte in literal.0.iter() {
                    if !byte.is_ascii_digit() {
                        return Err(format!("non-digit literal {byte}"));
                    }
                    self.push(Inst::Digit(1 << (byte - b'0')))?;
                }
                Ok(())
            }
            HirKind::Class(class) => {
                let mut mask = 0u16;
                for digit in 0u8..10 {
                    let byte = b'0' + digit;
                    let hit = match class {
                        Class::Bytes(bytes) => bytes.ranges().iter().any(|r| r.start() <= byte && byte <= r.end()),
                        Class::Unicode(chars) => chars
                            .ranges()
                            .iter()
                            .any(|r| r.start() <= char::from(byte) && char::from(byte) <= r.end()),
                    };
                    if hit {
                        mask |= 1 << digit;
                    }
                }
                self.push(Inst::Digit(mask))?;
                Ok(())
            }
            HirKind::Look(look) => match look {
                Look::End | Look::EndLF | Look::EndCRLF => {
                    self.push(Inst::AssertEnd)?;
                    Ok(())
                }
                other => Err(format!("unsupported assertion {other:?}")),
            },
            HirKind::Capture(capture) => {
                let index = u8::try_from(capture.index).map_err(|e| e.to_string())?;
                if index == 0 {
                    return Err("capture group 0".into());
                }
                self.groups = self.groups.max(index);
                let empty = capture.sub.properties().minimum_len().unwrap_or(0) == 0;
                let slot = usize::from(index - 1);
                if self.group_can_be_empty.len() <= slot {
                    self.group_can_be_empty.resize(slot + 1, false);
                }
                if let Some(flag) = self.group_can_be_empty.get_mut(slot) {
                    *flag = empty;
                }
                self.push(Inst::Save(2 * (index - 1)))?;
                self.compile(&capture.sub)?;
                self.push(Inst::Save(2 * (index - 1) + 1))?;
                Ok(())
            }
            HirKind::Concat(parts) => parts.iter().try_for_each(|p| self.compile(p)),
            HirKind::Alternation(alternatives) => {
                let mut jumps = Vec::new();
                let count = alternatives.len();
                for (index, alternative) in alternatives.iter().enumerate() {
                    if index + 1 < count {
                        let split = self.push(Inst::Split(0, 0))?;
                        self.compile(alternative)?;
                        jumps.push(self.push(Inst::Jump(0))?);
                        let next = self.next_pc()?;
                        self.patch(split, Inst::Split(split + 1, next))?;
                    } else {
                        self.compile(alternative)?;
                    }
                }
                let end = self.next_pc()?;
                for jump in jumps {
                    self.patch(jump, Inst::Jump(end))?;
                }
                Ok(())
            }
            HirKind::Repetition(repetition) => {
                for _ in 0..repetition.min {
                    self.compile(&repetition.sub)?;
                }
                let split = |greedy: bool, body: u16, exit: u16| {
                    if greedy {
                        Inst::Split(body, exit)
                    } else {
                        Inst::Split(exit, body)
                    }
                };
                match repetition.max {
                    None => {
                        if repetition.sub.properties().minimum_len().unwrap_or(0) == 0 {
                            return Err("unbounded repetition of a possibly empty expression".into());
                        }
                        let head = self.push(Inst::Split(0, 0))?;
                        self.compile(&repetition.sub)?;
                        self.push(Inst::Jump(head))?;
                        let exit = self.next_pc()?;
                        self.patch(head, split(repetition.greedy, head + 1, exit))?;
                    }
                    Some(max) => {
                        // x{min,max}: (max - min) nested optional copies, all exiting at the end.
                        let mut heads = Vec::new();
                        for _ in repetition.min..max {
                            heads.push(self.push(Inst::Split(0, 0))?);
                            self.compile(&repetition.sub)?;
                        }
                        let exit = self.next_pc()?;
                        for head in heads {
                            self.patch(head, split(repetition.greedy, head + 1, exit))?;
                        }
                    }
                }
                Ok(())
            }
        }
    }
}

/// Digits that can be consumed first, following empty transitions from `start`.
fn first_digits(insts: &[Inst]) -> u16 {
    let mut mask = 0;
    let mut seen = vec![false; insts.len()];
    let mut stack = vec![0u16];
    while let Some(at) = stack.pop() {
        let Some(flag) = seen.get_mut(usize::from(at)) else {
            continue;
        };
        if *flag {
            continue;
        }
        *flag = true;
        match insts.get(usize::from(at)) {
            Some(Inst::Digit(m)) => mask |= m,
            Some(Inst::Split(a, b)) => stack.extend([*a, *b]),
            Some(Inst::Jump(a)) => stack.push(*a),
            Some(Inst::Save(_)) => stack.push(at + 1),
            // Nothing can be consumed after `$`.
            Some(Inst::AssertEnd | Inst::Match) | None => {}
        }
    }
    mask
}

/// The anchored leftmost-first DFA of `pattern`, restricted to digit input: what
/// regex-automata's forward search walks to find where `lookingAt`'s match ends.
fn leftmost_first_dfa(pattern: &str) -> Result<(Vec<[u16; 10]>, Vec<u8>), String> {
    use regex_automata::{
        dfa::{dense, Automaton, StartKind},
        nfa::thompson::{self, WhichCaptures},
        util::{start, syntax},
        Anchored, MatchKind,
    };
    use std::collections::HashMap;
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::LeftmostFirst)
                .start_kind(StartKind::Anchored),
        )
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .thompson(thompson::Config::new().utf8(false).which_captures(WhichCaptures::None))
        .build(pattern)
        .map_err(|e| format!("{pattern}: {e}"))?;
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .map_err(|e| e.to_string())?;
    let mut index = HashMap::new();
    let mut order = vec![start];
    index.insert(start, 1u16);
    let mut table = vec![[0u16; 10], [0u16; 10]];
    let mut flags = vec![0u8, 0u8];
    let mut at = 0;
    while let Some(&state) = order.get(at) {
        let id = usize::from(*index.get(&state).ok_or("lost state")?);
        let mut row = [0u16; 10];
        for (digit, slot) in (b'0'..=b'9').zip(row.iter_mut()) {
            let next = dfa.next_state(state, digit);
            if dfa.is_dead_state(next) || dfa.is_quit_state(next) {
                continue;
            }
            let known = index.len();
            let next_id = *index.entry(next).or_insert_with(|| {
                order.push(next);
                u16::try_from(known + 1).unwrap_or(u16::MAX)
            });
            if next_id == u16::MAX {
                return Err(format!("{pattern}: DFA too large"));
            }
            *slot = next_id;
        }
        let mut flag = 0u8;
        if dfa.is_match_state(state) {
            flag |= 1;
        }
        if dfa.is_match_state(dfa.next_eoi_state(state)) {
            flag |= 2;
        }
        if table.len() <= id {
            table.resize(id + 1, [0; 10]);
            flags.resize(id + 1, 0);
        }
        *table.get_mut(id).ok_or("state out of range")? = row;
        *flags.get_mut(id).ok_or("state out of range")? = flag;
        at += 1;
    }
    Ok((table, flags))
}

/// Compiles one pattern (whitespace already removed).
pub fn compile(pattern: &str) -> Result<Program, String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| format!("{pattern}: {e}"))?;
    let mut compiler = Compiler {
        insts: Vec::new(),
        groups: 0,
        group_can_be_empty: Vec::new(),
    };
    compiler.compile(&hir)?;
    compiler.push(Inst::Match)?;
    let first_digits = first_digits(&compiler.insts);
    let (dfa, dfa_flags) = leftmost_first_dfa(pattern)?;
    let vm = build_vm(&compiler.insts)?;
    if compiler.groups > 4 {
        return Err(format!("{pattern}: more than 4 capture groups"));
    }
    Ok(Program {
        vm,
        group_can_be_empty: compiler.group_can_be_empty,
        insts: compiler.insts,
        dfa,
        dfa_flags,
        groups: compiler.groups,
        first_digits,
    })
}

/// One piece of a `nationalPrefixTransformRule`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal digits.
    Digits(String),
    /// `$n`: capture group n (1-based); a group that did not take part expands to "".
    Group(u8),
}

/// Parses a transform rule such as `9$1` or `0549$1`.
pub fn parse_transform(rule: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut chars = rule.chars().peekable();
    let mut literal = String::new();
    while let Some(c) = chars.next() {
        if c == '$' {
            let digit = chars
                .next()
                .and_then(|d| d.to_digit(10))
                .ok_or(format!("bad rule {rule}"))?;
            if chars.peek().is_some_and(char::is_ascii_digit) {
                return Err(format!("multi-digit group in {rule}"));
            }
            if !literal.is_empty() {
                pieces.push(Piece::Digits(std::mem::take(&mut literal)));
            }
            pieces.push(Piece::Group(u8::try_from(digit).map_err(|e| e.to_string())?));
        } else if c.is_ascii_digit() {
            literal.push(c);
        } else {
            return Err(format!("unexpected {c:?} in rule {rule}"));
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Digits(literal));
    }
    Ok(pieces)
}
