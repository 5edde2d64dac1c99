//! HTML input: a small, tolerant tokenizer and a flat block builder.
//!
//! The parser follows what browsers do where it matters for article text
//! (implied end tags, raw-text elements, whitespace collapsing, entity
//! decoding, stray end tags ignored) without building a DOM: a stack of open
//! elements decides what kind of block text belongs to, and every piece of
//! visible text is pushed into a [`MappedText`] with the exact source bytes
//! it came from. Nothing is ever re-searched.
//!
//! # Blocks
//! - `<h1>`–`<h6>`: [`BlockKind::Heading`] with `level`;
//! - `<p>`, and text directly in `<div>`, `<td>`, `<article>`, `<figcaption>`
//!   and other containers: [`BlockKind::Paragraph`];
//! - `<li>`: [`BlockKind::ListItem`] (also for paragraphs inside an item);
//! - paragraphs inside `<blockquote>`: [`BlockKind::Quote`];
//! - `<pre>`: [`BlockKind::Code`], whitespace kept;
//! - comments: [`BlockKind::Html`] blocks whose text is the whole comment
//!   (`<!-- … -->`, exactly as in the source, like Markdown's HTML blocks), so
//!   inline directives such as `<!-- copydesk-disable-next rule -->` can be read
//!   from them. A comment inside a paragraph is emitted right after that
//!   paragraph, so blocks stay ordered by their start offset.
//!
//! Two `<br>`s in a row (only whitespace or markup between) end a paragraph;
//! a single `<br>` is a `"\n"` in the text, mapped to the `<br>` tag.
//!
//! # Spans
//! `Block::span` covers the block's *content*: from its first piece of
//! content (text or inline tag) to its last, whitespace trimmed — inline
//! markup included, the block's own start and end tags excluded. So the raw
//! span of `<p><strong>Q:</strong> Why?</p>` is `<strong>Q:</strong> Why?`,
//! which the speaker-label patterns in `rules/document.yaml` match the way
//! they match `**Q:** Why?` in Markdown (and plain `<p>Q: Why?</p>` matches
//! the plain-text patterns unchanged), and an element-level finding underlines
//! the paragraph's words, not its `<p class="…">` tag.
//!
//! # What is skipped
//! The content of `<script>`, `<style>`, `<noscript>`, `<template>`, `<svg>`,
//! `<math>`, `<head>` (its `<title>` is kept aside, see below), `<iframe>`,
//! `<select>`, `<textarea>`, elements with the `hidden` attribute, and the
//! page-template containers `<nav>`, `<footer>`, `<aside>`, `<form>` and a
//! page-level `<header>` (one outside `<article>`/`<main>`; its headings are
//! kept, since pages without `<article>` often put the title there).
//!
//! These containers are *not* emitted as blocks: they are the page's
//! template, not the article, and reporting every site's menu and footer
//! would bury the findings. The boilerplate rules exist for chrome that
//! leaked *into* the article text (a `<p>Share on: Facebook | Twitter</p>` or
//! `<p>Leave a Comment</p>` inside `<article>`), and that is all kept. A
//! `<form>` that turns out to wrap the article (ASP.NET pages wrap the whole
//! body in one) stops being skipped at the first `<article>`, `<main>` or
//! `<h1>` inside it.
//!
//! # Headline
//! `Document::from_blocks` takes the first heading of level ≤ 2 among the
//! first blocks. When the page has no `<h1>` and no early `<h1>`/`<h2>`, the
//! `<title>` (with a short `| Site Name` / `– Site Name` suffix removed) is
//! added as a level-1 heading at its source position, so it becomes the
//! headline; when there is an `<h1>` the title is not used, since it usually
//! repeats the `<h1>` with a site suffix and would make the real headline
//! look like an echo.
//!
//! # Notes for rule kinds
//! Comment blocks sit between content blocks (WordPress wraps every
//! paragraph in `<!-- wp:paragraph -->` comments), so a kind that looks at
//! "the next block" should skip [`BlockKind::Html`] blocks, as the headline
//! finder does. A kind that inspects a block's raw source (`src[b.span]`)
//! sees inline tags in HTML (`<strong>(</strong>`, not `**(`); the visible
//! text is `b.text`.
//!
//! CDATA sections are transparent: their markers are skipped and their
//! content parsed as HTML (XHTML text, or a feed item's HTML wrapped in
//! CDATA). A UTF-8 byte-order mark at the start is skipped; offsets still
//! count it.

mod entities;

use crate::document::{Block, BlockKind, MappedText};
use crate::span::Span;

/// Deepest element nesting tracked; deeper start tags are treated as inline
/// markup without an element (keeps pathological input linear).
const MAX_DEPTH: usize = 512;

/// Parse HTML into blocks.
pub fn blocks(src: &str) -> Vec<Block> {
    Builder::new(src).run()
}

// ---------------------------------------------------------------- tokenizer

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// Character data; entities not yet decoded.
    Text(Span),
    /// The content of a raw-text or RCDATA element (`<script>`, `<title>`).
    Raw(Span),
    Start {
        name: String,
        span: Span,
        /// From the end of the name to the end of the tag.
        attrs: Span,
        self_closing: bool,
    },
    End {
        name: String,
        span: Span,
    },
    Comment(Span),
    /// Doctype, processing instruction, bogus comment, CDATA markers.
    Markup,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Scan the rest of a tag after its name: attributes (quoted values may
/// contain `>`), up to and including the closing `>`. Returns the offset just
/// past the tag and whether it ends in `/>`; `None` when the input ends
/// inside the tag. With `attrs`, collects (name, value) spans.
fn scan_tag_rest(
    b: &[u8],
    mut i: usize,
    mut attrs: Option<&mut Vec<(Span, Option<Span>)>>,
) -> Option<(usize, bool)> {
    loop {
        while i < b.len() && is_ws(b[i]) {
            i += 1;
        }
        match *b.get(i)? {
            b'>' => return Some((i + 1, false)),
            b'/' => {
                if b.get(i + 1) == Some(&b'>') {
                    return Some((i + 2, true));
                }
                i += 1;
            }
            _ => {
                let name_start = i;
                i += 1; // a name may start with '='
                while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
                    i += 1;
                }
                let name = Span::new(name_start, i);
                let mut value = None;
                let mut j = i;
                while j < b.len() && is_ws(b[j]) {
                    j += 1;
                }
                if b.get(j) == Some(&b'=') {
                    j += 1;
                    while j < b.len() && is_ws(b[j]) {
                        j += 1;
                    }
                    match *b.get(j)? {
                        q @ (b'"' | b'\'') => {
                            let close = b[j + 1..].iter().position(|c| *c == q)?;
                            value = Some(Span::new(j + 1, j + 1 + close));
                            j += close + 2;
                        }
                        b'>' => {}
                        _ => {
                            let s = j;
                            while j < b.len() && !is_ws(b[j]) && b[j] != b'>' {
                                j += 1;
                            }
                            value = Some(Span::new(s, j));
                        }
                    }
                    i = j;
                }
                if let Some(a) = attrs.as_deref_mut() {
                    a.push((name, value));
                }
            }
        }
    }
}

struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    /// Set by the builder after a raw-text start tag: content runs to `</name`.
    raw: Option<String>,
    in_cdata: bool,
    /// No `-->` at or after this offset (keeps unclosed comments linear).
    no_comment_end: usize,
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str) -> Self {
        let pos = if src.starts_with('\u{feff}') { 3 } else { 0 };
        Lexer {
            b: src.as_bytes(),
            pos,
            raw: None,
            in_cdata: false,
            no_comment_end: usize::MAX,
        }
    }

    fn next_tok(&mut self) -> Option<Tok> {
        loop {
            if self.pos >= self.b.len() {
                return None;
            }
            if let Some(name) = self.raw.take() {
                let start = self.pos;
                let end = raw_end(self.b, start, name.as_bytes());
                self.pos = end;
                if end > start {
                    return Some(Tok::Raw(Span::new(start, end)));
                }
                continue;
            }
            let p = self.pos;
            if self.in_cdata && self.b[p..].starts_with(b"]]>") {
                self.in_cdata = false;
                self.pos = p + 3;
                return Some(Tok::Markup);
            }
            if self.b[p] == b'<' {
                if let Some(t) = self.markup(p) {
                    return Some(t);
                }
                // A literal '<'.
                let end = self.text_end(p + 1);
                self.pos = end;
                return Some(Tok::Text(Span::new(p, end)));
            }
            let end = self.text_end(p);
            self.pos = end;
            return Some(Tok::Text(Span::new(p, end)));
        }
    }

    fn text_end(&self, mut i: usize) -> usize {
        while i < self.b.len() {
            match self.b[i] {
                b'<' => break,
                b']' if self.in_cdata && self.b[i..].starts_with(b"]]>") => break,
                _ => i += 1,
            }
        }
        i
    }

    /// Skip to just past the next `>` (or to the end).
    fn to_gt(&self, from: usize) -> usize {
        match self.b[from.min(self.b.len())..]
            .iter()
            .position(|c| *c == b'>')
        {
            Some(k) => from + k + 1,
            None => self.b.len(),
        }
    }

    fn markup(&mut self, p: usize) -> Option<Tok> {
        let b = self.b;
        let next = *b.get(p + 1)?;
        if next.is_ascii_alphabetic() {
            let name_end = tag_name_end(b, p + 1);
            let name = lower(b, p + 1, name_end);
            return Some(match scan_tag_rest(b, name_end, None) {
                Some((end, self_closing)) => {
                    self.pos = end;
                    Tok::Start {
                        name,
                        span: Span::new(p, end),
                        attrs: Span::new(name_end, end),
                        self_closing,
                    }
                }
                None => {
                    // The input ends inside the tag: browsers drop it.
                    self.pos = b.len();
                    Tok::Markup
                }
            });
        }
        if next == b'/' {
            match b.get(p + 2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let name_end = tag_name_end(b, p + 2);
                    let name = lower(b, p + 2, name_end);
                    return Some(match scan_tag_rest(b, name_end, None) {
                        Some((end, _)) => {
                            self.pos = end;
                            Tok::End {
                                name,
                                span: Span::new(p, end),
                            }
                        }
                        None => {
                            self.pos = b.len();
                            Tok::Markup
                        }
                    });
                }
                None => return None,
                _ => {
                    // `</>` or a bogus comment like `</ 3>`.
                    self.pos = self.to_gt(p + 2);
                    return Some(Tok::Markup);
                }
            }
        }
        if next == b'!' {
            if b[p..].starts_with(b"<!--") {
                let body = p + 4;
                let end = if b[body..].starts_with(b">") {
                    body + 1
                } else if b[body..].starts_with(b"->") {
                    body + 2
                } else {
                    // Ends at the first `-->` or `--!>`; look for the
                    // rarer form only before the usual one (linear time).
                    let rest = &b[body..];
                    let usual = if body >= self.no_comment_end {
                        None
                    } else {
                        find(rest, b"-->")
                    };
                    if usual.is_none() {
                        self.no_comment_end = self.no_comment_end.min(body);
                    }
                    let before = &rest[..usual.map_or(rest.len(), |a| a + 3)];
                    match (usual, find(before, b"--!>")) {
                        (_, Some(c)) => body + c + 4,
                        (Some(a), None) => body + a + 3,
                        (None, None) => b.len(),
                    }
                };
                self.pos = end;
                return Some(Tok::Comment(Span::new(p, end)));
            }
            if b[p..].starts_with(b"<![CDATA[") {
                self.in_cdata = true;
                self.pos = p + 9;
                return Some(Tok::Markup);
            }
            self.pos = self.to_gt(p + 2);
            return Some(Tok::Markup);
        }
        if next == b'?' {
            self.pos = self.to_gt(p + 2);
            return Some(Tok::Markup);
        }
        None
    }
}

fn tag_name_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !is_ws(b[i]) && !matches!(b[i], b'/' | b'>') {
        i += 1;
    }
    i
}

fn lower(b: &[u8], s: usize, e: usize) -> String {
    String::from_utf8_lossy(&b[s..e]).to_ascii_lowercase()
}

/// Where the content of a raw-text element ends: at `</name` followed by
/// whitespace, `/` or `>` (any case), or the end of the input.
fn raw_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while i + 1 < b.len() {
        match b[i..].iter().position(|c| *c == b'<') {
            None => break,
            Some(k) => i += k,
        }
        if b.get(i + 1) == Some(&b'/') {
            let s = i + 2;
            let e = s + name.len();
            if e <= b.len()
                && b[s..e].eq_ignore_ascii_case(name)
                && b.get(e)
                    .is_none_or(|c| is_ws(*c) || matches!(c, b'/' | b'>'))
            {
                return i;
            }
        }
        i += 1;
    }
    b.len()
}

// ----------------------------------------------------------------- entities

/// Decode the character reference at the start of `s` (which starts with
/// `&`): its character and length in bytes, or `None` for a literal `&`.
fn entity(s: &str) -> Option<(char, usize)> {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let (hex, digits_at) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut i = digits_at;
        let mut v: u32 = 0;
        while let Some(c) = b.get(i) {
            let d = if hex {
                (*c as char).to_digit(16)
            } else {
                (*c as char).to_digit(10)
            };
            let Some(d) = d else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == digits_at {
            return None;
        }
        if b.get(i) == Some(&b';') {
            i += 1;
        }
        return Some((numeric_char(v), i));
    }
    let mut e = 1;
    while e < b.len() && e <= 40 && b[e].is_ascii_alphanumeric() {
        e += 1;
    }
    if e == 1 {
        return None;
    }
    let name = &s[1..e];
    if b.get(e) == Some(&b';') {
        if let Some(c) = lookup(name) {
            return Some((c, e + 1));
        }
    }
    // Legacy names decoded without `;` (`&amp`, `&copy`): the longest prefix.
    (2..=name.len()).rev().find_map(|n| {
        let pre = &name[..n];
        if entities::LEGACY.binary_search(&pre).is_ok() {
            lookup(pre).map(|c| (c, 1 + n))
        } else {
            None
        }
    })
}

fn lookup(name: &str) -> Option<char> {
    entities::ENTITIES
        .binary_search_by(|(n, _)| n.as_bytes().cmp(name.as_bytes()))
        .ok()
        .map(|i| entities::ENTITIES[i].1)
}

/// A numeric reference's character, as browsers decode it: invalid code
/// points become U+FFFD, and 0x80–0x9F are read as windows-1252.
fn numeric_char(v: u32) -> char {
    const CP1252: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let v = if (0x80..=0x9F).contains(&v) {
        CP1252[(v - 0x80) as usize]
    } else {
        v
    };
    if v == 0 {
        return '\u{fffd}';
    }
    char::from_u32(v).unwrap_or('\u{fffd}')
}

// --------------------------------------------------------- element classes

const VOID: u32 = 1;
const BLOCK: u32 = 1 << 1;
const CLOSES_P: u32 = 1 << 2;
const SKIP: u32 = 1 << 3;
const RAW: u32 = 1 << 4;
const EMPH: u32 = 1 << 5;
const HEADING: u32 = 1 << 6;
const PRE: u32 = 1 << 7;
const LI: u32 = 1 << 8;
const QUOTE: u32 = 1 << 9;
const FOREIGN: u32 = 1 << 10;
const HEAD: u32 = 1 << 11;
const ARTICLE: u32 = 1 << 12;
/// A page-level `<header>`: only its headings are content.
const CHROME: u32 = 1 << 13;
/// Elements an end-tag search does not look past (tables, templates).
const SCOPE: u32 = 1 << 14;

