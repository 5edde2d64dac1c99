//! `pattern`: regexes and phrase lists over the text of document elements.
//!
//! Parameters:
//! - `regex`: regexes (`^`/`$` anchor at the unit's start/end);
//! - `phrases`: literal phrases, matched with aho-corasick on word boundaries
//!   (fast for long lists);
//! - `case_sensitive` (default false);
//! - `unit`: what a match is searched in: `element` (default), `sentence`, `line`;
//! - `report`: which span a hit covers: `match` (default), `unit`, `element`,
//!   or `element-and-list` (the element plus the list items that follow it,
//!   for "Read also:" blocks);
//! - `unless_quoted`: skip matches inside quotation marks (news quoting the phrase)
//!   and in a blockquote the article introduces with a colon;
//! - `min_words` / `max_words`: only units of that many words;
//! - `exceptions`: regexes; a unit matching any of them is skipped;
//! - `also` / `min_also`: corroborating regexes; a unit must match at least
//!   `min_also` of them (default: all) besides a main regex or phrase;
//! - `last_blocks`: only the last N blocks of the document (footers, sign-offs);
//! - `prefilter`: literals an element must contain before the regexes run.

use super::{
    compile_lazy, introduced_quote, is_word_char, parse_hir, short, Check, Cx, Hit, LazyRegex,
    QuoteScan,
};
use crate::document::{word_count, BlockKind};
use crate::first_bytes::FirstBytes;
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    #[default]
    Element,
    Sentence,
    Line,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    #[default]
    Match,
    Unit,
    Element,
    ElementAndList,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    #[serde(default)]
    pub phrases: Vec<String>,
    #[serde(default)]
    pub case_sensitive: bool,
    #[serde(default)]
    pub unit: Unit,
    #[serde(default)]
    pub report: Report,
    #[serde(default)]
    pub unless_quoted: bool,
    #[serde(default)]
    pub min_words: Option<usize>,
    #[serde(default)]
    pub max_words: Option<usize>,
    #[serde(default)]
    pub exceptions: Vec<Spanned<String>>,
    /// Corroborating signals: a unit with a match must also match at least
    /// `min_also` of these (all when `min_also` is not given).
    #[serde(default)]
    pub also: Vec<Spanned<String>>,
    #[serde(default)]
    pub min_also: Option<Spanned<usize>>,
    #[serde(default)]
    pub last_blocks: Option<usize>,
    /// Literal strings (ASCII case-insensitive) of which an element must
    /// contain at least one before any regex runs on it: a cheap gate for
    /// rules whose regexes are costly.
    #[serde(default)]
    pub prefilter: Vec<String>,
}

/// A regex's required literals (see [`regex_literals`]).
type Literals = Vec<Vec<u8>>;

