//! `headline-echo`: the headline repeated in the body.
//!
//! Finds body lines that repeat the headline exactly, nearly (case,
//! punctuation, trailing dashes, a `– Site Name` suffix, or a `similar`
//! character ratio at or above `min_ratio`), or as a run of hashtags built
//! from its words (`#Historical #convergence #Jinping`). The headline itself
//! (its first occurrence) is never a finding.
//!
//! Parameters: `min_ratio` (default 0.9), `hashtags` (default true),
//! `min_hashtags` (default 2), `min_hashtag_overlap` (share of tags that
//! must come from the headline, default 0.6), `suffix_separators`.

use super::{short, Check, Cx, Hit};
use crate::rule::error::{LocatedError, YamlFile};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_ratio")]
    pub min_ratio: f64,
    #[serde(default = "yes")]
    pub hashtags: bool,
    #[serde(default = "d_min_tags")]
    pub min_hashtags: usize,
    #[serde(default = "d_overlap")]
    pub min_hashtag_overlap: f64,
    #[serde(default = "d_seps")]
    pub suffix_separators: Vec<String>,
}
fn d_ratio() -> f64 {
    0.9
}
fn yes() -> bool {
    true
}
fn d_min_tags() -> usize {
    2
}
fn d_overlap() -> f64 {
    0.6
}
fn d_seps() -> Vec<String> {
    [" – ", " - ", " — ", " | ", " :: ", " · "]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

pub struct HeadlineEcho {
    p: Params,
}

impl HeadlineEcho {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        if !(0.0..=1.0).contains(&v.min_ratio) || !(0.0..=1.0).contains(&v.min_hashtag_overlap) {
            return Err(file.error(
                "ratios must be between 0 and 1",
                super::yaml_span(p),
                "out of range",
            ));
        }
        Ok(HeadlineEcho {
            p: Params {
                min_ratio: v.min_ratio,
                hashtags: v.hashtags,
                min_hashtags: v.min_hashtags,
                min_hashtag_overlap: v.min_hashtag_overlap,
                suffix_separators: v.suffix_separators.clone(),
            },
        })
    }
}

/// Lowercase, letters and digits only, single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(c.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// Cheap gate before the character diff: a line that nearly repeats the
/// headline (ratio >= 0.9) keeps at least half of its words intact.
fn shares_words(h: &str, l: &str) -> bool {
    let hw: Vec<&str> = h.split(' ').collect();
    let shared = hw.iter().filter(|w| l.split(' ').any(|x| x == **w)).count();
    2 * shared >= hw.len()
}

fn split_camel(tag: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in tag.chars() {
        if c.is_uppercase() && prev_lower && !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_lowercase() || c.is_numeric();
        cur.extend(c.to_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

impl HeadlineEcho {
    fn is_echo(&self, headline: &str, line: &str) -> Option<&'static str> {
        // A line much longer than the headline cannot repeat it, even with
        // a site-name suffix of up to 5 words or at `min_ratio` similarity:
        // most body paragraphs stop here, before any allocation.
        if line.len() > 2 * headline.len() + 120 {
            return None;
        }
        let h = normalize(headline);
        let l = normalize(line);
        if h.is_empty() || l.is_empty() {
            return None;
        }
        if h == l {
            return Some("repeats the headline");
        }
        for sep in &self.p.suffix_separators {
            if let Some(i) = line.rfind(sep.as_str()) {
                let head = normalize(&line[..i]);
                if head == h && crate::document::word_count(&line[i..]) <= 5 {
                    return Some("repeats the headline with a site-name suffix");
                }
            }
        }
        let (hl, ll) = (h.chars().count() as f64, l.chars().count() as f64);
        if ll >= hl * 0.75 && ll <= hl * 1.35 && h.len() >= 20 && shares_words(&h, &l) {
            let ratio = similar::TextDiff::from_chars(h.as_str(), l.as_str()).ratio() as f64;
            if ratio >= self.p.min_ratio {
                return Some("nearly repeats the headline");
            }
        }
        None
    }

    fn is_hashtag_echo(&self, headline: &str, line: &str) -> bool {
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.len() < self.p.min_hashtags
            || !tokens.iter().all(|t| t.starts_with('#') && t.len() > 1)
        {
            return false;
        }
        let words: Vec<String> = normalize(headline).split(' ').map(str::to_string).collect();
        let joined: String = words.concat();
        let from_headline = tokens
            .iter()
            .filter(|t| {
                let tag: String = t
                    .trim_start_matches('#')
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                let low = tag.to_lowercase();
                !low.is_empty()
                    && (words.contains(&low)
                        || (low.chars().count() >= 4 && joined.contains(&low))
                        || split_camel(&tag).iter().all(|w| words.contains(w)))
            })
            .count();
        from_headline >= self.p.min_hashtags
            && from_headline as f64 / tokens.len() as f64 >= self.p.min_hashtag_overlap
    }
}

impl Check for HeadlineEcho {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let Some(h) = &cx.doc.headline else { return };
        for (bi, b) in cx.blocks() {
            if bi <= h.block {
                continue;
            }
            let text = b.text();
            let lines: Vec<(usize, &str)> = {
                let mut v = Vec::new();
                let mut pos = 0;
                for l in text.split_inclusive('\n') {
                    v.push((pos, l.trim_end_matches(['\n', '\r'])));
                    pos += l.len();
                }
                v
            };
            for (li, (pos, line)) in lines.iter().enumerate() {
                let lead = line.len() - line.trim_start().len();
                let (s, mut e) = (pos + lead, pos + line.trim_end().len());
                if s >= e {
                    continue;
                }
                let why = if self.p.hashtags && self.is_hashtag_echo(&h.text, line) {
                    Some("echoes the headline as hashtags")
                } else {
                    self.is_echo(&h.text, line)
                };
                let Some(why) = why else { continue };
                // Take in trailing lines that hold only punctuation (a dangling dash).
                for (p2, l2) in lines.iter().skip(li + 1) {
                    if normalize(l2).is_empty() && !l2.trim().is_empty() {
                        e = p2 + l2.trim_end().len();
                    } else {
                        break;
                    }
                }
                out.push(
                    Hit::new(b.src(s, e))
                        .var("how", why)
                        .var("headline", short(&h.text, 60))
                        .label(why)
                        .related(h.span, "the headline"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> HeadlineEcho {
        HeadlineEcho {
            p: Params {
                min_ratio: 0.9,
                hashtags: true,
                min_hashtags: 2,
                min_hashtag_overlap: 0.6,
                suffix_separators: d_seps(),
            },
        }
    }

    #[test]
    fn echoes() {
        let h = "Historical convergence. Xi Jinping in Russia –";
        assert!(k()
            .is_echo(h, "Historical convergence. Xi Jinping in Russia")
            .is_some());
        assert!(k()
            .is_echo(
                h,
                "HISTORICAL CONVERGENCE: Xi Jinping in Russia – World Today News"
            )
            .is_some());
        assert!(k()
            .is_echo(h, "Xi Jinping arrived in Moscow on Monday for talks")
            .is_none());
        assert!(k().is_hashtag_echo(h, "#Historical #convergence #Jinping #Russia"));
        assert!(k().is_hashtag_echo(
            "Geoffrey Mutai smashes New York City Marathon course record",
            "#Geoffrey #Mutai #smashes #NewYork #Marathon #record"
        ));
        assert!(!k().is_hashtag_echo(h, "#news #world #politics"));
    }
}
