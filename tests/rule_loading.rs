//! Strict loading: every broken rule file is an error located at the exact
//! place in the YAML, and a broken file never silently disables checking.

use copydesk::rule::error::{LocatedError, YamlFile};
use copydesk::rule::load;

const GOOD_TAIL: &str = "    examples: {flag: [\"⟦a⟧\"], pass: [\"b\"]}\n";

fn rule(body: &str) -> String {
    format!("rules:\n  - id: x/r\n    message: \"m\"\n    description: d\n{body}{GOOD_TAIL}")
}

fn errors(name: &str, text: &str) -> Vec<LocatedError> {
    match load::load(&[YamlFile::new(name, text)]) {
        Ok(_) => panic!("{name} loaded without error"),
        Err(e) => e,
    }
}

/// (line, column) of the error label, 1-based.
fn place(text: &str, e: &LocatedError) -> (usize, usize) {
    let off = e.span.expect("error has a location").offset();
    let line = text[..off].matches('\n').count() + 1;
    let col = text[..off].rsplit('\n').next().unwrap().chars().count() + 1;
    (line, col)
}

#[test]
fn invalid_regex_is_labelled_at_the_regex() {
    let text = rule("    kind: pattern\n    category: boilerplate\n    pattern:\n      regex:\n        - 'fine'\n        - 'broken (unclosed'\n");
    let e = errors("bad-regex.yaml", &text);
    assert_eq!(e.len(), 1);
    assert!(e[0].message.contains("invalid regex"), "{}", e[0].message);
    assert!(e[0].label.contains("unclosed group"), "{}", e[0].label);
    assert_eq!(place(&text, &e[0]), (10, 11));
}

#[test]
fn unknown_key_is_labelled_at_the_key() {
    let text = rule("    kind: pattern\n    category: boilerplate\n    colour: red\n    pattern: {regex: ['a']}\n");
    let e = errors("unknown.yaml", &text);
    assert!(
        e[0].message.contains("unknown field `colour`"),
        "{}",
        e[0].message
    );
    assert_eq!(place(&text, &e[0]), (7, 5));
}

#[test]
fn unknown_category_and_wrong_type_are_located() {
    let text = rule("    kind: pattern\n    category: spam\n    pattern: {regex: ['a']}\n");
    let e = errors("cat.yaml", &text);
    assert!(
        e[0].message.contains("unknown variant `spam`"),
        "{}",
        e[0].message
    );
    assert_eq!(place(&text, &e[0]), (6, 15));

    let text = rule("    kind: pattern\n    category: boilerplate\n    pattern:\n      regex: ['a']\n      max_words: many\n");
    let e = errors("type.yaml", &text);
    assert_eq!(place(&text, &e[0]), (9, 18));
}

#[test]
fn unknown_scope_is_located() {
    let text = rule("    kind: pattern\n    category: boilerplate\n    scope: [paragraph, sidebar]\n    pattern: {regex: ['a']}\n");
    let e = errors("scope.yaml", &text);
    assert!(e[0].message.contains("sidebar"), "{}", e[0].message);
    assert_eq!(place(&text, &e[0]).0, 7);
}

#[test]
fn kind_and_parameters_must_agree() {
    let text =
        rule("    kind: transcript\n    category: boilerplate\n    pattern: {regex: ['a']}\n");
    let e = errors("mismatch.yaml", &text);
    assert!(
        e[0].message
            .contains("kind `transcript` but has parameters for kind `pattern`"),
        "{}",
        e[0].message
    );
    let text = rule("    kind: transcript\n    category: boilerplate\n");
    let e = errors("missing.yaml", &text);
    assert!(
        e[0].message.contains("has no `transcript:` parameters"),
        "{}",
        e[0].message
    );
    assert_eq!(place(&text, &e[0]), (5, 11));
}

#[test]
fn duplicate_ids_and_every_error_are_reported() {
    let one = rule("    kind: pattern\n    category: boilerplate\n    pattern: {regex: ['a']}\n");
    let bad = rule("    kind: pattern\n    category: boilerplate\n    pattern: {regex: ['(']}\n");
    let e = match load::load(&[
        YamlFile::new("a.yaml", one.as_str()),
        YamlFile::new("b.yaml", one.as_str()),
        YamlFile::new("c.yaml", bad.as_str()),
    ]) {
        Ok(_) => panic!("loaded"),
        Err(e) => e,
    };
    // The duplicate in b.yaml and the broken regex in c.yaml: both reported.
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e[0].message.contains("duplicate rule id `x/r`"));
}

#[test]
fn malformed_yaml_is_located() {
    let text = "rules:\n  - id: x\n    kind: [pattern\n";
    let e = errors("broken.yaml", text);
    assert!(e[0].span.is_some());
}

#[test]
fn user_rules_replace_builtin_ids() {
    let mut pack = load::builtin().unwrap();
    let n = pack.rules.len();
    let text = "rules:\n  - id: boilerplate/breadcrumb\n    kind: pattern\n    category: boilerplate\n    severity: info\n    message: \"m\"\n    description: d\n    pattern: {regex: ['^Home »']}\n".to_string() + GOOD_TAIL;
    load::extend(&mut pack, &[YamlFile::new("mine.yaml", text)]).unwrap();
    assert_eq!(pack.rules.len(), n);
    let r = pack
        .rules
        .iter()
        .find(|r| r.id == "boilerplate/breadcrumb")
        .unwrap();
    assert_eq!(r.severity, copydesk::rule::Severity::Info);
    assert_eq!(r.origin, "mine.yaml");
}

#[test]
fn supersedes_must_name_another_known_rule() {
    let text = "rules:\n  - id: x/a\n    kind: pattern\n    category: boilerplate\n    message: \"m\"\n    description: d\n    supersedes: [x/missing, x/a]\n    pattern: {regex: ['a']}\n    examples: {flag: [\"⟦a⟧\"], pass: [\"b\"]}\n";
    let e = errors("supersedes.yaml", text);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].message.contains("unknown rule `x/missing`"),
        "{}",
        e[0].message
    );
    assert_eq!(place(text, &e[0]), (7, 18));
    assert!(
        e[1].message.contains("cannot supersede itself"),
        "{}",
        e[1].message
    );
    assert_eq!(place(text, &e[1]), (7, 29));
}

#[test]
fn rules_superseding_each_other_are_refused() {
    let rule = |id: &str, other: &str| {
        format!("  - id: {id}\n    kind: pattern\n    category: boilerplate\n    message: \"m\"\n    description: d\n    supersedes: [{other}]\n    pattern: {{regex: ['a']}}\n    examples: {{flag: [\"⟦a⟧\"], pass: [\"b\"]}}\n")
    };
    let text = format!(
        "rules:\n{}{}{}",
        rule("x/a", "x/b"),
        rule("x/b", "x/c"),
        rule("x/c", "x/a")
    );
    let e = errors("cycle.yaml", &text);
    assert_eq!(e.len(), 3, "{e:?}");
    assert!(
        e.iter()
            .all(|e| e.message.contains("both would hide each other")),
        "{e:?}"
    );
    assert_eq!(place(&text, &e[0]), (7, 18));
}