fn class(name: &str) -> u32 {
    match name {
        "br" | "wbr" | "img" | "input" | "area" | "base" | "col" | "embed" | "keygen" | "link"
        | "meta" | "param" | "source" | "track" | "basefont" | "bgsound" | "frame" | "image" => {
            VOID
        }
        "hr" => VOID | BLOCK | CLOSES_P,
        "p" | "div" | "address" | "center" | "details" | "dir" | "dl" | "fieldset"
        | "figcaption" | "figure" | "hgroup" | "menu" | "ol" | "ul" | "search" | "section"
        | "summary" | "header" | "dd" | "dt" => BLOCK | CLOSES_P,
        "article" | "main" => BLOCK | CLOSES_P | ARTICLE,
        "blockquote" => BLOCK | CLOSES_P | QUOTE,
        "li" => BLOCK | CLOSES_P | LI,
        "pre" | "listing" => BLOCK | CLOSES_P | PRE,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BLOCK | CLOSES_P | HEADING,
        "nav" | "footer" | "aside" | "form" | "dialog" => BLOCK | CLOSES_P | SKIP,
        "table" => BLOCK | CLOSES_P | SCOPE,
        "td" | "th" | "caption" => BLOCK | SCOPE,
        "tr" | "tbody" | "thead" | "tfoot" | "colgroup" | "legend" | "optgroup" | "option"
        | "frameset" | "body" => BLOCK,
        "html" => BLOCK | SCOPE,
        "head" => BLOCK | SKIP | HEAD,
        "xmp" | "plaintext" => BLOCK | CLOSES_P | SKIP | RAW,
        "script" | "style" | "noscript" | "noembed" | "noframes" | "iframe" | "title"
        | "textarea" => SKIP | RAW,
        "template" => SKIP | SCOPE,
        "svg" | "math" => SKIP | FOREIGN,
        "object" | "applet" => SKIP | SCOPE,
        "select" | "datalist" | "canvas" | "audio" | "video" | "map" => SKIP,
        "strong" | "b" | "em" | "i" => EMPH,
        "button" | "marquee" => SCOPE,
        _ => 0,
    }
}

/// Elements that may appear in `<head>` without ending it.
fn head_content(name: &str) -> bool {
    matches!(
        name,
        "title"
            | "meta"
            | "link"
            | "style"
            | "script"
            | "base"
            | "noscript"
            | "template"
            | "basefont"
            | "bgsound"
            | "head"
    )
}

/// HTML start tags that end `<svg>`/`<math>` content (the HTML spec's list).
fn breaks_foreign(name: &str) -> bool {
    matches!(
        name,
        "b" | "big"
            | "blockquote"
            | "body"
            | "br"
            | "center"
            | "code"
            | "dd"
            | "div"
            | "dl"
            | "dt"
            | "em"
            | "embed"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "head"
            | "hr"
            | "i"
            | "img"
            | "li"
            | "listing"
            | "menu"
            | "meta"
            | "nobr"
            | "ol"
            | "p"
            | "pre"
            | "ruby"
            | "s"
            | "small"
            | "span"
            | "strong"
            | "strike"
            | "sub"
            | "sup"
            | "table"
            | "tt"
            | "u"
            | "ul"
            | "var"
    )
}

// ------------------------------------------------------------- text pieces

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// A run of ASCII whitespace.
    Ws(Span),
    /// Text identical to the source.
    Text(Span),
    /// A decoded character reference.
    Char(char, Span),
}

fn is_html_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// Split `src[span]` into whitespace runs, literal text and (when
/// `decode`) character references. Every boundary is an ASCII byte.
fn walk(src: &str, span: Span, decode: bool, f: &mut impl FnMut(Piece)) {
    let b = src.as_bytes();
    let end = span.end.min(b.len());
    let mut i = span.start;
    while i < end {
        if is_ws(b[i]) {
            let s = i;
            while i < end && is_ws(b[i]) {
                i += 1;
            }
            f(Piece::Ws(Span::new(s, i)));
            continue;
        }
        if decode && b[i] == b'&' {
            if let Some((c, n)) = entity(&src[i..end]) {
                f(Piece::Char(c, Span::new(i, i + n)));
                i += n;
                continue;
            }
        }
        let s = i;
        i += 1;
        while i < end && !is_ws(b[i]) && !(decode && b[i] == b'&') {
            i += 1;
        }
        f(Piece::Text(Span::new(s, i)));
    }
}

// ----------------------------------------------------------------- builder

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Sep {
    #[default]
    None,
    /// A collapsed whitespace run, written before the next visible text.
    Space(Span),
    /// A `<br>`, written as `"\n"` before the next visible text.
    Break(Span),
}

/// A block being accumulated.
#[derive(Debug, Default)]
struct Acc {
    kind: Option<(BlockKind, u8)>,
    text: MappedText,
    start: Option<usize>,
    end: usize,
    /// Visible non-space text seen outside emphasis.
    plain: bool,
    sep: Sep,
}

impl Acc {
    fn open(&mut self, pos: usize, kind: (BlockKind, u8)) {
        if self.start.is_none() {
            self.start = Some(pos);
            self.end = pos;
            self.kind = Some(kind);
        }
    }

    /// Append visible text (`text` None: exactly `src[span]`).
    fn visible(&mut self, src: &str, text: Option<&str>, span: Span, emph: bool) {
        match std::mem::take(&mut self.sep) {
            Sep::Space(s) if !self.text.is_empty() => self.text.push(" ", &src[s.range()], s),
            Sep::Break(s) if !self.text.is_empty() => self.text.push_mapped("\n", s),
            _ => {}
        }
        let t = match text {
            Some(t) => {
                self.text.push_mapped(t, span);
                t
            }
            None => {
                let t = &src[span.range()];
                self.text.push_exact(t, span.start);
                t
            }
        };
        self.end = self.end.max(span.end);
        if !emph && !t.trim().is_empty() {
            self.plain = true;
        }
    }

    fn space(&mut self, s: Span) {
        if !self.text.is_empty() && self.sep == Sep::None {
            self.sep = Sep::Space(s);
        }
    }
}

#[derive(Debug)]
struct Open {
    name: String,
    flags: u32,
}

#[derive(Debug, Default)]
struct Counts {
    skip: usize,
    chrome: usize,
    article: usize,
    heading: usize,
    pre: usize,
    li: usize,
    quote: usize,
    emph: usize,
    foreign: usize,
    head: usize,
}

