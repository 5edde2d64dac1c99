//! copydesk's own held-out fixture corpus (`fixtures/`), scored like the
//! public dev set, plus snapshots of the human and JSON output per fixture.
//!
//! * `fixtures/clean/*.{md,txt}`: articles with no defects; any finding on
//!   them is a false positive.
//! * `fixtures/defective/NAME.{md,txt}` with `NAME.gold.json`: gold defect
//!   spans (byte offsets, end exclusive) and tolerated regions, generated
//!   from the annotated sources in `fixtures/annotated/` by
//!   `python3 fixtures/annotate.py`.
//!
//! The matching is exactly that of `../shared/eval-dev/score.py` (and of
//! `scripts/score-fixtures`, which prints the same table from the release
//! binary). The floors in [`FLOORS`] are regression guards set a little
//! below what the built-in rules measured when they were written; raise them
//! when the rules improve, never lower them to make a change pass without
//! saying why.
//!
//! Print the table: `cargo test --test fixtures quality -- --nocapture`.

use copydesk::document::InputFormat;
use copydesk::engine::Engine;
use copydesk::finding::Finding;
use copydesk::output::human::Human;
use copydesk::output::{json, FileResult, RunReport};
use copydesk::rule::Category;
use serde::Deserialize;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// Near-miss tolerance in bytes, as in the dev-set scorer.
const TOLERANCE: usize = 40;

/// Regression floors per category: (category, minimum recall, minimum
/// precision). Precision counts false positives on clean and defective
/// files alike. First measured with the rules of commit e21c95b (total
/// recall 0.75, precision 0.97); after the rules were generalized from
/// that report (73 fixtures, 92 gold defects): every category 1.00 recall
/// except machine-generated 11/13 (0.85); precision 1.00 everywhere; total
/// recall 0.98, no clean fixture flagged. Each floor allows about one more
/// miss (or false positive) than measured. Tuning on these fixtures makes
/// them less of a held-out set: add fresh ones when rules change.
const FLOORS: &[(&str, f64, f64)] = &[
    ("political-ad", 0.90, 0.90),
    ("truncated-interview", 0.85, 0.90),
    ("fabricated-expert", 0.85, 0.90),
    ("translation-artifact", 0.90, 0.90),
    ("duplicate-title", 0.80, 0.90),
    ("boilerplate", 0.90, 0.90),
    ("machine-generated", 0.75, 0.90),
];
/// Floors over all categories.
const TOTAL_RECALL_FLOOR: f64 = 0.93;
const TOTAL_PRECISION_FLOOR: f64 = 0.96;
/// At most this many clean fixtures may carry a false positive.
const MAX_CLEAN_FP_DOCS: usize = 1;

// ------------------------------------------------------------------ corpus

#[derive(Debug, Clone, Deserialize)]
struct GoldSpan {
    category: String,
    start: usize,
    end: usize,
    #[serde(default)]
    note: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
struct Gold {
    defects: Vec<GoldSpan>,
    #[serde(default)]
    tolerated: Vec<GoldSpan>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Clean,
    Defective,
}

struct Fixture {
    kind: Kind,
    /// File name, e.g. `d01-sentencing-breadcrumbs.md`.
    name: String,
    /// Path relative to the crate root, as shown in the output.
    rel: String,
    format: InputFormat,
    text: String,
    gold: Gold,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Article files (`.md`, `.txt`) in a fixture directory, sorted by name.
fn articles(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")))
        .collect();
    v.sort();
    v
}

fn gold_path(article: &Path) -> PathBuf {
    let stem = article
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("utf-8 file name");
    article.with_file_name(format!("{stem}.gold.json"))
}

fn load_corpus() -> Vec<Fixture> {
    let mut out = Vec::new();
    for (kind, sub) in [(Kind::Clean, "clean"), (Kind::Defective, "defective")] {
        for path in articles(&root().join("fixtures").join(sub)) {
            let name = path
                .file_name()
                .and_then(|s| s.to_str())
                .expect("utf-8 name")
                .to_string();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let format = InputFormat::from_extension(ext).expect("md or txt");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let gold = match kind {
                Kind::Clean => Gold::default(),
                Kind::Defective => {
                    let gp = gold_path(&path);
                    let raw = std::fs::read_to_string(&gp)
                        .unwrap_or_else(|e| panic!("{}: {e}", gp.display()));
                    serde_json::from_str(&raw)
                        .unwrap_or_else(|e| panic!("{}: invalid gold JSON: {e}", gp.display()))
                }
            };
            out.push(Fixture {
                kind,
                rel: format!("fixtures/{sub}/{name}"),
                name,
                format,
                text,
                gold,
            });
        }
    }
    out
}

fn corpus() -> &'static [Fixture] {
    static CORPUS: OnceLock<Vec<Fixture>> = OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let pack = copydesk::rule::load::builtin().expect("the built-in pack loads");
        Engine::new(pack)
    })
}

