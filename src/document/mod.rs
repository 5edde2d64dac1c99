//! The one document model every input format is parsed into.
//!
//! A [`Document`] is a list of [`Block`]s (headings, paragraphs, list items,
//! block quotes, code, raw HTML), each with its full source span and its
//! visible text as a [`MappedText`]. Rule kinds only ever see this model, so
//! they work the same on plain text, Markdown and HTML.

pub mod mapped;
pub mod sentences;

use crate::first_bytes::FirstBytes;
use crate::kinds::LazyRegex;
use crate::span::Span;
pub use mapped::MappedText;
use sentences::Abbreviations;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Quote,
    Code,
    Html,
}

/// An interview turn: a speaker label and what follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Turn {
    /// The label without markup ("Q", "Dr. Ivanova", "Interviewer").
    pub label: String,
    /// Source span of the whole label including its markup (`**(Dr. X):**`).
    pub label_span: Span,
    /// Where the turn's words start in the block's visible text.
    pub body_start: usize,
    /// The label's markup is unbalanced (`**(Interviewer):` without `**`).
    pub unbalanced: bool,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    /// Heading level (1–6) for headings, 0 otherwise.
    pub level: u8,
    /// Full source extent of the block, markup included.
    pub span: Span,
    /// Visible text with its map back to the source.
    pub text: MappedText,
    /// Every visible character is inside emphasis (`**…**`, `<strong>`).
    pub emphasis_only: bool,
    pub turn: Option<Turn>,
    /// Sentence ranges within `text`.
    pub sentences: Vec<Range<usize>>,
}

impl Block {
    pub fn text(&self) -> &str {
        self.text.as_str()
    }

    /// The turn's words (empty when the block is not a turn or has none).
    pub fn turn_body(&self) -> &str {
        match &self.turn {
            Some(t) => self.text.as_str()[t.body_start..].trim(),
            None => "",
        }
    }

    /// Source span of a range of the visible text.
    pub fn src(&self, start: usize, end: usize) -> Span {
        self.text.to_source(start, end)
    }

    pub fn word_count(&self) -> usize {
        word_count(self.text.as_str())
    }

    pub fn is_heading_like(&self) -> bool {
        self.kind == BlockKind::Heading || (self.emphasis_only && self.turn.is_none())
    }
}

#[derive(Debug, Clone)]
pub struct Headline {
    pub block: usize,
    pub span: Span,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputFormat {
    #[default]
    Text,
    Markdown,
    Html,
}

impl InputFormat {
    pub fn from_extension(ext: &str) -> Option<InputFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "md" | "markdown" | "mdx" | "mkd" => Some(InputFormat::Markdown),
            "txt" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Markdown => "markdown",
            InputFormat::Html => "html",
        }
    }

    pub fn parse_name(s: &str) -> Option<InputFormat> {
        match s {
            "text" | "txt" | "plain" => Some(InputFormat::Text),
            "markdown" | "md" => Some(InputFormat::Markdown),
            "html" | "htm" => Some(InputFormat::Html),
            _ => None,
        }
    }
}

/// A speaker-label pattern from the pack's `document` settings.
#[derive(Debug, Clone)]
pub struct LabelPattern {
    /// Anchored at the block start; must have a `label` capture group.
    /// Built with the default flags (as the pack loader does): its required
    /// bytes and the label memo are read back from its source, so flags set
    /// on a builder instead of inline (`(?i)`) would mislead them. The
    /// built-in pack's are built on first use: most blocks never reach them
    /// (`first` and the needles turn them away), and built at load they
    /// were 9 % of `check` on one article.
    pub regex: LazyRegex,
    /// Only a label when the same label starts at least two blocks.
    pub recurring: bool,
    /// The bytes a block must begin with for the regex to match there
    /// (`None`: not known, try every block).
    pub first: Option<FirstBytes>,
}

/// Document-model settings (from the pack's `document:` section).
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    pub speaker_labels: Vec<LabelPattern>,
    pub abbreviations: Abbreviations,
    /// Per speaker label, bytes its every match holds one of, found on
    /// first use ([`label_needles`]).
    label_needles: std::sync::OnceLock<Vec<(String, Option<Needle>)>>,
}

/// Up to three bytes of which every match of a regex holds one: a block
/// without any of them cannot match (a `Name:` label needs its colon),
/// which a byte search tells for much less than a regex search.
#[derive(Debug, Clone, Copy)]
struct Needle {
    bytes: [u8; 3],
    len: usize,
}

