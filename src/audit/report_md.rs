//! `--report audit.md`: the report as Markdown (tables, text bar charts,
//! examples with the flagged span in bold). Archive text is escaped with
//! [`md`]: HTML-significant characters become entities (Markdown renderers
//! pass raw HTML through) and Markdown punctuation is backslash-escaped.

use super::summary::{hist_label, Summary, HIST};
use super::ReportMeta;
use crate::rule::Category;
use std::fmt::Write as _;

/// Escape archive text for inline Markdown (one line).
pub fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\n' => o.push_str(" ⏎ "),
            '\r' | '\t' => o.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '#' | '|' | '~' | '!' | '{' | '}'
            | '+' | '-' | '.' | '"' | '\'' | '$' | '^' | '=' | ':' => {
                o.push('\\');
                o.push(c);
            }
            c if c.is_control() => {
                let _ = write!(o, "\\u{{{:x}}}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

fn pct(n: u64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

fn bar(n: u64, max: u64, width: usize) -> String {
    let w = if max == 0 {
        0
    } else {
        ((n as f64 / max as f64) * width as f64).round() as usize
    };
    "█".repeat(w)
}

pub fn render(s: &Summary, meta: &ReportMeta) -> String {
    let mut o = String::new();
    o.push_str("# copydesk audit report\n\n");
    let inputs: Vec<String> = meta.inputs.iter().map(|i| md(i)).collect();
    let _ = writeln!(
        o,
        "{} · {:.1} MB of text · {:.1} s{}\n",
        inputs.join(", "),
        s.text_bytes as f64 / 1e6,
        s.seconds,
        meta.shard
            .as_deref()
            .map(|x| format!(" · shard {}", md(x)))
            .unwrap_or_default()
    );
    let _ = writeln!(
        o,
        "| records | checked | with findings | findings | errors | domains |"
    );
    let _ = writeln!(o, "|---:|---:|---:|---:|---:|---:|");
    let _ = writeln!(
        o,
        "| {} | {} | {} ({:.1}%) | {} | {} | {} |\n",
        s.records,
        s.checked,
        s.with_findings,
        pct(s.with_findings, s.checked),
        s.findings,
        s.errors,
        s.domains.len()
    );

    o.push_str("## Findings by category\n\nRecords with at least one finding of the category.\n\n");
    o.push_str("| category | records | % | findings | |\n|---|---:|---:|---:|---|\n");
    let max = s.cat_records.iter().copied().max().unwrap_or(0);
    for (i, c) in Category::ALL.iter().enumerate() {
        let _ = writeln!(
            o,
            "| {} | {} | {:.1}% | {} | {} |",
            c.id(),
            s.cat_records[i],
            pct(s.cat_records[i], s.checked),
            s.cat_findings[i],
            bar(s.cat_records[i], max, 30)
        );
    }

    o.push_str("\n## Findings per record\n\n| findings | records | |\n|---:|---:|---|\n");
    let max = s.hist.iter().copied().max().unwrap_or(0);
    for i in 0..HIST.len() {
        let _ = writeln!(
            o,
            "| {} | {} | {} |",
            hist_label(i),
            s.hist[i],
            bar(s.hist[i], max, 30)
        );
    }

    o.push_str("\n## By rule\n\n| rule | category | findings | records | % of checked |\n|---|---|---:|---:|---:|\n");
    for (id, r) in s.top_rules() {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {:.2}% |",
            id.replace('`', "'"),
            r.category.map_or("", Category::id),
            r.findings,
            r.records,
            pct(r.records, s.checked)
        );
    }

    o.push_str("\n## By domain\n\n");
    if s.domains.is_empty() {
        o.push_str("No record had a URL (see `--url-field`).\n");
    } else {
        let (min, worst) = s.worst_domains(meta.min_domain_records);
        let _ = writeln!(
            o,
            "{} domains. Worst by defect rate (share of records with findings), among domains with at least {min} records:\n",
            s.domains.len()
        );
        o.push_str("| domain | records | with findings | defect rate | findings |\n|---|---:|---:|---:|---:|\n");
        for (d, a) in worst.iter().take(50) {
            let _ = writeln!(
                o,
                "| {} | {} | {} | {:.1}% | {} |",
                md(d),
                a.records,
                a.with_findings,
                100.0 * a.rate(),
                a.findings
            );
        }
    }

    o.push_str("\n## Examples\n\n");
    let _ = writeln!(
        o,
        "Up to {} records per rule, the first in input order; the flagged span is in bold.\n",
        s.examples_per_rule
    );
    for (id, _) in s.top_rules() {
        let exs = s.examples_for(id);
        if exs.is_empty() {
            continue;
        }
        let _ = writeln!(o, "### `{}`\n", id.replace('`', "'"));
        for e in exs {
            let mut who = format!("record {}", e.record);
            if let Some(i) = &e.id {
                let _ = write!(who, " · id {}", md(i));
            }
            if let Some(u) = &e.url {
                let _ = write!(who, " · {}", md(u));
            }
            let _ = writeln!(
                o,
                "- {} — {} {} {}:{}\n\n  > {}**{}**{}\n",
                md(&e.message),
                who,
                e.field,
                e.line,
                e.column,
                md(&e.before),
                md(&e.hit),
                md(&e.after)
            );
        }
    }
    if s.errors > 0 {
        o.push_str("## Errors\n\n| kind | records | first |\n|---|---:|---|\n");
        for (k, (n, first)) in &s.error_kinds {
            let list: Vec<String> = first
                .iter()
                .map(|(r, m)| format!("record {r}: {}", md(m)))
                .collect();
            let _ = writeln!(o, "| {} | {n} | {} |", k.label(), list.join("<br>"));
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_html_and_markdown() {
        let e = md("<img src=x onerror=alert(1)> **b** [l](javascript:x) | c\nd");
        assert!(!e.contains('<') && !e.contains('>'));
        assert!(e.contains("&lt;img"));
        assert!(e.contains("\\*\\*b\\*\\*"));
        assert!(e.contains("\\[l\\]\\(javascript\\:x\\)"));
        assert!(e.contains("\\|"));
        assert!(!e.contains('\n'));
    }
}
