//! `language`: passages in another language or script than the document's
//! (untranslated leftovers).
//!
//! The dominant language is detected once per document (lingua, over the
//! first ~2 KB of body text), never assumed. Each sentence is then screened
//! with cheap signals first — its script, and a stop-word profile against
//! the document language's — and only sentences those signals put in doubt
//! go to lingua, which must name another language with at least
//! `min_confidence`. Sentences shorter than `min_words`/`min_chars` (names,
//! short quotes) are never flagged; neither, with `unless_quoted`, are
//! sentences wholly inside quotation marks. Adjacent flagged sentences of
//! one element are reported together.

use super::{lowercased, short, Check, Cx, Hit};
use crate::document::word_count_upto;
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_words")]
    pub min_words: usize,
    #[serde(default = "d_chars")]
    pub min_chars: usize,
    #[serde(default = "d_conf")]
    pub min_confidence: f64,
    #[serde(default = "yes")]
    pub unless_quoted: bool,
    /// Stop words per ISO 639-1 code: the cheap profile that decides which
    /// sentences lingua has to look at.
    pub stopwords: BTreeMap<String, Vec<String>>,
    /// The letters outside ASCII each language writes (lowercase), per ISO
    /// 639-1 code: a sentence of an English document in doubt only for its
    /// accented words is reported in lingua's language only when every such
    /// letter is one of that language's (lingua names Turkish prose Spanish).
    #[serde(default)]
    pub letters: BTreeMap<String, String>,
    /// Close relatives a language without a lingua model is told from by
    /// their own marks (Catalan from Castilian Spanish: the two share most
    /// function words, and lingua names any Catalan sentence Spanish).
    #[serde(default)]
    pub relatives: Vec<Relative>,
    /// Words (lowercase, matched at a word's start) saying a quotation in
    /// another script is glossed or translated beside it, in any of the
    /// languages an article may be written in ("translated", "in
    /// English", "es decir", "c'est-à-dire", "das heißt"): in the
    /// quotation's paragraph, or in the sentence before it.
    #[serde(default = "d_gloss_cues")]
    pub gloss_cues: Vec<String>,
    /// Words saying a paragraph translates ("translat", "in English"): the
    /// paragraph after an untranslated quotation glosses it only with one
    /// of these (other gloss cues — "said in", "roughly" — tell nothing
    /// about a paragraph of their own).
    #[serde(default = "d_translating_cues")]
    pub translating_cues: Vec<String>,
    /// The fewest words of a quotation in another Latin-script language
    /// (a Spanish quote in an English article) to report it untranslated:
    /// a short one is a phrase quoted for its colour.
    #[serde(default = "d_quote_words")]
    pub quote_min_words: usize,
    /// The fewest words of a quotation in an English article that is in
    /// no language the screen knows (none with a model or stop words here:
    /// Samoan, Cebuano…) to report it untranslated, told by structure: its
    /// words mostly lowercase, few commas, and none of them an English
    /// function word (`english_function_words`). 0: off.
    #[serde(default)]
    pub bare_quote_min_words: usize,
    /// English function words, lowercase: an English sentence of ten words
    /// has several.
    #[serde(default)]
    pub english_function_words: Vec<String>,
    /// Those of `english_function_words` other languages written in Latin
    /// letters also write ("an", "is", "do": Irish, Scottish Gaelic,
    /// Dutch), lowercase: one of them alone does not make a quotation
    /// English; two of them, or one English function word not among them,
    /// do.
    #[serde(default)]
    pub shared_function_words: Vec<String>,
    /// Words of an attribution right after a quotation saying the speaker
    /// went on ("she added", "he continued"), lowercase: the quotations
    /// before it in its paragraph are earlier speech, not its gloss.
    #[serde(default)]
    pub continued_by: Vec<String>,
}
fn d_quote_words() -> usize {
    8
}

/// A sentence of a document in `lang` with none of `own` (words, or
/// elided forms opening a word) and at least `min_marks` marks of the
/// relative — its `words`, words with its `endings`, words with one of
/// its `letters` — is in the relative's language (`name`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relative {
    pub lang: String,
    pub name: String,
    pub own: Vec<String>,
    #[serde(default)]
    pub own_prefixes: Vec<String>,
    #[serde(default)]
    pub words: Vec<String>,
    #[serde(default)]
    pub endings: Vec<String>,
    #[serde(default)]
    pub letters: String,
    #[serde(default = "d_marks")]
    pub min_marks: usize,
}
fn d_marks() -> usize {
    2
}

impl Relative {
    /// Does `text` hold a word only the document language writes (`own`)?
    fn has_own(&self, text: &str) -> bool {
        self.own_hits(text, 1) >= 1
    }

    /// How many words of `own` (up to `cap`) `text` holds.
    fn own_hits(&self, text: &str, cap: usize) -> usize {
        let mut n = 0;
        lowercase_words(text, |lw| {
            n += usize::from(self.is_own(lw));
            n < cap
        });
        n
    }

    /// Is the lowercase word one only the document language writes?
    fn is_own(&self, lw: &str) -> bool {
        self.own.iter().any(|o| o == lw)
            || self.own_prefixes.iter().any(|p| lw.starts_with(p.as_str()))
    }

    /// Is `sentence` (of a document in `self.lang`) in the relative's language?
    fn claims(&self, sentence: &str) -> bool {
        let (mut marks, mut own) = (0, false);
        lowercase_words(sentence, |lw| {
            if self.is_own(lw) {
                own = true;
                return false;
            }
            if self.words.iter().any(|x| x == lw)
                || self
                    .endings
                    .iter()
                    .any(|e| lw.ends_with(e.as_str()) && lw.len() > e.len() + 2)
                || lw.chars().any(|c| self.letters.contains(c))
            {
                marks += 1;
            }
            true
        });
        !own && marks >= self.min_marks
    }
}

/// Each word of `text`, lowercased into one reused buffer, to `f` until it
/// returns false.
fn lowercase_words(text: &str, mut f: impl FnMut(&str) -> bool) {
    let mut buf = String::new();
    for (_, w) in words(text) {
        buf.clear();
        buf.extend(w.chars().flat_map(char::to_lowercase));
        if !f(&buf) {
            break;
        }
    }
}
fn d_words() -> usize {
    5
}
fn d_chars() -> usize {
    30
}
fn d_conf() -> f64 {
    0.7
}
fn d_translating_cues() -> Vec<String> {
    ["translat", "in english", "rendered as"]
        .into_iter()
        .map(String::from)
        .collect()
}
fn d_gloss_cues() -> Vec<String> {
    [
        "translat",
        "meaning",
        "means",
        "which means",
        "roughly",
        "in english",
        "said in ",
        "says in ",
        "spoke in ",
        "speaking in ",
        "wrote in ",
    ]
    .map(String::from)
    .to_vec()
}

fn yes() -> bool {
    true
}

pub struct LanguageCheck {
    min_words: usize,
    min_chars: usize,
    min_confidence: f64,
    unless_quoted: bool,
    /// [`Params::gloss_cues`], lowercase.
    gloss_cues: Vec<String>,
    /// [`Params::translating_cues`], lowercase.
    translating_cues: Vec<String>,
    quote_min_words: usize,
    /// Language codes with stop-word lists, in a fixed order.
    langs: Vec<String>,
    /// The lingua language of each of `langs` (`None`: no model).
    modelled: Vec<Option<Language>>,
    /// The script of each of `langs` (of its first stop word's first letter).
    scripts: Vec<Script>,
    /// Stop words -> bit set of the languages (indices into `langs`) they
    /// belong to: ASCII words of up to 8 bytes packed into a `u64` (most
    /// lookups: one multiply and a compare or two), the rest by string.
    stop_packed: PackedTable,
    stop: HashMap<String, u64, BuildHasherDefault<WordHasher>>,
    /// The longest ASCII stop word, in bytes: longer ASCII words are not looked up.
    max_ascii: usize,
    /// Per language code, its letters outside ASCII ([`Params::letters`]).
    letters: HashMap<String, Vec<char>>,
    /// The site's expected languages (ISO 639-1): passages in one of them
    /// are not untranslated leftovers (bilingual sites quote both).
    expected: Vec<String>,
    /// Per index into `langs`: its close relatives ([`Params::relatives`]).
    relatives: Vec<Vec<Relative>>,
    /// [`Params::bare_quote_min_words`], [`Params::english_function_words`].
    bare_quote_min_words: usize,
    /// [`Params::continued_by`], lowercase.
    continued_by: Vec<String>,
    english_function: WordSet,
    /// [`Params::shared_function_words`].
    shared_function: WordSet,
}

/// A set of short lowercase words, hashed with [`WordHasher`].
type WordSet = HashSet<String, BuildHasherDefault<WordHasher>>;

/// The process-wide detector over the compiled-in languages.
pub fn detector() -> &'static LanguageDetector {
    static D: OnceLock<LanguageDetector> = OnceLock::new();
    D.get_or_init(|| LanguageDetectorBuilder::from_all_languages().build())
}

/// ISO 639-1 code of a language ("en").
pub fn code(l: Language) -> String {
    l.iso_code_639_1().to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Han,
    Thai,
    Georgian,
    Armenian,
    Devanagari,
    Bengali,
    Gurmukhi,
    Gujarati,
    Oriya,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Sinhala,
    Ethiopic,
    Myanmar,
    Khmer,
    Lao,
    Other,
}

/// How many [`Script`]s there are.
const SCRIPTS: usize = Script::Other as usize + 1;

/// Characters below this have their script in [`SCRIPT_TABLE`]: every
/// alphabet [`Script::of`] knows but Han and parts of Ethiopic.
const SCRIPT_TABLE_END: u32 = 0x3000;

/// [`Script::of_plain`] of each character below [`SCRIPT_TABLE_END`],
/// made once (12 KB). `char::is_alphabetic` is a binary search over
/// Unicode's tables for any character outside ASCII, and the language
/// check asks it of every accented, Cyrillic or Greek letter and every
/// typographic mark of a document (a tenth of the check's instructions
/// on a corpus with other languages in it).
static SCRIPT_TABLE: std::sync::LazyLock<Box<[Option<Script>]>> = std::sync::LazyLock::new(|| {
    (0..SCRIPT_TABLE_END)
        .map(|u| char::from_u32(u).and_then(Script::of_plain))
        .collect()
});

/// `c.is_alphabetic()`, read from [`SCRIPT_TABLE`] below
/// [`SCRIPT_TABLE_END`] (a letter is one with a script; see
/// `script_table_is_the_plain_test`).
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    Script::of(c).is_some()
}

/// `c.is_alphanumeric()` (a letter or a numeric character), with
/// [`is_letter`]'s table.
#[inline]
pub fn is_alnum(c: char) -> bool {
    is_letter(c) || c.is_numeric()
}

impl Script {
    /// The script of a letter; `None` for a character that is not one.
    #[inline]
    fn of(c: char) -> Option<Script> {
        let u = c as u32;
        if u < 0x80 {
            return c.is_ascii_alphabetic().then_some(Script::Latin);
        }
        match SCRIPT_TABLE.get(u as usize) {
            Some(s) => *s,
            None => Script::of_plain(c),
        }
    }

    /// [`Script::of`] computed: the character's block, if it is a letter.
    fn of_plain(c: char) -> Option<Script> {
        if !c.is_alphabetic() {
            return None;
        }
        Some(match c as u32 {
            // (With the IPA block's letters some African Latin alphabets
            // write: Akan and Ewe ɛ, ɔ, ɖ, ʋ.)
            0x0041..=0x02AF | 0x1E00..=0x1EFF => Script::Latin,
            0x0400..=0x052F => Script::Cyrillic,
            0x0370..=0x03FF => Script::Greek,
            0x0600..=0x06FF => Script::Arabic,
            0x0590..=0x05FF => Script::Hebrew,
            0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF => Script::Han,
            0x0E00..=0x0E7F => Script::Thai,
            0x10A0..=0x10FF | 0x1C90..=0x1CBF => Script::Georgian,
            0x0530..=0x058F => Script::Armenian,
            0x0900..=0x097F => Script::Devanagari,
            0x0980..=0x09FF => Script::Bengali,
            0x0A00..=0x0A7F => Script::Gurmukhi,
            0x0A80..=0x0AFF => Script::Gujarati,
            0x0B00..=0x0B7F => Script::Oriya,
            0x0B80..=0x0BFF => Script::Tamil,
            0x0C00..=0x0C7F => Script::Telugu,
            0x0C80..=0x0CFF => Script::Kannada,
            0x0D00..=0x0D7F => Script::Malayalam,
            0x0D80..=0x0DFF => Script::Sinhala,
            0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => Script::Ethiopic,
            0x1000..=0x109F => Script::Myanmar,
            0x1780..=0x17FF => Script::Khmer,
            0x0E80..=0x0EFF => Script::Lao,
            _ => Script::Other,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Script::Latin => "Latin",
            Script::Cyrillic => "Cyrillic",
            Script::Greek => "Greek",
            Script::Arabic => "Arabic",
            Script::Hebrew => "Hebrew",
            Script::Han => "CJK",
            Script::Thai => "Thai",
            Script::Georgian => "Georgian",
            Script::Armenian => "Armenian",
            Script::Devanagari => "Devanagari",
            Script::Bengali => "Bengali",
            Script::Gurmukhi => "Gurmukhi",
            Script::Gujarati => "Gujarati",
            Script::Oriya => "Odia",
            Script::Tamil => "Tamil",
            Script::Telugu => "Telugu",
            Script::Kannada => "Kannada",
            Script::Malayalam => "Malayalam",
            Script::Sinhala => "Sinhala",
            Script::Ethiopic => "Ethiopic",
            Script::Myanmar => "Myanmar",
            Script::Khmer => "Khmer",
            Script::Lao => "Lao",
            Script::Other => "another",
        }
    }

    /// Written without spaces between words: a sentence's length is its
    /// letters, not its (space-separated) words.
    fn unspaced(self) -> bool {
        matches!(
            self,
            Script::Han | Script::Thai | Script::Khmer | Script::Lao | Script::Myanmar
        )
    }

    /// ISO 639-1 codes of the languages written in it (for the site's
    /// expected languages).
    fn codes(self) -> &'static [&'static str] {
        match self {
            Script::Han => &["zh", "ja", "ko"],
            Script::Thai => &["th"],
            Script::Georgian => &["ka"],
            Script::Armenian => &["hy"],
            Script::Devanagari => &["hi", "mr", "ne"],
            Script::Bengali => &["bn", "as"],
            Script::Gurmukhi => &["pa"],
            Script::Gujarati => &["gu"],
            Script::Oriya => &["or"],
            Script::Tamil => &["ta"],
            Script::Telugu => &["te"],
            Script::Kannada => &["kn"],
            Script::Malayalam => &["ml"],
            Script::Sinhala => &["si"],
            Script::Ethiopic => &["am", "ti"],
            Script::Myanmar => &["my"],
            Script::Khmer => &["km"],
            Script::Lao => &["lo"],
            _ => &[],
        }
    }

    /// The dominant script of a text and its share of the letters.
    pub fn dominant(text: &str) -> Option<(Script, f64)> {
        // Counts per script, and the scripts in the order they first
        // appear (a tie goes to the one seen last, as `max_by_key` gives
        // it), in arrays: no allocation per sentence.
        let mut counts = [0usize; SCRIPTS];
        let mut order = [Script::Other; SCRIPTS];
        let (mut seen, mut total) = (0, 0);
        for s in text.chars().filter_map(Script::of) {
            total += 1;
            let n = &mut counts[s as usize];
            if *n == 0 {
                order[seen] = s;
                seen += 1;
            }
            *n += 1;
        }
        let s = order[..seen].iter().max_by_key(|s| counts[**s as usize])?;
        Some((*s, counts[*s as usize] as f64 / total as f64))
    }
}

fn script_of_language(l: Language) -> Script {
    script_of_code(&code(l))
}

/// The script a language (by its ISO 639-1 code) is written in.
fn script_of_code(code: &str) -> Script {
    match code {
        "ru" | "uk" | "bg" | "sr" | "mk" | "be" | "kk" => Script::Cyrillic,
        "el" => Script::Greek,
        "ar" | "fa" | "ur" => Script::Arabic,
        "he" => Script::Hebrew,
        "zh" | "ja" | "ko" => Script::Han,
        _ => Script::Latin,
    }
}

