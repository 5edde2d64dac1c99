//! Output formats, one module each. They render a [`RunReport`]; the engine
//! never sees them. Line and column are computed here, from byte spans.
//!
//! A report carries two kinds of located problems per file:
//! - [`Finding`]s: what the rules found in the article (one of the seven
//!   categories);
//! - [`Notice`]s: problems with copydesk's own inline directives in the
//!   file (a suppression comment that suppressed nothing, or one naming no
//!   known rule). They are not article defects and have no category, so they
//!   travel in their own channel; every format renders them (see
//!   `docs/json-output.md`).

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod jsonl;
pub mod rdjson;
pub mod sarif;
pub mod statistics;

use crate::finding::Finding;
use crate::rule::{Category, Severity};
use crate::span::{LineCol, LineIndex, Span};
use std::sync::Arc;

/// Rule id of a suppression comment that suppressed nothing.
pub const UNUSED_SUPPRESSION: &str = "copydesk/unused-suppression";
/// Rule id of a malformed suppression comment, or one naming no known rule.
pub const INVALID_SUPPRESSION: &str = "copydesk/invalid-suppression";

/// A problem with one of copydesk's own directives in a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// [`UNUSED_SUPPRESSION`] or [`INVALID_SUPPRESSION`].
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Byte span into the original source (the directive or the name in it).
    pub span: Span,
    pub help: Option<String>,
}

/// One checked (or unreadable) file.
#[derive(Debug, Clone, Default)]
pub struct FileResult {
    /// The path as given (or as found while walking a directory).
    pub path: String,
    pub text: Option<Arc<str>>,
    pub findings: Vec<Finding>,
    pub notices: Vec<Notice>,
    /// Why the file could not be checked.
    pub error: Option<String>,
}

/// What a renderer needs to know about a rule (SARIF's `tool.driver.rules`).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMeta {
    pub id: String,
    /// `None` for copydesk's own notice ids.
    pub category: Option<Category>,
    pub severity: Severity,
    pub description: String,
    pub help: Option<String>,
}

impl RuleMeta {
    /// Metadata of the notice pseudo-rules.
    pub fn notices() -> Vec<RuleMeta> {
        vec![
            RuleMeta {
                id: UNUSED_SUPPRESSION.into(),
                category: None,
                severity: Severity::Warning,
                description: "An inline `copydesk-disable…` comment that suppressed no \
                              finding: the problem it silenced is gone, or it names the \
                              wrong rule. Stale suppressions hide future problems."
                    .into(),
                help: Some("Remove the comment, or name the rule it is meant for.".into()),
            },
            RuleMeta {
                id: INVALID_SUPPRESSION.into(),
                category: None,
                severity: Severity::Warning,
                description: "An inline `copydesk-…` comment copydesk cannot use: an \
                              unknown directive, a name that is no rule id, id prefix \
                              or category, or an `enable` without a matching `disable`."
                    .into(),
                help: Some(
                    "Directives: copydesk-disable-next, copydesk-disable, copydesk-enable, \
                     copydesk-disable-file; `copydesk rules list` shows rule ids."
                        .into(),
                ),
            },
        ]
    }
}

/// Everything a run produced, in input order.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub files: Vec<FileResult>,
    /// The rules that ran (for formats that describe them).
    pub rules: Vec<RuleMeta>,
    /// Findings hidden because the baseline already lists them
    /// (`None` when no baseline was used).
    pub baselined: Option<usize>,
    /// Findings hidden by inline suppression comments.
    pub suppressed: usize,
}

/// A finding or a notice, as renderers see them.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub rule: &'a str,
    pub category: Option<Category>,
    pub severity: Severity,
    pub message: &'a str,
    pub span: Span,
    pub label: Option<&'a str>,
    pub help: Option<&'a str>,
    pub finding: Option<&'a Finding>,
}

impl<'a> From<&'a Finding> for Item<'a> {
    fn from(f: &'a Finding) -> Self {
        Item {
            rule: &f.rule,
            category: Some(f.category),
            severity: f.severity,
            message: &f.message,
            span: f.span,
            label: f.label.as_deref(),
            help: f.help.as_deref(),
            finding: Some(f),
        }
    }
}

impl<'a> From<&'a Notice> for Item<'a> {
    fn from(n: &'a Notice) -> Self {
        Item {
            rule: n.rule,
            category: None,
            severity: n.severity,
            message: &n.message,
            span: n.span,
            label: None,
            help: n.help.as_deref(),
            finding: None,
        }
    }
}

impl FileResult {
    /// Findings and notices merged in source order (findings first at a tie).
    pub fn items(&self) -> Vec<Item<'_>> {
        let mut v: Vec<Item> = self.findings.iter().map(Item::from).collect();
        v.extend(self.notices.iter().map(Item::from));
        v.sort_by_key(|i| (i.span.start, i.span.end, i.finding.is_none()));
        v
    }
}

