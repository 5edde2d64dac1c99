//! copydesk: a content-quality and provenance checker for news text.
//!
//! The engine ([`engine::Engine`]) runs a YAML rule pack ([`rule`]) over the
//! one document model ([`document`]) that every input format ([`input`])
//! parses into, and returns [`finding::Finding`]s with byte spans into the
//! original source. Rendering lives in [`output`], and knows nothing of how
//! findings were made.

pub mod audit;
pub mod cli;
pub mod document;
pub mod engine;
pub mod finding;
pub mod input;
pub mod kinds;
pub mod output;
pub mod rule;
pub mod ruletest;
pub mod source;
pub mod span;