/// A match: start, end, and named-capture placeholder values.
type Match = (usize, usize, Vec<(&'static str, String)>);

pub struct Pattern {
    regexes: Vec<LazyRegex>,
    /// Per regex: does it have named groups (the only reason to run `captures`)?
    named: Vec<bool>,
    /// Per regex anchored at the unit's start: the bytes a unit must begin
    /// with for it to match there.
    first: Vec<Option<FirstBytes>>,
    /// Which regexes can match in which unit (`None`: one regex over whole
    /// elements, where the element gate already is this test).
    unit_gate: Option<UnitGate>,
    phrases: Option<AhoCorasick>,
    /// Literals one of which every element in which any unit can match
    /// contains (see [`element_gate`]); `None` when there are none.
    gate_lits: Option<Vec<Vec<u8>>>,
    /// Per gate literal, the regexes (bit i: regex i) that require it, and
    /// [`PHRASE_BIT`] when it is a phrase.
    gate_masks: Vec<u64>,
    /// Are the phrases among the gate literals, with [`PHRASE_BIT`] in
    /// their masks? (Not when `prefilter` literals gate the rule.)
    phrases_gated: bool,
    /// The same literals as an automaton, for when the engine does not
    /// scan for them itself (built on first use).
    gate: std::sync::OnceLock<Option<AhoCorasick>>,
    unit: Unit,
    report: Report,
    unless_quoted: bool,
    min_words: usize,
    max_words: usize,
    exceptions: Vec<LazyRegex>,
    also: Vec<LazyRegex>,
    min_also: usize,
    last_blocks: Option<usize>,
    prefilter: Option<AhoCorasick>,
}

impl Pattern {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        if v.regex.is_empty() && v.phrases.is_empty() {
            return Err(file.error(
                "a `pattern` rule needs `regex` or `phrases`",
                yaml_span(p),
                "nothing to match",
            ));
        }
        let ci = !v.case_sensitive;
        let phrases = if v.phrases.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(ci)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&v.phrases)
                    .map_err(|e| {
                        file.error(
                            format!("cannot build phrase matcher: {e}"),
                            yaml_span(p),
                            "phrases",
                        )
                    })?,
            )
        };
        let regexes = compile_lazy(&v.regex, ci, file)?;
        let sources: Vec<&str> = v.regex.iter().map(|r| r.value.as_str()).collect();
        let facts: Vec<RegexFacts> = sources
            .iter()
            .map(|src| {
                (file.builtin)
                    .then(|| builtin_facts(src, ci))
                    .flatten()
                    .unwrap_or_else(|| regex_facts(src, ci))
            })
            .collect();
        let named: Vec<bool> = facts.iter().map(|f| f.named).collect();
        let first: Vec<Option<FirstBytes>> = facts.iter().map(|f| f.first).collect();
        let per_regex: Vec<Option<Literals>> = facts.into_iter().map(|f| f.lits).collect();
        // Regexes without required literals: the `prefilter` literals, which
        // every element with a match must contain, gate the rule instead.
        let union = union_literals(&per_regex, &v.phrases);
        let from_union = union.is_some();
        let gate_lits = union.or_else(|| {
            let mut p: Vec<Vec<u8>> = (v.prefilter.iter())
                .map(|l| l.as_bytes().to_ascii_lowercase())
                .collect();
            p.sort();
            p.dedup();
            (!p.is_empty() && p.iter().all(|l| !l.is_empty())).then_some(p)
        });
        let unit_gate = if sources.len() == 1 && v.unit == Unit::Element {
            None
        } else {
            UnitGate::new(&per_regex)
        };
        // The phrases' own literals (as `union_literals` spells them), when
        // the gate literals include them: then a unit with no occurrence of
        // any needs no phrase search (see `PHRASE_BIT`).
        let phrase_lits: Option<Vec<Vec<u8>>> = (phrases.is_some() && from_union).then(|| {
            let mut p: Vec<Vec<u8>> = (v.phrases.iter())
                .map(|p| p.as_bytes().to_ascii_lowercase())
                .collect();
            p.sort();
            p
        });
        let gate_masks = match &gate_lits {
            Some(lits) if unit_gate.is_some() || phrase_lits.is_some() => lits
                .iter()
                .map(|l| {
                    let regexes = (per_regex.iter().enumerate().take(REGEX_BITS))
                        .filter(|(_, ls)| ls.as_ref().is_some_and(|ls| ls.binary_search(l).is_ok()))
                        .fold(0, |m, (i, _)| m | 1 << i);
                    let phrase = phrase_lits
                        .as_ref()
                        .is_some_and(|p| p.binary_search(l).is_ok());
                    regexes | if phrase { PHRASE_BIT } else { 0 }
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(Pattern {
            unit_gate,
            gate_masks,
            phrases_gated: phrase_lits.is_some(),
            gate: std::sync::OnceLock::new(),
            gate_lits,
            regexes,
            named,
            first,
            phrases,
            unit: v.unit,
            report: v.report,
            unless_quoted: v.unless_quoted,
            min_words: v.min_words.unwrap_or(0),
            max_words: v.max_words.unwrap_or(usize::MAX),
            exceptions: compile_lazy(&v.exceptions, ci, file)?,
            also: compile_lazy(&v.also, ci, file)?,
            min_also: match &v.min_also {
                Some(m) if m.value > v.also.len() => {
                    return Err(file.error(
                        format!(
                            "`min_also` is {} but there are {} `also` regexes",
                            m.value,
                            v.also.len()
                        ),
                        yaml_span(m),
                        "more than `also` has",
                    ))
                }
                Some(m) => m.value,
                None => v.also.len(),
            },
            last_blocks: v.last_blocks,
            prefilter: if v.prefilter.is_empty() {
                None
            } else {
                Some(
                    AhoCorasickBuilder::new()
                        .ascii_case_insensitive(true)
                        .build(&v.prefilter)
                        .map_err(|e| {
                            file.error(
                                format!("cannot build the prefilter: {e}"),
                                yaml_span(p),
                                "prefilter",
                            )
                        })?,
                )
            },
        })
    }

    /// Can any unit of block `bi`, with this text, match? Exact in one
    /// direction: `false` means no unit has a match.
    fn element_may_match(&self, cx: &Cx, bi: usize, text: &str) -> bool {
        if let Some(g) = &cx.gate {
            return g.may_match(bi);
        }
        let own = self
            .gate
            .get_or_init(|| self.gate_lits.as_deref().and_then(gate_automaton));
        own.as_ref().is_none_or(|ac| {
            let mut buf = String::new();
            let folded = if fold_text(text, &mut buf) {
                buf.as_str()
            } else {
                text
            };
            ac.is_match(folded) || has_fold_twin(text)
        })
    }

    /// Matches (start, end, named captures) in `text`, into `out` (cleared),
    /// of the regexes `may` allows (see [`unit_mask`]) and, when
    /// `phrases_may`, the phrases.
    fn matches(
        &self,
        text: &str,
        may: impl Fn(usize) -> bool,
        phrases_may: bool,
        out: &mut Vec<Match>,
    ) {
        out.clear();
        let ascii = text.is_ascii();
        for (i, (lazy, &named)) in self.regexes.iter().zip(&self.named).enumerate() {
            if !may(i)
                || self.first[i].is_some_and(|f| !f.admits(text))
                || !lazy.may_match_ascii(text, ascii)
            {
                continue;
            }
            if !named {
                lazy.find_each(text, |start, end| {
                    if start < end {
                        out.push((start, end, Vec::new()));
                    }
                });
                continue;
            }
            lazy.named_captures_each(text, |start, end, groups| {
                if start < end {
                    // Named groups become placeholders; names are leaked once
                    // per distinct group name (bounded by the rule pack).
                    let vars = groups
                        .iter()
                        .map(|&(name, value)| (intern(name), value.to_string()))
                        .collect();
                    out.push((start, end, vars));
                }
            });
        }
        if let Some(ac) = self.phrases.as_ref().filter(|_| phrases_may) {
            for m in ac.find_iter(text) {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                let first = text[m.start()..].chars().next();
                let last = text[..m.end()].chars().next_back();
                let bounded_start =
                    !first.is_some_and(is_word_char) || !before.is_some_and(is_word_char);
                let bounded_end =
                    !last.is_some_and(is_word_char) || !after.is_some_and(is_word_char);
                if bounded_start && bounded_end {
                    out.push((m.start(), m.end(), Vec::new()));
                }
            }
        }
        if out.len() > 1 {
            out.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
        }
    }

    /// Does a unit pass the word-count bounds and the exceptions?
    fn unit_allowed(&self, unit: &str) -> bool {
        if self.min_words > 0 || self.max_words < usize::MAX {
            let wc = word_count(unit);
            if wc < self.min_words || wc > self.max_words {
                return false;
            }
        }
        if self.exceptions.iter().any(|re| re.is_match(unit)) {
            return false;
        }
        self.min_also == 0
            || self.also.iter().filter(|re| re.is_match(unit)).count() >= self.min_also
    }
}

/// The literals of a cheap test that is true for an element's text whenever
/// any of a rule's regexes or phrases matches inside one of its units
/// (element, sentence or line). Elements it rejects are skipped whole: one
/// fast literal scan per element (shared by all rules, see
/// `engine::SharedGate`) instead of one regex call per regex and unit, which
/// is most of what the `pattern` kind used to cost.
///
/// They are the union of one set of *required literals* per regex: strings
/// of which every match of the regex contains at least one (see
/// [`required`]), and the phrases. A match of a regex in a unit contains one
/// of them, which is then found in the element too: literals have no anchors
/// or look-arounds, so where the unit starts and ends does not matter; the
/// automaton ignores ASCII case, which only adds matches.
///
/// `None` (no gating: every element is looked at) when a regex cannot be
/// parsed here or requires no literal (e.g. `^\p{Lu}.{3,}$`).
pub fn gate_literals(
    sources: &[&str],
    phrases: &[String],
    case_insensitive: bool,
) -> Option<Vec<Vec<u8>>> {
    let per_regex: Vec<_> = (sources.iter())
        .map(|src| regex_literals(src, case_insensitive))
        .collect();
    union_literals(&per_regex, phrases)
}

/// The required literals of one regex ([`required`]), sorted and
/// distinct; `None` when it cannot be parsed here or requires none.
fn regex_literals(src: &str, case_insensitive: bool) -> Option<Vec<Vec<u8>>> {
    hir_literals(&parse_hir(src, case_insensitive)?)
}

/// [`regex_literals`] of a parsed regex.
fn hir_literals(hir: &regex_syntax::hir::Hir) -> Option<Vec<Vec<u8>>> {
    let mut lits = required(hir)?.lits;
    lits.sort();
    lits.dedup();
    Some(lits)
}

/// What [`Pattern::build`] learns from parsing a regex.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RegexFacts {
    /// Its required literals ([`hir_literals`]).
    lits: Option<Literals>,
    /// Has it named groups?
    named: bool,
    /// When it is anchored at the start: the bytes a match begins with.
    first: Option<FirstBytes>,
}

fn regex_facts(src: &str, case_insensitive: bool) -> RegexFacts {
    match parse_hir(src, case_insensitive) {
        Some(hir) => RegexFacts {
            lits: hir_literals(&hir),
            named: has_named_group(&hir),
            first: FirstBytes::of_hir(&hir),
        },
        None => RegexFacts {
            lits: None,
            named: true,
            first: None,
        },
    }
}

