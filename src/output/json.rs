//! `json`: the versioned machine-readable contract (see docs/json-output.md).
//!
//! ```text
//! {"version": 1, "files": [{"path": "...", "diagnostics": [
//!   {"rule", "category", "severity", "message", "span": {"start", "end"},
//!    "line", "column", "end_line", "end_column", "snippet"}],
//!   "notices": [...]?, "error": "..."?}], "baselined": N?}
//! ```
//! `notices` (same fields as a diagnostic, without `category`) and `error`
//! appear only when present; `baselined` only when a baseline was used.

use super::{positions, snippet, Item, RunReport};
use crate::span::LineIndex;
use serde_json::{json, Map, Value};

pub const VERSION: u32 = 1;

/// The located fields shared by `json` and `jsonl`: rule, category (findings
/// only), severity, message, span, line/column pairs and snippet.
pub fn item_fields(idx: &LineIndex, text: &str, d: &Item) -> Map<String, Value> {
    let (s, e) = positions(idx, text, d.span);
    let mut m = Map::new();
    m.insert("rule".into(), json!(d.rule));
    if let Some(c) = d.category {
        m.insert("category".into(), json!(c.id()));
    }
    m.insert("severity".into(), json!(d.severity.id()));
    m.insert("message".into(), json!(d.message));
    m.insert(
        "span".into(),
        json!({"start": d.span.start, "end": d.span.end}),
    );
    m.insert("line".into(), json!(s.line));
    m.insert("column".into(), json!(s.column));
    m.insert("end_line".into(), json!(e.line));
    m.insert("end_column".into(), json!(e.column));
    m.insert("snippet".into(), json!(snippet(text, d.span)));
    m
}

pub fn render(report: &RunReport) -> String {
    let files: Vec<Value> = report
        .files
        .iter()
        .map(|f| {
            let mut obj = Map::new();
            obj.insert("path".into(), json!(f.path));
            let (diags, notices): (Vec<Value>, Vec<Value>) = match &f.text {
                Some(text) => {
                    let idx = LineIndex::new(text);
                    (
                        f.findings
                            .iter()
                            .map(|d| Value::Object(item_fields(&idx, text, &d.into())))
                            .collect(),
                        f.notices
                            .iter()
                            .map(|d| Value::Object(item_fields(&idx, text, &d.into())))
                            .collect(),
                    )
                }
                None => (Vec::new(), Vec::new()),
            };
            obj.insert("diagnostics".into(), Value::Array(diags));
            if !notices.is_empty() {
                obj.insert("notices".into(), Value::Array(notices));
            }
            if let Some(err) = &f.error {
                obj.insert("error".into(), json!(err));
            }
            Value::Object(obj)
        })
        .collect();
    let mut doc = json!({"version": VERSION, "files": files});
    if let Some(b) = report.baselined {
        doc["baselined"] = json!(b);
    }
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::super::testdata;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&testdata::report()));
    }
}
