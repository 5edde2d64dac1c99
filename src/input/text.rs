//! Plain text: paragraphs separated by blank lines; `- `/`* `/`• ` lines are list items.

use crate::document::{Block, BlockKind, MappedText};
use crate::span::Span;

pub fn blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    let mut para_end = 0;
    let mut pos = 0;
    for line in src.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim();
        if trimmed.is_empty() {
            if let Some(s) = para_start.take() {
                out.push(block(src, BlockKind::Paragraph, Span::new(s, para_end)));
            }
            continue;
        }
        let lead = content.len() - content.trim_start().len();
        if is_bullet(trimmed) {
            if let Some(s) = para_start.take() {
                out.push(block(src, BlockKind::Paragraph, Span::new(s, para_end)));
            }
            let mut b = block(
                src,
                BlockKind::ListItem,
                Span::new(start + lead, start + content.trim_end().len()),
            );
            let marker = trimmed.chars().next().unwrap().len_utf8() + 1;
            b.text = MappedText::from_source(
                src,
                Span::new(start + lead + marker, start + content.trim_end().len()),
            );
            out.push(b);
            continue;
        }
        // Transcripts in plain text put each turn on its own line
        // ("Q: …" / "A: …" with no blank line between): a line that opens
        // with a speaker label, in a paragraph that opened with one, starts
        // a new paragraph (a turn).
        if let Some(s) = para_start {
            if opens_with_label(trimmed) && opens_with_label(&src[s..para_end]) {
                out.push(block(src, BlockKind::Paragraph, Span::new(s, para_end)));
                para_start = None;
            }
        }
        if para_start.is_none() {
            para_start = Some(start + lead);
        }
        para_end = start + content.trim_end().len();
    }
    if let Some(s) = para_start {
        out.push(block(src, BlockKind::Paragraph, Span::new(s, para_end)));
    }
    out
}

/// Does the line open with a speaker label: one to four capitalized words
/// (or initials, or `Q`/`A`) and a colon, then text or the end of line?
fn opens_with_label(line: &str) -> bool {
    let Some(colon) = line.find(':') else {
        return false;
    };
    if colon == 0
        || colon > 40
        || !line[colon + 1..]
            .chars()
            .next()
            .is_none_or(char::is_whitespace)
    {
        return false;
    }
    let words: Vec<&str> = line[..colon].split(' ').collect();
    words.len() <= 4
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.all(|c| c.is_alphabetic() || matches!(c, '.' | '\'' | '’' | '-'))
        })
}

fn is_bullet(line: &str) -> bool {
    let mut cs = line.chars();
    matches!(cs.next(), Some('-' | '*' | '•' | '–')) && cs.next() == Some(' ')
}

fn block(src: &str, kind: BlockKind, span: Span) -> Block {
    Block {
        kind,
        level: 0,
        span,
        text: MappedText::from_source(src, span),
        emphasis_only: false,
        turn: None,
        sentences: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_lines_are_turns() {
        let src = "Q: Why?\nA: Because.\nQ: And then?\n\nIntro line\nSpokesman: no.";
        let b = blocks(src);
        let texts: Vec<&str> = b.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Q: Why?",
                "A: Because.",
                "Q: And then?",
                "Intro line\nSpokesman: no."
            ]
        );
        assert!(!opens_with_label("The plan: more buses"));
        assert!(!opens_with_label("Q:A"));
        assert!(opens_with_label("RAFAEL QUINTERO: Yes"));
    }

    #[test]
    fn paragraphs_and_bullets() {
        let src = "Title\n\nFirst para\ncontinues.\n\n- one\n- two\n\nLast.";
        let b = blocks(src);
        assert_eq!(b.len(), 5);
        assert_eq!(b[1].text.as_str(), "First para\ncontinues.");
        assert_eq!(b[2].kind, BlockKind::ListItem);
        assert_eq!(b[2].text.as_str(), "one");
        assert_eq!(&src[b[2].span.range()], "- one");
        assert_eq!(&src[b[4].span.range()], "Last.");
    }
}
