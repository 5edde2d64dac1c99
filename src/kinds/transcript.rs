//! `transcript`: broken interview / Q&A structure.
//!
//! Checks (each can be switched off):
//! - `empty_turn`: a speaker label with no words after it, where the next
//!   block is not its answer (another label, a heading, or the end);
//! - `fragment`: a dangling label fragment: a block of only markup and
//!   punctuation (`**(`, `Q:` alone) or a label with unbalanced emphasis;
//! - `unanswered_question`: the transcript's final turn is a question;
//! - `ends_mid_sentence`: the transcript's final turn stops without
//!   terminal punctuation;
//! - `empty_section`: in a document with turns, a section heading followed
//!   directly by another heading of the same or a higher level, or by the end.

use super::{short, Check, Cx, Hit};
use crate::document::{Block, BlockKind, Document};
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use crate::span::Span;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "yes")]
    pub empty_turn: bool,
    #[serde(default = "yes")]
    pub fragment: bool,
    #[serde(default = "yes")]
    pub unanswered_question: bool,
    #[serde(default = "yes")]
    pub ends_mid_sentence: bool,
    #[serde(default = "yes")]
    pub empty_section: bool,
    /// Longest block (in characters) that counts as a markup fragment.
    #[serde(default = "d_frag")]
    pub fragment_max_chars: usize,
    /// Fewest turns that make a transcript.
    #[serde(default = "d_turns")]
    pub min_turns: usize,
    /// Openers of an essay's wrap-up ("In conclusion,") or of an editor's
    /// closing note ("This interview has been edited for length"): a
    /// paragraph after the final question that opens with one sums the
    /// article up or closes the interview; neither it nor anything after it
    /// is the interviewee's answer. Regexes, matched case-insensitively at
    /// the paragraph's start (after emphasis marks and an opening bracket).
    #[serde(default)]
    pub wrap_up: Vec<Spanned<String>>,
    /// A stage or editor's note right after the final question saying it
    /// went unanswered ("*(The mayor left without answering.)*"): the
    /// transcript is complete. Regexes, matched case-insensitively in a note
    /// (a bracketed paragraph or an emphasis-only line) of four words or more.
    #[serde(default)]
    pub unanswered_notes: Vec<Spanned<String>>,
    /// The report of an interruption after a final turn that breaks off on
    /// a dash ("I told him I wasn't —" / "Counsel objected …", "She then
    /// finished her answer: …"): the transcript records the speaker being
    /// cut off by someone in the room, and the report tells the rest; it was
    /// not truncated. Regexes, matched case-insensitively in the paragraph
    /// right after the final turn (or the one after that).
    #[serde(default)]
    pub interrupted_notes: Vec<Spanned<String>>,
    /// The story resuming after an interview set inside it: a paragraph
    /// right after the final bold question that matches one of these (a
    /// quotation, say) where none of the interview's answers (three or more)
    /// does, with more of the story after it, is reporting, not the answer.
    /// Regexes, matched case-insensitively anywhere in the paragraph.
    #[serde(default)]
    pub story_resumes: Vec<Spanned<String>>,
    /// …unless the paragraph speaks in the first person (matches one of
    /// these): then it is the interviewee's answer quoting someone.
    #[serde(default)]
    pub first_person: Vec<Spanned<String>>,
    /// The reporter's voice: attribution and news-writing phrases ("a
    /// spokesperson said", "is expected to"). A paragraph right after the
    /// final bold question that matches one of these and not `first_person`,
    /// where every answer of the interview (three or more) speaks in the
    /// first person, is the report going on, not the interviewee's answer.
    /// Regexes, matched case-insensitively anywhere in the paragraph.
    #[serde(default)]
    pub reporter_voice: Vec<Spanned<String>>,
    /// Words an answer cut off mid-sentence stops on (articles,
    /// prepositions, conjunctions: "…whether to", "…and the"), lowercase.
    /// An answer before the next bold question, in an interview of named
    /// turns, counts as cut only when it stops on one of these or a comma.
    #[serde(default)]
    pub cut_words: Vec<String>,
    /// Words that may also close a complete clause ("…the move I was part
    /// of", "…who he is"), lowercase: a cut only when they end a last
    /// sentence of ten words or more.
    #[serde(default)]
    pub cut_words_long: Vec<String>,
}
fn yes() -> bool {
    true
}
fn d_frag() -> usize {
    6
}
fn d_turns() -> usize {
    2
}

pub struct Transcript {
    p: Params,
    /// The `wrap_up` openers in one regex (`None`: there are none), built
    /// on first use for the built-in pack (see [`super::LazyRegex`]): most
    /// articles have no interview, and with its reverse automaton the
    /// regex crate's engine cost a single `check` ~17 ms to build.
    wrap_up: Option<super::LazyRegex>,
    unanswered_notes: Vec<super::LazyRegex>,
    interrupted_notes: Vec<super::LazyRegex>,
    story_resumes: Vec<super::LazyRegex>,
    first_person: Vec<super::LazyRegex>,
    reporter_voice: Vec<super::LazyRegex>,
}

impl Transcript {
    pub fn build(p: &Spanned<Params>, file: &YamlFile) -> Result<Self, LocatedError> {
        let v = &p.value;
        let wrap_up = if v.wrap_up.is_empty() {
            None
        } else {
            let joined = v
                .wrap_up
                .iter()
                .map(|r| format!("(?:{})", r.value))
                .collect::<Vec<_>>()
                .join("|");
            let src = format!("^(?:{joined})");
            if file.builtin {
                // (Its build is tested: `builtin_regexes_compile`.)
                Some(super::LazyRegex::later(&src, true))
            } else {
                let built = regex::RegexBuilder::new(&src)
                    .case_insensitive(true)
                    .size_limit(super::REGEX_SIZE_LIMIT)
                    .build();
                match built {
                    Ok(re) => Some(super::LazyRegex::ready(&src, re, true)),
                    Err(e) => {
                        // Each alone, so that an error points at its pattern;
                        // when each builds, the set is too large together.
                        super::compile_all(&v.wrap_up, true, file)?;
                        return Err(file.error(
                            format!("`wrap_up` patterns cannot be joined: {e}"),
                            yaml_span(&v.wrap_up[0]),
                            "wrap_up",
                        ));
                    }
                }
            }
        };
        Ok(Transcript {
            wrap_up,
            unanswered_notes: super::compile_lazy(&v.unanswered_notes, true, file)?,
            interrupted_notes: super::compile_lazy(&v.interrupted_notes, true, file)?,
            story_resumes: super::compile_lazy(&v.story_resumes, true, file)?,
            // (case-sensitive: "US" and "EU" are not "us" and "eu")
            first_person: super::compile_lazy(&v.first_person, false, file)?,
            reporter_voice: super::compile_lazy(&v.reporter_voice, true, file)?,
            p: Params {
                empty_turn: v.empty_turn,
                fragment: v.fragment,
                unanswered_question: v.unanswered_question,
                ends_mid_sentence: v.ends_mid_sentence,
                empty_section: v.empty_section,
                fragment_max_chars: v.fragment_max_chars,
                min_turns: v.min_turns,
                wrap_up: Vec::new(),
                unanswered_notes: Vec::new(),
                interrupted_notes: Vec::new(),
                story_resumes: Vec::new(),
                first_person: Vec::new(),
                reporter_voice: Vec::new(),
                cut_words: v.cut_words.iter().map(|w| w.to_lowercase()).collect(),
                cut_words_long: v.cut_words_long.iter().map(|w| w.to_lowercase()).collect(),
            },
        })
    }
}

/// A finding of this kind: `what` it is, the speaker `label` (or the
/// question) it is about, and the `note` under the span.
fn turn_hit(span: Span, what: &str, label: impl Into<String>, note: impl Into<String>) -> Hit {
    Hit::new(span)
        .var("what", what)
        .var("label", label)
        .label(note)
}

/// An interview's question or answer label ("Q", "Answer", "Frage", "س"…),
/// in any case.
fn is_qa_label(l: &str) -> bool {
    matches!(
        l.to_lowercase().as_str(),
        "q" | "a"
            | "question"
            | "answer"
            | "interviewer"
            | "frage"
            | "antwort"
            | "pregunta"
            | "respuesta"
            | "вопрос"
            | "ответ"
            | "въпрос"
            | "отговор"
            | "pergunta"
            | "resposta"
            | "réponse"
            | "domanda"
            | "risposta"
            | "pytanie"
            | "odpowiedź"
            | "vraag"
            | "antwoord"
            | "س"
            | "ج"
            | "سؤال"
            | "جواب"
            | "پرسش"
            | "پاسخ"
            | "soru"
            | "cevap"
            | "yanıt"
            | "питання"
            | "відповідь"
            | "pitanje"
            | "odgovor"
            | "otázka"
            | "odpověď"
            | "odpoveď"
            | "kérdés"
            | "válasz"
            | "întrebare"
            | "răspuns"
            | "ερώτηση"
            | "απάντηση"
            | "swali"
            | "jibu"
            | "प्रश्न"
            | "उत्तर"
            | "问"
            | "答"
    )
}

/// A plain label with the speaker's outlet or role in brackets opening a
/// paragraph ("Reporter (Coast FM): When…?", "JOURNALISTE (Radio Sud) :"):
/// the label's name before the bracket (one to three words, capitalized)
/// and the words after the colon.
fn outlet_label(t: &str) -> Option<(&str, &str)> {
    let t = t.trim();
    let open = t.find(" (")?;
    let close = open + t[open..].find(')')?;
    let head = t[..open].trim();
    let rest = t[close + 1..].trim_start().strip_prefix([':', '：'])?;
    ((1..=3).contains(&crate::document::word_count_upto(head, 4))
        && head.starts_with(char::is_uppercase)
        && !head.contains([':', '?', '!', '.', ',', '\n'])
        && !t[open + 2..close].contains(['(', ':', '\n']))
    .then_some((head, rest.trim()))
}

/// A paragraph holding a whole exchange on its lines: the interviewer's
/// labelled question ("Q: Why now?", in bold or not) and, on the next line,
/// the answer under its own label ("A: Because …", "Okafor: …"). Returns
/// where the answer's words start in the block's text. (A paragraph whose
/// label the document model took as a turn is not one: it is checked as a
/// turn.)
fn paired_turn(b: &Block) -> Option<usize> {
    if b.kind != BlockKind::Paragraph || b.turn.is_some() {
        return None;
    }
    let t = b.text();
    // (The label first, within the first few characters: most paragraphs
    // stop here.)
    let head = &t[..crate::span::floor_char_boundary(t, t.len().min(24))];
    let colon = head.find([':', '：'])?;
    if !is_qa_label(head[..colon].trim()) {
        return None;
    }
    let nl = t.find('\n')?;
    let (q, rest) = (&t[..nl], &t[nl + 1..]);
    if nl < colon || !is_question(q) {
        return None;
    }
    let colon = rest.find([':', '：'])?;
    let al = rest[..colon].trim();
    if al.is_empty()
        || al.contains('\n')
        || crate::document::word_count_upto(al, 4) > 3
        || !al.starts_with(char::is_uppercase)
    {
        return None;
    }
    let after = colon + rest[colon..].chars().next().map_or(1, char::len_utf8);
    let lead = rest[after..].len() - rest[after..].trim_start().len();
    Some(nl + 1 + after + lead)
}

/// A one-line paragraph that is the interviewer's labelled question alone
/// ("**Q: And next year?**", "Q: And next year?").
fn lone_question(b: &Block) -> bool {
    let t = b.text().trim();
    b.kind == BlockKind::Paragraph
        && !t.contains('\n')
        && b.turn.as_ref().is_none_or(|tn| is_qa_label(&tn.label))
        && t.split_once([':', '：']).is_some_and(|(l, q)| {
            is_qa_label(l.trim()) && is_question(q) && crate::document::word_count_upto(q, 2) >= 2
        })
}

