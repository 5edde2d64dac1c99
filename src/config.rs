//! Project configuration: `copydesk.yaml`.
//!
//! Found by walking up from the working directory (`copydesk.yaml`, then
//! `.copydesk.yaml`, in each directory), or given with `--config`. The
//! schema is strict: an unknown key, a wrong type, a selector that names no
//! rule, a bad glob, an unknown language or an unreadable pack is an error
//! pointing into the file. Relative paths and globs are relative to the
//! directory of the file. See `docs/configuration.md`.

use crate::kinds::Site;
use crate::rule::error::{yaml_span, LocatedError, YamlFile};
use crate::rule::{Category, Examples, KindName, Rule, Severity};
use crate::select::{self, RuleRef, Selector};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// File names looked for, in order, in each directory.
pub const NAMES: [&str; 2] = ["copydesk.yaml", ".copydesk.yaml"];
/// Extensions checked when walking directories.
pub const DEFAULT_EXTENSIONS: [&str; 5] = ["md", "markdown", "txt", "html", "htm"];
/// Rule id of the rule built from `site.boilerplate`.
pub const SITE_PHRASE_RULE: &str = "boilerplate/site-phrase";

/// When findings make the exit status 1.
#[derive(Copy, Clone, Debug, PartialEq, Eq, clap::ValueEnum, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    Info,
    #[default]
    Warning,
    Error,
    Never,
}

impl FailLevel {
    /// The lowest severity that fails, or `None` for `never`.
    pub fn severity(self) -> Option<Severity> {
        match self {
            FailLevel::Info => Some(Severity::Info),
            FailLevel::Warning => Some(Severity::Warning),
            FailLevel::Error => Some(Severity::Error),
            FailLevel::Never => None,
        }
    }
}

fn yes() -> bool {
    true
}

/// `copydesk.yaml` as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// Load the built-in rule pack (default true).
    #[serde(default = "yes")]
    pub default_pack: bool,
    /// Extra rule packs: YAML files or directories.
    #[serde(default)]
    pub packs: Vec<Spanned<String>>,
    /// Rules to run (default: those enabled in their YAML).
    #[serde(default)]
    pub select: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    /// Severity by selector.
    #[serde(default)]
    pub severity: HashMap<Spanned<String>, Severity>,
    #[serde(default)]
    pub fail_level: Option<FailLevel>,
    #[serde(default)]
    pub files: FilesSpec,
    #[serde(default)]
    pub overrides: Vec<OverrideSpec>,
    #[serde(default)]
    pub site: SiteSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilesSpec {
    /// Extensions checked when walking directories.
    #[serde(default)]
    pub extensions: Option<Vec<Spanned<String>>>,
    /// Globs of paths never checked.
    #[serde(default)]
    pub exclude: Vec<Spanned<String>>,
    /// Skip what `.gitignore`, `.ignore` and `.copydeskignore` ignore (default true).
    #[serde(default = "yes")]
    pub respect_gitignore: bool,
    #[serde(default)]
    pub max_file_size: Option<u64>,
}

impl Default for FilesSpec {
    fn default() -> Self {
        FilesSpec {
            extensions: None,
            exclude: Vec::new(),
            respect_gitignore: true,
            max_file_size: None,
        }
    }
}

/// Settings for the paths matching `files`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct OverrideSpec {
    pub files: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub ignore: Vec<Spanned<String>>,
    #[serde(default)]
    pub extend_select: Vec<Spanned<String>>,
    #[serde(default)]
    pub severity: HashMap<Spanned<String>, Severity>,
}

/// What the site knows that cuts false positives.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteSpec {
    /// The publication's own name.
    #[serde(default)]
    pub name: Option<String>,
    /// Real staff (reporters, editors): never reported as invented experts.
    #[serde(default)]
    pub staff: Vec<String>,
    /// Real recurring experts and columnists: never reported as invented.
    #[serde(default)]
    pub experts: Vec<String>,
    /// Extra boilerplate phrases the site's templates leave behind.
    #[serde(default)]
    pub boilerplate: Vec<Spanned<String>>,
    /// Expected article languages (ISO 639-1 codes).
    #[serde(default)]
    pub languages: Vec<Spanned<String>>,
}

/// A loaded configuration file.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    /// The directory relative paths and globs start from.
    pub dir: PathBuf,
    pub file: YamlFile,
    pub raw: ConfigFile,
}

/// The nearest configuration file at or above `start`.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .flat_map(|d| NAMES.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// Resolve `.` and `..` without touching the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// An absolute, normalized path (relative ones are taken from `cwd`).
pub fn absolute(p: &Path, cwd: &Path) -> PathBuf {
    normalize(&if p.is_absolute() {
        p.to_path_buf()
    } else {
        cwd.join(p)
    })
}

