//! Severity levels. This file is also compiled into `build.rs` (which
//! checks the rule files at build time), so it depends only on serde.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A reminder or good-practice nudge; never fails a check by default.
    Info,
    /// Probably a problem; a person should look.
    Warning,
    /// Very likely breaches a "must" or "never" in the guidance.
    Error,
}

impl Severity {
    /// The lower-case name used in output and rule files.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The severity `steps` levels lower (never below info).
    pub fn lowered(self, steps: u8) -> Severity {
        (0..steps).fold(self, |s, _| match s {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        })
    }

    /// The severity `steps` levels higher (never above error).
    pub fn raised(self, steps: u8) -> Severity {
        (0..steps).fold(self, |s, _| match s {
            Severity::Info => Severity::Warning,
            _ => Severity::Error,
        })
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
