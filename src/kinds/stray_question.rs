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
}
fn d_min() -> usize {
    10
}

pub struct StrayQuestion {
    min_words: usize,
}

impl StrayQuestion {
    pub fn build(p: &Spanned<Params>, _file: &YamlFile) -> Result<Self, LocatedError> {
        Ok(StrayQuestion {
            min_words: p.value.min_words,
        })
    }
}

impl Check for StrayQuestion {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        // A magazine-style Q&A (bold questions with answers) is an interview,
        // not generated text: its unanswered question is a truncation.
        let interview = super::transcript::bold_questions(doc)
            .iter()
            .filter(|q| q.1)
            .count()
            >= 2;
        for (i, b) in cx.blocks() {
            if !b.is_heading_like() || doc.headline.as_ref().is_some_and(|h| h.block == i) {
                continue;
            }
            let t = b.text().trim();
            if !t.ends_with('?') || b.word_count() < self.min_words {
                continue;
            }
            let next = doc.next_block(i);
            // A dash-dialogue answer ("– Sikrere enn før …") answers it too.
            let answered = next.is_some_and(|n| {
                (!n.is_heading_like() && n.turn.is_none()) || super::transcript::answers_question(n)
            });
            // In a bold-question interview only a question that runs straight
            // into a new heading (a generated section) is a stray prompt; an
            // unanswered last question is a truncation, reported elsewhere.
            let into_heading = next.is_some_and(|n| n.kind == crate::document::BlockKind::Heading);
            if !answered && (!interview || into_heading) {
                out.push(
                    Hit::new(b.span)
                        .var("question", short(t, 60))
                        .label("a question nobody answers"),
                );
            }
        }
    }
}
