//! The engine: runs a pack's rules over documents and returns findings.
//! It knows nothing of output formats.

use crate::document::{Document, InputFormat};
use crate::finding::Finding;
use crate::kinds::pattern::{fold_literal, fold_text};
use crate::kinds::{Cx, Hit};
use crate::rule::load::Pack;
use crate::rule::{render_message, Category, Rule, Severity};
use aho_corasick::automaton::Automaton;
use aho_corasick::{nfa, Anchored};
use gate_dfa::GateDfa;
use std::sync::Arc;

mod gate_dfa;

/// A compiled pack ready to check documents; `Send + Sync`, shared by threads.
pub struct Engine {
    pub pack: Pack,
    ids: Vec<Arc<str>>,
    helps: Vec<Option<Arc<str>>>,
    gate: Option<SharedGate>,
    /// (superseded rule, rule superseding it): the `supersedes` lists of
    /// the enabled rules.
    supersede: Vec<(Arc<str>, Arc<str>)>,
}

/// One literal automaton for every rule that offers
/// [`gate_literals`](crate::kinds::Check::gate_literals): each element's
/// text is scanned once per document, not once per rule.
struct SharedGate {
    /// The literals made of ASCII and [`COMMON_PUNCT`] only, which every
    /// element is scanned for, and the automaton pattern index of each.
    common: (GateDfa, Vec<u32>),
    /// The literals with any other character (accented letters, other
    /// scripts, fold twins), scanned for only in an element that has such
    /// a character ([`needs_rare`]); `None` when there are none.
    rare: Option<(nfa::contiguous::NFA, Vec<u32>)>,
    /// Who needs each literal (the automata's pattern indices are its
    /// indices); its texts are dropped once the automata are built.
    lits: GateLiterals,
    /// The address of each rule's check, to notice a pack changed behind
    /// the engine's back (`pack` is public): the gate is then not used.
    checks: Vec<usize>,
}

/// The shared gate's literals: every enabled gated rule's, folded and cut
/// ([`gate_prefix`]), each once, and the fold twins.
struct GateLiterals {
    pats: Vec<Vec<u8>>,
    /// For each literal, the slots (gated rules) that need it, each with
    /// the rule's mask for it ([`crate::kinds::Check::gate_masks`]).
    owners: Vec<Vec<(u32, u64)>>,
    /// For each literal, whether it is a fold twin.
    twin_of: Vec<bool>,
    /// Rule index -> slot.
    slot_of: Vec<Option<usize>>,
    slots: usize,
}

impl GateLiterals {
    /// `None` when no rule is gated.
    fn new(rules: &[Rule]) -> Option<GateLiterals> {
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut pats: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<(u32, u64)>> = Vec::new();
        let mut slot_of = vec![None; rules.len()];
        let mut slots = 0;
        for (i, r) in rules.iter().enumerate() {
            let Some(lits) = r.check.gate_literals().filter(|_| r.enabled) else {
                continue;
            };
            // Folded as the scan folds each element's text ([`fold_text`]),
            // and cut to their first [`GATE_PREFIX`] bytes (see there).
            let lits: Vec<Vec<u8>> = lits.iter().map(|l| gate_prefix(fold_literal(l))).collect();
            if lits.iter().any(|l| l.is_empty()) {
                continue;
            }
            let slot = slots as u32;
            slots += 1;
            slot_of[i] = Some(slot as usize);
            let masks = r.check.gate_masks().filter(|m| m.len() == lits.len());
            for (j, l) in lits.iter().enumerate() {
                let mask = masks.map_or(0, |m| m[j]);
                let k = *index.entry(l.clone()).or_insert_with(|| {
                    pats.push(l.clone());
                    owners.push(Vec::new());
                    pats.len() - 1
                });
                match owners[k].last_mut() {
                    Some((s, m)) if *s == slot => *m |= mask,
                    _ => owners[k].push((slot, mask)),
                }
            }
        }
        if slots == 0 {
            return None;
        }
        // The fold twins, which literal sets leave out: an element with one
        // is open to every rule (see `kinds::pattern::has_fold_twin`).
        let twins: Vec<String> = crate::kinds::pattern::fold_twins().collect();
        let mut twin_of = vec![false; pats.len()];
        for t in &twins {
            match index.get(t.as_bytes()) {
                Some(&k) => twin_of[k] = true,
                None => {
                    pats.push(t.as_bytes().to_vec());
                    owners.push(Vec::new());
                    twin_of.push(true);
                }
            }
        }
        Some(GateLiterals {
            pats,
            owners,
            twin_of,
            slot_of,
            slots,
        })
    }
}

