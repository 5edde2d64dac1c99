//! Rule regexes compiled on first use and shared ([`LazyRegex`]), the
//! syntax-level rewrite that makes them cheaper to build without changing
//! what they match ([`fold_free`]), and the looser automaton that rules
//! texts out before the real regex runs ([`LazyRegex::may_match`]).
//!
//! Every rule kind takes its regexes from here: the built-in pack's are
//! compiled when a document first needs them (a run that never meets a
//! rule's literals never pays for its automaton), each source and flag set
//! once per engine however many rules ask for it.

use super::forward_regex::{CachePool, ForwardRegex, Limits};
use super::{compile_all, REGEX_SIZE_LIMIT};
use crate::rule::error::{LocatedError, YamlFile};
use regex::{Regex, RegexBuilder};
use serde_saphyr::Spanned;

/// The syntax tree of a regex as the regex crate reads it (with the
/// case-insensitive flag the rule sets); `None` when it does not parse.
pub fn parse_hir(src: &str, case_insensitive: bool) -> Option<regex_syntax::hir::Hir> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(src)
        .ok()
}

/// `src` with each character class of letters — `\p{L}`, `[^\p{L}\d]`,
/// `[\p{L} .'’-]` — taken out of case-insensitive matching, when the regex
/// is matched case-insensitively there: the same regex, cheaper to build.
/// Such a class is closed under case folding but for U+0345 (which folds
/// to ι), added to it; folding it is most of the cost of parsing the
/// pack's regexes (thousands of ranges, each `\p{L}` anew). `None` when
/// nothing changes, or when the regex sets flags in the middle of a group
/// (`a(?i)b`), whose reach this does not follow. The built-in pack's
/// regexes are proven unchanged by a test (their syntax trees are equal).
pub fn fold_free(src: &str, case_insensitive: bool) -> Option<String> {
    use regex_syntax::ast::{self, Ast, ClassSet, ClassSetItem};
    fn letters(c: &ast::ClassUnicode) -> bool {
        !c.negated
            && match &c.kind {
                ast::ClassUnicodeKind::OneLetter(l) => *l == 'L',
                ast::ClassUnicodeKind::Named(n) => n == "L" || n == "Letter",
                ast::ClassUnicodeKind::NamedValue { .. } => false,
            }
    }
    // A character without case: its fold is itself alone.
    let uncased = |c: char| c != '\u{345}' && c.to_lowercase().eq([c]) && c.to_uppercase().eq([c]);
    // (Whether the class is made only of letters, digits, spaces and
    // uncased characters; and holds the letters.)
    let closed = |items: &[ClassSetItem]| -> Option<bool> {
        let mut has_letters = false;
        for it in items {
            match it {
                ClassSetItem::Literal(l) if uncased(l.c) => {}
                ClassSetItem::Range(r) if (r.start.c..=r.end.c).all(uncased) => {}
                ClassSetItem::Unicode(u) if letters(u) => has_letters = true,
                ClassSetItem::Perl(p)
                    if !p.negated
                        && matches!(
                            p.kind,
                            ast::ClassPerlKind::Digit | ast::ClassPerlKind::Space
                        ) => {}
                _ => return None,
            }
        }
        Some(has_letters)
    };
    // Insertions: (byte offset, closing first at one offset, text).
    fn walk(
        src: &str,
        a: &Ast,
        ci: bool,
        closed: &dyn Fn(&[ClassSetItem]) -> Option<bool>,
        letters: &dyn Fn(&ast::ClassUnicode) -> bool,
        out: &mut Vec<(usize, u8, &'static str)>,
    ) -> Option<()> {
        match a {
            Ast::Flags(_) => return None,
            Ast::ClassUnicode(c) if ci && letters(c) => {
                out.push((c.span.start.offset, 1, "(?-i:["));
                out.push((c.span.end.offset, 0, "\\x{345}])"));
            }
            Ast::ClassBracketed(b) if ci => {
                let items: &[ClassSetItem] = match &b.kind {
                    ClassSet::Item(ClassSetItem::Union(u)) => &u.items,
                    ClassSet::Item(i) => std::slice::from_ref(i),
                    ClassSet::BinaryOp(_) => &[],
                };
                // U+0345 goes first, after "[" or "[^" (before "]" it
                // could end a range: "[a-\x{345}]"), unless a "]" or "-"
                // there is a literal whose meaning that would change.
                let first = b.span.start.offset + 1 + usize::from(b.negated);
                if closed(items) == Some(true)
                    && !src.get(first..).is_some_and(|t| t.starts_with([']', '-']))
                {
                    out.push((b.span.start.offset, 1, "(?-i:"));
                    out.push((first, 1, "\\x{345}"));
                    out.push((b.span.end.offset, 0, ")"));
                }
            }
            Ast::Repetition(r) => walk(src, &r.ast, ci, closed, letters, out)?,
            Ast::Group(g) => {
                let ci = match &g.kind {
                    ast::GroupKind::NonCapturing(f) => {
                        // (In `x` mode spaces after "[" are skipped: the
                        // class's first item is not where it seems.)
                        if f.flag_state(ast::Flag::IgnoreWhitespace).is_some() {
                            return None;
                        }
                        if f.flag_state(ast::Flag::Unicode).is_some() {
                            return Some(());
                        }
                        f.flag_state(ast::Flag::CaseInsensitive).unwrap_or(ci)
                    }
                    _ => ci,
                };
                walk(src, &g.ast, ci, closed, letters, out)?;
            }
            Ast::Alternation(x) => {
                for a in &x.asts {
                    walk(src, a, ci, closed, letters, out)?;
                }
            }
            Ast::Concat(x) => {
                for a in &x.asts {
                    walk(src, a, ci, closed, letters, out)?;
                }
            }
            _ => {}
        }
        Some(())
    }
    let parsed = ast::parse::Parser::new().parse(src).ok()?;
    let mut ins = Vec::new();
    walk(src, &parsed, case_insensitive, &closed, &letters, &mut ins)?;
    if ins.is_empty() {
        return None;
    }
    ins.sort_by_key(|&(at, rank, _)| (at, rank));
    let mut out = String::with_capacity(src.len() + ins.len() * 8);
    let mut from = 0;
    for (at, _, text) in ins {
        out.push_str(src.get(from..at)?);
        out.push_str(text);
        from = at;
    }
    out.push_str(&src[from..]);
    Some(out)
}

/// The built-in regexes waiting for (or past) their first use, by source
/// and flags: rules asking for the same one share it.
type Interned = std::collections::HashMap<(String, bool), std::sync::Weak<LazyInner>>;
static INTERNED: std::sync::Mutex<Option<Interned>> = std::sync::Mutex::new(None);

/// A rule's regex, compiled at load (a user pack: a regex the engine cannot
/// build is reported at its place in the YAML) or on first use (the built-in
/// pack, whose regexes the test suite compiles: `check` on one article does
/// not pay for the rules whose literals it never contains).
///
/// Rules that share a regex (a YAML anchor: boilerplate/read-also and
/// read-also-list share their heading vocabulary, the largest automaton of
/// the pack) share one compiled copy: built-in regexes waiting for their
/// first use are interned by source and flags.
#[derive(Clone)]
pub struct LazyRegex(std::sync::Arc<LazyInner>);

struct LazyInner {
    src: String,
    case_insensitive: bool,
    cell: std::sync::OnceLock<Regex>,
    /// The regex loosened ([`loosened`]: without its Unicode word
    /// boundaries, large counters widened; see [`LazyRegex::may_match`]),
    /// built on first use; `None` when there is nothing to loosen.
    loose: std::sync::OnceLock<Option<Loose>>,
    /// The regex without a reverse automaton ([`ForwardRegex`]), built on
    /// first use; `None` when it cannot be built (the regex crate's then
    /// serves).
    forward: std::sync::OnceLock<Option<ForwardRegex>>,
    /// [`fold_free`]'s source, worked out once ([`LazyInner::cheap_src`]).
    cheap: std::sync::OnceLock<Option<String>>,
    /// `cheap_src` parsed for the loose regex and found to have nothing to
    /// loosen, left for the forward regex: with nothing loosened every text
    /// goes on to it, so it is built at once from the same tree. (A tree
    /// that was loosened is not kept: its forward regex may never be
    /// needed, and kept, such trees were ~6 MB of `audit`'s heap.)
    parsed: std::sync::Mutex<Option<regex_syntax::hir::Hir>>,
}

impl LazyInner {
    /// The source each engine is built from: with its classes of letters
    /// taken out of case-insensitive matching ([`fold_free`]: the same
    /// regex, cheaper to build), or as written.
    fn cheap_src(&self) -> &str {
        self.cheap
            .get_or_init(|| fold_free(&self.src, self.case_insensitive))
            .as_deref()
            .unwrap_or(&self.src)
    }

    /// `cheap_src` parsed, or the tree [`LazyInner::leave`] left: parsing
    /// a large alternation of words case-insensitively costs about as much
    /// as compiling it (parsed once instead of twice where they can be, the
    /// built-in pack's regexes took 3.4 % fewer instructions over an
    /// `audit` of 2,000 records).
    fn hir(&self) -> Option<regex_syntax::hir::Hir> {
        let left = self
            .parsed
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        left.or_else(|| parse_hir(self.cheap_src(), self.case_insensitive))
    }

    /// Keep `hir` (parsed for the loose regex) for the forward regex, if
    /// that one is still to be built.
    fn leave(&self, hir: regex_syntax::hir::Hir) {
        if self.forward.get().is_none() {
            *self
                .parsed
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(hir);
        }
    }
}

/// The regex crate's regex, for callers that need more than
/// [`LazyRegex::is_match`], [`LazyRegex::find_first`],
/// [`LazyRegex::find_each`] and [`LazyRegex::named_captures_each`] (which
/// run on [`ForwardRegex`]): such a call builds the regex crate's engine
/// too, reverse automaton and all, so those are the ones to reach for.
impl std::ops::Deref for LazyRegex {
    type Target = Regex;
    fn deref(&self) -> &Regex {
        self.get()
    }
}

impl From<Regex> for LazyRegex {
    /// A regex built elsewhere (tests, callers' own regexes). Its builder's
    /// flags are not known here, so [`LazyRegex::may_match`] never rules a
    /// match out for it.
    fn from(re: Regex) -> LazyRegex {
        LazyRegex(std::sync::Arc::new(LazyInner {
            src: re.as_str().to_string(),
            case_insensitive: false,
            cell: std::sync::OnceLock::from(re),
            loose: std::sync::OnceLock::from(None),
            forward: std::sync::OnceLock::from(None),
            cheap: std::sync::OnceLock::new(),
            parsed: std::sync::Mutex::new(None),
        }))
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.0.src).finish()
    }
}

