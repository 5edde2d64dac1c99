//! Baselines: adopt copydesk on an existing archive without fixing it first.
//!
//! `--write-baseline FILE` records every current finding; `--baseline FILE`
//! then hides the recorded ones and reports only new findings. A finding is
//! recorded by a [`fingerprint`] of its rule id, its matched text and a few
//! words of context on the same line, all normalized, so it survives edits
//! elsewhere in the file (lines moving, paragraphs added or rewritten) but
//! not an edit of the flagged text itself. Identical fingerprints in one
//! file are counted: a file with two recorded "Share this article" lines
//! reports a third one.
//!
//! Paths are stored relative to the baseline file's directory with `/`
//! separators, so the baseline works whichever directory copydesk is run
//! from and on any platform.

use crate::output::RunReport;
use crate::span::Span;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub const VERSION: u32 = 1;
/// Words of context taken on each side of the matched text.
const CONTEXT_WORDS: usize = 3;

/// The baseline file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    /// How many findings in the file share this fingerprint.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: usize,
    /// The matched text (for people reading the file; not used to match).
    #[serde(default)]
    pub snippet: String,
}

fn one() -> usize {
    1
}
fn is_one(n: &usize) -> bool {
    *n == 1
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {err}")]
    Read { path: String, err: std::io::Error },
    #[error("baseline {path} is not a copydesk baseline: {err}")]
    Parse {
        path: String,
        err: serde_json::Error,
    },
    #[error("baseline {path} has version {found}; this copydesk reads version {VERSION}")]
    Version { path: String, found: u32 },
    #[error("cannot write baseline {path}: {err}")]
    Write { path: String, err: std::io::Error },
}

