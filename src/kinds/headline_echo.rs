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

use super::language::{is_alnum, WordHasher};
use super::{short, Check, Cx, Hit};
use crate::document::BlockKind;
use crate::rule::error::{LocatedError, YamlFile};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::hash::BuildHasherDefault;

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
    /// A subtitle (the heading-like line right after the headline) that
    /// restates it in other words: at least this share of the content words
    /// of each (four letters or more, not a function word) found in the
    /// other. 0 (the default): off.
    #[serde(default)]
    pub deck_overlap: f64,
    /// …and at least this many headline words restated.
    #[serde(default = "d_deck_min")]
    pub deck_min_shared: usize,
    /// The lead image's caption (a `<figcaption>` or a caption line among
    /// the first blocks after the headline) that restates the headline: it
    /// opens with the headline's first content word, shares at least this
    /// share of the content words of each with the other, in the headline's
    /// order (its credit, "(Supplied)", "Photo: X", set aside). 0 (the
    /// default): off.
    #[serde(default)]
    pub caption_overlap: f64,
    /// …and at least this many headline words restated.
    #[serde(default = "d_caption_min")]
    pub caption_min_shared: usize,
}
fn d_caption_min() -> usize {
    5
}
fn d_deck_min() -> usize {
    4
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
    // (The bars also unspaced: CJK text sets "見出し｜紙名" without spaces.)
    [" – ", " - ", " — ", " | ", " :: ", " · ", "｜", "|"]
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
        if !(0.0..=1.0).contains(&v.min_ratio)
            || !(0.0..=1.0).contains(&v.min_hashtag_overlap)
            || !(0.0..=1.0).contains(&v.deck_overlap)
            || !(0.0..=1.0).contains(&v.caption_overlap)
        {
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
                deck_overlap: v.deck_overlap,
                deck_min_shared: v.deck_min_shared,
                caption_overlap: v.caption_overlap,
                caption_min_shared: v.caption_min_shared,
            },
        })
    }
}

/// Lowercase, letters and digits only, single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// [`normalize`] into a reused buffer (cleared first).
pub fn normalize_into(s: &str, out: &mut String) {
    out.clear();
    normalize_each(s, |c| {
        out.push(c);
        true
    });
}

/// The characters of [`normalize`]`(s)`, one by one, while `f` returns
/// true (a caller that needs only a prefix stops early).
pub fn normalize_each(s: &str, mut f: impl FnMut(char) -> bool) {
    let mut space = false;
    let mut any = false;
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII bytes (most of them) without decoding a char.
        if b.is_ascii() {
            i += 1;
            if b.is_ascii_alphanumeric() {
                if space && any && !f(' ') {
                    return;
                }
                space = false;
                any = true;
                if !f(char::from(b.to_ascii_lowercase())) {
                    return;
                }
            } else {
                space = true;
            }
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        if is_alnum(c) {
            if space && any && !f(' ') {
                return;
            }
            space = false;
            any = true;
            for l in c.to_lowercase() {
                if !f(l) {
                    return;
                }
            }
        } else {
            space = true;
        }
    }
}

/// The headline, prepared once per document.
struct Prepared<'h> {
    text: &'h str,
    /// `normalize(text)`.
    norm: String,
    /// Its length in characters.
    chars: usize,
    /// Its characters, sorted (for the bound in [`ratio_bound`]), made on
    /// first use: most documents never need them.
    sorted: std::cell::OnceCell<Vec<char>>,
    /// Its words (space-separated in `norm`).
    words: usize,
}

impl<'h> Prepared<'h> {
    fn new(text: &'h str) -> Self {
        let norm = normalize(text);
        let chars = norm.chars().count();
        let words = norm.split(' ').count();
        Prepared {
            text,
            norm,
            chars,
            sorted: std::cell::OnceCell::new(),
            words,
        }
    }

    /// The characters of `norm`, sorted.
    fn sorted(&self) -> &[char] {
        self.sorted.get_or_init(|| {
            let mut sorted: Vec<char> = self.norm.chars().collect();
            sorted.sort_unstable();
            sorted
        })
    }
}

/// An upper bound of `similar`'s character ratio of two texts: the ratio
/// as `similar` computes it (`2 * matches / (len_a + len_b)` in `f32`) with
/// the matches replaced by the size of the multiset intersection of their
/// characters, which no alignment can exceed.
fn ratio_bound(a_sorted: &[char], b: &str) -> f32 {
    let mut b_sorted: Vec<char> = b.chars().collect();
    b_sorted.sort_unstable();
    let common = common_sorted(a_sorted, &b_sorted);
    let len = a_sorted.len() + b_sorted.len();
    if len == 0 {
        1.0
    } else {
        2.0 * common as f32 / len as f32
    }
}

/// The size of the multiset intersection of two sorted slices (for sets:
/// their intersection), by one merge pass.
pub fn common_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// Cheap gate before the character diff: a line that nearly repeats the
/// headline (ratio >= 0.9) keeps at least half of its words intact.
/// `words`: the number of words of `h`.
fn shares_words(h: &str, words: usize, l: &str) -> bool {
    // (The line's words split once, not once per headline word.)
    let lw: Vec<&str> = l.split(' ').collect();
    let shared = h.split(' ').filter(|w| lw.contains(w)).count();
    2 * shared >= words
}

/// Is `normalize(s) == norm`? Compared as it is made: it stops at the
/// first difference and allocates nothing.
fn normalizes_to(s: &str, norm: &str) -> bool {
    let mut rest = norm.chars();
    let mut same = true;
    normalize_each(s, |c| {
        same = rest.next() == Some(c);
        same
    });
    same && rest.next().is_none()
}

/// Do the words of a (CamelCase) tag come from the headline: all of them
/// as they stand, or every word of five letters or more in another form
/// of a headline word ("#CityPorts" for "city port", "#Festivals" for
/// "festival"; an inflected language changes the endings)?
fn camel_echo(tag: &str, words: &[String]) -> bool {
    let parts = split_camel(tag);
    if parts.iter().all(|w| words.contains(w)) {
        return true;
    }
    let mut long = parts.iter().filter(|w| w.chars().count() >= 5).peekable();
    long.peek().is_some() && long.all(|w| words.iter().any(|h| same_stem(w, h)))
}

