//! `name-consistency`: one name spelled two ways (Podolyak / Podoliak).
//!
//! Every capitalized word of at least `min_length` letters is folded to a
//! skeleton with the transliteration `folds` (pairs `[from, to]`, applied in
//! order to the lowercase word; doubled letters are then collapsed). Two
//! different spellings with the same skeleton are one name spelled twice:
//! the first occurrence of the later spelling is reported, with the first
//! spelling as related information.

use super::language::WordHasher;
use super::{lowercased, Check, Cx, Hit};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

/// Where a spelling is first written: its span, its block's index and
/// its offset in the block's text.
type At = (Span, usize, usize);

/// Spellings grouped by skeleton: the first spelling of each group with
/// where it is first written, and the later ones with their group's index.
type Groups<'t> = (Vec<(&'t str, At)>, Vec<(usize, &'t str, At)>);

/// Maps keyed by the document's words (short strings): a cheap hasher.
type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<WordHasher>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_min")]
    pub min_length: usize,
    pub folds: Vec<Vec<String>>,
    /// Spelling pairs that are different names, not variants ("Brian", "Bryan").
    #[serde(default)]
    pub distinct: Vec<Vec<String>>,
    /// Ending pairs that make two different words, not two spellings of one
    /// ("ion", "ien": German capitalizes nouns, and "Stadion" / "Stadien"
    /// are singular and plural): two spellings that differ only by ending
    /// the one with the first ending of a pair, the other with the second,
    /// are not reported.
    #[serde(default)]
    pub distinct_endings: Vec<Vec<String>>,
    /// Letter-group pairs that spell one word two ways (British and
    /// American "is"/"iz", "our"/"or", "tre"/"ter"): two spellings one
    /// such swap apart are a word's two spellings ("Organisation"), not a
    /// respelled surname.
    #[serde(default)]
    pub spelling_variants: Vec<Vec<String>>,
    /// Lowercase articles opening an appositive (", a freshman from
    /// Ohio,"): a later full name followed by one, the appositive closed
    /// by a comma within eight words, introduces a new person, not a
    /// respelled surname.
    #[serde(default)]
    pub appositive_articles: Vec<String>,
    /// Case endings a name takes in languages that inflect names (Russian
    /// "Иванов" / "Иванова", Polish "Kowalski" / "Kowalska"): two spellings
    /// whose skeletons match once one such ending is cut off are one name
    /// spelled twice and inflected ("Тыныбеков" … "Тиныбекова"), unless they
    /// differ only by their endings (that is inflection alone).
    #[serde(default)]
    pub inflections: Vec<String>,
    /// Beginning pairs that make two forms of one word, not two spellings
    /// of one name: Welsh and Irish mutate a word's first consonant
    /// ("Cymraeg" / "Chymraeg", "Dinas" / "Ddinas", "Llan" / "Lan").
    #[serde(default)]
    pub distinct_beginnings: Vec<Vec<String>>,
    /// Letter pairs that tell two native names apart (Russian "Хромов" /
    /// "Громов" are two surnames), though a fold merges them for foreign
    /// names (Хельмут / Гельмут): two spellings whose first difference is
    /// such a pair and that both end in one of `native_endings` are not
    /// reported.
    #[serde(default)]
    pub native_distinct_letters: Vec<Vec<String>>,
    /// Endings of native surnames ("ов", "ева", "ский").
    #[serde(default)]
    pub native_endings: Vec<String>,
    /// An exact transliteration into Latin letters (pairs `[from, to]`,
    /// lowercase), for words holding one of `transliterate_when`'s letters
    /// (Serbian and Macedonian Cyrillic: "ј", "ћ", "ќ"…): such a word is
    /// compared with the Latin spellings of the document through it.
    /// Serbian is written in both alphabets, so a name switching script
    /// alone (Станковић / Stanković) is not reported; switching script
    /// with another spelling (Станковиќ / Stanković) is.
    #[serde(default)]
    pub transliterate: Vec<Vec<String>>,
    #[serde(default)]
    pub transliterate_when: String,
    /// The romanization of a script that is not written in Latin letters
    /// too (Greek): pairs `[from, to]`, lowercase, `from` one letter or
    /// two (a digraph is read first: "ου" → "ou"). A name written in that
    /// script and again in its exact romanization, the Latin spelling
    /// standing among words of the script, is one name left in two
    /// alphabets by a translation and is reported.
    #[serde(default)]
    pub romanize: Vec<Vec<String>>,
    /// Words (lowercase, matched as substrings) that explain a variant in
    /// the sentence where it is first written ("also spelled", "written …
    /// on his passport", "s'écrit aussi"): an explained variant is no
    /// artifact. A variant in parentheses or after a slash right after
    /// the first spelling is explained too.
    #[serde(default)]
    pub explained_by: Vec<String>,
    /// Words (lowercase substrings) saying two people are not kin ("not
    /// related", "no relation", "namesake"): a paragraph holding either
    /// spelling and one of these tells of two people, not one respelled.
    #[serde(default)]
    pub unrelated_by: Vec<String>,
    /// Words (lowercase substrings) of a photo caption, credit or byline
    /// ("photo by", "caption:", "reporting by"): a spelling without
    /// accents written only in such short blocks (`credit_max_words`
    /// words at most) is wire typography, not a respelling.
    #[serde(default)]
    pub credit_cues: Vec<String>,
    #[serde(default = "d_credit_max")]
    pub credit_max_words: usize,
    /// Letters of a language whose names are short syllables (Vietnamese
    /// tone and vowel marks): a word of `short_min_length` letters or more
    /// (but under `min_length`) holding one is compared with the same
    /// word written without its marks, when the two share a neighbour
    /// word ("bà Hằng" … "Bà Hang"): a short syllable without marks is
    /// also a word of its own, told from the name by its context.
    #[serde(default)]
    pub short_marks: String,
    #[serde(default = "d_short_min")]
    pub short_min_length: usize,
}
fn d_credit_max() -> usize {
    60
}
fn d_short_min() -> usize {
    3
}
fn d_min() -> usize {
    5
}

pub struct NameConsistency {
    min_length: usize,
    folds: Vec<(String, String)>,
    /// Per fold, the bytes of its `from` (a 256-bit set): a word lacking
    /// one of them cannot contain it, which most folds are ruled out by.
    fold_bytes: Vec<[u64; 4]>,
    /// For the folds of `ascii_folds` (when there are 64 at most), bit `p`
    /// standing for `ascii_folds[p]`: by byte, the folds whose `from` is
    /// that one byte; by [`pair_index`] of two bytes, the longer folds
    /// whose `from` begins with such a pair. A fold whose bit none of a
    /// word's bytes and pairs sets cannot occur in it (see
    /// [`Self::fold_candidates`]).
    fold_by_byte: Vec<u64>,
    fold_by_pair: Vec<u64>,
    /// By byte, its symbol in a word's shape ([`Self::shape`]): 0 for a
    /// byte the shape drops, else one more than its class's first byte.
    /// Empty when an ASCII word's folds can write outside ASCII (then
    /// every word is folded).
    shape_class: Vec<u16>,
    /// The indices of the folds an ASCII word can meet: those whose `from`
    /// is ASCII, when every such fold also writes ASCII (an ASCII word then
    /// stays ASCII); otherwise all of them.
    ascii_folds: Vec<usize>,
    /// `0..folds.len()`.
    all_folds: Vec<usize>,
    distinct: Vec<(String, String)>,
    distinct_endings: Vec<(String, String)>,
    spelling_variants: Vec<(String, String)>,
    appositive_articles: Vec<String>,
    /// `inflections`, lowercase, longest first.
    inflections: Vec<String>,
    /// Their skeletons (the folded endings to cut off a skeleton).
    inflection_skeletons: Vec<String>,
    distinct_beginnings: Vec<(String, String)>,
    native_distinct: Vec<(char, char)>,
    native_endings: Vec<String>,
    /// `transliterate`, by letter.
    translit: HashMap<char, String>,
    translit_when: Vec<char>,
    /// [`Params::romanize`]: by letter, and by digraph.
    romanize1: HashMap<char, String>,
    romanize2: HashMap<(char, char), String>,
    explained_by: Vec<String>,
    /// The cues of `explained_by` but a parenthesis's opening, in one
    /// automaton (a paragraph or an article is read once, not once a cue).
    /// (Built by [`cue_automaton`]: it reads [`cue_text`]'s texts.)
    explain_cues: Option<aho_corasick::AhoCorasick>,
    unrelated_by: Vec<String>,
    /// `unrelated_by` in one automaton ([`cue_automaton`]): a paragraph
    /// is read once, not once a cue.
    unrelated_cues: Option<aho_corasick::AhoCorasick>,
    credit_cues: Vec<String>,
    credit_max_words: usize,
    short_marks: Vec<char>,
    short_min_length: usize,
}

/// The first whole-word occurrence of `word` in the blocks the rule sees:
/// its source span, block index and offset in the block's text.
fn first_at(cx: &Cx, word: &str) -> Option<At> {
    cx.blocks().find_map(|(bi, b)| {
        super::whole_word_indices(b.text(), word)
            .next()
            .map(|i| (b.src(i, i + word.len()), bi, i))
    })
}

/// An automaton of lowercase cues that also reads ASCII capitals as
/// their lowercase letters, so that it can be handed a text whose
/// lowercase differs from it in ASCII letters only as it is
/// ([`cue_text`]): what it finds there is what it finds in the lowercase,
/// at the same offsets. (A DFA when one can be built, also past the 100
/// patterns up to which the default builds one: every paragraph of an
/// article may be read. It finds the same matches.)
fn cue_automaton<'p>(
    cues: impl Iterator<Item = &'p String> + Clone,
) -> Option<aho_corasick::AhoCorasick> {
    let build = |kind| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(kind)
            .build(cues.clone())
    };
    build(Some(aho_corasick::AhoCorasickKind::DFA))
        .or_else(|_| build(None))
        .ok()
}

/// Is `text.to_lowercase()` `text` with its ASCII letters lowercased:
/// every character outside ASCII its own lowercase? (Most paragraphs:
/// their capitals are ASCII, their other letters lowercase or caseless.)
fn lowercase_in_ascii(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // (ASCII is skipped eight bytes at a time.)
        if let Some(c) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
            if x & 0x8080_8080_8080_8080 == 0 {
                i += 8;
                continue;
            }
        }
        if b[i].is_ascii() {
            i += 1;
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            return true;
        };
        i += c.len_utf8();
        // (Punctuation, dashes and quotation marks, U+2000 to U+20FF, have
        // no case: the table is not searched for them.)
        if ('\u{2000}'..='\u{20FF}').contains(&c) {
            continue;
        }
        let mut l = c.to_lowercase();
        if l.next() != Some(c) || l.next().is_some() {
            return false;
        }
    }
    true
}

/// What the automata of [`cue_automaton`] read for the lowercase of
/// `text`: `text` itself when only its ASCII letters change (its capitals
/// are read as lowercase letters, at the same offsets; most paragraphs are
/// not copied), else its lowercase.
fn cue_text(text: &str) -> std::borrow::Cow<'_, str> {
    if lowercase_in_ascii(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.to_lowercase())
    }
}

/// The set of bytes occurring in `b`.
fn byte_set(b: &[u8]) -> [u64; 4] {
    let mut set = [0u64; 4];
    for &x in b {
        set[usize::from(x >> 6)] |= 1 << (x & 63);
    }
    set
}

/// The index (below 1024) standing for the byte pair `a b`. (Five low
/// bits of each: the lowercase letters are told apart; other bytes may
/// share an index, which only lets a fold through to the exact scan.)
fn pair_index(a: u8, b: u8) -> usize {
    (usize::from(a & 31) << 5) | usize::from(b & 31)
}

/// What the check records of one word of the document.
#[derive(Default)]
struct Seen<'t> {
    occurrences: usize,
    /// Occurrences followed by a capitalized word.
    followed: usize,
    /// The distinct capitalized words that followed it.
    followers: Vec<&'t str>,
}

/// Sorted code-point ranges of a Unicode general category, exactly as the
/// regex engine has them.
struct CharClass(Vec<(char, char)>);

impl CharClass {
    fn of(property: &str) -> CharClass {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::parse(property).expect("a valid Unicode class");
        match hir.kind() {
            HirKind::Class(Class::Unicode(c)) => {
                CharClass(c.ranges().iter().map(|r| (r.start(), r.end())).collect())
            }
            _ => unreachable!("a class parses to a class"),
        }
    }

