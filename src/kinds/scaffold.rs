//! `scaffold`: generated outline scaffolding appended to an article.
//!
//! Counts heading-like elements (headings and emphasis-only lines) whose
//! text matches one of `markers` ("Introduction", "Section 2: …",
//! "Conclusion", "Key Takeaways"). A heading matching `lead` right before
//! the first marker ("<Site> Interview: …", "… Q&A: …") counts as a marker
//! too. `run_in` markers are run-in heads at the start of a paragraph
//! ("Introduction: To understand…", plain-text scaffolds). With at least
//! `min_markers`, one finding covers the scaffold from its first heading to
//! the end of the block after its last marker.
//!
//! `weak_markers` are section headings that news also uses ("Why it
//! matters", "What's next"): one counts only when its section (the blocks up
//! to the next heading-like element) is generic filler, matching one of
//! `filler` ("remains to be seen", "stakeholders", "as events unfold").
//!
//! `bare_labels` are outline labels standing alone as a paragraph, as plain
//! text sets them ("Introduction", "Closing thoughts"). Agendas and
//! programmes print such lines too ("Opening", "Closing remarks"), so they
//! count only in a scaffold that opens with a `lead` title ("… A
//! CONVERSATION", "Interview: …").

use super::{compile_all, compile_lazy, Check, Cx, Hit, LazyRegex};
use crate::first_bytes::FirstBytes;
use crate::rule::error::{LocatedError, YamlFile};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default)]
    pub markers: Vec<Spanned<String>>,
    /// Markers of a numbered sequence ("Section 2: Fees", "Part 3"): they
    /// count only in a scaffold that has a marker of another kind too (an
    /// "Introduction", a lead title). A document's own numbered parts — a
    /// bill's sections, a report's parts — are no outline by themselves.
    #[serde(default)]
    pub numbered: Vec<Spanned<String>>,
    /// Labels of a summary box ("Key takeaways", "Das Wichtigste in Kürze")
    /// over a list: each is reported on its own, with its list, unless the
    /// box is concrete — half its items or more carry a figure (a date, a
    /// price, a count, a vote). A generated box restates the story in
    /// generic terms; a newsroom's box lists facts.
    #[serde(default)]
    pub boxes: Vec<Spanned<String>>,
    /// Labels news prints over its own boxes too ("Key points",
    /// "Highlights"): such a box counts only when its items are generic —
    /// every item opens with an emoji (a chat assistant's bullets), or half
    /// of them or more (two at least) match one of `filler` — and is concrete by the same
    /// figure test as `boxes`.
    #[serde(default)]
    pub weak_boxes: Vec<Spanned<String>>,
    #[serde(default)]
    pub lead: Vec<Spanned<String>>,
    #[serde(default)]
    pub run_in: Vec<Spanned<String>>,
    #[serde(default)]
    pub bare_labels: Vec<Spanned<String>>,
    #[serde(default = "d_min")]
    pub min_markers: usize,
    #[serde(default)]
    pub weak_markers: Vec<Spanned<String>>,
    #[serde(default)]
    pub filler: Vec<Spanned<String>>,
}
fn d_min() -> usize {
    2
}

pub struct Scaffold {
    markers: Anchored,
    numbered: Anchored,
    boxes: Anchored,
    weak_boxes: Anchored,
    lead: Vec<LazyRegex>,
    run_in: Anchored,
    bare_labels: Anchored,
    min_markers: usize,
    weak_markers: Anchored,
    /// The `filler` patterns in one automaton: a section's blocks are
    /// scanned once for all of them. Built on first use for the built-in
    /// pack ([`Scaffold::filler`]): only a section found by its markers
    /// asks, and the set cost each `check` ~20 ms to build.
    filler: std::sync::OnceLock<regex::RegexSet>,
    filler_src: Vec<String>,
}