/// Two words of five letters or more that share their first five letters
/// and differ in at most their last three ("festival" / "festivals").
fn same_stem(a: &str, b: &str) -> bool {
    let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    let longer = a.chars().count().max(b.chars().count());
    common >= 5 && common + 3 >= longer
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

/// Has `b` at least `n` ASCII letters and digits? (Counted 64 bytes at a
/// time, which compiles to vector code, stopping once there are enough or
/// too few bytes are left.)
fn ascii_alnum_at_least(b: &[u8], n: usize) -> bool {
    let mut count = 0;
    let mut left = b.len();
    for chunk in b.chunks(64) {
        if count + left < n {
            return false;
        }
        count += chunk.iter().filter(|x| x.is_ascii_alphanumeric()).count();
        if count >= n {
            return true;
        }
        left -= chunk.len();
    }
    n == 0
}

/// Could a photo credit's separator (" — ", " – ", " | ", " - ") start at
/// byte 80 or before in `line`? Each one opens with a space and then `—` or
/// `–` (lead byte E2), `|` or `-`: a line without such a pair of bytes
/// there has none of them there (a cheap pre-test before four searches).
fn credit_separator_near_start(line: &str) -> bool {
    let b = line.as_bytes();
    let end = b.len().min(82);
    end >= 2 && memchr::memchr3_iter(0xE2, b'|', b'-', &b[1..end]).any(|k| b[k] == b' ')
}

/// Clause breaks after which a paragraph goes on past a headline set as
/// its lead-in ("Headline – the works cost…", "Headline. It is the…").
const LEAD_IN_BREAKS: [&str; 9] = [". ", " – ", " — ", " - ", ": ", " : ", "! ", "? ", " | "];

/// Does `line` open with the whole headline, as its own sentence or clause,
/// and go on with more text? Returns the end (in `line`, trimmed) of the
/// headline copy. Only a headline of four or more words and 20 letters
/// counts: a short one ("Weather", "Obituary") opens paragraphs by chance.
fn lead_in(h: &Prepared, line: &str) -> Option<usize> {
    let line = line.trim_start();
    if h.norm.len() < 20 || h.words < 4 || line.len() <= h.text.len() {
        return None;
    }
    // The headline's first word opens the line (cheap gate).
    let first = h.norm.split(' ').next()?;
    let mut lead = String::new();
    let want = first.chars().count();
    let mut got = 0;
    normalize_each(line, |c| {
        lead.push(c);
        got += 1;
        got < want
    });
    if !lead.starts_with(first) {
        return None;
    }
    let limit = h.text.len() + h.text.len() / 4 + 8;
    let cut = LEAD_IN_BREAKS
        .iter()
        .filter_map(|b| {
            let mut from = 0;
            while let Some(i) = line[from..].find(b) {
                let i = from + i;
                if i > limit {
                    break;
                }
                if normalizes_to(&line[..i], &h.norm) {
                    return Some(i);
                }
                from = i + b.len();
            }
            None
        })
        .min()?;
    // Something of substance follows: at least three words.
    (crate::document::word_count(&line[cut..]) >= 3).then(|| line[..cut].trim_end().len())
}

/// A tag line ("Tags: <headline, cut at its commas>, honey, farming"): the
/// text after a short label is a comma-separated list, and a run of its
/// items, together, is the whole headline (four words or more) with at
/// least one other item beside it. A headline of three words or fewer
/// ("Weather") is a tag by chance.
fn tag_line_echo(h: &Prepared, rest: &str) -> bool {
    if h.words < 4
        || h.norm.len() < 20
        || rest.contains('\n')
        || rest.trim_end().ends_with(['.', '!', '?'])
    {
        return false;
    }
    let items: Vec<&str> = rest
        .split([',', ';', '|', '，', '、'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if items.len() < 2 {
        return false;
    }
    let norms: Vec<String> = items.iter().map(|t| normalize(t)).collect();
    let mut run = String::new();
    for s in 0..items.len() {
        run.clear();
        for (e, n) in norms.iter().enumerate().skip(s) {
            if n.is_empty() {
                break;
            }
            if !run.is_empty() {
                run.push(' ');
            }
            run.push_str(n);
            if !h.norm.starts_with(run.as_str()) {
                break;
            }
            if run.len() == h.norm.len() {
                // Items beside the run, each a tag of a few words: a list
                // of tags, not the headline cut in two after a label.
                let others = items[..s].iter().chain(&items[e + 1..]);
                return e + 1 - s < items.len()
                    && others
                        .into_iter()
                        .all(|t| crate::document::word_count(t) <= 4);
            }
        }
    }
    false
}

impl HeadlineEcho {
    #[cfg(test)]
    fn is_echo(&self, headline: &str, line: &str) -> Option<&'static str> {
        self.is_echo_prepared(&Prepared::new(headline), line, &mut String::new())
    }

    /// Does `line` repeat the headline? `buf` is scratch space.
    fn is_echo_prepared(&self, h: &Prepared, line: &str, buf: &mut String) -> Option<&'static str> {
        // A line much longer than the headline cannot repeat it, even with
        // a site-name suffix of up to 5 words or at `min_ratio` similarity:
        // most body paragraphs stop here, before any allocation.
        if line.len() > 2 * h.text.len() + 120 || h.norm.is_empty() {
            return None;
        }
        // Every test below needs the normalized line to have at least 3/4 of
        // the headline's characters; normalizing yields at most 3 characters
        // per byte of input (a lowercase expansion and a space).
        if 3 * line.len() * 4 < h.chars * 3 {
            return None;
        }
        // Only a prefix of the normalized line is needed: `limit` characters
        // are more than the headline's and more than a near repeat's
        // (`1.35 * hl` below). A line cut there has as many characters as the
        // tests below can tell apart: longer than the headline (not equal to
        // it, not a prefix of it), too long for a near repeat, and it starts
        // with the headline exactly when the whole normalized line does.
        let hl = h.chars as f64;
        let limit = ((hl * 1.35) as usize + 1).max(h.chars + 1);
        buf.clear();
        // A line with `limit` ASCII letters and digits normalizes to
        // `limit` characters or more (each gives one): too many to be the
        // headline, a prefix of it or a near repeat (the tests on `l`
        // below). Of the normalized line only whether it starts with the
        // headline is then asked, which its first characters answer: they
        // are made only while they agree with the headline's (most body
        // lines differ at the first). `l` stays empty.
        let long = ascii_alnum_at_least(line.as_bytes(), limit);
        let starts = if long {
            let mut rest = h.norm.chars();
            let mut same = true;
            normalize_each(line, |c| match rest.next() {
                Some(x) => {
                    same = x == c;
                    same
                }
                None => false,
            });
            same
        } else {
            let mut n = 0;
            normalize_each(line, |c| {
                buf.push(c);
                n += 1;
                n < limit
            });
            let l = buf.as_str();
            if l.is_empty() {
                return None;
            }
            if h.norm == l {
                return Some("repeats the headline");
            }
            // `normalize(prefix)` is a prefix of `normalize(line)`, so a line
            // whose head normalizes to the headline starts with it.
            l.starts_with(h.norm.as_str())
        };
        let l = buf.as_str();
        for sep in self.p.suffix_separators.iter().filter(|_| starts) {
            if let Some(i) = line.rfind(sep.as_str()) {
                if normalizes_to(&line[..i], &h.norm)
                    && crate::document::word_count(&line[i..]) <= 5
                    && line[i..].chars().count() <= 60
                {
                    return Some("repeats the headline with a site-name suffix");
                }
            }
        }
        // A page's print or share header: short labels and the headline
        // between pipes ("Print | <headline> | Site News"), never the first
        // or last segment (a breadcrumb trail). Every other
        // segment is a label of five words or fewer; the headline has four
        // words or more, so it does not sit there by chance.
        if h.words >= 4 && h.norm.len() >= 20 && (line.contains('|') || line.contains('｜')) {
            let parts: Vec<&str> = line.split(['|', '｜']).map(str::trim).collect();
            if (3..=4).contains(&parts.len()) {
                // (between labels: a breadcrumb path ending on it is navigation)
                let at = parts[1..parts.len() - 1]
                    .iter()
                    .position(|p| normalizes_to(p, &h.norm))
                    .map(|k| k + 1);
                if let Some(k) = at {
                    let labels_ok = parts.iter().enumerate().all(|(j, p)| {
                        j == k
                            || !p.is_empty()
                                && crate::document::word_count(p) <= 5
                                && p.chars().count() <= 60
                                && !p.contains(['.', '!', '?'])
                    });
                    if labels_ok {
                        return Some("repeats the headline between page labels");
                    }
                }
            }
        }
        // The headline carries the site-name suffix and the line is the
        // headline without it ("Title | Site" above "# Title").
        if !long && h.norm.starts_with(l) {
            for sep in &self.p.suffix_separators {
                if let Some(i) = h.text.rfind(sep.as_str()) {
                    if normalizes_to(&h.text[..i], l)
                        && crate::document::word_count(&h.text[i..]) <= 5
                    {
                        return Some("repeats the headline without its site-name suffix");
                    }
                }
            }
        }
        // A short label and a colon before the headline ("Share this
        // story: “…”", "Chia sẻ bài viết: …"): a caption made of it.
        if let Some(i) = line.find(':').filter(|&i| i > 0 && i <= 40) {
            let label = &line[..i];
            if (1..=4).contains(&crate::document::word_count(label))
                && !label.contains(['.', '!', '?'])
            {
                if normalizes_to(&line[i + 1..], &h.norm) {
                    return Some("repeats the headline after a label");
                }
                if crate::document::word_count(label) <= 2 && tag_line_echo(h, &line[i + 1..]) {
                    return Some("repeats the headline in a tag line");
                }
            }
        }
        // A photo credit, a dash or a bar, then the headline ("Photo by J.
        // Doe — <headline>", "Foto: EFE | <headline>", "J. Doe/AP —
        // <headline>"), exactly or nearly: the headline set again as the
        // picture's caption, behind its credit. (A credit without a caption
        // word names its agency after a slash; a label and a bar before the
        // headline is a breadcrumb trail.)
        let credit_seps = if credit_separator_near_start(line) {
            &[" — ", " – ", " | ", " - "][..]
        } else {
            &[]
        };
        for &sep in credit_seps {
            if let Some(i) = line.find(sep).filter(|&i| i <= 80) {
                let credit = &line[..i];
                // (The credit first: a line with a dash early allocates
                // nothing unless a credit stands before it.)
                if !(1..=6).contains(&crate::document::word_count(credit))
                    || !(photo_credit(credit)
                        || sep != " | "
                            && credit.contains('/')
                            && !credit.contains(['.', '!', '?']))
                {
                    continue;
                }
                let tail = normalize(&line[i + sep.len()..]);
                let (hl, tl) = (h.chars as f64, tail.chars().count() as f64);
                if tail == h.norm
                    || h.norm.len() >= 20
                        && tl >= hl * 0.75
                        && tl <= hl * 1.35
                        && ratio_bound(h.sorted(), &tail) as f64 >= self.p.min_ratio
                        && similar::TextDiff::from_chars(h.norm.as_str(), tail.as_str()).ratio()
                            as f64
                            >= self.p.min_ratio
                {
                    return Some("repeats the headline after a photo credit");
                }
            }
        }
        let ll = l.chars().count() as f64;
        if !long
            && ll >= hl * 0.75
            && ll <= hl * 1.35
            && h.norm.len() >= 20
            && shares_words(&h.norm, h.words, l)
        {
            // `similar` finds at most as many matches as the bound counts;
            // the ratio is monotone in the matches, so a bound below the
            // threshold means the ratio is below it too.
            if (ratio_bound(h.sorted(), l) as f64) < self.p.min_ratio {
                return None;
            }
            let ratio = similar::TextDiff::from_chars(h.norm.as_str(), l).ratio() as f64;
            if ratio >= self.p.min_ratio {
                return Some("nearly repeats the headline");
            }
        }
        None
    }

    #[cfg(test)]
    fn is_hashtag_echo(&self, headline: &str, line: &str) -> bool {
        self.is_hashtag_echo_prepared(&Prepared::new(headline), line)
    }

    fn is_hashtag_echo_prepared(&self, h: &Prepared, line: &str) -> bool {
        // Every token must be a hashtag: cheap reject before tokenizing.
        if !line.trim_start().starts_with('#') {
            return false;
        }
        let tokens: Vec<&str> = line.split_whitespace().collect();
        if tokens.len() < self.p.min_hashtags
            || !tokens.iter().all(|t| t.starts_with('#') && t.len() > 1)
        {
            return false;
        }
        let words: Vec<String> = h.norm.split(' ').map(str::to_string).collect();
        let joined: String = words.concat();
        let from_headline = tokens
            .iter()
            .filter(|t| {
                let tag: String = t
                    .trim_start_matches('#')
                    .chars()
                    .filter(|c| is_alnum(*c))
                    .collect();
                let low = tag.to_lowercase();
                !low.is_empty()
                    && (words.contains(&low)
                        || (low.chars().count() >= 4 && joined.contains(&low))
                        || camel_echo(&tag, &words))
            })
            .count();
        from_headline >= self.p.min_hashtags
            && from_headline as f64 / tokens.len() as f64 >= self.p.min_hashtag_overlap
    }
}

impl Check for HeadlineEcho {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        let Some(h) = &doc.headline else {
            // A URL path line of one token first leaves the document without
            // a headline; the title heading under it is the headline its
            // slug may spell.
            let mut content = doc
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| b.kind != BlockKind::Html)
                .take(3)
                .skip_while(|(_, b)| {
                    let t = b.text().trim();
                    b.kind == BlockKind::Paragraph
                        && t.contains('/')
                        && !t.contains(char::is_whitespace)
                });
            if let Some((i, b)) = content
                .next()
                .filter(|(i, b)| *i > 0 && b.kind == BlockKind::Heading && b.level <= 2)
            {
                if let Some(span) = b.text.source_span() {
                    slug_lines(cx, i, span, b.text().trim(), &mut Vec::new(), out);
                }
            }
            return;
        };
        // A headline taken from a first paragraph (a page title, a banner)
        // may be followed by the article's own title heading: lines echo
        // either. An echo of the paragraph by that heading is reported on
        // the paragraph, the earlier and the extra copy.
        let title = doc
            .blocks
            .get(h.block)
            .filter(|b| b.kind == BlockKind::Paragraph)
            .and_then(|_| {
                doc.blocks
                    .iter()
                    .enumerate()
                    .skip(h.block + 1)
                    .filter(|(_, b)| b.kind != BlockKind::Html)
                    .take(3)
                    .find(|(_, b)| b.kind == BlockKind::Heading && b.level <= 2)
            })
            .and_then(|(i, b)| Some((i, b.text.source_span()?, b.text().trim())));
        let mut heads = vec![(h.block, h.span, h.text.as_str())];
        heads.extend(title);
        let mut seen: Vec<Span> = Vec::new();
        let prepared: Vec<Prepared> = heads.iter().map(|h| Prepared::new(h.2)).collect();
        for (k, &(hb, hspan, _)) in heads.iter().enumerate() {
            self.echoes_of(
                cx,
                hb,
                hspan,
                &prepared[k],
                title.filter(|_| k == 0),
                &mut seen,
                out,
            );
        }
        for &(hb, hspan, htext) in &heads {
            slug_lines(cx, hb, hspan, htext, &mut seen, out);
        }
        for (&(hb, hspan, _), p) in heads.iter().zip(&prepared) {
            self.html_headings(cx, hb, hspan, p, &mut seen, out);
        }
        if self.p.deck_overlap > 0.0 && title.is_none() {
            self.restated_deck(cx, h.block, h.span, &h.text, &seen, out);
        }
        if self.p.caption_overlap > 0.0 && title.is_none() {
            self.restated_caption(cx, h.block, h.span, &h.text, &seen, out);
        }
    }
}

