//! Markdown via pulldown-cmark's offset iterator: markup is skipped, every
//! piece of visible text keeps its source range.

use crate::document::{Block, BlockKind, MappedText};
use crate::span::Span;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

struct Open {
    block: Block,
    /// Visible non-space text seen outside emphasis.
    plain_text: bool,
}

pub fn blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut cur: Option<Open> = None;
    let mut emph_depth = 0usize;
    let mut quote_depth = 0usize;
    let mut item_depth = 0usize;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;

    let finish = |cur: &mut Option<Open>, out: &mut Vec<Block>| {
        if let Some(mut o) = cur.take() {
            if let Some(ts) = o.block.text.source_span() {
                if o.block.kind == BlockKind::ListItem {
                    o.block.span = Span::new(o.block.span.start.min(ts.start), ts.end);
                }
            }
            trim_span(src, &mut o.block.span);
            o.block.emphasis_only = !o.plain_text && !o.block.text.as_str().trim().is_empty();
            out.push(o.block);
        }
    };
    let open = |kind: BlockKind, level: u8, start: usize, end: usize| Open {
        block: Block {
            kind,
            level,
            span: Span::new(start, end),
            // (The element's source length: its visible text is rarely longer,
            // so it is seldom copied as it grows.)
            text: MappedText::with_capacity(end - start),
            emphasis_only: false,
            turn: None,
            sentences: Vec::new(),
        },
        plain_text: false,
    };

    for (ev, range) in Parser::new_ext(src, opts).into_offset_iter() {
        match ev {
            Event::Start(tag) => match tag {
                Tag::Paragraph | Tag::TableCell => {
                    let reuse = matches!(&cur, Some(o) if o.block.kind == BlockKind::ListItem && o.block.text.is_empty());
                    if !reuse {
                        finish(&mut cur, &mut out);
                        let kind = if item_depth > 0 {
                            BlockKind::ListItem
                        } else if quote_depth > 0 {
                            BlockKind::Quote
                        } else {
                            BlockKind::Paragraph
                        };
                        cur = Some(open(kind, 0, range.start, range.end));
                    }
                }
                Tag::Heading { level, .. } => {
                    finish(&mut cur, &mut out);
                    cur = Some(open(
                        BlockKind::Heading,
                        level as u8,
                        range.start,
                        range.end,
                    ));
                }
                Tag::Item => {
                    finish(&mut cur, &mut out);
                    item_depth += 1;
                    cur = Some(open(BlockKind::ListItem, 0, range.start, range.end));
                }
                Tag::BlockQuote(_) => {
                    finish(&mut cur, &mut out);
                    quote_depth += 1;
                }
                Tag::CodeBlock(_) => {
                    finish(&mut cur, &mut out);
                    cur = Some(open(BlockKind::Code, 0, range.start, range.end));
                }
                Tag::HtmlBlock => {
                    finish(&mut cur, &mut out);
                    cur = Some(open(BlockKind::Html, 0, range.start, range.end));
                }
                Tag::Emphasis | Tag::Strong => emph_depth += 1,
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph
                | TagEnd::TableCell
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::HtmlBlock => finish(&mut cur, &mut out),
                TagEnd::Item => {
                    finish(&mut cur, &mut out);
                    item_depth = item_depth.saturating_sub(1);
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::Emphasis | TagEnd::Strong => emph_depth = emph_depth.saturating_sub(1),
                _ => {}
            },
            Event::Html(t) => {
                if cur.is_none() {
                    cur = Some(open(BlockKind::Html, 0, range.start, range.end));
                }
                let o = cur.as_mut().unwrap();
                o.block
                    .text
                    .push(&t, &src[range.clone()], Span::new(range.start, range.end));
            }
            // Inline tags are markup: skipped, never part of the visible text.
            Event::InlineHtml(_) => {}
            Event::Text(t) | Event::Code(t) => {
                if cur.is_none() {
                    let kind = if item_depth > 0 {
                        BlockKind::ListItem
                    } else {
                        BlockKind::Paragraph
                    };
                    cur = Some(open(kind, 0, range.start, range.end));
                }
                let o = cur.as_mut().unwrap();
                if emph_depth == 0 && !t.trim().is_empty() {
                    o.plain_text = true;
                }
                o.block
                    .text
                    .push(&t, &src[range.clone()], Span::new(range.start, range.end));
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(o) = cur.as_mut() {
                    o.block
                        .text
                        .push_mapped("\n", Span::new(range.start, range.end));
                }
            }
            _ => {}
        }
    }
    finish(&mut cur, &mut out);
    out
}

fn trim_span(src: &str, span: &mut Span) {
    let s = &src[span.range()];
    let trimmed = s.trim_end();
    span.end = span.start + trimmed.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_source_offsets() {
        let src = "# Title here\n\nA *para* with **bold**.\n\n**(Interviewer):** Hi?\n\n- one\n- two\n\n> quoted\n";
        let b = blocks(src);
        assert_eq!(b[0].kind, BlockKind::Heading);
        assert_eq!(b[0].text.as_str(), "Title here");
        assert_eq!(&src[b[0].text.source_span().unwrap().range()], "Title here");
        assert_eq!(b[1].text.as_str(), "A para with bold.");
        let t = b[1].text.as_str();
        let p = t.find("bold").unwrap();
        assert_eq!(&src[b[1].src(p, p + 4).range()], "bold");
        assert!(!b[2].emphasis_only);
        assert_eq!(b[3].kind, BlockKind::ListItem);
        assert_eq!(&src[b[3].span.range()], "- one");
        assert_eq!(b[5].kind, BlockKind::Quote);
    }

    #[test]
    fn emphasis_only_lines() {
        let b = blocks("**Introduction**\n\n**Section 1: Things**\n\nplain **mixed**\n");
        assert!(b[0].emphasis_only && b[1].emphasis_only && !b[2].emphasis_only);
    }

    #[test]
    fn unclosed_emphasis_is_text() {
        let src = "**(Interviewer):\n\n**(\n";
        let b = blocks(src);
        assert_eq!(b.len(), 2);
        assert_eq!(&src[b[0].span.range()], "**(Interviewer):");
        assert_eq!(&src[b[1].span.range()], "**(");
    }
}