impl LanguageCheck {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        if !(0.0..=1.0).contains(&v.min_confidence) {
            return Err(file.error(
                "`min_confidence` must be between 0 and 1",
                yaml_span(p),
                "out of range",
            ));
        }
        let mut stop: HashMap<String, u64, BuildHasherDefault<WordHasher>> = HashMap::default();
        let mut packed: Vec<(u64, u64)> = Vec::new();
        let mut max_ascii = 0;
        for (i, ws) in v.stopwords.values().enumerate().take(64) {
            for w in ws {
                let w = w.to_lowercase();
                match pack(&w) {
                    Some(k) => packed.push((k, 1 << i)),
                    None => *stop.entry(w.clone()).or_default() |= 1 << i,
                }
                if w.is_ascii() {
                    max_ascii = max_ascii.max(w.len());
                }
            }
        }
        Ok(LanguageCheck {
            min_words: v.min_words,
            min_chars: v.min_chars,
            min_confidence: v.min_confidence,
            unless_quoted: v.unless_quoted,
            quote_min_words: v.quote_min_words,
            bare_quote_min_words: v.bare_quote_min_words,
            continued_by: v.continued_by.iter().map(|w| w.to_lowercase()).collect(),
            english_function: lowercased(&v.english_function_words),
            shared_function: lowercased(&v.shared_function_words),
            gloss_cues: v
                .gloss_cues
                .iter()
                .map(|c| c.to_lowercase())
                .filter(|c| !c.is_empty())
                .collect(),
            translating_cues: v
                .translating_cues
                .iter()
                .map(|c| c.to_lowercase())
                .filter(|c| !c.is_empty())
                .collect(),
            langs: v.stopwords.keys().map(|k| k.to_lowercase()).collect(),
            modelled: v
                .stopwords
                .keys()
                .map(|k| lingua_language(&k.to_lowercase()))
                .collect(),
            scripts: v
                .stopwords
                .values()
                .map(|ws| {
                    ws.iter()
                        .flat_map(|w| w.chars())
                        .find_map(Script::of)
                        .unwrap_or(Script::Latin)
                })
                .collect(),
            stop_packed: PackedTable::new(&packed),
            stop,
            max_ascii,
            letters: v
                .letters
                .iter()
                .map(|(k, l)| {
                    (
                        k.to_lowercase(),
                        l.chars().flat_map(char::to_lowercase).collect(),
                    )
                })
                .collect(),
            expected: Vec::new(),
            relatives: {
                let langs: Vec<String> = v.stopwords.keys().map(|k| k.to_lowercase()).collect();
                let mut r: Vec<Vec<Relative>> = langs.iter().map(|_| Vec::new()).collect();
                for rel in &v.relatives {
                    let rel = Relative {
                        lang: rel.lang.to_lowercase(),
                        name: rel.name.clone(),
                        own: rel.own.iter().map(|w| w.to_lowercase()).collect(),
                        own_prefixes: rel.own_prefixes.iter().map(|w| w.to_lowercase()).collect(),
                        words: rel.words.iter().map(|w| w.to_lowercase()).collect(),
                        endings: rel.endings.iter().map(|w| w.to_lowercase()).collect(),
                        letters: rel.letters.to_lowercase(),
                        min_marks: rel.min_marks,
                    };
                    match langs.iter().position(|l| *l == rel.lang) {
                        Some(i) => r[i].push(rel),
                        None => {
                            return Err(file.error(
                                format!("`relatives`: `{}` has no stop words", rel.lang),
                                yaml_span(p),
                                "relatives",
                            ))
                        }
                    }
                }
                r
            },
        })
    }

    /// The stop-word languages of one word (as split by [`words`]): a bit
    /// set over `langs`. `buf` is scratch space for lowercasing.
    fn word_mask(&self, w: &str, buf: &mut String) -> u64 {
        self.word_mask_of(w, w.is_ascii(), buf)
    }

    /// [`Self::word_mask`] of a word `w` known to be ASCII or not (`ascii`).
    #[inline]
    fn word_mask_of(&self, w: &str, ascii: bool, buf: &mut String) -> u64 {
        if w.is_empty() || w.len() > 24 {
            return 0;
        }
        if ascii {
            if w.len() > self.max_ascii {
                return 0;
            }
            if w.len() <= 8 {
                return self.stop_packed.get(pack_word(w.as_bytes()));
            }
            buf.clear();
            buf.push_str(w);
            buf.make_ascii_lowercase();
        } else {
            buf.clear();
            buf.extend(w.chars().flat_map(char::to_lowercase));
            // (A few non-ASCII letters lowercase to ASCII: the Kelvin sign.)
            if let Some(k) = pack(buf) {
                return self.stop_packed.get(k);
            }
        }
        self.stop.get(buf.as_str()).copied().unwrap_or(0)
    }

    /// [`Self::word_mask`] of the word `w` at byte `at` of `text`: none
    /// for a short stop word that counts for no language where it stands
    /// ([`exempt_short`]).
    fn word_mask_at(&self, text: &str, at: usize, w: &str, buf: &mut String) -> u64 {
        if w.len() <= 2 && exempt_short(text.as_bytes(), at, at + w.len()) {
            return 0;
        }
        self.word_mask(w, buf)
    }

    /// Stop-word hits per language (indexed like `langs`), one map lookup a word.
    fn profile(&self, text: &str) -> Vec<usize> {
        let mut counts = vec![0usize; self.langs.len()];
        let mut buf = String::new();
        for (at, w) in words(text) {
            add_mask(&mut counts, self.word_mask_at(text, at, w, &mut buf));
        }
        counts
    }

    /// Distinct stop words per language (a word repeated counts once).
    fn profile_distinct(&self, text: &str) -> Vec<usize> {
        let mut counts = vec![0usize; self.langs.len()];
        let mut buf = String::new();
        let mut seen: Vec<String> = Vec::new();
        for (at, w) in words(text) {
            let mask = self.word_mask_at(text, at, w, &mut buf);
            let lower = w.to_lowercase();
            if mask != 0 && !seen.contains(&lower) {
                seen.push(lower);
                add_mask(&mut counts, mask);
            }
        }
        counts
    }

    /// Is the sentence `r` of a block in doubt by the cheap signals?
    /// `toks` are the block's words with their stop-word masks ([`Tokens`]);
    /// `ascii` says the block is all ASCII (no script change possible in a
    /// Latin-script document). `counts` is scratch space.
    fn in_doubt(
        &self,
        doc: &DocLang,
        text: &str,
        r: &std::ops::Range<usize>,
        toks: &Tokens,
        counts: &mut Vec<usize>,
    ) -> Option<Option<Script>> {
        let sentence = &text[r.clone()];
        if toks.other_script || doc.script != Script::Latin {
            if let Some((s, share)) = Script::dominant(sentence) {
                if s != doc.script && share >= 0.6 {
                    return Some(Some(s));
                }
            }
        }
        // (No language but the document's with two hits in the sentence:
        // none beats it, and no count is needed.)
        let own_bit = doc
            .index
            .and_then(|i| 1u64.checked_shl(i as u32))
            .unwrap_or(0);
        if toks
            .repeated_in(r)
            .is_some_and(|twice| twice & !own_bit == 0)
        {
            return None;
        }
        if !toks.counts_in(r, counts) {
            *counts = self.profile(sentence);
        }
        let own = doc.index.map_or(0, |i| counts[i]);
        // (A count that cannot beat `own` decides nothing, and needs no
        // look at the relatives: English sentences hold two Catalan "a".)
        let best_other = counts
            .iter()
            .enumerate()
            .filter(|(i, c)| {
                Some(*i) != doc.index && !(**c >= 2 && **c > own && self.lacks_own(*i, sentence))
            })
            .map(|(_, c)| *c)
            .max()
            .unwrap_or(0);
        (best_other >= 2 && best_other > own).then_some(None)
    }

    /// Language `i` has close relatives it shares most stop words with
    /// (Catalan and Castilian): its stop words in `text` are evidence only
    /// with a word only it writes there.
    fn lacks_own(&self, i: usize, text: &str) -> bool {
        let rel = &self.relatives[i];
        !rel.is_empty() && !rel.iter().any(|r| r.has_own(text))
    }

    /// A document told by its script alone, given the stop words of the
    /// one language of `langs` written in that script (Greek): its own
    /// sentences are then not "foreign" for the stop words they hold.
    fn with_own_stopwords(&self, mut doc: DocLang) -> DocLang {
        let mut of_script = self
            .langs
            .iter()
            .enumerate()
            .filter(|(_, c)| script_of_code(c) == doc.script);
        if let (Some((i, _)), None) = (of_script.next(), of_script.next()) {
            doc.index = Some(i);
        }
        doc
    }

    /// The language of a sentence by its stop words alone, when that
    /// language has no lingua model (and is not one the site expects): at
    /// least 3 hits and twice as many as the document language's or any
    /// other language's.
    fn unmodelled_language(&self, doc: &DocLang, sentence: &str) -> Option<String> {
        let counts = self.profile(sentence);
        // The stop words that decide alone must be varied: a results list
        // repeats "v" (versus), which is Czech "in", and nothing else.
        let distinct = self.profile_distinct(sentence);
        let (best_i, &best) = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != doc.index)
            .max_by_key(|(_, c)| **c)?;
        let code = self.langs[best_i].as_str();
        if self.modelled[best_i].is_some()
            || self.expected.iter().any(|e| e == code)
            || self.lacks_own(best_i, sentence)
        {
            return None;
        }
        let own = doc.index.map_or(0, |i| counts[i]);
        let second = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != best_i && Some(*i) != doc.index)
            .map(|(_, c)| *c)
            .max()
            .unwrap_or(0);
        (best >= 3 && distinct[best_i] >= 2 && best >= 2 * own.max(second))
            .then(|| language_name(code))
    }

    /// The document's language, from the first ~2 KB of body text (the
    /// stop-word profile from the blocks' cached words; the text itself is
    /// gathered only when lingua has to decide).
    fn document_language(
        &self,
        cx: &Cx,
        toks: &mut DocTokens,
        provisional: bool,
    ) -> Option<(DocLang, bool)> {
        let mut profile = vec![0usize; self.langs.len()];
        let mut sampled = Vec::new();
        let mut len = 0;
        for (bi, b) in cx.doc.body() {
            if b.is_heading_like() || b.turn.is_some() && b.turn_body().is_empty() {
                continue;
            }
            let t = toks.block(self, bi, b.text());
            for (c, n) in profile.iter_mut().zip(t.totals) {
                *c += n;
            }
            sampled.push(bi);
            len += b.text().len() + 1;
            if len > 2048 {
                break;
            }
        }
        if sampled
            .iter()
            .all(|&bi| cx.doc.blocks[bi].text().trim().is_empty())
        {
            return None;
        }
        // A language sharing most stop words with close relatives counts
        // only with three words only it writes in the sample. (Looked for
        // only where it is near the lead: elsewhere it decides nothing.)
        let top = profile.iter().copied().max().unwrap_or(0);
        for (i, rel) in self.relatives.iter().enumerate() {
            if rel.is_empty() || profile[i] == 0 || profile[i] * 2 < top {
                continue;
            }
            let own: usize = sampled
                .iter()
                .map(|&bi| {
                    rel.iter()
                        .map(|r| r.own_hits(cx.doc.blocks[bi].text(), 3))
                        .max()
                        .unwrap_or(0)
                })
                .sum();
            if own < 3 {
                profile[i] = 0;
            }
        }
        // Cheap signal first: a clear stop-word majority decides.
        // (The first two by count, then by code, both descending: the head
        // of that sort, found in one pass. The codes are distinct map keys.)
        let ahead = |a: (usize, usize), b: (usize, usize)| {
            b.0.cmp(&a.0).then(self.langs[b.1].cmp(&self.langs[a.1])) == std::cmp::Ordering::Less
        };
        let mut top: [Option<(usize, usize)>; 2] = [None, None];
        for e in profile.iter().copied().zip(0..) {
            match top {
                [Some(a), _] if !ahead(e, a) => {
                    if top[1].is_none_or(|b| ahead(e, b)) {
                        top[1] = Some(e);
                    }
                }
                _ => top = [Some(e), top[0]],
            }
        }
        if let [Some((best, bi)), Some((second, _))] = top {
            // Close relatives without a lingua model (Danish, Norwegian,
            // Swedish share most stop words) do not compete with each
            // other: a language without a model needs the margin over the
            // best modelled one.
            // (Their lists are shorter than the modelled languages', and
            // short everyday words — "for", "at", "i" — are shared with
            // English: a margin of 1.5 for them.)
            let (rival, margin) = if self.modelled[bi].is_none() {
                // The modelled rivals count only words that are not also
                // stop words of the leading language: Hungarian's "a" is
                // English's too, and is no evidence for English in a
                // Hungarian text.
                let mut own_free = vec![0usize; profile.len()];
                for &sb in &sampled {
                    let t = toks.block(self, sb, cx.doc.blocks[sb].text());
                    for &(_, _, mask) in t.words {
                        if mask & (1 << bi) == 0 {
                            add_mask(&mut own_free, mask);
                        }
                    }
                }
                let best_modelled = (0..own_free.len())
                    .filter(|&i| i != bi && self.modelled[i].is_some())
                    .map(|i| own_free[i])
                    .max()
                    .unwrap_or(0);
                (best_modelled, 1.5)
            } else {
                (second, 2.5)
            };
            // Fifteen stop words, or (a language that writes few separate
            // function words: Turkish, Finnish) eight that are a twenty-fifth
            // of the sample's words.
            let sample_words: usize = sampled
                .iter()
                .map(|&sb| toks.block(self, sb, cx.doc.blocks[sb].text()).words.len())
                .sum();
            let majority = best >= 15 || best >= 8 && best * 25 >= sample_words;
            if majority && best as f64 >= margin * rival as f64 {
                // A clear majority decides, also for a language without a
                // lingua model (lingua would only name the nearest modelled
                // one): its sentences are then judged by stop words, with
                // lingua's word taken only where they agree.
                return Some((
                    match self.modelled[bi] {
                        Some(l) => self.doc_lang(l),
                        None => DocLang {
                            lingua: None,
                            name: language_name(&self.langs[bi]),
                            script: self.scripts[bi],
                            index: Some(bi),
                        },
                    },
                    false,
                ));
            }
            // The stop words lean to a language lingua does not know: lingua
            // would only name the nearest modelled one.
            if best >= 3 && best > second && self.modelled[bi].is_none() {
                return None;
            }
            // Too few stop words for a verdict (a brief, a caption), but
            // they lean to one modelled language: take it provisionally.
            // lingua over the sample costs ~3 µs a character, and is needed
            // only when a sentence turns out to be in doubt against it
            // ([`Screen::Confirm`]); with none in doubt, no language lingua
            // could name would let a sentence be flagged either, since a
            // verdict against the stop words' clear lean finds nothing the
            // stop words would not (see `check`).
            if provisional && best >= 2 && best >= 2 * second {
                if let Some(l) = self.modelled[bi] {
                    return Some((self.doc_lang(l), true));
                }
            }
        }
        let words: usize = sampled
            .iter()
            .map(|&bi| toks.block(self, bi, cx.doc.blocks[bi].text()).words.len())
            .sum();
        let mut sample = String::with_capacity(len);
        for bi in sampled {
            sample.push_str(cx.doc.blocks[bi].text());
            sample.push('\n');
        }
        let cut = crate::span::floor_char_boundary(&sample, 1024);
        let doc = detector()
            .detect_language_of(&sample[..cut])
            .map(|l| self.doc_lang(l))?;
        // lingua names the nearest language it has a model of, whatever the
        // text: prose in a language it has no model of (Hungarian, Estonian,
        // Icelandic…) comes back as German or Spanish. Real prose in a
        // language has a fair share of its function words; when the named
        // language's stop words are rare in the sample, the document is in
        // a language this screen cannot model, and none of its sentences
        // can be told "foreign" against it.
        if let Some(i) = doc.index {
            if (profile[i] as f64) < MIN_OWN_SHARE * words as f64 {
                return None;
            }
        }
        Some((doc, false))
    }

    /// Is the document Serbo-Croatian: Latin with the Croatian stop words
    /// leading, or Cyrillic with letters only South Slavic Cyrillic has
    /// ("ј", "љ", "ћ", "ќ"…) and not those only East Slavic and Bulgarian
    /// have ("ы", "э", "й", "щ", "і"…)? (lingua has no model of Serbian and
    /// calls such text Russian or Ukrainian.)
    fn serbo_croatian(&self, cx: &Cx, doc: &DocLang) -> bool {
        if let Some(i) = doc.index {
            if matches!(self.langs[i].as_str(), "hr" | "sr" | "bs") {
                return true;
            }
        }
        if doc.script != Script::Cyrillic {
            return false;
        }
        let (mut south, mut east, mut len) = (0usize, 0usize, 0usize);
        for (_, b) in cx.doc.body() {
            let (s, e) = south_east_letters(b.text());
            south += s;
            east += e;
            len += b.text().len();
            if len > 4096 {
                break;
            }
        }
        south >= 3 && east * 4 <= south
    }

    /// A sentence of Serbian in the other alphabet: Cyrillic with none of
    /// the letters of East Slavic or Bulgarian, or Latin with
    /// the Croatian (Serbo-Croatian) stop words leading.
    fn other_alphabet_serbian(&self, sent: &str) -> bool {
        match Script::dominant(sent) {
            // (Serbian and Macedonian write none of "ы", "э", "й", "щ",
            // "і"…, which nearly every Russian, Ukrainian or Bulgarian
            // sentence has.)
            Some((Script::Cyrillic, _)) => south_east_letters(sent).1 == 0,
            Some((Script::Latin, _)) => {
                let Some(hr) = self.langs.iter().position(|l| l == "hr") else {
                    return false;
                };
                let counts = self.profile(sent);
                let best = counts.iter().copied().max().unwrap_or(0);
                counts[hr] >= 2 && counts[hr] == best
            }
            _ => false,
        }
    }

    fn doc_lang(&self, l: Language) -> DocLang {
        let c = code(l);
        DocLang {
            lingua: Some(l),
            name: l.to_string(),
            script: script_of_code(&c),
            index: self.langs.iter().position(|x| *x == c),
        }
    }

    /// The language of a quotation in Latin letters, when it is not the
    /// document's: lingua's first pick, with `min_confidence`, a language
    /// with a model the site does not expect, and at least 3 of its stop
    /// words there and twice the document language's (French "on" and "a"
    /// are English stop words too). (Romance languages share many stop
    /// words: lingua tells them apart.)
    /// `counts` is the quotation's stop-word profile ([`Self::profile`]).
    fn quoted_language(&self, doc: &DocLang, quote: &str, counts: &[usize]) -> Option<Language> {
        let own = doc.index.map_or(0, |i| counts[i]);
        // Another Latin-script language with a model, the site does not
        // expect, with enough stop words there (cheap, before lingua).
        let candidate = |i: usize| {
            Some(i) != doc.index
                && counts[i] >= 3
                && counts[i] >= 2 * own
                && self.modelled[i].is_some_and(|l| Some(l) != doc.lingua)
                && self.scripts[i] == Script::Latin
                && !self.expected.contains(&self.langs[i])
                && !self.lacks_own(i, quote)
        };
        if !(0..counts.len()).any(candidate) {
            return None;
        }
        let values = detector().compute_language_confidence_values(quote);
        let (top, conf) = values.first()?;
        let i = self.modelled.iter().position(|m| *m == Some(*top))?;
        (candidate(i) && *conf >= self.min_confidence).then_some(*top)
    }

    /// Does `sentence` have more stop words of `l` than of the document's
    /// language (at least one)? The weak test for telegraphic text.
    /// And is every letter of it outside ASCII one that `l` writes?
    fn stopwords_lean(&self, doc: &DocLang, sentence: &str, l: Language) -> bool {
        let c = code(l);
        let Some(li) = self.langs.iter().position(|x| *x == c) else {
            return false;
        };
        let Some(own_letters) = self.letters.get(&c) else {
            return false;
        };
        let foreign = sentence
            .chars()
            .filter(|ch| !ch.is_ascii() && is_letter(*ch))
            .flat_map(char::to_lowercase)
            .any(|ch| !own_letters.contains(&ch));
        if foreign {
            return false;
        }
        let counts = self.profile(sentence);
        let own = doc.index.map_or(0, |i| counts[i]);
        counts[li] >= 1 && counts[li] > own
    }

    /// Do the stop words of `sentence` say it is in language `l` and not
    /// in the document's? At least 3 of `l`'s and four times as many as
    /// the document language's: the short lists of languages without a
    /// lingua model miss many of their function words (Romanian "de",
    /// "a"), which modelled languages' lists have, so a mere majority is
    /// not enough.
    fn stopwords_favour(&self, doc: &DocLang, sentence: &str, l: Language) -> bool {
        let c = code(l);
        let Some(li) = self.langs.iter().position(|x| *x == c) else {
            return false;
        };
        let counts = self.profile(sentence);
        let own = doc.index.map_or(0, |i| counts[i]);
        // One short word both languages list ("on": English "on", Finnish
        // "is") does not make an English sentence Finnish.
        counts[li] >= 3 && counts[li] >= 4 * own
    }
}