/// Are two words the same, a Latin letter with a diacritic in `a` matching
/// any ASCII letter in `b` ("horário" / "horario": a URL drops accents)?
fn same_folded(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count()
        && a.chars()
            .zip(b.chars())
            .all(|(x, y)| x == y || matches!(x, '\u{C0}'..='\u{24F}') && y.is_ascii_alphabetic())
}

/// Does a URL path line ("news/local/harbour-dredging-to-start-in-spring",
/// "/sport/…-in-spring-48213.html") spell the headline as its last segment:
/// one token with a slash, whose hyphenated words are the headline's (four
/// or more; accents, apostrophes and a numeric id dropped), all of them, or
/// three quarters of them in the headline's order? A section path
/// ("news/local/politics") is a breadcrumb, not the headline.
fn slug_echo(headline: &str, line: &str) -> bool {
    let t = line.trim();
    if !t.contains('/') || t.contains(char::is_whitespace) || !t.contains(['-', '_']) {
        return false;
    }
    let seg = t.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let seg = seg.split(['?', '#']).next().unwrap_or(seg);
    let seg = [".html", ".htm", ".shtml", ".php", ".aspx"]
        .iter()
        .find_map(|x| seg.strip_suffix(x))
        .unwrap_or(seg);
    let mut words: Vec<String> = seg
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() > 4
        && words
            .last()
            .is_some_and(|w| w.len() >= 4 && w.bytes().all(|c| c.is_ascii_digit()))
    {
        words.pop();
    }
    if words.len() < 4 || words.iter().any(|w| !w.chars().all(char::is_alphanumeric)) {
        return false;
    }
    let norm = normalize(&headline.replace(['\'', '’'], ""));
    let hw: Vec<&str> = norm.split(' ').collect();
    if hw.len() < 4 {
        return false;
    }
    if same_folded(&hw.concat(), &words.concat()) {
        return true;
    }
    // Each slug word is the next headline word found, or two or three
    // consecutive ones run together: a URL drops a compound's hyphen
    // ("e-bike" → "ebike", "drop-in" → "dropin"). `used`: the headline words
    // the slug spells.
    let (mut k, mut used) = (0, 0);
    for w in &words {
        let found = (k..hw.len()).find_map(|p| {
            (1..=3)
                .filter(|n| p + n <= hw.len())
                .find(|&n| {
                    if n == 1 {
                        same_folded(hw[p], w)
                    } else {
                        same_folded(&hw[p..p + n].concat(), w)
                    }
                })
                .map(|n| (p, n))
        });
        match found {
            Some((p, n)) => {
                k = p + n;
                used += n;
            }
            None => return false,
        }
    }
    4 * used >= 3 * hw.len()
}

