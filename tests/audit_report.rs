//! `--report`: the HTML and Markdown reports, with hostile archive content.

use std::process::Command;

fn audit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .arg("audit")
        .args(args)
        .output()
        .expect("runs")
}

const HOSTILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/audit/hostile.jsonl"
);

/// Every tag in the page is one the report itself writes.
fn tags(html: &str) -> Vec<String> {
    let re = regex::Regex::new(r"<(/?[A-Za-z!][A-Za-z0-9]*)").unwrap();
    re.captures_iter(html)
        .map(|c| c[1].trim_start_matches('/').to_ascii_lowercase())
        .collect()
}

#[test]
fn html_report_escapes_hostile_content() {
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("audit.html");
    let md_path = dir.path().join("audit.md");
    let out = audit(&[
        HOSTILE,
        "-o",
        dir.path().join("r.jsonl").to_str().unwrap(),
        "--report",
        html_path.to_str().unwrap(),
        "--report",
        md_path.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&html_path).unwrap();
    let allowed = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3",
        "p", "div", "b", "span", "svg", "text", "rect", "table", "thead", "tbody", "tr", "th",
        "td", "code", "a", "mark", "br", "script",
    ];
    for t in tags(&html) {
        assert!(
            allowed.contains(&t.as_str()),
            "unexpected tag <{t}> in the report"
        );
    }
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the report's own sorting script"
    );
    for raw in [
        "\"><img",
        "' onmouseover='",
        "onclick=\"alert",
        "<svg onload",
        "javascript:alert(1)//\"",
        "<!-- -->",
    ] {
        assert!(!html.contains(raw), "raw `{raw}` in the HTML report");
    }
    // The hostile text is shown, escaped, in the examples' context.
    assert!(html.contains("&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(&#39;attr&#39;)&gt;"));
    assert!(html.contains("<mark>Paid for by Friends of Karen Ostrowski"));
    assert!(html.contains("x1&quot;&gt;&lt;script&gt;alert(&#39;id&#39;)"));
    // No network: a CSP that forbids loading anything, no external URLs in attributes.
    assert!(html.contains("default-src 'none'"));
    assert!(!html.contains("src=\"http") && !html.contains("href=\"http"));
    let md = std::fs::read_to_string(&md_path).unwrap();
    let md_tags: Vec<String> = tags(&md).into_iter().filter(|t| t != "br").collect();
    assert!(
        md_tags.is_empty(),
        "raw HTML in the Markdown report: {md_tags:?}"
    );
    assert!(md.contains("&lt;script&gt;alert\\(\\'text\\'\\)&lt;/script&gt;"));
    assert!(md.contains("**Paid for by Friends of Karen Ostrowski"));
    assert!(!md.contains("[click](javascript"));
}

#[test]
fn report_keeps_first_examples_and_aggregates() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.jsonl");
    let mut body = String::new();
    for i in 0..60 {
        let text = if i % 2 == 0 {
            format!("Story {i} about the council vote on the budget.\n\nPaid for by Friends of Karen Ostrowski, Mark Lind, Treasurer.")
        } else {
            format!("Story {i} about the council vote on the budget, with nothing else.")
        };
        let dom = if i % 2 == 0 {
            "ads.example"
        } else {
            "clean.example"
        };
        body.push_str(
            &serde_json::json!({"id": i, "url": format!("https://{dom}/{i}"), "text": text})
                .to_string(),
        );
        body.push('\n');
    }
    std::fs::write(&p, body).unwrap();
    let html_path = dir.path().join("r.html");
    let md_path = dir.path().join("r.md");
    let out = audit(&[
        p.to_str().unwrap(),
        "-o",
        dir.path().join("r.jsonl").to_str().unwrap(),
        "--report",
        html_path.to_str().unwrap(),
        "--report",
        md_path.to_str().unwrap(),
        "--report-examples",
        "3",
        "-j",
        "4",
        "--batch-records",
        "1",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let html = std::fs::read_to_string(&html_path).unwrap();
    let section = html
        .split("<h3 id=\"rule-political-ad-paid-disclaimer\">")
        .nth(1)
        .expect("examples for the rule")
        .split("<h3")
        .next()
        .unwrap();
    assert_eq!(section.matches("class=\"ex\"").count(), 3);
    for id in ["id 0 ", "id 2 ", "id 4 "] {
        assert!(section.contains(id), "first records in input order: {id}");
    }
    // Domain table with defect rates, sortable.
    assert!(html.contains("<table class=\"sortable\">"));
    assert!(html.contains("<td>ads.example</td><td class=\"n\" data-v=\"30\">30</td><td class=\"n\" data-v=\"30\">30</td><td class=\"n\" data-v=\"100.0000\">"));
    assert!(html.contains("<svg role=\"img\" aria-label=\"records with findings by category\""));
    let md = std::fs::read_to_string(&md_path).unwrap();
    assert!(md.contains("| political-ad | 30 | 50.0% |"), "{md}");
    assert!(md.contains("| ads\\.example | 30 | 30 | 100.0% |"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("ads.example") && stderr.contains("100.0% of"),
        "{stderr}"
    );

    let bad = audit(&[p.to_str().unwrap(), "--report", "x.pdf"]);
    assert_eq!(bad.status.code(), Some(2));
}
