//! `repetition`: a paragraph or line repeated within one document.
//!
//! Exact repeats (after normalizing case, punctuation and white space) of
//! blocks with at least `min_chars` characters; with `min_ratio` below 1,
//! near-repeats too: a word-3-shingle Jaccard pre-filter (`min_jaccard`)
//! picks candidates, then `similar` computes the character ratio. Repeats of
//! the headline are left to `headline-echo`.

use super::headline_echo::{normalize, normalize_each};
use super::language::{is_alnum, is_letter};
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
    /// Instead of repeated blocks, find keyword-stuffed ones: a block that
    /// is mostly a comma-separated run of short phrases reusing the same
    /// words (SEO filler).
    #[serde(default)]
    pub keyword_list: Option<KeywordList>,
}

/// Parameters of the keyword-list mode (see [`keyword_stuffing`]).
#[derive(Debug, Deserialize, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct KeywordList {
    /// Phrases of at most `max_words` words the block must hold.
    #[serde(default = "d_phrases")]
    pub min_phrases: usize,
    #[serde(default = "d_max_words")]
    pub max_words: usize,
    /// Distinct words (of 3+ letters) that each recur in `min_spread` phrases.
    #[serde(default = "d_keywords")]
    pub min_keywords: usize,
    #[serde(default = "d_spread")]
    pub min_spread: usize,
    /// A run written in small letters with no closing stop (a line pasted
    /// for search engines) may hold this few phrases, when every segment is
    /// a phrase, three in four of them have three words or more, and two
    /// words each recur in `min_spread` of them (default: `min_phrases`).
    #[serde(default)]
    pub min_phrases_lowercase: Option<usize>,
    /// In such a run in small letters, a phrase may run to this many words
    /// (a how-to query: "how to renew a boat licence online nsw"; default:
    /// `max_words`).
    #[serde(default)]
    pub max_words_lowercase: Option<usize>,
    /// Search-engine labels a keyword line may open with ("Keywords:",
    /// "Related searches:"): regexes over the text before the colon. A
    /// line behind one needs only `min_phrases_labelled` phrases after it,
    /// every segment a phrase, and `min_keywords_labelled` words each in
    /// `min_spread` of them. Other labels ("Tags: …") stay tag lines.
    #[serde(default)]
    pub labels: Vec<Spanned<String>>,
    #[serde(default = "d_labelled_phrases")]
    pub min_phrases_labelled: usize,
    #[serde(default = "d_labelled_keywords")]
    pub min_keywords_labelled: usize,
}
fn d_labelled_phrases() -> usize {
    4
}
fn d_labelled_keywords() -> usize {
    1
}
fn d_phrases() -> usize {
    6
}
fn d_max_words() -> usize {
    6
}
fn d_keywords() -> usize {
    3
}
fn d_spread() -> usize {
    3
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
    keyword_list: Option<KeywordList>,
    /// The keyword list's `labels`, compiled.
    keyword_labels: Vec<super::LazyRegex>,
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
            keyword_list: v.keyword_list.clone(),
            keyword_labels: match &v.keyword_list {
                Some(k) => super::compile_lazy(&k.labels, true, file)?,
                None => Vec::new(),
            },
        })
    }
}

/// Separators between the phrases of a keyword list (commas in several
/// scripts, semicolons, bars) and the sentence ends and dashes that close one.
fn is_break(c: char) -> bool {
    matches!(
        c,
        ',' | '，' | '、' | '،' | ';' | '؛' | '|' | '.' | '。' | '।' | '!' | '?' | '؟' | '—' | '–'
    )
}

/// A `.` or `,` between two digits: a decimal or thousands separator
/// ("1.2 percent", "1,200 seats"), no phrase break.
fn digit_separator(b: &[u8], i: usize) -> bool {
    matches!(b[i], b'.' | b',')
        && i > 0
        && b[i - 1].is_ascii_digit()
        && b.get(i + 1).is_some_and(u8::is_ascii_digit)
}

