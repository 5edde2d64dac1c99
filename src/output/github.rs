//! `github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's changed lines:
//!
//! ```text
//! ::warning file=news/a.md,line=3,col=1,endLine=3,endColumn=23,title=boilerplate/breadcrumb::message
//! ```
//!
//! Escaping follows `@actions/core` (`toolkit/packages/core/src/command.ts`):
//! in the message `%`, CR and LF become `%25`, `%0D`, `%0A`; in property
//! values `:` and `,` are escaped too (`%3A`, `%2C`). Severities map to
//! `error`, `warning` and `notice`. A file that could not be checked is an
//! `error` annotation on the file. GitHub shows at most 10 annotations of
//! each level per step (50 per job): for large archives upload SARIF instead.

use super::RunReport;
use crate::rule::Severity;
use crate::span::LineIndex;

/// Escape a command's message (`escapeData`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a property value (`escapeProperty`).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        let path = escape_property(&file.path);
        if let Some(err) = &file.error {
            out.push_str(&format!(
                "::error file={path},title={}::{}\n",
                escape_property("copydesk: file not checked"),
                escape_data(err)
            ));
            continue;
        }
        let Some(text) = &file.text else { continue };
        let idx = LineIndex::new(text);
        for it in file.items() {
            let (s, e) = super::positions(&idx, text, it.span);
            let title = match it.category {
                Some(c) => format!("{} ({c})", it.rule),
                None => it.rule.to_string(),
            };
            let mut msg = it.message.to_string();
            if let Some(h) = it.help {
                msg.push_str("\nhelp: ");
                msg.push_str(h);
            }
            out.push_str(&format!(
                "::{} file={path},line={},col={},endLine={},endColumn={},title={}::{}\n",
                level(it.severity),
                s.line,
                s.column,
                e.line,
                e.column,
                escape_property(&title),
                escape_data(&msg)
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testdata;
    use super::*;

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(escape_data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&testdata::report()));
    }
}