/// A block opening with a speaker's label ("A: …", "Okafor: …"), or a turn.
fn labelled_line(b: &Block) -> bool {
    let t = b.text().trim_start();
    let head = &t[..crate::span::floor_char_boundary(t, t.len().min(40))];
    b.turn.is_some()
        || head.find([':', '：']).is_some_and(|c| {
            let l = head[..c].trim();
            (1..=3).contains(&crate::document::word_count_upto(l, 4))
                && l.starts_with(char::is_uppercase)
                && !l.contains(['.', '?', '!', ','])
        })
}

/// A block of only markup and punctuation, like `**(` or `Q:`.
fn is_fragment(b: &Block, src: &str, max: usize) -> bool {
    let frag = |s: &str| {
        !s.is_empty()
            && s.chars().count() <= max
            && !s.chars().any(char::is_alphanumeric)
            && s.chars()
                .any(|c| matches!(c, '*' | '_' | '(' | '[' | ':' | '"' | '“'))
    };
    // The raw source for Markdown (`**(`); the visible text for HTML
    // (`<strong>(</strong>`).
    frag(src[b.span.range()].trim()) || frag(b.text().trim())
}

/// A line of hashtags only ("#Harbour #Ferries"): page furniture, not prose.
fn is_tag_line(s: &str) -> bool {
    let mut words = s.split_whitespace().peekable();
    words.peek().is_some() && words.all(|w| w.starts_with(['#', '＃']) && w.len() > 1)
}

/// A copyright line ("© Argus Media 2026. All rights reserved.",
/// "(c) 2026 …", "Copyright © …", "Copyright 2026 …"): the page's footer,
/// no one's answer ("Copyright stays with the photographer" is one).
fn is_copyright_line(s: &str) -> bool {
    let s = s.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    // The sign, or a year, right after the word or "(c)".
    let after = |p: &str| {
        s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p))
            && s[p.len()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '©')
    };
    s.starts_with('©') || after("(c)") || after("copyright")
}

/// A one-word label and a list of three short items or more, with no
/// closing stop ("Tags: ferries, weather, Birch Bay"): page furniture
/// after an interview, not its last answer.
fn is_label_list(s: &str) -> bool {
    let s = s.trim();
    let Some((label, rest)) = s.split_once(':') else {
        return false;
    };
    if s.contains('\n')
        || label.split_whitespace().count() != 1
        || s.ends_with(['.', '!', '?', '…'])
    {
        return false;
    }
    // Three tags of a few words, or four and more of up to eight (a
    // headline cut at its commas among them).
    let items: Vec<&str> = rest.split([',', '·', '|', ';']).map(str::trim).collect();
    let longest = items
        .iter()
        .map(|t| crate::document::word_count_upto(t, 9))
        .max()
        .unwrap_or(0);
    items
        .iter()
        .all(|t| crate::document::word_count_upto(t, 1) >= 1)
        && (items.len() >= 3 && longest <= 4 || items.len() >= 4 && longest <= 8)
}

/// A paragraph that opens a bold run it never closes ("**Q: And then?"
/// with no closing `**`): a bold line whose markup broke.
fn unclosed_bold(b: &Block, src: &str) -> bool {
    let raw = src[b.span.range()].trim();
    b.kind == BlockKind::Paragraph
        && b.turn.is_none()
        && (raw.starts_with("**") && raw.matches("**").count() % 2 == 1
            || raw.starts_with("__") && raw.matches("__").count() % 2 == 1)
        && !raw.contains('\n')
        && crate::document::word_count_upto(b.text(), 41) <= 40
}

/// Does the block hold real words (an answer), not a label or a heading?
fn is_answer(b: &Block) -> bool {
    b.turn.is_none()
        && !b.is_heading_like()
        && !is_tag_line(b.text())
        && !is_copyright_line(b.text())
        && matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::Quote | BlockKind::ListItem
        )
        && (crate::document::word_count_upto(b.text(), 2) >= 2
            // (Chinese and Japanese put no spaces between words.)
            || unspaced_chars(b.text(), 4) >= 4)
}

fn heading_level(b: &Block) -> u8 {
    if b.kind == BlockKind::Heading {
        b.level
    } else {
        7 // an emphasis-only line is the lowest level of heading
    }
}

/// A body that is only an ellipsis or a gap marker ("…", "[…]").
fn is_gap(s: &str) -> bool {
    !s.is_empty()
        && s.trim_matches(|c: char| {
            c.is_whitespace() || matches!(c, '.' | '…' | '[' | ']' | '(' | ')')
        })
        .is_empty()
}

/// Does a final answer end with a continuation or gap marker ("the plan
/// is [continues]", "… and then …")? The page stopped there.
fn ends_with_gap(s: &str) -> bool {
    let t = s
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'))
        .to_lowercase();
    [
        "[continues]",
        "(continues)",
        "[continued]",
        "(continued)",
        "[cont.]",
        "(cont.)",
        "[…]",
        "[...]",
        "(…)",
        "(...)",
        "[more]",
    ]
    .iter()
    .any(|m| t.ends_with(m))
        || (t.ends_with('…') || t.ends_with("...")) && !t.ends_with("?…")
}

fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    is_question(t)
        || t.ends_with([
            '.', '!', '?', '…', '"', '”', '’', '\'', ')', ']', '»', // Latin, Cyrillic, Greek
            '։', '՞', // Armenian full stop and question mark
            '।', '॥', // Devanagari, Bengali
            '。', '！', '？', '」', '』', // CJK
            '؟', '۔', // Arabic question mark, Urdu full stop
            '።', '፧',       // Ethiopic
            '\u{37E}', // Greek question mark
        ])
}

/// Does a turn or line ask a question? It ends with a question mark of
/// any script (`?`, `？`, `؟`, the Greek `;`, the Ethiopic `፧`), or — in
/// Armenian, which marks the question on the stressed word (`որքանո՞վ`)
/// and ends the sentence with `։` — its last sentence carries `՞`.
pub fn is_question(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    if t.ends_with(['?', '？', '؟', '\u{37E}', '፧']) {
        return true;
    }
    // Greek text often types its question mark as the ASCII semicolon.
    if let Some(body) = t.strip_suffix(';') {
        return body
            .chars()
            .next_back()
            .is_some_and(|c| matches!(c, '\u{370}'..='\u{3FF}' | '\u{1F00}'..='\u{1FFF}'));
    }
    let Some(body) = t.strip_suffix(['։', ':']) else {
        return t.ends_with('՞');
    };
    let last = body.rsplit(['։', '.']).next().unwrap_or(body);
    last.contains('՞')
}

/// A bare label that heads a list ("**Read also:**" above its links,
/// "**Dates:**" above a list of dates): it says nothing, is used once (no
/// other turn of `turns` carries it) and a list item follows it. A list's
/// heading, not a speaker's empty turn.
fn list_heading(doc: &Document, i: usize, turns: &[usize]) -> bool {
    let b = &doc.blocks[i];
    let Some(t) = &b.turn else {
        return false;
    };
    b.turn_body()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'))
        .is_empty()
        && !t.unbalanced
        && doc
            .next_block(i)
            .is_some_and(|n| n.kind == BlockKind::ListItem)
        && !turns.iter().any(|&k| {
            k != i
                && doc.blocks[k]
                    .turn
                    .as_ref()
                    .is_some_and(|o| o.label == t.label)
        })
}

/// A block that is only a speaker label: "—Ferreyra:", "**Dr. Ruiz:**".
fn is_bare_label(b: &Block) -> bool {
    let t = b.text().trim().trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '*' | '_' | '—' | '–' | '―' | '-')
    });
    let Some(name) = t.strip_suffix(':') else {
        return false;
    };
    let name = name
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '(' | ')'))
        .trim();
    let words = crate::document::word_count(name);
    (1..=4).contains(&words)
        && name.chars().next().is_some_and(char::is_uppercase)
        && !name.contains(['?', '!', ':'])
}

/// An emphasis-only line that is a sentence ("*This interview has been
/// edited for clarity.*", three words in an agglutinative language) or a
/// caption with its credit ("*Photo: the harbour at dawn. (J. Doe)*"): an
/// editor's note, not a section heading. Headings do not end in a full
/// stop or a closing bracket.
fn is_note_line(b: &Block) -> bool {
    let t = b
        .text()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    b.kind != BlockKind::Heading
        && crate::document::word_count_upto(b.text(), 2) >= 2
        && (t.ends_with(['.', '։', '।', '。', '۔', '።']) && !t.ends_with("...")
            || t.ends_with(')') && crate::document::word_count_upto(b.text(), 4) >= 4)
}

/// A line set wholly in italics (`*…*`, `_…_`, not bold): a caption, a bio
/// or an editor's note — never a section heading.
fn italic_line(b: &Block, src: &str) -> bool {
    let raw = src.get(b.span.range()).unwrap_or("").trim_start();
    b.emphasis_only
        && (raw.starts_with('*') && !raw.starts_with("**")
            || raw.starts_with('_') && !raw.starts_with("__"))
}

/// A line set wholly in italics that is a sentence of six words or more
/// ("*Ana Ruiz has run the ferry since 2009.*"): a bio or an editor's note
/// closing an interview. Not a bracketed stage direction ("*(Laughs.)*"),
/// a quotation, or a photo caption with its credit.
fn closing_italic(b: &Block, src: &str) -> bool {
    let t = b.text().trim().trim_matches(['*', '_', ' ']);
    italic_line(b, src)
        && is_note_line(b)
        && crate::document::word_count_upto(t, 6) >= 6
        && !t.starts_with(['(', '['])
        && !t.contains(['"', '“', '”', '«', '»', '„'])
        && !{
            let l = t.to_lowercase();
            ["photo", "foto", "picture", "image", "credit", "©"]
                .iter()
                .any(|m| l.contains(m))
        }
}

/// Where the first thematic break (a line of three or more `-`, `*` or `_`,
/// spaces allowed, after a blank line) after byte `from` of `src` starts.
fn thematic_break_after(src: &str, from: usize) -> Option<usize> {
    let rest = src.get(from..)?;
    let mut at = from;
    let mut blank_before = false;
    for line in rest.split_inclusive('\n') {
        let t = line.trim();
        let mut marks = t.chars().filter(|c| !c.is_whitespace());
        let first = marks.clone().next();
        if blank_before
            && matches!(first, Some('-' | '*' | '_'))
            && marks.clone().count() >= 3
            && marks.all(|c| Some(c) == first)
        {
            return Some(at);
        }
        blank_before = t.is_empty();
        at += line.len();
    }
    None
}

/// Where the last sentence of a block starts, after a dash-turn label.
fn tail_start(b: &Block) -> usize {
    let from = b.turn.as_ref().map_or(0, |t| t.body_start);
    b.sentences.last().map_or(0, |r| r.start).max(from)
}

/// Does a line open with a short run-in label ("Read also: …", "Photo: …")?
fn runs_in_label(t: &str) -> bool {
    t.find(':')
        .is_some_and(|i| crate::document::word_count_upto(&t[..i], 4) <= 3)
}

/// Does the block answer a bold question: a plain answer paragraph, or a
/// dash-dialogue turn ("– Det er flere forklaringer …") that does not
/// itself ask? A named speaker label after a question is another turn.
pub fn answers_question(b: &Block) -> bool {
    is_answer(b)
        || b.turn.as_ref().is_some_and(|t| {
            matches!(t.label.as_str(), "—" | "–" | "-" | "―")
                && crate::document::word_count_upto(b.turn_body(), 2) >= 2
                && !is_question(b.turn_body())
        })
}

