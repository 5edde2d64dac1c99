//! Loading rule packs: the embedded default pack and user packs from disk.

use super::error::{yaml_span, LocatedError, YamlFile};
use super::{PackFile, Rule, DEFAULT_SCOPE};
use crate::document::{LabelPattern, ParseOptions};
use crate::first_bytes::FirstBytes;
use crate::kinds;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));
}

/// A set of compiled rules plus the document-model settings they assume.
#[derive(Debug, Default)]
pub struct Pack {
    pub rules: Vec<Rule>,
    pub parse: ParseOptions,
}

/// The YAML files of the built-in pack.
pub fn embedded_files() -> Vec<YamlFile> {
    embedded::EMBEDDED
        .iter()
        .map(|(name, text)| YamlFile {
            builtin: true,
            ..YamlFile::new(*name, *text)
        })
        .collect()
}

/// Read rule files from paths (files, or directories searched recursively
/// for `*.yaml`/`*.yml`), sorted for a deterministic order.
pub fn read_paths(paths: &[PathBuf]) -> Result<Vec<YamlFile>, Vec<LocatedError>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let mut found = Vec::new();
        collect(p, &mut found, &mut errors);
        found.sort();
        for f in found {
            match std::fs::read(&f) {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) => files.push(YamlFile::new(f.display().to_string(), text)),
                    Err(e) => errors.push(YamlFile::new(f.display().to_string(), "").error(
                        format!(
                            "{}: rule file is not valid UTF-8 (byte {})",
                            f.display(),
                            e.utf8_error().valid_up_to()
                        ),
                        None,
                        "",
                    )),
                },
                Err(e) => errors.push(YamlFile::new(f.display().to_string(), "").error(
                    format!("cannot read rule file {}: {e}", f.display()),
                    None,
                    "",
                )),
            }
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn collect(p: &Path, out: &mut Vec<PathBuf>, errors: &mut Vec<LocatedError>) {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => match std::fs::read_dir(p) {
            Ok(rd) => {
                for e in rd.flatten() {
                    let path = e.path();
                    if path.is_dir()
                        || matches!(
                            path.extension().and_then(|e| e.to_str()),
                            Some("yaml" | "yml")
                        )
                    {
                        collect(&path, out, errors);
                    }
                }
            }
            Err(e) => errors.push(YamlFile::new(p.display().to_string(), "").error(
                format!("cannot read rule directory {}: {e}", p.display()),
                None,
                "",
            )),
        },
        Ok(_) => out.push(p.to_path_buf()),
        Err(e) => errors.push(YamlFile::new(p.display().to_string(), "").error(
            format!("cannot read rules at {}: {e}", p.display()),
            None,
            "",
        )),
    }
}

/// Parse and compile files into a pack. Every error is collected; a broken
/// file never silently disables checking — the caller gets the errors.
pub fn load(files: &[YamlFile]) -> Result<Pack, Vec<LocatedError>> {
    let mut pack = Pack::default();
    let mut errors = Vec::new();
    add_files(&mut pack, files, &mut errors, false);
    if errors.is_empty() {
        Ok(pack)
    } else {
        Err(errors)
    }
}

