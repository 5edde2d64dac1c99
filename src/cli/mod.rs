//! The command line: `copydesk check`, `copydesk rules list|explain|test`,
//! `copydesk config show`, `copydesk audit`, `copydesk serve`.
//!
//! Two phases, as in ripgrep: clap parses raw arguments ([`Cli`]); [`Setup`]
//! then merges them with `copydesk.yaml` into the objects that do the work
//! (the rule pack, the selection policy, the walker's options). Every
//! problem found on the way (a bad config value, an unreadable pack, an
//! unknown selector) is collected and reported together, located, with
//! exit status 2.

/// `println!` that ignores a closed standard output (`copydesk … | head`)
/// instead of panicking.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

mod check;
mod config_cmd;
mod rules_cmd;
mod serve;

use crate::config::{self, FailLevel, Loaded, PathMatcher, Policy};
use crate::document::InputFormat;
use crate::kinds::Site;
use crate::output::RuleMeta;
use crate::rule::error::{LocatedError, YamlFile};
use crate::rule::load::{self, Pack};
use crate::select::{self, RuleRef, Selector};
use crate::source;
use crate::walk;
use clap::{Args, Parser, Subcommand, ValueEnum};
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
    /// Check articles (files, directories, globs, or `-` for stdin).
    Check(Box<CheckArgs>),
    /// List, explain and test rules.
    Rules {
        #[command(subcommand)]
        cmd: RulesCmd,
    },
    /// Show the effective configuration.
    Config {
        #[command(subcommand)]
        cmd: ConfigCmd,
    },
    /// Audit JSONL archives: one result line per record, summary, report, clusters.
    Audit(Box<crate::audit::AuditArgs>),
    /// Serve the checker over HTTP: an editor page and a JSON endpoint for a CMS.
    Serve(Box<serve::ServeArgs>),
}

