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
    start_in(None, &["--no-config"], extra)
}

/// The server started in `dir` (its `copydesk.yaml` applies unless `--no-config`).
fn start_in(dir: Option<&std::path::Path>, config: &[&str], extra: &[&str]) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_copydesk"));
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    let mut child = cmd
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(if extra.contains(&"--threads") {
            &[][..]
        } else {
            &["--threads", "2"][..]
        })
        .args(config)
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
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    raw_request(addr, head.as_bytes(), body)
}

/// Send `head` then `body` as they are; (status, headers, body) of the answer.
fn raw_request(addr: &str, head: &[u8], body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(head).expect("send head");
    // (The server may answer and close before reading a refused body.)
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
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

#[test]
fn protocol_edges() {
    let srv = start(&["--max-body", "1000"]);
    let a = &srv.addr;
    // HEAD: the headers of GET, no body.
    let (status, headers, body) = raw_request(
        a,
        format!("HEAD / HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n").as_bytes(),
        b"",
    );
    assert_eq!(status, 200);
    assert!(
        headers.contains("Content-Length: ") && !headers.contains("Content-Length: 0"),
        "{headers}"
    );
    assert!(body.is_empty());
    // Expect: 100-continue gets its interim answer, then the real one.
    let text = b"# A\n\nVote for Maria Lopez on November 5.\n";
    let head = format!(
        "POST /check HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: {}\r\n\r\n",
        text.len()
    );
    let mut s = TcpStream::connect(a).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let mut interim = [0u8; 25];
    s.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    s.write_all(text).unwrap();
    let mut rest = String::new();
    s.read_to_string(&mut rest).unwrap();
    assert!(rest.starts_with("HTTP/1.1 200 OK"), "{rest}");
    assert!(rest.contains("X-Copydesk-Exit: 1"), "{rest}");
    // A declared length far over the limit is refused without reading it,
    // and the server lives on.
    let (status, _, _) = raw_request(
        a,
        format!("POST /check HTTP/1.1\r\nHost: {a}\r\nContent-Length: 100000000000\r\n\r\n")
            .as_bytes(),
        b"x",
    );
    assert_eq!(status, 413);
    let (status, _, _) = raw_request(
        a,
        format!("POST /check HTTP/1.1\r\nHost: {a}\r\nTransfer-Encoding: chunked\r\n\r\n")
            .as_bytes(),
        b"3\r\nabc\r\n0\r\n\r\n",
    );
    assert_eq!(status, 411);
    let (status, _, _) = raw_request(a, b"NONSENSE\r\n\r\n", b"");
    assert_eq!(status, 400);
    // Only requests addressed to localhost (DNS rebinding).
    let (status, _, _) = raw_request(
        a,
        b"GET /health HTTP/1.1\r\nHost: attacker.example:80\r\n\r\n",
        b"",
    );
    assert_eq!(status, 403);
    let (status, _, _) = raw_request(
        a,
        b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        b"",
    );
    assert_eq!(status, 200);
    let (status, _, _) = request(a, "GET", "/health", "text/plain", b"");
    assert_eq!(status, 200);
}

/// Read one answer (status line, headers, `Content-Length` body) from a
/// kept-alive connection: (status, headers, body).
fn read_answer(s: &mut BufReader<TcpStream>) -> (u16, String, Vec<u8>) {
    let mut headers = String::new();
    loop {
        let mut line = String::new();
        s.read_line(&mut line).expect("a header line");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        headers.push_str(&line);
    }
    let status = headers
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status in {headers:?}"));
    let len: usize = headers
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|v| v.trim().parse().ok())
        .expect("Content-Length");
    let mut body = vec![0; len];
    s.read_exact(&mut body).expect("the body");
    (status, headers, body)
}

