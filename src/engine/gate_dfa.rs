//! The shared gate's literal automaton: an Aho-Corasick DFA whose states
//! are numbered breadth-first.
//!
//! The scan of every element for the gate's ~3,700 common literals costs
//! more time than its instructions say: each byte is one load from the
//! transition table, and the next byte's load waits for it. In
//! `aho_corasick::dfa::DFA` the states are numbered in the order the
//! literals built the trie (match states first), so the few thousand a
//! scan of prose stays in (the root and a few letters deep: the hottest
//! thousand take 91% of the steps on English news) lie scattered over its
//! megabytes. Numbered breadth-first, they share the first few hundred
//! kilobytes of the table: the scan is ~13% faster on English news.
//!
//! The transitions are those of `aho_corasick`'s own automaton (read from
//! its non-contiguous NFA, failure transitions followed), so the
//! occurrences are the same, in the same order.

use aho_corasick::automaton::Automaton;
use aho_corasick::automaton::StateID;
use aho_corasick::nfa::noncontiguous;
use aho_corasick::Anchored;

/// A DFA over byte classes reporting every occurrence, overlapping ones
/// included, of a set of literals matched ASCII case-insensitively.
pub(super) struct GateDfa {
    /// Byte -> class. Class 0 is every byte no literal has (in either
    /// ASCII case): on one, every state goes back to the root.
    classes: [u8; 256],
    /// The number of classes: the length of a state's row.
    stride: usize,
    /// Row `state * stride`, column `class`: the next state's row start,
    /// shifted left once, with the low bit set when that state reports
    /// matches.
    trans: Vec<u32>,
    /// For each state, where its matches start in `matches` (one more
    /// entry at the end).
    match_at: Vec<u32>,
    /// The matches each state reports, in `Automaton::match_pattern`
    /// order: pattern index and the pattern's length.
    matches: Vec<(u32, u32)>,
}

impl GateDfa {
    /// The automaton of `lits`; `None` when `aho_corasick` refuses them or
    /// the table would not be addressable with `u32`.
    pub(super) fn new<B: AsRef<[u8]>>(lits: &[B]) -> Option<GateDfa> {
        let nfa = noncontiguous::Builder::new()
            .ascii_case_insensitive(true)
            .prefilter(false)
            .build(lits)
            .ok()?;
        // A byte's class: the bytes of the literals, one class per ASCII
        // case pair, and class 0 for the rest. Two bytes of one class label
        // the same trie edges, so every state goes to the same state on
        // either (`classes_are_exact` checks it against the automaton).
        let mut classes = [0u8; 256];
        let mut reps = vec![0u8];
        for &b in lits.iter().flat_map(|l| l.as_ref()) {
            let b = b.to_ascii_lowercase();
            if classes[usize::from(b)] == 0 {
                let class = u8::try_from(reps.len()).ok()?;
                reps.push(b);
                classes[usize::from(b)] = class;
                classes[usize::from(b.to_ascii_uppercase())] = class;
            }
        }
        // Class 0's representative: any byte of it (if it has none, its
        // column is never read).
        reps[0] = (0..=255u8)
            .find(|&b| classes[usize::from(b)] == 0)
            .unwrap_or(0);
        let stride = reps.len();

        // Breadth-first from the root: state numbers by depth, roughly,
        // and so by how often a scan is in them.
        let start = nfa.start_state(Anchored::No).ok()?;
        // (The NFA's state IDs are small indices: a table numbers them.)
        const UNSEEN: u32 = u32::MAX;
        let mut number: Vec<u32> = Vec::new();
        let mut numbered = |sid: StateID, order: &mut Vec<StateID>| {
            let i = sid.as_usize();
            if i >= number.len() {
                number.resize(i + 1, UNSEEN);
            }
            if number[i] == UNSEEN {
                number[i] = order.len() as u32;
                order.push(sid);
            }
            number[i]
        };
        let mut order = Vec::new();
        numbered(start, &mut order);
        let mut next_of = Vec::new();
        let mut i = 0;
        while let Some(&sid) = order.get(i) {
            for &b in &reps {
                let next = nfa.next_state(Anchored::No, sid, b);
                if nfa.is_dead(next) {
                    // Only leftmost match kinds have a dead state.
                    return None;
                }
                next_of.push(numbered(next, &mut order));
            }
            i += 1;
        }
        u32::try_from(order.len().checked_mul(stride)?.checked_mul(2)?).ok()?;
        // (In place: the table is the largest thing the engine builds.)
        let mut trans = next_of;
        trans.shrink_to_fit();
        for t in &mut trans {
            *t = (*t * stride as u32) << 1 | u32::from(nfa.is_match(order[*t as usize]));
        }
        let mut match_at = Vec::with_capacity(order.len() + 1);
        let mut matches = Vec::new();
        for &sid in &order {
            match_at.push(matches.len() as u32);
            for k in 0..nfa.match_len(sid) {
                let pid = nfa.match_pattern(sid, k);
                matches.push((pid.as_u32(), nfa.pattern_len(pid) as u32));
            }
        }
        match_at.push(matches.len() as u32);
        Some(GateDfa {
            classes,
            stride,
            trans,
            match_at,
            matches,
        })
    }

