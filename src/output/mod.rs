//! Output formats, one module each. They render a [`RunReport`]; the engine
//! never sees them. Line and column are computed here, from byte spans.

pub mod human;
pub mod json;

use crate::finding::Finding;
use crate::rule::{Category, Severity};
use crate::span::{LineCol, LineIndex, Span};
use std::sync::Arc;

/// One checked (or unreadable) file.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as given.
    pub path: String,
    pub text: Option<Arc<str>>,
    pub findings: Vec<Finding>,
    /// Why the file could not be checked.
    pub error: Option<String>,
}

/// Everything a run produced, in input order.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    pub files: Vec<FileResult>,
}

impl RunReport {
    pub fn findings(&self) -> impl Iterator<Item = (&FileResult, &Finding)> {
        self.files
            .iter()
            .flat_map(|f| f.findings.iter().map(move |x| (f, x)))
    }
    pub fn count_at_least(&self, level: Severity) -> usize {
        self.findings().filter(|(_, f)| f.severity >= level).count()
    }
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
            if total == 1 { "" } else { "s" },
            if checked == 1 { "" } else { "s" }
        );
        if total > 0 {
            s.push_str(&format!(
                ": {} error, {} warning, {} info",
                by_sev[2], by_sev[1], by_sev[0]
            ));
            let list: Vec<String> = cats.iter().map(|(c, n)| format!("{c} {n}")).collect();
            s.push_str(&format!(" ({})", list.join(", ")));
        }
        let skipped = self.errors();
        if skipped > 0 {
            s.push_str(&format!(
                "; {skipped} file{} could not be checked",
                if skipped == 1 { "" } else { "s" }
            ));
        }
        s
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