/// A forward lazy DFA that answers only whether a loosened regex
/// ([`loosened`]: no Unicode word boundaries, which would stop it at
/// non-ASCII bytes, and no large counters) matches: half the build of a
/// full regex (no reverse automaton, no capture engines), from the syntax
/// tree already in hand.
struct Loose {
    /// Whether large counted repetitions were widened ([`loosened`]): then
    /// the loose automaton is worth asking about every text, not only
    /// those outside ASCII.
    always: bool,
    dfa: regex_automata::hybrid::dfa::DFA,
    caches: CachePool<regex_automata::hybrid::dfa::Cache>,
}

impl Loose {
    fn new(hir: &regex_syntax::hir::Hir, always: bool) -> Option<Loose> {
        use regex_automata::nfa::thompson;
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(thompson::WhichCaptures::None)
                    .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
            )
            .build_from_hir(hir)
            .ok()?;
        let dfa = regex_automata::hybrid::dfa::DFA::builder()
            .build_from_nfa(nfa)
            .ok()?;
        let proto = dfa.clone();
        Some(Loose {
            always,
            dfa,
            caches: CachePool::new(Box::new(move || proto.create_cache())),
        })
    }

    /// False only when the regex cannot match in `text` (a search error,
    /// which this automaton should never meet, says it may).
    fn is_match(&self, text: &str) -> bool {
        let input = regex_automata::Input::new(text).earliest(true);
        let mut cache = self.caches.get();
        self.dfa
            .try_search_fwd(&mut cache, &input)
            .map_or(true, |m| m.is_some())
    }
}

