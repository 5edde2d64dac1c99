//! `stray-question`: a generated prompt or question left standing alone.
//!
//! A heading-like element (a heading, or a line that is all emphasis) that
//! is a long question — at least `min_words` words, ending in `?` — and is
//! not answered: the next element is another heading-like line, a speaker
//! label, or the end of the document. Real Q&A interviews that set their
//! questions in bold are followed by the answer, and are not flagged; in such
//! a magazine-style Q&A only a question followed by a heading is reported.

use super::{short, Check, Cx, Hit};
use crate::rule::error::{LocatedError, YamlFile};
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "d_min")]
    pub min_words: usize,
    /// A plain paragraph's lone question is a prompt only before the title
    /// of a new section (an all-caps line or a heading) that has a colon or
    /// matches one of these ("… CONVERSATION", "Q&A"). Empty: never.
    #[serde(default)]
    pub section_titles: Vec<Spanned<String>>,
    /// …and only when a generated section follows that title: its first
    /// block matches one of these (an outline label "Introduction", a
    /// framing "In this roundtable, we …"), or a speaker's turn ("Host: …")
    /// comes within its first four blocks. A wire story's subhead ("THE DEBATE OVER
    /// FUNDING") over plain reporting is not one.
    #[serde(default)]
    pub section_openers: Vec<Spanned<String>>,
}
fn d_min() -> usize {
    10
}

pub struct StrayQuestion {
    min_words: usize,
    section_titles: Vec<super::LazyRegex>,
    section_openers: Vec<super::LazyRegex>,
}

impl StrayQuestion {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        Ok(StrayQuestion {
            min_words: p.value.min_words,
            section_titles: super::compile_lazy(&p.value.section_titles, true, file)?,
            section_openers: super::compile_lazy(&p.value.section_openers, true, file)?,
        })
    }
}

impl Check for StrayQuestion {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        // A magazine-style Q&A (bold questions with answers) is an interview,
        // not generated text: its unanswered question is a truncation.
        let bq = super::transcript::bold_questions(doc);
        let interview = bq.iter().filter(|q| q.1).count() >= 2;
        let last_question = bq.last().map(|q| q.0);
        // Bold questions each answered by a named speaker's turn ("**Q?**" /
        // "**Riquelme:** The colour…"): an interview whose answers are
        // labelled, where a named answer turn answers its question.
        let interview_by_turns = super::transcript::turn_answered(doc, &bq).len() >= 2;
        for (i, b) in cx.blocks() {
            if doc.headline.as_ref().is_some_and(|h| h.block == i) {
                continue;
            }
            let t = b.text().trim();
            if !t.ends_with('?') || b.word_count() < self.min_words {
                continue;
            }
            if !b.is_heading_like() {
                // A plain paragraph: only a lone long question (one
                // sentence, outside any interview) set right before the
                // title of a new section — an all-caps title line, as plain
                // text sets them, with a colon or a `section_titles` word —
                // is a prompt left behind.
                if !self.section_titles.is_empty()
                    && b.kind == crate::document::BlockKind::Paragraph
                    && b.turn.is_none()
                    && !interview
                    && !interview_by_turns
                    && b.word_count() >= self.min_words + 4
                    && lone_question(t)
                    && doc.next_block(i).is_some_and(|n| {
                        section_title(n) && {
                            let t = n.text().trim();
                            t.contains(':') || self.section_titles.iter().any(|r| r.is_match(t))
                        }
                    })
                    && self.generated_section_after(doc, i + 1)
                {
                    out.push(
                        Hit::new(b.span)
                            .var("question", short(t, 60))
                            .label("a question nobody answers"),
                    );
                }
                continue;
            }
            let next = doc.next_block(i);
            // A dash-dialogue answer ("– Sikrere enn før …") answers it too.
            // A question that carries its own interview label ("P. …?",
            // "Q: …?", "Frage: …?") is an interviewer's turn: the next
            // speaker's turn ("**R.** …") is its answer.
            let labelled = question_label(t);
            // A results table in raw HTML right after it (a poll's question
            // and its figures) answers it as well.
            let answered = table_after(doc, i)
                || next.is_some_and(|n| {
                    (!n.is_heading_like() && n.turn.is_none())
                        || super::transcript::answers_question(n)
                        || (labelled && n.turn.is_some())
                        || (interview_by_turns && super::transcript::named_answer(n))
                });
            // In a bold-question interview only a question that runs straight
            // into a new heading (a generated section) is a stray prompt; an
            // unanswered last question is a truncation, reported elsewhere.
            // The interview's final question is the transcript rule's.
            let into_heading = next.is_some_and(|n| n.kind == crate::document::BlockKind::Heading);
            // An interview whose bold questions are answered by named turns is
            // an interview too: its unanswered final question is a truncation.
            let in_interview = interview || interview_by_turns;
            if !answered && (!in_interview || into_heading && last_question != Some(i)) {
                out.push(
                    Hit::new(b.span)
                        .var("question", short(t, 60))
                        .label("a question nobody answers"),
                );
            }
        }
    }
}