impl Scaffold {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        Ok(Scaffold {
            markers: Anchored::new(&v.markers, file)?,
            numbered: Anchored::new(&v.numbered, file)?,
            boxes: Anchored::new(&v.boxes, file)?,
            weak_boxes: Anchored::new(&v.weak_boxes, file)?,
            lead: compile_lazy(&v.lead, true, file)?,
            run_in: Anchored::new(&v.run_in, file)?,
            bare_labels: Anchored::new(&v.bare_labels, file)?,
            min_markers: v.min_markers.max(1),
            weak_markers: Anchored::new(&v.weak_markers, file)?,
            filler: match file.builtin {
                // (Its build is tested: `builtin_regexes_compile`.)
                true => std::sync::OnceLock::new(),
                false => {
                    // (Each is compiled alone first, so that an error in a
                    // user's pack points at its pattern.)
                    compile_all(&v.filler, true, file)?;
                    let set =
                        filler_set(v.filler.iter().map(|r| r.value.as_str())).map_err(|e| {
                            file.error(
                                format!("cannot build the filler patterns together: {e}"),
                                crate::rule::error::yaml_span(p),
                                "filler",
                            )
                        })?;
                    std::sync::OnceLock::from(set)
                }
            },
            filler_src: v.filler.iter().map(|r| r.value.clone()).collect(),
        })
    }

    /// The `filler` patterns' set, built now if it was not yet.
    fn filler(&self) -> &regex::RegexSet {
        self.filler.get_or_init(|| {
            // (A built-in set that cannot be built, which its test rules
            // out, matches nothing.)
            filler_set(self.filler_src.iter().map(String::as_str))
                .unwrap_or_else(|_| regex::RegexSet::empty())
        })
    }
}

/// The `filler` patterns in one set, matched case-insensitively.
fn filler_set<'a>(src: impl Iterator<Item = &'a str>) -> Result<regex::RegexSet, regex::Error> {
    regex::RegexSetBuilder::new(src)
        .case_insensitive(true)
        .size_limit(super::REGEX_SIZE_LIMIT * 4)
        .build()
}

/// A list of the rule's regexes (matched case-insensitively), each with
/// the bytes its matches can open the text with when it is anchored at the
/// start (`^`, no multi-line mode): a text opening with another byte is
/// passed over without running the regex. Most of the lists are such
/// (`^(?:introduction|overview|…)`), and most paragraphs open with a letter
/// none of their words does.
struct Anchored {
    res: Vec<LazyRegex>,
    /// The sources, and their opening bytes once asked for (see
    /// [`first_bytes`]).
    first: Vec<(String, std::sync::OnceLock<Option<FirstBytes>>)>,
}

impl Anchored {
    fn new(list: &[Spanned<String>], file: &YamlFile) -> Result<Self, LocatedError> {
        Ok(Anchored {
            res: compile_lazy(list, true, file)?,
            first: list
                .iter()
                .map(|r| (r.value.clone(), std::sync::OnceLock::new()))
                .collect(),
        })
    }

    fn is_empty(&self) -> bool {
        self.res.is_empty()
    }

    /// Does one of the regexes match `t`?
    fn any_match(&self, t: &str) -> bool {
        self.res.iter().zip(&self.first).any(|(r, (src, first))| {
            let may = first
                .get_or_init(|| first_bytes(src))
                .is_none_or(|set| set.admits(t));
            may && r.is_match(t)
        })
    }
}

/// The bytes a match of `src` (case-insensitive) can open the text with,
/// when every match is anchored at the start of the text and non-empty
/// (see [`FirstBytes`]); parsed as the regex is built (see
/// [`super::fold_free`]). `None`: any text may match.
fn first_bytes(src: &str) -> Option<FirstBytes> {
    let cheap = super::fold_free(src, true);
    FirstBytes::of_regex(cheap.as_deref().unwrap_or(src), true)
}

impl Scaffold {
    /// The section under heading `i` (up to the next heading-like block):
    /// how many distinct `filler` patterns its blocks match, whether it runs
    /// to the end of the document, and its last block.
    fn section_filler(&self, doc: &crate::document::Document, i: usize) -> (usize, bool, usize) {
        let mut matched = 0u64;
        let mut last = i;
        let mut to_end = true;
        // Question-and-answer pairs, and those whose answer restates the
        // question (see [`echo_answer`]).
        let (mut pairs, mut echoes) = (0usize, 0usize);
        let mut question: Option<&str> = None;
        for (j, b) in doc.blocks.iter().enumerate().skip(i + 1) {
            // A bold question line belongs to the section (an FAQ sets
            // each question as its own line); another heading ends it.
            if heading_like(b) && !is_question_line(b.text()) {
                to_end = false;
                break;
            }
            if j > i + 8 {
                to_end = false;
                break;
            }
            last = j;
            for k in self.filler().matches(b.text()).iter().take(64) {
                matched |= 1 << k;
            }
            // A question on its own line, answered by the next block or
            // by the lines after it in the same block.
            let t = b.text().trim();
            let pair = if heading_like(b) {
                question = Some(t);
                None
            } else if let Some(q) = question.take() {
                Some((q, t))
            } else {
                t.split_once('\n')
                    .filter(|(q, _)| is_question_line(q))
                    .map(|(q, a)| (q.trim(), a.trim()))
            };
            if let Some((q, a)) = pair {
                pairs += 1;
                echoes += usize::from(echo_answer(q, a));
            }
        }
        // A generated FAQ defines what it is asked about ("What is a
        // ferry? A ferry is a boat that …", "Why are X important? X are
        // important because …"): half its answers or more restate the
        // question, without a figure. That is its filler.
        let echo_filler = if echoes >= 2 && 2 * echoes >= pairs {
            2
        } else {
            0
        };
        (matched.count_ones() as usize + echo_filler, to_end, last)
    }
}

