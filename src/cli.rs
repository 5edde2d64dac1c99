//! The command line: `copydesk check`, `copydesk rules list|explain|test`.

use crate::document::InputFormat;
use crate::engine::Engine;
use crate::output::{self, FileResult, RunReport};
use crate::rule::error::LocatedError;
use crate::rule::load::{self, Pack};
use crate::rule::{Category, Severity};
use crate::source;
use clap::{Args, Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "copydesk",
    version,
    about = "Content-quality and provenance checker for news text"
)]
pub struct Cli {
    #[command(subcommand)]
    pub cmd: Cmd,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// Check articles (files, directories, or `-` for stdin).
    Check(CheckArgs),
    /// Audit JSONL archives: one result line per record, summary, report, clusters.
    Audit(Box<crate::audit::AuditArgs>),
    /// List, explain and test rules.
    Rules {
        #[command(subcommand)]
        cmd: RulesCmd,
    },
}

#[derive(Args, Debug, Clone)]
pub struct PackArgs {
    /// Extra rule packs (YAML files or directories); a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule pack (use only --rules).
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCmd {
    /// List the rules.
    List {
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Explain a rule: what it finds, why it matters, what to do.
    Explain {
        id: String,
        #[command(flatten)]
        pack: PackArgs,
    },
    /// Run every rule's must-flag and must-pass examples.
    Test {
        /// Rule files or directories to test instead of the built-in pack.
        paths: Vec<PathBuf>,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Info,
    Warning,
    Error,
    Never,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files or directories to check; `-` reads standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    #[command(flatten)]
    pub pack: PackArgs,
    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_enum, default_value_t = FailLevel::Warning)]
    pub fail_level: FailLevel,
    /// Input format (default: by extension, sniffed for stdin).
    #[arg(long, value_parser = parse_format)]
    pub input_format: Option<InputFormat>,
    /// Largest file checked, in bytes.
    #[arg(long, default_value_t = source::DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

fn parse_format(s: &str) -> Result<InputFormat, String> {
    InputFormat::parse_name(s)
        .ok_or_else(|| format!("unknown input format `{s}` (text, markdown, html)"))
}

/// Print located errors with miette; returns exit code 2.
pub fn report_errors(errors: Vec<LocatedError>) -> i32 {
    let handler = miette::GraphicalReportHandler::new_themed(if std::io::stderr().is_terminal() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    });
    let mut err = std::io::stderr().lock();
    for e in &errors {
        let mut s = String::new();
        if handler.render_report(&mut s, e).is_err() {
            s = format!("error: {e}\n");
        }
        let _ = writeln!(err, "{s}");
    }
    let _ = writeln!(
        err,
        "error: {} problem{} in rule packs; nothing was checked",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    2
}

pub fn load_pack(args: &PackArgs) -> Result<Pack, Vec<LocatedError>> {
    let mut pack = if args.no_default_rules {
        Pack::default()
    } else {
        load::builtin()?
    };
    if !args.rules.is_empty() {
        let files = load::read_paths(&args.rules)?;
        load::extend(&mut pack, &files)?;
    }
    Ok(pack)
}

pub fn run(cli: Cli) -> i32 {
    match cli.cmd {
        Cmd::Check(args) => check(args),
        Cmd::Rules { cmd } => rules(cmd),
        Cmd::Audit(args) => crate::audit::run(*args),
    }
}

/// Collect files to check: directories are walked for article extensions.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push((p.clone(), "-".into()));
        } else if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found.into_iter().map(|f| {
                let d = f.display().to_string();
                (f, d)
            }));
        } else {
            out.push((p.clone(), p.display().to_string()));
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let hidden = p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .and_then(|e| e.to_str())
            .and_then(InputFormat::from_extension)
            .is_some()
        {
            out.push(p);
        }
    }
}

pub fn check_files(
    engine: &Engine,
    files: &[(PathBuf, String)],
    format: Option<InputFormat>,
    max: u64,
) -> RunReport {
    let results: Vec<FileResult> = files
        .par_iter()
        .map(|(path, display)| {
            let src = if display == "-" {
                source::read_stdin(format, max)
            } else {
                source::read_file(path, display, format, max)
            };
            match src {
                Ok(sf) => {
                    let findings = engine.check_text(&sf.text, sf.format);
                    FileResult {
                        path: display.clone(),
                        text: Some(sf.text),
                        findings,
                        error: None,
                    }
                }
                Err(e) => FileResult {
                    path: display.clone(),
                    text: None,
                    findings: Vec::new(),
                    error: Some(e.to_string()),
                },
            }
        })
        .collect();
    RunReport { files: results }
}

