//! Rule kinds. Each kind is one file: its YAML parameters (`Params`), how
//! they are validated, and the check it runs over a [`Document`].
//!
//! Kinds never format output; they return [`Hit`]s (a source span plus
//! values for the rule's message placeholders) and the engine turns those
//! into findings.

pub mod forward_regex;
pub mod headline_echo;
pub mod language;
pub mod lazy_regex;
pub mod name_consistency;
pub mod pattern;
pub mod people;
pub mod repetition;
pub mod scaffold;
pub mod sentence_joins;
pub mod stray_question;
pub mod transcript;

use crate::document::{Block, BlockKind, Document};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use crate::rule::{KindName, RuleSpec, Scope};
use crate::span::Span;
pub use lazy_regex::{compile_lazy, fold_free, parse_hir, LazyRegex};
use regex::{Regex, RegexBuilder};
use serde_saphyr::Spanned;

/// What a kind found: a span and values for the message placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub span: Span,
    pub vars: Vec<(&'static str, String)>,
    /// A short label under the span (defaults to the category).
    pub label: Option<String>,
    /// Other places that explain the finding (e.g. the first spelling).
    pub related: Vec<(Span, String)>,
}

impl Hit {
    pub fn new(span: Span) -> Self {
        Hit {
            span,
            vars: Vec::new(),
            label: None,
            related: Vec::new(),
        }
    }
    pub fn var(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.vars.push((k, v.into()));
        self
    }
    pub fn label(mut self, l: impl Into<String>) -> Self {
        self.label = Some(l.into());
        self
    }
    pub fn related(mut self, span: Span, what: impl Into<String>) -> Self {
        self.related.push((span, what.into()));
        self
    }
}

/// What a check sees.
pub struct Cx<'a, 'd> {
    pub doc: &'a Document<'d>,
    pub scope: &'a [Scope],
    /// The engine's shared literal prefilter for this rule, when the rule
    /// gave [`Check::gate_literals`] (see `engine::RuleGate`).
    pub gate: Option<crate::engine::RuleGate<'a>>,
}