/// Report the URL slug lines anywhere in the article (before the headline
/// too: a scraper keeps the page's address above it) that spell the
/// headline `htext` of block `hb` (see [`slug_echo`]).
fn slug_lines(
    cx: &Cx,
    hb: usize,
    hspan: Span,
    htext: &str,
    seen: &mut Vec<Span>,
    out: &mut Vec<Hit>,
) {
    for (bi, b) in cx.blocks() {
        let text = b.text();
        // (A slug line is short and stands alone: a long paragraph is prose.)
        if bi == hb || b.kind == BlockKind::Html || text.len() > 400 || !text.contains('/') {
            continue;
        }
        let mut pos = 0;
        for l in text.split_inclusive('\n') {
            let line = l.trim_end_matches(['\n', '\r']);
            let lead = line.len() - line.trim_start().len();
            let (s, e) = (pos + lead, pos + line.trim_end().len());
            pos += l.len();
            if s >= e || !slug_echo(htext, line) {
                continue;
            }
            let span = b.src(s, e);
            if seen
                .iter()
                .any(|x| x.start < span.end && span.start < x.end)
            {
                continue;
            }
            seen.push(span);
            out.push(echo_hit(
                span,
                "repeats it as a URL slug",
                htext,
                "the headline as a URL slug",
                hspan,
            ));
        }
    }
}

/// The finding of an echo at `span`: `how` it echoes the headline (the
/// message's `{how}`), the headline shortened (`{headline}`), `label` under
/// the echo, and the headline's own span (or, where the echo is the
/// headline, the other's) as related information. One builder for every
/// path (subtitle, caption, slug, repeated lines), so their findings read
/// alike.
fn echo_hit(span: Span, how: &str, headline: &str, label: &str, related: Span) -> Hit {
    Hit::new(span)
        .var("how", how)
        .var("headline", short(headline, 60))
        .label(label)
        .related(related, "the headline")
}

/// The text of a raw HTML block that is one heading element — `<h1>`…`<h6>`,
/// the page's `<title>`, or an element whose class names a title
/// ("article-title", "headline") —
/// with its start and end in the block's text: one line, no markup inside,
/// nothing else in the block.
fn html_heading(t: &str) -> Option<(usize, usize)> {
    let lead = t.len() - t.trim_start().len();
    let body = t.trim();
    let rest = body.strip_prefix('<')?;
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .filter(|&n| n > 0)?;
    let name = rest[..name_len].to_ascii_lowercase();
    let open_end = body.find('>')?;
    let attrs = body[1 + name_len..open_end].to_ascii_lowercase();
    let heading = matches!(
        name.as_str(),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "title"
    );
    let titled = attrs.contains("class=")
        && (attrs.contains("title") || attrs.contains("headline"))
        && !attrs.contains("subtitle");
    if !heading && !titled {
        return None;
    }
    let close = format!("</{name}>");
    let inner_end = body.to_ascii_lowercase().rfind(&close)?;
    if inner_end + close.len() != body.len() || inner_end <= open_end {
        return None;
    }
    let inner = &body[open_end + 1..inner_end];
    let pad = inner.len() - inner.trim_start().len();
    (!inner.contains(['<', '\n']) && !inner.trim().is_empty()).then(|| {
        let s = lead + open_end + 1 + pad;
        (s, s + inner.trim().len())
    })
}

impl HeadlineEcho {
    /// Report the raw HTML heading elements anywhere in the article (a
    /// scraper keeps the page's own `<h1 class="article-title">` above the
    /// title too) whose text echoes the headline `htext` of block `hb`.
    fn html_headings(
        &self,
        cx: &Cx,
        hb: usize,
        hspan: Span,
        prepared: &Prepared,
        seen: &mut Vec<Span>,
        out: &mut Vec<Hit>,
    ) {
        if prepared.norm.is_empty() {
            return;
        }
        let mut buf = String::new();
        // (Raw HTML blocks are outside the rule's text scopes: taken here
        // by their shape, a lone heading element.)
        for (bi, b) in cx.doc.blocks.iter().enumerate() {
            if bi == hb || b.kind != BlockKind::Html || b.text().len() > 600 {
                continue;
            }
            let t = b.text();
            let Some((s, e)) = html_heading(t) else {
                continue;
            };
            let Some(why) = self.is_echo_prepared(prepared, &t[s..e], &mut buf) else {
                continue;
            };
            // (The whole element is reported: its tags go with it.)
            let lead = t.len() - t.trim_start().len();
            let span = b.src(lead, lead + t.trim().len());
            if seen
                .iter()
                .any(|x| x.start < span.end && span.start < x.end)
            {
                continue;
            }
            seen.push(span);
            out.push(echo_hit(span, why, prepared.text, why, hspan));
        }
    }
}

/// Function words of four letters or more, which restate nothing: English,
/// Spanish, Portuguese, French, Italian, German and Dutch (a deck in those
/// languages that adds news — a new subject, a new verb — shares only
/// these with its headline besides the topic).
const DECK_STOP: &[&str] = &[
    // English
    "that", "this", "with", "from", "into", "over", "after", "before", "about", "their", "they",
    "them", "will", "would", "could", "should", "have", "been", "were", "what", "when", "where",
    "which", "while", "than", "then", "there", "these", "those", "your", "more", "most", "some",
    "such", "only", "also", "just", "amid", "says", "said", "under", "against",
    // Spanish, Portuguese
    "para", "pero", "como", "desde", "entre", "sobre", "tras", "hasta", "contra", "según",
    "segundo", "cuando", "donde", "porque", "este", "esta", "estos", "estas", "ante", "sino",
    "también", "pelo", "pela", "pelos", "pelas", "numa", "quando", "onde", "também", "após",
    "esse", "essa", "isso", "seus", "suas", "dice", "dicen", "dizem", // French
    "pour", "dans", "avec", "sans", "sous", "vers", "chez", "après", "avant", "depuis", "selon",
    "mais", "donc", "leur", "leurs", "cette", "sont", "était", "plus", "dont", "quand",
    // Italian
    "della", "delle", "dello", "degli", "alla", "alle", "allo", "agli", "dalla", "dalle", "nella",
    "nelle", "nello", "negli", "sulla", "sulle", "come", "dopo", "prima", "anche", "secondo",
    "perché", "dove", "questo", "questa", "sono", // German
    "nach", "über", "unter", "gegen", "ohne", "durch", "seit", "wird", "werden", "sich", "eine",
    "einen", "einem", "einer", "eines", "dass", "oder", "aber", "auch", "nicht", "noch", "wenn",
    "beim", "sagt", // Dutch
    "voor", "naar", "door", "tegen", "zonder", "omdat", "maar", "niet", "wordt", "worden", "zijn",
    "haar", "deze", "onder",
];

/// Is `w` one of [`DECK_STOP`]? (A hashed set made once: the list is long
/// for a scan per word.)
fn is_deck_stop(w: &str) -> bool {
    type Set = std::collections::HashSet<&'static str, BuildHasherDefault<WordHasher>>;
    static SET: std::sync::LazyLock<Set> =
        std::sync::LazyLock::new(|| DECK_STOP.iter().copied().collect());
    SET.contains(w)
}

/// The content words of a text: normalized words of four characters or
/// more that are not function words.
fn content_words(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in normalize(s).split(' ') {
        if w.chars().count() >= 4 && !is_deck_stop(w) && !out.iter().any(|o| o == w) {
            out.push(w.to_string());
        }
    }
    out
}

/// A photo caption or credit line ("*Crews at the pier. Photo: J. Doe*"),
/// which names the headline's subjects without restating it.
fn is_caption(t: &str) -> bool {
    static MARKS: Marks<14> = Marks::new([
        "photo", "foto", "picture", "image", "credit", "getty", "reuters", "afp", "©", "(ap)",
        "bild", "imagen", "immagine", "imagem",
    ]);
    t.trim_end_matches(['*', '_']).ends_with(')') || MARKS.in_lowercased(t)
}

/// A picture's credit before a caption: a caption word ("Photo by …",
/// "Foto: EFE", "©"), not a wire dateline ("LONDON (Reuters)", "PORTLAND,
/// Maine (AP)"), which opens a lede, not a caption.
fn photo_credit(t: &str) -> bool {
    static MARKS: Marks<11> = Marks::new([
        "photo", "foto", "picture", "image", "credit", "getty", "©", "bild", "imagen", "immagine",
        "imagem",
    ]);
    MARKS.in_lowercased(t)
}

