//! `json`: the versioned machine-readable contract (see docs/json-output.md).
//!
//! ```text
//! {"version": 1, "files": [{"path": "...", "diagnostics": [
//!   {"rule", "category", "severity", "message", "span": {"start", "end"},
//!    "line", "column", "end_line", "end_column", "snippet"}]}]}
//! ```

use super::{positions, snippet, RunReport};
use crate::span::LineIndex;
use serde_json::{json, Value};

pub const VERSION: u32 = 1;

pub fn render(report: &RunReport) -> String {
    let files: Vec<Value> = report
        .files
        .iter()
        .map(|f| {
            let mut obj = serde_json::Map::new();
            obj.insert("path".into(), json!(f.path));
            let diags: Vec<Value> = match &f.text {
                Some(text) => {
                    let idx = LineIndex::new(text);
                    f.findings
                        .iter()
                        .map(|d| {
                            let (s, e) = positions(&idx, text, d.span);
                            json!({
                                "rule": &*d.rule,
                                "category": d.category.id(),
                                "severity": d.severity.id(),
                                "message": d.message,
                                "span": {"start": d.span.start, "end": d.span.end},
                                "line": s.line,
                                "column": s.column,
                                "end_line": e.line,
                                "end_column": e.column,
                                "snippet": snippet(text, d.span),
                            })
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            obj.insert("diagnostics".into(), Value::Array(diags));
            if let Some(err) = &f.error {
                obj.insert("error".into(), json!(err));
            }
            Value::Object(obj)
        })
        .collect();
    let doc = json!({"version": VERSION, "files": files});
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    s.push('\n');
    s
}