/// `text` split at [`is_break`], digit separators aside.
fn split_phrases(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if is_break(c) && !digit_separator(b, i) {
            out.push(&text[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&text[start..]);
    out
}

/// (segments, short phrases) of `text` split at [`is_break`], a phrase
/// being a segment of 1 to `max_words` words (whitespace-separated, with a
/// letter or digit); `None` as soon as the long segments are too many for
/// three in four segments to be phrases (there are at most `breaks + 1`).
fn phrase_shape(text: &str, max_words: usize, breaks: usize) -> Option<(usize, usize)> {
    let (mut segments, mut phrases) = (0usize, 0usize);
    let mut end_segment = |words: usize| {
        if words == 0 {
            return true;
        }
        segments += 1;
        if words <= max_words {
            phrases += 1;
            return true;
        }
        4 * (segments - phrases) <= breaks + 1
    };
    // One pass, bytes for ASCII characters and decoded characters for the
    // rest: the split of [`split_phrases`] and `split_whitespace` (a word is
    // a run of non-whitespace characters holding a letter or digit), with
    // no segment list allocated. The only ASCII breaks are `, ; | . ! ?`
    // and the only ASCII white space `\t \n \x0b \x0c \r` and space,
    // as `char::is_whitespace` has it.
    let bytes = text.as_bytes();
    let (mut words, mut in_word, mut alnum) = (0usize, false, false);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let (brk, space) = if c.is_ascii() {
            i += 1;
            match c {
                b',' | b';' | b'|' | b'.' | b'!' | b'?' if !digit_separator(bytes, i - 1) => {
                    (true, false)
                }
                b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => (false, true),
                c => {
                    in_word = true;
                    alnum |= c.is_ascii_alphanumeric();
                    continue;
                }
            }
        } else {
            let Some(ch) = text[i..].chars().next() else {
                break;
            };
            i += ch.len_utf8();
            if is_break(ch) {
                (true, false)
            } else if ch.is_whitespace() {
                (false, true)
            } else {
                in_word = true;
                alnum |= is_alnum(ch);
                continue;
            }
        };
        if brk || space {
            words += usize::from(in_word && alnum);
            (in_word, alnum) = (false, false);
        }
        if brk {
            if !end_segment(words) {
                return None;
            }
            words = 0;
        }
    }
    words += usize::from(in_word && alnum);
    if !end_segment(words) {
        return None;
    }
    Some((segments, phrases))
}

/// Is `text` a keyword-stuffed run of phrases? Splits it at
/// [`is_break`]; needs `min_phrases` phrases of 1 to `max_words`
/// words, and `min_keywords` distinct words of three or more letters that
/// each occur in at least `min_spread` phrases; three in four of its
/// comma- or stop-separated segments must be such phrases. A list of places or
/// ministries repeats one word ("Ministry of …"); a keyword list repeats
/// several, reshuffled ("cocoa price Ghana, Ghana cocoa price 2024, …").
/// A block opening with a label ("Tags: …") is a tag line, not filler.
pub fn keyword_stuffing(text: &str, p: &KeywordList) -> bool {
    // Cheap gate: enough commas to hold the phrases at all, and the count
    // of all phrase breaks ([`count_breaks`]: only characters outside
    // ASCII are decoded).
    let (commas, breaks) = count_breaks(text);
    if commas + 1 < min_phrases(p) {
        return false;
    }
    // Fewer commas than a full run's phrases: only a run in small letters
    // with no closing stop is left (`min_phrases_lowercase`), and prose
    // ends with one.
    if commas + 1 < p.min_phrases && text.trim_end().ends_with(['.', '!', '?', '…', '。']) {
        return false;
    }
    let mut next = first_break(text);
    let first = &text[..next.map_or(text.len(), |(i, _)| i)];
    // A tag line ("Tags: …"), or a table or list set line by line.
    if first.contains(':') || text.trim().matches('\n').count() >= 2 {
        return false;
    }
    // The run may sit behind a sentence or two of prose that leads into it
    // ("Planning a day in X? The X market ranks among …, X food tours,
    // …"): when the whole block is not a run, try it without its first
    // long segments, at most two.
    let mut rest = text;
    for _ in 0..3 {
        if stuffed_run(rest, p, breaks) {
            return true;
        }
        let Some((end, len)) = next else {
            return false;
        };
        if crate::document::word_count_upto(&rest[..end], p.max_words + 1) <= p.max_words {
            return false;
        }
        rest = &rest[end + len..];
        next = first_break(rest);
    }
    false
}

/// The commas of `text` (`,` `;` `|` and their forms in other scripts) and
/// its phrase breaks ([`is_break`], commas included). Every paragraph is
/// asked, so the ASCII ones are counted without branches, 64 KB at a time
/// (the compiler makes it a vector loop); only the characters outside
/// ASCII are decoded, from their lead bytes.
fn count_breaks(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let (mut commas, mut stops, mut leads) = (0usize, 0usize, 0usize);
    for chunk in bytes.chunks(1 << 16) {
        let (mut c, mut s, mut l) = (0u32, 0u32, 0u32);
        for &x in chunk {
            c += u32::from((x == b',') | (x == b';') | (x == b'|'));
            s += u32::from((x == b'.') | (x == b'!') | (x == b'?'));
            l += u32::from(x >= 0xC0);
        }
        commas += c as usize;
        stops += s as usize;
        leads += l as usize;
    }
    if leads > 0 {
        for (i, _) in bytes.iter().enumerate().filter(|(_, &x)| x >= 0xC0) {
            match text[i..].chars().next() {
                Some('，' | '、' | '،' | '؛') => commas += 1,
                Some(c) if is_break(c) => stops += 1,
                _ => {}
            }
        }
    }
    (commas, commas + stops)
}

/// The fewest phrases any unlabelled run may hold (a run in small letters
/// may hold fewer than `min_phrases`).
fn min_phrases(p: &KeywordList) -> usize {
    p.min_phrases_lowercase
        .map_or(p.min_phrases, |n| n.min(p.min_phrases))
}

/// [`keyword_stuffing`] of `text` as a whole, once its gates are passed.
fn stuffed_run(text: &str, p: &KeywordList, breaks: usize) -> bool {
    // First the shape alone, without allocating: three in four segments
    // short phrases. There are at most `breaks + 1` segments, so once four
    // times the long ones pass that, the block is prose.
    // A run in small letters with no closing stop may hold longer queries.
    let lower = lowercase_run(text);
    let max_words = match p.max_words_lowercase {
        Some(n) if lower => n.max(p.max_words),
        _ => p.max_words,
    };
    let Some((segments, phrases)) = phrase_shape(text, max_words, breaks) else {
        return false;
    };
    if phrases < min_phrases(p) || 4 * phrases < 3 * segments {
        return false;
    }
    // Fewer than `min_phrases`: only a run in small letters, every segment
    // a phrase, with the full count of recurring words.
    let short_run = phrases < p.min_phrases;
    if short_run && (!lower || phrases < segments) {
        return false;
    }
    let (short, numbered, spread) = recurring_words(text, max_words);
    // A short run: search queries of three words or more (three in four
    // phrases), two words each in `min_spread` of them ("tide times whitby,
    // whitby tide times today, …"); a list of things is shorter phrases
    // ("fresh fish, smoked fish, …").
    if short_run {
        let queries = split_phrases(text)
            .iter()
            .filter(|part| crate::document::word_count_upto(part, 3) >= 3)
            .count();
        return 4 * queries >= 3 * short
            && spread.values().filter(|&&n| n >= p.min_spread).count() >= p.min_keywords.min(2)
            && numbered * 2 <= short;
    }
    // A list of figures written to one template ("Labour won 412 seats,
    // the Greens won 4 seats, …", "copper fell 1.4 percent, zinc fell …")
    // repeats its frame words too; keyword filler carries no figure but a
    // year.
    //
    // A run written all in small letters with no closing stop (a line
    // pasted for search engines: "flood city, city flood today, …") may
    // lean on fewer words: one in half its phrases or more, and one other
    // recurring. News prose and lists of names carry capitals.
    let min_keywords = if lower && spread.values().any(|&n| 2 * n >= short) {
        p.min_keywords.min(2)
    } else {
        p.min_keywords
    };
    spread.values().filter(|&&n| n >= p.min_spread).count() >= min_keywords && numbered * 2 <= short
}

/// The first `:` or `：` among the first 60 characters of `t` (with its
/// byte offset), as `t.char_indices().take(60).find(…)` has it, found by
/// `memchr` over the bytes that can hold those characters (at most 240):
/// the first colon there is the first of `t`, and is among the first 60
/// characters when fewer than 60 come before it.
fn label_colon(t: &str) -> Option<(usize, char)> {
    let mut n = t.len().min(240);
    while !t.is_char_boundary(n) {
        n -= 1;
    }
    let head = &t[..n];
    // (The wide colon is looked for only before the first ASCII one.)
    let a = head.find(':');
    let (i, c) = match (head[..a.unwrap_or(n)].find('：'), a) {
        (Some(w), _) => (w, '：'),
        (None, Some(a)) => (a, ':'),
        (None, None) => return None,
    };
    (head[..i].chars().count() < 60).then_some((i, c))
}

/// The first phrase break of `text` (see [`is_break`]; a digit separator
/// is none): its byte offset and length. Bytes are tested as bytes, the
/// other breaks by their UTF-8 sequences (`،` D8 8C, `؛` D8 9B, `؟` D8 9F,
/// `।` E0 A5 A4, `–` E2 80 93, `—` E2 80 94, `、` E3 80 81, `。` E3 80 82,
/// `，` EF BC 8C: a lead byte begins one character only).
fn first_break(text: &str) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    b.iter().enumerate().find_map(|(i, &x)| {
        let len = match x {
            b',' | b';' | b'|' | b'.' | b'!' | b'?' => usize::from(!digit_separator(b, i)),
            0xD8 => 2 * usize::from(matches!(b.get(i + 1), Some(0x8C | 0x9B | 0x9F))),
            0xE0 => 3 * usize::from(b.get(i + 1..i + 3) == Some(&[0xA5, 0xA4])),
            0xE2 => 3 * usize::from(matches!(b.get(i + 1..i + 3), Some([0x80, 0x93 | 0x94]))),
            0xE3 => 3 * usize::from(matches!(b.get(i + 1..i + 3), Some([0x80, 0x81 | 0x82]))),
            0xEF => 3 * usize::from(b.get(i + 1..i + 3) == Some(&[0xBC, 0x8C])),
            _ => 0,
        };
        (len > 0).then_some((i, len))
    })
}

