//! `sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
//!
//! - `tool.driver.rules`: every rule that ran, with its description, help,
//!   default level and category (as `properties.tags`), plus copydesk's own
//!   notice ids;
//! - `results`: `ruleId`/`ruleIndex`, `level`, `message`, one
//!   `physicalLocation` with a repository-relative URI (relative to the
//!   directory copydesk runs in, `uriBaseId` `%SRCROOT%`) and a full region:
//!   start/end line and column, byte offset/length and the snippet;
//!   `partialFingerprints` carry the baseline fingerprint so code scanning
//!   tracks an alert across commits;
//! - `columnKind` is `unicodeCodePoints`: columns count Unicode scalar
//!   values, as in every copydesk format;
//! - files that could not be checked are `toolExecutionNotifications` of
//!   the invocation, which is then not `executionSuccessful`.

use super::RunReport;
use crate::rule::Severity;
use crate::span::LineIndex;
use serde_json::{json, Value};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// `partialFingerprints` key; bump the version when the fingerprint changes.
pub const FINGERPRINT_KEY: &str = "copydeskFingerprint/v1";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative, `/`-separated path as a URI reference (RFC 3986): bytes
/// outside the unreserved set and `/` are percent-encoded. Absolute paths
/// become `file://` URIs.
pub fn path_uri(path: &str) -> (String, bool) {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    let absolute = p.starts_with('/') || p.as_bytes().get(1) == Some(&b':');
    let mut out = String::with_capacity(p.len());
    for b in p.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) || (absolute && b == b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    if absolute {
        let sep = if out.starts_with('/') { "" } else { "/" };
        (format!("file://{sep}{out}"), false)
    } else {
        (out, true)
    }
}

fn first_sentence(s: &str) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.find(". ") {
        Some(i) => flat[..=i].to_string(),
        None => flat,
    }
}

fn artifact(path: &str) -> Value {
    let (uri, relative) = path_uri(path);
    if relative {
        json!({"uri": uri, "uriBaseId": "%SRCROOT%"})
    } else {
        json!({"uri": uri})
    }
}

pub fn render(report: &RunReport) -> String {
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            let mut tags = Vec::new();
            if let Some(c) = r.category {
                tags.push(c.id());
            }
            let help = r.help.clone().unwrap_or_else(|| r.description.clone());
            json!({
                "id": r.id,
                "name": r.id,
                "shortDescription": {"text": first_sentence(&r.description)},
                "fullDescription": {"text": r.description.split_whitespace().collect::<Vec<_>>().join(" ")},
                "help": {"text": help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {
                    "category": r.category.map_or("copydesk", |c| c.id()),
                    "tags": tags,
                },
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for file in &report.files {
        if let Some(err) = &file.error {
            notifications.push(json!({
                "level": "error",
                "message": {"text": format!("{}: not checked: {err}", file.path)},
                "locations": [{"physicalLocation": {"artifactLocation": artifact(&file.path)}}],
            }));
            continue;
        }
        let Some(text) = &file.text else { continue };
        let idx = LineIndex::new(text);
        for it in file.items() {
            let (s, e) = super::positions(&idx, text, it.span);
            let mut r = json!({
                "ruleId": it.rule,
                "level": level(it.severity),
                "message": {"text": it.message},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact(&file.path),
                        "region": {
                            "startLine": s.line,
                            "startColumn": s.column,
                            "endLine": e.line,
                            "endColumn": e.column,
                            "byteOffset": it.span.start,
                            "byteLength": it.span.len(),
                            "snippet": {"text": super::snippet(text, it.span)},
                        }
                    }
                }],
                "partialFingerprints": {
                    FINGERPRINT_KEY: crate::baseline::fingerprint(it.rule, text, it.span),
                },
            });
            if let Some(i) = report.rules.iter().position(|m| m.id == it.rule) {
                r["ruleIndex"] = json!(i);
            }
            results.push(r);
        }
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "copydesk",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::super::testdata;
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(path_uri("./news/a b.md"), ("news/a%20b.md".into(), true));
        assert_eq!(path_uri("news/ü.md").0, "news/%C3%BC.md");
        assert_eq!(
            path_uri("/srv/x y.md"),
            ("file:///srv/x%20y.md".into(), false)
        );
        assert_eq!(path_uri("C:\\a\\b.md"), ("file:///C:/a/b.md".into(), false));
    }

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(&testdata::report()));
    }
}
