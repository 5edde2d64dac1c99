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
use clap::Args;
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
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            allow: None,
            findings: None,
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
    let output = match param("output").unwrap_or("json") {
        "json" => Format::Json,
        "jsonl" => Format::Jsonl,
        "human" => Format::Human,
        "concise" => Format::Concise,
        "sarif" => Format::Sarif,
        "github" => Format::Github,
        "rdjson" => Format::Rdjson,
        other => {
            return Reply::error(
                400,
                format!(
                    "unknown output `{other}` (json, jsonl, human, concise, sarif, github, rdjson)"
                ),
            )
        }
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
        None => None,
    };
    let path = path.unwrap_or_else(|| param("path").unwrap_or("request").to_string());
    let decoded = match text {
        Some(t) => Ok(source::Decoded {
            text: t,
            encoding: None,
        }),
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
    let file = svc.ctx.check_source(&path, sf);
    let findings = file.findings.len();
    let report = RunReport {
        files: vec![file],
        rules: svc.rules.to_vec(),
        baselined: None,
        suppressed: 0,
    };
    let content_type = match output {
        Format::Json | Format::Sarif | Format::Rdjson => "application/json",
        Format::Jsonl => "application/x-ndjson",
        _ => "text/plain; charset=utf-8",
    };
    Reply {
        findings: Some(findings),
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
    let server = match tiny_http::Server::http(&args.addr) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.addr);
            return 2;
        }
    };
    let addr = server
        .server_addr()
        .to_ip()
        .map_or_else(|| args.addr.clone(), |a| a.to_string());
    // Regexes are otherwise compiled on first use: not in a request.
    prepared.engine.warm_up();
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
        .max(1);
    eprintln!(
        "copydesk serve: listening on http://{addr}/ ({} rules, {threads} workers); Ctrl-C stops",
        prepared.engine.rules().len()
    );
    let svc = Service {
        ctx: prepared.ctx(&setup, None),
        rules: &prepared.rule_meta,
    };
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Ok(req) = server.recv() {
                    respond(&svc, req, max_body);
                }
            });
        }
    });
    0
}

/// Read one request's body (within `max_body`), answer it, and log a line
/// on standard error.
fn respond(svc: &Service, mut req: tiny_http::Request, max_body: u64) {
    let started = std::time::Instant::now();
    let content_type = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("Content-Type"))
        .map(|h| h.value.as_str().to_string());
    let too_large = || {
        Reply::error(
            413,
            format!("the body is over the limit of {max_body} bytes (--max-body)"),
        )
    };
    let mut body = Vec::new();
    let reply = if req.body_length().is_some_and(|n| n as u64 > max_body) {
        too_large()
    } else {
        match req.as_reader().take(max_body + 1).read_to_end(&mut body) {
            Err(e) => Reply::error(400, format!("cannot read the body: {e}")),
            Ok(_) if body.len() as u64 > max_body => too_large(),
            Ok(_) => {
                let r = Request {
                    method: req.method().as_str(),
                    url: req.url(),
                    content_type: content_type.as_deref(),
                    body: &body,
                };
                // A bug met by one request must not take a worker away.
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(svc, &r)))
                    .unwrap_or_else(|_| Reply::error(500, "internal error checking this request"))
            }
        }
    };
    eprintln!(
        "{} {} {} {:.1} ms{}",
        req.method(),
        req.url(),
        reply.status,
        started.elapsed().as_secs_f64() * 1000.0,
        reply
            .findings
            .map_or(String::new(), |n| format!(", {n} findings"))
    );
    let mut headers = vec![header("Content-Type", reply.content_type)];
    if let Some(a) = reply.allow {
        headers.push(header("Allow", a));
    }
    if let Some(n) = reply.findings {
        headers.push(header("X-Copydesk-Findings", &n.to_string()));
    }
    if reply.content_type.starts_with("text/html") {
        // The page runs only its own inline script and talks only to us.
        headers.push(header(
            "Content-Security-Policy",
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'",
        ));
    }
    headers.push(header("X-Content-Type-Options", "nosniff"));
    let len = reply.body.len();
    let response = tiny_http::Response::new(
        tiny_http::StatusCode(reply.status),
        headers.into_iter().flatten().collect(),
        std::io::Cursor::new(reply.body),
        Some(len),
        None,
    );
    // A client that went away is not the server's problem.
    let _ = req.respond(response);
}

fn header(name: &str, value: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
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
