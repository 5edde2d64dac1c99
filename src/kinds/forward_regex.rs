//! A regex engine with no reverse automaton ([`ForwardRegex`]): what rule
//! regexes run on (the `pattern` kind's searches, and every kind's
//! `LazyRegex::is_match` and `LazyRegex::find_first`), and the people
//! check's own patterns.
//!
//! The regex crate's engine builds, for every regex, a forward NFA and a
//! reverse one (to walk back from a match's end to its start), and gives
//! each worker a cache for the lazy DFAs of both. Over Unicode classes the
//! reverse NFA is two to four times the forward one (`\p{L}`: 303 forward
//! states, 1,235 reverse), and the caches are sized by the NFAs: with the
//! built-in pack's ~570 regexes, the reverse automata were most of an audit's
//! peak memory.
//!
//! Here a forward lazy DFA finds where the leftmost-first match ends, as the
//! regex crate's does. Its start is the first position from which the same
//! DFA, anchored, finds a match (most positions fail within a byte or two);
//! its groups come from a backtracking or Pike VM search over that range
//! alone. Where the anchored searches would walk too far, the NFA engines
//! search the text up to the match's end instead. Rule regexes match
//! rarely, and the start is looked for only when they do. The matches are
//! the regex crate's own (the same semantics, the same iteration over
//! successive matches). Tested: every built-in regex against the regex
//! crate on every fixture article, and hand-made edge cases (empty matches
//! inside characters, Unicode word boundaries, groups left out, openings
//! that walk far).

use regex_automata::hybrid::dfa::{Cache as DfaCache, DFA};
use regex_automata::nfa::thompson::{
    self, backtrack::BoundedBacktracker, pikevm::PikeVM, WhichCaptures, NFA,
};
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::util::prefilter::Prefilter;
use regex_automata::util::primitives::NonMaxUsize;
use regex_automata::{Input, Match, MatchKind};

/// The search caches of one automaton, shared by every thread: a search
/// takes one (or makes one when all are in use) and puts it back when done.
///
/// The regex crate's pool keeps one cache per thread that ever searched
/// with the automaton; with hundreds of rule regexes, that made each worker
/// of `audit -j N` pay for a cache of every regex. Here a cache made because
/// another was in use is kept, once it is back, only if its searches have
/// grown it well past a new one's size ([`GROWN`]: a lazy DFA's states,
/// costly to build again); a cache barely grown costs little to make again.
/// Over a long run nearly every regex meets two workers at the same instant
/// now and then: kept, those second caches were ~38 MB of `audit -j 2`'s
/// peak on the v2 bench corpus (dropped, ~3 % more CPU; dropping every
/// second cache, grown or not, saved ~10 MB more for ~13 %).
pub struct CachePool<T> {
    /// (Boxed: a cache is a large struct, moved in and out at every search.)
    free: std::sync::Mutex<Vec<Box<T>>>,
    make: Box<dyn Fn() -> T + Send + Sync>,
    /// The memory of a cache just made (0 until one is).
    fresh: std::sync::atomic::AtomicUsize,
}

/// How much a cache must have grown past a new one's size for a pool to
/// keep it as a second one.
const GROWN: usize = 128 << 10;

/// A search cache that tells its heap memory.
pub trait PoolCache {
    fn memory(&self) -> usize;
}

impl PoolCache for DfaCache {
    fn memory(&self) -> usize {
        self.memory_usage()
    }
}

impl PoolCache for regex_automata::nfa::thompson::backtrack::Cache {
    fn memory(&self) -> usize {
        self.memory_usage()
    }
}

impl PoolCache for regex_automata::nfa::thompson::pikevm::Cache {
    fn memory(&self) -> usize {
        self.memory_usage()
    }
}

