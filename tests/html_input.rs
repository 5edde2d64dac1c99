//! End-to-end: the built-in pack over HTML articles; every finding's span
//! must slice the original HTML to the defect's own bytes.

use copydesk::document::{BlockKind, InputFormat};
use copydesk::engine::Engine;
use copydesk::span::Span;
use std::process::Command;

const ARTICLE: &str = include_str!("data/html/defective-article.html");
const CP1251: &str = "tests/data/html/windows-1251-article.html";

fn engine() -> Engine {
    Engine::new(copydesk::rule::load::builtin().expect("built-in pack loads"))
}

/// The source extent of every `<open …>…</close>` region starting with `open`.
fn regions(src: &str, open: &str, close: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = src[from..].find(open) {
        let s = from + i;
        let e = src[s..]
            .find(close)
            .map_or(src.len(), |k| s + k + close.len());
        out.push(Span::new(s, e));
        from = e;
    }
    assert!(!out.is_empty(), "fixture has no {open}");
    out
}

#[test]
fn html_article_findings_slice_the_original_bytes() {
    let findings = engine().check_text(ARTICLE, InputFormat::Html);
    let got: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (&*f.rule, &ARTICLE[f.span.range()]))
        .collect();
    let expected = [
        // The breadcrumb's visible text, mapped back through its links and entities.
        (
            "boilerplate/breadcrumb",
            r#"Home</a> &raquo; <a href="/world">World</a> &raquo; <a href="/world/ukraine">Ukraine"#,
        ),
        // Page chrome that leaked into the article body is still seen.
        ("boilerplate/share-bar", "Share on: Facebook | Twitter"),
        ("boilerplate/comment-form", "Leave a Comment"),
        // The later spelling, in `Podoliak&rsquo;s`: the name's own bytes.
        ("translation-artifact/name-spelling", "Podoliak"),
        // Two <br>s split the ad slot into slogan and disclaimer.
        (
            "political-ad/candidate-slogan",
            "Karen Ostrowski for City Council, District 4",
        ),
        // A sentence with an entity maps to its source, entity included.
        (
            "political-ad/paid-disclaimer",
            "Paid for by Friends of Karen O&rsquo;Brien-Ostrowski, Mark Lind, Treasurer.",
        ),
        // The empty answer at the end of the Q&A: the label with its markup.
        ("truncated-interview/empty-turn", "<strong>A:</strong>"),
    ];
    for e in expected {
        assert!(got.contains(&e), "missing {e:?}; got {got:#?}");
    }

    let spelling = findings
        .iter()
        .find(|f| &*f.rule == "translation-artifact/name-spelling")
        .unwrap();
    assert_eq!(&ARTICLE[spelling.related[0].0.range()], "Podolyak");
    let in_entity_word = ARTICLE.find("Podoliak&rsquo;s").unwrap();
    assert_eq!(spelling.span, Span::new(in_entity_word, in_entity_word + 8));

    // Nothing is reported from the page template or from scripts and styles,
    // though each of them holds text the rules would flag.
    let mut skipped = regions(ARTICLE, "<head>", "</head>");
    skipped.extend(regions(
        ARTICLE,
        "<header class=\"site-header\"",
        "</header>",
    ));
    skipped.extend(regions(ARTICLE, "<aside", "</aside>"));
    skipped.extend(regions(ARTICLE, "<footer", "</footer>"));
    for f in &findings {
        for r in &skipped {
            assert!(
                !r.overlaps(f.span),
                "{} reported inside a skipped region: {:?}",
                f.rule,
                &ARTICLE[f.span.range()]
            );
        }
        assert!(ARTICLE.is_char_boundary(f.span.start) && ARTICLE.is_char_boundary(f.span.end));
    }
    for rule in [
        "boilerplate/copyright-footer",
        "boilerplate/page-chrome",
        "boilerplate/read-also",
        "political-ad/vote-appeal",
    ] {
        assert!(
            !got.iter().any(|(r, _)| *r == rule),
            "{rule} fired on skipped content: {got:#?}"
        );
    }
}