impl SharedGate {
    fn new(rules: &[Rule]) -> Option<SharedGate> {
        let mut lits = GateLiterals::new(rules)?;
        let pats = std::mem::take(&mut lits.pats);
        // Two automata, split by what a literal is made of. Most elements
        // of English news are ASCII with typographic punctuation: they need
        // only the literals made of the same (~60% of them), whose DFA
        // ([`GateDfa`], states numbered breadth-first) is ~4 MB; one over
        // every literal was ~32 MB as `aho_corasick` builds it, and the
        // cache misses of so large a table made the scan the costliest step
        // of `audit`. The rest (accented words, other scripts) go to a
        // contiguous NFA (~0.6 MB, a tenth of a DFA's build time), asked
        // only about the elements that have such a character, where it
        // scans about as fast as a DFA would.
        let (common, rare): (Vec<u32>, Vec<u32>) =
            (0..pats.len() as u32).partition(|&k| is_common_literal(&pats[k as usize]));
        // (Automata, not an `AhoCorasick` around them: the scan walks their
        // states in a loop of its own, [`occurrences`] and
        // [`GateDfa::occurrences`].)
        let texts = |ids: &[u32]| ids.iter().map(|&k| &pats[k as usize]).collect::<Vec<_>>();
        let common = GateDfa::new(&texts(&common)).map(|a| (a, common))?;
        let rare = match rare.is_empty() {
            true => None,
            false => Some(
                nfa::contiguous::Builder::new()
                    .ascii_case_insensitive(true)
                    .prefilter(false)
                    .build(texts(&rare))
                    .ok()
                    .map(|a| (a, rare))?,
            ),
        };
        Some(SharedGate {
            common,
            rare,
            lits,
            checks: rules.iter().map(check_addr).collect(),
        })
    }

    fn fits(&self, rules: &[Rule]) -> bool {
        rules.len() == self.checks.len()
            && rules
                .iter()
                .zip(&self.checks)
                .all(|(r, &a)| check_addr(r) == a)
    }

    /// Per block, a bit set of the slots whose literals occur in its text,
    /// and the occurrences each slot asks for. `owned` is scratch, kept
    /// from one document to the next.
    fn scan(&self, doc: &Document, owned: &mut Vec<GateHit>) -> GateBits {
        let words = self.lits.slots.div_ceil(64);
        let mut bits = vec![0u64; words * doc.blocks.len()];
        owned.clear();
        let mut open = Vec::new();
        let mut folded = String::new();
        for (bi, b) in doc.blocks.iter().enumerate() {
            let row = &mut bits[bi * words..(bi + 1) * words];
            let mut twin = false;
            let text = if fold_text(b.text(), &mut folded) {
                folded.as_str()
            } else {
                b.text()
            };
            let mut found = |start: usize, end: usize, k: usize, ids: &[u32]| {
                let p = ids[k] as usize;
                for &(s, mask) in &self.lits.owners[p] {
                    row[s as usize / 64] |= 1 << (s % 64);
                    if mask != 0 {
                        owned.push((s, bi as u32, start, end, mask));
                    }
                }
                twin |= self.lits.twin_of[p];
            };
            let (common, ids) = &self.common;
            common.occurrences(text.as_bytes(), |s, e, k| found(s, e, k, ids));
            if let Some((rare, ids)) = self.rare.as_ref().filter(|_| needs_rare(text)) {
                occurrences(rare, text.as_bytes(), |s, e, k| found(s, e, k, ids));
            }
            if twin {
                // Literal sets leave fold twins out: every rule may match.
                row.fill(!0);
                open.push(bi);
            }
        }
        let mut any = vec![0u64; words];
        for row in bits.chunks_exact(words.max(1)) {
            for (a, w) in any.iter_mut().zip(row) {
                *a |= w;
            }
        }
        // Grouped by slot (a counting sort, stable: each slot's by block,
        // in the order of the scan), so that a rule reads its own
        // occurrences only. Kept in one list, every rule's check read all
        // of them: ~9 times as many as there are on English news (when
        // share-bar's "a" was half of them).
        let mut slot_at = vec![0usize; self.lits.slots + 1];
        for h in owned.iter() {
            slot_at[h.0 as usize + 1] += 1;
        }
        for s in 1..slot_at.len() {
            slot_at[s] += slot_at[s - 1];
        }
        let mut next = slot_at.clone();
        let mut hits = vec![(0, 0, 0, 0); owned.len()];
        for &(s, bi, start, end, mask) in owned.iter() {
            hits[next[s as usize]] = (bi, start, end, mask);
            next[s as usize] += 1;
        }
        GateBits {
            bits,
            words,
            any,
            hits,
            slot_at,
            open,
        }
    }
}