impl<T: PoolCache> CachePool<T> {
    pub fn new(make: Box<dyn Fn() -> T + Send + Sync>) -> CachePool<T> {
        CachePool {
            free: std::sync::Mutex::new(Vec::new()),
            make,
            fresh: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    fn make(&self) -> Box<T> {
        let cache = Box::new((self.make)());
        self.fresh
            .store(cache.memory(), std::sync::atomic::Ordering::Relaxed);
        cache
    }

    /// A cache for one search, back in the pool when the guard drops.
    pub fn get(&self) -> CacheGuard<'_, T> {
        let free = self
            .free
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop();
        CacheGuard {
            pool: self,
            cache: Some(free.unwrap_or_else(|| self.make())),
        }
    }
}

/// A cache taken from a [`CachePool`].
pub struct CacheGuard<'p, T: PoolCache> {
    pool: &'p CachePool<T>,
    cache: Option<Box<T>>,
}

impl<T: PoolCache> std::ops::Deref for CacheGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.cache
            .as_deref()
            .unwrap_or_else(|| unreachable!("taken only on drop"))
    }
}

impl<T: PoolCache> std::ops::DerefMut for CacheGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.cache
            .as_deref_mut()
            .unwrap_or_else(|| unreachable!("taken only on drop"))
    }
}

impl<T: PoolCache> Drop for CacheGuard<'_, T> {
    fn drop(&mut self) {
        if let Some(cache) = self.cache.take() {
            let mut free = self
                .pool
                .free
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let fresh = self.pool.fresh.load(std::sync::atomic::Ordering::Relaxed);
            if free.is_empty() || cache.memory() >= fresh + GROWN {
                free.push(cache);
            }
        }
    }
}

/// How large a [`ForwardRegex`]'s automata may grow.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The NFA's size limit, in bytes (`RegexBuilder::size_limit`).
    pub nfa_size: usize,
    /// The lazy DFA's cache capacity, in bytes
    /// (`RegexBuilder::dfa_size_limit`): the cache grows only as far as
    /// the searches need it, up to this; full, it is cleared.
    pub dfa_cache: usize,
}

impl Limits {
    /// `nfa_size` with the regex crate's default lazy DFA cache (2 MB).
    pub const fn nfa(nfa_size: usize) -> Limits {
        Limits {
            nfa_size,
            dfa_cache: 2 << 20,
        }
    }
}

/// A regex searched forward only. Caches are made on first use (a regex
/// that never matches never allocates its NFA engines' caches) and shared by
/// the threads ([`CachePool`]).
pub struct ForwardRegex {
    /// The source the engine was built from.
    src: Box<str>,
    dfa: DFA,
    dfa_caches: CachePool<DfaCache>,
    backtrack: BoundedBacktracker,
    backtrack_caches: CachePool<regex_automata::nfa::thompson::backtrack::Cache>,
    pikevm: PikeVM,
    pikevm_caches: CachePool<regex_automata::nfa::thompson::pikevm::Cache>,
}

impl ForwardRegex {
    /// The engine for `src`, parsed as the regex crate parses a regex
    /// (no flags set outside it), within `limits`: the error is the regex
    /// crate's message for a regex that does not parse, or says the
    /// automaton could not be built.
    pub fn parse(src: &str, limits: Limits) -> Result<ForwardRegex, String> {
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(src)
            .map_err(|e| e.to_string())?;
        ForwardRegex::new(src, &hir, limits)
    }

