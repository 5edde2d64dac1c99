//! `people`: person mentions with the signals of an invented expert.
//!
//! A candidate is a person introduced with a credential appositive —
//! "Dr. Anya Ivanova, a renowned international relations specialist" —
//! whose credential (and the rest of its sentence) names no concrete
//! institution. Each signal adds its weight; a candidate at or above
//! `threshold` is reported:
//! - `praise`: vague praise credentials ("renowned", "leading expert");
//! - `generic_role`: a generic role noun ("expert", "analyst", "futurist");
//! - `single_mention`: the surname appears nowhere else in the document;
//! - `speaker`: the person speaks as a transcript label;
//! - `together`: several such experts introduced in one sentence;
//! - `overused_name`: a name language models over-use (`overused_names`).
//!
//! Names in `allow` are never reported.

use super::forward_regex::{LazyForward, Limits};
use super::LazyRegex;
use super::{lowercased, short, Check, Cx, Hit};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::Regex;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Weights {
    #[serde(default = "two")]
    pub praise: u32,
    #[serde(default = "one")]
    pub generic_role: u32,
    #[serde(default = "one")]
    pub single_mention: u32,
    #[serde(default = "one")]
    pub speaker: u32,
    #[serde(default = "one")]
    pub together: u32,
    #[serde(default = "one")]
    pub overused_name: u32,
    #[serde(default = "two")]
    pub unaffiliated: u32,
}
fn one() -> u32 {
    1
}
fn two() -> u32 {
    2
}
impl Default for Weights {
    fn default() -> Self {
        Weights {
            praise: 2,
            generic_role: 1,
            single_mention: 1,
            speaker: 1,
            together: 1,
            overused_name: 1,
            unaffiliated: 2,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub honorifics: Vec<String>,
    pub praise: Vec<String>,
    /// Words by which the credential itself disclaims any institution
    /// ("independent", "freelance", "self-styled", "unabhängig",
    /// "niezależny"): a signal of their own (`weights.unaffiliated`), and
    /// like praise they make a role before a name suspect.
    #[serde(default)]
    pub unaffiliated: Vec<String>,
    #[serde(default)]
    pub generic_roles: Vec<String>,
    /// Roles that only count placed before a name with vague praise
    /// ("veteran energy consultant X"): in an appositive they are too
    /// ordinary ("a consultant anaesthetist") to be a signal.
    #[serde(default)]
    pub pre_roles: Vec<String>,
    /// Roles that may follow the name before the appositive's comma, in
    /// languages that write the role after the name ("Kovács Anna
    /// klímakutató, aki …"): the role may close a compound. Only vague
    /// praise makes such a credential suspect, as with a role before the
    /// name.
    #[serde(default)]
    pub post_roles: Vec<String>,
    /// Endings of a possessor (Hungarian -nak/-nek): capitalized words
    /// ending so before a role after them own the role ("… Karának
    /// kutatója", the faculty's researcher): an institution's name, not a
    /// person's.
    #[serde(default)]
    pub possessor_endings: Vec<String>,
    /// Prepositions (besides the built-in few) that may open a qualifier
    /// of a role placed before the name, up to six words long ("експерт
    /// із багаторічним досвідом у сфері транспорту Тарас Величко").
    #[serde(default)]
    pub role_prepositions: Vec<String>,
    /// Roles written in a construct form that takes its complement noun
    /// directly, with no preposition (Hausa "masanin tarihi", "expert of
    /// history"), lowercase: the noun after such a role is no verb.
    #[serde(default)]
    pub construct_roles: Vec<String>,
    /// Words of expertise ("studied", "forecasts", "research"): a person
    /// without an honorific is only a candidate when the credential has a
    /// generic role or one of these — "who has lived here for decades" is a
    /// resident, not an expert. Empty: no such requirement.
    #[serde(default)]
    pub expertise: Vec<String>,
    /// Capitalized words that make an affiliation concrete (University, Institute…).
    pub institution_words: Vec<String>,
    /// Regexes that make an affiliation concrete ("at Google", "of the IMF").
    #[serde(default)]
    pub institution_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub overused_names: Vec<String>,
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub weights: Weights,
    #[serde(default = "two")]
    pub threshold: u32,
    /// Words that open a credential appositive ("a", "an", "the", "ein", "une").
    #[serde(default = "d_articles")]
    pub articles: Vec<String>,
    /// Regexes (no groups) that open a credential appositive as
    /// `articles` do, for openings with a clause inside ("who officials
    /// say has", "who the inquiry heard had"): the reported-speech
    /// insertion must not hide the credential.
    #[serde(default)]
    pub article_patterns: Vec<String>,
    /// Capitalized words that may precede a bare name but are not part of it.
    #[serde(default = "d_name_stopwords")]
    pub name_stopwords: Vec<String>,
    /// Function words (lowercase). Up to two lowercase words may qualify a
    /// role placed before a name ("analista hídrico X", "pengamat kelautan
    /// senior X"); a function word among them ("an economist whom X",
    /// "analyst when X") means the name is not the role's holder. Nor is a
    /// function word opening the sentence ("Según", "Ifølge") part of the
    /// credential.
    #[serde(default)]
    pub function_words: Vec<String>,
    /// Lowercase particles inside a name ("Pieter de Vries", "Juan de la
    /// Fuente", "Ursula von Lehn").
    #[serde(default)]
    pub name_particles: Vec<String>,
    /// Verbs that make the person named after a credential opening the
    /// sentence the article's subject, not a quoted expert ("A renowned
    /// potter, Jo Bloggs died on Monday"): the name followed by one of
    /// these (lowercase phrases) is no candidate.
    #[serde(default)]
    pub lead_subject_verbs: Vec<String>,
    /// Checkable credentials (lowercase phrases: "former adviser to",
    /// "won the"): a credential before the name holding one of these says
    /// something verifiable, not vague praise.
    #[serde(default)]
    pub checkable_credentials: Vec<String>,
    /// Verbs of a post held (lowercase phrases: "is a", "heads",
    /// "teaches", "insegna"): the sentence right after the candidate's,
    /// opening with the surname and one of these, then an institution or
    /// a capitalized name after one of `affiliation_prepositions` ("Roe
    /// heads the tax group of Acme"), names the affiliation.
    #[serde(default)]
    pub affiliation_verbs: Vec<String>,
    /// Prepositions (lowercase) that open an employer's name after one
    /// of `affiliation_verbs` ("of", "at", "di", "all'").
    #[serde(default)]
    pub affiliation_prepositions: Vec<String>,
    /// Conjunctions that open a reported clause (lowercase: "that",
    /// "que", "dass"): after a name, a comma and one word, they make that
    /// word a verb ("Jo Bloggs, noted that …"), not an appositive's praise.
    #[serde(default)]
    pub complementizers: Vec<String>,
    /// Relative words (lowercase: "yang", "who", "que") that may stand
    /// between a role and its praise ("pakar getah yang terkenal"): the
    /// only words after the role's qualifiers that let praise follow.
    #[serde(default)]
    pub relative_words: Vec<String>,
    /// Phrases after the name tying the person to someone the article
    /// names ("who trained under Okafor", "served alongside Mensah"): a
    /// colleague or pupil of a named person, followed by a capitalized word
    /// the article writes again, is no invented expert.
    #[serde(default)]
    pub relations: Vec<String>,
    /// Standing claimed by reputation, in a clause rather than a praise
    /// adjective ("a surveyor of towering reputation", "whom rivals call
    /// the best in the trade", "whose work is talked about with awe"):
    /// regexes over the credential (lowercase). One counts as vague praise
    /// and, as a claim of skill, as expertise too (the person need not
    /// hold a listed role).
    #[serde(default)]
    pub reputation: Vec<Spanned<String>>,
    /// Literals (lowercase) one of which every `reputation` match holds:
    /// the gate of those regexes, in the engine's shared scan.
    #[serde(default)]
    pub reputation_words: Vec<String>,
    /// Standing claimed after the role ("a chef of towering renown"):
    /// regexes like `reputation`, under the same gate, but vague praise
    /// only, no claim of skill (a striker may have a reputation too: the
    /// person must still hold a role or speak of expertise).
    #[serde(default)]
    pub standing: Vec<Spanned<String>>,
    /// Regexes over the credential (lowercase) that undo a `reputation`
    /// or `standing` match: a reputation that is no praise ("of dubious
    /// reputation").
    #[serde(default)]
    pub reputation_exceptions: Vec<Spanned<String>>,
}

fn d_name_stopwords() -> Vec<String> {
    [
        "For",
        "According",
        "Said",
        "Says",
        "As",
        "With",
        "From",
        "By",
        "Per",
        "Also",
        "And",
        "But",
        "Then",
        "When",
        "While",
        "Meanwhile",
        "Today",
        "Yesterday",
        "Según",
        "Para",
        "Con",
        "Laut",
        "Für",
        "Mit",
        "Selon",
        "Pour",
        "Avec",
        "Per",
        "Secondo",
        "Podle",
        "Podľa",
        "Według",
        "Volgens",
        "Ifølge",
        "Enligt",
        "Segundo",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn d_articles() -> Vec<String> {
    ["a", "an", "the", "one of the", "one of"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// The limits of the check's own patterns: the regex crate's default NFA
/// size limit, which they were written under (the role and praise lists
/// make them larger than a rule's regex may be), and its default lazy DFA
/// cache.
const PATTERNS: Limits = Limits::nfa(10 << 20);

/// `pre_intro`'s limits: a lazy DFA cache four times the default. Its
/// search (up to three words of any letters, then the role vocabulary)
/// runs wherever a sentence holds both a role and praise; on varied text
/// 2 MB fills within a few sentences, and a cache cleared too often for
/// the bytes it searched makes the search give up and run on the NFA
/// engines. On the v2 bench corpus the larger cache took this rule from
/// 0.95 to 0.73 s per 53 MB of text, at the same peak RSS: the cache grows
/// only as far as it is used.
const PRE_INTRO: Limits = Limits {
    dfa_cache: 8 << 20,
    ..PATTERNS
};

pub struct People {
    intro: LazyForward,
    /// `intro`'s groups are found in parts ([`People::intro_at`]): the
    /// name before the comma (this regex, on that part alone), then which
    /// alternative opens the appositive (`app_article`, `app_praise`,
    /// anchored). Resolving the groups of the whole match ran a
    /// backtracking engine over the praise and role lists at every byte of
    /// the appositive: ~10% of an audit.
    intro_head: LazyForward,
    /// [`Params::possessor_endings`] (lowercase).
    possessor_endings: Vec<String>,
    app_article: LazyForward,
    app_praise: LazyForward,
    /// The credential before the name: "Renowned economist Farhan
    /// Siddiqui, a longtime observer …", "O especialista Ricardo Nogueira".
    /// Without its last group, the appositive after the name
    /// ([`PRE_INTRO_APP`], found by [`pre_intro_app`]): the groups are
    /// resolved by a backtracking search over the match, whose cost grows
    /// with the match's length.
    pre_intro: LazyForward,
    /// A credential opening the sentence, before the name: an article (or
    /// "one of …") and a noun phrase, then a comma and the name ("An
    /// freight analyst with long experience in the trade, Jo Bloggs, said"); or
    /// any opening phrase then an honorific and the name, in languages that
    /// put every modifier before it ("… deneyimli Prof. Dr. Ali Veli").
    lead: LazyForward,
    /// `<Name token>,\s+<article>\s`: part of every `intro` match, so an
    /// element without it has no candidate (checked once per element
    /// instead of running `intro` on each sentence).
    intro_gate: LazyForward,
    /// `praise` and `unaffiliated` together: what makes a credential
    /// suspect at all (the gates, the leading words of a credential).
    praise: AhoCorasick,
    /// `praise` alone and `unaffiliated` alone: the two signals.
    praise_only: AhoCorasick,
    unaffiliated: Option<AhoCorasick>,
    expertise: Option<AhoCorasick>,
    roles: Option<AhoCorasick>,
    /// `generic_roles` and `pre_roles`: the literal gate of `pre_intro`.
    pre_roles: Option<AhoCorasick>,
    /// The roles and praise phrases as literals for the engine's shared
    /// scan (ASCII lowercase), and per literal whether it is a role (bit 0)
    /// or praise (bit 1): `pre_intro` looks only where both occur.
    gate_lits: Vec<Vec<u8>>,
    gate_masks: Vec<u64>,
    institutions: LazyForward,
    inst_patterns: Vec<Regex>,
    /// `institutions` and `inst_patterns` in one set (their sources, the
    /// site's name case-insensitive): [`People::concrete`] in one scan
    /// instead of one per regex. `None` where the set does not build.
    concrete_set: Option<regex::RegexSet>,
    concrete_srcs: Vec<String>,
    honorific_re: LazyForward,
    /// Honorifics written in a script without capitals (دکتر, الدكتور,
    /// ড., डॉ., ד"ר): the route for names no capital can find.
    uncased_titles: Option<AhoCorasick>,
    /// The bytes that lead the first non-ASCII character of one of
    /// `uncased_titles` (every such title has one: its letters are all
    /// outside ASCII, whose letters all have case), sorted. A text without
    /// any of these bytes holds no title ([`title_bytes`]).
    uncased_title_bytes: Option<Vec<u8>>,
    /// Institution words in scripts without capitals, matched inside words
    /// (Arabic and Persian attach prepositions and articles: "بجامعة").
    uncased_institutions: Option<AhoCorasick>,
    overused: Vec<String>,
    /// `honorifics` without a final dot ("Dr", "Prof").
    honorifics: Vec<String>,
    name_stopwords: Vec<String>,
    function_words: std::collections::HashSet<String>,
    allow: Vec<String>,
    w: Weights,
    threshold: u32,
    lead_subject_verbs: Vec<String>,
    affiliation_verbs: Vec<String>,
    affiliation_prepositions: Vec<String>,
    checkable: Option<AhoCorasick>,
    complementizers: Vec<String>,
    relative_words: Vec<String>,
    relations: Vec<String>,
    /// `relations` in one automaton (each once), for
    /// [`People::related_to_named`]; `None` with an empty phrase among
    /// them (or none at all).
    relations_ac: Option<(AhoCorasick, Vec<String>)>,
    /// [`Params::reputation`] and its gate [`Params::reputation_words`].
    reputation: Vec<LazyRegex>,
    reputation_words: Option<AhoCorasick>,
    reputation_exceptions: Vec<LazyRegex>,
    standing: Vec<LazyRegex>,
    /// `role_prepositions`, lowercase.
    role_preps: std::collections::HashSet<String>,
    /// `construct_roles`, lowercase.
    construct_roles: std::collections::HashSet<String>,
}

fn alternation(words: &[String]) -> String {
    /// A trie of the words: those that share a prefix share its states.
    #[derive(Default)]
    struct Node {
        next: Vec<(char, Node)>,
        end: bool,
    }
    fn emit(n: &Node, out: &mut String) {
        let options = n.next.len() + usize::from(n.end && !n.next.is_empty());
        if options > 1 {
            out.push_str("(?:");
        }
        for (i, (c, child)) in n.next.iter().enumerate() {
            if i > 0 {
                out.push('|');
            }
            out.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            emit(child, out);
        }
        // Where one word is a prefix of another, the longer is tried first
        // (as in the plain alternation sorted by length).
        if n.end && !n.next.is_empty() {
            out.push('|');
        }
        if options > 1 {
            out.push(')');
        }
    }
    let mut ws: Vec<&str> = words.iter().map(|w| w.trim_end_matches('.')).collect();
    ws.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let mut root = Node::default();
    for w in ws {
        let mut n = &mut root;
        for c in w.chars() {
            let i = match n.next.iter().position(|(k, _)| *k == c) {
                Some(i) => i,
                None => {
                    n.next.push((c, Node::default()));
                    n.next.len() - 1
                }
            };
            n = &mut n.next[i].1;
        }
        n.end = true;
    }
    let mut out = String::new();
    emit(&root, &mut out);
    out
}

fn phrase_matcher(list: &[String]) -> Option<AhoCorasick> {
    if list.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(list)
        .ok()
}

impl People {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        if v.honorifics.is_empty() || v.institution_words.is_empty() {
            return Err(file.error(
                "`people` needs `honorifics` and `institution_words`",
                yaml_span(p),
                "incomplete",
            ));
        }
        // (The patterns find capitalized names: the words of scripts
        // without capitals, which only the honorific route reads, are left
        // out of them, and cost them nothing.)
        let cased = |l: &[String]| -> Vec<String> {
            l.iter().filter(|w| !is_uncased(w)).cloned().collect()
        };
        let hon = alternation(&cased(&v.honorifics));
        let mut arts = alternation(&v.articles);
        for a in &v.article_patterns {
            if Regex::new(a).is_err() || a.contains("(?P<") || a.contains("(?<") {
                return Err(file.error(
                    format!("`article_patterns`: not a regex without named groups: {a}"),
                    yaml_span(p),
                    "article_patterns",
                ));
            }
            arts = format!("{arts}|{a}");
        }
        // A credential may also open with the praise itself ("Álvaro Méndez,
        // reconocido economista"), without an article.
        let suspect: Vec<String> = v.praise.iter().chain(&v.unaffiliated).cloned().collect();
        let praise_open = alternation(&cased(&suspect));
        // Up to two lowercase particles may stand before a later token.
        let particles = if v.name_particles.is_empty() {
            String::new()
        } else {
            format!(r"(?:(?:{})\s+){{0,2}}", alternation(&v.name_particles))
        };
        let name = format!(
            r"\p{{Lu}}[\p{{L}}'’\-]+(?:\s+{particles}(?:\p{{Lu}}\.|\p{{Lu}}[\p{{L}}'’\-]+)){{0,3}}"
        );
        // honorific + name, or a bare two-to-four-word name, then ", " and an appositive.
        // …or with the bare role ("Jean Roux, économiste reconnu …", the
        // Romance appositive without an article): then only with praise.
        let role_open = alternation(&cased(&v.generic_roles));
        // A role after the name, before the comma (`post_roles`).
        let post = if v.post_roles.is_empty() {
            String::new()
        } else {
            format!(
                r"(?P<post>(?:\s+\p{{Ll}}[\p{{L}}\-]*){{0,2}}?\s+\p{{Ll}}?[\p{{L}}\-]*?(?:{}))?",
                alternation(&v.post_roles)
            )
        };
        let later = file.builtin;
        let intro = LazyForward::parse(format!(
            r"(?P<hon>(?:^|\s|\()(?:{hon})\.?\s+)?(?P<name>{name}){post},\s+(?P<app>(?:(?i:{arts})\s+|(?i:{praise_open})\s|(?P<bare>(?i:{role_open}))\s)[^,;:()\n]*)"
        ), PATTERNS, later)
        .map_err(|e| file.error(format!("cannot build the person pattern: {e}"), yaml_span(p), "honorifics"))?;
        let part = |re: String| {
            LazyForward::parse(re, PATTERNS, later).map_err(|e| {
                file.error(
                    format!("cannot build the person pattern: {e}"),
                    yaml_span(p),
                    "honorifics",
                )
            })
        };
        let intro_head = part(format!(
            r"(?P<hon>(?:^|\s|\()(?:{hon})\.?\s+)?(?P<name>{name}){post}$"
        ))?;
        let app_article = part(format!(r"^(?i:{arts})\s+"))?;
        let app_praise = part(format!(r"^(?i:{praise_open})\s"))?;
        let all_roles: Vec<String> = v
            .generic_roles
            .iter()
            .chain(&v.pre_roles)
            .cloned()
            .collect();
        let roles = alternation(&cased(&all_roles));
        // More prepositions that may open the qualifier between a role and
        // the name ("експерт із багаторічним досвідом у сфері транспорту
        // Тарас Величко").
        let preps = if v.role_prepositions.is_empty() {
            "(?!)".to_string()
        } else {
            alternation(&v.role_prepositions)
        };
        // The role may close a compound ("trafikanalytiker"), be qualified
        // by up to two lowercase words after it ("analista hídrico"), and
        // stand in apposition before the name ("an industry observer, Mr.
        // Wang").
        let pre_intro = LazyForward::parse(
            format!(
                r"(?P<cred>(?:\p{{L}}[\p{{L}}'’\-]*\s+){{0,3}}?[\p{{L}}\-]*(?i:{roles})(?P<mods>(?:\s+\p{{Ll}}[\p{{L}}'’\-]*){{0,2}}?)(?P<comp>\s+(?:en|in|em|on|of|de|di|dans|für|im|w|na|wa|ya|op|van|ds\.|do spraw|{preps})\s+\p{{Ll}}[\p{{L}}'’\-]*(?:\s+\p{{Ll}}[\p{{L}}'’\-]*){{0,5}})?(?:,\s+|\s+))(?P<hon>(?:{hon})\.?\s+)?(?P<name>\p{{Lu}}[\p{{L}}'’\-]+(?:\s+(?:\p{{Lu}}\.\s*)+)?(?:\s+{particles}\p{{Lu}}[\p{{L}}'’\-]+){{1,3}}|\p{{Lu}}\.(?:\s*\p{{Lu}}\.)*\s*\p{{Lu}}[\p{{L}}'’\-]+|\p{{Lu}}[\p{{L}}'’\-]+)"
            ),
            PRE_INTRO,
            later,
        )
        .map_err(|e| file.error(format!("cannot build the person pattern: {e}"), yaml_span(p), "generic_roles"))?;
        let lead = part(format!(
            r"^[\s\p{{Pi}}\p{{Ps}}\p{{Pd}}\*_\x22']*(?P<cred>\p{{L}}[^,;:()\[\]\n\x22“”«»„]{{3,240}}?(?:,\s+\p{{Ll}}[^,;:()\[\]\n\x22“”«»„]{{3,240}}?)?)(?:(?P<comma>,)\s+(?P<hon>(?:(?:{hon})\.?\s+){{0,2}})|\s+(?P<hon2>(?:(?:{hon})\.?\s+){{1,2}}))(?P<name>\p{{Lu}}[\p{{L}}'’\-]+(?:\s+{particles}\p{{Lu}}[\p{{L}}'’\-]+){{0,3}})(?:,|\s+\p{{Ll}})"
        ))?;
        // The name's last token, the comma and the article (or praise) of
        // every intro.
        let post_gate = if v.post_roles.is_empty() {
            String::new()
        } else {
            format!(r"|(?:{})", alternation(&v.post_roles))
        };
        let intro_gate = LazyForward::parse(format!(
            r"(?:(?:\p{{Lu}}\.|\p{{Lu}}[\p{{L}}'’\-]+){post_gate}),\s+(?:(?i:{arts})|(?i:{praise_open})|(?i:{role_open}))\s"
        ), PATTERNS, later)
        .map_err(|e| {
            file.error(
                format!("cannot build the person pattern: {e}"),
                yaml_span(p),
                "articles",
            )
        })?;
        let honorific_re = part(format!(r"(?:^|\s)(?:{hon})\.?\s+\p{{Lu}}"))?;
        let institutions = LazyForward::parse(
            format!(
                r"(?:^|[^\p{{L}}])(?:{})(?:[^\p{{L}}]|$)",
                alternation(&v.institution_words)
            ),
            PATTERNS,
            later,
        )
        .map_err(|e| {
            file.error(
                format!("cannot build the institution pattern: {e}"),
                yaml_span(p),
                "institution_words",
            )
        })?;
        // (With the capitalized forms of phrases that open with a letter
        // outside ASCII, which ASCII case folding leaves apart: a sentence
        // may open with "Известният", "Հայտնի".)
        let all_roles = with_capitals(all_roles);
        let suspect = with_capitals(suspect);
        if (!v.reputation.is_empty() || !v.standing.is_empty()) && v.reputation_words.is_empty() {
            return Err(file.error(
                "`reputation` needs `reputation_words` (its gate)",
                yaml_span(p),
                "reputation_words",
            ));
        }
        let mut gate: Vec<(Vec<u8>, u64)> = (all_roles.iter().map(|r| (r, 1)))
            .chain(suspect.iter().map(|p| (p, 2)))
            .chain(v.reputation_words.iter().map(|p| (p, 2)))
            .map(|(l, m)| (l.as_bytes().to_ascii_lowercase(), m))
            .collect();
        gate.sort();
        gate.dedup_by(|a, b| {
            let same = a.0 == b.0;
            if same {
                b.1 |= a.1;
            }
            same
        });
        let uncased_titles: Vec<String> = v
            .honorifics
            .iter()
            .map(|h| h.trim_end_matches('.').to_string())
            .filter(|h| is_uncased(h))
            .collect();
        let inst_patterns = super::compile_all(&v.institution_patterns, false, file)?;
        let concrete_srcs: Vec<String> = std::iter::once(institutions.as_str())
            .chain(inst_patterns.iter().map(Regex::as_str))
            .map(str::to_string)
            .collect();
        Ok(People {
            concrete_set: concrete_set(&concrete_srcs),
            concrete_srcs,
            gate_lits: gate.iter().map(|(l, _)| l.clone()).collect(),
            gate_masks: gate.iter().map(|(_, m)| *m).collect(),
            intro,
            intro_head,
            possessor_endings: v
                .possessor_endings
                .iter()
                .map(|e| e.to_lowercase())
                .collect(),
            app_article,
            app_praise,
            pre_intro,
            lead,
            intro_gate,
            praise: phrase_matcher(&suspect)
                .ok_or_else(|| file.error("`praise` must not be empty", yaml_span(p), "praise"))?,
            praise_only: phrase_matcher(&v.praise)
                .ok_or_else(|| file.error("`praise` must not be empty", yaml_span(p), "praise"))?,
            unaffiliated: phrase_matcher(&v.unaffiliated),
            roles: phrase_matcher(&v.generic_roles),
            pre_roles: phrase_matcher(&all_roles),
            expertise: phrase_matcher(&v.expertise),
            institutions,
            inst_patterns,
            honorific_re,
            uncased_titles: phrase_matcher(&uncased_titles),
            uncased_title_bytes: title_bytes(&uncased_titles),
            uncased_institutions: phrase_matcher(
                &v.institution_words
                    .iter()
                    .filter(|h| is_uncased(h))
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
            honorifics: v
                .honorifics
                .iter()
                .map(|h| h.trim_end_matches('.').to_string())
                .collect(),
            overused: lowercased(&v.overused_names),
            name_stopwords: v.name_stopwords.clone(),
            function_words: lowercased(&v.function_words),
            allow: lowercased(&v.allow),
            lead_subject_verbs: lowercased(&v.lead_subject_verbs),
            checkable: phrase_matcher(&v.checkable_credentials),
            affiliation_verbs: lowercased(&v.affiliation_verbs),
            affiliation_prepositions: lowercased(&v.affiliation_prepositions),
            complementizers: lowercased(&v.complementizers),
            relative_words: lowercased(&v.relative_words),
            relations: lowercased(&v.relations),
            relations_ac: relation_matcher(lowercased(&v.relations)),
            reputation: super::compile_lazy(&v.reputation, false, file)?,
            reputation_words: phrase_matcher(&v.reputation_words),
            reputation_exceptions: super::compile_lazy(&v.reputation_exceptions, false, file)?,
            standing: super::compile_lazy(&v.standing, false, file)?,
            role_preps: lowercased(&v.role_prepositions),
            construct_roles: lowercased(&v.construct_roles),
            w: Weights { ..v.weights },
            threshold: v.threshold,
        })
    }

    /// Extend the allowlist with the site's people, and count the site's own
    /// name as a concrete affiliation ("a correspondent for The Tribune").
    fn add_site(&mut self, site: &super::Site) {
        self.allow
            .extend(site.people.iter().map(|p| p.trim().to_lowercase()));
        if let Some(name) = site
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let re = regex::RegexBuilder::new(&format!(r"(?:^|\W){}(?:\W|$)", regex::escape(name)))
                .case_insensitive(true)
                .build();
            // An escaped literal always compiles.
            if let Ok(re) = re {
                self.concrete_srcs.push(format!("(?i:{})", re.as_str()));
                self.concrete_set = concrete_set(&self.concrete_srcs);
                self.inst_patterns.push(re);
            }
        }
    }

    /// Candidates introduced by a role before the name ("Renowned
    /// economist Farhan Siddiqui, a longtime observer of …"), not already
    /// found by the appositive pattern.
    fn pre_intro_candidates(&self, cx: &Cx, cands: &mut Vec<Cand>) {
        let Some(roles) = &self.pre_roles else { return };
        // Where roles (bit 0) and praise (bit 1) occur: from the engine's
        // shared scan, or two scans of our own when run alone.
        let gate = cx.gate.as_ref().filter(|_| !self.gate_masks.is_empty());
        let mut hits: Vec<(usize, usize, u64)> = Vec::new();
        // (The masks are ours, 1, 2 or 3: once both bits are seen no
        // later hit can unset one.)
        let both = |hits: &[(usize, usize, u64)], lo: usize, hi: usize| {
            let mut m = 0;
            hits.iter().filter(|h| h.0 >= lo && h.1 <= hi).any(|h| {
                m |= h.2;
                m == 3
            })
        };
        for (bi, b) in cx.blocks() {
            let text = b.text();
            // Both a role and praise must occur: literal scans decide for
            // most elements.
            if let Some(g) = gate {
                hits.clear();
                hits.extend(g.literal_hits(bi));
                if !both(&hits, 0, text.len()) {
                    continue;
                }
            } else if !roles.is_match(text) || !self.may_praise(text, false) {
                continue;
            }
            for (si, r) in b.sentences.iter().enumerate() {
                let sent = &text[r.clone()];
                // The credential (role and praise) lies inside the sentence.
                let in_sentence = match gate {
                    Some(_) => both(&hits, r.start, r.end),
                    None => roles.is_match(sent) && self.may_praise(sent, false),
                };
                if b.sentences.len() > 1 && !in_sentence {
                    continue;
                }

                // (`captures_iter` of the whole pattern: the core's
                // match, then the appositive after it; the next search
                // starts where the appositive ends.)
                let mut next = 0;
                while let Some(m) = self.pre_intro.find_at(sent, next) {
                    let core_end = m.end;
                    let app_range = pre_intro_app(sent, core_end);
                    next = app_range.as_ref().map_or(core_end, |r| r.end);
                    // The groups are resolved by a backtracking search
                    // (~30% of this rule): not for a match inside a
                    // candidate already found that can take nothing from
                    // it, which the match's range alone tells.
                    if self.pre_intro_inert(cands, bi, r.start, sent, m.clone(), &app_range) {
                        continue;
                    }
                    let Some(c) = self.pre_intro.captures_at(sent, m.start) else {
                        continue;
                    };
                    let (Some(cred), Some(name)) = (c.name("cred"), c.name("name")) else {
                        continue;
                    };
                    // "an economist whom Maria Lopez …": a function word
                    // between the role and the name.
                    if c.name("mods").is_some_and(|m| {
                        m.as_str().split_whitespace().any(|w| {
                            self.function_words
                                .contains(&w.trim_matches(['\'', '’']).to_lowercase())
                        })
                    }) {
                        continue;
                    }

                    // Leading lowercase words that are not praise ("says",
                    // "o") and leading function words ("Según", "Ifølge")
                    // are not part of the credential.
                    let mut cred_start = cred.start();
                    loop {
                        let rest = &sent[cred_start..cred.end()];
                        let Some((w, tail)) = rest.split_once(char::is_whitespace) else {
                            break;
                        };
                        if (w.starts_with(char::is_lowercase)
                            || self.function_words.contains(&w.to_lowercase()))
                            && has_phrase_at(&self.praise, w).is_none()
                            // (nor a phrase of praise that opens with it,
                            // "միջազգային փորձ ունեցող փորձագետ")
                            && has_phrase_at(&self.praise, &rest.to_lowercase())
                                .is_none_or(|p| p.0 > 0)
                            && roles.is_match(tail)
                        {
                            cred_start +=
                                w.len() + (rest.len() - w.len() - tail.trim_start().len());
                        } else {
                            break;
                        }
                    }
                    // A function word inside the credential, before the role
                    // ("a reconnu la conseillère X": "reconnu" is the verb
                    // of another clause, not praise of the role): the
                    // credential starts after it.
                    {
                        let rest = &sent[cred_start..cred.end()];
                        let base = rest.as_ptr() as usize;
                        let mut words = rest.split_whitespace().collect::<Vec<_>>();
                        words.pop();
                        if let Some(w) = words.iter().rev().find(|w| {
                            self.function_words
                                .contains(&w.trim_matches(['\'', '’']).to_lowercase())
                        }) {
                            let cut = w.as_ptr() as usize - base;
                            // (Not when the words before it hold a role
                            // themselves: "mtaalamu maarufu wa masoko".)
                            if !roles.is_match(&rest[..cut]) {
                                cred_start += cut + w.len();
                                cred_start += sent[cred_start..].len()
                                    - sent[cred_start..].trim_start().len();
                            }
                        }
                    }
                    let cred_str = &sent[cred_start..cred.end()];
                    let app = self.pre_intro_app_str(sent, &app_range);
                    let start = r.start + cred_start;
                    let end = r.start + name.end() + app.len();
                    // Already found by its appositive: the role before the
                    // name is part of the same credential.
                    if let Some(k) = cands
                        .iter_mut()
                        .find(|k| k.block == bi && k.start < end && start < k.end)
                    {
                        if k.start > start && name.as_str().ends_with(k.name.as_str()) {
                            k.start = start;
                            k.role_before = true;
                            k.credential = format!("{} {}", cred_str.trim(), k.credential);
                        } else if !k.honorific
                            && k.name.len() > name.as_str().len()
                            && k.name.ends_with(name.as_str())
                        {
                            // The appositive pattern took a capitalized
                            // role for part of the name ("Verkehrsexperte
                            // Jan Kowalski, der …"): the role is the
                            // credential.
                            k.start = start;
                            k.name = name.as_str().to_string();
                            k.role_before = true;
                            k.needs_praise = true;
                            k.credential = format!("{} {}", cred_str.trim(), k.credential);
                        }
                        continue;
                    }
                    let rest_end = sent[name.end()..]
                        .find(';')
                        .map_or(sent.len(), |k| name.end() + k);
                    if self.concrete(&sent[name.end()..rest_end]) || self.concrete(cred_str) {
                        continue;
                    }
                    // The name as the sentence's subject ("Celebrated
                    // engineer Jo Bloggs has died"): the article is about
                    // the person, who is quoted by no one.
                    if self.subject_verb_follows(&sent[name.end()..]) {
                        continue;
                    }
                    // An age after the name ("Tom Price, 72, who …"): a
                    // person reported on, not an expert's credential.
                    if app
                        .trim_start_matches([',', ' '])
                        .split([',', ' '])
                        .next()
                        .is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
                    {
                        continue;
                    }
                    // A checkable credential after the name ("who designed
                    // the Severn crossing"), unless the praise holds it.
                    if self.checkable.as_ref().is_some_and(|a| {
                        checkable_outside(a, &self.praise_only, &app.to_lowercase())
                    }) {
                        continue;
                    }
                    let name_str = name.as_str().trim().to_string();
                    // A one-word name needs an honorific ("Mr. Wang").
                    if !name_str.contains(char::is_whitespace)
                        && !name_str.contains('.')
                        && c.name("hon").is_none()
                    {
                        continue;
                    }
                    cands.push(Cand {
                        block: bi,
                        sentence: si,
                        start,
                        end,
                        name: name_str,
                        honorific: c.name("hon").is_some(),
                        credential: format!(
                            "{} {}",
                            cred_str.trim(),
                            app.trim_start_matches(',').trim()
                        ),
                        needs_praise: true,
                        role_before: true,
                        lead: false,
                    });
                }
                // After the role-before-name candidates (theirs is the longer
                // credential where both find one).
                // (An honorific the splitter does not know ends a
                // sentence: "… ThS." "Lê Văn Thịnh, …" is one.)
                let mut lead_end = r.end;
                let mut k = si;
                while k + 1 < b.sentences.len()
                    && self.ends_with_honorific(&text[r.start..lead_end])
                {
                    k += 1;
                    lead_end = b.sentences[k].end;
                }
                self.lead_candidate(bi, si, r.start, &text[r.start..lead_end], cands);
            }
        }
    }

    /// The appositive after a `pre_intro` match (`app_range`, from
    /// [`pre_intro_app`]) as its candidate's credential ends it.
    fn pre_intro_app_str<'s>(
        &self,
        sent: &'s str,
        app_range: &Option<std::ops::Range<usize>>,
    ) -> &'s str {
        let app = app_range.clone().map_or("", |r| &sent[r]);
        // ", noted that …": a verb and its clause, no appositive.
        let app = if self.verb_clause(app) { "" } else { app };
        app.trim_end_matches(['.', '!', '?', ' ', '”', '"', ','])
    }

    /// Whether the `pre_intro` match `m` of `sent` (at `at` in block `bi`)
    /// changes nothing, whatever its groups: a candidate of `cands`
    /// overlaps it wherever its credential starts, and none it could
    /// overlap shares the name's last word. The name ends the match, its
    /// last word being the letters before the end ([`final_word`]), and
    /// the credential starts between the match's start and the name's:
    /// so the candidate found is one of those, and neither takes the
    /// role (the name ends with theirs) nor gives up a role read as part
    /// of its name (theirs ends with the name).
    fn pre_intro_inert(
        &self,
        cands: &[Cand],
        bi: usize,
        at: usize,
        sent: &str,
        m: std::ops::Range<usize>,
        app_range: &Option<std::ops::Range<usize>>,
    ) -> bool {
        let last = final_word(&sent[..m.end]);
        let end = at + m.end + self.pre_intro_app_str(sent, app_range).len();
        let near = |k: &&Cand| k.block == bi && k.start < end;
        cands
            .iter()
            .filter(near)
            .any(|k| at + m.end - last.len() < k.end)
            && !cands.iter().filter(near).any(|k| {
                at + m.start < k.end && (k.name.ends_with(last) || last.ends_with(k.name.as_str()))
            })
    }

    /// Does `cred` open with a generic role and its praise after it, the
    /// order of languages that put the adjective after the noun ("Chuyên
    /// gia hàng đầu …", "expert of world renown …")? Up to three lowercase
    /// words may qualify the role first, and one of `relative_words` may
    /// stand right before the praise ("pakar getah yang terkenal"); any
    /// other function word ends the role's phrase ("Analyst notes from
    /// leading banks" is a sentence, not a credential).
    fn role_then_praise(&self, cred: &str) -> bool {
        let Some(roles) = &self.roles else {
            return false;
        };
        let lc = cred.to_lowercase();
        let Some((0, e)) = has_phrase_at(roles, &lc) else {
            return false;
        };
        let mut rest = lc[e..].trim_start();
        if rest.len() == lc.len() - e {
            return false;
        }
        let praised = |r: &str| has_phrase_at(&self.praise_only, r).is_some_and(|p| p.0 == 0);
        for _ in 0..4 {
            if praised(rest) {
                return true;
            }
            let Some((w, after)) = rest.split_once(char::is_whitespace) else {
                return false;
            };
            if !w.chars().all(char::is_alphabetic) {
                return false;
            }
            let after = after.trim_start();
            if self.relative_words.iter().any(|r| r == w) {
                return praised(after);
            }
            if self.function_words.contains(w) {
                return false;
            }
            rest = after;
        }
        false
    }

    /// Does `s` end with an honorific and its dot ("… TS.")?
    fn ends_with_honorific(&self, s: &str) -> bool {
        let Some(t) = s.trim_end().strip_suffix('.') else {
            return false;
        };
        let w = t.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
        !w.is_empty() && self.honorifics.iter().any(|h| h == w)
    }

    /// A credential that opens the sentence and ends at the name ([`People::lead`]):
    /// suspect with vague praise (or a disclaimed affiliation) anywhere in
    /// it and a generic role in its head, and no institution in the
    /// sentence. After a comma the credential must open with an article
    /// or "one of" (`articles`): "After years as a top analyst, Jo
    /// Bloggs retired" is a clause of time, not a credential.
    fn lead_candidate(&self, bi: usize, si: usize, at: usize, sent: &str, cands: &mut Vec<Cand>) {
        // (Every candidate needs praise or a word of reputation in its
        // credential, which lies before the match's end: without either
        // there, the groups, resolved by a backtracking search, are not
        // needed.)
        let Some(m) = self.lead.find_at(sent, 0) else {
            return;
        };
        if !self.may_praise(&sent[..m.end].to_lowercase(), true) {
            return;
        }
        let Some(c) = self.lead.captures(sent) else {
            return;
        };
        let (Some(cred), Some(name)) = (c.name("cred"), c.name("name")) else {
            return;
        };
        // Leading function words ("Volgens de …", "Según el …") are not
        // part of the credential.
        // (After a comma the credential opens with its article.)
        let comma = c.name("comma").is_some();
        let mut cred_start = cred.start();
        while let Some((w, _)) = sent[cred_start..cred.end()]
            .split_once(char::is_whitespace)
            .filter(|_| !comma)
        {
            if !self.function_words.contains(&w.to_lowercase()) {
                break;
            }
            cred_start += w.len();
            cred_start += sent[cred_start..].len() - sent[cred_start..].trim_start().len();
        }
        let cred_str = sent[cred_start..cred.end()].trim_end();
        let hon = c
            .name("hon")
            .or(c.name("hon2"))
            .filter(|h| !h.as_str().trim().is_empty());
        // (Or with the praise itself, in languages without articles:
        // "Признанный сейсмолог …, Имя Фамилия считает"; then the role
        // closes the noun phrase or a preposition follows it: in
        // "Renowned economists warned of …, Jo Bloggs said" a verb does.)
        let opens_credential = || {
            self.app_article.is_match(cred_str)
                || (self.app_praise.is_match(cred_str) && self.role_closes_phrase(cred_str))
                || self.role_then_praise(cred_str)
        };
        if comma && !opens_credential() {
            return;
        }
        let name_str = name.as_str();
        // Without an honorific, the name must be 2+ words.
        if hon.is_none() && !name_str.contains(char::is_whitespace) {
            return;
        }
        let lc = cred_str.to_lowercase();
        // (Praise by a listed word, or standing claimed in a clause: "a
        // geologist of rare standing in the north, Dr. …".)
        if has_phrase_at(&self.praise, &lc).is_none() && self.reputed(&lc).is_none() {
            return;
        }
        // (The head of the noun phrase before any inner clause: "…, who
        // has advised …", "…, выступавший советником …".)
        let head = self
            .head(cred_str.split(',').next().unwrap_or(cred_str))
            .to_lowercase();
        if !self.pre_roles.as_ref().is_some_and(|r| has_role(r, &head)) {
            return;
        }
        let rest_end = sent[name.end()..]
            .find(';')
            .map_or(sent.len(), |k| name.end() + k);
        // (From the name's start: a particle may have taken an
        // institution into it, "… von der Universität Freiburg".)
        if self.concrete(cred_str) || self.concrete(&sent[name.start()..rest_end]) {
            return;
        }
        // A checkable credential ("former adviser to three prime
        // ministers", "won the Nobel prize") is not vague praise.
        // (Unless the praise itself holds it: "advised governments" names
        // none.)
        if self
            .checkable
            .as_ref()
            .is_some_and(|a| checkable_outside(a, &self.praise_only, &lc))
        {
            return;
        }
        // The name as the sentence's subject ("…, Jo Bloggs died on
        // Monday"): the article is about the person, who is quoted by no one.
        if self.subject_verb_follows(&sent[name.end()..]) {
            return;
        }
        let (start, end) = (at + cred_start, at + name.end());
        if let Some(k) = cands
            .iter_mut()
            .find(|k| k.block == bi && k.start < end && start < k.end)
        {
            // Found by its appositive ("X, a lăudat …" read as "X, a …"):
            // the credential before the name is the person's.
            if k.start > start
                && name_str.ends_with(k.name.as_str())
                && has_phrase_at(&self.praise, &k.credential.to_lowercase()).is_none()
            {
                k.start = start;
                k.credential = format!("{cred_str}, {}", k.credential);
                k.needs_praise = true;
                k.role_before = true;
                k.honorific |= hon.is_some();
            }
            return;
        }
        cands.push(Cand {
            block: bi,
            sentence: si,
            start,
            end,
            name: name_str.to_string(),
            honorific: hon.is_some(),
            credential: cred_str.to_string(),
            needs_praise: true,
            role_before: true,
            lead: true,
        });
    }

    /// Candidates in scripts without capitals (Arabic, Persian, Bengali,
    /// Hindi, Hebrew…), where no capital marks a name: anchored on an
    /// honorific of such a script ("الدكتور", "دکتر", "ড.") and the one to
    /// three words after it up to punctuation. Vague praise and a generic
    /// role must both stand in the same clause ("the prominent
    /// international expert … Dr. X", "Dr. X, a leading expert …"), and no
    /// institution.
    fn uncased_candidates(&self, cx: &Cx, cands: &mut Vec<Cand>) {
        let (Some(titles), Some(roles)) = (&self.uncased_titles, &self.roles) else {
            return;
        };
        for (bi, b) in cx.blocks() {
            let text = b.text();
            // (The titles are written in scripts without capitals: a text
            // with none of the bytes that open their first character
            // outside ASCII holds none of them, and the automaton's scan is
            // spared — English text with curly quotes, say.)
            // (The bytes are all outside ASCII: a text that has one is not
            // ASCII. Looked for three at a time by vectorized searches, not
            // byte by byte: most texts have none.)
            let none = match &self.uncased_title_bytes {
                Some(t) => !has_any_byte(text.as_bytes(), t),
                None => text.is_ascii(),
            };
            if none {
                continue;
            }
            for m in titles.find_overlapping_iter(text) {
                let (ts, mut te) = (m.start(), m.end());
                // A whole word: nothing of a word before it.
                if text[..ts]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                if text[te..].starts_with('.') {
                    te += 1;
                } else if text[te..].chars().next().is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let Some((ne, name)) = uncased_name(text, te, |w| self.function_words.contains(w))
                else {
                    continue;
                };
                if cands
                    .iter()
                    .any(|k| k.block == bi && k.start <= ts && ts < k.end)
                {
                    continue;
                }
                // The clause: back to the previous sentence end, on to the
                // next (an abbreviation's dot, "ড." or "د.", ends none).
                let ws = clause_start(text, ts);
                let we = clause_end(text, ne);
                let window = &text[ws..we];
                let lc = window.to_lowercase();
                // (Or closing a compound: Bengali and Hindi write the
                // field and the role as one word, "মৎস্যবিজ্ঞানী".)
                let Some(role) = has_phrase_at(roles, &lc).or_else(|| compound_end_at(roles, &lc))
                else {
                    continue;
                };
                let praise = has_phrase_at(&self.praise, &lc);
                let Some(praise) = praise else { continue };
                if self.concrete(window)
                    || self
                        .uncased_institutions
                        .as_ref()
                        .is_some_and(|i| i.is_match(window))
                {
                    continue;
                }
                // The lowercase copy may differ in length where Latin
                // letters fold: map its offsets only when no letter of the
                // clause changes its length.
                let same = window
                    .chars()
                    .all(|c| c.to_lowercase().map(char::len_utf8).sum::<usize>() == c.len_utf8());
                let off = |o: usize| if same { ws + o } else { ws };
                let start = ts.min(off(role.0)).min(off(praise.0));
                let end = ne.max(if same { ws + role.1.max(praise.1) } else { ne });
                let sentence = b
                    .sentences
                    .iter()
                    .position(|r| r.start <= ts && ts < r.end)
                    .unwrap_or(0);
                cands.push(Cand {
                    block: bi,
                    sentence,
                    start,
                    end,
                    name: name.to_string(),
                    honorific: true,
                    credential: window.trim().to_string(),
                    needs_praise: true,
                    role_before: true,
                    lead: false,
                });
            }
        }
    }

    /// The head of a credential: its noun phrase up to the first function
    /// word after its first content word ("a hydraulic engineer" of "a
    /// hydraulic engineer who advises the water authority"). The role is
    /// read there only: a role word further on is someone else ("advises
    /// the … authority", "works with analysts").
    fn head<'s>(&self, cred: &'s str) -> &'s str {
        let base = cred.as_ptr() as usize;
        let mut content = false;
        for w in cred.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'' && c != '’') {
            if w.is_empty() {
                continue;
            }
            let function = self.function_words.contains(&w.to_lowercase());
            if function && content {
                return cred[..w.as_ptr() as usize - base].trim_end();
            }
            // "one of the most …": "one" and "most" open the phrase too.
            content |= !function && !matches!(w, "one" | "One" | "most");
        }
        cred
    }