impl<'a, 'd> Cx<'a, 'd> {
    /// Blocks the rule's scope covers, with their indices.
    pub fn blocks(&self) -> impl Iterator<Item = (usize, &'a Block)> + '_ {
        self.blocks_where(|_, _| true)
    }

    /// [`Cx::blocks`] that pass `keep`, tested before the scope (a check
    /// with a cheaper test of its own asks it first).
    pub fn blocks_where(
        &self,
        keep: impl Fn(usize, &'a Block) -> bool,
    ) -> impl Iterator<Item = (usize, &'a Block)> {
        let doc = self.doc;
        let scope = scope_bits(self.scope);
        doc.blocks
            .iter()
            .enumerate()
            .filter(move |&(i, b)| keep(i, b) && in_scope_bits(scope, doc, i, b))
    }
}

/// Is block `bi` a blockquote the article introduces as a quotation: the
/// block before its run of blockquote paragraphs is the article's own
/// sentence ending with a colon ("The chatbot replied:", "The 1974
/// advertisement read:")? Its words are quoted, as between quotation
/// marks. Pasted material (an ad, a chatbot's leftovers) comes unannounced
/// or under a bare label ("Advertisement:", "Sponsored:": no sentence).
pub fn introduced_quote(doc: &Document, bi: usize) -> bool {
    if doc.blocks.get(bi).map(|b| b.kind) != Some(BlockKind::Quote) {
        return false;
    }
    let Some(intro) = doc.blocks[..bi]
        .iter()
        .rev()
        .find(|b| b.kind != BlockKind::Quote)
    else {
        return false;
    };
    let t = intro
        .text()
        .trim_end()
        .trim_end_matches(['*', '_'])
        .trim_end();
    intro.kind == BlockKind::Paragraph
        && t.ends_with([':', '：'])
        && crate::document::word_count(t) >= 5
}

/// Is block `i` seen by a rule with this scope?
pub fn in_scope(scope: &[Scope], doc: &Document, i: usize, b: &Block) -> bool {
    in_scope_bits(scope_bits(scope), doc, i, b)
}

/// A set of scopes as bits (bit `s as u16` for scope `s`): one test per
/// question instead of a search of the rule's list, for every element and
/// rule.
fn scope_bits(scope: &[Scope]) -> u16 {
    // Every scope has its bit.
    const _: () = assert!((Scope::Html as u32) < u16::BITS);
    scope.iter().fold(0, |m, &s| m | 1 << s as u16)
}

/// [`in_scope`] with the scopes as [`scope_bits`].
fn in_scope_bits(scope: u16, doc: &Document, i: usize, b: &Block) -> bool {
    let has = |s: Scope| scope & (1 << s as u16) != 0;
    let is_headline = doc
        .headline
        .as_ref()
        .is_some_and(|h| h.block == i && b.text.as_str().trim() == h.text);
    // A headline from a Markdown/HTML heading is seen only through the
    // `headline` scope; one inferred from a first short paragraph is also
    // still a paragraph.
    if is_headline && (has(Scope::Headline) || b.kind == BlockKind::Heading) {
        return has(Scope::Headline);
    }
    let base = match b.kind {
        BlockKind::Heading => Scope::Heading,
        BlockKind::Paragraph => Scope::Paragraph,
        BlockKind::ListItem => Scope::ListItem,
        BlockKind::Quote => Scope::Quote,
        BlockKind::Code => Scope::Code,
        BlockKind::Html => Scope::Html,
    };
    has(base)
        || (b.emphasis_only && has(Scope::EmphasisLine))
        || (b.turn.is_some() && has(Scope::Turn))
}

/// A compiled check.
pub trait Check: Send + Sync {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>);

    /// Literals (ASCII letters lowercase, matched ignoring ASCII case) the
    /// check wants located in each element's text. The engine scans each
    /// element once for the literals of all rules and tells each check,
    /// through [`Cx::gate`], which elements contain one of its literals and
    /// where. What that means is the check's own: for a `pattern` rule an
    /// element without one cannot match at all; `people` uses them only to
    /// find credentials (a role and praise).
    fn gate_literals(&self) -> Option<&[Vec<u8>]> {
        None
    }

    /// Per gate literal (same order as [`Check::gate_literals`]), the bit
    /// set of the check's own sub-tests (bit i: its i-th regex) that have
    /// it as a required literal. The engine then hands back each
    /// occurrence it found with that bit set
    /// ([`RuleGate::literal_hits`](crate::engine::RuleGate::literal_hits)),
    /// so the check need not scan again to tell which sub-tests can match
    /// in which part of an element.
    fn gate_masks(&self) -> Option<&[u64]> {
        None
    }

    /// Take in what the project configuration knows about the site
    /// (`site:` in `copydesk.yaml`). Kinds that can use it to avoid false
    /// positives override this; the default ignores it.
    fn apply_site(&mut self, _site: &Site) {}

    /// Build now whatever the check would otherwise build on first use
    /// (the built-in pack's regexes): for a long-running process (`serve`)
    /// that must not make its first requests pay. The default has nothing
    /// to build.
    fn warm_up(&self) {}

    /// Does an element without one of the check's gate literals (no bit in
    /// [`crate::engine::RuleGate::may_match`]) never yield a finding? Then
    /// the engine skips the check for a document in which none occurs.
    /// (`people` uses its literals only for some candidates: not so.)
    fn gate_excludes(&self) -> bool {
        false
    }
}

/// Site knowledge from the project configuration, given to every compiled
/// check by [`crate::engine::Engine::apply_site`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Site {
    /// The publication's own name ("The Tribune-Star").
    pub name: Option<String>,
    /// Real staff and recurring contributors: never reported as invented.
    pub people: Vec<String>,
    /// The languages articles are expected in (ISO 639-1 codes, lowercase).
    pub languages: Vec<String>,
}

