//! `repetition`: a paragraph or line repeated within one document.
//!
//! Exact repeats (after normalizing case, punctuation and white space) of
//! blocks with at least `min_chars` characters; with `min_ratio` below 1,
//! near-repeats too: a word-3-shingle Jaccard pre-filter (`min_jaccard`)
//! picks candidates, then `similar` computes the character ratio. Repeats of
//! the headline are left to `headline-echo`.

use super::headline_echo::normalize;
use super::{short, Check, Cx, Hit};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_chars")]
    pub min_chars: usize,
    #[serde(default = "d_ratio")]
    pub min_ratio: f64,
    #[serde(default = "d_jac")]
    pub min_jaccard: f64,
}
fn d_chars() -> usize {
    60
}
fn d_ratio() -> f64 {
    1.0
}
fn d_jac() -> f64 {
    0.5
}

pub struct Repetition {
    min_chars: usize,
    min_ratio: f64,
    min_jaccard: f64,
}

impl Repetition {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        if !(0.0..=1.0).contains(&v.min_ratio) || !(0.0..=1.0).contains(&v.min_jaccard) {
            return Err(file.error(
                "ratios must be between 0 and 1",
                yaml_span(p),
                "out of range",
            ));
        }
        Ok(Repetition {
            min_chars: v.min_chars,
            min_ratio: v.min_ratio,
            min_jaccard: v.min_jaccard,
        })
    }
}

/// The word-3-shingles of a normalized text, hashed, sorted and distinct.
fn shingles(s: &str) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let words: Vec<&str> = s.split(' ').collect();
    let mut out: Vec<u64> = words
        .windows(3)
        .map(|w| {
            let mut h = super::language::WordHasher::default();
            w.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, de-duplicated sets (1 for two
/// empty sets).
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = super::headline_echo::common_sorted(a, b);
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Jaccard similarity of two sorted, distinct shingle sets is at least
/// `min`? (Sizes alone rule most pairs out: the intersection is at most
/// the smaller set, the union at least the larger.) Two empty sets are not
/// similar: there is nothing to compare.
fn jaccard_at_least(a: &[u64], b: &[u64], min: f64) -> bool {
    let (small, large) = (a.len().min(b.len()), a.len().max(b.len()));
    large > 0 && small as f64 >= min * large as f64 && jaccard(a, b) >= min
}

impl Check for Repetition {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let headline = cx.doc.headline.as_ref().map(|h| normalize(&h.text));
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut kept: Vec<(usize, String, Vec<u64>)> = Vec::new();
        for (bi, b) in cx.blocks() {
            let norm = normalize(b.text());
            if norm.chars().count() < self.min_chars || headline.as_deref() == Some(norm.as_str()) {
                continue;
            }
            if let Some(&first) = seen.get(&norm) {
                let fb = &cx.doc.blocks[first];
                out.push(
                    Hit::new(b.span)
                        .var("what", "repeats an earlier paragraph")
                        .var("text", short(b.text(), 50))
                        .label("repeated")
                        .related(fb.span, "first here"),
                );
                continue;
            }
            if self.min_ratio < 1.0 {
                let sh = shingles(&norm);
                let near = kept.iter().find(|(_, other, osh)| {
                    jaccard_at_least(&sh, osh, self.min_jaccard)
                        && similar::TextDiff::from_chars(norm.as_str(), other.as_str()).ratio()
                            as f64
                            >= self.min_ratio
                });
                if let Some((first, _, _)) = near {
                    out.push(
                        Hit::new(b.span)
                            .var("what", "nearly repeats an earlier paragraph")
                            .var("text", short(b.text(), 50))
                            .label("near repeat")
                            .related(cx.doc.blocks[*first].span, "first here"),
                    );
                    continue;
                }
                kept.push((bi, norm.clone(), sh));
            }
            seen.insert(norm, bi);
        }
    }
}
