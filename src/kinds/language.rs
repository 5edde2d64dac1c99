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

use super::{short, Check, Cx, Hit};
use crate::document::word_count;
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::{BTreeMap, HashMap};
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
fn yes() -> bool {
    true
}

pub struct LanguageCheck {
    min_words: usize,
    min_chars: usize,
    min_confidence: f64,
    unless_quoted: bool,
    /// The languages with stop words (ISO codes, lowercase), in order.
    langs: Vec<String>,
    /// Each stop word (lowercase) -> the indices in `langs` of the
    /// languages it is a stop word of: one lookup per word, not one per
    /// word and language.
    stop: HashMap<String, Vec<u16>>,
}

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
    Other,
}

impl Script {
    fn of(c: char) -> Option<Script> {
        if !c.is_alphabetic() {
            return None;
        }
        Some(match c as u32 {
            0x0041..=0x024F | 0x1E00..=0x1EFF => Script::Latin,
            0x0400..=0x052F => Script::Cyrillic,
            0x0370..=0x03FF => Script::Greek,
            0x0600..=0x06FF => Script::Arabic,
            0x0590..=0x05FF => Script::Hebrew,
            0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF => Script::Han,
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
            Script::Other => "another",
        }
    }

    /// The dominant script of a text and its share of the letters.
    pub fn dominant(text: &str) -> Option<(Script, f64)> {
        let mut counts: Vec<(Script, usize)> = Vec::new();
        let mut total = 0;
        for s in text.chars().filter_map(Script::of) {
            total += 1;
            match counts.iter_mut().find(|(k, _)| *k == s) {
                Some(e) => e.1 += 1,
                None => counts.push((s, 1)),
            }
        }
        let (s, n) = counts.into_iter().max_by_key(|e| e.1)?;
        Some((s, n as f64 / total as f64))
    }
}

fn script_of_language(l: Language) -> Script {
    match code(l).as_str() {
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
        // Per language (codes lowercased; of two codes that lowercase alike
        // the later one's list is kept), its set of lowercase stop words.
        let sets: HashMap<String, std::collections::HashSet<String>> = v
            .stopwords
            .iter()
            .map(|(k, ws)| {
                (
                    k.to_lowercase(),
                    ws.iter().map(|w| w.to_lowercase()).collect(),
                )
            })
            .collect();
        let mut langs: Vec<String> = sets.keys().cloned().collect();
        langs.sort();
        if langs.len() > usize::from(u16::MAX) {
            return Err(file.error(
                "too many stop-word languages",
                yaml_span(p),
                "at most 65535",
            ));
        }
        let mut stop: HashMap<String, Vec<u16>> = HashMap::new();
        for (li, code) in langs.iter().enumerate() {
            for w in &sets[code] {
                stop.entry(w.clone()).or_default().push(li as u16);
            }
        }
        Ok(LanguageCheck {
            min_words: v.min_words,
            min_chars: v.min_chars,
            min_confidence: v.min_confidence,
            unless_quoted: v.unless_quoted,
            langs,
            stop,
        })
    }

    /// Stop-word hits per language (indexed like `langs`) among the words
    /// of `text` (split at characters that are neither letters nor `'`,
    /// lowercased).
    fn stop_counts(&self, text: &str) -> Vec<usize> {
        let mut counts = vec![0usize; self.langs.len()];
        let mut lower = String::new();
        for w in text
            .split(|c: char| !c.is_alphabetic() && c != '\'')
            .filter(|w| !w.is_empty())
        {
            let key = if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                w
            } else {
                lower.clear();
                lower.push_str(&w.to_lowercase());
                lower.as_str()
            };
            if let Some(ls) = self.stop.get(key) {
                for &l in ls {
                    counts[l as usize] += 1;
                }
            }
        }
        counts
    }

    fn lang_index(&self, code: &str) -> Option<usize> {
        self.langs.iter().position(|l| l == code)
    }

