//! Aggregated counts over the whole run (constant memory apart from one
//! entry per rule and per domain) and the text summary printed on stderr.

use super::record::{category_index, ErrorKind, Example, ExampleGate, Stats};
use crate::rule::Category;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::sync::Arc;

/// Findings-per-record histogram buckets (lower bounds).
pub const HIST: [u32; 8] = [0, 1, 2, 3, 4, 5, 10, 20];

/// Distinct domains tracked; any further domains are counted under
/// `(other domains)` so a crawl of millions of hosts stays bounded.
pub const MAX_DOMAINS: usize = 200_000;
pub const OTHER_DOMAINS: &str = "(other domains)";

#[derive(Debug, Clone, Default)]
pub struct RuleAgg {
    pub category: Option<Category>,
    pub findings: u64,
    pub records: u64,
}

#[derive(Debug, Clone, Default)]
pub struct DomainAgg {
    pub records: u64,
    pub with_findings: u64,
    pub findings: u64,
    pub cats: [u64; 7],
}

impl DomainAgg {
    pub fn rate(&self) -> f64 {
        if self.records == 0 {
            0.0
        } else {
            self.with_findings as f64 / self.records as f64
        }
    }
}

#[derive(Debug, Default)]
pub struct Summary {
    pub records: u64,
    pub checked: u64,
    pub errors: u64,
    pub with_findings: u64,
    pub findings: u64,
    pub text_bytes: u64,
    /// Records with at least one finding of each category.
    pub cat_records: [u64; 7],
    pub cat_findings: [u64; 7],
    /// Findings per severity (`Severity as usize`).
    pub sev_findings: [u64; 3],
    pub rules: HashMap<Arc<str>, RuleAgg>,
    pub domains: HashMap<String, DomainAgg>,
    pub no_domain: u64,
    pub hist: [u64; HIST.len()],
    /// Count and the first few (record, message) per error kind.
    pub error_kinds: BTreeMap<ErrorKind, (u64, Vec<(u64, String)>)>,
    pub examples: HashMap<Arc<str>, Vec<Example>>,
    pub examples_per_rule: usize,
    pub seconds: f64,
    /// Inputs (names) whose stream broke.
    pub broken_inputs: u64,
}

impl Summary {
    pub fn new(examples_per_rule: usize) -> Summary {
        Summary {
            examples_per_rule,
            ..Summary::default()
        }
    }

    /// Fold one record in (called in input order).
    pub fn add(&mut self, number: u64, s: Stats, gate: Option<&ExampleGate>) {
        self.records += 1;
        if let Some(k) = s.error {
            self.errors += 1;
            if k == ErrorKind::Stream {
                self.broken_inputs += 1;
            }
            let e = self.error_kinds.entry(k).or_default();
            e.0 += 1;
            if e.1.len() < 3 {
                e.1.push((number, s.error_message.clone().unwrap_or_default()));
            }
        } else {
            self.checked += 1;
            self.text_bytes += s.text_bytes;
            let b = HIST.iter().rposition(|l| s.findings >= *l).unwrap_or(0);
            self.hist[b] += 1;
        }
        if s.findings > 0 {
            self.with_findings += 1;
            self.findings += u64::from(s.findings);
        }
        for (i, n) in s.sevs.iter().enumerate() {
            self.sev_findings[i] += u64::from(*n);
        }
        for (i, n) in s.cats.iter().enumerate() {
            if *n > 0 {
                self.cat_records[i] += 1;
                self.cat_findings[i] += u64::from(*n);
            }
        }
        for (rule, cat, n) in &s.rules {
            let r = self.rules.entry(rule.clone()).or_default();
            r.category = Some(*cat);
            r.findings += u64::from(*n);
            r.records += 1;
        }
        if s.error.is_none() {
            match s.domain {
                Some(d) => {
                    let key = if self.domains.len() >= MAX_DOMAINS && !self.domains.contains_key(&d)
                    {
                        OTHER_DOMAINS.to_string()
                    } else {
                        d
                    };
                    let a = self.domains.entry(key).or_default();
                    a.records += 1;
                    if s.findings > 0 {
                        a.with_findings += 1;
                        a.findings += u64::from(s.findings);
                    }
                    for (i, n) in s.cats.iter().enumerate() {
                        a.cats[i] += u64::from(*n);
                    }
                }
                None => self.no_domain += 1,
            }
        }
        for ex in s.examples {
            let v = self.examples.entry(ex.rule.clone()).or_default();
            if v.len() < self.examples_per_rule {
                v.push(ex);
                if v.len() == self.examples_per_rule {
                    if let Some(g) = gate {
                        g.set_full(v[0].rule.clone());
                    }
                }
            }
        }
    }

    /// Rules by findings, most first (ties by id).
    pub fn top_rules(&self) -> Vec<(&Arc<str>, &RuleAgg)> {
        let mut v: Vec<_> = self.rules.iter().collect();
        v.sort_by(|a, b| b.1.findings.cmp(&a.1.findings).then(a.0.cmp(b.0)));
        v
    }

    /// Domains with at least `min_records` records, worst defect rate
    /// first (then most records, then name). When no domain has that many,
    /// all domains are ranked.
    pub fn worst_domains(&self, min_records: u64) -> (u64, Vec<(&String, &DomainAgg)>) {
        let rank = |min: u64| {
            let mut v: Vec<_> = self
                .domains
                .iter()
                .filter(|(_, a)| a.records >= min)
                .collect();
            v.sort_by(|a, b| {
                b.1.rate()
                    .total_cmp(&a.1.rate())
                    .then(b.1.records.cmp(&a.1.records))
                    .then(a.0.cmp(b.0))
            });
            v
        };
        let v = rank(min_records);
        if v.is_empty() && min_records > 1 {
            (1, rank(1))
        } else {
            (min_records, v)
        }
    }

