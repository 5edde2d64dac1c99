//! Word shingles and MinHash signatures for near-duplicate detection.
//!
//! A document's words are the runs of alphanumeric characters of its
//! visible text (markup excluded, so an HTML page and the Markdown of the
//! same story compare equal), lower-cased. Shingles are 5 consecutive
//! words, hashed to 64 bits. The MinHash signature has 14 bands × 8 rows =
//! 112 values from 112 multiply-shift hash functions; each band is folded to
//! one 32-bit bucket key, so a record costs 56 bytes in the LSH index. Two
//! documents with Jaccard similarity `s` share at least one bucket with
//! probability `1 - (1 - s^8)^14`: 0.25 at s = 0.6, 0.57 at 0.7, 0.92 at
//! 0.8, 0.998 at 0.9.

use crate::document::{BlockKind, Document};
use crate::span::Span;

pub const SHINGLE: usize = 5;
pub const BANDS: usize = 14;
pub const ROWS: usize = 8;
pub const HASHES: usize = BANDS * ROWS;

/// A word of visible text: its hash and (when asked for) its source span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub hash: u64,
    pub span: Span,
}

/// The words of a document's visible text whose source starts at or after
/// `from` (to skip a prepended title). Raw-HTML blocks are skipped.
pub fn words(doc: &Document, from: usize, spans: bool) -> Vec<Word> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        if b.kind == BlockKind::Html || b.span.end <= from {
            continue;
        }
        let t = b.text.as_str();
        let mut start: Option<usize> = None;
        let mut h = FNV_OFFSET;
        for (i, c) in t.char_indices() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                    h = FNV_OFFSET;
                }
                h = fnv_char(h, c);
            } else if let Some(s) = start.take() {
                push_word(&mut out, b, s, i, h, from, spans);
            }
        }
        if let Some(s) = start {
            push_word(&mut out, b, s, t.len(), h, from, spans);
        }
    }
    out
}

fn push_word(
    out: &mut Vec<Word>,
    b: &crate::document::Block,
    s: usize,
    e: usize,
    h: u64,
    from: usize,
    spans: bool,
) {
    let need = spans || b.span.start < from;
    let span = if need { b.src(s, e) } else { Span::default() };
    if need && span.start < from {
        return;
    }
    out.push(Word { hash: h, span });
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv_char(mut h: u64, c: char) -> u64 {
    if c.is_ascii() {
        h ^= u64::from(c.to_ascii_lowercase() as u8);
        return h.wrapping_mul(FNV_PRIME);
    }
    for l in c.to_lowercase() {
        h ^= u64::from(l as u32);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// splitmix64 finaliser: a good 64-bit mix.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The sorted, de-duplicated set of 5-word shingle hashes. A text of fewer
/// than 5 words has no shingles.
pub fn shingles(words: &[Word]) -> Vec<u64> {
    let mut out: Vec<u64> = words
        .windows(SHINGLE)
        .map(|w| {
            let mut h: u64 = 0x9e37_79b9_7f4a_7c15;
            for x in w {
                h = mix(h ^ x.hash);
            }
            h
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Exact Jaccard similarity of two sorted, de-duplicated sets (the one the
/// `repetition` rule uses for near-repeated paragraphs).
pub use crate::kinds::repetition::jaccard;

/// The multiply-shift hash family: fixed pseudo-random odd multipliers and
/// offsets derived from a constant seed, so signatures are reproducible.
fn params() -> &'static [(u64, u64); HASHES] {
    static P: std::sync::OnceLock<[(u64, u64); HASHES]> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut p = [(0u64, 0u64); HASHES];
        let mut s: u64 = 0x0123_4567_89ab_cdef;
        for e in p.iter_mut() {
            s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let a = mix(s) | 1;
            s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
            *e = (a, mix(s));
        }
        p
    })
}

/// The MinHash signature of a shingle set (`None` when empty).
pub fn signature(shingles: &[u64]) -> Option<[u32; HASHES]> {
    if shingles.is_empty() {
        return None;
    }
    let p = params();
    let mut sig = [u32::MAX; HASHES];
    for &x in shingles {
        for (v, (a, b)) in sig.iter_mut().zip(p.iter()) {
            let h = (a.wrapping_mul(x).wrapping_add(*b) >> 32) as u32;
            if h < *v {
                *v = h;
            }
        }
    }
    Some(sig)
}

/// Fold each band of 8 rows into one 32-bit bucket key (band index mixed in
/// so equal rows in different bands never collide).
pub fn bands(sig: &[u32; HASHES]) -> [u32; BANDS] {
    let mut out = [0u32; BANDS];
    for (b, o) in out.iter_mut().enumerate() {
        let mut h = mix(b as u64 + 1);
        for r in &sig[b * ROWS..(b + 1) * ROWS] {
            h = mix(h ^ u64::from(*r));
        }
        *o = (h >> 32) as u32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{InputFormat, ParseOptions};

    fn doc_words(s: &str, f: InputFormat) -> Vec<Word> {
        let d = Document::parse(s, f, &ParseOptions::default());
        words(&d, 0, true)
    }

    #[test]
    fn words_are_visible_text_with_source_spans() {
        let src = "# Title\n\nThe *Quick* brown fox.";
        let w = doc_words(src, InputFormat::Markdown);
        let texts: Vec<&str> = w.iter().map(|w| &src[w.span.range()]).collect();
        assert_eq!(texts, ["Title", "The", "Quick", "brown", "fox"]);
        let plain = doc_words("the quick", InputFormat::Text);
        assert_eq!(plain[0].hash, doc_words("THE", InputFormat::Text)[0].hash);
        // `from` drops words of a prefix.
        let d = Document::parse(src, InputFormat::Markdown, &ParseOptions::default());
        assert_eq!(words(&d, 9, false).len(), 4);
    }

    #[test]
    fn jaccard_and_signature_agree_roughly() {
        let base: String = (0..300).map(|i| format!("w{i} ")).collect();
        let near = format!("{base} extra words at the very end of it");
        let other: String = (0..300).map(|i| format!("z{i} ")).collect();
        let sh = |s: &str| shingles(&doc_words(s, InputFormat::Text));
        let (a, b, c) = (sh(&base), sh(&near), sh(&other));
        let j = jaccard(&a, &b);
        assert!(j > 0.95 && j < 1.0, "{j}");
        assert_eq!(jaccard(&a, &c), 0.0);
        assert_eq!(jaccard(&a, &a), 1.0);
        let (sa, sb, sc) = (
            signature(&a).unwrap(),
            signature(&b).unwrap(),
            signature(&c).unwrap(),
        );
        let est = sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / 112.0;
        assert!((est - j).abs() < 0.15, "{est} vs {j}");
        assert!(bands(&sa)
            .iter()
            .zip(bands(&sb).iter())
            .any(|(x, y)| x == y));
        assert!(!bands(&sa)
            .iter()
            .zip(bands(&sc).iter())
            .any(|(x, y)| x == y));
        assert!(signature(&sh("too few words")).is_none());
    }
}
