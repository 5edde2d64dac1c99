//! `copydesk audit`: one result per record, in order, whatever the input
//! throws at it; sharding; compressed inputs; stdin.

use serde_json::Value;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_copydesk"))
}

fn audit(args: &[&str]) -> Output {
    bin().arg("audit").args(args).output().expect("runs")
}

fn results(out: &[u8]) -> Vec<Value> {
    std::str::from_utf8(out)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

const PARAS: [&str; 6] = [
    "The city council voted 7-2 on Tuesday to approve the new budget, which adds money for road repairs and libraries.",
    "Mayor Ana Ruiz said the plan keeps property taxes flat for a third year while hiring twelve new firefighters.",
    "Critics on the council argued that the spending on consultants should have been cut before any new hires.",
    "Subscribe to our newsletter for the latest local news delivered to your inbox every morning.",
    "The budget takes effect on July 1 and will be reviewed again in the spring, officials said.",
    "Residents can read the full document on the city website and comment until the end of the month.",
];

/// A record with a varying amount of text (so batches take uneven time).
fn record(i: usize) -> String {
    let n = 1 + (i * 7919) % 23;
    let text: Vec<&str> = (0..n).map(|k| PARAS[(i + k) % PARAS.len()]).collect();
    serde_json::json!({
        "id": format!("rec-{i}"),
        "url": format!("https://www.site{}.example/story/{i}", i % 5),
        "title": format!("Council story number {i}"),
        "text": text.join("\n\n"),
    })
    .to_string()
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn order_and_count_preserved_under_parallelism() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.jsonl");
    let n = 600;
    let body: String = (0..n).map(|i| record(i) + "\n").collect();
    write(&p, body.as_bytes());
    for (jobs, batch) in [("1", "64"), ("4", "1"), ("3", "7")] {
        let out = audit(&[
            p.to_str().unwrap(),
            "-j",
            jobs,
            "--batch-records",
            batch,
            "-q",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let r = results(&out.stdout);
        assert_eq!(r.len(), n);
        for (i, v) in r.iter().enumerate() {
            assert_eq!(v["record"], (i + 1) as u64);
            assert_eq!(v["line"], (i + 1) as u64);
            assert_eq!(v["id"], format!("rec-{i}"));
            assert_eq!(v["status"], "ok");
        }
        // The newsletter paragraph is boilerplate in the default pack:
        // records that contain it have a boilerplate finding with its span.
        let text_of = |i: usize| -> String {
            let v: Value = serde_json::from_str(&record(i)).unwrap();
            v["text"].as_str().unwrap().to_string()
        };
        let flagged = r
            .iter()
            .enumerate()
            .filter(|(_, v)| v["counts"]["boilerplate"].as_u64().unwrap_or(0) > 0)
            .count();
        let with_para = (0..n).filter(|i| text_of(*i).contains("Subscribe")).count();
        assert!(
            flagged > 0 && flagged <= with_para,
            "{flagged} vs {with_para}"
        );
        for (i, v) in r.iter().enumerate() {
            for f in v["findings"].as_array().unwrap() {
                let t = text_of(i);
                let (s, e) = (
                    f["span"]["start"].as_u64().unwrap() as usize,
                    f["span"]["end"].as_u64().unwrap() as usize,
                );
                assert!(s <= e && e <= t.len(), "span inside the text field");
                assert!(t.is_char_boundary(s) && t.is_char_boundary(e));
            }
        }
    }
}

/// gzip of `lines`, with every kind of bad record, then cut.
#[test]
fn corrupted_gzip_archive_one_result_per_record() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for i in 0..3000 {
        let l = match i % 10 {
            3 => b"{\"id\": \"broken\", \"text\": \"unterminated".to_vec(),
            4 => b"{\"id\": \"no-text\", \"body\": \"x\"}".to_vec(),
            5 => b"{\"id\": \"bad-utf8\", \"text\": \"caf\xc3\x28 au lait\"}".to_vec(),
            6 if i % 100 == 6 => {
                // A huge record (over the limit set below).
                let big = "word ".repeat(40_000);
                serde_json::json!({"id": "huge", "text": big})
                    .to_string()
                    .into_bytes()
            }
            7 => b"[1, 2, 3]".to_vec(),
            8 => b"{\"id\": 8, \"text\": 42}".to_vec(),
            _ => record(i).into_bytes(),
        };
        lines.push(l);
    }
    let mut plain = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        plain.extend_from_slice(l);
        plain.push(b'\n');
        if i % 500 == 0 {
            plain.extend_from_slice(b"\n   \n"); // blank lines are not records
        }
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&plain).unwrap();
    let gz = gz.finish().unwrap();
    let cut = &gz[..gz.len() * 2 / 3];
    let p = dir.path().join("crawl.jsonl.gz");
    write(&p, cut);

    // What a tolerant reader recovers: complete lines plus the partial one.
    let mut recovered = Vec::new();
    let mut d = flate2::read::MultiGzDecoder::new(cut);
    let mut buf = [0u8; 8192];
    loop {
        match d.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => recovered.extend_from_slice(&buf[..n]),
            Err(_) => break,
        }
    }
    let started = recovered
        .split(|b| *b == b'\n')
        .filter(|l| !l.iter().all(u8::is_ascii_whitespace))
        .count();
    let partial_last = !recovered.ends_with(b"\n");
    assert!(started > 100 && started < 3000);

    let out = audit(&[
        p.to_str().unwrap(),
        "--max-record-bytes",
        "100000",
        "-j",
        "2",
        "--batch-records",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(2), "a truncated input exits 2");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("could not be read to the end"), "{stderr}");
    let r = results(&out.stdout);
    // One result per record that began in the readable part, plus one for
    // the broken remainder when the cut fell on a line boundary.
    let expected = if partial_last { started } else { started + 1 };
    assert_eq!(r.len(), expected);
    for (i, v) in r.iter().enumerate() {
        assert_eq!(v["record"], (i + 1) as u64, "in order, none lost");
    }
    let last = r.last().unwrap();
    assert_eq!(last["status"], "error");
    assert!(
        last["error"].as_str().unwrap().contains("truncated"),
        "{last}"
    );
    // Every kind of bad record became an error result, and the run went on.
    let err_of = |id: &str| {
        r.iter()
            .find(|v| v["id"] == id && v["status"] == "error")
            .map(|v| v["error"].as_str().unwrap().to_string())
    };
    assert!(err_of("no-text").unwrap().contains("no `text` field"));
    assert!(err_of("8").unwrap().contains("not a string"));
    let errors: Vec<&str> = r
        .iter()
        .filter(|v| v["status"] == "error")
        .map(|v| v["error"].as_str().unwrap())
        .collect();
    assert!(errors.iter().any(|e| e.starts_with("malformed JSON")));
    assert!(errors.iter().any(|e| e.starts_with("invalid UTF-8")));
    assert!(errors
        .iter()
        .any(|e| e.contains("JSON array, not an object")));
    assert!(errors.iter().any(|e| e.contains("--max-record-bytes")));
    for (i, v) in r.iter().enumerate().take(r.len() - 1) {
        let ok = v["status"] == "ok";
        assert_eq!(
            ok,
            !matches!(i % 10, 3..=5 | 7 | 8) && (i % 100 != 6),
            "record {}",
            i + 1
        );
    }
    assert!(stderr.contains("errors:"), "summary lists errors: {stderr}");
}

