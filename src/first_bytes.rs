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

impl FirstBytes {
    /// How many bytes the set holds.
    pub fn len(&self) -> usize {
        self.0.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }

    /// The bytes of the set, in order.
    pub fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        (0..=255u8).filter(|&b| self.contains(b))
    }

    /// A set of bytes of which every match of the regex holds at least
    /// one (the smallest such set this finds: a literal's byte, a class's
    /// lead bytes…). `None` when it finds none (the regex may match the
    /// empty string, say). Exact in one direction: a text without any of
    /// these bytes holds no match.
    pub fn required_of_hir(hir: &Hir) -> Option<FirstBytes> {
        required(hir)
    }
}

/// [`FirstBytes::required_of_hir`].
fn required(h: &Hir) -> Option<FirstBytes> {
    let mut set = FirstBytes::default();
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => return None,
        // (Any byte of a literal is in every match; the first will do.)
        HirKind::Literal(lit) => set.insert_range(*lit.0.first()?, *lit.0.first()?),
        // A character of the class: its first byte is one of the lead bytes.
        HirKind::Class(_) => {
            if add_first(h, &mut set) {
                return None;
            }
        }
        HirKind::Repetition(r) if r.min > 0 => return required(&r.sub),
        HirKind::Repetition(_) => return None,
        HirKind::Capture(c) => return required(&c.sub),
        // Every part of a sequence is in the match: the part with fewest.
        HirKind::Concat(hs) => return hs.iter().filter_map(required).min_by_key(FirstBytes::len),
        // Whichever branch matched holds one of its own.
        HirKind::Alternation(hs) => {
            for h in hs {
                let r = required(h)?;
                for (w, x) in set.0.iter_mut().zip(r.0) {
                    *w |= x;
                }
            }
        }
    }
    (!set.is_empty()).then_some(set)
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

    fn required_bytes(src: &str) -> Option<Vec<u8>> {
        let hir = crate::kinds::parse_hir(src, false)?;
        Some(FirstBytes::required_of_hir(&hir)?.bytes().collect())
    }

    #[test]
    fn required_bytes_of_regexes() {
        assert_eq!(
            required_bytes(r"^\p{Lu}\w*\s*:(?:\s|$)"),
            Some(b":".to_vec())
        );
        // (Of two sets as small, the first: {A, Q} before {:, 0xEF}.)
        assert_eq!(required_bytes(r"^(?:Q|A)\s*[:：]"), Some(b"AQ".to_vec()));
        assert_eq!(required_bytes(r"^\p{Lu}+[ ]+[—–―]"), Some(vec![b' ']));
        assert_eq!(required_bytes(r"^\p{Lu}+\s*[—–―]"), Some(vec![0xE2]));
        assert_eq!(required_bytes(r"x|yz"), Some(b"xy".to_vec()));
        assert_eq!(required_bytes(r"x|(?:)"), None);
        assert_eq!(required_bytes(r"^(?:ab)?\b"), None);
        assert_eq!(required_bytes(r"a*"), None);
        assert_eq!(required_bytes(r"(?:b{2,}|c)d?"), Some(b"bc".to_vec()));
    }

    /// Label-like lines (and a few that are not) both table tests run over.
    const LABEL_TEXTS: &[&str] = &[
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
        "Q：问",
        "NASA. Then",
        "",
        "<strong>Ana:</strong> x",
        "<B>Ana</B>: x",
    ];

    /// `f(pattern, text, match)` for each of `pats` that matches one of
    /// [`LABEL_TEXTS`].
    fn each_label_match(pats: &[&str], f: impl Fn(&str, &str, &str)) {
        for p in pats {
            let re = regex::Regex::new(p).unwrap();
            for t in LABEL_TEXTS {
                if let Some(m) = re.find(t) {
                    f(p, t, m.as_str());
                }
            }
        }
    }

    /// Every match holds one of the required bytes.
    #[test]
    fn required_bytes_agree_with_the_regex() {
        let pats = [
            r"^\*\*\(?(?P<label>[^*\n:：()]{1,60}?)\)?\s*[:：]\s*(?:\*\*|$)",
            r"^\((?P<label>[^)\n]{1,60})\)\s*:",
            r"^(?P<label>Q|A|P|R)\.(?:\s|$)",
            r"^(?P<label>[—–―])[ \t\u{A0}]+",
            r"^(?P<label>\p{Lu}[\p{Lu}.'’-]+(?:\s\p{Lu}[\p{Lu}.'’-]*){0,2})[ \t\u{A0}]+[—–―]",
            r"^(?P<label>\p{Lu}[\p{L}.'’-]*)\s*:(?:\s|$)",
            r"^(?P<label>Q|A|问)\s*[:：](?:\s|$)",
            r"^(?P<label>\p{Lu}{2,}(?:[ '’-]\p{Lu}{2,}){0,2})\.[ \t\u{A0}]+",
        ];
        each_label_match(&pats, |p, t, m| {
            let set =
                FirstBytes::required_of_hir(&crate::kinds::parse_hir(p, false).unwrap()).unwrap();
            assert!(m.bytes().any(|b| set.contains(b)), "{p} on {t:?}");
        });
    }

    /// The table never says no where the regex matches.
    #[test]
    fn agrees_with_the_regex() {
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
        each_label_match(&pats, |p, t, _| {
            assert!(
                FirstBytes::of_regex(p, false).unwrap().admits(t),
                "{p} on {t:?}"
            );
        });
    }
}