/// Does answer `a` restate question `q`: one of its first three words is a
/// word of five letters or more from the question (or shares its first
/// five letters: "harbour" / "harbours"), and it carries no figure? A
/// concrete answer ("From 1 April; a return costs $12.") is not one.
fn echo_answer(q: &str, a: &str) -> bool {
    if a.bytes().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let stem = |w: &str| -> String {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .take(5)
            .collect()
    };
    let long = |w: &&str| w.chars().filter(|c| c.is_alphanumeric()).count() >= 5;
    let opening: Vec<String> = a
        .split_whitespace()
        .take(3)
        .filter(long)
        .map(stem)
        .collect();
    !opening.is_empty()
        && q.split_whitespace()
            .filter(long)
            .any(|w| opening.contains(&stem(w)))
}

/// A heading, a bold line, or a bold label with nothing after its colon
/// ("**Summary:**" over a list): the document model reads the last as a
/// speaker turn without words; a section label it is.
fn heading_like(b: &crate::document::Block) -> bool {
    b.is_heading_like() || (b.emphasis_only && b.turn.is_some() && b.turn_body().is_empty())
}

/// A heading-like line that asks a question ("**Q: Why did it rise?**").
fn is_question_line(t: &str) -> bool {
    t.trim_end()
        .trim_end_matches(['*', '_'])
        .trim_end()
        .ends_with(['?', '？', '؟'])
}

impl Scaffold {
    /// Summary boxes: a short label line matching `boxes` (or `weak_boxes`
    /// over generic items), and the list after it (or, without a list, the
    /// paragraphs up to the next heading-like line, at most four), reported
    /// unless concrete. A blockquote holding a label line and bullet lines
    /// ("> **Summary**\n> • …") is a box by itself.
    fn check_boxes(&self, cx: &Cx, out: &mut Vec<Hit>) {
        use crate::document::BlockKind;
        let doc = cx.doc;
        for (i, b) in cx.blocks() {
            let t = b.text().trim();
            // A quoted box: its first line the label, its other lines bullets.
            let quoted = if b.kind == BlockKind::Quote {
                t.split_once('\n').and_then(|(label, rest)| {
                    let lines: Vec<&str> = rest.lines().map(str::trim).collect();
                    (lines.len() >= 2 && lines.iter().all(|l| bulleted(l)))
                        .then(|| (label.trim(), lines))
                })
            } else {
                None
            };
            let label = match &quoted {
                Some((label, _)) => *label,
                None => t,
            };
            // (A label is a short line: longer blocks are passed over
            // before any word is counted or any regex run.)
            if label.len() > 160
                || label.contains('\n')
                || label.split_whitespace().nth(8).is_some()
            {
                continue;
            }
            let core = label.trim_matches(|c: char| c.is_whitespace() || pictograph(c));
            let strong = self.boxes.any_match(core);
            if !strong && !self.weak_boxes.any_match(core) {
                continue;
            }
            let listed;
            let in_quote = quoted.is_some();
            let items: Vec<&str> = match quoted {
                Some((_, lines)) => {
                    listed = true;
                    lines
                        .into_iter()
                        .map(|l| l.trim_start_matches(BULLETS).trim())
                        .collect()
                }
                None => {
                    let rest = doc.blocks[i + 1..]
                        .iter()
                        .filter(|n| n.kind != BlockKind::Html);
                    let list: Vec<&str> = rest
                        .clone()
                        .take_while(|n| n.kind == BlockKind::ListItem)
                        .map(|n| n.text())
                        .collect();
                    listed = !list.is_empty();
                    if listed {
                        list
                    } else {
                        rest.take_while(|n| !heading_like(n))
                            .take(4)
                            .map(|n| n.text())
                            .collect()
                    }
                }
            };
            // A weak label counts over generic items only: emoji bullets
            // throughout with filler in one item at least (a newsroom's
            // emoji-bulleted facts are no filler), filler in half of them
            // (two at least), or bullets that all open on the pronoun
            // standing for the story and name nothing. (Emoji proper: a
            // geometric bullet such as ● or ► is typography.)
            if !strong {
                let filler = items.iter().filter(|n| self.filler().is_match(n)).count();
                let emoji = items.len() >= 2
                    && filler >= 1
                    && items.iter().all(|n| {
                        n.trim_start()
                            .chars()
                            .next()
                            .is_some_and(|c| c as u32 >= 0x1F000)
                    });
                let generic =
                    emoji || pronoun_led(&items) || filler >= 2 && 2 * filler >= items.len();
                if !(listed && generic) {
                    continue;
                }
            }
            // A figure the article gave before the box is restated, not new:
            // a generated box closing the story repeats its numbers.
            let mut seen: Vec<&str> = Vec::new();
            for p in &doc.blocks[..i] {
                figures(p.text(), &mut |f| seen.push(f));
            }
            let with_figures = items
                .iter()
                .filter(|n| {
                    let mut new = false;
                    figures(n, &mut |f| new |= !seen.contains(&f));
                    new
                })
                .count();
            if !items.is_empty() && 2 * with_figures >= items.len() {
                continue;
            }
            let mut span = b.span;
            if listed && !in_quote {
                for n in doc.blocks[i + 1..]
                    .iter()
                    .filter(|n| n.kind != BlockKind::Html)
                    .take_while(|n| n.kind == BlockKind::ListItem)
                {
                    span = span.cover(n.span);
                }
            }
            out.push(
                Hit::new(span)
                    .var("count", "1".to_string())
                    .var("markers", super::short(t.lines().next().unwrap_or(t), 80)),
            );
        }
    }
}

