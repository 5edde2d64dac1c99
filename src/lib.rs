//! copydesk: a content-quality and provenance checker for news text.
//!
//! The engine ([`engine::Engine`]) runs a YAML rule pack ([`rule`]) over the
//! one document model ([`document`]) that every input format ([`input`])
//! parses into, and returns [`finding::Finding`]s with byte spans into the
//! original source. Rendering lives in [`output`], and knows nothing of how
//! findings were made.

// Config and rule-loading errors carry their YAML source for miette; they are
// built only on the cold error path, so their size does not matter.
#![allow(clippy::result_large_err)]

pub mod audit;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod document;
pub mod engine;
pub mod finding;
pub mod first_bytes;
pub mod input;
pub mod kinds;
pub mod output;
pub mod rule;
pub mod ruletest;
pub mod select;
pub mod source;
pub mod span;
pub mod suppress;
#[cfg(test)]
mod testdata;
pub mod walk;