/// The [`RegexFacts`] of the built-in pack's regexes, computed ahead of
/// time into `builtin_facts.txt`: parsing every regex case-insensitively
/// only to learn them was a third of start-up (~0.6 G instructions of
/// ~2.3 G). A regex the table does not hold (the file is stale: a rule was
/// edited) is parsed as before, so the table changes nothing but speed; the
/// test `builtin_facts_are_fresh` keeps it current (`UPDATE_FACTS=1 cargo
/// test builtin_facts` rewrites it).
fn builtin_facts(src: &str, case_insensitive: bool) -> Option<RegexFacts> {
    static TABLE: std::sync::OnceLock<std::collections::HashMap<u64, RegexFacts>> =
        std::sync::OnceLock::new();
    TABLE
        .get_or_init(|| parse_facts(include_str!("builtin_facts.txt")))
        .get(&facts_key(src, case_insensitive))
        .cloned()
}

/// A stable key of a regex and its case flag (FNV-1a over both, and the
/// length), the same in every build.
fn facts_key(src: &str, case_insensitive: bool) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in [u8::from(case_insensitive)].iter().chain(src.as_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^ (src.len() as u64).rotate_left(40)
}

/// One line per regex: key, named-groups flag (0/1), the literals (`-`:
/// none; else hex, comma-separated) and the first-byte set (`-`: none; else
/// 32 bytes in hex), tab-separated. Malformed lines are
/// skipped (their regexes are then parsed).
fn parse_facts(text: &str) -> std::collections::HashMap<u64, RegexFacts> {
    fn unhex(h: &str) -> Option<Vec<u8>> {
        (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
            .collect()
    }
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            let key = u64::from_str_radix(f.next()?, 16).ok()?;
            let named = f.next()? == "1";
            let lits = match f.next()? {
                "-" => None,
                ls => Some(ls.split(',').map(unhex).collect::<Option<Vec<_>>>()?),
            };
            // (A table without the column, from before it existed: no sets.)
            let first = match f.next() {
                None | Some("-") => None,
                Some(h) => Some(FirstBytes::from_bytes(unhex(h)?.try_into().ok()?)),
            };
            Some((key, RegexFacts { lits, named, first }))
        })
        .collect()
}

/// The `builtin_facts.txt` line of a regex.
#[cfg(test)]
fn facts_line(src: &str, case_insensitive: bool) -> String {
    let RegexFacts { lits, named, first } = regex_facts(src, case_insensitive);
    let first = match first {
        None => "-".to_string(),
        Some(f) => f.to_bytes().iter().map(|b| format!("{b:02x}")).collect(),
    };
    let lits = match lits {
        None => "-".to_string(),
        Some(ls) => ls
            .iter()
            .map(|l| l.iter().map(|b| format!("{b:02x}")).collect::<String>())
            .collect::<Vec<_>>()
            .join(","),
    };
    format!(
        "{:016x}\t{}\t{lits}\t{first}",
        facts_key(src, case_insensitive),
        u8::from(named)
    )
}

/// Does the regex have a named group (whose match becomes a placeholder)?
fn has_named_group(hir: &regex_syntax::hir::Hir) -> bool {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(c) => c.name.is_some() || has_named_group(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(has_named_group),
        HirKind::Repetition(r) => has_named_group(&r.sub),
        _ => false,
    }
}

/// [`gate_literals`] from each regex's literals: `None` if one has none.
fn union_literals(per_regex: &[Option<Vec<Vec<u8>>>], phrases: &[String]) -> Option<Vec<Vec<u8>>> {
    let mut all: Vec<Vec<u8>> = Vec::new();
    for lits in per_regex {
        all.extend(lits.as_ref()?.iter().cloned());
    }
    // A phrase match is the phrase itself (up to ASCII case).
    for p in phrases {
        if p.is_empty() {
            return None;
        }
        all.push(p.as_bytes().to_ascii_lowercase());
    }
    all.sort();
    all.dedup();
    (!all.is_empty()).then_some(all)
}

/// A literal occurrence in an element's text: start, end, and the regexes
/// (bit i: regex i) that have it as a required literal.
type LitHit = (usize, usize, u64);

/// Regexes that get a bit in a unit mask (regex i: bit i); later ones are
/// always tried.
const REGEX_BITS: usize = 63;

/// The bit of a unit mask that says one of the rule's phrases may occur in
/// the unit: a phrase match is the phrase itself up to ASCII case, so its
/// gate literal (the phrase lowercased, folded and cut to a prefix by the
/// engine's scan) occurs inside the unit wherever it matches there.
const PHRASE_BIT: u64 = 1 << 63;

/// The bits of the literal occurrences that lie inside `text[us..ue]`, on
/// top of `always`.
fn unit_mask(hits: &[LitHit], us: usize, ue: usize, always: u64) -> u64 {
    hits.iter()
        .filter(|h| h.0 >= us && h.1 <= ue)
        .fold(always, |m, h| m | h.2)
}

/// The required literals of each regex of a rule, in one automaton: one
/// scan of an element tells, for each of its units, which regexes can match
/// there (a match inside a unit contains one of its regex's literals, which
/// then lies inside the unit). A rule with eleven regexes over the lines of
/// an element scans the element once instead of eleven times per line.
struct UnitGate {
    /// The distinct literals, and their automaton, built on the first scan
    /// of the rule's own: under the engine, its shared scan serves.
    lits: Vec<Vec<u8>>,
    ac: std::sync::OnceLock<Option<AhoCorasick>>,
    /// Per automaton pattern: the regexes it serves (bit i: regex i).
    masks: Vec<u64>,
    /// Regexes that have no required literals (always tried), and from the
    /// 64th on (beyond [`REGEX_BITS`]: also always tried).
    always: u64,
}

impl UnitGate {
    /// From each regex's required literals (`None`: it has none).
    fn new(per_regex: &[Option<Vec<Vec<u8>>>]) -> Option<UnitGate> {
        let mut index: std::collections::HashMap<&[u8], usize> = Default::default();
        let mut lits: Vec<&[u8]> = Vec::new();
        let mut masks: Vec<u64> = Vec::new();
        let mut always = 0u64;
        for (i, ls) in per_regex.iter().enumerate().take(REGEX_BITS) {
            match ls {
                Some(ls) => {
                    for l in ls {
                        let k = *index.entry(l.as_slice()).or_insert_with(|| {
                            lits.push(l.as_slice());
                            masks.push(0);
                            lits.len() - 1
                        });
                        masks[k] |= 1 << i;
                    }
                }
                None => always |= 1 << i,
            }
        }
        if lits.is_empty() {
            return None;
        }
        Some(UnitGate {
            lits: lits.iter().map(|l| l.to_vec()).collect(),
            ac: std::sync::OnceLock::new(),
            masks,
            always,
        })
    }

