//! A small, tested sentence splitter.
//!
//! Splits after `.`, `!`, `?` or `…` (plus closing quotes and brackets) that
//! are followed by white space, except after an abbreviation ("Dr.", "No."),
//! an initial ("V."), or a dotted acronym ("U.S."). The next sentence may start
//! with any character: a lowercase start is exactly what the sentence-join
//! rule looks for, so the splitter must not require a capital.

use crate::kinds::language::WordHasher;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::ops::Range;

/// Abbreviations that do not end a sentence (without their final period).
#[derive(Debug, Clone)]
pub struct Abbreviations {
    /// (Looked up once per full stop: an FxHash-style hasher, not SipHash;
    /// the set is only looked into, never iterated.)
    words: HashSet<String, BuildHasherDefault<WordHasher>>,
}

pub const DEFAULT_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Ft", "Gen", "Col", "Lt", "Sgt",
    "Capt", "Cmdr", "Adm", "Maj", "Gov", "Sen", "Rep", "Rev", "Hon", "Pres", "Supt", "Insp", "Inc",
    "Ltd", "Co", "Corp", "Bros", "No", "Nos", "Nr", "Nо", "vs", "v", "e.g", "i.e", "approx", "ca",
    "cf", "al", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
    "Dec", "Fig", "fig", "Vol", "vol", "pp", "p", "Art", "Dept", "Univ", "Ave", "Blvd", "Rd",
    "Ph.D", "Ph", "M.D", "B.A", "M.A", "Mio", "Mrd", "bzw", "z.B", "ggf", "Nr", "Abs", "S", "Mme",
    "Mlle", "Me", "env", "Sra", "Srta", "Dña", "Dott", "Sig", "ул", "г", "гг", "др", "т.е", "т.д",
    "им",
];

impl Default for Abbreviations {
    fn default() -> Self {
        Abbreviations::new(DEFAULT_ABBREVIATIONS.iter().copied())
    }
}

impl Abbreviations {
    pub fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        Abbreviations {
            words: words
                .into_iter()
                .map(|w| w.trim_end_matches('.').to_string())
                .collect(),
        }
    }

    pub fn extend<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        self.words.extend(
            words
                .into_iter()
                .map(|w| w.trim_end_matches('.').to_string()),
        );
    }

    /// Does the token (the text before a period, without it) not end a sentence?
    pub fn is_abbreviation(&self, token: &str) -> bool {
        let token = token.trim_start_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() {
            return false;
        }
        if self.words.contains(token) {
            return true;
        }
        let mut chars = token.chars();
        let first = chars.next().unwrap();
        // A single capital letter: an initial ("V. Sergeev", "George W. Bush").
        if chars.next().is_none() && first.is_uppercase() {
            return true;
        }
        // Dotted acronyms: "U.S", "e.g", "a.m": two parts or more (so a
        // period inside), each one alphabetic character.
        token.contains('.')
            && token.split('.').all(|p| {
                let mut cs = p.chars();
                cs.next().is_some_and(char::is_alphabetic) && cs.next().is_none()
            })
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | '»' | '«' | ')' | ']' | '“' | '*' | '_'
    )
}