impl Needle {
    fn of(src: &str) -> Option<Needle> {
        let hir = crate::kinds::parse_hir(src, false)?;
        let set = FirstBytes::required_of_hir(&hir)?;
        if set.len() > 3 {
            return None;
        }
        let mut bytes = [0; 3];
        for (slot, b) in bytes.iter_mut().zip(set.bytes()) {
            *slot = b;
        }
        Some(Needle {
            bytes,
            len: set.len(),
        })
    }

    /// May `raw` hold a match: does it hold one of the bytes?
    fn found_in(&self, raw: &str) -> bool {
        let (h, [a, b, c]) = (raw.as_bytes(), self.bytes);
        match self.len {
            1 => memchr::memchr(a, h).is_some(),
            2 => memchr::memchr2(a, b, h).is_some(),
            _ => memchr::memchr3(a, b, c, h).is_some(),
        }
    }
}

/// The needle of each speaker label (`None` where it has none), or `None`
/// when they were found for other labels than `opts` has now.
fn label_needles(opts: &ParseOptions) -> Option<Vec<Option<Needle>>> {
    let patterns = &opts.speaker_labels;
    let needles = opts.label_needles.get_or_init(|| {
        patterns
            .iter()
            .map(|p| (p.regex.source().to_string(), Needle::of(p.regex.source())))
            .collect()
    });
    (needles.len() == patterns.len()
        && needles
            .iter()
            .zip(patterns)
            .all(|((src, _), p)| src == p.regex.source()))
    .then(|| needles.iter().map(|(_, n)| *n).collect())
}

#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub source: &'a str,
    pub format: InputFormat,
    pub blocks: Vec<Block>,
    pub headline: Option<Headline>,
}

impl<'a> Document<'a> {
    /// Parse `source` as `format` into the document model.
    pub fn parse(source: &'a str, format: InputFormat, opts: &ParseOptions) -> Document<'a> {
        // A UTF-8 byte-order mark would hide a first `# Title`: parse what
        // follows it, keeping offsets into the whole source.
        if format != InputFormat::Html {
            if let Some(rest) = source.strip_prefix('\u{feff}') {
                let delta = source.len() - rest.len();
                let mut blocks = Self::parse_blocks(rest, format);
                for b in &mut blocks {
                    b.span = Span::new(b.span.start + delta, b.span.end + delta);
                    b.text.shift(delta);
                }
                return Document::from_blocks(source, format, blocks, opts);
            }
        }
        let blocks = Self::parse_blocks(source, format);
        Document::from_blocks(source, format, blocks, opts)
    }

    fn parse_blocks(source: &str, format: InputFormat) -> Vec<Block> {
        match format {
            // Scraped ".txt" articles often carry Markdown (bold labels,
            // `## ` headings); read those as Markdown so emphasis and headings
            // are seen. Plain prose parses the same either way.
            InputFormat::Text if crate::input::looks_like_markdown(source) => {
                crate::input::markdown::blocks(source)
            }
            InputFormat::Text => crate::input::text::blocks(source),
            InputFormat::Markdown => crate::input::markdown::blocks(source),
            InputFormat::Html => crate::input::html::blocks(source),
        }
    }

    /// The next content block after `i` (raw HTML such as comments skipped).
    pub fn next_block(&self, i: usize) -> Option<&Block> {
        self.blocks[i + 1..]
            .iter()
            .find(|b| b.kind != BlockKind::Html)
    }

    /// Finish a document from raw blocks: sentences, turns, headline.
    pub fn from_blocks(
        source: &'a str,
        format: InputFormat,
        mut blocks: Vec<Block>,
        opts: &ParseOptions,
    ) -> Document<'a> {
        blocks.retain(|b| !b.text.as_str().trim().is_empty() || b.kind == BlockKind::Html);
        for b in &mut blocks {
            if matches!(b.kind, BlockKind::Code | BlockKind::Html) {
                continue;
            }
            b.sentences = sentences::split(b.text.as_str(), &opts.abbreviations);
        }
        detect_turns(source, &mut blocks, opts);
        let headline = find_headline(source, &blocks);
        Document {
            source,
            format,
            blocks,
            headline,
        }
    }

