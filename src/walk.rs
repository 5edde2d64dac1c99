//! Finding the files to check.
//!
//! Arguments are taken in order. `-` is standard input; a file is checked
//! whatever its extension; a directory is walked with the `ignore` crate
//! (honouring `.gitignore`, `.ignore` and `.copydeskignore`, even outside a
//! Git checkout, and skipping hidden files and directories) for files with
//! an article extension; an argument that does not exist but contains glob
//! characters (`content/**/*.md`) is matched against the files under its
//! literal leading directories. Exclusion globs apply to walked files, and
//! to named files too with `force_exclude` (for pre-commit, which names
//! every changed file). Files are sorted within each argument and
//! duplicates dropped, so output order never depends on the file system.

use crate::config::{absolute, PathMatcher};
use globset::GlobBuilder;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Options {
    /// Lowercase extensions without the dot.
    pub extensions: Vec<String>,
    /// Paths never checked (config `files.exclude`, `--exclude`).
    pub excludes: Vec<PathMatcher>,
    pub respect_ignore_files: bool,
    pub force_exclude: bool,
    /// The working directory, for matching relative paths against globs.
    pub cwd: PathBuf,
}

/// One thing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        display: String,
    },
    /// An argument (or a directory entry) that cannot be walked.
    Missing {
        display: String,
        reason: String,
    },
}

impl Input {
    pub fn display(&self) -> &str {
        match self {
            Input::Stdin => "-",
            Input::File { display, .. } | Input::Missing { display, .. } => display,
        }
    }
}

fn display_of(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => s,
    }
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '[', '{'])
}

impl Options {
    fn excluded(&self, p: &Path) -> bool {
        if self.excludes.is_empty() {
            return false;
        }
        let abs = absolute(p, &self.cwd);
        self.excludes.iter().any(|m| m.is_match(&abs))
    }

    fn wanted_extension(&self, p: &Path) -> bool {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)))
    }

    /// Walk a directory; `filter` further restricts the files kept.
    fn walk_dir(&self, dir: &Path, filter: &dyn Fn(&Path) -> bool, out: &mut Vec<Input>) {
        let mut b = ignore::WalkBuilder::new(dir);
        b.standard_filters(self.respect_ignore_files)
            .hidden(true)
            .require_git(false)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b));
        if self.respect_ignore_files {
            b.add_custom_ignore_filename(".copydeskignore");
        }
        let excludes_on = !self.excludes.is_empty();
        let this = self.clone();
        b.filter_entry(move |e| !(excludes_on && e.depth() > 0 && this.excluded(e.path())));
        // (path, why it cannot be walked), sorted together so errors sit
        // where their path would.
        let mut found: Vec<(PathBuf, Option<String>)> = Vec::new();
        for entry in b.build() {
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file())
                        && self.wanted_extension(e.path())
                        && filter(e.path())
                    {
                        found.push((e.into_path(), None));
                    }
                }
                Err(err) => {
                    let path = match &err {
                        ignore::Error::WithPath { path, .. } => path.clone(),
                        _ => dir.to_path_buf(),
                    };
                    found.push((path, Some(format!("cannot walk: {}", io_reason(&err)))));
                }
            }
        }
        found.sort();
        out.extend(found.into_iter().map(|(p, err)| match err {
            None => Input::File {
                display: display_of(&p),
                path: p,
            },
            Some(reason) => Input::Missing {
                display: display_of(&p),
                reason,
            },
        }));
    }
}

fn io_reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            io_reason(err)
        }
        other => other.to_string(),
    }
}

/// Expand the arguments into inputs, in order, without duplicates.
pub fn collect(args: &[PathBuf], opts: &Options) -> Vec<Input> {
    let mut out = Vec::new();
    for a in args {
        let s = a.to_string_lossy();
        if s == "-" {
            out.push(Input::Stdin);
        } else if a.is_dir() {
            opts.walk_dir(a, &|_| true, &mut out);
        } else if a.exists() {
            if !(opts.force_exclude && opts.excluded(a)) {
                out.push(Input::File {
                    path: a.clone(),
                    display: display_of(a),
                });
            }
        } else if has_glob_chars(&s) {
            glob(&s, opts, &mut out);
        } else {
            out.push(Input::Missing {
                display: s.to_string(),
                reason: "no such file or directory".into(),
            });
        }
    }
    let mut seen = HashSet::new();
    out.retain(|i| match i {
        Input::File { path, .. } => seen.insert(absolute(path, &opts.cwd)),
        _ => true,
    });
    out
}

