//! `--clusters`: near-duplicate clusters with added spans, identical titles,
//! over files and stdin, with any memory budget.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const COPIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/audit/copies.jsonl");

fn clusters(args: &[&str], stdin: Option<&[u8]>) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clusters.jsonl");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    cmd.arg("audit")
        .args(args)
        .args([
            "-o",
            "/dev/null",
            "-q",
            "--clusters",
            path.to_str().unwrap(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(b) = stdin {
        input.write_all(b).unwrap();
    }
    drop(input);
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn records(c: &Value) -> Vec<u64> {
    c["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["record"].as_u64().unwrap())
        .collect()
}

#[test]
fn finds_known_copies_and_what_they_add() {
    let got = clusters(&[COPIES], None);
    let near: Vec<&Value> = got
        .iter()
        .filter(|c| c["kind"] == "near-duplicate")
        .collect();
    assert_eq!(near.len(), 2, "{got:?}");
    // The council story, its copy with an injected ad, its shortened copy
    // with a "Read also" line; the flood story and its Markdown version.
    assert_eq!(records(near[0]), vec![1, 4, 8]);
    assert_eq!(records(near[1]), vec![3, 7]);
    let texts: Vec<Value> = std::fs::read_to_string(COPIES)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let copy = &near[0]["members"][1];
    assert_eq!(copy["closest"], 1);
    assert_eq!(copy["domain"], "copycat.example");
    let added = copy["added"].as_array().unwrap();
    assert_eq!(added.len(), 1);
    let text = texts[3]["text"].as_str().unwrap();
    let (s, e) = (
        added[0]["start"].as_u64().unwrap() as usize,
        added[0]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[s..e],
        "Subscribe to our newsletter and get exclusive deals from our partners delivered to your inbox every morning"
    );
    let first = &near[0]["members"][0];
    assert_eq!(first["similarity_to_first"], 1.0);
    assert!(first["added"].as_array().unwrap().is_empty());
    for m in near[0]["members"].as_array().unwrap() {
        assert!(m["similarity_to_first"].as_f64().unwrap() >= 0.7);
    }
    let read_also = near[0]["members"][2]["added"][0]["text"].as_str().unwrap();
    assert!(
        read_also.contains("Ten things to know about the city budget"),
        "{read_also}"
    );
    // Identical titles over different bodies; the copies sharing a title
    // (records 1 and 4) are not reported as such.
    let titles: Vec<&Value> = got.iter().filter(|c| c["kind"] == "same-title").collect();
    assert_eq!(titles.len(), 1);
    assert_eq!(records(titles[0]), vec![2, 5]);
    assert_eq!(titles[0]["title"], "Local news roundup for the week");
    assert_eq!(titles[0]["distinct_bodies"], 2);
    // Cluster ids are sequential.
    let ids: Vec<u64> = got.iter().map(|c| c["cluster"].as_u64().unwrap()).collect();
    assert_eq!(ids, (1..=got.len() as u64).collect::<Vec<_>>());

    // The same from standard input (spooled for the second pass), and with
    // a memory budget so small that every group needs its own pass.
    let bytes = std::fs::read(COPIES).unwrap();
    assert_eq!(clusters(&["-"], Some(&bytes)), got);
    assert_eq!(
        clusters(&[COPIES, "--cluster-memory", "0", "-j", "1"], None),
        got
    );
}

/// A tiny deterministic generator (no test dependency on `rand`).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn planted_copies_are_found_without_false_clusters() {
    let mut rng = Lcg(7);
    let vocab: Vec<String> = (0..5000).map(|i| format!("w{i}")).collect();
    let mut docs: Vec<String> = Vec::new();
    let mut planted: Vec<(usize, usize)> = Vec::new();
    for i in 0..400 {
        if i % 20 == 19 {
            // A copy of an earlier document with ~1% of words changed
            // (Jaccard ~0.9: found with probability > 0.999).
            let src = (rng.next() as usize) % (docs.len() - 1);
            let words: Vec<String> = docs[src]
                .split(' ')
                .map(|w| {
                    if rng.next() % 100 < 1 {
                        vocab[(rng.next() as usize) % vocab.len()].clone()
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            planted.push((src + 1, i + 1));
            docs.push(words.join(" "));
        } else {
            let n = 150 + (rng.next() as usize) % 300;
            let words: Vec<&str> = (0..n)
                .map(|_| vocab[(rng.next() as usize) % vocab.len()].as_str())
                .collect();
            docs.push(words.join(" "));
        }
    }
    let body: String = docs
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": i, "text": t}).to_string() + "\n")
        .collect();
    let got = clusters(&["-"], Some(body.as_bytes()));
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for c in &got {
        assert_eq!(c["kind"], "near-duplicate");
        let r = records(c);
        for w in r.windows(2) {
            pairs.push((w[0] as usize, w[1] as usize));
        }
    }
    // Copies of copies chain into one cluster; compare connectivity.
    let mut planted_sorted: Vec<(usize, usize)> = planted.clone();
    planted_sorted.sort();
    let connected = |a: usize, b: usize| {
        got.iter().any(|c| {
            let r = records(c);
            r.contains(&(a as u64)) && r.contains(&(b as u64))
        })
    };
    for (a, b) in &planted_sorted {
        assert!(connected(*a, *b), "planted copy {b} of {a} not found");
    }
    let clustered: usize = got.iter().map(|c| records(c).len()).sum();
    assert!(clustered <= planted.len() * 2, "false clusters: {got:?}");
}