    /// Blocks after the headline (the body), with their indices.
    pub fn body(&self) -> impl Iterator<Item = (usize, &Block)> {
        let skip = self.headline.as_ref().map_or(0, |h| h.block + 1);
        self.blocks.iter().enumerate().skip(skip)
    }

    /// Is the block part of an interview transcript (a turn, or between turns)?
    pub fn is_turn(&self, i: usize) -> bool {
        self.blocks.get(i).is_some_and(|b| b.turn.is_some())
    }
}

pub fn word_count(s: &str) -> usize {
    words(s).count()
}

/// [`word_count`], counting no further than `limit` (a caller that only
/// compares the count with a bound need not read a long text to its end).
pub fn word_count_upto(s: &str, limit: usize) -> usize {
    words(s).take(limit).count()
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    // (An ASCII letter or digit answers first: `char::is_alphanumeric` is
    // a table search for a word opened by a curly quote or a dash.)
    s.split_whitespace().filter(|w| {
        w.bytes().any(|b| b.is_ascii_alphanumeric()) || w.chars().any(char::is_alphanumeric)
    })
}

/// A line that looks like breadcrumb navigation: two or more of the same
/// separator (`»`, `›`, `>`, `→`, `/`, `|`) between short segments.
pub fn looks_like_breadcrumb(line: &str) -> bool {
    let line = line.trim();
    if line.is_empty() || line.len() > 300 || line.ends_with(['.', '?', '!']) && !line.contains('»')
    {
        return false;
    }
    ['»', '›', '>', '→', '/', '|', '•'].iter().any(|sep| {
        let parts: Vec<&str> = line.split(*sep).collect();
        parts.len() >= 3
            && parts[..parts.len() - 1].iter().all(|p| {
                let w = word_count(p);
                (1..=6).contains(&w) && !p.trim().is_empty()
            })
    })
}

/// The longest matched label text [`LABEL_MEMO`] keeps (real labels are
/// well under it; a longer match is resolved each time).
const MEMO_KEY_MAX: usize = 160;