/// Findings per fixture, computed once and shared by the tests.
fn findings() -> &'static [Vec<Finding>] {
    static FINDINGS: OnceLock<Vec<Vec<Finding>>> = OnceLock::new();
    FINDINGS.get_or_init(|| {
        corpus()
            .iter()
            .map(|f| engine().check_text(&f.text, f.format))
            .collect()
    })
}

// ----------------------------------------------------------------- scoring

/// A prediction as the scorer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pred<'a> {
    category: &'a str,
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    TruePositive,
    FalsePositive,
    Tolerated,
}

fn overlaps(p: Pred, g: &GoldSpan) -> bool {
    if p.start == p.end {
        return g.start <= p.start && p.start < g.end;
    }
    p.start.max(g.start) < p.end.min(g.end)
}

fn gap(p: Pred, g: &GoldSpan) -> usize {
    g.start
        .saturating_sub(p.end)
        .max(p.start.saturating_sub(g.end))
}

/// Score one document: which gold defects were detected, and the outcome
/// of every prediction. Mirrors `score_doc` in the dev-set scorer.
fn score_doc(gold: &Gold, preds: &[Pred]) -> (Vec<bool>, Vec<Outcome>) {
    let mut detected = vec![false; gold.defects.len()];
    let mut outcome = Vec::with_capacity(preds.len());
    for &p in preds {
        let same: Vec<usize> = (0..gold.defects.len())
            .filter(|&i| gold.defects[i].category == p.category)
            .collect();
        let mut hit: Vec<usize> = same
            .iter()
            .copied()
            .filter(|&i| overlaps(p, &gold.defects[i]))
            .collect();
        if hit.is_empty() {
            // Nearest within the tolerance; ties go to the earlier defect.
            if let Some(i) = same
                .iter()
                .copied()
                .filter(|&i| gap(p, &gold.defects[i]) <= TOLERANCE)
                .min_by_key(|&i| (gap(p, &gold.defects[i]), i))
            {
                hit.push(i);
            }
        }
        if !hit.is_empty() {
            for i in hit {
                detected[i] = true;
            }
            outcome.push(Outcome::TruePositive);
        } else if gold
            .tolerated
            .iter()
            .any(|t| t.category == p.category && overlaps(p, t))
        {
            outcome.push(Outcome::Tolerated);
        } else {
            outcome.push(Outcome::FalsePositive);
        }
    }
    (detected, outcome)
}

#[derive(Debug, Default, Clone, Copy)]
struct Row {
    gold: usize,
    found: usize,
    tp: usize,
    fp_defective: usize,
    fp_clean: usize,
    tolerated: usize,
}