/// Files matching a glob argument, walked from its literal leading directories.
fn glob(pattern: &str, opts: &Options, out: &mut Vec<Input>) {
    let pattern = pattern.strip_prefix("./").unwrap_or(pattern);
    let first_glob = pattern.find(['*', '?', '[', '{']).unwrap_or(pattern.len());
    let base = match pattern[..first_glob].rfind('/') {
        Some(0) => PathBuf::from("/"),
        Some(i) => PathBuf::from(&pattern[..i]),
        None => PathBuf::from("."),
    };
    let matcher = match GlobBuilder::new(pattern).literal_separator(true).build() {
        Ok(g) => g.compile_matcher(),
        Err(e) => {
            out.push(Input::Missing {
                display: pattern.to_string(),
                reason: format!("invalid glob: {}", e.kind()),
            });
            return;
        }
    };
    if !base.is_dir() {
        out.push(Input::Missing {
            display: pattern.to_string(),
            reason: "no files match".into(),
        });
        return;
    }
    let before = out.len();
    let keep = |p: &Path| matcher.is_match(p.strip_prefix("./").unwrap_or(p));
    opts.walk_dir(&base, &keep, out);
    if out.len() == before {
        out.push(Input::Missing {
            display: pattern.to_string(),
            reason: "no files match".into(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(cwd: &Path, excludes: &[&str]) -> Options {
        Options {
            extensions: crate::config::DEFAULT_EXTENSIONS
                .iter()
                .map(|s| s.to_string())
                .collect(),
            excludes: if excludes.is_empty() {
                Vec::new()
            } else {
                vec![PathMatcher::new(
                    cwd,
                    &excludes.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                )
                .unwrap()]
            },
            respect_ignore_files: true,
            force_exclude: false,
            cwd: cwd.to_path_buf(),
        }
    }

    fn names(v: &[Input]) -> Vec<String> {
        v.iter().map(|i| i.display().to_string()).collect()
    }

    #[test]
    fn walks_in_order_with_ignores_and_excludes() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        for f in [
            "b.md",
            "a.txt",
            "c.html",
            "skip.rs",
            "sub/z.md",
            "sub/a.htm",
            ".hidden/x.md",
            "ignored/y.md",
            "drafts/d.md",
            "n.MD",
        ] {
            let p = r.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        std::fs::write(r.join(".gitignore"), "ignored/\n").unwrap();
        let o = opts(r, &["drafts"]);
        let got = collect(&[r.to_path_buf()], &o);
        let rel: Vec<String> = got
            .iter()
            .map(|i| match i {
                Input::File { path, .. } => path.strip_prefix(r).unwrap().display().to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            rel,
            ["a.txt", "b.md", "c.html", "n.MD", "sub/a.htm", "sub/z.md"]
        );
        // A named file is checked whatever its extension, once.
        let again = collect(&[r.join("skip.rs"), r.join("b.md"), r.join("b.md")], &o);
        assert_eq!(again.len(), 2);
        // A missing path is reported, not dropped.
        let m = collect(&[r.join("nope.md")], &o);
        assert!(matches!(&m[0], Input::Missing { reason, .. } if reason.contains("no such")));
    }

    #[test]
    fn globs_and_force_exclude() {
        let d = tempfile::tempdir().unwrap();
        let r = d.path();
        for f in ["news/a.md", "news/deep/b.md", "news/c.txt", "drafts/d.md"] {
            let p = r.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "x").unwrap();
        }
        let pat = format!("{}/news/**/*.md", r.display());
        let got = names(&collect(&[PathBuf::from(&pat)], &opts(r, &[])));
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("news/a.md") && got[1].ends_with("news/deep/b.md"));
        let none = collect(
            &[PathBuf::from(format!("{}/news/*.xml", r.display()))],
            &opts(r, &[]),
        );
        assert!(matches!(&none[0], Input::Missing { reason, .. } if reason == "no files match"));
        let mut o = opts(r, &["drafts/**"]);
        assert_eq!(collect(&[r.join("drafts/d.md")], &o).len(), 1);
        o.force_exclude = true;
        assert_eq!(collect(&[r.join("drafts/d.md")], &o).len(), 0);
    }
}