/// Layer more files over a pack: a rule with an existing id replaces it.
pub fn extend(pack: &mut Pack, files: &[YamlFile]) -> Result<(), Vec<LocatedError>> {
    let mut errors = Vec::new();
    add_files(pack, files, &mut errors, true);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn add_files(pack: &mut Pack, files: &[YamlFile], errors: &mut Vec<LocatedError>, replace: bool) {
    let mut seen: HashMap<String, String> = HashMap::new();
    // `supersedes` entries, checked once every file is in: (file, entry, rule).
    let mut superseded: Vec<(&YamlFile, Spanned<String>, String)> = Vec::new();
    for file in files {
        let parsed: PackFile = match serde_saphyr::from_str(&file.text) {
            Ok(p) => p,
            Err(e) => {
                errors.push(file.from_yaml_error(&e));
                continue;
            }
        };
        if let Some(doc) = &parsed.document {
            for l in &doc.speaker_labels {
                // (The built-in pack's on first use: `builtin_regexes_compile`
                // loads it as a user pack, which checks them here.)
                let built = match file.builtin {
                    true => Ok(kinds::LazyRegex::later(&l.regex.value, false)),
                    false => kinds::compile_regex(&l.regex, false, file)
                        .map(|re| kinds::LazyRegex::ready(&l.regex.value, re, false)),
                };
                match built {
                    Ok(re) if file.builtin || re.capture_names().any(|n| n == Some("label")) => {
                        pack.parse.speaker_labels.push(LabelPattern {
                            regex: re,
                            recurring: l.recurring,
                            first: FirstBytes::of_regex(&l.regex.value, false),
                        })
                    }
                    Ok(_) => errors.push(file.error(
                        "a speaker-label regex needs a `(?P<label>…)` group",
                        yaml_span(&l.regex),
                        "no `label` group",
                    )),
                    Err(e) => errors.push(e),
                }
            }
            pack.parse
                .abbreviations
                .extend(doc.abbreviations.iter().map(String::as_str));
        }
        for spec in parsed.rules {
            let id = spec.id.value.clone();
            if id.is_empty() || id.chars().any(|c| c.is_whitespace() || c == ',') {
                errors.push(file.error(
                    format!("invalid rule id `{id}`"),
                    yaml_span(&spec.id),
                    "ids are non-empty, without spaces or commas",
                ));
                continue;
            }
            if let Some(prev) = seen.get(&id) {
                errors.push(file.error(
                    format!("duplicate rule id `{id}` (also defined in {prev})"),
                    yaml_span(&spec.id),
                    "duplicate id",
                ));
                continue;
            }
            seen.insert(id.clone(), file.name.clone());
            let check = match kinds::build(&spec, file) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let scope = match &spec.scope {
                Some(s) if s.value.is_empty() => {
                    errors.push(file.error(
                        "`scope` must not be empty",
                        yaml_span(s),
                        "empty scope",
                    ));
                    continue;
                }
                Some(s) => s.value.clone(),
                None => DEFAULT_SCOPE.to_vec(),
            };
            for s in &spec.supersedes {
                superseded.push((file, s.clone(), id.clone()));
            }
            let rule = Rule {
                id: id.clone(),
                kind: spec.kind.value,
                category: spec.category.value,
                severity: spec.severity,
                message: spec.message.value.clone(),
                description: spec.description.trim().to_string(),
                help: spec.help.as_ref().map(|h| h.trim().to_string()),
                label: spec.label.clone(),
                scope,
                enabled: spec.enabled,
                supersedes: spec.supersedes.iter().map(|s| s.value.clone()).collect(),
                examples: spec.examples.value.clone(),
                origin: file.name.clone(),
                check,
            };
            match pack.rules.iter().position(|r| r.id == id) {
                Some(i) if replace => pack.rules[i] = rule,
                Some(_) => errors.push(file.error(
                    format!("duplicate rule id `{id}`"),
                    yaml_span(&spec.id),
                    "duplicate id",
                )),
                None => pack.rules.push(rule),
            }
        }
    }
    for (file, s, owner) in superseded {
        if s.value == owner {
            errors.push(file.error(
                format!("rule `{owner}` cannot supersede itself"),
                yaml_span(&s),
                "its own id",
            ));
        } else if !pack.rules.iter().any(|r| r.id == s.value) {
            errors.push(
                file.error(
                    format!("`supersedes` names an unknown rule `{}`", s.value),
                    yaml_span(&s),
                    "no rule with this id",
                )
                .with_help("remove it, or load the pack that defines that rule"),
            );
        } else if supersedes_transitively(pack, &s.value, &owner) {
            errors.push(file.error(
                format!(
                    "`{owner}` supersedes `{}`, which (through `supersedes`) supersedes `{owner}`: \
                     both would hide each other",
                    s.value
                ),
                yaml_span(&s),
                "a cycle",
            ));
        }
    }
}

/// Does rule `from` supersede rule `to`, directly or through other rules?
fn supersedes_transitively(pack: &Pack, from: &str, to: &str) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    let mut todo = vec![from];
    while let Some(id) = todo.pop() {
        if id == to {
            return true;
        }
        if seen.contains(&id) {
            continue;
        }
        seen.push(id);
        if let Some(r) = pack.rules.iter().find(|r| r.id == id) {
            todo.extend(r.supersedes.iter().map(String::as_str));
        }
    }
    false
}

/// The built-in pack.
pub fn builtin() -> Result<Pack, Vec<LocatedError>> {
    load(&embedded_files())
}

#[cfg(test)]
mod tests {
    use super::YamlFile;

    fn with_label(regex: &str) -> Result<super::Pack, Vec<super::LocatedError>> {
        let yaml = format!("document:\n  speaker_labels:\n    - regex: '{regex}'\n");
        super::load(&[YamlFile::new("labels.yaml", yaml)])
    }

    /// A user pack's speaker labels are built and checked at load (the
    /// built-in pack's wait for their first use): a regex that does not
    /// parse, or has no `label` group, is an error pointing at it.
    #[test]
    fn a_user_packs_speaker_labels_are_checked_at_load() {
        let pack = with_label(r"^(?P<label>[A-Z]+):").unwrap();
        assert_eq!(pack.parse.speaker_labels.len(), 1);
        let no_group = with_label(r"^(?P<name>[A-Z]+):").unwrap_err();
        assert!(no_group[0].message.contains("`(?P<label>…)` group"));
        assert!(no_group[0].span.is_some());
        let broken = with_label(r"^(?P<label>[A-Z+):").unwrap_err();
        assert_eq!(broken.len(), 1);
        assert!(broken[0].span.is_some());
    }
}
