//! Running every rule's own examples: texts it must flag (with the expected
//! spans marked `⟦…⟧`) and texts it must not flag.

use crate::document::InputFormat;
use crate::engine::Engine;
use crate::span::Span;

pub const OPEN: char = '⟦';
pub const CLOSE: char = '⟧';

/// Strip `⟦…⟧` markers, returning the text and the marked spans.
pub fn parse_marked(s: &str) -> Result<(String, Vec<Span>), String> {
    let mut text = String::with_capacity(s.len());
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for c in s.chars() {
        match c {
            OPEN if open.is_some() => return Err("nested `⟦`".into()),
            OPEN => open = Some(text.len()),
            CLOSE => match open.take() {
                Some(start) => spans.push(Span::new(start, text.len())),
                None => return Err("`⟧` without `⟦`".into()),
            },
            _ => text.push(c),
        }
    }
    if open.is_some() {
        return Err("`⟦` without `⟧`".into());
    }
    Ok((text, spans))
}

/// Mark spans in a text (for showing what a rule actually found).
pub fn mark(text: &str, spans: &[Span]) -> String {
    let mut out = String::new();
    let mut points: Vec<(usize, bool)> = spans
        .iter()
        .flat_map(|s| [(s.start, true), (s.end, false)])
        .collect();
    points.sort_by_key(|(p, open)| (*p, *open));
    let mut last = 0;
    for (p, open) in points {
        let p = p.min(text.len());
        out.push_str(&text[last..p]);
        out.push(if open { OPEN } else { CLOSE });
        last = p;
    }
    out.push_str(&text[last..]);
    out
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub rule: String,
    pub what: String,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub rules: usize,
    pub cases: usize,
    pub failures: Vec<Failure>,
}

/// Run the examples of every rule in the engine (disabled rules included).
pub fn run(engine: &Engine) -> Summary {
    let mut sum = Summary::default();
    for (i, rule) in engine.rules().iter().enumerate() {
        sum.rules += 1;
        let fail = |what: String| Failure {
            rule: rule.id.clone(),
            what,
        };
        if rule.examples.flag.is_empty() {
            sum.failures
                .push(fail("has no `examples.flag` (texts it must flag)".into()));
        }
        if rule.examples.pass.is_empty() {
            sum.failures.push(fail(
                "has no `examples.pass` (texts it must not flag)".into(),
            ));
        }
        for (n, ex) in rule.examples.flag.iter().enumerate() {
            sum.cases += 1;
            let (text, expected) = match parse_marked(&ex.value) {
                Ok(v) => v,
                Err(e) => {
                    sum.failures
                        .push(fail(format!("flag example {}: {e}", n + 1)));
                    continue;
                }
            };
            if expected.is_empty() {
                sum.failures.push(fail(format!(
                    "flag example {} marks no span with ⟦…⟧",
                    n + 1
                )));
                continue;
            }
            let doc = engine.parse(&text, InputFormat::Markdown);
            let mut found = Vec::new();
            engine.run_rule(i, &doc, &mut found);
            let got: Vec<Span> = found.iter().map(|f| f.span).collect();
            let missing: Vec<&Span> = expected.iter().filter(|e| !got.contains(e)).collect();
            let noisy: Vec<&Span> = got.iter().filter(|g| !expected.contains(g)).collect();
            if !missing.is_empty() || !noisy.is_empty() {
                sum.failures.push(fail(format!(
                    "flag example {}: {} missing, {} unexpected\n    expected: {}\n    found:    {}",
                    n + 1,
                    missing.len(),
                    noisy.len(),
                    mark(&text, &expected).replace('\n', "⏎"),
                    mark(&text, &got).replace('\n', "⏎"),
                )));
            }
        }
        for (n, ex) in rule.examples.pass.iter().enumerate() {
            sum.cases += 1;
            let doc = engine.parse(&ex.value, InputFormat::Markdown);
            let mut found = Vec::new();
            engine.run_rule(i, &doc, &mut found);
            if !found.is_empty() {
                let spans: Vec<Span> = found.iter().map(|f| f.span).collect();
                sum.failures.push(fail(format!(
                    "pass example {} was flagged: {}",
                    n + 1,
                    mark(&ex.value, &spans).replace('\n', "⏎")
                )));
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_round_trip() {
        let (t, s) = parse_marked("a ⟦b c⟧ d ⟦e⟧").unwrap();
        assert_eq!(t, "a b c d e");
        assert_eq!(s, vec![Span::new(2, 5), Span::new(8, 9)]);
        assert_eq!(mark(&t, &s), "a ⟦b c⟧ d ⟦e⟧");
        assert!(parse_marked("⟦a").is_err());
        assert!(parse_marked("a⟧").is_err());
    }
}