    /// Every literal occurrence in `text`, into `hits` (cleared). False
    /// when the automaton could not be built: then nothing is ruled out.
    fn scan(&self, text: &str, hits: &mut Vec<LitHit>) -> bool {
        hits.clear();
        let Some(ac) = self.ac.get_or_init(|| gate_automaton(&self.lits)) else {
            return false;
        };
        let mut buf = String::new();
        let text = if fold_text(text, &mut buf) {
            buf.as_str()
        } else {
            text
        };
        hits.extend(
            ac.find_overlapping_iter(text)
                .map(|m| (m.start(), m.end(), self.masks[m.pattern().as_usize()])),
        );
        true
    }
}

/// A letter as the shared gate compares it: its lowercase when that is one
/// character of the same UTF-8 length (Cyrillic, Greek, accented Latin
/// capitals), else itself (ASCII is folded by the automaton). Applied alike
/// to the literals and to each element's text, it keeps every byte offset
/// and every occurrence (a literal found in a text is found, folded, in the
/// folded text), and it collapses the case variants that literal sets of
/// case-insensitive regexes spell out one by one (Cyrillic and Greek words
/// gave ~18,000 of the built-in pack's ~21,000 gate literals).
pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) if x.len_utf8() == c.len_utf8() => x,
        _ => c,
    }
}

/// A gate literal folded by [`fold_char`] (and ASCII-lowercased): a literal
/// cut inside a character keeps its whole characters only (a shorter
/// literal still occurs wherever the longer one does).
pub fn fold_literal(l: &[u8]) -> Vec<u8> {
    let valid = match std::str::from_utf8(l) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&l[..e.valid_up_to()]).unwrap_or_default(),
    };
    valid
        .chars()
        .map(|c| fold_char(c.to_ascii_lowercase()))
        .collect::<String>()
        .into_bytes()
}

/// `text` folded by [`fold_char`] into `buf` (same length, same offsets);
/// `false`, and `buf` untouched, when folding changes nothing.
pub fn fold_text(text: &str, buf: &mut String) -> bool {
    if text.is_ascii() {
        return false;
    }
    let Some(first) = text.char_indices().find(|&(_, c)| fold_char(c) != c) else {
        return false;
    };
    buf.clear();
    buf.push_str(&text[..first.0]);
    buf.extend(text[first.0..].chars().map(fold_char));
    debug_assert_eq!(buf.len(), text.len());
    true
}

/// The gate literals as an ASCII-case-insensitive automaton, folded as
/// the text it scans is ([`fold_text`]).
pub fn gate_automaton(lits: &[Vec<u8>]) -> Option<AhoCorasick> {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .build(lits.iter().map(|l| fold_literal(l)))
        .ok()
}

/// The gate of a rule with these regexes (and no phrases).
pub fn element_gate(sources: &[&str], case_insensitive: bool) -> Option<AhoCorasick> {
    gate_automaton(&gate_literals(sources, &[], case_insensitive)?)
}

/// A set of literals (byte strings, letters folded by [`fold_literal`], to
/// be matched without regard to ASCII case in text folded by [`fold_text`]),
/// one of which every match of some regex contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lits {
    pub lits: Vec<Vec<u8>>,
    /// The regex matches exactly the literals (so a concatenation can
    /// extend them with its neighbours).
    pub exact: bool,
}

impl Lits {
    /// Does the set hold the empty string (an optional piece's "none")?
    fn has_empty(&self) -> bool {
        self.lits.iter().any(Vec::is_empty)
    }

    /// How often one of the literals is expected to start at a byte of
    /// prose ([`byte_share`] of each byte, multiplied along a literal and
    /// summed over the set): how often a gate on this set lets its regex run.
    /// (A set with the empty string, which requires nothing, is 1 or more.)
    fn expected_rate(&self) -> f64 {
        (self.lits.iter())
            .map(|l| {
                let letters: f64 = l.iter().map(|&b| byte_share(b)).product();
                letters.max(word_share(l))
            })
            .sum()
    }

    /// Is this set the better requirement, the one rarer in prose? Not
    /// merely the one with the longest shortest literal: `a` in
    /// `a\s?[+-]` is a letter in nearly every line, `[+-]` a sign in few;
    /// `do` (of "do", "done", "document"…) is far more common than `(`.
    fn better_than(&self, other: &Lits) -> bool {
        self.expected_rate() < other.expected_rate()
    }
}

/// How often a literal that is one of the commonest English words (spaces
/// around it aside) starts at a byte of news prose: the letters alone
/// ([`byte_share`]) put `for ` ~800 times too low. (Share of the words,
/// over ~6 bytes a word.)
fn word_share(l: &[u8]) -> f64 {
    // Per mille of the words of English news.
    const WORDS: [(&str, f64); 48] = [
        ("the", 50.0),
        ("of", 27.0),
        ("and", 26.0),
        ("to", 24.0),
        ("a", 21.0),
        ("in", 18.0),
        ("is", 10.0),
        ("that", 10.0),
        ("for", 9.0),
        ("it", 9.0),
        ("was", 8.0),
        ("on", 7.0),
        ("with", 7.0),
        ("he", 7.0),
        ("as", 6.0),
        ("by", 5.0),
        ("at", 5.0),
        ("said", 5.0),
        ("from", 5.0),
        ("his", 5.0),
        ("be", 5.0),
        ("have", 4.5),
        ("has", 4.5),
        ("are", 4.5),
        ("but", 4.0),
        ("not", 3.5),
        ("they", 3.5),
        ("this", 3.5),
        ("had", 3.5),
        ("an", 3.5),
        ("were", 3.0),
        ("which", 3.0),
        ("their", 3.0),
        ("she", 3.0),
        ("will", 3.0),
        ("or", 3.0),
        ("who", 2.5),
        ("been", 2.5),
        ("its", 2.5),
        ("would", 2.5),
        ("all", 2.0),
        ("after", 2.0),
        ("we", 2.0),
        ("one", 2.0),
        ("also", 2.0),
        ("new", 2.0),
        ("more", 2.0),
        ("about", 2.0),
    ];
    let Ok(w) = std::str::from_utf8(l) else {
        return 0.0;
    };
    let w = w.trim_matches(' ');
    (WORDS.iter())
        .find(|(common, _)| common.eq_ignore_ascii_case(w))
        .map_or(0.0, |&(_, share)| share / 1000.0 / 6.0)
}

/// The approximate share of a byte in lowercased news prose (English letter
/// frequencies; letters are ~80 % of the bytes, spaces ~16 %): only its
/// order of magnitude matters, to choose between required literal sets
/// ([`Lits::better_than`]).
fn byte_share(b: u8) -> f64 {
    // Per mille of the letters, `a` to `z`.
    const LETTERS: [f64; 26] = [
        82.0, 15.0, 28.0, 43.0, 127.0, 22.0, 20.0, 61.0, 70.0, 1.5, 8.0, 40.0, 24.0, 67.0, 75.0,
        19.0, 1.0, 60.0, 63.0, 91.0, 28.0, 10.0, 24.0, 1.5, 20.0, 0.7,
    ];
    match b.to_ascii_lowercase() {
        c @ b'a'..=b'z' => 0.8 * LETTERS[usize::from(c - b'a')] / 1000.0,
        b' ' => 0.16,
        b'.' | b',' => 0.01,
        b'0'..=b'9' => 0.003,
        b'\'' | b'"' | b'-' | b'\n' => 0.003,
        // UTF-8 continuation bytes: as common as the letters they end.
        0x80..=0xBF => 0.05,
        0xC0..=0xFF => 0.002,
        _ => 0.0005,
    }
}

