//! The SARIF output validates against the official SARIF 2.1.0 JSON schema
//! (`../shared/schemas/sarif-schema-2.1.0.json`, beside the repository), with
//! format checks (URIs) on, and says what GitHub code scanning relies on.

use insta_cmd::get_cargo_bin;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

fn schema() -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("the SARIF schema is expected at {}: {e}", p.display()));
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn sarif(args: &[&str]) -> Value {
    let out = Command::new(get_cargo_bin("copydesk"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cli/project"))
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).expect("SARIF output is JSON")
}

fn assert_valid(doc: &Value) {
    let v = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema())
        .expect("the official schema compiles");
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}

#[test]
fn full_run_is_valid_sarif() {
    let doc = sarif(&[]);
    assert_valid(&doc);
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() > 20);
    for r in rules {
        assert!(r["shortDescription"]["text"]
            .as_str()
            .is_some_and(|s| !s.is_empty()));
        assert!(r["help"]["text"].as_str().is_some_and(|s| !s.is_empty()));
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let id = res["ruleId"].as_str().unwrap();
        let idx = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], id);
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains("://"), "{uri}");
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][k].as_u64().is_some_and(|n| n >= 1), "{k}");
        }
    }
    // Notices travel as results of copydesk's own ids.
    assert!(results
        .iter()
        .any(|r| r["ruleId"] == "copydesk/unused-suppression"));
}

#[test]
fn unreadable_files_are_valid_notifications() {
    let doc = sarif(&["news/clean.md", "news/missing.md"]);
    assert_valid(&doc);
    let inv = &doc["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(
        inv["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
            ["artifactLocation"]["uri"],
        "news/missing.md"
    );
}

#[test]
fn an_invalid_document_is_rejected() {
    // The validator is really checking: a result without a message fails.
    let mut doc = sarif(&["news/council.md"]);
    doc["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let v = jsonschema::options().build(&schema()).unwrap();
    assert!(!v.is_valid(&doc));
}