impl Check for LanguageCheck {
    /// lingua loads each language's models on the first text that needs
    /// them (~10 ms each): one Latin and one Cyrillic sentence load them all.
    fn warm_up(&self) {
        for sample in [
            "The council said the new bridge would open next spring.",
            "Совет заявил, что новый мост откроется весной.",
        ] {
            detector().compute_language_confidence_values(sample);
        }
    }

    fn apply_site(&mut self, site: &super::Site) {
        self.expected
            .extend(site.languages.iter().map(|l| l.to_lowercase()));
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let bytes = cx.doc.blocks.iter().map(|b| b.text().len()).sum();
        let mut cache = DocTokens::new(cx.doc.blocks.len(), bytes, self.langs.len());
        // A document in a script only its script tells (Arabic, Hebrew…)
        // first: a few English stop words in it would otherwise make it
        // English for the stop-word profile.
        let Some((doc, provisional)) = script_language(cx)
            .map(|d| self.with_own_stopwords(d))
            .or_else(|| serbian_cyrillic(cx))
            .map(|d| (d, false))
            .or_else(|| self.document_language(cx, &mut cache, true))
        else {
            return;
        };
        let first_hit = out.len();
        if self.screen(cx, &doc, provisional, &mut cache, out) == Screen::Confirm {
            out.truncate(first_hit);
            if let Some((doc, _)) = self.document_language(cx, &mut cache, false) {
                self.screen(cx, &doc, false, &mut cache, out);
            }
        }
    }
}

/// How [`LanguageCheck::screen`] ended.
#[derive(Debug, PartialEq, Eq)]
enum Screen {
    Done,
    /// A sentence is in doubt against a provisional document language:
    /// the language must be confirmed (lingua) and the screen redone.
    Confirm,
}

impl LanguageCheck {
    /// Screens every sentence of the document against its language `doc`,
    /// pushing a hit per run of foreign sentences. With a `provisional`
    /// language, stops at the first sentence that would go to lingua or be
    /// flagged ([`Screen::Confirm`]; its hits are then to be discarded).
    fn screen(
        &self,
        cx: &Cx,
        doc: &DocLang,
        provisional: bool,
        cache: &mut DocTokens,
        out: &mut Vec<Hit>,
    ) -> Screen {
        let doc_name = doc.name.as_str();
        let mut counts = Vec::new();
        let first_hit = out.len();
        let mut confirm = false;
        // Serbian is written in Cyrillic and in Latin letters alike: in a
        // Serbo-Croatian document, a passage in the other alphabet is the
        // same language, not an untranslated one.
        let digraphic = self.serbo_croatian(cx, doc);
        // Bytes of prose screened and flagged: when most of it is "foreign",
        // it is the document's own language, misjudged (see below).
        let (mut screened, mut flagged_bytes) = (0usize, 0usize);
        for (bi, b) in cx.blocks() {
            let text = b.text();
            let toks = cache.block(self, bi, text);
            if !b.is_heading_like() {
                screened += text.len();
            }
            // No other language reaches two stop words in the whole element,
            // no letter of another script and too few accented words for the
            // accented-share test below: no sentence of it can be in doubt
            // (and no unspaced run can be found).
            let block_from = out.len();
            if doc.script == Script::Latin
                && !toks.other_script
                && !toks.other_reaches(doc.index, 2)
                && (toks.accented < 3 || doc.lingua != Some(Language::English))
            {
                match self.bare_quotes(cx, bi, doc, provisional, block_from, out) {
                    Some(n) => flagged_bytes += n,
                    None => return Screen::Confirm,
                }
                continue;
            }
            let mut run: Option<(usize, usize, String)> = None;
            let mut flush = |run: &mut Option<(usize, usize, String)>, out: &mut Vec<Hit>| {
                if let Some((s, e, lang)) = run.take() {
                    flagged_bytes += e - s;
                    out.push(
                        Hit::new(b.src(s, e))
                            .var("lang", lang.clone())
                            .var("doc_lang", doc_name.to_string())
                            .var("text", short(&text[s..e], 50))
                            .label(format!("{lang}, not {doc_name}")),
                    );
                }
            };
            for r in &b.sentences {
                let sent = &text[r.clone()];
                let flagged = (|| {
                    if digraphic && self.other_alphabet_serbian(sent) {
                        return None;
                    }
                    // A close relative told by its own marks (Castilian in
                    // a Catalan article): stop words and lingua cannot.
                    if let Some(rel) = doc
                        .index
                        .and_then(|i| self.relatives[i].iter().find(|x| x.claims(sent)))
                    {
                        if word_count_upto(sent, self.min_words) < self.min_words
                            || sent.chars().count() < self.min_chars
                            || (self.unless_quoted
                                && matches!(
                                    sent.chars().next(),
                                    Some('"' | '“' | '«' | '„' | '\'')
                                ))
                        {
                            return None;
                        }
                        if provisional {
                            confirm = true;
                            return None;
                        }
                        return Some(rel.name.clone());
                    }
                    // English writes no diacritics: an English document's
                    // sentence in which many words carry them is in doubt
                    // even with few function words (a headline or subheading
                    // left in Polish or Czech is telegraphic). lingua decides,
                    // and its pick must have a stop word there (it names
                    // Turkish or Hungarian prose Spanish or German); a name
                    // or two with diacritics in an English sentence stays
                    // English for it.
                    let (doubt, accented) = match self.in_doubt(doc, text, r, &toks, &mut counts) {
                        Some(d) => (d, false),
                        // (A sentence's accented words are among its
                        // block's: fewer than 3 there, none of its
                        // sentences has 3.)
                        None if !toks.ascii
                            && toks.accented >= 3
                            && doc.lingua == Some(Language::English)
                            && accented_share(&toks, r, text) =>
                        {
                            (None, true)
                        }
                        None => return None,
                    };
                    // Long enough to judge: in scripts written without
                    // spaces, by letters (a name is two to four).
                    let long_enough = match doubt {
                        Some(sc) if sc.unspaced() => {
                            sent.chars().filter(|c| Script::of(*c) == Some(sc)).count()
                                >= (self.min_chars / 3).max(8)
                        }
                        _ => {
                            word_count_upto(sent, self.min_words) >= self.min_words
                                && sent.chars().count() >= self.min_chars
                        }
                    };
                    if !long_enough {
                        return None;
                    }
                    if self.unless_quoted
                        && matches!(sent.chars().next(), Some('"' | '“' | '«' | '„' | '\''))
                    {
                        return None;
                    }
                    if provisional {
                        confirm = true;
                        return None;
                    }
                    // The stop words point at a language lingua has no model
                    // for (Turkish, Albanian, Indonesian…): they decide alone,
                    // with a clear margin.
                    if let Some(lang) = self.unmodelled_language(doc, sent) {
                        return Some(lang);
                    }
                    let values = detector().compute_language_confidence_values(sent);
                    let other = |l: &Language| Some(*l) != doc.lingua;
                    match values.first() {
                        Some((l, _)) if other(l) && self.expected.contains(&code(*l)) => None,
                        // Without a model of the document language, lingua
                        // names the nearest modelled one for any sentence of
                        // it: the stop words must agree.
                        Some((l, conf))
                            if other(l)
                                && *conf >= self.min_confidence
                                && (doc.lingua.is_some()
                                    || doubt.is_some()
                                    || self.stopwords_favour(doc, sent, *l))
                                && (!accented || self.stopwords_lean(doc, sent, *l)) =>
                        {
                            Some(l.to_string())
                        }
                        // lingua does not know the language, but the script alone says it differs.
                        _ => doubt
                            .filter(|s| {
                                *s != values
                                    .first()
                                    .map_or(doc.script, |v| script_of_language(v.0))
                                    || values.is_empty()
                            })
                            .map(|s| format!("{}-script", s.name())),
                    }
                })();
                if confirm {
                    return Screen::Confirm;
                }
                match (flagged, &mut run) {
                    (Some(lang), Some((_, e, rl))) if *rl == lang => *e = r.end,
                    (Some(lang), _) => {
                        flush(&mut run, out);
                        run = Some((r.start, r.end, lang));
                    }
                    (None, _) => flush(&mut run, out),
                }
            }
            flush(&mut run, out);
            // A quotation in another script, left without a translation,
            // in a Latin-script article (a quote in Devanagari or Cyrillic
            // the reader of an English report cannot read). Whole sentences
            // in quotation marks are otherwise spared (`unless_quoted`).
            if toks.other_script && self.unless_quoted && doc.script == Script::Latin && !digraphic
            {
                let next = cx.doc.blocks.get(bi + 1).map(|n| n.text());
                let prev = bi
                    .checked_sub(1)
                    .and_then(|p| cx.doc.blocks.get(p))
                    .map(|p| p.text());
                for (s, e, sc) in foreign_quotes(text, self.min_words, (self.min_chars / 3).max(8))
                {
                    let span = b.src(s, e);
                    if out[block_from..].iter().any(|h| h.span.overlaps(span))
                        || self
                            .expected
                            .iter()
                            .any(|c| sc.codes().contains(&c.as_str()))
                        || translated_beside(
                            text,
                            s,
                            e,
                            !self.continues(&text[e..]),
                            next,
                            self.cues(),
                            |_| false,
                        )
                        || glossed_before(prev, &text[..s], &self.gloss_cues)
                        || cue_before(prev, &text[..s], &self.gloss_cues)
                    {
                        continue;
                    }
                    if provisional {
                        return Screen::Confirm;
                    }
                    let lang = format!("{}-script", sc.name());
                    flagged_bytes += e - s;
                    let label = format!("{lang} quotation, no translation");
                    out.push(script_hit(span, lang, doc_name, &text[s..e], label));
                }
            }
            // A quotation in another language written in Latin letters (a
            // Spanish or French quote) left without a translation in an
            // English article: its stop words and lingua agree on the
            // language. (English only: articles in other languages often
            // quote English untranslated on purpose.)
            // (In an article in another language, a quotation in a third
            // one — Dutch in an Indonesian report — but not in English,
            // which such articles quote on purpose, nor in a close
            // relative of the article's.)
            // (`quoted_language` needs 3 stop words of another language
            // in the quotation: the block must hold them.)
            if self.unless_quoted && toks.other_reaches(doc.index, 3) {
                let next = cx.doc.blocks.get(bi + 1).map(|n| n.text());
                let prev = bi
                    .checked_sub(1)
                    .and_then(|p| cx.doc.blocks.get(p))
                    .map(|p| p.text());
                for (s, e) in latin_quotes(text, self.quote_min_words) {
                    let span = b.src(s, e);
                    if out[block_from..].iter().any(|h| h.span.overlaps(span)) {
                        continue;
                    }
                    // (The block's words inside the quotation are its
                    // words: a quotation opens and closes on a mark, no
                    // word character.)
                    if !toks.counts_in(&(s..e), &mut counts) {
                        counts = self.profile(&text[s..e]);
                    }
                    let Some(lang) = self.quoted_language(doc, &text[s..e], &counts) else {
                        continue;
                    };
                    if doc.lingua != Some(Language::English)
                        && (lang == Language::English
                            || doc.index.is_some_and(|i| {
                                self.relatives[i].iter().any(|r| r.name == lang.to_string())
                            }))
                    {
                        continue;
                    }
                    // (The other half of a split quotation, "…," said a
                    // driver, "…", is in the same language: no gloss.)
                    let same = |q: &str| self.stopwords_lean(doc, q, lang);
                    let before = !self.continues(&text[e..]);
                    if translated_beside(text, s, e, before, next, self.cues(), same)
                        || glossed_before(prev, &text[..s], &self.gloss_cues)
                        || cue_before(prev, &text[..s], &self.gloss_cues)
                    {
                        continue;
                    }
                    if provisional {
                        return Screen::Confirm;
                    }
                    flagged_bytes += e - s;
                    let label = format!("{lang} quotation, no translation");
                    out.push(script_hit(
                        span,
                        lang.to_string(),
                        doc_name,
                        &text[s..e],
                        label,
                    ));
                }
            }
            match self.bare_quotes(cx, bi, doc, provisional, block_from, out) {
                Some(n) => flagged_bytes += n,
                None => return Screen::Confirm,
            }
            // A run of a script written without spaces inside a sentence of
            // the document's script (a Chinese or Thai sentence left between
            // English ones, which the sentence splitter does not separate).
            if toks.other_script {
                for (s, e, sc) in unspaced_runs(text, doc.script, (self.min_chars / 3).max(8)) {
                    let span = b.src(s, e);
                    if out[block_from..].iter().any(|h| h.span.overlaps(span))
                        || self
                            .expected
                            .iter()
                            .any(|c| sc.codes().contains(&c.as_str()))
                        || (self.unless_quoted && after_quote(text, s))
                    {
                        continue;
                    }
                    if provisional {
                        return Screen::Confirm;
                    }
                    let lang = format!("{}-script", sc.name());
                    flagged_bytes += e - s;
                    let label = format!("{lang}, not {doc_name}");
                    out.push(script_hit(span, lang, doc_name, &text[s..e], label));
                }
            }
        }
        // Most of the document "foreign": the foreign language is the
        // document's own, whatever it is (one the screen has no model or
        // stop words for, or a misdetected one), and its sentences are not
        // untranslated leftovers. (An untranslated leftover is by nature
        // the smaller part of an article.)
        if screened > 0 && flagged_bytes as f64 >= MAX_FOREIGN_SHARE * screened as f64 {
            out.truncate(first_hit);
        }
        Screen::Done
    }
}