/// Items (three at least) that all open on the same pronoun standing for
/// the story ("It shows …", "It raises …", "This means …") and name nothing
/// after it — no capitalized word, no digit: a generated box's generic
/// comments on the story, not a newsroom's facts ("It carries 14,000 cars").
fn pronoun_led(items: &[&str]) -> bool {
    fn opener(n: &str) -> &str {
        n.trim_start_matches(|c: char| !c.is_alphanumeric())
            .split_whitespace()
            .next()
            .unwrap_or("")
    }
    let Some(first) = items.first().map(|n| opener(n)) else {
        return false;
    };
    items.len() >= 3
        && matches!(first, "It" | "This")
        && items.iter().all(|n| {
            let mut words = n
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .split_whitespace();
            words.next() == Some(first)
                && words.all(|w| {
                    !w.trim_start_matches(|c: char| !c.is_alphanumeric())
                        .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                })
        })
}

/// A line of a quoted box that is a bullet: it opens with a bullet mark
/// ("•", "-", "*") or an emoji.
fn bulleted(l: &str) -> bool {
    l.starts_with(BULLETS) || l.chars().next().is_some_and(pictograph)
}

/// The marks a quoted box's lines open with as bullets.
const BULLETS: [char; 7] = ['•', '-', '*', '·', '▪', '◦', '–'];

/// An emoji or pictographic symbol (arrows, dingbats, the emoji planes,
/// the variation selector and joiner that build emoji sequences) — not a
/// letter, digit or ordinary punctuation mark.
fn pictograph(c: char) -> bool {
    matches!(c as u32,
        0x2190..=0x21FF
        | 0x2300..=0x23FF
        | 0x25A0..=0x27BF
        | 0x2900..=0x297F
        | 0x2B00..=0x2BFF
        | 0x1F000..=0x1FAFF
        | 0xFE0F
        | 0x200D
        | 0x20E3)
}

/// Does the text carry a figure (see [`figures`])?
#[cfg(test)]
fn has_figure(t: &str) -> bool {
    let mut any = false;
    figures(t, &mut |_| any = true);
    any
}