/// Does a heading-like line ask: it ends with `?`, or — an emphasis line,
/// not a heading — a question is followed by a short remark in the same bold
/// run ("**And the fleet? Many buses are twenty years old.**").
fn asks(b: &Block) -> bool {
    let t = b.text().trim_end();
    is_question(t)
        || (b.kind != BlockKind::Heading
            && t.find("? ").is_some_and(|i| {
                let rest = &t[i + 2..];
                !rest.contains('?') && crate::document::word_count_upto(rest, 16) <= 15
            }))
}

/// Questions set as their own bold (or heading) line — the magazine style
/// of Q&A — with whether the next block answers them.
pub fn bold_questions(doc: &Document) -> Vec<(usize, bool)> {
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(i, b)| {
            (b.is_heading_like() || unclosed_bold(b, doc.source))
                && asks(b)
                && doc.headline.as_ref().is_none_or(|h| h.block != *i)
        })
        .map(|(i, _)| (i, doc.next_block(i).is_some_and(answers_question)))
        .collect()
}

/// Does block `n` answer a bold question as a named speaker's turn
/// ("**Okafor:** In Baltimore, in 2012."): a turn with a label that is not a
/// dialogue dash, three words or more, not itself a question?
pub(crate) fn named_answer(n: &Block) -> bool {
    n.turn
        .as_ref()
        .is_some_and(|t| !matches!(t.label.as_str(), "—" | "–" | "-" | "―"))
        && crate::document::word_count_upto(n.turn_body(), 3) >= 3
        && !n
            .turn_body()
            .trim_end_matches(['*', '_', ' '])
            .ends_with('?')
}

/// The bold questions of `bq` (from [`bold_questions`]) answered straight by
/// a named speaker's turn ([`named_answer`]): an interview whose answers are
/// labelled ("**Gazette: Why?**" / "**Okafor:** Because …").
pub(crate) fn turn_answered(doc: &Document, bq: &[(usize, bool)]) -> Vec<usize> {
    bq.iter()
        .filter(|&&(q, _)| doc.next_block(q).is_some_and(named_answer))
        .map(|&(q, _)| q)
        .collect()
}

impl Transcript {
    /// Is the block after question `q` a stage or editor's note saying the
    /// question went unanswered: a bracketed paragraph or an emphasis-only
    /// line of four words or more matching `unanswered_notes`?
    fn noted_unanswered(&self, doc: &Document, q: usize) -> bool {
        let Some(n) = doc.next_block(q) else {
            return false;
        };
        let t = n.text().trim().trim_matches(['*', '_', ' ']);
        if n.turn.is_some() || crate::document::word_count_upto(t, 4) < 4 {
            return false;
        }
        if t.starts_with(['(', '[']) || n.is_heading_like() && n.kind != BlockKind::Heading {
            return self.unanswered_notes.iter().any(|r| r.is_match(t));
        }
        // A plain paragraph whose first sentence tells what the one asked
        // did instead of answering ("Pratt hesitated and …", "She laughed
        // and …"): the report closing the exchange, not a lost answer.
        // The reaction opens the sentence (it starts within the first four
        // words): "Work on the pier paused in March" is the story going on.
        let raw = n.text();
        let opening = n.sentences.first().map_or(raw, |r| &raw[r.start..r.end]);
        let mut words = 0;
        let head_end = opening
            .char_indices()
            .zip(opening.chars().skip(1).map(Some).chain([None]))
            .find_map(|((i, c), next)| {
                // (Where the fourth word ends.)
                let ends = !c.is_whitespace() && next.is_none_or(char::is_whitespace);
                words += usize::from(ends);
                (ends && words == 4).then(|| i + c.len_utf8())
            })
            .unwrap_or(opening.len());
        n.kind == BlockKind::Paragraph
            && crate::document::word_count_upto(opening, 31) <= 30
            && self.unanswered_notes.iter().any(|r| {
                r.find_first(opening)
                    .is_some_and(|(start, _)| start < head_end)
            })
    }

    /// Does the final turn `last` break off on a dash (the speaker cut off
    /// in the room) with one of the next two blocks, plain paragraphs,
    /// reporting the interruption or the answer's rest (`interrupted_notes`)?
    fn noted_interrupted(&self, doc: &Document, last: usize, body: &str) -> bool {
        let t = body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
        if self.interrupted_notes.is_empty() || !t.ends_with(['—', '–']) {
            return false;
        }
        let hit = |b: &Block| {
            b.turn.is_none()
                && b.kind == BlockKind::Paragraph
                && self.interrupted_notes.iter().any(|r| r.is_match(b.text()))
        };
        doc.blocks[last + 1..]
            .iter()
            .filter(|b| b.kind != BlockKind::Html)
            .take(2)
            .take_while(|b| b.turn.is_none())
            .any(hit)
    }

    /// Does the story resume right after the final bold question `q`: the
    /// next block, a paragraph with more blocks after it, matches
    /// `story_resumes` and not `first_person`, and none of the (three or
    /// more) answers to the interview's other questions matches
    /// `story_resumes`, two of them or more speaking in the first person?
    fn story_resumes_after(&self, doc: &Document, bq: &[(usize, bool)], q: usize) -> bool {
        let hit = |b: &Block| self.story_resumes.iter().any(|r| r.is_match(b.text()));
        let Some(n) = doc.next_block(q) else {
            return false;
        };
        if self.reported_after(doc, bq, q, n) {
            return true;
        }
        // (An italic line — a bio, an editor's note — is page furniture,
        // not the story going on.)
        let after = doc.blocks[q + 1..]
            .iter()
            .filter(|b| b.kind != BlockKind::Html && !italic_line(b, doc.source))
            .count();
        if self.story_resumes.is_empty()
            || n.kind != BlockKind::Paragraph
            || !is_answer(n)
            || after < 3
            || !hit(n)
            || self.first_person.iter().any(|r| r.is_match(n.text()))
        {
            return false;
        }
        let first_person = |b: &Block| self.first_person.iter().any(|r| r.is_match(b.text()));
        let (mut answered, mut spoken) = (0, 0);
        for &(qi, _) in bq.iter().filter(|&&(qi, ok)| ok && qi != q) {
            // every block of the answer, up to the next heading-like line
            let mut voice = false;
            for b in doc.blocks[qi + 1..]
                .iter()
                .take_while(|b| !b.is_heading_like())
            {
                if hit(b) {
                    return false;
                }
                voice |= first_person(b);
            }
            answered += 1;
            spoken += usize::from(voice);
        }
        // An interview: its answers speak in the first person (an explainer's
        // "What we know" answers report, and may quote, in the third).
        answered >= 3 && spoken >= 2
    }

    /// Is block `n`, right after the final bold question `q`, the report
    /// going on: a paragraph in the reporter's voice (`reporter_voice`), not
    /// the first person, and not opening with a note that the question went
    /// unanswered, in an interview whose answers to its other questions
    /// (three or more) each speak in the first person (`first_person`)?
    fn reported_after(&self, doc: &Document, bq: &[(usize, bool)], q: usize, n: &Block) -> bool {
        let first_person = |b: &Block| self.first_person.iter().any(|r| r.is_match(b.text()));
        let t = n.text();
        let opening = n.sentences.first().map_or(t, |r| &t[r.start..r.end]);
        if self.reporter_voice.is_empty()
            || n.kind != BlockKind::Paragraph
            || !is_answer(n)
            || first_person(n)
            || !self.reporter_voice.iter().any(|r| r.is_match(t))
            || self.unanswered_notes.iter().any(|r| r.is_match(opening))
        {
            return false;
        }
        let mut answered = 0;
        for &(qi, _) in bq.iter().filter(|&&(qi, ok)| ok && qi != q) {
            // every block of the answer, up to the next heading-like line
            let spoken = doc.blocks[qi + 1..]
                .iter()
                .take_while(|b| !b.is_heading_like())
                .any(first_person);
            if !spoken {
                return false;
            }
            answered += 1;
        }
        answered >= 3
    }

    /// Does an answer stop short, mid-sentence: on a comma, on one of
    /// `cut_words` (a function word: "…whether to", "…and the"), on one of
    /// `cut_words_long` ending a last sentence of ten words or more, or —
    /// an answer whose earlier sentences close with full stops — on a
    /// lowercase word ending a last sentence of ten words or more? A one-sentence
    /// answer without its full stop ("Honestly, harder than anything I have
    /// done"), or a last token with a `.` or `/` (a domain, a link, a
    /// figure), is not cut.
    fn cut_short(&self, body: &str) -> bool {
        let t = body.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
        if t.ends_with(',') {
            return true;
        }
        let Some(last) = t.rsplit(char::is_whitespace).next() else {
            return false;
        };
        if last.contains(['.', '/', '@'])
            || !last
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’'))
        {
            return false;
        }
        let w = last.to_lowercase();
        if self.p.cut_words.contains(&w) {
            return true;
        }
        // The last sentence, after the last full stop (if any).
        let after_stop = [". ", "! ", "? "]
            .iter()
            .filter_map(|p| t.rfind(p).map(|i| i + 2))
            .max();
        let sentence = &t[after_stop.unwrap_or(0)..];
        if self.p.cut_words_long.contains(&w) {
            return crate::document::word_count_upto(sentence, 10) >= 10;
        }
        // The writer closes sentences, and this long one stops on a word.
        last.chars().all(char::is_lowercase)
            && after_stop.is_some()
            && crate::document::word_count_upto(sentence, 10) >= 10
    }

    fn turns(doc: &Document) -> Vec<usize> {
        let all: Vec<usize> = doc
            .blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| b.turn.is_some())
            .map(|(i, _)| i)
            .collect();
        if all.len() < 2 {
            return all;
        }
        all.iter()
            .copied()
            .filter(|&i| !list_heading(doc, i, &all))
            .collect()
    }
}

