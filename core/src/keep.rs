//! Bounded issue lists: however many problems a document holds, an envelope keeps only the
//! first few in its order, and the work of finding those few must not grow with the rest.
//!
//! Two limits decide what one list (the errors, or the warnings) keeps, in the envelope's
//! order: at most `max_issues` issues, and their paths together at most [`PATH_BYTES_LIMIT`]
//! bytes (one byte more per path), always at least one issue. Everything past that is only
//! counted (`TOO_MANY_ISSUES`, `params.omitted`).
//!
//! [`Keeper`] applies the same limits while parsing, before any issue exists: it keeps the
//! records that can still be shown (whatever `max_issues` turns out to be) and counts the
//! others, comparing a new record's pointer with the largest kept one without building it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// The most issues one list of an envelope can show (the largest `max_issues`).
pub(crate) const MAX_KEPT: usize = 1000;

/// The paths of the issues one list shows add up to at most this many bytes (counting one
/// more per path). Ordinary paths are tens of bytes; only keys hundreds of kilobytes long,
/// repeated in issue after issue, come near it.
pub(crate) const PATH_BYTES_LIMIT: usize = 1024 * 1024;

/// What one kept path costs of [`PATH_BYTES_LIMIT`].
pub(crate) fn path_cost(path: &str) -> usize {
    path.len().saturating_add(1)
}

/// How many of `paths` (already in order) a list shows: the longest prefix of at most
/// `max_issues` whose costs stay within [`PATH_BYTES_LIMIT`], and at least one.
pub(crate) fn shown<'a>(paths: impl IntoIterator<Item = &'a str>, max_issues: usize) -> usize {
    let mut bytes = 0usize;
    let mut count = 0usize;
    for path in paths {
        bytes = bytes.saturating_add(path_cost(path));
        if count >= max_issues || (count > 0 && bytes > PATH_BYTES_LIMIT) {
            break;
        }
        count += 1;
    }
    count
}

/// The last reference token of a record's pointer, before escaping.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Token<'a> {
    /// An array index.
    Index(usize),
    /// An object key (unescaped).
    Key(&'a str),
}

impl Token<'_> {
    /// `base` + `/` + this token, escaped.
    pub(crate) fn pointer(self, base: &str) -> String {
        match self {
            Token::Index(index) => crate::pointer::join_index(base, index),
            Token::Key(key) => crate::pointer::join(base, key),
        }
    }

    /// Compare `/` + this token (escaped) with `other`, as bytes.
    fn cmp_suffix(self, other: &[u8]) -> Ordering {
        let mut digits = [0u8; 20];
        let index_bytes: &[u8] = match self {
            Token::Index(index) => {
                let mut at = digits.len();
                let mut rest = index;
                loop {
                    at -= 1;
                    if let Some(slot) = digits.get_mut(at) {
                        *slot = b'0' + (rest % 10) as u8;
                    }
                    rest /= 10;
                    if rest == 0 || at == 0 {
                        break;
                    }
                }
                digits.get(at..).unwrap_or_default()
            }
            Token::Key(_) => &[],
        };
        let escaped = match self {
            Token::Index(_) => Escaped::Plain(index_bytes.iter()),
            Token::Key(key) => Escaped::Key(key.as_bytes().iter(), None),
        };
        std::iter::once(b'/').chain(escaped).cmp(other.iter().copied())
    }
}

/// The bytes of an escaped reference token (`~` as `~0`, `/` as `~1`).
enum Escaped<'a> {
    Plain(std::slice::Iter<'a, u8>),
    Key(std::slice::Iter<'a, u8>, Option<u8>),
}

impl Iterator for Escaped<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        match self {
            Escaped::Plain(bytes) => bytes.next().copied(),
            Escaped::Key(bytes, pending) => {
                if let Some(byte) = pending.take() {
                    return Some(byte);
                }
                match bytes.next().copied()? {
                    b'~' => {
                        *pending = Some(b'0');
                        Some(b'~')
                    }
                    b'/' => {
                        *pending = Some(b'1');
                        Some(b'~')
                    }
                    byte => Some(byte),
                }
            }
        }
    }
}

/// One kept record: its pointer, its place among records of the same pointer, its details.
#[derive(Debug)]
struct Entry<T> {
    pointer: String,
    seq: usize,
    detail: T,
}

