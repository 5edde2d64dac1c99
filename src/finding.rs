//! What the engine reports: findings with byte spans. No rendering here.

use crate::rule::{Category, Severity};
use crate::span::Span;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Arc<str>,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    /// Byte span into the original source.
    pub span: Span,
    /// Short label shown under the span.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<Arc<str>>,
    /// Other places that explain the finding.
    pub related: Vec<(Span, String)>,
}