/// Every occurrence of the automaton's patterns in `hay`, overlapping ones
/// included, in the order `AhoCorasick::find_overlapping_iter` gives them
/// (by end, then by the order of the end state's matches): start, end and
/// pattern index, to `found`. The same walk as that iterator's (the
/// automaton has no prefilter), in one loop over the bytes: no call and no
/// iterator state to resume per occurrence, which, with several gate
/// literals in every sentence, was most of the scan's cost.
fn occurrences<A: Automaton>(aut: &A, hay: &[u8], mut found: impl FnMut(usize, usize, usize)) {
    let Ok(mut sid) = aut.start_state(Anchored::No) else {
        return;
    };
    let mut report = |sid, end: usize| {
        for i in 0..aut.match_len(sid) {
            let pid = aut.match_pattern(sid, i);
            found(end - aut.pattern_len(pid), end, pid.as_usize());
        }
    };
    if aut.is_match(sid) {
        report(sid, 0);
    }
    for (at, &byte) in hay.iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                return;
            }
            if aut.is_match(sid) {
                report(sid, at + 1);
            }
        }
    }
}

/// Characters outside ASCII that English prose uses all the time: a
/// literal made of these and ASCII goes to the shared gate's DFA, which
/// every element is scanned with.
const COMMON_PUNCT: &str = "’‘“”—–…«»\u{a0}•·€£";

fn is_common_char(c: char) -> bool {
    c.is_ascii() || COMMON_PUNCT.contains(c)
}

/// Is a (folded) gate literal made of ASCII and [`COMMON_PUNCT`] only?
fn is_common_literal(lit: &[u8]) -> bool {
    String::from_utf8_lossy(lit).chars().all(is_common_char)
}

/// Has an element's (folded) text a character outside ASCII and
/// [`COMMON_PUNCT`]? Only then may a literal of the shared gate's rare
/// automaton occur in it: each of those has such a character.
fn needs_rare(text: &str) -> bool {
    !text.is_ascii() && !text.chars().all(is_common_char)
}

/// The longest gate literal, in bytes. A literal's prefix occurs wherever
/// the literal does, at the same start and ending no later, so a cut
/// literal rules out no element, unit or sentence the whole one would let
/// through (the gate's promise); it only lets a few more through. Cut to
/// 12 bytes the built-in pack's ~5,900 literals become ~4,200 and the
/// automaton a quarter of its size, for ~2% more occurrences.
const GATE_PREFIX: usize = 12;

/// `lit` cut to at most [`GATE_PREFIX`] bytes, at a character boundary.
fn gate_prefix(mut lit: Vec<u8>) -> Vec<u8> {
    if lit.len() > GATE_PREFIX {
        let mut end = GATE_PREFIX;
        // Back to the start of a UTF-8 sequence (never below one byte).
        while end > 1 && lit[end] & 0xC0 == 0x80 {
            end -= 1;
        }
        lit.truncate(end);
    }
    lit
}

fn check_addr(r: &Rule) -> usize {
    &*r.check as *const dyn crate::kinds::Check as *const () as usize
}

/// A literal occurrence a slot asks for, in the order of the scan: slot,
/// block, start, end, mask.
type GateHit = (u32, u32, usize, usize, u64);