    /// Every occurrence of the literals in `hay`, overlapping ones
    /// included, in the order `AhoCorasick::find_overlapping_iter` gives
    /// them (by end, then by the order of the end state's matches): start,
    /// end and literal index, to `found`.
    pub(super) fn occurrences(&self, hay: &[u8], mut found: impl FnMut(usize, usize, usize)) {
        // (The root reports only an empty literal.)
        self.report(0, 0, &mut found);
        let (trans, classes) = (&self.trans[..], &self.classes);
        let mut row = 0;
        let mut at = 0;
        while at < hay.len() {
            // The hot loop, one load per byte and nothing else, so that the
            // state stays in a register: each load waits for the last.
            let mut t = 0;
            for &byte in &hay[at..] {
                at += 1;
                t = trans[row + usize::from(classes[usize::from(byte)])];
                row = (t >> 1) as usize;
                if t & 1 != 0 {
                    break;
                }
            }
            if t & 1 != 0 {
                self.report(row, at, &mut found);
            }
        }
    }

    /// The matches of the state whose row starts at `row`, ending at `end`.
    #[inline(never)]
    fn report(&self, row: usize, end: usize, found: &mut impl FnMut(usize, usize, usize)) {
        let n = row / self.stride;
        let (from, to) = (self.match_at[n] as usize, self.match_at[n + 1] as usize);
        for &(pid, len) in &self.matches[from..to] {
            found(end - len as usize, end, pid as usize);
        }
    }

    /// The table's size in bytes.
    #[cfg(test)]
    pub(super) fn heap_bytes(&self) -> usize {
        self.trans.len() * 4 + self.match_at.len() * 4 + self.matches.len() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::AhoCorasick;

    /// The occurrences `aho_corasick` itself reports.
    fn plain(lits: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(lits)
            .unwrap()
            .find_overlapping_iter(hay)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect()
    }

    fn ours(lits: &[&str], hay: &str) -> Vec<(usize, usize, usize)> {
        let dfa = GateDfa::new(lits).unwrap();
        let mut out = Vec::new();
        dfa.occurrences(hay.as_bytes(), |s, e, k| out.push((s, e, k)));
        out
    }

    #[test]
    fn occurrences_are_aho_corasicks() {
        let lits = [
            "he",
            "she",
            "his",
            "hers",
            "vote",
            "Vote for",
            "for ",
            "paid for by",
            "’s",
            "“",
            "é",
            "naïve",
            "x",
            "a.b",
            "--",
            "-",
        ];
        let hays = [
            "",
            "ushers",
            "SHE said HIS hers: Vote for me! Paid for by the committee.",
            "the candidate’s “plan” is naïve, NAÏVE, a.b a-b --- x",
            "hhhhe shshe ushersssss vote vote vote fo for for",
            "\u{0}\u{ff}\t\nÀ ÿ 日本語 — …",
        ];
        for hay in hays {
            assert_eq!(ours(&lits, hay), plain(&lits, hay), "{hay:?}");
        }
    }

    #[test]
    fn an_empty_literal_matches_everywhere() {
        let lits = ["", "ab"];
        assert_eq!(ours(&lits, "xab"), plain(&lits, "xab"));
    }

    /// Pseudo-random literals and texts over a small alphabet, where
    /// literals overlap and share prefixes and suffixes all the time.
    #[test]
    fn occurrences_are_aho_corasicks_on_random_sets() {
        let alphabet = b"abAB c.\xC3\xA9";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let word = |len: usize, next: &mut dyn FnMut(usize) -> usize| {
            let bytes: Vec<u8> = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
            String::from_utf8_lossy(&bytes).into_owned()
        };
        for _ in 0..300 {
            let n = 1 + next(12);
            let lits: Vec<String> = (0..n)
                .map(|_| {
                    let len = 1 + next(5);
                    word(len, &mut next)
                })
                .collect();
            let len = next(80);
            let hay = word(len, &mut next);
            let lits: Vec<&str> = lits.iter().map(String::as_str).collect();
            assert_eq!(ours(&lits, &hay), plain(&lits, &hay), "{lits:?} {hay:?}");
        }
    }

    /// Two bytes of one class go to the same state from every state, for
    /// the built-in pack's gate literals: the classes lose nothing.
    #[test]
    fn classes_are_exact() {
        let lits = super::super::tests::builtin_common_literals();
        let dfa = GateDfa::new(&lits).unwrap();
        let nfa = noncontiguous::Builder::new()
            .ascii_case_insensitive(true)
            .build(&lits)
            .unwrap();
        // Per class, its first byte: every other byte of it must agree.
        let mut rep = [None; 256];
        for b in 0..=255u8 {
            rep[usize::from(dfa.classes[usize::from(b)])].get_or_insert(b);
        }
        let mut stack = vec![nfa.start_state(Anchored::No).unwrap()];
        let mut seen = std::collections::HashSet::from([stack[0]]);
        while let Some(sid) = stack.pop() {
            for b in 0..=255u8 {
                let r = rep[usize::from(dfa.classes[usize::from(b)])].unwrap();
                let next = nfa.next_state(Anchored::No, sid, b);
                assert_eq!(
                    next,
                    nfa.next_state(Anchored::No, sid, r),
                    "byte {b} vs {r}"
                );
                if seen.insert(next) {
                    stack.push(next);
                }
            }
        }
        eprintln!(
            "{} literals, {} states, {} classes, {} KB",
            lits.len(),
            dfa.match_at.len() - 1,
            dfa.stride,
            dfa.heap_bytes() / 1024
        );
    }
}