impl LazyRegex {
    pub fn ready(src: &str, re: Regex, case_insensitive: bool) -> LazyRegex {
        LazyRegex(std::sync::Arc::new(LazyInner {
            src: src.to_string(),
            case_insensitive,
            cell: std::sync::OnceLock::from(re),
            loose: std::sync::OnceLock::new(),
            forward: std::sync::OnceLock::new(),
            cheap: std::sync::OnceLock::new(),
            parsed: std::sync::Mutex::new(None),
        }))
    }

    /// A regex compiled on first use, shared with every other rule of a
    /// live engine that asked for the same source and flags.
    pub fn later(src: &str, case_insensitive: bool) -> LazyRegex {
        let mut guard = INTERNED
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let map = guard.get_or_insert_with(Default::default);
        let key = (src.to_string(), case_insensitive);
        if let Some(inner) = map.get(&key).and_then(std::sync::Weak::upgrade) {
            return LazyRegex(inner);
        }
        // (Entries of dropped engines go when the map would otherwise grow.)
        if map.len() >= 4096 {
            map.retain(|_, w| w.strong_count() > 0);
        }
        let inner = std::sync::Arc::new(LazyInner {
            src: src.to_string(),
            case_insensitive,
            cell: std::sync::OnceLock::new(),
            loose: std::sync::OnceLock::new(),
            forward: std::sync::OnceLock::new(),
            cheap: std::sync::OnceLock::new(),
            parsed: std::sync::Mutex::new(None),
        });
        map.insert(key, std::sync::Arc::downgrade(&inner));
        LazyRegex(inner)
    }