struct Builder<'a> {
    src: &'a str,
    lx: Lexer<'a>,
    stack: Vec<Open>,
    c: Counts,
    cur: Acc,
    out: Vec<Block>,
    /// Comments met inside the current block, emitted after it.
    pending: Vec<Block>,
    /// The first `<title>`.
    title: Option<Acc>,
    in_title: bool,
    /// Drop a newline right after `<pre>`.
    pre_newline: bool,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        Builder {
            src,
            lx: Lexer::new(src),
            stack: Vec::new(),
            c: Counts::default(),
            cur: Acc::default(),
            out: Vec::new(),
            pending: Vec::new(),
            title: None,
            in_title: false,
            pre_newline: false,
        }
    }

    fn run(mut self) -> Vec<Block> {
        while let Some(tok) = self.lx.next_tok() {
            let pre_nl = std::mem::take(&mut self.pre_newline);
            let in_title = std::mem::take(&mut self.in_title);
            match tok {
                Tok::Text(s) => self.text(s, pre_nl),
                Tok::Raw(s) => {
                    if in_title {
                        self.title_text(s);
                    }
                }
                Tok::Start {
                    name,
                    span,
                    attrs,
                    self_closing,
                } => self.start(name, span, attrs, self_closing),
                Tok::End { name, span } => self.end(&name, span),
                Tok::Comment(s) => self.comment(s),
                Tok::Markup => {}
            }
        }
        self.finish();
        self.add_title();
        self.out
    }

    fn suppressed(&self) -> bool {
        self.c.skip > 0 || (self.c.chrome > 0 && self.c.heading == 0)
    }

    fn count(&mut self, flags: u32, up: bool) {
        let c = &mut self.c;
        for (bit, n) in [
            (SKIP, &mut c.skip),
            (CHROME, &mut c.chrome),
            (ARTICLE, &mut c.article),
            (HEADING, &mut c.heading),
            (PRE, &mut c.pre),
            (LI, &mut c.li),
            (QUOTE, &mut c.quote),
            (EMPH, &mut c.emph),
            (FOREIGN, &mut c.foreign),
            (HEAD, &mut c.head),
        ] {
            if flags & bit != 0 {
                *n = if up { *n + 1 } else { n.saturating_sub(1) };
            }
        }
    }

    fn push(&mut self, name: String, flags: u32) {
        if self.stack.len() >= MAX_DEPTH {
            return;
        }
        self.count(flags, true);
        self.stack.push(Open { name, flags });
    }

    fn pop(&mut self) -> bool {
        match self.stack.pop() {
            Some(o) => {
                self.count(o.flags, false);
                true
            }
            None => false,
        }
    }

    /// Pop the element at `idx` and everything above it.
    fn pop_to(&mut self, idx: usize) {
        while self.stack.len() > idx {
            self.pop();
        }
    }

    /// Index of the nearest open element matching `pred`, not looking past
    /// one matching `stop`.
    fn find_open(
        &self,
        pred: impl Fn(&Open) -> bool,
        stop: impl Fn(&Open) -> bool,
    ) -> Option<usize> {
        for (i, o) in self.stack.iter().enumerate().rev() {
            if pred(o) {
                return Some(i);
            }
            if stop(o) {
                return None;
            }
        }
        None
    }

    fn close_named(&mut self, names: &[&str], stop: impl Fn(&Open) -> bool) {
        if let Some(i) = self.find_open(|o| names.contains(&o.name.as_str()), stop) {
            self.pop_to(i);
        }
    }

    fn close_head(&mut self) {
        if self.c.head > 0 {
            if let Some(i) = self.find_open(|o| o.flags & HEAD != 0, |_| false) {
                self.pop_to(i);
            }
        }
    }

    fn kind_now(&self) -> (BlockKind, u8) {
        if self.c.heading > 0 {
            let level = self
                .stack
                .iter()
                .rev()
                .find(|o| o.flags & HEADING != 0)
                .and_then(|o| o.name.get(1..).and_then(|d| d.parse().ok()))
                .unwrap_or(1);
            (BlockKind::Heading, level)
        } else if self.c.pre > 0 {
            (BlockKind::Code, 0)
        } else if self.c.li > 0 {
            (BlockKind::ListItem, 0)
        } else if self.c.quote > 0 {
            (BlockKind::Quote, 0)
        } else {
            (BlockKind::Paragraph, 0)
        }
    }

    fn finish(&mut self) {
        let acc = std::mem::take(&mut self.cur);
        if let (Some(start), Some((kind, level))) = (acc.start, acc.kind) {
            if !acc.text.as_str().trim().is_empty() {
                self.out.push(Block {
                    kind,
                    level,
                    span: Span::new(start, acc.end.max(start)),
                    emphasis_only: kind != BlockKind::Code && !acc.plain,
                    text: acc.text,
                    turn: None,
                    sentences: Vec::new(),
                });
            }
        }
        self.out.append(&mut self.pending);
    }

    /// An inline start tag (or void element): content starts here.
    fn inline_mark(&mut self, span: Span) {
        if self.suppressed() {
            return;
        }
        if self.cur.start.is_none() {
            let k = self.kind_now();
            self.cur.open(span.start, k);
        }
        self.cur.end = self.cur.end.max(span.end);
    }

    fn br(&mut self, span: Span) {
        if self.suppressed() {
            return;
        }
        if self.c.pre > 0 {
            self.inline_mark(span);
            let emph = self.c.emph > 0;
            self.cur.visible(self.src, Some("\n"), span, emph);
            return;
        }
        match self.cur.sep {
            // Two line breaks in a row end the paragraph.
            Sep::Break(_) => self.finish(),
            _ if self.cur.text.is_empty() => {}
            _ => self.cur.sep = Sep::Break(span),
        }
    }

    fn text(&mut self, span: Span, pre_newline: bool) {
        let src = self.src;
        if self.c.head > 0 && src[span.range()].bytes().any(|b| !is_ws(b)) {
            // Text cannot be in <head>: the body has started.
            self.close_head();
        }
        if self.suppressed() {
            return;
        }
        let mut start = span.start;
        if pre_newline && self.c.pre > 0 {
            let t = &src[span.range()];
            if t.starts_with("\r\n") {
                start += 2;
            } else if t.starts_with('\n') {
                start += 1;
            }
        }
        walk(src, Span::new(start, span.end), true, &mut |p| {
            self.piece(p)
        });
    }

    fn piece(&mut self, p: Piece) {
        let pre = self.c.pre > 0;
        let emph = self.c.emph > 0;
        let (text, span): (Option<&str>, Span) = match p {
            Piece::Ws(s) if !pre => return self.cur.space(s),
            Piece::Ws(s) | Piece::Text(s) => (None, s),
            Piece::Char(c, s) => {
                if !pre && is_html_ws(c) {
                    return self.cur.space(s);
                }
                let mut buf = [0u8; 4];
                let t: &str = c.encode_utf8(&mut buf);
                if self.cur.start.is_none() {
                    let k = self.kind_now();
                    self.cur.open(s.start, k);
                }
                self.cur.visible(self.src, Some(t), s, emph);
                return;
            }
        };
        if self.cur.start.is_none() {
            let k = self.kind_now();
            self.cur.open(span.start, k);
        }
        self.cur.visible(self.src, text, span, emph);
    }

    fn title_text(&mut self, span: Span) {
        let src = self.src;
        let Some(t) = self.title.as_mut() else { return };
        walk(src, span, true, &mut |p| match p {
            Piece::Ws(s) => t.space(s),
            Piece::Char(c, s) if is_html_ws(c) => t.space(s),
            Piece::Text(s) => {
                t.open(s.start, (BlockKind::Heading, 1));
                t.visible(src, None, s, false);
            }
            Piece::Char(c, s) => {
                let mut buf = [0u8; 4];
                t.open(s.start, (BlockKind::Heading, 1));
                t.visible(src, Some(c.encode_utf8(&mut buf)), s, false);
            }
        });
    }

    fn comment(&mut self, span: Span) {
        if self.suppressed() {
            return;
        }
        let block = Block {
            kind: BlockKind::Html,
            level: 0,
            span,
            text: MappedText::from_source(self.src, span),
            emphasis_only: false,
            turn: None,
            sentences: Vec::new(),
        };
        if self.cur.start.is_some() {
            self.pending.push(block);
        } else {
            self.out.push(block);
        }
    }

    fn start(&mut self, name: String, span: Span, attrs: Span, self_closing: bool) {
        let mut flags = class(&name);
        if self.c.foreign > 0 {
            if breaks_foreign(&name) {
                while self.c.foreign > 0 && self.pop() {}
            } else {
                if !self_closing {
                    self.push(name, flags & FOREIGN);
                }
                return;
            }
        }
        if self.c.head > 0 && !head_content(&name) {
            self.close_head();
        }
        if flags & BLOCK != 0 {
            self.finish();
        }
        if name == "html" || name == "body" {
            return;
        }
        if flags & CLOSES_P != 0 {
            let stop = |o: &Open| o.flags & SCOPE != 0 || o.name == "button";
            self.close_named(&["p"], stop);
        }
        match name.as_str() {
            "li" => self.close_named(&["li"], |o| {
                o.flags & (BLOCK | SCOPE) != 0
                    && !matches!(o.name.as_str(), "div" | "p" | "address")
            }),
            "dt" | "dd" => self.close_named(&["dt", "dd"], |o| {
                o.flags & (BLOCK | SCOPE) != 0
                    && !matches!(o.name.as_str(), "div" | "p" | "address")
            }),
            "td" | "th" => {
                self.close_named(&["td", "th"], |o| matches!(o.name.as_str(), "tr" | "table"))
            }
            "tr" => self.close_named(&["tr"], |o| o.name == "table"),
            "option" => self.close_named(&["option"], |o| o.name != "option"),
            // A heading start tag ends an open heading.
            _ if flags & HEADING != 0
                && self.stack.last().is_some_and(|o| o.flags & HEADING != 0) =>
            {
                self.pop();
            }
            _ => {}
        }
        if matches!(name.as_str(), "article" | "main" | "h1") && self.c.skip > 0 {
            // A <form> around the article is a page wrapper, not a comment form.
            for i in 0..self.stack.len() {
                if self.stack[i].name == "form" && self.stack[i].flags & SKIP != 0 {
                    self.stack[i].flags &= !SKIP;
                    self.c.skip = self.c.skip.saturating_sub(1);
                }
            }
        }
        if flags & VOID != 0 {
            if name == "br" {
                self.br(span);
            } else if flags & BLOCK == 0 {
                self.inline_mark(span);
            }
            return;
        }
        if flags & RAW != 0 {
            if name == "title" && self.title.is_none() {
                self.title = Some(Acc::default());
                self.in_title = true;
            }
            self.lx.raw = Some(name.clone());
        }
        if name == "header" && self.c.article == 0 {
            flags |= CHROME;
        }
        if has_attr(self.src, attrs, "hidden") {
            flags |= SKIP;
        }
        if flags & PRE != 0 {
            self.pre_newline = true;
        }
        self.push(name, flags);
        if flags & (BLOCK | SKIP) == 0 {
            self.inline_mark(span);
        }
    }

    fn end(&mut self, name: &str, span: Span) {
        let flags = class(name);
        if self.c.foreign > 0 {
            if name == "br" || name == "p" {
                while self.c.foreign > 0 && self.pop() {}
            } else {
                let stop = |o: &Open| o.flags & FOREIGN != 0;
                if let Some(i) = self.find_open(|o| o.name == name, stop) {
                    self.pop_to(i);
                }
                return;
            }
        }
        if name == "br" {
            // `</br>` is read as `<br>`.
            self.br(span);
            return;
        }
        if flags & BLOCK != 0 {
            self.finish();
        }
        if name == "html" || name == "body" {
            return;
        }
        if flags & HEADING != 0 {
            // `</h2>` closes an open `<h1>` too.
            if let Some(i) = self.find_open(|o| o.flags & HEADING != 0, |o| o.flags & SCOPE != 0) {
                self.pop_to(i);
            }
            return;
        }
        let stop = |o: &Open| o.flags & SCOPE != 0 && o.name != name;
        if let Some(i) = self.find_open(|o| o.name == name, stop) {
            self.pop_to(i);
        }
        if flags & (BLOCK | SKIP) == 0 && !self.suppressed() && self.cur.start.is_some() {
            self.cur.end = self.cur.end.max(span.end);
        }
    }

    /// Use the `<title>` as the headline when the page has no `<h1>` and no
    /// early `<h1>`/`<h2>` that `Document::from_blocks` would pick.
    fn add_title(&mut self) {
        let Some(t) = self.title.take() else { return };
        let Some(start) = t.start else { return };
        if t.text.as_str().trim().is_empty() {
            return;
        }
        let has_h1 = self
            .out
            .iter()
            .any(|b| b.kind == BlockKind::Heading && b.level == 1);
        let early = self
            .out
            .iter()
            .filter(|b| b.kind != BlockKind::Html)
            .take(4)
            .any(|b| b.kind == BlockKind::Heading && b.level <= 2);
        if has_h1 || early {
            return;
        }
        let text = strip_site_suffix(t.text);
        let span = text
            .source_span()
            .unwrap_or(Span::new(start, t.end.max(start)));
        let block = Block {
            kind: BlockKind::Heading,
            level: 1,
            span,
            text,
            emphasis_only: false,
            turn: None,
            sentences: Vec::new(),
        };
        let at = self.out.partition_point(|b| b.span.start <= span.start);
        self.out.insert(at, block);
    }
}

