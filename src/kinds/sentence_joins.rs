//! `sentence-joins`: broken sentence joins left by translation or editing.
//!
//! Flags a sentence that starts with a lowercase letter right after terminal
//! punctuation ("…, he said. an expert.") and short orphan fragments that
//! match `orphans` ("The expert."), unless the sentence is a quoted fragment,
//! starts with a lowercase name particle or brand (`de`, `van`, `iPhone`),
//! follows an ellipsis, or is a URL.
//!
//! Parameters: `max_words` (longest sentence reported, default 12),
//! `particles` (lowercase words that may start a sentence), `orphans`
//! (regexes for whole-sentence fragments), `orphan_max_words` (default 4).

use super::language::{is_alnum, is_letter, WordHasher};
use super::{compile_lazy, short, Check, Cx, Hit, LazyRegex};
use crate::rule::error::{LocatedError, YamlFile};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashSet;
use std::hash::BuildHasherDefault;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_max")]
    pub max_words: usize,
    #[serde(default)]
    pub particles: Vec<String>,
    #[serde(default)]
    pub orphans: Vec<Spanned<String>>,
    #[serde(default = "d_orphan")]
    pub orphan_max_words: usize,
    /// Function words of the languages the check is meant for (lowercase):
    /// a document in which fewer than `min_language_share` of the words are
    /// among them is not checked. Languages with lowercase months after an
    /// ordinal ("18. svibnja", "9. června") or lowercase nouns after a full
    /// stop would otherwise be full of false "broken joins". Empty: every
    /// document is checked.
    #[serde(default)]
    pub language_words: Vec<String>,
    #[serde(default = "d_share")]
    pub min_language_share: f64,
}
fn d_share() -> f64 {
    0.05
}
fn d_max() -> usize {
    12
}
fn d_orphan() -> usize {
    4
}

pub struct SentenceJoins {
    max_words: usize,
    particles: Vec<String>,
    orphans: Vec<LazyRegex>,
    orphan_max_words: usize,
    language_words: HashSet<String, BuildHasherDefault<WordHasher>>,
    /// The byte lengths of `language_words` (bit `n`: a word of `n` bytes;
    /// bit 63 stands for every length from 63 on).
    word_lengths: u64,
    min_language_share: f64,
}

impl SentenceJoins {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        let language_words: HashSet<String, BuildHasherDefault<WordHasher>> =
            v.language_words.iter().map(|w| w.to_lowercase()).collect();
        Ok(SentenceJoins {
            max_words: v.max_words,
            particles: v.particles.iter().map(|s| s.to_lowercase()).collect(),
            orphans: compile_lazy(&v.orphans, true, file)?,
            orphan_max_words: v.orphan_max_words,
            word_lengths: word_lengths(&language_words),
            language_words,
            min_language_share: v.min_language_share,
        })
    }

    /// Is the document (its first ~600 words) in one of the languages of
    /// `language_words`?
    fn in_language(&self, cx: &Cx) -> bool {
        if self.language_words.is_empty() {
            return true;
        }
        let (mut words, mut hits) = (0usize, 0usize);
        let mut buf = String::new();
        'blocks: for b in &cx.doc.blocks {
            let text = b.text();
            let bytes = text.as_bytes();
            // The words are the runs of alphabetic characters: ASCII bytes
            // are tested as bytes (an ASCII character is alphabetic when it
            // is a letter), other characters decoded.
            let mut i = 0;
            while i < bytes.len() {
                // The start of the next word.
                let start = i;
                let mut ascii = true;
                while i < bytes.len() {
                    if bytes[i].is_ascii() {
                        if !bytes[i].is_ascii_alphabetic() {
                            break;
                        }
                        i += 1;
                    } else {
                        let c = text[i..].chars().next().unwrap_or(' ');
                        if !is_letter(c) {
                            break;
                        }
                        ascii = false;
                        i += c.len_utf8();
                    }
                }
                if i == start {
                    // Not a letter: skip the character.
                    i += text[i..].chars().next().map_or(1, char::len_utf8);
                    continue;
                }
                let w = &text[start..i];
                words += 1;
                if ascii {
                    // Lowercasing keeps an ASCII word's length: a length no
                    // listed word has cannot be a listed word.
                    if self.may_list(w.len()) {
                        buf.clear();
                        buf.push_str(w);
                        buf.make_ascii_lowercase();
                        hits += usize::from(self.language_words.contains(buf.as_str()));
                    }
                } else {
                    buf.clear();
                    buf.extend(w.chars().flat_map(char::to_lowercase));
                    hits += usize::from(self.language_words.contains(buf.as_str()));
                }
                // The share is taken of at most 600 words: once the hits
                // reach it for 600, they reach it for however many words
                // the count ends at (a product with a share of 0 or more
                // grows with the words, rounding included).
                if hits as f64 >= self.min_language_share * 600.0 {
                    return true;
                }
                if words >= 600 {
                    break 'blocks;
                }
            }
        }
        words > 0 && hits as f64 >= self.min_language_share * words as f64
    }

    /// Might a word of `len` bytes be one of `language_words`?
    fn may_list(&self, len: usize) -> bool {
        self.word_lengths & (1 << len.min(63)) != 0
    }

    /// Why `sentence` (preceded by `prev`) is a broken join, if it is.
    pub fn judge(&self, prev: &str, sentence: &str) -> Option<&'static str> {
        let first = sentence.chars().next()?;
        // A lowercase start is judged up to `max_words`; any other start
        // can only be an orphan fragment (up to `orphan_max_words`): most
        // sentences are counted no further than that.
        let lower = first.is_lowercase();
        // Any other start is reported only as an orphan fragment, which
        // ends in a full stop and matches one of `orphans` (the last test
        // below): without both, the answer is no, whatever the rest says.
        if !lower && (self.orphans.is_empty() || !sentence.ends_with('.')) {
            return None;
        }
        let limit = if lower {
            self.max_words
        } else {
            self.orphan_max_words.min(self.max_words)
        };
        let wc = words_upto(sentence, limit + 1);
        if wc == 0 || wc > limit {
            return None;
        }
        let prev_t = prev.trim_end();
        if prev_t.ends_with("...") || prev_t.ends_with('…') || prev_t.ends_with(':') {
            return None;
        }
        // `"Who?" she asked.` / `"I hope this helps!" at the end…`: a question
        // or exclamation inside closing quotes does not end the sentence.
        let unquoted = prev_t.trim_end_matches(['"', '”', '’', '\'', '»', ')', '*', '_']);
        if unquoted.len() < prev_t.len() && unquoted.ends_with(['?', '!']) {
            return None;
        }
        if matches!(first, '"' | '“' | '‘' | '\'' | '«' | '(' | '[') {
            return None; // a quoted or bracketed fragment
        }
        if sentence.contains("://") || sentence.starts_with("www.") || starts_with_address(sentence)
        {
            return None;
        }
        if lower {
            let first_word: String = sentence
                .split_whitespace()
                .next()?
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-')
                .collect();
            let fw = first_word.to_lowercase();
            if self.particles.contains(&fw) {
                return None;
            }
            if first_word.chars().skip(1).any(char::is_uppercase) {
                return None; // iPhone, eBay
            }
            return Some(if wc <= self.orphan_max_words {
                "an orphan fragment after a full stop"
            } else {
                "a sentence that starts lowercase after a full stop"
            });
        }
        let orphan = wc <= self.orphan_max_words
            && sentence.ends_with('.')
            && self.orphans.iter().any(|r| r.is_match(sentence));
        orphan.then_some("an orphan fragment after a full stop")
    }
}