/// Rare characters that Unicode simple case folding equates with a common
/// letter of another UTF-8 form (ſ long s with s, K Kelvin sign with k,
/// Å Ångström sign with å, the Cyrillic and Greek variant forms): a
/// case-insensitive regex matches them, but literal sets leave them out
/// ([`required`]), since each doubles or triples a set per letter (ſ and K
/// alone were a quarter of the built-in pack's gate literals). Instead an
/// element that contains one is never gated out.
const FOLD_TWINS: [(char, char); 24] = [
    ('ſ', 's'),
    ('\u{212A}', 'k'),
    ('\u{212B}', 'å'),
    ('\u{2126}', 'ω'),
    ('\u{1E9B}', 'ṡ'),
    ('µ', 'μ'),
    ('\u{1FBE}', 'ι'),
    ('\u{0345}', 'ι'),
    ('ϐ', 'β'),
    ('ϑ', 'θ'),
    ('ϕ', 'φ'),
    ('ϖ', 'π'),
    ('ϰ', 'κ'),
    ('ϱ', 'ρ'),
    ('ϵ', 'ε'),
    ('\u{1C80}', 'в'),
    ('\u{1C81}', 'д'),
    ('\u{1C82}', 'о'),
    ('\u{1C83}', 'с'),
    ('\u{1C84}', 'т'),
    ('\u{1C85}', 'т'),
    ('\u{1C86}', 'ъ'),
    ('\u{1C87}', 'ѣ'),
    ('\u{1C88}', 'ꙋ'),
];

/// The fold twins ([`FOLD_TWINS`]), UTF-8 encoded: a literal scan that
/// includes them tells where gating does not hold.
pub fn fold_twins() -> impl Iterator<Item = String> {
    FOLD_TWINS.iter().map(|&(t, _)| t.to_string())
}

/// Does `text` contain a fold twin ([`FOLD_TWINS`])? Then no literal gate
/// may rule anything out in it.
pub fn has_fold_twin(text: &str) -> bool {
    static AC: std::sync::OnceLock<Option<AhoCorasick>> = std::sync::OnceLock::new();
    let ac = AC.get_or_init(|| AhoCorasick::new(fold_twins()).ok());
    match ac {
        Some(ac) => ac.is_match(text),
        None => FOLD_TWINS.iter().any(|&(t, _)| text.contains(t)),
    }
}

/// Most literals kept for one piece of a regex (a cross product stops
/// growing at this size).
const MAX_LITS: usize = 256;

/// Required literals of `h`, if it has any: a set of non-empty strings one of
/// which every match of `h` contains.
pub fn required(h: &regex_syntax::hir::Hir) -> Option<Lits> {
    required_or_empty(h).filter(|l| !l.has_empty())
}

/// [`required`], except that an exact set may hold the empty string (an
/// optional piece, `an?`, is exactly `a` or `an`): such a set can extend its
/// neighbours in a concatenation, and requires nothing on its own.
fn required_or_empty(h: &regex_syntax::hir::Hir) -> Option<Lits> {
    use regex_syntax::hir::{Class, HirKind};
    // Folded as the gates fold the text they scan ([`fold_text`]): case
    // variants of a letter (a case-insensitive Cyrillic or Greek word is a
    // run of two-letter classes) are one literal, and a cross product of
    // such classes stays one literal long instead of doubling per letter.
    fn norm(mut l: Vec<u8>) -> Vec<u8> {
        match std::str::from_utf8(&l) {
            Ok(s) if !s.is_ascii() => fold_literal(&l),
            _ => {
                l.make_ascii_lowercase();
                l
            }
        }
    }
    let exact = |lits: Vec<Vec<u8>>| {
        let mut lits: Vec<Vec<u8>> = lits.into_iter().map(norm).collect();
        lits.sort();
        lits.dedup();
        Some(Lits { lits, exact: true })
    };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(l) => exact(vec![l.0.to_vec()]),
        HirKind::Class(Class::Unicode(c)) => {
            let mut chars = Vec::new();
            let has = |ch: char| c.ranges().iter().any(|r| r.start() <= ch && ch <= r.end());
            for r in c.ranges() {
                for ch in r.start()..=r.end() {
                    // A fold twin beside its letter (case-insensitive `s`
                    // is [Ssſ]) is left out: gates never rule out an
                    // element that contains one (see [`has_fold_twin`]).
                    if FOLD_TWINS.iter().any(|&(t, l)| t == ch && has(l)) {
                        continue;
                    }
                    chars.push(ch.to_string().into_bytes());
                    if chars.len() > 4 {
                        return None;
                    }
                }
            }
            if chars.is_empty() {
                return None;
            }
            exact(chars)
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut bytes = Vec::new();
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    bytes.push(vec![b]);
                    if bytes.len() > 4 {
                        return None;
                    }
                }
            }
            if bytes.is_empty() {
                return None;
            }
            exact(bytes)
        }
        HirKind::Capture(c) => required_or_empty(&c.sub),
        HirKind::Repetition(r) => {
            if r.min == 0 {
                // An optional piece whose strings are known: those or none.
                let sub = required_or_empty(&r.sub).filter(|s| s.exact && r.max == Some(1))?;
                let mut lits = sub.lits;
                lits.push(Vec::new());
                lits.sort();
                lits.dedup();
                return Some(Lits { lits, exact: true });
            }
            let sub = required_or_empty(&r.sub)?;
            let mut lits = sub.clone();
            if sub.exact && r.max == Some(r.min) {
                // Exactly `min` copies, while their product stays small.
                let whole = (1..r.min).all(|_| match product(&lits, &sub) {
                    Some(p) => {
                        lits = p;
                        true
                    }
                    None => false,
                });
                if whole {
                    return Some(lits);
                }
            }
            // (Inexact, a set with the empty string requires nothing.)
            Some(Lits {
                exact: false,
                ..lits
            })
            .filter(|l| !l.has_empty())
        }
        HirKind::Alternation(v) => {
            let subs: Vec<Lits> = v.iter().map(required_or_empty).collect::<Option<_>>()?;
            let exact = subs.iter().all(|l| l.exact);
            let mut lits: Vec<Vec<u8>> = subs.into_iter().flat_map(|l| l.lits).collect();
            lits.sort();
            lits.dedup();
            Some(Lits { lits, exact })
        }
        HirKind::Concat(v) => {
            let subs: Vec<Option<Lits>> = v.iter().map(required_or_empty).collect();
            let mut best: Option<Lits> = None;
            let mut consider = |l: Lits| {
                // (A set with the empty string is a requirement only as the
                // exact strings of the whole concatenation.)
                if (!l.has_empty() || l.exact) && best.as_ref().is_none_or(|b| l.better_than(b)) {
                    best = Some(l);
                }
            };
            // A run of consecutive exact pieces is one longer literal set
            // (their cross product) while it stays small.
            let inexact = |l: Lits| Lits { exact: false, ..l };
            let mut run: Option<(usize, Lits)> = None;
            for (i, sub) in subs.iter().enumerate() {
                match sub {
                    Some(l) if l.exact => {
                        run = Some(match run.take() {
                            None => (i, l.clone()),
                            Some((start, r)) => match product(&r, l) {
                                Some(p) => (start, p),
                                None => {
                                    consider(inexact(r));
                                    (i, l.clone())
                                }
                            },
                        });
                    }
                    other => {
                        if let Some((_, r)) = run.take() {
                            consider(inexact(r));
                        }
                        if let Some(l) = other {
                            consider(inexact(l.clone()));
                        }
                    }
                }
            }
            if let Some((start, r)) = run {
                // A run from the first piece to the last is the whole concatenation.
                consider(Lits {
                    exact: start == 0,
                    ..r
                });
            }
            best
        }
    }
}