impl Check for Transcript {
    fn check(&self, cx: &Cx, out: &mut Vec<Hit>) {
        let doc = cx.doc;
        let src = doc.source;
        let turns = Self::turns(doc);
        // Two bold labels ("Media contact:", "About X:") are not an interview:
        // a transcript has a label that recurs, or a question/answer label.
        let labels: Vec<&str> = turns
            .iter()
            .filter_map(|&i| doc.blocks[i].turn.as_ref().map(|t| t.label.as_str()))
            .collect();
        let recurring = labels
            .iter()
            .enumerate()
            .any(|(k, l)| labels[k + 1..].contains(l));
        let qa = labels.iter().any(|l| is_qa_label(l));
        // Dash dialogue ("– Question?" / "– Answer."): every turn has the
        // same label, so "the same label again" says nothing; it is an
        // interview only when some turn asks a question.
        let dash = |l: &str| matches!(l, "—" | "–" | "-" | "―");
        let dash_dialogue = labels.iter().any(|l| dash(l));
        let asks = turns
            .iter()
            .any(|&i| is_question(doc.blocks[i].turn_body()));
        // "NAME — text" turns need two speakers: one capitalized word before
        // a dash, again and again, is a dateline ("LAGOS — …"), not a panel.
        let named_dash = |t: &crate::document::Turn| {
            t.label.chars().any(char::is_alphabetic)
                && src
                    .get(t.label_span.range())
                    .is_some_and(|l| l.trim_end().ends_with(['—', '–', '―']))
        };
        let one_dateline = {
            let ts: Vec<&crate::document::Turn> = turns
                .iter()
                .filter_map(|&i| doc.blocks[i].turn.as_ref())
                .collect();
            ts.iter().all(|t| named_dash(t)) && ts.windows(2).all(|w| w[0].label == w[1].label)
        };
        let is_transcript = turns.len() >= self.p.min_turns
            && (recurring || qa)
            && (!dash_dialogue || asks)
            && !one_dateline;
        // Dash-dialogue questions answered by the next dash turn (one that
        // does not itself ask).
        let dash_answers = turns
            .windows(2)
            .filter(|w| {
                let (q, a) = (&doc.blocks[w[0]], &doc.blocks[w[1]]);
                q.turn.as_ref().is_some_and(|t| dash(&t.label))
                    && is_question(q.turn_body())
                    && answers_question(a)
                    && doc.next_block(w[0]).is_some_and(|n| std::ptr::eq(n, a))
            })
            .count();
        let inline_turns = turns.len() >= 3
            && turns[..turns.len() - 1]
                .iter()
                .all(|&i| crate::document::word_count_upto(doc.blocks[i].turn_body(), 2) >= 2);
        // Magazine-style interviews: bold questions with their answers;
        // those answered straight by a named speaker's turn.
        let mut bq = bold_questions(doc);
        // A quiz: bold questions each followed by a line of options to
        // pick from ("a) … b) …"); its answer key comes at the end.
        if bq
            .iter()
            .filter(|&&(q, _)| doc.next_block(q).is_some_and(|n| is_choice_line(n.text())))
            .count()
            >= 2
        {
            bq.clear();
        }
        // A transcript printed without its speakers' full stops (text
        // messages as typed, a verbatim chat): three answers or more, at
        // least half of them, end without terminal punctuation. An answer
        // stopping on a word is that style there, not a cut.
        let loose_stops = {
            let mut bodies: Vec<&str> = turns
                .iter()
                .map(|&k| doc.blocks[k].turn_body())
                .filter(|t| !is_question(t) && crate::document::word_count_upto(t, 4) >= 4)
                .collect();
            bodies.extend(
                bq.iter()
                    .filter(|q| q.1)
                    .filter_map(|&(q, _)| doc.next_block(q))
                    .filter(|n| n.turn.is_none())
                    .map(|n| n.text())
                    .filter(|t| crate::document::word_count_upto(t, 4) >= 4),
            );
            let open = bodies.iter().filter(|t| !ends_terminal(t)).count();
            open >= 3 && 2 * open >= bodies.len()
        };
        let by_turns = if is_transcript {
            turn_answered(doc, &bq)
        } else {
            Vec::new()
        };
        let mut flagged: Vec<usize> = Vec::new();
        for (i, b) in cx.blocks() {
            let next = doc.next_block(i);
            if self.p.fragment
                && is_fragment(b, src, self.p.fragment_max_chars)
                && (is_transcript || b.span.len() <= 3)
            {
                out.push(
                    Hit::new(b.span)
                        .var("what", "a dangling label fragment")
                        .label("label fragment with no text"),
                );
                flagged.push(i);
                continue;
            }
            let Some(t) = &b.turn else { continue };
            if !is_transcript || turns.binary_search(&i).is_err() {
                continue;
            }
            let body = b
                .turn_body()
                .trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
            // An answer that is only an ellipsis or a gap marker is empty.
            let body = if is_gap(body) { "" } else { body };
            if body.is_empty() && self.p.empty_turn {
                // A transcript that sets every other turn's words on the
                // label's own line: a bare label closing it is an empty
                // turn even when a paragraph follows (a closing remark,
                // not its answer).
                let answered =
                    next.is_some_and(is_answer) && !(inline_turns && turns.last() == Some(&i));
                if !answered || t.unbalanced {
                    let what = if t.unbalanced {
                        "a speaker label with unbalanced markup and no words"
                    } else {
                        "a speaker label with no words after it"
                    };
                    out.push(turn_hit(
                        t.label_span,
                        what,
                        t.label.clone(),
                        format!("`{}` says nothing", t.label),
                    ));
                    flagged.push(i);
                }
            } else if self.p.unanswered_question
                && is_question(body)
                && next.is_some_and(|n| {
                    let Some(nt) = n.turn.as_ref() else {
                        return false;
                    };
                    if dash(&t.label) {
                        // Dash dialogue: only in an interview whose other
                        // questions are answered, and only before another
                        // question.
                        dash_answers >= 2
                            && crate::document::word_count_upto(body, 4) >= 4
                            && dash(&nt.label)
                            && crate::document::word_count_upto(n.turn_body(), 3) >= 3
                            && is_question(n.turn_body())
                    } else {
                        nt.label == t.label
                    }
                })
            {
                // A question followed straight by the next question: its answer is missing.
                let lead =
                    b.text()[t.body_start..].len() - b.text()[t.body_start..].trim_start().len();
                let span = b.src(t.body_start + lead, b.text().trim_end().len());
                out.push(turn_hit(
                    span,
                    "a question with no answer before the next question",
                    t.label.clone(),
                    "unanswered question",
                ));
                flagged.push(i);
            } else if self.p.ends_mid_sentence
                && !loose_stops
                && (next.is_some_and(|n| n.turn.is_some())
                        && (dash(&t.label)
                            || turns.first().is_some_and(|&f| {
                                doc.blocks[f]
                                    .turn
                                    .as_ref()
                                    .is_some_and(|ft| ft.label != t.label)
                            }))
                    // …or, where the interviewer's questions are bold lines
                    // answered by named turns ("**Record: Why?**" /
                    // "**Sandhu:** Because …"), the next question's line
                    || !dash(&t.label)
                        && by_turns.len() >= 2
                        && next.is_some_and(|n| n.is_heading_like() && self::asks(n))
                        && self.cut_short(body))
                && crate::document::word_count_upto(body, 4) >= 4
                && !ends_terminal(body)
                && !body.ends_with([':', '—', '–'])
            {
                let lead =
                    b.text()[t.body_start..].len() - b.text()[t.body_start..].trim_start().len();
                let span = b.src(t.body_start + lead, b.text().trim_end().len());
                out.push(turn_hit(
                    span,
                    "an answer breaks off mid-sentence",
                    t.label.clone(),
                    "breaks off here",
                ));
                flagged.push(i);
            } else if t.unbalanced && self.p.fragment {
                out.push(turn_hit(
                    t.label_span,
                    "a speaker label with unbalanced emphasis",
                    t.label.clone(),
                    "unbalanced `**`",
                ));
                flagged.push(i);
            }
        }
        if is_transcript {
            // The transcript's final turn.
            let last = *turns.last().unwrap();
            let b = &doc.blocks[last];
            let body = b.turn_body();
            // How this transcript answers its questions: when labelled
            // turns answer them, the final question's answer would be a
            // labelled turn too, not the page chrome after it ("Share this:").
            let asks_at = |i: usize| is_question(doc.blocks[i].turn_body());
            let (mut by_turn, mut by_text) = (0, 0);
            for &q in turns.iter().filter(|&&q| q != last && asks_at(q)) {
                match doc.next_block(q) {
                    Some(n) if n.turn.is_some() => by_turn += 1,
                    Some(n) if is_answer(n) => by_text += 1,
                    _ => {}
                }
            }
            let answered_later = by_turn <= by_text && doc.blocks[last + 1..].iter().any(is_answer);
            // A label used once, after prose that closed the exchange (a
            // fact line, "**Vote (members):** 5 to 2"), is not a speaker's
            // last turn.
            let label = &b.turn.as_ref().unwrap().label;
            let one_off_after_prose = turns.len() >= 2
                && labels.iter().filter(|l| *l == label).count() == 1
                && !is_qa_label(label)
                && !dash(label)
                && doc.blocks[turns[turns.len() - 2] + 1..last]
                    .iter()
                    .any(is_answer);
            if !flagged.contains(&last)
                && !one_off_after_prose
                && !body.is_empty()
                && super::in_scope(cx.scope, doc, last, b)
            {
                let t = b.turn.as_ref().unwrap();
                let body_start = t.body_start
                    + (b.text().len() - t.body_start - b.text()[t.body_start..].trim_start().len());
                let span = b.src(body_start, b.text().trim_end().len());
                // The interviewee asking back: the last turn's speaker is
                // one who answered the other side's questions, not the one
                // who asks them.
                let asked_back = !is_qa_label(label)
                    && !dash(label)
                    && turns.windows(2).any(|w| {
                        let (q, a) = (&doc.blocks[w[0]], &doc.blocks[w[1]]);
                        w[1] != last
                            && a.turn.as_ref().is_some_and(|t| &t.label == label)
                            && q.turn.as_ref().is_some_and(|t| &t.label != label)
                            && is_question(q.turn_body())
                            && !is_question(a.turn_body())
                    })
                    && !turns.iter().any(|&k| {
                        k != last
                            && is_question(doc.blocks[k].turn_body())
                            && doc.blocks[k]
                                .turn
                                .as_ref()
                                .is_some_and(|t| &t.label == label)
                    });
                // An answer closing on a colon that introduces what follows
                // (a verse in italics, a quotation, a list) is complete.
                let introduces = body.trim_end().ends_with([':', '：'])
                    && doc.next_block(last).is_some_and(|n| {
                        italic_line(n, src)
                            || n.emphasis_only
                            || matches!(n.kind, BlockKind::Quote | BlockKind::ListItem)
                    });
                if self.p.unanswered_question
                    && is_question(body)
                    && !answered_later
                    && !asked_back
                    && !self.noted_unanswered(doc, last)
                {
                    out.push(turn_hit(
                        span,
                        "the final question has no answer",
                        t.label.clone(),
                        "unanswered question",
                    ));
                } else if self.p.ends_mid_sentence
                    && (!ends_terminal(body) && !loose_stops && !introduces || ends_with_gap(body))
                    && !self.noted_interrupted(doc, last, body)
                {
                    let tail: String = short(body, 40);
                    out.push(
                        turn_hit(
                            span,
                            "the transcript ends mid-sentence",
                            t.label.clone(),
                            "breaks off here",
                        )
                        .var("tail", tail),
                    );
                }
            }
            if self.p.empty_section {
                let first_turn = turns[0];
                for (i, b) in cx.blocks() {
                    if i + 1 < first_turn
                        || !b.is_heading_like()
                        || is_question(b.text())
                        || crate::document::word_count_upto(b.text(), 13) > 12
                        || is_note_line(b)
                        || italic_line(b, src)
                    {
                        continue;
                    }
                    if doc.headline.as_ref().is_some_and(|h| h.block == i) {
                        continue;
                    }
                    let empty = match doc.next_block(i) {
                        None => true,
                        Some(n) => n.is_heading_like() && heading_level(n) <= heading_level(b),
                    };
                    if empty {
                        out.push(turn_hit(
                            b.span,
                            "a section heading with no body",
                            short(b.text(), 40),
                            "empty section",
                        ));
                    }
                }
            }
        }
        if self.p.empty_turn && is_transcript {
            // Interviewers' lines the document model does not take as turns
            // (each outlet differs: "Reporter (Coast FM): …?"), answered by
            // speakers' turns: the same label with no question after it.
            let outlets: Vec<(usize, &str, bool)> = doc
                .blocks
                .iter()
                .enumerate()
                .filter(|(_, b)| b.turn.is_none() && b.kind == BlockKind::Paragraph)
                .filter_map(|(i, b)| outlet_label(b.text()).map(|(h, r)| (i, h, r.is_empty())))
                .collect();
            for &(i, head, _) in outlets.iter().filter(|o| o.2) {
                let asked = outlets
                    .iter()
                    .filter(|&&(k, h, bare)| {
                        !bare
                            && h.to_lowercase() == head.to_lowercase()
                            && doc.next_block(k).is_some_and(|n| n.turn.is_some())
                    })
                    .count();
                let b = &doc.blocks[i];
                if asked >= 2
                    && !doc
                        .next_block(i)
                        .is_some_and(|n| n.kind == BlockKind::ListItem)
                    && super::in_scope(cx.scope, doc, i, b)
                {
                    out.push(turn_hit(
                        b.span,
                        "a speaker label with no words after it",
                        short(b.text().trim(), 40),
                        "the question is missing",
                    ));
                }
            }
        }
        if self.p.empty_turn || self.p.unanswered_question {
            // Dash dialogue, spaced or not ("—¿Y ahora?" / "—Ahora, nada."):
            // a dash alone right after a question, where two questions or
            // more are answered by the next dash line, is the answer lost.
            let prev = |k: usize| {
                (0..k)
                    .rev()
                    .find(|&j| doc.blocks[j].kind != BlockKind::Html)
            };
            let answered = (0..doc.blocks.len())
                .filter(|&k| {
                    dash_line_asks(&doc.blocks[k])
                        && doc.next_block(k).is_some_and(|n| {
                            dash_line(n)
                                && !is_lone_dash(n)
                                && !is_question(n.text())
                                && crate::document::word_count_upto(n.text(), 2) >= 2
                        })
                })
                .count();
            if answered >= 2 && self.p.unanswered_question && !is_transcript {
                // Unspaced dash dialogue ("—¿Y ahora?", which the document
                // model takes for no turn): its last line asks, and no dash
                // line comes after it — a bio or the story follows instead.
                if let Some(l) = (0..doc.blocks.len())
                    .rev()
                    .find(|&k| dash_line(&doc.blocks[k]))
                {
                    let b = &doc.blocks[l];
                    if dash_line_asks(b)
                        && b.turn.is_none()
                        && crate::document::word_count_upto(b.text(), 4) >= 4
                        && !self.noted_unanswered(doc, l)
                        && super::in_scope(cx.scope, doc, l, b)
                    {
                        out.push(turn_hit(
                            b.span,
                            "the final question has no answer",
                            short(b.text().trim(), 40),
                            "unanswered question",
                        ));
                    }
                }
            }
            if answered >= 2 && self.p.empty_turn {
                for (k, b) in cx.blocks() {
                    if is_lone_dash(b)
                        && b.turn.is_none()
                        && prev(k).is_some_and(|j| dash_line_asks(&doc.blocks[j]))
                    {
                        out.push(turn_hit(
                            b.span,
                            "a speaker label with no words after it",
                            b.text().trim().to_string(),
                            "the answer is missing",
                        ));
                    }
                }
            }
        }
        // Exchanges set on the lines of one paragraph ("**Q: Why?**" /
        // "**A:** Because …").
        let pairs: Vec<(usize, usize)> = if self.p.ends_mid_sentence || self.p.unanswered_question {
            doc.blocks
                .iter()
                .enumerate()
                .filter_map(|(i, b)| paired_turn(b).map(|s| (i, s)))
                .collect()
        } else {
            Vec::new()
        };
        if self.p.unanswered_question && pairs.len() >= 2 {
            // The interviewer's labelled question right after the last
            // exchange, alone, and no labelled answer after it.
            let (lp, _) = pairs[pairs.len() - 1];
            if let Some((k, b)) = (lp + 1..doc.blocks.len())
                .find(|&k| doc.blocks[k].kind != BlockKind::Html)
                .map(|k| (k, &doc.blocks[k]))
            {
                if lone_question(b)
                    && !doc.next_block(k).is_some_and(labelled_line)
                    && super::in_scope(cx.scope, doc, k, b)
                {
                    out.push(turn_hit(
                        b.span,
                        "the final question has no answer",
                        short(b.text(), 40),
                        "unanswered question",
                    ));
                }
            }
        }
        if self.p.ends_mid_sentence {
            // An answer of an exchange that stops on a word or a comma.
            let body_of = |&(i, s): &(usize, usize)| {
                doc.blocks[i].text()[s..]
                    .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'))
            };
            let unpunctuated = pairs.iter().filter(|p| !ends_terminal(body_of(p))).count();
            for &(i, s) in pairs.iter().filter(|_| pairs.len() >= 2) {
                let b = &doc.blocks[i];
                let body = body_of(&(i, s));
                let last = body.split_whitespace().next_back().unwrap_or("");
                if crate::document::word_count_upto(body, 4) >= 4
                    && !ends_terminal(body)
                    && body
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphabetic() || c == ',')
                    && !last.contains(['/', '@', '.'])
                    // (An explainer's "A: At your usual polling station"
                    // leaves out full stops, not ends: an answer without
                    // one is cut when every other answer has one, or
                    // where it stops short.)
                    && (unpunctuated == 1 || self.cut_short(body))
                    && !loose_stops
                    && super::in_scope(cx.scope, doc, i, b)
                {
                    let from = b.sentences.last().map_or(s, |r| r.start.max(s));
                    let what = if Some(&(i, s)) == pairs.last() {
                        "the last answer breaks off mid-sentence"
                    } else {
                        "an answer breaks off mid-sentence"
                    };
                    out.push(turn_hit(
                        b.src(from, s + body.len()),
                        what,
                        short(&b.text()[..s], 40),
                        "breaks off here",
                    ));
                }
            }
        }
        // Magazine-style interviews: bold questions answered by plain paragraphs.
        let bold_interview = bq.iter().filter(|q| q.1).count() >= 2;
        if self.p.empty_turn && bold_interview {
            // A bare speaker label ("—Ferreyra:") where the answer should be,
            // in an interview whose other answers follow their questions
            // directly: the answer was cut.
            for &(qi, answered) in &bq {
                let Some(k) =
                    (qi + 1..doc.blocks.len()).find(|&k| doc.blocks[k].kind != BlockKind::Html)
                else {
                    continue;
                };
                let b = &doc.blocks[k];
                if !answered
                    && (b.turn.is_none() || !is_transcript)
                    && is_bare_label(b)
                    && super::in_scope(cx.scope, doc, k, b)
                {
                    out.push(turn_hit(
                        b.span,
                        "a speaker label with no words after it",
                        short(b.text().trim(), 40),
                        "the answer is missing",
                    ));
                }
            }
        }
        // Interviews whose questions are dash lines answered by plain
        // paragraphs ("―How does your day start?" / "“At seven …”"), the
        // style of Korean and Japanese papers: checked like bold questions.
        let dq = if bold_interview || !self.p.ends_mid_sentence {
            Vec::new()
        } else {
            dash_questions(doc)
        };
        let qs: &[(usize, bool)] = if bold_interview { &bq } else { &dq };
        if self.p.ends_mid_sentence && !qs.is_empty() && !loose_stops {
            // An answer that breaks off mid-sentence right before the next
            // question (a plain paragraph or a dash turn).
            for pair in qs.windows(2) {
                let ((qa, true), (qb, _)) = (pair[0], pair[1]) else {
                    continue;
                };
                let Some(k) = (qa + 1..qb)
                    .rev()
                    .find(|&k| doc.blocks[k].kind != BlockKind::Html)
                else {
                    continue;
                };
                let b = &doc.blocks[k];
                let t = b.text().trim_end();
                if answers_question(b)
                    && b.kind != BlockKind::ListItem
                    && !runs_in_label(t)
                    && crate::document::word_count_upto(b.text(), 6) >= 6
                    && !ends_terminal(t)
                    && !t.ends_with([':', ';', '—', '–', '-'])
                    && super::in_scope(cx.scope, doc, k, b)
                {
                    let tail_start = tail_start(b);
                    out.push(turn_hit(
                        b.src(tail_start, t.len()),
                        "an answer breaks off mid-sentence",
                        short(doc.blocks[qa].text(), 40),
                        "breaks off here",
                    ));
                }
            }
            // The last answer of the interview breaks off mid-sentence.
            if let Some(&(qi, true)) = qs.last() {
                let answer_blocks: Vec<usize> = (qi + 1..doc.blocks.len())
                    .take_while(|&k| {
                        (answers_question(&doc.blocks[k]) && !is_label_list(doc.blocks[k].text()))
                            || doc.blocks[k].kind == BlockKind::Html
                    })
                    .filter(|&k| doc.blocks[k].kind != BlockKind::Html)
                    .collect();
                // The answer closes the document, or — page furniture after
                // it (a bio, a share bar, tags) — it stops on a word or a
                // comma: a sentence cut short, not a list's last line, a
                // caption or a link. Prose after the answer (a rights line,
                // an advertisement, the story going on) runs on from it as
                // more paragraphs: a one-line paragraph of the answer that
                // stops so, before one that does not carry on its sentence
                // (in lowercase), broke off there.
                let cut = answer_blocks.iter().enumerate().find(|&(j, &k)| {
                    let b = &doc.blocks[k];
                    if j + 1 == answer_blocks.len() {
                        (k + 1 >= doc.blocks.len() || stops_on_word(b))
                            && crate::document::word_count_upto(b.text(), 4) >= 4
                    } else {
                        stops_on_word(b)
                            && !b.text().trim().contains('\n')
                            && !doc.blocks[answer_blocks[j + 1]]
                                .text()
                                .trim_start()
                                .starts_with(char::is_lowercase)
                    }
                });
                if let Some((_, &k)) = cut {
                    let b = &doc.blocks[k];
                    if !ends_terminal(b.text()) && super::in_scope(cx.scope, doc, k, b) {
                        let t = b.text();
                        let tail_start = tail_start(b);
                        out.push(turn_hit(
                            b.src(tail_start, t.trim_end().len()),
                            "the last answer breaks off mid-sentence",
                            short(doc.blocks[qi].text(), 40),
                            "breaks off here",
                        ));
                    }
                }
            }
        }
        if self.p.unanswered_question && bold_interview {
            // A question followed straight by the next question, which is
            // answered: its own answer is missing (as for labelled turns
            // above). Emphasis lines only — a section heading asking a
            // question may well sit above the next question — of four
            // words or more before one of three or more.
            for w in bq.windows(2) {
                let ((qi, answered), (qj, next_answered)) = (w[0], w[1]);
                let (q, n) = (&doc.blocks[qi], &doc.blocks[qj]);
                if !answered
                    && next_answered
                    && doc.next_block(qi).is_some_and(|b| std::ptr::eq(b, n))
                    && q.kind != BlockKind::Heading
                    && n.kind != BlockKind::Heading
                    && crate::document::word_count_upto(q.text(), 4) >= 4
                    && crate::document::word_count_upto(n.text(), 3) >= 3
                    && super::in_scope(cx.scope, doc, qi, q)
                {
                    out.push(turn_hit(
                        q.span,
                        "a question with no answer before the next question",
                        short(q.text(), 40),
                        "unanswered question",
                    ));
                }
            }
            // The final question, unanswered: the next block is not an
            // answer, or it is a paragraph summing the article up ("In
            // conclusion, …"), not the interviewee speaking.
            // (A note in emphasis or brackets, "*This interview has been
            // edited for length.*", is matched without its markup.)
            let wrap_up = |b: &Block| {
                self.wrap_up.as_ref().is_some_and(|r| {
                    r.is_match(b.text().trim_start_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '*' | '_' | '(' | '[')
                    }))
                })
            };
            // (A thematic break, "---", right after an interviewer's
            // question of seven words or more ends the interview there too;
            // a short line may be a reader prompt above the page's footer.)
            let brk = |i: usize| {
                let q = &doc.blocks[i];
                (crate::document::word_count_upto(q.text(), 7) >= 7)
                    .then(|| thematic_break_after(doc.source, q.span.end))
                    .flatten()
            };
            let last = bq.last().map(|&(i, answered)| {
                (
                    i,
                    answered
                        && doc.next_block(i).is_some_and(|n| {
                            !wrap_up(n) && brk(i).is_none_or(|p| n.span.start < p)
                        }),
                )
            });
            let resumed = last.is_some_and(|(i, _)| self.story_resumes_after(doc, &bq, i));
            if let Some((i, _)) = last
                .filter(|&(i, answered)| (!answered || resumed) && !self.noted_unanswered(doc, i))
            {
                let b = &doc.blocks[i];
                // An answer further on, within the interview: a heading
                // after the question opens another section (a generated
                // FAQ, related links), whose paragraphs answer nothing here.
                // A short line before a new section ("**Want to know
                // more?**" above "## Helplines") is a reader prompt: only an
                // interviewer's question of seven words or more counts there.
                // (A thematic break, "---", after the question ends it too.)
                let brk = brk(i);
                let later = |stop: bool| {
                    doc.blocks[i + 1..]
                        .iter()
                        .take_while(|n| brk.is_none_or(|p| n.span.start < p))
                        // A wrap-up or a closing note ("*This interview has
                        // been edited for length.*") ends the interview: a
                        // bio or a sign-off after it answers nothing.
                        .take_while(|n| (!stop || n.kind != BlockKind::Heading) && !wrap_up(n))
                        .any(is_answer)
                };
                // (After the story resumed, its paragraphs answer nothing;
                // nor do those after a bio or note set in italics right
                // after the question — when nothing after that note could
                // be the answer: the end, a heading, a wrap-up or the page's
                // furniture. An italic caption or stage note followed by a
                // paragraph is the answer's setting, not the end.)
                let closed = (i + 1..doc.blocks.len())
                    .find(|&k| doc.blocks[k].kind != BlockKind::Html)
                    .filter(|&k| closing_italic(&doc.blocks[k], doc.source))
                    .is_some_and(|k| {
                        doc.next_block(k)
                            .is_none_or(|n| n.is_heading_like() || wrap_up(n) || !is_answer(n))
                    });
                let later_answer = !resumed
                    && !closed
                    && (later(true)
                        || (crate::document::word_count_upto(b.text(), 7) < 7 && later(false)));
                if !later_answer && super::in_scope(cx.scope, doc, i, b) {
                    out.push(turn_hit(
                        b.span,
                        "the final question has no answer",
                        short(b.text(), 40),
                        "unanswered question",
                    ));
                }
            }
        }
        if self.p.unanswered_question && is_transcript {
            // Bold questions answered by a speaker's labelled turn
            // ("**Q: Why?**" / "**Okafor:** Because …"): a final question
            // after the last turn, with no turn after it, has no answer —
            // whatever prose follows (a note, a pasted closing) is not a
            // turn.
            let answered = &by_turns;
            if let Some(&(q, _)) = bq.last() {
                let b = &doc.blocks[q];
                // The final question is one of the interviewer's: it carries
                // the label the answered ones share ("Q:"); without one, no
                // paragraph follows it that could be a reader prompt's
                // answer ("**Have a question?**" / "Email us at …").
                let label = question_prefix(b.text());
                let shared = answered
                    .first()
                    .map(|&a| question_prefix(doc.blocks[a].text()))
                    .filter(|l| {
                        l.is_some()
                            && answered
                                .iter()
                                .all(|&a| question_prefix(doc.blocks[a].text()) == *l)
                    });
                let interviewers = match shared {
                    Some(l) => label == l,
                    None => !doc.next_block(q).is_some_and(is_answer),
                };
                if answered.len() >= 2
                    && interviewers
                    && turns.last().is_some_and(|&l| l < q)
                    && !bold_interview
                    && !self.noted_unanswered(doc, q)
                    && super::in_scope(cx.scope, doc, q, b)
                {
                    out.push(turn_hit(
                        b.span,
                        "the final question has no answer",
                        short(b.text().trim_start_matches(['*', '_']), 40),
                        "unanswered question",
                    ));
                }
            }
        }
    }
}

