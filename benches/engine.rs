//! Engine throughput on a realistic article (the reference case), with the
//! language rule on and off, plus each rule alone.
//!
//! `cargo bench --bench engine`; figures are recorded in docs/benchmarks.md.

use copydesk::document::InputFormat;
use copydesk::engine::Engine;
use copydesk::rule::{load, KindName};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

const ARTICLE: &str = include_str!("data/reference-article.md");

fn engine(keep_language: bool) -> Engine {
    let mut e = Engine::new(load::builtin().expect("built-in pack"));
    if !keep_language {
        e.retain(|r| r.kind != KindName::Language);
    }
    e
}

fn whole_pack(c: &mut Criterion) {
    let mut g = c.benchmark_group("check_article");
    g.throughput(Throughput::Bytes(ARTICLE.len() as u64));
    for lang in [true, false] {
        let e = engine(lang);
        // Warm the lazily loaded language models outside the timing.
        e.check_text(ARTICLE, InputFormat::Markdown);
        g.bench_with_input(
            BenchmarkId::new("lingua", if lang { "on" } else { "off" }),
            &e,
            |b, e| b.iter(|| black_box(e.check_text(black_box(ARTICLE), InputFormat::Markdown))),
        );
    }
    g.finish();
}

/// Loading and compiling the built-in pack (once per `copydesk check` run).
fn build_engine(c: &mut Criterion) {
    c.bench_function("engine_new", |b| b.iter(|| black_box(engine(true))));
}

fn parse_only(c: &mut Criterion) {
    let e = engine(false);
    let mut g = c.benchmark_group("parse");
    g.throughput(Throughput::Bytes(ARTICLE.len() as u64));
    g.bench_function("markdown", |b| {
        b.iter(|| {
            black_box(
                e.parse(black_box(ARTICLE), InputFormat::Markdown)
                    .blocks
                    .len(),
            )
        })
    });
    g.finish();
}

fn per_rule(c: &mut Criterion) {
    let e = engine(true);
    let doc = e.parse(ARTICLE, InputFormat::Markdown);
    let mut g = c.benchmark_group("rule");
    g.throughput(Throughput::Bytes(ARTICLE.len() as u64));
    for (i, r) in e.rules().iter().enumerate() {
        g.bench_function(r.id.as_str(), |b| {
            b.iter(|| {
                let mut out = Vec::new();
                e.run_rule(i, &doc, &mut out);
                black_box(out.len())
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2)).warm_up_time(std::time::Duration::from_millis(500));
    targets = whole_pack, parse_only, per_rule, build_engine
}
criterion_main!(benches);