    /// Whether `rest` (the text after a name) opens with one of
    /// `lead_subject_verbs`, after an optional comma.
    fn subject_verb_follows(&self, rest: &str) -> bool {
        let r = rest.trim_start_matches([',', ' ']);
        self.lead_subject_verbs.iter().any(|v| {
            r.len() >= v.len()
                && r.is_char_boundary(v.len())
                && r[..v.len()].eq_ignore_ascii_case(v)
                && !r[v.len()..].starts_with(char::is_alphanumeric)
        })
    }

    /// Whether a later sentence of the candidate's block, or of the next
    /// block, names the surname with a concrete affiliation ("Roe, who
    /// heads the research team at the Example Institute, said …"): the
    /// credential before the name was only the first half of an
    /// introduction.
    fn affiliated_later(&self, cx: &Cx, c: &Cand, surname: &str) -> bool {
        let blocks = &cx.doc.blocks;
        let word = memchr::memmem::Finder::new(surname);
        for (bi, b) in blocks.iter().enumerate().skip(c.block).take(2) {
            let text = b.text();
            let from = if bi == c.block { c.sentence + 1 } else { 0 };
            for r in b.sentences.iter().skip(from) {
                let sent = &text[r.clone()];
                if whole_words(sent, &word).any(|at| self.concrete(&sent[at..])) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether the sentence right after the candidate's (in its block, or
    /// opening the next block) opens with the surname (or the whole name)
    /// and a verb of `affiliation_verbs`, and then names an institution or
    /// a capitalized name after one of `affiliation_prepositions` ("Roe
    /// is a partner in the tax group of Acme in Leeds"). A speech verb
    /// there ("Roe stressed that the sluice at Siófok …") is no
    /// affiliation, whatever place it names.
    fn affiliated_next(&self, cx: &Cx, c: &Cand, surname: &str) -> bool {
        if self.affiliation_verbs.is_empty() {
            return false;
        }
        let blocks = &cx.doc.blocks;
        let b = &blocks[c.block];
        let next = match b.sentences.get(c.sentence + 1) {
            Some(r) => &b.text()[r.clone()],
            None => match blocks.get(c.block + 1) {
                Some(n) => n.sentences.first().map_or("", |r| &n.text()[r.clone()]),
                None => return false,
            },
        };
        self.opens_with_affiliation(next, c, surname)
    }

    /// Whether a later sentence of the candidate's block, or a sentence of
    /// the next block, opens with the surname and a post held at a named
    /// employer ([`People::opens_with_affiliation`]): "One veteran analyst,
    /// Jo Roe, said …" followed by the quote, then "Roe heads research at
    /// Acme Securities."
    fn affiliated_in_turn(&self, cx: &Cx, c: &Cand, surname: &str) -> bool {
        if self.affiliation_verbs.is_empty() {
            return false;
        }
        let blocks = &cx.doc.blocks;
        for (bi, b) in blocks.iter().enumerate().skip(c.block).take(2) {
            let text = b.text();
            let from = if bi == c.block { c.sentence + 1 } else { 0 };
            if b.sentences
                .iter()
                .skip(from)
                .any(|r| self.opens_with_affiliation(&text[r.clone()], c, surname))
            {
                return true;
            }
        }
        false
    }

    /// Whether the person was named in an earlier paragraph (not a
    /// heading), by the full name: the article's subject or a person it
    /// has already introduced, given a credential on a later mention, not
    /// an expert invented where first written.
    fn named_before(&self, cx: &Cx, c: &Cand) -> bool {
        if !c.name.contains(char::is_whitespace) {
            return false;
        }
        let name = memchr::memmem::Finder::new(&c.name);
        cx.doc.blocks[..c.block]
            .iter()
            .any(|b| !b.is_heading_like() && whole_words(b.text(), &name).next().is_some())
    }

    /// Whether the candidate's sentence after the name ties the person to a
    /// named other (`relations`: "who trained under Okafor"), the capitalized
    /// word written again in the article.
    fn related_to_named(&self, cx: &Cx, c: &Cand) -> bool {
        if self.relations.is_empty() {
            return false;
        }
        let b = &cx.doc.blocks[c.block];
        let Some(r) = b.sentences.get(c.sentence) else {
            return false;
        };
        let text = b.text();
        let from = c.start.clamp(r.start, r.end);
        let orig = &text[from..r.end];
        // (Offsets of the lowercase copy map back only where no character
        // changes its length: "İ" grows and "ẞ" shrinks, which a total
        // would let cancel out.)
        if !orig
            .chars()
            .all(|ch| ch.to_lowercase().map(char::len_utf8).sum::<usize>() == ch.len_utf8())
        {
            return false;
        }
        let lc = orig.to_lowercase();
        self.relation_at(&lc, |rel, i| {
            let after = orig[i + rel.len()..].trim_start_matches(' ');
            let w = after
                .split(|ch: char| !ch.is_alphanumeric() && ch != '-')
                .next()
                .unwrap_or("");
            !orig[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && w.len() >= 3
                && w.starts_with(char::is_uppercase)
                // A person: not an acronym ("NASA"), and written
                // somewhere as part of a full name ("Ann Tregear").
                && w.chars().any(char::is_lowercase)
                && count_word(cx.doc.source, w) >= 2
                && in_full_name(cx.doc.source, w, &self.function_words)
        })
    }

    /// Whether `hit` holds for one of the occurrences in `lc` of a phrase
    /// of `relations` (the phrase, where it starts): each phrase's
    /// occurrences left to right, none overlapping, as `match_indices`
    /// gives them. By one scan of the phrases' automaton (each phrase's
    /// occurrences come in order, and those that start inside the one
    /// before are dropped), not a search set up per phrase.
    fn relation_at(&self, lc: &str, mut hit: impl FnMut(&str, usize) -> bool) -> bool {
        let Some((ac, phrases)) = &self.relations_ac else {
            return self.relations.iter().any(|rel| {
                lc.match_indices(rel.as_str())
                    .any(|(i, _)| hit(rel.as_str(), i))
            });
        };
        let mut next_free = vec![0usize; phrases.len()];
        ac.find_overlapping_iter(lc).any(|m| {
            let p = m.pattern().as_usize();
            if m.start() < next_free[p] {
                return false;
            }
            next_free[p] = m.end();
            hit(&phrases[p], m.start())
        })
    }

    /// Does `sent` open with the candidate's name (or surname) and a verb of
    /// `affiliation_verbs`, then name an institution or a capitalized name
    /// after one of `affiliation_prepositions`?
    fn opens_with_affiliation(&self, sent: &str, c: &Cand, surname: &str) -> bool {
        let next = sent.trim_start_matches(|ch: char| !ch.is_alphanumeric());
        let Some(rest) = next
            .strip_prefix(c.name.as_str())
            .or_else(|| next.strip_prefix(surname))
        else {
            return false;
        };
        if rest.starts_with(char::is_alphanumeric) {
            return false;
        }
        let r = rest.trim_start_matches([' ', ',']).to_lowercase();
        let Some(verb) = self.affiliation_verbs.iter().find(|v| {
            r.starts_with(v.as_str()) && !r[v.len()..].starts_with(char::is_alphanumeric)
        }) else {
            return false;
        };
        let after = &rest.trim_start_matches([' ', ','])[verb.len()..];
        if self.concrete(after) {
            return true;
        }
        // A capitalized name after a preposition of `affiliation_prepositions`.
        let mut words = after
            .split(|ch: char| ch.is_whitespace() || ch == '\'' || ch == '’')
            .filter(|w| !w.is_empty())
            .peekable();
        while let Some(w) = words.next() {
            let lw = w.to_lowercase();
            if self.affiliation_prepositions.contains(&lw) {
                let mut n = words.peek().copied();
                if n.is_some_and(|x| x == "the") {
                    words.next();
                    n = words.peek().copied();
                }
                if n.and_then(|x| x.chars().next())
                    .is_some_and(char::is_uppercase)
                {
                    return true;
                }
            }
        }
        false
    }

    /// Whether, in `cred` up to its first comma, the first word holding a
    /// role (`pre_roles`) is the last word or is followed by a function
    /// word or one of `role_prepositions` ("сейсмолог с полувековым
    /// опытом", "ekspert od gospodarki"), not by a verb.
    fn role_closes_phrase(&self, cred: &str) -> bool {
        let Some(roles) = &self.pre_roles else {
            return false;
        };
        let part = cred.split(',').next().unwrap_or(cred);
        let words: Vec<String> = part.split_whitespace().map(str::to_lowercase).collect();
        let Some(i) = words.iter().position(|w| has_role(roles, w)) else {
            return false;
        };
        self.construct_roles.contains(words[i].as_str())
            || words.get(i + 1).is_none_or(|n| {
                self.function_words.contains(n.as_str()) || self.role_preps.contains(n.as_str())
            })
    }

    /// Whether `app` (", word …" after a name) is one word and then one
    /// of `complementizers`: a verb of speech with its clause. A role is no
    /// verb: "researcher at a leading institute" is an appositive even where
    /// "at" is also a complementizer (Danish, Norwegian).
    fn verb_clause(&self, app: &str) -> bool {
        let mut w = app.trim_start_matches([',', ' ']).split_whitespace();
        w.next().is_some_and(|first| {
            !self
                .pre_roles
                .as_ref()
                .is_some_and(|r| has_role(r, &first.to_lowercase()))
        }) && w.next().is_some_and(|c| {
            self.complementizers
                .iter()
                .any(|k| k.eq_ignore_ascii_case(c.trim_end_matches(',')))
        })
    }

    /// Does `before` (the text before a bare name) end with a capitalized
    /// phrase holding an institution word and a connector that a name's
    /// capitalized words continue ("the Institute of Tropical Medicine" +
    /// "Antwerp", "School of Hygiene and" + "Tropical Medicine")? Then
    /// the "name" is the institution's last words. (A person after "and"
    /// or "of" follows a person or a lowercase word: "said Tom Lee and
    /// Jane Roe", "the daughter of Jane Roe".)
    fn institution_tail(&self, before: &str) -> bool {
        const JOINS: [&str; 5] = ["of", "for", "and", "&", "on"];
        let t = before.trim_end();
        let mut end = t.len();
        let mut chain: Option<usize> = None;
        // After "and" the name must be a joined one itself ("School of
        // Hygiene and …"): after a whole name ("Harvard University and Ama
        // Owusu") comes another person.
        let (mut and_first, mut inner_prep) = (false, None::<usize>);
        for n in 0..10 {
            let s = t[..end]
                .rfind(char::is_whitespace)
                .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
            let w = &t[s..end];
            if n == 0 {
                if !JOINS.contains(&w) {
                    return false;
                }
                and_first = matches!(w, "and" | "&");
            } else if JOINS.contains(&w) || w == "the" {
                if matches!(w, "of" | "for" | "on") && inner_prep.is_none() {
                    inner_prep = Some(s);
                }
            } else if w.starts_with(char::is_uppercase) && !w.ends_with([',', ';', ':', '.']) {
                chain = Some(s);
            } else {
                break;
            }
            if s == 0 {
                break;
            }
            end = t[..s].trim_end().len();
        }
        match (and_first, chain, inner_prep) {
            // The institution's word before the preposition: "School of
            // Hygiene and", not "Tom Lee of Harvard University and".
            (true, Some(c), Some(p)) => c < p && self.institutions.is_match(&t[c..p]),
            (true, ..) => false,
            (false, c, _) => c.is_some_and(|s| self.institutions.is_match(&t[s..])),
        }
    }

    /// Whether `s` may hold praise or a word of reputation: a phrase of
    /// `praise` in it or of `reputation_words` in its lowercase, whole word
    /// or not (`lowercase`: `s` is lowercase already, and is read as it
    /// is). Of a lowercase `s`: without one, [`has_phrase_at`] with `praise`
    /// and [`People::reputed`] find nothing in any part of it (the
    /// lowercase of a part is the part of the lowercase). Of any `s`: the
    /// praise bit of the shared gate, when run without it.
    fn may_praise(&self, s: &str, lowercase: bool) -> bool {
        self.praise.is_match(s)
            || self.reputation_words.as_ref().is_some_and(|w| {
                if lowercase {
                    w.is_match(s)
                } else {
                    w.is_match(&s.to_lowercase())
                }
            })
    }

    /// Whether the credential (lowercase) claims standing by reputation,
    /// behind its literal gate: `Some(true)` with a claim of skill
    /// ([`Params::reputation`]), `Some(false)` with standing alone
    /// ([`Params::standing`]).
    fn reputed(&self, cred_lc: &str) -> Option<bool> {
        if !self
            .reputation_words
            .as_ref()
            .is_some_and(|w| w.is_match(cred_lc))
            || self
                .reputation_exceptions
                .iter()
                .any(|r| r.is_match(cred_lc))
        {
            return None;
        }
        if self.reputation.iter().any(|r| r.is_match(cred_lc)) {
            Some(true)
        } else {
            self.standing
                .iter()
                .any(|r| r.is_match(cred_lc))
                .then_some(false)
        }
    }

    fn concrete(&self, s: &str) -> bool {
        match &self.concrete_set {
            Some(set) => set.is_match(s),
            None => self.concrete_plain(s),
        }
    }

    /// [`People::concrete`] one regex at a time.
    fn concrete_plain(&self, s: &str) -> bool {
        self.institutions.is_match(s) || self.inst_patterns.iter().any(|r| r.is_match(s))
    }
}

/// Whether `s` holds a whole-word phrase of `checkable` that no phrase of
/// `praise` covers ("advised two chancellors", not "advised governments
/// worldwide", where the praise "advised governments" holds "advised").
fn checkable_outside(checkable: &AhoCorasick, praise: &AhoCorasick, s: &str) -> bool {
    let whole = |a: usize, b: usize| {
        !s[..a]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
            && !s[b..].chars().next().is_some_and(char::is_alphanumeric)
    };
    let covers: Vec<(usize, usize)> = praise
        .find_overlapping_iter(s)
        .filter(|m| whole(m.start(), m.end()))
        .map(|m| (m.start(), m.end()))
        .collect();
    checkable.find_overlapping_iter(s).any(|m| {
        whole(m.start(), m.end()) && !covers.iter().any(|&(a, b)| a <= m.start() && m.end() <= b)
    })
}

/// [`People::relations_ac`] of `relations`.
fn relation_matcher(mut relations: Vec<String>) -> Option<(AhoCorasick, Vec<String>)> {
    relations.sort_unstable();
    relations.dedup();
    if relations.is_empty() || relations.iter().any(String::is_empty) {
        return None;
    }
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .build(&relations)
        .ok()?;
    Some((ac, relations))
}

/// `list` and, for each phrase opening with a cased letter outside ASCII,
/// its form with that letter capitalized.
fn with_capitals(list: Vec<String>) -> Vec<String> {
    let mut out = list.clone();
    for p in &list {
        let mut cs = p.chars();
        if let Some(c) = cs.next().filter(|c| !c.is_ascii() && c.is_lowercase()) {
            let cap: String = c.to_uppercase().chain(cs).collect();
            if cap != *p {
                out.push(cap);
            }
        }
    }
    out
}

/// A role of `ac` in `s` (lowercase) as a word, or closing a compound
/// ("trafikanalytiker", "-ologist"), or with an ending of up to four
/// letters ("experts", "experți", "uzmanı", "plancısı").
fn has_role(ac: &AhoCorasick, s: &str) -> bool {
    ac.find_overlapping_iter(s).any(|m| {
        let before = s[..m.start()].chars().next_back();
        let whole = !before.is_some_and(char::is_alphanumeric);
        let tail = s[m.end()..]
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .count();
        (whole || m.end() - m.start() >= 5) && tail <= 4
    })
}

/// The byte range of the first whole-word phrase of `ac` in `s` (the
/// longest of those that start there). Every occurrence is considered: the
/// longest phrase at a place may fail the word test where a shorter one
/// passes ("respected voices": not "respected voice", but "respected").
fn has_phrase_at(ac: &AhoCorasick, s: &str) -> Option<(usize, usize)> {
    ac.find_overlapping_iter(s)
        .filter(|m| {
            let b = s[..m.start()].chars().next_back();
            let a = s[m.end()..].chars().next();
            !b.is_some_and(char::is_alphanumeric) && !a.is_some_and(char::is_alphanumeric)
        })
        .min_by_key(|m| (m.start(), std::cmp::Reverse(m.end())))
        .map(|m| (m.start(), m.end()))
}

/// The first match of `ac` in `s` that closes a word another word opens
/// (a compound: "উদ্যানবিজ্ঞানী" of "বিজ্ঞানী"), three characters or more,
/// none of them ASCII.
fn compound_end_at(ac: &AhoCorasick, s: &str) -> Option<(usize, usize)> {
    ac.find_overlapping_iter(s)
        .filter(|m| {
            let p = &s[m.start()..m.end()];
            s[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
                && !s[m.end()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
                && p.chars().count() >= 3
                && !p.is_ascii()
                && p.chars().all(|c| !c.is_ascii())
        })
        .min_by_key(|m| m.start())
        .map(|m| (m.start(), m.end()))
}

/// [`People::uncased_title_bytes`] for `titles`: the leading byte of each
/// title's first character outside ASCII. `None` (no pre-test) when a title
/// has no such character.
fn title_bytes(titles: &[String]) -> Option<Vec<u8>> {
    let mut t = Vec::new();
    for title in titles {
        let c = title.chars().find(|c| !c.is_ascii())?;
        t.push(c.encode_utf8(&mut [0; 4]).as_bytes()[0]);
    }
    t.sort_unstable();
    t.dedup();
    Some(t)
}

/// Whether `hay` holds one of `bytes`: a `memchr3` search per three of them.
fn has_any_byte(hay: &[u8], bytes: &[u8]) -> bool {
    bytes.chunks(3).any(|c| match *c {
        [a] => memchr::memchr(a, hay).is_some(),
        [a, b] => memchr::memchr2(a, b, hay).is_some(),
        [a, b, c, ..] => memchr::memchr3(a, b, c, hay).is_some(),
        [] => false,
    })
}

/// Written without capitals: letters none of which has case (Arabic,
/// Hebrew, Bengali, Devanagari, Georgian, Ethiopic…), at least one.
fn is_uncased(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && s.chars().all(|c| !c.is_alphabetic() || caseless(c))
}

/// A letter that no capital distinguishes in running text: without case,
/// or Georgian Mkhedruli (lowercase for Unicode, but Georgian prose writes
/// no capitals).
pub(super) fn caseless(c: char) -> bool {
    !(c.is_uppercase() || c.is_lowercase()) || ('\u{10D0}'..='\u{10FF}').contains(&c)
}

/// Sentence ends for the clause around an uncased name.
const CLAUSE_ENDS: &[char] = &['.', '!', '?', '।', '؟', '۔', '։', '።', '\n', '؛', ';'];

/// Is the `.` at `i` an abbreviation's ("ড.", "د.", "Dr.")? A word of at
/// most three letters before it.
fn abbrev_dot(text: &str, i: usize) -> bool {
    let w: Vec<char> = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || is_mark(*c) || matches!(c, '\'' | '"' | '/'))
        .collect();
    !w.is_empty() && w.len() <= 3
}

/// How far a clause around an uncased name reaches at most, each way (a
/// paragraph without sentence ends would otherwise be one clause, read
/// again for every title in it).
const MAX_CLAUSE: usize = 400;

fn clause_start(text: &str, at: usize) -> usize {
    let mut floor = at.saturating_sub(MAX_CLAUSE);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let mut i = at;
    while let Some((j, c)) = text[floor..i].char_indices().next_back() {
        let j = floor + j;
        if CLAUSE_ENDS.contains(&c) && !(c == '.' && abbrev_dot(text, j)) {
            return j + c.len_utf8();
        }
        i = j;
    }
    floor
}

fn clause_end(text: &str, at: usize) -> usize {
    for (j, c) in text[at..].char_indices() {
        if j > MAX_CLAUSE {
            return at + j;
        }
        if CLAUSE_ENDS.contains(&c) && !(c == '.' && abbrev_dot(text, at + j)) {
            return at + j;
        }
    }
    text.len()
}

/// The one to three uncased words after an honorific ending at `at`, up to
/// punctuation or a word `stop` accepts: the name (its end, its text). Each word starts with a
/// letter without case.
fn uncased_name(text: &str, at: usize, stop: impl Fn(&str) -> bool) -> Option<(usize, &str)> {
    let rest = &text[at..];
    let lead = rest.len() - rest.trim_start_matches([' ', '\u{a0}']).len();
    if lead == 0 || rest[lead..].starts_with('\n') {
        return None;
    }
    let start = at + lead;
    let mut end = start;
    let mut words = 0;
    let mut pos = start;
    while words < 3 {
        let w = &text[pos..];
        let first = w.chars().next()?;
        if !first.is_alphabetic() || !caseless(first) {
            break;
        }
        let len = w
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || is_mark(c) || c == '\u{200c}'))
            .map_or(w.len(), |(j, _)| j);
        // A function word or speech verb ends the name ("… إن", "… ने").
        if stop(&w[..len]) {
            break;
        }
        words += 1;
        end = pos + len;
        let after = &text[end..];
        match after.strip_prefix(' ') {
            Some(next) if next.chars().next().is_some_and(char::is_alphabetic) => {
                pos = end + 1;
            }
            _ => break,
        }
    }
    (words > 0).then(|| (end, &text[start..end]))
}

/// A combining mark of the scripts above (Indic vowel signs, nukta,
/// Arabic harakat), which `char::is_alphanumeric` may not count.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x064B..=0x065F | 0x0670 | 0x0900..=0x0DFF)
}

struct Cand {
    block: usize,
    sentence: usize,
    start: usize,
    end: usize,
    name: String,
    honorific: bool,
    credential: String,
    /// Introduced by a role before the name: only vague praise makes that
    /// suspect ("energy analyst Chris Yelland said" is ordinary reporting).
    needs_praise: bool,
    /// A role noun stands before the name (possibly closing a compound,
    /// "trafikanalytiker", which the word-bounded role list cannot see).
    role_before: bool,
    /// Found by a credential opening the sentence ([`People::lead`]).
    lead: bool,
}

/// The last group of the role-before-name pattern, `(?P<app>…)` after the
/// name, left out of [`People::pre_intro`] and found by [`pre_intro_app`].
#[cfg(test)]
const PRE_INTRO_APP: &str = r"(?P<app>,\s+[^,;:()\n]*)?";

/// Where [`PRE_INTRO_APP`] matches after a `pre_intro` match ending at
/// `end`. Exact: an optional greedy group at a regex's end never changes
/// how the rest matches (every path that reaches it ends in a match,
/// with or without it), so the whole pattern's groups are the core's and
/// then this group, greedy: the comma, all the white space after it (at
/// least one character; `\s` is `char::is_whitespace`, both Unicode
/// White_Space), then everything up to the next `,;:()` or line break.
fn pre_intro_app(sent: &str, end: usize) -> Option<std::ops::Range<usize>> {
    let rest = sent[end..].strip_prefix(',')?;
    let after = rest.trim_start();
    if after.len() == rest.len() {
        return None;
    }
    let stop = after
        .find([',', ';', ':', '(', ')', '\n'])
        .unwrap_or(after.len());
    Some(end..sent.len() - after.len() + stop)
}

/// The letters (and `'’-`) that end `s`: the last word of a name that
/// ends there, whose words open with a capital after white space or a
/// dot (in `pre_intro`, after white space or an initial's dot).
fn final_word(s: &str) -> &str {
    let word = |c: char| c.is_alphabetic() || matches!(c, '\'' | '’' | '-');
    &s[s.trim_end_matches(word).len()..]
}

/// [`People::concrete_set`] of these sources.
fn concrete_set(srcs: &[String]) -> Option<regex::RegexSet> {
    regex::RegexSetBuilder::new(srcs)
        .size_limit(super::REGEX_SIZE_LIMIT)
        .build()
        .ok()
}

/// [`super::whole_word_indices`] of `finder`'s needle, with the finder
/// built once by the caller (a surname is looked for in the whole source,
/// and a name in every block before its own).
fn whole_words<'h>(
    hay: &'h str,
    finder: &'h memchr::memmem::Finder<'h>,
) -> impl Iterator<Item = usize> + 'h {
    let n = finder.needle().len();
    finder
        .find_iter(hay.as_bytes())
        .filter(move |&i| super::is_whole_word(hay, i, n))
}

