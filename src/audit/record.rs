//! One record: parse the JSON line, pick the fields, check the text, and
//! render the one output line plus the statistics the summary, report and
//! clusters need.

use super::input::{scalar_string, FieldPath};
use super::minhash;
use super::shard::Shard;
use crate::document::{Document, InputFormat};
use crate::engine::Engine;
use crate::finding::Finding;
use crate::rule::{Category, Severity};
use crate::span::{ceil_char_boundary, floor_char_boundary, LineIndex, Span};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;
use std::sync::{Arc, RwLock};

/// What the reader hands to a worker.
#[derive(Debug)]
pub struct Raw {
    /// 1-based, across all inputs in order; the output line's `record`.
    pub number: u64,
    /// Index into the source names.
    pub source: u32,
    /// 1-based physical line within the (decompressed) source.
    pub line: u64,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    Line(Vec<u8>),
    /// A line over `--max-record-bytes` (its length); never buffered.
    TooLong(u64),
    /// The stream broke here: stands for the record being read (if any)
    /// and everything after it in this input.
    Stream(String),
}

/// Which fields to read, and how.
#[derive(Debug, Clone)]
pub struct Fields {
    pub text: FieldPath,
    pub title: Option<FieldPath>,
    pub url: Option<FieldPath>,
    pub id: Option<FieldPath>,
    pub format: Option<FieldPath>,
    /// Overrides the per-record field and sniffing.
    pub input_format: Option<InputFormat>,
    /// Give the engine the title as the document's headline.
    pub title_headline: bool,
}

/// Kinds of record errors, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ErrorKind {
    MalformedJson,
    InvalidUtf8,
    NotAnObject,
    MissingText,
    TextNotString,
    TooLarge,
    Stream,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 7] = [
        ErrorKind::MalformedJson,
        ErrorKind::InvalidUtf8,
        ErrorKind::NotAnObject,
        ErrorKind::MissingText,
        ErrorKind::TextNotString,
        ErrorKind::TooLarge,
        ErrorKind::Stream,
    ];
    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::MalformedJson => "malformed JSON",
            ErrorKind::InvalidUtf8 => "invalid UTF-8",
            ErrorKind::NotAnObject => "not a JSON object",
            ErrorKind::MissingText => "no text field",
            ErrorKind::TextNotString => "text field not a string",
            ErrorKind::TooLarge => "record too large",
            ErrorKind::Stream => "unreadable input",
        }
    }
}

/// One example finding kept for the report, with its context.
#[derive(Debug, Clone)]
pub struct Example {
    pub rule: Arc<str>,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub record: u64,
    pub id: Option<String>,
    pub url: Option<String>,
    pub field: &'static str,
    pub line: usize,
    pub column: usize,
    pub before: String,
    pub hit: String,
    pub after: String,
}

/// Per-record statistics for the writer.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub error: Option<ErrorKind>,
    pub error_message: Option<String>,
    pub domain: Option<String>,
    /// Findings per category (`Category::ALL` order).
    pub cats: [u32; 7],
    /// Findings per rule in this record.
    pub rules: Vec<(Arc<str>, Category, u32)>,
    pub findings: u32,
    /// Findings per severity (`Severity as usize`).
    pub sevs: [u32; 3],
    /// Bytes of the text field.
    pub text_bytes: u64,
    pub examples: Vec<Example>,
    /// LSH bucket keys of the text (when clusters are on and the text has
    /// at least one shingle).
    pub bands: Option<[u32; minhash::BANDS]>,
    /// Hash of the normalised title (when clusters are on).
    pub title_hash: Option<u64>,
}

/// A worker's result for one record.
#[derive(Debug)]
pub struct Done {
    pub number: u64,
    /// The output line without its newline; `None` when the record belongs
    /// to another shard.
    pub line: Option<String>,
    pub stats: Stats,
}