impl LanguageCheck {
    /// Long quotations in block `bi` of an English document in a language
    /// the screen has no model or stop words for (see
    /// [`Params::bare_quote_min_words`]), left without a translation: a
    /// hit each (unless a hit of the block already covers it), and the
    /// bytes they cover. None when `provisional` and one is found (the
    /// document language must be confirmed first).
    fn bare_quotes(
        &self,
        cx: &Cx,
        bi: usize,
        doc: &DocLang,
        provisional: bool,
        block_from: usize,
        out: &mut Vec<Hit>,
    ) -> Option<usize> {
        if self.bare_quote_min_words == 0
            || !self.unless_quoted
            || doc.lingua != Some(Language::English)
        {
            return Some(0);
        }
        let b = &cx.doc.blocks[bi];
        let text = b.text();
        // (Cheap gate: a quotation mark.)
        if next_quote_mark(text, 0).is_none() {
            return Some(0);
        }
        // (Latin letters, and the modifier letters some Latin alphabets
        // write: the Hawaiian and Samoan ʻokina.)
        let latin = |c: char| {
            c.is_ascii()
                || ('\u{2b0}'..='\u{2ff}').contains(&c)
                || Script::of(c).is_none_or(|sc| sc == Script::Latin)
        };
        let quotes = quotations(text)
            .filter(|(_, _, inner)| {
                word_count_upto(inner, self.bare_quote_min_words) >= self.bare_quote_min_words
                    && inner.chars().all(latin)
            })
            .map(|(s, e, _)| (s, e));
        let mut flagged = 0;
        for (s, e) in quotes {
            if !self.bare_quote(&text[s..e], self.bare_quote_min_words) {
                continue;
            }
            let span = b.src(s, e);
            if out[block_from..].iter().any(|h| h.span.overlaps(span)) {
                continue;
            }
            let next = cx.doc.blocks.get(bi + 1).map(|n| n.text());
            let prev = bi
                .checked_sub(1)
                .and_then(|p| cx.doc.blocks.get(p))
                .map(|p| p.text());
            // (The other half of a split quotation is no gloss.)
            let same = |q: &str| self.bare_quote(q, 3);
            // ("…," she added: the quotations before it are earlier
            // speech, not its translation.)
            let before = !self.continues(&text[e..]);
            if translated_beside(text, s, e, before, next, self.cues(), same)
                || glossed_before(prev, &text[..s], &self.gloss_cues)
                || cue_before(prev, &text[..s], &self.gloss_cues)
            {
                continue;
            }
            // A language the site expects (lingua's pick, if it has one).
            if !self.expected.is_empty() {
                let values = detector().compute_language_confidence_values(&text[s..e]);
                if values.first().is_some_and(|(l, c)| {
                    *c >= self.min_confidence && self.expected.contains(&code(*l))
                }) {
                    continue;
                }
            }
            if provisional {
                return None;
            }
            flagged += e - s;
            let label = "quotation in another language, no translation".to_string();
            out.push(script_hit(
                span,
                "non-English".to_string(),
                &doc.name,
                &text[s..e],
                label,
            ));
        }
        Some(flagged)
    }

    /// The gloss cues of [`translated_beside`].
    fn cues(&self) -> GlossCues<'_> {
        GlossCues {
            gloss: &self.gloss_cues,
            translating: &self.translating_cues,
        }
    }

    /// Does the attribution right after a quotation (`after`, up to its
    /// sentence's end) say the speaker went on ("she added")?
    fn continues(&self, after: &str) -> bool {
        if self.continued_by.is_empty() {
            return false;
        }
        let clause = after
            .split(['.', '!', '?', '"', '“', '”'])
            .next()
            .unwrap_or("");
        clause
            .split(|c: char| !is_letter(c))
            .take(4)
            .any(|w| self.continued_by.iter().any(|c| c.eq_ignore_ascii_case(w)))
    }

    /// Is `quote` (marks included) in no English: `min_words` words or more,
    /// seven in ten lowercase (not a title or a list of names), a comma for
    /// four words at most (not a list), and no English function word (one
    /// that other languages also write, `shared_function_words`, at most
    /// once)?
    fn bare_quote(&self, quote: &str, min_words: usize) -> bool {
        let (mut n, mut lower, mut shared) = (0usize, 0usize, 0usize);
        let mut buf = String::new();
        for w in quote.split(|c: char| !(is_letter(c) || matches!(c, '\'' | '’' | '-'))) {
            let w = w.trim_matches(['\'', '’', '-']);
            if w.is_empty() {
                continue;
            }
            n += 1;
            if w.chars()
                .find(|c| c.is_lowercase() || c.is_uppercase())
                .is_some_and(char::is_lowercase)
            {
                lower += 1;
            }
            // (A typographic apostrophe is the typed one: "I’m" is "i'm".)
            // One English function word settles it: most English quotes
            // hold one among their first words.
            if w.len() <= 12 {
                buf.clear();
                buf.extend(w.chars().map(|c| if c == '’' { '\'' } else { c }));
                buf.make_ascii_lowercase();
                if self.english_function.contains(buf.as_str()) {
                    if !self.shared_function.contains(buf.as_str()) || shared > 0 {
                        return false;
                    }
                    shared += 1;
                }
            }
        }
        n >= min_words && lower * 10 >= n * 7 && quote.matches(',').count() * 4 <= n
    }
}

/// The texts of the document's first body blocks (headings aside), up to
/// the first to start past ~2 KB, each counted with `sep` more bytes (a
/// separator its caller puts between them).
fn body_sample<'a>(cx: &'a Cx, sep: usize) -> impl Iterator<Item = &'a str> + 'a {
    let mut len = 0;
    cx.doc
        .body()
        .filter(|(_, b)| !b.is_heading_like())
        .take_while(move |(_, b)| {
            let go = len <= 2048;
            len += b.text().len() + sep;
            go
        })
        .map(|(_, b)| b.text())
}

/// The document's language told by its script alone, when neither its stop
/// words nor lingua know it (Arabic, Hebrew, Thai, Hindi prose in this
/// build): at least `SCRIPT_ONLY_SHARE` of the first ~2 KB of body letters
/// in one script that is neither Latin nor Cyrillic (languages written in
/// those have stop words here, and Serbian writes both). Its sentences in
/// another script are then in doubt, and lingua names their language.
fn script_language(cx: &Cx) -> Option<DocLang> {
    // (Cheap test first: a document whose first body text is mostly ASCII
    // is not one; its bytes are checked before any character is, and
    // before the sample is copied.)
    let sampled = || body_sample(cx, 1);
    let (mut len, mut high) = (0, 0);
    for t in sampled() {
        len += t.len() + 1;
        high += count_high_bytes(t.as_bytes());
    }
    if high * 2 < len {
        return None;
    }
    let mut sample = String::with_capacity(len);
    for t in sampled() {
        sample.push_str(t);
        sample.push('\n');
    }
    let (script, share) = Script::dominant(&sample)?;
    if matches!(script, Script::Latin | Script::Cyrillic | Script::Other)
        || share < SCRIPT_ONLY_SHARE
    {
        return None;
    }
    Some(DocLang {
        lingua: None,
        name: format!("{} script", script.name()),
        script,
        index: None,
    })
}

/// How many of `bytes` are 0x80 or above: summed into one byte per run of
/// 64 (at most 64 of them each), a loop the compiler vectorizes.
fn count_high_bytes(bytes: &[u8]) -> usize {
    bytes
        .chunks(64)
        .map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + (b >> 7))))
        .sum()
}

/// A document in Serbian (or Macedonian) Cyrillic, told by the letters
/// only South Slavic Cyrillic writes ("ј", "љ", "ћ", "ќ"…) with hardly any
/// of those only East Slavic and Bulgarian write: lingua has no model of
/// it (it calls it Russian or Ukrainian), and its stop words are too
/// like Russian's and Bulgarian's to tell it.
fn serbian_cyrillic(cx: &Cx) -> Option<DocLang> {
    let sample = || body_sample(cx, 0);
    let (mut south, mut east) = (0usize, 0usize);
    for t in sample() {
        // (Cheap test first: the letters `south_east_letters` counts,
        // U+0400 to U+045F, all open with byte D0 or D1; a text with
        // neither adds nothing. A vectorized search, not a byte count.)
        if memchr::memchr2(0xD0, 0xD1, t.as_bytes()).is_some() {
            let (s, e) = south_east_letters(t);
            south += s;
            east += e;
        }
    }
    if south < 3 || east * 4 > south {
        return None;
    }
    let text: String = sample().collect::<Vec<_>>().join("\n");
    match Script::dominant(&text) {
        Some((Script::Cyrillic, share)) if share >= 0.5 => Some(DocLang {
            lingua: None,
            name: "Serbian or Macedonian".to_string(),
            script: Script::Cyrillic,
            index: None,
        }),
        _ => None,
    }
}

/// The letters of `text` only South Slavic Cyrillic writes (Serbian,
/// Macedonian), and those only East Slavic and Bulgarian write.
fn south_east_letters(text: &str) -> (usize, usize) {
    let (mut south, mut east) = (0, 0);
    for c in text.chars().filter(|c| ('\u{400}'..='\u{45F}').contains(c)) {
        match c {
            'ј' | 'љ' | 'њ' | 'ћ' | 'ђ' | 'џ' | 'ѓ' | 'ќ' | 'ѕ' | 'Ј' | 'Љ' | 'Њ' | 'Ћ' | 'Ђ'
            | 'Џ' | 'Ѓ' | 'Ќ' | 'Ѕ' => south += 1,
            'ы' | 'э' | 'ъ' | 'ё' | 'щ' | 'й' | 'є' | 'ї' | 'і' | 'Ы' | 'Э' | 'Ъ' | 'Ё' | 'Щ'
            | 'Й' | 'Є' | 'Ї' | 'І' => east += 1,
            _ => {}
        }
    }
    (south, east)
}

/// The least share of a document's letters in one script for that script
/// alone to stand for its language ([`script_language`]).
const SCRIPT_ONLY_SHARE: f64 = 0.7;

/// The share of the screened prose (bytes) that flagged passages may reach
/// before they are taken for the document's own language.
const MAX_FOREIGN_SHARE: f64 = 0.5;

/// The least share of the sample's words that the document language's own
/// stop words must cover for lingua's pick to be believed (real prose:
/// 15–35 %; prose of a language without a model: a few per cent).
const MIN_OWN_SHARE: f64 = 0.06;

/// Runs of letters of a script written without spaces (Han, Thai), other
/// than `doc_script`, with at least `min_letters` letters: (start, end,
/// script). Digits, spaces and punctuation inside a run belong to it;
/// a letter of another script ends it.
fn unspaced_runs(
    text: &str,
    doc_script: Script,
    min_letters: usize,
) -> Vec<(usize, usize, Script)> {
    let mut runs = Vec::new();
    // (start, end of last letter, script, letters)
    let mut cur: Option<(usize, usize, Script, usize)> = None;
    for (i, c) in text.char_indices() {
        let Some(sc) = Script::of(c) else {
            continue;
        };
        match &mut cur {
            Some((_, end, rs, n)) if *rs == sc => {
                *end = i + c.len_utf8();
                *n += 1;
            }
            _ => {
                if let Some((s, e, rs, n)) = cur.take() {
                    if n >= min_letters {
                        runs.push((s, e, rs));
                    }
                }
                if sc.unspaced() && sc != doc_script {
                    cur = Some((i, i + c.len_utf8(), sc, 1));
                }
            }
        }
    }
    if let Some((s, e, rs, n)) = cur {
        if n >= min_letters {
            runs.push((s, e, rs));
        }
    }
    // Take in the closing punctuation of the script (`。`, `」`).
    runs.into_iter()
        .map(|(s, e, sc)| {
            let tail = text[e..]
                .char_indices()
                .take_while(|(_, c)| {
                    matches!(c, '。' | '！' | '？' | '」' | '』' | '）' | '、' | '，')
                })
                .last()
                .map_or(0, |(j, c)| j + c.len_utf8());
            (s, e + tail, sc)
        })
        .collect()
}

/// Where the first quotation mark [`quotations`] opens on (`"`, `“`, `„`,
/// `«`) is in `text` from byte `from` on. A byte scan: the marks' UTF-8
/// forms (22, E2 80 9C, E2 80 9E, C2 AB) occur nowhere else in UTF-8 text,
/// and a search for a set of characters decodes every one.
fn next_quote_mark(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, b.get(from..)?)
        .map(|i| from + i)
        .find(|&i| match b[i] {
            b'"' => true,
            0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x9C | 0x9E)),
            _ => b.get(i + 1) == Some(&0xAB),
        })
}

/// `text.find(close)` for closing marks of [`quotations`] (`"`, `”`, `“`,
/// `»`) by a byte scan: each of them starts with byte 22, E2 or C2, which
/// in UTF-8 text only ever start a character, so the first of those
/// positions whose character is in `close` is the first match.
fn find_close(text: &str, close: &[char]) -> Option<usize> {
    debug_assert!(close.iter().all(|c| matches!(c, '"' | '”' | '“' | '»')));
    memchr::memchr3_iter(b'"', 0xE2, 0xC2, text.as_bytes()).find(|&i| text[i..].starts_with(close))
}

/// The quotations of `text` between double quotation marks or guillemets
/// („…“, “…”, «…», "…", and the mixed closings typed text has): the span
/// with its marks, and the text inside.
fn quotations(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut i = 0;
    std::iter::from_fn(move || {
        let s = next_quote_mark(text, i)?;
        let open = text[s..].chars().next().unwrap_or('"');
        let body = s + open.len_utf8();
        let close: &[char] = match open {
            '«' => &['»'],
            '“' => &['”', '"'],
            '„' => &['“', '”', '"'],
            _ => &['"', '”'],
        };
        let len = find_close(&text[body..], close)?;
        let end = body + len + text[body + len..].chars().next().map_or(0, char::len_utf8);
        i = end;
        Some((s, end, &text[body..body + len]))
    })
}

/// Quotations (between double quotation marks or guillemets) written in
/// a script other than Latin: at least nine letters in ten of one such
/// script, and `min_words` words (`min_letters` letters in a script
/// written without spaces). Their spans, quotation marks included.
fn foreign_quotes(text: &str, min_words: usize, min_letters: usize) -> Vec<(usize, usize, Script)> {
    let mut found = Vec::new();
    for (s, end, inner) in quotations(text) {
        if inner.is_ascii() {
            continue;
        }
        let Some((sc, share)) = Script::dominant(inner) else {
            continue;
        };
        if sc == Script::Latin || sc == Script::Other || share < 0.9 {
            continue;
        }
        let long = if sc.unspaced() {
            inner.chars().filter(|c| Script::of(*c) == Some(sc)).count() >= min_letters
        } else {
            word_count_upto(inner, min_words) >= min_words
        };
        if long {
            found.push((s, end, sc));
        }
    }
    found
}

/// Quotations in double quotation marks or guillemets (marks included)
/// of at least `min_words` words, in Latin letters (no letter of another
/// script), in a block's `text`.
fn latin_quotes(text: &str, min_words: usize) -> Vec<(usize, usize)> {
    quotations(text)
        .filter(|(_, _, inner)| {
            word_count_upto(inner, min_words) >= min_words
                && !inner
                    .chars()
                    .any(|c| Script::of(c).is_some_and(|sc| sc != Script::Latin))
        })
        .map(|(s, end, _)| (s, end))
        .collect()
}

/// The cue words of a gloss: `gloss` in the quotation's paragraph,
/// `translating` in a paragraph of its own after it.
#[derive(Clone, Copy)]
struct GlossCues<'a> {
    gloss: &'a [String],
    translating: &'a [String],
}

/// Is a quotation at `s..e` of a block's `text` given a translation: a
/// quotation or parenthesis of three Latin-script words or more elsewhere
/// in the block (before it only if `before`) or opening the `next` block, or a word saying so
/// ("translates", "meaning", "roughly", "said in …": the language named)?
///
/// `same` says a quoted text is in the quotation's own language (the other
/// half of a split quotation), which translates nothing.
fn translated_beside(
    text: &str,
    s: usize,
    e: usize,
    before: bool,
    next: Option<&str>,
    cues: GlossCues,
    same: impl Fn(&str) -> bool,
) -> bool {
    let latin_words = |t: &str| {
        t.split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .count()
    };
    // A translation is not much shorter than what it translates: a few
    // words quoted after a long quotation ("because I have no choice") are
    // a fragment of other speech, not its gloss. (A third of the
    // quotation's words, from three to six — a paraphrase of six words
    // glosses a long quotation; scripts without spaces count few.)
    let min_gloss = text[s..e]
        .split_whitespace()
        .count()
        .div_ceil(3)
        .clamp(3, 6);
    // Quoted or parenthesized Latin text in `t`.
    let glossed = |t: &str| {
        let mut rest = t;
        while let Some(k) = rest.find(['"', '“', '«', '„', '(', '‘']) {
            let o = rest[k..].chars().next().unwrap_or('"');
            let after = &rest[k + o.len_utf8()..];
            let close: &[char] = match o {
                '(' => &[')'],
                '«' => &['»'],
                '‘' => &['’'],
                _ => &['"', '”', '“'],
            };
            // (An opener left unclosed — "‘90s", a stray parenthesis —
            // hides no later gloss.)
            let Some(n) = after.find(close) else {
                rest = after;
                continue;
            };
            if latin_words(&after[..n]) >= min_gloss && !same(&after[..n]) {
                return true;
            }
            rest = &after[n..];
            rest = &rest[rest.chars().next().map_or(0, char::len_utf8)..];
        }
        false
    };
    // A gloss after a dash or colon right behind the quotation ("…" —
    // freedom for prisoners now).
    // (Or behind a short attribution: "…," she said — we work till dark.)
    let after = text[e..].trim_start_matches([' ', ',']);
    let attributed = || {
        let clause = after
            .split(['.', '!', '?', '\n', '"', '“', '”'])
            .next()
            .unwrap_or("");
        let k = clause.find(['—', '–'])?;
        (clause[..k].split_whitespace().count() <= 4).then(|| &after[k..])
    };
    if let Some(g) = after
        .strip_prefix(['—', '–', '-', ':'])
        .or_else(|| attributed().and_then(|a| a.strip_prefix(['—', '–'])))
    {
        let g = g.split(['.', '!', '?', '\n']).next().unwrap_or("");
        if latin_words(g) >= min_gloss {
            return true;
        }
    }
    has_cue(text, cues.gloss)
        || (before && glossed(&text[..s]))
        || glossed(&text[e..])
        || next.is_some_and(|n| {
            // (Or a paragraph saying it translates: "In English it is
            // rendered as \"…\"".)
            (n.trim_start().starts_with(['"', '“', '(', '«', '‘']) || has_cue(n, cues.translating))
                && glossed(n)
        })
}