/// Is `text` a keyword line behind a search-engine label ("Keywords: …",
/// one of `labels`, matched against the text before the first colon)? The
/// phrases after the label — at least `min_phrases_labelled`, every
/// segment one — must share `min_keywords_labelled` words, each in
/// `min_spread` of them ("keywords: harbour, harbour ferry, ferry fares
/// harbour, …"): a tag line lists distinct topics.
pub fn labelled_keyword_line(text: &str, p: &KeywordList, labels: &[super::LazyRegex]) -> bool {
    if labels.is_empty() {
        return false;
    }
    let t = text.trim();
    // The label: a few words before the first colon, emphasis aside.
    // (Looked for before the line is scanned for a line break: most
    // paragraphs have no colon among their first characters.)
    let Some((i, c)) = label_colon(t) else {
        return false;
    };
    // (The label first, a few bytes: most colons follow no label of
    // `labels`, and then the rest of the paragraph is never scanned.)
    let label = t[..i].trim().trim_matches(['*', '_']).trim();
    if label.is_empty()
        || label.split_whitespace().count() > 5
        || !labels.iter().any(|r| r.is_match(label))
        || t.contains('\n')
    {
        return false;
    }
    let rest = t[i + c.len_utf8()..]
        .trim()
        .trim_start_matches(['*', '_'])
        .trim();
    let commas = rest
        .chars()
        .filter(|&x| matches!(x, ',' | '，' | '、' | '،' | ';' | '؛' | '|'))
        .count();
    if commas + 1 < p.min_phrases_labelled {
        return false;
    }
    let Some((segments, phrases)) = phrase_shape(rest, p.max_words, 0) else {
        return false;
    };
    if phrases < p.min_phrases_labelled || phrases < segments {
        return false;
    }
    let (short, numbered, spread) = recurring_words(rest, p.max_words);
    spread.values().filter(|&&n| n >= p.min_spread).count() >= p.min_keywords_labelled
        && numbered * 2 <= short
}