#[test]
fn html_article_document_model() {
    let e = engine();
    let doc = e.parse(ARTICLE, InputFormat::Html);
    // The headline is the <h1>, not the <title> with its site suffix.
    let h = doc.headline.as_ref().expect("headline");
    assert_eq!(h.text, "Podolyak: talks with Russia will continue");
    assert_eq!(
        &ARTICLE[h.span.range()],
        "Podolyak: talks with Russia will continue"
    );
    // Comments stay available for inline directives.
    assert!(doc.blocks.iter().any(|b| b.kind == BlockKind::Html
        && b.text() == "<!-- site header: not part of the article -->"));
    // Four interview turns, labels spanning their <strong> markup.
    let turns: Vec<(&str, &str)> = doc
        .blocks
        .iter()
        .filter_map(|b| {
            let t = b.turn.as_ref()?;
            Some((&ARTICLE[t.label_span.range()], b.turn_body()))
        })
        .collect();
    assert_eq!(
        turns,
        [
            (
                "<strong>Q:</strong>",
                "When will the next round take place?"
            ),
            (
                "<strong>A:</strong>",
                "Within days. The working groups meet every day."
            ),
            ("<strong>Q:</strong>", "Will the presidents meet?"),
            ("<strong>A:</strong>", ""),
        ]
    );
    // Whitespace inside a paragraph collapses; the text maps back exactly.
    let p = doc
        .blocks
        .iter()
        .find(|b| b.text().starts_with("KYIV"))
        .unwrap();
    assert!(p
        .text()
        .contains("adviser to the head of the presidential office"));
    let at = p.text().find("“within days”").unwrap();
    let span = p.src(at, at + "“within days”".len());
    assert_eq!(&ARTICLE[span.range()], "&ldquo;within days&rdquo;");
}

#[test]
fn same_article_as_markdown_and_html_agree_on_categories() {
    // The HTML parser feeds the rules the same model as Markdown does.
    let md = "# Podolyak: talks with Russia will continue\n\nMykhailo Podolyak said talks would resume.\n\nPodoliak’s remarks came later.\n\nShare on: Facebook | Twitter\n\n**Q:** Will the presidents meet?\n\n**A:** Maybe.\n\n**Q:** When?\n\n**A:**\n";
    let html = "<h1>Podolyak: talks with Russia will continue</h1>\n<p>Mykhailo Podolyak said talks would resume.</p>\n<p>Podoliak&rsquo;s remarks came later.</p>\n<p>Share on: Facebook | Twitter</p>\n<p><strong>Q:</strong> Will the presidents meet?</p>\n<p><strong>A:</strong> Maybe.</p>\n<p><b>Q:</b> When?</p>\n<p><b>A:</b></p>\n";
    let e = engine();
    let rules = |text: &str, f: InputFormat| {
        let mut r: Vec<String> = e
            .check_text(text, f)
            .iter()
            .map(|f| f.rule.to_string())
            .collect();
        r.sort();
        r
    };
    let from_md = rules(md, InputFormat::Markdown);
    assert!(from_md.contains(&"truncated-interview/empty-turn".to_string()));
    assert_eq!(rules(html, InputFormat::Html), from_md);
}

#[test]
fn declared_legacy_charset_is_checked_through_the_cli() {
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json", CP1251])
        .output()
        .expect("run copydesk");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let file = &json["files"][0];
    assert_eq!(file["path"], CP1251);
    let bytes = std::fs::read(CP1251).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "fixture is windows-1251"
    );
    let (text, _, _) = encoding_rs::WINDOWS_1251.decode(&bytes);
    let diags = file["diagnostics"].as_array().expect("diagnostics");
    let find = |rule: &str| {
        diags
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} in {diags:#?}"))
    };
    let share = find("boilerplate/share-bar");
    let vote = find("political-ad/vote-appeal");
    for (d, expect) in [
        (share, "Поделиться: Facebook | Twitter"),
        (vote, "Голосуйте за нашу партию 14 марта!"),
    ] {
        // Spans index the UTF-8 transcoding...
        let (s, e) = (
            d["span"]["start"].as_u64().unwrap() as usize,
            d["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], expect);
        // ...while line and column are those of the original file (one byte
        // per character in windows-1251).
        let (enc, _, _) = encoding_rs::WINDOWS_1251.encode(expect);
        let orig = bytes.windows(enc.len()).position(|w| w == &*enc).unwrap();
        let line = bytes[..orig].iter().filter(|b| **b == b'\n').count() + 1;
        let col = orig
            - bytes[..orig]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line as u64), Some(col as u64))
        );
    }
}

#[test]
fn undeclared_legacy_html_is_a_clear_error() {
    let dir = std::env::temp_dir().join(format!("copydesk-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("nodecl.html");
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("<p>Подоляк</p>\n");
    std::fs::write(&path, &bytes).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .output()
        .expect("run copydesk");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(all.contains("not valid UTF-8"), "{all}");
    assert!(all.contains("byte 3"), "{all}");
}