impl Done {
    /// A result with no output line (a record of another shard).
    fn empty(number: u64) -> Done {
        Done {
            number,
            line: None,
            stats: Stats::default(),
        }
    }
}

/// A record whose fields were read, waiting for the engine.
struct Pending {
    number: u64,
    line: u64,
    source: Arc<str>,
    parsed: Parsed,
    prep: Prepared,
    stats: Stats,
}

/// The most text per group of documents the engine checks together (see
/// [`Processor::process_batch`]), which bounds the parsed documents held
/// at once. Larger groups were faster up to about a pipeline batch
/// (256 records, ~0.5 MB): 2.18 → 1.27 CPU-s on the 20 MB benchmark corpus.
pub const ENGINE_BATCH_BYTES: usize = 1024 * 1024;

/// Rules whose example quota is full: workers skip building examples for
/// them. The writer keeps examples in input order, and fills a rule only
/// from records already written, so skipping is always safe.
#[derive(Debug, Default)]
pub struct ExampleGate {
    full: RwLock<HashSet<Arc<str>>>,
}

impl ExampleGate {
    pub fn is_full(&self, rule: &str) -> bool {
        self.full.read().map(|s| s.contains(rule)).unwrap_or(false)
    }
    pub fn set_full(&self, rule: Arc<str>) {
        if let Ok(mut s) = self.full.write() {
            s.insert(rule);
        }
    }
}

pub struct Processor<'e> {
    pub engine: &'e Engine,
    pub fields: Fields,
    pub sources: Vec<Arc<str>>,
    /// Some when the report wants examples.
    pub examples: Option<&'e ExampleGate>,
    pub clusters: bool,
    /// Shard by id (shard by number is applied by the reader).
    pub shard_id: Option<Shard>,
    /// `--timings`.
    pub timings: Option<&'e super::timings::Timings>,
}

pub fn category_index(c: Category) -> usize {
    Category::ALL.iter().position(|x| *x == c).unwrap_or(0)
}

#[derive(Serialize)]
struct SpanOut {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    field: &'static str,
    span: SpanOut,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    record: u64,
    source: &'a str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    findings: Vec<FindingOut<'a>>,
    counts: serde_json::Map<String, Value>,
}

/// The fields of a parsed record.
#[derive(Debug, Default)]
pub struct Parsed {
    pub id: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub text: String,
    pub format: InputFormat,
}

/// A record that could not be checked, with whatever identifies it.
#[derive(Debug)]
pub struct RecordError {
    pub kind: ErrorKind,
    pub message: String,
    pub id: Option<String>,
    pub url: Option<String>,
}

/// Parse one JSON line into its fields.
pub fn parse(line: &[u8], f: &Fields) -> Result<Parsed, RecordError> {
    let err = |kind, message: String| RecordError {
        kind,
        message,
        id: None,
        url: None,
    };
    let s = std::str::from_utf8(line).map_err(|e| {
        err(
            ErrorKind::InvalidUtf8,
            format!(
                "invalid UTF-8 at byte {} of the line; the record is not valid JSON text",
                e.valid_up_to()
            ),
        )
    })?;
    let v: Value = serde_json::from_str(s).map_err(|e| {
        err(
            ErrorKind::MalformedJson,
            format!(
                "malformed JSON: {} (at column {})",
                strip_position(&e),
                e.column()
            ),
        )
    })?;
    if !v.is_object() {
        return Err(err(
            ErrorKind::NotAnObject,
            format!("the line is a JSON {}, not an object", json_type(&v)),
        ));
    }
    let id =
        f.id.as_ref()
            .and_then(|p| p.get(&v))
            .and_then(scalar_string);
    let url = f
        .url
        .as_ref()
        .and_then(|p| p.get(&v))
        .and_then(scalar_string);
    let with_ids = |kind, message| RecordError {
        kind,
        message,
        id: id.clone(),
        url: url.clone(),
    };
    let text = match f.text.get(&v) {
        None => {
            return Err(with_ids(
                ErrorKind::MissingText,
                format!(
                    "no `{}` field (set the text field with --text-field)",
                    f.text.raw
                ),
            ))
        }
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(with_ids(
                ErrorKind::TextNotString,
                format!(
                    "field `{}` is a JSON {}, not a string",
                    f.text.raw,
                    json_type(other)
                ),
            ))
        }
    };
    let title = f
        .title
        .as_ref()
        .and_then(|p| p.get(&v))
        .and_then(|t| t.as_str())
        .map(str::to_string);
    let format = f.input_format.unwrap_or_else(|| {
        f.format
            .as_ref()
            .and_then(|p| p.get(&v))
            .and_then(|t| t.as_str())
            .and_then(format_from_name)
            .unwrap_or_else(|| crate::input::sniff(&text))
    });
    Ok(Parsed {
        id,
        url,
        title,
        text,
        format,
    })
}