/// Read and parse a configuration file. `cwd` makes its path absolute.
pub fn load(path: &Path, cwd: &Path) -> Result<Loaded, Vec<LocatedError>> {
    let abs = absolute(path, cwd);
    // Named relative to the working directory when inside it.
    let name = abs
        .strip_prefix(cwd)
        .map_or_else(|_| abs.display().to_string(), |r| r.display().to_string());
    let text = match std::fs::read(path) {
        Ok(b) => match String::from_utf8(b) {
            Ok(t) => t,
            Err(e) => {
                return Err(vec![YamlFile::new(&name, "").error(
                    format!(
                        "{name}: configuration is not valid UTF-8 (byte {})",
                        e.utf8_error().valid_up_to()
                    ),
                    None,
                    "",
                )])
            }
        },
        Err(e) => {
            return Err(vec![YamlFile::new(&name, "").error(
                format!("cannot read configuration {name}: {e}"),
                None,
                "",
            )])
        }
    };
    let file = YamlFile::new(&name, text);
    let raw: ConfigFile = if file.text.trim().is_empty() {
        ConfigFile {
            default_pack: true,
            ..ConfigFile::default()
        }
    } else {
        serde_saphyr::from_str(&file.text)
            .map_err(|e| vec![file.from_yaml_error(&e).with_code("copydesk::config")])?
    };
    let abs = absolute(path, cwd);
    let dir = abs
        .parent()
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    Ok(Loaded {
        path: abs,
        dir,
        file,
        raw,
    })
}

/// Globs anchored at a directory. A glob without `/` matches at any depth
/// (`*.html` = `**/*.html`); `*` never crosses `/`, `**` does; a glob
/// naming a directory also matches everything under it.
#[derive(Debug, Clone)]
pub struct PathMatcher {
    pub base: PathBuf,
    pub globs: Vec<String>,
    set: GlobSet,
}