    /// The engine for `hir` (`src` parsed as the regex crate would parse
    /// the rule's source) within `limits`, with the regex crate's other lazy
    /// DFA settings; the error says why it cannot be built.
    pub fn new(
        src: &str,
        hir: &regex_syntax::hir::Hir,
        limits: Limits,
    ) -> Result<ForwardRegex, String> {
        let nfa: NFA = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .which_captures(WhichCaptures::All)
                    .nfa_size_limit(Some(limits.nfa_size)),
            )
            .build_from_hir(hir)
            .map_err(|e| e.to_string())?;
        let pre = Prefilter::from_hir_prefix(MatchKind::LeftmostFirst, hir);
        let dfa = DFA::builder()
            .configure(
                DFA::config()
                    .match_kind(MatchKind::LeftmostFirst)
                    .specialize_start_states(pre.is_some())
                    .prefilter(pre.clone())
                    .unicode_word_boundary(true)
                    // The regex crate's give-up rule: a lazy DFA that keeps
                    // clearing its cache for few bytes searched hands over to
                    // the NFA engines.
                    .cache_capacity(limits.dfa_cache)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        // (The NFA engines skip ahead with the same prefilter, as the regex
        // crate's do: a search after a lazy DFA that quit walks the text.)
        let backtrack = BoundedBacktracker::builder()
            .configure(BoundedBacktracker::config().prefilter(pre.clone()))
            .build_from_nfa(nfa.clone())
            .map_err(|e| e.to_string())?;
        let pikevm = PikeVM::builder()
            .configure(PikeVM::config().prefilter(pre))
            .build_from_nfa(nfa)
            .map_err(|e| e.to_string())?;
        let (d, b, p) = (dfa.clone(), backtrack.clone(), pikevm.clone());
        Ok(ForwardRegex {
            src: src.into(),
            dfa,
            dfa_caches: CachePool::new(Box::new(move || d.create_cache())),
            backtrack,
            backtrack_caches: CachePool::new(Box::new(move || b.create_cache())),
            pikevm,
            pikevm_caches: CachePool::new(Box::new(move || p.create_cache())),
        })
    }

    /// The leftmost-first match in `input`'s span, as the NFA engines find
    /// it, its groups into `slots` (two per group the caller wants: two for
    /// the match alone).
    fn search_nfa(&self, input: &Input<'_>, slots: &mut [Option<NonMaxUsize>]) -> Option<Match> {
        let pid = if input.get_span().len() <= self.backtrack.max_haystack_len() {
            let mut cache = self.backtrack_caches.get();
            // (Its only error is a haystack too long, ruled out above.)
            self.backtrack
                .try_search_slots(&mut cache, input, slots)
                .ok()
                .flatten()
        } else {
            let mut cache = self.pikevm_caches.get();
            self.pikevm.search_slots(&mut cache, input, slots)
        }?;
        let (start, end) = (
            slots.first().copied()??.get(),
            slots.get(1).copied()??.get(),
        );
        Some(Match::new(pid, start..end))
    }

    /// Where the leftmost-first match in `input`'s span starts, given that
    /// it ends at `end`: the first position from which the lazy DFA,
    /// anchored there, finds a match within `..end` (leftmost-first prefers
    /// the leftmost start, so no match at all starts before it). Positions
    /// are the span's character boundaries, or, for a regex with literal
    /// prefixes, where the prefilter finds one.
    ///
    /// `None` when the DFA cannot answer (it quit or gave up) or when the
    /// anchored searches walk more than a few bytes per byte of the span
    /// (a regex opening with a long run of a broad class walks far from
    /// every position): the NFA engines then find the start.
    fn leftmost_start(&self, input: &Input<'_>, end: usize) -> Option<usize> {
        let hay = input.haystack();
        let pre = self.dfa.get_config().get_prefilter();
        let mut budget = 8 * (end - input.start()) + 256;
        let mut cache = self.dfa_caches.get();
        let mut at = input.start();
        while at <= end {
            if let Some(pre) = pre {
                at = pre.find(hay, regex_automata::Span::from(at..end))?.start;
            }
            let anchored = Input::new(hay)
                .range(at..end)
                .anchored(regex_automata::Anchored::Yes)
                .earliest(true);
            let (clears, walked) = (cache.clear_count(), cache.search_total_len());
            let found = self.dfa.try_search_fwd(&mut cache, &anchored).ok()?;
            if found.is_some() {
                return Some(at);
            }
            // (Bytes walked since the cache was last cleared: all of them
            // if this search cleared it.)
            let cost = match cache.clear_count() == clears {
                true => cache.search_total_len().saturating_sub(walked),
                false => cache.search_total_len(),
            };
            budget = budget.checked_sub(cost.max(1))?;
            at += 1;
            while hay.get(at).is_some_and(|&b| (0x80..0xC0).contains(&b)) {
                at += 1;
            }
        }
        None
    }