/// A format named by a record field: `html`, `markdown`, `text`, or a MIME
/// type (`text/html`, `text/markdown`, `text/plain`).
pub fn format_from_name(s: &str) -> Option<InputFormat> {
    let s = s.trim().to_ascii_lowercase();
    let s = s.split(';').next().unwrap_or("").trim();
    match s {
        "text/html" | "application/xhtml+xml" => Some(InputFormat::Html),
        "text/markdown" | "text/x-markdown" => Some(InputFormat::Markdown),
        "text/plain" | "plain" => Some(InputFormat::Text),
        other => InputFormat::parse_name(other),
    }
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The document the engine sees: the title (as a headline in the record's
/// format) followed by the text, so rules that compare the body with its
/// headline work on archives that store the title apart.
#[derive(Debug)]
pub struct Prepared {
    pub source: String,
    /// Where the text field starts in `source`.
    pub prefix: usize,
    /// The title's place in `source` and whether its bytes are verbatim.
    pub title: Option<(Span, bool)>,
}

pub fn prepare(p: &Parsed, title_headline: bool) -> Prepared {
    let title = p.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let Some(title) = title.filter(|t| title_headline && !starts_with_title(&p.text, t)) else {
        return Prepared {
            source: p.text.clone(),
            prefix: 0,
            title: None,
        };
    };
    // Line breaks inside a title become spaces (same byte length).
    let flat: String = title
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let (open, body, close, exact) = match p.format {
        InputFormat::Text => ("", flat.clone(), "\n\n", true),
        InputFormat::Markdown => ("# ", flat.clone(), "\n\n", true),
        InputFormat::Html => {
            let esc = html_escape(&flat);
            let exact = esc == flat;
            ("<h1>", esc, "</h1>\n", exact)
        }
    };
    let mut source = String::with_capacity(open.len() + body.len() + close.len() + p.text.len());
    source.push_str(open);
    source.push_str(&body);
    source.push_str(close);
    let prefix = source.len();
    source.push_str(&p.text);
    let tspan = Span::new(open.len(), open.len() + body.len());
    Prepared {
        source,
        prefix,
        title: Some((tspan, exact)),
    }
}

/// Does the text already open with the title (as its first line)?
fn starts_with_title(text: &str, title: &str) -> bool {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // Compared as they are normalized: the first line may be a whole
    // paragraph, of which only the title's length matters.
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    let mut f = norm(first);
    let mut t = norm(title).peekable();
    t.peek().is_some() && t.all(|c| f.next() == Some(c))
}

fn html_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '&' => o.push_str("&amp;"),
            _ => o.push(c),
        }
    }
    o
}