/// The result of a [`SharedGate`] scan of one document.
struct GateBits {
    bits: Vec<u64>,
    words: usize,
    /// The slots set in any block's row: the rules that may match anywhere.
    any: Vec<u64>,
    /// The literal occurrences the slots ask for (those of their literals
    /// with a mask, [`crate::kinds::Check::gate_masks`]), by slot, then by
    /// block: block, start and end in the block's text, mask.
    hits: Vec<(u32, usize, usize, u64)>,
    /// Per slot, where its occurrences start in `hits` (one more entry at
    /// the end).
    slot_at: Vec<usize>,
    /// Blocks whose text contains a fold twin (`kinds::pattern::has_fold_twin`):
    /// literal occurrences do not bound what may match there.
    open: Vec<usize>,
}

/// What the shared prefilter says about one rule's elements.
#[derive(Clone, Copy)]
pub struct RuleGate<'a> {
    bits: &'a GateBits,
    slot: usize,
}

impl<'a> RuleGate<'a> {
    /// The occurrences in block `i`'s text of the rule's literals whose
    /// mask ([`crate::kinds::Check::gate_masks`]) is not empty: start, end
    /// and mask.
    pub fn literal_hits(&self, block: usize) -> impl Iterator<Item = (usize, usize, u64)> + 'a {
        let at = &self.bits.slot_at;
        let mine = match (at.get(self.slot), at.get(self.slot + 1)) {
            (Some(&s), Some(&e)) => &self.bits.hits[s..e],
            _ => &[],
        };
        let from = mine.partition_point(|h| (h.0 as usize) < block);
        mine[from..]
            .iter()
            .take_while(move |h| h.0 as usize == block)
            .map(|&(_, s, e, mask)| (s, e, mask))
    }

    /// Does block `i`'s text contain a character the literals leave out (a
    /// fold twin, see `kinds::pattern::has_fold_twin`)? Then any of the
    /// rule's regexes may match anywhere in it, whatever the occurrences.
    pub fn open(&self, block: usize) -> bool {
        self.bits.open.contains(&block)
    }

    /// Does any block's text contain one of the rule's gate literals (or a
    /// fold twin)?
    pub fn may_match_anywhere(&self) -> bool {
        self.bits
            .any
            .get(self.slot / 64)
            .is_some_and(|w| w & (1 << (self.slot % 64)) != 0)
    }

    /// Does block `i`'s text contain one of the rule's gate literals? When
    /// not, the rule can find nothing in it.
    pub fn may_match(&self, block: usize) -> bool {
        self.bits
            .bits
            .get(block * self.bits.words + self.slot / 64)
            .is_some_and(|w| w & (1 << (self.slot % 64)) != 0)
    }
}

impl Engine {
    pub fn new(pack: Pack) -> Engine {
        let ids = pack
            .rules
            .iter()
            .map(|r| Arc::from(r.id.as_str()))
            .collect();
        let helps = pack
            .rules
            .iter()
            .map(|r| r.help.as_deref().map(Arc::from))
            .collect();
        let gate = SharedGate::new(&pack.rules);
        let supersede = supersede_pairs(&pack.rules);
        Engine {
            pack,
            ids,
            helps,
            gate,
            supersede,
        }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.pack.rules
    }

    /// Keep only the rules for which `keep` is true (selection, config).
    pub fn retain(&mut self, keep: impl Fn(&Rule) -> bool) {
        self.pack.rules.retain(|r| keep(r));
        *self = Engine::new(std::mem::take(&mut self.pack));
    }

    /// Change a rule's severity.
    /// (Severity does not change which rules run, so the shared gate stays.)
    pub fn set_severity(&mut self, id: &str, sev: Severity) {
        if let Some(r) = self.pack.rules.iter_mut().find(|r| r.id == id) {
            r.severity = sev;
        }
    }

    /// Build every rule's lazily built parts now (see [`crate::kinds::Check::warm_up`]).
    pub fn warm_up(&self) {
        use rayon::prelude::*;
        self.pack.rules.par_iter().for_each(|r| r.check.warm_up());
    }

    /// Give the site knowledge of the project configuration to every rule.
    pub fn apply_site(&mut self, site: &crate::kinds::Site) {
        for r in &mut self.pack.rules {
            r.check.apply_site(site);
        }
    }