/// Remove a short site-name suffix from a page title
/// ("Talks will continue – Kyiv Daily" -> "Talks will continue").
fn strip_site_suffix(text: MappedText) -> MappedText {
    let s = text.as_str();
    let cut = [" | ", " – ", " — ", " - ", " :: ", " · "]
        .iter()
        .filter_map(|sep| s.rfind(sep).map(|i| (i, sep.len())))
        .max();
    if let Some((i, n)) = cut {
        let head = s[..i].trim_end();
        let tail = &s[i + n..];
        let tail_words = crate::document::word_count(tail);
        if (1..=5).contains(&tail_words) && crate::document::word_count(head) >= 3 {
            return text.slice(0, head.len());
        }
    }
    text
}

/// Does the tag whose attribute region is `attrs` have attribute `name`?
fn has_attr(src: &str, attrs: Span, name: &str) -> bool {
    let region = &src.as_bytes()[attrs.range()];
    if find(&region.to_ascii_lowercase(), name.as_bytes()).is_none() {
        return false;
    }
    let mut list = Vec::new();
    scan_tag_rest(src.as_bytes(), attrs.start, Some(&mut list));
    list.iter()
        .any(|(n, _)| src.as_bytes()[n.range()].eq_ignore_ascii_case(name.as_bytes()))
}

/// The character encoding an HTML document declares near its start: a
/// `<meta charset=…>`, a `<meta http-equiv="Content-Type" content="…;
/// charset=…">`, or an XML declaration's `encoding`. Works on raw bytes
/// (the document is not decoded yet); looks at the first 4 KiB.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let value = |s: Span| String::from_utf8_lossy(&head[s.range()]).trim().to_string();
    if head.starts_with(b"<?xml") {
        let mut attrs = Vec::new();
        let end = find(head, b"?>").unwrap_or(head.len());
        let _ = scan_tag_rest(&head[..end], 5, Some(&mut attrs));
        for (n, v) in &attrs {
            if head[n.range()].eq_ignore_ascii_case(b"encoding") {
                if let Some(v) = v {
                    return Some(value(*v));
                }
            }
        }
    }
    let mut i = 0;
    while i < head.len() {
        let rest = &head[i..];
        if rest.starts_with(b"<!--") {
            i += find(&rest[4..], b"-->").map_or(head.len(), |k| 4 + k + 3);
            continue;
        }
        if rest.len() > 5
            && rest[..5].eq_ignore_ascii_case(b"<meta")
            && (is_ws(rest[5]) || rest[5] == b'/')
        {
            let mut attrs = Vec::new();
            let end = scan_tag_rest(head, i + 5, Some(&mut attrs)).map_or(head.len(), |e| e.0);
            let get = |name: &[u8]| {
                attrs
                    .iter()
                    .find(|(n, _)| head[n.range()].eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.map(value).unwrap_or_default())
            };
            if let Some(cs) = get(b"charset") {
                if !cs.is_empty() {
                    return Some(cs);
                }
            }
            let equiv = get(b"http-equiv").unwrap_or_default();
            if equiv.eq_ignore_ascii_case("content-type") {
                if let Some(cs) = get(b"content").and_then(|c| charset_from_content(&c)) {
                    return Some(cs);
                }
            }
            i = end;
            continue;
        }
        i += 1;
    }
    None
}