/// Map a span of the prepared source back to (field, span in that field).
pub fn map_span(prep: &Prepared, span: Span, title_len: usize) -> (&'static str, Span) {
    if span.start >= prep.prefix || prep.prefix == 0 {
        return (
            "text",
            Span::new(
                span.start.saturating_sub(prep.prefix),
                span.end.saturating_sub(prep.prefix),
            ),
        );
    }
    if span.end > prep.prefix {
        // Starts in the title, runs into the text: report the text part.
        return ("text", Span::new(0, span.end - prep.prefix));
    }
    match prep.title {
        Some((t, true)) => {
            let s = span.start.clamp(t.start, t.end) - t.start;
            let e = span.end.clamp(t.start, t.end) - t.start;
            ("title", Span::new(s, e.max(s)))
        }
        _ => ("title", Span::new(0, title_len)),
    }
}

/// Normalised-title hash for identical-title grouping: lower-cased
/// alphanumeric words joined by single spaces. `None` for titles of fewer
/// than 2 words.
pub fn title_hash(title: &str) -> Option<u64> {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 2 {
        return None;
    }
    Some(super::shard::fnv1a64(words.join(" ").as_bytes()))
}

/// The host of a URL, lower-cased, without `www.`, port or credentials.
pub fn domain(url: &str) -> Option<String> {
    let u = url.trim();
    let rest = match u.find("://") {
        Some(i) => &u[i + 3..],
        None if u.starts_with("//") => &u[2..],
        None => {
            // `javascript:…`, `mailto:…`: a scheme without a host.
            let head = u.split('/').next().unwrap_or("");
            if let Some((_, after)) = head.split_once(':') {
                if !after.chars().all(|c| c.is_ascii_digit()) {
                    return None;
                }
            }
            u
        }
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| &h[1..]).unwrap_or(host)
    } else {
        host.split(':').next().unwrap_or(host)
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host.is_empty() || host.contains(char::is_whitespace) {
        None
    } else {
        Some(host)
    }
}

/// Context around an example span: up to `n` bytes each side, on char
/// boundaries.
pub fn context(text: &str, span: Span, n: usize, max_hit: usize) -> (String, String, String) {
    let s = floor_char_boundary(text, span.start.min(text.len()));
    let e = ceil_char_boundary(text, span.end.min(text.len()).max(s));
    let b = floor_char_boundary(text, s.saturating_sub(n));
    let a = ceil_char_boundary(text, (e + n).min(text.len()));
    let mut hit = text[s..e].to_string();
    if hit.len() > max_hit {
        let cut = floor_char_boundary(&hit, max_hit);
        hit.truncate(cut);
        hit.push('…');
    }
    let mut before = text[b..s].to_string();
    if b > 0 {
        before.insert(0, '…');
    }
    let mut after = text[e..a].to_string();
    if a < text.len() {
        after.push('…');
    }
    (before, hit, after)
}

