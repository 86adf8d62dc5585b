//! Error types of the library. The command line reports each one once.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// A problem in a rule file.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    /// The file says something invalid, at a known place.
    #[error("{origin}:{line}:{column}: {message}")]
    Invalid {
        /// The rule file (a path, or `builtin:` plus a path for the embedded pack).
        origin: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong, and where possible what to write instead.
        message: String,
    },
    /// The file or folder could not be read.
    #[error("{}: cannot read rules: {source}", path.display())]
    Read {
        /// The path given.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
}

/// Every problem found while loading a set of rule files (all are reported, not just the first).
#[derive(Debug, thiserror::Error)]
pub struct RuleErrors(pub Vec<RuleError>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

/// A `--select`/`--ignore` (or config) entry that names no rule.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("unknown rule or category `{selector}`{}", suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
pub struct SelectorError {
    /// What the user wrote.
    pub selector: String,
    /// The closest existing rule id or category, if one is close.
    pub suggestion: Option<String>,
}