fn detect_turns(source: &str, blocks: &mut [Block], opts: &ParseOptions) {
    let patterns = &opts.speaker_labels[..];
    if patterns.is_empty() {
        return;
    }
    let needles = label_needles(opts);
    // First pass: candidate labels per block.
    let mut found: Vec<Option<(usize, Turn)>> = Vec::with_capacity(blocks.len());
    LABEL_MEMO.with_borrow_mut(|memo| {
        for b in blocks.iter() {
            found.push(block_turn(source, b, patterns, needles.as_deref(), memo));
        }
    });
    // Recurring-only patterns need the same label on at least two blocks
    // that say different things: a line repeated with its lead word and a
    // colon ("City : headline" as the title and again as an echo) is one
    // line twice, not a speaker taking turns.
    let mut openings = std::collections::HashMap::<String, Vec<String>>::new();
    for ((_, t), b) in found
        .iter()
        .zip(blocks.iter())
        .filter_map(|(f, b)| Some((f.as_ref()?, b)))
    {
        let body = b.text.as_str().get(t.body_start..).unwrap_or("");
        let keys = openings.entry(t.label.clone()).or_default();
        let key = turn_opening(body, keys.len());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for (b, f) in blocks.iter_mut().zip(found) {
        if let Some((pi, t)) = f {
            if !patterns[pi].recurring || openings.get(&t.label).map_or(0, Vec::len) >= 2 {
                b.turn = Some(t);
            }
        }
    }
}

/// Where a label regex's match and its `label` group lie (offsets into
/// the block's source).
#[derive(Clone, Copy)]
struct LabelGroups {
    end: usize,
    label: Option<(usize, usize)>,
}

/// Per label regex (by its index in the pack), the groups of its matches
/// already resolved, by the matched text: a transcript repeats its labels
/// ("**Kitchen:**", "**Q:**"), and resolving groups (a backtracking search)
/// costs ten times the match. Exact: a start-anchored match's groups are
/// the leftmost-first ones within its span, which depend only on the text
/// of the span and, through the assertions, on where the span lies; a
/// regex whose only assertions are `^` and `$` (text start and end) sees
/// no more than the span's text and whether it ends the text (part of the
/// key). Regexes with other assertions (`\b`, multi-line `^`) are not
/// memoized.
struct LabelMemo {
    /// The regex the entry is for (a later pack may put another at the index).
    src: String,
    /// Its only assertions are `^` and `$`.
    plain: bool,
    /// By matched text: the groups when the match ends the text, and not.
    seen: std::collections::HashMap<Box<str>, [Option<LabelGroups>; 2]>,
}

thread_local! {
    static LABEL_MEMO: std::cell::RefCell<Vec<LabelMemo>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The groups of label regex `pi` over `raw`, where its leftmost-first
/// match is `m` (found without groups).
fn label_groups(
    memo: &mut Vec<LabelMemo>,
    pi: usize,
    re: &LazyRegex,
    raw: &str,
    m: regex::Match<'_>,
) -> Option<LabelGroups> {
    let resolve = || {
        let c = re.captures(raw)?;
        let whole = c.get(0)?;
        Some(LabelGroups {
            end: whole.end(),
            label: c.name("label").map(|l| (l.start(), l.end())),
        })
    };
    if m.start() != 0 {
        return resolve();
    }
    if memo.len() <= pi {
        memo.resize_with(pi + 1, || LabelMemo {
            src: String::new(),
            plain: false,
            seen: Default::default(),
        });
    }
    let e = &mut memo[pi];
    if e.src != re.source() {
        use regex_syntax::hir::Look;
        e.src = re.source().to_string();
        e.plain = crate::kinds::parse_hir(re.source(), false).is_some_and(|h| {
            h.properties()
                .look_set()
                .iter()
                .all(|l| matches!(l, Look::Start | Look::End))
        });
        e.seen.clear();
    }
    // Only short labels are kept: a key is the whole matched text, and a
    // label pattern without a length bound could otherwise keep
    // 4,096 × a paragraph's bytes per thread (`serve` threads live long).
    if !e.plain || m.end() > MEMO_KEY_MAX {
        return resolve();
    }
    let key = &raw[..m.end()];
    let at_end = usize::from(m.end() == raw.len());
    if let Some(g) = e.seen.get(key).and_then(|v| v[at_end]) {
        return Some(g);
    }
    let g = resolve()?;
    // (Bounded, at most 4,096 keys of at most `MEMO_KEY_MAX` bytes per
    // pattern: a stream of documents brings ever new labels.)
    if e.seen.len() >= 4096 {
        e.seen.clear();
    }
    e.seen.entry(key.into()).or_default()[at_end] = Some(g);
    Some(g)
}

/// The first label pattern that gives block `b` a turn, with the turn.
fn block_turn(
    source: &str,
    b: &Block,
    patterns: &[LabelPattern],
    needles: Option<&[Option<Needle>]>,
    memo: &mut Vec<LabelMemo>,
) -> Option<(usize, Turn)> {
    if !matches!(
        b.kind,
        BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem
    ) {
        return None;
    }
    let raw = &source[b.span.range()];
    for (pi, p) in patterns.iter().enumerate() {
        // Most blocks open with no label: their first byte, or a byte
        // every match needs (a colon…), or else the DFA says so cheaper
        // than resolving groups.
        if p.first.is_some_and(|f| !f.admits(raw))
            || needles.is_some_and(|n| n[pi].is_some_and(|n| !n.found_in(raw)))
        {
            continue;
        }
        let Some(m) = p.regex.find(raw) else {
            continue;
        };
        let Some(g) = label_groups(memo, pi, &p.regex, raw, m) else {
            continue;
        };
        let Some((label_start, label_end)) = g.label else {
            continue;
        };
        let label_raw = &raw[label_start..label_end];
        let label_text = label_raw
            .trim()
            .trim_matches(['(', ')', '*', '_'])
            .trim()
            .to_string();
        if label_text.is_empty() {
            continue;
        }
        let label_span = Span::new(b.span.start + m.start(), b.span.start + g.end);
        let body_src = label_span.end;
        let body_start = text_pos_at(&b.text, body_src);
        // Prefer the label as the reader sees it (entities
        // decoded), without what precedes the label (a timestamp)
        // or follows it before the colon (a caller's name in
        // brackets after "CALLER").
        let label_from = text_pos_at(&b.text, b.span.start + label_start);
        let label_to = text_pos_at(&b.text, b.span.start + label_end).min(body_start);
        let visible = b.text.as_str()[label_from.min(label_to)..label_to]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_string();
        let label_text = if visible.is_empty() {
            label_text
        } else {
            visible
        };
        let opens = count_pairs(&raw[..g.end], b'*') + count_pairs(&raw[..g.end], b'_');
        return Some((
            pi,
            Turn {
                label: label_text,
                label_span,
                body_start,
                unbalanced: opens % 2 == 1,
            },
        ));
    }
    None
}

/// `s.matches(pair).count()` for `pair` the byte `c` twice (`**`, `__`):
/// the non-overlapping occurrences, leftmost first, without setting up a
/// substring searcher for a label a few bytes long.
fn count_pairs(s: &str, c: u8) -> usize {
    let b = s.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i + 1 < b.len() {
        if b[i] == c && b[i + 1] == c {
            n += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    n
}

/// What a turn's body opens with, for telling turns apart: its first six
/// words, lowercased; a body of fewer than four words is a key of its own
/// (two short answers may well read the same). `n` makes such keys unique.
fn turn_opening(body: &str, n: usize) -> String {
    // (The words lowercased and joined by spaces, in one string: an ASCII
    // word's lowercase is its ASCII lowercase; any other goes through
    // `str::to_lowercase`, final sigma and all.)
    let mut key = String::with_capacity(64);
    let mut count = 0;
    for w in words(body).take(6) {
        if count > 0 {
            key.push(' ');
        }
        count += 1;
        if w.is_ascii() {
            let from = key.len();
            key.push_str(w);
            key[from..].make_ascii_lowercase();
        } else {
            key.push_str(&w.to_lowercase());
        }
    }
    if count < 4 {
        format!("\u{0}{n}")
    } else {
        key
    }
}

/// The first visible-text position whose source offset is `>= src`.
fn text_pos_at(text: &MappedText, src: usize) -> usize {
    let s = text.as_str();
    let mut pos = s.len();
    for (i, _) in s.char_indices() {
        if text.src_start(i) >= src {
            pos = i;
            break;
        }
    }
    pos
}

fn find_headline(source: &str, blocks: &[Block]) -> Option<Headline> {
    // Raw HTML blocks (comments, directives) are not content: look past them.
    let content = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.kind != BlockKind::Html);
    for (i, b) in content.take(4) {
        match b.kind {
            BlockKind::Heading if b.level <= 2 => {
                let span = b.text.source_span()?;
                return Some(Headline {
                    block: i,
                    span,
                    text: b.text.as_str().trim().to_string(),
                });
            }
            BlockKind::Paragraph => {
                let text = b.text.as_str();
                let first_line = text.lines().next().unwrap_or("").trim();
                // (A path or address on its own line above the title — a
                // URL slug, "news/local/…" — is page furniture, like a
                // breadcrumb: the headline follows it.)
                let path_line = !first_line.contains(char::is_whitespace)
                    && first_line.contains('/')
                    && !text.trim().contains(char::is_whitespace);
                if first_line.is_empty()
                    || looks_like_breadcrumb(first_line)
                    || first_line.len() > 250
                    || path_line
                {
                    continue;
                }
                if word_count(first_line) < 2 || b.turn.is_some() {
                    return None;
                }
                let lead = text.len() - text.trim_start().len();
                let span = b.text.to_source(lead, lead + first_line.len());
                let _ = source;
                return Some(Headline {
                    block: i,
                    span,
                    text: first_line.to_string(),
                });
            }
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A URL slug or path alone on the first line is skipped: the headline
    /// is the title under it.
    #[test]
    fn a_path_line_above_the_title_is_not_the_headline() {
        let pack = crate::rule::load::builtin().expect("pack");
        let src = "news/local/ferry-fares-rise-again-in-spring\n\n# Ferry fares rise again in spring\n\nThe operator said on Monday that fares would rise.\n";
        let doc = Document::parse(src, InputFormat::Markdown, &pack.parse);
        assert_eq!(
            doc.headline.as_ref().map(|h| h.text.as_str()),
            Some("Ferry fares rise again in spring")
        );
        // One word without a slash still ends the search.
        let doc = Document::parse(
            "Ferries\n\nThe operator said so.\n",
            InputFormat::Text,
            &pack.parse,
        );
        assert!(doc.headline.is_none());
    }

    /// A first line "Place : headline" repeated later is one line twice,
    /// not a speaker's turns, and stays the headline; the same label over
    /// different words is a speaker.
    #[test]
    fn a_repeated_line_is_not_a_recurring_speaker() {
        let pack = crate::rule::load::builtin().expect("pack");
        let opts = &pack.parse;
        let src = "Lyon : le métro ouvrira une ligne vers l'est en 2030\n\nLa métropole l'a dit.\n\nLyon : le métro ouvrira une ligne vers l'est en 2030\n";
        let doc = Document::parse(src, InputFormat::Text, opts);
        assert!(doc.blocks.iter().all(|b| b.turn.is_none()));
        assert_eq!(doc.headline.as_ref().map(|h| h.block), Some(0));
        let src = "Okafor: We started in 2012 with two boats.\n\nOkafor: Now we run nine of them every day.\n";
        let doc = Document::parse(src, InputFormat::Text, opts);
        assert!(doc.blocks.iter().all(|b| b.turn.is_some()));
        // Short answers may read the same.
        let src = "Okafor: Yes, I do.\n\nOkafor: Yes, I do.\n";
        let doc = Document::parse(src, InputFormat::Text, opts);
        assert!(doc.blocks.iter().all(|b| b.turn.is_some()));
    }

    #[test]
    fn pairs_count_as_matches_do() {
        for s in [
            "", "*", "**", "***", "****", "a**b***c", "_**_", "é**é", "** **",
        ] {
            assert_eq!(count_pairs(s, b'*'), s.matches("**").count(), "{s}");
            assert_eq!(count_pairs(s, b'_'), s.matches("__").count(), "{s}");
        }
    }

    /// Turns found through the needles and the memo of resolved groups
    /// are the ones each regex's own captures give, document after
    /// document (the memo outlives a document).
    #[test]
    fn label_groups_agree_with_captures() {
        let pack = crate::rule::load::builtin().expect("pack");
        let opts = &pack.parse;
        assert!(label_needles(opts).is_some_and(|n| n.iter().filter(|n| n.is_some()).count() > 5));
        let docs = [
            "**Kitchen:** Yes.\n\n**Kitchen:** No, not at all.\n\n**Kitchen:**\n",
            "**Kitchen:** Again.\n\n**(Dr. Ivanova):** Maybe.\n\n**Q:** What?\n\n**A:** This.\n",
            "Okafor: We started in 2012.\n\nOkafor: Now we run nine.\n\n[00:14:32] HOST: Hi.\n",
            "– Question?\n\n– Answer.\n\nMARIA LOPEZ — no\n\nMARIA LOPEZ — yes\n",
        ];
        for _ in 0..2 {
            for src in docs {
                let doc = Document::parse(src, InputFormat::Markdown, opts);
                for b in &doc.blocks {
                    let raw = &src[b.span.range()];
                    let first = opts.speaker_labels.iter().find_map(|p| {
                        let c = p.regex.captures(raw)?;
                        let l = c.name("label")?;
                        let t = l.as_str().trim().trim_matches(['(', ')', '*', '_']).trim();
                        (!t.is_empty()).then(|| c.get(0).unwrap().end())
                    });
                    if let Some(t) = &b.turn {
                        assert_eq!(Some(t.label_span.end - b.span.start), first, "{raw}");
                    }
                }
            }
        }
    }

    #[test]
    fn byte_order_mark_keeps_headline_and_offsets() {
        let src = "\u{feff}# Title here\n\nBody text.\n";
        let doc = Document::parse(src, InputFormat::Markdown, &ParseOptions::default());
        let h = doc.headline.as_ref().expect("headline");
        assert_eq!(h.text, "Title here");
        assert_eq!(&src[h.span.range()], "Title here");
        assert_eq!(&src[doc.blocks[1].span.range()], "Body text.");
    }

    #[test]
    fn next_block_skips_comments() {
        let src = "Para one.\n\n<!-- wp:paragraph -->\n\nPara two.\n";
        let doc = Document::parse(src, InputFormat::Markdown, &ParseOptions::default());
        let i = doc
            .blocks
            .iter()
            .position(|b| b.text().starts_with("Para one"))
            .unwrap();
        assert_eq!(doc.next_block(i).map(|b| b.text()), Some("Para two."));
    }

    #[test]
    fn breadcrumbs() {
        assert!(looks_like_breadcrumb(
            "Home » World » Historical convergence. Xi Jinping in Russia –"
        ));
        assert!(looks_like_breadcrumb(
            "Home > Publications > The Nation's Health > Q&A"
        ));
        assert!(!looks_like_breadcrumb(
            "Prices rose 3/4 of a point on Monday."
        ));
        assert!(!looks_like_breadcrumb("The ratio was 1 > 2 in the model and the rest of the sentence goes on for a long time."));
    }
}