impl Processor<'_> {
    /// A CPU-time reading when `--timings` is on (free otherwise).
    fn tick(&self) -> u64 {
        if self.timings.is_some() {
            super::timings::now()
        } else {
            0
        }
    }

    /// Check one record (a batch of one: see [`Processor::process_batch`]).
    pub fn process(&self, raw: &Raw) -> Done {
        self.process_batch(std::slice::from_ref(raw))
            .pop()
            .unwrap_or_else(|| Done::empty(raw.number))
    }

    /// Check a batch of records: one result per record, in order. The
    /// engine sees the records' documents in groups of up to
    /// [`ENGINE_BATCH_BYTES`] of text ([`Engine::check_docs`]: each rule
    /// over the whole group before the next rule).
    pub fn process_batch(&self, raws: &[Raw]) -> Vec<Done> {
        let mut done: Vec<Option<Done>> = Vec::with_capacity(raws.len());
        let mut pending: Vec<(usize, Pending)> = Vec::new();
        for (k, raw) in raws.iter().enumerate() {
            match self.start(raw) {
                Ok(d) => done.push(Some(d)),
                Err(p) => {
                    done.push(None);
                    pending.push((k, p));
                }
            }
        }
        let mut rest = &pending[..];
        while !rest.is_empty() {
            // The next group: pending records up to the byte budget.
            let mut bytes = 0;
            let n = rest
                .iter()
                .take_while(|(_, p)| {
                    let fits = bytes == 0 || bytes < ENGINE_BATCH_BYTES;
                    bytes += p.prep.source.len().max(1);
                    fits
                })
                .count();
            let (group, more) = rest.split_at(n);
            for (k, d) in self.check_group(group) {
                done[k] = Some(d);
            }
            rest = more;
        }
        // (`check_group` gave every pending record its result.)
        done.into_iter()
            .zip(raws)
            .map(|(d, raw)| d.unwrap_or_else(|| Done::empty(raw.number)))
            .collect()
    }

    /// Parse one record's JSON line: the finished result when it cannot be
    /// checked (an error, another shard's record), else what to check.
    fn start(&self, raw: &Raw) -> Result<Done, Pending> {
        let source = self
            .sources
            .get(raw.source as usize)
            .cloned()
            .unwrap_or_else(|| Arc::from("?"));
        let mut stats = Stats::default();
        let t0 = self.tick();
        let parsed = match &raw.body {
            Body::Line(bytes) => parse(bytes, &self.fields),
            Body::TooLong(n) => Err(RecordError {
                kind: ErrorKind::TooLarge,
                message: format!("record is {n} bytes, over the --max-record-bytes limit; skipped"),
                id: None,
                url: None,
            }),
            Body::Stream(m) => Err(RecordError {
                kind: ErrorKind::Stream,
                message: m.clone(),
                id: None,
                url: None,
            }),
        };
        if let Some(t) = self.timings {
            super::timings::Timings::add(&t.json, t0);
        }
        let id = match &parsed {
            Ok(p) => p.id.as_deref(),
            Err(e) => e.id.as_deref(),
        };
        if let Some(shard) = self.shard_id {
            let mine = match id {
                Some(id) => shard.has_id(id),
                None => shard.has_number(raw.number),
            };
            if !mine {
                return Ok(Done::empty(raw.number));
            }
        }
        match parsed {
            Err(e) => {
                stats.error = Some(e.kind);
                stats.error_message = Some(e.message.clone());
                stats.domain = e.url.as_deref().and_then(domain);
                let out = RecordOut {
                    record: raw.number,
                    source: &source,
                    line: raw.line,
                    id: e.id.as_deref(),
                    url: e.url.as_deref(),
                    status: "error",
                    error: Some(&e.message),
                    format: None,
                    findings: Vec::new(),
                    counts: serde_json::Map::new(),
                };
                Ok(Done {
                    number: raw.number,
                    line: Some(to_line(&out)),
                    stats,
                })
            }
            Ok(p) => {
                let t0 = self.tick();
                let prep = prepare(&p, self.fields.title_headline);
                if let Some(t) = self.timings {
                    super::timings::Timings::add(&t.parse, t0);
                }
                Err(Pending {
                    number: raw.number,
                    line: raw.line,
                    source,
                    parsed: p,
                    prep,
                    stats,
                })
            }
        }
    }

    /// Parse and check a group of records' documents together, and render
    /// each pending record's result in its place.
    fn check_group(&self, group: &[(usize, Pending)]) -> Vec<(usize, Done)> {
        use super::timings::Timings;
        let t0 = self.tick();
        let docs: Vec<Document> = group
            .iter()
            .map(|(_, p)| self.engine.parse(&p.prep.source, p.parsed.format))
            .collect();
        let refs: Vec<&Document> = docs.iter().collect();
        let findings = match self.timings {
            Some(t) => {
                Timings::add(&t.parse, t0);
                t.check_docs(self.engine, &refs)
            }
            None => self.engine.check_docs(&refs),
        };
        drop(refs);
        group
            .iter()
            .zip(docs)
            .zip(findings)
            .map(|(((k, p), doc), findings)| {
                let mut stats = p.stats.clone();
                let line = self.finish(p, doc, findings, &mut stats);
                let done = Done {
                    number: p.number,
                    line: Some(line),
                    stats,
                };
                (*k, done)
            })
            .collect()
    }

    /// The output line and statistics of one checked record.
    fn finish(
        &self,
        rec: &Pending,
        doc: Document,
        findings: Vec<Finding>,
        stats: &mut Stats,
    ) -> String {
        use super::timings::Timings;
        let (p, prep, number) = (&rec.parsed, &rec.prep, rec.number);
        stats.domain = p.url.as_deref().and_then(domain);
        stats.text_bytes = p.text.len() as u64;
        let t1 = self.tick();
        if self.clusters {
            let w = minhash::words(&doc, prep.prefix, false);
            let sh = minhash::shingles(&w);
            stats.bands = minhash::signature(&sh).map(|s| minhash::bands(&s));
            stats.title_hash = p.title.as_deref().and_then(title_hash);
        }
        drop(doc);
        let t2 = self.tick();
        if let Some(t) = self.timings {
            Timings::add(&t.minhash, t1);
        }
        let title_len = p.title.as_deref().map_or(0, |t| t.trim().len());
        let title_text = p.title.as_deref().map(str::trim).unwrap_or("");
        let text_idx = if findings.is_empty() {
            None
        } else {
            Some(LineIndex::new(&p.text))
        };
        let title_idx = LineIndex::new(title_text);
        let mut outs = Vec::with_capacity(findings.len());
        let mut seen_rules: Vec<Arc<str>> = Vec::new();
        for f in &findings {
            let (field, span) = map_span(prep, f.span, title_len);
            let (text, idx) = if field == "title" {
                (title_text, &title_idx)
            } else {
                (p.text.as_str(), text_idx.as_ref().unwrap_or(&title_idx))
            };
            let s = idx.line_col(text, span.start);
            let e = idx.line_col(text, span.end);
            let ci = category_index(f.category);
            stats.cats[ci] += 1;
            stats.findings += 1;
            stats.sevs[f.severity as usize] += 1;
            match stats.rules.iter_mut().find(|r| r.0 == f.rule) {
                Some(r) => r.2 += 1,
                None => stats.rules.push((f.rule.clone(), f.category, 1)),
            }
            if let Some(gate) = self.examples {
                if !seen_rules.contains(&f.rule) && !gate.is_full(&f.rule) {
                    seen_rules.push(f.rule.clone());
                    let (before, hit, after) = context(text, span, 160, 600);
                    stats.examples.push(Example {
                        rule: f.rule.clone(),
                        category: f.category,
                        severity: f.severity,
                        message: f.message.clone(),
                        record: number,
                        id: p.id.clone(),
                        url: p.url.clone(),
                        field,
                        line: s.line,
                        column: s.column,
                        before,
                        hit,
                        after,
                    });
                }
            }
            outs.push(FindingOut {
                rule: &f.rule,
                category: f.category.id(),
                severity: f.severity.id(),
                message: &f.message,
                field,
                span: SpanOut {
                    start: span.start,
                    end: span.end,
                },
                line: s.line,
                column: s.column,
                end_line: e.line,
                end_column: e.column,
            });
        }
        let mut counts = serde_json::Map::new();
        for (i, c) in Category::ALL.iter().enumerate() {
            if stats.cats[i] > 0 {
                counts.insert(c.id().to_string(), Value::from(stats.cats[i]));
            }
        }
        let out = RecordOut {
            record: number,
            source: &rec.source,
            line: rec.line,
            id: p.id.as_deref(),
            url: p.url.as_deref(),
            status: "ok",
            error: None,
            format: Some(p.format.name()),
            findings: outs,
            counts,
        };
        let line = to_line(&out);
        if let Some(t) = self.timings {
            Timings::add(&t.output, t2);
        }
        line
    }
}