fn check(args: CheckArgs) -> i32 {
    let pack = match load_pack(&args.pack) {
        Ok(p) => p,
        Err(e) => return report_errors(e),
    };
    let engine = Engine::new(pack);
    let files = expand_paths(&args.paths);
    let report = check_files(&engine, &files, args.input_format, args.max_file_size);
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let rendered = match args.format {
        Format::Human => output::human::Human::new(color).render(&report),
        Format::Json => output::json::render(&report),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(rendered.as_bytes());
    if args.format != Format::Human {
        for f in &report.files {
            if let Some(e) = &f.error {
                eprintln!("error: {}: {e}", f.path);
            }
        }
    }
    exit_code(&report, args.fail_level)
}

pub fn exit_code(report: &RunReport, level: FailLevel) -> i32 {
    if report.errors() > 0 {
        return 2;
    }
    let level = match level {
        FailLevel::Never => return 0,
        FailLevel::Info => Severity::Info,
        FailLevel::Warning => Severity::Warning,
        FailLevel::Error => Severity::Error,
    };
    i32::from(report.count_at_least(level) > 0)
}

fn rules(cmd: RulesCmd) -> i32 {
    match cmd {
        RulesCmd::List { pack } => {
            let pack = match load_pack(&pack) {
                Ok(p) => p,
                Err(e) => return report_errors(e),
            };
            let w = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(10);
            for c in Category::ALL {
                for r in pack.rules.iter().filter(|r| r.category == c) {
                    let first = r.description.lines().next().unwrap_or("");
                    println!(
                        "{:w$}  {:20} {:7} {:16} {}{}",
                        r.id,
                        r.category.id(),
                        r.severity.id(),
                        r.kind.id(),
                        first,
                        if r.enabled { "" } else { " (disabled)" }
                    );
                }
            }
            0
        }
        RulesCmd::Explain { id, pack } => {
            let pack = match load_pack(&pack) {
                Ok(p) => p,
                Err(e) => return report_errors(e),
            };
            let Some(r) = pack.rules.iter().find(|r| r.id == id) else {
                eprintln!("error: no rule `{id}`; `copydesk rules list` shows them");
                return 2;
            };
            println!(
                "{}  [{}]  severity: {}  kind: {}",
                r.id,
                r.category,
                r.severity,
                r.kind.id()
            );
            println!("defined in {}\n", r.origin);
            println!("{}\n", r.description);
            if let Some(h) = &r.help {
                println!("help: {h}\n");
            }
            let scope: Vec<String> = r
                .scope
                .iter()
                .map(|s| format!("{s:?}").to_lowercase())
                .collect();
            println!("scope: {}", scope.join(", "));
            if let Some(ex) = r.examples.flag.first() {
                println!(
                    "\nflags, for example:\n  {}",
                    ex.value.trim().replace('\n', "\n  ")
                );
            }
            if let Some(ex) = r.examples.pass.first() {
                println!(
                    "\ndoes not flag, for example:\n  {}",
                    ex.value.trim().replace('\n', "\n  ")
                );
            }
            0
        }
        RulesCmd::Test { paths } => {
            let pack = if paths.is_empty() {
                load::builtin()
            } else {
                load::read_paths(&paths).and_then(|f| load::load(&f))
            };
            let pack = match pack {
                Ok(p) => p,
                Err(e) => return report_errors(e),
            };
            let engine = Engine::new(pack);
            let sum = crate::ruletest::run(&engine);
            for f in &sum.failures {
                println!("FAIL {}: {}", f.rule, f.what);
            }
            let failed_rules = {
                let mut v: Vec<&str> = sum.failures.iter().map(|f| f.rule.as_str()).collect();
                v.dedup();
                v.len()
            };
            println!(
                "{} passed, {} failed",
                sum.rules - failed_rules,
                failed_rules
            );
            println!("({} rules, {} examples)", sum.rules, sum.cases);
            i32::from(!sum.failures.is_empty())
        }
    }
}
