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
//! It is built the way `aho_corasick` builds its automata, and reports the
//! same occurrences in the same order as `AhoCorasick`'s overlapping search
//! (tested against it on fixed, random and the built-in literal sets).

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
    /// The automaton of `lits`; `None` when one of them is empty (the gate
    /// leaves out the rules with an empty literal: every element has one)
    /// or the table would not be addressable with `u32`.
    ///
    /// Built here from the literals, as `aho_corasick` builds its DFA (a
    /// trie, its failure links breadth-first, each state's row its failure
    /// state's with its own children over it, and its matches its own then
    /// its failure state's), not read out of `aho_corasick`'s NFA: asking
    /// that NFA for every state's next state on every class followed its
    /// failure links each time, and was ~85 % of the engine's build (~35 ms
    /// of every `check` and `audit` start).
    pub(super) fn new<B: AsRef<[u8]>>(lits: &[B]) -> Option<GateDfa> {
        if lits.iter().any(|l| l.as_ref().is_empty()) {
            return None;
        }
        // A byte's class: the bytes of the literals, one class per ASCII
        // case pair, and class 0 for the rest. Two bytes of one class label
        // the same trie edges, so every state goes to the same state on
        // either (`classes_are_exact` checks it against `aho_corasick`).
        let mut classes = [0u8; 256];
        let mut stride = 1;
        for &b in lits.iter().flat_map(|l| l.as_ref()) {
            let b = b.to_ascii_lowercase();
            if classes[usize::from(b)] == 0 {
                let class = u8::try_from(stride).ok()?;
                stride += 1;
                classes[usize::from(b)] = class;
                classes[usize::from(b.to_ascii_uppercase())] = class;
            }
        }

        // The trie: each state's children by class, and the literals that
        // end at it (in their order, as `aho_corasick` lists them).
        let mut kids: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (pid, lit) in lits.iter().enumerate() {
            let mut at = 0;
            for &b in lit.as_ref() {
                let class = classes[usize::from(b)];
                at = match kids[at].iter().find(|k| k.0 == class) {
                    Some(&(_, next)) => next as usize,
                    None => {
                        let next = kids.len();
                        kids.push(Vec::new());
                        own.push(Vec::new());
                        kids[at].push((class, u32::try_from(next).ok()?));
                        next
                    }
                };
            }
            own[at].push(u32::try_from(pid).ok()?);
        }
        for k in &mut kids {
            k.sort_unstable();
        }

        // Breadth-first from the root: state numbers by depth, roughly,
        // and so by how often a scan is in them.
        let mut order = vec![0u32];
        let mut number = vec![0u32; kids.len()];
        let mut i = 0;
        while let Some(&t) = order.get(i) {
            for &(_, next) in &kids[t as usize] {
                number[next as usize] = order.len() as u32;
                order.push(next);
            }
            i += 1;
        }
        let n = order.len();
        u32::try_from(n.checked_mul(stride)?.checked_mul(2)?).ok()?;

        // Rows in that order: a state's failure state is shallower, its
        // row done before. (The root's children fail to the root; a deeper
        // state's child on a class fails to where its failure state goes
        // on that class.)
        let mut trans = vec![0u32; n * stride];
        let mut fail = vec![0u32; n];
        let mut match_at = Vec::with_capacity(n + 1);
        let mut matches: Vec<(u32, u32)> = Vec::new();
        let len_of = |pid: u32| lits[pid as usize].as_ref().len() as u32;
        for (i, &t) in order.iter().enumerate() {
            let f = fail[i] as usize;
            if i > 0 {
                trans.copy_within(f * stride..(f + 1) * stride, i * stride);
            }
            for &(class, next) in &kids[t as usize] {
                let c = usize::from(class);
                let next = number[next as usize];
                fail[next as usize] = if i == 0 { 0 } else { trans[f * stride + c] };
                trans[i * stride + c] = next;
            }
            match_at.push(matches.len() as u32);
            matches.extend(own[t as usize].iter().map(|&pid| (pid, len_of(pid))));
            if i > 0 {
                let (from, to) = (match_at[f] as usize, match_at[f + 1] as usize);
                matches.extend_from_within(from..to);
            }
        }
        match_at.push(matches.len() as u32);
        for t in &mut trans {
            let s = *t as usize;
            *t = (*t * stride as u32) << 1 | u32::from(match_at[s] != match_at[s + 1]);
        }
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
    use aho_corasick::automaton::Automaton;
    use aho_corasick::nfa::noncontiguous;
    use aho_corasick::{AhoCorasick, Anchored};

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
    fn an_empty_literal_is_refused() {
        assert!(GateDfa::new(&["", "ab"]).is_none());
        assert!(GateDfa::new(&["ab"]).is_some());
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

    /// The built-in pack's gate literals over every fixture article.
    #[test]
    fn occurrences_are_aho_corasicks_on_the_builtin_literals() {
        let lits = super::super::tests::builtin_common_literals();
        let dfa = GateDfa::new(&lits).unwrap();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&lits)
            .unwrap();
        let mut files = 0;
        let dirs = ["fixtures/clean", "fixtures/defective", "fixtures/holdout"];
        for entry in dirs
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flatten()
        {
            let Ok(text) = std::fs::read(entry.unwrap().path()) else {
                continue;
            };
            let mut ours = Vec::new();
            dfa.occurrences(&text, |s, e, k| ours.push((s, e, k)));
            let plain: Vec<_> = ac
                .find_overlapping_iter(&text[..])
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect();
            assert_eq!(ours, plain);
            files += 1;
        }
        assert!(files > 50, "{files}");
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
