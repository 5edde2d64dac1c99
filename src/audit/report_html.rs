//! `--report audit.html`: one self-contained page (no network: inline CSS,
//! inline SVG charts, a few lines of inline JS to sort the domain table, and
//! a Content-Security-Policy that forbids loading anything). Every string
//! that comes from the archive — text, titles, URLs, ids, rule messages
//! that quote the text — goes through [`esc`].

use super::summary::{hist_label, Summary, HIST};
use super::ReportMeta;
use crate::rule::Category;
use std::fmt::Write as _;

/// Escape for HTML text and double- or single-quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            // Control characters (except tab and newline) are shown, not passed through.
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(o, "\\u{{{:x}}}", c as u32);
            }
            c => o.push(c),
        }
    }
    o
}

/// An id attribute value for a rule: `[a-z0-9-]` only.
pub fn anchor(rule: &str) -> String {
    let mut a = String::from("rule-");
    for c in rule.chars() {
        if c.is_ascii_alphanumeric() {
            a.push(c.to_ascii_lowercase());
        } else {
            a.push('-');
        }
    }
    a
}

const STYLE: &str = r#"
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 10px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
h3{font-size:16px;margin:22px 0 6px}
.sub{color:#5b6575;margin:0 0 18px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #dfe3ea;border-radius:8px;padding:10px 16px;min-width:130px}
.card b{display:block;font-size:22px}
.card span{color:#5b6575;font-size:13px}
table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}
th,td{border:1px solid #e1e4ea;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4}
th.sort{cursor:pointer;user-select:none}th.sort:after{content:" \2195";color:#8a93a3}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.rate{display:inline-block;height:8px;background:#d9534f;border-radius:2px;vertical-align:middle;margin-right:6px}
.ex{background:#fff;border:1px solid #dfe3ea;border-radius:6px;padding:8px 12px;margin:8px 0}
.meta{color:#5b6575;font-size:13px;word-break:break-all}
.ctx{white-space:pre-wrap;word-break:break-word;font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;background:#fafbfc;border-left:3px solid #c9ced8;padding:6px 10px;margin:6px 0 0}
mark{background:#ffe08a;outline:1px solid #e0b000}
.msg{font-weight:600}
svg text{font:12px system-ui,sans-serif;fill:#1d2430}
.note{color:#5b6575;font-size:13px}
code{font:13px ui-monospace,Menlo,Consolas,monospace}
"#;

/// Sorts a table by the clicked header: numeric when the cells carry
/// `data-v`, text otherwise; a second click reverses.
const SCRIPT: &str = r#"
document.querySelectorAll("table.sortable").forEach(function(t){
  t.querySelectorAll("th").forEach(function(th,i){
    th.classList.add("sort");
    th.addEventListener("click",function(){
      var tb=t.tBodies[0],rows=Array.prototype.slice.call(tb.rows);
      var dir=th.dataset.dir==="desc"?1:-1;th.dataset.dir=dir===1?"asc":"desc";
      rows.sort(function(a,b){
        var x=a.cells[i],y=b.cells[i];
        var p=x.dataset.v,q=y.dataset.v;
        if(p!==undefined&&q!==undefined){return dir*(parseFloat(p)-parseFloat(q));}
        return dir*x.textContent.localeCompare(y.textContent);
      });
      rows.forEach(function(r){tb.appendChild(r);});
    });
  });
});
"#;

/// Most domains listed in the HTML table (by records); the rest are counted.
pub const MAX_DOMAIN_ROWS: usize = 1000;

fn pct(n: u64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

pub fn render(s: &Summary, meta: &ReportMeta) -> String {
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str("<title>copydesk audit report</title>\n<style>");
    h.push_str(STYLE);
    h.push_str("</style></head><body><main>\n<h1>copydesk audit report</h1>\n");
    let inputs: Vec<String> = meta.inputs.iter().map(|i| esc(i)).collect();
    let _ = writeln!(
        h,
        "<p class=\"sub\">{} · {:.1} MB of text · {:.1} s{}</p>",
        inputs.join(", "),
        s.text_bytes as f64 / 1e6,
        s.seconds,
        meta.shard
            .as_deref()
            .map(|x| format!(" · shard {}", esc(x)))
            .unwrap_or_default()
    );

    // Overview cards.
    h.push_str("<div class=\"cards\">");
    let cards = [
        (s.records.to_string(), "records"),
        (s.checked.to_string(), "checked"),
        (
            format!(
                "{} ({:.1}%)",
                s.with_findings,
                pct(s.with_findings, s.checked)
            ),
            "records with findings",
        ),
        (s.findings.to_string(), "findings"),
        (s.errors.to_string(), "records with errors"),
        (s.domains.len().to_string(), "domains"),
    ];
    for (v, l) in cards {
        let _ = write!(
            h,
            "<div class=\"card\"><b>{}</b><span>{}</span></div>",
            esc(&v),
            l
        );
    }
    h.push_str("</div>\n");

    // Findings by category: horizontal bars.
    h.push_str("<h2>Findings by category</h2>\n");
    h.push_str(&category_chart(s));

    // Histogram of findings per record.
    h.push_str("<h2>Findings per record</h2>\n");
    h.push_str(&histogram(s));

    // Rules.
    h.push_str("<h2>By rule</h2>\n<table class=\"sortable\"><thead><tr><th>rule</th><th>category</th><th>findings</th><th>records</th><th>% of checked</th></tr></thead><tbody>\n");
    for (id, r) in s.top_rules() {
        let cat = r.category.map_or("", Category::id);
        let link = if s.examples_for(id).is_empty() {
            esc(id)
        } else {
            format!("<a href=\"#{}\">{}</a>", anchor(id), esc(id))
        };
        let _ = writeln!(
            h,
            "<tr><td><code>{link}</code></td><td>{cat}</td><td class=\"n\" data-v=\"{f}\">{f}</td><td class=\"n\" data-v=\"{r}\">{r}</td><td class=\"n\" data-v=\"{p:.4}\">{p:.2}%</td></tr>",
            f = r.findings,
            r = r.records,
            p = pct(r.records, s.checked)
        );
    }
    h.push_str("</tbody></table>\n");

    // Domains.
    h.push_str(&domain_table(s, meta.min_domain_records));

    // Examples.
    h.push_str("<h2>Examples</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"note\">Up to {} records per rule, the first in input order; the flagged span is highlighted in its context.</p>",
        s.examples_per_rule
    );
    for (id, _) in s.top_rules() {
        let exs = s.examples_for(id);
        if exs.is_empty() {
            continue;
        }
        let _ = writeln!(h, "<h3 id=\"{}\"><code>{}</code></h3>", anchor(id), esc(id));
        for e in exs {
            let mut who = format!("record {}", e.record);
            if let Some(i) = &e.id {
                let _ = write!(who, " · id {}", esc(i));
            }
            if let Some(u) = &e.url {
                let _ = write!(who, " · {}", esc(u));
            }
            let _ = write!(
                who,
                " · {} {}:{} · {}",
                e.field,
                e.line,
                e.column,
                e.severity.id()
            );
            let _ = writeln!(
                h,
                "<div class=\"ex\"><div class=\"msg\">{}</div><div class=\"meta\">{}</div><div class=\"ctx\">{}<mark>{}</mark>{}</div></div>",
                esc(&e.message),
                who,
                esc(&e.before),
                esc(&e.hit),
                esc(&e.after)
            );
        }
    }

    // Errors.
    if s.errors > 0 {
        h.push_str("<h2>Errors</h2>\n<table><thead><tr><th>kind</th><th>records</th><th>first</th></tr></thead><tbody>\n");
        for (k, (n, first)) in &s.error_kinds {
            let list: Vec<String> = first
                .iter()
                .map(|(r, m)| format!("record {r}: {}", esc(m)))
                .collect();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"n\">{n}</td><td>{}</td></tr>",
                k.label(),
                list.join("<br>")
            );
        }
        h.push_str("</tbody></table>\n");
    }
    h.push_str("</main><script>");
    h.push_str(SCRIPT);
    h.push_str("</script></body></html>\n");
    h
}

fn category_chart(s: &Summary) -> String {
    let max = s.cat_records.iter().copied().max().unwrap_or(0).max(1);
    let (label_w, bar_w, row_h) = (170.0, 520.0, 26.0);
    let height = row_h * Category::ALL.len() as f64 + 8.0;
    let mut o = format!(
        "<svg role=\"img\" aria-label=\"records with findings by category\" width=\"{}\" height=\"{height}\" viewBox=\"0 0 {} {height}\">",
        label_w + bar_w + 150.0,
        label_w + bar_w + 150.0
    );
    for (i, c) in Category::ALL.iter().enumerate() {
        let y = 4.0 + i as f64 * row_h;
        let n = s.cat_records[i];
        let w = bar_w * n as f64 / max as f64;
        let _ = write!(
            o,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"{label_w}\" y=\"{}\" width=\"{w:.1}\" height=\"{}\" fill=\"#4a78c2\"><title>{}: {} records, {} findings</title></rect><text x=\"{:.1}\" y=\"{}\">{} ({:.1}%)</text>",
            label_w - 8.0,
            y + 16.0,
            c.id(),
            y + 3.0,
            row_h - 8.0,
            c.id(),
            n,
            s.cat_findings[i],
            label_w + w + 6.0,
            y + 16.0,
            n,
            pct(n, s.checked)
        );
    }
    o.push_str(
        "</svg>\n<p class=\"note\">Records with at least one finding of the category.</p>\n",
    );
    o
}

fn histogram(s: &Summary) -> String {
    let max = s.hist.iter().copied().max().unwrap_or(0).max(1);
    let (col_w, chart_h, top, bottom) = (70.0, 160.0, 18.0, 22.0);
    let width = col_w * HIST.len() as f64 + 20.0;
    let height = chart_h + top + bottom;
    let mut o = format!(
        "<svg role=\"img\" aria-label=\"histogram of findings per record\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
    );
    for i in 0..HIST.len() {
        let n = s.hist[i];
        let bh = chart_h * n as f64 / max as f64;
        let x = 10.0 + i as f64 * col_w;
        let y = top + chart_h - bh;
        let _ = write!(
            o,
            "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bh:.1}\" fill=\"#6c8ebf\"><title>{} findings: {n} records</title></rect><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{n}</text><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            x + 6.0,
            col_w - 12.0,
            hist_label(i),
            x + col_w / 2.0,
            (y - 4.0).max(12.0),
            x + col_w / 2.0,
            top + chart_h + 16.0,
            hist_label(i)
        );
    }
    o.push_str("</svg>\n<p class=\"note\">Checked records by number of findings.</p>\n");
    o
}

fn domain_table(s: &Summary, min_records: u64) -> String {
    let mut o = String::from("<h2>By domain</h2>\n");
    if s.domains.is_empty() {
        o.push_str("<p class=\"note\">No record had a URL (see <code>--url-field</code>).</p>\n");
        return o;
    }
    let (min, worst) = s.worst_domains(min_records);
    let mut rows: Vec<_> = s.domains.iter().collect();
    rows.sort_by(|a, b| b.1.records.cmp(&a.1.records).then(a.0.cmp(b.0)));
    let shown = rows.len().min(MAX_DOMAIN_ROWS);
    let _ = writeln!(
        o,
        "<p class=\"note\">{} domains; the {shown} with the most records are listed (click a column to sort). Worst by defect rate among domains with at least {min} records: {}.</p>",
        s.domains.len(),
        worst
            .iter()
            .take(5)
            .map(|(d, a)| format!("{} ({:.0}%)", esc(d), 100.0 * a.rate()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    o.push_str("<table class=\"sortable\"><thead><tr><th>domain</th><th>records</th><th>with findings</th><th>defect rate</th><th>findings</th><th>top category</th></tr></thead><tbody>\n");
    for (d, a) in rows.into_iter().take(shown) {
        let top = a
            .cats
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .max_by_key(|(i, n)| (**n, std::cmp::Reverse(*i)))
            .map_or("", |(i, _)| Category::ALL[i].id());
        let rate = 100.0 * a.rate();
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td class=\"n\" data-v=\"{r}\">{r}</td><td class=\"n\" data-v=\"{w}\">{w}</td><td class=\"n\" data-v=\"{rate:.4}\"><span class=\"rate\" style=\"width:{:.0}px\"></span>{rate:.1}%</td><td class=\"n\" data-v=\"{f}\">{f}</td><td>{top}</td></tr>",
            esc(d),
            rate * 0.6,
            r = a.records,
            w = a.with_findings,
            f = a.findings
        );
    }
    o.push_str("</tbody></table>\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_everything_dangerous() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("a\u{0}b"), "a\\u{0}b");
        assert_eq!(
            anchor("boilerplate/read-also"),
            "rule-boilerplate-read-also"
        );
        assert_eq!(anchor("x\"><script>"), "rule-x---script-");
    }
}