    /// False when the regex cannot match in `text`; exact in that direction.
    ///
    /// It asks a forward-only lazy DFA of a *looser* regex, one that matches
    /// wherever this one does ([`loosened`]), built on first use:
    ///
    /// - A Unicode `\b` stops the regex engine's lazy DFA at the first byte
    ///   outside ASCII (a curly quote is enough), and the search falls back
    ///   to a much slower engine over the whole text. Without its word
    ///   boundaries (an assertion only narrows) the regex runs on the DFA.
    ///   That is only worth asking of non-ASCII texts: on ASCII ones the DFA
    ///   handles `\b` itself.
    /// - A large counted repetition (`[^.!?]{0,60}`, `\p{L}{2,20}`) makes
    ///   the lazy DFA's states sets of counter positions: on varied text
    ///   nearly every sentence needs new ones, the cache fills and is
    ///   cleared, and most of a search is spent building states. Widened to
    ///   an open repetition (`[^.!?]*`) it needs a handful. Such a regex is
    ///   asked about every text first; only the texts the loose one matches
    ///   go to the real one.
    pub fn may_match(&self, text: &str) -> bool {
        self.may_match_ascii(text, text.is_ascii())
    }

    /// [`LazyRegex::may_match`] for a text whose `is_ascii` the caller knows.
    pub fn may_match_ascii(&self, text: &str, ascii: bool) -> bool {
        let inner = &*self.0;
        let loose = inner.loose.get_or_init(|| {
            let hir = inner.hir()?;
            let loose = loosened(&hir).and_then(|(loose, always)| Loose::new(&loose, always));
            // (Nothing to loosen: every text goes on to the forward regex,
            // starting with the one asked about now.)
            if loose.is_none() {
                inner.leave(hir);
            }
            loose
        });
        match loose {
            Some(re) if re.always || !ascii => re.is_match(text),
            _ => true,
        }
    }

    /// The regex as a [`ForwardRegex`] (built now if it was not yet):
    /// `None` for a regex built elsewhere ([`LazyRegex::from`]) or one it
    /// cannot build.
    fn forward(&self) -> Option<&ForwardRegex> {
        let inner = &*self.0;
        inner
            .forward
            .get_or_init(|| {
                let hir = inner.hir()?;
                ForwardRegex::new(inner.cheap_src(), &hir, Limits::nfa(REGEX_SIZE_LIMIT)).ok()
            })
            .as_ref()
    }

    /// Whether the regex matches in `text` ([`Regex::is_match`]), on the
    /// engine without a reverse automaton ([`ForwardRegex`]): the kinds
    /// that only ask this never build the regex crate's.
    ///
    /// The loose pre-check ([`LazyRegex::may_match`]) goes first: without
    /// it a regex with a Unicode `\b` would walk every text outside ASCII
    /// on the NFA engines (the lazy DFA stops at such a text's first
    /// non-ASCII byte), where the regex crate's reverse searches from the
    /// literals it holds.
    pub fn is_match(&self, text: &str) -> bool {
        self.may_match(text)
            && match self.forward() {
                Some(re) => re.is_match(text),
                None => self.get().is_match(text),
            }
    }