fn to_line<T: Serialize>(v: &T) -> String {
    // Serializing these plain structs cannot fail.
    serde_json::to_string(v).unwrap_or_else(|e| {
        format!("{{\"status\":\"error\",\"error\":\"cannot serialize the result: {e}\"}}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> Fields {
        Fields {
            text: FieldPath::new("text").unwrap(),
            title: Some(FieldPath::new("title").unwrap()),
            url: Some(FieldPath::new("meta.url").unwrap()),
            id: Some(FieldPath::new("id").unwrap()),
            format: Some(FieldPath::new("format").unwrap()),
            input_format: None,
            title_headline: true,
        }
    }

    /// A batch gives each record the result it gets alone: errors, other
    /// shards' records and checked records in their places, groups split
    /// by the byte budget included.
    #[test]
    fn a_batch_matches_records_one_at_a_time() {
        let engine = Engine::new(crate::rule::load::builtin().expect("built-in pack"));
        let processor = Processor {
            engine: &engine,
            fields: fields(),
            sources: vec![Arc::from("t.jsonl")],
            examples: None,
            clusters: true,
            shard_id: Some(Shard::parse("0/2").unwrap()),
            timings: None,
        };
        let mut raws = Vec::new();
        let mut body = |b: Body| {
            let n = raws.len() as u64 + 1;
            raws.push(Raw {
                number: n,
                source: 0,
                line: n,
                body: b,
            })
        };
        let big = "The council met on Monday and approved the budget. ".repeat(6000);
        for (i, t) in crate::testdata::fixture_texts().iter().take(40).enumerate() {
            let rec = serde_json::json!({"id": format!("r{i}"), "title": "Budget vote", "text": t});
            body(Body::Line(rec.to_string().into_bytes()));
            match i % 9 {
                2 => body(Body::Line(b"{not json".to_vec())),
                5 => body(Body::TooLong(1 << 30)),
                7 => body(Body::Line(
                    serde_json::json!({"id": "big", "text": big})
                        .to_string()
                        .into_bytes(),
                )),
                _ => {}
            }
        }
        body(Body::Stream("truncated gzip stream".into()));
        let batch = processor.process_batch(&raws);
        assert_eq!(batch.len(), raws.len());
        let mut checked = 0;
        for (raw, b) in raws.iter().zip(&batch) {
            let one = processor.process(raw);
            assert_eq!(b.number, raw.number);
            assert_eq!(b.line, one.line, "record {}", raw.number);
            assert_eq!(b.stats.bands, one.stats.bands);
            assert_eq!(b.stats.findings, one.stats.findings);
            checked += usize::from(
                b.line
                    .as_deref()
                    .is_some_and(|l| l.contains("\"status\":\"ok\"")),
            );
        }
        assert!(checked > 10, "{checked}");
    }

    #[test]
    fn parse_errors_are_classified() {
        let f = fields();
        let e = |l: &[u8]| parse(l, &f).unwrap_err();
        assert_eq!(e(b"{\"text\": \"a\"").kind, ErrorKind::MalformedJson);
        assert_eq!(e(b"{\"text\": \"a\xff\"}").kind, ErrorKind::InvalidUtf8);
        assert_eq!(e(b"[1,2]").kind, ErrorKind::NotAnObject);
        let m = e(b"{\"id\": 3, \"body\": \"x\"}");
        assert_eq!(m.kind, ErrorKind::MissingText);
        assert_eq!(m.id.as_deref(), Some("3"));
        assert_eq!(e(b"{\"text\": 5}").kind, ErrorKind::TextNotString);
        assert_eq!(e(b"{\"text\": \"\\ud800\"}").kind, ErrorKind::MalformedJson);
    }

    #[test]
    fn parse_fields_and_formats() {
        let f = fields();
        let p = parse(
            br#"{"id":"a1","meta":{"url":"https://www.Example.com:8080/x?y"},"title":"T","text":"<p>a</p>","format":"text/html; charset=utf-8"}"#,
            &f,
        )
        .unwrap();
        assert_eq!(p.id.as_deref(), Some("a1"));
        assert_eq!(p.format, InputFormat::Html);
        assert_eq!(
            domain(p.url.as_deref().unwrap()).as_deref(),
            Some("example.com")
        );
        let p = parse(br##"{"text":"# Head\n\nBody"}"##, &f).unwrap();
        assert_eq!(p.format, InputFormat::Markdown);
    }

    #[test]
    fn domains() {
        assert_eq!(
            domain("http://user:pw@News.Site.org/a").as_deref(),
            Some("news.site.org")
        );
        assert_eq!(domain("site.org/path").as_deref(), Some("site.org"));
        assert_eq!(domain("https://[::1]:80/").as_deref(), Some("::1"));
        assert_eq!(domain(""), None);
        assert_eq!(domain("javascript:alert(1)//x"), None);
        assert_eq!(domain("mailto:a@b.org"), None);
        assert_eq!(domain("site.org:8080/x").as_deref(), Some("site.org"));
        assert_eq!(domain("https:///x"), None);
    }

    #[test]
    fn title_prefix_maps_spans_back() {
        let p = Parsed {
            title: Some(" Council passes budget ".into()),
            text: "Body text.".into(),
            format: InputFormat::Markdown,
            ..Default::default()
        };
        let prep = prepare(&p, true);
        assert_eq!(prep.source, "# Council passes budget\n\nBody text.");
        assert_eq!(&prep.source[prep.prefix..], "Body text.");
        let tl = "Council passes budget".len();
        assert_eq!(
            map_span(&prep, Span::new(prep.prefix + 5, prep.prefix + 9), tl),
            ("text", Span::new(5, 9))
        );
        assert_eq!(
            map_span(&prep, Span::new(2, 9), tl),
            ("title", Span::new(0, 7))
        );
        // A title the text already opens with is not repeated.
        let p2 = Parsed {
            title: Some("Council passes budget".into()),
            text: "Council passes budget\n\nBody.".into(),
            ..Default::default()
        };
        assert_eq!(prepare(&p2, true).prefix, 0);
        // HTML titles are escaped; their spans cover the whole title.
        let p3 = Parsed {
            title: Some("A <b> & c".into()),
            text: "<p>x</p>".into(),
            format: InputFormat::Html,
            ..Default::default()
        };
        let prep3 = prepare(&p3, true);
        assert!(prep3.source.starts_with("<h1>A &lt;b&gt; &amp; c</h1>\n"));
        assert_eq!(
            map_span(&prep3, Span::new(5, 6), 9),
            ("title", Span::new(0, 9))
        );
    }

    #[test]
    fn text_opening_with_its_title() {
        // Letters and digits only, case ignored, a prefix of the first line.
        assert!(starts_with_title(
            "\n  Hello, World! Today\nbody",
            "hello world"
        ));
        assert!(starts_with_title(
            "ÉLECTION 2026 : le vote",
            "Élection 2026"
        ));
        assert!(!starts_with_title("Hello", "hello world"));
        assert!(!starts_with_title("Other line\nHello world", "hello world"));
        // A title without letters or digits never counts as present.
        assert!(!starts_with_title("-- text", "--"));
        assert!(!starts_with_title("", ""));
    }

    #[test]
    fn titles_hash_normalised() {
        assert_eq!(
            title_hash("Council passes budget!"),
            title_hash("council  PASSES budget")
        );
        assert_ne!(
            title_hash("Council passes budget"),
            title_hash("Council rejects budget")
        );
        assert_eq!(title_hash("Home"), None);
    }

    #[test]
    fn context_is_bounded_and_on_char_boundaries() {
        let t = "αβγ ".repeat(100);
        let (b, h, a) = context(&t, Span::new(201, 205), 10, 600);
        assert!(b.starts_with('…') && a.ends_with('…'));
        assert!(b.len() <= 10 + 3 + 1 && !h.is_empty());
    }
}