    /// Findings at or above a severity.
    pub fn at_least(&self, level: crate::rule::Severity) -> u64 {
        self.sev_findings[level as usize..].iter().sum()
    }

    pub fn examples_for(&self, rule: &str) -> &[Example] {
        self.examples.get(rule).map_or(&[], Vec::as_slice)
    }

    /// The text summary for stderr.
    pub fn render(&self, min_domain_records: u64, top: usize) -> String {
        let mut s = String::new();
        let pct = |n: u64, d: u64| {
            if d == 0 {
                0.0
            } else {
                100.0 * n as f64 / d as f64
            }
        };
        let secs = self.seconds.max(1e-9);
        let _ = writeln!(
            s,
            "audit: {} record{} ({} checked, {} error{}) in {:.1} s: {:.0} records/s, {:.1} MB/s of text",
            self.records,
            plural(self.records),
            self.checked,
            self.errors,
            plural(self.errors),
            self.seconds,
            self.records as f64 / secs,
            self.text_bytes as f64 / 1e6 / secs
        );
        let _ = writeln!(
            s,
            "records with findings: {} ({:.1}% of checked), {} finding{}",
            self.with_findings,
            pct(self.with_findings, self.checked),
            self.findings,
            plural(self.findings)
        );
        for (i, c) in Category::ALL.iter().enumerate() {
            if self.cat_records[i] > 0 {
                let _ = writeln!(
                    s,
                    "  {:<22} {:>9} records ({:>5.1}%)  {:>9} findings",
                    c.id(),
                    self.cat_records[i],
                    pct(self.cat_records[i], self.checked),
                    self.cat_findings[i]
                );
            }
        }
        let rules = self.top_rules();
        if !rules.is_empty() {
            let _ = writeln!(s, "top rules:");
            for (id, r) in rules.iter().take(top) {
                let _ = writeln!(
                    s,
                    "  {:<40} {:>9} findings in {:>8} records",
                    id, r.findings, r.records
                );
            }
        }
        let (min, doms) = self.worst_domains(min_domain_records);
        if !doms.is_empty() {
            let _ = writeln!(
                s,
                "worst domains by defect rate ({} domain{}; with at least {min} record{}):",
                self.domains.len(),
                plural(self.domains.len() as u64),
                plural(min)
            );
            for (d, a) in doms.iter().take(top) {
                let _ = writeln!(
                    s,
                    "  {:<40} {:>5.1}% of {:>7} records have findings ({} findings)",
                    d,
                    100.0 * a.rate(),
                    a.records,
                    a.findings
                );
            }
        }
        if self.errors > 0 {
            let _ = writeln!(s, "errors: {}", self.errors);
            for (k, (n, first)) in &self.error_kinds {
                let _ = writeln!(s, "  {:<24} {:>9}", k.label(), n);
                for (rec, m) in first {
                    let _ = writeln!(s, "      record {rec}: {m}");
                }
            }
        }
        s
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Category of a findings-per-record histogram bucket, as a label.
pub fn hist_label(i: usize) -> String {
    let lo = HIST[i];
    match HIST.get(i + 1) {
        Some(hi) if *hi == lo + 1 => lo.to_string(),
        Some(hi) => format!("{lo}–{}", hi - 1),
        None => format!("{lo}+"),
    }
}

pub fn cat_of(i: usize) -> Category {
    Category::ALL[i]
}

pub fn cat_idx(c: Category) -> usize {
    category_index(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(domain: &str, cats: [u32; 7]) -> Stats {
        let findings = cats.iter().sum();
        let mut rules = Vec::new();
        if findings > 0 {
            rules.push((Arc::from("r/x"), Category::Boilerplate, findings));
        }
        Stats {
            domain: Some(domain.into()),
            cats,
            findings,
            rules,
            text_bytes: 100,
            ..Stats::default()
        }
    }

    #[test]
    fn aggregates_and_ranks() {
        let mut s = Summary::new(2);
        let b = category_index(Category::Boilerplate);
        let mut one = [0; 7];
        one[b] = 1;
        let mut many = [0; 7];
        many[b] = 12;
        for i in 0..10 {
            s.add(i, stats("good.org", [0; 7]), None);
        }
        s.add(11, stats("good.org", one), None);
        for i in 0..5 {
            s.add(20 + i, stats("bad.com", many), None);
        }
        s.add(
            30,
            Stats {
                error: Some(ErrorKind::MalformedJson),
                error_message: Some("bad".into()),
                ..Stats::default()
            },
            None,
        );
        assert_eq!(s.records, 17);
        assert_eq!(s.checked, 16);
        assert_eq!(s.with_findings, 6);
        assert_eq!(s.cat_records[b], 6);
        assert_eq!(s.cat_findings[b], 61);
        assert_eq!(s.rules["r/x"].records, 6);
        assert_eq!(s.hist[0], 10);
        assert_eq!(s.hist[1], 1);
        assert_eq!(s.hist[6], 5); // 10–19
        let (min, w) = s.worst_domains(5);
        assert_eq!(min, 5);
        assert_eq!(w[0].0, "bad.com");
        assert_eq!(s.worst_domains(100).0, 1);
        let text = s.render(5, 10);
        assert!(text.contains("17 records (16 checked, 1 error)"));
        assert!(text.contains("bad.com"));
        assert!(text.contains("malformed JSON"));
        assert_eq!(hist_label(5), "5–9");
        assert_eq!(hist_label(7), "20+");
        assert_eq!(hist_label(1), "1");
    }
}