/// Every concatenation of a literal of `a` with one of `b`; `None` past
/// [`MAX_LITS`].
fn product(a: &Lits, b: &Lits) -> Option<Lits> {
    if a.lits.len().saturating_mul(b.lits.len()) > MAX_LITS {
        return None;
    }
    let mut lits = Vec::with_capacity(a.lits.len() * b.lits.len());
    for x in &a.lits {
        for y in &b.lits {
            let mut l = x.clone();
            l.extend_from_slice(y);
            lits.push(l);
        }
    }
    lits.sort();
    lits.dedup();
    Some(Lits { lits, exact: true })
}

fn intern(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static NAMES: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);
    let mut g = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    let set = g.get_or_insert_with(HashSet::new);
    if let Some(s) = set.get(name) {
        return s;
    }
    let s: &'static str = Box::leak(name.to_string().into_boxed_str());
    set.insert(s);
    s
}

impl Check for Pattern {
    fn gate_literals(&self) -> Option<&[Vec<u8>]> {
        self.gate_lits.as_deref()
    }

    fn gate_masks(&self) -> Option<&[u64]> {
        (!self.gate_masks.is_empty()).then_some(&self.gate_masks[..])
    }

    /// Every finding lies in an element that `element_may_match`, which with
    /// the engine's gate is its bit.
    fn gate_excludes(&self) -> bool {
        true
    }

    fn warm_up(&self) {
        for r in self
            .regexes
            .iter()
            .chain(&self.exceptions)
            .chain(&self.also)
        {
            // (Builds both engines a search asks: the forward one and the
            // loose pre-check.)
            r.is_match("");
            r.may_match("");
        }
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let n = cx.doc.blocks.len();
        let first_block = self.last_blocks.map_or(0, |k| n.saturating_sub(k));
        let whole_element = matches!(self.report, Report::Element | Report::ElementAndList);
        let mut scratch = SCRATCH.take();
        let Scratch {
            found,
            units,
            lit_hits,
        } = &mut scratch;
        found.clear();
        lit_hits.clear();
        // An element with no possible match yields nothing (see below for
        // why this holds even when it is already covered): asked before the
        // scope, as the cheaper test.
        let elements =
            cx.blocks_where(|bi, b| bi >= first_block && self.element_may_match(cx, bi, b.text()));
        for (bi, b) in elements {
            let text = b.text();
            // A blockquote the article introduces is quoted as a whole.
            if self.unless_quoted && introduced_quote(cx.doc, bi) {
                continue;
            }
            if self.prefilter.as_ref().is_some_and(|ac| !ac.is_match(text)) {
                continue;
            }
            units.clear();
            match self.unit {
                Unit::Element => units.push((0, text.len())),
                Unit::Sentence => units.extend(b.sentences.iter().map(|r| (r.start, r.end))),
                Unit::Line => {
                    let mut pos = 0;
                    for line in text.split_inclusive('\n') {
                        let l = line.trim_end_matches(['\n', '\r']);
                        let lead = l.len() - l.trim_start().len();
                        if !l.trim().is_empty() {
                            units.push((pos + lead, pos + l.trim_end().len()));
                        }
                        pos += line.len();
                    }
                }
            }
            // When a whole-element report is already covering this element
            // (an earlier "Read also:" hit took in this list item), only the
            // first unit that passes the word-count and exception filters is
            // looked at. Otherwise a unit without matches changes nothing and
            // its filters need not be computed.
            let covered = whole_element && out.last().is_some_and(|h| h.span.contains(b.span));
            // Gated units: false when a fold twin makes every regex possible.
            // `phrase_gated`: the engine's occurrences also tell where a
            // phrase may match (the rule's own scan has no phrase literals).
            let mut gated = false;
            let mut phrase_gated = false;
            match &cx.gate {
                // The engine's scan already found them.
                Some(rg)
                    if !self.gate_masks.is_empty()
                        && (self.unit_gate.is_some() || self.phrases_gated) =>
                {
                    lit_hits.clear();
                    lit_hits.extend(rg.literal_hits(bi));
                    gated = self.unit_gate.is_some() && !rg.open(bi);
                    phrase_gated = self.phrases_gated && !rg.open(bi);
                }
                _ => {
                    if let Some(g) = &self.unit_gate {
                        gated = g.scan(text, lit_hits) && !has_fold_twin(text);
                    }
                }
            }
            let mut quotes = QuoteScan::default();
            let always = self.unit_gate.as_ref().map_or(0, |g| g.always);
            for &(us, ue) in units.iter() {
                let unit = &text[us..ue];
                let mask = (gated || phrase_gated).then(|| unit_mask(lit_hits, us, ue, always));
                let may =
                    |i: usize| !gated || mask.is_none_or(|m| i >= REGEX_BITS || m & (1 << i) != 0);
                let phrases_may = !phrase_gated || mask.is_some_and(|m| m & PHRASE_BIT != 0);
                if covered {
                    if !self.unit_allowed(unit) {
                        continue;
                    }
                    self.matches(unit, may, phrases_may, found);
                } else {
                    self.matches(unit, may, phrases_may, found);
                    if found.is_empty() || !self.unit_allowed(unit) {
                        continue;
                    }
                }
                for (ms, me, vars) in found.drain(..) {
                    if self.unless_quoted && quotes.inside(text, us + ms) {
                        continue;
                    }
                    let span = match self.report {
                        Report::Match => b.src(us + ms, us + me),
                        Report::Unit => b.src(us, ue),
                        Report::Element => b.span,
                        Report::ElementAndList => {
                            let mut span = b.span;
                            for nb in cx.doc.blocks[bi + 1..]
                                .iter()
                                .filter(|b| b.kind != BlockKind::Html)
                            {
                                if nb.kind != BlockKind::ListItem {
                                    break;
                                }
                                span = span.cover(nb.span);
                            }
                            span
                        }
                    };
                    let mut hit = Hit::new(span)
                        .var("match", short(&unit[ms..me], 80))
                        .var("unit", short(unit, 80));
                    hit.vars.extend(vars);
                    out.push(hit);
                    if self.report != Report::Match {
                        break;
                    }
                }
                if whole_element && out.last().is_some_and(|h| h.span.contains(b.span)) {
                    break;
                }
            }
        }
        SCRATCH.set(scratch);
    }
}