/// Build the check for a rule spec, validating its parameters.
pub fn build(spec: &RuleSpec, file: &YamlFile) -> Result<Box<dyn Check>, LocatedError> {
    let kind = spec.kind.value;
    let present: Vec<(KindName, Option<crate::span::Span>)> = [
        (KindName::Pattern, spec.pattern.as_ref().map(yaml_span)),
        (
            KindName::HeadlineEcho,
            spec.headline_echo.as_ref().map(yaml_span),
        ),
        (
            KindName::Transcript,
            spec.transcript.as_ref().map(yaml_span),
        ),
        (KindName::People, spec.people.as_ref().map(yaml_span)),
        (
            KindName::NameConsistency,
            spec.name_consistency.as_ref().map(yaml_span),
        ),
        (
            KindName::SentenceJoins,
            spec.sentence_joins.as_ref().map(yaml_span),
        ),
        (KindName::Language, spec.language.as_ref().map(yaml_span)),
        (
            KindName::Repetition,
            spec.repetition.as_ref().map(yaml_span),
        ),
        (KindName::Scaffold, spec.scaffold.as_ref().map(yaml_span)),
        (
            KindName::StrayQuestion,
            spec.stray_question.as_ref().map(yaml_span),
        ),
    ]
    .into_iter()
    .filter_map(|(k, s)| s.map(|s| (k, s)))
    .collect();
    if let Some((other, span)) = present.iter().find(|(k, _)| *k != kind) {
        return Err(file
            .error(
                format!(
                    "rule `{}` is of kind `{}` but has parameters for kind `{}`",
                    spec.id.value,
                    kind.id(),
                    other.id()
                ),
                *span,
                format!("`{}` parameters", other.id()),
            )
            .with_help(format!(
                "move these settings under `{}:` or change `kind:`",
                kind.id()
            )));
    }
    macro_rules! params {
        ($field:ident) => {
            match &spec.$field {
                Some(p) => p,
                None => {
                    return Err(file
                        .error(
                            format!("rule `{}` of kind `{}` has no `{}:` parameters", spec.id.value, kind.id(), kind.id()),
                            yaml_span(&spec.kind),
                            "declared here",
                        )
                        .with_help(format!("add a `{}:` mapping with the kind's parameters (see `copydesk rules explain`)", kind.id())))
                }
            }
        };
    }
    Ok(match kind {
        KindName::Pattern => Box::new(pattern::Pattern::build(params!(pattern), file)?),
        KindName::HeadlineEcho => Box::new(headline_echo::HeadlineEcho::build(
            params!(headline_echo),
            file,
        )?),
        KindName::Transcript => Box::new(transcript::Transcript::build(params!(transcript), file)?),
        KindName::People => Box::new(people::People::build(params!(people), file)?),
        KindName::NameConsistency => Box::new(name_consistency::NameConsistency::build(
            params!(name_consistency),
            file,
        )?),
        KindName::SentenceJoins => Box::new(sentence_joins::SentenceJoins::build(
            params!(sentence_joins),
            file,
        )?),
        KindName::Language => Box::new(language::LanguageCheck::build(params!(language), file)?),
        KindName::Repetition => Box::new(repetition::Repetition::build(params!(repetition), file)?),
        KindName::Scaffold => Box::new(scaffold::Scaffold::build(params!(scaffold), file)?),
        KindName::StrayQuestion => Box::new(stray_question::StrayQuestion::build(
            params!(stray_question),
            file,
        )?),
    })
}

/// The non-empty strings of a word list from YAML, lowercased, into any
/// collection (a `Vec`, a `HashSet`).
pub fn lowercased<C: FromIterator<String>>(list: &[String]) -> C {
    list.iter()
        .map(|e| e.to_lowercase())
        .filter(|e| !e.is_empty())
        .collect()
}

