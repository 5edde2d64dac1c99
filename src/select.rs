//! Rule selectors: how `--select`/`--ignore`, the configuration and inline
//! suppressions name rules.
//!
//! A selector is `ALL`, a category id (`boilerplate`), a full rule id
//! (`boilerplate/breadcrumb`) or a prefix of rule ids made of whole
//! `/`-separated segments (`house-style`, `house-style/`, `copydesk`). When several selectors match one rule, the most specific
//! decides: an exact id beats a longer prefix, which beats a shorter one, a
//! category and finally `ALL`; at equal specificity `ignore` wins.

use crate::rule::{Category, Severity};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    All,
    Category(Category),
    /// A rule id or a prefix of ids.
    Prefix(String),
}

/// What a selector is matched against.
#[derive(Debug, Clone, Copy)]
pub struct RuleRef<'a> {
    pub id: &'a str,
    pub category: Option<Category>,
    /// Enabled by default (`enabled: true` in its YAML).
    pub enabled: bool,
}

impl Selector {
    pub fn parse(s: &str) -> Selector {
        let s = s.trim();
        if s == "ALL" || s == "all" {
            Selector::All
        } else if let Some(c) = Category::parse(s) {
            Selector::Category(c)
        } else {
            Selector::Prefix(s.to_string())
        }
    }

    pub fn matches(&self, r: RuleRef) -> bool {
        match self {
            Selector::All => true,
            Selector::Category(c) => {
                r.category == Some(*c)
                    || r.id
                        .strip_prefix(c.id())
                        .is_some_and(|rest| rest.starts_with('/'))
            }
            // Whole `/`-separated segments only, so a typo is an error
            // rather than a silent prefix.
            Selector::Prefix(p) => {
                !p.is_empty()
                    && r.id.strip_prefix(p.as_str()).is_some_and(|rest| {
                        rest.is_empty() || rest.starts_with('/') || p.ends_with('/')
                    })
            }
        }
    }

    /// Higher is more specific.
    pub fn specificity(&self, id: &str) -> usize {
        match self {
            Selector::All => 0,
            Selector::Category(c) => c.id().len(),
            Selector::Prefix(p) if p == id => usize::MAX,
            Selector::Prefix(p) => p.len(),
        }
    }

    /// Names exactly this rule (which selects it even when disabled by default).
    pub fn is_exact(&self, id: &str) -> bool {
        matches!(self, Selector::Prefix(p) if p == id)
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Selector::All => f.write_str("ALL"),
            Selector::Category(c) => f.write_str(c.id()),
            Selector::Prefix(p) => f.write_str(p),
        }
    }
}

/// The specificity of the most specific selector of `list` that selects
/// `r`; a rule disabled by default is selected only by its exact id.
fn pick(list: &[Selector], r: RuleRef) -> Option<usize> {
    list.iter()
        .filter(|s| s.matches(r) && (r.enabled || s.is_exact(r.id)))
        .map(|s| s.specificity(r.id))
        .max()
}

/// Is a rule selected by these lists? An empty `select` means "the rules
/// enabled by default"; `extend_select` adds to `select`.
pub fn is_selected(
    select: Option<&[Selector]>,
    extend_select: &[Selector],
    ignore: &[Selector],
    r: RuleRef,
) -> bool {
    let chosen = match select {
        None => r.enabled.then_some(0),
        Some(list) => pick(list, r),
    };
    let Some(sel) = chosen.max(pick(extend_select, r)) else {
        return false;
    };
    match ignore
        .iter()
        .filter(|s| s.matches(r))
        .map(|s| s.specificity(r.id))
        .max()
    {
        Some(ig) => ig < sel,
        None => true,
    }
}

/// The severity the most specific matching entry gives, if any.
pub fn severity_for(list: &[(Selector, Severity)], r: RuleRef) -> Option<Severity> {
    list.iter()
        .filter(|(s, _)| s.matches(r))
        .max_by_key(|(s, _)| s.specificity(r.id))
        .map(|(_, sev)| *sev)
}

/// Does a selector match any of these rules?
pub fn matches_any<'a>(s: &Selector, rules: impl IntoIterator<Item = RuleRef<'a>>) -> bool {
    rules.into_iter().any(|r| s.matches(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: &str) -> RuleRef<'_> {
        RuleRef {
            id,
            category: id.split('/').next().and_then(Category::parse),
            enabled: true,
        }
    }
    fn sels(v: &[&str]) -> Vec<Selector> {
        v.iter().map(|s| Selector::parse(s)).collect()
    }

    #[test]
    fn parses_and_matches() {
        assert_eq!(Selector::parse("ALL"), Selector::All);
        assert_eq!(
            Selector::parse("boilerplate"),
            Selector::Category(Category::Boilerplate)
        );
        let p = Selector::parse("house-style");
        assert!(p.matches(r("house-style/exclamation")));
        assert!(Selector::parse("house-style/").matches(r("house-style/exclamation")));
        assert!(!p.matches(r("house-styles/x")));
        // Partial segments are not prefixes: a typo must not select silently.
        assert!(!Selector::parse("boilerplate/co").matches(r("boilerplate/comment-form")));
        assert!(!Selector::parse("boilerplat").matches(r("boilerplate/comment-form")));
        assert!(Selector::parse("copydesk").matches(RuleRef {
            id: "copydesk/unused-suppression",
            category: None,
            enabled: true
        }));
    }

    #[test]
    fn most_specific_wins() {
        let id = r("boilerplate/breadcrumb");
        let other = r("boilerplate/share-bar");
        // ignore a category, but select one rule in it explicitly
        let sel = sels(&["boilerplate/breadcrumb"]);
        let ign = sels(&["boilerplate"]);
        assert!(is_selected(None, &sel, &ign, id));
        assert!(!is_selected(None, &sel, &ign, other));
        // select a category, ignore one rule
        let sel = sels(&["boilerplate"]);
        let ign = sels(&["boilerplate/share-bar"]);
        assert!(is_selected(Some(&sel), &[], &ign, id));
        assert!(!is_selected(Some(&sel), &[], &ign, other));
        assert!(!is_selected(
            Some(&sel),
            &[],
            &[],
            r("political-ad/vote-appeal")
        ));
        // equal specificity: ignore wins
        assert!(!is_selected(Some(&sel), &[], &sel, id));
    }

    #[test]
    fn disabled_rules_need_their_exact_id() {
        let d = RuleRef {
            id: "machine-generated/x",
            category: Some(Category::MachineGenerated),
            enabled: false,
        };
        assert!(!is_selected(None, &[], &[], d));
        assert!(!is_selected(Some(&sels(&["ALL"])), &[], &[], d));
        assert!(is_selected(
            Some(&sels(&["machine-generated/x"])),
            &[],
            &[],
            d
        ));
        assert!(is_selected(None, &sels(&["machine-generated/x"]), &[], d));
    }

    #[test]
    fn severities() {
        let list = vec![
            (Selector::parse("boilerplate"), Severity::Error),
            (Selector::parse("boilerplate/breadcrumb"), Severity::Info),
        ];
        assert_eq!(
            severity_for(&list, r("boilerplate/breadcrumb")),
            Some(Severity::Info)
        );
        assert_eq!(
            severity_for(&list, r("boilerplate/share-bar")),
            Some(Severity::Error)
        );
        assert_eq!(severity_for(&list, r("political-ad/x")), None);
    }
}
