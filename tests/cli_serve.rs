//! `copydesk serve` end to end: a real server on a free port, real sockets.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// The server, killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--no-config",
            "--threads",
            "2",
        ])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("copydesk serve starts");
    let mut err = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    err.read_line(&mut line).expect("the start line");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // Keep draining the request log so the server never blocks on it.
    std::thread::spawn(move || {
        let mut sink = String::new();
        let _ = err.read_to_string(&mut sink);
    });
    Server { child, addr }
}

/// One HTTP/1.1 request on its own connection: (status, headers, body).
fn request(addr: &str, method: &str, path: &str, ct: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).expect("send head");
    s.write_all(body).expect("send body");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("end of headers");
    let headers = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    (status, headers, raw[split + 4..].to_vec())
}

const ARTICLE: &str = "# Harbour plan approved\n\nThe council approved the harbour plan on Tuesday after a long debate.\n\nVote for Maria Lopez on November 5 — Paid for by Friends of Maria Lopez.\n";

#[test]
fn serves_the_page_and_checks_requests_in_parallel() {
    let srv = start(&[]);
    let (status, headers, page) = request(&srv.addr, "GET", "/", "text/plain", b"");
    assert_eq!(status, 200);
    assert!(headers.contains("text/html"), "{headers}");
    assert!(headers.contains("Content-Security-Policy"), "{headers}");
    assert!(String::from_utf8_lossy(&page).contains("<textarea"));

    // Several clients at once get the same, complete answers.
    let body = serde_json::json!({"text": ARTICLE, "format": "markdown"}).to_string();
    let answers: Vec<_> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..6)
            .map(|_| {
                s.spawn(|| {
                    request(
                        &srv.addr,
                        "POST",
                        "/check",
                        "application/json",
                        body.as_bytes(),
                    )
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().expect("client")).collect()
    });
    for (status, headers, body) in &answers {
        assert_eq!(*status, 200);
        assert!(
            headers.to_ascii_lowercase().contains("x-copydesk-findings"),
            "{headers}"
        );
        assert_eq!(body, &answers[0].2);
    }
    let v: serde_json::Value = serde_json::from_slice(&answers[0].2).expect("JSON");
    let diags = v["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let ad = diags
        .iter()
        .find(|d| d["category"] == "political-ad")
        .expect("the ad is found");
    let start = ad["span"]["start"].as_u64().unwrap() as usize;
    assert!(ARTICLE[start..].starts_with("Vote for"));

    // Bad input gets a clear error and the server keeps serving.
    let (status, _, body) = request(&srv.addr, "POST", "/check", "text/plain", b"ok\n\xff\xfe");
    assert_eq!(status, 400);
    assert!(String::from_utf8_lossy(&body).contains("not valid UTF-8"));
    let (status, _, _) = request(&srv.addr, "GET", "/health", "text/plain", b"");
    assert_eq!(status, 200);
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let srv = start(&["--max-body", "100"]);
    let big = "word ".repeat(100);
    let (status, _, body) = request(&srv.addr, "POST", "/check", "text/plain", big.as_bytes());
    assert_eq!(status, 413);
    assert!(String::from_utf8_lossy(&body).contains("over the limit of 100 bytes"));
    let (status, _, _) = request(
        &srv.addr,
        "POST",
        "/check",
        "text/plain",
        b"# A\n\nShort text.\n",
    );
    assert_eq!(status, 200);
}

#[test]
fn an_address_in_use_is_a_clear_error() {
    let srv = start(&[]);
    let out = Command::new(env!("CARGO_BIN_EXE_copydesk"))
        .args(["serve", "--no-config", "--addr", &srv.addr])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot listen on"), "{err}");
}