    pub fn parse<'a>(&self, text: &'a str, format: InputFormat) -> Document<'a> {
        Document::parse(text, format, &self.pack.parse)
    }

    /// Check a text in the given format.
    pub fn check_text(&self, text: &str, format: InputFormat) -> Vec<Finding> {
        let doc = self.parse(text, format);
        self.check_doc(&doc)
    }

    /// Run every enabled rule over a parsed document. Findings are sorted by
    /// position, then rule id; exact duplicates are dropped.
    pub fn check_doc(&self, doc: &Document) -> Vec<Finding> {
        self.check_doc_each(doc, |_, run| run())
    }

    /// [`Engine::check_doc`], with each step handed to `around` to run: the
    /// shared literal scan as `None`, then each enabled rule as `Some(index)`
    /// (for per-rule timings: `around` must call `run` once).
    pub fn check_doc_each(
        &self,
        doc: &Document,
        around: impl FnMut(Option<usize>, &mut dyn FnMut()),
    ) -> Vec<Finding> {
        self.check_docs_each(&[doc], around)
            .pop()
            .unwrap_or_default()
    }

    /// [`Engine::check_doc`] over several documents at once: the findings of
    /// each, in the order given. The same findings as one document at a
    /// time, found faster on many small documents (an archive's records):
    /// each rule runs over all of them before the next rule starts, so its
    /// automata and regex caches stay in the processor's cache instead of
    /// being evicted by the other rules' at every document.
    pub fn check_docs(&self, docs: &[&Document]) -> Vec<Vec<Finding>> {
        self.check_docs_each(docs, |_, run| run())
    }

    /// [`Engine::check_docs`], each step handed to `around` as in
    /// [`Engine::check_doc_each`] (once per step for the whole batch).
    pub fn check_docs_each(
        &self,
        docs: &[&Document],
        around: impl FnMut(Option<usize>, &mut dyn FnMut()),
    ) -> Vec<Vec<Finding>> {
        self.run_docs(docs, around, true)
    }

    fn run_docs(
        &self,
        docs: &[&Document],
        mut around: impl FnMut(Option<usize>, &mut dyn FnMut()),
        resolve: bool,
    ) -> Vec<Vec<Finding>> {
        let mut outs: Vec<Vec<Finding>> = docs.iter().map(|_| Vec::new()).collect();
        let mut scanned: Vec<GateBits> = Vec::new();
        let gate = self.gate.as_ref().filter(|g| g.fits(&self.pack.rules));
        if let Some(g) = gate {
            let mut owned = Vec::new();
            around(None, &mut || {
                scanned.extend(docs.iter().map(|d| g.scan(d, &mut owned)))
            });
        }
        for i in 0..self.pack.rules.len() {
            if !self.pack.rules[i].enabled {
                continue;
            }
            around(Some(i), &mut || {
                for (d, (doc, out)) in docs.iter().zip(outs.iter_mut()).enumerate() {
                    let rule_gate = gate.zip(scanned.get(d)).and_then(|(g, bits)| {
                        g.lits.slot_of[i].map(|slot| RuleGate { bits, slot })
                    });
                    // No literal of the rule anywhere: a check whose every
                    // finding needs one has nothing to look at.
                    if rule_gate.is_some_and(|g| !g.may_match_anywhere())
                        && self.pack.rules[i].check.gate_excludes()
                    {
                        continue;
                    }
                    self.run_rule_gated(i, doc, rule_gate, out);
                }
            });
        }
        for out in &mut outs {
            finish(out);
            if resolve {
                self.drop_superseded(out);
            }
        }
        outs
    }

    /// [`Engine::check_docs`] without applying `supersedes`, for a caller
    /// that first removes the findings of rules switched off for the file
    /// (per-path overrides): a superseded finding must stay when the rule
    /// superseding it does not apply there. The caller then calls
    /// [`Engine::drop_superseded`].
    pub fn check_docs_unresolved(&self, docs: &[&Document]) -> Vec<Vec<Finding>> {
        self.run_docs(docs, |_, run| run(), false)
    }

    /// Drop each finding of a superseded rule whose span overlaps a finding
    /// of a rule superseding it (the rules' `supersedes`): one defect,
    /// reported once, by the more specific rule. Order is kept.
    pub fn drop_superseded(&self, out: &mut Vec<Finding>) {
        drop_superseded(out, &self.supersede);
    }

    /// Run one rule (enabled or not) over a document.
    pub fn run_rule(&self, i: usize, doc: &Document, out: &mut Vec<Finding>) {
        self.run_rule_gated(i, doc, None, out)
    }

    fn run_rule_gated(
        &self,
        i: usize,
        doc: &Document,
        gate: Option<RuleGate>,
        out: &mut Vec<Finding>,
    ) {
        let rule = &self.pack.rules[i];
        let cx = Cx {
            doc,
            scope: &rule.scope,
            gate,
        };
        let mut hits: Vec<Hit> = Vec::new();
        // A bug in one rule must not lose the other rules' findings or the
        // other files: a panic is reported and the rule's hits dropped.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rule.check.check(&cx, &mut hits)
        }));
        if run.is_err() {
            eprintln!(
                "copydesk: internal error in rule `{}` (a bug: please report it with the input); its findings for this document are skipped",
                rule.id
            );
            return;
        }
        for h in hits {
            let span = clamp(h.span, doc.source);
            out.push(Finding {
                rule: self.ids[i].clone(),
                category: rule.category,
                severity: rule.severity,
                message: render_message(&rule.message, &h.vars),
                span,
                label: h.label.or_else(|| rule.label.clone()),
                help: self.helps[i].clone(),
                related: h
                    .related
                    .into_iter()
                    .map(|(s, m)| (clamp(s, doc.source), m))
                    .collect(),
            });
        }
    }

    pub fn categories(&self) -> Vec<Category> {
        let mut c: Vec<Category> = self.pack.rules.iter().map(|r| r.category).collect();
        c.sort();
        c.dedup();
        c
    }
}

