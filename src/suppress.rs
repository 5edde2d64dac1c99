//! Inline suppressions, written as HTML comments (which Markdown and HTML
//! both hide from readers):
//!
//! - `<!-- copydesk-disable-next NAMES -->`: the next block (paragraph,
//!   heading, list item…; in plain text or inside an HTML element, the rest
//!   of the block the comment sits in);
//! - `<!-- copydesk-disable NAMES -->` … `<!-- copydesk-enable NAMES -->`:
//!   a range (to the end of the file when never enabled again);
//! - `<!-- copydesk-disable-file NAMES -->`: the whole file.
//!
//! NAMES are rule ids, id prefixes or categories, separated by spaces or
//! commas; without a name, every rule. A finding is suppressed when its
//! start lies in a suppressed region for a name that selects its rule.
//!
//! Directives are found by scanning the source text, so they work the same
//! in every input format; those inside code blocks are examples, not
//! directives, and are skipped. A name that selects no known rule, an
//! unknown directive and an `enable` that closes nothing are reported as
//! [`INVALID_SUPPRESSION`]; a suppression that suppressed nothing while one
//! of its rules ran on the file is reported as [`UNUSED_SUPPRESSION`] (like
//! ruff's RUF100), so stale ones do not pile up.

use crate::config::FilePolicy;
use crate::document::{BlockKind, Document};
use crate::finding::Finding;
use crate::output::{Notice, INVALID_SUPPRESSION, UNUSED_SUPPRESSION};
use crate::select::{RuleRef, Selector};
use crate::span::Span;
use regex::Regex;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DisableNext,
    Disable,
    Enable,
    DisableFile,
}

/// One name of a directive (or the whole directive when it has none), with
/// the source region it covers.
#[derive(Debug)]
struct Suppression {
    kind: Kind,
    /// `None`: every rule.
    name: Option<(String, Selector)>,
    /// Where to report it: the name, or the whole comment.
    at: Span,
    region: Span,
    used: bool,
}

fn directive_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?s)<!--[ \t\r\n]*copydesk-([A-Za-z-]*)(.*?)-->").expect("valid regex")
    })
}

fn comment_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?s)<!--.*?-->").expect("valid regex"))
}

/// The region `disable-next` at `end` covers.
fn next_block(text: &str, doc: &Document, end: usize) -> Option<Span> {
    doc.blocks
        .iter()
        .filter(|b| !matches!(b.kind, BlockKind::Html) && b.span.end > end)
        .map(|b| Span::new(b.span.start.max(end), b.span.end))
        .find(|s| {
            text.get(s.range())
                .is_some_and(|rest| !comment_re().replace_all(rest, "").trim().is_empty())
        })
}

fn notice(
    rule: &'static str,
    policy: &FilePolicy,
    span: Span,
    message: String,
    help: &str,
) -> Option<Notice> {
    policy.active.get(rule).map(|sev| Notice {
        rule,
        severity: *sev,
        message,
        span,
        help: Some(help.to_string()),
    })
}

/// What applying the suppressions of one file did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub notices: Vec<Notice>,
    pub suppressed: usize,
}