    /// The leftmost-first match in `input`'s span (its groups into
    /// `slots`).
    ///
    /// The lazy DFA gives the match's end `e`, and its anchored searches
    /// the start ([`ForwardRegex::leftmost_start`]); with groups wanted,
    /// the NFA engines then search that range alone, anchored. Failing a
    /// start, they search the span cut at `e`: the leftmost-first match of
    /// the whole span ends at `e`, so it is also the leftmost-first match of
    /// the span cut there (look-arounds still see the whole text: an
    /// `Input`'s span narrows where matches lie, not what `$` or `\b`
    /// see). Should the engines ever disagree, the NFA engines search the
    /// whole span.
    fn search(&self, input: &Input<'_>, slots: &mut [Option<NonMaxUsize>]) -> Option<Match> {
        let found = {
            let mut cache = self.dfa_caches.get();
            self.dfa.try_search_fwd(&mut cache, input)
        };
        match found {
            Ok(None) => None,
            Ok(Some(end)) => {
                let end = end.offset();
                let cut = match self.leftmost_start(input, end) {
                    Some(start) if slots.len() <= 2 => {
                        for (slot, at) in slots.iter_mut().zip([start, end]) {
                            *slot = NonMaxUsize::new(at);
                        }
                        return Some(Match::new(regex_automata::PatternID::ZERO, start..end));
                    }
                    Some(start) => input
                        .clone()
                        .range(start..end)
                        .anchored(regex_automata::Anchored::Yes),
                    None => input.clone().range(input.start()..end),
                };
                match self.search_nfa(&cut, slots) {
                    Some(m) if m.end() == end => Some(m),
                    _ => self.search_nfa(input, slots),
                }
            }
            // The lazy DFA quit (a Unicode word boundary next to a byte
            // outside ASCII) or gave up (its cache thrashing).
            Err(_) => self.search_nfa(input, slots),
        }
    }

    /// Whether the regex matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        let input = Input::new(text).earliest(true);
        let found = {
            let mut cache = self.dfa_caches.get();
            self.dfa.try_search_fwd(&mut cache, &input)
        };
        match found {
            Ok(found) => found.is_some(),
            Err(_) => self.search_nfa(&input, &mut [None, None]).is_some(),
        }
    }

    /// The first match in `text` (`Regex::find`'s), as a byte range.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.find_at(text, 0).map(|m| (m.start, m.end))
    }

    /// The first match in `text` at or after `start` (`Regex::find_at`'s:
    /// what lies before `start` is still seen by `^`, `\b` and the like),
    /// as a byte range.
    pub fn find_at(&self, text: &str, start: usize) -> Option<std::ops::Range<usize>> {
        let input = Input::new(text).range(start.min(text.len())..);
        let m = self.search(&input, &mut [None, None])?;
        Some(m.range())
    }

    /// The first match in `text` at or after `start` with its groups
    /// (`Regex::captures_at`'s).
    pub fn captures_at<'t>(&self, text: &'t str, start: usize) -> Option<Groups<'t>> {
        let mut caps = Captures::all(self.pikevm.get_nfa().group_info().clone());
        let input = Input::new(text).range(start.min(text.len())..);
        let m = self.search(&input, caps.slots_mut())?;
        caps.set_pattern(Some(m.pattern()));
        Some(Groups { text, caps })
    }

    /// The first match in `text` with its groups (`Regex::captures`'s).
    pub fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        self.captures_at(text, 0)
    }

    /// The source the engine was built from.
    pub fn as_str(&self) -> &str {
        &self.src
    }

    /// Each successive match in `text` (`Regex::find_iter`'s), as a byte
    /// range.
    pub fn find_each(&self, text: &str, mut f: impl FnMut(usize, usize)) {
        let mut slots = [None, None];
        let mut it = Searcher::new(Input::new(text));
        while let Some(m) = it.advance(|input| Ok(self.search(input, &mut slots))) {
            f(m.start(), m.end());
        }
    }

    /// Each successive match in `text` (`Regex::captures_iter`'s), with
    /// its groups: `f` gets the match's range and its captures (group
    /// spans by index or name, see [`Captures`]).
    pub fn captures_each(&self, text: &str, mut f: impl FnMut(usize, usize, &Captures)) {
        let info = self.pikevm.get_nfa().group_info().clone();
        let mut caps = Captures::all(info);
        let mut it = Searcher::new(Input::new(text));
        while let Some(m) = it.advance(|input| {
            // (The groups are those of the match found: no thread that
            // started before it reaches a match, so none takes a state from
            // the thread that does.)
            let m = self.search(input, caps.slots_mut());
            caps.set_pattern(m.map(|m| m.pattern()));
            Ok(m)
        }) {
            f(m.start(), m.end(), &caps);
        }
    }

    /// The names of the regex's groups, in index order (`None` for the
    /// whole match and unnamed groups).
    pub fn group_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.pikevm
            .get_nfa()
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
    }
}