/// Is a quotation opening its block (`before` is the block's text before
/// it) announced by a gloss ending the `prev` block with a colon: a
/// quotation or parenthesis of three Latin-script words or more, or a word
/// saying so ("translated", "means", "in English"), in that block's last
/// sentence ("In English the sign says \"…\":" above the sign's words)?
fn glossed_before(prev: Option<&str>, before: &str, cues: &[String]) -> bool {
    let Some(prev) = prev else { return false };
    if before.chars().any(char::is_alphanumeric) {
        return false;
    }
    let p = prev.trim_end();
    let Some(body) = p.strip_suffix([':', '：']) else {
        return false;
    };
    // The last sentence (a stop inside the gloss's quotation ends nothing).
    let last = body
        .rfind(['.', '!', '?'])
        .filter(|&i| !super::inside_quotes(body, i))
        .map_or(body, |i| &body[i + 1..]);
    let latin_words = |t: &str| {
        t.split_whitespace()
            .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
            .count()
    };
    let quoted = last
        .split(['"', '“', '”', '«', '»', '(', ')'])
        .skip(1)
        .step_by(2)
        .any(|q| latin_words(q) >= 3);
    quoted || has_cue(last, cues)
}

/// Is a quotation in the first sentence of its block (`before` is the
/// block's text before it) glossed in the sentence before, the last of
/// the `prev` block: one of `cues` there ("known in English as …", then
/// the title in its own script)?
fn cue_before(prev: Option<&str>, before: &str, cues: &[String]) -> bool {
    let Some(prev) = prev else { return false };
    if before.contains(['.', '!', '?']) {
        return false;
    }
    let p = prev
        .trim_end()
        .trim_end_matches(['.', '!', '?', ':', '"', '”', '»']);
    let last = p.rfind(['.', '!', '?']).map_or(p, |i| &p[i + 1..]);
    has_cue(last, cues)
}

/// Does `text` hold one of `cues` (lowercase) at a word's start?
fn has_cue(text: &str, cues: &[String]) -> bool {
    let lower = text.to_lowercase();
    cues.iter().any(|c| {
        lower.match_indices(c.as_str()).any(|(i, _)| {
            !lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
    })
}

/// Does a quotation mark open just before `at` (spaces skipped)?
fn after_quote(text: &str, at: usize) -> bool {
    matches!(
        text[..at].trim_end().chars().next_back(),
        Some('"' | '“' | '«' | '„' | '\'' | '‘' | '「' | '『')
    )
}

/// The document language as the sentence screen needs it.
struct DocLang {
    /// lingua's language, when it has a model of it (otherwise the
    /// document language was told by its stop words alone).
    lingua: Option<Language>,
    /// Its English name, for messages.
    name: String,
    script: Script,
    /// Its index in `langs`, if it has stop words.
    index: Option<usize>,
}

/// The words of a text as the stop-word profile splits them (at characters
/// that are neither letters nor apostrophes, typewriter or typographic),
/// with their byte offsets. ("Nation’s" is one word: split at the `’`, its
/// "s" would count as the Czech, Slovak and Polish preposition.)
fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

/// The iterator of [`words`]: runs of letters and apostrophes (`'`, `’`),
/// with their offsets. ASCII bytes are told by a byte test; only other
/// characters are decoded.
struct Words<'a> {
    text: &'a str,
    at: usize,
}

impl Words<'_> {
    /// Is the character at byte `i` (not ASCII) part of a word, and how
    /// long is it?
    #[inline]
    fn wide_char(&self, i: usize) -> (bool, usize) {
        let bytes = self.text.as_bytes();
        // (General Punctuation up to U+203F — curly quotes, dashes, the
        // no-break and zero-width spaces, E2 80 xx — holds no letter: of
        // it only the typographic apostrophe U+2019, E2 80 99, is a word
        // character.)
        if bytes[i] == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
            return (bytes.get(i + 2) == Some(&0x99), 3);
        }
        self.wide_char_slow(i)
    }

    #[cold]
    fn wide_char_slow(&self, i: usize) -> (bool, usize) {
        match self.text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) => (is_letter(c) || c == '’', c.len_utf8()),
            None => (false, 1),
        }
    }

    /// The next word as its byte range, and whether it is all ASCII.
    #[inline(always)]
    fn next_span(&mut self) -> Option<(usize, usize, bool)> {
        let bytes = self.text.as_bytes();
        let n = bytes.len();
        let mut i = self.at;
        // Skip to the first word character.
        loop {
            if i >= n {
                self.at = n;
                return None;
            }
            match BYTE_CLASS[bytes[i] as usize] {
                WORD_BYTE => break,
                OTHER_BYTE => i += 1,
                _ => {
                    let (word, len) = self.wide_char(i);
                    if word {
                        break;
                    }
                    i += len;
                }
            }
        }
        let start = i;
        let mut ascii = true;
        // (Eight bytes at a time while all are ASCII word bytes; the byte
        // loop below goes on from the first that is not one.)
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut v = [0u8; 8];
            v.copy_from_slice(chunk);
            let stop = non_word_lanes(u64::from_le_bytes(v));
            if stop != 0 {
                i += (stop.trailing_zeros() / 8) as usize;
                // (An ASCII byte that stops the word is no word byte: the
                // word ends there, and the next scan starts past it.)
                if bytes[i] < 0x80 {
                    self.at = i + 1;
                    return Some((start, i, true));
                }
                break;
            }
            i += 8;
        }
        while i < n {
            match BYTE_CLASS[bytes[i] as usize] {
                WORD_BYTE => i += 1,
                OTHER_BYTE => break,
                _ => {
                    let (word, len) = self.wide_char(i);
                    if !word {
                        break;
                    }
                    ascii = false;
                    i += len;
                }
            }
        }
        self.at = i;
        Some((start, i, ascii))
    }
}

/// [`BYTE_CLASS`] of an ASCII word byte (a letter or the apostrophe).
const WORD_BYTE: u8 = 1;
/// [`BYTE_CLASS`] of any other ASCII byte.
const OTHER_BYTE: u8 = 0;
/// [`BYTE_CLASS`] of a byte of a character outside ASCII (decoded).
const WIDE_BYTE: u8 = 2;

/// The class of each byte for the word scan: one table load a byte
/// instead of three comparisons.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [OTHER_BYTE; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = if b >= 0x80 {
            WIDE_BYTE
        } else if ascii_word_byte(b as u8) {
            WORD_BYTE
        } else {
            OTHER_BYTE
        };
        b += 1;
    }
    t
};

/// Is the word at byte `at` of `text` (a word of [`words`]) the English
/// pronoun "I", not the conjunction "i" of Polish, Czech, Slovak, Slovene
/// or Croatian: a capital I after a lowercase ASCII letter, a digit or a
/// comma (spaces between)? Those languages write their conjunction in
/// lowercase inside a sentence, where a capital I is English's pronoun or
/// a Roman numeral ("Karol I"); at a sentence's start, or after a word
/// in capitals ("PREZYDENT I PREMIER"), it may be the conjunction. (English
/// quotations say "I" often: counted as Polish, two of them put an English
/// sentence in doubt, and lingua was asked about it.)
fn english_i(text: &[u8], at: usize) -> bool {
    if text.get(at) != Some(&b'I') {
        return false;
    }
    let before = text[..at].iter().rev().find(|&&b| b != b' ' && b != b'\t');
    matches!(before, Some(b'a'..=b'z' | b'0'..=b'9' | b','))
}

/// Does the word at `start..end` of `text` (a word of [`words`]), a
/// short stop word of some language, count for none here? A capital
/// letter with a full stop is an initial or an abbreviation ("K. Lowe",
/// "U.S."), not Czech's prepositions "k" and "s", which are never written
/// so; and English uses some of those words itself: the pronoun "I"
/// ([`english_i`]), the auxiliary "do" ([`english_do`]) and "versus"
/// ([`english_v`]).
#[inline]
fn exempt_short(text: &[u8], start: usize, end: usize) -> bool {
    match &text[start..end] {
        [c] if c.is_ascii_uppercase() && text.get(end) == Some(&b'.') => true,
        b"I" => english_i(text, start),
        b"v" => english_v(text, start),
        b"do" | b"Do" => english_do(text, end),
        _ => false,
    }
}

/// Is the word "do" ending at byte `end` of `text` English's auxiliary:
/// followed (spaces between) by a subject pronoun, "do you", "Do they"?
/// Polish, Czech and Slovak write "do" as a preposition and Portuguese as
/// "of the", before a noun, never before these words. (English questions
/// in an interview, "What do you want visitors to take away?", had
/// Polish's "do" and "to" and went to lingua; "I" is left out: "do I
/// Congresso" is Portuguese.)
#[inline(never)]
fn english_do(text: &[u8], end: usize) -> bool {
    let rest = &text[end.min(text.len())..];
    let from = rest.iter().position(|&b| b != b' ' && b != b'\t');
    let Some(from) = from.filter(|&f| f > 0) else {
        return false;
    };
    let next = &rest[from..];
    // (The pronoun is a whole word: what follows is no letter, in ASCII or
    // out of it, nor an apostrophe.)
    let len = next
        .iter()
        .position(|&b| !ascii_word_byte(b))
        .unwrap_or(next.len());
    next.get(len).is_none_or(u8::is_ascii)
        && matches!(
            &next[..len],
            b"you" | b"we" | b"they" | b"he" | b"she" | b"it"
        )
}

/// Is the word "v" at byte `at` of `text` English's "versus" between two
/// names, "Leinster v Munster", "Port FC v Brisbane United": a lowercase
/// "v" after a word that opens with a capital and before one (spaces
/// between)? Czech, Slovak and Slovene write "v" ("in") before a place,
/// but after a verb or a noun in lowercase ("žije v Praze"); a fixture
/// list ("A v B; C v D; E v F") had three of them and went to lingua.
#[inline(never)]
fn english_v(text: &[u8], at: usize) -> bool {
    if text.get(at) != Some(&b'v') {
        return false;
    }
    let after = &text[(at + 1).min(text.len())..];
    let next = after.iter().position(|&b| b != b' ');
    if !next.is_some_and(|n| n > 0 && after[n].is_ascii_uppercase()) {
        return false;
    }
    let before = &text[..at];
    let Some(end) = before.iter().rposition(|&b| b != b' ') else {
        return false;
    };
    let start = before[..=end]
        .iter()
        .rposition(|b| !b.is_ascii_alphanumeric())
        .map_or(0, |p| p + 1);
    end + 1 < at && start <= end && before[start].is_ascii_uppercase()
}

/// ASCII word bytes: letters and the apostrophe.
const fn ascii_word_byte(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'\''
}

/// Each byte of `v` (little-endian) that is not an ASCII word byte (see
/// [`ascii_word_byte`]; a byte outside ASCII is none) as its bit 0x80, all
/// eight at once. Each lane's subtraction starts from a byte of 0x80 or
/// more and takes less than 0x80, and the zero test adds 0x7F to 0x7F at
/// most: no lane borrows from or carries into the next.
#[inline(always)]
fn non_word_lanes(v: u64) -> u64 {
    const fn lanes(b: u8) -> u64 {
        0x0101_0101_0101_0101 * b as u64
    }
    const HI: u64 = lanes(0x80);
    const LO: u64 = lanes(0x7F);
    // A letter: its byte with bit 0x20 set is from `a` (0x61) to `z`
    // (0x7A). With bit 0x80 set too, a lane minus `c` (below 0x80) keeps
    // bit 0x80 exactly when its low seven bits are `c` or more.
    let x = v | lanes(0x20) | HI;
    let letter = (x - lanes(0x61)) & !(x - lanes(0x7B)) & HI;
    // The apostrophe: the byte equal to 0x27.
    let e = v ^ lanes(b'\'');
    let apostrophe = !(((e & LO) + LO) | e) & HI;
    (!(letter | apostrophe) & HI) | (v & HI)
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let (start, end, _) = self.next_span()?;
        Some((start, &self.text[start..end]))
    }
}

/// Do at least three words of the sentence `r`, and a quarter of them, carry
/// a letter outside ASCII?
fn accented_share(toks: &Tokens, r: &std::ops::Range<usize>, text: &str) -> bool {
    let first = toks.words.partition_point(|w| w.1 <= r.start);
    let (mut words, mut accented) = (0usize, 0usize);
    for &(s, e, _) in &toks.words[first..] {
        if s >= r.end {
            break;
        }
        words += 1;
        accented += usize::from(is_accented(&text[s..e]));
    }
    accented >= 3 && 4 * accented >= words
}

/// Does a word carry a letter outside ASCII (the typographic apostrophe
/// is none)?
fn is_accented(w: &str) -> bool {
    !w.is_ascii() && w.chars().any(|c| !c.is_ascii() && c != '’')
}

/// Has the text a letter of a script other than Latin? (The plain test
/// [`ByteBits::scan`] answers as.) Only characters
/// from U+0240 up are decoded: every byte below 0xC9 is ASCII, a
/// continuation byte or the lead byte of a character below U+0240, none of
/// which is a letter of another script.
#[cfg(test)]
fn has_other_script(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // (Sixteen bytes at a time while all are below 0xC9: their
        // maximum, a few vector instructions.)
        if let Some(chunk) = bytes.get(i..i + 16) {
            if chunk.iter().fold(0u8, |m, &b| m.max(b)) < 0xC9 {
                i += 16;
                continue;
            }
        }
        if bytes[i] < 0xC9 {
            i += 1;
            continue;
        }
        // A byte from 0xC9 up starts a character.
        let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
            return false;
        };
        if Script::of(c).is_some_and(|s| s != Script::Latin) {
            return true;
        }
        i += c.len_utf8();
    }
    false
}

/// A block's bytes as bit sets, 64 bytes to a `u64` (bit `i % 64` of entry
/// `i / 64` for byte `i`): the bytes of its words as [`words`] splits them,
/// and its bytes outside ASCII. Its words are then the runs of set bits,
/// found a word at a time by two bit scans instead of a test per byte.
#[derive(Default)]
struct ByteBits {
    word: Vec<u64>,
    high: Vec<u64>,
}

impl ByteBits {
    /// Classifies `text`: ASCII bytes by [`classify64`]'s byte test, 64 at a time;
    /// each character outside ASCII decoded once (as [`Words::wide_char`]
    /// does), its bytes marked when it is a word character. Says whether
    /// `text` is all ASCII and whether it has a letter of a script other
    /// than Latin (as `is_ascii` and `has_other_script` would).
    fn scan(&mut self, text: &str) -> (bool, bool) {
        let bytes = text.as_bytes();
        self.word.clear();
        self.high.clear();
        let mut any_high = 0u64;
        let mut chunks = bytes.chunks_exact(64);
        for c in &mut chunks {
            let Ok(a) = <&[u8; 64]>::try_from(c) else {
                continue;
            };
            let (w, h) = classify64(a);
            self.word.push(w);
            self.high.push(h);
            any_high |= h;
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            // (Padded with zero bytes: neither word nor high bytes.)
            let mut a = [0u8; 64];
            a[..rest.len()].copy_from_slice(rest);
            let (w, h) = classify64(&a);
            self.word.push(w);
            self.high.push(h);
            any_high |= h;
        }
        if any_high == 0 {
            return (true, false);
        }
        let mut other_script = false;
        for ci in 0..self.high.len() {
            let mut m = self.high[ci];
            while m != 0 {
                let i = ci * 64 + m.trailing_zeros() as usize;
                m &= m - 1;
                // (Continuation bytes belong to the character before.)
                if bytes[i] < 0xC0 {
                    continue;
                }
                let (word, len) = if bytes[i] == 0xE2 && bytes.get(i + 1) == Some(&0x80) {
                    // (General Punctuation up to U+203F: no letter, no
                    // other script; of it only the typographic apostrophe
                    // U+2019 is a word character. See `wide_char`.)
                    (bytes.get(i + 2) == Some(&0x99), 3)
                } else {
                    let Some(c) = text.get(i..).and_then(|t| t.chars().next()) else {
                        continue;
                    };
                    // (Below U+0240 a letter is a Latin one.)
                    if c as u32 >= 0x240 && Script::of(c).is_some_and(|s| s != Script::Latin) {
                        other_script = true;
                    }
                    (is_letter(c) || c == '’', c.len_utf8())
                };
                if word {
                    for j in i..(i + len).min(bytes.len()) {
                        self.word[j / 64] |= 1 << (j % 64);
                    }
                }
            }
        }
        (false, other_script)
    }

    /// The first word starting at byte `from` or after (`from` at no word
    /// byte but a block's start or a word's end), as [`Words::next_span`]
    /// gives it: start, end, and whether it is all ASCII (always, when
    /// the whole block is: `ascii`).
    #[inline]
    fn next_word(&self, from: usize, ascii: bool) -> Option<(usize, usize, bool)> {
        let mut ci = from / 64;
        let mut m = *self.word.get(ci)? & (u64::MAX << (from % 64));
        while m == 0 {
            ci += 1;
            m = *self.word.get(ci)?;
        }
        let start = ci * 64 + m.trailing_zeros() as usize;
        let mut z = !m & (u64::MAX << (start % 64));
        while z == 0 {
            ci += 1;
            // (A word running to the end of the last entry ends there: the
            // text fills it.)
            z = self.word.get(ci).map_or(1, |w| !w);
        }
        let end = ci * 64 + z.trailing_zeros() as usize;
        Some((start, end, ascii || !self.any_high(start, end)))
    }

