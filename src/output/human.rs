//! `human`: rustc/miette-style diagnostics with the offending text
//! underlined, the rule id and category, a help line, and a summary.

use super::{Item, RunReport};
use crate::rule::Severity;
use crate::span::{LineIndex, Span};
use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};
use std::fmt;
use std::sync::Arc;

/// Longest span (in lines) drawn in full; longer ones are labelled on their
/// first line with a note of where they end.
const MAX_LINES: usize = 6;

struct FindingDiag<'a> {
    f: Item<'a>,
    src: NamedSource<Arc<str>>,
    primary: Span,
    label: String,
    related: Vec<(Span, String)>,
}

impl fmt::Debug for FindingDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.f.message)
    }
}
impl fmt::Display for FindingDiag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.f.message)
    }
}
impl std::error::Error for FindingDiag<'_> {}

impl Diagnostic for FindingDiag<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(match self.f.category {
            Some(c) => format!("{} [{c}]", self.f.rule),
            None => self.f.rule.to_string(),
        }))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.f.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.f
            .help
            .map(|h| Box::new(h.to_string()) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let mut v = vec![LabeledSpan::new_primary_with_span(
            Some(self.label.clone()),
            (self.primary.start, self.primary.len()),
        )];
        for (s, m) in &self.related {
            v.push(LabeledSpan::new_with_span(
                Some(m.clone()),
                (s.start, s.len()),
            ));
        }
        Some(Box::new(v.into_iter()))
    }
}

pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_context_lines(1)
                .with_width(100),
        }
    }

    fn shorten(text: &str, idx: &LineIndex, span: Span, label: String) -> (Span, String) {
        let s = idx.line_col(text, span.start);
        let e = idx.line_col(text, span.end.saturating_sub(1).max(span.start));
        if e.line - s.line < MAX_LINES {
            return (span, label);
        }
        let line_end = text[span.start..]
            .find('\n')
            .map_or(span.end, |i| span.start + i);
        (
            Span::new(span.start, line_end),
            format!("{label} (continues to line {})", e.line),
        )
    }

    /// Render one finding or notice.
    pub fn render_item(&self, path: &str, text: &Arc<str>, idx: &LineIndex, f: Item) -> String {
        let label = match (f.label, f.category) {
            (Some(l), _) => l.to_string(),
            (None, Some(c)) => c.id().to_string(),
            (None, None) => "here".to_string(),
        };
        let (primary, label) = Self::shorten(text, idx, f.span, label);
        let related = f
            .finding
            .map_or(&[][..], |x| &x.related[..])
            .iter()
            .filter(|(s, _)| !s.overlaps(primary))
            .map(|(s, m)| Self::shorten(text, idx, *s, m.clone()))
            .collect();
        let d = FindingDiag {
            f,
            src: NamedSource::new(path, text.clone()),
            primary,
            label,
            related,
        };
        let mut out = String::new();
        if self.handler.render_report(&mut out, &d).is_err() {
            let lc = idx.line_col(text, f.span.start);
            out = format!(
                "{path}:{}:{}: {}[{}] {}\n",
                lc.line, lc.column, f.severity, f.rule, f.message
            );
        }
        out
    }

    pub fn render(&self, report: &RunReport) -> String {
        let mut out = String::new();
        for file in &report.files {
            if let Some(err) = &file.error {
                out.push_str(&format!("error: {}: {err}\n\n", file.path));
                continue;
            }
            let Some(text) = &file.text else { continue };
            let idx = LineIndex::new(text);
            for f in file.items() {
                out.push_str(&self.render_item(&file.path, text, &idx, f));
                out.push('\n');
            }
        }
        out.push_str(&report.summary());
        out.push('\n');
        out
    }
}