impl StrayQuestion {
    /// Does a generated section open after the title following block `q`:
    /// the title's first block matches `section_openers`, or a speaker's
    /// turn comes within the (at most four) blocks after it?
    fn generated_section_after(&self, doc: &crate::document::Document, q: usize) -> bool {
        let Some(title) =
            (q..doc.blocks.len()).find(|&k| doc.blocks[k].kind != crate::document::BlockKind::Html)
        else {
            return false;
        };
        doc.blocks
            .iter()
            .skip(title + 1)
            .filter(|b| b.kind != crate::document::BlockKind::Html)
            .take(4)
            .enumerate()
            .any(|(k, b)| {
                b.turn.is_some()
                    || k == 0
                        && self
                            .section_openers
                            .iter()
                            .any(|r| r.is_match(b.text().trim()))
            })
    }
}

/// Is the block right after `i` a raw-HTML table (`<table`, any case)?
fn table_after(doc: &crate::document::Document, i: usize) -> bool {
    doc.blocks.get(i + 1).is_some_and(|n| {
        n.kind == crate::document::BlockKind::Html
            && doc.source[n.span.range()]
                .as_bytes()
                .windows(6)
                .any(|w| w.eq_ignore_ascii_case(b"<table"))
    })
}

/// One sentence, one line, a question: no `.`, `!` or `?` before its end
/// (a decimal point or an abbreviation's dot aside, which sit before a
/// letter or digit).
fn lone_question(t: &str) -> bool {
    if t.contains('\n') || t.contains(['"', '“', '”', '«', '»']) {
        return false;
    }
    let body = &t[..t.len() - 1];
    !body.contains(['?', '!'])
        && !body
            .match_indices(". ")
            .any(|(k, _)| body[k + 2..].starts_with(|c: char| c.is_uppercase()))
}

/// The title of a new section: a short line of three words or more set
/// all in capitals ("HARBOUR STRIKE: TWO VIEWS") or in title case (every
/// word of four letters or more capitalized: "Harbour Strike: Two Views"),
/// with no closing stop; as a heading or not.
fn section_title(n: &crate::document::Block) -> bool {
    let t = n.text().trim();
    if t.contains('\n')
        || !(3..=14).contains(&n.word_count())
        || t.chars().filter(|c| c.is_alphabetic()).count() < 12
        || t.ends_with(['.', '!', '?', ','])
    {
        return false;
    }
    !t.chars().any(char::is_lowercase)
        || t.split_whitespace()
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            .all(|w| {
                w.chars()
                    .find(|c| c.is_alphabetic())
                    .is_some_and(char::is_uppercase)
            })
}

/// Does a question open with an interviewer's label: a one-letter label
/// ("P.", "Q:", "F –") or a word for "question" followed by `.`/`:`/a dash?
fn question_label(t: &str) -> bool {
    const WORDS: &[&str] = &[
        "question",
        "pregunta",
        "pergunta",
        "frage",
        "vraag",
        "domanda",
        "pytanie",
        "otázka",
        "kérdés",
        "soru",
        "kysymys",
        "spørsmål",
        "fråga",
        "spørgsmål",
        "întrebare",
        "pertanyaan",
        "tanong",
        "swali",
        "câu hỏi",
        "ερώτηση",
    ];
    let t = t.trim_start_matches(['*', '_', ' ']);
    let Some(cut) = t.find(['.', ':', '–', '—', '-']) else {
        return false;
    };
    let label = t[..cut].trim();
    let rest = &t[cut..];
    // The letters interviews use for "question" (P, Q, F, D, V, K, S), not
    // an initial ("I. M. Pei").
    let one_letter = matches!(label, "P" | "Q" | "F" | "D" | "V" | "K" | "S");
    let word = WORDS.iter().any(|w| label.to_lowercase() == *w);
    let after = rest.chars().skip(1).collect::<String>();
    (one_letter || word) && after.starts_with([' ', '*', '_'])
}