    /// Is any byte of `start..end` (not empty) outside ASCII?
    fn any_high(&self, start: usize, end: usize) -> bool {
        let (a, b) = (start / 64, (end - 1) / 64);
        if a == b {
            let len = end - start;
            let m = if len == 64 { u64::MAX } else { (1 << len) - 1 };
            return (self.high[a] >> (start % 64)) & m != 0;
        }
        (start..end).any(|i| self.high[i / 64] >> (i % 64) & 1 != 0)
    }
}

/// The ASCII word bytes (see [`ascii_word_byte`]; no byte outside ASCII
/// is one) and the bytes outside ASCII of 64 bytes, as bit sets. (The
/// byte test over a fixed array the compiler runs 16 bytes at a time;
/// the flags then gathered 8 at a time by [`lane_bits`].)
#[inline]
fn classify64(c: &[u8; 64]) -> (u64, u64) {
    let mut f = [0u8; 64];
    for (d, &b) in f.iter_mut().zip(c) {
        *d = if (b | 0x20).wrapping_sub(b'a') < 26 || b == b'\'' {
            0x80
        } else {
            0
        };
    }
    let (mut w, mut h) = (0u64, 0u64);
    for j in 0..8 {
        let mut a = [0u8; 8];
        a.copy_from_slice(&f[8 * j..8 * j + 8]);
        w |= lane_bits(u64::from_le_bytes(a)) << (8 * j);
        a.copy_from_slice(&c[8 * j..8 * j + 8]);
        h |= lane_bits(u64::from_le_bytes(a) & 0x8080_8080_8080_8080) << (8 * j);
    }
    (w, h)
}

/// The lanes of `v` with bit 0x80 set (and no other bit) as 8 bits, lane 0
/// lowest: the flags moved to bits 0, 8, … 56 and gathered into the top
/// byte by one multiply (each flag lands on its own bit, no two partial
/// products overlap, so nothing carries).
#[inline(always)]
fn lane_bits(v: u64) -> u64 {
    debug_assert_eq!(v & !0x8080_8080_8080_8080, 0);
    ((v >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

fn add_mask(counts: &mut [usize], mut mask: u64) {
    while mask != 0 {
        let i = mask.trailing_zeros() as usize;
        if let Some(c) = counts.get_mut(i) {
            *c += 1;
        }
        mask &= mask - 1;
    }
}

/// A finding on a passage in another script: `lang` ("Cyrillic-script"),
/// the document's language, the passage shortened, and the label.
fn script_hit(
    span: crate::span::Span,
    lang: String,
    doc_name: &str,
    passage: &str,
    label: String,
) -> Hit {
    Hit::new(span)
        .var("lang", lang)
        .var("doc_lang", doc_name.to_string())
        .var("text", short(passage, 50))
        .label(label)
}

/// The words and stop-word masks of a document's blocks, each block
/// tokenized at most once (for the document-language profile and for the
/// sentence screen alike), stored flat.
struct DocTokens {
    /// (start, end, mask) of every word of the blocks done so far.
    words: Vec<(usize, usize, u64)>,
    /// Per done block, stop-word hits per language (`langs` entries each).
    totals: Vec<usize>,
    /// Per block, once tokenized.
    done: Vec<Option<BlockToks>>,
    langs: usize,
    buf: String,
    /// The block being tokenized, as bit sets ([`ByteBits`]; reused).
    bits: ByteBits,
}

/// Where a tokenized block's words and totals are in [`DocTokens`], and
/// what the screen asks of the whole block.
#[derive(Clone, Copy)]
struct BlockToks {
    first: usize,
    end: usize,
    /// Offset into `totals`.
    at: usize,
    ascii: bool,
    other_script: bool,
    accented: usize,
    top: [(usize, usize); 2],
}

/// One block's words and their stop-word masks.
struct Tokens<'a> {
    words: &'a [(usize, usize, u64)],
    /// Stop-word hits per language over the whole element.
    totals: &'a [usize],
    ascii: bool,
    /// Has the element a letter of a script other than Latin?
    other_script: bool,
    /// Words with a letter outside ASCII (see [`accented_share`]).
    accented: usize,
    /// The two highest of `totals` as (count, language index), the
    /// highest first (index `usize::MAX` and count 0 where there is none
    /// above 0): the highest of another language than one is one of them.
    top: [(usize, usize); 2],
}

impl DocTokens {
    /// Tokens for a document of `blocks` blocks, `bytes` of text in all.
    fn new(blocks: usize, bytes: usize, langs: usize) -> DocTokens {
        DocTokens {
            // (About one word per six bytes of prose: reserved once, not
            // grown block by block; at most 65,536 words ahead, so a huge
            // record the check leaves early reserves little.)
            words: Vec::with_capacity((bytes / 6 + 16).min(1 << 16)),
            // (The screen tokenizes every block: their totals reserved at
            // once, not grown block by block; capped as `words` is.)
            totals: Vec::with_capacity((blocks * langs).min(1 << 16)),
            done: vec![None; blocks],
            langs,
            buf: String::new(),
            bits: ByteBits::default(),
        }
    }

    /// The tokens of block `bi`, whose text is `text`.
    fn block(&mut self, check: &LanguageCheck, bi: usize, text: &str) -> Tokens<'_> {
        let d = match self.done[bi] {
            Some(d) => d,
            None => {
                // (About one word per six bytes of prose.)
                self.words.reserve(text.len() / 6);
                let first = self.words.len();
                let at = self.totals.len();
                self.totals.resize(at + self.langs, 0);
                // (Every byte classified once, 64 at a time: the words are
                // then runs of bits, and whether the block is all ASCII or
                // holds a letter of another script comes with them.)
                let (ascii, other_script) = self.bits.scan(text);
                let mut accented = 0;
                // (The languages with a hit: the two highest are among
                // them.)
                let mut hit = 0u64;
                let bytes = text.as_bytes();
                let totals = &mut self.totals[at..];
                let mut from = 0;
                while let Some((start, end, word_ascii)) = self.bits.next_word(from, ascii) {
                    from = end;
                    let len = end - start;
                    // (Most words: ASCII of up to 8 bytes, one probe of the
                    // packed table, inline — what `word_mask_of` does for
                    // them, without its call, byte-by-byte packing or the
                    // word as a `str`.)
                    let mask = if word_ascii && len <= 8 {
                        let mask = if len > check.max_ascii {
                            0
                        } else {
                            check.stop_packed.get(pack_at(bytes, start, end))
                        };
                        // (A short stop word that counts for no language
                        // where it stands, [`exempt_short`], asked of stop
                        // words only.)
                        if mask != 0 && len <= 2 && exempt_short(bytes, start, end) {
                            0
                        } else {
                            mask
                        }
                    } else {
                        let w = &text[start..end];
                        // (An ASCII word carries no accent: `is_accented`
                        // is false for it.)
                        accented += usize::from(!word_ascii && is_accented(w));
                        check.word_mask_of(w, word_ascii, &mut self.buf)
                    };
                    if mask != 0 {
                        hit |= mask;
                        add_mask(totals, mask);
                    }
                    self.words.push((start, end, mask));
                }
                // (In index order, as over all of `totals`: a language
                // without a hit is never above the 0 `top` starts from.)
                let mut top = [(0, usize::MAX); 2];
                while hit != 0 {
                    let i = hit.trailing_zeros() as usize;
                    hit &= hit - 1;
                    let Some(&c) = totals.get(i) else { break };
                    if c > top[0].0 {
                        top = [(c, i), top[0]];
                    } else if c > top[1].0 {
                        top[1] = (c, i);
                    }
                }
                let d = BlockToks {
                    first,
                    end: self.words.len(),
                    at,
                    ascii,
                    other_script,
                    accented,
                    top,
                };
                self.done[bi] = Some(d);
                d
            }
        };
        Tokens {
            words: &self.words[d.first..d.end],
            totals: &self.totals[d.at..d.at + self.langs],
            ascii: d.ascii,
            other_script: d.other_script,
            accented: d.accented,
            top: d.top,
        }
    }
}

impl Tokens<'_> {
    /// Does a language other than `own` have `n` hits or more?
    /// (The highest count of a language other than `own`: the highest of
    /// all, or the second when `own` has the highest — read off `top`; a
    /// language with no hit never reaches `n`, which is at least 1.)
    fn other_reaches(&self, own: Option<usize>, n: usize) -> bool {
        debug_assert!(n >= 1);
        let [(c1, i1), (c2, _)] = self.top;
        let other = if Some(i1) == own { c2 } else { c1 };
        debug_assert_eq!(
            other >= n,
            self.totals
                .iter()
                .enumerate()
                .any(|(i, &c)| c >= n && Some(i) != own)
        );
        other >= n
    }

    /// The languages (as a bit set, like a word's mask) with two hits or
    /// more among the words inside `r`; `None` when a word straddles one of
    /// its ends (as for [`Self::counts_in`]).
    fn repeated_in(&self, r: &std::ops::Range<usize>) -> Option<u64> {
        let first = self.words.partition_point(|w| w.1 <= r.start);
        let (mut once, mut twice) = (0u64, 0u64);
        for &(s, e, mask) in &self.words[first..] {
            if s >= r.end {
                break;
            }
            if s < r.start || e > r.end {
                return None;
            }
            twice |= once & mask;
            once |= mask;
        }
        Some(twice)
    }

    /// Per-language hits of the words inside `r`, into `counts` (one entry
    /// per language): the profile of that sentence. `false` when a word
    /// straddles one of its ends (the sentence's own split would differ).
    fn counts_in(&self, r: &std::ops::Range<usize>, counts: &mut Vec<usize>) -> bool {
        counts.clear();
        counts.resize(self.totals.len(), 0);
        let first = self.words.partition_point(|w| w.1 <= r.start);
        for &(s, e, mask) in &self.words[first..] {
            if s >= r.end {
                break;
            }
            if s < r.start || e > r.end {
                return false;
            }
            add_mask(counts, mask);
        }
        true
    }
}

/// An ASCII word of up to 8 bytes as one integer (its lowercased bytes),
/// the key of the packed stop-word map; `None` for any other word.
fn pack(w: &str) -> Option<u64> {
    if w.is_empty() || w.len() > 8 || !w.is_ascii() {
        return None;
    }
    let mut k = [0u8; 8];
    for (d, b) in k.iter_mut().zip(w.bytes()) {
        *d = b.to_ascii_lowercase();
    }
    Some(u64::from_le_bytes(k))
}

/// [`pack`] for an ASCII word of [`words`] (letters and apostrophes, 1 to
/// 8 bytes) in a few instructions: setting bit 0x20 of each byte lowercases
/// an ASCII letter and keeps the apostrophe (0x27); the padding stays zero.
fn pack_word(w: &[u8]) -> u64 {
    debug_assert!((1..=8).contains(&w.len()));
    debug_assert!(w.iter().all(|b| b.is_ascii_alphabetic() || *b == b'\''));
    // (Byte by byte: a copy of a slice of varying length is a call to
    // `memcpy`.)
    let mut k = 0u64;
    for (j, &b) in w.iter().enumerate() {
        k |= u64::from(b | 0x20) << (8 * j);
    }
    k
}

/// [`pack_word`] of the word `bytes[start..end]` (ASCII, 1 to 8 bytes):
/// with 8 bytes from `start` in the text, one unaligned load, the 0x20 bit
/// set in every byte, and the bytes past the word masked off (the same
/// integer, byte for byte).
#[inline(always)]
fn pack_at(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    debug_assert!((1..=8).contains(&len));
    match bytes.get(start..start + 8) {
        Some(b8) => {
            let mut a = [0u8; 8];
            a.copy_from_slice(b8);
            let v = u64::from_le_bytes(a) | 0x2020_2020_2020_2020;
            v & (u64::MAX >> (64 - 8 * len))
        }
        None => pack_word(&bytes[start..end]),
    }
}

/// Packed stop words ([`pack`]) -> language bit sets: open addressing
/// with linear probing, a quarter full at most, keyed by a multiplicative
/// hash. A packed word is never 0 (its first byte is not), so 0 marks an
/// empty slot (and looking 0 up finds a mask of 0, no language).
struct PackedTable {
    slots: Vec<(u64, u64)>,
    shift: u32,
}

impl PackedTable {
    fn new(entries: &[(u64, u64)]) -> PackedTable {
        let size = (entries.len() * 4).next_power_of_two().max(16);
        let mut t = PackedTable {
            slots: vec![(0, 0); size],
            shift: 64 - size.trailing_zeros(),
        };
        for &(k, mask) in entries {
            let mut h = t.home(k);
            loop {
                let slot = &mut t.slots[h];
                if slot.0 == k || slot.0 == 0 {
                    *slot = (k, slot.1 | mask);
                    break;
                }
                h = (h + 1) & (size - 1);
            }
        }
        t
    }

    #[inline]
    fn home(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    /// The bit set of packed word `k` (0: no stop word).
    #[inline]
    fn get(&self, k: u64) -> u64 {
        let m = self.slots.len() - 1;
        let mut h = self.home(k);
        loop {
            let (key, mask) = self.slots[h];
            // (An empty slot's mask is 0.)
            if key == k || key == 0 {
                return mask;
            }
            h = (h + 1) & m;
        }
    }
}

/// FxHash-style hasher for short stop words (the default SipHash costs more
/// than the rest of the lookup; the keys come from the rule pack, not from
/// untrusted input, so flooding is not a concern).
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    /// One step for a whole integer key (a packed word): the default
    /// would feed its eight bytes one by one.
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        // The multiply carries entropy only upwards; the table indexes by
        // the low bits (a packed word's first letter would pick its bucket).
        self.0.rotate_left(26)
    }
}

/// The compiled-in lingua language with this ISO 639-1 code.
fn lingua_language(code: &str) -> Option<Language> {
    Language::all().into_iter().find(|l| self::code(*l) == code)
}

/// English name of a language by ISO 639-1 code (for languages that have
/// stop words but no lingua model); the code itself when unknown.
fn language_name(code: &str) -> String {
    let name = match code {
        "tr" => "Turkish",
        "ro" => "Romanian",
        "hr" => "Croatian",
        "sr" => "Serbian",
        "bs" => "Bosnian",
        "sl" => "Slovene",
        "sq" => "Albanian",
        "id" => "Indonesian",
        "ms" => "Malay",
        "vi" => "Vietnamese",
        "cs" => "Czech",
        "sk" => "Slovak",
        "sv" => "Swedish",
        "da" => "Danish",
        "no" | "nb" => "Norwegian",
        "fi" => "Finnish",
        "hu" => "Hungarian",
        "et" => "Estonian",
        "lv" => "Latvian",
        "lt" => "Lithuanian",
        "tl" => "Tagalog",
        "sw" => "Swahili",
        "is" => "Icelandic",
        "el" => "Greek",
        "ca" => "Catalan",
        "ha" => "Hausa",
        "yo" => "Yoruba",
        _ => code,
    };
    name.to_string()
}

