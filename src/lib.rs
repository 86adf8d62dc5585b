//! postlint: a social media policy linter for health and care professionals.
//!
//! postlint checks a draft post before it is published and explains every
//! problem it finds against UK professional guidance (RCOT, HCPC, NMC, GMC, ASA):
//! what the problem is, why the guidance says so, and how to fix it.
//!
//! The library is the whole linter without a terminal: load a [`RuleSet`]
//! (the embedded default pack, user rule files, or both), lint text with
//! [`RuleSet::lint`], or check a whole [`input::Document`] with
//! [`report::FileReport::check`] and write the result with an
//! [`output::Reporter`]. The `postlint` binary is a thin command line on top.
//!
//! ```
//! let rules = postlint::RuleSet::builtin().expect("the default pack compiles");
//! let findings = rules.lint("Pt NHS no 999 000 0018 still waiting for a wheelchair.");
//! assert_eq!(findings[0].rule.id, "confidentiality/nhs-number");
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod config;
pub mod draft;
mod engine;
pub mod error;
pub mod input;
mod matcher;
pub mod output;
pub mod report;
pub mod rules;
mod severity;
pub mod text;
pub mod waiver;
mod yaml;

pub use engine::Finding;
pub use error::{RuleError, RuleErrors, SelectorError};
pub use matcher::{Measurement, validators};
pub use rules::{Citation, Example, Rule, RuleSet, RuleSetBuilder, Severity};
pub use text::Span;
