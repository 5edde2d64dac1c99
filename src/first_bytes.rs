//! The bytes a start-anchored regex's match can begin with.
//!
//! Most texts a start-anchored regex is asked about cannot match it, and
//! their first byte already says so: a speaker label `^\*\*…` needs a `*`,
//! `^(?P<label>Q|A)\.` a `Q` or an `A`. A 256-bit table answers that before
//! the regex engine is called at all (its per-call set-up is most of the
//! cost of a search that fails on the first byte). Exact in one direction:
//! a byte outside the set means no match.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// A set of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FirstBytes([u64; 4]);

impl FirstBytes {
    pub fn contains(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// May a match of the regex begin at the start of `text`?
    pub fn admits(&self, text: &str) -> bool {
        text.as_bytes().first().is_some_and(|&b| self.contains(b))
    }

    /// The set as 32 bytes (bit `b & 7` of byte `b >> 3` for byte `b`).
    pub fn to_bytes(&self) -> [u8; 32] {
        let mut out = [0u8; 32];
        for (chunk, w) in out.chunks_exact_mut(8).zip(self.0) {
            chunk.copy_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The inverse of [`Self::to_bytes`].
    pub fn from_bytes(bytes: [u8; 32]) -> FirstBytes {
        let mut words = [0u64; 4];
        for (w, chunk) in words.iter_mut().zip(bytes.chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(chunk);
            *w = u64::from_le_bytes(b);
        }
        FirstBytes(words)
    }

    fn insert_range(&mut self, from: u8, to: u8) {
        for b in from..=to {
            self.0[usize::from(b >> 6)] |= 1 << (b & 63);
        }
    }

    /// For a regex whose every match begins at the start of the text (`^`
    /// without the multi-line flag, `\A`) and is never empty: the bytes such
    /// a match can begin with. `None` for any other regex, and for one that
    /// does not parse.
    pub fn of_regex(src: &str, case_insensitive: bool) -> Option<FirstBytes> {
        Self::of_hir(&crate::kinds::parse_hir(src, case_insensitive)?)
    }

    /// [`Self::of_regex`] of a parsed regex.
    pub fn of_hir(hir: &Hir) -> Option<FirstBytes> {
        if !hir.properties().look_set_prefix().contains(Look::Start) {
            return None;
        }
        let mut set = FirstBytes::default();
        (!add_first(hir, &mut set)).then_some(set)
    }
}

/// Add the bytes a match of `h` can begin with to `set`; true when `h` can
/// match the empty string (then what follows it can begin a match too).
/// Assertions are zero-width and let what follows begin the match.
fn add_first(h: &Hir, set: &mut FirstBytes) -> bool {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set.insert_range(b, b);
                false
            }
            None => true,
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                set.insert_range(r.start(), r.end());
            }
            false
        }
        HirKind::Class(Class::Unicode(c)) => {
            for r in c.ranges() {
                for seq in regex_syntax::utf8::Utf8Sequences::new(r.start(), r.end()) {
                    let first = seq.as_slice()[0];
                    set.insert_range(first.start, first.end);
                }
            }
            false
        }
        HirKind::Repetition(r) => add_first(&r.sub, set) || r.min == 0,
        HirKind::Capture(c) => add_first(&c.sub, set),
        HirKind::Concat(hs) => hs.iter().all(|h| add_first(h, set)),
        HirKind::Alternation(hs) => hs
            .iter()
            .fold(false, |nullable, h| add_first(h, set) | nullable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(src: &str, ci: bool) -> Option<Vec<u8>> {
        let set = FirstBytes::of_regex(src, ci)?;
        Some((0..=255u8).filter(|&b| set.contains(b)).collect())
    }

    #[test]
    fn anchored_literals_and_alternations() {
        assert_eq!(bytes(r"^\*\*(?P<label>[^*]+):", false), Some(b"*".to_vec()));
        assert_eq!(
            bytes(r"^(?P<label>Q|A|Frage)\.", false),
            Some(b"AFQ".to_vec())
        );
        assert_eq!(bytes(r"^(?:q|a):", true), Some(b"AQaq".to_vec()));
        // An optional prefix lets what follows begin the match.
        assert_eq!(
            bytes(r"^(?:\[\d\]\s*)?(?:x|y)", false),
            Some(b"[xy".to_vec())
        );
        // A non-ASCII letter begins with its UTF-8 lead byte.
        assert_eq!(bytes(r"^(?:é|b)", false), Some(vec![b'b', 0xC3]));
    }

    #[test]
    fn bytes_round_trip() {
        let set = FirstBytes::of_regex(r"^(?:\*\*|é|[0-9]|\x{7F})", false).unwrap();
        assert_eq!(FirstBytes::from_bytes(set.to_bytes()), set);
        assert_ne!(set, FirstBytes::default());
    }

    #[test]
    fn classes_take_every_lead_byte() {
        let set = FirstBytes::of_regex(r"^\p{Lu}\w*:", false).unwrap();
        for s in ["Anna:", "Ölz:", "Ωμέγα:", "Юрий:"] {
            assert!(set.admits(s), "{s}");
        }
        for s in ["anna:", "1:", "*:", " A:", ""] {
            assert!(!set.admits(s), "{s}");
        }
    }

    #[test]
    fn only_for_start_anchored_never_empty_regexes() {
        assert_eq!(bytes(r"Q:", false), None);
        assert_eq!(bytes(r"(?m)^Q:", false), None);
        assert_eq!(bytes(r"^Q:|A:", false), None);
        assert_eq!(bytes(r"^(?:Q:)?", false), None);
        assert_eq!(bytes(r"^\b", false), None);
        assert_eq!(bytes(r"^(", false), None);
    }

    /// The table never says no where the regex matches.
    #[test]
    fn agrees_with_the_regex() {
        let texts = [
            "**Host:** hi",
            "__Ana:__ x",
            "[07:41] **Q:** y",
            "(Dr. Ruiz): yes",
            "Q. What?",
            "– Yes.",
            "MARIA LOPEZ — no",
            "Anna: ok",
            "Élodie: oui",
            "\u{A0}Q: no",
            "",
            "<strong>Ana:</strong> x",
            "<B>Ana</B>: x",
        ];
        let pats = [
            r"^\*\*\(?(?P<label>[^*\n:()]{1,60}?)\)?\s*:\s*(?:\*\*|$)",
            r"^(?:\[\d{1,2}:\d{2}\]\s*)?(?:\*\*|__)(?P<label>[^*_\n:]{1,60}?):",
            r"^\((?P<label>[^)\n]{1,60})\)\s*:",
            r"^(?P<label>Q|A|P|R)\.(?:\s|$)",
            r"^(?P<label>[—–―])[ \t\u{A0}]+",
            r"^(?P<label>\p{Lu}[\p{Lu}.'’-]+(?:\s\p{Lu}[\p{Lu}.'’-]*){0,2})[ \t\u{A0}]+[—–―]",
            r"^(?P<label>\p{Lu}[\p{L}.'’-]*)\s*:(?:\s|$)",
            r"^<(?i:strong|b)(?:\s[^>]*)?>(?P<label>[^<>\n:]{1,60}?)(?:</(?i:strong|b)>)?:",
        ];
        for p in pats {
            let re = regex::Regex::new(p).unwrap();
            let set = FirstBytes::of_regex(p, false).unwrap();
            for t in texts {
                if re.is_match(t) {
                    assert!(set.admits(t), "{p} on {t:?}");
                }
            }
        }
    }
}