impl<T> PartialEq for Entry<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl<T> Eq for Entry<T> {}

impl<T> PartialOrd for Entry<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<T> Ord for Entry<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.pointer
            .as_bytes()
            .cmp(other.pointer.as_bytes())
            .then(self.seq.cmp(&other.seq))
    }
}

/// How a container's pointer compares with the largest kept pointer.
#[derive(Clone, Copy)]
enum BaseOrder {
    /// Every pointer below the container sorts this way against it.
    Decided(Ordering),
    /// The container's pointer is a prefix of it: the token decides.
    Prefix,
}

/// The records of one kind a parse keeps (see the module doc), and how many there were.
#[derive(Debug)]
pub(crate) struct Keeper<T> {
    heap: BinaryHeap<Entry<T>>,
    bytes: usize,
    total: usize,
    /// Bytes of pointers built or compared so far, and how many the input allows: past the
    /// allowance, records are only counted.
    work: usize,
    work_limit: usize,
    /// Changes each time the largest kept record may have changed.
    heap_version: u64,
    /// `(base version, heap version, order)` of the last base compared with the largest.
    cache: Option<(u64, u64, BaseOrderCell)>,
}

/// [`BaseOrder`] with `Debug`, for the cache.
#[derive(Clone, Copy, Debug)]
struct BaseOrderCell(Option<Ordering>);

impl<T> Keeper<T> {
    /// A keeper for records found in `input_len` bytes of input.
    pub(crate) fn new(input_len: usize) -> Keeper<T> {
        Keeper {
            heap: BinaryHeap::new(),
            bytes: 0,
            total: 0,
            work: 0,
            work_limit: input_len.saturating_mul(64).saturating_add(1024 * 1024),
            heap_version: 0,
            cache: None,
        }
    }

    /// Whether the kept records are all a list could ever show.
    fn saturated(&self) -> bool {
        self.heap.len() >= MAX_KEPT || self.bytes >= PATH_BYTES_LIMIT
    }

    /// Offer the record at `base` (a container's pointer, which changes only when
    /// `base_version` does) + `token` (none: the record is at `base` itself), `seq` its place
    /// among records of the same pointer.
    pub(crate) fn offer(&mut self, base: &str, base_version: u64, token: Option<Token<'_>>, seq: usize, detail: T) {
        self.total = self.total.saturating_add(1);
        if self.saturated() && !self.precedes_largest(base, base_version, token, seq) {
            return;
        }
        if self.work > self.work_limit {
            return;
        }
        let pointer = match token {
            Some(token) => token.pointer(base),
            None => base.to_owned(),
        };
        self.work = self.work.saturating_add(pointer.len());
        self.bytes = self.bytes.saturating_add(path_cost(&pointer));
        self.heap.push(Entry { pointer, seq, detail });
        self.heap_version += 1;
        while self.heap.len() > 1 {
            let Some(largest) = self.heap.peek() else { break };
            let without = self.bytes.saturating_sub(path_cost(&largest.pointer));
            if self.heap.len() > MAX_KEPT || without >= PATH_BYTES_LIMIT {
                self.bytes = without;
                self.heap.pop();
                self.heap_version += 1;
            } else {
                break;
            }
        }
    }

    /// Whether the record sorts before the largest kept one.
    fn precedes_largest(&mut self, base: &str, base_version: u64, token: Option<Token<'_>>, seq: usize) -> bool {
        let Some(largest) = self.heap.peek() else {
            return true;
        };
        let target = largest.pointer.as_bytes();
        let cached = match self.cache {
            Some((b, h, order)) if b == base_version && h == self.heap_version => Some(order),
            _ => None,
        };
        let order = match cached {
            Some(BaseOrderCell(Some(order))) => BaseOrder::Decided(order),
            Some(BaseOrderCell(None)) => BaseOrder::Prefix,
            None => {
                let base = base.as_bytes();
                let shared = base.len().min(target.len());
                self.work = self.work.saturating_add(shared);
                let head = base.get(..shared).unwrap_or_default();
                let order = match head.cmp(target.get(..shared).unwrap_or_default()) {
                    Ordering::Equal if base.len() > target.len() => BaseOrder::Decided(Ordering::Greater),
                    Ordering::Equal => BaseOrder::Prefix,
                    other => BaseOrder::Decided(other),
                };
                let cell = match order {
                    BaseOrder::Decided(order) => BaseOrderCell(Some(order)),
                    BaseOrder::Prefix => BaseOrderCell(None),
                };
                self.cache = Some((base_version, self.heap_version, cell));
                order
            }
        };
        let order = match order {
            BaseOrder::Decided(order) => order,
            BaseOrder::Prefix => {
                let rest = target.get(base.len()..).unwrap_or_default();
                match token {
                    Some(token) => token.cmp_suffix(rest),
                    None => b"".as_slice().cmp(rest),
                }
            }
        };
        order.then(seq.cmp(&largest.seq)) == Ordering::Less
    }