/// A part of a sentence matched by a group of `intro` (what a
/// `regex::Match` gave: its range and text).
#[derive(Clone, Copy)]
struct Part<'h> {
    h: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Part<'h> {
    fn new(h: &'h str, r: std::ops::Range<usize>) -> Part<'h> {
        Part {
            h,
            start: r.start,
            end: r.end,
        }
    }
    fn start(&self) -> usize {
        self.start
    }
    fn end(&self) -> usize {
        self.end
    }
    fn as_str(&self) -> &'h str {
        &self.h[self.start..self.end]
    }
}

/// One `intro` match with the groups the check reads.
struct Intro<'h> {
    end: usize,
    hon: Option<Part<'h>>,
    name: Part<'h>,
    post: Option<Part<'h>>,
    app: Part<'h>,
    /// The appositive opens with a bare role (neither article nor praise).
    bare: bool,
}

impl People {
    /// The next `intro` match in `sent` from `at`, with the groups
    /// `intro.captures_at` would give, found in parts: the match itself by
    /// the regex's automaton (no groups), then the part before its comma
    /// (the name: nothing in it is a comma) by `intro_head` (unless it is
    /// one word), then the
    /// appositive's opening alternative (the earlier alternative wins
    /// wherever it matches, as in the whole regex).
    fn intro_at<'h>(&self, sent: &'h str, at: usize) -> Option<Intro<'h>> {
        let m = self.intro.find_at(sent, at)?;
        let comma = m.start + sent[m.clone()].find(',')?;
        // (A part without white space is a bare one-word name, "Moscow,
        // the …", the most common match: the honorific and the role after
        // the name each need some. Resolving it by `intro_head`'s
        // backtracking search was ~10% of this rule.)
        let (hon, name, post) = if sent[m.start..comma].contains(char::is_whitespace) {
            let head = self.intro_head.captures_at(&sent[..comma], m.start)?;
            let part = |g: &str| head.name(g).map(|x| Part::new(sent, x.range()));
            (part("hon"), part("name")?, part("post"))
        } else {
            (None, Part::new(sent, m.start..comma), None)
        };
        let app_start =
            comma + 1 + (sent[comma + 1..].len() - sent[comma + 1..].trim_start().len());
        let app_start = app_start.min(m.end);
        let app = &sent[app_start..];
        Some(Intro {
            end: m.end,
            hon,
            name,
            post,
            app: Part::new(sent, app_start..m.end),
            bare: !self.app_article.is_match(app) && !self.app_praise.is_match(app),
        })
    }
}

