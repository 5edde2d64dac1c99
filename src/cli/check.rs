//! `copydesk check`: walk, check in parallel, suppress, baseline, render.

use super::{report_errors, CheckArgs, Color, Format, RuleState, Setup};
use crate::baseline::{self, Baseline};
use crate::config::{absolute, FailLevel, FilePolicy, Policy};
use crate::document::InputFormat;
use crate::engine::Engine;
use crate::output::{self, FileResult, RuleMeta, RunReport};
use crate::rule::Severity;
use crate::select::RuleRef;
use crate::source;
use crate::suppress;
use crate::walk::{self, Input};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// What one file needs besides its path (also the HTTP server's checker).
pub(super) struct Ctx<'a> {
    pub(super) engine: &'a Engine,
    policy: &'a Policy,
    rules: Vec<(RuleRef<'a>, Severity)>,
    /// Every rule of the pack (before selection), for validating suppressions.
    known: Vec<RuleRef<'a>>,
    cwd: &'a Path,
    format: Option<InputFormat>,
    max: u64,
}

/// A file read and ready to check, or its finished result (an error).
type Read = Result<(source::SourceFile, Option<PathBuf>), (FileResult, usize)>;

impl Ctx<'_> {
    /// Check a group of files: read them all, then let the engine check
    /// their documents together ([`Engine::check_docs`]: each rule over the
    /// whole group, which keeps its caches warm), then apply each file's
    /// policy and suppressions. One result per input, in order.
    fn check_group(&self, inputs: &[Input]) -> Vec<(FileResult, usize)> {
        let read: Vec<Read> = inputs.iter().map(|i| self.read(i)).collect();
        // (The texts are shared with the results: an `Arc` each.)
        let texts: Vec<_> = read
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .map(|(sf, _)| (sf.text.clone(), sf.format))
            .collect();
        let docs: Vec<_> = texts
            .iter()
            .map(|(text, format)| self.engine.parse(text, *format))
            .collect();
        let refs: Vec<_> = docs.iter().collect();
        let mut found = self
            .engine
            .check_docs_unresolved(&refs)
            .into_iter()
            .zip(&docs);
        inputs
            .iter()
            .zip(read)
            .map(|(input, r)| match r {
                Err(done) => done,
                Ok((sf, abs)) => match found.next() {
                    Some((findings, doc)) => {
                        self.finish(input.display(), sf, abs.as_deref(), doc, findings)
                    }
                    None => (FileResult::default(), 0),
                },
            })
            .collect()
    }

    fn read(&self, input: &Input) -> Read {
        let (src, abs) = match input {
            Input::Stdin => (source::read_stdin(self.format, self.max), None),
            Input::File { path, display } => (
                source::read_file(path, display, self.format, self.max),
                Some(absolute(path, self.cwd)),
            ),
            Input::Missing { display, reason } => {
                return Err((
                    FileResult {
                        path: display.clone(),
                        error: Some(reason.clone()),
                        ..FileResult::default()
                    },
                    0,
                ))
            }
        };
        match src {
            Ok(sf) => Ok((sf, abs)),
            Err(e) => Err((
                FileResult {
                    path: input.display().to_string(),
                    error: Some(e.to_string()),
                    ..FileResult::default()
                },
                0,
            )),
        }
    }

    /// Check one text already read (the HTTP server's requests): as a
    /// file named `display` with no path of its own for `overrides`. The
    /// result and the number of findings suppressed inline.
    pub(super) fn check_source(
        &self,
        display: &str,
        sf: source::SourceFile,
    ) -> (FileResult, usize) {
        let text = sf.text.clone();
        let doc = self.engine.parse(&text, sf.format);
        let findings = self
            .engine
            .check_docs_unresolved(&[&doc])
            .pop()
            .unwrap_or_default();
        self.finish(display, sf, None, &doc, findings)
    }

    /// One checked file's result: the file's policy (rules, severities)
    /// and its inline suppressions applied.
    fn finish(
        &self,
        display: &str,
        sf: source::SourceFile,
        abs: Option<&Path>,
        doc: &crate::document::Document,
        mut findings: Vec<crate::finding::Finding>,
    ) -> (FileResult, usize) {
        let policy: FilePolicy = self.policy.for_file(abs, &self.rules);
        findings.retain_mut(|f| match policy.active.get(&*f.rule) {
            Some(sev) => {
                f.severity = *sev;
                true
            }
            None => false,
        });
        // Suppressions first: a finding suppressed inline supersedes nothing.
        let outcome = suppress::apply(doc, &mut findings, &self.known, &policy);
        self.engine.drop_superseded(&mut findings);
        (
            FileResult {
                path: display.to_string(),
                text: Some(sf.text),
                findings,
                notices: outcome.notices,
                error: None,
            },
            outcome.suppressed,
        )
    }
}