#[cfg(test)]
mod tests {
    /// Both cue lists the same (the tests' built-in gloss cues).
    fn both(c: &[String]) -> super::GlossCues<'_> {
        super::GlossCues {
            gloss: c,
            translating: c,
        }
    }

    /// The byte scan for quotation marks finds what a search for the
    /// characters finds, from every offset (marks beside bytes that share
    /// their lead bytes: ’ ” » – and ¬).
    #[test]
    fn quote_marks_by_bytes() {
        let texts = [
            "plain text, no marks",
            "He said \"yes\" – and ’twas “done” «fine» „so“ ¬ ok » ”",
            "’’––“",
            "«",
            "a\"",
            "Жена сказала: «да». 他说“好”。",
        ];
        for t in texts {
            for from in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                let want = t[from..].find(['"', '“', '«', '„']).map(|i| from + i);
                assert_eq!(super::next_quote_mark(t, from), want, "{t:?} from {from}");
            }
        }
    }

    /// A close relative by its own marks: a sentence with none of the
    /// document language's own words and enough of the relative's.
    #[test]
    fn castilian_in_catalan() {
        let rel = Relative {
            lang: "ca".into(),
            name: "Spanish".into(),
            own: vec!["amb".into(), "els".into(), "és".into()],
            own_prefixes: vec!["l'".into(), "d'".into()],
            words: vec!["los".into(), "con".into(), "para".into()],
            endings: vec!["ción".into()],
            letters: "ñá".into(),
            min_marks: 3,
        };
        assert!(
            rel.claims("La empresa ha presentado un calendario de ejecución para los trabajos.")
        );
        assert!(!rel.claims("L'empresa ha presentat un calendari d'execució per als treballs."));
        assert!(!rel.claims("Els treballs començaran amb la primavera."));
        assert!(!rel.claims("La obra empieza en mayo."));
        assert_eq!(rel.own_hits("Els veïns amb l'alcalde i els tècnics", 3), 3);
    }

    use super::*;
    use crate::document::InputFormat;
    use crate::engine::Engine;

    fn engine() -> Engine {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "translation-artifact/untranslated-passage");
        assert_eq!(e.rules().len(), 1);
        e
    }

    /// Serbian written in both alphabets: a Cyrillic sentence in a Latin
    /// Serbian article (and a Latin one in a Cyrillic article) is the same
    /// language; English in either is still found.
    #[test]
    fn serbian_in_its_other_alphabet_is_not_untranslated() {
        let e = engine();
        let latin = "# Novi most preko reke\n\nGradsko veće je u utorak usvojilo plan za novi most preko reke. Radovi će početi \
                     na proleće i trajaće dve godine, a most će koštati oko dve milijarde dinara. \
                     Gradonačelnik je rekao da je to najveća investicija u poslednjih deset godina i \
                     da će se saobraćaj u centru grada značajno rasteretiti.\n\n\
                     Становници околних насеља су дуго тражили нови мост, јер су морали да путују \
                     преко старог моста који је често затворен због поправки.\n\n\
                     Opozicija je kritikovala cenu projekta, ali je podržala izgradnju.\n";
        assert!(e.check_text(latin, InputFormat::Markdown).is_empty());
        let cyrillic = "# Нови мост преко реке\n\nГрадско веће је у уторак усвојило план за нови мост преко реке. Радови ће \
                        почети на пролеће и трајаће две године, а мост ће коштати око две милијарде \
                        динара. Градоначелник је рекао да је то највећа инвестиција у последњих десет \
                        година и да ће се саобраћај у центру града значајно растеретити.\n\n\
                        Stanovnici okolnih naselja su dugo tražili novi most, jer su morali da putuju \
                        preko starog mosta koji je često zatvoren zbog popravki.\n\n\
                        The bridge will be financed by a loan from a European development bank, the \
                        city said in a statement on Tuesday.\n";
        let found = e.check_text(cyrillic, InputFormat::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(cyrillic[found[0].span.start..].starts_with("The bridge"));
    }

    /// A quotation in another Latin-script language, left untranslated in
    /// an English article, is found; with a translation beside it, or
    /// short, it is not; quotations are found with their marks.
    #[test]
    fn latin_script_quotations_in_english() {
        assert_eq!(
            latin_quotes("He said \"one two three\" and «un deux trois quatre».", 3),
            vec![(8, 23), (28, 52)]
        );
        assert!(latin_quotes("He said \"Мы не можем выйти в море\".", 3).is_empty());
        let e = engine();
        let lead = "The ferry will not sail until April, the operator said on Tuesday, after \
                    inspectors found a cracked engine mount during a routine check. About 300 \
                    trucks a week use the crossing in winter, and drivers now face a long detour.\n\n\
                    The company said it was looking for a replacement vessel, but none of the \
                    ships it had approached was free before the spring.\n\n";
        let quote = "\"Nous avons appris la nouvelle par la radio et personne ne nous a appelés,\"";
        let bare =
            format!("{lead}{quote} said a driver at the port.\n\nThe line reopens in April.\n");
        let found = e.check_text(&bare, InputFormat::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(bare[found[0].span.start..].starts_with(quote));
        let glossed = format!(
            "{lead}{quote} said a driver at the port. (\"We heard the news on the radio and \
             nobody called us.\")\n\nThe line reopens in April.\n"
        );
        assert!(e.check_text(&glossed, InputFormat::Markdown).is_empty());
        let short =
            format!("{lead}\"C'est la vie,\" said a driver.\n\nThe line reopens in April.\n");
        assert!(e.check_text(&short, InputFormat::Markdown).is_empty());
    }

    /// A long quotation in a language the screen has no model or stop
    /// words for is told by its lack of English function words; English
    /// without them, lists and titles are not such quotations.
    #[test]
    fn quotations_in_no_known_language() {
        let (p, file) = crate::kinds::name_consistency::tests::builtin_params!("language", Params);
        let k = LanguageCheck::build(&p, &file).expect("builds");
        let e = engine();
        assert!(k.bare_quote(
            "\"Ua leaga tele le seleselega i lenei tausaga ona o le timu ma le matagi.\"",
            10
        ));
        // one function word that Gaelic also writes ("an") leaves it in doubt
        assert!(k.bare_quote(
            "\"Tha an t-eilean seo na dhachaigh dhuinn fad linntean agus cha bhi sinn ga fhàgail.\"",
            10
        ));
        assert!(!k.bare_quote(
            "\"An absurd plan is being pushed through quietly by planners nobody elected.\"",
            10
        ));
        // an English function word, a list, a title, too short
        assert!(!k.bare_quote(
            "\"within ten years, wind farms may supply half Scotland's power demand easily\"",
            10
        ));
        assert!(!k.bare_quote(
            "\"rice, beans, soup, bread, scones, stew, porridge, sandwiches, cake, tea\"",
            10
        ));
        assert!(!k.bare_quote(
            "\"Singing Since Eighteen Seventy-Five, All Welcome, Free Entry Donations Gladly Accepted\"",
            10
        ));
        assert!(!k.bare_quote("\"Ua leaga tele le seleselega\"", 10));
        let lead = "The harvest was the worst in a decade, farmers in the valley said on \
                    Monday. The council has promised help for the families who lost their \
                    crops, and the minister will visit the valley next week.\n\n";
        let quote =
            "\"Ua leaga tele le seleselega i lenei tausaga ona o le timu ma le matagi malosi.\"";
        let bare =
            format!("{lead}An elder spoke at the meeting. {quote}\n\nThe council meets in May.\n");
        let found = e.check_text(&bare, InputFormat::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(bare[found[0].span.start..].starts_with(quote));
        let glossed = format!(
            "{lead}An elder spoke at the meeting. {quote} (\"The harvest was poor because of \
             the rain and the wind.\")\n\nThe council meets in May.\n"
        );
        assert!(e.check_text(&glossed, InputFormat::Markdown).is_empty());
    }

    #[test]
    fn south_slavic_and_east_slavic_letters() {
        assert_eq!(south_east_letters("Људи су ђаци"), (2, 0));
        assert_eq!(south_east_letters("Въпреки ъгъла й"), (0, 4));
        assert_eq!(south_east_letters("Latin ј"), (1, 0));
    }

    /// The table gives every character the plain test's script, and a
    /// letter is what `char::is_alphabetic` calls one: all of Unicode.
    #[test]
    fn script_table_is_the_plain_test() {
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            assert_eq!(Script::of(c), Script::of_plain(c), "{c:?}");
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
        }
        // (Both sides of the table's end, and a letter above it.)
        assert_eq!(Script::of('\u{2FFF}'), None);
        assert_eq!(Script::of('\u{3042}'), Some(Script::Han));
    }

    /// The dominant script is the most frequent; of two as frequent, the
    /// one whose first letter comes later (as the plain count gave it).
    #[test]
    fn dominant_script_and_ties() {
        assert_eq!(
            Script::dominant("Москва, the city"),
            Some((Script::Latin, 7.0 / 13.0))
        );
        assert_eq!(Script::dominant("ab вг"), Some((Script::Cyrillic, 0.5)));
        assert_eq!(Script::dominant("вг ab"), Some((Script::Latin, 0.5)));
        assert_eq!(Script::dominant("12 — 34"), None);
    }

    /// Scripts of Ethiopic and Indic languages tell a document's language,
    /// and an English paragraph in such a document is found.
    #[test]
    fn an_english_paragraph_in_an_amharic_article() {
        assert_eq!(Script::of('አ'), Some(Script::Ethiopic));
        assert_eq!(Script::of('ব'), Some(Script::Bengali));
        assert_eq!(Script::of('த'), Some(Script::Tamil));
        let e = engine();
        let doc = "የከተማው አስተዳደር አዲስ የአውቶቡስ መስመር በሚቀጥለው ወር እንደሚጀምር አስታወቀ። \
                   መስመሩ ከመሀል ከተማ ወደ አየር ማረፊያ የሚወስድ ሲሆን በቀን ከሃያ ጊዜ በላይ ይጓዛል። \
                   ነዋሪዎች ለረጅም ጊዜ ሲጠብቁት የነበረ አገልግሎት ነው ብለዋል።\n\n\
                   The buses were bought with a loan and will run every fifteen minutes during \
                   the morning and evening rush hours.\n\n\
                   የትኬት ዋጋ ገና አልተወሰነም ተብሏል።\n";
        let found = e.check_text(doc, InputFormat::Markdown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(doc[found[0].span.start..].starts_with("The buses"));
    }

    #[test]
    fn quotations_in_another_script() {
        let q = "He said: \"Мы не можем выйти в море при таком ветре,\" and left.";
        let found = foreign_quotes(q, 5, 10);
        assert_eq!(found.len(), 1);
        assert!(q[found[0].0..].starts_with("\"Мы"));
        assert!(q[..found[0].1].ends_with("ветре,\""));
        assert_eq!(found[0].2, Script::Cyrillic);
        // Too short, Latin, or mixed: none.
        assert!(foreign_quotes("«Да, конечно» he said.", 5, 10).is_empty());
        assert!(foreign_quotes("\"We will not go to sea today at all\"", 5, 10).is_empty());
        // A translation beside it: in parentheses, quoted, or announced.
        let (s, e) = (found[0].0, found[0].1);
        let c = &d_gloss_cues();
        assert!(!translated_beside(q, s, e, true, None, both(c), |_| false));
        let t = format!("{q} (\"We cannot go to sea in this wind.\")");
        assert!(translated_beside(&t, s, e, true, None, both(c), |_| false));
        assert!(translated_beside(
            q,
            s,
            e,
            true,
            Some("(We cannot go to sea in this wind.)"),
            both(c),
            |_| false
        ));
        assert!(!translated_beside(
            q,
            s,
            e,
            true,
            Some("The port reopened on Friday."),
            both(c),
            |_| false
        ));
        let d = q.replace(" and left.", " — we cannot go to sea in this wind.");
        assert!(translated_beside(&d, s, e, true, None, both(c), |_| false));
        // the gloss after a dash behind a short attribution, not after a long clause
        let a = q.replace(
            " and left.",
            " a skipper said — we cannot go to sea in this wind.",
        );
        assert!(translated_beside(&a, s, e, true, None, both(c), |_| false));
        let l = q.replace(
            " and left.",
            " a skipper at the harbour told the visiting reporters — then he left at once.",
        );
        assert!(!translated_beside(&l, s, e, true, None, both(c), |_| false));
        let m = q.replace("and left", "which translates as a refusal");
        assert!(translated_beside(&m, s, e, true, None, both(c), |_| false));
        // a long quotation and a few words quoted after it: no gloss
        let long = "\"Tha an t-eilean seo na dhachaigh dhuinn fad linntean agus cha bhi sinn ga \
                    fhàgail gu bràth,\" she said, \"not now.\" She would go on \"for the children\".";
        let le = long.find(" she said").unwrap();
        assert!(!translated_beside(long, 0, le, true, None, both(c), |_| {
            false
        }));
        let full = long.replace(
            "\"for the children\"",
            "\"we will never leave this island\"",
        );
        assert!(translated_beside(&full, 0, le, true, None, both(c), |_| {
            false
        }));
        // an unclosed opener before hides no later gloss
        let u = format!("In the ‘90s {q} (\"We cannot go to sea in this wind.\")");
        let k = u.find(&q[s..e]).unwrap();
        assert!(translated_beside(
            &u,
            k,
            k + (e - s),
            true,
            None,
            both(c),
            |_| { false }
        ));
        // localized cue words, at a word's start only
        let es = vec!["es decir".to_string(), "o sea".to_string()];
        assert!(translated_beside(
            &format!("{q} es decir, no salen."),
            s,
            e,
            true,
            None,
            both(&es),
            |_| false
        ));
        assert!(!translated_beside(
            &format!("{q} They went to sea."),
            s,
            e,
            true,
            None,
            both(&es),
            |_| false
        ));
        // The other half of a split quotation glosses nothing.
        let sp = "\"No podemos pagar tanto,\" said a driver, \"y nadie nos escucha nunca.\"";
        let e1 = sp.find(',').unwrap() + 2;
        assert!(translated_beside(sp, 0, e1, true, None, both(c), |_| false));
        assert!(!translated_beside(sp, 0, e1, true, None, both(c), |q| q.contains("nadie")));
        // Earlier English quotations do not gloss one the speaker "added";
        // a paragraph after it that says it translates does.
        let en = "\"We lost the pans this year,\" she said. ";
        let t = format!("{en}{q}");
        let (s2, e2) = (en.len() + s, en.len() + e);
        assert!(translated_beside(&t, s2, e2, true, None, both(c), |_| {
            false
        }));
        assert!(!translated_beside(&t, s2, e2, false, None, both(c), |_| {
            false
        }));
        assert!(translated_beside(
            q,
            s,
            e,
            true,
            Some("In English it is given as \"We cannot go to sea in this wind.\""),
            both(c),
            |_| false
        ));
        // a next paragraph of the story with an attribution cue glosses nothing
        let story = "The jetty opens in May, the governor said in a statement (\"All boats must register first\").";
        assert!(translated_beside(
            q,
            s,
            e,
            true,
            Some(story),
            both(c),
            |_| { false }
        ));
        let translating = vec!["in english".to_string()];
        assert!(!translated_beside(
            q,
            s,
            e,
            true,
            Some(story),
            super::GlossCues {
                gloss: c,
                translating: &translating,
            },
            |_| false
        ));
    }

    #[test]
    fn gloss_in_the_paragraph_before() {
        let c = &d_gloss_cues();
        assert!(glossed_before(
            Some("The banner, in English: \"Pay us what you promised\":"),
            "",
            c
        ));
        assert!(glossed_before(
            Some("It was translated for us by a docker:"),
            "",
            c
        ));
        // no colon, no gloss, or words before the quotation in its block
        assert!(!glossed_before(
            Some("The banner said \"Pay us what you promised\"."),
            "",
            c
        ));
        assert!(!glossed_before(Some("The banner said:"), "", c));
        assert!(!glossed_before(
            Some("The banner, in English:"),
            "He read ",
            c
        ));
        assert!(!glossed_before(None, "", c));
        // the sentence before gives the title in English
        assert!(cue_before(
            Some("It is known in English as The Quiet Bay."),
            "The film, ",
            c
        ));
        assert!(!cue_before(Some("It opened in May."), "The film, ", c));
        assert!(!cue_before(
            Some("It is known in English as The Quiet Bay."),
            "It ran. Then ",
            c
        ));
    }

    #[test]
    fn an_english_sentence_in_a_greek_article() {
        let e = engine();
        let doc = "Το δημοτικό συμβούλιο ενέκρινε την Τρίτη την ανακαίνιση της κεντρικής \
                   αγοράς, με προϋπολογισμό οκτώ εκατομμύρια ευρώ. Τα έργα θα ξεκινήσουν τον \
                   Σεπτέμβριο και θα διαρκέσουν δεκαοκτώ μήνες.\n\n\
                   Οι έμποροι της αγοράς ζητούν προσωρινούς χώρους για να συνεχίσουν να \
                   εργάζονται κατά τη διάρκεια των εργασιών. Ο σύλλογος των καταστηματαρχών \
                   ζήτησε συνάντηση με τη δημοτική αρχή πριν από την έναρξη των έργων.\n\n\
                   The refurbished hall will host a farmers' market every weekend.\n\n\
                   Ο δήμαρχος είπε ότι θα βρεθεί λύση μέσα στον μήνα.\n";
        let found: Vec<_> = e
            .check_text(doc, InputFormat::Markdown)
            .into_iter()
            .filter(|f| f.rule.as_ref() == "translation-artifact/untranslated-passage")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(doc[found[0].span.start..].starts_with("The refurbished"));
    }

    /// Every file of `fixtures/` (all batches) and some edge cases.
    fn sample_texts() -> Vec<String> {
        let mut texts: Vec<String> = [
            "",
            "'",
            "’’x",
            "a’",
            "ÀÉ'x  ’y",
            "1a2b3",
            "\u{1F600}word\u{1F600}",
            "Ǆ ǅ ǆ ɐ ʃ",
            "ɀ Ɂ ɂ ʰ ˆ ͅ Ͱ ά",
            "日本語のテキスト、English",
            "ქართული",
            "Ḁḁ ỹ",
        ]
        .iter()
        .map(|t| t.to_string())
        .collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut dirs = vec![root];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    texts.push(t);
                }
            }
        }
        assert!(texts.len() > 500, "{}", texts.len());
        texts
    }

    /// `at` is true of every text of `yes` and false of every one of `no`.
    fn holds(at: impl Fn(&str) -> bool, yes: &[&str], no: &[&str]) {
        for t in yes {
            assert!(at(t), "{t}");
        }
        for t in no {
            assert!(!at(t), "{t}");
        }
    }

    /// The start and end of the first word of `t` that is `w` (ASCII case
    /// aside).
    fn word_at(t: &str, w: &str) -> (usize, usize) {
        let (i, found) = words(t).find(|(_, x)| x.eq_ignore_ascii_case(w)).unwrap();
        (i, i + found.len())
    }

    /// How many stop words of `lang` the built-in pack counts in `t`, the
    /// same by [`LanguageCheck::profile`] and by the cached block tokens.
    fn stop_count(t: &str, lang: &str) -> usize {
        let (p, file) = crate::kinds::name_consistency::tests::builtin_params!("language", Params);
        let check = LanguageCheck::build(&p, &file).expect("builds");
        let i = check.langs.iter().position(|l| l == lang).unwrap();
        let mut cache = DocTokens::new(1, t.len(), check.langs.len());
        let n = check.profile(t)[i];
        assert_eq!(cache.block(&check, 0, t).totals[i], n, "{t}");
        n
    }

    /// "do" before a subject pronoun is English's auxiliary, counted for
    /// no language; before a noun (or "I") it may be Polish or Portuguese.
    #[test]
    fn english_do_before_a_pronoun_only() {
        let at = |t: &str| english_do(t.as_bytes(), word_at(t, "do").1);
        holds(
            at,
            &[
                "What do you want visitors to take away?",
                "Do  they know?",
                "Why do we need it",
                "how do it",
            ],
            &[
                "Pojechał do domu.",
                "Do Warszawy",
                "o regresso do I Congresso",
                "do youth",
                "do it’s",
                "do itś",
                "do",
                "do,you",
            ],
        );
        assert_eq!(
            stop_count("What do you want visitors to take away?", "pl"),
            1
        );
        assert_eq!(stop_count("Jadę do domu, to wszystko.", "pl"), 2);
        assert_eq!(stop_count("Why do we need it? Jadę do domu.", "pl"), 1);
    }

    /// A lowercase "v" between two capitalized words is "versus"; after a
    /// lowercase word, or before one, it may be Czech, Slovak or Slovene.
    #[test]
    fn english_v_between_names_only() {
        let at = |t: &str| english_v(t.as_bytes(), word_at(t, "v").0);
        holds(
            at,
            &[
                "Leinster v Munster",
                "Saturday: Port FC v Brisbane United; Trat v Lamphun",
                "Ratchaburi  v  Buriram",
            ],
            &[
                "žije v Praze",
                "Koncert v rámci festivalu",
                "v Praze",
                "Leinster v",
                "Leinster,v Munster",
                "Ředitel v Brně",
            ],
        );
        let t = "Port FC v Brisbane United; Trat v Lamphun; bydlí v Praze";
        assert_eq!(stop_count(t, "cs"), 1);
    }

    /// A capital letter with a full stop is an initial or an abbreviation,
    /// not Czech's "k" or "s"; the same letter in lowercase, or without
    /// the stop, counts.
    #[test]
    fn initials_count_for_no_language() {
        for (t, n) in [
            ("Authorised by K. Lowe, 22 Cimitiere Street", 1),
            ("after a visit by U.S. envoys", 2), // "a", "by"
            ("Šel k řece s bratrem", 2),
            ("K řece šel s bratrem.", 2),
            ("Šel k.", 1),
        ] {
            assert_eq!(stop_count(t, "cs"), n, "{t}");
        }
    }

    /// A capital I inside a sentence is English's pronoun (or a numeral),
    /// not the Polish conjunction; at a sentence's start or among capitals
    /// it may be the conjunction.
    #[test]
    fn english_i_inside_a_sentence_only() {
        let at = |t: &str| {
            let i = words(t).find(|(_, w)| *w == "I").unwrap().0;
            english_i(t.as_bytes(), i)
        };
        holds(
            at,
            &[
                "Although I do still go out",
                "If I take a call, I lose hours",
                "If we win,  I go",
                "Since 1989 I have",
                "Jan Paweł II i Jan XXIII oraz Leon I",
            ],
            &[
                "I can't pretend",
                "I wtedy poszli do domu.",
                "He left. I stayed.",
                "PREZYDENT I PREMIER",
                "“I was there”",
            ],
        );
        assert!(!english_i(b"Polska i Czechy", 7));
        // Counted for no language in a sentence, but where it may be Polish
        // (by the profile and by the block's cached words alike).
        assert_eq!(stop_count("so I can hear it, I keep", "pl"), 0);
        assert_eq!(stop_count("I can hear it", "pl"), 1);
    }

    /// The byte-level word iterator splits as the character definition does.
    #[test]
    fn words_split_by_bytes_as_by_characters() {
        for t in sample_texts() {
            let base = t.as_ptr() as usize;
            let by_chars: Vec<(usize, &str)> = t
                .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
                .filter(|w| !w.is_empty())
                .map(|w| (w.as_ptr() as usize - base, w))
                .collect();
            let by_bytes: Vec<(usize, &str)> = words(&t).collect();
            assert_eq!(by_bytes, by_chars);
        }
    }

    /// The packed key of a word of `words` is `pack`'s.
    #[test]
    fn word_keys_pack_alike() {
        for t in sample_texts() {
            for (_, w) in words(&t) {
                if w.is_ascii() && w.len() <= 8 {
                    assert_eq!(Some(pack_word(w.as_bytes())), pack(w), "{w}");
                }
            }
        }
    }

    /// The byte skip of `has_other_script` loses no letter of another script.
    #[test]
    fn other_script_found_like_the_character_test() {
        for t in sample_texts() {
            let by_chars = t
                .chars()
                .any(|c| Script::of(c).is_some_and(|s| s != Script::Latin));
            assert_eq!(has_other_script(&t), by_chars, "{t:.80}");
        }
    }

    /// Texts that put words, characters outside ASCII and the General
    /// Punctuation marks across the 8- and 64-byte edges of `ByteBits`:
    /// pieces drawn at random (a fixed seed) and joined.
    fn edge_texts() -> Vec<String> {
        let pieces = [
            "a",
            "The",
            "don't",
            "Nation’s",
            "’",
            "'",
            " ",
            "  ",
            "\n",
            ",",
            "—",
            "“",
            "”",
            "–",
            "\u{2028}",
            "é",
            "Ǆ",
            "ß",
            "straße",
            "Ä",
            "ʻokina",
            "\u{301}",
            "日本語",
            "Москва",
            "ქართული",
            "ά",
            "ɀ",
            "\u{1F600}",
            "1",
            "x9y",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            "abcdefgh",
            "\u{7F}",
            "\t",
            "\u{A0}",
            "ª",
            "µ",
            "\u{200B}",
        ];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..3000)
            .map(|_| {
                let n = (next() % 60) as usize;
                (0..n)
                    .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    /// `ByteBits` finds the words `words` finds, with the same ASCII flag,
    /// and says what `is_ascii` and `has_other_script` say of the text.
    #[test]
    fn byte_bits_split_as_the_plain_words() {
        let mut bits = ByteBits::default();
        for t in sample_texts().into_iter().chain(edge_texts()) {
            let (ascii, other) = bits.scan(&t);
            assert_eq!(ascii, t.is_ascii(), "{t:.80}");
            assert_eq!(other, has_other_script(&t), "{t:.80}");
            let mut plain = words(&t);
            let mut from = 0;
            loop {
                let got = bits.next_word(from, ascii);
                assert_eq!(got, plain.next_span(), "{t:.80}");
                let Some((_, end, _)) = got else { break };
                from = end;
            }
        }
    }

    /// Text without byte D0 or D1 holds none of the letters
    /// `south_east_letters` counts (the gate of `serbian_cyrillic`).
    #[test]
    fn cyrillic_gate_loses_no_letter() {
        for c in '\u{400}'..='\u{45F}' {
            let mut b = [0u8; 4];
            assert!(
                matches!(c.encode_utf8(&mut b).as_bytes()[0], 0xD0 | 0xD1),
                "{c}"
            );
        }
        for t in sample_texts().into_iter().chain(edge_texts()) {
            if memchr::memchr2(0xD0, 0xD1, t.as_bytes()).is_none() {
                assert_eq!(south_east_letters(&t), (0, 0), "{t:.80}");
            }
        }
    }

    #[test]
    fn classify64_is_the_plain_byte_test() {
        let mut c = [0u8; 64];
        for b in 0..=255u8 {
            for (i, x) in c.iter_mut().enumerate() {
                // (Every byte at every place, among neighbours of all kinds.)
                *x = if i % 3 == 0 {
                    b
                } else {
                    (b as usize * 7 + i * 13) as u8
                };
            }
            let (w, h) = classify64(&c);
            for (i, &x) in c.iter().enumerate() {
                assert_eq!(w >> i & 1 != 0, x < 0x80 && ascii_word_byte(x), "{x:#x}");
                assert_eq!(h >> i & 1 != 0, x >= 0x80, "{x:#x}");
            }
        }
    }

    #[test]
    fn lane_bits_gathers_the_flags() {
        for m in 0..=255u64 {
            let v: u64 = (0..8)
                .filter(|j| m >> j & 1 != 0)
                .map(|j| 0x80u64 << (8 * j))
                .sum();
            assert_eq!(lane_bits(v), m);
        }
    }

    /// The General Punctuation shortcut of `wide_char` answers as the
    /// character test does, for every character it covers.
    #[test]
    fn general_punctuation_shortcut_agrees() {
        for c in '\u{2000}'..='\u{203F}' {
            let t = format!("a{c}b");
            let w = Words { text: &t, at: 0 };
            assert_eq!(
                w.wide_char(1),
                (c.is_alphabetic() || c == '’', c.len_utf8()),
                "{c:?}"
            );
            assert_eq!(w.wide_char(1), w.wide_char_slow(1), "{c:?}");
        }
    }

    /// The packed table finds every word it was built with (masks of a
    /// word listed twice merged) and nothing else.
    #[test]
    fn packed_table_finds_its_words() {
        let words = ["the", "a", "de", "and", "und", "l'", "zwischen", "a"];
        let entries: Vec<(u64, u64)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (pack(w).unwrap(), 1 << i))
            .collect();
        let t = PackedTable::new(&entries);
        assert_eq!(t.get(pack("a").unwrap()), 2 | 1 << 7);
        assert_eq!(t.get(pack("zwischen").unwrap()), 1 << 6);
        assert_eq!(t.get(pack("The").unwrap()), 1);
        for w in ["to", "an", "dem", "x"] {
            assert_eq!(t.get(pack(w).unwrap()), 0, "{w}");
        }
    }

    #[test]
    fn find_close_finds_as_str_find() {
        let closes: [&[char]; 4] = [&['»'], &['”', '"'], &['“', '”', '"'], &['"', '”']];
        for t in [
            "",
            "it’s «here» now",
            "a “b” c \"d\" e",
            "Ä¢ – — ’ ‘ “ ”",
            "no marks at all",
            "x»",
            "é\"",
        ] {
            for close in closes {
                for (i, _) in t.char_indices() {
                    assert_eq!(find_close(&t[i..], close), t[i..].find(close), "{t:?} {i}");
                }
            }
        }
    }

    #[test]
    fn non_word_lanes_agrees_with_the_byte_class() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut v = [b'a'; 8];
                v[lane] = b;
                let stop = non_word_lanes(u64::from_le_bytes(v));
                let word = b < 0x80 && ascii_word_byte(b);
                assert_eq!(
                    stop,
                    if word { 0 } else { 0x80 << (8 * lane) },
                    "{b:#x} {lane}"
                );
                // (Neighbours of every kind around it.)
                for n in [0u8, b' ', b'\'', b'Z', 0x7F, 0x80, 0xE2, 0xFF] {
                    let mut w = [n; 8];
                    w[lane] = b;
                    let stop = non_word_lanes(u64::from_le_bytes(w));
                    let want: u64 = (0..8)
                        .filter(|&j| !(w[j] < 0x80 && ascii_word_byte(w[j])))
                        .map(|j| 0x80u64 << (8 * j))
                        .sum();
                    assert_eq!(stop, want, "{w:?}");
                }
            }
        }
    }

    /// A block's cached totals are the profile of its text (the fast path
    /// of `DocTokens::block` masks its words as `profile` does, English "I"
    /// included).
    #[test]
    fn block_totals_are_the_profile() {
        let (p, file) = crate::kinds::name_consistency::tests::builtin_params!("language", Params);
        let pack = LanguageCheck::build(&p, &file).expect("builds");
        for t in sample_texts() {
            let mut cache = DocTokens::new(1, t.len(), pack.langs.len());
            let toks = cache.block(&pack, 0, &t);
            assert_eq!(toks.totals, &pack.profile(&t)[..], "{t:?}");
        }
    }

    /// `repeated_in` names the languages `counts_in` counts twice or more,
    /// and refuses the same ranges.
    #[test]
    fn repeated_in_is_counts_in_at_two() {
        let (p, file) = crate::kinds::name_consistency::tests::builtin_params!("language", Params);
        let pack = LanguageCheck::build(&p, &file).expect("builds");
        let mut counts = Vec::new();
        for t in sample_texts() {
            let mut cache = DocTokens::new(1, t.len(), pack.langs.len());
            let toks = cache.block(&pack, 0, &t);
            let n = t.len();
            let cuts: Vec<usize> = (0..=n)
                .step_by(7)
                .chain([n])
                .filter(|&i| t.is_char_boundary(i))
                .collect();
            for (k, &a) in cuts.iter().enumerate() {
                for &b in &cuts[k..(k + 12).min(cuts.len())] {
                    let r = a..b;
                    let want = toks.counts_in(&r, &mut counts).then(|| {
                        (0..counts.len().min(64))
                            .filter(|&i| counts[i] >= 2)
                            .map(|i| 1u64 << i)
                            .sum::<u64>()
                    });
                    assert_eq!(toks.repeated_in(&r), want, "{:?}", &t[r.clone()]);
                }
            }
        }
    }

    #[test]
    fn count_high_bytes_counts_them() {
        let t = "Él dijo “sí” — 日本語 ".repeat(9);
        for i in 0..t.len() {
            let b = &t.as_bytes()[i..];
            assert_eq!(
                count_high_bytes(b),
                b.iter().filter(|x| **x >= 0x80).count()
            );
        }
    }

    #[test]
    fn pack_at_packs_as_pack_word() {
        let t = "The Nation's ZWISCHEN und l'a x";
        let b = t.as_bytes();
        let mut it = words(t);
        while let Some((s, e, ascii)) = it.next_span() {
            assert!(ascii);
            for end in s + 1..=e.min(s + 8) {
                assert_eq!(pack_at(b, s, end), pack_word(&b[s..end]), "{}", &t[s..end]);
                assert_eq!(Some(pack_at(b, s, end)), pack(&t[s..end]));
            }
        }
    }

    #[test]
    fn typographic_apostrophe_stays_inside_the_word() {
        let w: Vec<&str> = words("The Nation’s Health: don't").map(|x| x.1).collect();
        assert_eq!(w, ["The", "Nation’s", "Health", "don't"]);
    }

    /// A brief has too few stop words for a verdict: its language is taken
    /// provisionally from their lean, and confirmed by lingua only when a
    /// sentence is in doubt, which still finds the leftover.
    #[test]
    fn short_documents_are_screened_on_a_provisional_language() {
        let e = engine();
        // (7 English stop words, 3 of the nearest other language: a lean,
        // not a verdict.)
        let brief = "Council members met Tuesday night. Bridge plan approved after long \
                     debate, officials said.\n\n\
                     Los equipos de rescate continúan evaluando daños graves en Antioquia.\n\n\
                     Mayor Ruiz praised the vote. Budget passed without changes, the clerk \
                     said. Residents of the district plan protests at the town hall.\n";
        let f = e.check_text(brief, InputFormat::Text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(brief[f[0].span.start..f[0].span.end].starts_with("Los equipos"));
        // No sentence in doubt: nothing to confirm, nothing found.
        let plain = "The council met on Tuesday night.\n\nThe mayor spoke after the vote.\n";
        assert!(e.check_text(plain, InputFormat::Text).is_empty());
        // A short Spanish brief is Spanish, not a leftover in an English one.
        let es = "El consejo se reunió el martes por la noche.\n\n\
                  El alcalde habló después de la votación y el presupuesto fue aprobado.\n";
        assert!(e.check_text(es, InputFormat::Text).is_empty());
    }

    /// A document in a script neither stop words nor lingua know (Arabic
    /// here) is told by its script: an English paragraph left in it is
    /// found, while English inside an Arabic sentence (a name, a quoted
    /// phrase) is not.
    #[test]
    fn documents_known_only_by_their_script_are_screened() {
        let e = engine();
        let ar = "أعلنت البلدية يوم الأحد أن أعمال توسيع الطريق الدائري ستبدأ في الربيع المقبل، \
                  وأن المشروع سيستغرق نحو عامين. وقال رئيس البلدية إن الطريق الجديد سيخفف \
                  الازدحام في وسط المدينة، وإن التكلفة ستتجاوز مئة مليون دينار.\n\n\
                  The ring road will have three lanes in each direction and a dedicated bus \
                  lane, the municipality said in a statement on Sunday.\n\n\
                  وأضاف أن البلدية ستعقد لقاءات مع السكان والتجار قبل بدء الأشغال، للإجابة \
                  عن أسئلتهم حول مسار الطريق ومواقف السيارات وتحويلات حركة السير المرتقبة \
                  خلال فترة البناء.\n";
        let f = e.check_text(ar, InputFormat::Text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(ar[f[0].span.start..f[0].span.end].starts_with("The ring road"));
        assert!(f[0].message.contains("Arabic script"), "{}", f[0].message);
        let inline =
            "أعلنت البلدية يوم الأحد أن أعمال توسيع الطريق الدائري ستبدأ في الربيع المقبل، \
                      بتمويل من البنك الأوروبي للاستثمار (European Investment Bank) الذي وصف \
                      المشروع بأنه \"a model for urban mobility\" في بيانه. وقال رئيس البلدية \
                      إن الطريق الجديد سيخفف الازدحام في وسط المدينة.\n";
        assert!(e.check_text(inline, InputFormat::Text).is_empty());
    }
}
