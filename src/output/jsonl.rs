//! `jsonl`: one JSON object per line, for streaming into `jq`, log
//! pipelines and databases. Each line carries its `path` and a `type`:
//! - `"finding"`: the fields of a `json` diagnostic;
//! - `"notice"`: the same without `category` (suppression problems);
//! - `"error"`: a file that could not be checked, with `error`.
//!
//! Lines follow the input order of files, then source order.

use super::RunReport;
use crate::span::LineIndex;
use serde_json::{json, Map, Value};

pub fn render(report: &RunReport) -> String {
    let mut out = String::new();
    for file in &report.files {
        if let Some(err) = &file.error {
            line(
                &mut out,
                json!({"type": "error", "path": file.path, "error": err}),
            );
            continue;
        }
        let Some(text) = &file.text else { continue };
        let idx = LineIndex::new(text);
        for it in file.items() {
            let mut m = Map::new();
            m.insert(
                "type".into(),
                json!(if it.finding.is_some() {
                    "finding"
                } else {
                    "notice"
                }),
            );
            m.insert("path".into(), json!(file.path));
            m.extend(super::json::item_fields(&idx, text, &it));
            line(&mut out, Value::Object(m));
        }
    }
    out
}

fn line(out: &mut String, v: Value) {
    out.push_str(&v.to_string());
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::super::testdata;

    #[test]
    fn snapshot() {
        let s = super::render(&testdata::report());
        for l in s.lines() {
            let v: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            assert!(v["path"].is_string());
        }
        insta::assert_snapshot!(s);
    }
}