#[cfg(test)]
mod tests {
    use super::question_label;

    /// A question heading answered by a raw-HTML results table is answered.
    #[test]
    fn html_table_answers_a_question_heading() {
        use crate::document::{Document, InputFormat, ParseOptions};
        let text = "# Poll\n\nIntro.\n\n## Q1. Would you ride a night bus at least once a month if it ran past midnight?\n\n<TABLE>\n<tr><td>Yes</td><td>31</td></tr>\n</TABLE>\n\n## Q2. Next\n";
        let doc = Document::parse(text, InputFormat::Markdown, &ParseOptions::default());
        let q = doc
            .blocks
            .iter()
            .position(|b| b.text().starts_with("Q1."))
            .expect("question");
        assert!(super::table_after(&doc, q));
        assert!(!super::table_after(&doc, 0));
    }

    #[test]
    fn lone_questions_and_section_titles() {
        use super::lone_question;
        assert!(lone_question(
            "What could the port do to keep its dockers while it cuts costs by 2030?"
        ));
        assert!(!lone_question(
            "The port cut costs. What could it do to keep its dockers now?"
        ));
        assert!(!lone_question("\"Who pays for this?\" she asked."));
    }

    #[test]
    fn section_titles_in_capitals_or_title_case() {
        use crate::document::{Document, InputFormat, ParseOptions};
        let title = |t: &str| {
            let doc = Document::parse(t, InputFormat::Text, &ParseOptions::default());
            doc.blocks.first().is_some_and(super::section_title)
        };
        assert!(title("PORT STRIKE: TWO EXPERT VIEWS"));
        assert!(title("The Port Strike: A Conversation With Two Analysts"));
        assert!(!title("The port strike: a conversation with two analysts"));
        assert!(!title("PORT STRIKE ENDS."));
    }

    /// A plain lone question before an all-caps title is a prompt only when
    /// a generated section follows the title (an outline label first, or
    /// speaker turns), not a wire story's subhead over reporting.
    #[test]
    fn prompt_needs_a_generated_section_after_the_title() {
        use crate::document::InputFormat;
        use crate::engine::Engine;
        let mut e = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        e.retain(|r| &*r.id == "machine-generated/stray-prompt");
        let head = "Dockers walk out\n\nThe port closed on Monday.\n\nHow can the harbour authority keep its most experienced dockers while still cutting costs over the next decade?\n\nTHE DEBATE OVER THE PORT\n\n";
        let n = |body: &str| {
            e.check_text(&format!("{head}{body}"), InputFormat::Text)
                .len()
        };
        assert_eq!(n("Introduction\n\nTwo analysts join us."), 1);
        assert_eq!(
            n("A short note.\n\nHost: Why now?\n\nAnalyst: Pay.\n\nHost: And?\n\nAnalyst: Talks."),
            1
        );
        assert_eq!(n("Legislators meet in May.\n\nSupporters say it helps."), 0);
        // an outline label further down (an agenda) is not the section's opening
        assert_eq!(n("The board met.\n\nIntroduction\n\nRoll call."), 0);
    }

    #[test]
    fn interview_labels_open_questions() {
        assert!(question_label(
            "P. Os preços vão continuar a subir este ano?"
        ));
        assert!(question_label("Q: Will the bridge open in May?"));
        assert!(question_label("Frage: Wann öffnet die Brücke?"));
        assert!(!question_label("Is the U.S. ready for this?"));
        assert!(!question_label("What comes next for the city council?"));
        assert!(!question_label("I. M. Pei designed it?"));
    }
}