/// Marks (lowercase ASCII, or "©") looked for in a lowercased text, with
/// the marks each byte may start (bit `i`: `marks[i]`).
struct Marks<const N: usize> {
    marks: [&'static str; N],
    first: [u16; 256],
}

impl<const N: usize> Marks<N> {
    const fn new(marks: [&'static str; N]) -> Self {
        assert!(N <= 16);
        let mut first = [0u16; 256];
        let mut i = 0;
        while i < N {
            let b = marks[i].as_bytes()[0];
            first[b as usize] |= 1 << i;
            first[b.to_ascii_uppercase() as usize] |= 1 << i;
            i += 1;
        }
        Marks { marks, first }
    }

    /// `t.to_lowercase().contains(m)` for some mark `m`, without the copy:
    /// an ASCII-case-insensitive search of `t`. The same answer: the
    /// lowercase of an ASCII letter is its ASCII lowercase, and the only
    /// other characters whose lowercase holds an ASCII byte are `İ` ("i"
    /// and a combining dot: no mark ends in "i") and the Kelvin sign ("k":
    /// in no mark); "©" is its own lowercase and no other's (see the test
    /// `marks_search_as_lowercased`).
    fn in_lowercased(&self, t: &str) -> bool {
        let b = t.as_bytes();
        (0..b.len()).any(|i| {
            let mut bits = self.first[b[i] as usize];
            while bits != 0 {
                let m = self.marks[bits.trailing_zeros() as usize].as_bytes();
                if b[i..]
                    .get(..m.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(m))
                {
                    return true;
                }
                bits &= bits - 1;
            }
            false
        })
    }
}

/// The same word, or another form of it ("permit" / "permits").
fn same_word(a: &str, b: &str) -> bool {
    a == b || same_stem(a, b)
}

/// Does `deck` restate `headline`: at least `min_shared` headline words
/// found in it, and at least `ratio` of each one's content words found in
/// the other? A deck that opens with two content words the headline lacks
/// (a new subject and its verb: "Unions criticise the reform …", "Hoteliers
/// condemn the tax on hotels …") adds news.
pub fn restates(headline: &str, deck: &str, ratio: f64, min_shared: usize) -> bool {
    let (h, d) = (content_words(headline), content_words(deck));
    if h.is_empty() || d.is_empty() {
        return false;
    }
    // (Here only a close form counts as the headline's word: "hotels" is,
    // "hoteliers" — a new subject — is not.)
    let close = |a: &str, b: &str| {
        let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        a == b || common >= 4 && a.chars().count().max(b.chars().count()) <= common + 2
    };
    if d.len() >= 2 && d[..2].iter().all(|w| !h.iter().any(|x| close(w, x))) {
        return false;
    }
    let in_d = h
        .iter()
        .filter(|w| d.iter().any(|x| same_word(w, x)))
        .count();
    let in_h = d
        .iter()
        .filter(|w| h.iter().any(|x| same_word(w, x)))
        .count();
    in_d >= min_shared
        && in_d as f64 >= ratio * h.len() as f64
        && in_h as f64 >= ratio * d.len() as f64
}

impl HeadlineEcho {
    /// The subtitle right after the headline — a heading or an emphasis-only
    /// line (not a photo caption), of one line, four to thirty words, not a question — that says
    /// the headline again in other words adds nothing: a second title.
    fn restated_deck(
        &self,
        cx: &Cx,
        hb: usize,
        hspan: Span,
        htext: &str,
        seen: &[Span],
        out: &mut Vec<Hit>,
    ) {
        let doc = cx.doc;
        let Some((bi, b)) = doc
            .blocks
            .iter()
            .enumerate()
            .skip(hb + 1)
            .find(|(_, b)| b.kind != BlockKind::Html)
        else {
            return;
        };
        let t = b.text().trim();
        // (A plain line is not taken: a caption, a breadcrumb trail or a
        // lead-in names the headline's subjects too.)
        if !b.is_heading_like()
            || (b.kind == BlockKind::Heading && b.level < 2)
            || is_caption(t)
            || t.contains('\n')
            || t.ends_with('?')
            || !(4..=30).contains(&crate::document::word_count_upto(t, 31))
            || !super::in_scope(cx.scope, doc, bi, b)
        {
            return;
        }
        let span = b.span;
        if seen
            .iter()
            .any(|s| s.start < span.end && span.start < s.end)
            || !restates(htext, t, self.p.deck_overlap, self.p.deck_min_shared)
        {
            return;
        }
        out.push(echo_hit(
            span,
            "restates it as a subtitle",
            htext,
            "restates the headline",
            hspan,
        ));
    }
}

/// The text of a `<figcaption>` in a raw HTML block, with its start and end
/// in the block's text: one line, no markup inside.
fn figcaption(t: &str) -> Option<(usize, usize)> {
    let open = t.find("<figcaption")?;
    let start = open + t[open..].find('>')? + 1;
    let end = start + t[start..].find("</figcaption>")?;
    let inner = &t[start..end];
    let lead = inner.len() - inner.trim_start().len();
    (!inner.contains(['<', '\n']) && !inner.trim().is_empty())
        .then(|| (start + lead, start + inner.trim_end().len()))
}

/// A caption without its credit: a closing bracket ("… (Supplied)",
/// "… (AP Photo/J. Doe)") and a last short sentence with a label ("…
/// Photo: RNZ", "… | Foto: EFE").
fn without_credit(t: &str) -> &str {
    let mut t = t.trim().trim_matches(['*', '_']).trim_end();
    if t.ends_with(')') {
        if let Some(i) = t.rfind('(') {
            t = t[..i].trim_end();
        }
    }
    // (The label's sentence may hold a full stop of its own: "Photo: J. Doe".)
    let cut = [". ", " | ", " / ", " – ", " — "]
        .iter()
        .flat_map(|sep| t.match_indices(sep).map(move |(i, _)| (i, i + sep.len())))
        .filter(|&(_, from)| {
            let tail = &t[from..];
            tail.contains(':') && crate::document::word_count_upto(tail, 7) <= 6
        })
        .map(|(i, _)| i)
        .max();
    if let Some(i) = cut {
        t = t[..i].trim_end();
    }
    t.trim_end_matches(['.', ',', ';', ' '])
}

/// Does a caption restate the headline: it opens with the headline's first
/// content word (the same subject), at least `min_shared` headline words
/// and `ratio` of the content words of each are found in the other, and
/// nearly all the shared words come in the headline's order? A caption that
/// describes the picture ("Firefighters at the warehouse destroyed by
/// fire") leads with what it shows and reorders the headline's words.
pub fn caption_restates(headline: &str, caption: &str, ratio: f64, min_shared: usize) -> bool {
    let (h, c) = (content_words(headline), content_words(caption));
    if h.len() < min_shared || h.is_empty() || c.is_empty() || !same_word(&c[0], &h[0]) {
        return false;
    }
    // The position in the caption of each headline word found there.
    let pos: Vec<usize> = h
        .iter()
        .filter_map(|w| c.iter().position(|x| same_word(w, x)))
        .collect();
    let in_c = pos.len();
    let in_h = c
        .iter()
        .filter(|w| h.iter().any(|x| same_word(w, x)))
        .count();
    if in_c < min_shared
        || (in_c as f64) < ratio * h.len() as f64
        || (in_h as f64) < ratio * c.len() as f64
    {
        return false;
    }
    // The longest run of them in order (a longest increasing subsequence;
    // headlines are short, so quadratic is fine).
    let mut best = vec![1usize; pos.len()];
    for i in 0..pos.len() {
        for j in 0..i {
            if pos[j] < pos[i] {
                best[i] = best[i].max(best[j] + 1);
            }
        }
    }
    let ordered = best.iter().copied().max().unwrap_or(0);
    5 * ordered >= 4 * in_c
}

impl HeadlineEcho {
    /// The lead image's caption — a `<figcaption>` in a raw HTML block, or a
    /// caption line (see [`is_caption`]) — among the first blocks after the
    /// headline, before the story starts, that restates the headline (see
    /// [`caption_restates`]): the headline again under the picture.
    fn restated_caption(
        &self,
        cx: &Cx,
        hb: usize,
        hspan: Span,
        htext: &str,
        seen: &[Span],
        out: &mut Vec<Hit>,
    ) {
        let doc = cx.doc;
        for (bi, b) in doc.blocks.iter().enumerate().skip(hb + 1).take(4) {
            let t = b.text();
            let found = if b.kind == BlockKind::Html {
                figcaption(t)
            } else {
                let line = t.trim();
                let lead = t.len() - t.trim_start().len();
                // (The caption marks are looked for last: most paragraphs
                // here are the story's, too long to be a caption.)
                (matches!(b.kind, BlockKind::Paragraph)
                    && !line.contains('\n')
                    && (4..=40).contains(&crate::document::word_count_upto(line, 41))
                    && is_caption(line))
                .then_some((lead, lead + line.len()))
            }
            .filter(|_| super::in_scope(cx.scope, doc, bi, b));
            let Some((s, e)) = found else {
                // The story has started: no lead caption.
                if b.kind != BlockKind::Html && crate::document::word_count_upto(t, 16) > 15 {
                    return;
                }
                continue;
            };
            let span = b.src(s, e);
            if !seen
                .iter()
                .any(|x| x.start < span.end && span.start < x.end)
                && caption_restates(
                    htext,
                    without_credit(&t[s..e]),
                    self.p.caption_overlap,
                    self.p.caption_min_shared,
                )
            {
                out.push(echo_hit(
                    span,
                    "restates it as a photo caption",
                    htext,
                    "restates the headline",
                    hspan,
                ));
            }
            // Only the lead caption.
            return;
        }
    }
}

impl HeadlineEcho {
    /// Report the body lines after block `hb` that echo the headline
    /// `htext`. `title`: the title heading after a paragraph headline
    /// (an echo there is reported on the headline).
    #[allow(clippy::too_many_arguments)]
    fn echoes_of(
        &self,
        cx: &Cx,
        hb: usize,
        hspan: Span,
        prepared: &Prepared,
        title: Option<(usize, Span, &str)>,
        seen: &mut Vec<Span>,
        out: &mut Vec<Hit>,
    ) {
        // An empty normalized headline echoes nothing (neither test can hold).
        if prepared.norm.is_empty() {
            return;
        }
        let mut buf = String::new();
        // Each block's lines and their offsets (one buffer for all blocks).
        let mut lines: Vec<(usize, &str)> = Vec::new();
        for (bi, b) in cx.blocks() {
            if bi <= hb {
                continue;
            }
            let text = b.text();
            if b.kind == BlockKind::Html {
                // A photo's caption anywhere in the article that is the
                // headline again (its credit set aside): the headline
                // pasted under a picture.
                let Some((s, e)) = figcaption(text) else {
                    continue;
                };
                let caption = without_credit(&text[s..e]);
                let Some(why) = self.is_echo_prepared(prepared, caption, &mut buf) else {
                    continue;
                };
                let why = if why == "repeats the headline" {
                    "repeats the headline as a photo caption"
                } else {
                    why
                };
                let span = b.src(s, e);
                if !seen.contains(&span) {
                    seen.push(span);
                    out.push(echo_hit(span, why, prepared.text, why, hspan));
                }
                continue;
            }
            lines.clear();
            let mut pos = 0;
            for l in text.split_inclusive('\n') {
                lines.push((pos, l.trim_end_matches(['\n', '\r'])));
                pos += l.len();
            }
            for (li, (pos, line)) in lines.iter().enumerate() {
                let lead = line.len() - line.trim_start().len();
                let (s, mut e) = (pos + lead, pos + line.trim_end().len());
                if s >= e {
                    continue;
                }
                let why = if self.p.hashtags && self.is_hashtag_echo_prepared(prepared, line) {
                    Some("echoes the headline as hashtags")
                } else if let Some(why) = self.is_echo_prepared(prepared, line, &mut buf) {
                    Some(why)
                } else if let Some(end) = lead_in(prepared, line) {
                    // (After the whole-line tests: "Headline – Site Name" is
                    // the headline with a suffix, not a lead-in.)
                    e = s + end;
                    Some("opens a paragraph with the headline")
                } else if line.len() > prepared.text.len()
                    && line.len() <= 2 * prepared.text.len() + 120
                    && (line.trim_end_matches(['*', '_', ' ']).ends_with(')') || line.contains(':'))
                    && is_caption(line)
                {
                    // A caption line (an HTML <figcaption>, an italic line)
                    // that is the headline and its credit.
                    let c = without_credit(line);
                    (c.len() < line.trim().len()
                        && self.is_echo_prepared(prepared, c, &mut buf).is_some())
                    .then_some("repeats the headline as a photo caption")
                } else {
                    None
                };
                let Some(why) = why else { continue };
                // Take in trailing lines that hold only punctuation (a dangling dash).
                for (p2, l2) in lines.iter().skip(li + 1) {
                    if normalizes_to(l2, "") && !l2.trim().is_empty() {
                        e = p2 + l2.trim_end().len();
                    } else {
                        break;
                    }
                }
                let (span, other) = match title {
                    Some((ti, tspan, _)) if ti == bi => (hspan, tspan),
                    _ => (b.src(s, e), hspan),
                };
                if seen.contains(&span) {
                    continue;
                }
                seen.push(span);
                out.push(echo_hit(span, why, prepared.text, why, other));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<String> {
        let mut e = crate::engine::Engine::new(crate::rule::load::builtin().expect("pack"));
        e.retain(|r| &*r.id == "duplicate-title/headline-echo");
        e.check_text(text, crate::document::InputFormat::Markdown)
            .iter()
            .map(|f| text[f.span.range()].to_string())
            .collect()
    }

    /// A photo credit, a dash and the headline is the headline again; a
    /// credit before a caption of its own, or a label that is no credit, is
    /// not.
    #[test]
    fn headline_behind_a_photo_credit() {
        let h =
            "# Ferry to add weekend services as numbers double\n\nThe ferry will run on Saturdays.";
        assert_eq!(
            findings(&format!(
                "{h}\n\n*Photo by Ana Ruiz — Ferry to add weekend services as numbers double*"
            )),
            vec!["Photo by Ana Ruiz — Ferry to add weekend services as numbers double"]
        );
        assert!(findings(&format!(
            "{h}\n\n*Photo by Ana Ruiz — the ferry leaves the quay at dawn on Saturday*"
        ))
        .is_empty());
        assert!(findings(&format!(
            "{h}\n\nOn Monday — Ferry to add weekend services as numbers double, it said."
        ))
        .is_empty());
        // an agency credit without a caption word; the headline nearly repeated
        assert_eq!(
            findings(&format!(
                "{h}\n\n*Ana Ruiz/AP — Ferry to add weekend services as numbers double*"
            ))
            .len(),
            1
        );
        assert_eq!(
            findings(&format!(
                "{h}\n\n*Photo by Ana Ruiz — The ferry to add weekend services as numbers double*"
            ))
            .len(),
            1
        );
    }

    /// A lone raw HTML heading element repeating the headline, before or
    /// after it; a section heading, or a heading with more inside, is none.
    #[test]
    fn headline_in_a_raw_html_heading() {
        let h =
            "# Ferry to add weekend services as numbers double\n\nThe ferry will run on Saturdays.";
        let before = format!(
            "<h1 class=\"post-title\">Ferry to add weekend services as numbers double</h1>\n\n{h}"
        );
        assert_eq!(
            findings(&before),
            vec!["<h1 class=\"post-title\">Ferry to add weekend services as numbers double</h1>"]
        );
        assert!(findings(&format!(
            "{h}\n\n<h2 class=\"section-title\">Transport</h2>"
        ))
        .is_empty());
        assert_eq!(
            html_heading("<h2 class=\"article-title\">A B</h2>"),
            Some((26, 29))
        );
        assert_eq!(html_heading("<title>A B | Site</title>"), Some((7, 17)));
        assert_eq!(html_heading("<div class=\"x\">A B</div>"), None);
        assert_eq!(html_heading("<h2>A <em>B</em></h2>"), None);
        assert_eq!(html_heading("<h2>A B</h2><p>C</p>"), None);
    }

    /// A URL path whose last segment spells the headline (all its words, or
    /// three quarters of them in order; accents, apostrophes and an id
    /// dropped) repeats it; a section path or another story's slug does not.
    #[test]
    fn headline_as_a_url_slug() {
        let h = "Harbour crane collapses in overnight storm";
        assert!(slug_echo(
            h,
            "news/local/harbour-crane-collapses-in-overnight-storm"
        ));
        assert!(slug_echo(
            h,
            "/ports/harbour-crane-collapses-overnight-storm-48213.html"
        ));
        assert!(slug_echo(
            "Câmara aprova orçamento da saúde",
            "/politica/camara-aprova-orcamento-da-saude"
        ));
        assert!(slug_echo(
            "Norfolk's ferry fares frozen again",
            "local/norfolks-ferry-fares-frozen-again"
        ));
        // a compound's hyphen dropped in the slug
        assert!(slug_echo(
            "Library opens drop-in centre for e-bike repairs in May",
            "news/city/library-opens-dropin-centre-for-ebike-repairs-in-may"
        ));
        assert!(!slug_echo(h, "news/local/ports"));
        assert!(!slug_echo(
            h,
            "local/ferry-timetable-changes-for-the-winter"
        ));
        assert!(!slug_echo(h, "harbour-crane-collapses-in-overnight-storm"));
        assert!(!slug_echo(
            h,
            "See news/local/harbour-crane-collapses-in-overnight-storm"
        ));
        // (a CJK headline matches no ASCII slug by its character count)
        assert!(!slug_echo(
            "港の大型クレーンが倒壊",
            "news/abcde-fghij-klm-nop"
        ));
        // the slug line above the title heading, where no headline was found
        let doc = "local/harbour-crane-collapses-in-overnight-storm\n\n# Harbour crane collapses in overnight storm\n\nNo one was hurt.";
        assert_eq!(
            findings(doc),
            vec!["local/harbour-crane-collapses-in-overnight-storm"]
        );
    }

    /// A photo caption anywhere in the article that is the headline again,
    /// its credit aside; the headline before an unspaced CJK bar.
    #[test]
    fn caption_and_cjk_bar_echoes() {
        let doc = "# Ferry fares frozen until 2027 on island routes\n\nThe council voted on Monday.\n\n\
                   The freeze will cost about £2m a year, officials said, and will be reviewed when the new boats arrive.\n\n\
                   <figure><img src=\"/f.jpg\" alt=\"\"><figcaption>Ferry fares frozen until 2027 on island routes. Photo: Archive</figcaption></figure>\n\nMore text.";
        assert_eq!(
            findings(doc),
            vec!["Ferry fares frozen until 2027 on island routes. Photo: Archive"]
        );
        let italic = doc.replace(
            "<figure><img src=\"/f.jpg\" alt=\"\"><figcaption>Ferry fares frozen until 2027 on island routes. Photo: Archive</figcaption></figure>",
            "*Ferry fares frozen until 2027 on island routes (Photo: Archive)*",
        );
        assert_eq!(
            findings(&italic),
            vec!["Ferry fares frozen until 2027 on island routes (Photo: Archive)"]
        );
        let k = k();
        assert!(k
            .is_echo(
                "港の大型クレーンが倒壊　けが人なし",
                "港の大型クレーンが倒壊　けが人なし｜湾岸新報"
            )
            .is_some());
        assert!(k
            .is_echo("港の大型クレーンが倒壊　けが人なし", "｜文・写真　湾岸新報")
            .is_none());
    }

    fn k() -> HeadlineEcho {
        HeadlineEcho {
            p: Params {
                min_ratio: 0.9,
                hashtags: true,
                min_hashtags: 2,
                min_hashtag_overlap: 0.6,
                suffix_separators: d_seps(),
                deck_overlap: 0.0,
                deck_min_shared: 4,
                caption_overlap: 0.0,
                caption_min_shared: 5,
            },
        }
    }

    /// A lead caption restating the headline opens with its subject and
    /// keeps its order; one describing the picture does neither.
    #[test]
    fn restated_captions() {
        let h = "Harbour board approves dredging plan for the western channel";
        assert!(caption_restates(
            h,
            "Harbour board approved the dredging plan for the western channel on Monday",
            0.7,
            5
        ));
        // leads with what the picture shows
        assert!(!caption_restates(
            h,
            "Dredgers in the western channel, where the harbour board approved its plan",
            0.7,
            5
        ));
        // the same subject, the words reordered
        assert!(!caption_restates(
            h,
            "Harbour: the western channel, whose dredging plan the board approves",
            0.7,
            5
        ));
        assert_eq!(
            without_credit("*Crews at the pier on Sunday. Photo: J. Doe*"),
            "Crews at the pier on Sunday"
        );
        assert_eq!(
            without_credit("Crews at the pier (Supplied)"),
            "Crews at the pier"
        );
        let t = "<figure><img src=\"a.jpg\">\n<figcaption>Crews at the pier</figcaption></figure>";
        let (s, e) = figcaption(t).unwrap();
        assert_eq!(&t[s..e], "Crews at the pier");
        assert!(figcaption("<figure><img src=\"a.jpg\"></figure>").is_none());
    }

    /// A subtitle restating the headline shares most content words both
    /// ways (other forms of a word count); one that adds the news does not.
    #[test]
    fn restated_decks() {
        let h = "Harbour board approves dredging plan for the western channel";
        assert!(restates(
            h,
            "Western channel dredging plan approved by harbour board",
            0.6,
            4
        ));
        assert!(!restates(
            h,
            "Work on the western channel starts in March and will close the marina for six weeks",
            0.6,
            4
        ));
        // too few words restated
        assert!(!restates(
            "Ferry fares rise",
            "Fares for the ferry rise",
            0.6,
            4
        ));
        assert!(!restates(h, "", 0.6, 4));
        // a deck with a new subject and verb adds news, in any language:
        // the other language's function words are not content
        assert!(!restates(
            "Regional council approves new tram fares for students",
            "Unions reject the new tram fares for students that the regional council approved",
            0.6,
            4
        ));
        assert!(!restates(
            "El ayuntamiento aprueba el nuevo horario de las bibliotecas para los estudiantes",
            "Los bibliotecarios rechazan el horario de las bibliotecas que el ayuntamiento aprobó para los estudiantes",
            0.6,
            4
        ));
        assert!(!restates(
            "La mairie adopte le budget des cantines scolaires",
            "Les parents dénoncent le budget des cantines scolaires que la mairie adopte sans eux",
            0.6,
            4
        ));
        // a new subject that shares a stem with a headline word
        assert!(!restates(
            "Council approves tourist tax for hotels in the old town",
            "Hoteliers condemn the tourist tax the council approved for hotels in the old town",
            0.6,
            4
        ));
        // (the Spanish deck without its new subject restates)
        assert!(restates(
            "El ayuntamiento aprueba el nuevo horario de las bibliotecas para los estudiantes",
            "Nuevo horario de las bibliotecas para estudiantes, aprobado por el ayuntamiento",
            0.6,
            4
        ));
    }

    #[test]
    fn headline_cut_into_a_tag_line() {
        let h = "\u{2018}We ran out of sandbags by noon\u{2019}: a lock keeper on the flood";
        assert_eq!(
            k().is_echo(
                h,
                "Tags: We ran out of sandbags by noon, a lock keeper on the flood, rivers, weather"
            ),
            Some("repeats the headline in a tag line")
        );
        // Tags that share some of its words, or a headline too short to tell.
        assert_eq!(
            k().is_echo(h, "Tags: sandbags, lock keeper, flood, rivers, weather"),
            None
        );
        assert_eq!(
            k().is_echo("Flood update", "Tags: flood update, rivers, weather"),
            None
        );
        // The headline quoted in a sentence after a speaker.
        assert_eq!(
            k().is_echo(
                "Ferry fares frozen until 2027",
                "Mayor said: ferry fares frozen until 2027, and bus fares next."
            ),
            None
        );
    }

    #[test]
    fn headline_between_page_labels() {
        assert_eq!(
            k().is_echo(
                "Harbour fees to double in April",
                "Print | Harbour fees to double in April | Coast Daily News"
            ),
            Some("repeats the headline between page labels")
        );
        // a long segment beside it is a sentence, not a label
        assert_eq!(
            k().is_echo(
                "Harbour fees to double in April",
                "Print | Harbour fees to double in April | The port authority confirmed the plan on Monday after talks"
            ),
            None
        );
        // a breadcrumb trail ending on the headline is navigation
        assert_eq!(
            k().is_echo(
                "Harbour fees to double in April",
                "Home | Local | Harbour fees to double in April"
            ),
            None
        );
    }

    #[test]
    fn headline_with_suffix_echoed_without_it() {
        let h = "Harbour dredging to start in spring | Coastal Courier";
        assert_eq!(
            k().is_echo(h, "Harbour dredging to start in spring"),
            Some("repeats the headline without its site-name suffix")
        );
        // A prefix of the headline's words is not its title.
        assert_eq!(k().is_echo(h, "Harbour dredging"), None);
        assert_eq!(
            k().is_echo("Regional news | Coastal Courier", "Regional"),
            None
        );
    }

    #[test]
    fn ascii_alnum_count_is_the_plain_one() {
        let texts = [
            String::new(),
            "a".into(),
            "é, ü — 42!".into(),
            "x".repeat(63),
            "x".repeat(64),
            "x, ".repeat(70),
            "Zoë's 3 cats — 'and' ".repeat(9),
        ];
        for t in &texts {
            let plain = t.bytes().filter(u8::is_ascii_alphanumeric).count();
            for n in 0..plain + 3 {
                assert_eq!(
                    ascii_alnum_at_least(t.as_bytes(), n),
                    plain >= n,
                    "{t:?} {n}"
                );
            }
        }
    }

    /// Lines long enough to skip making the normalized line are judged as
    /// before: the headline with a suffix, a header between pipes, a
    /// label, a credit, and a body line that is none of these.
    #[test]
    fn long_lines_judged_by_their_start() {
        let h = "Harbour dredging to resume in spring";
        let cases = [
            (
                "Harbour dredging to resume in spring | Coastal Courier News",
                Some("repeats the headline with a site-name suffix"),
            ),
            (
                "Print | Harbour dredging to resume in spring | Coastal Courier",
                Some("repeats the headline between page labels"),
            ),
            (
                "Photo: J. Doe/AP — Harbour dredging to resume in spring",
                Some("repeats the headline after a photo credit"),
            ),
            (
                "Harbour dredging to resume in spring, the port authority said on Monday after months of delay.",
                None,
            ),
            (
                "The port authority said on Monday that harbour dredging will resume in spring after delays.",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(k().is_echo(h, line), want, "{line}");
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
        // other forms of the headline's words (an inflected language)
        let h = "Ribari iz Zadra traže nove kvote za srdele";
        assert!(k().is_hashtag_echo(h, "#Zadar #Ribari #Kvote #Srdela"));
        assert!(k().is_hashtag_echo(h, "#NoveKvote #Ribari"));
        assert!(!k().is_hashtag_echo(h, "#Dalmacija #Ribarstvo #More"));
    }

    /// The normalization before the ASCII fast path, as the reference.
    fn normalize_reference(s: &str) -> String {
        let mut out = String::new();
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

    /// Lines to compare with headlines: the fixtures' lines.
    fn corpus_lines() -> Vec<String> {
        let texts = crate::testdata::fixture_texts();
        texts
            .iter()
            .flat_map(|t| t.lines().filter(|l| !l.trim().is_empty()).map(String::from))
            .collect()
    }

    #[test]
    fn fast_normalize_is_the_reference() {
        for s in [
            "İstanbul ÄÖÜ ß — Ǆemal, x1 ﬁnal; ΣΑΣ",
            "  Hello,   World!! 42 ",
            "",
            "---",
        ] {
            assert_eq!(normalize(s), normalize_reference(s), "{s:?}");
        }
        for l in corpus_lines() {
            assert_eq!(normalize(&l), normalize_reference(&l));
        }
    }

    /// The bound never undercuts `similar`'s ratio, so skipping the diff
    /// when it is below the threshold loses nothing.
    #[test]
    fn ratio_bound_is_an_upper_bound() {
        let lines: Vec<String> = corpus_lines()
            .iter()
            .map(|l| normalize(l))
            .filter(|l| (20..200).contains(&l.len()))
            .collect();
        let mut tried = 0;
        for (i, a) in lines.iter().enumerate().step_by(7) {
            let mut sorted: Vec<char> = a.chars().collect();
            sorted.sort_unstable();
            for b in lines.iter().skip(i).step_by(13).take(40) {
                let exact = similar::TextDiff::from_chars(a.as_str(), b.as_str()).ratio();
                assert!(ratio_bound(&sorted, b) >= exact, "{a:?} / {b:?}");
                tried += 1;
            }
        }
        assert!(tried > 1000, "{tried}");
        // Near repeats keep a bound above the threshold.
        let h = normalize("Historical convergence. Xi Jinping in Russia");
        let mut sorted: Vec<char> = h.chars().collect();
        sorted.sort_unstable();
        assert!(
            ratio_bound(
                &sorted,
                &normalize("Historical convergence: Xi Jinping in Rusia")
            ) > 0.9
        );
    }

    #[test]
    fn normalizes_to_is_normalize_then_compare() {
        let lines = corpus_lines();
        let mut tried = 0;
        for (i, l) in lines.iter().enumerate().step_by(5) {
            let n = normalize(l);
            let half: String = n.chars().take(n.chars().count() / 2).collect();
            let longer = format!("{n} x");
            let next = normalize(&lines[(i + 1) % lines.len()]);
            for other in [n.as_str(), &half, "", &longer, &next] {
                assert_eq!(normalizes_to(l, other), n == other, "{l:?} / {other:?}");
                tried += 1;
            }
        }
        assert!(tried > 1000, "{tried}");
        assert!(normalizes_to("-- ! --", ""));
        assert!(!normalizes_to("a", ""));
    }

    /// The characters whose lowercase holds an ASCII byte or "©", besides
    /// ASCII and "©" themselves: the premise of `Marks::in_lowercased`.
    #[test]
    fn marks_search_as_lowercased() {
        let odd: Vec<char> = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && *c != '©')
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii() || l == '©'))
            .collect();
        assert_eq!(odd, vec!['\u{130}', '\u{212A}']);
        for t in [
            "Crews at the pier. PHOTO: J. Doe",
            "İmage of the day",
            "Foto\u{212A}: EFE",
            "© Getty",
            "LONDON (AP) —",
            "Ωmega (Reuters)",
            "plain words",
            "",
            "imagem",
            "immagin",
        ] {
            assert_eq!(
                is_caption(t),
                [
                    "photo", "foto", "picture", "image", "credit", "getty", "reuters", "afp", "©",
                    "(ap)", "bild", "imagen", "immagine", "imagem",
                ]
                .iter()
                .any(|m| t.to_lowercase().contains(m))
                    || t.trim_end_matches(['*', '_']).ends_with(')'),
                "{t:?}"
            );
        }
        for l in corpus_lines() {
            let low = l.to_lowercase();
            assert_eq!(
                photo_credit(&l),
                [
                    "photo", "foto", "picture", "image", "credit", "getty", "©", "bild", "imagen",
                    "immagine", "imagem",
                ]
                .iter()
                .any(|m| low.contains(m)),
                "{l:?}"
            );
        }
    }

    #[test]
    fn headline_as_a_lead_in() {
        let h = Prepared::new("Nuevo hospital abre sus puertas en Cuenca");
        let line = "Nuevo hospital abre sus puertas en Cuenca – la obra costó 80 millones.";
        let end = lead_in(&h, line).expect("lead-in");
        assert_eq!(&line[..end], "Nuevo hospital abre sus puertas en Cuenca");
        let line = "  Nuevo Hospital Abre Sus Puertas en Cuenca. Es el primero en diez años.";
        let end = lead_in(&h, line.trim_start()).expect("lead-in");
        assert_eq!(end, "Nuevo Hospital Abre Sus Puertas en Cuenca".len());
        // Running on in the same clause, or with too little after it.
        assert_eq!(
            lead_in(
                &h,
                "Nuevo hospital abre sus puertas en Cuenca, dijo el consejero."
            ),
            None
        );
        assert_eq!(
            lead_in(&h, "Nuevo hospital abre sus puertas en Cuenca. Por fin."),
            None
        );
        // A short headline opens paragraphs by chance.
        let short = Prepared::new("Fire at the port");
        assert_eq!(
            lead_in(
                &short,
                "Fire at the port. The blaze began at 3 a.m. in a shed."
            ),
            None
        );
        // Multi-byte text does not split a character.
        let h = Prepared::new("Ήρθε η νέα γέφυρα στην πόλη μας");
        assert!(lead_in(
            &h,
            "Ήρθε η νέα γέφυρα στην πόλη μας – κόστισε 40 εκατομμύρια ευρώ."
        )
        .is_some());
        assert_eq!(lead_in(&h, "Ή"), None);
    }
}