impl Check for People {
    fn apply_site(&mut self, site: &super::Site) {
        self.add_site(site);
    }

    fn gate_literals(&self) -> Option<&[Vec<u8>]> {
        (!self.gate_lits.is_empty()).then_some(&self.gate_lits[..])
    }

    fn gate_masks(&self) -> Option<&[u64]> {
        (!self.gate_masks.is_empty()).then_some(&self.gate_masks[..])
    }

    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        let mut cands: Vec<Cand> = Vec::new();
        for (bi, b) in cx.blocks() {
            let text = b.text();
            // (`intro_gate` needs the comma after the name: a text
            // without one is answered by a byte search.)
            // (A vectorized byte search: `str::contains` looks for a
            // character byte by byte.)
            if memchr::memchr(b',', text.as_bytes()).is_none() || !self.intro_gate.is_match(text) {
                continue;
            }
            for (si, r) in b.sentences.iter().enumerate() {
                let sent = &text[r.clone()];
                let mut at = 0;
                while let Some(c) = self.intro_at(sent, at) {
                    let m = c.name;
                    at = c.end;
                    let (mut name_start, mut name_str) = (m.start(), m.as_str());
                    // "For Alvaro Mendez, …", "Según Álvaro …": a capitalized
                    // function word before a bare name is not part of it.
                    if c.hon.is_none() {
                        if let Some((first, rest)) = name_str.split_once(char::is_whitespace) {
                            if self
                                .name_stopwords
                                .iter()
                                .any(|w| w.eq_ignore_ascii_case(first) || w == first)
                            {
                                let rest = rest.trim_start();
                                name_start += name_str.len() - rest.len();
                                name_str = rest;
                            }
                        }
                    }
                    // "… of the School of Agricultural Economics Legon, a
                    // leading voice …": the capitalized words are the tail
                    // of an institution's name joined by "of", not a person.
                    if c.hon.is_none() && self.institution_tail(&sent[..name_start]) {
                        continue;
                    }
                    let app = c.app;
                    // "Jo Bloggs, noted that …": a verb, no appositive.
                    if self.verb_clause(app.as_str()) {
                        continue;
                    }
                    let honorific = c.hon.is_some();
                    // Without an honorific, the name must be 2+ words.
                    if !honorific && !name_str.contains(char::is_whitespace) {
                        at = m.end();
                        continue;
                    }
                    // The appositive ends at " and <Honorific> Name" or at the sentence end.
                    let mut app_str = app.as_str();
                    if let Some(m) = self.honorific_re.find_at(app_str, 0) {
                        // Resume the search at the next honorific.
                        at = app.start() + m.start;
                        let cut = app_str[..m.start].trim_end();
                        app_str = cut.strip_suffix(" and").unwrap_or(cut).trim_end();
                    }
                    let app_str = app_str.trim_end_matches(['.', '!', '?', ' ', '”', '"']);
                    let start = c.hon.map_or(name_start, |h| {
                        h.start()
                            + (h.as_str().len() - h.as_str().trim_start_matches([' ', '(']).len())
                    });
                    // Concrete affiliation anywhere after the name in this sentence?
                    let rest_end = sent[app.start()..]
                        .find(';')
                        .map_or(sent.len(), |k| app.start() + k);
                    let after =
                        app.start() + sent[app.start()..].chars().next().map_or(0, char::len_utf8);
                    let next_person = self
                        .honorific_re
                        .find_at(&sent[after..], 0)
                        .map_or(rest_end, |m| after + m.start);
                    if self.concrete(&sent[app.start()..next_person.min(rest_end)]) {
                        continue;
                    }
                    // A role after the name ("Kovács Anna klímakutató, aki
                    // …"): part of the credential, suspect only with praise.
                    let post = c.post.map(|m| m.as_str().trim());
                    // The capitalized words own the role ("… Karának
                    // kutatója"): an institution's name, no person.
                    if post.is_some() && {
                        let last = name_str
                            .rsplit(char::is_whitespace)
                            .next()
                            .unwrap_or(name_str)
                            .to_lowercase();
                        self.possessor_endings
                            .iter()
                            .any(|e| last.len() > e.len() && last.ends_with(e.as_str()))
                    } {
                        continue;
                    }
                    cands.push(Cand {
                        block: bi,
                        sentence: si,
                        start: r.start + start,
                        end: r.start + app.start() + app_str.len(),
                        name: name_str.to_string(),
                        honorific,
                        credential: match post {
                            Some(p) => format!("{p}, {app_str}"),
                            None => app_str.to_string(),
                        },
                        needs_praise: c.bare || post.is_some(),
                        role_before: post.is_some(),
                        lead: false,
                    });
                }
            }
        }
        self.pre_intro_candidates(cx, &mut cands);
        self.uncased_candidates(cx, &mut cands);
        if cands.is_empty() {
            return;
        }
        let mut per_sentence: HashMap<(usize, usize), usize> = HashMap::new();
        for c in &cands {
            if c.honorific {
                *per_sentence.entry((c.block, c.sentence)).or_default() += 1;
            }
        }
        // Every word of every transcript label, lowercase (looked up per
        // candidate: a set, since long transcripts have thousands of turns).
        let label_words: std::collections::HashSet<String> = doc
            .blocks
            .iter()
            .filter_map(|b| b.turn.as_ref().map(|t| t.label.to_lowercase()))
            .flat_map(|l| {
                l.split(|ch: char| !ch.is_alphanumeric())
                    .map(String::from)
                    .collect::<Vec<_>>()
            })
            .collect();
        // Whole-word counts of every surname in the source, in one pass.
        let surnames: Vec<&str> = cands
            .iter()
            .map(|c| c.name.split_whitespace().last().unwrap_or(&c.name))
            .collect();
        let mentions_of = count_words(doc.source, &surnames);
        let mut flagged: Vec<Flagged> = Vec::new();
        for c in &cands {
            let lname = c.name.to_lowercase();
            if self
                .allow
                .iter()
                .any(|a| *a == lname || lname.ends_with(a.as_str()))
            {
                continue;
            }
            let surname = c.name.split_whitespace().last().unwrap_or(&c.name);
            let mut score = 0;
            let mut why: Vec<&str> = Vec::new();
            // (Matched lowercase: the phrase matchers fold ASCII only, and a
            // credential may open a sentence: "Незалежний експерт …".)
            let cred_lc = c.credential.to_lowercase();
            let reputation = self.reputed(&cred_lc);
            // (Whether they are found is all that is read of the phrases.)
            let listed = has_phrase_at(&self.praise_only, &cred_lc).is_some();
            let praise = listed || reputation.is_some();
            if praise {
                score += self.w.praise;
                why.push(if listed {
                    "vague praise"
                } else {
                    "reputation claimed"
                });
            }
            let unaffiliated = self
                .unaffiliated
                .as_ref()
                .is_some_and(|u| has_phrase_at(u, &cred_lc).is_some());
            if unaffiliated {
                score += self.w.unaffiliated;
                why.push("affiliated with nothing by its own words");
            }
            let role = c.role_before
                || self
                    .roles
                    .as_ref()
                    .is_some_and(|r| has_phrase_at(r, self.head(&c.credential)).is_some());
            if role {
                score += self.w.generic_role;
                why.push("generic role");
            }
            if c.needs_praise && !praise && !unaffiliated {
                continue;
            }
            // Without an honorific, the credential must speak of expertise.
            if let Some(x) = &self.expertise {
                // (A role that needs praise before a name is expertise too,
                // in the head of an appositive: "a flood engineer who …".)
                if !c.honorific
                    && !role
                    && has_phrase_at(x, &c.credential).is_none()
                    && !self
                        .pre_roles
                        .as_ref()
                        .is_some_and(|r| has_role(r, self.head(&cred_lc)))
                {
                    continue;
                }
            }
            if !c.honorific && score == 0 {
                // A bare name needs a credential signal to be considered.
                continue;
            }
            let mentions = mentions_of.get(surname).copied().unwrap_or(0);
            if c.lead && mentions > 1 && self.affiliated_later(cx, c, surname) {
                continue;
            }
            if mentions > 1
                && (self.affiliated_next(cx, c, surname) || self.affiliated_in_turn(cx, c, surname))
            {
                continue;
            }
            let first = c
                .name
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_lowercase();
            let lsurname = surname.to_lowercase();
            let overused = self
                .overused
                .iter()
                .any(|n| *n == lname || *n == first || *n == lsurname);
            if self.named_before(cx, c)
                || self.related_to_named(cx, c)
                || in_headline(cx, c, surname)
            {
                continue;
            }
            if mentions <= 1 {
                score += self.w.single_mention;
                why.push("mentioned nowhere else");
            }
            if label_words.contains(&lsurname) {
                score += self.w.speaker;
                why.push("speaks as a transcript label");
            }
            if per_sentence
                .get(&(c.block, c.sentence))
                .copied()
                .unwrap_or(0)
                >= 2
            {
                score += self.w.together;
                why.push("introduced together with other unaffiliated experts");
            }
            if overused {
                score += self.w.overused_name;
                why.push("a name language models over-use");
            }
            if score >= self.threshold {
                let b = &doc.blocks[c.block];
                let span = b.src(c.start, c.end);
                out.push(
                    Hit::new(span)
                        .var("name", c.name.clone())
                        .var("credential", short(&c.credential, 60))
                        .var("signals", why.join(", "))
                        .label(format!("no institution; {}", why.join(", "))),
                );
                // The given name, when the name has one ("Ruairí" of
                // "Ruairí Fennelly"): a later "Ruairi Fenelley" is the same
                // invented person respelled.
                let given = c
                    .name
                    .split_whitespace()
                    .next()
                    .filter(|g| *g != surname && g.chars().count() >= 3 && !g.ends_with('.'));
                let words: Vec<&str> = c.name.split_whitespace().collect();
                let prev = (words.len() >= 3)
                    .then(|| words[words.len() - 2])
                    .filter(|g| g.chars().count() >= 3 && !g.ends_with('.'));
                flagged.push(Flagged {
                    surname,
                    given,
                    prev,
                    span,
                });
            }
        }
        self.respellings(cx, &flagged, out);
    }
}