/// [`Pattern::check`]'s working vectors, kept by each thread from one call
/// to the next: the ~60 checks of a document grew them afresh each time,
/// ~50 allocations per record of English news.
#[derive(Default)]
struct Scratch {
    found: Vec<Match>,
    units: Vec<(usize, usize)>,
    lit_hits: Vec<LitHit>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::sentences::{split, Abbreviations};

    /// The built-in pack loaded as a user pack: every regex compiled at load.
    fn eager_builtin() -> Result<crate::rule::load::Pack, Vec<LocatedError>> {
        let files: Vec<YamlFile> = crate::rule::load::embedded_files()
            .into_iter()
            .map(|f| YamlFile {
                builtin: false,
                ..f
            })
            .collect();
        crate::rule::load::load(&files)
    }

    /// The built-in pack compiles its pattern regexes on first use: every
    /// one of them must compile (loaded as a user pack, all are compiled at
    /// load and any failure is an error).
    #[test]
    fn builtin_regexes_compile() {
        let pack = eager_builtin().map_err(|e| format!("{e:?}"));
        assert!(pack.is_ok_and(|p| p.rules.len() > 30));
    }

    /// A blockquote the article introduces with a sentence ending in a
    /// colon is quoted: the built-in rules that spare quotations spare it;
    /// the same blockquote unannounced, or under a bare label, is flagged.
    #[test]
    fn introduced_blockquotes_are_quoted() {
        let engine = crate::engine::Engine::new(crate::rule::load::builtin().unwrap());
        let body = "> As an AI language model, I cannot browse the internet, but here is a \
                    summary of the flood zones near the river.\n";
        let lead = "# Flood map check\n\nResidents asked an online assistant whether their \
                    street was in the flood zone last week, and shared the reply widely.\n\n";
        let rules = |text: &str| -> Vec<String> {
            engine
                .check_text(text, crate::document::InputFormat::Markdown)
                .into_iter()
                .map(|f| f.rule.to_string())
                .collect()
        };
        let tail = "\nThe county's own map shows the street outside the zone.\n";
        let introduced = format!("{lead}One resident posted the answer she got:\n\n{body}{tail}");
        assert!(rules(&introduced).is_empty(), "{:?}", rules(&introduced));
        let pasted = format!("{lead}{body}{tail}");
        assert!(!rules(&pasted).is_empty());
        let labelled = format!("{lead}Answer:\n\n{body}{tail}");
        assert!(!rules(&labelled).is_empty());
    }

    /// Lazily and eagerly compiled packs find the same.
    #[test]
    fn lazy_regexes_find_the_same() {
        let eager = crate::engine::Engine::new(eager_builtin().unwrap());
        let lazy = crate::engine::Engine::new(crate::rule::load::builtin().unwrap());
        let mut found = 0;
        for t in crate::testdata::fixture_texts() {
            let a = eager.check_text(&t, crate::document::InputFormat::Markdown);
            let b = lazy.check_text(&t, crate::document::InputFormat::Markdown);
            let key = |f: &crate::finding::Finding| (f.span, f.rule.clone(), f.message.clone());
            assert_eq!(
                a.iter().map(key).collect::<Vec<_>>(),
                b.iter().map(key).collect::<Vec<_>>()
            );
            found += a.len();
        }
        assert!(found > 100, "{found}");
    }

    /// `builtin_facts.txt` holds what parsing every built-in `regex` gives,
    /// and nothing else.
    #[test]
    fn builtin_facts_are_fresh() {
        let mut lines = std::collections::BTreeSet::new();
        for (_, regexes, ci, _) in builtin_pattern_regexes() {
            for src in &regexes {
                lines.insert(facts_line(src, ci));
            }
        }
        let mut want = String::from(
            "# Generated: required literals, named-group flags and first bytes of the built-in\n\
             # regexes (see `builtin_facts` in pattern.rs). Rewrite with\n\
             # `UPDATE_FACTS=1 cargo test builtin_facts`.\n",
        );
        for l in &lines {
            want.push_str(l);
            want.push('\n');
        }
        let have = include_str!("builtin_facts.txt");
        if have != want {
            if std::env::var_os("UPDATE_FACTS").is_some() {
                let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("src/kinds/builtin_facts.txt");
                std::fs::write(path, &want).unwrap();
            } else {
                panic!(
                    "src/kinds/builtin_facts.txt is stale (a built-in regex changed): \
                     run `UPDATE_FACTS=1 cargo test builtin_facts`"
                );
            }
        }
        // Every line reads back as what parsing gives.
        let table = parse_facts(&want);
        assert_eq!(table.len(), lines.len(), "two regexes share a key");
        for (_, regexes, ci, _) in builtin_pattern_regexes() {
            for src in &regexes {
                assert_eq!(table.get(&facts_key(src, ci)), Some(&regex_facts(src, ci)));
            }
        }
    }

    /// (rule id, regexes, case-insensitive) of every built-in `pattern`
    /// rule gated by its regexes' literals.
    fn builtin_regexes() -> Vec<(String, Vec<String>, bool)> {
        // (A rule with a `prefilter` is gated by its literals, not its
        // regexes': "translation-artifact/mixed-script-word".)
        builtin_pattern_regexes()
            .into_iter()
            .filter(|(_, regexes, _, prefiltered)| !regexes.is_empty() && !prefiltered)
            .map(|(id, regexes, ci, _)| (id, regexes, ci))
            .collect()
    }

    /// (rule id, regexes, case-insensitive, has a `prefilter`) of every
    /// built-in `pattern` rule.
    fn builtin_pattern_regexes() -> Vec<(String, Vec<String>, bool, bool)> {
        #[derive(Deserialize)]
        struct F {
            #[serde(default)]
            rules: Vec<R>,
        }
        #[derive(Deserialize)]
        struct R {
            id: String,
            pattern: Option<P>,
        }
        #[derive(Deserialize)]
        struct P {
            #[serde(default)]
            regex: Vec<String>,
            #[serde(default)]
            case_sensitive: bool,
            #[serde(default)]
            prefilter: Vec<String>,
        }
        let mut out = Vec::new();
        for f in crate::rule::load::embedded_files() {
            let parsed: F = serde_saphyr::from_str(&f.text).expect("built-in YAML");
            for r in parsed.rules {
                if let Some(p) = r.pattern {
                    out.push((r.id, p.regex, !p.case_sensitive, !p.prefilter.is_empty()));
                }
            }
        }
        out
    }

