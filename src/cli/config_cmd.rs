//! `copydesk config show`: the effective configuration, as YAML.

use super::{report_errors, ConfigCmd, Setup};
use crate::config::FailLevel;
use crate::select::RuleRef;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Effective {
    /// The file read, or why none was.
    config_file: String,
    default_pack: bool,
    packs: Vec<String>,
    select: Option<Vec<String>>,
    extend_select: Vec<String>,
    ignore: Vec<String>,
    severity: BTreeMap<String, String>,
    fail_level: FailLevel,
    files: Files,
    overrides: Vec<Override>,
    site: Site,
    /// Every rule of the pack with its global severity, or `off`.
    rules: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Files {
    extensions: Vec<String>,
    exclude: Vec<String>,
    respect_gitignore: bool,
    max_file_size: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Override {
    files: Vec<String>,
    ignore: Vec<String>,
    extend_select: Vec<String>,
    severity: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "kebab-case")]
struct Site {
    name: Option<String>,
    people: Vec<String>,
    languages: Vec<String>,
    boilerplate: Vec<String>,
}

fn strs<T: ToString>(v: &[T]) -> Vec<String> {
    v.iter().map(ToString::to_string).collect()
}

fn sevs(v: &[(crate::select::Selector, crate::rule::Severity)]) -> BTreeMap<String, String> {
    v.iter()
        .map(|(s, sev)| (s.to_string(), sev.id().to_string()))
        .collect()
}

pub fn run(cmd: ConfigCmd) -> i32 {
    let ConfigCmd::Show {
        pack,
        config,
        select,
    } = cmd;
    let setup = match Setup::new(&config, &pack, Some(&select), None) {
        Ok(s) => s,
        Err(e) => return report_errors(e),
    };
    let raw = setup.config.as_ref().map(|l| &l.raw);
    let config_file = match setup.config_path() {
        Some(p) => p.display().to_string(),
        None if config.no_config => "none (--no-config)".into(),
        None => format!(
            "none (no copydesk.yaml at or above {})",
            setup.cwd.display()
        ),
    };
    let mut packs: Vec<String> = raw
        .map(|r| r.packs.iter().map(|p| p.value.clone()).collect())
        .unwrap_or_default();
    packs.extend(pack.rules.iter().map(|p| p.display().to_string()));
    let p = &setup.policy;
    let rules = setup
        .pack
        .rules
        .iter()
        .map(|r| {
            let rr = RuleRef {
                id: &r.id,
                category: Some(r.category),
                enabled: r.enabled,
            };
            let state = if p.globally_selected(rr) {
                p.global_severity(rr, r.severity).id().to_string()
            } else {
                "off".to_string()
            };
            (r.id.clone(), state)
        })
        .collect();
    let eff = Effective {
        config_file,
        default_pack: !pack.no_default_rules && raw.is_none_or(|r| r.default_pack),
        packs,
        select: p.select.as_ref().map(|s| strs(s)),
        extend_select: strs(&p.extend_select),
        ignore: strs(&p.ignore),
        severity: sevs(&p.severity),
        fail_level: setup.fail_level,
        files: Files {
            extensions: setup.walk.extensions.clone(),
            exclude: setup
                .walk
                .excludes
                .iter()
                .flat_map(|m| m.globs.iter().cloned())
                .collect(),
            respect_gitignore: setup.walk.respect_ignore_files,
            max_file_size: setup.max_file_size,
        },
        overrides: p
            .overrides
            .iter()
            .map(|o| Override {
                files: o.files.globs.clone(),
                ignore: strs(&o.ignore),
                extend_select: strs(&o.extend_select),
                severity: sevs(&o.severity),
            })
            .collect(),
        site: Site {
            name: setup.site.name.clone(),
            people: setup.site.people.clone(),
            languages: setup.site.languages.clone(),
            boilerplate: raw
                .map(|r| r.site.boilerplate.iter().map(|b| b.value.clone()).collect())
                .unwrap_or_default(),
        },
        rules,
    };
    match serde_saphyr::to_string(&eff) {
        Ok(s) => {
            outln!("# effective copydesk configuration\n{}", s.trim_end());
            0
        }
        Err(e) => {
            eprintln!("error: cannot print the configuration: {e}");
            2
        }
    }
}