impl People {
    /// The reported experts' surnames spelled another way elsewhere
    /// ("Vasquez-Reilly" then "Vazquez-Reilly"): an invented name is not
    /// held steady the way a real one is. Each variant's first occurrence
    /// is reported, with the introduction as related information.
    fn respellings(&self, cx: &Cx, flagged: &[Flagged], out: &mut Vec<Hit>) {
        if flagged.is_empty() {
            return;
        }
        // A respelling keeps the first letter and the length within one
        // letter: most words are ruled out by those before any comparison.
        let keys: Vec<(Option<char>, usize)> = flagged
            .iter()
            .map(|f| (f.surname.chars().next(), f.surname.chars().count()))
            .collect();
        let mut firsts: Vec<char> = keys.iter().filter_map(|k| k.0).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let mut seen: Vec<&str> = Vec::new();
        let mut words = Vec::new();
        for (_, b) in cx.blocks() {
            let text = b.text();
            capitalized_tokens_from(text, &firsts, &mut words);
            for &(start, word) in &words {
                let first = word.chars().next();
                if seen.contains(&word) {
                    continue;
                }
                let len = word.chars().count();
                // The given name just before the word, if any.
                let before = text[..start].strip_suffix(' ').and_then(|t| {
                    let g = t
                        .rsplit(|c: char| !c.is_alphabetic() && c != '-')
                        .next()
                        .filter(|g| !g.is_empty())?;
                    Some((start - 1 - g.len(), g))
                });
                // An honorific just before the word ("Dr. ", "Prof "), if any.
                // (Looked up once, and only when asked: most words are
                // ruled out before.)
                let before_hon_cell = std::cell::OnceCell::new();
                let before_hon = || {
                    *before_hon_cell.get_or_init(|| {
                        text[..start].strip_suffix(' ').and_then(|t| {
                            let t = t.strip_suffix('.').unwrap_or(t);
                            let h = t.rsplit(|c: char| !c.is_alphabetic()).next()?;
                            self.honorifics
                                .iter()
                                .any(|x| x == h)
                                .then(|| (t.len() - h.len(), h))
                        })
                    })
                };
                // A given name before the word: the capitalized word
                // there, unless an honorific or a capitalized function
                // word ("Then", "Según"), or a sentence's first word that
                // nothing shows to be a name. (Asked only of a respelling.)
                let given_before = || {
                    before.filter(|&(gs, g)| {
                        before_hon().is_none()
                            && self.given_name_at(cx, b, gs, g, start + word.len())
                    })
                };
                let Some((f, whole)) = flagged.iter().zip(&keys).find_map(|(f, k)| {
                    if k.0 != first || f.surname == word {
                        return None;
                    }
                    // One letter respelled, or letters doubled or written
                    // once ("Mathews" / "Matthews", "Philips" /
                    // "Phillips"), however many: the spelling alone says
                    // nothing of who is meant, so it needs an anchor to
                    // the expert. After the expert's own given name (or
                    // name part) it is the expert; after another given
                    // name it is another person. Bare or after an
                    // honorific, it is the expert unless another person's
                    // full name carries that spelling ("Megan Philips").
                    if k.1.abs_diff(len) <= 1 && is_respelling(f.surname, word)
                        || k.1.abs_diff(len) <= 3 && doubling_respelling(f.surname, word)
                    {
                        return match given_before() {
                            Some((_, g)) => f.owns_given(g).then_some((f, None)),
                            None => (!self.full_name_elsewhere(cx, word, f)).then_some((f, None)),
                        };
                    }
                    // After the expert's own given name (diacritics
                    // aside), a surname two edits away, endings included:
                    // "Ruairí Fennelly" … "Ruairi Fenelley", "Massimo
                    // Ferrandi" … "Massimo Ferrando". (The given name does
                    // not stay put when a language inflects the surname.)
                    // After the expert's own given name or the name's
                    // part before the surname ("Anxo Barreiro Souto" …
                    // "Barreiro Soto"), diacritics aside, a surname two
                    // edits away, endings included: "Ruairí Fennelly" …
                    // "Ruairi Fenelley", "Massimo Ferrandi" … "Massimo
                    // Ferrando". (The given name does not stay put when a
                    // language inflects the surname.)
                    if let Some((gs, g)) = before {
                        if f.owns_given(g)
                            && (near_surname(f.surname, word) || short_respelling(f.surname, word))
                        {
                            return Some((f, Some(gs)));
                        }
                    }
                    // After an honorific ("Dr. Thamrin" … "Dr. Thamrim"):
                    // one consonant for another, which no inflection does.
                    let (hs, _) = before_hon()?;
                    consonant_swap(f.surname, word).then_some((f, Some(hs)))
                }) else {
                    continue;
                };
                let (surname, intro) = (f.surname, &f.span);
                seen.push(word);
                out.push(
                    Hit::new(b.src(whole.unwrap_or(start), start + word.len()))
                        .var("name", word)
                        .var("credential", format!("introduced as {surname}"))
                        .var("signals", "the same expert's name spelled another way")
                        .label(format!("'{surname}' where introduced"))
                        .related(*intro, "introduced here"),
                );
            }
        }
    }
}

/// A reported expert: the surname, the given name if written, and the
/// introduction's span.
struct Flagged<'n> {
    surname: &'n str,
    given: Option<&'n str>,
    /// The name's word before the surname, when it is not the given name
    /// ("Barreiro" of "Anxo Barreiro Souto").
    prev: Option<&'n str>,
    span: crate::span::Span,
}

impl Flagged<'_> {
    /// Whether `g` (diacritics aside) is the expert's given name or the
    /// name's part before the surname.
    fn owns_given(&self, g: &str) -> bool {
        // (`fold_name(x) == fold_name(g)`, compared as it is folded: asked
        // of most capitalized words, it fails at the first letters.)
        [self.given, self.prev]
            .iter()
            .flatten()
            .any(|x| folded(x).eq(folded(g)))
    }
}

impl People {
    /// Whether `w` (the word before a surname) reads as a given name: a
    /// capital first, and no honorific, capitalized function word or
    /// sentence opener of `name_stopwords`.
    fn is_given_name(&self, w: &str) -> bool {
        w.chars().next().is_some_and(char::is_uppercase)
            && !self.honorifics.iter().any(|h| h == w)
            && !self
                .name_stopwords
                .iter()
                .any(|s| s.eq_ignore_ascii_case(w))
            && !self.function_words.contains(&w.to_lowercase())
    }

    /// Whether `g`, at `gs` in block `b` before a surname that ends at
    /// `end`, is a given name: [`People::is_given_name`], and inside a
    /// sentence — a sentence's first word ("Later", "Meanwhile") is one
    /// only before an appositive's comma ("Megan Philips, the librarian,
    /// …") or when the document also writes it with its capital inside a
    /// sentence.
    fn given_name_at(
        &self,
        cx: &Cx,
        b: &crate::document::Block,
        gs: usize,
        g: &str,
        end: usize,
    ) -> bool {
        if !self.is_given_name(g) {
            return false;
        }
        if !sentence_initial(b, gs) || b.text()[end..].starts_with(',') {
            return true;
        }
        cx.blocks()
            .any(|(_, o)| super::whole_word_indices(o.text(), g).any(|i| !sentence_initial(o, i)))
    }