/// `word_count_upto(s, limit)`: the first `limit` words of `s` counted
/// (runs of non-white-space characters holding a letter or digit), in one
/// pass that tests ASCII bytes as bytes (the ASCII white space of
/// `char::is_whitespace` is `\t \n \x0b \x0c \r` and space) and decodes
/// only other characters.
fn words_upto(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let (mut n, mut in_word, mut alnum) = (0usize, false, false);
    let mut i = 0;
    while i < bytes.len() && n < limit {
        let b = bytes[i];
        let space = if b.is_ascii() {
            i += 1;
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                true
            } else {
                in_word = true;
                alnum |= b.is_ascii_alphanumeric();
                false
            }
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            if c.is_whitespace() {
                true
            } else {
                in_word = true;
                alnum |= is_alnum(c);
                false
            }
        };
        if space {
            n += usize::from(in_word && alnum);
            (in_word, alnum) = (false, false);
        }
    }
    if n < limit {
        n += usize::from(in_word && alnum);
    }
    n
}

/// The byte lengths of `words` as a bit set (see `word_lengths` of
/// [`SentenceJoins`]).
fn word_lengths<'a>(words: impl IntoIterator<Item = &'a String>) -> u64 {
    words.into_iter().fold(0, |m, w| m | 1 << w.len().min(63))
}

/// Does every sentence of a block open (its first letter, after a turn's
/// label: the words from `body`) in lowercase?
fn lowercase_throughout(text: &str, body: usize, sentences: &[std::ops::Range<usize>]) -> bool {
    sentences.len() > 1
        && sentences.iter().all(|r| {
            text.get(r.start.max(body).min(r.end)..r.end)
                .unwrap_or("")
                .chars()
                .find(|c| is_letter(*c))
                .is_none_or(char::is_lowercase)
        })
}

/// Does the sentence open with a host name, an e-mail address or a handle
/// ("yesforcork.ie", "info@example.org")? A web address printed after an
/// ad or a footer line is not a clause split off a sentence.
fn starts_with_address(sentence: &str) -> bool {
    let Some(tok) = sentence.split_whitespace().next() else {
        return false;
    };
    let tok = tok.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '”', '’']);
    if tok.contains('@') {
        return true;
    }
    let host = tok.split('/').next().unwrap_or(tok);
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels.last().is_some_and(|tld| {
            (2..=24).contains(&tld.chars().count()) && tld.chars().all(char::is_alphabetic)
        })
}