/// Words of `s`: lowercased runs of letters and digits.
fn words(s: &str) -> impl DoubleEndedIterator<Item = String> + '_ {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// FNV-1a, 64 bit: small, stable across platforms and releases (unlike
/// `std`'s hasher, whose algorithm is not guaranteed).
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The fingerprint of a finding: rule id + normalized matched text + up to
/// three normalized words either side on the same line. Line numbers and
/// byte offsets are not part of it.
pub fn fingerprint(rule: &str, text: &str, span: Span) -> String {
    let start = crate::span::floor_char_boundary(text, span.start.min(text.len()));
    let end = crate::span::ceil_char_boundary(text, span.end.min(text.len()).max(start));
    let matched = &text[start..end];
    let mut norm: Vec<String> = words(matched).collect();
    if norm.is_empty() {
        // Punctuation-only matches keep their characters.
        norm.push(matched.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let before: Vec<String> = {
        let mut v: Vec<String> = words(&text[line_start..start])
            .rev()
            .take(CONTEXT_WORDS)
            .collect();
        v.reverse();
        v
    };
    let after: Vec<String> = words(&text[end..line_end]).take(CONTEXT_WORDS).collect();
    let h = fnv1a(&[
        "copydesk-fp-v1",
        rule,
        &norm.join(" "),
        &before.join(" "),
        &after.join(" "),
    ]);
    format!("{h:016x}")
}

/// The key a file is recorded under: its path relative to `base` (the
/// baseline file's directory) when it lies inside it, `/`-separated.
pub fn path_key(display: &str, base: &Path) -> String {
    if display == "-" {
        return "-".into();
    }
    let p = Path::new(display);
    let rel = match (std::fs::canonicalize(p), std::fs::canonicalize(base)) {
        (Ok(abs), Ok(b)) => abs.strip_prefix(&b).map(Path::to_path_buf).ok(),
        _ => None,
    };
    let s = rel
        .unwrap_or_else(|| PathBuf::from(display))
        .to_string_lossy()
        .replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// The directory paths in a baseline at `file` are relative to.
pub fn base_dir(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Baseline {
    /// Record every finding of a report.
    pub fn from_report(report: &RunReport, base: &Path) -> Baseline {
        let mut entries: Vec<Entry> = Vec::new();
        for file in &report.files {
            let Some(text) = &file.text else { continue };
            let key = path_key(&file.path, base);
            let mut index: HashMap<(String, String), usize> = HashMap::new();
            for f in &file.findings {
                let fp = fingerprint(&f.rule, text, f.span);
                match index.get(&(f.rule.to_string(), fp.clone())) {
                    Some(&i) => entries[i].count += 1,
                    None => {
                        index.insert((f.rule.to_string(), fp.clone()), entries.len());
                        entries.push(Entry {
                            path: key.clone(),
                            rule: f.rule.to_string(),
                            fingerprint: fp,
                            count: 1,
                            snippet: crate::kinds::short(crate::output::snippet(text, f.span), 80),
                        });
                    }
                }
            }
        }
        Baseline {
            version: VERSION,
            entries,
        }
    }

    pub fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|err| BaselineError::Read {
            path: name.clone(),
            err,
        })?;
        let b: Baseline = serde_json::from_str(&text).map_err(|err| BaselineError::Parse {
            path: name.clone(),
            err,
        })?;
        if b.version != VERSION {
            return Err(BaselineError::Version {
                path: name,
                found: b.version,
            });
        }
        Ok(b)
    }

    pub fn write(&self, path: &Path) -> Result<(), BaselineError> {
        let mut s = serde_json::to_string_pretty(self).expect("a baseline always serializes");
        s.push('\n');
        std::fs::write(path, s).map_err(|err| BaselineError::Write {
            path: path.display().to_string(),
            err,
        })
    }

    /// Remove recorded findings from the report; returns how many were removed.
    pub fn apply(&self, report: &mut RunReport, base: &Path) -> usize {
        let mut left: HashMap<(String, String, String), usize> = HashMap::new();
        for e in &self.entries {
            *left
                .entry((e.path.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_default() += e.count;
        }
        let mut removed = 0;
        for file in &mut report.files {
            let Some(text) = file.text.clone() else {
                continue;
            };
            let key = path_key(&file.path, base);
            file.findings.retain(|f| {
                let fp = fingerprint(&f.rule, &text, f.span);
                match left.get_mut(&(key.clone(), f.rule.to_string(), fp)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        removed += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp_of(text: &str, needle: &str) -> String {
        let s = text.find(needle).unwrap();
        fingerprint("r/x", text, Span::new(s, s + needle.len()))
    }

    #[test]
    fn survives_unrelated_edits_but_not_edits_of_the_match() {
        let a = "# T\n\nIntro.\n\nPlease Vote for Smith today, friends.\n";
        let b =
            "# T\n\nA new intro paragraph.\n\nMore.\n\nPlease  vote for Smith today, friends.\n";
        let c = "# T\n\nIntro.\n\nPlease Vote for Jones today, friends.\n";
        assert_eq!(fp_of(a, "Vote for Smith"), fp_of(b, "vote for Smith"));
        assert_ne!(fp_of(a, "Vote for Smith"), fp_of(c, "Vote for Jones"));
        // Context on the same line tells identical matches apart.
        let d = "Vote for Smith now.\nWe never said vote for Smith again.\n";
        assert_ne!(fp_of(d, "Vote for Smith"), {
            let s = d.rfind("vote for Smith").unwrap();
            fingerprint("r/x", d, Span::new(s, s + 14))
        });
        // A different rule, a different fingerprint.
        let s = a.find("Vote").unwrap();
        assert_ne!(
            fingerprint("r/x", a, Span::new(s, s + 4)),
            fingerprint("r/y", a, Span::new(s, s + 4))
        );
    }

    #[test]
    fn fingerprints_are_stable() {
        // Pinned: a change here invalidates every user's baseline.
        assert_eq!(
            fp_of("Share  THIS article!", "Share  THIS article"),
            "177bc0d47cebc43b"
        );
    }

    #[test]
    fn path_keys() {
        assert_eq!(
            path_key("./news/a.md", Path::new("/nonexistent")),
            "news/a.md"
        );
        assert_eq!(path_key("-", Path::new(".")), "-");
    }
}
