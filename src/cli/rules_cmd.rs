//! `copydesk rules list|explain|test`.

use super::{report_errors, ConfigArgs, PackArgs, RulesCmd, Setup};
use crate::engine::Engine;
use crate::rule::load;
use crate::rule::Category;
use crate::select::RuleRef;

pub fn run(cmd: RulesCmd) -> i32 {
    match cmd {
        RulesCmd::List { pack, config } => list(&pack, &config),
        RulesCmd::Explain { id, pack, config } => explain(&id, &pack, &config),
        RulesCmd::Test { paths } => {
            let pack = if paths.is_empty() {
                load::builtin()
            } else {
                load::read_paths(&paths).and_then(|f| load::load(&f))
            };
            let pack = match pack {
                Ok(p) => p,
                Err(e) => return report_errors(e),
            };
            let engine = Engine::new(pack);
            let sum = crate::ruletest::run(&engine);
            for f in &sum.failures {
                outln!("FAIL {}: {}", f.rule, f.what);
            }
            let failed_rules = {
                let mut v: Vec<&str> = sum.failures.iter().map(|f| f.rule.as_str()).collect();
                v.dedup();
                v.len()
            };
            outln!(
                "{} passed, {} failed",
                sum.rules - failed_rules,
                failed_rules
            );
            outln!("({} rules, {} examples)", sum.rules, sum.cases);
            i32::from(!sum.failures.is_empty())
        }
    }
}

fn list(pack: &PackArgs, config: &ConfigArgs) -> i32 {
    let setup = match Setup::new(config, pack, None, None) {
        Ok(s) => s,
        Err(e) => return report_errors(e),
    };
    let w = setup
        .pack
        .rules
        .iter()
        .map(|r| r.id.len())
        .max()
        .unwrap_or(10);
    for c in Category::ALL {
        for r in setup.pack.rules.iter().filter(|r| r.category == c) {
            let rr = RuleRef {
                id: &r.id,
                category: Some(r.category),
                enabled: r.enabled,
            };
            let first = r.description.lines().next().unwrap_or("");
            let note = if !r.enabled && !setup.policy.globally_selected(rr) {
                " (disabled)"
            } else if !setup.policy.globally_selected(rr) {
                " (not selected by the configuration)"
            } else {
                ""
            };
            outln!(
                "{:w$}  {:20} {:7} {:16} {}{}",
                r.id,
                r.category.id(),
                setup.policy.global_severity(rr, r.severity).id(),
                r.kind.id(),
                first,
                note
            );
        }
    }
    0
}

fn explain(id: &str, pack: &PackArgs, config: &ConfigArgs) -> i32 {
    let setup = match Setup::new(config, pack, None, None) {
        Ok(s) => s,
        Err(e) => return report_errors(e),
    };
    let Some(r) = setup.pack.rules.iter().find(|r| r.id == id) else {
        eprintln!("error: no rule `{id}`; `copydesk rules list` shows them");
        return 2;
    };
    let rr = RuleRef {
        id: &r.id,
        category: Some(r.category),
        enabled: r.enabled,
    };
    outln!(
        "{}  [{}]  severity: {}  kind: {}",
        r.id,
        r.category,
        setup.policy.global_severity(rr, r.severity),
        r.kind.id()
    );
    outln!("defined in {}\n", r.origin);
    outln!("{}\n", r.description);
    if let Some(h) = &r.help {
        outln!("help: {h}\n");
    }
    let scope: Vec<String> = r
        .scope
        .iter()
        .map(|s| format!("{s:?}").to_lowercase())
        .collect();
    outln!("scope: {}", scope.join(", "));
    if let Some(ex) = r.examples.flag.first() {
        outln!(
            "\nflags, for example:\n  {}",
            ex.value.trim().replace('\n', "\n  ")
        );
    }
    if let Some(ex) = r.examples.pass.first() {
        outln!(
            "\ndoes not flag, for example:\n  {}",
            ex.value.trim().replace('\n', "\n  ")
        );
    }
    0
}
