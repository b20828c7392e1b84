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

/// A compiled `nationalPrefixForParsing`.
#[derive(Debug, Clone)]
pub struct Program {
    /// The instructions; execution starts at 0.
    pub insts: Vec<Inst>,
    /// Number of capture groups (excluding the whole match).
    pub groups: u8,
    /// Digits that can start a non-empty match (bit d = digit d).
    pub first_digits: u16,
}

struct Compiler {
    insts: Vec<Inst>,
    groups: u8,
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
    };
    compiler.compile(&hir)?;
    compiler.push(Inst::Match)?;
    let first_digits = first_digits(&compiler.insts);
    Ok(Program {
        insts: compiler.insts,
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