/// The interviewer's label opening a bold question ("Q: Why?" → "q"), if
/// any: one word of at most twelve characters before a colon or a stop.
fn question_prefix(t: &str) -> Option<String> {
    let t = t.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    let (head, _) = t.split_once([':', '.'])?;
    (!head.is_empty()
        && head.chars().count() <= 12
        && !head.contains(char::is_whitespace)
        && head.chars().all(char::is_alphabetic))
    .then(|| head.to_lowercase())
}

/// A short line opening with a dash and no space ("―How is your day?",
/// "――Why now?"): an interviewer's question in the style of Korean and
/// Japanese papers, which ends it with a full stop as often as with a
/// question mark; or a dash turn that asks. (A spaced dash turn that does
/// not ask is a quotation in the Nordic style: "– We wait, she says.")
fn dash_question(b: &Block) -> bool {
    let dash_turn = b
        .turn
        .as_ref()
        .is_some_and(|t| matches!(t.label.as_str(), "—" | "–" | "―") && is_question(b.turn_body()));
    let t = b.text().trim_start();
    let unspaced = b.turn.is_none()
        && b.kind == BlockKind::Paragraph
        && t.starts_with(['―', '—'])
        && t.trim_start_matches(['―', '—'])
            .starts_with(char::is_alphabetic);
    (dash_turn || unspaced)
        && !t.contains('\n')
        && (1..=20).contains(&crate::document::word_count_upto(t, 21))
}