/// A [`ForwardRegex`] built now, or on its first search.
///
/// The people check's patterns are large alternations of the pack's role,
/// praise and honorific lists over Unicode classes: built at load, they
/// were over a third of the instructions of `check` on one article, and
/// most articles never reach most of them (each runs behind a literal or
/// regex gate). A user pack's are built at load, so that an error points
/// at its list; the built-in pack's on first use (their build is tested:
/// `builtin_regexes_compile` loads that pack as a user pack).
pub struct LazyForward {
    src: Box<str>,
    limits: Limits,
    cell: std::sync::OnceLock<ForwardRegex>,
}

impl LazyForward {
    /// The engine for `src` within `limits`: built now unless `later`,
    /// with [`ForwardRegex::parse`]'s error.
    pub fn parse(src: String, limits: Limits, later: bool) -> Result<LazyForward, String> {
        let cell = if later {
            std::sync::OnceLock::new()
        } else {
            std::sync::OnceLock::from(ForwardRegex::parse(&src, limits)?)
        };
        Ok(LazyForward {
            src: src.into(),
            limits,
            cell,
        })
    }

    /// The source the engine is built from (without building it).
    pub fn as_str(&self) -> &str {
        &self.src
    }
}

impl std::ops::Deref for LazyForward {
    type Target = ForwardRegex;
    fn deref(&self) -> &ForwardRegex {
        self.cell.get_or_init(|| {
            ForwardRegex::parse(&self.src, self.limits)
                // Unreachable for the built-in pack (`builtin_regexes_compile`);
                // a pattern that cannot be built matches nothing.
                .or_else(|_| ForwardRegex::parse(r"[^\s\S]", Limits::nfa(1 << 20)))
                .unwrap_or_else(|_| unreachable!("a constant regex"))
        })
    }
}

/// A match's groups in the text searched ([`ForwardRegex::captures_at`]),
/// read as a `regex::Captures` is.
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// Group `i` (0: the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Group<'t>> {
        self.group(self.caps.get_group(i))
    }

    /// The group named `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Group<'t>> {
        self.group(self.caps.get_group_by_name(name))
    }

    fn group(&self, span: Option<regex_automata::Span>) -> Option<Group<'t>> {
        let span = span?;
        Some(Group {
            text: self.text,
            start: span.start,
            end: span.end,
        })
    }
}

/// One group of a match: its range in the text searched and its text (a
/// `regex::Match`'s).
#[derive(Clone, Copy, Debug)]
pub struct Group<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Group<'t> {
    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

#[cfg(test)]
mod tests {
    use super::{ForwardRegex, LazyForward, Limits};
    use crate::kinds::lazy_regex::{fold_free, parse_hir};

