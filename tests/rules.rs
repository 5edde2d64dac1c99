//! Every built-in rule carries must-flag and must-pass examples; run them all.

use copydesk::engine::Engine;
use copydesk::rule::load;

#[test]
fn builtin_pack_loads() {
    let pack = load::builtin().unwrap_or_else(|e| panic!("built-in pack failed to load: {e:?}"));
    assert!(pack.rules.len() >= 20, "only {} rules", pack.rules.len());
    for c in copydesk::rule::Category::ALL {
        assert!(
            pack.rules.iter().any(|r| r.category == c),
            "no built-in rule for category {c}"
        );
    }
}

#[test]
fn every_rule_passes_its_examples() {
    let engine = Engine::new(load::builtin().expect("built-in pack loads"));
    let sum = copydesk::ruletest::run(&engine);
    let report: Vec<String> = sum
        .failures
        .iter()
        .map(|f| format!("{}: {}", f.rule, f.what))
        .collect();
    assert!(
        report.is_empty(),
        "{} rule example failures:\n{}",
        report.len(),
        report.join("\n")
    );
    assert!(sum.cases >= 2 * sum.rules);
}