    /// The first match in `text` as a byte range ([`Regex::find`]'s), on
    /// [`ForwardRegex`] after the loose pre-check (see
    /// [`LazyRegex::is_match`]).
    pub fn find_first(&self, text: &str) -> Option<(usize, usize)> {
        if !self.may_match(text) {
            return None;
        }
        match self.forward() {
            Some(re) => re.find(text),
            None => self.get().find(text).map(|m| (m.start(), m.end())),
        }
    }

    /// Each successive match in `text` as a byte range
    /// ([`Regex::find_iter`]'s), on [`ForwardRegex`].
    pub fn find_each(&self, text: &str, mut f: impl FnMut(usize, usize)) {
        match self.forward() {
            Some(re) => re.find_each(text, f),
            None => self
                .get()
                .find_iter(text)
                .for_each(|m| f(m.start(), m.end())),
        }
    }

    /// Each successive match in `text` ([`Regex::captures_iter`]'s) with
    /// its named groups that took part, as (name, text) in the order of the
    /// groups, on [`ForwardRegex`].
    pub fn named_captures_each<'t>(
        &self,
        text: &'t str,
        mut f: impl FnMut(usize, usize, &[(&str, &'t str)]),
    ) {
        let mut named: Vec<(&str, &'t str)> = Vec::new();
        let Some(re) = self.forward() else {
            let re = self.get();
            for c in re.captures_iter(text) {
                let Some(m) = c.get(0) else { continue };
                named.clear();
                for name in re.capture_names().flatten() {
                    if let Some(g) = c.name(name) {
                        named.push((name, g.as_str()));
                    }
                }
                f(m.start(), m.end(), &named);
            }
            return;
        };
        re.captures_each(text, |start, end, caps| {
            named.clear();
            for (i, name) in re.group_names().enumerate() {
                let span = caps.get_group(i);
                if let (Some(name), Some(span)) = (name, span) {
                    named.push((name, &text[span.range()]));
                }
            }
            f(start, end, &named);
        });
    }

    /// The regex as written (without building it).
    pub fn source(&self) -> &str {
        &self.0.src
    }

    /// The compiled regex (built now if it was not yet).
    pub fn get(&self) -> &Regex {
        let inner = &*self.0;
        inner.cell.get_or_init(|| {
            RegexBuilder::new(inner.cheap_src())
                .case_insensitive(inner.case_insensitive)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                // Unreachable for the built-in pack (`builtin_regexes_compile`);
                // a regex that cannot be built matches nothing.
                .unwrap_or_else(|_| never_matches())
        })
    }
}

/// A regex that matches nothing.
fn never_matches() -> Regex {
    static NEVER: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    NEVER
        .get_or_init(|| {
            RegexBuilder::new(r"[^\s\S]")
                .build()
                .unwrap_or_else(|_| unreachable!("a constant regex"))
        })
        .clone()
}

/// Compile a rule's list of regexes: now for a user pack (an error points
/// at its regex in the YAML), on first use for the built-in one (see
/// [`LazyRegex`]).
pub fn compile_lazy(
    list: &[Spanned<String>],
    ci: bool,
    file: &YamlFile,
) -> Result<Vec<LazyRegex>, LocatedError> {
    if file.builtin {
        return Ok(list
            .iter()
            .map(|r| LazyRegex::later(&r.value, ci))
            .collect());
    }
    let compiled = compile_all(list, ci, file)?;
    Ok(list
        .iter()
        .zip(compiled)
        .map(|(r, re)| LazyRegex::ready(&r.value, re, ci))
        .collect())
}

/// The sources and flags of every lazily built regex alive now.
#[cfg(test)]
pub(crate) fn interned() -> Vec<(String, bool)> {
    let guard = INTERNED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    guard.as_ref().map_or_else(Vec::new, |m| {
        m.iter()
            .filter(|(_, w)| w.strong_count() > 0)
            .map(|(k, _)| k.clone())
            .collect()
    })
}

/// A counted repetition whose unrolled size (its count times its body's
/// [`weight`]) reaches this is widened by [`loosened`].
const COUNTER_WEIGHT: usize = 16;

/// How many positions (characters or classes a match steps over) `h` has,
/// a counted repetition's body as many times as its count: a lazy DFA's
/// states are sets of such positions, and counters over positions that
/// overlap multiply them.
fn weight(h: &regex_syntax::hir::Hir) -> usize {
    use regex_syntax::hir::HirKind;
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(l) => l.0.len(),
        HirKind::Class(_) => 1,
        HirKind::Repetition(r) => {
            let n = r.max.unwrap_or(r.min).max(r.min).max(1) as usize;
            weight(&r.sub).saturating_mul(n)
        }
        HirKind::Capture(c) => weight(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => {
            hs.iter().map(weight).fold(0, usize::saturating_add)
        }
    }
}

/// A looser `hir`, one that matches wherever it does (and maybe more), for a
/// forward-only "may it match" automaton (see [`LazyRegex::may_match`]):
///
/// - every Unicode word-boundary assertion taken out (an assertion only
///   narrows);
/// - every counted repetition of [`COUNTER_WEIGHT`] or more widened to an
///   open one: `x{m,n}` (or `x{m,}`) to `x*` when `m` is 0, else `x+` — each
///   count the old one allowed the new one allows;
///
/// and its groups unnamed (it is only asked whether it matches). With it,
/// whether the counters were widened; `None` when nothing changed.
fn loosened(hir: &regex_syntax::hir::Hir) -> Option<(regex_syntax::hir::Hir, bool)> {
    use regex_syntax::hir::{Hir, HirKind, Look, Repetition};
    fn strip(h: &Hir, bounds: &mut bool, counters: &mut bool) -> Hir {
        match h.kind() {
            HirKind::Look(
                Look::WordUnicode
                | Look::WordUnicodeNegate
                | Look::WordStartUnicode
                | Look::WordEndUnicode
                | Look::WordStartHalfUnicode
                | Look::WordEndHalfUnicode,
            ) => {
                *bounds = true;
                Hir::empty()
            }
            HirKind::Concat(hs) => {
                Hir::concat(hs.iter().map(|x| strip(x, bounds, counters)).collect())
            }
            HirKind::Alternation(hs) => {
                Hir::alternation(hs.iter().map(|x| strip(x, bounds, counters)).collect())
            }
            HirKind::Repetition(r) => {
                // (Weighed once its own body is loosened: an outer `{0,2}`
                // around a widened `{0,60}` is small again.)
                let sub = Box::new(strip(&r.sub, bounds, counters));
                let counted = r.max.is_some_and(|n| n > 1) || r.min > 1;
                let n = r.max.unwrap_or(r.min).max(r.min) as usize;
                let wide = counted && weight(&sub).saturating_mul(n) >= COUNTER_WEIGHT;
                *counters |= wide;
                Hir::repetition(match wide {
                    true => Repetition {
                        min: r.min.min(1),
                        max: None,
                        greedy: r.greedy,
                        sub,
                    },
                    false => Repetition { sub, ..r.clone() },
                })
            }
            HirKind::Capture(c) => strip(&c.sub, bounds, counters),
            _ => h.clone(),
        }
    }
    let (mut bounds, mut counters) = (false, false);
    let loose = strip(hir, &mut bounds, &mut counters);
    (bounds || counters).then_some((loose, counters))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Without its Unicode word boundaries a regex matches wherever it did
    /// (and more); ASCII boundaries, which the DFA handles, stay.
    #[test]
    fn loose_regex_drops_only_unicode_word_boundaries() {
        let r = LazyRegex::later(r"\b(?:votez|wählt)\b (?-u:\b)pour", true);
        assert!(r.get().is_match("« Votez pour »"));
        assert!(r.may_match("« Votez pour »"));
        // A superset: "devotez" has no boundary before "votez".
        assert!(!r.get().is_match("« devotez pour »"));
        assert!(r.may_match("« devotez pour »"));
        // The ASCII boundary stays: in "xpour" there is none before "pour".
        assert!(!r.may_match("« votez xpour »"));
        assert!(!r.may_match("« rien à voir »"));
        // No word boundary: nothing to loosen, never ruled out.
        let plain = LazyRegex::later("vote (?:for|yes)", true);
        assert!(plain.may_match("rien"));
        // A regex built elsewhere, flags unknown: never ruled out.
        let built = regex::RegexBuilder::new(r"\bvotez\b")
            .case_insensitive(true)
            .build()
            .unwrap();
        assert!(LazyRegex::from(built).may_match("« VOTEZ »"));
        assert!(loosened(&parse_hir("vote", true).unwrap()).is_none());
    }

    /// A regex with nothing to loosen is parsed once for both engines: the
    /// loose check leaves its tree for the forward regex, which takes it;
    /// a loosened one's tree is not kept.
    #[test]
    fn one_parse_serves_the_loose_check_and_the_forward_regex() {
        let kept = |r: &LazyRegex| r.0.parsed.lock().unwrap().is_some();
        // (Sources no other test interns: each starts unbuilt.)
        let plain = LazyRegex::later("one parse (?:serves|both)", true);
        assert!(plain.may_match("rien"));
        assert!(kept(&plain));
        assert_eq!(plain.find_first("ONE PARSE SERVES"), Some((0, 16)));
        assert!(!kept(&plain));
        let loosened = LazyRegex::later(r"\bone parse kept\b", true);
        assert!(!loosened.may_match("rien à voir"));
        assert!(!kept(&loosened));
        assert!(loosened.is_match("« one parse kept »"));
    }

    /// Large counted repetitions are widened to open ones (the loose regex
    /// matches wherever the regex does, and is asked about every text);
    /// small ones stay.
    #[test]
    fn loose_regex_widens_large_counters() {
        let r = LazyRegex::later(r"^(?:[^.!?]{0,60}?,\s*){0,2}vote\s+for\s+\p{Lu}", false);
        let (loose, widened) = loosened(&parse_hir(r.0.src.as_str(), false).unwrap()).unwrap();
        assert!(widened);
        assert_eq!(
            loose,
            parse_hir(r"^(?:[^.!?]*?,\s*){0,2}vote\s+for\s+\p{Lu}", false).unwrap()
        );
        let long = format!("{}, vote for Smith", "x".repeat(70));
        // The regex's 60-character clause rules this out; the loose one does not.
        assert!(!r.get().is_match(&long) && r.may_match(&long));
        assert!(r.get().is_match("Today, vote for Smith") && r.may_match("Today, vote for Smith"));
        // Asked of ASCII texts too: these cannot match either way.
        assert!(!r.may_match("The council will vote for Smith"));
        assert!(!r.may_match("Nothing here."));
        // Small counts are left alone: nothing to loosen.
        assert!(loosened(&parse_hir(r"\d{1,2} (?:a|b){2,3}", false).unwrap()).is_none());
        // `x{m,}` with a large `m` becomes `x+`.
        let (loose, _) = loosened(&parse_hir(r"[a-z ]{40,}!", false).unwrap()).unwrap();
        assert_eq!(loose, parse_hir(r"[a-z ]+!", false).unwrap());
    }

    /// Every built-in regex's loose automaton matches wherever the regex
    /// does, on every line and paragraph of the fixtures (the direction
    /// `may_match` relies on); and the widening leaves the regexes with
    /// large counters far smaller.
    #[test]
    fn loose_regexes_match_wherever_builtin_ones_do() {
        let engine = crate::engine::Engine::new(crate::rule::load::builtin().unwrap());
        let mut units: Vec<String> = Vec::new();
        for t in crate::testdata::fixture_texts() {
            units.extend(t.split("\n\n").map(str::to_string));
            units.extend(t.lines().map(str::to_string));
        }
        let (mut widened, mut matched) = (0, 0);
        for (src, ci) in interned() {
            let r = LazyRegex::later(&src, ci);
            let hir = parse_hir(&src, ci).unwrap();
            let Some((loose, wide)) = loosened(&hir) else {
                continue;
            };
            if wide {
                widened += 1;
                assert!(weight(&loose) < weight(&hir), "{src}");
            }
            for u in &units {
                if r.get().is_match(u) {
                    matched += 1;
                    assert!(r.may_match(u), "{src}\n{u}");
                }
            }
        }
        drop(engine);
        assert!(
            widened > 40 && matched > 100,
            "{widened} widened, {matched} matches"
        );
    }

    #[test]
    fn fold_free_wraps_only_letter_classes() {
        let same = |src: &str, ci: bool| {
            let cheap = fold_free(src, ci);
            if let Some(c) = &cheap {
                assert_eq!(parse_hir(src, ci), parse_hir(c, ci), "{src} -> {c}");
            }
            cheap
        };
        assert_eq!(
            same(r"^[^\p{L}\d]{0,4}vote \p{L}+", true).as_deref(),
            Some(r"^(?-i:[^\x{345}\p{L}\d]){0,4}vote (?-i:[\p{L}\x{345}])+")
        );
        assert_eq!(
            same(r"more from [\p{L} .'’-]{1,40}", true).as_deref(),
            Some(r"more from (?-i:[\x{345}\p{L} .'’-]){1,40}")
        );
        // Adjacent classes: each closed before the next opens.
        assert_eq!(
            same(r"[\p{L}][\p{L}]", true).as_deref(),
            Some(r"(?-i:[\x{345}\p{L}])(?-i:[\x{345}\p{L}])")
        );
        // A leading "-" or "]" is a literal: left alone.
        assert_eq!(same(r"[-\p{L}]", true), None);
        // Not folded anyway, or not closed under folding: unchanged.
        assert_eq!(same(r"[\p{L} ]+", false), None);
        assert_eq!(same(r"(?-i:\p{Lu})\p{Ll}+[a-z\p{L}]", true), None);
        assert_eq!(same(r"(?-i:[\p{L}]x)", true), None);
        // Inside a group that turns folding on, in a regex without it.
        assert_eq!(
            same(r"(?i:x\pL)", false).as_deref(),
            Some(r"(?i:x(?-i:[\pL\x{345}]))")
        );
        // Flags set mid-group, or whitespace-insensitive mode: left alone.
        assert_eq!(same(r"a(?i)\p{L}", false), None);
        assert_eq!(same(r"(?x:[ ^\p{L}])", true), None);
        assert_eq!(same(r"(", true), None);
        // U+0345 folds to ι: kept where folding kept it.
        let re = |s: &str| {
            regex::RegexBuilder::new(s)
                .case_insensitive(true)
                .build()
                .unwrap()
        };
        let cheap = fold_free(r"^\p{L}$", true).unwrap();
        assert!(re(r"^\p{L}$").is_match("\u{345}") && re(&cheap).is_match("\u{345}"));
    }

    /// Rules asking for the same regex (source and flags) share one
    /// compiled copy while any of them lives; other flags get their own.
    #[test]
    fn lazy_regexes_are_shared() {
        let src = "interned (?:alpha|beta) test";
        let a = LazyRegex::later(src, true);
        let b = LazyRegex::later(src, true);
        let c = LazyRegex::later(src, false);
        assert!(std::sync::Arc::ptr_eq(&a.0, &b.0));
        assert!(!std::sync::Arc::ptr_eq(&a.0, &c.0));
        assert!(b.get().is_match("Interned BETA test"));
        assert!(a.0.cell.get().is_some(), "compiled once, for both");
        assert!(!c.get().is_match("Interned BETA test"));
        drop((a, b));
        let d = LazyRegex::later(src, true);
        assert!(
            d.0.cell.get().is_none(),
            "a fresh copy once the others are gone"
        );
    }

    /// Taking letter classes out of case folding changes no built-in
    /// regex: each one of the live engine's lazily built regexes (pattern
    /// rules and every other kind's parameters alike) has the same syntax
    /// tree either way (see `fold_free`).
    #[test]
    fn fold_free_changes_no_builtin_regex() {
        let engine = crate::engine::Engine::new(crate::rule::load::builtin().unwrap());
        let (mut changed, mut all) = (0, 0);
        for (src, ci) in interned() {
            all += 1;
            let Some(cheap) = fold_free(&src, ci) else {
                continue;
            };
            changed += 1;
            assert_eq!(parse_hir(&src, ci), parse_hir(&cheap, ci), "{src}\n{cheap}");
        }
        drop(engine);
        assert!(all > 400 && changed > 40, "{changed} of {all}");
    }
}