#[test]
fn shards_cover_every_record_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.jsonl");
    let mut body: String = (0..400).map(|i| record(i) + "\n").collect();
    body.push_str("not json at all\n{\"text\": \"no id here\"}\n");
    write(&p, body.as_bytes());
    let total = 402;
    for by in ["number", "id"] {
        let mut seen = vec![0u32; total];
        for i in 0..3 {
            let shard = format!("{i}/3");
            let out = audit(&[
                p.to_str().unwrap(),
                "--shard",
                &shard,
                "--shard-by",
                by,
                "-q",
            ]);
            assert_eq!(out.status.code(), Some(0));
            let r = results(&out.stdout);
            assert!(r.len() > 50, "shards are not empty");
            let mut prev = 0;
            for v in &r {
                let n = v["record"].as_u64().unwrap() as usize;
                assert!(n > prev, "increasing record numbers within a shard");
                prev = n;
                seen[n - 1] += 1;
            }
        }
        assert!(seen.iter().all(|c| *c == 1), "by {by}: {seen:?}");
    }
    let bad = audit(&[p.to_str().unwrap(), "--shard", "3/3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("numbered 0 to 2"));
}

#[test]
fn directories_compression_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("shards");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    let chunk = |r: std::ops::Range<usize>| -> Vec<u8> {
        r.map(|i| record(i) + "\n").collect::<String>().into_bytes()
    };
    write(&d.join("a.jsonl"), &chunk(0..10));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&chunk(10..20)).unwrap();
    write(&d.join("b.jsonl.gz"), &gz.finish().unwrap());
    write(
        &d.join("sub/c.jsonl.zst"),
        &zstd::encode_all(&chunk(20..30)[..], 3).unwrap(),
    );
    write(&d.join("notes.txt"), b"not an archive");
    let out = audit(&[d.to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(0));
    let r = results(&out.stdout);
    let ids: Vec<String> = r
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    let want: Vec<String> = (0..30).map(|i| format!("rec-{i}")).collect();
    assert_eq!(ids, want);
    assert!(r[12]["source"].as_str().unwrap().ends_with("b.jsonl.gz"));
    assert_eq!(r[12]["line"], 3);
    // `-o -` is standard output too (no file named "-")
    let dash = audit(&[d.to_str().unwrap(), "-q", "-o", "-"]);
    assert_eq!(dash.status.code(), Some(0));
    assert_eq!(results(&dash.stdout), r);
    assert!(!std::path::Path::new("-").exists());

    // stdin, zstd-compressed, with nested and renamed fields
    let nested: String = (0..5)
        .map(|i| {
            serde_json::json!({"meta": {"url": format!("http://x{i}.org/a")}, "content": PARAS[i], "doc_id": i})
                .to_string()
                + "\n"
        })
        .collect();
    let mut child = bin()
        .args([
            "audit",
            "-",
            "--text-field",
            "content",
            "--url-field",
            "meta.url",
            "--id-field",
            "doc_id",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = zstd::encode_all(nested.as_bytes(), 3).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let r = results(&out.stdout);
    assert_eq!(r.len(), 5);
    assert_eq!(r[3]["url"], "http://x3.org/a");
    assert_eq!(r[3]["id"], "3");
    assert_eq!(r[3]["source"], "-");
    let summary = String::from_utf8_lossy(&out.stderr);
    assert!(
        summary.contains("audit: 5 records (5 checked, 0 errors)"),
        "{summary}"
    );
    assert!(
        summary.contains("subscribe") || summary.contains("boilerplate"),
        "{summary}"
    );
}

#[test]
fn missing_input_and_bad_field_path_exit_2() {
    let out = audit(&["/nonexistent/archive.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file"));
    let out = audit(&["-", "--text-field", "a..b"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid field path"));
}

#[test]
fn fail_level_and_format_field() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.jsonl");
    let lines = [
        serde_json::json!({"text": "<p>Plain paragraph one about the council.</p><p>Another paragraph.</p>", "kind": "text/html"}),
        serde_json::json!({"text": "# A heading\n\nBody paragraph here.", "kind": "markdown"}),
        serde_json::json!({"text": "Paid for by Friends of Karen Ostrowski, Mark Lind, Treasurer.", "kind": "weird"}),
    ];
    let body: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    write(&p, body.as_bytes());
    let out = audit(&[p.to_str().unwrap(), "--format-field", "kind", "-q"]);
    assert_eq!(out.status.code(), Some(0), "findings never fail by default");
    let r = results(&out.stdout);
    assert_eq!(r[0]["format"], "html");
    assert_eq!(r[1]["format"], "markdown");
    assert_eq!(r[2]["format"], "text");
    assert!(r[2]["counts"]["political-ad"].as_u64().unwrap() >= 1);
    let out = audit(&[p.to_str().unwrap(), "--fail-level", "warning", "-q"]);
    assert_eq!(out.status.code(), Some(1));
}
