//! `copydesk audit`: check scraped JSONL archives of millions of articles,
//! streaming, in parallel, with exactly one result line per input record,
//! in input order, a summary, an HTML/Markdown report and clusters of
//! republished articles. See docs/audit.md.

pub mod clusters;
pub mod input;
pub mod minhash;
pub mod pipeline;
pub mod progress;
pub mod record;
pub mod report_html;
pub mod report_md;
pub mod shard;
pub mod summary;
pub mod timings;

use crate::document::InputFormat;
use crate::engine::Engine;
use crate::rule::error::LocatedError;
use crate::rule::load::{self, Pack};
use crate::rule::Severity;
use clap::{Args, ValueEnum};
use input::{FieldPath, Line, LineReader, Source, Spool};
use record::{Body, ExampleGate, Fields, Processor, Raw};
use shard::{Shard, ShardBy};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Default largest record (one JSON line), in bytes.
pub const DEFAULT_MAX_RECORD: usize = 16 * 1024 * 1024;

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum FailOn {
    /// Never exit 1 because of findings (archives always have some).
    #[default]
    Never,
    Info,
    Warning,
    Error,
}

#[derive(Args, Debug, Clone)]
pub struct AuditArgs {
    /// JSON Lines archives (`.jsonl`, `.jsonl.gz`, `.jsonl.zst`), directories
    /// of them, or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the per-record results here instead of standard output (`-`:
    /// standard output, as for the inputs).
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Field holding the article text (dotted path, e.g. `content` or `doc.body`).
    #[arg(long, default_value = "text", value_name = "PATH")]
    pub text_field: String,
    /// Field holding the title (empty string: none).
    #[arg(long, default_value = "title", value_name = "PATH")]
    pub title_field: String,
    /// Field holding the URL, used for domains (empty string: none).
    #[arg(long, default_value = "url", value_name = "PATH")]
    pub url_field: String,
    /// Field holding the record id (empty string: none).
    #[arg(long, default_value = "id", value_name = "PATH")]
    pub id_field: String,
    /// Field naming each record's format (`html`, `markdown`, `text`, or a MIME type).
    #[arg(long, value_name = "PATH")]
    pub format_field: Option<String>,
    /// Format of every record's text (default: the format field, else sniffed).
    #[arg(long, value_parser = parse_format)]
    pub input_format: Option<InputFormat>,
    /// Do not give the engine the title as the document's headline.
    #[arg(long)]
    pub no_title_headline: bool,
    /// Extra rule packs (YAML files or directories); a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule pack (use only --rules).
    #[arg(long)]
    pub no_default_rules: bool,
    /// Check only shard I of N (0-based), e.g. `--shard 3/8`.
    #[arg(long, value_parser = Shard::parse, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Assign records to shards by record number or by a hash of the id.
    #[arg(long, value_enum, default_value_t = ShardBy::Number)]
    pub shard_by: ShardBy,
    /// Worker threads (default: the number of cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Largest record (JSON line) checked, in bytes; longer lines become error results.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD, value_name = "BYTES")]
    pub max_record_bytes: usize,
    /// Records per batch handed to a worker (tuning and tests).
    #[arg(long, default_value_t = 256, hide = true)]
    pub batch_records: usize,
    /// Print CPU time per step and per rule at the end (profiling).
    #[arg(long)]
    pub timings: bool,
    /// Show progress on stderr even when it is not a terminal (plain lines).
    #[arg(long)]
    pub progress: bool,
    /// Never show progress.
    #[arg(long, conflicts_with = "progress")]
    pub no_progress: bool,
    /// Do not print the summary on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Lines in the summary's top-rules and worst-domains lists.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
    /// Domains need at least this many records to be ranked by defect rate.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub min_domain_records: u64,
    /// Write a report: `.html` (self-contained page) or `.md` (Markdown). Repeatable.
    #[arg(long, value_name = "PATH")]
    pub report: Vec<PathBuf>,
    /// Example records kept per rule for the report.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub report_examples: usize,
    /// Write clusters of near-duplicate articles and identical titles (JSON Lines).
    #[arg(long, value_name = "PATH")]
    pub clusters: Option<PathBuf>,
    /// Exact Jaccard similarity (of 5-word shingle sets) that makes a near-duplicate.
    #[arg(long, default_value_t = 0.7, value_name = "0..1")]
    pub cluster_threshold: f64,
    /// Megabytes of record text held at once while verifying clusters.
    #[arg(long, default_value_t = 256, value_name = "MB")]
    pub cluster_memory: u64,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Never)]
    pub fail_level: FailOn,
}