    /// Whether `word` stands somewhere in the document after a given name
    /// that is not the flagged expert's ("Megan Philips"): a full name of
    /// another person spelled so. (Run only for a respelling found, rare.)
    fn full_name_elsewhere(&self, cx: &Cx, word: &str, f: &Flagged) -> bool {
        cx.blocks().any(|(_, b)| {
            let text = b.text();
            super::whole_word_indices(text, word).any(|i| {
                let Some(t) = text[..i].strip_suffix(' ') else {
                    return false;
                };
                let Some(g) = t.rsplit(|c: char| !c.is_alphabetic() && c != '-').next() else {
                    return false;
                };
                !g.is_empty()
                    && !f.owns_given(g)
                    && self.given_name_at(cx, b, t.len() - g.len(), g, i + word.len())
            })
        })
    }
}

/// Whether the word at `i` opens a sentence of block `b` (nothing but
/// punctuation before it in its sentence).
fn sentence_initial(b: &crate::document::Block, i: usize) -> bool {
    let text = b.text();
    b.sentences
        .iter()
        .find(|r| r.start <= i && i < r.end.max(r.start + 1))
        .is_none_or(|r| !text[r.start..i].contains(char::is_alphanumeric))
}

/// A name lowercased with its Latin diacritics dropped ("Ruairí" ->
/// "ciaran"): a respelling often only loses the accents.
fn fold_name(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(super::fold_accent)
        .collect()
}

/// [`fold_name`]'s characters, without building the string.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(super::fold_accent)
}

/// Two surnames at most two edits apart (letters changed, inserted or
/// dropped, diacritics aside), both of five letters or more and not equal
/// once folded: the same name respelled, when the same given name stands
/// before both.
fn near_surname(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (
        fold_name(a).chars().collect(),
        fold_name(b).chars().collect(),
    );
    if a.len() < 5 || b.len() < 5 || a == b || a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    if !a.iter().chain(&b).all(|c| c.is_alphabetic() || *c == '-') {
        return false;
    }
    // Levenshtein distance, two rows.
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, x) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= 2
}

/// Two surnames that differ only by letters doubled in one and written
/// once in the other ("Mathews" / "Matthews"), five letters or more once
/// undoubled: a respelling, which no inflection makes (endings change).
fn doubling_respelling(a: &str, b: &str) -> bool {
    // The folded names undoubled must be equal (the last test below):
    // compared as they are folded first, without building them, since
    // nearly every word asked differs in its first letters.
    fn undoubled_folded(s: &str) -> impl Iterator<Item = char> + '_ {
        let mut prev = None;
        folded(s).filter(move |&c| prev.replace(c) != Some(c))
    }
    if !undoubled_folded(a).eq(undoubled_folded(b)) {
        return false;
    }
    let (a, b) = (fold_name(a), fold_name(b));
    // (A double surname's hyphen stays where it is: "Okello-Ssemanda" /
    // "Okkello-Semanda".)
    if a == b
        || !a
            .chars()
            .chain(b.chars())
            .all(|c| c.is_alphabetic() || c == '-')
        || a.matches('-').count() != b.matches('-').count()
    {
        return false;
    }
    let undoubled = |s: &str| {
        let mut out: Vec<char> = s.chars().collect();
        out.dedup();
        out
    };
    let u = undoubled(&a);
    u.len() >= 5 && u == undoubled(&b)
}

/// Two surnames one letter apart (changed, dropped or added inside), the
/// first and last letters kept, the shorter of four letters or more ("Souto"
/// / "Soto"): after the same name part, the same name respelled.
fn short_respelling(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (
        fold_name(a).chars().collect(),
        fold_name(b).chars().collect(),
    );
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if short.len() < 4 || long.len() < 5 || a == b || long.len() - short.len() > 1 {
        return false;
    }
    if a[0] != b[0] || a.last() != b.last() || !a.iter().chain(&b).all(|c| c.is_alphabetic()) {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        a[p + 1..] == b[p + 1..]
    } else {
        long[p + 1..] == short[p..]
    }
}

/// Two surnames of five letters or more, the same length, one consonant
/// changed for another ("Thamrin" / "Thamrim"): inflection changes vowels
/// and endings, and Finnish "-nen" / "-sen" (n / s) is left out.
fn consonant_swap(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (
        fold_name(a).chars().collect(),
        fold_name(b).chars().collect(),
    );
    if a.len() != b.len() || a.len() < 5 || !a.iter().chain(&b).all(|c| c.is_alphabetic()) {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let [i] = diff[..] else { return false };
    let vowel = |c: char| "aeiouyαεηιουωаеёиоуыэюяіїє".contains(c);
    let (x, y) = (a[i], b[i]);
    i > 0 && !vowel(x) && !vowel(y) && !matches!((x, y), ('n', 's') | ('s', 'n'))
}

/// The words of `text` that start with a capital among `firsts` (letters
/// and hyphens inside; not one that goes on with an apostrophe, "Brand's"),
/// in text order, into `out` (cleared): found by searching for those letters
/// instead of walking every character.
fn capitalized_tokens_from<'t>(text: &'t str, firsts: &[char], out: &mut Vec<(usize, &'t str)>) {
    out.clear();
    let is_part = |c: char| c.is_alphabetic() || c == '-';
    for &f in firsts.iter().filter(|f| f.is_uppercase()) {
        for (i, _) in text.match_indices(f) {
            // Inside a word when the hyphens before it follow a letter.
            if text[..i]
                .trim_end_matches('-')
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
            {
                continue;
            }
            let end = text[i..]
                .char_indices()
                .find(|&(_, c)| !is_part(c))
                .map_or(text.len(), |(j, _)| i + j);
            if matches!(text[end..].chars().next(), Some('\'' | '’')) {
                continue;
            }
            out.push((i, text[i..end].trim_end_matches('-')));
        }
    }
    out.sort_unstable_by_key(|w| w.0);
}

/// Is `variant` the surname `name` respelled by one letter — one letter
/// changed, inserted or dropped inside it, two neighbours swapped inside it
/// ("Doyle" / "Dolye"), a final consonant replaced by another ("Lis" /
/// "Liz") or dropped ("Brandt" / "Brand") — rather than an inflected form
/// of it? Endings are where languages inflect names ("Kowalczyk" /
/// "Kowalczyka", "Nováková" / "Novákové", "Μαυρογένης" / "Μαυρογένη",
/// "Bērziņš" / "Bērziņa"), so a letter added at the end, or a final vowel
/// or s changed or dropped, is not a respelling. Both spellings need six
/// letters and the same first letter ("Marsh" / "March", "Kayar" / "Cayar").
fn is_respelling(name: &str, variant: &str) -> bool {
    const SOFT: &str = "aeiouyáéíóúàèìòùäëïöüåæøąęěůœαεηιουωάέήίόύώσςаеёиоуыэюяіїєsn";
    // The lengths and first letters below, asked before collecting the
    // characters (most words asked fail them).
    let (na, nb) = (name.chars().count(), variant.chars().count());
    if na < 6 || nb < 6 || name.chars().next() != variant.chars().next() || na.abs_diff(nb) > 1 {
        return false;
    }
    let soft = |c: char| SOFT.contains(c.to_lowercase().next().unwrap_or(' '));
    let a: Vec<char> = name.chars().collect();
    let b: Vec<char> = variant.chars().collect();
    if a.len() < 6 || b.len() < 6 || a[0] != b[0] || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    if !a.iter().chain(&b).all(|c| c.is_alphabetic() || *c == '-') {
        return false;
    }
    let p = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            if p == a.len() || a[p].to_lowercase().eq(b[p].to_lowercase()) {
                return false;
            }
            let last = a.len() - 1;
            // One changed letter: inside (near the end only a vowel for a
            // vowel, "Kowalczyk" / "Kowalczik": "Virtanen" / "Virtasen" is
            // a genitive), or a final consonant for another.
            let vowels =
                |x: char, y: char| soft(x) && soft(y) && !"sn".contains(x) && !"sn".contains(y);
            let changed = a[p + 1..] == b[p + 1..]
                && if p == last {
                    // (A final "s" or "n" for another consonant but each
                    // other is a respelling too, "Thamrin" / "Thamrim":
                    // endings change s and n into vowels or one another.)
                    let sn = |c: char| "sςnν".contains(c.to_lowercase().next().unwrap_or(' '));
                    let vowel = |c: char| soft(c) && !sn(c);
                    !(vowel(a[p]) || vowel(b[p]) || sn(a[p]) && sn(b[p]))
                } else {
                    p + 3 < a.len() || vowels(a[p], b[p])
                };
            // Two neighbours swapped, not the last letter.
            let swapped =
                p + 1 < last && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..];
            changed || swapped
        }
        std::cmp::Ordering::Greater => {
            // `variant` drops a letter: inside, or a final consonant.
            a[p + 1..] == b[p..] && (p + 1 < a.len() || !soft(a[p]))
        }
        std::cmp::Ordering::Less => {
            // `variant` inserts a letter inside (not at the end).
            p < a.len() && b[p + 1..] == a[p..]
        }
    }
}

/// [`count_word`] for several words at once: one scan of `hay` however many
/// words there are (a document can have thousands of candidates).
/// Whether the article's headline names the candidate (the surname, as a
/// whole word): the story is about the person (an obituary, a profile),
/// who is no expert invented to be quoted in it.
fn in_headline(cx: &Cx, c: &Cand, surname: &str) -> bool {
    surname.chars().count() >= 3
        && cx.doc.headline.as_ref().is_some_and(|h| {
            h.block < c.block
                && whole_words(&h.text, &memchr::memmem::Finder::new(surname))
                    .next()
                    .is_some()
        })
}

fn count_words<'w>(hay: &str, words: &[&'w str]) -> HashMap<&'w str, usize> {
    let mut distinct: Vec<&str> = words.iter().copied().filter(|w| !w.is_empty()).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let mut counts: HashMap<&str, usize> = words.iter().map(|w| (*w, 0)).collect();
    // A few words: a memmem scan each is cheaper than building an automaton.
    let ac = if distinct.len() <= 8 {
        None
    } else {
        AhoCorasickBuilder::new().build(&distinct).ok()
    };
    let Some(ac) = ac else {
        // One scan per word.
        for w in &distinct {
            counts.insert(w, count_word(hay, w));
        }
        return counts;
    };
    // `match_indices` takes each word's occurrences left to right without
    // overlap; the overlapping scan reports every occurrence in order, so
    // keep those that start at or after the previous kept one's end.
    let mut next_free = vec![0usize; distinct.len()];
    for m in ac.find_overlapping_iter(hay) {
        let p = m.pattern().as_usize();
        if m.start() < next_free[p] {
            continue;
        }
        next_free[p] = m.end();
        let b = hay[..m.start()].chars().next_back();
        let a = hay[m.end()..].chars().next();
        if !b.is_some_and(char::is_alphanumeric) && !a.is_some_and(char::is_alphanumeric) {
            if let Some(n) = counts.get_mut(distinct[p]) {
                *n += 1;
            }
        }
    }
    counts
}

/// Occurrences of `word` as a whole word.
fn count_word(hay: &str, word: &str) -> usize {
    whole_words(hay, &memchr::memmem::Finder::new(word)).count()
}

