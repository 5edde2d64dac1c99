//! `copydesk serve`: the checker over HTTP, for a CMS's publishing hook or
//! an editor's browser (see docs/serve.md).
//!
//! ```text
//! GET  /         the editor page: paste an article, see every finding on it
//! POST /check    check the request's text; the report in ?output= (json)
//! GET  /rules    the rules that run, as JSON
//! GET  /health   {"status": "ok", "rules": N}
//! ```
//!
//! The engine is built once; requests are checked in parallel by a fixed
//! pool of workers, each with the same configuration, selection and inline
//! suppressions as `copydesk check` (a request has no path: per-path
//! `overrides` do not apply). [`handle`] is the whole protocol, without
//! sockets; [`run`] only feeds it.

use super::check::{render, Ctx, Prepared};
use super::{report_errors, ConfigArgs, Format, PackArgs, SelectArgs, Setup};
use crate::document::InputFormat;
use crate::output::{RuleMeta, RunReport};
use crate::source::{self, SourceFile};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::io::Read;
use std::sync::Arc;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on; port 0 takes any free port (printed on start).
    #[arg(long, default_value = "127.0.0.1:7878", value_name = "HOST:PORT")]
    pub addr: String,
    /// Requests handled at once [default: the number of CPUs].
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Largest request body, in bytes [default: the config's max file size, else 64 MiB].
    #[arg(long, value_name = "BYTES")]
    pub max_body: Option<u64>,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub select: SelectArgs,
}

/// The editor page: one self-contained file (no network), served at `/`.
const PAGE: &str = include_str!("serve_page.html");

/// An HTTP answer, before it meets a socket.
#[derive(Debug)]
pub(super) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// The methods a path allows (a 405's `Allow`).
    pub allow: Option<&'static str>,
    /// Findings in the report (`X-Copydesk-Findings`), for `/check`.
    pub findings: Option<usize>,
    /// What `copydesk check` would exit with on this text
    /// (`X-Copydesk-Exit`: 1 when a finding is at or above the fail level).
    pub exit: Option<i32>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            allow: None,
            findings: None,
            exit: None,
        }
    }

    fn json(status: u16, v: serde_json::Value) -> Reply {
        let mut body = serde_json::to_vec_pretty(&v).unwrap_or_default();
        body.push(b'\n');
        Reply::new(status, "application/json", body)
    }

    fn error(status: u16, msg: impl std::fmt::Display) -> Reply {
        Reply::json(status, json!({ "error": msg.to_string() }))
    }

    fn not_allowed(allow: &'static str) -> Reply {
        Reply {
            allow: Some(allow),
            ..Reply::error(405, format!("method not allowed; use {allow}"))
        }
    }
}

/// What a request carries that the protocol looks at.
pub(super) struct Request<'a> {
    pub method: &'a str,
    /// Path and query, as sent (`/check?output=human`).
    pub url: &'a str,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
}

/// Everything a worker needs: the checker and the rules' metadata.
pub(super) struct Service<'a> {
    pub ctx: Ctx<'a>,
    pub rules: &'a [RuleMeta],
    pub fail_level: crate::config::FailLevel,
    /// Bound to a loopback address: answer only requests for localhost.
    pub loopback_only: bool,
}

/// Answer one request.
pub(super) fn handle(svc: &Service, req: &Request) -> Reply {
    let (path, query) = req.url.split_once('?').unwrap_or((req.url, ""));
    let get = matches!(req.method, "GET" | "HEAD");
    match path {
        "/" | "/index.html" if get => Reply::new(200, "text/html; charset=utf-8", PAGE),
        "/" | "/index.html" => Reply::not_allowed("GET, HEAD"),
        "/health" if get => Reply::json(
            200,
            json!({"status": "ok", "version": env!("CARGO_PKG_VERSION"), "rules": svc.ctx.engine.rules().len()}),
        ),
        "/health" => Reply::not_allowed("GET, HEAD"),
        "/rules" if get => Reply::json(200, rules_json(svc.rules)),
        "/rules" => Reply::not_allowed("GET, HEAD"),
        "/check" if req.method == "POST" => check(svc, req, &query_params(query)),
        "/check" => Reply::not_allowed("POST"),
        _ => Reply::error(404, format!("no such endpoint: {path}")),
    }
}