impl PathMatcher {
    pub fn new(base: &Path, globs: &[String]) -> Result<PathMatcher, (usize, globset::Error)> {
        let mut b = GlobSetBuilder::new();
        for (i, g) in globs.iter().enumerate() {
            let g = g.trim_start_matches("./").trim_end_matches('/');
            let pat = if g.contains('/') {
                g.to_string()
            } else {
                format!("**/{g}")
            };
            for p in [pat.clone(), format!("{pat}/**")] {
                b.add(
                    GlobBuilder::new(&p)
                        .literal_separator(true)
                        .build()
                        .map_err(|e| (i, e))?,
                );
            }
        }
        Ok(PathMatcher {
            base: base.to_path_buf(),
            globs: globs.to_vec(),
            set: b.build().map_err(|e| (0, e))?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// Does an absolute, normalized path match?
    pub fn is_match(&self, abs: &Path) -> bool {
        !self.globs.is_empty()
            && abs
                .strip_prefix(&self.base)
                .is_ok_and(|rel| self.set.is_match(rel))
    }
}

/// Per-path settings, resolved.
#[derive(Debug, Clone)]
pub struct Override {
    pub files: PathMatcher,
    pub ignore: Vec<Selector>,
    pub extend_select: Vec<Selector>,
    pub severity: Vec<(Selector, Severity)>,
}

/// Which rules run and at which severity, for the whole run and per path.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    pub select: Option<Vec<Selector>>,
    pub extend_select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    pub severity: Vec<(Selector, Severity)>,
    pub overrides: Vec<Override>,
}

/// The rules in force for one file.
#[derive(Debug, Clone, PartialEq)]
pub struct FilePolicy {
    /// Active rule ids with the severity they report at.
    pub active: HashMap<String, Severity>,
}

impl FilePolicy {
    pub fn is_active(&self, id: &str) -> bool {
        self.active.contains_key(id)
    }
}

impl Policy {
    /// Is a rule selected for the run as a whole (before per-path overrides)?
    pub fn globally_selected(&self, r: RuleRef) -> bool {
        select::is_selected(self.select.as_deref(), &self.extend_select, &self.ignore, r)
    }

    /// Might a rule run on some file (globally, or through an override)?
    pub fn selected_anywhere(&self, r: RuleRef) -> bool {
        self.globally_selected(r)
            || self.overrides.iter().any(|o| {
                o.extend_select
                    .iter()
                    .any(|s| s.matches(r) && (r.enabled || s.is_exact(r.id)))
            })
    }

    /// The global severity of a rule whose YAML says `default`.
    pub fn global_severity(&self, r: RuleRef, default: Severity) -> Severity {
        select::severity_for(&self.severity, r).unwrap_or(default)
    }

    /// The rules in force for the file at `abs` (`None` for stdin), given
    /// every known rule with its global severity.
    pub fn for_file(&self, abs: Option<&Path>, rules: &[(RuleRef, Severity)]) -> FilePolicy {
        let matching: Vec<&Override> = match abs {
            Some(p) => self
                .overrides
                .iter()
                .filter(|o| o.files.is_match(p))
                .collect(),
            None => Vec::new(),
        };
        let mut active = HashMap::new();
        for (r, sev) in rules {
            let mut on = self.globally_selected(*r);
            let mut sev = *sev;
            for o in &matching {
                if o.extend_select
                    .iter()
                    .any(|s| s.matches(*r) && (r.enabled || s.is_exact(r.id)))
                {
                    on = true;
                }
                if o.ignore.iter().any(|s| s.matches(*r)) {
                    on = false;
                }
                if let Some(s) = select::severity_for(&o.severity, *r) {
                    sev = s;
                }
            }
            if on {
                active.insert(r.id.to_string(), sev);
            }
        }
        FilePolicy { active }
    }
}

impl Loaded {
    fn err(&self, msg: impl Into<String>, at: &Spanned<String>, label: &str) -> LocatedError {
        self.file
            .error(msg, yaml_span(at), label)
            .with_code("copydesk::config")
    }

    /// Parse selectors, each of which must match a known rule.
    pub fn selectors(
        &self,
        list: &[Spanned<String>],
        known: &[RuleRef],
        errors: &mut Vec<LocatedError>,
    ) -> Vec<Selector> {
        let mut out = Vec::new();
        for s in list {
            let sel = Selector::parse(&s.value);
            if select::matches_any(&sel, known.iter().copied()) {
                out.push(sel);
            } else {
                errors.push(
                    self.err(
                        format!("`{}` names no rule, id prefix or category", s.value),
                        s,
                        "unknown rule",
                    )
                    .with_help(suggest(&s.value, known)),
                );
            }
        }
        out
    }

    fn severities(
        &self,
        map: &HashMap<Spanned<String>, Severity>,
        known: &[RuleRef],
        errors: &mut Vec<LocatedError>,
    ) -> Vec<(Selector, Severity)> {
        let mut keys: Vec<(&Spanned<String>, &Severity)> = map.iter().collect();
        keys.sort_by_key(|(k, _)| yaml_span(k).map_or(0, |s| s.start));
        let sels: Vec<Spanned<String>> = keys.iter().map(|(k, _)| (*k).clone()).collect();
        let parsed = self.selectors(&sels, known, errors);
        if parsed.len() != sels.len() {
            return Vec::new();
        }
        parsed
            .into_iter()
            .zip(keys.iter().map(|(_, v)| **v))
            .collect()
    }

    fn matcher(&self, globs: &[Spanned<String>], errors: &mut Vec<LocatedError>) -> PathMatcher {
        let plain: Vec<String> = globs.iter().map(|g| g.value.clone()).collect();
        match PathMatcher::new(&self.dir, &plain) {
            Ok(m) => m,
            Err((i, e)) => {
                errors.push(self.err(
                    format!("invalid glob `{}`", plain.get(i).map_or("", |s| s.as_str())),
                    &globs[i.min(globs.len().saturating_sub(1))],
                    &e.kind().to_string(),
                ));
                PathMatcher::new(&self.dir, &[]).unwrap_or_else(|_| unreachable!())
            }
        }
    }

    /// Rule packs named in the file, resolved; each must exist.
    pub fn packs(&self, errors: &mut Vec<LocatedError>) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for p in &self.raw.packs {
            let path = normalize(&self.dir.join(&p.value));
            if path.exists() {
                out.push(path);
            } else {
                errors.push(self.err(
                    format!(
                        "rule pack `{}` not found (paths are relative to the directory of {})",
                        p.value,
                        self.file.name.rsplit('/').next().unwrap_or("copydesk.yaml")
                    ),
                    p,
                    "no such file or directory",
                ));
            }
        }
        out
    }

    /// Walking settings from `files:`.
    pub fn excludes(&self, errors: &mut Vec<LocatedError>) -> PathMatcher {
        self.matcher(&self.raw.files.exclude, errors)
    }

    pub fn extensions(&self, errors: &mut Vec<LocatedError>) -> Option<Vec<String>> {
        let list = self.raw.files.extensions.as_ref()?;
        let mut out = Vec::new();
        for e in list {
            let v = e.value.trim().trim_start_matches('.').to_ascii_lowercase();
            if v.is_empty() || v.contains(['/', '*', ' ']) {
                errors.push(self.err("an extension is a word like `md`", e, "invalid extension"));
            } else {
                out.push(v);
            }
        }
        Some(out)
    }

    /// Selection and severities, validated against the known rules.
    pub fn policy(&self, known: &[RuleRef], errors: &mut Vec<LocatedError>) -> Policy {
        let raw = &self.raw;
        Policy {
            select: raw
                .select
                .as_ref()
                .map(|l| self.selectors(l, known, errors)),
            extend_select: self.selectors(&raw.extend_select, known, errors),
            ignore: self.selectors(&raw.ignore, known, errors),
            severity: self.severities(&raw.severity, known, errors),
            overrides: raw
                .overrides
                .iter()
                .map(|o| {
                    if o.files.value.is_empty() {
                        errors.push(self.file.error(
                            "an override needs at least one glob in `files`",
                            yaml_span(&o.files),
                            "empty",
                        ));
                    }
                    Override {
                        files: self.matcher(&o.files.value, errors),
                        ignore: self.selectors(&o.ignore, known, errors),
                        extend_select: self.selectors(&o.extend_select, known, errors),
                        severity: self.severities(&o.severity, known, errors),
                    }
                })
                .collect(),
        }
    }

    /// Site knowledge for the rules.
    pub fn site(&self, errors: &mut Vec<LocatedError>) -> Site {
        let s = &self.raw.site;
        let known: Vec<String> = lingua::Language::all()
            .into_iter()
            .map(crate::kinds::language::code)
            .collect();
        let mut languages = Vec::new();
        for l in &s.languages {
            let code = l.value.trim().to_lowercase();
            if known.contains(&code) {
                languages.push(code);
            } else {
                let mut k = known.clone();
                k.sort();
                errors.push(
                    self.err(
                        format!("unknown language `{}`", l.value),
                        l,
                        "not an ISO 639-1 code copydesk detects",
                    )
                    .with_help(format!("known: {}", k.join(", "))),
                );
            }
        }
        Site {
            name: s.name.clone().filter(|n| !n.trim().is_empty()),
            people: s.staff.iter().chain(&s.experts).cloned().collect(),
            languages,
        }
    }

    /// The rule built from `site.boilerplate`, if the file lists phrases.
    pub fn site_rules(&self, errors: &mut Vec<LocatedError>) -> Vec<Rule> {
        let phrases = &self.raw.site.boilerplate;
        if phrases.is_empty() {
            return Vec::new();
        }
        let mut ok = true;
        for p in phrases {
            if !p.value.chars().any(char::is_alphanumeric) {
                errors.push(self.err("a boilerplate phrase needs words", p, "empty phrase"));
                ok = false;
            }
        }
        if !ok {
            return Vec::new();
        }
        let unknown = serde_saphyr::Location::UNKNOWN;
        let params = crate::kinds::pattern::Params {
            regex: Vec::new(),
            phrases: phrases.iter().map(|p| p.value.trim().to_string()).collect(),
            case_sensitive: false,
            unit: crate::kinds::pattern::Unit::Line,
            report: crate::kinds::pattern::Report::Match,
            unless_quoted: false,
            min_words: None,
            max_words: None,
            exceptions: Vec::new(),
            also: Vec::new(),
            min_also: None,
            last_blocks: None,
            prefilter: Vec::new(),
        };
        let check = match crate::kinds::pattern::Pattern::build(
            &Spanned::new(params, unknown, unknown),
            &self.file,
        ) {
            Ok(c) => c,
            Err(e) => {
                errors.push(e);
                return Vec::new();
            }
        };
        vec![Rule {
            id: SITE_PHRASE_RULE.into(),
            kind: KindName::Pattern,
            category: Category::Boilerplate,
            severity: Severity::Warning,
            message: "site boilerplate left in the article: '{match}'".into(),
            description: "A phrase the site's own templates leave in article text, listed \
                          under `site.boilerplate` in copydesk.yaml."
                .into(),
            help: Some("Remove the template text from the article.".into()),
            label: Some("site boilerplate".into()),
            scope: crate::rule::DEFAULT_SCOPE.to_vec(),
            enabled: true,
            supersedes: Vec::new(),
            examples: Examples::default(),
            origin: self.file.name.clone(),
            check: Box::new(check),
        }]
    }
}

/// "did you mean" for an unknown selector.
pub fn suggest(s: &str, known: &[RuleRef]) -> String {
    let best = known
        .iter()
        .map(|r| (strsim(s, r.id), r.id))
        .chain(Category::ALL.iter().map(|c| (strsim(s, c.id()), c.id())))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((score, id)) if score > 0.6 => {
            format!("did you mean `{id}`? `copydesk rules list` shows every rule")
        }
        _ => "selectors are rule ids (`boilerplate/breadcrumb`), id prefixes (`house-style`), categories (`boilerplate`) or `ALL`; `copydesk rules list` shows them".into(),
    }
}

