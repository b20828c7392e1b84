//! "Did you mean …?" for unknown field names: known aliases first, then the closest known
//! name by Damerau–Levenshtein distance ≤ 2 (case-sensitive; ties go to the earlier name).

/// Longest key worth comparing: longer keys are more than 2 edits from every known name.
const MAX_DISTANCE: usize = 2;

/// The suggestion for `unknown` among `known` (in priority order), with `aliases` tried first.
pub(crate) fn closest(unknown: &str, known: &[&'static str], aliases: &[(&str, &'static str)]) -> Option<&'static str> {
    if let Some((_, target)) = aliases.iter().find(|(alias, _)| *alias == unknown) {
        return Some(target);
    }
    let unknown: Vec<char> = if unknown.len() > 64 {
        return None;
    } else {
        unknown.chars().collect()
    };
    let mut best: Option<(usize, &'static str)> = None;
    for name in known {
        let candidate: Vec<char> = name.chars().collect();
        if unknown.len().abs_diff(candidate.len()) > MAX_DISTANCE {
            continue;
        }
        let d = damerau_levenshtein(&unknown, &candidate);
        if d <= MAX_DISTANCE && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, name));
        }
    }
    best.map(|(_, name)| name)
}

/// The unrestricted Damerau–Levenshtein distance (Lowrance–Wagner), so `ca` → `abc` is 2.
pub(crate) fn damerau_levenshtein(a: &[char], b: &[char]) -> usize {
    let (n, m) = (a.len(), b.len());
    let width = m + 2;
    let max = n + m;
    let mut d = vec![0usize; (n + 2) * width];
    let idx = |i: usize, j: usize| i * width + j;
    let set = |d: &mut Vec<usize>, i: usize, j: usize, v: usize| {
        if let Some(cell) = d.get_mut(idx(i, j)) {
            *cell = v;
        }
    };
    let get = |d: &Vec<usize>, i: usize, j: usize| d.get(idx(i, j)).copied().unwrap_or(max);
    set(&mut d, 0, 0, max);
    for i in 0..=n {
        set(&mut d, i + 1, 0, max);
        set(&mut d, i + 1, 1, i);
    }
    for j in 0..=m {
        set(&mut d, 0, j + 1, max);
        set(&mut d, 1, j + 1, j);
    }
    let mut last_row: Vec<(char, usize)> = Vec::new();
    for (i, &ca) in a.iter().enumerate() {
        let i = i + 1;
        let mut last_match_col = 0;
        for (j, &cb) in b.iter().enumerate() {
            let j = j + 1;
            let i1 = last_row.iter().find(|(c, _)| *c == cb).map_or(0, |(_, r)| *r);
            let j1 = last_match_col;
            let cost = usize::from(ca != cb);
            if cost == 0 {
                last_match_col = j;
            }
            let v = (get(&d, i, j) + cost)
                .min(get(&d, i + 1, j) + 1)
                .min(get(&d, i, j + 1) + 1)
                .min(get(&d, i1, j1) + (i - i1 - 1) + 1 + (j - j1 - 1));
            set(&mut d, i + 1, j + 1, v);
        }
        match last_row.iter_mut().find(|(c, _)| *c == ca) {
            Some(entry) => entry.1 = i,
            None => last_row.push((ca, i)),
        }
    }
    get(&d, n + 1, m + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dl(a: &str, b: &str) -> usize {
        damerau_levenshtein(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
    }

    #[test]
    fn distances() {
        assert_eq!(dl("", ""), 0);
        assert_eq!(dl("abc", ""), 3);
        assert_eq!(dl("ca", "abc"), 2);
        assert_eq!(dl("agent_mesage", "agent_message"), 1);
        assert_eq!(dl("chanenl", "channel"), 1);
        assert_eq!(dl("kitten", "sitting"), 3);
    }

    #[test]
    fn aliases_then_distance_then_order() {
        let known = ["time_out", "timeout_message", "webhook"];
        assert_eq!(closest("timeout", &known, &[("timeout", "time_out")]), Some("time_out"));
        assert_eq!(closest("webhok", &known, &[]), Some("webhook"));
        assert_eq!(closest("Webhook", &known, &[]), Some("webhook"));
        assert_eq!(closest("zzzzzz", &known, &[]), None);
        assert_eq!(closest("ab", &["ax", "ay"], &[]), Some("ax"));
    }
}