    /// The regex crate's regex and ours, from one source and flag.
    fn both(src: &str, ci: bool) -> (regex::Regex, ForwardRegex) {
        let cheap = fold_free(src, ci);
        let src = cheap.as_deref().unwrap_or(src);
        let re = regex::RegexBuilder::new(src)
            .case_insensitive(ci)
            .size_limit(crate::kinds::REGEX_SIZE_LIMIT)
            .build()
            .unwrap();
        let hir = parse_hir(src, ci).unwrap();
        let fwd = ForwardRegex::new(
            src,
            &hir,
            super::Limits::nfa(crate::kinds::REGEX_SIZE_LIMIT),
        )
        .unwrap();
        (re, fwd)
    }

    type Groups = Vec<Option<(usize, usize)>>;

    /// What each engine finds in `text`: successive matches, successive
    /// matches with every group, and whether it matches.
    fn found(re: &regex::Regex, fwd: &ForwardRegex, text: &str) -> [String; 2] {
        let theirs = {
            let m: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
            let c: Vec<Groups> = re
                .captures_iter(text)
                .map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
                .collect();
            format!(
                "{m:?} {c:?} {} {:?}",
                re.is_match(text),
                re.find(text).map(|m| (m.start(), m.end()))
            )
        };
        let ours = {
            let mut m = Vec::new();
            fwd.find_each(text, |s, e| m.push((s, e)));
            let mut c: Vec<Groups> = Vec::new();
            fwd.captures_each(text, |_, _, caps| {
                c.push(
                    (0..caps.group_len())
                        .map(|i| caps.get_group(i).map(|s| (s.start, s.end)))
                        .collect(),
                )
            });
            format!("{m:?} {c:?} {} {:?}", fwd.is_match(text), fwd.find(text))
        };
        [theirs, ours]
    }

    /// A pattern built later finds what one built now finds, and its
    /// source is read without building it; one that cannot be built errs
    /// when built now and, built later, matches nothing.
    #[test]
    fn lazy_forward_builds_on_first_search() {
        let src = r"(?P<name>\p{Lu}\w+), an? ";
        let later = LazyForward::parse(src.to_string(), Limits::nfa(1 << 20), true).unwrap();
        assert_eq!(later.as_str(), src);
        assert!(later.cell.get().is_none());
        let now = LazyForward::parse(src.to_string(), Limits::nfa(1 << 20), false).unwrap();
        assert!(now.cell.get().is_some());
        let text = "said Ana Lopes, an economist, and Bo Li, a farmer";
        let spans = |r: &ForwardRegex| {
            let mut v = Vec::new();
            r.find_each(text, |s, e| v.push((s, e)));
            v
        };
        assert_eq!(spans(&now), [(9, 19), (37, 43)]);
        assert_eq!(spans(&later), spans(&now));
        assert!(later.cell.get().is_some());
        let big = r"\w{500}";
        assert!(LazyForward::parse(big.into(), Limits::nfa(1 << 10), false).is_err());
        let never = LazyForward::parse(big.into(), Limits::nfa(1 << 10), true).unwrap();
        assert!(!never.is_match(&"a".repeat(600)));
    }