impl Row {
    fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp_defective + self.fp_clean)
    }
    fn add(&mut self, o: &Row) {
        self.gold += o.gold;
        self.found += o.found;
        self.tp += o.tp;
        self.fp_defective += o.fp_defective;
        self.fp_clean += o.fp_clean;
        self.tolerated += o.tolerated;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

struct Scores {
    rows: Vec<(&'static str, Row)>,
    total: Row,
    clean_fp_docs: usize,
    clean_docs: usize,
    /// One line per missed defect and per false positive.
    details: Vec<String>,
}

fn score_corpus(corpus: &[Fixture], findings: &[Vec<Finding>]) -> Scores {
    let mut rows: Vec<(&'static str, Row)> = Category::ALL
        .iter()
        .map(|c| (c.id(), Row::default()))
        .collect();
    let row = |rows: &mut Vec<(&'static str, Row)>, cat: &str| -> usize {
        rows.iter()
            .position(|(c, _)| *c == cat)
            .unwrap_or_else(|| panic!("unknown category {cat:?}"))
    };
    let mut details = Vec::new();
    let mut clean_fp_docs = 0;
    for (fx, found) in corpus.iter().zip(findings) {
        let preds: Vec<Pred> = found
            .iter()
            .map(|f| Pred {
                category: f.category.id(),
                start: f.span.start,
                end: f.span.end,
            })
            .collect();
        let (detected, outcome) = score_doc(&fx.gold, &preds);
        for (g, hit) in fx.gold.defects.iter().zip(&detected) {
            let r = row(&mut rows, &g.category);
            rows[r].1.gold += 1;
            if *hit {
                rows[r].1.found += 1;
            } else {
                details.push(format!(
                    "MISSED {:<20} {:<42} {:>5}-{:<5} {:?} ({})",
                    g.category,
                    fx.name,
                    g.start,
                    g.end,
                    excerpt(&fx.text, g.start, g.end),
                    g.note
                ));
            }
        }
        let mut fp_here = 0;
        for ((p, o), f) in preds.iter().zip(&outcome).zip(found) {
            let r = row(&mut rows, p.category);
            match o {
                Outcome::TruePositive => rows[r].1.tp += 1,
                Outcome::Tolerated => rows[r].1.tolerated += 1,
                Outcome::FalsePositive => {
                    fp_here += 1;
                    match fx.kind {
                        Kind::Clean => rows[r].1.fp_clean += 1,
                        Kind::Defective => rows[r].1.fp_defective += 1,
                    }
                    details.push(format!(
                        "FALSE+ {:<20} {:<42} {:>5}-{:<5} {:?} ({})",
                        p.category,
                        fx.name,
                        p.start,
                        p.end,
                        excerpt(&fx.text, p.start, p.end),
                        f.rule
                    ));
                }
            }
        }
        if fx.kind == Kind::Clean && fp_here > 0 {
            clean_fp_docs += 1;
        }
    }
    let mut total = Row::default();
    for (_, r) in &rows {
        total.add(r);
    }
    Scores {
        rows,
        total,
        clean_fp_docs,
        clean_docs: corpus.iter().filter(|f| f.kind == Kind::Clean).count(),
        details,
    }
}

fn excerpt(text: &str, start: usize, end: usize) -> String {
    let s: String = text
        .get(start..end.min(text.len()))
        .unwrap_or("<span not on char boundaries>")
        .chars()
        .take(60)
        .collect();
    s.replace('\n', "\\n")
}

fn table(s: &Scores) -> String {
    let mut out = String::new();
    let hdr = format!(
        "{:<22} {:>6} {:>6} {:>7} {:>7} {:>8} {:>7} {:>6} {:>7}",
        "category", "gold", "found", "recall", "TPpred", "FP(def)", "FP(cln)", "tolr", "prec"
    );
    let rule = "-".repeat(hdr.len());
    let line = |name: &str, r: &Row| {
        let fp = r.fp_defective + r.fp_clean;
        format!(
            "{:<22} {:>6} {:>6} {:>7} {:>7} {:>8} {:>7} {:>6} {:>7}",
            name,
            r.gold,
            r.found,
            if r.gold > 0 {
                format!("{:.2}", r.recall())
            } else {
                "-".into()
            },
            r.tp,
            r.fp_defective,
            r.fp_clean,
            r.tolerated,
            if r.tp + fp > 0 {
                format!("{:.2}", r.precision())
            } else {
                "-".into()
            },
        )
    };
    let _ = writeln!(out, "{hdr}\n{rule}");
    for (c, r) in &s.rows {
        let _ = writeln!(out, "{}", line(c, r));
    }
    let _ = writeln!(out, "{rule}\n{}", line("total", &s.total));
    let _ = writeln!(
        out,
        "clean files: {} false positives in {} of {} files",
        s.total.fp_clean, s.clean_fp_docs, s.clean_docs
    );
    if !s.details.is_empty() {
        let _ = writeln!(out, "\ndetails:");
        for d in &s.details {
            let _ = writeln!(out, "  {d}");
        }
    }
    out
}

// ------------------------------------------------------------------- tests

/// Words of an article: whitespace-separated tokens, with a run of
/// Chinese or Japanese characters (written without spaces) counted as one
/// word per two characters.
fn article_words(text: &str) -> usize {
    let unspaced = |c: char| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}');
    text.split_whitespace()
        .map(|t| (t.chars().filter(|&c| unspaced(c)).count() / 2).max(1))
        .sum()
}

#[test]
fn corpus_has_the_promised_shape() {
    let c = corpus();
    let clean = c.iter().filter(|f| f.kind == Kind::Clean).count();
    let defective = c.iter().filter(|f| f.kind == Kind::Defective).count();
    assert!(clean >= 18, "only {clean} clean fixtures");
    assert!(defective >= 22, "only {defective} defective fixtures");
    for cat in Category::ALL {
        let n = c
            .iter()
            .flat_map(|f| &f.gold.defects)
            .filter(|g| g.category == cat.id())
            .count();
        assert!(n >= 4, "only {n} gold defects of category {cat}");
    }
    for fx in c {
        let words = article_words(&fx.text);
        assert!(
            (200..=1200).contains(&words),
            "{}: {words} words is not article length",
            fx.rel
        );
        assert!(
            fx.text.starts_with("# ") || fx.text.contains("\n# "),
            "{}: no `# Title` line",
            fx.rel
        );
    }
}

#[test]
fn gold_files_are_well_formed() {
    let clean_dir = root().join("fixtures/clean");
    for p in articles(&clean_dir) {
        assert!(
            !gold_path(&p).exists(),
            "{}: clean fixture with gold",
            p.display()
        );
    }
    for fx in corpus().iter().filter(|f| f.kind == Kind::Defective) {
        assert!(!fx.gold.defects.is_empty(), "{}: no defects", fx.rel);
        for g in fx.gold.defects.iter().chain(&fx.gold.tolerated) {
            assert!(
                Category::parse(&g.category).is_some(),
                "{}: unknown category {:?}",
                fx.rel,
                g.category
            );
            assert!(
                g.start < g.end && g.end <= fx.text.len(),
                "{}: bad span {}-{} ({} bytes)",
                fx.rel,
                g.start,
                g.end,
                fx.text.len()
            );
            assert!(
                fx.text.is_char_boundary(g.start) && fx.text.is_char_boundary(g.end),
                "{}: span {}-{} splits a character",
                fx.rel,
                g.start,
                g.end
            );
            assert!(
                !fx.text[g.start..g.end].trim().is_empty(),
                "{}: span {}-{} is blank",
                fx.rel,
                g.start,
                g.end
            );
        }
    }
    // Every gold file belongs to an article.
    let dir = root().join("fixtures/defective");
    for e in std::fs::read_dir(&dir).expect("defective dir") {
        let p = e.expect("entry").path();
        let name = p
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if let Some(stem) = name.strip_suffix(".gold.json") {
            assert!(
                dir.join(format!("{stem}.md")).exists() || dir.join(format!("{stem}.txt")).exists(),
                "{name}: gold without an article"
            );
        }
    }
}

/// Strip the `⟦D cat: note⟧ … ⟦/⟧` / `⟦T …⟧` / `⟦NOTE: …⟧` markers of an
/// annotated source; returns the text and (kind, category, start, end).
fn strip_markers(src: &str) -> (String, Vec<(char, String, usize, usize)>) {
    let mut out = String::new();
    let mut spans = Vec::new();
    let mut stack: Vec<(char, String, usize)> = Vec::new();
    let mut rest = src;
    while let Some(open) = rest.find('⟦') {
        out.push_str(&rest[..open]);
        let after = &rest[open + '⟦'.len_utf8()..];
        let close = after.find('⟧').expect("unterminated marker");
        let body = &after[..close];
        rest = &after[close + '⟧'.len_utf8()..];
        if body == "/" {
            let (kind, cat, start) = stack.pop().expect("unbalanced ⟦/⟧");
            spans.push((kind, cat, start, out.len()));
        } else if !body.starts_with("NOTE:") {
            let kind = body.chars().next().expect("marker kind");
            let cat = body[2..].split(':').next().expect("category").to_string();
            stack.push((kind, cat, out.len()));
        }
    }
    out.push_str(rest);
    assert!(stack.is_empty(), "unclosed marker");
    (out, spans)
}

#[test]
fn defective_fixtures_match_their_annotated_sources() {
    let annotated = root().join("fixtures/annotated");
    let sources = articles(&annotated);
    let defective: Vec<&Fixture> = corpus()
        .iter()
        .filter(|f| f.kind == Kind::Defective)
        .collect();
    assert_eq!(
        sources.len(),
        defective.len(),
        "fixtures/annotated and fixtures/defective differ; run python3 fixtures/annotate.py"
    );
    for src in sources {
        let name = src.file_name().and_then(|s| s.to_str()).expect("name");
        let fx = defective
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| {
                panic!("{name}: no generated fixture; run python3 fixtures/annotate.py")
            });
        let raw = std::fs::read_to_string(&src).expect("annotated source");
        let (text, spans) = strip_markers(&raw);
        assert!(
            text == fx.text,
            "{name}: stale fixture text; run python3 fixtures/annotate.py"
        );
        let mut gold: Vec<(char, String, usize, usize)> = fx
            .gold
            .defects
            .iter()
            .map(|g| ('D', g.category.clone(), g.start, g.end))
            .chain(
                fx.gold
                    .tolerated
                    .iter()
                    .map(|g| ('T', g.category.clone(), g.start, g.end)),
            )
            .collect();
        gold.sort();
        let mut want = spans;
        want.sort();
        assert_eq!(
            gold, want,
            "{name}: stale gold; run python3 fixtures/annotate.py"
        );
    }
}

#[test]
fn scorer_matches_the_dev_set_rules() {
    let g = |category: &str, start, end| GoldSpan {
        category: category.into(),
        start,
        end,
        note: String::new(),
    };
    let gold = Gold {
        defects: vec![
            g("boilerplate", 100, 150),
            g("boilerplate", 300, 320),
            g("political-ad", 500, 560),
        ],
        tolerated: vec![g("fabricated-expert", 700, 800)],
    };
    let p = |category, start, end| Pred {
        category,
        start,
        end,
    };
    // Overlap; near miss within 40 bytes; same place but other category;
    // too far; tolerated region; zero-width point inside a defect; a
    // prediction overlapping two defects detects both.
    let preds = [
        p("boilerplate", 140, 160),
        p("political-ad", 561, 600),
        p("political-ad", 100, 150),
        p("boilerplate", 200, 259),
        p("fabricated-expert", 750, 760),
        p("boilerplate", 310, 310),
    ];
    let (detected, outcome) = score_doc(&gold, &preds);
    assert_eq!(detected, vec![true, true, true]);
    use Outcome::*;
    assert_eq!(
        outcome,
        vec![
            TruePositive,
            TruePositive,
            FalsePositive,
            FalsePositive,
            Tolerated,
            TruePositive
        ]
    );
    // The nearest defect wins, only one, and a gap of exactly 40 still counts.
    let (detected, outcome) = score_doc(&gold, &[p("boilerplate", 190, 260)]);
    assert_eq!(detected, vec![true, false, false]);
    assert_eq!(outcome, vec![TruePositive]);
    let (detected, _) = score_doc(&gold, &[p("boilerplate", 240, 260)]);
    assert_eq!(detected, vec![false, true, false]);
    let (detected, outcome) = score_doc(&gold, &[p("boilerplate", 191, 259)]);
    assert_eq!(detected, vec![false, false, false]);
    assert_eq!(outcome, vec![FalsePositive]);
    let both = score_doc(&gold, &[p("boilerplate", 120, 310)]).0;
    assert_eq!(both, vec![true, true, false]);
}

#[test]
fn quality_on_the_fixture_corpus_stays_above_the_floors() {
    let scores = score_corpus(corpus(), findings());
    let report = table(&scores);
    println!("{report}");
    let mut failures = Vec::new();
    for (cat, min_recall, min_precision) in FLOORS {
        let (_, row) = scores
            .rows
            .iter()
            .find(|(c, _)| c == cat)
            .unwrap_or_else(|| panic!("floor for unknown category {cat}"));
        if row.recall() < *min_recall {
            failures.push(format!(
                "{cat}: recall {:.2} < floor {min_recall:.2}",
                row.recall()
            ));
        }
        let preds = row.tp + row.fp_defective + row.fp_clean;
        if preds > 0 && row.precision() < *min_precision {
            failures.push(format!(
                "{cat}: precision {:.2} < floor {min_precision:.2}",
                row.precision()
            ));
        }
    }
    if scores.total.recall() < TOTAL_RECALL_FLOOR {
        failures.push(format!(
            "total recall {:.2} < {TOTAL_RECALL_FLOOR:.2}",
            scores.total.recall()
        ));
    }
    if scores.total.precision() < TOTAL_PRECISION_FLOOR {
        failures.push(format!(
            "total precision {:.2} < {TOTAL_PRECISION_FLOOR:.2}",
            scores.total.precision()
        ));
    }
    if scores.clean_fp_docs > MAX_CLEAN_FP_DOCS {
        failures.push(format!(
            "{} clean fixtures have false positives (at most {MAX_CLEAN_FP_DOCS})",
            scores.clean_fp_docs
        ));
    }
    assert!(failures.is_empty(), "{}\n\n{report}", failures.join("\n"));
}

#[test]
fn findings_have_valid_spans() {
    for (fx, found) in corpus().iter().zip(findings()) {
        for f in found {
            assert!(
                f.span.start <= f.span.end && f.span.end <= fx.text.len(),
                "{}: {} span {}-{} out of range",
                fx.rel,
                f.rule,
                f.span.start,
                f.span.end
            );
            assert!(
                fx.text.is_char_boundary(f.span.start) && fx.text.is_char_boundary(f.span.end),
                "{}: {} span {}-{} splits a character",
                fx.rel,
                f.rule,
                f.span.start,
                f.span.end
            );
        }
    }
}

fn report_for(fx: &Fixture, found: &[Finding]) -> RunReport {
    RunReport {
        files: vec![FileResult {
            path: fx.rel.clone(),
            text: Some(Arc::from(fx.text.as_str())),
            findings: found.to_vec(),
            notices: Vec::new(),
            error: None,
        }],
        ..RunReport::default()
    }
}

/// Snapshot name for a fixture: `clean__c01-appeals-court-zoning.md__human`.
fn snap_name(fx: &Fixture, what: &str) -> String {
    let sub = match fx.kind {
        Kind::Clean => "clean",
        Kind::Defective => "defective",
    };
    format!("{sub}__{}__{what}", fx.name)
}

#[test]
fn human_output_snapshots() {
    let human = Human::new(false);
    for (fx, found) in corpus().iter().zip(findings()) {
        let out = human.render(&report_for(fx, found));
        insta::assert_snapshot!(snap_name(fx, "human"), out);
    }
}

#[test]
fn json_output_snapshots() {
    for (fx, found) in corpus().iter().zip(findings()) {
        let out = json::render(&report_for(fx, found));
        insta::assert_snapshot!(snap_name(fx, "json"), out);
    }
}
