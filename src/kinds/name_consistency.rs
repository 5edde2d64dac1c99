//! `name-consistency`: one name spelled two ways (Podolyak / Podoliak).
//!
//! Every capitalized word of at least `min_length` letters is folded to a
//! skeleton with the transliteration `folds` (pairs `[from, to]`, applied in
//! order to the lowercase word; doubled letters are then collapsed). Two
//! different spellings with the same skeleton are one name spelled twice:
//! the first occurrence of the later spelling is reported, with the first
//! spelling as related information.

use super::{Check, Cx, Hit};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use crate::span::Span;
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_min")]
    pub min_length: usize,
    pub folds: Vec<Vec<String>>,
    /// Spelling pairs that are different names, not variants ("Brian", "Bryan").
    #[serde(default)]
    pub distinct: Vec<Vec<String>>,
}
fn d_min() -> usize {
    5
}

pub struct NameConsistency {
    min_length: usize,
    folds: Vec<(String, String)>,
    distinct: Vec<(String, String)>,
    word: Regex,
}

impl NameConsistency {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        let mut folds = Vec::new();
        for f in &v.folds {
            if f.len() != 2 || f[0].is_empty() {
                return Err(file.error(
                    "each fold is a pair `[from, to]` with a non-empty `from`",
                    yaml_span(p),
                    "bad fold",
                ));
            }
            folds.push((f[0].to_lowercase(), f[1].to_lowercase()));
        }
        let mut distinct = Vec::new();
        for d in &v.distinct {
            if d.len() != 2 {
                return Err(file.error(
                    "each `distinct` entry is a pair of spellings",
                    yaml_span(p),
                    "bad pair",
                ));
            }
            distinct.push((d[0].to_lowercase(), d[1].to_lowercase()));
        }
        Ok(NameConsistency {
            min_length: v.min_length,
            folds,
            distinct,
            word: Regex::new(r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?").unwrap(),
        })
    }

    pub fn skeleton(&self, w: &str) -> String {
        let mut s = w.to_lowercase();
        for (from, to) in &self.folds {
            if s.contains(from.as_str()) {
                s = s.replace(from.as_str(), to);
            }
        }
        let mut out = String::with_capacity(s.len());
        let mut prev = None;
        for c in s.chars() {
            if Some(c) != prev {
                out.push(c);
            }
            prev = Some(c);
        }
        out
    }
}

impl Check for NameConsistency {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        // Groups of spellings with one skeleton, in order of first
        // appearance, each spelling with its first span.
        let mut groups: Vec<Vec<(&str, Span)>> = Vec::new();
        let mut by_skeleton: HashMap<String, usize> = HashMap::new();
        // Every distinct word seen, so each is measured and folded once: a
        // later occurrence of a spelling changes nothing (its group already
        // holds it with its first span).
        let mut seen: HashSet<&str> = HashSet::new();
        for (_, b) in cx.blocks() {
            let text = b.text();
            for m in self.word.find_iter(text) {
                // whole words only
                if text[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
                    || text[..m.start()]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let w = m.as_str();
                if !seen.insert(w) || w.chars().count() < self.min_length {
                    continue;
                }
                let key = self.skeleton(w);
                let gi = *by_skeleton.entry(key).or_insert_with(|| {
                    groups.push(Vec::new());
                    groups.len() - 1
                });
                groups[gi].push((w, b.src(m.start(), m.end())));
            }
        }
        for g in &groups {

            if g.len() < 2 {
                continue;
            }
            let (first, first_span) = &g[0];
            for (other, span) in &g[1..] {
                let (a, b) = (first.to_lowercase(), other.to_lowercase());
                if self
                    .distinct
                    .iter()
                    .any(|(x, y)| (*x == a && *y == b) || (*x == b && *y == a))
                {
                    continue;
                }
                out.push(
                    Hit::new(*span)
                        .var("name", *other)
                        .var("first", *first)
                        .label(format!("`{other}` here, `{first}` earlier"))
                        .related(*first_span, format!("first spelled `{first}` here")),
                );
            }
        }
    }
}