/// Counts by word (only counted and filtered: the order of the map never
/// shows), with the crate's cheap word hasher instead of SipHash.
type WordCounts =
    HashMap<String, usize, std::hash::BuildHasherDefault<super::language::WordHasher>>;

/// The short phrases of `text` (at most `max_words` words), how many carry
/// a figure, and in how many phrases each word of three letters or more
/// occurs.
fn recurring_words(text: &str, max_words: usize) -> (usize, usize, WordCounts) {
    let mut spread = WordCounts::default();
    let (mut short, mut numbered) = (0usize, 0usize);
    for part in split_phrases(text) {
        let mut ws: Vec<String> = part
            .split_whitespace()
            .map(|w| {
                w.chars()
                    .filter(|c| is_alnum(*c))
                    .flat_map(char::to_lowercase)
                    .collect::<String>()
            })
            .filter(|w| !w.is_empty())
            .collect();
        // Prose clauses are longer: only the short phrases count.
        if ws.is_empty() || ws.len() > max_words {
            continue;
        }
        short += 1;
        numbered += usize::from(ws.iter().any(|w| is_figure(w)));
        ws.sort_unstable();
        ws.dedup();
        for w in ws {
            if w.chars().filter(|c| is_letter(*c)).count() >= 3 {
                *spread.entry(w).or_default() += 1;
            }
        }
    }
    (short, numbered, spread)
}

/// A block of cased letters written in small ones only, not closed by a
/// full stop, question or exclamation mark.
fn lowercase_run(text: &str) -> bool {
    let t = text.trim_end();
    if t.ends_with(['.', '!', '?', '…', '。']) {
        return false;
    }
    let (mut lower, mut other) = (0usize, 0usize);
    for c in t.chars().filter(|c| is_letter(*c)) {
        if c.is_uppercase() {
            return false;
        }
        // (Georgian Mkhedruli is lowercase for Unicode but has no capitals
        // in prose: no sign of a keyword run.)
        if c.is_lowercase() && !super::people::caseless(c) {
            lower += 1;
        } else {
            other += 1;
        }
    }
    lower >= 20 && other == 0
}