    /// Hand-made cases where engines could part: empty matches (inside
    /// characters too), Unicode word boundaries next to non-ASCII text
    /// (where the lazy DFA quits), groups that do not take part, priority
    /// between alternatives, anchors and multi-line mode, case folding.
    #[test]
    fn finds_what_the_regex_crate_finds() {
        let regexes = [
            (r"\bcat\b", false),
            (r"\Bat\B", false),
            (r"a*", false),
            (r"", false),
            (r"x?", true),
            (r"(?m)^\s*$", false),
            (r"(?m)^(?P<word>\w+)$", false),
            (r"(?P<user>\w+)@(?P<host>\w+)?", false),
            (r"^(?:a|ab)(c|bcd)(d*)$", false),
            (r"(?:a|ab)(c|bcd)(d*)", false),
            (r"straße|strasse", true),
            (r"k+", true),
            (r"[^\p{L}\d]{0,4}(?:paid|ad)\b", true),
            (r"\d{2,4}", false),
            (r"(?:^|[^\p{L}])(?P<w>\p{L}{2,5})(?:[^\p{L}]|$)", true),
            (r"$", false),
            (r"(?m)$", false),
            (r"\b", false),
            (r"[”\x22]\s*[—–-]+\s*(?P<who>[^\n]{1,20})", false),
            (r"(a|b)*?c", false),
            (r"(?s).{0,3}é", false),
            // (A broad opening: from every start the anchored searches
            // walk to the end, and the NFA engines take over.)
            (r"[a-z ]*X", false),
            // (Literal prefixes: starts come from the prefilter.)
            (r"(?:Mr|Dr)\.? \p{Lu}\p{L}+", true),
        ];
        let long = format!("{}; X and {}", "ab ".repeat(2000), "dr. Émile ".repeat(300));
        let texts = [
            "",
            "é",
            "the cat’s cat sat; a catalogue",
            "naïve cat écat cat é",
            "baaa ☃ a\n\n b\n",
            "a@b c@ ü@é ab@cd",
            "abcd abcdd abc",
            "STRASSE strasse Straße straße",
            "K k \u{212A} kk",
            "— paid ad: «ad» ad, paid",
            "١٢٣ 12 12345 1",
            "word\nwörd\n\nx y\n",
            "“Quote” — Jane Doe, said\n\"x\" - Bob",
            "ababc bbac c",
            "a\u{301}é xé",
            "Dr. Jones met mr Smith and DR. Émile, drs Ann; x Mr.  Y Mr Z",
            &long,
        ];
        for (src, ci) in regexes {
            let (re, fwd) = both(src, ci);
            for text in texts {
                let [theirs, ours] = found(&re, &fwd, text);
                assert_eq!(theirs, ours, "{src:?} on {text:?}");
            }
        }
    }

    /// A pool makes a cache only when every one it has is in use, gets
    /// back the one it lent from any thread, and keeps a second one only
    /// once its searches have grown it.
    #[test]
    fn cache_pool_makes_one_per_concurrent_search() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        struct Fake {
            id: usize,
            memory: usize,
        }
        impl super::PoolCache for Fake {
            fn memory(&self) -> usize {
                self.memory
            }
        }
        let made = Arc::new(AtomicUsize::new(0));
        let count = made.clone();
        let pool = super::CachePool::new(Box::new(move || Fake {
            id: count.fetch_add(1, Ordering::SeqCst),
            memory: 10,
        }));
        let made = || made.load(Ordering::SeqCst);
        drop(pool.get());
        std::thread::scope(|s| {
            s.spawn(|| drop(pool.get()));
        });
        assert_eq!(made(), 1);
        // Two at once: the second, not grown, is not kept.
        let (a, b) = (pool.get(), pool.get());
        assert_ne!(a.id, b.id);
        drop((a, b));
        assert_eq!(made(), 2);
        let c = pool.get();
        std::thread::scope(|s| {
            s.spawn(|| drop(pool.get()));
        });
        assert_eq!(made(), 3);
        // A second one grown well past a new one's size is kept.
        let mut d = pool.get();
        d.memory = 10 + super::GROWN;
        drop((c, d));
        let (e, f) = (pool.get(), pool.get());
        assert_eq!(made(), 3);
        assert_ne!(e.id, f.id);
    }

    /// Every regex of the built-in pack finds what the regex crate finds,
    /// in every fixture article.
    #[test]
    fn builtin_regexes_find_the_same() {
        use rayon::prelude::*;
        let _engine = crate::engine::Engine::new(crate::rule::load::builtin().unwrap());
        let regexes = crate::kinds::lazy_regex::interned();
        assert!(regexes.len() > 300, "{}", regexes.len());
        let texts = crate::testdata::fixture_texts();
        let parted: Vec<String> = regexes
            .par_iter()
            .flat_map_iter(|(src, ci)| {
                let (re, fwd) = both(src, *ci);
                texts.iter().filter_map(move |t| {
                    let [theirs, ours] = found(&re, &fwd, t);
                    (theirs != ours).then(|| format!("{src:?}: {theirs} / {ours}"))
                })
            })
            .collect();
        assert!(parted.is_empty(), "{}", parted.join("\n"));
    }
}
