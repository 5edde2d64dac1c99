//! `rdjson`: the Reviewdog Diagnostic Format (`reviewdog -f=rdjson`), one
//! `DiagnosticResult` object. Columns in rdjson are 1-based **byte** counts
//! within the line (UTF-8), unlike our other formats' Unicode scalar values;
//! they are computed from the byte spans here. Files that could not be
//! checked become `ERROR` diagnostics without a range. Only fields of the
//! format's schema are written (reviewdog rejects unknown ones); the rule id
//! (`code.value`) begins with its category.

use super::RunReport;
use crate::rule::Severity;
use crate::span::LineIndex;
use serde_json::{json, Value};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// Line (1-based) and byte column (1-based) of a byte offset.
fn byte_pos(idx: &LineIndex, text: &str, offset: usize) -> Value {
    let lc = idx.line_col(text, offset);
    let start = idx.line_start(lc.line).unwrap_or(0);
    let off = crate::span::floor_char_boundary(text, offset.min(text.len()));
    json!({"line": lc.line, "column": off - start + 1})
}

pub fn render(report: &RunReport) -> String {
    let mut diags = Vec::new();
    for file in &report.files {
        if let Some(err) = &file.error {
            diags.push(json!({
                "message": format!("file not checked: {err}"),
                "location": {"path": file.path},
                "severity": "ERROR",
                "code": {"value": "copydesk/file-not-checked"},
            }));
            continue;
        }
        let Some(text) = &file.text else { continue };
        let idx = LineIndex::new(text);
        for it in file.items() {
            let d = json!({
                "message": it.message,
                "location": {
                    "path": file.path,
                    "range": {
                        "start": byte_pos(&idx, text, it.span.start),
                        "end": byte_pos(&idx, text, it.span.end),
                    }
                },
                "severity": severity(it.severity),
                "code": {"value": it.rule},
                "original_output": super::snippet(text, it.span),
            });
            diags.push(d);
        }
    }
    let doc = json!({
        "source": {"name": "copydesk"},
        "severity": "WARNING",
        "diagnostics": diags,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::super::testdata;

    #[test]
    fn byte_columns() {
        let text = "a“b";
        let idx = crate::span::LineIndex::new(text);
        assert_eq!(super::byte_pos(&idx, text, 4)["column"], 5);
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&testdata::report()));
    }
}