/// Files per group handed to the engine at once: up to 256 (larger groups
/// are checked faster, as in `copydesk audit`), fewer when there are too
/// few files to keep every thread busy.
fn group_size(files: usize) -> usize {
    let threads = rayon::current_num_threads().max(1);
    (files / (threads * 4)).clamp(1, 256)
}

pub fn run(args: CheckArgs) -> i32 {
    if args.statistics
        && args.output.is_none()
        && !matches!(
            args.format,
            Format::Human | Format::Concise | Format::Json | Format::Jsonl
        )
    {
        eprintln!(
            "error: --statistics replaces the report on standard output, which --format {} \
             needs; write the report to a file with -o FILE",
            format!("{:?}", args.format).to_lowercase()
        );
        return 2;
    }
    let mut setup = match Setup::new(&args.config, &args.pack, Some(&args.select), Some(&args)) {
        Ok(s) => s,
        Err(e) => return report_errors(e),
    };
    let prepared = Prepared::new(&mut setup);
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let inputs = walk::collect(&paths, &setup.walk);
    let ctx = prepared.ctx(&setup, args.input_format);
    let checked: Vec<(FileResult, usize)> = inputs
        .par_chunks(group_size(inputs.len()))
        .flat_map_iter(|g| ctx.check_group(g))
        .collect();
    let suppressed = checked.iter().map(|c| c.1).sum();
    let mut report = RunReport {
        files: checked.into_iter().map(|c| c.0).collect(),
        rules: prepared.rule_meta.clone(),
        baselined: None,
        suppressed,
    };

    // Baselines.
    if let Some(w) = &args.write_baseline {
        let base = baseline::base_dir(w);
        let b = Baseline::from_report(&report, &base);
        if let Err(e) = b.write(w) {
            eprintln!("error: {e}");
            return 2;
        }
        let n = b.apply(&mut report, &base);
        report.baselined = Some(n);
        eprintln!(
            "wrote {} finding{} to baseline {}",
            n,
            if n == 1 { "" } else { "s" },
            w.display()
        );
    } else if let Some(r) = &args.baseline {
        match Baseline::read(r) {
            Ok(b) => {
                let n = b.apply(&mut report, &baseline::base_dir(r));
                report.baselined = Some(n);
            }
            Err(e) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }

    // Rendering.
    let to_file = args.output.is_some();
    let color = !to_file
        && match args.color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        };
    let render = |format: Format| render(&report, format, color);
    let stats = || match args.format {
        Format::Json | Format::Jsonl => output::statistics::render_json(&report),
        _ => output::statistics::render_text(&report),
    };
    let (main, on_stdout) = match (&args.output, args.statistics) {
        (Some(_), true) => (Some(render(args.format)), Some(stats())),
        (Some(_), false) => (Some(render(args.format)), None),
        (None, true) => (None, Some(stats())),
        (None, false) => (None, Some(render(args.format))),
    };
    if let (Some(path), Some(text)) = (&args.output, main) {
        if let Err(e) = std::fs::write(path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return 2;
        }
    }
    if let Some(text) = on_stdout {
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    }
    // Human-readable formats on stdout already end with the summary and
    // name unreadable files; for the rest they go to stderr.
    let summary_on_stdout =
        !to_file && (args.statistics || matches!(args.format, Format::Human | Format::Concise));
    if !summary_on_stdout {
        let mut err = std::io::stderr().lock();
        for f in &report.files {
            if let Some(e) = &f.error {
                let _ = writeln!(err, "error: {}: {e}", f.path);
            }
        }
        let _ = writeln!(err, "{}", report.summary());
    } else if args.statistics {
        let mut err = std::io::stderr().lock();
        for f in &report.files {
            if let Some(e) = &f.error {
                let _ = writeln!(err, "error: {}: {e}", f.path);
            }
        }
    }
    exit_code(&report, setup.fail_level, args.exit_zero)
}

