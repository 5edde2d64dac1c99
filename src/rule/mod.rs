//! The YAML rule format: what a rule file may say, strictly.
//!
//! A rule-pack file holds `rules:` (a list of rules) and/or `document:`
//! (document-model settings such as speaker-label patterns). Unknown keys,
//! wrong types, unknown categories or scopes and invalid regexes are errors
//! located at the offending value.

pub mod error;
pub mod load;

use crate::kinds;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

/// The seven stable category ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    PoliticalAd,
    TruncatedInterview,
    FabricatedExpert,
    TranslationArtifact,
    DuplicateTitle,
    Boilerplate,
    MachineGenerated,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::PoliticalAd,
        Category::TruncatedInterview,
        Category::FabricatedExpert,
        Category::TranslationArtifact,
        Category::DuplicateTitle,
        Category::Boilerplate,
        Category::MachineGenerated,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Category::PoliticalAd => "political-ad",
            Category::TruncatedInterview => "truncated-interview",
            Category::FabricatedExpert => "fabricated-expert",
            Category::TranslationArtifact => "translation-artifact",
            Category::DuplicateTitle => "duplicate-title",
            Category::Boilerplate => "boilerplate",
            Category::MachineGenerated => "machine-generated",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == s)
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    #[default]
    Warning,
    Error,
}

impl Severity {
    pub fn id(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Which document elements a rule sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    Headline,
    Heading,
    Paragraph,
    ListItem,
    Quote,
    EmphasisLine,
    Turn,
    Code,
    Html,
}

pub const DEFAULT_SCOPE: &[Scope] = &[
    Scope::Heading,
    Scope::Paragraph,
    Scope::ListItem,
    Scope::Quote,
    Scope::EmphasisLine,
    Scope::Turn,
];

/// Rule kinds; each is a file in `src/kinds/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum KindName {
    Pattern,
    HeadlineEcho,
    Transcript,
    People,
    NameConsistency,
    SentenceJoins,
    Language,
    Repetition,
    Scaffold,
    StrayQuestion,
}

impl KindName {
    pub fn id(self) -> &'static str {
        match self {
            KindName::Pattern => "pattern",
            KindName::HeadlineEcho => "headline-echo",
            KindName::Transcript => "transcript",
            KindName::People => "people",
            KindName::NameConsistency => "name-consistency",
            KindName::SentenceJoins => "sentence-joins",
            KindName::Language => "language",
            KindName::Repetition => "repetition",
            KindName::Scaffold => "scaffold",
            KindName::StrayQuestion => "stray-question",
        }
    }
}

/// Texts a rule must flag (expected spans marked `⟦…⟧`) and must not flag.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default)]
    pub flag: Vec<Spanned<String>>,
    #[serde(default)]
    pub pass: Vec<Spanned<String>>,
}

/// One rule as written in YAML.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub kind: Spanned<KindName>,
    pub category: Spanned<Category>,
    #[serde(default)]
    pub severity: Severity,
    pub message: Spanned<String>,
    pub description: String,
    #[serde(default)]
    pub help: Option<String>,
    /// Short text under the underlined span (defaults to the category).
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub scope: Option<Spanned<Vec<Scope>>>,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Rules whose findings this rule's findings replace where their spans
    /// overlap (two detectors of one defect, this one the more specific).
    #[serde(default)]
    pub supersedes: Vec<Spanned<String>>,
    #[serde(default)]
    pub pattern: Option<Spanned<kinds::pattern::Params>>,
    #[serde(default, rename = "headline-echo")]
    pub headline_echo: Option<Spanned<kinds::headline_echo::Params>>,
    #[serde(default)]
    pub transcript: Option<Spanned<kinds::transcript::Params>>,
    #[serde(default)]
    pub people: Option<Spanned<kinds::people::Params>>,
    #[serde(default, rename = "name-consistency")]
    pub name_consistency: Option<Spanned<kinds::name_consistency::Params>>,
    #[serde(default, rename = "sentence-joins")]
    pub sentence_joins: Option<Spanned<kinds::sentence_joins::Params>>,
    #[serde(default)]
    pub language: Option<Spanned<kinds::language::Params>>,
    #[serde(default)]
    pub repetition: Option<Spanned<kinds::repetition::Params>>,
    #[serde(default)]
    pub scaffold: Option<Spanned<kinds::scaffold::Params>>,
    #[serde(default, rename = "stray-question")]
    pub stray_question: Option<Spanned<kinds::stray_question::Params>>,
    pub examples: Spanned<Examples>,
}

fn yes() -> bool {
    true
}

/// A speaker-label pattern in the `document:` section.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSpec {
    pub regex: Spanned<String>,
    #[serde(default)]
    pub recurring: bool,
}

/// Document-model settings.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DocumentSpec {
    #[serde(default)]
    pub speaker_labels: Vec<LabelSpec>,
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

/// One YAML file of a rule pack.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    #[serde(default)]
    pub document: Option<DocumentSpec>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
}

/// A loaded, compiled rule: its metadata and its check.
pub struct Rule {
    pub id: String,
    pub kind: KindName,
    pub category: Category,
    pub severity: Severity,
    pub message: String,
    pub description: String,
    pub help: Option<String>,
    pub label: Option<String>,
    pub scope: Vec<Scope>,
    pub enabled: bool,
    /// Ids of the rules whose overlapping findings this rule's replace.
    pub supersedes: Vec<String>,
    pub examples: Examples,
    /// The file the rule came from (`rules/x.yaml` for built-in rules).
    pub origin: String,
    pub check: Box<dyn kinds::Check>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .finish()
    }
}

/// Expand `{name}` placeholders in a message template.
pub fn render_message(template: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(j)
                if after[..j]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-') =>
            {
                let key = &after[..j];
                match vars.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[j + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_placeholders() {
        let v = [("match", "Vote now".to_string())];
        assert_eq!(
            render_message("ad: '{match}' {missing} {", &v),
            "ad: 'Vote now' {missing} {"
        );
    }
}