fn rules_json(rules: &[RuleMeta]) -> serde_json::Value {
    let list: Vec<_> = rules
        .iter()
        .filter_map(|r| {
            Some(json!({
                "id": r.id,
                "category": r.category?.id(),
                "severity": r.severity.id(),
                "description": r.description,
                "help": r.help,
            }))
        })
        .collect();
    json!({ "rules": list })
}

/// `POST /check`: the body is the article (any content type; `format`
/// names its format, else it is sniffed), or with `Content-Type:
/// application/json` an object `{"text", "format"?, "path"?}`.
fn check(svc: &Service, req: &Request, params: &[(String, String)]) -> Reply {
    let param = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    // (`check --format`'s names.)
    let name = param("output").unwrap_or("json");
    let Ok(output) = Format::from_str(name, false) else {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        return Reply::error(
            400,
            format!("unknown output `{name}` ({})", names.join(", ")),
        );
    };
    let is_json = req
        .content_type
        .and_then(|c| c.split(';').next())
        .is_some_and(|c| c.trim().eq_ignore_ascii_case("application/json"));
    let (text, format, path) = if is_json {
        match json_body(req.body) {
            Ok(b) => b,
            Err(e) => return Reply::error(400, e),
        }
    } else {
        (None, None, None)
    };
    let path = path.unwrap_or_else(|| param("path").unwrap_or("request").to_string());
    // The format: named (the JSON body's field first, then the query), else
    // by the path's extension as for a file, else sniffed.
    let format = match format.as_deref().or(param("format")) {
        Some(name) => match InputFormat::parse_name(name) {
            Some(f) => Some(f),
            None => {
                return Reply::error(
                    400,
                    format!("unknown format `{name}` (text, markdown, html)"),
                )
            }
        },
        None => std::path::Path::new(&path)
            .extension()
            .and_then(|e| InputFormat::from_extension(&e.to_string_lossy())),
    };
    let decoded = match text {
        // (A JSON string is valid UTF-8; still refuse binary data.)
        Some(t) => source::decode(t.into_bytes()).map(|text| source::Decoded {
            text,
            encoding: None,
        }),
        None if req.body.is_empty() => {
            return Reply::error(400, "the body is empty: send the article's text")
        }
        None => source::decode_source(req.body.to_vec(), format),
    };
    let decoded = match decoded {
        Ok(d) => d,
        Err(e) => return Reply::error(400, e),
    };
    let format = format.unwrap_or_else(|| crate::input::sniff(&decoded.text));
    let sf = SourceFile {
        path: path.clone(),
        text: Arc::from(decoded.text),
        format,
        encoding: decoded.encoding,
    };
    let (file, suppressed) = svc.ctx.check_source(&path, sf);
    let findings = file.findings.len();
    let report = RunReport {
        files: vec![file],
        rules: svc.rules.to_vec(),
        baselined: None,
        suppressed,
    };
    let exit = super::check::exit_code(&report, svc.fail_level, false);
    let content_type = match output {
        Format::Json | Format::Sarif | Format::Rdjson => "application/json",
        Format::Jsonl => "application/x-ndjson",
        _ => "text/plain; charset=utf-8",
    };
    Reply {
        findings: Some(findings),
        exit: Some(exit),
        ..Reply::new(200, content_type, render(&report, output, false))
    }
}

/// The JSON form of a `/check` body: text, format, path.
type JsonBody = (Option<String>, Option<String>, Option<String>);