    /// Is the sentence in doubt by the cheap signals?
    fn in_doubt(
        &self,
        doc_lang: &str,
        doc_script: Script,
        sentence: &str,
    ) -> Option<Option<Script>> {
        if let Some((s, share)) = Script::dominant(sentence) {
            if s != doc_script && share >= 0.6 {
                return Some(Some(s));
            }
        }
        let counts = self.stop_counts(sentence);
        let own_i = self.lang_index(doc_lang);
        let own = own_i.map_or(0, |i| counts[i]);
        let best_other = counts
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != own_i)
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0);
        (best_other >= 2 && best_other > own).then_some(None)
    }

    /// The document's language, from the first ~2 KB of body text.
    fn document_language(&self, cx: &Cx) -> Option<Language> {
        let mut sample = String::new();
        for (_, b) in cx.doc.body() {
            if b.is_heading_like() || b.turn.is_some() && b.turn_body().is_empty() {
                continue;
            }
            sample.push_str(b.text());
            sample.push('\n');
            if sample.len() > 2048 {
                break;
            }
        }
        if sample.trim().is_empty() {
            return None;
        }
        // Cheap signal first: a clear stop-word majority decides.
        let hits = self.stop_counts(&sample);
        let mut counts: Vec<(usize, &str)> = hits
            .iter()
            .zip(&self.langs)
            .map(|(n, k)| (*n, k.as_str()))
            .collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        if let [(best, code), (second, _), ..] = counts[..] {
            if best >= 15 && best as f64 >= 2.5 * second as f64 {
                if let Some(l) = Language::all().into_iter().find(|l| self::code(*l) == code) {
                    return Some(l);
                }
            }
        }
        let cut = crate::span::floor_char_boundary(&sample, 1024);
        detector().detect_language_of(&sample[..cut])
    }
}

impl Check for LanguageCheck {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let Some(doc_lang) = self.document_language(cx) else {
            return;
        };
        let doc_code = code(doc_lang);
        let doc_script = script_of_language(doc_lang);
        for (_, b) in cx.blocks() {
            let text = b.text();
            let mut run: Option<(usize, usize, String)> = None;
            let flush = |run: &mut Option<(usize, usize, String)>, out: &mut Vec<Hit>| {
                if let Some((s, e, lang)) = run.take() {
                    out.push(
                        Hit::new(b.src(s, e))
                            .var("lang", lang.clone())
                            .var("doc_lang", doc_lang.to_string())
                            .var("text", short(&text[s..e], 50))
                            .label(format!("{lang}, not {doc_lang}")),
                    );
                }
            };
            for r in &b.sentences {
                let sent = &text[r.clone()];
                let flagged = (|| {
                    if word_count(sent) < self.min_words || sent.chars().count() < self.min_chars {
                        return None;
                    }
                    if self.unless_quoted
                        && matches!(sent.chars().next(), Some('"' | '“' | '«' | '„' | '\''))
                    {
                        return None;
                    }
                    let doubt = self.in_doubt(&doc_code, doc_script, sent)?;
                    let values = detector().compute_language_confidence_values(sent);
                    match values.first() {
                        Some((l, conf)) if *l != doc_lang && *conf >= self.min_confidence => {
                            Some(l.to_string())
                        }
                        // lingua does not know the language, but the script alone says it differs.
                        _ => doubt
                            .filter(|s| {
                                *s != script_of_language(values.first().map_or(doc_lang, |v| v.0))
                                    || values.is_empty()
                            })
                            .map(|s| format!("text in {} script", s.name())),
                    }
                })();
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
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn check() -> LanguageCheck {
        let yaml = "min_words: 5\nstopwords:\n  en: [the, and, of, The]\n  EN: [ignored]\n  de: [der, die, und, the]\n  bg: [и, на]\n";
        let file = YamlFile::new("t.yaml", yaml);
        let p: Spanned<Params> = serde_saphyr::from_str(yaml).unwrap();
        LanguageCheck::build(&p, &file).unwrap()
    }

    /// The one-lookup-per-word counts are the per-language counts of the
    /// plain implementation: words split at non-letters, lowercased, looked
    /// up in each language's set.
    #[test]
    fn stop_counts_are_per_language_hits() {
        let c = check();
        assert_eq!(c.langs, vec!["bg", "de", "en"]);
        let sets: HashMap<&str, HashSet<&str>> = [
            ("bg", ["и", "на"].into_iter().collect()),
            ("de", ["der", "die", "und", "the"].into_iter().collect()),
            // "EN" lowercases to "en" and sorts first, so `en`'s own list wins.
            ("en", ["the", "and", "of"].into_iter().collect()),
        ]
        .into_iter()
        .collect();
        for text in [
            "The cat and the hat of THE Ministry",
            "Der Hund und die Katze, the end; ignored",
            "Иван и Мария на площада — ÜBER der Brücke. İstanbul ΣΑΣ",
            "",
        ] {
            let words: Vec<String> = text
                .split(|ch: char| !ch.is_alphabetic() && ch != '\'')
                .filter(|w| !w.is_empty())
                .map(|w| w.to_lowercase())
                .collect();
            let got = c.stop_counts(text);
            for (i, l) in c.langs.iter().enumerate() {
                let want = words
                    .iter()
                    .filter(|w| sets[l.as_str()].contains(w.as_str()))
                    .count();
                assert_eq!(got[i], want, "{l} in {text:?}");
            }
        }
    }
}