/// The (superseded, superseding) rule pairs of the enabled rules' `supersedes`.
fn supersede_pairs(rules: &[Rule]) -> Vec<(Arc<str>, Arc<str>)> {
    rules
        .iter()
        .filter(|r| r.enabled)
        .flat_map(|r| {
            r.supersedes
                .iter()
                .map(|loser| (Arc::from(loser.as_str()), Arc::from(r.id.as_str())))
        })
        .collect()
}

/// See [`Engine::drop_superseded`].
fn drop_superseded(out: &mut Vec<Finding>, pairs: &[(Arc<str>, Arc<str>)]) {
    if pairs.is_empty() || out.len() < 2 {
        return;
    }
    let overlaps = |a: crate::span::Span, b: crate::span::Span| a.start < b.end && b.start < a.end;
    let dropped: Vec<bool> = out
        .iter()
        .map(|f| {
            pairs.iter().any(|(loser, winner)| {
                *f.rule == **loser
                    && out
                        .iter()
                        .any(|g| *g.rule == **winner && overlaps(f.span, g.span))
            })
        })
        .collect();
    let mut k = dropped.iter();
    out.retain(|_| !k.next().copied().unwrap_or(false));
}

/// Keep a span inside the source and on char boundaries.
fn clamp(s: crate::span::Span, src: &str) -> crate::span::Span {
    let start = crate::span::floor_char_boundary(src, s.start.min(src.len()));
    let end = crate::span::ceil_char_boundary(src, s.end.min(src.len()).max(start));
    crate::span::Span::new(start, end)
}