/// The dash questions of an interview set as in [`dash_question`], with
/// whether a plain answer paragraph follows each — or none, unless there
/// are three or more and each but the last is answered so (a dash dialogue
/// whose answers are dash turns too is not this).
fn dash_questions(doc: &Document) -> Vec<(usize, bool)> {
    let qs: Vec<(usize, bool)> = doc
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| dash_question(b))
        .map(|(i, _)| {
            (
                i,
                doc.next_block(i)
                    .is_some_and(|n| is_answer(n) && !dash_question(n)),
            )
        })
        .collect();
    if qs.len() >= 3 && qs[..qs.len() - 1].iter().all(|q| q.1) {
        qs
    } else {
        Vec::new()
    }
}

/// A line of multiple-choice options ("a) 5,000 b) 12,000 …", "A) Two",
/// "(a) …"): a quiz's answers to pick from, not an interviewee's answer.
fn is_choice_line(t: &str) -> bool {
    let t = t
        .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '-' | '•'))
        .trim_start_matches('(');
    let mut cs = t.chars();
    if !matches!(
        (cs.next(), cs.next(), cs.next()),
        (Some('a' | 'A'), Some(')' | '.'), Some(' ' | '\u{A0}'))
    ) {
        return false;
    }
    // A short option alone on its line ("A) Two") is one; a line running on
    // as prose ("A. In 2012, when…", a Q./A. interview's answer) only with a
    // second option after it.
    let first_line = t.lines().next().unwrap_or("");
    if !first_line.contains(',') && crate::document::word_count_upto(first_line, 7) <= 6 {
        return true;
    }
    t[2..].match_indices(['b', 'B']).any(|(i, _)| {
        let at = 2 + i;
        let before = t[..at].chars().next_back();
        let mut after = t[at + 1..].chars();
        before.is_some_and(|c| c.is_whitespace() || c == '(')
            && matches!(after.next(), Some(')' | '.'))
            && after.next().is_none_or(char::is_whitespace)
    })
}

/// A paragraph that is a dialogue dash alone ("—"): a dash turn whose words
/// are missing.
fn is_lone_dash(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph
        && matches!(
            b.text().trim().trim_matches(['*', '_']),
            "—" | "–" | "―" | "-"
        )
}

/// A paragraph opening with a dialogue dash and asking ("—¿Y ahora?",
/// "– Why now?"), spaced or not.
fn dash_line_asks(b: &Block) -> bool {
    let t = b.text().trim();
    dash_line(b) && t.chars().count() > 2 && is_question(t)
}

/// A paragraph opening with a dialogue dash: a dash dialogue's turn.
fn dash_line(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph && b.text().trim_start().starts_with(['—', '–', '―'])
}

/// The characters of Chinese and Japanese (Han, kana), written without
/// spaces between words, in `t`, counted up to `limit`: their length where
/// a word count sees one long word. (Not Thai, Lao, Khmer or Myanmar: they
/// end sentences without a mark a cut could be told by.)
fn unspaced_chars(t: &str, limit: usize) -> usize {
    t.chars()
        .filter(|&c| {
            matches!(c,
                '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
                | '\u{F900}'..='\u{FAFF}')
        })
        .take(limit)
        .count()
}

