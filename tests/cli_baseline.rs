//! Baselines end to end: record an archive's findings, edit it, and see
//! only what is new.

use insta_cmd::{assert_cmd_snapshot, get_cargo_bin};
use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn copydesk(dir: &Path) -> Command {
    let mut c = Command::new(get_cargo_bin("copydesk"));
    c.current_dir(dir).env("NO_COLOR", "1");
    c
}

#[test]
fn baseline_hides_recorded_findings_and_survives_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cli/project"),
        &root,
    );
    assert_cmd_snapshot!(
        "write_baseline",
        copydesk(&root).args([
            "check",
            "--format",
            "concise",
            "--select",
            "political-ad,boilerplate",
            "--write-baseline",
            "copydesk-baseline.json"
        ])
    );
    let bl = std::fs::read_to_string(root.join("copydesk-baseline.json")).unwrap();
    insta::assert_snapshot!("baseline_file", bl);

    // Unrelated edits: a paragraph added above the findings, lines moved.
    let council = root.join("news/council.md");
    let text = std::fs::read_to_string(&council).unwrap();
    let edited = text.replacen(
        "The city council approved",
        "A new paragraph written later.\n\nThe city council approved",
        1,
    ) + "\nShare this article\n";
    std::fs::write(&council, edited).unwrap();
    // A new finding in another file.
    std::fs::write(
        root.join("news/clean.md"),
        "# Bridge reopens\n\nThe bridge reopened.\n\nRe-elect Mayor Bob Stone on November 3!\n",
    )
    .unwrap();
    // Run from a subdirectory: paths are relative to the baseline's directory.
    assert_cmd_snapshot!(
        "check_against_baseline",
        copydesk(&root.join("news")).args([
            "check",
            "--format",
            "concise",
            "--select",
            "political-ad,boilerplate",
            "--baseline",
            "../copydesk-baseline.json",
            "."
        ])
    );
}

#[test]
fn unreadable_baseline_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), "# A\n\nText.\n").unwrap();
    std::fs::write(tmp.path().join("bl.json"), "{\"version\": 1}").unwrap();
    assert_cmd_snapshot!(copydesk(tmp.path()).args([
        "check",
        "--no-config",
        "--baseline",
        "bl.json",
        "a.md"
    ]));
}