/// Order findings by position, then rule id, and drop exact duplicates: the
/// last step of every way of running a pack over a document.
pub fn finish(out: &mut Vec<Finding>) {
    out.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.span.end.cmp(&b.span.end))
            .then(a.rule.cmp(&b.rule))
    });
    out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::InputFormat;

    /// The built-in pack's gate literals that go to the common automaton.
    pub(super) fn builtin_common_literals() -> Vec<Vec<u8>> {
        let pack = crate::rule::load::builtin().expect("built-in pack");
        let lits = GateLiterals::new(&pack.rules).expect("gated rules");
        lits.pats
            .into_iter()
            .filter(|l| is_common_literal(l))
            .collect()
    }

    /// The shared literal scan must not change what any rule finds: compare
    /// with each rule run alone (its own gate) over the fixtures.
    #[test]
    fn shared_gate_changes_no_finding() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        assert!(e.gate.is_some());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut files = 0;
        for sub in ["clean", "defective"] {
            for ent in std::fs::read_dir(root.join(sub)).unwrap().flatten() {
                let p = ent.path();
                let Some(fmt) = p
                    .extension()
                    .and_then(|x| InputFormat::from_extension(&x.to_string_lossy()))
                else {
                    continue;
                };
                let text = std::fs::read_to_string(&p).unwrap();
                let doc = e.parse(&text, fmt);
                let together = e.check_doc(&doc);
                let mut alone = Vec::new();
                for i in 0..e.rules().len() {
                    if e.rules()[i].enabled {
                        e.run_rule(i, &doc, &mut alone);
                    }
                }
                // `supersedes` applies to the findings of all rules together.
                e.drop_superseded(&mut alone);
                let key =
                    |f: &Finding| (f.span.start, f.span.end, f.rule.clone(), f.message.clone());
                let mut a: Vec<_> = together.iter().map(key).collect();
                let mut b: Vec<_> = alone.iter().map(key).collect();
                a.sort();
                b.sort();
                b.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1 && x.2 == y.2);
                assert_eq!(a, b, "{}", p.display());
                files += 1;
            }
        }
        assert!(files > 50);
    }

    /// The gate folds case outside ASCII: a literal of a case-insensitive
    /// regex is found in any capitalization of a Cyrillic, Greek or
    /// accented Latin text, at the same offsets.
    #[test]
    fn folding_keeps_offsets_and_finds_every_case() {
        let mut buf = String::new();
        for text in [
            "ЧИТАЙТЕ ТАКЖЕ: «Новости»",
            "ΔΙΑΒΆΣΤΕ ΕΠΊΣΗΣ",
            "À LIRE AUSSI — Été",
            "İstanbul ẞ K",
        ] {
            let folded = if fold_text(text, &mut buf) {
                buf.as_str()
            } else {
                text
            };
            assert_eq!(folded.len(), text.len(), "{text}");
            for (a, b) in text.char_indices().zip(folded.char_indices()) {
                assert_eq!(a.0, b.0, "{text}");
                assert_eq!(crate::kinds::pattern::fold_char(a.1), b.1, "{text}");
            }
        }
        assert!(!fold_text("plain ASCII", &mut buf));
        assert!(!fold_text("curly ’quotes’ — dashes", &mut buf));
        assert_eq!(fold_literal("Читайте".as_bytes()), "читайте".as_bytes());
        // Cut inside a character: the whole characters only.
        assert_eq!(fold_literal(&"Чит".as_bytes()[..5]), "чи".as_bytes());
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        for text in [
            "# Паводок\n\nВода поднялась.\n\nЧИТАЙТЕ ТАКЖЕ:\n\n- Дороги закрыты\n",
            "# Паводок\n\nВода поднялась.\n\nЧитайте также:\n\n- Дороги закрыты\n",
        ] {
            let shared = rules_found_shared_and_alone(&e, text);
            assert!(
                shared.iter().any(|r| r == "boilerplate/read-also"),
                "{shared:?}"
            );
        }
    }

    /// The rules that find something in `text` (sorted, distinct), after
    /// checking that the shared gate and each rule run alone agree.
    fn rules_found_shared_and_alone(e: &Engine, text: &str) -> Vec<String> {
        let doc = e.parse(text, InputFormat::Markdown);
        let mut shared: Vec<String> = e
            .check_doc(&doc)
            .iter()
            .map(|f| f.rule.to_string())
            .collect();
        let mut alone = Vec::new();
        for i in 0..e.rules().len() {
            e.run_rule(i, &doc, &mut alone);
        }
        let mut alone: Vec<String> = alone.iter().map(|f| f.rule.to_string()).collect();
        shared.sort();
        alone.sort();
        alone.dedup();
        shared.dedup();
        assert_eq!(shared, alone);
        shared
    }

    /// Gate literals are cut at a character boundary.
    #[test]
    fn gate_prefixes_end_at_character_boundaries() {
        assert_eq!(gate_prefix(b"vote".to_vec()), b"vote");
        assert_eq!(gate_prefix(b"read also this".to_vec()), b"read also th");
        // "голосуйте": two bytes a letter; 12 bytes is six letters.
        let cut = gate_prefix("голосуйте".as_bytes().to_vec());
        assert_eq!(std::str::from_utf8(&cut).unwrap(), "голосу");
        // "関連記事は": three bytes a letter; 12 bytes end inside the fifth.
        let cut = gate_prefix("関連記事は".as_bytes().to_vec());
        assert_eq!(std::str::from_utf8(&cut).unwrap(), "関連記事");
    }

    /// A fold twin (ſ for s) is no gate literal, yet a case-insensitive
    /// regex matches it: its element must still be checked, by the shared
    /// gate and by a rule run alone.
    #[test]
    fn fold_twins_are_not_gated_out() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let ids = |text: &str| rules_found_shared_and_alone(&e, text);
        let plain = "# Floods close the ring road\n\nThe ring road was closed on Monday.\n\n© 2025 Valley Post. All rights reserved.\n";
        let twin = plain.replace("reserved", "reſerved");
        let found = ids(plain);
        assert!(
            found.iter().any(|r| r.starts_with("boilerplate/")),
            "{found:?}"
        );
        assert_eq!(ids(&twin), found);
    }

    /// Checking documents together finds, for each, what checking it
    /// alone finds (the batch runs rule by rule over all documents).
    #[test]
    fn batched_documents_find_the_same() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let texts = crate::testdata::fixture_texts();
        assert!(texts.len() > 50);
        let docs: Vec<Document> = texts
            .iter()
            .map(|t| e.parse(t, InputFormat::Markdown))
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let together = e.check_docs(&refs);
        assert_eq!(together.len(), docs.len());
        let mut flagged = 0;
        for (doc, found) in docs.iter().zip(&together) {
            let alone = e.check_doc(doc);
            let key = |f: &Finding| (f.span, f.rule.clone(), f.message.clone());
            assert_eq!(
                found.iter().map(key).collect::<Vec<_>>(),
                alone.iter().map(key).collect::<Vec<_>>()
            );
            flagged += usize::from(!alone.is_empty());
        }
        assert!(flagged > 20, "{flagged}");
        assert!(e.check_docs(&[]).is_empty());
    }

    #[test]
    fn a_changed_pack_is_not_gated() {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let g = e.gate.take().unwrap();
        assert!(g.fits(&e.pack.rules));
        e.pack.rules.pop();
        assert!(!g.fits(&e.pack.rules));
    }

    /// A rule's findings replace those of the rules it supersedes where the
    /// spans overlap, and only there (spans that merely touch both stay).
    #[test]
    fn superseded_findings_are_dropped_where_they_overlap() {
        let yaml = "rules:
  - id: t/wide
    kind: pattern
    category: boilerplate
    message: m
    description: d
    pattern: {regex: ['alpha beta', 'gamma', 'delta']}
    examples: {flag: ['⟦alpha beta⟧'], pass: ['b']}
  - id: t/narrow
    kind: pattern
    category: political-ad
    message: m
    description: d
    supersedes: [t/wide]
    pattern: {regex: ['beta', 'epsilon']}
    examples: {flag: ['⟦beta⟧'], pass: ['b']}
";
        let pack = crate::rule::load::load(&[crate::rule::error::YamlFile::new("t.yaml", yaml)])
            .expect("pack loads");
        let e = Engine::new(pack);
        let found = |text: &str| -> Vec<String> {
            e.check_text(text, InputFormat::Text)
                .iter()
                .map(|f| format!("{}@{}", f.rule, f.span.start))
                .collect()
        };
        assert_eq!(found("alpha beta and gamma."), ["t/narrow@6", "t/wide@15"]);
        assert_eq!(found("deltaepsilon"), ["t/wide@0", "t/narrow@5"]);
        // Without the superseding rule's finding, nothing is dropped.
        assert_eq!(found("alpha bet."), Vec::<String>::new());
        let mut unresolved = e.check_docs_unresolved(&[&e.parse("alpha beta.", InputFormat::Text)]);
        assert_eq!(unresolved[0].len(), 2);
        e.drop_superseded(&mut unresolved[0]);
        assert_eq!(unresolved[0].len(), 1);
    }
}