/// What the reports say about the run besides the summary.
#[derive(Debug, Clone, Default)]
pub struct ReportMeta {
    pub inputs: Vec<String>,
    pub shard: Option<String>,
    pub min_domain_records: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    Html,
    Markdown,
}

impl ReportKind {
    pub fn of(p: &std::path::Path) -> Result<ReportKind, String> {
        match p
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("html" | "htm") => Ok(ReportKind::Html),
            Some("md" | "markdown") => Ok(ReportKind::Markdown),
            _ => Err(format!(
                "--report {}: name the file .html or .md to choose the format",
                p.display()
            )),
        }
    }
}

fn parse_format(s: &str) -> Result<InputFormat, String> {
    InputFormat::parse_name(s)
        .ok_or_else(|| format!("unknown input format `{s}` (text, markdown, html)"))
}

fn optional_field(raw: &str) -> Result<Option<FieldPath>, String> {
    if raw.is_empty() {
        Ok(None)
    } else {
        FieldPath::new(raw).map(Some)
    }
}

impl AuditArgs {
    pub fn fields(&self) -> Result<Fields, String> {
        Ok(Fields {
            text: FieldPath::new(&self.text_field)?,
            title: optional_field(&self.title_field)?,
            url: optional_field(&self.url_field)?,
            id: optional_field(&self.id_field)?,
            format: match &self.format_field {
                Some(f) => optional_field(f)?,
                None => None,
            },
            input_format: self.input_format,
            title_headline: !self.no_title_headline,
        })
    }
}

/// Load the pack the way `check` does: built-in (unless disabled) plus `--rules`.
pub fn load_pack(rules: &[PathBuf], no_default: bool) -> Result<Pack, Vec<LocatedError>> {
    let mut pack = if no_default {
        Pack::default()
    } else {
        load::builtin()?
    };
    if !rules.is_empty() {
        let files = load::read_paths(rules)?;
        load::extend(&mut pack, &files)?;
    }
    Ok(pack)
}

/// Read every source in order and hand each record (non-blank line, too
/// long line, or broken-stream marker) to `f` with its record number.
/// Returns false when `f` asked to stop. Used by both passes, so record
/// numbers are the same in each.
pub fn read_sources(
    sources: &[Source],
    max_record: usize,
    counter: &Arc<AtomicU64>,
    mut spool: Option<&mut Spool>,
    broken: &AtomicU64,
    f: &mut dyn FnMut(Raw) -> bool,
) -> bool {
    let mut number = 0u64;
    for (si, src) in sources.iter().enumerate() {
        let si = si as u32;
        let name = src.name();
        let stream = match input::open(src, counter.clone()) {
            Ok((r, _)) => r,
            Err(e) => {
                number += 1;
                broken.fetch_add(1, Ordering::Relaxed);
                let msg = format!("cannot read input {name}: {e}; no record of it was checked");
                if !f(Raw {
                    number,
                    source: si,
                    line: 0,
                    body: Body::Stream(msg),
                }) {
                    return false;
                }
                continue;
            }
        };
        let mut lr = LineReader::new(stream, max_record);
        while let Some(next) = lr.next_line() {
            number += 1;
            let is_stdin = *src == Source::Stdin;
            let (line, body) = match next {
                Ok(l) => {
                    if let (true, Some(sp)) = (is_stdin, spool.as_deref_mut()) {
                        if let Err(e) = sp.push(&l) {
                            eprintln!("warning: cannot spool standard input for clusters: {e}");
                        }
                    }
                    let body = match l {
                        Line::Data(b) => Body::Line(b),
                        Line::TooLong(n) => Body::TooLong(n),
                    };
                    (lr.line_no, body)
                }
                Err(e) => {
                    broken.fetch_add(1, Ordering::Relaxed);
                    if let (true, Some(sp)) = (is_stdin, spool.as_deref_mut()) {
                        let _ = sp.push(&Line::Data(b"\"broken stream\"".to_vec()));
                    }
                    let what = if e.error.kind() == std::io::ErrorKind::UnexpectedEof {
                        "input ends early (truncated archive?)".to_string()
                    } else {
                        format!("cannot read further: {}", e.error)
                    };
                    let lost = if e.partial > 0 {
                        format!(
                            "the record on this line was cut off after {} bytes; it and anything after it in {name} are lost",
                            e.partial
                        )
                    } else {
                        format!("anything after line {} of {name} is lost", lr.line_no)
                    };
                    (
                        lr.line_no + 1,
                        Body::Stream(format!(
                            "{what}: {} after {} decompressed bytes; {lost}",
                            e.error, lr.bytes
                        )),
                    )
                }
            };
            if !f(Raw {
                number,
                source: si,
                line,
                body,
            }) {
                return false;
            }
        }
    }
    true
}

