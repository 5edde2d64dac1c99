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
//! The engine is built once; each connection has a thread that waits on
//! its client, and requests that have arrived are checked in parallel by at
//! most `--threads` workers, each with the same configuration, selection and inline
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
    let permits = Permits::new(threads);
    let open = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| loop {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            // (Out of file descriptors, a connection reset before it was
            // accepted: the next one may well succeed.)
            Err(_) => {
                std::thread::sleep(std::time::Duration::from_millis(10));
                continue;
            }
        };
        let Some(slot) = Slot::take(&open) else {
            busy(stream);
            continue;
        };
        let (svc, permits) = (&svc, &permits);
        // (If no thread can be started, the connection is dropped: closed.)
        let _ = std::thread::Builder::new().spawn_scoped(s, move || {
            let _slot = slot;
            connection(svc, permits, stream, max_body);
        });
    });
    0
}

/// Connections open at once, each on a thread of its own that mostly waits
/// for its client; the next one is answered `503` at once. Checking is
/// bounded separately, by the workers ([`Permits`]): a client that stalls
/// holds a connection, never a worker.
const MAX_CONNECTIONS: usize = 64;
/// How long a client may take to send one request, head and body, from its
/// first byte (and to read the answer).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);
/// How long a kept-alive connection waits for its next request.
const IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);
/// Requests served on one connection before it is closed.
const MAX_REQUESTS: usize = 1000;
/// Largest request line and headers.
const MAX_HEAD: usize = 64 * 1024;

/// One of the [`MAX_CONNECTIONS`] connection slots, given back when dropped
/// (however its thread ends).
struct Slot<'a>(&'a std::sync::atomic::AtomicUsize);

impl<'a> Slot<'a> {
    fn take(open: &'a std::sync::atomic::AtomicUsize) -> Option<Slot<'a>> {
        use std::sync::atomic::Ordering;
        open.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
            (n < MAX_CONNECTIONS).then_some(n + 1)
        })
        .ok()
        .map(|_| Slot(open))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
    }
}

/// Too many connections: say so without waiting on the client.
fn busy(stream: std::net::TcpStream) {
    use std::io::Write;
    let body = b"{\"error\": \"too many connections; try again\"}\n";
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: {}\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut s = stream;
    let _ = s.set_nonblocking(true);
    let _ = s.write_all(&[head.as_bytes(), body].concat());
    eprintln!("- - 503 (over {MAX_CONNECTIONS} connections)");
}

/// The workers: at most this many requests are checked at once.
struct Permits {
    free: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

/// A worker held while a request is answered; given back when dropped.
struct Permit<'a>(&'a Permits);

impl Permits {
    fn new(n: usize) -> Permits {
        Permits {
            free: std::sync::Mutex::new(n),
            freed: std::sync::Condvar::new(),
        }
    }

    fn acquire(&self) -> Permit<'_> {
        // (A poisoned lock only means a thread panicked holding it; the
        // count is still right.)
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.freed.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.freed.notify_one();
    }
}

/// A request's head, as far as the protocol needs it.
struct Head {
    method: String,
    url: String,
    content_type: Option<String>,
    content_length: Option<u64>,
    chunked: bool,
    expect_continue: bool,
    host: Option<String>,
    /// The client will send another request on this connection
    /// (HTTP/1.1 without `Connection: close`, or 1.0 with `keep-alive`).
    keep_alive: bool,
}

/// The client's side of a connection: reads with a deadline, and the bytes
/// read past the request being served (the start of the next one).
struct Client<'a> {
    stream: &'a std::net::TcpStream,
    pending: Vec<u8>,
    until: std::time::Instant,
}

impl Client<'_> {
    /// Read into `buf` before the deadline (`TimedOut` after it).
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self
            .until
            .saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        (&mut &*self.stream).read(buf)
    }
}

/// Read the next request's head: the head, its bytes past it staying in
/// `client.pending` (the start of the body); `Ok(None)` when the client
/// closes or stays idle before sending anything; else the reply refusing it.
fn read_head(client: &mut Client, idle: std::time::Duration) -> Result<Option<Head>, Reply> {
    let mut chunk = [0u8; 8192];
    let mut buf = std::mem::take(&mut client.pending);
    client.until = std::time::Instant::now()
        + if buf.is_empty() {
            idle
        } else {
            REQUEST_TIMEOUT
        };
    loop {
        if !buf.is_empty() {
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
                    let content_length = match value("Content-Length") {
                        Some(v) => Some(v.parse::<u64>().map_err(|_| {
                            Reply::error(400, format!("invalid Content-Length `{v}`"))
                        })?),
                        None => None,
                    };
                    let connection = value("Connection").unwrap_or_default();
                    let says = |t: &str| {
                        connection
                            .split(',')
                            .any(|c| c.trim().eq_ignore_ascii_case(t))
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
                        keep_alive: if req.version == Some(1) {
                            !says("close")
                        } else {
                            says("keep-alive")
                        },
                    };
                    client.pending = buf.split_off(len);
                    return Ok(Some(head));
                }
                Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => {}
                Ok(httparse::Status::Partial) => {
                    return Err(Reply::error(431, "the request's headers are too large"))
                }
                Err(e) => return Err(Reply::error(400, format!("malformed request: {e}"))),
            }
        }
        let n = match client.read(&mut chunk) {
            Ok(n) => n,
            Err(_) if buf.is_empty() => return Ok(None),
            Err(e) => return Err(Reply::error(408, format!("cannot read the request: {e}"))),
        };
        if n == 0 {
            if buf.is_empty() {
                return Ok(None);
            }
            return Err(Reply::error(
                400,
                "the connection closed before the request ended",
            ));
        }
        if buf.is_empty() {
            // The request's time runs from its first byte.
            client.until = std::time::Instant::now() + REQUEST_TIMEOUT;
        }
        buf.extend_from_slice(&chunk[..n]);
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