/// A word with a digit that is not a year (1900–2099).
fn is_figure(w: &str) -> bool {
    let year = w.len() == 4
        && w.bytes().all(|b| b.is_ascii_digit())
        && (w.starts_with("19") || w.starts_with("20"));
    !year && w.chars().any(|c| c.is_ascii_digit())
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

/// How many normalized characters [`prefix_key`] keeps.
const KEY_CHARS: usize = 24;

/// The first [`KEY_CHARS`] characters of `normalize(s)`, hashed: equal
/// normalized texts have equal keys, so only blocks that share a key need
/// normalizing whole.
fn prefix_key(s: &str) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    // The ASCII branch of `normalize_each` inline (ASCII letters and digits
    // lowercased, any other ASCII byte a space), for as long as the prefix
    // is ASCII; at the first other byte the key is computed again through
    // `normalize_each` itself, from the start: the same key either way.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut n = 0;
    let (mut space, mut any) = (false, false);
    for &b in s.as_bytes() {
        if !b.is_ascii() {
            return prefix_key_chars(s);
        }
        if b.is_ascii_alphanumeric() {
            if space && any {
                h = (h ^ u64::from(b' ')).wrapping_mul(PRIME);
                n += 1;
                if n >= KEY_CHARS {
                    return h;
                }
            }
            (space, any) = (false, true);
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(PRIME);
            n += 1;
            if n >= KEY_CHARS {
                return h;
            }
        } else {
            space = true;
        }
    }
    h
}

/// [`prefix_key`] through `normalize_each` (any text).
fn prefix_key_chars(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut n = 0;
    normalize_each(s, |c| {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
        n += 1;
        n < KEY_CHARS
    });
    h
}

impl Repetition {
    /// Exact repeats only (`min_ratio` 1): the same findings as the general
    /// path in [`Check::check`], but a block is normalized whole only when
    /// an earlier block starts with the same normalized characters. Most
    /// paragraphs repeat nothing and cost a prefix.
    fn exact(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let mut headline: Option<Option<String>> = None;
        // Per looked-at block: its prefix key, and its normalized text once computed.
        let mut blocks: Vec<(usize, u64, Option<String>)> = Vec::new();
        for (bi, b) in cx.blocks() {
            let key = prefix_key(b.text());
            let mut norm: Option<String> = None;
            // The first earlier block with the same normalized text is the
            // one the general path keeps in `seen`: blocks with equal
            // normalized texts are skipped (short, or the headline) alike.
            let mut first = None;
            for (obi, okey, onorm) in blocks.iter_mut() {
                if *okey != key {
                    continue;
                }
                let n = norm.get_or_insert_with(|| normalize(b.text()));
                if onorm.get_or_insert_with(|| normalize(cx.doc.blocks[*obi].text())) == n {
                    first = Some(*obi);
                    break;
                }
            }
            blocks.push((bi, key, norm.clone()));
            let (Some(first), Some(norm)) = (first, norm) else {
                continue;
            };
            let headline = headline
                .get_or_insert_with(|| cx.doc.headline.as_ref().map(|h| normalize(&h.text)));
            if norm.chars().count() < self.min_chars || headline.as_deref() == Some(norm.as_str()) {
                continue;
            }
            out.push(
                Hit::new(b.span)
                    .var("what", "repeats an earlier paragraph")
                    .var("text", short(b.text(), 50))
                    .label("repeated")
                    .related(cx.doc.blocks[first].span, "first here"),
            );
        }
    }
}

impl Check for Repetition {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        if let Some(k) = &self.keyword_list {
            for (_, b) in cx.blocks() {
                if keyword_stuffing(b.text(), k)
                    || labelled_keyword_line(b.text(), k, &self.keyword_labels)
                {
                    out.push(
                        Hit::new(b.span)
                            .var("what", "is a run of recycled search keywords")
                            .var("text", short(b.text(), 50))
                            .label("keyword list"),
                    );
                }
            }
            return;
        }
        if self.min_ratio >= 1.0 {
            self.exact(cx, out)
        } else {
            self.general(cx, out)
        }
    }
}