/// Is `word` written somewhere in `hay` beside another capitalized word on
/// the same line ("Ann Tregear", "Tregear Holt"): part of a full name?
fn in_full_name(hay: &str, word: &str, function_words: &std::collections::HashSet<String>) -> bool {
    let capitalized = |w: Option<&str>| {
        w.is_some_and(|w| {
            w.chars().count() >= 2
                && w.starts_with(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
        })
    };
    whole_words(hay, &memchr::memmem::Finder::new(word)).any(|i| {
        // (A function word opening its sentence or line — "The Oxfam
        // lab" — is no given name.)
        let before = hay[..i].strip_suffix(' ').and_then(|t| {
            let start = t.rfind([' ', '\n']).map_or(0, |k| k + 1);
            let w = &t[start..];
            let opens = t[..start]
                .trim_end_matches(' ')
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '“' | ':'));
            (!opens || !function_words.contains(&w.to_lowercase())).then_some(w)
        });
        let after = hay[i + word.len()..]
            .strip_prefix(' ')
            .map(|t| t.split(|c: char| !c.is_alphabetic() && c != '-').next());
        capitalized(before) || capitalized(after.flatten())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn capitalized_tokens_start_at_a_word_and_skip_possessives() {
        let mut out = Vec::new();
        let text =
            "Vasquez-Reilly said; von Vasquez and McVasquez, -Vazquez, Vazquez's plan. Vázquez";
        capitalized_tokens_from(text, &['V', 'M'], &mut out);
        let words: Vec<&str> = out.iter().map(|w| w.1).collect();
        assert_eq!(
            words,
            [
                "Vasquez-Reilly",
                "Vasquez",
                "McVasquez",
                "Vazquez",
                "Vázquez"
            ]
        );
        for (i, w) in out {
            assert_eq!(&text[i..i + w.len()], w);
        }
    }

    use super::*;

    #[test]
    fn doubled_letters_are_respellings() {
        assert!(doubling_respelling("Mathews", "Matthews"));
        assert!(doubling_respelling("Carel", "Carrell"));
        assert!(doubling_respelling("Phillips", "Philips"));
        // the same spelling, an ending added, a short name
        assert!(!doubling_respelling("Carrell", "Carrell"));
        assert!(!doubling_respelling("Carel", "Carela"));
        assert!(!doubling_respelling("Kiss", "Kis"));
        assert!(doubling_respelling("Okello-Ssemanda", "Okkello-Semanda"));
        assert!(!doubling_respelling("Okello-Semanda", "Okello Semanda"));
    }

    #[test]
    fn respellings_are_told_from_inflections() {
        for (a, b) in [
            ("Vasquez-Reilly", "Vazquez-Reilly"),
            ("Kowalczyk", "Kowalczik"),
            ("Hollweg-Brandt", "Hollweg-Brand"),
            ("Petrakis-Doyle", "Petrakis-Dolye"),
            ("Abernethy-Clark", "Abernethy-Clarc"),
            ("Wierzbicka-Lis", "Wierzbiecka-Lis"),
            ("Castellanos", "Castelanos"),
            ("Hartmann", "Hertmann"),
            ("Thamrin", "Thamrim"),
            ("Grabowsz", "Grabowsk"),
        ] {
            assert!(is_respelling(a, b), "{a} / {b}");
        }
        for (a, b) in [
            ("Kowalczyk", "Kowalczyka"),
            ("Kowalczyk", "Kowalczykiem"),
            ("Nováková", "Novákové"),
            ("Μαυρογένης", "Μαυρογένη"),
            ("Bērziņš", "Bērziņa"),
            ("Brandt", "Brandts"),
            ("Lyngstad-Hauge", "Lyngstad-Haugen"),
            ("Kayar", "Cayar"),
            ("Marsh", "March"),
            ("Kowalczyk", "Kowalczyk"),
            ("Kowalczyk", "KOWALCZYK"),
            ("Virtanen", "Virtasen"),
            ("Lahtinen", "Lahtisen"),
            ("Orjuela", "Orjuelas"),
            ("Kazlauskas", "Kazlauską"),
            ("Παπαδάκης", "Παπαδάκην"),
            ("Virtanen", "Virtanes"),
        ] {
            assert!(!is_respelling(a, b), "{a} / {b}");
        }
    }

    #[test]
    fn counting_all_words_at_once_is_counting_each() {
        let hay = "Ivanova met Ivanov. Ivanov’s aide, A-A-A and A-A, O'Neil O'Neill \
                   anananan ana Smith-Smith Smith Smithson; Ivanov";
        let many: Vec<String> = (0..20).map(|i| format!("Name{i}")).collect();
        let mut words: Vec<&str> = many.iter().map(String::as_str).collect();
        words.extend([
            "Ivanov",
            "Ivanova",
            "A-A",
            "O'Neil",
            "ana",
            "anan",
            "Smith",
            "Smith-Smith",
            "Nobody",
            "Ivanov",
        ]);
        let all = count_words(hay, &words);
        for w in words.iter().copied() {
            assert_eq!(all[w], count_word(hay, w), "{w}");
        }
        assert_eq!(all["Ivanov"], 3);
        assert_eq!(all["A-A"], count_word(hay, "A-A"));
        // And with few words (no automaton).
        let few = count_words(hay, &["Ivanov", "A-A"]);
        assert_eq!((few["Ivanov"], few["A-A"]), (3, count_word(hay, "A-A")));
    }

    /// The element gate holds wherever the intro regex matches in one of
    /// the element's sentences (built-in rule, fixture corpus).
    /// [`People::intro_at`] gives what the whole regex's groups gave
    /// (`full`: `intro` on the regex crate's engine).
    fn same_intros(k: &People, full: &Regex, sent: &str) {
        let mut at = 0;
        loop {
            let whole = full.captures_at(sent, at);
            let parts = k.intro_at(sent, at);
            let (Some(c), Some(p)) = (whole, parts) else {
                assert!(
                    full.captures_at(sent, at).is_none() && k.intro_at(sent, at).is_none(),
                    "{sent}"
                );
                return;
            };
            let r = |g: &str| c.name(g).map(|m| m.range());
            let pr = |p: Option<Part>| p.map(|p| p.start()..p.end());
            assert_eq!(c.get(0).map(|m| m.end()), Some(p.end), "{sent}");
            assert_eq!(r("hon"), pr(p.hon), "{sent}");
            assert_eq!(r("name"), pr(Some(p.name)), "{sent}");
            assert_eq!(r("post"), pr(p.post), "{sent}");
            assert_eq!(r("app"), pr(Some(p.app)), "{sent}");
            assert_eq!(c.name("bare").is_some(), p.bare, "{sent}");
            at = p.end.max(at + 1);
            if at > sent.len() {
                return;
            }
            while !sent.is_char_boundary(at) {
                at += 1;
            }
        }
    }

    /// The core of `pre_intro` and [`pre_intro_app`] give what the whole
    /// pattern's `captures_iter` gave; the number of matches.
    fn same_pre_intros(k: &People, full: &Regex, sent: &str) -> usize {
        let mut next = 0;
        let mut n = 0;
        for c in full.captures_iter(sent) {
            let p = k.pre_intro.captures_at(sent, next).expect(sent);
            let core_end = p.get(0).unwrap().end();
            let app = pre_intro_app(sent, core_end);
            next = app.as_ref().map_or(core_end, |r| r.end);
            assert_eq!(
                c.get(0).unwrap().range(),
                p.get(0).unwrap().start()..next,
                "{sent}"
            );
            for g in ["cred", "mods", "comp", "hon", "name"] {
                let theirs = c.name(g).map(|m| m.range());
                assert_eq!(theirs, p.name(g).map(|m| m.range()), "{g} in {sent}");
            }
            assert_eq!(c.name("app").map(|m| m.range()), app, "{sent}");
            // What `pre_intro_inert` reads: the match found without
            // groups is this one, the name ends it, and its last word is
            // `final_word`, after the credential.
            let m = k
                .pre_intro
                .find_at(sent, p.get(0).unwrap().start())
                .unwrap();
            assert_eq!(m, p.get(0).unwrap().range(), "{sent}");
            let name = p.name("name").unwrap();
            let last = final_word(&sent[..m.end]);
            assert_eq!(name.end(), m.end, "{sent}");
            assert!(name.as_str().ends_with(last), "{sent}");
            assert!(name.start() <= m.end - last.len(), "{sent}");
            assert!(p.name("cred").unwrap().end() <= name.start(), "{sent}");
            n += 1;
        }
        assert!(k.pre_intro.captures_at(sent, next).is_none(), "{sent}");
        assert!(k.pre_intro.find_at(sent, next).is_none(), "{sent}");
        n
    }

    /// Where `lead` matches with no praise before its end
    /// ([`People::may_praise`]), its credential, or any part of it that
    /// starts a word, holds no praise and no reputation claim.
    fn lead_without_praise(k: &People, sent: &str) -> usize {
        let Some(c) = k.lead.captures(sent) else {
            return 0;
        };
        let end = c.get(0).unwrap().end();
        assert_eq!(k.lead.find_at(sent, 0).map(|m| m.end), Some(end), "{sent}");
        if k.may_praise(&sent[..end].to_lowercase(), true) {
            return 0;
        }
        let cred = c.name("cred").unwrap().as_str();
        let starts = std::iter::once(0).chain(
            cred.char_indices()
                .filter(|(_, ch)| ch.is_whitespace())
                .map(|(i, ch)| i + ch.len_utf8()),
        );
        for i in starts {
            let lc = cred[i..].trim_end().to_lowercase();
            assert!(has_phrase_at(&k.praise, &lc).is_none(), "{sent}");
            assert!(k.reputed(&lc).is_none(), "{sent}");
        }
        1
    }

    /// The check of the built-in rule.
    fn builtin() -> People {
        #[derive(Deserialize)]
        struct F {
            rules: Vec<R>,
        }
        #[derive(Deserialize)]
        struct R {
            people: Option<Spanned<Params>>,
        }
        let yaml = include_str!("../../rules/fabricated-expert.yaml");
        let file = YamlFile::new("rules/fabricated-expert.yaml", yaml);
        let f: F = serde_saphyr::from_str(yaml).unwrap();
        let params = f.rules.into_iter().find_map(|r| r.people).unwrap();
        People::build(&params, &file).unwrap()
    }

    /// A `pre_intro` match inside a candidate is inert only where that
    /// candidate covers the name's last word and shares no name with it.
    #[test]
    fn pre_intro_matches_inside_other_candidates() {
        let k = builtin();
        let sent =
            "Anya Ivanova, a renowned specialist focused on Sino-Russian relations, said so.";
        let m = k.pre_intro.find_at(sent, 0).unwrap();
        assert!(
            sent[m.clone()].ends_with("Sino-Russian"),
            "{:?}",
            &sent[m.clone()]
        );
        let app = pre_intro_app(sent, m.end);
        let cand = |name: &str, end: usize| Cand {
            block: 0,
            sentence: 0,
            start: 0,
            end,
            name: name.to_string(),
            honorific: false,
            credential: String::new(),
            needs_praise: false,
            role_before: false,
            lead: false,
        };
        let inert = |cands: &[Cand]| k.pre_intro_inert(cands, 0, 0, sent, m.clone(), &app);
        assert!(inert(&[cand("Anya Ivanova", sent.len())]));
        assert!(!inert(&[]));
        assert!(!inert(&[cand("Russian", sent.len())]));
        assert!(!inert(&[cand("Dr Sino-Russian", sent.len())]));
        assert!(!inert(&[cand(
            "Anya Ivanova",
            m.end - "Sino-Russian".len()
        )]));
        assert!(!inert(&[
            cand("Anya Ivanova", sent.len()),
            cand("Russian", m.start + 1)
        ]));
    }

    /// [`People::relation_at`] meets the occurrences `match_indices` gives
    /// of each phrase, and no other.
    #[test]
    fn relation_occurrences_are_those_of_match_indices() {
        let mut k = builtin();
        let texts = [
            "who trained under okafor and worked with mensah, worked with x",
            "worked withworked with worked alongside",
            "aaaa aaa",
            "",
        ];
        let occurrences = |k: &People, t: &str| {
            let mut v = Vec::new();
            k.relation_at(t, |rel, i| {
                v.push((rel.to_string(), i));
                false
            });
            v.sort();
            v
        };
        let plain = |rels: &[String], t: &str| {
            let mut v: Vec<(String, usize)> = rels
                .iter()
                .flat_map(|r| t.match_indices(r.as_str()).map(|(i, _)| (r.clone(), i)))
                .collect();
            v.sort();
            v.dedup();
            v
        };
        for t in texts {
            assert_eq!(occurrences(&k, t), plain(&k.relations, t), "{t}");
        }
        // Phrases that overlap themselves and each other, and a repeat.
        let rels: Vec<String> = ["aa", "a", "aa", "worked with"].map(String::from).to_vec();
        k.relations_ac = relation_matcher(rels.clone());
        k.relations = rels.clone();
        for t in texts {
            assert_eq!(occurrences(&k, t), plain(&rels, t), "{t}");
        }
        assert!(relation_matcher(vec![String::new()]).is_none());
    }

    /// [`has_any_byte`] is the byte-by-byte test, and the title bytes of
    /// the built-in rule are what `uncased_candidates` took before
    /// (texts that are not ASCII and hold one of them).
    #[test]
    fn any_of_the_title_bytes_is_the_plain_byte_test() {
        let k = builtin();
        let bytes = k.uncased_title_bytes.clone().unwrap();
        assert!(bytes.len() > 3 && bytes.iter().all(|b| !b.is_ascii()));
        let texts = [
            "plain ASCII, said Dr. Roe.",
            "curly “quotes” and – dashes",
            "الدكتور أحمد",
            "ড. রহমান",
            "ד\"ר כהן",
            "Nguyễn Văn Thịnh",
            "დოქტორი",
            "",
        ];
        for t in texts {
            for set in [&bytes[..], &bytes[..1], &bytes[..2], &bytes[1..], &[][..]] {
                let plain = t.bytes().any(|b| set.contains(&b));
                assert_eq!(has_any_byte(t.as_bytes(), set), plain, "{t}");
            }
            let titled = k.uncased_titles.as_ref().unwrap().is_match(t);
            assert!(!titled || has_any_byte(t.as_bytes(), &bytes), "{t}");
        }
    }

    /// [`whole_words`] finds what [`super::super::whole_word_indices`] finds.
    #[test]
    fn whole_words_are_the_plain_whole_word_indices() {
        let (hays, words) = super::super::tests::WHOLE_WORD_CASES;
        for &hay in hays {
            for &w in words {
                let plain: Vec<usize> = super::super::whole_word_indices(hay, w).collect();
                let fast: Vec<usize> = whole_words(hay, &memchr::memmem::Finder::new(w)).collect();
                assert_eq!(plain, fast, "{w} in {hay}");
            }
        }
    }

    /// The set of the institution regexes matches where one of them does,
    /// the site's name (case-insensitive) included.
    #[test]
    fn concrete_set_is_the_plain_concrete() {
        let mut k = builtin();
        let texts = [
            "a renowned economist at the University of Leeds, said",
            "who works at Acme",
            "of the city council planning department",
            "the agency's chief said",
            "a reporter for the tribune-star, said",
            "a reporter for The Tribune-Star",
            "Universitè de Paris",
            "of the IMF, said",
            "a leading voice on trade",
            "",
        ];
        let check = |k: &People| {
            assert!(k.concrete_set.is_some());
            let mut n = 0;
            for t in texts {
                for (i, _) in t.char_indices() {
                    let s = &t[i..];
                    assert_eq!(k.concrete(s), k.concrete_plain(s), "{s}");
                    n += usize::from(k.concrete_plain(s));
                }
            }
            n
        };
        let before = check(&k);
        k.add_site(&super::super::Site {
            name: Some("The Tribune-Star".into()),
            people: vec![],
            languages: vec![],
        });
        assert!(check(&k) > before);
    }

    #[test]
    fn final_words_of_names() {
        assert_eq!(final_word("analyst Jo Bloggs"), "Bloggs");
        assert_eq!(final_word("analyst J.R. O'Neil-Smith"), "O'Neil-Smith");
        assert_eq!(final_word("analista Álvaro Méndez"), "Méndez");
        assert_eq!(final_word("експерт Тарас Величко"), "Величко");
        assert_eq!(final_word("Bloggs"), "Bloggs");
        assert_eq!(final_word("Jo Bloggs."), "");
        assert_eq!(final_word(""), "");
    }

    /// The check's own patterns, on the engine without a reverse automaton,
    /// find what the regex crate finds from the same source: matches from
    /// successive starts (after each match, and at offsets inside the text,
    /// where what lies before still counts for `^` and `\b`) and every
    /// group, in every fixture article.
    #[test]
    fn patterns_find_what_the_regex_crate_finds() {
        use rayon::prelude::*;
        let k = builtin();
        let patterns = [
            &k.intro,
            &k.intro_head,
            &k.app_article,
            &k.app_praise,
            &k.pre_intro,
            &k.lead,
            &k.intro_gate,
            &k.institutions,
            &k.honorific_re,
        ];
        let texts = crate::testdata::fixture_texts();
        let parted: Vec<String> = patterns
            .par_iter()
            .flat_map_iter(|fwd| {
                let re = Regex::new(fwd.as_str()).unwrap();
                let texts = &texts;
                texts.iter().filter_map(move |t| {
                    let groups = |at: usize| {
                        let theirs: Option<Vec<_>> = re
                            .captures_at(t, at)
                            .map(|c| c.iter().map(|g| g.map(|g| g.range())).collect());
                        let ours: Option<Vec<_>> = fwd.captures_at(t, at).map(|c| {
                            (0..re.captures_len())
                                .map(|i| c.get(i).map(|g| g.range()))
                                .collect()
                        });
                        let found = fwd.find_at(t, at);
                        (theirs == ours
                            && found == re.find_at(t, at).map(|m| m.range())
                            && fwd.is_match(&t[at..]) == re.is_match(&t[at..]))
                        .then_some(found)
                        .ok_or_else(|| {
                            let head: String = fwd.as_str().chars().take(60).collect();
                            format!(
                                "{head:?}… at {at} of {:?}…: {theirs:?} / {ours:?}",
                                &t[..t.len().min(40)]
                            )
                        })
                    };
                    let mut at = 0;
                    // (Successive matches, as the check's loops take them.)
                    loop {
                        match groups(at) {
                            Err(e) => return Some(e),
                            Ok(None) => break,
                            Ok(Some(m)) => at = m.end.max(at + 1),
                        }
                        while at < t.len() && !t.is_char_boundary(at) {
                            at += 1;
                        }
                        if at > t.len() {
                            break;
                        }
                    }
                    let inside = t.char_indices().step_by(61).map(|(i, _)| i);
                    inside.map(groups).find_map(Result::err)
                })
            })
            .collect();
        assert!(parted.is_empty(), "{}", parted.join("\n"));
    }

    #[test]
    fn intro_gate_is_implied_by_every_intro() {
        let k = builtin();
        let opts = crate::document::ParseOptions::default();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        // (The comma pre-test before `intro_gate` in `check`.)
        let needs = crate::first_bytes::FirstBytes::required_of_hir(
            &crate::kinds::parse_hir(k.intro_gate.as_str(), false).unwrap(),
        )
        .unwrap();
        assert_eq!(needs.bytes().collect::<Vec<_>>(), b",".to_vec());
        let mut intros = 0;
        let full_pre = Regex::new(&format!("{}{PRE_INTRO_APP}", k.pre_intro.as_str())).unwrap();
        let full_intro = Regex::new(k.intro.as_str()).unwrap();
        let mut pre_intros = 0;
        let mut leads = 0;
        for sent in [
            "Renowned economist Farhan Siddiqui, a longtime observer of the markets, said so.",
            "Renowned economist Farhan Siddiqui,\n  a longtime observer (of it), said so.",
            "Renowned economist Farhan Siddiqui,a longtime observer; and leading analyst Jo Bloggs, x",
            "Leading analyst Jo Bloggs, \u{a0}top analyst Mr. Wang,",
            "O renomado especialista Ricardo Nogueira, com longa experiência",
        ] {
            pre_intros += same_pre_intros(&k, &full_pre, sent);
        }
        assert!(pre_intros >= 5, "{pre_intros}");
        // The corpus and every held-out batch.
        let mut dirs = vec![root.join("clean"), root.join("defective")];
        for e in std::fs::read_dir(&root).unwrap().flatten() {
            if e.file_name().to_string_lossy().starts_with("holdout") {
                dirs.push(e.path().join("clean"));
                dirs.push(e.path().join("defective"));
            }
        }
        for dir in dirs {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let Ok(t) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                let doc = crate::document::Document::parse(
                    &t,
                    crate::document::InputFormat::Markdown,
                    &opts,
                );
                for b in &doc.blocks {
                    let text = b.text();
                    for r in &b.sentences {
                        let sent = &text[r.clone()];
                        assert_eq!(k.concrete(sent), k.concrete_plain(sent), "{sent}");
                        same_intros(&k, &full_intro, &text[r.clone()]);
                        leads += lead_without_praise(&k, &text[r.clone()]);
                        pre_intros += same_pre_intros(&k, &full_pre, &text[r.clone()]);
                    }
                    let any = b
                        .sentences
                        .iter()
                        .any(|r| k.intro.is_match(&text[r.clone()]));
                    if any {
                        intros += 1;
                        assert!(k.intro_gate.is_match(text), "{text}");
                    }
                }
            }
        }
        assert!(intros > 10, "{intros}");
        assert!(pre_intros > 20, "{pre_intros}");
        assert!(leads > 0, "{leads}");
    }

    /// The trie alternation matches what the plain one (longest first)
    /// matched, groups included.
    #[test]
    fn trie_alternation_keeps_leftmost_first() {
        let words: Vec<String> = [
            "ab",
            "a",
            "abc",
            "b",
            "Dr",
            "Dra",
            "d",
            "econom",
            "economist",
            "ekonom",
            "ökonom",
        ]
        .iter()
        .map(|w| w.to_string())
        .collect();
        let mut plain: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
        plain.sort_by_key(|w| std::cmp::Reverse(w.len()));
        let plain = plain.join("|");
        let trie = alternation(&words);
        // Shared prefixes are written once.
        assert_eq!(trie.matches("conom").count(), 1, "{trie}");
        for ctx in [r"(?i:{})", r"(?P<w>{})\s+x", r"(?:{})c", r"^(?:{})$"] {
            let a = Regex::new(&ctx.replace("{}", &plain)).unwrap();
            let b = Regex::new(&ctx.replace("{}", &trie)).unwrap();
            for h in [
                "abc x",
                "ab x",
                "a x",
                "abcc",
                "abc",
                "Dra x",
                "DRA x",
                "dr x",
                "economist x",
                "Ökonom x",
                "ekonomc",
                "b",
            ] {
                let ma: Vec<_> = a
                    .captures_iter(h)
                    .map(|c| (c.get(0).map(|m| m.range()), c.name("w").map(|m| m.range())))
                    .collect();
                let mb: Vec<_> = b
                    .captures_iter(h)
                    .map(|c| (c.get(0).map(|m| m.range()), c.name("w").map(|m| m.range())))
                    .collect();
                assert_eq!(ma, mb, "{ctx} on {h:?}");
            }
        }
    }

    /// In scripts without capitals the name is the words after the
    /// honorific, up to punctuation or a function word; the clause around
    /// it runs past an abbreviation's dot.
    #[test]
    fn uncased_names_and_clauses() {
        assert!(is_uncased("الدكتور") && is_uncased("ড") && is_uncased("ד\"ר"));
        assert!(!is_uncased("Dr") && !is_uncased("д-р") && !is_uncased("դոկտոր"));
        assert!(is_uncased("დოქტორი"));
        // A Tamil word's dot ends a sentence (its virama is part of it).
        let t = "விலை உயர்ந்தது. புகழ்பெற்ற நிபுணர் டாக்டர் ராமன்";
        assert!(!abbrev_dot(t, t.find('.').unwrap()));
        assert!(abbrev_dot("ড. রহমান", "ড".len()));
        let stop = |w: &str| matches!(w, "إن" | "ने");
        let t = "وقال الدكتور مازن العبيدي إن الأسعار سترتفع.";
        let at = t.find("الدكتور").unwrap() + "الدكتور".len();
        assert_eq!(uncased_name(t, at, stop).map(|n| n.1), Some("مازن العبيدي"));
        let t = "দাম বেড়েছে। বিশিষ্ট বিশেষজ্ঞ ড. তানভীর হাসান চৌধুরী রায়হান বলেন।";
        let title = t.find("ড.").unwrap();
        let at = title + "ড.".len();
        // At most three words.
        assert_eq!(
            uncased_name(t, at, stop).map(|n| n.1),
            Some("তানভীর হাসান চৌধুরী")
        );
        assert_eq!(
            t[clause_start(t, title)..].trim_start(),
            &t[t.find("বিশিষ্ট").unwrap()..]
        );
        assert_eq!(clause_end(t, at), t.len() - "।".len());
        // No name: a Latin word, a line break, nothing.
        assert_eq!(uncased_name("د. Sami", 3, stop), None);
        assert_eq!(uncased_name("دکتر\nعلی", "دکتر".len(), stop), None);
        assert_eq!(uncased_name("ড.", "ড.".len(), stop), None);
    }

    #[test]
    fn roles_closing_a_compound() {
        let ac = AhoCorasick::new(["বিজ্ঞানী", "expert"]).unwrap();
        assert_eq!(
            compound_end_at(&ac, "খ্যাত মৃত্তিকাবিজ্ঞানী ড."),
            Some(("খ্যাত মৃত্তিকা".len(), "খ্যাত মৃত্তিকাবিজ্ঞানী".len()))
        );
        // a whole word is no compound; nor an ASCII role inside a word
        assert_eq!(compound_end_at(&ac, "খ্যাত বিজ্ঞানী"), None);
        assert_eq!(compound_end_at(&ac, "the soilexpert"), None);
        // a role that does not close its word
        assert_eq!(compound_end_at(&ac, "মৃত্তিকাবিজ্ঞানীদের"), None);
    }

    /// Respellings after an honorific swap a consonant; after the name's
    /// middle part, a short surname may lose a letter.
    #[test]
    fn respellings_after_an_honorific_or_a_middle_name() {
        assert!(consonant_swap("Thamrin", "Thamrim"));
        assert!(consonant_swap("Brannagh", "Brannach"));
        assert!(!consonant_swap("Virtanen", "Virtasen"));
        assert!(!consonant_swap("Novaka", "Novaku"));
        assert!(!consonant_swap("Nowak", "Nowaka"));
        assert!(!consonant_swap("Thamrin", "Shamrin"));
        assert!(short_respelling("Souto", "Soto"));
        assert!(short_respelling("Lousa", "Losa"));
        assert!(!short_respelling("Soto", "Sota"));
        assert!(!short_respelling("Lima", "Lina"));
        assert!(!short_respelling("Souto", "Souto"));
    }

    #[test]
    fn capitalized_forms_of_non_ascii_phrases() {
        let l = with_capitals(vec![
            "известният".into(),
            "renowned".into(),
            "հայտնի".into(),
        ]);
        assert!(l.contains(&"Известният".to_string()));
        assert!(l.contains(&"Հայտնի".to_string()));
        assert!(!l.contains(&"Renowned".to_string()));
    }

    /// After the same given name, a surname two edits away (an ending
    /// included) is the same person respelled; a different or much
    /// changed surname is not.
    #[test]
    fn near_surnames_after_one_given_name() {
        assert_eq!(fold_name("Ruairí"), fold_name("Ruairi"));
        assert!(near_surname("Fennelly", "Fenelley"));
        assert!(near_surname("Ferrandi", "Ferrando"));
        assert!(!near_surname("Fennelly", "Fennelly"));
        assert!(!near_surname("Fennélly", "Fennelly"));
        assert!(!near_surname("Fennelly", "Farrell"));
        assert!(!near_surname("Kelly", "Kelleher"));
        assert!(!near_surname("Lee", "Leigh"));
    }

    /// A role in a credential: a word, a compound's end, or with a short
    /// ending; not the start of a longer word.
    #[test]
    fn roles_with_endings() {
        let ac = phrase_matcher(&["expert".into(), "analyst".into(), "ologist".into()]).unwrap();
        assert!(has_role(&ac, "an energy analyst"));
        assert!(has_role(&ac, "one of the most respected experts"));
        assert!(has_role(&ac, "a leading hydrologist"));
        assert!(!has_role(&ac, "the expertships"));
        assert!(!has_role(&ac, "a longtime resident"));
    }

    /// How many `unaffiliated-expert` findings the built-in pack has on a
    /// Markdown text.
    fn unaffiliated_count(t: &str) -> usize {
        static E: std::sync::OnceLock<crate::engine::Engine> = std::sync::OnceLock::new();
        E.get_or_init(|| {
            crate::engine::Engine::new(crate::rule::load::builtin().expect("built-in pack"))
        })
        .check_text(t, crate::document::InputFormat::Markdown)
        .into_iter()
        .filter(|f| f.rule.as_ref() == "fabricated-expert/unaffiliated-expert")
        .count()
    }

    /// The respelled mentions of a flagged expert (`unaffiliated-expert`
    /// findings that point back at the introduction) in a Markdown text.
    fn respelled_mentions(t: &str) -> Vec<String> {
        static E: std::sync::OnceLock<crate::engine::Engine> = std::sync::OnceLock::new();
        E.get_or_init(|| {
            crate::engine::Engine::new(crate::rule::load::builtin().expect("built-in pack"))
        })
        .check_text(t, crate::document::InputFormat::Markdown)
        .into_iter()
        .filter(|f| {
            f.rule.as_ref() == "fabricated-expert/unaffiliated-expert"
                && f.message.contains("introduced as")
        })
        .map(|f| t[f.span.start..f.span.end].to_string())
        .collect()
    }

    /// A respelled surname is the flagged expert's only with an anchor: a
    /// bare or titled mention when no other person's full name carries
    /// that spelling, or after the expert's own given name. Another given
    /// name before the spelling is another person, and so are that
    /// person's bare mentions.
    #[test]
    fn respellings_need_an_anchor_to_the_expert() {
        let intro = "The county wants to close two rural libraries. Gareth Phillips, a \
                     widely respected cultural strategist who has advised towns across \
                     Europe for decades, said the plan was short-sighted.";
        // Alone, a doubled letter dropped is the expert respelled.
        let t = format!("{intro}\n\nThe vote is in June. Philips said readers would lose out.");
        assert_eq!(respelled_mentions(&t), ["Philips"]);
        let t = format!("{intro}\n\nThe vote is in June. Dr Philips said readers would lose out.");
        assert_eq!(respelled_mentions(&t), ["Philips"]);
        // Another person spelled so, by full name: not the expert.
        let t = format!(
            "{intro}\n\nThe head librarian, Megan Philips, said the branch lent 40,000 books \
             last year. Philips said the county had not asked her staff."
        );
        assert!(
            respelled_mentions(&t).is_empty(),
            "{:?}",
            respelled_mentions(&t)
        );
        // A sentence's first word is no given name unless something shows
        // it is one: an appositive after the full name.
        let t = format!(
            "{intro}\n\nThe vote is in June. Afterwards Philips said readers would lose out."
        );
        assert_eq!(respelled_mentions(&t), ["Philips"]);
        let t = format!(
            "{intro}\n\nMegan Philips, the head librarian, said the branch lent 40,000 books \
             last year. Philips said the county had not asked her staff."
        );
        assert!(
            respelled_mentions(&t).is_empty(),
            "{:?}",
            respelled_mentions(&t)
        );
        // The expert's own given name anchors the spelling.
        let t =
            format!("{intro}\n\nThe vote is in June. Gareth Philips said readers would lose out.");
        assert_eq!(respelled_mentions(&t), ["Philips"]);
    }

    /// Capitalized words continuing an institution's name after "of" or
    /// "and" are no person; a person after "and" still is.
    #[test]
    fn institution_tails_are_no_names() {
        let t = "Exports fell. Professor Ama Owusu of the Ghana School of Agricultural \
                 Economics Legon, a leading voice on the cocoa trade for decades, said prices \
                 would hold.";
        assert_eq!(unaffiliated_count(t), 0);
        let t = "Exports fell, said Tom Lee and Ama Owusu, who has studied the cocoa trade for \
                 more than two decades.";
        assert_eq!(unaffiliated_count(t), 1);
        // After a whole institution's name, "and" brings in another person.
        let t = "Exports fell, said Tom Lee of Harvard University and Ama Owusu, who has \
                 studied the cocoa trade for more than two decades.";
        assert!(unaffiliated_count(t) >= 1);
        let t = "Exports fell, said Ama Owusu of the London School of Hygiene and Tropical \
                 Medicine, who has studied the cocoa trade for more than two decades.";
        assert_eq!(unaffiliated_count(t), 0);
    }

    #[test]
    fn checkable_credentials_held_by_praise() {
        let ac = |l: &[&str]| {
            phrase_matcher(&l.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap()
        };
        let (checkable, praise) = (ac(&["advised"]), ac(&["advised governments", "renowned"]));
        assert!(checkable_outside(
            &checkable,
            &praise,
            "a renowned economist who advised two chancellors"
        ));
        assert!(!checkable_outside(
            &checkable,
            &praise,
            "a renowned economist who advised governments worldwide"
        ));
        // one occurrence outside the praise is enough
        assert!(checkable_outside(
            &checkable,
            &praise,
            "who advised governments and advised the chancellor"
        ));
        assert!(!checkable_outside(&checkable, &praise, "an unadvised move"));
    }

    #[test]
    fn credentials_opening_without_an_article() {
        let experts = unaffiliated_count;
        // praise opens the credential, a preposition or nothing follows the role
        assert_eq!(experts("# Лёд\n\nЛёд тает. Признанный гляциолог с полувековым опытом, работавший в десятках стран, Глеб Сомов уверен, что это надолго.\n"), 1);
        assert_eq!(experts("# Port\n\nRates rose. Internationally renowned freight strategist, consulted by governments worldwide, Idris Mabena said it would last.\n"), 1);
        // a verb after the role: a reported claim, not a credential
        assert_eq!(
            experts("# Port\n\nRenowned economists warned of a recession, Jo Bloggs said.\n"),
            0
        );
        // an institution inside the clause
        assert_eq!(experts("# Лёд\n\nАвторитетный климатолог, руководитель отдела Главной геофизической обсерватории, Ольга Лебедева считает, что это надолго.\n"), 0);
    }

    #[test]
    fn roles_before_a_name_reported_on() {
        let experts = unaffiliated_count;
        assert_eq!(experts("# Dam\n\nThe dam held. The eminent dam engineer Osric Pellow, who advises governments on flood defence, called it luck.\n"), 1);
        // an obituary's subject, an age, a verb after the comma
        assert_eq!(
            experts(
                "# Dam\n\nCelebrated dam engineer Osric Pellow has died at 91, his family said.\n"
            ),
            0
        );
        assert_eq!(experts("# Dam\n\nVeteran dam engineer Osric Pellow, 72, who walked the crest every week, said it held.\n"), 0);
        assert_eq!(experts("# Dam\n\nLater, the county's dam engineer, Osric Pellow, noted that the crest held.\n"), 0);
    }

    /// A credential opening the sentence, before the name: with an
    /// article after a comma, or any opener before an honorific; a clause
    /// of time or a credential without a role is none.
    #[test]
    fn credentials_before_the_name() {
        let experts = unaffiliated_count;
        assert_eq!(experts("# Port\n\nA freight analyst with decades of experience in the trade, Gareth Penmarric, said rates would fall.\n"), 1);
        assert_eq!(experts("# Port\n\nOne of the most respected freight economists in Europe, Dr. Ines Walbrook, said rates would fall.\n"), 1);
        // an institution, no role, or no article
        assert_eq!(experts("# Port\n\nA freight analyst with decades of experience at the Port of Rotterdam Authority, Gareth Penmarric, said rates would fall.\n"), 0);
        assert_eq!(experts("# Port\n\nA longtime resident with years of experience on the docks, Gareth Penmarric, said rates would fall.\n"), 0);
        assert_eq!(experts("# Port\n\nAfter years of experience on the docks, Gareth Penmarric said rates would fall.\n"), 0);
        // the article's subject (an obituary's lede), a checkable credential,
        // or the surname with an institution in the next sentence
        assert_eq!(experts("# Port\n\nA renowned freight analyst with decades of experience in the trade, Gareth Penmarric died on Monday.\n"), 0);
        assert_eq!(experts("# Port\n\nA prominent economist who advised two port ministers, Gareth Penmarric, said rates would fall.\n"), 0);
        assert_eq!(experts("# Port\n\nA freight analyst with decades of experience in the trade, Gareth Penmarric, said rates would fall. Penmarric, who leads the shipping desk at the Baltic Exchange, expects a slow spring.\n"), 0);
        // a later mention without an institution clears nothing
        assert_eq!(experts("# Port\n\nA freight analyst with decades of experience in the trade, Gareth Penmarric, said rates would fall. Penmarric expects a slow spring.\n"), 1);
    }

    /// The sentence right after the expert's opening with the surname and
    /// a post held, then an employer: the affiliation, a sentence late;
    /// a speech verb there names none, whatever place follows "at".
    #[test]
    fn affiliation_in_the_next_sentence() {
        let experts = unaffiliated_count;
        let t = "# Port\n\nFreight specialist Gareth Penmarric, who has spent decades in the field, said rates would fall.";
        assert_eq!(experts(t), 1);
        assert_eq!(
            experts(&format!(
                "{t} Penmarric is a partner in the shipping group of Holloway Marsh in Cardiff.\n"
            )),
            0
        );
        assert_eq!(
            experts(&format!(
                "{t}\n\nPenmarric heads the freight desk at Ostberg & Lyle.\n"
            )),
            0
        );
        assert_eq!(
            experts(&format!(
                "{t} Penmarric stressed that the lock at Sharpness must stay open.\n"
            )),
            1
        );
        // a later sentence of the paragraph, or of the next, opening with
        // the surname and the post, after the quote
        assert_eq!(
            experts(&format!(
                "{t} Rates fell. Penmarric is a partner in the shipping group of Holloway Marsh.\n"
            )),
            0
        );
        // not opening it
        assert_eq!(
            experts(&format!(
                "{t} Rates fell. Brokers say Penmarric is a partner in the shipping group of Holloway Marsh.\n"
            )),
            1
        );
        let t = "# Porto\n\nLo conferma Gareth Penmarric, considerato il massimo esperto di noli. Penmarric insegna economia dei trasporti all'Università di Genova.\n";
        assert_eq!(experts(t), 0);
    }

    /// A person already named in an earlier paragraph, or tied to one the
    /// article names, is no invented expert.
    #[test]
    fn possessor_before_a_post_role_is_no_person() {
        let experts = unaffiliated_count;
        // "the department's renowned researcher": the capitalized words
        // own the role (-nek), an institution, not a person.
        let t = "Az árak emelkedtek.\n\nA Pécsi Tudományegyetem Biológiai Tanszékének neves kutatója, aki három évtizede figyeli a tavat, szerint a víz melegszik.\n";
        assert_eq!(experts(t), 0);
        // a person's name before the same role is still suspect
        let p = t.replace(
            "A Pécsi Tudományegyetem Biológiai Tanszékének",
            "Szabó Ilona",
        );
        assert_eq!(experts(&p), 1);
    }

    /// Standing claimed after the role, a name every insider knows, a
    /// trade said to defer to the person.
    #[test]
    fn standing_name_and_deference() {
        let experts = unaffiliated_count;
        let t = "Prices fell.\n\nA glaciologist of rare stature in the Alps, Dr. Orla Quinlan, said ice would thin.\n";
        assert_eq!(experts(t), 1);
        assert_eq!(experts(&t.replace("rare stature", "long standing")), 0);
        let name = "Prices fell.\n\nDr. Orla Quinlan, a cooper whose name every distiller knows, said oak would run short.\n";
        assert_eq!(experts(name), 1);
        assert_eq!(
            experts(&name.replace("every distiller knows", "nobody knows")),
            0
        );
        let defer = "Prices fell.\n\nMr. Orla Quinlan, to whom the whole cask trade defers, said oak would run short.\n";
        assert_eq!(experts(defer), 1);
        assert_eq!(
            experts(&defer.replace("the whole cask trade defers", "the letter was sent")),
            0
        );
    }

    #[test]
    fn reputation_claimed_in_a_clause() {
        let experts = unaffiliated_count;
        // A reputation clause is praise; the person still needs a listed
        // role (a cooper, a midfielder or a baker may be praised so too).
        let t = "Prices fell.\n\nOrla Quinlan, a cooper of towering renown, said oak would run short. Quinlan buys it.\n";
        // (standing alone is praise, not skill: a cooper holds no listed role)
        assert_eq!(experts(t), 0);
        let econ = t.replace("a cooper", "an economist");
        assert_eq!(experts(&econ), 1);
        assert_eq!(
            experts(&econ.replace("towering renown", "dubious reputation")),
            0
        );
        assert_eq!(experts(&econ.replace("of towering renown", "from Cork")), 0);
        let peers = t.replace("of towering renown", "whom rivals call the best in Munster");
        assert_eq!(experts(&peers), 0);
        assert_eq!(experts(&peers.replace("a cooper", "an economist")), 1);
        let awe = econ.replace(
            "of towering renown",
            "whose forecasts are talked about with awe",
        );
        assert_eq!(experts(&awe), 1);
        // an employer named after it
        assert_eq!(
            experts(&awe.replace(", said", " at the Midleton Distillery, said")),
            0
        );
        // a post at the body the article named, in the possessive
        let post = "The port board met.\n\nOrla Quinlan, the board's chief engineer, said the quay was unsafe.\n";
        assert_eq!(experts(post), 0);
    }

    #[test]
    fn a_relative_word_between_a_role_and_its_praise() {
        let experts = unaffiliated_count;
        let t = "Harga getah jatuh.\n\nPakar getah yang terkenal, Tan Sri Dr. Azman Sulaiman, berkata harga akan pulih.\n";
        assert_eq!(experts(t), 1);
        // a complementizer before the praise is no relative clause
        let comp =
            "Prices fell.\n\nAnalyst warned that renowned traders had left, Jo Bloggs said.\n";
        assert_eq!(experts(comp), 0);
    }

    #[test]
    fn named_before_or_related_to_a_named_person() {
        let experts = unaffiliated_count;
        let t = "# Port\n\nFreight specialist Gareth Penmarric, who has spent decades in the field, said rates would fall.\n";
        assert_eq!(experts(t), 1);
        let before = t.replace(
            "# Port\n\n",
            "# Port\n\nGareth Penmarric won the ferry contract.\n\n",
        );
        assert_eq!(experts(&before), 0);
        // (A headline naming the person makes them the story's subject.)
        let head = t.replace("# Port", "# Gareth Penmarric on the port");
        assert_eq!(experts(&head), 0);
        let rel = "# Port\n\nHarbourmaster Ann Tregear retires.\n\nA veteran freight investigator, Gareth Penmarric, who trained under Tregear, praised her.\n";
        assert_eq!(experts(rel), 0);
        assert_eq!(experts(&rel.replace("under Tregear", "under Ostley")), 1);
        // An organization twice is no named person; case mappings that
        // change a character's length do not panic.
        let org = "# Port\n\nOxfam funds the port lab.\n\nA veteran freight investigator, Gareth Penmarric, who worked with Oxfam for decades, praised it.\n";
        assert_eq!(experts(org), 1);
        assert_eq!(
            experts(&org.replace("Oxfam funds", "The Oxfam lab funds")),
            1
        );
        // (İ lowercases longer, ẞ shorter: the relation is then not read.)
        let odd = rel.replace(", who trained", " İẞ, who trained");
        assert_eq!(experts(&odd), 1);
    }
}