/// `text/html; charset=windows-1251` -> `windows-1251`.
fn charset_from_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = content[at + 7..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let end = rest
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(rest.len());
    let cs = &rest[..end];
    (!cs.is_empty()).then(|| cs.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, InputFormat, ParseOptions};

    fn kinds(src: &str) -> Vec<(BlockKind, String)> {
        blocks(src)
            .into_iter()
            .map(|b| (b.kind, b.text.as_str().to_string()))
            .collect()
    }

    fn texts(src: &str) -> Vec<String> {
        blocks(src)
            .into_iter()
            .filter(|b| b.kind != BlockKind::Html)
            .map(|b| b.text.as_str().to_string())
            .collect()
    }

    /// Source bytes of the visible-text range of `needle` in block `b`.
    fn src_of<'s>(src: &'s str, b: &Block, needle: &str) -> &'s str {
        let at = b.text.as_str().find(needle).expect("needle in text");
        &src[b.src(at, at + needle.len()).range()]
    }

    #[test]
    fn entities_decode_and_map_to_their_source() {
        let src = "<p>Podoliak&rsquo;s view &amp; more: &#8217;&#x2019;&copy 2024 &bogus; a&b &#0;&#146;&nbsp;x</p>";
        let b = blocks(src);
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].text.as_str(),
            "Podoliak’s view & more: ’’© 2024 &bogus; a&b \u{fffd}’\u{a0}x"
        );
        assert_eq!(src_of(src, &b[0], "Podoliak’s"), "Podoliak&rsquo;s");
        assert_eq!(src_of(src, &b[0], "Podoliak"), "Podoliak");
        assert_eq!(src_of(src, &b[0], "’’©"), "&#8217;&#x2019;&copy");
        assert_eq!(src_of(src, &b[0], "&bogus;"), "&bogus;");
        assert_eq!(src_of(src, &b[0], "& more"), "&amp; more");
        // Legacy names without `;` take the longest known prefix.
        assert_eq!(entity("&notit;"), Some(('¬', 4)));
        assert_eq!(entity("&ampx"), Some(('&', 4)));
        assert_eq!(entity("&hellip;"), Some(('…', 8)));
        assert_eq!(entity("&mdash;"), Some(('—', 7)));
        assert_eq!(entity("&#x110000;"), Some(('\u{fffd}', 10)));
        assert_eq!(entity("&#99999999999999999999"), Some(('\u{fffd}', 22)));
        assert_eq!(entity("&#xD800;"), Some(('\u{fffd}', 8)));
        assert_eq!(entity("&#;"), None);
        assert_eq!(entity("&;"), None);
        assert_eq!(entity("&"), None);
        assert_eq!(entity("&hellip"), None, "not a legacy name");
    }

    #[test]
    fn entity_table_is_sorted_and_complete() {
        assert!(entities::ENTITIES
            .windows(2)
            .all(|w| w[0].0.as_bytes() < w[1].0.as_bytes()));
        assert!(entities::LEGACY.windows(2).all(|w| w[0] < w[1]));
        assert!(entities::LEGACY.iter().all(|n| lookup(n).is_some()));
        for (name, c) in [
            ("rsquo", '’'),
            ("lsquo", '‘'),
            ("ldquo", '“'),
            ("rdquo", '”'),
            ("bdquo", '„'),
            ("ndash", '–'),
            ("mdash", '—'),
            ("nbsp", '\u{a0}'),
            ("apos", '\''),
            ("euro", '€'),
            ("Ouml", 'Ö'),
            ("thetasym", 'ϑ'),
            ("raquo", '»'),
        ] {
            assert_eq!(lookup(name), Some(c), "{name}");
        }
        // The whole HTML 4.01 set (252) plus HTML5 extras.
        assert!(entities::ENTITIES.len() > 252);
    }

    #[test]
    fn whitespace_collapses_and_maps_to_the_whole_run() {
        let src = "<p>\n   One   two\n\tthree <b> four</b>  </p>";
        let b = blocks(src);
        assert_eq!(b[0].text.as_str(), "One two three four");
        let t = b[0].text.as_str();
        let sp = t.find(' ').unwrap();
        assert_eq!(&src[b[0].src(sp, sp + 1).range()], "   ");
        let sp2 = t.find(" three").unwrap();
        assert_eq!(&src[b[0].src(sp2, sp2 + 1).range()], "\n\t");
        // The span is the content: no leading/trailing whitespace, no <p>.
        assert_eq!(&src[b[0].span.range()], "One   two\n\tthree <b> four</b>");
        assert_eq!(src_of(src, &b[0], "three four"), "three <b> four");
    }

    #[test]
    fn nested_inline_tags() {
        let src =
            "<p>A <em>very <strong>bold</strong></em> <a href=\"/x?a=1&amp;b=2\">claim</a>.</p>";
        let b = blocks(src);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text.as_str(), "A very bold claim.");
        assert_eq!(src_of(src, &b[0], "bold"), "bold");
        assert_eq!(
            src_of(src, &b[0], "bold claim"),
            "bold</strong></em> <a href=\"/x?a=1&amp;b=2\">claim"
        );
        assert!(!b[0].emphasis_only);
    }

    #[test]
    fn br_breaks_lines_and_two_brs_split_paragraphs() {
        let src = "<div>One<br>two <br/> three<br>\n<br>Four<br><br><br>Five<br></div>";
        let b = blocks(src);
        let t: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(t, ["One\ntwo\nthree", "Four", "Five"]);
        let nl = b[0].text.as_str().find('\n').unwrap();
        assert_eq!(&src[b[0].src(nl, nl + 1).range()], "<br>");
        assert_eq!(&src[b[0].span.range()], "One<br>two <br/> three");
        assert_eq!(&src[b[1].span.range()], "Four");
        assert_eq!(&src[b[2].span.range()], "Five");
        // `</br>` is a line break too.
        assert_eq!(texts("<p>a</br></br>b</p>"), ["a", "b"]);
    }

    #[test]
    fn malformed_markup_is_tolerated() {
        let src = "<P CLASS='x>y'>First <B>bold\n<P>Second</div></span>\n<UL><LI>one<LI>two</UL>\n<p title=\"a > b\">Third</p></p></html>tail";
        assert_eq!(
            kinds(src),
            [
                (BlockKind::Paragraph, "First bold".to_string()),
                (BlockKind::Paragraph, "Second".to_string()),
                (BlockKind::ListItem, "one".to_string()),
                (BlockKind::ListItem, "two".to_string()),
                (BlockKind::Paragraph, "Third".to_string()),
                (BlockKind::Paragraph, "tail".to_string()),
            ]
        );
        // A tag cut off by the end of input is dropped; a lone `<` is text.
        assert_eq!(
            texts("<p>a < b and c<d</p><p>x <a href=\"y"),
            ["a < b and c", "x"]
        );
        assert_eq!(
            texts("1 <3 you, <  > and </ 3> <!x> <?php ?>done"),
            ["1 <3 you, < > and done"]
        );
        assert_eq!(texts("<p>x</>y</p>"), ["xy"]);
        // Unclosed comment runs to the end.
        let b = blocks("<p>a</p><!-- open");
        assert_eq!(b[1].kind, BlockKind::Html);
        assert_eq!(b[1].text.as_str(), "<!-- open");
    }

    #[test]
    fn implied_end_tags_in_lists_tables_and_definitions() {
        let src = "<ol><li>a<ul><li>a1<li>a2</ul>after<li>b</ol><table><tr><td>c1<td>c2<tr><th>h</table><dl><dt>t<dd>d</dl>";
        assert_eq!(
            kinds(src),
            [
                (BlockKind::ListItem, "a".into()),
                (BlockKind::ListItem, "a1".into()),
                (BlockKind::ListItem, "a2".into()),
                (BlockKind::ListItem, "after".into()),
                (BlockKind::ListItem, "b".into()),
                (BlockKind::Paragraph, "c1".into()),
                (BlockKind::Paragraph, "c2".into()),
                (BlockKind::Paragraph, "h".into()),
                (BlockKind::Paragraph, "t".into()),
                (BlockKind::Paragraph, "d".into()),
            ]
        );
    }

    #[test]
    fn scripts_styles_and_page_chrome_are_skipped() {
        let src = r#"<html><head><title>T</title><style>p{color:red}</style>
<script>var s = "<p>Vote for Smith</p>"; if (a<b) {}</script></head>
<body><header class="site"><a href="/">Logo</a><nav>Home | News</nav></header>
<noscript><p>Enable JS</p></noscript><template><p>tpl</p></template>
<svg><title>icon</title><text>svg text</text><style/></svg>
<article><header><h1>Real title</h1><p>By A. Writer</p></header>
<p>Body <script>document.write("x")</script>text.</p>
<aside><p>Related: other story</p></aside>
<p>Share on: Facebook | Twitter</p><p hidden>secret</p>
<form><p>Leave a Comment</p></form><footer>© 2024 Site</footer></article>
<SCRIPT type="x">never</SCRIPT ><p>End.</p></body></html>"#;
        assert_eq!(
            texts(src),
            [
                "Real title",
                "By A. Writer",
                "Body text.",
                "Share on: Facebook | Twitter",
                "End."
            ]
        );
    }

    #[test]
    fn unclosed_svg_ends_at_html_content() {
        assert_eq!(texts("<svg><path d='M0'><p>Visible</p>"), ["Visible"]);
        assert_eq!(texts("<p>a<math><mi>x</mi></math>b</p>"), ["ab"]);
        assert_eq!(texts("<script>never closed <p>x</p>"), Vec::<String>::new());
        assert_eq!(texts("<style>a</stylex></style><p>y</p>"), ["y"]);
    }

    #[test]
    fn page_header_keeps_headings_only_and_wrapping_forms_are_content() {
        let src = "<body><header><p>Site tagline</p><h1>Headline in header</h1></header><p>Body.</p></body>";
        assert_eq!(texts(src), ["Headline in header", "Body."]);
        let aspnet = "<form id=f><div>Login</div><main><h1>Title</h1><p>Body.</p></main></form><form><p>Leave a Comment</p></form>";
        assert_eq!(texts(aspnet), ["Title", "Body."]);
    }

    #[test]
    fn comments_are_html_blocks_in_source_order() {
        let src = "<!-- top --><p>One <!-- copydesk-disable-next x --> two</p><p>Three</p>";
        let b = blocks(src);
        let got: Vec<(BlockKind, &str)> = b.iter().map(|b| (b.kind, b.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (BlockKind::Html, "<!-- top -->"),
                (BlockKind::Paragraph, "One two"),
                (BlockKind::Html, "<!-- copydesk-disable-next x -->"),
                (BlockKind::Paragraph, "Three"),
            ]
        );
        assert!(b.windows(2).all(|w| w[0].span.start <= w[1].span.start));
        assert_eq!(&src[b[2].span.range()], "<!-- copydesk-disable-next x -->");
        // Comments inside skipped containers are not content.
        assert_eq!(
            blocks("<head><!-- h --></head><nav><!-- n --></nav>").len(),
            0
        );
        // `<!-->` and `<!--->` are complete (empty) comments.
        assert_eq!(texts("<!-->a<!--->b"), ["ab"]);
    }

    #[test]
    fn cdata_is_transparent() {
        assert_eq!(
            texts("<p><![CDATA[x < y]]> and z</p><![CDATA[<p>Feed item</p>]]>"),
            ["x < y and z", "Feed item"]
        );
    }

    #[test]
    fn emphasis_only_blocks() {
        let b = blocks(
            "<p><strong>Introduction</strong></p><p><b>Section 1:</b> <i>Things</i></p><p>plain <em>mixed</em></p><h2>Head</h2><p><strong>A</strong>&nbsp;</p>",
        );
        let e: Vec<bool> = b.iter().map(|b| b.emphasis_only).collect();
        assert_eq!(e, [true, true, false, false, true]);
    }

    #[test]
    fn lists_quotes_code_and_headings() {
        let src = "<h2 id=x>Sub <a href=#>head</a></h2><ul>\n<li><p>item <b>one</b></p></li>\n<li>item two\n</ul><blockquote><p>Quoted one.</p>Quoted two.<ul><li>q-item</li></ul></blockquote><pre>\n  let x = 1;\n  x &lt; 2<br>end</pre><H6>Six</H6>";
        let b = blocks(src);
        let got: Vec<(BlockKind, u8, &str)> = b
            .iter()
            .map(|b| (b.kind, b.level, b.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (BlockKind::Heading, 2, "Sub head"),
                (BlockKind::ListItem, 0, "item one"),
                (BlockKind::ListItem, 0, "item two"),
                (BlockKind::Quote, 0, "Quoted one."),
                (BlockKind::Quote, 0, "Quoted two."),
                (BlockKind::ListItem, 0, "q-item"),
                (BlockKind::Code, 0, "  let x = 1;\n  x < 2\nend"),
                (BlockKind::Heading, 6, "Six"),
            ]
        );
        assert_eq!(&src[b[0].span.range()], "Sub <a href=#>head</a>");
        assert_eq!(&src[b[6].span.range()], "  let x = 1;\n  x &lt; 2<br>end");
    }

    #[test]
    fn headline_from_h1_else_title() {
        let opts = ParseOptions::default();
        let with_h1 = "<html><head><title>Real title – Kyiv Daily</title></head><body><p>Home » World » Ukraine</p><h1>Real title</h1><p>Body text here.</p>";
        let d = Document::parse(with_h1, InputFormat::Html, &opts);
        let h = d.headline.expect("headline");
        assert_eq!(h.text, "Real title");
        assert_eq!(&with_h1[h.span.range()], "Real title");
        assert!(h.span.start > with_h1.find("<h1>").unwrap());

        let no_h1 = "<!-- generator --><title>Council passes &ldquo;balanced&rdquo; budget | Tribune-Star</title><p>By Staff</p><p>The council voted 7-2 on Tuesday night.</p>";
        let d = Document::parse(no_h1, InputFormat::Html, &opts);
        let h = d.headline.expect("headline from title");
        assert_eq!(h.text, "Council passes “balanced” budget");
        assert_eq!(
            &no_h1[h.span.range()],
            "Council passes &ldquo;balanced&rdquo; budget"
        );
        assert_eq!(d.blocks[h.block].kind, BlockKind::Heading);

        // An early <h2> is the headline; the title is not added.
        let h2 = "<title>T one two</title><h2>Second level title</h2><p>x y z.</p>";
        let d = Document::parse(h2, InputFormat::Html, &opts);
        assert_eq!(d.headline.unwrap().text, "Second level title");
        assert_eq!(d.blocks.len(), 2);
        // A leading comment does not hide the headline.
        let c = "<!-- a --><!-- b --><!-- c --><!-- d --><h1>Title words</h1><p>Body.</p>";
        let d = Document::parse(c, InputFormat::Html, &opts);
        assert_eq!(d.headline.unwrap().text, "Title words");
    }

    #[test]
    fn title_suffix_only_when_short() {
        let t = |s: &str| {
            let mut m = MappedText::new();
            m.push_exact(s, 0);
            strip_site_suffix(m).as_str().to_string()
        };
        assert_eq!(t("Talks will continue – Kyiv Daily"), "Talks will continue");
        assert_eq!(t("Ukraine - Russia talks"), "Ukraine - Russia talks");
        assert_eq!(
            t("Budget passes - 7-2 vote | Tribune-Star"),
            "Budget passes - 7-2 vote"
        );
        assert_eq!(t("No suffix here at all"), "No suffix here at all");
    }

    #[test]
    fn html_turns_are_detected_with_the_builtin_labels() {
        let pack = crate::rule::load::builtin().expect("builtin pack");
        let src = "<h1>An interview</h1>\n<p><strong>Q:</strong> Where did it start?</p>\n<p><STRONG>A: </STRONG>In Baltimore.</p>\n<p><b>(Dr. Ivanova)</b>: Because.</p>\n<p>Q: Plain label?</p>\n<p><strong>A:</strong></p>";
        let d = Document::parse(src, InputFormat::Html, &pack.parse);
        let turns: Vec<(&str, &str, &str)> = d
            .blocks
            .iter()
            .filter_map(|b| {
                let t = b.turn.as_ref()?;
                Some((t.label.as_str(), &src[t.label_span.range()], b.turn_body()))
            })
            .collect();
        assert_eq!(
            turns,
            [
                ("Q", "<strong>Q:</strong>", "Where did it start?"),
                ("A", "<STRONG>A: </STRONG>", "In Baltimore."),
                ("Dr. Ivanova", "<b>(Dr. Ivanova)</b>:", "Because."),
                ("Q", "Q: ", "Plain label?"),
                ("A", "<strong>A:</strong>", ""),
            ]
        );
    }

    #[test]
    fn bom_is_skipped_but_counted() {
        let src = "\u{feff}<p>Text</p>";
        let b = blocks(src);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text.as_str(), "Text");
        assert_eq!(b[0].span, Span::new(6, 10));
    }

    #[test]
    fn declared_charsets() {
        assert_eq!(
            declared_charset(b"<html><head><meta charset=\"windows-1251\">").as_deref(),
            Some("windows-1251")
        );
        assert_eq!(
            declared_charset(
                b"<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-1'>"
            )
            .as_deref(),
            Some("ISO-8859-1")
        );
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"koi8-r\"?><html>").as_deref(),
            Some("koi8-r")
        );
        assert_eq!(
            declared_charset(
                b"<!-- <meta charset=x> --><meta name=a content=b><meta charset=utf-8>"
            )
            .as_deref(),
            Some("utf-8")
        );
        assert_eq!(declared_charset(b"<p>no declaration</p>"), None);
        assert_eq!(declared_charset(b"<meta charset="), None);
        assert_eq!(
            charset_from_content("text/html;charset=\"gbk\""),
            Some("gbk".into())
        );
    }

    // ------------------------------------------------------ randomized soup

    struct XorShift(u64);
    impl XorShift {
        fn next(&mut self) -> u64 {
            let mut x = self.0;
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            self.0 = x;
            x
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    const SOUP: &[&str] = &[
        "<p>",
        "</p>",
        "<P class='a>b'>",
        "<div>",
        "</div>",
        "<br>",
        "<br/>",
        "</br>",
        "<strong>",
        "</strong>",
        "<b>",
        "</b>",
        "<em>",
        "<i>",
        "</i>",
        "<li>",
        "</li>",
        "<ul>",
        "</ul>",
        "<h1>",
        "</h1>",
        "<h2 id=x>",
        "</h3>",
        "<blockquote>",
        "</blockquote>",
        "<pre>",
        "</pre>",
        "<script>",
        "</script>",
        "<style>",
        "</style >",
        "<title>",
        "</title>",
        "<svg>",
        "</svg>",
        "<math>",
        "<nav>",
        "</nav>",
        "<header>",
        "</header>",
        "<article>",
        "<form>",
        "</form>",
        "<table><tr><td>",
        "</td>",
        "<template>",
        "<!--",
        "-->",
        "<!-->",
        "<![CDATA[",
        "]]>",
        "<!DOCTYPE html>",
        "<?x?>",
        "</>",
        "<",
        ">",
        "&",
        "&amp;",
        "&amp",
        "&rsquo;",
        "&#8217;",
        "&#x2019;",
        "&#",
        "&#x;",
        "&#0;",
        "&#150;",
        "&nbsp;",
        "&notit;",
        "\"",
        "'",
        "=",
        " ",
        "  ",
        "\n",
        "\r\n",
        "\t",
        "Podoliak",
        "Подоляк",
        "’",
        "é",
        "😀",
        "\u{feff}",
        "Q:",
        "word",
        ".",
        "<a href=\"x>y\">",
        "</a>",
        "<img src=x>",
        "<p hidden>",
        "<head>",
        "</head>",
        "<body>",
        "<noscript>",
        "</noscript>",
        "<textarea>",
        "<meta charset=",
        "<STRONG>",
        "</STRONG>",
        "<xmp>",
        "<plaintext>",
        "<!x",
        "</ 3>",
        "<li",
        "<p a=\"",
    ];

    fn soup(rng: &mut XorShift) -> String {
        let n = 1 + rng.below(60);
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(SOUP[rng.below(SOUP.len())]);
        }
        s
    }

    fn check_invariants(src: &str) {
        let bs = blocks(src);
        let mut prev_start = 0;
        for b in &bs {
            assert!(
                b.span.start <= b.span.end && b.span.end <= src.len(),
                "{src:?}"
            );
            assert!(src.is_char_boundary(b.span.start) && src.is_char_boundary(b.span.end));
            assert!(b.span.start >= prev_start, "blocks out of order in {src:?}");
            prev_start = b.span.start;
            let text = b.text.as_str();
            let mut last_src = 0;
            for (i, c) in text.char_indices() {
                let s = b.src(i, i + c.len_utf8());
                assert!(s.start <= s.end && s.end <= src.len(), "{src:?}");
                assert!(src.is_char_boundary(s.start) && src.is_char_boundary(s.end));
                assert!(s.start >= last_src, "text maps backwards in {src:?}");
                last_src = s.start;
                if b.kind != BlockKind::Html {
                    assert!(
                        b.span.contains(s),
                        "char {c:?} outside block span in {src:?}"
                    );
                }
                let raw = &src[s.range()];
                let ok = raw == c.encode_utf8(&mut [0; 4])
                    || (c == ' ' && !raw.is_empty() && raw.bytes().all(is_ws))
                    || (c == '\n' && raw.starts_with('<'))
                    || raw.starts_with('&');
                assert!(ok, "char {c:?} maps to {raw:?} in {src:?}");
            }
            let whole = b.src(0, text.len());
            assert!(whole.end <= src.len());
        }
    }

    #[test]
    fn random_tag_soup_never_panics_and_maps_exactly() {
        let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..3000 {
            let s = soup(&mut rng);
            check_invariants(&s);
            // Every prefix too (truncated files), at char boundaries.
            let cut = crate::span::floor_char_boundary(&s, rng.below(s.len() + 1));
            check_invariants(&s[..cut]);
            let d = Document::parse(&s, InputFormat::Html, &ParseOptions::default());
            if let Some(h) = d.headline {
                assert!(h.span.end <= s.len());
            }
        }
    }

    #[test]
    fn many_comments_are_linear() {
        // Each comment used to search the rest of the input for `--!>`.
        let src = "<p>x</p><!-- c -->".repeat(50_000);
        let b = blocks(&src);
        assert_eq!(b.len(), 100_000);
        let odd = "<!-- a --!><p>y</p>".repeat(20_000);
        assert_eq!(texts(&odd).len(), 20_000);
        assert_eq!(blocks(&odd)[0].text.as_str(), "<!-- a --!>");
    }

    #[test]
    fn deep_nesting_is_linear() {
        let src = "<div><b>".repeat(20_000) + "x" + &"</b></div>".repeat(20_000);
        let b = blocks(&src);
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].text.as_str(), "x");
    }
}