/// A letter with the diacritics of Latin letters dropped, the dotless ı
/// dotted and ё written е ("á" -> "a", "ł" -> "l"); any other character
/// as it is. For comparing names: a respelling or an inflection often
/// changes only these.
pub fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'ī' | 'ı' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ő' | 'ø' | 'ō' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ű' | 'ů' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ç' | 'č' | 'ć' => 'c',
        'ñ' | 'ň' | 'ń' => 'n',
        'š' | 'ś' | 'ş' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ř' => 'r',
        'ł' => 'l',
        'ď' => 'd',
        'ť' => 't',
        'ё' => 'е',
        c => c,
    }
}

/// The compiled-size limit of every rule regex.
pub const REGEX_SIZE_LIMIT: usize = 1 << 22;

/// Compile a regex written in YAML; an error points at the pattern.
pub fn compile_regex(
    src: &Spanned<String>,
    case_insensitive: bool,
    file: &YamlFile,
) -> Result<Regex, LocatedError> {
    RegexBuilder::new(&src.value)
        .case_insensitive(case_insensitive)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| {
            let msg = e.to_string();
            let detail = msg.lines().filter(|l| l.starts_with("error:")).collect::<Vec<_>>().join("; ");
            file.error(
                format!("invalid regex in {}", file.name),
                yaml_span(src),
                if detail.is_empty() { msg.lines().last().unwrap_or("invalid").to_string() } else { detail },
            )
            .with_code("copydesk::regex")
            .with_help("regex syntax: https://docs.rs/regex/latest/regex/#syntax ; write `(?-u:\\b)` for fast word boundaries")
        })
}

/// Compile a list of regexes.
pub fn compile_all(
    list: &[Spanned<String>],
    ci: bool,
    file: &YamlFile,
) -> Result<Vec<Regex>, LocatedError> {
    list.iter().map(|r| compile_regex(r, ci, file)).collect()
}

/// Where `word` occurs in `hay` as a whole word (no letter or digit right
/// before or after it), left to right.
pub fn whole_word_indices<'h>(hay: &'h str, word: &'h str) -> impl Iterator<Item = usize> + 'h {
    // (`memchr`'s vectorized search: the same occurrences as
    // `str::match_indices`, left to right and none overlapping, without a
    // scalar two-way searcher set up for every text.)
    memchr::memmem::find_iter(hay.as_bytes(), word.as_bytes())
        .filter(move |&i| is_whole_word(hay, i, word.len()))
}

