//! Input formats: each parses source text into [`crate::document::Block`]s.

pub mod html;
pub mod markdown;
pub mod text;

use crate::document::InputFormat;

/// Guess the format of text without a file name (stdin, archive records).
pub fn sniff(text: &str) -> InputFormat {
    let head: &str = &text[..crate::span::floor_char_boundary(text, 4096)];
    let lower = head.trim_start().to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<body")
        || lower.matches("<p>").count() >= 2
    {
        return InputFormat::Html;
    }
    let md_signals = head.lines().filter(|l| {
        let t = l.trim_start();
        t.starts_with("# ")
            || t.starts_with("## ")
            || t.starts_with("**")
            || t.starts_with("- ")
            || t.starts_with("> ")
            || t.contains("](")
    });
    if md_signals.count() >= 1 {
        InputFormat::Markdown
    } else {
        InputFormat::Text
    }
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
        assert!(looks_like_markdown("Title\n\n**Introduction**\n\nText"));
        assert!(!looks_like_markdown(
            "Title\n\nA *little* emphasis.\n\n- a list"
        ));
    }
}
