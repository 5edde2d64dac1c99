//! Scaling of the engine on large inputs: a single 50 MB line and 50 MB of
//! short paragraphs must be checked in time and memory linear in their size.
//!
//! Slow (hundreds of MB of text), so ignored by default:
//! `cargo test --release --test scale -- --ignored --nocapture`.
//! Figures are recorded in docs/benchmarks.md.

use copydesk::document::InputFormat;
use copydesk::engine::Engine;
use copydesk::rule::load;
use std::time::{Duration, Instant};

const ARTICLE: &str = include_str!("../benches/data/reference-article.md");

fn sentences() -> Vec<String> {
    ARTICLE
        .replace('\n', " ")
        .split(". ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// The article's sentences repeated on one line, `bytes` long.
fn one_line(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    for s in sentences().iter().cycle() {
        out.push_str(s);
        out.push_str(". ");
        if out.len() >= bytes {
            break;
        }
    }
    out
}

/// Short numbered paragraphs from the article's sentences, `bytes` long.
fn short_paragraphs(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 200);
    for (i, s) in sentences().iter().cycle().enumerate() {
        let cut = copydesk::span::floor_char_boundary(s, s.len().min(80));
        out.push_str(&format!("{} {i}.\n\n", &s[..cut]));
        if out.len() >= bytes {
            break;
        }
    }
    out
}

/// HTML paragraphs with entities, all on one line (minified markup).
fn html_one_line(bytes: usize) -> String {
    let mut out = String::from("<html><head><title>Scale</title></head><body>");
    for (i, s) in sentences().iter().cycle().enumerate() {
        let esc = s.replace('&', "&amp;").replace('<', "&lt;");
        out.push_str(&format!("<p>{esc} &amp; {i}.</p>"));
        if out.len() >= bytes {
            break;
        }
    }
    out
}

fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn time(e: &Engine, text: &str, fmt: InputFormat) -> (Duration, usize) {
    let t = Instant::now();
    let n = e.check_text(text, fmt).len();
    (t.elapsed(), n)
}

fn scales_linearly(name: &str, make: fn(usize) -> String, fmt: InputFormat) {
    let e = Engine::new(load::builtin().expect("built-in pack"));
    const MB: usize = 1 << 20;
    let mut last: Option<(usize, Duration)> = None;
    for size in [5 * MB, 10 * MB, 50 * MB] {
        let text = make(size);
        let (d, n) = time(&e, &text, fmt);
        println!(
            "{name}: {:>3} MB in {:>6.2} s ({:.1} MB/s), {n} findings, peak RSS {} MB",
            size / MB,
            d.as_secs_f64(),
            size as f64 / MB as f64 / d.as_secs_f64(),
            peak_rss_kb().unwrap_or(0) / 1024
        );
        if let Some((s0, d0)) = last {
            // Linear up to noise: a quadratic step would be 2x or 5x the ratio.
            let ratio = d.as_secs_f64() / d0.as_secs_f64();
            let grow = size as f64 / s0 as f64;
            assert!(
                ratio < grow * 1.6,
                "{name}: {} MB took {ratio:.1}x the time of {} MB",
                size / MB,
                s0 / MB
            );
        }
        last = Some((size, d));
    }
}

#[test]
#[ignore]
fn single_long_line() {
    scales_linearly("one line", one_line, InputFormat::Text);
}

#[test]
#[ignore]
fn many_short_paragraphs() {
    scales_linearly("short paragraphs", short_paragraphs, InputFormat::Markdown);
}

#[test]
#[ignore]
fn html_on_one_line() {
    scales_linearly("html, one line", html_one_line, InputFormat::Html);
}