    /// The kept records in order (pointer, then `seq`), and how many were not kept.
    pub(crate) fn finish(self) -> (Vec<(String, T)>, usize) {
        let kept = self.heap.into_sorted_vec();
        let omitted = self.total.saturating_sub(kept.len());
        (kept.into_iter().map(|e| (e.pointer, e.detail)).collect(), omitted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offer `(base, token)` records in order; the kept ones must be exactly the first of all of
    /// them in pointer order under the limits, and the count exact.
    fn keep(records: &[(&str, Option<Token<'_>>)]) -> (Vec<String>, usize) {
        let mut keeper = Keeper::new(1 << 20);
        for (seq, (base, token)) in records.iter().enumerate() {
            keeper.offer(base, seq as u64 / 3, *token, seq, ());
        }
        let (kept, omitted) = keeper.finish();
        (kept.into_iter().map(|(p, ())| p).collect(), omitted)
    }

    #[test]
    fn keeps_the_first_in_pointer_order_and_counts_the_rest() {
        let keys: Vec<String> = (0..3000).map(|i| format!("k{}", (i * 7919) % 3000)).collect();
        let records: Vec<(&str, Option<Token<'_>>)> =
            keys.iter().map(|k| ("/a", Some(Token::Key(k.as_str())))).collect();
        let (kept, omitted) = keep(&records);
        let mut all: Vec<String> = keys.iter().map(|k| format!("/a/{k}")).collect();
        all.sort();
        assert_eq!(kept, all[..MAX_KEPT].to_vec());
        assert_eq!(omitted, 3000 - MAX_KEPT);
    }

    #[test]
    fn escaping_and_indices_compare_as_the_built_pointer() {
        let records = [
            ("", Some(Token::Key("a/b"))),
            ("", Some(Token::Key("a~b"))),
            ("", Some(Token::Key("a0"))),
            ("/x", Some(Token::Index(10))),
            ("/x", Some(Token::Index(9))),
            ("/x", None),
            ("", None),
        ];
        let mut expected: Vec<String> = records
            .iter()
            .map(|(base, token)| token.map_or((*base).to_owned(), |t| t.pointer(base)))
            .collect();
        expected.sort();
        assert_eq!(keep(&records).0, expected);
        for (token, other) in [
            (Token::Index(10), "/9"),
            (Token::Index(0), "/0"),
            (Token::Key("~/"), "/~0~1"),
            (Token::Key("a/"), "/a~"),
        ] {
            assert_eq!(
                token.cmp_suffix(other.as_bytes()),
                token.pointer("").as_bytes().cmp(other.as_bytes()),
                "{token:?} {other}"
            );
        }
    }

    #[test]
    fn long_paths_keep_fewer_but_at_least_one() {
        let long = format!("/{}", "k".repeat(300_000));
        let records: Vec<(&str, Option<Token<'_>>)> = (0..10).map(|_| (long.as_str(), Some(Token::Key("a")))).collect();
        let (kept, omitted) = keep(&records);
        // 300,003 bytes a path: the fourth would pass the limit.
        assert_eq!((kept.len(), omitted), (4, 6));
        assert_eq!(shown(kept.iter().map(String::as_str), 100), 3);
        let huge = "h".repeat(2 * PATH_BYTES_LIMIT);
        assert_eq!(shown([huge.as_str(), "x"], 100), 1);
        assert_eq!(shown(["a", "b", "c"], 2), 2);
        assert_eq!(shown(std::iter::empty::<&str>(), 2), 0);
    }
}