impl RunReport {
    pub fn findings(&self) -> impl Iterator<Item = (&FileResult, &Finding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |x| (f, x)))
    }
    pub fn notices(&self) -> impl Iterator<Item = (&FileResult, &Notice)> {
        self.files
            .iter()
            .flat_map(|f| f.notices.iter().map(move |x| (f, x)))
    }
    /// Findings and notices at or above `level`.
    pub fn count_at_least(&self, level: Severity) -> usize {
        self.findings().filter(|(_, f)| f.severity >= level).count()
            + self.notices().filter(|(_, n)| n.severity >= level).count()
    }
    /// Files that could not be checked.
    pub fn errors(&self) -> usize {
        self.files.iter().filter(|f| f.error.is_some()).count()
    }

    /// `N findings in M files: …` closing line.
    pub fn summary(&self) -> String {
        let total = self.findings().count();
        let with = self.files.iter().filter(|f| !f.findings.is_empty()).count();
        let checked = self.files.iter().filter(|f| f.error.is_none()).count();
        let mut by_sev = [0usize; 3];
        for (_, f) in self.findings() {
            by_sev[f.severity as usize] += 1;
        }
        let mut cats: Vec<(Category, usize)> = Vec::new();
        for (_, f) in self.findings() {
            match cats.iter_mut().find(|(c, _)| *c == f.category) {
                Some(e) => e.1 += 1,
                None => cats.push((f.category, 1)),
            }
        }
        cats.sort();
        let mut s = format!(
            "{total} finding{} in {with} of {checked} file{} checked",
            plural(total),
            plural(checked)
        );
        if total > 0 {
            s.push_str(&format!(
                ": {} error, {} warning, {} info",
                by_sev[2], by_sev[1], by_sev[0]
            ));
            let list: Vec<String> = cats.iter().map(|(c, n)| format!("{c} {n}")).collect();
            s.push_str(&format!(" ({})", list.join(", ")));
        }
        let notices = self.notices().count();
        if notices > 0 {
            s.push_str(&format!(
                "; {notices} suppression problem{}",
                plural(notices)
            ));
        }
        if self.suppressed > 0 {
            s.push_str(&format!("; {} suppressed inline", self.suppressed));
        }
        if let Some(b) = self.baselined {
            s.push_str(&format!("; {b} baselined"));
        }
        let skipped = self.errors();
        if skipped > 0 {
            s.push_str(&format!(
                "; {skipped} file{} could not be checked (skipped)",
                plural(skipped)
            ));
        }
        s
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Line/column of a span's start and end (end exclusive, so `end_column`
/// is the column just past the last character).
pub fn positions(index: &LineIndex, text: &str, span: Span) -> (LineCol, LineCol) {
    (
        index.line_col(text, span.start),
        index.line_col(text, span.end),
    )
}

/// The source text of a span, for snippets.
pub fn snippet(text: &str, span: Span) -> &str {
    text.get(span.range()).unwrap_or("")
}

#[cfg(test)]
pub(crate) mod testdata {
    //! A small report shared by the renderers' snapshot tests.
    use super::*;

    pub const TEXT: &str = "# Council passes “budget”\n\nHome » World » Council\n\nThe council voted 7-2, 100% of: members.\n<!-- copydesk-disable-next political-ad -->\nLast line.\n";

    fn at(needle: &str) -> Span {
        let s = TEXT.find(needle).expect("needle in test text");
        Span::new(s, s + needle.len())
    }

    pub fn report() -> RunReport {
        let f1 = Finding {
            rule: Arc::from("boilerplate/breadcrumb"),
            category: Category::Boilerplate,
            severity: Severity::Warning,
            message: "breadcrumb navigation left in the article: 'Home » World » Council'".into(),
            span: at("Home » World » Council"),
            label: None,
            help: Some(Arc::from("Strip page navigation.")),
            related: Vec::new(),
        };
        let f2 = Finding {
            rule: Arc::from("political-ad/vote-appeal"),
            category: Category::PoliticalAd,
            severity: Severity::Error,
            message: "odd, text: with %, commas\nand a newline".into(),
            span: at("100% of: members.\n<!--"),
            label: Some("here".into()),
            help: None,
            related: Vec::new(),
        };
        let n = Notice {
            rule: UNUSED_SUPPRESSION,
            severity: Severity::Warning,
            message: "unused suppression: `political-ad` suppressed nothing".into(),
            span: at("political-ad"),
            help: Some("Remove the comment.".into()),
        };
        RunReport {
            files: vec![
                FileResult {
                    path: "news/a b.md".into(),
                    text: Some(Arc::from(TEXT)),
                    findings: vec![f1, f2],
                    notices: vec![n],
                    error: None,
                },
                FileResult {
                    path: "news/bin.md".into(),
                    text: None,
                    findings: Vec::new(),
                    notices: Vec::new(),
                    error: Some("looks like a binary file (NUL byte at 3); not checked".into()),
                },
                FileResult {
                    path: "news/clean.md".into(),
                    text: Some(Arc::from("Fine.\n")),
                    ..Default::default()
                },
            ],
            rules: {
                let mut r = vec![
                    RuleMeta {
                        id: "boilerplate/breadcrumb".into(),
                        category: Some(Category::Boilerplate),
                        severity: Severity::Warning,
                        description: "Site navigation scraped with the article.".into(),
                        help: Some("Strip page navigation.".into()),
                    },
                    RuleMeta {
                        id: "political-ad/vote-appeal".into(),
                        category: Some(Category::PoliticalAd),
                        severity: Severity::Error,
                        description: "A call to vote for a candidate.".into(),
                        help: None,
                    },
                ];
                r.extend(RuleMeta::notices());
                r
            },
            baselined: Some(2),
            suppressed: 1,
        }
    }
}
