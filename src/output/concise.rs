//! `concise`: one line per finding, `path:line:col: severity[rule] message`,
//! the shape compilers print and editors, `grep` and problem matchers read.
//! Unreadable files get `path: error: why`; the summary closes the output.

use super::RunReport;
use crate::span::LineIndex;

pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let Some(err) = &file.error {
            out.push_str(&format!("{}: error: {err}\n", file.path));
            continue;
        }
        let Some(text) = &file.text else { continue };
        let idx = LineIndex::new(text);
        for it in file.items() {
            let lc = idx.line_col(text, it.span.start);
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}\n",
                file.path,
                lc.line,
                lc.column,
                it.severity,
                it.rule,
                one_line(it.message)
            ));
        }
    }
    out.push_str(&report.summary());
    out.push('\n');
    out
}

/// Messages stay on one line: line breaks become spaces.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::testdata;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&testdata::report()));
    }
}