/// glibc's malloc hands memory freed at the top of a heap back to the
/// system only past a threshold that it raises as large blocks come and go
/// (up to 32 MB per arena). The workers' short-lived buffers then hold
/// their peak: a fixed 128 KB threshold keeps `audit -j 2`'s peak RSS
/// ~14 MB lower (v2 corpus, 20 and 200 MB) for ~2 % more system time
/// (docs/benchmarks.md).
fn bound_malloc_trim() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; it is called
    // before any worker thread exists.
    unsafe {
        libc::mallopt(libc::M_TRIM_THRESHOLD, 128 << 10);
    }
}

pub fn run(args: AuditArgs) -> i32 {
    bound_malloc_trim();
    let fields = match args.fields() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let pack = match load_pack(&args.rules, args.no_default_rules) {
        Ok(p) => p,
        Err(e) => return crate::cli::report_errors(e),
    };
    // Lives until the process exits: freeing its automata and regexes one
    // by one would only cost time (~20 ms) on the way out.
    let engine = std::mem::ManuallyDrop::new(Engine::new(pack));
    let mut reports = Vec::new();
    for p in &args.report {
        match ReportKind::of(p) {
            Ok(k) => reports.push((p.clone(), k)),
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    if !(0.0..=1.0).contains(&args.cluster_threshold) {
        eprintln!("error: --cluster-threshold must be between 0 and 1");
        return 2;
    }
    let mut clusters_out: Option<Box<dyn Write>> = match &args.clusters {
        None => None,
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Some(Box::new(std::io::BufWriter::new(f))),
            Err(e) => {
                eprintln!("error: cannot create {}: {e}", p.display());
                return 2;
            }
        },
    };
    let sources = match input::expand(&args.paths) {
        Ok(s) if s.is_empty() => {
            eprintln!("error: no JSONL archives found in the given paths");
            return 2;
        }
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    let mut out: Box<dyn Write> = match args.output.as_ref().filter(|p| p.as_os_str() != "-") {
        None => Box::new(std::io::BufWriter::with_capacity(
            1 << 20,
            std::io::stdout().lock(),
        )),
        Some(p) => match std::fs::File::create(p) {
            Ok(f) => Box::new(std::io::BufWriter::with_capacity(1 << 20, f)),
            Err(e) => {
                eprintln!("error: cannot create {}: {e}", p.display());
                return 2;
            }
        },
    };
    let total: Option<u64> = sources
        .iter()
        .map(|s| match s {
            Source::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            Source::Stdin => None,
        })
        .sum();
    let mode = if args.no_progress {
        progress::Mode::Off
    } else if std::io::stderr().is_terminal() {
        progress::Mode::Bar
    } else if args.progress {
        progress::Mode::Lines
    } else {
        progress::Mode::Off
    };
    let mut progress = progress::Progress::new(mode, total);
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let names: Vec<Arc<str>> = sources.iter().map(|s| Arc::from(s.name())).collect();
    let timings = args.timings.then(|| timings::Timings::new(&engine));
    let gate = ExampleGate::default();
    let want_examples = !reports.is_empty() && args.report_examples > 0;
    let processor = Processor {
        timings: timings.as_ref(),
        engine: &engine,
        fields: fields.clone(),
        sources: names,
        examples: want_examples.then_some(&gate),
        clusters: clusters_out.is_some(),
        shard_id: args.shard.filter(|_| args.shard_by == ShardBy::Id),
    };
    let shard_number = args.shard.filter(|_| args.shard_by == ShardBy::Number);
    let broken = AtomicU64::new(0);
    let counter = progress.read.clone();
    let mut summary = summary::Summary::new(if want_examples {
        args.report_examples
    } else {
        0
    });
    let mut write_error: Option<String> = None;
    let start = Instant::now();
    let spool: Mutex<Option<Spool>> = Mutex::new(None);
    if clusters_out.is_some() && sources.contains(&Source::Stdin) {
        match Spool::create() {
            Ok(s) => {
                if let Ok(mut g) = spool.lock() {
                    *g = Some(s);
                }
            }
            Err(e) => {
                eprintln!(
                    "error: cannot create a spool file for clusters over standard input: {e}"
                );
                return 2;
            }
        }
    }
    let mut index = clusters::Index::default();
    let want_index = clusters_out.is_some();
    let sev_fail = match args.fail_level {
        FailOn::Never => None,
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
    };
    let mut cfg = pipeline::Config::new(jobs);
    cfg.batch_records = args.batch_records.max(1);
    pipeline::run(
        cfg,
        |feeder| {
            let mut guard = spool.lock().ok();
            let sp = guard.as_mut().and_then(|g| g.as_mut());
            read_sources(
                &sources,
                args.max_record_bytes,
                &counter,
                sp,
                &broken,
                &mut |raw| {
                    if let Some(s) = shard_number {
                        if !s.has_number(raw.number) {
                            return true;
                        }
                    }
                    feeder.push(raw)
                },
            );
        },
        &|raws: &[record::Raw]| processor.process_batch(raws),
        |batch| {
            for d in batch {
                if let Some(line) = &d.line {
                    if let Err(e) = out
                        .write_all(line.as_bytes())
                        .and_then(|_| out.write_all(b"\n"))
                    {
                        write_error = Some(e.to_string());
                        return false;
                    }
                    if want_index {
                        index.add(d.number, &d.stats);
                    }
                    summary.add(d.number, d.stats, Some(&gate));
                }
            }
            progress.update(summary.records, summary.text_bytes);
            true
        },
    );
    progress.finish();
    if write_error.is_none() {
        if let Err(e) = out.flush() {
            write_error = Some(e.to_string());
        }
    }
    summary.seconds = start.elapsed().as_secs_f64();
    let cluster_start = Instant::now();
    let mut cluster_note = None;
    let mut cluster_failed = false;
    if let (Some(cout), None) = (clusters_out.as_mut(), &write_error) {
        let mut pass2 = sources.clone();
        let mut guard = spool.lock().ok();
        if let Some(sp) = guard.as_mut().and_then(|g| g.as_mut()) {
            if let Err(e) = sp.finish() {
                eprintln!("error: cannot write the spool file for clusters: {e}");
                cluster_failed = true;
            }
            for s in pass2.iter_mut() {
                if *s == Source::Stdin {
                    *s = Source::File(sp.path.clone());
                }
            }
        }
        let st = clusters::Settings {
            engine: &engine,
            fields: &fields,
            sources: pass2,
            max_record: args.max_record_bytes,
            threshold: args.cluster_threshold,
            memory: args.cluster_memory.saturating_mul(1 << 20),
            jobs,
        };
        let signed = index.len();
        match clusters::finish(index, &st, cout.as_mut()) {
            Ok(c) => {
                cluster_note = Some(format!(
                    "clusters: {} near-duplicate cluster{} ({} records) from {} candidate group{} among {} records with shingles; {} identical-title group{}; index {:.1} MB; {} extra pass{} over the input; {:.1} s",
                    c.clusters,
                    if c.clusters == 1 { "" } else { "s" },
                    c.clustered_records,
                    c.candidate_groups,
                    if c.candidate_groups == 1 { "" } else { "s" },
                    signed,
                    c.title_groups,
                    if c.title_groups == 1 { "" } else { "s" },
                    c.index_bytes as f64 / 1e6,
                    c.passes,
                    if c.passes == 1 { "" } else { "es" },
                    cluster_start.elapsed().as_secs_f64(),
                ));
            }
            Err(e) => {
                eprintln!("error: cannot write clusters: {e}");
                cluster_failed = true;
            }
        }
        drop(guard);
    }
    let meta = ReportMeta {
        inputs: sources.iter().map(Source::name).collect(),
        shard: args
            .shard
            .map(|s| format!("{}/{} by {:?}", s.index, s.count, args.shard_by).to_lowercase()),
        min_domain_records: args.min_domain_records,
    };
    let mut report_failed = false;
    for (path, kind) in &reports {
        let text = match kind {
            ReportKind::Html => report_html::render(&summary, &meta),
            ReportKind::Markdown => report_md::render(&summary, &meta),
        };
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write report {}: {e}", path.display());
            report_failed = true;
        }
    }
    if !args.quiet {
        eprint!("{}", summary.render(args.min_domain_records, args.top));
        if let Some(n) = &cluster_note {
            eprintln!("{n}");
        }
    }
    if let Some(t) = &timings {
        eprint!("{}", t.render(summary.text_bytes));
    }
    if let Some(e) = write_error {
        eprintln!("error: cannot write the results: {e}; the run was stopped");
        return 2;
    }
    if report_failed || cluster_failed {
        return 2;
    }
    let broken = broken.load(Ordering::Relaxed);
    if broken > 0 {
        eprintln!(
            "error: {broken} input{} could not be read to the end; see the error results",
            if broken == 1 { "" } else { "s" }
        );
        return 2;
    }
    match sev_fail {
        Some(level) if summary.at_least(level) > 0 => 1,
        _ => 0,
    }
}
