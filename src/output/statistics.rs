//! `--statistics`: how many findings each rule and each category produced
//! (after selection, suppressions and the baseline), most frequent first,
//! ties by id. Notices count under their own id, with no category.

use super::RunReport;
use crate::rule::Category;
use serde_json::json;
use std::collections::BTreeMap;

pub struct Stats {
    /// (rule, category, count), most frequent first.
    pub rules: Vec<(String, Option<Category>, usize)>,
    /// (category, count), most frequent first.
    pub categories: Vec<(Category, usize)>,
}

pub fn collect(report: &RunReport) -> Stats {
    let mut rules: BTreeMap<String, (Option<Category>, usize)> = BTreeMap::new();
    let mut cats: BTreeMap<Category, usize> = BTreeMap::new();
    for (_, f) in report.findings() {
        rules
            .entry(f.rule.to_string())
            .or_insert((Some(f.category), 0))
            .1 += 1;
        *cats.entry(f.category).or_default() += 1;
    }
    for (_, n) in report.notices() {
        rules.entry(n.rule.to_string()).or_insert((None, 0)).1 += 1;
    }
    let mut rules: Vec<(String, Option<Category>, usize)> =
        rules.into_iter().map(|(r, (c, n))| (r, c, n)).collect();
    rules.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut categories: Vec<(Category, usize)> = cats.into_iter().collect();
    categories.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    Stats { rules, categories }
}

/// A plain-text table.
pub fn render_text(report: &RunReport) -> String {
    let s = collect(report);
    let w = s.rules.iter().map(|r| r.0.len()).max().unwrap_or(4).max(4);
    let mut out = format!("{:>6}  {:w$}  category\n", "count", "rule");
    for (rule, cat, n) in &s.rules {
        out.push_str(&format!(
            "{n:>6}  {rule:w$}  {}\n",
            cat.map_or("-", Category::id)
        ));
    }
    out.push_str(&format!("\n{:>6}  category\n", "count"));
    for (c, n) in &s.categories {
        out.push_str(&format!("{n:>6}  {c}\n"));
    }
    out.push('\n');
    out.push_str(&report.summary());
    out.push('\n');
    out
}

/// The same as JSON: `{"rules": [{"rule", "category", "count"}], "categories": [{"category", "count"}]}`.
pub fn render_json(report: &RunReport) -> String {
    let s = collect(report);
    let doc = json!({
        "rules": s.rules.iter().map(|(r, c, n)| json!({"rule": r, "category": c.map(Category::id), "count": n})).collect::<Vec<_>>(),
        "categories": s.categories.iter().map(|(c, n)| json!({"category": c.id(), "count": n})).collect::<Vec<_>>(),
    });
    let mut out = serde_json::to_string_pretty(&doc).expect("JSON values always serialize");
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::super::testdata;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render_text(&testdata::report()));
        insta::assert_snapshot!("json", super::render_json(&testdata::report()));
    }
}
