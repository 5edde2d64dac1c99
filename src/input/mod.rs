//! Input formats: each parses source text into [`crate::document::Block`]s.

pub mod html;
pub mod markdown;
pub mod text;

use crate::document::InputFormat;

/// Guess the format of text without a file name (stdin, archive records).
///
/// HTML: a document start (`<!DOCTYPE html>`, `<html>`, `<head>`, `<body>`,
/// `<meta>`), text that opens with a block-level tag (`<p>`, `<div>`,
/// `<article>`, `<h1>`…), or more block-level tags than Markdown signals
/// (at least two). Markdown that merely contains a `<br>` or an HTML comment
/// stays Markdown. A leading byte-order mark is ignored.
pub fn sniff(text: &str) -> InputFormat {
    let head: &str = &text[..crate::span::floor_char_boundary(text, 4096)];
    let head = head.strip_prefix('\u{feff}').unwrap_or(head);
    // Every HTML signal below opens with `<`: text without one is Markdown
    // or plain, told by its first Markdown line (no lowercase copy, no
    // count).
    if memchr::memchr(b'<', head.as_bytes()).is_none() {
        return if head.lines().any(markdown_line) {
            InputFormat::Markdown
        } else {
            InputFormat::Text
        };
    }
    let lower = head.trim_start().to_ascii_lowercase();
    const DOC_STARTS: [&str; 5] = ["<!doctype html", "<html", "<head", "<body", "<meta"];
    if DOC_STARTS.iter().any(|s| lower.starts_with(s)) || lower.contains("<body") {
        return InputFormat::Html;
    }
    let md_signals = head.lines().filter(|l| markdown_line(l)).count();
    if starts_with_block_tag(&lower) || {
        let tags = html_tags(&lower);
        tags >= 2 && tags > md_signals
    } {
        return InputFormat::Html;
    }
    if md_signals >= 1 {
        InputFormat::Markdown
    } else {
        InputFormat::Text
    }
}

/// Does a line open with Markdown block syntax (a heading, bold, a list
/// item, a quote) or hold a link (`](`)?
fn markdown_line(l: &str) -> bool {
    let t = l.trim_start();
    let b = t.as_bytes();
    t.starts_with("# ")
        || t.starts_with("## ")
        || t.starts_with("**")
        || t.starts_with("- ")
        || t.starts_with("> ")
        // (`](` by its `]`: no substring searcher set up per line.)
        || memchr::memchr_iter(b']', b).any(|i| b.get(i + 1) == Some(&b'('))
}

/// Does plain text carry Markdown structure: a line that is all bold, a
/// bold speaker label, or an ATX heading?
pub fn looks_like_markdown(text: &str) -> bool {
    text.lines().take(2000).any(|l| {
        let t = l.trim();
        (t.starts_with("**") && t.len() > 4 && (t.ends_with("**") || t.contains(":**")))
            || (t.starts_with("## ") || t.starts_with("### "))
    })
}

/// Block-level tags that mark HTML text (lowercase, without the `>`).
const BLOCK_TAGS: [&str; 16] = [
    "p",
    "div",
    "article",
    "section",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "blockquote",
];

/// Is `rest` (after `<` or `</`) one of [`BLOCK_TAGS`] followed by `>`,
/// whitespace or `/`?
fn is_block_tag(rest: &str) -> bool {
    BLOCK_TAGS.iter().any(|t| {
        rest.strip_prefix(t)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| c == '>' || c == '/' || c.is_ascii_whitespace())
    })
}

fn starts_with_block_tag(lower: &str) -> bool {
    lower.strip_prefix('<').is_some_and(is_block_tag)
}

/// Count block-level start and end tags (`<p>`, `<div class=x>`, `</li>`).
fn html_tags(lower: &str) -> usize {
    lower
        .match_indices('<')
        .filter(|(i, _)| {
            let rest = &lower[i + 1..];
            is_block_tag(rest.strip_prefix('/').unwrap_or(rest))
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(
            sniff("<!DOCTYPE html><html><body><p>x</p>"),
            InputFormat::Html
        );
        assert_eq!(sniff("# Title\n\nBody"), InputFormat::Markdown);
        assert_eq!(sniff("Title\n\nBody text."), InputFormat::Text);
        assert_eq!(
            sniff("Title\n\nSee [the report](https://example.org) here."),
            InputFormat::Markdown
        );
        assert_eq!(sniff("Title\n\nA ] ( b and [c] (d)."), InputFormat::Text);
        assert_eq!(sniff("Title\n\nOne.\n> quoted"), InputFormat::Markdown);
        assert!(looks_like_markdown("Title\n\n**Introduction**\n\nText"));
        assert!(!looks_like_markdown(
            "Title\n\nA *little* emphasis.\n\n- a list"
        ));
    }

    #[test]
    fn sniffs_html_fragments_and_bom() {
        assert_eq!(sniff("\u{feff}<!doctype html><p>x"), InputFormat::Html);
        assert_eq!(sniff("<p class=\"lead\">One.</p>"), InputFormat::Html);
        assert_eq!(sniff("  <DIV>One</DIV>"), InputFormat::Html);
        assert_eq!(
            sniff("Intro text\n<p>One.</p>\n<p>Two.</p>"),
            InputFormat::Html
        );
        assert_eq!(
            sniff("<meta charset=\"utf-8\"><title>T</title>"),
            InputFormat::Html
        );
        // Markdown with a little inline HTML stays Markdown.
        assert_eq!(
            sniff("# Title\n\nLine one<br>\nline two.\n\n<!-- note -->\n\n- item"),
            InputFormat::Markdown
        );
        assert_eq!(
            sniff("# Title\n\n**Q:** Why?\n\n**A:** <div>x</div>"),
            InputFormat::Markdown
        );
        // `<pre>`-less text mentioning a tag is not HTML.
        assert_eq!(sniff("Use the <p> tag."), InputFormat::Text);
        assert_eq!(sniff("<paragraph> is not a tag we know"), InputFormat::Text);
    }
}