fn strsim(a: &str, b: &str) -> f64 {
    similar::TextDiff::from_chars(a, b).ratio() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(yaml: &str) -> Result<Loaded, Vec<LocatedError>> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("copydesk.yaml");
        std::fs::write(&p, yaml).unwrap();
        load(&p, dir.path())
    }

    fn known() -> Vec<RuleRef<'static>> {
        vec![
            RuleRef {
                id: "boilerplate/breadcrumb",
                category: Some(Category::Boilerplate),
                enabled: true,
            },
            RuleRef {
                id: "political-ad/vote-appeal",
                category: Some(Category::PoliticalAd),
                enabled: true,
            },
        ]
    }

    #[test]
    fn unknown_keys_are_located_errors() {
        let e = loaded("ignore: [boilerplate]\nsite:\n  nmae: X\n").unwrap_err();
        let span = e[0].span.expect("located");
        assert_eq!(
            &e[0].src.inner().as_str()[span.offset()..span.offset() + 4],
            "nmae"
        );
    }

    #[test]
    fn unknown_selectors_point_at_the_value() {
        let l = loaded("ignore: [boilerplate, boilerplat/breadcrumb]\n").unwrap();
        let mut errors = Vec::new();
        let p = l.policy(&known(), &mut errors);
        assert_eq!(p.ignore.len(), 1);
        assert_eq!(errors.len(), 1);
        let span = errors[0].span.unwrap();
        assert_eq!(
            &l.file.text[span.offset()..span.offset() + span.len()],
            "boilerplat/breadcrumb"
        );
        assert!(errors[0]
            .help
            .as_deref()
            .unwrap()
            .contains("boilerplate/breadcrumb"));
    }

    #[test]
    fn overrides_apply_per_path() {
        let l = loaded(
            "severity:\n  boilerplate: error\noverrides:\n  - files: ['archive/**']\n    ignore: [political-ad]\n    severity: {boilerplate/breadcrumb: info}\n",
        )
        .unwrap();
        let mut errors = Vec::new();
        let p = l.policy(&known(), &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        let rules: Vec<(RuleRef, Severity)> = known()
            .into_iter()
            .map(|r| (r, p.global_severity(r, Severity::Warning)))
            .collect();
        let inside = p.for_file(Some(&l.dir.join("archive/2019/a.md")), &rules);
        let outside = p.for_file(Some(&l.dir.join("news/a.md")), &rules);
        assert!(!inside.is_active("political-ad/vote-appeal"));
        assert_eq!(inside.active["boilerplate/breadcrumb"], Severity::Info);
        assert!(outside.is_active("political-ad/vote-appeal"));
        assert_eq!(outside.active["boilerplate/breadcrumb"], Severity::Error);
    }

    #[test]
    fn globs() {
        let m = PathMatcher::new(
            Path::new("/r"),
            &["*.html".into(), "drafts".into(), "a/*.md".into()],
        )
        .unwrap();
        assert!(m.is_match(Path::new("/r/x/y.html")));
        assert!(m.is_match(Path::new("/r/drafts/z.md")));
        assert!(m.is_match(Path::new("/r/a/b.md")));
        assert!(!m.is_match(Path::new("/r/a/c/b.md")));
        assert!(!m.is_match(Path::new("/elsewhere/y.html")));
        assert!(PathMatcher::new(Path::new("/r"), &["a/[b.md".into()]).is_err());
    }

    #[test]
    fn site_knowledge() {
        let l = loaded("site:\n  name: The Tribune\n  staff: [Jane Doe]\n  experts: [Anya Ivanova]\n  languages: [en, fr, xx]\n").unwrap();
        let mut errors = Vec::new();
        let s = l.site(&mut errors);
        assert_eq!(s.people, vec!["Jane Doe", "Anya Ivanova"]);
        assert_eq!(s.languages, vec!["en", "fr"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("`xx`"));
    }

    #[test]
    fn normalizes_paths() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(
            absolute(Path::new("x/../y.md"), Path::new("/w")),
            PathBuf::from("/w/y.md")
        );
    }
}
