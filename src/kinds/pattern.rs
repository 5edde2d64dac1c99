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
//! - `unless_quoted`: skip matches inside quotation marks (news quoting the phrase);
//! - `min_words` / `max_words`: only units of that many words;
//! - `exceptions`: regexes; a unit matching any of them is skipped;
//! - `last_blocks`: only the last N blocks of the document (footers, sign-offs);
//! - `prefilter`: literals an element must contain before the regexes run.

use super::{compile_all, inside_quotes, is_word_char, short, Check, Cx, Hit};
use crate::document::{word_count, BlockKind};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
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
    #[serde(default)]
    pub last_blocks: Option<usize>,
    /// Literal strings (ASCII case-insensitive) of which an element must
    /// contain at least one before any regex runs on it: a cheap gate for
    /// rules whose regexes are costly.
    #[serde(default)]
    pub prefilter: Vec<String>,
}

/// A match: start, end, and named-capture placeholder values.
type Match = (usize, usize, Vec<(&'static str, String)>);

pub struct Pattern {
    regexes: Vec<Regex>,
    phrases: Option<AhoCorasick>,
    unit: Unit,
    report: Report,
    unless_quoted: bool,
    min_words: usize,
    max_words: usize,
    exceptions: Vec<Regex>,
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
        Ok(Pattern {
            regexes: compile_all(&v.regex, ci, file)?,
            phrases,
            unit: v.unit,
            report: v.report,
            unless_quoted: v.unless_quoted,
            min_words: v.min_words.unwrap_or(0),
            max_words: v.max_words.unwrap_or(usize::MAX),
            exceptions: compile_all(&v.exceptions, ci, file)?,
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

    /// Matches (start, end, named captures) in `text`.
    fn matches(&self, text: &str) -> Vec<Match> {
        let mut out = Vec::new();
        for re in &self.regexes {
            for c in re.captures_iter(text) {
                let m = c.get(0).unwrap();
                if m.is_empty() {
                    continue;
                }
                let mut vars = Vec::new();
                for name in re.capture_names().flatten() {
                    if let Some(g) = c.name(name) {
                        // Named groups become placeholders; names are leaked once per
                        // distinct group name (bounded by the rule pack).
                        vars.push((intern(name), g.as_str().to_string()));
                    }
                }
                out.push((m.start(), m.end(), vars));
            }
        }
        if let Some(ac) = &self.phrases {
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
        out.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
        out
    }
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
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let n = cx.doc.blocks.len();
        let first_block = self.last_blocks.map_or(0, |k| n.saturating_sub(k));
        for (bi, b) in cx.blocks() {
            if bi < first_block {
                continue;
            }
            let text = b.text();
            if self.prefilter.as_ref().is_some_and(|ac| !ac.is_match(text)) {
                continue;
            }
            let units: Vec<(usize, usize)> = match self.unit {
                Unit::Element => vec![(0, text.len())],
                Unit::Sentence => b.sentences.iter().map(|r| (r.start, r.end)).collect(),
                Unit::Line => {
                    let mut v = Vec::new();
                    let mut pos = 0;
                    for line in text.split_inclusive('\n') {
                        let l = line.trim_end_matches(['\n', '\r']);
                        let lead = l.len() - l.trim_start().len();
                        if !l.trim().is_empty() {
                            v.push((pos + lead, pos + l.trim_end().len()));
                        }
                        pos += line.len();
                    }
                    v
                }
            };
            let mut reported_element = false;
            for (us, ue) in units {
                let unit = &text[us..ue];
                let wc = word_count(unit);
                if wc < self.min_words || wc > self.max_words {
                    continue;
                }
                if self.exceptions.iter().any(|re| re.is_match(unit)) {
                    continue;
                }
                for (ms, me, vars) in self.matches(unit) {
                    if self.unless_quoted && inside_quotes(text, us + ms) {
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
                if matches!(self.report, Report::Element | Report::ElementAndList)
                    && out.last().is_some_and(|h| h.span.contains(b.span))
                {
                    reported_element = true;
                }
                if reported_element {
                    break;
                }
            }
        }
    }
}