    fn contains(&self, c: char) -> bool {
        self.0
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

fn is_lu(c: char) -> bool {
    static LU: std::sync::OnceLock<CharClass> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    LU.get_or_init(|| CharClass::of(r"\p{Lu}")).contains(c)
}

fn is_ll(c: char) -> bool {
    static LL: std::sync::OnceLock<CharClass> = std::sync::OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    LL.get_or_init(|| CharClass::of(r"\p{Ll}")).contains(c)
}

/// The index of the first byte of `b` that is an ASCII capital or starts a
/// character outside ASCII (0xC0 and up), read eight bytes at a time.
fn capital_or_non_ascii(b: &[u8]) -> Option<usize> {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for c in chunks.by_ref() {
        let x = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        // Bytes with their two top bits set: 0xC0 and up.
        let lead = x & (x << 1) & HIGH;
        // ASCII bytes from 'A' (0x41) up, and from '[' (0x5B) up: on seven
        // bits, the sums carry into the top bit of their own byte only.
        let low = x & !HIGH;
        let from_a = low + 0x3F3F_3F3F_3F3F_3F3F;
        let past_z = low + 0x2525_2525_2525_2525;
        let capital = from_a & !past_z & !x & HIGH;
        let m = lead | capital;
        if m != 0 {
            return Some(at + (m.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| b.is_ascii_uppercase() || b >= 0xC0)
        .map(|k| at + k)
}

/// The end of the run of `\p{Ll}` characters of `text` from byte `from`
/// (`from` itself when there is none). ASCII lowercase letters are skipped
/// byte by byte; only a byte outside ASCII is decoded (an ASCII byte that
/// is not a lowercase letter is no `\p{Ll}`).
fn ll_run(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from;
    loop {
        while i < bytes.len() && bytes[i].is_ascii_lowercase() {
            i += 1;
        }
        if i >= bytes.len() || bytes[i].is_ascii() {
            return i;
        }
        match text[i..].chars().next() {
            Some(c) if is_ll(c) => i += c.len_utf8(),
            _ => return i,
        }
    }
}

/// The matches of `\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?` in `text`, leftmost
/// first and greedy as the regex engine finds them, without its per-match
/// cost (a capitalized word is a match nearly every other word).
fn capitalized_words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = 0;
    std::iter::from_fn(move || {
        // Only an ASCII capital or a character outside ASCII (the byte that
        // starts one) can be `\p{Lu}`: skip to the next such byte, a
        // character boundary, without decoding the lowercase prose between.
        while let Some(k) = capital_or_non_ascii(&text.as_bytes()[pos..]) {
            pos += k;
            let Some(c) = text[pos..].chars().next() else {
                break;
            };
            let after = pos + c.len_utf8();
            // `\p{Lu}\p{Ll}+`
            let mut end = if is_lu(c) { ll_run(text, after) } else { after };
            if end == after {
                pos = after;
                continue;
            }
            // `(?:-\p{Lu}\p{Ll}+)?`
            let mut tail = text[end..].chars();
            if tail.next() == Some('-') {
                if let (Some(u), Some(l)) = (tail.next(), tail.next()) {
                    if is_lu(u) && is_ll(l) {
                        end = ll_run(text, end + 1 + u.len_utf8() + l.len_utf8());
                    }
                }
            }
            let found = (pos, end);
            pos = end;
            return Some(found);
        }
        pos = text.len();
        None
    })
}

/// Does `strip` take one side of a pair off `a` and the other off `b`,
/// leaving the same rest (either way round)?
fn differ_by_pair(
    pairs: &[(String, String)],
    a: &str,
    b: &str,
    strip: for<'s, 'p> fn(&'s str, &'p str) -> Option<&'s str>,
) -> bool {
    pairs.iter().any(|(x, y)| {
        let same = |a: &str, b: &str| {
            matches!((strip(a, x.as_str()), strip(b, y.as_str())), (Some(ra), Some(rb)) if ra == rb)
        };
        same(a, b) || same(b, a)
    })
}

/// The byte classes of a word's shape ([`NameConsistency::shape`]) for
/// the ASCII folds `order` of `folds`: a class per byte, some dropped,
/// such that each fold's `from` and `to` read the same once every byte
/// is its class and the dropped ones are gone (`[ph, f]`: p and f one
/// class; `[ch, c]`: h dropped). A fold then changes no word's shape, and
/// neither does writing a doubled letter once: two words of one skeleton
/// have one shape. (Found by merging the classes the two sides differ by
/// where they are as long, dropping them where one side has none left;
/// where both have some but not as many, the first such fold's are
/// dropped once nothing else is left to do. As many classes as that
/// leaves: the fewer words share a shape, the fewer are folded.)
fn shape_classes(folds: &[(String, String)], order: &[usize]) -> Vec<u16> {
    fn root(parent: &[usize], mut x: usize) -> usize {
        while parent[x] != x {
            x = parent[x];
        }
        x
    }
    let mut parent: Vec<usize> = (0..256).collect();
    let mut gone = [false; 256];
    loop {
        let (mut progress, mut pending) = (false, None);
        for &i in order {
            let (from, to) = &folds[i];
            let classes = |w: &str| -> Vec<usize> {
                w.bytes()
                    .map(|b| root(&parent, usize::from(b)))
                    .filter(|&r| !gone[r])
                    .collect()
            };
            let (a, b) = (classes(from), classes(to));
            let (p, q) = common_ends(&a, &b);
            let (a, b) = (&a[p..a.len() - q], &b[p..b.len() - q]);
            if a.is_empty() && b.is_empty() {
                continue;
            }
            if a.len() == b.len() {
                for (&x, &y) in a.iter().zip(b) {
                    let (rx, ry) = (root(&parent, x), root(&parent, y));
                    if rx != ry {
                        parent[rx] = ry;
                    }
                }
                progress = true;
            } else if a.is_empty() || b.is_empty() {
                for &x in a.iter().chain(b) {
                    gone[root(&parent, x)] = true;
                }
                progress = true;
            } else if pending.is_none() {
                pending = Some(a.iter().chain(b).copied().collect::<Vec<_>>());
            }
        }
        if progress {
            continue;
        }
        let Some(drop) = pending else {
            break;
        };
        for x in drop {
            gone[root(&parent, x)] = true;
        }
    }
    (0..=255u8)
        .map(|b| {
            // (A capital is read as its lowercase letter, as folded.)
            let r = root(&parent, usize::from(b.to_ascii_lowercase()));
            if gone[r] {
                0
            } else {
                r as u16 + 1
            }
        })
        .collect()
}

impl NameConsistency {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        let mut folds = Vec::new();
        for f in &v.folds {
            if f.len() != 2 || f[0].is_empty() {
                return Err(file.error(
                    "each fold is a pair `[from, to]` with a non-empty `from`",
                    yaml_span(p),
                    "bad fold",
                ));
            }
            folds.push((f[0].to_lowercase(), f[1].to_lowercase()));
        }
        let mut distinct = Vec::new();
        for d in &v.distinct {
            if d.len() != 2 {
                return Err(file.error(
                    "each `distinct` entry is a pair of spellings",
                    yaml_span(p),
                    "bad pair",
                ));
            }
            distinct.push((d[0].to_lowercase(), d[1].to_lowercase()));
        }
        // Pairs of non-empty strings, lowercased.
        let pairs = |list: &[Vec<String>], msg: &str| {
            list.iter()
                .map(|d| match d.as_slice() {
                    [a, b] if !a.is_empty() && !b.is_empty() => {
                        Ok((a.to_lowercase(), b.to_lowercase()))
                    }
                    _ => Err(file.error(msg, yaml_span(p), "bad pair")),
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let distinct_endings = pairs(
            &v.distinct_endings,
            "each `distinct_endings` entry is a pair of non-empty endings",
        )?;
        let spelling_variants = pairs(
            &v.spelling_variants,
            "each `spelling_variants` entry is a pair of non-empty letter groups",
        )?;
        let ascii_folds = if folds.iter().all(|(f, t)| !f.is_ascii() || t.is_ascii()) {
            (0..folds.len())
                .filter(|&i| folds[i].0.is_ascii())
                .collect()
        } else {
            (0..folds.len()).collect()
        };
        let distinct_beginnings = pairs(
            &v.distinct_beginnings,
            "each `distinct_beginnings` entry is a pair of non-empty beginnings",
        )?;
        let (mut romanize1, mut romanize2) = (HashMap::new(), HashMap::new());
        for t in &v.romanize {
            let from: Vec<char> = t
                .first()
                .map_or(vec![], |f| f.to_lowercase().chars().collect());
            match (&from[..], t.len()) {
                (&[c], 2) => {
                    romanize1.insert(c, t[1].to_lowercase());
                }
                (&[c, d], 2) => {
                    romanize2.insert((c, d), t[1].to_lowercase());
                }
                _ => {
                    return Err(file.error(
                        "each `romanize` entry is a pair `[letter or two, latin]`",
                        yaml_span(p),
                        "romanize",
                    ))
                }
            }
        }
        let mut translit = HashMap::new();
        for t in &v.transliterate {
            let from = t.first().map(|f| f.to_lowercase()).unwrap_or_default();
            let mut from = from.chars();
            match (from.next(), from.next(), t.len()) {
                (Some(c), None, 2) => {
                    translit.insert(c, t[1].to_lowercase());
                }
                _ => {
                    return Err(file.error(
                        "each `transliterate` entry is a pair `[letter, latin]`",
                        yaml_span(p),
                        "bad pair",
                    ))
                }
            }
        }
        let mut inflections: Vec<String> = lowercased(&v.inflections);
        inflections.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
        let mut nc = NameConsistency {
            short_marks: v.short_marks.to_lowercase().chars().collect(),
            short_min_length: v.short_min_length,
            explained_by: lowercased(&v.explained_by),
            explain_cues: cue_automaton(
                lowercased::<Vec<String>>(&v.explained_by)
                    .iter()
                    .filter(|e| !e.is_empty() && !e.starts_with('(')),
            ),
            unrelated_cues: cue_automaton(lowercased::<Vec<String>>(&v.unrelated_by).iter()),
            unrelated_by: lowercased(&v.unrelated_by),
            spelling_variants,
            appositive_articles: lowercased(&v.appositive_articles),
            credit_cues: lowercased(&v.credit_cues),
            credit_max_words: v.credit_max_words,
            distinct_beginnings,
            native_distinct: v
                .native_distinct_letters
                .iter()
                .filter_map(|p| {
                    let mut c = p.iter().filter_map(|x| x.to_lowercase().chars().next());
                    Some((c.next()?, c.next()?))
                })
                .collect(),
            native_endings: v.native_endings.iter().map(|e| e.to_lowercase()).collect(),
            translit,
            translit_when: v.transliterate_when.to_lowercase().chars().collect(),
            romanize1,
            romanize2,
            inflections,
            inflection_skeletons: Vec::new(),
            distinct_endings,
            min_length: v.min_length,
            fold_bytes: folds.iter().map(|(f, _)| byte_set(f.as_bytes())).collect(),
            fold_by_byte: Vec::new(),
            fold_by_pair: Vec::new(),
            shape_class: Vec::new(),
            ascii_folds,
            all_folds: (0..folds.len()).collect(),
            folds,
            distinct,
        };
        if nc.ascii_folds.len() <= 64 {
            let (mut by_byte, mut by_pair) = (vec![0u64; 256], vec![0u64; 1024]);
            for (p, &i) in nc.ascii_folds.iter().enumerate() {
                match nc.folds[i].0.as_bytes() {
                    [a] => by_byte[usize::from(*a)] |= 1 << p,
                    [a, b, ..] => by_pair[pair_index(*a, *b)] |= 1 << p,
                    [] => {}
                }
            }
            (nc.fold_by_byte, nc.fold_by_pair) = (by_byte, by_pair);
        }
        let mut sk: Vec<String> = nc.inflections.iter().map(|e| nc.skeleton(e)).collect();
        sk.sort_by_key(|e| std::cmp::Reverse(e.chars().count()));
        sk.dedup();
        nc.inflection_skeletons = sk;
        if nc
            .ascii_folds
            .iter()
            .all(|&i| nc.folds[i].0.is_ascii() && nc.folds[i].1.is_ascii())
        {
            nc.shape_class = shape_classes(&nc.folds, &nc.ascii_folds);
        }
        Ok(nc)
    }

    /// A skeleton with its longest inflection ending cut off, when the
    /// stem keeps `min_length` letters; `None` without such an ending.
    fn stem<'s>(&self, skel: &'s str) -> Option<&'s str> {
        self.inflection_skeletons.iter().find_map(|e| {
            skel.strip_suffix(e.as_str())
                .filter(|st| st.chars().count() >= self.min_length)
        })
    }

    /// Can two lowercase spellings be one name inflected rather than
    /// respelled? Accents aside (Polish "Kraków" / "Krakowa", German
    /// "Verband" / "Verbände" alternate a vowel when inflecting), they
    /// differ only by endings of `inflections` after their common
    /// beginning, or first differ within their last three letters, where
    /// stems alternate too (Croatian "Pelješki" / "Pelješca"). A
    /// respelling changes the name inside ("Тыныбеков" / "Тиныбекова").
    fn inflected_alike(&self, a: &str, b: &str) -> bool {
        let (a, b) = (fold_accents(a), fold_accents(b));
        let p = common_prefix(&a, &b);
        let ok = |t: &str| t.is_empty() || self.inflections.iter().any(|e| fold_accents(e) == t);
        let shorter = a.chars().count().min(b.chars().count());
        let at = a[..p].chars().count();
        at + 3 >= shorter || (ok(&a[p..]) && ok(&b[p..]))
    }

    /// Are two lowercase spellings one word in two cases whose endings
    /// differ by an accent alone (Polish "Wałęsa" / "Wałęsą")? The same
    /// letters once accents are dropped, the same beginning, and two
    /// endings that are both `inflections`. A lost accent is not an
    /// ending ("Veselého" / "Veseleho": "eho" is no case ending).
    fn accented_endings(&self, a: &str, b: &str) -> bool {
        if a.chars().count() != b.chars().count() || fold_accents(a) != fold_accents(b) {
            return false;
        }
        let p = common_prefix(a, b);
        let is_ending = |t: &str| self.inflections.iter().any(|e| e == t);
        // (`a` and `b` share their first `p` bytes.)
        is_ending(&a[p..]) && is_ending(&b[p..])
    }

    /// Is one lowercase spelling the other with a one-letter ending of
    /// `inflections` added, not doubling its last letter? A name and its
    /// derived or inflected form that the folds merge (Hungarian "Tokaj" /
    /// "Tokaji", the place and its adjective: j and y fold to i, and the
    /// doubled i collapses). "Zelensky" / "Zelenskyy" doubles the last
    /// letter: a respelling.
    fn suffixed(&self, a: &str, b: &str) -> bool {
        let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
        let Some(end) = long.strip_prefix(short) else {
            return false;
        };
        let mut cs = end.chars();
        let (Some(e), None) = (cs.next(), cs.next()) else {
            return false;
        };
        !short.ends_with(e) && self.inflections.iter().any(|i| i == end)
    }

    /// Do two lowercase spellings differ by é alone (one has é where the
    /// other has e)? Then the one with é, when given.
    fn e_acute_only<'s>(a: &'s str, b: &'s str) -> Option<bool> {
        let mut it = a.chars().zip(b.chars());
        let mut first_has = None;
        for (x, y) in it.by_ref() {
            match (x, y) {
                _ if x == y => {}
                ('é', 'e') if first_has != Some(false) => first_has = Some(true),
                ('e', 'é') if first_has != Some(true) => first_has = Some(false),
                _ => return None,
            }
        }
        (a.chars().count() == b.chars().count()).then_some(first_has?)
    }

    /// Is the word at `at..end` of a block's `text` written beside another
    /// capitalized word with a French accent (é, è, ê, à, ç) in its
    /// sentence: in a name of a language that writes those ("Société …
    /// du Québec" in English text that writes "Quebec"), where its é is
    /// that language's own?
    fn among_accented_names(text: &str, at: usize, end: usize) -> bool {
        let (start, stop) = sentence_at(text, at, end);
        let accented = |w: &str| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.contains(['é', 'è', 'ê', 'à', 'ç'])
        };
        // (Not the sentence's first word: capitalized as any word there.)
        // (Or right after a Romance preposition: "Banco de México" in
        // text that writes "Mexico".)
        let prev = text[..at].trim_end_matches(' ');
        let prep = prev
            .rsplit(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .next()
            .unwrap_or("");
        if (prev.len() < at && matches!(prep, "de" | "du" | "des" | "del" | "da" | "do" | "di"))
            || prev.ends_with("d'")
            || prev.ends_with("d’")
        {
            return true;
        }
        fn words(t: &str) -> impl Iterator<Item = &str> {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
        }
        words(&text[start..at])
            .skip(1)
            .chain(words(&text[end..stop]))
            .any(accented)
    }

    /// Is the variant at `at..end` of a block's `text` explained: a word
    /// of `explained_by` in its sentence; written in parentheses or after
    /// a slash right after `first`; a word of `explained_by` elsewhere in
    /// its paragraph (the block), but for a parenthesis's opening ("(also
    /// ", "(or "), which explains only what it stands beside; or an article
    /// about spelling ([`Self::about_spelling`], asked once per document
    /// through `topic`)?
    fn explained(
        &self,
        cx: &Cx,
        topic: &OnceCell<bool>,
        text: &str,
        at: usize,
        end: usize,
        first: &str,
    ) -> bool {
        let (start, stop) = sentence_at(text, at, end);
        let sentence = text[start..stop].to_lowercase();
        // (The automaton holds every cue but a parenthesis's opening: one
        // pass over the sentence instead of one search a cue.)
        let cue_in_sentence = match &self.explain_cues {
            Some(ac) => {
                ac.is_match(&sentence)
                    || self
                        .explained_by
                        .iter()
                        .filter(|e| e.starts_with('('))
                        .any(|e| sentence.contains(e.as_str()))
            }
            None => self
                .explained_by
                .iter()
                .any(|e| sentence.contains(e.as_str())),
        };
        if cue_in_sentence {
            return true;
        }
        let before = text[start..at].trim_end();
        if (before.ends_with('(') || before.ends_with('/'))
            && before[..before.len() - 1].trim_end().ends_with(first)
        {
            return true;
        }
        self.cues_in(&cue_text(text), |_| ()) > 0 || *topic.get_or_init(|| self.about_spelling(cx))
    }

    /// How many cues of `explain_cues` open a word of the lowercase
    /// `text` ("spell" in "spelled", not in "misspelled"; "graphie" not in
    /// "photographie"), each one's pattern handed to `seen`. (Or of a
    /// [`cue_text`]: the characters before a match are the lowercase's,
    /// but for ASCII capitals, alphanumeric as their lowercase letters.)
    fn cues_in(&self, text: &str, mut seen: impl FnMut(usize)) -> usize {
        let Some(ac) = &self.explain_cues else {
            return 0;
        };
        // (Most texts hold no cue at all: a plain search says so faster
        // than the overlapping one.)
        if !ac.is_match(text) {
            return 0;
        }
        ac.find_overlapping_iter(text)
            .filter(|m| {
                !text[..m.start()]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
            })
            .inspect(|m| seen(m.pattern().as_usize()))
            .count()
    }

    /// Is the document about spelling itself (a passport story, a
    /// transliteration row): words of `explained_by` (not a parenthesis's
    /// opening) three times or more, two of them at least different? Its
    /// variants are its subject, each explained by the article.
    fn about_spelling(&self, cx: &Cx) -> bool {
        let mut cues = 0;
        let mut kinds: Vec<usize> = Vec::new();
        for (_, b) in cx.blocks() {
            cues += self.cues_in(&cue_text(b.text()), |p| {
                if !kinds.contains(&p) {
                    kinds.push(p);
                }
            });
        }
        cues >= 3 && kinds.len() >= 2
    }

    /// Short names with marks of `short_marks` written again without
    /// them, beside the same neighbour word (ASCII capitalized words of
    /// the same skeleton, searched only in a text that has such names).
    fn short_names(
        &self,
        cx: &Cx,
        topic: &OnceCell<bool>,
        marked: &[(String, usize, usize, usize)],
        out: &mut Vec<Hit>,
    ) {
        let blocks = &cx.doc.blocks;
        let near = |bi: usize, ms: usize, me: usize| {
            let (p, n) = neighbours(blocks[bi].text(), ms, me);
            (p.map(|w| self.skeleton(w)), n.map(|w| self.skeleton(w)))
        };
        let marked_near: Vec<_> = marked
            .iter()
            .map(|(_, bi, ms, me)| near(*bi, *ms, *me))
            .collect();
        let mut reported: HashSet<&str> = HashSet::new();
        for (bi, b) in cx.blocks() {
            let text = b.text();
            for (ms, me) in capitalized_words(text) {
                let w = &text[ms..me];
                let n = w.len();
                if !w.is_ascii() || n < self.short_min_length || n >= self.min_length {
                    continue;
                }
                let whole = !text[me..].chars().next().is_some_and(char::is_alphanumeric)
                    && !text[..ms]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric);
                if !whole || reported.contains(w) {
                    continue;
                }
                let key = self.skeleton(w);
                let (p, nx) = near(bi, ms, me);
                let found = marked.iter().zip(&marked_near).find(|((k, ..), (mp, mn))| {
                    *k == key && ((p.is_some() && p == *mp) || (nx.is_some() && nx == *mn))
                });
                if let Some(((_, mbi, mms, mme), _)) = found {
                    let first = &blocks[*mbi].text()[*mms..*mme];
                    // (Explained where it is written: "no marks on the
                    // passport".)
                    if self.explained(cx, topic, text, ms, me, first) {
                        continue;
                    }
                    reported.insert(w);
                    out.push(
                        Hit::new(b.src(ms, me))
                            .var("name", w)
                            .var("first", first)
                            .label(format!("`{w}` here, `{first}` elsewhere"))
                            .related(
                                blocks[*mbi].src(*mms, *mme),
                                format!("spelled `{first}` here"),
                            ),
                    );
                }
            }
        }
    }

    /// The short middle words (`short_min_length`.. letters, shorter than
    /// `min_length`; Latin letters) of three capitalized words separated by
    /// single spaces, sorted into those with marks and those in ASCII.
    fn middle_words(
        &self,
        bi: usize,
        text: &str,
        ws: &[(usize, usize)],
        marked: &mut Vec<Mid>,
        plain: &mut Vec<Mid>,
    ) {
        for w3 in ws.windows(3) {
            let ((a0, a1), (m0, m1), (c0, c1)) = (w3[0], w3[1], w3[2]);
            // (Bytes bound letters: a long middle word is skipped unread.)
            if m1 - m0 >= 2 * self.min_length || &text[a1..m0] != " " || &text[m1..c0] != " " {
                continue;
            }
            let mid = &text[m0..m1];
            let n = mid.chars().count();
            if n < 2 || n >= self.min_length {
                continue;
            }
            let m = Mid {
                bi,
                start: a0,
                mid: (m0, m1),
                end: c1,
            };
            if mid.is_ascii() {
                plain.push(m);
            } else if mid
                .chars()
                .all(|c| c.is_ascii_alphabetic() || ('\u{C0}'..'\u{250}').contains(&c))
                && !mid.chars().any(|c| {
                    self.short_marks
                        .contains(&c.to_lowercase().next().unwrap_or(c))
                })
            {
                marked.push(m);
            }
        }
    }

    /// A name's short middle word — a particle (Irish "Ní", "Uí") or a
    /// short given name — written again without its marks between the
    /// same two capitalized words ("Sorcha Ní Fhlatharta" … "Sorcha Ni
    /// Fhlatharta"): the same name, stripped of its accents by a
    /// translation or a retyping. The words around it must match (accents
    /// aside): one name, not a namesake. (Vietnamese syllables, with
    /// marks of `short_marks`, are [`Self::short_names`]'s.)
    fn stripped_particles(
        &self,
        cx: &Cx,
        topic: &OnceCell<bool>,
        marked: &[Mid],
        plain: &[Mid],
        out: &mut Vec<Hit>,
    ) {
        let blocks = &cx.doc.blocks;
        let whole = |m: &Mid| fold_accents(&blocks[m.bi].text()[m.start..m.end].to_lowercase());
        let marked_keys: Vec<String> = marked.iter().map(whole).collect();
        let mut reported: HashSet<String> = HashSet::new();
        for p in plain {
            let key = whole(p);
            let Some(k) = marked_keys.iter().position(|m| *m == key) else {
                continue;
            };
            let m = &marked[k];
            let (b, mb) = (&blocks[p.bi], &blocks[m.bi]);
            let (name, first) = (&b.text()[p.start..p.end], &mb.text()[m.start..m.end]);
            let span = b.src(p.mid.0, p.mid.1);
            if reported.contains(&key)
                || out.iter().any(|h| h.span.overlaps(span))
                || self.explained(cx, topic, b.text(), p.start, p.end, first)
                || self.only_in_credits(cx, name)
            {
                continue;
            }
            reported.insert(key);
            out.push(
                Hit::new(span)
                    .var("name", name)
                    .var("first", first)
                    .label(format!("`{name}` here, `{first}` elsewhere"))
                    .related(mb.src(m.mid.0, m.mid.1), format!("spelled `{first}` here")),
            );
        }
    }

    /// A surname respelled by one letter after the same given name
    /// ("Hamisi Mwakalinga" … "Hamisi Mwakelinga"): the same person, one
    /// spelling a slip of a translation or a retyping. A skeleton apart
    /// (the main check reports equal ones); neither spelling explained or
    /// in the other's sentence. Not two people: the given word a word
    /// also written lowercase ("World Health Organization"), the two
    /// spellings a word's British and American ones (`spelling_variants`),
    /// each spelling written twice or more, or the later one introduced
    /// anew by an appositive (", a freshman from Ohio,").
    fn respelled_surnames<'t>(
        &self,
        cx: &Cx,
        topic: &OnceCell<bool>,
        given: &mut [(&'t str, &'t str, At)],
        out: &mut Vec<Hit>,
    ) {
        if given.len() < 2 {
            return;
        }
        // By given name, in order of appearance within each.
        given.sort_by_key(|g| (g.0, g.2 .0.start));
        let mut reported: HashSet<&str> = HashSet::new();
        // The hits, each with its sentence and its first spelling's
        // (block, sentence start): two respelled names in one sentence,
        // both first written together in another, are two pairs of
        // namesakes listed side by side ("A Berg and C Holm … A Bergh and
        // C Holme"), not two slips.
        let mut hits: Vec<(Hit, (usize, usize, usize, usize))> = Vec::new();
        // The distinct surnames of one given name, each with its first
        // entry and its count (most given names have one surname: the
        // scan is over distinct spellings, not over every mention).
        let mut distinct: Vec<(usize, usize)> = Vec::new();
        for run in given.chunk_by(|p, q| p.0 == q.0) {
            if run.len() < 2 {
                continue;
            }
            distinct.clear();
            for (k, (_, w, _)) in run.iter().enumerate() {
                match distinct.iter_mut().find(|(j, _)| run[*j].1 == *w) {
                    Some((_, n)) => *n += 1,
                    None => distinct.push((k, 1)),
                }
            }
            if distinct.len() < 2 {
                continue;
            }
            for (d, &(k, count)) in distinct.iter().enumerate() {
                let (given_word, later, (span, bi, at)) = run[k];
                if reported.contains(later) {
                    continue;
                }
                // (Cheap first: the same two first letters, lengths close.)
                let found = distinct[..d].iter().find(|&&(j, first_count)| {
                    let first = run[j].1;
                    first.len().abs_diff(later.len()) <= 4
                        && first.as_bytes()[..2] == later.as_bytes()[..2]
                        // (Each written twice or more: two people.)
                        && (count < 2 || first_count < 2)
                        && one_letter_inside(&first.to_lowercase(), &later.to_lowercase())
                });
                let Some(&(j, _)) = found else {
                    continue;
                };
                let (_, first, (first_span, first_bi, first_at)) = run[j];
                let (fl, lb) = (first.to_lowercase(), later.to_lowercase());
                let text = cx.doc.blocks[bi].text();
                let (ss, se) = sentence_at(text, at, at + later.len());
                if self.skeleton(first) == self.skeleton(later)
                    || self.listed_distinct(&fl, &lb)
                    || self.differ_by_ending(&fl, &lb)
                    || self.spelling_variant(&fl, &lb)
                    || self.explained(cx, topic, text, at, at + later.len(), first)
                    || (first_bi == bi
                        && super::whole_word_indices(&text[ss..se], first)
                            .next()
                            .is_some())
                    || self.appositive_after(text, at + later.len())
                    || written_lowercase(cx, given_word)
                    || self.two_people(cx, (first, first_bi), (later, bi, at))
                {
                    continue;
                }
                reported.insert(later);
                let key = (
                    bi,
                    sentence_of(cx, bi, at, later.len()).0,
                    first_bi,
                    sentence_of(cx, first_bi, first_at, first.len()).0,
                );
                hits.push((
                    Hit::new(span)
                        .var("name", later)
                        .var("first", first)
                        .label(format!("`{later}` here, `{first}` earlier"))
                        .related(first_span, format!("first spelled `{first}` here")),
                    key,
                ));
            }
        }
        let keys: Vec<_> = hits.iter().map(|h| h.1).collect();
        for (hit, key) in hits {
            if keys.iter().filter(|k| **k == key).count() < 2 {
                out.push(hit);
            }
        }
    }

    /// Do two lowercase spellings differ by one swap of a pair of
    /// `spelling_variants` ("organization" / "organisation")?
    fn spelling_variant(&self, a: &str, b: &str) -> bool {
        let swapped = |a: &str, b: &str, x: &str, y: &str| {
            a.len() + y.len() == b.len() + x.len()
                && a.match_indices(x).any(|(i, _)| {
                    b.get(..i) == Some(&a[..i])
                        && b[i..].starts_with(y)
                        && b[i + y.len()..] == a[i + x.len()..]
                })
        };
        self.spelling_variants
            .iter()
            .any(|(x, y)| swapped(a, b, x, y) || swapped(b, a, x, y))
    }

    /// Does an appositive follow at `end` of a block's `text`: ", a …,"
    /// (an article of `appositive_articles`, closed by a comma within
    /// eight words)? A name so introduced is a new person's.
    fn appositive_after(&self, text: &str, end: usize) -> bool {
        let Some(rest) = text[end..].strip_prefix(", ") else {
            return false;
        };
        let Some((article, rest)) = rest.split_once(' ') else {
            return false;
        };
        if !self.appositive_articles.iter().any(|a| a == article) {
            return false;
        }
        let clause = rest.split(['.', ';', '!', '?']).next().unwrap_or("");
        clause
            .find(',')
            .is_some_and(|c| clause[..c].split_whitespace().count() <= 8)
    }

    /// `w` through [`Params::romanize`] (digraphs first), lowercase; None
    /// when a letter of it has no romanization (another script).
    fn romanized(&self, w: &str) -> Option<String> {
        let lower: Vec<char> = w.chars().flat_map(char::to_lowercase).collect();
        let mut out = String::with_capacity(lower.len() + 4);
        let mut i = 0;
        while i < lower.len() {
            if let Some(t) = lower
                .get(i + 1)
                .and_then(|&d| self.romanize2.get(&(lower[i], d)))
            {
                out.push_str(t);
                i += 2;
                continue;
            }
            out.push_str(self.romanize1.get(&lower[i])?);
            i += 1;
        }
        Some(out)
    }

    /// A name written in a script of [`Params::romanize`] and again in its
    /// exact romanization ("Παπαδάκης" … "Papadakis"), the Latin spelling
    /// among words of that script (an article in the script, not a Latin
    /// text naming the person): the later spelling is reported, the first
    /// shown.
    fn romanized_names(
        &self,
        cx: &Cx,
        topic: &OnceCell<bool>,
        seen: &WordMap<&str, Seen>,
        out: &mut Vec<Hit>,
    ) {
        if self.romanize1.is_empty() {
            return;
        }
        let native_letter = |c: char| {
            c.to_lowercase()
                .next()
                .is_some_and(|l| !l.is_ascii() && self.romanize1.contains_key(&l))
        };
        // (Cheap: a document with no capitalized word in the script pays a
        // look at each distinct word's first letter.)
        let mut native: Vec<(String, &str)> = seen
            .keys()
            .filter(|w| w.chars().next().is_some_and(native_letter))
            .filter_map(|w| Some((self.romanized(w)?, *w)))
            .collect();
        if native.is_empty() {
            return;
        }
        native.sort_unstable();
        let latin: Vec<&str> = seen
            .keys()
            .filter(|w| w.is_ascii())
            .filter(|w| {
                let l = w.to_ascii_lowercase();
                native
                    .binary_search_by(|(r, _)| r.as_str().cmp(l.as_str()))
                    .is_ok()
            })
            .copied()
            .collect();
        if latin.is_empty() {
            return;
        }
        let mut found: Vec<(Span, &str, Span, &str)> = Vec::new();
        for w in latin {
            let l = w.to_ascii_lowercase();
            let Ok(k) = native.binary_search_by(|(r, _)| r.as_str().cmp(l.as_str())) else {
                continue;
            };
            let first = native[k].1;
            let (Some((span, bi, at)), Some((first_span, _, _))) =
                (first_at(cx, w), first_at(cx, first))
            else {
                continue;
            };
            let text = cx.doc.blocks[bi].text();
            let end = at + w.len();
            // Among words of the script, not glossing it: "(Papadakis)",
            // "Παπαδάκης / Papadakis".
            let (prev, next) = neighbours(text, at, end);
            let in_script = |x: Option<&str>| x.is_none_or(|x| x.chars().any(native_letter));
            if prev.is_none() && next.is_none()
                || !in_script(prev)
                || !in_script(next)
                || text[..at]
                    .trim_end()
                    .ends_with(['(', '/', '[', '«', '"', '“'])
                || self.explained(cx, topic, text, at, end, first)
            {
                continue;
            }
            found.push((span, w, first_span, first));
        }
        found.sort_by_key(|f| f.0.start);
        for (span, name, first_span, first) in found {
            out.push(
                Hit::new(span)
                    .var("name", name)
                    .var("first", first)
                    .label(format!("`{name}` here, `{first}` elsewhere"))
                    .related(first_span, format!("spelled `{first}` here")),
            );
        }
    }

    /// A name written again with its marks stripped ("Conceição" …
    /// "Conceicao", "Gonçalves" … "Goncalves"): two marks or more, of
    /// those the skeleton keeps (a lost é or ü is the main check's). In a
    /// text not in English, a plain spelling inside English sentences only
    /// is English typography.
    fn stripped_marks(
        &self,
        cx: &Cx,
        topic: &OnceCell<bool>,
        seen: &WordMap<&str, Seen>,
        out: &mut Vec<Hit>,
    ) {
        let mut english_doc: Option<bool> = None;
        // (Latin letters only: a Greek or Cyrillic word has no plain
        // Latin spelling, and pays nothing.)
        let latin = |c: char| c.is_ascii_alphabetic() || ('\u{C0}'..'\u{250}').contains(&c);
        for &w in seen.keys() {
            if w.is_ascii()
                || !w.chars().next().is_some_and(latin)
                || w.chars().filter(|c| !c.is_ascii()).nth(1).is_none()
            {
                continue;
            }
            let lower = w.to_lowercase();
            let plain = fold_accents(&lower);
            let marks = lower
                .chars()
                .zip(plain.chars())
                .filter(|(c, d)| c != d)
                .count();
            if marks < 2 || !plain.is_ascii() {
                continue;
            }
            // (Capitalized as the name is: each part of a hyphenated one.)
            let mut p = String::with_capacity(plain.len());
            let mut after_hyphen = true;
            for c in plain.chars() {
                p.push(if after_hyphen {
                    c.to_ascii_uppercase()
                } else {
                    c
                });
                after_hyphen = c == '-';
            }
            if !seen.contains_key(p.as_str())
                || self.skeleton(w) == self.skeleton(&plain)
                || self.listed_distinct(&lower, &plain)
                || self.only_in_credits(cx, &p)
            {
                continue;
            }
            let (Some(pat), Some(wat)) = (first_at(cx, &p), first_at(cx, w)) else {
                continue;
            };
            let ((span, bi, at), name, (first_span, first_bi, _), first) =
                if pat.0.start > wat.0.start {
                    (pat, p.as_str(), wat, w)
                } else {
                    (wat, w, pat, p.as_str())
                };
            // (The main check's filters: explained, quoted beside its
            // other spelling, two people.)
            let text = cx.doc.blocks[bi].text();
            if self.explained(cx, topic, text, at, at + name.len(), first)
                || quoted_beside(text, at, at + name.len(), first)
                || self.two_people(cx, (first, first_bi), (name, bi, at))
            {
                continue;
            }
            if !*english_doc.get_or_insert_with(|| english_text(cx))
                && plain_outside_english(cx, &p).is_none()
            {
                continue;
            }
            out.push(
                Hit::new(span)
                    .var("name", name)
                    .var("first", first)
                    .label(format!("`{name}` here, `{first}` elsewhere"))
                    .related(first_span, format!("spelled `{first}` here")),
            );
        }
    }

    /// Two people rather than one name spelled twice: both spellings in
    /// one sentence (where the later one is first written), each after a
    /// capitalized word (a given name), each first
    /// written in a list item (a listing of people), or a paragraph of
    /// either saying
    /// they are not kin (`unrelated_by`). Run for a hit only.
    fn two_people(&self, cx: &Cx, first: (&str, usize), later: (&str, usize, usize)) -> bool {
        let (first, first_bi) = first;
        let (w, bi, at) = later;
        let blocks = &cx.doc.blocks;
        let text = blocks[bi].text();
        let (ss, se) = sentence_of(cx, bi, at, w.len());
        // (Each after a capitalized word: two full names. "sagte Petrović
        // … und Petrovic" is one name respelled.)
        let sent = &text[ss..se];
        let full = |i: usize| {
            sent[..i]
                .strip_suffix(' ')
                .and_then(|b| b.split(|c: char| !c.is_alphanumeric()).next_back())
                .and_then(|g| g.chars().next())
                .is_some_and(char::is_uppercase)
        };
        if full(at - ss) && super::whole_word_indices(sent, first).any(full) {
            return true;
        }
        // (Each spelling first written in a list item.)
        let item = |i: usize| blocks[i].kind == crate::document::BlockKind::ListItem;
        if item(bi) && item(first_bi) {
            return true;
        }
        !self.unrelated_by.is_empty()
            && [bi, first_bi].iter().any(|&i| match &self.unrelated_cues {
                Some(ac) => ac.is_match(cue_text(blocks[i].text()).as_ref()),
                None => {
                    let t = blocks[i].text().to_lowercase();
                    self.unrelated_by.iter().any(|u| t.contains(u.as_str()))
                }
            })
    }

    /// Is every whole-word occurrence of `plain` in a photo caption,
    /// credit or byline (a short block with one of `credit_cues`)? Run for
    /// a hit only.
    fn only_in_credits(&self, cx: &Cx, plain: &str) -> bool {
        if self.credit_cues.is_empty() {
            return false;
        }
        let mut any = false;
        for (_, b) in cx.blocks() {
            let text = b.text();
            if super::whole_word_indices(text, plain).next().is_none() {
                continue;
            }
            any = true;
            let lower = text.to_lowercase();
            let credit = text.split_whitespace().nth(self.credit_max_words).is_none()
                && self.credit_cues.iter().any(|c| lower.contains(c.as_str()));
            if !credit {
                return false;
            }
        }
        any
    }

    /// Are two lowercase spellings a pair of `distinct` (two names, in
    /// either order)?
    fn listed_distinct(&self, a: &str, b: &str) -> bool {
        self.distinct
            .iter()
            .any(|(x, y)| (x == a && y == b) || (x == b && y == a))
    }

    /// Do two lowercase spellings differ only by a pair of
    /// `distinct_endings` (the same stem, one ending each)?
    fn differ_by_ending(&self, a: &str, b: &str) -> bool {
        differ_by_pair(&self.distinct_endings, a, b, |s, p| s.strip_suffix(p))
    }

    /// Are two lowercase spellings two native names: their first
    /// difference is a pair of `native_distinct_letters` and both end in
    /// one of `native_endings` ("хромов" / "громова")?
    fn native_pair(&self, a: &str, b: &str) -> bool {
        let Some((x, y)) = a.chars().zip(b.chars()).find(|(x, y)| x != y) else {
            return false;
        };
        self.native_distinct
            .iter()
            .any(|&(p, q)| (x, y) == (p, q) || (x, y) == (q, p))
            && [a, b]
                .iter()
                .all(|w| self.native_endings.iter().any(|e| w.ends_with(e.as_str())))
    }

    /// Do two lowercase spellings differ only by a pair of
    /// `distinct_beginnings` (a mutated first consonant)?
    fn differ_by_beginning(&self, a: &str, b: &str) -> bool {
        differ_by_pair(&self.distinct_beginnings, a, b, |s, p| s.strip_prefix(p))
    }

    /// A lowercase word in Latin letters through `transliterate`, when it
    /// holds one of `transliterate_when`'s letters; else the word itself.
    fn latin(&self, w: &str) -> String {
        let lower = w.to_lowercase();
        if w.is_ascii() || !lower.chars().any(|c| self.translit_when.contains(&c)) {
            return lower;
        }
        let mut out = String::with_capacity(lower.len());
        for c in lower.chars() {
            match self.translit.get(&c) {
                Some(t) => out.push_str(t),
                None => out.push(c),
            }
        }
        out
    }

    pub fn skeleton(&self, w: &str) -> String {
        let (mut s, mut tmp) = (String::new(), String::new());
        self.skeleton_into(w, &mut s, &mut tmp);
        s
    }

    /// [`Self::skeleton`] written into `s`, with `tmp` as scratch: the
    /// main scan folds every distinct word of a document, and reuses the
    /// two buffers instead of allocating a string per fold applied.
    fn skeleton_into(&self, w: &str, s: &mut String, tmp: &mut String) {
        s.clear();
        if w.is_ascii() {
            s.push_str(w);
            s.make_ascii_lowercase();
        } else {
            *s = self.latin(w);
        }
        // Words are short: a plain window scan beats building a two-way
        // searcher for each fold.
        // (Compared byte by byte: a slice `==` calls `memcmp` per window.)
        let occurs = |s: &str, f: &[u8]| {
            s.as_bytes()
                .windows(f.len())
                .any(|win| win[0] == f[0] && win.iter().zip(f).all(|(a, b)| a == b))
        };
        if s.is_ascii() && !self.fold_by_byte.is_empty() {
            // Only the folds a byte or a pair of the word points at, in
            // their order: the others cannot occur in it. Recounted after
            // each fold applied, for the folds after it.
            let mut cand = self.fold_candidates(s.as_bytes());
            while cand != 0 {
                let p = cand.trailing_zeros();
                cand &= cand - 1;
                let (from, to) = &self.folds[self.ascii_folds[p as usize]];
                if occurs(s, from.as_bytes()) {
                    replace_into(s, from, to, tmp);
                    std::mem::swap(s, tmp);
                    cand = self.fold_candidates(s.as_bytes())
                        & u64::MAX.checked_shl(p + 1).unwrap_or(0);
                }
            }
        } else {
            let mut present = byte_set(s.as_bytes());
            // (Most folds are not ASCII: a fold whose `from` has a byte the
            // word lacks cannot apply.)
            let order = if s.is_ascii() {
                &self.ascii_folds
            } else {
                &self.all_folds
            };
            for &i in order {
                let ((from, to), fb) = (&self.folds[i], &self.fold_bytes[i]);
                if fb.iter().zip(&present).any(|(f, p)| f & !p != 0) {
                    continue;
                }
                if occurs(s, from.as_bytes()) {
                    replace_into(s, from, to, tmp);
                    std::mem::swap(s, tmp);
                    present = byte_set(s.as_bytes());
                }
            }
        }
        // Doubled letters written once ([`undoubled`]). In ASCII a byte is
        // a letter: most words have no doubled byte and are done, the
        // others are copied by runs between doubled bytes. (Not outside
        // ASCII: "éé" has no two equal bytes side by side.)
        let bytes = s.as_bytes();
        let ascii = s.is_ascii();
        if ascii && !bytes.windows(2).any(|p| p[0] == p[1]) {
            return;
        }
        tmp.clear();
        if ascii {
            let mut start = 0;
            for i in 1..bytes.len() {
                if bytes[i] == bytes[i - 1] {
                    tmp.push_str(&s[start..i]);
                    start = i + 1;
                }
            }
            tmp.push_str(&s[start..]);
        } else {
            let mut prev = None;
            for c in s.chars() {
                if Some(c) != prev {
                    tmp.push(c);
                }
                prev = Some(c);
            }
        }
        std::mem::swap(s, tmp);
    }

    /// The folds of `ascii_folds` (as bits, see `fold_by_byte`) that a
    /// byte or a pair of bytes of `s` points at: a superset of those
    /// occurring in `s`.
    fn fold_candidates(&self, s: &[u8]) -> u64 {
        let Some(&first) = s.first() else {
            return 0;
        };
        let mut m = self.fold_by_byte[usize::from(first)];
        for w in s.windows(2) {
            m |= self.fold_by_byte[usize::from(w[1])] | self.fold_by_pair[pair_index(w[0], w[1])];
        }
        m
    }

    /// A word's shape: its bytes through `shape_class`, the dropped ones
    /// left out and a symbol repeated in a row read once, as one number.
    /// Two words of one skeleton have one shape (see [`shape_classes`]):
    /// an ASCII word's is read off the word itself, unfolded, and equals
    /// its skeleton's. (0 for every word without classes.)
    fn shape(&self, w: &[u8]) -> u64 {
        if self.shape_class.is_empty() {
            return 0;
        }
        let (mut h, mut prev) = (0u64, 0u16);
        for &b in w {
            let c = self.shape_class[usize::from(b)];
            if c != 0 && c != prev {
                h = (h.rotate_left(5) ^ u64::from(c)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
                prev = c;
            }
        }
        h
    }

    /// The distinct spellings (in order of first appearance) grouped by
    /// skeleton: the first spelling of each group, and the later ones
    /// with their group's index. Only a spelling that shares its shape
    /// ([`Self::shape`]) with another is folded, if not yet (its skeleton
    /// written to `skeletons`, with `key` and `scratch` as buffers): one
    /// alone in its shape is alone in its skeleton, a group of its own.
    /// (Most capitalized words of an article are: "Monday", "Minister"
    /// and "Ukraine" need no folding to be told apart.)
    fn group_spellings<'t>(
        &self,
        spellings: &mut [Spelling<'t>],
        skeletons: &mut String,
        key: &mut String,
        scratch: &mut String,
    ) -> Groups<'t> {
        let mut shapes: Vec<u64> = spellings.iter().map(|s| s.shape).collect();
        shapes.sort_unstable();
        let mut shared = 0;
        for s in spellings.iter_mut() {
            let i = shapes.partition_point(|&x| x < s.shape);
            s.alone = shapes.get(i + 1) != Some(&s.shape);
            if s.alone {
                continue;
            }
            shared += 1;
            if s.skeleton.is_none() {
                self.skeleton_into(s.word, key, scratch);
                let start = skeletons.len();
                skeletons.push_str(key);
                s.skeleton = Some((start, skeletons.len()));
            }
        }
        let skeletons = &*skeletons;
        let mut firsts: Vec<(&str, At)> = Vec::with_capacity(spellings.len());
        let mut later: Vec<(usize, &str, At)> = Vec::new();
        // (Sized once: the number of spellings to group is known.)
        let mut by_skeleton: WordMap<&str, usize> =
            WordMap::with_capacity_and_hasher(shared, Default::default());
        for s in spellings.iter() {
            let Some((start, end)) = s.skeleton.filter(|_| !s.alone) else {
                firsts.push((s.word, s.at));
                continue;
            };
            match by_skeleton.entry(&skeletons[start..end]) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    later.push((*e.get(), s.word, s.at));
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(firsts.len());
                    firsts.push((s.word, s.at));
                }
            }
        }
        (firsts, later)
    }
}