/// The figures of a text, each handed to `f`: a number not glued to a
/// letter before it ("T3", "A1") and followed by no letter or by a short
/// unit in small letters ("5pm", "1.2m", "20th") — not an identifier like
/// "3I/ATLAS".
fn figures<'t>(t: &'t str, f: &mut dyn FnMut(&'t str)) {
    let b = t.as_bytes();
    let mut k = 0;
    while k < b.len() {
        if !b[k].is_ascii_digit() {
            k += 1;
            continue;
        }
        let glued = t[..k].chars().next_back().is_some_and(char::is_alphabetic);
        let mut e = k;
        while e < b.len()
            && (b[e].is_ascii_digit()
                || matches!(b[e], b'.' | b',') && e + 1 < b.len() && b[e + 1].is_ascii_digit())
        {
            e += 1;
        }
        let unit = b[e..].iter().take_while(|c| c.is_ascii_lowercase()).count();
        let after = t[e + unit..].chars().next();
        let figure = if unit == 0 {
            !after.is_some_and(char::is_alphabetic)
        } else {
            unit <= 3 && !after.is_some_and(char::is_alphabetic)
        };
        if !glued && figure {
            f(&t[k..e]);
        }
        k = e.max(k + 1);
    }
}

impl Check for Scaffold {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        if !self.boxes.is_empty() {
            self.check_boxes(cx, out);
        }
        if self.markers.is_empty() && self.weak_markers.is_empty() && self.run_in.is_empty() {
            return;
        }
        let doc = cx.doc;
        let skip = doc.headline.as_ref().map_or(0, |h| h.block + 1);
        // Whether a marker other than a numbered one ("Section 2") was found.
        let mut other = false;
        let mut hits: Vec<usize> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        // Bare label lines among the hits, and whether a lead title opens the scaffold.
        let mut bare: Vec<usize> = Vec::new();
        let mut led = false;
        // The last block of a closing filler section under a weak marker.
        let mut alone: Option<usize> = None;
        let short_line = |b: &crate::document::Block| {
            heading_like(b) || (b.word_count() <= 15 && !b.text().trim().contains('\n'))
        };
        for (i, b) in cx.blocks() {
            if i < skip {
                continue;
            }
            let t = b.text().trim();
            let numbered = !self.numbered.is_empty() && self.numbered.any_match(t);
            let is_marker = if numbered {
                heading_like(b) || b.kind == crate::document::BlockKind::Paragraph
            } else if heading_like(b) {
                let strong = self.markers.any_match(t);
                if strong || self.weak_markers.any_match(t) {
                    let (filler, to_end, last) = self.section_filler(doc, i);
                    // A heading closing the document over a section of
                    // generic filler throughout (two kinds of it or more)
                    // is an appended generated section by itself: a
                    // "What it means" or an FAQ whose answers are filler.
                    if filler >= 2 && to_end && last > i {
                        alone = Some(last);
                    }
                    strong || filler >= 1
                } else {
                    false
                }
            } else if self.run_in.any_match(t) {
                true
            } else if self.bare_labels.any_match(t) {
                bare.push(i);
                true
            } else {
                false
            };
            if !is_marker {
                continue;
            }
            other |= !numbered;
            if !led && hits.iter().all(|h| bare.contains(h)) {
                // A lead heading ("… Interview: …") shortly before the first
                // marker — or before a later one when the markers so far are
                // bare labels, which count only under a lead — after them.
                let from = hits.last().map_or(skip, |&h| h + 1);
                if let Some(j) = (i.saturating_sub(3).max(from)..i).find(|&j| {
                    let p = &doc.blocks[j];
                    short_line(p) && self.lead.iter().any(|r| r.is_match(p.text().trim()))
                }) {
                    // (Bare labels before the lead were not its outline.)
                    hits.clear();
                    names.clear();
                    hits.push(j);
                    names.push(super::short(doc.blocks[j].text(), 40));
                    led = true;
                }
            }
            hits.push(i);
            names.push(super::short(t, 30));
        }
        // Without a lead title, bare label lines are an agenda's or a
        // programme's ("Opening" / "Conclusion"), not a scaffold's.
        if !led && !bare.is_empty() {
            (hits, names) = hits
                .into_iter()
                .zip(names)
                .filter(|(h, _)| !bare.contains(h))
                .unzip();
        }
        if hits.len() < self.min_markers && alone.is_none() {
            return;
        }
        // Numbered parts alone ("Section 1" … "Section 6") are the
        // document's own structure, not a generated outline.
        if !other && !led && alone.is_none() {
            return;
        }
        let (Some(&first), Some(&last)) = (hits.first(), hits.last()) else {
            return;
        };
        let end_block = match (alone, doc.blocks.get(last + 1)) {
            (Some(end), _) if end > last => end,
            (_, Some(n)) if !heading_like(n) => last + 1,
            _ => last,
        };
        let span = doc.blocks[first].span.cover(doc.blocks[end_block].span);
        out.push(
            Hit::new(span)
                .var("count", hits.len().to_string())
                .var("markers", names.join(" / "))
                .label(format!(
                    "{} outline headings: {}",
                    hits.len(),
                    names.join(" / ")
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::document::InputFormat;
    use crate::engine::Engine;

    fn spans(text: &str) -> Vec<String> {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/outline-scaffold");
        assert_eq!(e.rules().len(), 1);
        e.check_text(text, InputFormat::Markdown)
            .iter()
            .map(|f| text[f.span.range()].to_string())
            .collect()
    }

    /// The opening bytes of anchored lists, and no bound for the others.
    #[test]
    fn opening_bytes() {
        let set = super::first_bytes(r"^(?:section|part)\s+\d+").expect("anchored");
        for b in [b's', b'S', b'p', b'P', 0xC5] {
            assert!(set.contains(b), "{b}");
        }
        assert!(!set.contains(b't') && !set.contains(b' ') && !set.admits(""));
        assert!(super::first_bytes(r"(?:^|\s)(?:interview|q\s*&\s*a)").is_none());
        assert!(super::first_bytes(r"^(?:x|)$").is_none());
        assert!(super::first_bytes(r"(?m)^intro").is_none());
    }

    const LEAD: &str = "# Ferry fares frozen\n\nThe council froze ferry fares on Monday.\n\n";

    /// A bare label early in the article (an agenda's "Overview") does not
    /// hide the lead title of a generated section further down.
    #[test]
    fn lead_title_after_an_earlier_bare_label() {
        let text = format!(
            "{LEAD}Overview\n\nFares stay at 4 euros until 2027, the council said.\n\nThe operator will add two boats.\n\nFERRY FARES: AN EXPERT CONVERSATION\n\nOpening\n\nToday we talk about the fares.\n\nClosing thoughts\n\nThe future of the ferries remains to be seen.\n"
        );
        let found = spans(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("FERRY FARES"), "{found:?}");
    }

    /// A strong marker ("Frequently asked questions") closing the document
    /// over a section of filler is a finding by itself, like a weak one.
    #[test]
    fn strong_marker_over_filler_to_the_end_stands_alone() {
        let text = format!(
            "{LEAD}## Frequently asked questions\n\n**Why does it matter?**\nIt is a unique opportunity that brings benefits for both residents and visitors.\n\n**What next?**\nIn short, the service will play a key role for the island."
        );
        let found = spans(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("## Frequently asked questions"));
        assert!(found[0].ends_with("key role for the island."));
    }

    /// The same heading over concrete answers, or over one filler phrase
    /// only, is not reported.
    #[test]
    fn strong_marker_over_concrete_answers_is_not_reported() {
        let concrete = format!(
            "{LEAD}## Frequently asked questions\n\n**When do new fares apply?**\nFrom 1 April; a return costs $12.\n\n**Who decides?**\nThe council, at its meeting on 4 March."
        );
        assert!(spans(&concrete).is_empty());
        let one = format!(
            "{LEAD}## Frequently asked questions\n\n**Why does it matter?**\nThe ferry plays a key role for 2,000 commuters.\n\n**Who decides?**\nThe council, on 4 March."
        );
        assert!(spans(&one).is_empty());
    }

    /// An FAQ whose questions stand as bold lines of their own: the section
    /// runs over them to the end.
    #[test]
    fn bold_question_lines_stay_in_the_section() {
        let text = format!(
            "{LEAD}## Frequently asked questions\n\n**Why does it matter?**\n\nIt is a unique opportunity for the island.\n\n**What will it cost?**\n\nThe price depends on several factors."
        );
        let found = spans(&text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].ends_with("depends on several factors."));
        assert!(super::is_question_line("**Q: Why?**"));
        assert!(!super::is_question_line("## Background"));
    }

    /// An FAQ whose answers restate their questions, with no figure, is a
    /// generated one; concrete answers are not.
    #[test]
    fn faq_answers_that_restate_the_question() {
        let generated = format!(
            "{LEAD}## Common questions\n\n**What is a ferry?**\nA ferry is a boat that carries people and vehicles across water.\n\n**Why are ferries useful?**\nFerries are useful because they link communities.\n\n**Where can I learn more?**\nCheck the operator's website."
        );
        assert_eq!(spans(&generated).len(), 1);
        let concrete = format!(
            "{LEAD}## Common questions\n\n**What is a ferry pass?**\nA ferry pass costs $40 a month and covers 60 crossings.\n\n**Who can apply?**\nResidents of the island, at the town hall.\n\n**Why are ferries late?**\nFerries are late when the tide is low, the operator says."
        );
        assert!(spans(&concrete).is_empty());
        assert!(super::echo_answer(
            "What is a harbour?",
            "A harbour is a sheltered stretch of water."
        ));
        assert!(!super::echo_answer(
            "Do I need a permit?",
            "Yes, you need one from the city."
        ));
        assert!(!super::echo_answer(
            "What is a harbour?",
            "A harbour of 40 berths is rare."
        ));
    }

    /// Bare label lines in plain text: a scaffold under a lead title, an
    /// agenda without one.
    #[test]
    fn bare_labels_need_a_lead_title() {
        let lead = "Harbour workers strike\n\nThe port closed on Monday.\n\n";
        let scaffold = format!(
            "{lead}HARBOUR STRIKE: A CONVERSATION WITH TWO ANALYSTS\n\nIntroduction\n\nToday we look at the strike.\n\nHost: Why now?\n\nAnalyst: Pay.\n\nHost: And then?\n\nAnalyst: Talks."
        );
        let s = crate::document::InputFormat::Text;
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/outline-scaffold");
        assert_eq!(e.check_text(&scaffold, s).len(), 1);
        let agenda = format!(
            "{lead}ORDER OF BUSINESS\n\nOpening\n\nRoll call.\n\nIntroduction\n\nThe chair presents the budget.\n\nConclusion\n\nPublic comment and adjournment."
        );
        assert!(e.check_text(&agenda, s).is_empty());
        let programme = format!(
            "{lead}The programme:\n\nOpening remarks\n\nThe president speaks.\n\nClosing remarks\n\nThe secretary closes the session."
        );
        assert!(e.check_text(&programme, s).is_empty());
    }

    /// Figures: numbers, prices, dates and units count; identifiers glued
    /// to a letter ("T3", "3I/ATLAS") do not.
    #[test]
    fn figures_in_box_items() {
        use super::has_figure;
        for t in [
            "Voted 11-1.",
            "Cap: $5 billion",
            "Am 10. Mai",
            "4,50 Euro",
            "at 5pm",
            "£1.8m in 2024",
        ] {
            assert!(has_figure(t), "{t}");
        }
        for t in [
            "3I/ATLAS is rare.",
            "Line T3 is closed.",
            "No figures here.",
        ] {
            assert!(!has_figure(t), "{t}");
        }
    }

    /// A summary box is reported over generic bullets, not over facts.
    #[test]
    fn takeaways_box_needs_generic_bullets() {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/takeaways-box");
        let generic = format!(
            "{LEAD}## Key takeaways\n\n- Ferries play a vital role for the island.\n- The freeze highlights the importance of transport.\n"
        );
        assert_eq!(e.check_text(&generic, InputFormat::Markdown).len(), 1);
        let facts = format!(
            "{LEAD}## Key takeaways\n\n- Fares stay at $4 until 2027.\n- The vote was 7-2.\n- A third boat starts in May.\n"
        );
        assert!(e.check_text(&facts, InputFormat::Markdown).is_empty());
        // the same box closing the story, repeating its figures
        let restated = "# Fares stay at $4\n\nFares stay at $4 until 2027 after a 7-2 vote.\n\n## Key takeaways\n\n- Fares stay at $4 until 2027.\n- The vote was 7-2.\n- The island depends on the ferry.\n";
        assert_eq!(e.check_text(restated, InputFormat::Markdown).len(), 1);
    }

    /// Emoji around a box label are not part of it; a weak label ("Key
    /// points") counts over filler (with emoji bullets, one item of it),
    /// not over plain facts.
    #[test]
    fn weak_box_labels_and_emoji() {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/takeaways-box");
        let emoji = format!(
            "{LEAD}**✨ Key points 👇**\n- 🚢 The ferry plays a vital role for islanders.\n- 🌊 The sea shapes island life.\n"
        );
        assert_eq!(e.check_text(&emoji, InputFormat::Markdown).len(), 1);
        // emoji bullets alone are a newsroom's style, not filler
        let emoji_plain = format!(
            "{LEAD}**✨ Key points 👇**\n- 🚢 The ferry is loved by islanders.\n- 🌊 The sea shapes island life.\n"
        );
        assert!(e.check_text(&emoji_plain, InputFormat::Markdown).is_empty());
        let plain = format!(
            "{LEAD}**Key points**\n- The ferry is loved by islanders.\n- The sea shapes island life.\n"
        );
        assert!(e.check_text(&plain, InputFormat::Markdown).is_empty());
        let filler = format!(
            "{LEAD}**Key points**\n- The ferry plays a central role for islanders.\n- Its long-term future depends on innovation.\n"
        );
        assert_eq!(e.check_text(&filler, InputFormat::Markdown).len(), 1);
        let emoji_facts = format!(
            "{LEAD}**Key points 👇**\n- 🚢 Fares stay at $4 until 2027.\n- 🗳️ The vote was 7-2.\n"
        );
        assert!(e.check_text(&emoji_facts, InputFormat::Markdown).is_empty());
    }

    /// A weak label over bullets that all open on "It" and name nothing is
    /// generic; the same bullets with a name or a figure, or two of them, are not.
    #[test]
    fn weak_box_over_pronoun_led_bullets() {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/takeaways-box");
        let generic = format!(
            "{LEAD}**Why it matters**\n\n- It tells us something about island life.\n- It reminds readers that ferries are more than boats.\n- It invites a wider conversation about travel.\n"
        );
        assert_eq!(e.check_text(&generic, InputFormat::Markdown).len(), 1);
        let named = format!(
            "{LEAD}**Why it matters**\n\n- It is the only link to the mainland.\n- It carries islanders to Oban for hospital visits.\n- It runs all winter.\n"
        );
        assert!(e.check_text(&named, InputFormat::Markdown).is_empty());
        let two = format!(
            "{LEAD}**Why it matters**\n\n- It tells us something about island life.\n- It invites a wider conversation about travel.\n"
        );
        assert!(e.check_text(&two, InputFormat::Markdown).is_empty());
        assert!(super::pronoun_led(&[
            "It shows a shift.",
            "It raises a question.",
            "It helps people."
        ]));
        assert!(!super::pronoun_led(&[
            "It shows a shift.",
            "This raises a question.",
            "It helps people."
        ]));
        assert!(!super::pronoun_led(&[
            "They show a shift.",
            "They raise a question.",
            "They help people."
        ]));
    }

    /// A blockquote of a label line and bullet lines is a box; a quote
    /// without bullet lines is not.
    #[test]
    fn quoted_box() {
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/takeaways-box");
        let boxed = format!(
            "{LEAD}> **Key takeaways**\n> • The ferry is loved by islanders.\n> • The sea shapes island life.\n"
        );
        let found = e.check_text(&boxed, InputFormat::Markdown);
        assert_eq!(found.len(), 1);
        assert!(boxed[found[0].span.range()].ends_with("island life."));
        let prose = format!(
            "{LEAD}> **Key takeaways**\n> The ferry is loved by islanders.\n> The sea shapes island life.\n"
        );
        assert!(e.check_text(&prose, InputFormat::Markdown).is_empty());
    }

    /// Numbered parts alone are the document's structure; beside an
    /// outline label they are a scaffold.
    #[test]
    fn numbered_parts_need_another_marker() {
        let parts = format!(
            "{LEAD}## Section 1: Fares\n\nFares stay at $4.\n\n## Section 2: Boats\n\nA third boat starts in May.\n"
        );
        assert!(spans(&parts).is_empty());
        let outline = format!(
            "{LEAD}## Introduction\n\nWelcome.\n\n## Section 1: Fares\n\nFares stay at $4.\n\n## Section 2: Boats\n\nA third boat.\n"
        );
        assert_eq!(spans(&outline).len(), 1);
    }

    /// A weak FAQ heading in another language counts the same way.
    #[test]
    fn faq_heading_in_other_languages() {
        let text = "# Nuovo molo\n\nIl porto ha approvato il molo lunedì.\n\n## Domande frequenti\n\n**Perché è importante?**\nÈ un'opportunità unica che offre benefici sia ai pescatori sia ai turisti.";
        assert_eq!(spans(text).len(), 1);
    }
}