/// HTTP/1.1 connections stay open for further requests, pipelined ones
/// included, until the client says `Connection: close`.
#[test]
fn connections_are_kept_alive() {
    let srv = start(&[]);
    let a = &srv.addr;
    let mut s = BufReader::new(TcpStream::connect(a).unwrap());
    let check = |close: bool| {
        format!(
            "POST /check?format=markdown HTTP/1.1\r\nHost: {a}\r\n{}Content-Length: {}\r\n\r\n{ARTICLE}",
            if close { "Connection: close\r\n" } else { "" },
            ARTICLE.len()
        )
    };
    s.get_mut().write_all(check(false).as_bytes()).unwrap();
    let (status, headers, first) = read_answer(&mut s);
    assert_eq!(status, 200);
    assert!(headers.contains("Connection: keep-alive"), "{headers}");
    // Two requests sent at once, the second closing the connection.
    let both = format!("GET /health HTTP/1.1\r\nHost: {a}\r\n\r\n{}", check(true));
    s.get_mut().write_all(both.as_bytes()).unwrap();
    let (status, _, health) = read_answer(&mut s);
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&health).contains("\"ok\""));
    let (status, headers, last) = read_answer(&mut s);
    assert_eq!(status, 200);
    assert!(headers.contains("Connection: close"), "{headers}");
    assert_eq!(first, last);
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).unwrap();
    assert!(rest.is_empty(), "the server closed after the last answer");
}

/// A client that connects and stalls holds a connection, not a worker:
/// with one worker, other requests are still answered at once.
#[test]
fn a_stalled_client_does_not_hold_a_worker() {
    let srv = start(&["--threads", "1"]);
    let a = &srv.addr;
    let mut stalled = TcpStream::connect(a).unwrap();
    stalled
        .write_all(
            format!("POST /check HTTP/1.1\r\nHost: {a}\r\nContent-Length: 500\r\n\r\nThe")
                .as_bytes(),
        )
        .unwrap();
    let mut idle = TcpStream::connect(a).unwrap();
    idle.write_all(b"GE").unwrap();
    let t = std::time::Instant::now();
    for _ in 0..3 {
        let (status, _, _) = request(a, "POST", "/check", "text/plain", ARTICLE.as_bytes());
        assert_eq!(status, 200);
    }
    // (Bounded far below the 30 s a stalled request may take.)
    assert!(t.elapsed() < std::time::Duration::from_secs(20));
    drop((stalled, idle));
}

/// Over the connection limit, a client is told at once to come back.
#[test]
fn too_many_connections_get_503() {
    let srv = start(&[]);
    let a = &srv.addr;
    let held: Vec<TcpStream> = (0..64).map(|_| TcpStream::connect(a).unwrap()).collect();
    // The server may not have counted the last ones yet: retry briefly.
    let mut status = 0;
    for _ in 0..50 {
        status = request(a, "GET", "/health", "text/plain", b"").0;
        if status == 503 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(status, 503);
    drop(held);
    let mut ok = false;
    for _ in 0..100 {
        if request(a, "GET", "/health", "text/plain", b"").0 == 200 {
            ok = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(ok, "connections are served again once the others close");
}

/// The project's configuration and inline suppressions apply as in `check`.
#[test]
fn configuration_and_suppressions_apply() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("copydesk.yaml"),
        "ignore: [boilerplate]\nfail-level: error\n",
    )
    .unwrap();
    let srv = start_in(Some(dir.path()), &[], &[]);
    let text = "# Council votes\n\nThe council voted on Tuesday to extend the library's opening hours.\n\nSubscribe to our YouTube channel for more news.\n\n<!-- copydesk-disable-next political-ad -->\nVote for Maria Lopez on November 5.\n";
    let (status, headers, body) = request(
        &srv.addr,
        "POST",
        "/check?output=concise&format=markdown",
        "text/markdown",
        text.as_bytes(),
    );
    assert_eq!(status, 200);
    let out = String::from_utf8_lossy(&body);
    assert!(
        !out.contains("boilerplate/") && !out.contains("political-ad/"),
        "{out}"
    );
    assert!(out.contains("1 suppressed"), "{out}");
    assert!(headers.contains("X-Copydesk-Exit: 0"), "{headers}");
}
