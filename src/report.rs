//! Findings placed in their file: positions, matched text, per-file outcomes,
//! and the run summary that decides the exit status.

use crate::input::Document;
use crate::rules::{Rule, RuleSet, Severity};
use crate::text::{LineIndex, Position, Span};

/// A finding located in a file.
#[derive(Debug, Clone)]
pub struct Diagnostic<'r> {
    /// The rule that found it.
    pub rule: &'r Rule,
    /// Severity after modifiers.
    pub severity: Severity,
    /// Byte range in the file.
    pub span: Span,
    /// Where the match starts.
    pub start: Position,
    /// Where the match ends (exclusive).
    pub end: Position,
    /// Notes added by modifiers.
    pub notes: Vec<&'r str>,
}

/// What happened to one input.
#[derive(Debug)]
pub enum Outcome<'r> {
    /// It was linted; here is what was found (possibly nothing).
    Checked(Vec<Diagnostic<'r>>),
    /// It was not a text draft and was skipped (a warning, not a failure).
    Skipped(String),
    /// It could not be read or decoded (fails the run with exit code 2).
    Failed(String),
}

/// One input and its outcome.
#[derive(Debug)]
pub struct FileReport<'r> {
    /// The input's name: its path, or `<stdin>`.
    pub name: String,
    /// The text that was checked (empty unless checked).
    pub text: String,
    /// What happened.
    pub outcome: Outcome<'r>,
}

impl<'r> FileReport<'r> {
    /// Lint `doc` with the active rules of `rules`.
    pub fn check(rules: &'r RuleSet, doc: Document) -> Self {
        let (offset, body) = doc.body();
        let diagnostics = locate(&doc.text, offset, rules.lint(body));
        FileReport {
            name: doc.name,
            text: doc.text,
            outcome: Outcome::Checked(diagnostics),
        }
    }

    /// The diagnostics, if the file was checked.
    pub fn diagnostics(&self) -> &[Diagnostic<'r>] {
        match &self.outcome {
            Outcome::Checked(d) => d,
            _ => &[],
        }
    }

    /// The text a diagnostic matched.
    pub fn matched(&self, d: &Diagnostic<'_>) -> &str {
        self.text.get(d.span.range()).unwrap_or("")
    }
}

/// Place findings (spans into the text after `offset`) in the file's lines.
fn locate<'r>(text: &str, offset: usize, findings: Vec<crate::Finding<'r>>) -> Vec<Diagnostic<'r>> {
    if findings.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    findings
        .into_iter()
        .map(|f| {
            let span = f.span.shifted(offset);
            Diagnostic {
                rule: f.rule,
                severity: f.severity,
                span,
                start: index.position(text, span.start),
                end: index.position(text, span.end),
                notes: f.notes,
            }
        })
        .collect()
}

/// Totals over a run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Inputs seen.
    pub files: usize,
    /// Inputs linted.
    pub checked: usize,
    /// Inputs skipped as binary.
    pub skipped: usize,
    /// Inputs that could not be read or decoded.
    pub failed: usize,
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
    /// Findings at info level.
    pub infos: usize,
}

impl Summary {
    /// Count one file's report.
    pub fn add(&mut self, report: &FileReport<'_>) {
        self.files += 1;
        match &report.outcome {
            Outcome::Checked(diagnostics) => {
                self.checked += 1;
                for d in diagnostics {
                    match d.severity {
                        Severity::Error => self.errors += 1,
                        Severity::Warning => self.warnings += 1,
                        Severity::Info => self.infos += 1,
                    }
                }
            }
            Outcome::Skipped(_) => self.skipped += 1,
            Outcome::Failed(_) => self.failed += 1,
        }
    }

    /// Findings at or above `level`.
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }

    /// All findings.
    pub fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos
    }
}
