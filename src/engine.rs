//! The engine: runs a pack's rules over documents and returns findings.
//! It knows nothing of output formats.

use crate::document::{Document, InputFormat};
use crate::finding::Finding;
use crate::kinds::{Cx, Hit};
use crate::rule::load::Pack;
use crate::rule::{render_message, Category, Rule, Severity};
use std::sync::Arc;

/// A compiled pack ready to check documents; `Send + Sync`, shared by threads.
pub struct Engine {
    pub pack: Pack,
    ids: Vec<Arc<str>>,
    helps: Vec<Option<Arc<str>>>,
}

impl Engine {
    pub fn new(pack: Pack) -> Engine {
        let ids = pack
            .rules
            .iter()
            .map(|r| Arc::from(r.id.as_str()))
            .collect();
        let helps = pack
            .rules
            .iter()
            .map(|r| r.help.as_deref().map(Arc::from))
            .collect();
        Engine { pack, ids, helps }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.pack.rules
    }

    /// Keep only the rules for which `keep` is true (selection, config).
    pub fn retain(&mut self, keep: impl Fn(&Rule) -> bool) {
        self.pack.rules.retain(|r| keep(r));
        *self = Engine::new(std::mem::take(&mut self.pack));
    }

    /// Change a rule's severity.
    pub fn set_severity(&mut self, id: &str, sev: Severity) {
        if let Some(r) = self.pack.rules.iter_mut().find(|r| r.id == id) {
            r.severity = sev;
        }
    }

    /// Give the site knowledge of the project configuration to every rule.
    pub fn apply_site(&mut self, site: &crate::kinds::Site) {
        for r in &mut self.pack.rules {
            r.check.apply_site(site);
        }
    }

    pub fn parse<'a>(&self, text: &'a str, format: InputFormat) -> Document<'a> {
        Document::parse(text, format, &self.pack.parse)
    }

    /// Check a text in the given format.
    pub fn check_text(&self, text: &str, format: InputFormat) -> Vec<Finding> {
        let doc = self.parse(text, format);
        self.check_doc(&doc)
    }

    /// Run every enabled rule over a parsed document. Findings are sorted by
    /// position, then rule id; exact duplicates are dropped.
    pub fn check_doc(&self, doc: &Document) -> Vec<Finding> {
        let mut out = Vec::new();
        for i in 0..self.pack.rules.len() {
            if self.pack.rules[i].enabled {
                self.run_rule(i, doc, &mut out);
            }
        }
        finish(&mut out);
        out
    }

    /// Run one rule (enabled or not) over a document.
    pub fn run_rule(&self, i: usize, doc: &Document, out: &mut Vec<Finding>) {
        let rule = &self.pack.rules[i];
        let cx = Cx {
            doc,
            scope: &rule.scope,
        };
        let mut hits: Vec<Hit> = Vec::new();
        // A bug in one rule must not lose the other rules' findings or the
        // other files: a panic is reported and the rule's hits dropped.
        let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            rule.check.check(&cx, &mut hits)
        }));
        if run.is_err() {
            eprintln!(
                "copydesk: internal error in rule `{}` (a bug: please report it with the input); its findings for this document are skipped",
                rule.id
            );
            return;
        }
        for h in hits {
            let span = clamp(h.span, doc.source);
            out.push(Finding {
                rule: self.ids[i].clone(),
                category: rule.category,
                severity: rule.severity,
                message: render_message(&rule.message, &h.vars),
                span,
                label: h.label.or_else(|| rule.label.clone()),
                help: self.helps[i].clone(),
                related: h
                    .related
                    .into_iter()
                    .map(|(s, m)| (clamp(s, doc.source), m))
                    .collect(),
            });
        }
    }

    pub fn categories(&self) -> Vec<Category> {
        let mut c: Vec<Category> = self.pack.rules.iter().map(|r| r.category).collect();
        c.sort();
        c.dedup();
        c
    }
}

/// Keep a span inside the source and on char boundaries.
fn clamp(s: crate::span::Span, src: &str) -> crate::span::Span {
    let start = crate::span::floor_char_boundary(src, s.start.min(src.len()));
    let end = crate::span::ceil_char_boundary(src, s.end.min(src.len()).max(start));
    crate::span::Span::new(start, end)
}

/// Order findings by position, then rule id, and drop exact duplicates: the
/// last step of every way of running a pack over a document.
pub fn finish(out: &mut Vec<Finding>) {
    out.sort_by(|a, b| {
        a.span
            .start
            .cmp(&b.span.start)
            .then(a.span.end.cmp(&b.span.end))
            .then(a.rule.cmp(&b.rule))
    });
    out.dedup_by(|a, b| a.rule == b.rule && a.span == b.span);
}