/// Is `hay[i..i + n]`, a non-empty occurrence of a word, a whole word: no
/// letter or digit right before or right after it?
pub fn is_whole_word(hay: &str, i: usize, n: usize) -> bool {
    n > 0
        && !hay[..i]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        && !hay[i + n..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Is byte position `pos` of `text` inside quotation marks (counted from
/// the start of `text`)?
pub fn inside_quotes(text: &str, pos: usize) -> bool {
    QuoteScan::default().inside(text, pos)
}

/// [`inside_quotes`] for increasing positions in one text: the quotation
/// state is carried forward from the previous position instead of being
/// recounted from the start (which made elements with many matches
/// quadratic). Asking for an earlier position starts over.
#[derive(Debug, Default, Clone)]
pub struct QuoteScan {
    at: usize,
    curly: i32,
    /// How many of the open curly quotes opened low („): German closes
    /// them with “, and a typed „…" closes with a straight quote.
    low: i32,
    guill: i32,
    straight: bool,
    /// Inside single quotation marks ('…' or ‘…’), told from apostrophes
    /// by what stands around them (see [`single_quote`]).
    single: bool,
    /// The character before `at`.
    prev: Option<char>,
}

/// What a single quotation mark or apostrophe at byte `i` of `text` does,
/// given the character before it and whether a single quotation is open:
/// `Some(true)` opens one (after a space or an opening bracket, before a
/// letter or digit, with a closing mark ahead in the next 400 bytes),
/// `Some(false)` closes the open one (after a non-space, before no letter
/// or digit: "it's" and "the '90s" do not), `None` is an apostrophe.
fn single_quote(text: &str, i: usize, c: char, prev: Option<char>, open: bool) -> Option<bool> {
    let after = &text[i + c.len_utf8()..];
    let next = after.chars().next();
    let word = |ch: Option<char>| ch.is_some_and(char::is_alphanumeric);
    let closes_here =
        |p: Option<char>, n: Option<char>| !p.is_some_and(char::is_whitespace) && !word(n);
    if open {
        return (c != '‘' && closes_here(prev, next)).then_some(false);
    }
    // An elision ("'90s", "'em", "'til") opens nothing.
    let first_word: String = after.chars().take_while(|c| c.is_alphanumeric()).collect();
    let elision = next.is_some_and(|n| n.is_ascii_digit())
        || [
            "em", "til", "cause", "n", "s", "t", "tis", "twas", "bout", "round",
        ]
        .contains(&first_word.to_lowercase().as_str());
    let opener = c != '’'
        && !elision
        && prev.is_none_or(|p| p.is_whitespace() || "([{—–-\"“„«".contains(p))
        && word(next);
    if !opener {
        return None;
    }
    // A closing mark must follow within 400 bytes (not an apostrophe
    // inside a word, nor a plural possessive: "the teachers' union").
    let mut last = None;
    let mut it = after.char_indices().peekable();
    while let Some((k, ch)) = it.next() {
        if k > 400 || ch == '\n' {
            break;
        }
        let n = it.peek().map(|&(_, n)| n);
        let possessive = last == Some('s') && n == Some(' ');
        if (ch == '\'' || ch == '’') && closes_here(last, n) && !possessive {
            return Some(true);
        }
        last = Some(ch);
    }
    None
}

/// Is the character at byte `i` of `text` (after `prev`) in the position
/// of a closing mark: after a non-space, before no letter or digit?
fn closing_position(text: &str, i: usize, c: char, prev: Option<char>) -> bool {
    !prev.is_some_and(char::is_whitespace)
        && !text[i + c.len_utf8()..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

impl QuoteScan {
    pub fn inside(&mut self, text: &str, pos: usize) -> bool {
        if pos < self.at {
            *self = QuoteScan::default();
        }
        let start = self.at.min(text.len());
        for (i, c) in text[start..].char_indices() {
            if start + i >= pos {
                break;
            }
            match c {
                '„' => {
                    self.curly += 1;
                    self.low += 1;
                }
                '“' if self.low > 0 && closing_position(text, start + i, c, self.prev) => {
                    self.curly -= 1;
                    self.low -= 1;
                }
                '“' => self.curly += 1,
                '”' => {
                    self.curly = (self.curly - 1).max(0);
                    self.low = self.low.min(self.curly);
                }
                '«' => self.guill += 1,
                '»' => self.guill = (self.guill - 1).max(0),
                '"' if self.low > 0
                    && !self.straight
                    && closing_position(text, start + i, c, self.prev) =>
                {
                    self.curly -= 1;
                    self.low -= 1;
                }
                '"' => self.straight = !self.straight,
                '\'' | '‘' | '’' => {
                    if let Some(open) = single_quote(text, start + i, c, self.prev, self.single) {
                        self.single = open;
                    }
                }
                _ => {}
            }
            self.prev = Some(c);
        }
        // The scan stopped at the first character at or after `pos`.
        self.at = crate::span::ceil_char_boundary(text, pos.min(text.len()));
        self.curly > 0 || self.guill > 0 || self.straight || self.single
    }
}

/// Is `c` a word character for phrase boundaries?
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Truncate text for a message placeholder.
pub fn short(s: &str, max_chars: usize) -> String {
    let s = s.trim();
    let flat: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let mut t: String = flat.chars().take(max_chars.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts and words for the whole-word searches' tests: repeats,
    /// self-overlapping words, hyphens, letters outside ASCII, combining
    /// marks, the empty word.
    pub(crate) const WHOLE_WORD_CASES: (&[&str], &[&str]) = (
        &[
            "Ivanov met Ivanova; Ivanov-Petrov, ivanov, Ivanov.",
            "aaaaa aa a aaa",
            "Ruairí Fennelly and Ruairí, Ruairíx xRuairí Ruairí",
            "Łukasz Żak, żak Żakowski Żak",
            "",
            "A-A A-AA-A A-A-A",
            "é é\u{301} ée eé",
        ],
        &[
            "Ivanov", "aa", "a", "aaa", "Ruairí", "Żak", "A-A", "", "x", "Ivanov.", "é", "\u{301}",
        ],
    );

    /// [`whole_word_indices`] (by `memchr`'s search) finds what the plain
    /// `str::match_indices` with the same whole-word test finds.
    #[test]
    fn whole_word_indices_are_the_plain_match_indices() {
        let plain = |hay: &str, word: &str| -> Vec<usize> {
            hay.match_indices(word)
                .map(|(i, _)| i)
                .filter(|&i| is_whole_word(hay, i, word.len()))
                .collect()
        };
        let (hays, words) = WHOLE_WORD_CASES;
        for &hay in hays {
            for &w in words {
                let fast: Vec<usize> = whole_word_indices(hay, w).collect();
                assert_eq!(plain(hay, w), fast, "{w:?} in {hay:?}");
            }
        }
    }

    #[test]
    fn quotes() {
        let t = "the site published text reading “As an AI language model” today";
        assert!(inside_quotes(t, t.find("As an AI").unwrap()));
        assert!(!inside_quotes(t, t.find("today").unwrap()));
        // German „…“ and a typed „…" close the low quote.
        for (t, w) in [
            ("Er sagte „Wählt uns“ und dann wählt", "ählt"),
            ("Napisał „głosuj\" i potem głosuj", "łosuj"),
        ] {
            assert!(inside_quotes(t, t.find(w).unwrap()), "{t}");
            assert!(!inside_quotes(t, t.rfind(w).unwrap()), "{t}");
        }
        let t = "Sie schrieb „Ja“, er „Nein”, dann kam die Wahl";
        assert!(!inside_quotes(t, t.find("Wahl").unwrap()));
        // Single quotation marks, told from apostrophes.
        let t = "District says assistant told parents 'As an AI language model, I can't' during the first week";
        assert!(inside_quotes(t, t.find("As an AI").unwrap()));
        assert!(!inside_quotes(t, t.find("during").unwrap()));
        let t = "The minister’s ‘Vote for change’ slogan was printed in the ’90s; vote today";
        assert!(inside_quotes(t, t.find("Vote").unwrap()));
        assert!(!inside_quotes(t, t.find("vote today").unwrap()));
        // A quote nested in „…“ does not close it; elisions and plural
        // possessives open or close nothing.
        for t in [
            "Napisał „Gazeta \"Wyborcza\" podała”, a potem vote",
            "„Der Film \"Titanic\" lief“, sagte er. Dann vote",
            "Back in the '90s the mayor said vote for Lee, the teachers' union says.",
            "They sang 'til dawn and said vote, the fans' chant went on.",
        ] {
            assert!(!inside_quotes(t, t.rfind("vote").unwrap()), "{t}");
        }
        for t in [
            "It's the parents' choice: vote for Lee",
            "Back in the '90s they said vote for Lee",
        ] {
            assert!(!inside_quotes(t, t.find("vote").unwrap()), "{t}");
        }
        let s = "He said \"vote\" and then vote";
        assert!(inside_quotes(s, s.find("vote").unwrap()));
        assert!(!inside_quotes(s, s.rfind("vote").unwrap()));
        // Carried forward, the state is the one counted from the start.
        let mut q = QuoteScan::default();
        for t in [t, s] {
            for p in (0..=t.len()).filter(|p| t.is_char_boundary(*p)) {
                assert_eq!(q.inside(t, p), inside_quotes(t, p), "{t:?} at {p}");
            }
            q = QuoteScan::default();
        }
    }
}
