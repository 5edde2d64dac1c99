//! Located errors in rule packs and configuration files, rendered by miette.

use crate::span::Span;
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::sync::Arc;

/// An error at a place in a YAML file (or any named text).
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic()]
pub struct LocatedError {
    pub message: String,
    #[source_code]
    pub src: NamedSource<Arc<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
    #[diagnostic(code)]
    pub code: Option<String>,
}

/// A YAML file being loaded: its name and text, shared by every error in it.
#[derive(Debug, Clone)]
pub struct YamlFile {
    pub name: String,
    pub text: Arc<String>,
    /// Part of the built-in pack, whose every regex the test suite compiles:
    /// its regexes may be compiled on first use instead of at load.
    pub builtin: bool,
}

impl YamlFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        YamlFile {
            name: name.into(),
            text: Arc::new(text.into()),
            builtin: false,
        }
    }

    pub fn error(
        &self,
        message: impl Into<String>,
        span: Option<Span>,
        label: impl Into<String>,
    ) -> LocatedError {
        LocatedError {
            message: message.into(),
            src: NamedSource::new(self.name.clone(), self.text.clone()),
            span: span.map(|s| SourceSpan::new(s.start.into(), s.len())),
            label: label.into(),
            help: None,
            code: None,
        }
    }

    /// Turn a serde-saphyr error into a located error.
    pub fn from_yaml_error(&self, e: &serde_saphyr::Error) -> LocatedError {
        let span = e.location().and_then(|loc| {
            let s = loc.span();
            let off = s.byte_offset()? as usize;
            let len = s.byte_len().unwrap_or(0) as usize;
            Some(Span::new(
                off.min(self.text.len()),
                (off + len.max(1)).min(self.text.len()),
            ))
        });
        let full = e.to_string();
        // serde-saphyr appends the location to its message; miette shows it graphically.
        let first = full.lines().next().unwrap_or("invalid YAML");
        let first = first.strip_prefix("error: ").unwrap_or(first);
        // serde-saphyr writes "line N column M: message" (or "… at line N");
        // miette shows the place graphically, so keep only the message.
        let message = match first.find(": ") {
            Some(i) if first.starts_with("line ") => &first[i + 2..],
            _ => first.split(" at line ").next().unwrap_or(first),
        }
        .to_string();
        let mut err = self.error(format!("{}: {message}", self.name), span, "here");
        err.code = Some("copydesk::yaml".into());
        err
    }
}

impl LocatedError {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }
}

/// Byte span of a spanned YAML value, when known.
pub fn yaml_span<T>(v: &serde_saphyr::Spanned<T>) -> Option<Span> {
    let s = v.referenced.span();
    let off = s.byte_offset()? as usize;
    let len = s.byte_len().unwrap_or(0) as usize;
    Some(Span::new(off, off + len))
}