/// A distinct spelling of the main scan (see
/// [`NameConsistency::group_spellings`]): where its skeleton is in the
/// scan's string of skeletons once folded, the word, where it is first
/// written, its shape, and whether that shape is its alone.
struct Spelling<'t> {
    skeleton: Option<(usize, usize)>,
    word: &'t str,
    at: At,
    shape: u64,
    alone: bool,
}

/// `s` with every occurrence of `from` (leftmost first, not overlapping)
/// replaced by `to`, written into `out`: `str::replace` without its
/// allocation. (A match of `from`'s bytes starts and ends on character
/// boundaries: UTF-8 is self-synchronizing.)
fn replace_into(s: &str, from: &str, to: &str, out: &mut String) {
    out.clear();
    let (sb, f) = (s.as_bytes(), from.as_bytes());
    let (mut i, mut last) = (0, 0);
    while i + f.len() <= sb.len() {
        // (The first byte inline: `starts_with` calls `memcmp`.)
        if sb[i] == f[0] && sb[i..].starts_with(f) {
            out.push_str(&s[last..i]);
            out.push_str(to);
            i += f.len();
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[last..]);
}

/// A short middle word of three capitalized words (see
/// [`NameConsistency::middle_words`]): its block, where the three start,
/// its own span and where the three end.
struct Mid {
    bi: usize,
    start: usize,
    mid: (usize, usize),
    end: usize,
}

/// A lowercase word with doubled letters written once.
fn undoubled(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev = None;
    for c in s.chars() {
        if Some(c) != prev {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Do two lowercase spellings end one in a doubled vowel and "n", the
/// other in that vowel once and "n" (Finnish and Estonian cases of one
/// word: illative "Lappiin", genitive "Lapin")?
fn illative_genitive(a: &str, b: &str) -> bool {
    let vowel = |c: char| "aeiouyäöõü".contains(c);
    let ends = |w: &str| -> Option<(char, bool)> {
        let mut r = w.chars().rev();
        if r.next()? != 'n' {
            return None;
        }
        let v = r.next()?;
        let doubled = r.next() == Some(v);
        vowel(v).then_some((v, doubled))
    };
    matches!((ends(a), ends(b)), (Some((x, p)), Some((y, q))) if x == y && p != q)
}

/// Is a capitalized word also written in lowercase, as a whole word,
/// somewhere in the text (a common word, not a given name)? Run for a
/// hit only.
fn written_lowercase(cx: &Cx, w: &str) -> bool {
    let l = w.to_lowercase();
    l != w
        && cx
            .blocks()
            .any(|(_, b)| super::whole_word_indices(b.text(), &l).next().is_some())
}

/// Is every whole-word occurrence of `w` the first word of a sentence
/// (after a stop, a colon or the start of its block, quotation marks
/// aside)? Run for a hit only.
fn only_sentence_initial(cx: &Cx, w: &str) -> bool {
    cx.blocks().all(|(_, b)| {
        let text = b.text();
        super::whole_word_indices(text, w).all(|i| {
            let before = text[..i].trim_end_matches(|c: char| {
                c.is_whitespace()
                    || matches!(
                        c,
                        '"' | '“' | '”' | '«' | '»' | '„' | '\'' | '‘' | '*' | '_'
                    )
            });
            before.is_empty() || before.ends_with(['.', '!', '?', ':', '…'])
        })
    })
}

/// How many leading items `a` and `b` share, and how many trailing items
/// they share after those (the two never overlap: of "aa" and "aaa", two
/// and none).
fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let s = a[p..]
        .iter()
        .rev()
        .zip(b[p..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (p, s)
}

/// Where two lowercase spellings differ by one letter (substituted,
/// added or dropped) inside the word — at least two letters alike before
/// it and three after (endings are where names inflect: Finnish
/// "Rantanen" / "Rantasen") — or by a doubled letter anywhere.
fn one_letter_inside(a: &str, b: &str) -> bool {
    if a == b {
        return false;
    }
    // (A doubled letter anywhere, even near the end: "olawale" /
    // "olawaale", which the inside rule below would not take.)
    if undoubled(a) == undoubled(b) {
        return true;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let (x, y) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    if y.len() - x.len() > 1 {
        return false;
    }
    let (p, s) = common_ends(&x, &y);
    let one_edit = if x.len() == y.len() {
        p + s + 1 == x.len()
    } else {
        p + s >= x.len()
    };
    one_edit && p >= 2 && s >= 3 && p + 3 <= x.len() && y[p].is_alphabetic()
}

/// Do two lowercase spellings differ in half their letters or more
/// (edit distance, accents dropped)? Two words the folds merge by a chain
/// of rewrites ("io" to "yo" to "e", a doubled letter collapsed), not one
/// name respelled: a respelling keeps most letters ("Podolyak" /
/// "Podoliak", "Jovičić" / "Yovichich").
fn far_apart(a: &str, b: &str) -> bool {
    let a: Vec<char> = fold_accents(a).chars().collect();
    let b: Vec<char> = fold_accents(b).chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = (diag + usize::from(x != y)).min(up + 1).min(row[j] + 1);
            diag = up;
        }
    }
    2 * row[b.len()] >= a.len().max(b.len())
}

/// Do two words differ by two neighbouring letters swapped, neither the
/// first two letters nor the last (a typed or transliterated slip in a
/// long name: "Rasmussen" / "Rasmsusen"), not at a word's end, where
/// distinct names differ so ("Carol" / "Carlo", "Elisa" / "Elias")?
fn swapped_inside(a: &str, b: &str) -> bool {
    if a.len() != b.len() || a == b {
        return false;
    }
    let (x, y): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if x.len() != y.len() || x.len() < 6 || x.iter().chain(&y).any(|c| !c.is_alphabetic()) {
        return false;
    }
    let Some(i) = x.iter().zip(&y).position(|(p, q)| p != q) else {
        return false;
    };
    i >= 2
        && i + 2 < x.len()
        && x[i] == y[i + 1]
        && x[i + 1] == y[i]
        && x[i] != x[i + 1]
        && x[i + 2..] == y[i + 2..]
}

/// A word's length and first two bytes (when they are a character or
/// two): words that can be two letters swapped apart share it.
/// (Borrowed, not copied: the same order as a `String` key. The check
/// sorts by [`head_key`]; this is the order it keeps, for the tests.)
#[cfg(test)]
fn head(w: &str) -> (usize, Option<&str>) {
    (w.len(), w.get(..2))
}

/// [`head`] as one number of the same order: the length above, then the
/// two bytes, with `None` below every `Some`.
fn head_key(w: &str) -> u64 {
    let two = w.get(..2).map_or(0, |p| match p.as_bytes() {
        [a, b] => 0x1_0000 | (u64::from(*a) << 8) | u64::from(*b),
        _ => 0,
    });
    ((w.len() as u64) << 17) | two
}

/// The bytes two strings share at their beginning, in whole characters.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices()
        .zip(b.chars())
        .take_while(|((_, x), y)| x == y)
        .last()
        .map_or(0, |((i, x), _)| i + x.len_utf8())
}

/// The words before and after `at..end` in a block's `text`, if any.
fn neighbours(text: &str, at: usize, end: usize) -> (Option<&str>, Option<&str>) {
    let alnum = |c: char| c.is_alphanumeric();
    let before = text[..at].trim_end_matches(|c: char| !alnum(c));
    let prev = before
        .rfind(|c: char| !alnum(c))
        .map_or(before, |i| &before[i..])
        .trim_start_matches(|c: char| !alnum(c));
    let after = text[end..].trim_start_matches(|c: char| !alnum(c));
    let next = after.split(|c: char| !alnum(c)).next().unwrap_or("");
    fn some(w: &str) -> Option<&str> {
        (!w.is_empty()).then_some(w)
    }
    (some(prev), some(next))
}

/// Does the document write é in at least `n` words other than `not`
/// (a language that writes é, not a stray one)? Run for a hit only.
fn e_words(cx: &Cx, n: usize, not: &[&str]) -> bool {
    let mut count = 0;
    for (_, b) in cx.blocks() {
        let text = b.text();
        if !text.contains('é') {
            continue;
        }
        for w in text.split(|c: char| !c.is_alphanumeric()) {
            if w.contains('é') && !not.contains(&w) {
                count += 1;
                if count >= n {
                    return true;
                }
            }
        }
    }
    false
}

/// Is `first` written in the sentence of the variant at `at..end`, with
/// a quotation mark between the two (one of them quoted)?
fn quoted_beside(text: &str, at: usize, end: usize, first: &str) -> bool {
    let (start, stop) = sentence_at(text, at, end);
    // (Not the apostrophe: a possessive between the two is no quotation.)
    let quotes = |s: &str| s.contains(['«', '»', '“', '”', '"', '„', '「', '」']);
    let sent = &text[start..stop];
    super::whole_word_indices(sent, first).any(|i| {
        let i = start + i;
        let (lo, hi) = if i < at {
            (i, end)
        } else {
            (at, i + first.len())
        };
        // One of them quoted, and a mark between them: not a quote that
        // merely stands between two plain mentions.
        quotes(&text[lo..hi]) && (super::inside_quotes(text, i) || super::inside_quotes(text, at))
    })
}

/// English function words no other language of the pack writes as words
/// (a sentence with several of them is English).
/// (Not "was" and "will", German words, nor "had" and "been", Dutch ones,
/// nor "by", a Scandinavian one.)
const ENGLISH_ONLY: &[&str] = &[
    "the", "said", "and", "were", "has", "have", "would", "could", "which", "that", "this", "with",
    "from", "they", "their", "there", "these",
];

/// Is the sentence around `at..end` English: three English function
/// words or more, a fifth of its words at least?
fn english_sentence(text: &str, at: usize, end: usize) -> bool {
    let (start, stop) = sentence_at(text, at, end);
    english_words(&text[start..stop])
}

/// Three English function words or more in `sentence`, a fifth of its
/// words at least?
fn english_words(sentence: &str) -> bool {
    let (mut n, mut en) = (0usize, 0usize);
    for w in sentence
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        n += 1;
        if w.len() <= 6 && ENGLISH_ONLY.iter().any(|e| e.eq_ignore_ascii_case(w)) {
            en += 1;
        }
    }
    en >= 3 && en * 5 >= n
}

/// Is the text English: half its sentences of four words or more at
/// least? Run for a hit only.
fn english_text(cx: &Cx) -> bool {
    let (mut n, mut en) = (0usize, 0usize);
    for (_, b) in cx.blocks() {
        let text = b.text();
        for r in &b.sentences {
            if text[r.clone()].split_whitespace().nth(3).is_none() {
                continue;
            }
            n += 1;
            en += usize::from(english_words(&text[r.clone()]));
        }
    }
    en * 2 >= n
}

/// The first whole-word occurrence of `plain` outside an English sentence.
/// Run for a hit only.
fn plain_outside_english(cx: &Cx, plain: &str) -> Option<Span> {
    for (_, b) in cx.blocks() {
        let text = b.text();
        for i in super::whole_word_indices(text, plain) {
            let e = i + plain.len();
            if !english_sentence(text, i, e) {
                return Some(b.src(i, e));
            }
        }
    }
    None
}

/// The bounds of the document's sentence holding the word at `at` (of
/// `len` bytes) in block `bi` (a decimal point ends none), or
/// [`sentence_at`]'s.
fn sentence_of(cx: &Cx, bi: usize, at: usize, len: usize) -> (usize, usize) {
    let b = &cx.doc.blocks[bi];
    b.sentences
        .iter()
        .find(|r| r.start <= at && at < r.end)
        .map_or_else(|| sentence_at(b.text(), at, at + len), |r| (r.start, r.end))
}

/// The bounds of the sentence around `at..end` in a block's `text`
/// (between stops: . ! ? or a line break).
fn sentence_at(text: &str, at: usize, end: usize) -> (usize, usize) {
    let stops = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = text[..at].rfind(stops).map_or(0, |i| i + 1);
    let stop = text[end..].find(stops).map_or(text.len(), |i| end + i);
    (start, stop)
}

/// A lowercase word with the accents of Latin letters dropped, and the
/// dotless ı dotted: the vowel alternations of inflection (ó / o, ä / a)
/// are not respellings.
fn fold_accents(s: &str) -> String {
    s.chars().map(super::fold_accent).collect()
}

/// Two-word names written in both orders ("Zoltán Nagy" … "Nagy
/// Zoltán"): family-name-first order (Hungarian, East Asian) left beside
/// the Western order by a translation. Two adjacent capitalized words of 3+
/// letters, not part of a longer run of capitalized words, seen earlier the
/// other way round; the later order is reported once. Fed block by block
/// with the whole capitalized words the main scan already found.
#[derive(Default)]
struct ReversedNames<'t> {
    pairs: WordMap<(&'t str, &'t str), Span>,
    reported: HashSet<(&'t str, &'t str)>,
    hits: Vec<Hit>,
}

impl<'t> ReversedNames<'t> {
    fn block(&mut self, b: &crate::document::Block, text: &'t str, ws: &[(usize, usize)]) {
        for (k, w) in ws.windows(2).enumerate() {
            let ((a0, a1), (b0, b1)) = (w[0], w[1]);
            if &text[a1..b0] != " " {
                continue;
            }
            // Not inside a longer name or title ("Samuel Otieno Achieng").
            let before = k > 0 && text[ws[k - 1].1..a0] == *" ";
            let after = ws.get(k + 2).is_some_and(|n| text[b1..n.0] == *" ");
            if before || after {
                continue;
            }
            let (x, y) = (&text[a0..a1], &text[b0..b1]);
            if x == y || x.chars().count() < 3 || y.chars().count() < 3 {
                continue;
            }
            let span = b.src(a0, b1);
            if let Some(first) = self.pairs.get(&(y, x)) {
                if self.reported.insert((x, y)) {
                    let (name, was) = (&text[a0..b1], format!("{y} {x}"));
                    self.hits.push(
                        Hit::new(span)
                            .var("name", name)
                            .var("first", was.clone())
                            .label(format!("`{name}` here, `{was}` earlier (name order)"))
                            .related(*first, format!("first written `{was}` here")),
                    );
                }
                continue;
            }
            self.pairs.entry((x, y)).or_insert(span);
        }
    }
}

impl Check for NameConsistency {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        // The distinct spellings in order of first appearance, each with
        // its skeleton's place in `skeletons` once folded (all of them
        // written one after the other: one string, not one per word),
        // grouped once the scan is done.
        let mut distinct: Vec<Spelling> = Vec::new();
        let mut skeletons = String::new();
        // Every distinct word seen, so each is folded once: a later
        // occurrence of a spelling only counts (its group already holds it
        // with its first span). With the capitalized words after each
        // spelling: "Mikel Landa" and "Mikkel Honoré" are two people, not
        // one name spelled twice.
        let mut seen: WordMap<&str, Seen> = WordMap::default();
        let mut reversed = ReversedNames::default();
        // Capitalized word pairs "Given Surname": given, surname, where.
        let mut given: Vec<(&str, &str, At)> = Vec::new();
        // Every distinct spelling by its skeleton's stem ([`Self::stem`]),
        // in order of first appearance, with its skeleton and first span.
        let mut stems: WordMap<String, Vec<(&str, String, At)>> = WordMap::default();
        let mut ws: Vec<(usize, usize)> = Vec::new();
        // A word's skeleton, and scratch for [`Self::skeleton_into`].
        let (mut key, mut scratch) = (String::new(), String::new());
        // Short words with a mark of `short_marks`: skeleton, block, span.
        let mut short_marked: Vec<(String, usize, usize, usize)> = Vec::new();
        // Short middle words of three capitalized words ("Sorcha Ní
        // Fhlatharta"), with marks and without: block, the three words'
        // start, the middle word's span, the three words' end.
        let mut mid_marked: Vec<Mid> = Vec::new();
        let mut mid_plain: Vec<Mid> = Vec::new();
        for (bi, b) in cx.blocks() {
            let text = b.text();
            // Whole words only.
            ws.clear();
            ws.extend(capitalized_words(text).filter(|&(ms, me)| {
                !text[me..].chars().next().is_some_and(char::is_alphanumeric)
                    && !text[..ms]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
            }));
            self.middle_words(bi, text, &ws, &mut mid_marked, &mut mid_plain);
            if !b.is_heading_like() {
                reversed.block(b, text, &ws);
                // Surnames after a given name, for [`respelled_surnames`].
                for w in ws.windows(2) {
                    let ((a0, a1), (b0, b1)) = (w[0], w[1]);
                    if b1 - b0 >= 6 && a1 - a0 >= 3 && &text[a1..b0] == " " {
                        given.push((&text[a0..a1], &text[b0..b1], (b.src(b0, b1), bi, b0)));
                    }
                }
            }
            for &(ms, me) in &ws {
                let w = &text[ms..me];
                // (Too short: skipped before hashing; `len` bounds the count.)
                if w.len() < self.min_length || w.chars().count() < self.min_length {
                    // (A short word outside ASCII only: one holding a mark
                    // of `short_marks` is kept for [`Self::short_names`].)
                    if !w.is_ascii()
                        && !self.short_marks.is_empty()
                        && w.chars().count() >= self.short_min_length
                        && w.chars().any(|c| {
                            self.short_marks
                                .contains(&c.to_lowercase().next().unwrap_or(c))
                        })
                    {
                        short_marked.push((self.skeleton(w), bi, ms, me));
                    }
                    continue;
                }
                // (Its first letter asked first: most words are followed
                // by a lowercase one, not read to its end. A character
                // splitting words is no capital: the same words.)
                let next = text[me..].strip_prefix(' ').and_then(|rest| {
                    if !rest.chars().next().is_some_and(char::is_uppercase) {
                        return None;
                    }
                    let word = rest
                        .split(|c: char| !c.is_alphanumeric() && c != '-')
                        .next()?;
                    word.chars()
                        .next()
                        .filter(|c| c.is_uppercase())
                        .map(|_| word)
                });
                let entry = seen.entry(w).or_default();
                if let Some(n) = next {
                    if !entry.followers.contains(&n) {
                        entry.followers.push(n);
                    }
                    entry.followed += 1;
                }
                entry.occurrences += 1;
                if entry.occurrences > 1 {
                    continue;
                }
                let at = (b.src(ms, me), bi, ms);
                // (An ASCII word's shape is read off the word: it is
                // folded only if another word shares that shape.)
                if w.is_ascii() && !self.shape_class.is_empty() {
                    distinct.push(Spelling {
                        skeleton: None,
                        word: w,
                        at,
                        shape: self.shape(w.as_bytes()),
                        alone: false,
                    });
                    continue;
                }
                self.skeleton_into(w, &mut key, &mut scratch);
                // (Names that inflect, in this pass: those with letters
                // outside ASCII — Cyrillic, Polish, Czech. An English or
                // German text's words pay nothing for it.)
                if !w.is_ascii() && !self.inflections.is_empty() {
                    let st = self.stem(&key).unwrap_or(&key).to_string();
                    stems.entry(st).or_default().push((w, key.clone(), at));
                }
                let start = skeletons.len();
                skeletons.push_str(&key);
                distinct.push(Spelling {
                    skeleton: Some((start, skeletons.len())),
                    word: w,
                    at,
                    shape: self.shape(key.as_bytes()),
                    alone: false,
                });
            }
        }
        let (firsts, mut later) =
            self.group_spellings(&mut distinct, &mut skeletons, &mut key, &mut scratch);
        out.append(&mut reversed.hits);
        // Whether the document is about spelling, asked once when a
        // variant is explained nowhere nearer.
        let topic = OnceCell::new();
        self.respelled_surnames(cx, &topic, &mut given, out);
        self.stripped_marks(cx, &topic, &seen, out);
        self.romanized_names(cx, &topic, &seen, out);

        if !short_marked.is_empty() {
            self.short_names(cx, &topic, &short_marked, out);
        }
        if !mid_marked.is_empty() && !mid_plain.is_empty() {
            self.stripped_particles(cx, &topic, &mid_marked, &mid_plain, out);
        }
        // Pairs of one stem whose skeletons differ (one inflected), not
        // told apart by inflection alone: as one group of two.
        let mut inflected: Vec<Vec<(&str, At)>> = Vec::new();
        let mut stem_groups: Vec<&Vec<(&str, String, At)>> =
            stems.values().filter(|g| g.len() > 1).collect();
        stem_groups.sort_by_key(|g| g[0].2 .0.start);
        for g in stem_groups {
            let (first, first_skel, first_span) = &g[0];
            for (other, skel, span) in &g[1..] {
                if skel != first_skel
                    && !self.inflected_alike(&first.to_lowercase(), &other.to_lowercase())
                {
                    inflected.push(vec![(*first, *first_span), (*other, *span)]);
                }
            }
        }
        // Two letters swapped inside a long name ("Rasmussen" /
        // "Rasmsusen"): the folds keep them apart. Compared within runs of
        // one length and one two-letter beginning.
        // (The distinct spellings are the first ones, then the later
        // ones: by index, not copied.)
        let spelling = |i: usize| -> (&str, At) {
            match i.checked_sub(firsts.len()) {
                None => firsts[i],
                Some(k) => (later[k].1, later[k].2),
            }
        };
        let n = firsts.len() + later.len();
        let mut heads: Vec<(u64, usize, usize)> = Vec::with_capacity(n);
        heads.extend((0..n).filter_map(|i| {
            let (w, at) = spelling(i);
            (w.len() >= 6).then(|| (head_key(w), at.0.start, i))
        }));
        if heads.len() > 1 {
            // (By [`head_key`], [`head`] in one number, each computed
            // once. Then by index: words of inline code or an entity share
            // one source start, and their ties keep the first spellings
            // before the later ones, as a stable sort would.)
            heads.sort_unstable();
            for run in heads.chunk_by(|a, b| a.0 == b.0) {
                for (k, &(_, _, i)) in run.iter().enumerate() {
                    let (a, a_at) = spelling(i);
                    for &(_, _, j) in &run[k + 1..] {
                        let (b, b_at) = spelling(j);
                        if swapped_inside(a, b) {
                            let pair = if a_at.0.start <= b_at.0.start {
                                vec![(a, a_at), (b, b_at)]
                            } else {
                                vec![(b, b_at), (a, a_at)]
                            };
                            inflected.push(pair);
                        }
                    }
                }
            }
        }
        // The groups of two or more spellings, in order of first appearance.
        later.sort_by_key(|l| l.0);
        let groups: Vec<Vec<(&str, At)>> = later
            .chunk_by(|a, b| a.0 == b.0)
            .map(|run| {
                std::iter::once(firsts[run[0].0])
                    .chain(run.iter().map(|&(_, w, at)| (w, at)))
                    .collect()
            })
            .collect();
        // Whether the document is English, asked for accent-only pairs.
        let mut english_doc: Option<bool> = None;
        for g in groups.iter().chain(&inflected) {
            if g.len() < 2 {
                continue;
            }
            let (first, (first_span, first_bi, first_at)) = &g[0];
            for (other, (span, bi, at)) in &g[1..] {
                // (Through the transliteration: a name written in the
                // other alphabet of a language written in two is not
                // respelled.)
                let (a, b) = (self.latin(first), self.latin(other));
                if a == b
                    || self.listed_distinct(&a, &b)
                    || self.differ_by_ending(&a, &b)
                    || self.differ_by_beginning(&a, &b)
                    || self.native_pair(&a, &b)
                    || self.accented_endings(&a, &b)
                    // ("y" + "i" is a transliteration too, Navalny / Navalnyi:
                    // only a name written with accents is taken for a
                    // Hungarian adjective.)
                    || (self.suffixed(&a, &b)
                        && (!(if a.len() <= b.len() { &a } else { &b }).ends_with('y')
                            || !a.is_ascii()))
                    || far_apart(&a, &b)
                    || self.explained(
                        cx,
                        &topic,
                        cx.doc.blocks[*bi].text(),
                        *at,
                        at + other.len(),
                        first,
                    )
                {
                    continue;
                }
                // Spellings that differ by a doubled letter only, each
                // capitalized only where a sentence starts: a common word
                // inflected (Finnish "Tenttiin" / "Tentin"), not a name.
                if undoubled(&a) == undoubled(&b)
                    && (illative_genitive(&a, &b)
                        || (only_sentence_initial(cx, first) && only_sentence_initial(cx, other)))
                {
                    continue;
                }
                // Each capitalized only where a sentence starts, one of
                // them written in lowercase elsewhere: a common word in two
                // forms (Polish "Radni" / "radny"), not a name.
                if only_sentence_initial(cx, first)
                    && only_sentence_initial(cx, other)
                    && [&a, &b].iter().any(|l| {
                        cx.blocks()
                            .any(|(_, bl)| super::whole_word_indices(bl.text(), l).next().is_some())
                    })
                {
                    continue;
                }
                if self.two_people(cx, (first, *first_bi), (other, *bi, *at)) {
                    continue;
                }
                // Both spellings in one sentence, one of them quoted: a
                // label or phrase quoted verbatim beside its translation
                // («made in Mexico», that is «hecho en México»).
                if quoted_beside(cx.doc.blocks[*bi].text(), *at, at + other.len(), first) {
                    continue;
                }
                // Accents only: the plain spelling inside an English
                // sentence of a text in another language is English
                // typography, not a respelling. The first plain spelling
                // outside English is reported, if any.
                let mut span = *span;
                if fold_accents(&a) == fold_accents(&b) {
                    let first_plain = fold_accents(&a) == a;
                    let accented_at = if first_plain {
                        (*bi, *at, other.len())
                    } else {
                        (*first_bi, *first_at, first.len())
                    };
                    let (abi, aat, alen) = accented_at;
                    // (The spelling without accents only in captions,
                    // credits and bylines: wire typography.)
                    if self.only_in_credits(cx, if first_plain { first } else { other }) {
                        continue;
                    }
                    if !english_sentence(cx.doc.blocks[abi].text(), aat, aat + alen)
                        && !*english_doc.get_or_insert_with(|| english_text(cx))
                    {
                        let plain = if first_plain { *first } else { *other };
                        let outside = plain_outside_english(cx, plain);
                        match outside {
                            None => continue,
                            Some(sp) if !first_plain => span = sp,
                            Some(_) => {}
                        }
                    }
                }
                // (An é in a name of the language that writes it, beside
                // the spelling without: "Université de Montréal" in text
                // that writes "Montreal".)
                let with_e = Self::e_acute_only(&a, &b).map(|first_has| {
                    if first_has {
                        (*first_bi, *first_at, first.len())
                    } else {
                        (*bi, *at, other.len())
                    }
                });
                if with_e.is_some_and(|(i, at, len)| {
                    Self::among_accented_names(cx.doc.blocks[i].text(), at, at + len)
                }) {
                    continue;
                }
                // An é-only pair in two different names: one spelling always
                // followed by a capitalized word the other never has ("Andre
                // Agassi" and "André 3000", "Mexico City" and "State of
                // México"). (A capitalized word before the later spelling
                // tells nothing: a title, "Mayor Rehlingér", or a German noun.)
                if with_e.is_some() {
                    if let (Some(sa), Some(sb)) = (seen.get(first), seen.get(other)) {
                        let apart = |x: &Seen, y: &Seen| {
                            let xs: HashSet<String> =
                                x.followers.iter().map(|w| self.skeleton(w)).collect();
                            x.followed == x.occurrences
                                && y.followers.iter().all(|w| !xs.contains(&self.skeleton(w)))
                        };
                        if apart(sa, sb) || apart(sb, sa) {
                            continue;
                        }
                    }
                }
                // Both spellings always used as a first name, with different
                // surnames after them: two people. Surnames are compared by
                // skeleton: "Zhivko Yordanov" and "Jivko Iordanov" are one
                // person transliterated twice.
                let always_first = |w: &Seen| w.followed == w.occurrences;
                if let (Some(sa), Some(sb)) = (seen.get(first), seen.get(other)) {
                    let (fa, fb) = (&sa.followers, &sb.followers);
                    if !fa.is_empty() && !fb.is_empty() && always_first(sa) && always_first(sb) {
                        let ka: HashSet<String> = fa.iter().map(|w| self.skeleton(w)).collect();
                        if fb.iter().all(|w| !ka.contains(&self.skeleton(w))) {
                            continue;
                        }
                    }
                }
                // A name first written without its é, in a text whose
                // language writes é: the first spelling lost the accent
                // ("Veseleho" before "Veselého" in Czech), and is reported.
                if Self::e_acute_only(&a, &b) == Some(false) && e_words(cx, 3, &[first, other]) {
                    out.push(
                        Hit::new(*first_span)
                            .var("name", *first)
                            .var("first", *other)
                            .label(format!("`{first}` here, `{other}` later"))
                            .related(span, format!("spelled `{other}` here")),
                    );
                    continue;
                }
                out.push(
                    Hit::new(span)
                        .var("name", *other)
                        .var("first", *first)
                        .label(format!("`{other}` here, `{first}` earlier"))
                        .related(*first_span, format!("first spelled `{first}` here")),
                );
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::document::InputFormat;

    /// Shared leading and trailing items, never overlapping: the plain
    /// count of each, the trailing one cut to what the leading one leaves.
    #[test]
    fn common_ends_do_not_overlap() {
        let ends = |a: &str, b: &str| common_ends(a.as_bytes(), b.as_bytes());
        assert_eq!(ends("rantanen", "rantasen"), (5, 2));
        assert_eq!(ends("aa", "aaa"), (2, 0));
        assert_eq!(ends("", "abc"), (0, 0));
        assert_eq!(ends("abc", "abc"), (3, 0));
        assert_eq!(ends("xbc", "ybc"), (0, 2));
        for (a, b) in [("olawale", "olawaale"), ("kovacs", "kovac"), ("ab", "ba")] {
            let (a, b) = (a.as_bytes(), b.as_bytes());
            let (p, s) = common_ends(a, b);
            let plain = a
                .iter()
                .rev()
                .zip(b.iter().rev())
                .take_while(|(x, y)| x == y)
                .count();
            assert_eq!(s, plain.min(a.len() - p).min(b.len() - p));
            assert!(p + s <= a.len().min(b.len()));
        }
    }
    use crate::engine::Engine;

    /// The scanner finds exactly what the regex it replaces finds.
    #[test]
    fn scanner_is_the_regex() {
        let re = regex::Regex::new(r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?").unwrap();
        let mut texts: Vec<String> = vec![
            "Podolyak met Podoliak. Jean-Luc Picard-Smith and ANKARA-Ankara".into(),
            "Ǆemal ǅemal Ǳx Ⅰvan ⒶBC ªb Éclair über Über-Álles Ωmega Σίσυφος Мария-Анна".into(),
            "A-B Ab- Ab-C Ab-Cd Ab--Cd aB Abc-Def-Ghi x".into(),
            String::new(),
        ];
        texts.extend(crate::testdata::fixture_texts());
        for t in &texts {
            let want: Vec<(usize, usize)> = re.find_iter(t).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = capitalized_words(t).collect();
            assert_eq!(got, want, "{}", &t[..t.len().min(80)]);
        }
        // Every code point: the class tables agree with the regex engine.
        let lu = regex::Regex::new(r"^\p{Lu}$").unwrap();
        let ll = regex::Regex::new(r"^\p{Ll}$").unwrap();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            assert_eq!(is_lu(c), lu.is_match(s), "{c:?}");
            assert_eq!(is_ll(c), ll.is_match(s), "{c:?}");
        }
    }

    /// The eight-bytes-at-a-time search finds the byte the plain one does.
    #[test]
    fn capital_search_is_the_plain_one() {
        let plain = |b: &[u8]| b.iter().position(|&x| x.is_ascii_uppercase() || x >= 0xC0);
        for v in 0..=255u8 {
            for fill in [b'a', b'Z' + 1, b'@', 0x80, 0xBF, b' '] {
                for p in 0..20 {
                    let mut b = [fill; 20];
                    b[p] = v;
                    for s in 0..4 {
                        assert_eq!(
                            capital_or_non_ascii(&b[s..]),
                            plain(&b[s..]),
                            "{v} {fill} {p} {s}"
                        );
                    }
                }
            }
        }
    }

    /// The skeleton is the folds applied one by one in their order, each
    /// wherever it occurs, then doubled letters written once: the
    /// candidate tables and the reused buffers change nothing.
    #[test]
    fn skeleton_is_the_plain_fold() {
        let n = builtin();
        let plain = |w: &str| {
            let mut s = if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                n.latin(w)
            };
            let order = if s.is_ascii() {
                &n.ascii_folds
            } else {
                &n.all_folds
            };
            for &i in order {
                let (from, to) = &n.folds[i];
                if s.contains(from.as_str()) {
                    s = s.replace(from.as_str(), to);
                }
            }
            undoubled(&s)
        };
        let mut words: Vec<String> = [
            "Dnyandev",
            "Gnyandev",
            "Kureschi",
            "Shareef",
            "Farooq",
            "Qureishi",
            "Jovičić",
            "Yovichich",
            "Şentürk",
            "Shenturk",
            "Zelenskyy",
            "Podolyak",
            "Podoliak",
            "Ayyappa",
            "Ramaiah",
            "Sieee",
            "Llanelli",
            "Tokaji",
            "Рамаја",
            "Станковић",
            "Хельмут",
            "Ééé",
            "Aaron-Schmidt",
            "Kszk",
            "Schschsch",
            "A",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        for t in crate::testdata::fixture_texts() {
            words.extend(capitalized_words(&t).map(|(s, e)| t[s..e].to_string()));
        }
        let (mut s, mut tmp) = (String::from("stale"), String::from("stale"));
        for w in &words {
            n.skeleton_into(w, &mut s, &mut tmp);
            assert_eq!(s, plain(w), "{w}");
        }
    }

    /// Texts for the cue tests: capitals in and outside ASCII, letters
    /// whose lowercase is no letter of their own (Σ, İ, the Kelvin sign),
    /// cues written in capitals, and the fixtures' paragraphs.
    fn cue_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "Also SPELLED Podoliak — “no relation”, a NAMESAKE.",
            "S'ÉCRIT aussi; s’écrit; S’Écrit; Транслитерация; ΓΡΑΦΉ; ΟΔΟΣ",
            "The KELVIN sign \u{212A} and İstanbul, spelt Misspelled Photographie",
            "Not Related. UNRELATED, not kin; Nicht Verwandt; НЕ РОДСТВЕННИКИ",
            "plain prose, no cue at all — “quoted” café naïve",
            "",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        for t in crate::testdata::fixture_texts() {
            texts.extend(t.split("\n\n").map(str::to_string));
        }
        texts
    }

    /// Where the check says so, a text's lowercase is its ASCII letters
    /// lowercased; it says so of a text without capitals outside ASCII.
    #[test]
    fn lowercase_in_ascii_is_the_plain_lowercase() {
        for t in cue_texts() {
            if lowercase_in_ascii(&t) {
                assert_eq!(t.to_lowercase(), t.to_ascii_lowercase(), "{t}");
            }
        }
        assert!(lowercase_in_ascii("NEW YORK — “Quoted” café, naïve ß"));
        // The block it does not look up is its own lowercase.
        for c in '\u{2000}'..='\u{20FF}' {
            assert!(c.to_lowercase().eq([c]), "{c:?}");
        }
        for t in ["É", "Σ", "ΟΔΟΣ", "İ", "\u{212A}", "Ǆ"] {
            assert!(!lowercase_in_ascii(t), "{t}");
        }
    }

    /// The cue automata read in a [`cue_text`] what the plain search
    /// finds in the lowercase: the same cues at the same places, the
    /// same "not kin" paragraphs.
    #[test]
    fn cue_text_is_the_plain_lowercase() {
        let n = builtin();
        let plain = NameConsistency {
            explain_cues: aho_corasick::AhoCorasick::new(
                n.explained_by.iter().filter(|e| !e.starts_with('(')),
            )
            .ok(),
            ..builtin()
        };
        let mut cued = 0;
        for t in cue_texts() {
            let lower = t.to_lowercase();
            let (mut got, mut want) = (Vec::new(), Vec::new());
            n.cues_in(&cue_text(&t), |p| got.push(p));
            plain.cues_in(&lower, |p| want.push(p));
            assert_eq!(got, want, "{t}");
            cued += usize::from(!got.is_empty());
            let ac = n.unrelated_cues.as_ref().expect("an automaton");
            assert_eq!(
                ac.is_match(cue_text(&t).as_ref()),
                n.unrelated_by.iter().any(|u| lower.contains(u.as_str())),
                "{t}"
            );
        }
        assert!(cued >= 3);
    }

    /// Words for the shape tests: the fixtures' capitalized words, and
    /// words strung of the folds' letter groups (a fold's `from` beside
    /// its `to`, doubled letters, capitals).
    fn shape_words() -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for t in crate::testdata::fixture_texts() {
            words.extend(capitalized_words(&t).map(|(s, e)| t[s..e].to_string()));
        }
        let pieces = [
            "a", "e", "i", "o", "u", "y", "k", "c", "h", "s", "z", "j", "q", "w", "v", "p", "f",
            "t", "n", "g", "d", "r", "l", "m", "b", "x", "sch", "ee", "oo", "ei", "io", "ayya",
            "aiah", "enka", "enko", "ks", "kh", "tz", "ts", "ph", "ck", "ou", "ie", "ye", "yo",
            "dny", "gny", "gn", "hr", "hl", "hn", "hv", "cio", "yy", "sz", "zh", "-", "K", "Sch",
            "Ph", "Q", "Y", "W",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            let mut w = String::new();
            for _ in 0..1 + seed % 7 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                w.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            words.push(w);
        }
        words
    }

    /// A word's shape is its skeleton's: two words of one skeleton have
    /// one shape, and an ASCII word's needs no folding.
    #[test]
    fn shape_is_the_skeletons_shape() {
        let n = builtin();
        assert!(!n.shape_class.is_empty());
        // (Some letters kept: the shape tells most words apart.)
        assert!(n.shape_class[usize::from(b'm')] != 0 && n.shape_class[usize::from(b'r')] != 0);
        let words = shape_words();
        for w in &words {
            let skel = n.skeleton(w);
            assert_eq!(
                n.shape(skel.as_bytes()),
                n.shape(n.skeleton(&skel).as_bytes()),
                "{w}"
            );
            if w.is_ascii() {
                assert_eq!(n.shape(w.as_bytes()), n.shape(skel.as_bytes()), "{w}");
            }
        }
        let c = checker(&[]);
        for w in ["Kck", "Cak", "Kak", "Caca"] {
            assert_eq!(
                c.shape(w.as_bytes()),
                c.shape(c.skeleton(w).as_bytes()),
                "{w}"
            );
        }
        // An ASCII fold writing outside ASCII: no shapes, every word folded.
        let yaml = "folds: [[k, ќ]]\n";
        let file = YamlFile::new("t.yaml", yaml.to_string());
        let p: Spanned<Params> = serde_saphyr::from_str(yaml).expect("params");
        let n = NameConsistency::build(&p, &file).expect("builds");
        assert!(n.shape_class.is_empty());
        assert_eq!(n.shape(b"Kak"), n.shape(b"Tom"));
    }

    /// The spellings grouped by shape first, the shared shapes then by
    /// skeleton, are the spellings grouped by skeleton.
    #[test]
    fn spelling_groups_are_the_plain_ones() {
        let n = builtin();
        let mut words = shape_words();
        words.extend(
            [
                "Станковић",
                "Stankovic",
                "Хельмут",
                "Гельмут",
                "Podolyak",
                "Podoliak",
                "Zelenskyy",
            ]
            .iter()
            .map(|w| w.to_string()),
        );
        let mut seen = HashSet::new();
        words.retain(|w| seen.insert(w.clone()));
        for chunk in words.chunks(37).chain([&words[..]]) {
            let at = |i: usize| (Span::new(i, i + 1), 0, i);
            let mut by: HashMap<String, usize> = HashMap::new();
            let (mut firsts, mut later) = (Vec::new(), Vec::new());
            for (i, w) in chunk.iter().enumerate() {
                match by.entry(n.skeleton(w)) {
                    std::collections::hash_map::Entry::Occupied(e) => {
                        later.push((*e.get(), w.as_str(), at(i)));
                    }
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(firsts.len());
                        firsts.push((w.as_str(), at(i)));
                    }
                }
            }
            // (As the scan leaves them: words outside ASCII folded.)
            let mut skeletons = String::from("stale");
            let mut spellings: Vec<Spelling> = chunk
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let skeleton = (!w.is_ascii()).then(|| {
                        let start = skeletons.len();
                        skeletons.push_str(&n.skeleton(w));
                        (start, skeletons.len())
                    });
                    let shape = match skeleton {
                        Some((s, e)) => n.shape(&skeletons.as_bytes()[s..e]),
                        None => n.shape(w.as_bytes()),
                    };
                    Spelling {
                        skeleton,
                        word: w,
                        at: at(i),
                        shape,
                        alone: false,
                    }
                })
                .collect();
            let (mut key, mut scratch) = (String::from("stale"), String::from("stale"));
            let got = n.group_spellings(&mut spellings, &mut skeletons, &mut key, &mut scratch);
            assert_eq!(got, (firsts, later));
        }
    }

    /// [`head_key`] orders words as [`head`] does, and tells the same
    /// words apart.
    #[test]
    fn head_key_is_the_head() {
        let mut words: Vec<String> = ["Ábcdef", "Abcdef", "Ḱabcde", "Ḱbbcde", "A", "", "Ωmegas"]
            .iter()
            .map(|w| w.to_string())
            .collect();
        for t in crate::testdata::fixture_texts().iter().take(40) {
            words.extend(capitalized_words(t).map(|(s, e)| t[s..e].to_string()));
        }
        words.sort();
        words.dedup();
        for a in &words {
            for b in words.iter().step_by(7) {
                assert_eq!(
                    head_key(a).cmp(&head_key(b)),
                    head(a).cmp(&head(b)),
                    "{a} {b}"
                );
            }
        }
    }

    fn checker(inflections: &[&str]) -> NameConsistency {
        let yaml = format!(
            "folds: [[ы, и], [k, c]]\ninflections: [{}]\n",
            inflections.join(", ")
        );
        let file = YamlFile::new("t.yaml", yaml.clone());
        let p: Spanned<Params> = serde_saphyr::from_str(&yaml).expect("params");
        NameConsistency::build(&p, &file).expect("builds")
    }

    /// Х / Г folds a foreign name's two spellings, not two Russian surnames.
    #[test]
    fn native_surnames_differing_by_a_folded_letter() {
        let n = builtin();
        assert!(n.native_pair("хлебов", "глебова"));
        assert!(n.native_pair("глебников", "хлебников"));
        assert!(!n.native_pair("хельмут", "гельмут"));
        assert!(!n.native_pair("хансен", "гансен"));
    }

    /// Where the built-in pack's name-spelling rule reports in `t`.
    fn spelling_hits(e: &Engine, t: &str) -> Vec<usize> {
        e.check_text(t, InputFormat::Markdown)
            .into_iter()
            .filter(|f| f.rule.as_ref() == "translation-artifact/name-spelling")
            .map(|f| f.span.start)
            .collect()
    }

    #[test]
    fn namesakes_and_credit_lines() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        // one letter apart after the same given name: a slip
        let t = "Ruth Bamberger chaired the session. Later Ruth Bambarger said the fund was empty.";
        assert_eq!(spelling_hits(&e, t), vec![t.find("Bambarger").unwrap()]);
        // ... but two people: said not to be kin in the paragraph
        let u = t.replace("was empty.", "was empty. The two are unrelated.");
        assert!(spelling_hits(&e, &u).is_empty());
        // in one sentence (a decimal point ends none)
        let t = "Ruth Bamberger finished in 2.41 seconds, ahead of Ruth Bambarger.";
        assert!(spelling_hits(&e, t).is_empty());
        // each first written in a list item
        let t = "Staff:\n\n- Ruth Bamberger, clerk\n- Ruth Bambarger, driver\n\nBambarger drives the van.";
        assert!(spelling_hits(&e, t).is_empty());
        // two pairs of namesakes listed side by side
        let t = "New: Ivo Scharnhorst, 19, and Ada Wendelbrecht, 22. They replace Ivo Scharnhurst and Ada Wendelbracht.";
        assert!(spelling_hits(&e, t).is_empty());
        // accents dropped only in a photo credit
        let t = "Mayor Dagmar Šťastná opened the bridge.\n\nŠťastná said it cost less.\n\nPhoto: Dagmar Stastna at the bridge. (Photo by Jan Vrba)";
        assert!(spelling_hits(&e, t).is_empty());
        let t = t
            .replace("Photo: ", "Later ")
            .replace(" (Photo by Jan Vrba)", "");
        assert!(!spelling_hits(&e, &t).is_empty());
    }

    /// A name's short middle word written again without its marks between
    /// the same two words; not between other words, and not in a credit.
    #[test]
    fn stripped_particles() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let t = "Teacher Aoife Ní Mhurchú spoke first. Later Aoife Ni Mhurchú said the school would stay open.";
        assert_eq!(spelling_hits(&e, t), vec![t.find("Ni ").unwrap()]);
        let t = "Aoife Ní Mhurchú spoke first. Aoife Ni Bhriain, a parent, spoke next.";
        assert!(spelling_hits(&e, t).is_empty());
        let t = "Aoife Ní Mhurchú spoke first.\n\nPhoto: Aoife Ni Mhurchú at the school gate.";
        assert!(spelling_hits(&e, t).is_empty());
    }

    #[test]
    fn one_letter_inside_a_surname() {
        assert!(one_letter_inside("vallander", "vallender"));
        assert!(one_letter_inside("haddadin", "haddidin"));
        assert!(one_letter_inside("mwakalinga", "mwakelinga"));
        assert!(one_letter_inside("robbins", "robins"));
        // endings inflect; two letters changed are another name
        assert!(!one_letter_inside("rantanen", "rantasen"));
        assert!(!one_letter_inside("larsen", "larson"));
        assert!(!one_letter_inside("hollis", "holland"));
        assert!(!one_letter_inside("vallander", "vallander"));
        assert!(!one_letter_inside("brekkestad", "brekkested"));
        // a doubled letter near the end (the skeleton keeps doubles)
        assert!(one_letter_inside("olawale", "olawaale"));
    }

    #[test]
    fn finnish_cases_and_sentence_starts() {
        assert!(illative_genitive("lappiin", "lapin"));
        assert!(illative_genitive("kentän", "kenttään"));
        assert!(!illative_genitive("adeyemi", "adeyeemi"));
        assert!(!illative_genitive("lapin", "lapin"));
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        assert!(
            spelling_hits(&e, "Kauppaan tuli uusi myyjä. Kaupan omistaja kertoi sen.").is_empty()
        );
        // the same pair inside sentences: a name respelled
        let t = "The clerk met Tim Robbins on Monday. On Friday the clerk met Tim Robins again.";
        assert_eq!(spelling_hits(&e, t), vec![t.rfind("Robins").unwrap()]);
        // marks stripped
        let t = "A professora Maria da Assunção Lopes abriu a reunião. Para Maria da Assuncao Lopes, a greve continua.";
        assert_eq!(spelling_hits(&e, t), vec![t.find("Assuncao").unwrap()]);
    }

    /// A variant explained in another sentence of its paragraph is
    /// explained; so is every variant of an article about spelling
    /// (explanation cues in several of its paragraphs). One cue in another
    /// paragraph explains nothing.
    #[test]
    fn explanations_beyond_the_sentence() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let variant =
            "Her passport gives her name as Lejla Hadžić. Her bank card reads Lejla Hadzic.";
        let at = variant.find("Hadzic").unwrap();
        assert_eq!(spelling_hits(&e, variant), vec![at]);
        // the paragraph's next sentence explains it
        let t =
            format!("{variant} The bank's computers transliterate every name into plain letters.");
        assert!(spelling_hits(&e, &t).is_empty());
        // one cue elsewhere is no explanation
        let t = format!(
            "{variant}\n\nThe bank's computers transliterate every name into plain letters."
        );
        assert_eq!(spelling_hits(&e, &t), vec![at]);
        // an article about spelling: cues in several paragraphs
        let t = format!(
            "{variant}\n\nThe bank's computers transliterate every name into plain letters.\n\n\
             Clerks say the spelling of names with marks is the most common complaint they hear, \
             and that a name written as it sounds is often refused at the border."
        );
        assert!(spelling_hits(&e, &t).is_empty());
    }

    /// The parameters of the first rule of kind `$kind` (a string
    /// literal: the rule's key) in the built-in `rules/translation-artifact.yaml`,
    /// as `$params`, with the file to build the kind from:
    /// `let (p, file) = builtin_params!("language", Params);`. (A macro: the
    /// kind's key names a serde field.) Shared with the other kinds' tests
    /// through `crate::kinds::name_consistency::tests::builtin_params`.
    macro_rules! builtin_params {
        ($kind:literal, $params:ty) => {{
            #[derive(serde::Deserialize)]
            struct F {
                rules: Vec<R>,
            }
            #[derive(serde::Deserialize)]
            struct R {
                #[serde(rename = $kind)]
                p: Option<serde_saphyr::Spanned<$params>>,
            }
            let yaml = include_str!("../../rules/translation-artifact.yaml");
            let file = crate::rule::error::YamlFile::new("rules/translation-artifact.yaml", yaml);
            let f: F = serde_saphyr::from_str(yaml).expect("rules");
            let p = f.rules.into_iter().find_map(|r| r.p).expect($kind);
            (p, file)
        }};
    }
    // (language.rs's tests load their parameters with it too.)
    pub(crate) use builtin_params;

    /// The built-in rule's parameters.
    fn builtin() -> NameConsistency {
        let (p, file) = builtin_params!("name-consistency", Params);
        NameConsistency::build(&p, &file).expect("builds")
    }

    /// A Greek name written again in its romanization among Greek words is
    /// reported; glossed in parentheses, or named in a Latin text, not.
    #[test]
    fn greek_names_romanized_in_greek_text() {
        let n = builtin();
        assert_eq!(n.romanized("Κουτσουράκης").as_deref(), Some("koutsourakis"));
        assert_eq!(n.romanized("Μαυρογένης").as_deref(), Some("mavrogenis"));
        assert_eq!(n.romanized("Иванов"), None);
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let t = "Ο δήμαρχος Σταύρος Λαμπράκης μίλησε. Αργότερα ο Lamprakis είπε ότι θα έρθει.";
        assert_eq!(spelling_hits(&e, t), vec![t.find("Lamprakis").unwrap()]);
        let t = "Ο δήμαρχος Σταύρος Λαμπράκης (Lamprakis) μίλησε. Ο δήμαρχος είπε ότι θα έρθει.";
        assert!(spelling_hits(&e, t).is_empty());
        let t = "Mayor Σταύρος Λαμπράκης spoke. Later Mayor Lamprakis said he would come.";
        assert!(spelling_hits(&e, t).is_empty());
    }

    /// Two people sharing a given name, or a word's two spellings, are not
    /// one surname respelled; a slip still is.
    #[test]
    fn respelled_surnames_not_namesakes() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let slip =
            "Coach Lund picked Ruth Bamberger on Monday. Later Ruth Bambarger said she was ready.";
        assert_eq!(
            spelling_hits(&e, slip),
            vec![slip.find("Bambarger").unwrap()]
        );
        // the later one introduced anew by an appositive
        let t = slip.replace("Bambarger said", "Bambarger, a junior from Leeds, said");
        assert!(spelling_hits(&e, &t).is_empty());
        // ... but not by a clause running on past eight words
        let t = slip.replace(
            "Bambarger said she",
            "Bambarger, a plan for the new season that the club wanted to finish early, said she",
        );
        assert!(!spelling_hits(&e, &t).is_empty());
        // each spelling written twice: two people
        let t = "Ruth Bamberger ran. Ruth Bamberger won. Ruth Bambarger ran. Ruth Bambarger lost.";
        assert!(spelling_hits(&e, t).is_empty());
        // the given word a common word written lowercase elsewhere
        let t = "Eastern Bamberger opened. The eastern line closed. Eastern Bambarger stayed.";
        assert!(spelling_hits(&e, t).is_empty());
        // British and American spellings of one word
        let n = builtin();
        assert!(n.spelling_variant("organization", "organisation"));
        assert!(n.spelling_variant("labour", "labor"));
        assert!(n.spelling_variant("centre", "center"));
        assert!(!n.spelling_variant("bamberger", "bambarger"));
        assert!(n.appositive_after("X, a nurse from Leeds, said", 1));
        assert!(!n.appositive_after("X, the nurse, said", 1));
        assert!(!n.appositive_after("X said", 1));
    }

    /// Marks stripped: explained, or in a hyphenated name.
    #[test]
    fn stripped_marks_explained_and_hyphenated() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let t = "The club signed Rui Gonçalves-Assunção on Monday. Later Goncalves-Assuncao scored twice.";
        assert_eq!(spelling_hits(&e, t).len(), 1);
        let t = "The club signed Rui Assunção on Monday. Assuncao, as the name is spelled on his old shirts, scored twice.";
        assert!(spelling_hits(&e, t).is_empty());
        // Greek words pay nothing and find nothing
        let t = "Ο Γιάννης Παπαδόπουλος μίλησε. Ο Παπαδόπουλος είπε ότι θα έρθει.";
        assert!(spelling_hits(&e, t).is_empty());
    }

    /// Serbian Cyrillic goes through its exact transliteration: the same
    /// name in the other alphabet has the same Latin form, a Macedonian
    /// letter gives another form with the same skeleton.
    #[test]
    fn cyrillic_south_slavic_names_through_latin() {
        let n = builtin();
        assert_eq!(n.latin("Радовановић"), "radovanović");
        assert_eq!(n.latin("Љубомир"), "ljubomir");
        assert_eq!(n.latin("Радовановиќ"), "radovanoviḱ");
        assert_eq!(n.skeleton("Радовановиќ"), n.skeleton("Radovanović"));
        // Russian Cyrillic (no South Slavic letter) is left as it is.
        assert_eq!(n.latin("Иванов"), "иванов");
        // South Asian romanizations share a skeleton.
        assert_eq!(n.skeleton("Qureshi"), n.skeleton("Kureishi"));
        assert_eq!(n.skeleton("Shareef"), n.skeleton("Sharif"));
        assert_eq!(n.skeleton("Farooqi"), n.skeleton("Faruqi"));
        assert!(n.differ_by_beginning("chymraeg", "cymraeg"));
        assert!(n.differ_by_beginning("ddinas", "dinas"));
        assert!(!n.differ_by_beginning("chernov", "tchernov"));
    }

    /// Endings differing by an accent are two cases when both are case
    /// endings; a lost accent in an ending is not.
    #[test]
    fn accented_endings_are_cases() {
        let n = checker(&["a", "ą", "u"]);
        assert!(n.accented_endings("wałęsa", "wałęsą"));
        assert!(!n.accented_endings("veselého", "veseleho"));
        assert!(!n.accented_endings("kowalski", "kowalsky"));
        assert!(!n.accented_endings("nowaka", "nowaku"));
    }

    /// é alone tells two spellings apart, and which one has it.
    #[test]
    fn e_acute_only() {
        assert_eq!(
            NameConsistency::e_acute_only("kessler", "kesslér"),
            Some(false)
        );
        assert_eq!(
            NameConsistency::e_acute_only("bélanger", "belanger"),
            Some(true)
        );
        assert_eq!(NameConsistency::e_acute_only("bélanger", "belangér"), None);
        assert_eq!(
            NameConsistency::e_acute_only("németh", "nemeth"),
            Some(true)
        );
        assert_eq!(NameConsistency::e_acute_only("nemeth", "nemet"), None);
    }

    /// A variant is explained by a word of `explained_by` in its sentence
    /// or by parentheses after the first spelling; the next sentence does
    /// not explain it.
    #[test]
    fn e_acute_pairs_in_two_names_are_no_respelling() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let names = |t: &str| spelling_hits(&e, t).len();
        // Two people: one name always with its surname after it.
        assert_eq!(names("# Gala\n\nAndre Agassi arrived first. Later André 3000 played a set, and Andre Agassi left early.\n"), 0);
        assert_eq!(names("# Water\n\nMexico City rations water. The governor of the State of México said more trucks would come.\n"), 0);
        // One person: the surname alone after the full name.
        assert_eq!(names("# Bridge\n\nMayor Tobias Bergmann opened the bridge. Bergmann said it was late. The mayor Bérgmann thanked the crews.\n"), 1);
    }

    /// Whether the `nth` occurrence (from 0, in document order) of
    /// `variant` in the Markdown text `t` is explained, `first` being the
    /// first spelling.
    fn explained_at(n: &NameConsistency, t: &str, variant: &str, nth: usize, first: &str) -> bool {
        let opts = crate::document::ParseOptions::default();
        let doc = crate::document::Document::parse(t, InputFormat::Markdown, &opts);
        let cx = Cx {
            doc: &doc,
            scope: crate::rule::DEFAULT_SCOPE,
            gate: None,
        };
        let (b, at) = doc
            .blocks
            .iter()
            .flat_map(|b| {
                super::super::whole_word_indices(b.text(), variant).map(move |at| (b, at))
            })
            .nth(nth)
            .expect("the variant");
        n.explained(
            &cx,
            &OnceCell::new(),
            b.text(),
            at,
            at + variant.len(),
            first,
        )
    }

    #[test]
    fn explained_variants() {
        let n = builtin();
        // explained in its sentence, and for the rest of its paragraph
        let t = "He is Tariq Qureshi. It is written Kureishi on his passport. Kureishi left.";
        assert!(explained_at(&n, t, "Kureishi", 0, "Qureshi"));
        assert!(explained_at(&n, t, "Kureishi", 1, "Qureshi"));
        // not in another paragraph
        let t = "He is Tariq Qureshi. It is written Kureishi on his passport.\n\nKureishi left.";
        assert!(explained_at(&n, t, "Kureishi", 0, "Qureshi"));
        assert!(!explained_at(&n, t, "Kureishi", 1, "Qureshi"));
        assert!(explained_at(
            &n,
            "Zelensky (Zelenskyy) spoke.",
            "Zelenskyy",
            0,
            "Zelensky"
        ));
        assert!(!explained_at(
            &n,
            "Zelenskyy spoke.",
            "Zelenskyy",
            0,
            "Zelensky"
        ));
        // a parenthesis's opening explains only what it stands beside
        let t = "Zelensky spoke (also by video) twice. Zelenskyy left.";
        assert!(!explained_at(&n, t, "Zelenskyy", 0, "Zelensky"));
        // a cue inside another word, or a president named Macron, in the
        // paragraph explains nothing
        let t = "Macron met Zelensky. The photographie show opened. Later Zelenskyy left.";
        assert!(!explained_at(&n, t, "Zelenskyy", 0, "Zelensky"));
        let t = "Zelensky spoke. The transcript is online. Later Zelenskyy left.";
        assert!(!explained_at(&n, t, "Zelenskyy", 0, "Zelensky"));
    }

    /// An é beside another capitalized French-accented word (not the
    /// sentence's first) is that language's own.
    #[test]
    fn among_accented_names() {
        let t = "The Société des traversiers du Montréal said so.";
        let at = t.find("Montréal").unwrap();
        assert!(NameConsistency::among_accented_names(t, at, at + 9));
        let t = "The Banco de México cut rates.";
        let at = t.find("México").unwrap();
        assert!(NameConsistency::among_accented_names(t, at, at + 7));
        let t = "Lékaři Veselého podpořili.";
        let at = t.find("Veselého").unwrap();
        assert!(!NameConsistency::among_accented_names(t, at, at + 9));
        let t = "bà Hằng cho";
        let at = t.find("Hằng").unwrap();
        assert_eq!(
            neighbours(t, at, at + "Hằng".len()),
            (Some("bà"), Some("cho"))
        );
        assert_eq!(neighbours("Hằng.", 0, "Hằng".len()), (None, None));
    }

    /// A derived form that the folds merge with its name, and two words
    /// merged by a chain of folds, are no respelling.
    #[test]
    fn suffixed_and_far_apart() {
        let n = builtin();
        assert!(n.suffixed("tokaj", "tokaji"));
        assert!(!n.suffixed("zelensky", "zelenskyy"));
        assert!(!n.suffixed("podolyak", "podoliak"));
        assert!(far_apart("gwilym", "gwenllian"));
        assert!(!far_apart("podolyak", "podoliak"));
        assert!(!far_apart("jovičić", "yovichich"));
        assert!(!far_apart("zhivko", "jivko"));
        assert!(!far_apart("тыныбеков", "тиныбекова"));
    }

    #[test]
    fn swapped_letters_inside() {
        assert!(swapped_inside("Rasmussen", "Rasmsusen"));
        assert!(swapped_inside("Tomasevic", "Tomaesvic"));
        assert!(!swapped_inside("Elisa", "Elias"));
        assert!(!swapped_inside("Marian", "Marina"));
        assert!(!swapped_inside("Rasmussen", "Rasmusen"));
        assert!(!swapped_inside("Halvorsen", "Halvorsne"));
    }

    /// A name respelled inside and inflected is one name spelled twice; an
    /// ending, an accent or a stem-final alternation alone is inflection.
    #[test]
    fn inflection_is_told_from_respelling() {
        let n = checker(&["а", "у", "a", "ie", "iej"]);
        assert_eq!(n.stem(&n.skeleton("Тиныбекова")), Some("тинибеков"));
        assert_eq!(n.skeleton("Тыныбеков"), "тинибеков");
        assert!(!n.inflected_alike("тыныбеков", "тиныбекова"));
        assert!(n.inflected_alike("иванов", "иванова"));
        assert!(n.inflected_alike("иванова", "иванову"));
        assert!(n.inflected_alike("kraków", "krakowa"));
        assert!(n.inflected_alike("zielińska", "zielińskiej"));
        assert!(n.inflected_alike("pelješki", "pelješca"));
        // A stem shorter than `min_length` is not cut.
        assert_eq!(n.stem("ivana"), None);
    }

    /// Accents dropped only in an English passage of an article in another
    /// language, or in a label quoted beside its translation, are no
    /// respelling; dropped in the article's own language, they are (the
    /// first such spelling is reported).
    #[test]
    fn plain_spellings_in_english_or_quoted_beside_a_translation() {
        let e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let names = |t: &str| spelling_hits(&e, t);
        let sv = "# Kajen\n\nDirektör Dragana Petrović öppnade kajen. Petrović sade att arbetet är klart i maj.\n\nEDITOR NOTE: Petrovic said that the work would be finished by the end of the year.\n";
        assert!(names(sv).is_empty());
        let sv2 = format!("{sv}\nEnligt Dragana Petrovic blir kajen klar i maj.\n");
        let hits = names(&sv2);
        assert_eq!(hits.len(), 1);
        assert!(hits[0] > sv2.find("Enligt").unwrap());
        let es = "# Vino\n\nLas etiquetas dicen «sparkling wine from Queretaro», es decir, «vino espumoso de Querétaro», sin nombrar la bodega.\n";
        assert!(names(es).is_empty());
        // A quotation between two plain mentions is no quoted label.
        let de = "# Hafen\n\nDirektorin Dragana Petrović eröffnete den Kai am Montag. Dann sagte Petrović «Wir sind fertig» und Petrovic ging zum Boot.\n";
        assert_eq!(names(de).len(), 1);
        // English text: the accent dropped is reported.
        let en = "# Depot\n\nSite manager Colette Thériault opened the depot. Later Theriault said the buses would run in May.\n";
        assert_eq!(names(en).len(), 1);
    }

    /// Ukrainian h / Russian g before a consonant, and a foreign name's
    /// Х / Г and Й / Ё in Cyrillic, share a skeleton.
    #[test]
    fn slavic_h_g_and_cyrillic_variants() {
        let n = builtin();
        assert_eq!(n.skeleton("Hlushchenko"), n.skeleton("Glushchenko"));
        assert_eq!(n.skeleton("Hrytsak"), n.skeleton("Gritsak"));
        assert_eq!(n.skeleton("Хольмгорд"), n.skeleton("Гольмгорд"));
        assert_eq!(n.skeleton("Йохан"), n.skeleton("Ёхан"));
        assert_ne!(n.skeleton("Harden"), n.skeleton("Garden"));
    }
}