/// Remove suppressed findings; report unused and invalid directives.
/// `known` are all the rules of the pack; `policy` says which ran on the file.
pub fn apply(
    doc: &Document,
    findings: &mut Vec<Finding>,
    known: &[RuleRef],
    policy: &FilePolicy,
) -> Outcome {
    let text = doc.source;
    let mut out = Outcome::default();
    if !text.contains("copydesk-") {
        return out;
    }
    let code: Vec<Span> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Code)
        .map(|b| b.span)
        .collect();
    let mut sups: Vec<Suppression> = Vec::new();
    // Open `disable` ranges: (index into sups).
    let mut open: Vec<usize> = Vec::new();
    for c in directive_re().captures_iter(text) {
        let whole = c.get(0).expect("group 0");
        let cspan = Span::new(whole.start(), whole.end());
        if code.iter().any(|s| s.contains(cspan)) {
            continue;
        }
        let kw = c.get(1).expect("group 1");
        let kind = match kw.as_str() {
            "disable-next" => Kind::DisableNext,
            "disable" => Kind::Disable,
            "enable" => Kind::Enable,
            "disable-file" => Kind::DisableFile,
            other => {
                out.notices.extend(notice(
                    INVALID_SUPPRESSION,
                    policy,
                    Span::new(kw.start() - "copydesk-".len(), kw.end()),
                    format!("unknown directive `copydesk-{other}`"),
                    "directives: copydesk-disable-next, copydesk-disable, copydesk-enable, copydesk-disable-file",
                ));
                continue;
            }
        };
        let args = c.get(2).expect("group 2");
        let mut names: Vec<(String, Span)> = Vec::new();
        let mut pos = args.start();
        for tok in args
            .as_str()
            .split(|ch: char| ch.is_whitespace() || ch == ',')
        {
            let at = Span::new(pos, pos + tok.len());
            pos += tok.len() + 1;
            if !tok.is_empty() {
                names.push((tok.to_string(), at));
            }
        }
        // Validate names.
        let mut valid: Vec<(String, Selector, Span)> = Vec::new();
        for (n, at) in names {
            let sel = Selector::parse(&n);
            if known.iter().any(|r| sel.matches(*r)) {
                valid.push((n, sel, at));
            } else {
                out.notices.extend(notice(
                    INVALID_SUPPRESSION,
                    policy,
                    at,
                    format!("`{n}` names no rule, id prefix or category"),
                    "`copydesk rules list` shows rule ids and categories",
                ));
            }
        }
        if kind == Kind::Enable {
            if valid.is_empty() && args.as_str().trim().is_empty() {
                if open.is_empty() {
                    out.notices.extend(notice(
                        INVALID_SUPPRESSION,
                        policy,
                        cspan,
                        "`copydesk-enable` without an open `copydesk-disable`".into(),
                        "remove it, or add the `copydesk-disable` it should close",
                    ));
                }
                for i in open.drain(..) {
                    sups[i].region.end = cspan.start;
                }
            }
            for (n, _, at) in valid {
                match open
                    .iter()
                    .rposition(|&i| sups[i].name.as_ref().is_some_and(|(m, _)| *m == n))
                {
                    Some(k) => {
                        let i = open.remove(k);
                        sups[i].region.end = cspan.start;
                    }
                    None => out.notices.extend(notice(
                        INVALID_SUPPRESSION,
                        policy,
                        at,
                        format!("`copydesk-enable {n}` without an open `copydesk-disable {n}`"),
                        "remove it, or add the `copydesk-disable` it should close",
                    )),
                }
            }
            continue;
        }
        if valid.is_empty() && !args.as_str().trim().is_empty() {
            continue; // every name was invalid and reported
        }
        let region = match kind {
            Kind::DisableNext => match next_block(text, doc, cspan.end) {
                Some(r) => r,
                None => Span::new(cspan.end, cspan.end),
            },
            Kind::Disable => Span::new(cspan.end, text.len()),
            Kind::DisableFile => Span::new(0, text.len()),
            Kind::Enable => unreachable!("handled above"),
        };
        let mut add = |name: Option<(String, Selector)>, at: Span| {
            if kind == Kind::Disable {
                open.push(sups.len());
            }
            sups.push(Suppression {
                kind,
                name,
                at,
                region,
                used: false,
            });
        };
        if valid.is_empty() {
            add(None, cspan);
        } else {
            for (n, sel, at) in valid {
                add(Some((n, sel)), at);
            }
        }
    }
    if sups.is_empty() {
        return out;
    }
    let before = findings.len();
    findings.retain(|f| {
        let r = RuleRef {
            id: &f.rule,
            category: Some(f.category),
            enabled: true,
        };
        let mut hit = false;
        for s in &mut sups {
            let covers = s.region.start <= f.span.start
                && f.span.start < s.region.end.max(s.region.start + 1)
                && !s.region.is_empty();
            if covers && s.name.as_ref().is_none_or(|(_, sel)| sel.matches(r)) {
                s.used = true;
                hit = true;
            }
        }
        !hit
    });
    out.suppressed = before - findings.len();
    for s in &sups {
        if s.used {
            continue;
        }
        // Only a rule that ran can prove a suppression unused.
        let ran = known.iter().any(|r| {
            policy.is_active(r.id) && s.name.as_ref().is_none_or(|(_, sel)| sel.matches(*r))
        });
        if !ran {
            continue;
        }
        let what = match &s.name {
            Some((n, _)) => format!("`{n}`"),
            None => "any".to_string(),
        };
        let place = match s.kind {
            Kind::DisableNext if s.region.is_empty() => "after it: no block follows".to_string(),
            Kind::DisableNext => "in the next block".to_string(),
            Kind::Disable if s.region.end >= text.len() => "in the rest of the file".to_string(),
            Kind::Disable => "before the matching `copydesk-enable`".to_string(),
            Kind::DisableFile => "in this file".to_string(),
            Kind::Enable => continue,
        };
        out.notices.extend(notice(
            UNUSED_SUPPRESSION,
            policy,
            s.at,
            format!("unused suppression: no {what} finding {place}"),
            "remove the suppression, or name the rule it is meant for",
        ));
    }
    out.notices.sort_by_key(|n| (n.span.start, n.span.end));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{InputFormat, ParseOptions};
    use crate::rule::{Category, Severity};
    use std::collections::HashMap;
    use std::sync::Arc;

    const KNOWN: [RuleRef<'static>; 2] = [
        RuleRef {
            id: "boilerplate/share-bar",
            category: Some(Category::Boilerplate),
            enabled: true,
        },
        RuleRef {
            id: "political-ad/vote-appeal",
            category: Some(Category::PoliticalAd),
            enabled: true,
        },
    ];

    fn policy() -> FilePolicy {
        let mut active: HashMap<String, Severity> = KNOWN
            .iter()
            .map(|r| (r.id.to_string(), Severity::Warning))
            .collect();
        active.insert(UNUSED_SUPPRESSION.into(), Severity::Warning);
        active.insert(INVALID_SUPPRESSION.into(), Severity::Warning);
        FilePolicy { active }
    }

    /// Findings at every occurrence of `needle`, for `rule`.
    fn at(text: &str, needle: &str, rule: &str, cat: Category) -> Vec<Finding> {
        text.match_indices(needle)
            .map(|(i, m)| Finding {
                rule: Arc::from(rule),
                category: cat,
                severity: Severity::Warning,
                message: "m".into(),
                span: Span::new(i, i + m.len()),
                label: None,
                help: None,
                related: Vec::new(),
            })
            .collect()
    }

    fn run(text: &str, fmt: InputFormat, mut f: Vec<Finding>) -> (Vec<Finding>, Outcome) {
        let doc = Document::parse(text, fmt, &ParseOptions::default());
        let o = apply(&doc, &mut f, &KNOWN, &policy());
        (f, o)
    }

    #[test]
    fn disable_next_covers_only_the_next_block() {
        let t = "# T\n\n<!-- copydesk-disable-next boilerplate -->\nShare this article\n\nShare this article\n";
        let f = at(
            t,
            "Share this article",
            "boilerplate/share-bar",
            Category::Boilerplate,
        );
        let (left, o) = run(t, InputFormat::Markdown, f);
        assert_eq!(left.len(), 1);
        assert!(left[0].span.start > t.find("\n\nShare").unwrap());
        assert_eq!(o.suppressed, 1);
        assert!(o.notices.is_empty(), "{:?}", o.notices);
    }

    #[test]
    fn ranges_files_and_names() {
        let t = "A vote here.\n\n<!-- copydesk-disable political-ad/vote-appeal -->\n\nA vote here.\n\n<!-- copydesk-enable political-ad/vote-appeal -->\n\nA vote here.\n";
        let f = at(
            t,
            "A vote here",
            "political-ad/vote-appeal",
            Category::PoliticalAd,
        );
        let (left, o) = run(t, InputFormat::Markdown, f);
        assert_eq!(left.len(), 2);
        assert_eq!(o.suppressed, 1);
        let t2 = "<!-- copydesk-disable-file -->\nA vote here. Share this article\n";
        let mut f = at(
            t2,
            "A vote here",
            "political-ad/vote-appeal",
            Category::PoliticalAd,
        );
        f.extend(at(
            t2,
            "Share this article",
            "boilerplate/share-bar",
            Category::Boilerplate,
        ));
        let (left, _) = run(t2, InputFormat::Text, f);
        assert!(left.is_empty());
    }

    #[test]
    fn unused_and_invalid_are_reported() {
        let t = "<!-- copydesk-disable-next boilerplate, political-ad, nosuch -->\nA vote here.\n\n<!-- copydesk-enable boilerplate -->\n<!-- copydesk-disabel -->\n\n```\n<!-- copydesk-disable-next nosuch2 -->\n```\n";
        let f = at(
            t,
            "vote here",
            "political-ad/vote-appeal",
            Category::PoliticalAd,
        );
        let (left, o) = run(t, InputFormat::Markdown, f);
        assert!(left.is_empty());
        let msgs: Vec<(&str, &str, &str)> = o
            .notices
            .iter()
            .map(|n| (n.rule, &t[n.span.range()], n.message.as_str()))
            .collect();
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
        assert_eq!(msgs[0].0, UNUSED_SUPPRESSION);
        assert_eq!(msgs[0].1, "boilerplate");
        assert_eq!(
            msgs[1],
            (
                INVALID_SUPPRESSION,
                "nosuch",
                "`nosuch` names no rule, id prefix or category"
            )
        );
        assert_eq!(msgs[2].1, "boilerplate");
        assert!(msgs[2].2.contains("without an open"));
        assert_eq!(msgs[3].1, "copydesk-disabel");
    }

    #[test]
    fn rules_that_did_not_run_prove_nothing() {
        let t = "<!-- copydesk-disable-next political-ad -->\nText.\n";
        let doc = Document::parse(t, InputFormat::Markdown, &ParseOptions::default());
        let mut p = policy();
        p.active.remove("political-ad/vote-appeal");
        let o = apply(&doc, &mut Vec::new(), &KNOWN, &p);
        assert!(o.notices.is_empty());
        let o = apply(&doc, &mut Vec::new(), &KNOWN, &policy());
        assert_eq!(o.notices.len(), 1);
        assert!(o.notices[0].message.contains("in the next block"));
    }

    #[test]
    fn comment_inside_a_text_paragraph_covers_the_rest_of_it() {
        let t = "Intro.\n\n<!-- copydesk-disable-next --> A vote here.\n\nA vote here.\n";
        let f = at(
            t,
            "A vote here",
            "political-ad/vote-appeal",
            Category::PoliticalAd,
        );
        let (left, o) = run(t, InputFormat::Text, f);
        assert_eq!(left.len(), 1);
        assert_eq!(o.suppressed, 1);
    }
}