fn json_body(body: &[u8]) -> Result<JsonBody, String> {
    let v: serde_json::Value =
        serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON: {e}"))?;
    let obj = v
        .as_object()
        .ok_or("the JSON body must be an object {\"text\": …}")?;
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "text" | "format" | "path"))
    {
        return Err(format!(
            "unknown field `{k}` in the JSON body (text, format, path)"
        ));
    }
    let field = |k: &str| -> Result<Option<String>, String> {
        match obj.get(k) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{k}` must be a string")),
        }
    };
    let text = field("text")?.ok_or("the JSON body has no `text`")?;
    Ok((Some(text), field("format")?, field("path")?))
}

/// `a=1&b=x%20y` → [("a", "1"), ("b", "x y")]; `+` is a space.
fn query_params(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn run(args: ServeArgs) -> i32 {
    let mut setup = match Setup::new(&args.config, &args.pack, Some(&args.select), None) {
        Ok(s) => s,
        Err(e) => return report_errors(e),
    };
    let prepared = Prepared::new(&mut setup);
    let max_body = args.max_body.unwrap_or(setup.max_file_size);
    let listener = match std::net::TcpListener::bind(&args.addr) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.addr);
            return 2;
        }
    };
    let local = listener.local_addr().ok();
    let addr = local.map_or_else(|| args.addr.clone(), |a| a.to_string());
    // Regexes are otherwise compiled on first use: not in a request.
    prepared.engine.warm_up();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    let svc = Service {
        ctx: prepared.ctx(&setup, None),
        rules: &prepared.rule_meta,
        fail_level: setup.fail_level,
        loopback_only: local.is_some_and(|a| a.ip().is_loopback()),
    };
    eprintln!(
        "copydesk serve: listening on http://{addr}/ ({} rules, {threads} workers); Ctrl-C stops",
        prepared.engine.rules().len()
    );
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                match listener.accept() {
                    Ok((stream, _)) => connection(&svc, stream, max_body),
                    // (Out of file descriptors, a connection reset before
                    // it was accepted: the next one may well succeed.)
                    Err(_) => std::thread::sleep(std::time::Duration::from_millis(10)),
                }
            });
        }
    });
    0
}

/// How long a client may take to send its request (or read the answer).
const IO_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// Largest request line and headers.
const MAX_HEAD: usize = 64 * 1024;

/// A request's head, as far as the protocol needs it.
struct Head {
    method: String,
    url: String,
    content_type: Option<String>,
    content_length: Option<u64>,
    chunked: bool,
    expect_continue: bool,
    host: Option<String>,
}

/// Read a request's head from `stream`: the head and the bytes read past
/// it (the start of the body), or the reply refusing it.
fn read_head(stream: &mut impl Read) -> Result<(Head, Vec<u8>), Reply> {
    let mut buf = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        let n = stream
            .read(&mut chunk)
            .map_err(|e| Reply::error(408, format!("cannot read the request: {e}")))?;
        if n == 0 {
            return Err(Reply::error(
                400,
                "the connection closed before the request ended",
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut req = httparse::Request::new(&mut headers);
        match req.parse(&buf) {
            Ok(httparse::Status::Complete(len)) => {
                let value = |name: &str| {
                    req.headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).trim().to_string())
                };
                let content_length =
                    match value("Content-Length") {
                        Some(v) => Some(v.parse::<u64>().map_err(|_| {
                            Reply::error(400, format!("invalid Content-Length `{v}`"))
                        })?),
                        None => None,
                    };
                let head = Head {
                    method: req.method.unwrap_or_default().to_string(),
                    url: req.path.unwrap_or("/").to_string(),
                    content_type: value("Content-Type"),
                    content_length,
                    chunked: value("Transfer-Encoding").is_some(),
                    expect_continue: value("Expect")
                        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue")),
                    host: value("Host"),
                };
                return Ok((head, buf.split_off(len)));
            }
            Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => continue,
            Ok(httparse::Status::Partial) => {
                return Err(Reply::error(431, "the request's headers are too large"))
            }
            Err(e) => return Err(Reply::error(400, format!("malformed request: {e}"))),
        }
    }
}

/// Is `host` (a Host header) this machine's loopback name? A server bound
/// to loopback answers only those: a web page the editor visits must not
/// reach it through a name it controls (DNS rebinding).
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Serve one connection: one request, one answer, then close. Logs a line
/// on standard error.
fn connection(svc: &Service, mut stream: std::net::TcpStream, max_body: u64) {
    use std::io::Write;
    let started = std::time::Instant::now();
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let (method, url, reply) = match read_head(&mut stream) {
        Err(reply) => (String::new(), String::new(), reply),
        Ok((head, start)) => {
            let reply = request(svc, &mut stream, &head, start, max_body);
            (head.method, head.url, reply)
        }
    };
    eprintln!(
        "{} {} {} {:.1} ms{}",
        if method.is_empty() { "-" } else { &method },
        url.escape_debug(),
        reply.status,
        started.elapsed().as_secs_f64() * 1000.0,
        reply.findings.map_or(String::new(), |n| format!(
            ", {n} finding{}",
            if n == 1 { "" } else { "s" }
        ))
    );
    let mut out = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    if let Some(a) = reply.allow {
        out.push_str(&format!("Allow: {a}\r\n"));
    }
    if let Some(n) = reply.findings {
        out.push_str(&format!("X-Copydesk-Findings: {n}\r\n"));
    }
    if let Some(code) = reply.exit {
        out.push_str(&format!("X-Copydesk-Exit: {code}\r\n"));
    }
    if reply.content_type.starts_with("text/html") {
        // The page runs only its own inline script and talks only to us.
        out.push_str(
            "Content-Security-Policy: default-src 'none'; script-src 'unsafe-inline'; \
             style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; \
             base-uri 'none'; form-action 'none'\r\n",
        );
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&reply.body);
    }
    // A client that went away is not the server's problem.
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Read the body a head announces and answer the request.
fn request(
    svc: &Service,
    stream: &mut std::net::TcpStream,
    head: &Head,
    mut body: Vec<u8>,
    max_body: u64,
) -> Reply {
    use std::io::Write;
    if svc.loopback_only && !head.host.as_deref().is_some_and(is_loopback_host) {
        return Reply::error(
            403,
            "this server answers only requests addressed to localhost (Host header)",
        );
    }
    if head.chunked {
        return Reply::error(
            411,
            "send the body with a Content-Length (chunked bodies are not read)",
        );
    }
    let len = head.content_length.unwrap_or(0);
    if len > max_body {
        return Reply::error(
            413,
            format!("the body is over the limit of {max_body} bytes (--max-body)"),
        );
    }
    if head.expect_continue && (body.len() as u64) < len {
        let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    body.truncate(len as usize);
    let missing = len as usize - body.len();
    if missing > 0 {
        let from = body.len();
        body.resize(len as usize, 0);
        if let Err(e) = stream.read_exact(&mut body[from..]) {
            return Reply::error(
                400,
                format!("the body ended before its Content-Length: {e}"),
            );
        }
    }
    let r = Request {
        method: &head.method,
        url: &head.url,
        content_type: head.content_type.as_deref(),
        body: &body,
    };
    // A bug met by one request must not take a worker away.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(svc, &r)))
        .unwrap_or_else(|_| Reply::error(500, "internal error checking this request"))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The service over the built-in pack, configuration files ignored.
    fn with_service(f: impl FnOnce(&Service)) {
        let config = ConfigArgs {
            config: None,
            no_config: true,
        };
        let mut setup = Setup::new(&config, &PackArgs::default(), None, None).expect("setup");
        let prepared = Prepared::new(&mut setup);
        let svc = Service {
            ctx: prepared.ctx(&setup, None),
            rules: &prepared.rule_meta,
            fail_level: setup.fail_level,
            loopback_only: true,
        };
        f(&svc)
    }

    fn call(svc: &Service, method: &str, url: &str, ct: Option<&str>, body: &[u8]) -> Reply {
        handle(
            svc,
            &Request {
                method,
                url,
                content_type: ct,
                body,
            },
        )
    }

    fn body_json(r: &Reply) -> serde_json::Value {
        serde_json::from_slice(&r.body).expect("a JSON body")
    }

    const AD: &str = "# Harbour plan approved\n\nThe council approved the harbour plan on Tuesday after a long debate.\n\nVote for Maria Lopez on November 5 — Paid for by Friends of Maria Lopez.\n";

    #[test]
    fn checks_json_and_raw_bodies_alike() {
        with_service(|svc| {
            let req = json!({"text": AD, "format": "markdown", "path": "harbour.md"}).to_string();
            let r = call(
                svc,
                "POST",
                "/check",
                Some("application/json; charset=utf-8"),
                req.as_bytes(),
            );
            assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
            let v = body_json(&r);
            let file = &v["files"][0];
            assert_eq!(file["path"], "harbour.md");
            let diags = file["diagnostics"].as_array().expect("diagnostics");
            assert!(!diags.is_empty());
            assert_eq!(r.findings, Some(diags.len()));
            // Spans are byte offsets into the text sent.
            for d in diags {
                let s = d["span"]["start"].as_u64().unwrap() as usize;
                let e = d["span"]["end"].as_u64().unwrap() as usize;
                assert!(s < e && AD.is_char_boundary(s) && AD.is_char_boundary(e));
            }
            let ad = diags
                .iter()
                .find(|d| d["category"] == "political-ad")
                .expect("the ad");
            let s = ad["span"]["start"].as_u64().unwrap() as usize;
            assert!(AD[s..].starts_with("Vote for Maria Lopez"), "{}", &AD[s..]);
            assert!(diags.iter().any(|d| d["category"] == "political-ad"));
            let raw = call(
                svc,
                "POST",
                "/check?format=markdown&path=a%20b.md",
                Some("text/markdown"),
                AD.as_bytes(),
            );
            let rv = body_json(&raw);
            assert_eq!(rv["files"][0]["path"], "a b.md");
            assert_eq!(rv["files"][0]["diagnostics"], file["diagnostics"]);
        });
    }

    #[test]
    fn other_outputs_and_clean_text() {
        with_service(|svc| {
            let r = call(svc, "POST", "/check?output=concise", None, AD.as_bytes());
            assert_eq!(r.status, 200);
            assert!(r.content_type.starts_with("text/plain"));
            assert!(String::from_utf8_lossy(&r.body).contains("request:5:1:"));
            let clean = "# Budget passes\n\nThe city council passed the budget on Monday by a vote of seven to two.\n";
            let r = call(svc, "POST", "/check", None, clean.as_bytes());
            assert_eq!(r.findings, Some(0));
            let r = call(svc, "POST", "/check?output=sarif", None, clean.as_bytes());
            assert_eq!(body_json(&r)["version"], "2.1.0");
        });
    }

    /// method, url, content type, body, expected status, expected message.
    type Case<'a> = (&'a str, &'a str, Option<&'a str>, &'a [u8], u16, &'a str);

    #[test]
    fn bad_requests_say_what_is_wrong() {
        with_service(|svc| {
            let cases: &[Case] = &[
                (
                    "POST",
                    "/check",
                    Some("application/json"),
                    b"{\"text\": ",
                    400,
                    "not valid JSON",
                ),
                (
                    "POST",
                    "/check",
                    Some("application/json"),
                    b"[1]",
                    400,
                    "must be an object",
                ),
                (
                    "POST",
                    "/check",
                    Some("application/json"),
                    b"{\"txt\": \"a\"}",
                    400,
                    "unknown field `txt`",
                ),
                (
                    "POST",
                    "/check",
                    Some("application/json"),
                    b"{\"text\": 3}",
                    400,
                    "`text` must be a string",
                ),
                (
                    "POST",
                    "/check",
                    None,
                    b"ab\ncd\xff",
                    400,
                    "not valid UTF-8",
                ),
                ("POST", "/check", None, b"a\0b", 400, "binary"),
                (
                    "POST",
                    "/check?format=pdf",
                    None,
                    b"a",
                    400,
                    "unknown format `pdf`",
                ),
                (
                    "POST",
                    "/check?output=xml",
                    None,
                    b"a",
                    400,
                    "unknown output `xml`",
                ),
                ("GET", "/check", None, b"", 405, "use POST"),
                ("POST", "/rules", None, b"", 405, "use GET"),
                ("GET", "/nope", None, b"", 404, "no such endpoint"),
            ];
            for (method, url, ct, body, status, msg) in cases {
                let r = call(svc, method, url, *ct, body);
                assert_eq!(r.status, *status, "{method} {url}");
                let err = body_json(&r)["error"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                assert!(err.contains(msg), "{method} {url}: {err}");
            }
            assert_eq!(call(svc, "GET", "/check", None, b"").allow, Some("POST"));
        });
    }

    #[test]
    fn page_rules_and_health() {
        with_service(|svc| {
            let page = call(svc, "GET", "/", None, b"");
            assert_eq!(page.status, 200);
            let html = String::from_utf8_lossy(&page.body);
            assert!(html.contains("<textarea") && html.contains("/check"));
            // The page loads nothing from elsewhere.
            assert!(!html.contains("http://") && !html.contains("https://"));
            let rules = body_json(&call(svc, "GET", "/rules", None, b""));
            let list = rules["rules"].as_array().unwrap();
            assert_eq!(list.len(), svc.ctx.engine.rules().len());
            assert!(list.iter().all(|r| r["category"].is_string()));
            let h = body_json(&call(svc, "GET", "/health", None, b""));
            assert_eq!(h["status"], "ok");
        });
    }

    #[test]
    fn query_strings_are_decoded() {
        assert_eq!(
            query_params("a=1&b=x%20y+z&&c&d=%zz%4"),
            [
                ("a".into(), "1".into()),
                ("b".into(), "x y z".into()),
                ("c".into(), String::new()),
                ("d".into(), "%zz%4".into())
            ]
        );
        assert_eq!(percent_decode("%C3%A9t%C3%A9"), "été");
    }
}