#[derive(Args, Debug, Clone, Default)]
pub struct PackArgs {
    /// Extra rule packs (YAML files or directories); a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule pack (use only --rules and the config's packs).
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Args, Debug, Clone, Default)]
pub struct ConfigArgs {
    /// Configuration file (default: the nearest copydesk.yaml or
    /// .copydesk.yaml at or above the working directory).
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCmd {
    /// List the rules (built-in, configured packs and --rules).
    List {
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Explain a rule: what it finds, why it matters, what to do.
    Explain {
        id: String,
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Run every rule's must-flag and must-pass examples.
    Test {
        /// Rule files or directories to test instead of the built-in pack.
        paths: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ConfigCmd {
    /// Print the effective configuration: the file used, every setting
    /// after defaults and command-line flags, and the resulting rule set.
    Show {
        #[command(flatten)]
        pack: PackArgs,
        #[command(flatten)]
        config: ConfigArgs,
        #[command(flatten)]
        select: SelectArgs,
    },
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics with the source underlined (rustc/miette style).
    Human,
    /// `path:line:col: severity[rule] message`, one per line.
    Concise,
    /// The versioned JSON report (docs/json-output.md).
    Json,
    /// One JSON object per finding, notice or unreadable file.
    Jsonl,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow-command annotations.
    Github,
    /// Reviewdog diagnostic format.
    Rdjson,
}

#[derive(Copy, Clone, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Which rules run.
#[derive(Args, Debug, Clone, Default)]
pub struct SelectArgs {
    /// Run only these rules: ids, id prefixes, categories or ALL
    /// (comma-separated; replaces the config's `select`).
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub select: Option<Vec<String>>,
    /// Run these rules as well.
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub extend_select: Vec<String>,
    /// Do not run these rules (added to the config's `ignore`).
    #[arg(long, value_delimiter = ',', value_name = "SELECTOR")]
    pub ignore: Vec<String>,
    /// Exit 1 when a finding is at or above this severity [default: config, else warning].
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Files, directories or globs to check; `-` reads standard input [default: .].
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub pack: PackArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub select: SelectArgs,
    /// Exit 0 even when there are findings (still 2 when a file could not be checked).
    #[arg(long)]
    pub exit_zero: bool,
    /// Print how many findings each rule and category produced (instead of
    /// the findings, or besides them when the report goes to -o FILE).
    #[arg(long)]
    pub statistics: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in this baseline file (and report none of them).
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Skip paths matching this glob (repeatable; added to the config's `files.exclude`).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Apply exclusions to files named on the command line too (for pre-commit).
    #[arg(long)]
    pub force_exclude: bool,
    /// Do not honour .gitignore, .ignore and .copydeskignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Input format (default: by extension, sniffed for stdin).
    #[arg(long, value_parser = parse_format)]
    pub input_format: Option<InputFormat>,
    /// Largest file checked, in bytes [default: config, else 64 MiB].
    #[arg(long)]
    pub max_file_size: Option<u64>,
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

fn parse_format(s: &str) -> Result<InputFormat, String> {
    InputFormat::parse_name(s)
        .ok_or_else(|| format!("unknown input format `{s}` (text, markdown, html)"))
}

/// Print located errors with miette; returns exit code 2.
pub fn report_errors(errors: Vec<LocatedError>) -> i32 {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let handler = miette::GraphicalReportHandler::new_themed(if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    })
    .with_width(100);
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
        "error: {} problem{} in the configuration or rule packs; nothing was checked",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    2
}

/// The configuration, rule pack and policy a command works with.
pub struct Setup {
    pub cwd: PathBuf,
    pub config: Option<Loaded>,
    pub pack: Pack,
    pub policy: Policy,
    pub site: Site,
    pub fail_level: FailLevel,
    pub walk: walk::Options,
    pub max_file_size: u64,
}

/// A rule (or notice id) as the per-file policy sees it.
#[derive(Debug, Clone)]
pub struct RuleState {
    pub id: String,
    pub category: Option<crate::rule::Category>,
    /// `enabled` in its YAML (before selection switched it on).
    pub enabled: bool,
    /// After the global `severity` settings.
    pub severity: crate::rule::Severity,
}

impl RuleState {
    pub fn as_ref(&self) -> RuleRef<'_> {
        RuleRef {
            id: &self.id,
            category: self.category,
            enabled: self.enabled,
        }
    }
}

/// Selectors given on the command line, validated like the config's.
fn cli_selectors(
    flag: &str,
    list: &[String],
    known: &[RuleRef],
    errors: &mut Vec<LocatedError>,
) -> Vec<Selector> {
    let mut out = Vec::new();
    for s in list.iter().filter(|s| !s.trim().is_empty()) {
        let sel = Selector::parse(s);
        if select::matches_any(&sel, known.iter().copied()) {
            out.push(sel);
        } else {
            errors.push(
                YamlFile::new(format!("{flag} argument"), s.clone())
                    .error(
                        format!("`{s}` names no rule, id prefix or category"),
                        Some(crate::span::Span::new(0, s.len())),
                        "unknown rule",
                    )
                    .with_help(config::suggest(s, known)),
            );
        }
    }
    out
}

/// Everything a rule pack holds that selectors can name: its rules and
/// copydesk's own notice ids.
pub fn rule_refs<'a>(pack: &'a Pack, notices: &'a [RuleMeta]) -> Vec<RuleRef<'a>> {
    pack.rules
        .iter()
        .map(|r| RuleRef {
            id: &r.id,
            category: Some(r.category),
            enabled: r.enabled,
        })
        .chain(notices.iter().map(|m| RuleRef {
            id: &m.id,
            category: None,
            enabled: true,
        }))
        .collect()
}

impl Setup {
    pub fn new(
        cfg: &ConfigArgs,
        pack_args: &PackArgs,
        sel: Option<&SelectArgs>,
        check: Option<&CheckArgs>,
    ) -> Result<Setup, Vec<LocatedError>> {
        let cwd = std::env::current_dir()
            .map(|d| config::normalize(&d))
            .map_err(|e| {
                vec![YamlFile::new("working directory", "").error(
                    format!("cannot read the working directory: {e}"),
                    None,
                    "",
                )]
            })?;
        let path = if cfg.no_config {
            None
        } else {
            cfg.config.clone().or_else(|| config::discover(&cwd))
        };
        let loaded = match path {
            Some(p) => Some(config::load(&p, &cwd)?),
            None => None,
        };
        let mut errors = Vec::new();
        // The pack: built-in, the config's packs, --rules, the site rule.
        let default_pack =
            !pack_args.no_default_rules && loaded.as_ref().is_none_or(|l| l.raw.default_pack);
        let mut pack = if default_pack {
            load::builtin()?
        } else {
            Pack::default()
        };
        let mut pack_paths: Vec<PathBuf> = match &loaded {
            Some(l) => l.packs(&mut errors),
            None => Vec::new(),
        };
        pack_paths.extend(pack_args.rules.iter().cloned());
        if !pack_paths.is_empty() {
            match load::read_paths(&pack_paths).and_then(|files| load::extend(&mut pack, &files)) {
                Ok(()) => {}
                Err(e) => errors.extend(e),
            }
        }
        let mut site = Site::default();
        if let Some(l) = &loaded {
            for r in l.site_rules(&mut errors) {
                match pack.rules.iter().position(|x| x.id == r.id) {
                    Some(i) => pack.rules[i] = r,
                    None => pack.rules.push(r),
                }
            }
            site = l.site(&mut errors);
        }
        // Selection: the config's, then the command line's.
        let notices = RuleMeta::notices();
        let known = rule_refs(&pack, &notices);
        let mut policy = match &loaded {
            Some(l) => l.policy(&known, &mut errors),
            None => Policy::default(),
        };
        let mut fail_level = loaded
            .as_ref()
            .and_then(|l| l.raw.fail_level)
            .unwrap_or_default();
        if let Some(s) = sel {
            if let Some(list) = &s.select {
                policy.select = Some(cli_selectors("--select", list, &known, &mut errors));
            }
            let ext = cli_selectors("--extend-select", &s.extend_select, &known, &mut errors);
            policy.extend_select.extend(ext);
            let ign = cli_selectors("--ignore", &s.ignore, &known, &mut errors);
            policy.ignore.extend(ign);
            if let Some(f) = s.fail_level {
                fail_level = f;
            }
        }
        // Walking.
        let mut excludes = Vec::new();
        let mut extensions: Vec<String> = config::DEFAULT_EXTENSIONS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut respect = true;
        let mut max_file_size = source::DEFAULT_MAX_FILE_SIZE;
        if let Some(l) = &loaded {
            let m = l.excludes(&mut errors);
            if !m.is_empty() {
                excludes.push(m);
            }
            if let Some(e) = l.extensions(&mut errors) {
                extensions = e;
            }
            respect = l.raw.files.respect_gitignore;
            if let Some(m) = l.raw.files.max_file_size {
                max_file_size = m;
            }
        }
        let mut force_exclude = false;
        if let Some(c) = check {
            if !c.exclude.is_empty() {
                match PathMatcher::new(&cwd, &c.exclude) {
                    Ok(m) => excludes.push(m),
                    Err((i, e)) => {
                        let g = c.exclude.get(i).cloned().unwrap_or_default();
                        errors.push(YamlFile::new("--exclude argument", g.clone()).error(
                            format!("invalid glob `{g}`"),
                            Some(crate::span::Span::new(0, g.len())),
                            e.kind().to_string(),
                        ))
                    }
                }
            }
            if c.no_ignore {
                respect = false;
            }
            force_exclude = c.force_exclude;
            if let Some(m) = c.max_file_size {
                max_file_size = m;
            }
        }
        if !errors.is_empty() {
            // In file order, so they read top to bottom.
            errors.sort_by_key(|e| (e.src.name().to_string(), e.span.map_or(0, |s| s.offset())));
            return Err(errors);
        }
        Ok(Setup {
            walk: walk::Options {
                extensions,
                excludes,
                respect_ignore_files: respect,
                force_exclude,
                cwd: cwd.clone(),
            },
            cwd,
            config: loaded,
            pack,
            policy,
            site,
            fail_level,
            max_file_size,
        })
    }

    /// Apply the global selection and severities to the pack (rules that
    /// can run on no file are dropped; the rest are switched on, as
    /// per-file policies decide later). Also returns every remaining rule and
    /// notice id with its YAML `enabled` flag and global severity, which
    /// per-file policies are computed from.
    pub fn selected_pack(&mut self) -> (Pack, Vec<RuleState>) {
        let mut pack = std::mem::take(&mut self.pack);
        let policy = &self.policy;
        pack.rules.retain(|r| {
            policy.selected_anywhere(RuleRef {
                id: &r.id,
                category: Some(r.category),
                enabled: r.enabled,
            })
        });
        let mut states = Vec::new();
        for r in &mut pack.rules {
            let rr = RuleRef {
                id: &r.id,
                category: Some(r.category),
                enabled: r.enabled,
            };
            r.severity = policy.global_severity(rr, r.severity);
            states.push(RuleState {
                id: r.id.clone(),
                category: Some(r.category),
                enabled: r.enabled,
                severity: r.severity,
            });
            r.enabled = true;
        }
        for m in RuleMeta::notices() {
            let rr = RuleRef {
                id: &m.id,
                category: None,
                enabled: true,
            };
            states.push(RuleState {
                severity: policy.global_severity(rr, m.severity),
                id: m.id,
                category: None,
                enabled: true,
            });
        }
        (pack, states)
    }

    /// The configuration file's path, for messages.
    pub fn config_path(&self) -> Option<&Path> {
        self.config.as_ref().map(|l| l.path.as_path())
    }
}

pub fn run(cli: Cli) -> i32 {
    match cli.cmd {
        Cmd::Check(args) => check::run(*args),
        Cmd::Rules { cmd } => rules_cmd::run(cmd),
        Cmd::Config { cmd } => config_cmd::run(cmd),
        Cmd::Audit(args) => crate::audit::run(*args),
        Cmd::Serve(args) => serve::run(*args),
    }
}
