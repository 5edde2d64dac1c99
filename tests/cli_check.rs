//! End-to-end tests of `copydesk check` and `copydesk config show`: each
//! pins the arguments, standard output, standard error and exit status
//! (insta-cmd snapshots in `tests/snapshots/`). The test project is
//! `tests/data/cli/project`: a `copydesk.yaml` with a rule pack, ignores,
//! severities, an override, exclusions and site knowledge; articles with
//! findings, inline suppressions (used, unused and invalid), a clean one,
//! an excluded draft and a git-ignored file.

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/cli")
        .join(dir)
}

/// `copydesk` run in a test-data directory, with a fixed environment.
fn copydesk(dir: &str) -> Command {
    let mut c = Command::new(get_cargo_bin("copydesk"));
    c.current_dir(data(dir))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_ACTIONS");
    c
}

/// Absolute paths of this checkout vary; snapshots show `[DATA]` instead.
macro_rules! redacted {
    ($($body:tt)*) => {
        insta::with_settings!({filters => vec![
            (regex_escape(&data("").display().to_string()).as_str(), "[DATA]/"),
        ]}, { $($body)* })
    };
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' {
                c.to_string()
            } else {
                format!("\\{c}")
            }
        })
        .collect()
}

#[test]
fn human() {
    assert_cmd_snapshot!(copydesk("project").arg("check"));
}

#[test]
fn concise() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--format", "concise"]));
}

#[test]
fn json() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--format", "json"]));
}

#[test]
fn jsonl() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--format", "jsonl"]));
}

#[test]
fn sarif() {
    assert_cmd_snapshot!(copydesk("project").args([
        "check",
        "--format",
        "sarif",
        "--select",
        "political-ad,boilerplate,copydesk"
    ]));
}

#[test]
fn github() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--format", "github"]));
}

#[test]
fn rdjson() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--format", "rdjson"]));
}

#[test]
fn statistics() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--statistics"]));
}

#[test]
fn statistics_beside_a_report_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.sarif");
    let o = copydesk("project")
        .args(["check", "--format", "sarif", "--statistics", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains("political-ad/vote-appeal"), "{stdout}");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(stderr.contains("findings in"), "{stderr}");
}

#[test]
fn statistics_need_stdout() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--format", "sarif", "--statistics"]));
}

#[test]
fn select_ignore_and_exit_status() {
    // Only political ads: the vote appeal is an error.
    assert_cmd_snapshot!(
        "select_political_ad",
        copydesk("project").args(["check", "--format", "concise", "--select", "political-ad"])
    );
    // Errors fail only at `error`; the boilerplate infos do not.
    assert_cmd_snapshot!(
        "fail_level_error_without_errors",
        copydesk("project").args([
            "check",
            "--format",
            "concise",
            "--ignore",
            "political-ad,copydesk",
            "--fail-level",
            "error"
        ])
    );
    assert_cmd_snapshot!(
        "exit_zero",
        copydesk("project").args([
            "check",
            "--format",
            "concise",
            "--exit-zero",
            "news/council.md"
        ])
    );
}

#[test]
fn unknown_selector() {
    assert_cmd_snapshot!(copydesk("project").args(["check", "--ignore", "boilerplate/sharebar"]));
}

#[test]
fn exclude_and_explicit_files() {
    // A named file is checked even when excluded…
    assert_cmd_snapshot!(
        "named_excluded_file",
        copydesk("project").args(["check", "--format", "concise", "drafts/draft.md"])
    );
    // …unless --force-exclude (what the pre-commit hook passes).
    assert_cmd_snapshot!(
        "force_exclude",
        copydesk("project").args([
            "check",
            "--format",
            "concise",
            "--force-exclude",
            "drafts/draft.md",
            "news/clean.md"
        ])
    );
    assert_cmd_snapshot!(
        "cli_exclude_and_glob",
        copydesk("project").args([
            "check",
            "--format",
            "concise",
            "--exclude",
            "archive",
            "news/*.md",
            "archive"
        ])
    );
}

#[test]
fn ignore_files() {
    // `.copydeskignore` hides ignored/old.md; --no-ignore brings it back.
    let o = copydesk("project")
        .args([
            "check",
            "--format",
            "concise",
            "--select",
            "boilerplate/share-bar",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("ignored/old.md"));
    assert_cmd_snapshot!(copydesk("project").args([
        "check",
        "--format",
        "concise",
        "--select",
        "boilerplate/share-bar",
        "--no-ignore"
    ]));
}

#[test]
fn stdin() {
    assert_cmd_snapshot!(copydesk("project")
        .args(["check", "--format", "concise", "-"])
        .pass_stdin("# Note\n\nSubscribe to the Daily Beacon for more.\n"));
}

#[test]
fn broken_config() {
    assert_cmd_snapshot!(copydesk("broken-config").arg("check"));
}

#[test]
fn bad_config_values() {
    assert_cmd_snapshot!(copydesk("bad-config-values").arg("check"));
}

#[test]
fn broken_rule_file() {
    assert_cmd_snapshot!(copydesk("broken-rules").args([
        "check",
        "--no-config",
        "--rules",
        "bad-regex.yaml",
        "a.md"
    ]));
}

#[test]
fn config_show() {
    redacted! {
        assert_cmd_snapshot!(copydesk("project").args(["config", "show"]));
    }
}

#[test]
fn missing_path() {
    assert_cmd_snapshot!(copydesk("project").args([
        "check",
        "--format",
        "concise",
        "news/clean.md",
        "news/nope.md"
    ]));
}

/// `supersedes` (fabricated-expert/unaffiliated-expert over name-spelling)
/// is applied after the per-path overrides: where the superseding rule is
/// switched off, the superseded rule's finding stays.
#[test]
fn supersedes_follows_per_path_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let article = "# Port expansion stalls again\n\nThe harbour board delayed its vote on the container terminal for a third time on Tuesday, citing unresolved questions about dredging costs.\n\n\"The numbers do not add up,\" said Marek Kowalczyk, a renowned independent analyst with decades of experience in shipping. \"Whoever signs this will regret it.\"\n\nBoard members said they would meet again in March. Kowalczik also said the dredging estimate had doubled since spring.\n";
    std::fs::create_dir(dir.path().join("opinion")).unwrap();
    std::fs::write(dir.path().join("news.md"), article).unwrap();
    std::fs::write(dir.path().join("opinion/column.md"), article).unwrap();
    std::fs::write(
        dir.path().join("copydesk.yaml"),
        "overrides:\n  - files: [\"opinion/**\"]\n    ignore: [fabricated-expert]\n",
    )
    .unwrap();
    let o = Command::new(get_cargo_bin("copydesk"))
        .current_dir(dir.path())
        .args(["check", ".", "--format", "concise"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(o.stdout).unwrap();
    let rules_at = |file: &str| -> Vec<String> {
        stdout
            .lines()
            .filter(|l| l.starts_with(file) && l.contains(":7:"))
            .map(|l| l.split(['[', ']']).nth(1).unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(
        rules_at("news.md"),
        ["fabricated-expert/unaffiliated-expert"],
        "{stdout}"
    );
    assert_eq!(
        rules_at("opinion/column.md"),
        ["translation-artifact/name-spelling"],
        "{stdout}"
    );
}