/// A report in one of the output formats.
pub(super) fn render(report: &RunReport, format: Format, color: bool) -> String {
    match format {
        Format::Human => output::human::Human::new(color).render(report),
        Format::Concise => output::concise::render(report),
        Format::Json => output::json::render(report),
        Format::Jsonl => output::jsonl::render(report),
        Format::Sarif => output::sarif::render(report),
        Format::Github => output::github::render(report),
        Format::Rdjson => output::rdjson::render(report),
    }
}

/// The engine over the selected rules, with what checking a file needs
/// besides it: built once per run (`check`) or per server (`serve`).
pub(super) struct Prepared {
    /// Lives until the process exits: freeing its automata and regexes one
    /// by one would only cost time (~20 ms) on the way out.
    pub(super) engine: std::mem::ManuallyDrop<Engine>,
    states: Vec<RuleState>,
    /// Every rule the pack holds (before selection), for validating
    /// suppression names: id, category, enabled.
    all_rules: Vec<(String, Option<crate::rule::Category>, bool)>,
    pub(super) rule_meta: Vec<RuleMeta>,
}

impl Prepared {
    pub(super) fn new(setup: &mut super::Setup) -> Prepared {
        let all_rules = setup
            .pack
            .rules
            .iter()
            .map(|r| (r.id.clone(), Some(r.category), r.enabled))
            .collect();
        let (pack, states) = setup.selected_pack();
        let mut engine = std::mem::ManuallyDrop::new(Engine::new(pack));
        engine.apply_site(&setup.site);
        let rule_meta = rule_meta(&engine, &states);
        Prepared {
            engine,
            states,
            all_rules,
            rule_meta,
        }
    }

    /// The checker for files (or texts) in `format` (`None`: by extension,
    /// else sniffed).
    pub(super) fn ctx<'a>(
        &'a self,
        setup: &'a super::Setup,
        format: Option<InputFormat>,
    ) -> Ctx<'a> {
        Ctx {
            engine: &self.engine,
            policy: &setup.policy,
            rules: self
                .states
                .iter()
                .map(|s| (s.as_ref(), s.severity))
                .collect(),
            known: self
                .all_rules
                .iter()
                .map(|(id, c, e)| RuleRef {
                    id,
                    category: *c,
                    enabled: *e,
                })
                .collect(),
            cwd: &setup.cwd,
            format,
            max: setup.max_file_size,
        }
    }
}

/// Metadata of the rules that ran, then of the notice ids.
fn rule_meta(engine: &Engine, states: &[RuleState]) -> Vec<RuleMeta> {
    let mut v: Vec<RuleMeta> = engine
        .rules()
        .iter()
        .map(|r| RuleMeta {
            id: r.id.clone(),
            category: Some(r.category),
            severity: r.severity,
            description: r.description.clone(),
            help: r.help.clone(),
        })
        .collect();
    for mut m in RuleMeta::notices() {
        if let Some(s) = states.iter().find(|s| s.id == m.id) {
            m.severity = s.severity;
        }
        v.push(m);
    }
    v
}

/// 2 when a file could not be checked; otherwise 1 when something is at or
/// above the fail level (unless `exit_zero`), else 0.
pub fn exit_code(report: &RunReport, level: FailLevel, exit_zero: bool) -> i32 {
    if report.errors() > 0 {
        return 2;
    }
    if exit_zero {
        return 0;
    }
    match level.severity() {
        Some(sev) => i32::from(report.count_at_least(sev) > 0),
        None => 0,
    }
}