/// Does an answer paragraph of twelve words or more stop on a word or a
/// comma: cut off mid-sentence rather than closing on a list, a link, a
/// credit ("Photo: …") or a figure?
fn stops_on_word(b: &Block) -> bool {
    let t = b
        .text()
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_'));
    b.kind == BlockKind::Paragraph
        && (crate::document::word_count_upto(t, 12) >= 12 || unspaced_chars(t, 24) >= 24)
        && !runs_in_label(t)
        && t.chars()
            .next_back()
            .is_some_and(|c| c.is_alphabetic() || c == ',')
        && !t
            .split_whitespace()
            .last()
            .is_some_and(|w| w.contains(['/', '@']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{InputFormat, ParseOptions};

    fn blocks_of(src: &str) -> Vec<bool> {
        let doc = Document::parse(src, InputFormat::Markdown, &ParseOptions::default());
        doc.blocks.iter().map(is_bare_label).collect()
    }

    #[test]
    fn bare_labels() {
        assert_eq!(blocks_of("—Ferreira:"), [true]);
        assert_eq!(blocks_of("**Dr. Ana Ruiz:**"), [true]);
        assert_eq!(blocks_of("– Okafor :"), [true]);
        // A label with its answer, a run-in sentence, a lower-case phrase.
        assert_eq!(blocks_of("—Ferreira: it depends."), [false]);
        assert_eq!(blocks_of("The plan has three parts:"), [false]);
        assert_eq!(blocks_of("—¿Por qué?:"), [false]);
        assert_eq!(blocks_of("as follows:"), [false]);
    }

    #[test]
    fn run_in_labels() {
        assert!(runs_in_label("Read also: Bridge closed for repairs"));
        assert!(runs_in_label("Läs också: Så ansöker du"));
        assert!(!runs_in_label(
            "We said it clearly at the time, and then: nothing"
        ));
        assert!(!runs_in_label("No colon here at all and it trails off"));
    }

    #[test]
    fn questions_in_many_scripts() {
        assert!(is_question("Why now?**"));
        assert!(is_question("متى يفتح الجسر؟"));
        assert!(is_question("Πότε ανοίγει η γέφυρα\u{37E}"));
        // Armenian marks the question on a word and ends with its full stop.
        assert!(is_question("Երբ՞ է բացվում կամուրջը։"));
        assert!(!is_question("Կամուրջը բացվում է մայիսին։"));
        assert!(!is_question("It opens in May."));
        assert!(ends_terminal("Կամուրջը բացվում է մայիսին։"));
        assert!(ends_terminal("পুলটি মে মাসে খুলবে।"));
        assert!(!ends_terminal("and the bridge will"));
        // Greek typed with the ASCII semicolon as its question mark; a
        // Latin-script semicolon asks nothing.
        assert!(is_question("Πότε ανοίγει η γέφυρα;"));
        assert!(ends_terminal("Πότε ανοίγει η γέφυρα;"));
        assert!(!is_question("It opens in May;"));
    }

    /// A bare label used once, over a list, heads the list: not an empty
    /// turn, and the turn before it is the transcript's last.
    #[test]
    fn list_headings_are_not_turns() {
        let doc = |last: &str| {
            format!(
                "**Moss:** Why now?\n\n**Hale:** Because the lease ends.\n\n**Moss:** And then?\n\n\
                 **Hale:** {last}\n\n**Read also:**\n- Ferry fares rise\n- Pier closes"
            )
        };
        assert!(engine_findings(
            &doc("We move to the harbour."),
            "truncated-interview/empty-turn"
        )
        .is_empty());
        assert_eq!(
            engine_findings(
                &doc("We move to the harbour, where the"),
                "truncated-interview/cut-off-ending"
            ),
            vec!["We move to the harbour, where the"]
        );
    }

    /// Dash-line questions answered by plain paragraphs: the last answer
    /// cut is found; dash quotations in the Nordic style are no interview.
    #[test]
    fn dash_line_questions() {
        let rule = "truncated-interview/cut-off-ending";
        let korean = "# 인터뷰\n\n―언제부터 배를 탔나.\n\n\"열여섯 살 때부터입니다. 아버지를 따라 나갔습니다.\"\n\n\
                      ―올해 어획량은 어떤가.\n\n\"작년의 절반 정도입니다. 수온이 너무 올랐어요.\"\n\n\
                      ―정부에 바라는 점은 무엇인가.\n\n\"연료비 지원이 가장 급합니다. 지금처럼 기름값이 오르면 \
                      작은 배를 가진 어민들은 다음 겨울이 오기 전에 결국\n\n수협은 다음 달 방안을 발표한다.";
        assert_eq!(engine_findings(korean, rule).len(), 1);
        let nordic = "# Tori\n\n– Odotamme yhä, hän sanoo.\n\nKaupunki ei vastannut kysymyksiin.\n\n\
                      – Odotamme vielä pitkään, hän sanoo.\n\nKaupunki ei vastannut taaskaan kysymyksiin.\n\n\
                      – Odotamme edelleen, he sanovat.\n\nKaupunki ei ole ottanut kantaa asiaan vielä\n\n\
                      Turun Sanomat – Länsirannikon uutiset";
        assert!(engine_findings(nordic, rule).is_empty());
    }

    /// The last answer runs on into page furniture or the story: a
    /// paragraph of it that stops on a word or a comma broke off there.
    #[test]
    fn last_answer_cut_before_more_prose() {
        let rule = "truncated-interview/cut-off-ending";
        let doc = |a: &str| {
            format!(
                "# Q&A\n\n**How did it start?**\n\nWith one van.\n\n**And the shop?**\n\n\
                 It opened in 2019.\n\n**What next?**\n\n{a}\n\n\
                 © 2026 Valley Post. All rights reserved.\n\nThe council meets on Friday."
            )
        };
        assert_eq!(
            engine_findings(
                &doc("A second shop, if the bank agrees to lend us the money for the lease on the"),
                rule
            ),
            vec!["A second shop, if the bank agrees to lend us the money for the lease on the"]
        );
        assert!(engine_findings(
            &doc("A second shop, if the bank agrees to lend us the money for the lease."),
            rule
        )
        .is_empty());
        assert!(engine_findings(
            &doc("A second shop, if the bank agrees to lend us the money, and then…"),
            rule
        )
        .is_empty());
    }

    fn engine_findings(text: &str, rule: &str) -> Vec<String> {
        let mut e = crate::engine::Engine::new(crate::rule::load::builtin().expect("pack"));
        e.retain(|r| &*r.id == rule);
        e.check_text(text, InputFormat::Markdown)
            .iter()
            .map(|f| text[f.span.range()].to_string())
            .collect()
    }

    /// Characters of scripts without spaces between words are counted.
    #[test]
    fn unspaced_scripts_are_counted_by_character() {
        assert_eq!(unspaced_chars("明年想多种一些老品种", 100), 10);
        assert_eq!(unspaced_chars("手で覚えるしかない", 4), 4);
        assert_eq!(unspaced_chars("No spaces missing here", 100), 0);
        assert_eq!(unspaced_chars("ช้างเชือกนี้อายุมากแล้ว", 100), 0);
    }

    /// Option lines of a quiz, and a dialogue dash standing alone.
    #[test]
    fn choice_lines_and_lone_dashes() {
        assert!(is_choice_line("a) 5,000 b) 12,000 c) 30,000"));
        assert!(is_choice_line("A) Two B) Three"));
        assert!(is_choice_line("(a) Hexham (b) Durham"));
        assert!(!is_choice_line("A lot of people came."));
        assert!(!is_choice_line("a)"));
        assert!(!is_choice_line(
            "A. In 2012, when the club began, barely anyone came."
        ));
        assert!(is_choice_line("A. Leeds\nB. York\nC. Hull"));
        assert!(is_choice_line("- A) Two"));
        let doc = |src: &'static str| {
            crate::document::Document::parse(src, InputFormat::Markdown, &ParseOptions::default())
        };
        let d = doc("—¿Y ahora?\n\n—\n\nFin.");
        assert!(dash_line_asks(&d.blocks[0]));
        assert!(is_lone_dash(&d.blocks[1]));
        assert!(!is_lone_dash(&d.blocks[2]));
    }

    /// A dash alone after the last question of a dash dialogue is an empty
    /// turn; a chat printed without full stops is not cut; a quiz is no
    /// interview; the interviewee asking back, or a reaction told after the
    /// question, leaves no question unanswered.
    #[test]
    fn dash_dialogue_chats_quizzes_and_questions_back() {
        let empty = "truncated-interview/empty-turn";
        let cut = "truncated-interview/cut-off-ending";
        let dialogue = "# Feria\n\n—¿Cuándo abre?\n\n—El viernes, a las diez.\n\n—¿Y el precio?\n\n—Tres euros, como siempre.\n\n—¿Qué novedades habrá?\n\n—\n\n*Ana Ruiz dirige la feria.*";
        assert_eq!(engine_findings(dialogue, empty), vec!["—"]);
        let answered = dialogue.replace("—\n\n*Ana", "—Muchas, ya verán.\n\n*Ana");
        assert!(engine_findings(&answered, empty).is_empty());
        let chat = "# Chat\n\n**Where are you?**\n\n**Zola:** on the bus home with my board and a test tomorrow\n\n**Who taught you?**\n\n**Zola:** the older guys at the park and a lot of videos\n\n**What next?**\n\n**Zola:** more parks for the girls in our street and a new board\n\nThe contest is in June.";
        assert!(engine_findings(chat, cut).is_empty());
        let back = "# Shore\n\n**Q:** How did you learn?\n\n**Mensah:** From my mother, by watching.\n\n**Q:** What changed?\n\n**Mensah:** The catch has fallen.\n\n**Q:** And the government?\n\n**Mensah:** Stop the trawlers. Will anyone there read this?\n\nThe ministry says the catch fell.";
        assert!(engine_findings(back, cut).is_empty());
        // …while the interviewer's own last question, with no answer, is reported
        let lost = back.replace(
            "**Mensah:** Stop the trawlers. Will anyone there read this?",
            "**Q:** Will anyone there read this?",
        );
        assert!(engine_findings(&lost, cut)
            .iter()
            .any(|f| f == "Will anyone there read this?"));
    }

    /// Bold interviewer questions ("**Record: Why?**") answered by named
    /// turns: an answer that stops on a word before the next question is
    /// cut; one closing on a stop, a colon or a dash is not.
    #[test]
    fn cut_answer_before_a_bold_labelled_question() {
        let rule = "truncated-interview/cut-off-ending";
        let doc = |a: &str| {
            format!(
                "# Q&A\n\n**Record: How did it start?**\n\n**Lee:** With one van.\n\n\
                 **Record: And the shop?**\n\n**Lee:** {a}\n\n**Record: What next?**\n\n\
                 **Lee:** A second shop, in May."
            )
        };
        assert_eq!(
            engine_findings(
                &doc("We opened it in 2019, when the bank finally agreed to"),
                rule
            ),
            vec!["We opened it in 2019, when the bank finally agreed to"]
        );
        assert!(engine_findings(&doc("We opened it in 2019, after a long wait."), rule).is_empty());
        assert!(
            engine_findings(&doc("We opened it in 2019. The rule was simple:"), rule).is_empty()
        );
        assert!(engine_findings(&doc("We opened it in 2019, and then —"), rule).is_empty());
        assert!(engine_findings(&doc("Call us on the shop line, 0800 100 200"), rule).is_empty());
        // a real cut: a comma, an article or conjunction, a hanging word
        // closing a long sentence after full stops
        for cut in [
            "We opened it in 2019 with a loan from the credit union and the",
            "We opened it in 2019, and then the landlord,",
            "We looked at three sites. The landlord on the corner wanted a deposit we could not pay back then",
            "We opened it in 2019 after a long argument with a landlord who kept telling us the lease would be",
        ] {
            assert_eq!(engine_findings(&doc(cut), rule), vec![cut], "{cut}");
        }
        // no cut: a bare address, a complete clause without its stop, a
        // short clause ending on a preposition
        for whole in [
            "Everything about it is on our page, leesvans.example",
            "Busier than any year I can remember",
            "It was the best decision we ever made",
            "Something I am proud to be part of",
        ] {
            assert!(engine_findings(&doc(whole), rule).is_empty(), "{whole}");
        }
    }

    /// The story resuming after an interview's final question: "US" and
    /// "memos" are not the first person (an explainer's answers report), and
    /// italic lines after the last answer (a bio, an editor's note) are not
    /// the story going on.
    #[test]
    fn story_resumes_needs_a_first_person_interview() {
        let rule = "truncated-interview/cut-off-ending";
        let explainer = "# Rail strike: what we know\n\nThe strike began on Monday.\n\n\
            **Who called it?**\n\nThe drivers' union, backed by US and EU federations.\n\n\
            **What do the drivers want?**\n\nA pay rise, according to leaked memos.\n\n\
            **How long will it last?**\n\nUS officials expect a week, the operator said.\n\n\
            **What about commuters?**\n\nThe operator called the timetable \"severely reduced\".\n\n\
            The union meets on Thursday.\n\nTalks resume next week.";
        assert!(engine_findings(explainer, rule).is_empty());
        let interview = "# Ten minutes with a ferry captain\n\nShe has sailed the route for years.\n\n\
            **How did you start?**\n\nI started as a deckhand on the night boat.\n\n\
            **Why this route?**\n\nWe know every rock on it.\n\n\
            **What is next?**\n\nMy son takes the wheel in spring.\n\n\
            **Your favourite passenger?**\n\nA boy once wrote \"best boat ever\" in the visitors' book.\n\n\
            *Ana Ruiz skippers the island ferry.*\n\n*This interview has been edited for length.*";
        assert!(engine_findings(interview, rule).is_empty());
        // the same interview with the story going on after it: flagged
        let resumed = interview.replace(
            "*Ana Ruiz skippers the island ferry.*\n\n*This interview has been edited for length.*",
            "The harbour board meets in May.\n\nA new ferry arrives in June.",
        );
        assert_eq!(
            engine_findings(&resumed, rule),
            vec!["**Your favourite passenger?**"]
        );
    }

    /// In a transcript that sets every turn's words on its label's line, a
    /// bare final label is empty even when a paragraph follows; where labels
    /// stand alone above their answers, that paragraph is the answer.
    #[test]
    fn bare_final_label_in_an_inline_transcript() {
        let inline = "Q: When does it open?\n\nA: In May.\n\nQ: And the cost?\n\nA:\n\nOverall, the bridge matters.";
        assert_eq!(
            engine_findings(inline, "truncated-interview/empty-turn"),
            ["A:"]
        );
        let stacked = "Q: When?\n\nA:\n\nIn May, if all goes well.\n\nQ: And the cost?\n\nA:\n\nForty million.";
        assert!(engine_findings(stacked, "truncated-interview/empty-turn").is_empty());
    }

    /// Capitalized names with dashes are a panel; one place name with a
    /// dash, twice, is a dateline.
    #[test]
    fn dash_named_panels_and_datelines() {
        let panel = "HOST — Why?\n\nADEYEMI — Because the lease ends.\n\nHOST — And then?\n\nADEYEMI — We move the whole market to the";
        assert_eq!(
            engine_findings(panel, "truncated-interview/cut-off-ending"),
            ["We move the whole market to the"]
        );
        let datelines = "ACCRA — The port reopened after a strike by dock workers.\n\nACCRA — The airport said flights to Kumasi were delayed by the";
        assert!(engine_findings(datelines, "truncated-interview/cut-off-ending").is_empty());
    }

    /// The last answer cut off before page furniture (a bio, tags), and
    /// one that ends complete, or on a credit, before it.
    #[test]
    fn last_answer_cut_before_furniture() {
        let head = "# Talk\n\n**Where did it start?**\n\nIn a garage in 2012, with two friends.\n\n**What next?**\n\n";
        let cut = format!("{head}We open a second site in May, and after that we will see whether the\n\n*Jo Smith writes about business.*\n\n#Startups #Garages");
        assert_eq!(
            engine_findings(&cut, "truncated-interview/cut-off-ending"),
            ["We open a second site in May, and after that we will see whether the"]
        );
        let done = format!("{head}We open a second site in May.\n\nPhoto: the garage where it all began, seen from the street\n\n*Jo Smith writes about business.*");
        assert!(engine_findings(&done, "truncated-interview/cut-off-ending").is_empty());
        assert!(is_label_list("Tags: ferries, weather, Birch Bay, ice"));
        assert!(!is_label_list("Three things: money, time, and patience."));
        assert!(!is_label_list(
            "Mostly: the wind, the ice and the crew, and then"
        ));
        assert!(is_label_list(
            "Tags: You learn to read the ice, a ferry captain on her last crossing, ferries, weather"
        ));
        assert!(is_tag_line("#Startups #Garages"));
        assert!(!is_tag_line("#1 on the list"));
    }

    /// A final question followed by a note that it went unanswered closes
    /// the transcript.
    /// A final answer broken off on a dash is cut only when nothing after
    /// it tells of an interruption in the room or of the answer's rest.
    #[test]
    fn final_answer_interrupted_in_the_room() {
        let doc = |after: &str| {
            format!(
                "Counsel: When did the cracks appear?\n\nBaird: In the spring, after the blasting.\n\n\
                 Counsel: Did you call the company?\n\nBaird: Twice, and the second time the man told me that —\n\n{after}"
            )
        };
        let rule = "truncated-interview/cut-off-ending";
        assert!(engine_findings(
            &doc("The company's lawyer objected, and the chair overruled him."),
            rule
        )
        .is_empty());
        assert!(engine_findings(
            &doc("The hearing went on.\n\nBaird later finished her answer: nobody came."),
            rule
        )
        .is_empty());
        assert_eq!(
            engine_findings(&doc("The quarry plans to expand in 2027."), rule).len(),
            1
        );
    }

    #[test]
    fn final_question_noted_as_unanswered() {
        let base = "# Briefing\n\n**Reporter (Valley Times):** Is the pool safe?\n\n**Cr Webb:** For now, yes, we think so.\n\n**Reporter (ABC Local):** When will it reopen?\n\n**Cr Webb:** In June, if the weather holds.\n\n**Reporter (Valley Times):** One more — was it inspected last year?";
        let rule = "truncated-interview/cut-off-ending";
        assert_eq!(engine_findings(base, rule).len(), 1);
        let noted = format!("{base}\n\n*(Cr Webb walked away without answering.)*");
        assert!(engine_findings(&noted, rule).is_empty());
        // a note that says nothing about an answer does not complete it
        let other = format!("{base}\n\n*(This transcript has been edited for length.)*");
        assert_eq!(engine_findings(&other, rule).len(), 1);
        // the reaction told in the next paragraph's first words closes it;
        // the story going on with such a verb further along does not
        let reacted =
            format!("{base}\n\nCr Webb hesitated and left the room.\n\nThe pool reopens in June.");
        assert!(engine_findings(&reacted, rule).is_empty());
        let story = format!("{base}\n\nWork on the pool's pumps paused in March after the storm.\n\nThe pool reopens in June.");
        assert_eq!(engine_findings(&story, rule).len(), 1);
        let away = format!("{base}\n\nCouncillor Jane Webb looked away and left the room.\n\nThe pool reopens in June.");
        assert!(engine_findings(&away, rule).is_empty());
    }

    /// The final bold question with no answer: a heading, an essay wrap-up
    /// or (in a labelled interview) unlabelled prose after it.
    #[test]
    fn final_question_without_an_answer() {
        let head = "# Talk\n\n**Where did it start?**\n\nIn a garage in 2012.\n\n**Why there?**\n\nIt was cheap.\n\n";
        let faq = format!("{head}**And what if the money runs out next year?**\n\n## FAQ\n\n**What is a garage?**\nA garage is a building.");
        assert_eq!(
            engine_findings(&faq, "truncated-interview/cut-off-ending"),
            ["**And what if the money runs out next year?**"]
        );
        let wrap = format!(
            "{head}**And if the money runs out?**\n\nIn conclusion, the future remains uncertain."
        );
        assert_eq!(
            engine_findings(&wrap, "truncated-interview/cut-off-ending").len(),
            1
        );
        let prompt = format!(
            "{head}**Want to know more?**\n\n## Helplines\n\nCall the council on weekdays."
        );
        assert!(engine_findings(&prompt, "truncated-interview/cut-off-ending").is_empty());
        let answered = format!("{head}**And if the money runs out?**\n\nThen we close, simply.\n\n## FAQ\n\nMore text here.");
        assert!(engine_findings(&answered, "truncated-interview/cut-off-ending").is_empty());
        let labelled = "# Talk\n\n**Q: Why?**\n\n**Ito:** Because it was cheap then.\n\n**Q: And now?**\n\n**Ito:** Now it is not cheap at all.\n\n**Q: So what then?\n\nThanks for reading.";
        assert_eq!(
            engine_findings(labelled, "truncated-interview/cut-off-ending"),
            ["**Q: So what then?"]
        );
        // a reader prompt after a labelled interview is not its question
        let prompt = "# Talk\n\n**Q: Why?**\n\n**Ito:** Because it was cheap then.\n\n**Q: And now?**\n\n**Ito:** Now it is not cheap at all.\n\n**Have a question for our panel?**\n\nEmail us at the address below.";
        assert!(engine_findings(prompt, "truncated-interview/cut-off-ending").is_empty());
        let bare = "# Talk\n\n**Why?**\n\n**Ito:** Because it was cheap then.\n\n**And now?**\n\n**Ito:** Now it is not cheap at all.\n\n**Have a question for our panel?**\n\nEmail us at the address below.";
        assert!(engine_findings(bare, "truncated-interview/cut-off-ending").is_empty());
        // so does a thematic break
        let ruled = format!("{head}**And what happens if the money runs out next year?**\n\n---\n\nAna Ito has run the garage with her brother since 2012.");
        assert_eq!(
            engine_findings(&ruled, "truncated-interview/cut-off-ending"),
            ["**And what happens if the money runs out next year?**"]
        );
        // (a short line above a break may be a reader prompt)
        let prompt = format!(
            "{head}**Have a question for us?**\n\n---\n\nEmail the newsroom at the address below."
        );
        assert!(engine_findings(&prompt, "truncated-interview/cut-off-ending").is_empty());
        assert_eq!(thematic_break_after("a\n\n* * *\nb", 0), Some(3));
        assert_eq!(thematic_break_after("a\n---\nb", 0), None);
        assert_eq!(thematic_break_after("a\n\n- item\n", 0), None);
        // a bio in italics right after the final question closes the interview
        let bio = format!("{head}**And if the money runs out?**\n\n*Ana Ito has run the garage with her brother since 2012.*\n\nShare this story with a friend.");
        assert_eq!(
            engine_findings(&bio, "truncated-interview/cut-off-ending"),
            ["**And if the money runs out?**"]
        );
        let caption = format!("{head}**And if the money runs out?**\n\n*Photo: the garage on the harbour road at dawn.*\n\nThen we close, simply.");
        assert!(engine_findings(&caption, "truncated-interview/cut-off-ending").is_empty());
        // the editor's closing note ends the interview: a bio after it is no answer
        let noted = format!("{head}**And if the money runs out?**\n\n*This interview has been edited for length.*\n\nAna Ito runs the garage with her brother.");
        assert_eq!(
            engine_findings(&noted, "truncated-interview/cut-off-ending"),
            ["**And if the money runs out?**"]
        );
        let answered_noted = format!("{head}**And if the money runs out?**\n\nThen we close, simply.\n\n*This interview has been edited for length.*\n\nAna Ito runs the garage with her brother.");
        assert!(engine_findings(&answered_noted, "truncated-interview/cut-off-ending").is_empty());
        assert_eq!(question_prefix("**Q: Why?**").as_deref(), Some("q"));
        assert_eq!(question_prefix("Why now? Because."), None);
    }

    /// Editor's notes and captions in emphasis close an interview; they are
    /// not empty sections.
    #[test]
    fn closing_notes_are_not_sections() {
        let text = "**Q:** Why?\n\n**A:** Because.\n\n**Q:** And?\n\n**A:** Yes.\n\n*Röportaj kısaltıldı.*\n\n*Fotoğraf: Liman. (Ali Can)*";
        assert!(engine_findings(text, "truncated-interview/empty-section").is_empty());
        let empty = "**Q:** Why?\n\n**A:** Because.\n\n**Section 2: Trade**\n\n**Section 3: Security**\n\n**Q:** And?\n\n**A:** Yes.";
        assert_eq!(
            engine_findings(empty, "truncated-interview/empty-section"),
            ["**Section 2: Trade**"]
        );
    }

    /// Interviewers' lines with an outlet in brackets, each a different
    /// outlet, answered by a speaker's turns: a bare one is an empty turn.
    /// Exchanges on the lines of one paragraph: an answer stopping on a word
    /// is cut.
    #[test]
    fn outlet_labels_and_paired_lines() {
        assert_eq!(
            outlet_label("Reporter (Coast FM): Is it safe?"),
            Some(("Reporter", "Is it safe?"))
        );
        assert_eq!(
            outlet_label("JOURNALISTE (Radio Sud) :"),
            Some(("JOURNALISTE", ""))
        );
        assert_eq!(
            outlet_label("The pier (built 1911) is closed: for now."),
            None
        );
        let brief = |last: &str| {
            format!(
                "# Briefing\n\nREPORTER (Coast FM): Is the pier safe?\n\nBRANDT: For now, yes.\n\n\
                 REPORTER (Gazette): When will it reopen?\n\nBRANDT: In June.\n\n{last}\n\nThe pier closed in March."
            )
        };
        let rule = "truncated-interview/empty-turn";
        assert_eq!(
            engine_findings(&brief("REPORTER (Valley News):"), rule),
            vec!["REPORTER (Valley News):"]
        );
        assert!(engine_findings(
            &brief("REPORTER (Valley News): And the cost?\n\nBRANDT: Two million."),
            rule
        )
        .is_empty());
        let pairs = |last: &str| {
            format!(
                "# Q&A\n\n**Q: Why now?**\n**A:** Because the lease ends.\n\n**Q: And then?**\n**A:** {last}\n\nThe council meets on Friday."
            )
        };
        let rule = "truncated-interview/cut-off-ending";
        assert_eq!(
            engine_findings(&pairs("We move to the harbour, where the"), rule),
            vec!["We move to the harbour, where the"]
        );
        assert!(
            engine_findings(&pairs("We move to the harbour, where the boats are."), rule)
                .is_empty()
        );
        assert!(
            engine_findings(&pairs("The plans are all at harbour.example/plans"), rule).is_empty()
        );
        let lone = pairs("We move to the harbour, where the boats are.").replace(
            "\n\nThe council",
            "\n\n**Q: And next year?**\n\nThe council",
        );
        assert_eq!(engine_findings(&lone, rule), vec!["**Q: And next year?**"]);
        let answered = lone.replace("\n\nThe council", "\n\nA: We will see.\n\nThe council");
        assert!(engine_findings(&answered, rule).is_empty());
    }

    #[test]
    fn copyright_lines_are_no_answers() {
        for t in [
            "© Midland Argus Media Ltd 2026. All rights reserved.",
            "*© 2026 Harbour Post*",
            "(c) 2026 Valley News",
            "Copyright © Coast FM",
            "COPYRIGHT 2026 THE GAZETTE",
        ] {
            assert!(is_copyright_line(t), "{t}");
        }
        for t in [
            "Copyright stays with the photographer, always.",
            "(c) the third option was never on the table.",
            "Copyrights, patents and trademarks: all of it.",
        ] {
            assert!(!is_copyright_line(t), "{t}");
        }
    }
}