impl Repetition {
    /// Exact and (with `min_ratio` below 1) near repeats.
    fn general(&self, cx: &Cx, out: &mut Vec<Hit>) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, InputFormat, ParseOptions};

    /// A finding: its span and its related spans.
    type Found = (usize, usize, Vec<(usize, usize)>);

    fn run(r: &Repetition, doc: &Document, exact: bool) -> Vec<Found> {
        let cx = Cx {
            doc,
            scope: crate::rule::DEFAULT_SCOPE,
            gate: None,
        };
        let mut out = Vec::new();
        if exact {
            r.exact(&cx, &mut out);
        } else {
            r.general(&cx, &mut out);
        }
        out.iter()
            .map(|h| {
                let rel = h.related.iter().map(|(s, _)| (s.start, s.end)).collect();
                (h.span.start, h.span.end, rel)
            })
            .collect()
    }

    /// The prefix-key path finds exactly what the general path finds.
    #[test]
    fn exact_path_is_the_general_path() {
        let r = Repetition {
            min_chars: 60,
            min_ratio: 1.0,
            min_jaccard: 0.5,
            keyword_list: None,
            keyword_labels: Vec::new(),
        };
        let para =
            "The council approved the budget on Tuesday after a long debate about bus routes.";
        let mut texts = vec![
            // a repeat differing in case and punctuation, a short repeat, the
            // headline repeated, a shared prefix that is no repeat, a triple
            format!("# Budget passes after long debate\n\n{para}\n\nShort line.\n\nShort line.\n\nBudget passes after long debate\n\nThe council approved the budget on Tuesday, then adjourned until March without a vote.\n\n{}\n\n{para}\n", para.to_uppercase().replace(',', ";")),
        ];
        texts.extend(crate::testdata::fixture_texts());
        let opts = ParseOptions::default();
        for t in &texts {
            let doc = Document::parse(t, InputFormat::Markdown, &opts);
            assert_eq!(run(&r, &doc, true), run(&r, &doc, false), "{t}");
        }
        // The upper-case repeat and the second exact repeat, both of the first.
        let first = Document::parse(&texts[0], InputFormat::Markdown, &opts);
        let found = run(&r, &first, true);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].2 == found[1].2);
    }

    /// The inline ASCII key is the key through `normalize_each`.
    #[test]
    fn prefix_key_ascii_path() {
        for t in [
            "",
            "  ",
            "The council approved the budget on Tuesday after a long debate.",
            "A-b  c'd: E/F 12,3 -- xyz",
            "short",
            "ab cd ef gh ij kl mn op qr st uv",
            "Caf\u{e9} society: \u{201c}quoted\u{201d} text here and more words",
        ] {
            assert_eq!(prefix_key(t), prefix_key_chars(t), "{t:?}");
        }
    }

    /// The colon and the first break found by bytes are those found by
    /// characters.
    #[test]
    fn colons_and_breaks_by_bytes() {
        let long = format!("{}: x", "\u{e9}".repeat(59));
        let longer = format!("{}: x", "\u{e9}".repeat(60));
        let far = format!("{}\u{ff1a} x", "a".repeat(61));
        for t in [
            "",
            "Keywords: a, b; c | d. e! f? g",
            "\u{627}\u{644}\u{60c} \u{632}\u{61b} x\u{3001}y\u{ff0c}z\u{3002}\u{ff1a}\u{61f}\u{964}",
            "\u{201c}a\u{201d}, b\u{2014}c\u{2013}d, \u{e9}, \u{ff0c}\u{ff0c} \u{2026} \u{e2a}",
            "**\u{5173}\u{952e}\u{8bcd}\u{ff1a}** a\u{3001}b",
            "rose 1.2 percent\u{2014}and 1,200 more",
            "\u{3002} first",
            "a\u{964}b",
            "wide\u{ff1a} then: narrow",
            "narrow: then\u{ff1a} wide",
            &long,
            &longer,
            &far,
        ] {
            let colon = t
                .char_indices()
                .take(60)
                .find(|&(_, c)| c == ':' || c == '：');
            assert_eq!(label_colon(t), colon, "{t:?}");
            let bytes = t.as_bytes();
            let brk = t
                .char_indices()
                .find(|&(i, c)| is_break(c) && !digit_separator(bytes, i))
                .map(|(i, c)| (i, c.len_utf8()));
            assert_eq!(first_break(t), brk, "{t:?}");
        }
    }

    /// The byte path for ASCII text splits as the character path does.
    #[test]
    fn phrase_shape_bytes_agree_with_chars() {
        let reference = |t: &str| {
            let (mut s, mut p) = (0, 0);
            for part in split_phrases(t) {
                let n = part
                    .split_whitespace()
                    .filter(|w| w.chars().any(char::is_alphanumeric))
                    .count();
                if n > 0 {
                    s += 1;
                    p += usize::from(n <= 6);
                }
            }
            (s, p)
        };
        for t in [
            "Rice price Kenya, Kenya rice price 2025, rice import price, cheap rice Kenya today.",
            "a , b ,, c;d|e!f?g. & - , \t\x0b\x0c\r\n x",
            "rose 1.2 percent, fell 1,200 points, 3. 4,5 x.5 5.",
            "One two three four five six seven, eight. Nine ten eleven twelve thirteen fourteen fifteen sixteen!",
            "",
            " , , ",
            "word",
            "Prix du riz Dakar, riz prix Dakar aujourd\u{2019}hui, prix riz import\u{e9} Dakar\u{3001}march\u{e9}\u{ff0c} \u{201c}x\u{201d} \u{2014} y\u{2013}z",
            "\u{a0}a\u{2003}b \u{3000}c\u{3002}d\u{964}e\u{61f}f\u{60c}g\u{61b} 1.2 \u{2026} \u{1f600} , \u{e9}",
            "\u{627}\u{644}\u{623}\u{631}\u{643}\u{627}\u{646}\u{60c} \u{632}\u{64a}\u{62a} \u{627}\u{644}\u{623}\u{631}\u{643}\u{627}\u{646}",
        ] {
            assert_eq!(phrase_shape(t, 6, usize::MAX / 8), Some(reference(t)), "{t:?}");
        }
        // Long segments rule a block out early.
        assert_eq!(
            phrase_shape("one two three four five six seven eight. nine ten eleven twelve thirteen fourteen fifteen sixteen.", 6, 1),
            None
        );
    }

    #[test]
    fn breaks_are_counted_as_char_by_char() {
        let slow = |text: &str| {
            text.chars().fold((0, 0), |(c, b), x| match x {
                ',' | '，' | '、' | '،' | ';' | '؛' | '|' => (c + 1, b + 1),
                x if is_break(x) => (c, b + 1),
                _ => (c, b),
            })
        };
        for text in [
            "",
            "tide times, whitby tide; times | today. Yes! No?",
            "“Quoted,” she said — and left… 1,200 seats; 3.5 %",
            "以前一个月三千块，现在要六千块、我们怎么做生意。",
            "مرحبا، كيف حالك؛ أنا بخير؟ नमस्ते। – ok",
            "Ünïcödé only",
        ] {
            assert_eq!(count_breaks(text), slow(text), "{text}");
        }
        // Past one 64 KB chunk.
        let long = "a, b; c. d — e，".repeat(9000);
        assert_eq!(count_breaks(&long), slow(&long));
    }

    #[test]
    fn keyword_lists_are_told_from_lists_of_things() {
        let k = KeywordList {
            min_phrases: 6,
            max_words: 6,
            min_keywords: 3,
            min_spread: 3,
            min_phrases_lowercase: None,
            max_words_lowercase: None,
            labels: Vec::new(),
            min_phrases_labelled: 4,
            min_keywords_labelled: 1,
        };
        assert!(keyword_stuffing(
            "Rice price Kenya, Kenya rice price 2025, rice import price, cheap rice Kenya today, rice traders Kenya news, best rice price Nairobi Kenya.",
            &k
        ));
        assert!(keyword_stuffing(
            "Prix du riz Dakar, riz prix Dakar aujourd'hui, prix riz importé Dakar, marché riz Dakar prix, riz pas cher Dakar, actualité prix riz Sénégal.",
            &k
        ));
        // one recurring word: a list of ministries
        assert!(!keyword_stuffing(
            "The Ministry of Health, the Ministry of Finance, the Ministry of Education, the Ministry of Defence, the Ministry of Trade and the Ministry of Energy all sent staff.",
            &k
        ));
        // one template repeated: the words keep their order
        assert!(!keyword_stuffing(
            "Labour won 412 seats, the Conservatives won 121 seats, the Liberal Democrats won 72 seats, the SNP won 9 seats, Reform UK won 5 seats, the Greens won 4 seats, and Plaid Cymru won 4 seats.",
            &k
        ));
        assert!(!keyword_stuffing(
            "Brent crude futures rose 1.2 percent, WTI crude futures rose 1.1 percent, heating oil futures rose 0.9 percent, gasoline futures rose 0.8 percent, natural gas futures rose 2.1 percent, and gold futures rose 0.4 percent.",
            &k
        ));
        // a list of distinct things
        assert!(!keyword_stuffing(
            "Delegates came from Ghana, Togo, Benin, Nigeria, Niger, Mali and Senegal, and from the Gambia.",
            &k
        ));
        // a tag line
        assert!(!keyword_stuffing(
            "Tags: rice price Kenya, Kenya rice price, rice import price, cheap rice Kenya, rice traders Kenya, rice price Nairobi Kenya",
            &k
        ));
        // too few phrases
        assert!(!keyword_stuffing(
            "Rice price Kenya, Kenya rice price, rice Kenya.",
            &k
        ));
        // prose with many commas and short clauses
        assert!(!keyword_stuffing(
            "The route, which starts in May, stops in Elm Park, Oak Hill, Elm Grove and Oak Bay. The library said the route, the vans and the staff cost the library $2 million, and the county said the library route would grow, the library van fleet would grow, and the route could reach Elm Falls by June.",
            &k
        ));
        // the run behind a prose lead of one or two long segments
        assert!(keyword_stuffing(
            "Hungry in Mombasa tonight? The Mombasa night market ranks among the busiest food spots on the coast, street food Mombasa, Mombasa food market tonight, best street food coast, Mombasa night food tours, cheap street food Mombasa, food worth trying in Mombasa after dark tonight.",
            &k
        ));
        // a prose lead and a list of things sharing a word or two
        assert!(!keyword_stuffing(
            "The market opened in 1990 after years of talks with the council. Stalls sell fresh fish, smoked fish, fried fish, fresh fruit, dried fruit, fresh bread, spiced tea and cassava chips.",
            &k
        ));
        // all small letters, no closing stop: two recurring words suffice
        assert!(keyword_stuffing(
            "flood warning york, york flood today, river ouse flood york, york road closures, flood map york, york news live, sandbags york council",
            &k
        ));
        // the same with capitals, or closed by a full stop, is not enough
        assert!(!keyword_stuffing(
            "Flood warning York, York flood today, River Ouse flood York, York road closures, flood map York, York news live, sandbags York council",
            &k
        ));
        assert!(!keyword_stuffing(
            "fresh fish, smoked fish, fresh bread, dried fruit, fresh cheese, cut flowers, fish soup and olive oil.",
            &k
        ));
        // a league table set line by line
        assert!(!keyword_stuffing(
            "1. Rovers United — 14 played, 35 points\n2. City United — 14 played, 31 points\n3. Town United — 14 played, 30 points",
            &k
        ));
    }

    fn list(lowercase: Option<usize>) -> KeywordList {
        KeywordList {
            min_phrases: 6,
            max_words: 6,
            min_keywords: 3,
            min_spread: 3,
            min_phrases_lowercase: lowercase,
            max_words_lowercase: None,
            labels: Vec::new(),
            min_phrases_labelled: 4,
            min_keywords_labelled: 1,
        }
    }

    /// A run in small letters may be shorter than `min_phrases`, with the
    /// full count of recurring words; with capitals or a stop it may not.
    #[test]
    fn short_lowercase_runs() {
        let k = list(Some(4));
        assert!(keyword_stuffing(
            "tide times whitby, whitby tide times today, whitby harbour tide, harbour times whitby news",
            &k
        ));
        // without the lowered minimum, four phrases are too few
        assert!(!keyword_stuffing(
            "tide times whitby, whitby tide times today, whitby harbour tide, harbour times whitby news",
            &list(None)
        ));
        // capitals, or a closing stop
        assert!(!keyword_stuffing(
            "Tide times Whitby, Whitby tide times today, Whitby harbour tide, harbour times Whitby news",
            &k
        ));
        assert!(!keyword_stuffing(
            "tide times whitby, whitby tide times today, whitby harbour tide, harbour times whitby news.",
            &k
        ));
        // a short run of short phrases is a list of things
        assert!(!keyword_stuffing(
            "fresh fish, smoked fish, fresh bread, fish soup, fresh cheese",
            &k
        ));
        // one recurring word is not enough
        assert!(!keyword_stuffing(
            "tide times whitby, whitby harbour car park, whitby abbey opening hours, whitby fish and chips",
            &k
        ));
        // a long segment among few phrases
        assert!(!keyword_stuffing(
            "tide times whitby, whitby tide times today, the harbour master said the tide would be the highest in a decade, harbour times whitby news",
            &k
        ));
    }

    /// A run in small letters may hold a longer how-to query when
    /// `max_words_lowercase` allows it; a long clause stays prose.
    #[test]
    fn lowercase_runs_with_longer_queries() {
        let run = "harbour mooring fees 2025, mooring permit renewal rules, how to renew a mooring permit online, mooring permit prices today";
        assert!(!keyword_stuffing(run, &list(Some(4))));
        let k = KeywordList {
            max_words_lowercase: Some(8),
            ..list(Some(4))
        };
        assert!(keyword_stuffing(run, &k));
        // with capitals or a closing stop the wider phrases do not apply
        assert!(!keyword_stuffing(
            "Harbour mooring fees 2025, mooring permit renewal rules, how to renew a mooring permit online, mooring permit prices today",
            &k
        ));
        assert!(!keyword_stuffing(&format!("{run}."), &k));
        // a clause of prose between phrases is still too long
        assert!(!keyword_stuffing(
            "mooring fees, mooring permit rules, the harbour board said on tuesday that the mooring fees would rise again next spring, marina berth prices",
            &k
        ));
    }

    #[test]
    fn labelled_keyword_lines() {
        let labels: Vec<crate::kinds::LazyRegex> = vec![regex::RegexBuilder::new(
            "^(?:keywords?|seo keywords|كلمات مفتاحية|الكلمات المفتاحية)$",
        )
        .case_insensitive(true)
        .build()
        .unwrap()
        .into()];
        let k = list(None);
        // one word recurring in three phrases
        assert!(labelled_keyword_line(
            "Keywords: Whitby, Whitby harbour, tide times, Whitby tides today, North Yorkshire",
            &k,
            &labels
        ));
        assert!(labelled_keyword_line(
            "**كلمات مفتاحية:** الأركان، زيت الأركان، الصويرة، تعاونيات الأركان",
            &k,
            &labels
        ));
        // a tag line of distinct topics
        assert!(!labelled_keyword_line(
            "Keywords: ports, ferries, weather, Arran, island travel",
            &k,
            &labels
        ));
        // another label
        assert!(!labelled_keyword_line(
            "Tags: Whitby, Whitby harbour, tide times, Whitby tides today, North Yorkshire",
            &k,
            &labels
        ));
        // too few phrases, or a sentence among them
        assert!(!labelled_keyword_line(
            "Keywords: Whitby, Whitby harbour, Whitby tides",
            &k,
            &labels
        ));
        assert!(!labelled_keyword_line(
            "Keywords: Whitby, Whitby harbour, the council said Whitby would get a new harbour wall next year, Whitby tides",
            &k,
            &labels
        ));
    }
}