/// Serve one connection: its requests one after another (kept alive as
/// the client asks, up to [`MAX_REQUESTS`]), each answer checked under a
/// worker [`Permit`]. Logs a line per request on standard error.
fn connection(svc: &Service, permits: &Permits, stream: std::net::TcpStream, max_body: u64) {
    use std::io::Write;
    let _ = stream.set_write_timeout(Some(REQUEST_TIMEOUT));
    let mut client = Client {
        stream: &stream,
        pending: Vec::new(),
        until: std::time::Instant::now(),
    };
    for served in 0..MAX_REQUESTS {
        let idle = if served == 0 {
            REQUEST_TIMEOUT
        } else {
            IDLE_TIMEOUT
        };
        let (method, reply, keep) = match read_head(&mut client, idle) {
            Ok(None) => break,
            Err(reply) => {
                log("", "", &reply, std::time::Instant::now());
                (String::new(), reply, false)
            }
            Ok(Some(head)) => {
                let started = std::time::Instant::now();
                let (reply, body_read) = request(svc, permits, &mut client, &head, max_body);
                log(&head.method, &head.url, &reply, started);
                let keep = head.keep_alive && body_read && served + 1 < MAX_REQUESTS;
                (head.method, reply, keep)
            }
        };
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: {}\r\nX-Content-Type-Options: nosniff\r\n",
            reply.status,
            reason(reply.status),
            reply.content_type,
            reply.body.len(),
            if keep { "keep-alive" } else { "close" },
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
        if (&stream)
            .write_all(&bytes)
            .and_then(|_| (&stream).flush())
            .is_err()
            || !keep
        {
            break;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// The request log line: method, path, status, time, findings.
fn log(method: &str, url: &str, reply: &Reply, started: std::time::Instant) {
    eprintln!(
        "{} {} {} {:.1} ms{}",
        if method.is_empty() { "-" } else { method },
        url.escape_debug(),
        reply.status,
        started.elapsed().as_secs_f64() * 1000.0,
        reply.findings.map_or(String::new(), |n| format!(
            ", {n} finding{}",
            if n == 1 { "" } else { "s" }
        ))
    );
}

/// Read the body a head announces and answer the request, checking it
/// under a worker [`Permit`]. The flag says the body was read whole (the
/// connection can carry another request).
fn request(
    svc: &Service,
    permits: &Permits,
    client: &mut Client,
    head: &Head,
    max_body: u64,
) -> (Reply, bool) {
    use std::io::Write;
    if svc.loopback_only && !head.host.as_deref().is_some_and(is_loopback_host) {
        let reply = Reply::error(
            403,
            "this server answers only requests addressed to localhost (Host header)",
        );
        return (reply, false);
    }
    if head.chunked {
        let reply = Reply::error(
            411,
            "send the body with a Content-Length (chunked bodies are not read)",
        );
        return (reply, false);
    }
    let len = head.content_length.unwrap_or(0);
    if len > max_body {
        let reply = Reply::error(
            413,
            format!("the body is over the limit of {max_body} bytes (--max-body)"),
        );
        return (reply, false);
    }
    let len = len as usize;
    let mut body = std::mem::take(&mut client.pending);
    if body.len() > len {
        // Pipelined: the next request's first bytes.
        client.pending = body.split_off(len);
    }
    if head.expect_continue && body.len() < len {
        let _ = client.stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
    }
    // Grown as the bytes arrive, not from the declared length: a client
    // that announces a large body and sends nothing costs nothing.
    let mut chunk = [0u8; 16384];
    while body.len() < len {
        let want = (len - body.len()).min(chunk.len());
        match client.read(&mut chunk[..want]) {
            Ok(0) => {
                let reply = Reply::error(400, "the body ended before its Content-Length");
                return (reply, false);
            }
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(e) => {
                let reply = Reply::error(408, format!("the body did not arrive in time: {e}"));
                return (reply, false);
            }
        }
    }
    let r = Request {
        method: &head.method,
        url: &head.url,
        content_type: head.content_type.as_deref(),
        body: &body,
    };
    let _worker = permits.acquire();
    // A bug met by one request must not take a worker away.
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(svc, &r)))
        .unwrap_or_else(|_| Reply::error(500, "internal error checking this request"));
    (reply, true)
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
        503 => "Service Unavailable",
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