    /// Texts to try: the fixtures, the dev set and the rule files themselves
    /// (their examples).
    fn corpus() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = Vec::new();
        let mut dirs = vec![
            root.join("fixtures"),
            root.join("rules"),
            root.join("../shared/eval-dev"),
        ];
        while let Some(d) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    texts.push(t.replace(['⟦', '⟧'], ""));
                }
            }
        }
        texts
    }

    #[test]
    fn every_builtin_pattern_rule_is_gated() {
        for (id, regexes, ci) in builtin_regexes() {
            let srcs: Vec<&str> = regexes.iter().map(String::as_str).collect();
            let gate = element_gate(&srcs, ci);
            assert!(gate.is_some(), "{id}: no element gate");
        }
    }

    /// The gate's promise: a regex match in a unit (element, line or
    /// sentence) implies a gate match in the element.
    #[test]
    fn gate_never_rejects_an_element_with_a_match() {
        let abbr = Abbreviations::default();
        let texts = corpus();
        let mut checked = 0;
        for (id, regexes, ci) in builtin_regexes() {
            let srcs: Vec<&str> = regexes.iter().map(String::as_str).collect();
            let Some(gate) = element_gate(&srcs, ci) else {
                continue;
            };
            let res: Vec<regex::Regex> = srcs
                .iter()
                .map(|s| {
                    regex::RegexBuilder::new(s)
                        .case_insensitive(ci)
                        .build()
                        .unwrap()
                })
                .collect();
            for t in &texts {
                // Elements: paragraphs (blank-line separated) and the whole file.
                for el in t.split("\n\n").chain([t.as_str()]) {
                    let mut units: Vec<&str> = vec![el];
                    units.extend(el.lines().map(str::trim).filter(|l| !l.is_empty()));
                    units.extend(split(el, &abbr).into_iter().map(|r| &el[r]));
                    let any = units
                        .iter()
                        .any(|u| res.iter().any(|re| re.find_iter(u).any(|m| !m.is_empty())));
                    if any {
                        checked += 1;
                        let mut buf = String::new();
                        let folded = if fold_text(el, &mut buf) {
                            buf.as_str()
                        } else {
                            el
                        };
                        assert!(
                            gate.is_match(folded) || has_fold_twin(el),
                            "{id}: gate rejects {el:?}"
                        );
                    }
                }
            }
        }
        assert!(checked > 20, "only {checked} matching elements tried");
    }

    #[test]
    fn fold_twins_fold_with_their_letters() {
        for (t, l) in FOLD_TWINS {
            let re = regex::RegexBuilder::new(&regex::escape(&l.to_string()))
                .case_insensitive(true)
                .build()
                .unwrap();
            assert!(
                re.is_match(&t.to_string()),
                "{t:?} does not fold with {l:?}"
            );
            assert!(has_fold_twin(&format!("a{t}b")));
        }
    }

    #[test]
    fn required_literals() {
        let f = |src: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .case_insensitive(true)
                .build()
                .parse(src)
                .unwrap();
            required(&hir).map(|l| {
                l.lits
                    .iter()
                    .map(|x| String::from_utf8_lossy(x).into_owned())
                    .collect::<Vec<_>>()
            })
        };
        // Anchors and optional prefixes are not required; the rarest fixed run is.
        // (`(?i)s` also matches `ſ`, U+017F: a fold twin, left out.)
        assert_eq!(
            f(r"^(?:please\s+)?(?:vote|cast your ballot)\s+for").unwrap(),
            vec!["cast your ballot", "vote"]
        );
        // Case-insensitive classes fold to one lowercase literal.
        assert_eq!(f(r"Home\s*»").unwrap(), vec!["home"]);
        // Non-ASCII case variants fold to one literal too (the gates fold
        // the text alike), not 2^7 for seven letters (`ᲀ` U+1C80, which
        // folds with `в`, is left out).
        assert_eq!(f(r"главная").unwrap(), vec!["главная"]);
        // (Σ folds with σ and with the final ς, which stays itself.)
        assert_eq!(f(r"ΨΗΦΊΣΤΕ").unwrap(), vec!["ψηφίςτε", "ψηφίστε"]);
        // The set rarer in prose: a sign rather than a letter that is in
        // nearly every line, a rare letter rather than two common ones …
        assert_eq!(f(r"a\s?[+-]").unwrap(), vec!["+", "-"]);
        assert_eq!(f(r"x\s?[ea]").unwrap(), vec!["x"]);
        // … and a bracket rather than a longer but common word.
        assert_eq!(f(r"[(\[]\s*(?:do|del)\b").unwrap(), vec!["(", "["]);
        // A common word is as common as the word, not as its letters.
        assert_eq!(f(r"^pd\.?\s*for\s+by").unwrap(), vec!["pd", "pd."]);
        // An optional piece is its strings or none: it extends the run of
        // exact pieces around it.
        assert_eq!(
            f(r"^(?-i:He|It) (?:the|an?) \p{L}").unwrap(),
            vec!["he a ", "he an ", "he the ", "it a ", "it an ", "it the "]
        );
        assert_eq!(f(r"colou?r").unwrap(), vec!["color", "colour"]);
        // … but never stands for a requirement alone.
        assert_eq!(f(r"x(?:ab)?").unwrap(), vec!["x", "xab"]);
        assert_eq!(f(r"\d+(?:ab)?\d").map(|_| ()), None);
        assert!(f(r"(?:ab)?(?:cd)?").is_none());
        assert!(f(r"(?:(?:ab)?x?)+").is_none());
        // Nothing required: no literals.
        assert!(f(r"^(?:a|b?)$").is_none());
        assert!(f(r"\w*").is_none());
        assert!(f(r"\p{Lu}").is_none());
        // Without required literals there is no gate (every element is checked).
        assert!(element_gate(&[r"^\p{Lu}.{3,}$"], false).is_none());
        let g = element_gate(&[r"^home\s*»", r"x{2}y"], true).unwrap();
        assert!(g.is_match("HOME") && g.is_match("aXXYb"));
        assert!(!g.is_match("xy hom"));
        // A fold twin is not a literal, but its element is never gated out.
        let g = element_gate(&[r"press release"], true).unwrap();
        assert!(!g.is_match("preſs releaſe"));
        assert!(has_fold_twin("preſs releaſe") && has_fold_twin("5 \u{212A}"));
        assert!(!has_fold_twin("press release, 5 K, σς"));
        // Case-sensitive rules still get a superset.
        let g = element_gate(&[r"[Vv]ote"], false).unwrap();
        assert!(g.is_match("Vote") && g.is_match("vote"));
    }

    #[test]
    fn unit_gate_tells_which_regexes_can_match_in_a_unit() {
        let per_regex = |srcs: &[&str]| -> Vec<Option<Vec<Vec<u8>>>> {
            srcs.iter()
                .map(|s| gate_literals(&[s], &[], true))
                .collect()
        };
        let g = UnitGate::new(&per_regex(&[r"^share\b", r"vote\s+for", r"^\p{Lu}+$"])).unwrap();
        let text = "Share on X\nPlease VOTE for us\nNOTHING";
        let mut hits = Vec::new();
        g.scan(text, &mut hits);
        // The third regex has no literal: always tried.
        assert_eq!(unit_mask(&hits, 0, 10, g.always), 0b101);
        assert_eq!(unit_mask(&hits, 11, 29, g.always), 0b110);
        assert_eq!(unit_mask(&hits, 30, 37, g.always), 0b100);
        // A literal that straddles the unit's end does not count.
        assert_eq!(unit_mask(&hits, 11, 20, g.always), 0b100);
        // Nothing has literals: no gate at all.
        assert!(UnitGate::new(&per_regex(&[r"^\p{Lu}+$"])).is_none());
    }
}