impl Check for SentenceJoins {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        // Whether the document is in the rule's languages is only asked
        // once there is something to report (most documents have nothing).
        let mut language_ok: Option<bool> = None;
        for (_, b) in cx.blocks() {
            let text = b.text();
            // A block none of whose sentences opens with a capital (chat
            // messages printed as sent, "she is right. but …"): written in
            // lowercase throughout, no lowercase start there is a join.
            // (Asked once there is something to report.)
            let mut all_lower: Option<bool> = None;
            for w in b.sentences.windows(2) {
                let (prev, cur) = (&text[w[0].clone()], &text[w[1].clone()]);
                // Only a full stop ends a sentence for this check: a lowercase
                // word after "?" or "!" is usually a speech tag ("Why? he asked.").
                let prev_t = prev
                    .trim_end()
                    .trim_end_matches(['”', '"', '’', '\'', '»', ')', '*', '_']);
                if !prev_t.ends_with('.') || prev_t.ends_with("...") {
                    continue;
                }
                if let Some(why) = self.judge(prev, cur) {
                    let body = b.turn.as_ref().map_or(0, |t| t.body_start);
                    if *all_lower
                        .get_or_insert_with(|| lowercase_throughout(text, body, &b.sentences))
                    {
                        break;
                    }
                    if !*language_ok.get_or_insert_with(|| self.in_language(cx)) {
                        return;
                    }
                    out.push(
                        Hit::new(b.src(w[1].start, w[1].end))
                            .var("fragment", short(cur, 60))
                            .var("what", why)
                            .label(why),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k() -> SentenceJoins {
        SentenceJoins {
            max_words: 12,
            particles: vec!["de".into(), "van".into()],
            orphans: vec![regex::Regex::new(r"(?i)^(the|an?) (expert|source)\.$")
                .unwrap()
                .into()],
            orphan_max_words: 4,
            language_words: Default::default(),
            word_lengths: 0,
            min_language_share: 0.0,
        }
    }

    #[test]
    fn judges() {
        assert!(k().judge("since 2013.", "this way.").is_some());
        assert!(k().judge("he said.", "an expert.").is_some());
        assert!(k().judge("he said.", "The expert.").is_some());
        assert!(k()
            .judge("It rained.", "The match went ahead anyway.")
            .is_none());
        assert!(k().judge("He uses an", "iPhone daily.").is_none());
        assert!(k().judge("Wait...", "and then it rained.").is_none());
        assert!(k().judge("It was.", "“quite a show.”").is_none());
        assert!(k().judge("Painted by.", "van Gogh himself.").is_none());
        assert!(k()
            .judge("“What good is a high price?”", "said Farnese.")
            .is_none());
        assert!(k()
            .judge(
                "such as \"I hope this helps!\"",
                "at the end of a paragraph."
            )
            .is_none());
        assert!(k()
            .judge("“It was a madhouse.”", "the volunteer.")
            .is_some());
        // Web addresses and handles are not broken joins.
        assert!(k()
            .judge("Real change for Galway.", "votegalway.ie")
            .is_none());
        assert!(k()
            .judge("Write to the desk.", "news@example.org for tips.")
            .is_none());
        assert!(k()
            .judge("Tickets on sale.", "shop.example.co.uk/tickets")
            .is_none());
        // A lowercase word with a full stop inside a sentence still counts.
        assert!(k().judge("It rained.", "this way.").is_some());
        assert!(k().judge("It rained.", "and then it stopped.").is_some());
    }

    /// The one-pass count is `word_count_upto`.
    #[test]
    fn words_upto_counts_as_word_count_upto() {
        for t in [
            "",
            " ",
            "one",
            "one two three four five six",
            "  a , b -- c \u{2014} d\u{a0}e\u{2003}f \u{201c}g\u{201d} 12 x",
            "\u{627}\u{644} \u{632}\u{64a}\u{62a}\t\x0b\x0c\r\n ok",
            "- \u{2014} \u{1f600} ... !!",
        ] {
            for limit in 0..9 {
                assert_eq!(
                    words_upto(t, limit),
                    crate::document::word_count_upto(t, limit),
                    "{t:?} {limit}"
                );
            }
        }
    }

    /// Byte lengths of the listed words, as `may_list` asks them.
    #[test]
    fn listed_lengths() {
        let mut j = k();
        j.language_words = ["the", "and", "för"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        j.word_lengths = word_lengths(&j.language_words);
        assert!(j.may_list(3) && j.may_list(4));
        assert!(!j.may_list(2) && !j.may_list(5) && !j.may_list(70));
    }

    #[test]
    fn blocks_in_lowercase_throughout() {
        let t = "Yaw: ice bath now. coach says ten. i am counting";
        let r = |a: &str| {
            let i = t.find(a).unwrap();
            i..i + a.len()
        };
        let sents = vec![
            r("Yaw: ice bath now."),
            r("coach says ten."),
            r("i am counting"),
        ];
        // (From the turn's words: the label's capital is no sentence's.)
        assert!(lowercase_throughout(t, 5, &sents));
        assert!(!lowercase_throughout(t, 0, &sents));
        let u = "It rained. and then it stopped.";
        assert!(!lowercase_throughout(u, 0, &[0..10, 11..u.len()]));
    }
}