/// Does the sentence that `!` or `?` ends go on after a dash and a
/// lowercase word ("Vote for list 7! – a poster from 1991", "Who knows?
/// — she laughed")? A caption's or a dialogue's attribution continues it.
fn continues_after_dash(rest: &str) -> bool {
    // (On the same line: a dash opening the next line is the next turn's.)
    let mut it = rest.trim_start_matches([' ', '\t', '\u{a0}']).chars();
    matches!(it.next(), Some('–' | '—' | '―'))
        && it.next().is_some_and(|c| c == ' ' || c == '\u{a0}')
        && it
            .as_str()
            .trim_start_matches([' ', '\u{a0}'])
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// Split `text` into sentence byte ranges (trimmed of surrounding white space).
pub fn split(text: &str, abbr: &Abbreviations) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let char_at = |p: usize| text.get(p..).and_then(|t| t.chars().next());
    let mut pos = 0;
    // Skip to the next byte that can begin a terminal: `.`, `!`, `?`, or
    // the lead byte of `…` (E2), `。` (E3), `！`/`？` (EF). Lead bytes are
    // char boundaries. (Two SIMD searches, merged: the first position at
    // or after `pos` where either set's byte stands, as a byte-by-byte scan
    // for the six bytes would find.)
    let mut ascii = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut lead = memchr::memchr3_iter(0xE2, 0xE3, 0xEF, bytes).peekable();
    let mut next_candidate = |from: usize| {
        while ascii.next_if(|&p| p < from).is_some() {}
        while lead.next_if(|&p| p < from).is_some() {}
        match (ascii.peek(), lead.peek()) {
            (Some(&a), Some(&b)) => Some(a.min(b)),
            (a, b) => a.or(b).copied(),
        }
    };
    while let Some(k) = next_candidate(pos) {
        pos = k;
        let Some(c) = char_at(pos) else { break };
        if !is_terminal(c) {
            pos += c.len_utf8();
            continue;
        }
        // Consume the run of terminal and closing characters.
        let mut end = pos + c.len_utf8();
        let mut run_len = 1;
        while let Some(c2) = char_at(end) {
            if !(is_terminal(c2) || is_closing(c2)) {
                break;
            }
            end += c2.len_utf8();
            run_len += 1;
        }
        let term = pos;
        pos = end;
        let followed_by_space = char_at(end).is_none_or(char::is_whitespace);
        if !followed_by_space || (matches!(c, '!' | '?') && continues_after_dash(&text[end..])) {
            continue;
        }
        if c == '.' && run_len == 1 {
            // The token before the period.
            let tok_start = text[..term]
                .char_indices()
                .rev()
                .find(|(_, ch)| ch.is_whitespace() || matches!(ch, '(' | '“' | '"'))
                .map_or(0, |(k, ch)| k + ch.len_utf8());
            if abbr.is_abbreviation(&text[tok_start..term]) {
                continue;
            }
        }
        push_trimmed(text, start, end, &mut out);
        start = end;
    }
    push_trimmed(text, start, text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Range<usize>>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    if lead + trail < piece.len() {
        out.push(start + lead..end - trail);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The splitter before its byte skipping: every char looked at.
    fn split_reference(text: &str, abbr: &Abbreviations) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut it = text.char_indices().peekable();
        while let Some((pos, c)) = it.next() {
            if !is_terminal(c) {
                continue;
            }
            let mut end = pos + c.len_utf8();
            let mut run_len = 1;
            while let Some(&(p2, c2)) = it.peek() {
                if !(is_terminal(c2) || is_closing(c2)) {
                    break;
                }
                end = p2 + c2.len_utf8();
                run_len += 1;
                it.next();
            }
            if !it.peek().is_none_or(|(_, n)| n.is_whitespace())
                || (matches!(c, '!' | '?') && continues_after_dash(&text[end..]))
            {
                continue;
            }
            if c == '.' && run_len == 1 {
                let tok_start = text[..pos]
                    .char_indices()
                    .rev()
                    .find(|(_, ch)| ch.is_whitespace() || matches!(ch, '(' | '“' | '"'))
                    .map_or(0, |(k, ch)| k + ch.len_utf8());
                if abbr.is_abbreviation(&text[tok_start..pos]) {
                    continue;
                }
            }
            push_trimmed(text, start, end, &mut out);
            start = end;
        }
        push_trimmed(text, start, text.len(), &mut out);
        out
    }

    #[test]
    fn byte_skipping_splits_as_before() {
        let abbr = Abbreviations::default();
        let mut texts: Vec<String> = vec![
            "Ends here… “Quoted!” she said. 第一句。第二句！第三句？ Last — one.".into(),
            "No. 5 won. U.S. officials met Dr. Ana at 5 p.m. in St. Louis…".into(),
            "A run?!\u{201d}) then more.\u{2026}\u{2026} End.".into(),
            "Vote for list 7! – a poster, 1991. Why? — she laughed. Why? — He left!".into(),
            "Trailing terminal.".into(),
            "—’“ unusual lead bytes ’’’ without terminals".into(),
            String::new(),
        ];
        texts.extend(crate::testdata::fixture_texts());
        for t in &texts {
            assert_eq!(split(t, &abbr), split_reference(t, &abbr), "{t}");
        }
    }

    fn sents(t: &str) -> Vec<&str> {
        split(t, &Abbreviations::default())
            .into_iter()
            .map(|r| &t[r])
            .collect()
    }

    #[test]
    fn splits_on_terminal_punctuation() {
        assert_eq!(
            sents("One. Two! Three? Four"),
            vec!["One.", "Two!", "Three?", "Four"]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            sents("Dr. Smith met U.S. officials. Translation: V. Sergeev said no. 5 times."),
            vec![
                "Dr. Smith met U.S. officials.",
                "Translation: V. Sergeev said no.",
                "5 times."
            ]
        );
        assert_eq!(
            sents("Vote with ballot No. 14 today."),
            vec!["Vote with ballot No. 14 today."]
        );
        assert_eq!(
            sents("It was 5 p.m. on Friday."),
            vec!["It was 5 p.m. on Friday."]
        );
    }

    #[test]
    fn splits_before_lowercase_fragments() {
        assert_eq!(
            sents("He has ruled since 2013. this way."),
            vec!["He has ruled since 2013.", "this way."]
        );
        assert_eq!(
            sents("“We are friends,” he said. an expert."),
            vec!["“We are friends,” he said.", "an expert."]
        );
        assert_eq!(
            sents("“It was a madhouse.” the volunteer."),
            vec!["“It was a madhouse.”", "the volunteer."]
        );
    }

    /// After "!" or "?", a dash and a lowercase word continue the sentence
    /// (a caption's source, a dialogue's attribution); a capital after the
    /// dash, or a full stop before it, starts a new one.
    #[test]
    fn a_dash_and_lowercase_continue_after_exclamation() {
        assert_eq!(
            sents("Vote for list 7! – a poster, 1991. Next one."),
            vec!["Vote for list 7! – a poster, 1991.", "Next one."]
        );
        assert_eq!(
            sents("Why not? — she laughed. Then: — He left!"),
            vec!["Why not? — she laughed.", "Then: — He left!"]
        );
        assert_eq!(sents("Done. – she said"), vec!["Done.", "– she said"]);
        assert_eq!(sents("Why?\n— she asked."), vec!["Why?", "— she asked."]);
        assert_eq!(sents("Really? ― he smiled."), vec!["Really? ― he smiled."]);
    }

    #[test]
    fn does_not_split_inside_tokens() {
        assert_eq!(
            sents("See example.com/a.b for 3.5 percent."),
            vec!["See example.com/a.b for 3.5 percent."]
        );
    }
}
